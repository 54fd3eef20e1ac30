"""policytext command line: a thin shell over :mod:`pipeline`.

Every command parses options, builds the configuration, calls one library function, and
turns library errors into a clear message and a non-zero exit.
"""

from __future__ import annotations

import gc
import json
import sys
from pathlib import Path
from typing import Optional

# the imports below make ~100,000 objects and little garbage: no collection while they load
# (two full ones and ~400 young ones otherwise, ~0.1 s of CPU of every command)
gc.disable()
try:
    import typer
    import typer.core
    from rich.console import Console
    from rich.cells import cell_len
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    from pipeline import config as config_mod
    from pipeline.run import EmptyCorpus, UsageError
finally:
    gc.enable()

INTERRUPTED = "interrupted; tables untouched, re-run to continue"


class _Commands(typer.core.TyperGroup):
    """Every command: Ctrl-C ends it with one line and exit 130, not a traceback.

    Tables are only ever swapped into place whole (see :mod:`pipeline.io`), so an
    interrupted run leaves each table as it was or complete, and a re-run reuses the work done.
    """

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            typer.echo(INTERRUPTED, err=True)
            raise typer.Exit(130) from None


app = typer.Typer(cls=_Commands, help="Text mining for Chinese policy documents.", no_args_is_help=True,
                  add_completion=False)
console = Console(stderr=True, soft_wrap=True)

CorpusOpt = typer.Option(None, "--corpus", help="Folder of input texts (default: the corpus whose tables --out holds, else corpus/).")
OutOpt = typer.Option(None, "--out", help="Folder for the Parquet tables (default: outputs/).")
ConfigOpt = typer.Option(None, "--config", help="policytext.toml to read (default: ./policytext.toml if present).")


SetOpt = typer.Option(None, "--set", help="Any option as section.key=value (repeatable), e.g. --set segment.hmm=true.")


def _config(config_file: Optional[Path], sets: Optional[list[str]] = None, *, quiet: bool = False,
            **overrides) -> config_mod.Config:
    try:
        for item in sets or []:
            key, value = config_mod.parse_assignment(item)
            if overrides.get(key) is None:  # an option given on the command line wins; one left unset does not
                overrides[key] = value
        cfg = config_mod.load(config_file, **overrides)
    except config_mod.ConfigError as exc:  # escaped: a message may quote a [section]
        console.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2)
    if "corpus" in overrides and overrides["corpus"] is None and cfg.corpus == config_mod.Config().corpus:
        # no corpus named (option or config file): the one whose tables --out holds
        from pipeline.run import recorded_corpus

        recorded = recorded_corpus(cfg.out)
        if recorded is not None and recorded.is_dir() and recorded.resolve() != cfg.corpus.resolve():
            if not quiet:
                console.print(f"[dim]corpus: {recorded} (the corpus of {cfg.out}, from its manifest)[/dim]")
            cfg = cfg.replace(corpus=recorded)
    if "corpus" in overrides and overrides.get("lexicons") is None and "lexicons" not in config_mod.file_keys(config_file):
        cfg = _recorded_lexicons(cfg, quiet)
    return cfg


def _recorded_lexicons(cfg: config_mod.Config, quiet: bool) -> config_mod.Config:
    """No lexicons folder named (--lexicons, --set, the config file) and the tables of --out were
    made with another one (its manifest): say so, and which folder to name to keep them. The
    folder the manifest names is never read unless the user names it (nothing an output folder
    holds decides what is read); the tables are brought up to date with the folder in use."""
    from pipeline.run import recorded_lexicons

    recorded = recorded_lexicons(cfg.out)
    if recorded is None or recorded == Path(cfg.lexicons).resolve():
        return cfg
    if not quiet:
        console.print(f"[yellow]note:[/yellow] lexicons: {escape(str(Path(cfg.lexicons).resolve()))}; the tables of "
                      f"{escape(str(cfg.out))} were made with {escape(str(recorded))} and are brought up to date "
                      f"with the folder in use (to keep them, name it: lexicons = \"{escape(str(recorded))}\" in policytext.toml, "
                      f"or policytext run --set 'lexicons=\"{escape(str(recorded))}\"')")
    return cfg


