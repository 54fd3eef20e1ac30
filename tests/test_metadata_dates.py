"""Dates, date sources, years and document types on invented page and document layouts.

Cases live as data in tests/cases/metadata_dates.json (input, expected fields, a note each):
each class of evidence — a publish line in its many formats, a date after the headline, an
issue-date masthead, a signature date closing a document, a session line in Chinese numerals
or wrapped over lines, a page about a report vs the report — in wordings the rules were not
built on, so that the rule, not one page, is tested."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from pipeline import ingest
from pipeline.io import RawFile

CASES = json.loads((Path(__file__).parent / "cases" / "metadata_dates.json").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["note"][:70] for c in CASES])
def test_date_case(case):
    docs, errors = ingest.documents([RawFile(case["source"], None, case["input"].encode("utf-8"))])
    assert errors.empty, errors
    assert len(docs) == 1, "a file holding one article gives one document"
    d = docs.iloc[0]
    for key, want in case["expected"].items():
        got = d[key]
        if key == "year":
            got = None if pd.isna(got) else int(got)
        elif not isinstance(got, str) and pd.isna(got):
            got = None
        assert got == want, f"{key}: got {got!r}, want {want!r} ({case['note']})"
    for chrome in case.get("absent", []):  # chrome lines gone from the text
        assert chrome not in d["text"], f"{chrome!r} left in the text"
    if case["expected"].get("date"):  # a date decided says which rule found it
        assert any(e.startswith("date:") for e in d["evidence"]), d["evidence"]


def test_explain_names_the_date_rules():
    """ingest --explain shows, after the lines, each metadata decision with its named rule."""
    def rules(note_start):
        case = next(c for c in CASES if c["note"].startswith(note_start))
        steps = ingest.explain(case["input"], source=case["source"]).steps
        return {s.rule: s.text for s in steps if s.decision == "metadata"}, {s.rule for s in steps}

    meta, lines = rules("signature_date: an official notice dated by its signature line in digits")
    assert meta["date: publish_line"].startswith("signature_date:") and {"signature_date", "document_footer"} <= lines
    meta, _ = rules("session_month_only: a month-only session line in December")
    assert "session_month_only" in meta["date: session_line"] and meta["year: delivered_before_year"]
    meta, lines = rules("headline_date: ISO date after the headline")
    assert "headline_date" in lines and meta["date: publish_line"]
