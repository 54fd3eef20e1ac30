"""Stable identifiers and content hashes."""

from __future__ import annotations

import hashlib


def doc_id(source: str, article: int) -> str:
    """Stable id of an article: depends only on its file's relative path and its index.

    >>> doc_id("003_ce4ced079eb000a5.txt", 0) == doc_id("003_ce4ced079eb000a5.txt", 0)
    True
    """
    return hashlib.sha1(f"{source}\x00{article}".encode("utf-8")).hexdigest()[:16]


def content_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()