class _Progress:
    """Rich progress: one bar per stage with files, MB/s and ETA."""

    def __init__(self, enabled: bool):
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                   TimeElapsedColumn, TimeRemainingColumn)

        self.enabled = enabled
        self.bytes: dict[str, tuple[float, int]] = {}
        self.progress = Progress(TextColumn("[bold]{task.description:<11}"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("{task.fields[rate]:>10}"), TextColumn("{task.fields[note]}"),
                                 TimeElapsedColumn(), TimeRemainingColumn(), console=console,
                                 disable=not enabled, transient=False)
        self.tasks: dict[str, int] = {}
        self.stepped: set[str] = set()  # stages that reported steps

    def __enter__(self):
        self.progress.__enter__()
        return self

    def __exit__(self, *exc):
        return self.progress.__exit__(*exc)

    def start(self, stage, total, total_bytes):
        import time

        self.bytes[stage] = (time.perf_counter(), 0)
        self.tasks[stage] = self.progress.add_task(stage, total=total, rate="", note="")

    def advance(self, stage, files, nbytes):
        import time

        t0, done = self.bytes[stage]
        done += nbytes
        self.bytes[stage] = (t0, done)
        rate = f"{done / 1e6 / max(time.perf_counter() - t0, 1e-6):.1f} MB/s" if done else ""
        self.progress.update(self.tasks[stage], advance=files, rate=rate)

    def step(self, stage, done, total, note):
        # progress inside a corpus stage (topics: one step per candidate); the stage's own
        # closing step is the last one
        self.stepped.add(stage)
        self.progress.update(self.tasks[stage], completed=done, total=total + 1, note=note)

    def finish(self, stage, computed, reused):
        note = f"reused {reused}" if reused and not computed else (f"{computed} new, {reused} reused" if reused else "")
        if stage in self.stepped and not note:
            return  # keep the last step's note (the chosen models' coherence)
        self.progress.update(self.tasks[stage], note=note)


def _run(cfg: config_mod.Config, only: list[str] | None, quiet: bool = False, as_json: bool = False,
         replace: bool = False) -> None:
    from pipeline.run import run as run_pipeline

    try:
        with _Progress(enabled=not (quiet or as_json)) as progress:
            result = run_pipeline(cfg, only=only, reporter=progress, replace=replace)
    except EmptyCorpus as exc:  # a batch script must notice (exit 1), not get 13 empty tables
        console.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(1)
    except UsageError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2)
    from pipeline.run import nothing_read

    empty = nothing_read(cfg, result)  # every file rejected: empty tables are no result (exit 1, even with --quiet)
    if as_json:
        print(json.dumps({"out": str(cfg.out), "tables": result.tables, "timings": result.timings,
                          "work": result.work, "healed": result.healed,
                          "duplicates": result.duplicates, "without_topics": result.without_topics,
                          "rejected": result.errors.to_dict(orient="records")},
                         ensure_ascii=False))
    if quiet or as_json:
        _exit_if_nothing_read(empty)
        return
    summary = Table(title=f"policytext → {cfg.out}")
    summary.add_column("stage")
    summary.add_column("tables (rows)")
    summary.add_column("files computed / reused", justify="right")
    summary.add_column("time", justify="right")
    from pipeline.run import PER_FILE, STAGE_TABLES, stage_names

    for stage in stage_names():
        if stage not in result.timings:
            continue
        work = result.work.get(stage, {})
        done = f"{work.get('computed', 0)} / {work.get('reused', 0)}"
        if stage not in PER_FILE:
            done = "skipped (unchanged)" if work.get("reused") else "computed"
            if work.get("files"):  # its passes kept per file: files mapped again / reused
                done = "reduced; " + ", ".join(f"{p} {w['computed']} / {w['reused']}" for p, w in work["files"].items())
        if work.get("healed"):
            done += f", healed {work['healed']}"
        tables = ", ".join(f"{t} ({result.tables[t]:,})" for t in STAGE_TABLES[stage] if t in result.tables)
        summary.add_row(stage, tables, done, f"{result.timings[stage]:.2f} s")
    console.print(summary)
    if result.healed:
        what = ", ".join(f"{stage} {n}" for stage, n in result.healed.items())
        console.print(f"[yellow]healed:[/yellow] {sum(result.healed.values())} cached part(s) or the manifest "
                      f"could not be read back and were computed again ({what})")
    if len(result.errors) and empty is None:
        console.print(f"[yellow]{len(result.errors)} file(s) rejected:[/yellow]")
        for row in result.errors.itertuples():
            console.print(f"  {escape(str(row.source))}: {row.kind}: {escape(str(row.message))}")
    _print_caveats(result)
    _exit_if_nothing_read(empty)


