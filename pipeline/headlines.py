"""A page's headline chosen among the blocks of headline lines at its top.

The blocks of headline-shaped lines at a page's top (:func:`headline_blocks`) are described by named features
(:data:`HEADLINE_FEATURES`) and scored with the weights of ``lexicons/headline_weights.txt``
(:func:`choose_headline`); the page-level readings beside it: a sentence headline, a site's name at the top, a
source's name line, the names among a header's lines, an account under a headline, the browser's tab title.
:mod:`pipeline.articles` reads the chosen block's lines into a title, kicker and subtitle.

The line shapes are :mod:`pipeline.headline_shapes`, the kickers :mod:`pipeline.headline_kickers`, a headline
wrapped by the layout :mod:`pipeline.headline_wraps`; their public names are importable from here too.

>>> page_headline_shape("好消息！高原夏菜喜获丰收"), DASH.match("——访某县县委书记") is not None
(True, True)
"""

from __future__ import annotations

import re

from pipeline.bylines import byline, closer
from pipeline.clean import Drop, Para, word_tags  # noqa: F401  (Drop: the doctests' pages)
# (the public names of the modules the choice reads, importable from here: ``from pipeline.headlines import kicker_line``)
from pipeline.headline_kickers import colon_kicker_line, kicker_line, kicker_shape, short_labels, whole_headline  # noqa: F401
from pipeline.headline_kickers import imperative, side_headline, slogan_row, speech_kicker, statement  # noqa: F401
from pipeline.headline_shapes import (DASH, DATE_HEAD, DOC_KIND, DOCUMENT_TITLE, HEAD_DATE, ISSUING_BODY, ITEM_MARKS,  # noqa: F401
                                      LINE_TAG, PARALLEL, SECTION_HEAD, SITE_END, SPEAKER, about_part, full_document_title,
                                      is_copy, long_kicker, page_headline_shape, related_names)
from pipeline.headline_wraps import (closed_clause, continued_line, new_clause, numeral_cut, one_line_form, open_clause,  # noqa: F401
                                     open_object, open_subject, remainder_name, time_phrase, topic_colon, wrap_rule,
                                     wrapped_headline)
from pipeline import divisions
from pipeline.pagefields import DATE
from pipeline.patterns import CJK_UNIFIED, lazy_compile


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
# (its tail's names read whole runs, possessively — a run of 2 or more characters, as any run of names of 2 to 6
# characters glued together was: with names able to follow with no separator, splitting one long run every way
# backtracked exponentially on a long line opened by a body's name, 某某局 + 50 characters + 。; same matches, review 11)
# (a people's organisation, an academy or a party school by its kind — 中国某某联合会, 中华全国供销合作总社, 中共中央党校 —,
# with the other name it shares its site with in brackets: 中共中央党校（国家行政学院）)
_BODY_NAME = lazy_compile(r"^(?:[A-Za-z][A-Za-z0-9.\-]*\s+)?(?:[" + CJK_UNIFIED + r"]{1,7}(?:网|客户端|频道|在线)|"
                        r"[" + CJK_UNIFIED + r"]{2,24}?(?:部|委员会|人民政府|政府|网站|报社|电视台|总台|局|厅|署|联合会|协会|学会|总会|总社"
                        r"|学院|学校|党校|科学院|研究院)(?:[（(][" + CJK_UNIFIED + r"]{2,12}[）)])?)"
                        r"(?:(?:\s*[|｜]\s*|\s*)(?:[A-Za-z][A-Za-z0-9.\-]*+|[" + CJK_UNIFIED + r"]{2,}+))*+$")
# a line of labelled fields: 栏目：媒体看内蒙古　标签：新思想引领新征程 (two or more label: value pairs)
_FIELDS = lazy_compile(r"^[" + CJK_UNIFIED + r"]{2,4}\s*[:：]\s*\S[^：:]*\s[" + CJK_UNIFIED + r"]{2,4}\s*[:：]")


def labelled_fields(t: str) -> bool:
    """labelled_fields: ``t`` holds two label: value pairs (记者：某某 通讯员：某某 / 栏目：… 标签：…), a line of fields, never a
    headline's line.

    >>> labelled_fields("记者：xx 通讯员：xx"), labelled_fields("某某局：一季度贷款余额稳步增长")
    (True, False)
    """
    return bool(_FIELDS.search(t))


