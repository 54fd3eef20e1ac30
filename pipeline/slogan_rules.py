"""Compiled patterns and small classifiers for policy formulations (提法).

Everything here is pure: strings in, verdicts out. :mod:`pipeline.slogans` runs these
rules over documents. Each verdict names the rule that fired (or the reason a span was
rejected), so the stage can explain itself.

>>> classify_quoted("1+1+17").kind, classify_quoted("1+1+17").rule
('numbered', 'plus_formula')
>>> classify_quoted("十四五").kind
'plan'
>>> classify_quoted("18条").reject
'count of measures'
>>> parse_numeral_pattern("三抓三促行动", 0)
'三抓三促'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from pipeline import memory
from pipeline.patterns import CJK_UNIFIED as CJK, CLOSE_QUOTES, CN_DIGITS, CN_LARGE, CN_SMALL, CN_TEN, OPEN_QUOTES, PLAN_NAME, QUOTES, is_cjk
# the words of jieba's dictionary the rules read (re-exported: R.jieba_words, R.cuts_word …)
from pipeline.slogan_words import (CUT_WORD_FREQ, cuts_word, dictionary_words, is_measure, jieba_words,  # noqa: F401
                                   starts_longer_word, unit_kinds)

# ---------------------------------------------------------------- characters and numerals

# numeral characters that can carry the structure of a formulation (零/〇 never do)
NUM_CHARS = CN_SMALL + "双百千万"
NUM_VALUE = {"一": 1, "二": 2, "两": 2, "双": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9, "十": 10, "百": 100, "千": 1000, "万": 10000}

# a numeral character or a digit anywhere (a series item that is numbered)
NUMERAL_OR_DIGIT = re.compile(rf"[0-9{NUM_CHARS}]")
# opening -> closing quotation marks that may wrap a formulation or part of it
QUOTE_PAIRS = {"“": "”", "『": "』", "「": "」", "‘": "’", '"': '"'}
QUOTE_CHARS = frozenset(QUOTES)
OPENING = frozenset(OPEN_QUOTES)
CLOSING = frozenset(CLOSE_QUOTES)

# trailing words that name the kind of thing a formulation is; dropped from the canonical form
SUFFIXES = ("专项行动", "行动", "工程", "战略", "体系", "机制")
# words after a quotation that make it a named campaign or mechanism
NAMED_AFTER = ("专项行动", "行动", "工程", "机制", "模式", "战略", "体系", "计划", "改革", "工作法", "品牌", "理念")
# generic heads that are not formulations on their own after a numeral ("五大" of 五大行动)
GENERIC_HEADS = frozenset("大个项类张条种位")

# ---------------------------------------------------------------- compiled patterns

# a quoted span: “…” 『…』 「…」 ‘…’ "…" (one line, at most 24 characters)
QUOTED = re.compile(r"“([^“”\n]{1,24})”|『([^『』\n]{1,24})』|「([^「」\n]{1,24})」|‘([^‘’\n]{1,24})’|\"([^\"\n]{1,24})\"")
# a plus-formula in running text: digit or single-letter terms joined by + (1+1+17, 1+X+N, 2+4)
PLUS = re.compile(
    r"(?<![0-9A-Za-z.+])"          # not the tail of a longer number, word or formula
    r"(?:[0-9]{1,4}|[A-Za-z])"       # first term: digits or one letter (X, N)
    r"(?:\s?\+\s?(?:[0-9]{1,4}|[A-Za-z])){1,6}"  # further terms
    r"(?![0-9A-Za-z.+%=<>])"         # not followed by more number, a percentage or maths
)
# the whole of a quoted plus-formula with digits and/or letters
PLUS_FULL = re.compile(r"^(?:[0-9]{1,4}|[A-Za-z])(?:\+(?:[0-9]{1,4}|[A-Za-z])){1,6}$")
# a plus-formula of words (互联网+, 党建+项目, 链长+链主+链创): named, not numbered
PLUS_WORDS = re.compile(rf"^[{CJK}A-Za-z0-9]{{1,8}}(?:\+[{CJK}A-Za-z0-9]{{0,8}}){{1,4}}$")
# bare digits used as a strategy name (“5155”, “1331”)
BARE_DIGITS = re.compile(r"^[0-9]{3,6}$")
# a year (“2025”): a date, not a name
YEAR = re.compile(r"^(?:19|20)[0-9]{2}$")
# a word right after bare digits that makes them a number, not a name (1345户, 12345热线)
DIGIT_UNIT_AFTER = re.compile(r"^(?:热线|电话|号|户|个|元|万|亿|人|名|家|次|项(?!目)|条|米|吨|亩|年|月|日|所|期)")  # “5020”项目 is a name
# a line named after the quotation, a few words on: a telephone number (“12345”政务服务便民热线)
LINE_AFTER = re.compile(rf"^[{CJK}]{{0,8}}?(?:热线|电话|专线)")
# the noun of a class of people or of schools a few words after quoted digits: the digits label the class
# (“4050”失业人员: workers in their forties and fifties; “211”大学), they name no strategy (ANNOTATION.md:
# class labels define a class)
# (other quoted digits may stand between, labels of one class: “985”“211”高校毕业生)
CLASS_AFTER = re.compile(rf"^(?:[{OPEN_QUOTES}\"'][0-9]+[{CLOSE_QUOTES}\"'][、和与及]?)*[{CJK}]{{0,4}}?(?:人员|大学|高校|院校)")
# a noun of a class of people right after a quotation: a short numeral label before it names the class
# (“三无”人员, “五保”老人: ANNOTATION.md, class labels define a class; not 户数, a count of households)
PEOPLE_AFTER = re.compile(r"^(?:人员|人口|老人|儿童|妇女|家庭|对象|群体|群众|患者|病人|学生|户(?!数))")
# plan names: 十四五, 十五五 (and 一五 … 九五 when written as a name)
# (its first character, 十, then the guard on what precedes it: a scan for a literal, not a
# lookbehind tried at every position)
assert PLAN_NAME.startswith("十")
PLAN = re.compile(rf"十(?<![{CN_TEN}百千]十){PLAN_NAME[1:]}(?![{CN_TEN}])")
# a quoted plan name (十四五, 八五, and 十五: the Tenth Five-Year Plan, whose name is a bare numeral;
# quoted it is the plan, 2001-2005)
PLAN_QUOTED = re.compile(rf"^(十?[{CN_DIGITS}]五|十五)(?:规划|计划|时期|期间)?$")
# N大 + a campaign word in running text (五大行动, 十大工程)
# (the numeral first, then the guard on what precedes it: a class scanned for, not a lookbehind
# tried at every position)
N_DA_CAMPAIGN = re.compile(rf"[二三四五六七八九十](?<![{CN_TEN}百千第][二三四五六七八九十])大(?:专项行动|行动|工程|战略|攻坚战|攻坚)")
# Arabic count with a measure word: an ordinary count (3个园区, “18条”), not a name
ARABIC_COUNT = re.compile(r"^[0-9]+(?:\.[0-9]+)?(?:个|条|项|家|名|人|户|次|场|批|类|大|张|种|年|天|月|期|届|元|万|亿)")
# a Chinese-numeral count of measures only (“十条”, “二十条”); 新十条 keeps its prefix
CN_COUNT_ONLY = re.compile(rf"^[{CN_TEN}百]+[条项](?:硬?措施|举措|政策措施)?$")  # “十二条措施”: a count of measures too
# magnitude and achievement labels: 百亿县, 千亿级, 十强县, 超千亿, 五百亿, 五连冠
MAGNITUDE = re.compile(
    rf"^(?:超|过|破|近)?[{CN_DIGITS}]?[十百千万亿]+(?:亿|万)?(?:元|级|县|市|区|强县|强|园区|产业|集群|企业|工程)?$"
    rf"|^[{CN_TEN}]+连[冠胜增涨丰降升]$"     # streaks (五连冠, 十九连丰)
    rf"|^[{CN_DIGITS}]星级?$"               # grades (“四星”)
    r"|^[十百千]强")                              # 十强县, 百强县
# generic duration campaigns: 三年行动, 两年攻坚 (百日攻坚 is a named campaign and stays)
DURATION = re.compile(rf"^[{CN_SMALL}]+(?:年|个月|周|天)(?:专项行动|攻坚行动|行动|攻坚|计划|规划|工程)?$")
# serials, ordinals and congresses: 第二十八届, 二十大, 十二届三次
SERIAL = re.compile(rf"^第[{CN_TEN}百千0-9]+[届期次批号轮]|^[{CN_TEN}]+大$|届")
# dates used as names: 五四青年, 七一讲话, 八一
DATE_NAME = re.compile(r"^(?:五一|五四|七一|八一|六一|三八|十一|九一八|一二九)")
# a list or sentence inside quotation marks: a descriptive quotation, not a name
LISTY = re.compile(r"[、，,；;：:。！？!?（）()《》]")
# where a numeral pattern (parse_numeral_pattern, bodies of one or two characters) may begin:
# a numeral run's start (not inside a longer one) with another numeral two to four characters
# on (the second component: a run of one or two, then a body of one or two). Every other
# numeral in a text (一些, 统一, 进一步: nearly all) is never handed to the parser
NUMERAL_PATTERN_START = re.compile(rf"[{NUM_CHARS}](?<![{NUM_CHARS}][{NUM_CHARS}])(?=.{{1,3}}[{NUM_CHARS}])", re.S)
# a series of items separated by 、/和/与/及, each item optionally quoted
SERIES = re.compile(
    rf"(?=[“‘]?[{CJK}][^、和与及]{{0,9}}+[、和与及])"       # a separator within reach: fails fast (2x)
    rf"[“‘]?[{CJK}]{{1,8}}[”’]?"                         # first item
    rf"(?:(?:、|和|与|及)[“‘]?[{CJK}]{{1,8}}[”’]?){{1,9}}"  # more items
)
SERIES_SEP = re.compile(r"、|和|与|及")
# legal-education plans: “八五”普法, 七五普法 (八五 alone would be the Eighth Five-Year Plan)
PUFA = re.compile(
    rf"(?<![{CN_TEN}])"            # not the tail of a longer numeral
    rf"([{OPEN_QUOTES}]?)([{CN_DIGITS}]五)([{CLOSE_QUOTES}]?)"  # N五, maybe quoted
    r"普法")                                   # legal-education campaign
# words that complete a quoted numeral part into one formulation: “五治”融合, “三医”联动
COMPLETING = ("融合", "联动", "驱动", "并进", "合一", "协同", "共治", "同步", "齐抓", "共管", "联创", "联建", "互促", "普法")
# 多规合一, 两证合一, 三规合一: several things merged into one, the numeral not at the start
MERGE_ONE = re.compile(rf"^(?:[多两三四五六七八九十]{{1,2}}|[0-9]{{1,2}})[{CJK}]{{1,2}}合一$")  # 23证合一 too
# components of Arabic digits and one character each, three or more: 8高2轨14快 (two, 3室2厅, 3胜1负, 2男1女,
# are a layout, a record, a headcount; a count and its unit, 3年5月, is a date, not such a component;
# :func:`_digit_pattern` also rejects a component whose character is a measure word or unit)
DIGIT_PATTERN = re.compile(rf"^(?:[0-9]{{1,3}}(?![年月日号时分秒])[{CJK}]){{3,6}}$")
_DIGIT_COMPONENT = re.compile(rf"[0-9]+([{CJK}])")
# a Chinese numeral as numbers are written: sections of magnitudes descending (千 百 十), each after at
# most one digit, the sections joined by 亿 and 万 (三千五百, 十二, 一万, 千万, 二万五千, 三亿零五百万); a
# quotation of numerals of another shape is no number
_CN_SECTION = r"(?:[一二两三四五六七八九]?千)?零?(?:[一二两三四五六七八九]?百)?零?(?:[一二三四五六七八九]?十)?[一二三四五六七八九]?"
CN_NUMBER = re.compile(rf"^(?:{_CN_SECTION}亿)?零?(?:{_CN_SECTION}万)?零?{_CN_SECTION}[万亿]*$")
# verb + numeral + object in three characters: 清四乱, 破五唯, 反四风
VERB_NUMERAL = re.compile(rf"^[{CJK}][{CN_SMALL}双][{CJK}]$")
# a set label: N大X, N项X, N个X (十大攻坚行动, 四大工程); its 行动/工程 inside the quotes stays
SET_LABEL = re.compile(r"^[二三四五六七八九十两]+[大项个]")
# repeated magnitudes naming a campaign: 百企千店, 百城百夜 (not 百亿县)
REPEATED_MAGNITUDE = re.compile(rf"^[百千万][{CJK}]{{1,2}}[百千万][{CJK}]{{1,2}}$")
# a time quantity used as a phrase: 一日内办结, 两小时, 一刻钟 (not a formulation)
TIME_QUANTITY = re.compile(rf"^[{CN_SMALL}半]+(?:日|天|小时|分钟|刻钟|秒)")
# grammatical particles: a quotation holding one is a sentence (“一个都不能少”), not a name
PARTICLES = re.compile(r"[都了的就也把被让吗呢]")
# an unquoted standing set named by a count: 十大工业产业链 (taken when it recurs in a document)
N_DA_SET = re.compile(
    rf"[二三四五六七八九十](?<![{CN_TEN}百千第][二三四五六七八九十])大"   # N大, not inside a longer numeral
    rf"[{CJK}]{{0,4}}?(?:产业链|产业集群|产业|工程|行动|基地|集群)"  # the set's head noun
    rf"(?![{CJK}]{{0,1}}[化型])")                              # not 产业化 / 工程化 (a process)

# end of the clause a definition runs to
CLAUSE_END = re.compile(r"[，,。；;！？\n]")

# first characters of a component body that make NUM+body a plain phrase (一是, 三年, 一次)
BAD_BODY_START = frozenset("是些样般直起切定旦度致律概贯并道齐步再边头方年月日天次周季号时岁点名人元分秒期届倍成万亿千百十之条")
# conjunctions: a body holding one joins two counts (二级和三级), it is no component
BODY_CONJUNCTIONS = frozenset("和与及或")


_IDIOMS: list = [None, None]  # the idioms of the lexicon in use (lexicons/idioms.txt; None until first asked), and (them, as a tuple)
_KNOWN: list = [None]  # the formulations of the lexicon in use (slogans.txt and the mined archive; None until first asked)


def use_lexicon(lexicon) -> None:
    """Take the rules' word lists (``idioms.txt``) from ``lexicon`` (None: the bundled folder's).
    The slogans stage calls it with the configured lexicon before it classifies anything."""
    from pipeline import lexicons

    lex = lexicon if lexicon is not None else lexicons.bundled()
    idioms = lex.rule_words("idioms")
    known = frozenset(lex.slogans) | frozenset(lex.mined)
    if _IDIOMS[0] != idioms or _KNOWN[0] != known:
        _IDIOMS[0] = idioms
        _KNOWN[0] = known
        _classify.cache_clear()  # its verdicts depend on the idioms and the known formulations


def _idiom_starts() -> tuple[str, ...]:
    """:func:`idioms` as a tuple, for one ``str.startswith`` (not one call per idiom)."""
    words = idioms()
    if _IDIOMS[1] is None or _IDIOMS[1][0] is not words:
        _IDIOMS[1] = (words, tuple(words))
    return _IDIOMS[1][1]


def known_formulations() -> frozenset[str]:
    """The formulations of the lexicon in use: its ``slogans.txt`` and its mined archive
    (``formulations_mined.tsv``)."""
    if _KNOWN[0] is None:
        use_lexicon(None)
    return _KNOWN[0]


def idioms() -> frozenset[str]:
    """Set phrases holding a numeral that jieba's dictionary lacks or does not tag as idioms
    (``lexicons/idioms.txt`` of the lexicon in use)."""
    if _IDIOMS[0] is None:
        use_lexicon(None)
    return _IDIOMS[0]


# a fixed phrase (习用语, tag l) of jieba's dictionary at least this frequent is a saying of the language;
# rarer ones are formulations (两步走, 五位一体)
IDIOM_FREQ = 20


def is_idiom(s: str) -> bool:
    """A set phrase (成语/习用语) or a plain word with a numeral, not a formulation. A rare
    习用语 of jieba's dictionary (两步走, frequency under 20) is no idiom: those are formulations.

    >>> is_idiom("一心一意"), is_idiom("三抓三促")
    (True, False)
    """
    if s in idioms():
        return True
    return set_phrase(jieba_words().get(s))


def set_phrase(entry: tuple | None) -> bool:
    """A jieba dictionary entry ``(frequency, tag)`` (:func:`jieba_words`) of a set phrase of the
    language: an idiom (i), or a fixed phrase (l) of frequency :data:`IDIOM_FREQ` and more."""
    return entry is not None and (entry[1] == "i" or (entry[1] == "l" and entry[0] >= IDIOM_FREQ))


# the evidence of a mined row (formulations_mined.tsv) for a fixed phrase of the language that the
# archive shows is a national formulation (:func:`fixed_phrase`): the idiom rule's exception
NATIONAL_SET_PHRASE = "national set phrase"


def fixed_phrase(s: str) -> bool:
    """A common fixed phrase (习用语: jieba's tag l, frequency :data:`IDIOM_FREQ` and more) whose
    numeral carries its structure, neither an idiom proper (i) nor in ``idioms.txt``. :func:`is_idiom`
    rejects it, yet a national formulation can have this form (written in the State Council's
    reports over decades, quoted); the mined archive tells such ones apart (evidence
    :data:`NATIONAL_SET_PHRASE`, ``pipeline.formulations``), a saying of the language is in none.

    >>> fixed_phrase("一国两制"), fixed_phrase("一心一意"), fixed_phrase("一般性"), fixed_phrase("三抓三促")
    (True, False, False, False)
    """
    entry = jieba_words().get(s)
    return (entry is not None and entry[1] == "l" and entry[0] >= IDIOM_FREQ and s not in idioms()
            and _structural_numeral(s) and not _plain_word(s[:2]))


def is_common_word(s: str, min_freq: int = 3) -> bool:
    """In jieba's dictionary as an ordinary word (not an abbreviation, nz/j)."""
    entry = jieba_words().get(s)
    return entry is not None and entry[0] >= min_freq and entry[1] not in ("nz", "j")


# ---------------------------------------------------------------- normalising

# full-width ASCII (！ … ～) and the ideographic space to their half-width forms
_FOLD = {**{c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}, 0x3000: 0x20}
_UNFOLDED = re.compile("[\uff01-\uff5e\u3000]")


def fold_width(text: str) -> str:
    """Full-width ASCII to half-width, one character for one (offsets keep).

    >>> fold_width("１＋１＋１７")
    '1+1+17'
    """
    if not _UNFOLDED.search(text):  # a scan is ~30x cheaper than translate
        return text
    if len(text) < _FOLD_BY_ARRAY:
        return text.translate(_FOLD)
    # a document: over its code points at once (str.translate looks up a dict per character,
    # ~10x slower on a report); a lone surrogate cannot be encoded, and is folded as it was
    try:
        cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).copy()
    except UnicodeEncodeError:
        return text.translate(_FOLD)
    wide = (cps >= 0xFF01) & (cps <= 0xFF5E)
    cps[wide] -= 0xFEE0
    cps[cps == 0x3000] = 0x20
    return cps.tobytes().decode("utf-32-le")


