"""Titles and the kinds of documents they name: a title's clean form (:func:`clean_title`: column
tags, site tails, listing parentheticals stripped), a work report's own title
(:func:`report_titled`) and which of its first lines is the title (:func:`report_head`), the
titles of communiqués, plans, official documents and regulations, the lines that open a report
(各位代表, 我代表…人民政府), and the cleaner's rules that mark a page or a paper. Read by
:func:`pipeline.metadata.describe`.

>>> clean_title("【两会聚焦】兰州：加快重振“兰州制造”")[0]
'兰州：加快重振“兰州制造”'
"""

from __future__ import annotations

import re

from pipeline.clean import is_name
from pipeline.divisions import Divisions
from pipeline.metadata_dates import DATE_LINE, SESSION_INLINE, SESSION_SHORT, squash_date
from pipeline.patterns import ABOUT_TITLE, CJK_UNIFIED, CN_TEN  # character classes are defined once, in patterns

# --- doc types and titles -------------------------------------------------------------------

# a work report's own title: 政府工作报告 / 2023年…政府工作报告（摘要）
_REPORT_TITLE = re.compile(r"(?:政府)?工作报告(?:[（(](?:摘要|节选|全文)[)）])?$")
# a title of a document that is neither news nor a report: communiqués, plans, outlines
# (and an official document of a body: 某某人民政府办公室关于…的通知 / 关于…的实施意见 / 关于…的紧急通知)
# (a communiqué of a census or a plenary: …人口普查公报（第一号） / …全体会议公报; a resolution: 关于…的决议)
# (each at the end of the title: a news headline that names a communiqué, 我市发布2023年统计公报 全年…, is news)
OTHER_TITLE = re.compile(r"(?:统计公报|五年计划|五年规划|计划纲要|规划纲要|计划摘要|远景目标纲要|公报)(?:\s*[（(][^（）()]{1,12}[)）])*$"
                          r"|^[" + CJK_UNIFIED + r"、]{0,40}" + ABOUT_TITLE + r"$")  # (patterns.ABOUT_TITLE, as headlines.DOCUMENT_TITLE)
# regulation_text: the name of a normative text — a regulation, measures, provisions, rules — at the title's end
# (某某市物业管理条例, …管理办法（试行）); with articles in its body (第一条 / 第一章) the text is that regulation
# reposted, not news about it (《…条例》3月1日起施行 does not end so; 某县出台…办法 has no articles)
REGULATION_TITLE = re.compile(r"^[^\s，。！？：:“”]{2,40}?(?:条例|办法|规定|细则|规则|章程|准则)"
                               r"(?:[（(](?:试行|暂行|草案|修订|修正|修订草案)[)）])?$")
ARTICLE_MARK = re.compile(r"^第[" + CN_TEN + r"百零〇]{1,4}[条章]\s*")
# the issuing body that opens an official document's title: 临洮县人民政府办公室关于…的通知
DOCUMENT_ORG = re.compile(r"^(?P<org>[" + CJK_UNIFIED + r"]{2,30}?(?:政府|办公室|办公厅|委员会|委|局|厅|部|院|中心))关于")
# the address that opens a report to a congress
DELEGATES = re.compile(r"^各位代表[:：，,]?$")
# 我代表…人民政府/国务院，向大会报告工作
ON_BEHALF = re.compile(r"我代表(?P<who>[^，,。]{0,20}?(?:人民政府|国务院|政府))[，,]?\s*向(?:大会|各位代表)")
# the division named in a session line or a report title
SESSION_ORG = re.compile(r"在(?P<org>[^\s，。]{2,20}?)第[" + CN_TEN + r"百\d]+届(?:全国)?人民代表大会")
TITLE_ORG = re.compile(r"^(?:(?:19|20)\d{2}年)?(?P<org>[^\s，。（(]{2,20}?)(?:(?:19|20)\d{2}年)?(?:人民)?政府工作报告")

# --- the head of a report: which of its first lines is the title ------------------------------
# a piece of a session line or a congress document label, never a title: 第十三届人民代表大会第三次会议上 /
# 2005年1月25日在宁波市 / 市十二届人大四次会议文件（一） / 海口市十六届人大 / 第二次会议上
_CONGRESS_PIECE = re.compile(r"(?:人民代表大会|代表大会|人大|[届次]会议|会议[上文]|全体会议|会议通过)|^[（(]?\s*[—─―\-－]*\s*"
                             r"(?:(?:19|20)\d{2}年)?\d{1,2}月\d{1,2}日\s*在|^[（(]?\s*[—─―\-－]*\s*在[" + CJK_UNIFIED + r"]{2,20}第")
