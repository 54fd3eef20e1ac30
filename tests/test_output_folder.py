"""An output folder a researcher can trust: nothing read back from it runs code, it holds the
tables of one corpus, and a damaged one heals instead of crashing the run."""

from __future__ import annotations

import json
import pickle
import shutil

import pandas as pd
import pytest
from typer.testing import CliRunner

from cli import app
from pipeline import config as config_mod
from pipeline import io
from pipeline import partcache
from pipeline.run import STAGE_TABLES, run
from tests.conftest import CORPUS, many_file_corpus

runner = CliRunner()
TABLES = [t for tables in STAGE_TABLES.values() for t in tables]


def _tables(out):
    return {t: pd.read_parquet(out / f"{t}.parquet") for t in TABLES if (out / f"{t}.parquet").exists()}


def _assert_same_tables(a, b):
    ta, tb = _tables(a), _tables(b)
    assert sorted(ta) == sorted(tb) == sorted(TABLES)
    for name in ta:
        pd.testing.assert_frame_equal(ta[name], tb[name], obj=name)


@pytest.fixture()
def corpus(tmp_path):
    c = tmp_path / "corpus"
    shutil.copytree(CORPUS, c)
    return c


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """A fresh run on the bundled corpus: the tables every healed folder must equal."""
    out = tmp_path_factory.mktemp("fresh") / "out"
    run(config_mod.Config(corpus=CORPUS, out=out, workers=1))
    return out


class _Payload:
    """Unpickling this creates the file named (what a planted pickle could do)."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


# --- nothing read back runs code ---------------------------------------------------------

def test_planted_pickles_under_every_name_the_run_uses_run_nothing(corpus, tmp_path, fresh, monkeypatch):
    out = tmp_path / "out"
    written = set()
    real = io.write_atomic

    def spy(path, data):
        written.add(path)
        return real(path, data)

    monkeypatch.setattr(io, "write_atomic", spy)
    cfg = config_mod.Config(corpus=CORPUS, out=out, workers=1)
    run(cfg)
    monkeypatch.setattr(io, "write_atomic", real)
    # every file the run wrote, kept or removed at its end, every file left in the folder,
    # (the corpus stages' per-file partials among them), and the names the run used for
    # pickles before (shared values, slogans scratch)
    names = {p for p in written} | {p for p in out.rglob("*") if p.is_file() and p.name != ".policytext.lock"}
    names |= {out / ".cache" / "shared" / f"{n}-0123456789abcdef0123.pickle"
              for n in ("protect", "slogans-known", "slogans-scores", "keyword-frequencies")}
    names |= {out / ".cache" / "slogans-work" / f"{k}-000000.{ext}" for k in ("scan", "hits") for ext in ("pickle", "json")}
    assert any("shared" in str(p) for p in written) and any("partials" in str(p) for p in written)
    marker = tmp_path / "PWNED"
    payload = pickle.dumps(_Payload(marker))
    for p in names:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(payload)
    result = run(cfg)
    assert not marker.exists()
    assert result.healed  # the overwritten parts and manifest were computed again
    _assert_same_tables(out, fresh)


def test_a_shared_value_changed_after_it_was_written_is_refused(tmp_path):
    path = io.write_content(tmp_path, "scores", b'{"a": 1}')
    assert io.read_content(path) == b'{"a": 1}'
    path.write_bytes(b'{"a": 2}')
    with pytest.raises(io.DamagedFile, match="hash"):
        io.read_content(path)


# --- a damaged folder heals ----------------------------------------------------------------

def _part(out, table):
    return sorted((out / ".cache" / table).glob("*.parquet"))[0]


def test_truncated_parts_are_computed_again_and_counted_as_healed(tmp_path, fresh):
    out = tmp_path / "out"
    assert runner.invoke(app, ["run", "--corpus", str(CORPUS), "--out", str(out), "--quiet"]).exit_code == 0
    for table in ("documents", "sentences", "tokens", "indicators", "slogans", "topic_terms"):
        part = _part(out, table)
        part.write_bytes(part.read_bytes()[: part.stat().st_size // 3])
    result = runner.invoke(app, ["run", "--corpus", str(CORPUS), "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    healed = json.loads(result.stdout)["healed"]
    assert {"ingest", "sentences", "segment", "indicators", "slogans", "topics"} <= set(healed), healed
    _assert_same_tables(out, fresh)


def test_a_truncated_partial_is_mapped_again_and_counted_as_healed(tmp_path, fresh):
    """A partial is read in halves (the summary, or the data): a truncated one is found by its
    length whichever half is read, mapped again, and the tables equal a fresh run's."""
    cfg = config_mod.Config(corpus=CORPUS, out=tmp_path / "out", workers=1)
    run(cfg)
    for part in ("slogans-scan", "keywords-terms"):
        kept = sorted((cfg.out / ".cache" / "partials" / part).glob("*.json"))[0]
        kept.write_bytes(kept.read_bytes()[:-3])
    # the corpus stages run again only when an input changed: drop their tables' parts
    for table in ("slogans", "keywords"):
        for p in (cfg.out / ".cache" / table).glob("*.parquet"):
            p.unlink()
    result = run(cfg)
    assert {"slogans", "keywords"} <= set(result.healed), result.healed
    assert result.work["slogans"]["files"]["slogans-scan"]["computed"] == 1
    _assert_same_tables(cfg.out, fresh)


