"""Stage ``keywords``: keywords per document by TF-IDF and TextRank.

Map (document frequencies per chunk of files) → reduce (the corpus's IDF) → map (each
chunk's keywords): no process reads every token.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from pipeline import io, keywords, schemas
from pipeline.runner import Plan, Runner, Shared, Stage, Task, enter_stage, share, shared_kind

FREQUENCIES = shared_kind("keyword-frequencies", lambda v: (int(v[0]), dict(v[1])))


@dataclass(frozen=True)
class KeywordSpec:
    frequencies: Shared  # (documents, {term: document frequency}) over the corpus


def _tokens(task: Task) -> pd.DataFrame:
    return io.PartStore(task.config.out).read_many("tokens", [it.key("segment") for it in task.items],
                                                   columns=keywords.COLUMNS)


def frequencies_task(task: Task) -> tuple[int, dict[str, int]]:
    """Map: document frequencies of a chunk of files' terms (in a worker)."""
    enter_stage(task.stage)
    return keywords.document_frequencies(_tokens(task), config=task.config.topics)


def keywords_task(task: Task) -> tuple[int, pd.DataFrame]:
    """Map: the keywords of a chunk of files' documents, with the corpus's frequencies."""
    enter_stage(task.stage)
    return task.items[0].index, keywords.keywords(_tokens(task), config=task.config.topics,
                                                  frequencies=task.spec.frequencies.get())


def compute(r: Runner, plan: Plan, pool, proto: Task) -> dict:
    items = [tuple(r.item(plan, i) for i in chunk) for chunk in r.chunks(plan, pool)]
    n_docs, df = 0, {}
    for n, part in pool.map(frequencies_task, [replace(proto, items=it) for it in items]):
        n_docs += n
        for term, k in part.items():
            df[term] = df.get(term, 0) + k
    spec = KeywordSpec(share(r.store, FREQUENCIES, (n_docs, df)))
    tasks = [replace(proto, items=it, spec=spec) for it in items]
    frames = [f for _, f in sorted(pool.map(keywords_task, tasks), key=lambda x: x[0]) if len(f)]
    if not frames:
        return {"keywords": schemas.empty("keywords")}
    out = pd.concat(frames, ignore_index=True)  # documents in doc_id order, as in one process
    return {"keywords": out.sort_values("doc_id", kind="mergesort").reset_index(drop=True)}


# the options of the topics section that keywords read (pipeline/keywords.py; a test checks the list):
# a change of a topic model's option does not recompute keywords
OPTIONS = ("keywords_top_n", "textrank_window", "extra_stopwords", "generic_stopwords")

STAGE = Stage("keywords", writes=("keywords",), needs=("segment",), config="topics", config_fields=OPTIONS,
              compute=compute)
