"""The run: incremental re-runs, identical tables, the output lock, the manifest."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from pipeline import config as config_mod
from pipeline import io
from pipeline import partcache
from pipeline.run import UsageError, run, stage_names
from tests.conftest import CORPUS, many_file_corpus


def _tables(out):
    return {p.name[: -len(".parquet")]: pd.read_parquet(p) for p in sorted(out.glob("*.parquet"))}


def _bytes(out):
    """Every table's bytes, part by part: byte-identical runs give equal dicts."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.glob("*.parquet/*.parquet"))}


@pytest.fixture()
def corpus(tmp_path):
    c = tmp_path / "corpus"
    shutil.copytree(CORPUS, c)
    return c


def test_second_run_reuses_everything_and_gives_identical_tables(corpus, tmp_path):
    cfg = config_mod.Config(corpus=corpus, out=tmp_path / "out", workers=1)
    first = run(cfg)
    before = _bytes(cfg.out)
    second = run(cfg)
    assert all(w["computed"] == 0 for w in second.work.values()), second.work
    assert all(w["reused"] >= 1 for w in second.work.values())
    assert _bytes(cfg.out) == before
    assert first.tables == second.tables


def test_changing_one_file_recomputes_only_its_rows(corpus, tmp_path):
    cfg = config_mod.Config(corpus=corpus, out=tmp_path / "out", workers=1)
    run(cfg)
    old = _tables(cfg.out)
    changed = corpus / "004_edaf239e26ac50e1.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n新增一段文字，用于检验增量运行。\n", encoding="utf-8")
    result = run(cfg)
    assert result.work["ingest"] == {"computed": 1, "reused": 4, "healed": 0}
    new = _tables(cfg.out)
    for name in ("documents", "sentences", "tokens"):
        old_docs = old["documents"]
        keep = set(old_docs.loc[old_docs["source"] != changed.name, "doc_id"])
        a = old[name][old[name]["doc_id"].isin(keep)].reset_index(drop=True)
        b = new[name][new[name]["doc_id"].isin(keep)].reset_index(drop=True)
        pd.testing.assert_frame_equal(a, b)
    assert "新增一段文字" in new["documents"].loc[new["documents"]["source"] == changed.name, "text"].iloc[-1]


