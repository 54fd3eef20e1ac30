"""Running stages: plan the work, reuse what is unchanged, call the stage functions, write tables.

Two kinds of stage:

- per-file stages (ingest, sentences, segment, indicators) run on each input file's
  articles separately, in worker processes (or Dask), and write one Parquet part per file
  into the part cache, keyed by a hash of everything the part depends on (input bytes,
  configuration, lexicon files, code). A re-run reuses every part whose key is unchanged;
  changing one file recomputes that file's parts only.
- corpus stages (slogans, keywords, topics) read every document or token, and are keyed
  by the keys of their inputs.

Stages run in the order of :data:`STAGES`: slogans before segment, so that formulations
discovered in this corpus are protected as single tokens in the same run (and a change in
the discovered set re-segments only the files that contain an affected formulation).

>>> [name for name, _ in STAGES][:2]
['ingest', 'sentences']
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Protocol

import pandas as pd
import pyarrow as pa

from pipeline import executor, io, lexicons, memory, schemas
from pipeline.config import Config

PACKAGE_DIR = Path(__file__).resolve().parent
MANIFEST = "manifest.json"  # OUT/manifest.json: the folder's corpus, configuration, inputs and tables


class UsageError(Exception):
    """A problem the user must fix (missing corpus folder, unwritable output folder, a lock)."""


class EmptyCorpus(UsageError):
    """The corpus folder holds no file of a type ingest reads; nothing was written."""


@lru_cache(maxsize=1)
def code_version() -> str:
    """Hash of the library's source: any code change invalidates cached parts."""
    h = hashlib.sha1()
    for p in sorted(PACKAGE_DIR.glob("*.py")):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:12]


def _key(*parts) -> str:
    blob = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha1(blob.encode("utf-8")).hexdigest()[:20]


def _files_fp(folder: Path, *names: str) -> str:
    h = hashlib.sha1()
    for name in names:
        p = Path(folder) / name
        h.update(name.encode())
        h.update(p.read_bytes() if p.is_file() else b"<absent>")
    return h.hexdigest()[:12]


@lru_cache(maxsize=4)
def _lexicon(folder: str, fingerprint: str) -> lexicons.Lexicon:
    return lexicons.load(Path(folder))


# --- per-file work (runs in worker processes) -------------------------------------------

@dataclass(frozen=True)
class Item:
    """One input file in a task: its position in the corpus order and its upstream key."""

    index: int
    source: str
    key_in: str  # file hash for ingest, the ingest key for later stages


@dataclass(frozen=True)
class Task:
    stage: str
    items: tuple[Item, ...]
    config: Config
    lexicon_fp: str
    spec: dict = field(default_factory=dict)


def _safe_documents(raw: io.RawFile, places) -> tuple[pd.DataFrame, pd.DataFrame]:
    from pipeline import ingest

    try:
        return ingest.documents([raw], places=places)
    except Exception as exc:  # a bug on hostile input must not lose the file
        err = pd.DataFrame([{"source": raw.source, "kind": "internal",
                             "message": f"ingest failed: {type(exc).__name__}: {exc}"}])
        return schemas.empty("documents"), err


def _key_ingest(item: Item, task: Task) -> str:
    return _key("ingest", code_version(), task.config.ingest, task.spec["gazetteer_fp"], item.source, item.key_in)


def _key_sentences(item: Item, task: Task) -> str:
    return _key("sentences", code_version(), item.key_in)


def _key_indicators(item: Item, task: Task) -> str:
    slogans_fp = task.spec["slogan_fp"].get(item.source, "")  # the file's slogan spans are exclusions
    return _key("indicators", code_version(), task.config.indicators, task.spec["lexicon_fp"], item.key_in, slogans_fp)


def _do_ingest(item: Item, task: Task, store: io.PartStore) -> str:
    cfg = task.config
    key = _key_ingest(item, task)
    if not (store.has("documents", key) and store.has("ingest_errors", key)):
        lex = _lexicon(str(cfg.lexicons), task.lexicon_fp)
        raw = io.read_raw(Path(cfg.corpus) / item.source, Path(cfg.corpus),
                          max_bytes=int(cfg.ingest.max_file_mb * 1e6))
        docs, errors = _safe_documents(raw, lex.places)
        store.write("documents", key, docs)
        store.write("ingest_errors", key, errors)
    return key


def _do_sentences(item: Item, task: Task, store: io.PartStore) -> str:
    from pipeline import sentences

    key = _key_sentences(item, task)
    if not store.has("sentences", key):
        store.write("sentences", key, sentences.sentences(store.read("documents", item.key_in)))
    return key


def _segment_memo(item: Item, task: Task) -> str:
    """Name under which the segment key of this file, for this discovered map, is remembered."""
    return _key("segment-memo", code_version(), task.config.segment, task.spec["lexicon_fp"], item.key_in,
                task.spec["protect_fp"])


def _key_segment_remembered(item: Item, task: Task) -> str | None:
    return io.PartStore(task.config.out).memo_get(_segment_memo(item, task))


