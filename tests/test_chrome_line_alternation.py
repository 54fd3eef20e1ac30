"""``chrome.drop_line`` tries its LINE_PATTERNS one by one only on a line their alternation
(``_ANY_LINE_PATTERN``) matches: the alternation must match exactly the lines one of them matches,
or a chrome line would be kept in the text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipeline import chrome

ROOT = Path(__file__).resolve().parent.parent


def _lines() -> list[str]:
    lines = []
    for path in sorted((ROOT / "corpus").glob("*.txt")) + sorted((ROOT / "bench" / "gold" / "metadata").glob("fixtures*/*.txt")):
        lines += [t.strip() for t in path.read_text(encoding="utf-8").splitlines() if t.strip()]
    for path in sorted((ROOT / "tests" / "cases").glob("*.json")):
        lines += [t.strip() for t in re.findall(r'"([^"\\]{1,200})"', path.read_text(encoding="utf-8"))]
    return lines


def test_the_alternation_matches_exactly_the_lines_a_line_pattern_matches():
    lines = _lines()
    assert len(lines) > 5000
    disagree = [s for s in lines
                if bool(chrome._ANY_LINE_PATTERN.match(s)) != any(p.match(s) for _, p in chrome.LINE_PATTERNS)]
    assert disagree == []
    assert any(chrome._ANY_LINE_PATTERN.match(s) for s in lines)  # the chrome lines of the fixtures are there


@pytest.mark.parametrize("pattern", [re.compile(r"(分享)\1"), re.compile(r"^打印$", re.M), re.compile(r"(?P<a>x)(?P=a)")])
def test_a_pattern_the_alternation_cannot_carry_is_refused_at_import(pattern):
    with pytest.raises(ValueError, match="LINE_PATTERNS"):
        chrome._any_of([pattern])
