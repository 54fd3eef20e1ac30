"""Panel: the headline statistics of work reports, and the rules that pick one figure."""

from __future__ import annotations

import pandas as pd

from pipeline import indicators as ind
from pipeline import panel, schemas, sentences
from pipeline.config import IndicatorConfig

R2019 = ("一、2018年工作回顾\n预计地区生产总值增长6.5%，旅游总收入增长20%。\n二、2019年工作安排\n"
         "主要预期目标是：地区生产总值增长6%左右，单位GDP能耗下降3%。\n力争粮食产量达到120万吨。")
R2020 = ("一、2019年工作回顾\n地区生产总值增长6.3%，2018年地区生产总值增长6.4%。\n二、2020年工作安排\n"
         "主要预期目标是：地区生产总值增长6%左右。\n")
PLAN_2019_FROM_2018 = "二、2019年工作安排\n主要预期目标是：地区生产总值增长6.2%。\n"


def _frames(texts):
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))],
                         "source": [s for s, _, _ in texts], "title": [t for _, t, _ in texts],
                         "date": [None] * len(texts), "text": [x for _, _, x in texts]})
    return docs, ind.indicators(docs, sentences.sentences(docs), config=IndicatorConfig())


def test_panel_rows_rules_and_inputs_untouched():
    docs, rows = _frames([("政府工作报告-其他地市/金昌市/2019.md", "金昌市政府工作报告", R2019),
                          ("政府工作报告-其他地市/金昌市/2020.md", "金昌市政府工作报告", R2020)])
    before = (docs.copy(), rows.copy())
    out = panel.panel(docs, rows)
    schemas.to_arrow("panel", out)
    assert docs.equals(before[0]) and rows.equals(before[1])
    got = {(r.year, r.metric, r.measure, r.status): r.value for r in out.itertuples()}
    assert got[(2018, "地区生产总值", "growth", "estimate")] == 6.5
    assert got[(2018, "地区生产总值", "growth", "actual")] == 6.4  # the later report states 2018 too
    assert got[(2019, "地区生产总值", "growth", "actual")] == 6.3
    assert got[(2019, "地区生产总值", "growth", "target")] == 6.0
    assert got[(2019, "单位地区生产总值能耗", "growth", "target")] == -3.0  # 下降3% is −3
    assert (2019, "粮食产量", "level", "target") not in got  # a plan target, not a main target
    assert not any(m == "旅游总收入" for _, m, _, _ in got)  # a detail metric the report does not target
    assert set(out["issuer"]) == {"金昌市"} and set(out["issuer_code"]) == {"620300"}
    assert out.equals(panel.panel(docs.iloc[::-1], rows.iloc[::-1]))  # order of the inputs does not matter


def test_target_from_the_years_own_report_result_from_the_later_one():
    docs, rows = _frames([("政府工作报告-其他地市/金昌市/2019.md", "金昌市政府工作报告", R2019),
                          ("x/金昌市/2018.md", "金昌市2018年政府工作报告", PLAN_2019_FROM_2018)])
    out = panel.panel(docs, rows)
    target = out[(out["year"] == 2019) & (out["status"] == "target") & (out["metric"] == "地区生产总值")]
    assert target["value"].tolist() == [6.0] and target["doc_id"].tolist() == ["d0"]
    assert len(rows[(rows["status"] == "target") & (rows["metric_canonical"] == "地区生产总值")]) == 2  # both stay


def test_national_names_and_non_reports():
    docs, rows = _frames([("政府工作报告-国务院/2019.md", "政府工作报告", R2019),
                          ("news/a.txt", "新闻", "全市地区生产总值增长6%。")])
    out = panel.panel(docs, rows)
    assert set(out["issuer"]) == {"国务院"}
    assert "国内生产总值" in set(out["metric"]) and "地区生产总值" not in set(out["metric"])
    assert "单位国内生产总值能耗" in set(out["metric"])


def test_empty_inputs_give_the_declared_table():
    out = panel.panel(pd.DataFrame({"doc_id": [], "source": [], "title": [], "date": []}), schemas.empty("indicators"))
    assert list(out.columns) == schemas.columns("panel") and out.empty


SHARED = ("一、2020年工作回顾\n全市生产总值突破2000亿元大关，达到2112.3亿元，增长5.2%。社会消费品零售总额、"
          "服务业增加值均增长6.5%左右。生产总值、人均GDP增速均为7%。\n")


def test_shared_number_gives_a_row_per_metric_and_the_exact_figure_wins():
    docs, rows = _frames([("政府工作报告-其他地市/晋中市/2021.md", "晋中市政府工作报告", SHARED)])
    out = panel.panel(docs, rows)
    got = {(r.metric, r.measure): r.value for r in out.itertuples()}
    assert abs(got[("地区生产总值", "level")] - 2112.3e8) < 1  # not the bound 突破2000亿元 of the same sentence
    assert got[("地区生产总值", "growth")] == 5.2
    assert got[("社会消费品零售总额", "growth")] == 6.5 and got[("第三产业增加值", "growth")] == 6.5
    assert got[("人均地区生产总值", "growth")] == 7.0
    assert len(rows) == 5  # indicators keeps one row per number


SCOPE = ("一、2019年工作回顾\n全市地区生产总值增长6%，固定资产投资增长8%，实际利用外资12亿美元。\n"
         "（一）扩大开放。" + "我们举办了多场招商活动，签约项目不断落地。" * 20 + "全年实际利用外资增长9%，城镇化率达到55%。"
         "人口自然增长率5.2‰。\n二、2020年工作安排\n主要预期目标是：地区生产总值增长6%左右，人口自然增长率控制在6‰以内。\n")


