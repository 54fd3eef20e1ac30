"""A headline wrapped by the layout: when two headline lines are one headline, and why.

A short remainder under a long line (:func:`wrapped_headline`), or a first line that cannot end where the
layout cut it (:func:`continued_line`: a word cut, an open end or start, a quoted topic, a topic colon, a time
phrase, a numeral without its unit, an open clause, subject or object, a new clause); a bare name under a
headline that is its last word (:func:`remainder_name`). From jieba's dictionary and tags, never a list of
endings.

>>> wrap_rule("受冷空气影响 我国中东部地区的", "降雨将更为密集")
'headline_continues: open_end (the first line cannot end the headline)'
"""

from __future__ import annotations

import itertools
import re

from pipeline.bylines import byline, closer
from pipeline.clean import word_across, word_tags
from pipeline.headline_kickers import SUBJECT_TAGS, kicker_line, side_headline, speech_kicker, statement
from pipeline.headline_shapes import DASH, DOC_KIND, SITE_END, is_copy, page_headline_shape
from pipeline import divisions
from pipeline.lexicons import jieba_dictionary
from pipeline.patterns import CJK_UNIFIED, CN_SMALL, lazy_compile

# the tags (jieba's tag set) of a word a headline line cannot end with: a structural particle (的 地 得 之 等),
# a preposition (在 对 关于), a conjunction (和 及 并), an adverb (正逐步, 将进一步: it modifies the verb below): each needs
# the words after it
_OPEN_END = frozenset({"uj", "uv", "ud", "u", "p", "c", "d"})
# the tags of a word a headline line cannot open with: a particle that binds to the words before it (的 等 了 着)
_OPEN_START = frozenset({"uj", "uv", "ud", "u", "ul", "uz", "ug"})
# a line that ends in a quoted term (衢州：「四链融合」 / 《某某条例》): with no verb before it, the term is the subject
# of what follows
_QUOTED_END = lazy_compile(r"[「“『《\"][^」”』》\"]{1,30}[」”』》\"]$")
# the tags of a time word (jieba): 假期 t, 第一周 m, 以来 f
_TIME_TAGS = frozenset({"t", "f", "m", "mq", "tg"})
# the tags of a modifier a time phrase has none of: a pronoun, 的, an adjective or adverb (我们的节日, 非凡十年)
_MODIFIER_TAGS = frozenset({"r", "uj", "a", "ad", "an", "d"})


def continued_line(first: str, second: str, lead: str = "") -> str:
    """headline_continues: why the headline line ``first`` cannot end where the layout wrapped it, so that
    ``second`` (a headline-shaped line printed right below) is its rest — the join cuts a dictionary word
    (``word_cut``: …生活必需 / 品市场…), ``first`` ends in a word that needs a continuation (``open_end``: a
    particle, preposition or conjunction, …地区的 / 降雨…), ``second`` opens with a particle bound to the words
    before it (``open_start``: …就业社保 / 等各项…), or ``first`` ends in a quoted term after a colon and
    ``second`` opens with its verb or an adverb (``quoted_topic``: 衢州：「四链融合」 / 跑出…); "" when it can end there. From
    jieba's dictionary and part-of-speech tags, never a list of endings.

    >>> continued_line("受冷空气影响 我国中东部地区的", "降雨将更为密集"), continued_line("全国文旅市场火热", "春节假期订单大幅增长")
    ('open_end', '')
    >>> continued_line("受降雨影响 多条河流水位正逐步", "回落至警戒线以下")  # (an adverb needs its verb)
    'open_end'
    >>> continued_line("某国军队袭击邻国南部多地", "某国称在所有战区创造新局面")  # (多地: places, not the particle 地)
    ''
    """
    # (division_name is read last, when no other reason joins the lines: a division's name over a document's bare name)
    return _continued(first, second, lead) or ("division_name" if division_title(first, second) else "")


