"""Chrome: the line rules that take a whole line of page or web chrome out of a text.

Each rule gives a :class:`~pipeline.clean.Drop` — the family downstream rules read
(``masthead``, ``menu_bar``, ``publish_line``, ``platform_marker``, ``document_header`` …) and
any metadata the line carried — and is tried in one order by :func:`drop_line`: the line
classes read from a line's segments (:data:`SEGMENT_RULES`: ``masthead_any``, ``menu_items``),
the patterns of :data:`LINE_PATTERNS`, then the late line classes (:data:`LATE_RULES`:
``app_bar``, ``app_prompt``, ``urgency_mark``, ``field_line``, ``dated_body``, ``site_name_pair``,
``labelled_title``, ``media_player``, ``spaced_org``); ``print_header`` is read first, with the
segment classes. ``--explain`` names each by :func:`rule_name`.

>>> drop_line("● 第二一九二期 ●").rule
'issue_marker'
"""

from __future__ import annotations

import re

from pipeline import divisions, mastheads
from pipeline.clean import NAME, NAME_SPLIT, Drop, names_in, word_tags
from pipeline.mastheads import masthead_line
from pipeline.pagefields import (DATE, DATE_PARTS, FIELD_LABEL, SOURCE_LABEL, TIME_LABEL, WEEKDAY, account_like, field_line, iso_date,
                                 read_fields)
from pipeline.patterns import CJK_UNIFIED, CN_TEN, DIVISION_SUFFIX  # character classes are defined once, in patterns

# --- the pieces of the line patterns -------------------------------------------------------
# a menu word of a page or platform (share, print, font size, reactions)
_MENU = (r"(?:分享到?(?:手机)?|(?:我要)?打印(?:本页|此页|本版|文章)?|收藏|关闭(?:本页|窗口)?|字号|字体|返回顶部|扫一扫|在?手机(?:上)?(?:扫一扫|扫描|打开|浏览|阅读)(?:二维码)?(?:当前页|本页|本文|此页)?|A[+＋\-－]|T|微信|微博|朋友圈|QQ空间|复制链接|放大|"
         r"缩小|默认|超大|[大中小]|下载|全屏|点赞|在看|写留言|留言|转发|纠错|[+＋]?关注|已关注|在看\d*(?!\d)|上一版|下一版|上一篇|下一篇|版面导航|标题导航|往期回顾|"
         r"我要分享|[大中小]字号|PDF下载|PDF版|(?:下载)?本版PDF|登录|注册|无障碍|长者模式|关怀版|繁體|繁体|简体|English|RSS|网站地图|\d{1,6}(?!\d))")
