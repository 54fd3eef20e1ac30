"""Slogans: discovery from structure. The quoted formulations (with the weak quotations and
the named overrides), the unquoted ones (plus-formulas, plans, N大 campaigns and sets, numeral
patterns) and the numeral series (:mod:`pipeline.slogan_series`): :func:`discover`."""

from __future__ import annotations

import re
from collections import defaultdict

from pipeline import slogan_rules as R
from pipeline.slogan_hits import Hit, Rejection, extend_span
from pipeline.slogan_series import counts_before, series_hits


_sums_up_list = R.sums_up_list  # a quoted set label (“四大工程”) that only counts the items listed just before it


def _name_with_head(content: str, after: str, reason: str) -> R.Verdict | None:
    """A quoted dictionary word or idiom named by the campaign word right after the quotation
    mark: “三北”工程, “三联式”改革, “包干制”改革, “三位一体”战略. The head shows the quotation
    names a campaign or mechanism; the word's ordinary sense is not meant."""
    head = next((w for w in R.NAMED_AFTER if after.startswith(w)), "")
    if reason not in DICTIONARY_REASONS or not head or R.starts_longer_word(after, 0, head):
        return None  # (“一盘棋”战略性重组: 战略性, strategic, a word of its own, names no strategy)
    s = R.canonical(content)
    if not 2 <= len(s) <= 8 or R.PARTICLES.search(s):
        return None
    kind = "numbered" if re.search(rf"[0-9{R.NUM_CHARS}]", s) else "named"
    return R.Verdict(kind, "quoted_name_with_head", s)


def _pattern_with_far_head(content: str, after: str, reason: str) -> R.Verdict | None:
    """A quoted idiom of the repeated-numeral shape (numeral, one character, numeral, one character:
    “三位一体”, “一省两地”) whose clause names it, a few words on, a strategy, project or campaign
    (“三位一体”工业经济转型升级战略, “一省两地”产业发展战略): the name of that strategy, not the saying.
    Only where the words between are nouns and their modifiers (:data:`NOMINAL_TAGS` of jieba's
    dictionary), so the head and they are one name; a verb or a particle between (“千方百计”抓好重点
    工程, “七拼八凑”的工程项目) makes the idiom a saying about the thing; and only where the head is a word
    of its own (not 战略性, 工程师: :func:`pipeline.slogan_rules.starts_longer_word`)."""
    s = R.canonical(content)
    if reason != "idiom" or not (len(s) == 4 and s[0] in R.NUM_CHARS and s[2] in R.NUM_CHARS):
        return None
    m = FAR_HEAD.match(after)
    if not m or R.starts_longer_word(after, m.end(1), m.group(2)):
        return None
    if not all(tag in NOMINAL_TAGS for _, tag in R.dictionary_words(m.group(1))):
        return None
    return R.Verdict("numbered", "pattern_with_far_head", s)


# a few words, then the word naming a strategy, project or campaign
FAR_HEAD = re.compile(rf"^([{R.CJK}]{{1,8}}?)(战略|工程|行动|计划)")
# tags of jieba's dictionary of a noun or a noun's modifier: nouns (n, nz, ng; places, bodies,
# abbreviations: ns, nt, j; verbal and adjectival nouns: vn, an), non-predicate adjectives (b), places (s)
NOMINAL_TAGS = frozenset(("n", "nz", "ng", "ns", "nt", "j", "vn", "an", "b", "s"))


def _service_circle(content: str, after: str, reason: str) -> R.Verdict | None:
    """A quoted service circle whose numeral is only its travel time (“15分钟就业服务圈”,
    “一刻钟便民生活圈”): a named formulation (the time is no count of a structure)."""
    s = R.canonical(content)
    if reason in ("a time quantity", "number in a name") and SERVICE_CIRCLE.match(s):
        return R.Verdict("named", "service_circle", s)
    return None


# rejections of classify_quoted that only say the quotation is a dictionary word or idiom
DICTIONARY_REASONS = ("ordinary word", "ordinary word with a numeral", "idiom",
                      "starts with an ordinary word holding a numeral")
