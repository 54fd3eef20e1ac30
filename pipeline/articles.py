"""Splitting a cleaned file into articles, with title, subtitle and bylines attached.

Newspaper pages hold several articles; their boundaries are found by general rules:

- **headline block + byline** opens an article: one to four headline-shaped lines (short,
  no sentence-final punctuation; a longer comma-separated lead line is a subtitle) right
  above a byline (``□ 高寒``, ``本报记者 丁南``, ``新甘肃·甘肃日报记者 谢晓玲``, a bare
  2-4 character name with a common surname). Caption-only lines between headline and
  byline are photo captions and go.
- **closing bylines** end an article: ``作者为…``, ``作者单位：…``, ``（作者单位:…）``, a
  photo credit ``新华社记者 … 摄``, names in brackets after the last sentence
  ``（操剑 孙晓莉）``. What follows starts a new article (its headline-shaped first line is
  the title).
- a **hard break** (more blank lines than the file's usual gap) before a headline-shaped
  line starts a new article.
- a headline block with **no body** (the next thing is another headline block, or the end)
  belongs to the untitled body before it: newspaper layouts print some titles after the text.

A file known to hold one document (``split=False``) keeps a single article, with its
header read the same way.

>>> paras = [Para(1, "标题一"), Para(3, "张三"), Para(5, "正文。"), Para(7, "作者为某单位干部"),
...          Para(9, "标题二"), Para(11, "李四"), Para(13, "又一篇正文。")]
>>> [(a.title, a.authors, a.paras) for a in split_articles(paras, headline_weights=())]
[('标题一', ['张三'], ['正文。']), ('标题二', ['李四'], ['又一篇正文。'])]
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from pipeline.chrome import PAGE_RULES, rule_name
from pipeline.clean import NAME, Drop, ends_sentence, is_caption, is_headline, is_name, names_in
from pipeline.pagefields import iso_date
from pipeline.patterns import CJK, CJK_UNIFIED


@dataclass
class Para:
    """One paragraph of a file: where it starts, its text, and what the cleaner decided."""

    line: int  # 1-based line number in the normalised text
    text: str
    gap: int = 0  # blank lines before it
    drop: Drop | None = None  # set when the whole line is chrome
    lines: list[int] = field(default_factory=list)  # lines joined into it
    notes: list[tuple[str, str]] = field(default_factory=list)  # (action, detail) for explain


@dataclass
class Article:
    title: str | None = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    publication: str | None = None
    date: str | None = None
    paras: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    strength: str = ""  # how the title was found: byline / weak / meta / ""
    weak_header: list[str] = field(default_factory=list)  # weak title lines (may go back to the body)
    head_lines: list[str] = field(default_factory=list)  # the header's lines in page order (title, kicker, subtitle)
    first_line: int = 0
    candidates: list[tuple[str, dict]] = field(default_factory=list)  # headline blocks and their features (choose_headline)
    trace: list[tuple[int, str, str, str]] = field(default_factory=list)  # (line, action, rule, text)


# --- bylines ------------------------------------------------------------------------------------

_NAMES = rf"{NAME}(?:[ 、，,]+{NAME}){{0,5}}"
# a byline marker box: □ 高寒 / □ 本报记者 丁南
_BOX = re.compile(rf"^[□■◎◇]\s*(?P<role>[^\s，。：:]{{0,16}}?(?:记者|通讯员|撰稿人|评论员|作者))?\s*[:：]?\s*(?P<names>{_NAMES})$")
# a role then names: 本报记者 丁南 / 新甘肃·甘肃日报记者 谢晓玲 / 记者 张三 通讯员 李四
_ROLE = re.compile(rf"^(?P<role>[^\s，。：:]{{0,16}}?(?:记者|通讯员|特约撰稿人|撰稿人|评论员|撰文))\s*[:：]?\s*(?P<names>{_NAMES})"
                   rf"(?:\s+(?:通讯员|记者|实习生)\s*[:：]?\s*(?P<more>{_NAMES}))?$")
# 文/张三, 作者：李四
_SLASH = re.compile(rf"^(?:文|文字|作者|撰文|文图|图文)\s*[/／:：|]\s*(?P<names>{_NAMES})$")
# an office then a name: 市长 李建国 / 广州市市长 温国辉
_OFFICE = re.compile(rf"^(?P<role>[^\s，。：:]{{0,14}}?(?:长|书记|主任|主席|总理))\s+(?P<names>{NAME})$")
# a publication named in a role: 新甘肃·甘肃日报记者 -> 甘肃日报
# (or a media centre: 会宁县融媒体中心记者 -> 会宁县融媒体中心)
_ROLE_PUB = re.compile(rf"(?:^|·)(?P<pub>[{CJK}]{{2,10}}?(?:日报|晚报|时报|报|杂志|通讯社|电视台|融媒体中心|新闻中心))(?:社)?(?:记者|通讯员)")
# closing bylines: 作者为… / 作者单位：… / （作者单位:…） / （作者系…）
_CLOSER = re.compile(r"^(?:作者(?:为|系|是|单位\s*[:：])|[（(]\s*作者(?:单位\s*[:：]|为|系|是|：|:)[^）)]*[)）]$|本文作者)")
# names in brackets after the last sentence: …服务。(操剑 孙晓莉)
_TAIL_NAMES = re.compile(rf"(?<=[。！？!?”])\s*[（(](?P<names>{NAME}(?:\s+{NAME}){{0,4}})[)）]$")
# a two-character name printed with a space between its characters: 王 五 (never inside a word)
_SPACED = re.compile(r"(?<![" + CJK_UNIFIED + r"])([" + CJK_UNIFIED + r"]) ([" + CJK_UNIFIED + r"])(?![" + CJK_UNIFIED + r"])")
# a subtitle line that starts with a dash: ——访金昌市委书记王钧
# (a markdown list bullet "- " is not a dash, but may stand before one: "- ——19年2月24日在…")
# a headline line of two or three parallel phrases separated by spaces: 勇于担当 奋力前行
_PARALLEL = re.compile(rf"^[{CJK}“”\d.]{{4,20}}(?: [{CJK}“”\d.]{{4,20}}){{1,2}}$")
# a headline that opens with who spoke: 习近平在甘肃考察时强调 … / 省委常委会会议指出 …
_SPEAKER = re.compile(rf"^[{CJK}]{{2,30}}?(?:强调|指出|表示|要求|提出) ")
_DASH = re.compile(r"^(?:-\s+)?(?:[—─―－]{1,2}|-{1,2}(?!\s))\s*")
# a column tag before a headline line: 【乡村振兴】… / 聚焦两会｜…
_LINE_TAG = re.compile(r"^(?:【[^】]{1,30}】|[^｜|丨\s]{2,12}[｜|丨](?=\S{4,}))\s*")
# an official document's title in two lines: the issuing body, then 关于…的通知 (joined into one title)
_ISSUING_BODY = re.compile(r"^[" + CJK_UNIFIED + r"]{2,30}(?:政府|办公室|办公厅|委员会|委|局|厅|部|院|中心)(?:[、\s][" + CJK_UNIFIED + r"]{2,30})*$")
# (a qualifier may stand before the kind: 关于…的紧急通知 / …的补充通知 / …的工作方案)
DOCUMENT_TITLE = re.compile(r"^关于.{2,80}的[" + CJK_UNIFIED + r"]{0,4}?(?:通知|决定|意见|实施意见|指导意见|通报|批复|函|公告|通告|办法|规定|方案|细则)$")


def byline(p: str) -> tuple[list[str], str | None, str] | None:
    """``(names, publication, kind)`` when ``p`` is an opening byline, else None.

    >>> byline("新甘肃·甘肃日报记者 谢晓玲")
    (['谢晓玲'], '甘肃日报', 'role')
    >>> byline("□ 高寒")[0], byline("赵军")[0], byline("创新机制")
    (['高寒'], ['赵军'], None)
    """
    if len(p) > 40:
        return None
    p = _SPACED.sub(r"\1\2", p)  # 本报记者 王 五 -> 本报记者 王五
    for kind, pat, strict in (("box", _BOX, False), ("role", _ROLE, False), ("slash", _SLASH, False),
                              ("office", _OFFICE, True)):
        m = pat.match(p)
        if not m:
            continue
        names = names_in(m.group("names"), strict=strict) or []
        if "more" in m.groupdict() and m.group("more"):
            names += names_in(m.group("more"), strict=False) or []
        if not names:
            continue
        pub = None
        role = m.groupdict().get("role") or ""
        pm = _ROLE_PUB.search(role)
        if pm and not pm.group("pub").startswith(("本报", "本刊", "本网")):
            pub = pm.group("pub")
        return names, pub, kind
    names = names_in(p, strict=True)
    if names and len(names) <= 3:
        return names, None, "name"
    return None


def closer(p: str) -> bool:
    """A closing byline (author's post or affiliation) that ends an article."""
    return bool(_CLOSER.match(p))


def tail_names(p: str) -> tuple[str, list[str]] | None:
    """Names in brackets after the last sentence: ``(text without them, names)``."""
    m = _TAIL_NAMES.search(p)
    if not m:
        return None
    names = m.group("names").split()
    if not any(is_name(n) for n in names):
        return None
    return p[: m.start()].rstrip(), names


# --- segmentation ---------------------------------------------------------------------------------

def _hard_gap(paras: list[Para]) -> int:
    gaps = Counter(p.gap for p in paras[1:] if p.drop is None)
    usual = gaps.most_common(1)[0][0] if gaps else 0
    return max(2, 2 * usual + 1)


# a dated line in brackets under a heading — a session or delivery line, （2023年3月5日在…会议上） /
# （二〇二四年一月十日） — belongs to the heading's block, never ends it
_DATED_BRACKET_LINE = re.compile(r"^[（(][^（）()。！？]{0,40}?(?:\d{4}|[〇零○ΟO0一二三四五六七八九]{4})\s*年[^（）()。！？]{1,80}[)）]$")


def _header_block(paras: list[Para], kept: list[int], k: int) -> list[int]:
    """Indices (into paras) of the headline block above the byline at kept[k], top first."""
    block: list[int] = []
    j = k - 1
    while j >= 0 and len(block) < 16:
        p = paras[kept[j]]
        if closer(p.text) or byline(p.text) or not (is_headline(p.text, max_len=100) or is_caption(p.text)
                                                     or _DATED_BRACKET_LINE.match(p.text)):
            break
        block.insert(0, kept[j])
        if paras[kept[j]].gap >= 3 and j < k - 1:
            break
        j -= 1
    # colon_kicker: a phrase ending in a colon right above the block's first line is its kicker
    if block and j >= 0 and paras[block[0]].gap == 0 and colon_kicker_line(paras[kept[j]].text) \
            and is_headline(paras[block[0]].text):
        block.insert(0, kept[j])
    # captions only count below a headline: trim caption lines at the top
    while block and is_caption(paras[block[0]].text):
        block.pop(0)
    heads = [i for i in block if not is_caption(paras[i].text)]
    if len(heads) > 4 or not any(is_headline(paras[i].text) for i in heads):
        return []
    return block


def split_articles(paras: list[Para], *, split: bool = True, headline_weights) -> list[Article]:
    """Group paragraphs into articles (see the module docstring for the rules); a page's
    headline is chosen with ``headline_weights``, the configured ``headline_weights.txt`` (see
    :func:`choose_headline`)."""
    kept = [i for i, p in enumerate(paras) if p.drop is None]
    if not kept:
        return []
    starts: dict[int, str] = {kept[0]: "file start"}
    headers: dict[int, tuple[list[int], int]] = {}  # start -> (headline block, byline index)
    if split:
        hard = _hard_gap(paras)
        for k, i in enumerate(kept):
            text = paras[i].text
            b = byline(text)
            if b:
                block = _header_block(paras, kept, k)
                if block or b[2] != "name":
                    start = block[0] if block else i
                    starts[start] = "headline block above a byline" if block else "byline"
                    headers[start] = (block, i)
            if closer(text) or tail_names(text):
                if k + 1 < len(kept):
                    starts.setdefault(kept[k + 1], "after a closing byline")
            if paras[i].gap >= hard and k > 0 and is_headline(text):
                starts.setdefault(i, f"{paras[i].gap} blank lines before a headline")
        for i, p in enumerate(paras):  # photo credits close photo news (a credit right under a
            if p.drop is not None and p.drop.rule == "photo_credit":  # headline is the headline photo's)
                last = max((s for s in starts if s < i), default=0)
                if not any(not is_headline(paras[j].text) for j in kept if last <= j < i):
                    continue
                nxt = next((j for j in kept if j > i), None)
                if nxt is not None:
                    starts.setdefault(nxt, "after a photo credit")
    else:
        for k, i in enumerate(kept[:8]):
            if byline(paras[i].text):
                block = _header_block(paras, kept, k)
                if block and block[0] == kept[0]:
                    headers[kept[0]] = (block, i)
                break
    order = sorted(starts)
    bounds = [0] + order[1:] + [len(paras)]
    articles = []
    for n, start in enumerate(order):
        lo, hi = bounds[n], bounds[n + 1]
        articles.append(_article(paras[lo:hi], paras, start, headers.get(start), starts[start], headline_weights))
    return _attach_orphans(articles)


def _article(chunk: list[Para], paras: list[Para], start: int, header, why: str, weights) -> Article:
    a = Article(first_line=chunk[0].line)
    copies = tuple(p.text for p in paras if p.drop is not None and p.drop.rule == "page_title_copy")
    header_ids: set[int] = set()
    meta: dict = {}
    if header:
        block, b = header
        names, pub, kind = byline(paras[b].text)
        a.authors = list(names)
        a.publication = pub
        a.strength = "byline"
        heads = []
        for i in block:
            p = paras[i]
            if is_caption(p.text):
                a.removed.append(f"caption: {p.text}")
                a.trace.append((p.line, "removed", "caption", p.text))
            else:
                heads.append(p)
            header_ids.add(id(p))
        header_ids.add(id(paras[b]))
        _titles(a, heads, page=any(p.drop is not None and p.drop.rule in PAGE_RULES for p in chunk), copies=copies,
                printed=any(p.drop is not None and p.drop.rule == "masthead" for p in chunk))
        a.trace.append((paras[b].line, "byline", f"byline ({kind})", paras[b].text))
    for p in chunk:
        for action, detail in p.notes:
            if action == "cut":
                a.removed.append(detail)
    body: list[Para] = []
    for p in chunk:
        if id(p) in header_ids:
            continue
        if p.drop is not None:
            a.removed.append(f"{p.drop.rule}: {p.text}")
            a.trace.append((p.line, "removed", rule_name(p.drop), p.text))
            for key, value in p.drop.meta.items():
                meta.setdefault(key, value)
            continue
        body.append(p)
    # weak title: headline-shaped first lines followed by body text; on a web or platform page
    # (page_headline) the first line may be up to 60 characters and end with ！ or ？
    page = any(p.drop is not None and p.drop.rule in PAGE_RULES for p in chunk)
    page_headline = False
    skipped: list[Para] = []
    if not header and page:
        # sentence_headline: among the lines above the body text, one short sentence right above the
        # publish line is the headline printed with a full stop; the stop goes before the choice
        for k, p in enumerate(body[:HEAD_BLOCKS + 1]):
            if k + 1 < len(body) and sentence_headline(chunk, p):
                a.trace.append((p.line, "kept", "sentence_headline (one sentence between the page's chrome and its publish line)", p.text))
                p.text = p.text[:-1]  # (the line's own Para: chunk and body share it)
                break
            if not page_headline_shape(p.text):
                break
        # page_headline_choice: the headline among the blocks of headline lines at the top
        skip, rows, a.candidates = choose_headline(chunk, body, weights)
        a.trace += rows
        skipped, body = body[:skip], body[skip:]
        for p in skipped:
            a.removed.append(f"above_headline: {p.text}")
            a.trace.append((p.line, "removed", "above_headline", p.text))
    if not header:
        if page and len(body) > 2 and body[1].gap == 0:
            # broken_headline: a headline wrapped mid-word over two lines, whole in the page's
            # browser-title copy (…事故场景新 / 质救援能力…) is one line
            joined = body[0].text + body[1].text
            if any(joined in p.text for p in chunk if p.drop is not None and p.drop.rule == "page_title_copy"):
                a.trace.append((body[1].line, "joined", "broken_headline (whole in the browser-title copy)", body[1].text))
                body = [Para(body[0].line, joined, body[0].gap, None, [body[0].line, body[1].line], body[0].notes)] + body[2:]
        lead = []
        printed = any(p.drop is not None and p.drop.rule == "masthead" for p in chunk)  # a newspaper's page
        # a headline block of three lines above the body (kicker, title, subtitle) is read as a printed one
        three_line_block = len(body) > 3 and all(is_headline(p.text, max_len=60) and p.gap == 0 for p in body[1:3]) \
            and not page_headline_shape(body[3].text) and not any(_DASH.match(p.text) for p in body[:3])
        # dash_block: two headline lines and a dash subtitle below them, printed together (再访脱贫村 振兴气象新 /
        # 易地扶贫搬迁“搬”出新生活 / ——锦屏社区…见闻): kicker, title and subtitle, read whole (see _titles)
        dash_block = len(body) > 3 and all((is_headline(p.text, max_len=60) or (page and page_headline_shape(p.text))) and p.gap == 0
                                           for p in body[1:3]) \
            and is_headline(body[0].text, max_len=60) and _DASH.match(body[2].text) is not None \
            and not any(_DASH.match(p.text) for p in body[:2])
        three_line_block = three_line_block or dash_block
        # colon_kicker: on a page, a short phrase ending in a colon right above a headline line (央视《新闻联播》聚焦某县： /
        # 突出优势特色 加快县域发展) is its kicker (引题), the line below the main title
        colon_kicker = (page or printed) and len(body) > 2 and colon_kicker_line(body[0].text) and body[1].gap == 0 \
            and page_headline_shape(body[1].text) and not byline(body[1].text)
        if colon_kicker:
            a.trace.append((body[0].line, "subtitle", "colon_kicker (a phrase ending in a colon above the headline)", body[0].text))
            body[0].text = body[0].text[:-1]
        for n, p in enumerate(body[:3] if three_line_block else body[:2]):
            if page and n == 0 and not is_headline(p.text) and not byline(p.text) and page_headline_shape(p.text):
                page_headline = True
                lead.append(p)
                continue
            # one title line; a second only when it is a dash subtitle (——访…)
            # a second line: a dash subtitle (——访…), or a short one right above a news lead (本报北京3月5日电)
            # or, on a page, the headline below a short kicker in the same block (聚焦乡村振兴 / 高原夏菜…)
            second = n in (1, 2) and (n == 1 or three_line_block) and (_DASH.match(p.text) or three_line_block or (
                n == 1 and p.gap == 0 and DOCUMENT_TITLE.match(p.text) and _ISSUING_BODY.match(body[0].text)) or (
                n == 1 and p.gap == 0 and about_part(body[0].text) and DOCUMENT_TITLE.match(about_part(body[0].text) + p.text)) or (
                len(p.text) <= 20 and len(body) > 2 and any(d.startswith("news_lead") for _, d in body[2].notes))
                or (page and p.gap == 0 and len(body[0].text) <= 8 and len(p.text) >= len(body[0].text) + 5
                    and (not re.search(r"[，,；;]", p.text) or len(body[0].text) <= 6))
                or (n == 1 and p.gap == 0 and (printed or page) and long_kicker(body[0].text, p.text))
                or (n == 1 and p.gap == 0 and wrapped_headline(body[0].text, p.text, copies)))
            # (on a page the line below a kicker is a page headline: 今后五年，兰州这样干！)
            shaped = is_headline(p.text) or (page and n > 0 and page_headline_shape(p.text)) or (colon_kicker and n < 2)
            if shaped and not byline(p.text) and not closer(p.text) and (n == 0 or second or (colon_kicker and n == 1)):
                lead.append(p)
            else:
                break
        if lead and len(body) > len(lead):
            _titles(a, lead, page=page, copies=copies, printed=printed, kicker=colon_kicker and len(lead) == 2)
            if page_headline:
                a.trace = [(ln, act, "page_headline" if act == "title" and ln == lead[0].line else rule, t)
                           for ln, act, rule, t in a.trace]
            a.strength = "weak"
            a.weak_header = [p.text for p in skipped + lead]
            body = body[len(lead):]
        elif skipped:  # no title after all: the lines above go back to the body
            body = skipped + body
            a.removed = [r for r in a.removed if not r.startswith("above_headline: ")]
            a.trace = [t for t in a.trace if t[2] != "above_headline"]
    # closing bylines at the end
    while body and (closer(body[-1].text)):
        p = body.pop()
        a.removed.append(f"byline_end: {p.text}")
        a.trace.append((p.line, "removed", "byline_end", p.text))
    if body:
        tail = tail_names(body[-1].text)
        if tail:
            rest, names = tail
            a.removed.append(f"byline_end: ({' '.join(names)})")
            a.trace.append((body[-1].line, "byline", "byline_end (names in brackets)", " ".join(names)))
            a.authors = a.authors or names
            body[-1] = Para(body[-1].line, rest, body[-1].gap, None, body[-1].lines, body[-1].notes)
    for p in body:
        action = "joined" if p.lines else "kept"
        rule = "; ".join(d for _, d in p.notes) if p.notes else ""
        a.trace.append((p.line, action, rule, p.text))
    # document_title_full: a page headline 关于…的通知 that the document below prints whole with its issuing
    # body (某某市人民政府关于…的通知, under the red head) takes that full title; the line is not body text
    full = next((p for p in body[:8] if full_document_title(a.title, p.text)), None)
    if full is not None:
        a.trace.append((full.line, "title", "document_title_full (the document's own title with its issuing body)", full.text))
        a.title = full.text
        body = [p for p in body if p is not full]
    # (or over two lines, the issuing body above the title: 某某市人民政府办公室 / 关于印发…的通知)
    k = next((k for k in range(1, min(len(body), 10)) if a.title and DOCUMENT_TITLE.match(a.title) and body[k].text == a.title
              and full_document_title(a.title, body[k - 1].text + a.title)), None)
    if k is not None:
        a.trace.append((body[k - 1].line, "title", "document_title_full (the document's own title, its issuing body on the line above)",
                        body[k - 1].text + body[k].text))
        a.title = body[k - 1].text + body[k].text
        body = body[:k - 1] + body[k + 1:]
    a.paras = [p.text for p in body if p.text]
    if not a.authors and meta.get("authors"):
        a.authors = list(meta["authors"])
    a.publication = meta.get("publication") or a.publication
    a.date = meta.get("date") or _header_date(a) or meta.get("dateline")
    a.trace.insert(0, (a.first_line, "article", why, a.title or ""))
    return a


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
_DOC_KIND = re.compile(r"(?:报告|公报|纲要|规划|决定|决议|通知|意见|办法|条例|讲话|公告|通告)(?:[（(][^）)]*[)）])?$")
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
)


