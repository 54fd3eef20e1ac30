"""Indicators stage: extractor cases as data, number parsing, the stage contract, the gold."""

from __future__ import annotations

import importlib.util
import json
import re
import sys

import pandas as pd
import pytest
from typer.testing import CliRunner

from cli import app
from pipeline import indicators as ind
from pipeline import io, numbers, schemas
from pipeline.config import IndicatorConfig
from pipeline.issuers import DocumentInfo
from tests.conftest import ROOT

CASES = json.loads((ROOT / "tests" / "cases" / "indicators.json").read_text(encoding="utf-8"))
_spec = importlib.util.spec_from_file_location("score_indicators", ROOT / "bench" / "score_indicators.py")
score_mod = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("score_indicators", score_mod)  # dataclasses look their module up
_spec.loader.exec_module(score_mod)


def _params():
    for c in CASES:
        marks = [pytest.mark.xfail(strict=True, reason=c["xfail"])] if c.get("xfail") else []
        yield pytest.param(c, id=c["input"][:24], marks=marks)


def _matches(got: ind.Candidate, want: dict) -> bool:
    for key, expected in want.items():
        value = getattr(got, key)
        if isinstance(expected, (int, float)) and not isinstance(expected, bool) and key != "year":
            if value is None or abs(value - expected) > 1e-9 * max(1.0, abs(expected)):
                return False
        elif value != expected:
            return False
    return True


@pytest.mark.parametrize("case", list(_params()))
def test_extractor_case(case):
    """A case may name the document it comes from (a work report and its year), for the
    status and year rules."""
    doc = DocumentInfo(**case["document"]) if case.get("document") else None
    got = ind.extract(case["input"], document=doc)
    described = [(c.text, c.value, c.value_max, c.unit, c.qualifier, c.metric, c.rule) for c in got]
    assert len(got) == len(case["expected"]), described
    for g, want in zip(got, case["expected"]):
        assert _matches(g, want), (described, want, case["note"])


@pytest.mark.parametrize("span, expected", [
    ("三万", (30000.0, None, None)), ("五十", (50.0, None, None)), ("十二", (12.0, None, None)),
    ("千亿", (1e11, None, None)), ("两三", (2.0, 3.0, None)), ("三四十", (30.0, 40.0, None)),
    ("十几", (10.0, None, "多")), ("三千五百万", (35e6, None, None)),
])
def test_chinese_numbers_handle_cn2an_failures(span, expected):
    assert numbers.chinese(span) == expected


def test_plain_numerals_read_as_cn2an_reads_them():
    """Every numeral of up to four characters that numbers.plain_numeral reads without cn2an (one
    digit, tens, a digit and its scale) has the value cn2an gives it: skipping cn2an changes no row."""
    import itertools

    import cn2an

    alphabet = [*numbers.DIGITS, *numbers.MAGNITUDES]
    read = 0
    for n in range(1, 5):
        for chars in itertools.product(alphabet, repeat=n):
            s = "".join(chars)
            value = numbers.plain_numeral(s)
            if value is not None:
                read += 1
                assert value == float(cn2an.cn2an(s, "normal")), s
                if "两" not in s and "〇" not in s:  # topic_corpus takes these as numbers without cn2an
                    cn2an.cn2an(s, "strict")
    assert read > 200  # the forms above, with every digit


def test_topic_terms_tell_strict_numerals_as_cn2an_does():
    """topic_corpus tells a strict numeral (a number token, no term) without cn2an for the runs of
    digits and scales without 两 or 〇: the same answer as cn2an's strict reading, for every such run
    of up to three characters."""
    import itertools

    import cn2an

    from pipeline import topic_corpus

    def strict(s: str) -> bool:
        try:
            cn2an.cn2an(s, "strict")
        except (ValueError, KeyError, IndexError):
            return False
        return True

    for n in range(1, 4):
        for chars in itertools.product("零一二三四五六七八九十百千万亿兆", repeat=n):
            s = "".join(chars)
            assert topic_corpus._is_cn_number.__wrapped__(s) == strict(s), s
    assert numbers.plain_numeral("三千五") is None and numbers.plain_numeral("十万零一") is None


def test_arabic_numbers():
    assert numbers.arabic("86. 5") == 86.5
    assert numbers.arabic("1,234.5") == 1234.5
    assert numbers.arabic("１２") == 12.0
    assert numbers.magnitude("万亿") == 1e12


def test_explain_shows_every_decision_with_its_rule():
    got = {(s.text, s.decision, s.rule) for s in ind.explain("2022年以来实施一批项目，签约项目124个，亿元以上项目，110千伏").steps}
    assert ("2022", "excluded", "date") in got
    assert ("一", "excluded", "small_chinese") in got
    assert ("124个", "indicator", "number+unit") in got
    assert ("亿", "excluded", "threshold") in got
    assert ("110", "excluded", "class_label") in got


