"""Indicators: the context of each taken number (change, metric, period, is_target).

Clause and sentence bounds (found once per text), the period word and the goal or forecast
cue before a number, the noun after it, a metric shared by a run of numbers, and lists
read by position (X、Y分别增长7.1%、6.3%).

>>> text = "出口102亿美元，进口99亿美元。"
>>> clause_start_at(text, text.index("99")), sentence_start_at(text, text.index("99"))
(9, 0)
"""

from __future__ import annotations

import bisect
import re

from pipeline import canonical as K
from pipeline import memory, prefix_scan
from pipeline import patterns as P
from pipeline.config import IndicatorConfig
from pipeline.indicator_metrics import clean_metric, noun_after, nounish, pos_tags, stripped_phrase
from pipeline.indicator_numbers import Candidate

# sentence end for period / target scope
_SENT_END = re.compile(r"[。！？!?\n]")

# a preposition or pivot verb right before a number: the noun after it is an object (为153名年轻干部|指派)
_GOVERNED = re.compile(r"(?:为|给|对|向|替|帮|帮助|与|同)$")
_EVENT_UNITS = frozenset("次 场次 人次 户次 场 批次 件次 家次 架次 轮".split())


class _NounsAfter:
    """The noun phrase after each taken number (:func:`noun_after`), read when a rule asks for it
    (a rate whose phrase before names a measure needs none); ``after(i)`` for ``taken[i]``."""

    def __init__(self, text: str, taken: list[Candidate]):
        self.text, self.taken, self.nouns = text, taken, {}

    def _noun(self, i: int) -> str | None:
        if i not in self.nouns:
            c, text = self.taken[i], self.text
            # 为期1年的“1+1”帮带培养, 一名25岁的嫌疑人: a duration or age before 的 + noun
            skip = 1 if c.kind in ("duration", "age") and text[c.end:c.end + 1] == "的" else 0
            governed = bool(_GOVERNED.search(text, max(0, c.start - 3), c.start))
            self.nouns[i] = noun_after(text, c.end + skip, governed=governed)
        return self.nouns[i]

    def __call__(self, i: int) -> str | None:
        noun, taken = self._noun(i), self.taken
        if noun is None and i + 1 < len(taken) and taken[i + 1].start == taken[i].end:
            return self._noun(i + 1)  # 8批320名年轻干部: a compound run shares the noun
        return noun


def read_context(text: str, taken: list[Candidate], config: IndicatorConfig, places: frozenset[str],
             metrics: K.MetricIndex | None, bounds: tuple[list[int], list[int]]) -> None:
    """Fill change, metric, period and is_target of the taken candidates (in place); ``bounds``:
    their clauses' and sentences' starts (:func:`clause_bounds`)."""
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
            before_metric = clean_metric(before, places=places,
                                          event=c.unit in _EVENT_UNITS or c.kind == "duration",
                                          rate=c.kind in ("percent", "percentage_point", "ratio"),
                                          count=c.kind == "count", clause_initial=left_from == clause_start,
                                          clause=text[clause_start:c.start])
        if rate_like:
            c.metric = before_metric or after(i)
            if before_metric and not any(nounish(x) for x in pos_tags(before_metric)) and after(i):
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


# the endings a phrase needs for its last word to be a lifecycle stage
_STATUS_ENDINGS = tuple(sorted(P.STATUS_WORDS))


def _with_status(before: str, noun: str | None) -> str | None:
    """集中开工13个项目 → 开工项目: a lifecycle stage right before the number classifies the noun."""
    if not noun:
        return noun
    phrase = stripped_phrase(before) if before else ""
    if not phrase.endswith(_STATUS_ENDINGS):
        return noun  # its last word is no lifecycle stage: the phrase is not tagged (its tokens end it)
    toks = pos_tags(phrase)
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
                                   and clean_metric(gap, places=places) is None)


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


def clause_bounds(text: str, taken: list[Candidate]) -> tuple[list[int], list[int]]:
    """The start of each candidate's clause and of its sentence, found once for both passes."""
    clauses, sentences = _delimiters(text)
    return [_start_after(clauses, c.start) for c in taken], [_start_after(sentences, c.start) for c in taken]


def clause_start_at(text: str, pos: int) -> int:
    return _start_after(_delimiters(text)[0], pos)


def sentence_start_at(text: str, pos: int) -> int:
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
    sent = sentence_start_at(text, taken[i].start)
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
            clause_start = clause_start_at(text, first.start)
            head = text[clause_start:first.start]
            fb = re.search(r"分别", head)
            last_q = group[-1].qualifier
            if not fb:  # 能耗和用水量下降33.3%和30.8%: as many names as numbers, in order
                ch = P.CHANGE.search(head)
                names_text = head[:ch.start()] if ch else head
                rate = first.kind in ("percent", "percentage_point", "ratio")
                names = [n for n in (clean_metric(x, rate=rate, places=places) for x in _SPLIT_METRICS.split(names_text)) if n]
                names = _urban_rural(_complete_names(names, index), len(group))
                whole = clean_metric(names_text, rate=rate, places=places) if len(names) == 1 else None
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
                names = [n for n in (clean_metric(x, rate=rate, places=places) for x in _SPLIT_METRICS.split(names_text)) if n]
                names = _urban_rural(_complete_names(names, index), len(group))
                whole = clean_metric(names_text, rate=rate, places=places)
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
            elif not (clean_metric(P.CHANGE.sub("", head), places=places) if head else None) or K.links_only(head):
                before = _names_before(text, taken, i, len(group))  # …37272元、14354元，(实际)增长7.5%和8%
                if before:
                    for c, met in zip(group, before):
                        c.metric = met
                        c.change = c.change or first.change
            if last_q in _LIST_QUALIFIERS:
                for c in group:
                    c.qualifier = c.qualifier or last_q
        i = j + 1


def _forget() -> None:
    _DELIMS[:] = [None, None, None]


memory.on_stage_change(_forget)
