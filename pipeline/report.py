"""The report: one self-contained HTML file and 300-dpi PNG + SVG charts for a thesis.

``policytext report`` reads whichever tables the output folder holds, draws the charts of
:mod:`pipeline.charts`, and writes ``OUT/report.html`` (every chart embedded as an SVG
data URI and the CJK font, cut to the page's characters, as a font data URI, so the one
file can be mailed or archived and reads on a machine without a Chinese font) and
``OUT/figures/<chart>.png`` / ``.svg``. A table that is not there yet, or a chart with nothing to draw (no dated
documents, say), is skipped with a note in the report and in the result, never an error.

:func:`build` is pure (tables in, :class:`Report` out); :func:`load_tables` and
:func:`write` are the I/O edges; :func:`report` chains them.

>>> rep = build({})
>>> [c.name for c in rep.charts][:2], rep.charts[0].figure is None
(['indicators_by_kind', 'gdp_growth_target_vs_result'], True)
"""

from __future__ import annotations

import base64
import html
import io as _io
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib
import pandas as pd
from matplotlib.figure import Figure

from pipeline import charts, fonts, io, schemas

# tables the report draws from (read in full); the others are only counted
USED = ("documents", "indicators", "panel", "slogans", "slogan_candidates", "topic_models", "topic_terms",
        "topic_trends")


@dataclass
class Chart:
    """One chart: its file stem, title, the figure (None when skipped) and why it was skipped."""

    name: str
    title: str
    section: str
    figure: Figure | None = None
    note: str | None = None


@dataclass
class Report:
    """Everything the HTML shows, before anything is written."""

    charts: list[Chart] = field(default_factory=list)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)  # title → frame
    notes: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # rows per table present


@dataclass
class ReportFiles:
    html: Path
    figures: list[Path]
    notes: list[str]


def load_tables(out: Path, names: tuple[str, ...] = USED) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """The tables ``names`` present in ``out``, and a note for each one missing.

    >>> import tempfile
    >>> tables, notes = load_tables(Path(tempfile.mkdtemp()), ("slogans",))
    >>> tables, notes[0].startswith("slogans: not in")
    ({}, True)
    """
    tables: dict[str, pd.DataFrame] = {}
    notes: list[str] = []
    for name in names:
        if io.has_table(out, name):
            tables[name] = io.read_table(out, name)
        else:
            notes.append(f"{name}: not in {out} yet (its stage has not run); the parts that need it are skipped")
    return tables, notes


def count_rows(out: Path) -> dict[str, int]:
    """Rows of every declared table present in ``out`` (reads one column only)."""
    counts = {}
    for name in schemas.TABLES:
        if io.has_table(out, name):
            counts[name] = len(io.read_table(out, name, columns=[schemas.columns(name)[0]]))
    return counts


def _chart(name: str, title: str, section: str, draw) -> Chart:
    try:
        return Chart(name, title, section, figure=draw())
    except charts.NoData as exc:
        return Chart(name, title, section, note=str(exc))