# a travel time, then what the circle serves, then 圈: 15分钟就业服务圈, 一刻钟便民生活圈
SERVICE_CIRCLE = re.compile(rf"^(?:[0-9]{{1,2}}分钟|[一二三四五六七八九十半]+(?:刻钟|分钟|小时))[{R.CJK}]{{1,8}}圈$")
# rejections of classify_quoted (by rule) that only say a numeral is not a count or the quotation
# is also a word of the language: such a quotation is still proposed, as a weak candidate (rule
# ``weak_`` + the rejecting rule), for the score model to weigh with the other evidence (the mined
# archive, its shape, its recurrence). On the dev golds about one in three of them is a formulation
# (单一窗口, 两极四点, 千村建设, 双百双千, 两基; against 一把手工程, 放大器, 千兆城市), which a
# hard rejection loses. The other rejections (lists, counts, years, dates, serials, lengths …) stay.
# (idioms and magnitude or achievement labels, 一盘棋, 百亿县 … 五连冠, stay rejected: the contract
# names them; so does a leading number, mostly a date or a time: “3·15”, “9·28”, “24小时自助可办”)
WEAK_REJECTIONS = frozenset(("ordinary_word", "word_with_numeral", "ordinary_word_start",
                             "magnitude_not_count", "numerals_only"))
# a leading word of the language this frequent whose tag is no numeral's (单一, 四海, 千里) makes a
# weak quotation named when no numeral follows it: its numeral counts nothing (单一窗口, 四海揽才)
WEAK_NAMED_WORD = 300


def _weak_kind(s: str) -> str:
    """The kind of a weak quotation (see :data:`WEAK_REJECTIONS`).

    >>> _weak_kind("单一窗口"), _weak_kind("两极四点"), _weak_kind("菜篮子")
    ('named', 'numbered', 'named')
    """
    if not R.NUMERAL_OR_DIGIT.search(s):
        return "named"
    w = R.jieba_words()
    lead = next((s[:k] for k in (3, 2) if w.get(s[:k], (0, ""))[0] >= WEAK_NAMED_WORD), "")
    if lead and w[lead][1] not in ("m", "mq", "q") and not R.NUMERAL_OR_DIGIT.search(s[len(lead):]):
        return "named"
    return "numbered"


# quotations classify_quoted rejects that a named rule takes after all, in order (name, rule);
# each rule gets (content, text after the quotation, the rejection reason)
QUOTED_OVERRIDES = (
    ("quoted_name_with_head", _name_with_head),
    ("service_circle", _service_circle),
    ("pattern_with_far_head", _pattern_with_far_head),
)


# the opening marks of a quotation held inside another (“推动‘一带一路’民心相通”): slogan_rules' own
INNER_OPENING = re.compile(f"[{R.OPEN_QUOTES}]")


def _title_around_names(text: str, start: int, end: int, content: str) -> bool:
    """Whether the quotation ``text[start:end]`` is a title around the names quoted inside it: it holds a
    numeral, every numeral lies inside the quotations it holds, and each of those is a name to
    :func:`slogan_rules.classify_quoted` (“推动‘一带一路’民心相通” yes; “五个‘一批’”, “双‘千’工程”,
    “‘一网通办’、一网统管” no)."""
    inner = list(R.QUOTED.finditer(text, start + 1, end - 1))
    if not inner or not R.NUMERAL_OR_DIGIT.search(content):
        return False
    bounds = [start + 1, *(i for m in inner for i in (m.start(), m.end())), end - 1]
    if any(R.NUMERAL_OR_DIGIT.search(text, a, b) for a, b in zip(bounds[::2], bounds[1::2])):
        return False
    return all(not R.classify_quoted(next(g for g in m.groups() if g is not None), text[m.end():m.end() + 10]).reject
               for m in inner)


