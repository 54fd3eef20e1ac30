"""Keywords (TF-IDF, TextRank) and the shared term filter."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from pipeline import keywords, lexicons, schemas, segment, sentences
from pipeline.config import TopicConfig
from pipeline.topic_corpus import is_term, junk_reason

CASES = json.loads((Path(__file__).parent / "cases" / "topic_terms.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["token"] for c in CASES])
def test_term_filter(case):
    assert junk_reason(case["token"], slogan=case["slogan"], stopword=case["stopword"]) == case["expected"], case["note"]


def tokens_of(texts: list[str], dates=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """documents and tokens of ``texts`` through our segmenter and the bundled lexicons."""
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts,
                         "date": dates or [None] * len(texts)})
    docs["n_chars"] = docs["text"].str.len()
    toks = segment.tokens(docs, sentences.sentences(docs), lexicon=lexicons.load())
    return docs, toks


SLOGAN_TEXTS = [
    "深入开展三抓三促行动，用三抓三促推动干部作风转变。三抓三促成效明显，三抓三促激发活力，2024年完成3个项目。",
    "广元构建1+1+17体系，1+1+17带动食品饮料。十四五期间，1+1+17壮大，1+1+17成势。",
    "的 了 和 一是 二是：园区基础设施建设，园区道路、园区供水管网全面完工。",
]


@pytest.fixture(scope="module")
def slogan_keywords():
    _, toks = tokens_of(SLOGAN_TEXTS)
    return keywords.keywords(toks, config=TopicConfig(keywords_top_n=8))


def test_keywords_table_matches_schema(slogan_keywords):
    schemas.to_arrow("keywords", slogan_keywords)
    assert set(slogan_keywords["method"]) == {"tfidf", "textrank"}
    for _, grp in slogan_keywords.groupby(["doc_id", "method"]):
        assert grp["rank"].tolist() == list(range(1, len(grp) + 1))
        assert grp["score"].is_monotonic_decreasing


def test_slogans_are_top_keywords_whole(slogan_keywords):
    top = slogan_keywords[slogan_keywords["rank"] == 1].groupby("doc_id")["term"].agg(set)
    assert top["d0"] == {"三抓三促"}
    assert top["d1"] == {"1+1+17"}
    terms = set(slogan_keywords["term"])
    assert not {"三抓", "三促", "1+1", "17"} & terms  # no fragment of a slogan


def test_policy_word_with_numerals_kept_numbers_and_stopwords_dropped(slogan_keywords):
    terms = set(slogan_keywords["term"])
    assert "十四五" in terms
    stop = lexicons.load().stopwords
    assert all(is_term(t, slogan=t in {"三抓三促", "1+1+17"}, stopword=t in stop) for t in terms)
    assert not {"2024年", "3个", "一是", "二是", "的", "和"} & terms


def test_tfidf_prefers_terms_specific_to_a_document():
    docs, toks = tokens_of(["产业园区建设，产业项目投产。", "产业融合发展，乡村旅游兴旺。"])
    kw = keywords.keywords(toks)
    tfidf = kw[(kw["method"] == "tfidf") & (kw["doc_id"] == "d1")].set_index("term")["score"]
    assert tfidf["旅游"] > tfidf["产业"]  # both once in d1, 产业 also in d0


def test_textrank_scores_the_hub_of_the_cooccurrence_graph_highest():
    terms = ["产业", "链条", "产业", "集群", "产业", "人才", "产业", "资金"]
    scores = keywords.textrank(terms, [0] * len(terms), window=2)
    assert max(scores, key=scores.get) == "产业"
    assert scores["产业"] == 1.0
    # a term alone in its sentence keeps the teleport share only
    alone = keywords.textrank(["产业", "链条", "园区"], [0, 0, 1], window=2)
    assert alone["园区"] < alone["产业"]


def test_keywords_are_identical_on_rerun_and_do_not_mutate_input():
    _, toks = tokens_of(SLOGAN_TEXTS)
    before = toks.copy()
    a = keywords.keywords(toks)
    b = keywords.keywords(toks)
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(toks, before)


def test_no_tokens_gives_an_empty_table():
    out = keywords.keywords(schemas.empty("tokens"))
    assert list(out.columns) == schemas.columns("keywords") and out.empty


def test_bundled_run_writes_keywords(bundled_run):
    from pipeline import io

    kw = io.read_table(bundled_run, "keywords")
    docs = io.read_table(bundled_run, "documents")
    assert set(kw["doc_id"]) == set(docs["doc_id"])
    assert (kw["term"].str.len() >= 2).all()


def test_the_keywords_stage_declares_every_option_keywords_read():
    """Its cache key holds only the declared options of the topics section: an option the
    library reads but the declaration lacks would leave stale keywords after a change."""
    import ast
    from pathlib import Path

    from pipeline.stages import keywords as stage

    tree = ast.parse(Path(keywords.__file__).read_text(encoding="utf-8"))
    read = {n.attr for n in ast.walk(tree)
            if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "config"}
    assert read <= set(stage.OPTIONS), read - set(stage.OPTIONS)


def test_a_topic_model_option_does_not_recompute_keywords_but_a_keyword_option_does(tmp_path):
    import shutil

    from pipeline import config as config_mod
    from pipeline.run import run
    from tests.conftest import CORPUS

    corpus = tmp_path / "c"
    shutil.copytree(CORPUS, corpus)
    cfg = config_mod.Config(corpus=corpus, out=tmp_path / "out", workers=1)
    run(cfg, only=["keywords"])
    again = run(cfg.replace(topics__k_max=cfg.topics.k_max + 2), only=["keywords"])
    assert again.work["keywords"]["reused"] == 1
    changed = run(cfg.replace(topics__keywords_top_n=cfg.topics.keywords_top_n + 1), only=["keywords"])
    assert changed.work["keywords"]["computed"] == 1


def test_tfidf_scores_do_not_depend_on_row_order_or_the_other_documents():
    """A run's chunks of files differ with the worker count: a document's TF-IDF scores are the
    same float whether its count rows come alone, in another order, or among other documents'."""
    import random

    rng = random.Random(3)
    terms = [f"词{i}" for i in range(400)]
    rows = [{"doc_id": f"d{d}", "token": t, "tf": rng.randrange(1, 40)}
            for d in range(6) for t in rng.sample(terms, 300)]
    counts = pd.DataFrame(rows)
    freq = keywords.frequencies_of(counts)
    config = TopicConfig(keywords_top_n=300)
    whole = keywords.keywords_from(counts, [], config=config, frequencies=freq)
    shuffled = counts.sample(frac=1.0, random_state=1).reset_index(drop=True)
    alone = keywords.keywords_from(counts[counts["doc_id"] == "d2"], [], config=config, frequencies=freq)
    pd.testing.assert_frame_equal(keywords.keywords_from(shuffled, [], config=config, frequencies=freq), whole,
                                  check_exact=True)
    pd.testing.assert_frame_equal(alone.reset_index(drop=True),
                                  whole[whole["doc_id"] == "d2"].reset_index(drop=True), check_exact=True)


