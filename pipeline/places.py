"""Table ``places``: the administrative divisions each document names, from the whole
national list (:mod:`pipeline.divisions`: provinces, prefectures, counties, their short
forms and former names), counted only on the segmenter's word boundaries.

A name counts where it starts at a token's start and ends at a token's end, so a name
inside a longer word never counts (和政 in 人大/和/政协, 环县 in 循环/县域); a short form
right before a character that makes it part of a longer proper name (庄浪 in 庄浪河, a
river; 兰州 in 兰州路) does not count either, nor does a short form that is an ordinary
word (合作 for 合作市: a frequent dictionary word). A county named only by its short form
(和政, 庄浪) counts when the document also names its province or prefecture (新建 for
新建区 of 南昌 in 新建项目 does not). A name several divisions share (城关区, 朝阳区) takes
the one in a province or prefecture the document names unambiguously; if that does not
decide it, ``code`` is null.

>>> import pandas as pd
>>> from pipeline.divisions import parse
>>> divs = parse("甘肃省\\t620000\\t甘肃\\n\\t临夏回族自治州\\t622900\\t临夏\\n\\t\\t和政县\\t622925\\t和政\\n", "")
>>> docs = pd.DataFrame({"doc_id": ["d"], "text": ["甘肃人大和政协"]})
>>> toks = pd.DataFrame({"doc_id": ["d"] * 4, "start": [0, 2, 4, 5], "end": [2, 4, 5, 7]})
>>> places(docs, toks, divisions=divs)[["place", "code", "count"]].values.tolist()
[['甘肃省', '620000', 1]]
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import ahocorasick_rs
import numpy as np
import pandas as pd

from pipeline import schemas
from pipeline.divisions import Divisions

# characters that, right after a short form, make it part of a longer proper name
# (a river, mountain, road, street, village, station, park …): 庄浪河, 兰州路
FEATURE_AFTER = set("河江湖海山岭峰川路街道巷桥村镇乡站港湾峡沟渠塬坪寺庙园馆楼")
# a short form that is this frequent an ordinary word in jieba's dictionary is not taken
COMMON_WORD_FREQ = 1000
ORDINARY_FREQ = 200  # 振兴 (659, v), 同心 (209, n): ordinary words; 天水 (148, n) stays a place


@lru_cache(maxsize=2)
def _matcher(divisions: Divisions, common: frozenset):
    surfaces = sorted(s for s, kinds in divisions.forms.items()
                      if len(s) >= 2 and not (s in common and all(k != "name" for _, k in kinds)))
    return surfaces, ahocorasick_rs.AhoCorasick(surfaces)


@lru_cache(maxsize=1)
def common_words() -> frozenset:
    """Words of jieba's dictionary that are ordinary words more than names: tagged as a
    verb, adjective, noun or the like (not ``ns`` place, ``nr``/``nz`` name) with a frequency
    of at least :data:`ORDINARY_FREQ`, or any word of at least :data:`COMMON_WORD_FREQ`."""
    from pipeline.lexicons import jieba_dictionary

    import numpy as np

    # on the index's arrays at once (a loop over its 349,000 entries decoded each of them)
    return frozenset(jieba_dictionary().words_where(
        lambda freqs, tags: ((freqs >= COMMON_WORD_FREQ) & (tags != b"ns"))
        | ((freqs >= ORDINARY_FREQ) & ~np.isin(tags, [b"ns", b"nr", b"nrt", b"nz", b"nrfg"]))))


def _candidates(text: str, starts: set, ends: set, divisions: Divisions, common: frozenset):
    surfaces, ac = _matcher(divisions, common)
    found = []
    for idx, s, e in ac.find_matches_as_indexes(text, overlapping=True):
        surface = surfaces[idx]
        if s not in starts or e not in ends:
            continue  # inside a longer word
        kinds = divisions.kinds(surface)
        if all(k != "name" for _, k in kinds) and e < len(text) and text[e] in FEATURE_AFTER:
            continue  # part of a longer proper name (庄浪河)
        found.append((s, e, surface))
    # leftmost-longest among the accepted: a longer name covers the shorter ones inside it
    found.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    out, last_end = [], -1
    for s, e, surface in found:
        if s >= last_end:
            out.append(surface)
            last_end = e
    return out


def _resolve(mentions: list[str], divisions: Divisions) -> Counter:
    """(place, code, level) -> count. A county named by its short form alone (和政, 新建)
    counts only when the document also names its province or prefecture (an anchor);
    a name several divisions share is resolved by the places the document names."""
    def anchored(m: str) -> bool:  # a full name, or a province / prefecture form
        return any(k == "name" or d.level != "county" for d, k in divisions.kinds(m))

    named = Counter(mentions)  # each distinct mention is resolved once, and counted as often as it occurs
    sure = {divisions.lookup(m)[0] for m in named
            if anchored(m) and len({d.code for d in divisions.lookup(m)}) == 1}
    context = {d.code for d in sure} | {d.province_code for d in sure} | \
              {d.code[:4] + "00" for d in sure if d.level == "county"}
    counts: Counter = Counter()
    for m, n in named.items():
        cands = divisions.lookup(m)
        if not anchored(m):
            cands = [d for d in cands if d.province_code in context or d.code[:4] + "00" in context]
        if len(cands) > 1:
            inside = [d for d in cands if d.province_code in context or d.code[:4] + "00" in context]
            cands = inside if len(inside) == 1 else cands
        if len(cands) == 1:
            d = cands[0]
            counts[(d.name, d.code, d.level)] += n
        elif cands and len({d.level for d in cands}) == 1 and len({d.name for d in cands}) == 1:
            counts[(cands[0].name, None, cands[0].level)] += n
    return counts


def places(documents: pd.DataFrame, tokens: pd.DataFrame, *, divisions: Divisions,
           common: frozenset | None = None) -> pd.DataFrame:
    """The ``places`` table of ``documents`` (``doc_id``, ``text``) given their ``tokens``
    (``doc_id``, ``start``, ``end``). Neither frame is modified."""
    common = common_words() if common is None else common
    # each document's token boundaries, from the columns by position (not a frame per group)
    starts, ends = tokens["start"].to_numpy(), tokens["end"].to_numpy()
    bounds = {d: (set(starts[at].tolist()), set(ends[at].tolist()))
              for d, at in tokens.groupby("doc_id", sort=False).indices.items()}
    rows = []
    for doc, text in zip(documents["doc_id"], documents["text"]):
        starts, ends = bounds.get(doc, (set(), set()))
        counts = _resolve(_candidates(text, starts, ends, divisions, common), divisions)
        for (name, code, level), n in sorted(counts.items(), key=lambda x: (x[0][1] or "999999", x[0][0])):
            rows.append((doc, name, code, level, n))
    if not rows:
        return schemas.empty("places")
    # built from columns, the count typed before the frame exists (a frame of rows infers every
    # column from a block of objects, then a cast copies the column: most of this function's own cost)
    data = dict(zip(schemas.columns("places"), map(list, zip(*rows))))
    data["count"] = np.array(data["count"], dtype=np.int64)
    return pd.DataFrame(data)