# where a page says the reader is: 当前位置 / 您的位置 / 您现在的位置是 / 您所在的位置 / 您的当前位置
_WHERE = r"(?:(?:您|你)的?(?:现在|当前|目前)?(?:所在|所处)?的?|当前|所在|所处|现在)位置(?:是)?"  # (所处: 您现在所处的位置 → 首页)
# the labels of a platform's credits line (文字丨张三 图片丨李四)
_CREDIT = r"文字|文案|文|图片|图|摄影|摄像|视频|设计|排版|美编|编辑|责编|校对|审核|监制|统筹|策划|制作|供稿"
# the role before a photographer's name: 本报记者 / 通讯员 / 摄影
_PHOTO_ROLE = r"[^\s，。]{0,12}?(?:记者|通讯员|摄影)"
_MENU_SEP = r"[\s:：|/【】\[\]()（）<>·、]*"
# one menu word, read one way only: an atomic group takes the first word that matches and never gives it back (下载本版PDF
# reads 下载 + 本版PDF, 大字号 reads 大 + 字号, never both ways); with the repeats possessive, a menu line that fails at its
# end is given up in linear time (before: 22 repeats of 下载本版PDF and a full stop took seconds, each more doubled it)
_MENU_ITEM = rf"(?>{_MENU})"
# (a number of the menu, \d{1,6}, reads a whole run of figures, (?!\d): with _MENU_SEP able to be empty, two numbers
# could otherwise split one run of figures in every way, and a line of years, 2016   2017 … 2025年, backtracked
# exponentially — over 5 minutes for ten years)
# an urgency or secrecy mark of an official document: 特急 / 加急 / 机密★1年
_MARK = r"(?:特急|加急|急件|特提|平急|明电|(?:绝密|机密|秘密)(?:\s*★\s*[\d一二三四五六七八九十]*\s*年?)?)"
# a site or channel name closing a copied <title>: 新华网 / 央视网(cctv.com) / 新闻频道 / 人民网 / 四川在线
_SITE_NAME = r"[" + CJK_UNIFIED + r"A-Za-z]{1,20}(?:网|在线|频道|客户端|报|人民政府|门户网站)"
_SITE = _SITE_NAME + r"(?:\s*[（(][a-z0-9.\-]+\.(?:com|cn|net)[)）])?"
LINE_PATTERNS: tuple[tuple[str, re.Pattern], ...] = (
    # the page's <title> copied as a line (never a date line: 2025年01月15日05:42 | 来源：人民网-人民日报):
    # headline, then site or channel (富民产业…-新华网 /
    # 我国…_新闻频道_央视网(cctv.com)), or the site first (人民日报 - 传承英烈精神…)
    ("page_title_copy", re.compile(rf"^(?!\d{{4}}\s*[-/.年]\s*\d{{1,2}})(?P<t>[^。！？]{{4,80}}?)\s*(?:[_|｜]|\s-\s|-)\s*(?:[^。！？_|｜\-]{{1,16}}[_|｜\-]\s*){{0,2}}{_SITE}\s*$"
                                   rf"|^{_SITE_NAME}\s+[-_|｜]\s+(?P<t2>[^。！？]{{4,80}})$", re.I)),
    # a site's name with its owner: 曲靖网 · 曲靖市融媒体中心 / 渭源宣传网 — 中共渭源县委宣传部主办 (the owner is the platform)
    ("site_identity", re.compile(r"^[" + CJK_UNIFIED + r"A-Za-z]{2,12}(?:网|在线|客户端|发布)\s*[·•—\-|｜丨]{1,2}\s*(?P<name>[" + CJK_UNIFIED + r"]{2,24}?"
                                 r"(?:中心|宣传部|报社|日报社|电视台|广播电视台|人民政府|委员会|办公室|集团))(?:主办|出品|承办)?$")),
    # a site's identity line: its name with its address or its name in Latin letters
    # (甘肃省人民政府 www.gansu.gov.cn / SCOL.COM.CN / GUANGYUAN MUNICIPAL PEOPLE'S GOVERNMENT / 平凉日报 PINGLIANG RIBAO;
    # a ministry's English name runs to 15 words: Ministry of Natural Resources of the People's Republic of China)
    ("site_identity", re.compile(r"^(?P<name>[" + CJK_UNIFIED + r"]{2,24})?\s*(?:(?:https?://)?(?:www\.)?[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.(?:com|cn|net|org|gov)(?:\.cn)?/?"
                                 r"|[A-Z][A-Za-z'’.&\-]*(?:\s+[A-Za-z'’.&\-]+){0,14})\s*(?:[|｜]\s*[" + CJK_UNIFIED + r"A-Za-z ]{1,12}){0,4}$")),
    # a site's welcome line: 秦州区人民政府网站欢迎您！ 今天是：2018年1月9日 星期二 (its date is today's, not the page's)
    ("site_greeting", re.compile(r"^[^。]{0,24}(?:欢迎您|欢迎访问|欢迎光临)[^。]{0,80}$|^今天是\s*[:：]?[^。]{0,30}$")),
    # a paper's registration line: 国内统一连续出版物号：CN 62-0001 甘肃日报社出版 / 中共平凉市委机关报 … / 邮发代号 61-1
    ("registration", re.compile(r"^[^。！？]{0,40}(?:国内统一连续出版物号|出版物号|CN\s?\d{2}\s?-\s?\d{2,4}|邮发代号|ISSN|[" + CJK_UNIFIED + r"]{2,10}社出版|机关报)[^。！？]{0,80}$")),
    # an official document's red head and its number: 临洮县人民政府办公室文件 / 临政办发〔2023〕xx号
    ("document_header", re.compile(r"^(?P<org>[" + CJK_UNIFIED + r"]{2,30}?(?:政府|办公室|办公厅|委员会|委|局|厅|部|院|中心))\s*文件$"
                                   # (an urgency or secrecy mark may share the number's line: 三商务发〔2025〕4号　　加急)
                                   r"|^(?:" + _MARK + r"\s+)*[" + CJK_UNIFIED + r"]{1,10}[〔\[［(（]\s*(?:19|20)\d{2}\s*[〕\]］)）]\s*[\dxX]{1,4}\s*号(?:\s+" + _MARK + r")*$")),
    # an official document's footer: （此件公开发布） / 抄送：… / 某某县人民政府办公室 2023年12月27日印发 /
    # a printed page number — 2 — (the 印发 date is the issuing date, read when the document has no signature)
    ("document_footer", re.compile(r"^[（(]此件[^）)]{1,12}[)）]$|^(?:抄送|抄报)\s*[:：][^。]{0,200}。?$"
                                   rf"|^(?P<org>[{CJK_UNIFIED}]{{2,40}})?\s*(?P<date>{DATE})\s*印发$|^[-—－]\s*\d{{1,3}}\s*[-—－]$")),
    # a gazette's issue line: 白银市人民政府公报 2021年第2期（总第xx期） / 中华人民共和国国务院公报 2010·第 9 号
    # (an issue number, or a government's gazette by its name: a communiqué's title, …人口普查公报（第一号）, is no gazette)
    ("gazette_issue", re.compile(r"^(?P<pub>[" + CJK_UNIFIED + r"]{2,24}(?:公报|政报))\s*(?:\d{4}\s*(?:年|·)?\s*)?第\s*[\dxX]+\s*(?:期|号)\s*(?:[（(][^）)]{0,16}[)）])?$"
                                 r"|^(?P<pub2>[" + CJK_UNIFIED + r"]{2,20}(?:政府公报|政报|国务院公报|委员会公报|办公厅公报))\s*(?:\d{4}\s*(?:年|·)?\s*)?(?:[（(][^）)]{0,16}[)）])?$")),
    # a bar of menu items or sections: 每日甘肃网 | 兰州频道 | 要闻 / 人民网首页 | 人民日报 | 时政 | … (three or more short items).
    # Here and in the breadcrumbs each repeated item is an atomic group (?>…): an item may end in spaces that the next
    # separator's \s* could also take, and without it a long line that fails to match is retried 2^items ways.
    ("menu_bar", re.compile(r"^[^。，|｜]{1,12}(?>\s*[|｜]\s*[^。，|｜]{1,12}){2,}$")),
    ("masthead", mastheads.EPAPER_CRUMB),
    ("platform_header", mastheads.EPAPER_NAME),
    *(("masthead", p) for p in mastheads.MASTHEAD_PATTERNS),
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
    # (a count masked as xx in a saved page: 阅读 xxxx)
    ("view_count", re.compile(r"^(?:阅读|浏览(?:次数|量)?|点击(?:数|量)?|访问量)\s*[:：]?\s*(?:\d[\d,万+]*|[xX]{2,})$")),
    # copyright and registration footers: 新华网版权所有 / 陇ICP备xxxx号 / 网站标识码：…
    ("copyright", re.compile(r"^.{0,30}(?:版权所有|ICP备|ICP证|网站标识码|公网安备|Copyright|©).{0,80}$", re.I)),
    # a site's owner and operators in its footer: 主办：会宁县人民政府办公室　承办：会宁县融媒体中心
    ("site_owner", re.compile(r"^(?:网站)?(?:主办|承办|主管|协办|运营|运维|技术支持)(?:单位)?\s*[:：]\s*[^。！？]{2,120}$")),
    # a producer line of an account: 广元市人民政府新闻办公室 出品
    ("producer", re.compile(r"^(?P<org>[" + CJK_UNIFIED + r"]{2,30})\s*(?:出品|制作|主办)$")),
    # a platform's publish line: 天水发布 · 2022-12-12 / 2023年01月05日 18:30 四川 / 2023-02-01 21:03:05 来源：新华网
    # (a view count may close it: 曲靖市融媒体中心 ｜ 2022年12月27日 09:05 ｜ 阅读 3.2万)
    ("publish_line", re.compile(rf"^(?:(?P<account>[{CJK_UNIFIED}A-Za-z]{{2,12}})\s*[·•|｜丨]?\s*)?(?P<date>{DATE})\s*(?:\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?\s*(?:发表于\s*[{CJK_UNIFIED}]{{2,8}}|(?!在)[{CJK_UNIFIED}]{{2,3}})?\s*(?:[|｜丨]?\s*(?:信息|文章|本文)?(?:来源|稿源)\s*[:：]\s*(?P<src>[^。|｜丨\s]{{2,30}})(?:\s*[|｜丨]?\s*[^。]{{0,60}})?)?"
                                rf"(?:\s*[|｜丨]?\s*(?:阅读|浏览|点击|播放)(?:量|数|次数)?\s*[:：]?\s*[\d.,]+\s*[万+]*)?$")),
    # a WeChat article's head line: 原创 平凉发布 平凉发布 2022-12-14 20:15 发表于甘肃 (account, then its author name)
    ("publish_line", re.compile(rf"^(?:原创\s+)?(?P<account>[{CJK_UNIFIED}A-Za-z]{{2,12}})(?:\s+(?P<account2>[{CJK_UNIFIED}A-Za-z]{{2,12}}))?\s+(?P<date>{DATE})\s*(?:\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?\s*(?:(?:发表于\s*)?[{CJK_UNIFIED}]{{2,8}})?$")),
    # issue / page markers: ● 第二一九二期 ●, 总第123期, 第5版
    # (a gazette's or magazine's issue line under its name, with the year and the running number: 2021年第1期（总第xx期）)
    ("issue_marker", re.compile(r"^[●◆■□★☆◎○•·\-—=\s]*(?:(?:19|20)\d{2}\s*年?\s*)?(?:总)?第[〇零" + CN_TEN + r"百千\d]+(?:期|版)"
                                r"(?:\s*[（(]\s*总第\s*[〇零" + CN_TEN + r"百千\dxX]+\s*期\s*[)）])?[●◆■□★☆◎○•·\-—=\s]*$")),
    # page_line: a line naming a newspaper's page (edition) — 第10版：经济新闻 / A05版 要闻 / 第2版：要闻　责任编辑：某某　美编：某某 —
    # with its column name, the page's editors and page controls; page metadata in any wording, never a headline
    ("page_line", re.compile(r"^[●◆■□★☆◎○•·\-—=\s]*(?:第\s*[A-Z]?[\d〇零" + CN_TEN + r"]{1,3}\s*版|[A-Z]?\d{1,2}\s*版"
                             # (a page's letter and number without 版 when the page's editors follow: A1 要闻 责任编辑：某某 美编：某某)
                             r"|[A-Z]\d{1,2}(?=\s+[" + CJK_UNIFIED + r"]{2,10}\s+(?:责任编辑|责编|美术编辑|美编|编辑)\s*[:：]))(?:(?:\s*[:：|｜·]\s*|\s+)[" + CJK_UNIFIED + r"]{2,10})?"
                             r"(?:\s*[|｜]?\s+(?:责任编辑|责编|美术编辑|美编|编辑|校对|版式|版式设计|主编|图片编辑|视觉|制图)\s*[:：]\s*[^\s:：。，]{1,4}(?: [^\s:：。，]{1,3})?)*"
                             r"(?:\s+(?:上一版|下一版|上一期|下一期|PDF下载|下载本版PDF|版面导航|标题导航|返回目录|往期回顾))*$")),
    # page_nav: an e-paper's list of its pages, labelled: 版面导航：第01版：要闻 第02版：专版 / 版面导航：第1版 第2版 第3版
    # (each page read one way only: an item opens with 第 or its number, never a space, the spaces between two items are the
    # separator's alone, and an item is atomic — a page's name never gives back a 第 to the next item; a list that does not
    # end as a page, …28版 上一期 下一期, is given up in linear time: before, the space could go to either item, 2^n splits)
    ("page_nav", re.compile(r"^[【\[]?(?:版面导航|版面目录|版面索引|本期版面)[】\]]?\s*[:：]?\s*"
                            r"(?>(?:第\s*)?[A-Z]?\d{1,3}\s*版(?:\s*[:：]\s*[" + CJK_UNIFIED + r"]{1,8})?)"
                            r"(?:\s*(?>(?:第\s*)?[A-Z]?\d{1,3}\s*版(?:\s*[:：]\s*[" + CJK_UNIFIED + r"]{1,8})?))*+\s*$")),
    # contact footers: 投稿邮箱 / 电子邮件 / E-mail / 电话 / 传真 followed by an address or number
    ("contact", re.compile(r"^[^。！？]{0,20}?(?:投稿|联系|来稿)?(?:邮箱|信箱|e-?mail|电子邮件|电话|热线|传真|联系方式)\s*[:：]\s*[\w.@\-() ,，/、（）]{5,}$", re.I)),
    # a bare e-mail address or telephone number on its own line
    ("contact", re.compile(r"^[\w.\-]+@[\w\-]+(?:\.[\w\-]+)+$|^(?:\d{3,4}-)?\d{7,8}$")),
    # the web page's copy of the original headline: 原标题:…
    ("original_title", re.compile(r"^原(?:标)?题\s*[:：]")),
    # share / print / font-size / close menus: lines made only of menu words and separators
    # (an e-paper's arrows may open and close it, ◀ 上一版 下一版 ▶; a player's ▶ before a time is a media_player)
    ("share_menu", re.compile(rf"^[◀◁◄←«]?{_MENU_SEP}{_MENU_ITEM}(?:{_MENU_SEP}{_MENU_ITEM})*+{_MENU_SEP}[▶▷►→»]?$", re.I)),
    # breadcrumbs and navigation bars: 首页 | 新闻 / 当前位置：首页 > 要闻
    # (also parted by arrows or middle dots: 首页 · 要闻动态 · 东城要闻; after the reader's place, an arrow may stand for the
    # colon: 您的当前位置 → 政务公开 → 政府工作报告)
    ("breadcrumb", re.compile(rf"^(?:(?:{_WHERE}|位置)\s*[:：]\s*)?(?:首页|主页|网站首页)\s*(?>[|>›»▸►/｜\-—→·•]+\s*[^|>›»▸►/｜。，\-—→·•]{{1,12}}\s*)*$|^{_WHERE}\s*[:：→>›»]")),
    # a breadcrumb that ends with the page's headline, perhaps cut short: 首页 > 新闻动态 > 媒体聚焦 > 宏观政策持续发力… 巩固拓...
    # (three or more items, all short but the last; with or without 首页, parted by >, >>, », ›)
    ("breadcrumb", re.compile(rf"^(?:(?:{_WHERE}|位置)\s*[:：]\s*)?[^>›»▸►。，]{{1,12}}(?>\s*(?:>>|[>›»▸►])\s*[^>›»▸►。，]{{1,12}}){{1,}}"
                              rf"\s*(?:>>|[>›»▸►])\s*[^>›»▸►。]{{2,80}}$")),
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
    # image placeholders left by a copy-paste: 图片 / [图片] / 图 / image / [题图] / 【组图2】 / （配图）
    # (a picture's or clip's kind alone, perhaps numbered, in brackets or not: never a headline)
    ("image_placeholder", re.compile(r"^[\[【(（〔［]?\s*(?:题图|头图|首图|配图|组图|插图|封面图?|图片|图示|图|照片|视频|音频|image|img|photo|picture|video)"
                                     r"\s*\d{0,2}\s*[\]】)）〕］]?$", re.I)),
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
    ("related_link", re.compile(rf"^[-*•·+]\s*{DATE}\s*\S|^[•·]\s*.{{2,60}}\s{DATE}$")),
    # the previous / next article of a page: 上一篇：标题 2024-01-09 / 下一条：…
    ("related_link", re.compile(r"^[【\[]?(?:上一篇|下一篇|上一条|下一条|上篇|下篇|前一篇|后一篇)[】\]]?\s*[:：]")),
    # an e-paper's list of the page's headlines with one item on the line: 本版标题：标题
    ("related_link", re.compile(r"^[【\[]?本版(?:标题|文章|新闻)[】\]]?\s*[:：]\s*\S")),
    # headings of related-link lists
    # (a box or bullet may mark the heading: ■ 相关链接)
    ("related_link", re.compile(r"^[■□●◆◇▲△▶►★☆◎○•·\s]*[【\[]?(?:相关(?:阅读|新闻|链接|报道|文章)|延伸阅读|推荐阅读|热点推荐|本版(?:其[他它])?(?:新闻|文章|稿件|标题|导航|目录|导读)|(?:今日|本期)导读)[】\]]?[:：]?$")),
    # web datelines: 2025年06月16日 Monday / 2025-01-03 15:25 / 更新时间戳: …
    # (also in square or lenticular brackets: [2024-03-05] / 【2024-03-05】; a date in round brackets
    # under a report's heading is its delivery date, read by metadata)
    # (a lunar date may follow the weekday: 2024年3月5日 星期二 农历正月廿五)
    ("web_dateline", re.compile(rf"^[\[【［]?\s*{DATE}\s*(?:\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?\s*{WEEKDAY}?(?:\s*(?:农历|阴历)[{CJK_UNIFIED}]{{2,10}})?\s*[\]】］]?$", re.I)),
    # dated_menu: the date (and time) with the page's menu after it, on one line (2025-05-26　【字体：大 中 小】　【打印】)
    ("web_dateline", _DATED_MENU := re.compile(rf"^[\[【［]?\s*{DATE}\s*(?:\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?\s*{WEEKDAY}?\s*[\]】］]?"
                                               rf"(?:{_MENU_SEP}(?!\d){_MENU_ITEM})++{_MENU_SEP}$", re.I)),
    ("web_dateline", re.compile(r"^[（(【\[]?(?:更新|发布|修改|发表|发稿|上传|录入|刊发|首发)(?:时间|日期)(?:戳)?\s*[:：][^。]*[)）】\]]?$")),
    # metadata lines of a web page: 来源:…|作者:…|发布时间:…| and 来源 | 《国企》杂志…
    # (a repost mark may open it: 转载｜来源：新华社)
    ("source_meta", re.compile(r"^(?:(?:转载|转自|转发)\s*[|｜丨/·]?\s*)?[【\[]?(?:" + SOURCE_LABEL + r"|作者|" + TIME_LABEL + r"|发布|浏览次数|点击数?"
                               r"|索\s*引\s*号|主题分类|名\s*称|文\s*号|发文机关|成文日期|主\s*题\s*词|发布机构|Release Date|Source|Views|Author)\s*[:：|｜丨]\s*[^。]{0,120}$", re.I)),
    # bracket_field: a page's record of the document it carries, one labelled field a line in lenticular brackets
    # (【法规名称】某某条例 / 【制定机关】国务院 / 【施行日期】2024年5月1日 / 【时效性】现行有效): fields of the record,
    # never the page's headline (a 施行 date is not the page's date, so no field is read)
    ("bracket_field", re.compile(r"^[【\[](?:[" + CJK_UNIFIED + r"]{0,6}(?:名称|标题|机关|单位|部门|日期|时效性|时效|效力级别|效力|文号|字号|类别|分类|状态|层级|编号|索引号))[】\]]\s*[^。！？]{1,80}$")),
    # a column tag standing alone (menus in brackets were taken above): 【市政府工作报告】
    ("column_header", re.compile(r"^【[^】]{2,12}】$")),
    # a column tag between middle dots above a gazette's article: · 州政府工作报告 ·
    ("column_header", re.compile(r"^[·•]\s*[" + CJK_UNIFIED + r"]{2,12}\s*[·•]$")),
    # a markdown footnote definition (an editor's note): [^1]: （根据中共中央文件刊印）
    ("footnote", re.compile(r"^\[\^[^\]]{1,10}\]:")),
    # horizontal rules and leftover markdown separators
    ("rule_line", re.compile(r"^[-*_=~━─═—－]{3,}$")),
    # a markdown link standing alone: [查看原文](https://…)
    ("view_original", re.compile(r"^\[[^\]]{0,40}\]\(\S+\)$")),
)