def _do_segment(item: Item, task: Task, store: io.PartStore) -> str:
    from pipeline import segment

    cfg = task.config
    docs = store.read("documents", item.key_in, columns=["doc_id", "text"])
    protect = task.spec["protect"].get()
    lex = _lexicon(str(cfg.lexicons), task.lexicon_fp)
    # the whole map, not just the present ones: the segmenter is built once per worker
    # (absent formulations never match, so the tokens are the same); the key holds the
    # present ones only, so a change elsewhere in the map does not re-segment this file
    seg = segment.segmenter(lex, cfg.segment, protect)
    present = sorted({w for text in docs["text"] for w in seg.occurring(text)}.intersection(protect))
    key = _key("segment", code_version(), cfg.segment, task.spec["lexicon_fp"], item.key_in,
               [(w, protect[w]) for w in present])
    if not store.has("tokens", key):
        sents = store.read("sentences", _key("sentences", code_version(), item.key_in),
                           columns=["doc_id", "sentence", "start"])
        store.write("tokens", key, segment.tokens_table(docs, sents, lexicon=lex, config=cfg.segment,
                                                        protect=protect, workers=1))  # the run parallelises over files
    store.memo_put(_segment_memo(item, task), key)
    return key


def _do_indicators(item: Item, task: Task, store: io.PartStore) -> str:
    from pipeline import indicators

    cfg = task.config
    key = _key_indicators(item, task)
    if not store.has("indicators", key):
        docs = store.read("documents", item.key_in)
        sents = store.read("sentences", _key("sentences", code_version(), item.key_in))
        slogans = _task_slogans(task, store).get(item.source)
        slogans = schemas.empty("slogans") if slogans is None else slogans
        lex = _lexicon(str(cfg.lexicons), task.lexicon_fp)  # units and gazetteer of the configured folder
        store.write("indicators", key, indicators.indicators(docs, sents, config=cfg.indicators, slogans=slogans,
                                                             lexicon=lex))
    return key


_TASK_SLOGANS: list = [None, {}]  # the task being run (held: its identity is not reused) and its files' slogan rows


def _task_slogans(task: Task, store: io.PartStore) -> dict[str, pd.DataFrame]:
    """The ``slogans`` rows of a task's files by source, read once per task from the stage's part."""
    if _TASK_SLOGANS[0] is not task:
        key = task.spec.get("slogans_key")
        groups: dict[str, pd.DataFrame] = {}
        if key and store.has("slogans", key):
            import pyarrow.parquet as pq

            sources = [it.source for it in task.items]
            # row groups whose sources cannot match are skipped (the rows come in corpus order)
            df = pq.read_table(store.path("slogans", key), filters=[("source", "in", sources)]).to_pandas()
            groups = {s: g.reset_index(drop=True) for s, g in df.groupby("source", sort=False)}
            del df
        _TASK_SLOGANS[:] = [task, groups]
    return _TASK_SLOGANS[1]


# stages whose key the run can compute without reading the file's data: a file whose parts
# exist is not sent to a worker at all (an unchanged re-run starts no work for them)
KEY_IN_PARENT: dict[str, Callable[[Item, Task], str]] = {
    "ingest": _key_ingest,
    "sentences": _key_sentences,
    "indicators": _key_indicators,
    "segment": _key_segment_remembered,  # the key depends on the text: remembered by the worker
}

# The tables each stage writes (declared once; the CLI and the manifest read it from here).
STAGE_TABLES: dict[str, tuple[str, ...]] = {
    "ingest": ("documents", "ingest_errors"),
    "sentences": ("sentences",),
    "slogans": ("slogans", "slogan_candidates", "slogan_definitions"),
    "segment": ("tokens",),
    "indicators": ("indicators",),
    "keywords": ("keywords",),
    "topics": ("topic_models", "topic_terms", "doc_topics", "topic_trends"),
}

PER_FILE: dict[str, tuple[Callable, tuple[str, ...]]] = {
    "ingest": (_do_ingest, STAGE_TABLES["ingest"]),
    "sentences": (_do_sentences, STAGE_TABLES["sentences"]),
    "segment": (_do_segment, STAGE_TABLES["segment"]),
    "indicators": (_do_indicators, STAGE_TABLES["indicators"]),
}


_STAGE_IN_PROCESS: list = [None]  # the stage this process last worked on


def _enter_stage(stage: str) -> None:
    """A process moving on to another stage drops the previous one's caches (see :mod:`pipeline.memory`)."""
    if _STAGE_IN_PROCESS[0] != stage:
        if _STAGE_IN_PROCESS[0] is not None:
            memory.forget_caches()
            memory.release()
        _STAGE_IN_PROCESS[0] = stage


def run_task(task: Task) -> list[tuple[int, str]]:
    """Run one task (a chunk of files) of a per-file stage: ``[(index, key), ...]``."""
    _enter_stage(task.stage)
    store = io.PartStore(task.config.out)
    fn = PER_FILE[task.stage][0]
    return [(item.index, fn(item, task, store)) for item in task.items]


# --- the run --------------------------------------------------------------------------