def build(tables: dict[str, pd.DataFrame]) -> Report:
    """Draw every chart and summary table from ``tables`` (any subset of the tables)."""
    t = tables.get
    rep = Report()
    docs, ind, sl = t("documents"), t("indicators"), t("slogans")
    # indicators
    try:
        rep.tables["指标汇总 Indicator summary"] = charts.indicator_summary(ind)
    except charts.NoData as exc:
        rep.notes.append(f"indicator summary: {exc}")
    rep.charts.append(_chart("indicators_by_kind", "数值指标类型 Indicators by kind", "indicators",
                             lambda: charts.indicators_by_kind(ind)))
    # the panel: target against result of GDP growth across issuers and years
    pan = t("panel")
    rep.charts.append(_chart("gdp_growth_target_vs_result", "GDP增速目标与实绩 GDP growth: target vs result",
                             "indicators", lambda: charts.target_vs_result(pan)))
    try:
        rep.tables["GDP增速目标与实绩 GDP growth target vs result"] = charts.target_vs_result_table(pan).head(60)
    except charts.NoData as exc:
        rep.notes.append(f"target vs result: {exc}")
    # slogans
    for by, title in (("document", "提法频次（按文档）Slogan frequency by document"),
                      ("period", "提法频次（按时间）Slogan frequency by date"),
                      ("issuer", "提法频次（按发文单位）Slogan frequency by issuer")):
        rep.charts.append(_chart(f"slogan_frequency_{by}", title, "slogans",
                                 lambda by=by: charts.slogan_frequency(sl, docs, by=by)))
    # a first appearance is only the first sighting in this corpus: every title says so,
    # with the corpus's dates (the CSV stem stops at the "(": table_slogans_first_seen_in_this_corpus)
    first_title = f"提法首次出现（本语料） Slogans {charts.FIRST_SEEN} ({charts.corpus_dates_label(docs)})"
    try:
        first = charts.slogan_first_appearances(sl, docs)
        rep.tables[first_title] = first.head(50)
        rep.charts.append(_chart("slogan_first_appearances", first_title, "slogans",
                                 lambda: charts.first_appearances_chart(first, docs)))
    except charts.NoData as exc:
        rep.charts.append(Chart("slogan_first_appearances", first_title, "slogans", note=str(exc)))
    cands = t("slogan_candidates")
    if cands is not None and not cands.empty:
        cols = ["slogan", "kind", "count", "n_docs", "first_date", "score", "in_lexicon"]
        rep.tables[f"新发现提法 Discovered slogans (top 30 by score; first_date: {charts.FIRST_SEEN}, "
                   f"{charts.corpus_dates_label(docs)})"] = (
            cands.sort_values(["score", "count"], ascending=False).head(30)[cols].reset_index(drop=True))
    # topics
    terms, models, trends = t("topic_terms"), t("topic_models"), t("topic_trends")
    try:
        chosen = charts.chosen_models(models, terms)
    except charts.NoData as exc:
        chosen = []
        rep.charts.append(Chart("topic_top_terms", "主题高频词 Topic top terms", "topics", note=str(exc)))
    rep.charts.append(_chart("topic_coherence", "主题数选择 Choosing k by coherence", "topics",
                             lambda: charts.topic_coherence(models)))
    for model in chosen:
        rep.charts.append(_chart(f"topic_top_terms_{model}", f"主题高频词 Topic top terms ({model})", "topics",
                                 lambda model=model: charts.topic_top_terms(terms, model=model)))
    trend_models = chosen or ([None] if trends is None else list(dict.fromkeys(trends["model"])) or [None])
    for model in trend_models:
        suffix = f"_{model}" if model else ""
        for by, title in (("period", "主题趋势 Topic trends"), ("issuer", "主题发文单位分布 Topic share by issuer")):
            rep.charts.append(_chart(f"topic_trends_{by}{suffix}", f"{title}{f' ({model})' if model else ''}",
                                     "topics", lambda model=model, by=by: _trend(trends, model, by)))
    if models is not None and not models.empty:
        rep.tables["候选主题模型 Topic models trained"] = models.copy()
    return rep


def _trend(trends: pd.DataFrame | None, model: str | None, by: str) -> Figure:
    if trends is None:
        raise charts.NoData("table 'topic_trends' is not in the output folder yet")
    if model is not None and model not in set(trends["model"]):
        raise charts.NoData(f"no topic trends for model {model!r}")
    return charts.topic_trends_chart(trends, model=model, by=by)


# --- writing -------------------------------------------------------------------------------

def svg_bytes(fig: Figure) -> bytes:
    """The figure as SVG (glyphs as paths, no date stamp: same figure → same bytes)."""
    buf = _io.BytesIO()
    with matplotlib.rc_context(fonts.rc()):  # save-time settings: hash salt, text as paths
        fig.savefig(buf, format="svg", metadata={"Date": None})
    return buf.getvalue()


def png_bytes(fig: Figure, dpi: int = 300) -> bytes:
    buf = _io.BytesIO()
    with matplotlib.rc_context(fonts.rc()):
        fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return buf.getvalue()


def write(rep: Report, out: Path, *, dpi: int = 300) -> ReportFiles:
    """Write ``OUT/figures/<chart>.png|svg`` and ``OUT/report.html``."""
    out = Path(out)
    figdir = out / "figures"
    io.ensure_folder(figdir)
    written: list[Path] = []
    svgs: dict[str, bytes] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)  # a missing glyph must not pass silently
        for chart in rep.charts:
            if chart.figure is None:
                continue
            svgs[chart.name] = svg_bytes(chart.figure)
            written.append(io.write_atomic(figdir / f"{chart.name}.svg", svgs[chart.name]))
            written.append(io.write_atomic(figdir / f"{chart.name}.png", png_bytes(chart.figure, dpi)))
    for title, frame in rep.tables.items():
        stem = "table_" + title.split(" ", 1)[1].lower().replace(" ", "_").split("(")[0].strip("_")
        io.write_csv(figdir / f"{stem}.csv", frame)
        written.append(figdir / f"{stem}.csv")
    page = render_html(rep, svgs)
    html_path = io.write_atomic(out / "report.html", page.encode("utf-8"))
    notes = rep.notes + [f"{c.name}: {c.note}" for c in rep.charts if c.figure is None]
    return ReportFiles(html_path, written, notes)