def _continued(first: str, second: str, lead: str) -> str:
    """:func:`continued_line` without division_name."""
    if len(first) < 4 or not 2 <= len(second) <= 60 or DASH.match(second) or byline(second) or closer(second) \
            or not page_headline_shape(second):
        return ""
    # (a clause opened by a linking conjunction cannot stand alone, whatever closes the line above it — ！, ？, a quote
    # — so it is read before the marks that end a line: 今后五年，兰州这样干！ / 并将…)
    if not re.search(r"[。；;，,、]$", first) and new_clause(first, second):
        return "new_clause"
    if re.search(r"[！？!?。；;，,、]$", first) or kicker_line(first, second):
        return ""  # (a kicker above its headline — 某某·某某 / 主题：… — is a line of its own)
    said = lead_continues(first, second, lead)  # (the body's lead says the words across the cut as one run)
    if said:
        return said
    if open_quote(first, second):
        return "open_quote"
    if time_phrase(first):  # (the headline it dates is at least as long as the phrase, a year before it aside)
        return "time_phrase" if len(second) >= len(re.sub(r"^(?:19|20)\d{2}年", "", first)) else ""
    if topic_colon(first):
        return "topic_colon"
    if title_attribute(first, second):
        return "title_attribute"
    q = _QUOTED_END.search(first)
    if q:
        before, head = word_tags(first[:q.start()]), word_tags(second)
        # (its verb: 跑出, 激活 — tagged a —, or an adverb; a verb before the term makes the line whole: 印发《…》)
        # (or a time word before it: 今日起正式施行)
        return "quoted_topic" if head and head[0][1][:1] in ("v", "a", "d", "t") and not any(t.startswith("v") for _, t in before) else ""
    if re.search(r"[”」》）)】：:\"'』]$", first) or re.match(r"[“「《（(【\"'『\s]", second):
        return ""  # (a closed quote or bracket, or one opening below, is a boundary the layout did not cut)
    if pair_attribute(first, second):
        return "pair_attribute"
    if numeral_cut(first, second):
        return "numeral_unit"
    w = word_across(first, second)
    if w is not None and len(w) >= 2 and not _splits_words(first, second, w):
        return "word_cut"
    last = word_tags(first[-6:])
    # (a reduplicated adverb is a predicate that ends its clause: 喜讯频传佳绩连连)
    # (地 after a numeral or 等 is the noun, places — 多地, 三地, 甘肃、辽宁等地 —, never the adverbial particle: 持续有力地;
    # the line below goes on only when it opens with the places' predicate, …等地 / 将有新一轮降雨)
    places = bool(last) and last[-1][0] == "地" and len(last) > 1 and last[-2][1] in ("m", "u") and not predicate_start(second)
    if last and last[-1][1] in _OPEN_END and not closed_clause(first) and not places \
            and not (last[-1][1] == "d" and len(last[-1][0]) == 2 and last[-1][0][0] == last[-1][0][1]):
        return "open_end"
    head = word_tags(second[:6])
    if head and head[0][1] in _OPEN_START:
        return "open_start"
    if open_clause(first, second):
        return "open_clause"
    if open_subject(first, second):
        return "open_subject"
    if open_object(first, second):
        return "open_object"
    if open_quantity(first, second):
        return "open_quantity"
    return ""


def division_title(first: str, second: str) -> bool:
    """division_name: ``first`` is a division's name alone (凉山彝族自治州, 某某县人民政府: the national division list) and
    ``second`` a document's name without an actor of its own (政府工作报告, 2023年国民经济和社会发展计划) — the layout
    wrapped the document's title after the name that opens it: one title, read joined (凉山彝族自治州政府工作报告).

    >>> division_title("凉山彝族自治州", "政府工作报告"), division_title("兰州市人民政府", "2023年政府工作报告")
    (True, True)
    >>> division_title("兰州市", "我市召开安全生产工作会议"), division_title("某某县", "政府工作报告"), division_title("兰州市", "——政府工作报告")
    (False, False, False)

    ``second`` is the document's name and nothing else — a year perhaps, then its words, no actor (a division's or
    body's name, a pronoun, a division's one-character short form: 州统计局…, 市政府…), no act (a verb of its own:
    召开…审议…), never the division's name again (兰州市 / 兰州市2024年政府工作报告 is a heading and its title):

    >>> division_title("兰州市", "兰州市2024年政府工作报告"), division_title("凉山彝族自治州", "州统计局发布2023年统计公报")
    (False, False)
    """
    if not 2 <= len(second) <= 24 or not DOC_KIND.search(second) or not re.fullmatch("[" + CJK_UNIFIED + r"\d]+", second):
        return False
    name = re.sub(r"(?:人民)?政府$", "", first)
    if not (2 <= len(name) <= 16 and any(kind == "name" for _, kind in divisions.load().kinds(name))):
        return False
    words = re.sub(r"^(?:19|20)\d{2}年度?", "", second)
    if not words or name in second or words[0] in _DIVISION_SHORT or words.startswith(("关于", "我", "本")):
        return False
    tags = word_tags(words)
    return not any(tag in _ACTOR_TAGS for _, tag in tags) and sum(_verb(tag) for _, tag in tags) <= 1 \
        and not any(_verb(tag) for _, tag in tags[:1])


