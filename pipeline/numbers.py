"""Parsing number spans: Arabic digits, Chinese numerals, magnitudes.

Only ever called on a number span found by :mod:`pipeline.patterns`, never on running
text (cn2an's ``transform`` rewrites 三抓三促 into 3抓3促). cn2an does the Chinese numerals;
this module handles what it gets wrong (measured with cn2an 0.5.24):

- a bare leading magnitude (``千亿``, ``万``): cn2an refuses it; we read 一千亿, 一万;
- two neighbouring digits (``两三``, ``三四十``): cn2an reads 23 / 340; they are ranges;
- ``十几``, ``几十``: approximations (value with qualifier 多).

>>> arabic("86. 5")
86.5
>>> arabic("1,234.5")
1234.5
>>> magnitude("万亿")
1000000000000.0
>>> chinese("三万")
(30000.0, None, None)
>>> chinese("千亿")
(100000000000.0, None, None)
>>> chinese("两三")
(2.0, 3.0, None)
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pipeline import memory
from pipeline.patterns import CN_DIGITS, CN_MAGNITUDES

# value of each magnitude character written after a number (千瓦 is a unit: see patterns)
MAGNITUDES = {"十": 10.0, "百": 100.0, "千": 1000.0, "万": 1e4, "亿": 1e8, "兆": 1e12}
# Chinese digits and their values (两 and 〇 included)
DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}

# two neighbouring digits, then any magnitudes: 两三 / 三四十 / 五六百万 (an approximate range)
_NEIGHBOURS = re.compile(rf"^([{CN_DIGITS}两])([二三四五六七八九])([{CN_MAGNITUDES}]*)$")
# 十几 / 几十 / 几百万 / 二十几: an approximation written with 几
_JI = re.compile(r"几")


def arabic(span: str) -> float:
    """Value of an Arabic number span; thousands separators and stray spaces are ignored.

    >>> arabic("１２.５")
    12.5
    """
    s = unicodedata.normalize("NFKC", span)
    s = re.sub(r"[,\s]", "", s)
    return float(s)


def magnitude(chars: str) -> float:
    """Product of magnitude characters written after a number: 万亿 → 1e12, "" → 1.

    >>> magnitude("千万")
    10000000.0
    """
    out = 1.0
    for c in chars.strip():  # a stray space before it (238.18 亿元)
        out *= MAGNITUDES[c]
    return out


@lru_cache(maxsize=4096)  # cn2an takes ~50 µs a call; a text repeats its numerals (一, 两, 三万)
def chinese(span: str) -> tuple[float, float | None, str | None]:
    """``(value, value_max, qualifier)`` of a Chinese numeral span (no unit in it).

    Raises ``ValueError`` when the span is not a number.

    >>> chinese("十二")
    (12.0, None, None)
    >>> chinese("十几")
    (10.0, None, '多')
    """
    s = span.strip()
    if not s:
        raise ValueError("empty number span")
    m = _NEIGHBOURS.match(s)
    if m and DIGITS[m.group(2)] == DIGITS[m.group(1)] + 1:
        mag = _mag_tail(m.group(3))
        return DIGITS[m.group(1)] * mag, DIGITS[m.group(2)] * mag, None
    if _JI.search(s):
        base = _cn2an(s.replace("几", "")) if s.replace("几", "") else 1.0
        return float(base), None, "多"
    return float(_cn2an(s)), None, None


def _mag_tail(tail: str) -> float:
    """十 → 10, 百万 → 1e6: the scale written after a digit in a Chinese numeral."""
    return magnitude(tail) if tail else 1.0


# the plain numerals read here without cn2an (whose import and patterns cost ~0.2 s, which a
# re-run of one changed file paid for 一, 两, 百万): one digit, tens (十二, 二十, 二十三), one digit
# and its scale (三万, 五百亿); cn2an reads every one of them the same (a test reads them all both ways)
_TENS = re.compile(r"([一二两三四五六七八九])?十([一二三四五六七八九])?")
_SCALED = re.compile(r"([一二两三四五六七八九])(百|千|万|亿|百万|千万|百亿|千亿|万亿)")


def plain_numeral(s: str) -> float | None:
    """The value of a plain Chinese numeral (one digit, tens, a digit and its scale), or None.

    >>> plain_numeral("两"), plain_numeral("二十三"), plain_numeral("五百亿"), plain_numeral("三千五")
    (2.0, 23.0, 50000000000.0, None)
    """
    if len(s) == 1 and s in DIGITS:
        return float(DIGITS[s])
    m = _TENS.fullmatch(s)
    if m:
        return float((DIGITS[m[1]] if m[1] else 1) * 10 + (DIGITS[m[2]] if m[2] else 0))
    m = _SCALED.fullmatch(s)
    return DIGITS[m[1]] * magnitude(m[2]) if m else None


def _cn2an(s: str) -> float:
    """cn2an on a number span, with a bare leading magnitude read as one of it."""
    if s[0] in MAGNITUDES and s[0] != "十":
        s = "一" + s
    if s[-1] == "十" and len(s) == 1:
        return 10.0
    value = plain_numeral(s)
    if value is not None:
        return value
    import cn2an  # here, not at import: ~0.3 s that a run reading no new number never pays

    try:
        return float(cn2an.cn2an(s, "normal"))
    except (ValueError, KeyError, IndexError) as exc:
        # cn2an rejects a few forms it should read, such as 一千亿 written 千亿 (fixed
        # above) or 三千五 (colloquial 3500): fall back to digit-by-magnitude reading
        value = _simple(s)
        if value is None:
            raise ValueError(f"not a Chinese number: {s!r}") from exc
        return value


def _simple(s: str) -> float | None:
    """Plain left-to-right reading of digit/magnitude pairs (fallback only)."""
    total, section, digit = 0.0, 0.0, None
    for c in s:
        if c in DIGITS:
            digit = DIGITS[c]
        elif c in ("万", "亿"):
            section = (section + (digit or 0)) * MAGNITUDES[c]
            total += section
            section, digit = 0.0, None
        elif c in MAGNITUDES:
            section += (1 if digit is None else digit) * MAGNITUDES[c]
            digit = None
        else:
            return None
    return total + section + (digit or 0)


memory.on_stage_change(chinese.cache_clear)
