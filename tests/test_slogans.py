"""Slogans stage: structural discovery cases, lexicon variants, gold scores, definitions, CLI workflow."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from cli import app
from pipeline import lexicons, slogan_definitions, slogan_rules as R, slogans
from pipeline.config import SegmentConfig, SloganConfig
from pipeline.lexicons import Lexicon, SloganEntry
from tests.conftest import ROOT

CASES = json.loads((ROOT / "tests" / "cases" / "slogans.json").read_text(encoding="utf-8"))
runner = CliRunner()


def _case_params():
    for c in CASES:
        marks = [pytest.mark.xfail(strict=True, reason=c["xfail"])] if c.get("xfail") else []
        yield pytest.param(c, marks=marks, id=c["input"][:16])


@pytest.mark.parametrize("case", list(_case_params()))
def test_discovery_case(case):
    """With no lexicon, exactly the expected formulations are taken, with their kind."""
    got = sorted({(h.slogan, h.kind) for h in slogans.explain_hits(case["input"])})
    assert got == sorted(tuple(e) for e in case["expected"]), case["note"]


def _lex(*entries):
    return Lexicon(slogans={e: SloganEntry(e) for e in entries})


@pytest.mark.parametrize("text, surface", [
    ("深入推进“三抓三促”行动", "“三抓三促”行动"),
    ("推动『三抓三促』行动常态化", "『三抓三促』行动"),
    ("推进三抓三促", "三抓三促"),
    ("推进“三 抓 三 促”", "“三 抓 三 促”"),
    ("推进“三抓”“三促”", None),  # two quotations side by side are not one name
])
def test_lexicon_variants(text, surface):
    docs = pd.DataFrame({"doc_id": ["d"], "source": ["a.txt"], "date": [None], "text": [text]})
    found, _, _ = slogans.slogan_tables(docs, None, lexicon=_lex("三抓三促"), config=SloganConfig(discover=False))
    rows = found[found["slogan"] == "三抓三促"]
    if surface is None:
        assert rows.empty
    else:
        assert list(rows["surface"]) == [surface] and list(rows["origin"]) == ["lexicon"]
        assert text[rows["start"].iloc[0]:rows["end"].iloc[0]] == surface


def test_lexicon_entry_never_matches_inside_a_longer_formula():
    docs = pd.DataFrame({"doc_id": ["d"], "source": ["a.txt"], "date": [None],
                         "text": ["建立“1+5+N”机制，1+1+170个项目，落实“1＋5”机制"]})
    found, _, _ = slogans.slogan_tables(docs, None, lexicon=_lex("1+5", "1+1+17"))
    assert list(zip(found["slogan"], found["origin"])) == [("1+5+N", "discovered"), ("1+5", "lexicon")]


def _score_module():
    spec = importlib.util.spec_from_file_location("score_slogans", ROOT / "bench" / "score_slogans.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def evaluation():
    return _score_module().evaluate()


def test_gold_lexicon_recall_is_complete(evaluation):
    assert evaluation["lexicon"]["recall"] == 1.0, evaluation["lexicon"]["missed"]


def test_gold_discovery_without_lexicon(evaluation):
    s = evaluation["discovery_numbered"]
    assert s["recall"] >= 0.85, s["missed"]
    assert s["precision"] >= 0.85, s["false"]
    assert evaluation["discovery_plan"]["recall"] == 1.0


def test_definitions_of_seed_003(evaluation):
    defs = evaluation["definitions"]
    d17 = " ".join(defs.loc[defs["slogan"] == "1+1+17", "definition"])
    assert "领导小组" in d17 and "17个重点产业专班" in d17
    d4 = " ".join(defs.loc[defs["slogan"] == "四新一盘活", "definition"])
    assert "新洽谈、新签约、新开工、新竣工" in d4 and "盘活" in d4
    assert set(defs.loc[defs["slogan"] == "1+5", "how"]) == {"components"}


def test_candidates_scores_separate_formulations_from_quotations(evaluation):
    cands = evaluation["candidates"].set_index("slogan")
    for s in ("1+1+17", "四新一盘活", "一核三带", "1331", "四同"):
        assert cands.loc[s, "score"] >= 0.6, s
    for s in ("平凉样本", "红色堡垒", "小我"):  # one-off descriptive quotations
        assert cands.loc[s, "score"] < 0.6, s


def test_glossary_section_is_read():
    text = "报告正文。\n名词解释\n[1]“三品一标”：指无公害农产品、绿色食品、有机农产品和农产品地理标志。\n2.四好农村路：指建好、管好、护好、运营好农村公路。"
    docs = pd.DataFrame({"doc_id": ["d"], "source": ["a.txt"], "date": [None], "text": [text]})
    _, _, defs = slogans.slogan_tables(docs, None, lexicon=Lexicon())
    got = {(s, h) for s, h in zip(defs["slogan"], defs["how"])}
    assert {("三品一标", "glossary"), ("四好农村路", "glossary")} <= got


def test_same_input_same_tables_and_input_untouched():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "source": ["a.txt", "b.txt"], "date": ["2023-01-02", None],
                         "text": ["推进“三抓三促”行动，落实“1+1+17”。", "深化“三抓三促”，建立“1+5”机制。"]})
    before = docs.copy()
    first = slogans.slogan_tables(docs, None, lexicon=Lexicon())
    second = slogans.slogan_tables(docs, None, lexicon=Lexicon())
    for x, y in zip(first, second):
        pd.testing.assert_frame_equal(x, y)
    pd.testing.assert_frame_equal(docs, before)
    cands = first[1].set_index("slogan")
    assert cands.loc["三抓三促", "first_date"] == "2023-01-02" and cands.loc["三抓三促", "n_docs"] == 2


def test_explain_cli_shows_taken_and_rejected():
    result = runner.invoke(app, ["slogans", "--explain", "落实“18条”，推进“三抓三促”行动"])
    assert result.exit_code == 0, result.output
    rows = [line for line in result.output.splitlines() if "三抓三促" in line]
    assert any("taken" in line for line in rows) and "count of measures" in result.output


def test_explain_returns_the_one_explanation_type_with_the_deciding_rule():
    from pipeline.explanation import Explanation

    e = slogans.explain("落实“18条”，推进“三抓三促”行动")
    assert isinstance(e, Explanation)
    decided = {(s.field("slogan") or s.text, s.decision, s.rule) for s in e.steps}
    assert ("三抓三促", slogans.TAKEN, "numeral_pattern") in decided
    assert ("“18条”", "rejected", "count_of_measures") in decided


def test_explain_takes_what_the_run_keeps_and_names_the_threshold_that_drops_the_rest():
    # 拓展脱贫 (mined, named) and 三强 (series_count) score below their thresholds: the run drops them
    text = "要坚持“四个不摘”，巩固拓展脱贫攻坚成果，深入实施“强工业、强科技、强省会”三强行动。"
    lex = lexicons.bundled()
    steps = {s.field("slogan"): s for s in slogans.explain(text, lex).steps if s.field("slogan")}
    assert (steps["拓展脱贫"].decision, steps["拓展脱贫"].rule) == (slogans.DROPPED, "min_score_named")
    assert steps["拓展脱贫"].why.startswith("below min_score_named (0.10)")
    assert (steps["三强"].decision, steps["三强"].rule) == (slogans.DROPPED, "min_score")
    assert steps["三强"].why.startswith("below min_score (0.42)")
    assert steps["四个不摘"].decision == steps["强省会"].decision == slogans.TAKEN
    # the thresholds are the configuration's
    lowered = SloganConfig(min_score=0.1, min_score_named=0.01)
    assert {s.field("slogan") for s in slogans.explain(text, lex, lowered).steps if s.decision == slogans.TAKEN} \
        >= {"拓展脱贫", "三强"}
    result = runner.invoke(app, ["slogans", "--explain", text])
    assert result.exit_code == 0 and "below min_score (0.42)" in result.output, result.output


@pytest.mark.parametrize("case", CASES, ids=[c["input"][:12] for c in CASES])
def test_explain_takes_exactly_the_rows_the_run_writes_for_the_text(case):
    text, lex = case["input"], lexicons.bundled()
    docs = pd.DataFrame({"doc_id": ["text"], "source": ["text"], "date": [None], "text": [text]})
    rows, _, _ = slogans.slogan_tables(docs, None, lexicon=lex)
    taken = {(s.start, s.end, s.field("slogan")) for s in slogans.explain(text, lex).steps if s.decision == slogans.TAKEN}
    assert taken == set(zip(rows["start"], rows["end"], rows["slogan"]))


# one quotation per rule of slogan_rules.QUOTED_RULES: (inside the marks, the text after them, the rule)
QUOTED_RULE_CASES = [
    (" ", "", "empty"),
    ("1+1+17", "", "plus_formula"),
    ("互联网+", "", "plus_words"),
    ("+旅游", "", "mixed_plus"),
    ("1345", "户", "digits_with_unit"),
    ("4050", "失业人员", "digits_class_label"),
    ("2025", "", "year"),
    ("863", "计划", "digits_programme"),
    ("5155", "战略", "digits_name"),
    ("十四五", "规划", "plan"),
    ("坚持以人民为中心推进经济社会高质量发展", "", "too_long"),
    ("稳中求进；", "", "listy"),
    ("18条", "", "count_of_measures"),
    ("3个园区", "", "ordinary_count"),
    ("8高2轨14快", "", "digit_pattern"),
    ("1", "是指", "number_in_name"),
    ("一心一意", "", "idiom"),
    ("七一", "讲话", "date_name"),
    ("二十大", "", "serial"),
    ("百千万", "", "numeral_code"),
    ("百亿县", "", "magnitude_label"),
    ("三年", "行动", "duration_campaign"),
    ("一日办", "", "time_quantity"),
    ("多规合一", "", "merge_one"),
    ("清四乱", "", "verb_numeral"),
    ("千县工程", "", "magnitude_campaign"),
    ("万人", "", "magnitude_not_count"),
    ("零跑腿", "", "zero_x"),
    ("三万五千", "", "written_number"),
    ("三", "", "numerals_only"),
    ("十佳", "", "ordinary_word_start"),
    ("一个都不能少", "", "sentence_in_quotes"),
    ("三无", "人员", "class_label"),
    ("一方净土", "", "one_side"),
    ("双高", "", "word_with_numeral"),
    ("三抓三促", "行动", "numeral_pattern"),
    ("四强", "行动", "numeral_quoted"),
    ("人", "", "name_length"),
    ("减法", "", "ordinary_word"),
    ("放管服", "改革", "named_kind"),
    ("强省会", "", "quoted"),
]


@pytest.mark.parametrize("content, after, name", QUOTED_RULE_CASES, ids=[c[2] for c in QUOTED_RULE_CASES])
def test_explain_names_the_quotation_rule_that_decided(content, after, name):
    """The first rule of QUOTED_RULES that decides names the verdict; --explain shows that name,
    the decision and, for a rejection, the rule's reason."""
    rule = next(r for r in R.QUOTED_RULES if r.name == name)
    v = R.classify_quoted(content, after)
    assert (v.rule, v.kind, v.reject) == (name, rule.kind, rule.reason)
    # (a weak rejection may also be proposed as a candidate, rule weak_<name>: its own step)
    steps = [s for s in slogans.explain(f"推进“{content}”{after}").steps if s.start == 2 and not s.rule.startswith("weak_")]
    assert (steps[0].rule, steps[0].decision) == (name, slogans.TAKEN if rule.kind else "rejected")
    assert steps[0].why == rule.reason


