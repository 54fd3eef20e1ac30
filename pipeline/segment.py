"""Segmentation (table ``tokens``): policy formulations and numbers are never cut.

Lexicon entries (and formulations discovered by the slogans stage) are protected before
the engine sees the text, whatever characters they hold; numbers with decimals,
percentages and magnitudes are protected the same way (see :mod:`pipeline.protect`).
The engine is rjieba (jieba-rs, same tokens as jieba with HMM off) or jieba itself, a
private ``jieba.Tokenizer`` per lexicon; jieba's global tokenizer is never touched.
Documents are segmented in a process pool; the output does not depend on the number of
workers.

>>> import pandas as pd
>>> from pipeline.lexicons import Lexicon, SloganEntry
>>> from pipeline.sentences import sentences
>>> docs = pd.DataFrame({"doc_id": ["d"], "text": ["深化“三抓三促”行动，增长14.4%。"]})
>>> lex = Lexicon({"三抓三促": SloganEntry("三抓三促")})
>>> tokens(docs, sentences(docs), lexicon=lex)["token"].tolist()
['深化', '“', '三抓三促', '”', '行动', '，', '增长', '14.4%', '。']
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa

from pipeline import io, memory, protect as _protect, schemas
from pipeline.explanation import Explanation, Step
from pipeline.config import SegmentConfig
from pipeline.lexicons import Lexicon
from pipeline.protect import Part, Segmenter, adopt_worker, init_worker, work

CHUNKS_PER_WORKER = 8  # pool jobs per worker: consecutive documents, about even in characters


def protected_entries(lexicon: Lexicon, protect: Mapping[str, str] | None = None) -> dict[str, str]:
    """Formulations kept whole, with their origin: lexicon entries first, then ``protect``."""
    entries = {e: "lexicon" for e in lexicon.slogans}
    for entry, origin in sorted((protect or {}).items()):
        entries.setdefault(entry, origin)
    return entries


@lru_cache(maxsize=4)
def _segmenter(entries: tuple[tuple[str, str], ...], engine: str, hmm: bool,
               stopwords: frozenset[str]) -> Segmenter:
    return Segmenter(dict(entries), engine=engine, hmm=hmm, stopwords=stopwords)


# the last segmenter handed out, with what it was built from: a call with the same lexicon
# words, protect map and settings (the run calls once per file) skips building the key
_LAST: list = [None]
memory.on_stage_change(_segmenter.cache_clear)
memory.on_stage_change(lambda: _LAST.__setitem__(0, None))


def segmenter(lexicon: Lexicon, config: SegmentConfig = SegmentConfig(),
              protect: Mapping[str, str] | None = None) -> Segmenter:
    """The in-process segmenter for a lexicon (built once, then cached).

    >>> from pipeline.lexicons import Lexicon, SloganEntry
    >>> seg = segmenter(Lexicon({"1+1+17": SloganEntry("1+1+17")}))
    >>> seg.cut("工业经济")
    ['工业', '经济']
    """
    words, protect = list(lexicon.slogans), dict(protect or {})
    stopwords = frozenset(lexicon.stopwords)
    last = _LAST[0]
    if last is not None and last[0] == (words, protect, config.engine, config.hmm, stopwords):
        return last[1]
    entries = tuple(protected_entries(lexicon, protect).items())
    seg = _segmenter(entries, config.engine, config.hmm, stopwords)
    _LAST[0] = ((words, protect, config.engine, config.hmm, stopwords), seg)
    return seg


def explain(text: str, *, lexicon: Lexicon, config: SegmentConfig = SegmentConfig(),
            protect: Mapping[str, str] | None = None) -> Explanation:
    """Why each candidate span of ``text`` was or was not kept as one token.

    >>> from pipeline.lexicons import Lexicon, SloganEntry
    >>> lex = Lexicon({"1+1+17": SloganEntry("1+1+17")})
    >>> explain("建立1+1+170体系", lexicon=lex).frame()[["text", "rule", "decision"]].values.tolist()
    [['1+1+170', 'formula', 'kept whole'], ['1+1+17', 'lexicon', 'not kept']]
    """
    steps = tuple(Step(r["text"], KEPT if r["taken"] else "not kept", r["rule"], r["start"], r["end"], r["why"],
                       (("entry", r["entry"] if isinstance(r["entry"], str) else ""),))
                  for r in segmenter(lexicon, config, protect).explain(text))
    return Explanation("segment", text, steps)


KEPT = "kept whole"  # the decision of a span kept as one token


def _sentence_index(doc_ids: list, sentences: pd.DataFrame) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per document (in ``doc_ids`` order): its sentences' sorted starts and ids."""
    empty = (np.zeros(0, np.int32), np.zeros(0, np.int32))
    if not len(sentences) or not doc_ids:
        return [empty] * len(doc_ids)
    code = {d: i for i, d in enumerate(dict.fromkeys(doc_ids))}  # a repeated doc_id shares its sentences
    sent_docs = sentences["doc_id"].tolist()
    if len(code) == 1:  # one document per call (the run's per-file calls): no dictionary lookups
        sent_codes = np.where(np.array(sent_docs, dtype=object) == doc_ids[0], 0, -1)
    else:
        sent_codes = np.fromiter(map(code.get, sent_docs, [-1] * len(sent_docs)), dtype=np.int64, count=len(sent_docs))
    starts = sentences["start"].to_numpy(np.int32)  # the tokens' offsets are int32 too (no cast in searchsorted)
    order = np.lexsort((starts, sent_codes))
    sent_codes, starts = sent_codes[order], starts[order]
    ids = sentences["sentence"].to_numpy(np.int32)[order]
    doc_codes = np.fromiter(map(code.__getitem__, doc_ids), dtype=np.int64, count=len(doc_ids))
    lo = np.searchsorted(sent_codes, doc_codes, side="left").tolist()
    hi = np.searchsorted(sent_codes, doc_codes, side="right").tolist()
    return [(starts[a:b], ids[a:b]) if b > a else empty for a, b in zip(lo, hi)]


