"""National phrases: phrase-level evidence and the phrase model. A phrase of two or more of the
State Council's reports (:func:`national_phrases`) with its evidence over the whole archive
(:func:`phrase_stats`), its feature vector (:func:`phrase_features`) and the phrase model's score
(:func:`phrase_scores`). :mod:`pipeline.formulations` adds the phrases the model trusts to the mined
table; the public names are importable from there.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

import ahocorasick

from pipeline import patterns as P
from pipeline import slogan_rules as R
from pipeline.formulation_archive import (FRONT_MATTER, NATIONAL_REGION, chunks_of, clause_around, map_chunks,
                                          region_year, whole_word)


# ---------------------------------------------------------------- national phrases: term-hood
#
# A national formulation written unquoted (主题教育, 平安中国, 退耕还林) is a property of the phrase,
# not of one occurrence: the State Council's reports write it year after year, regions write it as
# the object of a campaign verb (开展, 推进 …) or before a head (…工程, …行动), someone quotes it
# once in a while, and jieba's dictionary knows it as no common word of the language. Every phrase
# of two or more national reports is a candidate (:func:`phrase_candidates`); its evidence over the
# whole archive (:func:`phrase_stats`) becomes a vector (:func:`phrase_features`) that a model
# learned from the dev golds (``lexicons/phrase_scores.json``, ``bench/train_phrase_scores.py``)
# turns into ``phrase_score``: the share of such phrases that are named formulations.

# a candidate phrase: written in this many national reports or more
PHRASE_NATIONAL_DOCS = 2
# a candidate phrase: 1 to this many words (forward maximum matching on jieba's dictionary) of 3 to 12 characters
PHRASE_MAX_WORDS = 5
PHRASE_LENGTH = (3, 12)
# a phrase does not start or end with a function word (conjunctions, prepositions, particles, localisers,
# pronouns, adverbs, numerals, measure words: 和|完善…, 对|…, …|中, …|了)
PHRASE_EDGE_TAGS = frozenset(("c", "p", "u", "uj", "ul", "ud", "ug", "uz", "uv", "f", "r", "d", "y", "e", "o", "q", "m",
                              "zg", "x"))
# a run of unified ideographs: phrases never cross punctuation, digits or quotation marks
_CJK_RUN = re.compile(f"[{P.CJK_UNIFIED}]+")
# caps of the count features (beyond them more adds nothing)
PHRASE_NATIONAL_CAP = 20
PHRASE_REGIONS_CAP = 300
PHRASE_QUOTING_CAP = 100
PHRASE_FREQ_CAP = 100_000
# the features of a phrase (phrase_features), in order
PHRASE_FEATURES = (
    "national", "national_share", "regions", "quoted_any", "quoting_docs", "quoted_share", "verb_before",
    "head_after", "whole_share", "left_entropy", "right_entropy", "dict_word", "dict_freq", "dict_idiom",
    "part_min_freq", "words", "compression", "length", "country", "system", "coordinate",
    "onset", "pre_onset", "adopt_3", "adopt_5", "adopt_share", "burst", "year_entropy", "year_spread",
)
# emergence (a formulation is coined at a date and spreads from it; ordinary vocabulary is written in every
# decade): the years an onset is read between (the first national use; 0 at the first, 1 at the last), the
# windows of adoption after it (years), and the window of a burst (the busiest run of years)
ONSET_YEARS = (1978, 2024)
ADOPTION_YEARS = (3, 5)
BURST_YEARS = 5


def _phrase_words(s: str) -> list[str]:
    """``s`` cut by forward maximum matching on jieba's dictionary (words of frequency 3 or more)."""
    return [x for x, _ in R.dictionary_words(s, min_freq=3, longest=7)]