def _quoted_hits(text: str, rejections: list[Rejection] | None, weak: list[Hit] | None = None,
                 within: tuple[int, int] | None = None) -> list[Hit]:
    """The formulations of the quotations of ``text`` (of ``text[within[0]:within[1]]`` when given); the
    weak ones (:data:`WEAK_REJECTIONS`) go to ``weak`` when given.

    A quotation that holds another (“推动‘一带一路’民心相通”, “‘十四五’重点电影工程”) whose numerals all lie
    in the quotations inside, each a name, is a title or a phrase around a name: the name is the quotation
    inside, read as a quotation of its own (rule ``nested_quotation`` rejects the outer one). One with a
    numeral outside them is a name with a quoted part (“五个‘一批’”, “一链一图‘三清单’”: ANNOTATION.md, quotation
    marks around part of a formulation do not cut it) and is read whole, as before."""
    hits = []
    for m in R.QUOTED.finditer(text, *(within or (0, len(text)))):
        content = next(g for g in m.groups() if g is not None)
        after = text[m.end():m.end() + 10]  # (a line's name may come a few words on: R.LINE_AFTER)
        start, end = m.start(), m.end()
        if INNER_OPENING.search(content) and _title_around_names(text, start, end, content):
            if rejections is not None:
                rejections.append(Rejection(start, end, m.group(), "holds a quotation: the name is the one inside",
                                            "nested_quotation"))
            hits += _quoted_hits(text, rejections, weak, (start + 1, end - 1))
            continue
        if "、" in content:
            hits += _quoted_series(text, m, content, rejections)
            continue
        v = R.classify_quoted(content, after)
        if v.reject:
            v = next((w for _, rule in QUOTED_OVERRIDES if (w := rule(content, after, v.reject))), v)
        if not v.reject and v.kind == "numbered" and _sums_up_list(text, start, content):
            v = R.Verdict(rule="sums_up_list", reject="sums up the items listed just before it")
        if v.reject:
            if rejections is not None:
                rejections.append(Rejection(start, end, m.group(), v.reject, v.rule))
            if weak is not None and v.rule in WEAK_REJECTIONS and 2 <= len(c := R.canonical(content)) <= 12:
                weak.append(Hit(start, end, c, _weak_kind(c), "discovered", "weak_" + v.rule))
            continue
        done = next((w for w in R.COMPLETING if after.startswith(w)), "") if v.kind == "numbered" else ""
        if done and len(v.canonical) <= 3 and not v.suffix:
            # “五治”融合: the quotation marks only part of the formulation
            hits.append(Hit(start, end + len(done), v.canonical + done, "numbered", "discovered", "quoted_part"))
            continue
        if v.rule == "digits_programme" and not R.canonical(content).endswith("计划"):
            end += len("计划")  # “863”计划: the name's 计划 after the quotation marks
        hits.append(Hit(start, end + len(R.suffix_at(text, end)), v.canonical, v.kind, "discovered", v.rule))
    return hits


def _quoted_series(text: str, m: re.Match, content: str, rejections: list[Rejection] | None) -> list[Hit]:
    """“一网通办、一网统管、一网协同”: a quoted series of formulations; each numbered item is one."""
    parts = content.split("、")
    if not 2 <= len(parts) <= 8 or any(not 2 <= len(p) <= 10 or R.LISTY.search(p) for p in parts):
        if rejections is not None:
            rejections.append(Rejection(m.start(), m.end(), m.group(), "a list or sentence, not a name", "series_not_names"))
        return []
    if not any(R.NUMERAL_OR_DIGIT.search(p) for p in parts):
        # “建链、补链、强链”: a quoted series of words without numerals is one named formulation
        shared = {p[0] for p in parts} if len({p[0] for p in parts}) == 1 else {p[-1] for p in parts}
        counted = len(shared) == 1 and next(counts_before(text, next(iter(shared)), m.end(), m.end() + 8), None)
        # …“送政策、送贷款、送服务”的“三送”: the series defines the count after it, it is no name
        if not counted and all(2 <= len(p) <= 8 and all(R.is_cjk(c) for c in p) for p in parts):
            return [Hit(m.start(), m.end(), R.canonical(content), "named", "discovered", "named_series")]
        return []
    hits, pos = [], m.start() + 1
    items = [p.strip(ITEM_MARKS) for p in parts]
    numbered_items = sum(bool(R.NUMERAL_OR_DIGIT.search(p)) for p in items)
    # parallel items, none of those holding a numeral a saying, a predicate or no plain word (一把手、一班人;
    # 一次性告知、一站式服务): the parts of one formulation
    parallel = _parallel(items) and all(_part_like(p) for p in items if R.NUMERAL_OR_DIGIT.search(p))
    for part in parts:
        # an item quoted inside the series (“‘一网通办’、一网统管”) is read without its own marks
        p = part.strip(ITEM_MARKS)
        at = pos + len(part) - len(part.lstrip(ITEM_MARKS))
        v = R.classify_quoted(p, "")
        rule = _series_item_rule(p, v, parallel, numbered_items)
        if rule:
            hits.append(Hit(at, at + len(p), R.canonical(p), "numbered", "discovered", rule))
        elif rejections is not None and v.reject:
            rejections.append(Rejection(at, at + len(p), p, v.reject, v.rule))
        pos += len(part) + 1
    return hits