# a report's head: left to metadata's report_head (报告 closing its line or before a bracket, 政府工作报告（摘要）;
# a headline that says a report did something, 某某调查报告公布：…, is news, its block chosen as any other)
_REPORT_HEAD = lazy_compile(r"报告\s*(?:$|[（(])|人民代表大会|[届次]会议|各位代表")


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
    "lead_echo",         # the counterpart of unechoed: the body's lead says half or more of the block's words (ECHO_MIN)
                         # while it says none of another, shorter block's (that block is unechoed): the headline against
                         # a vague kicker or label above it (喜讯频传佳绩连连 over the date line, the headline below it)
    "kicker_shape",      # one line shaped as a kicker, not a statement (headline_kickers.kicker_shape: figures alone, a
                         # setting 在…上, a clause closed by …时, no predicate at all) while another block, longer, is a
                         # statement (holds a predicate): a theme or column line over the date line, the headline below it
)


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
    above_credit = []  # (a block right above a photo's credit: the photo's caption)
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
        above_credit.append(nxt is not None and nxt.drop is not None and nxt.drop.rule == "photo_credit")
        k = order[id(b[0])] - 1
        while k >= 0 and chunk[k].drop is not None and chunk[k].drop.rule == "_merged":
            k -= 1
        prev = chunk[k] if k >= 0 else None
        f["below_meta"] = float(prev is not None and prev.drop is not None and prev.drop.rule in _META_NEXT)
        f["below_navigation"] = float(prev is not None and prev.drop is not None and prev.drop.rule in _NAVIGATION)
        f["short_label"] = float(len(b) == 1 and len(lines[0]) <= 6 and not DOC_KIND.search(lines[0]))
        f["site_name_shape"] = float(len(b) == 1 and len(lines[0]) <= 12 and bool(SITE_END.search(lines[0])))
        f["title_copy"] = float(any(is_copy(t, o) for t in lines for o in texts if o != t))
        f["dash_subtitle"] = float(bool(DASH.match(lines[0])))
        f["body_name"] = float(len(b) == 1 and bool(_BODY_NAME.match(lines[0])))
        f["labelled_fields"] = float(any(labelled_fields(t) for t in lines))
        f["several_lines"] = float(len(b) > 1)
        f["length"] = round(min(max(len(t) for t in lines), 60) / 20, 2)
        f["quoted"] = float(any(c in t for t in lines for c in "“”《》\"'"))
        f["clause_marks"] = float(any(re.search(r"[，,：:]", t) for t in lines))
        f["spaced_clauses"] = float(any(re.search("[" + CJK_UNIFIED + r"“”] [" + CJK_UNIFIED + "“”]", t) for t in lines))
        f["own_site_tail"] = float(any(own_site_tail(t, chunk) for t in lines))
        out.append(f)
    echoes = [max(body_echo(p.text, lead) for p in b) for b in blocks]
    sizes = [max(len(p.text) for p in b) for b in blocks]
    below = [bool(f["below_meta"]) and b[0].gap == 0 and not credited for f, b, credited in zip(out, blocks, above_credit)]
    # (a block between the date or source line and the body, parted from the date line by a blank line or above a photo's
    # credit: where the lead or a caption stands; one right under the date line, no blank line, is a header's line, below)
    lead_slot = [bool(f["below_meta"] and f["above_body"]) and not below[n] for n, f in enumerate(out)]
    for n, f in enumerate(out):
        # (a block the page itself repeats — echoed, its browser title or breadcrumb — is named by the page: the lead's
        # silence does not weigh against it)
        # (and among headline candidates only a longer block weighs against it: a kicker or a label is shorter than the
        # headline it stands with; a block no longer than it — the body's first subheading, said again by the paragraph
        # under it — does not; a body's or site's name alone is no candidate, its length tells nothing)
        f["unechoed"] = float(not f["echoed"] and echoes[n] <= NAME_ECHO_MAX and any(
            e >= ECHO_MIN and (sizes[k] > sizes[n] or out[k]["body_name"] or out[k]["site_name_shape"])
            for k, e in enumerate(echoes) if k != n))
    for n, f in enumerate(out):
        # (kicker_shape: only against a longer block that states something — a site's or body's name, a label, is no
        # statement to prefer; the kicker's block is one line)
        # (a line of up to 8 characters with no predicate: the choice weighs it against a statement beside it, where
        # reading a block's lines takes only 6 — jieba tags a longer line's predicate a noun as often as not)
        # (only between candidate headlines above the body: a block below the date or source line, apart from it, with the
        # body right under it is the lead's first sentence or a photo's caption, never a statement to prefer to the
        # headline above the date line — 我们的节日·端午 / date line / blank / 端午节到来之际，我县… / body; review 11)
        f["kicker_shape"] = float(len(blocks[n]) == 1 and not lead_slot[n] and bool(kicker_shape(blocks[n][0].text, bare=8)) and any(
            k != n and not lead_slot[k] and sizes[k] > sizes[n] and not out[k]["body_name"] and not out[k]["site_name_shape"]
            and any(statement(p.text) for p in b) for k, b in enumerate(blocks)))
    for n, f in enumerate(out):
        # (lead_echo: the block that makes another unechoed — said by the lead, longer than it — is the headline's side
        # of the same contrast; a body's or site's name weighs on neither side)
        # (only a block printed right under the date line, no blank line between, as a header's lines are: a photo's
        # caption the lead repeats stands apart from it, where the photo stood, and above the photo's credit (摄, 供图))
        f["lead_echo"] = float(echoes[n] >= ECHO_MIN and below[n] and not f["body_name"] and not f["site_name_shape"] and any(
            out[k]["unechoed"] and sizes[n] > sizes[k] for k in range(len(out)) if k != n))
    return out


