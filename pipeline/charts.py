"""Charts and summary tables for a thesis: frames in, matplotlib figures or frames out.

The report (``policytext report``) and the notebooks call these very functions. Each
figure function takes the tables it draws (named after them), never reads a file, never
touches pyplot's global state (figures are built on the Agg canvas), and draws every label
in the project's CJK font (:mod:`pipeline.fonts`). A function that has nothing to draw
(no dated documents, no issuers, an empty table) raises :class:`NoData` with the reason,
which the report prints as a note instead of an empty chart.

>>> import pandas as pd
>>> slogans = pd.DataFrame({"doc_id": ["a", "a", "b"], "slogan": ["三抓三促", "强省会", "三抓三促"]})
>>> documents = pd.DataFrame({"doc_id": ["a", "b"], "title": ["甲", "乙"], "source": ["a.txt", "b.txt"],
...                           "date": ["2023-02-01", "2024-05-06"], "issuer": ["甘肃省", "广元市"]})
>>> slogan_counts(slogans, documents, by="period").to_dict("records")[0]
{'slogan': '三抓三促', 'group': '2023', 'count': 1}
>>> fig = slogan_frequency(slogans, documents, by="issuer")
>>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
['三抓三促', '强省会']
"""

from __future__ import annotations

import re
from contextlib import contextmanager

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from pipeline import fonts
from pipeline.metadata import UNKNOWN_ISSUER, issuer_group

WIDTH = 6.3  # inches: the text width of an A4 thesis page with 2.5 cm margins
PALETTE = ["#1f4e79", "#c0504d", "#4f8f3a", "#d9822b", "#7a5195", "#2a9d8f", "#8c6d31",
           "#bc5090", "#5b6770", "#e3b505", "#3d7ea6", "#a23b72"]  # colour-blind-safe enough, prints grey-distinct
BY = ("document", "period", "issuer")
# issuer charts show this many issuers, the busiest, and fold the others into one
# "其他（K个发文单位）" column (a 90-issuer axis is unreadable); see fold_issuers. A document
# counts for its one issuer (documents.issuer); one without is in metadata.UNKNOWN_ISSUER (its own column, never one of the TOP_ISSUERS)
TOP_ISSUERS = 15
# the wording every first-appearance chart and table carries: a first appearance is only the
# earliest document of this corpus that has the slogan, not the slogan's origin
FIRST_SEEN = "first seen in this corpus"

# a year at the start of a stated date: 2024, 2024-05, 2024-05-06, 2024年5月
_YEAR = re.compile(r"^\s*((?:19|20)\d\d)")
# a year and month: 2024-05, 2024/5, 2024年5月
_YEAR_MONTH = re.compile(r"^\s*((?:19|20)\d\d)\D{1,2}(\d{1,2})")
# a year, then month and day when stated: 2024, 2024-05, 2024-05-06, 2024年5月6日
_YMD = re.compile(r"^\s*((?:19|20)\d\d)(?:\D{1,2}(\d{1,2})(?:\D{1,2}(\d{1,2}))?)?")


class NoData(ValueError):
    """Nothing to draw: the message says what is missing."""


@contextmanager
def _style():
    import matplotlib

    with matplotlib.rc_context(fonts.rc()):
        yield


def _figure(height: float, width: float = WIDTH) -> Figure:
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _short(text: str, n: int = 18) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def doc_labels(documents: pd.DataFrame, n: int = 18) -> pd.Series:
    """A short, unique label per document (title, else source), indexed by ``doc_id``."""
    title = documents["title"] if "title" in documents else pd.Series(None, index=documents.index)
    base = title.where(title.notna() & (title.astype(str).str.strip() != ""), documents["source"])
    labels = base.map(lambda t: _short(t, n))
    dup = labels.duplicated(keep=False)
    labels = labels.where(~dup, labels + " #" + (documents.groupby(labels).cumcount() + 1).astype(str))
    return pd.Series(labels.to_numpy(), index=documents["doc_id"].to_numpy())


