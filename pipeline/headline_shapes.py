"""Headline line shapes: what a headline line, a subtitle, a column tag or a document title looks like.

The shapes a title reader needs (:data:`DASH` subtitles, :data:`PARALLEL` phrases, a :data:`SPEAKER`
clause, a column tag, an issuing body and a 关于…的通知 :data:`DOCUMENT_TITLE`, a long kicker, a headline
with its date on the line, a browser-title copy, a related list's item). :mod:`pipeline.headlines` (the page
headline choice), :mod:`pipeline.headline_kickers` and :mod:`pipeline.headline_wraps` read them.

>>> page_headline_shape("好消息！高原夏菜喜获丰收"), DASH.match("——访某县县委书记") is not None
(True, True)
"""

from __future__ import annotations

import re

from pipeline.clean import is_headline
from pipeline.patterns import CJK, CJK_UNIFIED, CN_SMALL, DOCUMENT_TITLE, lazy_compile  # noqa: F401  (DOCUMENT_TITLE: one pattern, read by articles too)

# a subtitle line that starts with a dash: ——访金昌市委书记王钧
# (a markdown list bullet "- " is not a dash, but may stand before one: "- ——19年2月24日在…")
# a headline line of two or three parallel phrases separated by spaces: 勇于担当 奋力前行
PARALLEL = lazy_compile(rf"^[{CJK}“”\d.]{{4,20}}(?: [{CJK}“”\d.]{{4,20}}){{1,2}}$")
# a headline that opens with who spoke: 习近平在甘肃考察时强调 … / 省委常委会会议指出 …
SPEAKER = lazy_compile(rf"^[{CJK}]{{2,30}}?(?:强调|指出|表示|要求|提出) ")
DASH = lazy_compile(r"^(?:-\s+)?(?:[—─―－]{1,2}|-{1,2}(?!\s))\s*")
# a column tag before a headline line: 【乡村振兴】… / 聚焦两会｜…
LINE_TAG = lazy_compile(r"^(?:【[^】]{1,30}】|[^｜|丨\s]{2,12}[｜|丨](?=\S{4,}))\s*")
# section_head: a section's enumerator opening a line (一、总体要求 / （一）… / 1. …, never a number: 1.5万…): the body's
# heading, no headline line
SECTION_HEAD = lazy_compile(r"^(?:[" + CN_SMALL + r"]+、|[（(][" + CN_SMALL + r"\d]{1,3}[）)]|\d{1,2}[.．、](?!\d))")
# an official document's title in two lines: the issuing body, then 关于…的通知 (joined into one title)
ISSUING_BODY = lazy_compile(r"^[" + CJK_UNIFIED + r"]{2,30}(?:政府|办公室|办公厅|委员会|委|局|厅|部|院|中心)(?:[、\s][" + CJK_UNIFIED + r"]{2,30})*$")
# (a qualifier may stand before the kind: 关于…的紧急通知 / …的补充通知 / …的工作方案: patterns.DOCUMENT_TITLE)


# a separator between a headline and the site or column after (or before) it in a browser title
_COPY_SEP = lazy_compile(r"^\s*(?:[_|｜]|\s-\s|-|—)\s*\S")
# a document kind: a short line naming one is a title, not a label (政府工作报告, 统计公报)
DOC_KIND = lazy_compile(r"(?:报告|公报|纲要|规划|决定|决议|通知|意见|办法|条例|讲话|公告|通告)(?:[（(][^）)]*[)）])?$")


# the ending of a site's, account's or channel's name: 陇上融媒, 定西发布, 新闻频道, 某某网
SITE_END = lazy_compile(r"(?:网|在线|频道|客户端|融媒|发布|日报|晚报|政府|官网|新闻|宣传|之声|视点)$")


def is_copy(line: str, of: str) -> bool:
    """``line`` is ``of`` with a site or column after a separator, or before one (人民日报 - 标题)."""
    if len(line) <= len(of) or len(line) - len(of) > 24:
        return False
    if line.startswith(of) and _COPY_SEP.match(line[len(of):]):
        return True
    # (or a breadcrumb ending in it: 首页 > 新闻中心 > 标题)
    return line.endswith(of) and bool(re.search(r"(?:[_|｜>＞»›]|\s-\s|\s—\s)\s*$", line[: -len(of)]))


# a related list's item, bare: its bullet and its date taken off (· 标题 2024-05-04)
ITEM_MARKS = lazy_compile(r"^[-*•·+■□●◆◇▲△▶►★☆◎○\s]+|\s*[\[【(（]?\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?[\]】)）]?$")


