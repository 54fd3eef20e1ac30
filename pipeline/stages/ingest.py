"""Stage ``ingest``: each input file read, decoded and cleaned into ``documents`` (or ``ingest_errors``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa

from pipeline import ingest, io, partcache, schemas
from pipeline.runner import Item, Stage, Task, key_of, task_lexicon


def _safe_documents(raw: io.RawFile, lexicon=None) -> tuple[pa.Table | pd.DataFrame, pd.DataFrame]:
    try:
        return ingest.documents_table([raw], lexicon=lexicon)
    except Exception as exc:  # a bug on hostile input must not lose the file
        err = pd.DataFrame([{"source": raw.source, "kind": "internal",
                             "message": f"ingest failed: {type(exc).__name__}: {exc}"}])
        return schemas.empty("documents"), err


def file_key(item: Item, task: Task) -> str:
    return key_of(task.base, item.source, item.key("file"))


def file_work(item: Item, task: Task, store: partcache.PartStore) -> str:
    cfg = task.config
    key = file_key(item, task)
    if not (store.has("documents", key) and store.has("ingest_errors", key)):
        raw = io.read_raw(Path(cfg.corpus) / item.source, Path(cfg.corpus),
                          max_bytes=int(cfg.ingest.max_file_mb * 1e6))
        docs, errors = _safe_documents(raw, task_lexicon(task))
        store.write("documents", key, docs, frame_metadata=isinstance(docs, pa.Table))
        store.write("ingest_errors", key, errors)
    return key


STAGE = Stage("ingest", writes=("documents", "ingest_errors"), config="ingest",
              resources=("headline_weights.txt", "national_media.txt", "local_media.txt"),
              file_work=file_work, file_key=file_key)
