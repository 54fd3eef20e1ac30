"""Every output table, declared once: its columns, their Arrow types, and what they mean.

A reader of this module knows every table the pipeline writes. ``to_arrow(name, df)``
validates a frame against its declaration (missing or extra columns, wrong types are an
error) and is called by :mod:`pipeline.io` before anything is written.

>>> import pandas as pd
>>> to_arrow("ingest_errors", pd.DataFrame({"source": ["a.txt"], "kind": ["empty"],
...                                         "message": ["file is empty"]})).num_rows
1
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
import pyarrow as pa

string = pa.string()
int32 = pa.int32()
int64 = pa.int64()
float64 = pa.float64()
boolean = pa.bool_()
strings = pa.list_(pa.string())


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    doc: str
    nullable: bool = True


@dataclass(frozen=True)
class Table:
    name: str
    doc: str
    columns: tuple[Column, ...]

    @property
    def schema(self) -> pa.Schema:
        return pa.schema([pa.field(c.name, c.type, nullable=c.nullable) for c in self.columns])

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def _t(name: str, doc: str, *cols: tuple) -> Table:
    return Table(name, doc, tuple(Column(*c) for c in cols))


TABLES: dict[str, Table] = {
    t.name: t
    for t in [
        _t(
            "documents",
            "One row per article after ingest and clean-up.",
            ("doc_id", string, "stable id: hash of source path and article index", False),
            ("source", string, "path relative to the corpus folder", False),
            ("article", int32, "index of the article within its file", False),
            ("title", string, "headline, null when none"),
            ("subtitle", string, "sub-headline or lead line, null when none"),
            ("authors", strings, "bylines (names only)"),
            ("publication", string, "newspaper / magazine / site as stated"),
            ("doc_type", string, "work_report / newspaper_article / broadcast_item / web_article / other, from general evidence (see evidence)", False),
            ("date", string, "date of the document, ISO yyyy-mm-dd (yyyy-mm or yyyy when only that is stated), from the first source in date_source's order"),
            ("date_source", string, "where date came from, first found in this order: session_line, issue_date, publish_line, front_matter, dateline, file_name; none when no date", False),
            ("year", int32, "work report: the year whose work it plans (its title's year, else the year after a Nov/Dec delivery); otherwise the year of date"),
            ("issuer", string, "the one government, party committee, newspaper or broadcaster that issued the text (甘肃省, 兰州市, 甘肃日报, 国务院), never a place it only mentions"),
            ("issuer_level", string, "national / province / prefecture / county (a newspaper: the level of its government)"),
            ("issuer_code", string, "6-digit GB/T 2260 division code of the issuer; 100000 for national bodies"),
            ("text", string, "clean body text; every offset in other tables points here", False),
            ("n_chars", int64, "len(text)", False),
            ("removed", strings, "what the cleaner removed, one entry per line: 'rule: text'"),
            ("evidence", strings, "why each metadata field has its value, one entry each: 'field: rule: text'"),
            ("content_hash", string, "sha1 of text (keys incremental re-runs)", False),
        ),
        _t(
            "ingest_errors",
            "Every input file that yielded no document, with the reason.",
            ("source", string, "path relative to the corpus folder", False),
            ("kind", string, "short error class: empty, no_text, binary, decode, too_large, unreadable, vanished, unsupported (a file type ingest does not read), internal", False),
            ("message", string, "a sentence for the researcher", False),
        ),
        _t(
            "places",
            "Administrative divisions named in each document's text, on the segmenter's word boundaries.",
            ("doc_id", string, "document", False),
            ("place", string, "the division's standard name (a former name is counted under the division that replaced it)", False),
            ("code", string, "6-digit GB/T 2260 code; null when the name is shared by divisions the document does not tell apart"),
            ("level", string, "province / prefecture / county", False),
            ("count", int64, "occurrences (full name, short form or former name)", False),
        ),
        _t(
            "sentences",
            "Sentences of each document, shared by later stages.",
            ("doc_id", string, "document", False),
            ("sentence", int32, "index within the document", False),
            ("start", int32, "offset into documents.text", False),
            ("end", int32, "end offset (exclusive)", False),
            ("text", string, "documents.text[start:end]", False),
        ),
        _t(
            "tokens",
            "One row per token; text[start:end] == token.",
            ("doc_id", string, "document", False),
            ("sentence", int32, "index into sentences", False),
            ("position", int32, "token index within the document", False),
            ("token", string, "the token", False),
            ("pos", string, "part of speech (jieba tag set)"),
            ("start", int32, "offset into documents.text", False),
            ("end", int32, "end offset (exclusive)", False),
            ("is_slogan", boolean, "a protected policy formulation", False),
            ("slogan_origin", string, "lexicon / discovered when is_slogan"),
            ("is_stopword", boolean, "in the stopword lists", False),
        ),
        _t(
            "indicators",
            "Numeric indicators per ANNOTATION.md.",
            ("doc_id", string, "document", False),
            ("source", string, "input file", False),
            ("sentence", int32, "index into sentences"),
            ("start", int32, "offset into documents.text", False),
            ("end", int32, "end offset (exclusive)", False),
            ("text", string, "surface span", False),
            ("value", float64, "value in the base unit, magnitude applied", False),
            ("value_max", float64, "upper bound of a range"),
            ("unit", string, "unit or measure word without magnitude; % and 百分点 for rates"),
            ("qualifier", string, "多 余 近 超 以上 以下 左右 约 ..."),
            ("kind", string, "count, money, quantity, percent, percentage_point, duration, ..."),
            ("change", string, "增长 下降 提高 ... or null"),
            ("metric", string, "the phrase measured"),
            ("period", string, "time reference stated nearby"),
            ("is_target", boolean, "a goal or forecast rather than a result (status is not actual)", False),
            ("metric_canonical", string, "the National Bureau of Statistics' name of the metric (lexicons/metrics.txt), null when none"),
            ("measure", string, "level, growth, share, rate, count; average_growth (年均), multiple (倍), change (增加120亿元) ..."),
            ("status", string, "actual, estimate (预计 in a review) or target", False),
            ("year", int32, "the year the number is about (a work report's section, an explicit or relative year), null when unknown"),
            ("section", string, "part of a work report: review, review_five, summary (the review's summary of results), summary_five (a term review's), targets, plan, plan_five, other; null elsewhere"),
            ("basis", string, "the rules behind metric_canonical, measure, status and year", False),
            ("rule", string, "rule that produced the row", False),
        ),
        _t(
            "panel",
            "Headline statistics of government work reports: one row per issuer × year × metric × measure × status "
            "(README \"Panel\").",
            ("issuer", string, "the issuing government: 国务院, a province or a city (from the document)", False),
            ("issuer_code", string, "GB/T 2260 division code (JioNLP's division dictionary); null for 国务院 or an unknown name"),
            ("year", int32, "the year the figure is about", False),
            ("metric", string, "canonical metric (the national name for 国务院: 国内生产总值)", False),
            ("measure", string, "level, growth, share, rate, count", False),
            ("status", string, "actual, estimate, target", False),
            ("value", float64, "base unit, magnitude applied; growth in percent or points, a fall negative", False),
            ("value_max", float64, "upper bound of a range"),
            ("unit", string, "as in indicators: 元, 吨, 人, %, 百分点 ..."),
            ("qualifier", string, "as in indicators: 左右, 以上, 以下, 超 ..."),
            ("doc_id", string, "the report the figure is taken from", False),
            ("source", string, "its input file", False),
            ("start", int32, "offset into documents.text", False),
            ("end", int32, "end offset (exclusive)", False),
            ("text", string, "surface span", False),
        ),
        _t(
            "slogans",
            "Occurrences of policy formulations.",
            ("doc_id", string, "document", False),
            ("source", string, "input file", False),
            ("slogan", string, "canonical form, no quotation marks", False),
            ("surface", string, "as written", False),
            ("start", int32, "offset into documents.text", False),
            ("end", int32, "end offset (exclusive)", False),
            ("kind", string, "numbered / named / plan", False),
            ("origin", string, "lexicon / discovered", False),
            ("rule", string, "rule that produced the row", False),
        ),
        _t(
            "slogan_candidates",
            "Discovered formulations over the corpus, ranked for review.",
            ("slogan", string, "canonical form", False),
            ("kind", string, "numbered / named / plan", False),
            ("count", int64, "occurrences", False),
            ("n_docs", int64, "documents containing it", False),
            ("first_date", string, "earliest document date seen"),
            ("first_source", string, "source of the first occurrence"),
            ("score", float64, "confidence in [0, 1]", False),
            ("rules", strings, "rules that proposed it"),
            ("example", string, "an example sentence"),
            ("in_lexicon", boolean, "already in lexicons/slogans.txt", False),
        ),
        _t(
            "slogan_definitions",
            "Explanations of formulations found in the text.",
            ("slogan", string, "canonical form", False),
            ("definition", string, "the explaining text", False),
            ("source", string, "input file", False),
            ("doc_id", string, "document", False),
            ("how", string, "glossary / inline / enumeration", False),
        ),
        _t(
            "terms",
            "Part cache only (never an output table): the tokens of each file that keywords and topic models "
            "count (topic_corpus.term_rows), judged once per file.",
            ("doc_id", string, "document", False),
            ("sentence", int32, "index into sentences", False),
            ("paragraph", int32, "line breaks of documents.text before the term", False),
            ("start", int32, "offset into documents.text", False),
            ("term", string, "the token", False),
        ),
        _t(
            "keywords",
            "Top terms per document by TF-IDF and TextRank.",
            ("doc_id", string, "document", False),
            ("method", string, "tfidf / textrank", False),
            ("rank", int32, "1 = best", False),
            ("term", string, "the term", False),
            ("score", float64, "method score", False),
        ),
        _t(
            "topic_models",
            "Every candidate topic model trained, with its scores.",
            ("model", string, "lda / nmf", False),
            ("k", int32, "number of topics", False),
            ("unit", string, "document / paragraph / chunk", False),
            ("c_v", float64, "coherence c_v (top 10 terms)"),
            ("c_npmi", float64, "coherence c_npmi (top 10 terms)"),
            ("perplexity", float64, "where defined"),
            ("diversity", float64, "distinct share of all top-10 terms"),
            ("seed", int64, "random_state", False),
            ("n_units", int64, "units the model was trained and scored on (a sample while choosing k)", False),
            ("n_terms", int64, "vocabulary size after filter_extremes", False),
            ("chosen", boolean, "picked by the selection rule", False),
        ),
        _t(
            "topic_terms",
            "Top terms of each topic of each chosen model.",
            ("model", string, "lda / nmf", False),
            ("k", int32, "number of topics", False),
            ("topic", int32, "topic index", False),
            ("label", string, "label from its top terms", False),
            ("rank", int32, "1 = best", False),
            ("term", string, "the term", False),
            ("weight", float64, "term weight", False),
        ),
        _t(
            "doc_topics",
            "Topic weights per unit of text.",
            ("doc_id", string, "document", False),
            ("unit", string, "unit id within the document (document, paragraph or chunk index)", False),
            ("model", string, "lda / nmf", False),
            ("topic", int32, "topic index", False),
            ("weight", float64, "topic share", False),
        ),
        _t(
            "topic_trends",
            "Topic share by date and issuer, tidy for charts.",
            ("model", string, "lda / nmf", False),
            ("topic", int32, "topic index", False),
            ("label", string, "topic label", False),
            ("period", string, "year (or date) of the documents"),
            ("issuer", string, "documents.issuer of the group's documents (未知发文单位 for documents without one); null = every document of the period"),
            ("share", float64, "mean topic weight over the group", False),
            ("n_docs", int64, "documents in the group", False),
        ),
    ]
}


# tables kept in the part cache only (OUT/.cache/<table>/), for later stages to read: never
# assembled into the output folder
CACHE_ONLY = frozenset({"terms"})


# string columns whose values are mostly distinct (text) or too many to gain from Parquet's
# dictionary encoding, which costs as much as the rest of a write on a tokens part
NOT_DICTIONARY = frozenset({"text", "token", "removed", "evidence", "content_hash"})


def dictionary_columns(schema: pa.Schema) -> list[str]:
    """Columns written with Parquet dictionary encoding: all but :data:`NOT_DICTIONARY`."""
    return [f.name for f in schema if f.name not in NOT_DICTIONARY]


def columns(name: str) -> list[str]:
    """Column names of table ``name``, in declared order."""
    return TABLES[name].names


# a nullable integer column is a pandas nullable integer (Int32, Int64) in every frame of its table:
# never float (2023.0), whatever part of the table holds nulls or no rows at all
_NULLABLE_INT = {pa.int32(): "Int32", pa.int64(): "Int64"}


def pandas_dtypes(name: str) -> dict[str, str]:
    """The pandas dtype of each nullable integer column of table ``name`` (what a frame of the
    table holds there, and what its files say it holds).

    >>> pandas_dtypes("documents")
    {'year': 'Int32'}
    """
    return {c.name: _NULLABLE_INT[c.type] for c in TABLES[name].columns if c.nullable and c.type in _NULLABLE_INT}


def with_dtypes(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with the declared pandas dtypes of table ``name`` (:func:`pandas_dtypes`; a copy when
    one changes, ``df`` itself otherwise): a year read back as float (2023.0) is an integer again.

    >>> with_dtypes("documents", pd.DataFrame({"year": [2023.0, None]}))["year"].tolist()
    [2023, <NA>]
    """
    change = {c: t for c, t in pandas_dtypes(name).items() if c in df.columns and str(df[c].dtype) != t}
    return df.astype(change) if change else df


