"""Dates in a document's text and name: a date in digits or Chinese numerals (:func:`any_date`),
the session line of a report, plan or law (``——2023年1月9日在…人民代表大会…会议上``, broken over
lines, printed in the heading, its date below; :func:`find_session`), the date lines under a
heading, a dateline lead (``新华社兰州2月1日电``), a date or year in a file name. The order in
which :func:`pipeline.metadata.describe` prefers them is ``metadata.DATE_ORDER``.

>>> any_date("发布时间：2023年1月9日"), any_date("一九五五年七月三十日")
('2023-01-09', '1955-07-30')
"""

from __future__ import annotations

import re

from pipeline.patterns import CJK_UNIFIED, CN_TEN  # character classes are defined once, in patterns

# --- dates ----------------------------------------------------------------------------------

_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
# a date in digits: 2023年1月9日 / 2023-01-09 / 2023.1.9
_DATE = re.compile(r"(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})")
# a date in Chinese numerals: 一九五五年七月三十日
_CN_DATE = re.compile(r"(?P<y>[〇零○Ο一二三四五六七八九]{4})年(?P<m>[" + CN_TEN + r"]{1,2})月(?P<d>[" + CN_TEN + r"]{1,3})日")
# zero look-alikes inside a date in Chinese numerals: 二Ο一八 (Greek Ο), 二○一八 (circle), 二O一八
_ZERO_LIKE = str.maketrans({"Ο": "〇", "ο": "〇", "○": "〇", "O": "〇", "o": "〇", "0": "〇", "零": "〇"})
_CN_Y = r"[〇零○ΟοOo0一二三四五六七八九]{2,4}"
_CN_MD = r"[" + CN_TEN + r"]{1,3}"
# the date of a session line: 2023年1月9日 / 19年2月24日 / 2月22日 / 二Ο一八年一月十日, a second day
# (和22日 / 和12月1日) allowed; or year and month only, right before 在 (2005年1月在… → 2005-01)
_SESSION_DATE = (rf"(?:(?:(?P<y>\d{{4}}|\d{{2}})年)?(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})日(?:[和至、-](?:\d{{1,2}}月)?\d{{1,2}}日)?"
                 rf"|(?:(?P<cy>{_CN_Y})年)?(?P<cm>{_CN_MD})月(?P<cd>{_CN_MD})日(?:[和至、-](?:{_CN_MD}月)?{_CN_MD}日)?"
                 rf"|(?P<y2>\d{{4}})年(?P<m2>\d{{1,2}})月(?=\s*在)|(?P<cy2>{_CN_Y})年(?P<cm2>{_CN_MD})月(?=\s*在))")
# dashes that open a session line: —— ── ―― -- －－
_DASHES = r"[—─―\-－]*"
# a session line: ——2023年1月9日在…人民代表大会…会议上, also in brackets （2022年12月29日在州…会议上）
# (the line may end at the meeting without 在…上: ——2024年1月10日 某某市第十七届人民代表大会第三次会议)
SESSION = re.compile(rf"^[（(]?\s*{_DASHES}\s*{_SESSION_DATE}\s*[)）]?\s*在?[^，。；,;]{{2,60}}?(?:人民代表大会|人大|代表大会|全体会议)[^，。；,;]{{0,40}}?(?:上|通过|会议\s*[)）]?\s*$)")
# a session line printed inside a heading line: 政府工作报告——2012年1月11日在…上 / 政府工作报告（2025年1月14日在…会议上 省长 某某）
SESSION_INLINE = re.compile(rf"(?:[—─―－]{{1,2}}|-{{2}}|[（(]|\s)\s*{_SESSION_DATE}\s*在[^，。；,;]{{2,60}}?(?:人民代表大会|人大|代表大会|全体会议)[^，。；,;]{{0,40}}?上")
# a session line without its date: ——在庆阳市第五届人民代表大会第二次会议上 (the date on a line below)
SESSION_PLACE = re.compile(rf"^[（(]?\s*{_DASHES}\s*在.{{2,60}}?(?:人民代表大会|人大|代表大会|全体会议).{{0,40}}?上\s*[)）]?$")
# the place, then the date in brackets: 在四川省第十一届人民代表大会第五次会议上（2012年1月10日）
# (or in the same brackets, a speaker between: （在…会议上 市长 某某 2024年1月10日）)
_SESSION_PLACE_DATE = re.compile(rf"^[（(]?\s*{_DASHES}\s*在[^，。]{{2,60}}?(?:人民代表大会|人大|代表大会|全体会议)[^，。]{{0,40}}?上\s*"
                                 r"(?:[（(]\s*|\s(?:[" + CJK_UNIFIED + r"·\s]{0,16}?\s)?)(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日\s*[)）]")