# a date alone, or the start of one: ——2020年1月7日 / 2006年1月
_DATE_ONLY = re.compile(r"^[（(]?\s*[—─―\-－]*\s*(?:19|20)\d{2}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日?)?)?\s*[)）]?$")
# a speaker line: 上海市市长杨雄 / 厦门市市长 洪永世 / 市 长 买买提明·卡德 / 自治区代理主席 嘎玛泽登 / 市长
SPEAKER = re.compile(r"^[" + CJK_UNIFIED + r"]{0,24}?(?:省长|市长|州长|区长|县长|盟长|旗长|主席|总理|主任)(?:\s*[" + CJK_UNIFIED + r"·]{2,16})?$")
# a date line in brackets: （2001年2月20日） / （二〇〇五年一月十一日）
BRACKET_DATE = re.compile(r"^[（(][^）)]{0,4}(?:\d{4}|[〇零○Ο一二三四五六七八九]{4})年[^）)]{0,20}[)）]$")
# a numbered section heading: the body has begun (一、2004年工作回顾)
_SECTION = re.compile(r"^(?:[" + CN_TEN + r"]{1,3}[、.．]|[（(][" + CN_TEN + r"\d]{1,3}[)）]|\d{1,2}[、.．])")
# a draft status after a report heading: 政府工作报告（审议稿） -> 政府工作报告
_DRAFT = re.compile(r"\s*[（(](?:审议稿|征求意见稿|讨论稿|送审稿|修改稿|草稿|初稿)[)）]\s*$")
# a listing parenthetical after a report title holding a year: （省十三届人大第三次会议 2020年） / （20251月7日 左广）
_REPORT_LISTING = re.compile(r"(?<=报告)\s*[（(][^（）()]{0,40}?(?:19|20)\d{2}[^（）()]{0,40}[)）]\s*$")
# a heading printed letter by letter: 政 府 工 作 报 告
_SPACED_LETTERS = re.compile(r"^[" + CJK_UNIFIED + r"](?: [" + CJK_UNIFIED + r"])+(?=$|\s*[（(])")

# web / platform evidence among the cleaner's rules
WEB_RULES = {"breadcrumb", "share_menu", "view_count", "copyright", "site_owner", "platform_marker", "platform_header",
              "page_title_copy", "site_identity", "site_greeting", "menu_bar",
              "publish_line", "source_meta", "web_dateline", "original_title", "related_link", "view_original",
              "html_comment"}
PAPER_RULES = {"masthead", "issue_marker", "page_jump", "registration"}

# title marks: column tags 【两会聚焦】, [视频], markdown marks, footnote markers
# (also a news kind before a colon: 快讯：… / 独家：…)
_TITLE_TAG = re.compile(r"^\s*(?:【[^】]{1,30}】|\[(?:视频|图文|组图|音频)\]|［视频］|[^｜|丨\s]{2,12}[｜|丨](?=[^｜|丨]{4,}$)"
                        r"|(?:快讯|独家|突发|重磅|视频|图解|组图|直播|音频)[:：](?=\S{4,}))\s*")
# column_prefix: a page's column name printed before the headline on its line, parted by a space
# (博兴要闻　订单满生产忙 … / 乡镇动态 某镇…): a name of a column kind (要闻, 动态, 快讯 …) is never a headline's first phrase
_COLUMN_PREFIX = re.compile(r"^(?P<c>[" + CJK_UNIFIED + r"]{0,6}(?:要闻|新闻|动态|快讯|资讯|速递|简讯|播报|视点|短波|传真))\s+(?=\S.{7,}$)")
# relay_prefix: on a broadcast's item only (the headline of a 新闻联播 day file), a commentary column or a relay of another
# body's text before a colon (央视快评：… / 人民日报评论员：… / 新华社播发：… / 某报刊发评论员文章：…): the item's kind, not
# its headline (the README convention is a 新闻联播 one); a speaker (国家发展改革委：…) is kept whole, and so is every
# prefix on a page, a paper or a report (外媒热评：… / 专家述评：… there name who speaks); 转发 is never a relay (国务院办公厅
# 转发：… names the issuing body of a document), nor a prefix opened by 关于 (a document's own title)
_RELAY_PREFIX = re.compile(r"^(?!关于)(?P<c>[" + CJK_UNIFIED + r"]{0,8}(?:快评|短评|时评|述评|锐评|热评|社论|评论员|评论员文章)"
                           r"|[" + CJK_UNIFIED + r"]{2,10}(?:播发|刊发|刊登|全文播发)(?:[" + CJK_UNIFIED + r"]{0,6}(?:文章|评论|社论|述评|综述))?)\s*[:：]\s*(?=\S.{5,})")
