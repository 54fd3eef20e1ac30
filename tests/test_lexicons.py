"""Lexicons: one resources object from the configured folder; nothing read at import."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from pipeline import lexicons
from pipeline.config import DEFAULT_LEXICONS, Config
from tests.conftest import ROOT

NEW_UNIT = "垧"  # a unit of land the bundled units.txt lacks
NEW_PLACE = "白塔"  # jieba tags it a person's name (nr), the bundled gazetteer lacks it


def project_lexicons(folder: Path) -> Path:
    """A copy of the bundled lexicons with one more unit and one more place."""
    shutil.copytree(DEFAULT_LEXICONS, folder)
    with open(folder / "units.txt", "a", encoding="utf-8") as fh:
        fh.write(f"\n{NEW_UNIT}\t{NEW_UNIT}\tquantity\tmeasure\n")
    with open(folder / "gazetteer.txt", "a", encoding="utf-8") as fh:
        fh.write(f"\n{NEW_PLACE}\tcounty\t甘肃\t{NEW_PLACE}镇\n")
    return folder


def test_importing_the_pipeline_reads_no_lexicon_file():
    """Every module of ``pipeline`` imported in a fresh interpreter: no file under a
    ``lexicons/`` folder is opened (the ``open`` audit event covers open, io.open,
    os.open and Path.open / read_text / read_bytes)."""
    script = textwrap.dedent("""
        import importlib, pkgutil, sys
        from pathlib import Path
        opened = []
        def hook(event, args):
            if event == "open" and isinstance(args[0], (str, bytes, Path)):
                p = Path(args[0].decode() if isinstance(args[0], bytes) else args[0])
                if "lexicons" in p.parts[:-1]:
                    opened.append(str(p))
        sys.addaudithook(hook)
        import pipeline
        names = sorted(m.name for m in pkgutil.iter_modules(pipeline.__path__))
        for name in names:
            importlib.import_module("pipeline." + name)
        print(len(names), "modules")
        print("\\n".join(opened))
        sys.exit(1 if opened else 0)
    """)
    res = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, f"lexicon files read at import:\n{res.stdout}{res.stderr}"
    assert int(res.stdout.split()[0]) >= 20  # every module was imported


def test_load_reads_units_and_places_from_the_folder(tmp_path):
    folder = project_lexicons(tmp_path / "lexicons")
    lex = lexicons.load(folder)
    assert NEW_UNIT in {u.surface for u in lex.units}
    assert NEW_PLACE in {p.name for p in lex.places}
    bundled = lexicons.bundled()
    assert NEW_UNIT not in {u.surface for u in bundled.units} and len(bundled.units) > 100
    assert bundled is lexicons.bundled()  # loaded once


def _fields(lex: lexicons.Lexicon) -> dict:
    from dataclasses import fields

    return {f.name: getattr(lex, f.name) for f in fields(lex) if f.name != "folder"}


def test_a_folder_without_some_files_reads_the_bundled_ones(tmp_path):
    """The README: a lexicons folder without one of its files uses the bundled file. An empty folder
    loads as the bundled one (same fingerprint: a run reuses the bundled run's parts); a folder
    holding only an edited units.txt takes that file and every other from the package."""
    empty = tmp_path / "empty"
    empty.mkdir()
    assert _fields(lexicons.load(empty)) == _fields(lexicons.bundled())
    assert len(lexicons.load(empty).metrics) > 30 and "三抓三促" in lexicons.load(empty).slogans

    partial = tmp_path / "partial"
    partial.mkdir()
    (partial / "units.txt").write_text(f"{NEW_UNIT}\t{NEW_UNIT}\tquantity\tmeasure\n", encoding="utf-8")
    lex = lexicons.load(partial)
    assert [u.surface for u in lex.units] == [NEW_UNIT]  # the folder's own file, whole
    assert lex.metrics == lexicons.bundled().metrics and lex.slogans == lexicons.bundled().slogans
    assert lex.fingerprint != lexicons.bundled().fingerprint
    from pipeline.runner import files_fp

    assert files_fp(empty, "metrics.txt", "slogans.txt") == files_fp(DEFAULT_LEXICONS, "metrics.txt", "slogans.txt")
    assert files_fp(partial, "units.txt") != files_fp(DEFAULT_LEXICONS, "units.txt")


def test_the_readme_lists_every_bundled_lexicon_file():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Lexicons"):readme.index("## Runs")]
    shipped = sorted(p.name for p in DEFAULT_LEXICONS.iterdir() if p.is_file() and not p.name.startswith("."))
    assert sorted(lexicons.FILES) == shipped
    assert [n for n in shipped if f"`{n}`" not in section] == []
    assert f"{len(shipped)} in all" in section


def test_default_lexicons_are_the_working_folders_then_the_bundled_ones(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert Config().lexicons == DEFAULT_LEXICONS  # no lexicons/ here: the bundled folder
    (tmp_path / "lexicons").mkdir()
    assert Config().lexicons == tmp_path.resolve() / "lexicons"
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "policytext.toml").write_text('lexicons = "elsewhere"\n', encoding="utf-8")
    from pipeline import config as config_mod

    assert config_mod.load().lexicons.resolve() == (tmp_path / "elsewhere").resolve()


def test_a_run_takes_units_and_places_from_the_configured_folder(tmp_path):
    """The issue: a project's units.txt and gazetteer.txt are used by the run (they were
    read from the bundled folder, while the cache key held the configured file)."""
    from pipeline.run import run

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(f"标题\n\n新开垦耕地300{NEW_UNIT}。{NEW_PLACE}电解铝产能达到100万吨。\n",
                                  encoding="utf-8")

    def tables(lexicons_dir: Path, out: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
        run(Config(corpus=corpus, out=out, lexicons=lexicons_dir, workers=1), only=["indicators"])
        return pd.read_parquet(out / "documents.parquet"), pd.read_parquet(out / "indicators.parquet")

    _, inds = tables(project_lexicons(tmp_path / "lexicons"), tmp_path / "out")
    got = dict(zip(inds["unit"], zip(inds["value"], inds["metric"])))
    assert got[NEW_UNIT][0] == 300.0
    assert got["吨"] == (1e6, "电解铝产能")  # a place opening the metric is dropped

    # the bundled folder, into the same output folder: the cache must not hand back the above
    _, inds = tables(DEFAULT_LEXICONS, tmp_path / "out")
    assert NEW_UNIT not in set(inds["unit"])
    assert inds.loc[inds["unit"] == "吨", "metric"].tolist() == [f"{NEW_PLACE}电解铝产能"]


def test_jieba_s_word_index_answers_as_its_dictionary_file_reads():
    """lexicons.jieba_dictionary (sorted arrays in the project cache, looked up one word at a time,
    read whole into a dict after WordIndex.WHOLE_AFTER distinct words, or when asked) gives every word of jieba's
    dict.txt its frequency and tag, and no entry to a word it lacks, before and after the switch."""
    import importlib.util
    from pathlib import Path

    path = Path(importlib.util.find_spec("jieba").submodule_search_locations[0]) / "dict.txt"
    plain = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2:
            plain[parts[0]] = (int(parts[1]), parts[2] if len(parts) > 2 else "")
    sample = list(plain)[::97] + ["不是词的串", "中国x", "", "a\x00"]
    index = lexicons.jieba_dictionary()
    assert len(index) == len(plain)
    assert [index.get(w) for w in sample] == [plain.get(w) for w in sample]
    small = lexicons.WordIndex(*index.arrays().values())
    small.WHOLE_AFTER = 100  # read whole after 100 words
    assert [small.get(w) for w in sample] == [plain.get(w) for w in sample] and small._whole
    assert ("中国" in small, "中国x" in small, small["中国"]) == (True, False, plain["中国"])


# --- jieba's word index in the project cache ------------------------------------------------

@pytest.fixture()
def fake_jieba(tmp_path, monkeypatch):
    """A jieba package of our own (its ``dict.txt``, returned), with the project cache in a
    temporary folder: ``lexicons.jieba_dictionary.__wrapped__()`` opens the index as a new process would."""
    import importlib.util

    from pipeline import io

    monkeypatch.setattr(io, "cache_folder", lambda name: io.ensure_folder(tmp_path / "cache" / name))
    pkg = tmp_path / "site" / "jieba"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    spec = importlib.util.spec_from_file_location("jieba", pkg / "__init__.py", submodule_search_locations=[str(pkg)])
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: spec if name == "jieba" else real(name, *a))
    return pkg / "dict.txt"


def test_the_word_index_follows_a_dictionary_replaced_with_its_size_and_time_kept(fake_jieba):
    """The index is named after the dictionary's content: one replaced by another of the same size,
    its time kept (cp -p, rsync -a, an image layer), is indexed anew."""
    import os

    fake_jieba.write_text("中国 200 ns\n发展 100 v\n", encoding="utf-8")
    st = fake_jieba.stat()
    assert lexicons.jieba_dictionary.__wrapped__().get("中国") == (200, "ns")
    fake_jieba.write_text("中国 900 ns\n发展 100 v\n", encoding="utf-8")
    os.utime(fake_jieba, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert lexicons.jieba_dictionary.__wrapped__().get("中国") == (900, "ns")


@pytest.mark.parametrize("damage", ["lengths_disagree", "unsorted", "unicode_words", "short_freqs"])
def test_a_damaged_word_index_is_built_again_not_used(fake_jieba, tmp_path, damage):
    """Arrays read back that are not the index built (of different lengths, unsorted, words as
    text, cut) are built again from the dictionary: every answer is still the dictionary's."""
    import numpy as np

    lines = [f"词{i:04d} {i + 1} n" for i in range(500)] + ["中国 200 ns", "发展 100 v"]
    fake_jieba.write_text("\n".join(lines) + "\n", encoding="utf-8")
    lexicons.jieba_dictionary.__wrapped__()
    (folder,) = (tmp_path / "cache" / "jieba").glob("words-*")
    words, freqs = np.load(folder / "words.npy"), np.load(folder / "freqs.npy")
    if damage == "lengths_disagree":
        np.save(folder / "words.npy", words[1:].copy())
    elif damage == "unsorted":
        np.save(folder / "words.npy", words[::-1].copy())
    elif damage == "unicode_words":
        np.save(folder / "words.npy", np.char.decode(words, "utf-8"))
    elif damage == "short_freqs":
        np.save(folder / "freqs.npy", freqs[:10].copy())
    idx = lexicons.jieba_dictionary.__wrapped__()
    assert (idx.get("中国"), idx.get("发展"), idx.get("词0300"), len(idx)) == ((200, "ns"), (100, "v"), (301, "n"), 502)
    from pipeline import io

    assert lexicons._index_arrays_whole(io.read_arrays(folder, lexicons.WordIndex.ARRAYS))  # kept whole again


def test_every_stage_s_key_follows_jieba_s_dictionary(tmp_path, monkeypatch):
    """The rules of most stages read jieba's dictionary (and the slogans keep their candidates'
    features from it): another dictionary's content changes every stage's key prefix, so nothing
    kept from the old one is reused."""
    from pipeline.run import STAGES, Runner

    runner = Runner(Config(corpus=tmp_path, out=tmp_path / "out"))
    before = {s.name: runner.base(s) for s in STAGES}
    monkeypatch.setattr(lexicons, "jieba_dictionary_version", lambda: "another dictionary")
    runner = Runner(Config(corpus=tmp_path, out=tmp_path / "out"))
    after = {s.name: runner.base(s) for s in STAGES}
    assert all(before[s] != after[s] for s in before)
