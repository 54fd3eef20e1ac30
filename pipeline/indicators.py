"""Numeric indicators (table ``indicators``), following ``../shared/ANNOTATION.md``.

Every number in a text is a *candidate*; a candidate becomes an indicator row when it
carries a unit or measure word and no exclusion rule fires (dates, ordinals, identifiers,
slogans and plan names, class labels, rhetoric with small Chinese numerals). Each row and
each rejected candidate records the rule that decided it; :func:`explain` shows them all.

Units (``units.txt``) and place names (``gazetteer.txt``) come from the :class:`Lexicon`
handed in (a run hands the configured folder's); without one, the bundled lexicons.

>>> [(c.value, c.unit, c.rule) for c in extract("签约项目124个585亿元")]
[(124.0, '个', 'number+unit'), (58500000000.0, '元', 'number+unit')]
>>> [(s.text, s.decision, s.rule) for s in explain("2022年以来新增5.2万贫困户").steps]
[('2022', 'excluded', 'date'), ('5.2万', 'indicator', 'number+noun')]
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from operator import itemgetter

import numpy as np
import pandas as pd

from pipeline import canonical as K
from pipeline import fromto
from pipeline.explanation import Explanation, Step
from pipeline import memory, numbers, prefix_scan, schemas
from pipeline import patterns as P
from pipeline import sections as S
from pipeline.config import IndicatorConfig
from pipeline.issuers import DocumentInfo, document_info
from pipeline.lexicons import Lexicon, bundled

# units whose Chinese small numerals still measure something (下降两个百分点)
_RATE_KINDS = ("percent", "percentage_point", "ratio", "money")
# words before a 月/日/年 number that make it a duration rather than a time point
_DURATION_CUE = re.compile(r"(?:连续|为期|历时|用时|用了|长达|提前|延长|缩短|仅用|只用|不到|近|达|满|逾|超过|每)$")
# a threshold before an age: 年满60周岁, 不满18岁
_AGE_CUE = re.compile(r"(?:满|不满|年满|超过|低于|以上|以下)$")
# verbs right before a bare magnitude that make it an amount (达到千亿元)
_BARE_OK = re.compile(r"(?:达到|达|突破|超过|超|逾|近|接近|约)$")
# sentence end for period / target scope
_SENT_END = re.compile(r"[。！？!?\n]")
# 至少召开1次: a bound word a few characters before the number, with no punctuation between
_FAR_QUALIFIER = re.compile(r"(至少|不少于|最多|至多|不超过)[^\W\d]{1,4}$")
# Latin letters right after a number (5G, 3D) unless they are a unit
_LATIN = re.compile(r"[A-Za-z]")


@dataclass
class Candidate:
    """One number found in a text and what was decided about it."""

    start: int  # span start (qualifier before the number included)
    end: int  # span end (unit and qualifier after it included)
    surface: str  # the number as written (magnitude included)
    value: float | None = None
    value_max: float | None = None
    unit: str | None = None
    qualifier: str | None = None
    kind: str | None = None
    change: str | None = None
    metric: str | None = None
    period: str | None = None
    is_target: bool = False
    metric_canonical: str | None = None  # the bureau's name of the metric (lexicons/metrics.txt)
    measure: str | None = None  # level, growth, share, rate, count, average_growth, multiple, ...
    status: str | None = None  # actual, estimate, target
    year: int | None = None  # the year the number is about
    section: str | None = None  # the part of a work report (review, targets, plan, ...), None elsewhere
    basis: str = ""  # the rules behind metric_canonical, measure, status and year
    decision: str = "excluded"  # indicator / excluded
    rule: str = ""  # rule that took it, or the reason it was excluded
    why: str = ""  # what the number rule that decided says (NUMBER_RULES), shown by --explain
    num_start: int = 0  # the number itself
    num_end: int = 0
    text: str = ""  # full surface span text[start:end]

    @property
    def taken(self) -> bool:
        return self.decision == "indicator"


# --------------------------------------------------------------------------- resources

@dataclass(frozen=True)
class _Resources:
    """What the extractor takes from a lexicon."""

    units: P.UnitPatterns  # units.txt and the regexes built from it
    places: frozenset[str]  # gazetteer names and aliases: a place opening a metric is dropped
    metrics: K.MetricIndex  # metrics.txt: canonical metrics by alias
    excluded: tuple[tuple[str, re.Pattern], ...]  # patterns.EXCLUDED_SPANS, then numeral_idioms.txt ("idiom")
    tagging: "_Tagging"  # tagger_words.txt and tag_fixes.txt


class _Tagging:
    """The words added to the part-of-speech tagger and the tags it gets wrong (hashed by identity)."""

    def __init__(self, words: tuple[tuple[str, str], ...], fixes: tuple[tuple[str, str], ...]):
        self.words, self.fixes = words, dict(fixes)


_RESOLVED: list = [None, None]  # the lexicon last resolved (held: its identity is not reused) and its resources


def _resources(lexicon: Lexicon | None) -> _Resources:
    """The resources of ``lexicon`` (the bundled lexicons if None), built once per lexicon object."""
    lexicon = bundled() if lexicon is None else lexicon
    if _RESOLVED[0] is not lexicon:
        places = frozenset(n for pl in lexicon.places for n in (pl.name, *pl.aliases) if n)
        excluded = (*P.EXCLUDED_SPANS, ("idiom", P.idiom_pattern(lexicon.rule_words("numeral_idioms"))))
        tagging = _Tagging(lexicon.rule_words("tagger_words"), lexicon.rule_words("tag_fixes"))
        _RESOLVED[:] = [lexicon, _Resources(P.unit_patterns(lexicon.units), places, K.index(lexicon.metrics),
                                            excluded, tagging)]
    return _RESOLVED[1]


# --------------------------------------------------------------------------- scanning

class _Blocked:
    """Spans whose numerals are never indicators; ``reason(s, e)`` gives the reason of the
    first listed span overlapping ``[s, e)``, in time linear in the text (an index of the
    lowest span number covering each character), not in the number of spans."""

    def __init__(self, n: int, spans: list[tuple[int, int, str]]):
        self.reasons = [r for _, _, r in spans]
        first = np.full(n + 1, len(spans), dtype=np.int32)
        for i, (bs, be, _) in enumerate(spans):
            seg = first[max(bs, 0):max(be, 0)]
            np.minimum(seg, i, out=seg)
        self.first = first.tolist()  # looked up a few characters at a time: a list is 10x quicker

    def reason(self, s: int, e: int) -> str | None:
        if e <= s:
            return None
        i = min(self.first[s:e])
        return self.reasons[i] if i < len(self.reasons) else None


def _blocked(text: str, extra: list[tuple[int, int, str]], res: _Resources) -> _Blocked:
    """Spans whose numerals are never indicators, with the reason."""
    spans = list(extra)
    for reason, rx in res.excluded:
        if rx is P.EMAIL and "@" not in text:
            continue
        spans.extend((m.start(), m.end(), reason) for m in rx.finditer(text))
    for m in P.QUOTED.finditer(text):
        inner = m.group(1)
        if not P.HAS_NUMERAL.search(inner):
            continue
        if _is_number_unit(inner, res):
            continue  # “20条”: a count of measures in quotation marks
        spans.append((m.start(), m.end(), "slogan_structure"))
    return _Blocked(len(text), spans)


def _is_number_unit(s: str, res: _Resources) -> bool:
    """True when ``s`` is just a number and its unit (“20条”)."""
    m = P.NUMBER.fullmatch(s)
    if m:
        return False
    m = P.NUMBER.match(s)
    if not m or m.start() != 0:
        return False
    u = res.units.unit_after.fullmatch(s, m.end())
    return bool(u) and (m.group("ar") is not None)


def _number_value(m: re.Match) -> tuple[float, float | None, str | None, str]:
    """(value, value_max, qualifier from the numeral, how) of a NUMBER match."""
    ar, mag, pcn = m.group("ar", "mag", "pcn")
    if ar is not None:
        return _arabic(ar) * numbers.magnitude(mag), None, None, "arabic"
    if pcn is not None:
        v, vmax, q = numbers.chinese(pcn)
        return v, vmax, q, "percent_words"
    v, vmax, q = numbers.chinese(m.group("cn"))
    return v, vmax, q, "chinese"


def _arabic(ar: str) -> float:
    """:func:`numbers.arabic`, without its normalising for plain ASCII digits (most numbers)."""
    if ar.isascii():
        whole, _, frac = ar.partition(".")
        if whole.isdigit() and (not frac or frac.isdigit()):
            return float(ar)
    return numbers.arabic(ar)


# --------------------------------------------------------------------------- number rules

class _Reading:
    """One NUMBER match being decided: the candidate and what the rules read of it so far."""

    __slots__ = ("text", "m", "c", "blocked", "config", "res", "pre", "pos", "how", "u", "unit", "source",
                 "post", "post_end")

    def __init__(self, text: str, m: re.Match, blocked: _Blocked, config: IndicatorConfig, res: _Resources):
        self.text, self.m, self.blocked, self.config, self.res = text, m, blocked, config, res
        start, self.pos = m.span()  # the unit may start at pos
        ar, pct, pre, q1, q2 = m.group("ar", "pct", "pre", "q1", "q2")
        if ar is not None:
            ns, ne = m.start("ar"), m.end("mag")
        elif pct is not None:
            ns, ne = m.start("pct"), m.end("pcn")
        else:
            ns, ne = m.span("cn")
        self.c = c = Candidate(start=start, end=self.pos, surface=text[ns:ne], num_start=ns, num_end=ne)
        self.pre = pre
        qual = P.PRE_QUALIFIERS[pre] if pre else None
        if not qual:
            far = _FAR_QUALIFIER.search(text, max(0, start - 6), start)
            if far:
                qual = P.PRE_QUALIFIERS[far.group(1)]
        inner_q = q1 or q2
        if inner_q:
            qual = qual or P.POST_QUALIFIERS[inner_q]
        c.qualifier = qual
        self.how = self.u = self.unit = self.post = self.post_end = None
        self.source = _UNREAD  # what gives the unit: "unit", "noun", "implied" or None (read once)

    def unit_after(self) -> re.Match | None:
        """The unit right after the number (units.txt), read once."""
        if self.u is None:
            self.u = self.res.units.unit_after.match(self.text, self.pos) or False
        return self.u or None

    def unit_source(self) -> str | None:
        """What gives the number its unit: a unit after it (``unit``), a counted noun after an
        Arabic number (``noun``: 5.2万贫困户), an amount in 亿 with no unit (``implied``: 超千亿),
        or nothing (None); the unit's entry in ``unit``. Read once."""
        if self.source is _UNREAD:
            units = self.res.units
            u = self.u
            if u is None:
                u = self.u = units.unit_after.match(self.text, self.pos) or False
            if u:
                self.source, self.unit = "unit", units.units[u.group("unit")]
            else:
                nu = units.noun_unit_re.match(self.text, self.pos)
                if nu and self.how == "arabic":
                    self.source, self.unit = "noun", units.units[nu.group("noun")]
                elif self.config.implied_yuan and self.c.value >= 1e8 and "亿" in self.c.surface:
                    self.source = "implied"
                else:
                    self.source = None
        return self.source

    def before(self) -> str:
        """The six characters before the span."""
        return self.text[max(0, self.c.start - 6):self.c.start]


