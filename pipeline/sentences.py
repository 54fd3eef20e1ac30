"""Sentence splitting shared by every later stage (table ``sentences``).

A sentence ends after 。！？；!?; (and any closing quotes/brackets that follow) or at a
line break. Offsets point into ``documents.text``.

>>> [s for _, s in split("第一句。第二句！\\n第三句")]
['第一句。', '第二句！', '第三句']
"""

from __future__ import annotations

import re

import pandas as pd

from pipeline import schemas

# a run of non-terminators, then terminators and closing quotes, or a line without them
_SENTENCE = re.compile(r"[^。！？；!?;\n]*(?:[。！？；!?;]+[”’」』）)]*|(?=\n)|$)")


def split(text: str) -> list[tuple[int, str]]:
    """``(start, sentence)`` pairs; whitespace-only pieces are dropped."""
    out = []
    for m in _SENTENCE.finditer(text):
        s = m.group()
        if s.strip():
            out.append((m.start(), s))
    return out


def sentences(documents: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence of every document."""
    rows = []
    for doc, text in zip(documents["doc_id"], documents["text"]):
        for i, (start, s) in enumerate(split(text)):
            rows.append((doc, i, start, start + len(s), s))
    if not rows:
        return schemas.empty("sentences")
    out = pd.DataFrame(rows, columns=schemas.columns("sentences"))
    for col in ("sentence", "start", "end"):  # on the new frame: DataFrame.astype(dict) copies every column
        out[col] = out[col].astype("int32")
    return out