def test_a_missing_part_is_computed_again_and_counted_as_healed(tmp_path, fresh):
    cfg = config_mod.Config(corpus=CORPUS, out=tmp_path / "out", workers=1)
    run(cfg)
    lost = _part(cfg.out, "tokens")
    files = partcache.PartStore(cfg.out).files("tokens", lost.stem)  # a part holds a batch of files
    lost.unlink()
    result = run(cfg)
    assert result.healed == {"segment": 1}
    assert result.work["segment"]["computed"] == len(files) >= 1
    _assert_same_tables(cfg.out, fresh)


def test_a_garbled_manifest_is_healed(tmp_path, fresh):
    cfg = config_mod.Config(corpus=CORPUS, out=tmp_path / "out", workers=1)
    run(cfg)
    (cfg.out / "manifest.json").write_bytes(b'{"corpus": "/elsewhere", "inputs": {\x00\xff')
    result = run(cfg)
    assert result.healed == {"manifest": 1}
    assert json.loads((cfg.out / "manifest.json").read_text(encoding="utf-8"))["state"] == "complete"
    _assert_same_tables(cfg.out, fresh)


# --- one folder, one corpus --------------------------------------------------------------

def _doc_ids(out):
    ids = {}
    for name, df in _tables(out).items():
        if "doc_id" in df.columns:
            ids[name] = set(df["doc_id"])
    return ids


def test_a_stage_command_without_corpus_works_on_the_folder_s_corpus(corpus, tmp_path):
    out = tmp_path / "out"
    (corpus / "000_4fe301b4031d4404.txt").unlink()  # not the bundled corpus any more
    assert runner.invoke(app, ["run", "--corpus", str(corpus), "--out", str(out), "--quiet"]).exit_code == 0
    before = _tables(out)["documents"]
    result = runner.invoke(app, ["topics", "--out", str(out)])
    assert result.exit_code == 0, result.output
    pd.testing.assert_frame_equal(_tables(out)["documents"], before)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["corpus"] == str(corpus.resolve())


def test_a_command_from_another_folder_says_its_lexicons_differ_and_how_to_keep_the_tables(tmp_path, monkeypatch):
    # the tables of one folder come from one configuration: a command run from another working
    # folder (no lexicons/ there, no --lexicons) says that the tables were made with the project's
    # lexicons and how to keep them; it never reads a folder only the manifest names (a review of ux32)
    corpus = tmp_path / "c"
    corpus.mkdir()
    for p in sorted(CORPUS.glob("*.txt"))[:2]:
        shutil.copy(p, corpus)
    project, elsewhere, out = tmp_path / "project", tmp_path / "elsewhere", tmp_path / "results"
    (project / "lexicons").mkdir(parents=True)
    (project / "lexicons" / "slogans.txt").write_text("三强行动\tnumbered\n", encoding="utf-8")
    elsewhere.mkdir()
    monkeypatch.chdir(project)
    assert runner.invoke(app, ["run", "--corpus", str(corpus), "--out", str(out), "--quiet"]).exit_code == 0
    before = _tables(out)
    own = (project / "lexicons").resolve()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["config"]["lexicons"] == str(own)  # recorded absolute: meaningful from any folder
    monkeypatch.chdir(elsewhere)
    result = runner.invoke(app, ["topics", "--out", str(out)])
    assert result.exit_code == 0, result.output
    said = " ".join(result.stderr.split())
    assert f"were made with {own}" in said and f'lexicons = "{own}" in policytext.toml' in said, result.stderr
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["config"]["lexicons"] != str(own)
    # naming the folder, as the note says, gives the tables made with it again
    result = runner.invoke(app, ["run", "--out", str(out), "--set", f'lexicons="{own}"'])
    assert result.exit_code == 0 and "were made with" not in result.stderr, result.output
    after = _tables(out)
    for name in before:
        pd.testing.assert_frame_equal(after[name], before[name], obj=name)