_UNREAD = object()


def _in_excluded_span(r: _Reading) -> str | None:
    return r.blocked.reason(r.c.num_start, r.c.num_end)


def _unreadable(r: _Reading) -> bool:
    try:
        value, vmax, cn_q, r.how = _number_value(r.m)
    except ValueError:
        return True
    c = r.c
    c.value, c.value_max = value, vmax
    if cn_q and not c.qualifier:
        c.qualifier = cn_q
    return False


def _percent_in_words(r: _Reading) -> bool:
    r.c.unit, r.c.kind, r.c.end = "%", "percent", r.pos
    return True


def _glued_to_latin(r: _Reading) -> bool:
    if not _LATIN.match(r.text, r.pos):
        return False
    u = r.unit_after()
    return not (u and _LATIN.match(u.group("unit")))


def _next_to_plus(r: _Reading) -> bool:
    ns, ne, text = r.c.num_start, r.c.num_end, r.text
    return ns > 0 and text[ns - 1] in "+＋" or text[ne:ne + 1] in ("+", "＋")


def _names_a_class(r: _Reading) -> bool:
    source = r.unit_source()
    if source == "unit":
        return r.unit.role == "class"
    if source == "implied":
        c = r.c
        return bool(P.IMPLIED_CLASS.match(r.text, r.pos) or P.COUNT_BEFORE.search(r.text[max(0, c.start - 4):c.start]))
    return False


def _unitless(r: _Reading) -> bool:
    source = r.unit_source() if r.source is _UNREAD else r.source
    if source is None:
        return True
    c = r.c
    if source == "unit":
        u = r.u
        c.unit, c.kind, c.end = r.unit.unit, r.unit.kind, u.end("unit")
        r.post, r.post_end = u.group("post"), u.end()
    elif source == "noun":
        c.unit, c.kind = r.unit.unit, r.unit.kind
    else:
        c.unit, c.kind = "元", "money"
        pm = P.POST_ONLY.match(r.text, r.pos)
        if pm and pm.group("post") not in ("多", "余"):
            r.post, r.post_end = pm.group("post"), pm.end()
    return False


def _threshold(r: _Reading) -> bool:
    c, text = r.c, r.text
    if r.post:
        pq = P.POST_QUALIFIERS[r.post]
        if pq in ("以上", "以下") and c.kind != "count" and P.CLASS_AFTER.match(text, r.post_end):
            return True
        if pq == "左右" or not c.qualifier:
            c.qualifier = pq
        c.end = r.post_end
    if c.kind != "age":
        return False
    before = r.before()
    return bool(_AGE_CUE.search(before) or c.qualifier in ("以上", "以下") or P.RANGE_SEP.match(text, c.end)
                or P.RANGE_SEP.fullmatch(before[-1:] or "x"))


def _duration(r: _Reading) -> bool:
    return r.c.kind == "duration"


def _time_point(r: _Reading) -> bool:
    c = r.c
    if c.kind != "duration":
        return False
    surf = r.u.group("unit") if r.u else ""
    if surf in ("月", "日", "季度") and not _DURATION_CUE.search(r.before() + (r.pre or "")):
        return True
    return surf == "年" and 1900 <= c.value <= 2100 and float(c.value).is_integer()


def _bare_magnitude(r: _Reading) -> bool:
    return all(ch in P.CN_LARGE for ch in r.c.surface) and not (r.pre or _BARE_OK.search(r.before()))


def _small(r: _Reading) -> bool:
    return r.c.value < r.config.min_chinese and r.c.kind not in _RATE_KINDS


def _after_xin(r: _Reading) -> bool:
    return r.c.start > 0 and r.text[r.c.start - 1] == "新"


def _unit_from(source: str) -> Callable[[_Reading], bool]:
    def rule(r: _Reading) -> bool:
        return r.source == source
    return rule


# how a number is written (``_number_value``); a rule is asked about some of these only
ARABIC, CHINESE, PERCENT_WORDS = "arabic", "chinese", "percent_words"
_ANY = frozenset((ARABIC, CHINESE, PERCENT_WORDS))


@dataclass(frozen=True)
class NumberRule:
    """A rule deciding a number: ``decide(reading)`` is true when it decides (a string: the
    rule written, for a rule that passes on the name of another); ``takes``: the number
    becomes an indicator, else it is excluded; ``why`` is shown by ``--explain``;
    ``written``: the ways of writing a number the rule is asked about."""

    name: str  # written in the table's ``rule`` (rules of one family share it, as in patterns.EXCLUDED_SPANS)
    decide: Callable[[_Reading], bool | str | None]
    takes: bool
    why: str
    written: frozenset[str] = _ANY


# What decides a number, in order: the first rule that decides gives the candidate its
# decision and its ``rule`` (a rule is skipped for numbers not written as it reads them).
# Some rules also record what they read for the rules after them: ``not_a_number`` the
# value and how it is written, ``no_unit`` the unit, ``threshold`` a qualifier after it.
NUMBER_RULES: tuple[NumberRule, ...] = (
    # 2022年, 第2位, 十四五, “三抓三促”, 千方百计, a span of the slogans table: the span's rule names it
    NumberRule("excluded_span", _in_excluded_span, False,
               "inside a span excluded whole (patterns.EXCLUDED_SPANS, numeral_idioms.txt, a quoted "
               "formulation, a slogan)"),
    NumberRule("not_a_number", _unreadable, False, "a numeral run that reads as no number"),
    # 百分之五十
    NumberRule("percent_words", _percent_in_words, True, "a percentage in words", frozenset((PERCENT_WORDS,))),
    # 5G, 3D (but 5kg: the letters are a unit)
    NumberRule("name", _glued_to_latin, False, "glued to Latin letters that are no unit: a name",
               frozenset((ARABIC,))),
    # 1 + 1 + 17 with spaces the span rules' plus-formulas miss
    NumberRule("slogan_structure", _next_to_plus, False, "a + right before or after it: part of a plus-formula"),
    # 110千伏, 百亿级, 500强, 第十二届; 千亿级, 3个五百亿产业集群
    NumberRule("class_label", _names_a_class, False,
               "its unit names a class or rank (units.txt role class), or an amount in 亿 with no unit "
               "labels a class"),
    NumberRule("no_unit", _unitless, False, "no unit, counted noun or implied 元 after it"),
    # 亿元以上项目, 50周岁以上老人 (but 100个以上老旧小区 is a count); 年满60周岁, 18-35岁
    NumberRule("threshold", _threshold, False, "a bound (以上/以下) before the class it limits, or an age threshold"),
    # 三年, 连续两年 (连续6年 counts)
    NumberRule("cn_duration", _duration, False, "a duration in Chinese numerals: rhetoric", frozenset((CHINESE,))),
    # 6月, 8日, 3季度 (but 连续6个月, 为期3日), 2022年
    NumberRule("date", _time_point, False,
               "a month, day or quarter with no duration cue (连续, 为期 …) before it, or a year: a time point"),
    # 千亿园区, 万亩马铃薯 (but 达到千亿元)
    NumberRule("bare_magnitude", _bare_magnitude, False,
               "a bare magnitude in Chinese numerals with no qualifier or 达到/突破 before it: a label",
               frozenset((CHINESE,))),
    # 一批, 两个, 三类 (but 下降两个百分点)
    NumberRule("small_chinese", _small, False,
               "a Chinese numeral under indicators.min_chinese that counts no rate or money: rhetoric",
               frozenset((CHINESE,))),
    # 新十条
    NumberRule("slogan_structure", _after_xin, False, "a Chinese numeral right after 新: a package of measures",
               frozenset((CHINESE,))),
    # what is left is an indicator, named by what gives its unit
    NumberRule("number+unit", _unit_from("unit"), True, "a number and its unit", frozenset((ARABIC,))),
    NumberRule("chinese+unit", _unit_from("unit"), True, "a Chinese numeral and its unit", frozenset((CHINESE,))),
    NumberRule("number+noun", _unit_from("noun"), True, "a number and the noun it counts (units.txt role noun)"),
    NumberRule("implied_yuan", _unit_from("implied"), True,
               "an amount in 亿 with no unit: money in 元 (indicators.implied_yuan)"),
)
# the rules asked before the value is read, then those asked about a number written each way
_UNREAD_RULES = tuple((r.decide, r) for r in NUMBER_RULES[:2])
_RULES_FOR = {how: tuple((r.decide, r) for r in NUMBER_RULES[2:] if how in r.written) for how in _ANY}


