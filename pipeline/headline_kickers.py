"""Kickers (引题): the lines that stand above a page's headline as its kicker, and the short lines that do not.

A column or series name, a theme line, a quoted theme, an occasion (:func:`kicker_line`), a colon kicker
(:func:`colon_kicker_line`), an app's and its channel's short labels (:func:`short_labels`), and a short line
that is a whole statement, a headline of its own (:func:`whole_headline`).

>>> kicker_line("在希望的田野上·三夏时节", "各地抢抓夏收夏种 夯实粮食丰收基础")
'series_kicker'
"""

from __future__ import annotations

import re

from pipeline.bylines import byline
from pipeline.clean import Para, is_headline, word_across, word_tags  # noqa: F401  (Para: the doctests' lines)
from pipeline.headline_shapes import DASH, DOC_KIND, page_headline_shape
from pipeline.lexicons import jieba_dictionary
from pipeline.patterns import CJK_UNIFIED, lazy_compile

# kicker_line: lines that stand above a page's headline as its kicker (引题) whatever their length —
# a column or series name of two short phrases parted by a middle dot (在希望的田野上·三夏时节);
# a theme or slogan line, a label such as 主题 and a colon (今年主题：防范灾害风险，护航高质量发展);
# an occasion, a meeting's or event's name (…新闻发布会), above a speaker's statement (某某局：…)
_SERIES = lazy_compile(r"^[" + CJK_UNIFIED + r"]{2,12}\s*[·•]\s*[" + CJK_UNIFIED + r"]{2,12}$")
_THEME = lazy_compile(r"^[" + CJK_UNIFIED + r"]{0,8}?(?:主题|口号|标语|主题词|关键词|宣传语|主旨)\s*(?:是|为)?\s*[:：]\s*\S")
_OCCASION = lazy_compile(r"(?:会议|发布会|座谈会|论坛|大会|峰会|博览会|交易会|推进会|现场会|研讨会|例会|吹风会|见面会|通气会|启动仪式|开幕式)$")
# quoted_theme: a line wholly in quotation marks (「全民国家安全教育 走深走实十周年」), a theme or slogan, over a longer headline
_QUOTED_LINE = lazy_compile(r"^(?:「[^「」]{4,30}」|“[^“”]{4,30}”|『[^『』]{4,30}』)$")
# a statement opened by its speaker, a body or a person, and a colon: 金融监管总局：… / 某某局长：…
_SPEAKER_COLON = lazy_compile(r"^[" + CJK_UNIFIED + r"]{2,16}[:：]\s*\S{6,}")
# number_kicker: a line of numbers alone, a figure or a list of figures with their units (12.5%、30亿 / 3 5 8), that names
# what the headline below says, never a statement of its own
# (linear: no two adjacent pieces can match the same characters — a separator is spaces alone or one mark with its
# spaces, a unit's spaces are read only before a unit, figures possessively — so a row of figures that does not end
# as figures, 2016   2017 … 合计, fails at once; it matches exactly what the nested ``(?:\s*[、…\s]\s*…)*`` of round
# 17 matched, checked on every string of up to 7 characters over figures, marks, spaces, units and a CJK character)
_UNIT = "[%％‰万亿千百倍个元吨]"
_NUMBERS_ONLY = re.compile(r"^[+\-]?\d(?:[\d.．]|[,，](?![+\-]))*+(?:\s*+" + _UNIT + r"+)?"
                           r"(?:(?:\s*[、，,/|｜]\s*|\s+)[+\-]?\d[\d.．]*+(?:\s*+" + _UNIT + r"+)?)*+"
                           r"(?:(?<!" + _UNIT + r")\s+)?$")
