"""The notebooks run top to bottom on a real output folder and are committed without outputs."""

from __future__ import annotations

import json
import os

import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import ROOT
from tests.test_report import full_out  # noqa: F401  (fixture: bundled run + sample tables)

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks_for_indicators_slogans_and_topics():
    assert {p.stem for p in NOTEBOOKS} >= {"indicators", "slogans", "topics"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_without_outputs_and_uses_the_library(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(not c["outputs"] and c["execution_count"] is None for c in code)
    source = "".join("".join(c["source"]) for c in code)
    assert "from pipeline import charts" in source and "POLICYTEXT_OUT" in source


def _execute(path, out, monkeypatch):
    monkeypatch.setenv("POLICYTEXT_OUT", str(out))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


def _outputs(nb):
    return [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_draws_its_charts_on_the_bundled_corpus(path, full_out, monkeypatch):
    """Executed on the bundled run (plus schema-valid stand-ins for stages not landed yet)."""
    nb = _execute(path, full_out, monkeypatch)
    outputs = _outputs(nb)
    assert not [o for o in outputs if o.output_type == "error"]
    assert any(str(full_out) in o.get("text", "") for o in outputs)  # read the folder it was given
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= {"indicators": 1, "slogans": 4, "topics": 5}.get(path.stem, 1), len(images)
    skipped = [o.text for o in outputs if o.output_type == "stream" and "skipped:" in o.text]
    assert not skipped
    assert not [o for o in outputs if "missing from font" in o.get("text", "")]


def test_topics_notebook_runs_on_a_partial_run_and_says_what_is_missing(bundled_run, tmp_path, monkeypatch):
    from pipeline import io

    io.write_table(tmp_path, "documents", io.read_table(bundled_run, "documents"))
    nb = _execute(ROOT / "notebooks" / "topics.ipynb", tmp_path, monkeypatch)
    outputs = _outputs(nb)
    assert not [o for o in outputs if o.output_type == "error"]
    text = " ".join(o.get("text", "") for o in outputs)
    assert "topic_terms: not in" in text and "skipped:" in text