def _parse_at(text: str, m: re.Match, blocked, config: IndicatorConfig, res: _Resources) -> Candidate:
    """Decide one NUMBER match: the first of :data:`NUMBER_RULES` that decides."""
    r = _Reading(text, m, blocked, config, res)
    c = r.c
    for decide, rule in _UNREAD_RULES:
        got = decide(r)
        if got:
            c.rule, c.why = got if got.__class__ is str else rule.name, rule.why
            return c
    for decide, rule in _RULES_FOR[r.how]:
        if decide(r):
            c.rule, c.why = rule.name, rule.why
            if rule.takes:
                c.decision = "indicator"
                return _finish(text, c)
            return c
    raise AssertionError(f"no number rule decided {c.surface!r}")  # the last rules take what is left


def _finish(text: str, c: Candidate) -> Candidate:
    c.text = text[c.start:c.end]
    return c


def _range_with(text: str, a: Candidate, m: re.Match, blocked, config: IndicatorConfig,
                res: _Resources) -> tuple[Candidate, int] | None:
    """Merge ``a`` (no unit, or the same unit) with the number after a range connector."""
    sep = P.RANGE_SEP.match(text, a.num_end if a.unit is None else a.end)
    if not sep:
        return None
    m2 = P.NUMBER.match(text, sep.end())
    if not m2 or m2.group("pre"):
        return None
    b = _parse_at(text, m2, blocked, config, res)
    if not b.taken or (a.unit is not None and a.unit != b.unit):
        return None
    if a.value is None:
        return None
    lo = a.value
    if m.group("ar") is not None and not m.group("mag") and m2.group("ar") is not None and m2.group("mag"):
        lo = lo * numbers.magnitude(m2.group("mag"))  # 3-5万元: both in 万
    if lo >= b.value:
        return None
    merged = replace(b, start=a.start, num_start=a.num_start, surface=text[a.num_start:b.num_end],
                     value=lo, value_max=b.value, qualifier=a.qualifier or b.qualifier,
                     rule="range")
    return _finish(text, merged), m2.end()


# rule ``price index``: a bare number after a price index's name is the index, last year = 100
# (居民消费价格总指数控制在103以内); the plausible values of such an index
_PRICE_INDEX = re.compile(r"价格(?:总)?指数[^\d，,。；;：:]{0,6}$")
_INDEX_VALUES = (80.0, 130.0)


def _price_index(text: str, c: Candidate) -> Candidate:
    """A number left without a unit becomes a price index (unit 指数) after 价格指数 and link words."""
    if c.rule != "no_unit" or c.value is None or not _INDEX_VALUES[0] <= c.value <= _INDEX_VALUES[1] \
            or not _PRICE_INDEX.search(text, max(0, c.num_start - 16), c.start):
        return c
    c.unit, c.kind, c.end = "指数", "index", c.num_end
    post = P.POST_ONLY.match(text, c.num_end)
    if post:
        c.qualifier, c.end = c.qualifier or P.POST_QUALIFIERS[post.group("post")], post.end()
    c.decision, c.rule = "indicator", "price index"
    return _finish(text, c)


def _gives_no_row(text: str, m: re.Match, blocked: _Blocked, res: _Resources) -> bool:
    """True when the NUMBER match ``m`` can give no indicator, alone or as the start of a range,
    read from a few characters around it without deciding it (most numerals of a text: 一是,
    进一步, 2022年): its number lies in an excluded span, or nothing after it can make it one (a
    unit, a counted noun after an Arabic number, 亿 for implied 元, a range connector) and no
    price index names it. Exact: :func:`_parse_at` would exclude every number it skips."""
    if m.start("ar") >= 0:
        ns, ne, arabic = m.start("ar"), m.end("mag"), True
    elif m.start("pct") >= 0:
        return bool(blocked.reason(m.start("pct"), m.end("pcn")))  # a percentage in words is taken
    else:
        (ns, ne), arabic = m.span("cn"), False
    if blocked.reason(ns, ne):
        return True
    pos, units = m.end(), res.units
    return not (text.find("亿", ns, ne) >= 0 or units.unit_after.match(text, pos)
                or arabic and units.noun_unit_re.match(text, pos) or P.RANGE_SEP.match(text, ne)
                or _PRICE_INDEX.search(text, max(0, ns - 16), m.start()))


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
    res = _resources(lexicon)
    blocked = _blocked(text, [(s, e, "slogan") for s, e in slogan_spans], res)
    out: list[Candidate] = []
    pos = 0
    while True:
        first = P.NUMBER_FIRST.search(text, pos)  # no match starts before first - NUMBER_LEAD
        m = P.NUMBER.search(text, max(pos, first.start() - P.NUMBER_LEAD)) if first else None
        if not m:
            break
        if not keep_all and _gives_no_row(text, m, blocked, res):
            pos = m.end()  # what the loop below does with a number neither taken nor merged
            continue
        c = _price_index(text, _parse_at(text, m, blocked, config, res))
        nxt = m.end()
        if c.value is not None and (c.unit is None or c.taken) and c.rule not in (
                "date", "ordinal", "identifier", "slogan", "slogan_structure", "plan", "title", "name"):
            merged = _range_with(text, c, m, blocked, config, res)
            if merged:
                c, nxt = merged
        if c.taken:
            nxt = max(nxt, c.end)
        out.append(c)
        pos = max(nxt, m.start() + 1)
    taken = [c for c in out if c.taken]
    bounds = _bounds(text, taken)
    _context(text, taken, config, res.places, res.metrics, bounds)
    _resolve(text, taken, document or DocumentInfo(), res, bounds)
    return out if keep_all else [c for c in out if c.taken]


# --------------------------------------------------------------------------- context

@lru_cache(maxsize=2)
def _tagger(words: tuple[tuple[str, str], ...]):
    """A private rjieba instance for part-of-speech tags (never jieba's global one), with the
    few policy words its dictionary lacks (专班, 等次, 开复工: lexicons/tagger_words.txt)."""
    import rjieba

    jb = rjieba.Jieba()
    for word, tag in words:
        jb.add_word(word, 20000, tag)
    return jb


def _tag(s: str) -> tuple[tuple[str, str], ...]:
    """(word, tag) pairs of a short phrase, with the verb tags jieba's dictionary gets wrong
    fixed, by the tagging of the lexicon last resolved (the one :func:`extract` works with)."""
    return _tag_with(s, (_RESOLVED[1] or _resources(None)).tagging)


@lru_cache(maxsize=8192)
def _tag_with(s: str, tagging: _Tagging) -> tuple[tuple[str, str], ...]:
    fixes = tagging.fixes
    return tuple((w, fixes.get(w, t)) for w, t in _tagger(tagging.words).tag(s, False))


# tags of the words a noun phrase is made of (jieba tag set)
_NOUN_TAGS = ("n", "nz", "nt", "ns", "nr", "vn", "j", "an", "ng", "zg", "k", "l")
# verbs and linking words that start a predicate: a noun phrase stops before them
_PREDICATES = frozenset("实现 提供 推动 完成 开展 参与 带动 达到 进行 形成 建设 开工 签约 落地 投产 "
                        "入驻 实施 获得 参加 接受 协同 主抓 担任 统筹 协调 成为 得到 受益 涵盖 包括 "
                        "包含 覆盖 脱贫 就业 增收 享受 建成 开通 新增 到 在 对 为 赴 向 从 是 有 等 及".split())
# words that end a noun phrase when they come after its first word and before a verb
# (牵头单位|重点落实; but 县委重点工作 goes on)
_PREDICATES_LATER = frozenset("重点 具体 全面 主要 正在 全部 均 已 分别".split())
_STOP_TAGS = ("c", "p", "u", "uj", "d", "r", "y", "e", "o")
# a quoted name right after a number: 1年的“1+1”帮带培养 (digits and + inside quotes)
_QUOTED_HEAD = re.compile(r"[“\"‘][^”\"’“‘\n]{1,12}[”\"’]")
# 和 / 与 / 及 joining two nouns inside one metric (434项中央和自治区重点项目)
_JOINS = frozenset("和 与 及".split())