def test_a_weak_rejection_stays_a_candidate_for_the_score_model():
    """A quotation rejected only as a word of the language or a numeral that counts nothing
    (slogans.WEAK_REJECTIONS) is still proposed, rule weak_<rejecting rule>, for the score model
    to weigh; idioms, counts, lists and dates are not."""
    text = "推行国际贸易“单一窗口”，开展“两基”攻坚，做到“一心一意”，出台“18条”"
    got = {(h.slogan, h.kind, h.rule) for h in slogans.discover(text)}
    assert ("单一窗口", "named", "weak_ordinary_word_start") in got  # 单一: no count
    assert ("两基", "numbered", "weak_word_with_numeral") in got
    assert not {s for s, _, _ in got} & {"一心一意", "18条"}
    docs = pd.DataFrame({"doc_id": ["d"], "source": ["a.txt"], "date": [None], "text": [text]})
    _, cands, _ = slogans.slogan_tables(docs, None, lexicon=Lexicon())
    row = cands.set_index("slogan").loc["单一窗口"]
    assert list(row["rules"]) == ["weak_ordinary_word_start"] and 0 < row["score"] < 1


def test_every_quotation_rule_has_a_case_and_a_name_of_its_own():
    names = [r.name for r in R.QUOTED_RULES]
    assert len(set(names)) == len(names)
    assert sorted(c[2] for c in QUOTED_RULE_CASES) == sorted(names)


