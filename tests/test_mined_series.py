"""A quoted series of words without numerals (“学党史、悟思想、办实事、开新局”) is one named formulation to the
slogans stage (rule named_series); the archive miner reads it the same way, so that a series quoted in reports of
many regions is known where a text writes it unquoted (ANNOTATION.md: national formulations count wherever they occur)."""

import pandas as pd

from pipeline import formulations, slogans
from pipeline.config import SloganConfig
from pipeline.formulations import MinedEntry
from pipeline.lexicons import Lexicon

SERIES = "学党史、悟思想、办实事、开新局"


def test_miner_reads_a_quoted_series_of_words_as_one_named_formulation():
    texts = [(f"{c}市/2021.md", f"深入开展“{SERIES}”活动。") for c in "甲乙丙"]
    t = formulations.mine(texts, min_regions=3).set_index("formulation")
    assert t.loc[SERIES, "kind"] == "named" and t.loc[SERIES, "n_regions"] == 3
    assert t.loc[SERIES, "evidence"] == "quoted"
    # quoted in two regions only: not established
    assert SERIES not in set(formulations.mine(texts[:2], min_regions=3)["formulation"])


def test_miner_leaves_series_that_are_no_names():
    texts = [(f"{c}市/2021.md", "落实“送政策、送贷款、送服务”的“三送”，推进“一网通办、一网统管”。"
              "搞好“政治、经济”工作。") for c in "甲乙丙"]
    texts += [(f"{i}县/2022.md", "做好政治、经济工作。") for i in range(70)]
    t = formulations.mine(texts, min_regions=3, with_excluded=True)
    why = dict(zip(t["formulation"], t["excluded"]))
    # the series defining the count after it (三送) and a series holding numerals (each numbered item is its own
    # formulation) are not mined as series
    assert "送政策、送贷款、送服务" not in why and "一网通办、一网统管" not in why and "三送" in why
    # quoted by 3 of the 73 documents writing it: an ordinary phrase, excluded by the contract's rule
    assert why["政治、经济"] == "ordinary word, rarely quoted"


def test_stage_finds_a_mined_series_written_unquoted_and_without_its_commas():
    lex = Lexicon(mined={SERIES: MinedEntry("named", 120, 80, 0.6)})
    docs = pd.DataFrame({"doc_id": ["d", "e"], "source": ["a.txt", "b.txt"], "date": [None, None],
                         "text": [f"扎实开展{SERIES}活动。", "坚持学党史悟思想办实事开新局。"]})
    found, _, _ = slogans.slogan_tables(docs, None, lexicon=lex, config=SloganConfig(min_score=0.0, min_score_named=0.0))
    rows = found.set_index("doc_id")
    assert rows.loc["d", "slogan"] == SERIES and rows.loc["d", "kind"] == "named" and rows.loc["d", "rule"] == "mined"
    assert rows.loc["e", "slogan"] == SERIES and rows.loc["e", "kind"] == "named"
