"""Bylines: who wrote an article, and where it closes.

An opening byline (``□ 高寒``, ``本报记者 丁南``, ``新甘肃·甘肃日报记者 谢晓玲``, ``文/张三``, a bare
2-4 character name with a common surname) stands under a headline block and opens an article
(:func:`byline`); a closing one (``作者为…``, ``（作者单位:…）``) or names in brackets after the last
sentence (``（操剑 孙晓莉）``) end it (:func:`closer`, :func:`tail_names`). Used by
:mod:`pipeline.articles` to split a page and by :mod:`pipeline.headlines` to tell a headline line
from a byline.

>>> byline("本报记者 丁南")[0], closer("作者为某单位干部"), tail_names("…服务。（操剑 孙晓莉）")[1]
(['丁南'], True, ['操剑', '孙晓莉'])
"""

from __future__ import annotations

import re

from pipeline.clean import NAME, is_name, names_in
from pipeline.lexicons import jieba_dictionary
from pipeline.patterns import CJK, CJK_UNIFIED

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
def byline(p: str) -> tuple[list[str], str | None, str] | None:
    """``(names, publication, kind)`` when ``p`` is an opening byline, else None.

    >>> byline("新甘肃·甘肃日报记者 谢晓玲")
    (['谢晓玲'], '甘肃日报', 'role')
    >>> byline("□ 高寒")[0], byline("赵军")[0], byline("创新机制"), byline("安全")
    (['高寒'], ['赵军'], None, None)
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
    if names and len(names) <= 3 and not (len(names) == 1 and _common_word(names[0])):
        return names, None, "name"
    return None


def _common_word(w: str) -> bool:
    """A bare "name" that jieba's dictionary holds as a common word (安全, 万亩, 关注: frequency 1000 or more, not tagged a
    proper name — a person's, a place's, a body's) is that word — the rest of a headline wrapped by the layout —, not a
    byline (a place, 甘肃, stays what the rules make of it: a WeChat head's location)."""
    freq, tag = jieba_dictionary().get(w, (0, ""))
    return freq >= 1000 and not tag.startswith(("nr", "ns", "nt", "nz"))


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
