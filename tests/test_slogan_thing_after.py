"""Slogans: the names of things the contract does not count (slogan_scores.thing_after / thing_at_end:
an award or title, a meeting, a company's listing), read as words, and lexicon add's default.

From the review of slogans round 10 (slog12): each test states the behaviour a user relies on; it
failed on a0111c2 (round 10) and passed on dde1dc2 (where the function existed) unless noted.
"""
from __future__ import annotations

import pandas as pd
import pytest

from pipeline import slogan_scores as S, slogans
from pipeline.lexicons import load



def _score(text: str, slogan: str) -> float:
    docs = pd.DataFrame({"doc_id": ["d"], "source": ["d.txt"], "date": ["2024-01-01"], "text": [text]})
    _, cands, _ = slogans.slogan_tables(docs, None, lexicon=load())
    row = cands[cands["slogan"] == slogan]
    assert len(row) == 1, cands
    return float(row["score"].iloc[0])


# Bug 1: THING_AFTER matches 奖 (award) as a prefix of any word: 奖补 (rewards-and-subsidies),
# 奖惩 (rewards and penalties), 奖励 (incentive) are not awards; a campaign with a subsidy or an
# incentive policy is the usual case, so real formulations are scored down by ~0.3.
@pytest.mark.parametrize("text", ["全面落实“四个一”奖补政策。", "完善“三融三促”奖惩办法。", "健全“三融三促”奖励机制。"])
def test_thing_after_is_not_a_word_starting_with_award_character(text):
    end = text.index("”")  # the occurrence ends at its closing mark
    # expected False (no award, title, meeting or listing follows); actual True
    assert S.thing_after(text, end) is False


@pytest.mark.parametrize("text, plain, slogan", [
    ("全面落实“四个一”奖补政策。", "全面落实“四个一”扶持政策。", "四个一"),
    ("完善“三融三促”奖惩办法。", "完善“三融三促”考核办法。", "三融三促"),
    # bulk archive, verbatim: a listing campaign (上市 + 培育计划), not a listing on a market:
    # a0111c2 0.747 vs 0.949; dde1dc2 0.948
    ("实施“8+10”上市培育计划，上市挂牌企业达到35户。", "实施“8+10”培育计划，上市挂牌企业达到35户。", "8+10"),
])
def test_subsidy_or_incentive_after_a_formulation_does_not_sink_its_score(text, plain, slogan):
    # a0111c2: 四个一 0.62 (奖补) vs 0.912 (扶持); 三融三促 0.606 vs 0.907; dde1dc2: 0.906 / 0.907.
    # Below lexicon add --from-candidates' default 0.84, so these formulations are no longer added.
    got, ref = _score(text, slogan), _score(plain, slogan)
    assert got >= _cli_default_min_score(), (got, ref)  # lexicon add --from-candidates adds them by default
    assert abs(got - ref) < 0.1, (got, ref)


# Bug 2: thing_after reads only what follows the hit; when the hit itself ends in the award word
# (the mined row 五个一工程奖, written “五个一工程”奖: the quotation marks do not cut a formulation),
# the award is never seen and the award name is taken as a formulation (contract: award names are
# not slogans). a0111c2: 五个一工程奖 taken, score 0.529 (dde1dc2: 0.516, taken too: round 10's
# feature does not reach the very case its docstring names).
def test_award_name_ending_in_its_award_word_is_not_taken():
    docs = pd.DataFrame({"doc_id": ["d"], "source": ["d.txt"], "date": ["2024-01-01"],
                         "text": ["音乐剧《飞天》获得“五个一工程”奖。"]})
    found, cands, _ = slogans.slogan_tables(docs, None, lexicon=load())
    assert "五个一工程奖" not in set(found["slogan"]), cands[["slogan", "score"]]


def _cli_default_min_score() -> float:
    import inspect

    from cli import lexicon_add
    return inspect.signature(lexicon_add).parameters["min_score"].default.default


# Bug 3: lexicon add --from-candidates' new default 0.84 takes a one-off descriptive quotation (a
# saying, 0.844 at a0111c2, 0.841 at dde1dc2: kept out by the old default 0.87). Found on 14
# regional reports of the bulk archive (policytext run, then candidates between 0.84 and 0.87:
# this saying, 三月三 (a festival, 0.856), 三省四州 (a group of places, 0.861)).
@pytest.mark.xfail(strict=True, reason="KNOWN MISS since the tree form of the score model (slog18): the saying scores 0.91 "
                   "(logistic 0.84); no feature reads a quoted sentence of two clauses, and the trees trust named_series more")
def test_lexicon_add_default_does_not_take_a_saying():
    docs = pd.DataFrame({"doc_id": ["d"], "source": ["d.txt"], "date": ["2024-01-01"],
                         "text": ["丽水自身发展处于“船到中流浪更急、人到半山路更陡”关键阶段带来的新挑战。"]})
    _, cands, _ = slogans.slogan_tables(docs, None, lexicon=load())
    lines, _ = slogans.lexicon_additions([], cands, {}, from_candidates=True, min_score=_cli_default_min_score())
    assert not any(line.startswith("船到中流浪更急") for line in lines), lines


# Bug 4 (same root as bug 1, worse effect): THING_AFTER takes 板块 as a market listing, but in
# regional plans 板块 is an area or sector of a layout (bulk archive: “1+5”板块, “两河两湖”板块,
# “四基三千亿”板块). A spatial-layout formulation followed by 板块 drops out of `slogans`:
# a0111c2 一核两翼 0.827 -> 0.429, 一城三区 0.851 -> 0.472 (min_score 0.51); dde1dc2: 0.823 / 0.849, taken.
@pytest.mark.parametrize("text, slogan", [
    ("做强“一核两翼”板块，推动区域协调发展。", "一核两翼"),
    ("提升“一城三区”板块能级。", "一城三区"),
])
def test_layout_formulation_before_bankuai_stays_in_slogans(text, slogan):
    docs = pd.DataFrame({"doc_id": ["d"], "source": ["d.txt"], "date": ["2024-01-01"], "text": [text]})
    found, cands, _ = slogans.slogan_tables(docs, None, lexicon=load())
    assert slogan in set(found["slogan"]), cands[["slogan", "score"]]


def test_thing_last_holds_the_last_character_of_every_thing_word():
    """thing_at_end tries no position when the occurrence's last character ends no word of
    THING_AFTER (THING_LAST): every word the pattern matches ends in one of those characters, so
    the shortcut drops no thing's word. The words spelled out from the pattern's alternatives."""
    import itertools
    import re

    from pipeline import slogan_scores as S

    words = {a + b for a, b in itertools.product(("", "工程", "计划"), ("奖项", "奖", "大奖", "勋章", "称号", "荣誉称号"))}
    words |= {a + b for a, b in itertools.product(("", "国际"), ("会议", "论坛", "峰会", "博览会", "交易会", "展览会", "年会"))}
    words |= {"挂牌", "上市", "牌照"}
    alternatives = re.sub(r"\(\?:|\)\??|\|", " ", S.THING_AFTER.pattern).split()
    assert set(alternatives) <= words | {"工程", "计划", "国际"}  # the words above follow the pattern
    assert all(S.THING_AFTER.fullmatch(w) for w in words)
    assert {w[-1] for w in words} == S.THING_LAST
