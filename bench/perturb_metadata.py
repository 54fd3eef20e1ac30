"""Robustness of the page metadata rules: every dev page fixture, rewritten in ways that must
not change its metadata, is scored again against its gold.

Perturbations (each applied alone):

- ``headline_short`` / ``headline_long``: the gold title, wherever the page prints it (the
  headline, the browser-title line), replaced by another headline of 8 or 34 characters; the
  expected title is the new one.
- ``date_cn`` / ``date_slash``: every ``YYYY-MM-DD`` of the page written ``YYYY年MM月DD日`` or
  ``YYYY/MM/DD`` (expected date unchanged).
- ``spaces``: the ideographic spaces between a page's fields written as two ASCII spaces.
- ``meta_above``: a web page's publish/source line printed above its headline.
- ``no_browser_title``: a web page's browser-title line left out when the body prints the headline.
- ``labels``: ``发布时间`` written ``发布日期``, ``来源：`` written ``信息来源：``.
- ``column_tag`` / ``column_bar``: a web headline printed after a column tag (``【乡村振兴】…``,
  ``聚焦两会｜…``); ``kicker_line``: a short kicker (聚焦乡村振兴) right above a headline of 11+
  characters; ``dash_subtitle``: a ``——`` subtitle right below it (title unchanged in each).
- ``source=NAME``: the name in the ``来源：`` line that decided the issuer replaced by a county's
  media centre, a city paper, 新华社, a county party committee's department, a city's
  commission, a CCTV client; the expected issuer is that name's.
- ``paper=NAME``: a newspaper page's paper, wherever printed, replaced by a city's, a county's
  or a province's paper.

A headline perturbation can change a layout cue the rules read on purpose (a headline of 8
characters under a short line becomes a kicker's length; a headline printed over two lines is
not replaced in the body; a kicker is told from its title only by the browser-title copy);
such misses are listed, not hidden. Measured on 2026-12-06 after this round's fixes:
headline_short 71/76, headline_long 74/76, headline_sitey 73/76 (was 69), headline_sitey2
73/76 (was 66), kicker_line 33/34 (was 27), column_tag and column_bar 37/37 (were 36),
dash_subtitle 36/37, no_browser_title 3/4, every other perturbation
100 % (dates 43/43 twice, spaces 39/39, meta_above 26/26, labels 56/56, six sources 50/50 each,
three papers 15/15 each); the misses are of that kind (np_gsrb_21, np_gyrb_22, web_people_64,
web_people_87, np_gsrb_112, web_people_105). Before the fixes, a short headline above a date
line was taken for an account name (web_tianshui_28, web_gansugov_29), a short 【headline】 for
a column tag (web_weiyuan_109), 发布日期/信息来源 labels lost a publish line (labels 52/56), a
source's value ran on into the next field (来源：白银日报　浏览：2040 → 白银市; 44/50), and a
county paper's browser-title line (会宁报 - 标题) was kept in the title, a headline ending
in 发布 or 网 was taken for an account, a site or a paper's masthead (account_like, a short
body_name, a masthead paper's name), a WeChat head 原创 + two names became the title, a
short kicker above a headline with a comma or a ！ was taken for the title, and a column tag
hid a line's echo in the browser title. The 4-line block of web_mva_91 (kicker, title,
subtitle and one more line) stays a miss.

Round 6c (dev6 added to the pages; 2026-12-06, this branch vs main's rules on the same pages, where
main also misses dev6 itself): menu_items and menu_brackets 91/91 (main 31/91), app_prompt 73/73
(30/73), app_prompt2 73/73 (51/73), site_pair 60/60 (27/57), field_url 34/34 (0/34), field_bracket
34/34 (13/34), field_editor 34/34 (16/34), masthead_dots 7/7 (1/7), masthead_bars 7/7 (2/7),
urgency 2/2 (1/2), long_kicker 2/4 (1/4: the invented 22-character kicker is less than twice
np_rmrb_04's 12-character title, and np_scrb_76's; a ratio of 1.5 takes real title + short subtitle
pairs in dev and dev_b for kicker + title, so the rule keeps 2); headline_short 84/91, headline_long
87/91, headline_sitey and headline_sitey2 82/91, every other perturbation 100 %. They found a slashed
date in an account's line read as menu items and editors before a dated source line taken as an
editor credit (both fixed).

Round 7 (dev7 added; 2026-12-06, this branch vs main's rules on the same pages, where main also misses
dev7 itself): kicker_dash 49/52 (main 1/52), crumb_title 37/37 (5/37), crumb_title2 37/37 (35/37), sentence_stop 34/36 (3/36), listen
36/36 (32/36), dotted 36/36 (1/36), tab_only 5/7 (4/7); the others as before or better (kicker_line 46/49,
headline_short 99/106, headline_long 102/106, headline_sitey/sitey2 96/106, long_kicker 2/4, every other
100 %). Left: a 4-line block (web_mva_91; web_pingli_141 with an added kicker over its own), a WeChat
转载 line above the headline (wx_gongxin_149), a sentence headline split off as an article of its own above a WeChat repost (wx_junlian_115),
a site line with menu words when the body prints no headline (web_chengde_102).

Round 8 (dev8 added; 2026-12-06, this branch vs meta9's rules on the same pages, where meta9 also misses
dev8 itself): page_line 21/21 (meta9 1/21), page_list 21/22 (0/22), column_prefix 70/71 (1/71), colon_kicker
56/62 (5/62), bracket_fields 70/71 (0/71), media_header 58/58 (44/57), body_wrapped 1/1 (1/1); every other
perturbation as before or better (headline_short 121/130, headline_long 125/130, headline_sitey/sitey2 119/130,
kicker_line 62/67, kicker_dash 66/71, sentence_stop 41/45, urgency 6/7, the rest 100 %). Left: a colon kicker
added over a page's own kicker or three-line block (web_mva_91, web_pingli_141, web_workercn_166, web_xingan_159),
over a WeChat 转载 line (wx_gongxin_149) or a headline broken over two lines (web_people_105); a page list
inserted between a kicker and its title (np_ztrb_172); 特急 above a portal page makes its site name the
issuing body of the title (web_hengshui_164).

Round 9 (dev9 added, 2026-12-07; the same pages — dev … dev9 — scored with this round's rules as they stood
when dev9 was first made 1.000, then after the generalization fixes): title_wrap 47/69 -> 61/69, label_lines
58/89 -> 81/89, kicker_line 73/83 -> 76/83, dash_subtitle 87/89 -> 89/89, kicker_dash 77/89 -> 79/89,
colon_kicker 63/76 -> 64/76, bracket_fields 86/89 -> 88/89, app_prompt/app_prompt2/menu_items/menu_brackets and
crumb_title/crumb_title2 now 100 % (an app's account line under a prompt, app_cctvnews_204), repost_mark 28/29,
body_site 7/7, every other perturbation unchanged. Left: a wrapped headline under a kicker printed above the
date line (web_neac_187, web_mca_196, web_zjswt_201, web_cangyuan_189), label lines inserted between a kicker
and its title, a colon kicker over a three-line block.

Round 10 (dev10 added to the pages, 2026-12-07; main's rules at de6cd29 -> this round's, on the same pages of dev …
dev10, where main also misses dev10 itself): app_bar 44 -> 105/107, image_slot 81 -> 103/107, print_only 1 -> 68/107,
wrap_word 15 -> 80/82, wrap_open 1 -> 3/3, date_body 50 -> 105/107, body_date 88 -> 101/107, series_kicker 17 -> 104/107,
theme_kicker 17 -> 104/107, occasion_kicker 18 -> 105/107, time_kicker 0 -> 100/104, book_subject 6 -> 102/107,
wrap_three 8 -> 54/63 (a common dictionary word of two characters, 安全 / 万亩, is no bare-name byline; left: a last word read as an account or a kicker); every
earlier perturbation as before or better (title_wrap 68 -> 75/82, urgency 9 -> 11/11, kicker_line 85 -> 88/99, the rest
+0 to +5, none worse). Left: print_only on pages whose kicker or subtitle stays when the headline is gone (the tab title
only titles a page that prints no headline line), a kicker over a kicker of the page's own above the date line
(web_cangyuan_189, web_xjjtt_203, web_zjswt_201), a 4-line block (web_mva_91), app_thepaper_235's issuer.

Round 11 (2026-12-07; main's rules at 39a0f7a -> this round's, on the same pages of dev … dev10): print_only 68 -> 107/107
(print_title: the print header's tab title is evidence among the header's lines, and names the title when it names
none of them; a headline's own colon in the tab title, 甘肃临夏：…, no longer makes the header a publish line),
print_header 102 -> 107/107, print_kicker 17 -> 106/107 (a page of one article: wx_huining_110 splits the added kicker off), wrap_three 54 -> 59/63 (a three-line wrap joined whole; a last
word read as a bare name, 万辆 / 向优, is the remainder: name_remainder; a noun after a closing quote, …” / 行动),
title_wrap 76 -> 77/82, meta_split 4 -> 44/59 (meta_between), whole_pair 14 -> 60/93 (whole_headline), headline_short
160 -> 163/171; every other perturbation unchanged. Left: meta_split where the page's byline makes a header block of
both lines (the date line is dropped before the block is read) or the headline choice takes the line below; whole_pair
where other evidence names the lower line (the browser-title copy repeats it; a dash subtitle under it,
kicker_title_subtitle; a main title of two parallel clauses, under which a phrase is a kicker; a speaker's headline); a kicker over a kicker of the page's own above the date line
(web_cangyuan_189, web_xjjtt_203, web_zjswt_201, web_neac_187), a 4-line block (web_mva_91).

Round 12 (dev11's classes, 2026-12-07; the step-1 code — main's rules, metadata.py split — -> this round's, on the
same pages of dev … dev10): url_line 43 -> 106/107, name_below 13 -> 105/107, names_above 92 -> 105/107, tab_short
59 -> 85/86, vague_kicker 19 -> 50/67, numeral_wrap 6 -> 104/107, open_wrap 6 -> 105/107, year_time_kicker 0 -> 101/104,
quoted_theme 9 -> 90/90, official_account 66 -> 104/107, meta_above 60 -> 61/67; every other perturbation unchanged. They found the body-echo
evidence weighing against a headline the page itself repeats (a perturbed headline the body never says: unechoed now
spares an echoed block), a 原标题 line taken for a name's recurrence, a tab copy adjacent to the headline (own_site_tail
lines now leave the top lines too), and an English ministry name of 15 words joined to the line below. Left:
vague_kicker where the page's own kicker sits in the vague line's block (its words echo the lead: 在希望的田野上·三夏时节)
or the headline paraphrases its lead (under half of its character pairs there).
Round 13 (dev12's classes, 2026-12-07; main's rules at 0ee97f3 -> this round's, on the same pages of dev … dev10):
account_below 27 -> 94/107, related_wrap 9 -> 51/66, topic_colon 0 -> 96/107, new_clause 0 -> 77/107; page_list 22 -> 23/23,
print_kicker 106 -> 107/107, numeral_wrap 104 -> 105/107, field_url/field_bracket/field_editor 84 -> 85/86, every other
perturbation unchanged (none worse; a word_cut split check by word counts first cost wrap_word and wrap_three two pages,
a first open_object took a year's time phrase for an object, year_time_kicker 97: both fixed). Left: account_below
where the name is joined by another path (a headline ending on a verb over a name not shaped as a paper's or account's,
an app page whose header block holds the name with the byline) or a block's choice moves to it; related_wrap where the
wrap cuts inside a number or a quoted term, or the kicker rule takes the upper half; new_clause under a headline closed
by ！ or a quote, and pages where the headline choice takes the conjunction line for the headline (web_dingxi_116,
web_people_135); topic_colon over a headline holding its own colon or a column tag.
Round 15 (2026-12-07; main's rules at dde1dc2 -> this round's, same pages): new_clause 77 -> 104/107 (a 并… line
joined after ！, ？ or a quote, under a noun headline, and when the page prints the line above again alone),
related_wrap 51 -> 64/66 (a related list's heading opens a list of its own; an item may hold ！; printed_whole in a
header block over a byline), vague_kicker 50 -> 53/67 (lead_echo); every other perturbation unchanged. Tried and
dropped, each costing other perturbations (an invented headline the body never says): a silent block (no pair in
the lead) unechoed against a block the lead says only a fifth of (vague_kicker 57/67, but headline_short -2,
headline_sitey -1, meta_split -1), and a two-line block's title chosen by the lead's echo (whole_pair 60 -> 16).
Left: new_clause where the headline is not read (web_chinanews_100) or where the perturbation's expected title keeps
a full-width mark (web_zhenxiong_143), web_people_105; related_wrap web_people_121, web_neac_187 (a kicker's choice);
vague_kicker where the headline paraphrases its lead (under half of its words said there: web_tianshui_28,
web_huaxian_119, web_kuancheng_169 …) or the page's own kicker shares the vague line's block (web_moa_247, web_mem_244).

Round 16 (meta19: dev13's misses outside kickers, 2026-12-07; 6a1508f + main's dev13 -> this round's, on the pages of dev …
dev13): account_owner_below 81 -> 101/107 and account_bare_date 81 -> 103/107 (the first cut of account_slot read only a
block's last line: a name above a bare publish line with the page's subtitle below it was joined), quote_wrap 103/107,
quantity_wrap 105/107, reading_time 106/107, dated_menu 106/107, account_owner_foot 106/107, short_name_account 17/17;
related_wrap 51 -> 52/66; every other perturbation unchanged (none worse; letting the account's slot outweigh the softer
headline_continues reasons cost open_wrap one page — …我市320万亩玉米 / 进入集中收获期 over an app's dated line —, so
every reason still keeps the line as the headline's rest). Left: the brand 乐享观察 under a headline read as its predicate
(open_subject, jieba tags 乐享 a verb: web_xjjtt_203, web_jsdwt_241) or across a word (web_zhenxiong_143); a name
under a colon kicker's block (web_xingan_159); a page's own multi-line block (web_mva_91, web_lswz_175, web_neac_187,
web_nfra_251, wx_gansufabu_30: its subtitle under the perturbed headline; web_jsdwt_241's own miss in every perturbation).
Round 17 (dev13's kickers and two-line blocks, 2026-12-08; main's rules at a7a7a3d -> this round's, same pages of dev …
dev10): vague_kicker 53 -> 60/67 (kicker_shape in the headline choice); new, invented wordings over every page whose
headline states something: number_kicker 17 -> 95/96, frame_kicker 79 -> 95/96, column_line 4 -> 95/96 (a column name
ending in a numeral compound, 乡村一线, is no time phrase), time_clause_date 50 -> 58/62, column_date 57 -> 60/62,
kicker_block 0 -> 73/95, paper_block 5 -> 14/22; every other perturbation unchanged (none worse). Tried and dropped:
no_predicate up to 8 characters when reading a block's lines (jieba tags a predicate a noun, 全国文旅市场火热, 天堑织网变通途:
dash_subtitle -2, kicker_dash -1), and a publish line parting a three-line block's third line (a subtitle printed under
the date line, web_mwr_231: body_date -1). Left: kicker_block where the headline is a long speech headline (…时强调 …) or
an occasion line stands in the block (web_mva_91); paper_block where the paper's page splits into two documents
(np_gsrb_01, np_gsrb_21), the inserted kicker meets the page's own kicker or subtitle (np_gsrb_112, np_zgslb_179,
np_ztrb_172) or the three lines are not read as one block (np_tsrb_24, np_jjrb_92, np_ahrb_145); every new one on
web_xingan_159 (its colon kicker takes the inserted line), time_clause_date / column_date on wx_junlian_115 (a WeChat
repost line), web_zhaojue_132 and web_moa_247 (a colon headline, the page's own kicker block).

Only dev splits (never a held-out one). Prints, per perturbation, how many documents keep every
field right, and each field that changed.

Round 16's review fixes (fixmeta6, on the pages of dev … dev13): every perturbation unchanged from main's (d4488b9:
account_owner_below 101, account_owner_foot 106, account_bare_date 103, reading_time 106, quantity_wrap 105/107,
short_name_account 17/17) — the rules were narrowed to ordinary pages, none of which a perturbation builds.

    python bench/perturb_metadata.py
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from pipeline import ingest  # noqa: E402
from pipeline.clean import word_tags  # noqa: E402
from pipeline.lexicons import bundled  # noqa: E402
from pipeline.headline_kickers import statement  # noqa: E402
from pipeline.io import RawFile  # noqa: E402
import score_metadata as sm  # noqa: E402

DEV = ("dev", "dev_b", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8", "dev9", "dev10")
FIELDS = ("doc_type", "title", "date", "year", "issuer")  # the fields a perturbation must keep
SHORT = "高原夏菜喜获丰收"
LONG = "高原夏菜喜获丰收 特色产业带动全县农户人均增收两千余元"
SITEY = "全省春耕生产最新数据发布"  # a headline that ends like an account's name
SITEY2 = "织密扎牢兜底民生保障网"  # a headline that ends like a site's name
_META = re.compile(r"来源|发布时间|发布日期|\d{4}-\d{2}-\d{2}|\d{4}年\d{1,2}月\d{1,2}日")


def _title_line(text: str, title: str | None) -> tuple[list[str], int | None]:
    """The page's lines and the index of the first line that is the gold title (None: no such line)."""
    lines = text.split("\n")
    return lines, next((k for k, line in enumerate(lines) if title and line.strip() == title), None)