def _series_item_rule(p: str, v: R.Verdict, parallel: bool, numbered_items: int) -> str:
    """The rule that takes item ``p`` (its verdict ``v`` as a quotation of its own) of a quoted series
    as a numbered formulation, or "". ``parallel``: the series' items are parallel and each numbered one
    is part-like (:func:`_parallel`, :func:`_part_like`: no idiom, no predicate, a plain word)."""
    # items of three characters or more: two-character ones (“七川、五河”) are mostly place names
    # (an item not starting with its numeral, 要事一事一商, is left to the running-text rules)
    if len(p) >= 3 and p[0] in R.NUM_CHARS:
        if not v.reject and v.kind == "numbered" and v.canonical == R.canonical(p):
            return "quoted_series"
        if parallel and v.rule in SERIES_WORD_REJECTIONS and all(R.is_cjk(c) for c in p):
            # “两级政府、三级管理、四级网络”: an item that is also a plain word of the language (三级管理)
            # is, in a quoted series of parallel items, one part of the formulation the quotation names
            return "quoted_series_word"
    if (numbered_items >= 2 and parallel and 3 <= len(p) <= 8 and R.NUMERAL_OR_DIGIT.search(p)
            and all(R.is_cjk(c) for c in p) and (not v.reject or v.rule in SERIES_WORD_REJECTIONS)
            and not _holds_pattern(p)):
        # “学会一技、就业一人、脱贫一户”, “一区一地引领、两轴三圈联动、县域重点突破”: in a quoted series of
        # parallel items, two or more holding a numeral, each of those is a part of the formulation, whole
        return "quoted_series_item"
    return ""


def _parallel(items: list[str]) -> bool:
    """The items of a quoted series are parallel: of one length (give or take one), and those holding
    a numeral hold their first at the same position (学会一技、就业一人、脱贫一户; not 和平统一 beside
    一国两制)."""
    at = {m.start() for m in (R.NUMERAL_OR_DIGIT.search(p) for p in items) if m}
    lengths = [len(p) for p in items]
    return max(lengths) - min(lengths) <= 1 and len(at) == 1


def _part_like(item: str) -> bool:
    """An item of a quoted series holding a numeral that can be a part of a formulation: not
    rejected as an idiom or set phrase, not led by an adverb, a plain word (:func:`_plain_item`)."""
    return R.classify_quoted(item, "").rule != "idiom" and not _adverb_led(item) and _plain_item(item)


def _plain_item(item: str) -> bool:
    """An item of a quoted series that may be a part of the formulation: no place, person, time,
    number or set phrase of jieba's dictionary (:data:`NOT_PLAIN_TAGS`: 五指山, 一季度, 一把手), and
    nothing in it from a numeral on a magnitude or achievement label (全国百强县: 百强县)."""
    entry = R.jieba_words().get(item)
    if entry is not None and (entry[1] in NOT_PLAIN_TAGS or R.set_phrase(entry)):
        return False
    return not any(R.MAGNITUDE.match(item[i:]) for i, c in enumerate(item) if c in R.NUM_CHARS)


# tags of jieba's dictionary of no plain word: places, persons, bodies (ns, nr, nrt, nt), times (t),
# numerals and quantities (m, mq, q), idioms and fixed phrases (i, l)
NOT_PLAIN_TAGS = frozenset(("ns", "nr", "nrt", "nt", "t", "m", "mq", "q", "i", "l"))


def _holds_pattern(item: str) -> bool:
    """The shape of a repeated-numeral pattern inside the item (要事一事一商: 一事一商; 常态一季一议: 一季一议):
    that is the formulation, for the running-text rules to take or leave; the item is not read whole."""
    return PATTERN_SHAPE.search(item) is not None


# a numeral and a character, twice (一事一商, 一季一议)
PATTERN_SHAPE = re.compile(rf"[{R.NUM_CHARS}][^{R.NUM_CHARS}][{R.NUM_CHARS}][^{R.NUM_CHARS}]")


def _adverb_led(item: str) -> bool:
    """The item starts with an adverb of jieba's dictionary holding its numeral (一次性使用, 一律免费): a
    predicate describing something, not a part of a name."""
    w = R.jieba_words()
    return any(w.get(item[:k], (0, ""))[1] == "d" for k in (3, 2))


ITEM_MARKS = R.OPEN_QUOTES + R.CLOSE_QUOTES  # the marks of an item quoted inside a quoted series
# rejections of a quoted series' item, starting with its numeral, that only say it is also a word or a
# saying of the language (quoted_series_word takes it when the series' items are parallel)
# (an idiom or fixed phrase stays rejected: 一丝不苟、一以贯之 is a saying; ANNOTATION.md)
SERIES_WORD_REJECTIONS = frozenset(("ordinary_word", "word_with_numeral", "ordinary_word_start"))