def _change_corpus(corpus, new_formulation: bool):
    """Edit one file, delete another, add a new one (when ``new_formulation``, one that quotes
    a formulation which 003 holds unquoted: matched everywhere, it recurs in 003)."""
    edited = corpus / "004_edaf239e26ac50e1.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n今年新增一段文字，投资增长5%。\n", encoding="utf-8")
    (corpus / "002_459d987e6c4f5143.txt").unlink()
    text = (corpus / "001_5f98db2861dc9c14.txt").read_text(encoding="utf-8")
    added = text[: len(text) // 2] + ("\n全面落实“三个区分开”要求。\n" if new_formulation else "")
    (corpus / "005_added.txt").write_text(added, encoding="utf-8")


@pytest.mark.parametrize("new_formulation", [False, True], ids=["same-formulations", "new-formulation"])
def test_a_changed_corpus_maps_only_changed_files_and_gives_the_tables_of_a_fresh_run(corpus, tmp_path,
                                                                                       new_formulation):
    """Edited, deleted and added files between two runs: the corpus stages map only the
    changed files again (their per-file partials of the others are reused; a formulation new
    to the corpus, matched everywhere, finishes every file again) and every table is
    byte-identical to a fresh run on the changed corpus."""
    cfg = config_mod.Config(corpus=corpus, out=tmp_path / "out", workers=1)
    run(cfg)
    _change_corpus(corpus, new_formulation)
    again = run(cfg)
    fresh = run(cfg.replace(out=tmp_path / "fresh"))
    assert _bytes(cfg.out) == _bytes(tmp_path / "fresh")
    n = len(list(corpus.glob("*.txt")))
    files = {stage: w.get("files", {}) for stage, w in again.work.items()}
    assert files["slogans"]["slogans-scan"] == {"computed": 2, "reused": n - 2}
    # a file's finish depends on the formulations matched everywhere that occur in it: the
    # one the added file brings occurs in 003 too, whose finish is computed again
    again_finished = 3 if new_formulation else 2
    assert files["slogans"]["slogans-finish"] == {"computed": again_finished, "reused": n - again_finished}
    # rows: those files, and any whose discovered formulations crossed the score to be kept
    assert files["slogans"]["slogans-rows"]["computed"] >= again_finished
    assert files["slogans"]["slogans-rows"]["reused"] >= 1
    assert files["keywords"]["keywords-terms"]["reused"] >= 1  # files whose tokens did not change
    assert files["keywords"]["keywords-terms"]["computed"] == again.work["segment"]["computed"]
    assert fresh.work["slogans"]["files"]["slogans-scan"] == {"computed": n, "reused": 0}
    kept = {p.parent.name: set() for p in (cfg.out / ".cache" / "partials").glob("*/*.json")}
    for p in (cfg.out / ".cache" / "partials").glob("*/*.json"):
        kept[p.parent.name].add(p.stem)
    assert all(len(keys) == n for keys in kept.values()), {k: len(v) for k, v in kept.items()}  # stale ones pruned


def test_a_change_that_leaves_the_topic_sample_alone_trains_no_model(corpus, tmp_path, monkeypatch):
    """The topic models are a function of the sample (a bottom-k sketch of the units by content
    hash), kept under its hash: a re-run whose change leaves the sample alone trains nothing and
    weights only the changed file's units; a change inside the sample trains again. Tables equal
    a fresh run's either way."""
    from pipeline import topics

    cfg = config_mod.Config(corpus=corpus, out=tmp_path / "out", workers=1)
    run(cfg)
    fits = []
    real = topics.fit_models
    monkeypatch.setattr(topics, "fit_models", lambda *a, **k: fits.append(1) or real(*a, **k))
    edited = corpus / "004_edaf239e26ac50e1.txt"
    # a paragraph of fewer than min_unit_terms terms: never in the sample
    edited.write_text(edited.read_text(encoding="utf-8") + "\n今年新增一段文字。\n", encoding="utf-8")
    again = run(cfg)
    n = len(list(corpus.glob("*.txt")))
    assert fits == []
    assert again.work["topics"]["files"]["topics-weights"] == {"computed": 1, "reused": n - 1}
    run(cfg.replace(out=tmp_path / "fresh"))
    assert fits == [1]
    assert _bytes(cfg.out) == _bytes(tmp_path / "fresh")
    # a new paragraph of real text is sampled (the corpus has fewer units than the cap): trained again
    edited.write_text(edited.read_text(encoding="utf-8") + "\n推动乡村旅游民宿农家乐发展，游客人数和旅游收入明显增加。\n",
                      encoding="utf-8")
    run(cfg)
    assert fits == [1, 1]


def test_removed_file_leaves_no_rows(corpus, tmp_path):
    cfg = config_mod.Config(corpus=corpus, out=tmp_path / "out", workers=1)
    run(cfg)
    (corpus / "002_459d987e6c4f5143.txt").unlink()
    run(cfg)
    docs = io.read_table(cfg.out, "documents")
    assert "002_459d987e6c4f5143.txt" not in set(docs["source"])
    assert set(io.read_table(cfg.out, "tokens")["doc_id"]) <= set(docs["doc_id"])


def test_worker_count_does_not_change_tables(corpus, tmp_path):
    one = config_mod.Config(corpus=corpus, out=tmp_path / "one", workers=1)
    two = config_mod.Config(corpus=corpus, out=tmp_path / "two", workers=2)
    run(one)
    run(two)
    assert _bytes(one.out) == _bytes(two.out)


def test_second_run_on_a_locked_output_folder_is_refused(corpus, tmp_path):
    cfg = config_mod.Config(corpus=corpus, out=tmp_path / "out", workers=1)
    with io.OutputLock(cfg.out):
        with pytest.raises(UsageError, match="in use by another policytext run"):
            run(cfg)
    run(cfg)  # released: runs


def test_manifest_records_versions_inputs_rows_and_timings(corpus, tmp_path):
    cfg = config_mod.Config(corpus=corpus, out=tmp_path / "out", workers=1)
    result = run(cfg)
    manifest = json.loads((cfg.out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["versions"]["jieba"]
    assert set(manifest["inputs"]) == {p.name for p in corpus.glob("*.txt")}
    assert manifest["tables"] == result.tables
    assert set(stage_names()) <= set(manifest["timings"])


def test_slogans_computed_per_chunk_of_files_equal_the_one_process_tables(corpus, tmp_path, monkeypatch):
    """The run's slogans stage is map-reduce (scan per chunk, known formulations over all,
    finish per chunk, combine): with one file per chunk, the tables equal slogan_tables over
    every document at once."""
    from pipeline import lexicons, run as run_mod, slogans
    from pipeline.config import SloganConfig

    monkeypatch.setattr(run_mod.Runner, "_chunks", lambda self, plan, workers, todo: [[i] for i in todo])
    cfg = config_mod.Config(corpus=corpus, out=tmp_path / "out", workers=1)
    run(cfg, only=["slogans"])
    docs, sents = io.read_table(cfg.out, "documents"), io.read_table(cfg.out, "sentences")
    expected = slogans.slogan_tables(docs, sents, lexicon=lexicons.load(), config=SloganConfig())
    for name, frame in zip(("slogans", "slogan_candidates", "slogan_definitions"), expected):
        got = io.read_table(cfg.out, name)
        assert len(got) > 0
        pd.testing.assert_frame_equal(got, frame.reset_index(drop=True), check_dtype=False)


def test_keywords_and_topics_computed_per_chunk_of_files_equal_the_one_process_tables(corpus, tmp_path, monkeypatch):
    """Keywords are map-reduce too (document frequencies per chunk, summed; keywords per
    chunk with the corpus's IDF), and topic-model units are built per chunk: with one file
    per chunk, the tables equal keywords() and topic_tables() over every token at once."""
    from pipeline import keywords, run as run_mod, topics
    from pipeline.config import TopicConfig

    monkeypatch.setattr(run_mod.Runner, "_chunks", lambda self, plan, workers, todo: [[i] for i in todo])
    cfg = config_mod.Config(corpus=corpus, out=tmp_path / "out", workers=1)
    run(cfg, only=["keywords", "topics"])
    tokens = io.read_table(cfg.out, "tokens")
    got = io.read_table(cfg.out, "keywords")
    assert got["doc_id"].nunique() > 5
    pd.testing.assert_frame_equal(got, keywords.keywords(tokens, config=TopicConfig()))
    expected = topics.topic_tables(io.read_table(cfg.out, "documents"), tokens, config=TopicConfig())
    for name, frame in expected.items():
        got = io.read_table(cfg.out, name)
        assert len(got) > 0
        pd.testing.assert_frame_equal(got, frame.reset_index(drop=True), check_dtype=False)


def test_tasks_carry_no_corpus_sized_values_and_the_run_leaves_no_scratch(corpus, tmp_path, monkeypatch):
    """The corpus-wide values every task needs (formulations to protect, known formulations,
    scores, term frequencies) go to tasks as small Shared handles, not pickled into each task
    (a Dask scheduler keeps every task's copy); the run removes them and its scratch at the end."""
    import pickle

    from pipeline import executor

    sizes: dict[str, int] = {}
    real_map = executor.LocalExecutor.map

    def spy(self, fn, tasks):
        tasks = list(tasks)
        for t in tasks:
            sizes[fn.__name__] = max(sizes.get(fn.__name__, 0), len(pickle.dumps(t.spec)))
        return real_map(self, fn, tasks)

    monkeypatch.setattr(executor.LocalExecutor, "map", spy)
    cfg = config_mod.Config(corpus=corpus, out=tmp_path / "out", workers=1)
    run(cfg, only=["segment", "keywords", "slogans"])
    assert {"run_pass", "keywords_task", "run_task"} <= set(sizes)  # run_pass: the passes kept per file
    assert max(sizes.values()) < 2_000, sizes  # a few paths and fingerprints, whatever the corpus
    assert len(io.read_table(cfg.out, "slogan_candidates")) > 20  # the scores shared were not tiny
    leftovers = {p.name for p in (cfg.out / ".cache").iterdir()} & {"shared", "slogans-work"}
    assert not leftovers


def test_per_file_stages_write_a_part_per_batch_and_an_edit_rewrites_its_batch_only(tmp_path):
    """A per-file stage writes one part per batch of files (batching.batches), its footer listing
    its files; an edited file is computed again alone, its batch's part rewritten with the other
    files' rows copied, every other part left as it was; the tables equal a fresh run's."""
    from pipeline.batching import batches

    corpus = many_file_corpus(tmp_path)
    cfg = config_mod.Config(corpus=corpus, out=tmp_path / "out", workers=1)
    run(cfg, only=["sentences"])
    sources = sorted(p.name for p in corpus.glob("*.txt"))
    expected = batches(sources, [(corpus / s).stat().st_size for s in sources])
    assert 1 < len(expected) < len(sources)
    store = partcache.PartStore(cfg.out)
    for table in ("documents", "sentences"):
        parts = sorted((cfg.out / ".cache" / table).glob("*.parquet"))
        assert len(parts) == len(expected)
        assert sorted(len(store.files(table, p.stem)) for p in parts) == sorted(len(b) for b in expected)
    before = {p.name: p.stat().st_ino for p in (cfg.out / ".cache" / "sentences").glob("*.parquet")}
    edited = corpus / sources[expected[1][0]]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n新增一段文字，用于检验增量运行。\n", encoding="utf-8")
    again = run(cfg, only=["sentences"])
    assert again.work["sentences"] == {"computed": 1, "reused": len(sources) - 1, "healed": 0}
    after = {p.name: p.stat().st_ino for p in (cfg.out / ".cache" / "sentences").glob("*.parquet")}
    assert len(after) == len(before) and len(set(after) - set(before)) == 1
    assert all(before[name] == ino for name, ino in after.items() if name in before)  # not rewritten
    run(cfg.replace(out=tmp_path / "fresh"), only=["sentences"])
    assert _bytes(cfg.out) == _bytes(tmp_path / "fresh")


def test_indicators_get_each_file_s_rows_of_the_slogans_table(corpus, tmp_path, monkeypatch):
    """The slogans table's spans are exclusions for indicators: each file's work receives its
    rows of the slogans table (a corpus stage's single part, read inside a batch task)."""
    from pipeline import indicators

    seen: dict[str, int] = {}
    real = indicators.indicators_table  # what the stage calls (the rows as an Arrow table)

    def spy(docs, sents, *, slogans, **kw):
        for source in docs["source"]:
            seen[source] = len(slogans)
        return real(docs, sents, slogans=slogans, **kw)

    monkeypatch.setattr(indicators, "indicators_table", spy)
    cfg = config_mod.Config(corpus=corpus, out=tmp_path / "out", workers=1)
    run(cfg, only=["indicators"])
    slogans = pd.read_parquet(cfg.out / "slogans.parquet")
    per_source = slogans.groupby("source").size().to_dict()
    assert per_source  # the corpus has slogans: the test can fail
    assert {s: seen.get(s) for s in per_source} == per_source


def test_a_plan_built_without_batches_puts_every_file_in_one():
    """A per-file stage runs the files of the plan's batches: a Plan made without them (as a
    caller of the runner may) has them computed, not none (which would run no file)."""
    from pipeline.batching import batches
    from pipeline.runner import Plan

    sources = [f"{i:03d}.txt" for i in range(40)]
    plan = Plan(sources, [10] * 40, ["h"] * 40)
    assert [i for b in plan.batches for i in b] == list(range(40))
    assert plan.batches == batches(sources, [10] * 40)


def test_the_terms_keywords_and_topics_count_stay_in_the_part_cache_and_survive_a_topic_option(corpus, tmp_path):
    """Stage ``terms`` (each file's tokens judged once for keywords and topics) writes parts, never
    a table of the output folder; a topic model option leaves them (and keywords) as they were,
    an option of the term filter judges every file again."""
    cfg = config_mod.Config(corpus=corpus, out=tmp_path / "out", workers=1)
    first = run(cfg)
    assert not (cfg.out / "terms.parquet").exists() and "terms" not in first.tables
    assert list((cfg.out / ".cache" / "terms").glob("*.parquet"))
    n = len(list(corpus.glob("*.txt")))
    assert first.work["terms"]["computed"] == n
    again = run(cfg.replace(topics__k_max=cfg.topics.k_max + 1))
    assert again.work["terms"] == {"computed": 0, "reused": n, "healed": 0}
    assert again.work["keywords"]["reused"] == 1
    top = io.read_table(cfg.out, "keywords")["term"].value_counts().index[0]  # a keyword of many documents
    changed = run(cfg.replace(topics__extra_stopwords=(top,)))
    assert changed.work["terms"]["computed"] == n
    assert top not in set(io.read_table(cfg.out, "keywords")["term"])