def phrase_candidates(text: str) -> set[str]:
    """The candidate phrases of one text: runs of 1 to :data:`PHRASE_MAX_WORDS` words of
    :data:`PHRASE_LENGTH` characters holding no numeral, neither starting nor ending with a function
    word (:data:`PHRASE_EDGE_TAGS`).

    >>> sorted(p for p in phrase_candidates("扎实开展主题教育。") if p.endswith("教育"))
    ['主题教育', '开展主题教育', '扎实开展主题教育']
    """
    w = R.jieba_words()
    text = R.fold_width(FRONT_MATTER.sub("", text))
    lo, hi = PHRASE_LENGTH
    out = set()
    for m in _CJK_RUN.finditer(text):
        ws = _phrase_words(m.group())
        ok = [w.get(x, (0, "x"))[1] not in PHRASE_EDGE_TAGS or len(x) > 1 and x not in w for x in ws]
        for i in range(len(ws)):
            if not ok[i]:
                continue
            s = ""
            for j in range(i, min(i + PHRASE_MAX_WORDS, len(ws))):
                s += ws[j]
                if len(s) > hi:
                    break
                if len(s) >= lo and ok[j] and R.structure(s) == "named":
                    out.add(s)
    return out


def _phrase_candidates_chunk(docs: list[tuple[str, str]]) -> list[list[str]]:
    return [sorted(phrase_candidates(text)) for _, text in docs]


_NAMING: list = [None, None, None]  # the phrases of a counting worker, their automaton, the naming context


def _init_phrases(phrases: tuple[str, ...], verbs: tuple[str, ...], heads: tuple[str, ...]) -> None:
    if _NAMING[0] == (phrases, verbs, heads):
        return
    a = ahocorasick.Automaton()
    for s in phrases:
        a.add_word(s, s)
    if len(phrases):
        a.make_automaton()
    _NAMING[:] = [(phrases, verbs, heads), a, (frozenset(verbs), frozenset(heads),
                                                 max(map(len, verbs), default=0), max(map(len, heads), default=0))]


def _phrase_stats_chunk(docs: list[tuple[str, str]]) -> dict[str, list]:
    """The evidence of the phrases in a chunk of documents: per phrase ``[occurrences, quoted, after a
    campaign verb, before a head, cutting no dictionary word, documents, documents quoting it,
    national documents, regions, left characters, right characters, first national example, years, (region,
    year, national) of each dated document]``."""
    a = _NAMING[1]
    verbs, heads, vlen, hlen = _NAMING[2]
    out: dict[str, list] = {}
    if not len(a):
        return out
    for name, text in docs:
        region, year = region_year(name)
        national = bool(NATIONAL_REGION.search(region))
        text = R.fold_width(FRONT_MATTER.sub("", text))
        seen: dict[str, list] = {}
        for end, s in a.iter(text):
            b, e = end + 1 - len(s), end + 1
            quoted = b > 0 and text[b - 1] in R.OPENING and e < len(text) and text[e] in R.CLOSING
            b0 = b - 1 if b > 0 and text[b - 1] in R.OPENING else b
            e0 = e + 1 if e < len(text) and text[e] in R.CLOSING else e
            x = seen.get(s)
            if x is None:
                x = seen[s] = [0, 0, 0, 0, 0, False, {}, {}, ""]
            x[0] += 1
            x[1] += quoted
            x[2] += any(text[max(0, b0 - k):b0] in verbs for k in range(2, vlen + 1))
            x[3] += any(text[e0:e0 + k] in heads for k in range(2, hlen + 1))
            x[4] += quoted or whole_word(text, b, e)
            x[5] = x[5] or quoted
            left, right = ('"', '"') if quoted else (text[b - 1:b], text[e:e + 1])
            x[6][left] = x[6].get(left, 0) + 1
            x[7][right] = x[7].get(right, 0) + 1
            if national and not x[8]:
                x[8] = clause_around(text, b, e)
        for s, x in seen.items():
            y = out.get(s)
            if y is None:
                y = out[s] = [0, 0, 0, 0, 0, 0, 0, 0, [], {}, {}, "", [], []]
            for i in range(5):
                y[i] += x[i]
            y[5] += 1
            y[6] += x[5]
            y[7] += national
            y[8].append(region)
            for i, c in ((9, x[6]), (10, x[7])):
                for k, v in c.items():
                    y[i][k] = y[i].get(k, 0) + v
            y[11] = y[11] or x[8]
            if year is not None:
                y[12].append(year)
                y[13].append((region, year, national))
    return out