class Reporter(Protocol):
    def start(self, stage: str, total: int, total_bytes: int) -> None: ...
    def advance(self, stage: str, files: int, nbytes: int) -> None: ...
    def finish(self, stage: str, computed: int, reused: int) -> None: ...
    # optional: progress inside a corpus stage, ``done`` of ``total`` steps (``total`` may grow)
    def step(self, stage: str, done: int, total: int, note: str) -> None: ...


class _Silent:
    def start(self, stage, total, total_bytes): pass
    def advance(self, stage, files, nbytes): pass
    def finish(self, stage, computed, reused): pass
    def step(self, stage, done, total, note): pass


@dataclass
class Plan:
    sources: list[str]
    sizes: list[int]
    hashes: list[str]
    keys: dict[str, list[str]] = field(default_factory=dict)  # stage -> key per file


@dataclass
class RunResult:
    tables: dict[str, int]  # rows per table written
    timings: dict[str, float]  # seconds per stage
    errors: pd.DataFrame  # ingest_errors
    work: dict[str, dict[str, int]]  # stage -> {"computed": n, "reused": m, "healed": k}
    documents: int = 0
    healed: dict[str, int] = field(default_factory=dict)  # stage (or "manifest") -> parts unreadable or lost, computed again


TASK_BYTES = 1_000_000  # input bytes a task takes at most (a file larger than this is a task alone)


class Runner:
    """One run over the corpus; see :func:`run`."""

    def __init__(self, config: Config, reporter: Reporter | None = None):
        self.config = config
        self.reporter = reporter or _Silent()
        self.store = io.PartStore(config.out)
        self.lexicon_fp = lexicons.fingerprint(config.lexicons)
        self.timings: dict[str, float] = {}
        self.work: dict[str, dict[str, int]] = {}
        self.tables: dict[str, int] = {}
        self.corpus_keys: dict[str, str] = {}
        self.healed: dict[str, int] = {}  # what could not be read back and was computed again
        self.previous = self._previous_manifest()

    def _previous_manifest(self) -> dict:
        """The output folder's manifest; a garbled one counts as healed (the run writes it anew)."""
        try:
            manifest = io.read_json(Path(self.config.out) / MANIFEST)
        except io.DamagedFile:
            self.healed["manifest"] = 1
            return {}
        return manifest if isinstance(manifest, dict) else {}

    def _expected(self, stage: str, plan: Plan) -> bool:
        """Whether the previous run left every part of ``stage`` for this very corpus (same
        inputs, configuration and code): a part missing then was lost, not never made."""
        prev = self.previous
        return (prev.get("state") == "complete" and prev.get("code") == code_version()
                and prev.get("config") == self.config.as_dict() and stage in prev.get("timings", {})
                and prev.get("inputs") == dict(zip(plan.sources, plan.hashes)))

    def _heal(self, stage: str, n: int = 1) -> None:
        self.healed[stage] = self.healed.get(stage, 0) + n

    # planning
    def plan(self) -> Plan:
        corpus = Path(self.config.corpus)
        paths, folder_errors = io.list_corpus(corpus, self.config.ingest.extensions)
        self.folder_errors = pd.DataFrame(
            [{"source": e.source, "kind": e.error_kind, "message": e.error} for e in folder_errors],
            columns=schemas.columns("ingest_errors"))
        sources, sizes, hashes = [], [], []
        for p in paths:
            src = p.relative_to(corpus).as_posix()
            try:
                sizes.append(p.stat().st_size)
                hashes.append(io.file_sha1(p))
            except OSError as exc:  # vanished or unreadable: ingest records it
                sizes.append(0)
                hashes.append(f"unreadable:{exc.errno}")
            sources.append(src)
        return Plan(sources, sizes, hashes)

    def _chunks(self, plan: Plan, workers: int, todo: list[int]) -> list[list[int]]:
        if not todo:
            return []
        # enough tasks to balance the workers, each small enough that a worker's memory is
        # the same whatever the corpus size (at most TASK_BYTES of input a task)
        target = min(max(sum(plan.sizes[i] for i in todo) / max(1, workers * 8), 256_000), TASK_BYTES)
        chunks, cur, size = [], [], 0
        for i in todo:
            cur.append(i)
            size += plan.sizes[i]
            if size >= target or len(cur) >= 200:
                chunks.append(cur)
                cur, size = [], 0
        if cur:
            chunks.append(cur)
        return chunks

    def per_file(self, stage: str, plan: Plan, pool, key_in: list[str], spec: dict) -> None:
        t0 = time.perf_counter()
        tables = PER_FILE[stage][1]
        total_bytes = sum(plan.sizes)
        self.reporter.start(stage, len(plan.sources), total_bytes)
        before = {t: set(p.stem for p in (self.store.root / t).glob("*.parquet")) for t in tables}
        keys = [""] * len(plan.sources)
        todo = list(range(len(plan.sources)))
        damaged: set[int] = set()
        key_fn = KEY_IN_PARENT.get(stage)
        if key_fn is not None:
            probe = Task(stage, (), self.config, self.lexicon_fp, spec)
            expected = self._expected(stage, plan)
            todo = []
            for i, source in enumerate(plan.sources):
                k = key_fn(Item(i, source, key_in[i]), probe)
                found = [self.store.verify(t, k) for t in tables] if k else ["missing"]
                if all(f == "ok" for f in found):
                    keys[i] = k
                    continue
                # an unreadable part, or one the last run left and that is gone: computed again
                if "damaged" in found:
                    damaged.add(i)
                if "damaged" in found or expected:
                    self._heal(stage)
                todo.append(i)
            done = [i for i in range(len(keys)) if keys[i]]
            if done:
                self.reporter.advance(stage, len(done), sum(plan.sizes[i] for i in done))
        tasks = [Task(stage, tuple(Item(i, plan.sources[i], key_in[i]) for i in chunk),
                      self.config, self.lexicon_fp, _spec_for(spec, [plan.sources[i] for i in chunk]))
                 for chunk in self._chunks(plan, getattr(pool, "workers", 1), todo)]
        for result in pool.map(run_task, tasks):
            for index, key in result:
                keys[index] = key
            self.reporter.advance(stage, len(result), sum(plan.sizes[i] for i, _ in result))
        plan.keys[stage] = keys
        reused = sum(1 for i, k in enumerate(keys) if k in before[tables[0]] and i not in damaged)
        self.work[stage] = {"computed": len(keys) - reused, "reused": reused, "healed": self.healed.get(stage, 0)}
        for t in tables:
            part_keys = list(keys)
            if t == "ingest_errors" and len(self.folder_errors):  # unreadable sub-folders, unsupported files
                fkey = _key("folder_errors", self.folder_errors.to_dict(orient="records"))
                self.store.write(t, fkey, self.folder_errors)
                part_keys.insert(0, fkey)
            io.assemble_table(self.config.out, t, [self.store.path(t, k) for k in part_keys])
            self.store.prune(t, set(part_keys))
            self.tables[t] = io.count_rows(self.config.out, t)
        self.reporter.finish(stage, self.work[stage]["computed"], reused)
        self.timings[stage] = time.perf_counter() - t0

    def corpus_stage(self, stage: str, key: str, tables: tuple[str, ...], compute: Callable[[], dict]) -> None:
        t0 = time.perf_counter()
        self.reporter.start(stage, 1, 0)
        found = [self.store.verify(t, key) for t in tables]
        reused = all(f == "ok" for f in found)
        if "damaged" in found or (not reused and self.previous.get("corpus_keys", {}).get(stage) == key):
            self._heal(stage)
        if not reused:
            frames = compute()
            for t in tables:
                if frames[t] is not None:  # None: compute wrote this part itself (streamed)
                    self.store.write(t, key, frames[t])
        for t in tables:
            io.assemble_table(self.config.out, t, [self.store.path(t, key)])
            self.store.prune(t, {key})
            self.tables[t] = io.count_rows(self.config.out, t)
        self.work[stage] = {"computed": 0 if reused else 1, "reused": 1 if reused else 0,
                            "healed": self.healed.get(stage, 0)}
        self.corpus_keys[stage] = key
        self.reporter.advance(stage, 1, 0)
        self.reporter.finish(stage, 0 if reused else 1, 1 if reused else 0)
        self.timings[stage] = time.perf_counter() - t0

    def read(self, table: str, keys: list[str], columns=None) -> pd.DataFrame:
        return self.store.read_many(table, keys, columns)


