"""policytext command line: a thin shell over :mod:`pipeline`.

Every command parses options, builds the configuration, calls one library function, and
turns library errors into a clear message and a non-zero exit.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from pipeline import config as config_mod
from pipeline.run import UsageError, run as run_pipeline

app = typer.Typer(help="Text mining for Chinese policy documents.", no_args_is_help=True,
                  add_completion=False)
console = Console(stderr=True, soft_wrap=True)

CorpusOpt = typer.Option(None, "--corpus", help="Folder of input texts (default: corpus/).")
OutOpt = typer.Option(None, "--out", help="Folder for the Parquet tables (default: outputs/).")
ConfigOpt = typer.Option(None, "--config", help="policytext.toml to read (default: ./policytext.toml if present).")


def _config(config_file: Optional[Path], **overrides) -> config_mod.Config:
    try:
        return config_mod.load(config_file, **overrides)
    except config_mod.ConfigError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2)


def _run(cfg: config_mod.Config, only: list[str] | None, quiet: bool = False, as_json: bool = False) -> None:
    def on_stage(name: str) -> None:
        if not quiet and not as_json:
            console.print(f"[bold]stage[/bold] {name} …")

    try:
        result = run_pipeline(cfg, only=only, on_stage=on_stage)
    except UsageError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2)
    if as_json:
        print(json.dumps({"tables": result.tables, "timings": result.timings,
                          "rejected": result.errors.to_dict(orient="records")}, ensure_ascii=False))
        return
    if quiet:
        return
    summary = Table(title=f"policytext → {cfg.out}")
    summary.add_column("table")
    summary.add_column("rows", justify="right")
    for name, n in result.tables.items():
        summary.add_row(name, str(n))
    for stage, secs in result.timings.items():
        summary.add_row(f"[dim]time {stage}[/dim]", f"[dim]{secs:.2f} s[/dim]")
    console.print(summary)
    if len(result.errors):
        console.print(f"[yellow]{len(result.errors)} file(s) rejected:[/yellow]")
        for row in result.errors.itertuples():
            console.print(f"  {row.source}: {row.kind}: {row.message}")


@app.command()
def run(corpus: Optional[Path] = CorpusOpt, out: Optional[Path] = OutOpt, config: Optional[Path] = ConfigOpt,
        quiet: bool = typer.Option(False, "--quiet", help="Print nothing but errors."),
        json_out: bool = typer.Option(False, "--json", help="Print the summary as JSON on stdout.")) -> None:
    """Run every stage on the corpus and write all tables."""
    _run(_config(config, corpus=corpus, out=out), None, quiet, json_out)


@app.command()
def ingest(corpus: Optional[Path] = CorpusOpt, out: Optional[Path] = OutOpt,
           config: Optional[Path] = ConfigOpt) -> None:
    """Read and clean the corpus: tables documents and ingest_errors."""
    _run(_config(config, corpus=corpus, out=out), ["ingest"])


@app.command()
def segment(out: Optional[Path] = OutOpt, config: Optional[Path] = ConfigOpt) -> None:
    """Split documents into sentences and tokens (reads documents from --out)."""
    _run(_config(config, out=out), ["sentences", "segment"])


if __name__ == "__main__":
    app()
