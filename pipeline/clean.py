"""The cleaner: tiny named rules, composed once.

Three kinds of rules, each a ``(name, function)`` pair listed in one tuple:

- :data:`TEXT_RULES` — ``str -> str`` over the whole text (newlines, invisible
  characters, width, spaces).
- :data:`LINE_RULES` — a line that is nothing but page or web chrome is dropped; the rule
  returns the reason (and, for metadata lines, the fields it read).
- :data:`SPAN_RULES` — a piece of a line that is chrome (``图片由…提供``, a news-agency lead
  ``本报讯``) is cut out and the rest of the line kept.

Page-break repair (:func:`should_join`) decides whether two paragraphs are one paragraph
cut by the page layout. Every regex is compiled once, here.

>>> normalize("ＧＤＰ增长１２．５％，“三抓三促”")
'GDP增长12.5%，“三抓三促”'
>>> drop_line("● 第二一九二期 ●").rule
'issue_marker'
>>> should_join("以服务业支撑制造业，发", "展工业设计、节能环保。")[0]
True
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

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
# full-width full stop between digits is a decimal point: １２．５ -> 12.5
_WIDE_DECIMAL = re.compile(r"(?<=\d)．(?=\d)")
# horizontal white space other than the ASCII space (NBSP, ideographic space, tabs, thin spaces)
_SPACES = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
# runs of ASCII spaces
_MULTI_SPACE = re.compile(r" {2,}")
# white space at the start or end of a line
_EDGE_SPACE = re.compile(r"^ +| +$", re.M)


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
    text = text.translate(_WIDE_TABLE)
    return _WIDE_DECIMAL.sub(".", text) if "．" in text else text


def normalize_spaces(text: str) -> str:
    """Tabs, NBSP and ideographic spaces to one ASCII space; no spaces at line edges."""
    text = _SPACES.sub(" ", text)
    text = _MULTI_SPACE.sub(" ", text)
    return _EDGE_SPACE.sub("", text)


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
_NAME_SPLIT = re.compile(r"[ 、，,]+")


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
    parts = [p for p in _NAME_SPLIT.split(s) if p]
    if strict and not all(is_name(p) for p in parts):
        return None
    return parts


# --- line rules: a whole line of chrome ------------------------------------------------------

@dataclass(frozen=True)
class Drop:
    """Why a line was dropped, and metadata it carried (publication, date, authors)."""

    rule: str
    meta: dict = field(default_factory=dict)


_WEEKDAY = r"(?:星期[一二三四五六日天]|周[一二三四五六日]|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\.?)"
_DATE = r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
# the label of a page's date field: 发布时间 / 发布日期 / 发表时间 / 发稿时间 / 更新时间 / 上传日期 / 时间 / 日期
_TIME_LABEL = r"(?:发布|发表|发稿|更新|上传|录入|刊发|首发|修改)?(?:时间|日期)"
# the label of a page's source field: 来源 / 信息来源 / 文章来源 / 稿件来源 / 稿源 / 出处
_SOURCE_LABEL = r"(?:信息|文章|本文|稿件|新闻|内容)?(?:来源|稿源|出处)"
# a newspaper or site name: 甘肃日报, 人民日报, 中国甘肃网, 新华网
_PAPER = r"(?:[" + CJK_UNIFIED + r"]{2,10}?(?:日报|晚报|时报|报)|[" + CJK_UNIFIED + r"]{2,6}网)"
# a menu word of a page or platform (share, print, font size, reactions)
_MENU = (r"(?:分享到?(?:手机)?|(?:我要)?打印(?:本页|此页|文章)?|收藏|关闭(?:本页|窗口)?|字号|字体|返回顶部|扫一扫|在?手机(?:上)?(?:扫一扫|扫描|打开|浏览|阅读)(?:二维码)?(?:当前页|本页|本文|此页)?|A[+＋\-－]|T|微信|微博|朋友圈|QQ空间|复制链接|放大|"
         r"缩小|默认|超大|[大中小]|下载|全屏|点赞|在看|写留言|留言|转发|纠错|在看\d*|上一版|下一版|上一篇|下一篇|版面导航|标题导航|往期回顾|"
         r"我要分享|[大中小]字号|PDF下载|PDF版|登录|注册|无障碍|长者模式|关怀版|繁體|繁体|简体|English|RSS|网站地图|\d{1,6})")
# where a page says the reader is: 当前位置 / 您的位置 / 您现在的位置是 / 您所在的位置
_WHERE = r"(?:(?:您|你)(?:现在|当前|目前)?(?:所在)?的?|当前|所在|现在)位置(?:是)?"
# the labels of a platform's credits line (文字丨张三 图片丨李四)
_CREDIT = r"文字|文案|文|图片|图|摄影|摄像|视频|设计|排版|美编|编辑|责编|校对|审核|监制|统筹|策划|制作|供稿"
# the role before a photographer's name: 本报记者 / 通讯员 / 摄影
_PHOTO_ROLE = r"[^\s，。]{0,12}?(?:记者|通讯员|摄影)"
_MENU_SEP = r"[\s:：|/【】\[\]()（）<>·、]*"
# a site or channel name closing a copied <title>: 新华网 / 央视网(cctv.com) / 新闻频道 / 人民网 / 四川在线
_SITE_NAME = r"[" + CJK_UNIFIED + r"A-Za-z]{1,20}(?:网|在线|频道|客户端|报|人民政府|门户网站)"
_SITE = _SITE_NAME + r"(?:\s*[（(][a-z0-9.\-]+\.(?:com|cn|net)[)）])?"
_LINE_PATTERNS: tuple[tuple[str, re.Pattern], ...] = (
    # the page's <title> copied as a line (never a date line: 2025年01月15日05:42 | 来源：人民网-人民日报):
    # headline, then site or channel (富民产业…-新华网 /
    # 我国…_新闻频道_央视网(cctv.com)), or the site first (人民日报 - 传承英烈精神…)
    ("page_title_copy", re.compile(rf"^(?!\d{{4}}\s*[-/.年]\s*\d{{1,2}})(?P<t>[^。！？]{{4,80}}?)\s*(?:[_|｜]|\s-\s|-)\s*(?:[^。！？_|｜\-]{{1,16}}[_|｜\-]\s*){{0,2}}{_SITE}\s*$"
                                   rf"|^{_SITE_NAME}\s+[-_|｜]\s+(?P<t2>[^。！？]{{4,80}})$", re.I)),
    # a site's name with its owner: 曲靖网 · 曲靖市融媒体中心 / 渭源宣传网 — 中共渭源县委宣传部主办 (the owner is the platform)
    ("site_identity", re.compile(r"^[" + CJK_UNIFIED + r"A-Za-z]{2,12}(?:网|在线|客户端|发布)\s*[·•—\-|｜丨]{1,2}\s*(?P<name>[" + CJK_UNIFIED + r"]{2,24}?"
                                 r"(?:中心|宣传部|报社|日报社|电视台|广播电视台|人民政府|委员会|办公室|集团))(?:主办|出品|承办)?$")),
    # a site's identity line: its name with its address or its name in Latin letters
    # (甘肃省人民政府 www.gansu.gov.cn / SCOL.COM.CN / GUANGYUAN MUNICIPAL PEOPLE'S GOVERNMENT / 平凉日报 PINGLIANG RIBAO)
    ("site_identity", re.compile(r"^(?P<name>[" + CJK_UNIFIED + r"]{2,24})?\s*(?:(?:https?://)?(?:www\.)?[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.(?:com|cn|net|org|gov)(?:\.cn)?/?"
                                 r"|[A-Z][A-Za-z'’.&\-]*(?:\s+[A-Za-z'’.&\-]+){0,8})\s*(?:[|｜]\s*[" + CJK_UNIFIED + r"A-Za-z ]{1,12}){0,4}$")),
    # a site's welcome line: 秦州区人民政府网站欢迎您！ 今天是：2018年1月9日 星期二 (its date is today's, not the page's)
    ("site_greeting", re.compile(r"^[^。]{0,24}(?:欢迎您|欢迎访问|欢迎光临)[^。]{0,80}$|^今天是\s*[:：]?[^。]{0,30}$")),
    # a paper's registration line: 国内统一连续出版物号：CN 62-0001 甘肃日报社出版 / 中共平凉市委机关报 … / 邮发代号 61-1
    ("registration", re.compile(r"^[^。！？]{0,40}(?:国内统一连续出版物号|出版物号|CN\s?\d{2}\s?-\s?\d{2,4}|邮发代号|ISSN|[" + CJK_UNIFIED + r"]{2,10}社出版|机关报)[^。！？]{0,80}$")),
    # an official document's red head and its number: 临洮县人民政府办公室文件 / 临政办发〔2023〕xx号
    ("document_header", re.compile(r"^(?P<org>[" + CJK_UNIFIED + r"]{2,30}?(?:政府|办公室|办公厅|委员会|委|局|厅|部|院|中心))\s*文件$"
                                   r"|^[" + CJK_UNIFIED + r"]{1,10}[〔\[［(（]\s*(?:19|20)\d{2}\s*[〕\]］)）]\s*[\dxX]{1,4}\s*号$")),
    # an official document's footer: （此件公开发布） / 抄送：… / 某某县人民政府办公室 2023年12月27日印发 /
    # a printed page number — 2 — (the 印发 date is the issuing date, read when the document has no signature)
    ("document_footer", re.compile(r"^[（(]此件[^）)]{1,12}[)）]$|^(?:抄送|抄报)\s*[:：][^。]{0,200}。?$"
                                   rf"|^(?P<org>[{CJK_UNIFIED}]{{2,40}})?\s*(?P<date>{_DATE})\s*印发$|^[-—－]\s*\d{{1,3}}\s*[-—－]$")),
    # a gazette's issue line: 白银市人民政府公报 2021年第2期（总第xx期） / 中华人民共和国国务院公报 2010·第 9 号
    # (an issue number, or a government's gazette by its name: a communiqué's title, …人口普查公报（第一号）, is no gazette)
    ("gazette_issue", re.compile(r"^(?P<pub>[" + CJK_UNIFIED + r"]{2,24}(?:公报|政报))\s*(?:\d{4}\s*(?:年|·)?\s*)?第\s*[\dxX]+\s*(?:期|号)\s*(?:[（(][^）)]{0,16}[)）])?$"
                                 r"|^(?P<pub2>[" + CJK_UNIFIED + r"]{2,20}(?:政府公报|政报|国务院公报|委员会公报|办公厅公报))\s*(?:\d{4}\s*(?:年|·)?\s*)?(?:[（(][^）)]{0,16}[)）])?$")),
    # a bar of menu items or sections: 每日甘肃网 | 兰州频道 | 要闻 / 人民网首页 | 人民日报 | 时政 | … (three or more short items).
    # Here and in the breadcrumbs each repeated item is an atomic group (?>…): an item may end in spaces that the next
    # separator's \s* could also take, and without it a long line that fails to match is retried 2^items ways.
    ("menu_bar", re.compile(r"^[^。，|｜]{1,12}(?>\s*[|｜]\s*[^。，|｜]{1,12}){2,}$")),
    # an e-paper's breadcrumb: 甘肃日报数字报 > 2023年12月25日 > 第02版：要闻
    ("masthead", re.compile(rf"^(?P<pub>{_PAPER})(?:数字报|电子版|数字版|电子报)?\s*[>›»]\s*(?P<date>{_DATE})\s*(?:[>›»]\s*[^>›»。]{{1,20}})?$")),
    # an e-paper's name with its edition words: 甘肃日报 数字报 电子版
    ("platform_header", re.compile(rf"^(?P<pub>{_PAPER})(?:\s*(?:数字报|电子版|数字版|电子报|手机版|客户端))+\s*(?P<rest>.{{0,40}})$")),
    # a newspaper masthead: 甘肃日报 2023年2月2日 星期四 第3版 [要闻] / 2023年1月16日 星期一 ｜ 甘肃日报 ｜ 2 ｜ 要闻
    ("masthead", re.compile(rf"^(?P<pub>{_PAPER})\s*[|｜]?\s*(?P<date>{_DATE})\s*[|｜]?\s*{_WEEKDAY}?\s*[|｜]?\s*(?:第?\s*[A-Z]?[\d{CN_TEN}]+\s*版)?(?:\s*[|｜:：]?\s*[{CJK_UNIFIED}]{{2,6}})?$")),
    ("masthead", re.compile(rf"^(?P<date>{_DATE})\s*[|｜]?\s*{_WEEKDAY}?\s*[|｜]\s*(?P<pub>{_PAPER})\s*[|｜]\s*(?:第?\s*[\d{CN_TEN}]+\s*版?)?(?:\s*[|｜]?\s*[{CJK_UNIFIED}]{{2,6}})?$")),
    # an e-paper's page line, the page first: 第02版：要闻　2023年12月25日 星期一 (the paper is named elsewhere)
    ("masthead", re.compile(rf"^第?\s*[A-Z]?[\d{CN_TEN}]+\s*版\s*[:：]?\s*[{CJK_UNIFIED}]{{0,8}}\s+(?P<date>{_DATE})\s*{_WEEKDAY}?$")),
    # a masthead line of paper, date, weekday and page in another order, parted by spaces or bars:
    # 2024年03月06日 星期三 某某日报 第4版 / 某某日报 第04版 2024年03月06日 (the paper and the date both present)
    ("masthead", re.compile(rf"^(?=.*?(?P<pub>(?<![{CJK_UNIFIED}])[{CJK_UNIFIED}]{{2,10}}?(?:日报|晚报|时报|报)(?![{CJK_UNIFIED}])))(?=.*?(?P<date>{_DATE}))"
                            rf"(?:(?:{_PAPER}|{_DATE}|{_WEEKDAY}|第?\s*[A-Z]?[\d{CN_TEN}]+\s*版(?:\s*[:：]?\s*[{CJK_UNIFIED}]{{2,6}})?)\s*[|｜]?\s*){{3,5}}$")),
    # a newspaper's page footer: 《 人民日报 》（ 2024年03月06日 04 版）
    # (or without its brackets: 《某某日报》 2024年03月06日 第4版)
    ("masthead", re.compile(rf"^《\s*(?P<pub>[^》]{{2,12}}?)\s*》\s*[（(]?\s*(?P<date>{_DATE})\s*第?\s*[A-Z]?[\d{CN_TEN}]*\s*版\s*[)）]?$")),
    # an e-paper's issue fields: 日期：2024-03-06　版次：04　版名：农村 (a page number or name labelled beside the date)
    ("masthead", re.compile(rf"^(?=[^。！？]*(?:版次|版号|版名|版面)\s*[:：])(?:[^。！？\d]{{0,12}}?[:：]?\s*[^。！？\d]{{0,16}}?)?(?:(?:出版)?日期|时间)\s*[:：]\s*(?P<date>{_DATE})[^。！？]{{0,40}}$")),
    # a column (section) header of a page: 要闻 / 甘肃要闻 / 专栏名称：…
    ("column_header", re.compile(r"^(?:要闻|综合|评论|理论|时政|经济|社会|文化|国内|国际|地方|本地|民生|财经|视点|深度|专题|图片新闻|[" + CJK_UNIFIED + r"]{2,4}要闻|[" + CJK_UNIFIED + r"]{0,6}频道)$|^专栏名称\s*[:：]")),
    # a column, channel or topic label: 栏目：要闻动态 / 所属栏目：… / 专题：2024全国两会 / 频道：时政
    ("column_header", re.compile(r"^[【\[]?(?:所属)?(?:栏目|专栏|专题|频道|分类)(?:名称)?\s*[:：丨|｜]\s*[^。，！？]{1,24}[】\]]?$")),
    # a WeChat/platform marker: 正文 / - END - / 原创 兰州发布 / 发表于甘肃 / 阅读 3521 / 点击上方蓝字关注
    ("platform_marker", re.compile(r"^(?:[【\[]?正文[】\]]?[:：]?|收录于(?:合集|话题)\s*#?.{1,30}|长按(?:识别)?(?:二维码)?.{0,10}关注.{0,10}|[-—]*\s*(?:END|The End)\s*[-—]*|[-—]+\s*完\s*[-—]+|原创(?:\s*[" + CJK_UNIFIED + r"A-Za-z]{2,12}){0,2}|原创|发表于\s*[" + CJK_UNIFIED + r"]{2,8}|"
                                   r"喜欢此内容的人还喜欢|阅读原文|往期推荐|推荐阅读|精彩推荐|点击(?:上方|下方|蓝字).{0,30}|↑.{0,30}关注.{0,10})$", re.I)),
    # an account's name then its 原创 mark: 陇南发布 原创
    ("platform_marker", re.compile(r"^(?P<account>[" + CJK_UNIFIED + r"A-Za-z]{2,12})\s+原创$")),
    # an account's follow / like / share blurb: 关注「兰州发布」，了解更多资讯 / 星标我们 不错过每一条推送 /
    # 喜欢就点个在看吧 / 扫码关注我们 / ▼ 点击下方名片关注我们 ▼ (short, about the account, not the news)
    ("platform_marker", re.compile(r"^[▼▲↓↑👇👆\s]*(?:[^。]{0,8}关注[「“\"《]?[^。」”\"》]{0,14}[」”\"》]?[，,、\s]*(?:了解|获取|获得|查看|第一时间|不错过)[^。]{0,14}|"
                                   r"(?:设为|加个?)?星标[^。]{0,20}|[^。]{0,8}点(?:个|一下|亮)?[“\"]?(?:在看|赞)[”\"]?[^。]{0,14}|"
                                   r"(?:扫码|扫描(?:下方|上方)?二维码)[^。]{0,12}|欢迎关注[^。]{0,14}|[^。]{0,6}(?:点击|长按)(?:下方|上方)?名片[^。]{0,12})[▼▲↓↑👇👆\s]*$")),
    # view counts: 阅读 3521 / 浏览次数：1234 / 点击数：867
    ("view_count", re.compile(r"^(?:阅读|浏览(?:次数|量)?|点击(?:数|量)?|访问量)\s*[:：]?\s*\d[\d,万+]*$")),
    # copyright and registration footers: 新华网版权所有 / 陇ICP备xxxx号 / 网站标识码：…
    ("copyright", re.compile(r"^.{0,30}(?:版权所有|ICP备|ICP证|网站标识码|公网安备|Copyright|©).{0,80}$", re.I)),
    # a site's owner and operators in its footer: 主办：会宁县人民政府办公室　承办：会宁县融媒体中心
    ("site_owner", re.compile(r"^(?:网站)?(?:主办|承办|主管|协办|运营|运维|技术支持)(?:单位)?\s*[:：]\s*[^。！？]{2,120}$")),
    # a producer line of an account: 广元市人民政府新闻办公室 出品
    ("producer", re.compile(r"^(?P<org>[" + CJK_UNIFIED + r"]{2,30})\s*(?:出品|制作|主办)$")),
    # a platform's publish line: 天水发布 · 2022-12-12 / 2023年01月05日 18:30 四川 / 2023-02-01 21:03:05 来源：新华网
    # (a view count may close it: 曲靖市融媒体中心 ｜ 2022年12月27日 09:05 ｜ 阅读 3.2万)
    ("publish_line", re.compile(rf"^(?:(?P<account>[{CJK_UNIFIED}A-Za-z]{{2,12}})\s*[·•|｜丨]?\s*)?(?P<date>{_DATE})\s*(?:\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?\s*(?:发表于\s*[{CJK_UNIFIED}]{{2,8}}|(?!在)[{CJK_UNIFIED}]{{2,3}})?\s*(?:[|｜丨]?\s*(?:信息|文章|本文)?(?:来源|稿源)\s*[:：]\s*(?P<src>[^。|｜丨\s]{{2,30}})(?:\s*[|｜丨]?\s*[^。]{{0,60}})?)?"
                                rf"(?:\s*[|｜丨]?\s*(?:阅读|浏览|点击|播放)(?:量|数|次数)?\s*[:：]?\s*[\d.,]+\s*[万+]*)?$")),
    # a WeChat article's head line: 原创 平凉发布 平凉发布 2022-12-14 20:15 发表于甘肃 (account, then its author name)
    ("publish_line", re.compile(rf"^(?:原创\s+)?(?P<account>[{CJK_UNIFIED}A-Za-z]{{2,12}})(?:\s+(?P<account2>[{CJK_UNIFIED}A-Za-z]{{2,12}}))?\s+(?P<date>{_DATE})\s*(?:\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?\s*(?:(?:发表于\s*)?[{CJK_UNIFIED}]{{2,8}})?$")),
    # issue / page markers: ● 第二一九二期 ●, 总第123期, 第5版
    ("issue_marker", re.compile(r"^[●◆■□★☆◎○•·\-—=\s]*(?:总)?第[〇零" + CN_TEN + r"百千\d]+(?:期|版)[●◆■□★☆◎○•·\-—=\s]*$")),
    # contact footers: 投稿邮箱 / 电子邮件 / E-mail / 电话 / 传真 followed by an address or number
    ("contact", re.compile(r"^[^。！？]{0,20}?(?:投稿|联系|来稿)?(?:邮箱|信箱|e-?mail|电子邮件|电话|热线|传真|联系方式)\s*[:：]\s*[\w.@\-() ,，/、（）]{5,}$", re.I)),
    # a bare e-mail address or telephone number on its own line
    ("contact", re.compile(r"^[\w.\-]+@[\w\-]+(?:\.[\w\-]+)+$|^(?:\d{3,4}-)?\d{7,8}$")),
    # the web page's copy of the original headline: 原标题:…
    ("original_title", re.compile(r"^原(?:标)?题\s*[:：]")),
    # share / print / font-size / close menus: lines made only of menu words and separators
    ("share_menu", re.compile(rf"^{_MENU_SEP}{_MENU}(?:{_MENU_SEP}{_MENU})*{_MENU_SEP}$", re.I)),
    # breadcrumbs and navigation bars: 首页 | 新闻 / 当前位置：首页 > 要闻
    ("breadcrumb", re.compile(rf"^(?:(?:{_WHERE}|位置)\s*[:：]\s*)?(?:首页|主页|网站首页)\s*(?>[|>›»▸►/｜\-—]+\s*[^|>›»▸►/｜。，\-—]{{1,12}}\s*)*$|^{_WHERE}\s*[:：]")),
    # a site's menu bar: 首页 政务公开 政务服务 互动交流 (首页 and two or more short items)
    ("breadcrumb", re.compile(r"^(?:[" + CJK_UNIFIED + r"A-Za-z]{2,12}\s*[|｜丨]\s*)?(?:首页|网站首页)(?:\s+[" + CJK_UNIFIED + r"]{2,8}){2,}$")),
    # a breadcrumb with >>: 人民网 >> 时政 / 网站首页 >> 秦州新闻
    ("breadcrumb", re.compile(r"^[^>›»▸►。，]{1,12}(?>\s*(?:>>|»)\s*[^>›»▸►。，]{1,12})+$")),
    # a channel and its column: 视频 > 两会时间 (two short names around one >, a headline never has one)
    ("breadcrumb", re.compile(r"^[^>›»▸►。，！？\s]{1,8}\s*[>›»▸►]\s*[^>›»▸►。，！？\s]{1,12}$")),
    # a breadcrumb without 首页: 新华网 > 地方 > 甘肃频道 > 正文 (two or more > between short names)
    ("breadcrumb", re.compile(r"^[^>›»▸►。，]{1,12}(?>\s*[>›»▸►]\s*[^>›»▸►。，]{1,12}){2,}$")),
    # editor credits: 责任编辑：张三 / 编辑：… / 校对：…
    ("editor_credit", re.compile(r"^(?:【纠错】\s*)?[（(\[【]?(?:本版|本期|本文)?(?:责任编辑|责编|编辑|校对|审核|终审|审校|监制|编审|美编|主编|值班编辑|初审|复审)\s*[:：|｜丨]\s*[^。，]{1,60}[)）\]】]?$")),
    # a platform's credits line: 文字丨张三 图片丨李四 / 文案：… 设计：… (labels and names only)
    ("editor_credit", re.compile(rf"^(?:(?:{_CREDIT})\s*[丨|｜:：]\s*[^\s丨|｜:：。，]{{2,12}}(?:[ 、][^\s丨|｜:：。，]{{2,4}})*\s*){{1,6}}$")),
    # image placeholders left by a copy-paste: 图片 / [图片] / 图 / image
    ("image_placeholder", re.compile(r"^[\[【(（]?(?:图片|图|照片|image|img|photo|视频)[\]】)）]?$", re.I)),
    # photo captions printed with a marker: ▲…  △…  ↑…
    ("caption", re.compile(r"^[▲△▼↑]")),
    # photo credits: 新华社记者 杨文斌 摄 / 张三 摄 / （李四 摄）/ 图/王五
    ("photo_credit", re.compile(rf"^[（(]?(?:[^\s，。]{{0,12}}?(?:记者|通讯员|摄影|特约))?\s*(?P<names>{NAME}(?:[ 、]+{NAME})*)\s*/?\s*摄(?:影)?[)）]?$|^[（(]?(?:图|文\s*/\s*图|图\s*/\s*文|文图|图文)\s*(?:[/／:：丨|]\s*(?:{_PHOTO_ROLE})?|\s*{_PHOTO_ROLE}|\s+)\s*(?P<names2>{NAME}(?:[ 、]+{NAME})*)[)）]?$")),
    # a photo caption that ends with its credit: 图为…。 新华社记者 赵 刚 摄 / （资料图）…。 兰州日报记者 王 五 摄
    ("photo_caption", re.compile(r"^(?=.*摄[)）]?$).{2,120}[。！\s]\s*[^\s，。]{0,12}?(?:记者|通讯员|摄影)?\s*[" + CJK_UNIFIED + r"](?:\s?[" + CJK_UNIFIED + r"]){1,3}\s*摄[)）]?$")),
    # a caption opened by its credit: （本报记者 孙 七 摄）麦积区…的果园。
    ("photo_caption", re.compile(r"^[（(][^\s，。（）()]{0,12}?(?:记者|通讯员|摄影)?\s*[" + CJK_UNIFIED + r"](?:\s?[" + CJK_UNIFIED + r"]){1,3}\s*摄[)）].{2,120}$")),
    # a note on where the text comes from: 本文内容源自…报告。 / 本文转载自…
    ("source_note", re.compile(r"^(?:本文|文章|内容|本文内容)(?:源自|来源于|来自|转载自|转自|摘自|选自|整理自)[^。]{2,40}。?$")),
    # an image note: （图：兰州新区产业园区一角 资料图） / 甘谷县融媒体中心供图
    ("image_credit", re.compile(r"^[（(]图\s*[:：/].{1,40}[)）]$|^[（(]?[" + CJK_UNIFIED + r"][" + CJK_UNIFIED + r" ]{1,24}供图[)）]?$|"
                                r"^[（(]?(?:摄影|摄像|图片来源|图片提供|图片|配图)\s*[:：/／丨|｜]\s*[^。，]{1,30}[)）]?$")),
    # a reporter line in brackets: （记者 张三 通讯员 李四）
    ("reporter_credit", re.compile(rf"^[（(]\s*(?P<names>(?:本报|本台|本网)?(?:记者|通讯员|实习生|特约记者)\s*{NAME}(?:[ 、]+{NAME})*(?:\s+(?:记者|通讯员|实习生)\s*{NAME}(?:[ 、]+{NAME})*)*)\s*[)）]$")),
    # related-link lists: - 2022-08-29兰州新区… / · 2022年8月29日 …
    ("related_link", re.compile(rf"^[-*•·+]\s*{_DATE}\s*\S|^[•·]\s*.{{2,60}}\s{_DATE}$")),
    # the previous / next article of a page: 上一篇：标题 2024-01-09 / 下一条：…
    ("related_link", re.compile(r"^[【\[]?(?:上一篇|下一篇|上一条|下一条|上篇|下篇|前一篇|后一篇)[】\]]?\s*[:：]")),
    # headings of related-link lists
    ("related_link", re.compile(r"^[【\[]?(?:相关(?:阅读|新闻|链接|报道|文章)|延伸阅读|推荐阅读|热点推荐)[】\]]?[:：]?$")),
    # web datelines: 2025年06月16日 Monday / 2025-01-03 15:25 / 更新时间戳: …
    # (also in square or lenticular brackets: [2024-03-05] / 【2024-03-05】; a date in round brackets
    # under a report's heading is its delivery date, read by metadata)
    # (a lunar date may follow the weekday: 2024年3月5日 星期二 农历正月廿五)
    ("web_dateline", re.compile(rf"^[\[【［]?\s*{_DATE}\s*(?:\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?\s*{_WEEKDAY}?(?:\s*(?:农历|阴历)[{CJK_UNIFIED}]{{2,10}})?\s*[\]】］]?$", re.I)),
    ("web_dateline", re.compile(r"^[（(【\[]?(?:更新|发布|修改|发表|发稿|上传|录入|刊发|首发)(?:时间|日期)(?:戳)?\s*[:：][^。]*[)）】\]]?$")),
    # metadata lines of a web page: 来源:…|作者:…|发布时间:…| and 来源 | 《国企》杂志…
    ("source_meta", re.compile(r"^[【\[]?(?:" + _SOURCE_LABEL + r"|作者|" + _TIME_LABEL + r"|发布|浏览次数|点击数?"
                               r"|索\s*引\s*号|主题分类|名\s*称|文\s*号|发文机关|成文日期|主\s*题\s*词|发布机构|Release Date|Source|Views|Author)\s*[:：|｜丨]\s*[^。]{0,120}$", re.I)),
    # a column tag standing alone (menus in brackets were taken above): 【市政府工作报告】
    ("column_header", re.compile(r"^【[^】]{2,12}】$")),
    # a markdown footnote definition (an editor's note): [^1]: （根据中共中央文件刊印）
    ("footnote", re.compile(r"^\[\^[^\]]{1,10}\]:")),
    # horizontal rules and leftover markdown separators
    ("rule_line", re.compile(r"^[-*_=~]{3,}$")),
    # a markdown link standing alone: [查看原文](https://…)
    ("view_original", re.compile(r"^\[[^\]]{0,40}\]\(\S+\)$")),
)
# the site or account name alone on one of a file's first lines: 中国甘肃网 / 兰州市人民政府 / 广元发布
_PLATFORM_HEADER = re.compile(r"^(?:[" + CJK_UNIFIED + r"]{2,8}网(?:\s*[-—·|｜]?\s*[" + CJK_UNIFIED + r"]{2,6}频道)?|[" + CJK_UNIFIED + r"]{2,12}人民政府(?:网站?|门户网站)?|[" + CJK_UNIFIED + r"]{2,6}发布)$")
HEADER_LINES = 4  # how many kept lines at the top of a file may be a site or account name


def header_line(line: str) -> Drop | None:
    """A site or account name standing alone (only asked of a file's first lines).

    >>> header_line("中国甘肃网").rule, header_line("织密民生保障网的重要举措")
    ('platform_header', None)
    """
    s = line.strip()
    return Drop("platform_header", {"platform": s}) if _PLATFORM_HEADER.match(s) else None


# --- a masthead printed over several lines (checked over a file's first lines) ---------------
# the paper's name alone: 甘肃日报 / 兰州晚报
_PAPER_NAME = re.compile(r"^[" + CJK_UNIFIED + r"]{2,8}?(?:日报|晚报|时报|都市报|商报|报)$")
# a date in Chinese numerals: 二〇二一年二月四日 (zero look-alikes 〇○ΟO0零)
_CN_DATE = re.compile(r"^(?P<y>[〇零○ΟO0一二三四五六七八九]{4})年(?P<m>[" + CN_TEN + r"]{1,2})月(?P<d>[" + CN_TEN + r"]{1,3})日")
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ο": 0, "O": 0, "0": 0}
# the issue's date line: the date first, then weekday, page, section, editors (no sentence)
_ISSUE_LINE = re.compile(rf"^(?:{_DATE}|[〇零○ΟO0一二三四五六七八九]{{4}}年[{CN_TEN}]{{1,2}}月[{CN_TEN}]{{1,3}}日)[^。！？]{{0,60}}$")
# the other parts: weekday, the name in Latin letters, a page (第1版 / A2 / 第03版：乡村振兴)
_MASTHEAD_PART = re.compile(rf"^{_WEEKDAY}$|^[A-Z][A-Z .'&-]{{2,40}}$|"
                            r"^(?:第\s*[\dA-Z" + CN_TEN + r"]+\s*版|[A-Z]?\d{1,2}版?)(?:\s*[:：|]?\s*[" + CJK_UNIFIED + r"]{2,8})?"
                            # the page's editors after it: A05 | 省两会特刊　责编：王 五　美编：赵 六
                            r"(?:\s+(?:责编|美编|编辑|校对|版式|主编)\s*[:：]\s*[" + CJK_UNIFIED + r"](?:\s?[" + CJK_UNIFIED + r"]){1,3})*$")
# chrome rules whose lines may stand inside a masthead block
_IN_MASTHEAD = frozenset({"column_header", "editor_credit", "issue_marker", "publish_line", "web_dateline", "masthead",
                          "share_menu", "registration", "site_identity", "platform_header", "menu_bar"})
MASTHEAD_LINES = 8  # how many of a file's first lines a masthead block may span


def _cn_iso(s: str) -> str | None:
    m = _CN_DATE.match(s)
    if not m:
        return None

    def num(t: str) -> int:
        if "十" in t:
            a, _, b = t.partition("十")
            return (_CN_DIGITS.get(a, 1) if a else 1) * 10 + (_CN_DIGITS.get(b, 0) if b else 0)
        return int("".join(str(_CN_DIGITS[c]) for c in t))

    y, mo, d = num(m["y"]), num(m["m"]), num(m["d"])
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1900 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d <= 31 else None


def masthead_block(lines: list[tuple[str, int, Drop | None]]) -> list[Drop] | None:
    """A masthead printed over several lines at the top of a file (paper name, Latin name,
    date, weekday, page, section, editors; in any order): one :class:`Drop` per line of the
    block, the paper's line carrying its publication and issue date; None when the top of
    the file is not one. ``lines`` are the first lines as ``(text, blank lines before, drop)``.

    >>> [d.rule for d in masthead_block([("甘肃日报", 0, None), ("2023年12月20日", 0, None), ("星期三", 0, None), ("标题", 1, None)])]
    ['masthead', 'masthead', 'masthead']
    """
    paper = date = None
    n = 0
    for text, gap, drop in lines[:MASTHEAD_LINES]:
        if n and gap and paper and date:
            break  # the block ends at the first blank line after the name and the date
        s = text.strip()
        named = drop.meta.get("platform") or drop.meta.get("publication") if drop is not None else None
        if paper is None and named and _PAPER_NAME.match(named):  # 平凉日报 PINGLIANG RIBAO / 甘肃日报数字报 (the name without its edition words)
            paper = (n, named)
        elif paper is None and _PAPER_NAME.match(s):
            paper = (n, s)
        elif date is None and _ISSUE_LINE.match(s) and (iso_date(s[:16]) or _cn_iso(s)):
            date = iso_date(s[:16]) or _cn_iso(s)
        elif date is None and drop is not None and drop.rule == "masthead" and drop.meta.get("issue_date"):
            date = drop.meta["issue_date"]  # an issue line of another shape (第04版 … 日期, 日期：… 版次：…)
        elif not (_MASTHEAD_PART.match(s) or (drop is not None and drop.rule in _IN_MASTHEAD)):
            break
        n += 1
    if paper is None or date is None:
        return None
    block = " / ".join(t.strip() for t, _, _ in lines[:n])
    return [Drop("masthead", {"publication": paper[1], "issue_date": date, "block": block}) if i == paper[0]
            else Drop("masthead") for i in range(n)]


# chrome that only a web or platform page carries: such a file holds one article
PAGE_RULES = frozenset({"breadcrumb", "share_menu", "view_count", "copyright", "site_owner", "platform_marker", "page_title_copy",
                        "site_identity", "site_greeting", "menu_bar", "registration", "gazette_issue",
                        "platform_header", "publish_line", "source_meta", "original_title"})
# the heading of a list of other articles: its title lines below are related links
LIST_HEADING = re.compile(r"^[【\[]?(?:相关(?:阅读|新闻|链接|报道|文章)|延伸阅读|推荐阅读|热点推荐|往期推荐|精彩推荐|往期回顾|喜欢此内容的人还喜欢)[】\]]?[:：]?$")
# an account or site name: a short name without punctuation
_ACCOUNT = re.compile(r"^[" + CJK_UNIFIED + r"A-Za-z]{2,12}$")


def account_line(line: str, below: Drop | None) -> Drop | None:
    """An account or site name standing right above a bare publish line (asked of a file's first lines).

    >>> account_line("兰州发改", Drop("publish_line", {"publish_date": "2022-01-07"})).meta
    {'account': '兰州发改'}
    """
    s = line.strip()
    # a name shaped like an account's (account_like): a longer line above a date line is the
    # headline (高原夏菜喜获丰收 / 发布时间：…)
    if below is not None and below.rule in ("publish_line", "web_dateline") and not below.meta.get("account") \
            and _ACCOUNT.match(s) and account_like(s):
        return Drop("platform_header", {"account": s})
    return None


# --- the signature at the end of a document (checked over a file's last lines) ---------------
# the signing body alone on its line: 某某县人民政府办公室 / 国家统计局 / 中共某某县委 / 某某市应急管理局
_SIGNATORY = re.compile(r"^[" + CJK_UNIFIED + r"（）()、]{2,40}?(?:政府|办公室|办公厅|委员会|常委会|委|局|厅|署|部|院|中心|指挥部|领导小组"
                        r"|工作组|协会|联合会|公司|集团|银行|学校|大学|医院|代表团)$")
# the date alone, in digits or Chinese numerals, or after the signing body on the same line
_SIGN_DATE = re.compile(rf"^(?:(?P<org>[{CJK_UNIFIED}（）()、]{{2,40}}?)\s+)?(?P<date>{_DATE}|[〇零○ΟO0一二三四五六七八九]{{4}}年[{CN_TEN}]{{1,2}}月[{CN_TEN}]{{1,3}}日)$")
# what may stand after a signature: a publication note, the copy-to and issued-by footer, a page number, an attachment line
_AFTER_SIGNATURE = re.compile(r"^[（(]此件[^）)]{1,12}[)）]$|^(?:抄送|抄报|主送|附件)\s*[:：]|印发$|^[-—－\s]*\d{1,3}[-—－\s]*$")
SIGNATURE_LINES = 10  # how many of a document's last lines the search for its signature spans


def signature(lines: list[tuple[str, Drop | None]]) -> tuple[int, Drop] | None:
    """The signature date at the end of a document — the signing body's name, then the date alone
    (digits or Chinese numerals), or both on one line — found over the last lines (chrome, a
    publication note, the 抄送/印发 footer and page numbers may follow): ``(index of the date line,
    Drop("signature_date", {"date", "signatory"}))``, or None.

    >>> signature([("现就有关事项通知如下。", None), ("某某县人民政府办公室", None), ("二〇二四年十二月三十日", None)])[1].meta
    {'date': '2024-12-30', 'signatory': '某某县人民政府办公室'}
    """
    n = len(lines)
    for i in range(n - 1, max(n - SIGNATURE_LINES, 0) - 1, -1):
        text, drop = lines[i]
        s = text.strip()
        m = _SIGN_DATE.match(s)
        if m and (drop is None or drop.rule in ("publish_line", "web_dateline")):
            org = (m["org"] or "").strip()
            if not org and i > 0 and lines[i - 1][1] is None and _SIGNATORY.match(lines[i - 1][0].strip()):
                org = lines[i - 1][0].strip()
            date = iso_date(m["date"]) or _cn_iso(m["date"])
            if org and _SIGNATORY.match(org) and date:
                return i, Drop("signature_date", {"date": date, "signatory": org})
            return None
        if drop is None and not _AFTER_SIGNATURE.search(s):
            return None
    return None


# the label of a page's own publish date (before 时间/日期 alone, 更新时间, 成文日期, 印发日期)
PUBLISH_LABEL = re.compile(r"(?:发布|发表|发稿|刊发|首发)(?:时间|日期)|发布时间|Release Date|发布日期", re.I)
# the label of a date that is not the page's publication: 成文日期 (the document was written), 更新时间, 修改时间, 印发日期
SECONDARY_DATE_LABEL = re.compile(r"(?:成文|印发|更新|修改)(?:时间|日期)")
# fields of a metadata line: label, separator, value up to the next |
_META_FIELD = re.compile(r"(?:信息|文章|本文|稿件|新闻|内容)?(来源|稿源|出处|作者|(?:发布|发表|发稿|刊发|首发|更新|上传|录入|修改|成文|印发)?(?:时间|日期)|Source|Release Date)\s*[:：|｜丨]\s*((?:(?!(?:" + _SOURCE_LABEL + r"|作者|" + _TIME_LABEL + r"|浏览次数|点击数|Source|Release Date|Views)\s*[:：丨])[^|｜丨])*)", re.I)
# English labels of a portal's metadata line
_META_LABEL = {"source": "来源", "release date": "发布时间"}
# a publication named in 《》 (or a value ending in 日报/晚报/杂志/网)
_PUBLICATION = re.compile(rf"《[^》]{{1,20}}》|[{CJK}A-Za-z]{{2,12}}?(?:日报|晚报|时报|杂志|报|网|电视台|通讯社|新华社)")
# a complete or partial date: 2025-01-03, 2025年1月3日, 2025.01.03
_DATE_PARTS = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def iso_date(s: str) -> str | None:
    """The first complete date in ``s`` as ISO yyyy-mm-dd (None when there is none).

    >>> iso_date("发布时间:2025-01-03 15:25")
    '2025-01-03'
    """
    m = _DATE_PARTS.search(s)
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    if not (1900 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


# the next labelled field inside a value; the lookbehind starts a match only at the start of a run of spaces
# (without it a long run of spaces is tried from each of its positions: quadratic)
_NEXT_FIELD = re.compile(r"(?<!\s)\s+[" + CJK_UNIFIED + r"]{1,6}\s*[:：]")


def _meta(line: str) -> dict:
    out: dict = {}
    published = False
    for label, value in _META_FIELD.findall(line):
        label = _META_LABEL.get(label.lower(), label)
        # a value ends at the next field of any label (浏览：2040, 设计：陈 晨, 审核：…)
        value = _NEXT_FIELD.split(value.strip())[0].strip()
        if not value:
            continue
        if label in ("来源", "稿源", "出处"):
            # a note in brackets after the source is the source's own issue (定西日报（2025年1月15日 第01版）),
            # never the page's date
            value = re.sub(r"\s*[（(][^（）()]*[)）]", "", value).strip()
            # an unlabelled date after the source is the publish date (来源：市政府办公室 2022-12-21 17:40:12)
            d = _DATE_PARTS.search(value)
            if d and iso_date(value):
                out.setdefault("date", iso_date(value))
                value = value[:d.start()].strip()
            value = re.split(r"\s*[【\[]", value)[0].strip().rstrip("】] ")  # a menu after it: 【字号：大 中 小】; its own bracket closed
            if not value:
                continue
            m = _PUBLICATION.search(value)
            out.setdefault("publication", m.group() if m else value)
            out.setdefault("source", value)
        elif label == "作者":
            # a unit in brackets after the names: 作者：张三（会宁县融媒体中心）
            unit = re.search(r"[（(](?P<u>[" + CJK_UNIFIED + r"]{3,30})[)）]", value)
            if unit:
                out.setdefault("unit", unit["u"])
                value = value[:unit.start()].strip()
            names = names_in(value, strict=False)
            if names:
                out.setdefault("authors", names)
        else:
            date = iso_date(value)
            if date and PUBLISH_LABEL.match(label) and not published:
                out["date"], published = date, True  # publish_label: 发布日期 before 成文日期 / 更新时间 on one line
            elif date:
                out.setdefault("date", date)
    return out


# how an account's or body's name ends (a publish line "name date" with nothing after the date is an
# account's only when its name ends so; else the name is a headline printed with its date)
_ACCOUNT_END = re.compile(r"(?:发布|新闻|联播|融媒|中心|日报|晚报|报|网|在线|头条|之声|电视台|客户端|政府|办公室|宣传|视点|微博|资讯|中国|[省市县区州旗]委)$")
def account_like(name: str) -> bool:
    """A name shaped like an account's or a body's: at most six characters, at most eight ending like
    an account's (甘肃发布, 曲靖市融媒体中心), or a government's or office's name (…人民政府, …办公室);
    a longer line ending in 发布 or 网 is a headline (全省春耕生产最新数据发布).

    >>> account_like("兰州发改"), account_like("会宁发布"), account_like("全省春耕生产最新数据发布")
    (True, True, False)
    """
    return len(name) <= 6 or (len(name) <= 8 and bool(_ACCOUNT_END.search(name))) or name.endswith(("人民政府", "办公室"))


# a headline tagged with its media kind by 丨/｜: 视频丨… (a credit's value is a short name)
_KIND_TAGGED = re.compile(r"^(?:视频|图片|图|音频|图解)\s*[丨|｜]\s*(?!.*(?:中心|日报|电视台|记者))[^\s丨|｜]{6,}$")


# --- line classes read from a line's segments (checked before the patterns above) ------------
# a line's segments: split on bars, middle dots, brackets and spaces (a page number 第 4 版, a date
# 2024 年 1 月 10 日 and a clock time 19:20 kept whole)
_SEG_SPLIT = re.compile(r"\s*[|｜丨·•▸►\[\]【】〔〕［］]\s*|\s+")
_SEG_GLUE = re.compile(r"(?<=[\d第年月])\s+(?=[\d年月日版])|(?<=\d)\s+(?=[年月日版])")
_SEG_DATE = re.compile(rf"^{_DATE}$|^\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}$")
_SEG_WEEKDAY = re.compile(rf"^{_WEEKDAY}$")
# a page: 第4版 / 第04版：要闻 / A05 / 01 (a bare number stands beside a section name) / 共8版
_SEG_PAGE = re.compile(r"^(?:第[A-Z]?[\d" + CN_TEN + r"]+版(?:[:：][" + CJK_UNIFIED + r"]{0,8})?|[A-Z]\d{1,2}版?|\d{1,2}版?|共\d{1,3}版)$")
_SEG_LUNAR = re.compile(r"^(?:农历|夏历)\S{2,12}$")
# a paper's name, alone or with its edition words: 农民日报 / 四川日报全媒体 / 甘肃日报数字报
_SEG_PAPER = re.compile(r"^(?P<pub>[" + CJK_UNIFIED + r"]{2,10}?(?:日报|晚报|时报|都市报|商报|报))(?:全媒体|数字报|电子版|数字版|电子报)?$")
# a labelled field: 作者：新华社 / 编辑：谭 / 来源：… (its value may follow after a space)
_SEG_FIELD = re.compile(r"^(?:[" + CJK_UNIFIED + r"]{1,6})[:：]\S*$")
_SEG_SECTION = re.compile(r"^(?:[" + CJK_UNIFIED + r"]{1,6}|[A-Z][A-Z.'&-]{1,20}|数字报|PDF)$")


def _segments(s: str) -> list[str]:
    return [t for t in _SEG_SPLIT.split(_SEG_GLUE.sub("", s)) if t]


def masthead_line(s: str) -> Drop | None:
    """masthead_any: a newspaper's masthead line — the paper's name, the issue date and a page or
    weekday, in any order and with any separators (bars, middle dots, spaces), beside a section
    name, a lunar date, the paper's Latin name or labelled fields (作者：…).

    >>> masthead_line("农民日报 · 2022年11月25日 星期五 · 第 4 版 · 三农观察").meta
    {'publication': '农民日报', 'issue_date': '2022-11-25', 'line_class': 'masthead_any'}
    >>> masthead_line("四川日报 ｜ 2023-12-16 ｜ 01 要闻 ｜ 作者：新华社").meta["publication"]
    '四川日报'
    """
    if re.search(r"[。！？，；]", s) or len(s) > 90:
        return None
    toks = _segments(s)
    paper = date = None
    page = False
    after_field = False
    for t in toks:
        m = _SEG_PAPER.match(t)
        if m and paper is None:
            paper = m["pub"]
        elif _SEG_DATE.match(t) and date is None and iso_date(t):
            date = iso_date(t)
        elif _SEG_WEEKDAY.match(t) or _SEG_PAGE.match(t):
            page = True
        elif _SEG_FIELD.match(t):
            after_field = True
            continue
        elif _SEG_LUNAR.match(t) or _SEG_SECTION.match(t) or (after_field and len(t) <= 4):
            pass
        else:
            return None
        after_field = False
    if paper and date and page:
        return Drop("masthead", {"publication": paper, "issue_date": date, "line_class": "masthead_any"})
    if paper and page and len(toks) >= 3:  # an e-paper's page footer without its date: 四川日报全媒体 · 数字报 | 第01版 共8版
        return Drop("masthead", {"publication": paper, "line_class": "masthead_any"})
    return None


# menu_items: a line whose segments are all short items in brackets or parted by bars, slashes or
# dots, four or more of them ([ 首页 ] [ 株洲要闻 ] [ 两会专题 ] … / 首页 / 要闻 / 视频 / 专题)
_MENU_ITEMS_SPLIT = re.compile(r"\s*[|｜丨/／·•\[\]【】〔〕［］]\s*")


# a page control: a verb of downloading, playing, sharing, printing… and a short object (下载本版PDF / 语音播报 / 返回目录)
_CONTROL = re.compile(r"^(?:下载|打开|播放|收听|语音|朗读|分享|打印|收藏|返回|关闭|查看|进入|订阅)[^\s。，]{0,8}$|^[^\s。，]{1,6}(?:播报|朗读|下载|分享|打印)$")


_SHARE_MENU = next(p for n, p in _LINE_PATTERNS if n == "share_menu")  # a share or font-size menu stays share_menu


def menu_items(s: str) -> Drop | None:
    """menu_items: four or more short items (at most 8 characters each) in brackets or parted by
    bars, slashes or dots, or two or more page controls (下载本版PDF | 语音播报), and nothing else on the line.

    >>> menu_items("[ 首页 ]  [ 本地要闻 ]  [ 专题 ]  [ 视频 ]")
    Drop(rule='menu_bar', meta={'line_class': 'menu_items'})
    >>> menu_items("【图1】主要经济指标增幅保持在全省第一方阵") is None
    True
    """
    if re.search(r"[。！？，；：:<>]", s) or not _MENU_ITEMS_SPLIT.search(s) or _DATE_PARTS.search(s) or _SHARE_MENU.match(s) \
            or s.startswith(("|", "｜")) or re.search(r"(?:^|[|｜/\s])[\d.%+\-]+(?:$|[|｜/\s])", s):
        return None  # (a markdown table row | 原煤 | 亿吨 | 38.5 | and figures are data, never a menu;
        #                a date parted by slashes is a publish line: 甘肃发布 · 2022/12/12)
    items = [t.strip() for t in _MENU_ITEMS_SPLIT.split(s) if t.strip()]
    dots_only = not re.search(r"[|｜丨/／\[\]【】〔〕［］]", s)  # 稳就业·保民生·促发展·惠民生 may be a headline
    if (len(items) >= (5 if dots_only else 4) and all(len(t) <= 8 for t in items)) or (len(items) >= 2 and all(_CONTROL.match(t) for t in items)):
        return Drop("menu_bar", {"line_class": "menu_items"})
    return None


# an app, download or follow prompt: 打开APP 阅读体验更佳 / 下载客户端 看更多新闻 / 扫码关注我们 / 打开新华社客户端查看原文
# (the object a prompt names: an app, a client, a QR code, an account; 阅读体验 only with 更佳/更好)
_APP_PROMPT = re.compile(r"^[^。]{0,12}(?:打开|下载|安装|扫码|扫一扫|长按|识别|关注)[^。]{0,16}?(?:APP|App|app|客户端|二维码|公众号|小程序|视频号)"
                         r"[^。]{0,16}$|^[^。]{0,16}阅读体验(?:更佳|更好|更优)[^。]{0,8}$")
# an urgency or secrecy mark above an official document: 特急 / 加急 / 特提 / 明电 / 机密★1年 / 密级：秘密
_URGENCY = re.compile(r"^(?:(?:特急|加急|急件|特提|平急|急|明电|密电)(?:\s+(?:特急|加急|特提|平急|急|明电|密电))*"
                      r"|(?:密级\s*[:：]\s*)?(?:绝密|机密|秘密)(?:\s*★\s*[\d一二三四五六七八九十]*\s*年?)?|密级\s*[:：]\s*\S{1,6}"
                      r"|(?:紧急程度|缓急)\s*[:：]\s*\S{1,4})$")
# a web address: www.news.cn / http://… / xinhuanet.com
_URL = re.compile(r"(?:https?://|www\.)\S+|(?<![\w.@])[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.(?:com|cn|net|org|gov)(?:\.cn)?(?:/\S*)?(?![\w.])", re.I)
_CLOCK = re.compile(r"(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?(?![\d:])")
# a field label anywhere on a line: 来源： 编辑： 责编： 作者： 点击： 时间： …
_FIELD_LABEL = re.compile(r"(?:" + _SOURCE_LABEL + r"|作者|编辑|责编|责任编辑|记者|通讯员|摄影|剪辑|" + _TIME_LABEL
                          + r"|点击|浏览|阅读|审核|校对)\s*[:：]")


def metadata_line(s: str) -> Drop | None:
    """metadata_line: a metadata line that is not only page fields (field_line) — a web address, a
    clock time or a field label on a line without a sentence, with a date, whatever else it holds
    (an empty field, a name) — read for what it holds (the page's publish date, its source); never a
    headline. A phrase before the date that is no account's name, with no address or label before
    the date, is a headline printed with its date (headline_date), not this.

    >>> metadata_line("www.example.cn 信息来源：某某市发展和改革委员会 发布时间：2023-02-10 16:25 浏览次数：").meta["publish_date"]
    '2023-02-10'
    >>> metadata_line("高原夏菜喜获丰收 2024年03月08日09:15") is None
    True
    """
    if re.search(r"[。！？；]", s) or len(s) > 120:
        return None
    url = _URL.search(s)
    s = _URL.sub(lambda m: " " * len(m.group()), s)  # a date inside a web address is never the page's (/2023-03/11/…)
    d = _DATE_PARTS.search(s)
    if not d or not iso_date(d.group()):
        return None
    clock, label = _CLOCK.search(s), _FIELD_LABEL.search(s)
    if not (url or clock or label):
        return None
    head = _URL.sub(" ", s[:d.start()]).strip(" （([【")
    if not url and not (label and label.start() < d.start()) and head and not account_like(head):
        return None  # headline_date: 标题 2023-05-07 20:36:41
    meta = _meta(s.strip("（()）【】[] "))
    out = {"publish_date": meta.get("date") or iso_date(d.group())}
    if meta.get("source"):
        out["source"] = meta["source"]
        out["publication"] = meta.get("publication", meta["source"])
    return Drop("publish_line", {**out, "line_class": "metadata_line"})


# each rule gives a Drop of the line family downstream rules read (masthead, menu_bar, publish_line,
# platform_marker, document_header), its own name in meta["line_class"] (shown by --explain: rule_name)
# site_name_pair: a site's or media centre's name beside its brand or column, parted by a middle dot,
# bar or dash, both short names (成都市融媒体中心 · 蓉城眼 / 某某县融媒体中心 | 某某发布)
_ORG_END = r"(?:中心|网|在线|客户端|发布|融媒|报社|日报|电视台|广播电视台|人民政府|委员会|宣传部|办公室|集团)"
_NAME_PAIR = re.compile(r"^(?:(?P<org>[" + CJK_UNIFIED + r"]{2,14}" + _ORG_END + r")\s*[·•|｜丨—\-]{1,2}\s*[" + CJK_UNIFIED + r"A-Za-z]{2,8}"
                        r"|[" + CJK_UNIFIED + r"A-Za-z]{2,8}\s*[·•|｜丨—\-]{1,2}\s*(?P<org2>[" + CJK_UNIFIED + r"]{2,14}" + _ORG_END + r"))$")


def site_name_pair(s: str) -> Drop | None:
    """site_name_pair: a site's or media centre's name and its brand or column on one line.

    >>> site_name_pair("成都市融媒体中心 · 蓉城眼").meta
    {'platform': '成都市融媒体中心', 'line_class': 'site_name_pair'}
    >>> site_name_pair("春熙路“熊猫”火出圈 · 新春消费活力足") is None
    True
    """
    m = _NAME_PAIR.match(s)
    return Drop("site_identity", {"platform": m["org"] or m["org2"], "line_class": "site_name_pair"}) if m else None


# labelled_title: the page's own copy of its headline, labelled (当前稿件：… / 文章标题：…): its browser-title copy
_LABELLED_TITLE = re.compile(r"^(?:当前(?:稿件|文章|位置稿件|新闻)|(?:文章|稿件|新闻)?标题)\s*[:：]\s*(?P<t>[^。！？]{4,80})$")
# a media player's duration or controls: ▶ 02:41 / 播放 03:15 / 00:00 / 02:41
_PLAYER = re.compile(r"^(?:[▶►▷⏵]|播放|时长[:：]?)?\s*(?:\d{1,2}:)?\d{1,2}:\d{2}(?:\s*/\s*(?:\d{1,2}:)?\d{1,2}:\d{2})?$")
# spaced_org: an issuing body's name printed with spaces between its characters (the red head of
# a document: 桃 江 县 人 民 政 府 办 公 室)
_SPACED = re.compile(r"^[" + CJK_UNIFIED + r"](?: [" + CJK_UNIFIED + r"]){3,29}$")
_SPACED_ORG = re.compile(r"^[" + CJK_UNIFIED + r"]{2,30}?(?:政府|办公室|办公厅|委员会|委|局|厅|部|院|中心)(?:文件)?$")


def _spaced_org(s: str) -> Drop | None:
    if _SPACED.match(s) and _SPACED_ORG.match(s.replace(" ", "")):
        return Drop("document_header", {"producer": re.sub(r"文件$", "", s.replace(" ", "")), "line_class": "spaced_org"})
    return None


SEGMENT_RULES = (("masthead", masthead_line), ("menu_items", menu_items))
LATE_RULES = (("app_prompt", lambda s: Drop("platform_marker", {"line_class": "app_prompt"}) if _APP_PROMPT.match(s) else None),
              ("urgency_mark", lambda s: Drop("document_header", {"line_class": "urgency_mark"}) if _URGENCY.match(s) else None),
              # field_line (defined below): a line of page fields in any order is a publish line or a masthead
              ("field_line", lambda s: _classed(field_line(s), "field_line")),
              ("metadata_line", metadata_line),
              ("site_name_pair", site_name_pair),
              ("labelled_title", lambda s: Drop("page_title_copy", {"page_title": m["t"].strip(), "line_class": "labelled_title"})
               if (m := _LABELLED_TITLE.match(s)) else None),
              ("media_player", lambda s: Drop("platform_marker", {"line_class": "media_player"}) if _PLAYER.match(s) else None),
              ("spaced_org", _spaced_org))


def _classed(drop: Drop | None, name: str) -> Drop | None:
    return drop if drop is None or "line_class" in drop.meta else Drop(drop.rule, {**drop.meta, "line_class": name})


def rule_name(drop: Drop) -> str:
    """The name --explain shows for a dropped line: its family, and its line class when one decided it.

    >>> rule_name(Drop("menu_bar", {"line_class": "menu_items"})), rule_name(Drop("copyright"))
    ('menu_bar: menu_items', 'copyright')
    """
    c = drop.meta.get("line_class")
    return f"{drop.rule}: {c}" if c else drop.rule


def drop_line(line: str) -> Drop | None:
    """The rule that makes ``line`` chrome (with any metadata it carried), or None.

    >>> drop_line("来源:《国企》杂志|作者:王星|发布时间:2025-01-03 15:25|").meta
    {'publication': '《国企》', 'source': '《国企》杂志', 'authors': ['王星'], 'date': '2025-01-03'}
    """
    s = line.strip()
    if not s:
        return None
    for _, rule in SEGMENT_RULES:
        d = rule(s)
        if d is not None:
            return d
    for name, pat in _LINE_PATTERNS:
        m = pat.match(s)
        if not m:
            continue
        if name in ("menu_bar", "page_title_copy") and (d := _classed(field_line(s), "field_line")):
            return d  # 四川日报 ｜ 2023-12-16 ｜ 01 要闻 ｜ 作者：… is a masthead, not a menu
        if name == "source_meta":
            meta = _meta(s)
            if "date" not in meta and re.search(r"来源|Source", s, re.I) and iso_date(s):
                meta["date"] = iso_date(s)  # 来源：央视网 | 2023年05月05日 21:52
            return Drop(name, meta)
        if name == "photo_credit":
            names = (m.group("names") or m.group("names2") or "")
            return Drop(name, {"authors": _NAME_SPLIT.split(names.strip())} if names else {})
        if name == "web_dateline":
            date = iso_date(s)
            meta = _meta(s) if re.search(r"来源|作者", s) else {}
            return Drop(name, {**meta, "dateline": date} if date else meta)
        if name == "masthead":
            pub = (m.groupdict().get("pub") or "").strip()
            return Drop(name, {**({"publication": pub} if pub else {}), "issue_date": iso_date(m.group("date"))})
        if name == "publish_line" and m.group("account") and re.fullmatch(r"(?:\S+\s+){1,2}" + _DATE + r"\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?", s) \
                and not (account_like(m.group("account")) and account_like(m.groupdict().get("account2") or m.group("account"))):
            continue  # headline_with_date: 高原夏菜喜获丰收 2024-03-08 (09:15) is a headline and its date, not an account's line
        if name == "editor_credit" and _DATE_PARTS.search(s) and (d := field_line(s) or metadata_line(s)) is not None:
            return _classed(d, "field_line")  # editors, then the date and source on one line (编辑：王 五　来源：…　发布时间：…): a field line
        if name == "editor_credit" and _KIND_TAGGED.match(s):
            continue  # 视频丨高原夏菜喜获丰收: a headline tagged with its media kind, not a credit
        if name == "publish_line":
            # a WeChat head names the author and the account (原创 张三 定西发布 …): both kept, the
            # issuer is whichever resolves
            meta = {"publish_date": iso_date(m.group("date")), "account": m.group("account"), "source": m.groupdict().get("src"),
                    "account2": m.groupdict().get("account2")}
            return Drop(name, {k: v.strip() for k, v in meta.items() if v})
        if name == "document_footer" and m.group("date"):
            return Drop(name, {"publish_date": iso_date(m.group("date"))})
        if name == "document_header" and m.group("org"):
            return Drop(name, {"producer": m.group("org")})
        if name in ("copyright", "site_owner"):
            # the site's owner: 主办：会宁县人民政府办公室 / 版权所有：会宁县人民政府 / 会宁县人民政府 版权所有
            o = re.search(r"(?:主办|主管)(?:单位)?\s*[:：]\s*(?P<o>[" + CJK_UNIFIED + r"]{2,30})|版权所有\s*[:：]?\s*(?P<o2>[" + CJK_UNIFIED + r"]{2,30})"
                          r"|^(?P<o3>[" + CJK_UNIFIED + r"]{2,30}?)\s*版权所有", s)
            owner = o and (o["o"] or o["o2"] or o["o3"])
            return Drop(name, {"owner": owner} if owner else {})
        if name == "producer":
            return Drop(name, {"producer": m.group("org")})
        if name == "platform_marker" and m.groupdict().get("account"):
            return Drop(name, {"account": m.group("account")})
        if name == "page_title_copy":
            return Drop(name, {"page_title": (m.group("t") or m.group("t2")).strip()})
        if name == "site_identity" and m.group("name"):
            return Drop(name, {"platform": m.group("name")})
        if name == "gazette_issue":
            return Drop(name, {"publication": m.group("pub") or m.group("pub2")})
        if name == "platform_header":
            return Drop(name, {"publication": m.group("pub")})
        return Drop(name)
    for _, rule in LATE_RULES:
        d = rule(s)
        if d is not None:
            return d
    return None


# --- a line of page fields in any order (asked when no line rule took the line) --------------
# a labelled field: 编辑：谭 晓 / 来源：株洲市融媒体中心 / 点击：1520 (its value runs to the next label or bar)
_FIELD_LABELS = (r"(?:责任编辑|值班编辑|编辑|责编|美编|作者|记者|通讯员|摄影|摄像|校对|审核|" + _SOURCE_LABEL + "|" + _TIME_LABEL
                 + r"|浏览(?:次数|量)?|阅读(?:量|数)?|点击(?:数|量)?)")
_FIELD = re.compile(rf"(?P<label>{_FIELD_LABELS})\s*[:：]\s*(?P<v>(?:(?!\s*{_FIELD_LABELS}\s*[:：])[^|｜丨·•（）()])*)")
# the other pieces of such a line: separators, a date and its time, a weekday, a web address, a page
# (01 要闻 / 第 4 版), a name (a site, a paper, a column)
_PIECE = re.compile(rf"\s*(?:[|｜丨·•]|(?P<date>{_DATE})(?:\s*(?P<time>\d{{1,2}}:\d{{2}}(?::\d{{2}})?))?|{_WEEKDAY}"
                    rf"|(?P<web>(?:https?://)?(?:www\.)?[a-z0-9\-]+(?:\.[a-z0-9\-]+)+)"
                    rf"|(?P<page>第?\s*[A-Z]?\d{{1,3}}\s*版?(?:\s*[:：]?\s*[{CJK_UNIFIED}]{{2,6}})?)(?=\s|$|[|｜丨·•])"
                    rf"|(?P<name>[{CJK_UNIFIED}A-Za-z]{{2,16}}))\s*", re.I)


def field_line(line: str) -> Drop | None:
    """A line made only of page fields in any order — a date (and time), labelled fields (来源、作者、
    编辑、点击…), a site or paper name, a web address, a page — perhaps in brackets: a
    ``publish_line`` (``field_line``), or a ``masthead`` when it names a paper and a page or
    no clock time; None otherwise (a name and a date alone may be a headline with its date).

    >>> field_line("2024-12-26 08:05 编辑：谭 晓 责编：刘 鸣 来源：株洲市融媒体中心").meta["source"]
    '株洲市融媒体中心'
    >>> field_line("农民日报 · 2022年11月25日 星期五 · 第 4 版 · 三农观察").meta["publication"]
    '农民日报'
    """
    s = re.sub(r"^[（(\[【]\s*(.*?)\s*[)）\]】]$", r"\1", line.strip())
    if not s or len(s) > 140 or re.search(r"[。！？；]", s):
        return None
    fields = [(m["label"], m["v"].strip()) for m in _FIELD.finditer(s)]
    rest = _FIELD.sub(" ", s)
    date = time = web = page = None
    names = []
    pos = 0
    while pos < len(rest):
        m = _PIECE.match(rest, pos)
        if not m or m.end() == pos:
            return None
        date = date or m["date"]
        time = time or m["time"]
        web, page = web or m["web"], page or m["page"]
        if m["name"]:
            names.append(m["name"])
        pos = m.end()
    paper = next((n for n in names if re.search(r"(?:日报|晚报|时报|报)$", n)), None)
    if not date or len(names) > 2 or not (fields or web or (paper and page)):
        return None
    iso = iso_date(date)
    if paper and (page or not time):
        return Drop("masthead", {"publication": paper, "issue_date": iso})
    meta = {"publish_date": iso}
    source = next((v for label, v in fields if re.search(r"来源|稿源|出处", label) and v), None)
    if source:
        meta["source"] = source
    account = next((n for n in names if n != paper), None) or paper
    if account:
        meta["account"] = account
    return Drop("publish_line", meta)
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


def cut_spans(line: str) -> tuple[str, list[tuple[str, str]]]:
    """Cut chrome spans out of a line: ``(rest, [(rule, span), ...])``.

    >>> cut_spans("灵台县示范基地。图片由平凉市委组织部提供")
    ('灵台县示范基地。', [('image_credit', '图片由平凉市委组织部提供')])
    """
    cut: list[tuple[str, str]] = []
    for name, pat in SPAN_RULES:
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
    import rjieba

    return rjieba.Jieba()


def _word_across(prev: str, nxt: str) -> str | None:
    """A dictionary word that spans the cut (``发|展`` -> 发展), or None."""
    left, right = prev[-6:], nxt[:6]
    pos = 0
    for tok in _segmenter().cut(left + right, False):
        if pos < len(left) < pos + len(tok):
            return tok
        pos += len(tok)
    return None


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
                                  and _word_across(prev, nxt)):
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
    word = _word_across(prev, nxt)
    if word:
        return True, f"the word {word} spans the break"
    m = _FIRST_CLAUSE.match(nxt)
    if m and m.group(2) in CLAUSE and (1 <= len(m.group(1)) <= 3 or (len(m.group(1)) == 4 and m.group(2) == "、")):
        return True, f"next paragraph starts with the fragment {m.group(1)}{m.group(2)}"
    return False, "no evidence the sentence continues"