def related_names(item: str, line: str) -> bool:
    """related_copy: a related list's ``item`` (bare: no bullet, no date) names the headline line ``line`` — it is the
    line, or the line after a column tag (【总书记与我们在一起】…) or a short place or speaker and a colon (陕西延安：…),
    whole or followed by a further clause after a space (the 新闻联播-style full headline: …规划落实 如期完成…).

    >>> related_names("陕西延安：从革命圣地到幸福家园", "从革命圣地到幸福家园"), related_names("【专栏】高质量推进规划落实 如期完成任务", "高质量推进规划落实")
    (True, True)
    >>> related_names("我市开展系列纪念活动", "纪念活动"), related_names("高质量推进规划落实工作", "高质量推进规划落实")
    (False, False)
    """
    if len(line) < 6:
        return False
    item = ITEM_MARKS.sub("", item)
    core = re.sub(r"^[" + CJK_UNIFIED + r"]{2,8}[:：]\s*", "", LINE_TAG.sub("", item))
    return core == line or core.startswith(line + " ")


def page_headline_shape(t: str) -> bool:
    """A page's headline: up to 80 characters without 。 or ；, not ending in a comma or colon;
    ！ and ？ may stand inside (好消息！…) or at the end of a line of at most 40, and an ellipsis …… inside.

    >>> page_headline_shape("好消息！高原夏菜喜获丰收"), page_headline_shape("记者看到，菜地长势喜人。")
    (True, False)
    >>> page_headline_shape("“迎客”“听劝”……沈阳这样走过！"), page_headline_shape("“以前靠天吃饭……现在能挣钱！”")
    (True, False)
    """
    if is_headline(t, max_len=80):
        return True
    # (an ellipsis inside: “迎客”“听劝”……2024年，沈阳这样走过！ — never in a line wholly quoted, a speaker's words opening
    # the body: “以前种地靠天吃饭……现在家门口就能挣钱！”)
    quoted = re.match(r"^[“「『\"].*[”」』\"]$", t) is not None
    bare = re.sub(r"[！？!?]+" if quoted else r"[！？!?]+|……(?=\S)", "　", t).strip("　")
    return len(t) <= 40 and bare != "" and is_headline(bare, max_len=40)


# a headline with its publish date and time after it on the same line: 标题　　2023年12月22日08:31
# (also in square or lenticular brackets: 标题 [2024-03-05])
HEAD_DATE = lazy_compile(r"^(?P<t>\S.{3,79}?)(?:\s+[\[【［]?|[\[【［])\s*(?P<d>\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?)\s*[\]】］]?$")
# (or the date first, then the headline: 2024-03-08 我县建成区域医疗中心 — a headline, not a dated_body publish line)
DATE_HEAD = lazy_compile(r"^[\[【［]?\s*(?P<d>\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*[\]】］]?\s+(?P<t>[^\s\d].{3,79})$")


def about_part(t: str) -> str:
    """The 关于… part of a document title's first line: the line itself, or what follows its issuing body
    (某某市人民政府办公室关于印发… → 关于印发…); empty when the line is neither.

    >>> about_part("某某市人民政府办公室关于印发2016年"), about_part("我市关于")
    ('关于印发2016年', '')
    """
    k = t.find("关于")
    return t[k:] if k == 0 or (k > 0 and ISSUING_BODY.match(t[:k])) else ""


def full_document_title(short: str | None, line: str) -> bool:
    """document_title_full: ``line`` is the document title ``short`` (关于…的通知) printed whole, with its
    issuing body before it.

    >>> full_document_title("关于印发某方案的通知", "某某市人民政府关于印发某方案的通知")
    True
    """
    return bool(short and DOCUMENT_TITLE.match(short) and line != short and line.endswith(short)
                and ISSUING_BODY.match(line[:-len(short)]))


def long_kicker(first: str, second: str) -> bool:
    """long_kicker: on a newspaper's or a web page, a long statement above a short main title of its own (at
    most 14 characters, half the first line or less, no clause marks) is the kicker; a speech's headline
    (…时强调 …) keeps its short line below as a subtitle.

    >>> long_kicker("黑龙江某县用乡镇广播把全会精神送到田间地头", "“冬闲”不闲的东建乡")
    True
    >>> long_kicker("习近平在甘肃考察时强调 坚定信心", "途中在天水考察")
    False
    """
    return 6 <= len(second) <= 14 and len(first) >= 2 * len(second) and not SPEAKER.match(first) \
        and not DASH.match(second) and not re.search(r"[，,；;：:\s]", first + second)