_FOLD_BY_ARRAY = 512  # from this length fold_width works on an array of code points


# what canonical() drops: quotation marks and whitespace (re's \s is str.isspace, per character)
_NOT_CANONICAL = re.compile("[" + re.escape("".join(sorted(QUOTE_CHARS))) + r"\s]")


def canonical(s: str) -> str:
    """Canonical form: no quotation marks or spaces, half-width, letters of plus-formulas upper-cased.

    >>> canonical("“1＋x＋n”"), canonical("“五治”融合")
    ('1+X+N', '五治融合')
    """
    s = _NOT_CANONICAL.sub("", fold_width(s))
    if "+" in s:
        s = re.sub(r"(?<![A-Za-z])[a-z](?![A-Za-z])", lambda m: m.group().upper(), s)
    return s


def suffix_at(text: str, i: int) -> str:
    """The campaign word (:data:`SUFFIXES`) that starts at ``i`` of ``text``, or "" (one call when none does).

    >>> suffix_at("三抓三促专项行动", 4), suffix_at("三抓三促行动", 4), suffix_at("三抓三促。", 4)
    ('专项行动', '行动', '')
    """
    if not text.startswith(SUFFIXES, i):
        return ""
    return next(suf for suf in SUFFIXES if text.startswith(suf, i))


