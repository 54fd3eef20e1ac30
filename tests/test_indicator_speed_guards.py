"""Guards of the indicators stage's speed work (issue #21): the Arrow table the stage writes has the
declared dtypes when read back with pandas, and the cheaper paths (lifecycle tagging only of phrases
ending in a status word, the section of a number by bisect, a paragraph's heading test once, the
canonical metric remembered per lexicon index) give what the straightforward code gives, on a work
report that reaches the stage's rare paths.
"""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline import indicators as ind
from pipeline import schemas
from pipeline.config import IndicatorConfig

# a work report with sections, targets, 预计, 由…增至, 从…到, ranges, negatives, fullwidth digits,
# Chinese numerals, ‰, a unit split across lines, quoted numerals and a last line without a sentence end
REPORT = (
    "政府工作报告\n一、2018年工作回顾\n全年地区生产总值完成1234.5亿元，增长6.5%。预计全年固定资产投资由100亿元增至120亿元。\n"
    "城镇新增就业从2.1万人到2.5万人，人口自然增长率控制在5.6‰以内。\n"
    "规模以上工业增加值下降-3.2%，财政收入１２３．４亿元，增长百分之七。\n二、2019年工作安排\n主要预期目标是：\n"
    "地区生产总值增长6%—6.5%；\n城镇登记失业率控制在4.5%以内；\n居民人均可支配收入增长7%左右。\n"
    "新开工项目三十个，集中开工13个项目，竣工投产项目20个，新建成5个，签约项目“１００”个。\n"
    "粮食产量达到120\n万吨，“十三五”时期，建成“一园17区”，粮食产量达到一百二十万吨"
)


def _frames(text: str, doc: str = "d", source: str = "a_2019.txt"):
    docs = pd.DataFrame({"doc_id": [doc], "source": [source], "text": [text]})
    sents = pd.DataFrame({"doc_id": [doc], "sentence": [0], "start": [0], "end": [len(text)], "text": [text]})
    return docs, sents


def test_indicators_table_to_pandas_gives_the_declared_dtypes():
    """FINDING (low): indicators_table() is exported (__all__, README module map: "the same rows as an
    Arrow table") but is built with pa.Table.from_arrays and no pandas metadata; only the stage's
    store.write adds it (schemas.check_arrow). A library user's .to_pandas() then gets year float64
    (NaN) and sentence int32 instead of the table's Int32 that indicators() and schemas.empty() give.
    Right: return schemas.check_arrow("indicators", table) (metadata cached; same cost)."""
    docs, sents = _frames("一、2018年工作回顾\n全年增长6%。共有新开工项目12个。\n")
    frame = ind.indicators(docs, sents, config=IndicatorConfig())
    back = ind.indicators_table(docs, sents, config=IndicatorConfig()).to_pandas()
    for col in ("sentence", "year"):
        assert str(back[col].dtype) == str(frame[col].dtype) == "Int32", col
    empty = ind.indicators_table(docs.iloc[:0], sents.iloc[:0], config=IndicatorConfig()).to_pandas()
    for col in ("sentence", "year"):
        assert str(empty[col].dtype) == str(schemas.empty("indicators")[col].dtype), col


@pytest.mark.parametrize("text", [
    REPORT, "", "全年完成投资45亿元增长12%没有句号", "　" * 50 + "１２３" + "。" * 3,
    "全年粮食产量达到120\n万吨，增长3.5\n%。开工建设项目\n15个。\n预计全年增长−2.5%至3%。",
    "实现营业收入" + "，".join(f"{i}亿元" for i in range(400)),
])
def guard_table_is_the_frame(text):
    docs, sents = _frames(text)
    table = ind.indicators_table(docs, sents, config=IndicatorConfig())
    assert table.equals(schemas.to_arrow("indicators", ind.indicators(docs, sents, config=IndicatorConfig())))


test_guard_table_is_the_frame = guard_table_is_the_frame


def test_guard_lookup_cache_does_not_leak_between_lexicons():
    """canonical._lookup remembers answers per MetricIndex: an index without 生产总值 must not get
    the bundled index's answer for the same phrase, in either order."""
    from pipeline import canonical as C
    from pipeline.lexicons import bundled
    ms = bundled().metrics
    full = C.index(ms)
    less = C.index(tuple(m for m in ms if "生产总值" not in m.canonical and not any("生产总值" in a for a in m.aliases)))
    for _ in range(2):
        assert C._lookup(full, "地区生产总值")[0] is not None
        assert C._lookup(less, "地区生产总值")[0] is None


def test_guard_status_shortcut_matches_the_tagging():
    """_with_status skips tagging unless the phrase ends in a lifecycle word: the result must be the
    tagged one for phrases ending in spaces, fullwidth spaces, quotes and mixed scripts."""
    from pipeline import indicator_context as ic
    from pipeline import patterns as P
    from pipeline.indicator_metrics import pos_tags, stripped_phrase

    def tagged(before, noun):
        toks = pos_tags(stripped_phrase(before)) if before else ()
        if toks and toks[-1][0] in P.STATUS_WORDS and not noun.startswith(toks[-1][0]):
            return ("新" if len(toks) > 1 and toks[-2][0] == "新" else "") + toks[-1][0] + noun
        return noun

    for before in ["集中开工", "新开工 ", "开工\u3000", "签约“", "全年新签约", "项目开工a", "竣工、", "新 建", "在建\n", "复工）"]:
        assert ic._with_status(before, "项目") == tagged(before, "项目"), before