def test_summary_metric_enters_among_headline_figures_or_when_targeted():
    docs, rows = _frames([("政府工作报告-其他地市/金昌市/2020.md", "金昌市政府工作报告", SCOPE)])
    out = panel.panel(docs, rows)
    got = {(r.year, r.metric, r.measure, r.status) for r in out.itertuples()}
    assert (2019, "实际利用外资", "level", "actual") in got  # stated among the headline figures
    assert (2019, "实际利用外资", "growth", "actual") not in got  # a work paragraph far from them, not targeted
    assert (2019, "城镇化率", "share", "actual") not in got
    assert not any(m == "人口自然增长率" for _, m, _, _ in got)  # ‰ rates stay in indicators
    assert len(rows[rows["unit"] == "‰"]) == 2


BULLETS = ("2019年工作回顾\n过去一年，全市上下攻坚克难。\n——经济运行稳中有进。地区生产总值增长6%，固定资产投资增长8%。\n"
           "——结构持续优化。服务业增加值增长7.5%，城镇化率达到56%。\n过去一年，我们主要抓了以下工作：\n"
           "（一）扩内需稳外贸。地区生产总值增长6%，社会消费品零售总额增长9%，进出口总额增长5%，出口增长4%。\n"
           "二、2020年工作安排\n主要预期目标是：地区生产总值增长6%左右。\n")


def test_summary_of_results_is_the_first_paragraph_of_headline_figures_and_its_bullets():
    docs, rows = _frames([("政府工作报告-其他地市/金昌市/2020.md", "金昌市政府工作报告", BULLETS)])
    got = {(r.metric, r.measure) for r in panel.panel(docs, rows).itertuples()}
    assert ("第三产业增加值", "growth") in got and ("城镇化率", "share") in got  # a bullet of the summary
    assert ("出口总额", "growth") not in got  # a work paragraph, though it states headline figures too
    assert ("进出口总额", "growth") in got  # a headline metric enters wherever the review states it
    assert set(rows.loc[rows["metric_canonical"] == "第三产业增加值", "section"]) == {"summary"}


def test_share_raised_to_is_the_level_reached():
    docs, rows = _frames([("政府工作报告-其他地市/金昌市/2020.md", "金昌市政府工作报告",
                           "二、2020年工作安排\n主要预期目标是：地区生产总值增长6%左右；"
                           "研究与发展经费支出占生产总值比重提高至1.8%；来源于本市的财政总收入增长7%。\n")])
    got = {(r.metric, r.measure): r.value for r in panel.panel(docs, rows).itertuples()}
    assert got[("研发经费投入强度", "share")] == 1.8
    assert got[("财政总收入", "growth")] == 7.0  # the metric after 的


def test_both_urban_and_rural_and_a_rate_reached():
    docs, rows = _frames([("政府工作报告-其他地市/金昌市/2021.md", "金昌市政府工作报告",
                           "一、2020年工作回顾\n过去一年，全市经济稳步恢复，地区生产总值增长3%，城乡居民人均可支配收入均增长6%，"
                           "居民消费价格涨幅回落到2.1%。\n")])
    got = {(r.metric, r.measure): r.value for r in panel.panel(docs, rows).itertuples()}
    assert got[("城镇居民人均可支配收入", "growth")] == 6.0 and got[("农村居民人均可支配收入", "growth")] == 6.0
    assert ("居民人均可支配收入", "growth") not in got
    assert got[("居民消费价格", "growth")] == 2.1  # the rate fell to 2.1%, it did not fall by 2.1


def test_a_result_long_before_the_report_is_history():
    docs, rows = _frames([("政府工作报告-其他地市/金昌市/2016.md", "金昌市政府工作报告",
                           "一、“十二五”工作回顾\n——综合实力显著提升。地区生产总值由2010年的894亿元增加到2015年的1700亿元。\n"
                           "一、2015年工作回顾\n过去一年，全市地区生产总值增长8%，固定资产投资增长10%。\n")])
    got = {(r.year, r.measure): r.value for r in panel.panel(docs, rows).itertuples() if r.metric == "地区生产总值"}
    assert (2010, "level") not in got  # the term's start stays in indicators
    assert got[(2015, "level")] == 1.7e11 and got[(2015, "growth")] == 8.0


def test_a_later_years_goal_in_the_targets_paragraph_is_no_annual_target():
    docs, rows = _frames([("政府工作报告-其他地市/金昌市/2016.md", "金昌市政府工作报告",
                           "二、2016年工作安排\n发展目标：今年地区生产总值增长7%左右；到2020年，实现地区生产总值350亿元，年均增长8%。\n")])
    got = {(r.year, r.measure, r.status) for r in panel.panel(docs, rows).itertuples()}
    assert (2016, "growth", "target") in got and not any(y == 2020 for y, _, _ in got)


def test_no_indicator_in_scope_gives_the_empty_table_not_a_crash():
    """A corpus whose indicators all fall outside the panel's scope (no canonical metric: 新闻联播
    days) gives the declared empty table; the run's panel stage used to stop on it."""
    row = {c: None for c in schemas.columns("indicators")}
    row.update(doc_id="d1", sentence=0, start=0, end=3, value=1.0, metric_canonical=None)
    inds = pd.DataFrame([row], columns=schemas.columns("indicators"))
    docs = pd.DataFrame({"doc_id": ["d1"], "source": ["2024年兰州市政府工作报告.txt"], "title": ["2024年兰州市政府工作报告"],
                         "date": ["2024-01-20"], "issuer": ["兰州市"], "issuer_code": ["620100"]})
    out = panel.panel(docs, inds)
    assert out.empty and list(out.columns) == schemas.columns("panel")
