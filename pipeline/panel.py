"""Table ``panel``: the headline statistics of government work reports, one row per
issuer × year × metric × measure × status, built from ``documents`` and ``indicators``.

Which rows of ``indicators`` enter (README "Panel"):

- only work reports, only rows with a canonical metric (``lexicons/metrics.txt``), a year
  and one of the measures level, growth, share, rate, count;
- a result (``actual`` / ``estimate``) from a review section (``review``; a five-year
  review only where the text names the year); a ``target`` only from the main-targets
  statement (``targets``): targets restated in the work plan stay in ``indicators``;
- a result enters by its metric's tier (``metrics.txt``): a headline metric wherever the
  review states it, a summary metric where the review's summary of results states it
  (section ``summary``) or when the same report sets a target for it, a detail metric
  (tourism, loans, forest cover …) only when the same report sets a target for it;
- within a report, the first statement of a key wins (later restatements stay in
  ``indicators``);
- where reports disagree, a documented rule decides, never an average: for a result the
  later report's figure (report year, then date, then doc_id), for a target the year's own
  report (report year = year), then the later report.

A growth is signed (``下降3%`` is −3); values are in the base unit as in ``indicators``.
The issuer comes from :mod:`pipeline.issuers` (the place to switch to ``documents.issuer``).

>>> import pandas as pd
>>> from pipeline import indicators as ind, sentences
>>> from pipeline.config import IndicatorConfig
>>> docs = pd.DataFrame({"doc_id": ["d"], "source": ["政府工作报告-其他地市/金昌市/2019.md"],
...     "title": ["金昌市政府工作报告"], "date": ["2019-01-18"],
...     "text": ["一、2018年工作回顾\\n地区生产总值增长8.7%，单位GDP能耗下降0.5%。\\n二、2019年工作安排\\n"
...              "主要预期目标是：地区生产总值增长6%左右。"]})
>>> rows = ind.indicators(docs, sentences.sentences(docs), config=IndicatorConfig())
>>> panel(docs, rows)[["issuer", "year", "metric", "status", "value"]].values.tolist()
[['金昌市', 2018, '单位地区生产总值能耗', 'actual', -0.5], ['金昌市', 2018, '地区生产总值', 'actual', 8.7], ['金昌市', 2019, '地区生产总值', 'target', 6.0]]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline import canonical, schemas
from pipeline.issuers import document_info, issuer_code, issuer_of
from pipeline.lexicons import Lexicon, bundled

MEASURES = ("level", "growth", "share", "rate", "count")  # the measures a panel row can have
RESULT_SECTIONS = ("review", "review_five", "summary", "summary_five")  # where results are taken from
TARGET_SECTIONS = ("targets",)  # where targets are taken from
KEY = ["issuer", "year", "metric", "measure", "status"]


def _documents(documents: pd.DataFrame) -> pd.DataFrame:
    """doc_id → issuer, report year and date of every work report."""
    rows = []
    none = [None] * len(documents)
    titles = documents["title"] if "title" in documents else none
    dates = documents["date"] if "date" in documents else none
    # the issuer the metadata decided (documents.issuer, from title, header, byline), else the path or title
    issuers = documents["issuer"] if "issuer" in documents else none
    codes = documents["issuer_code"] if "issuer_code" in documents else none
    for doc, source, title, date, known, code in zip(documents["doc_id"], documents["source"], titles, dates,
                                                     issuers, codes):
        info = document_info(source, title, date)
        if not info.work_report:
            continue
        t = None if title is None or title != title else title
        issuer = known if isinstance(known, str) and known else issuer_of(source, t)
        if issuer is None:
            continue
        code = code if isinstance(code, str) and code else issuer_code(issuer)
        rows.append((doc, issuer, code, info.report_year or -1, "" if date is None or date != date else str(date)))
    return pd.DataFrame(rows, columns=["doc_id", "issuer", "issuer_code", "report_year", "date"])


_RECENT = 2  # how many years before the report year a result may be about (由上年…: the year before the past one)
SUMMARY_SECTIONS = ("summary", "summary_five")  # the review's summary of results (:mod:`pipeline.sections`)


def _in_scope(ind: pd.DataFrame, tiers: dict[str, str]) -> list[bool]:
    """Which rows a panel takes by their metric's tier (``metrics.txt``): a target always; a
    result of a headline metric always; of a summary metric when the report targets it or the
    review's summary of results states it (rule ``summary of results`` of :mod:`pipeline.sections`:
    the first review paragraph stating two headline metrics, and the bullets after a bullet summary);
    of a detail metric when the report targets it."""
    tier = [tiers.get(m, "headline") for m in ind["metric_canonical"]]
    result = ind["status"] != "target"
    targeted = set(zip(ind.loc[~result, "doc_id"], ind.loc[~result, "metric_canonical"]))
    return [not r or t == "headline" or (d, m) in targeted or (t == "summary" and sec in SUMMARY_SECTIONS)
            for d, m, t, r, sec in zip(ind["doc_id"], ind["metric_canonical"], tier, result, ind["section"])]


def _shared_numbers(ind: pd.DataFrame, idx: canonical.MetricIndex) -> pd.DataFrame:
    """Rule ``shared number``: a number whose metric phrase lists two or more canonical metrics
    (社会消费品零售总额、服务业增加值均增长6.5%) gives one row per metric, on the same span."""
    listed: dict[str, list] = {}  # each phrase looked up once (the phrases recur)
    lists = [(listed[m] if m in listed else listed.setdefault(m, canonical.metric_list(idx, m)))
             if isinstance(m, str) else [] for m in ind["metric"]]
    shared = [k for k, found in enumerate(lists) if found]
    if not shared:
        return ind
    # the rows without a list, by a mask (a take of ~20,000 positions cost ~40 ms on Arrow columns)
    keep, extra = np.fromiter((not found for found in lists), dtype=bool, count=len(lists)), []
    # only the rows with a list are read as tuples (not every row of the table)
    for row, found in zip(ind.iloc[shared].itertuples(index=False), (lists[k] for k in shared)):
        for met in found:
            text_or_none = [v if isinstance(v, str) else None for v in (row.unit, row.kind, row.change)]
            meas, _ = canonical.measure(met, unit=text_or_none[0], kind=text_or_none[1], change=text_or_none[2],
                                        value=row.value)
            extra.append(row._replace(metric_canonical=met.canonical, measure=meas))
    out = pd.concat([ind[keep], pd.DataFrame(extra, columns=ind.columns).astype(ind.dtypes.to_dict())],
                    ignore_index=True)
    return out


# qualifiers of a rounded bound (突破2000亿元, 近百亿元): the exact figure of the same sentence wins
_BOUNDS = ("超", "近", "约", "多", "余")


def _exact_over_bound(rows: pd.DataFrame) -> pd.DataFrame:
    """Rule ``exact over bound``: a bound (GDP突破2000亿元) gives way to the exact figure of the
    same key in the same sentence (，达到2112.3亿元)."""
    bound = rows["qualifier"].isin(_BOUNDS)
    if not bound.any():
        return rows
    exact = set(zip(*(rows.loc[~bound & rows["qualifier"].isna(), c] for c in ["doc_id", "sentence"] + KEY)))
    drop = [b and k in exact for b, k in zip(bound, zip(*(rows[c] for c in ["doc_id", "sentence"] + KEY)))]
    return rows[[not d for d in drop]]


def panel(documents: pd.DataFrame, indicators: pd.DataFrame, *, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Table ``panel`` from ``documents`` (doc_id, source, title, date) and ``indicators``
    (see the module docstring for the rules; the inputs are not modified)."""
    lexicon = bundled() if lexicon is None else lexicon
    national = {m.canonical: m.national for m in lexicon.metrics if m.national}
    docs = _documents(documents)
    if indicators.empty or docs.empty:
        return schemas.empty("panel")
    ind = _shared_numbers(indicators, canonical.index(lexicon.metrics))
    ind = ind[ind["metric_canonical"].notna() & ind["year"].notna() & ind["measure"].isin(MEASURES)
              & (ind["unit"] != "‰")]  # per-mille rates (人口自然增长率8.3‰) stay in indicators: the panel's rates are %
    ind = ind[(ind["status"].isin(["actual", "estimate"]) & ind["section"].isin(RESULT_SECTIONS))
              | ((ind["status"] == "target") & ind["section"].isin(TARGET_SECTIONS))]
    # a boolean mask, never a list (an empty list would select no columns, not no rows)
    ind = ind[np.array(_in_scope(ind, {m.canonical: m.tier for m in lexicon.metrics}), dtype=bool)]
    rows = ind.merge(docs, on="doc_id", how="inner")
    if rows.empty:
        return schemas.empty("panel")
    rows = rows.assign(
        year=rows["year"].astype("int64"),
        metric=[national.get(m, m) if i == "国务院" else m for m, i in zip(rows["metric_canonical"], rows["issuer"])],
        value=[canonical.signed(v, ch, me) for v, ch, me in zip(rows["value"], rows["change"], rows["measure"])],
        value_max=[canonical.signed(v, ch, me) if v == v and v is not None else None
                   for v, ch, me in zip(rows["value_max"], rows["change"], rows["measure"])],
    )
    # a signed range keeps value <= value_max (下降3-5% is −5 … −3)
    lo_hi = [(min(v, vm), max(v, vm)) if vm is not None and vm == vm else (v, vm)
             for v, vm in zip(rows["value"], rows["value_max"])]
    rows = rows.assign(value=[a for a, _ in lo_hi], value_max=[b for _, b in lo_hi])
    # rule ``recent results``: a result of a year long before the report (由2010年的894亿元增加到…, a term's
    # start) is history, not the report's statement of results (README: the past year, the year before it)
    rows = rows[(rows["report_year"] < 0) | ((rows["status"] == "target") & (rows["year"] <= rows["report_year"] + 1))
                | ((rows["status"] != "target") & (rows["year"] >= rows["report_year"] - _RECENT))]
    # (a goal of a later year in the targets paragraph, 到2020年实现地区生产总值350亿元, is a term's goal: README
    # scope (b); one year of slack for a file named by the year before its delivery, as 四川省/2016.md)
    rows = _exact_over_bound(rows)
    # the first statement of a key in a report
    rows = rows.sort_values(["doc_id", "start"], kind="mergesort").drop_duplicates(["doc_id"] + KEY, keep="first")
    # across reports: a result from the later report; a target from the year's own report, then the later one
    rows = rows.assign(own=(rows["status"] == "target") & (rows["report_year"] == rows["year"]))
    rows = rows.sort_values(["own", "report_year", "date", "doc_id"], ascending=[False, False, False, True],
                            kind="mergesort").drop_duplicates(KEY, keep="first")
    out = rows[schemas.columns("panel")].sort_values(KEY, kind="mergesort").reset_index(drop=True)
    return out.astype({"year": "int32", "start": "int32", "end": "int32", "value": "float64",
                       "value_max": "float64"})