def anchored_finditer(pattern: re.Pattern, text: str, anchor: str, before: int, after: int):
    """``pattern.finditer(text)`` for a pattern every match of which holds ``anchor``, starts at
    most ``before`` characters before its first occurrence of it and ends, with what its lookarounds
    read after it, at most ``after`` characters after that occurrence's start. The same matches,
    from a search of the windows around the anchor's occurrences alone (merged where they overlap)
    instead of an attempt at every character of the text: a pattern that starts with a lookbehind or
    an optional group (:data:`R.PLUS`, :data:`R.PUFA`) has no literal prefix for ``re`` to skip to.

    Why the same: a match lies inside the window of its first anchor, so no match crosses the start
    of a merged window, and a search of a window from its start is the text's search from there; a
    lookbehind reads before the window (``re`` reads the text before ``pos``); nothing the pattern
    tries from a window's character reaches its end (``after`` bounds every attempt's reach).

    >>> [m.span() for m in anchored_finditer(R.PLUS, "实施1+1+17体系和“2+N”", "+", 8, 64)]
    [(2, 8), (12, 15)]
    """
    windows: list[list[int]] = []
    i = text.find(anchor)
    while i != -1:
        lo, hi = max(0, i - before), min(len(text), i + after)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
        i = text.find(anchor, i + 1)
    for lo, hi in windows:
        yield from pattern.finditer(text, lo, hi)


# the reach of a plus-formula (R.PLUS) around its first +: at most 4 digits and a space before it, 6
# terms of a space, a +, a space and 4 digits after it, then the character its lookahead reads (41 + 1)
PLUS_BEFORE, PLUS_AFTER = 8, 64
# and of a legal-education plan (R.PUFA) around its 普法: a quotation mark, two numerals, a quotation mark before it
PUFA_BEFORE, PUFA_AFTER = 8, 8


def _unquoted_hits(text: str, rejections: list[Rejection] | None) -> list[Hit]:
    hits = []
    for m in anchored_finditer(R.PLUS, text, "+", PLUS_BEFORE, PLUS_AFTER):  # a formula holds a +
        s = R.canonical(m.group())
        if re.search(r"[0-9]", s) and "+" in s and not R.DIGIT_UNIT_AFTER.match(text[m.end():m.end() + 2]):
            start, end = extend_span(text, m.start(), m.end())
            hits.append(Hit(start, end, s, "numbered", "discovered", "plus_formula"))
    for m in R.PLAN.finditer(text):
        start, end = extend_span(text, m.start(), m.end())
        hits.append(Hit(start, end, m.group(), "plan", "discovered", "plan", 0.9))
    for m in R.N_DA_CAMPAIGN.finditer(text):
        if _sums_up_list(text, m.start() - (1 if m.start() and text[m.start() - 1] in R.OPENING else 0), m.group()):
            if rejections is not None:
                rejections.append(Rejection(m.start(), m.end(), m.group(), "sums up the items listed just before it",
                                            "sums_up_list"))
            continue
        hits.append(Hit(m.start(), m.end(), m.group(), "numbered", "discovered", "numeral_campaign", 0.65))
    for m in anchored_finditer(R.PUFA, text, "普法", PUFA_BEFORE, PUFA_AFTER):  # the pattern ends in 普法
        if bool(m.group(1)) == bool(m.group(3)):  # both quotation marks or none
            hits.append(Hit(m.start(), m.end(), m.group(2) + "普法", "plan", "discovered", "plan", 0.9))
    # an unquoted N大 set written the same way three times or more in one text is a standing set
    sets: dict[str, list[re.Match]] = defaultdict(list)
    for m in R.N_DA_SET.finditer(text):
        sets[m.group()].append(m)
    for s, ms in sets.items():
        if len(ms) >= 3 and not R.is_common_word(s):
            hits += [Hit(m.start(), m.end(), s, "numbered", "discovered", "recurring_set", 0.6) for m in ms]
    taken = 0  # a pattern's own numerals start no other pattern
    for m in R.NUMERAL_PATTERN_START.finditer(text):  # no other numeral starts a pattern
        i = m.start()
        if i < taken:
            continue
        s = R.parse_numeral_pattern(text, i)
        if s:
            core, _ = R.strip_suffix(s, "numbered")
            start, end = extend_span(text, i, i + len(core))
            hits.append(Hit(start, end, core, "numbered", "discovered", "numeral_pattern"))
            taken = i + len(core)
    return hits


def discover(text: str, rejections: list[Rejection] | None = None) -> list[Hit]:
    """Every formulation proposed by a structural rule in ``text`` (overlaps not yet resolved).

    >>> sorted({h.slogan for h in discover("构建“1+X+N”体系，坚持“十四五”规划，3个园区")})
    ['1+X+N', '十四五']
    """
    text = R.fold_width(text)
    weak: list[Hit] = []
    hits = _quoted_hits(text, rejections, weak) + _unquoted_hits(text, rejections) + series_hits(text)
    # a weak quotation only where no rule found anything (it never cuts a formulation found)
    return hits + [h for h in weak if not any(x.start < h.end and h.start < x.end for x in hits)]
