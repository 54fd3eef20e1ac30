"""Stage ``slogans``: formulations matched (lexicon) and discovered (rules, recurrence), with
the corpus's candidates and definitions.

Map, reduce, map, reduce, map over the files, so that no process holds the corpus's texts
or all its hits: scan (discovery and lexicon matches) → the formulations to match
everywhere → finish (recurrences, definitions, candidate counts) → scores, merged as the
parts arrive → each file's ``slogans`` rows, streamed into the table in corpus order.

The three map passes are kept per file (``Runner.map_files``): the scan by the file alone,
the finish by the file and those of the formulations to match everywhere that may recur in
it, the rows by the finish and which of the file's discovered formulations score high
enough to be kept. A re-run on a changed corpus maps only the changed files (and the files
where a formulation new to the corpus, or no longer in it, may recur, or whose kept
formulations changed), and reduces from the kept results.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd
import pyarrow as pa

from pipeline import memory, partcache, schemas, slogans, timeline
from pipeline.slogan_recurrences import FrozenKnown
from pipeline.runner import (FilePass, Item, Plan, Runner, Shared, Stage, Task, key_of, partial_data,
                             remember_fingerprints, share, shared_kind, source_fingerprints, task_lexicon)

# decoded as a FrozenKnown: a worker's recurrence matcher reused for it without comparing its entries
KNOWN = shared_kind("slogans-known", lambda v: FrozenKnown({s: tuple(kr) for s, kr in v.items()}))
SCORES = shared_kind("slogans-scores", dict)
SCAN, FINISH, ROWS = "slogans-scan", "slogans-finish", "slogans-rows"  # the passes kept per file
OLD_FEATURES = "slogans-features"  # where runs before the features came with the partials kept them: removed


@dataclass(frozen=True)
class SloganSpec:
    known: Shared | None = None  # {formulation: (kind, rule)} to match everywhere (second pass)
    scores: Shared | None = None  # {formulation: corpus score} (last pass)


def scan_files(task: Task) -> list[tuple[list, list]]:
    """Map, first pass, per file of a task (in a worker): ``(the formulations to match
    everywhere, the scan as data)`` (see :func:`slogans.scan`, :func:`slogans.propagating`)."""
    store = partcache.PartStore(task.config.out)
    # the columns the finish reads too: the frames are handed over to it (finish_depends)
    files = [store.read("documents", it.key("ingest"), columns=FINISH_COLUMNS) for it in task.items]
    # one scan over the task's documents (its matchers are built once), split by file
    scans = slogans.scan(pd.concat(files, ignore_index=True), lexicon=task_lexicon(task), config=task.config.slogans)
    out = []
    for it, docs in zip(task.items, files):
        mine = {d: scans[d] for d in docs["doc_id"]}
        out.append((slogans.propagating(mine.values(), task.config.slogans), slogans.scans_data(mine)))
        _hand_over(SCAN, it.key(SCAN), mine, sum(len(a) + len(b) + len(c) for a, b, c in mine.values()))
        _hand_over(DOCUMENTS, it.key("ingest"), docs, int(docs["text"].str.len().sum()))
    return out


# A file's values from the pass that computed them to the next pass in the same process (a run of one
# process, or a worker that happens to get the file again), which then neither reads nor decodes them
# (the scan's and the finish's data halves, JSON; the documents, Parquet) nor rebuilds their hits: the
# same values, as JSON reads back what it wrote. Kept by kind and key (the partial's or the documents
# part's, its content's), the oldest of a kind dropped beyond its budget, all at a stage change; a file
# not found here is read as before.
DOCUMENTS = "documents"
_HANDOFF: dict = {}  # (kind, key) -> (objects, cost)
_HANDOFF_HELD: dict = {}  # kind -> cost held
# at most: hits of the scans and of the finished documents (~350 bytes each: ~20 MB; the 5 MB sample's
# scans hold ~30,000), characters of documents (~2 bytes each: ~16 MB; the sample ~1.7 M)
_HANDOFF_MAX = {SCAN: 60_000, FINISH: 60_000, DOCUMENTS: 8_000_000}


def _hand_over(kind: str, key: str, obj, cost: int) -> None:
    budget, held = _HANDOFF_MAX[kind], _HANDOFF_HELD.get(kind, 0)
    old = _HANDOFF.pop((kind, key), None)
    held -= old[1] if old else 0
    while held + cost > budget:
        oldest = next((k for k in _HANDOFF if k[0] == kind), None)
        if oldest is None:
            break
        held -= _HANDOFF.pop(oldest)[1]
    if cost <= budget:
        _HANDOFF[kind, key] = (obj, cost)
        held += cost
    _HANDOFF_HELD[kind] = held


def _take(kind: str, key: str):
    """What :func:`_hand_over` kept of ``key``, taken (``None`` when it has not)."""
    kept = _HANDOFF.pop((kind, key), None)
    if kept is None:
        return None
    _HANDOFF_HELD[kind] -= kept[1]
    return kept[0]


def _handed(task: Task, part: str, decode) -> list:
    """The data half of pass ``part`` for each item of ``task``: as handed over in this process
    (:func:`_hand_over`), else read (:func:`partial_data`) and decoded by ``decode``."""
    found = {}
    for it in task.items:
        kept = _take(part, it.key(part))
        if kept is not None:
            found[it.index] = kept
    missing = tuple(it for it in task.items if it.index not in found)
    if missing:
        for it, data in zip(missing, partial_data(replace(task, items=missing), part)):
            found[it.index] = decode(data)
    return [found[it.index] for it in task.items]


def _forget_handoff() -> None:
    _HANDOFF.clear()
    _HANDOFF_HELD.clear()


memory.on_stage_change(_forget_handoff)


# what finish() reads of a file's documents; finish_depends reads them for it, in the same worker
FINISH_COLUMNS = ["doc_id", "source", "date", "text"]
_FINISH_DOCS: dict = {}  # documents part key -> the frame finish_depends read, until finish_files takes it
_FINISH_DOCS_KEPT = 64  # frames kept at most (a file whose finish is reused is never taken)
memory.on_stage_change(_FINISH_DOCS.clear)


def _finish_documents(store: partcache.PartStore, key: str) -> pd.DataFrame:
    """A file's documents for finish(), read once for finish_depends and finish_files."""
    docs = _FINISH_DOCS.pop(key, None)
    return store.read("documents", key, columns=FINISH_COLUMNS) if docs is None else docs


