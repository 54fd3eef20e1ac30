"""Canonical metrics and measures of indicator rows, from ``lexicons/metrics.txt``.

:func:`canonical` maps the metric phrase of a row (``全省地区生产总值``, ``社零总额``,
``地方财政收入``) to the bureau's name (``地区生产总值``, ``社会消费品零售总额``,
``一般公共预算收入``): the phrase, with scope words and a leading place name stripped, must
*be* an alias — a phrase that merely contains one (``兰州新区生产总值``, ``制造业增加值``)
is another indicator. When the phrase does not match, the clause before the number is
searched for an alias that ends right before it, separated only by change and link words
(``CPI涨幅控制在4%``). :func:`measure` names what the number measures.

>>> from pipeline.lexicons import bundled
>>> idx = index(bundled().metrics)
>>> canonical(idx, "全省地区生产总值", "")[0].canonical
'地区生产总值'
>>> canonical(idx, "兰州新区生产总值", "")[0] is None
True
>>> canonical(idx, None, "居民消费价格指数涨幅控制在")[0].canonical
'居民消费价格'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import ahocorasick_rs

from pipeline import memory
from pipeline.lexicons import Metric
from pipeline.patterns import CJK_UNIFIED, CN_TEN, DIVISION_SUFFIX_NO_DISTRICT

# scope and status words opening a metric phrase: 全省, 我市, 全社会 (an alias keeps its own), 预计完成
_SCOPE = re.compile(r"^(?:(?:19|20)\d{2}\s?年(?:底|末)?|全国|全省|全市|全州|全县|全区|全盟|全地区|全域|我国|我省|我市|我州|我县|我区|本市|本省|全年|当年|年末|"
                    r"其中|预计|初步核算|实现|完成|累计|共|达到|主要经济指标|经济指标|主要指标|同口径|全口径|城乡两大|"
                    r"带动|拉动)+")  # 带动全社会固定资产投资: a verb governing the metric
# a leading place name: 宁波市, 四川省, 赣州 (not 地区 / 新区: 地区生产总值, 兰州新区生产总值)
_PLACE = re.compile(r"^[" + CJK_UNIFIED + r"]{2,7}?" + DIVISION_SUFFIX_NO_DISTRICT)
# words closing a metric phrase that do not change the metric: 增速, 涨幅, 同比
_TAIL = re.compile(r"(?:增速|增幅|涨幅|升幅|增长率|总量|同比|同口径|分别|均|预计|全年|完成|实现|调控|控制|"
                   r"扣除价格因素|按可比口径|可比口径|实际|水平|仍|也|继续|年)+$")
# 城镇居民年人均可支配收入, 农民年人均纯收入: a per-year 年 before 人均
_PER_YEAR = re.compile(r"年(?=人均)")
# what may stand between an alias and its number in the clause (change, link and bound words)
_LINK = re.compile(r"^(?:[（(][^）)]{0,12}[）)])?(?:[（(][^）)]{0,12}[）)]|同口径|同比|比上年|较上年|比去年|较去年|预计|全年|分别|均|也|将|预计完成|完成|"
                   r"扣除价格因素|按可比口径|可比口径|口径|实际|仍|年|迈上|跨上|站上|登上)*"
                   r"(?:增长|下降|上涨|上升|提高|降低|减少|削减|增加|回落|涨幅|增幅|降幅|增速|增加值|为|是|达到|达|完成|实现|"
                   r"控制在|控制|调控在|保持在|保持|稳定在|突破|超过|超|约|近|在|至|到|了|以上|左右|年均|平均|占|升幅)*$")
# a part of the issuer's area before the metric: 东部片区全年完成固定资产投资, 兰州新区生产总值
_SUBAREA = re.compile(r"(?:片区|新区|园区|开发区|高新区|示范区|试验区|自贸区|经开区|城区|[东西南北]部|县域|民营经济|非公经济)"
                      r"(?:全年|累计|共|完成|实现|的)*$")
# a sentence opening with a part of the issuer's area as its subject: 天府新区建设高水平推进，…
_SUBAREA_OPEN = re.compile(r"(?P<before>[^，,；;：:。\d]{0,14}?)(?:片区|新区|园区|开发区|高新区|示范区|试验区|自贸区|经开区|县域)")
# words before the part that make it an object, not the subject (以开发区为引领, 推进园区建设)
_NOT_SUBJECT = re.compile(r"以|把|对|在|向|推进|推动|加快|支持|坚持|围绕|依托|建设|打造|发挥")
# the whole area named again in a later clause: 全市固定资产投资 is the city's
_WHOLE_AREA = re.compile(r"全国|全省|全市|全州|全县|全区|全盟|全域|我省|我市|我州|我县|全社会")
# the names of GDP inside a longer alias, each standing for the others (registered as variants)
_GDP = re.compile(r"地区生产总值|(?<!国内)生产总值|GDP")
_GDP_WORDS = frozenset("地区生产总值 生产总值 GDP".split())
# generic heads that take the metric of the number before them: 总额突破1000亿元
_GENERIC = frozenset("总额 总量 规模 总值 增加值 收入 金额 产量 总产量 新台阶 台阶 大关".split())
# a bullet or a number opening a paragraph: ——, （一）, 一、, 一是
_OPENING_MARK = re.compile(r"^[\s—\-*]*(?:[（(][" + CN_TEN + r"\d]+[)）]|[" + CN_TEN + r"]+(?:、|是))?\s*")
# how far into a sentence its subject may reach to complete a generic head (粮食稳产丰收，产量达到…)
_SUBJECT_HEAD_REACH = 8
# changes that lower the value: 下降3% is −3
_DOWN = re.compile(r"下降|降低|减少|削减|回落|下滑|下跌|缩小|降幅|^降|^减|[^增]减|[^增]降")


@dataclass(frozen=True)
class MetricIndex:
    """The metrics of a lexicon, by alias (the canonical name is an alias of itself)."""

    by_alias: dict[str, Metric]
    alias_re: re.Pattern  # any alias, longest first
    headline: re.Pattern  # the aliases of the headline metrics (tier headline), longest first
    # alias_re's matches found by an automaton (leftmost, then longest: the matches of an alternation
    # longest first), one pass over a text instead of the ~300 alternatives tried at each character.
    # Not part of the state: a pickled or copied index builds it again from by_alias (it cannot be pickled)
    alias_automaton: ahocorasick_rs.AhoCorasick | None = field(default=None, compare=False, repr=False)

    def __reduce__(self):
        return _rebuilt, (self.by_alias, self.alias_re, self.headline)


def _rebuilt(by_alias: dict[str, Metric], alias_re: re.Pattern, headline: re.Pattern) -> MetricIndex:
    """The index unpickled or copied: its fields, and the automaton built again from its aliases."""
    return MetricIndex(by_alias, alias_re, headline, _automaton(_longest_first(by_alias)))


def _longest_first(by_alias: dict[str, Metric]) -> list[str]:
    return sorted(by_alias, key=lambda w: (-len(w), w))


def _automaton(words: list[str]) -> ahocorasick_rs.AhoCorasick | None:
    """alias_re's twin (leftmost-longest); none for no alias or an empty one (the alternation's empty
    match has no automaton twin)."""
    if not words or not all(words):
        return None
    return ahocorasick_rs.AhoCorasick(words, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)


def alias_spans(idx: MetricIndex, text: str) -> list[tuple[int, int]]:
    """(start, end) of ``idx.alias_re.finditer(text)``'s matches, by the automaton when there is one.

    >>> from pipeline.lexicons import bundled
    >>> t = "全市地区生产总值增长"
    >>> alias_spans(index(bundled().metrics), t) == [m.span() for m in index(bundled().metrics).alias_re.finditer(t)]
    True
    """
    if idx.alias_automaton is not None:
        try:
            return [(s, e) for _, s, e in idx.alias_automaton.find_matches_as_indexes(text)]
        except UnicodeEncodeError:  # a lone surrogate: the automaton reads UTF-8, the regex any str
            pass
    return [m.span() for m in idx.alias_re.finditer(text)]


@lru_cache(maxsize=8)
def index(metrics: tuple[Metric, ...]) -> MetricIndex:
    """The alias index of ``Lexicon.metrics``, built once per table."""
    by_alias: dict[str, Metric] = {}
    for m in metrics:
        for a in (m.canonical, *m.aliases, *( [m.national] if m.national else [])):
            by_alias.setdefault(a, m)
    for a, m in list(by_alias.items()):  # GDP and 生产总值 name the same inside a longer alias (研发经费支出占GDP比重)
        if a not in _GDP_WORDS:
            for v in (_GDP.sub("GDP", a), _GDP.sub("生产总值", a), _GDP.sub("地区生产总值", a)):
                by_alias.setdefault(v, m)
    words = _longest_first(by_alias)
    alias_re = re.compile("|".join(re.escape(w) for w in words) or "(?!)")
    heads = [w for w in words if by_alias[w].tier == "headline"]
    return MetricIndex(by_alias, alias_re, re.compile("|".join(re.escape(w) for w in heads) or "(?!)"),
                       _automaton(words))


_LOOKUPS_KEPT = 65536
_LOOKUPS: list = [None, {}]  # the index last looked in (held, so its identity is not reused) and its phrases' answers


def _lookup(idx: MetricIndex, phrase: str) -> tuple[Metric | None, str]:
    """(metric, alias) a phrase names, remembered per index: the phrases before numbers recur
    (生产总值, 固定资产投资), and each answer costs a handful of regex passes."""
    if _LOOKUPS[0] is not idx:
        _LOOKUPS[:] = [idx, {}]
    known = _LOOKUPS[1]
    if phrase not in known:
        if len(known) >= _LOOKUPS_KEPT:
            known.clear()  # a bounded memory over a long run
        known[phrase] = _lookup_uncached(idx, phrase)
    return known[phrase]


def _lookup_uncached(idx: MetricIndex, phrase: str) -> tuple[Metric | None, str]:
    p = _PER_YEAR.sub("", phrase.strip())
    de = p.rfind("的")
    if de > 0 and p[de + 1:] in idx.by_alias and not _SUBAREA.search(p[:de + 1]):
        return idx.by_alias[p[de + 1:]], p[de + 1:]  # rule ``after 的``: 来源于广东的财政总收入
    for step in range(3):
        if p in idx.by_alias:
            return idx.by_alias[p], p
        q = _TAIL.sub("", _SCOPE.sub("", p))
        if q in idx.by_alias:
            return idx.by_alias[q], q
        m = _PLACE.match(q)
        if m and q[m.end():] in idx.by_alias:
            return idx.by_alias[q[m.end():]], q[m.end():]
        if m:
            q = q[m.end():]
        if q == p:
            break
        p = q
    return None, ""


def canonical(idx: MetricIndex, phrase: str | None, clause_before: str) -> tuple[Metric | None, str]:
    """(metric, rule) of a row whose metric phrase is ``phrase`` and whose clause before the
    number is ``clause_before``."""
    if phrase:
        m, alias = _lookup(idx, phrase)
        if m:
            k = clause_before.rfind(phrase)
            if k >= 0 and _SUBAREA.search(clause_before[:k]):
                return None, ""
            return m, f"alias {alias}"
    # the clause: the alias ending nearest the number, with only link words between
    best = None
    for start, end in alias_spans(idx, clause_before):
        if _LINK.match(clause_before[end:]):
            best = start, end
    if best is not None:
        before = clause_before[:best[0]]
        if _SUBAREA.search(before):
            return None, ""
        ok = (not before or before[-1] in "，,、；;：:和及与）)" or _SCOPE.search(before) and _SCOPE.sub("", before[-8:]) == ""
              or re.search(r"(?:全国|全省|全市|全州|全县|全区|全社会|我省|我市|预计|完成|实现|其中|[省市州县])$", before))
        if ok:
            alias = clause_before[best[0]:best[1]]
            return idx.by_alias[alias], f"clause {alias}"
    return None, ""


# the separators of a list of metrics sharing one number: 社会消费品零售总额、服务业增加值均增长6.5%
_LIST_SEP = re.compile(r"、|和|及|与|以及")
# modifiers that take the head of the last name of a list: 城镇、农村居民人均可支配收入
_LIST_MODIFIERS = ("城镇", "农村", "城市", "市区")


def metric_list(idx: MetricIndex, phrase: str | None) -> list[Metric]:
    """The metrics of a phrase that lists two or more, all of them canonical, sharing one number
    (生产总值、人均GDP、全员劳动生产率增速均为7%); an empty list otherwise.

    >>> from pipeline.lexicons import bundled
    >>> [m.canonical for m in metric_list(index(bundled().metrics), "城镇、农村居民人均可支配收入")]
    ['城镇居民人均可支配收入', '农村居民人均可支配收入']
    """
    if not phrase:
        return []
    parts = [x for x in _LIST_SEP.split(_TAIL.sub("", phrase)) if x]
    if len(parts) < 2:
        return []
    last = parts[-1]
    mod = next((m for m in _LIST_MODIFIERS if last.startswith(m)), None)
    if mod is not None:
        parts = [p + last[len(mod):] if p in _LIST_MODIFIERS else p for p in parts]
    found = [_lookup(idx, p)[0] for p in parts]
    if any(m is None for m in found) or len({m.canonical for m in found}) < len(found):
        return []
    return found


def links_only(clause_before: str) -> bool:
    """Only change and link words stand before the number in its clause (，达到2112.3亿元，增长5.2%):
    the number goes on with the metric of the number before it."""
    return bool(_LINK.match(clause_before.strip()))


def generic_head(phrase: str | None) -> bool:
    """A phrase that names no metric of its own (总额): it takes the one before it."""
    return bool(phrase) and phrase in _GENERIC


def subject(idx: MetricIndex, sentence_before: str, head: str | None = None) -> Metric | None:
    """Rule ``sentence subject``: the metric a sentence opens with, for a number whose own clause
    names none (固定资产投资增速降幅收窄，预计下降1.5%); with a generic ``head`` (产量, 总额), the
    metric the sentence's opening words make of it (粮食稳产丰收，产量达到555.4亿斤 → 粮食产量).

    >>> from pipeline.lexicons import bundled
    >>> idx = index(bundled().metrics)
    >>> subject(idx, "全市固定资产投资增速降幅收窄，预计下降").canonical
    '固定资产投资'
    >>> subject(idx, "粮食稳产丰收，产量达到", "产量").canonical
    '粮食产量'
    >>> subject(idx, "营商环境持续优化，预计增长") is None
    True
    """
    s = _SCOPE.sub("", _OPENING_MARK.sub("", sentence_before))
    place = _PLACE.match(s)
    if place and idx.alias_re.match(s, place.end()):
        s = s[place.end():]
    if head:
        return next((idx.by_alias[s[:k] + head] for k in range(2, min(_SUBJECT_HEAD_REACH, len(s)) + 1)
                     if s[:k] + head in idx.by_alias), None)
    a = idx.alias_re.match(s)
    if a is None or _LIST_SEP.match(s, a.end()):  # 城镇新增就业、再就业任务超额完成: a list is no subject
        return None
    return idx.by_alias[a.group()]


def subarea_subject(sentence_before: str) -> bool:
    """Rule ``sub-area subject``: the sentence opens with a part of the area (天府新区建设高水平推进，
    全年完成固定资产投资1944.8亿元) and the number's clause does not name the whole area again: the
    figure is the part's.

    >>> subarea_subject("天府新区建设高水平推进，全年完成固定资产投资")
    True
    >>> subarea_subject("天府新区建设高水平推进，全市完成固定资产投资")
    False
    """
    head = re.split(r"[，,；;：:]", sentence_before, maxsplit=1)[0]
    sub = _SUBAREA_OPEN.match(head)
    return len(head) < len(sentence_before) and sub is not None and not _NOT_SUBJECT.search(sub.group("before")) \
        and not _WHOLE_AREA.search(sentence_before, len(head))


def measure(metric: Metric | None, *, unit: str | None, kind: str | None, change: str | None,
            value: float | None) -> tuple[str | None, str]:
    """(measure, rule): level, growth, share, rate, count, average_growth (年均), multiple (倍),
    or the kind of a row with no canonical metric.

    >>> from pipeline.lexicons import Metric
    >>> gdp = Metric("地区生产总值", ("level", "growth"), "元")
    >>> measure(gdp, unit="%", kind="percent", change="增长", value=7.7)
    ('growth', 'change 增长 with %')
    >>> measure(gdp, unit="元", kind="money", change=None, value=3.2e12)
    ('level', 'unit 元')
    """
    change = change or ""
    if kind == "index":
        return "level", "price index (last year = 100)"  # rule ``price index``: 控制在103以内
    if kind == "ratio":
        return "multiple", "unit 倍"
    if unit in ("%", "百分点", "‰"):
        if change.startswith(("年均", "平均")):
            return "average_growth", f"change {change}"
        if metric is not None and unit != "百分点" and change.endswith(("至", "到")) \
                and metric.measures[0] in ("share", "rate"):
            return metric.measures[0], f"{metric.canonical} {change}: the level reached"  # 比重提高至1.8%
        if change or unit == "百分点":
            return "growth", f"change {change or '百分点'} with {unit}"
        if metric is None:
            return "rate", f"{unit} without a change word"
        first = metric.measures[0]
        if first in ("share", "rate"):
            return first, f"{metric.canonical} is a {first}"
        if "growth" in metric.measures:
            if metric.canonical == "居民消费价格" and value is not None and value >= 90:
                return "level", "price index (last year = 100)"
            return "growth", f"{unit} of {metric.canonical} without a change word"
        return first, f"{metric.canonical} takes {first}"
    if kind in ("money", "quantity", "count"):
        if change.startswith(("年均", "平均")):
            return "average_growth", f"change {change}"
        if change and kind != "count":
            return "change", f"change {change} with {unit}"  # 增加120亿元: an absolute change
        if metric is not None and "count" in metric.measures:
            return "count", f"{metric.canonical} is a count"
        if metric is not None and "level" in metric.measures:
            return "level", f"unit {unit}"
        return ("count" if kind == "count" else "level"), f"unit {unit}"
    return kind, f"kind {kind}"


def signed(value: float | None, change: str | None, measure_: str | None) -> float | None:
    """A growth is negative when the change lowers the value (下降3% → −3)."""
    if value is None or measure_ not in ("growth", "average_growth") or not isinstance(change, str) or not change:
        return value
    if change.endswith(("到", "至")):
        return value  # 涨幅回落到2.6%: the rate reached, not the change
    return -value if _DOWN.search(change) else value


def unit_fits(metric: Metric, unit: str | None, kind: str | None) -> bool:
    """A level or count in a unit the metric can take (元 and 美元 are both money)."""
    if unit in ("%", "百分点", "‰") or kind == "ratio":
        return True
    if kind == "index":
        return "level" in metric.measures and not metric.unit  # an index has no unit of its own
    if not metric.unit:
        return False
    if metric.unit in ("元", "美元"):
        return kind == "money"
    if metric.unit in ("吨",):
        return unit in ("吨", "斤", "公斤")
    if metric.unit == "元/人":
        return kind == "money"
    if metric.unit == "人":
        return unit in ("人", "名")
    return unit == metric.unit


def _forget() -> None:
    _LOOKUPS[:] = [None, {}]


memory.on_stage_change(_forget)
