"""The stage contract and the generic machinery that runs any stage.

A stage is declared once, as a :class:`Stage` in its module under ``pipeline/stages/``:
its name, the tables it writes, the stages it needs, the configuration section and the
lexicon files in its cache key, and its work —

- a **per-file** stage (ingest, sentences, segment, places, indicators, terms) gives ``file_work``:
  the work on one input file, run in worker processes a batch of files at a time (see
  :func:`batches`), whose rows are written as one Parquet part per batch and table into the
  part cache (``OUT/.cache/<table>/<key>.parquet``), and ``file_key``
  when the run can tell a file's key without reading its data (an unchanged file is then
  not sent to a worker at all);
- a **corpus** stage (slogans, keywords, topics) gives ``compute``: its map and reduce
  passes over chunks of files, run on the same executor, returning its tables. A map pass
  whose result for a file depends only on that file (and on corpus-wide values it names)
  is declared in ``partials`` and run through :meth:`Runner.map_files`: each file's result
  is kept in the part cache (``OUT/.cache/partials/<pass>/<key>.json``), so a re-run on a
  changed corpus maps only the changed files and reduces from the kept results.

The :class:`Runner` knows stages only through these declarations: it plans the files,
computes each part's key from the declaration (stage, code, configuration section,
resource files, upstream keys), reuses every part whose key is unchanged and readable
(an unreadable or lost one is computed again and counted as ``healed``), and assembles
each table from its parts. :mod:`pipeline.run` orders the stages and writes the manifest.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Protocol

import pandas as pd

from pipeline import io, lexicons, memory, partcache, schemas, timeline
from pipeline.batching import TASK_BYTES, batches
from pipeline.executor import light  # noqa: F401 - stages mark their light task functions with it
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
    for p in sorted(PACKAGE_DIR.rglob("*.py")):
        h.update(p.relative_to(PACKAGE_DIR).as_posix().encode())
        h.update(io.read_bytes(p))
    return h.hexdigest()[:12]


def key_of(*parts) -> str:
    """A cache key: the hash of ``parts`` as JSON."""
    blob = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha1(blob.encode("utf-8")).hexdigest()[:20]


def files_fp(folder: Path, *names: str) -> str:
    """Fingerprint of some files of a lexicons folder, each the folder's own or else the bundled one
    (:func:`lexicons.source`; one neither holds counts as absent)."""
    h = hashlib.sha1()
    for name in names:
        h.update(name.encode())
        h.update(io.read_bytes_or(lexicons.source(folder, name), b"<absent>"))
    return h.hexdigest()[:12]


@lru_cache(maxsize=4)
def lexicon(folder: str, fingerprint: str) -> lexicons.Lexicon:
    """The configured lexicons, loaded once per process and fingerprint."""
    return lexicons.load(Path(folder))


def task_lexicon(task: "Task") -> lexicons.Lexicon:
    return lexicon(str(task.config.lexicons), task.lexicon_fp)


def batch_key(keys: list[str]) -> str:
    """The key of a batch part: the keys of its files, in order."""
    return key_of("batch", list(keys))


# --- the contract -------------------------------------------------------------------------

@dataclass(frozen=True)
class Item:
    """One input file in a task: its position in the corpus order, and its keys in the
    stages already run (``"file"``: the hash of its bytes)."""

    index: int
    source: str
    keys: tuple[tuple[str, str], ...]
    parts: tuple[tuple[str, str], ...] = ()  # (its key in a per-file stage, the batch part holding its rows)

    def key(self, stage: str) -> str:
        return dict(self.keys)[stage]


@dataclass(frozen=True)
class Task:
    """A chunk of files for one stage, as a worker receives it. ``base`` is the stage's key
    prefix (name, code, configuration section, resource files); ``spec`` the stage's own
    declared values (a frozen dataclass of the stage module, or ``None``)."""

    stage: str
    items: tuple[Item, ...]
    config: Config
    lexicon_fp: str
    base: str
    work: Callable | None = None
    spec: Any = None
    part: "FilePass | None" = None  # the corpus stage's pass kept per file that the task maps (run_pass)
    writes: tuple[str, ...] = ()  # a per-file stage's tables: one part per table for the task's batch
    old: tuple[tuple[str, str], ...] = ()  # (file key, part of an earlier run that holds its rows)


@dataclass(frozen=True)
class FilePass:
    """A map pass of a corpus stage whose result for a file is kept per file (see
    :meth:`Runner.map_files`): ``work(task)`` runs in a worker and gives ``(summary, data)``
    for each item of the task, both JSON-able (``summary`` goes back to the reduce,
    ``data`` stays for a later pass: :func:`partial_data`).

    ``refine(item, task)``, for a pass that reads a corpus-wide value: in a worker, the hash
    of the share of that value the file's result can depend on (the formulations that occur
    in its text, say). The file's partial is then keyed by it rather than by the whole
    value, so a change of the value elsewhere in the corpus finds it again."""

    name: str  # its partials: OUT/.cache/partials/<name>/<key>.json
    work: Callable[[Task], list]
    refine: Callable[[Item, Task], str] | None = None


@dataclass(frozen=True)
class Stage:
    """A stage's declaration (see the module docstring)."""

    name: str
    writes: tuple[str, ...]
    needs: tuple[str, ...] = ()  # stages whose tables it reads (they run first)
    config: str | None = None  # the Config section in its cache key
    config_fields: tuple[str, ...] | None = None  # only these fields of the section (None: all of it)
    resources: tuple[str, ...] = ()  # files of the lexicons folder in its cache key
    # per-file stages
    file_work: Callable[[Item, Task, partcache.PartStore], str] | None = None  # -> the part's key
    file_key: Callable[[Item, Task], str | None] | None = None  # the key, when the parent can tell it
    spec: Callable[["Runner", "Plan"], Any] | None = None  # values every task needs
    # corpus stages: (runner, plan, pool, task prototype) -> {table: frame, or None if written}
    compute: Callable[["Runner", "Plan", Any, Task], dict] | None = None
    # its map passes whose results are kept per file (run by Runner.map_files)
    partials: tuple[FilePass, ...] = ()

    @property
    def per_file(self) -> bool:
        return self.file_work is not None


