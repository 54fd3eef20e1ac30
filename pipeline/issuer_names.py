"""Issuer names: which government, body or medium a name of a source, masthead, account or
site stands for (``resolve_issuer``), with the rule that decided it (``resolve_issuer_rule``).

A name is resolved, first that applies: a national body's office in a division (``local_branch``:
国家税务总局甘肃省税务局, 中国证监会甘肃监管局 → 甘肃省); a national medium or body of
``lexicons/national_media.txt`` named as itself (``national_media``; a standard name behind a
short key, 住建部 → 住房和城乡建设部, is ``central_body``), never a local office holding its short
name (兰州市住建部门 → 兰州市, 县文旅部门 → none); a 中国…报 (``national_paper``); a local medium of
``lexicons/local_media.txt`` (``local_media``: 津云 → 天津市); a local paper (``local_paper``:
天水日报, 天水市's level and code) or station (``local_station``); a ministry or national bureau
by its name (``central_body``: 商务部新闻办公室 → 商务部; not a 中国…局 naming a division,
中国铁路兰州局); a state-wide name (``state_name`` → 国务院); else the most specific division the
name opens with (``division_prefix``: 广元市发展和改革委员会 → 广元市; 公安部门 is no 公安县); else a release
account named after a body's own short name (``release_account``: 海关发布 → 海关总署, the one standard name of
``national_media.txt`` that is the stem and a body's kind; 数据发布, 教育发布 — everyday words — are column labels). :mod:`pipeline.metadata` decides which names of a document to ask, in
which order; it reads a site's whole name at the top of a page with :func:`site_name` and a local app
named after its place with :func:`media_place` and :func:`speaks_for`.

>>> from pipeline.divisions import parse
>>> divs = parse("甘肃省\\t620000\\t甘肃\\n\\t天水市\\t620500\\t天水\\n", "")
>>> resolve_issuer("天水日报", divs, national=())
('天水日报', 'prefecture', '620500')
>>> resolve_issuer("商务部新闻办公室", divs, national=()), resolve_issuer("县委宣传部", divs, national=())
(('商务部', 'national', '100000'), None)
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from pipeline.divisions import NATIONAL_CODE, Divisions
from pipeline.patterns import CJK_UNIFIED, DIVISION_SUFFIX, lazy_compile  # character classes are defined once, in patterns


# a division's short form that jieba's dictionary knows as a common word of another kind (公安 n 2800,
# 平安 a 1438, 合作 vn): at a name's start it is that word (公安机关, 平安中国), never the division's
# short name; a place word (长安 ns, 海南 ns) or a rarer word (天水 n 148, 白银 nr 334) still is
COMMON_WORD_FREQ = 1000


def _short_is_common_word(short: str) -> bool:
    from pipeline.lexicons import jieba_dictionary

    freq, tag = jieba_dictionary().get(short, (0, ""))
    return freq >= COMMON_WORD_FREQ and not tag.startswith("ns")


def division_prefix(name: str, divisions: Divisions):
    """The most specific division a name starts with (甘肃省兰州市… → 兰州市); a short form followed by 部门 is
    a kind of department, not that division (公安部门 is no 公安县's), and a short form that is a common
    word (:data:`COMMON_WORD_FREQ`) names no division (公安机关, 公安发布, 平安中国).

    >>> from pipeline.divisions import parse
    >>> divs = parse("湖北省\\t420000\\t湖北\\n\\t荆州市\\t421000\\t荆州\\n\\t\\t公安县\\t421022\\t公安\\n", "")
    >>> [getattr(division_prefix(n, divs), "name", None) for n in ("公安县人民政府", "公安机关", "公安部门", "荆州发布")]
    ['公安县', None, None, '荆州市']
    """
    best, rest = None, name
    while rest:
        hit = None
        for n in range(min(len(rest), 20), 1, -1):
            cands = [d for d, kind in divisions.kinds(rest[:n])
                     if kind == "name" or (kind == "short" and not rest.startswith("部门", n)
                                           and not _short_is_common_word(rest[:n]))]
            if best is not None:
                cands = [d for d in cands if d.province == best.province]
            if cands:
                hit = (cands[0], n)
                break
        if hit is None:
            break
        best, rest = hit[0], rest[hit[1]:]
    return best


# a ministry's kind right after a short form: 公安部 is the ministry, not 公安县's
_MINISTRY_KIND = lazy_compile(r"部|总局|总署")


def _named_division_prefix(name: str, divisions: Divisions) -> bool:
    """The name opens with a division's standard name (甘肃省…, 公安县…), or its short form followed by
    anything but a ministry's kind (兰州…局, not 公安部: a short form right before 部 is a ministry's name)."""
    for n in range(min(len(name), 20), 1, -1):
        for d, kind in divisions.kinds(name[:n]):
            if kind == "name" or (kind == "short" and not _MINISTRY_KIND.match(name, n)):
                return True
    return False


# central_body: a ministry, commission or national bureau of the State Council, by its name, with the
# state's name before it or an office of it after it (中华人民共和国商务部 / 商务部新闻办公室 / 国家邮政局 /
# 国家卫生健康委员会): the body itself is the issuer (national); a bare …部 without a local body's word
# (县, 市, 省, 委: 县委宣传部 is a county's), a …局 or …委员会 only with 国家 before it or as a 总局
# (市 only as the word 市场: 市场监管总局 is a national bureau; a 中国…局 — 中国气象局, 中国地震局 — and the
# supreme court and procuratorate are central bodies too)
_CENTRAL_BODY = lazy_compile(r"^(?:中华人民共和国)?(?P<body>国家[" + CJK_UNIFIED + r"]{1,12}?(?:局|委员会|委|署)"
                           r"|(?:(?![县区省州委])(?!市(?!场))[" + CJK_UNIFIED + r"]){2,10}?(?:部|总局|总署)"
                           r"|中国[" + CJK_UNIFIED + r"]{2,8}?局|最高人民(?:法院|检察院))"
                           r"(?:新闻办公室|新闻办|办公厅|[" + CJK_UNIFIED + r"]{0,8}?(?:司|中心))?$")
# body_site: a body's own website or account after its name (商务部网站, 某某局官网, 某某县人民政府门户网站)
BODY_SITE = lazy_compile(r"(?<=[部委局厅署办府院会心])(?:门户网站|官方网站|官网|网站|微信公众号|公众号|官方微博|政务微博)$")
# national_paper: a paper named 中国…报 (中国水利报, 中国教育报, 中国青年报) is a national paper
_NATIONAL_PAPER = lazy_compile(r"^中国[" + CJK_UNIFIED + r"]{1,8}?(?:报|日报)$")
# a person's title right after a body's name: 国防部长 / 外交部发言人 / 商务部副部长 name a person, not the body
# (外交部发言人办公室, an office, still names it; so does 商务部长沙办事处, a division's name after the body)
_PERSON_TITLE = lazy_compile(r"(?:副?(?:部|局|署|司|主任)?长|发言人|负责人|有关负责同志|官员)(?!办公室|办|室)")
# what follows a person's title: at most a person's name (国防部长董军), never a body's own name (水利部|长江水利委员会,
# 交通运输部|长江航务管理局: a ministry's agency, not 部长 + a name)
_AFTER_TITLE = lazy_compile(r"[" + CJK_UNIFIED + r"]{0,4}")
_BODY_END = lazy_compile(r"(?:委员会|委|局|会|办公室|办|室|处|中心|所|站|院|队)$")
# the kind of a national body's office in a division: …监管局 / …中心支行 / …分行 / …调查总队 / …税务局 / …办公室
_BRANCH_KIND = r"(?:局|分局|厅|办|办公室|中心|支行|分行|总队|调查队)"
# local_branch: a national body's office in a division, named after it (国家税务总局甘肃省税务局,
# 国家金融监督管理总局四川监管局): a body of that division, like its own 厅 or 局
_LOCAL_BRANCH = lazy_compile(r"^(?:国家|中国)[" + CJK_UNIFIED + r"]{2,12}?(?:总局|局|署|银行)(?P<rest>[" + CJK_UNIFIED + r"]{4,24}"
                           + _BRANCH_KIND + r")$")
# the remainder after a national body's name that makes the name its office in a division
# (中国证监会|甘肃监管局, 中国人民银行|兰州中心支行, 国家统计局|甘肃调查总队)
_BRANCH_REST = lazy_compile(r"^[" + CJK_UNIFIED + r"]{2,24}" + _BRANCH_KIND + r"$")
# a level word alone before a body's short name: 县文旅部门 / 市住建局 (a local department)
_LEVEL_WORD = lazy_compile(r"^" + DIVISION_SUFFIX + r"$")
NAME_MARKS = lazy_compile(r"[《》\s]")
_NEW_PREFIX = lazy_compile(r"^新[" + CJK_UNIFIED + r"]{2,3}·")  # 新甘肃·甘肃日报
# party_central: an organ of the party's Central Committee, by its name (中共中央政法委员会 / 中共中央宣传部 / 中共中央办公厅):
# a national body, its own issuer
_PARTY_CENTRAL = lazy_compile(r"^(?:中共中央|中国共产党中央委员会)[" + CJK_UNIFIED + r"]{0,10}?(?:委员会|部|办公厅|室|学校)$")
_PARTY_PREFIX = lazy_compile(r"^中共(?=[" + CJK_UNIFIED + r"]{2,20}?[省市州盟县区旗]委)")  # 中共渭源县委宣传部
# (a station or media centre is its government's; a news site named after its division is read from local_media.txt
# only, local_news_site: many a place's 新闻网 is a branch site of 中国新闻社, 湖北新闻网, not the place's own)
_LOCAL_PAPER = lazy_compile(r"^(?P<place>[" + CJK_UNIFIED + r"]{2,12}?)(?P<kind>日报|晚报|都市报|报|广播电视台|电视台|融媒体中心)$")
# paper_site: a newspaper's name, then its site's or app's word (北京日报客户端 / 北京日报网 / 某某晚报APP)
_PAPER_SITE = lazy_compile(r"^(?P<paper>[" + CJK_UNIFIED + r"]{2,12}?(?:日报|晚报|都市报|时报))(?:网|客户端|APP|App|app)$")
_STATE_WORD = lazy_compile(r"全国|中华人民共和国|国家")
# what may follow a local medium's name: 津云客户端 / 津云新闻 / 津云网
_MEDIA_TAIL = lazy_compile(r"(?:客户端|APP|App|app|新闻|网)?")


def _division_office(rest: str, divisions: Divisions):
    """The division a national body's office serves, by the remainder of its name after the body
    (甘肃监管局 → 甘肃省, 兰州中心支行 → 兰州市), or None."""
    if _BRANCH_REST.match(rest) and _named_division_prefix(rest, divisions):
        return division_prefix(rest, divisions)
    return None


def _inside_word(name: str, i: int, n: int) -> bool:
    """A word of jieba's dictionary (frequency 50 or more) that is not an organisation's name
    starts before index ``i`` of ``name`` and holds the whole key ``name[i:i + n]``: the key is
    part of that word (求是 in 实事求是), not a name of its own. A word crossing only the key's
    first character (载人 in 原载人民日报, 中国人 in 中国人社部) does not hide it, and inside an
    organisation's name (证监会 in 中国证监会) the key still names the body.

    >>> [_inside_word(n, i, k) for n, i, k in (("《实事求是》杂志", 3, 2), ("据新华社报道", 1, 3),
    ...  ("中国证监会甘肃监管局", 2, 3), ("原载人民日报", 2, 4), ("中国人社部", 2, 3))]
    [True, False, False, False, False]
    """
    from pipeline.lexicons import jieba_dictionary

    words = jieba_dictionary()
    for a in range(max(0, i - 4), i):
        for b in range(i + n, min(len(name), a + 8) + 1):
            freq, tag = words.get(name[a:b], (0, ""))
            if freq >= 50 and tag != "nt":
                return True
    return False


def _split_key(name: str, i: int) -> bool:
    """A two-character key at index ``i`` of ``name`` whose halves belong to two other words of jieba's dictionary
    (frequency 50 or more, not an organisation's name): a word ending on its first character (白云 in 白云听涛) or one
    starting on its second (听涛): half a two-character key beside a word is a coincidence, not the name (云听 is a
    whole name or a word of its own: 云听客户端, 据云听).

    >>> [_split_key(n, i) for n, i in (("白云听涛", 1), ("云听", 0), ("云听客户端", 0), ("央视新闻", 0), ("中央视听", 1))]
    [True, False, False, False, True]
    """
    from pipeline.lexicons import jieba_dictionary

    words = jieba_dictionary()

    def word(w):
        freq, tag = words.get(w, (0, ""))
        return freq >= 50 and tag != "nt"
    return any(word(name[a:i + 1]) for a in range(max(0, i - 3), i)) \
        or any(word(name[i + 1:b]) for b in range(i + 3, min(len(name), i + 5) + 1))


def _names_a_person(tail: str, divisions: Divisions) -> bool:
    """The rest of a name after a body's key is a person's title, then at most a person's name
    (国防部长董军, 外交部发言人): the name is a person's, not the body's. Not when a division's name
    follows (商务部|长沙办事处) or a body's own name does (水利部|长江水利委员会).

    >>> from pipeline.divisions import parse
    >>> divs = parse("湖南省\\t430000\\t湖南\\n\\t长沙市\\t430100\\t长沙\\n", "")
    >>> [_names_a_person(t, divs) for t in ("长董军", "发言人", "长沙办事处", "长江水利委员会", "长江委", "发言人办公室")]
    [True, True, False, False, False, False]
    """
    m = _PERSON_TITLE.match(tail)
    if not m or _named_division_prefix(tail, divisions):
        return False
    rest = tail[m.end():]
    return bool(_AFTER_TITLE.fullmatch(rest)) and not _BODY_END.search(tail)


def _national_key(name: str, divisions: Divisions, national):
    """``(issuer, rule)`` of the first national key the name holds as that body's or medium's own
    name, ``(division, "local_branch")`` for an office of it in a division, or None. A key is not the
    name when a division or a level word stands before it (兰州市住建部门, 县文旅部门: a local
    department) or 门 after it (人社部门: a department, not 人社部)."""
    low = name.lower()
    for key, issuer in national:
        if "." in key:  # a site's domain is read from a web address's host only (domain_owner), never inside a name
            continue
        i = low.find(key.lower())
        while i >= 0 and ((i > 0 and _inside_word(name, i, len(key))) or (len(key) == 2 and _split_key(name, i))):
            i = low.find(key.lower(), i + 1)  # 实事求是 holds 求是 but does not name it
        if i < 0:
            continue
        head, tail = name[:i], name[i + len(key):]
        if head and (_LEVEL_WORD.match(head) or _named_division_prefix(head, divisions)):
            continue
        if tail.startswith("门") or _names_a_person(tail, divisions):
            continue
        d = _division_office(tail, divisions)
        if d is not None:  # local_branch: 中国证监会甘肃监管局 → 甘肃省
            return (d.name, d.level, d.code), "local_branch"
        if _CENTRAL_BODY.match(issuer):  # central_body: 市场监管总局 -> 国家市场监督管理总局 (or a standard name listed as itself)
            return (issuer, "national", NATIONAL_CODE), "central_body"
        if issuer == name and _NATIONAL_PAPER.match(name):  # national_paper: 中国青年报
            return (issuer, "national", NATIONAL_CODE), "national_paper"
        return (issuer, "national", NATIONAL_CODE), "national_media"
    return None


# national_body / placeless_paper: a national body or paper no list names, by the shape of its name
# (lexicons/national_bodies.txt): the state's name, a society's or association's kind after it
# (中国物流与采购联合会), or a paper's name naming no division (人民政协报); a name holding a division
# (甘肃日报, 四川省物流协会) is that division's, and a line holding a second name or a clause is none
_SHAPE_MIDDLE = lazy_compile(r"^[" + CJK_UNIFIED + r"]{0,10}$")
_SHAPE_INNER = lazy_compile(r"[会局部委院厅署]")


def _names_division(name: str, divisions: Divisions) -> bool:
    """A division's name or short form stands anywhere in the name (not a ministry's kind after it)."""
    return any(_named_division_prefix(name[i:], divisions) for i in range(len(name) - 1))


def _names_division_word(name: str, divisions: Divisions) -> bool:
    """A division is named in the name as a word of its own: a county's short form inside a longer word of jieba's
    dictionary (解放 in 解放军报, a district 解放区's short form) is no mention of it."""
    from pipeline.clean import word_tags

    ends, n = set(), 0
    for w, _ in word_tags(name):
        n += len(w)
        ends.add(n)
    for i in range(len(name) - 1):
        for n in range(min(len(name) - i, 20), 1, -1):
            for d, kind in divisions.kinds(name[i:i + n]):
                if kind == "name" or (kind == "short" and not _MINISTRY_KIND.match(name, i + n)
                                      and (d.level != "county" or i + n in ends)):
                    return True
    return False


def national_shape(name: str | None, divisions: Divisions) -> str | None:
    """``national_body`` or ``placeless_paper`` when the name, whole, has a national body's or paper's
    shape and names no division, else None.

    >>> from pipeline.divisions import parse
    >>> divs = parse("甘肃省\\t620000\\t甘肃\\n\\t兰州市\\t620100\\t兰州\\n", "")
    >>> [national_shape(n, divs) for n in ("中国物流与采购联合会", "人民政协报", "甘肃日报", "兰州晚报", "中国甘肃物流协会")]
    ['national_body', 'placeless_paper', None, None, None]
    >>> [national_shape(n, divs) for n in ("全国总工会慰问中国铁路协会", "中国作协主席", "统计公报", "本报")]
    [None, None, None, None]
    """
    from pipeline.lexicons import national_body_shapes

    if not name:
        return None
    shapes = national_body_shapes()
    prefixes, heads = shapes.get("prefix", ()), shapes.get("body_head", ())
    shape = None
    for p in prefixes:
        if not name.startswith(p):
            continue
        for h in heads:
            mid = name[len(p):len(name) - len(h)] if name.endswith(h) and len(name) >= len(p) + len(h) else None
            # the part between holds one body's own words: no second state's name, no other body's kind
            if mid is not None and _SHAPE_MIDDLE.match(mid) and not _SHAPE_INNER.search(mid) \
                    and not any(q in mid for q in prefixes):
                shape = "national_body"
                break
        break  # the longest prefix the name opens with decides
    if shape is None:
        for h in shapes.get("paper_head", ()):
            mid = name[:-len(h)] if name.endswith(h) else None
            if mid and 2 <= len(mid) <= 8 and _SHAPE_MIDDLE.match(mid) and not _SHAPE_INNER.search(mid) \
                    and not any(name.endswith(w) for w in shapes.get("paper_not", ())):
                shape = "placeless_paper"
                break
    if shape is None or (_names_division_word(name, divisions) if shape == "placeless_paper" else _names_division(name, divisions)):
        return None
    return shape


def resolve_issuer(name: str | None, divisions: Divisions, national, local=()) -> tuple[str, str, str] | None:
    """``(issuer, level, code)`` for a name of a medium, body or government, or None
    (``national``: the national media's ``(key, issuer)`` pairs, the configured ``national_media.txt``;
    ``local``: ``(name, division)`` pairs of local media without a place in their name, ``local_media.txt``)."""
    r = resolve_issuer_rule(name, divisions, national, local)
    return r[0] if r else None


def resolve_issuer_rule(name: str | None, divisions: Divisions, national, local=()):
    """``((issuer, level, code), rule)``: :func:`resolve_issuer` with the name of the rule that
    resolved it (``local_branch``, ``national_media``, ``national_paper``, ``local_media``,
    ``local_paper``, ``local_station``, ``central_body``, ``national_body``, ``placeless_paper``, ``state_name``, ``party_central``, ``paper_site``,
    ``division_prefix``, ``release_account``), or None.

    >>> from pipeline.divisions import parse
    >>> divs = parse("甘肃省\\t620000\\t甘肃\\n\\t兰州市\\t620100\\t兰州\\n", "")
    >>> nat = (("住建部", "住房和城乡建设部"), ("证监会", "中国证券监督管理委员会"))
    >>> [resolve_issuer_rule(n, divs, nat) for n in ("住建部", "兰州市住建部门", "中国证监会甘肃监管局")]
    [(('住房和城乡建设部', 'national', '100000'), 'central_body'), (('兰州市', 'prefecture', '620100'), 'division_prefix'), (('甘肃省', 'province', '620000'), 'local_branch')]
    """
    if not name:
        return None
    name = NAME_MARKS.sub("", name)
    name = _NEW_PREFIX.sub("", name)
    bare = BODY_SITE.sub("", name)
    name = bare if len(bare) >= 2 else name  # body_site: 商务部网站 is 商务部's
    if _PARTY_CENTRAL.match(name):  # party_central: an organ of the party's Central Committee (中共中央政法委员会)
        return (name, "national", NATIONAL_CODE), "party_central"
    name = _PARTY_PREFIX.sub("", name)  # 中共渭源县委宣传部: the division's party committee
    m = _LOCAL_BRANCH.match(name)
    d = _division_office(m["rest"], divisions) if m else None
    if d is not None:  # local_branch: the division the office serves
        return (d.name, d.level, d.code), "local_branch"
    hit = _national_key(name, divisions, national)
    if hit:
        return hit
    m = _PAPER_SITE.match(name)
    r = resolve_issuer_rule(m["paper"], divisions, national, local) if m else None
    if r is not None and r[1] in ("local_paper", "placeless_paper", "national_paper", "national_media"):
        return r[0], "paper_site"  # paper_site: a paper's site or app is the paper (北京日报客户端, 某某日报网 -> 某某日报)
    if _NATIONAL_PAPER.match(name):  # national_paper: 中国水利报, 中国教育报 (a 中国…报 is a national paper)
        return (name, "national", NATIONAL_CODE), "national_paper"
    for key, division in local:  # local_media: a city's or province's medium named without its place (津云 -> 天津市)
        if name == key or (name.startswith(key) and _MEDIA_TAIL.fullmatch(name, len(key))):
            d = next((d for d, kind in divisions.kinds(division) if kind == "name"), None)
            if d is not None and key.endswith("报"):  # local_paper: a province's or city's paper named without its
                return (key, d.level, d.code), "local_paper"  # place (南方日报): the paper, its division's level and code
            if d is not None and key.endswith("新闻网") and name == key:  # local_news_site: a news site the lexicon lists
                return (key, d.level, d.code), "local_news_site"  # with its division (四川新闻网): its own issuer
            if d is not None:
                return (d.name, d.level, d.code), "local_media"
            paper = next(((k, v) for k, v in local if k == division and k != key), None)
            pd_ = next((d for d, kind in divisions.kinds(paper[1]) if kind == "name"), None) if paper else None
            if pd_ is not None:  # paper_app: a paper's app named without the paper (上观新闻 -> 解放日报), the paper's
                return (paper[0], pd_.level, pd_.code), "paper_app"
    m = _LOCAL_PAPER.match(name)
    if m:
        cands = [d for d, kind in divisions.kinds(m["place"]) if kind != "former"]
        if cands:
            d = cands[0]
            if m["kind"] in ("日报", "晚报", "都市报", "报"):
                return (name, d.level, d.code), "local_paper"
            return (d.name, d.level, d.code), "local_station"
    m = _CENTRAL_BODY.match(name)
    if m and not _named_division_prefix(name, divisions) and not _holds_division(m["body"], divisions):
        return (m["body"], "national", NATIONAL_CODE), "central_body"  # a ministry or national bureau issues in its own name
    shape = national_shape(name, divisions)
    if shape is not None:  # national_body: 中国物流与采购联合会; placeless_paper: 人民政协报 (no division named)
        return (name, "national", NATIONAL_CODE), shape
    if _STATE_WORD.search(name[:8]) and not division_prefix(name, divisions):
        return ("国务院", "national", NATIONAL_CODE), "state_name"
    d = division_prefix(name, divisions)
    if d is not None:
        return (d.name, d.level, d.code), "division_prefix"
    body = _release_account(name, national)
    if body is not None:  # release_account: 海关发布 -> 海关总署
        return (body, "national", NATIONAL_CODE), "release_account"
    return None


# release_account: a body's release account named after the first word of its name, 某某发布 (a ministry's or
# bureau's 政务号 on an app or platform: 海关发布, 公安发布; a place's, 兰州发布, is read as the division before)
_RELEASE_ACCOUNT = lazy_compile(r"^(?P<stem>[" + CJK_UNIFIED + r"]{2,6}?)(?:微发布|发布)$")
_NATIONAL_WORD = lazy_compile(r"^(?:中华人民共和国|国家|中国)")
# the kind of a central body after its own short name (水利|部, 海关|总署, 气象|局, 人社|部): a release account's stem is
# the body's whole name but its kind, never the first word of a longer one (文化 of 文化和旅游部, whose own is 文旅)
_BODY_KIND = r"(?:部|总?局|总?署|委员会|委)"
# a stem jieba counts this often is an everyday topic word (数据, 统计, 文化, 教育, 能源: a column's label, 数据发布),
# not a body's short name (水利 1,504, 气象 1,512, 海关 813; 能源 2,232, 数据 5,232, 教育 23,961)
_COMMON_WORD_FREQ = 2000


def _common_word(stem: str) -> bool:
    """The stem is a word of jieba's dictionary at least ``_COMMON_WORD_FREQ`` times (数据, 教育): a topic, not a name."""
    from pipeline.lexicons import jieba_dictionary

    return jieba_dictionary().get(stem, (0, ""))[0] >= _COMMON_WORD_FREQ


def _release_account(name: str, national) -> str | None:
    """The one central body (a standard name of ``national_media.txt`` that is a ministry's or national
    bureau's) whose name, or a short key of it, is the stem of a release account's name and a body's kind
    (海关发布 → 海关总署; 气象发布 → 中国气象局, 国家/中国 aside), or None (none, more than one, or a stem that is an
    everyday word of jieba's dictionary: 数据发布, 教育发布 are a column's labels). The name alone is no account: the
    caller asks for an account's place (an account or author line, a follow button beside it).

    >>> nat = (("海关总署", "海关总署"), ("国家统计局", "国家统计局"), ("人社部", "人力资源和社会保障部"))
    >>> _release_account("海关发布", nat), _release_account("人社发布", nat), _release_account("国家发布", nat)
    ('海关总署', '人力资源和社会保障部', None)
    >>> _release_account("统计发布", nat)  # 统计 is an everyday word: a column's label
    """
    m = _RELEASE_ACCOUNT.match(name)
    if not m or _NATIONAL_WORD.fullmatch(m["stem"]) or _common_word(m["stem"]):
        return None
    stem = m["stem"]
    own = re.compile(re.escape(stem) + _BODY_KIND)
    bodies = {issuer for key, issuer in national if _CENTRAL_BODY.match(issuer)
              and any(own.fullmatch(_NATIONAL_WORD.sub("", n)) for n in (key, issuer))}
    return bodies.pop() if len(bodies) == 1 else None


# short_name_account: an account named by a central body's own short name and a brand word of its own (工信 + 微报:
# 工信部 → 工业和信息化部; 商务 + 在线): the stem, 2 to 4 ideographs, with the body's kind after it is a short key or
# the standard name of one central body (national_media.txt), the brand word after the stem at least 2 ideographs
_SHORT_ACCOUNT = re.compile(r"^[" + CJK_UNIFIED + r"]{4,8}$")
# a body's kind or a division's in an account's brand word: the name is a body's own (某某厅某某处) or a place's
_PLACE_WORD = re.compile(r"[厅处局司部委]|" + DIVISION_SUFFIX + r"$")


def short_name_account(name: str | None, national) -> str | None:
    """The one central body whose own short name opens the account's name ``name`` before a brand word of two or more
    ideographs (工信微报 → 工业和信息化部, as 工信部 is its short name), or None (none, more than one, a stem that is an
    everyday word of jieba's dictionary — 数据, 教育: a topic's account —, or a name that is itself a body's). The name
    alone is no account: the caller asks for an account's place (an account line, a source or author line).

    >>> nat = (("工信部", "工业和信息化部"), ("商务部", "商务部"), ("国家统计局", "国家统计局"))
    >>> short_name_account("工信微报", nat), short_name_account("商务在线", nat), short_name_account("统计微报", nat)
    ('工业和信息化部', '商务部', None)
    >>> short_name_account("乐游申城", nat), short_name_account("工信部", nat), short_name_account("工信湖南", nat)
    (None, None, None)
    """
    if not name or not _SHORT_ACCOUNT.match(name):
        return None
    from pipeline.clean import word_tags
    from pipeline.pagefields import account_named

    words = word_tags(name)
    cuts = {sum(len(w) for w, _ in words[:k]) for k in range(len(words) + 1)}
    for n in range(2, min(4, len(name) - 2) + 1):
        stem, brand = name[:n], name[n:]
        if _NATIONAL_WORD.fullmatch(stem) or _common_word(stem):
            continue
        # (the brand word: the stem a word of its own, never the head of a longer one — 商务印书馆, 商务厅 —, and the rest
        # a platform's or medium's word, 微报, 快报, 在线 — never a place, 气象北京, 工信湖南, a body's division, 厅/处, or any
        # other word, 航天科工: a firm)
        if n not in cuts or not account_named(brand) or _PLACE_WORD.search(brand) \
                or any(t == "ns" for w, t in words if name.find(w) >= n):
            continue
        own = re.compile(re.escape(stem) + _BODY_KIND)
        bodies = {issuer for key, issuer in national if _CENTRAL_BODY.match(issuer)
                  and any(own.fullmatch(_NATIONAL_WORD.sub("", k)) for k in (key, issuer))}
        if len(bodies) == 1:
            return bodies.pop()
    return None


# media_place: a local app's or account's name holding its place after a short word (无限某某, 掌上某某, 爱某某: a
# city's or county's own app, with 客户端 / APP / 新闻 after it); 新 before a place names a party paper's app
# (新甘肃 is 甘肃日报's), never the government's
_MEDIA_PLACE_TAIL = lazy_compile(r"(?:客户端|APP|App|app|新闻)$")
# what shows a name is an app's or account's (无限衢州客户端, 掌上滑县APP, 某某号, 某某发布): without it a word + place
# is an everyday phrase (走进衢州, 聚焦兰州, 魅力兰州, 大美青海), unless the page shows it as its app's name
_APP_MARK = lazy_compile(r"(?:客户端|APP|App|app|号|发布)$")
_MEDIA_PLACE_NAME = lazy_compile(r"^[" + CJK_UNIFIED + r"]{3,12}$")
_PAPER_APP_WORD = "新"
# the first person of a division's government in its own media: 我市 / 我县 / 我省 — the last word of the
# division's standard name (衢州市 says 我市, 滑县 我县, an autonomous region 我区, a municipality 我市)
_FIRST_PERSON = lazy_compile(r"我(?P<w>省|市|州|盟|县|区|旗)")


def media_place(name: str | None, divisions: Divisions, app: bool = False):
    """The one division whose name (standard or short) closes a local medium's name after a word of
    one to three characters (无限衢州客户端 → 衢州市), or None. The name must look like an app's (a 客户端 /
    APP / 号 / 发布 after it) unless ``app`` (the caller saw it as an app's name: a page's header over its
    打开客户端 prompt); 走进衢州 or 魅力兰州 alone is a phrase. The name alone does not make the place the issuer
    (看东方 is no 东方市's app): :func:`speaks_for` asks the text.

    >>> from pipeline.divisions import parse
    >>> divs = parse("浙江省\\t330000\\t浙江\\n\\t衢州市\\t330800\\t衢州\\n", "")
    >>> media_place("无限衢州客户端", divs).name, media_place("新浙江", divs), media_place("衢州日报", divs)
    ('衢州市', None, None)
    >>> media_place("走进衢州", divs), media_place("走进衢州", divs, app=True).name
    (None, '衢州市')
    """
    if not name:
        return None
    n = NAME_MARKS.sub("", name)
    if not app and not _APP_MARK.search(n):
        return None
    n = _MEDIA_PLACE_TAIL.sub("", n)
    if not _MEDIA_PLACE_NAME.match(n):
        return None
    for k in (1, 2, 3):
        if n[:k] == _PAPER_APP_WORD:
            continue
        cands = {d.code: d for d, kind in divisions.kinds(n[k:]) if kind != "former"}
        if len(cands) == 1:
            return next(iter(cands.values()))
    return None


def speaks_for(division, heads: list[str], paras: list[str], divisions: Divisions) -> str | None:
    """What in the text shows it is the division's own (``media_place``), or None: a head line opening
    with the division's name and a colon (衢州：…), or its government's first person in the lead
    (我市 for 衢州市, 我县 for 滑县: the last word of its name) when no other division of its level is named
    before it (记者从天水市统计局获悉…我市 is 天水市 speaking).

    >>> from pipeline.divisions import parse
    >>> divs = parse("浙江省\\t330000\\t浙江\\n\\t衢州市\\t330800\\t衢州\\n", "")
    >>> qz = divs.kinds("衢州")[0][0]
    >>> speaks_for(qz, ["衢州：产业提速"], [], divs), speaks_for(qz, [], ["我市新建平台15个。"], divs), speaks_for(qz, [], ["我县新建平台。"], divs)
    ('衢州：', '我市', None)
    >>> divs = parse("浙江省\\t330000\\t浙江\\n\\t衢州市\\t330800\\t衢州\\n\\t杭州市\\t330100\\t杭州\\n", "")
    >>> speaks_for(divs.kinds("衢州")[0][0], [], ["记者从杭州市获悉，我市新建平台15个。"], divs)
    """
    for h in heads:
        m = re.match(r"^([" + CJK_UNIFIED + r"]{2,12}?)[：:]", h or "")
        if m and any(d.code == division.code for d, kind in divisions.kinds(m.group(1)) if kind != "former"):
            return m.group()
    before = ""
    for p in paras:
        m = next((m for m in _FIRST_PERSON.finditer(p) if division.name.endswith(m["w"])), None)
        if m:  # the lead's first 我市 speaks for another division when one of its level is named before it
            return None if _other_division(before + p[:m.start()], division, divisions) else m.group()
        before += p
    return None


def _other_division(text: str, division, divisions: Divisions) -> bool:
    """A division of ``division``'s level other than it is named in ``text`` by its standard name (天水市 before
    兰州's 我市: 我市 is 天水市's voice)."""
    for i in range(len(text) - 1):
        for n in range(2, min(20, len(text) - i) + 1):
            if any(kind == "name" and d.level == division.level and d.code != division.code
                   for d, kind in divisions.kinds(text[i:i + n])):
                return True
    return False


# the parts of a header line: names parted by spaces, dots or bars (国家林业和草原局 国家公园管理局 / 海关发布 关注)
_HEADER_PARTS = lazy_compile(r"[\s·|｜/、]+")
# a follow button beside an account's name on an app's page (海关发布 关注 / +关注 / 订阅)
_FOLLOW = lazy_compile(r"[+＋]?(?:关注|订阅|已关注)")
# a sentence's punctuation, and the most characters a header line holds: a line with either is the body's text
_SENTENCE_MARK = lazy_compile(r"[，。；！？,;!?]")
_HEADER_MAX = 40
_STATE_PREFIX = lazy_compile(r"^中华人民共和国(?=[" + CJK_UNIFIED + r"]{2})")


def national_site(name: str | None, divisions: Divisions, national):
    """``(issuer, level, code)`` of the national body or medium a site's name stands for when the
    name is that body's own name, whole (``site_header``: 国家卫生健康委员会, 中华人民共和国商务部,
    中国气象局门户网站, 人民网 — a portal's name printed at the top of its page), or None: a line that
    merely holds a body's name (国家卫生健康委员会召开新闻发布会) is not a site's name.

    >>> from pipeline.divisions import parse
    >>> divs = parse("甘肃省\\t620000\\t甘肃\\n", "")
    >>> national_site("中国气象局", divs, ()), national_site("中国气象局召开会议", divs, ())
    (('中国气象局', 'national', '100000'), None)
    >>> national_site("国家林业和草原局 国家公园管理局", divs, ())[0]
    '国家林业和草原局'
    """
    if not name:
        return None
    # a header naming two bodies that share a portal (国家林业和草原局 国家公园管理局): the first, each part alone
    part = _national_part(name, divisions, national)
    return resolve_issuer(part, divisions, national) if part else None


def _national_part(name: str, divisions: Divisions, national) -> str | None:
    """The part of a header line that is a national body's or medium's whole name (the line itself, or
    the first of two names a shared portal prints, 国家林业和草原局 国家公园管理局), or None."""
    parts = [p for p in _HEADER_PARTS.split(name.strip()) if p]
    for part in (parts if len(parts) > 1 else []) + [name]:
        n = _STATE_PREFIX.sub("", NAME_MARKS.sub("", part))
        bare = BODY_SITE.sub("", n)
        n = bare if len(bare) >= 2 else n
        low = n.lower()
        whole = any(low == k.lower() or n == v for k, v in national) or _CENTRAL_BODY.fullmatch(n) is not None \
            or national_shape(n, divisions) is not None
        r = resolve_issuer(n, divisions, national) if whole else None
        if r and r[1] == "national":
            return part
    return None


# the site's name after a page title in a browser tab or print header: 标题_中华人民共和国应急管理部 / 标题 - 某某局
_TAB_SITE = lazy_compile(r"(?:_|\s*[-|｜—]\s*)(?P<site>[^_\-|｜—\s]{2,24})$")


def site_names(line: str | None) -> list[str]:
    """The line, and the site's name after a page title in it (标题_中华人民共和国应急管理部 → 中华人民共和国应急管理部).

    >>> site_names("全国防汛工作有力有效_中华人民共和国应急管理部")
    ['全国防汛工作有力有效_中华人民共和国应急管理部', '中华人民共和国应急管理部']
    """
    if not line:
        return []
    m = _TAB_SITE.search(line)
    return [line] + ([m["site"]] if m and m.start() >= 4 else [])


def site_name(name: str | None, divisions: Divisions, national, local=(), app: bool = False) -> str | None:
    """The site's or app's own name a header line is, whole, or None: a national body or medium
    (:func:`national_site`; the first of two bodies sharing a portal), a local medium of
    ``local_media.txt`` (冰城+), a local app named after its place (:func:`media_place`; ``app``: the page
    shows an app's prompt, so its header is the app's name), or a release account beside its follow button
    (海关发布 关注) — a short header line of a page, never a headline or a sentence that holds a name.

    >>> from pipeline.divisions import parse
    >>> divs = parse("甘肃省\\t620000\\t甘肃\\n", "")
    >>> site_name("国家林业和草原局 国家公园管理局", divs, ()), site_name("国家林业和草原局召开会议", divs, ())
    ('国家林业和草原局', None)
    >>> site_name("海关发布 关注", divs, (("海关总署", "海关总署"),)), site_name("海关发布", divs, (("海关总署", "海关总署"),))
    ('海关发布', None)
    >>> site_name("国家林业和草原局、财政部日前联合印发通知。", divs, ())
    """
    if not name or len(name) > _HEADER_MAX or _SENTENCE_MARK.search(name):
        return None  # a site's header is a short line standing alone, never a sentence of the body
    part = _national_part(name, divisions, national)
    if part is not None:
        return part
    # the line, or one of its parts (an account's name beside its follow button: 海关发布 关注)
    parts = [p for p in _HEADER_PARTS.split(name.strip()) if p]
    follow = any(_FOLLOW.fullmatch(p) for p in parts)
    for part in [name] + (parts if len(parts) > 1 else []):
        if media_place(part, divisions, app=app) is not None:
            return part
        r = resolve_issuer_rule(part, divisions, national, local)
        # release_account: an account's name only beside its follow button (数据发布 alone is a column's label)
        if r is not None and (r[1] in ("local_media", "paper_app") or (r[1] == "release_account" and follow)):
            return part
    return None


def _holds_division(body: str, divisions: Divisions) -> bool:
    """A 中国…局 naming a division inside (中国铁路兰州局: a railway company's regional bureau,
    not a central body); a central body's name holds none (中国气象局, 中国民用航空局)."""
    if not body.startswith("中国"):
        return False
    inner = body[2:]
    return any(_named_division_prefix(inner[i:], divisions) for i in range(len(inner) - 1))


# site_domain: a web address's host, alone on its line (news.cctv.com), in a page's address (https://www.npc.gov.cn/…) or
# after a tab's title (央视网(cctv.com)); never inside a longer word or an e-mail address
_HOST = lazy_compile(r"(?i)(?<![a-z0-9\-.@_])(?:https?://)?(?P<host>(?:[a-z0-9\-]+\.)+(?:com|cn|net|org|gov|edu)(?:\.cn)?)(?![a-z0-9\-])")


def hosts(text: str | None) -> list[str]:
    """The web hosts a line names, lower-cased.

    >>> hosts("news.cctv.com"), hosts("标题_央视网(cctv.com)"), hosts("https://www.npc.gov.cn/npc/c2/t.html 首页")
    (['news.cctv.com'], ['cctv.com'], ['www.npc.gov.cn'])
    """
    return [m["host"].lower() for m in _HOST.finditer(text or "")]


def domain_owner(host: str | None, national) -> str | None:
    """The national body or medium whose site's domain (a key of ``national_media.txt`` holding a dot) the host is or
    ends in (news.cctv.com → 中央广播电视总台, www.npc.gov.cn → 全国人民代表大会常务委员会), or None: a domain matches
    whole labels only (xcctv.com is no cctv.com, www.gansu.gov.cn no www.gov.cn).

    >>> nat = (("cctv.com", "中央广播电视总台"), ("www.gov.cn", "国务院"), ("央视", "中央广播电视总台"))
    >>> domain_owner("news.cctv.com", nat), domain_owner("xcctv.com", nat), domain_owner("www.gansu.gov.cn", nat)
    ('中央广播电视总台', None, None)
    """
    host = (host or "").lower()
    for key, issuer in national:
        k = key.lower()
        if "." in k and (host == k or host.endswith("." + k)):
            return issuer
    return None


def unit_of_body(name: str | None, body: str, national) -> bool:
    """body_unit: on a body's own site, a source naming one of its departments or offices alone (联络部 on the site of
    中国国际贸易促进委员会) or by the body's short form (总社合作指导部 on the site of 中华全国供销合作总社, 总局办公厅 on
    国家税务总局's): a unit's name of at most 10 characters ending in a unit's kind, or one opening with a key of the body
    in ``national_media.txt`` (供销总社) or with the last two or more characters of its standard name (总社, 总局: how a
    body calls itself), followed by a unit's name of two or more characters ending in a unit's kind. (The caller asks
    that the name names no body of the lexicon and no division.)

    >>> nat = (("供销总社", "中华全国供销合作总社"),)
    >>> unit_of_body("总社合作指导部", "中华全国供销合作总社", nat), unit_of_body("总社", "中华全国供销合作总社", nat)
    (True, False)
    >>> unit_of_body("甘肃省供销合作社", "中华全国供销合作总社", nat), unit_of_body("部新闻办", "商务部", ())
    (False, False)
    >>> unit_of_body("市财政局", "国务院", ()), unit_of_body("中国地质调查局", "国务院", ()), unit_of_body("办公厅", "人民日报", ())
    (False, False, False)
    """
    n = NAME_MARKS.sub("", name or "")
    # (a paper's or medium's site never owns the units whose releases it reposts; a name opening with a state word is a
    # body of its own, 中国地质调查局, and one opening with a level word a local government's department, 市财政局)
    if _MEDIA_OWNER.search(body) or _OWN_BODY.match(n):
        return False
    if _BARE_UNIT.match(n):  # (a department named alone: 联络部, 经济发展与改革部, 行业部)
        return True
    shorts = {k for k, v in national if v == body and "." not in k} | {body[-k:] for k in range(2, len(body))}
    for s in sorted(shorts, key=len, reverse=True):
        if n.startswith(s) and len(n) - len(s) >= 2 and _UNIT_KIND.search(n):
            return True
    return False


# a medium's name (a paper, agency, station, magazine or site): its site reposts other bodies' releases, it owns no unit
_MEDIA_OWNER = lazy_compile(r"(?:报|报社|总台|新华社|新闻社|杂志|杂志社|求是|网|电视台|出版社)$")
# a name that is no department of a site's body: a state word opens a body of its own (中国地质调查局, 国家某某中心), a
# level word a local government's department (市财政局, 省农业农村厅, 区教育局 — 市场监管局 is no 市's)
_OWN_BODY = lazy_compile(r"^(?:中国|中华|全国|国家|省|市(?!场)|县|区(?!域)|州|旗|盟|乡|镇|自治区|自治州|自治县)")
# the kind a department's or office's name ends with (合作指导部, 办公厅, 新闻办公室, 信息中心, 研究院)
_UNIT_KIND = lazy_compile(r"(?:司|局|部|厅|办公室|办|中心|处|室|院|所|站)$")
# a department's name alone: 2 to 10 ideographs ending in a department's kind (联络部, 经济发展与改革部, 教材局)
_BARE_UNIT = lazy_compile(r"^[" + CJK_UNIFIED + r"与和]{1,8}(?:司|局|部|厅|办公室|中心)$")


def path_issuer(source: str, divisions: Divisions, national):
    parts = PurePosixPath(source).parts[:-1]
    for part in reversed(parts):
        for key, issuer in national:
            if "." in key:
                continue
            if key in part:
                return (issuer, "national", NATIONAL_CODE), part
        cands = [d for d, kind in divisions.kinds(part) if kind == "name"]
        if cands:
            d = cands[0]
            return (d.name, d.level, d.code), part
    return None, None
