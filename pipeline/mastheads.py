"""Mastheads and paper names: the name of the paper, site or account at the top of a page.

A newspaper page opens with its masthead — the paper's name, the issue date, the page and the
weekday, on one line in any order (:func:`masthead_line`) or over several lines
(:func:`masthead_block`); a web or platform page with its site's or account's name
(:func:`header_line`, :func:`account_line`). The masthead's date is the issue's date, its
name the publication. The paper-name pattern (:data:`PAPER_NAME`) is written once, here.

>>> masthead_line("甘肃日报 ｜ 2023年2月2日 ｜ 第3版").meta["publication"]
'甘肃日报'
"""

from __future__ import annotations

import re

from pipeline import divisions
from pipeline.clean import Drop, word_tags
from pipeline.pagefields import DATE, WEEKDAY, account_like, account_named, cn_iso, iso_date
from pipeline.patterns import CJK_UNIFIED, CN_TEN, DIVISION_SUFFIX, PAPER_NAME  # character classes are defined once, in patterns

# --- paper names ---------------------------------------------------------------------------
# a paper's edition after its name (人民日报海外版, 农民日报农村版): 版 after a word of the region or the readers the
# edition is printed for — never a page's name (头版, 要闻版, 理论版: a page of the issue, not part of the paper's name)
EDITION = r"(?:海外|农村|城乡|英文|少儿|学生|老年|华东|华南|华北|华中|东北|西北|西南|东南|西部|港澳|欧洲|美洲|北美|亚太)版"
# a newspaper or site name: 甘肃日报, 人民日报, 中国甘肃网, 新华网 (with its edition: 人民日报海外版)
PAPER = rf"(?:{PAPER_NAME}(?:{EDITION})?|[{CJK_UNIFIED}]{{2,6}}网)"

# --- masthead lines (in chrome's ordered line patterns) -----------------------------------
# an e-paper's breadcrumb: 甘肃日报数字报 > 2023年12月25日 > 第02版：要闻
EPAPER_CRUMB = re.compile(rf"^(?P<pub>{PAPER})(?:数字报|电子版|数字版|电子报)?\s*[>›»]\s*(?P<date>{DATE})\s*(?:[>›»]\s*[^>›»。]{{1,20}})?$")
# an e-paper's name with its edition words: 甘肃日报 数字报 电子版
EPAPER_NAME = re.compile(rf"^(?P<pub>{PAPER})(?:\s*(?:数字报|电子版|数字版|电子报|手机版|客户端))+\s*(?P<rest>.{{0,40}})$")
# masthead lines of fixed shapes (tried in this order, after EPAPER_CRUMB and EPAPER_NAME)
MASTHEAD_PATTERNS: tuple[re.Pattern, ...] = (
    # a newspaper masthead: 甘肃日报 2023年2月2日 星期四 第3版 [要闻] / 2023年1月16日 星期一 ｜ 甘肃日报 ｜ 2 ｜ 要闻
    re.compile(rf"^(?P<pub>{PAPER})\s*[|｜]?\s*(?P<date>{DATE})\s*[|｜]?\s*{WEEKDAY}?\s*[|｜]?\s*(?:第?\s*[A-Z]?[\d{CN_TEN}]+\s*版)?(?:\s*[|｜:：]?\s*[{CJK_UNIFIED}]{{2,6}})?$"),
    re.compile(rf"^(?P<date>{DATE})\s*[|｜]?\s*{WEEKDAY}?\s*[|｜]\s*(?P<pub>{PAPER})\s*[|｜]\s*(?:第?\s*[\d{CN_TEN}]+\s*版?)?(?:\s*[|｜]?\s*[{CJK_UNIFIED}]{{2,6}})?$"),
    # an e-paper's page line, the page first: 第02版：要闻　2023年12月25日 星期一 (the paper is named elsewhere)
    re.compile(rf"^第?\s*[A-Z]?[\d{CN_TEN}]+\s*版\s*[:：]?\s*[{CJK_UNIFIED}]{{0,8}}\s+(?P<date>{DATE})\s*{WEEKDAY}?$"),
    # a masthead line of paper, date, weekday and page in another order, parted by spaces or bars:
    # 2024年03月06日 星期三 某某日报 第4版 / 某某日报 第04版 2024年03月06日 (the paper and the date both present;
    # a line without 报 fails at once, before the paper's name is tried at every position)
    re.compile(rf"^(?=.*?报)(?=.*?(?P<pub>(?<![{CJK_UNIFIED}]){PAPER_NAME}(?![{CJK_UNIFIED}])))(?=.*?(?P<date>{DATE}))"
               rf"(?:(?:{PAPER}|{DATE}|{WEEKDAY}|第?\s*[A-Z]?[\d{CN_TEN}]+\s*版(?:\s*[:：]?\s*[{CJK_UNIFIED}]{{2,6}})?)\s*[|｜]?\s*){{3,5}}$"),
    # a newspaper's page footer: 《 人民日报 》（ 2024年03月06日 04 版）
    # (or without its brackets: 《某某日报》 2024年03月06日 第4版)
    re.compile(rf"^《\s*(?P<pub>[^》]{{2,12}}?)\s*》\s*[（(]?\s*(?P<date>{DATE})\s*第?\s*[A-Z]?[\d{CN_TEN}]*\s*版\s*[)）]?$"),
    # an e-paper's issue fields: 日期：2024-03-06　版次：04　版名：农村 (a page number or name labelled beside the date)
    re.compile(rf"^(?=[^。！？]*(?:版次|版号|版名|版面)\s*[:：])(?:[^。！？\d]{{0,12}}?[:：]?\s*[^。！？\d]{{0,16}}?)?(?:(?:出版)?日期|时间)\s*[:：]\s*(?P<date>{DATE})[^。！？]{{0,40}}$"),
)

