"""Headline lines: their shapes, and a page's headline chosen among the blocks at its top.

The shapes a title reader needs (:data:`DASH` subtitles, :data:`PARALLEL` phrases, a :data:`SPEAKER`
clause, a column tag, an issuing body and a 关于…的通知 :data:`DOCUMENT_TITLE`, a colon kicker, a long
kicker, a headline wrapped by the layout) and the page headline choice: the blocks of headline-shaped
lines at a page's top (:func:`headline_blocks`) are described by named features
(:data:`HEADLINE_FEATURES`) and scored with the weights of ``lexicons/headline_weights.txt``
(:func:`choose_headline`). :mod:`pipeline.articles` reads the chosen block's lines into a title,
kicker and subtitle.

>>> page_headline_shape("好消息！高原夏菜喜获丰收"), DASH.match("——访某县县委书记") is not None
(True, True)
"""

from __future__ import annotations

import re

from pipeline.bylines import byline, closer
from pipeline.clean import Drop, Para, is_headline, word_across, word_tags  # noqa: F401  (Drop: the doctests' pages)
from pipeline.lexicons import jieba_dictionary
from pipeline.patterns import CJK, CJK_UNIFIED, CN_SMALL, DOCUMENT_TITLE  # noqa: F401  (DOCUMENT_TITLE: one pattern, read by articles too)

# a subtitle line that starts with a dash: ——访金昌市委书记王钧
# (a markdown list bullet "- " is not a dash, but may stand before one: "- ——19年2月24日在…")
# a headline line of two or three parallel phrases separated by spaces: 勇于担当 奋力前行
PARALLEL = re.compile(rf"^[{CJK}“”\d.]{{4,20}}(?: [{CJK}“”\d.]{{4,20}}){{1,2}}$")
# a headline that opens with who spoke: 习近平在甘肃考察时强调 … / 省委常委会会议指出 …
SPEAKER = re.compile(rf"^[{CJK}]{{2,30}}?(?:强调|指出|表示|要求|提出) ")
DASH = re.compile(r"^(?:-\s+)?(?:[—─―－]{1,2}|-{1,2}(?!\s))\s*")
# a column tag before a headline line: 【乡村振兴】… / 聚焦两会｜…
LINE_TAG = re.compile(r"^(?:【[^】]{1,30}】|[^｜|丨\s]{2,12}[｜|丨](?=\S{4,}))\s*")
# section_head: a section's enumerator opening a line (一、总体要求 / （一）… / 1. …, never a number: 1.5万…): the body's
# heading, no headline line
SECTION_HEAD = re.compile(r"^(?:[" + CN_SMALL + r"]+、|[（(][" + CN_SMALL + r"\d]{1,3}[）)]|\d{1,2}[.．、](?!\d))")
# an official document's title in two lines: the issuing body, then 关于…的通知 (joined into one title)
ISSUING_BODY = re.compile(r"^[" + CJK_UNIFIED + r"]{2,30}(?:政府|办公室|办公厅|委员会|委|局|厅|部|院|中心)(?:[、\s][" + CJK_UNIFIED + r"]{2,30})*$")
# (a qualifier may stand before the kind: 关于…的紧急通知 / …的补充通知 / …的工作方案: patterns.DOCUMENT_TITLE)


# --- a page's headline: a scored decision over the blocks of headline lines at its top ---------
# The headline is one of the first blocks of headline-shaped lines (at most HEAD_BLOCKS).
# Each block is described by named features (HEADLINE_FEATURES, computed by block_features);
# its score is the weighted sum of them with the weights of lexicons/headline_weights.txt
# (hand-set: ``python bench/train_headline.py`` learns weights from every dev page, but they
# lost to these when scored leave-one-split-out; see that file). The highest score is the headline; ties go to the
# earlier block. Every block's score and its non-zero features are a step of --explain.
# A report's head (报告, a session line) is read by metadata.report_head instead, and is
# never reordered here.
HEAD_BLOCKS = 3  # blocks of headline lines at a page's top among which the headline is chosen
_META_NEXT = frozenset({"publish_line", "source_meta", "web_dateline", "editor_credit", "reporter_credit"})
META_LINES = _META_NEXT  # the page's publish, source, date and editor lines (a line of them parts two headline lines)
_PUBLISH_NEXT = frozenset({"publish_line", "source_meta", "web_dateline"})  # the page's publish or source line
# navigation printed under a site's header (a headline stands under it, not above it)
_NAVIGATION = frozenset({"breadcrumb", "menu_bar", "site_identity", "page_title_copy", "column_header"})
# the name of a body or site alone, with its Latin name, address or menu words around it:
# 中华人民共和国退役军人事务部 / CCTV.com 央视网 / 承德市人民政府网站 无障碍浏览 长者模式
# (a site's name is short: a longer line ending in 网 is a headline, 织密扎牢兜底民生保障网)
_BODY_NAME = re.compile(r"^(?:[A-Za-z][A-Za-z0-9.\-]*\s+)?(?:[" + CJK_UNIFIED + r"]{1,7}(?:网|客户端|频道|在线)|"
                        r"[" + CJK_UNIFIED + r"]{2,24}?(?:部|委员会|人民政府|政府|网站|报社|电视台|总台|局|厅|署))"
                        r"(?:\s*[|｜]?\s*(?:[A-Za-z][A-Za-z0-9.\-]*|[" + CJK_UNIFIED + r"]{2,6}))*$")
# a line of labelled fields: 栏目：媒体看内蒙古　标签：新思想引领新征程 (two or more label: value pairs)
_FIELDS = re.compile(r"^[" + CJK_UNIFIED + r"]{2,4}\s*[:：]\s*\S[^：:]*\s[" + CJK_UNIFIED + r"]{2,4}\s*[:：]")
# a separator between a headline and the site or column after (or before) it in a browser title
_COPY_SEP = re.compile(r"^\s*(?:[_|｜]|\s-\s|-|—)\s*\S")
# a document kind: a short line naming one is a title, not a label (政府工作报告, 统计公报)
DOC_KIND = re.compile(r"(?:报告|公报|纲要|规划|决定|决议|通知|意见|办法|条例|讲话|公告|通告)(?:[（(][^）)]*[)）])?$")
# a report's head: left to metadata's report_head
_REPORT_HEAD = re.compile(r"报告|人民代表大会|[届次]会议|各位代表")
# the ending of a site's, account's or channel's name: 陇上融媒, 定西发布, 新闻频道, 某某网
_SITE_END = re.compile(r"(?:网|在线|频道|客户端|融媒|发布|日报|晚报|政府|官网|新闻|宣传|之声|视点)$")