def test_candidate_to_lexicon_workflow_through_the_cli(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("标题\n\n全市深入开展“七抓七促”行动，以“七抓七促”推动发展。\n", encoding="utf-8")
    (corpus / "b.txt").write_text("标题二\n\n县里持续推进七抓七促，抓项目促投资。\n", encoding="utf-8")
    lex = tmp_path / "lex"
    shutil.copytree(ROOT / "lexicons", lex)
    cfg = tmp_path / "policytext.toml"
    cfg.write_text(f'lexicons = "{lex.as_posix()}"\n', encoding="utf-8")
    out = tmp_path / "out"

    r = runner.invoke(app, ["run", "--corpus", str(corpus), "--out", str(out), "--config", str(cfg), "--quiet"])
    assert r.exit_code == 0, r.output
    rows = pd.read_parquet(out / "slogans.parquet")
    assert set(rows.loc[rows["slogan"] == "七抓七促", "origin"]) == {"discovered"}

    r = runner.invoke(app, ["slogans", "candidates", "--out", str(out), "--config", str(cfg), "--csv", str(tmp_path / "c.csv")])
    assert r.exit_code == 0, r.output
    assert "七抓七促" in set(pd.read_csv(tmp_path / "c.csv", encoding="utf-8-sig")["slogan"])

    args = ["lexicon", "add", "--from-candidates", "--min-score", "0.6", "--out", str(out), "--config", str(cfg)]
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.output
    lines = [ln for ln in (lex / "slogans.txt").read_text(encoding="utf-8").splitlines() if ln.startswith("七抓七促\t")]
    assert len(lines) == 1 and "a.txt" in lines[0].split("\t")[3]
    r = runner.invoke(app, args)  # a second add skips what is present
    assert r.exit_code == 0 and "0 added" in r.output

    r = runner.invoke(app, ["run", "--corpus", str(corpus), "--out", str(out), "--config", str(cfg), "--quiet"])
    assert r.exit_code == 0, r.output
    rows = pd.read_parquet(out / "slogans.parquet")
    assert set(rows.loc[rows["slogan"] == "七抓七促", "origin"]) == {"lexicon"} and (rows["slogan"] == "七抓七促").sum() == 3
    tokens = pd.read_parquet(out / "tokens.parquet")
    assert set(tokens.loc[tokens["token"] == "七抓七促", "slogan_origin"]) == {"lexicon"}
    assert (ROOT / "lexicons" / "slogans.txt").read_text(encoding="utf-8").count("七抓七促") == 0


def test_short_named_quotations_are_reported_but_not_protected():
    """“强工业”行动 is a campaign, but 强工业 also sits inside 加强工业: below the protection threshold."""
    docs = pd.DataFrame({"doc_id": ["d"], "source": ["a.txt"], "date": [None],
                         "text": ["深入推进“强工业”行动，实施“工业强市”战略，加强工业运行调度。"]})
    found, cands, _ = slogans.slogan_tables(docs, None, lexicon=Lexicon())
    protect = slogans.to_protect(cands, Lexicon(), SegmentConfig().min_candidate_score)
    assert "强工业" not in protect and "工业强市" in protect
    assert list(found["slogan"]) == ["强工业", "工业强市"]


def test_candidates_csv_joins_list_cells_not_numpy_text(tmp_path):
    from pipeline import io, schemas

    cands = pd.DataFrame([{"slogan": "三抓三促", "kind": "numbered", "count": 9, "n_docs": 3, "first_date": None,
                           "first_source": "a.txt", "score": 1.0, "rules": ["numeral_pattern", "recurrence"],
                           "example": "推进“三抓三促”行动", "in_lexicon": False}], columns=schemas.columns("slogan_candidates"))
    io.write_table(tmp_path, "slogan_candidates", cands)
    r = runner.invoke(app, ["slogans", "candidates", "--out", str(tmp_path), "--csv", str(tmp_path / "c.csv")])
    assert r.exit_code == 0, r.output
    got = pd.read_csv(tmp_path / "c.csv", encoding="utf-8-sig")
    assert got.loc[0, "rules"] == "numeral_pattern;recurrence"


def test_candidates_table_never_cuts_the_slogan_on_a_narrow_terminal(tmp_path):
    from pipeline import io, schemas

    slogans_ = ["三抓三促", "1+1+17", "十四五", "坚持以人民为中心的发展思想", "四个全面", "强省会"]
    rows = [{"slogan": s, "kind": "numbered", "count": 100 - i, "n_docs": 12, "first_date": "2023-01-05",
             "first_source": f"000_4fe301b4031d4404_{i}.txt", "score": 1.0 - i / 100,
             "rules": ["numeral_pattern", "recurrence", "quoted"], "example": "纵深推进“" + s + "”行动，" * 8,
             "in_lexicon": i % 2 == 0} for i, s in enumerate(slogans_)]
    io.write_table(tmp_path, "slogan_candidates", pd.DataFrame(rows, columns=schemas.columns("slogan_candidates")))
    for width in ("80", "60"):
        r = runner.invoke(app, ["slogans", "candidates", "--out", str(tmp_path)], env={"COLUMNS": width})
        assert r.exit_code == 0, r.output
        for s in slogans_:
            assert s in r.stdout, (width, s, r.stdout)


# ---------------------------------------------------------------- issue 20: mined formulations, learned scores

def test_mined_formulations_are_matched_unquoted_where_no_rule_finds_them():
    from pipeline.formulations import MinedEntry

    lex = Lexicon(mined={"扫黑除恶": MinedEntry("named", 41, 31, 0.03), "三抓三促": MinedEntry("numbered", 9, 5, 0.9)})
    docs = pd.DataFrame({"doc_id": ["d"], "source": ["a.txt"], "date": [None],
                         "text": ["常态化开展扫黑除恶斗争，推进“三抓三促”行动。"]})
    found, cands, _ = slogans.slogan_tables(docs, None, lexicon=lex, config=SloganConfig(min_score=0.0, min_score_named=0.0))
    rules = dict(zip(found["slogan"], found["rule"]))
    assert rules["扫黑除恶"] == "mined" and rules["三抓三促"] == "numeral_pattern"  # the structure wins where it fires
    assert 0.0 <= cands.set_index("slogan").loc["扫黑除恶", "score"] <= 1.0


def test_score_model_is_data_with_the_features_of_the_code():
    from pipeline import lexicons, slogan_scores

    data = json.loads((ROOT / "lexicons" / "slogan_scores.json").read_text(encoding="utf-8"))
    assert set(data["features"]) <= set(slogan_scores.FEATURES)
    assert data.get("form", "logistic") in slogan_scores.FORMS and slogan_scores.from_data(data).features == tuple(data["features"])
    assert "train_slogan_scores.py" in data["command"] and "dev" in data["data"]
    # a document's own recurrence (repeats, several documents of the run) never makes the model sure
    assert not set(data["features"]) & set(slogan_scores.DOCUMENT_RECURRENCE)
    assert lexicons.load().score_model == data
    assert "slogan_scores.json" in __import__("pipeline.stages.slogans", fromlist=["STAGE"]).STAGE.resources


def test_score_calibration_is_fitted_on_documents_held_out_whole():
    """The calibration's decision values for a document's rows come from a model that never saw
    that document: a feature that only identifies a document cannot make the scores sure."""
    from sklearn.linear_model import LogisticRegression

    from pipeline.slogan_scores import ScoreModel

    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 2))
    y = (X[:, 0] + rng.normal(scale=0.5, size=60) > 0).astype(int)
    groups = np.repeat([0, 1, 2], 20)
    w = rng.integers(1, 4, size=60).astype(float)
    m = ScoreModel(C=0.5, folds=3).fit(X, y, groups=groups, sample_weight=w)
    for g in range(3):
        other = groups != g
        lr = LogisticRegression(C=0.5, max_iter=3000).fit(X[other], y[other], sample_weight=w[other])
        assert np.allclose(m.oof_decision_[groups == g], lr.decision_function(X[groups == g]))


def test_score_calibration_weighs_the_rows_it_is_told_to():
    """``calibration_weight``: the Platt scaling weighs only those rows (the occurrences the slogans table
    shows, say), while the model learns from every row; by default it weighs the sample weights."""
    from sklearn.linear_model import LogisticRegression

    from pipeline.slogan_scores import ScoreModel

    rng = np.random.default_rng(1)
    X = rng.normal(size=(90, 2))
    y = (X[:, 0] + rng.normal(scale=0.7, size=90) > 0).astype(int)
    groups = np.repeat([0, 1, 2], 30)
    w = rng.integers(1, 4, size=90).astype(float)
    cw = np.where(np.arange(90) % 3 == 0, 0.0, w)
    plain = ScoreModel(C=0.5, folds=3).fit(X, y, groups=groups, sample_weight=w)
    m = ScoreModel(C=0.5, folds=3).fit(X, y, groups=groups, sample_weight=w, calibration_weight=cw)
    assert np.allclose(m.coef_, plain.coef_) and np.allclose(m.oof_decision_, plain.oof_decision_)
    keep = cw > 0
    platt = LogisticRegression(C=1e6, max_iter=3000).fit(m.oof_decision_[keep].reshape(-1, 1), y[keep], sample_weight=cw[keep])
    assert np.allclose(m.calibration_, (platt.coef_[0, 0], platt.intercept_[0]))
    assert not np.allclose(m.calibration_, plain.calibration_)


