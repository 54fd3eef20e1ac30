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


def test_chrome_name_keeps_a_short_headline_its_breadcrumb_ends_in():
    """A breadcrumb that ends in the page's own (short, figurative) headline is the commonest chrome there is; on a
    byline page chrome_names takes the headline for a name the page prints again (the subtitle, not in the
    breadcrumb, does not trigger the copy guard) and removes it: the article has no title.
    Expected title 田野上的笑声 (as before round 12); actual None."""
    d = _doc("首页 > 工作动态 > 田野上的笑声\n田野上的笑声\n——记某某县种粮大户李想\n本报记者　何　平\n2024-10-04" + LEAD)
    assert d["title"] == "田野上的笑声"


def test_numeral_unit_does_not_join_a_headline_with_the_first_section_heading():
    """The same numeral_cut on a plan's page: a headline ending in its target year over the body's first section
    heading (一、总体要求) takes the enumerator 一 for the number's unit and the heading into the title.
    Expected: the title holds no 一、总体要求; actual 某某县推进智能制造行动方案2025一、总体要求."""
    d = _doc("某某县人民政府\n首页 > 政务公开\n发布时间：2024-10-04　　来源：某某县工信局\n某某县推进智能制造行动方案2025\n"
             "一、总体要求\n　　以习近平新时代中国特色社会主义思想为指导，全面推进智能制造。\n二、主要任务\n　　加快推进企业数字化转型。")
    assert "总体要求" not in (d["title"] or "")


def test_url_line_keeps_an_address_the_body_text_gives():
    """url_line drops every web address alone on its line as chrome, wherever it stands and whatever the file: a
    notice telling applicants where to apply loses the address from its text (no web page, no header).
    Expected the address in the text (as before round 12); actual removed as site_identity: url_line."""
    t = ("关于开展2024年度职称申报工作的通知\n\n各有关单位：\n　　现将2024年度职称申报工作有关事项通知如下。\n"
         "　　一、申报人员请登录以下网址进行网上申报：\nhttps://rsj.example.gov.cn/zcsb/login\n"
         "　　二、申报截止时间为2024年10月31日。\n\n某某县人力资源和社会保障局\n2024年10月4日")
    d = _doc(t, "doc/notice.txt")
    assert "https://rsj.example.gov.cn/zcsb/login" in d["text"]


def test_official_account_keeps_a_headline_ending_in_an_account_word():
    """_OFFICIAL_ACCOUNT's body is any run of ideographs, so a headline that reports an account (我县正式开通政府官方微信)
    is dropped as an account's description line, on a web page and in a plain text file alike: no title.
    Expected title 我县正式开通政府官方微信 (as before round 12); actual None."""
    lead = ("\n\n　　10月4日，我县正式开通县政府官方微信，群众可通过微信办理多项政务服务。"
            "\n\n　　下一步，全县将继续推进数字政府建设。")
    page = _doc(HEAD + "我县正式开通政府官方微信\n发布时间：2024-10-04　　来源：某某县融媒体中心" + lead)
    plain = _doc("我县正式开通政府官方微信\n2024-10-04" + lead, "news/plain.txt")
    assert (page["title"], plain["title"]) == ("我县正式开通政府官方微信",) * 2


def test_unechoed_keeps_a_figurative_headline_over_the_bodys_first_subheading():
    """A figurative headline above the publish line and the body's first bold subheading below it (抢抓农时保丰收, which
    the paragraph under it says again): unechoed weighs against the headline and the subheading wins the choice;
    the real headline is lost and the subheading leaves the text.
    Expected title 金秋时节绘丰景 (as before round 12); actual 抢抓农时保丰收."""
    d = _doc(HEAD + "金秋时节绘丰景\n" + DATELINE + "\n抢抓农时保丰收\n"
             "　　各乡镇抢抓农时保丰收，农机手们驾驶收割机在田间来回穿梭，秋粮收获进度过半。\n\n"
             "　　下一步，全县将继续加强技术指导，确保颗粒归仓。")
    assert d["title"] == "金秋时节绘丰景"


def test_name_line_issuer_is_not_a_columns_place_name():
    """name_line issuer reads any line chrome_names sets aside as the site's or app's own name: a provincial app's
    regional column (首页 > 市州 > 天水, 天水 above the headline) makes the column's city the issuer, although the
    page names no publisher there and the body never says 天水.
    Expected issuer not 天水市 (None before round 12); actual 天水市."""
    d = _doc("某某新闻\n首页 > 市州 > 天水\n天水\n全县秋粮收获进度过半 农机手田间抢收忙\n某某新闻记者　李　想\n"
             "2024-10-04 20:06:33\n打开某某新闻APP，阅读体验更佳" + LEAD, "app/column.txt")
    assert d["issuer"] != "天水市"
