"""What a run's summary warns a researcher of: rows the tables hold twice, documents a table
leaves out. Pure functions, tables in; the run reads the tables and the CLI prints the result.

Nothing here drops or changes a row: a researcher decides (the README says how, in pandas).

>>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "source": ["x.txt", "x_gbk.txt", "y.docx"],
...                      "content_hash": ["h1", "h1", "h2"]})
>>> duplicate_texts(docs)
[{'content_hash': 'h1', 'sources': ['x.txt', 'x_gbk.txt'], 'doc_ids': ['a', 'b']}]
>>> without_topics(docs, pd.DataFrame({"doc_id": ["a", "b"]}))
{'n': 1, 'sources': ['y.docx']}
"""

from __future__ import annotations

import pandas as pd

from pipeline.config import TopicConfig


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


def without_topics(documents: pd.DataFrame, doc_topics: pd.DataFrame) -> dict:
    """The documents of ``documents`` that have no ``doc_topics`` row: how many, and their sources."""
    if documents is None or documents.empty:
        return {"n": 0, "sources": []}
    have = set(doc_topics["doc_id"]) if doc_topics is not None and not doc_topics.empty else set()
    missing = documents[~documents["doc_id"].isin(have)]
    return {"n": len(missing), "sources": [str(s) for s in missing["source"]]}


def without_topics_reason(config: TopicConfig, *, models: bool = True) -> str:
    """Why a document has no ``doc_topics`` row, the options that decide it and how to change them.

    >>> without_topics_reason(TopicConfig()).startswith("no unit (topics.unit = paragraph) of theirs holds")
    True
    """
    if not models:
        return ("no topic model could be trained on this corpus: too few units hold topics.min_unit_terms = "
                f"{config.min_unit_terms} terms that are each in at least topics.no_below = {config.no_below} units; "
                "topic models need a larger corpus")
    why = (f"no unit (topics.unit = {config.unit}) of theirs holds topics.min_unit_terms = {config.min_unit_terms} "
           f"terms of the models' vocabulary (a term must be in at least topics.no_below = {config.no_below} units, "
           f"more on a large corpus: one per topics.no_below_per_units = {config.no_below_per_units}, and in at most "
           f"topics.no_above = {config.no_above} of them): short documents mostly")
    fewer = min(2, int(config.min_unit_terms) - 1)
    if fewer < 1:  # (already the fewest: no advice to give)
        return why
    return why + f". To give them topic weights (rougher, from fewer terms): --set topics.min_unit_terms={fewer}"