def _print_caveats(result) -> None:
    """The run's caveats (pipeline.caveats): same texts twice, documents without a topic row."""
    if result.duplicates:
        n = sum(len(g["sources"]) for g in result.duplicates)
        console.print(f"[yellow]{n} documents hold the same text as another[/yellow] (same documents.content_hash; "
                      "each copy is counted in slogans, keywords and topics: drop them in pandas if they are "
                      "copies, see README \"Tables\"):")
        for g in result.duplicates[:10]:
            console.print("  " + escape(" = ".join(g["sources"])))
        if len(result.duplicates) > 10:
            console.print(f"  … and {len(result.duplicates) - 10} more groups (all in --json, or group documents by content_hash)")
    missing = result.without_topics
    if missing and missing["n"]:
        shown = ", ".join(missing["sources"][:10]) + (", …" if missing["n"] > 10 else "")
        console.print(f"[yellow]{missing['n']} document(s) have no doc_topics row[/yellow] ({escape(shown)}): "
                      f"{escape(missing['why'])}")


def _exit_if_nothing_read(message: Optional[str]) -> None:
    if message is not None:
        console.print(f"[red]error:[/red] {escape(message)}")
        raise typer.Exit(1)


def _print_explanation(explanation, ok: set[str], title: str = "") -> None:
    """Any stage's ``--explain`` (a :class:`pipeline.explanation.Explanation`) as one table:
    the span, where it is, the decision (green when taken), the rule that decided, the
    reason, and what the stage took from it."""
    from rich.console import Console as _Console

    table = Table(title=f"{explanation.stage} --explain" + (f": {title}" if title else ""))
    extra = explanation.field_names()
    for col in ("span", "at", "decision", "rule", "why", *extra):
        table.add_column(col)

    def fmt(v):
        return "" if v is None or v == "" else (f"{v:g}" if isinstance(v, float) else str(v))

    for s in explanation.steps:
        colour = "green" if s.decision in ok else "red"
        table.add_row(s.text, "" if s.start is None else f"{s.start}-{s.end}", f"[{colour}]{s.decision}[/{colour}]",
                      s.rule, s.why, *(fmt(s.field(k)) for k in extra))
    out = _Console(soft_wrap=True, width=None if sys.stdout.isatty() else 200)
    for note in explanation.notes:
        out.print(note)
    out.print(table)


WorkersOpt = typer.Option(None, "--workers", help="Worker processes (default: number of cores).")
EngineOpt = typer.Option(None, "--engine", help="local (process pool, default) or dask.")
SchedulerOpt = typer.Option(None, "--scheduler", help="Dask scheduler address; none = a local Dask cluster.")


@app.command()
def run(corpus: Optional[Path] = CorpusOpt, out: Optional[Path] = OutOpt, config: Optional[Path] = ConfigOpt,
        workers: Optional[int] = WorkersOpt, engine: Optional[str] = EngineOpt,
        scheduler: Optional[str] = SchedulerOpt, set_: Optional[list[str]] = SetOpt,
        quiet: bool = typer.Option(False, "--quiet", help="Print nothing but errors."),
        json_out: bool = typer.Option(False, "--json", help="Print the summary as JSON on stdout."),
        replace: bool = typer.Option(False, "--replace", help="--out holds another corpus's tables: rebuild every table from this corpus.")) -> None:
    """Run every stage on the corpus and write all tables (unchanged work is reused).

    Without --corpus, the corpus whose tables --out already holds (else corpus/)."""
    cfg = _config(config, set_, quiet=quiet or json_out, corpus=corpus, out=out, workers=workers, engine=engine,
                  scheduler=scheduler)
    _run(cfg, None, quiet, json_out, replace)


