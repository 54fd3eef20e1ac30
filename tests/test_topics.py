"""Topic models: k-selection rule, reproducibility, slogans whole, no junk, trends, units."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from pipeline import io, lexicons, metadata, partcache, schemas, topic_models, topic_search, topics
from pipeline.config import TopicConfig
from pipeline.topic_corpus import count_matrix, is_term, units
from tests.test_keywords import tokens_of

# four disjoint vocabularies of 20 made-up two-character words (CJK block from U+5000, no
# numerals), each used with Zipf-like frequencies: the synthetic corpus has exactly 4 topics
VOCABULARIES = [[chr(0x5000 + 200 * j + 2 * i) + chr(0x5001 + 200 * j + 2 * i) for i in range(20)]
                for j in range(4)]


def synthetic(n_per_topic: int = 30, words: int = 24, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """documents (each drawn from one vocabulary) and their tokens, built directly."""
    rng = np.random.default_rng(seed)
    zipf = np.arange(20, 0, -1.0) / np.arange(20, 0, -1.0).sum()
    docs, rows = [], []
    for i in range(n_per_topic * len(VOCABULARIES)):
        picked = rng.choice(VOCABULARIES[i % len(VOCABULARIES)], size=words, p=zipf)
        text, pos = "", 0
        doc_id = f"s{i:03d}"
        for w in picked:
            rows.append((doc_id, 0, pos, str(w), None, len(text), len(text) + len(w), False, None, False))
            text += w
            pos += 1
        docs.append((doc_id, text, f"{2020 + i % 3}-01-01", None if i % 4 == 0 else "甘肃省" if i % 2 else "广元市"))
    documents = pd.DataFrame(docs, columns=["doc_id", "text", "date", "issuer"])
    tokens = pd.DataFrame(rows, columns=schemas.columns("tokens"))
    return documents, tokens


SEEDS = (1, 2, 42)


@pytest.fixture(scope="module")
def synthetic_runs():
    """The topic tables of the synthetic corpus, one run per seed."""
    documents, tokens = synthetic()
    out = {}
    for seed in SEEDS:
        cfg = TopicConfig(unit="document", k_min=2, k_max=7, k_step=1, no_below=2, no_above=0.5, min_unit_terms=3,
                          seed=seed)
        out[seed] = topics.topic_tables(documents, tokens, config=cfg)
    return out


@pytest.fixture(scope="module")
def synthetic_tables(synthetic_runs):
    return synthetic_runs[SEEDS[0]]


@pytest.mark.parametrize("model", ["lda", pytest.param("nmf", marks=pytest.mark.xfail(strict=True, reason=(
    "coherence of top terms cannot see a vocabulary that no topic covers: NMF at k=2 fits two "
    "vocabularies purely (c_npmi 0.43, diversity 1.0) and leaves the other two out")))])
def test_k_selection_recovers_the_known_number_of_topics(synthetic_runs, model):
    # LDA finds local optima: with some seeds its k=4 model merges two vocabularies and k=5
    # wins (seed 42 here); the rule must recover k=4 for most seeds
    right = 0
    for seed, tables in synthetic_runs.items():
        rows = tables["topic_models"].query("model == @model")
        assert sorted(rows["k"]) == [2, 3, 4, 5, 6, 7]  # every candidate recorded
        if rows.loc[rows["chosen"], "k"].tolist() != [4]:
            continue
        right += 1
        for _, grp in tables["topic_terms"].query("model == @model").groupby("topic"):
            vocabs = {next(i for i, v in enumerate(VOCABULARIES) if t in v) for t in grp["term"].head(5)}
            assert len(vocabs) == 1  # each chosen topic is one vocabulary
    assert right >= 2, f"k=4 chosen for {right} of {len(SEEDS)} seeds"


def test_every_candidate_has_scores(synthetic_tables):
    tm = synthetic_tables["topic_models"]
    assert tm[["c_npmi", "diversity"]].notna().all().all()
    # c_v (costly, not used by the rule) only for the chosen models by default
    assert tm["c_v"].notna().tolist() == tm["chosen"].tolist()
    assert tm.loc[tm["model"] == "lda", "perplexity"].notna().all()
    assert tm.loc[tm["model"] == "nmf", "perplexity"].isna().all()
    for name, df in synthetic_tables.items():
        schemas.to_arrow(name, df)


def test_choose_rule_quality_floor_and_smaller_k_on_ties():
    f = lambda k, npmi, div: topics.Fitted("nmf", k, 10, [], 0.0, c_npmi=npmi, diversity=div)  # noqa: E731
    # quality = c_npmi x diversity: k=3 0.19, k=5 0.1935, k=8 0.24
    cands = [f(3, 0.20, 0.95), f(5, 0.215, 0.90), f(8, 0.40, 0.60)]
    assert topics.choose(cands, diversity_floor=0.0, k_tolerance=0.001).k == 8
    # k=8 has the best quality but is under the diversity floor
    assert topics.choose(cands, diversity_floor=0.8, k_tolerance=0.001).k == 5
    # 3 and 5 are within the tolerance of each other: the smaller k
    assert topics.choose(cands, diversity_floor=0.8, k_tolerance=0.01).k == 3
    # best coherence is not best quality: k=8 at diversity 0.3 has quality 0.12
    cands[2].diversity = 0.3
    assert topics.choose(cands, diversity_floor=0.0, k_tolerance=0.001).k == 5


def test_choose_rule_prefers_the_smaller_k_within_the_best_scores_noise():
    """One standard error: a k whose quality is below the best by less than the best's standard
    error (its topics' NPMI spread / √k) is as good as the best; the smallest such k wins. A
    difference in the 4th decimal never decides between two ks."""
    f = lambda k, npmi, se: topics.Fitted("nmf", k, 10, [], 0.0, c_npmi=npmi, diversity=1.0, c_npmi_se=se)  # noqa: E731
    cands = [f(15, 0.244, 0.028), f(20, 0.279, 0.025), f(25, 0.2789, 0.022), f(30, 0.2791, 0.019)]
    assert topics.choose(cands, diversity_floor=0.5, k_tolerance=0.005, k_se=1).k == 20
    cands[0].c_npmi = 0.262  # within 0.019 of the best (k=30): now the smallest within the noise
    assert topics.choose(cands, diversity_floor=0.5, k_tolerance=0.005, k_se=1).k == 15
    assert topics.choose(cands, diversity_floor=0.5, k_tolerance=0.005).k == 20  # the default: tolerance alone
    # a precise best (small standard error): the tolerance is the floor k_tolerance
    for c in cands:
        c.c_npmi_se = 0.001
    assert topics.choose(cands, diversity_floor=0.5, k_tolerance=0.005, k_se=1).k == 20
    # the scores computed in the stage carry the standard error
    documents, tokens = synthetic(n_per_topic=8)
    table = topics.unit_table_of(units(documents, tokens, unit="document"))
    m = topics.fit_models(topics.sample_texts(table, TopicConfig(min_unit_terms=3)),
                          TopicConfig(unit="document", k_min=2, k_max=4, k_step=1, min_unit_terms=3, models=("nmf",)))
    assert all(r.c_npmi_se is not None and r.c_npmi_se >= 0 for r in m.rows)


def test_refinement_tries_the_midpoints_around_the_best_k():
    assert topic_search._refinement([10, 20, 30, 40], 20, 100) == [15, 25]
    assert topic_search._refinement([10, 20, 30, 40], 10, 100) == [15]
    assert topic_search._refinement([10, 20, 30, 40], 40, 36) == [35]
    assert topic_search._refinement([3, 4, 5], 4, 100) == []  # step 1: nothing between


def test_refined_candidates_are_recorded():
    documents, tokens = synthetic(n_per_topic=8)
    tm = topics.topic_tables(documents, tokens, config=TopicConfig(unit="document", k_min=2, k_max=8, k_step=3,
                                                                   models=("nmf",)))["topic_models"]
    grid = {2, 5, 8}
    assert grid <= set(tm["k"]) and len(set(tm["k"]) - grid) >= 1  # the grid plus at least one midpoint
    assert tm["chosen"].sum() == 1


def test_trends_by_period_and_issuer(synthetic_tables):
    tr = synthetic_tables["topic_trends"]
    assert set(tr["period"]) == {"2020", "2021", "2022"}
    # documents without an issuer are one explicit group, not dropped
    assert set(tr["issuer"].dropna()) == {"甘肃省", "广元市", metadata.UNKNOWN_ISSUER}
    sums = tr.groupby(["model", "period", "issuer"], dropna=False)["share"].sum()
    assert np.allclose(sums, 1.0)
    overall = tr[tr["issuer"].isna()].groupby(["model", "period"])["n_docs"].first()
    assert (overall == 40).all()  # issuer null = every document of the period
    # a document counts for its one issuer: the issuers' groups add up to the period's documents
    by_issuer = tr[tr["issuer"].notna() & (tr["topic"] == 0)].groupby(["model", "period"])["n_docs"].sum()
    assert (by_issuer == overall).all()


def test_undated_documents_get_a_null_period():
    documents, tokens = synthetic(n_per_topic=8)
    documents = documents.assign(date=None)
    tr = topics.topic_tables(documents, tokens, config=TopicConfig(unit="document", k_min=2, k_max=4,
                                                                   models=("nmf",)))["topic_trends"]
    assert len(tr) and tr["period"].isna().all()


def test_two_runs_give_identical_tables(bundled_run):
    documents = io.read_table(bundled_run, "documents")
    tokens = io.read_table(bundled_run, "tokens")
    a = topics.topic_tables(documents, tokens, config=TopicConfig())
    b = topics.topic_tables(documents, tokens, config=TopicConfig())
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name])
    written = io.read_table(bundled_run, "topic_terms")
    pd.testing.assert_frame_equal(written.reset_index(drop=True), a["topic_terms"].reset_index(drop=True),
                                  check_dtype=False)


def test_bundled_run_chooses_one_model_of_each_kind(bundled_run):
    tm = io.read_table(bundled_run, "topic_models")
    assert tm.groupby("model")["chosen"].sum().to_dict() == {"lda": 1, "nmf": 1}
    dt = io.read_table(bundled_run, "doc_topics")
    sums = dt.groupby(["model", "doc_id", "unit"])["weight"].sum()
    assert np.allclose(sums, 1.0)


SLOGAN_TOPIC = ("深入开展三抓三促行动，三抓三促推动干部作风转变，干部担当作为，作风建设见效。",
                "广元构建1+1+17产业体系，1+1+17带动食品饮料，食品饮料产业集群壮大，园区扩能。")
OTHER = ("生态保护修复，湿地草原治理，水土流失减少，植树造林面积扩大。",
         "乡村旅游兴旺，民宿农家乐增加，游客人数上升，旅游收入提高。")


@pytest.fixture(scope="module")
def slogan_tables():
    texts = [SLOGAN_TOPIC[i % 2] if i % 4 < 2 else OTHER[i % 2] for i in range(24)]
    documents, tokens = tokens_of(["\n".join(texts[i:i + 3]) for i in range(0, 24, 3)])
    cfg = TopicConfig(unit="paragraph", k_min=2, k_max=4, k_step=1, min_unit_terms=3)
    return topics.topic_tables(documents, tokens, config=cfg), tokens


@pytest.mark.parametrize("model", ["lda", pytest.param("nmf", marks=pytest.mark.xfail(strict=True, reason=(
    "the known weakness of test_k_selection_recovers_the_known_number_of_topics: the corpus is four "
    "texts six times each, NMF at k=2 fits two of them purely (c_npmi 0.85, diversity 1.0) and wins; "
    "the slogans' themes are the two left out")))])
def test_slogans_survive_whole_into_topic_terms(slogan_tables, model):
    tables, _ = slogan_tables
    terms = set(tables["topic_terms"].query("model == @model")["term"])
    assert {"三抓三促", "1+1+17"} <= terms, model
    assert not {"三抓", "三促", "1+1", "17"} & terms


def test_no_junk_in_topic_terms(slogan_tables):
    tables, tokens = slogan_tables
    stop = lexicons.load().stopwords
    slogans = set(tokens.loc[tokens["is_slogan"], "token"])
    terms = set(tables["topic_terms"]["term"])
    bad = [t for t in terms if not is_term(t, slogan=t in slogans, stopword=t in stop)]
    assert not bad


def test_paragraph_and_chunk_units_follow_token_offsets():
    docs = pd.DataFrame({"doc_id": ["d"], "text": ["乡村振兴产业\n生态保护\n\n文化旅游"]})
    toks = pd.DataFrame({"doc_id": ["d"] * 4, "token": ["乡村振兴", "产业", "生态保护", "文化旅游"],
                         "start": [0, 4, 7, 13], "position": range(4), "is_slogan": [False] * 4,
                         "is_stopword": [False] * 4})
    assert [(u.unit, u.terms) for u in units(docs, toks, unit="paragraph")] == [
        ("0", ("乡村振兴", "产业")), ("1", ("生态保护",)), ("3", ("文化旅游",))]
    assert [u.unit for u in units(docs, toks, unit="chunk", chunk_chars=5)] == ["0", "1", "2"]
    assert [u.terms for u in units(docs, toks, unit="document")] == [("乡村振兴", "产业", "生态保护", "文化旅游")]


def test_no_usable_text_gives_empty_tables_with_columns():
    documents, tokens = synthetic(n_per_topic=1)
    out = topics.topic_tables(documents.iloc[:0], tokens.iloc[:0], config=TopicConfig())
    for name, df in out.items():
        assert df.empty and list(df.columns) == schemas.columns(name)


# --- coherence from one pass (issue 21) ---------------------------------------------------

def test_npmi_of_a_hand_computable_corpus():
    # four units over terms a=0, b=1, c=2, d=3: P(a) = 3/4, P(b) = P(c) = 2/4, P(a, b) = 2/4,
    # P(a, c) = 1/4, b and c never meet
    texts = [np.array(t) for t in ([0, 1], [0, 1], [0, 2], [2, 3])]
    cooc = topics.Cooccurrence(texts, 4, window=0)
    m = cooc.npmi([0, 1, 2])
    assert m[0, 1] == pytest.approx(np.log(0.5 / (0.75 * 0.5)) / -np.log(0.5))  # 0.415
    assert m[0, 2] == pytest.approx(np.log(0.25 / (0.75 * 0.5)) / -np.log(0.25))  # -0.292
    assert m[1, 2] == pytest.approx(np.log(1e-12 / 0.25) / -np.log(1e-12))  # never together: ≈ -0.95
    assert np.allclose(m, m.T)
    # a topic's coherence is the mean over its pairs; the Gram matrix of the union serves every topic
    assert cooc.coherence([[0, 1], [1, 0, 2], [3]])[:2] == pytest.approx([m[0, 1], (m[0, 1] + m[0, 2] + m[1, 2]) / 3])
    assert np.isnan(cooc.coherence([[3]])[0])  # one term: no pair


def test_pair_counts_do_not_depend_on_the_terms_asked_before():
    """The Gram matrix is counted term by term as candidates ask (kept between candidates): any
    order of questions gives the counts of one product over the asked terms."""
    rng = np.random.default_rng(5)
    texts = [rng.integers(0, 30, size=rng.integers(3, 25)) for _ in range(200)]
    fresh = topics.Cooccurrence(texts, 30)
    sub = fresh.matrix[:, list(range(30))]
    truth = (sub.T @ sub).toarray()
    cooc = topics.Cooccurrence(texts, 30)
    for ids in ([3, 7, 1], [7, 12, 3, 29], [0, 1, 2, 3, 4, 5], [29, 28, 7]):
        assert np.array_equal(cooc.gram(ids), truth[np.ix_(ids, ids)])
        assert np.array_equal(cooc.npmi(ids), topics.Cooccurrence(texts, 30).npmi(ids), equal_nan=True)


def test_sliding_windows_are_gensims_contexts_counted_exactly():
    # windows of 3 over [a b c a d]: abc, bca, cad -> P(a) = 3/3, P(d) = 1/3, P(b, c) = 2/3
    cooc = topics.Cooccurrence([np.array([0, 1, 2, 0, 3]), np.array([1, 3])], 4, window=3)
    assert cooc.n_contexts == 4  # 3 windows + the short unit as one
    gram = (cooc.matrix.T @ cooc.matrix).toarray()
    assert gram.diagonal().tolist() == [3, 3, 3, 2]
    assert gram[1, 2] == 2 and gram[0, 3] == 1 and gram[1, 3] == 1 and gram[2, 3] == 1


@pytest.mark.parametrize("window", [0, 1, 3, 10, 110])
def test_context_matrix_is_every_window_of_every_unit(window):
    """The context × term matrix (built term by term from runs of windows) holds exactly the terms
    of each sliding window, enumerated one by one: repeated terms, short units, empty units."""
    rng = np.random.default_rng(window)
    texts = [rng.integers(0, 12, size=rng.integers(0, 40)) for _ in range(60)]
    rows = []
    for t in texts:
        n = len(t)
        wins = [t] if window <= 0 or n <= window else [t[i:i + window] for i in range(n - window + 1)]
        rows += [set(w.tolist()) for w in wins] if n else [set()]
    truth = np.array([[j in r for j in range(12)] for r in rows], dtype=np.int64)
    cooc = topics.Cooccurrence(texts, 12, window=window)
    assert cooc.n_contexts == len(rows)
    assert np.array_equal(cooc.matrix.toarray(), truth)
    assert np.array_equal(cooc.gram([5, 0, 11, 3]), (truth.T @ truth)[np.ix_([5, 0, 11, 3], [5, 0, 11, 3])])


def test_npmi_agrees_with_gensim_c_npmi_where_gensim_counts_exactly():
    """gensim's window accumulator slides a set of words and drops the word leaving the window
    even when it occurs again inside it: with no term repeated within a unit its counts are
    exact, and then its c_npmi and ours are the same number."""
    from gensim.corpora import Dictionary
    from gensim.models.coherencemodel import CoherenceModel

    rng = np.random.default_rng(3)
    words = [f"w{i:02d}" for i in range(30)]
    texts = [list(rng.choice(words, size=int(rng.integers(4, 25)), replace=False)) for _ in range(150)]
    top = [words[i:i + 6] for i in range(0, 30, 6)]
    dictionary = Dictionary(texts)
    expected = CoherenceModel(topics=top, texts=texts, dictionary=dictionary, coherence="c_npmi", topn=6,
                              processes=1).get_coherence_per_topic()
    index = {w: i for i, w in enumerate(words)}
    cooc = topics.Cooccurrence([np.array([index[w] for w in t]) for t in texts], len(words), window=10)
    assert cooc.coherence([[index[w] for w in t] for t in top]) == pytest.approx(expected, abs=1e-9)


# --- the k search extends past the top of the grid ------------------------------------------

def _cands(model, scores):
    return [topics.Fitted(model, k, 10, [], 0.0, c_npmi=v, diversity=1.0) for k, v in scores.items()]


def test_k_search_extends_while_the_best_k_is_the_largest_tried():
    # two ks a round (EXTEND_STEPS), k_step apart, up to the ceiling
    cfg = TopicConfig(k_min=3, k_max=9, k_step=3, k_ceiling=18, refine=False)
    rows = _cands("lda", {3: 0.1, 6: 0.12, 9: 0.2})
    assert topic_search._next_ks(rows, ["lda"], cfg, 100, set()) == [("lda", 12), ("lda", 15)]
    rows += _cands("lda", {12: 0.25, 15: 0.3})
    assert topic_search._next_ks(rows, ["lda"], cfg, 100, set()) == [("lda", 18)]
    assert topic_search._next_ks(rows, ["lda"], cfg, 16, set()) == [("lda", 16)]  # never past the data's limit
    rows += _cands("lda", {18: 0.35})
    assert topic_search._next_ks(rows, ["lda"], cfg, 100, set()) == []  # at the ceiling: settled
    # the rule may prefer a smaller k within the best's noise (k_se): the search still extends
    # while the best quality itself is at the edge
    noisy = _cands("lda", {3: 0.1, 6: 0.12, 9: 0.2})
    for f in noisy:
        f.c_npmi_se = 0.1
    se_cfg = TopicConfig(k_min=3, k_max=9, k_step=3, k_ceiling=18, refine=False, k_se=1.0)
    assert topics.choose(noisy, **topic_search._rule(se_cfg)).k == 3
    assert topic_search._next_ks(noisy, ["lda"], se_cfg, 100, set()) == [("lda", 12), ("lda", 15)]
    # the largest k is as good as the best (within k_tolerance, 0.005): quality may still rise
    # beyond it, the search extends; clearly below the best: settled (refine is off here)
    assert topic_search._next_ks(_cands("lda", {3: 0.1, 6: 0.2, 9: 0.197}), ["lda"], cfg, 100, set()) == [
        ("lda", 12), ("lda", 15)]
    assert topic_search._next_ks(_cands("lda", {3: 0.1, 6: 0.2, 9: 0.19}), ["lda"], cfg, 100, set()) == []
    # the first of the two is best: settled (refine is off here)
    assert topic_search._next_ks(_cands("lda", {3: 0.1, 6: 0.2, 9: 0.3, 12: 0.35, 15: 0.31}), ["lda"], cfg, 100, set()) == []
    # the best is inside the range: refinement around it, once
    cfg = TopicConfig(k_min=3, k_max=9, k_step=3, k_ceiling=15)
    rows = _cands("nmf", {3: 0.1, 6: 0.3, 9: 0.2})
    refined: set[str] = set()
    assert topic_search._next_ks(rows, ["nmf"], cfg, 100, refined) == [("nmf", 4), ("nmf", 7)]
    assert topic_search._next_ks(rows, ["nmf"], cfg, 100, refined) == []
    # a fixed k (a grid of one) and k_ceiling = 0 never extend
    assert topic_search._next_ks(_cands("lda", {5: 0.1}), ["lda"], TopicConfig(k_min=5, k_max=5), 100, {"lda"}) == []
    cfg = TopicConfig(k_min=3, k_max=9, k_step=3, k_ceiling=0, refine=False)
    assert topic_search._next_ks(_cands("lda", {3: 0.1, 9: 0.2}), ["lda"], cfg, 100, set()) == []


def test_k_search_finds_the_known_k_above_the_grid():
    # 4 topics in the data, grid 2-3: the search goes on to 4 and 5 and settles on 4
    documents, tokens = synthetic()
    cfg = TopicConfig(unit="document", k_min=2, k_max=3, k_step=1, k_ceiling=8, no_below=2, min_unit_terms=3,
                      models=("lda",), seed=1)
    tm = topics.topic_tables(documents, tokens, config=cfg)["topic_models"]
    assert tm["k"].tolist() == [2, 3, 4, 5]
    assert tm.loc[tm["chosen"], "k"].tolist() == [4]


# --- candidates on workers --------------------------------------------------------------------

def test_tables_identical_whatever_the_worker_count(tmp_path):
    """Candidates trained on a 2-process pool with the training set shared as JSON (as the run
    does) give the same tables as training them here; progress reports each candidate."""
    from pipeline import executor, runner
    from pipeline.stages.topics import TRAINING

    documents, tokens = synthetic(n_per_topic=12)
    cfg = TopicConfig(unit="document", k_min=2, k_max=6, k_step=2, min_unit_terms=3)
    steps = []
    here = topics.topic_tables(documents, tokens, config=cfg, progress=lambda *a: steps.append(a))
    store = partcache.PartStore(tmp_path)
    with executor.LocalExecutor(2) as pool:
        there = topics.topic_tables(documents, tokens, config=cfg, pool=pool,
                                    share=lambda data: runner.share(store, TRAINING, data))
    for name in here:
        pd.testing.assert_frame_equal(here[name], there[name])
    n = len(here["topic_models"])
    assert [s[0] for s in steps] == list(range(1, n + 1)) and steps[-1][1] == n
    assert all(done <= total for done, total, _ in steps) and "c_npmi" in steps[0][2]


# --- the models at the cost of about one fit (issue 21) ----------------------------------------

def test_c_v_agrees_with_gensim_where_gensim_counts_exactly():
    """c_v from our window counts is gensim's c_v (one-set segmentation, NPMI context vectors,
    cosine) wherever gensim's sliding count is exact (no term repeated within a unit)."""
    from gensim.corpora import Dictionary
    from gensim.models.coherencemodel import CoherenceModel

    rng = np.random.default_rng(3)
    words = [f"w{i:02d}" for i in range(30)]
    texts = [list(rng.choice(words, size=int(rng.integers(4, 25)), replace=False)) for _ in range(150)]
    top = [words[i:i + 6] for i in range(0, 30, 6)]
    index = {w: i for i, w in enumerate(words)}
    for window in (110, 10):
        expected = CoherenceModel(topics=top, texts=texts, dictionary=Dictionary(texts), coherence="c_v", topn=6,
                                  window_size=window, processes=1).get_coherence_per_topic()
        cooc = topics.Cooccurrence([np.array([index[w] for w in t]) for t in texts], len(words), window=window)
        fitted = [topics.Fitted("nmf", 1, 150, [[(t, 1.0) for t in topic]], 0.0) for topic in top]
        topics.c_v(fitted, cooc, index)
        assert [f.c_v for f in fitted] == pytest.approx(expected, abs=1e-9)