def test_lexicon_mine_writes_the_same_table_whatever_the_workers(tmp_path):
    corpus = tmp_path / "archive"
    texts = {"甲市/2021.md": "推进“三抓三促”行动，落实“18条”，“一体化”发展。", "乙市/2022.md": "深化“三抓三促”，推动一体化、一体化。",
             "丙市/2023.md": "“三抓三促”见效，“500强”企业。", "丁市/2023.md": "一体化，一体化。"}
    for name, text in texts.items():
        (corpus / name).parent.mkdir(parents=True, exist_ok=True)
        (corpus / name).write_text(text, encoding="utf-8")
    outs = []
    for workers in ("1", "2"):
        out = tmp_path / f"mined{workers}.tsv"
        r = runner.invoke(app, ["lexicon", "mine", "--corpus", str(corpus), "--out", str(out), "--workers", workers])
        assert r.exit_code == 0, r.output
        outs.append(out.read_text(encoding="utf-8"))
    assert outs[0] == outs[1]
    rows = [ln.split("\t") for ln in outs[0].splitlines() if ln and not ln.startswith("#")]
    assert rows[0][:4] == ["formulation", "kind", "n_docs", "n_regions"]
    assert [r[0] for r in rows[1:]] == ["三抓三促"]  # 18条, 500强: exclusions; 一体化: a dictionary word
    assert "# command: policytext lexicon mine" in outs[0]


def test_miner_takes_unquoted_names_before_a_campaign_head_at_their_left_edge():
    from pipeline import formulations

    texts = [("甲市/2021.md", "扎实开展党史学习教育，全市党史学习教育走深走实。"),
             ("乙市/2022.md", "深入开展党史学习教育。巩固群众路线教育实践活动成果。"),
             ("丙市/2022.md", "党史学习教育取得实效，开展群众路线教育实践活动。"),
             ("丁市/2023.md", "认真开展群众路线教育实践活动和党史学习教育。")]
    t = formulations.mine(texts, min_regions=3, heads=("学习教育", "教育实践活动"))
    rows = dict(zip(t["formulation"], t["evidence"]))
    # 史学习教育 / 路线教育实践活动 always follow the same word: no left edge; 全市党史学习教育
    # is the name after a modifier; without the heads nothing unquoted is mined
    assert rows == {"党史学习教育": "head", "群众路线教育实践活动": "head"}
    assert formulations.mine(texts, min_regions=3).empty
    # a headed name of national documents (two of them) is established whatever its regions (the
    # contract counts national formulations); one national document or one region is not enough
    national = texts + [("政府工作报告-国务院/2023.md", "落实全球安全倡议。"), ("政府工作报告-国务院/2024.md", "践行全球安全倡议，落实和平倡议。"),
                        ("戊市/2023.md", "推进全球文明倡议。")]
    rows = dict(zip(*formulations.mine(national, min_regions=3, heads=("倡议",))[["formulation", "evidence"]].T.values))
    assert rows == {"全球安全倡议": "head"}


def test_miner_gives_the_same_table_on_a_pool_whatever_order_its_results_arrive_in():
    from pipeline import formulations
    from pipeline.executor import LocalExecutor

    class LastFirst:  # a pool whose results arrive in reverse order
        def map(self, fn, tasks):
            return reversed([fn(t) for t in tasks])

    texts = [(f"{city}市/{2020 + i % 4}.md", f"推进“放管服”改革，落实“{n}个一批”，开展党史学习教育。" * (1 + i % 3))
             for i, (city, n) in enumerate(zip("甲乙丙丁戊己庚辛壬癸" * 9, "三四五六" * 23))]
    alone = formulations.mine(texts, min_regions=3, heads=("学习教育",))
    assert {"放管服", "党史学习教育"} <= set(alone["formulation"])
    pd.testing.assert_frame_equal(formulations.mine(texts, min_regions=3, heads=("学习教育",), pool=LastFirst()), alone)
    with LocalExecutor(2) as pool:
        pd.testing.assert_frame_equal(formulations.mine(texts, min_regions=3, heads=("学习教育",), pool=pool), alone)


def test_miner_keeps_a_dictionary_word_only_when_most_documents_writing_it_quote_it():
    from pipeline import formulations

    texts = [("甲市/2021.md", "落实“菜篮子”市长负责制，保障“菜篮子”供应。"), ("乙市/2022.md", "抓好“菜篮子”工程。"),
             ("丙市/2022.md", "“菜篮子”产品供应充足；推进“城市”更新。"), ("丁市/2023.md", "建设城市，城市更新。"),
             ("戊市/2023.md", "城市管理。")]
    t = formulations.mine(texts, min_regions=3, with_excluded=True)
    why = dict(zip(t["formulation"], t["excluded"]))
    assert why["菜篮子"] == "" and dict(zip(t["formulation"], t["evidence"]))["菜篮子"] == "quoted word"
    assert why.get("城市", "idiom or dictionary word") == "idiom or dictionary word"  # quoted by 1 of 3 documents


def test_miner_counts_the_national_documents_writing_a_formulation_quoted_or_not():
    from pipeline import formulations

    texts = [("政府工作报告-国务院/2019.md", "开展扫黑除恶专项斗争，推进“放管服”改革。"),
             ("政府工作报告-国务院/2020.md", "扫黑除恶取得成效。"),
             ("甲市/2021.md", "“扫黑除恶”专项斗争"), ("乙市/2022.md", "“扫黑除恶”，“放管服”"), ("丙市/2022.md", "“扫黑除恶”；“放管服”")]
    t = formulations.mine(texts, min_regions=3).set_index("formulation")
    assert t.loc["扫黑除恶", "n_national"] == 2 and t.loc["放管服", "n_national"] == 1
    assert t.loc["扫黑除恶", "n_regions"] == 3  # the State Council's reports quote it nowhere: no region of its own
    lines = formulations.mine_tsv(t.reset_index(), source="s", command="c", date="d").splitlines()
    assert formulations.read_mined(lines)["扫黑除恶"].n_national == 2


def test_miner_keeps_a_fixed_phrase_with_a_numeral_only_when_national_documents_write_it():
    """一国两制 is a fixed phrase (jieba l) the idiom rule rejects; written quoted in three national
    reports and quoted in the regions, it is a national formulation (evidence national set phrase). The
    same phrase without national use, or mostly unquoted, stays an idiom; an idiom proper (i) never
    becomes one."""
    from pipeline import formulations

    def docs(national: int, phrase: str, quoted_regions: int = 3, plain: int = 0):
        return ([(f"政府工作报告-国务院/{2000 + y}.md", f"坚持“{phrase}”方针。") for y in range(national)]
                + [(f"{r}市/2021.md", f"坚持“{phrase}”。") for r in "甲乙丙丁戊"[:quoted_regions]]
                + [(f"己{i}市/2022.md", f"坚持{phrase}。") for i in range(plain)])

    def evidence(texts, phrase):
        t = formulations.mine(texts, min_regions=3, with_excluded=True)
        row = t[t["formulation"] == phrase]
        return (row["evidence"].iloc[0], row["excluded"].iloc[0]) if len(row) else None

    assert R.is_idiom("一国两制") and R.fixed_phrase("一国两制")
    assert evidence(docs(3, "一国两制"), "一国两制") == (R.NATIONAL_SET_PHRASE, "")
    assert evidence(docs(2, "一国两制"), "一国两制") == ("set phrase", "idiom or dictionary word")
    assert evidence(docs(3, "一国两制", plain=60), "一国两制")[1] == "idiom or dictionary word"  # quoted by 6 of 66
    assert evidence(docs(3, "千方百计"), "千方百计") is None  # an idiom (i): the quotations are no formulation
    lines = formulations.mine_tsv(formulations.mine(docs(3, "一国两制"), min_regions=3), source="s", command="c",
                                  date="d").splitlines()
    entry = formulations.read_mined(lines)["一国两制"]
    from pipeline import slogan_scores as S

    stats = {"count": 1, "n_docs": 1, "rules": {"mined"}, "quoted": 1}
    phrase = S.FEATURES.index("set_phrase")
    assert S.features("一国两制", "numbered", stats, entry, False)[phrase] == 0.0  # the idiom rule's exception
    assert S.features("一国两制", "numbered", stats, None, False)[phrase] == 1.0