@app.command()
def ingest(corpus: Optional[Path] = CorpusOpt, out: Optional[Path] = OutOpt,
           config: Optional[Path] = ConfigOpt,
           explain: Optional[Path] = typer.Option(None, "--explain", help="Show, line by line, what ingest keeps, joins and removes in FILE, and why; writes nothing.")) -> None:
    """Read and clean the corpus: tables documents and ingest_errors."""
    if explain is not None:
        from pipeline import ingest as ingest_mod

        try:
            from pipeline import io

            data = io.read_bytes(explain)
        except OSError as exc:
            console.print(f"[red]error:[/red] cannot read {explain}: {exc.strerror or exc}")
            raise typer.Exit(2)
        from pipeline import lexicons as lexicons_mod

        cfg = _config(config, corpus=corpus, out=out)
        lexicon = lexicons_mod.load(cfg.lexicons)  # the run's headline weights, media
        explained = ingest_mod.explain_bytes(data, explain.name, lexicon=lexicon, extensions=cfg.ingest.extensions)
        print(f"# {explain} ({'; '.join(explained.notes)})")
        for s in explained.steps:  # a file has many lines: one line each, not a table
            article = s.field("article")
            rule = f" [{s.rule}]" if s.rule else ""
            print(f"{'-' if article is None else article}\t{s.field('line'):>5}\t{s.decision:<8}{rule}\t{s.text}")
        return
    _run(_config(config, corpus=corpus, out=out), ["ingest"])


@app.command()
def segment(corpus: Optional[Path] = CorpusOpt, out: Optional[Path] = OutOpt,
            config: Optional[Path] = ConfigOpt,
            explain: Optional[str] = typer.Option(None, "--explain", help="Show the tokens of TEXT and why each formulation or number was or was not kept whole; writes nothing.")) -> None:
    """Split documents into sentences and tokens (reuses unchanged ingest results in --out), or --explain a text."""
    cfg = _config(config, corpus=corpus, out=out)
    if explain is None:
        _run(cfg, ["segment"])
        return
    import pandas as pd
    from rich.console import Console as _Console

    from pipeline import lexicons as lexicons_mod, segment as segment_mod

    lex = lexicons_mod.load(cfg.lexicons)
    docs = pd.DataFrame({"doc_id": ["text"], "text": [explain]})
    from pipeline.sentences import sentences as sentences_fn

    toks = segment_mod.tokens(docs, sentences_fn(docs), lexicon=lex, config=cfg.segment)
    out_console = _Console(soft_wrap=True, width=None if sys.stdout.isatty() else 200)
    out_console.print(" / ".join(f"[bold]{t}[/bold]" if s else t for t, s in zip(toks["token"], toks["is_slogan"])))
    _print_explanation(segment_mod.explain(explain, lexicon=lex, config=cfg.segment), ok={segment_mod.KEPT},
                       title="protected spans")


@app.command()
def keywords(corpus: Optional[Path] = CorpusOpt, out: Optional[Path] = OutOpt, config: Optional[Path] = ConfigOpt,
             top_n: Optional[int] = typer.Option(None, "--top-n", help="Keywords per document and method.")) -> None:
    """Keywords per document by TF-IDF and TextRank (reads tokens from --out)."""
    _run(_config(config, corpus=corpus, out=out, topics__keywords_top_n=top_n), ["keywords"])