def test_keywords_counted_from_a_files_term_rows_equal_those_counted_from_its_tokens(bundled_run):
    """The run counts keywords from each file's term rows (stage ``terms``, documents in their
    order) rather than from its tokens (documents by doc_id): the same counts, TextRank rows and
    keywords."""
    from pipeline import io
    from pipeline.topic_corpus import term_rows

    docs = io.read_table(bundled_run, "documents")[["doc_id", "text"]]
    toks = io.read_table(bundled_run, "tokens")
    common = keywords.term_counts(toks)[0]["token"].value_counts().index[0]  # a term of many documents
    cfg = TopicConfig(extra_stopwords=(common,), textrank_window=4)
    rows = term_rows(docs.iloc[::-1], toks, extra_stopwords=cfg.extra_stopwords, generic=cfg.generic_stopwords)
    kept = schemas.to_arrow("terms", rows).to_pandas()  # as the stage writes it and reads it back
    counts, ranks = keywords.term_counts_of(kept, config=cfg)
    want_counts, want_ranks = keywords.term_counts(toks, config=cfg)
    assert len(counts) > 100
    pd.testing.assert_frame_equal(counts, want_counts)
    assert sorted(ranks) == sorted(want_ranks)
    pd.testing.assert_frame_equal(keywords.keywords_from(counts, ranks, config=cfg),
                                  keywords.keywords(toks, config=cfg))


def test_document_frequencies_skip_a_missing_token_and_count_one_string_once(tmp_path):
    """``frequencies_of`` on a term count table read back from CSV: pandas reads the token "NA"
    (an accepted term, e.g. "N/A" in a table cell) as missing; that row is no term and the others
    are counted (review of speed25, finding 3: the codes' -1 made bincount raise). Tokens that are
    one string (1 and "1") are one term, as ``astype(str)`` counted them."""
    counts = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "token": ["发展", "NA", "发展", "产业"], "tf": [2, 1, 1, 1]})
    counts.to_csv(tmp_path / "counts.csv", index=False)
    back = pd.read_csv(tmp_path / "counts.csv")
    assert back["token"].isna().sum() == 1
    assert keywords.frequencies_of(back) == (2, {"发展": 2, "产业": 1})
    mixed = pd.DataFrame({"doc_id": ["a", "b", "c"], "token": pd.Series([1, "1", None], dtype=object), "tf": 1})
    assert keywords.frequencies_of(mixed) == (3, {"1": 2})
    assert keywords.frequencies_of(counts.iloc[:0]) == (0, {})
