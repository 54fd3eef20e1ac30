"""Publish and field lines: the page's own dates, labels and sources.

A page states when and by whom it was published on lines of fields — ``发布时间：2023-02-10``,
``来源：某某市融媒体中心``, ``2024-12-26 08:05 编辑：谭 晓``, ``www.example.cn 信息来源：… 发布时间：…`` —
and an official document signs with its body and a date at its end. This module holds the
date and label patterns (each written once), the reader of a line's labelled fields
(:func:`read_fields`), the one rule for a line of page fields (:func:`field_line`) and the
signature at a document's end (:func:`signature`).

>>> field_line("2024-12-26 08:05 编辑：谭 晓 来源：某某市融媒体中心").meta["publish_date"]
'2024-12-26'
"""

from __future__ import annotations

import re

from pipeline.clean import Drop, names_in
from pipeline.patterns import CJK, CJK_UNIFIED, CN_TEN, PAPER_NAME, lazy_compile  # character classes are defined once, in patterns

# --- dates ---------------------------------------------------------------------------------
# a weekday: 星期三 / 周三 / Wednesday / Wed.
WEEKDAY = r"(?:星期[一二三四五六日天]|周[一二三四五六日]|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\.?)"
DATE = r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
# a complete or partial date: 2025-01-03, 2025年1月3日, 2025.01.03
DATE_PARTS = lazy_compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def iso_date(s: str) -> str | None:
    """The first complete date in ``s`` as ISO yyyy-mm-dd (None when there is none).

    >>> iso_date("发布时间:2025-01-03 15:25")
    '2025-01-03'
    """
    m = DATE_PARTS.search(s)
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    if not (1900 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


# a date in Chinese numerals: 二〇二一年二月四日 (zero look-alikes 〇○ΟO0零)
_CN_DATE = lazy_compile(r"^(?P<y>[〇零○ΟO0一二三四五六七八九]{4})年(?P<m>[" + CN_TEN + r"]{1,2})月(?P<d>[" + CN_TEN + r"]{1,3})日")
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ο": 0, "O": 0, "0": 0}


def cn_iso(s: str) -> str | None:
    m = _CN_DATE.match(s)
    if not m:
        return None

    def num(t: str) -> int:
        if "十" in t:
            a, _, b = t.partition("十")
            return (_CN_DIGITS.get(a, 1) if a else 1) * 10 + (_CN_DIGITS.get(b, 0) if b else 0)
        return int("".join(str(_CN_DIGITS[c]) for c in t))

    y, mo, d = num(m["y"]), num(m["m"]), num(m["d"])
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1900 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d <= 31 else None


# --- labels and the fields of a line ------------------------------------------------------
# the label of a page's date field: 发布时间 / 发布日期 / 发表时间 / 更新时间 / 成文日期 / 时间 / 日期
TIME_LABEL = r"(?:发布|发表|发稿|更新|上传|录入|刊发|首发|修改|成文|印发)?(?:时间|日期)"
# the label of a page's source field: 来源 / 信息来源 / 文章来源 / 稿件来源 / 稿源 / 出处
SOURCE_LABEL = r"(?:信息|文章|本文|稿件|新闻|内容)?(?:来源|稿源|出处)"
# every label of a page's fields, the one list: its time and source, its authors and editors, its
# counts, and a portal's English labels
FIELD_LABEL = (r"(?:" + SOURCE_LABEL + "|" + TIME_LABEL + r"|责任编辑|值班编辑|编辑|责编|美编|作者|记者|通讯员|摄影|摄像|剪辑|校对|审核"
               r"|浏览(?:次数|量)?|阅读(?:量|数)?|点击(?:数|量)?|Source|Release Date|Views)")
# the label of a page's own publish date (before 时间/日期 alone, 更新时间, 成文日期, 印发日期)
PUBLISH_LABEL = lazy_compile(r"(?:发布|发表|发稿|刊发|首发)(?:时间|日期)|发布时间|Release Date|发布日期", re.I)
# the label of a date that is not the page's publication: 成文日期 (the document was written), 更新时间, 修改时间, 印发日期
SECONDARY_DATE_LABEL = lazy_compile(r"(?:成文|印发|更新|修改)(?:时间|日期)")
# the fields of a metadata line: label, separator, value up to the next bar or label
_META_FIELD = lazy_compile(rf"({FIELD_LABEL})\s*[:：|｜丨]\s*((?:(?!{FIELD_LABEL}\s*[:：丨])[^|｜丨])*)", re.I)
# English labels of a portal's metadata line
_META_LABEL = {"source": "来源", "release date": "发布时间"}
# a publication named in 《》 (or a value ending in 日报/晚报/杂志/网)
_PUBLICATION = lazy_compile(rf"《[^》]{{1,20}}》|[{CJK}A-Za-z]{{2,12}}?(?:日报|晚报|时报|杂志|报|网|电视台|通讯社|新华社)")


# the next labelled field inside a value; the lookbehind starts a match only at the start of a run of spaces
# (without it a long run of spaces is tried from each of its positions: quadratic)
_NEXT_FIELD = lazy_compile(r"(?<!\s)\s+[" + CJK_UNIFIED + r"]{1,6}\s*[:：]")


def read_fields(line: str) -> dict:
    out: dict = {}
    published = False
    for label, value in _META_FIELD.findall(line):
        label = _META_LABEL.get(label.lower(), label)
        if not re.fullmatch(rf"{SOURCE_LABEL}|作者|{TIME_LABEL}|发布时间", label):
            continue  # editors, counts: not read here
        label = re.sub(r"^(?:信息|文章|本文|稿件|新闻|内容)(?=来源|稿源|出处)", "", label)
        # a value ends at the next field of any label (浏览：2040, 设计：陈 晨, 审核：…)
        value = _NEXT_FIELD.split(value.strip())[0].strip()
        if not value:
            continue
        if label in ("来源", "稿源", "出处"):
            # a note in brackets after the source is the source's own issue (定西日报（2025年1月15日 第01版）),
            # never the page's date
            value = re.sub(r"\s*[（(][^（）()]*[)）]", "", value).strip()
            # an unlabelled date after the source is the publish date (来源：市政府办公室 2022-12-21 17:40:12)
            d = DATE_PARTS.search(value)
            if d and iso_date(value):
                out.setdefault("date", iso_date(value))
                value = value[:d.start()].strip()
            value = re.split(r"\s*[【\[]", value)[0].strip().rstrip("】] ")  # a menu after it: 【字号：大 中 小】; its own bracket closed
            if not value:
                continue
            m = _PUBLICATION.search(value)
            out.setdefault("publication", m.group() if m else value)
            out.setdefault("source", value)
        elif label == "作者":
            # a unit in brackets after the names: 作者：张三（会宁县融媒体中心）
            unit = re.search(r"[（(](?P<u>[" + CJK_UNIFIED + r"]{3,30})[)）]", value)
            if unit:
                out.setdefault("unit", unit["u"])
                value = value[:unit.start()].strip()
            names = names_in(value, strict=False)
            if names:
                out.setdefault("authors", names)
        else:
            date = iso_date(value)
            if date and PUBLISH_LABEL.match(label) and not published:
                out["date"], published = date, True  # publish_label: 发布日期 before 成文日期 / 更新时间 on one line
            elif date:
                out.setdefault("date", date)
    return out


# how an account's or body's name ends (a publish line "name date" with nothing after the date is an
# account's only when its name ends so; else the name is a headline printed with its date)
_ACCOUNT_END = lazy_compile(r"(?:发布|新闻|联播|融媒|中心|日报|晚报|报|网|在线|头条|之声|电视台|客户端|政府|办公室|宣传|视点|微博|资讯|中国|[省市县区州旗]委)$")
def account_named(name: str) -> bool:
    """The name ends like an account's, a medium's or a body's (…发布, …客户端, …融媒, …日报, …政府).

    >>> account_named("央视新闻客户端"), account_named("天堑织网变通途")
    (True, False)
    """
    return bool(_ACCOUNT_END.search(name))


def account_like(name: str) -> bool:
    """A name shaped like an account's or a body's: at most six characters, at most eight ending like
    an account's (甘肃发布, 曲靖市融媒体中心), or a government's or office's name (…人民政府, …办公室);
    a longer line ending in 发布 or 网 is a headline (全省春耕生产最新数据发布).

    >>> account_like("兰州发改"), account_like("会宁发布"), account_like("全省春耕生产最新数据发布")
    (True, True, False)
    """
    return len(name) <= 6 or (len(name) <= 8 and bool(_ACCOUNT_END.search(name))) or name.endswith(("人民政府", "办公室"))



# --- field_line: a line of page fields (asked when no line rule took the line) -------------
# a web address: www.news.cn / http://… / xinhuanet.com
_URL = lazy_compile(r"(?:https?://|www\.)\S+|(?<![\w.@])[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.(?:com|cn|net|org|gov)(?:\.cn)?(?:/\S*)?(?![\w.])", re.I)
_CLOCK = lazy_compile(r"(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?(?![\d:])")
# a field label anywhere on a line: 来源： 编辑： 责编： 作者： 点击： 时间： …
_FIELD_LABEL = lazy_compile(rf"{FIELD_LABEL}\s*[:：]")


# a date, its clock time and one name after them: 2022-12-26 07:58:41　某某县融媒体中心
_UNLABELLED_SOURCE = lazy_compile(rf"^{DATE}\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?\s+(?P<name>[{CJK_UNIFIED}]{{2,16}})\s*$")


def _fields_among(s: str) -> Drop | None:
    # the broader reading of field_line: a date with an address, a clock time or a label, whatever else the line holds
    if len(s) > 120 or re.search(r"[。！？；]", s):
        return None
    url = _URL.search(s)
    s = _URL.sub(lambda m: " " * len(m.group()), s)  # a date inside a web address is never the page's (/2023-03/11/…)
    d = DATE_PARTS.search(s)
    if not d or not iso_date(d.group()):
        return None
    clock, label = _CLOCK.search(s), _FIELD_LABEL.search(s)
    if not (url or clock or label):
        return None
    head = _URL.sub(" ", s[:d.start()]).strip(" （([【")
    if not url and not (label and label.start() < d.start()) and head and not account_like(head):
        return None  # headline_date: 标题 2023-05-07 20:36:41
    meta = read_fields(s.strip("（()）【】[] "))
    out = {"publish_date": meta.get("date") or iso_date(d.group())}
    if meta.get("source"):
        out["source"] = meta["source"]
        out["publication"] = meta.get("publication", meta["source"])
    # unlabelled_source: a body's or account's name alone after the date and time is the page's source
    # (2022-12-26 07:58:41　某某县融媒体中心; a two- or three-character place after the time is where it was sent from)
    tail = _UNLABELLED_SOURCE.match(s[d.start():])
    if tail and not label and _ACCOUNT_END.search(tail["name"]) and len(tail["name"]) >= 4:
        out["account"] = tail["name"]
    return Drop("publish_line", out)


# a labelled field: 编辑：谭 晓 / 来源：株洲市融媒体中心 / 点击：1520 (its value runs to the next label or bar)
_PAPER = lazy_compile(PAPER_NAME)
_FIELD = lazy_compile(rf"(?P<label>{FIELD_LABEL})\s*[:：]\s*(?P<v>(?:(?!\s*{FIELD_LABEL}\s*[:：])[^|｜丨·•（）()])*)")
# the other pieces of such a line: separators, a date and its time, a weekday, a web address, a page
# (01 要闻 / 第 4 版), a name (a site, a paper, a column)
_PIECE = lazy_compile(rf"\s*(?:[|｜丨·•]|(?P<date>{DATE})(?:\s*(?P<time>\d{{1,2}}:\d{{2}}(?::\d{{2}})?))?|{WEEKDAY}"
                    rf"|(?P<web>(?:https?://)?(?:www\.)?[a-z0-9\-]+(?:\.[a-z0-9\-]+)+)"
                    rf"|(?P<page>第?\s*[A-Z]?\d{{1,3}}\s*版?(?:\s*[:：]?\s*[{CJK_UNIFIED}]{{2,6}})?)(?=\s|$|[|｜丨·•])"
                    rf"|(?P<name>[{CJK_UNIFIED}A-Za-z]{{2,16}}))\s*", re.I)


# a line in brackets: （2024-03-08 来源：某某网）
_BRACKETED = re.compile(r"^[（(\[【]\s*(.*?)\s*[)）\]】]$")


def _fields_only(line: str) -> Drop | None:
    # a line made only of page fields in any order
    s = line.strip()
    if s[:1] in "（([【" and s[-1:] in ")）]】":  # (what the pattern needs, tested first: most lines are neither)
        s = _BRACKETED.sub(r"\1", s)
    if not s or len(s) > 140 or re.search(r"[。！？；]", s):
        return None
    fields = [(m["label"], m["v"].strip()) for m in _FIELD.finditer(s)]
    rest = _FIELD.sub(" ", s)
    date = time = web = page = None
    names = []
    pos = 0
    while pos < len(rest):
        m = _PIECE.match(rest, pos)
        if not m or m.end() == pos:
            return None
        date = date or m["date"]
        time = time or m["time"]
        web, page = web or m["web"], page or m["page"]
        if m["name"]:
            names.append(m["name"])
        pos = m.end()
    paper = next((n for n in names if _PAPER.fullmatch(n)), None)
    if not date or len(names) > 2 or not (fields or web or (paper and page)):
        return None
    iso = iso_date(date)
    if paper and (page or not time):
        return Drop("masthead", {"publication": paper, "issue_date": iso})
    meta = {"publish_date": iso}
    source = next((v for label, v in fields if re.search(r"来源|稿源|出处", label) and v), None)
    if source:
        meta["source"] = source
    account = next((n for n in names if n != paper), None) or paper
    if account:
        meta["account"] = account
    return Drop("publish_line", meta)


def field_line(line: str) -> Drop | None:
    """field_line: a line of page fields, never a headline, read for what it holds. Either the line is
    made only of page fields in any order — a date (and time), labelled fields (来源、作者、编辑、点击…),
    a site or paper name, a web address, a page — perhaps in brackets: a ``publish_line``, or a
    ``masthead`` when it names a paper and a page or no clock time; or, on a line without a sentence,
    a date stands with a web address, a clock time or a field label, whatever else the line holds (an
    empty field, a name): a ``publish_line`` with the page's publish date and its source. A name and a
    date alone, or a phrase before the date that is no account's name with no address or label before
    the date, is a headline printed with its date (headline_date), not this. None otherwise.

    >>> field_line("2024-12-26 08:05 编辑：谭 晓 责编：刘 鸣 来源：株洲市融媒体中心").meta["source"]
    '株洲市融媒体中心'
    >>> field_line("农民日报 · 2022年11月25日 星期五 · 第 4 版 · 三农观察").meta["publication"]
    '农民日报'
    >>> field_line("www.example.cn 信息来源：某某市发展和改革委员会 发布时间：2023-02-10 16:25 浏览次数：").meta["publish_date"]
    '2023-02-10'
    >>> field_line("高原夏菜喜获丰收 2024年03月08日09:15") is None
    True
    """
    return _fields_only(line) or _fields_among(line)


# --- the signature at the end of a document (checked over a file's last lines) ---------------
# the signing body alone on its line: 某某县人民政府办公室 / 国家统计局 / 中共某某县委 / 某某市应急管理局
_SIGNATORY = lazy_compile(r"^[" + CJK_UNIFIED + r"（）()、]{2,40}?(?:政府|办公室|办公厅|委员会|常委会|委|局|厅|署|部|院|中心|指挥部|领导小组"
                        r"|工作组|协会|联合会|公司|集团|银行|学校|大学|医院|代表团)$")
# the date alone, in digits or Chinese numerals, or after the signing body on the same line
_SIGN_DATE = lazy_compile(rf"^(?:(?P<org>[{CJK_UNIFIED}（）()、]{{2,40}}?)\s+)?(?P<date>{DATE}|[〇零○ΟO0一二三四五六七八九]{{4}}年[{CN_TEN}]{{1,2}}月[{CN_TEN}]{{1,3}}日)$")
# what may stand after a signature: a publication note, the copy-to and issued-by footer, a page number, an attachment line
_AFTER_SIGNATURE = lazy_compile(r"^[（(]此件[^）)]{1,12}[)）]$|^(?:抄送|抄报|主送|附件)\s*[:：]|印发$|^[-—－\s]*\d{1,3}[-—－\s]*$")
# an official document's publication note: （此件公开发布） / （此件主动公开）
_PUBLICATION_NOTE = lazy_compile(r"^[（(]此件[^）)]{1,12}[)）]$")
SIGNATURE_LINES = 10  # how many of a document's last lines the search for its signature spans


def signature(lines: list[tuple[str, Drop | None]]) -> tuple[int, Drop] | None:
    """The signature date at the end of a document — the signing body's name, then the date alone
    (digits or Chinese numerals), or both on one line — found over the last lines (chrome, a
    publication note, the 抄送/印发 footer and page numbers may follow): ``(index of the date line,
    Drop("signature_date", {"date", "signatory"}))``, or None.

    >>> signature([("现就有关事项通知如下。", None), ("某某县人民政府办公室", None), ("二〇二四年十二月三十日", None)])[1].meta
    {'date': '2024-12-30', 'signatory': '某某县人民政府办公室'}
    """
    n = len(lines)
    for i in range(n - 1, max(n - SIGNATURE_LINES, 0) - 1, -1):
        text, drop = lines[i]
        s = text.strip()
        m = _SIGN_DATE.match(s)
        if m and (drop is None or drop.rule in ("publish_line", "web_dateline")):
            return _signed(lines, i, m)
        if drop is None and not _AFTER_SIGNATURE.search(s):
            break
    # signature_before_note: a signature mid-file, right above the document's publication note
    # （此件公开发布）, when its attachment or the page's chrome follows
    for i in range(1, n):
        if _PUBLICATION_NOTE.match(lines[i][0].strip()):
            m = _SIGN_DATE.match(lines[i - 1][0].strip())
            if m and (lines[i - 1][1] is None or lines[i - 1][1].rule in ("publish_line", "web_dateline")):
                signed = _signed(lines, i - 1, m)
                return signed and (signed[0], Drop("signature_date", {**signed[1].meta, "line_class": "signature_before_note"}))
    return None


def _signed(lines: list[tuple[str, Drop | None]], i: int, m: re.Match) -> tuple[int, Drop] | None:
    org = (m["org"] or "").strip()
    if not org and i > 0 and lines[i - 1][1] is None and _SIGNATORY.match(lines[i - 1][0].strip()):
        org = lines[i - 1][0].strip()
    date = iso_date(m["date"]) or cn_iso(m["date"])
    if org and _SIGNATORY.match(org) and date:
        return i, Drop("signature_date", {"date": date, "signatory": org})
    return None
