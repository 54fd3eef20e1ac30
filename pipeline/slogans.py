"""Slogans (提法): match the lexicon, discover formulations from their structure, link definitions.

Tables ``slogans`` (one row per occurrence), ``slogan_candidates`` (one row per discovered
formulation over the corpus, ranked for review) and ``slogan_definitions`` (explanations
found in the text). Rules live in :mod:`pipeline.slogan_rules`; every row names its rule.

Score of a discovered formulation (``slogan_candidates.score``, in [0, 1]): a calibrated
probability from :mod:`pipeline.slogan_scores` (features of the candidate over the corpus,
a model learned on annotated dev documents and stored as data in ``slogan_scores.json``).
Established formulations of the mined archive (``formulations_mined.tsv``) are matched too,
where no structural rule found anything (rule ``mined``).

>>> [(h.slogan, h.rule) for h in explain_hits("按照“五个一批”要求，推进“四新一盘活”行动")]
[('五个一批', 'numeral_pattern'), ('四新一盘活', 'numeral_pattern')]
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

import ahocorasick_rs
import numpy as np
import pandas as pd

from pipeline import memory, schemas
from pipeline.explanation import Explanation, Step
from pipeline import patterns as P
from pipeline import slogan_rules as R
from pipeline import slogan_scores as S
from pipeline.config import SloganConfig
from pipeline.lexicons import Lexicon, SloganEntry


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    slogan: str
    kind: str
    origin: str
    rule: str
    score: float = 0.0  # the score model's probability for this one occurrence (see :func:`priors`)
    # what :func:`slogan_scores.occurrence` says of this occurrence, measured once by :func:`priors`
    # and read again by :func:`finish` (the scan's text is the finish's): :func:`occurrence_bits`,
    # -1 when not measured. Not part of the hit's identity
    seen: int = field(default=-1, compare=False, repr=False)


@dataclass(frozen=True)
class Rejection:
    start: int
    end: int
    text: str
    reason: str
    rule: str = ""  # the rule that rejected it (slogan_rules.QUOTED_RULES, or this module's); --explain only


# The stage's intermediate values as plain data (lists of numbers and strings), so that a
# run can keep them on disk as JSON between its passes (never pickle: see pipeline/io.py).

def occurrence_bits(q: bool, cut: bool, verb: bool, listed: bool) -> int:
    """:func:`slogan_scores.occurrence` 's four answers as one number (:attr:`Hit.seen`)."""
    return q | cut << 1 | verb << 2 | listed << 3


def _occurrence(text: str, h: Hit) -> tuple[bool, bool, bool, bool]:
    """:func:`slogan_scores.occurrence` of ``h`` in ``text``, as :func:`priors` measured it when it did."""
    if h.seen < 0:
        return S.occurrence(text, h.start, h.end)
    return bool(h.seen & 1), bool(h.seen & 2), bool(h.seen & 4), bool(h.seen & 8)


def _hits_data(hits) -> list:
    return [[h.start, h.end, h.slogan, h.kind, h.origin, h.rule, h.score, h.seen] for h in hits]


def _pairs_data(pairs) -> list:
    """``(hit, text)`` pairs as rows: the hit's fields, then the text."""
    return [[h.start, h.end, h.slogan, h.kind, h.origin, h.rule, h.score, t] for h, t in pairs]


def _hits_from(rows) -> list[Hit]:
    return [Hit(int(a), int(b), s, k, o, r, float(x), int(seen)) for a, b, s, k, o, r, x, seen in rows]


def scans_data(scans: dict) -> list:
    """:func:`scan`'s result as plain data; :func:`scans_from_data` reverses it."""
    return [[d, _hits_data(found), [[r.start, r.end, r.text, r.reason] for r in rejected], _hits_data(lex)]
            for d, (found, rejected, lex) in scans.items()]


def scans_from_data(data: list) -> dict:
    return {d: (_hits_from(found), [Rejection(int(a), int(b), t, why) for a, b, t, why in rejected], _hits_from(lex))
            for d, found, rejected, lex in data}


def partial_docs_data(docs: list["DocHits"]) -> list:
    """:attr:`Partial.docs` as plain data; :func:`partial_docs_from_data` reverses it."""
    return [[d.doc_id, d.source, _pairs_data(d.lexicon), _pairs_data(d.discovered)] for d in docs]


def partial_docs_from_data(data: list) -> list["DocHits"]:
    def pairs(rows):
        return [(Hit(int(a), int(b), s, k, o, r, float(x)), t) for a, b, s, k, o, r, x, t in rows]

    return [DocHits(d, source, pairs(lex), pairs(disc)) for d, source, lex, disc in data]


def partial_counts_data(partial: "Partial") -> list:
    """A :class:`Partial`'s definitions and counts (not its ``docs``) as plain data, computed
    with ``order`` the documents' rows; :func:`partial_counts_from_data` reverses it and
    places the documents in the corpus.

    ``[definitions, {slogan: counts}, strings]``: each formulation's counts as a row (count,
    n_docs, rules, quoted, cut, verb, kinds, first_date, then its first occurrence's place and
    the indexes in ``strings`` of its source and sentence), so that a file's source and a
    sentence shared by several formulations are written once (they were half of the pass's
    partials)."""
    strings: dict[str, int] = {}

    def ref(s: str) -> int:
        return strings.setdefault(s, len(strings))

    stats = {}
    for slogan, a in partial.stats.items():
        (undated, date, row, start), source, sentence = a["first"]
        stats[slogan] = [a["count"], a["n_docs"], sorted(a["rules"]), a["quoted"], a["cut"], a["verb"], dict(a["kinds"]),
                         a["first_date"], undated, date, row, start, ref(source), ref(sentence), a.get("listed", 0)]
    return [[list(row) for row in partial.definitions], stats, list(strings)]


def partial_counts_from_data(data: list, index: int) -> "Partial":
    """The :class:`Partial` (without ``docs``) of :func:`partial_counts_data`, its documents
    placed at ``index`` in the corpus order: a first occurrence's place becomes ``(index, row)``."""
    definitions, stats, strings = data
    out = {}
    for slogan, (count, n_docs, rules, quoted, cut, verb, kinds, first_date, undated, date, row, start, source,
                 sentence, listed) in stats.items():
        out[slogan] = {"count": count, "n_docs": n_docs, "rules": set(rules), "quoted": quoted, "cut": cut,
                       "verb": verb, "listed": listed, "kinds": defaultdict(int, kinds), "first_date": first_date,
                       "first": ((undated, date, (index, row), start), strings[source], strings[sentence])}
    return Partial([], [tuple(row) for row in definitions], out)


# ---------------------------------------------------------------- span helpers

