"""The parts of a government work report, which decide the status and year of its numbers.

A work report reviews the past year (and, in the first report of a term, the past five
years), states this year's main expected targets (主要预期目标) and sets out its work plan.
:func:`sections` cuts a text into paragraphs of these kinds:

- ``review``: the past year's results (year: the review's year);
- ``review_five``: the review of a term or a five-year plan (year: only when explicit);
- ``targets``: the paragraph of the main targets of the planned year (status ``target``);
- ``plan``: the work plan of the planned year;
- ``plan_five``: goals of a term or a five-year plan (year: only when explicit);
- ``other``: anything else (epidemic, government self-building, annexes).

Headings switch the part (``一、2018年工作回顾``, ``二、2019年工作安排``, ``今后五年发展目标``);
so do paragraph openings inside a review (``五年来``, ``过去一年``, ``2011年是…``). A year
in a heading wins over the document's year (a file named 2016 whose headings say
``2016年工作回顾`` / ``2017年主要目标任务`` reviews 2016 and plans 2017).

>>> [(s.kind, s.year) for s in sections("一、2018年工作回顾\\n全年增长6%。\\n二、2019年工作安排\\n"
...                                      "主要预期目标是：增长6%左右。\\n", report_year=2019)]
[('review', 2018), ('review', 2018), ('plan', 2019), ('targets', 2019)]
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from operator import attrgetter

from pipeline.patterns import CN_TEN as _CN

# a heading: a short line, often numbered (一、 / （二） / 第三部分), without a sentence end inside
_HEADING = re.compile(r"^\s*(?:[" + _CN + r"]+、|[（(][" + _CN + r"]+[)）]|第[" + _CN + r"]+部分)?\s*[^。；！？]{2,38}[。]?\s*$")
# a heading of a review: 工作回顾, 完成情况, 过去一年的工作
_REVIEW_HEAD = re.compile(r"回顾|完成情况|过去(?:的)?(?:一|五)年|[一二三四五]年来|工作总结|取得的成绩|发展成就|主要成就")
# a review or plan of several years: 五年, 本届, a five-year plan period
_FIVE = re.compile(r"五年|本届政府|届政府|十[一二三四五六]五|“十[一二三四五六]五”|[二三四五]年来")
# a heading of the plan: 工作安排, 主要目标, 重点工作, 总体要求, 工作任务, 基本思路
_PLAN_HEAD = re.compile(r"工作安排|目标|重点工作|总体要求|工作任务|主要任务|重点任务|主要工作|基本思路|总体思路|今年工作|发展思路|总体部署|工作部署")
# parts after the plan that are neither: 政府自身建设, annexes, glossary
_OTHER_HEAD = re.compile(r"自身建设|附件|名词解释|附录|疫情防控")
# a sub-heading of the review that reports what was achieved stays in the review, whatever its
# subject (一、织密织牢疫情防控网络，抗疫斗争取得重大胜利; （七）政府自身建设取得新成效)
_ACHIEVED = re.compile(r"取得|成效|胜利|成果|进展|成绩|显著|明显|迈出")
# a year in a heading: 2018年工作回顾
_YEAR = re.compile(r"((?:19|20)\d{2})年")
# a review paragraph of the past year inside a longer review: 过去一年, 刚刚过去的2020年, 2011年是…
_PAST_YEAR_OPEN = re.compile(r"^\s*(?:各位代表[，,！!]\s*)?(?:过去(?:的)?一年|刚刚过去的(?:(?P<y1>(?:19|20)\d{2})年|一年)|一年来|去年"
                             r"|(?P<y2>(?:19|20)\d{2})年(?:[，,是]|我们|全[省市州县区]|以来))")
# a paragraph of the term review: 五年来, 过去五年
_FIVE_OPEN = re.compile(r"^\s*(?:各位代表[，,！!]\s*)?(?:——)?(?:五年来|过去(?:的)?五年|本届政府|“?十[一二三四五]五”?(?:时期|期间|以来))")
# the main targets: 主要预期目标是 / 发展目标为 / 主要目标是
_TARGETS = re.compile(r"(?:主要预期目标|预期目标|主要目标|发展目标|主要指标|预期指标|经济社会发展目标|调控目标)(?:建议)?(?:是|为|：|:)")
# an annual targets statement inside a five-year part: the planned year is named, or 预期 (a five-year
# plan's goals are 奋斗目标 / 到2025年): 今年经济社会发展的主要预期目标是
_ANNUAL = r"今年|{y}年|预期"
# a list header: the targets follow on their own lines (主要预期目标是:\n国内生产总值540亿元，增长12%;)
_LIST_HEADER = re.compile(r"[：:]\s*$")
# a numbered heading that ends a list of targets: （一）, 1、, 一、
_NUMBERED = re.compile(r"^\s*\**(?:[（(][" + _CN + r"\d]+[)）]|[" + _CN + r"]+、|\d+[、.．])")


# a top-level part after the first (二、 三、 …) with no cue of its own: the work of the
# planned year follows the review (二、全力推动经济持续健康发展)
_NEXT_PART = re.compile(r"\s*\**[二三四五六七八九十]、")
# the first numbered part inside a review (一、织密织牢疫情防控网络…): the review's own parts are
# numbered, so a later 二、 三、 is one of them, not the plan (rule ``numbered review parts``)
_FIRST_PART = re.compile(r"\s*\**一、")
# the first sub-part of a part: （一） — under a numbered 一、 it shows that 一、 is a top-level part
_SUB_PART = re.compile(r"\s*\**[（(]一[)）]")
# a paragraph of the plan opening a term's or a five-year plan's goals: “十四五”时期是…, 今后五年
_FIVE_PLAN_OPEN = re.compile(r"^\s*(?:各位代表[，,！!]\s*)?(?:今后五年|未来五年|“?十[一二三四五六]五”?时期)")
# words before a targets cue in a review that make it last year's targets, reviewed (年初确定的主要预期目标)
_REVIEWED_TARGETS = re.compile(r"确定的|年初|去年|上年|完成了?")
# a paragraph opening the planned year's work: 2022年是本届政府的开局之年, 2014年，我们要
_PLAN_OPEN = r"^\s*(?:各位代表[，,！!]\s*)?{y}年(?:是|，我们要|，我们将|，全[省市州县区]|我们要|我们将|政府工作)"
# after the goals of a term, the planned year's work opens with 今年 (今年是新一届政府的开局之年)
_THIS_YEAR_OPEN = r"^\s*(?:各位代表[，,！!]\s*)?(?:今年|{y}年)(?:是|，我们要|，我们将|，全[省市州县区]|我们要|我们将|政府工作|经济社会发展)"
# a headline metric stated with its number (a few link words between): the density rule below
_STATED = r"(?P<alias>{a})[^。；;，,\d]{{0,10}}\d"
# how many headline metrics make a plan paragraph the main targets when no cue names them,
# and how many paragraphs into the planned year's part it may come
_DENSITY = 3
_DENSITY_WITHIN = 8


def _plan_open(line: str, plan_year: int, *, five: bool = False) -> bool:
    return bool(re.match((_THIS_YEAR_OPEN if five else _PLAN_OPEN).format(y=plan_year), line))


@dataclass(frozen=True)
class Section:
    """A paragraph of a work report: its span, its part and the year that part is about."""

    start: int
    end: int
    kind: str  # review, review_five, targets, plan, plan_five, other
    year: int | None  # the year the part is about (None: several years or unknown)
    rule: str  # why: the heading or opening that set the part
    summary: bool = False  # the review's summary of results (rule ``summary of results``)


def _heading(line: str) -> bool:
    return len(line.strip()) <= 40 and bool(_HEADING.match(line))


def sections(text: str, *, report_year: int | None, headline: re.Pattern | None = None) -> list[Section]:
    """Every paragraph of a work report with its part (see the module docstring).

    The review's year defaults to ``report_year - 1``, the plan's to ``report_year``;
    a year in a heading sets them. ``headline`` (an alternation of the headline metrics'
    aliases, :attr:`pipeline.canonical.MetricIndex.headline`) lets a cue far into a paragraph,
    and a paragraph with no cue that states the headline metrics, be the main targets.

    >>> [(s.kind, s.year) for s in sections("二、2002年工作任务\\n主要预期目标是:\\n生产总值增长12%;\\n"
    ...                                      "（一）优化结构\\n", report_year=2002)]
    [('plan', 2002), ('targets', 2002), ('targets', 2002), ('plan', 2002)]
    """
    review_year = report_year - 1 if report_year else None
    plan_year = report_year
    # years named by the headings: 一、2016年工作回顾 / 二、2017年主要目标任务
    for line in text.split("\n"):
        if _heading(line):
            y = _YEAR.search(line)
            if y and _REVIEW_HEAD.search(line) and not _FIVE.search(line):
                review_year = int(y.group(1))
                plan_year = review_year + 1
                break
            if y and _PLAN_HEAD.search(line) and not _FIVE.search(line):
                plan_year = int(y.group(1))
                review_year = plan_year - 1
                break
    stated = re.compile(_STATED.format(a=headline.pattern)) if headline is not None else None
    out: list[Section] = []
    kind, year, rule = "review", review_year, "opening"
    listing: Section | None = None  # the header of a list of targets, one per line
    review_parts = False  # the review's own parts are numbered 一、 二、 …
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if not stripped:
            continue
        heading = _heading(line)  # (read up to three times below: found once)
        if listing is not None:
            if re.search(r"\d", line) and len(stripped) <= 80 and not _NUMBERED.match(line) and not (
                    heading and (_OTHER_HEAD.search(line) or _REVIEW_HEAD.search(line) or _PLAN_HEAD.search(line))):
                out.append(Section(start, end, "targets", listing.year, "targets list under " + listing.rule))
                continue
            listing = None
        para_kind, para_year, para_rule = kind, year, rule
        if review_parts and _SUB_PART.match(line):
            review_parts = False  # the review's parts are （一）（二）: its 一、 was a top-level part
        if heading:
            y = _YEAR.search(line)
            in_review = kind in ("review", "review_five")
            if in_review and _FIRST_PART.match(line) and not (_REVIEW_HEAD.search(line) or _PLAN_HEAD.search(line)):
                review_parts = True
            if _OTHER_HEAD.search(line) and in_review and _ACHIEVED.search(line) and not _PLAN_HEAD.search(line):
                rule = f"review sub-heading {stripped}"  # rule ``achieved in the review``
            elif _OTHER_HEAD.search(line):
                kind, year, rule = "other", None, f"heading {stripped}"
            elif _REVIEW_HEAD.search(line):
                five = bool(_FIVE.search(line)) and not y
                kind = "review_five" if five else "review"
                year = None if five else (int(y.group(1)) if y else review_year)
                rule = f"heading {stripped}"
                review_parts = False
            elif in_review and review_parts and _NEXT_PART.match(line) and not (
                    _PLAN_HEAD.search(line) or y and int(y.group(1)) == plan_year):
                rule = f"numbered review part {stripped}"
            elif _PLAN_HEAD.search(line) or (y and int(y.group(1)) == plan_year) or (
                    kind != "other" and _NEXT_PART.match(line)):
                five = bool(_FIVE.search(line)) and not (y and int(y.group(1)) == plan_year)
                kind = "plan_five" if five else "plan"
                year = None if five else (int(y.group(1)) if y else plan_year)
                rule = f"heading {stripped}"
            para_kind, para_year, para_rule = kind, year, rule
        elif kind in ("review", "review_five") and plan_year and _plan_open(line, plan_year):
            kind, year, rule = "plan", plan_year, f"opening {stripped[:8]}"
            para_kind, para_year, para_rule = kind, year, rule
        elif kind == "plan" and _FIVE_PLAN_OPEN.match(line):
            kind, year, rule = "plan_five", None, f"opening {stripped[:8]}"  # rule ``five-year goals in the plan``
            para_kind, para_year, para_rule = kind, year, rule
        elif kind == "plan_five" and plan_year and _plan_open(line, plan_year, five=True):
            kind, year, rule = "plan", plan_year, f"opening {stripped[:8]}"  # the planned year after the term's goals
            para_kind, para_year, para_rule = kind, year, rule
        elif kind in ("review", "review_five"):
            m = _PAST_YEAR_OPEN.match(line)
            if m:
                y = m.group("y1") or m.group("y2")
                if not y or review_year is None or int(y) == review_year:
                    kind, year, rule = "review", review_year, f"opening {stripped[:8]}"
            elif _FIVE_OPEN.match(line):
                kind, year, rule = "review_five", None, f"opening {stripped[:8]}"
            para_kind, para_year, para_rule = kind, year, rule
        if kind in ("review", "review_five") and plan_year and not heading:
            c0 = _targets_cue(line, "plan", plan_year, stated)
            if c0 is not None and c0.start() <= 80 and not _REVIEWED_TARGETS.search(line, 0, c0.start()):
                kind, year, rule = "plan", plan_year, f"targets cue after the review {c0.group()}"  # rule ``targets end the review``
        cue = _targets_cue(line, kind, plan_year, stated)
        if cue is not None:
            if kind == "plan_five" and _annual(line, cue, plan_year):
                kind, year, rule = "plan", plan_year, f"annual targets {cue.group()}"  # the year's work follows
            if kind == "plan":
                if cue.start() > 80:  # the targets open late in a paragraph: what comes before stays plan
                    out.append(Section(start, start + cue.start(), para_kind, para_year, para_rule))
                    start = start + cue.start()
                para_kind, para_year, para_rule = "targets", year, f"targets {cue.group()}"
                if _LIST_HEADER.search(line):
                    listing = Section(start, end, "targets", year, para_rule)
            else:
                para_kind, para_rule = "plan_five", f"targets {cue.group()}"
        out.append(Section(start, end, para_kind, para_year, para_rule))
    if stated is not None and plan_year and not any(s.kind == "targets" for s in out):
        out = _targets_by_density(text, out, plan_year, stated)
    if stated is not None:
        out = _summaries(text, out, stated)
    return out


# rule ``summary of results``: how many headline metrics a review paragraph states to be the summary
_SUMMARY_HEADLINES = 2
# a bullet paragraph (——经济增长目标顺利完成): the summary goes on through the bullets after it
_BULLET = re.compile(r"\s*\**\s*——")


def _summaries(text: str, secs: list[Section], stated: re.Pattern) -> list[Section]:
    """Rule ``summary of results``: in the review of the past year and in a term's review, the first
    paragraph stating ``_SUMMARY_HEADLINES`` headline metrics or more is the summary of results
    (README, gold scope (a)), and so are the bullet paragraphs (——) that follow a bullet summary."""
    out = list(secs)
    for kind in ("review", "review_five"):
        first = next((i for i, s in enumerate(out) if s.kind == kind and len(
            {m.group("alias") for m in stated.finditer(text, s.start, s.end)}) >= _SUMMARY_HEADLINES), None)
        if first is None:
            continue
        out[first] = replace(out[first], summary=True)
        k = first + 1
        while _BULLET.match(text, out[first].start) and k < len(out) and out[k].kind == kind \
                and _BULLET.match(text, out[k].start):
            out[k] = replace(out[k], summary=True)
            k += 1
    return out


def _targets_cue(line: str, kind: str, plan_year: int | None, stated: re.Pattern | None) -> re.Match | None:
    """The main-targets cue of a plan paragraph (主要预期目标是), with figures after it or a list
    header; a cue late in a paragraph counts when two headline metrics are stated after it."""
    if kind not in ("plan", "plan_five"):
        return None
    cue = _TARGETS.search(line)
    if cue is None:
        return None
    after = line[cue.end():]
    if not (re.search(r"\d", after) or _LIST_HEADER.search(line)):
        return None
    if cue.start() > 80 and (stated is None or len(stated.findall(after)) < 2):
        return None
    return cue


def _annual(line: str, cue: re.Match, plan_year: int | None) -> bool:
    """A targets cue inside a five-year part that states the planned year's targets."""
    head = line[max(0, cue.start() - 40):cue.end()]
    return plan_year is not None and not _FIVE.search(head) and bool(re.search(_ANNUAL.format(y=plan_year), head))