def empty(name: str) -> pd.DataFrame:
    """An empty frame with the table's columns and dtypes (a copy: the caller may change it)."""
    return _empty(name).copy()


@lru_cache(maxsize=None)
def _empty(name: str) -> pd.DataFrame:
    # made once per table (from Arrow: 0.2-0.7 ms, against 0.01-0.05 for a copy; a run makes one per file)
    return with_dtypes(name, TABLES[name].schema.empty_table().to_pandas())


class SchemaError(ValueError):
    """A frame does not match its table declaration."""


def check_arrow(name: str, arrow: pa.Table, *, keep_metadata: bool = False) -> pa.Table:
    """Validate an Arrow table built directly (not from pandas) against table ``name``; it
    gets the pandas metadata a frame of the table's dtypes would give it (``keep_metadata``:
    it keeps its own, that of the frame it stands for: see :func:`frame_metadata`)."""
    table = TABLES[name]
    if not arrow.schema.equals(table.schema):
        raise SchemaError(f"table {name!r}: schema {arrow.schema} is not the declared {table.schema}")
    for col in table.columns:
        if not col.nullable and arrow.column(col.name).null_count:
            raise SchemaError(f"table {name!r}: column {col.name!r} has nulls")
    return arrow if keep_metadata and arrow.schema.metadata else arrow.replace_schema_metadata(_pandas_metadata(name))


