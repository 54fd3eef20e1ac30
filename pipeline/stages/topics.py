"""Stage ``topics``: topic models with k chosen by coherence, their terms, each document's
topics and the topics' trends. The units are built per file (map, kept per file: a re-run
on a changed corpus builds only the changed files' units); the models need them all (reduce)."""

from __future__ import annotations

from pipeline import io, topics
from pipeline.runner import FilePass, Plan, Runner, Stage, Task, share, shared_kind
from pipeline.topic_corpus import Unit

TRAINING = shared_kind("topic-training")  # topics.TrainingSet.data(), decoded by the task
TOKEN_COLUMNS = ["doc_id", "position", "start", "token", "is_slogan", "is_stopword"]
UNITS = "topics-units"  # the pass kept per file


def units_files(task: Task) -> list[tuple[list, None]]:
    """Map, per file of a task (in a worker): its topic-model units as data, kept per file."""
    store = io.PartStore(task.config.out)
    out = []
    for it in task.items:
        docs = store.read("documents", it.key("ingest"), columns=["doc_id", "text"])
        toks = store.read("tokens", it.key("segment"), columns=TOKEN_COLUMNS)
        out.append(([[u.doc_id, u.unit, list(u.terms)] for u in topics.topic_units(docs, toks, config=task.config.topics)],
                    None))
    return out


def compute(r: Runner, plan: Plan, pool, proto: Task) -> dict:
    by_file = dict(r.map_files(STAGE, plan, pool, UNITS))
    units = [Unit(d, u, tuple(terms)) for i in range(len(plan.sources)) for d, u, terms in by_file.pop(i)]
    docs = r.read("documents", plan.keys["ingest"], columns=["doc_id", "date", "issuer"])
    step = getattr(r.reporter, "step", lambda *a: None)  # a reporter without it sees one step, as before
    # the candidates are trained on the run's workers, one task each; the training set is
    # shared once (JSON in the part cache), not pickled into every task
    return topics.topic_tables(docs, None, config=r.config.topics, units=units, pool=pool,
                               share=lambda data: share(r.store, TRAINING, data),
                               progress=lambda done, total, note: step("topics", done, total, note))


STAGE = Stage("topics", writes=("topic_models", "topic_terms", "doc_topics", "topic_trends"),
              needs=("ingest", "segment"), config="topics", compute=compute, partials=(FilePass(UNITS, units_files),))