@dataclass(frozen=True)
class PhraseStats:
    """The archive's evidence on one phrase (:func:`phrase_stats`)."""
    occurrences: int
    quoted: int  # occurrences in quotation marks
    verb_before: int  # occurrences right after a campaign verb (naming_context.txt, verb)
    head_after: int  # occurrences right before a head (naming_context.txt, head)
    whole: int  # occurrences cutting no dictionary word at their edges (whole_word), quoted ones included
    n_docs: int
    n_quoting: int  # documents quoting it
    n_national: int  # national documents writing it (NATIONAL_REGION)
    n_regions: int  # regions writing it
    left_entropy: float  # of the characters right before it (branching entropy: a term is written after many)
    right_entropy: float
    example: str  # the clause of its first occurrence in a national document
    first_year: int | None = None  # of the documents writing it
    last_year: int | None = None
    # emergence: the year profile of the dated documents writing it (year, documents), the first year a
    # national document writes it, the first year of each region writing it (sorted), and the archive's
    # dated documents per year (year, documents; the same for every phrase: what a year profile is read against)
    year_docs: tuple[tuple[int, int], ...] = ()
    national_onset: int | None = None
    region_onsets: tuple[int, ...] = ()
    archive_years: tuple[tuple[int, int], ...] = ()


def _entropy(counts: dict) -> float:
    n = sum(counts.values())
    return -sum(v / n * math.log(v / n) for v in counts.values()) if n else 0.0


def phrase_stats(documents, phrases, *, verbs: tuple[str, ...] = (), heads: tuple[str, ...] = (),
                 pool=None) -> dict[str, PhraseStats]:
    """The evidence of the archive ``documents`` (``(name, text)`` pairs) on each of ``phrases``,
    quoted or not (:class:`PhraseStats`); ``verbs``, ``heads``: the naming context
    (``naming_context.txt``). The same for any ``pool``.

    >>> s = phrase_stats([("国务院/2020.md", "开展主题教育。"), ("甲/2021.md", "“主题教育”工程")], ["主题教育"],
    ...                  verbs=("开展",), heads=("工程",))["主题教育"]
    >>> s.n_docs, s.n_national, s.quoted, s.verb_before, s.head_after
    (2, 1, 1, 1, 1)
    """
    docs = sorted(documents)
    args = (tuple(sorted(set(phrases))), tuple(verbs), tuple(heads))
    parts = map_chunks(_phrase_stats_chunk, chunks_of(docs), pool, _init_phrases, args)
    archive_years = tuple(sorted(Counter(y for y in (region_year(n)[1] for n, _ in docs) if y is not None).items()))
    total: dict[str, list] = {}
    for part in parts:  # in chunk order: the same table for any pool
        for s, y in part.items():
            t = total.get(s)
            if t is None:
                total[s] = t = [0, 0, 0, 0, 0, 0, 0, 0, set(), {}, {}, "", set(), []]
            for i in range(8):
                t[i] += y[i]
            t[8].update(y[8])
            for i in (9, 10):
                for k, v in y[i].items():
                    t[i][k] = t[i].get(k, 0) + v
            t[11] = t[11] or y[11]
            t[12].update(y[12])
            t[13].extend(y[13])
    return {s: PhraseStats(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], len(t[8]), round(_entropy(t[9]), 6),
                           round(_entropy(t[10]), 6), re.sub(r"\s+", " ", t[11]), min(t[12], default=None),
                           max(t[12], default=None), *_year_profile(t[13]), archive_years)
            for s, t in sorted(total.items())}