def perturbations(text: str, gold: dict):
    title = gold["title"]
    if title and text.count(title) >= 1 and gold["doc_type"] in ("web_article", "newspaper_article"):
        for name, new in (("headline_short", SHORT), ("headline_long", LONG), ("headline_sitey", SITEY),
                          ("headline_sitey2", SITEY2)):
            yield name, text.replace(title, new), {"title": new}
    for name, fmt in (("date_cn", r"\1年\2月\3日"), ("date_slash", r"\1/\2/\3")):
        t = re.sub(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)", fmt, text)
        if t != text:
            yield name, t, {}
    if "\u3000\u3000" in text:
        yield "spaces", text.replace("\u3000\u3000", "  "), {}
    lines = text.split("\n")
    if title and gold["doc_type"] == "web_article":
        at = [i for i, l in enumerate(lines) if l.strip() == title]
        # meta_above: the publish/source line printed above the headline instead of below it
        if at:
            i = at[0]
            j = next((k for k in range(i + 1, min(i + 4, len(lines))) if lines[k].strip()), None)
            if j is not None and _META.search(lines[j]) and len(lines[j]) < 120:
                moved = lines[:i] + [lines[j], ""] + lines[i:j] + lines[j + 1:]
                yield "meta_above", "\n".join(moved), {}
        # column_tag / column_bar: a column tag before the headline (【乡村振兴】…, 聚焦两会｜…)
        # kicker_line: a short kicker right above it; dash_subtitle: a —— subtitle right below it
        if at:
            i = at[0]
            for name, new_line in (("column_tag", "【乡村振兴】" + title), ("column_bar", "聚焦两会｜" + title)):
                yield name, "\n".join(lines[:i] + [lines[i].replace(title, new_line)] + lines[i + 1:]), {}
            if len(title) >= 11:
                yield "kicker_line", "\n".join(lines[:i] + ["聚焦乡村振兴"] + lines[i:]), {}
            yield "dash_subtitle", "\n".join(lines[:i + 1] + ["——记者走进田间地头"] + lines[i + 1:]), {}
        # no_browser_title: the browser-title copy left out when the body prints the headline
        if at and lines and lines[0].strip() != title and title in lines[0]:
            yield "no_browser_title", "\n".join(lines[1:]), {}
    # labels: 发布时间 -> 发布日期, 来源 -> 信息来源
    t = re.sub(r"(?<![信息文章])来源[:：]", "信息来源：", text.replace("发布时间", "发布日期"))
    if t != text:
        yield "labels", t, {}


