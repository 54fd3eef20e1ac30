"""Review 11 of metadata round 17 (meta20): kicker_shape in the headline choice, and lines of figures read in linear time.

Each test is a failing reproduction of a bug found by running ingest on invented pages; the docstrings give the
expected and actual values on ede5b8e, and what a7a7a3d (before round 17) gave.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import one_document


def _doc(text: str, source: str = "web/review11.txt"):
    return one_document(text, source)


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


# --- bug 2 and the older hangs: patterns that backtracked exponentially on rows of figures ---
#
# Each input below is long enough that the old patterns would run for years (each figure or character more
# multiplied the time by ~6), so the checks run in a child process with a generous deadline: a hang fails the
# test instead of stalling the suite, and no speed is asserted (bench/ measures speed).

HANG_DEADLINE = 120  # seconds: a hang, not a slow machine, exceeds it

_CHECKS = r"""
from pipeline import ingest
from pipeline.chrome import drop_line
from pipeline.headline_kickers import kicker_shape
from pipeline.headlines import _BODY_NAME
from pipeline.io import RawFile

# headline_kickers._NUMBERS_ONLY (number_kicker): a table's row of figures separated by several spaces that does
# not end as figures (...   合计): 10 figures took 5-17 s on ede5b8e
row = "   ".join(str(i) for i in range(1, 31)) + "   合计"
assert kicker_shape(row) == "", kicker_shape(row)

# chrome's share_menu read a menu's number between separators that may be empty: a row of years (2016   2017 ...)
# split every way (ten years: over 5 minutes, on a7a7a3d too)
years = "   ".join(str(y) for y in range(2016, 2046)) + "年"
d = drop_line(years)
assert d is None or d.rule != "share_menu", d
assert drop_line("分享到 微信 微博 12") is not None  # a real menu with its count still is one

# headlines._BODY_NAME glued its tail's names of 2 to 6 characters with no separator: a long line opened by a
# body's name and closed by a mark split its run every way
line = "某某局" + "全市经济运行稳中有进" * 8 + "。"
assert _BODY_NAME.match(line) is None
assert _BODY_NAME.match("中华人民共和国退役军人事务部") is not None

# the whole page of review 11's h1: a header row of ten years under the date line
page = ("首页 > 数据发布\n全市主要经济指标持续向好\n2025-03-12 10:20　来源：某某县统计局\n\n"
        + "   ".join(str(y) for y in range(2016, 2026)) + "年\n"
        + "　　今年以来，全市经济运行稳中有进，主要指标好于预期。\n　　下一步，将继续做好经济运行监测。\n")
docs, errors = ingest.documents([RawFile("web/h1.txt", None, page.encode("utf-8"))])
assert errors.empty and len(docs) == 1
assert docs.iloc[0]["title"] == "全市主要经济指标持续向好", docs.iloc[0]["title"]
print("ok")
"""


def test_rows_of_figures_and_long_name_lines_never_hang():
    """Regression (review 11). headline_kickers._NUMBERS_ONLY (new in round 17), chrome's share_menu and
    headlines._BODY_NAME (older) nested repeats whose pieces could match the same characters, so a row of figures or
    a long line opened by a body's name backtracked exponentially and stalled ingest for minutes. Rewritten so no two
    neighbouring pieces share characters; each check gives its right answer and the whole page ingests."""
    done = subprocess.run([sys.executable, "-c", _CHECKS], capture_output=True, text=True, timeout=HANG_DEADLINE,
                          cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().endswith("ok")


# --- bug 3. kicker_shape: the noun-phrase headline above a subtitle is now dropped, no longer the subtitle ---

def test_theme_line_demoted_by_kicker_shape_is_not_lost():
    """Regression (round 17). 我们的节日·端午 above the date line, right under it (no blank line) a longer headline-shaped
    line. a7a7a3d: title = the lower line, subtitle = 我们的节日·端午. ede5b8e: the same title, but the demoted line is
    removed as above_headline (subtitle None, not in the text): the page loses it. Expected: it survives as the
    subtitle (as the number_kicker and frame_kicker cases keep their kicker)."""
    d = _doc(f"首页 > 新闻中心\n我们的节日·端午\n{DATE}\n各地举办包粽子赛龙舟等民俗活动\n{BODY}")
    kept = [d["title"], d["subtitle"] or "", d["text"]]
    assert any("我们的节日·端午" in s for s in kept)