# the named features of a candidate block (1 when it holds, else 0, unless said otherwise)
HEADLINE_FEATURES = (
    "first_block",       # the first block at the top: a page prints its headline near the top
    "second_block",      # the second block
    "echoed",            # a line repeats elsewhere on the page: equal, with a site after a separator
                         # (标题_某某融媒, 标题 - 某某网), or as the page <title> copy the cleaner dropped
    "above_meta",        # the next line is a byline, publish, source, date or editor line
    "above_body",        # the next line is body text (not another headline line)
    "above_navigation",  # the next line is a breadcrumb, menu, site identity or column line
    "below_meta",        # the line before is a publish, source or date line (headline under the date)
    "below_navigation",  # the line before is navigation (a headline stands under it)
    "short_label",       # one line of at most 6 characters naming no document kind (陇上融媒, 本地新闻)
    "site_name_shape",   # one short line ending like a site, account or channel name (…发布, …网, …频道)
    "title_copy",        # the line is another candidate with a site or column after a separator
    "dash_subtitle",     # the line opens with a dash (——访…): a subtitle
    "body_name",         # a body's or site's name alone (中华人民共和国…部, CCTV.com 央视网)
    "labelled_fields",   # 栏目：… 标签：… (two label: value pairs)
    "several_lines",     # the block has more than one line (kicker / title / subtitle printed together)
    "length",            # characters of its longest line / 20 (0-3)
    "quoted",            # holds quotation or book-title marks (“…” 《…》)
    "clause_marks",      # holds a comma or colon (兰州：…, 两个短句，…)
    "spaced_clauses",    # two clauses separated by a space (AI助跑 科创加速)
    "unechoed",          # the body's lead says none of the block's words (body_echo at most 0.2 for every line) while
                         # it says half or more of another block's (ECHO_MIN): a site's, column's or kicker's words (never
                         # a block the page repeats: echoed; only by a longer block, never the body's first subheading)
    "own_site_tail",     # a line closed by a separator and the name the page prints as its site, source or owner
                         # (标题 - 某某局, with 某某局 in the page's header or source line): the browser's tab title
)


def is_copy(line: str, of: str) -> bool:
    """``line`` is ``of`` with a site or column after a separator, or before one (人民日报 - 标题)."""
    if len(line) <= len(of) or len(line) - len(of) > 24:
        return False
    if line.startswith(of) and _COPY_SEP.match(line[len(of):]):
        return True
    # (or a breadcrumb ending in it: 首页 > 新闻中心 > 标题)
    return line.endswith(of) and bool(re.search(r"(?:[_|｜>＞»›]|\s-\s|\s—\s)\s*$", line[: -len(of)]))


# a related list's item, bare: its bullet and its date taken off (· 标题 2024-05-04)
ITEM_MARKS = re.compile(r"^[-*•·+■□●◆◇▲△▶►★☆◎○\s]+|\s*[\[【(（]?\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?[\]】)）]?$")


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


def sentence_headline(chunk: list[Para], p: Para) -> bool:
    """sentence_headline: on a page, one sentence of at most 80 characters ending in 。 (no other sentence mark) that stands
    between the page's chrome, its top or a short label-like line (a site's name, 转载) and its publish or
    source line is the headline, printed
    with a full stop (水电出了故障、办事有疑问，村民在家按一下就有人来帮忙。); the 。 is not the title's.

    >>> ps = [Para(1, "首页 > 要闻", 0, Drop("breadcrumb")), Para(2, "村民在家按一下就有人来帮忙。"),
    ...       Para(3, "2023/10/16 来源：某县融媒体中心", 0, Drop("publish_line")), Para(4, "创新方式服务百姓。")]
    >>> sentence_headline(ps, ps[1]), sentence_headline(ps, ps[3])
    (True, False)
    """
    t = p.text
    if not (6 <= len(t) <= 80 and t.endswith("。") and not re.search(r"[。！？!?；;]", t[:-1])):
        return False
    n = next((i for i, q in enumerate(chunk) if q is p), None)
    if n is None or n + 1 >= len(chunk):
        return False
    below, above = chunk[n + 1], chunk[n - 1] if n > 0 else None
    # (below it the publish line itself, not an editor or reporter line; above it chrome, the top, or a short
    # label-like line — a site's name, 转载 — never a headline of its own)
    return below.drop is not None and below.drop.rule in _PUBLISH_NEXT and (
        above is None or above.drop is not None or (len(above.text) <= 12 and page_headline_shape(above.text)))


def page_headline_shape(t: str) -> bool:
    """A page's headline: up to 80 characters without 。 or ；, not ending in a comma or colon;
    ！ and ？ may stand inside (好消息！…) or at the end of a line of at most 40.

    >>> page_headline_shape("好消息！高原夏菜喜获丰收"), page_headline_shape("记者看到，菜地长势喜人。")
    (True, False)
    """
    if is_headline(t, max_len=80):
        return True
    bare = re.sub(r"[！？!?]+", "　", t).strip("　")
    return len(t) <= 40 and bare != "" and is_headline(bare, max_len=40)


def headline_blocks(chunk: list[Para], body: list[Para]) -> list[list[Para]]:
    """The blocks of headline-shaped lines at the top of ``body`` (at most :data:`HEAD_BLOCKS`);
    none when fewer than two (nothing to choose) or when they hold a report's head."""
    order = {id(p): n for n, p in enumerate(chunk)}
    blocks: list[list[Para]] = []
    for n, p in enumerate(body):
        # (a colon_kicker stands in its headline's block: 某媒体聚焦某县： / 标题)
        kicker = colon_kicker_line(p.text) and n + 1 < len(body) and body[n + 1].gap == 0 and page_headline_shape(body[n + 1].text)
        if not ((page_headline_shape(p.text) or kicker) and not byline(p.text) and not closer(p.text)):
            break
        prev = chunk[order[id(p)] - 1] if order[id(p)] > 0 else None
        if blocks and prev is blocks[-1][-1] and p.gap == 0:
            blocks[-1].append(p)
        elif len(blocks) < HEAD_BLOCKS:
            blocks.append([p])
        else:
            break
    if len(blocks) < 2 or any(_REPORT_HEAD.search(p.text) for b in blocks for p in b):
        return []
    return blocks