# other sources in a page's 来源 line, and the issuer each must give
SOURCES = (("靖远县融媒体中心", ("靖远县", "county", "620421")), ("白银日报", ("白银日报", "prefecture", "620400")),
           ("新华社", ("新华社", "national", "100000")), ("中共靖远县委宣传部", ("靖远县", "county", "620421")),
           ("白银市发展和改革委员会", ("白银市", "prefecture", "620400")), ("央视新闻客户端", ("中央广播电视总台", "national", "100000")))
_SOURCE = re.compile(r"(?P<label>(?:信息|文章)?来源\s*[:：]\s*)(?P<name>[^\s|｜丨【（(]{2,30})")


def source_perturbations(text: str, evidence: list[str]):
    """``other_source``: the name in a page's 来源 line replaced, when that line decided the issuer."""
    if not any(e.startswith("issuer: source_line:") for e in evidence):
        return
    m = _SOURCE.search(text)
    if not m:
        return
    for name, issuer in SOURCES:
        yield f"source={name}", text[:m.start("name")] + name + text[m.end("name"):], {"issuer": issuer}


def paper_perturbations(r: dict, text: str):
    """``paper=NAME``: a newspaper's name, wherever the page prints it, replaced by another paper's."""
    if r["doc_type"] != "newspaper_article" or not r["issuer"].endswith("报") or r["issuer"] not in text:
        return
    for name, issuer in (("白银日报", ("白银日报", "prefecture", "620400")), ("会宁报", ("会宁报", "county", "620422")),
                         ("四川日报", ("四川日报", "province", "510000"))):
        yield f"paper={name}", text.replace(r["issuer"], name), {"issuer": issuer}


