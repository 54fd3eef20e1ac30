"""Slogans: numeral series discovery. A series of items sharing a first or last character
(强科技、强工业、强县域) that the text abbreviates into a count (“四强”); the series a
formulation counts are also read by :mod:`pipeline.slogan_definitions`."""

from __future__ import annotations

import re

from pipeline import memory
from pipeline import patterns as P
from pipeline import slogan_rules as R
from pipeline.slogan_hits import Hit, extend_span


_SERIES_MEMO: list = [None, {}]  # the last text seen and its series by span (windows overlap)


def series_in(text: str, lo: int, hi: int):
    """Series in ``text[lo:hi]``: (start, end, items, shared char, 'prefix'|'suffix', run start, run end)."""
    if _SERIES_MEMO[0] is not text:
        _SERIES_MEMO[:] = [text, {}]
    memo = _SERIES_MEMO[1]
    for m in R.SERIES.finditer(text, lo, hi):
        span = m.span()
        found = memo.get(span)
        if found is None:
            whole = m.group()
            parts = _split_items(whole)
            # (the items are stripped of their quotation marks only when the match holds one);
            # no two neighbouring items that could share a character: no series (most matches),
            # decided here, without a generator's cost
            quoted = _QUOTE_IN(whole) is not None
            found = memo[span] = (list(_series_at(text, m, whole, parts))
                                  if _may_share([part.strip(P.CURLY_QUOTES) for part in parts] if quoted else parts)
                                  else _NONE)
        if found:
            yield from found


_NONE: list = []  # (shared: never changed)
_split_items = R.SERIES_SEP.split
_QUOTE_IN = re.compile(f"[{re.escape(P.CURLY_QUOTES)}]").search


def _series_at(text: str, m: re.Match, whole: str, parts: list[str]):
    """The series of one match of :data:`R.SERIES` whose items ``parts`` may share a character
    (see :func:`series_in`)."""
    base = m.start()
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


def counts_before(text: str, ch: str, lo: int, hi: int):
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


def series_hits(text: str) -> list[Hit]:
    """A series the text abbreviates into a count: 强科技、强工业、强县域 … “四强”."""
    hits = []
    for s_start, s_end, items, ch, side, r0, r1 in series_in(text, 0, len(text)):
        k = len(items)
        lo, hi = max(0, s_start - 120), min(len(text), s_end + 120)
        for a, numerals in counts_before(text, ch, lo, hi):
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
            st, en = extend_span(text, b0, b0 + len(core))
            hits.append(Hit(st, en, core, "numbered", "discovered", "series_count"))
    return hits


memory.on_stage_change(lambda: _SERIES_MEMO.__setitem__(slice(None), [None, {}]))
