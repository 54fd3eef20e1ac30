"""Terms and units for keywords and topic models, built from the ``tokens`` table.

A *term* is a token a researcher would accept in a keyword list or among a topic's top
terms: a protected slogan (always, whole, whatever characters it holds), or a token that
is not a stopword, has at least two characters, holds a CJK character or a Latin letter,
and is not a number (``2024年``, ``3.5%``, ``十二``, ``两个``, ``第一``, ``一是``). Policy
words made of numerals that are not well-formed numbers stay: ``十四五`` is no number.

A *unit* is the text a topic model sees as one document: a whole document, a paragraph
(``documents.text`` split on ``\\n``, tokens mapped by their ``start`` offset) or a
fixed-size chunk of ``chunk_chars`` characters (``start // chunk_chars``).

>>> is_term("十四五"), is_term("2024年"), is_term("一是"), is_term("1+1+17", slogan=True)
(True, False, False, True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

import numpy as np
import pandas as pd
from scipy import sparse

from pipeline import memory
from pipeline.numbers import plain_numeral
from pipeline.patterns import CN_MAGNITUDES, CN_NUMERALS

UNITS = ("document", "paragraph", "chunk")

# Words that are not stopwords in general but carry no topic in policy text: the verbs and
# adverbs of every report sentence, and the report's own structure (the closing
# thank-you paragraph, the address to delegates). Extend with ``[topics] extra_stopwords``.
GENERIC_STOPWORDS = frozenset("""
发展 打造 力争 加强 推进 推动 坚持 深化 深入 实施 全面 积极 进一步 不断 持续 更加 大力 着力 努力 切实 扎实
有效 加快 提高 提升 完善 健全 落实 强化 促进 优化 支持 加大 开展 做好 抓好 建立 实现 确保
统筹 围绕 聚焦 突出 注重 坚决 稳步 稳妥 重点 重大 重要 主要 显著 明显 不少 较大 更好
工作 任务 方面 领域 水平 能力 体系 机制 作用 问题 情况 成效 成果 措施 举措 方式 力度 质量
一批 一系列 各类 各项 各级 全年 今年 去年 明年 当前 目前 同时 以上 以下 左右 以来 其中 继续
我们 大家 各位 代表 政协委员 委员 同志 意见 审议 报告 政府 人民政府 本届 会议 大会
过去 一年 五年 期间 时期 阶段 取得 获得 发挥 形成 保持 达到 增长 比重 万元 亿元 百分点
各位代表 请予 提出 新的
""".split())

# A number written in digits, with an optional decimal part.
_DIGITS = r"[0-9０-９]+(?:[.．,，][0-9０-９]+)*"
# A run of Chinese numerals (well-formedness is checked separately, see _is_cn_number).
_CN_RUN = rf"[{CN_NUMERALS}]+"
# One measure word, unit or ordinal marker that turns a number into a quantity, a date or
# a list marker (2024年, 3个, 一是, 两项) rather than a term.
_MEASURE = r"[年月日号时分秒个项家次批条种类件位名人户元角倍期届轮季度天是点成里米吨亩份座所支场套台辆步大者%％‰]"
# An optional ordinal prefix (第一, 第3).
_ORDINAL = r"第?"

# Magnitude words after digits (16.7万, 3亿, 2千万).
_MAGNITUDE = rf"[{CN_MAGNITUDES}]*"

_DIGIT_NUMBER = re.compile(rf"^{_ORDINAL}{_DIGITS}{_MAGNITUDE}{_MEASURE}?$")
_CN_NUMBER = re.compile(rf"^{_ORDINAL}(?P<num>{_CN_RUN}){_MEASURE}?$")
# A term holds at least one CJK ideograph or a Latin letter.
_WORDLIKE = re.compile(r"[\u3400-\u9fffA-Za-z]")
# Ordinal list markers written with 其 (其一, 其二).
_LIST_MARKER = re.compile(rf"^其{_CN_RUN}$")


# the numerals whose strict reading _is_cn_number tells by itself (两 and 〇 are not strict), and two
# digits side by side, which no strict numeral writes (a test checks both against cn2an)
_STRICT_CHARS = frozenset("零一二三四五六七八九十百千万亿兆")
_DIGIT_PAIR = re.compile("[一二三四五六七八九]{2}")


@lru_cache(maxsize=65536)
def _is_cn_number(run: str) -> bool:
    """A well-formed Chinese numeral (十二, 三百, 两, 一万) — not 十四五, 三四, 一二."""
    if run in ("两", "〇", "零"):
        return True
    if not (set(run) - _STRICT_CHARS):  # told without importing cn2an (~0.2 s of a re-run)
        if plain_numeral(run) is not None:
            return True  # a plain numeral (三万, 二十三), which cn2an's strict reading accepts
        if run[0] in "百千万亿兆" or _DIGIT_PAIR.search(run):
            return False  # a bare scale first (亿, 百万) or two digits side by side (十三五, 一二): never strict
    import cn2an

    try:
        cn2an.cn2an(run, "strict")
    except (ValueError, KeyError, IndexError):
        return False
    return True


@lru_cache(maxsize=262144)
def junk_reason(token: str, *, slogan: bool = False, stopword: bool = False) -> str | None:
    """Why ``token`` is no term (``None`` when it is one).

    >>> junk_reason("加强"), junk_reason("的", stopword=True), junk_reason("3个"), junk_reason("乡村振兴")
    ('generic', 'stopword', 'number', None)
    """
    if slogan:
        return None
    if stopword:
        return "stopword"
    if len(token) < 2:
        return "single_char"
    if _DIGIT_NUMBER.match(token) or _LIST_MARKER.match(token):
        return "number"
    if not _WORDLIKE.search(token):
        return "no_word"
    m = _CN_NUMBER.match(token)
    if m and (_is_cn_number(m.group("num")) or len(token) > len(m.group("num"))):
        # 十二 / 三百 are numbers; 两个 / 第一 / 一是 are quantities or list markers
        return "number"
    if token in GENERIC_STOPWORDS:
        return "generic"
    return None


def is_term(token: str, *, slogan: bool = False, stopword: bool = False,
            extra_stopwords: frozenset[str] = frozenset()) -> bool:
    """True when ``token`` may appear among keywords and topic terms."""
    if slogan:
        return True
    return token not in extra_stopwords and junk_reason(token, stopword=stopword) is None


def encode(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Integer codes and distinct strings of a string column, in order of first appearance.

    Arrow dictionary encoding: a few times faster than ``pd.factorize`` on millions of tokens.

    >>> encode(pd.Series(["产业", "园区", "产业"]))
    (array([0, 1, 0], dtype=int32), ['产业', '园区'])
    """
    import pyarrow as pa

    arrow_backed = isinstance(values.dtype, pd.ArrowDtype) or (
        isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow")  # pandas 3's "str"
    arr = pa.array(values) if arrow_backed else None
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if arr is None or arr.null_count or not pa.types.is_string(arr.type) and not pa.types.is_large_string(arr.type):
        # object strings (or nulls, written "nan" as before): through Python objects, 4x slower
        arr = pa.array(values.astype(str).to_numpy(dtype=object))
    enc = arr.dictionary_encode()
    codes = enc.indices.to_numpy(zero_copy_only=False).astype(np.int32, copy=False)
    return codes, enc.dictionary.to_pylist()


def term_mask(tokens: pd.DataFrame, extra_stopwords=frozenset(), *, generic: bool = True) -> np.ndarray:
    """Boolean mask over ``tokens`` rows: which tokens are terms (see :func:`is_term`).

    The filter runs once per distinct token (``pd.factorize``), not once per row.
    """
    return _term_codes(tokens, extra_stopwords, generic)[0]


TERM_MEMO_MAX = 1_000_000  # distinct tokens judged per process before the memo starts again
_TERM_MEMO: dict[tuple, dict[str, bool]] = {}  # (extra stopwords, generic) -> {token: is a term}
memory.on_stage_change(_TERM_MEMO.clear)


def _term_codes(tokens: pd.DataFrame, extra_stopwords, generic: bool) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(term mask, token codes, distinct tokens) of ``tokens``."""
    extra = frozenset(extra_stopwords)
    codes, uniques = encode(tokens["token"])
    allowed = ("generic",) if not generic else ()
    # per process, each distinct token is judged once (a corpus's files share most tokens): a
    # dictionary lookup instead of a call per file and token (1 M calls, ~2 s on 20 MB)
    memo = _TERM_MEMO.setdefault((extra, bool(generic)), {})
    if len(memo) > TERM_MEMO_MAX:
        memo.clear()
    get = memo.get
    ok = np.fromiter((v if (v := get(t)) is not None else
                      memo.setdefault(t, (junk_reason(t) in (None, *allowed)) and t not in extra) for t in uniques),
                     dtype=bool, count=len(uniques))
    # a stopword is never a term; junk_reason(stopword=True) has only that reason
    slogan = tokens["is_slogan"].to_numpy(dtype=bool)
    stop = tokens["is_stopword"].to_numpy(dtype=bool)
    mask = slogan | (ok[codes] & ~stop) if len(codes) else np.zeros(0, dtype=bool)
    return mask, codes, uniques


@dataclass(frozen=True)
class Unit:
    doc_id: str
    unit: str  # paragraph / chunk index within the document ("0" for a whole document)
    terms: tuple[str, ...]


def units(documents: pd.DataFrame, tokens: pd.DataFrame, *, unit: str = "paragraph", chunk_chars: int = 400,
          extra_stopwords=frozenset(), generic: bool = True, min_terms: int = 1) -> list[Unit]:
    """Term sequences per unit, in document and text order; units with < ``min_terms`` terms dropped.

    >>> docs = pd.DataFrame({"doc_id": ["d"], "text": ["乡村振兴\\n三抓三促"]})
    >>> toks = pd.DataFrame({"doc_id": ["d", "d"], "token": ["乡村振兴", "三抓三促"], "start": [0, 5],
    ...                      "position": [0, 1], "is_slogan": [False, True], "is_stopword": [False, False]})
    >>> [(u.unit, u.terms) for u in units(docs, toks)]
    [('0', ('乡村振兴',)), ('1', ('三抓三促',))]
    """
    table = unit_table(documents, tokens, unit=unit, chunk_chars=chunk_chars, extra_stopwords=extra_stopwords,
                       generic=generic, min_terms=min_terms)
    return [Unit(d, u, tuple(t)) for d, u, t in zip(table.column("doc_id").to_pylist(), table.column("unit").to_pylist(),
                                                   table.column("terms").to_pylist())]


def unit_schema():
    """The columns of :func:`unit_table`: doc_id, unit (paragraph / chunk index as text), terms
    (the unit's terms in text order, dictionary-encoded: a file's distinct tokens once)."""
    import pyarrow as pa

    return pa.schema([("doc_id", pa.string()), ("unit", pa.string()),
                      ("terms", pa.list_(pa.dictionary(pa.int32(), pa.string())))])


def unit_table(documents: pd.DataFrame, tokens: pd.DataFrame, *, unit: str = "paragraph", chunk_chars: int = 400,
               extra_stopwords=frozenset(), generic: bool = True, min_terms: int = 1):
    """The units of :func:`units` as one Arrow table (:func:`unit_schema`), built column by column:
    no Python object per term. What the topic stage keeps per file and reads back.

    >>> docs = pd.DataFrame({"doc_id": ["d"], "text": ["乡村振兴\\n三抓三促"]})
    >>> toks = pd.DataFrame({"doc_id": ["d", "d"], "token": ["乡村振兴", "三抓三促"], "start": [0, 5],
    ...                      "position": [0, 1], "is_slogan": [False, True], "is_stopword": [False, False]})
    >>> unit_table(docs, toks).column("terms").to_pylist()
    [['乡村振兴'], ['三抓三促']]
    """
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {', '.join(UNITS)}, not {unit!r}")
    if not len(tokens):
        return unit_schema().empty_table()
    t = _ordered_terms(documents, tokens, extra_stopwords, generic, paragraphs=unit == "paragraph")
    return _units_of(t["doc"], _unit_index(unit, chunk_chars, t["starts"], t.get("paragraph")), t["codes"],
                     t["vocab"], t["names"], min_terms)


def term_rows(documents: pd.DataFrame, tokens: pd.DataFrame, *, extra_stopwords=frozenset(),
              generic: bool = True) -> pd.DataFrame:
    """The terms of some documents' tokens, one row each: ``doc_id``, ``sentence``, ``paragraph``
    (line breaks of ``documents.text`` before it), ``start``, ``term``; documents in the order of
    ``documents`` (documents it lacks after them, by first appearance), terms in text order.
    What keywords (:func:`pipeline.keywords.term_counts_of`) and the topic units
    (:func:`unit_table_of_terms`) are built from: the run judges a file's tokens once (stage ``terms``).

    >>> docs = pd.DataFrame({"doc_id": ["d"], "text": ["乡村振兴的\\n三抓三促"]})
    >>> toks = pd.DataFrame({"doc_id": ["d"] * 3, "sentence": [0, 0, 1], "token": ["乡村振兴", "的", "三抓三促"],
    ...                      "start": [0, 4, 6], "position": [0, 1, 2], "is_slogan": [False, False, True],
    ...                      "is_stopword": [False, True, False]})
    >>> term_rows(docs, toks)[["paragraph", "term"]].values.tolist()
    [[0, '乡村振兴'], [1, '三抓三促']]
    """
    if not len(tokens):
        return pd.DataFrame({"doc_id": pd.Series([], dtype=object), "sentence": pd.Series([], dtype="int32"),
                             "paragraph": pd.Series([], dtype="int32"), "start": pd.Series([], dtype="int32"),
                             "term": pd.Series([], dtype=object)})
    t = _ordered_terms(documents, tokens, extra_stopwords, generic, paragraphs=True)
    sentence = (tokens["sentence"].to_numpy()[t["rows"]] if "sentence" in tokens
                else np.zeros(len(t["rows"]), dtype=np.int64))
    names, vocab = np.asarray(t["names"], dtype=object), np.asarray(t["vocab"], dtype=object)
    return pd.DataFrame({"doc_id": names[t["doc"]], "sentence": sentence.astype(np.int32),
                         "paragraph": t["paragraph"].astype(np.int32), "start": t["starts"].astype(np.int32),
                         "term": vocab[t["codes"]]})


def unit_table_of_terms(terms, *, unit: str = "paragraph", chunk_chars: int = 400, min_terms: int = 1):
    """The unit table of :func:`unit_table` from the :func:`term_rows` of the same documents and
    tokens (an Arrow table or a frame of its columns ``doc_id``, ``paragraph``, ``start``, ``term``).

    >>> docs = pd.DataFrame({"doc_id": ["d"], "text": ["乡村振兴\\n三抓三促"]})
    >>> toks = pd.DataFrame({"doc_id": ["d", "d"], "token": ["乡村振兴", "三抓三促"], "start": [0, 5],
    ...                      "position": [0, 1], "is_slogan": [False, True], "is_stopword": [False, False]})
    >>> unit_table_of_terms(term_rows(docs, toks)).equals(unit_table(docs, toks))
    True
    """
    import pyarrow as pa

    if unit not in UNITS:
        raise ValueError(f"unit must be one of {', '.join(UNITS)}, not {unit!r}")
    if not isinstance(terms, pa.Table):
        terms = pa.table({c: terms[c] for c in ("doc_id", "paragraph", "start", "term")})
    if not terms.num_rows:
        return unit_schema().empty_table()
    docs = terms.column("doc_id").combine_chunks()
    docs = docs.dictionary_encode() if not pa.types.is_dictionary(docs.type) else docs
    # the rows come document by document: first appearance is the documents' order
    doc = docs.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    names = docs.dictionary.to_pylist()
    term = terms.column("term").combine_chunks()
    term = term.dictionary_encode() if not pa.types.is_dictionary(term.type) else term
    codes = term.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    vocab = term.dictionary.to_pylist()
    starts = terms.column("start").to_numpy().astype(np.int64)
    paragraph = terms.column("paragraph").to_numpy().astype(np.int64) if unit == "paragraph" else None
    return _units_of(doc, _unit_index(unit, chunk_chars, starts, paragraph), codes, vocab, names, min_terms)


def _ordered_terms(documents: pd.DataFrame, tokens: pd.DataFrame, extra_stopwords, generic: bool, *,
                   paragraphs: bool) -> dict:
    """The term rows of ``tokens`` in unit order (documents in the order of ``documents``, those it
    lacks after them by first appearance; text order within one): ``rows`` (their positions in
    ``tokens``), ``doc`` (each row's document, an index into ``names``), ``starts``, ``codes`` (an
    index into ``vocab``) and, with ``paragraphs``, ``paragraph`` (line breaks before the term)."""
    mask, token_codes, vocab = _term_codes(tokens, extra_stopwords, generic)
    rows = np.flatnonzero(mask)
    toks = tokens.iloc[rows]
    doc_ids = documents["doc_id"].astype(str).tolist()
    order = {d: i for i, d in enumerate(doc_ids)}
    doc_codes, doc_names = encode(toks["doc_id"])
    # documents in the order of `documents`; documents it lacks after them, by first appearance
    missing = [d for d in doc_names if d not in order]
    extra_rank = {d: len(order) + i for i, d in enumerate(missing)}
    rank = np.array([order[d] if d in order else extra_rank[d] for d in doc_names], dtype=np.int64)
    doc = rank[doc_codes]
    starts = toks["start"].to_numpy(dtype=np.int64)
    sort = np.lexsort((toks["position"].to_numpy(), doc))
    doc, starts, rows = doc[sort], starts[sort], rows[sort]
    out = {"rows": rows, "doc": doc, "starts": starts, "codes": token_codes[rows], "vocab": vocab,
           "names": doc_ids + missing}
    if paragraphs:
        # paragraph = number of line breaks before the token's start, found for all documents at
        # once: every document's text is laid end to end at offset[doc]
        texts = [str(t or "") for t in documents["text"]] + [""] * len(missing)
        lengths = np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=len(texts))
        offset = np.r_[0, np.cumsum(lengths)[:-1]]
        joined = np.frombuffer("\x00".join(texts).encode("utf-32-le"), dtype=np.uint32)
        breaks = np.flatnonzero(joined == ord("\n"))
        before = np.searchsorted(breaks, offset)  # line breaks in earlier documents
        out["paragraph"] = np.searchsorted(breaks, offset[doc] + starts, side="right") - before[doc]
    return out


def _unit_index(unit: str, chunk_chars: int, starts: np.ndarray, paragraph: np.ndarray | None) -> np.ndarray:
    """Each term's unit within its document: 0 (document), its chunk, or its paragraph."""
    if unit == "document":
        return np.zeros(len(starts), dtype=np.int64)
    if unit == "chunk":
        return starts // max(int(chunk_chars), 1)
    return paragraph


def _units_of(doc: np.ndarray, idx: np.ndarray, codes: np.ndarray, vocab: list[str], names: list[str],
              min_terms: int):
    """The unit table of terms in unit order: ``doc`` (an index into ``names``), ``idx`` (the unit
    within it), ``codes`` (an index into ``vocab``); units of fewer than ``min_terms`` terms dropped."""
    import pyarrow as pa

    schema = unit_schema()
    names = np.array(names, dtype=object)
    bounds = np.flatnonzero((np.diff(doc) != 0) | (np.diff(idx) != 0)) + 1
    lo, hi = np.r_[0, bounds].astype(np.int64), np.r_[bounds, len(codes)].astype(np.int64)
    if len(codes) == 0:
        lo = hi = np.zeros(0, dtype=np.int64)
    kept = (hi - lo) >= int(min_terms)
    if not kept.all():
        codes = codes[np.repeat(kept, hi - lo)]
        lo, hi = lo[kept], hi[kept]
    n = hi - lo
    offsets = np.r_[0, np.cumsum(n)].astype(np.int32)
    terms = pa.DictionaryArray.from_arrays(pa.array(codes.astype(np.int32, copy=False), type=pa.int32()),
                                           pa.array(vocab, type=pa.string()))
    return pa.table([pa.array(names[doc[lo]].tolist() if len(lo) else [], type=pa.string()),
                     pa.array(idx[lo].astype(str).tolist() if len(lo) else [], type=pa.string()),
                     pa.ListArray.from_arrays(pa.array(offsets, type=pa.int32()), terms)], schema=schema)


def count_matrix(texts, *, no_below: int, no_above: float
                 ) -> tuple[sparse.csr_matrix, list[str], np.ndarray]:
    """Units × terms counts, the vocabulary and each term's unit frequency, after filtering.

    Same rule as gensim's ``Dictionary.filter_extremes``: a term is kept when it occurs in at
    least ``no_below`` units and in at most ``int(no_above × units)`` of them. Terms are
    numbered in order of first appearance. Built with Arrow and scipy: a few times faster
    than a gensim ``Dictionary`` plus ``doc2bow`` on millions of terms. ``texts``: term
    sequences, or an Arrow list array of them.

    >>> m, vocab, df = count_matrix([("产业", "园区", "产业"), ("产业", "旅游")], no_below=1, no_above=1.0)
    >>> vocab, m.toarray().tolist(), df.tolist()
    (['产业', '园区', '旅游'], [[2, 1, 0], [1, 0, 1]], [2, 1, 1])
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(texts, (pa.Array, pa.ChunkedArray)):  # a list array of terms (the topic stage's sample)
        arr = texts.combine_chunks() if isinstance(texts, pa.ChunkedArray) else texts
        lengths = pc.list_value_length(arr).fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
        values = arr.flatten()
        if pa.types.is_dictionary(values.type):  # decoded: terms are numbered by first appearance, as below
            values = values.dictionary.take(values.indices)
        enc = values.dictionary_encode()
    else:
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        enc = pa.array([t for text in texts for t in text], type=pa.string()).dictionary_encode()
    codes = enc.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    vocab = enc.dictionary.to_pylist()
    rows = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    counts = sparse.csr_matrix((np.ones(len(codes), dtype=np.int64), (rows, codes)),
                               shape=(len(texts), len(vocab)))
    counts.sum_duplicates()
    df = np.bincount(counts.indices, minlength=len(vocab))
    keep = np.flatnonzero((df >= no_below) & (df <= int(no_above * len(texts))))
    return counts[:, keep].tocsr(), [vocab[i] for i in keep], df[keep]


def term_ids(texts, terms) -> list[np.ndarray]:
    """Each text's terms as ids into ``terms`` (a list of distinct strings, or that list as an
    Arrow string array), in text order; terms not in ``terms`` dropped. ``texts``: term sequences,
    or an Arrow list array of them (a unit table's ``terms``: looked up without a Python string
    per term).

    >>> [a.tolist() for a in term_ids([("产业", "园区", "产业"), ("旅游",)], ["园区", "产业"])]
    [[1, 0, 1], []]
    """
    ids, lengths = term_id_array(texts, terms)
    unit = np.repeat(np.arange(len(lengths)), lengths)
    ok = ids >= 0
    ids, unit = ids[ok], unit[ok]
    bounds = np.searchsorted(unit, np.arange(1, len(lengths)))
    return np.split(ids, bounds) if len(lengths) else []


def term_id_array(texts, terms) -> tuple[np.ndarray, np.ndarray]:
    """(every term of ``texts`` as an id into ``terms``, −1 when not in it; the number of terms of
    each text): :func:`term_ids` before the split."""
    import pyarrow as pa
    import pyarrow.compute as pc

    # the distinct terms looked up in ``terms`` by Arrow's hash join (a Python dict of the whole
    # vocabulary per call cost ~3 s over a 20 MB run's 428 files)
    vocab = terms if isinstance(terms, pa.Array) else pa.array(list(terms), type=pa.string())
    if isinstance(texts, pa.ChunkedArray):
        parts = [term_id_array(c, vocab) for c in texts.chunks]
        return (np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, np.int64),
                np.concatenate([p[1] for p in parts]) if parts else np.zeros(0, np.int64))
    if isinstance(texts, pa.Array):
        lengths = pc.list_value_length(texts).fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
        values = texts.flatten()
        enc = values if pa.types.is_dictionary(values.type) else values.dictionary_encode()
    else:
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        enc = pa.array([t for text in texts for t in text], type=pa.string()).dictionary_encode()
    lookup = pc.index_in(enc.dictionary, value_set=vocab).fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
    ids = lookup[enc.indices.to_numpy(zero_copy_only=False).astype(np.int64)] if len(lookup) else np.zeros(0, np.int64)
    return ids, lengths


def dictionary(terms: list[str], df: np.ndarray, n_units: int):
    """A gensim ``Dictionary`` over ``terms`` (ids = positions), for gensim's models and coherence."""
    from gensim.corpora import Dictionary

    d = Dictionary()
    d.token2id = {t: i for i, t in enumerate(terms)}
    d.dfs = {i: int(n) for i, n in enumerate(df)}
    d.num_docs = int(n_units)
    return d


class BowCorpus:
    """A re-iterable gensim corpus: the bag-of-words of each row of a units × terms count matrix.

    >>> corpus = BowCorpus(sparse.csr_matrix(np.array([[2, 0, 1], [0, 3, 0]])))
    >>> list(corpus) == list(corpus), list(corpus)[0], len(corpus)
    (True, [(0, 2), (2, 1)], 2)
    """

    def __init__(self, counts: sparse.csr_matrix):
        self.counts = sparse.csr_matrix(counts)

    def __iter__(self) -> Iterator[list[tuple[int, int]]]:
        indptr, indices = self.counts.indptr, self.counts.indices.tolist()
        data = self.counts.data.astype(np.int64).tolist()
        for lo, hi in zip(indptr[:-1].tolist(), indptr[1:].tolist()):
            yield list(zip(indices[lo:hi], data[lo:hi]))

    def __len__(self) -> int:
        return self.counts.shape[0]