# a whole headline in lenticular brackets: 【引洮工程润泽陇中 渭源群众喝上“幸福水”】
_BRACKETED = re.compile(r"^【(?P<t>[^【】]{4,})】$")
# a site or channel after a headline in a copied browser title: 标题_陇上融媒 (an underscore never
# stands in a Chinese headline) / 标题 - 定西新闻网 / 标题 | 某某客户端
_SITE_TAIL = re.compile(r"\s*_\s*[^_]{1,24}(?:_[^_]{1,16}){0,2}$|\s+[-|｜—]\s*[^\s\-|｜—]{2,14}(?:网|在线|频道|客户端|融媒|发布|日报|晚报|政府|官网)$")
# a media note after a headline: （图） （组图） （视频） （附图）
_MEDIA_NOTE = re.compile(r"\s*[（(](?:图|组图|多图|附图|图文|视频|音频)[)）]$")
_FOOTNOTE = re.compile(r"\[\^?\d{1,3}\]|\[\^[^\]]{1,10}\]")
MARKS = re.compile(r"^(?:[#*\s]|[-+]\s)+|[*\s]+$")  # also a markdown list bullet "- "
# a title doubled by a crawl: 1993年广州市政府工作报告1993年广州市政府工作报告
_DOUBLED = re.compile(r"^(?P<t>.{4,})(?P=t)$")
# a listing parenthetical at the end of a title: （2022年12月11日 王国先） （2020年） （一九五三—一九五七）
_LISTING = re.compile(r"\s*[（(]\s*(?:(?:19|20)\d{2}年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:\s*[" + CJK_UNIFIED + r"·]{2,8})?|"
                      r"[〇零一二三四五六七八九]{4}\s*[—\-－至]\s*[〇零一二三四五六七八九]{4}|(?:19|20)\d{2}\s*[—\-－至]\s*(?:19|20)\d{2})\s*[)）]\s*$")


def clean_title(title: str | None, broadcast: bool = False) -> tuple[str | None, list[str]]:
    """A title without column tags, ``[视频]``, markdown marks, footnotes and a trailing
    listing parenthetical of date or speaker: ``(title, [what was stripped])``; a broadcast's item (``broadcast``) also
    loses a commentary column or relay before a colon (relay_prefix).

    >>> clean_title("央视快评：以钉钉子精神抓好各项工作落实", broadcast=True)[0], clean_title("外媒热评：中国经济展现强大韧性")[0]
    ('以钉钉子精神抓好各项工作落实', '外媒热评：中国经济展现强大韧性')
    """
    if not title:
        return title, []
    stripped = []
    t = MARKS.sub("", title)
    m = _DOUBLED.match(t)
    if m:
        stripped.append(f"doubled_title: {t}")
        t = m.group("t")
    while True:
        m = _TITLE_TAG.match(t)
        if not m or m.end() >= len(t):
            break
        stripped.append(f"title_tag: {m.group().strip()}")
        t = t[m.end():]
    m = _COLUMN_PREFIX.match(t)
    if m:
        stripped.append(f"column_prefix: {m['c']}")
        t = t[m.end():]
    m = _RELAY_PREFIX.match(t) if broadcast else None
    if m:
        stripped.append(f"relay_prefix: {m['c']}")
        t = t[m.end():]
    m = _BRACKETED.match(t)
    if m:
        stripped.append(f"bracketed_title: {t}")
        t = m["t"]
    m = _SITE_TAIL.search(t)
    if m and m.start() >= 4:
        stripped.append(f"site_tail: {m.group().strip()}")
        t = t[: m.start()]
    m = _MEDIA_NOTE.search(t)
    if m and m.start() >= 4:
        stripped.append(f"media_note: {m.group().strip()}")
        t = t[: m.start()]
    if _FOOTNOTE.search(t):
        stripped.append("footnote: " + "".join(_FOOTNOTE.findall(t)))
        t = _FOOTNOTE.sub("", t)
    if _SPACED_LETTERS.match(t):
        m = _SPACED_LETTERS.match(t)
        stripped.append(f"spaced_letters: {m.group()}")
        t = m.group().replace(" ", "") + t[m.end():].lstrip()
    m = _LISTING.search(t) or _REPORT_LISTING.search(t)
    if m and m.start() > 0:
        stripped.append(f"listing_parenthetical: {m.group().strip()}")
        t = t[: m.start()]
    m = _DRAFT.search(t)
    if m and m.start() > 0:
        stripped.append(f"draft_status: {m.group().strip()}")
        t = t[: m.start()]
    t = MARKS.sub("", t).strip()
    return (t or title), stripped