def finish_files(task: Task) -> list[tuple[list, list]]:
    """Map, second pass, per file of a task (in a worker): recurrences of the corpus's known
    formulations, definitions and candidate counts; ``({"counts": the counts and definitions,
    "features": the formulation features of what it counts}, the documents' hits)`` as data (see
    :func:`slogans.finish`, :func:`slogans.partial_features_data`): the reduce scores the
    candidates from the features the workers computed, kept with each file's partial."""
    store = partcache.PartStore(task.config.out)
    known = task.spec.known.get()
    out = []
    for it, scans in zip(task.items, _handed(task, SCAN, slogans.scans_from_data)):
        docs = _finish_documents(store, it.key("ingest"))
        # the offsets only: a sentence's text is the document's between them (the column
        # repeats the whole text)
        sents = store.read("sentences", it.key("sentences"), columns=["doc_id", "start", "end"])
        partial = slogans.finish(docs, sents, scans, known, config=task.config.slogans)
        out.append(({"counts": slogans.partial_counts_data(partial), "features": slogans.partial_features_data(partial)},
                    slogans.partial_docs_data(partial.docs)))
        _hand_over(FINISH, it.key(FINISH), partial.docs, sum(len(d.lexicon) + len(d.discovered) for d in partial.docs))
    return out


def finish_depends(item: Item, task: Task) -> str:
    """What a file's finish depends on of the corpus's known formulations: those that may
    recur in its text (see :func:`slogans.known_present`)."""
    if not task.config.slogans.discover:
        return ""
    key = item.key("ingest")
    docs = _take(DOCUMENTS, key)  # the frame the scan read, when this process scanned the file
    if docs is None:
        docs = partcache.PartStore(task.config.out).read("documents", key, columns=FINISH_COLUMNS)
    if len(_FINISH_DOCS) >= _FINISH_DOCS_KEPT:
        _FINISH_DOCS.pop(next(iter(_FINISH_DOCS)))
    _FINISH_DOCS[key] = docs  # finish_files reads them here, unless the file's finish is kept
    return key_of(list(slogans.known_present(docs["text"], task.spec.known.get()).items()))