# a division's one-character short form opening a line (州统计局, 市政府, 县委): the division's own body, an actor
_DIVISION_SHORT = frozenset("省市州县区盟旗乡镇村")
# the tags (jieba) of an actor's name: a place, a body, a person, a pronoun, an abbreviation
_ACTOR_TAGS = frozenset({"ns", "nt", "nr", "nrt", "r", "j", "zg"})


def predicate_start(second: str) -> bool:
    """``second`` opens with a predicate — a verb or an adverb (jieba's v*, d), perhaps after a time word (今明两天有…,
    明天起将…, 未来三天…): the rest of a subject printed on the line above (…等地 / 今明两天有强降雨).

    >>> predicate_start("今明两天有强降雨"), predicate_start("将有新一轮降雨"), predicate_start("某国称在所有战区创造新局面")
    (True, True, False)
    """
    tags = list(word_tags(second[:10]))
    while tags and (tags[0][1] in ("t", "tg") or _TIME_WORD.fullmatch(tags[0][0])):
        tags.pop(0)
        if tags and tags[0][0] == "起" and len(tags) > 1:  # (明天起 / 将…: 起 closes the time word)
            tags.pop(0)
    return bool(tags) and tags[0][1][:1] in ("v", "d")


# a time word jieba does not tag t: 今明两天, 今晚, 明后天, 未来三天
_TIME_WORD = lazy_compile(r"(?:[今明后昨前本下上近这][明后]?|未来)[\d一二两三四五六七八九十几]*[天日晚夜周月年]")


# the words either side of a layout's cut: the first line's last ideographs or digits (…灾后恢复) and the second
# line's first ones (重建…), never across a space, a mark or a quote
_CUT_TAIL = lazy_compile("[" + CJK_UNIFIED + r"\d]{4,}$")
_CUT_HEAD = lazy_compile("^[" + CJK_UNIFIED + r"\d]{2,}")
# lead_joined's evidence: the lead says at least this many of the first line's last characters and of the second
# line's first ones as one run, and this many in all — a common phrase across the cut (乡村振兴 / 产业…, 丰收节 / 活动…)
# is never a restatement
_RUN_TAIL, _RUN_HEAD, _RUN_ALL = 6, 4, 10


def lead_run(first: str, second: str, lead: str) -> tuple[int, int]:
    """How many of ``first``'s last characters and of ``second``'s first ones ``lead`` says as one run across the
    cut (the longest head, then the longest tail before it); (0, 0) when it says fewer than 2 and 4.

    >>> lead_run("多地抢抓晴好天气推进夏粮抢收", "抢种工作 确保颗粒归仓", "近日，各地抢抓晴好天气推进夏粮抢收抢种工作，确保颗粒归仓。")
    (13, 4)
    >>> lead_run("某某县扎实推进乡村振兴", "产业兴旺带动群众增收", "近年来，某某县聚焦乡村振兴产业发展。")
    (4, 2)
    """
    tail, head = _CUT_TAIL.search(first), _CUT_HEAD.match(second)
    if not tail or not head:
        return 0, 0
    t, h = tail.group(), head.group()
    n = next((n for n in range(len(h), 1, -1) if t[-4:] + h[:n] in lead), 0)
    if not n:
        return 0, 0
    return next(k for k in range(len(t), 3, -1) if t[-k:] + h[:n] in lead), n