def report(out: Path, *, dpi: int = 300) -> ReportFiles:
    """Read the tables in ``out``, draw everything, write the report and figures."""
    tables, notes = load_tables(out)
    if not tables and not any(io.has_table(out, n) for n in schemas.TABLES):
        raise FileNotFoundError(f"no tables in {out}; run `policytext run --out {out}` first")
    rep = build(tables)
    rep.notes = notes + rep.notes
    rep.counts = count_rows(out)
    return write(rep, out, dpi=dpi)


# the page's own font: Noto Sans SC cut to the characters of the page (fonts.subset_data_uri),
# embedded in an @font-face rule, so the Chinese text renders on a machine without a CJK font
FONT_FAMILY = "policytext Noto Sans SC"

_CSS = """
body{font-family:"FONT_FAMILY","Noto Sans SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;
max-width:1000px;margin:2em auto;padding:0 1em;color:#222;line-height:1.5}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
figure{margin:1.5em 0}figure img{max-width:100%;height:auto}figcaption{color:#555;font-size:.9em}
table{border-collapse:collapse;font-size:.85em;margin:1em 0}th,td{border:1px solid #ddd;padding:.25em .5em}
th{background:#f3f5f8}.note{color:#8a5a00;font-size:.9em}
""".replace("FONT_FAMILY", FONT_FAMILY)
_FONT_SLOT = "/*@font-face*/"  # replaced by the @font-face rule once the page's text is known

_SECTIONS = (("indicators", "数值指标 Indicators"), ("slogans", "政策提法 Slogans"), ("topics", "主题 Topics"))


def render_html(rep: Report, svgs: dict[str, bytes]) -> str:
    """The report page: tables as HTML, charts as embedded SVG data URIs, and the CJK font
    cut to the page's characters as a font data URI (no external file, no system font)."""
    e = html.escape
    parts = ["<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
             "<title>policytext report</title>", f"<style>{_FONT_SLOT}{_CSS}</style></head><body>",
             "<h1>policytext 报告 Report</h1>"]
    if rep.counts:
        parts.append("<h2>表 Tables</h2>")
        parts.append(pd.DataFrame({"table": list(rep.counts), "rows": list(rep.counts.values())})
                     .to_html(index=False))
    if rep.notes:
        parts.append("<h2>说明 Notes</h2><ul>" + "".join(f'<li class="note">{e(n)}</li>' for n in rep.notes)
                     + "</ul>")
    table_section = {"指标汇总": "indicators", "GDP增": "indicators", "提法首次": "slogans", "新发现提": "slogans", "候选主题": "topics"}
    for key, heading in _SECTIONS:
        parts.append(f"<h2>{e(heading)}</h2>")
        for title, frame in rep.tables.items():
            if table_section.get(title[:4], table_section.get(title[:4 - 1])) == key:
                parts.append(f"<h3>{e(title)}</h3>")
                parts.append(frame.to_html(index=False, na_rep="", float_format=lambda v: f"{v:,.4g}"))
        for chart in rep.charts:
            if chart.section != key:
                continue
            if chart.figure is None:
                parts.append(f'<p class="note">{e(chart.title)}: skipped — {e(chart.note or "")}</p>')
                continue
            data = base64.b64encode(svgs[chart.name]).decode("ascii")
            parts.append(f'<figure id="{e(chart.name)}"><img alt="{e(chart.title)}" '
                         f'src="data:image/svg+xml;base64,{data}"><figcaption>{e(chart.title)} — '
                         f"figures/{e(chart.name)}.png, .svg</figcaption></figure>")
    parts.append("</body></html>")
    page = "\n".join(parts)
    return page.replace(_FONT_SLOT, font_face(page), 1)


def font_face(page: str) -> str:
    """The ``@font-face`` rule of :data:`FONT_FAMILY`: the CJK font cut to every character
    ``page`` may show (its source with entities decoded; the SVG data URIs are ASCII).

    >>> font_face("<p>甘肃</p>").startswith('@font-face{font-family:"policytext Noto Sans SC";src:url(data:font/')
    True
    """
    uri = fonts.subset_data_uri(html.unescape(page))
    return f'@font-face{{font-family:"{FONT_FAMILY}";src:url({uri}) format("{fonts.css_format(uri)}");}}\n'