def period_of(date, *, freq: str = "year") -> str | None:
    """The year (``freq='year'``) or year-month of a stated date, None when it has none.

    >>> period_of("2024-05-06"), period_of("2024年5月"), period_of("2024年5月", freq="month"), period_of(None)
    ('2024', '2024', '2024-05', None)
    """
    if not isinstance(date, str):
        return None
    if freq == "month":
        m = _YEAR_MONTH.match(date)
        return f"{m.group(1)}-{int(m.group(2)):02d}" if m and 1 <= int(m.group(2)) <= 12 else None
    m = _YEAR.match(date)
    return m.group(1) if m else None


def corpus_dates(documents: pd.DataFrame) -> tuple[str, str, int] | None:
    """The earliest and latest document date (as stated) and the number of undated
    documents; None when no document has a date. Dates are ordered by year, month, day.

    >>> docs = pd.DataFrame({"date": ["2024-05-06", "2021年3月", None, "2023-01-02"]})
    >>> corpus_dates(docs)
    ('2021年3月', '2024-05-06', 1)
    """
    docs = _require(documents, "documents")
    keys = {}
    for date in docs["date"].dropna().unique():
        m = _YMD.match(str(date))
        if m:
            keys[date] = tuple(int(g or 0) for g in m.groups())
    if not keys:
        return None
    order = sorted(keys, key=lambda d: (keys[d], d))
    return order[0], order[-1], int(len(docs) - docs["date"].map(lambda d: d in keys).sum())


def corpus_dates_label(documents: pd.DataFrame | None) -> str:
    """The corpus's date range for a first-appearance title, e.g. ``documents 2021-03-05 – 2025-01-08``.

    >>> corpus_dates_label(pd.DataFrame({"date": ["2024-05-06", None, "2023-01-02"]}))
    'corpus documents dated 2023-01-02 – 2024-05-06; 1 of 3 undated'
    """
    if documents is None or documents.empty:
        return "corpus dates unknown: no documents table"
    found = corpus_dates(documents)
    if found is None:
        return f"no document of the {len(documents)} in the corpus has a date"
    earliest, latest, undated = found
    tail = f"; {undated} of {len(documents)} undated" if undated else ""
    return f"corpus documents dated {earliest} – {latest}{tail}"


def fold_issuers(frame: pd.DataFrame, *, weight: str, column: str = "issuer",
                 n: int = TOP_ISSUERS) -> pd.DataFrame:
    """A copy of ``frame`` where every issuer but the ``n`` heaviest (by the sum of
    ``weight``) is renamed ``其他（K个发文单位）``, so a chart has at most ``n + 1`` issuers and
    sums over the rows are unchanged. With at most ``n + 1`` issuers nothing is folded.
    ``未知发文单位`` (documents without an issuer) takes none of the ``n`` places and is never
    folded: a busy unknown issuer cannot push a known one out.

    >>> f = pd.DataFrame({"issuer": ["甘肃省", "广元市", "兰州市", "平凉市"], "count": [5, 3, 1, 1]})
    >>> fold_issuers(f, weight="count", n=2)["issuer"].tolist()
    ['甘肃省', '广元市', '其他（2个发文单位）', '其他（2个发文单位）']
    """
    keep = busiest_issuers(frame, weight=weight, column=column, n=n)
    known = frame[column].notna() & (frame[column] != UNKNOWN_ISSUER)
    n_known = frame.loc[known, column].nunique()
    if n_known <= n + 1:
        return frame.copy()
    other = other_issuers_label(n_known - n)
    return frame.assign(**{column: frame[column].where(frame[column].isin(keep) | ~known, other)})


def busiest_issuers(frame: pd.DataFrame, *, weight: str, column: str = "issuer", n: int = TOP_ISSUERS) -> list[str]:
    """The ``n`` known issuers of ``frame`` with the largest sum of ``weight``, busiest first (ties by
    name); ``未知发文单位`` is not among them.

    >>> f = pd.DataFrame({"issuer": ["未知发文单位", "兰州市", "甘肃省"], "count": [9, 1, 5]})
    >>> busiest_issuers(f, weight="count", n=1)
    ['甘肃省']
    """
    known = frame[frame[column].notna() & (frame[column] != UNKNOWN_ISSUER)]
    totals = (known.groupby(column)[weight].sum().rename("w").reset_index()
              .sort_values(["w", column], ascending=[False, True], kind="stable"))
    return totals[column].iloc[:n].tolist()