def test_bundled_mined_names_find_unquoted_national_campaigns():
    from pipeline import lexicons

    lex = lexicons.load()
    assert lex.mined["群众路线教育实践活动"].evidence == "head" and lex.mined["米袋子"].evidence == "quoted word"
    docs = pd.DataFrame({"doc_id": ["d"], "source": ["a.txt"], "date": [None],
                         "text": ["深入开展党的群众路线教育实践活动，巩固拓展党史学习教育成果。"]})
    found, _, _ = slogans.slogan_tables(docs, None, lexicon=lex)
    assert {"群众路线教育实践活动", "党史学习教育"} <= set(found["slogan"])
    assert set(found.loc[found["slogan"].isin(["群众路线教育实践活动", "党史学习教育"]), "rule"]) == {"mined"}


def test_miner_counts_the_regions_writing_a_formulation_and_how_often_it_is_a_whole_word():
    """n_written_regions: the regions writing it, quoted or not; whole_share: the share of its
    occurrences in the archive that cut no dictionary word at their edges (强省会 inside 增强省会)."""
    from pipeline import formulations

    texts = [("甲市/2021.md", "实施“强省会”行动。"), ("乙市/2022.md", "“强省会”行动，增强省会功能。"),
             ("丙市/2022.md", "推进“强省会”。"), ("丁市/2023.md", "增强省会城市功能。"), ("戊市/2023.md", "“放管服”")]
    t = formulations.mine(texts, min_regions=3).set_index("formulation")
    assert t.loc["强省会", "n_regions"] == 3 and t.loc["强省会", "n_written_regions"] == 4
    assert t.loc["强省会", "whole_share"] == 0.6  # 3 of its 5 occurrences are whole words
    lines = formulations.mine_tsv(t.reset_index(), source="s", command="c", date="d").splitlines()
    entry = formulations.read_mined(lines)["强省会"]
    assert (entry.n_written_regions, entry.whole_share) == (4, 0.6)


def test_a_mined_file_from_before_the_usage_columns_reads_its_quoted_regions_as_written_ones():
    """A formulations_mined.tsv mined before n_written_regions and whole_share existed (a user's
    own archive) still loads: the regions quoting a formulation are regions writing it (a lower
    bound), and every occurrence counts as whole; lines may end in CRLF."""
    from pipeline import formulations

    lines = ["# an older mined file", "formulation\tkind\tn_docs\tn_regions\tfirst_year\tlast_year\tquoted_share\texample\r\n",
             "强省会\tnumbered\t5\t3\t2021\t2023\t0.8\t实施“强省会”行动\r\n"]
    entry = formulations.read_mined(lines)["强省会"]
    assert (entry.n_regions, entry.n_written_regions, entry.whole_share, entry.quoted_share) == (3, 3, 1.0, 0.8)


def test_a_series_entry_matches_where_the_text_leaves_out_its_enumeration_comma():
    """大众创业、万众创新 in the lexicon is found in 大众创业万众创新 too, as the same formulation; a key
    without a comma is not found across a comma the text writes between two words."""
    m = slogans.Matcher({"大众创业、万众创新": ("named", "lexicon"), "三农": ("numbered", "lexicon")})
    hits = m.find("推动大众创业万众创新，支持大众创业、万众创新。一是、二是、三、农业", "lexicon")
    assert [(h.slogan, h.start, h.rule) for h in hits] == [("大众创业、万众创新", 2, "lexicon_without_commas"),
                                                          ("大众创业、万众创新", 13, "lexicon")]


def test_matcher_finds_every_overlapping_occurrence_by_end_then_longest():
    """Matcher.occurrences: every occurrence of every key, overlapping and nested, as a
    plain scan of every span finds them, ordered by end and, at one end, longest first
    (the order the hits of a document come in)."""
    keys = ["三抓三促", "抓三促", "三促", "1+1", "1+1+17", "五个一批", "一批", "十四五"]
    m = slogans.Matcher({k: ("numbered", "lexicon") for k in keys})
    norm = "深入推进三抓三促行动，落实1+1+17体系和五个一批，十四五规划，三抓三促三促"
    expected = sorted(((e - 1, norm[s:e]) for s in range(len(norm)) for e in range(s + 1, len(norm) + 1)
                       if norm[s:e] in set(keys)), key=lambda x: (x[0], -len(x[1])))
    assert m.occurrences(norm) == expected
    assert len(expected) >= 10  # nested (三促 in 抓三促 in 三抓三促) and overlapping (1+1 in 1+1+17)


def test_numbers_are_not_taken_for_mined_or_quoted_names():
    """A numeral inside a year (三五 of 二〇三五), a bare numeral written unquoted (十五 fifteen, a
    mined plan name only when quoted) and a quoted telephone number whose line is named a few
    words on are no formulations; quoted “十五” is the Tenth Five-Year Plan."""
    from pipeline import lexicons

    lex = lexicons.load()
    got = [(h.slogan, h.kind) for h in slogans.explain_hits("第十四个五年规划和二〇三五年远景目标，今后十五年", lex)]
    assert not [s for s, _ in got if s in ("三五", "十五")]
    assert ("十五", "plan") in [(h.slogan, h.kind) for h in slogans.explain_hits("“十五”时期", lex)]
    assert R.classify_quoted("12345", "政务服务便民热线").rule == "digits_with_unit"
    assert R.classify_quoted("5155", "战略").rule == "digits_name"


def test_numeral_pattern_prefilter_skips_no_pattern():
    """discover() hands the numeral-pattern parser only the numerals NUMERAL_PATTERN_START
    finds (a numeral run's start with another numeral in reach): at every other run start of
    any text the parser finds nothing, so the prefilter loses no formulation."""
    rng = np.random.default_rng(7)
    alphabet = list(R.NUM_CHARS) + list("抓促批链图清单盘活打通个是年第每和唯统之") + ["，", "“", "1", " "]
    texts = ["".join(rng.choice(alphabet, size=40)) for _ in range(3000)]
    texts += ["实施四抓一打通工程", "五个一批", "三抓三促", "一链一图三清单", "二级和三级", "统一思想一心一意"]
    starts = re.compile(rf"[{R.NUM_CHARS}](?<![{R.NUM_CHARS}][{R.NUM_CHARS}])")  # every run start
    found = 0
    for text in texts:
        kept = {m.start() for m in R.NUMERAL_PATTERN_START.finditer(text)}
        for m in starts.finditer(text):
            got = R.parse_numeral_pattern(text, m.start())
            found += got is not None
            assert got is None or m.start() in kept, (text, m.start(), got)
    assert found > 100  # the texts hold patterns for the prefilter to keep