def block_features(chunk: list[Para], blocks: list[list[Para]]) -> list[dict[str, float]]:
    """The :data:`HEADLINE_FEATURES` of each block (``chunk``: every line of the article, chrome included)."""
    order = {id(p): n for n, p in enumerate(chunk)}
    texts = [p.text for b in blocks for p in b]
    others = [p for p in chunk if p.drop is None or p.drop.rule != "_merged"]
    copies = [p.drop.meta.get("page_title", "") for p in chunk if p.drop is not None and p.drop.rule == "page_title_copy"]
    lead = body_lead(chunk, texts)
    out = []
    for n, b in enumerate(blocks):
        lines = [p.text for p in b]
        f = dict.fromkeys(HEADLINE_FEATURES, 0.0)
        f["first_block"] = float(n == 0)
        f["second_block"] = float(n == 1)
        f["echoed"] = float(any(t in copies or any(q.text == t or is_copy(q.text, t) for q in others
                                                    if all(q is not x for x in b)) for t in lines))
        k = order[id(b[-1])] + 1
        while k < len(chunk) and chunk[k].drop is not None and chunk[k].drop.rule == "_merged":
            k += 1
        nxt = chunk[k] if k < len(chunk) else None
        if nxt is not None and ((nxt.drop is not None and nxt.drop.rule in _META_NEXT) or
                                (nxt.drop is None and byline(nxt.text))):
            f["above_meta"] = 1.0
        elif nxt is not None and nxt.drop is None and not page_headline_shape(nxt.text):
            f["above_body"] = 1.0
        f["above_navigation"] = float(nxt is not None and nxt.drop is not None and nxt.drop.rule in _NAVIGATION)
        k = order[id(b[0])] - 1
        while k >= 0 and chunk[k].drop is not None and chunk[k].drop.rule == "_merged":
            k -= 1
        prev = chunk[k] if k >= 0 else None
        f["below_meta"] = float(prev is not None and prev.drop is not None and prev.drop.rule in _META_NEXT)
        f["below_navigation"] = float(prev is not None and prev.drop is not None and prev.drop.rule in _NAVIGATION)
        f["short_label"] = float(len(b) == 1 and len(lines[0]) <= 6 and not DOC_KIND.search(lines[0]))
        f["site_name_shape"] = float(len(b) == 1 and len(lines[0]) <= 12 and bool(_SITE_END.search(lines[0])))
        f["title_copy"] = float(any(is_copy(t, o) for t in lines for o in texts if o != t))
        f["dash_subtitle"] = float(bool(DASH.match(lines[0])))
        f["body_name"] = float(len(b) == 1 and bool(_BODY_NAME.match(lines[0])))
        f["labelled_fields"] = float(any(_FIELDS.search(t) for t in lines))
        f["several_lines"] = float(len(b) > 1)
        f["length"] = round(min(max(len(t) for t in lines), 60) / 20, 2)
        f["quoted"] = float(any(c in t for t in lines for c in "“”《》\"'"))
        f["clause_marks"] = float(any(re.search(r"[，,：:]", t) for t in lines))
        f["spaced_clauses"] = float(any(re.search("[" + CJK_UNIFIED + r"“”] [" + CJK_UNIFIED + "“”]", t) for t in lines))
        f["own_site_tail"] = float(any(own_site_tail(t, chunk) for t in lines))
        out.append(f)
    echoes = [max(body_echo(p.text, lead) for p in b) for b in blocks]
    sizes = [max(len(p.text) for p in b) for b in blocks]
    for n, f in enumerate(out):
        # (a block the page itself repeats — echoed, its browser title or breadcrumb — is named by the page: the lead's
        # silence does not weigh against it)
        # (and among headline candidates only a longer block weighs against it: a kicker or a label is shorter than the
        # headline it stands with; a block no longer than it — the body's first subheading, said again by the paragraph
        # under it — does not; a body's or site's name alone is no candidate, its length tells nothing)
        f["unechoed"] = float(not f["echoed"] and echoes[n] <= NAME_ECHO_MAX and any(
            e >= ECHO_MIN and (sizes[k] > sizes[n] or out[k]["body_name"] or out[k]["site_name_shape"])
            for k, e in enumerate(echoes) if k != n))
    return out


# a line closed by a separator and a name: 标题 - 某某局 / 标题_某某市人民政府 / 标题 | 某某发布
_TAIL = re.compile(r"^(?P<t>\S.{3,}?)\s*(?:[_|｜]|\s[-—]\s)\s*(?P<n>[^\s_|｜\-—]{2,24})$")


def own_site_tail(line: str, chunk: list[Para]) -> bool:
    """own_site_tail: ``line`` is a headline closed by a separator and a name that the page prints in its chrome (its
    header, source line, owner line: the page's own site or body), so a browser's tab title copied as a line,
    whatever the name's ending (标题 - 北京市某某局), never the headline the page prints.

    >>> ps = [Para(1, "新品首发 - 某某市经济和信息化局"), Para(2, "某某市经济和信息化局", 0, Drop("platform_header")),
    ...       Para(3, "60余款全球新品首发亮相大会")]
    >>> own_site_tail(ps[0].text, ps), own_site_tail("中国—东盟 - 合作新篇章", ps)
    (True, False)
    """
    m = _TAIL.match(line)
    return bool(m) and any(q.drop is not None and q.drop.rule not in ("page_title_copy", "_merged") and m["n"] in q.text
                           for q in chunk)


def _grams(t: str) -> set[str]:
    """The pairs of adjacent characters of ``t``'s words (ideographs, digits, letters; marks and spaces part them)."""
    t = re.sub(r"[^" + CJK_UNIFIED + r"0-9A-Za-z]", " ", t)
    return {t[k:k + 2] for k in range(len(t) - 1) if " " not in t[k:k + 2]}


def body_echo(line: str, lead: str) -> float:
    """body_echo: how much of ``line`` the body's lead (its first ~300 characters) says again: the share of the
    line's character pairs found in it. A headline's words recur in its lead; a site's, account's or column's
    name does not.

    >>> body_echo("我市春耕生产全面展开", "近日，我市春耕生产全面展开，各地抢抓农时。"), body_echo("锦观", "近日，我市春耕生产全面展开。")
    (1.0, 0.0)
    """
    g = _grams(line)
    return len(g & _grams(lead)) / len(g) if g else 0.0


# a header line is a name (chrome_name) only when at most this share of it recurs in the body's lead
NAME_ECHO_MAX = 0.2
# a headline block whose best line the lead says this much of weighs against a block it says nothing of (unechoed;
# 154 of 196 dev page headlines reach it, 8 are at or below NAME_ECHO_MAX)
ECHO_MIN = 0.5


def body_lead(chunk: list[Para], heads: list[str] = (), n: int = 300) -> str:
    """The first ``n`` characters of the article's body text: its lines that are not chrome, not among the header's
    lines ``heads``, and read as text — not headline-shaped, or holding a comma, or longer than 30 characters (a
    line wrapped by a PDF's layout has no stop)."""
    return "".join(p.text for p in chunk if p.drop is None and p.text not in heads and (
        not page_headline_shape(p.text) or len(p.text) > 30 or re.search(r"[，,；;]", p.text)))[:n]


def chrome_names(lines: list[str], chunk: list[Para]) -> list[str]:
    """chrome_name: which of a headline block's ``lines`` are names, not headline lines — a short line (at most 12
    characters, no clause mark, naming no document kind) whose words the body's lead does not say again (:func:`body_echo`) and that the page
    prints again in its chrome or bylines (澎湃号 > 政务 > 工信微报 over 工信微报; 锦观新闻记者, 打开锦观APP over 锦观), or
    that is shaped like a site's or account's name and holds such a name (成都日报锦观新闻 under 锦观). The
    last line that is no name is always kept, and so is the line right above a dash subtitle when no other line is kept
    (the headline it subtitles).

    >>> ps = [Para(1, "锦观"), Para(2, "成都日报锦观新闻", 0), Para(3, "机器人训练场里测新品", 0),
    ...       Para(4, "打开锦观APP，阅读体验更佳", 0, Drop("platform_marker")), Para(5, "走进一家机器人研发企业，仿佛进入训练场。")]
    >>> chrome_names([p.text for p in ps[:3]], ps)
    ['锦观', '成都日报锦观新闻']
    """
    lead = body_lead(chunk, lines)
    others = [q.text for q in chunk if (q.drop is not None and q.drop.rule not in ("page_title_copy", "original_title", "_merged"))
              or (q.drop is None and q.text not in lines and byline(q.text))]
    short = [t for t in lines if 2 <= len(t) <= 12 and not re.search(r"[，,；;：:。！？!?]", t) and not DOC_KIND.search(t)
             and body_echo(t, lead) <= NAME_ECHO_MAX]
    # (a chrome line that holds another of the header's lines is a copy of the headline — 原标题：…, a breadcrumb ending
    # in it —, where its own words recur: no name's recurrence)
    # (nor is a related list's item that names the line as its headline: related_names)
    recurring = [t for t in short if any(t in o and not any(u != t and len(u) >= 4 and u in o for u in lines)
                                         and not related_names(o, t) for o in others)]
    names = [t for t in short if t in recurring or (_SITE_END.search(t) and any(r in t and r != t for r in recurring))]
    # (a dash subtitle needs its title: when every other line would be a name, the line right above the subtitle is the
    # headline it subtitles, whatever chrome repeats it — a breadcrumb ending in the page's own headline, 首页 > 工作动态 >
    # 田野上的笑声 over 田野上的笑声 / ——记… —; a name between a headline and its subtitle stays a name)
    kept = [k for k, t in enumerate(lines) if t not in names]
    if kept and all(DASH.match(lines[k]) for k in kept) and kept[0] > 0:
        names = [t for t in names if t != lines[kept[0] - 1]]
    if len(names) >= len(lines):
        return []
    return names