def lead_continues(first: str, second: str, lead: str) -> str:
    """lead_continues: the body's ``lead`` (its first paragraph, the lines under the headline block) says the words
    on both sides of the cut between the headline lines ``first`` / ``second`` as one run — the layout wrapped one
    headline, which the lead restates: ``lead_joined`` when it says a long run across the cut with nothing between
    (6 or more of the first line's last characters and 4 or more of the second's first ones, 10 in all: …推进夏粮抢收 /
    抢种工作… and the lead's …推进夏粮抢收抢种工作: read joined), ``lead_clause`` when a comma parts them and the second
    line opens with the first line's next verb, no subject of its own (…签署命令 / 发布… and the lead's 签署命令，发布…:
    the one-line form, read with a space). Only under a first line of 8 or more characters with a verb, no time
    phrase, kicker or speech kicker (三夏时节 / 我县…, whose lead says 三夏时节，我县…, is a kicker over its headline); ""
    otherwise.

    >>> lead_continues("甘肃、辽宁等地灾后恢复", "重建有序进行 确保群众温暖过冬", "当前，甘肃、辽宁等地灾后恢复重建有序进行。")
    'lead_joined'
    >>> lead_continues("甘肃、辽宁等地灾后恢复", "重建有序进行 确保群众温暖过冬", "当前，各地灾后恢复重建工作有序推进。")  # (恢复重建: 2 of the second line)
    ''
    >>> lead_continues("中央军委主席习近平签署命令", "发布新修订的《某某条例》", "中央军委主席习近平日前签署命令，发布新修订的《某某条例》。")
    'lead_clause'
    >>> lead_continues("全国秋粮收获过三成进度同比略快", "各地多措并举保丰收", "全国秋粮收获过三成进度同比略快，各地多措并举保丰收。")
    ''
    >>> lead_continues("我市召开安全生产工作会议", "会议强调压实各方责任", "会议指出，今年以来全市安全生产形势平稳。")
    ''
    >>> lead_continues("坚持以人民为中心", "推动民生实事落地见效", "坚持以人民为中心，推动民生实事落地见效，我市今年办成十件实事。")
    ''
    >>> lead_continues("我市外贸进出口总值创历史新高", "增速位居全省第一", "今年以来，我市外贸进出口总值创历史新高，增速位居全省第一。")
    ''
    """
    tail, head = _CUT_TAIL.search(first), _CUT_HEAD.match(second)
    if not lead or not tail or not head or len(first) < 8 or DASH.match(second) or time_phrase(first) \
            or speech_kicker(first) or not any(_verb(t) for _, t in word_tags(first)):
        return ""
    k, n = lead_run(first, second, lead)
    if k >= _RUN_TAIL and n >= _RUN_HEAD and k + n >= _RUN_ALL:
        return "lead_joined"
    # (the first line names its actor — it opens with no verb, preposition or adverb: a slogan kicker, 坚持以人民为中心 /
    # 推动…, whose lead says 坚持以人民为中心，推动…, is a kicker over its headline)
    opener = word_tags(first[:6])
    if " " not in first and shared_act(second) and opener and opener[0][1][:1] not in ("v", "p", "d") \
            and re.search(re.escape(tail.group()[-4:]) + "[，,]" + re.escape(head.group()[:4]), lead):
        return "lead_clause"
    return ""


def shared_act(second: str) -> bool:
    """``second`` opens with an act of the actor named on the line above — a verb (jieba's tag of its whole first
    word) taking its object, not a verb-like noun heading a subject of its own: the word after it is no verb or adverb
    (增速 / 位居…: 增速 is the subject), and no noun after it is followed by a predicate (增长动能 / 持续增强: the line's
    own subject and predicate).

    >>> shared_act("发布新修订的《某某工作条例》"), shared_act("增速位居全省第一"), shared_act("增长动能持续增强")
    (True, False, False)
    """
    words = [(w, t) for w, t in word_tags(second) if w.strip()]
    if len(words) < 2 or not _verb(words[0][1]) or words[1][1][:1] in ("v", "d"):
        return False
    noun = False
    for w, t in words[1:]:
        if t[:1] in ("v", "d", "a") and t != "vn" and noun:
            return False
        noun = noun or (t[:1] == "n" and t != "vn")
    return True


# the quotation and book-title marks a headline opens and closes: a pair the layout cut is one headline
_QUOTE_PAIRS = (("“", "”"), ("「", "」"), ("『", "』"), ("《", "》"), ("‘", "’"))