# --- values shared with every task --------------------------------------------------------

# A value every task of a stage needs (the formulations to protect, the corpus's scores or
# term frequencies) is written once to the part cache and read once per process, not
# pickled into every task: a Dask scheduler holds each task's copy until the task is done.
# It is JSON on disk (never pickle: nothing read back from an output folder can run code),
# named by the hash of its content and checked against it when read; ``kind`` names how
# the JSON is turned back into the value the task expects.

SHARED_DECODE: dict[str, Callable] = {}


def shared_kind(kind: str, decode: Callable = lambda v: v) -> str:
    """Declare a kind of shared value and how its JSON becomes the value again."""
    SHARED_DECODE[kind] = decode
    return kind


@dataclass(frozen=True)
class Shared:
    """A value in ``OUT/.cache/shared/``, named by the hash of its content: ``get()`` reads it
    (once per process and path; a path never names two contents)."""

    path: str
    kind: str

    def get(self):
        return _read_shared(self.path, self.kind)


def share(store: partcache.PartStore, kind: str, obj) -> Shared:
    data = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")  # order kept
    return Shared(str(io.write_content(store.root / "shared", kind, data)), kind)


@lru_cache(maxsize=4)
def _read_shared(path: str, kind: str):
    if kind not in SHARED_DECODE:  # a worker that has not imported the stages yet (they declare the kinds)
        import pipeline.stages  # noqa: F401
    return SHARED_DECODE[kind](json.loads(io.read_content(Path(path))))


memory.on_stage_change(_read_shared.cache_clear)
memory.on_stage_change(partcache.forget_batches)
memory.on_stage_change(partcache.forget_kept)


# --- the worker side ----------------------------------------------------------------------

_STAGE_IN_PROCESS: list = [None]  # the stage this process last worked on


def enter_stage(stage: str) -> None:
    """A process moving on to another stage drops the previous one's caches (see :mod:`pipeline.memory`)."""
    if _STAGE_IN_PROCESS[0] != stage:
        if _STAGE_IN_PROCESS[0] is not None:
            memory.forget_caches()
            memory.release()
        _STAGE_IN_PROCESS[0] = stage


