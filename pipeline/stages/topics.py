"""Stage ``topics``: topic models with k chosen by coherence, their terms, each document's
topics and the topics' trends.

Map (per file: its topic-model units from its term rows, the ``terms`` stage's part, kept per
file) → reduce (the sample: a bottom-k sketch of the units by content hash; the k search on it,
kept under the sample's hash, so a re-run whose change leaves the sample alone trains nothing) →
map (per file: its units' weights under the chosen models, kept per file under the models' key)
→ the tables. A re-run on a changed corpus builds and weights only the changed files' units."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from pipeline import io, partcache, topics
from pipeline.runner import FilePass, Plan, Runner, Shared, Stage, Task, key_of, share, shared_kind

TRAINING = shared_kind("topic-training")  # topics.TrainingSet.data(), decoded by the task
MODELS = shared_kind("topic-models", topics.Models.from_data)
TERM_COLUMNS = ["doc_id", "paragraph", "start", "term"]  # of the terms stage's part (a file's term rows)
UNITS = "topics-units"  # the passes kept per file
WEIGHTS = "topics-weights"
FIT = "topics-fit"  # the k search's result, kept under the sample's hash


@dataclass(frozen=True)
class WeightSpec:
    models: Shared  # topics.Models


def units_files(task: Task) -> list[tuple[str, None]]:
    """Map, per file of a task (in a worker): its topic-model units as a unit table
    (:func:`topics.topic_unit_table_of_terms` of its term rows, the ``terms`` stage's part: terms and
    content hashes, Arrow, compressed), kept per file."""
    store = partcache.PartStore(task.config.out)
    out = []
    for it in task.items:
        terms = store.read_arrow("terms", it.key("terms"), columns=TERM_COLUMNS)
        out.append((topics.encode_table(topics.topic_unit_table_of_terms(terms, config=task.config.topics)), None))
    return out


def weights_files(task: Task) -> list[tuple[dict, None]]:
    """Map, per file of a task (in a worker): which of its units are modelled, their weights under
    each chosen model (:func:`topics.unit_weights`) and their vocabulary terms, kept per file. The
    task's files are weighted in one call (a unit's weights do not depend on the units weighted
    with it): one E-step over all their units instead of one per file (20 MB: 3.4 -> 0.95 s of CPU)."""
    store = partcache.PartStore(task.config.out)
    models = task.spec.models.get()
    per_file = [topics.decode_table(store.get_partial(UNITS, it.key(UNITS), ("summary",))["summary"]) for it in task.items]
    terms = pa.chunked_array([t.column("terms").combine_chunks() for t in per_file],
                             type=per_file[0].schema.field("terms").type) if per_file else None
    keep, weights, lengths = topics.weigh(models, terms)
    keep = np.asarray(keep, dtype=np.int64)
    out, lo = [], 0
    for t in per_file:
        a, b = np.searchsorted(keep, [lo, lo + t.num_rows])
        out.append(({"keep": (keep[a:b] - lo).tolist(), "lengths": lengths[a:b].astype(int).tolist(),
                     "weights": {m: topics.encode_array(w[a:b]) for m, w in weights.items()}}, None))
        lo += t.num_rows
    return out


def _kept_fit(r: Runner, key: str) -> dict | None:
    try:
        return r.store.get_kept(FIT, key)
    except io.DamagedFile:
        r.heal(STAGE.name)
        return None


def compute(r: Runner, plan: Plan, pool, proto: Task) -> dict:
    cfg = r.config.topics
    by_file = dict(r.map_files(STAGE, plan, pool, UNITS))
    per_file = [topics.decode_table(by_file.pop(i)) for i in range(len(plan.sources))]
    units = pa.concat_tables(per_file) if per_file else topics.empty_unit_table()
    docs = r.read("documents", plan.keys["ingest"], columns=["doc_id", "date", "issuer"])
    texts = topics.sample_texts(units, cfg)
    key = key_of(r.base(STAGE), FIT, topics.sample_key(texts))
    kept, models = _kept_fit(r, key), None
    if kept is not None and "models" in kept and kept["models"] is not None:
        try:
            models = topics.Models.from_data(kept["models"])
        except (KeyError, TypeError, ValueError, IndexError):  # readable JSON of the wrong shape: fit again
            r.heal(STAGE.name)
            kept = None
    if kept is not None and "models" in kept:
        pass  # the kept fit (None: no model could be trained on this sample)
    else:
        step = getattr(r.reporter, "step", lambda *a: None)  # a reporter without it sees one step, as before
        # the candidates are trained on the run's workers, one task per k; the training set is
        # shared once (JSON in the part cache), not pickled into every task
        models = topics.fit_models(texts, cfg, pool=pool, share=lambda data: share(r.store, TRAINING, data),
                                   progress=lambda done, total, note: step("topics", done, total, note))
        r.store.put_kept(FIT, key, {"models": None if models is None else models.data()})
    r.store.prune_kept(FIT, {key})
    if models is None:
        r.store.prune_partials(WEIGHTS, set())  # no weights to keep
        return topics.topic_tables_of(None, units, [], {}, docs, cfg)
    spec = WeightSpec(share(r.store, MODELS, models.data()))
    weighted = dict(r.map_files(STAGE, plan, pool, WEIGHTS, depends=key, spec=spec))
    keep, lengths, weights, offset = [], [], {f.model: [] for f in models.chosen}, 0
    for i in range(len(plan.sources)):
        part = weighted.pop(i)
        keep += [offset + j for j in part["keep"]]
        lengths += part["lengths"]
        for m, w in part["weights"].items():
            weights[m].append(topics.decode_array(w))
        offset += per_file[i].num_rows
    weights = {m: np.concatenate(ws) if ws else np.zeros((0, 1)) for m, ws in weights.items()}
    return topics.topic_tables_of(models, units, keep, weights, docs, cfg, lengths=np.asarray(lengths, dtype=np.float64))


STAGE = Stage("topics", writes=("topic_models", "topic_terms", "doc_topics", "topic_trends"),
              needs=("ingest", "terms"), config="topics", compute=compute,
              partials=(FilePass(UNITS, units_files), FilePass(WEIGHTS, weights_files)))
