"""Running stages: read inputs, call the stage functions, write their tables.

Each stage runner takes a :class:`Context` and returns the names of the tables it wrote.
Stages run in the order of :data:`STAGES`; a stage reads its inputs from earlier stages
of the same run, or from the output folder when run alone (``policytext segment``).

>>> [name for name, _ in STAGES][:2]
['ingest', 'sentences']
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from pipeline import io, lexicons
from pipeline.config import Config


class UsageError(Exception):
    """A problem the user must fix (missing corpus folder, unwritable output folder)."""


@dataclass
class Context:
    config: Config
    _tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    _lexicon: lexicons.Lexicon | None = None
    timings: dict[str, float] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def lexicon(self) -> lexicons.Lexicon:
        if self._lexicon is None:
            self._lexicon = lexicons.load(self.config.lexicons)
        return self._lexicon

    def table(self, name: str) -> pd.DataFrame:
        """A table of this run, or of an earlier run in the output folder."""
        if name not in self._tables:
            self._tables[name] = io.read_table(self.config.out, name)
        return self._tables[name]

    def write(self, name: str, df: pd.DataFrame) -> None:
        io.write_table(self.config.out, name, df)
        self._tables[name] = df


def run_ingest(ctx: Context) -> list[str]:
    from pipeline import ingest

    cfg = ctx.config
    if not Path(cfg.corpus).is_dir():
        raise UsageError(f"corpus folder {cfg.corpus} does not exist or is not a folder")
    paths, folder_errors = io.list_corpus(Path(cfg.corpus), cfg.ingest.extensions)
    max_bytes = int(cfg.ingest.max_file_mb * 1e6)
    raw = folder_errors + [io.read_raw(p, Path(cfg.corpus), max_bytes=max_bytes) for p in paths]
    docs, errors = ingest.documents(raw, places=ctx.lexicon.places)
    ctx.write("documents", docs)
    ctx.write("ingest_errors", errors)
    return ["documents", "ingest_errors"]


def run_sentences(ctx: Context) -> list[str]:
    from pipeline import sentences

    ctx.write("sentences", sentences.sentences(ctx.table("documents")))
    return ["sentences"]


def run_slogans(ctx: Context) -> list[str]:
    from pipeline import slogans

    found, candidates, definitions = slogans.slogan_tables(
        ctx.table("documents"), ctx.table("sentences"), lexicon=ctx.lexicon, config=ctx.config.slogans)
    ctx.write("slogans", found)
    ctx.write("slogan_candidates", candidates)
    ctx.write("slogan_definitions", definitions)
    return ["slogans", "slogan_candidates", "slogan_definitions"]


def discovered_to_protect(ctx: Context) -> dict[str, str]:
    """Formulations discovered in this corpus that the segmenter keeps whole (issue 10)."""
    cfg = ctx.config.segment
    if not cfg.protect_discovered or not io.has_table(ctx.config.out, "slogan_candidates"):
        return {}
    cands = ctx.table("slogan_candidates")
    keep = cands[(cands["score"] >= cfg.min_candidate_score) & ~cands["in_lexicon"]]
    return {s: "discovered" for s in sorted(keep["slogan"]) if s not in ctx.lexicon.slogans}


def run_segment(ctx: Context) -> list[str]:
    from pipeline import segment

    ctx.write("tokens", segment.tokens(ctx.table("documents"), ctx.table("sentences"),
                                       lexicon=ctx.lexicon, config=ctx.config.segment,
                                       protect=discovered_to_protect(ctx)))
    return ["tokens"]


def run_indicators(ctx: Context) -> list[str]:
    from pipeline import indicators

    slogans = ctx.table("slogans") if io.has_table(ctx.config.out, "slogans") else None
    ctx.write("indicators", indicators.indicators(ctx.table("documents"), ctx.table("sentences"),
                                                  config=ctx.config.indicators, slogans=slogans))
    return ["indicators"]


def run_keywords(ctx: Context) -> list[str]:
    from pipeline import keywords

    ctx.write("keywords", keywords.keywords(ctx.table("tokens"), config=ctx.config.topics))
    return ["keywords"]


def run_topics(ctx: Context) -> list[str]:
    from pipeline import topics

    tables = topics.topic_tables(ctx.table("documents"), ctx.table("tokens"), config=ctx.config.topics)
    for name in ("topic_models", "topic_terms", "doc_topics", "topic_trends"):
        ctx.write(name, tables[name])
    return ["topic_models", "topic_terms", "doc_topics", "topic_trends"]


# Stage order: slogans run before segment so that the formulations they discover are
# protected as single tokens in the same run; indicators use slogan spans as exclusions.
# A stage is listed here once its module implements the function its runner calls.
STAGES: list[tuple[str, Callable[[Context], list[str]]]] = [
    ("ingest", run_ingest),
    ("sentences", run_sentences),
    # ("slogans", run_slogans),
    ("segment", run_segment),
    # ("indicators", run_indicators),
    # ("keywords", run_keywords),
    # ("topics", run_topics),
]


@dataclass
class RunResult:
    tables: dict[str, int]  # rows per table written
    timings: dict[str, float]  # seconds per stage
    errors: pd.DataFrame  # ingest_errors


def run(config: Config, *, only: list[str] | None = None,
        on_stage: Callable[[str], None] | None = None) -> RunResult:
    """Run the stages (all, or ``only`` those named) and write their tables into ``config.out``."""
    if not Path(config.corpus).is_dir() and (only is None or "ingest" in only):
        raise UsageError(f"corpus folder {config.corpus} does not exist or is not a folder")
    try:
        io.check_writable(config.out)
    except OSError as exc:
        raise UsageError(str(exc)) from exc
    ctx = Context(config)
    written: dict[str, int] = {}
    for name, runner in STAGES:
        if only is not None and name not in only:
            continue
        if on_stage:
            on_stage(name)
        t0 = time.perf_counter()
        for table in runner(ctx):
            written[table] = len(ctx.table(table))
        ctx.timings[name] = time.perf_counter() - t0
    errors = ctx._tables.get("ingest_errors")
    if errors is None:
        errors = pd.DataFrame(columns=["source", "kind", "message"])
    return RunResult(written, ctx.timings, errors)