def strip_suffix(s: str, kind: str) -> tuple[str, str]:
    """Drop a trailing 行动/工程/战略/体系/机制: ``(core, suffix)``.

    >>> strip_suffix("三抓三促行动", "numbered")
    ('三抓三促', '行动')
    >>> strip_suffix("五大行动", "numbered")
    ('五大行动', '')
    >>> strip_suffix("雪亮工程", "named")
    ('雪亮', '工程')
    """
    for suf in SUFFIXES:
        if s.endswith(suf) and len(s) > len(suf):
            core = s[: -len(suf)]
            if kind != "named" and len(core) >= 2 and not (len(core) == 2 and core[0] in NUM_CHARS and core[1] in GENERIC_HEADS):
                return core, suf
            # named: “雪亮工程” is 雪亮 as “雪亮”工程 is (the golds on dev: 7 of 8 such quotations); a
            # two-character name is never matched unquoted (propagating), so the short core stays local
            if kind == "named" and len(core) >= 2:
                return core, suf
    return s, ""


# ---------------------------------------------------------------- numeral structure

def _num_run(text: str, i: int) -> int:
    """Length of the numeral run at ``text[i]`` (0 when none)."""
    j = i
    while j < len(text) and text[j] in NUM_CHARS and j - i < 3:
        j += 1
    return j - i


