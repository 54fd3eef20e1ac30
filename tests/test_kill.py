"""A run killed (SIGKILL) at any point, then re-run, gives the tables of an uninterrupted run."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import textwrap

import pytest

from pipeline import config as config_mod
from pipeline.run import run
from tests.conftest import CORPUS, ROOT
from tests.test_run import _bytes

# The child runs the pipeline and SIGKILLs itself at a chosen point:
#   stage:NAME       when stage NAME starts
#   advance:NAME     after the first chunk of files of stage NAME is done
#   rename:N         just after the N-th rename while swapping tables into place (the
#                    old table moved aside, the new one not yet in place)
CHILD = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from pipeline import config as config_mod, io
    from pipeline.run import run

    point, corpus, out = sys.argv[1:4]
    kind, _, arg = point.partition(":")

    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    class Killer:
        def start(self, stage, total, nbytes):
            if kind == "stage" and stage == arg:
                die()
        def advance(self, stage, files, nbytes):
            if kind == "advance" and stage == arg:
                die()
        def finish(self, stage, computed, reused):
            pass

    if kind == "rename":
        calls = [0]
        real = Path.rename
        def rename(self, target):
            result = real(self, target)
            calls[0] += 1
            if calls[0] == int(arg):
                die()
            return result
        Path.rename = rename

    run(config_mod.Config(corpus=Path(corpus), out=Path(out), workers=1), reporter=Killer())
""")

POINTS = ["stage:sentences", "advance:ingest", "advance:segment", "stage:segment", "stage:topics",
          "advance:indicators", "rename:1", "rename:6"]


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    base = tmp_path_factory.mktemp("kill")
    corpus = base / "corpus"
    shutil.copytree(CORPUS, corpus)
    out = base / "reference"
    run(config_mod.Config(corpus=corpus, out=out, workers=1))
    return corpus, _bytes(out)


@pytest.mark.parametrize("point", POINTS)
def test_killed_run_then_rerun_gives_identical_tables(point, reference, tmp_path):
    corpus, expected = reference
    out = tmp_path / "out"
    # a complete earlier run in the folder, so the kill hits a run that replaces tables
    if point.startswith("rename"):
        run(config_mod.Config(corpus=corpus, out=out, workers=1))
        (corpus / "extra.txt").write_text("临时标题\n\n临时正文，增长5%。", encoding="utf-8")
    child = subprocess.run([sys.executable, "-c", CHILD, point, str(corpus), str(out)], cwd=ROOT,
                           capture_output=True, text=True, timeout=300)
    (corpus / "extra.txt").unlink(missing_ok=True)
    if child.returncode != -signal.SIGKILL:
        pytest.fail(f"kill point {point} was never reached (exit {child.returncode}): {child.stderr[-2000:]}")
    run(config_mod.Config(corpus=corpus, out=out, workers=1))
    assert _bytes(out) == expected