def _year_profile(dated: list[tuple[str, int, bool]]) -> tuple:
    """``(year_docs, national_onset, region_onsets)`` of :class:`PhraseStats` from the ``(region, year,
    national)`` of each dated document writing a phrase."""
    first: dict[str, int] = {}
    for region, year, _ in dated:
        first[region] = min(year, first.get(region, year))
    return (tuple(sorted(Counter(y for _, y, _ in dated).items())),
            min((y for _, y, national in dated if national), default=None), tuple(sorted(first.values())))


def national_phrases(documents, *, pool=None) -> list[str]:
    """The candidate phrases (:func:`phrase_candidates`) written in :data:`PHRASE_NATIONAL_DOCS` or
    more national documents of ``documents``, sorted."""
    docs = sorted(d for d in documents if NATIONAL_REGION.search(region_year(d[0])[0]))
    n: dict[str, int] = defaultdict(int)
    for found in (x for part in map_chunks(_phrase_candidates_chunk, chunks_of(docs, 8), pool) for x in part):
        for s in found:
            n[s] += 1
    return sorted(s for s, k in n.items() if k >= PHRASE_NATIONAL_DOCS)


def _capped(x: float, cap: float) -> float:
    return math.log1p(min(x, cap)) / math.log1p(cap)


def phrase_features(s: str, st: PhraseStats) -> list[float]:
    """The vector (:data:`PHRASE_FEATURES`) of phrase ``s`` with the archive's evidence ``st``:
    national use, spread, quoting, naming use (after a campaign verb, before a head), whole words,
    branching entropy, and its standing in jieba's dictionary (a common word of the language, an
    idiom, the frequency of its rarest part) and shape (a compression, X中国, X制, a coordinate
    compound of parallel parts: 退耕还林, 共建共治共享)."""
    w = R.jieba_words()
    entry = w.get(s)
    parts = _phrase_words(s)
    n = max(1, st.occurrences)
    f = {
        "national": _capped(st.n_national, PHRASE_NATIONAL_CAP),
        "national_share": st.n_national / max(1, st.n_docs),
        "regions": _capped(st.n_regions, PHRASE_REGIONS_CAP),
        "quoted_any": float(st.n_quoting > 0),
        "quoting_docs": _capped(st.n_quoting, PHRASE_QUOTING_CAP),
        "quoted_share": st.quoted / n,
        "verb_before": st.verb_before / n,
        "head_after": st.head_after / n,
        "whole_share": st.whole / n,
        "left_entropy": min(st.left_entropy, 4.0) / 4,
        "right_entropy": min(st.right_entropy, 4.0) / 4,
        "dict_word": float(entry is not None and entry[0] >= 3),
        "dict_freq": _capped(entry[0] if entry else 0, PHRASE_FREQ_CAP),
        "dict_idiom": float(entry is not None and entry[1] in ("i", "l")),
        "part_min_freq": _capped(min(w.get(p, (0, ""))[0] for p in parts), PHRASE_FREQ_CAP),
        "words": min(len(parts), PHRASE_MAX_WORDS) / PHRASE_MAX_WORDS,
        "compression": sum(len(p) == 1 for p in parts) / len(s),
        "length": min(len(s), 12) / 12,
        "country": float(bool(COUNTRY_PHRASE.match(s))),
        "system": float(len(s) >= 3 and s.endswith("制")),
        "coordinate": float(_coordinate(s)),
        **emergence(st),
    }
    return [f[k] for k in PHRASE_FEATURES]