def parse_numeral_pattern(text: str, i: int, max_body: int = 2) -> str | None:
    """The repeated-numeral formulation starting at ``text[i]`` (三抓三促, 一链一图三清单, 五个一批), or None.

    Components are a numeral and a body of 1–``max_body`` characters; at least two components.
    The last body is one character, or two when the pair is a dictionary word (打通, 盘活, 清单).

    >>> parse_numeral_pattern("实施四抓一打通工程", 2), parse_numeral_pattern("一心一意", 0)
    ('四抓一打通', None)
    """
    if i > 0 and (text[i - 1] in NUM_CHARS or text[i - 1] in "第每"):
        return None
    words = jieba_words()
    if words.get(text[i:i + 2], (0, ""))[1].startswith(("ns", "nr")):  # 四川, 万州: a place or a name
        return None
    comps: list[tuple[int, int, int]] = []  # (numeral start, body start, body end)
    j = i
    while j < len(text) and len(comps) < 6:
        n = _num_run(text, j)
        if n == 0 or n > 2:
            break
        b = j + n
        if b >= len(text) or not is_cjk(text[b]) or text[b] in NUM_CHARS or text[b] in BAD_BODY_START:
            if not (text[b:b + 1] == "个" and text[b + 1:b + 2] == "一" and not comps):
                break
        e = b
        while e < len(text) and is_cjk(text[e]) and text[e] not in NUM_CHARS and e - b < max_body:
            e += 1
        if any(c in BODY_CONJUNCTIONS for c in text[b:e]):
            break  # 二级和三级: two counts joined, not one formulation
        if e < len(text) and text[e] in NUM_CHARS and words.get(text[e - 1:e + 1], (0, ""))[0] >= 50:
            break  # 唯一, 统一, 之一: the numeral belongs to a word
        if e >= len(text) or text[e] not in NUM_CHARS or _num_run(text, e) > 2 or (e + _num_run(text, e) < len(text) and text[e + _num_run(text, e)] in BAD_BODY_START):
            # last component: one character, two when a dictionary word
            e = b + (2 if words.get(text[b:b + 2], (0, ""))[0] >= 20 and all(is_cjk(c) for c in text[b:b + 2]) else 1)
            comps.append((j, b, e))
            break
        comps.append((j, b, e))
        j = e
    if len(comps) < 2:
        return None
    s = text[i:comps[-1][2]]
    if len(s) > 12 or is_idiom(s) or is_common_word(s):
        return None
    return s