# --- line classes read from a line's segments (checked before the patterns above) ------------
# a line's segments: split on bars, middle dots, brackets and spaces (a page number 第 4 版, a date
# 2024 年 1 月 10 日 and a clock time 19:20 kept whole)
_SEG_SPLIT = re.compile(r"\s*[|｜丨·•▸►■□◆◇●\[\]【】〔〕［］]\s*|\s+")  # (also boxes and dots: 甘肃日报 ■ 2008年1月21日 ■ 第1版)
_SEG_GLUE = re.compile(r"(?<=[\d第年月])\s+(?=[\d年月日版])|(?<=\d)\s+(?=[年月日版])")
_SEG_DATE = re.compile(rf"^{DATE}$|^\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}$")
_SEG_WEEKDAY = re.compile(rf"^{WEEKDAY}$")
# a page: 第4版 / 第04版：要闻 / A05 / 01 (a bare number stands beside a section name) / 共8版
_SEG_PAGE = re.compile(r"^(?:第[A-Z]?[\d" + CN_TEN + r"]+版(?:[:：][" + CJK_UNIFIED + r"]{0,8})?|[A-Z]\d{1,2}版?|\d{1,2}版?|共\d{1,3}版)$")
_SEG_LUNAR = re.compile(r"^(?:农历|夏历)\S{2,12}$")
# a paper's name, alone or with its edition words: 农民日报 / 四川日报全媒体 / 甘肃日报数字报
_SEG_PAPER = re.compile(rf"^(?P<pub>{PAPER_NAME})(?:全媒体|数字报|电子版|数字版|电子报)?$")
# a labelled field: 作者：新华社 / 编辑：谭 / 来源：… (its value may follow after a space)
_SEG_FIELD = re.compile(r"^(?:[" + CJK_UNIFIED + r"]{1,6})[:：]\S*$")
_SEG_SECTION = re.compile(r"^(?:[" + CJK_UNIFIED + r"]{1,6}|[A-Z][A-Z.'&-]{1,20}|数字报|PDF)$")


def _segments(s: str) -> list[str]:
    return [t for t in _SEG_SPLIT.split(_SEG_GLUE.sub("", s)) if t]


def masthead_line(s: str) -> Drop | None:
    """masthead_any: a newspaper's masthead line — the paper's name, the issue date and a page or
    weekday, in any order and with any separators (bars, middle dots, spaces), beside a section
    name, a lunar date, the paper's Latin name or labelled fields (作者：…).

    >>> masthead_line("农民日报 · 2022年11月25日 星期五 · 第 4 版 · 三农观察").meta
    {'publication': '农民日报', 'issue_date': '2022-11-25', 'line_class': 'masthead_any'}
    >>> masthead_line("四川日报 ｜ 2023-12-16 ｜ 01 要闻 ｜ 作者：新华社").meta["publication"]
    '四川日报'
    """
    if len(s) > 90 or re.search(r"[。！？，；]", s):
        return None
    toks = _segments(s)
    paper = date = None
    page = False
    kinds = set()
    after_field = False
    for t in toks:
        m = _SEG_PAPER.match(t)
        if m and paper is None:
            paper = m["pub"]
        elif _SEG_DATE.match(t) and date is None and iso_date(t):
            date = iso_date(t)
        elif _SEG_WEEKDAY.match(t) or _SEG_PAGE.match(t):
            page = True
            kinds.add("weekday" if _SEG_WEEKDAY.match(t) else "page")
        elif _SEG_FIELD.match(t):
            after_field = True
            continue
        elif _SEG_LUNAR.match(t) or _SEG_SECTION.match(t) or (after_field and len(t) <= 4):
            pass
        else:
            return None
        after_field = False
    if paper and date and page:
        return Drop("masthead", {"publication": paper, "issue_date": date, "line_class": "masthead_any"})
    if paper and page and len(toks) >= 3:  # an e-paper's page footer without its date: 四川日报全媒体 · 数字报 | 第01版 共8版
        return Drop("masthead", {"publication": paper, "line_class": "masthead_any"})
    if date and kinds == {"weekday", "page"}:  # issue_line: 2024年6月17日 星期一 第1版 (the paper is named above, in the masthead)
        return Drop("masthead", {"issue_date": date, "line_class": "issue_line"})
    return None