def _any_of(patterns) -> re.Pattern:
    """One pattern that matches where one of ``patterns`` matches: their alternation, named groups
    made plain (two may share a name), each case-blind one scoped ``(?i:…)``. A line it does not match
    matches none of them: :func:`drop_line` tries them one by one only on a line it matches (a line of
    running text, most lines, costs one match instead of one per pattern)."""
    alternatives = []
    for p in patterns:
        # any other flag (re.M, re.X, re.S) or a back-reference would not survive the alternation
        if p.flags & ~(re.IGNORECASE | re.UNICODE) or _BACKREF.search(p.pattern):
            raise ValueError(f"line pattern {p.pattern!r}: only re.IGNORECASE, no back-reference, in LINE_PATTERNS")
        body = _NAMED_GROUP.sub("(?:", p.pattern)
        alternatives.append(f"(?i:{body})" if p.flags & re.IGNORECASE else f"(?:{body})")
    return re.compile("|".join(alternatives))


_NAMED_GROUP = re.compile(r"(?<!\\)\(\?P<\w+>")
_BACKREF = re.compile(r"\\[1-9]|\(\?P=")
_ANY_LINE_PATTERN = _any_of(p for _, p in LINE_PATTERNS)


# chrome that only a web or platform page carries: such a file holds one article
PAGE_RULES = frozenset({"breadcrumb", "share_menu", "view_count", "copyright", "site_owner", "platform_marker", "page_title_copy",
                        "site_identity", "site_greeting", "menu_bar", "registration", "gazette_issue",
                        "platform_header", "publish_line", "source_meta", "original_title"})
