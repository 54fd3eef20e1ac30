"""Shared fixtures: the bundled corpus run once per test session into a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def bundled_run(tmp_path_factory):
    """Output folder of one full `policytext run` on the bundled corpus."""
    from typer.testing import CliRunner

    from cli import app

    out = tmp_path_factory.mktemp("bundled_out")
    result = CliRunner().invoke(app, ["run", "--corpus", str(CORPUS), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return out