# --- a masthead printed over several lines (checked over a file's first lines) ---------------
# the paper's name alone: 甘肃日报 / 兰州晚报
_PAPER_NAME = re.compile(rf"^{PAPER_NAME}$")
# the issue's date line: the date first, then weekday, page, section, editors (no sentence)
_ISSUE_LINE = re.compile(rf"^(?:{DATE}|[〇零○ΟO0一二三四五六七八九]{{4}}年[{CN_TEN}]{{1,2}}月[{CN_TEN}]{{1,3}}日)[^。！？]{{0,60}}$")
# the other parts: weekday, the name in Latin letters, a page (第1版 / A2 / 第03版：乡村振兴)
_MASTHEAD_PART = re.compile(rf"^{WEEKDAY}$|^[A-Z][A-Z .'&-]{{2,40}}$|"
                            r"^(?:第\s*[\dA-Z" + CN_TEN + r"]+\s*版|[A-Z]?\d{1,2}版?)(?:\s*[:：|]?\s*[" + CJK_UNIFIED + r"]{2,8})?"
                            # the page's editors after it: A05 | 省两会特刊　责编：王 五　美编：赵 六
                            r"(?:\s+(?:责编|美编|编辑|校对|版式|主编)\s*[:：]\s*[" + CJK_UNIFIED + r"](?:\s?[" + CJK_UNIFIED + r"]){1,3})*"
                            # the page's controls after it: 第02版：要闻　上一版　下一版　PDF下载
                            r"(?:\s+(?:上一版|下一版|上一期|下一期|PDF下载|下载本版PDF|版面导航|标题导航|返回目录|往期回顾))*$")
# chrome rules whose lines may stand inside a masthead block
_IN_MASTHEAD = frozenset({"column_header", "editor_credit", "issue_marker", "publish_line", "web_dateline", "masthead",
                          "share_menu", "registration", "site_identity", "platform_header", "menu_bar"})
MASTHEAD_LINES = 8  # how many of a file's first lines a masthead block may span



def masthead_block(lines: list[tuple[str, int, Drop | None]]) -> list[Drop] | None:
    """A masthead printed over several lines at the top of a file (paper name, Latin name,
    date, weekday, page, section, editors; in any order): one :class:`Drop` per line of the
    block, the paper's line carrying its publication and issue date; None when the top of
    the file is not one. ``lines`` are the first lines as ``(text, blank lines before, drop)``.

    >>> [d.rule for d in masthead_block([("甘肃日报", 0, None), ("2023年12月20日", 0, None), ("星期三", 0, None), ("标题", 1, None)])]
    ['masthead', 'masthead', 'masthead']
    """
    paper = date = issue_line = None
    n = 0
    for text, gap, drop in lines[:MASTHEAD_LINES]:
        if n and gap and paper and date:
            break  # the block ends at the first blank line after the name and the date
        s = text.strip()
        named = drop.meta.get("platform") or drop.meta.get("publication") if drop is not None else None
        if paper is None and named and _PAPER_NAME.match(named):  # 平凉日报 PINGLIANG RIBAO / 甘肃日报数字报 (the name without its edition words)
            paper = (n, named)
        elif paper is None and _PAPER_NAME.match(s):
            paper = (n, s)
        elif date is None and _ISSUE_LINE.match(s) and (iso_date(s[:16]) or cn_iso(s)):
            date = iso_date(s[:16]) or cn_iso(s)
        elif date is None and drop is not None and drop.rule == "masthead" and drop.meta.get("issue_date"):
            date = drop.meta["issue_date"]  # an issue line of another shape (第04版 … 日期, 日期：… 版次：…)
        elif not (_MASTHEAD_PART.match(s) or (drop is not None and drop.rule in _IN_MASTHEAD)):
            break
        n += 1
    if paper is not None and date is None:  # issue_line: the issue's date printed lower, under a kicker (中国水利报 … / 2024年6月17日 星期一 第1版)
        below = next(((t, d) for t, _, d in lines[n:MASTHEAD_LINES]
                      if d is not None and d.rule == "masthead" and d.meta.get("line_class") == "issue_line"), None)
        if below is not None:
            date, issue_line = below[1].meta["issue_date"], below[0].strip()
    if paper is None or date is None:
        return None
    block = " / ".join(t.strip() for t, _, _ in lines[:n])
    # (a line of the block keeps the name of the line class that read it, page_line, for --explain;
    # the paper's line keeps the issue line its date was read from when it stands below the block)
    first = {"publication": paper[1], "issue_date": date, "block": block} | ({"issue_line": issue_line} if issue_line else {})
    return [Drop("masthead", first) if i == paper[0]
            else Drop("masthead", {"line_class": lines[i][2].meta["line_class"]})
            if lines[i][2] is not None and lines[i][2].meta.get("line_class") == "page_line" else Drop("masthead") for i in range(n)]



