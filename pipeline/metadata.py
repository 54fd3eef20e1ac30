"""Document metadata from general evidence: ``doc_type``, ``title``, ``date`` (and
``date_source``), ``year``, ``issuer`` (``issuer_level``, ``issuer_code``).

Every decision keeps its evidence, ``"field: rule: text"``, in the ``evidence`` column and
in ``ingest --explain``. The evidence is read from the article (title, subtitle, first
paragraphs), from what the cleaner dropped from the file (mastheads, publish lines, source
lines, producer lines, site and account names, each with the fields it read), from the
front matter, from a digest's heading (《新闻联播》 (20230808)) and from the file's path.

**doc_type**, first that applies: ``broadcast_item`` (an item of a broadcast digest);
``work_report`` (a title ``…政府工作报告``, or a session line ``——2023年1月9日在…人民代表大会…会议上``
with the address ``各位代表``, or ``我代表…人民政府…报告工作``); ``other`` (a statistical
communiqué or a plan, by its title); ``web_article`` (web or platform chrome: breadcrumbs,
publish and source lines, share menus, view counts, site and account names); ``newspaper_article``
(a masthead, a page marker, ``本报讯``/``本报记者``); otherwise ``other``.

**date**, the first source found in this order (:data:`DATE_ORDER`): ``session_line`` (the
delivery or adoption date of a report, plan or law, ``（2011年1月10日 白玛赤林）`` too) >
``issue_date`` (a newspaper's masthead or page footer, a digest's edition date) >
``publish_line`` (``发布时间：``, ``发布日期：``, an unlabelled date line, ``天水发布 · 2022-12-12``,
a signed date under the heading, a date after the headline, the signature closing a document —
first for an official document or communiqué, ``signature_date``) > ``front_matter`` (a ``date`` field, a date or year in
its title) > ``dateline`` (``新华社兰州2月1日电``, only with a year from elsewhere) >
``file_name`` (a date or year in the file name). A session line without its year takes
the year from the front matter (then the source is ``front_matter``); one with year and month only
gives ``YYYY-MM``. A web page is dated by its publish line before a reprinted paper's footer.

**year**: for a work report the year whose work it plans — the year its title states
(``2011年政府工作报告``), else the year after a November or December delivery, else the
year of delivery; for every other document the year of ``date``.

**issuer**: the one government, newspaper or broadcaster that issued the text, never a
place it merely mentions: a work report's division (session line, title, ``我代表…``, the
folder it is filed in), a newspaper's masthead, a page's ``来源：`` line, then a body named as its
author (``作者：中国地震局``, author_body), its producer line, then its account or site, then a site's or
app's whole name at the top of the page (site_header: a ministry's portal, ``国家卫生健康委员会``); a local
app named after its place (``无限衢州客户端``) names it only when the text speaks as it (media_place:
``衢州：…``, ``我市``); with nothing naming anyone, a headline ``衢州：…`` over a text speaking as 我市 is the
city's own (own_voice); a name is resolved (:mod:`pipeline.issuer_names`) through the national media and bodies
(``lexicons/national_media.txt``), a local paper (``天水日报`` → 天水市's level and code) or the longest
division name it starts with (``广元市发展和改革委员会`` → 广元市); a ministry or national bureau is its own
issuer (``商务部新闻办公室`` → 商务部, central_body).

The dates and session lines are read by :mod:`pipeline.metadata_dates`, the titles and the
title evidence of a document's kind by :mod:`pipeline.metadata_titles`; this module holds the
decision (:func:`describe`), :class:`FileEvidence` and the issuer's order of sources.

>>> clean_title("【两会聚焦】兰州：加快重振“兰州制造”")[0]
'兰州：加快重振“兰州制造”'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from pipeline.clean import is_name
from pipeline.pagefields import PUBLISH_LABEL, SECONDARY_DATE_LABEL
from pipeline.divisions import Divisions
from pipeline.issuer_names import (BODY_SITE, NAME_MARKS, division_prefix, domain_owner, hosts, media_place,  # noqa: F401
                                   national_site, path_issuer, resolve_issuer, resolve_issuer_rule, site_name,  # (resolve_issuer:
                                   site_names, short_name_account, speaks_for, unit_of_body)  # the name callers know, re-exported)
# dates and session lines (metadata_dates), titles and doc-type evidence (metadata_titles); their public names
# (any_date, clean_title, report_titled, is_headline_text) stay importable from here
from pipeline.metadata_dates import (BARE_DATE, DATE_LINE, DATELINE, FILE_DATE, SESSION, SESSION_PLACE,  # noqa: F401
                                     SESSION_SHORT, TITLE_YEAR, any_date, find_session, iso, squash_date)
from pipeline.metadata_titles import (ARTICLE_MARK, BRACKET_DATE, DELEGATES, DOCUMENT_ORG, MARKS, ON_BEHALF,  # noqa: F401
                                      OTHER_TITLE, PAPER_RULES, REGULATION_TITLE, SESSION_ORG, SPEAKER, TITLE_ORG,
                                      WEB_RULES, clean_title, is_headline_text, report_head, report_titled)
from pipeline.patterns import CJK_UNIFIED, CN_TEN, DIVISION_SUFFIX, lazy_compile  # character classes are defined once, in patterns

# the group of a document without an issuer in every view by issuer (charts, topic_trends):
# such documents are counted, under this label, never silently left out
UNKNOWN_ISSUER = "未知发文单位"

DOC_TYPES = ("work_report", "newspaper_article", "broadcast_item", "web_article", "other")
LEVELS = ("national", "province", "prefecture", "county")
DATE_ORDER = ("session_line", "issue_date", "publish_line", "front_matter", "dateline", "file_name")

# programme names of broadcasters: a digest of their items is a broadcast
_BROADCAST = lazy_compile(r"新闻联播|联播|电视台|广播|央视|CCTV|新闻30分|朝闻天下", re.I)

# a department named by its level only: 市发展改革委 / 县农业农村局 / 市政府办公室
_BARE_DEPARTMENT = lazy_compile(r"^(?P<level>" + DIVISION_SUFFIX + r")[" + CJK_UNIFIED + r"]{1,12}?(?:委员会|委|局|厅|办公室|办|中心|政府|部|处|站|所)$")
# a headline opening with a place and a colon: 衢州：… (own_voice)
_PLACE_COLON = lazy_compile(r"^(?P<place>[" + CJK_UNIFIED + r"]{2,12}?)[：:]")
# the value of an author field naming a body by its kind of name (作者：中国气象局 / 某某县融媒体中心 / 某某发布),
# never a person (作者：张三) nor a person's title (作者：某某省政协委员)
# party_organ: a line of the page's chrome (the masthead's registration line) naming the paper as the organ of a division's party committee (中共庆阳市委机关报): a
# paper read as national by its shape alone (placeless_paper) is that division's paper (level and code of the division)
_PARTY_ORGAN = lazy_compile(r"中共(?P<org>[" + CJK_UNIFIED + r"]{2,20}?)(?:委员会|委)机关报")
_AUTHOR_FIELD = lazy_compile(r"(?:作者|发布者)\s*[:：]\s*(?P<v>[" + CJK_UNIFIED + r"]{2,24}"
                           r"(?:(?<=[部局委署办厅院社台报网府会心])|(?<=发布)|(?<=客户端)))(?=\s|$)")
# an author that is a research institute, academy or university (国务院发展研究中心, 甘肃省社会科学院): it wrote the
# article, it does not issue it (author_body), whatever government its name opens with
_RESEARCH_BODY = lazy_compile(r"(?:研究|科学|社科|学)(?:院|中心|所|会)$|大学$")
# the places a body's release account (某某发布, release_account) is named as an account: an account line, an
# author field, a source line, or beside its follow button at the top of the page (site_header)
_ACCOUNT_PLACES = ("account", "author_body", "source_line", "front_matter_source", "site_header")
# where a paper is named as a paper: a name read as a national paper by its shape alone (placeless_paper) counts only
# as a masthead, a source or a byline's or publication's paper, never as an account's or header's name (某某微报)
_PAPER_PLACES = ("masthead", "source_line", "front_matter_source", "byline_paper", "publication", "digest_publication")
_LEVEL_OF = {"自治区": "province", "自治州": "prefecture", "自治县": "county", "省": "province", "市": "prefecture", "州": "prefecture", "盟": "prefecture", "地区": "prefecture",
             "县": "county", "区": "county", "旗": "county"}

# the lines of a page's top and chrome that may print its address (site_domain): the host alone, the address, the tab's
# title with the site's domain, the menu and the footer
_SITE_LINES = ("site_identity", "page_title_copy", "platform_header", "menu_bar", "copyright", "above_headline")
# those of them at the page's own top (its header, its identity line): the lines that may name the page's own site
_OWN_TOP = ("site_identity", "platform_header", "above_headline")
# a government's own name (report_site_government): a division's name, then 人民政府 / 政府
_GOVERNMENT = lazy_compile(r"^(?P<place>[" + CJK_UNIFIED + r"]{2,20}?)(?:人民政府|政府)$")
_HEADER_SPLIT = lazy_compile(r"[\s|｜·]+")
# the rules that read an issuer out of a title or a line of text, not a name (--explain names them alone: no
# national_media line for the text they read)
_TEXT_RULES = frozenset({"title_body", "national_congress", "report_division", "document_issuer", "national_title",
                         "speaker_division", "signatory", "on_behalf"})
# title_body: the words that end a title's subject, the body issuing it (国务院 | 关于… / 印发… / 转发…)
_TITLE_VERB = lazy_compile(r"关于|印发|发布|转发|批转|学习|贯彻|落实|召开|举行|开展|公布|致|的通知|的决定|的意见")


def own_line(text: str, address: bool = False) -> bool:
    """A page's line that names its own site (body_unit): one name alone, or (``address``) a web address or host alone
    or after the site's one name — never a bar of links naming several (中国政府网 | 甘肃省人民政府), nor a labelled
    line (转载自：https://news.cctv.com/…, 来源：…, 原文链接：…).

    >>> own_line("国家卫生健康委员会"), own_line("中国政府网 | 甘肃省人民政府 | 兰州市人民政府")
    (True, False)
    >>> own_line("news.cctv.com", address=True), own_line("转载自：https://news.cctv.com/a.shtml", address=True)
    (True, False)
    >>> own_line("www.gov.cn | 甘肃省人民政府", address=True)
    False
    """
    rest = _ADDRESS.sub(" ", text) if address else text
    if re.search(r"[：:]", rest):
        return False
    parts = [p for p in _HEADER_SPLIT.split(rest) if p and not re.fullmatch(r"[()（）]+", p)]
    return len(parts) <= 1 and (address or bool(parts)) and not re.search(r"[|｜]", text)


# a web address or host in a line (own_line)
_ADDRESS = lazy_compile(r"(?i)(?:https?://)?(?:[a-z0-9\-]+\.)+(?:com|cn|net|org|gov|edu)(?:\.cn)?(?:/\S*)?")


def _unlisted(found, national) -> bool:
    """A source's resolution names no body of ``national_media.txt`` (none, or a …部 read by its shape alone): a
    department's name, not a body of its own (body_unit)."""
    return found is None or (found[1] in ("central_body", "national_body") and all(found[0][0] != v for _, v in national))


def front_source(front: dict) -> str | None:
    """The name a markdown file's front matter gives as its ``source:`` (the body or medium the text
    comes from, read as a ``来源：`` line is); ``None`` when there is none or it is an address (a URL
    names no body).

    >>> front_source({"source": " 天水市农业农村局 "}), front_source({"source": "https://www.gov.cn/a.html"})
    ('天水市农业农村局', None)
    """
    value = front.get("source")
    name = str(value).strip() if isinstance(value, (str, int)) else ""
    if not name or re.match(r"(?i)(?:[a-z][a-z0-9+.-]*://|www\.)|\S+\.(?:com|cn|net|org|html?)(?:/|$)", name):
        return None
    return name


@dataclass
class FileEvidence:
    """What the file says about itself outside its articles' text."""

    source: str
    front: dict = field(default_factory=dict)  # front-matter fields
    digest: dict = field(default_factory=dict)  # a digest's publication and date
    dropped: list = field(default_factory=list)  # (line, rule, meta, text) of chrome lines
    comments: list = field(default_factory=list)  # HTML comments


# --- issuers --------------------------------------------------------------------------------

def issuer_group(issuer) -> str:
    """The group of a document in a view by issuer: its issuer, or :data:`UNKNOWN_ISSUER`.

    >>> issuer_group("甘肃省"), issuer_group(None), issuer_group(float("nan"))
    ('甘肃省', '未知发文单位', '未知发文单位')
    """
    return issuer if isinstance(issuer, str) and issuer.strip() else UNKNOWN_ISSUER


# --- the decision ---------------------------------------------------------------------------

def describe(*, title: str | None, subtitle: str | None, paras: list[str], publication: str | None,
             head_lines: list[str] | None = None,
             authors_pub: str | None, removed: list[str], file: FileEvidence, divisions: Divisions,
             n_articles: int = 1, national, local=()) -> dict:
    """The metadata of one article: a dict of the ``documents`` metadata columns and ``evidence``
    (``national``: the national media's ``(key, issuer)`` pairs, the configured ``national_media.txt``;
    ``local``: the local media's ``(name, division)`` pairs, ``local_media.txt``)."""
    ev: list[str] = []
    front = file.front
    fm_title = (front.get("title") or "").strip() or None
    dropped = file.dropped
    rules = {r for _, r, _, _ in dropped} | {e.split(":", 1)[0] for e in removed}
    suffix = PurePosixPath(file.source).suffix.lower()

    # session evidence, in the order of the text: heading, subtitle, first paragraphs
    heading = title
    # a subtitle joins its lines with spaces: each line's start is tried too
    subs = [subtitle] + [subtitle[k + 1:] for k, c in enumerate(subtitle) if c == " "] if subtitle else []
    # the header's lines in page order when the layout kept them (a kicker above the title)
    top = [h for h in head_lines or [] if h] if head_lines and title in head_lines else ([heading] if heading else [])
    seq = [MARKS.sub("", p) for p in [*top, *subs, *paras[:8]] if p]
    session = find_session(seq)  # (year or None, month, day, text)
    delegates = any(DELEGATES.match(p) for p in paras[:4])
    behalf = next((m for p in paras[:6] for m in [ON_BEHALF.search(p)] if m), None)

    # title: a report's head is read line by line (report_head); other texts keep the heading
    # their layout gave them (a session or date line taken for a heading is not a title)
    report_like = bool(session or delegates or behalf or any(
        report_titled(t, divisions, national) for t in (title, fm_title) if t))
    if report_like and not session:
        # date_under_report_heading: a delivery date alone in brackets in the head,
        # （一九六四年十二月二十一日、二十二日） / （2001年2月20日）
        for t in seq[:5]:
            t = squash_date(t)
            if BRACKET_DATE.match(t) and any_date(t):
                d = any_date(t)
                session = (d[:4], d[5:7], d[8:], f"{t} (date_under_report_heading)")
                break
    if report_like and not session:
        # session_date_below (bare): the place line without its date, the date alone on a line below
        # (a line the cleaner took as a bare date line): 在…会议上 / 市长 某某 / 2024年1月10日
        place = next((t for t in seq[:6] if SESSION_PLACE.match(squash_date(t))), None)
        below = next((text for _, rule, _, text in dropped if rule in ("publish_line", "web_dateline")
                      and BARE_DATE.match(text.strip())), None) if place else None
        if below and any_date(below):
            d = any_date(below)
            session = (d[:4], d[5:7], d[8:], f"{place} + {below} (session_date_below)")
    if report_like:
        title, why = report_head([MARKS.sub("", p) for p in [*top, *paras[:8]] if p])
        ev += [f"title: {w}" for w in why]
    elif title and (SESSION.match(MARKS.sub("", title)) or SESSION_SHORT.match(title)
                    or SESSION_PLACE.match(MARKS.sub("", title))):
        ev.append(f"title: session_line_not_title: {title}")
        title = None
    # (an item of a broadcast's digest: its headline may open with a commentary column or relay, relay_prefix)
    broadcast = bool(file.digest and _BROADCAST.search(file.digest.get("publication", "")))
    own, stripped = clean_title(title, broadcast)
    page_titles = [meta.get("page_title") for _, rule, meta, _ in dropped if rule == "page_title_copy" and meta.get("page_title")]
    if not own and page_titles and not fm_title:
        # page_title_copy: a page whose body prints no headline is titled by its browser-title line
        own, stripped = clean_title(page_titles[0])
        ev.append(f"title: page_title_copy: {page_titles[0]}")
    if not own and fm_title:
        own, stripped = clean_title(fm_title)
        ev.append(f"title: front_matter: {fm_title}")
    ev += [f"title: {s}" for s in stripped]
    if session and session[0] and len(session[0]) == 2:
        # two_digit_year: 19年 -> the century of the front-matter title or file name, else 19xx from 50
        yy = session[0]
        m = re.search(rf"(?:19|20){yy}(?!\d)", f"{fm_title or ''} {PurePosixPath(file.source).stem}")
        full = m.group() if m else ("19" if int(yy) >= 50 else "20") + yy
        session = (full, session[1], session[2], f"{session[3]} (two_digit_year: {yy} -> {full})")

    # doc_type
    titles = [t for t in (own, fm_title) if t]
    # a heading printed over two lines (中华人民共和国 / 2012年国民经济和社会发展统计公报): its lines joined
    heads = [clean_title(h)[0] or "" for h in head_lines or []]
    broken = [a + b for a, b in zip(heads, heads[1:]) if a and b]
    if own and paras and is_headline_text(paras[0]):  # or its second line left as the first paragraph
        broken.append(own + (clean_title(paras[0])[0] or ""))
    masthead = [(meta.get("publication"), meta.get("block") or text) for _, rule, meta, text in dropped
                if rule == "masthead" and meta.get("issue_date") and meta.get("publication")]
    # reprinted_on_site: a news site's own publish line with its clock time (2025年01月15日05:42 | 来源：…)
    # makes a page that carries a paper's masthead or footer a web page reprinting the article
    web_time = next((text for _, rule, _, text in dropped if rule in ("publish_line", "source_meta", "web_dateline")
                     and re.search(r"\d{1,2}:\d{2}", text)), None)
    if broadcast:
        doc_type, why = "broadcast_item", f"digest_item: {file.digest.get('publication')}"
    elif any(report_titled(t, divisions, national) for t in titles):
        doc_type, why = "work_report", f"report_title: {next(t for t in titles if report_titled(t, divisions, national))}"
    elif session and (delegates or behalf) and "通过" not in session[3]:
        doc_type, why = "work_report", f"session_line: {session[3]}"
    elif behalf:
        doc_type, why = "work_report", f"on_behalf: {behalf.group()}"
    elif any(OTHER_TITLE.search(t) for t in titles + broken):
        doc_type, why = "other", f"title_kind: {next(t for t in titles + broken if OTHER_TITLE.search(t))}"
    elif any(REGULATION_TITLE.match(t) for t in titles) and any(ARTICLE_MARK.match(p) for p in paras[:8]):
        doc_type, why = "other", f"regulation_text: {next(t for t in titles if REGULATION_TITLE.match(t))} / " \
                                 f"{next(p for p in paras[:8] if ARTICLE_MARK.match(p))[:20]}"
    elif masthead and not web_time:  # a paper's masthead wins over page chrome (an e-paper page has both)
        doc_type, why = "newspaper_article", f"masthead: {masthead[0][1]}"
    elif rules & WEB_RULES or suffix in (".html", ".htm"):
        doc_type, why = "web_article", "web_chrome: " + ", ".join(sorted(rules & WEB_RULES) or [suffix])
        if masthead:
            why += f"; reprinted_on_site: {web_time}"
    elif rules & PAPER_RULES or any(e.startswith("news_lead: 本报") for e in removed) or \
            (authors_pub or "").endswith(("日报", "晚报", "报")):
        doc_type, why = "newspaper_article", "newspaper: " + ", ".join(sorted(rules & PAPER_RULES) or ["本报 lead or paper byline"])
    else:
        doc_type, why = "other", "no evidence of a report, page, paper or broadcast"
    ev.append(f"doc_type: {why}")

    # date candidates, by source
    cands: dict[str, tuple[str, str]] = {}

    def put(source: str, value: str | None, text: str) -> None:
        if value and source not in cands:
            cands[source] = (value, text)

    fm_dates = [any_date(fm_title or "")] + [any_date(str(front.get(k, ""))) for k in ("date", "published", "time")]
    fm_date = next((d for d in fm_dates if d), None)
    fm_year = None
    for t in (fm_title, str(front.get("date", ""))):
        m = TITLE_YEAR.search(t or "") or re.search(r"^((?:19|20)\d{2})", t or "")
        if m:
            fm_year = m.group(1)
            break
    if session:
        y, mo, d, text = session
        if y:
            put("session_line", iso(y, mo, d), text if d else f"{text} (session_month_only)")
        elif fm_date:
            put("front_matter", fm_date, f"{fm_title} (the session line {text} has no year)")
        elif fm_year:
            yy = int(fm_year) - (1 if int(mo) >= 11 and TITLE_YEAR.search(fm_title or "") else 0)
            put("front_matter", iso(yy, mo, d), f"{fm_title} + {text}")
    for line, rule, meta, text in dropped:
        if rule == "masthead" and meta.get("issue_date"):
            # (the issue line the date was read from, when it stood below the block: issue_line)
            put("issue_date", meta["issue_date"], f"{meta['issue_line']} (issue_line)" if meta.get("issue_line") else meta.get("block") or text)
    if file.digest.get("date"):
        put("issue_date", file.digest["date"], f"digest heading {file.digest.get('publication', '')} ({file.digest['date']})")
    # signature_date: the signing body and the date closing a document (某某县人民政府办公室 / 2024年12月30日):
    # the own date of an official document or communiqué (doc_type other), before the publish line
    # of a page that carries it; on any other page, after the page's publish lines
    signed = [(meta.get("date"), f"signature_date: {meta.get('signatory', '')} / {text}")
              for _, rule, meta, text in dropped if rule == "signature_date"]
    for d, text in signed if doc_type == "other" else []:
        put("publish_line", d, text)
    # labelled publish lines (发布时间：…) before bare date lines; publish_label: a line labelled as the
    # page's publication (发布/发表/发稿…时间|日期) first, a date written or updated (成文日期, 更新时间) last
    dated = [(rule, meta, text) for _, rule, meta, text in dropped]
    publish_label = [d for d in dated if d[0] in ("source_meta", "publish_line", "web_dateline") and PUBLISH_LABEL.search(d[2])]
    secondary = [d for d in dated if SECONDARY_DATE_LABEL.search(d[2]) and not PUBLISH_LABEL.search(d[2])]
    for wanted in (None, ("source_meta", "publish_line"), ("web_dateline",), ("document_footer",), ()):
        for rule, meta, text in (publish_label if wanted is None else secondary if wanted == () else dated):
            if wanted is None or wanted == () or (rule in wanted and (rule, meta, text) not in secondary):
                put("publish_line", meta.get("date") or meta.get("publish_date") or meta.get("dateline"), text)
    # headline_date: a date printed after the headline on its line (标题 2024-01-10)
    for e in removed:
        if e.startswith("headline_date: "):
            put("publish_line", any_date(e), e)
    for d, text in signed:
        put("publish_line", d, text)
    # date_under_heading: a date alone in brackets right under the heading, （2024年3月5日）
    # (a report's session date below its session line was taken above)
    for p in ([subtitle] if subtitle else []) + paras[:1]:
        m = DATE_LINE.match(p.strip())
        if m and not session:
            put("publish_line", iso(m["y"], m["m"], m["d"]), f"{p} (date_under_heading)")
    for c in file.comments:
        if re.search(r"来源|发布", c):
            put("publish_line", any_date(c), c.strip())
    put("front_matter", fm_date, fm_title or str(front.get("date")))
    # front_matter_month: a listing title with year and month only (…政府工作报告（2025年1月 张宝东）) → YYYY-MM
    m = re.search(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月(?!\s*\d{1,2}\s*日)", fm_title or "")
    if m:
        put("front_matter", iso(m.group(1), m.group(2), None), f"{fm_title} (front_matter_month)")
    if fm_year:
        put("front_matter", fm_year, fm_title or str(front.get("date")))
    for e in removed:
        m = DATELINE.search(e)
        if m:
            y = next((v[0][:4] for v in cands.values()), None)
            if y:
                put("dateline", iso(y, m["m"], m["d"]), e)
    stem = PurePosixPath(file.source).stem
    m = FILE_DATE.search(stem)
    if m:
        y, mo, d = m.group(1), m.group(2) or m.group(4), m.group(3) or m.group(5)
        put("file_name", iso(y, mo, d) if mo else y, file.source)
    date, date_source = None, "none"
    # web_publish_first: a web page (a paper's article reprinted on a site) is dated by the site's
    # publish line before the paper's masthead or footer it carries
    order = DATE_ORDER
    if doc_type == "web_article" and "publish_line" in cands and "issue_date" in cands:
        order = tuple(s for s in DATE_ORDER if s != "issue_date")
        ev.append(f"date: web_publish_first: the page's publish line before the issue date {cands['issue_date'][0]}")
    for src in order:
        if src in cands:
            date, text = cands[src]
            date_source = src
            ev.append(f"date: {src}: {text}")
            break

    # year
    year = int(date[:4]) if date else None
    if doc_type == "work_report":
        # the document's own title states the year; a collector's front-matter title only when
        # the body has no heading and the delivery date does not contradict it (title_year_contradicted)
        body_title = own if not any(e.startswith("title: front_matter") for e in ev) else None
        year_of = lambda t: next((m.group(1) for m in [re.search(r"((?:19|20)\d{2})年[^，。]{0,20}?工作报告", t or "")] if m), None)
        ty = year_of(body_title)
        fy = year_of(fm_title) if not ty else None
        if fy and date_source == "session_line" and len(date) >= 7:
            planned = int(date[:4]) + (1 if int(date[5:7]) >= 11 else 0)
            if int(fy) not in (int(date[:4]), planned):
                ev.append(f"year: title_year_contradicted: {fm_title} vs delivered {date}")
                fy = None
        ty = ty or fy
        if ty:
            year = int(ty)
            ev.append(f"year: title_year: {ty}")
        elif date and len(date) >= 7 and int(date[5:7]) >= 11:
            year = int(date[:4]) + 1
            ev.append(f"year: delivered_before_year: delivered {date}, plans {year}")
    if year is not None and not any(e.startswith("year:") for e in ev):
        ev.append(f"year: of_date: {date}")

    # issuer
    issuer = None

    # an app's page (打开客户端 / 下载APP): the name printed at its top is the app's (site_header + media_place: 爱衢州)
    app_page = any(meta.get("line_class") == "app_prompt" for _, rule, meta, _ in dropped if rule == "platform_marker")

    def take(name, rule, text) -> bool:
        nonlocal issuer
        found = resolve_issuer_rule(name, divisions, national, local)
        if found and found[1] == "release_account" and rule not in _ACCOUNT_PLACES:
            found = None  # a 某某发布 named elsewhere (a masthead, a column's label) is no account
        if found and found[1] == "placeless_paper" and rule not in _PAPER_PLACES:
            found = None  # an account or header named like a paper (某某微报) is no paper by its shape alone
        if not found and rule in ("account", "author_body", "source_line", "front_matter_source") \
                and (body := short_name_account(NAME_MARKS.sub("", name or ""), national)):
            # short_name_account: an account named by a central body's short name and a brand word (工信微报 → 工业和信息化部)
            found = (body, "national", "100000"), "short_name_account"
        place = media_place(name, divisions, app=app_page and rule == "site_header") if not found else None
        shown = speaks_for(place, [*(head_lines or []), own or "", subtitle or ""], paras[:6], divisions) if place else None
        if shown:  # media_place: a local app named after its place (无限衢州客户端), the text speaking as that place
            found = (place.name, place.level, place.code), "media_place"
            ev.append(f"issuer: media_place: {name} -> {place.name} ({shown})")
        if found:
            issuer, how = found
            ev.append(f"issuer: {rule}: {text}")
            # the rule resolve_issuer_rule used, named when it is not the plain division or paper name
            if how == "central_body":  # a ministry or national bureau (or its usual short name) is its own issuer
                ev.append(f"issuer: central_body: {name}")
            elif how == "local_branch":  # a national body's office in a division
                ev.append(f"issuer: local_branch: {name} -> {issuer[0]}")
            elif how == "national_paper":  # a 中国…报
                ev.append(f"issuer: national_paper: {name}")
            elif how in ("national_body", "placeless_paper"):  # a national body or paper by its name's shape alone
                organ = next(((d, t) for _, _, _, t in dropped if how == "placeless_paper"
                              for m in [_PARTY_ORGAN.search(t)] if m for d in [division_prefix(m["org"], divisions)] if d), None)
                if organ:  # party_organ: 中共某某市委机关报 under the masthead: the city's paper, not a national one
                    issuer = (issuer[0], organ[0].level, organ[0].code)
                    ev.append(f"issuer: party_organ: {name} -> {organ[0].name} ({organ[1]})")
                else:
                    ev.append(f"issuer: {how}: {name}")
            elif how in ("local_media", "release_account", "short_name_account", "paper_app"):  # 津云 -> 天津市; 海关发布 -> 海关总署 (a body's release account)
                ev.append(f"issuer: {how}: {name} -> {issuer[0]}")
            elif how == "national_media" and issuer[0] != NAME_MARKS.sub("", name) and rule not in _TEXT_RULES:  # a site's or app's name, a short name
                ev.append(f"issuer: national_media: {name} -> {issuer[0]}")  # or a unit of the body (中国作家网 -> 中国作家协会)
            elif how == "local_news_site":  # 四川新闻网: the site itself, its division's level and code
                ev.append(f"issuer: local_news_site: {name}")
            bare = NAME_MARKS.sub("", name)
            if BODY_SITE.search(bare) and len(BODY_SITE.sub("", bare)) >= 2:  # body_site: 商务部网站 is 商务部's
                ev.append(f"issuer: body_site: {name}")
        return bool(found)

    sources = [(meta.get("source") or meta.get("publication"), text) for _, rule, meta, text in dropped
               if rule in ("source_meta", "publish_line", "web_dateline") and (meta.get("source") or meta.get("publication"))]
    # front_matter_source: a markdown file's own source: field (source: 天水市农业农村局), read as its 来源 line, after it
    fm_source = [(name, f"source: {name} (front matter)") for name in [front_source(front)] if name]
    mastheads = [(meta.get("publication"), text) for _, rule, meta, text in dropped if rule == "masthead"]
    producers = [(meta.get("producer"), text) for _, rule, meta, text in dropped if rule == "producer"]
    accounts = [(meta.get("account") or meta.get("platform"), text) for _, rule, meta, text in dropped
                if meta.get("account") or meta.get("platform")]
    accounts += [(meta["account2"], text) for _, rule, meta, text in dropped if meta.get("account2")]
    accounts += [(re.sub(r"^原创\s*", "", text), text) for _, rule, _, text in dropped
                 if rule == "platform_marker" and text.startswith("原创") and len(text) > 3]
    # byline_unit: the unit after an author's name in a source line (作者：张三（会宁县融媒体中心）)
    units = [(meta["unit"], text) for _, rule, meta, text in dropped if meta.get("unit")]
    # site_owner: the owner named in the page's footer (主办：… / 版权所有：…), after its account or site
    owners = [(meta["owner"], text) for _, rule, meta, text in dropped if meta.get("owner")]
    # site_header: a site's or app's own name printed alone at the top of the page — above the headline (a
    # ministry's or bureau's portal: 国家卫生健康委员会 over its English name; an app's name, 冰城+), in the
    # headline block's other lines, after the page title of a browser tab or print header
    # (标题_中华人民共和国应急管理部), or opening the text when no headline was found (with one, the first
    # paragraph is the body's: 教育部、财政部日前联合印发…): the site's owner, after every source, author, producer
    # and account line
    heads = [e.split(": ", 1)[1] for e in removed if e.startswith(("above_headline: ", "name_line: "))]
    heads += [meta["platform"] for _, rule, meta, _ in dropped if rule == "platform_header" and meta.get("platform")]
    heads += [text for _, rule, _, text in dropped if rule == "page_title_copy"]
    heads += [h for h in head_lines or [] if h and h != title]
    # title_site_tail: the site's name closing the headline as a browser tab's title (标题_中国物流与采购联合会), cut
    # from the title (metadata_titles site_tail), is the page's header as it would be on a line of its own
    heads += [t for e in ev if e.startswith("title: site_tail: ") for t in [re.sub(r"^[\s_\-|｜—]+", "", e.split(": ", 2)[2])] if t]
    site_heads = [(site, h) for h in [*heads, *(paras[:1] if not title else [])] for n in site_names(h)
                  for site in [site_name(n, divisions, national, local, app=app_page)] if site]
    # name_line: a header line the page prints again in its chrome and the body never says (headlines.chrome_names) is
    # the site's or app's own name whatever its shape (成都日报锦观新闻: a paper's app), read as any name is
    # (never an item of the page's breadcrumb: a column's name, 首页 > 市州 > 天水 over 天水, is not the site's)
    crumbs = {c.strip() for _, rule, _, text in dropped if rule == "breadcrumb" for c in re.split(r"[>＞»›/|｜]", text)}
    site_heads += [(n, f"{n} (name_line)") for e in removed if e.startswith("name_line: ") for n in [e.split(": ", 1)[1]]
                   if all(n != s for s, _ in site_heads) and n not in crumbs and resolve_issuer_rule(n, divisions, national, local)]
    # author_body: a body named as a page's author (作者：中国气象局, an app account's post), not a person
    author_bodies = [(m["v"], text) for _, rule, _, text in dropped if rule in ("source_meta", "publish_line", "web_dateline")
                     for m in [_AUTHOR_FIELD.search(text)] if m and not is_name(m["v"]) and not _RESEARCH_BODY.search(m["v"])]
    if doc_type == "broadcast_item":
        take(file.digest.get("publication"), "digest_publication", file.digest.get("publication"))
    elif doc_type in ("work_report", "other"):
        for t in [session[3] if session else None, *titles]:
            m = t and (SESSION_ORG.search(t) or TITLE_ORG.search(clean_title(t)[0] or ""))
            if m and take(m["org"], "report_division", t):
                break
            if t and re.search(r"第[" + CN_TEN + r"\d]+届全国人民代表大会", t) and take("全国人民代表大会", "national_congress", t):
                break
        if issuer is None:
            for t in titles:
                # (the body is the title's subject, before its 关于 / 印发 / 发布…: one named after 转发 / 学习 / 贯彻, or
                # inside the 关于… object, 关于转发团中央等部门通知的通知, is not the issuer)
                subject = _TITLE_VERB.split(t, 1)[0]
                if subject and any(k in subject for k, _ in national) and take(subject, "title_body", t):
                    break
        if issuer is None:  # document_issuer: the body in an official document's title or red head
            heads = [(m["org"], t) for t in titles for m in [DOCUMENT_ORG.match(t)] if m]
            heads += [(meta["producer"], text) for _, rule, meta, text in dropped if rule == "document_header" and meta.get("producer")]
            for org, text in heads:
                if take(org, "document_issuer", text):
                    break
        if issuer is None:  # signatory: the body that signs an official document or communiqué
            for _, rule, meta, text in dropped:
                if rule == "signature_date" and meta.get("signatory") and take(meta["signatory"], "signatory", meta["signatory"]):
                    break
        if issuer is None and behalf and take(behalf["who"], "on_behalf", behalf.group()):
            pass
        if issuer is None:
            r, part = path_issuer(file.source, divisions, national)
            if r:
                issuer = r
                ev.append(f"issuer: folder: {part}")
        if issuer is None and titles and titles[0].startswith("中华人民共和国"):
            take("国务院", "national_title", titles[0])
        if issuer is None:  # speaker_division: 甘肃省代省长 任振鹤
            for p in [*(head_lines or []), *paras[:6]]:
                t = p.replace(" ", "")
                if SPEAKER.match(t) and division_prefix(t, divisions) and take(t, "speaker_division", p):
                    break
        if issuer is None:  # a report on a page: the government whose page or account carries it
            srcs = [(meta.get("source") or meta.get("publication"), text) for _, rule, meta, text in dropped
                    if rule in ("source_meta", "publish_line") and (meta.get("source") or meta.get("publication"))]
            sites = [(meta.get("account") or meta.get("platform"), text) for _, rule, meta, text in dropped
                     if meta.get("account") or meta.get("platform")]
            for name, text in srcs + sites:
                r = resolve_issuer(name, divisions, national, local)
                if r and r[1] != "national" and take(name, "report_page_owner", text):
                    break
        if issuer is None:  # report_site_government: the government whose portal carries the report, named at the top of
            # the page or after the tab's title (2018年政府工作报告 - 甘肃省人民政府; 甘肃省人民政府 无障碍浏览 over the menu)
            tops = [e.split(": ", 1)[1] for e in removed if e.startswith("above_headline: ")]
            tops += [text for _, rule, _, text in dropped if rule == "page_title_copy"]
            for text in tops:
                for n in site_names(text)[1:] + [p for p in _HEADER_SPLIT.split(text) if p][:1]:
                    m = _GOVERNMENT.match(n)
                    if m and division_prefix(m["place"], divisions) and take(n, "report_site_government", text):
                        break
                if issuer is not None:
                    break
        if issuer is None:  # front_matter_source: the body the file's front matter names as its source
            for name, text in fm_source:
                if take(name, "front_matter_source", text):
                    break
    else:
        # source_department: a source naming a department by its level only (市发展改革委,
        # 县农业农村局) is a department of the site's or account's government of that level
        departments = []
        # the page's own top lines removed as its header or name line (source_department, site_domain, body_unit)
        top_lines = [e.split(": ", 1)[1] for e in removed if e.startswith(("above_headline: ", "name_line: "))]
        header_parts = [p for line in top_lines for p in _HEADER_SPLIT.split(line) if p]
        for name, text in sources:
            m = name and _BARE_DEPARTMENT.match(re.sub(r"\s", "", name))
            if m:
                # (the account's, else a body of that level the site's header names: 中共某某市纪律检查委员会 某某市监察委员会
                # over a page whose source is 市纪委监委)
                for acc in [a for a, _ in accounts] + header_parts:
                    r = resolve_issuer(acc, divisions, national, local)
                    if r and r[1] == _LEVEL_OF[m["level"]]:
                        departments.append((acc, f"{text} (a department of {r[0]}: {acc})"))
                        break
        # site_over_state_unit: a source naming only a state-wide unit (来源：国家气候中心, 全国某某办公室: no body of its
        # own, read as 国务院 alone) on a central body's site (site_header) is that body's unit: the site goes first
        found_by = [r[1] for name, _ in sources for r in [resolve_issuer_rule(name, divisions, national, local)] if r]
        # site_domain: the host of the page's address, alone at its top or after the tab's title (news.cctv.com,
        # 央视网(cctv.com)), is a national body's or medium's domain (national_media.txt): the site's owner, read as its
        # header would be
        tops = top_lines + [text for _, rule, _, text in dropped if rule in _OWN_TOP]
        n_top = len(tops)  # (the page's own top lines: the rest, its menus, tab title and footer, are other sites' too)
        tops += [text for _, rule, _, text in dropped if rule in _SITE_LINES and rule not in _OWN_TOP]
        domain_sites = [(body, f"{text} (site_domain: {h})") for text in tops for h in hosts(text)
                        for body in [domain_owner(h, national)] if body]
        national_heads = [(n, t) for n, t in site_heads if national_site(n, divisions, national)] + domain_sites
        first = []
        if national_heads and found_by and set(found_by) == {"state_name"}:
            ev.append(f"issuer: site_over_state_unit: {sources[0][0]} on the site of {national_heads[0][0]}")
            first = [("site_header", national_heads)]
        # body_unit: on a national body's own site, a source naming one of its departments by the body's short form
        # (信息来源：总社合作指导部 on the site of 中华全国供销合作总社) is the body, not a body of its own
        # (the page's own site only: its header, its name line or its address alone at the top — never a link bar
        # naming other sites, 中国政府网 | 甘肃省人民政府, a tab's title, a menu, a footer or a repost's 转载自：address)
        tab_titles = {text for _, rule, _, text in dropped if rule == "page_title_copy"}
        own_heads = [(n, t) for n, t in site_heads if national_site(n, divisions, national) and t not in tab_titles
                     and (own_line(t) or (own_line(t.replace(" ", "")) and all(  # (two bodies sharing one portal)
                         national_site(p, divisions, national) for p in _HEADER_SPLIT.split(t) if p)))]
        own_heads += [(body, t) for text in tops[:n_top] if own_line(text, address=True) for h in hosts(text)
                      for body in [domain_owner(h, national)] if body for t in [f"{text} (site_domain: {h})"]]
        site_body = next((r[0] for n, _ in own_heads for r in [national_site(n, divisions, national)
                                                               or resolve_issuer(n, divisions, national)] if r), None)
        units_of_site = [(site_body, f"{text} (body_unit: {name} on the site of {site_body})") for name, text in sources + author_bodies
                         if site_body and name and unit_of_body(name, site_body, national)
                         and _unlisted(resolve_issuer_rule(name, divisions, national, local), national)]
        if units_of_site:
            first = [("body_unit", units_of_site)] + first
        order = ([("masthead", mastheads)] if doc_type == "newspaper_article" else []) + first + \
                [("source_line", sources), ("front_matter_source", fm_source), ("source_department", departments), ("byline_unit", units), ("author_body", author_bodies),
                 ("producer", producers),
                 ("account", accounts), ("site_header", site_heads), ("site_domain", domain_sites), ("masthead", mastheads), ("byline_paper", [(authors_pub, authors_pub)]), ("site_owner", owners),
                 ("publication", [(publication, publication)])]
        for rule, items in order:
            if any(name and take(name, rule, text) for name, text in items):
                break
    if issuer is None and doc_type not in ("work_report", "other"):
        r, part = path_issuer(file.source, divisions, national)
        if r:
            issuer = r
            ev.append(f"issuer: folder: {part}")
    if issuer is None and doc_type in ("web_article", "newspaper_article"):
        # own_voice: with nothing naming a source, site or account, a headline opening with a division's name and a
        # colon (衢州：…) over a text that speaks as that division's government (我市 for 衢州市, 我县 for a
        # county: the last word of its name) is the division's own (its app's or media centre's page); one of the two alone is a mention
        for h in [own, *(head_lines or [])]:
            m = _PLACE_COLON.match(h or "")
            cands = {d.code: d for d, kind in divisions.kinds(m["place"]) if kind != "former"} if m else {}
            d = next(iter(cands.values())) if len(cands) == 1 else None
            voice = speaks_for(d, [], paras[:6], divisions) if d else None
            if voice and take(d.name, "own_voice", f"{h} + {voice}"):
                break
    return {
        "title": own or None, "doc_type": doc_type, "date": date, "date_source": date_source, "year": year,
        "issuer": issuer[0] if issuer else None, "issuer_level": issuer[1] if issuer else None,
        "issuer_code": issuer[2] if issuer else None, "evidence": ev,
    }
