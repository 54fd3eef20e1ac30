"""Review of metadata round 12 (review5): each test is a minimal reproduction of a bug found by running
the code on invented pages; it fails on 0ee97f3 (expected vs actual in its docstring)."""

from __future__ import annotations

import pandas as pd

from pipeline import ingest
from pipeline.io import RawFile

HEAD = "某某县人民政府\n首页 > 政务信息 > 工作动态\n"
DATELINE = "发布时间：2024-10-04　　来源：某某县农业农村局"
LEAD = ("\n\n　　今年全县秋粮收获过半，近日，各乡镇抢抓农时开展秋粮收获，农机手们驾驶收割机在田间来回穿梭，一派繁忙景象。"
        "\n\n　　下一步，全县将继续加强技术指导，确保颗粒归仓。")


def _doc(text: str, source: str = "web/page.txt") -> pd.Series:
    docs, errors = ingest.documents([RawFile(source, None, text.encode("utf-8"))])
    assert errors.empty, errors
    assert len(docs) == 1
    return docs.iloc[0]


def test_numeral_unit_does_not_join_a_year_with_a_subtitle_opening_with_a_numeral():
    """numeral_cut takes any line opening with a numeral word (一批, 两会, 三大…) as the unit of a headline ending in
    digits: 奋进中国制造2025 / 一批重点项目集中签约落地 become one title.
    Expected title 奋进中国制造2025 (as before round 12); actual 奋进中国制造2025一批重点项目集中签约落地."""
    d = _doc(HEAD + "奋进中国制造2025\n一批重点项目集中签约落地\n" + DATELINE
             + "\n\n　　近日，我县举行重点项目集中签约仪式，共签约项目12个，总投资56亿元。\n\n　　下一步，全县将继续优化营商环境。")
    assert d["title"] == "奋进中国制造2025"


def test_official_account_in_a_follow_us_line_is_no_issuer():
    """_OFFICIAL_ACCOUNT's body is any 2-30 ideographs before 官方账号, so a closing prompt (更多资讯请关注商务部官方账号)
    on a county page is read as the page's account and makes the ministry its issuer.
    Expected issuer not 商务部 (None before round 12); actual 商务部."""
    d = _doc("全县秋粮收获过半 农机手田间抢收忙\n2024-10-04" + LEAD + "\n\n更多资讯请关注商务部官方账号")
    assert d["issuer"] != "商务部"
