"""Review 11 of metadata round 17 (meta20): kicker_shape in the headline choice, and lines of figures read in linear time.

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


# --- the older hang: a header row of years below the date line (chrome share_menu, before round 17) ---

def test_a_page_with_a_header_row_of_years_ingests_in_seconds():
    """Regression (review 11, h1). A page whose body opens with a table's header row of ten years (2016   2017 …
    2025年) stalled ingest over 5 minutes, on a7a7a3d too: chrome's share_menu pattern reads a menu's number,
    ``\\d{1,6}``, between separators that may be empty, so two numbers could split one run of figures every way and the
    row, not a menu, backtracked exponentially. Expected: a few seconds, the headline kept as the title."""
    years = "   ".join(str(y) for y in range(2016, 2026)) + "年"
    t = time.perf_counter()
    d = _doc(f"首页 > 数据发布\n全市主要经济指标持续向好\n2025-03-12 10:20　来源：某某县统计局\n\n{years}\n"
             "　　今年以来，全市经济运行稳中有进，主要指标好于预期。\n　　下一步，将继续做好经济运行监测。\n")
    assert time.perf_counter() - t < 10
    assert d["title"] == "全市主要经济指标持续向好"


def test_a_row_of_years_is_no_share_menu_and_is_read_in_linear_time():
    """The share_menu pattern on the row itself: no menu, read at once (it took minutes)."""
    from pipeline.chrome import drop_line
    years = "   ".join(str(y) for y in range(2016, 2031)) + "年"
    t = time.perf_counter()
    d = drop_line(years)
    assert d is None or d.rule != "share_menu"
    assert time.perf_counter() - t < 0.5
    assert drop_line("分享到 微信 微博 12") is not None  # (a real menu with its count still is one)


def test_a_long_line_opened_by_a_body_name_is_read_in_linear_time():
    """headlines._BODY_NAME (body_name, site_name_top) glued its tail's names of 2 to 6 characters with no separator: a
    long line opened by a body's name and closed by a mark (某某局 + 50 characters + 。) split its run every way.
    Expected: no body name, at once."""
    from pipeline.headlines import _BODY_NAME
    line = "某某局" + "全市经济运行稳中有进" * 5 + "。"
    t = time.perf_counter()
    assert _BODY_NAME.match(line) is None
    assert _BODY_NAME.match("中华人民共和国退役军人事务部") is not None
    assert time.perf_counter() - t < 0.5