def other_issuers_label(k: int) -> str:
    """The label of the folded issuers (short enough for a tick label)."""
    return f"其他（{k}个发文单位）"


def _is_other(label) -> bool:
    return isinstance(label, str) and label.startswith("其他（") and label.endswith("个发文单位）")


def _require(df: pd.DataFrame | None, name: str) -> pd.DataFrame:
    if df is None:
        raise NoData(f"table {name!r} is not in the output folder yet")
    if df.empty:
        raise NoData(f"table {name!r} is empty")
    return df


def try_draw(draw, *args, **kwargs) -> Figure | None:
    """Call a figure function; on :class:`NoData` print the reason and return None (notebooks).

    >>> try_draw(indicators_by_kind, None)
    skipped: table 'indicators' is not in the output folder yet
    """
    try:
        return draw(*args, **kwargs)
    except NoData as exc:
        print(f"skipped: {exc}")
        return None


# --- indicators ---------------------------------------------------------------------------

def indicator_summary(indicators: pd.DataFrame) -> pd.DataFrame:
    """One row per kind and unit: rows, documents, share of targets, median/min/max value.

    >>> ind = pd.DataFrame({"doc_id": ["a", "a", "b"], "kind": ["money"] * 3, "unit": ["元"] * 3,
    ...                     "value": [1.0, 3.0, 5.0], "is_target": [False, True, False]})
    >>> indicator_summary(ind).iloc[0].to_dict()["median"]
    3.0
    """
    ind = _require(indicators, "indicators")
    unit = ind["unit"].fillna("—")
    kind = ind["kind"].fillna("—")
    g = ind.assign(kind=kind, unit=unit).groupby(["kind", "unit"], sort=False)
    summary = pd.DataFrame({
        "rows": g.size(),
        "documents": g["doc_id"].nunique(),
        "targets": g["is_target"].sum().astype(int),
        "median": g["value"].median(),
        "min": g["value"].min(),
        "max": g["value"].max(),
    }).reset_index()
    return summary.sort_values(["rows", "kind", "unit"], ascending=[False, True, True], ignore_index=True)


def indicators_by_kind(indicators: pd.DataFrame) -> Figure:
    """Horizontal bars: indicators per kind, results and targets stacked."""
    ind = _require(indicators, "indicators")
    counts = (ind.assign(kind=ind["kind"].fillna("—"),
                         what=np.where(ind["is_target"].astype(bool), "目标 target", "实绩 result"))
              .groupby(["kind", "what"]).size().unstack(fill_value=0))
    counts = counts.reindex(columns=["实绩 result", "目标 target"], fill_value=0)
    counts = counts.loc[counts.sum(axis=1).sort_values().index]
    with _style():
        fig = _figure(1.2 + 0.3 * len(counts))
        ax = fig.add_subplot()
        left = np.zeros(len(counts))
        for color, col in zip(PALETTE, counts.columns):
            ax.barh(counts.index, counts[col], left=left, color=color, label=col)
            left += counts[col].to_numpy()
        ax.set_xlabel("指标数 indicators")
        ax.set_title("数值指标类型 Indicators by kind")
        ax.legend(loc="lower right")
    return fig


# --- panel --------------------------------------------------------------------------------

def target_vs_result_table(panel: pd.DataFrame, *, metric: str = "地区生产总值", measure: str = "growth") -> pd.DataFrame:
    """Target against result of one metric, per issuer and year, straight from ``panel``:
    the result is the actual figure, else the estimate; ``gap`` = result − target.

    >>> p = pd.DataFrame({"issuer": ["甲市"] * 3, "year": [2019, 2019, 2020], "metric": ["地区生产总值"] * 3,
    ...                   "measure": ["growth"] * 3, "status": ["target", "actual", "target"], "value": [6.0, 6.3, 6.0]})
    >>> target_vs_result_table(p).values.tolist()
    [['甲市', 2019, 6.0, 6.3, 'actual', 0.3], ['甲市', 2020, 6.0, nan, None, nan]]
    """
    p = _require(panel, "panel")
    p = p[(p["metric"].isin([metric, "国内生产总值"] if metric == "地区生产总值" else [metric]))
          & (p["measure"] == measure)]
    if p.empty:
        raise NoData(f"panel has no {metric} {measure} rows")
    target = p[p["status"] == "target"].set_index(["issuer", "year"])["value"].rename("target")
    res = p[p["status"] != "target"].sort_values("status")  # actual before estimate
    res = res.drop_duplicates(["issuer", "year"], keep="first").set_index(["issuer", "year"])
    out = pd.concat([target, res["value"].rename("result"), res["status"].rename("result_status")], axis=1)
    out = out.reset_index().sort_values(["issuer", "year"], ignore_index=True)
    out["year"] = out["year"].astype(int)
    out["result_status"] = out["result_status"].astype(object).where(out["result_status"].notna(), None)
    out["gap"] = (out["result"] - out["target"]).round(6)
    return out[["issuer", "year", "target", "result", "result_status", "gap"]]