def _workers(requested: int, n_docs: int, n_chars: int, config: SegmentConfig) -> int:
    n = requested or os.cpu_count() or 1
    if n_chars < config.parallel_min_chars:
        return 1
    return max(1, min(n, n_docs))


def _chunks(lengths: list[int], n_chunks: int) -> list[tuple[int, int]]:
    """Consecutive ranges of documents with about the same number of characters each."""
    bounds = np.searchsorted(np.cumsum(lengths), np.linspace(0, sum(lengths), n_chunks + 1)[1:-1], side="right")
    edges = [0, *sorted(set(bounds.tolist()) - {0, len(lengths)}), len(lengths)]
    return list(zip(edges[:-1], edges[1:]))


def _strings(codes: np.ndarray, vocab: list[str | None]) -> pa.Array:
    """A string column from integer codes into ``vocab`` (None = null); no validity bitmap
    when nothing is null. (A dictionary cast to string is several times faster than to
    large_string; :meth:`_Assembly.frame` widens the offsets for pandas.)"""
    arr = pa.DictionaryArray.from_arrays(pa.array(codes), pa.array(vocab, pa.string())).cast(pa.string())
    if arr.null_count:
        return arr
    return pa.StringArray.from_buffers(len(arr), arr.buffers()[1], arr.buffers()[2])


@lru_cache(maxsize=1)
def _warm_arrow_compute() -> None:
    """Arrow compute initialises its kernels on the first call in a process (~0.2 s)."""
    _strings(np.zeros(1, np.int8), [""])


def _warming() -> threading.Thread | None:
    """Warm Arrow compute in a thread (it releases the GIL) while this one builds the
    segmenter; forked workers inherit it warm."""
    if _warm_arrow_compute.cache_info().currsize:
        return None
    thread = threading.Thread(target=_warm_arrow_compute, daemon=True)
    thread.start()
    return thread