# --- a site's or account's name at the top of a page --------------------------------------
# the site or account name alone on one of a file's first lines: 中国甘肃网 / 兰州市人民政府 / 广元发布
_PLATFORM_HEADER = re.compile(r"^(?:[" + CJK_UNIFIED + r"]{2,8}网(?:\s*[-—·|｜]?\s*[" + CJK_UNIFIED + r"]{2,6}频道)?|[" + CJK_UNIFIED + r"]{2,12}人民政府(?:网站?|门户网站)?|(?P<release>[" + CJK_UNIFIED + r"]{2,6})发布"
                              # a county's or city's media centre or station by its name alone: 某某县融媒体中心 / 某某广播电视台
                              r"|[" + CJK_UNIFIED + r"]{2,10}(?:融媒体中心|融媒中心|传媒中心|新闻中心|广播电视台|电视台|日报社|传媒集团)"
                              # a local government department's site by its name alone: 新疆维吾尔自治区交通运输厅 / 宜昌市应急管理局
                              # (the part up to the level word must be a division's name: 全区经济发展呈现新格局 is a headline)
                              r"|(?P<division>[" + CJK_UNIFIED + r"]{1,14}?" + DIVISION_SUFFIX + r")[" + CJK_UNIFIED + r"]{2,12}(?:厅|局|委员会))$")
HEADER_LINES = 4  # how many kept lines at the top of a file may be a site or account name


def header_line(line: str) -> Drop | None:
    """A site or account name standing alone (only asked of a file's first lines).

    >>> header_line("中国甘肃网").rule, header_line("织密民生保障网的重要举措")
    ('platform_header', None)
    >>> header_line("宜昌市应急管理局").rule, header_line("全区经济发展呈现新格局")
    ('platform_header', None)
    """
    s = line.strip()
    m = _PLATFORM_HEADER.match(s)
    if m and m["division"] and not _is_division(m["division"]):
        return None  # a department's site only under a real division's name (never 全区…局, 我市…局)
    if m and m["release"] and not release_name(m["release"]):
        return None  # an account 某某发布 only under a name (never 并购重组新规发布: a headline's subject and verb)
    return Drop("platform_header", {"platform": s}) if m else None


# the tags of a headline's words that a name never holds: verbs, adjectives, adverbs (jieba)
_NOT_NAME_TAGS = ("v", "a", "d")


def release_name(name: str) -> bool:
    """``name`` (the part of a line before its closing 发布) names an account (上海发布, 水利发布, 国资委发布): one or two
    words, none a verb, adjective or adverb — not a headline's subject and predicate (并购重组新规发布, 最新数据发布).

    >>> release_name("兰州"), release_name("国资委"), release_name("并购重组新规"), release_name("最新数据")
    (True, True, False, False)
    """
    words = word_tags(name)
    return len(words) <= 2 and not any(t.startswith(_NOT_NAME_TAGS) for _, t in words)


def _is_division(name: str) -> bool:
    """``name`` is a division's name, standard or former, in the national division list."""
    return bool(divisions.load().kinds(name))


# an account or site name: a short name without punctuation
_ACCOUNT = re.compile(r"^[" + CJK_UNIFIED + r"A-Za-z]{2,12}$")


def account_line(line: str, below: Drop | None, *, named: bool = False) -> Drop | None:
    """An account or site name standing right above a bare publish line (asked of a file's first lines).

    >>> account_line("兰州发改", Drop("publish_line", {"publish_date": "2022-01-07"})).meta
    {'account': '兰州发改'}
    """
    s = line.strip()
    # a name shaped like an account's (account_like): a longer line above a date line is the
    # headline (高原夏菜喜获丰收 / 发布时间：…)
    if below is not None and below.rule in ("publish_line", "web_dateline") and not below.meta.get("account") \
            and _ACCOUNT.match(s) and account_like(s) and (not named or account_named(s)) \
            and (not s.endswith("发布") or release_name(s[:-2])):
        return Drop("platform_header", {"account": s})
    return None