def leave_stage() -> None:
    """After a stage, in the run's process: drop the stage's caches if this process worked on
    it (the executor ran its tasks here) and give the memory back, once. The next stage's
    first task then finds nothing to drop (one garbage collection per stage, not two)."""
    if _STAGE_IN_PROCESS[0] is not None:
        memory.forget_caches()
        _STAGE_IN_PROCESS[0] = None
    memory.release()


def enter_task(task: Task) -> None:
    """A worker taking a task: where its items' rows are (the batch parts of the per-file
    stages run so far); the batch parts the previous task read are dropped."""
    partcache.forget_batches()
    partcache.PartStore.locate({k: part for item in task.items for k, part in item.parts})


def run_task(task: Task) -> list[tuple[int, str, str, str]]:
    """Run one task (a batch of files) of a per-file stage and write the batch's part of each
    of its tables: ``[(index, key, part, how), ...]``, ``how`` computed or reused (the file's
    rows kept in a part of an earlier run, copied into the new part) or healed (see :func:`_healed_files`)."""
    enter_stage(task.stage)
    enter_task(task)
    store = partcache.BatchStore(task.config.out, dict(task.old), task.writes)
    keys = [task.work(item, task, store) for item in task.items]
    part = batch_key(keys)
    for table in task.writes:
        store.close(table, part, keys)
    heals = _healed_files(store, part)
    return [(item.index, key, part, "reused" if not store.computed(key) else "healed" if key in heals else "computed")
            for item, key in zip(task.items, keys)]


def _healed_files(store: partcache.BatchStore, part: str) -> set[str]:
    """The files of a batch reported as healed: one for each old part the task found damaged
    or lost and whose rows it computed again (a heal counts a part, as the parent counts the
    batch parts it verifies; the batch's own part ``part`` is one of those, already counted)."""
    first: dict[str, str] = {}
    for key, old in store.healed.items():
        if old != part:
            first.setdefault(old, key)
    return set(first.values())


def run_pass(task: Task) -> list[tuple[int, str, Any, str]]:
    """Run one task of a corpus stage's pass kept per file (see :meth:`Runner.map_files`):
    each item's ``(summary, data)`` is kept as its partial; ``[(index, key, summary, how),
    ...]`` goes back to the parent, ``how`` one of computed / reused / healed (a pass with
    ``refine`` finds here the partials of files whose share of the corpus-wide value is
    unchanged)."""
    enter_stage(task.stage)
    enter_task(task)
    store = partcache.PartStore(task.config.out)
    fp: FilePass = task.part
    keys, hows, out = {}, {}, {}
    for item in task.items:
        key = item.key(fp.name)
        if fp.refine is not None:
            key = key_of(key, "refined", fp.refine(item, task))
            try:
                kept = store.get_partial(fp.name, key, ("summary",))
            except io.DamagedFile:
                kept, hows[item.index] = None, "healed"
            if kept is not None:
                out[item.index] = kept["summary"]
                hows[item.index] = "reused"
        keys[item.index] = key
    todo = tuple(it for it in task.items if it.index not in out)
    if todo:
        # the later passes find the partial under its final key
        items = tuple(replace(it, keys=tuple((s, keys[it.index] if s == fp.name else k) for s, k in it.keys))
                      for it in todo)
        results = fp.work(replace(task, items=items))
        if len(results) != len(items):
            raise ValueError(f"{fp.name}: {len(results)} results for {len(items)} files")
        for item, (summary, data) in zip(items, results):
            store.put_partial(fp.name, keys[item.index], {"summary": summary, "data": data})
            out[item.index] = summary
            hows.setdefault(item.index, "computed")
    return [(it.index, keys[it.index], out[it.index], hows[it.index]) for it in task.items]


def partial_data(task: Task, part: str) -> list:
    """In a worker: the ``data`` of an earlier pass ``part`` for each item of ``task``, in order.
    The parent checked every one of them, both halves' lengths and checksums (see
    :meth:`partcache.PartStore.get_partial`), or had it computed in this run, before it sent the
    task; one damaged since raises :class:`pipeline.io.DamagedFile`, and the next run, which
    checks it again, maps that file again (healed)."""
    store = partcache.PartStore(task.config.out)
    return [store.get_partial(part, item.key(part), ("data",))["data"] for item in task.items]


