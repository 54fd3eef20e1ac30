"""Slogans: what a scan finds (:class:`Hit`) and rejects (:class:`Rejection`), and the span
helpers every finder shares (widening a span over its quotation marks and suffix, resolving
overlaps). See :mod:`pipeline.slogans`."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline import slogan_rules as R
from pipeline import slogan_scores as S


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



def occurrence_bits(q: bool, cut: bool, verb: bool, listed: bool, thing: bool = False) -> int:
    """:func:`slogan_scores.occurrence` 's five answers as one number (:attr:`Hit.seen`)."""
    return q | cut << 1 | verb << 2 | listed << 3 | thing << 4


def seen_occurrence(text: str, h: Hit) -> tuple[bool, bool, bool, bool, bool]:
    """:func:`slogan_scores.occurrence` of ``h`` in ``text``, as :func:`priors` measured it when it did."""
    if h.seen < 0:
        return S.occurrence(text, h.start, h.end)
    return bool(h.seen & 1), bool(h.seen & 2), bool(h.seen & 4), bool(h.seen & 8), bool(h.seen & 16)



# ---------------------------------------------------------------- span helpers

def extend_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span over quotation marks that wrap it and a trailing 行动/工程/… word."""
    if start > 0 and end < len(text) and text[start - 1] in R.OPENING and text[end] in R.CLOSING:
        start, end = start - 1, end + 1
    return start, end + len(R.suffix_at(text, end))


def resolve(hits: list[Hit]) -> list[Hit]:
    """Non-overlapping hits: the longest span wins (1+5 inside 1+5+N); on equal spans, the lexicon."""
    order = sorted(hits, key=lambda h: (-(h.end - h.start), h.origin != "lexicon", -h.score, h.start, h.slogan))
    taken: list[Hit] = []
    used = bytearray()
    for h in order:
        if len(used) < h.end:
            used.extend(b"\0" * (h.end - len(used)))
        if used.find(1, h.start, h.end) >= 0:  # a taken character in its span (no slice copied)
            continue
        used[h.start:h.end] = b"\1" * (h.end - h.start)
        taken.append(h)
    return sorted(taken, key=lambda h: (h.start, h.end))