# the tags of a name's last word (jieba): a noun, a place, a body's name, an abbreviation (商务微报, 新华视点)
_NAME_END_TAGS = frozenset({"n", "nz", "nt", "ns", "j"})


def account_below(above: str, line: str, lead: str) -> bool:
    """account_below: ``line``, the last line of the headline block right under the headline line ``above``, is the
    name of the account or column that posted the page (商务微报, 新华视点), never the headline's last words wrapped
    by the layout, when it is a bare name — 2 to 8 ideographs, more than one word, none a verb, particle, preposition
    or conjunction (jieba), the last a noun or a name, shaped as a site's, paper's or account's name (:data:`_SITE_END`,
    某某报, 某某号) — that the body's ``lead`` says less than half of
    (:func:`body_echo`; a remainder's words recur in the lead), under a line of 8 or more characters that can end where it does (:func:`continued_line`: no word cut, no
    open end, no numeral without its unit) and does not end on a quoted term (…“十大转型提质” / 行动: its head noun).

    >>> lead = "3月12日，商务部召开例行新闻发布会，介绍了今年以来外贸形势。"
    >>> account_below("商务部召开例行新闻发布会介绍外贸形势", "商务微报", lead)
    True
    >>> account_below("泾县49支龙舟队伍碧波竞渡迎", "端午", lead), account_below("我县多措并举推进高标准农田建设 助力粮食", "稳产增产", lead)
    (False, False)
    >>> account_below("擦亮“村”字号 让传统文化焕发", "时代光彩", lead), account_below("优质科创企业加速开拓国际", "市场", lead)
    (False, False)
    >>> account_below("一图读懂2025年政府工作报告", "重点任务", lead), account_below("加快建设现代化产业体系", "临夏样本", lead)
    (False, False)
    """
    if not 2 <= len(line) <= 8 or not re.fullmatch("[" + CJK_UNIFIED + "]+", line) or len(above) < 8 \
            or re.search(r"[”」》』\"]$", above) or continued_line(above, line) or numeral_cut(above, line):
        return False
    tags = word_tags(line)
    # (one dictionary word is a headline's last word wrapped alone, …加速开拓国际 / 市场; a name is a compound: 商务 + 微报)
    # (an account's name is a name, shaped as a site's, paper's or account's — 某某发布, 某某网, 某某报, 某某号 —, never
    # any two nouns: 一图读懂2025年政府工作报告 / 重点任务 and 加快建设现代化产业体系 / 临夏样本 are a headline wrapped
    # before its head noun)
    return len(tags) >= 2 and not any(t[:1] in ("v", "u", "p", "c") for _, t in tags) and tags[-1][1] in _NAME_END_TAGS \
        and bool(_SITE_END.search(line) or re.search(r"[报号]$", line)) \
        and body_echo(line, lead) < ECHO_MIN


def site_name_top(chunk: list[Para], p: Para) -> bool:
    """site_name_top: a body's or site's name alone (:data:`_BODY_NAME`: 国家某某委员会, 某某网) with the page's
    navigation (its Latin name, a menu, a breadcrumb) right below it is the site's header, never the headline,
    also when no other headline block stands to be chosen.

    >>> ps = [Para(1, "国家某某委员会"), Para(2, "首页 > 新闻", 0, Drop("breadcrumb")), Para(3, "正文。")]
    >>> site_name_top(ps, ps[0])
    True
    """
    n = next((i for i, q in enumerate(chunk) if q is p), None)
    if n is None or n + 1 >= len(chunk) or not _BODY_NAME.match(p.text):
        return False
    nxt = chunk[n + 1]
    return nxt.drop is not None and nxt.drop.rule in _NAVIGATION


def source_name_line(chunk: list[Para], p: Para) -> bool:
    """source_name_line: ``p`` is only the name the page gives as its source or account (来源：某某部, 某某发布 ·
    日期) and stands right above the page's publish line, or above its account's description (某某新闻 / 某某新闻官方澎湃号):
    the author line under a headline, never a headline line.

    >>> ps = [Para(1, "标题"), Para(2, "某某部", 0), Para(3, "2025-09-26", 0, Drop("publish_line", {"publish_date": "2025-09-26"})),
    ...       Para(4, "来源：某某部", 0, Drop("source_meta", {"source": "某某部"}))]
    >>> source_name_line(ps, ps[1]), source_name_line(ps, ps[0])
    (True, False)
    """
    names = {v.strip() for q in chunk if q.drop is not None for k, v in q.drop.meta.items()
             if k in ("source", "account", "account2") and isinstance(v, str) and len(v.strip()) >= 2}
    n = next((i for i, q in enumerate(chunk) if q is p), None)
    # (or right above the account's own description: 央视新闻 / 央视新闻官方澎湃号, official_account)
    return p.text in names and n is not None and n + 1 < len(chunk) and chunk[n + 1].drop is not None \
        and (chunk[n + 1].drop.rule in _PUBLISH_NEXT or chunk[n + 1].drop.meta.get("account") == p.text)


def block_score(features: dict[str, float], weights) -> tuple[float, list[tuple[str, float]]]:
    """The score of a block (the weighted sum of its features, plus ``bias``) and the features
    that contributed, as ``(name, weight × value)``."""
    w = dict(weights)
    parts = [(name, w.get(name, 0.0) * v) for name, v in features.items() if v and w.get(name, 0.0)]
    return w.get("bias", 0.0) + sum(v for _, v in parts), parts


def choose_headline(chunk: list[Para], body: list[Para], weights
                    ) -> tuple[int, list[tuple[int, str, str, str]], list[tuple[str, dict]]]:
    """How many of ``body``'s first lines stand above a page's headline, one trace row per
    scored block, and each block's ``(text, features)``. ``chunk`` is every line of the
    article, chrome included; ``weights``: ``(feature, weight)`` pairs (the configured
    ``lexicons/headline_weights.txt``).

    >>> ps = [Para(1, "本地新闻"), Para(3, "高原夏菜喜获丰收", 1), Para(5, "发布时间：2023-07-01", 1, Drop("source_meta")),
    ...       Para(7, "近日，记者在安定区看到，菜地长势喜人。", 1)]
    >>> from pipeline.lexicons import bundled
    >>> choose_headline(ps, [ps[0], ps[1], ps[3]], bundled().rule_words("headline_weights"))[0]
    1
    """
    blocks = headline_blocks(chunk, body)
    if not blocks:
        return 0, [], []
    feats = block_features(chunk, blocks)
    scored = [(*block_score(f, weights), n) for n, f in enumerate(feats)]
    best = max(scored, key=lambda s: (s[0], -s[2]))[2]
    rows = []
    for score, parts, n in scored:
        why = ", ".join(f"{name} {v:+.2f}" for name, v in parts) or "no evidence"
        verdict = "chosen" if n == best else "not chosen"
        rows.append((blocks[n][0].line, "headline_candidate", f"page_headline_choice: {score:+.2f} ({why}); {verdict}",
                     " / ".join(p.text for p in blocks[n])))
    cands = [(" / ".join(p.text for p in b), f) for b, f in zip(blocks, feats)]
    return body.index(blocks[best][0]), rows, cands