# --- the run ------------------------------------------------------------------------------

class Reporter(Protocol):
    def start(self, stage: str, total: int, total_bytes: int) -> None: ...
    def advance(self, stage: str, files: int, nbytes: int) -> None: ...
    def finish(self, stage: str, computed: int, reused: int) -> None: ...
    # optional: progress inside a corpus stage, ``done`` of ``total`` steps (``total`` may grow)
    def step(self, stage: str, done: int, total: int, note: str) -> None: ...


class Silent:
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
    parts: dict[str, list[str]] = field(default_factory=dict)  # per-file stage -> the batch part of each file
    batches: list[list[int]] = field(default_factory=list)  # the files in batches (see batches(); computed if not given)

    def __post_init__(self):
        if not self.batches:  # a per-file stage runs the files of its batches: every file is in one
            self.batches = batches(self.sources, self.sizes)

    def size_of(self, files) -> int:
        """The bytes of the files at these indices."""
        return sum(self.sizes[i] for i in files)


class Runner:
    """One run over the corpus: plans the files and runs any declared :class:`Stage`."""

    def __init__(self, config: Config, reporter: Reporter | None = None):
        self.config = config
        self.reporter = reporter or Silent()
        self.store = partcache.PartStore(config.out)
        self.lexicon_fp = lexicons.fingerprint(config.lexicons)
        self.timings: dict[str, float] = {}
        self.work: dict[str, dict] = {}  # stage -> computed, reused, healed (and, per pass kept per file, its files)
        self.tables: dict[str, int] = {}
        self.corpus_keys: dict[str, str] = {}
        self.healed: dict[str, int] = {}  # what could not be read back and was computed again
        self._bases: dict[str, str] = {}  # stage -> key prefix (see base)
        self.located: dict[str, str] = {}  # a file's key in a per-file stage -> the batch part holding its rows
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

    def heal(self, stage: str, n: int = 1) -> None:
        self.healed[stage] = self.healed.get(stage, 0) + n

    def lexicon(self) -> lexicons.Lexicon:
        return lexicon(str(self.config.lexicons), self.lexicon_fp)

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
        """The files ``todo`` in chunks of consecutive files, one task each: enough tasks to
        balance the workers (about 8 a worker), each small enough that a worker's memory is the
        same whatever the corpus size (at most TASK_BYTES of input a task). A chunk is cut where
        it reaches its size, inside a batch of the per-file stages too: cut only between batches
        (a task then read each batch part it needs once, ~2 ms a part) the chunks of a 5 MB
        corpus were 8 of 0.1-1 MB, and a pass ended 0.3-1 s after its first worker ran out
        of tasks."""
        if not todo:
            return []
        target = min(max(plan.size_of(todo) / max(1, workers * 8), 256_000), TASK_BYTES)
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

    @staticmethod
    def largest_first(plan: Plan, chunks: list[list[int]]) -> list[list[int]]:
        """The chunks with the most bytes first (ties in corpus order), so that the last task a
        worker takes is a short one."""
        return sorted(chunks, key=lambda c: -plan.size_of(c))

    def chunks(self, plan: Plan, pool) -> list[list[int]]:
        """Every file of the corpus, in chunks for the workers of ``pool``."""
        return self._chunks(plan, getattr(pool, "workers", 1), list(range(len(plan.sources))))

    def base(self, stage: Stage) -> str:
        """The key prefix of a stage: its name, the code, jieba's dictionary (whose entries the
        rules of most stages read: :func:`lexicons.jieba_dictionary`), its configuration section
        and the lexicon files it declares (worked out once per run: every task of the stage carries it)."""
        if stage.name not in self._bases:
            section = getattr(self.config, stage.config) if stage.config else None
            if section is not None and stage.config_fields is not None:
                section = {f: getattr(section, f) for f in stage.config_fields}
            self._bases[stage.name] = key_of(stage.name, code_version(), lexicons.jieba_dictionary_version(), section,
                                             files_fp(self.config.lexicons, *stage.resources))
        return self._bases[stage.name]

    def item(self, plan: Plan, i: int) -> Item:
        """File ``i`` with its keys in every per-file stage run so far."""
        keys = [("file", plan.hashes[i])] + [(s, ks[i]) for s, ks in plan.keys.items()]
        return Item(i, plan.sources[i], tuple(keys), tuple((plan.keys[s][i], ps[i]) for s, ps in plan.parts.items()))

    def task(self, stage: Stage, items: tuple[Item, ...] = (), spec: Any = None) -> Task:
        return Task(stage.name, items, self.config, self.lexicon_fp, self.base(stage), stage.file_work, spec)

    def run_stage(self, stage: Stage, plan: Plan, pool) -> None:
        with timeline.span(stage.name, stage.name, kind="stage"):
            if stage.per_file:
                self.per_file(stage, plan, pool)
            else:
                self.corpus_stage(stage, plan, pool)

    def per_file(self, stage: Stage, plan: Plan, pool) -> None:
        """Run a per-file stage: one task per batch of files whose part is not already there
        (a batch is reused whole when the parent can tell its files' keys and finds its part);
        in a task, a file whose rows a part of an earlier run holds is not computed again, its
        rows are copied into the batch's new part."""
        t0, m0 = time.perf_counter(), time.monotonic()
        tables = stage.writes
        self.reporter.start(stage.name, len(plan.sources), sum(plan.sizes))
        spec = stage.spec(self, plan) if stage.spec else None
        n = len(plan.sources)
        keys, parts = [""] * n, [""] * n
        reused = 0
        probe = self.task(stage, (), spec)
        expected = self._expected(stage.name, plan)
        todo = []
        for files in plan.batches:
            known = [stage.file_key(self.item(plan, i), probe) if stage.file_key else None for i in files]
            if all(known):
                part = batch_key(known)
                found = [self.store.verify(t, part) for t in tables]
                if all(f == "ok" for f in found):
                    for i, k in zip(files, known):
                        keys[i], parts[i] = k, part
                    reused += len(files)
                    self.reporter.advance(stage.name, len(files), plan.size_of(files))
                    continue
                # an unreadable part, or one the last run left and that is gone: computed again
                if "damaged" in found or expected:
                    self.heal(stage.name)
            todo.append((files, known))
        old = self.store.kept_files(tables[0]) if todo else {}
        tasks = []
        timeline.record("span", m0, time.monotonic(), stage=stage.name, name="plan parts")
        for files, known in todo:
            task_spec = spec.for_sources([plan.sources[i] for i in files]) if hasattr(spec, "for_sources") else spec
            task = self.task(stage, tuple(self.item(plan, i) for i in files), task_spec)
            tasks.append(replace(task, writes=tables, old=tuple((k, old[k]) for k in known if k in old)))
        # the batches with the most bytes first: the last task a worker takes is a short one (the
        # batches of a 5 MB corpus hold 1 to 23 files; in corpus order a 1.7 s batch came last)
        tasks.sort(key=lambda t: -plan.size_of(it.index for it in t.items))  # stable
        for result in pool.map(run_task, tasks):
            for index, key, part, how in result:
                keys[index], parts[index] = key, part
                reused += how == "reused"
                if how == "healed":
                    self.heal(stage.name)
            self.reporter.advance(stage.name, len(result), plan.size_of(i for i, *_ in result))
        t_end = time.monotonic()
        plan.keys[stage.name] = keys
        plan.parts[stage.name] = parts
        self.located.update(zip(keys, parts))
        self.work[stage.name] = {"computed": n - reused, "reused": reused, "healed": self.healed.get(stage.name, 0)}
        for t in tables:
            part_keys = list(dict.fromkeys(parts))  # the batches, in corpus order
            if t == "ingest_errors" and len(self.folder_errors):  # unreadable sub-folders, unsupported files
                fkey = key_of("folder_errors", self.folder_errors.to_dict(orient="records"))
                self.store.write(t, fkey, self.folder_errors)
                part_keys.insert(0, fkey)
            if t not in schemas.CACHE_ONLY:  # a table later stages read from the part cache only
                io.assemble_table(self.config.out, t, [self.store.path(t, k) for k in part_keys])
                self.tables[t] = io.count_rows(self.config.out, t)
            self.store.prune(t, set(part_keys))
        timeline.record("span", t_end, time.monotonic(), stage=stage.name, name="assemble tables")
        self.reporter.finish(stage.name, n - reused, reused)
        self.timings[stage.name] = time.perf_counter() - t0

    def map_files(self, stage: Stage, plan: Plan, pool, part: str, *, depends: str | Callable[[int], str] = "",
                  spec: Any = None, largest_first: bool = True):
        """Run the stage's pass ``part`` (a :class:`FilePass` it declares) over every file of
        the corpus, keeping each file's result: yields ``(index, summary)`` for every file, in
        no particular order (reused ones first).

        A file's partial is keyed by the stage's prefix, the pass, the file's keys in the
        per-file stages the stage needs, and ``depends``: the hash of the corpus-wide values
        the pass reads (a string for every file, or a function of the file's index), or,
        for a pass with ``refine``, the hash of the file's share of them (worked out in a
        worker, and remembered for ``depends``). A file whose key is unchanged is not mapped
        again; an unreadable partial is mapped again and counted as healed. Consume the
        whole generator: the pass's counts are recorded at its end. ``largest_first``: the
        tasks in the order of :meth:`largest_first` (False: in corpus order, for a caller that takes
        the results in corpus order and would otherwise hold most of them waiting).
        """
        fp = next((f for f in stage.partials if f.name == part), None)
        if fp is None:
            raise ValueError(f"stage {stage.name} does not declare the per-file pass {part!r}")
        base = self.base(stage)
        needs = [s for s in stage.needs if s in plan.keys]
        stems, memos, keys = [], [], []
        for i in range(len(plan.sources)):
            stem = key_of(base, part, [plan.keys[s][i] for s in needs])
            coarse = key_of(stem, depends(i) if callable(depends) else depends)
            stems.append(stem)
            memos.append(f"{part}-{coarse}")
            # with refine, the key the worker derived for this very value (if it did)
            keys.append(coarse if fp.refine is None else self.store.memo_get(memos[i]))
        todo = []
        for i, k in enumerate(keys):
            try:
                kept = self.store.get_partial(part, k, ("summary",)) if k else None
            except io.DamagedFile:
                self.heal(stage.name)
                kept = None
            if kept is None:
                todo.append(i)
                continue
            yield i, kept["summary"]
            del kept
        counts = {"computed": 0, "reused": len(keys) - len(todo)}
        plan.keys[part] = [k if fp.refine is None else stems[i] for i, k in enumerate(keys)]
        proto = self.task(stage, (), spec)
        chunks = self._chunks(plan, getattr(pool, "workers", 1), todo)
        tasks = [replace(proto, items=tuple(self.item(plan, i) for i in chunk), part=fp)
                 for chunk in (self.largest_first(plan, chunks) if largest_first else chunks)]
        for result in pool.map(run_pass, tasks):
            for index, key, summary, how in result:
                keys[index] = key
                if fp.refine is not None:
                    self.store.memo_put(memos[index], key)
                if how == "healed":
                    self.heal(stage.name)
                counts["reused" if how == "reused" else "computed"] += 1
                yield index, summary
        plan.keys[part] = keys
        self.work.setdefault(stage.name, {}).setdefault("files", {})[part] = counts

    def corpus_key(self, stage: Stage, plan: Plan) -> str:
        """A corpus stage's key: its prefix and the per-file keys of the per-file stages it needs."""
        return key_of(self.base(stage), [plan.keys[s] for s in stage.needs if s in plan.keys])

    def corpus_stage(self, stage: Stage, plan: Plan, pool) -> None:
        t0 = time.perf_counter()
        tables = stage.writes
        key = self.corpus_key(stage, plan)
        self.reporter.start(stage.name, 1, 0)
        found = [self.store.verify(t, key) for t in tables]
        reused = all(f == "ok" for f in found)
        if "damaged" in found or (not reused and self.previous.get("corpus_keys", {}).get(stage.name) == key):
            self.heal(stage.name)
        self.work[stage.name] = {}
        if not reused:
            frames = stage.compute(self, plan, pool, Task(stage.name, (), self.config, self.lexicon_fp, key))
            with timeline.span(stage.name, "write tables"):
                for t in tables:
                    if frames[t] is not None:  # None: compute wrote this part itself (streamed)
                        self.store.write(t, key, frames[t])
            for fp in stage.partials:  # the partials of files no longer in the corpus, or changed
                if fp.name in plan.keys:
                    self.store.prune_partials(fp.name, set(plan.keys[fp.name]))
        with timeline.span(stage.name, "assemble tables"):
            for t in tables:
                io.assemble_table(self.config.out, t, [self.store.path(t, key)])
                self.store.prune(t, {key})
                self.tables[t] = io.count_rows(self.config.out, t)
        files = self.work[stage.name].get("files")  # per pass kept per file: files mapped and reused
        self.work[stage.name] = {"computed": 0 if reused else 1, "reused": 1 if reused else 0,
                                 "healed": self.healed.get(stage.name, 0), **({"files": files} if files else {})}
        self.corpus_keys[stage.name] = key
        self.reporter.advance(stage.name, 1, 0)
        self.reporter.finish(stage.name, 0 if reused else 1, 1 if reused else 0)
        self.timings[stage.name] = time.perf_counter() - t0

    def read(self, table: str, keys: list[str], columns=None) -> pd.DataFrame:
        """The rows of parts or of files (keys of a per-file stage), in order."""
        return self.store.read_many(table, keys, columns, located=self.located)