def _spec_for(spec: dict, sources: list[str]) -> dict:
    """A task's spec: per-file slogan fingerprints cut down to the task's own files."""
    if "slogan_fp" not in spec:
        return spec
    return {**spec, "slogan_fp": {s: spec["slogan_fp"][s] for s in sources if s in spec["slogan_fp"]}}


def _spec_ingest(r: Runner, plan: Plan) -> dict:
    return {"gazetteer_fp": _files_fp(r.config.lexicons, "gazetteer.txt")}


def _slogan_fingerprints(r: Runner) -> dict[str, str]:
    """Per source, the fingerprint of its ``slogans`` rows, remembered by the slogans stage
    (recomputed from the table only if that memo is missing)."""
    if "slogans" not in r.corpus_keys:
        return {}
    key = r.corpus_keys["slogans"]
    remembered = r.store.memo_get(f"slogan-fingerprints-{key}")
    if remembered is not None:
        try:
            return dict(json.loads(remembered))
        except (ValueError, TypeError):  # not what the run wrote: recomputed below
            r._heal("slogans")
    fps = _fingerprints(r.store.read("slogans", key))
    r.store.memo_put(f"slogan-fingerprints-{key}", json.dumps(fps, ensure_ascii=False, sort_keys=True))
    return fps


def _protect(r: Runner) -> dict[str, str]:
    """Formulations discovered in this corpus that the segmenter keeps whole (issue 10)."""
    cfg = r.config.segment
    if not cfg.protect_discovered or "slogans" not in r.corpus_keys:
        return {}
    cands = r.store.read("slogan_candidates", r.corpus_keys["slogans"])
    lex = _lexicon(str(r.config.lexicons), r.lexicon_fp)
    keep = cands[(cands["score"] >= cfg.min_candidate_score) & ~cands["in_lexicon"]]
    return {s: "discovered" for s in sorted(keep["slogan"]) if s not in lex.slogans}


