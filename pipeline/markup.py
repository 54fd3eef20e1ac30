"""Markup to plain lines: HTML pages, markdown (YAML front matter, inline HTML, links).

Every function is ``str -> str`` (or returns the metadata it lifted out of the text) and
keeps one paragraph per line, so the cleaner sees the same shape whatever the format.

>>> meta, body = front_matter("---\\ntitle: 报告\\nsource: http://x\\n---\\n正文。")
>>> meta["title"], body
('报告', '正文。')
>>> [line for line in inline_html("<p><strong>央视网消息</strong>：甲。</p><p>乙。</p>").splitlines() if line]
['央视网消息：甲。', '乙。']
"""

from __future__ import annotations

import html
import re

import yaml
from selectolax.lexbor import LexborHTMLParser

# YAML front matter: a first line of ---, the YAML, a closing --- (or ...) line
_FRONT = re.compile(r"\A\ufeff?---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
# HTML comments, possibly spanning lines
_COMMENT = re.compile(r"<!--.*?-->", re.S)
# tags that end a paragraph: block elements and <br>
_BLOCK_TAG = re.compile(
    r"<\s*/?\s*(?:p|div|br|li|ul|ol|h[1-6]|tr|table|section|article|blockquote|pre|hr|dd|dt|header|footer)\b[^>]*>",
    re.I)
# any other tag (inline formatting: strong, span, a, font, img, ...)
_ANY_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
# a line that carries inline HTML worth converting (opening or closing tag of a known element)
_HAS_TAG = re.compile(r"<\s*/?\s*(?:p|div|br|span|strong|b|em|i|font|a|img|li|h[1-6])\b[^>]*>", re.I)
# markdown heading: #'s, space, text
_MD_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")
# markdown emphasis markers around text: **x**, __x__, *x*
_MD_EMPH = re.compile(r"(\*\*|__)(.+?)\1")
# markdown image ![alt](url)
_MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
# markdown link [text](url): kept as its text (link-only lines are judged by the cleaner)
_MD_LINK = re.compile(r"(?<!!)\[([^\]\n]*)\]\((?:https?://|/|\.)[^)\s]*\)")
# table separator row |---|:--:|
_MD_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def strip_comments(text: str) -> tuple[str, list[str]]:
    """Remove HTML comments; return the text and the comments removed."""
    removed = [m.group() for m in _COMMENT.finditer(text)]
    return (_COMMENT.sub("", text) if removed else text), removed


def front_matter(text: str) -> tuple[dict, str]:
    """Split YAML front matter from a markdown body: ``(meta, body)``; ``({}, text)`` when none.

    Malformed YAML is not fatal: its ``key: value`` lines are read one by one.
    """
    m = _FRONT.match(text)
    if not m:
        return {}, text
    raw = m.group(1)
    try:
        meta = yaml.safe_load(raw)
    except yaml.YAMLError:
        meta = None
    if not isinstance(meta, dict):
        meta = {}
        for line in raw.splitlines():
            key, sep, value = line.partition(":")
            if sep and key.strip():
                meta[key.strip()] = value.strip()
    meta = {str(k): ("" if v is None else str(v)) for k, v in meta.items()}
    return meta, text[m.end():]


def inline_html(text: str) -> str:
    """Inline HTML inside text or markdown: block tags become line breaks, other tags go.

    >>> inline_html("甲<br>乙<span>丙</span>")
    '甲\\n乙丙'
    """
    if "<" not in text or not _HAS_TAG.search(text):
        return text
    text = _BLOCK_TAG.sub("\n", text)
    text = _ANY_TAG.sub("", text)
    return html.unescape(text)


def html_page(text: str) -> tuple[str, str | None]:
    """Text of an HTML page, one paragraph per line, and its first <h1> (or <title>)."""
    tree = LexborHTMLParser(text)
    title = None
    for sel in ("h1", "title"):
        node = tree.css_first(sel)
        if node is not None and node.text(strip=True):
            title = node.text(strip=True)
            break
    for node in tree.css("script, style, noscript, template, head, nav, iframe, svg"):
        node.decompose()
    body = tree.body
    markup = body.html if body is not None else (tree.html or "")
    markup = _COMMENT.sub("", markup)
    markup = _BLOCK_TAG.sub("\n", markup)
    markup = _ANY_TAG.sub("", markup)
    return html.unescape(markup), title


def markdown_line(line: str) -> tuple[str, int]:
    """One markdown line as plain text, and its heading level (0 when not a heading).

    >>> markdown_line("### **标题**")
    ('标题', 3)
    """
    level = 0
    m = _MD_HEADING.match(line)
    if m:
        level, line = len(m.group(1)), m.group(2)
    if _MD_TABLE_SEP.match(line):
        return "", 0
    line = _MD_IMAGE.sub("", line)
    line = _MD_EMPH.sub(r"\2", line)
    if line.lstrip().startswith("|") and line.rstrip().endswith("|"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        line = "\t".join(c for c in cells)
    if line.lstrip().startswith(">"):
        line = line.lstrip()[1:].lstrip()
    return line, level


def link_only(line: str) -> re.Match | None:
    """A line that is nothing but one markdown link ``[text](url)``."""
    return _LINK_ONLY.match(line)


# a whole line that is one markdown link: [text](url)
_LINK_ONLY = re.compile(r"^\s*\[([^\]\n]{0,40})\]\((\S+?)\)\s*$")


def unlink(line: str) -> str:
    """Markdown links inside a line reduced to their text."""
    return _MD_LINK.sub(r"\1", line) if "](" in line else line