@app.command()
def topics(corpus: Optional[Path] = CorpusOpt, out: Optional[Path] = OutOpt, config: Optional[Path] = ConfigOpt,
           k_min: Optional[int] = typer.Option(None, "--k-min", help="Smallest number of topics tried (the grid's first k)."),
           k_max: Optional[int] = typer.Option(None, "--k-max", help="Top of the grid of k (k_min..k_max, topics.k_step apart). While a model's best k is at the top, the search goes on past it, k_step at a time, up to topics.k_ceiling (30; --set topics.k_ceiling=0 stops at --k-max)."),
           unit: Optional[str] = typer.Option(None, "--unit", help="document, paragraph or chunk."),
           seed: Optional[int] = typer.Option(None, "--seed", help="random_state of every model."),
           model: Optional[list[str]] = typer.Option(None, "--model", help="lda and/or nmf (repeat the option).")) -> None:
    """Topic models with k chosen by coherence (reads documents and tokens from --out)."""
    # --unit and --model are checked with every other option's values when the configuration is built
    _run(_config(config, corpus=corpus, out=out, topics__k_min=k_min, topics__k_max=k_max, topics__unit=unit,
                 topics__seed=seed, topics__models=tuple(model) if model else None), ["topics"])


@app.command()
def indicators(corpus: Optional[Path] = CorpusOpt, out: Optional[Path] = OutOpt,
               config: Optional[Path] = ConfigOpt,
               explain: Optional[str] = typer.Option(None, "--explain", help="Show every number in TEXT with the decision and the rule, its canonical metric, measure, status and year and the rules behind them; writes nothing."),
               report_year: Optional[int] = typer.Option(None, "--report-year", help="With --explain: read TEXT as a government work report planning this year (its sections then decide status and year).")) -> None:
    """Numeric indicators (reads documents and sentences from --out), or --explain a text."""
    cfg = _config(config, corpus=corpus, out=out)
    if explain is None:
        _run(cfg, ["indicators"])
        return
    from pipeline import indicators as indicators_mod, lexicons as lexicons_mod
    from pipeline.issuers import DocumentInfo

    doc = DocumentInfo(True, report_year, None) if report_year is not None else None
    _print_explanation(indicators_mod.explain(explain, config=cfg.indicators, lexicon=lexicons_mod.load(cfg.lexicons),
                                              document=doc), ok={"indicator"})


@app.command()
def export(fmt: str = typer.Option(..., "--format", help="csv (UTF-8 with BOM), xlsx or dta (Stata 118)."),
           tables: Optional[str] = typer.Option(None, "--tables", help="Comma-separated tables (default: all present)."),
           out: Optional[Path] = OutOpt, config: Optional[Path] = ConfigOpt) -> None:
    """Write the tables in --out as CSV, Excel or Stata files, one per table, under OUT/exports/."""
    from pipeline import export as export_mod

    cfg = _config(config, out=out)
    names = [t.strip() for t in tables.split(",") if t.strip()] if tables else None
    try:
        result = export_mod.export(cfg.out, fmt.lower(), tables=names)
    except export_mod.ExportError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2)
    for name, paths in result.files.items():
        console.print(f"{name} → {paths[0]}")
    for name, why in result.skipped.items():
        console.print(f"[yellow]skipped[/yellow] {name}: {why}")
    for note in result.notes:
        console.print(f"[dim]note:[/dim] {note}")


@app.command()
def report(out: Optional[Path] = OutOpt, config: Optional[Path] = ConfigOpt,
           dpi: int = typer.Option(300, "--dpi", help="Resolution of the PNG charts.")) -> None:
    """Write OUT/report.html (self-contained) and PNG/SVG charts in OUT/figures/ from the tables in --out."""
    from pipeline import report as report_mod

    cfg = _config(config, out=out)
    try:
        files = report_mod.report(cfg.out, dpi=dpi)
    except FileNotFoundError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2)
    console.print(f"report → {files.html}")
    console.print(f"{len(files.figures)} figure and table files → {files.html.parent / 'figures'}")
    for note in files.notes:
        console.print(f"[yellow]note:[/yellow] {note}")


# ---------------------------------------------------------------- slogans and the slogan lexicon

slogans_app = typer.Typer(help="Policy formulations: the slogans stage, discovered candidates.",
                          invoke_without_command=True, add_completion=False)
