"""Ordinary pages that metadata round 15's widened rules got wrong (review8 of branch meta18 at 73e0653), kept as guards.

Each case failed on 73e0653 (the docstrings give what it got: "actual"); branch fixmeta5 makes each rule's condition
right: lead_echo only for a block printed right under the date line and not above a photo's credit (a caption);
a headline join (headline_continues) never crosses a removed date or source line; 并 before a negation is no linking
conjunction (new_clause); a related list's unbulleted titles are items only when the run of them ends as a list does
(page end, another item, chrome), never at a date line or the body's text; an account 某某发布 only under a name
(one or two words, no verb, adjective or adverb).
"""
from __future__ import annotations

import pytest

from tests.conftest import one_document


def _doc(text: str, source: str = "web/review8.txt"):
    return one_document(text, source)


NEWS = ("2025-03-12 10:20\n来源：某某市交通运输局\n\n"
        "记者从市交通运输局获悉，我市新开通3条公交线路，方便市民出行。\n新线路将于3月15日起运行。\n")
GOV = ("发布时间：2025-03-12\n来源：某某市人民政府办公室\n\n各区县人民政府，市政府各部门：\n"
       "现将《某某市进一步优化营商环境若干措施》印发给你们，请认真贯彻执行。\n")


# --- bug 1. lead_echo: a photo caption under the date line, which the lead repeats, beats the page's headline ---

CAPTION_LEAD = "3月12日，某某县宣讲团深入乡村开展三中全会精神宣讲活动，村民们认真聆听。\n宣讲团成员结合实际进行了解读。\n"


@pytest.mark.parametrize("below", ["记者 张三 摄\n", "（记者 张三 摄）\n", "\n宣讲现场\n"], ids=["credit", "bracketed_credit", "second_caption"])
def test_photo_caption_under_the_date_line_does_not_replace_the_headline(below):
    """Regression. A headline the lead does not repeat (春风化雨润民心, unechoed -2) over the date line, then a photo
    caption the lead repeats (no 。, so headline-shaped) and its credit: lead_echo (+1) lifts the caption block from
    +1.0 to +2.0 over the headline's +0.6. Expected title 春风化雨润民心 (dde1dc2); actual: the caption is the title
    and the page's headline is removed as above_headline — in neither title, subtitle nor text."""
    d = _doc("春风化雨润民心\n2025-03-12 10:20 来源：某某县融媒体中心\n\n某某县宣讲团深入乡村开展三中全会精神宣讲活动\n"
             + below + "\n" + CAPTION_LEAD)
    assert d["title"] == "春风化雨润民心"


# --- bug 3. related_wrap: a list heading's "items" now take any page_headline_shape line (up to 80 characters, ！/？) ---

@pytest.mark.parametrize("heading, head, tail", [
    # a document title of 41-80 characters (is_headline's 40 before; page_headline_shape's 80 now)
    ("相关链接", "某某市人民政府办公室关于印发某某市进一步优化营商环境激发市场主体活力若干措施的通知", GOV),
    # a question headline (？ was no item before)
    ("推荐阅读", "市民出行更方便了吗？", NEWS),
], ids=["long_document_title", "question_headline"])
def test_page_headline_right_under_a_list_heading_is_no_related_item(heading, head, tail):
    """Regression. A list heading the page prints with no items of its own (a sidebar's label: 相关链接, 推荐阅读) right
    above the page's headline: round 15 reads any page_headline_shape line under it as the list's item, so a policy
    document's 41-80 character title, or a headline with ？, is removed as related_link. Expected title = the
    headline (as on dde1dc2); actual on 73e0653: title None, the headline in neither title nor text."""
    d = _doc(f"{heading}\n{head}\n{tail}")
    assert d["title"] == head


def test_question_subheading_under_extended_reading_stays_in_the_text():
    """Regression. 延伸阅读 opens an explainer section of the body (a question subheading, then its answer): round 15
    takes the subheading 什么是个人养老金？ for a related list's item (items may now hold ？) and removes it, so the
    text loses it. Expected: the subheading in the text (as on dde1dc2); actual: it is dropped."""
    d = _doc("我市个人养老金参保人数突破10万\n2025-03-12 10:20\n来源：某某市人社局\n\n"
             "记者从市人社局获悉，我市个人养老金参保人数突破10万人。\n延伸阅读\n什么是个人养老金？\n"
             "个人养老金是指政府政策支持、个人自愿参加、市场化运营的补充养老保险制度。\n")
    assert "什么是个人养老金？" in d["text"]


# --- bug 4. related_wrap: a list heading resets "bulleted", so a headline after a bulleted list and a bare heading is an item ---