def run_ingest(r: Runner, plan: Plan, pool) -> None:
    r.per_file("ingest", plan, pool, plan.hashes, _spec_ingest(r, plan))


def run_sentences(r: Runner, plan: Plan, pool) -> None:
    r.per_file("sentences", plan, pool, plan.keys["ingest"], {})


# A large value that every task of a stage needs (the formulations to protect, the corpus's
# scores or term frequencies) is written once to the part cache and read once per process,
# not pickled into every task: a Dask scheduler holds each task's copy until the task is
# done (at 155 MB of input, ~150 tasks of a few MB each).

# A value is JSON on disk (never pickle: nothing read back from an output folder can run
# code), named by the hash of its content and checked against it when read; ``kind`` names
# how the JSON is turned back into the value the task expects.

_SHARED_DECODE: dict[str, Callable] = {
    "protect": dict,
    "slogans-known": lambda v: {s: tuple(kr) for s, kr in v.items()},
    "slogans-scores": dict,
    "keyword-frequencies": lambda v: (int(v[0]), dict(v[1])),
    "topic-training": lambda v: v,  # topics.TrainingSet.data(), decoded by the task
}


@dataclass(frozen=True)
class Shared:
    """A value in ``OUT/.cache/shared/``, named by the hash of its content: ``get()`` reads it
    (once per process and path; a path never names two contents)."""

    path: str
    kind: str

    def get(self):
        return _read_shared(self.path, self.kind)


def share(store: io.PartStore, kind: str, obj) -> Shared:
    data = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")  # order kept
    return Shared(str(io.write_content(store.root / "shared", kind, data)), kind)


@lru_cache(maxsize=4)
def _read_shared(path: str, kind: str):
    return _SHARED_DECODE[kind](json.loads(io.read_content(Path(path))))


# The slogans stage keeps its per-document intermediate results in a scratch folder of the
# part cache (OUT/.cache/slogans-work/, emptied at the start of the stage and removed at its
# end), as JSON, not in the parent.

def _scratch(task: Task, kind: str) -> Path:
    return Path(task.spec["work"]) / f"{kind}-{task.items[0].index:06d}.json"


def slogan_scan_task(task: Task) -> tuple[int, list]:
    """Map, first pass of the slogans stage: discovery and lexicon matches for a chunk of
    files (in a worker), kept in the scratch folder; returns ``(first file index, the
    formulations to match everywhere)``."""
    _enter_stage(task.stage)
    from pipeline import slogans

    docs = io.PartStore(task.config.out).read_many("documents", [it.key_in for it in task.items],
                                                  columns=["doc_id", "text"])
    scans = slogans.scan(docs, lexicon=_lexicon(str(task.config.lexicons), task.lexicon_fp), config=task.config.slogans)
    io.write_scratch(_scratch(task, "scan"), slogans.scans_data(scans))
    return task.items[0].index, slogans.propagating(scans.values(), task.config.slogans)


def slogan_finish_task(task: Task):
    """Map, second pass: recurrences of the corpus's known formulations, definitions and
    candidate counts for a chunk of files (in a worker); the documents' hits stay in the
    scratch folder, the counts and definitions go back: ``(first file index, Partial)``."""
    _enter_stage(task.stage)
    from dataclasses import replace

    from pipeline import slogans

    store = io.PartStore(task.config.out)
    frames, order = [], []
    for it in task.items:
        docs = store.read("documents", it.key_in, columns=["doc_id", "source", "date", "text"])
        frames.append(docs)
        order += [(it.index, row) for row in range(len(docs))]
    docs = pd.concat(frames, ignore_index=True) if frames else schemas.empty("documents")
    sents = store.read_many("sentences", [_key_sentences(it, task) for it in task.items],
                            columns=["doc_id", "start", "end", "text"])
    scans = slogans.scans_from_data(io.read_scratch(_scratch(task, "scan")))
    partial = slogans.finish(docs, sents, scans, task.spec["known"].get(),
                             config=task.config.slogans, order=order)
    io.write_scratch(_scratch(task, "hits"), slogans.partial_docs_data(partial.docs))
    return task.items[0].index, replace(partial, docs=[])


def slogan_rows_task(task: Task) -> tuple[int, tuple[pd.DataFrame, dict[str, str]]]:
    """Map, last pass: the ``slogans`` rows of a chunk of files, with the corpus's scores, and
    their per-source fingerprints."""
    _enter_stage(task.stage)
    from pipeline import slogans

    hits = slogans.partial_docs_from_data(io.read_scratch(_scratch(task, "hits")))
    found = slogans.occurrences(hits, task.spec["scores"].get(), config=task.config.slogans)
    return task.items[0].index, (found, _fingerprints(found))


