"""Numeric indicators (table ``indicators``), following ``../shared/ANNOTATION.md``.

Every number in a text is a *candidate*; a candidate becomes an indicator row when it
carries a unit or measure word and no exclusion rule fires (dates, ordinals, identifiers,
slogans and plan names, class labels, rhetoric with small Chinese numerals). Each row and
each rejected candidate records the rule that decided it; :func:`explain` shows them all.

Units (``units.txt``) and place names (``gazetteer.txt``) come from the :class:`Lexicon`
handed in (a run hands the configured folder's); without one, the bundled lexicons.

This module is the public face (:func:`extract`, :func:`indicators`, :func:`explain`);
the work is in ``indicator_numbers`` (numbers and their rules), ``indicator_metrics``
(the metric phrase), ``indicator_context`` (clause bounds, period, target cue, lists)
and ``indicator_status`` (canonical metric, measure, status and year).

>>> [(c.value, c.unit, c.rule) for c in extract("签约项目124个585亿元")]
[(124.0, '个', 'number+unit'), (58500000000.0, '元', 'number+unit')]
>>> [(s.text, s.decision, s.rule) for s in explain("2022年以来新增5.2万贫困户").steps]
[('2022', 'excluded', 'date'), ('5.2万', 'indicator', 'number+noun')]
"""

from __future__ import annotations

import bisect
import re
from operator import itemgetter

import numpy as np
import pandas as pd
import pyarrow as pa

from pipeline import patterns as P
from pipeline import schemas
from pipeline.config import IndicatorConfig
from pipeline.explanation import Explanation, Step
from pipeline.indicator_context import clause_bounds, read_context
from pipeline.indicator_numbers import (NUMBER_RULES, Candidate, NumberRule, blocked_spans, gives_no_row, parse_at,
                                        price_index, range_with, resources)
from pipeline.indicator_status import resolve
from pipeline.issuers import DocumentInfo, document_info
from pipeline.lexicons import Lexicon

# the names users import from here (the modules that hold them: module map in ARCHITECTURE.md)
__all__ = ["Candidate", "EXPLAIN_FIELDS", "NUMBER_RULES", "NumberRule", "explain", "extract", "indicators",
           "indicators_table"]


def extract(text: str, *, slogan_spans: list[tuple[int, int]] = (), config: IndicatorConfig | None = None,
            keep_all: bool = False, lexicon: Lexicon | None = None,
            document: DocumentInfo | None = None) -> list[Candidate]:
    """Indicators in ``text`` (or every candidate with ``keep_all``), in text order.

    Units, place names and canonical metrics come from ``lexicon`` (default: the bundled
    lexicons). ``document`` tells whether the text is a work report and the year it plans:
    a work report's sections decide status and year (see :mod:`pipeline.sections`).

    >>> [(c.value, c.value_max, c.unit) for c in extract("每年确定1至2个示范项目")]
    [(1.0, 2.0, '个')]
    """
    config = config or IndicatorConfig()
    res = resources(lexicon)
    blocked = blocked_spans(text, [(s, e, "slogan") for s, e in slogan_spans], res)
    out: list[Candidate] = []
    pos = 0
    # (the loop runs once per numeral of the text, most of them skipped: its names are local)
    first_at, number_at, lead, skip = P.NUMBER_FIRST.search, P.NUMBER.search, P.NUMBER_LEAD, not keep_all
    while True:
        first = first_at(text, pos)  # no match starts before first - NUMBER_LEAD
        m = number_at(text, max(pos, first.start() - lead)) if first else None
        if not m:
            break
        if skip and gives_no_row(text, m, blocked, res):
            pos = m.end()  # what the loop below does with a number neither taken nor merged
            continue
        c = price_index(text, parse_at(text, m, blocked, config, res))
        nxt = m.end()
        if c.value is not None and (c.unit is None or c.taken) and c.rule not in (
                "date", "ordinal", "identifier", "slogan", "slogan_structure", "plan", "title", "name"):
            merged = range_with(text, c, m, blocked, config, res)
            if merged:
                c, nxt = merged
        if c.taken:
            nxt = max(nxt, c.end)
        out.append(c)
        pos = max(nxt, m.start() + 1)
    taken = [c for c in out if c.taken]
    bounds = clause_bounds(text, taken)
    read_context(text, taken, config, res.places, res.metrics, bounds)
    resolve(text, taken, document or DocumentInfo(), res, bounds)
    return out if keep_all else [c for c in out if c.taken]


# --------------------------------------------------------------------------- stage