def test_candidates_sentence_from_offsets_alone():
    """A run hands finish() the sentences' offsets without their text (it repeats the whole
    document): each candidate's first sentence is the same as with the text column."""
    from pipeline import sentences as sentences_mod

    docs = pd.DataFrame({"doc_id": ["a", "b"], "source": ["a.txt", "b.txt"], "date": [None, None],
                         "text": ["前言。\n推进“三抓三促”行动，落实“1+1+17”！  然后", "其次；深化“三抓三促”，建立“1+5”机制。"]})
    sents = sentences_mod.sentences(docs)
    with_text = slogans.slogan_tables(docs, sents, lexicon=Lexicon())[1]
    offsets = slogans.slogan_tables(docs, sents[["doc_id", "start", "end"]], lexicon=Lexicon())[1]
    pd.testing.assert_frame_equal(with_text, offsets)
    assert "推进“三抓三促”行动，落实“1+1+17”！" in set(offsets["example"])


def test_definitions_series_prefilter_loses_no_enumeration(monkeypatch):
    """definitions_at looks for the series a formulation counts only where its component's
    character occurs twice near it: with the reach made unbounded (every window scanned, as
    before the bound) the definitions of random texts are the same."""
    rng = np.random.default_rng(11)
    heads, tails = list("新强建补"), list("谈约工竣链品业城")
    filler = list("推进实施加快企业项目发展，。、和")
    cases = []
    for _ in range(400):
        head = rng.choice(heads)
        n = int(rng.integers(2, 6))
        items = [head + "".join(rng.choice(tails, size=int(rng.integers(1, 4)))) for _ in range(n)]
        sep = "、" if rng.random() < 0.8 else "和"
        series = sep.join(f"“{x}”" if rng.random() < 0.2 else x for x in items)
        gap = "".join(rng.choice(filler, size=int(rng.integers(0, 70))))
        name = f"“{R.NUM_CHARS[n - 1]}{head}一盘活”"
        text = series + gap + name if rng.random() < 0.5 else name + gap + series
        start = text.index(name)
        cases.append((text, slogans.Hit(start, start + len(name), name.strip("“”"), "numbered", "discovered", "x")))
    bounded = [slogan_definitions.definitions_at(t, h) for t, h in cases]
    monkeypatch.setattr(slogan_definitions, "_ITEM_REACH", 10_000)
    unbounded = [slogan_definitions.definitions_at(t, h) for t, h in cases]
    assert bounded == unbounded
    assert sum(any(how == "enumeration" for _, how in d) for d in bounded) > 50  # series were found


def test_a_count_of_the_items_listed_right_before_it_is_marked_for_the_score_model():
    """An ad-hoc count of a sentence (A、B、C和D四大战略; …等十大工程) is excluded by the contract;
    the name of a standing set (实施“六大行动”) has no list before it. The score model sees the
    share of a candidate's occurrences of the first kind (feature listed_before; a quoted one is
    rejected outright, rule sums_up_list)."""
    from pipeline import slogan_scores as S

    text = "实施科教兴鲁、经济国际化、城市化和可持续发展四大战略，大力实施“六大行动”，围绕石化、机械、轻工等十大工程。"
    for slogan, listed in (("四大战略", True), ("十大工程", True), ("六大行动", False)):
        start = text.index(slogan)
        assert S.occurrence(text, start, start + len(slogan))[3] is listed, slogan
    # through the stage's corpus counts to the candidate's feature vector
    docs = pd.DataFrame({"doc_id": ["d"], "source": ["a.txt"], "date": [None], "text": [text]})
    cfg = SloganConfig(min_score=0.0, min_score_named=0.0)
    scans = slogans.scan(docs, lexicon=Lexicon(), config=cfg)
    part = slogans.finish(docs, None, scans, slogans.known_formulations([scans["d"]], cfg), config=cfg)
    acc = slogans.Candidates()
    acc.add(0, part)
    kinds, vecs = acc.features(Lexicon(), set())
    listed = dict(zip(kinds, (v[S.FEATURES.index("listed_before")] for v in vecs)))
    assert listed["十大工程"] == 1.0 and listed["六大行动"] == 0.0  # 四大战略: rejected by the stage (sums_up_list)


def test_digit_codes_are_a_feature_and_strategy_digits_are_not():
    from pipeline import slogan_scores as S

    stats = {"count": 1, "n_docs": 1, "rules": {"digits_name"}, "quoted": 1}
    code = S.FEATURES.index("digit_code")
    assert [S.features(s, "numbered", stats, None, False)[code] for s in ("2008", "12345", "5155", "433", "1376")] \
        == [1.0, 1.0, 0.0, 0.0, 0.0]


def test_network_descriptions_and_common_set_phrases_are_features_and_formulations_are_not():
    """A road grid or a landscape counted by direction and shape (三环十射, 六横八纵, 一湖九河) is a
    description, 一核三带 (a core and belts) a formulation; a common idiom or fixed phrase of jieba's
    dictionary (稳中求进, 重中之重) is a saying, a rare fixed phrase (五位一体) a formulation."""
    from pipeline import slogan_scores as S

    stats = {"count": 1, "n_docs": 1, "rules": {"numeral_pattern"}, "quoted": 1}
    grid, phrase = S.FEATURES.index("grid_shape"), S.FEATURES.index("set_phrase")
    assert [S.features(s, "numbered", stats, None, False)[grid] for s in ("三环十射", "六横八纵", "一湖九河", "一核三带", "三抓三促")] \
        == [1.0, 1.0, 1.0, 0.0, 0.0]
    assert [S.features(s, "named", stats, None, False)[phrase] for s in ("稳中求进", "重中之重", "五位一体", "放管服")] \
        == [1.0, 1.0, 0.0, 0.0]
    # learned from the dev golds as evidence against (either form of the bundled model)
    assert _lowers_the_score("grid_shape") and _lowers_the_score("set_phrase")


def _lowers_the_score(feature: str) -> bool:
    """The bundled model scores a quoted numbered candidate (三抓三促) lower with ``feature`` at 1 than at 0."""
    from pipeline import slogan_scores as S

    model = S.model_of(None)
    v = dict(zip(S.FEATURES, S.features("三抓三促", "numbered", {"count": 1, "n_docs": 1, "rules": {"numeral_pattern"},
                                                              "quoted": 1}, None, False)))
    p0, p1 = model.predict_proba([[{**v, feature: x}[n] for n in model.features] for x in (0.0, 1.0)])
    return bool(p1 < p0)


def test_a_name_followed_by_an_award_a_meeting_or_a_market_listing_names_that_thing():
    """The contract excludes award, event and market names: an occurrence right before an award or
    title (“五个一”工程奖), a meeting or forum (“读懂中国”国际会议) or a listing (“新三板”挂牌) is marked
    (feature thing_after, the share of a candidate's occurrences so placed), learned as evidence against;
    the same name before a campaign word is not marked. The share reaches the candidate's score."""
    from pipeline import slogan_scores as S

    _assert_occurrence_marks(4, (("荣获全国“五个一”工程奖。", "五个一", True), ("召开“读懂中国”国际会议。", "读懂中国", True),
                                 ("企业在“新三板”挂牌。", "新三板", True), ("实施“五个一”工程。", "五个一", False),
                                 ("推进“三抓三促”行动。", "三抓三促", False)))
    assert _feature_share("thing_after", "thing", "新三板", 3) == 0.75
    assert _lowers_the_score("thing_after")  # learned from the dev golds
    docs = pd.DataFrame({"doc_id": ["a", "b"], "source": ["a.txt", "b.txt"], "date": [None, None],
                         "text": ["两家企业在“新三板”挂牌。", "推进“三抓三促”行动，落实“三抓三促”。"]})
    _, cands, _ = slogans.slogan_tables(docs, None, lexicon=Lexicon(), config=SloganConfig(min_score=0.0, min_score_named=0.0))
    score = dict(zip(cands["slogan"], cands["score"]))
    assert score["新三板"] < score["三抓三促"]