_WEEKDAYS = "一二三四五六日"


def line_class_perturbations(text: str, gold: dict, evidence: list[str]):
    """The line classes of round 6c, printed on a dev page in invented wordings (expected metadata unchanged):

    - ``menu_items`` / ``menu_brackets``: a line of short menu items in [ ] or 【】 as the page's first line;
    - ``app_prompt``: an app prompt (打开APP 阅读体验更佳 / 下载客户端 看更多本地新闻) as the page's first line;
    - ``site_pair``: a media centre's name beside its brand (白银市融媒体中心 · 云上白银) as the first line, on a
      page whose issuer comes from its source or masthead line;
    - ``field_url`` / ``field_bracket`` / ``field_editor``: the page's dated source line printed with a web
      address before it, in brackets, or with editor fields before the source;
    - ``masthead_dots`` / ``masthead_bars``: a paper's masthead line (paper and issue date on one line)
      rewritten as 报名 · 日期 星期 · 第 N 版 · 栏目 and 报名 ｜ 日期 ｜ 04 栏目 ｜ 作者：…;
    - ``urgency``: 特急 above an official document;
    - ``long_kicker``: a long statement above a newspaper's short headline (6-14 characters).
    """
    import datetime as dt

    lines = text.split("\n")
    if gold["doc_type"] in ("web_article", "newspaper_article"):
        for name, menu in (("menu_items", "[ 首页 ]  [ 本地新闻 ]  [ 县区动态 ]  [ 专题 ]  [ 视频 ]"),
                           ("menu_brackets", "【首页】【要闻】【政务】【民生】【图片】")):
            yield name, menu + "\n" + text, {}
    if gold["doc_type"] == "web_article":
        yield "app_prompt", "打开APP 阅读体验更佳\n" + text, {}
        yield "app_prompt2", "下载客户端 看更多本地新闻\n" + text, {}
        if any(e.startswith(("issuer: source_line:", "issuer: masthead")) for e in evidence):
            yield "site_pair", "白银市融媒体中心 · 云上白银\n" + text, {}
    date = gold.get("date") or ""
    if gold["date_source"] == "publish_line" and len(date) == 10:
        for i, l in enumerate(lines):
            if date in l and re.search(r"来源\s*[:：]", l) and len(l) < 100:
                at = re.search(r"(?:信息|文章)?来源\s*[:：]", l).start()
                for name, new in (("field_url", "www.example.com.cn　" + l.strip()), ("field_bracket", "（" + l.strip() + "）"),
                                  ("field_editor", l[:at] + "编辑：王 五　责编：赵 六　" + l[at:])):
                    yield name, "\n".join(lines[:i] + [new] + lines[i + 1:]), {}
                break
    paper = gold["issuer"]
    if gold["doc_type"] == "newspaper_article" and gold["date_source"] == "issue_date" and len(date) == 10:
        y, m, d = int(date[:4]), int(date[5:7]), int(date[8:])
        wd = "星期" + _WEEKDAYS[dt.date(y, m, d).weekday()]
        forms = (date, f"{y}年{m}月{d}日", f"{y}年{m:02d}月{d:02d}日", f"{y}-{m}-{d}")
        for i, l in enumerate(lines[:8]):
            if paper in l and any(f in l for f in forms):
                for name, new in (("masthead_dots", f"{paper} · {y}年{m}月{d}日 {wd} · 第 4 版 · 要闻"),
                                  ("masthead_bars", f"{paper} ｜ {date} ｜ 04 要闻 ｜ 作者：本报记者")):
                    yield name, "\n".join(lines[:i] + [new] + lines[i + 1:]), {}
                break
        title = gold["title"]
        at = [i for i, l in enumerate(lines) if l.strip() == title]
        if at and 6 <= len(title) <= 14 and not lines[at[0] - 1].strip():
            i = at[0]
            yield "long_kicker", "\n".join(lines[:i] + ["各地用合作社模式带动群众种植特色作物增收致富"] + lines[i:]), {}
    if gold["doc_type"] == "other" and not gold["file"].startswith("lawtext_"):
        yield "urgency", "特急\n\n" + text, {}


DOTTED = "稳就业·保民生·促发展·惠民生·强信心"  # a headline of middle-dotted phrases


def title_shape_perturbations(text: str, gold: dict):
    """The headline shapes of round 7, printed on a dev page (expected title unchanged unless said):

    - ``kicker_dash``: a kicker line above the headline and a ``——`` subtitle below it (kicker / title /
      subtitle, kicker_title_subtitle);
    - ``sentence_stop``: the headline printed with a full stop, when the page's publish or source line stands
      right below it (sentence_headline);
    - ``crumb_title`` / ``crumb_title2``: a breadcrumb ending with the headline cut short (首页 > 本地新闻 >
      标题前十二字..., 当前位置：新闻中心 >> 县区动态 >> 标题前十二字…) above it;
    - ``listen``: a read-aloud control (听全文) right below the page's publish line;
    - ``tab_only``: the printed headline left out, when the browser-tab line holds it (its echo titles the page);
    - ``dotted``: the headline replaced by middle-dotted phrases (稳就业·保民生·…) right above the publish line
      (expected title: those phrases);
    - ``doc_wrapped``: an official document's 关于…的通知 title wrapped over two lines.
    """
    title = gold["title"]
    lines, i = _title_line(text, title)
    if gold["doc_type"] == "web_article" and i is not None:
        nxt = next((k for k in range(i + 1, min(i + 3, len(lines))) if lines[k].strip()), None)
        below_meta = nxt is not None and _META.search(lines[nxt]) is not None and len(lines[nxt]) < 120
        yield "kicker_dash", "\n".join(lines[:i] + ["春耕时节访农家 田野希望新", lines[i], "——记者走进田间地头"] + lines[i + 1:]), {}
        if below_meta and not re.search(r"[。！？!?]", title):
            yield "sentence_stop", "\n".join(lines[:i] + [lines[i].rstrip() + "。"] + lines[i + 1:]), {}
        if len(title) > 14:
            yield "crumb_title", "\n".join(lines[:i] + ["首页 > 本地新闻 > " + title[:12] + "..."] + lines[i:]), {}
            yield "crumb_title2", "\n".join(lines[:i] + ["当前位置：新闻中心 >> 县区动态 >> " + title[:12] + "…"] + lines[i:]), {}
        if below_meta:
            yield "listen", "\n".join(lines[:nxt + 1] + ["听全文"] + lines[nxt + 1:]), {}
            yield "dotted", "\n".join(lines[:i] + [DOTTED] + lines[i + 1:]).replace(title, DOTTED), {"title": DOTTED}
        if i > 0 and title in lines[0] and lines[0].strip() != title:
            yield "tab_only", "\n".join(lines[:i] + lines[i + 1:]), {}
    if gold["doc_type"] == "other" and title and title.startswith("关于") and i is not None and len(title) >= 16:
        cut = len(title) * 3 // 5
        yield "doc_wrapped", "\n".join(lines[:i] + [title[:cut], title[cut:]] + lines[i + 1:]), {}


