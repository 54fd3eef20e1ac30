"""Indicators: the numbers of a text and the rules that decide each (``NUMBER_RULES``).

The number scan's building blocks for :func:`pipeline.indicators.extract`: the resources
taken from a lexicon (units, places, canonical metrics, excluded spans, the tagger's words),
the spans whose numerals are never indicators, a number's value, unit and qualifiers, the
ordered number rules, ranges (3-5万元) and price indices, and the pre-pass that skips the
numerals that can give no row.

>>> text, res = "开复工率97.1%", resources(None)
>>> c = parse_at(text, P.NUMBER.search(text), blocked_spans(text, [], res), IndicatorConfig(), res)
>>> (c.value, c.unit, c.rule)
(97.1, '%', 'number+unit')
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from pipeline import canonical as K
from pipeline import memory, numbers
from pipeline import patterns as P
from pipeline.config import IndicatorConfig
from pipeline.lexicons import Lexicon, bundled

# units whose Chinese small numerals still measure something (下降两个百分点)
_RATE_KINDS = ("percent", "percentage_point", "ratio", "money")
# words before a 月/日/年 number that make it a duration rather than a time point
_DURATION_CUE = re.compile(r"(?:连续|为期|历时|用时|用了|长达|提前|延长|缩短|仅用|只用|不到|近|达|满|逾|超过|每)$")
# a threshold before an age: 年满60周岁, 不满18岁
_AGE_CUE = re.compile(r"(?:满|不满|年满|超过|低于|以上|以下)$")
# verbs right before a bare magnitude that make it an amount (达到千亿元)
_BARE_OK = re.compile(r"(?:达到|达|突破|超过|超|逾|近|接近|约)$")
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
class Resources:
    """What the extractor takes from a lexicon."""

    units: P.UnitPatterns  # units.txt and the regexes built from it
    places: frozenset[str]  # gazetteer names and aliases: a place opening a metric is dropped
    metrics: K.MetricIndex  # metrics.txt: canonical metrics by alias
    excluded: tuple[tuple[str, re.Pattern], ...]  # patterns.EXCLUDED_SPANS, then numeral_idioms.txt ("idiom")
    tagging: "Tagging"  # tagger_words.txt and tag_fixes.txt


class Tagging:
    """The words added to the part-of-speech tagger and the tags it gets wrong (hashed by identity)."""

    def __init__(self, words: tuple[tuple[str, str], ...], fixes: tuple[tuple[str, str], ...]):
        self.words, self.fixes = words, dict(fixes)


_RESOLVED: list = [None, None]  # the lexicon last resolved (held: its identity is not reused) and its resources


def resources(lexicon: Lexicon | None) -> Resources:
    """The resources of ``lexicon`` (the bundled lexicons if None), built once per lexicon object."""
    lexicon = bundled() if lexicon is None else lexicon
    if _RESOLVED[0] is not lexicon:
        places = frozenset(n for pl in lexicon.places for n in (pl.name, *pl.aliases) if n)
        excluded = (*P.EXCLUDED_SPANS, ("idiom", P.idiom_pattern(lexicon.rule_words("numeral_idioms"))))
        tagging = Tagging(lexicon.rule_words("tagger_words"), lexicon.rule_words("tag_fixes"))
        _RESOLVED[:] = [lexicon, Resources(P.unit_patterns(lexicon.units), places, K.index(lexicon.metrics),
                                            excluded, tagging)]
    return _RESOLVED[1]


def tagging_in_use() -> Tagging:
    """The tagger's words and fixes of the lexicon last resolved (the one :func:`resources` last built)."""
    return (_RESOLVED[1] or resources(None)).tagging


# --------------------------------------------------------------------------- scanning

class Blocked:
    """Spans whose numerals are never indicators; ``reason(s, e)`` gives the reason of the
    first listed span overlapping ``[s, e)``, in time linear in the text (an index of the
    lowest span number covering each character), not in the number of spans."""

    def __init__(self, n: int, spans: list[tuple[int, int, str]]):
        self.reasons = [r for _, _, r in spans]
        # the spans written last to first, each over the characters it covers: the lowest number
        # covering a character is written last (a list slice a span: ~4x quicker than a numpy
        # minimum a span, and looked up a few characters at a time a list is 10x quicker)
        self.first = first = [len(spans)] * (n + 1)
        for i in range(len(spans) - 1, -1, -1):
            bs, be = max(spans[i][0], 0), min(max(spans[i][1], 0), n + 1)
            if be > bs:
                first[bs:be] = [i] * (be - bs)

    def reason(self, s: int, e: int) -> str | None:
        if e <= s:
            return None
        i = min(self.first[s:e])
        return self.reasons[i] if i < len(self.reasons) else None


def blocked_spans(text: str, extra: list[tuple[int, int, str]], res: Resources) -> Blocked:
    """Spans whose numerals are never indicators, with the reason."""
    spans = list(extra)
    for reason, rx in res.excluded:
        needs = P.EXCLUDED_SPANS_NEED.get(rx)
        if needs and not any(s in text for s in needs):
            continue  # a rule that cannot match here
        spans.extend((m.start(), m.end(), reason) for m in rx.finditer(text))
    for m in P.QUOTED.finditer(text):
        inner = m.group(1)
        if not P.HAS_NUMERAL.search(inner):
            continue
        if _is_number_unit(inner, res):
            continue  # “20条”: a count of measures in quotation marks
        spans.append((m.start(), m.end(), "slogan_structure"))
    return Blocked(len(text), spans)


def _is_number_unit(s: str, res: Resources) -> bool:
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

    def __init__(self, text: str, m: re.Match, blocked: Blocked, config: IndicatorConfig, res: Resources):
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


def parse_at(text: str, m: re.Match, blocked, config: IndicatorConfig, res: Resources) -> Candidate:
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


def range_with(text: str, a: Candidate, m: re.Match, blocked, config: IndicatorConfig,
                res: Resources) -> tuple[Candidate, int] | None:
    """Merge ``a`` (no unit, or the same unit) with the number after a range connector."""
    sep = P.RANGE_SEP.match(text, a.num_end if a.unit is None else a.end)
    if not sep:
        return None
    m2 = P.NUMBER.match(text, sep.end())
    if not m2 or m2.group("pre"):
        return None
    b = parse_at(text, m2, blocked, config, res)
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


def price_index(text: str, c: Candidate) -> Candidate:
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


def gives_no_row(text: str, m: re.Match, blocked: Blocked, res: Resources) -> bool:
    """True when the NUMBER match ``m`` can give no indicator, alone or as the start of a range,
    read from a few characters around it without deciding it (most numerals of a text: 一是,
    进一步, 2022年): its number lies in an excluded span, or nothing after it can make it one (a
    unit, a counted noun after an Arabic number, 亿 for implied 元, a range connector) and no
    price index names it. Exact: :func:`parse_at` would exclude every number it skips."""
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


def _forget() -> None:
    _RESOLVED[:] = [None, None]


memory.on_stage_change(_forget)
