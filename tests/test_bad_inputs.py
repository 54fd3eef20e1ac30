"""Bad inputs: each file yields documents or an ingest_errors row with a clear message,
and the run completes. Every test builds its own files."""

from __future__ import annotations

import os
import zlib
import struct

import pandas as pd
import pytest

from pipeline import config as config_mod
from pipeline import io
from pipeline.run import run

GOOD = "甘肃省推进产业发展\n\n今年以来，全省规上工业增加值增长14.4%，签约项目124个585亿元。\n"


def _png() -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + bytes([x % 256, 0, 0]) * 8 for x in range(8))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _run(tmp_path, files: dict[str, bytes], only=None, reporter=None):
    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    for name, data in files.items():
        p = corpus / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    cfg = config_mod.Config(corpus=corpus, out=tmp_path / "out", workers=1)
    result = run(cfg, only=only, reporter=reporter)
    docs = io.read_table(cfg.out, "documents")
    errors = io.read_table(cfg.out, "ingest_errors")
    sources = {str(p.relative_to(corpus)) for p in corpus.rglob("*") if p.is_file()}
    assert sources <= set(docs["source"]) | set(errors["source"]), "a file was lost"
    assert "good.txt" in set(docs["source"])
    return result, docs, errors


def _error(errors: pd.DataFrame, source: str) -> dict:
    rows = errors[errors["source"] == source]
    assert len(rows) == 1, errors
    return rows.iloc[0].to_dict()


def test_empty_file(tmp_path):
    _, _, errors = _run(tmp_path, {"empty.txt": b""})
    assert _error(errors, "empty.txt")["kind"] == "empty"


def test_png_renamed_txt(tmp_path):
    _, docs, errors = _run(tmp_path, {"photo.txt": _png()})
    err = _error(errors, "photo.txt")
    assert err["kind"] == "binary" and "PNG" in err["message"]


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig", "utf-16-le-bom"])
def test_encodings_read_back(tmp_path, encoding):
    data = ("\ufeff" + GOOD).encode("utf-16-le") if encoding == "utf-16-le-bom" else GOOD.encode(encoding)
    _, docs, _ = _run(tmp_path, {"enc.txt": data})
    text = " ".join(docs.loc[docs["source"] == "enc.txt", "text"])
    assert "签约项目124个585亿元" in text


def test_invalid_utf8_in_the_middle_keeps_the_good_text(tmp_path):
    data = GOOD.encode("utf-8") + b"\xff\xfe\xfa" + "后面还有正文，继续推进。".encode("utf-8")
    _, docs, _ = _run(tmp_path, {"bad.txt": data})
    text = "".join(docs.loc[docs["source"] == "bad.txt", "text"])
    assert "签约项目124个585亿元" in text and "后面还有正文" in text


def test_nul_bytes_are_removed(tmp_path):
    data = GOOD.replace("今年", "今\x00年").encode("utf-8")
    _, docs, errors = _run(tmp_path, {"nul.txt": data})
    texts = docs.loc[docs["source"] == "nul.txt", "text"]
    assert len(texts) or len(errors[errors["source"] == "nul.txt"])
    assert not any("\x00" in t for t in docs["text"])


def test_zero_width_and_bidi_controls_are_removed(tmp_path):
    hostile = GOOD.replace("全省", "全\u200b省\u202e").replace("项目", "项\ufeff目\u2066")
    _, docs, _ = _run(tmp_path, {"zw.txt": hostile.encode("utf-8")})
    text = "".join(docs.loc[docs["source"] == "zw.txt", "text"])
    assert "签约项目124个585亿元" in text
    assert not any(c in text for c in "\u200b\u202e\ufeff\u2066")


def test_nested_and_broken_html(tmp_path):
    nested = "<div>" * 5000 + "<p>党建引领产业发展，投资800万元。" + "</div>" * 10 + "<p><b>未闭合"
    _, docs, errors = _run(tmp_path, {"page.html": nested.encode("utf-8")})
    text = "".join(docs.loc[docs["source"] == "page.html", "text"])
    assert "投资800万元" in text or len(errors[errors["source"] == "page.html"])
    assert "<div>" not in text


def test_a_million_digits(tmp_path):
    result, docs, errors = _run(tmp_path, {"digits.txt": b"7" * 1_000_000})
    assert result.tables["documents"] >= 1


def test_fifty_megabytes_without_a_newline(tmp_path):
    line = ("全省经济运行稳中有进，" * 5).encode("utf-8")
    data = line * (50_000_000 // len(line))
    _, docs, errors = _run(tmp_path, {"big.txt": data}, only=["sentences"])
    got = docs.loc[docs["source"] == "big.txt", "n_chars"].sum()
    assert got > 15_000_000 or len(errors[errors["source"] == "big.txt"])


def test_file_that_disappears_during_the_run(tmp_path):
    class DeleteAtIngest:
        def start(self, stage, total, nbytes):
            if stage == "ingest":
                (tmp_path / "corpus" / "gone.txt").unlink()
        def advance(self, *a): pass
        def finish(self, *a): pass

    _, _, errors = _run(tmp_path, {"gone.txt": GOOD.encode()}, reporter=DeleteAtIngest())
    err = _error(errors, "gone.txt")
    assert err["kind"] == "vanished" and "disappeared" in err["message"]


def test_unreadable_sub_folder(tmp_path, monkeypatch):
    # permission bits do not stop root, so the folder is made unreadable at the OS call
    real = os.scandir

    def scandir(path="."):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    _, _, errors = _run(tmp_path, {"locked/inside.txt": GOOD.encode()})
    err = _error(errors, "locked")
    assert err["kind"] == "unreadable" and "Permission denied" in err["message"]


def test_unsupported_files_are_rows_of_kind_unsupported(tmp_path):
    result, docs, errors = _run(tmp_path, {"report.pdf": b"%PDF-1.7\n" + bytes(range(256)),
                                           "sub/notes.docx": b"PK\x03\x04" + bytes(range(256)),
                                           "table.xlsx": b"PK\x03\x04", "NOTES": b"plain text, no extension"})
    assert set(docs["source"]) == {"good.txt"}
    pdf, docx = _error(errors, "report.pdf"), _error(errors, "sub/notes.docx")
    assert pdf["kind"] == docx["kind"] == "unsupported"
    assert "PDF" in pdf["message"] and "convert" in pdf["message"] and ".txt" in pdf["message"]
    assert "DOCX" in docx["message"] and "convert" in docx["message"]
    assert ".xlsx" in _error(errors, "table.xlsx")["message"]
    assert "no extension" in _error(errors, "NOTES")["message"]
    assert result.tables["sentences"] > 0  # the run went on


def test_hidden_files_and_folders_and_readmes_are_ignored(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / ".cache").mkdir(parents=True)
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    (corpus / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (corpus / ".cache" / "copy.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "README.md").write_text("# about this corpus", encoding="utf-8")
    cfg = config_mod.Config(corpus=corpus, out=tmp_path / "out", workers=1)
    run(cfg, only=["ingest"])
    assert set(io.read_table(cfg.out, "documents")["source"]) == {"good.txt"}
    assert io.read_table(cfg.out, "ingest_errors").empty
