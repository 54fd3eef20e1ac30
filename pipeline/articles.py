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

from pipeline.article_titles import headline_titles
from pipeline.bylines import byline, closer, tail_names
from pipeline.chrome import PAGE_RULES, rule_name
from pipeline.clean import Para, is_caption, is_headline
from pipeline.headlines import (DASH, DOCUMENT_TITLE, HEAD_BLOCKS, ISSUING_BODY, META_LINES,
                                SECTION_HEAD,
                                about_part, choose_headline, colon_kicker_line, continued_line, full_document_title,
                                is_copy, kicker_line, long_kicker, page_headline_shape, sentence_headline, short_labels,
                                block_score, kicker_shape, slogan_row, labelled_fields, one_line_form, side_headline, speech_kicker, statement, SITE_END, account_below, account_slot, body_lead, chrome_names, related_names, topic_colon, ITEM_MARKS, own_site_tail, remainder_name, site_name_top, source_name_line, tab_title_line, tab_titles, wrapped_headline)
from pipeline.pagefields import iso_date


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


def _copies(paras: list[Para]) -> tuple[str, ...]:
    """The page's browser-title lines, and the tab title a print header holds (2025/12/2 上午9:14　标题-某某网)."""
    return tuple(p.text for p in paras if p.drop is not None and p.drop.rule == "page_title_copy") + tuple(tab_titles(paras))


def _account_why(slot: str) -> str:
    """The --explain name of an account's name removed from under a headline (account_below, and the account_slot that
    showed it)."""
    return "account_below (a bare name under the headline the body never says: its account" + (
        f"; account_slot: {slot})" if slot else ")")


def name_remainder(paras: list[Para], kept: list[int], k: int, copies: tuple[str, ...]) -> bool:
    """name_remainder: a line read as a bare name (a byline of names alone: 向优, 万辆) right under a headline line
    is the headline's last word, wrapped by the layout, when that line cannot end there (a word cut, an open end:
    :func:`headlines.continued_line`; a numeral, which needs its unit: …双超700 / 万辆) or the page's browser title
    holds the two lines joined (…持续向新 / 向优)."""
    p = paras[kept[k]]
    if k == 0 or p.gap != 0 or paras[kept[k - 1]] is not paras[kept[k] - 1]:
        return False
    return remainder_name(paras[kept[k - 1]].text, p.text, copies)


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
        copies = _copies(paras)
        for k, i in enumerate(kept):
            text = paras[i].text
            b = byline(text) if not name_remainder(paras, kept, k, copies) else None
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
        copies = _copies(paras)
        for k, i in enumerate(kept[:8]):
            if byline(paras[i].text) and not name_remainder(paras, kept, k, copies):
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
    articles = _attach_orphans(articles)
    if len(articles) == 1:  # (a print header's tab title names the page: the title of a page that holds one article)
        _print_title(articles[0], paras)
    return articles