# a report's own heading line: a name ending in 报告 (政府工作报告 / 2023年某市政府工作报告 / …的报告（摘要）), no mark of a push
_OWN_HEADING = re.compile(r"^[^！？!?：:丨｜|，,。]{0,30}报告(?:[（(][^）)]{1,12}[)）])?$")


def report_head(lines: list[str]) -> tuple[str | None, list[str]]:
    """The title of a report among its first lines (``(title, [why])``): the first heading-shaped
    line that is not a piece of the session line or a congress document label, a speaker
    line or a date line; a session line printed in the heading is cut off. The head ends at
    the address (各位代表), a numbered section or the first sentence."""
    why = []
    skip_to = 0
    for k, line in enumerate(lines):
        if k < skip_to:
            continue
        t = squash_date(line.strip())
        if DELEGATES.match(t) or _SECTION.match(t) or not t:
            break
        # hook_headline: a push's headline about the report (权威发布丨…政府工作报告全文 / 全文来了！…政府工作报告) over the
        # report's own heading printed below it (a heading line ending in 报告 among the next lines, perhaps after the
        # push's introduction, …全文如下——): not the title; the head goes on at that heading
        below = next((k + 1 + j for j, x in enumerate(lines[k + 1:k + 4]) if _OWN_HEADING.match(squash_date(x.strip()))), None)
        if "报告" in t and below is not None and t != squash_date(lines[below].strip()) and not _OWN_HEADING.match(t):
            why.append(f"not_title (hook_headline): {t}")
            skip_to = below
            continue
        if BRACKET_DATE.match(t) or SESSION_SHORT.match(t) or DATE_LINE.match(t) or _DATE_ONLY.match(t):
            why.append(f"not_title (date line): {t}")
            continue
        m = SESSION_INLINE.search(t)
        if m and m.start() > 0 and not _CONGRESS_PIECE.search(t[:m.start()]):
            why.append(f"session_line_cut: {t[m.start():].strip()}")
            t = t[:m.start()].strip(" ——─―-－")
        if not is_headline_text(t):
            break
        if _CONGRESS_PIECE.search(t) and "报告" not in t:
            why.append(f"not_title (session line or congress label): {t}")
            continue
        if SPEAKER.match(t.replace(" ", "")) or is_name(t.replace(" ", "")):
            why.append(f"not_title (speaker): {t}")
            continue
        return t, why + [f"report_head: {t}"]
    return None, why


def report_titled(title: str, divisions: Divisions, national) -> bool:
    """The title of a work report itself: ``…政府工作报告`` whose head (before it, years and
    人民 aside) is empty, a division, a national body or a session (应勇市长在…会议的); a title
    that reads or pictures a report (一图读懂2023年曲靖市政府工作报告) is about one, not one.

    >>> from pipeline.divisions import parse
    >>> divs = parse("甘肃省\\t620000\\t甘肃\\n", "")
    >>> report_titled("2023年甘肃省政府工作报告", divs, ()), report_titled("一图读懂2023年甘肃省政府工作报告", divs, ())
    (True, False)
    """
    t = clean_title(title)[0] or ""
    m = _REPORT_TITLE.search(t)
    if not m:
        return False
    head = re.sub(r"人民$", "", re.sub(r"(?:19|20)\d{2}年", "", t[:m.start()])).strip()
    return (not head or bool([d for d, kind in divisions.kinds(head) if kind != "former"])
            or any(k == head for k, _ in national) or bool(re.search(r"人民代表大会|人大|会议", head)))


def is_headline_text(t: str) -> bool:
    """Heading-shaped: at most 60 characters, no sentence-final punctuation."""
    return 0 < len(t) <= 60 and not re.search(r"[。！？!?；;]", t) and t[-1] not in "，、,：:"