# the heading of a list of other articles: its title lines below are related links
LIST_HEADING = re.compile(r"^[■□●◆◇▲△▶►★☆◎○•·\s]*[【\[]?(?:相关(?:阅读|新闻|链接|报道|文章)|延伸阅读|推荐阅读|热点推荐|往期推荐|精彩推荐|往期回顾|喜欢此内容的人还喜欢"
                          r"|本版(?:其[他它])?(?:新闻|文章|稿件|标题|导航|目录|导读)|(?:今日|本期)导读)[】\]]?[:：]?$")


# a headline tagged with its media kind by 丨/｜: 视频丨… (a credit's value is a short name)
_KIND_TAGGED = re.compile(r"^(?:视频|图片|图|音频|图解)\s*[丨|｜]\s*(?!.*(?:中心|日报|电视台|记者))[^\s丨|｜]{6,}$")


# menu_items: a line whose segments are all short items in brackets or parted by bars, slashes or
# dots, four or more of them ([ 首页 ] [ 株洲要闻 ] [ 两会专题 ] … / 首页 / 要闻 / 视频 / 专题)
_MENU_ITEMS_SPLIT = re.compile(r"\s*[|｜丨/／·•\[\]【】〔〕［］]\s*")


# a page control: a verb of downloading, playing, sharing, printing… and a short object (下载本版PDF / 语音播报 / 返回目录)
_CONTROL = re.compile(r"^(?:下载|打开|播放|收听|语音|朗读|分享|打印|收藏|返回|关闭|查看|进入|订阅)[^\s。，]{0,8}$|^[^\s。，]{1,6}(?:播报|朗读|下载|分享|打印)$")


