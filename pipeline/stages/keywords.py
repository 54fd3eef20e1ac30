"""Stage ``keywords``: keywords per document by TF-IDF and TextRank.

Map (per file: its documents' term counts and TextRank keywords from its term rows, the ``terms``
stage's part, kept per file) → reduce
(the corpus's IDF from the files' document frequencies) → map (each chunk's TF-IDF
keywords from the kept counts): no process reads every token, and a re-run on a changed
corpus counts only the changed files' terms.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import chain

import numpy as np
import pandas as pd

from pipeline import keywords, partcache, schemas
from pipeline.runner import (FilePass, Plan, Runner, Shared, Stage, Task, enter_stage, light, partial_data, share,
                             shared_kind)

FREQUENCIES = shared_kind("keyword-frequencies", lambda v: (int(v[0]), dict(v[1])))
TERMS = "keywords-terms"  # the pass kept per file
TERM_COLUMNS = ["doc_id", "sentence", "term"]  # of the terms stage's part (a file's term rows)


@dataclass(frozen=True)
class KeywordSpec:
    frequencies: Shared  # (documents, {term: document frequency}) over the corpus


def terms_files(task: Task) -> list[tuple[list, dict]]:
    """Map, per file of a task (in a worker): ``(its document frequencies, its term counts and
    TextRank rows)`` as data (see :func:`keywords.term_counts_of`), from the file's term rows (stage
    ``terms``)."""
    store = partcache.PartStore(task.config.out)
    parts = [store.read("terms", it.key("terms"), columns=TERM_COLUMNS) for it in task.items]
    # counted once over the task's terms (per document, so the same as file by file), split by file
    all_counts, all_textranks = keywords.term_counts_of(pd.concat(parts, ignore_index=True), config=task.config.topics)
    # each count row's file (a document belongs to one file), the rows split by file in one stable
    # sort instead of a scan of every row per file
    file_of = {d: i for i, part in enumerate(parts) for d in part["doc_id"].astype(str).unique().tolist()}
    # looked up by one hash join (pandas' Index), not one dictionary lookup per count row
    files = pd.Index(list(file_of), dtype=object)
    found = files.get_indexer(all_counts["doc_id"].astype(str).to_numpy(dtype=object))
    where = np.where(found >= 0, np.asarray(list(file_of.values()), dtype=np.int64)[found], -1)
    by_file = np.argsort(where, kind="stable")
    cut = np.searchsorted(where[by_file], np.arange(len(parts) + 1))
    textranks: list[list] = [[] for _ in parts]
    for r in all_textranks:
        if r[0] in file_of:
            textranks[file_of[r[0]]].append(list(r))
    out = []
    for i in range(len(parts)):
        counts = all_counts.iloc[by_file[cut[i]:cut[i + 1]]]
        n, df = keywords.frequencies_of(counts)
        out.append(([n, df], {"doc_id": counts["doc_id"].tolist(), "token": counts["token"].tolist(),
                              "tf": counts["tf"].tolist(), "textrank": textranks[i]}))
    return out


@light  # the kept counts of a chunk's files, no token read: a re-run that started no worker runs it here
def keywords_task(task: Task) -> tuple[int, pd.DataFrame]:
    """Map: the keywords of a chunk of files' documents, with the corpus's frequencies."""
    enter_stage(task.stage)
    kept = partial_data(task, TERMS)
    counts = pd.DataFrame({c: list(chain.from_iterable(k[c] for k in kept)) for c in ("doc_id", "token", "tf")},
                          columns=["doc_id", "token", "tf"]).astype({"doc_id": object, "token": object, "tf": "int64"})
    textranks = [tuple(r) for k in kept for r in k["textrank"]]
    return task.items[0].index, keywords.keywords_from(counts, textranks, config=task.config.topics,
                                                       frequencies=task.spec.frequencies.get())


def compute(r: Runner, plan: Plan, pool, proto: Task) -> dict:
    n_docs, df = 0, {}
    for _, (n, part) in r.map_files(STAGE, plan, pool, TERMS):  # sums: any order
        n_docs += n
        for term, k in part.items():
            df[term] = df.get(term, 0) + k
    spec = KeywordSpec(share(r.store, FREQUENCIES, (n_docs, df)))
    tasks = [replace(proto, items=tuple(r.item(plan, i) for i in chunk), spec=spec) for chunk in r.chunks(plan, pool)]
    frames = [f for _, f in sorted(pool.map(keywords_task, tasks), key=lambda x: x[0]) if len(f)]
    if not frames:
        return {"keywords": schemas.empty("keywords")}
    out = pd.concat(frames, ignore_index=True)  # documents in doc_id order, as in one process
    return {"keywords": out.sort_values("doc_id", kind="mergesort").reset_index(drop=True)}


# the options of the topics section that keywords read (pipeline/keywords.py; a test checks the list):
# a change of a topic model's option does not recompute keywords
OPTIONS = ("keywords_top_n", "textrank_window", "extra_stopwords", "generic_stopwords")

STAGE = Stage("keywords", writes=("keywords",), needs=("terms",), config="topics", config_fields=OPTIONS,
              compute=compute, partials=(FilePass(TERMS, terms_files),))