def round8_perturbations(text: str, gold: dict, evidence: list[str]):
    """The page shapes of round 8, printed on a dev page in invented wordings (expected metadata unchanged):

    - ``page_line``: a paper's page line with its editors (第4版：要闻　责任编辑：王 五　美编：赵 六) under a
      newspaper page's masthead line (page_line);
    - ``page_list``: a 本版导读 list of the page's headlines, the page's own among them, right above it;
    - ``column_prefix``: a web headline printed after its column's name on its line (本地要闻　标题);
    - ``colon_kicker``: a phrase ending in a colon (省级媒体聚焦我县：) right above a web headline;
    - ``media_header``: a county media centre's name alone as a web page's first line, on a page whose
      issuer comes from its source or masthead line;
    - ``bracket_fields``: a record of 【文件名称】/【发布机关】/【施行日期】 lines above a web headline;
    - ``body_wrapped``: an official document's title that opens with its issuing body (某某市人民政府办公室关于…)
      wrapped mid-word over two lines.
    """
    title = gold["title"]
    lines, i = _title_line(text, title)
    date = gold.get("date") or ""
    if gold["doc_type"] == "newspaper_article" and gold["date_source"] == "issue_date" and len(date) == 10 and i is not None:
        m = next((k for k, l in enumerate(lines[:8]) if gold["issuer"] in l), None)
        if m is not None and m < i:
            yield "page_line", "\n".join(lines[:m + 1] + ["第4版：要闻　　责任编辑：王 五　美编：赵 六"] + lines[m + 1:]), {}
        yield "page_list", "\n".join(lines[:i] + ["本版导读", "　·春耕备耕有序推进", "　·" + title, "　·农机合作社服务上门"] + lines[i:]), {}
    if gold["doc_type"] == "web_article" and i is not None:
        yield "column_prefix", "\n".join(lines[:i] + ["本地要闻　" + lines[i].strip()] + lines[i + 1:]), {}
        if not re.search(r"[：:]", title):
            yield "colon_kicker", "\n".join(lines[:i] + ["省级媒体聚焦我县："] + lines[i:]), {}
        if any(e.startswith(("issuer: source_line:", "issuer: masthead")) for e in evidence):
            yield "media_header", "靖远县融媒体中心\n" + text, {}
        yield "bracket_fields", "\n".join(lines[:i] + ["【文件名称】某某产品质量监督条例", "【发布机关】国务院", "【施行日期】2025年3月1日"]
                                           + lines[i:]), {}
    k = title.find("关于") if title else -1
    if gold["doc_type"] == "other" and i is not None and k >= 4 and len(title) >= k + 12:
        cut = k + 8
        yield "body_wrapped", "\n".join(lines[:i] + [title[:cut], title[cut:]] + lines[i + 1:]), {}


def round9_perturbations(text: str, gold: dict, evidence: list[str]):
    """The page shapes of round 9, printed on a dev page in invented wordings (expected metadata unchanged):

    - ``title_wrap``: a web headline of 14 or more characters wrapped by the layout, its last 4 characters
      on a line of their own (wrapped_headline);
    - ``label_lines``: two short label lines (an app's and its channel's names) right above a web headline
      (short_labels);
    - ``repost_mark``: a web page's source line printed with a repost mark before it (转载｜来源：…);
    - ``body_site``: the name in the source line that decided the issuer written as its website (…网站), when
      it names a body (…部, …局, …委员会, …政府).
    """
    title = gold["title"]
    lines, i = _title_line(text, title)
    if gold["doc_type"] != "web_article" or i is None:
        return
    if len(title) >= 14 and not re.search(r"[！？!?”」》）)：:，,；;\s]", title[-5:]):
        yield "title_wrap", "\n".join(lines[:i] + [title[:-4], title[-4:]] + lines[i + 1:]), {}
    yield "label_lines", "\n".join(lines[:i] + ["乡村振兴", "资讯平台"] + lines[i:]), {}
    src = next((k for k, l in enumerate(lines) if re.match(r"^\s*(?:信息|文章)?来源\s*[:：]", l)), None)
    if src is not None:
        yield "repost_mark", "\n".join(lines[:src] + ["转载｜" + lines[src].strip()] + lines[src + 1:]), {}
    m = next((re.search(r"来源\s*[:：]\s*(?P<n>[^\s|｜【]{2,30}?(?:部|局|委员会|政府))(?=[\s|｜【]|$)", l) for l in lines
              if re.search(r"来源\s*[:：]\s*[^\s|｜【]{2,30}?(?:部|局|委员会|政府)(?=[\s|｜【]|$)", l)), None)
    if m is not None and any(e.startswith("issuer: source_line:") for e in evidence):
        yield "body_site", text.replace(m.group(0), m.group(0) + "网站", 1), {}


PRINT_TIME = "2025/12/2 上午9:14"  # a browser print header's date and time (the printing's, not the page's)


def _cuts(title: str):
    """Where ``title`` may be wrapped so that its first line cannot end there: inside a dictionary word
    (``word``), after a particle, preposition or conjunction (``open``); the position nearest the middle that
    leaves at least 7 characters on each line (more than the short remainder a plain wrap leaves)."""
    import rjieba

    pos, words, opens = 0, [], []
    for w in rjieba.cut(title, False):
        end = pos + len(w)
        k = pos + len(w) // 2  # inside the word
        if 2 <= len(w) <= 4 and k >= 7 and len(title) - k >= 7:
            words.append(k)
        if w in ("的", "和", "与", "及", "在", "对", "之") and end >= 7 and len(title) - end >= 7:
            opens.append(end)
        pos = end
    mid = lambda ks: min(ks, key=lambda k: abs(2 * k - len(title))) if ks else None  # noqa: E731
    word, open_ = mid(words), mid(opens)
    return {"word": word, "open": open_}