def test_another_corpus_is_refused_with_what_to_do_and_replace_rebuilds_every_table(corpus, tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(app, ["run", "--corpus", str(CORPUS), "--out", str(out), "--quiet"]).exit_code == 0
    before = _tables(out)
    (corpus / "000_4fe301b4031d4404.txt").unlink()
    for command in (["indicators"], ["run"]):
        result = runner.invoke(app, [*command, "--corpus", str(corpus), "--out", str(out)])
        assert result.exit_code == 2
        assert "another corpus" in result.output and "--replace" in result.output
    for name, df in _tables(out).items():
        pd.testing.assert_frame_equal(df, before[name], obj=name)
    result = runner.invoke(app, ["run", "--corpus", str(corpus), "--out", str(out), "--replace", "--quiet"])
    assert result.exit_code == 0, result.output
    docs = _tables(out)["documents"]
    assert "000_4fe301b4031d4404.txt" not in set(docs["source"])
    assert all(ids <= set(docs["doc_id"]) for ids in _doc_ids(out).values())


def test_the_same_files_moved_to_another_folder_are_the_same_corpus(corpus, tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(app, ["run", "--corpus", str(CORPUS), "--out", str(out), "--quiet"]).exit_code == 0
    result = runner.invoke(app, ["keywords", "--corpus", str(corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    """A run on a copy of the bundled corpus, copied by each test that changes it."""
    base = tmp_path_factory.mktemp("first")
    shutil.copytree(CORPUS, base / "corpus")
    assert runner.invoke(app, ["run", "--corpus", str(base / "corpus"), "--out", str(base / "out"),
                               "--quiet"]).exit_code == 0
    return base


@pytest.mark.parametrize("command", ["ingest", "segment", "indicators", "slogans", "keywords", "topics", "run"])
def test_every_table_of_a_folder_shares_its_documents_after_any_command(first_run, tmp_path, command):
    """The corpus changes (a file removed, one added, one edited) and one command runs: every
    table in the folder follows, not only the ones the command names."""
    shutil.copytree(first_run, tmp_path / "w")
    corpus, out = tmp_path / "w" / "corpus", tmp_path / "w" / "out"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    manifest["corpus"] = str(corpus.resolve())  # the copy is the folder's corpus
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    files = sorted(corpus.glob("*.txt"))
    files[0].unlink()
    (corpus / "added.txt").write_text("甘肃日报\n\n全省新增城镇就业32万人，粮食产量达到1265万吨。\n", encoding="utf-8")
    files[2].write_text(files[2].read_text(encoding="utf-8") + "\n\n第二篇\n\n全年新增就业1.2万人。\n", encoding="utf-8")
    result = runner.invoke(app, [command, "--out", str(out)])
    assert result.exit_code == 0, result.output
    docs = _tables(out)["documents"]
    assert set(docs["source"]) == {p.name for p in corpus.glob("*.txt")}
    for name, ids in _doc_ids(out).items():
        assert ids <= set(docs["doc_id"]), name
    tables = _tables(out)
    for name in ("sentences", "tokens"):
        assert set(tables[name]["doc_id"]) == set(docs["doc_id"]), name


@pytest.mark.parametrize("edit", [True, False], ids=["batch-edited", "batch-unchanged"])
def test_a_damaged_part_of_one_table_of_a_batch_heals_instead_of_crashing(tmp_path, edit):
    """A re-run copies the unchanged files' rows of a batch from their old part, in every table
    of the stage: a truncated part of one of them (ingest_errors) is computed again and counted
    as one heal, never a crash (the batch edited: its new part is built from the old one; or
    unchanged: its part is found damaged), and the tables equal a fresh run's."""
    from pipeline.batching import batches

    corpus = many_file_corpus(tmp_path)
    cfg = config_mod.Config(corpus=corpus, out=tmp_path / "out", workers=1)
    run(cfg, only=["ingest"])
    sources = sorted(p.name for p in corpus.glob("*.txt"))
    batch = max(batches(sources, [(corpus / s).stat().st_size for s in sources]), key=len)
    assert len(batch) > 1
    first = sources[batch[0]]
    cache = cfg.out / ".cache"
    stem = next(p.stem for p in (cache / "documents").glob("*.parquet")
                if first in set(pd.read_parquet(p, columns=["source"])["source"]))
    damaged = cache / "ingest_errors" / f"{stem}.parquet"
    damaged.write_bytes(damaged.read_bytes()[: damaged.stat().st_size // 3])
    if edit:
        path = corpus / first
        path.write_text(path.read_text(encoding="utf-8") + "\n新增一段文字。\n", encoding="utf-8")
    result = run(cfg, only=["ingest"])
    assert result.work["ingest"] == {"computed": len(batch), "reused": len(sources) - len(batch), "healed": 1}
    run(cfg.replace(out=tmp_path / "fresh"), only=["ingest"])
    for name in ("documents", "ingest_errors"):
        parts = lambda out: [p.read_bytes() for p in sorted((out / f"{name}.parquet").glob("*.parquet"))]  # noqa: E731
        assert parts(cfg.out) == parts(tmp_path / "fresh")


def _damage_data_half(path):
    """Flip one byte in the middle of a partial's data half, its length kept (a bit flip on disk,
    an editor, a bad copy): the header's lengths still add up. The header is one ``length:crc``
    field per half (summary, data)."""
    raw = bytearray(path.read_bytes())
    head = bytes(raw).partition(b"\n")[0]
    s_summary, s_data = (int(f.split(b":")[0]) for f in head.split())
    raw[len(head) + 1 + s_summary + s_data // 2] = 0x01  # a control character: never valid inside JSON
    path.write_bytes(bytes(raw))


def test_a_partial_whose_data_half_is_damaged_is_refused_when_its_summary_is_read(tmp_path):
    """The parent decodes only the summaries of the kept partials: a data half damaged with its
    length kept is still found there (its checksum), before a worker relies on it."""
    store = partcache.PartStore(tmp_path)
    store.put_partial("keywords-terms", "k1", {"summary": [1, {"a": 1}], "data": {"doc_id": ["d"], "token": ["乡村振兴"]}})
    assert store.get_partial("keywords-terms", "k1", ("summary",)) == {"summary": [1, {"a": 1}]}
    _damage_data_half(store.partial_path("keywords-terms", "k1"))
    with pytest.raises(io.DamagedFile):
        store.get_partial("keywords-terms", "k1", ("summary",))


@pytest.mark.parametrize("part", ["keywords-terms", "slogans-scan"])
def test_a_re_run_heals_partials_whose_data_half_is_damaged(corpus, tmp_path, part):
    """Every file's partial of a pass has its data half damaged (length kept), then a user edits a
    file: the corpus stages run again and read every file's data; the damaged partials are mapped
    again and counted as healed, and the tables equal a fresh run's on the edited corpus."""
    cfg = config_mod.Config(corpus=corpus, out=tmp_path / "out", workers=1)
    run(cfg)
    for p in sorted((cfg.out / ".cache" / "partials" / part).glob("*.json")):
        _damage_data_half(p)
    victim = sorted(corpus.glob("*.txt"))[0]
    victim.write_text(victim.read_text(encoding="utf-8") + "\n\n深化“放管服”改革，推进“强省会”战略。\n", encoding="utf-8")
    result = run(cfg)
    assert result.healed, result.healed
    fresh = tmp_path / "fresh"
    run(config_mod.Config(corpus=corpus, out=fresh, workers=1))
    _assert_same_tables(cfg.out, fresh)
