"""Indicators: the metric a number measures, read from the words around it.

Part-of-speech tags of short phrases (a private rjieba tagger with the lexicon's words,
never jieba's global one), the noun phrase after a number (54个产业链党委 → 产业链党委)
and the metric from the phrase before it: links, scope and time words stripped, the
governing verb dropped (吸纳党员 → 党员), a lifecycle stage kept (签约项目).

>>> noun_after("54个产业链党委", 3)
'产业链党委'
>>> clean_metric("全年实现地区生产总值", places=frozenset())
'地区生产总值'
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline import memory
from pipeline import patterns as P
from pipeline.indicator_numbers import Tagging, tagging_in_use

# --------------------------------------------------------------------------- tagging

@lru_cache(maxsize=2)
def _tagger(words: tuple[tuple[str, str], ...]):
    """A private rjieba instance for part-of-speech tags (never jieba's global one), with the
    few policy words its dictionary lacks (专班, 等次, 开复工: lexicons/tagger_words.txt)."""
    from pipeline.jieba_engine import new_tokenizer

    jb = new_tokenizer()
    for word, tag in words:
        jb.add_word(word, 20000, tag)
    return jb


def pos_tags(s: str) -> tuple[tuple[str, str], ...]:
    """(word, tag) pairs of a short phrase, with the verb tags jieba's dictionary gets wrong
    fixed, by the tagging of the lexicon last resolved (the one :func:`pipeline.indicators.extract` works with)."""
    return _tag_with(s, tagging_in_use())


@lru_cache(maxsize=8192)
def _tag_with(s: str, tagging: Tagging) -> tuple[tuple[str, str], ...]:
    fixes = tagging.fixes
    return tuple((w, fixes.get(w, t)) for w, t in _tagger(tagging.words).tag(s, False))


# tags of the words a noun phrase is made of (jieba tag set)
_NOUN_TAGS = ("n", "nz", "nt", "ns", "nr", "vn", "j", "an", "ng", "zg", "k", "l")
# verbs and linking words that start a predicate: a noun phrase stops before them
_PREDICATES = frozenset("实现 提供 推动 完成 开展 参与 带动 达到 进行 形成 建设 开工 签约 落地 投产 "
                        "入驻 实施 获得 参加 接受 协同 主抓 担任 统筹 协调 成为 得到 受益 涵盖 包括 "
                        "包含 覆盖 脱贫 就业 增收 享受 建成 开通 新增 到 在 对 为 赴 向 从 是 有 等 及".split())
# words that end a noun phrase when they come after its first word and before a verb
# (牵头单位|重点落实; but 县委重点工作 goes on)
_PREDICATES_LATER = frozenset("重点 具体 全面 主要 正在 全部 均 已 分别".split())
_STOP_TAGS = ("c", "p", "u", "uj", "d", "r", "y", "e", "o")
# a quoted name right after a number: 1年的“1+1”帮带培养 (digits and + inside quotes)
_QUOTED_HEAD = re.compile(r"[“\"‘][^”\"’“‘\n]{1,12}[”\"’]")
# the run of word characters and quotation marks after a number that its noun phrase is read from
# (compiled once: built per call, the pattern cost more than the match)
_WORD_RUN = re.compile(rf"(?:[^\W\d]|[{P.CURLY_OR_STRAIGHT}]){{1,18}}")
_DIGIT = re.compile(r"\d")
# 和 / 与 / 及 joining two nouns inside one metric (434项中央和自治区重点项目)
_JOINS = frozenset("和 与 及".split())


def noun_after(text: str, pos: int, *, governed: bool = False) -> str | None:
    """The noun phrase right after a number and its unit (54个产业链党委 → 产业链党委).

    ``governed``: the number follows a preposition (为153名年轻干部指派…): the noun phrase is its
    object and ends at the next verb."""
    quoted = ""
    q = _QUOTED_HEAD.match(text, pos, pos + 14)
    if q:
        quoted, pos = q.group(), q.end()
    m = _WORD_RUN.match(text, pos, pos + 18)
    if not m:
        return _unquote(quoted) if len(quoted) > 3 else None
    run = m.group()
    stop_after = text[pos + len(run):pos + len(run) + 1]
    tags = pos_tags(run)
    words: list[str] = [quoted] if quoted else []
    last_noun = len(words)
    for k, (w, tag) in enumerate(tags):
        nxt = tags[k + 1][1] if k + 1 < len(tags) else ""
        noun_next = nxt.startswith(_NOUN_TAGS) or nxt in ("m", "x")
        seen_noun = last_noun > 0
        if w in P.CURLY_OR_STRAIGHT:
            words.append(w)
            if w in "”’\"" and last_noun == len(words) - 1:
                last_noun = len(words)
        elif quoted and tag.startswith("v") and last_noun == len(words):
            words.append(w)  # 1年的“1+1”帮带培养: a quoted name and the activity it names
            last_noun = len(words)
        elif governed and seen_noun and tag.startswith("v") and tag != "vn":
            break
        elif w in _JOINS and seen_noun and k + 1 < len(tags) and tags[k + 1][1].startswith(_NOUN_TAGS) \
                and _join_ok(tags[k + 1:], stop_after):
            words.append(w)  # 中央和自治区重点项目: the whole run after 和 is nouns up to a clause end
        elif w in _PREDICATES or tag.startswith(_STOP_TAGS) or (
                words and w in _PREDICATES_LATER and not noun_next):
            break
        elif tag == "vn" and seen_noun and w not in P.NOMINAL_VN and (
                k == len(tags) - 1 or not nxt.startswith(_NOUN_TAGS) and tags[k - 1][1].startswith(("n", "l"))
                and not (nxt == "v" and k + 2 < len(tags) and tags[k + 2][1].startswith(_NOUN_TAGS))):
            break  # 百亿级产业链培育: a trailing nominalised verb is what is done to the items
        elif tag.startswith(_NOUN_TAGS):
            words.append(w)
            last_noun = len(words)
        elif tag == "m" and not _DIGIT.search(w) and (noun_next or nxt == "q") or (tag == "q" and w == "级"):
            words.append(w)
        elif tag in ("v", "a", "b", "f") and noun_next:
            words.append(w)  # 新录用公务员, 重点产业发展领导小组
        elif tag in ("a",) and nxt in ("v", "a"):
            words.append(w)
        else:
            break
    phrase = "".join(words[:last_noun])
    phrase = _unquote(phrase)
    return phrase if len(phrase) >= 2 else None


def _join_ok(rest, stop_after: str) -> bool:
    """和 joins nouns inside one metric when nouns follow it up to a verb or the clause end
    (434项中央和自治区重点项目开工), not when a further list follows (…产业链和数字经济、…)."""
    for _, t in rest:
        if not t.startswith(_NOUN_TAGS):
            return t.startswith("v")
    return stop_after == "" or stop_after not in "、" and not _DIGIT.match(stop_after)


def _unquote(phrase: str) -> str:
    """Drop quotation marks around a whole phrase and unbalanced ones."""
    if len(phrase) > 2 and phrase[0] in "“\"" and phrase[-1] in "”\"" and phrase.count("“") <= 1:
        phrase = phrase[1:-1]
    if phrase.count("“") != phrase.count("”"):
        phrase = phrase.replace("“", "").replace("”", "")
    return phrase


_HAN = re.compile(r"[^\W\d_A-Za-z]")


def _strip_edges(phrase: str) -> str:
    """Links, scope, time words and list markers off both ends of a phrase."""
    prev = None
    while prev != phrase:
        prev = phrase
        if phrase and (phrase[-1] in P.METRIC_TAIL_END or phrase[-1].isspace()):  # else no tail to strip
            phrase = P.METRIC_TAIL.sub("", phrase)
        phrase = P.METRIC_LEAD.sub("", phrase)
        phrase = P.LIST_MARKER.sub("", phrase)
        phrase = P.YEARS_LEAD.sub("", phrase)
        if phrase and phrase[0] in "“\"‘" and phrase.count(phrase[0]) > phrase.count("”’"[phrase[0] == "‘"]):
            phrase = phrase[1:]  # an opening quotation mark whose end is elsewhere
    return phrase.strip("的等")


def clean_metric(phrase: str, *, places: frozenset[str], event: bool = False, rate: bool = False,
                  count: bool = False, clause_initial: bool = True, clause: str = "") -> str | None:
    """:func:`_metric_of` (the doctests are there), kept per process for the tagging in use:
    the phrases before numbers recur (a third of the calls on work reports), and more of them
    once their edges are stripped (全年实现 / 实现: the metric is read from the stripped phrase)."""
    tagging = tagging_in_use()  # what pos_tags() reads
    if _METRICS[0] is not tagging or len(_METRICS[1]) > _METRICS_KEPT:
        _METRICS[:] = [tagging, {}, _METRICS[2]]
    stripped = stripped_phrase(phrase)
    if not _lists_items(stripped):
        clause = ""  # read for an A、B等 list only
    key = (stripped, places, event, rate, count, clause_initial, clause)
    found = _METRICS[1].get(key, _UNREAD)
    if found is _UNREAD:
        found = _METRICS[1][key] = _metric_of_stripped(stripped, places=places, event=event, rate=rate,
                                                       count=count, clause_initial=clause_initial, clause=clause)
    return found


# the tagging in use, {clean_metric's arguments, its phrase stripped: its result}, {phrase: stripped}
# (the last one holds no tagging's results: it is kept when the tagging changes)
_METRICS: list = [None, {}, {}]
_METRICS_KEPT = 50_000  # results kept at most (then started afresh)
_UNREAD = object()  # no result kept for these arguments


def stripped_phrase(phrase: str) -> str:
    """:func:`_strip_edges`, kept per process (a phrase before a number is read twice: for its metric
    and for a lifecycle stage before a counted noun)."""
    found = _METRICS[2].get(phrase)
    if found is None:
        if len(_METRICS[2]) > _METRICS_KEPT:
            _METRICS[2] = {}
        found = _METRICS[2][phrase] = _strip_edges(phrase)
    return found


def _lists_items(phrase: str) -> bool:
    """签约A、B等项目: a stripped phrase naming items before 等 (not 等次)."""
    return "等" in phrase.replace("等次", "")


def _metric_of(phrase: str, *, places: frozenset[str], event: bool = False, rate: bool = False,
               count: bool = False, clause_initial: bool = True, clause: str = "") -> str | None:
    """The measured phrase from the text before a number (see README "Indicators").

    The metric is the noun phrase measured: links, scope, time, a leading preposition phrase
    and a verb that takes the phrase as its object are dropped (吸纳党员 → 党员, 实现产值 →
    产值, 为我们硬化道路 → 硬化道路); a lifecycle stage stays (签约项目, 新开工项目). For an
    event (次, 场次) or a duration the metric is the activity: light verbs go (开展主题党日 →
    主题党日), other verbs stay (学习党的政策理论, 讲党课). ``clause`` is the whole clause,
    for the verb of an ``A、B等项目`` list. ``places``: the gazetteer's names.

    >>> _metric_of("吸纳党员", places=frozenset()), _metric_of("在第二十八届兰洽会上签约项目", places=frozenset())
    ('党员', '签约项目')
    """
    return _metric_of_stripped(_strip_edges(phrase), places=places, event=event, rate=rate, count=count,
                               clause_initial=clause_initial, clause=clause)


def _metric_of_stripped(phrase: str, *, places: frozenset[str], event: bool, rate: bool, count: bool,
                        clause_initial: bool, clause: str) -> str | None:
    """:func:`_metric_of` of a phrase whose edges are stripped."""
    if not phrase:
        return None
    if _lists_items(phrase):  # 签约A、B等项目 → 签约项目; 帮助A、B等企业协调融资 → 融资
        head, tail = phrase.rsplit("等", 1)
        if len(tail) >= 2:
            toks = pos_tags(tail)
            lead = _status_lead(clause or head, places)
            k = next((i for i, (_, t) in enumerate(toks) if not t.startswith(_NOUN_TAGS) or t == "vn"), len(toks))
            if 0 < k < len(toks) and _is_verb(toks[k]) and toks[k][0] not in P.STATUS_WORDS:
                phrase = "".join(w for w, _ in toks[k:])  # A、B等企业|协调融资: the items are the subject
            else:
                phrase = lead + tail if lead and not tail.startswith(lead) else tail
                if lead:
                    return _finish_metric(phrase)
        else:
            phrase = head
    toks = list(pos_tags(phrase))
    toks = _drop_preamble(toks, adverbs=not rate, places=places)  # 初次信访事项一次性化解率 keeps 初次
    if event:
        toks = _event_phrase(toks)
    elif rate:
        de = next((i for i, x in enumerate(toks) if x[0] == "的"), None)
        relative = de is not None and any(nounish(x) for x in toks[1:de])  # 制造消费资料工业的投资
        if toks and _is_verb(toks[0]) and toks[0][0] != "占" and len(toks) > 1 and not relative:
            toks = _drop_leading_verbs(toks, 0, clause_initial)
    else:
        for _ in range(3):  # 提拔或进一步使用处分期满干部: verb, link words, verb
            obj = _object_phrase(toks, clause_initial)
            new = _drop_preamble(obj, places=places)
            toks, clause_initial = new, True
            if new == obj:
                break
        if count and len(toks) > 1 and toks[-1][1] == "vn" and toks[-2][1].startswith(("n", "l")):
            toks = toks[:-1]  # 重点项目建设29个: the items are the projects
    toks = _drop_preamble(toks, adverbs=not rate, places=places)
    return _finish_metric("".join(w for w, _ in toks))


def _finish_metric(phrase: str) -> str | None:
    phrase = _unquote(phrase.strip("的等、"))
    return phrase if len(_HAN.findall(phrase)) >= 2 else None


def _is_verb(tok: tuple[str, str], prev: tuple[str, str] | None = None) -> bool:
    """A verb (not a nominalised one); after a one-character modal a nominalised verb counts (可|生产)."""
    w, t = tok
    return (t.startswith("v") and t != "vn" or w in P.STATUS_WORDS or w in P.LIGHT_VERBS
            or t == "vn" and prev is not None and prev[1] == "v" and len(prev[0]) == 1)


def nounish(tok: tuple[str, str]) -> bool:
    return tok[1].startswith(_NOUN_TAGS) or tok[0] in P.CURLY_OR_STRAIGHT or (tok[1] == "m" and not _DIGIT.search(tok[0]))


def _status_lead(s: str, places: frozenset[str]) -> str:
    """新开工 in 新开工青川…等项目: the lifecycle stage a clause starts with, if any."""
    toks = _drop_preamble(list(pos_tags(_strip_edges(s))), places=places)
    for i, (w, _) in enumerate(toks[:3]):
        if w in P.STATUS_WORDS:
            return ("新" if i and toks[i - 1][0] == "新" else "") + w
        if _is_verb(toks[i]) and w not in P.LIGHT_VERBS:
            return ""
    return ""


def _drop_preamble(toks: list, *, places: frozenset[str], adverbs: bool = True) -> list:
    """Drop what opens a phrase without being measured: a preposition phrase (在…上, 通过再造
    流程, 为我们), pronouns and determiners (各类, 该), adverbs, time words, 的, a place name
    (tagged ns, or one of ``places``, the gazetteer's names)."""
    toks = list(toks)
    while toks:
        w, t = toks[0]
        if w in P.METRIC_PREPOSITIONS or t == "p" and len(toks) > 1:
            rest = toks[1:]
            f = next((i for i, x in enumerate(rest) if x[1] == "f"), None)
            v = next((i for i, x in enumerate(rest) if _is_verb(x) and i > 0 and nounish(rest[i - 1])), None)
            if f is not None and (v is None or f < v):
                toks = rest[f + 1:]  # 在第二十八届兰洽会上 | 签约项目
            elif v is not None:
                toks = rest[v:]  # 通过再造流程 | 压缩审批时限
            else:
                toks = rest
                while toks and toks[0][1].startswith("r"):
                    toks = toks[1:]  # 为我们 | 硬化道路
            continue
        if t.startswith(("r", "d", "t", "c", "u")) and w not in P.STATUS_WORDS and len(toks) > 1 and (
                not t.startswith("d") or w in P.LEAD_ADVERBS or len(w) > 1 and adverbs):
            toks = toks[1:]
            continue
        f = next((i for i, x in enumerate(toks[:5]) if x[0] in P.AFTER_TIME and i > 0), None)
        if f is not None and any(_is_verb(x) for x in toks[:f]) and len(toks) > f + 1:
            toks = toks[f + 1:]  # 全部达产后 | 预计实现年产值
            continue
        is_place = (t == "ns" and len(w) >= 2 and w not in P.GENERIC_NS) or w in places
        if is_place and len(toks) > 1 and nounish(toks[1]) and len(toks[1][0]) >= 2:
            toks = toks[1:]  # 广元电解铝产能 → 电解铝产能
            continue
        if w in "、，,：:；" and len(toks) > 1:
            toks = toks[1:]
            continue
        break
    return toks


def _drop_leading_verbs(toks: list, k: int, clause_initial: bool) -> list:
    """Drop the governing verb at ``k`` and the verbs that govern with it (组织开展银企对接会 →
    银企对接会, 统筹推进重点项目 → 重点项目); a verb before a short noun stays with it (修建|排洪渠,
    发放|补助资金)."""
    j = k + 1
    while j < len(toks) and (toks[j][0] in P.LIGHT_VERBS and toks[k][0] in P.LIGHT_VERBS or (
            (_is_verb(toks[j]) or toks[j][1] == "vn") and toks[j][0] not in P.STATUS_WORDS
            and j + 1 < len(toks) and toks[j + 1][1] not in ("a", "ad")
            and len(_HAN.findall("".join(w for w, _ in toks[j + 1:]))) >= 3
            and any(nounish(x) for x in toks[j + 1:]))):
        j += 1
    rest = toks[j:]
    if rest and len(_HAN.findall("".join(w for w, _ in rest))) >= 2 and any(nounish(x) for x in rest):
        return rest
    return toks


def _in_quotes(toks: list, k: int) -> bool:
    before = "".join(w for w, _ in toks[:k])
    return before.count("“") > before.count("”")


def _object_phrase(toks: list, clause_initial: bool) -> list:
    """The measured noun phrase of a count, amount or quantity: after the verb that governs it.

    The leftmost verb whose object is a noun phrase governs (吸纳党员, 修建排洪渠 → 排洪渠: the
    verbs after it belong to the noun); inside a phrase (企业|洽谈项目) a subject is dropped
    only when the object has three characters or more (党员领衔创新项目 stays whole); a
    lifecycle stage is kept with its 新; a list (、) keeps every member and only its leading verb
    can go; a pivot verb skips its noun (帮助企业|融资).
    """
    listed = any(w == "、" for w, _ in toks)
    measure = bool(toks) and bool(P.MEASURE_HEAD.search(toks[-1][0]))
    k = 0
    while k < len(toks):
        w, t = toks[k]
        if _in_quotes(toks, k) or not (_is_verb(toks[k], toks[k - 1] if k else None) or (
                k == 0 and clause_initial and t == "vn" and len(toks) > 1 and (nounish(toks[1]) or (
                    len(toks) > 2 and toks[1][1] == "v" and nounish(toks[2]))))):
            if listed:
                break
            k += 1
            continue
        de = next((i for i in range(k + 1, len(toks)) if toks[i][0] == "的"), None)
        if de is not None and any(nounish(x) for x in toks[k + 1:de]) \
                and not any(_is_verb(x) for x in toks[k + 1:de]):
            return toks  # 完成质量检测的企业: the verb and its object describe the noun after 的
        if w in P.STATUS_WORDS and not (k + 1 < len(toks) and toks[k + 1][0] in _JOINS):  # 新建和完善: a verb
            if k == len(toks) - 1:
                return toks  # 市列重大项目开工: the stage is the predicate of the items
            return toks[k - 1:] if k and toks[k - 1][0] == "新" else toks[k:]
        if len(w) == 1 and w not in P.LIGHT_VERBS or measure and w not in P.LIGHT_VERBS \
                and w not in P.PIVOT_VERBS and len(toks) - k <= 3:
            k += 1  # 泡椒: a one-character verb is a morpheme; 种植面积, 参与人数: the verb describes a measure
            continue
        if w in P.PIVOT_VERBS and k + 2 < len(toks) and nounish(toks[k + 1]) and (
                _is_verb(toks[k + 2]) or toks[k + 2][1] == "vn"):
            if toks[k + 2][1] == "vn":
                return toks[k + 2:]  # 帮助企业|融资
            return _drop_leading_verbs(toks, k + 2, clause_initial)  # 帮助企业协调|融资
        if k + 1 < len(toks) and toks[k + 1][1] in ("a", "ad") and k + 2 < len(toks):
            k += 2  # 表现优秀“做功型”干部: a verb with an adjective describes the noun
            continue
        rest = _drop_leading_verbs(toks, k, clause_initial)
        if rest is toks:
            k += 1
            continue
        if k > 0 and len(_HAN.findall("".join(x for x, _ in rest))) < 3:
            k += 1
            continue
        return rest if k == 0 or not listed else toks
    return toks


def _event_phrase(toks: list) -> list:
    """The activity counted by 次/场次 or lasting a duration: light verbs dropped, a subject
    before the last verb dropped (市县两级产业链党委书记深入企业党组织|讲党课)."""
    while toks and toks[0][0] in P.LIGHT_VERBS and len(toks) > 1:
        toks = toks[1:]
    for k in range(len(toks) - 1, 0, -1):
        if _is_verb(toks[k]) and not _in_quotes(toks, k) and toks[k - 1][1].startswith(("n", "l")):
            if toks[k][0] in P.LIGHT_VERBS:  # 平凉市每个产业链召开|党委会议
                return toks[k + 1:] if any(nounish(x) for x in toks[k + 1:]) else toks
            start = k
            while start > 0 and _is_verb(toks[start - 1]):
                start -= 1
            if start > 0:
                return toks[start:]
            break
    return toks


def _forget() -> None:
    _tagger.cache_clear()
    _tag_with.cache_clear()
    _METRICS[:] = [None, {}, {}]


memory.on_stage_change(_forget)