class _Assembly:
    """The ``tokens`` table put together from the workers' parts as they arrive, while the
    workers go on: numbers copied into preallocated columns (a token has at least one
    character, so the documents' length bounds the rows), strings kept as Arrow chunks."""

    NUMBERS = {"sentence": np.int32, "position": np.int32, "start": np.int32, "end": np.int32,
               "is_slogan": bool, "is_stopword": bool}

    def __init__(self, bound: int | None, origins: list[str | None]):
        """``bound``: most rows the parts can hold; None: one part, whose arrays are taken as they are."""
        self.origins, self.n = origins, 0
        self.numbers = {c: np.empty(bound, dtype=t) for c, t in self.NUMBERS.items()} if bound is not None else None
        self.strings: dict[str, list[pa.Array]] = {"doc_id": [], "token": [], "pos": [], "slogan_origin": []}

    def add(self, doc_ids: list, part: Part) -> None:
        """Append a part: the tokens of the consecutive documents ``doc_ids``."""
        counts = part.counts
        k = int(counts.sum())
        first = np.zeros(len(counts), dtype=np.int32)
        np.cumsum(counts[:-1], out=first[1:])
        position = np.arange(k, dtype=np.int32) - np.repeat(first, counts)
        origin = np.maximum(part.prot, 0)
        columns = {"sentence": part.sentence, "position": position, "start": part.start, "end": part.end,
                   "is_slogan": origin > 0, "is_stopword": part.stopword}
        if self.numbers is None:  # the only part: its arrays as they are
            self.numbers = columns
        else:
            for c, values in columns.items():
                self.numbers[c][self.n:self.n + k] = values
        self.strings["doc_id"].append(_strings(np.repeat(np.arange(len(doc_ids), dtype=np.int32), counts), doc_ids))
        if part.offsets[-1] < 2**31:
            token = pa.StringArray.from_buffers(k, pa.py_buffer(part.offsets.astype(np.int32)), pa.py_buffer(part.data))
        else:  # over 2 GB of tokens in one part: Arrow splits nothing for us, say so
            token = pa.LargeStringArray.from_buffers(k, pa.py_buffer(part.offsets), pa.py_buffer(part.data)).cast(pa.string())
        self.strings["token"].append(token)
        self.strings["pos"].append(_strings(part.tag, part.tags))
        self.strings["slogan_origin"].append(_strings(origin, self.origins))
        self.n += k

    def frame(self) -> pd.DataFrame:
        if not self.n:
            return schemas.empty("tokens")
        cols = {c: self.numbers[c][:self.n] for c in self.NUMBERS}  # views: no copy
        cols.update({c: pd.array(pa.chunked_array(chunks, pa.string()).cast(pa.large_string()), dtype="str")
                     for c, chunks in self.strings.items()})
        return pd.DataFrame({c: cols[c] for c in schemas.columns("tokens")}, copy=False)

    def table(self) -> pa.Table:
        """The same rows as :meth:`frame`, as an Arrow table of the declared schema (no pandas)."""
        if not self.n:
            return schemas.TABLES["tokens"].schema.empty_table()
        cols = {c: pa.array(self.numbers[c][:self.n]) for c in self.NUMBERS}
        cols.update({c: pa.chunked_array(chunks, pa.string()) for c, chunks in self.strings.items()})
        return pa.table({c: cols[c] for c in schemas.columns("tokens")}, schema=schemas.TABLES["tokens"].schema)


def tokens(documents: pd.DataFrame, sentences: pd.DataFrame, *, lexicon: Lexicon,
           config: SegmentConfig = SegmentConfig(), protect: Mapping[str, str] | None = None,
           workers: int | None = None) -> pd.DataFrame:
    """One row per token of every document; ``text[start:end] == token``.

    ``protect`` maps extra formulations (discovered in the corpus) to their origin; they are
    kept whole like lexicon entries. ``workers`` (default ``config.workers``; 0 = number of
    cores) processes segment the documents; small inputs run in-process.

    >>> import pandas as pd
    >>> from pipeline.lexicons import Lexicon
    >>> from pipeline.sentences import sentences
    >>> docs = pd.DataFrame({"doc_id": ["d"], "text": ["实行“一链一图三清单”机制"]})
    >>> t = tokens(docs, sentences(docs), lexicon=Lexicon(), protect={"一链一图三清单": "discovered"})
    >>> t.loc[t.is_slogan, ["token", "slogan_origin", "start", "end"]].values.tolist()
    [['一链一图三清单', 'discovered', 3, 10]]
    """
    return _assemble(documents, sentences, lexicon=lexicon, config=config, protect=protect, workers=workers).frame()


def tokens_table(documents: pd.DataFrame, sentences: pd.DataFrame, *, lexicon: Lexicon,
                 config: SegmentConfig = SegmentConfig(), protect: Mapping[str, str] | None = None,
                 workers: int | None = None) -> pa.Table:
    """:func:`tokens` as an Arrow table of the declared schema, for writing (no pandas frame)."""
    return _assemble(documents, sentences, lexicon=lexicon, config=config, protect=protect, workers=workers).table()


class _Prepared(NamedTuple):
    doc_ids: list
    tasks: list  # (text, sentence starts, sentence ids) per document
    lengths: list[int]
    seg: Segmenter  # in this process: runs small inputs, and forked workers inherit it
    workers: int


def _prepare(documents: pd.DataFrame, sentences: pd.DataFrame, *, lexicon: Lexicon, config: SegmentConfig,
             protect: Mapping[str, str] | None, workers: int | None) -> _Prepared | None:
    """What both ways of running the stage start from; None when there is no document."""
    doc_ids = documents["doc_id"].tolist()
    if not doc_ids:
        return None
    texts = documents["text"].tolist()
    warming = _warming()
    seg = segmenter(lexicon, config, protect)
    tasks = [(t, *s) for t, s in zip(texts, _sentence_index(doc_ids, sentences))]
    lengths = list(map(len, texts))
    n_workers = _workers(config.workers if workers is None else workers, len(tasks), sum(lengths), config)
    if warming is not None:
        warming.join()  # before forking: a fork copies no running thread
    return _Prepared(doc_ids, tasks, lengths, seg, n_workers)


