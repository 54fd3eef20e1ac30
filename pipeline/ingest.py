"""Ingest: raw corpus files -> ``documents`` and ``ingest_errors``.

For each file: decode the bytes (:func:`pipeline.io.decode`), turn markup into lines
(:mod:`pipeline.markup`), normalise the text and drop chrome (:mod:`pipeline.clean`),
repair page-break splits, split the file into articles (:mod:`pipeline.articles`), and
read each article's metadata (:mod:`pipeline.metadata`). The places a text names are the
``places`` table (:mod:`pipeline.places`), not a column here. :func:`explain` shows every
decision line by line.

>>> from pipeline.io import RawFile
>>> docs, errors = documents([RawFile("a.txt", None, "标题\\n\\n正文第一段。".encode())])
>>> docs.loc[0, "title"], docs.loc[0, "text"]
('标题', '正文第一段。')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import pandas as pd
import pyarrow as pa

from pipeline import chrome, clean, docformats, headlines, markup, mastheads, pagefields, schemas
from pipeline.explanation import Explanation, Step
from pipeline.metadata import FileEvidence, describe, front_source
from pipeline.articles import META_RULES, Article, Para, split_articles
from pipeline.ids import content_hash, doc_id
from pipeline.io import DecodeError, RawFile, decode, unsupported_message
from pipeline import divisions as divisions_mod
from pipeline import lexicons

# the H1 of a daily digest: 《新闻联播》 (20230602)
_DIGEST_H1 = re.compile(r"^(?P<name>.*?)\s*[（(]\s*(?P<date>\d{8}|\d{4}-\d{2}-\d{2})\s*[)）]\s*$")
# a doubled title from a crawl: 2020年广州市政府工作报告2020年广州市政府工作报告
_DOUBLED = re.compile(r"^(?P<t>.{4,})(?P=t)$")
# a markdown footnote definition: [^1]: （根据中共中央文件刊印）
_FOOTNOTE_DEF = re.compile(r"^\[\^([^\]]{1,10})\]:")
# chrome that only a web or platform page carries: such a file holds one article
_PAGE_RULES = chrome.PAGE_RULES
# a date inside a title: 忻州市政府工作报告（2022年2月21日 李建国）
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")


@dataclass
class FileResult:
    """What ingest made of one file: its articles, or the reason it has none."""

    source: str
    articles: list[Article] = field(default_factory=list)
    error_kind: str | None = None
    error: str | None = None
    encoding: str | None = None
    trace: list[tuple[int, str, str, str]] = field(default_factory=list)
    evidence: FileEvidence | None = None  # what the file says about itself (for metadata)


def documents(raw_files: list[RawFile], *, divisions=None, lexicon=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Decode, clean and split every raw file; files that yield nothing go to the errors table.

    ``divisions``: the national division list the issuers are resolved against (default:
    :func:`pipeline.divisions.load`); ``lexicon``: the headline weights and national media
    (default: the bundled lexicons).
    """
    rows, errors = _rows(raw_files, divisions=divisions, lexicon=lexicon)
    return _documents_frame(rows), _errors_frame(errors)


def documents_table(raw_files: list[RawFile], *, divisions=None, lexicon=None) -> tuple[pa.Table, pd.DataFrame]:
    """:func:`documents` with the documents as an Arrow table of the declared schema, built from
    the rows' columns without a frame, carrying the pandas metadata of the frame :func:`documents`
    gives (``schemas.frame_metadata``; what the stage writes: a frame, then its conversion back to
    Arrow, cost as much as cleaning a small file).

    >>> docs, errors = documents_table([RawFile("a.txt", None, "标题\\n\\n正文第一段。".encode())])
    >>> docs.column("title").to_pylist(), len(errors)
    (['标题'], 0)
    """
    rows, errors = _rows(raw_files, divisions=divisions, lexicon=lexicon)
    schema = schemas.TABLES["documents"].schema
    if not rows:
        return schemas.to_arrow("documents", schemas.empty("documents")), _errors_frame(errors)
    columns = {name: [row[name] for row in rows] for name in schema.names}
    meta = schemas.frame_metadata("documents", columns, lambda: _documents_frame(rows))
    arrow = pa.Table.from_arrays([pa.array(columns[f.name], type=f.type, from_pandas=True) for f in schema], schema=schema)
    return schemas.check_arrow("documents", arrow.replace_schema_metadata(meta), keep_metadata=True), _errors_frame(errors)


