"""Ingest: raw corpus files -> ``documents`` and ``ingest_errors``.

>>> from pipeline.io import RawFile
>>> docs, errors = documents([RawFile("a.txt", None, "标题\n\n正文第一段。".encode())])
>>> docs.loc[0, "text"]
'正文第一段。'
"""

from __future__ import annotations

import pandas as pd

from pipeline import schemas
from pipeline.ids import content_hash, doc_id
from pipeline.io import DecodeError, RawFile, decode


def documents(raw_files: list[RawFile], *, places=()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Decode, clean and split every raw file; files that yield nothing go to the errors table."""
    rows, errors = [], []
    for raw in raw_files:
        if raw.data is None:
            errors.append({"source": raw.source, "kind": raw.error_kind, "message": raw.error})
            continue
        try:
            text, _ = decode(raw.data)
        except DecodeError as exc:
            errors.append({"source": raw.source, "kind": exc.kind, "message": str(exc)})
            continue
        paras = [p.strip() for p in text.replace("\r\n", "\n").split("\n") if p.strip()]
        if not paras:
            errors.append({"source": raw.source, "kind": "empty", "message": "no text after clean-up"})
            continue
        title, body = (paras[0], paras[1:]) if len(paras) > 1 else (None, paras)
        clean = "\n".join(body)
        rows.append({
            "doc_id": doc_id(raw.source, 0), "source": raw.source, "article": 0,
            "title": title, "subtitle": None, "authors": [], "publication": None, "date": None,
            "regions": [], "text": clean, "n_chars": len(clean), "removed": [],
            "content_hash": content_hash(clean),
        })
    docs = pd.DataFrame(rows, columns=schemas.columns("documents")) if rows else schemas.empty("documents")
    errs = pd.DataFrame(errors, columns=schemas.columns("ingest_errors")) if errors else schemas.empty("ingest_errors")
    return docs, errs