def test_headline_after_a_bulleted_list_and_an_empty_heading_is_kept():
    """Regression. A bulleted 相关新闻 list ends at its first unbulleted line (the page's own headline may follow it);
    round 15 makes any list heading open a list of its own, unbulleted, so a second heading printed with no items
    (推荐阅读) above the headline turns the headline into its item: title None and the headline lost. Expected title
    我市新开通3条公交线路 (dde1dc2); actual None."""
    d = _doc("相关新闻\n· 我市启动春运保障工作\n· 公交集团发布春节运营安排\n推荐阅读\n我市新开通3条公交线路\n" + NEWS)
    assert d["title"] == "我市新开通3条公交线路"


# --- bug 5. new_clause after ？: a question headline swallows its answer subtitle ---

@pytest.mark.parametrize("question, answer", [
    ("房价下跌就该抄底吗？", "并不意味着市场已经见底"),
    ("楼市真的回暖了吗？", "并没有想象中那么乐观"),
], ids=["bingbu", "bingmeiyou"])
def test_question_headline_does_not_swallow_its_answer(question, answer):
    """Regression. new_clause now joins a line opened by 并 whatever closes the line above, ！ and ？ included. Under a
    question the line 并不…/并没有… (并 the emphatic adverb of a negation, which jieba tags c) is the answer, a
    subtitle: the question is complete. Expected title = the question (dde1dc2), the answer not in it; actual
    '房价下跌就该抄底吗？ 并不意味着市场已经见底'."""
    d = _doc(f"{question}\n{answer}\n2025-03-12 10:20\n来源：某某网\n\n"
             "记者从市住建局获悉，今年以来我市房地产市场总体平稳。\n业内人士认为，市场仍需观察。\n")
    assert d["title"] == question
    assert answer not in d["title"]


# --- bug 2. new_clause reaches below the date line: the body's first line opened by 而/并且 joins the headline ---

@pytest.mark.parametrize("head, meta, first, rest", [
    ("春节，我们在岗！", "2025-01-28 10:20 来源：某某发布", "而在千里之外", "有这样一群人\n他们坚守在岗位上，守护万家灯火。\n"),
    ("春节坐公交方便吗？", "2025-01-28 10:20", "并且在春节期间", "全市公交将延长运营时间\n市民可通过某某APP查询实时到站信息。\n"),
    # (older: a headline with a verb had this join on dde1dc2 already; round 15 extends it to every ！/？ headline)
    ("我市公交春节不打烊", "2025-01-28 10:20", "并且在春节期间", "全市公交将延长运营时间\n市民可通过某某APP查询实时到站信息。\n"),
], ids=["exclamation", "question", "older_plain"])
def test_body_first_line_below_the_date_line_is_not_the_headline(head, meta, first, rest):
    """Regression for the ！ and ？ cases. The body's first line, printed below the publish line and opened by 而/并且
    (a WeChat-style body in short lines), is joined onto the headline as its new_clause across the removed date line:
    title '春节，我们在岗！ 而在千里之外有这样一群人', and the body loses its first sentence. Expected title = the
    headline, the line in the text (dde1dc2 for ！/？; the plain headline failed there too)."""
    d = _doc(f"{head}\n{meta}\n{first}\n{rest}记者走访了多个站点。\n")
    assert d["title"] == head
    assert first in d["text"]


# --- bug 6. (older than round 15) a short headline ending in 发布 is taken for an account's name ---

@pytest.mark.parametrize("above", ["", "重磅！\n"], ids=["alone", "under_kicker"])
def test_short_headline_ending_in_fabu_is_no_account_name(above):
    """Not a regression (dde1dc2 does the same), found on the way: an 8-character headline ending in 发布
    (并购重组新规发布, shaped like an account 某某发布) is removed as platform_header: title None (or the kicker
    重磅！), the headline in neither title nor text, though the lead repeats it. Expected title 并购重组新规发布."""
    d = _doc(f"{above}并购重组新规发布\n2025-03-12 10:20\n来源：某某网\n\n记者获悉，并购重组新规正式发布。\n新规自4月1日起施行。\n")
    assert d["title"] == "并购重组新规发布"


def test_related_titles_with_their_dates_under_them_are_still_a_list():
    """The other side of bug 3: a related list whose unbulleted titles each have their own bare date on the line under
    them (相关阅读 / 标题 / 2025-01-20 / 标题 / 2025-01-18) is a list — the date is the item's, not a publish line under a
    headline — so its titles stay out of the text and the page's headline is the title."""
    d = _doc("我市新开通3条公交线路\n" + NEWS + "相关阅读\n我市启动春运保障工作\n2025-01-20\n公交集团发布春节运营安排\n2025-01-18\n")
    assert d["title"] == "我市新开通3条公交线路"
    assert "我市启动春运保障工作" not in d["text"] and "公交集团发布春节运营安排" not in d["text"]