def _fingerprints(found: pd.DataFrame) -> dict[str, str]:
    """Per source, a fingerprint of its ``slogans`` rows (the indicators' exclusions, so a
    part of their key), from row hashes."""
    if not len(found):
        return {}
    import numpy as np

    rows = pd.util.hash_pandas_object(found, index=False).to_numpy()
    return {source: hashlib.sha1(np.sort(rows[idx]).tobytes()).hexdigest()[:20]
            for source, idx in found.groupby("source", sort=False).indices.items()}


def run_slogans(r: Runner, plan: Plan, pool) -> None:
    from pipeline import slogans

    cfg = r.config
    key = _key("slogans", code_version(), cfg.slogans, _files_fp(cfg.lexicons, "slogans.txt"), plan.keys["ingest"])

    def compute():
        # map, reduce, map, reduce, map: no process holds the corpus's texts or all its hits
        chunks = r._chunks(plan, getattr(pool, "workers", 1), list(range(len(plan.sources))))
        items = [tuple(Item(i, plan.sources[i], plan.keys["ingest"][i]) for i in chunk) for chunk in chunks]
        work = r.store.root / "slogans-work"
        shutil.rmtree(work, ignore_errors=True)  # a killed run's leftovers (the output lock makes this run the only one)
        work.mkdir(parents=True)
        try:
            def tasks(spec):
                return [Task("slogans", it, cfg, r.lexicon_fp, {"work": str(work), **spec}) for it in items]

            def ordered(results):
                return [x for _, x in sorted(results, key=lambda x: x[0])]

            known = slogans.known_from(p for part in ordered(pool.map(slogan_scan_task, tasks({}))) for p in part)
            merged = slogans.Candidates()  # merged as the parts arrive
            for index, partial in pool.map(slogan_finish_task, tasks({"known": share(r.store, "slogans-known", known)})):
                merged.add(index, partial)
            candidates, definitions, scores = merged.tables(lexicon=_lexicon(str(cfg.lexicons), r.lexicon_fp))
            del merged
            memory.release()
            # the rows are written as they arrive, in corpus order (a part that arrives early
            # waits for the ones before it): the parent never holds the whole table
            writer = r.store.writer("slogans", key)
            try:
                order, waiting, fingerprints = [it[0].index for it in items], {}, {}
                for index, (found, fps) in pool.map(slogan_rows_task, tasks({"scores": share(r.store, "slogans-scores", scores)})):
                    fingerprints.update(fps)
                    waiting[index] = found
                    while order and order[0] in waiting:
                        writer.write(waiting.pop(order.pop(0)))
                writer.close()
            except BaseException:
                writer.abort()
                raise
        finally:
            shutil.rmtree(work, ignore_errors=True)
        r.store.memo_put(f"slogan-fingerprints-{key}", json.dumps(fingerprints, ensure_ascii=False, sort_keys=True))
        return {"slogans": None, "slogan_candidates": candidates, "slogan_definitions": definitions}

    r.corpus_stage("slogans", key, STAGE_TABLES["slogans"], compute)


def run_segment(r: Runner, plan: Plan, pool) -> None:
    protect = _protect(r)
    spec = {"protect": share(r.store, "protect", protect), "protect_fp": _key(sorted(protect.items())),
            "lexicon_fp": _files_fp(r.config.lexicons, "slogans.txt", "stopwords_domain.txt")}
    r.per_file("segment", plan, pool, plan.keys["ingest"], spec)


def run_indicators(r: Runner, plan: Plan, pool) -> None:
    spec = {"slogan_fp": _slogan_fingerprints(r), "slogans_key": r.corpus_keys.get("slogans"),
            "lexicon_fp": _files_fp(r.config.lexicons, "units.txt", "gazetteer.txt")}
    r.per_file("indicators", plan, pool, plan.keys["ingest"], spec)


def _read_tokens(task: Task, columns: list[str]) -> pd.DataFrame:
    return io.PartStore(task.config.out).read_many("tokens", [it.key_in for it in task.items], columns=columns)


def keyword_frequencies_task(task: Task) -> tuple[int, dict[str, int]]:
    """Map: document frequencies of a chunk of files' terms (in a worker)."""
    _enter_stage(task.stage)
    from pipeline import keywords

    return keywords.document_frequencies(_read_tokens(task, keywords.COLUMNS), config=task.config.topics)


def keywords_task(task: Task) -> tuple[int, pd.DataFrame]:
    """Map: the keywords of a chunk of files' documents, with the corpus's frequencies."""
    _enter_stage(task.stage)
    from pipeline import keywords

    return task.items[0].index, keywords.keywords(_read_tokens(task, keywords.COLUMNS), config=task.config.topics,
                                                  frequencies=task.spec["frequencies"].get())


