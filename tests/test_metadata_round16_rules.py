"""Round 16's metadata rules on ordinary pages: where account_owner, numeral_predicate, short_name_account, reading_time
and account_slot (bare_publish) must NOT fire.

Written by review9 (on main 215a7e9 = meta19 merged) as failing reproductions of six bugs, fixed in fixmeta6: the rules'
conditions were made right in general — account_owner's body a government body's name (no company, hospital or
school) and never a line among the body's sentences; no headline join across a date or source line; a short-name
account only the stem as its own word + a platform's word (no place, no 厅/处, no longer word holding the stem); a bare
reading time (阅读：30分钟) among the body's sentences, or a score (阅读：70分), is text; an account in the slot above a
WeChat publish line is a name-like line (no verb phrase, no nouns ending in a common noun).

Each test is a minimal reproduction of one bug; it FAILED on 215a7e9, and each docstring gives the expected and the actual
result, and what 6a1508f (main before round 16) did. Ordered most serious first:

1. account_owner (chrome._ACCOUNT_OWNER) reads a column headline naming a company or a hospital (企业风采 · 某某有限公司:
   有限公司 ends in 司, 人民医院 in 院) as an account's owner line: the page loses its title, and the issuer is taken from
   the company's or hospital's place.
2. numeral_predicate (headline_wraps.quantity_start in open_subject) joins the body's first line, when it opens with a
   quantity (350公里…, 30项…, 1100万吨…), to a noun-phrase headline, across the date and source lines: the title gets half
   a sentence of the lead and the text starts mid-sentence.
3. short_name_account (issuer_names.short_name_account) gives a ministry as issuer for any source or account name that
   starts with a stem of a ministry's short name: a publisher (商务印书馆 → 商务部), a central firm (航天科工 → 国家航天局),
   a provincial department's division (商务厅对外贸易处 → 商务部), local accounts with their place (气象北京, 工信湖南).
4. reading_time (chrome._READING_TIME) removes body lines: a score line of an exam scheme (阅读：70分 — 分 read as minutes)
   and a line of a reading schedule (阅读：30分钟 among 晨读：15分钟 / 练字：20分钟).
5. account_slot bare_publish (headlines.account_slot) removes the second line of a wrapped headline above a WeChat
   publish line (date, time, IP place) as the posting account whatever its shape — a verb clause (奋力谱写新篇章,
   探访县人民医院) — and a place-named headline tail (临夏样本) then gives the issuer of a place only the headline names.
6. account_owner again, in the body: an event's organiser fields (承办单位｜遵义市农业农村局, 指导单位 · 贵州省商务厅) are
   removed from the text as an account's owner line, and the organiser's place becomes the page's issuer.
"""
from __future__ import annotations

import pytest

from tests.conftest import one_document


def _doc(text: str, source: str = "web/review9.txt"):
    return one_document(text, source)


LEAD = "3月12日，记者走进这家单位，现场一派繁忙景象。\n据介绍，今年以来各项工作进展顺利。\n"


# --- 1. account_owner: a column headline naming a company or a hospital is no account's owner line ---------------------

@pytest.mark.parametrize("head", ["企业风采 · 贵州詹阳动力重工有限公司", "专精特新｜浙江华达科技有限公司",
                                  "最美医护 · 遵义市第一人民医院"])
def test_column_headline_naming_a_company_is_no_account_owner(head):
    """A kicker-style headline, column · the unit it portrays (企业风采 · 某某有限公司, 最美医护 · 某某人民医院), matches
    _ACCOUNT_OWNER (any 2-12 characters, a middle dot or bar, a name ending in 司/院/局/中心…): the headline is removed as
    platform_marker (account_owner) and the page has NO title. Expected: title = the headline (as on 6a1508f; 专精特新｜…
    kept its name part there), issuer the source's 贵州日报. Actual (215a7e9): title None."""
    d = _doc(f"{head}\n2025-03-12 10:20\n来源：贵州日报\n\n{LEAD}")
    assert d["title"] is not None and d["title"].endswith(head.split("·")[-1].split("｜")[-1].strip())
    assert not any(r.startswith("platform_marker") for r in d["removed"])
    assert d["issuer"] == "贵州日报"


@pytest.mark.parametrize("head, place", [("企业风采 · 贵州詹阳动力重工有限公司", "贵州省"), ("专精特新｜浙江华达科技有限公司", "浙江省"),
                                         ("最美医护 · 遵义市第一人民医院", "遵义市")])
def test_place_of_a_portrayed_company_is_no_issuer(head, place):
    """With no source line, the company or hospital the headline portrays becomes the page's account, and the issuer
    is its place (贵州省, 浙江省, 遵义市) — a place only the headline names. Expected: issuer None and the title kept
    (6a1508f). Actual (215a7e9): issuer = the place, title None."""
    d = _doc(f"{head}\n2025-03-12 10:20\n\n{LEAD}")
    assert d["issuer"] != place
    assert d["title"] is not None