def round10_perturbations(text: str, gold: dict):
    """The page shapes of round 10 (dev10's classes), printed on a dev page in invented wordings:

    - ``app_bar``: an app's top bar (``<　　某某新闻　　···``) as the page's first line;
    - ``image_slot``: an image placeholder ``[题图]`` right below the headline's publish or source line (or the
      headline);
    - ``print_only``: a browser print header holding the tab title (``2025/12/2 上午9:14　标题-某某网``) as the
      first line, the printed headline replaced by ``[题图]``;
    - ``wrap_word`` / ``wrap_open``: the headline wrapped where its first line cannot end — inside a dictionary
      word, or after a particle, preposition or conjunction (的, 和, 在…) — with 7 or more characters below;
      ``wrap_three``: wrapped inside a word and again before its last word of two characters (three lines);
    - ``date_body``: a ``date　issuer`` line (the page's date and its issuer's name) right above the headline;
      ``body_date``: an ``issuer　date`` line right below it;
    - ``series_kicker`` / ``theme_kicker``: a series kicker (奋进新征程·乡村振兴行) or a theme line (今年主题：…)
      right above the headline;
    - ``occasion_kicker``: the headline replaced by a speaker's statement (某某局：…) under an occasion line
      (…新闻发布会); expected title: the statement;
    - ``time_kicker``: a time phrase (国庆假期第三天) right above the headline: it cannot stand alone, the title is
      both lines with a space (time_phrase);
    - ``book_subject``: the headline replaced by a quoted title over its predicate (《某某市优化营商环境条例》 / 今日起
      正式施行); expected title: the two lines joined (quoted_topic).
    """
    title = gold["title"]
    lines, i = _title_line(text, title)
    if gold["doc_type"] != "web_article" or i is None:
        return
    yield "app_bar", "<　　某某新闻　　　　···\n" + text, {}
    nxt = next((k for k in range(i + 1, min(i + 3, len(lines))) if lines[k].strip()), None)
    below = nxt if nxt is not None and _META.search(lines[nxt]) and len(lines[nxt]) < 120 else i
    yield "image_slot", "\n".join(lines[:below + 1] + ["[题图]"] + lines[below + 1:]), {}
    if not re.search(r"[-_|｜]", title):
        yield "print_only", "\n".join([f"{PRINT_TIME}　　　　{title}-某某网"] + lines[:i] + ["[题图]"] + lines[i + 1:]), {}
    cuts = _cuts(title) if len(title) >= 12 else {}
    for name, key in (("wrap_word", "word"), ("wrap_open", "open")):
        k = cuts.get(key)
        if k:
            yield name, "\n".join(lines[:i] + [title[:k], title[k:]] + lines[i + 1:]), {}
    k = cuts.get("word")
    if k and len(title) - k >= 9 and re.fullmatch("[" + "\u4e00-\u9fff" + "]{2}", title[-2:]):
        yield "wrap_three", "\n".join(lines[:i] + [title[:k], title[k:-2], title[-2:]] + lines[i + 1:]), {}
    date, issuer = gold.get("date") or "", gold["issuer"]
    if len(date) == 10 and issuer:
        yield "date_body", "\n".join(lines[:i] + [f"{date}　{issuer}"] + lines[i:]), {}
        yield "body_date", "\n".join(lines[:i + 1] + [f"{issuer}　{date}"] + lines[i + 1:]), {}
    if len(title) >= 6:
        yield "series_kicker", "\n".join(lines[:i] + ["奋进新征程·乡村振兴行"] + lines[i:]), {}
        yield "theme_kicker", "\n".join(lines[:i] + ["今年主题：守护绿水青山，共建美丽家园"] + lines[i:]), {}
    if 8 <= len(title):
        yield "time_kicker", "\n".join(lines[:i] + ["国庆假期第三天"] + lines[i:]), {"title": "国庆假期第三天 " + title}
    book = ("《某某市优化营商环境条例》", "今日起正式施行")
    yield "book_subject", "\n".join(lines[:i] + list(book) + lines[i + 1:]).replace(title, "".join(book)), {"title": "".join(book)}
    new = "某某局：一季度全市新增市场主体1.2万户"
    yield "occasion_kicker", "\n".join(lines[:i] + ["市政府新闻办举行一季度经济运行情况新闻发布会", lines[i].replace(title, new)]
                                        + lines[i + 1:]).replace(title, new), {"title": new}


PARTED = "全县蔬菜种植面积达到十二万亩 带动农户人均增收两千余元"  # a longer headline-shaped line under the date line
KICKER2 = "砥砺奋进新征程 凝心聚力谱新篇"  # a kicker of two parallel phrases
WHOLE = "我县春耕全面展开"  # a whole headline of 8 characters (a subject and its predicate)


def round11_perturbations(text: str, gold: dict):
    """The page shapes of round 11, printed on a dev page in invented wordings:

    - ``print_header``: a browser print header holding the tab title (``2025/12/2 上午9:14　标题-某某网``) as the
      first line, the page otherwise unchanged (expected unchanged: the tab title names the page's headline);
    - ``print_kicker``: the same print header, and a kicker of two parallel phrases right above the headline (the
      tab title names the headline among the page's lines; expected unchanged);
    - ``meta_split``: the headline replaced by a short one (8 characters) and, right under the page's publish or
      source line below it, a longer headline-shaped line (a publish line parts the two: the short line is the
      title, meta_between);
    - ``whole_pair``: a whole headline of 8 characters (我县春耕全面展开: a subject and its predicate) right above a headline
      of 13 or more: two self-contained lines, the first is the title (whole_headline; README convention).
    """
    title = gold["title"]
    lines, i = _title_line(text, title)
    if gold["doc_type"] != "web_article" or i is None:
        return
    if not re.search(r"[-_|｜]", title):
        yield "print_header", "\n".join([f"{PRINT_TIME}　　　　{title}-某某网"] + lines), {}
        yield "print_kicker", "\n".join([f"{PRINT_TIME}　　　　{title}-某某网"] + lines[:i] + [KICKER2] + lines[i:]), {}
    if len(title) >= 13:
        yield "whole_pair", "\n".join(lines[:i] + [WHOLE] + lines[i:]), {"title": WHOLE}
    nxt = next((k for k in range(i + 1, min(i + 3, len(lines))) if lines[k].strip()), None)
    if nxt is not None and _META.search(lines[nxt]) and len(lines[nxt]) < 120 and title not in "\n".join(lines[:i]):
        t = "\n".join(lines[:nxt + 1] + [PARTED] + lines[nxt + 1:])
        yield "meta_split", t.replace(title, SHORT), {"title": SHORT}


URL = "https://www.example.gov.cn/xwzx/gzdt/202408/t20240818_1234567.html"  # a page's address alone on its line
NUMERAL_WRAP = ("全市夏粮收购量达到126", "万吨 同比增长百分之五")  # a headline wrapped inside its number
OPEN_WRAP = ("全省秋粮收获过半 我市320万亩玉米", "进入集中收获期")  # its last clause's predicate wrapped
QUOTED_THEME = "「乡村振兴 共建美好家园」"  # a theme line wholly in quotation marks
VAGUE = "喜讯频传佳绩连连"  # a kicker the body says nothing of