def run_keywords(r: Runner, plan: Plan, pool) -> None:
    cfg = r.config
    key = _key("keywords", code_version(), cfg.topics, plan.keys["segment"])

    def compute():
        # map (frequencies), reduce (IDF), map (keywords per document): no process reads every token
        chunks = r._chunks(plan, getattr(pool, "workers", 1), list(range(len(plan.sources))))
        items = [tuple(Item(i, plan.sources[i], plan.keys["segment"][i]) for i in chunk) for chunk in chunks]
        n_docs, df = 0, {}
        for n, part in pool.map(keyword_frequencies_task, [Task("keywords", it, cfg, r.lexicon_fp) for it in items]):
            n_docs += n
            for term, k in part.items():
                df[term] = df.get(term, 0) + k
        frequencies = share(r.store, "keyword-frequencies", (n_docs, df))
        tasks = [Task("keywords", it, cfg, r.lexicon_fp, {"frequencies": frequencies}) for it in items]
        frames = [f for _, f in sorted(pool.map(keywords_task, tasks), key=lambda x: x[0]) if len(f)]
        if not frames:
            return {"keywords": schemas.empty("keywords")}
        out = pd.concat(frames, ignore_index=True)  # documents in doc_id order, as in one process
        return {"keywords": out.sort_values("doc_id", kind="mergesort").reset_index(drop=True)}

    r.corpus_stage("keywords", key, STAGE_TABLES["keywords"], compute)


TOPIC_TOKEN_COLUMNS = ["doc_id", "position", "start", "token", "is_slogan", "is_stopword"]


def topic_units_task(task: Task) -> tuple[int, list]:
    """Map: the topic-model units of a chunk of files (in a worker)."""
    _enter_stage(task.stage)
    from pipeline import topics

    store = io.PartStore(task.config.out)
    docs = store.read_many("documents", [it.key_in for it in task.items], columns=["doc_id", "text"])
    toks = store.read_many("tokens", [task.spec["segment"][it.index] for it in task.items],
                           columns=TOPIC_TOKEN_COLUMNS)
    return task.items[0].index, topics.topic_units(docs, toks, config=task.config.topics)


def run_topics(r: Runner, plan: Plan, pool) -> None:
    from pipeline import topics

    cfg = r.config
    key = _key("topics", code_version(), cfg.topics, plan.keys["ingest"], plan.keys["segment"])

    def compute():
        # the units are built per chunk of files (map); the models need them all (reduce)
        chunks = r._chunks(plan, getattr(pool, "workers", 1), list(range(len(plan.sources))))
        tasks = [Task("topics", tuple(Item(i, plan.sources[i], plan.keys["ingest"][i]) for i in chunk), cfg,
                      r.lexicon_fp, {"segment": {i: plan.keys["segment"][i] for i in chunk}}) for chunk in chunks]
        units = [u for _, part in sorted(pool.map(topic_units_task, tasks), key=lambda x: x[0]) for u in part]
        docs = r.read("documents", plan.keys["ingest"], columns=["doc_id", "date", "regions"])
        step = getattr(r.reporter, "step", lambda *a: None)  # a reporter without it sees one step, as before
        # the candidates are trained on the run's workers, one task each; the training set is
        # shared once (JSON in the part cache), not pickled into every task
        return topics.topic_tables(docs, None, config=cfg.topics, units=units, pool=pool,
                                   share=lambda data: share(r.store, "topic-training", data),
                                   progress=lambda done, total, note: step("topics", done, total, note))

    r.corpus_stage("topics", key, STAGE_TABLES["topics"], compute)


# Stage order: slogans run before segment so that the formulations they discover are
# protected as single tokens in the same run; indicators use slogan spans as exclusions.
# A stage is listed here once its module implements the function its runner calls.
STAGES: list[tuple[str, Callable[[Runner, Plan, object], None]]] = [
    ("ingest", run_ingest),
    ("sentences", run_sentences),
    ("slogans", run_slogans),
    ("segment", run_segment),
    ("indicators", run_indicators),
    ("keywords", run_keywords),
    ("topics", run_topics),
]

# What each stage needs from earlier stages of the same run.
NEEDS: dict[str, tuple[str, ...]] = {
    "ingest": (),
    "sentences": ("ingest",),
    "slogans": ("sentences",),
    "segment": ("sentences", "slogans"),
    "indicators": ("sentences", "slogans"),
    "keywords": ("segment",),
    "topics": ("segment",),
}


def stage_names() -> list[str]:
    return [name for name, _ in STAGES]


def _closure(only: list[str]) -> set[str]:
    enabled = set(stage_names())
    unknown = [s for s in only if s not in enabled]
    if unknown:
        raise UsageError(f"unknown or unavailable stage(s) {unknown}; stages: {', '.join(stage_names())}")
    todo, seen = list(only), set()
    while todo:
        s = todo.pop()
        if s in seen or s not in enabled:
            continue
        seen.add(s)
        todo.extend(NEEDS.get(s, ()))
    return seen


def recorded_corpus(out: Path) -> Path | None:
    """The corpus folder whose tables ``out`` holds, from its manifest (``None``: none recorded,
    or a manifest that cannot be read)."""
    try:
        manifest = io.read_json(Path(out) / MANIFEST)
    except io.DamagedFile:
        return None
    corpus = manifest.get("corpus") if isinstance(manifest, dict) else None
    return Path(corpus) if isinstance(corpus, str) and corpus else None