# --- 2. numeral_predicate: the lead's first line opening with a quantity is no headline's rest ------------------------

@pytest.mark.parametrize("head, first, rest", [
    ("京沪高铁复兴号列车", "350公里时速的复兴号列车穿行在华北平原上，沿线城市之间的联系",
     "越来越紧密。记者近日从国铁集团获悉，今年春运客流创新高。"),
    ("全省重点民生实事项目", "30项民生实事全部完成年度目标任务，群众获得感、幸福感",
     "持续增强。记者从省政府办公厅获悉，今年全省民生投入持续加大。"),
    ("今年全省粮食总产量", "1100万吨的总产量再创历史新高，全省粮食生产实现",
     "“二十连丰”。记者从省农业农村厅获悉，今年全省粮食播种面积稳中有增。"),
])
def test_lead_opening_with_a_quantity_is_not_joined_to_the_headline(head, first, rest):
    """A noun-phrase headline, then the date and source lines, then the lead wrapped by the layout (its first line
    opens with a quantity: 350公里…, 30项…, 1100万吨…). quantity_start makes open_subject take the lead's first line
    for the headline's predicate, across the date and source lines: title = headline + half a sentence of the body,
    text starting mid-sentence (越来越紧密。…). Expected: title = the headline, text = the whole lead (6a1508f)."""
    d = _doc(f"{head}\n2025-01-20 10:00\n来源：新华社\n{first}\n{rest}\n")
    assert d["title"] == head
    assert d["text"].startswith(first)


# --- 3. short_name_account: a name that merely starts like a ministry's short name is no ministry's account -----------

@pytest.mark.parametrize("name, ministry", [
    ("商务印书馆", "商务部"),            # a publisher (商务 is no everyday word by jieba's count: 1,166 < 2,000)
    ("航天科工", "国家航天局"),          # a central state firm (中国航天科工集团), not the space agency
    ("商务厅对外贸易处", "商务部"),      # a provincial department's division: 厅 is a province's, never the ministry
    ("气象北京", "中国气象局"),          # a city's weather service account, its place in the name
    ("工信湖南", "工业和信息化部"),      # a province's 工信厅 account, its place in the name
])
def test_name_starting_like_a_ministry_short_name_is_not_the_ministry(name, ministry):
    """short_name_account takes any 4-8 ideograph source or account name whose first 2-4 characters are a central body's
    short-name stem (商务, 航天, 气象, 工信) for that body's own account, whatever follows: the name of a body itself
    (商务厅对外贸易处 — the docstring says a body's own name is none), a brand with a place (气象北京, 工信湖南), a
    publisher or a firm. Expected: issuer not the ministry (6a1508f: None). Actual (215a7e9): issuer = the ministry."""
    d = _doc(f"我国推出一批新举措助力外贸稳增长\n2025-03-12 10:20\n来源：{name}\n\n{LEAD}")
    assert d["publication"] == name
    assert d["issuer"] != ministry


# --- 4. reading_time: a body line that gives a score or a time for reading is text ------------------------------------

@pytest.mark.parametrize("lines, line", [
    (["积累与运用：30分", "阅读：70分", "写作：50分"], "阅读：70分"),
    (["晨读：15分钟", "阅读：30分钟", "练字：20分钟"], "阅读：30分钟"),
])
def test_body_line_about_reading_is_not_removed(lines, line):
    """_READING_TIME takes 阅读：70分 (分 read as minutes: a section's score in an exam scheme) and 阅读：30分钟 (an item
    of a school's daily schedule, between 晨读 and 练字) for a reader mode's reading-time line and removes them from the
    body (view_count), while their sibling lines stay. Expected: the line kept in text (6a1508f). Actual: removed."""
    body = "\n".join(lines)
    d = _doc(f"关于2025年中考语文学科考试说明的通知\n2025-03-12 10:20\n来源：市教育局\n\n各区县教育局：\n"
             f"现将有关事项通知如下，各部分安排如下：\n{body}\n请认真做好相关工作。\n")
    assert line in d["text"].split("\n")
    assert not any(r.startswith("view_count") for r in d["removed"])


# --- 5. account_slot: the second line of a wrapped headline above a WeChat publish line ------------------------------

WECHAT_PUBLISH = "2023-05-28 21:06 贵州"


@pytest.mark.parametrize("above, below", [("坚定信心 真抓实干", "奋力谱写新篇章"), ("新春走基层", "探访县人民医院"),
                                          ("加快建设现代化产业体系", "临夏样本"), ("数说我省前三季度经济", "亮点成绩")])
