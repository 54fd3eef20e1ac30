"""DOCX and PDF bytes to plain text lines, for ingest (the bytes are read by :mod:`pipeline.io`).

- **DOCX** (python-docx): the body's paragraphs and table rows in document order; page
  headers and footers are not part of the body and are never read.
- **PDF** with a text layer (pypdfium2, chosen by measurement: the same text as pypdf and
  pdfplumber on a generated report, 7 ms against 21 and 42 ms): lines wrapped by the
  layout are joined into paragraphs (a line as long as the page's usual full line goes on
  in the next one; no space is put between Chinese lines), running headers and footers
  (a first or last line repeated on most pages) and page numbers (``3``, ``3/15``,
  ``- 3 -``, ``第3页``) are removed. A PDF without a text layer raises :class:`NoText`
  with kind ``no_text_layer``. **Limit:** the text comes in the text layer's order; a page
  set in columns is read column by column only when the layer writes it so (most
  producers do); a layer written row by row across the columns merges their lines (an
  ``xfail`` test, ``test_pdf_in_two_columns_is_read_column_by_column[row_order]``).
- Both: Kangxi radicals (U+2F00–2FD5) and CJK Radicals Supplement characters
  (U+2E80–2EF3), which PDF text layers write for ordinary ideographs (⼯ for 工, ⻓ for 长),
  are mapped back through the Unicode Character Database's ``EquivalentUnifiedIdeograph.txt``
  (shipped in ``pipeline/data/``, version 15.0, unchanged).

>>> radicals_to_ideographs("⼯⼈⺠⻓")
'工人民长'
>>> join_lines(["现在，我代表省人民政府，向大会报告", "工作。", "各位代表："], width=17)
['现在，我代表省人民政府，向大会报告工作。', '各位代表：']
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from pipeline import io

UNIHAN_TABLE = Path(__file__).resolve().parent / "data" / "EquivalentUnifiedIdeograph.txt"
# page numbers: 3 / 3/15 / - 3 - / 第3页 / 第 3 页 共 15 页 / Page 3
_PAGE_NUMBER = re.compile(r"^(?:[-—–\s]*\d{1,4}[-—–\s]*|\d{1,4}\s*/\s*\d{1,4}|第\s*\d{1,4}\s*页(?:\s*[,，]?\s*共\s*\d{1,4}\s*页)?|Page\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$", re.I)
# sentence-final punctuation (a line ending in one may end its paragraph)
_FINAL = "。！？；：!?;:”」』）)"


class NoText(ValueError):
    """A file the project cannot take text from: ``kind`` is ``no_text_layer`` or ``unsupported``."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


def kind_of(data: bytes, suffix: str) -> str:
    """``docx``, ``pdf`` or ``text``, from the bytes' signature and the file's extension."""
    if data.startswith(b"%PDF") or suffix == ".pdf":
        return "pdf"
    if suffix == ".docx" or (data.startswith(b"PK\x03\x04") and b"word/document.xml" in data[:65536]):
        return "docx"
    return "text"


@lru_cache(maxsize=1)
def _radical_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for line in io.read_bytes(UNIHAN_TABLE).decode("utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or ";" not in line:
            continue
        src, dst = (x.strip() for x in line.split(";"))
        lo, _, hi = src.partition("..")
        for cp in range(int(lo, 16), int(hi or lo, 16) + 1):
            table[cp] = chr(int(dst, 16))
    return table


def radicals_to_ideographs(text: str) -> str:
    """Kangxi radicals and CJK Radicals Supplement characters to the unified ideographs they stand for."""
    if not any("\u2e80" <= c <= "\u2fdf" for c in text):
        return text
    return text.translate(_radical_table())


def docx_text(data: bytes) -> str:
    """The body text of a DOCX file: one paragraph per line, table rows as tab-separated cells."""
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(BytesIO(data))
    except Exception as exc:  # a damaged or encrypted package
        raise NoText("unsupported", f"DOCX file that cannot be read ({type(exc).__name__}: {exc}): "
                     "open and save it again, or convert it to .txt (UTF-8)") from exc
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells = []
                for c in row.cells:
                    if not cells or c.text != cells[-1]:  # merged cells repeat their text
                        cells.append(c.text)
                lines.append("\t".join(cells))
    text = radicals_to_ideographs("\n\n".join(lines))
    if not text.strip():
        raise NoText("no_text", "the DOCX file's body holds no text")
    return text


def _page_lines(data: bytes) -> list[list[str]]:
    try:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(data)
    except Exception as exc:
        raise NoText("unsupported", f"PDF file that cannot be read ({type(exc).__name__}: {exc}): "
                     "convert it to .txt (UTF-8) and put the .txt in the corpus folder") from exc
    pages = []
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            text = page.get_textpage().get_text_range()
            pages.append([l.strip() for l in re.split(r"\r\n|\r|\n", text)])
    finally:
        pdf.close()
    return pages


def running_lines(pages: list[list[str]]) -> set[str]:
    """Lines that open or close most pages (running headers and footers), digits ignored."""
    if len(pages) < 2:
        return set()
    counts: Counter = Counter()
    for lines in pages:
        kept = [l for l in lines if l]
        for l in set(kept[:2] + kept[-2:]):
            counts[re.sub(r"\d+", "#", l)] += 1
    need = max(2, (len(pages) + 1) // 2)
    return {k for k, n in counts.items() if n >= need}


def join_lines(lines: list[str], *, width: int) -> list[str]:
    """Lines wrapped by the layout joined into paragraphs: a line at least ~90 % of the
    usual full ``width`` goes on in the next one (Chinese lines join without a space)."""
    paras: list[str] = []
    cur = ""
    for line in lines:
        if not line:
            if cur:
                paras.append(cur)
            cur = ""
            continue
        if cur and re.search(r"[A-Za-z0-9,.]$", cur) and re.match(r"^[A-Za-z0-9]", line):
            cur += " " + line
        else:
            cur += line
        if len(line) < width * 0.9 or (line[-1] in _FINAL and len(line) < width):
            paras.append(cur)
            cur = ""
    if cur:
        paras.append(cur)
    return paras


def pdf_text(data: bytes) -> str:
    """The text of a PDF with a text layer, one paragraph per line (see the module docstring)."""
    pages = _page_lines(data)
    if not any(l for p in pages for l in p):
        raise NoText("no_text_layer", f"PDF without a text layer ({len(pages)} pages of images or drawings): "
                     "run OCR on it first (e.g. ocrmypdf) and put the result in the corpus folder")
    running = running_lines(pages)
    body: list[str] = []
    for lines in pages:
        for l in lines:
            if l and (re.sub(r"\d+", "#", l) in running or _PAGE_NUMBER.match(l)):
                continue
            body.append(radicals_to_ideographs(l))
    lengths = Counter(len(l) for l in body if len(l) >= 8)
    width = max((n for n, c in lengths.items() if c >= 2), default=max(lengths, default=40))
    return "\n\n".join(join_lines(body, width=width))
