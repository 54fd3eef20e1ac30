"""The archive miner of named formulations: quoted strings the slogan rules accept
(:func:`quoted_formulations`) and unquoted names written before the head of a named campaign
(:func:`headed_names`, established by :func:`established_headed`). :mod:`pipeline.formulations` turns what they
find into the mined table; the public names are importable from there.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from pipeline import patterns as P
from pipeline import slogan_rules as R
from pipeline.formulation_archive import FRONT_MATTER, NATIONAL_REGION, clause_around, region_year

# quotations classify_quoted rejects only as dictionary words: mined with evidence "quoted word"
DICTIONARY_REJECTIONS = ("ordinary word", "ordinary word with a numeral")
# a headed name: the run of nouns before a head holds 2 to this many characters
HEAD_PREFIX = 8
# a headed name is a run of words of these tags in jieba's dictionary (nouns, abbreviations, set phrases, verbal
# and adjectival nouns, distinguishing words, numerals: 八项规定精神); any other word (a verb, an adverb, a particle …)
# or a character outside the dictionary stops it: 开展|党史学习教育, 深化|…, 的|…
NAME_TAGS = frozenset(("n", "ng", "nl", "ns", "nt", "nz", "nr", "nrt", "nrfg", "j", "l", "vn", "an", "b", "m"))
# a headed name's left edge: the word before it is the same one in at most this share of its
# occurrences (路线教育实践活动 always follows 群众: not an edge)
HEAD_EDGE_SHARE = 0.5
# a headed name written in this many national documents is established whatever its regions (one
# national report also writes descriptions before a head: 中国政府倡议, 和平倡议)
HEAD_NATIONAL_DOCS = 2
CJK_CHAR = re.compile(f"[{P.CJK}]")


@dataclass(frozen=True)
class Quoted:
    formulation: str
    kind: str
    example: str  # the clause around the first quotation in the document
    evidence: str = "quoted"  # quoted / quoted word (see EVIDENCE)


def quoted_formulations(text: str) -> list[Quoted]:
    """The quoted strings of one text that the slogan rules accept, in text order."""
    text = R.fold_width(FRONT_MATTER.sub("", text))
    out = []
    for m in R.QUOTED.finditer(text):
        content = next(g for g in m.groups() if g is not None)
        if "、" in content or not 2 <= len(content) <= 12:
            continue
        after = text[m.end():m.end() + 6]
        v = R.classify_quoted(content, after)
        evidence = "quoted"
        if v.reject in DICTIONARY_REJECTIONS and not R.is_idiom(content):
            s = R.canonical(content)
            v, evidence = R.Verdict("named" if R.structure(s) == "named" else "numbered", "", s), "quoted word"
        elif v.reject == "idiom" and R.fixed_phrase(R.canonical(content)):
            # a fixed phrase with a numeral (一国两制, 两手抓): an idiom to the rules, a national formulation
            # when the archive's national documents write it (formulations.mine decides, evidence set phrase)
            v, evidence = R.Verdict("numbered", "", R.canonical(content)), "set phrase"
        if v.reject or not v.canonical:
            continue
        s = v.canonical
        if v.kind == "numbered" and len(s) <= 3 and not v.suffix and evidence == "quoted":
            done = next((w for w in R.COMPLETING if after.startswith(w)), "")
            s += done
        out.append(Quoted(s, v.kind, clause_around(text, m.start(), m.end()), evidence))
    return out


_HEADS: list = [None, None]  # the heads of a mining worker and their pattern


def init_heads(heads: tuple[str, ...]) -> None:
    _HEADS[:] = [heads, re.compile("|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True)))
                 if heads else None]


def headed_names(text: str, heads: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """Every name a text writes before a head of :data:`heads` (``formulation_heads.txt``), as
    ``(name, the word left of it or "", clause)``: each run of dictionary nouns right before the
    head (at least 2 characters, at most :data:`HEAD_PREFIX`), cut back word by word, so that
    the miner can tell where the name starts (see :func:`mine`).

    >>> [n for n, _, _ in headed_names("扎实开展党史学习教育。", ("学习教育",))]
    ['党史学习教育']
    """
    if _HEADS[0] != heads:
        init_heads(heads)
    pattern = _HEADS[1]
    if pattern is None:
        return []
    text = R.fold_width(FRONT_MATTER.sub("", text))
    w = R.jieba_words()
    out = []
    prev = 0
    for m in pattern.finditer(text):
        lo, j, tokens, stopped = max(prev, m.start() - HEAD_PREFIX - 6), m.start(), [], True
        while j > lo:
            if not CJK_CHAR.match(text[j - 1]):
                break
            k = next((k for k in range(min(6, j - lo), 1, -1) if w.get(text[j - k:j], (0, ""))[0] >= 3), 1)
            tok = text[j - k:j]
            if w.get(tok, (0, "x"))[1] not in NAME_TAGS:
                break
            if m.start() - (j - k) > HEAD_PREFIX:
                stopped = False  # cut by the length limit: the longest name has no known left edge
                break
            tokens.append(tok)
            j -= k
        clause = None
        for i in range(1, len(tokens) + 1):
            prefix = "".join(reversed(tokens[:i]))
            if not 2 <= len(prefix) <= HEAD_PREFIX:
                continue
            clause = clause or clause_around(text, m.start() - len(prefix), m.end())
            out.append((prefix + m.group(), tokens[i] if i < len(tokens) else ("" if stopped else "…"), clause))
    return out


def headed_chunk(docs: list[tuple[str, str]]) -> list[list[tuple[str, str, str]]]:
    return [headed_names(text, _HEADS[0] or ()) for _, text in docs]


def quoted_chunk(docs: list[tuple[str, str]]) -> list[tuple[str, list[Quoted]]]:
    return [(name, quoted_formulations(text)) for name, text in docs]


def established_headed(per_doc: list[tuple[str, list]], min_regions: int) -> dict[str, dict]:
    """The headed names of :func:`headed_names` that are established: written in ``min_regions``
    regions or more or in :data:`HEAD_NATIONAL_DOCS` national documents (:data:`NATIONAL_REGION`), at a left edge (the word before them varies: no one word precedes them in
    more than :data:`HEAD_EDGE_SHARE` of their occurrences), the shortest such name of each
    occurrence (全市党史学习教育 is 党史学习教育 written after 全市)."""
    left: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    where: dict[str, dict] = {}
    for name, found in per_doc:
        region, year = region_year(name)
        for s, before, clause in found:
            left[s][before] += 1
            a = where.setdefault(s, {"docs": set(), "regions": set(), "years": set(), "example": clause})
            a["docs"].add(name)
            a["regions"].add(region)
            if year is not None:
                a["years"].add(year)
    edge = set()
    for s, a in where.items():
        n = sum(left[s].values())
        top = max((c for b, c in left[s].items() if b), default=0)
        # a national initiative (全球安全倡议): written in national documents of several years
        national = sum(bool(NATIONAL_REGION.search(region_year(d)[0])) for d in a["docs"]) >= HEAD_NATIONAL_DOCS
        if (len(a["regions"]) >= min_regions or national) and top <= HEAD_EDGE_SHARE * n:
            edge.add(s)
    # the shortest edge name of an occurrence: a longer one ending with an edge name is that name
    # written after a modifier
    return {s: where[s] for s in sorted(edge) if not any(s != t and s.endswith(t) for t in edge)}
