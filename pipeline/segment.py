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

import multiprocessing
import os
from collections.abc import Mapping
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipeline import schemas
from pipeline.config import SegmentConfig
from pipeline.lexicons import Lexicon
from pipeline.protect import Segmenter, init_worker, work


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


def segmenter(lexicon: Lexicon, config: SegmentConfig = SegmentConfig(),
              protect: Mapping[str, str] | None = None) -> Segmenter:
    """The in-process segmenter for a lexicon (built once, then cached).

    >>> from pipeline.lexicons import Lexicon, SloganEntry
    >>> seg = segmenter(Lexicon({"1+1+17": SloganEntry("1+1+17")}))
    >>> [t for t, *_ in seg._tag("工业经济")]
    ['工业', '经济']
    """
    entries = tuple(protected_entries(lexicon, protect).items())
    return _segmenter(entries, config.engine, config.hmm, frozenset(lexicon.stopwords))


def explain(text: str, *, lexicon: Lexicon, config: SegmentConfig = SegmentConfig(),
            protect: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Why each candidate span of ``text`` was or was not kept as one token.

    >>> from pipeline.lexicons import Lexicon, SloganEntry
    >>> lex = Lexicon({"1+1+17": SloganEntry("1+1+17")})
    >>> explain("建立1+1+170体系", lexicon=lex)[["text", "rule", "taken"]].values.tolist()
    [['1+1+17', 'lexicon', False], ['1+1+170', 'formula', True]]
    """
    rows = segmenter(lexicon, config, protect).explain(text)
    return pd.DataFrame(rows, columns=["start", "end", "text", "entry", "rule", "taken", "why"])


def _sentence_index(documents: pd.DataFrame, sentences: pd.DataFrame) -> dict:
    """doc_id -> (sorted sentence starts, sentence ids)."""
    out = {}
    if len(sentences):
        order = np.lexsort((sentences["start"].to_numpy(), sentences["doc_id"].to_numpy()))
        docs = sentences["doc_id"].to_numpy()[order]
        starts = sentences["start"].to_numpy(np.int64)[order]
        ids = sentences["sentence"].to_numpy(np.int32)[order]
        bounds = np.flatnonzero(np.r_[True, docs[1:] != docs[:-1], True])
        for a, b in zip(bounds[:-1], bounds[1:]):
            out[docs[a]] = (starts[a:b], ids[a:b])
    return out


def _workers(requested: int, n_docs: int, n_chars: int, config: SegmentConfig) -> int:
    n = requested or os.cpu_count() or 1
    if n_chars < config.parallel_min_chars:
        return 1
    return max(1, min(n, n_docs))


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
    entries = protected_entries(lexicon, protect)
    doc_ids = documents["doc_id"].tolist()
    texts = documents["text"].tolist()
    index = _sentence_index(documents, sentences)
    empty = (np.zeros(0, np.int64), np.zeros(0, np.int32))
    tasks = [(t, *index.get(d, empty)) for d, t in zip(doc_ids, texts)]
    n_workers = _workers(config.workers if workers is None else workers, len(tasks),
                         sum(map(len, texts)), config)
    if n_workers <= 1:
        seg = segmenter(lexicon, config, protect)
        results = [seg.document(*task) for task in tasks]
        origins = seg.origins
    else:
        stop = frozenset(lexicon.stopwords)
        ctx = multiprocessing.get_context(config.start_method) if config.start_method else None
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(n_workers, mp_context=ctx, initializer=init_worker,
                                 initargs=(entries, config.engine, config.hmm, stop)) as pool:
            chunk = max(1, min(16, len(tasks) // (n_workers * 4)))
            results = list(pool.map(work, tasks, chunksize=chunk))
        origins = _origins(entries)
    return _table(doc_ids, results, origins)


def _origins(entries: dict[str, str]) -> list[str | None]:
    """Origin codes as a Segmenter assigns them (first appearance order)."""
    out: list[str | None] = [None]
    for origin in entries.values():
        if origin not in out:
            out.append(origin)
    return out


def _table(doc_ids: list[str], results: list[dict], origins: list[str | None]) -> pd.DataFrame:
    """Assemble the ``tokens`` frame from per-document compact results (Arrow columns)."""
    if not results or not sum(len(r["start"]) for r in results):
        return schemas.empty("tokens")
    counts = np.array([len(r["start"]) for r in results], dtype=np.int64)
    vocab: dict[str, int] = {}
    pos_parts = []
    for r in results:  # local tag codes -> one vocabulary
        remap = np.array([vocab.setdefault(t, len(vocab)) for t in r["tags"]], dtype=np.int32)
        pos_parts.append(remap[r["pos"]] if len(r["pos"]) else np.zeros(0, np.int32))
    offsets, base = [np.zeros(1, np.int64)], 0
    for r in results:
        offsets.append(r["offsets"][1:] + base)
        base += int(r["offsets"][-1])
    offsets = np.concatenate(offsets)
    data = b"".join(r["data"] for r in results)
    token = pa.LargeStringArray.from_buffers(len(offsets) - 1, pa.py_buffer(offsets), pa.py_buffer(data))
    origin = np.concatenate([r["origin"] for r in results]).astype(np.int32)
    table = pa.table({
        "doc_id": pc.take(pa.array(doc_ids, pa.string()), pa.array(np.repeat(np.arange(len(doc_ids)), counts))),
        "sentence": pa.array(np.concatenate([r["sentence"] for r in results]), pa.int32()),
        "position": pa.array(np.concatenate([np.arange(c, dtype=np.int32) for c in counts]), pa.int32()),
        "token": token.cast(pa.string()),
        "pos": pc.take(pa.array(list(vocab), pa.string()), pa.array(np.concatenate(pos_parts))),
        "start": pa.array(np.concatenate([r["start"] for r in results]), pa.int32()),
        "end": pa.array(np.concatenate([r["end"] for r in results]), pa.int32()),
        "is_slogan": pa.array(origin > 0),
        "slogan_origin": pc.take(pa.array(origins, pa.string()), pa.array(origin)),
        "is_stopword": pa.array(np.concatenate([r["stop"] for r in results])),
    })
    return table.to_pandas()