def round12_perturbations(text: str, gold: dict):
    """The page shapes of round 12 (dev11's classes), printed on a dev page in invented wordings:

    - ``url_line``: the page's address alone on a line at its top (url_line; expected unchanged);
    - ``tab_short``: a browser tab title copied as the first line, a short form of the headline closed by the name
      the page gives as its source (``前八个字 - 来源``; own_site_tail: the printed headline stays the title);
    - ``name_below``: an account's name (某某微报) right under the headline, the page's breadcrumb naming it at the
      top (澎湃号 > 政务 > 某某微报; chrome_name: the name is no headline remainder);
    - ``names_above``: an app's names (蓉观 / 某某蓉观新闻) right above the headline, its app prompt (打开蓉观APP…) at
      the end (chrome_name);
    - ``vague_kicker``: a kicker the body says nothing of (喜讯频传佳绩连连) and the page's publish line above the
      headline (unechoed: the headline is the line whose words the body says);
    - ``numeral_wrap`` / ``open_wrap``: the headline replaced by one wrapped inside its number (…达到126 / 万吨…,
      numeral_unit) or before its last clause's predicate (…我市320万亩玉米 / 进入…, open_clause); expected title:
      the two lines joined;
    - ``year_time_kicker``: a time phrase opened by a year (2024年四季度末) right above the headline: the title is
      both lines with a space (time_phrase);
    - ``quoted_theme``: a theme line wholly in 「」 right above a headline of 14 or more characters (expected unchanged);
    - ``official_account``: the issuer's name and 官方账号 on a line right under the headline (the account's description:
      chrome; expected unchanged).
    """
    title = gold["title"]
    lines, i = _title_line(text, title)
    if gold["doc_type"] != "web_article" or i is None:
        return
    yield "url_line", URL + "\n" + text, {}
    src = _SOURCE.search(text)
    if src and len(title) >= 12 and not re.search(r"[-_|｜]", title):
        yield "tab_short", "\n".join([f"{title[:8]} - {src['name']}"] + lines), {}
    yield "name_below", "\n".join(["澎湃号 > 政务 > 某某微报"] + lines[:i + 1] + ["某某微报"] + lines[i + 1:]), {}
    yield "names_above", "\n".join(lines[:i] + ["蓉观", "某某蓉观新闻"] + lines[i:] + ["打开蓉观APP，阅读体验更佳"]), {}
    nxt = next((k for k in range(i + 1, min(i + 3, len(lines))) if lines[k].strip()), None)
    if nxt is not None and _META.search(lines[nxt]) and len(lines[nxt]) < 120:
        yield "vague_kicker", "\n".join(lines[:i] + [VAGUE, lines[nxt]] + lines[i:nxt] + lines[nxt + 1:]), {}
    for name, pair in (("numeral_wrap", NUMERAL_WRAP), ("open_wrap", OPEN_WRAP)):
        yield name, "\n".join(lines[:i] + [lines[i].replace(title, pair[0]), pair[1]] + lines[i + 1:]).replace(title, "".join(pair)), \
            {"title": "".join(pair)}
    if 8 <= len(title):
        yield "year_time_kicker", "\n".join(lines[:i] + ["2024年四季度末"] + lines[i:]), {"title": "2024年四季度末 " + title}
    if gold["issuer"]:
        yield "official_account", "\n".join(lines[:i + 1] + [f"{gold['issuer']}官方账号"] + lines[i + 1:]), {}
    if len(title) >= 14:
        yield "quoted_theme", "\n".join(lines[:i] + [QUOTED_THEME] + lines[i:]), {}


def round13_perturbations(text: str, gold: dict):
    """The page shapes of round 13, printed on a dev page in invented wordings:

    - ``account_below``: an account's name made of the issuer's first two characters and 微报 (商务微报) on a line
      right under the headline's block, no breadcrumb or other chrome naming it (account_below; expected unchanged);
    - ``related_wrap``: a headline of 12+ characters without spaces printed over two lines parted between two of its
      words near the middle, a related list at the page's end repeating it whole (printed_whole; expected unchanged);
    - ``topic_colon``: a figure and a colon (3.2万亿元：) alone on a line right above the headline: expected title the
      two lines joined;
    - ``new_clause``: a line opening with a conjunction (并将持续做好相关工作) right under the headline: expected title
      the two with a space.
    """
    title = gold["title"]
    lines, i = _title_line(text, title)
    if gold["doc_type"] != "web_article" or i is None:
        return
    name = f"{gold['issuer'][:2]}微报" if gold.get("issuer") else "某某微报"
    j = i + 1  # (under the headline's block: its subtitle lines too)
    while j < len(lines) and lines[j].strip() and not _META.search(lines[j]) and len(lines[j]) <= 40 and not re.search("[。，,]", lines[j]):
        j += 1
    yield "account_below", "\n".join(lines[:j] + [name] + lines[j:]), {}
    if len(title) >= 12 and not re.search(r"\s", title) and lines[i] == title:
        cut, pos = None, 0
        for w, _ in word_tags(title):
            pos += len(w)
            if 5 <= pos <= len(title) - 5 and (cut is None or abs(pos - len(title) / 2) < abs(cut - len(title) / 2)):
                cut = pos
        if cut:
            yield "related_wrap", "\n".join(lines[:i] + [title[:cut], title[cut:]] + lines[i + 1:] + ["相关阅读", title]), {}
    yield "topic_colon", "\n".join(lines[:i] + ["3.2万亿元："] + lines[i:]), {"title": "3.2万亿元：" + title}
    if lines[i] == title:
        yield "new_clause", "\n".join(lines[:i + 1] + ["并将持续做好相关工作"] + lines[i + 1:]), {"title": title + " 并将持续做好相关工作"}


QUOTE_WRAP = ("全市政务服务“一网通", "办”事项扩展至120项")  # a headline cut inside its quoted term
QUANTITY_WRAP = ("新建城际铁路开通运营 设计时速", "350公里沿线居民出行更便捷")  # cut before its last clause's quantity
BRAND = "乐享观察"  # an account's name that ends in no name-like word


def round16_perturbations(text: str, gold: dict):
    """The page shapes of round 16 (meta19: dev13's misses outside kickers), printed on a dev page in invented wordings:

    - ``account_owner_below``: an account's brand name (乐享观察, no name-like ending) right under the headline and the
      account's description (the issuer's name and 官方账号) under it (account_slot: owner_line; expected unchanged);
    - ``account_bare_date``: the brand right under the headline and a bare publish line (the gold date, a time and an IP
      place, 北京; no account) under it (account_slot: bare_publish; expected unchanged);
    - ``quote_wrap`` / ``quantity_wrap``: the headline replaced by one cut inside its quoted term (…“一网通 / 办”…,
      open_quote) or before its last clause's quantity (…设计时速 / 350公里…, numeral_predicate); expected: joined;
    - ``reading_time``: a reader mode's reading-time line (阅读时间：约 4 分钟) right above the headline, and a word
      count with it (全文约1800字，预计阅读5分钟) at the top (reading_time; expected unchanged);
    - ``dated_menu``: the gold date with the page's menu after it (2024-03-05　【字体：大 中 小】　【打印】) right under the
      headline (dated_menu; expected unchanged);
    - ``short_name_account``: a WeChat head (某某微报　date time　北京) under the headline, the account named by the issuer's
      short name (商务 of 商务部) and a brand word, when the issuer is a central body with a short key (expected unchanged);
    - ``account_owner_foot``: an account's footer, its brand and the issuer parted by a middle dot (乐享直通车 · issuer),
      at the page's end (account_owner; expected unchanged).
    """
    title = gold["title"]
    lines, i = _title_line(text, title)
    if gold["doc_type"] != "web_article" or i is None:
        return
    if gold.get("issuer"):
        yield "account_owner_below", "\n".join(lines[:i + 1] + [BRAND, f"{gold['issuer']}官方账号"] + lines[i + 1:]), {}
        yield "account_owner_foot", "\n".join(lines + ["乐享直通车 · " + gold["issuer"]]), {}
    if gold.get("date") and len(gold["date"]) == 10:
        yield "account_bare_date", "\n".join(lines[:i + 1] + [BRAND, gold["date"] + " 08:00　北京"] + lines[i + 1:]), {}
        yield "dated_menu", "\n".join(lines[:i + 1] + [gold["date"] + "　【字体：大 中 小】　【打印】"] + lines[i + 1:]), {}
    for name, pair in (("quote_wrap", QUOTE_WRAP), ("quantity_wrap", QUANTITY_WRAP)):
        yield name, "\n".join(lines[:i] + [lines[i].replace(title, pair[0]), pair[1]] + lines[i + 1:]).replace(title, "".join(pair)), \
            {"title": "".join(pair)}
    yield "reading_time", "\n".join(["全文约1800字，预计阅读5分钟"] + lines[:i] + ["阅读时间：约 4 分钟"] + lines[i:]), {}
    # short_name_account: a WeChat head naming the account by the issuer's own short name and a brand word (商务 + 微报) under
    # the headline, when the issuer is a central body with a short key (商务部 → 商务微报); expected unchanged
    stem = next((m["stem"] for key, body in bundled().rule_words("national_media") if body == gold.get("issuer")
                 for m in [re.fullmatch(r"(?P<stem>[\u4e00-\u9fff]{2,4})(?:部|总?局|总?署|委员会|委)", key)] if m), None)
    if stem and gold.get("date") and len(gold["date"]) == 10:
        yield "short_name_account", "\n".join(lines[:i + 1] + [f"{stem}微报　{gold['date']} 08:00　北京"] + lines[i + 1:]), {}