def _extend(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span over quotation marks that wrap it and a trailing 行动/工程/… word."""
    if start > 0 and end < len(text) and text[start - 1] in R.OPENING and text[end] in R.CLOSING:
        start, end = start - 1, end + 1
    for suf in R.SUFFIXES:
        if text.startswith(suf, end):
            return start, end + len(suf)
    return start, end


def _resolve(hits: list[Hit]) -> list[Hit]:
    """Non-overlapping hits: the longest span wins (1+5 inside 1+5+N); on equal spans, the lexicon."""
    order = sorted(hits, key=lambda h: (-(h.end - h.start), h.origin != "lexicon", -h.score, h.start, h.slogan))
    taken: list[Hit] = []
    used = bytearray()
    for h in order:
        if len(used) < h.end:
            used.extend(b"\0" * (h.end - len(used)))
        if any(used[h.start:h.end]):
            continue
        used[h.start:h.end] = b"\1" * (h.end - h.start)
        taken.append(h)
    return sorted(taken, key=lambda h: (h.start, h.end))


# ---------------------------------------------------------------- discovery

_sums_up_list = R.sums_up_list  # a quoted set label (“四大工程”) that only counts the items listed just before it


def _name_with_head(content: str, after: str, reason: str) -> R.Verdict | None:
    """A quoted dictionary word or idiom named by the campaign word right after the quotation
    mark: “三北”工程, “三联式”改革, “包干制”改革, “三位一体”战略. The head shows the quotation
    names a campaign or mechanism; the word's ordinary sense is not meant."""
    if reason not in DICTIONARY_REASONS or not any(after.startswith(w) for w in R.NAMED_AFTER):
        return None
    s = R.canonical(content)
    if not 2 <= len(s) <= 8 or R.PARTICLES.search(s):
        return None
    kind = "numbered" if re.search(rf"[0-9{R.NUM_CHARS}]", s) else "named"
    return R.Verdict(kind, "quoted_name_with_head", s)


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
)


def _quoted_hits(text: str, rejections: list[Rejection] | None, weak: list[Hit] | None = None) -> list[Hit]:
    """The formulations of the quotations of ``text``; the weak ones (:data:`WEAK_REJECTIONS`)
    go to ``weak`` when given."""
    hits = []
    for m in R.QUOTED.finditer(text):
        content = next(g for g in m.groups() if g is not None)
        after = text[m.end():m.end() + 10]  # (a line's name may come a few words on: R.LINE_AFTER)
        start, end = m.start(), m.end()
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
        suf = next((w for w in R.SUFFIXES if text.startswith(w, end)), "")
        hits.append(Hit(start, end + len(suf), v.canonical, v.kind, "discovered", v.rule))
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
        counted = len(shared) == 1 and next(_counts_before(text, next(iter(shared)), m.end(), m.end() + 8), None)
        # …“送政策、送贷款、送服务”的“三送”: the series defines the count after it, it is no name
        if not counted and all(2 <= len(p) <= 8 and all(R.is_cjk(c) for c in p) for p in parts):
            return [Hit(m.start(), m.end(), R.canonical(content), "named", "discovered", "named_series")]
        return []
    hits, pos = [], m.start() + 1
    for p in parts:
        v = R.classify_quoted(p, "")
        # items of three characters or more: two-character ones (“七川、五河”) are mostly place names
        # (an item not starting with its numeral, 要事一事一商, is left to the running-text rules)
        if not v.reject and v.kind == "numbered" and v.canonical == R.canonical(p) and len(p) >= 3 and p[0] in R.NUM_CHARS:
            hits.append(Hit(pos, pos + len(p), v.canonical, "numbered", "discovered", "quoted_series"))
        elif rejections is not None and v.reject:
            rejections.append(Rejection(pos, pos + len(p), p, v.reject, v.rule))
        pos += len(p) + 1
    return hits


def _unquoted_hits(text: str, rejections: list[Rejection] | None) -> list[Hit]:
    hits = []
    for m in (R.PLUS.finditer(text) if "+" in text else ()):  # a formula holds a +: no scan without one
        s = R.canonical(m.group())
        if re.search(r"[0-9]", s) and "+" in s and not R.DIGIT_UNIT_AFTER.match(text[m.end():m.end() + 2]):
            start, end = _extend(text, m.start(), m.end())
            hits.append(Hit(start, end, s, "numbered", "discovered", "plus_formula"))
    for m in R.PLAN.finditer(text):
        start, end = _extend(text, m.start(), m.end())
        hits.append(Hit(start, end, m.group(), "plan", "discovered", "plan", 0.9))
    for m in R.N_DA_CAMPAIGN.finditer(text):
        if _sums_up_list(text, m.start() - (1 if m.start() and text[m.start() - 1] in R.OPENING else 0), m.group()):
            if rejections is not None:
                rejections.append(Rejection(m.start(), m.end(), m.group(), "sums up the items listed just before it",
                                            "sums_up_list"))
            continue
        hits.append(Hit(m.start(), m.end(), m.group(), "numbered", "discovered", "numeral_campaign", 0.65))
    for m in (R.PUFA.finditer(text) if "普法" in text else ()):  # the pattern ends in 普法
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
            start, end = _extend(text, i, i + len(core))
            hits.append(Hit(start, end, core, "numbered", "discovered", "numeral_pattern"))
            taken = i + len(core)
    return hits


_SERIES_MEMO: list = [None, {}]  # the last text seen and its series by span (windows overlap)


def _series(text: str, lo: int, hi: int):
    """Series in ``text[lo:hi]``: (start, end, items, shared char, 'prefix'|'suffix', run start, run end)."""
    if _SERIES_MEMO[0] is not text:
        _SERIES_MEMO[:] = [text, {}]
    memo = _SERIES_MEMO[1]
    for m in R.SERIES.finditer(text, lo, hi):
        found = memo.get(m.span())
        if found is None:
            found = memo[m.span()] = list(_series_at(text, m))
        yield from found


def _series_at(text: str, m: re.Match):
    """The series of one match of :data:`R.SERIES` (see :func:`_series`)."""
    whole, base = m.group(), m.start()
    parts = R.SERIES_SEP.split(whole)
    if not _may_share([part.strip(P.CURLY_QUOTES) for part in parts]):
        return  # no two neighbouring items that could share a character: no series (most matches)
    items, pos = [], base
    for part in parts:
        clean = part.strip(P.CURLY_QUOTES)
        off = whole.find(part, pos - base) + base
        items.append((off, off + len(part), clean))
        pos = off + len(part)
    for side in ("prefix", "suffix"):
        best = None
        run: list = []
        for it in items:
            ch = it[2][:1] if side == "prefix" else it[2][-1:]
            if run and len(it[2]) >= 2 and ch == (run[0][2][:1] if side == "prefix" else run[0][2][-1:]):
                run.append(it)
            else:
                if best is None or len(run) > len(best):
                    best = run
                run = [it] if len(it[2]) >= 2 else []
        if best is None or len(run) > len(best):
            best = run
        if best and len(best) >= 1:
            ch = best[0][2][:1] if side == "prefix" else best[0][2][-1:]
            k = items.index(best[0])
            # the item before the run may end with it: 项目新洽谈、新签约 … -> 新洽谈
            if side == "prefix" and k > 0 and ch in items[k - 1][2][:-1]:
                prev = items[k - 1]
                cut = prev[2].rindex(ch)
                best = [(prev[1] - (len(prev[2]) - cut) - (1 if text[prev[1] - 1] in "”’" else 0), prev[1], prev[2][cut:])] + best
        if best and len(best) >= 2:
            if R.is_cjk(ch) and ch not in R.NUM_CHARS:
                yield m.start(), m.end(), [b[2] for b in best], ch, side, best[0][0], best[-1][1]


def _may_share(items: list[str]) -> bool:
    """Whether :func:`_series_at` can find anything in a series of ``items``: a run it takes
    needs two neighbouring items of two characters or more with the same first or last
    character, or one such item whose first character the item before it holds (新洽谈、新签约)."""
    for x, y in zip(items, items[1:]):
        if len(y) >= 2 and (len(x) >= 2 and (x[0] == y[0] or x[-1] == y[-1]) or y[0] in x[:-1]):
            return True
    return False