lexicon_app = typer.Typer(help="Edit the researcher's lexicons.", no_args_is_help=True, add_completion=False)
app.add_typer(slogans_app, name="slogans")
app.add_typer(lexicon_app, name="lexicon")
LexiconsOpt = typer.Option(None, "--lexicons", help="Folder of lexicons (default: `lexicons` in the config, else ./lexicons if present, else the bundled folder).")


@slogans_app.callback()
def slogans_cmd(ctx: typer.Context, corpus: Optional[Path] = CorpusOpt, out: Optional[Path] = OutOpt,
                config: Optional[Path] = ConfigOpt,
                lexicons_dir: Optional[Path] = LexiconsOpt,
                explain: Optional[str] = typer.Option(None, "--explain", help="Show what is matched or discovered in TEXT, and why.")) -> None:
    """Match and discover slogans (tables slogans, slogan_candidates, slogan_definitions)."""
    if ctx.invoked_subcommand is not None:
        return
    cfg = _config(config, corpus=corpus, out=out, lexicons=lexicons_dir)
    if explain is not None:
        from pipeline import lexicons as lexicons_mod, slogans as slogans_mod

        _print_explanation(slogans_mod.explain(explain, lexicons_mod.load(cfg.lexicons), cfg.slogans),
                           ok={slogans_mod.TAKEN})
        return
    _run(cfg, ["slogans"])


@slogans_app.command("candidates")
def slogans_candidates(out: Optional[Path] = OutOpt, config: Optional[Path] = ConfigOpt,
                       csv: Optional[Path] = typer.Option(None, "--csv", help="Write every candidate to this CSV file."),
                       top: int = typer.Option(30, "--top", help="Rows shown on screen.")) -> None:
    """Discovered formulations, ranked by score, for review before `policytext lexicon add`."""
    from pipeline import io

    cfg = _config(config, out=out)
    try:
        cands = io.read_table(cfg.out, "slogan_candidates")
    except FileNotFoundError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2)
    if csv is not None:
        io.write_csv(csv, cands)
        console.print(f"{len(cands)} candidates → {csv}")
        return
    shown = cands.head(top)
    table = Table(title=f"slogan candidates in {cfg.out} (top {len(shown)} of {len(cands)})")
    # the slogan is what is reviewed: never cut or wrapped. The other columns are one line
    # each; on a narrow terminal rich narrows the widest of them first and they end in …
    table.add_column("slogan", no_wrap=True, min_width=max([cell_len(s) for s in shown["slogan"]] + [6]))
    table.add_column("kind")
    for col in ("score", "count", "docs"):
        table.add_column(col, justify="right", no_wrap=True)
    table.add_column("first seen", max_width=24)
    table.add_column("rules", max_width=24)
    table.add_column("in lexicon")
    table.add_column("example", max_width=40)

    def cut(text: str) -> Text:
        return Text(text, no_wrap=True, overflow="ellipsis")

    for r in shown.itertuples():
        table.add_row(r.slogan, cut(r.kind), f"{r.score:.2f}", str(r.count), str(r.n_docs),
                      cut(" ".join(x for x in (r.first_date, r.first_source) if isinstance(x, str))),
                      cut(", ".join(r.rules)), "yes" if r.in_lexicon else "", cut(r.example or ""))
    Console(soft_wrap=True).print(table)


