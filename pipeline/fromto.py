"""Rule ``from-to``: a level stated with the level it started from.

``城镇化率从50%提高到55.2%``, ``全省地区生产总值由2012年的13778.8亿元增加到2017年的16199.9亿元``,
``贫困发生率由9.6%降到5.6%``: both numbers are levels of the same metric (not a growth of
55.2%); the first is the starting level — a past, actual figure, of the year it names or else
of the year before the one the passage is about — and the second the level reached (of the
year it names, else of the passage's year). :func:`pairs` finds them; the indicators stage
applies the years, the status and the measure (:func:`pipeline.indicator_status.resolve`).

>>> t = "城镇化率从50%提高到55.2%，地区生产总值由2012年的13778.8亿元增加到2017年的16199.9亿元。"
>>> pairs(t, [(5, 8), (11, 16), (30, 39), (48, 57)])
{0: FromTo(role='from', year=None, partner=1), 1: FromTo(role='to', year=None, partner=0), 2: FromTo(role='from', year=2012, partner=3), 3: FromTo(role='to', year=2017, partner=2)}
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# before the starting number: 由 / 从, a year (由2012年的), a rate basis (从每人每月)
_FROM = re.compile(r"(?:由|从)(?:(?P<y>(?:19|20)\d{2})年(?:底|末)?的?)?(?:每[^\d，,。；;]{0,6})?$")
# between the two numbers: a change ending in 到 / 至 / 为, then maybe the year reached (增加到2017年的)
_TO = re.compile(r"^[^\d，,。；;]{0,4}?(?:提高|增加|增长|上升|提升|扩大|下降|降低|减少|缩小|缩短|回落|降|升|增|达)"
                 r"(?:到|至|为)(?:(?P<y>(?:19|20)\d{2})年(?:底|末)?的?)?(?:每[^\d，,。；;]{0,6})?$")
# how far before the starting number its 由 / 从 may stand
_REACH = 16


@dataclass(frozen=True)
class FromTo:
    """The part a number plays in a from-to statement."""

    role: str  # from (the starting level) or to (the level reached)
    year: int | None  # the year the text names for it (由2012年的), else None
    partner: int  # the index of the other number


# between the numbers of a list of levels (分别从165元和220元提高到175元和230元), unit included
_LIST = re.compile(r"^[^\d，,。；;]{0,3}?(?:和|、|及|与)$")


def _lists(text: str, spans: list[tuple[int, int]], out: dict[int, FromTo]) -> None:
    """Rule ``from-to list``: 从A和B提高到C和D pairs A with C and B with D."""
    i = 0
    while i < len(spans) - 3:
        f = _FROM.search(text, max(0, spans[i][0] - _REACH), spans[i][0])
        j = i
        while f and j + 1 < len(spans) and _LIST.match(text[spans[j][1]:spans[j + 1][0]]):
            j += 1
        n = j - i + 1
        t = _TO.match(text[spans[j][1]:spans[j + 1][0]]) if f and n > 1 and j + 1 < len(spans) else None
        if t and j + n < len(spans) and all(_LIST.match(text[spans[k][1]:spans[k + 1][0]])
                                            for k in range(j + 1, j + n)):
            y1, y2 = f.group("y"), t.group("y")
            for k in range(n):
                out[i + k] = FromTo("from", int(y1) if y1 else None, j + 1 + k)
                out[j + 1 + k] = FromTo("to", int(y2) if y2 else None, i + k)
            i = j + n
        else:
            i += 1


def pairs(text: str, spans: list[tuple[int, int]]) -> dict[int, FromTo]:
    """The from-to statements among the number spans ``spans`` (in text order): index → part.

    >>> sorted((k, v.role, v.partner) for k, v in pairs("分别从每人每月165元和220元提高到175元和230元",
    ...                                                    [(7, 10), (12, 15), (19, 22), (24, 27)]).items())
    [(0, 'from', 2), (1, 'from', 3), (2, 'to', 0), (3, 'to', 1)]
    """
    out: dict[int, FromTo] = {}
    _lists(text, spans, out)
    for i in range(len(spans) - 1):
        if i in out or i + 1 in out:
            continue
        (s1, e1), (s2, _) = spans[i], spans[i + 1]
        f = _FROM.search(text, max(0, s1 - _REACH), s1)
        t = _TO.match(text[e1:s2])
        if f and t:
            y1, y2 = f.group("y"), t.group("y")
            out[i] = FromTo("from", int(y1) if y1 else None, i + 1)
            out[i + 1] = FromTo("to", int(y2) if y2 else None, i)
    return out


def metric_phrase(phrase: str | None) -> str | None:
    """The metric of a phrase that runs into the 由 / 从 of a from-to statement (地区生产总值由2012年)."""
    if not phrase:
        return phrase
    m = re.search(r"(?:由|从)", phrase)
    return phrase[:m.start()] if m and m.start() >= 2 else phrase
