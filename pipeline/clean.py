"""The cleaner: tiny named rules over the text and its paragraphs, composed once.

- :data:`TEXT_RULES` — ``str -> str`` over the whole text (newlines, invisible
  characters, width, spaces).
- :data:`SPAN_RULES` — a piece of a line that is chrome (``图片由…提供``, a news-agency lead
  ``本报讯``) is cut out and the rest of the line kept.
- Page-break repair (:func:`should_join`) decides whether two paragraphs are one paragraph
  cut by the page layout; the paragraph shapes (:func:`is_headline`, :func:`is_caption`).
- The building blocks the line rules share: personal names (:data:`NAME`, :func:`is_name`)
  and a line rule's verdict (:class:`Drop`).

A whole line of chrome is taken by the line rules of :mod:`pipeline.chrome` (the ordered
rule list), which read the page's fields with :mod:`pipeline.pagefields` (publish and field
lines, dates, labels, signatures) and its mastheads with :mod:`pipeline.mastheads` (paper,
site and account names). Every regex is compiled once, in the module that uses it.

>>> normalize("ＧＤＰ增长１２．５％，“三抓三促”")
'GDP增长12.5%，“三抓三促”'
>>> should_join("以服务业支撑制造业，发", "展工业设计、节能环保。")[0]
True
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from pipeline.patterns import CJK, CJK_UNIFIED, CN_TEN  # character classes are defined once, in patterns

# --- character classes -------------------------------------------------------------------

# sentence-final punctuation (a paragraph that ends with one of these is complete)
FINAL = "。！？!?…；;"
# closers that may follow the final punctuation: quotes, brackets
CLOSE = "”’」』）)】》\"'"
# clause-internal punctuation: a paragraph never legitimately ends with these
CLAUSE = "，、,"
# opening quotes and brackets: nor with these
OPEN = "“‘「『（(《【"

# --- whole-text rules (str -> str) ---------------------------------------------------------

# every line-break convention to \n: CRLF, CR, Unicode line/paragraph separators, NEL, FF
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
# invisible characters: BOM, zero-width space/joiners, soft hyphen, word joiner, invisible
# operators, bidi embeddings/overrides/isolates, deprecated format controls, Mongolian VS
_INVISIBLE = re.compile(r"[\ufeff\u200b-\u200f\u00ad\u2060-\u2064\u2066-\u206f\u202a-\u202e\u180e]")
# full-width ASCII letters and digits, and the symbols that only ever mean their ASCII twin
_WIDE = {c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)
         if chr(c - 0xFEE0).isalnum() or chr(c - 0xFEE0) in "%+-=<>@#&*/\\^_`|~$"}
_WIDE_TABLE = str.maketrans({chr(k): v for k, v in _WIDE.items()})
# a character _WIDE maps: a text with none is left as it is (a class scan, ~3 ns a character)
_WIDE_RUN = re.compile("[" + "".join(re.escape(chr(k)) for k in _WIDE) + "]+")
# the code points _WIDE maps (a text holding any is mapped over its code points at once: str.translate
# looks every character up in a dict, ~40 ns each; translating run by run costs a call a run, slower
# than the whole text when the runs are short and dense, as in ２０２３年１２月３１日)
_WIDE_CODES = np.zeros(0x110000, dtype=bool)
_WIDE_CODES[list(_WIDE)] = True
_WIDE_SHIFT = 0xFEE0  # a full-width ASCII twin's code point minus the ASCII one's
# shorter texts are translated (the code-point path's fixed cost, a few microseconds, is not worth it)
_WIDE_SHORT = 256
# full-width full stop between digits is a decimal point: １２．５ -> 12.5
_WIDE_DECIMAL = re.compile(r"(?<=\d)．(?=\d)")
# horizontal white space other than the ASCII space (NBSP, ideographic space, tabs, thin spaces)
_SPACES = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
# runs of ASCII spaces (made one space; then none at a line's edge, by str.replace of "\n " and " \n":
# a multi-line ^ +| +$ is tried at every position, ~12 ns a character)
_MULTI_SPACE = re.compile(r" {2,}")


def normalize_newlines(text: str) -> str:
    """CRLF, CR and Unicode separators to ``\\n``."""
    return _NEWLINES.sub("\n", text)


def remove_invisible(text: str) -> str:
    """Drop BOMs, zero-width characters and bidi marks."""
    return _INVISIBLE.sub("", text)


def normalize_width(text: str) -> str:
    """Full-width ASCII letters, digits and symbols (％ ＋ － ／ …) to half-width.

    Chinese punctuation (，。：；！？“”（）、) is left as it is: it is the text's own
    punctuation, not a width variant. A full-width ．between digits becomes a decimal point.

    >>> normalize_width("１＋１＋１７，５Ｇ，９７．１％")
    '1+1+17，5G，97.1%'
    """
    if len(text) < _WIDE_SHORT:
        text = text.translate(_WIDE_TABLE)
    elif _WIDE_RUN.search(text) is not None:
        try:
            codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).copy()
        except UnicodeEncodeError:  # a lone surrogate cannot be encoded: the table, as it was
            text = text.translate(_WIDE_TABLE)
        else:
            codes[_WIDE_CODES[codes]] -= _WIDE_SHIFT
            text = codes.tobytes().decode("utf-32-le")
    return _WIDE_DECIMAL.sub(".", text) if "．" in text else text


def normalize_spaces(text: str) -> str:
    """Tabs, NBSP and ideographic spaces to one ASCII space; no spaces at line edges.

    >>> normalize_spaces(" 全市  地区\\u3000生产总值 \\n 增长 ")
    '全市 地区 生产总值\\n增长'
    """
    text = _SPACES.sub(" ", text)
    if "  " in text:
        text = _MULTI_SPACE.sub(" ", text)
    # now no two spaces touch: a line's edge holds at most one, next to a newline or the text's end
    if "\n " in text:
        text = text.replace("\n ", "\n")
    if " \n" in text:
        text = text.replace(" \n", "\n")
    if text[:1] == " ":
        text = text[1:]
    if text[-1:] == " ":
        text = text[:-1]
    return text


def nfc(text: str) -> str:
    """Unicode NFC (composed characters); never NFKC, which would rewrite punctuation."""
    return unicodedata.normalize("NFC", text)


TEXT_RULES = (
    ("newlines", normalize_newlines),
    ("invisible", remove_invisible),
    ("nfc", nfc),
    ("width", normalize_width),
    ("spaces", normalize_spaces),
)


def normalize(text: str) -> str:
    """Apply every :data:`TEXT_RULES` rule in order."""
    for _, rule in TEXT_RULES:
        text = rule(text)
    return text


# --- names ---------------------------------------------------------------------------------

# common Chinese surnames (single and compound): a bare 2-4 character line is a byline only
# when it starts with one of these
_SURNAMES_1 = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥"
    "南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支"
    "卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邰雍辜羊阿乌母裘亓修邴"
)
_SURNAMES_2 = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "慕容", "尉迟", "夏侯",
               "公孙", "长孙", "宇文", "司徒", "端木", "南宫", "独孤", "西门", "澹台", "拓跋")
# one personal name: 2-4 Han characters, or a transliterated name with a middle dot
NAME = rf"[{CJK}]{{2,4}}(?:·[{CJK}]{{1,6}})?"
# several names separated by spaces, 、 or commas
_NAMES = re.compile(rf"^{NAME}(?:[ 、，,]+{NAME})*$")
NAME_SPLIT = re.compile(r"[ 、，,]+")


def is_name(s: str) -> bool:
    """A plausible Chinese personal name: a known surname and 1-3 more characters."""
    s = s.split("·")[0]
    if not 2 <= len(s) <= 4 or not re.fullmatch(rf"[{CJK}]+", s):
        return False
    if s[:2] in _SURNAMES_2:
        return len(s) >= 3
    return s[0] in _SURNAMES_1 and len(s) <= 3


def names_in(s: str, *, strict: bool = True) -> list[str] | None:
    """The names of a byline fragment (``"操剑 孙晓莉"``), or None when it is not only names."""
    s = s.strip()
    if not s or not _NAMES.match(s):
        return None
    parts = [p for p in NAME_SPLIT.split(s) if p]
    if strict and not all(is_name(p) for p in parts):
        return None
    return parts


# --- a line rule's verdict -----------------------------------------------------------------

@dataclass(frozen=True)
class Drop:
    """Why a line was dropped (the rule's family), and metadata it carried (publication, date, authors)."""

    rule: str
    meta: dict = field(default_factory=dict)


@dataclass
class Para:
    """One paragraph of a file: where it starts, its text, and what the cleaner decided."""

    line: int  # 1-based line number in the normalised text
    text: str
    gap: int = 0  # blank lines before it
    drop: Drop | None = None  # set when the whole line is chrome
    lines: list[int] = field(default_factory=list)  # lines joined into it
    notes: list[tuple[str, str]] = field(default_factory=list)  # (action, detail) for explain


# --- span rules: a piece of a line ------------------------------------------------------------

SPAN_RULES: tuple[tuple[str, re.Pattern], ...] = (
    # photo source credit inside a caption line: 图片由平凉市委组织部提供 / （资料图片）
    ("image_credit", re.compile(r"[（(]?(?:图片|照片|图)(?:由|来源[:：]?)[^。；;（）()]{1,30}?(?:提供|供图)?[)）]?$|[（(](?:资料图片|资料图|供图)[)）]")),
    # a news lead: 本报讯 / 本报讯（记者 …）/ 央视网消息（新闻联播）：/ 新华社北京1月3日电
    ("news_lead", re.compile(r"^(?:本报讯|本刊讯|本网讯|本报[^\s，。：“”]{0,8}?\d{1,2}月\d{1,2}日(?:电|讯)|[^\s，。：]{2,6}网消息|新华社[^\s，。：]{2,12}?电|中新社[^\s，。：]{2,12}?电)"
                             r"(?:\s*[（(][^）)]{0,40}[)）])?\s*[:：]?\s*")),
    # a site's name glued before a headline: 中国甘肃网 寒潮持续… (a line without a sentence)
    ("site_prefix", re.compile(r"^[" + CJK_UNIFIED + r"]{2,8}(?:网|在线)\s+(?=[^。！？\s][^。！？]{3,60}$)")),
    # page continuation markers: （下转第二版） （上接第一版）
    ("page_jump", re.compile(r"[（(](?:下转|上接|转)第?[〇零" + CN_TEN + r"\d]+(?:版|页)[)）]")),
    # a markdown link to the original page inside a line: [查看原文](…)
    ("view_original", re.compile(r"\[(?:查看原文|原文链接|阅读原文|点击查看)\]\([^)\s]*\)")),
)
# the span rules that cannot match in a line holding none of these strings: such a line is not
# scanned (image_credit, its first character optional, is tried at every position of a line)
SPAN_RULES_NEED: dict[str, tuple[str, ...]] = {
    "image_credit": ("图", "照片"), "site_prefix": ("网", "在线"), "page_jump": ("转", "上接"),
}


def cut_spans(line: str) -> tuple[str, list[tuple[str, str]]]:
    """Cut chrome spans out of a line: ``(rest, [(rule, span), ...])``.

    >>> cut_spans("灵台县示范基地。图片由平凉市委组织部提供")
    ('灵台县示范基地。', [('image_credit', '图片由平凉市委组织部提供')])
    """
    cut: list[tuple[str, str]] = []
    for name, pat in SPAN_RULES:
        needs = SPAN_RULES_NEED.get(name)
        if needs and not any(x in line for x in needs):
            continue
        spans = [m.group().strip() for m in pat.finditer(line) if m.group()]
        if spans:
            cut += [(name, s) for s in spans]
            line = pat.sub("", line).strip()
    return line, cut


# --- paragraph shapes -------------------------------------------------------------------------

# a character of sentence-final punctuation anywhere
_HAS_FINAL = re.compile(rf"[{FINAL}]")
# sentence-final punctuation at the end (closing quotes/brackets may follow)
_ENDS_FINAL = re.compile(rf"[{FINAL}][{CLOSE}]*$")
# clause punctuation inside a line (a short line with a comma may be a cut sentence)
_INNER_CLAUSE = re.compile(rf"[{CLAUSE}]")
# a numbered heading's marker: （一） (1) 一、 1.
_LIST_MARK = re.compile(r"^(?:[（(][" + CN_TEN + r"\d]{1,3}[)）]|[" + CN_TEN + r"]{1,3}、|\d{1,2}[.、．])")
# a caption-shaped line: one short sentence without a comma, ending in 。
_CAPTION = re.compile(rf"^[^，,；;。！？!?]{{4,40}}。$")


def ends_sentence(p: str) -> bool:
    """The paragraph ends with sentence-final punctuation (quotes may follow)."""
    return bool(_ENDS_FINAL.search(p))


def is_headline(p: str, *, max_len: int = 40) -> bool:
    """Headline-shaped: short, no sentence-final punctuation anywhere, not ending in a comma or colon.

    >>> is_headline("创新机制 健全体系强保障"), is_headline("锤炼党性修")
    (True, True)
    >>> is_headline("在克己奉公中锤炼党性。锤炼党性修")
    False
    """
    return (0 < len(p) <= max_len and not _HAS_FINAL.search(p)
            and p[-1] not in "，、,：:" and (not p.startswith(("（", "(")) or bool(_LIST_MARK.match(p))))


def is_caption(p: str) -> bool:
    """A photo-caption-shaped line: one short comma-free sentence ending in 。."""
    return bool(_CAPTION.match(p))


# --- page-break repair ------------------------------------------------------------------------

# openers that start a new paragraph: list markers, quotes, topic words of newspaper prose
_OPENER = re.compile(
    r"^(?:[“「『【《(（]|[" + CN_TEN + r"]+是|[" + CN_TEN + r"]+、|（[" + CN_TEN + r"\d]+）|\d+[.、．]|"
    r"第[" + CN_TEN + r"]|据|当前|目前|同时|此外|另外|与此同时|今年|去年|近年|近日|日前|一年来|近年来|"
    r"下一步|截至|总之|总的来看|数据显示|值得(?:一提|注意)|记者|本报|为此|对此|由此|随后|此前|其中|最后|首先|其次)"
)
# the first clause of a paragraph (up to the first punctuation)
_FIRST_CLAUSE = re.compile(rf"^([^{FINAL}{CLAUSE}：:]*)([{FINAL}{CLAUSE}：:])")
# the last clause of a paragraph (after its last punctuation)
_LAST_CLAUSE = re.compile(rf"[{FINAL}{CLAUSE}][{CLOSE}]*([^{FINAL}{CLAUSE}]*)$")
# a closing quote or bracket before any opening one: the quotation began in the paragraph before
_UNOPENED = re.compile(r"^[^“”（）()]{1,20}?([”）)])")
# a short topic sentence opening a paragraph: 突出专业训练。…
_TOPIC_SENTENCE = re.compile(rf"^[^{FINAL}{CLAUSE}：:]{{2,12}}[。：:]")


@lru_cache(maxsize=1)
def _segmenter():
    from pipeline.jieba_engine import new_tokenizer

    return new_tokenizer()


def word_across(prev: str, nxt: str) -> str | None:
    """A dictionary word that spans the cut (``发|展`` -> 发展), or None (jieba's dictionary, HMM off).

    >>> word_across("生活必需", "品市场"), word_across("我县召开会议", "部署春耕")
    ('生活必需品', None)
    """
    left, right = prev[-6:], nxt[:6]
    pos = 0
    for tok in _segmenter().cut(left + right, False):
        if pos < len(left) < pos + len(tok):
            return tok
        pos += len(tok)
    return None


@lru_cache(maxsize=4096)
def word_tags(text: str) -> tuple[tuple[str, str], ...]:
    """The words of a short text and their part-of-speech tags (jieba's dictionary and tag set, HMM off).

    >>> word_tags("地区的")
    (('地区', 'n'), ('的', 'uj'))
    """
    return tuple(_segmenter().tag(text, False))


def should_join(prev: str, nxt: str) -> tuple[bool, str]:
    """Is ``nxt`` the rest of a paragraph that a page break cut after ``prev``? ``(join, reason)``.

    A cut paragraph ends without sentence-final punctuation and is not headline-shaped;
    the next one does not open like a paragraph, and something shows the sentence goes on:
    a word spans the cut, the previous line ends in a comma, or the next one starts with
    a fragment of one to three characters (``手、``).

    >>> should_join("…的一组亮", "在新发展阶段,面对新形势,广元市坚持改革。")
    (False, 'no evidence the sentence continues')
    """
    if not prev or not nxt:
        return False, "empty"
    if ends_sentence(prev):
        return False, "previous paragraph ends a sentence"
    if prev[-1] in "：:":
        return False, "previous paragraph ends with a colon (a lead-in)"
    if is_headline(prev) and not (_INNER_CLAUSE.search(prev) and not _LIST_MARK.match(prev)
                                  and word_across(prev, nxt)):
        return False, "previous paragraph is a heading"
    if _OPENER.match(nxt):
        return False, "next paragraph opens like a paragraph"
    last = _LAST_CLAUSE.search(prev)
    if last and 1 <= len(last.group(1)) <= 2:
        return True, f"previous paragraph ends with a clause cut after '{last.group(1)}'"
    topic = _TOPIC_SENTENCE.match(nxt)
    if topic and topic.end() < len(nxt):
        return False, "next paragraph opens with a topic sentence"
    if prev[-1] in CLAUSE or prev[-1] in OPEN:
        return True, f"previous paragraph ends with '{prev[-1]}'"
    close = _UNOPENED.match(nxt)
    if close:
        return True, f"next paragraph closes a '{close.group(1)}' it never opened"
    word = word_across(prev, nxt)
    if word:
        return True, f"the word {word} spans the break"
    m = _FIRST_CLAUSE.match(nxt)
    if m and m.group(2) in CLAUSE and (1 <= len(m.group(1)) <= 3 or (len(m.group(1)) == 4 and m.group(2) == "、")):
        return True, f"next paragraph starts with the fragment {m.group(1)}{m.group(2)}"
    return False, "no evidence the sentence continues"