def rows_files(task: Task) -> list[tuple[dict, None]]:
    """Map, last pass, per file of a task (in a worker): its ``slogans`` rows with the
    corpus's scores (columns as lists) and their per-source fingerprints (the indicators'
    exclusions, so a part of their key). The fingerprints of the task's files from one frame
    of all their rows (a row's hash is its own: the same as file by file, one frame hashed
    instead of one per file)."""
    scores = task.spec.scores.get()
    files = [slogans.occurrence_columns(docs, scores, config=task.config.slogans)
             for docs in _handed(task, FINISH, slogans.partial_docs_from_data)]
    every = {c: [v for f in files for v in f[c]] for c in schemas.columns("slogans")}
    fingerprints = source_fingerprints(slogans.occurrence_frame(every))
    return [({"rows": f, "fingerprints": {s: fingerprints[s] for s in dict.fromkeys(f["source"])}}, None)
            for f in files]


def _rows(columns: dict) -> pa.Table:
    """A file's ``slogans`` rows from :func:`rows_files`, as an Arrow table of the declared
    schema: the part's writer takes it as it is (a frame was built, typed and converted back
    for every file)."""
    schema = schemas.TABLES["slogans"].schema
    if not columns or not len(columns.get("doc_id", [])):
        return schema.empty_table()
    return pa.Table.from_pydict({c: columns[c] for c in schema.names}, schema=schema)


def compute(r: Runner, plan: Plan, pool, proto: Task) -> dict:
    key = proto.base
    propagating = dict(r.map_files(STAGE, plan, pool, SCAN))
    with timeline.span(STAGE.name, "reduce: formulations to match everywhere"):
        known = slogans.known_from(p for i in range(len(plan.sources)) for p in propagating[i])
    del propagating
    spec = SloganSpec(known=share(r.store, KNOWN, known))
    merged = slogans.Candidates()  # merged as the parts arrive
    discovered = {}  # per file, the formulations discovered in it
    # what a candidate's score reads of its words alone (jieba's dictionary, its shape), computed
    # by the workers and kept with each file's partial: the parent only looks it up
    known_features: dict = {}
    for index, part in r.map_files(STAGE, plan, pool, FINISH, spec=spec, depends=key_of(list(known.items()))):
        merged.add(index, slogans.partial_counts_from_data(part["counts"], index))
        slogans.features_from_data(part["features"], into=known_features)
        discovered[index] = list(part["counts"][1])
    with timeline.span(STAGE.name, "reduce: candidates scored"):
        candidates, definitions, scores = merged.tables(lexicon=r.lexicon(), known_features=known_features)
    r.store.prune_kept(OLD_FEATURES, set())
    del merged, known_features
    memory.release()
    # a file's rows depend on its finish and on which of its discovered formulations reach
    # the score to be kept: a change of the scores elsewhere leaves them as they were
    # (both thresholds: a hit keeps min_score, or min_score_named when it is named)
    finished, thresholds = plan.keys[FINISH], (r.config.slogans.min_score, r.config.slogans.min_score_named)

    def rows_depend(i: int) -> str:
        return key_of(finished[i], sorted((s, [scores.get(s, 0) >= t for t in thresholds]) for s in discovered.pop(i)))

    # the rows are written as they arrive, in corpus order (a file that arrives early waits
    # for the ones before it)
    writer = r.store.writer("slogans", key)
    try:
        waiting, fingerprints, next_index = {}, {}, 0
        for index, found in r.map_files(STAGE, plan, pool, ROWS, depends=rows_depend, largest_first=False,
                                        spec=SloganSpec(scores=share(r.store, SCORES, scores))):
            fingerprints.update(found["fingerprints"])
            waiting[index] = found["rows"]
            while next_index in waiting:
                writer.write(_rows(waiting.pop(next_index)))
                next_index += 1
        writer.close()
    except BaseException:
        writer.abort()
        raise
    remember_fingerprints(r.store, "slogans", key, fingerprints)
    return {"slogans": None, "slogan_candidates": candidates, "slogan_definitions": definitions}


STAGE = Stage("slogans", writes=("slogans", "slogan_candidates", "slogan_definitions"), needs=("ingest", "sentences"),
              config="slogans", resources=("slogans.txt", "formulations_mined.tsv", "slogan_scores.json", "idioms.txt"),
              compute=compute, partials=(FilePass(SCAN, scan_files), FilePass(FINISH, finish_files, refine=finish_depends),
                                         FilePass(ROWS, rows_files)))