BREADCRUMB_START = re.compile(r"^(?:网站)?(?:首页|主页)\s*[|｜丨]")
_SHARE_MENU = next(p for n, p in LINE_PATTERNS if n == "share_menu")  # a share or font-size menu stays share_menu


def menu_items(s: str) -> Drop | None:
    """menu_items: four or more short items (at most 8 characters each) in brackets or parted by
    bars, slashes or dots, two or more page controls (下载本版PDF | 语音播报), or a channel's path of two or three
    items of at most 4 characters parted by spaced bars (新闻 | 体育), and nothing else on the line.

    >>> menu_items("[ 首页 ]  [ 本地要闻 ]  [ 专题 ]  [ 视频 ]")
    Drop(rule='menu_bar', meta={'line_class': 'menu_items'})
    >>> menu_items("【图1】主要经济指标增幅保持在全省第一方阵") is None
    True
    >>> menu_items("新闻 | 体育"), menu_items("视频丨总台转播报道工作准备就绪") is None
    (Drop(rule='menu_bar', meta={'line_class': 'menu_items'}), True)
    >>> menu_items("来源 | 新华社"), menu_items("作者 | 李明"), menu_items("两会 | 聚焦民生"), menu_items("紧急提醒 | 寒潮来袭")
    (None, None, None, None)
    """
    if re.search(r"[。！？，；：:<>]", s) or not _MENU_ITEMS_SPLIT.search(s) or DATE_PARTS.search(s) or _SHARE_MENU.match(s) \
            or s.startswith(("|", "｜")) or re.search(r"(?:^|[|｜/\s])[\d.%+\-]+(?:$|[|｜/\s])", s):
        return None  # (a markdown table row | 原煤 | 亿吨 | 38.5 | and figures are data, never a menu;
        #                a date parted by slashes is a publish line: 甘肃发布 · 2022/12/12)
    items = [t.strip() for t in _MENU_ITEMS_SPLIT.split(s) if t.strip()]
    dots_only = not re.search(r"[|｜丨/／\[\]【】〔〕［］]", s)  # 稳就业·保民生·促发展·惠民生 may be a headline
    # (or a channel's path: two or three items of at most 4 characters parted by bars, 新闻 | 体育 — no headline is that)
    path = 2 <= len(items) <= 3 and all(len(t) <= 4 for t in items) and bool(re.search(r"\s[|｜丨]\s", s)) \
        and len(re.findall(r"[|｜丨]", s)) == len(items) - 1 and not re.search(r"[\[\]【】〔〕［］/／·•]", s) \
        and not BREADCRUMB_START.match(s) \
        and not re.match(r"^[【\[]?" + FIELD_LABEL + r"[】\]]?$", items[0]) \
        and not any(t[:1] in ("v", "a", "d", "nr") and t != "vn" for item in items for _, t in word_tags(item))
    # (首页 | 新闻 is a breadcrumb: it starts at the site's home; a field label and its value, 来源 | 新华社 / 作者 | 李明,
    # are the page's fields; a channel is named by nouns, so an item with a verb, an adjective or a person's name is a
    # tagged headline's statement, 两会 | 聚焦民生 / 紧急提醒 | 寒潮来袭, never a channel)
    if (len(items) >= (5 if dots_only else 4) and all(len(t) <= 8 for t in items)) or (len(items) >= 2 and all(_CONTROL.match(t) for t in items)) \
            or path:
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
# labelled_title: the page's own copy of its headline, labelled (当前稿件：… / 文章标题：…): its browser-title copy
_LABELLED_TITLE = re.compile(r"^(?:当前(?:稿件|文章|位置稿件|新闻)|(?:文章|稿件|新闻)?标题)\s*[:：]\s*(?P<t>[^。！？]{4,80})$")
# an account's name and a middle dot or a bar before what names its body (某某微报 · …, 某某直通车 | …)
_ACCOUNT_LEAD = r"[" + CJK_UNIFIED + r"A-Za-z]{2,12}\s*[·•|｜丨]\s*"
# official_account: a body's name and what its account is, alone on a line under an account's name (工业和信息化部官方账号 /
# 某某市人民政府官方微信, or a platform's 号: 央视新闻官方澎湃号): the account's description, read as its account (the body),
# when the body is a name (account_name); a platform's 号 is its name (two or three ideographs: 澎湃, 百家, 头条) + 号 —
# one ideograph + 号 is a word of a headline (官方口号 / 官方称号 / 官方编号), never a platform
_OFFICIAL_ACCOUNT = re.compile(r"^(?:" + _ACCOUNT_LEAD + r")?(?P<body>[" + CJK_UNIFIED + r"]{2,30}?)(?:的)?官方(?:账号|帐号|公众号|微信公众号|微信|微博|抖音号|视频号|客户端|[" + CJK_UNIFIED + r"]{2,3}号)$")
# account_owner: an account's name and the body that runs it, parted by a middle dot or a bar, alone on a line (the
# account's footer or card: 某某直通车 · 某某部某某司, 某某微报 | 某某省某某厅): the body is the account's, read as its
# account (the body's name ends as a government body's does; a headline's two phrases, 春熙路 · 新春消费活力足, do not,
# nor a column tag over the unit it portrays — a company, 某某有限公司, or a hospital or school, 某某人民医院: a 司 or 处
# is a body's division only after the body's own kind, 某某部某某司, and 院 a body's only as a court's or the State
# Council's). Where it stands is read after (ingest: between two lines of the body's text it is the text's own)
_ACCOUNT_OWNER = re.compile(r"^" + _ACCOUNT_LEAD + r"(?P<body>[" + CJK_UNIFIED + r"]{2,30}?"
                            r"(?:部|委员会|委|总局|局|厅|署|办公室|办公厅|人民政府|政府|国务院|法院|检察院|中心"
                            r"|(?:部|局|厅|署|委)[" + CJK_UNIFIED + r"]{1,12}?(?<!公)(?:司|处)))$")
