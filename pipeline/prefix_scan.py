"""The last match of a regex in many prefixes of a text's sentences, from one scan per sentence.

A rule that reads "the nearest period word before the number in its sentence" scans
``text[sentence_start:number_start]`` once per number: a sentence with ten numbers is
scanned ten times. :func:`last_matches` scans each distinct start once, up to its furthest
end, and answers every span from that scan.

Exact for a pattern that asserts nothing about what follows a match (no lookahead, ``$``,
``\\b``, ``\\B``, ``\\Z``: checked): a scan of ``text[s:e]`` then finds the matches of a
scan of ``text[s:K]`` (``K >= e``) that end by ``e``, unless one of them starts before ``e``
and ends after it; for such a span the prefix is scanned alone.

>>> import re
>>> last_matches(re.compile(r"\\d+年"), "2022年增长5%，2023年增长6%", [(0, 9), (0, 15), (0, 3)])
['2022年', '2023年', None]
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

# what lets a match depend on the text after it (then a prefix is no part of a longer scan)
_END_SENSITIVE = re.compile(r"\(\?[=!]|\$|\\[bBZ]")


@lru_cache(maxsize=32)
def _end_blind(rx: re.Pattern) -> bool:
    return not _END_SENSITIVE.search(rx.pattern)


def last_matches(rx: re.Pattern, text: str, spans: list[tuple[int, int]]) -> list[str | None]:
    """For each ``(s, e)`` of ``spans``: the text of the last match of ``rx.finditer(text[s:e])``,
    None when there is none (one scan of ``text`` per distinct ``s``)."""
    if not _end_blind(rx):
        raise ValueError(f"a pattern that looks after its match: {rx.pattern!r}")
    furthest: dict[int, int] = {}
    for s, e in spans:
        if e > furthest.get(s, -1):
            furthest[s] = e
    scans = {}
    for s, k in furthest.items():
        found = list(rx.finditer(text[s:k]))
        scans[s] = (found, [m.end() for m in found])
    out: list[str | None] = []
    for s, e in spans:
        found, ends = scans[s]
        k = e - s
        j = bisect.bisect_right(ends, k)  # found[:j] end by e
        if j < len(found) and found[j].start() < k:  # a longer prefix's match runs past e
            alone = list(rx.finditer(text[s:e]))
            out.append(alone[-1].group() if alone else None)
        else:
            out.append(found[j - 1].group() if j else None)
    return out