# one case per rule of indicators.NUMBER_RULES: (text, the number, the rule's name, which rule of
# that name: rules of one family share it, as the exclusions of patterns.EXCLUDED_SPANS do)
NUMBER_RULE_CASES = [
    ("2022年以来新增5.2万贫困户", "2022", "excluded_span", 0, "date"),  # the span's own rule is written
    ("百分之点", "百分之点", "not_a_number", 0, None),
    ("降低百分之五十", "百分之五十", "percent_words", 0, None),
    ("推广3D打印", "3", "name", 0, None),
    ("构建5+产业体系", "5", "slogan_structure", 0, None),
    ("建成110千伏变电站", "110", "class_label", 0, None),
    ("完成300的目标", "300", "no_unit", 0, None),
    ("招收18至35岁青年", "35", "threshold", 0, None),
    ("实施三年行动", "三", "cn_duration", 0, None),
    ("3季度开工", "3", "date", 0, None),
    ("建设千亿园区", "千亿", "bare_magnitude", 0, None),
    ("实施一批项目", "一", "small_chinese", 0, None),
    ("出台新十个方面措施", "十", "slogan_structure", 1, None),
    ("签约项目124个", "124个", "number+unit", 0, None),
    ("新增三万个岗位", "三万个", "chinese+unit", 0, None),
    ("帮助5.2万贫困户", "5.2万", "number+noun", 0, None),
    ("工业总产值超千亿", "超千亿", "implied_yuan", 0, None),
]


def _number_rule(name: str, nth: int) -> ind.NumberRule:
    return [r for r in ind.NUMBER_RULES if r.name == name][nth]


@pytest.mark.parametrize("text, number, name, nth, written", NUMBER_RULE_CASES, ids=[c[2] + str(c[3]) for c in NUMBER_RULE_CASES])
def test_explain_names_the_number_rule_that_decided(text, number, name, nth, written):
    """--explain gives each number the name of the rule of NUMBER_RULES that decided it (for a
    span excluded whole, the span's rule) and, for an excluded one, what that rule says."""
    rule = _number_rule(name, nth)
    got = [c for c in ind.extract(text, keep_all=True) if number in (c.surface, c.text)]
    assert len(got) == 1, [(c.surface, c.rule) for c in ind.extract(text, keep_all=True)]
    assert (got[0].rule, got[0].why, got[0].taken) == (written or name, rule.why, rule.takes)
    steps = [s for s in ind.explain(text).steps if s.text == number]
    if name != "not_a_number":  # explain leaves out Chinese numerals that read as no number (一般)
        assert [(s.rule, s.decision) for s in steps] == [(written or name, "indicator" if rule.takes else "excluded")]
        assert rule.takes or steps[0].why == rule.why


def test_every_number_rule_has_an_explain_case():
    covered = {(name, nth) for _, _, name, nth, _ in NUMBER_RULE_CASES}
    names = [r.name for r in ind.NUMBER_RULES]
    assert covered == {(n, names[:i].count(n)) for i, n in enumerate(names)}


def test_cli_explain_prints_the_table():
    result = CliRunner().invoke(app, ["indicators", "--explain", "签约项目124个585亿元，第2位"])
    assert result.exit_code == 0, result.output
    assert "585亿元" in result.output and "indicator" in result.output and "ordinal" in result.output


def _frames(text="开复工率97.1%。吸纳党员8792人，深化“三抓三促”行动。"):
    docs = pd.DataFrame({"doc_id": ["d1"], "source": ["a.txt"], "text": [text]})
    from pipeline import sentences
    return docs, sentences.sentences(docs)


def test_stage_returns_the_declared_table_without_touching_inputs():
    docs, sents = _frames()
    before = (docs.copy(), sents.copy())
    out = ind.indicators(docs, sents, config=IndicatorConfig())
    schemas.to_arrow("indicators", out)
    assert docs.equals(before[0]) and sents.equals(before[1])
    assert out[["text", "value", "unit", "sentence"]].values.tolist() == [["97.1%", 97.1, "%", 0], ["8792人", 8792.0, "人", 1]]
    assert out.equals(ind.indicators(docs, sents, config=IndicatorConfig()))  # deterministic


def test_the_stage_s_arrow_table_holds_the_frame_s_rows(bundled_run):
    """What the stage writes (``indicators_table``, built without a frame) is the table of
    ``indicators``, value for value, on every document of the bundled corpus, empty ones too."""
    docs = pd.read_parquet(bundled_run / "documents.parquet")
    sents = pd.read_parquet(bundled_run / "sentences.parquet")
    slogans = pd.read_parquet(bundled_run / "slogans.parquet")
    for k in range(len(docs)):
        d = docs.iloc[k:k + 1]
        args = (d, sents[sents["doc_id"] == d["doc_id"].iloc[0]])
        table = ind.indicators_table(*args, config=IndicatorConfig(), slogans=slogans)
        assert table.schema.equals(schemas.TABLES["indicators"].schema)
        assert table.equals(schemas.to_arrow("indicators", ind.indicators(*args, config=IndicatorConfig(),
                                                                          slogans=slogans)))
    empty = ind.indicators_table(docs.iloc[:0], sents.iloc[:0], config=IndicatorConfig())
    assert empty.num_rows == 0 and empty.schema.equals(schemas.TABLES["indicators"].schema)