def structure(s: str) -> str:
    """What carries the structure of a formulation, decided here for every caller (slogans'
    kinds, the quoted-span rules, the mined list's exclusions): ``"pattern"`` when the whole is
    a repeated-numeral pattern (三抓三促, 五个一批), ``"numbered"`` when it holds another
    numeral or a digit (十大工程, 1+1+17), ``"named"`` when it holds none (放管服).

    >>> structure("三抓三促"), structure("十大工程"), structure("1+1+17"), structure("放管服")
    ('pattern', 'numbered', 'numbered', 'named')
    """
    if not NUMERAL_OR_DIGIT.search(s):
        return "named"
    return "pattern" if parse_numeral_pattern(s, 0, 4) == s else "numbered"


def numeral_components(s: str) -> list[tuple[int, str]]:
    """``(value, body)`` for each numeral component of a formulation.

    >>> numeral_components("三送五进"), numeral_components("1+1+17")
    ([(3, '送'), (5, '进')], [(1, ''), (1, ''), (17, '')])
    """
    if _DIGIT.search(s) and ("+" in s or BARE_DIGITS.match(s)):
        parts = s.split("+") if "+" in s else list(s)
        return [(int(p), "") for p in parts if p.isdigit()]
    out = []
    for m in _COMPONENT.finditer(s):
        val = cn_value(m.group(1))
        if val is not None:
            out.append((val, m.group(2)))
    return out


_COMPONENT = re.compile(rf"([{NUM_CHARS}]{{1,2}})([^{NUM_CHARS}0-9]{{0,4}})")  # a numeral and its body


def sums_up_list(text: str, start: int, content: str, etc: bool = False) -> bool:
    """A set label (四大工程, N大/N项 at the head of ``content``, beginning at ``start`` before any
    opening quotation mark) that only counts the items its clause lists just before it: an
    ad-hoc count of the sentence. ``etc``: also a list ending in 等 with fewer items than the count
    (石化、机械、轻工等十大传统产业; the score feature ``listed_before``, not the stage's rejection).

    >>> sums_up_list("强化理念、科技、金融三大要素", 10, "三大要素"), sums_up_list("大力实施“六大行动”", 4, "六大行动")
    (True, False)
    >>> sums_up_list("围绕石化、机械、轻工等十大产业", 11, "十大产业", etc=True)
    True
    """
    n = _set_label_count(content)
    if not n or n < 2:
        return False
    a = max(text.rfind(c, 0, start) for c in "。；;！？\n：:，,") + 1  # the same clause
    before = text[a:start]
    if before.count("、") < 1:
        return False
    items = before.count("、") + 1 + (1 if re.search(r"(?:和|及|与)[^、，,]*$", before) else 0)
    return n - 1 <= items <= n + 1 or (etc and before.endswith("等") and items < n)


@lru_cache(maxsize=16384)  # pure; asked of every occurrence, and formulations recur
def _set_label_count(content: str) -> int | None:
    """The count of the set label at the head of ``content`` (:func:`sums_up_list`), or None."""
    m = SET_LABEL.match(canonical(content))
    if m and m.group()[-1] == "个":
        return None  # “三个一”: N个 names a requirement, it does not sum a list up
    return cn_value(m.group()[:-1]) if m else None


def cn_value(s: str) -> int | None:
    """Value of a small numeral (一 … 九十九, 两, 双, digits).

    >>> cn_value("十七"), cn_value("两"), cn_value("17")
    (17, 2, 17)
    """
    if s.isdigit():
        return int(s)
    if len(s) == 1:
        return NUM_VALUE.get(s)
    if len(s) == 2 and s[0] == "十":
        return 10 + NUM_VALUE.get(s[1], 0) if s[1] in NUM_VALUE else None
    if len(s) == 2 and s[1] == "十":
        return NUM_VALUE.get(s[0], 0) * 10
    if len(s) == 3 and s[1] == "十":
        return NUM_VALUE.get(s[0], 0) * 10 + NUM_VALUE.get(s[2], 0)
    return None


# ---------------------------------------------------------------- quoted spans

# the rules' small patterns, compiled once (a pattern given as a string is looked up in re's
# cache at every call)
_DIGIT = re.compile(r"[0-9]")
_DIGITS_COUNT = re.compile(r"^[0-9]+[条项]$")
_NUMERAL_RUN = re.compile(rf"[{NUM_CHARS}]+")

@dataclass(frozen=True)
class Verdict:
    """What a piece of text is: a formulation (kind, rule) or a rejection reason (its score is
    the candidates' model's, :mod:`pipeline.slogan_scores`); ``rule`` names the rule that decided."""

    kind: str = ""
    rule: str = ""
    canonical: str = ""
    suffix: str = ""
    reject: str = ""


def _plain_word(w: str) -> bool:
    """A frequent dictionary word that holds a numeral but is no count (一线, 一般, 四川, 唯一)."""
    entry = jieba_words().get(w)
    return (len(w) >= 2 and any(c in NUM_CHARS for c in w) and entry is not None and entry[0] >= 100
            and entry[1] not in ("m", "mq", "q", "nz", "j"))


def _structural_numeral(s: str) -> bool:
    """The numeral carries the structure: leading (after 新/第/老), or a repeated-numeral pattern."""
    head = s[1:] if s[:1] in "新老第" and len(s) > 2 else s
    if head[:1] in NUM_CHARS or head[:1].isdigit():
        return True
    return any(parse_numeral_pattern(s, i) for i, c in enumerate(s) if c in NUM_CHARS) or "百日" in s or "千日" in s


