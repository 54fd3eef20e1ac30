"""The topic stage's units and its sample, in one form: the unit table (:func:`topic_unit_table`,
:func:`unit_table_of`: doc_id, unit, terms and each unit's content hash, Arrow), what the run keeps
per file (:func:`encode_table`) and the library call builds once; the sample the k search sees
(:func:`sample_texts`, a bottom-k sketch of the units by content hash) and its key
(:func:`sample_key`). The units' terms come from :mod:`pipeline.topic_corpus`.
"""

from __future__ import annotations

import base64
import hashlib

import numpy as np
import pandas as pd

from pipeline.config import TopicConfig
from pipeline.topic_corpus import Unit, unit_schema, unit_table, unit_table_of_terms, units as make_units


def topic_units(documents: pd.DataFrame, tokens: pd.DataFrame, *, config: TopicConfig = TopicConfig()) -> list[Unit]:
    """The units (paragraphs, chunks or documents) the models are trained on, with their
    terms; per document, so a run builds them per chunk of files and concatenates them."""
    return make_units(documents, tokens, unit=config.unit, chunk_chars=config.chunk_chars,
                      extra_stopwords=config.extra_stopwords, generic=config.generic_stopwords)


def topic_unit_table(documents: pd.DataFrame, tokens: pd.DataFrame, *, config: TopicConfig = TopicConfig()):
    """:func:`topic_units` as an Arrow table (:func:`pipeline.topic_corpus.unit_table`: doc_id, unit,
    terms) with each unit's content hash (``hash``, :func:`unit_hash` read as a big-endian
    uint64, so that its order is the digests' order): what the stage keeps per file, so that
    the parent draws the sample (:func:`sample_texts`) without a Python object per term."""
    return _hashed(unit_table(documents, tokens, unit=config.unit, chunk_chars=config.chunk_chars,
                              extra_stopwords=config.extra_stopwords, generic=config.generic_stopwords))


def topic_unit_table_of_terms(terms, *, config: TopicConfig = TopicConfig()):
    """:func:`topic_unit_table` from the documents' term rows (:func:`pipeline.topic_corpus.term_rows`
    of the same documents and tokens, what a run keeps per file; an Arrow table or a frame)."""
    return _hashed(unit_table_of_terms(terms, unit=config.unit, chunk_chars=config.chunk_chars))


def unit_table_of(units: list[Unit]):
    """A list of :class:`Unit` (:func:`topic_units`, or units built elsewhere) as the unit table of
    :func:`topic_unit_table`: the one form the sample, the models' weights and the tables read.

    >>> unit_table_of([Unit("d", "0", ("产业", "园区")), Unit("d", "1", ())]).column("terms").to_pylist()
    [['产业', '园区'], []]
    """
    import pyarrow as pa

    schema = unit_schema()
    lengths = np.fromiter((len(u.terms) for u in units), dtype=np.int64, count=len(units))
    offsets = pa.array(np.r_[0, np.cumsum(lengths)].astype(np.int32), type=pa.int32())
    terms = pa.array([t for u in units for t in u.terms], type=pa.string()).dictionary_encode()
    return _hashed(pa.table([pa.array([u.doc_id for u in units], type=pa.string()),
                             pa.array([u.unit for u in units], type=pa.string()),
                             pa.ListArray.from_arrays(offsets, terms).cast(schema.field("terms").type)], schema=schema))


def _hashed(table):
    """A unit table with each unit's content hash (``hash``: :func:`unit_hash` read as a big-endian
    uint64, so that its order is the digests' order)."""
    import pyarrow as pa

    hashes = np.fromiter((int.from_bytes(_digest(t), "big") for t in joined_terms(table.column("terms"))),
                         dtype=np.uint64, count=table.num_rows)
    return table.append_column("hash", pa.array(hashes, type=pa.uint64()))


def joined_terms(terms) -> list[str]:
    """Each unit's terms joined by U+001F (what :func:`unit_hash` and :func:`sample_key` hash), from
    an Arrow list array of terms, by Arrow (no Python object per term)."""
    import pyarrow.compute as pc

    return pc.binary_join(_plain(terms), "\x1f").to_pylist()