def test_a_quoted_name_with_its_campaign_word_inside_the_marks_is_the_name():
    """“雪亮工程” is 雪亮 as “雪亮”工程 is (the contract drops the campaign word); a two-character
    name is never matched unquoted elsewhere."""
    assert R.classify_quoted("雪亮工程").canonical == "雪亮"
    docs = pd.DataFrame({"doc_id": ["d"], "source": ["a.txt"], "date": [None],
                         "text": ["建成“雪亮工程”。雪亮的灯光照亮雪亮的路。"]})
    found, _, _ = slogans.slogan_tables(docs, None, lexicon=Lexicon(), config=SloganConfig(min_score=0.0, min_score_named=0.0))
    assert list(found["slogan"]) == ["雪亮"]


def test_phrase_statistics_count_national_use_quoting_and_naming_use_of_a_phrase():
    """A national formulation written unquoted is a property of the phrase: phrase_stats counts,
    over an archive, the national documents and regions writing it, the documents quoting it, how
    often a campaign verb precedes it or a head follows it, whole words and the variety of what
    is written around it (branching entropy)."""
    from pipeline import formulations

    texts = [("政府工作报告-国务院/2019.md", "开展主题教育。推进经济发展。"), ("政府工作报告-国务院/2020.md", "深化主题教育，促进经济发展。"),
             ("甲市/2021.md", "“主题教育”工程；经济发展。"), ("乙市/2022.md", "全市主题教育；经济发展。")]
    st = formulations.phrase_stats(texts, ["主题教育", "经济发展"], verbs=("开展", "深化", "推进"), heads=("工程",))
    s, o = st["主题教育"], st["经济发展"]
    assert (s.n_docs, s.n_national, s.n_regions, s.n_quoting, s.quoted) == (4, 2, 3, 1, 1)
    assert (s.verb_before, s.head_after) == (2, 1) and (o.verb_before, o.head_after) == (1, 0)
    assert s.first_year == 2019 and s.last_year == 2022 and "主题教育" in s.example
    assert s.left_entropy > 0  # written after 开展, 深化, a quotation and 全市
    assert "主题教育" in formulations.national_phrases(texts) and "经济发展" in formulations.national_phrases(texts)
    # a phrase of one national document is no candidate; numerals are the structural rules'
    assert "全市主题教育" not in formulations.national_phrases(texts)
    assert not any(c in "一二三" for p in formulations.national_phrases(texts + [("国务院/2021.md", "三农工作")]) for c in p)


def test_phrase_features_tell_coordinate_compounds_and_country_campaigns_from_words_of_the_language():
    from pipeline import formulations as F

    st = F.PhraseStats(10, 0, 5, 0, 10, 5, 0, 3, 5, 1.0, 1.0, "")
    f = {s: dict(zip(F.PHRASE_FEATURES, F.phrase_features(s, st))) for s in ("退耕还林", "平安中国", "经济发展", "河长制")}
    assert f["退耕还林"]["coordinate"] == 1.0 and f["经济发展"]["coordinate"] == 0.0
    assert f["平安中国"]["country"] == 1.0 and f["河长制"]["system"] == 1.0
    assert f["经济发展"]["part_min_freq"] > f["退耕还林"]["part_min_freq"]  # two common words, against 还林
    assert f["经济发展"]["verb_before"] == 0.5


def test_emergence_tells_a_coined_formulation_from_vocabulary_written_in_every_decade():
    """A policy formulation is coined at a date and spreads from it: phrase_stats keeps each phrase's
    year profile (documents per year, its first national year, each region's first year) and
    emergence reads it against the archive's documents per year. A phrase first written nationally
    in 2019 and taken up by three regions within two years has a late onset, nothing written before
    it and a burst; vocabulary written since 1990 has none of these."""
    from pipeline import formulations as F

    old = [(f"政府工作报告-国务院/{y}.md", "推进经济发展。") for y in range(1990, 2019, 4)]
    new = [("政府工作报告-国务院/2019.md", "开展主题教育，推进经济发展。"), ("政府工作报告-国务院/2020.md", "深化主题教育。经济发展"),
           ("甲市/2020.md", "主题教育；经济发展"), ("乙市/2021.md", "主题教育"), ("丙市/2021.md", "主题教育；经济发展")]
    st = F.phrase_stats(old + new, ["主题教育", "经济发展"])
    s, o = st["主题教育"], st["经济发展"]
    assert (s.national_onset, s.region_onsets, o.national_onset) == (2019, (2019, 2020, 2021, 2021), 1990)
    assert dict(s.year_docs) == {2019: 1, 2020: 2, 2021: 2} and dict(s.archive_years)[2021] == 2
    fs, fo = F.emergence(s), F.emergence(o)
    assert fs["onset"] > 0.8 > 0.5 > fo["onset"] and fs["pre_onset"] == 0.0
    assert fs["adopt_3"] > fo["adopt_3"] and fs["adopt_share"] == 1.0 > fo["adopt_share"]
    assert fs["burst"] == 1.0 > fo["burst"] and fs["year_entropy"] < fo["year_entropy"]
    assert fs["year_spread"] < fo["year_spread"]
    # the features enter the phrase vector; stats built without a year profile read as no evidence
    assert set(fs) <= set(F.PHRASE_FEATURES)
    assert F.emergence(F.PhraseStats(1, 0, 0, 0, 1, 1, 0, 0, 1, 0.0, 0.0, ""))["burst"] == 0.0


def test_miner_with_a_phrase_model_scores_every_row_and_adds_the_national_phrases_it_trusts():
    """With a phrase model (phrase_scores.json) every mined row gets its phrase_score and the national
    phrases scoring min_score or more are added (evidence national phrase); the file round-trips
    and an older file without the column reads phrase_score 0."""
    from pipeline import formulations as F

    # a model that trusts a phrase some region quotes (quoted_any) and nothing else
    model = {"features": ["quoted_any"], "coef": [8.0], "intercept": -4.0, "calibration": [1.0, 0.0], "min_score": 0.5}
    texts = [("政府工作报告-国务院/2019.md", "建设平安中国，推进经济发展。"), ("政府工作报告-国务院/2020.md", "平安中国建设；经济发展。"),
             ("甲市/2021.md", "推进“放管服”，“平安中国”"), ("乙市/2022.md", "“放管服”"), ("丙市/2022.md", "“放管服”")]
    t = F.mine(texts, min_regions=3, phrase_model=model, naming=(("verb", "建设"), ("head", "建设"))).set_index("formulation")
    assert t.loc["平安中国", "evidence"] == "national phrase" and t.loc["平安中国", "phrase_score"] > 0.9
    assert "经济发展" not in t.index  # never quoted: the model's score is low
    assert t.loc["放管服", "phrase_score"] > 0.9 and t.loc["放管服", "evidence"] == "quoted"
    assert F.mine(texts, min_regions=3)["phrase_score"].isna().all()
    lines = F.mine_tsv(t.reset_index(), source="s", command="c", date="d").splitlines()
    assert F.read_mined(lines)["平安中国"].phrase_score == t.loc["平安中国", "phrase_score"]
    assert F.read_mined(["formulation\tkind\tn_docs\tn_regions\tquoted_share", "放管服\tnamed\t3\t3\t1.0"])["放管服"].phrase_score == 0.0