# a government body's name: a division's (某某市…, 某某县…), a central body's (国家…, 中国…, 国务院…), or a ministry's or
# a national bureau's and what follows (农业农村部种植业管理司, 海关总署…) — never a firm's, 某某科技中心, or a unit's, 某某一局
_GOV_BODY = re.compile(r"^(?:中华人民共和国|国家|中国|国务院|中共|中央|全国|[" + CJK_UNIFIED + r"]{2,12}?" + DIVISION_SUFFIX
                       + r"|[" + CJK_UNIFIED + r"]{2,8}?(?:部|委员会|总局|总署))")
# url_line: a web address alone on its line (the page's address a browser copy or print keeps: https://www.某某.gov.cn/…/t2024….html);
# never a headline, never text
_URL_LINE = re.compile(r"^(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")
# a media player's duration or controls: ▶ 02:41 / 播放 03:15 / 00:00 / 02:41
_PLAYER = re.compile(r"^(?:[▶►▷⏵]|播放|时长[:：]?)?\s*(?:\d{1,2}:)?\d{1,2}:\d{2}(?:\s*/\s*(?:\d{1,2}:)?\d{1,2}:\d{2})?$"
                     # or a read-aloud control alone: 听全文 / 收听本文 / 语音播报 / 点击收听 / 朗读全文
                     r"|^[▶►▷⏵🔊\s]*(?:点击)?(?:听|收听|朗读|播放|语音播报|听语音)(?:全文|本文|新闻|文章|音频)?[▶►▷⏵\s]*$")
# reading_time: a reader mode's or a platform's measure of the text, alone on its line — its reading time (阅读时间：约 3 分钟,
# 预计阅读 5 分钟, 约 4 分钟读完) and/or its length in characters (全文约 2300 字, 字数：1860), one or both, parted by a comma,
# a space or a bar: what the page says about the text's length, never a headline or text (a sentence that gives a time,
# 每天阅读30分钟, has a subject or object before it); 分 alone is a score, 阅读：70分, never a reading time. Where it stands is
# read after (ingest: between two lines of the body's text, 阅读：30分钟 in a schedule, it is the text's own, unless it
# says the text's measure, 预计/约…分钟)
# (a range, 阅读时间：6 - 8 分钟; a reader mode's label before its estimate, 阅读模式 · 约 2 分钟)
_READ_TIME = (r"(?:预计|大约|约)?(?:阅读|读完)(?:全文|本文)?(?:时间|时长|用时)?\s*[:：]?\s*(?:预计|大约|约|需要?|仅需)*\s*\d+(?:\.\d+)?"
              r"(?:\s*[-–~至]\s*\d+)?\s*(?:分钟|秒钟?)"
              r"|(?:预计|大约|约|仅需|需要?)*\s*\d+(?:\.\d+)?\s*(?:分钟|分)(?:即可|可)?(?:读完|阅读|看完)(?:全文|本文)?"
              r"|阅读模式\s*[·•|｜丨]?\s*(?:预计|大约|约)?\s*\d+(?:\s*[-–~]\s*\d+)?\s*分钟")
_WORD_COUNT = r"(?:(?:全文|本文|文章|正文)(?:字数)?|字数)\s*[:：]?\s*(?:共|约|大约|总计)*\s*\d[\d,，]*\s*字?(?<=\d|字)"
_READING_TIME = re.compile(rf"^(?:{_READ_TIME}|{_WORD_COUNT})(?:\s*[，,|｜丨·•/]?\s*(?:{_READ_TIME}|{_WORD_COUNT}))?$")
# spaced_org: an issuing body's name printed with spaces between its characters (the red head of
# a document: 桃 江 县 人 民 政 府 办 公 室)
_SPACED = re.compile(r"^[" + CJK_UNIFIED + r"](?: [" + CJK_UNIFIED + r"]){3,29}$")
_SPACED_ORG = re.compile(r"^[" + CJK_UNIFIED + r"]{2,30}?(?:政府|办公室|办公厅|委员会|委|局|厅|部|院|中心)(?:文件)?$")


def _spaced_org(s: str) -> Drop | None:
    if _SPACED.match(s) and _SPACED_ORG.match(s.replace(" ", "")):
        return Drop("document_header", {"producer": re.sub(r"文件$", "", s.replace(" ", "")), "line_class": "spaced_org"})
    return None




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



# app_bar: an app's top bar copied as a line — a back arrow or a close mark, perhaps the app's or channel's name,
# perhaps its "more" dots (< 学习强国 ··· / ‹ 返回 / × 某某发布 ··· / 某某新闻 ⋯): the app's controls, never a headline
# (without the arrow, the dots stand apart from the name: a headline ending in an ellipsis, 春天来了···, is no bar)
_APP_BAR = re.compile(r"^(?:[<‹〈＜←×✕]\s*(?:返回\s*)?[" + CJK_UNIFIED + r"A-Za-z0-9+ ]{0,12}?\s*(?:···|⋯|⋮|•••|\.{3}|…)?"
                      r"|[" + CJK_UNIFIED + r"A-Za-z0-9+ ]{1,12}?\s+(?:···|⋯|⋮|•••))$")


def app_bar(s: str) -> Drop | None:
    """app_bar: an app's top bar (a back arrow and/or the "more" dots around its name).

    >>> app_bar("< 学习强国 ···").meta, app_bar("<").rule, app_bar("学习强国 ···").rule
    ({'line_class': 'app_bar'}, 'platform_marker', 'platform_marker')
    >>> app_bar("我市召开优化营商环境推进会…") is None
    True
    """
    return Drop("platform_marker", {"line_class": "app_bar"}) if _APP_BAR.match(s) else None


# print_header: a browser's print header — the print date and time, then the tab's title (headline, then the
# site after a separator): 2025/12/2 上午9:14　五部门联合部署…行动-国家卫生健康委员会. The time is the printing's,
# not the page's; the title is the page's browser-title copy (it titles a page that prints no headline)
# (the browser's date forms: 2025/12/2 or 12/2/25, or a date with 上午/下午; the tab title closed by its site; a page's
# field label after the time, 来源：…, is a publish line; a headline's own colon, 甘肃临夏：…, is the title's)
_PRINT_HEADER = re.compile(r"^(?:(?:\d{4}/\d{1,2}/\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4}),?\s*(?:上午|下午|中午|凌晨|晚上)?"
                           r"|(?:\d{4}-\d{1,2}-\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日)\s*(?:上午|下午|中午|凌晨|晚上))"
                           r"\s*\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp][Mm])?\s+(?!" + FIELD_LABEL + r"\s*[:：])(?!来自)(?P<t>[^。：:\s][^。]{3,120})$")