# a headline with its publish date and time after it on the same line: 标题　　2023年12月22日08:31
# (also in square or lenticular brackets: 标题 [2024-03-05])
HEAD_DATE = re.compile(r"^(?P<t>\S.{3,79}?)(?:\s+[\[【［]?|[\[【［])\s*(?P<d>\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?)\s*[\]】］]?$")
# (or the date first, then the headline: 2024-03-08 我县建成区域医疗中心 — a headline, not a dated_body publish line)
DATE_HEAD = re.compile(r"^[\[【［]?\s*(?P<d>\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*[\]】］]?\s+(?P<t>[^\s\d].{3,79})$")


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


# the tags (jieba's tag set) of a word a headline line cannot end with: a structural particle (的 地 得 之 等),
# a preposition (在 对 关于), a conjunction (和 及 并): each needs the words after it
_OPEN_END = frozenset({"uj", "uv", "ud", "u", "p", "c"})
# the tags of a word a headline line cannot open with: a particle that binds to the words before it (的 等 了 着)
_OPEN_START = frozenset({"uj", "uv", "ud", "u", "ul", "uz", "ug"})
# a line that ends in a quoted term (衢州：「四链融合」 / 《某某条例》): with no verb before it, the term is the subject
# of what follows
_QUOTED_END = re.compile(r"[「“『《\"][^」”』》\"]{1,30}[」”』》\"]$")
# the tags of a time word (jieba): 假期 t, 第一周 m, 以来 f
_TIME_TAGS = frozenset({"t", "f", "m", "mq", "tg"})
# the tags of a modifier a time phrase has none of: a pronoun, 的, an adjective or adverb (我们的节日, 非凡十年)
_MODIFIER_TAGS = frozenset({"r", "uj", "a", "ad", "an", "d"})


def continued_line(first: str, second: str) -> str:
    """headline_continues: why the headline line ``first`` cannot end where the layout wrapped it, so that
    ``second`` (a headline-shaped line printed right below) is its rest — the join cuts a dictionary word
    (``word_cut``: …生活必需 / 品市场…), ``first`` ends in a word that needs a continuation (``open_end``: a
    particle, preposition or conjunction, …地区的 / 降雨…), ``second`` opens with a particle bound to the words
    before it (``open_start``: …就业社保 / 等各项…), or ``first`` ends in a quoted term after a colon and
    ``second`` opens with its verb or an adverb (``quoted_topic``: 衢州：「四链融合」 / 跑出…); "" when it can end there. From
    jieba's dictionary and part-of-speech tags, never a list of endings.

    >>> continued_line("受冷空气影响 我国中东部地区的", "降雨将更为密集"), continued_line("全国文旅市场火热", "春节假期订单大幅增长")
    ('open_end', '')
    """
    if len(first) < 4 or not 2 <= len(second) <= 60 or DASH.match(second) or byline(second) or closer(second) \
            or not page_headline_shape(second) or re.search(r"[！？!?。；;，,、]$", first) or kicker_line(first, second):
        return ""  # (a kicker above its headline — 某某·某某 / 主题：… — is a line of its own)
    if time_phrase(first):  # (the headline it dates is at least as long as the phrase, a year before it aside)
        return "time_phrase" if len(second) >= len(re.sub(r"^(?:19|20)\d{2}年", "", first)) else ""
    if topic_colon(first):
        return "topic_colon"
    q = _QUOTED_END.search(first)
    if q:
        before, head = word_tags(first[:q.start()]), word_tags(second)
        # (its verb: 跑出, 激活 — tagged a —, or an adverb; a verb before the term makes the line whole: 印发《…》)
        # (or a time word before it: 今日起正式施行)
        return "quoted_topic" if head and head[0][1][:1] in ("v", "a", "d", "t") and not any(t.startswith("v") for _, t in before) else ""
    if re.search(r"[”」》）)】：:\"'』]$", first) or re.match(r"[“「《（(【\"'『\s]", second):
        return ""  # (a closed quote or bracket, or one opening below, is a boundary the layout did not cut)
    if numeral_cut(first, second):
        return "numeral_unit"
    w = word_across(first, second)
    if w is not None and len(w) >= 2 and not _splits_words(first, second, w):
        return "word_cut"
    last = word_tags(first[-6:])
    if last and last[-1][1] in _OPEN_END and not closed_clause(first):
        return "open_end"
    head = word_tags(second[:6])
    if head and head[0][1] in _OPEN_START:
        return "open_start"
    if open_clause(first, second):
        return "open_clause"
    if new_clause(first, second):
        return "new_clause"
    if open_subject(first, second):
        return "open_subject"
    if open_object(first, second):
        return "open_object"
    return ""


def topic_colon(first: str) -> bool:
    """topic_colon: ``first`` is a topic, a figure or a place alone before a colon (2025年治国理政纪实：, 6.49万亿元：,
    甘肃临夏：) — a phrase of at most 16 characters without a verb: the headline's own topic, its statement wrapped to the
    next line (read joined, as 甘肃临夏：鲜花产业开年忙 on one line); a phrase with a verb before its colon (省级媒体聚焦我县：)
    is a kicker (:func:`colon_kicker_line`).

    >>> topic_colon("2025年治国理政纪实："), topic_colon("6.49万亿元："), topic_colon("省级媒体聚焦我县：")
    (True, True, False)
    """
    if not re.search(r"[:：]$", first) or not 2 <= len(first) - 1 <= 16 or re.search(r"[，,；;：:]", first[:-1]):
        return False
    return not any(_verb(t) for _, t in word_tags(first[:-1]))


# an ordinal with its measure word (第二十一次, 第三批, 第5届): 第一 alone opens a name (第一财经日报, 第一现场新闻)
_ORDINAL = re.compile(r"^第[\d一二三四五六七八九十百千零〇两]+(?:次|届|批|期|轮|号|个|条|款|项|季度|阶段|部分|章|节|场|站|年度)")


