"""A metric index and the indicator resources go to a process pool or a Dask worker, or are deep-copied:
they pickle and copy, and the copy answers as the original (its alias automaton, which cannot be pickled,
is built again)."""

from __future__ import annotations

import copy
import pickle

from pipeline import canonical as K
from pipeline import indicator_numbers as N
from pipeline.lexicons import bundled

TEXTS = ["全市地区生产总值增长", "规模以上工业增加值", "其中，全市GDP", "\ud800全市地区生产总值", "没有指标"]


def test_metric_index_pickles_and_copies_and_answers_the_same():
    idx = K.index(bundled().metrics)
    for back in (pickle.loads(pickle.dumps(idx)), copy.deepcopy(idx), copy.copy(idx)):
        assert back.alias_automaton is not None and back.by_alias == idx.by_alias
        for text in TEXTS:
            assert K.canonical(back, None, text) == K.canonical(idx, None, text)
            assert K.alias_spans(back, text) == K.alias_spans(idx, text)


def test_indicator_resources_pickle():
    res = N.resources(None)
    back = pickle.loads(pickle.dumps(res))
    assert back.metrics.by_alias == res.metrics.by_alias