# a line closed by a separator and a name: 标题 - 某某局 / 标题_某某市人民政府 / 标题 | 某某发布
_TAIL = lazy_compile(r"^(?P<t>\S.{3,}?)\s*(?:[_|｜]|\s[-—]\s)\s*(?P<n>[^\s_|｜\-—]{2,24})$")


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
    names = [t for t in short if t in recurring or (SITE_END.search(t) and any(r in t and r != t for r in recurring))]
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


# the line classes of an account's description printed under its name (上海市某某局官方账号, 某某直通车 · 某某部某某司)
_OWNER_LINES = frozenset({"official_account", "account_owner"})


def account_slot(chunk: list[Para], p: Para) -> str:
    """account_slot: the line right under ``p`` shows that ``p`` stands where a platform prints the posting account's
    name — ``owner_line``: the account's description (某某局官方账号, an account and its body) right below; ``bare_publish``:
    the page's publish line right below gives the date, the time and the poster's IP place (a province) but no account,
    source or author, as a WeChat head does when the account's name is printed on the line above it; "" otherwise.

    >>> ps = [Para(1, "某某新闻发布会召开"), Para(2, "某某观察", 0),
    ...       Para(3, "2023-05-28 21:06 贵州", 0, Drop("publish_line", {"publish_date": "2023-05-28"}))]
    >>> account_slot(ps, ps[1]), account_slot(ps, ps[0])
    ('bare_publish', '')
    """
    n = next((i for i, q in enumerate(chunk) if q is p), None)
    if n is None:
        return ""
    nxt = next((q for q in chunk[n + 1:] if q.drop is None or q.drop.rule != "_merged"), None)
    if nxt is None or nxt.drop is None or nxt.gap:
        return ""
    meta = nxt.drop.meta
    if meta.get("line_class") in _OWNER_LINES:
        return "owner_line"
    m = _BARE_PUBLISH.match(nxt.text.strip())
    if nxt.drop.rule == "publish_line" and m and any(d.level == "province" for d, _ in divisions.load().kinds(m["place"])) \
            and not any(meta.get(k) for k in ("account", "account2", "source", "authors", "publication", "platform")):
        return "bare_publish"
    return ""


# a platform's publish line without its account: the date, the clock time and the poster's IP place, a province's short
# name (2023-05-28 21:06　贵州) — a WeChat head prints the account's name before it or on the line above; a web page's
# bare date line (2025-03-12 10:20) names no place and shows no account's slot (一图读懂… / 重点任务 over it is one headline)
_BARE_PUBLISH = lazy_compile(rf"^{DATE}\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?\s*(?:发表于\s*)?(?P<place>[{CJK_UNIFIED}]{{2,3}})$")


