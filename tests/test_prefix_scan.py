"""prefix_scan: the last match in each prefix, from one scan per start, is the match a scan
of that prefix alone finds."""

from __future__ import annotations

import random
import re

import pytest

from pipeline import patterns as P
from pipeline.prefix_scan import last_matches
from tests.conftest import ROOT


def _alone(rx, text, s, e):
    found = list(rx.finditer(text[s:e]))
    return found[-1].group() if found else None


def _texts():
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").rglob("*.txt"))[:6]]


@pytest.mark.parametrize("rx", [P.PERIOD, re.compile(r"\d+(?:年|月)?(?:以来)?"), re.compile(r"(?<!\d)\d{2}")])
def test_every_prefix_as_scanned_alone(rx):
    rng = random.Random(7)
    for text in _texts() + ["到2030年以来", "2022年以来增长5%"]:
        spans = []
        for _ in range(300):
            s = rng.randrange(len(text))
            spans.append((s, min(len(text), s + rng.randrange(0, 120))))
        starts = [s for s, _ in spans[:20]]  # many ends on a few starts, as the numbers of a sentence
        spans += [(s, min(len(text), s + k)) for s in starts for k in range(0, 60, 3)]
        assert last_matches(rx, text, spans) == [_alone(rx, text, s, e) for s, e in spans]


def test_a_match_running_past_the_end_is_scanned_alone():
    # the scan of the whole text finds 2022年以来; the prefix ending after 年 finds 2022年
    text = "2022年以来增长"
    assert last_matches(P.PERIOD, text, [(0, len(text)), (0, 5)]) == ["2022年以来", "2022年"]


@pytest.mark.parametrize("pattern", [r"\d+(?!年)", r"\d+$", r"\d+\b", r"年(?=\d)"])
def test_a_pattern_looking_past_its_match_is_refused(pattern):
    with pytest.raises(ValueError):
        last_matches(re.compile(pattern), "2022年", [(0, 3)])