class _Quotation:
    """A quotation being classified: its canonical form, the text after it, and what the rules
    read of it once (the campaign word after it, its numbered core)."""

    def __init__(self, s: str, named_after: str, unit_after: bool, class_after: bool = False, people_after: bool = False):
        self.s = s
        self.named_after = named_after  # the campaign word right after it (NAMED_AFTER), or ""
        self.unit_after = unit_after  # a unit right after it (DIGIT_UNIT_AFTER): “1345”户
        self.class_after = class_after  # the noun of a class of people or schools a few words on (CLASS_AFTER): “4050”失业人员
        self.people_after = people_after  # a noun of a class of people right after it (PEOPLE_AFTER): “三无”人员
        self._numbered: tuple | None = None

    def numbered(self) -> tuple[bool, str, str, bool]:
        """(a numeral carries its structure, core, suffix, the core is a repeated-numeral pattern)."""
        if self._numbered is None:
            s = self.s
            if not (any(c in NUM_CHARS for c in s) and _structural_numeral(s)):
                self._numbered = (False, "", "", False)
            else:
                core, suf = strip_suffix(s, "numbered")
                if suf and (SET_LABEL.match(core) or _keeps_campaign_word(core)):
                    core, suf = s, ""  # “十大攻坚行动”: the quoted set's name keeps its 行动
                self._numbered = (True, core, suf, structure(core) == "pattern")
        return self._numbered


def _keeps_campaign_word(core: str) -> bool:
    """A quoted numbered name keeps the campaign word written inside its quotation marks
    (:data:`SUFFIXES`) when what precedes it is a numeral and one character (“四质工程”, “十有行动”,
    “百日行动”: the word is half the name; the dev golds keep it 13 times of 16) or ends in a numeral
    (“一平台三机制”: the word is the last numeral's body). A two-character core that is a known
    formulation (:func:`known_formulations`: the lexicon's or the mined archive's; “双碳行动” is 双碳)
    keeps the form it is known by, wherever the quotation marks close."""
    return (len(core) == 2 and core[0] in NUM_CHARS and core not in known_formulations()) or core[-1:] in NUM_CHARS


def _plus_formula(q: _Quotation):
    s = q.s
    if "+" in s and (PLUS_FULL.match(s) and re.search(r"[0-9]", s) or PLUS_WORDS.match(s) and re.match(r"^[0-9]+\+", s)
                     and not re.search(r"[0-9][A-Za-z]|[A-Za-z][0-9]", s)):  # 1+1+17, 1+X+N; 1+1托4
        return s, ""
    return None


def _plus_words(q: _Quotation):
    return (q.s, "") if "+" in q.s and (PLUS_FULL.match(q.s) or PLUS_WORDS.match(q.s)) else None


def _digits_name(q: _Quotation):
    return (q.s, "") if BARE_DIGITS.match(q.s) else None


def _digits_programme(q: _Quotation):
    """Bare digits and 计划, inside the quotation marks or right after them: a programme named by
    its digits (“863计划”, “863”计划: one name, as quotation marks around part of a formulation do not
    cut it); 计划 is no campaign word dropped (:data:`SUFFIXES`), the name keeps it."""
    digits = q.s[:-2] if q.s.endswith("计划") else q.s if q.named_after == "计划" else ""
    return (digits + "计划", "") if BARE_DIGITS.match(digits) and not YEAR.match(digits) else None


def _digit_pattern(q: _Quotation):
    """Components of Arabic digits and one character, three or more (“8高2轨14快”), or several things
    merged into one written with digits (“23证合一”): the digits carry the structure of the name. Not
    where a component's character is a measure word or unit (:func:`is_measure`: “5口3代”, “3间2层1院”):
    a count of things, not a name."""
    if MERGE_ONE.match(q.s) and _DIGIT.match(q.s):
        return q.s, ""
    if DIGIT_PATTERN.match(q.s) and not any(is_measure(c) for c in _DIGIT_COMPONENT.findall(q.s)):
        return q.s, ""
    return None


def _numeral_code(q: _Quotation):
    """A quotation of numerals only that is no number as numbers are written (:data:`CN_NUMBER`):
    magnitudes that rise (“百千万”, “十百千万”, “一十百千万”: a hundred, a thousand, ten thousand of
    something) or two halves repeating their first numeral (“双百双千”). A name made of numerals, not
    an amount. Numerals read one by one (“一二一”, “五二三”) are left alone: as often a date (一二·一)
    as a name. A campaign word written inside the marks is dropped (“百千万工程” is “百千万”工程)."""
    s, _ = strip_suffix(q.s, "numbered")
    if not _NUMERAL_RUN.fullmatch(s) or CN_NUMBER.match(s) or is_common_word(s, 20) or DATE_NAME.match(s):
        return None
    large = [c for c in s if c in "十百千万"]
    rising = len(large) >= 2 and all(NUM_VALUE[a] < NUM_VALUE[b] for a, b in zip(large, large[1:]))
    repeated = len(s) == 4 and s[0] == s[2] and s[1] != s[3]
    if rising or repeated:
        return (s, q.s[len(s):])
    return None


def _magnitude_campaign(q: _Quotation):
    """百/千/万 and the things counted, then a campaign word inside the quotation marks or right after
    them (“百镇建设行动”, “千县工程”, “千户培育计划”): a named campaign over a hundred, a thousand of
    them, not a bare magnitude (“万人”, “千村” stay rejected) nor an amount (“千亿产业集群行动”)."""
    s = q.s
    if s[:1] not in "百千万" or len(s) < 3 or s[1] in NUM_CHARS or s[1] == "亿" or not is_cjk(s[1]):
        return None
    if _physical_unit_at(s, 1):
        return None  # “千米深井”, “百公里产业带”, “万亩良田”: a physical size, not a campaign over N things
    if not (s.endswith(NAMED_AFTER) or q.named_after):
        return None
    return _keep_or_strip(s)


