"""Article titles: how the lines of an article's headline block become its title, kicker and subtitle.

:func:`headline_titles` reads the block's lines in order — a date after a headline, a document title wrapped over
lines with its issuing body, short labels, a headline wrapped by the layout, a kicker (a series, theme or slogan line, a
colon kicker, a short phrase over a longer line, a long statement over a short main title), a dash subtitle, the line a
browser title echoes, the document's full title — and sets the :class:`~pipeline.articles.Article`'s ``title`` and
``subtitle``, with every rule that decided in its trace. Split from ``articles`` (code moved, not changed).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pipeline.clean import Para
from pipeline.headlines import (DASH, DATE_HEAD, DOC_KIND, DOCUMENT_TITLE, HEAD_DATE, ISSUING_BODY, LINE_TAG, PARALLEL, SPEAKER,
                                about_part, colon_kicker_line, continued_line, full_document_title, imperative, is_copy, kicker_line,
                                new_clause,
                                long_kicker, one_line_form, side_headline, speech_kicker, whole_headline, wrap_rule, wrapped_headline)
from pipeline.pagefields import iso_date

if TYPE_CHECKING:
    from pipeline.articles import Article


def headline_titles(a: Article, heads: list[Para], *, page: bool = False, copies: tuple[str, ...] = (), printed: bool = False,
            kicker: bool = False) -> None:
    for p in heads:  # headline_date: the date after a headline is the page's publish date, not the title's
        m = HEAD_DATE.match(p.text) or DATE_HEAD.match(p.text)
        if m and iso_date(m["d"]):
            a.removed.append(f"headline_date: {m['d']}")
            a.trace.append((p.line, "removed", "headline_date", m["d"]))
            p.text = m["t"]
    lines = [p.text for p in heads]
    a.head_lines = list(lines)
    titles = [t for t in lines if not DASH.match(t)]
    subs = [DASH.sub("", t) for t in lines if DASH.match(t)]
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
    body_first = 1 if len(titles) >= 2 and ISSUING_BODY.match(titles[0]) and titles[1].startswith("关于") else 0
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
    while k < len(titles) - 1 and len(titles[k]) <= 6 and not DOC_KIND.search(titles[k]) and titles[k] == lines[k]:
        k += 1
    labels = set(titles[:k]) if k >= 2 else set()
    if labels:
        for p in heads[:k]:
            a.removed.append(f"short_labels: {p.text}")
            a.trace.append((p.line, "removed", "short_labels (short lines over a headline: an app's or column's names)", p.text))
        titles, lines = titles[k:], lines[k:]
    # wrapped_headline: a headline wrapped by the layout (…助力粮食 / 稳产增产) is one title, also under a kicker
    # (the pair whose first line cannot end there — headline_continues — before a short remainder's)
    # (never a colon kicker with its headline: 省级媒体聚焦我县 / 政府工作报告…, whose colon _article took off)
    pairs = [i for i in range(len(titles) - 1) if titles[i:i + 2] == lines[i:i + 2] and not (i == 0 and kicker)
             and wrapped_headline(titles[i], titles[i + 1], copies)
             and not (i + 2 < len(titles) and len(titles[i + 2]) <= 6 and wrapped_headline(titles[i + 1], titles[i + 2], copies))]
    w = next((i for i in pairs if continued_line(titles[i], titles[i + 1])), pairs[0] if pairs else None)
    if w is not None:
        a.trace.append((heads[w + 1].line, "joined", wrap_rule(titles[w], titles[w + 1]), titles[w + 1]))
        if w == 0:
            joined = set(titles[:2])
        sep = " " if continued_line(titles[w], titles[w + 1]) in ("time_phrase", "new_clause") else ""
        upper = titles[w]
        # three_line_wrap: a remainder wrapped under two lines already read as a new clause (丁薛祥会见… / 并共同主持…机制 /
        # 会议) makes the three one printed line the layout cut by its width: read without the new clause's space
        cut = upper.rfind(" ")
        if not sep and cut > 0 and new_clause(upper[:cut], upper[cut + 1:]):
            upper = upper[:cut] + upper[cut + 1:]
            a.trace.append((heads[w + 1].line, "joined", "three_line_wrap (one line cut by the layout over three: no space)", upper))
        titles = titles[:w] + [sep.join([upper, titles[w + 1]])] + titles[w + 2:]
        # (a headline wrapped over three lines: the joined line continues a line of the page above or below it
        # that cannot end there, 我省新能源年发 / 电量超530亿千 / 瓦时)
        first, last = w, w + 1  # (the page's lines the joined title holds)
        while True:
            if first > 0 and titles[w - 1] == lines[first - 1] and not (w == 1 and kicker) and continued_line(titles[w - 1], titles[w]):
                a.trace.append((heads[len(heads) - len(lines) + first].line, "joined", wrap_rule(titles[w - 1], titles[w]), titles[w]))
                titles, w, first = titles[:w - 1] + [titles[w - 1] + titles[w]] + titles[w + 1:], w - 1, first - 1
            elif last + 1 < len(lines) and w + 1 < len(titles) and titles[w + 1] == lines[last + 1] \
                    and continued_line(titles[w], titles[w + 1]) not in ("", "time_phrase", "new_clause"):
                a.trace.append((heads[len(heads) - len(lines) + last + 1].line, "joined", wrap_rule(titles[w], titles[w + 1]), titles[w + 1]))
                titles, last = titles[:w] + [titles[w] + titles[w + 1]] + titles[w + 2:], last + 1
            else:
                break
        if w == 0:
            joined = set(lines[first:last + 1])
    # kicker_line: a series name (…·…), a theme line (主题：…) or an occasion above a speaker's statement is the kicker
    kl = kicker_line(*titles[:2]) if (page or printed) and len(titles) == 2 else ""
    if kl:
        a.trace.append((heads[0].line, "subtitle", f"kicker_line: {kl} (a kicker above the headline)", titles[0]))
        subs = [titles[0]] + subs
        titles = titles[1:]
    elif (kicker and len(titles) == 2) or (len(titles) >= 2 and colon_kicker_line(titles[0])):
        # colon_kicker (see _article and _header_block): the first line is the kicker
        if colon_kicker_line(titles[0]):
            a.trace.append((heads[0].line, "subtitle", "colon_kicker (a phrase ending in a colon above the headline)", titles[0]))
        subs = [titles[0].rstrip("：:")] + subs
        titles = titles[1:]
    # speech_theme: under a kicker reporting a speech (…作出重要指示强调), its object printed on two lines (the 主题) is one
    # title read with a space, when a last line naming another actor's part (李强作出批示 / 会议由…主持: side_headline) is
    # the 副题; with three lines, the line under the 主题 is its 副题, never joined
    if (page or printed) and len(titles) == 4 and titles == lines and not subs and speech_kicker(titles[0]) \
            and side_headline(titles[3]) and not side_headline(titles[2]) and not side_headline(titles[1]):
        a.trace.append((heads[2].line, "joined", "speech_theme (the two lines of a speech's 主题 under its kicker, read with a space)",
                        titles[2]))
        subs = [titles[0]] + titles[3:]
        joined = set(titles[1:3])
        titles = [" ".join(titles[1:3])]
    # speech_theme (imperative): with three lines and no 副题, the two lines under the kicker are its 主题 when each is a call
    # without a subject of its own (持续发力久久为功 / 推动…高质量发展); a line naming an actor's part is the 副题
    elif (page or printed) and len(titles) == 3 and titles == lines and not subs and speech_kicker(titles[0]) \
            and not any(side_headline(t) for t in titles[1:]) and all(imperative(t) for t in titles[1:]):
        a.trace.append((heads[2].line, "joined", "speech_theme: imperative (the two calls of a speech's 主题 under its kicker, "
                        "read with a space)", titles[2]))
        subs = [titles[0]]
        joined = set(titles[1:3])
        titles = [" ".join(titles[1:3])]
    # one_line_form: two lines the page printed for one headline (…印发通知 / 要求… ; 向科技要产能 / 助力…) are one title,
    # read with a space as the one-line form
    why = one_line_form(*titles) if (page or printed) and len(titles) == 2 and titles == lines and not subs else ""
    if why:
        a.trace.append((heads[-1].line, "joined", f"one_line_form: {why} (two lines of one headline, read with a space)", titles[1]))
        joined = set(titles)
        titles = [" ".join(titles)]
    # whole_headline: a short first line that is a whole statement is no kicker over the longer line below
    whole = titles[0] if len(titles) == 2 and len(titles[0]) <= 8 and len(titles[1]) >= len(titles[0]) + 5 \
        and whole_headline(titles[0]) else None
    # kicker_title_subtitle: two title lines above a dash subtitle are the kicker and the main title (the
    # subtitle stands under the main title: 再访脱贫村 振兴气象新 / 易地扶贫搬迁“搬”出新生活 / ——…见闻)
    # (one or more dash subtitles: a four-line block prints kicker, title and two —— lines)
    if len(titles) == 2 and len(lines) >= 3 and all(DASH.match(t) for t in lines[2:]) and lines[:2] == titles:
        a.trace.append((heads[0].line, "subtitle", "kicker_title_subtitle (the line above the title, over a dash subtitle)", titles[0]))
        subs = [titles[0]] + subs
        titles = titles[1:]
    # a single phrase above a main title printed as two parallel clauses (积石山地震灾区恢复重建见闻 /
    # 加快恢复基础设施 保障受灾群众生活) is a kicker: a main title in two clauses stands alone
    if len(titles) == 2 and " " not in titles[0] and not re.search(r"[，,；;：:]", titles[0]) \
            and PARALLEL.match(titles[1]) and not SPEAKER.match(titles[1]) and len(titles[0]) <= len(titles[1]):
        subs = [titles[0]] + subs
        titles = titles[1:]
    # long_kicker: on a newspaper's or web page a long statement above a short main title is the kicker
    # (never over another actor's part, the 副题: 纪念…开幕式在京举行 / 蔡奇出席并讲话)
    elif (printed or page) and len(titles) == 2 and long_kicker(*titles) and not side_headline(titles[1]):
        a.trace.append((heads[0].line, "subtitle", "long_kicker (a long statement above a short main title)", titles[0]))
        subs = [titles[0]] + subs
        titles = titles[1:]
    elif (not re.search(r"[，,；;]", "".join(titles[1:2])) or (page and len(titles) == 2 and len(titles[0]) <= 6)) and (
            len(titles) >= 3 or (len(titles) == 2 and (
                (len(titles[0]) <= 8 and len(titles[1]) >= len(titles[0]) + 5 and not whole_headline(titles[0]))
                or (not page and PARALLEL.match(titles[0]) and not SPEAKER.match(titles[0]) and " " not in titles[1]
                    and len(titles[0]) > len(titles[1]) and 2 * len(titles[1]) >= len(titles[0]))))):
        subs = [titles[0]] + subs
        titles = titles[1:]
    # echoed_headline: on a page, the one line of a headline block that the page's browser-title
    # line repeats is the title; the others are its kicker or subtitle (黑麦家的致富路--社会·法治--人民网)
    core = lambda t: LINE_TAG.sub("", t)  # noqa: E731  (a column tag before the line is not in the browser title)
    echoed = [t for t in titles + subs if any(c == core(t) or is_copy(c, core(t)) for c in copies)] if page and len(lines) > 1 else []
    if len(echoed) == 1 and echoed[0] != (titles[:1] or [None])[0]:
        a.trace.append((heads[0].line, "title", "echoed_headline (repeated by the browser-title line)", echoed[0]))
        titles, subs = [echoed[0]], [t for t in titles + subs if t != echoed[0]]
    if titles:
        a.title = titles[0]
        if whole is not None and a.title == whole:
            a.trace.append((heads[0].line, "title", "whole_headline (a whole statement over a longer line: the title, not its kicker)", whole))
        subs = titles[1:] + subs
    full = next((s for s in subs if full_document_title(a.title, s)), None)
    if full is not None:  # document_title_full (see _article): the full title printed below the page's short one
        a.trace.append((heads[0].line, "title", "document_title_full (the document's own title with its issuing body)", full))
        subs = [s for s in subs if s != full]
        a.title = full
    # the subtitle keeps the page's line order (a session line broken over two lines reads on)
    order = {(DASH.sub("", t) if DASH.match(t) else t): n for n, t in reversed(list(enumerate(lines)))}
    subs.sort(key=lambda t: order.get(t, len(lines)))
    a.subtitle = " ".join(subs) or None
    for p in heads:
        if p.text in labels:
            continue
        # (a line the title joined is a whole part of it, wherever the joined lines stand in the block: under a kicker too)
        parts = [t for t in lines if t in joined]
        role = "title" if p.text == a.title or (p.text in joined and a.title in ("".join(parts), " ".join(parts))) else "subtitle"
        notes = "; ".join(d for action, d in p.notes if action == "kept")  # dotted_headline, bracketed_headline
        a.trace.append((p.line, role, "headline block" + (f"; {notes}" if notes else ""), p.text))