def target_vs_result(panel: pd.DataFrame, *, metric: str = "地区生产总值", measure: str = "growth",
                     top: int = 12) -> Figure:
    """Small multiples, one per issuer (the ``top`` with most years): the target (dashed, open
    markers) against the result (solid; an estimate where no actual figure) across years."""
    t = target_vs_result_table(panel, metric=metric, measure=measure)
    issuers = t.groupby("issuer").size().sort_values(ascending=False, kind="mergesort").head(top).index.tolist()
    cols = min(4, len(issuers))
    rows = -(-len(issuers) // cols)
    with _style():
        fig = _figure(1.0 + 1.9 * rows)
        for k, issuer in enumerate(issuers):
            ax = fig.add_subplot(rows, cols, k + 1)
            g = t[t["issuer"] == issuer]
            ax.plot(g["year"], g["target"], linestyle="--", marker="o", markerfacecolor="white",
                    color=PALETTE[1], label="目标 target")
            ax.plot(g["year"], g["result"], linestyle="-", marker="o", color=PALETTE[0], label="实绩 result")
            ax.set_title(_short(issuer, 10), fontsize=8)
            ax.tick_params(labelsize=7)
            years = sorted(g["year"])
            ax.set_xticks(years)
            ax.set_xlim(years[0] - 0.5, years[-1] + 0.5)
            if k == 0:
                ax.legend(fontsize=7)
        unit = "%" if measure in ("growth", "share", "rate") else ""
        fig.suptitle(f"{metric} {measure}：目标与实绩 Target vs result {unit}")
    return fig


# --- slogans ------------------------------------------------------------------------------

def slogan_counts(slogans: pd.DataFrame, documents: pd.DataFrame, *, by: str = "document",
                  freq: str = "year") -> pd.DataFrame:
    """Tidy occurrences: ``slogan, group, count`` with group a document label, period or issuer.

    By issuer, a document counts for its one issuer (``documents.issuer``); documents
    without one are the group ``未知发文单位`` (:data:`pipeline.metadata.UNKNOWN_ISSUER`).
    """
    if by not in BY:
        raise ValueError(f"by must be one of {BY}, not {by!r}")
    sl = _require(slogans, "slogans")
    docs = _require(documents, "documents")
    if by == "document":
        group = sl["doc_id"].map(doc_labels(docs))
        tidy = sl.assign(group=group)
    elif by == "period":
        periods = pd.Series(docs["date"].map(lambda d: period_of(d, freq=freq)).to_numpy(), index=docs["doc_id"])
        tidy = sl.assign(group=sl["doc_id"].map(periods))
    else:
        if "issuer" not in docs:
            raise NoData("documents has no issuer column (an output folder from before issuers)")
        issuers = pd.Series(docs["issuer"].map(issuer_group).to_numpy(), index=docs["doc_id"])
        tidy = sl.assign(group=sl["doc_id"].map(issuers))
    tidy = tidy.dropna(subset=["group"])
    if tidy.empty:
        what = {"period": "a date", "issuer": "a known document", "document": "a known document"}[by]
        raise NoData(f"no slogan occurs in a document with {what}")
    if by == "issuer" and (tidy["group"] == UNKNOWN_ISSUER).all():
        raise NoData("no slogan occurs in a document with an issuer (documents.issuer is empty)")
    out = tidy.groupby(["slogan", "group"]).size().rename("count").reset_index()
    return out.sort_values(["group", "count", "slogan"], ascending=[True, False, True], ignore_index=True)


def slogan_frequency_table(slogans: pd.DataFrame, documents: pd.DataFrame, *, by: str = "period",
                           top: int = 15, freq: str = "year", max_groups: int = 25,
                           top_issuers: int = TOP_ISSUERS) -> pd.DataFrame:
    """The heatmap of :func:`slogan_frequency`: occurrences of the ``top`` slogans (rows) by
    period (the last ``max_groups``, in time order) or by issuer (the ``top_issuers``
    busiest, then one ``其他（K个发文单位）`` column holding the others' counts).

    >>> sl = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "slogan": ["强省会"] * 4})
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "title": ["甲", "乙", "丙", "丁"],
    ...                      "source": ["a", "b", "c", "d"], "date": None,
    ...                      "issuer": ["甘肃省", "甘肃省", "兰州市", "平凉市"]})
    >>> slogan_frequency_table(sl, docs, by="issuer", top_issuers=1).to_dict("index")
    {'强省会': {'甘肃省': 2, '其他（2个发文单位）': 2}}
    """
    if by not in ("period", "issuer"):
        raise ValueError(f"by must be 'period' or 'issuer', not {by!r}")
    tidy = slogan_counts(slogans, documents, by=by, freq=freq)
    totals = tidy.groupby("slogan")["count"].sum().sort_values(ascending=False, kind="stable")
    if by == "issuer":
        return _slogans_by_issuer(tidy, totals, top=top, top_issuers=top_issuers)
    tidy = tidy[tidy["slogan"].isin(totals.index[:top])]
    table = tidy.pivot_table(index="slogan", columns="group", values="count", aggfunc="sum", fill_value=0)
    table = table.loc[[s for s in totals.index[:top] if s in table.index]]
    table = table[sorted(table.columns)[-max_groups:]]
    table.columns.name = None
    return table


def _slogans_by_issuer(tidy: pd.DataFrame, totals: pd.Series, *, top: int, top_issuers: int) -> pd.DataFrame:
    """The issuer heatmap: the ``top_issuers`` busiest known issuers (busiest first), then
    ``未知发文单位``, then ``其他``; rows taken from each column in turn (its most frequent slogan,
    then its second, …) until ``top`` rows, and at least one per column, so that every column
    shows its own slogans whatever the corpus-wide ranking."""
    folded = fold_issuers(tidy, weight="count", column="group", n=top_issuers)
    # every known issuer left after the fold (n of them, or all n + 1 when nothing was folded), busiest first
    shown = [g for g in busiest_issuers(folded, weight="count", column="group", n=folded["group"].nunique())
             if not _is_other(g)]
    groups = set(folded["group"])
    columns = shown + [g for g in (UNKNOWN_ISSUER,) if g in groups] + sorted(g for g in groups if _is_other(g))
    rank = pd.Series(range(len(totals)), index=totals.index)
    per_column = []
    for group in columns:
        own = folded[folded["group"] == group].groupby("slogan")["count"].sum().rename("count").reset_index()
        own = own.assign(_r=own["slogan"].map(rank)).sort_values(["count", "_r"], ascending=[False, True], kind="stable")
        per_column.append(own["slogan"].tolist())
    chosen: list[str] = []
    budget = max(top, len(columns))
    for depth in range(max((len(p) for p in per_column), default=0)):
        for own in per_column:
            if len(chosen) < budget and depth < len(own) and own[depth] not in chosen:
                chosen.append(own[depth])
    folded = folded[folded["slogan"].isin(chosen)]
    table = folded.pivot_table(index="slogan", columns="group", values="count", aggfunc="sum", fill_value=0)
    table = table.loc[[s for s in totals.index if s in table.index]]  # rows: most frequent in the corpus first
    table = table[[g for g in columns if g in table.columns]]
    table.columns.name = None
    return table


def slogan_frequency(slogans: pd.DataFrame, documents: pd.DataFrame, *, by: str = "document",
                     top: int = 15, freq: str = "year", max_groups: int = 25,
                     top_issuers: int = TOP_ISSUERS) -> Figure:
    """Slogan frequency by document, period or issuer.

    ``by='document'``: bars of occurrences and of documents for the ``top`` slogans
    (readable for any corpus size). ``by='period'`` or ``'issuer'``: a heatmap of
    :func:`slogan_frequency_table` (the ``top_issuers`` busiest issuers, the rest as one
    ``其他`` column; a document counts for its one issuer).
    """
    if by == "document":
        return _slogan_document_bars(slogans, top)
    table = slogan_frequency_table(slogans, documents, by=by, top=top, freq=freq, max_groups=max_groups,
                                   top_issuers=top_issuers)
    title = {"period": "提法频次（按时间）Slogans by period", "issuer": "提法频次（按发文单位）Slogans by issuer"}[by]
    return _heatmap(table, title, xlabel={"period": "时间 period", "issuer": "发文单位 issuer"}[by])


def _slogan_document_bars(slogans: pd.DataFrame, top: int) -> Figure:
    sl = _require(slogans, "slogans")
    g = sl.groupby("slogan")
    freq = pd.DataFrame({"count": g.size(), "n_docs": g["doc_id"].nunique()})
    freq = freq.sort_values(["count", "n_docs"], ascending=False, kind="stable").head(top).iloc[::-1]
    with _style():
        fig = _figure(1.2 + 0.28 * len(freq))
        ax = fig.add_subplot()
        y = np.arange(len(freq))
        ax.barh(y + 0.2, freq["count"], height=0.4, color=PALETTE[0], label="出现次数 occurrences")
        ax.barh(y - 0.2, freq["n_docs"], height=0.4, color=PALETTE[1], label="文档数 documents")
        ax.set_yticks(y, freq.index)
        ax.set_xlabel("次数 count")
        ax.set_title("提法频次（按文档）Slogan frequency")
        ax.legend(loc="lower right")
    return fig


def _heatmap(table: pd.DataFrame, title: str, xlabel: str) -> Figure:
    n_rows, n_cols = table.shape
    with _style():
        fig = _figure(1.4 + 0.3 * n_rows, width=max(WIDTH * 0.7, min(WIDTH * 1.6, 2.5 + 0.45 * n_cols)))
        ax = fig.add_subplot()
        im = ax.imshow(table.to_numpy(), aspect="auto", cmap="Blues")
        ax.set_xticks(range(n_cols), [_short(c, 10) for c in table.columns],
                      rotation=45 if n_cols > 4 else 0, ha="right" if n_cols > 4 else "center")
        ax.set_yticks(range(n_rows), list(table.index))
        ax.set_xlabel(xlabel)
        ax.set_title(title)
        vmax = table.to_numpy().max() if table.size else 0
        if n_rows * n_cols <= 400:
            for (i, j), v in np.ndenumerate(table.to_numpy()):
                if v:
                    ax.text(j, i, str(int(v)), ha="center", va="center", fontsize=7,
                            color="white" if v > vmax * 0.6 else "black")
        ax.spines[:].set_visible(False)
        fig.colorbar(im, ax=ax, shrink=0.8, label="次数 count")
    return fig


def slogan_first_appearances(slogans: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """When and where each slogan first appears: one row per slogan, earliest first.

    Columns: slogan, first_date, first_source, first_title, n_docs, count. Documents
    are ordered by date (undated ones last) and then by source, so the first
    appearance is the earliest dated one.
    """
    sl = _require(slogans, "slogans")
    docs = _require(documents, "documents")
    meta = docs[["doc_id", "source", "date", "title"]].rename(columns={"source": "doc_source"})
    merged = sl.merge(meta, on="doc_id", how="left")
    merged["_sort_date"] = merged["date"].fillna("9999")
    first = (merged.sort_values(["_sort_date", "doc_source", "start"], kind="stable")
             .drop_duplicates("slogan").set_index("slogan"))
    g = sl.groupby("slogan")
    out = pd.DataFrame({
        "first_date": first["date"],
        "first_source": first["doc_source"],
        "first_title": first["title"],
        "n_docs": g["doc_id"].nunique(),
        "count": g.size(),
    }).reset_index()
    out["_d"] = out["first_date"].fillna("9999")
    return (out.sort_values(["_d", "count", "slogan"], ascending=[True, False, True], kind="stable")
            .drop(columns="_d").reset_index(drop=True))


def first_appearances_chart(first: pd.DataFrame, documents: pd.DataFrame, *, top: int = 25) -> Figure:
    """Timeline: the first dated appearance in this corpus of the ``top`` most frequent slogans.

    Takes the frame of :func:`slogan_first_appearances` and the documents it came from: the
    title says the dates are only the first sighting in this corpus and gives the corpus's
    date range (a slogan dated to the corpus's first document may well be older). Marker
    size is the number of documents the slogan appears in.
    """
    if first is None or first.empty:
        raise NoData("no slogans")
    dated = first.assign(when=pd.to_datetime(first["first_date"], errors="coerce", format="mixed"))
    dated = dated.dropna(subset=["when"])
    if dated.empty:
        raise NoData("no slogan appears in a document with a complete date")
    dated = dated.nlargest(top, "count", keep="first").sort_values(["when", "slogan"], ascending=[False, True])
    with _style():
        fig = _figure(1.3 + 0.26 * len(dated))
        ax = fig.add_subplot()
        sizes = 20 + 80 * dated["n_docs"] / max(1, dated["n_docs"].max())
        ax.scatter(dated["when"], range(len(dated)), s=sizes, color=PALETTE[0], zorder=3)
        ax.hlines(range(len(dated)), dated["when"].min(), dated["when"], color="#cccccc", lw=0.6)
        ax.set_yticks(range(len(dated)), list(dated["slogan"]))
        ax.set_xlabel("本语料首次出现日期 first seen in this corpus (marker size: documents)")
        ax.set_title(f"提法首次出现（本语料） Slogans {FIRST_SEEN}\n{corpus_dates_label(documents)}")
        fig.autofmt_xdate()
    return fig


# --- topics -------------------------------------------------------------------------------

def chosen_models(topic_models: pd.DataFrame | None, topic_terms: pd.DataFrame) -> list[str]:
    """Models to draw: those marked ``chosen`` in topic_models, else every model in topic_terms."""
    terms = _require(topic_terms, "topic_terms")
    present = list(dict.fromkeys(terms["model"]))
    if topic_models is not None and not topic_models.empty:
        chosen = [m for m in dict.fromkeys(topic_models.loc[topic_models["chosen"].astype(bool), "model"])
                  if m in present]
        if chosen:
            return chosen
    return present


def topic_coherence(topic_models: pd.DataFrame) -> Figure:
    """Coherence c_v against k for each model and unit, the chosen models marked with a star."""
    tm = _require(topic_models, "topic_models").dropna(subset=["c_v"])
    if tm.empty:
        raise NoData("no model has a c_v coherence")
    with _style():
        fig = _figure(2.8)
        ax = fig.add_subplot()
        for i, ((model, unit), g) in enumerate(tm.groupby(["model", "unit"], sort=True)):
            g = g.groupby("k", as_index=False).agg(c_v=("c_v", "mean"), chosen=("chosen", "max"))
            color = PALETTE[i % len(PALETTE)]
            ax.plot(g["k"], g["c_v"], marker="o", ms=3, color=color, label=f"{model} ({unit})")
            best = g[g["chosen"].astype(bool)]
            ax.scatter(best["k"], best["c_v"], marker="*", s=120, color=color, zorder=3)
        ax.set_xlabel("主题数 k")
        ax.set_ylabel("一致性 coherence c_v")
        ax.set_title("主题数选择 Choosing k (★ chosen)")
        ax.legend()
    return fig


def topic_top_terms(topic_terms: pd.DataFrame, *, model: str | None = None, n_terms: int = 10,
                    ncols: int = 3) -> Figure:
    """Small multiples: one panel per topic, its top terms as horizontal bars of weight."""
    terms = _require(topic_terms, "topic_terms")
    model = model or terms["model"].iloc[0]
    terms = terms[terms["model"] == model]
    if terms.empty:
        raise NoData(f"no topic terms for model {model!r}")
    k = terms["k"].iloc[0]
    terms = terms[terms["k"] == k]
    topics = sorted(terms["topic"].unique())
    nrows = -(-len(topics) // ncols)
    with _style():
        fig = _figure(0.4 + 0.16 * n_terms * nrows + 0.35 * nrows)
        axes = fig.subplots(nrows, ncols, squeeze=False)
        for ax, topic in zip(axes.flat, topics):
            t = terms[terms["topic"] == topic].sort_values("rank").head(n_terms).iloc[::-1]
            ax.barh(t["term"], t["weight"], color=PALETTE[int(topic) % len(PALETTE)])
            label = t["label"].iloc[0] if "label" in t and t["label"].notna().any() else ""
            ax.set_title(_short(f"{topic}: {label}", 16), fontsize=9, loc="left")
            ax.tick_params(axis="x", labelsize=6)
            ax.tick_params(axis="y", labelsize=7)
        for ax in list(axes.flat)[len(topics):]:
            ax.set_visible(False)
        fig.suptitle(f"主题高频词 Top terms per topic ({model}, k={k})", fontsize=11)
    return fig


def topic_trend_table(topic_trends: pd.DataFrame, *, model: str | None = None,
                      by: str = "period", top_issuers: int | None = None) -> pd.DataFrame:
    """Topic share per period or issuer: mean of ``share`` weighted by ``n_docs`` (wide frame).

    Rows are periods (in order) or issuers, columns ``topic: label``. With ``top_issuers``
    (``by='issuer'``), issuers beyond the busiest ``top_issuers`` (by ``n_docs``) are one
    ``其他（K个发文单位）`` row, their shares averaged with the same weights, placed last.
    """
    tr = _require(topic_trends, "topic_trends")
    if by not in ("period", "issuer"):
        raise ValueError(f"by must be 'period' or 'issuer', not {by!r}")
    if by not in tr:
        raise NoData(f"topic_trends has no {by!r} column (an output folder from before issuers)")
    model = model or tr["model"].iloc[0]
    tr = tr[(tr["model"] == model)].dropna(subset=[by])
    if by == "period" and "issuer" in tr and tr["issuer"].isna().any():
        tr = tr[tr["issuer"].isna()]  # the period's own rows: every document once
    if by == "issuer":
        tr = tr[tr["issuer"] != UNKNOWN_ISSUER] if (tr["issuer"] == UNKNOWN_ISSUER).all() else tr
    if tr.empty:
        raise NoData(f"no topic share with a{'n' if by == 'issuer' else ''} {by} for model {model!r}")
    tr = tr.assign(w=tr["n_docs"].clip(lower=1), ws=tr["share"] * tr["n_docs"].clip(lower=1),
                   name=tr["topic"].astype(str) + ": " + tr["label"].fillna("").map(lambda s: _short(s, 14)))
    if by == "issuer" and top_issuers is not None:
        tr = fold_issuers(tr, weight="w", column="issuer", n=top_issuers)
    g = tr.groupby([by, "name"])
    wide = (g["ws"].sum() / g["w"].sum()).unstack(fill_value=0.0)
    order = sorted(wide.columns, key=lambda n: int(n.split(":", 1)[0]))
    wide = wide[order].sort_index()
    return wide.loc[[r for r in wide.index if not _is_other(r)] + [r for r in wide.index if _is_other(r)]]


def topic_trends_chart(topic_trends: pd.DataFrame, *, model: str | None = None, by: str = "period",
                       top_issuers: int = TOP_ISSUERS) -> Figure:
    """Topic share over periods (lines) or across issuers (heatmap of the ``top_issuers``
    busiest issuers and one ``其他`` column for the rest)."""
    wide = topic_trend_table(topic_trends, model=model, by=by, top_issuers=top_issuers if by == "issuer" else None)
    model = model or topic_trends["model"].iloc[0]
    if by == "issuer":
        return _heatmap(wide.T.round(3) * 100, f"主题发文单位分布 Topic share by issuer ({model}, %)", "发文单位 issuer")
    with _style():
        fig = _figure(3.2)
        ax = fig.add_subplot()
        x = list(wide.index)
        for i, col in enumerate(wide.columns):
            ax.plot(x, wide[col], marker="o", ms=3, lw=1.4, color=PALETTE[i % len(PALETTE)], label=col)
        ax.set_ylabel("平均主题占比 mean topic share")
        ax.set_xlabel("时间 period")
        ax.set_title(f"主题趋势 Topic trends ({model})")
        ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5))
        if len(x) > 6:
            ax.tick_params(axis="x", rotation=45)
    return fig
