"""The recurrences of known formulations (pipeline/slogan_recurrences.py): the matcher built for
``known`` follows its contents, whoever holds the dict; a run's shared value cannot change."""
from __future__ import annotations

import pickle

import pandas as pd
import pytest

from pipeline import slogans
from pipeline.lexicons import Lexicon
from pipeline.slogan_recurrences import FrozenKnown, known_present

# a reviewer's reproductions: the matcher was reused for "the same dict, its size unchanged", so a
# caller editing its ``known`` in place (a notebook, a library user) got the old contents' matches


def test_known_present_follows_an_in_place_edit_of_known():
    known = {"三抓三促": ("numbered", "recurrence"), "五个一批": ("numbered", "recurrence")}
    assert known_present(["落实三抓三促，推进五个一批"], known) == known
    del known["五个一批"]
    known["六个坚持"] = ("numbered", "recurrence")  # same size, new contents
    found = known_present(["落实三抓三促，坚持六个坚持，推进五个一批"], known)
    assert found == {"三抓三促": ("numbered", "recurrence"), "六个坚持": ("numbered", "recurrence")}


def test_finish_matches_recurrences_of_an_edited_known():
    lex = Lexicon()
    text = "全面落实六个坚持要求。坚持三抓三促。"
    docs = pd.DataFrame({"doc_id": ["d"], "source": ["a.txt"], "date": [None], "text": [text]})
    scans = slogans.scan(docs, lexicon=lex)
    known = {"三抓三促": ("numbered", "recurrence"), "五个一批": ("numbered", "recurrence")}
    slogans.finish(docs, None, scans, known)
    del known["五个一批"]
    known["六个坚持"] = ("numbered", "recurrence")
    fresh = dict(known)
    got = [h.slogan for d in slogans.finish(docs, None, scans, known).docs for h, _ in d.discovered]
    want = [h.slogan for d in slogans.finish(docs, None, scans, fresh).docs for h, _ in d.discovered]
    assert "六个坚持" in want
    assert got == want


def test_a_run_s_known_cannot_be_edited_and_survives_pickling():
    known = FrozenKnown({"三抓三促": ("numbered", "recurrence")})
    for edit in (lambda: known.__setitem__("五个一批", ("numbered", "recurrence")), lambda: known.pop("三抓三促"),
                 lambda: known.update({}), known.clear, lambda: known.setdefault("x", ()), known.popitem,
                 lambda: known.__delitem__("三抓三促")):
        with pytest.raises(TypeError):
            edit()
    assert known == {"三抓三促": ("numbered", "recurrence")}
    back = pickle.loads(pickle.dumps(known))
    assert type(back) is FrozenKnown and back == known
    assert known_present(["坚持三抓三促"], known) == dict(known)


def test_the_stage_s_shared_known_is_decoded_frozen():
    from pipeline.runner import SHARED_DECODE
    from pipeline.stages.slogans import KNOWN

    decoded = SHARED_DECODE[KNOWN]({"三抓三促": ["numbered", "recurrence"]})
    assert type(decoded) is FrozenKnown and decoded == {"三抓三促": ("numbered", "recurrence")}