@contextmanager
def _pool(p: _Prepared, *, lexicon: Lexicon, config: SegmentConfig, protect: Mapping[str, str] | None,
          fork: tuple, spawn: tuple):
    """A pool of ``p.workers`` processes; yields ``(pool, forked)``. ``fork``: the
    initializer of forked workers and its arguments after the segmenter (they inherit it and
    the documents: nothing is pickled to them); ``spawn``: the initializer of workers that
    build their own segmenter, once, and its arguments after the segmenter's."""
    method = config.start_method if config.start_method in multiprocessing.get_all_start_methods() else "spawn"
    if method == "fork":
        init, args = fork[0], (p.seg, *fork[1])
        gc.freeze()  # forked workers' garbage collector skips (and never copies) inherited objects
    else:
        init, args = spawn[0], (protected_entries(lexicon, protect), config.engine, config.hmm,
                                frozenset(lexicon.stopwords), *spawn[1])
    try:
        with ProcessPoolExecutor(p.workers, mp_context=multiprocessing.get_context(method),
                                 initializer=init, initargs=args) as pool:
            yield pool, method == "fork"
    finally:
        if method == "fork":
            gc.unfreeze()


def _assemble(documents: pd.DataFrame, sentences: pd.DataFrame, *, lexicon: Lexicon, config: SegmentConfig,
              protect: Mapping[str, str] | None, workers: int | None) -> _Assembly:
    p = _prepare(documents, sentences, lexicon=lexicon, config=config, protect=protect, workers=workers)
    if p is None:
        return _Assembly(0, [None])
    if p.workers <= 1:
        out = _Assembly(None, p.seg.origins)
        out.add(p.doc_ids, p.seg.segment_documents(p.tasks))
        return out
    # a few chunks per worker: even load; each chunk's distinct tokens are tagged once
    chunks = _chunks(p.lengths, min(len(p.tasks), p.workers * CHUNKS_PER_WORKER))
    with _pool(p, lexicon=lexicon, config=config, protect=protect,
               fork=(adopt_worker, (p.tasks,)), spawn=(init_worker, ())) as (pool, forked):
        out = _Assembly(sum(p.lengths), p.seg.origins)
        jobs = chunks if forked else [p.tasks[a:b] for a, b in chunks]
        for (a, b), part in zip(chunks, pool.map(work, jobs)):
            out.add(p.doc_ids[a:b], part)
    return out


def write_tokens(out: Path, documents: pd.DataFrame, sentences: pd.DataFrame, *, lexicon: Lexicon,
                 config: SegmentConfig = SegmentConfig(), protect: Mapping[str, str] | None = None,
                 workers: int | None = None) -> int:
    """Segment ``documents`` and write the ``tokens`` table as ``OUT/tokens.parquet``, a
    directory of parts that the workers write themselves (streaming: no process holds every
    token, nothing is sent back but a row count); the same rows as :func:`tokens`. Returns
    the number of rows written. The table is swapped into place whole when every part is in.
    """
    folder = io.new_dataset_dir(out, "tokens")
    try:
        p = _prepare(documents, sentences, lexicon=lexicon, config=config, protect=protect, workers=workers)
        rows = 0
        if p is not None:
            chunks = _chunks(p.lengths, min(len(p.tasks), max(1, p.workers) * CHUNKS_PER_WORKER))
            jobs = [(i, a, b, str(folder)) for i, (a, b) in enumerate(chunks)]
            if p.workers <= 1:
                _adopt_writer(p.seg, p.tasks, p.doc_ids)
                rows = sum(map(_write_chunk, jobs))
            else:
                with _pool(p, lexicon=lexicon, config=config, protect=protect,
                           fork=(_adopt_writer, (p.tasks, p.doc_ids)),
                           spawn=(_init_writer, (p.tasks, p.doc_ids))) as (pool, _):
                    rows = sum(pool.map(_write_chunk, jobs))
        io.swap_in(folder, out, "tokens")
        return rows
    except BaseException:
        io.remove_folder(folder)
        raise


_DOC_IDS: list | None = None  # a writer worker's document ids (the tasks are protect's)


def _adopt_writer(seg: Segmenter, tasks: list, doc_ids: list) -> None:
    global _DOC_IDS
    adopt_worker(seg, tasks)
    _DOC_IDS = doc_ids


def _init_writer(entries: dict, engine: str, hmm: bool, stopwords: frozenset, tasks: list, doc_ids: list) -> None:
    init_worker(entries, engine, hmm, stopwords)
    _adopt_writer(_protect.worker(), tasks, doc_ids)


def _write_chunk(job: tuple[int, int, int, str]) -> int:
    """Segment documents ``first:stop`` and write them as part ``index`` (in a worker)."""
    index, first, stop, folder = job
    seg = _protect.worker()
    out = _Assembly(None, seg.origins)
    out.add(_DOC_IDS[first:stop], seg.segment_documents(_protect.worker_tasks(first, stop)))
    io.write_part(Path(folder), index, "tokens", out.table())
    return out.n