NUMBER_KICKER = "12.5%、30亿"  # figures alone (number_kicker)
FRAME_KICKER = "在春天的山水间"  # a setting alone, 在…间 (frame_kicker)
TIME_CLAUSE = "春耕备耕进行时"  # a clause closed by …时 (kicker_shape: time_clause)
COLUMN_NAME = "乡村一线"  # a column's name, no predicate (kicker_shape: no_predicate; 一线 is no time word)


KICKER_BLOCK = ("城乡 · 民俗", "端午特辑")  # a column tag with · and a special's name, neither a statement (kicker_shape)
UNDASHED = "全市各地举办龙舟赛事 吸引数万群众沿岸观看"  # an undashed subtitle under the headline, longer than it
ROLE_LINE = "本报记者　李 xx"  # a reporter's role line whose name is no recognised name


def paper17_perturbations(text: str, gold: dict):
    """``paper_block``: on a newspaper page, the headline printed as a three-line block over a role line — a time
    phrase in quotes above it (“国庆”假期第二天), a longer undashed subtitle below it, then 本报记者 with a name in a form the
    byline reader does not take (three_line_block: the middle line stays the title)."""
    title = gold["title"]
    lines, i = _title_line(text, title)
    if gold["doc_type"] != "newspaper_article" or i is None or lines[i] != title:
        return
    yield "paper_block", "\n".join(lines[:i] + ["“国庆”假期第二天", title, UNDASHED, ROLE_LINE] + lines[i + 1:]), {}


def round17_perturbations(text: str, gold: dict):
    """The page shapes of round 17 (dev13's kickers), printed on a dev page in invented wordings; the title is unchanged
    in each, and each is made only over a headline that states something (a predicate: headline_kickers.statement):

    - ``number_kicker``: a line of figures alone (12.5%、30亿) right above the headline (number_kicker);
    - ``frame_kicker``: a setting alone (在春天的山水间) right above the headline (frame_kicker);
    - ``column_line``: a column's name with no predicate (乡村一线) right above the headline (its numeral compound is no
      time phrase: never joined to the headline);
    - ``kicker_block``: a block of four headline lines — a column tag with · and a special's name (城乡 · 民俗 / 端午特辑)
      over the headline of 10+ characters and a longer undashed subtitle (全市各地举办龙舟赛事 …): kicker_shape takes the two kickers;
    - ``time_clause_date`` / ``column_date``: the reverse order — a …进行时 clause or a column's name above the page's
      publish line, the headline under that line (kicker_shape in the headline choice).
    """
    title = gold["title"]
    lines, i = _title_line(text, title)
    if gold["doc_type"] != "web_article" or i is None or len(title) < 8 or not statement(title):
        return
    yield "number_kicker", "\n".join(lines[:i] + [NUMBER_KICKER] + lines[i:]), {}
    yield "frame_kicker", "\n".join(lines[:i] + [FRAME_KICKER] + lines[i:]), {}
    yield "column_line", "\n".join(lines[:i] + [COLUMN_NAME] + lines[i:]), {}
    if len(title) >= 10 and lines[i] == title:
        yield "kicker_block", "\n".join(lines[:i] + list(KICKER_BLOCK) + [title, UNDASHED] + lines[i + 1:]), {}
    nxt = next((k for k in range(i + 1, min(i + 3, len(lines))) if lines[k].strip()), None)
    if nxt is not None and _META.search(lines[nxt]) and len(lines[nxt]) < 120:
        for name, kicker in (("time_clause_date", TIME_CLAUSE), ("column_date", COLUMN_NAME)):
            yield name, "\n".join(lines[:i] + [kicker, lines[nxt]] + lines[i:nxt] + lines[nxt + 1:]), {}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", action="append", choices=DEV)
    ap.add_argument("--only", action="append", help="run only these perturbations (names, or a prefix ending in *)")
    a = ap.parse_args(argv)
    wanted = lambda name: not a.only or any(name == o or (o.endswith("*") and name.startswith(o[:-1])) for o in a.only)  # noqa: E731
    stats: dict[str, list[int]] = {}
    misses = []
    for split in a.split or [s for s in DEV if (sm.GOLD / sm.SPLITS[s][0]).exists()]:
        for r in sm.records(split):
            if r["file"].startswith(("xwlb_", "lawtext_")):
                continue
            text = (sm.GOLD / r["file"]).read_text("utf-8")
            base, _ = ingest.documents([RawFile(r["file"], None, text.encode("utf-8"))])
            evidence = list(base.iloc[0]["evidence"]) if len(base) else []
            for name, t, change in [*perturbations(text, r), *source_perturbations(text, evidence),
                                   *paper_perturbations(r, text), *line_class_perturbations(text, r, evidence),
                                   *title_shape_perturbations(text, r), *round8_perturbations(text, r, evidence),
                                   *round9_perturbations(text, r, evidence), *round10_perturbations(text, r),
                                   *round11_perturbations(text, r), *round12_perturbations(text, r),
                                   *round13_perturbations(text, r), *round16_perturbations(text, r),
                                   *round17_perturbations(text, r), *paper17_perturbations(text, r)]:
                if not wanted(name):
                    continue
                docs, _ = ingest.documents([RawFile(r["file"], None, t.encode("utf-8"))])
                gold = sm.gold_fields(r)
                bad = sm.misses_of_one(docs, {**{k: gold[k] for k in FIELDS}, **change})
                sm.tally(stats, misses, name, r["file"], bad)
    for name, (ok, n) in stats.items():
        print(f"{name:15s} {ok:3d}/{n:<3d} documents keep every field")
    for m in misses:
        print("  -", m)
    return 0


if __name__ == "__main__":
    sys.exit(main())
