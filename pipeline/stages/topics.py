"""Stage ``topics``: topic models with k chosen by coherence, their terms, each document's
topics and the topics' trends. The units are built per chunk of files (map); the models
need them all (reduce)."""

from __future__ import annotations

from dataclasses import replace

from pipeline import io, topics
from pipeline.runner import Plan, Runner, Stage, Task, enter_stage, share, shared_kind

TRAINING = shared_kind("topic-training")  # topics.TrainingSet.data(), decoded by the task
TOKEN_COLUMNS = ["doc_id", "position", "start", "token", "is_slogan", "is_stopword"]


def units_task(task: Task) -> tuple[int, list]:
    """Map: the topic-model units of a chunk of files (in a worker)."""
    enter_stage(task.stage)
    store = io.PartStore(task.config.out)
    docs = store.read_many("documents", [it.key("ingest") for it in task.items], columns=["doc_id", "text"])
    toks = store.read_many("tokens", [it.key("segment") for it in task.items], columns=TOKEN_COLUMNS)
    return task.items[0].index, topics.topic_units(docs, toks, config=task.config.topics)


def compute(r: Runner, plan: Plan, pool, proto: Task) -> dict:
    tasks = [replace(proto, items=tuple(r.item(plan, i) for i in chunk)) for chunk in r.chunks(plan, pool)]
    units = [u for _, part in sorted(pool.map(units_task, tasks), key=lambda x: x[0]) for u in part]
    docs = r.read("documents", plan.keys["ingest"], columns=["doc_id", "date", "issuer"])
    step = getattr(r.reporter, "step", lambda *a: None)  # a reporter without it sees one step, as before
    # the candidates are trained on the run's workers, one task each; the training set is
    # shared once (JSON in the part cache), not pickled into every task
    return topics.topic_tables(docs, None, config=r.config.topics, units=units, pool=pool,
                               share=lambda data: share(r.store, TRAINING, data),
                               progress=lambda done, total, note: step("topics", done, total, note))


STAGE = Stage("topics", writes=("topic_models", "topic_terms", "doc_topics", "topic_trends"),
              needs=("ingest", "segment"), config="topics", compute=compute)