# the kinds of units.txt that measure a physical size or an amount (米, 公里, 亩, 吨; 元), not things counted
PHYSICAL_KINDS = frozenset(("quantity", "money"))


def _physical_unit_at(s: str, i: int) -> bool:
    """A unit of :data:`PHYSICAL_KINDS` (``units.txt``) starts at ``i`` of ``s`` (百公里, 万亩, 千米)."""
    kinds = unit_kinds()
    return any(kinds.get(s[i:i + k]) in PHYSICAL_KINDS for k in range(1, 5))


def _keep_or_strip(s: str) -> tuple[str, str]:
    core, suf = strip_suffix(s, "numbered")
    return (s, "") if suf and _keeps_campaign_word(core) else (core, suf)


def _plan(q: _Quotation):
    s = q.s
    m = PLAN_QUOTED.match(s)
    return (m.group(1), "") if m else None


def _merge_one(q: _Quotation):
    return (q.s, "") if MERGE_ONE.match(q.s) and not is_idiom(q.s) else None


def _verb_numeral(q: _Quotation):
    s = q.s
    if VERB_NUMERAL.match(s) and not is_idiom(s) and not _plain_word(s[:2]) and not _plain_word(s[1:]) \
            and s[0] not in "第每前后近超约" and not jieba_words().get(s[:2]):
        return s, ""
    return None


def _sentence_in_quotes(q: _Quotation) -> bool:
    numbered, core, _, is_pattern = q.numbered()
    single_numeral = len(_NUMERAL_RUN.findall(core)) == 1
    return numbered and not is_pattern and ((len(core) >= 4 and _has_particle(core))
                                            or (len(core) >= 8 and single_numeral))


def _has_particle(core: str) -> bool:
    """A grammatical particle (:data:`PARTICLES`) not right after a numeral: after one it is the
    numeral's body (“三城三都”: three capitals), not a particle."""
    return any(m.start() == 0 or core[m.start() - 1] not in NUM_CHARS for m in PARTICLES.finditer(core))


def _one_side(q: _Quotation) -> bool:
    numbered, core, _, is_pattern = q.numbered()
    return numbered and not is_pattern and core.startswith("一方") and not any(c in NUM_CHARS for c in core[2:])


def _word_with_numeral(q: _Quotation) -> bool:
    numbered, core, _, _ = q.numbered()
    if not numbered:
        return False
    entry = jieba_words().get(core)
    numeral_word = entry is not None and entry[1] == "m" and entry[0] < 300  # 两重, 双百: quoted, a name
    return is_common_word(core, 10) and not parse_numeral_pattern(core, 0) and not numeral_word


def _numbered(pattern: bool):
    def rule(q: _Quotation):
        numbered, core, suf, is_pattern = q.numbered()
        return (core, suf) if numbered and is_pattern == pattern else None
    return rule


def _named(q: _Quotation):
    return strip_suffix(q.s, "named")


def _named_kind(q: _Quotation):
    core, suf = strip_suffix(q.s, "named")
    return (core, suf) if suf or q.named_after or q.s.endswith(NAMED_AFTER) else None


@dataclass(frozen=True)
class QuotedRule:
    """A rule of :func:`classify_quoted`: ``test(quotation)`` is true when it decides; a rule
    with a ``kind`` takes the quotation (``test`` gives its canonical form and suffix), one
    with a ``reason`` rejects it."""

    name: str  # the verdict's rule: a taken formulation's ``rule``, the rule named in --explain
    test: Callable[[_Quotation], object]
    kind: str = ""  # numbered, named or plan: what a taking rule takes
    reason: str = ""  # why a rejecting rule rejects (Verdict.reject)


def _reject(name: str, test: Callable[[_Quotation], object], reason: str) -> QuotedRule:
    return QuotedRule(name, test, reason=reason)