# the site after the tab title's last separator: -国家卫生健康委员会 / _某某网 / | 某某市人民政府
_TAB_SITE = re.compile(r"^(?P<t>.{4,}?)\s*(?:[-_|｜—]|\s-\s)\s*[" + CJK_UNIFIED + r"A-Za-z0-9（）() .]{2,30}$")


# (or the tab title first and the print date and time after it, as another browser prints them)
_PRINT_HEADER_AFTER = re.compile(r"^(?P<t>[^。：:\s][^。]{3,120}?)\s{2,}(?:(?:\d{4}/\d{1,2}/\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4}),?\s*(?:上午|下午|中午|凌晨|晚上)?"
                                 r"|(?:\d{4}-\d{1,2}-\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日)\s*(?:上午|下午|中午|凌晨|晚上))"
                                 r"\s*\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp][Mm])?$")


def print_header(s: str) -> Drop | None:
    """print_header: a browser's print header (print date and time, then the page's tab title); the
    headline is the tab title without its site.

    >>> print_header("2025/12/2 上午9:14 五部门联合部署某某行动-国家某某委员会").meta["page_title"]
    '五部门联合部署某某行动'
    >>> print_header("2024/03/05 09:15 来源：某某网") is None
    True
    """
    m = _PRINT_HEADER.match(s) or _PRINT_HEADER_AFTER.match(s)
    if not m:
        return None
    site = _TAB_SITE.match(m["t"].strip())
    if site and m.re is _PRINT_HEADER_AFTER and not re.search(r"[-_|｜]\s*[^-_|｜]{2,30}$", m["t"].strip()):
        return None  # (title first: only a browser's separator before the site, never a dash inside a headline, 中国—东盟…)
    return Drop("page_title_copy", {"page_title": site["t"].strip(), "line_class": "print_header"}) if site else None


# dated_body: a page's date, then the body or site that published it, alone on the line above or below the
# headline (2026-04-17　某某省商务厅): the publish line, the name its account (a headline never ends in a body's name
# after a date)
_DATED_BODY = re.compile(rf"^(?P<date>{DATE})\s*(?:\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?\s+(?P<org>[{CJK_UNIFIED}]{{2,30}}?"
                         r"(?:政府|办公室|办公厅|委员会|委|局|厅|部|署|院|中心|网|日报|晚报|报|报社|电视台|总台|社|发布|融媒|客户端)"
                         # (or a division's name alone, a government's site: 2021-12-13　某某藏族自治州)
                         r"|(?P<division>[" + CJK_UNIFIED + r"]{2,20}?" + DIVISION_SUFFIX + r"))$")


# (or the body first, then the date: 国家某某委员会　2025-12-01 / 某某省商务厅 2026-04-17 08:30 — a national body, a
# division's department, a broadcaster or news agency, so that a headline printed with its date, …区域医疗中心 2024-03-08, is not one)
_BODY_DATED = re.compile(r"^(?P<org>(?:中华人民共和国|国家|国务院|中共中央|全国)[" + CJK_UNIFIED + r"]{1,16}?(?:部|委员会|委|总局|局|署|办公厅|办公室|院)"
                         r"|(?P<division>[" + CJK_UNIFIED + r"]{2,12}?" + DIVISION_SUFFIX + r")[" + CJK_UNIFIED + r"]{1,12}?(?:厅|局|委员会|委|办公室|办公厅)"
                         r"|[" + CJK_UNIFIED + r"]{2,12}(?:总台|电视台|广播电台|通讯社|融媒体中心)"
                         # (or a division's name alone, a government's site: 某某布依族苗族自治县　2024-03-05)
                         r"|(?P<place>[" + CJK_UNIFIED + r"]{2,20}?" + DIVISION_SUFFIX + r"))"
                         rf"\s+(?P<date>{DATE})\s*(?:\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?$")


def headline_name(org: str) -> bool:
    """A "body's name" that is a headline's clause: a verb right after its place or pronoun, the clause's subject
    (我县建成…中心, 兰州市建成…), or a count (首家, 首个, 一批: a body's name counts nothing; an ordinal, 第一人民医院, may).

    >>> headline_name("我县建成区域医疗中心"), headline_name("全国首家互联网医院"), headline_name("某某县行政审批服务局")
    (True, True, False)
    """
    words = word_tags(org)
    for k, (w, tag) in enumerate(words[:-1]):
        if tag == "m" and not w.startswith("第"):
            return True
        subject = k == 0 or words[k - 1][1] in ("ns", "zg", "r") or re.fullmatch(r"[省市县区州盟旗镇乡村]", words[k - 1][0])
        if tag.startswith("v") and tag != "vn" and subject:
            return True
    return False


def account_name(body: str) -> bool:
    """official_account: the words before 官方账号 are a body's or an account's name, no clause: a name holds a verb only
    as its first or last word (澎湃新闻, 上海发布), a clause has one (of two characters or more: 麦积区 is cut 麦/积/区)
    between its subject or an adverb and its object (a
    prompt, 更多资讯请关注商务部 / 官方账号; a headline about an account, 我县正式开通政府 / 官方微信).

    >>> account_name("工业和信息化部"), account_name("澎湃新闻"), account_name("更多资讯请关注商务部"), account_name("我县正式开通政府")
    (True, True, False, False)
    """
    words = word_tags(body)
    # (a verb of one character is often the tagger's cut of a name it does not know: 麦/积/区)
    return not any(t.startswith("v") and t != "vn" and len(w) >= 2 for w, t in words[1:-1])


def dated_body(s: str) -> Drop | None:
    """dated_body: a date and then a body's or site's name alone on a line, or a national body's or a division's
    department's name and then the date: the page's publish line.

    >>> dated_body("2026-04-17 某某省商务厅").meta
    {'publish_date': '2026-04-17', 'account': '某某省商务厅', 'line_class': 'dated_body'}
    >>> dated_body("国家某某委员会　2025-12-01").meta["account"], dated_body("我县建成区域医疗中心 2024-03-08")
    ('国家某某委员会', None)
    """
    m = _DATED_BODY.match(s) or _BODY_DATED.match(s)
    places = [m[g] for g in ("division", "place") if g in m.re.groupindex and m[g]] if m else []
    if not m or not iso_date(m["date"]) or any(not divisions.load().kinds(p) for p in places):
        return None  # (a division's name only when it is one: 2024-03-08　某某新区 may be a headline's)
    org = m["org"] if m.re is _BODY_DATED else (m["org"] or m["division"])
    if headline_name(org):
        return None  # (a headline with its date: 2024-03-08 我县建成区域医疗中心 / 全国首家互联网医院 2024-03-08)
    return Drop("publish_line", {"publish_date": iso_date(m["date"]), "account": org, "line_class": "dated_body"})