def tables_present(out: Path) -> set[str]:
    return {t for tables in STAGE_TABLES.values() for t in tables if io.has_table(out, t)}


def _check_corpus(r: Runner, plan: Plan, present: set[str], replace: bool) -> None:
    """An output folder holds the tables of one corpus: another corpus is refused unless
    ``replace`` (then every table is rebuilt from it). The same files moved elsewhere are
    the same corpus."""
    recorded, here = r.previous.get("corpus"), str(Path(r.config.corpus).resolve())
    if replace or not present or not recorded or recorded == here:
        return
    if r.previous.get("inputs") == dict(zip(plan.sources, plan.hashes)):
        return
    out = r.config.out
    raise UsageError(
        f"{out} holds the tables of another corpus ({recorded}, {len(r.previous.get('inputs') or {})} files); "
        f"this run reads {here}. Use another --out for this corpus, or rebuild every table of {out} "
        f"from it: policytext run --corpus {r.config.corpus} --out {out} --replace")


def run(config: Config, *, only: list[str] | None = None, reporter: Reporter | None = None,
        replace: bool = False) -> RunResult:
    """Run the stages (all, or ``only`` those named plus what they need) into ``config.out``.

    Unchanged work is reused from the part cache in ``OUT/.cache``; tables are swapped into
    place whole. A second run on the same output folder at the same time is refused.

    An output folder belongs to one corpus (recorded in its manifest): a run on another
    corpus is refused unless ``replace``. Every table already in the folder is brought up to
    date with the corpus and configuration of this run, so that all tables of a folder
    always share their documents, whatever ``only`` names.
    """
    if not Path(config.corpus).is_dir():
        raise UsageError(f"corpus folder {config.corpus} does not exist or is not a folder")
    inputs, skipped = io.list_corpus(Path(config.corpus), config.ingest.extensions)
    if not inputs:
        raise EmptyCorpus(_nothing_to_read(config, skipped))
    try:
        io.check_writable(config.out)
    except OSError as exc:
        raise UsageError(str(exc)) from exc
    wanted = _closure(only) if only else set(stage_names())
    t_start = time.perf_counter()
    try:
        with io.OutputLock(config.out):
            io.remove_leftovers(config.out)  # what a killed run left half-written
            r = Runner(config, reporter)
            plan = r.plan()
            present = tables_present(config.out)
            _check_corpus(r, plan, present, replace)
            wanted |= _closure([s for s, ts in STAGE_TABLES.items() if present.intersection(ts)])
            _write_manifest(config, plan, r, state="running")  # the folder's corpus, before any table changes
            try:
                with executor.make(config.engine, config.workers, config.scheduler or None) as pool:
                    for name, runner in STAGES:
                        if name in wanted:
                            runner(r, plan, pool)
                            memory.release()  # what the stage's reduce held, back to the system
            except KeyboardInterrupt:
                io.remove_leftovers(config.out)  # the workers are stopped: nothing else writes
                raise
            finally:
                shutil.rmtree(r.store.root / "shared", ignore_errors=True)  # the run's Shared values
            errors = io.read_table(config.out, "ingest_errors") if "ingest" in wanted else schemas.empty("ingest_errors")
            result = RunResult(r.tables, r.timings, errors, r.work, r.tables.get("documents", 0), dict(r.healed))
            _write_manifest(config, plan, r, state="complete", seconds=time.perf_counter() - t_start)
            return result
    except io.OutputLocked as exc:
        raise UsageError(str(exc)) from exc


def _nothing_to_read(config: Config, skipped: list[io.RawFile]) -> str:
    kinds = ", ".join(config.ingest.extensions)
    msg = (f"no input files in {config.corpus}: policytext reads {kinds} files (sub-folders too; hidden "
           f"and README files excepted); nothing written")
    if skipped:
        shown = "; ".join(f"{e.source}: {e.error}" for e in skipped[:5])
        msg += f". Found {len(skipped)} other file(s) or folder(s): {shown}" + ("; …" if len(skipped) > 5 else "")
    return msg


def _versions() -> dict[str, str]:
    from importlib import metadata

    out = {}
    for name in ("policytext", "jieba", "rjieba", "pandas", "pyarrow", "gensim", "scikit-learn", "cn2an",
                 "charset-normalizer", "pyahocorasick", "typer"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def _write_manifest(config: Config, plan: Plan, r: Runner, *, state: str, seconds: float | None = None) -> None:
    manifest = {
        "state": state,  # "running" while tables change; "complete" once every one is written
        "corpus": str(Path(config.corpus).resolve()),
        "versions": _versions(),
        "code": code_version(),
        "config": config.as_dict(),
        "inputs": dict(zip(plan.sources, plan.hashes)),
        "tables": dict(r.tables),
        "timings": {**r.timings, **({"total": seconds} if seconds is not None else {})},
        "work": r.work,
        "healed": r.healed,
        "corpus_keys": r.corpus_keys,
    }
    io.write_json(Path(config.out) / MANIFEST, manifest)