def frame_metadata(name: str, columns: dict[str, list], frame) -> dict:
    """The pandas metadata :func:`to_arrow` gives the frame of ``columns`` (table ``name``'s
    values as Python lists; ``frame()`` builds that frame): a frame's dtypes follow the types
    of its values (a column of strings and None is ``str``, of None only ``object``), so the
    frame is built and converted once per set of value types of each column, not once per part.

    >>> cols = {"source": ["a.txt"], "kind": ["empty"], "message": ["blank"]}
    >>> m1 = frame_metadata("ingest_errors", cols, lambda: pd.DataFrame(cols))
    >>> m1 == frame_metadata("ingest_errors", {"source": ["b.txt"], "kind": ["binary"], "message": ["NUL"]}, None)
    True
    """
    key = (name, tuple(frozenset(map(type, values)) for values in columns.values()))
    if key not in _ROWS_METADATA:
        _ROWS_METADATA[key] = to_arrow(name, frame()).schema.metadata
    return _ROWS_METADATA[key]


_ROWS_METADATA: dict[tuple, dict] = {}


@lru_cache(maxsize=None)
def _pandas_metadata(name: str) -> dict:
    return pa.Table.from_pandas(empty(name), schema=TABLES[name].schema, preserve_index=False).schema.metadata


_FRAME_METADATA: dict[tuple, dict] = {}