def _noun_after(text: str, pos: int, *, governed: bool = False) -> str | None:
    """The noun phrase right after a number and its unit (54个产业链党委 → 产业链党委).

    ``governed``: the number follows a preposition (为153名年轻干部指派…): the noun phrase is its
    object and ends at the next verb."""
    quoted = ""
    q = _QUOTED_HEAD.match(text, pos, pos + 14)
    if q:
        quoted, pos = q.group(), q.end()
    m = re.match(rf"(?:[^\W\d]|[{P.CURLY_OR_STRAIGHT}]){{1,18}}", text[pos:pos + 18])
    if not m:
        return _unquote(quoted) if len(quoted) > 3 else None
    run = m.group()
    stop_after = text[pos + len(run):pos + len(run) + 1]
    tags = _tag(run)
    words: list[str] = [quoted] if quoted else []
    last_noun = len(words)
    for k, (w, tag) in enumerate(tags):
        nxt = tags[k + 1][1] if k + 1 < len(tags) else ""
        noun_next = nxt.startswith(_NOUN_TAGS) or nxt in ("m", "x")
        seen_noun = last_noun > 0
        if w in P.CURLY_OR_STRAIGHT:
            words.append(w)
            if w in "”’\"" and last_noun == len(words) - 1:
                last_noun = len(words)
        elif quoted and tag.startswith("v") and last_noun == len(words):
            words.append(w)  # 1年的“1+1”帮带培养: a quoted name and the activity it names
            last_noun = len(words)
        elif governed and seen_noun and tag.startswith("v") and tag != "vn":
            break
        elif w in _JOINS and seen_noun and k + 1 < len(tags) and tags[k + 1][1].startswith(_NOUN_TAGS) \
                and _join_ok(tags[k + 1:], stop_after):
            words.append(w)  # 中央和自治区重点项目: the whole run after 和 is nouns up to a clause end
        elif w in _PREDICATES or tag.startswith(_STOP_TAGS) or (
                words and w in _PREDICATES_LATER and not noun_next):
            break
        elif tag == "vn" and seen_noun and w not in P.NOMINAL_VN and (
                k == len(tags) - 1 or not nxt.startswith(_NOUN_TAGS) and tags[k - 1][1].startswith(("n", "l"))
                and not (nxt == "v" and k + 2 < len(tags) and tags[k + 2][1].startswith(_NOUN_TAGS))):
            break  # 百亿级产业链培育: a trailing nominalised verb is what is done to the items
        elif tag.startswith(_NOUN_TAGS):
            words.append(w)
            last_noun = len(words)
        elif tag == "m" and not re.search(r"\d", w) and (noun_next or nxt == "q") or (tag == "q" and w == "级"):
            words.append(w)
        elif tag in ("v", "a", "b", "f") and noun_next:
            words.append(w)  # 新录用公务员, 重点产业发展领导小组
        elif tag in ("a",) and nxt in ("v", "a"):
            words.append(w)
        else:
            break
    phrase = "".join(words[:last_noun])
    phrase = _unquote(phrase)
    return phrase if len(phrase) >= 2 else None


def _join_ok(rest, stop_after: str) -> bool:
    """和 joins nouns inside one metric when nouns follow it up to a verb or the clause end
    (434项中央和自治区重点项目开工), not when a further list follows (…产业链和数字经济、…)."""
    for _, t in rest:
        if not t.startswith(_NOUN_TAGS):
            return t.startswith("v")
    return stop_after == "" or stop_after not in "、" and not re.match(r"\d", stop_after)


def _unquote(phrase: str) -> str:
    """Drop quotation marks around a whole phrase and unbalanced ones."""
    if len(phrase) > 2 and phrase[0] in "“\"" and phrase[-1] in "”\"" and phrase.count("“") <= 1:
        phrase = phrase[1:-1]
    if phrase.count("“") != phrase.count("”"):
        phrase = phrase.replace("“", "").replace("”", "")
    return phrase


# a preposition or pivot verb right before a number: the noun after it is an object (为153名年轻干部|指派)
_GOVERNED = re.compile(r"(?:为|给|对|向|替|帮|帮助|与|同)$")
_EVENT_UNITS = frozenset("次 场次 人次 户次 场 批次 件次 家次 架次 轮".split())
_HAN = re.compile(r"[^\W\d_A-Za-z]")


def _strip_edges(phrase: str) -> str:
    """Links, scope, time words and list markers off both ends of a phrase."""
    prev = None
    while prev != phrase:
        prev = phrase
        phrase = P.METRIC_TAIL.sub("", phrase)
        phrase = P.METRIC_LEAD.sub("", phrase)
        phrase = P.LIST_MARKER.sub("", phrase)
        phrase = P.YEARS_LEAD.sub("", phrase)
        if phrase and phrase[0] in "“\"‘" and phrase.count(phrase[0]) > phrase.count("”’"[phrase[0] == "‘"]):
            phrase = phrase[1:]  # an opening quotation mark whose end is elsewhere
    return phrase.strip("的等")


def _clean_metric(phrase: str, *, places: frozenset[str], event: bool = False, rate: bool = False,
                  count: bool = False, clause_initial: bool = True, clause: str = "") -> str | None:
    """:func:`_metric_of` (the doctests are there), kept per process for the tagging in use:
    the phrases before numbers recur (a third of the calls on work reports), and more of them
    once their edges are stripped (全年实现 / 实现: the metric is read from the stripped phrase)."""
    tagging = (_RESOLVED[1] or _resources(None)).tagging  # what _tag() reads
    if _METRICS[0] is not tagging or len(_METRICS[1]) > _METRICS_KEPT:
        _METRICS[:] = [tagging, {}, _METRICS[2]]
    stripped = _stripped(phrase)
    if not _lists_items(stripped):
        clause = ""  # read for an A、B等 list only
    key = (stripped, places, event, rate, count, clause_initial, clause)
    found = _METRICS[1].get(key, _UNREAD)
    if found is _UNREAD:
        found = _METRICS[1][key] = _metric_of_stripped(stripped, places=places, event=event, rate=rate,
                                                       count=count, clause_initial=clause_initial, clause=clause)
    return found


# the tagging in use, {_clean_metric's arguments, its phrase stripped: its result}, {phrase: stripped}
# (the last one holds no tagging's results: it is kept when the tagging changes)
_METRICS: list = [None, {}, {}]
_METRICS_KEPT = 50_000  # results kept at most (then started afresh)


def _stripped(phrase: str) -> str:
    """:func:`_strip_edges`, kept per process (a phrase before a number is read twice: for its metric
    and for a lifecycle stage before a counted noun)."""
    found = _METRICS[2].get(phrase)
    if found is None:
        if len(_METRICS[2]) > _METRICS_KEPT:
            _METRICS[2] = {}
        found = _METRICS[2][phrase] = _strip_edges(phrase)
    return found


def _lists_items(phrase: str) -> bool:
    """签约A、B等项目: a stripped phrase naming items before 等 (not 等次)."""
    return "等" in phrase.replace("等次", "")


def _metric_of(phrase: str, *, places: frozenset[str], event: bool = False, rate: bool = False,
               count: bool = False, clause_initial: bool = True, clause: str = "") -> str | None:
    """The measured phrase from the text before a number (see README "Indicators").

    The metric is the noun phrase measured: links, scope, time, a leading preposition phrase
    and a verb that takes the phrase as its object are dropped (吸纳党员 → 党员, 实现产值 →
    产值, 为我们硬化道路 → 硬化道路); a lifecycle stage stays (签约项目, 新开工项目). For an
    event (次, 场次) or a duration the metric is the activity: light verbs go (开展主题党日 →
    主题党日), other verbs stay (学习党的政策理论, 讲党课). ``clause`` is the whole clause,
    for the verb of an ``A、B等项目`` list. ``places``: the gazetteer's names.

    >>> _metric_of("吸纳党员", places=frozenset()), _metric_of("在第二十八届兰洽会上签约项目", places=frozenset())
    ('党员', '签约项目')
    """
    return _metric_of_stripped(_strip_edges(phrase), places=places, event=event, rate=rate, count=count,
                               clause_initial=clause_initial, clause=clause)


def _metric_of_stripped(phrase: str, *, places: frozenset[str], event: bool, rate: bool, count: bool,
                        clause_initial: bool, clause: str) -> str | None:
    """:func:`_metric_of` of a phrase whose edges are stripped."""
    if not phrase:
        return None
    if _lists_items(phrase):  # 签约A、B等项目 → 签约项目; 帮助A、B等企业协调融资 → 融资
        head, tail = phrase.rsplit("等", 1)
        if len(tail) >= 2:
            toks = _tag(tail)
            lead = _status_lead(clause or head, places)
            k = next((i for i, (_, t) in enumerate(toks) if not t.startswith(_NOUN_TAGS) or t == "vn"), len(toks))
            if 0 < k < len(toks) and _is_verb(toks[k]) and toks[k][0] not in P.STATUS_WORDS:
                phrase = "".join(w for w, _ in toks[k:])  # A、B等企业|协调融资: the items are the subject
            else:
                phrase = lead + tail if lead and not tail.startswith(lead) else tail
                if lead:
                    return _finish_metric(phrase)
        else:
            phrase = head
    toks = list(_tag(phrase))
    toks = _drop_preamble(toks, adverbs=not rate, places=places)  # 初次信访事项一次性化解率 keeps 初次
    if event:
        toks = _event_phrase(toks)
    elif rate:
        de = next((i for i, x in enumerate(toks) if x[0] == "的"), None)
        relative = de is not None and any(_nounish(x) for x in toks[1:de])  # 制造消费资料工业的投资
        if toks and _is_verb(toks[0]) and toks[0][0] != "占" and len(toks) > 1 and not relative:
            toks = _drop_leading_verbs(toks, 0, clause_initial)
    else:
        for _ in range(3):  # 提拔或进一步使用处分期满干部: verb, link words, verb
            obj = _object_phrase(toks, clause_initial)
            new = _drop_preamble(obj, places=places)
            toks, clause_initial = new, True
            if new == obj:
                break
        if count and len(toks) > 1 and toks[-1][1] == "vn" and toks[-2][1].startswith(("n", "l")):
            toks = toks[:-1]  # 重点项目建设29个: the items are the projects
    toks = _drop_preamble(toks, adverbs=not rate, places=places)
    return _finish_metric("".join(w for w, _ in toks))


def _finish_metric(phrase: str) -> str | None:
    phrase = _unquote(phrase.strip("的等、"))
    return phrase if len(_HAN.findall(phrase)) >= 2 else None