def _rows(raw_files: list[RawFile], *, divisions, lexicon) -> tuple[list[dict], list[dict]]:
    """The rows of ``documents`` and of ``ingest_errors`` (:func:`documents`), as dicts."""
    rows, errors = [], []
    divisions = divisions_mod.load() if divisions is None else divisions
    lexicon = lexicons.bundled() if lexicon is None else lexicon
    for raw in raw_files:
        if raw.data is None:
            errors.append({"source": raw.source, "kind": raw.error_kind or "unreadable",
                           "message": raw.error or "file could not be read"})
            continue
        result = process_bytes(raw.data, raw.source, lexicon=lexicon)
        if result.error_kind:
            errors.append({"source": raw.source, "kind": result.error_kind, "message": result.error})
            continue
        for n, a in enumerate(result.articles):
            text = "\n".join(a.paras)
            meta = article_metadata(a, result.evidence, divisions, len(result.articles),
                                    national=lexicon.rule_words("national_media"), local=lexicon.rule_words("local_media"))
            rows.append({
                "doc_id": doc_id(raw.source, n), "source": raw.source, "article": n,
                "title": meta["title"], "subtitle": a.subtitle, "authors": list(a.authors),
                "publication": a.publication, "doc_type": meta["doc_type"], "date": meta["date"],
                "date_source": meta["date_source"], "year": meta["year"], "issuer": meta["issuer"],
                "issuer_level": meta["issuer_level"], "issuer_code": meta["issuer_code"],
                "text": text, "n_chars": len(text), "removed": list(a.removed), "evidence": meta["evidence"],
                "content_hash": content_hash(text),
            })
    return rows, errors


def _documents_frame(rows: list[dict]) -> pd.DataFrame:
    docs = pd.DataFrame(rows, columns=schemas.columns("documents")) if rows else schemas.empty("documents")
    # column by column on the new frame: DataFrame.astype(dict) copies and concatenates every
    # column (1.7 ms a file against 0.8 ms, most of the frame's cost)
    for col, dtype in (("article", "int32"), ("n_chars", "int64"), ("year", "Int32")) if rows else ():
        docs[col] = docs[col].astype(dtype)
    return docs