def _metadata_of(name: str, df: pd.DataFrame, dtypes: tuple[str, ...]) -> dict:
    """pandas' schema metadata for ``df`` as table ``name`` (``dtypes``: its columns' dtypes as
    strings, in the table's order): it depends only on the column dtypes, the same for every part
    a stage writes, so it is worked out once per set of dtypes (from the frame's empty head; ~2 ms,
    half the cost of converting a part)."""
    names = TABLES[name].names
    key = (name, dtypes, str(df.columns.dtype), df.columns.name)
    if key not in _FRAME_METADATA:
        head = with_dtypes(name, df[names].head(0))  # a nullable integer reads back as one, never float
        _FRAME_METADATA[key] = pa.Table.from_pandas(head, schema=TABLES[name].schema, preserve_index=False).schema.metadata
    return _FRAME_METADATA[key]


def to_arrow(name: str, df: pd.DataFrame) -> pa.Table:
    """Validate ``df`` against table ``name`` and convert it (does not modify ``df``).

    Column by column (``pa.array``): several times faster than ``Table.from_pandas`` on the
    small per-file parts the run writes; NaN and None become nulls, as there.
    """
    if name not in TABLES:
        raise SchemaError(f"unknown table {name!r}; declared tables: {', '.join(TABLES)}")
    table = TABLES[name]
    present = df.columns.tolist()
    if present != table.names:  # (the declared columns in order: the checks below are for any other frame)
        have, declared = set(present), set(table.names)
        missing = [c for c in table.names if c not in have]
        extra = [c for c in present if c not in declared]
        if missing or extra:
            raise SchemaError(f"table {name!r}: missing columns {missing}, unexpected columns {extra}")
    # each column taken out of the frame once, for its dtype and its values
    series = [df[col.name] for col in table.columns]
    arrays = []
    for col, values in zip(table.columns, series):
        try:
            arr = pa.array(values, type=col.type, from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, TypeError, ValueError) as exc:
            raise SchemaError(f"table {name!r}: column {col.name!r}: {exc}") from exc
        if not col.nullable and arr.null_count:
            raise SchemaError(f"table {name!r}: column {col.name!r} has nulls")
        arrays.append(arr)
    # pandas' metadata (taken from the frame's empty head: cheap) keeps its dtypes on reading
    # back, e.g. a nullable Int32 stays Int32 rather than turning float when it holds nulls
    meta = _metadata_of(name, df, tuple(str(v.dtype) for v in series))
    return pa.Table.from_arrays(arrays, schema=table.schema.with_metadata(meta))