# slogan_row: a row of two or more short parallel phrases (2–5 characters each, parted by spaces or a middle dot, perhaps in
# lenticular brackets): 稳经济 促发展 强信心·权威访谈 / 品民俗 赏美景 尝美食 看演出 / 抢抓农时 颗粒归仓 — a theme or a
# campaign's slogan over the headline, never a statement's subject and predicate (a piece's quote marks are not among its
# characters: “防”字当头 “早”字为先)
_SLOGAN_PIECE = r"[“‘\"]?(?:[" + CJK_UNIFIED + r"][”’\"]?[“‘\"]?){2,5}"
_SLOGAN_ROW = lazy_compile(r"^[【\[]?" + _SLOGAN_PIECE + r"(?:(?:\s+|\s*[·•]\s*)" + _SLOGAN_PIECE + r"){1,4}[】\]]?$")
# quoted_slogan: a short line (at most 8 characters) around a quoted word (向“绿”而行 / “数”说成就): a theme, over a longer
# statement
_QUOTED_SLOGAN = lazy_compile(r"^[" + CJK_UNIFIED + r"]{0,4}[“「『][" + CJK_UNIFIED + r"]{1,4}[”」』][" + CJK_UNIFIED + r"]{0,4}$")
# festival_kicker: an occasion's name alone, a day, a festival or an anniversary (第六个中国人民警察节 / 世界读书日 /
# 建党103周年), over a statement
_FESTIVAL = lazy_compile(r"^(?:第[" + CJK_UNIFIED + r"\d]{1,4}个)?[" + CJK_UNIFIED + r"\d]{2,14}?(?:节|纪念日|宣传日|宣传周|活动日|日|周年)$")
# bracket_series: a series' or campaign's name alone in lenticular brackets, one phrase (【锲而不舍落实中央八项规定精神】), over
# a headline line (a whole headline in brackets holds its clauses parted by a space: 【引洮工程润泽陇中 渭源群众喝上“幸福水”】)
_BRACKET_SERIES = lazy_compile(r"^【[" + CJK_UNIFIED + r"“”·]{4,20}】$")
# dash_series: a series' name and its theme parted by a dash (新时代新征程新伟业——真抓实干推动高质量发展), over a speaker's or
# a place's statement (吉林：推动…)
_DASH_SERIES = lazy_compile(r"^[" + CJK_UNIFIED + r"]{2,12}\s*(?:——|—|--)\s*[" + CJK_UNIFIED + r"]{2,16}$")
# frame_kicker: a setting alone, a preposition and a place or time closed by a locative (在某某的山水间 / 在新的起点上): a theme
# line, no statement (the statement, its subject and predicate, is the headline below)
_LOCATIVE_END = "上中里下间前后"


def kicker_line(first: str, second: str) -> str:
    """kicker_line: why ``first``, right above the headline line ``second``, is its kicker — ``series_kicker``,
    ``theme_line``, ``quoted_theme``, ``occasion_kicker``, ``number_kicker`` (figures alone over a statement),
    ``frame_kicker`` (a setting alone, 在…上, over a statement), ``slogan_row`` (short parallel phrases over a statement),
    ``quoted_slogan`` (a short line around a quoted word), ``festival_kicker`` (a day's or festival's name alone) or
    ``dash_series`` (a series and its theme over a speaker's statement) or ``bracket_series`` (a series' name alone in 【】)
    (see the patterns above); "" when it is not one.

    >>> kicker_line("在希望的田野上·三夏时节", "各地抢抓夏收夏种 夯实粮食丰收基础"), kicker_line("5·12全国防灾减灾日：各地精心组织", "某某")
    ('series_kicker', '')
    >>> kicker_line("国新办举行某某情况新闻发布会", "某某总局：一季度末贷款余额17.7万亿元")
    'occasion_kicker'
    >>> kicker_line("12.5%、30亿", "全市数字经济核心产业增加值稳步增长"), kicker_line("在春天的山水间", "我县乡村旅游迎来客流高峰")
    ('number_kicker', 'frame_kicker')
    >>> kicker_line("护春耕 保春播 促增收", "全县春播面积同比增长两成"), kicker_line("向“新”而行", "我市加快培育新兴产业集群")
    ('slogan_row', 'quoted_slogan')
    >>> kicker_line("“防”字当头 “早”字为先", "各地各部门积极部署应对台风“某某”")
    'slogan_row'
    >>> kicker_line("第十个全民阅读日", "各地举办读书活动"), kicker_line("某某系列——奋进新征程", "某省：推动产业升级取得新成效")
    ('festival_kicker', 'dash_series')
    >>> kicker_line("【引洮工程润泽陇中 渭源群众喝上“幸福水”】", "全市重点项目建设加快推进"), kicker_line("【学习贯彻全会精神】", "全市重点项目建设加快推进")
    ('', 'bracket_series')
    """
    if not page_headline_shape(second) or DASH.match(second) or byline(second):
        return ""
    # (a series' name in brackets stands over a headline of any length: 【…】 / 聚焦实效)
    if _BRACKET_SERIES.match(first) and not second.startswith("【") and statement(second):
        return "bracket_series"
    if len(second) < 6:
        return ""
    if _SERIES.match(first) and not _SERIES.match(second) and not _predicate_end(first):
        return "series_kicker"  # (a line ending in its verb is a headline with a dot in a name: 中国·东盟博览会开幕)
    if _THEME.match(first) and not _THEME.match(second):
        return "theme_line"
    if _QUOTED_LINE.match(first) and not _QUOTED_LINE.match(second) and len(second) >= len(first):
        return "quoted_theme"
    if _OCCASION.search(first) and _SPEAKER_COLON.match(second) and not _OCCASION.search(second):
        return "occasion_kicker"
    if _NUMBERS_ONLY.match(first) and not _NUMBERS_ONLY.match(second) and statement(second):
        return "number_kicker"
    if frame_phrase(first) and not frame_phrase(second) and statement(second) and len(second) >= len(first):
        return "frame_kicker"
    # (never a headline the layout cut inside a word, 年味渐浓 各地举 / 办多种活动…, “十四五”时期发 / 展…; never over a
    # line with clause marks, a source card's 以下文章来源于…，作者…)
    cut = word_across(first, second)
    whole = not (cut and len(cut) >= 2)
    # (the kickers below need a real headline line under them: never a photo's caption, 图为…, or a quote opening the body,
    # “…！”, which a one-line headline may stand over; and a kicker is no whole statement of its own, 我市“两会”开幕 — two
    # self-contained lines are a headline and its subtitle: whole_headline)
    if not headline_below(second) or whole_headline(re.sub(r"[\s·•]", "", first)):
        return ""
    if _SLOGAN_ROW.match(first) and not _SLOGAN_ROW.match(second) and statement(second) and whole \
            and not re.search(r"[，,、；;：:]", second) and len(second) >= min(8, len(re.sub(r"[\s·•【】\[\]]", "", first))):
        return "slogan_row"
    if len(first) <= 8 and _QUOTED_SLOGAN.match(first) and not _QUOTED_SLOGAN.match(second) and statement(second) and whole \
            and len(second) >= len(first) + 3:
        return "quoted_slogan"
    # (an ordinal names an occasion whatever its words: 第十个全民阅读日; without one, a line with a predicate is a headline,
    # 我市隆重纪念建党100周年)
    if _FESTIVAL.match(first) and (re.match(r"^第[" + CJK_UNIFIED + r"\d]{1,4}个", first) or not statement(first)) and not _FESTIVAL.match(second) and statement(second):
        return "festival_kicker"
    # (never a headline joining two places with a dash, 中国—中亚峰会在西安开幕 / 兰州—重庆高铁全线贯通: a place name before
    # the dash, or a connecting dash — one, not the two of a 破折号 — in a line ending in its verb, as series_kicker asks;
    # a series' theme after a 破折号 may end on its verb, 奋进新征程——实干显担当)
    if _DASH_SERIES.match(first) and _SPEAKER_COLON.match(second) and not _place_pair(first) \
            and not ("——" not in first and _predicate_end(first)):
        return "dash_series"
    return ""