def _is_copy(line: str, of: str) -> bool:
    """``line`` is ``of`` with a site or column after a separator, or before one (人民日报 - 标题)."""
    if len(line) <= len(of) or len(line) - len(of) > 24:
        return False
    if line.startswith(of) and _COPY_SEP.match(line[len(of):]):
        return True
    # (or a breadcrumb ending in it: 首页 > 新闻中心 > 标题)
    return line.endswith(of) and bool(re.search(r"(?:[_|｜>＞»›]|\s-\s|\s—\s)\s*$", line[: -len(of)]))


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
    out = []
    for n, b in enumerate(blocks):
        lines = [p.text for p in b]
        f = dict.fromkeys(HEADLINE_FEATURES, 0.0)
        f["first_block"] = float(n == 0)
        f["second_block"] = float(n == 1)
        f["echoed"] = float(any(t in copies or any(q.text == t or _is_copy(q.text, t) for q in others
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
        f["short_label"] = float(len(b) == 1 and len(lines[0]) <= 6 and not _DOC_KIND.search(lines[0]))
        f["site_name_shape"] = float(len(b) == 1 and len(lines[0]) <= 12 and bool(_SITE_END.search(lines[0])))
        f["title_copy"] = float(any(_is_copy(t, o) for t in lines for o in texts if o != t))
        f["dash_subtitle"] = float(bool(_DASH.match(lines[0])))
        f["body_name"] = float(len(b) == 1 and bool(_BODY_NAME.match(lines[0])))
        f["labelled_fields"] = float(any(_FIELDS.search(t) for t in lines))
        f["several_lines"] = float(len(b) > 1)
        f["length"] = round(min(max(len(t) for t in lines), 60) / 20, 2)
        f["quoted"] = float(any(c in t for t in lines for c in "“”《》\"'"))
        f["clause_marks"] = float(any(re.search(r"[，,：:]", t) for t in lines))
        f["spaced_clauses"] = float(any(re.search("[" + CJK_UNIFIED + r"“”] [" + CJK_UNIFIED + "“”]", t) for t in lines))
        out.append(f)
    return out


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
_HEAD_DATE = re.compile(r"^(?P<t>\S.{3,79}?)(?:\s+[\[【［]?|[\[【［])\s*(?P<d>\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?)\s*[\]】］]?$")


def about_part(t: str) -> str:
    """The 关于… part of a document title's first line: the line itself, or what follows its issuing body
    (某某市人民政府办公室关于印发… → 关于印发…); empty when the line is neither.

    >>> about_part("某某市人民政府办公室关于印发2016年"), about_part("我市关于")
    ('关于印发2016年', '')
    """
    k = t.find("关于")
    return t[k:] if k == 0 or (k > 0 and _ISSUING_BODY.match(t[:k])) else ""


def full_document_title(short: str | None, line: str) -> bool:
    """document_title_full: ``line`` is the document title ``short`` (关于…的通知) printed whole, with its
    issuing body before it.

    >>> full_document_title("关于印发某方案的通知", "某某市人民政府关于印发某方案的通知")
    True
    """
    return bool(short and DOCUMENT_TITLE.match(short) and line != short and line.endswith(short)
                and _ISSUING_BODY.match(line[:-len(short)]))


def long_kicker(first: str, second: str) -> bool:
    """long_kicker: on a newspaper's or a web page, a long statement above a short main title of its own (at
    most 14 characters, half the first line or less, no clause marks) is the kicker; a speech's headline
    (…时强调 …) keeps its short line below as a subtitle.

    >>> long_kicker("黑龙江某县用乡镇广播把全会精神送到田间地头", "“冬闲”不闲的东建乡")
    True
    >>> long_kicker("习近平在甘肃考察时强调 坚定信心", "途中在天水考察")
    False
    """
    return 6 <= len(second) <= 14 and len(first) >= 2 * len(second) and not _SPEAKER.match(first) \
        and not _DASH.match(second) and not re.search(r"[，,；;：:\s]", first + second)


def wrapped_headline(first: str, second: str, copies: tuple[str, ...] = ()) -> bool:
    """wrapped_headline: a headline line of 10 or more characters over a remainder of at most 6, printed
    right below it (no dash, bracket, quote or clause mark in it, no name, the first line not closed by
    ！？ or a closing mark), is one headline wrapped by the layout at any point, read joined — unless the
    page's browser-title copy repeats one of the two lines alone (then they are a title and its kicker or
    subtitle: echoed_headline).

    >>> wrapped_headline("我县多措并举推进高标准农田建设 助力粮食", "稳产增产"), wrapped_headline("我国新增6处世界地质公园", "总数增至47处居世界首位")
    (True, False)
    """
    return len(first) >= 10 and 2 <= len(second) <= 6 and bool(re.fullmatch("[" + CJK_UNIFIED + r"\d%]+", second)) \
        and not re.search(r"[！？!?。”」》）)】：:，,；;]$", first) and not byline(second) and not closer(second) \
        and not any(c == t or _is_copy(c, t) for c in copies for t in (first, second))


def colon_kicker_line(t: str) -> bool:
    """colon_kicker: a short phrase (at most 30 characters) ending in a colon, otherwise headline-shaped.

    >>> colon_kicker_line("央视聚焦某县："), colon_kicker_line("记者近日走访了某县，看到：")
    (True, False)
    """
    return len(t) <= 31 and t[-1:] in ("：", ":") and is_headline(t[:-1], max_len=30) and not re.search(r"[，,；;]", t)


def _titles(a: Article, heads: list[Para], *, page: bool = False, copies: tuple[str, ...] = (), printed: bool = False,
            kicker: bool = False) -> None:
    for p in heads:  # headline_date: the date after a headline is the page's publish date, not the title's
        m = _HEAD_DATE.match(p.text)
        if m and iso_date(m["d"]):
            a.removed.append(f"headline_date: {m['d']}")
            a.trace.append((p.line, "removed", "headline_date", m["d"]))
            p.text = m["t"]
    lines = [p.text for p in heads]
    a.head_lines = list(lines)
    titles = [t for t in lines if not _DASH.match(t)]
    subs = [_DASH.sub("", t) for t in lines if _DASH.match(t)]
    # a kicker (引题) above the main title: the first of three headline lines, a short first
    # line above a much longer one, or, on a printed page (not a web or platform page, whose
    # first headline line is the title as the site printed it), a first line of parallel
    # phrases (全力以赴开展抢险救援 尽最大努力保障群众生命财产安全) above a more concise single
    # statement (a main title is the concise line; a longer line below elaborates, a subtitle:
    # 党建引领产业兴 跑出发展加速度 / 平凉党建联盟为产业链发展加力赋能) of comparable weight (at
    # least half its length: a short line below is a subtitle, 途中在…考察); a line that opens
    # with a speaker clause (…时强调 A B) is a speech's whole headline, never a kicker
    # document_title: an issuing body above 关于…的通知 is one title (临洮县人民政府办公室关于…的通知)
    # (the 关于… title may be wrapped over several lines: 关于印发…主要任务 / 分工方案的通知)
    # (joined up to the first line that completes it; the lines after stay what they are)
    body_first = 1 if len(titles) >= 2 and _ISSUING_BODY.match(titles[0]) and titles[1].startswith("关于") else 0
    # (the issuing body may open the first line itself: 某某市人民政府办公室关于印发… / …分解的通知, wrapped mid-word)
    end = next((k for k in range(body_first + 1, len(titles) + 1)
                if DOCUMENT_TITLE.match(about_part(titles[body_first]) + "".join(titles[body_first + 1:k]))), None) \
        if titles and about_part(titles[body_first]) else None
    joined: set[str] = set()
    if end is not None and end >= 2 and not titles[body_first].startswith("关于"):
        why = "document_title (issuing body and 关于…的通知 on its first line, wrapped over lines)"
        a.trace.append((heads[0].line, "joined", why, "".join(titles[1:end])))
        joined = set(titles[:end])
        titles = ["".join(titles[:end])] + titles[end:]
    elif end is not None and end >= 2:
        joined = set(titles[:end])
        why = "document_title (issuing body + 关于…的通知)" if body_first else "document_title (关于…的通知 wrapped over lines)"
        a.trace.append((heads[0].line, "joined", why, "".join(titles[1:end])))
        titles = ["".join(titles[:end])] + titles[end:]
    # short_labels: two or more lines of at most 6 characters at a block's top (an app's and its
    # column's names: 学习强国 / 学习平台) are labels over the headline, never its title or kicker
    k = 0
    while k < len(titles) - 1 and len(titles[k]) <= 6 and not _DOC_KIND.search(titles[k]) and titles[k] == lines[k]:
        k += 1
    labels = set(titles[:k]) if k >= 2 else set()
    if labels:
        for p in heads[:k]:
            a.removed.append(f"short_labels: {p.text}")
            a.trace.append((p.line, "removed", "short_labels (short lines over a headline: an app's or column's names)", p.text))
        titles, lines = titles[k:], lines[k:]
    if len(titles) == 2 and len(lines) == 2 and wrapped_headline(*titles, copies):
        # wrapped_headline: a headline wrapped by the layout (…助力粮食 / 稳产增产) is one title
        a.trace.append((heads[1].line, "joined", "wrapped_headline (a short remainder printed under a long headline line)", titles[1]))
        joined = set(titles)
        titles = ["".join(titles)]
    if (kicker and len(titles) == 2) or (len(titles) >= 2 and colon_kicker_line(titles[0])):
        # colon_kicker (see _article and _header_block): the first line is the kicker
        if colon_kicker_line(titles[0]):
            a.trace.append((heads[0].line, "subtitle", "colon_kicker (a phrase ending in a colon above the headline)", titles[0]))
        subs = [titles[0].rstrip("：:")] + subs
        titles = titles[1:]
    # kicker_title_subtitle: two title lines above a dash subtitle are the kicker and the main title (the
    # subtitle stands under the main title: 再访脱贫村 振兴气象新 / 易地扶贫搬迁“搬”出新生活 / ——…见闻)
    # (one or more dash subtitles: a four-line block prints kicker, title and two —— lines)
    if len(titles) == 2 and len(lines) >= 3 and all(_DASH.match(t) for t in lines[2:]) and lines[:2] == titles:
        a.trace.append((heads[0].line, "subtitle", "kicker_title_subtitle (the line above the title, over a dash subtitle)", titles[0]))
        subs = [titles[0]] + subs
        titles = titles[1:]
    # a single phrase above a main title printed as two parallel clauses (积石山地震灾区恢复重建见闻 /
    # 加快恢复基础设施 保障受灾群众生活) is a kicker: a main title in two clauses stands alone
    if len(titles) == 2 and " " not in titles[0] and not re.search(r"[，,；;：:]", titles[0]) \
            and _PARALLEL.match(titles[1]) and not _SPEAKER.match(titles[1]) and len(titles[0]) <= len(titles[1]):
        subs = [titles[0]] + subs
        titles = titles[1:]
    # long_kicker: on a newspaper's or web page a long statement above a short main title is the kicker
    elif (printed or page) and len(titles) == 2 and long_kicker(*titles):
        a.trace.append((heads[0].line, "subtitle", "long_kicker (a long statement above a short main title)", titles[0]))
        subs = [titles[0]] + subs
        titles = titles[1:]
    elif (not re.search(r"[，,；;]", "".join(titles[1:2])) or (page and len(titles) == 2 and len(titles[0]) <= 6)) and (
            len(titles) >= 3 or (len(titles) == 2 and (
                (len(titles[0]) <= 8 and len(titles[1]) >= len(titles[0]) + 5)
                or (not page and _PARALLEL.match(titles[0]) and not _SPEAKER.match(titles[0]) and " " not in titles[1]
                    and len(titles[0]) > len(titles[1]) and 2 * len(titles[1]) >= len(titles[0]))))):
        subs = [titles[0]] + subs
        titles = titles[1:]
    # echoed_headline: on a page, the one line of a headline block that the page's browser-title
    # line repeats is the title; the others are its kicker or subtitle (黑麦家的致富路--社会·法治--人民网)
    core = lambda t: _LINE_TAG.sub("", t)  # noqa: E731  (a column tag before the line is not in the browser title)
    echoed = [t for t in titles + subs if any(c == core(t) or _is_copy(c, core(t)) for c in copies)] if page and len(lines) > 1 else []
    if len(echoed) == 1 and echoed[0] != (titles[:1] or [None])[0]:
        a.trace.append((heads[0].line, "title", "echoed_headline (repeated by the browser-title line)", echoed[0]))
        titles, subs = [echoed[0]], [t for t in titles + subs if t != echoed[0]]
    if titles:
        a.title = titles[0]
        subs = titles[1:] + subs
    full = next((s for s in subs if full_document_title(a.title, s)), None)
    if full is not None:  # document_title_full (see _article): the full title printed below the page's short one
        a.trace.append((heads[0].line, "title", "document_title_full (the document's own title with its issuing body)", full))
        subs = [s for s in subs if s != full]
        a.title = full
    # the subtitle keeps the page's line order (a session line broken over two lines reads on)
    order = {(_DASH.sub("", t) if _DASH.match(t) else t): n for n, t in reversed(list(enumerate(lines)))}
    subs.sort(key=lambda t: order.get(t, len(lines)))
    a.subtitle = " ".join(subs) or None
    for p in heads:
        if p.text in labels:
            continue
        role = "title" if p.text == a.title or (p.text in joined and a.title == "".join(lines[:len(joined)])) else "subtitle"
        notes = "; ".join(d for action, d in p.notes if action == "kept")  # dotted_headline, bracketed_headline
        a.trace.append((p.line, role, "headline block" + (f"; {notes}" if notes else ""), p.text))


def _header_date(a: Article) -> str | None:
    for s in (a.subtitle, a.title):
        if s:
            d = iso_date(s)
            if d:
                return d
    return None


def _attach_orphans(articles: list[Article]) -> list[Article]:
    """A headline (+ byline) with no body belongs to the untitled body before it."""
    out: list[Article] = []
    pending: list[Article] = []
    for a in articles:
        if a.paras:
            if pending:  # orphans before any body: their header goes to this article
                for o in pending:
                    _merge_header(a, o, into_body=False)
                pending = []
            out.append(a)
            continue
        prev = out[-1] if out else None
        if prev is not None and prev.strength != "byline" and a.title:
            if prev.weak_header:
                prev.paras = prev.weak_header + prev.paras
                prev.trace.append((prev.first_line, "kept", "weak title goes back to the body: the title printed after it is the real one", " / ".join(prev.weak_header)))
            prev.title, prev.subtitle, prev.strength, prev.weak_header = a.title, a.subtitle, "byline" if a.authors else "weak", []
            prev.authors = a.authors or prev.authors
            prev.publication = prev.publication or a.publication
            prev.removed += a.removed
            prev.trace += [(ln, act, f"{rule} (printed after its body)", t) for ln, act, rule, t in a.trace
                           if act != "article"]
        elif prev is not None:
            _merge_header(prev, a, into_body=True)
        else:
            pending.append(a)
    if pending and out:
        for o in pending:
            _merge_header(out[-1], o, into_body=True)
    return out


def _merge_header(a: Article, o: Article, *, into_body: bool) -> None:
    if into_body:
        a.paras += [t for t in (o.title, o.subtitle) if t]
    elif not a.title:
        a.title, a.subtitle = o.title, o.subtitle
    if not into_body:  # a header printed above the article's own: its lines come first
        a.head_lines = (o.head_lines or [t for t in (o.title, o.subtitle) if t]) + a.head_lines
    a.authors = a.authors or o.authors
    a.removed += o.removed
    a.trace += [row for row in o.trace if row[1] != "article"]
