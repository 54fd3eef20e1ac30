"""Stage ``sentences``: each document cut into sentences with their offsets."""

from __future__ import annotations

from pipeline import partcache, sentences
from pipeline.runner import Item, Stage, Task, key_of


def file_key(item: Item, task: Task) -> str:
    return key_of(task.base, item.key("ingest"))


def file_work(item: Item, task: Task, store: partcache.PartStore) -> str:
    key = file_key(item, task)
    if not store.has("sentences", key):
        docs = store.read("documents", item.key("ingest"), columns=["doc_id", "text"])  # what sentences() reads
        store.write("sentences", key, sentences.sentences(docs))
    return key


STAGE = Stage("sentences", writes=("sentences",), needs=("ingest",), file_work=file_work, file_key=file_key)