def open_object(first: str, second: str) -> bool:
    """open_object: ``first`` has its verb and ends on a noun or a name, and ``second`` is a noun phrase alone (no verb,
    no particle) opening with an ordinal (第二十一次主席会议), no time phrase: the rest of the verb's object, wrapped by
    the layout (王沪宁主持召开全国政协 / 第二十一次主席会议); a year or a date below is a kicker's time, not an object.

    >>> open_object("王沪宁主持召开全国政协", "第二十一次主席会议"), open_object("全国政协召开主席会议", "王沪宁主持")
    (True, False)
    >>> open_object("央视《新闻联播》聚焦兴安", "2024年四季度末"), open_object("央行宣布下调金融机构存款准备金率", "第一财经日报")
    (False, False)
    """
    own, head = word_tags(first), word_tags(second)
    return len(own) >= 2 and len(second) <= 12 and any(_verb(t) for _, t in own) and own[-1][1] in ("n", "nt", "nz", "ns", "j") \
        and bool(head) and head[0][1] == "m" and bool(_ORDINAL.match(head[0][0])) and all(t in _BARE_SUBJECT_TAGS for _, t in head) \
        and not time_phrase(second)


# the linking morphemes that lead a clause-linking conjunction (并为…, 并且…, 而且…, 且…)
_LINKING = frozenset("并且而")


def new_clause(first: str, second: str) -> bool:
    """new_clause: ``second`` opens with a conjunction before its verb (并为…提供, 并将…): a further clause of the
    subject of ``first``, a clause with its own verb — one headline, read with a space (社区卫生服务中心增设住院床位 /
    并为居民提供氧气灌装服务).

    >>> new_clause("社区卫生服务中心增设住院床位", "并为居民提供氧气灌装服务"), new_clause("全市夏粮收购工作全面展开", "和平区")
    (True, False)
    >>> new_clause("我省加强汛期地质灾害防范", "及时转移受威胁群众")
    False
    """
    head, own = word_tags(second[:8]), word_tags(first)
    # (a conjunction led by a linking morpheme — 并, 并且, 而且, 且, 而 — links a clause; another word jieba tags c may be
    # an adverb opening a subtitle of its own: 及时回应患者诉求)
    return len(head) >= 2 and head[0][1] == "c" and head[0][0][:1] in _LINKING and head[1][1][:1] in ("v", "d", "p") and head[1][1] != "vn" \
        and any(_verb(t) for _, t in own)


# the tags of a bare subject line's words (jieba): nouns, names, numerals, time words, measure words — no verb, no adjective
_BARE_SUBJECT_TAGS = frozenset({"n", "nz", "nt", "ns", "nr", "j", "m", "mq", "t", "q", "f"})


def open_subject(first: str, second: str) -> bool:
    """open_subject: ``first`` is a subject alone — 6 or more characters, one phrase of nouns, names, numerals and time
    words, no verb or adjective, a noun at its end — and ``second`` opens with its predicate (a verb among its first two
    words) in one clause: the layout wrapped the headline after its subject (一季度新能源汽车产销量 / 同比增长超26%).

    >>> open_subject("一季度新能源汽车产销量", "同比增长超26%"), open_subject("新时代新征程新伟业", "推动高质量发展"), open_subject("基层动态", "推进乡村振兴")
    (True, False, False)
    >>> open_subject("会宁县春耕见闻", "抢抓农时备春耕 田间地头农事忙")
    False
    """
    if len(first) < 6 or not re.fullmatch("[" + CJK_UNIFIED + r"\d.．]+", first):
        return False
    # (a line of clauses parted by a space below is a whole headline under a topic kicker: 会宁县春耕见闻 / 抢抓农时备春耕 田间地头农事忙)
    if " " in second.strip():
        return False
    own, head = word_tags(first), word_tags(second[:8])
    return len(own) >= 2 and all(t in _BARE_SUBJECT_TAGS for _, t in own) and own[-1][1] in ("n", "nz", "j") \
        and any(_verb(t) for _, t in head[:2])


def _splits_words(first: str, second: str, w: str) -> bool:
    """The word ``w`` across the cut of ``first`` / ``second`` (:func:`word_across`) would split a word of a line read
    alone — the last word of ``first`` or the first of ``second`` only partly in it — that jieba's dictionary counts
    more often than ``w`` (规划落实 / 习主席: 实习 takes half of 落实): the two lines' own words part there, not a word the
    layout cut.

    >>> _splits_words("高质量推进规划落实", "习主席重要讲话", "实习"), _splits_words("前三季度我国机", "器人产量", "机器人")
    (True, False)
    >>> _splits_words("“网格化+大数", "据” 呢噜坪安置点", "数据"), _splits_words("第139届广交会：优", "质科创企业", "优质")
    (False, False)
    >>> _splits_words("全国春季造林进", "度过半", "进度")
    False
    """
    left, right = word_tags(first[-6:]), word_tags(second[:6])
    k = _held(first, w)  # (how many of w's characters the first line holds)
    # (a line ending on a lone character — …进 / 度过半 — ends on half a word: the cut stands whatever the next line's
    # own first word)
    if not (left and right) or k <= 0 or len(left[-1][0]) == 1:
        return False
    # (a word of a line split by it that jieba's dictionary counts more often than it: 落实 2219 over 实习 1023; a cut
    # word outweighs the pieces a line alone gives, 数据 over 大数, 优质 over 质科)
    freq = lambda t: jieba_dictionary().get(t, (0, ""))[0]  # noqa: E731
    split = [x for x, n in ((left[-1][0], k), (right[0][0], len(w) - k)) if len(x) > n]
    return any(freq(x) > freq(w) for x in split)


def _held(first: str, w: str) -> int:
    """How many of ``w``'s first characters end ``first``."""
    return next((n for n in range(len(w) - 1, 0, -1) if first.endswith(w[:n])), 0)


def _verb(tag: str) -> bool:
    return tag.startswith("v") and tag != "vn"


def open_clause(first: str, second: str) -> bool:
    """open_clause: ``first`` is a headline of clauses parted by spaces whose earlier clause has its verb but whose
    last clause is a subject without one (全国早稻已收获28.7% 我省1816万亩早稻), and ``second`` opens with a verb
    (迎来大面积收割): the predicate of that last clause, wrapped by the layout.

    >>> open_clause("全国早稻已收获28.7% 我省1816万亩早稻", "迎来大面积收割"), open_clause("全国秋粮收获过三成 进度同比略快", "各地多措并举保丰收")
    (True, False)
    """
    clauses = first.split()
    if len(clauses) < 2:
        return False
    last, head = word_tags(clauses[-1]), word_tags(second[:6])
    return bool(last and head) and _verb(head[0][1]) and not any(_verb(t) for _, t in last) \
        and last[-1][1] in _SUBJECT_TAGS and any(_verb(t) for c in clauses[:-1] for _, t in word_tags(c))


def closed_clause(t: str) -> bool:
    """A headline line ending in 的 or 等 that is a whole clause, so the particle ends it: its last clause (after the
    last space) has a predicate before the particle — the 是…的 frame (幸福都是奋斗出来的, 日子是越过越红火的) or a verb's
    listed objects (涉及社保教育等) — never an attributive 的 over a noun phrase (我国中东部地区的 / 降雨…).

    >>> closed_clause("好日子是干出来的"), closed_clause("五月新规来了 涉及社保教育等"), closed_clause("受冷空气影响 我国中东部地区的")
    (True, True, False)
    """
    words = word_tags(t.split()[-1]) if t.split() else ()
    if len(words) < 2 or words[-1][0] not in ("的", "等"):
        return False
    tags = [tag for _, tag in words[:-1]]
    if words[-1][0] == "的":  # (是, then a predicate after it — a verb, adverb or adjective: the 是…的 frame)
        return "是" in [w for w, _ in words[:-1]] and any(
            (tag.startswith("v") and tag != "vn") or tag in ("d", "a", "ad") for w, tag in words[[w for w, _ in words].index("是") + 1:-1])
    # (等 after a verb's objects, in a line of two clauses: 五月新规来了 涉及社保教育等)
    return len(t.split()) > 1 and any(tag.startswith("v") and tag != "vn" for tag in tags)