def _is_verb(tok: tuple[str, str], prev: tuple[str, str] | None = None) -> bool:
    """A verb (not a nominalised one); after a one-character modal a nominalised verb counts (可|生产)."""
    w, t = tok
    return (t.startswith("v") and t != "vn" or w in P.STATUS_WORDS or w in P.LIGHT_VERBS
            or t == "vn" and prev is not None and prev[1] == "v" and len(prev[0]) == 1)


def _nounish(tok: tuple[str, str]) -> bool:
    return tok[1].startswith(_NOUN_TAGS) or tok[0] in P.CURLY_OR_STRAIGHT or (tok[1] == "m" and not re.search(r"\d", tok[0]))


def _status_lead(s: str, places: frozenset[str]) -> str:
    """新开工 in 新开工青川…等项目: the lifecycle stage a clause starts with, if any."""
    toks = _drop_preamble(list(_tag(_strip_edges(s))), places=places)
    for i, (w, _) in enumerate(toks[:3]):
        if w in P.STATUS_WORDS:
            return ("新" if i and toks[i - 1][0] == "新" else "") + w
        if _is_verb(toks[i]) and w not in P.LIGHT_VERBS:
            return ""
    return ""


def _drop_preamble(toks: list, *, places: frozenset[str], adverbs: bool = True) -> list:
    """Drop what opens a phrase without being measured: a preposition phrase (在…上, 通过再造
    流程, 为我们), pronouns and determiners (各类, 该), adverbs, time words, 的, a place name
    (tagged ns, or one of ``places``, the gazetteer's names)."""
    toks = list(toks)
    while toks:
        w, t = toks[0]
        if w in P.METRIC_PREPOSITIONS or t == "p" and len(toks) > 1:
            rest = toks[1:]
            f = next((i for i, x in enumerate(rest) if x[1] == "f"), None)
            v = next((i for i, x in enumerate(rest) if _is_verb(x) and i > 0 and _nounish(rest[i - 1])), None)
            if f is not None and (v is None or f < v):
                toks = rest[f + 1:]  # 在第二十八届兰洽会上 | 签约项目
            elif v is not None:
                toks = rest[v:]  # 通过再造流程 | 压缩审批时限
            else:
                toks = rest
                while toks and toks[0][1].startswith("r"):
                    toks = toks[1:]  # 为我们 | 硬化道路
            continue
        if t.startswith(("r", "d", "t", "c", "u")) and w not in P.STATUS_WORDS and len(toks) > 1 and (
                not t.startswith("d") or w in P.LEAD_ADVERBS or len(w) > 1 and adverbs):
            toks = toks[1:]
            continue
        f = next((i for i, x in enumerate(toks[:5]) if x[0] in P.AFTER_TIME and i > 0), None)
        if f is not None and any(_is_verb(x) for x in toks[:f]) and len(toks) > f + 1:
            toks = toks[f + 1:]  # 全部达产后 | 预计实现年产值
            continue
        is_place = (t == "ns" and len(w) >= 2 and w not in P.GENERIC_NS) or w in places
        if is_place and len(toks) > 1 and _nounish(toks[1]) and len(toks[1][0]) >= 2:
            toks = toks[1:]  # 广元电解铝产能 → 电解铝产能
            continue
        if w in "、，,：:；" and len(toks) > 1:
            toks = toks[1:]
            continue
        break
    return toks


def _drop_leading_verbs(toks: list, k: int, clause_initial: bool) -> list:
    """Drop the governing verb at ``k`` and the verbs that govern with it (组织开展银企对接会 →
    银企对接会, 统筹推进重点项目 → 重点项目); a verb before a short noun stays with it (修建|排洪渠,
    发放|补助资金)."""
    j = k + 1
    while j < len(toks) and (toks[j][0] in P.LIGHT_VERBS and toks[k][0] in P.LIGHT_VERBS or (
            (_is_verb(toks[j]) or toks[j][1] == "vn") and toks[j][0] not in P.STATUS_WORDS
            and j + 1 < len(toks) and toks[j + 1][1] not in ("a", "ad")
            and len(_HAN.findall("".join(w for w, _ in toks[j + 1:]))) >= 3
            and any(_nounish(x) for x in toks[j + 1:]))):
        j += 1
    rest = toks[j:]
    if rest and len(_HAN.findall("".join(w for w, _ in rest))) >= 2 and any(_nounish(x) for x in rest):
        return rest
    return toks


def _in_quotes(toks: list, k: int) -> bool:
    before = "".join(w for w, _ in toks[:k])
    return before.count("“") > before.count("”")


def _object_phrase(toks: list, clause_initial: bool) -> list:
    """The measured noun phrase of a count, amount or quantity: after the verb that governs it.

    The leftmost verb whose object is a noun phrase governs (吸纳党员, 修建排洪渠 → 排洪渠: the
    verbs after it belong to the noun); inside a phrase (企业|洽谈项目) a subject is dropped
    only when the object has three characters or more (党员领衔创新项目 stays whole); a
    lifecycle stage is kept with its 新; a list (、) keeps every member and only its leading verb
    can go; a pivot verb skips its noun (帮助企业|融资).
    """
    listed = any(w == "、" for w, _ in toks)
    measure = bool(toks) and bool(P.MEASURE_HEAD.search(toks[-1][0]))
    k = 0
    while k < len(toks):
        w, t = toks[k]
        if _in_quotes(toks, k) or not (_is_verb(toks[k], toks[k - 1] if k else None) or (
                k == 0 and clause_initial and t == "vn" and len(toks) > 1 and (_nounish(toks[1]) or (
                    len(toks) > 2 and toks[1][1] == "v" and _nounish(toks[2]))))):
            if listed:
                break
            k += 1
            continue
        de = next((i for i in range(k + 1, len(toks)) if toks[i][0] == "的"), None)
        if de is not None and any(_nounish(x) for x in toks[k + 1:de]) \
                and not any(_is_verb(x) for x in toks[k + 1:de]):
            return toks  # 完成质量检测的企业: the verb and its object describe the noun after 的
        if w in P.STATUS_WORDS and not (k + 1 < len(toks) and toks[k + 1][0] in _JOINS):  # 新建和完善: a verb
            if k == len(toks) - 1:
                return toks  # 市列重大项目开工: the stage is the predicate of the items
            return toks[k - 1:] if k and toks[k - 1][0] == "新" else toks[k:]
        if len(w) == 1 and w not in P.LIGHT_VERBS or measure and w not in P.LIGHT_VERBS \
                and w not in P.PIVOT_VERBS and len(toks) - k <= 3:
            k += 1  # 泡椒: a one-character verb is a morpheme; 种植面积, 参与人数: the verb describes a measure
            continue
        if w in P.PIVOT_VERBS and k + 2 < len(toks) and _nounish(toks[k + 1]) and (
                _is_verb(toks[k + 2]) or toks[k + 2][1] == "vn"):
            if toks[k + 2][1] == "vn":
                return toks[k + 2:]  # 帮助企业|融资
            return _drop_leading_verbs(toks, k + 2, clause_initial)  # 帮助企业协调|融资
        if k + 1 < len(toks) and toks[k + 1][1] in ("a", "ad") and k + 2 < len(toks):
            k += 2  # 表现优秀“做功型”干部: a verb with an adjective describes the noun
            continue
        rest = _drop_leading_verbs(toks, k, clause_initial)
        if rest is toks:
            k += 1
            continue
        if k > 0 and len(_HAN.findall("".join(x for x, _ in rest))) < 3:
            k += 1
            continue
        return rest if k == 0 or not listed else toks
    return toks


def _event_phrase(toks: list) -> list:
    """The activity counted by 次/场次 or lasting a duration: light verbs dropped, a subject
    before the last verb dropped (市县两级产业链党委书记深入企业党组织|讲党课)."""
    while toks and toks[0][0] in P.LIGHT_VERBS and len(toks) > 1:
        toks = toks[1:]
    for k in range(len(toks) - 1, 0, -1):
        if _is_verb(toks[k]) and not _in_quotes(toks, k) and toks[k - 1][1].startswith(("n", "l")):
            if toks[k][0] in P.LIGHT_VERBS:  # 平凉市每个产业链召开|党委会议
                return toks[k + 1:] if any(_nounish(x) for x in toks[k + 1:]) else toks
            start = k
            while start > 0 and _is_verb(toks[start - 1]):
                start -= 1
            if start > 0:
                return toks[start:]
            break
    return toks


class _NounsAfter:
    """The noun phrase after each taken number (:func:`_noun_after`), read when a rule asks for it
    (a rate whose phrase before names a measure needs none); ``after(i)`` for ``taken[i]``."""

    def __init__(self, text: str, taken: list[Candidate]):
        self.text, self.taken, self.nouns = text, taken, {}

    def _noun(self, i: int) -> str | None:
        if i not in self.nouns:
            c, text = self.taken[i], self.text
            # 为期1年的“1+1”帮带培养, 一名25岁的嫌疑人: a duration or age before 的 + noun
            skip = 1 if c.kind in ("duration", "age") and text[c.end:c.end + 1] == "的" else 0
            governed = bool(_GOVERNED.search(text, max(0, c.start - 3), c.start))
            self.nouns[i] = _noun_after(text, c.end + skip, governed=governed)
        return self.nouns[i]

    def __call__(self, i: int) -> str | None:
        noun, taken = self._noun(i), self.taken
        if noun is None and i + 1 < len(taken) and taken[i + 1].start == taken[i].end:
            return self._noun(i + 1)  # 8批320名年轻干部: a compound run shares the noun
        return noun


