"""Compiled regexes, the unit table's patterns and the word lists of the indicators stage.

Everything that depends on no file is built once, at import. The unit patterns depend on
a lexicons folder's ``units.txt`` (researcher-editable; see its header), read by
:func:`pipeline.lexicons.load`: :func:`unit_patterns` builds them from that table, once
per table. Each sub-pattern carries a one-line comment.

>>> m = NUMBER.match("近400亿元")
>>> m.group("pre"), m.group("ar"), m.group("mag")
('近', '400', '亿')
>>> from pipeline.lexicons import bundled
>>> unit_patterns(bundled().units).units["个百分点"]
Unit(surface='个百分点', unit='百分点', kind='percentage_point', role='measure')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.lexicons import Unit



class LazyPattern:
    """A regex compiled the first time it is used (``match``, ``search``, ``sub``, …: the methods
    of :class:`re.Pattern`). A module with many rules that a given text rarely reaches declares
    them with :func:`lazy_compile`: a run that reads one changed file then compiles only the rules
    that file reaches (~1 ms a pattern at import otherwise). ``pattern`` and ``flags`` are known
    without compiling (a rule built from another's ``pattern`` compiles neither).

    >>> p = lazy_compile("([0-9]+)年")
    >>> p.pattern, p.search("2025年").group(1), p.sub("X", "2025年")
    ('([0-9]+)年', '2025', 'X')
    """

    _METHODS = ("match", "search", "fullmatch", "sub", "subn", "split", "findall", "finditer", "scanner",
                "groups", "groupindex")

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern, self.flags = pattern, flags

    def __getattr__(self, name: str):
        # reached only until the first use: the compiled pattern's methods then become this
        # object's own attributes (a use costs what it costs on the compiled pattern)
        if name.startswith("__"):
            raise AttributeError(name)
        compiled = re.compile(self.pattern, self.flags)
        for attr in self._METHODS:
            setattr(self, attr, getattr(compiled, attr))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy_compile({self.pattern!r}, {self.flags!r})"


def lazy_compile(pattern: str, flags: int = 0) -> LazyPattern:
    """``re.compile(pattern, flags)``, compiled when first used (see :class:`LazyPattern`)."""
    return LazyPattern(pattern, flags)


# --- character classes, defined once -------------------------------------------------------

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK ideographs: unified, extension A, compatibility


CJK_UNIFIED = "\u4e00-\u9fff"  # the unified block only (no extension A, no compatibility forms): the older rules' class

# Chinese numerals. A regex uses them inside a class: rf"[{CN_TEN}]". Rules that take a
# narrower set on purpose (十[一二三四五六]五: plans already ended) write it out with a comment.
CN_DIGITS = "一二三四五六七八九"  # the digits one to nine
CN_TEN = CN_DIGITS + "十"  # one to ten: list markers, ordinals, small counts (一、 第十 近十年)
CN_SMALL = CN_TEN + "两"  # one to ten with 两 (两年, 两个)
CN_MAGNITUDES = "十百千万亿"  # the magnitudes that follow a digit (三十, 五百, 两万)
CN_LARGE = "百千万亿"  # the magnitudes that can stand alone as an amount (千亿, 万亩)
CN_NUMERALS = "零〇" + CN_SMALL + "百千万亿"  # every Chinese numeral character, zero and magnitudes too
NUMERAL = r"\d" + CN_NUMERALS  # a digit or any Chinese numeral character (第二十届, 前10位)
NUMERAL_TEN = r"\d" + CN_TEN  # a digit or a Chinese numeral up to ten (（3）, （十）, 近十年)
NUMERAL_SMALL = r"\d" + CN_SMALL  # a digit or a Chinese numeral up to ten, or 两 (两年来, 3年来)
HAS_NUMERAL = re.compile(f"[{NUMERAL}]")  # a text holding a numeral of either script

# quotation marks (the straight double quote both opens and closes)
OPEN_QUOTES = "“‘「『"  # opening marks, curly and corner
CLOSE_QUOTES = "”’」』"  # their closing marks, in the same order
CURLY_QUOTES = "“”‘’"  # the curly marks only
CURLY_OR_STRAIGHT = CURLY_QUOTES + '"'  # the curly marks and the straight double quote (jieba tokens of their own)
QUOTES = OPEN_QUOTES + CLOSE_QUOTES + '"'  # every quotation mark a formulation can be wrapped in

# a five-year plan's name: 十一五 … 十九五 (十四五, 十五五)
PLAN_NAME = f"十[{CN_DIGITS}]五"

# a newspaper's name: 甘肃日报 / 兰州晚报 / 华西都市报 / 会宁报 (the one paper-name pattern of the
# masthead, field-line and chrome rules; anchor or bound it where it is used)
PAPER_NAME = f"[{CJK_UNIFIED}]{{2,10}}?(?:日报|晚报|时报|都市报|商报|报)"

# the level word closing a division's name: 甘肃省 / 兰州市 / 新疆维吾尔自治区 / 临夏回族自治州 /
# 积石山保安族东乡族撒拉族自治县 / 阿拉善盟 / 酒泉地区 / 城关区 / 鄂托克旗 (the one alternation of the
# issuer, header and folder rules; a rule that must not take 区 or 地区 — 兰州新区生产总值 — uses
# DIVISION_SUFFIX_NO_DISTRICT)
DIVISION_SUFFIX = r"(?:省|市|自治区|自治州|自治县|州|盟|地区|县|区|旗)"
DIVISION_SUFFIX_NO_DISTRICT = r"(?:省|市|自治区|自治州|自治县|州|盟|县)"

# the kind closing an official document's title: 通知 / 决定 / 决议 / 实施意见 / 批复 / 办法 …
DOCUMENT_KIND = r"(?:通知|决定|决议|意见|实施意见|指导意见|通报|批复|函|公告|通告|办法|规定|方案|细则)"
# an official document's title: 关于…的通知 (a modifier of up to four characters before the kind:
# 紧急通知, 补充通知, 进一步…); anchor it where it is used
ABOUT_TITLE = r"关于.{2,80}的[" + CJK_UNIFIED + r"]{0,4}?" + DOCUMENT_KIND
# a whole line that is one: 关于印发某某实施方案的通知 (headlines, articles)
DOCUMENT_TITLE = re.compile(r"^" + ABOUT_TITLE + r"$")


def is_cjk(c: str) -> bool:
    """A CJK ideograph (the characters of :data:`CJK`)."""
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf" or "\uf900" <= c <= "\ufaff"


def _alternation(words) -> str:
    """Regex alternation, longest first so that 场次 wins over 场 and 千瓦时 over 千瓦."""
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


@dataclass(frozen=True)
class UnitPatterns:
    """The unit table of one ``units.txt`` and the regexes built from it."""

    units: dict[str, Unit]  # surface -> Unit (the first line of a surface wins)
    unit_re: re.Pattern  # a measure word or unit right after the number (and its magnitude), incl. class units
    noun_unit_re: re.Pattern  # a counted noun right after the number with no measure word: 5.2万贫困户
    unit_after: re.Pattern  # the unit, then a qualifier after it (亿元以上, 300万吨左右)


@lru_cache(maxsize=8)
def unit_patterns(units: tuple[Unit, ...]) -> UnitPatterns:
    """The unit patterns of a unit table (``Lexicon.units``), compiled once per table.

    >>> up = unit_patterns((Unit("亩", "亩", "quantity", "measure"), Unit("户", "户", "count", "noun")))
    >>> up.unit_after.match("亩以上").group("unit", "post"), up.noun_unit_re.match("贫困户").group("noun")
    (('亩', '以上'), '户')
    """
    table: dict[str, Unit] = {}
    for u in units:
        table.setdefault(u.surface, u)
    # "(?!)" never matches: a table with no unit of a role takes none
    measures = _alternation(u for u, x in table.items() if x.role in ("measure", "class")) or "(?!)"
    nouns = _alternation(u for u, x in table.items() if x.role == "noun") or "(?!)"
    unit_re = re.compile(measures)
    return UnitPatterns(
        units=table,
        unit_re=unit_re,
        # a few letters, then the counted noun (lazy: the nearest noun of the table)
        noun_unit_re=re.compile(r"[^\W\d]{0,4}?(?P<noun>" + nouns + ")"),
        unit_after=re.compile(
            r"(?:[ \u3000](?=\S))?"                             # one stray space: 增长10 %
            r"(?P<unit>" + unit_re.pattern + r")"                 # longest unit or measure word
            r"(?P<post>" + _alternation(POST_QUALIFIERS) + r")?"  # 以上 / 左右 / 多 after the unit
        ),
    )


# qualifiers written before the number, mapped to the canonical qualifier
PRE_QUALIFIERS = {
    "超过": "超", "突破": "超", "超": "超", "逾": "超", "高于": "超", "多于": "超",
    "将近": "近", "接近": "近", "近": "近",
    "大约": "约", "约为": "约", "约": "约",
    "不到": "不足", "不足": "不足", "低于": "不足", "少于": "不足",
    "至少": "以上", "不少于": "以上", "不低于": "以上",
    "最多": "以下", "至多": "以下", "不超过": "以下", "不高于": "以下",
}
# qualifiers written after the unit (多/余 may also stand between number and unit)
POST_QUALIFIERS = {"及以上": "以上", "以上": "以上", "及以下": "以下", "以下": "以下", "以内": "以下",
                   "左右": "左右", "上下": "左右", "有余": "余", "多": "多", "余": "余"}

NUMBER = re.compile(
    r"(?P<pre>" + _alternation(PRE_QUALIFIERS) + r")?"   # qualifier before: 近 / 超过 / 约
    r"(?:"
    r"(?P<ar>\d+(?:,\d{3})+(?![\d])(?:\.\d+)?"           # Arabic with thousands separators
    r"|\d+(?:\.\s?\d+)?)"                                # Arabic, decimals; stray space 86. 5
    r"(?P<q1>多|余)?"                                    # 300余万亩: 余 before the magnitude
    r"(?P<mag>(?:(?<=\d)[ \u3000](?=[十万亿]|百(?!分)|千(?![瓦米克伏])))?"  # one stray space: 238.18 亿元
    r"(?:十|百(?!分)|千(?![瓦米克伏])|万|亿)*)"        # magnitude; 千瓦 千米 千克 千伏 are units
    r"|(?P<pct>百分之)(?P<pcn>[零〇" + CN_SMALL + r"百点几]+)"  # 百分之五十
    r"|(?P<cn>[" + CN_NUMERALS + r"几]+)"                 # Chinese numeral: 三万 / 五十 / 千亿
    r")"
    r"(?P<q2>多|余)?"                                    # 280多家 / 1000余名 / 十多个
)
# a character a NUMBER match's number starts with (a digit, a Chinese numeral, 几), at most
# NUMBER_LEAD characters (its qualifier) after the match's start: where the next match can be
# found by a plain character scan (NUMBER itself tries every position of a text)
NUMBER_FIRST = re.compile(f"[{NUMERAL}几]")
NUMBER_LEAD = max(map(len, PRE_QUALIFIERS))

# 级 right after a bare amount in 亿 (千亿级): a class label, not money
IMPLIED_CLASS = re.compile(r"级")
# a count right before a bare amount (3个五百亿产业集群, 1个超千亿产业集群): the amount labels
# the counted things (the count is the indicator); 一个 is rhetoric and counts nothing
COUNT_BEFORE = re.compile(r"\d+\s*(?:个|家|条|大)$|[两三四五六七八九十]\s*(?:个|家|条|大)$")

# qualifier after a number that has no unit of its own (亿元以上 handled via the unit)
POST_ONLY = re.compile(r"(?P<post>" + _alternation(POST_QUALIFIERS) + r")")

# range connector between two numbers: 1至2个, 10%-15%, 3～5年
RANGE_SEP = re.compile(r"\s*(?:至|到|~|～|-|—|–|－|─)\s*")
# separators of a list of numbers: 7.1%、6.3% / 4.5%和11% / 4%与5.7%
LIST_SEP = re.compile(r"\s*(?:、|和|及|与|以及|,|，)\s*")

# ---- exclusions: spans whose numerals are never indicators --------------------------
# A pattern that opens with an unbounded run ([\w.+-]+, \d+) starts only where the run
# starts ((?<!...) guard) and takes it possessively (++): linear time even on a line of
# 10^5 digits, where a plain run would be retried from every position (quadratic).

# Each pattern starts with a character or a class where it can, a lookbehind coming after
# the first character (``\d(?<!\d\d)`` rather than ``(?<!\d)\d``): ``re`` then skips
# ahead to the next possible start instead of trying every position (3-8x faster on this
# text, same matches).

# e-mail addresses: searched only in a text holding "@" (its first class, all word
# characters, would be tried at every position)
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]+(?:\.[\w-]+)+")
# web addresses
WEB_ADDRESS = re.compile(r"(?:https?://|www\.)[\w./?=&%#:-]+")
# clock times: 15:25
CLOCK_TIME = re.compile(r"\d(?<!\d\d)\d?:\d{2}(?!\d)")
# plus-formulas (slogans): 1+1+17, 1+X+N, 2+4, 链长+链主
PLUS_FORMULA = re.compile(r"[\dA-Za-z](?:(?<=\d)(?<!\d\d)\d*+|(?<=[A-Za-z])(?<!\d[A-Za-z]))(?:\s*[+＋]\s*(?:\d+|[A-Za-z]))+")
# frequency idioms: 百年一遇, 50年一遇 (a design standard, not a duration or a quantity)
ONCE_IN_YEARS = re.compile(r"[" + NUMERAL + r"](?<![" + NUMERAL + r"][" + NUMERAL + r"])[" + NUMERAL + r"]*+\s*年一遇")

EXCLUDED_SPANS: list[tuple[str, re.Pattern]] = [
    # e-mail addresses
    ("identifier", EMAIL),
    ("identifier", WEB_ADDRESS),
    # telephone numbers with area code: 0931-8159443, (0931)8159443
    # (a rule opening with a digit opens with one character class, then a lookbehind tells its
    # alternatives apart: a scan skips the other characters quickly, 2-3x quicker; the same matches)
    ("identifier", re.compile(r"[(（0](?:(?<=[(（])0|(?<=0))\d{2,3}[)）]?[-－—]?\d{7,8}(?!\d)")),
    # mobile numbers and bare 7–8 digit numbers after 电话/热线
    ("identifier", re.compile(r"[\d:：](?:(?<=1)(?<!\d1)[3-9]\d{9}(?!\d)|(?<=(?:电话|热线)[:：])\d{5,8}"
                              r"|(?<=(?:电话|热线)\d)\d{4,7})")),
    # full dates and date-times: 2022-08-29, 2025/01/03 15:25, 2024.9.10
    ("date", re.compile(r"\d(?<!\d\d)\d{3}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?")),
    ("date", CLOCK_TIME),
    # year ranges and decades: 2021—2025年, 2021-2025, 90年代
    ("date", re.compile(r"\d(?:(?:(?<=1)(?<!\d1)[89]|(?<=2)(?<!\d2)0)\d{2}\s*[-—–～~至到]\s*(?:1[89]|20)?\d{2}年?"
                        r"|\d{1,3}年代)")),
    # calendar dates with 年月日: 2024年9月10日至13日, 9月7日, 2025年06月16日, 1-8月
    ("date", re.compile(r"\d(?<!\d\d)(?:\d{3}年(?:\d{1,2}\s*[-—–～~至到]\s*)?\d{1,2}|\d?\s*[-—–～~至到]\s*\d{1,2}|\d?)月(?:份|底|末|初|中旬|上旬|下旬)?"
                        r"(?:\d{1,2}\s*[-—–～~至到]\s*)?(?:\d{1,2}[日号])?")),
    # day ranges continuing a date: 10日至13日
    ("date", re.compile(r"\d(?<=月\d)\d?[日号]\s*[-—–～~至到]\s*\d{1,2}[日号]")),
    # years: 2022年, 2022年度, a bare year before a date word; not 20年 (a duration)
    ("date", re.compile(r"(?:1(?<!\d1)[89]|2(?<!\d2)0)\d{2}(?=年|[-—–]\d{1,2}[-—–])")),
    ("slogan_structure", PLUS_FORMULA),
    # five-year plan names: 十四五, “一五”
    ("plan", re.compile(f"[十{CN_DIGITS}](?:(?<=十)[{CN_DIGITS}]五|(?<=[{OPEN_QUOTES}\"][{CN_DIGITS}])五(?=[{CLOSE_QUOTES}\"]))")),
    # numbered formulations: 三抓三促, 一核三带, 五个一批, 一链一图三清单, 四新一盘活
    ("slogan_structure", re.compile(
        r"[" + CN_SMALL + r"]个?[^\W\d" + CN_NUMERALS + r"]{1,2}[" + CN_SMALL + r"]个?"
        r"[^\W\d" + CN_NUMERALS + r"的和与及、]{1,3}")),
    # nicknames of measure packages: 新十条, 新三十条
    ("slogan_structure", re.compile(r"新[" + NUMERAL + r"]+条")),
    # titles of documents, books, events: 《…》
    ("title", re.compile(r"《[^《》]{0,100}》")),
    # an ordinal: 第二十八届, 第2位, 第一议题
    ("ordinal", re.compile(r"第\s*[" + NUMERAL + r"]+")),
    # ranks: 前10位, 前十名, 后三位 (not 目前/此前/之前)
    ("rank", re.compile(r"[前后](?<![目此之以提][前后])\s*[" + NUMERAL + r"]+\s*(?:位|名|强)")),
    # names holding a number after Latin letters: G20, C919 (5G, 3D: see the unit check)
    ("name", re.compile(r"[A-Za-z]+\d+[A-Za-z\d]*")),
    # an institute or factory named by its number: 802所 (not 学校12所)
    ("identifier", re.compile(r"\d(?<![\d.]\d)\d{2,}所(?=[^\W\d学校院园中小高幼医]|的)")),
    # ranks written without 第: 全国排名3位, 排名12位, 位居全省5名
    ("rank", re.compile(r"(?:排名|排位|位列|位居|居)(?:全国|全省|全市|全州|全区|西部|中部|东部|同类城市|城市|省内|市内)*"
                        r"\s*[" + NUMERAL + r"]++\s*(?:位|名)")),
    ("idiom", ONCE_IN_YEARS),
    # (then "idiom": the fixed phrases of lexicons/numeral_idioms.txt, see idiom_pattern)
]

# the rules of EXCLUDED_SPANS that cannot match in a text holding none of these strings: such a
# text is not scanned (a scan of a whole text costs ~10 ns a character, a test for a string ~0.1)
EXCLUDED_SPANS_NEED: dict[re.Pattern, tuple[str, ...]] = {
    EMAIL: ("@",), WEB_ADDRESS: ("://", "www."), CLOCK_TIME: (":",), PLUS_FORMULA: ("+", "＋"),
    ONCE_IN_YEARS: ("年一遇",),
}


@lru_cache(maxsize=8)
def idiom_pattern(phrases: tuple[str, ...]) -> re.Pattern:
    """The exclusion rule "idiom": any of ``phrases`` (``Lexicon.numeral_idioms``), the first
    listed winning where two start at the same place; compiled once per list.

    >>> [m.group() for m in idiom_pattern(("十指握拳", "力千斤")).finditer("十指握拳，力千斤")]
    ['十指握拳', '力千斤']
    """
    return re.compile("|".join(re.escape(p) for p in phrases) or "(?!)")

# quoted short span holding a numeral: a slogan unless it is just number + unit (“20条”)
QUOTED = re.compile(f"[{OPEN_QUOTES}\"]([^{CLOSE_QUOTES}\"{OPEN_QUOTES}\\n]{{1,12}})[{CLOSE_QUOTES}\"]")

# a threshold / class: 以上/以下 followed by the noun of a class (亿元以上项目, 50周岁以上的)
_CLASS_NOUNS = (r"项目|企业|工业|规上|人口|老人|老年人|人员|群众|儿童|城市|县|村|镇|乡|产业|园区|工程|"
                r"景区|医院|学校|单位|客户|家庭|职工|干部|居民|农户|投资|集群|品牌")
CLASS_AFTER = re.compile(
    r"的(?:" + _CLASS_NOUNS + r")"                         # 500万元以上的项目
    r"|[^\W\d，。；、,.;:：！？）)”’\s的和与及并或是为等]"      # 亿元以上项目, 50周岁以上老人
)

# ---- context: change, period, target, metric ------------------------------------------

# change word right before the number (after 分别 / 了 / 达): 同比增长, 下降, 提高至
# (written as PERIOD below: the first character of every way a match can open, then the rest of each, a
# lookbehind telling them apart; an optional comparison before the change word, then the change word alone)
_CHANGE_WORDS = r"增长|下降|提高|降低|增加|减少|削减|上升|回落|下滑|提升|扩大|缩小|增幅|降幅|涨幅|升幅|增|降|减|翻|回升|上涨|下跌"
CHANGE = re.compile(
    r"(?P<change>[同环比较年平增下提降减削上回扩缩涨升翻]"
    r"(?:(?:(?<=同)比去年|(?<=同)比上年|(?<=同)比|(?<=环)比|(?<=比)上年|(?<=较)上年|(?<=比)去年|(?<=较)去年"
    r"|(?<=较)同期|(?<=年)均|(?<=平)均)(?:" + _CHANGE_WORDS + r")"    # 同比增长, 年均增长
    r"|" + "|".join(f"(?<={w[0]}){w[1:]}" for w in _CHANGE_WORDS.split("|")) + r")"  # 增长, 下降, 增
    r"(?:了|至|到)?)(?:分别)?(?:达到|达|为)?$")
# period words, the nearest one before the number in its sentence wins
PERIOD = re.compile(
    # the first character of every alternative, which then reads on from it (a lookbehind tells which it
    # was): a scan tries the alternatives only where one can start (~3.5x quicker than alternatives
    # opening with an optional character, a group or a lookbehind; the same matches)
    r"[“十截到至今去前明上下全年近过目当现" + NUMERAL_SMALL + r"]"
    r"(?:(?<=“)十[" + CN_DIGITS + r"]五”?(?:末|初|期间|时期|以来|中期)?"   # “十四五”期间
    r"|(?<=十)[" + CN_DIGITS + r"]五”?(?:末|初|期间|时期|以来|中期)?"     # 十四五末
    r"|(?<=截)[至止]到?(?:目前|\d{4}年(?:\d{1,2}月)?(?:底|末)?)"           # 截至目前, 截至2023年底
    r"|(?<=[到至])\d{4}年(?:底|末)?"                                       # 到2030年
    r"|(?<=\d)\d{3}\s*[-—–至]\s*\d{4}年"                                   # 2021-2025年
    r"|(?<=\d)\d{3}年(?:以来|底|末|初|上半年|下半年|前三季度|[一二三四]季度|全年|度)?"  # 2022年以来, 2022年
    r"|(?<=\d)\d?\s*[-—–至]\s*\d{1,2}月(?:份|底|末|以来)?"                  # 1-8月
    r"|(?<=\d)\d?月(?:份|底|末|以来)?"                                      # 6月
    r"|(?<=今)年以来|(?<=今)年上半年|(?<=今)年前三季度|(?<=去)年以来|(?<=今)年|(?<=去)年|(?<=前)年|(?<=明)年"
    r"|(?<=[上下])半年"                                                     # relative years, 上半年
    r"|(?<=前)三季度|(?<=[一二三四])季度|(?<=全)年|(?<=年)内|(?<=近)年来"
    r"|(?<=近)[" + NUMERAL_TEN + r"]+年|(?<=过)去[" + NUMERAL_TEN + r"]+年"      # 近十年, 过去五年
    r"|(?<![" + NUMERAL_SMALL + r"][" + NUMERAL_SMALL + r"])(?<=[" + NUMERAL_SMALL + r"])[" + NUMERAL_SMALL
    + r"]*年来"                                                             # 两年来, 3年来
    r"|(?<=一)年来|(?<=目)前|(?<=当)前|(?<=现)阶段)"                          # 一年来, 目前
)  # (no possessive quantifier: prefix_scan refuses one; 年 is no numeral, so * matches the same)
# goal or forecast cues: anywhere earlier in the sentence
TARGET_STRONG = re.compile(
    # the first character of every alternative, then what follows it (a lookbehind tells which it was;
    # as PERIOD: ~3.5x quicker, the same matches)
    r"[力预规争确有可将计主奋总发工目到至]"
    r"(?:(?<=力)争|(?<=预)计|(?<=预)期|(?<=规)划|(?<=争)取|(?<=确)保|(?<=有)望|(?<=可)望"  # goal and forecast verbs
    r"|(?<=将)达|(?<=将)实现|(?<=将)新增|(?<=将)建成|(?<=计)划到"
    r"|(?<=预)期目标|(?<=主)要目标|(?<=奋)斗目标|(?<=总)体目标|(?<=发)展目标|(?<=工)作目标"  # 目标 as a goal,
    r"|(?<=目)标(?:是|为|：|:|，|,|建议|达到|值)"                                          # not 目标企业
    r"|(?<![提增加长升高][到至])(?<=[到至])\d{4}年(?!的))"  # 到2030年, but not 从…提高到2025年的…
)
# weak goal cues: only in the number's own clause
TARGET_WEAK = re.compile(r"计划|拟|将")

# words stripped from the start of a metric phrase: scope, time, adverbs
METRIC_LEAD = re.compile(
    r"^(?:" + PERIOD.pattern + r"|力争|预计|计划|争取|确保|全市|全省|全县|全区|全州|全国|全年|我市|我省|我县|我区|其中|共|累计|先后|同时|此外|另外|并|已|还|均|共计|合计|总计|"
    r"分别|先后|成功|每年|每月|每季度|每天|目前|截至目前|今年|去年|[（(][" + NUMERAL_TEN + r"]+[）)]|</?[a-z]+\s*/?>|\*+|#+|[、，,:：；\s…）)|])+")
# words stripped from the end of a metric phrase: links, change and qualifier words
# (words, not patterns: each is escaped, so METRIC_TAIL_END, the last characters of the words and marks,
# is exactly what a match can end with; an alternative with regex syntax would break that gate silently)
_METRIC_TAIL_WORDS = tuple(
    "同比|环比|比上年|较上年|年均|分别|达到|达|为|是|有|共|累计|共计|合计|总计|均在|均|在|约|约为|超过|超|突破|"
    "近|逾|不到|不足|至少|增长|下降|提高|降低|增加|减少|削减|上升|回落|下滑|提升|扩大|缩小|增幅|降幅|涨幅|升幅|增|降|减|至|到|了|由|从|和|及|与|"
    "实现|完成|其中|一个|一批|控制在|控制|保持在|保持|占到|占|确定|可|就|的预期目标|预期目标|的目标".split("|"))
_METRIC_TAIL_MARKS = "、，,:：；…（(|*"  # and white space (\s)
METRIC_TAIL = re.compile(r"(?:" + "|".join(map(re.escape, _METRIC_TAIL_WORDS))
                         + r"|[" + re.escape(_METRIC_TAIL_MARKS) + r"\s])+$")
# the characters a match of METRIC_TAIL can end with (and white space): a phrase ending otherwise has no
# tail, and is not scanned (the scan tries every position of the phrase, ~80 alternatives at each)
METRIC_TAIL_END = frozenset(w[-1] for w in _METRIC_TAIL_WORDS) | frozenset(_METRIC_TAIL_MARKS)
# delimiters of the clause a metric is searched in
CLAUSE_DELIM = re.compile(r"[，,。；;：:！？!?\n]")

# ---- metric phrases: which words of the text before a number belong to its metric --------
# (README "Indicators" and tests/gold/README.md state the principle these lists serve)

# lifecycle stages of a project or enterprise, and 新增/新建 (a flow, not the stock): they
# classify what is counted, so they stay in the metric (签约项目, 新开工项目, 新增就业, 到位资金)
STATUS_WORDS = frozenset("签约 洽谈 在谈 开工 复工 开复工 新开工 竣工 完工 投产 达产 在建 续建 到位 落地 "
                         "入驻 盘活 新签约 新竣工 新洽谈 新增 新建".split())  # 新增/新建: a flow, not the stock
# light verbs that only introduce an event or a result (开展主题党日, 召开党委会议, 实现产值)
LIGHT_VERBS = frozenset("开展 组织 召开 举办 举行 进行 实现 完成 组织开展 开展了 举办了 召开了".split())
# pivot verbs: 帮助企业融资 — the noun after them is not the metric, the verb after it leads
PIVOT_VERBS = frozenset("帮助 助力 协助 引导 指导 支持 带动 推动 动员 督促 鼓励".split())
# a leading preposition opens a phrase of place, means or beneficiary (在…上, 通过…, 为我们)
# that is never part of the metric
METRIC_PREPOSITIONS = frozenset("在 通过 为 对 从 向 按 按照 经 经过 由 依托 围绕 借助 针对 面向 给".split())
# (words the tagger lacks, tags it gets wrong: lexicons/tagger_words.txt, lexicons/tag_fixes.txt)
# the head of a measure (面积, 人数, 产能, 增长率): a verb before it describes the measure
# (种植面积, 参与人数, 再生铝产能, 储备能力) instead of taking it as an object
MEASURE_HEAD = re.compile(r"(?:面积|人数|户数|人次|产能|能力|规模|总量|总额|比重|比例|金额|产量|产值|收入|里程|"
                          r"容量|长度|数量|余额|[率量额数值])$")
# nominalised verbs that head a noun phrase (县委重点工作, 便民服务): never a trailing predicate
NOMINAL_VN = frozenset("工作 服务 活动 管理 项目".split())
# time phrases ending in a locative (达产后, 投产以来, 建成之后): not part of a metric
AFTER_TIME = frozenset("后 以后 之后 以来 期间".split())
# one-character adverbs that open a phrase without being measured (还击落, 已建成); others (互认) are morphemes
LEAD_ADVERBS = frozenset("还已均共再又也就都才并仍")
# generic place-like words jieba tags ns that name a category, not a place (城镇新增就业)
GENERIC_NS = frozenset("城镇 城市 农村 乡村 城乡 全国 国内 国际 境外 海外 县域 镇村 乡镇 社区 全省 全市".split())
# a list marker or numbered heading at the start of a phrase: 6. / （3） / 一、
LIST_MARKER = re.compile(r"^(?:\d{1,2}[.．、]|[（(][" + NUMERAL_TEN + r"]+[）)]|[" + CN_TEN + r"]+、)")
# a span of years at the start of a metric phrase: 五年提高, 3年来 (a time phrase, not a metric)
YEARS_LEAD = re.compile(r"^[" + NUMERAL_TEN + r"]+年(?:来|间|内|中)?")