def time_phrase(t: str) -> bool:
    """time_phrase: a short line (at most 8 characters) that is only a time phrase — its last word a time word
    (jieba's tags t, f, m: 假期, 以来, 第一周; for an idiom-like last word, its last two characters' tag), no verb
    before it: 开学第一周, 国庆假期第三天, 春节前夕. It cannot stand alone above the headline it dates: joined with a space.

    >>> time_phrase("开学第一周"), time_phrase("聚焦乡村振兴"), time_phrase("全国文旅市场火热"), time_phrase("平安四川法治四")
    (True, False, False, False)
    >>> time_phrase("2024年四季度末"), time_phrase("2024年全省粮食总产量")
    (True, False)
    """
    # (a year may open it: 2024年四季度末 — the phrase after the year is what is measured)
    if not 2 <= len(re.sub(r"^(?:19|20)\d{2}年(?=.)", "", t)) <= 8 or not re.fullmatch("[" + CJK_UNIFIED + r"\d]+", t):
        return False
    tags = word_tags(t)
    if any(tag.startswith("v") for _, tag in tags):
        return False
    if any(tag in _MODIFIER_TAGS for _, tag in tags[:-1]):
        return False  # (a noun phrase whose head is a time noun is a column's name: 我们的节日, 非凡十年)
    word, tag = tags[-1]
    if tag in ("i", "l", "nz") and len(word) > 2:
        tag = jieba_dictionary().get(word[-2:], (0, ""))[1]
    if tag == "m":  # (an ordinal time word of the dictionary, 第一周, 第三天 — never a bare numeral, 四, 7)
        return len(word) >= 2 and word in jieba_dictionary()
    return tag in _TIME_TAGS


def wrapped_headline(first: str, second: str, copies: tuple[str, ...] = ()) -> bool:
    """wrapped_headline: a headline line of 10 or more characters over a remainder of at most 6, printed
    right below it (no dash, bracket, quote or clause mark in it, no name, the first line not closed by
    ！？ or a closing mark), is one headline wrapped by the layout at any point, read joined — unless the
    page's browser-title copy repeats one of the two lines alone (then they are a title and its kicker or
    subtitle: echoed_headline).

    >>> wrapped_headline("我县多措并举推进高标准农田建设 助力粮食", "稳产增产"), wrapped_headline("我国新增6处世界地质公园", "总数增至47处居世界首位")
    (True, False)
    """
    if any(c == t or is_copy(c, t) for c in copies for t in (first, second)) and continued_line(first, second) != "time_phrase":
        return False  # (a time phrase never stands alone, whatever the browser title repeats)
    # (after a closing quote only a noun the quoted term names: …“十大转型提质” / 行动)
    return (len(first) >= 10 and 2 <= len(second) <= 6 and bool(re.fullmatch("[" + CJK_UNIFIED + r"\d.．%]+", second))
            and not re.search(r"[！？!?。）)】：:，,；;]$", first) and not byline(second) and not closer(second)
            and (not re.search(r"[”」》』\"]$", first) or _noun_word(second))
            and not (len(second) >= 4 and _SITE_END.search(second))) \
        or bool(continued_line(first, second))
    # (a name that ends like an account's or site's, 海关发布 / 某某融媒, under a whole headline line is its account)


def _noun_word(t: str) -> bool:
    """``t`` is one noun of jieba's dictionary (行动, 工程: a quoted term's head noun)."""
    tags = word_tags(t)
    return len(tags) == 1 and tags[0][1] in ("n", "vn") and tags[0][0] in jieba_dictionary()


def wrap_rule(first: str, second: str) -> str:
    """The name --explain gives a wrapped headline's join: ``wrapped_headline`` (a short remainder) or
    ``headline_continues: <why>`` (:func:`continued_line`)."""
    why = continued_line(first, second)
    return f"headline_continues: {why} (the first line cannot end the headline)" if why else \
        "wrapped_headline (a short remainder printed under a long headline line)"


# kicker_line: lines that stand above a page's headline as its kicker (引题) whatever their length —
# a column or series name of two short phrases parted by a middle dot (在希望的田野上·三夏时节);
# a theme or slogan line, a label such as 主题 and a colon (今年主题：防范灾害风险，护航高质量发展);
# an occasion, a meeting's or event's name (…新闻发布会), above a speaker's statement (某某局：…)
_SERIES = re.compile(r"^[" + CJK_UNIFIED + r"]{2,12}\s*[·•]\s*[" + CJK_UNIFIED + r"]{2,12}$")
_THEME = re.compile(r"^[" + CJK_UNIFIED + r"]{0,8}?(?:主题|口号|标语|主题词|关键词|宣传语|主旨)\s*(?:是|为)?\s*[:：]\s*\S")
_OCCASION = re.compile(r"(?:会议|发布会|座谈会|论坛|大会|峰会|博览会|交易会|推进会|现场会|研讨会|例会|吹风会|见面会|通气会|启动仪式|开幕式)$")
# quoted_theme: a line wholly in quotation marks (「全民国家安全教育 走深走实十周年」), a theme or slogan, over a longer headline
_QUOTED_LINE = re.compile(r"^(?:「[^「」]{4,30}」|“[^“”]{4,30}”|『[^『』]{4,30}』)$")
# a statement opened by its speaker, a body or a person, and a colon: 金融监管总局：… / 某某局长：…
_SPEAKER_COLON = re.compile(r"^[" + CJK_UNIFIED + r"]{2,16}[:：]\s*\S{6,}")


def kicker_line(first: str, second: str) -> str:
    """kicker_line: why ``first``, right above the headline line ``second``, is its kicker — ``series_kicker``,
    ``theme_line``, ``quoted_theme`` or ``occasion_kicker`` (see the patterns above); "" when it is not one.

    >>> kicker_line("在希望的田野上·三夏时节", "各地抢抓夏收夏种 夯实粮食丰收基础"), kicker_line("5·12全国防灾减灾日：各地精心组织", "某某")
    ('series_kicker', '')
    >>> kicker_line("国新办举行某某情况新闻发布会", "某某总局：一季度末贷款余额17.7万亿元")
    'occasion_kicker'
    """
    if not page_headline_shape(second) or DASH.match(second) or byline(second) or len(second) < 6:
        return ""
    if _SERIES.match(first) and not _SERIES.match(second) and not _predicate_end(first):
        return "series_kicker"  # (a line ending in its verb is a headline with a dot in a name: 中国·东盟博览会开幕)
    if _THEME.match(first) and not _THEME.match(second):
        return "theme_line"
    if _QUOTED_LINE.match(first) and not _QUOTED_LINE.match(second) and len(second) >= len(first):
        return "quoted_theme"
    if _OCCASION.search(first) and _SPEAKER_COLON.match(second) and not _OCCASION.search(second):
        return "occasion_kicker"
    return ""