def _context(text: str, taken: list[Candidate], config: IndicatorConfig, places: frozenset[str],
             metrics: K.MetricIndex | None, bounds: tuple[list[int], list[int]]) -> None:
    """Fill change, metric, period and is_target of the taken candidates (in place); ``bounds``:
    their clauses' and sentences' starts (:func:`_bounds`)."""
    after = _NounsAfter(text, taken)
    taken_starts = sorted(c.start for c in taken)
    clause_starts, sent_starts = bounds
    # the nearest period word before each number in its sentence, one scan per sentence
    periods = prefix_scan.last_matches(P.PERIOD, text, [(s, c.start) for s, c in zip(sent_starts, taken)])
    for i, c in enumerate(taken):
        clause_start = clause_starts[i]
        prev = taken[i - 1] if i else None
        left_from = max(clause_start, c.start - config.window)
        if prev is not None and clause_start <= prev.end <= c.start:
            left_from = max(left_from, prev.end)
        before = text[left_from:c.start]
        ch = P.CHANGE.search(before)
        if ch and not (ch.group("change").startswith("增") and before[:ch.start()].endswith("新")):
            c.change = re.sub(r"(?:分别|达到|达|为)+$", "", ch.group("change"))
            before = before[:ch.start()]
        rate_like = c.kind in ("percent", "percentage_point", "money", "ratio")
        # a counted noun after the number names the metric: the phrase before is read only without one
        noun_metric = None if rate_like else _with_status(before, after(i))
        if rate_like or not noun_metric:
            before_metric = _clean_metric(before, places=places,
                                          event=c.unit in _EVENT_UNITS or c.kind == "duration",
                                          rate=c.kind in ("percent", "percentage_point", "ratio"),
                                          count=c.kind == "count", clause_initial=left_from == clause_start,
                                          clause=text[clause_start:c.start])
        if rate_like:
            c.metric = before_metric or after(i)
            if before_metric and not any(_nounish(x) for x in _tag(before_metric)) and after(i):
                c.metric = after(i)  # 安排22亿元资金: a verb alone names no measure
        else:
            c.metric = noun_metric or before_metric
        if not c.metric and prev is not None and prev.metric and _same_run(text, prev, c, clause_start, places):
            c.metric = prev.metric  # 签约项目124个585亿元 / 到位资金151.8亿元,同比增长71.5%
            inherited = True
        else:
            inherited = False
        sent_start = sent_starts[i]
        c.period = periods[i].strip("“”") if periods[i] is not None else None
        c.is_target = _is_target(text, sent_start, clause_start, c.start, taken_starts) or (
            inherited and prev.is_target)  # 总流量预计4311万辆，同比增长75%: the rate shares the forecast
    _distributive_lists(text, taken, places, metrics)


def _with_status(before: str, noun: str | None) -> str | None:
    """集中开工13个项目 → 开工项目: a lifecycle stage right before the number classifies the noun."""
    if not noun:
        return noun
    toks = _tag(_stripped(before)) if before else ()
    if toks and toks[-1][0] in P.STATUS_WORDS and not noun.startswith(toks[-1][0]):
        new = "新" if len(toks) > 1 and toks[-2][0] == "新" else ""
        return new + toks[-1][0] + noun
    return noun


def _is_target(text: str, sent_start: int, clause_start: int, pos: int, starts: list[int]) -> bool:
    """A goal or forecast cue governs the number: in its own clause, or in an earlier clause of the
    sentence that is a header with no indicator of its own (力争到2030年，A…，B…)."""
    if P.TARGET_WEAK.search(text, clause_start, pos):
        return True
    cues = list(P.TARGET_STRONG.finditer(text, sent_start, pos))
    if not cues:
        return False
    if cues[-1].start() >= clause_start:
        return True
    for cue in cues:
        # the cue's clause ends at the next delimiter before ``pos`` (one character each)
        delim = P.CLAUSE_DELIM.search(text, cue.end(), pos) if cue.end() < pos else None
        end = delim.start() if delim else max(cue.end(), pos)
        k = bisect.bisect_left(starts, cue.start())  # ``starts``: the taken numbers' starts, sorted
        if not (k < len(starts) and starts[k] < end):
            return True  # a header clause: 主要预期目标是：…
    return False


def _same_run(text: str, prev: Candidate, c: Candidate, clause_start: int, places: frozenset[str]) -> bool:
    """``prev`` ends right before ``c`` or in the clause just before it."""
    gap = text[prev.end:c.start]
    return prev.end == c.start or (len(gap) <= 8 and not re.search(r"[。；;\n]", gap)
                                   and _clean_metric(gap, places=places) is None)


# How far back a clause or sentence is looked for: context beyond it never names the
# metric, and the bound keeps a text without punctuation linear (hostile input).
_MAX_LOOKBACK = 300


_DELIMS: list = [None, None, None]  # the text last looked at (held, so its identity is not reused) and its delimiters


def _delimiters(text: str) -> tuple[list[int], list[int]]:
    """Positions of clause and of sentence delimiters in ``text``, found once per text."""
    if _DELIMS[0] is not text:
        _DELIMS[:] = [text, [m.start() for m in P.CLAUSE_DELIM.finditer(text)],
                      [m.start() for m in _SENT_END.finditer(text)]]
    return _DELIMS[1], _DELIMS[2]


def _start_after(delims: list[int], pos: int) -> int:
    """Just after the last delimiter before ``pos``, looking back at most _MAX_LOOKBACK."""
    k = bisect.bisect_left(delims, pos)
    last = delims[k - 1] + 1 if k else 0
    return max(last, pos - _MAX_LOOKBACK, 0)


def _bounds(text: str, taken: list[Candidate]) -> tuple[list[int], list[int]]:
    """The start of each candidate's clause and of its sentence, found once for both passes."""
    clauses, sentences = _delimiters(text)
    return [_start_after(clauses, c.start) for c in taken], [_start_after(sentences, c.start) for c in taken]


def _clause_start(text: str, pos: int) -> int:
    return _start_after(_delimiters(text)[0], pos)


def _sentence_start(text: str, pos: int) -> int:
    return _start_after(_delimiters(text)[1], pos)


# a list of the three sectors: 一二三产业, 一、二、三产业
_SECTORS_LIST = re.compile(r"^(?P<n>[一二三](?:、?[一二三]){1,2})(?:次)?产业?(?:增加值)?$")
_SECTOR_NAME = {"一": "第一产业增加值", "二": "第二产业增加值", "三": "第三产业增加值"}
# list heads that name nothing: 同口径分别增长 takes the names of the amounts before it
_NO_NAME = frozenset("同口径 同比 比上年 全年 其中".split())
# the modifiers of a pair of names sharing a head: 城镇、农村居民人均可支配收入
_SHARED_HEAD = ("城镇", "农村", "城市", "城乡", "市区")


def _complete_names(names: list[str], metrics: K.MetricIndex | None = None) -> list[str]:
    """城镇、农村居民人均可支配收入: an earlier bare modifier takes the last name's head.

    Rule ``shared head``: with ``metrics``, an earlier name that is no canonical metric takes the
    longest tail of the last name that makes it one (城镇居民和农民人均可支配收入 → 城镇居民人均可支配收入)."""
    if len(names) < 2:
        return names
    last = names[-1]
    mod = next((m for m in _SHARED_HEAD if last.startswith(m)), None)
    if mod is not None and len(last) > len(mod):
        names = [n + last[len(mod):] if n in _SHARED_HEAD else n for n in names[:-1]] + [last]
    if metrics is None or K.canonical(metrics, last, "")[0] is None:
        return names
    out = []
    for n in names[:-1]:
        if K.canonical(metrics, n, "")[0] is None:
            n = next((n + last[k:] for k in range(1, len(last) - 1)
                      if K.canonical(metrics, n + last[k:], "")[0] is not None), n)
        out.append(n)
    return out + [last]


def _both_areas(whole: str) -> list[str]:
    """The 城镇 and the 农村 name of a 城乡 name (the cleaning may have dropped 城乡常住 as scope)."""
    k = whole.find("城乡")
    return [whole[:k] + a + whole[k + 2:] for a in ("城镇", "农村")] if k >= 0 else ["城镇" + whole, "农村" + whole]


def _urban_rural(names: list[str], n: int) -> list[str]:
    """A list one name short of its numbers whose one 城乡 name stands for two: 固定资产投资、城乡居民人均
    可支配收入分别达2154.7亿元、25202元和12091元 (the 城镇 and the 农村 figure)."""
    both = [k for k, x in enumerate(names) if x.startswith("城乡")]
    if len(names) < 2 or len(names) + 1 != n or len(both) != 1:
        return names
    k = both[0]
    return names[:k] + ["城镇" + names[k][2:], "农村" + names[k][2:]] + names[k + 1:]


def _names_before(text: str, taken: list[Candidate], i: int, n: int) -> list[str] | None:
    """The metrics of the ``n`` amounts just before ``taken[i]`` in its sentence, when they all
    have one (出口102亿美元，进口99亿美元，分别增长18%、61%)."""
    if i < n:
        return None
    prev = taken[i - n:i]
    sent = _sentence_start(text, taken[i].start)
    if any(p.start < sent or not p.metric for p in prev) or len({p.metric for p in prev}) < n:
        return None
    return [p.metric for p in prev]


_FENBIE = re.compile(r"分别(?:" + P.CHANGE.pattern.rstrip("$") + r")?\s*$")
_SPLIT_METRICS = re.compile(r"、|和|及|与|以及")


# qualifiers at the end of a list that hold for every number of it (分别增长9%和10%以上)
_LIST_QUALIFIERS = ("左右", "以上", "以下")