def test_slogan_spans_exclude_their_numerals():
    text = "建成“一园17区”格局，新增企业17家。"
    docs, sents = _frames(text)
    s = text.index("一园17区")
    slogans = pd.DataFrame({"doc_id": ["d1"], "start": [s], "end": [s + 5]})
    plain = ind.indicators(docs, sents, config=IndicatorConfig())
    with_slogans = ind.indicators(docs, sents, config=IndicatorConfig(), slogans=slogans)
    assert list(with_slogans["text"]) == ["17家"]
    assert len(plain) >= len(with_slogans)


def test_empty_input_gives_an_empty_table():
    docs = pd.DataFrame({"doc_id": [], "source": [], "text": []})
    out = ind.indicators(docs, schemas.empty("sentences"), config=IndicatorConfig())
    assert list(out.columns) == schemas.columns("indicators") and out.empty


def test_config_min_chinese_is_honoured():
    assert [c.value for c in ind.extract("新建五个园区", config=IndicatorConfig(min_chinese=5))] == [5.0]
    assert ind.extract("新建五个园区") == []


# ---------------------------------------------------------------- the gold annotation

def test_gold_covers_every_arabic_digit_run(bundled_run):
    docs = io.read_table(bundled_run, "documents")
    located = score_mod.locate(score_mod.load_gold(), docs)
    assert not [g.item for g in located if g.problem == "ambiguous"]
    spans: dict[str, list[tuple[int, int]]] = {}
    for g in located:
        if g.problem is None:
            spans.setdefault(g.doc_id, []).append((g.start, g.end))
    uncovered = []
    for doc, text in zip(docs["doc_id"], docs["text"]):
        for m in re.finditer(r"\d+", text):
            if not any(s <= m.start() and m.end() <= e for s, e in spans.get(doc, [])):
                uncovered.append(text[max(0, m.start() - 10):m.end() + 6])
    assert not uncovered, f"digit runs with no gold annotation: {uncovered}"


def test_bundled_corpus_scores(bundled_run):
    table = io.read_table(bundled_run, "indicators")
    docs = io.read_table(bundled_run, "documents")
    s = score_mod.score(table, docs)
    assert s["gold_indicators"] >= 150
    assert s["precision"] >= 0.97, s["false_positives"]
    assert s["recall"] >= 0.97, s["missed"]
    assert s["metric_lenient"] >= 0.85, s["wrong_metric"]
    assert s["metric_exact"] >= 0.85, s["inexact_metric"]


def test_units_and_places_come_from_the_lexicon_handed_in(tmp_path):
    """A unit added to a project's units.txt is taken, a place added to its gazetteer opens
    no metric; the default is the bundled folder."""
    from pipeline import lexicons
    from tests.test_lexicons import NEW_PLACE, NEW_UNIT, project_lexicons

    lex = lexicons.load(project_lexicons(tmp_path / "lexicons"))
    docs, sents = _frames(f"新开垦耕地300{NEW_UNIT}。{NEW_PLACE}电解铝产能达到100万吨。")
    before = (docs.copy(), sents.copy())
    mine = ind.indicators(docs, sents, config=IndicatorConfig(), lexicon=lex)
    bundled = ind.indicators(docs, sents, config=IndicatorConfig())
    assert docs.equals(before[0]) and sents.equals(before[1])
    assert mine[["value", "unit"]].values.tolist() == [[300.0, NEW_UNIT], [1e6, "吨"]]
    assert mine["metric"].iloc[1] == "电解铝产能"  # the place opening the metric is dropped
    assert bundled[["value", "unit", "metric"]].values.tolist() == [[1e6, "吨", f"{NEW_PLACE}电解铝产能"]]
    assert [s.rule for s in ind.explain(f"300{NEW_UNIT}", lexicon=lex).steps] == ["number+unit"]
    assert [s.rule for s in ind.explain(f"300{NEW_UNIT}").steps] == ["no_unit"]


def test_numbers_left_undecided_give_no_row():
    """extract() leaves undecided the numbers that can give no row (an excluded span, nothing
    after them that makes a unit, a range or a price index); what it returns is exactly what
    deciding every number (keep_all, as --explain does) takes, field by field."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").rglob("*.txt"))]
    texts += [c["input"] for c in CASES] + ["居民消费价格总指数控制在103以内，增长3-5万元，五到十个"]
    for text in texts:
        fast = ind.extract(text)
        full = [c for c in ind.extract(text, keep_all=True) if c.taken]
        assert [vars(c) for c in fast] == [vars(c) for c in full], text[:40]


def test_a_forecast_reads_alike_in_a_long_document():
    # 预计 in an earlier clause makes a figure an estimate unless a goal cue governs it; the
    # cue is looked for in the document with 预计 blanked once, at the same positions
    one = "预计明年，全市生产总值增长6%，力争固定资产投资增长8%。"
    alone = [(c.start, c.value, c.status, c.basis) for c in ind.extract(one)]
    assert {s for _, _, s, _ in alone} == {"estimate", "target"}
    many = ind.extract(one * 300)
    assert [(c.start % len(one), c.value, c.status, c.basis) for c in many] == alone * 300