# --- a corpus table read per file ---------------------------------------------------------

def source_fingerprints(found: pd.DataFrame) -> dict[str, str]:
    """Per source, a fingerprint of a table's rows (from row hashes): a per-file stage that
    reads a corpus table's rows of its file puts the file's fingerprint in its key."""
    if not len(found):
        return {}
    import numpy as np

    rows = pd.util.hash_pandas_object(found, index=False).to_numpy()
    return {source: hashlib.sha1(np.sort(rows[idx]).tobytes()).hexdigest()[:20]
            for source, idx in found.groupby("source", sort=False).indices.items()}


def _fingerprints_memo(table: str, key: str) -> str:
    return f"{table}-fingerprints-{key}"


def remember_fingerprints(store: partcache.PartStore, table: str, key: str, fps: dict[str, str]) -> None:
    store.memo_put(_fingerprints_memo(table, key), json.dumps(fps, ensure_ascii=False, sort_keys=True))


def table_fingerprints(r: Runner, stage: str, table: str) -> dict[str, str]:
    """Per source, the fingerprint of its rows in a corpus stage's table of this run,
    remembered by that stage (recomputed from the table if the memo is missing or garbled)."""
    if stage not in r.corpus_keys:
        return {}
    key = r.corpus_keys[stage]
    remembered = r.store.memo_get(_fingerprints_memo(table, key))
    if remembered is not None:
        try:
            return dict(json.loads(remembered))
        except (ValueError, TypeError):  # not what the run wrote: recomputed below
            r.heal(stage)
    fps = source_fingerprints(r.store.read(table, key))
    remember_fingerprints(r.store, table, key, fps)
    return fps


_TASK_ROWS: list = [None, None, {}]  # the task being run (held: its identity is not reused), the table and the columns read, its rows by file
memory.on_stage_change(lambda: _TASK_ROWS.__setitem__(slice(None), [None, None, {}]))


def rows_of_task_files(task: Task, store: partcache.PartStore, table: str, key: str | None,
                       columns: tuple[str, ...] | None = None) -> dict[str, pd.DataFrame]:
    """A corpus table's rows of a task's files, by source, read once per task (row groups
    whose sources cannot match are skipped: the rows come in corpus order); ``columns``: only
    these and ``source`` (the others' strings are not decoded)."""
    if _TASK_ROWS[0] is not task or _TASK_ROWS[1] != (table, columns):
        groups: dict[str, pd.DataFrame] = {}
        if key and store.has(table, key):
            wanted = None if columns is None else ["source", *(c for c in columns if c != "source")]
            df = io.read_part_where(store.path(table, key), "source", [it.source for it in task.items], wanted)
            groups = {s: g.reset_index(drop=True) for s, g in df.groupby("source", sort=False)}
            del df
        _TASK_ROWS[:] = [task, (table, columns), groups]
    return _TASK_ROWS[2]