def test_nndsvda_from_one_svd_is_scikit_learns_start():
    """NMF started from the rank-k SVD by topics.nndsvda is scikit-learn's init="nndsvda" (the
    stage takes the first k triplets of one larger SVD: the start differs where singular values
    are nearly equal, as on this corpus of four equally strong vocabularies)."""
    from sklearn.decomposition import NMF
    from sklearn.utils.extmath import randomized_svd

    documents, tokens = synthetic(n_per_topic=10)
    units_ = units(documents, tokens, unit="document")
    counts, _, _ = count_matrix([u.terms for u in units_], no_below=1, no_above=1.0)
    x = topics.Tfidf().fit(counts).transform(counts.astype(np.float64))
    fill = float(x.sum()) / (x.shape[0] * x.shape[1])
    ref = NMF(4, init="nndsvda", solver="cd", max_iter=5, random_state=0).fit(x).components_
    w, h = topics.nndsvda(*randomized_svd(x, 4, random_state=0), 4, fill)
    ours = NMF(4, init="custom", solver="cd", max_iter=5, random_state=0).fit(x, W=w, H=h).components_
    assert np.allclose(ours, ref)


def test_variational_lda_is_deterministic_and_finds_the_blocks():
    documents, tokens = synthetic(n_per_topic=10)
    units_ = units(documents, tokens, unit="document")
    counts, terms, _ = count_matrix([u.terms for u in units_], no_below=1, no_above=1.0)
    a = topics.VariationalLDA(4, max_iter=30, random_state=1).fit(counts)
    b = topics.VariationalLDA(4, max_iter=30, random_state=1).fit(counts)
    assert np.array_equal(a.components_, b.components_)
    weights = a.transform(counts, 20)
    assert np.allclose(weights.sum(axis=1), 1.0)
    # each document's main topic is that of the other documents of its vocabulary
    main = weights.argmax(axis=1)
    truth = np.arange(len(units_)) % 4
    assert all(len(set(main[truth == v])) == 1 for v in range(4))