@lexicon_app.command("add")
def lexicon_add(slogans: Optional[list[str]] = typer.Argument(None, help="Formulations to add."),
                from_candidates: bool = typer.Option(False, "--from-candidates", help="Also add every candidate of --out scoring at least --min-score."),
                min_score: float = typer.Option(config_mod.LEXICON_ADD_MIN_SCORE, "--min-score", help="Score (a calibrated probability) a candidate needs with --from-candidates; default: the trainer's chosen threshold for the bundled model (from it up >= 0.95 precise on dev documents held out one at a time)."),
                category: Optional[str] = typer.Option(None, "--category", help="numbered / named / plan (default: the candidate's kind)."),
                note: Optional[str] = typer.Option(None, "--note", help="Note stored with each entry."),
                out: Optional[Path] = OutOpt, config: Optional[Path] = ConfigOpt,
                lexicons_dir: Optional[Path] = LexiconsOpt) -> None:
    """Append formulations to slogans.txt of the project's lexicons (--lexicons, the config, or ./lexicons) with their provenance (first source and date); skips those present."""
    from pipeline import io, lexicons as lexicons_mod, slogans as slogans_mod

    cfg = _config(config, out=out, lexicons=lexicons_dir)
    if not slogans and not from_candidates:
        console.print("[red]error:[/red] name formulations to add, or use --from-candidates")
        raise typer.Exit(2)
    cands = io.read_table(cfg.out, "slogan_candidates") if io.has_table(cfg.out, "slogan_candidates") else None
    if from_candidates and cands is None:
        console.print(f"[red]error:[/red] no slogan_candidates table in {cfg.out}; run `policytext run` or `policytext slogans` first")
        raise typer.Exit(2)
    try:
        path = lexicons_mod.writable_folder(cfg.lexicons) / "slogans.txt"
    except lexicons_mod.FolderError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2)
    # a folder without slogans.txt reads the bundled one: the file it starts is a copy of that, plus the additions
    start = lexicons_mod.source(path.parent, "slogans.txt")
    existing = lexicons_mod.read_slogans(start) if start.exists() else {}
    try:
        lines, skipped = slogans_mod.lexicon_additions(list(slogans or []), cands, existing, from_candidates=from_candidates,
                                                       min_score=min_score, category=category, note=note)
    except ValueError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2)
    if lines:
        if start != path:
            io.write_atomic(path, io.read_bytes(start))
            console.print(f"{path} started from the bundled slogans.txt ({len(existing)} entries)")
        io.append_lines(path, lines)
    console.print(f"{len(lines)} added to {path}; {len(skipped)} already present")
    for line in lines:
        console.print(f"  + {line.split(chr(9))[0]}")


@lexicon_app.command("mine")
def lexicon_mine(corpus: Path = typer.Option(..., "--corpus", help="Archive of reports: a folder or a .tar.xz/.tar.gz/.tar (read in memory)."),
                 out_file: Optional[Path] = typer.Option(None, "--out", help="File written (default: formulations_mined.tsv of the lexicons folder)."),
                 min_regions: int = typer.Option(3, "--min-regions", help="Regions (folders) that must quote a formulation."),
                 workers: int = typer.Option(2, "--workers", help="Processes (the table is the same for any number)."),
                 config: Optional[Path] = ConfigOpt, lexicons_dir: Optional[Path] = LexiconsOpt) -> None:
    """Mine the established formulations of an archive of reports into formulations_mined.tsv."""
    from pipeline import formulations, lexicons as lexicons_mod

    cfg = _config(config, lexicons=lexicons_dir)
    target = out_file or Path(cfg.lexicons) / "formulations_mined.tsv"
    if not corpus.exists():
        console.print(f"[red]error:[/red] {corpus} does not exist")
        raise typer.Exit(2)
    command = f"policytext lexicon mine --corpus {corpus.name} --min-regions {min_regions}"
    lex = lexicons_mod.load(cfg.lexicons)
    heads = lex.rule_words("formulation_heads")  # formulation_heads.txt
    from pipeline.executor import LocalExecutor

    with LocalExecutor(workers) as pool:
        table = formulations.mine_archive(corpus, target, min_regions=min_regions, pool=pool, command=command,
                                          heads=heads, phrase_model=lex.rule_words("phrase_model"),
                                          naming=lex.rule_words("naming_context"))
    console.print(f"{len(table)} formulations written to {target}")


@app.command("config")
def show_config(config: Optional[Path] = ConfigOpt, set_: Optional[list[str]] = SetOpt) -> None:
    """Print the effective configuration as a commented policytext.toml (defaults, file, --set)."""
    print(config_mod.to_toml(_config(config, set_), base=Path.cwd().resolve()), end="")


if __name__ == "__main__":
    app()