def open_quote(first: str, second: str) -> bool:
    """open_quote: ``first`` opens a quotation or a book title it does not close, and ``second`` closes it within its first
    words (before opening another): the layout cut the headline inside the quoted term (京津冀“一卡通 / 办”扩展至…), so
    the two lines are one headline, read joined.

    >>> open_quote("京津冀“一卡通", "办”扩展至30项应用"), open_quote("京津冀“一卡通办”扩展", "至30项应用")
    (True, False)
    >>> open_quote("《某某条例》正式施行", "“放管服”改革再提速"), open_quote("擦亮“村”字号 让传统文化焕发", "时代光彩")
    (False, False)
    """
    for o, c in _QUOTE_PAIRS:
        if first.count(o) > first.count(c) and first.rfind(o) > first.rfind(c):
            k = second.find(c)
            return 1 <= k <= 12 and o not in second[:k]
    if first.count('"') % 2 == 1:  # (ASCII quotes: an odd count opens one)
        k = second.find('"')
        return 1 <= k <= 12
    return False


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
_ORDINAL = lazy_compile(r"^第[\d一二三四五六七八九十百千零〇两]+(?:次|届|批|期|轮|号|个|条|款|项|季度|阶段|部分|章|节|场|站|年度)")


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


# a quantity in a line: a number, then a percent sign or a measure word (90%以上, 3.5万吨, 12个)
_QUANTITY = lazy_compile(r"\d+(?:\.\d+)?\s*(?:%|％|[" + CJK_UNIFIED + r"])")
# the tags of a verbless quantity phrase's words: nouns, set phrases jieba keeps whole (出货量 l), numerals, measures,
# localisers (以上), the percent sign
_QUANTITY_TAGS = frozenset({"n", "nz", "l", "m", "mq", "q", "f", "x", "eng"})


def open_quantity(first: str, second: str) -> bool:
    """open_quantity: ``first`` has its verb and ends on a noun (its object begun: …累计出货量占全球), and ``second`` is
    a short phrase of nouns and a quantity with no verb (出货量90%以上): the rest of the object, wrapped by the layout —
    a quantity alone is no headline of its own.

    >>> open_quantity("前三季度我国储能电池累计出货量占全球", "出货量90%以上"), open_quantity("全省粮食喜获丰收", "总产量创新高")
    (True, False)
    >>> open_quantity("粮食产量", "达到1.4万亿斤"), open_quantity("我省出台措施支持民营企业", "专项资金5亿元")
    (False, False)
    """
    own, head = word_tags(first), word_tags(second)
    verbs = [w for w, t in own if _verb(t)]
    # (the verb must be one that measures its object, 占全球 / 达到全国: any other, 支持民营企业, ends a whole headline,
    # and a figure deck under it, 专项资金5亿元, is its subtitle)
    return len(own) >= 3 and len(second) <= 12 and bool(_QUANTITY.search(second)) and bool(verbs) \
        and verbs[-1] in _MEASURE_VERBS \
        and own[-1][1] in ("n", "ns", "nz", "nt", "j") and bool(head) and head[0][1] in ("n", "nz", "l") \
        and all(t in _QUANTITY_TAGS for _, t in head)


# the verbs that leave their object open for a quantity (占全球…90%, 达到全国…的三成, 超过同期…)
_MEASURE_VERBS = frozenset({"占", "占比", "达", "达到", "超", "超过", "突破", "相当于", "约为", "高于", "低于", "多于", "少于"})


# a pair of places or parties linked by a dash at a line's end (中国—拉美, 中国-中亚, 中国—东盟): always the attribute of
# a noun after it (…企业家高峰会, …峰会, …博览会)
_DASH_PAIR = lazy_compile(r"[" + CJK_UNIFIED + r"]{2,4}[—–\-－][" + CJK_UNIFIED + r"]{2,4}$")


def pair_attribute(first: str, second: str) -> bool:
    """pair_attribute: ``first`` ends in two names linked by a dash (第十六届中国—拉美) and ``second`` opens with a noun
    (企业家高峰会开幕式并致辞): a dash-linked pair always names what follows it, so the layout cut one name.

    >>> pair_attribute("国家副主席出席第十六届中国—拉美", "企业家高峰会开幕式并致辞"), pair_attribute("中国—拉美", "合作论坛举行")
    (True, False)
    >>> pair_attribute("出席中国—东盟", "并致辞"), pair_attribute("国际货运班列首发兰州—阿拉木图", "班列运行时间缩短3天")
    (False, False)
    """
    if len(first) < 8 or not _DASH_PAIR.search(first):
        return False
    head = word_tags(second)
    # (the second line continues the noun the pair names, with no predicate of its own before a linking 并: a line with
    # its own subject and verb, 班列运行时间缩短3天, is a subtitle under a pair that ends its headline)
    own = list(itertools.takewhile(lambda wt: wt[1] != "c", head))
    return bool(head) and head[0][1] in ("n", "nz", "nt", "ns", "j", "l", "vn") and not any(_verb(t) for _, t in own)


