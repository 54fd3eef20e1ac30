"""Issue 10: formulations no lexicon has, discovered in the corpus, come out as single tokens in the same run."""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from cli import app
from pipeline import lexicons

# built reports: each formulation is absent from lexicons/slogans.txt and cut apart by plain jieba
REPORTS = {
    "a.txt": "某市政府工作报告\n\n"
             "过去一年，全市深入实施“三链五促”行动，推进“七抓七促”工作法，落实“2+5+N”政策体系。\n"
             "推动“四医”联动改革，加强“多审合一”规划管理，开展河道“治六乱”专项整治。\n"
             "围绕“一库通查、一码通办、一端通管”目标，以“七抓七促”带动项目建设。\n",
    "b.txt": "某县政府工作报告\n\n"
             "今年要继续推进三链五促，把“三链五促”贯穿全年；落实2+5+N政策体系，深化“四医”联动改革。\n",
}
# formulation -> how many times it must come out as one token (its occurrences in REPORTS)
EXPECTED = {"三链五促": 3, "七抓七促": 2, "2+5+N": 2, "多审合一": 1, "治六乱": 1,
            "一库通查": 1, "一码通办": 1, "一端通管": 1}
# written with quotation marks around part of it (“四医”联动): matched on the segmenter's folded form
PART_QUOTED = {"四医联动": 2}


@pytest.fixture(scope="module")
def run_out(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("corpus")
    for name, text in REPORTS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(app, ["run", "--corpus", str(corpus), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return out


def test_formulations_are_absent_from_the_lexicon():
    entries = set(lexicons.load().slogans)
    assert not entries & set(EXPECTED)


def _check_single_tokens(run_out, expected):
    tokens = pd.read_parquet(run_out / "tokens.parquet")
    docs = pd.read_parquet(run_out / "documents.parquet").set_index("doc_id")["text"]
    slogan_tokens = tokens[tokens["is_slogan"]]
    for formulation, n in expected.items():
        # the token is the formulation as written (quotation marks inside it stay: 四医”联动)
        rows = slogan_tokens[slogan_tokens["token"].str.replace("”", "", regex=False) == formulation]
        assert len(rows) == n, (formulation, slogan_tokens["token"].tolist())
        assert set(rows["slogan_origin"]) == {"discovered"}, formulation
        for d, s, e, tok in zip(rows["doc_id"], rows["start"], rows["end"], rows["token"]):
            assert docs[d][s:e] == tok


def test_discovered_formulations_are_single_tokens(run_out):
    _check_single_tokens(run_out, EXPECTED)


def test_part_quoted_formulations_are_single_tokens(run_out):
    _check_single_tokens(run_out, PART_QUOTED)


def test_candidates_table_explains_the_protection(run_out):
    cands = pd.read_parquet(run_out / "slogan_candidates.parquet").set_index("slogan")
    for formulation in {**EXPECTED, **PART_QUOTED}:
        assert cands.loc[formulation, "score"] >= 0.6 and not cands.loc[formulation, "in_lexicon"], formulation


def test_ordinary_words_are_not_merged(run_out):
    """Protection takes the formulations only: the words around them are cut as usual."""
    tokens = pd.read_parquet(run_out / "tokens.parquet")
    words = set(tokens.loc[~tokens["is_slogan"], "token"])
    assert {"政策", "体系", "改革", "规划"} <= words
    assert not tokens.loc[tokens["is_slogan"], "token"].str.contains("行动|工作法|体系|改革").any()