def indicators(documents: pd.DataFrame, sentences: pd.DataFrame, *, config: IndicatorConfig,
               slogans: pd.DataFrame | None = None, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Table ``indicators``: one row per numeric indicator of every document.

    ``slogans`` (optional) are slogan occurrences; numerals inside them are excluded.
    ``lexicon`` gives the units and the gazetteer (default: the bundled lexicons; a run
    hands the configured folder's).

    >>> docs = pd.DataFrame({"doc_id": ["d"], "source": ["a.txt"], "text": ["开复工率97.1%。"]})
    >>> sents = pd.DataFrame({"doc_id": ["d"], "sentence": [0], "start": [0], "end": [9], "text": ["开复工率97.1%。"]})
    >>> indicators(docs, sents, config=IndicatorConfig())[["value", "unit", "metric"]].values.tolist()
    [[97.1, '%', '开复工率']]
    """
    rows = _rows(documents, sentences, config=config, slogans=slogans, lexicon=lexicon)
    if not rows:
        return schemas.empty("indicators")
    # built from columns, the integer ones typed before the frame exists (a frame of rows, then
    # a column cast, infers every column and then splits its blocks: most of this function's own
    # cost on a file); the other columns' types are inferred as from rows
    data = {col: list(values) for col, values in zip(schemas.columns("indicators"), zip(*rows))}
    for col, dtype in (("sentence", "Int32"), ("year", "Int32")):
        data[col] = pd.array(data[col], dtype=dtype)
    for col in ("start", "end"):
        data[col] = np.array(data[col], dtype=np.int32)
    return pd.DataFrame(data)


def indicators_table(documents: pd.DataFrame, sentences: pd.DataFrame, *, config: IndicatorConfig,
                     slogans: pd.DataFrame | None = None, lexicon: Lexicon | None = None) -> pa.Table:
    """The rows of :func:`indicators` as an Arrow table of the declared schema, built from the
    columns without a frame (what the stage writes: a frame's inference of each column, then its
    conversion back to Arrow, cost more than finding the rows of a small file).

    >>> docs = pd.DataFrame({"doc_id": ["d"], "source": ["a.txt"], "text": ["开复工率97.1%。"]})
    >>> sents = pd.DataFrame({"doc_id": ["d"], "sentence": [0], "start": [0], "end": [9], "text": ["开复工率97.1%。"]})
    >>> indicators_table(docs, sents, config=IndicatorConfig()).column("metric").to_pylist()
    ['开复工率']
    """
    schema = schemas.TABLES["indicators"].schema
    rows = _rows(documents, sentences, config=config, slogans=slogans, lexicon=lexicon)
    if not rows:
        return schemas.check_arrow("indicators", schema.empty_table())
    # the declared pandas metadata too: to_pandas() gives the dtypes indicators() gives (Int32, not float64)
    return schemas.check_arrow("indicators", pa.Table.from_arrays(
        [pa.array(values, type=field.type, from_pandas=True) for field, values in zip(schema, zip(*rows))], schema=schema))


def _rows(documents: pd.DataFrame, sentences: pd.DataFrame, *, config: IndicatorConfig,
          slogans: pd.DataFrame | None, lexicon: Lexicon | None) -> list[tuple]:
    """The table's rows as tuples in the declared column order (:func:`indicators`)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    if slogans is not None and len(slogans):
        for doc, s, e in zip(slogans["doc_id"], slogans["start"], slogans["end"]):
            spans.setdefault(doc, []).append((int(s), int(e)))
    starts: dict[str, tuple[list[int], list[int]]] = {}
    if sentences is not None and len(sentences):
        # each document's (start, sentence) pairs in start order (a stable sort: rows with one
        # start keep their order), from the columns converted once (a frame sort and group by
        # cost more than the lookups they serve)
        pairs: dict[str, list[tuple[int, int]]] = {}
        for doc, start, sent in zip(sentences["doc_id"].tolist(), sentences["start"].astype(int).tolist(),
                                    sentences["sentence"].astype(int).tolist()):
            pairs.setdefault(doc, []).append((start, sent))
        for doc, ps in pairs.items():
            ps.sort(key=itemgetter(0))
            starts[doc] = ([p[0] for p in ps], [p[1] for p in ps])
    rows = []
    titles = documents["title"] if "title" in documents else [None] * len(documents)
    dates = documents["date"] if "date" in documents else [None] * len(documents)
    for doc, source, text, title, date in zip(documents["doc_id"], documents["source"], documents["text"],
                                              titles, dates):
        info = document_info(source, title, date)
        for c in extract(text, slogan_spans=sorted(spans.get(doc, [])), config=config, lexicon=lexicon,
                         document=info):
            sent = None
            if doc in starts:
                k = bisect.bisect_right(starts[doc][0], c.start) - 1
                sent = starts[doc][1][k] if k >= 0 else None
            rows.append((doc, source, sent, c.start, c.end, c.text, c.value, c.value_max, c.unit,
                         c.qualifier, c.kind, c.change, c.metric, c.period, bool(c.is_target),
                         c.metric_canonical, c.measure, c.status, c.year, c.section, c.basis, c.rule))
    return rows


def explain(text: str, *, config: IndicatorConfig | None = None, lexicon: Lexicon | None = None,
            document: DocumentInfo | None = None) -> Explanation:
    """Every candidate number in ``text`` with the decision and the rule that made it
    (units and places from ``lexicon``, default the bundled lexicons); a taken one also
    with its canonical metric, measure, status and year and, in ``basis``, the rules behind
    them (``document``: read ``text`` as a work report planning a year).

    Chinese numerals that are plainly part of a word (一般, 进一步) are left out.

    >>> [(s.text, s.decision, s.rule) for s in explain("召开会议3次以上，一批项目").steps]
    [('3次以上', 'indicator', 'number+unit'), ('一', 'excluded', 'small_chinese')]
    """
    steps = []
    for c in extract(text, config=config, keep_all=True, lexicon=lexicon, document=document):
        is_cn = not re.search(r"\d", c.surface)
        if is_cn and not c.taken and c.rule in ("no_unit", "not_a_number"):
            continue
        span = (c.start, c.end) if c.taken else (c.num_start, c.num_end)
        fields = tuple((name, getattr(c, name)) for name in EXPLAIN_FIELDS) if c.taken else ()
        steps.append(Step(text[span[0]:span[1]], c.decision, c.rule, span[0], span[1], c.basis if c.taken else c.why,
                          fields))
    return Explanation("indicators", text, tuple(steps))


# what --explain shows of a number taken (the rules behind the last four are in ``why``)
EXPLAIN_FIELDS = ("value", "value_max", "unit", "qualifier", "kind", "change", "metric", "period",
                  "metric_canonical", "measure", "status", "year")