# the tags (jieba) that make a line a statement's predicate: a verb, an adjective, a status word, an idiom
_PREDICATE_TAGS = ("v", "a", "z", "i", "l")


def statement(t: str) -> bool:
    """The line holds a predicate: a verb, an adjective, a status word or an idiom (jieba's tags v, a, z, i, l), as a
    statement does.

    >>> statement("全市春耕生产全面展开"), statement("春节特辑")
    (True, False)
    """
    return any(tag[:1] in _PREDICATE_TAGS and tag != "vn" for _, tag in word_tags(t))


def frame_phrase(t: str) -> bool:
    """frame_kicker: ``t`` is a setting alone — 在 (a preposition), then a place or time, closed by a locative (上, 中, 里,
    间 …), at most 12 characters, no clause mark: a theme line over a headline, never its first words.

    >>> frame_phrase("在春天的山水间"), frame_phrase("在某县调研时强调"), frame_phrase("在全省率先推广")
    (True, False, False)
    """
    if not 4 <= len(t) <= 12 or re.search(r"[，,：:；;！？!?。、\s]", t) or t[-1] not in _LOCATIVE_END:
        return False
    tags = word_tags(t)
    return len(tags) >= 2 and tags[0] == ("在", "p") and (tags[-1][1] == "f" or tags[-1][0][-1:] in _LOCATIVE_END) \
        and not any(tag[:1] == "v" and tag != "vn" for _, tag in tags[-2:])


# a caption or a quote under a one-line headline: 图为… / 上图：… / ▲…, or a line opened by a quote that holds a speaker's
# marks (“以前……现在家门口就能挣钱！”): never the headline below a kicker
_CAPTION_OPEN = lazy_compile(r"^(?:图为|图片为|图中|[上下左右]图|图\d{0,2}\s*[:：]|[▲△▼↑])")
_QUOTE_LINE = lazy_compile(r"^[“「『\"].*(?:……|[！？!?，,]).*[”」』\"]$")


