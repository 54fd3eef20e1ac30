"""Stage ``slogans``: formulations matched (lexicon) and discovered (rules, recurrence), with
the corpus's candidates and definitions.

Map, reduce, map, reduce, map over chunks of files, so that no process holds the corpus's
texts or all its hits: scan (discovery and lexicon matches, kept as JSON in a scratch
folder) → the formulations to match everywhere → finish (recurrences, definitions,
candidate counts) → scores, merged as the parts arrive → each chunk's ``slogans`` rows,
streamed into the table in corpus order.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from pipeline import io, memory, schemas, slogans
from pipeline.runner import (Plan, Runner, Shared, Stage, Task, enter_stage, remember_fingerprints, share,
                             shared_kind, source_fingerprints, task_lexicon)

KNOWN = shared_kind("slogans-known", lambda v: {s: tuple(kr) for s, kr in v.items()})
SCORES = shared_kind("slogans-scores", dict)


@dataclass(frozen=True)
class SloganSpec:
    work: str  # the scratch folder (OUT/.cache/slogans-work/)
    known: Shared | None = None  # {formulation: (kind, rule)} to match everywhere (second pass)
    scores: Shared | None = None  # {formulation: corpus score} (last pass)


def _scratch(task: Task, kind: str) -> Path:
    return Path(task.spec.work) / f"{kind}-{task.items[0].index:06d}.json"


def scan_task(task: Task) -> tuple[int, list]:
    """Map, first pass: discovery and lexicon matches for a chunk of files (in a worker), kept
    in the scratch folder; returns ``(first file index, the formulations to match everywhere)``."""
    enter_stage(task.stage)
    docs = io.PartStore(task.config.out).read_many("documents", [it.key("ingest") for it in task.items],
                                                  columns=["doc_id", "text"])
    scans = slogans.scan(docs, lexicon=task_lexicon(task), config=task.config.slogans)
    io.write_scratch(_scratch(task, "scan"), slogans.scans_data(scans))
    return task.items[0].index, slogans.propagating(scans.values(), task.config.slogans)


def finish_task(task: Task) -> tuple[int, slogans.Partial]:
    """Map, second pass: recurrences of the corpus's known formulations, definitions and
    candidate counts for a chunk of files (in a worker); the documents' hits stay in the
    scratch folder, the counts and definitions go back."""
    enter_stage(task.stage)
    store = io.PartStore(task.config.out)
    frames, order = [], []
    for it in task.items:
        docs = store.read("documents", it.key("ingest"), columns=["doc_id", "source", "date", "text"])
        frames.append(docs)
        order += [(it.index, row) for row in range(len(docs))]
    docs = pd.concat(frames, ignore_index=True) if frames else schemas.empty("documents")
    sents = store.read_many("sentences", [it.key("sentences") for it in task.items],
                            columns=["doc_id", "start", "end", "text"])
    scans = slogans.scans_from_data(io.read_scratch(_scratch(task, "scan")))
    partial = slogans.finish(docs, sents, scans, task.spec.known.get(), config=task.config.slogans, order=order)
    io.write_scratch(_scratch(task, "hits"), slogans.partial_docs_data(partial.docs))
    return task.items[0].index, replace(partial, docs=[])


def rows_task(task: Task) -> tuple[int, tuple[pd.DataFrame, dict[str, str]]]:
    """Map, last pass: the ``slogans`` rows of a chunk of files, with the corpus's scores, and
    their per-source fingerprints (the indicators' exclusions, so a part of their key)."""
    enter_stage(task.stage)
    hits = slogans.partial_docs_from_data(io.read_scratch(_scratch(task, "hits")))
    found = slogans.occurrences(hits, task.spec.scores.get(), config=task.config.slogans)
    return task.items[0].index, (found, source_fingerprints(found))


def compute(r: Runner, plan: Plan, pool, proto: Task) -> dict:
    key = proto.base
    items = [tuple(r.item(plan, i) for i in chunk) for chunk in r.chunks(plan, pool)]
    work = r.store.root / "slogans-work"
    io.fresh_folder(work)  # a killed run's leftovers go (the output lock makes this run the only one)
    try:
        def tasks(**values):
            return [replace(proto, items=it, spec=SloganSpec(str(work), **values)) for it in items]

        def ordered(results):
            return [x for _, x in sorted(results, key=lambda x: x[0])]

        known = slogans.known_from(p for part in ordered(pool.map(scan_task, tasks())) for p in part)
        merged = slogans.Candidates()  # merged as the parts arrive
        for index, partial in pool.map(finish_task, tasks(known=share(r.store, KNOWN, known))):
            merged.add(index, partial)
        candidates, definitions, scores = merged.tables(lexicon=r.lexicon())
        del merged
        memory.release()
        # the rows are written as they arrive, in corpus order (a part that arrives early
        # waits for the ones before it): the parent never holds the whole table
        writer = r.store.writer("slogans", key)
        try:
            order, waiting, fingerprints = [it[0].index for it in items], {}, {}
            for index, (found, fps) in pool.map(rows_task, tasks(scores=share(r.store, SCORES, scores))):
                fingerprints.update(fps)
                waiting[index] = found
                while order and order[0] in waiting:
                    writer.write(waiting.pop(order.pop(0)))
            writer.close()
        except BaseException:
            writer.abort()
            raise
    finally:
        io.remove_folder(work)
    remember_fingerprints(r.store, "slogans", key, fingerprints)
    return {"slogans": None, "slogan_candidates": candidates, "slogan_definitions": definitions}


STAGE = Stage("slogans", writes=("slogans", "slogan_candidates", "slogan_definitions"), needs=("ingest", "sentences"),
              config="slogans", resources=("slogans.txt", "formulations_mined.tsv", "slogan_scores.json", "idioms.txt"), compute=compute)