def title_attribute(first: str, second: str) -> bool:
    """title_attribute: ``first`` ends in a book title (《…》) that no verb governs (暨《为了民族解放与世界和平》, not
    印发《…》), and ``second`` opens with the noun it names (主题展览开幕式在京举行), a predicate after it: a book title
    right before a noun is that noun's attribute, so the layout cut one noun phrase (纪念…仪式暨《…》 / 主题展览开幕式…).

    >>> title_attribute("纪念仪式暨《为了民族解放与世界和平》", "主题展览开幕式在京举行")
    True
    >>> title_attribute("国务院印发《关于加快发展的意见》", "推动产业升级"), title_attribute("《某某条例》", "正式施行")
    (False, False)
    >>> title_attribute("2024年《政府工作报告》", "数字里的中国经济新动能"), title_attribute("新版《某某条例》", "记者从省住建厅获悉")
    (False, False)
    """
    if not first.endswith("》") or "《" not in first:
        return False
    k = first.rfind("《")
    head = word_tags(second)
    # (the book title must stand in a coordinated noun phrase still open, after a linking 暨 / 与 / 和 / 及 / 、: a headline
    # naming a law or report as its whole topic, 新版《…条例》, 2024年《政府工作报告》, is complete, and the line under it
    # a subtitle or the body's first line, 记者从…获悉)
    return bool(_LINKED_TITLE.search(first[:k])) and len(head) >= 2 and head[0][1] in ("n", "nz") \
        and head[0][0] not in _REPORTERS and (any(_verb(t) for _, t in head[1:]) or len(second) >= 6)


# the words that link a book title into a coordinated noun phrase (仪式暨《…》主题展览, 《…》与《…》)
_LINKED_TITLE = lazy_compile(r"(?:暨|与|和|及|以及|、)$")
# the words that open a reporter's or source's line, never a noun phrase's rest (记者从…获悉, 专家表示)
_REPORTERS = frozenset({"记者", "本报记者", "通讯员", "专家", "据", "从"})


# the linking morphemes that lead a clause-linking conjunction (并为…, 并且…, 而且…, 且…)
_LINKING = frozenset("并且而")
# the negations an emphatic 并 stands before (并不, 并没有, 并未, 并非, 并无)
_NEGATION = frozenset("不没未非无")


def new_clause(first: str, second: str) -> bool:
    """new_clause: ``second`` opens with a linking conjunction before its verb (并为…提供, 并将…): a further clause of
    the line above, which it cannot be read without — one headline, read with a space (社区卫生服务中心增设住院床位 /
    并为居民提供氧气灌装服务), whatever ``first``'s words (jieba tags many a headline's verb a noun: 原址开学, 暖意浓).

    >>> new_clause("社区卫生服务中心增设住院床位", "并为居民提供氧气灌装服务"), new_clause("全市夏粮收购工作全面展开", "和平区")
    (True, False)
    >>> new_clause("我省加强汛期地质灾害防范", "及时转移受威胁群众"), new_clause("房价下跌就该抄底吗？", "并不意味着市场已经见底")
    (False, False)
    """
    head = word_tags(second[:8])
    # (a conjunction led by a linking morpheme — 并, 并且, 而且, 且, 而 — links a clause; another word jieba tags c may be
    # an adverb opening a subtitle of its own: 及时回应患者诉求)
    # (并 before a negation — 并不, 并没有, 并未, 并非 — is the emphatic adverb, jieba's c though it is: the line is a
    # clause of its own, an answer under a question headline, 房价下跌就该抄底吗？ / 并不意味着…)
    if head and head[0][0] == "并" and second[1:2] in _NEGATION:
        return False
    return len(head) >= 2 and head[0][1] == "c" and head[0][0][:1] in _LINKING and head[1][1][:1] in ("v", "d", "p") and head[1][1] != "vn"


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
        and (any(_verb(t) for _, t in head[:2]) or quantity_start(second))


# a number with a unit of time or of an ordinal opens no quantity: a date (2024年, 5月), a time (8时), a number (3号)
_TIME_UNIT = re.compile(r"^\d+(?:\.\d+)?\s*(?:年|月|日|时|点|号|届|次|期|版|岁)")