def account_below(above: str, line: str, lead: str, slot: str = "") -> bool:
    """account_below: ``line``, the last line of the headline block right under the headline line ``above``, is the
    name of the account or column that posted the page (商务微报, 新华视点), never the headline's last words wrapped
    by the layout, when it is a bare name — 2 to 8 ideographs, more than one word, none a verb, particle, preposition
    or conjunction (jieba), the last a noun or a name, shaped as a site's, paper's or account's name (:data:`SITE_END`,
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
    # (in the account's slot too, a line above that cannot end where it does makes the line the headline's rest; a short
    # headline, 天堑织网变通途, may stand over an account's slot)
    why = continued_line(above, line)
    if not 2 <= len(line) <= 8 or not re.fullmatch("[" + CJK_UNIFIED + "]+", line) or len(above) < (4 if slot else 8) \
            or re.search(r"[”」》』\"]$", above) or numeral_cut(above, line) or why:
        return False
    tags = word_tags(line)
    # (in the account's slot — account_slot — a brand of any words: 黔数观察, 乐游申城; never one dictionary word, a
    # particle, preposition or conjunction, nor words the lead says; never a verb phrase — an adverb, or a verb of two
    # or more characters before its object: 奋力谱写新篇章, 探访县人民医院 —, nor nouns ending in a common noun, the head
    # noun of a headline wrapped before it (…现代化产业体系 / 临夏样本, …经济 / 亮点成绩), unless it ends as a site's or
    # account's name does)
    verb_phrase = any(t[:1] == "d" or (t.startswith("v") and t != "vn" and len(w) >= 2) for w, t in tags[:-1])
    head_noun = all(t[:1] in ("n", "j") for _, t in tags) and tags[-1][1] == "n" \
        and not (SITE_END.search(line) or re.search(r"[报号]$", line))
    if slot and len(tags) >= 2 and not any(t[:1] in ("u", "p", "c") for _, t in tags) and not verb_phrase and not head_noun \
            and body_echo(line, lead) <= NAME_ECHO_MAX:
        return True
    if why or len(above) < 8:
        return False
    # (one dictionary word is a headline's last word wrapped alone, …加速开拓国际 / 市场; a name is a compound: 商务 + 微报)
    # (an account's name is a name, shaped as a site's, paper's or account's — 某某发布, 某某网, 某某报, 某某号 —, never
    # any two nouns: 一图读懂2025年政府工作报告 / 重点任务 and 加快建设现代化产业体系 / 临夏样本 are a headline wrapped
    # before its head noun)
    return len(tags) >= 2 and not any(t[:1] in ("v", "u", "p", "c") for _, t in tags) and tags[-1][1] in _NAME_END_TAGS \
        and bool(SITE_END.search(line) or re.search(r"[报号]$", line)) \
        and body_echo(line, lead) < ECHO_MIN


def site_name_top(chunk: list[Para], p: Para) -> bool:
    """site_name_top: a body's or site's name alone (:data:`_BODY_NAME`: 国家某某委员会, 某某网) with the page's
    navigation (its Latin name, a menu, a breadcrumb) right below it is the site's header, never the headline,
    also when no other headline block stands to be chosen; so is an app's name (app_name_top: a short name right
    above the app's top bar, app_bar, that the page's app prompt names again: 打开“某某”APP).

    >>> ps = [Para(1, "国家某某委员会"), Para(2, "首页 > 新闻", 0, Drop("breadcrumb")), Para(3, "正文。")]
    >>> site_name_top(ps, ps[0])
    True
    >>> ps = [Para(1, "我的某城"), Para(2, "〈 ⋯", 0, Drop("platform_marker", {"line_class": "app_bar"})), Para(3, "正文。"),
    ...       Para(4, "打开“我的某城”APP 查看更多", 0, Drop("platform_marker", {"line_class": "app_prompt"}))]
    >>> site_name_top(ps, ps[0])
    True
    """
    n = next((i for i, q in enumerate(chunk) if q is p), None)
    if n is None or n + 1 >= len(chunk):
        return False
    nxt = chunk[n + 1]
    if _BODY_NAME.match(p.text):
        return nxt.drop is not None and nxt.drop.rule in _NAVIGATION
    # (app_name_top: or a short name over the app's top bar that the page's prompts name again, 打开“某某”APP: the app's)
    return 2 <= len(p.text) <= 12 and not re.search(r"[，,：:。！？!?]", p.text) and nxt.drop is not None \
        and nxt.drop.meta.get("line_class") == "app_bar" and any(
            q.drop is not None and q.drop.meta.get("line_class") == "app_prompt" and p.text in q.text for q in chunk)


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


# the marks and spaces a tab title and a printed headline may differ by (a tab title drops or keeps them)
_TAB_MARKS = lazy_compile(r"[\s“”\"'‘’「」『』《》〈〉·•—\-－_:：,，、!！?？.。…]")


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