def test_wrapped_headline_over_a_wechat_publish_line_keeps_its_second_line(above, below):
    """account_slot (bare_publish) lets account_below take ANY line of 2-8 ideographs between a headline line and a
    publish line with an IP place for the account's name: a verb clause (奋力谱写新篇章, 探访县人民医院 — no account's
    name) and the head nouns of a wrapped headline (亮点成绩, 临夏样本: the case fixed for a bare date line in 63fe9a6 and
    review7, back with the IP place) are removed as name_line. Expected: the line kept, in the title or the text
    (6a1508f). Actual (215a7e9): removed as the account."""
    d = _doc(f"{above}\n{below}\n{WECHAT_PUBLISH}\n\n3月12日，记者从有关方面获悉，相关工作正在有序推进。\n据介绍，今年以来各项任务进展顺利。\n")
    assert f"name_line: {below}" not in list(d["removed"])
    assert below in (d["title"] or "") or d["text"].startswith(below)


def test_place_in_a_wrapped_headline_over_a_wechat_publish_line_is_no_issuer():
    """The same wrap, 加快建设现代化产业体系 / 临夏样本 over a WeChat publish line (IP place 甘肃): 临夏样本 is taken as the
    account and gives the page the issuer 临夏回族自治州, a place only the headline names (the body never says it).
    Expected: issuer None, title 加快建设现代化产业体系临夏样本 (6a1508f). Actual (215a7e9): issuer 临夏回族自治州."""
    d = _doc("加快建设现代化产业体系\n临夏样本\n2023-05-28 21:06 甘肃\n\n"
             "3月12日，记者从有关方面获悉，相关工作正在有序推进。\n据介绍，今年以来各项任务进展顺利。\n")
    assert d["issuer"] != "临夏回族自治州"
    assert d["title"] == "加快建设现代化产业体系临夏样本"


# --- 6. account_owner: an organiser field of the body (承办单位｜某某局) is no account's owner line ---------------------

@pytest.mark.parametrize("field, place", [("承办单位｜遵义市农业农村局", "遵义市"), ("指导单位 · 贵州省商务厅", "贵州省")])
def test_organiser_field_in_the_body_is_no_account_owner(field, place):
    """_ACCOUNT_OWNER takes any 2-12 characters before the bar for an account's name, so a field label (承办单位,
    指导单位: the organiser of the event the page announces) with a body's name after it is read as the account's owner
    line: the line is removed from the text (platform_marker) and, with no source line, its place (遵义市, 贵州省: a body
    the text merely names as organiser) becomes the page's issuer. Expected: the line kept in text, issuer None
    (6a1508f). Actual (215a7e9): removed, issuer = the organiser's place."""
    d = _doc("2025贵州茶产业博览会将于5月开幕\n2025-03-12 10:20\n\n"
             "记者从有关方面获悉，2025贵州茶产业博览会将于5月在贵阳举行。\n本届博览会安排如下：\n"
             f"{field}\n欢迎各界踊跃参加。\n")
    assert field.replace("｜", "|") in d["text"].replace("｜", "|")
    assert d["issuer"] != place


# --- the rules still fire where they should (controls for the fixes above) -------------------------------------------

def test_account_owner_line_under_the_headline_still_names_the_issuer():
    """An account's card under its headline (领事直通车 · 外交部领事司: a ministry's 司 after the ministry) is still the
    account's owner line: removed, and the ministry the issuer."""
    d = _doc(f"接返同胞！第三架临时航班启程\n领事直通车 · 外交部领事司\n2023-05-02 19:30\n\n{LEAD}", "wx/review9.txt")
    assert d["title"] == "接返同胞！第三架临时航班启程"
    assert d["issuer"] == "外交部"


def test_short_name_and_platform_word_is_still_the_ministry():
    """A source named by a ministry's short name as a word of its own and a platform's word (商务 + 在线) is still the
    ministry's account."""
    d = _doc(f"我国推出一批新举措助力外贸稳增长\n2025-03-12 10:20\n来源：商务在线\n\n{LEAD}")
    assert d["issuer"] == "商务部"


def test_brand_over_a_wechat_publish_line_is_still_the_account():
    """A brand-like name (黔数观察: no verb phrase, not nouns ending in a common noun) between a headline and a WeChat
    publish line is still the posting account, never the headline's rest."""
    d = _doc(f"签约金额超300亿元！2024数字经济大会闭幕\n黔数观察\n{WECHAT_PUBLISH}\n\n{LEAD}", "wx/review9.txt")
    assert d["title"] == "签约金额超300亿元！2024数字经济大会闭幕"
    assert "name_line: 黔数观察" in list(d["removed"])


def test_estimated_reading_time_among_body_lines_is_still_removed():
    """A reading time that says it is the text's estimate (预计阅读 5 分钟) is the reader mode's wherever it stands."""
    d = _doc("关于做好春耕生产的通知\n2025-03-12 10:20\n来源：市农业农村局\n\n各区县：\n现将有关事项通知如下。\n"
             "预计阅读 5 分钟\n请认真做好相关工作。\n")
    assert "预计阅读 5 分钟" not in d["text"]
    assert any(r.startswith("view_count") for r in d["removed"])