def _counts_before(text: str, ch: str, lo: int, hi: int):
    """``(start, numerals)`` of each count right before ``ch`` in ``text[lo:hi]`` (四强 after
    强科技、强工业 …): one or two numerals, then ``ch``, which is no numeral. As a regex
    ``[numerals]{1,2}ch`` would find them, from the occurrences of ``ch`` alone (a pattern per
    character was compiled for each of the hundreds a corpus's series share)."""
    j = text.find(ch, lo, hi)
    while j != -1:
        if j > lo and text[j - 1] in R.NUM_CHARS:
            a = j - 2 if j - 2 >= lo and text[j - 2] in R.NUM_CHARS else j - 1
            yield a, text[a:j]
        j = text.find(ch, j + 1, hi)


def _series_hits(text: str) -> list[Hit]:
    """A series the text abbreviates into a count: 强科技、强工业、强县域 … “四强”."""
    hits = []
    for s_start, s_end, items, ch, side, r0, r1 in _series(text, 0, len(text)):
        k = len(items)
        lo, hi = max(0, s_start - 120), min(len(text), s_end + 120)
        for a, numerals in _counts_before(text, ch, lo, hi):
            n = R.cn_value(numerals)
            if n is None or numerals in ("一", "二") or not (k <= n <= k + 2) or (r0 <= a < r1):  # 二院: an ordinal
                continue
            if a > 0 and text[a - 1] in R.NUM_CHARS:
                continue
            # the formulation holding NUM+char: a repeated-numeral pattern, or NUM+char itself
            found = None
            for back in range(0, 6):
                b = a - back
                if b < 0:
                    break
                p = R.parse_numeral_pattern(text, b)
                if p and b + len(p) > a:
                    found = (b, b + len(p))
                    break
            b0, b1 = found or (a, a + len(numerals) + 1)  # the numerals and ch
            core, _ = R.strip_suffix(text[b0:b1], "numbered")
            if R.is_idiom(core) or R.is_common_word(core, 20) or (len(core) == 2 and core[1] in R.GENERIC_HEADS):
                continue
            st, en = _extend(text, b0, b0 + len(core))
            hits.append(Hit(st, en, core, "numbered", "discovered", "series_count"))
    return hits


def discover(text: str, rejections: list[Rejection] | None = None) -> list[Hit]:
    """Every formulation proposed by a structural rule in ``text`` (overlaps not yet resolved).

    >>> sorted({h.slogan for h in discover("构建“1+X+N”体系，坚持“十四五”规划，3个园区")})
    ['1+X+N', '十四五']
    """
    text = R.fold_width(text)
    weak: list[Hit] = []
    hits = _quoted_hits(text, rejections, weak) + _unquoted_hits(text, rejections) + _series_hits(text)
    # a weak quotation only where no rule found anything (it never cuts a formulation found)
    return hits + [h for h in weak if not any(x.start < h.end and h.start < x.end for x in hits)]


# ---------------------------------------------------------------- matching known formulations

# code points dropped from the matching form: quotation marks and whitespace (all below U+3001)
_DROP = np.array([chr(cp) in R.QUOTE_CHARS or chr(cp).isspace() for cp in range(0x3001)] + [False])


def _matching_form(folded: str) -> tuple[list[int], str]:
    """The text without quotation marks and whitespace, upper-cased, and the index in
    ``folded`` of each of its characters (numpy over code points: no per-character loop)."""
    cps = np.frombuffer(folded.encode("utf-32-le"), dtype=np.uint32)
    kept = np.flatnonzero(~_DROP[np.minimum(cps, 0x3001)])
    norm = cps[kept].astype("<u4").tobytes().decode("utf-32-le")
    upper = norm.upper()
    if len(upper) != len(norm):  # a letter that upper-cases to two (ß): per character, as it is written
        keep = [i for i, c in enumerate(folded) if c not in R.QUOTE_CHARS and not c.isspace()]
        return keep, "".join(folded[i] for i in keep).upper()
    return kept.tolist(), upper


# the boundaries of a known formulation (Matcher._bounded, Matcher.find), compiled once
_FORMULA_CHAR = re.compile(r"[0-9A-Z+]")  # a formula's character (at the key's start)
_FORMULA_BEFORE = re.compile(r"[0-9A-Z+.]")  # before it: the match is inside a longer formula or number
_FORMULA_END = re.compile(r"[0-9A-Z+]$")  # a key ending in a formula's character
_FORMULA_AFTER = re.compile(r"[0-9A-Z+%]")  # after it: the formula or number goes on
# before a key starting with a numeral: inside a numeral run (〇/零 too: 三五 in the year 二〇三五)
_NUM_OR_ORDINAL = R.NUM_CHARS + "第〇零"
_TWO_QUOTATIONS = re.compile(r"[”’』」][“‘『「]")  # “A”“B”: two names side by side


WITHOUT_COMMAS = "_without_commas"  # a lexicon entry's rule where the text writes it without its enumeration commas
_DFA_MAX_ENTRIES = 5_000  # above this many keys a Matcher's automaton is an NFA (memory; as protect's)


class Matcher:
    """Finds known formulations with their variants: quotation marks around all or part, spaces,
    full-width characters, a trailing 行动/工程/…; never inside a longer number or formula."""

    def __init__(self, entries: dict[str, tuple[str, str]]):
        # entries: canonical -> (kind, rule). A series written with enumeration commas (大众创业、万众创新) is
        # also matched where a text writes it without them (大众创业万众创新), as the same formulation,
        # under its rule's name with ``_without_commas`` (named in --explain; scored as its rule)
        self.entries = {}
        for k, (kind, rule) in entries.items():
            c = R.canonical(k)
            if c:
                self.entries[c.upper()] = (c, kind, rule)
        for key, (c, kind, rule) in list(self.entries.items()):
            if "、" in key and key.replace("、", ""):
                self.entries.setdefault(key.replace("、", ""), (c, kind, rule + WITHOUT_COMMAS))
        self.keys = sorted(self.entries)
        # every (overlapping) match in code points; a DFA for a lexicon-sized set, a contiguous
        # NFA for the thousands of mined formulations (as protect.Segmenter). pyahocorasick
        # walked a wide root node per character (~4 MB/s on reports with 6,000 entries)
        impl = ahocorasick_rs.Implementation.DFA if len(self.keys) <= _DFA_MAX_ENTRIES \
            else ahocorasick_rs.Implementation.ContiguousNFA
        self.automaton = ahocorasick_rs.AhoCorasick(self.keys, implementation=impl) if self.keys else None

    def occurrences(self, norm: str) -> list[tuple[int, str]]:
        """Every occurrence of a key in ``norm`` (a matching form), overlapping: ``(index of
        its last character, key)``, by end and, at one end, longest first."""
        found = self.automaton.find_matches_as_indexes(norm, overlapping=True)
        found.sort(key=lambda m: (m[2], m[1]))
        return [(end - 1, self.keys[i]) for i, _, end in found]

    @staticmethod
    def _bounded(norm: str, s: int, e: int, key: str) -> bool:
        """Not inside a longer number, formula or numeral run (1+5 in 1+5+N, 四强 in 十四强)."""
        before, after = norm[s - 1:s], norm[e:e + 1]
        if _FORMULA_CHAR.match(key) and _FORMULA_BEFORE.match(before):
            return False
        if key[0] in R.NUM_CHARS and before and before in _NUM_OR_ORDINAL:
            return False
        return not (_FORMULA_END.search(key) and _FORMULA_AFTER.match(after))

    def find(self, text: str, origin: str) -> list[Hit]:
        if self.automaton is None:
            return []
        return self.keys_and_hits(R.fold_width(text), origin)[1]

    def keys_and_hits(self, folded: str, origin: str) -> tuple[set[str], list[Hit]]:
        """The keys occurring anywhere in ``folded`` (bounded or not: :func:`known_present`)
        and the hits :meth:`find` gives, from one pass of the automaton."""
        keep, norm = _matching_form(folded)
        found = self.occurrences(norm)
        return {key for _, key in found}, self.hits(folded, keep, norm, found, origin)

    def hits(self, folded: str, keep: list[int], norm: str, found: list[tuple[int, str]], origin: str) -> list[Hit]:
        """The hits of ``found`` (:meth:`occurrences` in ``norm``, the matching form of
        ``folded`` with ``keep`` its offsets there): bounded, not two quotations, extended."""
        hits = []
        for last, key in found:
            ms, me = last - len(key) + 1, last + 1
            if not self._bounded(norm, ms, me, key):
                continue
            start, end = keep[ms], keep[me - 1] + 1
            inner = folded[start:end]
            # “A”“B”: two quotations side by side are two names, not one
            if _TWO_QUOTATIONS.search(inner):
                continue
            canon, kind, rule = self.entries[key]
            st, en = _extend(folded, start, end)
            hits.append(Hit(st, en, canon, kind, origin, rule if (st, en) == (start, end) else rule + "_variant",
                            1.0 if origin == "lexicon" else 0.0))  # a lexicon entry is certain; others get a prior
        return hits


