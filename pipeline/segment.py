"""Segmentation (table ``tokens``): policy formulations and numbers are never cut.

Lexicon entries (and formulations discovered by the slogans stage) are protected before
the engine sees the text, whatever characters they hold; numbers with decimals,
percentages and magnitudes are protected the same way (see :mod:`pipeline.protect`).
The engine is rjieba (jieba-rs, same tokens as jieba with HMM off) or jieba itself, a
private ``jieba.Tokenizer`` per lexicon; jieba's global tokenizer is never touched.
Documents are segmented in this process, or in chunks on a ``pool`` the caller hands in
(anything with ``.map(fn, tasks)``, such as :mod:`pipeline.executor`'s); the output does not
depend on the pool.

>>> import pandas as pd
>>> from pipeline.lexicons import Lexicon, SloganEntry
>>> from pipeline.sentences import sentences
>>> docs = pd.DataFrame({"doc_id": ["d"], "text": ["深化“三抓三促”行动，增长14.4%。"]})
>>> lex = Lexicon({"三抓三促": SloganEntry("三抓三促")})
>>> tokens(docs, sentences(docs), lexicon=lex)["token"].tolist()
['深化', '“', '三抓三促', '”', '行动', '，', '增长', '14.4%', '。']
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa

from pipeline import io, memory, schemas
from pipeline.explanation import Explanation, Step
from pipeline.config import SegmentConfig
from pipeline.lexicons import Lexicon
from pipeline.protect import Part, Segmenter

CHUNKS_PER_WORKER = 8  # pool tasks per worker: consecutive documents, about even in characters


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


def _pool_chunks(pool, n_docs: int, n_chars: int, config: SegmentConfig) -> int:
    """How many chunks of documents go to ``pool`` (1: run in this process)."""
    if pool is None or n_chars < config.parallel_min_chars:
        return 1
    size = getattr(pool, "workers", 0) or os.cpu_count() or 1  # executors say how many workers they have
    return min(n_docs, size * CHUNKS_PER_WORKER) if size > 1 else 1


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
           pool=None) -> pd.DataFrame:
    """One row per token of every document; ``text[start:end] == token``.

    ``protect`` maps extra formulations (discovered in the corpus) to their origin; they are
    kept whole like lexicon entries. ``pool`` (anything with ``.map(fn, tasks)`` yielding
    results in any order, e.g. ``pipeline.executor.LocalExecutor(2)`` entered as a context)
    segments chunks of documents in parallel, each worker building its segmenter once;
    without one, or for inputs under ``config.parallel_min_chars`` characters, everything
    runs in this process. The rows are the same either way.

    >>> import pandas as pd
    >>> from pipeline.lexicons import Lexicon
    >>> from pipeline.sentences import sentences
    >>> docs = pd.DataFrame({"doc_id": ["d"], "text": ["实行“一链一图三清单”机制"]})
    >>> t = tokens(docs, sentences(docs), lexicon=Lexicon(), protect={"一链一图三清单": "discovered"})
    >>> t.loc[t.is_slogan, ["token", "slogan_origin", "start", "end"]].values.tolist()
    [['一链一图三清单', 'discovered', 3, 10]]
    """
    return _assemble(documents, sentences, lexicon=lexicon, config=config, protect=protect, pool=pool).frame()


def tokens_table(documents: pd.DataFrame, sentences: pd.DataFrame, *, lexicon: Lexicon,
                 config: SegmentConfig = SegmentConfig(), protect: Mapping[str, str] | None = None,
                 pool=None) -> pa.Table:
    """:func:`tokens` as an Arrow table of the declared schema, for writing (no pandas frame)."""
    return _assemble(documents, sentences, lexicon=lexicon, config=config, protect=protect, pool=pool).table()


class _Build(NamedTuple):
    """What a worker builds its segmenter from (picklable; built once per process)."""

    entries: tuple[tuple[str, str], ...]
    engine: str
    hmm: bool
    stopwords: frozenset[str]

    def segmenter(self) -> Segmenter:
        return _segmenter(self.entries, self.engine, self.hmm, self.stopwords)


class _Prepared(NamedTuple):
    doc_ids: list
    tasks: list  # (text, sentence starts, sentence ids) per document
    chunks: list[tuple[int, int]]  # consecutive documents per pool task
    seg: Segmenter | None  # in this process (no pool), else None
    build: _Build | None  # what the pool's workers build their segmenter from, else None
    origins: list[str | None]  # the segmenter's origin codes (the same in every worker)


def _prepare(documents: pd.DataFrame, sentences: pd.DataFrame, *, lexicon: Lexicon, config: SegmentConfig,
             protect: Mapping[str, str] | None, pool) -> _Prepared | None:
    """What both ways of running the stage start from; None when there is no document."""
    doc_ids = documents["doc_id"].tolist()
    if not doc_ids:
        return None
    texts = documents["text"].tolist()
    lengths = list(map(len, texts))
    n_chunks = _pool_chunks(pool, len(doc_ids), sum(lengths), config)
    tasks = [(t, *s) for t, s in zip(texts, _sentence_index(doc_ids, sentences))]
    if n_chunks > 1:
        entries = protected_entries(lexicon, protect)
        build = _Build(tuple(entries.items()), config.engine, config.hmm, frozenset(lexicon.stopwords))
        return _Prepared(doc_ids, tasks, _chunks(lengths, n_chunks), None, build, Segmenter.origins_of(entries))
    warming = _warming()
    seg = segmenter(lexicon, config, protect)  # the run's per-file calls: built once, then the last one reused
    if warming is not None:
        warming.join()
    # write_tokens still writes a few parts (consecutive documents, even in characters)
    return _Prepared(doc_ids, tasks, _chunks(lengths, min(len(tasks), CHUNKS_PER_WORKER)), seg, None, seg.origins)


def _segment_chunk(job: tuple) -> tuple[int, Part]:
    """A pool task: segment one chunk of consecutive documents (in a worker)."""
    index, build, tasks = job
    return index, build.segmenter().segment_documents(tasks)


def _in_order(results, n: int):
    """``(index, result)`` pairs arriving in any order, yielded in index order as soon as each can be."""
    waiting, nxt = {}, 0
    for index, result in results:
        waiting[index] = result
        while nxt in waiting:
            yield waiting.pop(nxt)
            nxt += 1
    if nxt != n:
        raise RuntimeError(f"the pool returned {nxt} of {n} chunks")


def _assemble(documents: pd.DataFrame, sentences: pd.DataFrame, *, lexicon: Lexicon, config: SegmentConfig,
              protect: Mapping[str, str] | None, pool) -> _Assembly:
    p = _prepare(documents, sentences, lexicon=lexicon, config=config, protect=protect, pool=pool)
    if p is None:
        return _Assembly(0, [None])
    if p.seg is not None:  # one part: every document in this process
        out = _Assembly(None, p.origins)
        out.add(p.doc_ids, p.seg.segment_documents(p.tasks))
        return out
    # a few chunks per worker: even load; each chunk's distinct tokens are tagged once
    out = _Assembly(sum(map(len, documents["text"])), p.origins)
    jobs = [(i, p.build, p.tasks[a:b]) for i, (a, b) in enumerate(p.chunks)]
    for (a, b), part in zip(p.chunks, _in_order(pool.map(_segment_chunk, jobs), len(jobs))):
        out.add(p.doc_ids[a:b], part)
    return out


def write_tokens(out: Path, documents: pd.DataFrame, sentences: pd.DataFrame, *, lexicon: Lexicon,
                 config: SegmentConfig = SegmentConfig(), protect: Mapping[str, str] | None = None,
                 pool=None) -> int:
    """Segment ``documents`` and write the ``tokens`` table as ``OUT/tokens.parquet``, a
    directory of parts that the workers of ``pool`` (as in :func:`tokens`; None: this
    process) write themselves (streaming: no process holds every token, nothing is sent back
    but a row count); the same rows as :func:`tokens`. Returns the number of rows written.
    The table is swapped into place whole when every part is in.
    """
    folder = io.new_dataset_dir(out, "tokens")
    try:
        p = _prepare(documents, sentences, lexicon=lexicon, config=config, protect=protect, pool=pool)
        rows = 0
        if p is not None:
            jobs = [(i, p.build, p.tasks[a:b], p.doc_ids[a:b], str(folder)) for i, (a, b) in enumerate(p.chunks)]
            if p.seg is None:
                rows = sum(pool.map(_write_chunk, jobs))
            else:
                rows = sum(_write_part(p.seg, index, tasks, ids, folder) for index, _, tasks, ids, folder in jobs)
        io.swap_in(folder, out, "tokens")
        return rows
    except BaseException:
        io.remove_folder(folder)
        raise


def _write_chunk(job: tuple) -> int:
    """A pool task: segment one chunk of consecutive documents and write it as part ``index``."""
    index, build, tasks, doc_ids, folder = job
    return _write_part(build.segmenter(), index, tasks, doc_ids, folder)


def _write_part(seg: Segmenter, index: int, tasks: list, doc_ids: list, folder: str) -> int:
    """Segment consecutive documents with ``seg`` and write them as part ``index``; the rows written."""
    out = _Assembly(None, seg.origins)
    out.add(doc_ids, seg.segment_documents(tasks))
    io.write_part(Path(folder), index, "tokens", out.table())
    return out.n