def _errors_frame(errors: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(errors, columns=schemas.columns("ingest_errors")) if errors else schemas.empty("ingest_errors")


def process_bytes(data: bytes, source: str, *, lexicon=None) -> FileResult:
    """One file's bytes to articles (or an error kind and message); a DOCX or PDF is first
    turned into text (:mod:`pipeline.docformats`)."""
    try:
        text, encoding = _text_of(data, source)
    except DecodeError as exc:
        return FileResult(source, error_kind=exc.kind, error=str(exc))
    except docformats.NoText as exc:
        return FileResult(source, error_kind=exc.kind, error=str(exc))
    result = process_text(text, source, lexicon=lexicon)
    result.encoding = encoding
    return result


def _text_of(data: bytes, source: str) -> tuple[str, str]:
    kind = docformats.kind_of(data, PurePosixPath(source).suffix.lower())
    if kind == "docx":
        return docformats.docx_text(data), "docx"
    if kind == "pdf":
        return docformats.pdf_text(data), "pdf"
    return decode(data)


def process_text(text: str, source: str = "text.txt", *, lexicon=None) -> FileResult:
    """Decoded text to articles; the format follows the file name's extension (``lexicon``:
    where the headline weights come from, default the bundled lexicons)."""
    res = FileResult(source)
    weights = (lexicons.bundled() if lexicon is None else lexicon).rule_words("headline_weights")
    if not text.strip():
        res.error_kind, res.error = "empty", "file holds only white space"
        return res
    if "\x00" in text:
        res.error_kind, res.error = "binary", "decoded text contains NUL characters: not a text file"
        return res
    suffix = PurePosixPath(source).suffix.lower()
    text = clean.normalize(text)
    text, comments = markup.strip_comments(text)
    file_removed = [f"html_comment: {c.strip()[:200]}" for c in comments]
    meta: dict = {}
    fm: dict = {}
    digest: dict = {}
    if suffix in (".html", ".htm") or (suffix != ".md" and re.match(r"\s*<(?:!doctype|html)\b", text, re.I)):
        body, page_title = markup.html_page(text)
        text = clean.normalize(body)
        if page_title:
            meta["title"] = clean.normalize(page_title).strip()
        items = [(None, text.split("\n"))]
        split = True
    else:
        fm, text = markup.front_matter(text)
        if fm:
            meta.update(fm)
        text = markup.inline_html(text)
        items, digest = _markdown_items(text) if (suffix == ".md" or fm) else ([(None, text.split("\n"))], {})
        meta.update(digest)
        # a document with front matter is one document; digests are split by their headings
        split = not fm and not digest
    articles: list[Article] = []
    evidence = FileEvidence(source, front=dict(fm), digest=dict(digest), comments=list(comments))
    for heading, lines in items:
        paras = _paras(lines)
        _drop_and_join(paras)
        evidence.dropped += [(p.line, p.drop.rule, dict(p.drop.meta), p.text) for p in paras
                             if p.drop is not None and p.drop.rule != "_merged"]
        # a web or platform page holds one article: its fragments are never documents
        page = split and any(p.drop is not None and p.drop.rule in _PAGE_RULES for p in paras)
        found = split_articles(paras, split=split, headline_weights=weights)
        if page and len(found) > 1:
            found = _as_one(found, paras)
            found[0].trace.append((found[0].first_line, "kept", "page_is_one_article: web or platform chrome", ""))
        if heading is not None:
            # digest_item_without_body: an item is a document even when the digest printed only
            # its heading (a compilation or a video item): its title, date and issuer are known
            found = _as_one(found, paras) if found else [
                Article(first_line=0, trace=[(0, "article", "digest_item_without_body", heading)])]
            for a in found:
                if a.strength == "weak":  # the item's heading is its title: a weak title is body text
                    a.paras = a.weak_header + a.paras
                    a.subtitle = None
                a.title, a.strength = heading, "meta"
        articles += found
        res.trace += [(p.line, "removed", chrome.rule_name(p.drop), p.text) for p in paras if p.drop is not None and not found]
    articles = [a for a in articles if a.paras or a.strength == "meta"]
    if not any(a.paras for a in articles):
        res.error_kind = "no_text"
        res.error = "nothing left after clean-up (the file holds only chrome, headings or blank lines)"
        return res
    _apply_meta(articles, meta)
    articles[0].removed = file_removed + articles[0].removed
    res.articles = articles
    res.evidence = evidence
    for a in articles:
        res.trace += a.trace
    return res


def article_metadata(a: Article, evidence: FileEvidence, divisions, n_articles: int = 1, *, national, local=()) -> dict:
    """An article's metadata columns and their evidence (see :mod:`pipeline.metadata`)."""
    return describe(title=a.title, subtitle=a.subtitle, head_lines=a.head_lines, paras=a.paras, publication=a.publication,
                    authors_pub=a.publication, removed=a.removed, file=evidence, divisions=divisions,
                    n_articles=n_articles, national=national, local=local)


def _as_one(found: list[Article], paras: list[Para]) -> list[Article]:
    """A digest item is one document even if its text looks like several."""
    if len(found) == 1:
        return found
    first = found[0]
    for a in found[1:]:
        first.paras += [t for t in (a.title, a.subtitle) if t] + a.paras
        first.removed += a.removed
        first.trace += a.trace
    return [first]


def _markdown_items(text: str) -> tuple[list[tuple[str | None, list[str]]], dict]:
    """Markdown lines as plain lines; a digest (many linked items) split at its item headings.

    A file is a digest when two or more sections under headings of one level each hold
    a link-only line (``[查看原文](…)``): every such section is an item, the heading its
    title. The H1 gives the publication and, when it carries one, the date.
    """
    raw_lines = text.split("\n")
    conv = [markup.markdown_line(line) for line in raw_lines]
    sections: dict[int, list[int]] = {}
    for i, (_, level) in enumerate(conv):
        if level >= 2:
            sections.setdefault(level, []).append(i)
    best = None
    for level, heads in sections.items():
        linked = 0
        for n, h in enumerate(heads):
            end = heads[n + 1] if n + 1 < len(heads) else len(conv)
            body = [raw_lines[j] for j in range(h + 1, end) if raw_lines[j].strip()]
            if any(markup.link_only(b) for b in body):
                linked += 1
        if linked >= 2 and linked * 2 >= len(heads):
            best = level
            break
    lines = [markup.unlink(t) if not markup.link_only(raw) else raw for (t, _), raw in zip(conv, raw_lines)]
    # a footnote definition ([^1]: …) and its indented lines are the editor's note, not the text:
    # each line carries the marker, so the cleaner's footnote rule drops it
    note = None
    for i, raw in enumerate(raw_lines):
        m = _FOOTNOTE_DEF.match(raw)
        if m:
            note = m.group(1)
        elif note and raw.startswith(("    ", "\t")) and raw.strip():
            lines[i] = f"[^{note}]: {lines[i].strip()}"
        elif raw.strip():
            note = None
    if best is None:
        return [(None, lines)], {}
    meta: dict = {}
    for (t, level), raw in zip(conv, raw_lines):
        if level == 1:
            m = _DIGEST_H1.match(t)
            name = (m.group("name") if m else t).strip()
            if name:
                meta["publication"] = name
            if m:
                d = m.group("date").replace("-", "")
                meta["date"] = f"{d[:4]}-{d[4:6]}-{d[6:]}"
            break
    heads = [i for i, (_, level) in enumerate(conv) if level == best]
    items = []
    for n, h in enumerate(heads):
        end = heads[n + 1] if n + 1 < len(heads) else len(conv)
        # later headings of a higher level (## 新闻摘要) end the item too
        for j in range(h + 1, end):
            if 0 < conv[j][1] < best:
                end = j
                break
        # keep line numbers: blank out lines outside the item
        item = [""] * len(lines)
        item[h + 1:end] = lines[h + 1:end]
        items.append((conv[h][0].strip(), item))
    return items, meta


def _paras(lines: list[str]) -> list[Para]:
    paras: list[Para] = []
    gap = 0
    for n, line in enumerate(lines, 1):
        s = line.strip()
        if not s:
            gap += 1
            continue
        paras.append(Para(n, s, gap))
        gap = 0
    return paras


# phrases parted by middle dots only (no bars, slashes or brackets): 稳就业·保民生·促发展·惠民生·强信心
_DOTTED = re.compile(r"^[^\s·•|｜/【】\[\]]{2,8}(?:\s*[·•]\s*[^\s·•|｜/【】\[\]]{2,8}){3,}$")

# a reading time that says it is an estimate of the text's (预计阅读 5 分钟, 约 3 分钟读完, 全文约 2300 字)
_ESTIMATE = re.compile(r"预计|约|全文|本文|读完|字")
# a line of the body's text: a sentence, or its clause, ends or pauses in it
_SENTENCE = re.compile(r"[。！？；：，,!?;:]")


def _drop_and_join(paras: list[Para]) -> None:
    """Mark chrome lines, cut chrome spans, and join paragraphs split by a page break (in place)."""
    for p in paras:
        p.drop = chrome.drop_line(p.text)
        if p.drop is None:
            rest, cuts = clean.cut_spans(p.text)
            for rule, span in cuts:
                p.notes.append(("cut", f"{rule}: {span}"))
            if cuts:
                p.text = rest
                if not rest:
                    p.drop = clean.Drop(cuts[0][0])
                    p.text = cuts[0][1]
                elif chrome.drop_line(rest):
                    p.drop = chrome.drop_line(rest)
    # a masthead printed over several lines at the top (甘肃日报 / GANSU DAILY / 2023年12月20日 / …)
    block = mastheads.masthead_block([(p.text, p.gap if n else 0, p.drop) for n, p in enumerate(paras[:mastheads.MASTHEAD_LINES])])
    for p, d in zip(paras, block or []):
        p.drop = d
    # a site or account name alone on one of the first lines (中国甘肃网, 广元发布)
    # (not the issuing body above a document's own title under its red head: 济南市人民政府文件 / … /
    # 济南市人民政府 / 关于印发…的通知)
    top = [p for p in paras if p.drop is None][:mastheads.HEADER_LINES + 1]
    red_head = any(p.drop is not None and p.drop.rule == "document_header" for p in paras[:mastheads.MASTHEAD_LINES])
    for p, nxt in zip(top[:mastheads.HEADER_LINES], top[1:] + [None]):
        if not (red_head and nxt is not None and nxt.text.startswith("关于")):
            p.drop = mastheads.header_line(p.text)
    # an account or site name right above the page's bare publish line (兰州发改 / 2022年01月07日 18:02);
    # below the first lines (under an app prompt or a menu) only a name that ends like one (央视新闻客户端)
    for n, (p, nxt) in enumerate(zip(paras[:mastheads.MASTHEAD_LINES], paras[1:mastheads.MASTHEAD_LINES + 1])):
        prev = paras[n - 1] if n else None  # (not the rest of a headline wrapped by the layout: wrapped_headline)
        if p.drop is None and nxt.gap == 0 and not (prev is not None and prev.drop is None and p.gap == 0
                                                    and headlines.wrapped_headline(prev.text, p.text)):
            p.drop = mastheads.account_line(p.text, nxt.drop, named=n >= mastheads.HEADER_LINES)
    # signature_date: the signing body and the date at the end of a document (某某县人民政府办公室 / 2024年12月30日)
    sig = pagefields.signature([(p.text, p.drop) for p in paras])
    if sig is not None:
        paras[sig[0]].drop = sig[1]
    # bracketed_headline: a lone 【…】 line right above the page's publish or source line, with no
    # headline-shaped line between the top and it, is the headline in brackets, not a column tag
    for n, p in enumerate(paras):
        if p.drop is not None and p.drop.rule == "column_header" and p.text.startswith("【") and n + 1 < len(paras) \
                and paras[n + 1].drop is not None and paras[n + 1].drop.rule in ("source_meta", "publish_line", "web_dateline") \
                and not any(q.drop is None and clean.is_headline(q.text) for q in paras[:n]):
            p.drop = None
            p.notes.append(("kept", "bracketed_headline: a lone 【…】 line above the publish line"))
            break
    # dotted_headline: a line of short phrases parted by middle dots only (稳就业·保民生·促发展·惠民生·强信心)
    # right above the page's publish or source line is its headline, not a menu (a menu stands in the
    # page's header, above its navigation, never right above the publish line)
    for n, p in enumerate(paras[:-1]):
        nxt = paras[n + 1]
        if p.drop is not None and p.drop.meta.get("line_class") == "menu_items" and _DOTTED.match(p.text) \
                and nxt.drop is not None and nxt.drop.rule in ("source_meta", "publish_line", "web_dateline"):
            p.drop = None
            p.notes.append(("kept", "dotted_headline: middle-dotted phrases above the publish line"))
    # body_address: a web address alone on its line between two lines of the body's text (a sentence above it, text
    # below it: 申报人员请登录以下网址… / https://… / 二、…) is the text's own, not the page's address (url_line)
    for prev, p, nxt in zip(paras, paras[1:], paras[2:]):
        if p.drop is not None and p.drop.meta.get("line_class") == "url_line" and prev.drop is None and nxt.drop is None \
                and not clean.is_headline(prev.text):
            p.drop = None
            p.notes.append(("kept", "body_address: a web address between lines of the body's text"))
    # body_owner, body_reading: an account's owner line (account_owner: 承办单位｜某某局) or a reading time (阅读：30分钟)
    # among the body's lines — a sentence of the body's text somewhere above it and somewhere below it, a kept line
    # right above and right below it — is the text's own (an event's organiser, an item of a schedule): an account's
    # card and a reader mode's measure stand in the page's header or footer block (a reading time that says it
    # estimates, 预计/约…分钟, is the page's wherever it stands)
    said = [p.drop is None and bool(_SENTENCE.search(p.text)) for p in paras]
    for n, (prev, p, nxt) in enumerate(zip(paras, paras[1:], paras[2:]), 1):
        cls = p.drop.meta.get("line_class") if p.drop is not None else None
        if cls in ("account_owner", "reading_time") and any(said[:n]) and any(said[n + 1:]) and prev.drop is None and nxt.drop is None \
                and not (cls == "reading_time" and _ESTIMATE.search(p.text)):
            p.drop = None
            p.notes.append(("kept", f"body_{'owner' if cls == 'account_owner' else 'reading'}: a {cls} line among the body's lines"))
    # the items of a related-links list (【相关链接】 then · lines)
    # (a list whose items carry bullets ends at its first line without one: the page's own headline
    # may follow a 本版新闻 list of the page's articles)
    in_list = bulleted = False
    for n, p in enumerate(paras):
        if p.drop is not None and (p.drop.rule == "related_link" or chrome.LIST_HEADING.match(p.text)):
            # (a list's heading opens a list of its own: its items' shape is its own, bulleted or not, whatever the list
            # above it had — 相关新闻 / · … / 相关阅读 / 标题)
            heading = chrome.LIST_HEADING.match(p.text) is not None
            in_list = True
            bulleted = (bulleted and not heading) or bool(_BULLET.match(p.text))
        # (the list's items: bullets, or titles line by line — a title as a page prints it: ！ or ？ may stand in it,
        # 1500亿件！今年快递…)
        elif in_list and p.drop is None and (_BULLET.match(p.text) or (
                p.gap == 0 and headlines.page_headline_shape(p.text) and not bulleted and _title_run_is_list(paras, n))):
            bulleted = bulleted or bool(_BULLET.match(p.text))
            p.drop = clean.Drop("related_link")
        elif p.drop is None:
            in_list = bulleted = False
    i = 0
    kept = [p for p in paras if p.drop is None]
    for prev, nxt in zip(kept, kept[1:]):
        if prev.drop is not None:  # already merged forward
            continue
        ok, why = clean.should_join(prev.text, nxt.text)
        if ok and not _structural(nxt.text):
            nxt.notes = prev.notes + [("joined", f"line {prev.line} + line {nxt.line}: {why}")] + nxt.notes
            nxt.text = prev.text + nxt.text
            nxt.lines = (prev.lines or [prev.line]) + [nxt.line]
            nxt.line, nxt.gap = prev.line, prev.gap
            prev.drop = clean.Drop("_merged")
        i += 1
    paras[:] = [p for p in paras if not (p.drop and p.drop.rule == "_merged")]


_BULLET = re.compile(r"^[·•\-*]\s*\S")
# a bare date (and clock time) alone on its line: 2024-05-20 / 2024年5月20日 10:00
_ITEM_DATE = re.compile(rf"[(（]?{pagefields.DATE}(?:\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?[)）]?")


def _title_run_is_list(paras: list[Para], n: int) -> bool:
    """The unbulleted title lines from ``paras[n]`` down (printed line by line, headline-shaped) are a related list's
    items only when the list ends as a list does: at the page's end, another item or list, or the page's chrome —
    not at the body's text (延伸阅读 / 什么是个人养老金？ / its answer: the text's subheading) nor at a date or source
    line (推荐阅读 / the page's headline / its publish line: a list heading printed with no items of its own)."""
    j = n
    while True:
        while j < len(paras) and paras[j].drop is None and paras[j].gap == 0 and not _BULLET.match(paras[j].text) \
                and headlines.page_headline_shape(paras[j].text):
            j += 1
        # (an item's own date on the line under it — a bare date, then the next item or the page's end — is the list's)
        if j < len(paras) and paras[j].drop is not None and _ITEM_DATE.fullmatch(paras[j].text.strip()) and (
                j + 1 == len(paras) or (paras[j + 1].drop is None and paras[j + 1].gap == 0
                                        and headlines.page_headline_shape(paras[j + 1].text))):
            j += 1
            continue
        break
    if j == len(paras):
        return True
    end = paras[j]
    return bool(_BULLET.match(end.text)) if end.drop is None else end.drop.rule not in META_RULES


def _structural(p: str) -> bool:
    from pipeline.bylines import byline, closer

    return bool(byline(p) or closer(p))


def _apply_meta(articles: list[Article], meta: dict) -> None:
    title = (meta.get("title") or "").strip()
    m = _DOUBLED.match(title)
    if m:
        title = m.group("t")
    for a in articles:
        # the document's own heading wins over a listing title (front matter, <title>)
        if title and len(articles) == 1 and not a.title:
            a.title = title
        # front_matter_source: a source: naming a body or medium is the document's publication as a 来源 line's
        # name is (metadata.describe reads it for the issuer too); an address (URL) names none
        name = front_source(meta) if len(articles) == 1 else None
        a.publication = a.publication or meta.get("publication") or name or None
        a.date = a.date or meta.get("date") or pagefields.iso_date(title) or None
        src = meta.get("source")
        if src and len(articles) == 1:
            a.removed.append(f"front_matter: source: {src}" + ("" if name else " (an address: no name)"))
    return None


# --- explain ---------------------------------------------------------------------------------------

def explain(text: str, *, source: str = "text.txt", lexicon=None) -> Explanation:
    """Line by line, what ingest kept, joined, removed or took as title/byline, and the rule:
    one step per line (``decision`` the action, ``fields`` its article and line number); then,
    per article, one ``metadata`` step per decision of :mod:`pipeline.metadata` (``rule`` the
    field and its rule, ``text`` the evidence; line 0) and one ``result`` step, the values of its
    ``documents`` row.

    >>> [(s.decision, s.rule) for s in explain("● 第二一九二期 ●\\n正文。").steps if s.decision not in ("metadata", "result")]
    [('article', 'file start'), ('removed', 'issue_marker'), ('kept', '')]
    >>> explain("● 第二一九二期 ●\\n正文。").steps[-1].text.split(" · ")[0]
    'doc_type=newspaper_article'
    >>> [s.rule for s in explain("发布时间：2024-03-05\\n正文。").steps if s.rule.startswith("date")]
    ['date: publish_line']

    ``lexicon``: the configured lexicons (headline weights, national media) the run would use;
    default the bundled ones.
    """
    return _explanation(source, (), _explain_rows(text, source, lexicon))


def _explanation(source: str, notes: tuple[str, ...], rows: list[dict]) -> Explanation:
    steps = tuple(Step(r["text"], r["action"], r["rule"], fields=(("article", r["article"]), ("line", r["line"])))
                  for r in rows)
    return Explanation("ingest", source, steps, notes)


def _explain_rows(text: str, source: str, lexicon=None) -> list[dict]:
    lexicon = lexicons.bundled() if lexicon is None else lexicon
    res = process_text(text, source, lexicon=lexicon)
    rows = []
    article = -1
    for line, action, rule, t in res.trace:
        if action == "article":
            article += 1
        rows.append({"article": max(article, 0), "line": line, "action": action, "rule": rule, "text": t})
    if res.error_kind:
        rows.append({"article": None, "line": 0, "action": "error", "rule": res.error_kind, "text": res.error})
    order = {"article": 0}
    rows.sort(key=lambda r: (r["article"] if r["article"] is not None else 1 << 30, r["line"], order.get(r["action"], 1)))
    # the metadata decisions of each article, with the named rule that made each ("date: session_line")
    # then the values that go into the article's documents row
    for n, a in enumerate(res.articles if not res.error_kind else []):
        meta = article_metadata(a, res.evidence, divisions_mod.load(), len(res.articles),
                                national=lexicon.rule_words("national_media"), local=lexicon.rule_words("local_media"))
        for e in meta["evidence"]:
            field_, _, rest = e.partition(": ")
            rule, _, why = rest.partition(": ")
            rows.append({"article": n, "line": 0, "action": "metadata", "rule": f"{field_}: {rule}", "text": why})
        rows.append({"article": n, "line": 0, "action": "result", "rule": "documents row", "text": _row_summary(a, meta)})
    return rows


def _row_summary(a: Article, meta: dict) -> str:
    """The decided values of an article's ``documents`` row, on one line (``--explain``'s last step)."""
    issuer = f"{meta['issuer']} ({meta['issuer_level']}, {meta['issuer_code']})" if meta["issuer"] else "none"
    return (f"doc_type={meta['doc_type']} · title={meta['title'] or 'none'} · subtitle={a.subtitle or 'none'} · "
            f"date={meta['date'] or 'none'} ({meta['date_source']}) · year={meta['year']} · issuer={issuer} · "
            f"publication={a.publication or 'none'}")


def explain_bytes(data: bytes, source: str, *, lexicon=None, extensions: tuple[str, ...] | None = None) -> Explanation:
    """:func:`explain` on a file's raw bytes, read as a run reads them (the encoding in the notes): a DOCX or PDF
    turned into text first; a file a run would not read (its extension not in ``extensions``, the configured
    ones) or cannot read (no text layer, not text) is one ``error`` step with the kind ``ingest_errors`` gets.

    >>> [(s.decision, s.rule) for s in explain_bytes(b"x", "old.doc", extensions=(".txt",)).steps]
    [('error', 'unsupported')]
    """
    suffix = PurePosixPath(source).suffix.lower()
    if extensions is not None and suffix not in extensions:
        return _explanation(source, ("not read",), [{"article": None, "line": 0, "action": "error", "rule": "unsupported",
                                                     "text": unsupported_message(suffix, extensions)}])
    try:
        text, encoding = _text_of(data, source)
    except (DecodeError, docformats.NoText) as exc:
        return _explanation(source, ("not read",), [{"article": None, "line": 0, "action": "error",
                                                     "rule": exc.kind, "text": str(exc)}])
    return _explanation(source, (f"encoding: {encoding}",), _explain_rows(text, source, lexicon))