class MatcherSet:
    """Several :class:`Matcher` s read from one pass over a text: one matching form, one
    automaton over the union of their keys; each matcher's hits are those its own automaton
    gives (an overlapping search reports every occurrence of every key, so a matcher's share
    of the union's, in the same order, is its own)."""

    def __init__(self, matchers: list[Matcher]):
        self.matchers = matchers
        self.keys = sorted({k for m in matchers for k in m.keys})
        impl = ahocorasick_rs.Implementation.DFA if len(self.keys) <= _DFA_MAX_ENTRIES \
            else ahocorasick_rs.Implementation.ContiguousNFA
        self.automaton = ahocorasick_rs.AhoCorasick(self.keys, implementation=impl) if self.keys else None

    occurrences = Matcher.occurrences  # over the union's keys

    def find(self, folded: str, origins: list[str]) -> list[list[Hit]]:
        """``[matcher.find(folded, origin) for each matcher and its origin]``, from one pass."""
        if self.automaton is None:
            return [[] for _ in self.matchers]
        keep, norm = _matching_form(folded)
        found = self.occurrences(norm)
        return [m.hits(folded, keep, norm, [(last, key) for last, key in found if key in m.entries], origin)
                if m.automaton is not None else [] for m, origin in zip(self.matchers, origins)]


def _lexicon_kind(entry: str, meta: SloganEntry | None) -> str:
    if meta is not None and meta.category in ("numbered", "named", "plan"):
        return meta.category
    if R.PLAN_QUOTED.match(entry):
        return "plan"
    return "named" if R.structure(entry) == "named" else "numbered"


def lexicon_matcher(lexicon: Lexicon) -> Matcher:
    return Matcher({e: (_lexicon_kind(e, meta), "lexicon") for e, meta in lexicon.slogans.items()})


# ---------------------------------------------------------------- definitions

def _clause_end(text: str, pos: int, limit: int = 240, sentence: bool = False) -> int:
    m = (R.SENTENCE_END if sentence else R.CLAUSE_END).search(text, pos, min(len(text), pos + limit))
    return m.start() if m else min(len(text), pos + limit)


# a series counted by a formulation ends at most _LEADS_UP characters before it or starts at
# most _FOLLOWS after it; an item of R.SERIES with its separator spans at most _ITEM_REACH
_LEADS_UP, _FOLLOWS, _ITEM_REACH = 40, 30, 12


def _definitions_at(text: str, hit: Hit) -> list[tuple[str, str]]:
    """Explanations of the formulation at ``hit``: ``(definition, how)``."""
    out = []
    after = text[hit.end:hit.end + 40]
    m = R.INLINE_DEF.match(after)
    if m and not R.COMPONENT_DEF.search(text, hit.end, hit.end + 60):
        d0 = hit.end + m.end()
        d = text[d0:_clause_end(text, d0, 300, sentence=True)].strip()
        if len(d) >= 4:
            out.append((d, "inline"))
    comps = R.numeral_components(hit.slogan)
    if not comps:
        return out
    # ‘1’是指 … ‘5’是指 …
    cm = R.COMPONENT_DEF.search(text, hit.end, hit.end + 60)
    if cm:
        out.append((text[cm.start():_clause_end(text, cm.start(), 400, sentence=True)].strip(), "components"))
    # a spelled-out formulation: 1个…、1个…、17个… in the order of its numbers
    if "+" in hit.slogan or R.BARE_DIGITS.match(hit.slogan):
        values = [v for v, _ in comps]
        pos, first, last = hit.end, None, None
        for idx, v in enumerate(values):
            found = None
            for em in R.ENUM_ITEM.finditer(text, pos, min(len(text), pos + (60 if idx == 0 else 160))):
                if R.cn_value(em.group(1)) == v:
                    found = em
                    break
            if not found:
                first = None
                break
            first = first if first is not None else found.start()
            last, pos = found, found.end()
        if first is not None and last is not None and len(values) >= 2:
            out.append((text[first:_clause_end(text, last.end(), 200)].strip(), "enumeration"))
        return out
    # a series that the formulation counts: 新洽谈、新签约、新开工、新竣工 … “四新一盘活”
    lo, hi = max(0, hit.start - 150), min(len(text), hit.end + 150)
    spans = []
    # once for all the components; only where a component's character could be shared by
    # two items near the formulation, which most formulations rule out at once: a series
    # taken below holds the character in two neighbouring items of at most _ITEM_REACH
    # characters each, ending at most _LEADS_UP before the formulation or starting at most
    # _FOLLOWS after it
    wanted = {c for _, body in comps for c in (body[:1], body[-1:]) if c}
    before = max(lo, hit.start - _LEADS_UP - 2 * _ITEM_REACH)
    after = min(hi, hit.end + _FOLLOWS + 2 * _ITEM_REACH)
    near = any(text.count(c, before, hit.start) >= 2 or text.count(c, hit.end, after) >= 2 for c in wanted)
    series = list(_series(text, lo, hi)) if near else []
    for n, body in comps:
        for s_start, s_end, items, ch, side, r0, r1 in series:
            near = (0 <= hit.start - r1 <= _LEADS_UP) or (0 <= r0 - hit.end <= _FOLLOWS)  # leads up to it, or follows it
            if near and (body[:1] == ch or body[-1:] == ch) and len(items) <= n <= len(items) + 2:
                spans.append((r0, r1))
                break
    if spans:
        a, b = min(s for s, _ in spans), max(e for _, e in spans)
        if b <= hit.start:  # the series leads up to the formulation: take everything in between
            b = hit.start
            while b > a and text[b - 1] in "的等“‘「『 ":
                b -= 1
        out.append((text[a:b].strip("，、, "), "enumeration"))
    return out