def emergence(st: PhraseStats) -> dict[str, float]:
    """The emergence features of a phrase from its year profile (:class:`PhraseStats`): ``onset`` (the
    first year a national document writes it, else the first year any does, within :data:`ONSET_YEARS`),
    ``pre_onset`` (the share of its dated documents written before its national onset), ``adopt_3``,
    ``adopt_5`` (the regions first writing it within 3 and 5 years of the onset, capped),
    ``adopt_share`` (their share of its regions, 5 years), and its year profile read against the
    archive's documents per year (the rate: documents writing it / documents of the year): ``burst``
    (the share of the rate in its busiest :data:`BURST_YEARS` years), ``year_entropy`` (the entropy of
    the rate over the years, over that of a rate spread evenly on every year of the archive) and
    ``year_spread`` (the share of the archive's years writing it).

    >>> st = PhraseStats(4, 0, 0, 0, 4, 4, 0, 1, 3, 1.0, 1.0, "", 2019, 2021, ((2019, 1), (2020, 2), (2021, 1)),
    ...                  2019, (2019, 2020, 2021), ((1990, 10), (2019, 10), (2020, 10), (2021, 10)))
    >>> f = emergence(st)
    >>> f["pre_onset"], f["burst"], f["year_spread"]
    (0.0, 1.0, 0.75)
    """
    archive = dict(st.archive_years)
    lo, hi = ONSET_YEARS
    onset = st.national_onset if st.national_onset is not None else st.first_year
    dated = sum(n for _, n in st.year_docs)
    out = {"onset": 0.0 if onset is None else min(max((onset - lo) / (hi - lo), 0.0), 1.0),
           "pre_onset": 0.0 if st.national_onset is None or not dated
           else sum(n for y, n in st.year_docs if y < st.national_onset) / dated}
    for k in ADOPTION_YEARS:
        n = 0 if onset is None else sum(onset <= y <= onset + k for y in st.region_onsets)
        out[f"adopt_{k}"] = _capped(n, PHRASE_REGIONS_CAP)
    out["adopt_share"] = 0.0 if onset is None or not st.region_onsets else \
        sum(onset <= y <= onset + max(ADOPTION_YEARS) for y in st.region_onsets) / len(st.region_onsets)
    rate = {y: n / archive[y] for y, n in st.year_docs if archive.get(y)}
    total = sum(rate.values())
    if not total:
        return {**out, "burst": 0.0, "year_entropy": 0.0, "year_spread": 0.0}
    out["burst"] = max(sum(rate.get(x, 0.0) for x in range(y, y + BURST_YEARS)) for y in rate) / total
    out["year_entropy"] = _entropy(rate) / math.log(len(archive)) if len(archive) > 1 else 0.0
    out["year_spread"] = len(rate) / len(archive)
    return out


# a national campaign named as a kind of the country: two characters + 中国 (平安中国, 数字中国)
COUNTRY_PHRASE = re.compile(rf"^[{P.CJK_UNIFIED}]{{2}}中国$")


def _coordinate(s: str) -> bool:
    """A coordinate compound: three or more two-character parts opening with the same character
    (共建共治共享), or two two-character parts that are no common words of the language, the
    characters across them neither (退耕|还林, 扫黑|除恶; 经济发展 is two words).

    >>> _coordinate("共建共治共享"), _coordinate("退耕还林"), _coordinate("经济发展")
    (True, True, False)
    """
    w = R.jieba_words()
    if len(s) % 2:
        return False
    parts = [s[i:i + 2] for i in range(0, len(s), 2)]
    if len(parts) >= 3:
        return len({p[0] for p in parts}) == 1
    return len(parts) == 2 and all(w.get(x, (0, ""))[0] < COORDINATE_WORD for x in (*parts, s[1:3]))


# a two-character part of this jieba frequency or more is a common word: no part of a coordinate compound
COORDINATE_WORD = 1000


def phrase_scores(stats: dict[str, PhraseStats], model: dict) -> dict[str, float]:
    """``phrase_score`` of each phrase of ``stats``: the phrase model's probability (``model``: the
    data of ``phrase_scores.json``, a :class:`~pipeline.slogan_scores.ScoreModel` over
    :data:`PHRASE_FEATURES`), rounded to 3 places."""
    from pipeline import slogan_scores as S

    if not stats:
        return {}
    m = S.ScoreModel.from_data(model)
    idx = [PHRASE_FEATURES.index(f) for f in m.features]
    names = list(stats)
    X = [[v[i] for i in idx] for v in (phrase_features(s, stats[s]) for s in names)]
    return {s: round(float(p), 3) for s, p in zip(names, m.predict_proba(X))}