def test_lda_started_from_nmf_has_coherent_terms():
    """LDA is started from the NMF of its k: on the synthetic corpus each of its 4 topics is one vocabulary."""
    documents, tokens = synthetic()
    cfg = TopicConfig(unit="document", k_min=4, k_max=4, min_unit_terms=3, models=("lda",))
    tables = topics.topic_tables(documents, tokens, config=cfg)
    for _, grp in tables["topic_terms"].groupby("topic"):
        assert len({next(i for i, v in enumerate(VOCABULARIES) if t in v) for t in grp["term"].head(5)}) == 1


def test_an_ldas_topics_do_not_depend_on_whether_its_nmf_is_a_candidate():
    """LDA starts from its k's NMF after LDA_START_ITER iterations; where the NMF of that k is no
    candidate only those iterations run: the LDA is the same either way."""
    documents, tokens = synthetic(n_per_topic=10)
    units_ = units(documents, tokens, unit="document")
    counts, terms, df = count_matrix([u.terms for u in units_], no_below=1, no_above=1.0)
    p_term = np.asarray(counts.sum(axis=0), dtype=np.float64).ravel() + 1.0
    ts = topics.TrainingSet(counts, terms, df, counts.shape[0], p_term / p_term.sum())
    cfg = TopicConfig(nmf_tol=0.0, nmf_max_iter=3 * topics.LDA_START_ITER)  # the NMF runs past the snapshot
    both = topics.train_candidates(topics.CandidateTask(topic_search._Held(ts), ("lda", "nmf"), 5, 1, cfg))
    alone = topics.train_candidates(topics.CandidateTask(topic_search._Held(ts), ("lda",), 5, 1, cfg))
    assert [f.model for f in both] == ["nmf", "lda"] and [f.model for f in alone] == ["lda"]
    assert np.array_equal(both[1].components, alone[0].components)
    assert both[1].topics == alone[0].topics