def _glossary(text: str) -> list[tuple[str, str]]:
    """Entries of 名词解释 / 注释 sections: ``(term, explanation)``."""
    out = []
    for head in R.GLOSSARY_HEAD.finditer(text):
        for line in text[head.end():].split("\n")[:80]:
            line = line.strip().strip("*")
            if not line:
                continue
            m = R.GLOSSARY_ENTRY.match(line)
            if not m:
                break
            terms = [t for t in re.findall(r"“([^”]{1,20})”", m.group(1))] or [m.group(1)]
            expl = re.sub(r"^(?:指|是指)", "", m.group(2)).strip()
            for t in terms:
                t = R.canonical(t)
                core, _ = R.strip_suffix(t, "named" if R.structure(t) == "named" else "numbered")
                out.append((core, expl))
    return out


# ---------------------------------------------------------------- the stage

def scan(documents: pd.DataFrame, *, lexicon: Lexicon, config: SloganConfig = SloganConfig()) -> dict:
    """The per-document part of the stage: ``{doc_id: (discovered, rejections, lexicon hits)}``.

    Independent per document, so a run computes it in parallel over files and hands the
    merged result to :func:`slogan_tables` (``scans=``); the tables are the same either way.
    """
    R.use_lexicon(lexicon)
    mined = _mined_matcher(lexicon) if config.discover and config.mined else None
    # the lexicon's entries and the mined formulations from one pass of one automaton
    matchers = _scan_matchers(lexicon, mined)
    model = S.model_of(lexicon)
    out = {}
    for d, t in zip(documents["doc_id"], documents["text"]):
        folded = R.fold_width(t)
        rejected: list[Rejection] = []
        lex, *mined_found = matchers.find(folded, ["lexicon", "discovered"][:len(matchers.matchers)])
        hits = discover(folded, rejected) if config.discover else []
        if mined_found:
            hits += mined_hits(folded, hits, lexicon, mined_found[0])
        out[d] = (priors(folded, hits, lexicon, model), rejected, lex)
    return out


_SCAN_MATCHERS: list = [None, None, None]  # the lexicon's slogans, the mined Matcher, and their MatcherSet


def _scan_matchers(lexicon: Lexicon, mined: "Matcher | None") -> MatcherSet:
    """One :class:`MatcherSet` over the lexicon's entries and (when given) the mined
    formulations, built once per lexicon in a process."""
    if _SCAN_MATCHERS[0] is not lexicon.slogans or _SCAN_MATCHERS[1] is not mined:
        _SCAN_MATCHERS[:] = [lexicon.slogans, mined, MatcherSet([lexicon_matcher(lexicon)] + ([mined] if mined else []))]
    return _SCAN_MATCHERS[2]


def mined_hits(text: str, found: list[Hit], lexicon: Lexicon, matched: list[Hit] | None = None) -> list[Hit]:
    """Established formulations of the mined archive (``formulations_mined.tsv``) written in
    ``text``, quoted or not, where no structural rule found anything (rule ``mined``).
    ``matched``: the mined matcher's hits in ``text`` when the caller has them already."""
    m = _mined_matcher(lexicon)
    if m is None:
        return []
    taken = sorted((h.start, h.end) for h in found)
    starts = [a for a, _ in taken]
    reach = list(accumulate((b for _, b in taken), max))  # the furthest end of the spans so far
    out = []
    for h in (m.find(text, "discovered") if matched is None else matched):
        k = bisect_left(starts, h.end)  # the spans starting before h ends: taken[:k]
        if not (k and reach[k - 1] > h.start):  # none of them reaches past h's start: no overlap
            out.append(Hit(h.start, h.end, h.slogan, h.kind, h.origin, "mined", h.score))
    return out


_MINED: list = [None, None]  # the mined dict of the last lexicon and its Matcher
_NUMERALS_ONLY = re.compile(rf"^[{R.NUM_CHARS}]+$")


def _mined_matcher(lexicon: Lexicon) -> "Matcher | None":
    if not lexicon.mined:
        return None
    if _MINED[0] is not lexicon.mined:
        # digits and plus-formulas are the structural rules' (135 in 135户), and so are names made
        # of numerals only, which unquoted are numbers (“十五” is the plan, 十五 fifteen); one- and
        # two-character names and lexicon entries are left out
        entries = {e: (m.kind, "mined") for e, m in lexicon.mined.items()
                   if e not in lexicon.slogans and not re.search(r"[0-9+]", e) and len(e) >= (3 if m.kind == "named" else 2)
                   and not _NUMERALS_ONLY.match(e)}
        _MINED[:] = [lexicon.mined, Matcher(entries)]
    return _MINED[1]


def priors(text: str, hits: list[Hit], lexicon: Lexicon | None, model=None) -> list[Hit]:
    """``hits`` with their score: the model's probability for the occurrence alone (one
    occurrence, one document, its rule, quoted or not, its boundaries)."""
    if not hits:
        return hits
    model = model if model is not None else S.model_of(lexicon)
    mined = lexicon.mined if lexicon is not None else {}
    if _PRIOR_VECTORS[0] is not mined or len(_PRIOR_VECTORS[1]) > _PRIOR_MEMO:
        _PRIOR_VECTORS[:] = [mined, {}]
    known = _PRIOR_VECTORS[1]  # an occurrence's vector depends on these alone: computed once per process
    vecs, seen = [], []
    for h in hits:
        q, cut, verb, listed = S.occurrence(text, h.start, h.end)
        seen.append(occurrence_bits(q, cut, verb, listed))
        key = (h.slogan, h.kind, h.rule, q, cut, verb, listed)
        vec = known.get(key)
        if vec is None:
            stats = {"count": 1, "n_docs": 1, "rules": {h.rule}, "quoted": q, "cut": cut, "verb": verb, "listed": listed}
            vec = known[key] = S.features(h.slogan, h.kind, stats, mined.get(h.slogan), False)
        vecs.append(vec)
    # a Hit built directly: dataclasses.replace costs several times more, once per occurrence
    return [Hit(h.start, h.end, h.slogan, h.kind, h.origin, h.rule, p, b) for h, p, b in zip(hits, S.score(model, vecs), seen)]


_PRIOR_VECTORS: list = [None, {}]  # the mined dict in use and {(slogan, kind, rule, quoted, cut, verb, listed): features}
_PRIOR_MEMO = 50_000  # vectors kept at most (then started afresh): a few MB


