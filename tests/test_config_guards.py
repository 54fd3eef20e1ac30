"""Settings and output folders a user gets wrong: a wrongly typed or empty setting is a usage
error naming it (exit 2, never a traceback), a nan threshold is refused, and a lexicons folder
that only an output folder's manifest names is never read (from a review of branch ux32)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from pipeline import config as config_mod
from tests.conftest import CORPUS

runner = CliRunner()


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "c"
    corpus.mkdir()
    for p in sorted(CORPUS.glob("*.txt"))[:2]:
        shutil.copy(p, corpus)
    return corpus


# ---------------------------------------------------------------- 1. config errors still traceback
# The branch claims every wrong --set / policytext.toml is a ConfigError (exit 2, message naming it).
# A top-level path option (corpus, out, lexicons) given a non-string, or ingest.extensions given
# non-strings, still ends in a TypeError traceback and exit 1 (same on main): load() stores the
# TOML value as-is for corpus/out/lexicons (config.py, `if key in ("corpus", "out", "lexicons")`)
# and the list check of `extensions` does not check its items.
@pytest.mark.parametrize("how, what, key", [
    ("set", "lexicons=5", "lexicons"),
    ("set", "lexicons=true", "lexicons"),
    ("set", "ingest.extensions=[1, 2]", "extensions"),
    ("toml", "corpus = 5", "corpus"),
    ("toml", "out = [1]", "out"),
    ("toml", "lexicons = 5", "lexicons"),
])
def test_a_wrongly_typed_setting_exits_2_naming_it_not_a_traceback(tmp_path, monkeypatch, how, what, key):
    corpus = _corpus(tmp_path)
    monkeypatch.chdir(tmp_path)
    args = ["run", "--corpus", str(corpus), "--out", str(tmp_path / "o"), "--quiet"]
    if how == "set":
        args += ["--set", what]
    else:
        (tmp_path / "policytext.toml").write_text(what + "\n", encoding="utf-8")
    result = runner.invoke(app, args)
    assert not isinstance(result.exception, TypeError), repr(result.exception)
    assert result.exit_code == 2 and key in result.stderr, result.output


# A threshold of nan is taken (exit 0): every `score >= nan` is False, so the run silently drops
# every discovered formulation. A number setting should refuse nan/inf like k_max refuses inf.
def test_a_nan_threshold_is_refused(tmp_path, monkeypatch):
    corpus = _corpus(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["run", "--corpus", str(corpus), "--out", str(tmp_path / "o"), "--quiet",
                                 "--set", "slogans.min_score=nan"])
    assert result.exit_code == 2 and "min_score" in result.stderr, result.output


# `lexicons = ""` in policytext.toml (a user blanking the key to mean "the default") becomes
# Path("") == "." : the working folder itself is read as the lexicons folder, silently (exit 0).
def test_an_empty_lexicons_setting_is_not_the_working_folder(tmp_path, monkeypatch):
    corpus = _corpus(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "policytext.toml").write_text('lexicons = ""\n', encoding="utf-8")
    result = runner.invoke(app, ["run", "--corpus", str(corpus), "--out", str(tmp_path / "o"), "--quiet"])
    manifest = json.loads((tmp_path / "o" / "manifest.json").read_text(encoding="utf-8")) \
        if (tmp_path / "o" / "manifest.json").exists() else {"config": {}}
    assert result.exit_code == 2 or manifest["config"].get("lexicons") != str(tmp_path.resolve()), result.output


# ---------------------------------------------------------------- 2. a manifest names the lexicons read
# cli._recorded_lexicons: a command naming no lexicons folder, run where there is no lexicons/, reads
# whatever absolute folder the output folder's manifest.json names. The user named only --out. A
# results folder received from someone else (or from another installation of policytext: the
# manifest records the *bundled* folder absolute, so a results folder made by an older install keeps
# using that install's lexicons after an upgrade) silently changes the configuration; a folder
# holding a FIFO named slogans.txt hangs the command (seen: `topics --out` blocked until killed).
# Lexicon files are data (no code runs), but they are files outside what the user named.
@pytest.mark.parametrize("planted", ["someone-else/lexicons", "old-install/site-packages/policytext/lexicons"])
def test_a_folder_named_only_by_the_manifest_is_not_read(tmp_path, monkeypatch, planted):
    corpus = _corpus(tmp_path)
    neutral = tmp_path / "work"
    neutral.mkdir()
    monkeypatch.chdir(neutral)
    out = tmp_path / "results"
    assert runner.invoke(app, ["run", "--corpus", str(corpus), "--out", str(out), "--quiet"]).exit_code == 0
    folder = tmp_path / planted
    shutil.copytree(config_mod.DEFAULT_LEXICONS, folder)
    with (folder / "slogans.txt").open("a", encoding="utf-8") as f:
        f.write("\n工作\tnamed\n")
    manifest_path = out / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["config"]["lexicons"] = str(folder.resolve())
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["slogans", "--out", str(out)])
    assert result.exit_code == 0, result.output
    used = json.loads(manifest_path.read_text(encoding="utf-8"))["config"]["lexicons"]
    assert used != str(folder.resolve()), result.stderr
