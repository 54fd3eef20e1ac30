"""Stage ``places``: the administrative divisions each document names, on the segmenter's
word boundaries (needs the ``tokens`` of the segment stage)."""

from __future__ import annotations

from pipeline import divisions, partcache, places
from pipeline.runner import Item, Stage, Task, key_of


def file_key(item: Item, task: Task) -> str:
    return key_of(task.base, divisions.version(), item.key("ingest"), item.key("segment"))


def file_work(item: Item, task: Task, store: partcache.PartStore) -> str:
    key = file_key(item, task)
    if not store.has("places", key):
        docs = store.read("documents", item.key("ingest"), columns=["doc_id", "text"])
        toks = store.read("tokens", item.key("segment"), columns=["doc_id", "start", "end"])
        store.write("places", key, places.places(docs, toks, divisions=divisions.load()))
    return key


STAGE = Stage("places", writes=("places",), needs=("ingest", "segment"), file_work=file_work, file_key=file_key)