def test_bundled_lexicons_hold_the_phrase_model_and_the_naming_context():
    from pipeline import formulations, lexicons

    lex = lexicons.load()
    assert ("verb", "开展") in lex.rule_words("naming_context") and ("head", "工程") in lex.rule_words("naming_context")
    model = lex.rule_words("phrase_model")
    assert set(model["features"]) <= set(formulations.PHRASE_FEATURES) and 0 < model["min_score"] <= 1


def test_one_pass_over_the_lexicon_and_the_mined_names_finds_what_each_matcher_finds():
    """MatcherSet (the scan's one automaton over the lexicon's entries and the mined names)
    gives each matcher exactly its own hits, in its own order, where their keys nest, overlap
    and coincide (the same key in both: each keeps its own kind and rule)."""
    lex = slogans.Matcher({"三抓三促": ("numbered", "lexicon"), "1+1": ("numbered", "lexicon"),
                           "一网通办": ("named", "lexicon"), "大众创业、万众创新": ("named", "lexicon")})
    mined = slogans.Matcher({"抓三促": ("numbered", "mined"), "1+1+17": ("numbered", "mined"),
                             "一网通办": ("numbered", "mined"), "五个一批": ("numbered", "mined")})
    text = "推进“三抓三促”和三抓三促行动，落实“1+1+17”与1+1，“一网通办”“五个一批”，大众创业万众创新"
    both = slogans.MatcherSet([lex, mined]).find(text, ["lexicon", "discovered"])
    assert both == [lex.find(text, "lexicon"), mined.find(text, "discovered")]
    assert all(both)
    assert slogans.MatcherSet([slogans.Matcher({}), mined]).find(text, ["lexicon", "discovered"])[0] == []


def test_finish_counts_from_the_scans_measures_are_those_measured_anew():
    """The scan measures each occurrence once (Hit.seen) and finish reads it: its counts equal
    those of a finish that measures every occurrence again."""
    docs = pd.DataFrame({"doc_id": ["d"], "source": ["a.txt"], "date": [None],
                         "text": ["强化理念、科技、金融三大要素。实施“三抓三促”行动，增强省会功能，实施“强省会”行动，"
                                  "推进三抓三促，落实“1+1+17”体系和“五个一批”。"]})
    lexicon = Lexicon()
    scans = slogans.scans_from_data(slogans.scans_data(slogans.scan(docs, lexicon=lexicon)))
    assert all(h.seen >= 0 for h in scans["d"][0])
    anew = {d: ([slogans.Hit(h.start, h.end, h.slogan, h.kind, h.origin, h.rule, h.score) for h in found], rej, lex)
            for d, (found, rej, lex) in scans.items()}
    known = slogans.known_formulations(list(scans.values()))
    kept, measured = (slogans.finish(docs, None, s, known) for s in (scans, anew))
    assert slogans.partial_counts_data(kept) == slogans.partial_counts_data(measured)
    assert any(a["quoted"] for a in kept.stats.values()) and any(a["count"] > a["quoted"] for a in kept.stats.values())


def _assert_occurrence_marks(index: int, cases) -> None:
    """``slogan_scores.occurrence(...)[index]`` of each ``(text, name, expected)``, at the name's first place."""
    from pipeline import slogan_scores as S

    for text, name, expected in cases:
        start = text.index(name)
        assert S.occurrence(text, start, start + len(name))[index] is expected, text


def _feature_share(feature: str, count: str, slogan: str, n: int) -> float:
    """The feature of a quoted numbered candidate written 4 times, ``n`` of them with the occurrence ``count``."""
    from pipeline import slogan_scores as S

    stats = {"count": 4, "n_docs": 1, "rules": {"numeral_quoted"}, "quoted": 4, count: n}
    return S.features(slogan, "numbered", stats, None, False)[S.FEATURES.index(feature)]


def test_the_counts_of_a_part_survive_its_round_trip_as_data():
    """A run's parts are kept as data between the passes (slogans.partial_counts_data): every count the
    candidates' features read (quoted, cut, verb, listed, thing) comes back, and Candidates adds
    them up over the parts (a count lost there changes a score between one part and several)."""
    text = "企业在“新三板”挂牌。推进“双拖欠”清偿。“双拖欠”清偿。"
    docs = pd.DataFrame({"doc_id": ["a"], "source": ["a.txt"], "date": [None], "text": [text]})
    cfg = SloganConfig(min_score=0.0, min_score_named=0.0)
    scans = slogans.scan(docs, lexicon=Lexicon(), config=cfg)
    known = slogans.known_formulations([scans["a"]], cfg)
    part = slogans.finish(docs, None, scans, known, config=cfg)
    back = slogans.partial_counts_from_data(slogans.partial_counts_data(part), 0)
    for slogan, a in part.stats.items():
        for k in slogans.OCCURRENCE_COUNTS:
            assert back.stats[slogan][k] == a[k], (slogan, k)
    acc = slogans.Candidates()
    acc.add(0, back)
    acc.add(1, back)
    for slogan, a in part.stats.items():
        for k in slogans.OCCURRENCE_COUNTS:
            assert acc.agg[slogan][k] == 2 * a[k], (slogan, k)
    assert any(a["thing"] for a in part.stats.values()) and any(a["verb"] for a in part.stats.values())


def test_the_candidates_scored_from_the_features_of_the_parts_are_those_scored_anew():
    """A run's workers send each part's formulation features with its counts
    (slogans.partial_features_data), and the reduce scores the candidates from them: the same
    candidates and scores as computing the features in the reduce, and every candidate's kind
    over the corpus found among the parts' features."""
    texts = ["企业在“新三板”挂牌。推进“双拖欠”清偿。实施“三抓三促”行动。", "落实“三抓三促”，推进“1+1+17”体系和“五个一批”。"]
    docs = pd.DataFrame({"doc_id": ["a", "b"], "source": ["a.txt", "b.txt"], "date": [None, None], "text": texts})
    cfg = SloganConfig(min_score=0.0, min_score_named=0.0)
    lexicon = Lexicon()
    scans = slogans.scan(docs, lexicon=lexicon, config=cfg)
    known = slogans.known_formulations(list(scans.values()), cfg)
    parts = [slogans.finish(docs.iloc[[i]].reset_index(drop=True), None, {d: scans[d]}, known, config=cfg)
             for i, d in enumerate(docs["doc_id"])]
    features: dict = {}
    for p in parts:
        slogans.features_from_data(json.loads(json.dumps(slogans.partial_features_data(p))), into=features)
    tables = []
    for known_features in (None, features):
        acc = slogans.Candidates()
        for i, p in enumerate(parts):
            acc.add(i, slogans.partial_counts_from_data(slogans.partial_counts_data(p), i))
        tables.append(acc.tables(lexicon=lexicon, known_features=known_features))
        kinds = acc.kinds()
    assert len(tables[0][0]) >= 3
    pd.testing.assert_frame_equal(tables[0][0], tables[1][0])
    assert tables[0][2] == tables[1][2]
    assert all((s, k) in features for s, k in kinds.items())
