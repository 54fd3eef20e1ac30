"""Slogans: definitions. The explanations found around a formulation (inline, by component,
an enumeration of its numbers, the series it counts) and the entries of glossary sections."""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline import memory
from pipeline import patterns as P
from pipeline import slogan_rules as R
from pipeline.slogan_hits import Hit
from pipeline.slogan_series import series_in


# the patterns of a definition (they were slogan_rules'; only the definitions read them)
# explanation markers right after a formulation
INLINE_DEF = re.compile(r"^[^。；;！？\n]{0,14}?[，,：:]?\s*(即|是指|指的是|主要包括|具体包括|包括|就是|具体为|分别是)[，,：:]?")
# one item of a spelled-out formulation: a count and a measure word (1个…, 三类…, 17个…)
ENUM_ITEM = re.compile(rf"([0-9]{{1,4}}|[{P.CN_SMALL}]{{1,3}})(?=个|项|类|级|条|张|大|支|套|种|位|批|家|名|方面)")
# ‘1’是指 … ‘5’是指: a component of a plus-formula explained by its quoted digit
COMPONENT_DEF = re.compile(r"[‘“'\"]([0-9A-Za-z])[’”'\"](?:是指|指|即|代表|就是)")
# a glossary heading: 名词解释, 注释, 注：
GLOSSARY_HEAD = re.compile(
    r"(?m)^[ \t*#【\[]*(?:名词解释|注释|注解|附注|注)[】\]*]*(?:[（(][^）)\n]*[）)])?[ \t]*[:：]?[*】]*[ \t]*$"  # a heading line
    r"|^[ \t*【]*(?:名词解释|注释)[】*]*[:：]")                                                            # 注释： then entries
# one glossary entry: optional number, the term (maybe quoted), a colon, the explanation
GLOSSARY_ENTRY = re.compile(
    r"^\s*(?:\[[0-9]+\]|[0-9]{1,2}[.、．]|[（(][0-9]{1,2}[)）]|[①-⑳])?\s*"  # entry number
    r"([^：:\n]{2,30}?)\s*[：:]\s*"                                       # the term
    r"(.{4,})$")                                                           # its explanation
# end of the sentence a definition runs to
SENTENCE_END = re.compile(r"[。；;！？\n]")


def clause_end(text: str, pos: int, limit: int = 240, sentence: bool = False) -> int:
    m = (SENTENCE_END if sentence else R.CLAUSE_END).search(text, pos, min(len(text), pos + limit))
    return m.start() if m else min(len(text), pos + limit)


# a series counted by a formulation ends at most _LEADS_UP characters before it or starts at
# most _FOLLOWS after it; an item of R.SERIES with its separator spans at most _ITEM_REACH
_LEADS_UP, _FOLLOWS, _ITEM_REACH = 40, 30, 12


def definitions_at(text: str, hit: Hit) -> list[tuple[str, str]]:
    """Explanations of the formulation at ``hit``: ``(definition, how)``."""
    out = []
    after = text[hit.end:hit.end + 40]
    m = INLINE_DEF.match(after)
    if m and not COMPONENT_DEF.search(text, hit.end, hit.end + 60):
        d0 = hit.end + m.end()
        d = text[d0:clause_end(text, d0, 300, sentence=True)].strip()
        if len(d) >= 4:
            out.append((d, "inline"))
    comps = _components(hit.slogan)
    if not comps:
        return out
    # ‘1’是指 … ‘5’是指 …
    cm = COMPONENT_DEF.search(text, hit.end, hit.end + 60)
    if cm:
        out.append((text[cm.start():clause_end(text, cm.start(), 400, sentence=True)].strip(), "components"))
    # a spelled-out formulation: 1个…、1个…、17个… in the order of its numbers
    if "+" in hit.slogan or R.BARE_DIGITS.match(hit.slogan):
        values = [v for v, _ in comps]
        pos, first, last = hit.end, None, None
        for idx, v in enumerate(values):
            found = None
            for em in ENUM_ITEM.finditer(text, pos, min(len(text), pos + (60 if idx == 0 else 160))):
                if R.cn_value(em.group(1)) == v:
                    found = em
                    break
            if not found:
                first = None
                break
            first = first if first is not None else found.start()
            last, pos = found, found.end()
        if first is not None and last is not None and len(values) >= 2:
            out.append((text[first:clause_end(text, last.end(), 200)].strip(), "enumeration"))
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
    series = list(series_in(text, lo, hi)) if near else []
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


@lru_cache(maxsize=16384)  # pure; asked at every occurrence of a formulation
def _components(slogan: str) -> tuple[tuple[int, str], ...]:
    """:func:`R.numeral_components` of ``slogan``, once per formulation."""
    return tuple(R.numeral_components(slogan))


memory.on_stage_change(_components.cache_clear)


def glossary(text: str) -> list[tuple[str, str]]:
    """Entries of 名词解释 / 注释 sections: ``(term, explanation)``."""
    out = []
    for head in GLOSSARY_HEAD.finditer(text):
        for line in text[head.end():].split("\n")[:80]:
            line = line.strip().strip("*")
            if not line:
                continue
            m = GLOSSARY_ENTRY.match(line)
            if not m:
                break
            terms = [t for t in re.findall(r"“([^”]{1,20})”", m.group(1))] or [m.group(1)]
            expl = re.sub(r"^(?:指|是指)", "", m.group(2)).strip()
            for t in terms:
                t = R.canonical(t)
                core, _ = R.strip_suffix(t, "named" if R.structure(t) == "named" else "numbered")
                out.append((core, expl))
    return out