def quantity_start(second: str) -> bool:
    """numeral_predicate: ``second`` opens with a number in digits and its unit of measure (400公里, 126万吨, 30项, 26%):
    a quantity, the predicate of a subject printed alone before the layout's cut (…运营时速 / 400公里…, the measure and
    its value); a year, a date or a time (2024年, 5月, 8时) opens a kicker's or dateline's time, never a quantity.

    >>> quantity_start("400公里主要指标国际领先"), quantity_start("126万吨 创历史新高"), quantity_start("2024年全省粮食总产量")
    (True, True, False)
    >>> quantity_start("主要指标国际领先"), quantity_start("5G基站建设提速")
    (False, False)
    """
    m = re.match(r"\d+(?:\.\d+)?", second)
    if not m or _TIME_UNIT.match(second):
        return False
    rest = second[m.end():]
    if rest[:1] in ("%", "％", "个"):
        return True
    words = word_tags(rest[:6])
    return bool(words) and (words[0][1] in ("q", "m", "mq") or (len(words[0][0]) == 1 and words[0][1] in ("n", "q")))


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
    return bool(last and head) and (_verb(head[0][1]) or quantity_start(second)) and not any(_verb(t) for _, t in last) \
        and last[-1][1] in SUBJECT_TAGS and any(_verb(t) for c in clauses[:-1] for _, t in word_tags(c))


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
    >>> time_phrase("2024年四季度末"), time_phrase("2024年全省粮食总产量"), time_phrase("某地一线")
    (True, False, False)
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
    if tag == "m":  # (an ordinal time word of the dictionary, 第一周, 第三天 — never a bare numeral, 四, 7, nor a
        # numeral compound that counts no time, 一线: a column's name, 三夏一线, is no time phrase)
        return len(word) >= 2 and word.startswith("第") and word in jieba_dictionary()
    return tag in _TIME_TAGS


def wrapped_headline(first: str, second: str, copies: tuple[str, ...] = (), lead: str = "") -> bool:
    """wrapped_headline: a headline line of 10 or more characters over a remainder of at most 6, printed
    right below it (no dash, bracket, quote or clause mark in it, no name, the first line not closed by
    ！？ or a closing mark), is one headline wrapped by the layout at any point, read joined — unless the
    page's browser-title copy repeats one of the two lines alone (then they are a title and its kicker or
    subtitle: echoed_headline).

    >>> wrapped_headline("我县多措并举推进高标准农田建设 助力粮食", "稳产增产"), wrapped_headline("我国新增6处世界地质公园", "总数增至47处居世界首位")
    (True, False)
    """
    if any(c == t or is_copy(c, t) for c in copies for t in (first, second)) \
            and continued_line(first, second, lead) not in ("time_phrase", "new_clause"):
        return False  # (a time phrase, or a clause opened by 并, never stands alone, whatever the browser title repeats)
    # (after a closing quote only a noun the quoted term names: …“十大转型提质” / 行动)
    return (len(first) >= 10 and 2 <= len(second) <= 6 and bool(re.fullmatch("[" + CJK_UNIFIED + r"\d.．%]+", second))
            and not re.search(r"[！？!?。）)】：:，,；;]$", first) and not byline(second) and not closer(second)
            and (not re.search(r"[”」》』\"]$", first) or _noun_word(second))
            and not (len(second) >= 4 and SITE_END.search(second)) and not side_headline(second) and second not in first) \
        or bool(continued_line(first, second, lead))
    # (a name that ends like an account's or site's, 海关发布 / 某某融媒, under a whole headline line is its account)
    # (a person's short statement, 李强作出批示, is a 副题 of its own: side_headline)
    # (a short line the line above already says, …政府工作报告全文 / 政府工作报告, is a heading of its own, not its rest)


def _noun_word(t: str) -> bool:
    """``t`` is one noun of jieba's dictionary (行动, 工程: a quoted term's head noun)."""
    tags = word_tags(t)
    return len(tags) == 1 and tags[0][1] in ("n", "vn") and tags[0][0] in jieba_dictionary()


def wrap_rule(first: str, second: str, lead: str = "") -> str:
    """The name --explain gives a wrapped headline's join: ``wrapped_headline`` (a short remainder) or
    ``headline_continues: <why>`` (:func:`continued_line`)."""
    why = continued_line(first, second, lead)
    return f"headline_continues: {why} (the first line cannot end the headline)" if why else \
        "wrapped_headline (a short remainder printed under a long headline line)"


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


