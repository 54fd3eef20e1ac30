"""The plus-formula and 普法 patterns searched around their anchors only
(pipeline/slogan_discovery.py: anchored_finditer): the same matches as a search of the whole text,
and the windows' reach kept in step with the patterns."""
from __future__ import annotations

import random
import re

import pytest

from pipeline import slogan_discovery as D
from pipeline import slogan_rules as R

ALPHABET = "0123456789aXN+ \u3000.%=<>一二三四五六七八九十普法“”‘’「」『』、，。\n"
CASES = [(R.PLUS, "+", D.PLUS_BEFORE, D.PLUS_AFTER), (R.PUFA, "普法", D.PUFA_BEFORE, D.PUFA_AFTER)]


def _matches(it):
    return [(m.span(), m.groups()) for m in it]


def _strings(seed: int, n: int):
    rng = random.Random(seed)
    for _ in range(n):
        yield "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 120)))
    for _ in range(n):  # formulas at their longest: 7 terms of 4 digits or a letter, spaces around the +
        terms = [rng.choice(["1234", "1234", "9", "X"]) for _ in range(rng.randint(1, 9))]
        seps = [rng.choice([" + ", " + ", "+", "+ "]) for _ in terms[1:]]
        body = terms[0] + "".join(s + t for s, t in zip(seps, terms[1:]))
        pufa = rng.choice(["", "“七五”普法", "七五普法", "“七五普法", "十五普法"])
        yield rng.choice(["", "1", "a", " ", "。"]) + body + rng.choice(["", ".", "%", "。", "5"]) + pufa + body


@pytest.mark.parametrize("pattern, anchor, before, after", CASES, ids=["plus", "pufa"])
def test_anchored_search_finds_what_a_whole_search_finds(pattern, anchor, before, after):
    for text in _strings(2026, 1500):
        assert _matches(D.anchored_finditer(pattern, text, anchor, before, after)) == _matches(pattern.finditer(text)), text


def _max_width(pattern: re.Pattern) -> int:
    return re._parser.parse(pattern.pattern).getwidth()[1]  # the longest match (lookarounds read, not taken)


def test_the_plus_window_covers_the_plus_pattern():
    # R.PLUS as the window sizes were derived for: a change to it must re-derive PLUS_BEFORE / PLUS_AFTER
    assert R.PLUS.pattern == (r"(?<![0-9A-Za-z.+])(?:[0-9]{1,4}|[A-Za-z])(?:\s?\+\s?(?:[0-9]{1,4}|[A-Za-z])){1,6}"
                              r"(?![0-9A-Za-z.+%=<>])"), "R.PLUS changed: re-derive PLUS_BEFORE/PLUS_AFTER"
    # before its first +: the first term (at most 4 characters) and a space
    assert D.PLUS_BEFORE >= 4 + 1
    # after the first + starts: the rest of the longest match, and the one character the lookahead reads
    assert D.PLUS_AFTER >= _max_width(R.PLUS) + 1


def test_the_pufa_window_covers_the_pufa_pattern():
    assert R.PUFA.pattern.endswith("普法") and R.PUFA.pattern.count("普") == 1, \
        "R.PUFA changed: re-derive PUFA_BEFORE/PUFA_AFTER"
    # 普法 ends every match, nothing after it: all but it lies before the anchor
    assert D.PUFA_BEFORE >= _max_width(R.PUFA) - len("普法")
    assert D.PUFA_AFTER >= len("普法")