def _targets_by_density(text: str, secs: list[Section], plan_year: int, stated: re.Pattern) -> list[Section]:
    """No cue names the main targets: the first paragraph among the first ``_DENSITY_WITHIN`` of
    the planned year's part that states ``_DENSITY`` headline metrics or more (综合考虑各方面因素，
    今年全市地区生产总值增长6.5%，固定资产投资增长7%以上，…)."""
    first = next((i for i, s in enumerate(secs) if s.kind == "plan" and s.year == plan_year), None)
    if first is None:
        return secs
    for i in range(first, min(len(secs), first + _DENSITY_WITHIN)):
        s = secs[i]
        if s.kind != "plan":
            break
        if len({m.group("alias") for m in stated.finditer(text, s.start, s.end)}) >= _DENSITY:
            return secs[:i] + [Section(s.start, s.end, "targets", s.year, f"targets: {_DENSITY}+ headline metrics stated")] + secs[i + 1:]
    return secs


_END = attrgetter("end")


def section_at(secs: list[Section], pos: int) -> Section | None:
    """The section holding offset ``pos`` (``secs`` in text order)."""
    lo = bisect_left(secs, pos, key=_END)  # the first section ending at or after ``pos``
    return secs[lo] if lo < len(secs) and secs[lo].start <= pos <= secs[lo].end else None