def _predicate_end(t: str) -> bool:
    """The line's last word is a verb (a headline's predicate: …博览会开幕), as no column or series name's is."""
    words = word_tags(re.split(r"[·•]", t)[-1].strip())
    return bool(words) and words[-1][1].startswith("v") and words[-1][1] != "vn"


def short_labels(lines: list[Para]) -> int:
    """short_labels: how many of ``lines``' first lines are short labels — two or more lines of at most 6
    characters, naming no document kind, printed together (no blank line) right above a longer headline-shaped
    line (an app's and its channel's names: 学习强国 / 学习平台 / 标题); 0 when they are not.

    >>> short_labels([Para(1, "乡村振兴"), Para(2, "资讯平台", 0), Para(3, "全市夏粮收购工作全面展开", 0)])
    2
    >>> short_labels([Para(1, "聚焦两会"), Para(2, "全市夏粮收购工作全面展开", 0)])
    0
    """
    k = 0
    while k < len(lines) and len(lines[k].text) <= 6 and (k == 0 or lines[k].gap == 0) and lines[k].drop is None \
            and is_headline(lines[k].text) and not DOC_KIND.search(lines[k].text) and not byline(lines[k].text):
        k += 1
    if k >= 2 and k < len(lines) and lines[k].gap == 0 and len(lines[k].text) > 6 and page_headline_shape(lines[k].text):
        return k
    return 0


def colon_kicker_line(t: str) -> bool:
    """colon_kicker: a short phrase (at most 30 characters) ending in a colon, otherwise headline-shaped.

    >>> colon_kicker_line("央视聚焦某县："), colon_kicker_line("记者近日走访了某县，看到：")
    (True, False)
    """
    return len(t) <= 31 and t[-1:] in ("：", ":") and is_headline(t[:-1], max_len=30) and not re.search(r"[，,；;]", t)


# the marks and spaces a tab title and a printed headline may differ by (a tab title drops or keeps them)
_TAB_MARKS = re.compile(r"[\s“”\"'‘’「」『』《》〈〉·•—\-－_:：,，、!！?？.。…]")


def tab_titles(chunk: list[Para]) -> list[str]:
    """The page's tab titles: the headline a browser's print header printed (:func:`chrome.print_header`)."""
    return [p.drop.meta["page_title"] for p in chunk if p.drop is not None and p.drop.rule == "page_title_copy"
            and p.drop.meta.get("line_class") == "print_header" and p.drop.meta.get("page_title")]


def tab_title_line(tab: str, lines: list[str]) -> str | None:
    """print_title: which of a page's headline ``lines`` the browser's tab title ``tab`` names — the line it
    equals, or one it holds whole or that holds it (marks and spaces aside; a tab title cut short with … names
    the line it opens) — ``""`` when it names none (the page prints no headline line: its kicker or subtitle
    stayed), None when there are no lines.

    >>> tab_title_line("甘肃临夏：鲜花产业开年忙", ["春节花市", "甘肃临夏 鲜花产业开年忙"])
    '甘肃临夏 鲜花产业开年忙'
    >>> tab_title_line("我国秋粮收购进入高峰", ["主产区累计收购8348万吨 进展总体顺利"])
    ''
    """
    if not lines:
        return None
    cut = tab.rstrip().endswith(("…", "..."))
    t = _TAB_MARKS.sub("", tab)
    if len(t) < 4:
        return None
    # (the line equal to it first, then the longest line it holds or that holds it)
    named = [ln for ln in lines if (c := _TAB_MARKS.sub("", ln)) and len(c) >= 4
             and (c == t or c in t and 2 * len(c) >= len(t) or t in c or (cut and c.startswith(t)))]
    return max(named, key=lambda ln: (_TAB_MARKS.sub("", ln) == t, len(ln))) if named else ""


def remainder_name(above: str, line: str, copies: tuple[str, ...] = ()) -> bool:
    """name_remainder: ``line``, read as a bare name (a byline of names alone: 向优, 万辆), right under the headline
    line ``above`` is the headline's last word wrapped by the layout when ``above`` cannot end there (a word cut, an
    open end: :func:`continued_line`; a numeral, which needs its unit: …双超700 / 万辆) or the page's browser title
    holds the two lines joined (…持续向新 / 向优).

    >>> remainder_name("上半年新能源汽车产销量双超700", "万辆"), remainder_name("全市夏粮收购工作全面展开", "王强")
    (True, False)
    >>> remainder_name("我市加快建设中国制造2025", "张伟")
    False
    """
    b = byline(line)
    if not b or b[2] != "name" or not page_headline_shape(above) or byline(above) or len(above) < 6:
        return False
    # a numeral needs its unit only when the line is one (万辆, 亿元, 个百分点), never a person's name (…2025 / 张伟)
    return bool(numeral_cut(above, line) or continued_line(above, line) or any(above + line in c for c in copies))


def numeral_cut(first: str, second: str) -> bool:
    """numeral_unit: ``first`` ends in a numeral and ``second`` opens with its unit or the rest of the number
    (万人次, 亿元, 个百分点, %): a number the layout cut, so the two lines are one (…接待游客达652 / 万人次…). A number in
    digits goes on with a magnitude or a unit (万, 亿元, 余人), never with a numeral's digit: a line opening with 一 to 十, 两
    or 零 starts a number or word of its own (一批…, 两会, the enumerator of 一、总体要求).

    >>> numeral_cut("我省文博场馆接待游客达652", "万人次 观众人数居全国前列"), numeral_cut("我市加快建设中国制造2025", "张伟")
    (True, False)
    >>> numeral_cut("奋进中国制造2025", "一批重点项目集中签约落地"), numeral_cut("某某县推进智能制造行动方案2025", "一、总体要求")
    (False, False)
    """
    if not re.search(r"\d$", first) or not second or second[0].isdigit() or second[0] in CN_SMALL + "零〇":
        return False
    # (a measure word's tag q would take a surname for a unit: 张伟; only the numeral words, 万人次 / 亿元 / 吨)
    return second[0] in "个%％" or word_tags(second)[0][1] == "m"


# the tags of a subject (jieba): a noun, a place, a person's or body's name, a pronoun (我市), an abbreviation
_SUBJECT_TAGS = frozenset({"n", "ns", "nr", "nt", "nz", "r", "j"})


def whole_headline(t: str) -> bool:
    """whole_headline: a short line (a kicker's length) that is a whole statement — a subject, then its predicate
    (a verb or an idiom: 高原夏菜喜获丰收) — is a headline of its own, not a kicker over the longer line below it (two
    self-contained lines: the first is the title); a kicker opens with its verb (聚焦…, 再访…) or names a time, a
    column or a theme (三夏时节, 基层动态).

    >>> whole_headline("高原夏菜喜获丰收"), whole_headline("聚焦乡村振兴"), whole_headline("基层动态"), whole_headline("政策解读")
    (True, False, False, False)
    """
    tags = word_tags(t)
    # (a column name is two or three words, often a noun and a verb: 政策解读, 群众点赞, 代表委员说)
    if len(tags) < 3 or len(t) < 6 or tags[0][1] not in _SUBJECT_TAGS or re.search(r"[:：·•|｜]", t):
        return False
    return tags[-1][1] in ("v", "i", "a") and tags[-1][0] in jieba_dictionary()
