"""Indicators: the canonical metric, measure, status and year of each taken number.

A work report's sections (:mod:`pipeline.sections`) decide status and year (the review's
results, the year's targets, a plan); elsewhere the goal and forecast cues do, and a year
stated in the sentence (explicit, a plan's end, 今年/去年) dates the figure. From-to pairs
(:mod:`pipeline.fromto`) are two levels, not a change.

>>> _year_in("2022年全市生产总值", 0, 10, DocumentInfo(), None, review=False)
(2022, 'explicit 2022年')
"""

from __future__ import annotations

import re

from pipeline import canonical as K
from pipeline import fromto
from pipeline import patterns as P
from pipeline import sections as S
from pipeline.indicator_context import clause_start_at, sentence_start_at
from pipeline.indicator_numbers import Candidate, Resources
from pipeline.issuers import DocumentInfo

# --------------------------------------------------------------------------- status and year

# (the patterns read per number open with one character class, lookbehinds after it: a scan skips the
# characters that cannot start a match quickly, 4-10x quicker than an opening lookbehind or optional
# character; the same matches)
# an explicit year before the number, not a base of comparison (比2015年, 是2015年的, 2015年以来)
_EXPLICIT_YEAR = re.compile(r"([12](?<![比较与是从由于][12])(?<!相比[12])(?:(?<=1)9|(?<=2)0)\d{2}) ?年"
                            r"(?![的以代]|相比|同期|水平|底前|前)")
# a year ending a span (2021—2035年, 2021-2025年): a plan's period, not the figure's year
_YEAR_SPAN = re.compile(r"(?:19|20)\d{2}(?:年)?\s*[—\-－–~～至到]+\s*$")
# the end of a five-year plan: 十四五末, “十三五”期末
# (not a base of comparison: 比“十一五”末增加5.3亿元)
_PLAN_END = re.compile(r"[“十](?:(?<=“)(?<![比较与是从由于]“)十|(?<=十)(?<![比较与是从由于“]十))([一二三四五六])五”?"
                       r"(?:末|期末|时期末|收官)")
_PLAN_END_YEAR = {"一": 2010, "二": 2015, "三": 2020, "四": 2025, "五": 2030, "六": 2035}
# relative years: 今年, 去年, 明年, 上年 (in 由上年…收窄为)
_RELATIVE_YEAR = re.compile(r"今年|去年|明年|前年|由上年")
# a part of a year: the figure is not the year's (1-11月, 前三季度, 上半年, 一季度)
# a month before a change word (由1月下降31.1%转变为12月增长32.3%); a later 全年 ends it (，全年下降10.8%)
_PARTIAL = re.compile(r"[\d前上下一二三四](?:(?<=\d)\d?\s*[-—–至]\s*\d{1,2}月|(?<=前)三季度|(?<=[上下])半年"
                      r"|(?<=[一二三四])季度|(?<=\d)\d?月(?:份|末|底)|(?<=\d)\d?月(?=当月|同比|环比|增长|下降|上涨|回落|回升))")
_WHOLE_YEAR = re.compile(r"全年")
# an estimate of a past year: 预计
_ESTIMATE = re.compile(r"预计|初步预计|预测")
# rule ``预计数，下同``: a note after a figure that makes it and every later figure of the review an estimate
_ESTIMATE_ON = re.compile(r"[（(]\s*预计(?:数|数字|值)?\s*[，,、]?\s*下同\s*[）)]")
# rule ``several years``: a figure stated for a plan period or a term has no year of its own
# (“十三五”期间，单位GDP能耗下降19.5%; 五年新增城镇就业30万人); not a plan's name (五年规划)
_SEVERAL_YEARS = re.compile(r"[“十五](?:(?<=“)十[一二三四五六]五”?(?:期间|时期|以来)|(?<=十)[一二三四五六]五”?(?:期间|时期|以来)"
                            r"|(?<=五)(?<![个第]五)年(?!规划|计划|行动|攻坚|提升|规划纲要))")
# a passage reviewing a completed five-year plan: a from-to start in it is the start of the term
_PLAN_NAME_IN = re.compile(r"[“十](?:(?<=“)十|(?<=十))[一二三四五六]五”?(?:规划|计划)?[^。；;]{0,8}(?:全面完成|胜利完成|圆满完成|圆满收官|顺利收官)")
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


class _NoEstimates:
    """A document's text with 预计 blanked out (same length, same positions), made once per
    document and only when a number asks for it: a goal cue is looked for without the 预计
    that :data:`_ESTIMATE` already read (made per number, it cost a copy of the whole text each)."""

    __slots__ = ("_text", "_masked")

    def __init__(self, text: str):
        self._text, self._masked = text, None

    def text(self) -> str:
        if self._masked is None:
            self._masked = self._text.replace("预计", "  ")
        return self._masked


def _document_status(text: str, sent_start: int, c: Candidate, no_estimates: _NoEstimates) -> tuple[str, str]:
    """Status outside a work report's sections: the goal and forecast cues (is_target)."""
    if not c.is_target:
        return "actual", "no goal or forecast cue governs it"
    if _ESTIMATE.search(text, clause_start_at(text, c.start), c.start) or (
            _ESTIMATE.search(text, sent_start, c.start) and not P.TARGET_STRONG.search(
                no_estimates.text(), sent_start, c.start)):
        return "estimate", "预计 governs it"
    return "target", "a goal cue governs it"


def resolve(text: str, taken: list[Candidate], doc: DocumentInfo, res: Resources,
             bounds: tuple[list[int], list[int]]) -> None:
    """Fill metric_canonical, measure, status, year and basis of the taken candidates (in place);
    ``bounds``: their clauses' and sentences' starts (:func:`clause_bounds`)."""
    if not taken:
        return
    secs = S.sections(text, report_year=doc.report_year, headline=res.metrics.headline) if doc.work_report else []
    from_to = fromto.pairs(text, [(c.num_start, c.num_end) for c in taken])
    estimates_on = [m.start() for m in _ESTIMATE_ON.finditer(text)] if secs else []
    no_estimates = _NoEstimates(text)
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
            status, srule = _document_status(text, sent_start, c, no_estimates)
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
                est = _ESTIMATE.search(text, sentence_start_at(text, sent_start - 1), sent_start)
            status, srule = ("estimate", "预计 in a review") if est else ("actual", f"review ({sec.rule})")
            # the note closes the number's sentence, or an earlier one of the same review part
            on = next((p for p in estimates_on if (p >= c.end and sentence_start_at(text, p) == sent_start) or (
                p < c.start and (ps := S.section_at(secs, p)) is not None and ps.kind == sec.kind
                and ps.year == sec.year)), None)
            if not est and on is not None:
                status, srule = "estimate", "预计数，下同"
            year, yrule = (sec.year, "the reviewed year") if sec.kind == "review" else (None, "five-year review")
        else:
            status, srule = _document_status(text, sent_start, c, no_estimates)
            status, srule = status, srule + f" ({sec.rule})"
            year, yrule = None, "no year"
        stated = _year_in(text, sent_start, c.start, doc, sec.year if sec else None,
                          review=bool(sec and sec.kind.startswith("review")))
        if stated is not None:
            year, yrule = stated
        if stated is None and sec is not None and sec.kind == "review_five" and not c.change and sent_start > sec.start:
            prev = sentence_start_at(text, sent_start - 1)  # the year must open the sentence before (2015年全市…)
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
