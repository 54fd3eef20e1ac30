"""The run summary's caveats and the issuer heatmap, as a review of branch ux33 found them wrong: every issuer
shown or folded (no count lost), advice that is true when followed and never the value in force, a bounded
duplicate list."""

from __future__ import annotations

import json

import pandas as pd
from typer.testing import CliRunner

from pipeline import caveats, charts
from pipeline.config import TopicConfig
from pipeline.metadata import UNKNOWN_ISSUER

SHORT = ("关于做好春季农业生产工作的通知\n\n各县区人民政府：\n\n为做好今年春季农业生产工作，确保粮食稳产增产，"
         "现将有关事项通知如下。请各地抓好落实。\n")


def _docs(issuers):
    n = len(issuers)
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(n)], "title": [f"文{i}" for i in range(n)],
                         "source": [f"{i}.txt" for i in range(n)], "date": None, "issuer": issuers})


# 1 (most harm) -------------------------------------------------------------------------------
# charts._slogans_by_issuer takes its columns from busiest_issuers (the n busiest known issuers),
# but fold_issuers folds nothing when there are at most n + 1 known issuers. With exactly n + 1
# known issuers the (n+1)-th is neither shown nor folded into 其他: its column and counts vanish
# silently, and with it every slogan only that issuer used. Main shows it (or folds it).
# A real corpus with 16 issuers (TOP_ISSUERS = 15) loses one. The builder changed the
# slogan_frequency_table doctest (issuer None -> 平凉市) instead, which hid exactly this case.

def test_issuer_heatmap_keeps_the_n_plus_1th_known_issuer():
    slogans = pd.DataFrame({"doc_id": ["d0", "d1", "d2", "d3"], "slogan": ["强省会", "强省会", "强省会", "新质生产力"]})
    docs = _docs(["甘肃省", "甘肃省", "兰州市", "平凉市"])
    table = charts.slogan_frequency_table(slogans, docs, by="issuer", top_issuers=2)
    # main: columns 甘肃省, 兰州市, 平凉市 and both rows; ux33: 平凉市 and 新质生产力 are gone
    assert "平凉市" in table.columns
    assert "新质生产力" in table.index
    assert int(table.values.sum()) == len(slogans)


def test_issuer_heatmap_original_doctest_with_an_unknown_issuer_loses_no_count():
    """The doctest as it was on main: 2 known issuers + one document without issuer, top_issuers=1.
    ux33 gives {'甘肃省': 2, '未知发文单位': 1}: 兰州市's occurrence is dropped (sum 3 of 4)."""
    slogans = pd.DataFrame({"doc_id": ["d0", "d1", "d2", "d3"], "slogan": ["强省会"] * 4})
    docs = _docs(["甘肃省", "甘肃省", "兰州市", None])
    table = charts.slogan_frequency_table(slogans, docs, by="issuer", top_issuers=1)
    assert int(table.values.sum()) == 4
    assert "兰州市" in table.columns or any(c.startswith("其他") for c in table.columns)
    assert UNKNOWN_ISSUER in table.columns


def test_issuer_heatmap_sums_are_unchanged_with_16_issuers_and_default_top():
    """16 known issuers that have slogans (TOP_ISSUERS + 1) plus documents without issuer: every occurrence
    must be in some column (fold_issuers' promise: 'sums over the rows are unchanged')."""
    rows = [(f"d{i}", f"s{j}") for i in range(16) for j in range(1 + i % 3)] + [("u", "s0")]
    slogans = pd.DataFrame(rows, columns=["doc_id", "slogan"])
    docs = _docs([f"区{i}" for i in range(16)])
    docs = pd.concat([docs, pd.DataFrame({"doc_id": ["u"], "title": ["无"], "source": ["u.txt"], "date": None,
                                          "issuer": [None]})], ignore_index=True)
    table = charts.slogan_frequency_table(slogans, docs, by="issuer")
    assert int(table.values.sum()) == len(slogans)


# 2 --------------------------------------------------------------------------------------------
# caveats.without_topics_reason(models=False) always advises "--set topics.min_unit_terms=2 gives one",
# whatever the current value: at min_unit_terms=1 it advises *raising* it, at 2 it advises the value in
# force, and (run below) following it on a small corpus still trains no model and prints the same advice.
# Right: never advise the value in force or a larger one; do not promise a model ("gives one") the
# option cannot guarantee (no_below = 2 units also needs a term in two units).

def test_no_model_advice_never_names_the_value_in_force_or_a_larger_one():
    for current in (1, 2):
        why = caveats.without_topics_reason(TopicConfig(min_unit_terms=current), models=False)
        for bad in range(current, 6):
            assert f"--set topics.min_unit_terms={bad}" not in why, (current, why)


def test_no_model_advice_is_true_when_followed(tmp_path):
    from cli import app

    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "short.txt").write_text(SHORT, encoding="utf-8")
    args = ["run", "--corpus", str(corpus), "--out", str(tmp_path / "o"), "--workers", "1", "--json",
            "--set", "topics.k_max=4"]
    first = json.loads(CliRunner().invoke(app, args).stdout.strip().splitlines()[-1])
    assert first["without_topics"]["n"] == 1
    advice = first["without_topics"]["why"]
    assert "--set topics.min_unit_terms" not in advice or "topic_models" in first["tables"]  # no promise it cannot keep
    second = json.loads(CliRunner().invoke(app, args + ["--set", "topics.min_unit_terms=2"]).stdout.strip().splitlines()[-1])
    # following the advice: on ux33 still no model (topic_models 0 rows), and the same advice again
    assert second["tables"].get("topic_models", 0) > 0 or "--set topics.min_unit_terms=2" not in second["without_topics"]["why"]


# 3 --------------------------------------------------------------------------------------------
# With models present, fewer = max(1, min(2, min_unit_terms - 1)): at min_unit_terms = 1 the advice
# is "--set topics.min_unit_terms=1", the value already in force. Right: no lowering advice at 1.

def test_topic_advice_at_min_unit_terms_1_does_not_repeat_the_current_value():
    why = caveats.without_topics_reason(TopicConfig(min_unit_terms=1))
    assert "--set topics.min_unit_terms=1" not in why


# 4 (least harm) -------------------------------------------------------------------------------
# cli._print_caveats prints one line per duplicate group, unbounded (the no-doc_topics list stops at 10).
# A scraped corpus with hundreds of reposts floods the run summary. Right: a bounded list (+ "…", the
# full list is in --json / documents.content_hash).

def test_duplicate_warning_is_bounded_on_a_big_corpus():
    import cli
    from pipeline.run import RunResult

    groups = [{"content_hash": f"h{i}", "sources": [f"a{i}.txt", f"b{i}.txt"], "doc_ids": [f"a{i}", f"b{i}"]}
              for i in range(300)]
    result = RunResult({}, {}, pd.DataFrame(), {}, duplicates=groups, without_topics=None)
    with cli.console.capture() as cap:
        cli._print_caveats(result)
    assert len(cap.get().splitlines()) <= 20