def headline_below(t: str) -> bool:
    """headline_below: ``t`` can be the headline under a kicker — headline-shaped (page_headline_shape), not a photo's caption
    (图为…) nor a quote opening the body (“…！”).

    >>> headline_below("全县春播面积同比增长两成"), headline_below("图为农民在田间播种"), headline_below("“以前……现在好了！”")
    (True, False, False)
    """
    return page_headline_shape(t) and not _CAPTION_OPEN.match(t) and not _QUOTE_LINE.match(t)


def _place_pair(t: str) -> bool:
    """The words before the line's dash are one place name (中国—中亚… / 兰州—重庆…): two places joined, no series' name."""
    head = re.split(r"\s*(?:——|—|--)\s*", t, maxsplit=1)[0]
    tags = word_tags(head)
    return len(tags) == 1 and tags[0][1] == "ns"


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
    >>> short_labels([Para(1, "三夏时节"), Para(2, "向科技要产能", 0), Para(3, "助力全年粮食丰收", 0)])
    0
    """
    k = 0
    while k < len(lines) and len(lines[k].text) <= 6 and (k == 0 or lines[k].gap == 0) and lines[k].drop is None \
            and is_headline(lines[k].text) and not DOC_KIND.search(lines[k].text) and not byline(lines[k].text) \
            and not _preposition_open(lines[k].text):
        k += 1
    # (never over a dash subtitle: the last short line is then the headline, 新闻特写 / 历史时刻 / ——…)
    if k >= 2 and k < len(lines) and lines[k].gap == 0 and len(lines[k].text) > 6 and page_headline_shape(lines[k].text) \
            and not DASH.match(lines[k].text):
        return k
    return 0


# speech_kicker: a kicker that reports a speech, closed by its verb (习近平对…作出重要指示强调 / …致信祝贺…召开强调): the
# lines below it are the speech's object, its 主题
_SPEECH_KICKER = lazy_compile(r"^[^，,；;：:\s]{8,}(?:强调|指出)$")


def slogan_row(t: str) -> bool:
    """slogan_row's shape alone: ``t`` is a row of two or more short parallel phrases (稳经济 促发展 强信心).

    >>> slogan_row("稳经济 促发展 强信心"), slogan_row("小年到 年味渐浓 各地人们在多彩活动中感受年味")
    (True, False)
    """
    return bool(_SLOGAN_ROW.match(t))


def imperative(t: str) -> bool:
    """imperative: ``t`` is a call without a subject of its own — its first word a verb, an adverb or a manner word
    (jieba's v, vd, d, ad, a: 推动…, 持续发力…, 切实保障…), no space, 4 to 24 characters: a line of a speech's 主题,
    never an actor's part (李强作出批示) nor a statement with its subject (我省交通运输事业取得新成就).

    A manner word (jieba's a) is a call's only when a verb follows it and no 的 makes it a noun phrase's modifier: 扎实推进…
    is a call, 新修订的…条例明年起施行 a statement with its subject.

    >>> imperative("持续发力久久为功"), imperative("推动“四好农村路”高质量发展"), imperative("我省交通运输事业取得新成就")
    (True, True, False)
    >>> imperative("扎实推进农村公路高质量发展"), imperative("新修订的农村公路条例明年起施行")
    (True, False)
    """
    if not 4 <= len(t) <= 24 or re.search(r"\s", t):
        return False
    tags = word_tags(t)
    if not tags or tags[0][1] not in ("v", "vd", "d", "ad", "a"):
        return False
    return tags[0][1] != "a" or (len(tags) > 1 and tags[1][1].startswith("v") and tags[1][1] != "vn"
                                 and not any(tag == "uj" for _, tag in tags))


def speech_kicker(t: str) -> bool:
    """speech_kicker: ``t`` reports a speech and ends on its verb (…作出重要指示强调), a kicker whose object is the 主题 below.

    >>> speech_kicker("习近平对某省山洪灾害作出重要指示强调"), speech_kicker("我市强调")
    (True, False)
    """
    return bool(_SPEECH_KICKER.match(t))


# side_headline: the shape of a 副题 under a speech's 主题 — an actor's part in the event: an actor (a name, a post and a
# name, a body, a list of names) and a predicate of taking part (出席 / 主持 / 作出批示 / 参加审议 / 讲话 / 致辞 …) closing
# the line, or 会议由…主持; never read from the tagger's person-name tag alone (it misses common surnames: 张 q, 刘 zg)
_SIDE_PREDICATE = lazy_compile(r"^(?:[" + CJK_UNIFIED + r"]{2,24}?(?:作出(?:重要)?(?:批示|指示|部署)|出席(?:开幕会|闭幕会|会议|活动|仪式|大会)?"
                               r"|主持(?:会议|召开)?|参加(?:审议|讨论|会议|活动)?|(?:发表)?讲话|致辞|会见|陪同)"
                               r"|(?:会议|活动|大会|仪式)由[" + CJK_UNIFIED + r"]{2,20}主持)$")


def side_headline(t: str) -> bool:
    """side_headline: a short line (at most 24 characters, no clause mark) shaped as a 副题 under a speech's 主题: an actor
    and a predicate of taking part (李强作出批示 / 张国清出席 / 市委书记张某某主持会议 / 会议由副省长王某主持), another actor's
    part in the event, never the 主题's last line.

    >>> side_headline("李强作出批示"), side_headline("张国清出席"), side_headline("会议由副省长王某主持")
    (True, True, True)
    >>> side_headline("在党的旗帜下奋进新征程创造新业绩"), side_headline("坚决落实党中央决策部署"), side_headline("出席")
    (False, False, False)
    """
    return len(t) <= 24 and not re.search(r"[，,；;：:！？!?。、\s]", t) and bool(_SIDE_PREDICATE.match(t))


def _preposition_open(t: str) -> bool:
    """The line opens with a preposition (向科技要产能, 为…): a clause of a headline, never an app's or column's name."""
    tags = word_tags(t)
    return bool(tags) and tags[0][1] == "p"


def colon_kicker_line(t: str) -> bool:
    """colon_kicker: a short phrase (at most 30 characters) ending in a colon, otherwise headline-shaped.

    >>> colon_kicker_line("央视聚焦某县："), colon_kicker_line("记者近日走访了某县，看到：")
    (True, False)
    """
    return len(t) <= 31 and t[-1:] in ("：", ":") and is_headline(t[:-1], max_len=30) and not re.search(r"[，,；;]", t)



# the tags of a subject (jieba): a noun, a place, a person's or body's name, a pronoun (我市), an abbreviation
SUBJECT_TAGS = frozenset({"n", "ns", "nr", "nt", "nz", "r", "j"})


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
    if len(tags) < 3 or len(t) < 6 or tags[0][1] not in SUBJECT_TAGS or re.search(r"[:：·•|｜]", t):
        return False
    return tags[-1][1] in ("v", "i", "a") and tags[-1][0] in jieba_dictionary()


def kicker_shape(t: str, bare: int = 6) -> str:
    """kicker_shape: why the short line ``t`` (at most 8 characters, or a setting or figures of any length up to 12) is
    shaped as a kicker, not a headline — ``number_kicker`` (figures alone: 12.5%、30亿), ``frame_kicker`` (a setting
    alone: 在春天的山水间), ``time_clause`` (a clause closed by a time noun, …时: 春耕备耕进行时, never a statement) or
    ``no_predicate`` (at most ``bare`` characters, no verb, adjective or idiom: a column's, theme's or special's name,
    春节特辑, 乡村一线); "" when it
    is a statement (高原夏菜喜获丰收) or names a document kind. Read by the headline choice (a kicker's block is not the
    headline when a longer statement stands beside it).

    >>> kicker_shape("12.5%、30亿"), kicker_shape("在春天的山水间"), kicker_shape("春耕备耕进行时"), kicker_shape("春节特辑")
    ('number_kicker', 'frame_kicker', 'time_clause', 'no_predicate')
    >>> kicker_shape("高原夏菜喜获丰收"), kicker_shape("聚焦乡村振兴"), kicker_shape("全市春耕生产全面展开")
    ('', '', '')
    """
    t = t.strip()
    if _NUMBERS_ONLY.match(t):
        return "number_kicker"
    if frame_phrase(t):
        return "frame_kicker"
    if not 2 <= len(t) <= 8 or re.search(r"[，,：:；;！？!?。]", t) or DOC_KIND.search(t):
        return ""
    tags = [(w, tag) for w, tag in word_tags(t) if w.strip()]
    if len(tags) >= 2 and tags[-1][0] in ("时", "之时", "之际") and tags[-2][1][:1] == "v":
        return "time_clause"
    # (a name's length: jieba tags a longer line's predicate a noun as often as not, 某某市场火热, …变通途)
    if tags and len(re.sub(r"\s", "", t)) <= bare and not any(tag[:1] in _PREDICATE_TAGS and tag != "vn" for _, tag in tags):
        return "no_predicate"
    return ""