def test_a_shared_training_set_and_svd_give_the_candidates_of_one_computed_here():
    """The run shares the training set with its TF-IDF values (computed by the parent) and the one
    SVD (computed by one task, :func:`topic_search.training_svd`) as JSON: decoded in a worker they
    are the same arrays, bit for bit, the task given them computes no SVD of its own, and the
    candidates trained from them are the candidates trained from a training set that computes both
    itself. (Callable without fixtures: the review's test of this test calls it.)"""
    import json
    from unittest import mock

    documents, tokens = synthetic(n_per_topic=10)
    units_ = units(documents, tokens, unit="document")
    counts, terms, df = count_matrix([u.terms for u in units_], no_below=1, no_above=1.0)
    p_term = np.asarray(counts.sum(axis=0), dtype=np.float64).ravel() + 1.0
    ts = topics.TrainingSet(counts, terms, df, counts.shape[0], p_term / p_term.sum())
    cfg = TopicConfig(k_min=2, k_max=6, k_step=2)
    here = topics.train_candidates(topics.CandidateTask(topic_search._Held(ts), ("lda", "nmf"), 4, 1, cfg))
    sent = topics.TrainingSet(counts, terms, df, counts.shape[0], p_term / p_term.sum())
    sent.tfidf  # noqa: B018 - as the parent does before sharing
    through_json = lambda v: topic_search._Held(json.loads(json.dumps(v)))  # noqa: E731
    data = through_json(sent.data())
    back = topics.TrainingSet.from_data(data.get())
    assert (back.tfidf != ts.tfidf).nnz == 0 and np.array_equal(back.tfidf.data, ts.tfidf.data)
    rank = topic_search.svd_rank(cfg, ts.counts.shape)
    svd = through_json(topic_search.training_svd(topic_search.SvdTask(data, rank, 1)))
    for a, b in zip((topic_search.unpack(svd.get()[n]) for n in ("u", "s", "vt")), ts.svd(rank, 1)):
        assert np.array_equal(a, b)
    topic_search._LAST_TRAINING[:] = [None, None]  # as in a worker that did not compute the SVD: decoded from JSON

    def no_svd(*a, **k):
        raise AssertionError("a task given the shared SVD computed one")

    with mock.patch.object(topic_models, "randomized_svd", no_svd), \
            mock.patch.object(topic_search, "randomized_svd", no_svd):
        there = topics.train_candidates(topics.CandidateTask(data, ("lda", "nmf"), 4, 1, cfg, svd))
    for a, b in zip(here, there):
        assert a.topics == b.topics and np.array_equal(a.components, b.components)


