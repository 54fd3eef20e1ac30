"""Running stages: the order of the stages, one corpus per output folder, the manifest.

The stages are declared in :mod:`pipeline.stages` (one module each) and run by the generic
:class:`~pipeline.runner.Runner`: per-file stages write one Parquet part per batch of input
files into the part cache, each file's rows keyed by everything they depend on, and a re-run
reuses every file whose key is unchanged; corpus stages run as map and reduce passes over
chunks of files.

Stages run in the order of :data:`pipeline.stages.STAGES`: slogans before segment, so that
formulations discovered in this corpus are protected as single tokens in the same run.

>>> stage_names()[:2]
['ingest', 'sentences']
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline import caveats, executor, io, memory, schemas, timeline
from pipeline.config import Config
from pipeline.runner import MANIFEST, EmptyCorpus, Plan, Reporter, Runner, UsageError, code_version, leave_stage
from pipeline.stages import STAGES

__all__ = ["run", "RunResult", "UsageError", "EmptyCorpus", "Runner", "STAGES", "STAGE_TABLES", "NEEDS",
           "PER_FILE", "stage_names", "recorded_corpus", "recorded_lexicons", "nothing_read"]

BY_NAME = {s.name: s for s in STAGES}
STAGE_TABLES: dict[str, tuple[str, ...]] = {  # stage -> the tables it writes into the output folder
    s.name: tuple(t for t in s.writes if t not in schemas.CACHE_ONLY) for s in STAGES}
NEEDS: dict[str, tuple[str, ...]] = {s.name: s.needs for s in STAGES}  # stage -> the stages it reads from
PER_FILE: tuple[str, ...] = tuple(s.name for s in STAGES if s.per_file)


@dataclass
class RunResult:
    tables: dict[str, int]  # rows per table written
    timings: dict[str, float]  # seconds per stage
    errors: pd.DataFrame  # ingest_errors
    work: dict[str, dict]  # stage -> {"computed": n, "reused": m, "healed": k[, "files": {pass: {"computed", "reused"}}]}
    documents: int = 0
    healed: dict[str, int] = field(default_factory=dict)  # stage (or "manifest") -> parts unreadable or lost, computed again
    duplicates: list[dict] = field(default_factory=list)  # caveats.duplicate_texts: documents with the same text
    without_topics: dict | None = None  # caveats.without_topics + "why": documents with no doc_topics row (None: not run)


def stage_names() -> list[str]:
    return [s.name for s in STAGES]


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


def recorded_lexicons(out: Path) -> Path | None:
    """The lexicons folder the tables of ``out`` were made with, from its manifest (``None``: none
    recorded, or a manifest that cannot be read)."""
    try:
        manifest = io.read_json(Path(out) / MANIFEST)
    except io.DamagedFile:
        return None
    cfg = manifest.get("config") if isinstance(manifest, dict) else None
    folder = cfg.get("lexicons") if isinstance(cfg, dict) else None
    return Path(folder) if isinstance(folder, str) and Path(folder).is_absolute() else None


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
    if not Path(config.lexicons).is_absolute():  # the manifest records the folder for a command run from elsewhere
        config = config.replace(lexicons=Path(config.lexicons).resolve())
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
            with timeline.span("plan", "plan"):
                plan = r.plan()
            present = tables_present(config.out)
            _check_corpus(r, plan, present, replace)
            wanted |= _closure([s for s, ts in STAGE_TABLES.items() if present.intersection(ts)])
            _write_manifest(config, plan, r, state="running")  # the folder's corpus, before any table changes
            try:
                with executor.make(config.engine, config.workers, config.scheduler or None, config.lexicons) as pool:
                    with memory.long_lived():
                        for stage in STAGES:
                            if stage.name in wanted:
                                r.run_stage(stage, plan, pool)
                                with timeline.span(stage.name, "leave stage"):
                                    leave_stage()  # what the stage held, back to the system
            except KeyboardInterrupt:
                io.remove_leftovers(config.out)  # the workers are stopped: nothing else writes
                raise
            finally:
                io.remove_folder(r.store.root / "shared")  # the run's Shared values
            errors = io.read_table(config.out, "ingest_errors") if "ingest" in wanted else schemas.empty("ingest_errors")
            result = RunResult(r.tables, r.timings, errors, r.work, r.tables.get("documents", 0), dict(r.healed))
            _caveats(config, result)
            _write_manifest(config, plan, r, state="complete", seconds=time.perf_counter() - t_start)
            return result
    except io.OutputLocked as exc:
        raise UsageError(str(exc)) from exc


def _caveats(config: Config, result: RunResult) -> None:
    """What the summary warns of (:mod:`pipeline.caveats`), from the tables just written."""
    out = Path(config.out)
    if not io.has_table(out, "documents"):
        return
    docs = io.read_table(out, "documents", columns=["doc_id", "source", "content_hash"])
    result.duplicates = caveats.duplicate_texts(docs)
    if io.has_table(out, "doc_topics"):
        found = caveats.without_topics(docs, io.read_table(out, "doc_topics", columns=["doc_id"]))
        if found["n"]:
            models = io.has_table(out, "topic_models") and len(io.read_table(out, "topic_models", columns=["model"])) > 0
            found["why"] = caveats.without_topics_reason(config.topics, models=models)
        result.without_topics = found


def _nothing_to_read(config: Config, skipped: list[io.RawFile]) -> str:
    kinds = ", ".join(config.ingest.extensions)
    msg = (f"no input files in {config.corpus}: policytext reads {kinds} files (sub-folders too; hidden "
           f"and README files excepted); nothing written")
    if skipped:
        shown = "; ".join(f"{e.source}: {e.error}" for e in skipped[:5])
        msg += f". Found {len(skipped)} other file(s) or folder(s): {shown}" + ("; …" if len(skipped) > 5 else "")
    return msg


def nothing_read(config: Config, result: RunResult) -> str | None:
    """What to say when a run read no document from a corpus that had files to read (every one
    rejected: image-only PDFs, empty or binary files), each rejected file with its
    ``ingest_errors`` kind; ``None`` when some document was read. Empty tables are no result
    (the CLI exits 1, as for a folder with no file to read).

    >>> errors = pd.DataFrame({"source": ["scan.pdf"], "kind": ["no_text_layer"], "message": ["no text layer"]})
    >>> print(nothing_read(Config(corpus=Path("c"), out=Path("o")), RunResult({}, {}, errors, {})))
    no document read from c: every file was rejected (1 file, listed in o/ingest_errors.parquet; the tables are empty):
      scan.pdf: no_text_layer: no text layer
    """
    if result.documents:
        return None
    errors = result.errors
    n = len(errors)
    what = (f"every file was rejected ({n} file{'s' if n != 1 else ''}, listed in "
            f"{Path(config.out) / 'ingest_errors.parquet'}; the tables are empty)") if n else \
        "its files hold no article text (the tables are empty)"
    lines = [f"no document read from {config.corpus}: {what}" + (":" if n else "")]
    lines += [f"  {row.source}: {row.kind}: {row.message}" for row in errors.itertuples()]
    return "\n".join(lines)


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