def slogan_tables(documents: pd.DataFrame, sentences: pd.DataFrame, *, lexicon: Lexicon,
                  config: SloganConfig = SloganConfig(), scans: dict | None = None,
                  ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """``(slogans, slogan_candidates, slogan_definitions)`` for every document.

    The stage in one process; a run computes the same in parts (map, then reduce):
    :func:`scan` per chunk of files, :func:`known_formulations` over all scans,
    :func:`finish` per chunk, :func:`combine` over the partial results.

    >>> import pandas as pd
    >>> from pipeline.lexicons import Lexicon
    >>> docs = pd.DataFrame({"doc_id": ["d"], "source": ["a.txt"], "date": [None],
    ...                      "text": ["深入推进“三抓三促”行动，落实“1+1+17”体系。"]})
    >>> found, cands, defs = slogan_tables(docs, None, lexicon=Lexicon())
    >>> list(found["slogan"])
    ['三抓三促', '1+1+17']
    """
    if scans is None:
        scans = scan(documents, lexicon=lexicon, config=config)
    known = known_formulations([scans[d] for d in documents["doc_id"]], config)
    return combine([finish(documents, sentences, scans, known, config=config)], lexicon=lexicon, config=config)


def propagating(scans, config: SloganConfig = SloganConfig()) -> list[tuple[str, str]]:
    """``(slogan, kind)`` of the formulations in some documents' scans that are confident
    enough to be matched everywhere, in text order (see :func:`known_formulations`)."""
    out = []
    if not config.discover:
        return out
    for hits, _, _ in scans:
        for h in _resolve(list(hits)):
            # two-character abbreviations (两山, 三产) are too ambiguous to take unquoted
            # bare digits (“135”, “12345”) are a name only where quoted: unquoted they are numbers
            if h.score >= config.propagate_score and len(h.slogan) >= (4 if h.kind == "named" else 3) \
                    and not R.BARE_DIGITS.match(h.slogan):
                out.append((h.slogan, h.kind))
    return out


def known_formulations(scans: list[tuple], config: SloganConfig = SloganConfig()) -> dict[str, tuple[str, str]]:
    """Formulations found by their structure that are then matched everywhere (unquoted
    repeats), from the scans of every document in corpus order: ``{slogan: (kind, rule)}``;
    the first occurrence decides the kind."""
    return known_from(propagating(scans, config))


def known_from(pairs) -> dict[str, tuple[str, str]]:
    """:func:`known_formulations` from the :func:`propagating` pairs of every part, in order."""
    known: dict[str, tuple[str, str]] = {}
    for slogan, kind in pairs:
        known.setdefault(slogan, (kind, "recurrence"))
    return known


def known_present(texts, known: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """The entries of ``known`` (in its order) that may recur in ``texts``: those whose
    matching form occurs in a text's. :func:`finish` on documents depends on ``known``
    through these alone, so a run keys a file's finish by them.

    >>> known_present(["落实“三抓三促”"], {"三抓三促": ("numbered", "recurrence"), "五个一批": ("numbered", "recurrence")})
    {'三抓三促': ('numbered', 'recurrence')}
    """
    m = _recurrence_matcher(known)
    if m.automaton is None:
        return {}
    found = set()
    memo = _RECURRENCE[0][3]
    for text in texts:
        folded = R.fold_width(text)
        keys, hits = m.keys_and_hits(folded, "discovered")
        found.update(keys)
        # the recurrences themselves, for finish() on the same text (a run asks for the
        # file's share of ``known`` and then finishes it, in the same worker)
        if len(memo) >= _RECURRENCE_MEMO:
            memo.pop(next(iter(memo)))
        memo[folded] = hits
    # each entry's matching form computed once per ``known``, not once per file; its entries
    # by matching form, so a file costs its own keys, not all of ``known``
    by_key = _RECURRENCE[0][2]
    return {s: known[s] for s in sorted((s for key in found for s in by_key.get(key, ())), key=_RECURRENCE[0][4].get)}


_RECURRENCE: list = [None]  # the last (known, Matcher, {matching form: entries}, {folded text: hits}, {entry: place}) built in this process
_RECURRENCE_MEMO = 256  # texts whose recurrences known_present() keeps for finish()


def _recurrence_matcher(known: dict[str, tuple[str, str]]) -> Matcher:
    last = _RECURRENCE[0]
    if last is None or last[0] != known:
        by_key: dict[str, list[str]] = {}
        for s in known:
            by_key.setdefault(R.canonical(s).upper(), []).append(s)
            if "、" in s:  # matched without its enumeration commas too (Matcher)
                by_key.setdefault(R.canonical(s).upper().replace("、", ""), []).append(s)
        last = _RECURRENCE[0] = (dict(known), Matcher(known), by_key, {}, {s: i for i, s in enumerate(known)})
    return last[1]


def _recurrences(rec: Matcher, folded: str) -> list[Hit]:
    """``rec.find(folded, "discovered")``, taken from what :func:`known_present` found in the
    same text when it did."""
    memo = _RECURRENCE[0][3] if _RECURRENCE[0] is not None and _RECURRENCE[0][1] is rec else {}
    hits = memo.pop(folded, None)
    return rec.find(folded, "discovered") if hits is None else hits


@dataclass(frozen=True)
class DocHits:
    """One document's formulations before corpus-wide scores, each with the text it covers."""

    doc_id: str
    source: str
    lexicon: list[tuple[Hit, str]]  # lexicon matches
    discovered: list[tuple[Hit, str]]  # discovered formulations (kept if their corpus score is high enough)


@dataclass
class Partial:
    """The stage's result on some documents, before corpus-wide scores: per document its
    lexicon hits and its discovered formulations, definitions, and per discovered
    formulation the counts that scores and candidates add up."""

    docs: list[DocHits]
    definitions: list[tuple]
    stats: dict[str, dict]


def finish(documents: pd.DataFrame, sentences: pd.DataFrame | None, scans: dict, known: dict[str, tuple[str, str]],
           *, config: SloganConfig = SloganConfig(), order: list | None = None) -> Partial:
    """The per-document part after :func:`known_formulations`: recurrences of known
    formulations, definitions, and the counts for the candidates. ``order``: each
    document's place in the corpus (default: its row), which decides the first occurrence."""
    docs = documents[["doc_id", "source", "date", "text"]]
    rec = _recurrence_matcher(known) if config.discover else None
    out_docs, defs_rows, texts, raws, firsts = [], [], {}, {}, {}
    stats: dict[str, dict] = {}
    order = list(range(len(docs))) if order is None else order
    for i, (d, source, date, raw) in enumerate(zip(docs["doc_id"], docs["source"], docs["date"], docs["text"])):
        t = texts[d] = R.fold_width(raw)
        raws[d] = raw
        found, rejected, lex_hits = scans[d]
        discovered: list[Hit] = []
        if config.discover:
            discovered = list(found)
            recurring = _recurrences(rec, t)
            if recurring:
                # the rejected spans by canonical form, the best score of each discovered slogan
                rejected_at: dict[str, list[tuple[int, int]]] = {}
                for r in rejected:
                    rejected_at.setdefault(R.canonical(r.text), []).append((r.start, r.end))
                best: dict[str, float] = {}
                for x in found:
                    if x.slogan not in best or x.score > best[x.slogan]:
                        best[x.slogan] = x.score
            for h in recurring:
                if any(a <= h.start and h.end <= b for a, b in rejected_at.get(h.slogan, ())):
                    continue  # this very spot was judged and rejected (“四大工程” summing up a list)
                discovered.append(Hit(h.start, h.end, h.slogan, h.kind, h.origin, "recurrence", best.get(h.slogan, 0.0)))
            discovered = _resolve(discovered)
        # definitions are found around every occurrence, known or discovered
        seen_defs = set()
        for h in _resolve(list(lex_hits) + discovered):
            for definition, how in _definitions_at(t, h):
                if (h.slogan, definition) not in seen_defs:
                    seen_defs.add((h.slogan, definition))
                    defs_rows.append((h.slogan, definition, source, d, how))
        for term, expl in _glossary(t):
            if (term, expl) not in seen_defs:
                seen_defs.add((term, expl))
                defs_rows.append((term, expl, source, d, "glossary"))
        date = date if isinstance(date, str) else None
        for h in discovered:
            a = stats.get(h.slogan)
            if a is None:
                a = stats[h.slogan] = {"count": 0, "n_docs": 0, "last_doc": None, "rules": set(), "quoted": 0,
                                       "cut": 0, "verb": 0, "listed": 0, "kinds": defaultdict(int), "first": None,
                                       "first_date": None}
            a["count"] += 1
            q, cut, verb, listed = _occurrence(t, h)  # measured once, by the scan's priors (not recurrences)
            a["quoted"] += q
            a["cut"] += cut
            a["verb"] += verb
            a["listed"] += listed
            if a["last_doc"] != d:
                a["n_docs"] += 1
                a["last_doc"] = d
                if date is not None and (a["first_date"] is None or date < a["first_date"]):
                    a["first_date"] = date
            a["rules"].add(h.rule)
            a["kinds"][h.kind] += 1
            key = (date is None, date or "", order[i], h.start)
            if a["first"] is None or key < a["first"][0]:
                a["first"] = (key, source, d, h.start)
        out_docs.append(DocHits(d, source, [(h, raw[h.start:h.end]) for h in lex_hits],
                                [(h, raw[h.start:h.end]) for h in discovered]))
    sent_index = _sentence_index(sentences, texts, raws)
    for a in stats.values():
        key, source, d, start = a.pop("first")
        a["first"] = (key, source, sent_index(d, start))
        del a["last_doc"]
    return Partial(out_docs, defs_rows, stats)


def combine(partials: list[Partial], *, lexicon: Lexicon, config: SloganConfig = SloganConfig(),
            ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The three tables from the partial results of every document, in corpus order."""
    cands, defs, scores = candidates(partials, lexicon=lexicon)
    return occurrences([d for p in partials for d in p.docs], scores, config=config), cands, defs


def candidates(partials: list[Partial], *, lexicon: Lexicon) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, float]]:
    """``(slogan_candidates, slogan_definitions, {slogan: score})`` from the partial results
    of every document (their ``docs`` are not needed), in corpus order."""
    acc = Candidates()
    for i, p in enumerate(partials):
        acc.add(i, p)
    return acc.tables(lexicon=lexicon)


class Candidates:
    """The reduce of :func:`candidates`, fed one partial result at a time in any order
    (``index``: the part's place in the corpus): a run keeps the merged counts, not every
    part's."""

    def __init__(self):
        self.agg: dict[str, dict] = {}
        self.definitions: dict = {}  # index -> rows

    def add(self, index, partial: Partial) -> None:
        self.definitions[index] = partial.definitions
        agg = self.agg
        for slogan, a in partial.stats.items():
            b = agg.get(slogan)
            if b is None:
                agg[slogan] = {**a, "rules": set(a["rules"]), "kinds": defaultdict(int, a["kinds"])}
                continue
            b["count"] += a["count"]
            b["n_docs"] += a["n_docs"]
            b["rules"] |= a["rules"]
            for k in ("quoted", "cut", "verb", "listed"):
                b[k] = b.get(k, 0) + a.get(k, 0)
            for k, n in a["kinds"].items():
                b["kinds"][k] += n
            if a["first"][0] < b["first"][0]:
                b["first"] = a["first"]
            if a["first_date"] is not None and (b["first_date"] is None or a["first_date"] < b["first_date"]):
                b["first_date"] = a["first_date"]

    def features(self, lexicon: Lexicon, defined: set) -> tuple[dict[str, str], list[list[float]]]:
        """Each candidate's kind (its most frequent) and feature vector, in the order of ``agg``."""
        kinds = {s: max(sorted(a["kinds"]), key=lambda k: a["kinds"][k]) for s, a in self.agg.items()}
        return kinds, [S.features(s, kinds[s], a, lexicon.mined.get(s), s in defined) for s, a in self.agg.items()]

    def tables(self, *, lexicon: Lexicon) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, float]]:
        defs_rows = [row for i in sorted(self.definitions) for row in self.definitions[i]]
        defs = pd.DataFrame(defs_rows, columns=schemas.columns("slogan_definitions")) if defs_rows \
            else schemas.empty("slogan_definitions")
        defined = set(defs["slogan"])
        # candidates: every discovered formulation over the corpus, scored
        cand_rows = []
        kinds, vecs = self.features(lexicon, defined)
        scores: dict[str, float] = dict(zip(self.agg, S.score(S.model_of(lexicon), vecs)))
        for slogan, a in self.agg.items():
            kind, score = kinds[slogan], scores[slogan]
            _, source, sentence = a["first"]
            cand_rows.append((slogan, kind, a["count"], a["n_docs"], a["first_date"], source,
                              score, sorted(a["rules"]), sentence, slogan in lexicon.slogans))
        cands = pd.DataFrame(cand_rows, columns=schemas.columns("slogan_candidates")) if cand_rows \
            else schemas.empty("slogan_candidates")
        # ties broken by the slogan itself: the order does not depend on the order of the parts
        cands = cands.sort_values(["score", "count", "slogan"], ascending=[False, False, True],
                                  kind="mergesort").reset_index(drop=True)
        cands = cands.astype({"count": "int64", "n_docs": "int64", "score": "float64", "in_lexicon": "bool"})
        return cands, defs, scores


def occurrences(docs: list[DocHits], scores: dict[str, float], *, config: SloganConfig = SloganConfig()) -> pd.DataFrame:
    """The ``slogans`` rows of some documents (a :attr:`Partial.docs`): lexicon matches, and
    discovered formulations whose corpus score reaches ``config.min_score`` (named ones:
    ``config.min_score_named``)."""
    rows = []
    for doc in docs:
        surface = {(h.start, h.end): text for h, text in doc.lexicon + doc.discovered}
        keep = [h for h, _ in doc.lexicon] + [h for h, _ in doc.discovered if scores.get(h.slogan, 0) >= (
            config.min_score_named if h.kind == "named" else config.min_score)]
        for h in _resolve(keep):
            rows.append((doc.doc_id, doc.source, h.slogan, surface[h.start, h.end], h.start, h.end, h.kind,
                         h.origin, h.rule))
    if not rows:
        return schemas.empty("slogans").astype({"start": "int32", "end": "int32"})
    found = pd.DataFrame(rows, columns=schemas.columns("slogans"))
    for col in ("start", "end"):  # on the new frame (DataFrame.astype(dict) copies every column)
        found[col] = found[col].astype("int32")
    return found


def _sentence_index(sentences: pd.DataFrame | None, texts: dict[str, str], raws: dict[str, str] | None = None):
    """A function (doc_id, offset) -> the sentence around that offset.

    A sentence's text is its ``text`` column, or without one (a run reads only the offsets:
    the column repeats the whole document) the document's text between its offsets, which is
    the same (``sentences.split``): ``raws``, the documents' texts as written."""
    # each document's rows, in the frame's order; its spans are read when it is first asked for
    # (a run asks for one sentence per formulation, not for every sentence)
    rows_of, spans_of = {}, {}
    if sentences is not None and len(sentences):
        rows_of = sentences.groupby("doc_id", sort=False, dropna=False).indices
        all_starts = sentences["start"].to_numpy(dtype=np.int64)
        all_ends = sentences["end"].to_numpy(dtype=np.int64)
        all_texts = sentences["text"] if "text" in sentences.columns else None

    def spans(doc: str):
        """(starts, ends, rows, in order and apart): a document's sentences in order and apart
        (as the sentences stage writes them) are searched by bisection; otherwise in order,
        the first holding the offset."""
        if doc not in spans_of:
            rows = rows_of[doc]
            s, e = all_starts[rows], all_ends[rows]
            spans_of[doc] = (s, e, rows, bool(np.all(e[:-1] <= s[1:]) and np.all(s[:-1] <= e[:-1])))
        return spans_of[doc]

    def sentence(doc: str, row: int) -> str:
        if all_texts is not None:
            return all_texts.iat[row]
        return raws[doc][int(all_starts[row]):int(all_ends[row])]

    def find(doc: str, pos: int) -> str:
        if doc in rows_of:
            s, e, rows, ordered = spans(doc)
            if ordered:
                k = int(np.searchsorted(s, pos, side="right")) - 1  # the last sentence starting at or before pos
                if k >= 0 and s[k] <= pos < e[k]:
                    return sentence(doc, rows[k]).strip()
            else:
                for k in np.flatnonzero((s <= pos) & (pos < e))[:1]:
                    return sentence(doc, rows[k]).strip()
        text = texts[doc]
        a = max(text.rfind(c, 0, pos) for c in "。！？；\n") + 1
        b = _clause_end(text, pos, 200, sentence=True)
        return text[a:b + 1].strip()

    return find


# ---------------------------------------------------------------- explain

def explain_hits(text: str, lexicon: Lexicon | None = None) -> list[Hit]:
    """The formulations the stage takes in ``text`` (lexicon first, then discovery), resolved."""
    R.use_lexicon(lexicon)
    t = R.fold_width(text)
    lex = lexicon_matcher(lexicon).find(t, "lexicon") if lexicon is not None else []
    found = discover(t)
    return _resolve(lex + _trusted_weak(priors(t, found + (mined_hits(t, found, lexicon) if lexicon is not None else []),
                                               lexicon)))


def _trusted_weak(hits: list[Hit], config: SloganConfig = SloganConfig()) -> list[Hit]:
    """``hits`` without the weak quotations (:data:`WEAK_REJECTIONS`) whose own score is below the
    threshold of their kind: --explain shows those as the rejections they are."""
    return [h for h in hits if not h.rule.startswith("weak_")
            or h.score >= (config.min_score_named if h.kind == "named" else config.min_score)]


def explain(text: str, lexicon: Lexicon | None = None) -> Explanation:
    """What was matched or discovered in ``text`` and why, and what was rejected: one step per
    formulation taken (``taken``), found inside a longer one (``inside``) or rejected.

    >>> [(s.text, s.decision, s.rule, s.why) for s in explain("实现“18条”与“三抓三促”").steps]
    [('“三抓三促”', 'taken', 'numeral_pattern', ''), ('“18条”', 'rejected', 'count_of_measures', 'count of measures')]
    """
    R.use_lexicon(lexicon)
    t = R.fold_width(text)
    rejections: list[Rejection] = []
    lex = lexicon_matcher(lexicon).find(t, "lexicon") if lexicon is not None else []
    found = discover(t, rejections)
    found = _trusted_weak(priors(t, found + (mined_hits(t, found, lexicon) if lexicon is not None else []), lexicon))
    kept = _resolve(lex + found)

    def fields(h: Hit) -> tuple:
        return (("slogan", h.slogan), ("kind", h.kind), ("origin", h.origin), ("score", round(h.score, 3)))

    steps = [Step(text[h.start:h.end], TAKEN, h.rule, h.start, h.end, fields=fields(h)) for h in kept]
    same = {(h.start, h.end, h.slogan) for h in kept}
    for h in sorted({h for h in found if (h.start, h.end, h.slogan) not in same}, key=lambda h: (h.start, h.end, h.rule)):
        steps.append(Step(text[h.start:h.end], "inside", h.rule, h.start, h.end,
                          "belongs to a longer or equal formulation", fields(h)))
    steps += [Step(r.text, "rejected", r.rule or r.reason, r.start, r.end, r.reason) for r in rejections]
    return Explanation("slogans", text, tuple(steps), () if steps else ("nothing taken, nothing rejected",))


TAKEN = "taken"  # the decision of a formulation the stage takes


# ---------------------------------------------------------------- protection

def to_protect(candidates: pd.DataFrame, lexicon: Lexicon, min_score: float) -> dict[str, str]:
    """The discovered formulations the segmenter keeps whole: candidates scoring at least
    ``min_score`` (``segment.min_candidate_score``) that are not lexicon entries, except named
    ones of three characters or fewer (强工业 is a campaign, but it also sits inside 加强工业:
    reported in ``slogans``, never a token everywhere).

    >>> c = pd.DataFrame({"slogan": ["四新一盘活", "强工业"], "kind": ["numbered", "named"],
    ...                   "score": [0.9, 0.9], "in_lexicon": [False, False]})
    >>> to_protect(c, Lexicon(), 0.75)
    {'四新一盘活': 'discovered'}
    """
    keep = candidates[(candidates["score"] >= min_score) & ~candidates["in_lexicon"].astype(bool)]
    keep = keep[~((keep["kind"] == "named") & (keep["slogan"].str.len() <= 3))]
    return {s: "discovered" for s in sorted(keep["slogan"]) if s not in lexicon.slogans}


# ---------------------------------------------------------------- lexicon additions

def _field(value) -> str:
    """A lexicon field that cannot break the file: no tabs or newlines, never read as a comment."""
    s = re.sub(r"[\t\r\n]+", " ", "" if value is None or (isinstance(value, float) and value != value) else str(value)).strip()
    return s.lstrip("#").strip()


def lexicon_additions(slogans_to_add: list[str], candidates: pd.DataFrame | None, existing: dict, *,
                      from_candidates: bool = False, min_score: float = 0.75, category: str | None = None,
                      note: str | None = None) -> tuple[list[str], list[str]]:
    """Lines to append to ``lexicons/slogans.txt`` and the entries skipped as already present.

    Each line is ``entry<TAB>category<TAB>region<TAB>source<TAB>note`` with the provenance of a
    discovered formulation (first source and date) in ``source``.

    >>> lines, skipped = lexicon_additions(["四抓一打通", "三抓三促"], None, {"三抓三促": None})
    >>> lines, skipped
    (['四抓一打通\\tnumbered\\t\\t\\tadded by policytext lexicon add'], ['三抓三促'])
    """
    rows = {}
    if candidates is not None and len(candidates):
        rows = {r["slogan"]: r for r in candidates.to_dict(orient="records")}
    wanted = [R.canonical(s) for s in slogans_to_add]
    if from_candidates and candidates is not None:
        picked = candidates[(candidates["score"] >= min_score) & ~candidates["in_lexicon"].astype(bool)]
        wanted += [s for s in picked["slogan"] if s not in wanted]
    present = {R.canonical(e) for e in existing}
    lines, skipped = [], []
    for s in wanted:
        if not s or s in present:
            skipped.append(s)
            continue
        present.add(s)
        r = rows.get(s)
        kind = category or (r["kind"] if r else _lexicon_kind(s, None))
        source = ""
        if r:
            source = " ".join(x for x in (_field(r.get("first_source")), _field(r.get("first_date"))) if x)
            note_text = note or f"discovered: score {r['score']:.2f}, {r['count']}× in {r['n_docs']} docs, rules {','.join(r['rules'])}"
        else:
            note_text = note or "added by policytext lexicon add"
        lines.append("\t".join([_field(s), _field(kind), "", source, _field(note_text)]))
    return lines, skipped


memory.on_stage_change(lambda: _RECURRENCE.__setitem__(0, None))
memory.on_stage_change(lambda: _MINED.__setitem__(slice(None), [None, None]))
memory.on_stage_change(lambda: _SCAN_MATCHERS.__setitem__(slice(None), [None, None, None]))
memory.on_stage_change(lambda: _SERIES_MEMO.__setitem__(slice(None), [None, {}]))
memory.on_stage_change(lambda: _PRIOR_VECTORS.__setitem__(slice(None), [None, {}]))