# the date line that completes it: （2022年12月12日） / （1999年12月29日，征求意见稿）
DATE_LINE = re.compile(r"^[（(]\s*(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日\s*(?:[，,、\s][^）)]{0,12})?[)）]$")
# a date alone on its line: 2024年1月10日 / 2024-01-10
BARE_DATE = re.compile(r"^\d{4}\s*[年\-/.]\s*\d{1,2}\s*[月\-/.]\s*\d{1,2}\s*日?$")
# an abbreviated session line: （2011年1月10日 白玛赤林）
SESSION_SHORT = re.compile(r"^[（(]\s*(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日\s+[" + CJK_UNIFIED + r"·]{2,20}\s*[)）]$")
# an adoption line: （一九五五年七月三十日第一届全国人民代表大会第二次会议通过）
_ADOPTED = re.compile(r"^[（(]\s*(?P<date>.{8,16}?日).{0,40}?(?:会议|大会)(?:审议)?(?:通过|批准)\s*[)）]$")
# a year in a title: 2023年内蒙古自治区政府工作报告 / （2020年）
TITLE_YEAR = re.compile(r"((?:19|20)\d{2})年")
# a date or year in a file name: 20230808.md / 2023.md / 2023-summary.md
FILE_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:[-_.]?(\d{2})[-_.]?(\d{2})|[-_.年](\d{1,2})[-_.月](\d{1,2})日?)?(?!\d)")
# a dateline lead: 本报兰州1月15日讯 / 新华社兰州2月1日电
DATELINE = re.compile(r"(?:本报|新华社|中新社)[^\s，。：]{0,8}?(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?:电|讯)")

def _cn_number(s: str) -> int | None:
    if not s:
        return None
    if all(c in _CN_DIGIT for c in s):
        return int("".join(str(_CN_DIGIT[c]) for c in s))
    if "十" in s:
        a, _, b = s.partition("十")
        return (_CN_DIGIT.get(a, 1) if a else 1) * 10 + (_CN_DIGIT.get(b, 0) if b else 0)
    return None


def _session_parts(m: re.Match) -> tuple[str | None, str, str | None]:
    """Year (None, 2 or 4 digits), month and day (None: year and month only) of a session-line
    match, digits or Chinese numerals."""
    g = m.groupdict()
    if g.get("m2"):  # session_month_only: 2005年1月在…
        return g["y2"], g["m2"], None
    if g.get("cm2"):
        n = _cn_number(g["cy2"].translate(_ZERO_LIKE))
        return (None if n is None else f"{n:04d}"), str(_cn_number(g["cm2"])), None
    if g.get("cm"):
        cy = g.get("cy")
        y = None
        if cy:
            n = _cn_number(cy.translate(_ZERO_LIKE))
            y = None if n is None else f"{n:0{len(cy)}d}"
        return y, str(_cn_number(g["cm"])), str(_cn_number(g["cd"]))
    return g.get("y"), g["m"], g["d"]


def iso(y, m, d) -> str | None:
    if d is None and y is not None and m is not None:  # a month only: YYYY-MM
        full = iso(y, m, 1)
        return full[:7] if full else None
    try:
        y, m, d = int(y), int(m), int(d)
    except (TypeError, ValueError):
        return None
    if 1900 <= y <= 2100 and 1 <= m <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{m:02d}-{d:02d}"
    return None


def any_date(s: str) -> str | None:
    """The first complete date in ``s``, in digits or Chinese numerals (ISO)."""
    m = _DATE.search(s)
    if m:
        return iso(m["y"], m["m"], m["d"])
    m = _CN_DATE.search(s)
    if m:
        return iso(_cn_number(m["y"].translate(_ZERO_LIKE)), _cn_number(m["m"]), _cn_number(m["d"]))
    return None



def squash_date(s: str) -> str:
    """Spaces inside a date or before its 在 gone: 2004年 1月 9日 在… -> 2004年1月9日在…"""
    return re.sub(r"(?<=[\d年月])\s+(?=\d)|(?<=\d)\s+(?=[年月日])|(?<=[日月])\s+(?=在)", "", s)


def _session_of(s: str):
    m = SESSION.match(s) or SESSION_SHORT.match(s)
    if m:
        return (*_session_parts(m), s)
    m = _ADOPTED.match(s)
    if m and any_date(m["date"]):
        d = any_date(m["date"])
        return (d[:4], d[5:7], d[8:], s)
    return None


def find_session(seq: list[str]):
    """The session line among a text's first lines: ``(year or None, month, day, text)`` or None.

    A line that is one; a line whose place and congress stand on the next line(s)
    (session_line_broken: ``2005年1月25日在宁波市`` / ``第十二届…会议上``, or the date in brackets
    above ``在…会议上``); a heading that carries it (session_line_in_heading:
    ``政府工作报告——2012年1月11日在…上``); a place line with its date below (session_date_below).
    """
    seq = [squash_date(t) for t in seq]
    for i, s in enumerate(seq):
        found = _session_of(s)
        if found:
            return found
        short = [t for t in seq[i:i + 3]]
        for k in (2, 3):
            if len(short) >= k and all(len(t) <= 40 and "。" not in t for t in short[:k]):
                found = _session_of("".join(short[:k]))
                if found:
                    return (*found[:3], "".join(short[:k]) + " (session_line_broken)")
        m = SESSION_INLINE.search(s) if len(s) <= 80 and "。" not in s else None
        if m:
            return (*_session_parts(m), f"{s} (session_line_in_heading)")
        m = _SESSION_PLACE_DATE.match(s)
        if m:  # session_date_after: 在…会议上（2012年1月10日）
            return (m["y"], m["m"], m["d"], f"{s} (session_date_after)")
        if SESSION_PLACE.match(s):
            # session_date_below: the date on one of the next lines, after the speaker
            m = next((m for t in seq[i + 1:i + 4] for m in [DATE_LINE.match(t)] if m), None)
            if m:
                return (m["y"], m["m"], m["d"], f"{s} + {m.group()} (session_date_below)")
    return None