# shared_subject: the first line's act of issuing or meeting (…印发通知 / …召开会议 / …出台意见) and a second line opened by
# the verb reporting what it says (要求… / 强调… / 明确…): the same subject's new clause, the one-line form …印发通知 要求…
_ISSUED = lazy_compile(r"(?:通知|意见|方案|办法|决定|规划|纲要|文件|指导意见|实施意见|会议|常务会议|常委会|讲话)$")
_REPORTED = lazy_compile(r"^(?:要求|强调|指出|明确|提出|部署|号召|呼吁)")
# a notice's own act closing its title (对…进行任前公示 / …予以表彰): a whole title, never the first half of one
_DOC_ACT = lazy_compile(r"(?:公示|公告|公布|通报|通告|表彰|任免|批复|函)$")
# a line with a subject of its own opens with a place, a person's or body's name, a pronoun (我市 / 某某), a figure or
# an ordinal (第一批), a scope word (全县 / 各地 / 本市)
_OWN_SUBJECT_TAGS = frozenset({"ns", "nr", "nt", "nrt", "nz", "r", "j", "m"})


def one_line_form(first: str, second: str) -> str:
    """one_line_form: why the two headline lines ``first`` / ``second`` are one headline the page printed on two lines,
    read with a space (as the broadcast's one-line form: …印发通知 要求…) — ``clause_without_subject`` (``first`` opens
    with a preposition, a clause with no subject that is not a whole title — no document's or notice's title, 关于…的通知,
    …进行任前公示 —, and ``second`` continues it: it has a predicate, no subject of its own, and is no caption, 图为…:
    向科技要产能 / 助力…), ``shared_subject`` (``first`` a statement with its subject ending on an act of issuing or
    meeting, ``second`` that subject's new clause opened by the verb reporting what it says: 某某部门印发通知 / 要求…); ""
    when each line stands alone (a headline and its subtitle, each with its subject, or a noun phrase: …现场见闻). A dash
    line, a clause mark or a kicker's shape keeps the lines apart.

    >>> one_line_form("向科技要产能", "助力全年粮食丰收"), one_line_form("某某部门印发通知", "要求做好夏季安全生产工作")
    ('clause_without_subject', 'shared_subject')
    >>> one_line_form("聚焦乡村振兴", "多部门加大对民营企业金融支持"), one_line_form("以党建引领基层治理", "某某社区打造红色网格")
    ('', '')
    >>> one_line_form("以实干担当推动高质量发展", "全县重点项目建设现场见闻"), one_line_form("在希望的田野上奋力前行", "图为村民在田间忙着播种")
    ('', '')
    >>> one_line_form("我国推动退役军人工作提质增效", "全国已有122万名退役军人参与职业技能培训")
    ''
    """
    if DASH.match(second) or re.search(r"[，,；;：:！？!?。]", first + second) or " " in first or kicker_line(first, second) \
            or not page_headline_shape(second) or byline(second) or len(second) < 6:
        return ""
    own, head = word_tags(first), word_tags(second)
    if len(own) < 2 or not head:
        return ""
    verb = lambda tag: tag[:1] == "v" and tag not in ("vn", "vd")  # noqa: E731
    # (a line opening as a caption, 图为…, or with its own subject, 某某社区…/全县…, is a line of its own)
    subject = head[0][1] in _OWN_SUBJECT_TAGS or re.match(r"^(?:图为|图片|[全各我本某该每][" + CJK_UNIFIED + r"])", second) \
        or (head[0][1][:1] == "n" and len(head) > 1 and verb(head[1][1]))
    if own[0][1] == "p" and any(verb(t) for _, t in own[1:]) and not first.startswith("关于") and not DOC_KIND.search(first) \
            and not _DOC_ACT.search(first) and not subject and statement(second):
        return "clause_without_subject"
    # (jieba tags many a headline's verb a noun and its object a verb, 印发/nz 通知/v: a verb anywhere in the line)
    if len(first) >= 6 and own[0][1] in SUBJECT_TAGS and any(verb(t) for _, t in own) and _ISSUED.search(first) \
            and _REPORTED.match(second):
        return "shared_subject"
    return ""