def test_without_scikit_learns_private_update_the_candidates_are_the_same(monkeypatch):
    """When an installed scikit-learn lacks its private coordinate descent update in the form the
    stage's loop calls, the public NMF runs and the LDA's start is a second, shorter fit: the same
    candidates, topics and weights."""
    documents, tokens = synthetic(n_per_topic=10)
    units_ = units(documents, tokens, unit="document")
    counts, terms, df = count_matrix([u.terms for u in units_], no_below=1, no_above=1.0)
    p_term = np.asarray(counts.sum(axis=0), dtype=np.float64).ravel() + 1.0
    ts = topics.TrainingSet(counts, terms, df, counts.shape[0], p_term / p_term.sum())
    cfg = TopicConfig(nmf_tol=0.0, nmf_max_iter=3 * topics.LDA_START_ITER)
    task = topics.CandidateTask(topic_search._Held(ts), ("lda", "nmf"), 5, 1, cfg)
    ours = topics.train_candidates(task)
    monkeypatch.setattr(topic_models, "_cd_update", lambda: None)
    public = topics.train_candidates(task)
    assert [f.model for f in public] == [f.model for f in ours] == ["nmf", "lda"]
    for a, b in zip(ours, public):
        assert a.topics == b.topics
        assert np.allclose(a.components, b.components, rtol=0, atol=1e-12)