def _distributive_lists(text: str, taken: list[Candidate], places: frozenset[str],
                        index: K.MetricIndex | None = None) -> None:
    """``X、Y分别增长7.1%、6.3%``: metrics by position, change and 左右 / 以上 shared by the list;
    ``城乡居民人均可支配收入达到A和B``: the 城镇 and the 农村 figure."""
    i = 0
    while i < len(taken):
        j = i
        while j + 1 < len(taken) and P.LIST_SEP.fullmatch(text[taken[j].end:taken[j + 1].start]):
            j += 1
        group = taken[i:j + 1]
        if len(group) > 1:
            first = group[0]
            clause_start = _clause_start(text, first.start)
            head = text[clause_start:first.start]
            fb = re.search(r"分别", head)
            last_q = group[-1].qualifier
            if not fb:  # 能耗和用水量下降33.3%和30.8%: as many names as numbers, in order
                ch = P.CHANGE.search(head)
                names_text = head[:ch.start()] if ch else head
                rate = first.kind in ("percent", "percentage_point", "ratio")
                names = [n for n in (_clean_metric(x, rate=rate, places=places) for x in _SPLIT_METRICS.split(names_text)) if n]
                names = _urban_rural(_complete_names(names, index), len(group))
                whole = _clean_metric(names_text, rate=rate, places=places) if len(names) == 1 else None
                if len({c.unit for c in group}) == 1 and (len(names) == len(group) or (
                        whole and "城乡" in names_text and len(group) == 2)):
                    if len(names) != len(group):  # 城乡居民人均可支配收入达到38536元和16522元
                        names = _both_areas(whole)
                    for c, met in zip(group, names):
                        c.metric = met
                        c.change = c.change or group[0].change
            if fb:
                names_text = head[:fb.start()]
                change = first.change
                rate = first.kind in ("percent", "percentage_point", "ratio")
                names = [n for n in (_clean_metric(x, rate=rate, places=places) for x in _SPLIT_METRICS.split(names_text)) if n]
                names = _urban_rural(_complete_names(names, index), len(group))
                whole = _clean_metric(names_text, rate=rate, places=places)
                sectors = _SECTORS_LIST.search(whole or "")
                if len(names) == len(group):
                    metrics = names
                elif whole and "城乡" in names_text and len(group) == 2:
                    metrics = _both_areas(whole)
                elif sectors and len(group) == len(sectors.group("n")):
                    metrics = [_SECTOR_NAME[k] for k in sectors.group("n")]  # 一二三产业分别增长
                elif not whole or whole in _NO_NAME:
                    metrics = _names_before(text, taken, i, len(group)) or [whole] * len(group)
                else:
                    metrics = [whole] * len(group)
                for c, met in zip(group, metrics):
                    c.metric = met
                    c.change = c.change or change
            elif not (_clean_metric(P.CHANGE.sub("", head), places=places) if head else None) or K.links_only(head):
                before = _names_before(text, taken, i, len(group))  # …37272元、14354元，(实际)增长7.5%和8%
                if before:
                    for c, met in zip(group, before):
                        c.metric = met
                        c.change = c.change or first.change
            if last_q in _LIST_QUALIFIERS:
                for c in group:
                    c.qualifier = c.qualifier or last_q
        i = j + 1


# --------------------------------------------------------------------------- status and year

# an explicit year before the number, not a base of comparison (比2015年, 是2015年的, 2015年以来)
_EXPLICIT_YEAR = re.compile(r"(?<![比较与是从由于])(?<!相比)((?:19|20)\d{2}) ?年(?![的以代]|相比|同期|水平|底前|前)")
# a year ending a span (2021—2035年, 2021-2025年): a plan's period, not the figure's year
_YEAR_SPAN = re.compile(r"(?:19|20)\d{2}(?:年)?\s*[—\-－–~～至到]+\s*$")
# the end of a five-year plan: 十四五末, “十三五”期末
# (not a base of comparison: 比“十一五”末增加5.3亿元)
_PLAN_END = re.compile(r"(?:(?<![比较与是从由于])“|(?<![比较与是从由于“]))十([一二三四五六])五”?(?:末|期末|时期末|收官)")
_PLAN_END_YEAR = {"一": 2010, "二": 2015, "三": 2020, "四": 2025, "五": 2030, "六": 2035}
# relative years: 今年, 去年, 明年, 上年 (in 由上年…收窄为)
_RELATIVE_YEAR = re.compile(r"今年|去年|明年|前年|由上年")
# a part of a year: the figure is not the year's (1-11月, 前三季度, 上半年, 一季度)
# a month before a change word (由1月下降31.1%转变为12月增长32.3%); a later 全年 ends it (，全年下降10.8%)
_PARTIAL = re.compile(r"\d{1,2}\s*[-—–至]\s*\d{1,2}月|前三季度|上半年|下半年|[一二三四]季度|\d{1,2}月(?:份|末|底)"
                      r"|\d{1,2}月(?=当月|同比|环比|增长|下降|上涨|回落|回升)")
_WHOLE_YEAR = re.compile(r"全年")
# an estimate of a past year: 预计
_ESTIMATE = re.compile(r"预计|初步预计|预测")
# rule ``预计数，下同``: a note after a figure that makes it and every later figure of the review an estimate
_ESTIMATE_ON = re.compile(r"[（(]\s*预计(?:数|数字|值)?\s*[，,、]?\s*下同\s*[）)]")
# rule ``several years``: a figure stated for a plan period or a term has no year of its own
# (“十三五”期间，单位GDP能耗下降19.5%; 五年新增城镇就业30万人); not a plan's name (五年规划)
_SEVERAL_YEARS = re.compile(r"“?十[一二三四五六]五”?(?:期间|时期|以来)|(?<![个第])五年(?!规划|计划|行动|攻坚|提升|规划纲要)")
# a passage reviewing a completed five-year plan: a from-to start in it is the start of the term
_PLAN_NAME_IN = re.compile(r"“?十[一二三四五六]五”?(?:规划|计划)?[^。；;]{0,8}(?:全面完成|胜利完成|圆满完成|圆满收官|顺利收官)")
# rule ``城乡…均``: 城乡居民人均可支配收入均增长7% is the 城镇 and the 农村 figure alike
_BOTH = re.compile(r"均(?:为|达到|达|实现)?[^\d，,。；;、]{0,4}$")
# rule ``milestone``: a round figure reached (迈上3万亿元新台阶, 突破千亿大关) is a bound, like 突破
_MILESTONE_AFTER = re.compile(r"(?:的)?(?:新台阶|大关|台阶)")
_MILESTONE_BEFORE = re.compile(r"(?:迈上|跨上|站上|登上)$")
# how far into the sentence before its year may stand to date the next one (预计“十二五”末，…)
_YEAR_OPENS = 14
# rule ``cumulative``: a total of a term or five-year plan has no year of its own (累计完成固定资产投资837亿元)
_CUMULATIVE = re.compile(r"累计|共计|五年共")
# a past reference inside a plan: 去年, 上年 (the number is a result stated for comparison)
_PAST_IN_PLAN = re.compile(r"去年|过去一年|过去五年|五年来")
# rural income before the 2014 survey reform was 纯收入: 农村居民收入 then means 农村居民人均纯收入
_RURAL_GENERIC = ("农村居民收入", "农民收入", "农村居民人均收入")
_RURAL_NET = "农村居民人均纯收入"
_RURAL_NET_UNTIL = 2014


def _year_in(text: str, start: int, pos: int, doc: DocumentInfo, sec_year: int | None,
             review: bool) -> tuple[int | None, str] | None:
    """The year a sentence states before ``pos`` (explicit, plan end or relative), nearest first."""
    found = []
    for m in _EXPLICIT_YEAR.finditer(text, start, pos):
        if _YEAR_SPAN.search(text, max(0, m.start() - 6), m.start()) or text.rfind("《", start, m.start()) > text.rfind("》", start, m.start()):
            continue  # rule ``title years``: 《…规划（2021—2035年）》 names a plan's span, not the figure's year
        found.append((m.start(), int(m.group(1)), f"explicit {m.group()}"))
    for m in _PLAN_END.finditer(text, start, pos):
        found.append((m.start(), _PLAN_END_YEAR[m.group(1)], f"plan end {m.group()}"))
    for m in _RELATIVE_YEAR.finditer(text, start, pos):
        # 今年: the year of delivery in a review (a report of December reviews 今年), else the planned year
        if review:
            now = doc.delivered_year or (sec_year + 1 if sec_year else doc.report_year)
        else:
            now = sec_year or doc.report_year
        if now is None:
            continue
        w = m.group()
        y = {"今年": now, "去年": now - 1, "明年": now + 1, "前年": now - 2}.get(w)
        if w == "由上年":
            if sec_year is None or re.search(r"[\d，,；;。]", text[m.end():pos]):
                continue  # 由上年下降40.3%收窄为…: only the number right after it
            y = sec_year - 1
        found.append((m.start(), y, f"{w} (this year {now})" if w != "由上年" else "由上年"))
    if not found:
        return None
    _, y, rule = max(found)
    return y, rule


def _document_status(text: str, sent_start: int, c: Candidate) -> tuple[str, str]:
    """Status outside a work report's sections: the goal and forecast cues (is_target)."""
    if not c.is_target:
        return "actual", "no goal or forecast cue governs it"
    if _ESTIMATE.search(text, _clause_start(text, c.start), c.start) or (
            _ESTIMATE.search(text, sent_start, c.start) and not P.TARGET_STRONG.search(
                text.replace("预计", "  "), sent_start, c.start)):
        return "estimate", "预计 governs it"
    return "target", "a goal cue governs it"


