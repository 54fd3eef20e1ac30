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
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa

from pipeline import schemas
from pipeline.config import SegmentConfig
from pipeline.lexicons import Lexicon
from pipeline.protect import Segmenter, adopt_worker, init_worker, work


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
    >>> seg.cut("工业经济")
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
    [['1+1+170', 'formula', True], ['1+1+17', 'lexicon', False]]
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
    tasks = [(d, t, *index.get(d, empty)) for d, t in zip(doc_ids, texts)]
    n_workers = _workers(config.workers if workers is None else workers, len(tasks),
                         sum(map(len, texts)), config)
    seg = segmenter(lexicon, config, protect)  # in this process: runs small inputs, tags words
    if n_workers <= 1:
        results = [seg.document(*task) for task in tasks]
    else:
        method = config.start_method if config.start_method in multiprocessing.get_all_start_methods() else "spawn"
        if method == "fork":  # workers inherit the segmenter built here: no start-up cost
            init, args = adopt_worker, (seg,)
        else:  # each worker builds its own, once
            init, args = init_worker, (entries, config.engine, config.hmm, frozenset(lexicon.stopwords))
        if method == "fork":
            gc.freeze()  # forked workers' garbage collector skips (and never copies) inherited objects
        try:
            with ProcessPoolExecutor(n_workers, mp_context=multiprocessing.get_context(method),
                                     initializer=init, initargs=args) as pool:
                chunk = max(1, min(8, len(tasks) // (n_workers * 8)))
                results = list(pool.map(work, tasks, chunksize=chunk))
        finally:
            gc.unfreeze()
    if not results or not sum(b.num_rows for b in results):
        return schemas.empty("tokens")
    table = pa.Table.from_batches(results).combine_chunks()
    if config.engine == "rjieba":
        table = seg.tag_tokens(table)
    # pandas' default string dtype (Arrow-backed): next to no copy
    return table.drop_columns(["_protected"]).to_pandas(split_blocks=True)
