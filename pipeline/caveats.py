"""What a run's summary warns a researcher of: rows the tables hold twice. Pure functions, tables in; the run reads the tables and the CLI prints the result.

Nothing here drops or changes a row: a researcher decides (the README says how, in pandas).

>>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "source": ["x.txt", "x_gbk.txt", "y.docx"],
...                      "content_hash": ["h1", "h1", "h2"]})
>>> duplicate_texts(docs)
[{'content_hash': 'h1', 'sources': ['x.txt', 'x_gbk.txt'], 'doc_ids': ['a', 'b']}]
"""

from __future__ import annotations

import pandas as pd



def duplicate_texts(documents: pd.DataFrame) -> list[dict]:
    """Groups of documents with the same text (``documents.content_hash``, the SHA-1 of the clean
    text): the same article saved twice, in another encoding or format, or printed by two sites.
    Each group: its hash, its sources and doc_ids in table order; groups in the order of their
    first document. Every copy stays in the tables (and counts in slogans, keywords and topics)."""
    if documents is None or documents.empty or "content_hash" not in documents:
        return []
    docs = documents[documents["content_hash"].notna() & (documents["content_hash"] != "")]
    dup = docs[docs.duplicated("content_hash", keep=False)]
    out = []
    for h, g in dup.groupby("content_hash", sort=False):
        out.append({"content_hash": str(h), "sources": [str(s) for s in g["source"]],
                    "doc_ids": [str(d) for d in g["doc_id"]]})
    return out