def _resolve(text: str, taken: list[Candidate], doc: DocumentInfo, res: _Resources,
             bounds: tuple[list[int], list[int]]) -> None:
    """Fill metric_canonical, measure, status, year and basis of the taken candidates (in place);
    ``bounds``: their clauses' and sentences' starts (:func:`_bounds`)."""
    if not taken:
        return
    secs = S.sections(text, report_year=doc.report_year, headline=res.metrics.headline) if doc.work_report else []
    from_to = fromto.pairs(text, [(c.num_start, c.num_end) for c in taken])
    estimates_on = [m.start() for m in _ESTIMATE_ON.finditer(text)] if secs else []
    named_from = -1  # the furthest start of a number before this one with a canonical metric (-1: none)
    for i, c in enumerate(taken):
        why = []
        clause_start, sent_start = bounds[0][i], bounds[1][i]
        ft = from_to.get(i)
        if c.metric and c.metric.startswith("城乡") and _BOTH.search(text, clause_start, c.start):
            c.metric = "城镇、农村" + c.metric[2:]  # one panel row each (rule ``shared number``)
        m, mrule = K.canonical(res.metrics, fromto.metric_phrase(c.metric) if ft else c.metric,
                               text[clause_start:c.start])
        if ft is not None and ft.role == "to" and taken[ft.partner].metric_canonical:  # 从50%提高到55.2%
            m, mrule = res.metrics.by_alias[taken[ft.partner].metric_canonical], "from-to: the metric of the start"
        if m is None and c.metric and i and taken[i - 1].metric == c.metric and taken[i - 1].metric_canonical \
                and taken[i - 1].start >= sent_start:  # 进出口贸易总额125亿元，同比增长40%: the shared phrase
            m, mrule = res.metrics.by_alias[taken[i - 1].metric_canonical], f"as the number before ({c.metric})"
        if m is None and (not c.metric or K.links_only(c.metric)) and i and taken[i - 1].metric_canonical \
                and taken[i - 1].start >= sent_start and K.links_only(text[clause_start:c.start]):  # GDP突破2000亿元，达到2112.3亿元，同口径增长5.2%: a chain
            m, mrule = res.metrics.by_alias[taken[i - 1].metric_canonical], "chain: as the number before"
        if m is None and K.generic_head(c.metric):
            prev = next((p for p in reversed(taken[:i]) if p.metric_canonical and p.start >= sent_start), None)
            if prev is not None:
                m, mrule = res.metrics.by_alias[prev.metric_canonical], f"{c.metric} of {prev.metric_canonical}"
        part = max(sent_start, text.rfind("；", sent_start, c.start) + 1, text.rfind(";", sent_start, c.start) + 1)
        generic = K.generic_head(c.metric)
        if m is None and named_from < part and (
                generic or (not c.metric or K.links_only(c.metric))
                and text[clause_start:c.start].strip() and K.links_only(text[clause_start:c.start])
                and clause_start > part):  # the sentence (or its part after ；) opens with the metric
            m = K.subject(res.metrics, text[part:c.start], c.metric if generic else None)
            para = text.rfind("\n", 0, part) + 1
            if m is None and generic and para < part:  # ——粮食生产再创新高。…总产量达到853.2亿斤: the paragraph's topic
                m = K.subject(res.metrics, text[para:part], c.metric)
            mrule = f"sentence subject ({m.canonical})" if m else mrule
        if m is not None and c.metric and c.metric.startswith("占") and "占" not in mrule:
            why.append(f"metric: a share of {m.canonical} (占…的), not {m.canonical}")  # 占全市固定资产投资的72.5%
            m = None
        if c.qualifier is None and (_MILESTONE_AFTER.match(text, c.end) or _MILESTONE_BEFORE.search(text, max(0, c.start - 3), c.start)):
            c.qualifier = "超"  # rule ``milestone``: 迈上3万亿元新台阶 is a bound, the exact figure follows
        if m is not None and clause_start > part and K.subarea_subject(text[part:c.start]):
            why.append("metric: sub-area subject (the sentence opens with a part of the area)")
            m = None
        if m is not None and not K.unit_fits(m, c.unit, c.kind):
            why.append(f"metric: {m.canonical} takes no {c.unit}")
            m = None
        # status and year: the work report's part, else the sentence's words
        sec = S.section_at(secs, c.start) if secs else None
        year, yrule = None, "no year"
        if sec is None:
            status, srule = _document_status(text, sent_start, c)
            year, yrule = (doc.report_year, "document year") if doc.work_report else (None, "no year")
        elif sec.kind == "targets":
            status, srule = "target", f"main targets ({sec.rule})"
            year, yrule = sec.year, "the planned year"
        elif sec.kind in ("plan", "plan_five"):
            past = _PAST_IN_PLAN.search(text, clause_start, c.start) and not c.is_target
            status, srule = ("actual", "past reference in the plan") if past else ("target", f"plan ({sec.rule})")
            year, yrule = (sec.year, "the planned year") if sec.kind == "plan" else (None, "five-year plan")
        elif sec.kind in ("review", "review_five"):
            est = _ESTIMATE.search(text, sent_start, c.start)
            if not est and text.startswith("其中", sent_start) and sent_start > 0:  # 预计…增长12%。其中，一产…
                est = _ESTIMATE.search(text, _sentence_start(text, sent_start - 1), sent_start)
            status, srule = ("estimate", "预计 in a review") if est else ("actual", f"review ({sec.rule})")
            # the note closes the number's sentence, or an earlier one of the same review part
            on = next((p for p in estimates_on if (p >= c.end and _sentence_start(text, p) == sent_start) or (
                p < c.start and (ps := S.section_at(secs, p)) is not None and ps.kind == sec.kind
                and ps.year == sec.year)), None)
            if not est and on is not None:
                status, srule = "estimate", "预计数，下同"
            year, yrule = (sec.year, "the reviewed year") if sec.kind == "review" else (None, "five-year review")
        else:
            status, srule = _document_status(text, sent_start, c)
            status, srule = status, srule + f" ({sec.rule})"
            year, yrule = None, "no year"
        stated = _year_in(text, sent_start, c.start, doc, sec.year if sec else None,
                          review=bool(sec and sec.kind.startswith("review")))
        if stated is not None:
            year, yrule = stated
        if stated is None and sec is not None and sec.kind == "review_five" and not c.change and sent_start > sec.start:
            prev = _sentence_start(text, sent_start - 1)  # the year must open the sentence before (2015年全市…)
            before = _year_in(text, prev, min(sent_start - 1, prev + _YEAR_OPENS), doc, None, review=True)
            if before is not None:  # rule ``year of the sentence before``: 预计“十二五”末，…。城镇居民人均可支配收入19620元
                year, yrule = before[0], f"the sentence before: {before[1]}"
        if sec is not None and sec.kind.endswith("_five") and _CUMULATIVE.search(text, clause_start, c.start):
            year, yrule = None, "cumulative total of several years (累计)"
        several = _SEVERAL_YEARS.search(text, sent_start, c.start) if sec is not None else None
        if several and (stated is None or stated[1].startswith(("今年", "去年"))) and not ft:
            year, yrule = None, f"several years ({several.group()})"
        partial = list(_PARTIAL.finditer(text, max(sent_start, c.start - 24), c.start))
        if partial and not _WHOLE_YEAR.search(text, partial[-1].end(), c.start):
            year, yrule = None, "part of a year"
        if ft is not None:  # 由2012年的13778.8亿元增加到2017年的16199.9亿元: two levels, not a change
            c.change = None
            c.metric = fromto.metric_phrase(c.metric) if ft.role == "from" else taken[ft.partner].metric
            if ft.role == "from":
                past = ft.year or (sec.year - 1 if sec is not None and sec.year else None)
                para = text.rfind("\n", 0, c.start) + 1
                if not ft.year and (_SEVERAL_YEARS.search(text, para, c.start) or _PLAN_NAME_IN.search(text, para, c.start)):
                    past = None  # 十三五 … 生产总值从2.38万亿元增加到3.87万亿元: the start is the term's, not last year's
                status, srule = "actual", "from-to: the starting level is a past figure"
                year, yrule = past, (f"from-to: 由{ft.year}年" if ft.year else "from-to: the year before the passage's")
            elif ft.year:
                year, yrule = ft.year, f"from-to: 到{ft.year}年"
        if m is not None and mrule.endswith(_RURAL_GENERIC) and year is not None and year <= _RURAL_NET_UNTIL:
            m, mrule = res.metrics.by_alias.get(_RURAL_NET, m), mrule + f" (纯收入 until {_RURAL_NET_UNTIL})"
        meas, measrule = K.measure(m, unit=c.unit, kind=c.kind, change=c.change, value=c.value)
        # the review's summary of results is told apart (the panel takes summary-tier metrics from it)
        c.section = (("summary_five" if sec.kind == "review_five" else "summary") if sec.summary else sec.kind) \
            if sec else None
        c.metric_canonical = m.canonical if m else None
        if c.metric_canonical:
            named_from = max(named_from, c.start)
        c.measure, c.status, c.year = meas, status, year
        c.is_target = status != "actual"
        c.basis = "; ".join([f"metric: {mrule}" if m else (why[0] if why else "metric: not in metrics.txt"),
                             f"measure: {measrule}", f"status: {srule}", f"year: {yrule}"])


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


def _forget() -> None:
    _tagger.cache_clear()
    _tag_with.cache_clear()
    _DELIMS[:] = [None, None, None]
    _RESOLVED[:] = [None, None]
    _METRICS[:] = [None, {}, {}]


memory.on_stage_change(_forget)
