"""Slogans: matching known formulations. :class:`Matcher` (the lexicon's entries, the mined
archive's, the recurrences of discovered ones) with their variants, :class:`MatcherSet` (several
from one pass over a text), and the mined formulations' hits (:func:`mined_hits`)."""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import accumulate

import ahocorasick_rs
import numpy as np

from pipeline import slogan_rules as R
from pipeline.lexicons import SLOGAN_CATEGORIES, Lexicon, SloganEntry
from pipeline.slogan_hits import Hit, extend_span


# code points dropped from the matching form: quotation marks and whitespace (all below U+3001)
_DROP = np.array([chr(cp) in R.QUOTE_CHARS or chr(cp).isspace() for cp in range(0x3001)] + [False])


def _matching_form(folded: str) -> tuple["np.ndarray | list[int]", str]:
    """The text without quotation marks and whitespace, upper-cased, and the index in
    ``folded`` of each of its characters (numpy over code points: no per-character loop; an
    array, read only at the few matches: a list of every character's index cost more than
    the automaton's pass)."""
    cps = np.frombuffer(folded.encode("utf-32-le"), dtype=np.uint32)
    kept = np.flatnonzero(~_DROP[np.minimum(cps, 0x3001)])
    norm = cps[kept].astype("<u4").tobytes().decode("utf-32-le")
    upper = norm.upper()
    if len(upper) != len(norm):  # a letter that upper-cases to two (ß): per character, as it is written
        keep = [i for i, c in enumerate(folded) if c not in R.QUOTE_CHARS and not c.isspace()]
        return keep, "".join(folded[i] for i in keep).upper()
    return kept, upper


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

    def hits(self, folded: str, keep: "np.ndarray | list[int]", norm: str, found: list[tuple[int, str]], origin: str) -> list[Hit]:
        """The hits of ``found`` (:meth:`occurrences` in ``norm``, the matching form of
        ``folded`` with ``keep`` its offsets there): bounded, not two quotations, extended."""
        hits = []
        for last, key in found:
            ms, me = last - len(key) + 1, last + 1
            if not self._bounded(norm, ms, me, key):
                continue
            start, end = int(keep[ms]), int(keep[me - 1]) + 1
            inner = folded[start:end]
            # “A”“B”: two quotations side by side are two names, not one
            if _TWO_QUOTATIONS.search(inner):
                continue
            canon, kind, rule = self.entries[key]
            st, en = extend_span(folded, start, end)
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


def lexicon_kind(entry: str, meta: SloganEntry | None) -> str:
    if meta is not None and meta.category in SLOGAN_CATEGORIES:
        return meta.category
    if R.PLAN_QUOTED.match(entry):
        return "plan"
    return "named" if R.structure(entry) == "named" else "numbered"


def lexicon_matcher(lexicon: Lexicon) -> Matcher:
    return Matcher({e: (lexicon_kind(e, meta), "lexicon") for e, meta in lexicon.slogans.items()})


def mined_hits(text: str, found: list[Hit], lexicon: Lexicon, matched: list[Hit] | None = None,
               rejections: list | None = None) -> list[Hit]:
    """Established formulations of the mined archive (``formulations_mined.tsv``) written in
    ``text``, quoted or not, where no structural rule found anything (rule ``mined``).
    ``matched``: the mined matcher's hits in ``text`` when the caller has them already;
    ``rejections``: the quotation rules' rejections in ``text``; where one of them says the
    quotation is a class label (:data:`CLASS_LABEL_RULES`: “三无”人员), the archive's entry is not
    matched inside it either (a region's count of writings does not make a class a formulation)."""
    m = mined_matcher(lexicon)
    if m is None:
        return []
    vetoed = [(r.start, r.end) for r in rejections or () if r.rule in CLASS_LABEL_RULES]
    taken = sorted([(h.start, h.end) for h in found] + vetoed)
    starts = [a for a, _ in taken]
    reach = list(accumulate((b for _, b in taken), max))  # the furthest end of the spans so far
    out = []
    for h in (m.find(text, "discovered") if matched is None else matched):
        k = bisect_left(starts, h.end)  # the spans starting before h ends: taken[:k]
        if not (k and reach[k - 1] > h.start):  # none of them reaches past h's start: no overlap
            out.append(Hit(h.start, h.end, h.slogan, h.kind, h.origin, "mined", h.score))
    return out


# the quotation rules whose rejection says a quotation labels a class (pipeline.slogan_rules)
CLASS_LABEL_RULES = frozenset(("class_label", "digits_class_label"))

# the mined dict of the last lexicon and its Matcher: the lexicon's, kept as long as it is (not dropped at a
# stage change: a worker forked from a warm forkserver starts with it, see pipeline.warm)
_MINED: list = [None, None]
_NUMERALS_ONLY = re.compile(rf"^[{R.NUM_CHARS}]+$")


def mined_matcher(lexicon: Lexicon) -> "Matcher | None":
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