def _article(chunk: list[Para], paras: list[Para], start: int, header, why: str, weights) -> Article:
    a = Article(first_line=chunk[0].line)
    copies = _copies(paras)
    header_ids: set[int] = set()
    meta: dict = {}
    if header:
        block, b = header
        names, pub, kind = byline(paras[b].text)
        a.authors = list(names)
        a.publication = pub
        a.strength = "byline"
        heads = []
        names = chrome_names([paras[i].text for i in block], chunk)
        # account_below: the block's last line, a bare name under its headline line the lead does not say
        kept = [i for i in block if paras[i].text not in names and not is_caption(paras[i].text)]
        # (account_slot: a name of any shape where the platform prints its account, the line of the block it ends)
        j = next((j for j in range(1, len(kept)) if paras[kept[j]].gap == 0 and paras[kept[j - 1]] is paras[kept[j] - 1]
                  and account_slot(chunk, paras[kept[j]])), len(kept) - 1)
        slot = account_slot(chunk, paras[kept[j]]) if len(kept) >= 2 else ""
        below = kept[j] if len(kept) >= 2 and (kept[j] == block[-1] or slot) and paras[kept[j]].gap == 0 and paras[kept[j - 1]] is paras[kept[j] - 1] \
            and account_below(paras[kept[j - 1]].text, paras[kept[j]].text, body_lead(chunk, [paras[i].text for i in block]), slot) else None
        for i in block:
            p = paras[i]
            if p.text in names:  # chrome_name: a site's, account's or column's name printed with the headline
                a.removed.append(f"name_line: {p.text}")
                a.trace.append((p.line, "removed", "chrome_name (a name the page prints again in its chrome, not said in the body)", p.text))
            elif i == below:
                a.removed.append(f"name_line: {p.text}")
                a.trace.append((p.line, "removed", _account_why(slot), p.text))
            elif is_caption(p.text):
                a.removed.append(f"caption: {p.text}")
                a.trace.append((p.line, "removed", "caption", p.text))
            else:
                heads.append(p)
            header_ids.add(id(p))
        header_ids.add(id(paras[b]))
        heads = _join_printed(heads, _printed_whole(chunk), a.trace)
        headline_titles(a, heads, page=any(p.drop is not None and p.drop.rule in PAGE_RULES for p in chunk), copies=copies,
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
    shape_kicker = None
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
        # (kicker_shape: a one-line block the choice passed over for its kicker's shape, right above the chosen block, is
        # that headline's kicker, kept as the subtitle as before round 17, never lost from the page; review 11)
        # (demoted by it alone: the block would have been chosen without kicker_shape's weight — a label or a site's name,
        # short_label, lost anyway and stays removed)
        scores = [block_score(f, weights)[0] for _, f in a.candidates]
        shaped = {t for t, f in a.candidates if f.get("kicker_shape")
                  and block_score({**f, "kicker_shape": 0.0}, weights)[0] >= max(scores)}
        shape_kicker = skipped[-1] if skipped and skipped[-1].text in shaped else None
        for p in skipped:
            if p is shape_kicker:
                a.trace.append((p.line, "subtitle", "kicker_shape (a kicker's shape above the chosen headline: its kicker)", p.text))
                continue
            a.removed.append(f"above_headline: {p.text}")
            a.trace.append((p.line, "removed", "above_headline", p.text))
        # site_name_top: a body's or site's name over the page's navigation is its header (also with no choice to make)
        if not skip and body and site_name_top(chunk, body[0]):
            a.removed.append(f"above_headline: {body[0].text}")
            a.trace.append((body[0].line, "removed", "site_name_top (a body's or site's name over the page's navigation; app_name_top: an app's over its top bar)", body[0].text))
            skipped, body = [body[0]], body[1:]
        # source_name_line: a line among the headline's that is only the name the page gives as its source or
        # account (来源：某某部 below, 某某部 under the headline) is its author line, never a headline line
        k = next((k for k, p in enumerate(body[1:4], 1) if k + 1 < len(body) and source_name_line(chunk, p)), None)
        if k is not None and all(page_headline_shape(p.text) or topic_colon(p.text) for p in body[:k]):
            p = body.pop(k)
            a.removed.append(f"source_name_line: {p.text}")
            a.trace.append((p.line, "removed", "source_name_line (the page's source or account named alone by the headline)", p.text))
        # chrome_name: among the headline lines at the top, a short name the page prints again in its chrome (a
        # breadcrumb, a byline, an app prompt) and the body never says (工信微报 under the headline) is no headline line
        top = []
        for p in body[:5]:
            if not page_headline_shape(p.text) or (top and p.gap):
                break
            top.append(p)
        # (below the first line: a name above the headline is left to the headline choice and short_labels, which
        # read it as a label or the site's header)
        names = chrome_names([p.text for p in top], chunk) if len(top) >= 2 else []
        for p in [p for p in top[1:] if p.text in names]:
            body.remove(p)
            a.removed.append(f"name_line: {p.text}")
            a.trace.append((p.line, "removed", "chrome_name (a name the page prints again in its chrome, not said in the body)", p.text))
        # account_below: the last line of that block, a bare name the lead does not say under a headline line that can
        # end there (商务部召开… / 商务微报), is the posting account's name, never the headline's last words
        # (account_slot: or a name of any shape where the platform prints its account — an owner line or a bare publish
        # line right below it —, the line of the block it ends, whatever block follows)
        k = next((k for k in range(1, len(top)) if top[k].gap == 0 and account_slot(chunk, top[k])), len(top) - 1)
        slot = account_slot(chunk, top[k]) if len(top) >= 2 else ""
        if len(top) >= 2 and top[k] in body and top[k].gap == 0 \
                and account_below(top[k - 1].text, top[k].text, body_lead(chunk, [p.text for p in top]), slot):
            p = top[k]
            body.remove(p)
            a.removed.append(f"name_line: {p.text}")
            a.trace.append((p.line, "removed", _account_why(slot), p.text))
        # own_site_tail: a tab title closed by the page's own name (标题 - 某某局) among the headline lines is the browser's
        # copy, never a headline line (also when it stands in the headline's block and no choice was made)
        for p in [p for p in top if p in body and own_site_tail(p.text, chunk)] if len(top) >= 2 else []:
            body.remove(p)
            a.removed.append(f"above_headline: {p.text}")
            a.trace.append((p.line, "removed", "own_site_tail (a tab title closed by the page's own name: the browser's copy)", p.text))
        # short_labels: two or more lines of at most 6 characters right above a longer headline line (an app's
        # and its channel's names: 学习强国 / 学习平台 / 标题) are labels, never the title or its kicker
        k = short_labels(body)
        for p in body[:k]:
            a.removed.append(f"short_labels: {p.text}")
            a.trace.append((p.line, "removed", "short_labels (short lines over a headline: an app's or column's names)", p.text))
        skipped, body = skipped + body[:k], body[k:]
    if not header:
        if page and len(body) > 2 and body[1].gap == 0:
            # broken_headline: a headline wrapped mid-word over two lines, whole in the page's
            # browser-title copy (…事故场景新 / 质救援能力…) is one line
            joined = body[0].text + body[1].text
            if any(joined in p.text for p in chunk if p.drop is not None and p.drop.rule == "page_title_copy"):
                a.trace.append((body[1].line, "joined", "broken_headline (whole in the browser-title copy)", body[1].text))
                body = [Para(body[0].line, joined, body[0].gap, None, [body[0].line, body[1].line], body[0].notes)] + body[2:]
        printed = any(p.drop is not None and p.drop.rule == "masthead" for p in chunk)  # a newspaper's page
        # headline_continues and document_title: lines wrapped by the layout are one line before the block is read
        if page or printed:
            whole = _printed_whole(chunk)
            body = _join_wrapped(body, copies, a.trace, whole, _meta_lines(chunk))
            # (a headline line the page's related list prints whole is the headline, as a browser-title copy tells it)
            # (related_copy: or names after a column tag or a place and a colon, 陕西延安：…)
            items = _related_items(chunk)
            copies += tuple(p.text for p in body[:4] if (p.text in whole or any(related_names(i, p.text) for i in items))
                            and p.text not in copies)
        # kicker_line: a series name, a theme line or an occasion over a headline line is a kicker whatever stands below
        kickers = _kicker_lines(body, a.trace) if page or printed else []
        lead = []
        # a headline block of three lines above the body (kicker, title, subtitle) is read as a printed one
        # (below it body text, or a line opened by a reporter's role — 本报记者 某某, whatever the name's form: a byline)
        three_line_block = len(body) > 3 and all(is_headline(p.text, max_len=60) and p.gap == 0 for p in body[1:3]) \
            and (not page_headline_shape(body[3].text) or _ROLE_OPEN.match(body[3].text) is not None) \
            and not any(DASH.match(p.text) for p in body[:3]) and not any(labelled_fields(p.text) for p in body[1:3])
        # (never over a line of labelled fields, 记者：某某 通讯员：某某, which is the page's credits, not a subtitle)
        # dash_block: two headline lines and a dash subtitle below them, printed together (再访脱贫村 振兴气象新 /
        # 易地扶贫搬迁“搬”出新生活 / ——锦屏社区…见闻): kicker, title and subtitle, read whole (see article_titles)
        dash_block = len(body) > 3 and all((is_headline(p.text, max_len=60) or (page and page_headline_shape(p.text))) and p.gap == 0
                                           for p in body[1:3]) \
            and is_headline(body[0].text, max_len=60) and DASH.match(body[2].text) is not None \
            and not any(DASH.match(p.text) for p in body[:2])
        three_line_block = three_line_block or dash_block
        # speech_block: a kicker reporting a speech (…作出重要指示强调) over three headline lines printed together — the
        # speech's 主题 on two lines and a 副题 (李强作出批示) — above the body: the four lines are the headline block
        speech_block = (page or printed) and len(body) > 4 and speech_kicker(body[0].text) \
            and all(is_headline(p.text, max_len=60) and p.gap == 0 for p in body[1:4]) and side_headline(body[3].text) \
            and not page_headline_shape(body[4].text) and not any(DASH.match(p.text) for p in body[:4])
        # colon_kicker: on a page, a short phrase ending in a colon right above a headline line (央视《新闻联播》聚焦某县： /
        # 突出优势特色 加快县域发展) is its kicker (引题), the line below the main title
        colon_kicker = (page or printed) and len(body) > 2 and colon_kicker_line(body[0].text) and body[1].gap == 0 \
            and page_headline_shape(body[1].text) and not byline(body[1].text)
        if colon_kicker:
            a.trace.append((body[0].line, "subtitle", "colon_kicker (a phrase ending in a colon above the headline)", body[0].text))
            body[0].text = body[0].text[:-1]
        for n, p in enumerate(body[:4] if speech_block else body[:3] if three_line_block else body[:2]):
            if n == 1 and page_headline_shape(p.text) and not DASH.match(p.text) and _meta_between(chunk, body[0], p):
                # meta_between: a publish, source or date line between two lines parts them; the line below is
                # not read with the headline above it (高原夏菜喜获丰收 / 2024-03-08 来源：… / a longer line) — unless
                # a dash marks it as the headline's subtitle (——1至5月…)
                a.trace.append((p.line, "kept", "meta_between (a publish or date line parts it from the headline above)", p.text))
                break
            if n > 0 and SECTION_HEAD.match(p.text):
                # section_head: a line opening with a section's enumerator (一、总体要求 / （一）…) is the body's first
                # heading, never a headline's line (its main title, kicker or wrap)
                a.trace.append((p.line, "kept", "section_head (the body's first section heading)", p.text))
                break
            if page and n == 0 and not is_headline(p.text) and not byline(p.text) and page_headline_shape(p.text):
                page_headline = True
                lead.append(p)
                continue
            # one title line; a second only when it is a dash subtitle (——访…)
            # a second line: a dash subtitle (——访…), or a short one right above a news lead (本报北京3月5日电)
            # or, on a page, the headline below a short kicker in the same block (聚焦乡村振兴 / 高原夏菜…)
            second = (speech_block and n > 0) or n in (1, 2) and (n == 1 or three_line_block) and (DASH.match(p.text) or three_line_block or (
                n == 1 and p.gap == 0 and DOCUMENT_TITLE.match(p.text) and ISSUING_BODY.match(body[0].text)) or (
                n == 1 and p.gap == 0 and about_part(body[0].text) and DOCUMENT_TITLE.match(about_part(body[0].text) + p.text)) or (
                len(p.text) <= 20 and len(body) > 2 and any(d.startswith("news_lead") for _, d in body[2].notes))
                or (page and p.gap == 0 and len(body[0].text) <= 8 and len(p.text) >= len(body[0].text) + 5
                    and (not re.search(r"[，,；;]", p.text) or len(body[0].text) <= 6))
                or (n == 1 and p.gap == 0 and (printed or page) and long_kicker(body[0].text, p.text))
                or (n == 1 and p.gap == 0 and wrapped_headline(body[0].text, p.text, copies))
                or (n == 1 and p.gap == 0 and (page or printed) and kicker_line(body[0].text, p.text))
                # (or the rest of a headline the page printed on two lines: one_line_form)
                or (n == 1 and p.gap == 0 and (page or printed) and one_line_form(body[0].text, p.text))
                # (or the line the page's browser title or related list repeats: the headline under its kicker)
                or (n == 1 and p.gap == 0 and page and any(c == p.text or is_copy(c, p.text) for c in copies)))
            # (on a page the line below a kicker is a page headline: 今后五年，兰州这样干！)
            shaped = is_headline(p.text) or (page and n > 0 and page_headline_shape(p.text)) or (colon_kicker and n < 2)
            if shaped and not byline(p.text) and not closer(p.text) and (n == 0 or second or (colon_kicker and n == 1)):
                lead.append(p)
            else:
                break
        if lead and len(body) > len(lead):
            headline_titles(a, lead, page=page, copies=copies, printed=printed, kicker=colon_kicker and len(lead) == 2)
            if page_headline:
                a.trace = [(ln, act, "page_headline" if act == "title" and ln == lead[0].line else rule, t)
                           for ln, act, rule, t in a.trace]
            a.strength = "weak"
            a.weak_header = [p.text for p in skipped + kickers + lead]
            body = body[len(lead):]
            if shape_kicker is not None and shape_kicker not in kickers:
                kickers = [shape_kicker] + kickers
            if kickers:
                a.subtitle = " ".join([p.text for p in kickers] + ([a.subtitle] if a.subtitle else []))
                a.head_lines = [p.text for p in kickers] + a.head_lines
        else:  # no title after all: the kicker lines and the lines above go back to the body
            body = skipped + kickers + body
            a.removed = [r for r in a.removed if not r.startswith("above_headline: ")]
            a.trace = [t for t in a.trace if t[2] != "above_headline" and not t[2].startswith(("kicker_line", "kicker_shape"))]
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


def _meta_between(chunk: list[Para], above: Para, below: Para) -> bool:
    """meta_between: a publish, source, date or editor line stands between the lines ``above`` and ``below``
    (a joined line ends at its last page line), and ``below`` stands right above the body text."""
    lo, hi = max(above.lines or [above.line]), below.line
    if not any(lo < q.line < hi and q.drop is not None and q.drop.rule in META_LINES for q in chunk):
        return False
    # (only a line that stands between the page's publish line and its body text, where a standfirst or subtitle
    # stands: a title under the date line has the page's own publish line or a byline below it, or is read by the
    # headline choice; a kicker parted from its title by the date line stays its kicker)
    end = max(below.lines or [below.line])
    nxt = next((q for q in chunk if q.line > end and (q.drop is None or q.drop.rule != "_merged")), None)
    return nxt is not None and nxt.drop is None and not page_headline_shape(nxt.text) and not byline(nxt.text)


# the shortest browser tab title taken for a page that prints no headline line (新闻详情, 信息公开 are page labels)
PRINT_TITLE_MIN = 6


def _print_title(a: Article, chunk: list[Para]) -> None:
    """print_title: on a page holding one article, a browser print header's tab title is evidence for the headline among the lines read as the
    header (:func:`headlines.tab_title_line`): the line it names is the title; when it names none, the page prints
    no headline line (a kicker or subtitle stayed where the headline was) and the tab title is the title, the lines
    read as the header its subtitle."""
    tabs = tab_titles(chunk)
    if not tabs or not a.title:
        return
    lines = [a.title] + [t for t in a.head_lines if t != a.title and t not in a.title]
    line = tab_title_line(tabs[0], lines)
    # (a tab title naming no line stands for the headline only when it is shaped like one, not a CMS label: 新闻详情)
    if line is None or line == a.title or (not line and len(tabs[0]) < PRINT_TITLE_MIN):
        return
    if line:
        why = "print_title (the line the browser's tab title names is the headline)"
        subs = [t for t in lines if t != line]
        a.title, a.subtitle = line, " ".join(t for t in (a.subtitle, *[t for t in subs if t not in (a.subtitle or "")]) if t) or None
    else:
        why = "print_title (the browser's tab title names no header line: the page prints no headline)"
        a.title, a.subtitle = tabs[0], " ".join(t for t in (a.title, a.subtitle) if t)
    a.trace.append((a.first_line, "title", why, a.title))


def _related_items(chunk: list[Para]) -> list[str]:
    """The page's related lists' items, bare (:data:`headlines.ITEM_MARKS`)."""
    return [ITEM_MARKS.sub("", p.text) for p in chunk if p.drop is not None and p.drop.rule == "related_link"]


def _printed_whole(chunk: list[Para]) -> set[str]:
    """The lines the page prints as another headline's copy, bare (:data:`headlines.ITEM_MARKS`): its browser-title lines and
    its related lists' items (相关阅读 / 交通部门多举措应对返程客流高峰)."""
    return {ITEM_MARKS.sub("", p.text) for p in chunk if p.drop is not None and p.drop.rule in ("related_link", "page_title_copy")}


# the rules of a page's date and source lines (a publish line, a dateline, 来源：…): a headline stands above them, the body below
META_RULES = frozenset({"source_meta", "publish_line", "web_dateline"})


def _meta_lines(chunk: list[Para]) -> list[int]:
    """The lines of ``chunk``'s removed date and source lines (:data:`META_RULES`)."""
    return [p.line for p in chunk if p.drop is not None and p.drop.rule in META_RULES]


def _join_wrapped(body: list[Para], copies: tuple[str, ...], trace: list, whole: set[str] = frozenset(),
                  meta: list[int] = ()) -> list[Para]:
    """headline_continues: among the headline lines at the top of ``body``, one that cannot end where the layout
    wrapped it (a dictionary word cut, a particle at its end, a time phrase…: :func:`headlines.continued_line`) is
    one line with the line below, read before the block's kicker, title and subtitle are told apart (转载 /
    前三季度我国机 / 器人产量…); a 关于… title wrapped over two lines is one when the two complete it
    (``document_title``: its issuing body is read with it). A join never crosses a removed date or source line (the
    ``meta`` lines): the line below it is the body's, never the headline's. A new list; the lines are new Paras."""
    body = list(body)
    k = 0
    while k + 2 < len(body) and k < 4 and (page_headline_shape(body[k].text) or topic_colon(body[k].text)):
        nxt = body[k + 1]
        if any(body[k].line < m < nxt.line for m in meta):
            k += 1
            continue
        if about_part(body[k].text) or ISSUING_BODY.match(body[k].text):
            whole = about_part(body[k].text + nxt.text)
            why = "document_title (a 关于… title wrapped over two lines)" if nxt.gap == 0 and whole and DOCUMENT_TITLE.match(whole) \
                and not DOCUMENT_TITLE.match(about_part(body[k].text)) else ""
            sep = ""
        else:
            # (lead_continues: the body's lead below says the words across the cut as one run)
            lead = "".join(p.text for p in body[k + 2:k + 5])[:300]
            why = continued_line(body[k].text, nxt.text, lead) if nxt.gap == 0 and wrapped_headline(body[k].text, nxt.text, copies, lead) else ""
            why = why or ("name_remainder" if nxt.gap == 0 and remainder_name(body[k].text, nxt.text, copies) else "")
            # printed_whole: the page prints the two lines as one elsewhere (a related list's item, the browser title)
            # and neither alone (交通部门多举措 / 应对返程客流高峰, 相关阅读: 交通部门多举措应对返程客流高峰)
            why = why or ("printed_whole" if _printed_pair(body[k], nxt, whole) else "")
            sep = " " if why in ("time_phrase", "new_clause", "lead_clause") else ""  # (a time phrase over its headline is read with a space)
            why = why and f"headline_continues: {why} (the line above cannot end the headline)"
        if not why:
            k += 1
            continue
        trace.append((nxt.line, "joined", why, nxt.text))
        body[k] = Para(body[k].line, body[k].text + sep + nxt.text, body[k].gap, None, (body[k].lines or [body[k].line]) + [nxt.line],
                       body[k].notes)
        del body[k + 1]
        if why.startswith("document_title"):
            k += 1
    return body


def _printed_pair(above: Para, nxt: Para, whole: set[str]) -> bool:
    """printed_whole: the page prints the lines ``above`` and ``nxt`` (printed together) as one elsewhere — a related
    list's item, the browser title — and neither alone (交通部门多举措 / 应对返程客流高峰, 相关阅读: 交通部门多举措应对返程客流高峰)."""
    return nxt.gap == 0 and page_headline_shape(nxt.text) and above.text + nxt.text in whole and not {above.text, nxt.text} & whole


def _join_printed(heads: list[Para], whole: set[str], trace: list) -> list[Para]:
    """printed_whole in a header block over a byline: two of its lines the page prints as one elsewhere are one line
    (:func:`_printed_pair`). A new list; a joined line is a new Para."""
    heads = list(heads)
    k = 0
    while k + 1 < len(heads):
        nxt = heads[k + 1]
        if not _printed_pair(heads[k], nxt, whole):
            k += 1
            continue
        trace.append((nxt.line, "joined", "headline_continues: printed_whole (the line above cannot end the headline)", nxt.text))
        heads[k] = Para(heads[k].line, heads[k].text + nxt.text, heads[k].gap, None, (heads[k].lines or [heads[k].line]) + [nxt.line],
                        heads[k].notes)
        del heads[k + 1]
    return heads


# a line opened by a reporter's role and a space (本报记者 某某 / 记者 某某 / 特约通讯员 某某): a byline, never a headline line
_ROLE_OPEN = re.compile(r"^(?:本报|本台|本刊|新华社)?(?:特约|实习)?(?:记者|通讯员)\s+\S")


def _kicker_lines(body: list[Para], trace: list) -> list[Para]:
    """kicker_line: the lines among the first three of ``body`` that are a kicker over the line below them (a series
    name, a theme line, an occasion: :func:`headlines.kicker_line`), whatever stands below (a kicker of the page's
    own, a title and subtitle); taken out of ``body`` (in place) and returned, kept as the subtitle's first part."""
    kickers: list[Para] = []
    k = 0
    while len(kickers) < 2 and k < 3 and k + 2 < len(body) and page_headline_shape(body[k].text):
        why = kicker_line(body[k].text, body[k + 1].text) if body[k + 1].gap == 0 else ""
        # (a row of parallel phrases is never the middle line of a block printed under a longer headline line, 引题 / 主题 /
        # 副题 — 张灯结彩迎新春 逛花市办年货忙 / 小年到 年味渐浓 / 各地人们…: a short 主题 of parallel phrases is the title, not
        # a kicker; a series', theme's or occasion's line stays a second kicker under the first, and so does a slogan row under
        # a slogan row: 奋进新征程 建功新时代 / 稳经济 促发展 强信心 / 我市…, two kicker rows over the statement)
        if why == "slogan_row" and k > 0 and body[k].gap == 0 and page_headline_shape(body[k - 1].text) and body[k - 1].drop is None \
                and len(body[k - 1].text) > len(body[k].text) and not slogan_row(body[k - 1].text):
            why = ""
        # (kicker_shape: a short line with no statement's shape — a column's or special's name, figures, a setting — at the
        # top of a block of three or more headline lines printed together, over a longer line that states something, is
        # one of the block's kickers: 民生 · 关注 / 春节特辑 / 「灯火」 / …; a two-line block is read by article_titles)
        # (never a site's, app's or account's name, 某某新闻 / 某某发布: the page's own name over its headline is read as a name)
        shape = kicker_shape(body[k].text) if len(body[k].text) <= 8 and not SITE_END.search(body[k].text) and all(
            q.gap == 0 and (page_headline_shape(q.text) or colon_kicker_line(q.text)) and q.drop is None
            for q in body[k + 1:k + 3]) else ""
        block = body[k + 1:k + 3]  # (the block's lines below it, up to three, printed together)
        if len(body) > k + 3 and body[k + 3].gap == 0 and page_headline_shape(body[k + 3].text) and body[k + 3].drop is None:
            block.append(body[k + 3])
        if not why and shape and any(statement(q.text) and len(q.text) > len(body[k].text) and not DASH.match(q.text)
                                     for q in block):
            why = f"kicker_shape: {shape}"
        if not why:
            k += 1
            continue
        trace.append((body[k].line, "subtitle", f"kicker_line: {why} (a kicker above the headline)", body[k].text))
        kickers.append(body.pop(k))
    return kickers


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