# What a quotation is, in order: the first rule that decides gives the verdict. The numbered
# rules (from ``sentence_in_quotes`` on) ask whether a numeral carries the structure; what
# they leave is a named formulation or no name at all.
QUOTED_RULES: tuple[QuotedRule, ...] = (
    _reject("empty", lambda q: not q.s, "empty"),
    # plus-formulas: 1+1+17, 1+X+N, 1+1托4 (digits carry the structure); 互联网+, 党建+项目 (words)
    QuotedRule("plus_formula", _plus_formula, "numbered"),
    QuotedRule("plus_words", _plus_words, "named"),
    _reject("mixed_plus", lambda q: "+" in q.s, "mixed plus expression"),
    # bare digits: “1345”户, “2025”, “5155”战略
    _reject("digits_with_unit", lambda q: BARE_DIGITS.match(q.s) and q.unit_after, "a number with its unit"),
    _reject("digits_class_label", lambda q: BARE_DIGITS.match(q.s) and q.class_after,
            "a class label before the noun it classes (“4050”失业人员, “211”大学)"),
    _reject("year", lambda q: BARE_DIGITS.match(q.s) and YEAR.match(q.s) and not q.named_after, "a year"),
    QuotedRule("digits_programme", _digits_programme, "numbered"),
    QuotedRule("digits_name", _digits_name, "numbered"),
    # “十四五”, “八五”规划
    QuotedRule("plan", _plan, "plan"),
    # what is no name: too long, a list, a count, a number, an idiom, a date, a serial, a label
    _reject("too_long", lambda q: len(q.s) > 16, "too long for a name"),
    _reject("listy", lambda q: LISTY.search(q.s), "a list or sentence, not a name"),
    _reject("count_of_measures", lambda q: CN_COUNT_ONLY.match(q.s) or _DIGITS_COUNT.match(q.s),
            "count of measures"),
    _reject("ordinary_count", lambda q: ARABIC_COUNT.match(q.s), "ordinary count"),
    QuotedRule("digit_pattern", _digit_pattern, "numbered"),
    _reject("number_in_name", lambda q: _DIGIT.match(q.s), "number in a name"),
    _reject("idiom", lambda q: is_idiom(q.s), "idiom"),
    _reject("date_name", lambda q: DATE_NAME.match(q.s), "date used as a name"),
    _reject("serial", lambda q: SERIAL.search(q.s), "serial, ordinal or congress"),
    QuotedRule("numeral_code", _numeral_code, "numbered"),
    _reject("magnitude_label", lambda q: MAGNITUDE.match(q.s), "magnitude or achievement label"),
    _reject("duration_campaign", lambda q: DURATION.match(q.s), "generic duration campaign"),
    _reject("time_quantity", lambda q: TIME_QUANTITY.match(q.s), "a time quantity"),
    # 多规合一, 两证合一; 清四乱, 破五唯
    QuotedRule("merge_one", _merge_one, "numbered"),
    QuotedRule("verb_numeral", _verb_numeral, "numbered"),
    QuotedRule("magnitude_campaign", _magnitude_campaign, "numbered"),
    _reject("magnitude_not_count", lambda q: q.s[0] in CN_LARGE and not (
        "百日" in q.s or "千日" in q.s or REPEATED_MAGNITUDE.match(q.s)), "magnitude, not a count (万人, 千村)"),
    _reject("zero_x", lambda q: q.s.startswith("零") and not q.s.startswith("零工"),
            "零X: none of X, not a count (零跑腿, 零碳)"),
    _reject("written_number", lambda q: _NUMERAL_RUN.fullmatch(q.s) and CN_NUMBER.match(q.s) and any(
        c in "十百千万亿" for c in q.s), "a number as numbers are written (三万五千)"),
    _reject("numerals_only", lambda q: _NUMERAL_RUN.fullmatch(q.s) and not (q.s[0] == "双" and len(q.s) == 2),
            "numerals only (a date or number)"),  # “双百” is a name
    _reject("ordinary_word_start", lambda q: (q.s.startswith(_idiom_starts()) or any(
        _plain_word(q.s[:k]) for k in (2, 3))) and parse_numeral_pattern(strip_suffix(q.s, "numbered")[0], 0, 4) is None,
            "starts with an ordinary word holding a numeral"),
    # a numeral carries the structure (leading, after 新/第/老, or a repeated-numeral pattern)
    _reject("sentence_in_quotes", _sentence_in_quotes, "a sentence or description, not a name"),
    _reject("class_label", lambda q: q.people_after and len(q.s) == 2 and q.s[1] not in NUM_CHARS,
            "a class label before the people it classes (“三无”人员)"),
    _reject("one_side", _one_side, "一方 (a place, one side): a phrase (一方净土, 一方平安)"),
    _reject("word_with_numeral", _word_with_numeral, "ordinary word with a numeral"),
    QuotedRule("numeral_pattern", _numbered(True), "numbered"),
    QuotedRule("numeral_quoted", _numbered(False), "numbered"),
    # named: a short quoted phrase; strong when a campaign word follows or ends it (three
    # characters or fewer, 强工业, also occur inside ordinary phrases, 加强工业: reported, but too
    # ambiguous to be protected as a token everywhere)
    _reject("name_length", lambda q: len(q.s) < 2 or len(q.s) > 12, "length outside a name's"),
    _reject("ordinary_word", lambda q: is_common_word(q.s, 3), "ordinary word"),
    QuotedRule("named_kind", _named_kind, "named"),
    QuotedRule("quoted", _named, "named"),
)


def classify_quoted(content: str, after: str = "") -> Verdict:
    """Classify the text inside quotation marks; ``after`` is the text that follows the quote.
    The first of :data:`QUOTED_RULES` that decides gives the verdict and names it (``rule``).

    >>> classify_quoted("四强", "行动").rule, classify_quoted("5155", "战略").kind
    ('numeral_quoted', 'numbered')
    >>> classify_quoted("三年", "行动").reject, classify_quoted("1345", "户").rule
    ('generic duration campaign', 'digits_with_unit')
    """
    # the rules read of ``after`` only these two: the verdict is cached by them, not by the text
    named_after = next((w for w in NAMED_AFTER if after.startswith(w)), "") if after.startswith(NAMED_AFTER) else ""
    digits = BARE_DIGITS.match(content) is not None  # (the class noun is read after bare digits only)
    if digits and named_after == "计划" and _modifies_a_noun(after, len(named_after)):
        # “150”计划任务: 计划 (planned) qualifies the noun after it, it names no programme; the digits
        # count what is planned (digits_with_unit)
        return _classify(content, "", True)
    label = len(content) == 2 and content[0] in NUM_CHARS  # (a class of people is read after a short label only)
    return _classify(content, named_after, bool(DIGIT_UNIT_AFTER.match(after) or LINE_AFTER.match(after)),
                     digits and CLASS_AFTER.match(after) is not None, label and PEOPLE_AFTER.match(after) is not None)


def _modifies_a_noun(after: str, i: int) -> bool:
    """The word right after ``after[:i]`` (:func:`dictionary_words`) is a noun or a verbal noun
    (n, vn): the word before it qualifies it (计划任务 planned tasks, 计划投资 planned investment)."""
    words = dictionary_words(after[i:i + 6])
    return bool(words) and len(words[0][0]) >= 2 and words[0][1] in ("n", "vn")


@lru_cache(maxsize=16384)  # pure, and quotations recur (slogans, plan names); a Verdict is immutable
def _classify(content: str, named_after: str, unit_after: bool, class_after: bool = False,
              people_after: bool = False) -> Verdict:
    q = _Quotation(canonical(content), named_after, unit_after, class_after, people_after)
    for rule in QUOTED_RULES:
        got = rule.test(q)
        if got:
            return Verdict(rule.kind, rule.name, *got) if rule.kind else Verdict(rule=rule.name, reject=rule.reason)
    raise AssertionError(f"no quotation rule decided {content!r}")  # ``quoted`` takes what is left



memory.on_stage_change(_classify.cache_clear)
memory.on_stage_change(_set_label_count.cache_clear)
memory.on_stage_change(lambda: _IDIOMS.__setitem__(slice(None), [None, None]))
memory.on_stage_change(lambda: _KNOWN.__setitem__(0, None))
