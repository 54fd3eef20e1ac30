"""Review11: metadata round 17 (meta20, merged in main at ede5b8e) on ordinary pages.

Each test is a failing reproduction of a bug found by running ingest on invented pages; the docstrings give the
expected and actual values on ede5b8e, and what a7a7a3d (before round 17) gave.
"""
from __future__ import annotations

import time

import pytest

from pipeline import ingest
from pipeline.io import RawFile


def _doc(text: str, source: str = "web/review11.txt"):
    docs, errors = ingest.documents([RawFile(source, None, text.encode("utf-8"))])
    assert errors.empty, errors
    assert len(docs) == 1, "one article, one document"
    return docs.iloc[0]


BODY = ("　　近日，全市各地举办形式多样的活动，群众踊跃参与，现场气氛热烈。\n"
        "　　活动中，志愿者们还为群众送上了祝福。\n")
DATE = "2025-05-31 10:20　来源：某某县融媒体中心"


# --- bug 1. kicker_shape (-2): a short headline with no predicate loses to the body's first line or a caption ---

@pytest.mark.parametrize("headline, below", [
    # the brief's noun-phrase headline; the body's first line, a lead with a comma and no full stop
    ("我们的节日·端午", "端午节到来之际，我县各地举办丰富多彩的民俗活动"),
    # the same headline over a photo caption
    ("我们的节日·端午", "群众在某某广场观看龙舟比赛"),
    # frame_phrase: a headline that is a setting (在…上) over a caption
    ("在希望的田野上", "农民在田间整地播种"),
    # time_clause: a …进行时 headline over a caption
    ("春耕备耕进行时", "农民在田间整地播种"),
], ids=["noun_phrase_lead", "noun_phrase_caption", "frame_caption", "time_clause_caption"])
def test_short_headline_over_the_date_line_is_kept_against_a_longer_line_below(headline, below):
    """Regression (round 17). A page's only headline above its date line, then a blank line and one longer line
    without a full stop (the lead's first sentence, or a photo caption) and the body. kicker_shape gives the
    headline's one-line block -2 because the line below "states something" (it has a verb), so that line wins
    (+1.0 against +0.6) and the headline is removed as above_headline: it is in neither title, subtitle nor text.
    Expected title = the headline (as on a7a7a3d); actual on ede5b8e: title = the line below the date line."""
    d = _doc(f"首页 > 新闻中心\n{headline}\n{DATE}\n\n{below}\n{BODY}")
    assert d["title"] == headline


# --- bug 2. kicker_shape's line of figures: exponential backtracking in _NUMBERS_ONLY ---

def test_a_row_of_figures_is_read_in_linear_time():
    """Regression (round 17, new regex). headline_kickers._NUMBERS_ONLY (number_kicker, read by kicker_shape on every
    one-line headline block and by kicker_line on every line above a headline) nests ``\\s*[…\\s]\\s*`` in a repeated
    group: a table's row of figures separated by several spaces that does not end as figures (…   合计) backtracks
    exponentially: 8 figures 0.5 s, 10 figures 17 s, 12 minutes (measured on this machine). page_headline_shape
    accepts such a row, so a page printing a table's header row among its top lines stalls ingest. Expected: under
    a second; actual: 5-17 s for these 10 figures (by load), about six times longer with each figure more.
    (Note: a page with a 10-year header row below its date line also stalls a7a7a3d's ingest > 5 min, by another
    pattern; this test pins the new one.)"""
    from pipeline.headline_kickers import kicker_shape
    row = "   ".join(str(i) for i in range(1, 11)) + "   合计"
    t = time.perf_counter()
    assert kicker_shape(row) == ""
    assert time.perf_counter() - t < 0.5


# --- bug 3. kicker_shape: the noun-phrase headline above a subtitle is now dropped, no longer the subtitle ---

def test_theme_line_demoted_by_kicker_shape_is_not_lost():
    """Regression (round 17). 我们的节日·端午 above the date line, right under it (no blank line) a longer headline-shaped
    line. a7a7a3d: title = the lower line, subtitle = 我们的节日·端午. ede5b8e: the same title, but the demoted line is
    removed as above_headline (subtitle None, not in the text): the page loses it. Expected: it survives as the
    subtitle (as the number_kicker and frame_kicker cases keep their kicker)."""
    d = _doc(f"首页 > 新闻中心\n我们的节日·端午\n{DATE}\n各地举办包粽子赛龙舟等民俗活动\n{BODY}")
    kept = [d["title"], d["subtitle"] or "", d["text"]]
    assert any("我们的节日·端午" in s for s in kept)
