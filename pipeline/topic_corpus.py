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
_CN_RUN = r"[零〇一二两三四五六七八九十百千万亿]+"
# One measure word, unit or ordinal marker that turns a number into a quantity, a date or
# a list marker (2024年, 3个, 一是, 两项) rather than a term.
_MEASURE = r"[年月日号时分秒个项家次批条种类件位名人户元角倍期届轮季度天是点成里米吨亩份座所支场套台辆步大者%％‰]"
# An optional ordinal prefix (第一, 第3).
_ORDINAL = r"第?"

_DIGIT_NUMBER = re.compile(rf"^{_ORDINAL}{_DIGITS}{_MEASURE}?$")
_CN_NUMBER = re.compile(rf"^{_ORDINAL}(?P<num>{_CN_RUN}){_MEASURE}?$")
# A term holds at least one CJK ideograph or a Latin letter.
_WORDLIKE = re.compile(r"[\u3400-\u9fffA-Za-z]")
# Ordinal list markers written with 其 (其一, 其二).
_LIST_MARKER = re.compile(rf"^其{_CN_RUN}$")


@lru_cache(maxsize=65536)
def _is_cn_number(run: str) -> bool:
    """A well-formed Chinese numeral (十二, 三百, 两, 一万) — not 十四五, 三四, 一二."""
    import cn2an

    if run in ("两", "〇", "零"):
        return True
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


def term_mask(tokens: pd.DataFrame, extra_stopwords=frozenset(), *, generic: bool = True) -> np.ndarray:
    """Boolean mask over ``tokens`` rows: which tokens are terms (see :func:`is_term`)."""
    extra = frozenset(extra_stopwords)
    keys = pd.MultiIndex.from_arrays([tokens["token"].astype(str), tokens["is_slogan"].astype(bool),
                                      tokens["is_stopword"].astype(bool)])
    uniq = keys.unique()
    ok = {}
    for tok, slogan, stop in uniq:
        reason = junk_reason(tok, slogan=slogan, stopword=stop)
        if reason == "generic" and not generic:
            reason = None
        ok[(tok, slogan, stop)] = slogan or (reason is None and tok not in extra)
    return np.fromiter((ok[k] for k in keys), dtype=bool, count=len(keys))


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
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {', '.join(UNITS)}, not {unit!r}")
    if not len(tokens):
        return []
    toks = tokens.loc[term_mask(tokens, extra_stopwords, generic=generic), ["doc_id", "position", "start", "token"]]
    toks = toks.sort_values(["doc_id", "position"], kind="stable")
    order = {d: i for i, d in enumerate(documents["doc_id"])}
    texts = dict(zip(documents["doc_id"], documents["text"]))
    out: list[Unit] = []
    groups = sorted(toks.groupby("doc_id", sort=False), key=lambda g: order.get(g[0], len(order)))
    for doc_id, grp in groups:
        starts = grp["start"].to_numpy()
        terms = grp["token"].astype(str).tolist()
        if unit == "document":
            idx = np.zeros(len(terms), dtype=np.int64)
        elif unit == "chunk":
            idx = starts // max(int(chunk_chars), 1)
        else:
            text = texts.get(doc_id, "") or ""
            breaks = np.array([i for i, ch in enumerate(text) if ch == "\n"], dtype=np.int64)
            idx = np.searchsorted(breaks, starts, side="right")  # paragraph = newlines before start
        bounds = np.flatnonzero(np.diff(idx)) + 1
        for lo, hi in zip(np.r_[0, bounds], np.r_[bounds, len(terms)]):
            if hi - lo >= min_terms:
                out.append(Unit(str(doc_id), str(int(idx[lo])), tuple(terms[lo:hi])))
    return out


class BowCorpus:
    """A re-iterable gensim corpus: bag-of-words of each unit, every time it is iterated.

    >>> from gensim.corpora import Dictionary
    >>> texts = [("乡村振兴", "产业"), ("产业", "产业")]
    >>> corpus = BowCorpus(texts, Dictionary(texts))
    >>> list(corpus) == list(corpus), len(corpus)
    (True, 2)
    """

    def __init__(self, texts, dictionary):
        self.texts = texts
        self.dictionary = dictionary

    def __iter__(self) -> Iterator[list[tuple[int, int]]]:
        for terms in self.texts:
            yield self.dictionary.doc2bow(terms)

    def __len__(self) -> int:
        return len(self.texts)
