"""The cleaner: every chrome rule, width normalisation and page-break repair, as data cases
(tests/cases/cleaning.json: input, expected, note) run through the whole ingest of one file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline import chrome, clean, ingest

CASES = json.loads((Path(__file__).parent / "cases" / "cleaning.json").read_text(encoding="utf-8"))


def _params():
    for case in CASES:
        marks = [pytest.mark.xfail(strict=True, reason=case["note"])] if case.get("xfail") else []
        yield pytest.param(case, id=case["note"][:60], marks=marks)


@pytest.mark.parametrize("case", list(_params()))
def test_cleaning_case(case):
    res = ingest.process_text(case["input"], case.get("source", "case.txt"))
    assert res.error_kind is None, res.error
    exp = case["expected"]
    arts = res.articles
    assert ["\n".join(a.paras) for a in arts] == exp["texts"]
    if "titles" in exp:
        assert [a.title for a in arts] == exp["titles"]
    if "subtitles" in exp:
        assert [a.subtitle for a in arts] == exp["subtitles"]
    if "authors" in exp:
        assert [a.authors for a in arts] == exp["authors"]
    if "publication" in exp:
        assert {a.publication for a in arts} == {exp["publication"]}
    if "date" in exp:
        assert {a.date for a in arts} == {exp["date"]}
    if "removed_rules" in exp:
        rules = sorted(r.split(":")[0] for a in arts for r in a.removed)
        for rule in set(exp["removed_rules"]):
            assert rules.count(rule) >= exp["removed_rules"].count(rule), (rule, rules)


def test_every_artifact_of_the_issue_has_a_case():
    rules = {r for c in CASES for r in c["expected"].get("removed_rules", [])}
    assert {"issue_marker", "contact", "original_title", "share_menu", "image_placeholder", "caption",
            "image_credit", "photo_credit", "related_link", "web_dateline", "source_meta",
            "view_original", "html_comment", "byline_end"} <= rules


def test_width_leaves_chinese_punctuation_alone():
    punct = "，。：；“”（）、！？《》【】"
    assert clean.normalize_width(punct) == punct
    assert clean.normalize_width("ＡＢＣ１２３％＋") == "ABC123%+"


def test_join_reasons_name_the_evidence():
    ok, why = clean.should_join("进一步做好党性坚强的明白人、人民群众的勤务员、善作善成的多面", "手、起而行之的实干家。")
    assert ok and "多面手" in why
    assert clean.should_join("合计估算总投资近400亿元。根据规划，力争到2030年，全市电力装机容量1000万千瓦", "据了解，广元市成立专班。") == (False, "next paragraph opens like a paragraph")


def test_drop_line_reads_metadata():
    d = chrome.drop_line("来源:《国企》杂志|作者:王星|发布时间:2025-01-03 15:25|")
    assert d.rule == "source_meta" and d.meta == {"publication": "《国企》", "source": "《国企》杂志",
                                                   "authors": ["王星"], "date": "2025-01-03"}
    assert chrome.drop_line("今年以来，全市签约项目124个。") is None


def test_names_need_a_surname():
    assert clean.is_name("赵军") and clean.is_name("欧阳修") and not clean.is_name("结语")


def test_explain_lists_every_line_with_a_reason():
    steps = ingest.explain("标题\n\n以服务业支撑制造业，发\n\n展工业设计。\n\n● 第二一九二期 ●").steps
    actions = [(s.field("line"), s.decision) for s in steps]
    assert (1, "title") in actions and (3, "joined") in actions and (7, "removed") in actions
    joined = next(s for s in steps if s.decision == "joined")
    assert joined.rule.startswith("line 3 + line 5: ")


@pytest.mark.parametrize("line, rule", [
    ("新闻 > " * 40 + "。", None),                    # a long line of separators that fails to match at its end
    ("首页 > " + "新闻 > " * 40 + "。", None),
    ("要闻 | " * 40 + "。", None),
    ("新闻 > 要闻 > " * 20 + "娱乐 x。", None),
    ("新闻 > " * 40 + "要闻", "breadcrumb"),         # the same shape that does match
    ("作者：" + " " * 3000 + "张三", "source_meta"),  # a field whose value is a long run of spaces
])
def test_long_lines_of_repeated_items_are_decided(line, rule):
    """Lines of many separated items or long runs of spaces are decided like short ones: the rules'
    repeated items are atomic, so a line that fails to match is not retried in 2^items ways (a
    15-item line used to take 43 s, a 20-item one hours)."""
    d = chrome.drop_line(line)
    assert (d.rule if d else None) == rule