@pytest.mark.skipif(topic_models._cd_update() is None,
                    reason="the installed scikit-learn has no private update in the form the loop calls: the public NMF runs")
@pytest.mark.parametrize("tol, max_iter", [(1e-3, 50), (0.0, 20), (0.5, 50)])
def test_coordinate_descent_nmf_is_scikit_learns_nmf_bit_for_bit(tol, max_iter):
    """The stage's NMF loop (scikit-learn's update, without the reconstruction error, with a
    snapshot on the way) gives scikit-learn's NMF(solver="cd") exactly: W, H, iterations; its
    snapshot is the H of the same fit stopped there (also when it converges before it). A change
    of scikit-learn's private update shows here."""
    from scipy import sparse
    from sklearn.decomposition import NMF

    from pipeline.topic_models import coordinate_descent_nmf, nndsvda, randomized_svd

    rng = np.random.default_rng(1)
    counts = sparse.csr_matrix(rng.poisson(0.4, size=(300, 80)) * (rng.random((300, 80)) < 0.25))
    x = topics.Tfidf().fit(counts).transform(counts)
    k, fill = 6, float(x.sum()) / (x.shape[0] * x.shape[1])
    w0, h0 = nndsvda(*randomized_svd(x, 10, n_iter=4, seed=0), k, fill)

    def sklearn_nmf(iterations):
        nmf = NMF(n_components=k, init="custom", solver="cd", tol=tol, max_iter=iterations, random_state=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            w = nmf.fit_transform(x, W=w0.copy(), H=h0.copy())
        return w, nmf.components_, nmf.n_iter_

    w, h, n = sklearn_nmf(max_iter)
    ours = coordinate_descent_nmf(x, w0.copy(), h0.copy(), tol=tol, max_iter=max_iter, snapshot=7)
    assert ours.n_iter_ == n
    assert np.array_equal(ours.w, w) and np.array_equal(ours.components_, h)
    assert ours.components_.strides == h.strides  # the same layout: numpy sums a row of another in another order
    _, h7, _ = sklearn_nmf(7)
    assert np.array_equal(ours.early, h7) and ours.early.strides == h7.strides
    if tol == 0.5:
        assert n < 7  # converged before the snapshot: the snapshot is the end


def test_tfidf_is_scikit_learns_sublinear_tfidf():
    from sklearn.feature_extraction.text import TfidfTransformer
    from scipy import sparse

    rng = np.random.default_rng(0)
    counts = sparse.csr_matrix(rng.poisson(0.3, size=(200, 40)) * (rng.random((200, 40)) < 0.3))
    counts = sparse.csr_matrix(np.vstack([counts.toarray(), np.zeros((1, 40))]))  # an empty unit too
    expected = TfidfTransformer(sublinear_tf=True).fit(counts).transform(counts).toarray()
    assert np.allclose(topics.Tfidf().fit(counts).transform(counts).toarray(), expected)


# --- the sample and the weights: what makes a re-run cheap ---------------------------------------

def test_the_sample_is_a_bottom_k_sketch_of_unit_contents():
    """The same units in any order give the same sample; a unit whose hash is above the cap's
    cutoff changes nothing; one below it enters and pushes the largest out."""
    documents, tokens = synthetic(n_per_topic=20)
    us = units(documents, tokens, unit="document")
    cfg = TopicConfig(min_unit_terms=3, select_max_units=30, score_max_units=40)

    def sample_of(unit_list):
        return [tuple(t) for t in topics.sample_texts(topics.unit_table_of(unit_list), cfg).to_pylist()]

    sample = sample_of(us)
    assert len(sample) == 40 and sample_of(us[::-1]) == sample
    cutoff = topics.unit_hash(sample[-1])
    extra = [(f"x{i}", tuple(VOCABULARIES[0][i % 20] for i in range(i, i + 6))) for i in range(200)]
    above = next(t for _, t in extra if topics.unit_hash(t) > cutoff)
    below = next(t for _, t in extra if topics.unit_hash(t) < cutoff)
    from pipeline.topic_corpus import Unit
    assert sample_of(us + [Unit("new", "0", above)]) == sample
    grown_units = us + [Unit("new", "0", below)]
    grown = sample_of(grown_units)
    assert below in grown and sample[-1] not in grown and len(grown) == 40
    assert (topics.sample_key(topics.sample_texts(topics.unit_table_of(grown_units), cfg))
            != topics.sample_key(topics.sample_texts(topics.unit_table_of(us), cfg)))


def test_a_units_weights_do_not_depend_on_the_units_weighted_with_it():
    """The run weights each file's units alone, a notebook the whole corpus at once: bit for bit
    the same weights."""
    documents, tokens = synthetic(n_per_topic=12)
    us = units(documents, tokens, unit="document")
    table = topics.unit_table_of(us)
    cfg = TopicConfig(unit="document", k_min=3, k_max=5, k_step=1, min_unit_terms=3)
    models = topics.fit_models(topics.sample_texts(table, cfg), cfg)
    keep, whole = topics.unit_weights(models, table.column("terms"))
    assert len(keep) == len(us) and {f.model for f in models.chosen} == {"lda", "nmf"}
    for lo, hi in ((0, 1), (5, 17), (17, len(us))):
        part_keep, part = topics.unit_weights(models, topics.unit_table_of(us[lo:hi]).column("terms"))
        assert [lo + i for i in part_keep] == keep[lo:hi]
        for m in whole:
            assert np.array_equal(part[m], whole[m][lo:hi]), m
            assert np.allclose(part[m].sum(axis=1), 1.0)


def test_fitted_models_survive_their_json_exactly():
    documents, tokens = synthetic(n_per_topic=8)
    cfg = TopicConfig(unit="document", k_min=2, k_max=4, k_step=1, min_unit_terms=3)
    terms = topics.unit_table_of(units(documents, tokens, unit="document")).column("terms")
    models = topics.fit_models(topics.sample_texts(topics.unit_table_of(units(documents, tokens, unit="document")),
                                                   cfg), cfg)
    import json
    back = topics.Models.from_data(json.loads(json.dumps(models.data())))
    assert back.data() == models.data()
    for m in ("lda", "nmf"):
        assert np.array_equal(topics.unit_weights(back, terms)[1][m], topics.unit_weights(models, terms)[1][m])


def test_the_unit_table_gives_the_units_and_the_sample_is_their_bottom_k_by_hash_then_terms():
    """The run keeps each file's units as an Arrow table and draws the sample column by column: the
    units of :func:`topic_units`, each with its content hash, the same table whether built from the
    tokens or from a list of units; the sample is the eligible units sorted by (hash, terms), the
    first ``max(select_max_units, score_max_units)`` (identical units included); the library call
    given the list of units makes the same tables as given the tokens."""
    documents, tokens = synthetic(n_per_topic=12)
    cfg = TopicConfig(unit="document", k_min=3, k_max=5, k_step=1, min_unit_terms=3, select_max_units=20,
                      score_max_units=30)
    us = topics.topic_units(documents, tokens, config=cfg)
    table = topics.topic_unit_table(documents, tokens, config=cfg)
    table = topics.decode_table(topics.encode_table(table))  # as kept and read back
    assert list(zip(table.column("doc_id").to_pylist(), table.column("unit").to_pylist(),
                    map(tuple, table.column("terms").to_pylist()))) == [(u.doc_id, u.unit, u.terms) for u in us]
    assert [int(h).to_bytes(8, "big") for h in table.column("hash").to_pylist()] == [topics.unit_hash(u.terms) for u in us]
    assert topics.unit_table_of(us).to_pylist() == table.to_pylist()
    import pyarrow as pa
    twice = pa.concat_tables([table, table])  # every unit twice: runs of equal hashes
    for tab, listed in ((table, us), (twice, us + us)):
        expected = [t for _, t in sorted((topics.unit_hash(u.terms), u.terms) for u in listed if len(u.terms) >= 3)][:30]
        assert [tuple(t) for t in topics.sample_texts(tab, cfg).to_pylist()] == expected
    given_units = topics.topic_tables(documents, None, config=cfg, units=us)
    given_tokens = topics.topic_tables(documents, tokens, config=cfg)
    for name, frame in given_tokens.items():
        pd.testing.assert_frame_equal(given_units[name], frame)
    models = topics.fit_models(topics.sample_texts(table, cfg), cfg)
    keep, weights, lengths = topics.weigh(models, table.column("terms"))
    assert lengths.tolist() == [sum(t in set(models.terms) for t in us[i].terms) for i in keep]


def test_topic_trends_do_not_depend_on_the_order_of_the_units():
    """The library call given the same units in another order gives byte-identical trends (a
    document's share summed unit by unit in document and unit order, not in the order given)."""
    import random

    from pipeline.topic_corpus import Unit

    rng = random.Random(0)
    vocab = [f"词{i}" for i in range(60)]
    given = [Unit(f"d{d:02d}", str(p), tuple(vocab[(d % 3) * 20 + rng.randrange(20)] for _ in range(12)))
             for d in range(30) for p in range(12)]
    docs = pd.DataFrame({"doc_id": [f"d{d:02d}" for d in range(30)], "date": ["2024-01-01"] * 30, "issuer": ["x"] * 30})
    cfg = TopicConfig(k_min=2, k_max=4, k_step=1, refine=False, k_ceiling=0, c_v="none", passes=1, min_unit_terms=3)
    a = topics.topic_tables(docs, None, config=cfg, units=given)["topic_trends"]
    shuffled = given[:]
    rng.shuffle(shuffled)
    b = topics.topic_tables(docs, None, config=cfg, units=shuffled)["topic_trends"]
    pd.testing.assert_frame_equal(a, b, check_exact=True)


@pytest.mark.parametrize("unit", ["paragraph", "chunk", "document"])
def test_the_units_built_from_a_files_term_rows_are_the_units_built_from_its_tokens(bundled_run, unit):
    """The run builds a file's units from its term rows (stage ``terms``, kept as a Parquet part and
    read back) instead of from its tokens: the same units, terms and hashes, for every kind of unit,
    whatever order the tokens come in, and with a document the documents frame lacks."""
    from pipeline.topic_corpus import term_rows, unit_table_of_terms

    docs = io.read_table(bundled_run, "documents")[["doc_id", "text"]]
    toks = io.read_table(bundled_run, "tokens")
    common = toks["token"][~toks["is_stopword"]].value_counts().index[0]
    cfg = TopicConfig(unit=unit, chunk_chars=150, extra_stopwords=(common,))
    shuffled = toks.sample(frac=1.0, random_state=3).reset_index(drop=True)
    for d, t in ((docs, toks), (docs.iloc[1:], shuffled)):  # the first document missing from `documents`
        rows = term_rows(d, t, extra_stopwords=cfg.extra_stopwords, generic=cfg.generic_stopwords)
        kept = schemas.to_arrow("terms", rows)  # as the stage writes it
        from_terms = topics.topic_unit_table_of_terms(kept, config=cfg)
        from_tokens = topics.topic_unit_table(d, t, config=cfg)
        assert from_terms.num_rows > 3
        assert from_terms.to_pylist() == from_tokens.to_pylist()


def test_top_terms_are_the_first_of_a_full_sort_best_first_ties_by_term_id():
    """A topic's top terms come from a partial sort: the same terms, in the same order, as the
    first ``top_n`` of a full sort by weight (ties by term id), with many ties, at the cut too."""
    from pipeline import topic_models

    rng = np.random.default_rng(5)
    for trial in range(500):
        n, m = int(rng.integers(1, 15)), int(rng.integers(0, 120))
        key = rng.integers(0, 4, m).astype(float) if trial % 2 else rng.random(m)
        assert topic_models._best(key, n).tolist() == np.lexsort((np.arange(m), -key))[:n].tolist()