def _plain(terms):
    """An Arrow list array of terms as one list<string> array (dictionaries decoded, chunks joined)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    chunks = terms.chunks if isinstance(terms, pa.ChunkedArray) else [terms]
    typ = pa.list_(pa.string())
    chunks = [c if c.type == typ else pc.cast(c, typ) for c in chunks]
    return pa.concat_arrays(chunks) if chunks else pa.array([], type=typ)


def empty_unit_table():
    """A :func:`topic_unit_table` without rows."""
    import pyarrow as pa

    return unit_schema().append(pa.field("hash", pa.uint64())).empty_table()


def encode_table(table) -> str:
    """An Arrow table as JSON-able text: base64 of its Arrow IPC stream, zstd-compressed (data,
    never code; a 20 MB corpus's units: ~4x smaller than the same units as JSON lists)."""
    import pyarrow as pa

    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema, options=pa.ipc.IpcWriteOptions(compression="zstd", use_threads=False)) as w:
        w.write_table(table)
    return base64.b64encode(sink.getvalue().to_pybytes()).decode("ascii")


def decode_table(text: str):
    """The table of :func:`encode_table`."""
    import pyarrow as pa

    return pa.ipc.open_stream(pa.py_buffer(base64.b64decode(text))).read_all()


def unit_hash(terms: tuple[str, ...]) -> bytes:
    """A unit's content hash (its terms only: not its document nor its place in it)."""
    return _digest("\x1f".join(terms))


def _digest(joined: str) -> bytes:
    return hashlib.blake2b(joined.encode("utf-8"), digest_size=8).digest()


def sample_texts(units, config: TopicConfig = TopicConfig()):
    """The term sequences the k search sees: a bottom-k sketch of the units by content hash, as an
    Arrow list array of the sampled units' terms.

    Units of at least ``min_unit_terms`` terms, ordered by their content hash (the ``hash`` column
    of a unit table, :func:`unit_hash`; ties, which only identical or colliding units make, by
    terms), the first ``max(select_max_units, score_max_units)`` of them (all when either is 0): a
    uniform random sample that is a function of the units' contents, not of their order, their
    documents or the other units. Adding, removing or editing a unit changes it only when that
    unit's hash is among the smallest (always when the corpus has fewer eligible units than the
    cap), so the models fitted on it (:func:`fit_models`, cached by the stage under
    :func:`sample_key`) survive most changes of a large corpus. The first ``select_max_units``
    of the sample (after the vocabulary filter) train the models; all of it scores them.
    ``units``: a unit table (:func:`topic_unit_table`, :func:`unit_table_of`).

    >>> us = [Unit("a", "0", ("产业", "园区")), Unit("b", "0", ("旅游",)), Unit("c", "0", ("园区", "产业"))]
    >>> sample = sample_texts(unit_table_of(us), TopicConfig(min_unit_terms=2))
    >>> sorted(map(tuple, sample.to_pylist())) == [("产业", "园区"), ("园区", "产业")]
    True
    >>> sample_texts(unit_table_of(us[::-1]), TopicConfig(min_unit_terms=2)).equals(sample)
    True
    """
    import pyarrow.compute as pc

    least = int(config.min_unit_terms)
    caps = (int(config.select_max_units), int(config.score_max_units))
    terms = _plain(units.column("terms"))
    n = pc.list_value_length(terms).to_numpy(zero_copy_only=False)
    ok = np.flatnonzero(n >= least)
    h = units.column("hash").to_numpy()[ok]
    by_hash = np.argsort(h, kind="stable")
    order, h = ok[by_hash], h[by_hash]
    cap = len(order) if min(caps) <= 0 else min(max(caps), len(order))
    tie = np.r_[h[1:] == h[:-1], False] | np.r_[False, h[1:] == h[:-1]]  # in a run of equal hashes
    if len(h) > 1 and tie.any():  # runs of equal hashes (identical units, mostly) sorted by terms, as sorted((hash, terms))
        at = np.flatnonzero(tie)
        keys = [tuple(t) for t in terms.take(order[at]).to_pylist()]  # one take for every run
        order = order.copy()
        starts = np.flatnonzero(np.r_[True, h[at][1:] != h[at][:-1]])
        for lo, hi in zip(starts.tolist(), np.r_[starts[1:], len(at)].tolist()):
            run = order[at[lo:hi]]
            order[at[lo:hi]] = run[sorted(range(hi - lo), key=keys[lo:hi].__getitem__)]
    return terms.take(order[:cap])


def sample_key(texts) -> str:
    """The hash of a sample's content (:func:`sample_texts`), in its order."""
    h = hashlib.sha256()
    for t in joined_terms(texts):
        h.update(t.encode("utf-8"))
        h.update(b"\x1e")
    return h.hexdigest()[:32]
