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


def many_file_corpus(folder: Path, n: int = 24) -> Path:
    """A corpus of ``n`` files of different lengths cut from the bundled texts (``folder/corpus``):
    enough files for several batches of the part cache (:func:`pipeline.batching.batches`)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    corpus = folder / "corpus"
    corpus.mkdir()
    for i in range(n):
        text = texts[i % len(texts)]
        (corpus / f"{i:02d}.txt").write_text(text[: len(text) // 2 + 40 * i], encoding="utf-8")
    return corpus


def one_document(text: str, source: str = "web/page.txt"):
    """The one document ingest makes of a page ``text`` saved as ``source`` (a file that holds one article
    gives one document and no ingest error)."""
    from pipeline import ingest
    from pipeline.io import RawFile

    docs, errors = ingest.documents([RawFile(source, None, text.encode("utf-8"))])
    assert errors.empty, errors
    assert len(docs) == 1, "one article, one document"
    return docs.iloc[0]