# session_file: a congress's or conference's file header over a report it hands out (某市第十五届人民代表大会第二次会议文件,
# 某某县政协第九届委员会第三次会议文件（3）): chrome above the report's own heading, never its title
_SESSION_FILE = re.compile(r"^[" + CJK_UNIFIED + r"]{2,30}?第[\d" + CN_TEN + r"]{1,3}届[" + CJK_UNIFIED + r"]{0,20}?第[\d" + CN_TEN + r"]{1,3}次"
                           r"(?:全体)?会议(?:文件|材料)(?:之[\d" + CN_TEN + r"]{1,2})?\s*(?:[（(]\s*[\d" + CN_TEN + r"]{1,3}\s*[)）])?$")

SEGMENT_RULES = (("print_header", print_header), ("masthead", masthead_line), ("menu_items", menu_items))
LATE_RULES = (("app_bar", app_bar), ("app_prompt", lambda s: Drop("platform_marker", {"line_class": "app_prompt"}) if _APP_PROMPT.match(s) else None),
              ("urgency_mark", lambda s: Drop("document_header", {"line_class": "urgency_mark"}) if _URGENCY.match(s) else None),
              ("session_file", lambda s: Drop("document_header", {"line_class": "session_file"}) if _SESSION_FILE.match(s) else None),
              # field_line (defined below): a line of page fields in any order is a publish line or a masthead
              ("field_line", lambda s: _classed(field_line(s), "field_line")),
              # dated_body (defined above): after field_line, which reads a body's name after a date and a clock
              # time as the page's source (unlabelled_source)
              ("dated_body", dated_body),
              ("site_name_pair", site_name_pair),
              ("labelled_title", lambda s: Drop("page_title_copy", {"page_title": m["t"].strip(), "line_class": "labelled_title"})
               if (m := _LABELLED_TITLE.match(s)) else None),
              ("official_account", lambda s: Drop("platform_marker", {"account": m["body"], "line_class": "official_account"})
               if (m := _OFFICIAL_ACCOUNT.match(s)) and account_name(m["body"]) else None),
              ("account_owner", lambda s: Drop("platform_marker", {"account": m["body"], "line_class": "account_owner"})
               if (m := _ACCOUNT_OWNER.match(s)) and _GOV_BODY.match(m["body"]) and account_name(m["body"])
               and not headline_name(m["body"]) else None),
              ("url_line", lambda s: Drop("site_identity", {"line_class": "url_line"}) if _URL_LINE.match(s) else None),
              ("reading_time", lambda s: Drop("view_count", {"line_class": "reading_time"}) if _READING_TIME.match(s) else None),
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
    for name, pat in LINE_PATTERNS if _ANY_LINE_PATTERN.match(s) else ():
        m = pat.match(s)
        if not m:
            continue
        if name in ("menu_bar", "page_title_copy") and (d := _classed(field_line(s), "field_line")):
            return d  # 四川日报 ｜ 2023-12-16 ｜ 01 要闻 ｜ 作者：… is a masthead, not a menu
        if name == "source_meta":
            meta = read_fields(s)
            if "date" not in meta and re.search(r"来源|Source", s, re.I) and iso_date(s):
                meta["date"] = iso_date(s)  # 来源：央视网 | 2023年05月05日 21:52
            return Drop(name, meta)
        if name == "photo_credit":
            names = (m.group("names") or m.group("names2") or "")
            return Drop(name, {"authors": NAME_SPLIT.split(names.strip())} if names else {})
        if name == "web_dateline":
            date = iso_date(s)
            meta = read_fields(s) if re.search(r"来源|作者", s) else {}
            meta = {**meta, "line_class": "dated_menu"} if pat is _DATED_MENU else meta
            return Drop(name, {**meta, "dateline": date} if date else meta)
        if name == "masthead":
            pub = (m.groupdict().get("pub") or "").strip()
            return Drop(name, {**({"publication": pub} if pub else {}), "issue_date": iso_date(m.group("date"))})
        if name == "publish_line" and m.group("account") and re.fullmatch(r"(?:\S+\s+){1,2}" + DATE + r"\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?", s) \
                and not (account_like(m.group("account")) and account_like(m.groupdict().get("account2") or m.group("account"))):
            continue  # headline_with_date: 高原夏菜喜获丰收 2024-03-08 (09:15) is a headline and its date, not an account's line
        if name == "editor_credit" and DATE_PARTS.search(s) and (d := field_line(s)) is not None:
            return _classed(d, "field_line")  # editors, then the date and source on one line (编辑：王 五　来源：…　发布时间：…): a field line
        if name == "editor_credit" and _KIND_TAGGED.match(s):
            continue  # 视频丨高原夏菜喜获丰收: a headline tagged with its media kind, not a credit
        if name == "publish_line":
            # a WeChat head names the author and the account (原创 张三 定西发布 …): both kept, the
            # issuer is whichever resolves
            meta = {"publish_date": iso_date(m.group("date")), "account": m.group("account"), "source": m.groupdict().get("src"),
                    "account2": m.groupdict().get("account2")}
            return Drop(name, {k: v.strip() for k, v in meta.items() if v})
        if name == "bracket_field":
            # bracket_fields: the page's own fields, several labels in brackets on one line with its publish date
            # (【发布日期】2025-05-12　【来源】某某处　【浏览次数】3409), read as the unbracketed field line is
            labels = re.findall(r"[【\[]([^】\]]{1,8})[】\]]", s)
            if len(labels) >= 2 and any(re.fullmatch(r"(?:发布|发稿|更新)?(?:日期|时间)", lab) for lab in labels):
                d = drop_line(re.sub(r"[【\[]([^】\]]{1,8})[】\]]\s*", r"\1：", s))
                if d is not None and d.rule != "source_meta":
                    return Drop(d.rule, {**d.meta, "line_class": "bracket_fields"})
            return Drop("source_meta", {"line_class": "bracket_field"})
        if name in ("page_line", "page_nav"):
            return Drop("issue_marker", {"line_class": name})  # a page line stands in a masthead block and marks a paper
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
        if name == "platform_marker" and s.startswith("原创") and len(words := s[2:].split()) >= 1 and account_like(words[-1]) \
                and not names_in(words[-1]):
            return Drop(name, {"account": words[-1]})  # 原创 张三 浙江发布: the account's name closes the line
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

