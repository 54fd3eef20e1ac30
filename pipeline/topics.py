"""Topic models (tables ``topic_models``, ``topic_terms``, ``doc_topics``, ``topic_trends``).

Recipe (README, "Keywords and topics", explains it for researchers):

1. Units (document, paragraph or chunk) of terms from our tokens: slogans whole; stopwords,
   generic report words, single characters and numbers out (:mod:`pipeline.topic_corpus`).
2. A gensim ``Dictionary`` filtered by ``filter_extremes(no_below, no_above)``; units with
   fewer than ``min_unit_terms`` remaining terms are left out.
3. For each model (``lda``: gensim ``LdaModel``, single process, ``random_state=seed``;
   ``nmf``: scikit-learn ``NMF`` on TF-IDF, ``init="nndsvda"``, ``random_state=seed``) one
   candidate per k in ``range(k_min, k_max + 1, k_step)``, trained on an evenly spaced sample
   of at most ``select_max_units`` units (all units when fewer). When the sample is not
   the whole corpus, the chosen k is retrained on every unit with the update budget of a
   candidate (``max(1, round(passes × sample / units))`` LDA passes).
4. Every candidate is scored on the same sample with gensim's ``CoherenceModel`` (``c_npmi``
   and ``c_v`` on the top ``top_n`` terms), topic diversity (distinct share of all top
   terms) and, for LDA, perplexity.
5. The rule: among candidates with diversity ≥ ``diversity_floor`` (all, if none reaches
   it), take the best c_npmi; then the smallest k whose c_npmi is within ``k_tolerance``
   of that best. When the sample is not the whole corpus, the chosen k is retrained on
   every unit and recorded as one more row (``n_units`` tells them apart).

``topic_terms`` and ``doc_topics`` describe the chosen model of each kind; ``topic_trends``
averages document topic shares by year (``documents.date``) and region
(``documents.regions``; ``region`` null = all documents of the period, ``period`` null =
undated documents).

Every table is identical on re-run except ``topic_models.train_seconds`` (a measurement).
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from pipeline import schemas
from pipeline.config import TopicConfig
from pipeline.topic_corpus import BowCorpus, Unit, units as make_units

MODELS = ("lda", "nmf")
LABEL_TERMS = 3  # top terms joined into a topic label
LABEL_SEP = "·"

log = logging.getLogger(__name__)


@dataclass
class Fitted:
    """One trained candidate: top terms per topic, unit × topic weights, scores."""

    model: str
    k: int
    n_units: int
    topics: list[list[tuple[str, float]]]  # per topic: (term, weight) best first
    train_seconds: float
    perplexity: float | None = None
    weights: np.ndarray | None = None  # units × k, rows sum to 1 (or 0)
    c_v: float | None = None
    c_npmi: float | None = None
    diversity: float | None = None
    chosen: bool = False


def _grid(config: TopicConfig, n_units: int, n_terms: int) -> list[int]:
    ks = list(range(int(config.k_min), int(config.k_max) + 1, max(int(config.k_step), 1)))
    if ks and ks[-1] != int(config.k_max) and int(config.k_max) > int(config.k_min):
        ks.append(int(config.k_max))  # the grid always ends at k_max
    limit = max(1, min(n_units, n_terms))
    return sorted({k for k in ks if 1 <= k <= limit}) or [max(1, min(int(config.k_min), limit))]


def _sample(n: int, at_most: int) -> np.ndarray:
    """Evenly spaced indices of at most ``at_most`` of ``n`` items (all when n ≤ at_most)."""
    if at_most <= 0 or n <= at_most:
        return np.arange(n)
    return np.unique(np.linspace(0, n - 1, at_most).round().astype(np.int64))


def _top_terms(matrix: np.ndarray, dictionary, top_n: int) -> list[list[tuple[str, float]]]:
    """Top terms of each row of a topics × vocabulary matrix, ties broken by term id."""
    out = []
    for row in matrix:
        total = row.sum()
        order = np.lexsort((np.arange(len(row)), -row))[:top_n]
        out.append([(dictionary[int(i)], float(row[i] / total) if total > 0 else 0.0)
                    for i in order if row[i] > 0])
    return out


def _fit_lda(bows: BowCorpus, dictionary, k: int, config: TopicConfig, passes: int | None = None) -> Fitted:
    from gensim.models import LdaModel

    t0 = time.perf_counter()
    lda = LdaModel(corpus=bows, id2word=dictionary, num_topics=k, passes=int(passes or config.passes),
                   random_state=int(config.seed), chunksize=2000, eval_every=None, dtype=np.float64)
    seconds = time.perf_counter() - t0
    chunk = list(bows)
    gamma = lda.inference(chunk)[0]  # variational Dirichlet parameters per unit
    weights = gamma / gamma.sum(axis=1, keepdims=True)
    bound = lda.log_perplexity(chunk)  # per-word likelihood bound
    return Fitted("lda", k, len(bows), _top_terms(lda.get_topics(), dictionary, int(config.top_n)),
                  seconds, perplexity=float(2 ** (-bound)), weights=weights)


def _tfidf(bows: BowCorpus, n_terms: int) -> sparse.csr_matrix:
    from sklearn.feature_extraction.text import TfidfTransformer

    indptr, indices, data = [0], [], []
    for bow in bows:
        indices += [i for i, _ in bow]
        data += [c for _, c in bow]
        indptr.append(len(indices))
    counts = sparse.csr_matrix((np.asarray(data, dtype=np.float64), np.asarray(indices, dtype=np.int64),
                                np.asarray(indptr)), shape=(len(indptr) - 1, n_terms))
    return TfidfTransformer(sublinear_tf=True).fit_transform(counts)


def _fit_nmf(tfidf: sparse.csr_matrix, dictionary, k: int, config: TopicConfig) -> Fitted:
    from sklearn.decomposition import NMF

    t0 = time.perf_counter()
    nmf = NMF(n_components=k, init="nndsvda", random_state=int(config.seed), max_iter=200)
    w = nmf.fit_transform(tfidf)
    seconds = time.perf_counter() - t0
    total = w.sum(axis=1, keepdims=True)
    weights = np.divide(w, total, out=np.zeros_like(w), where=total > 0)
    return Fitted("nmf", k, tfidf.shape[0], _top_terms(nmf.components_, dictionary, int(config.top_n)),
                  seconds, weights=weights)


def diversity(topics: list[list[str]]) -> float:
    """Distinct share of all top terms of a model's topics.

    >>> diversity([["a", "b"], ["b", "c"]])
    0.75
    """
    terms = [t for topic in topics for t in topic]
    return len(set(terms)) / len(terms) if terms else 0.0


def score(fitted: list[Fitted], texts: list[list[str]], dictionary, top_n: int) -> None:
    """Fill c_npmi, c_v and diversity of every candidate (one co-occurrence pass per measure)."""
    from gensim.models.coherencemodel import CoherenceModel

    all_topics = [[t for t, _ in topic] for f in fitted for topic in f.topics]
    for f in fitted:
        f.diversity = diversity([[t for t, _ in topic] for topic in f.topics])
    scorable = [i for i, t in enumerate(all_topics) if len(t) >= 2]
    per_topic: dict[str, dict[int, float]] = {}
    for measure in ("c_npmi", "c_v"):
        per_topic[measure] = {}
        if not scorable:
            continue
        cm = CoherenceModel(topics=[all_topics[i] for i in scorable], texts=texts, dictionary=dictionary,
                            coherence=measure, topn=top_n, processes=1)
        for i, value in zip(scorable, cm.get_coherence_per_topic()):
            per_topic[measure][i] = float(value)
    pos = 0
    for f in fitted:
        idx = range(pos, pos + len(f.topics))
        pos += len(f.topics)
        for measure in ("c_npmi", "c_v"):
            vals = [per_topic[measure][i] for i in idx if i in per_topic[measure]]
            vals = [v for v in vals if not math.isnan(v)]
            setattr(f, measure, float(np.mean(vals)) if vals else None)


def choose(candidates: list[Fitted], *, diversity_floor: float, k_tolerance: float) -> Fitted:
    """The k-selection rule (module docstring, step 5) over one model's candidates."""
    scored = [f for f in candidates if f.c_npmi is not None] or candidates
    pool = [f for f in scored if (f.diversity or 0) >= diversity_floor] or scored
    if pool[0].c_npmi is None:
        return min(pool, key=lambda f: f.k)
    best = max(f.c_npmi for f in pool)
    return min((f for f in pool if f.c_npmi >= best - k_tolerance), key=lambda f: f.k)


def _label(topic: list[tuple[str, float]]) -> str:
    return LABEL_SEP.join(t for t, _ in topic[:LABEL_TERMS]) or "(empty)"


def _year(date) -> str | None:
    if date is None or (isinstance(date, float) and math.isnan(date)) or pd.isna(date):
        return None
    s = str(date)
    return s[:4] if len(s) >= 4 and s[:4].isdigit() else None


def _trends(model: Fitted, kept: list[Unit], documents: pd.DataFrame) -> pd.DataFrame:
    """Mean document topic share by period × region (region null = all documents of the period)."""
    unit_docs = np.array([u.doc_id for u in kept], dtype=object)
    lengths = np.array([len(u.terms) for u in kept], dtype=np.float64)
    docs = list(dict.fromkeys(unit_docs.tolist()))
    share = pd.DataFrame(model.weights * lengths[:, None]).groupby(unit_docs, sort=False).sum().loc[docs]
    share = share.div(share.sum(axis=1).where(lambda s: s > 0, 1.0), axis=0)
    meta = documents.set_index("doc_id")
    period = {d: _year(meta["date"].get(d)) if "date" in meta else None for d in docs}
    regions = {}
    for d in docs:
        regs = meta["regions"].get(d) if "regions" in meta else None
        regions[d] = sorted(set(regs)) if regs is not None and len(regs) else []
    groups: dict[tuple, list[str]] = {}
    for d in docs:
        groups.setdefault((period[d], None), []).append(d)
        for r in regions[d]:
            groups.setdefault((period[d], r), []).append(d)
    rows = []
    labels = [_label(t) for t in model.topics]
    for (per, reg), members in sorted(groups.items(), key=lambda kv: (kv[0][0] or "", kv[0][1] or "")):
        mean = share.loc[members].to_numpy().mean(axis=0)
        for topic in range(model.k):
            rows.append((model.model, topic, labels[topic], per, reg, float(mean[topic]), len(members)))
    return pd.DataFrame(rows, columns=schemas.columns("topic_trends"))


def _typed(name: str, rows: list[tuple]) -> pd.DataFrame:
    if not rows:
        return schemas.empty(name)
    return schemas.to_arrow(name, pd.DataFrame(rows, columns=schemas.columns(name))).to_pandas()


def _frame(name: str, df: pd.DataFrame) -> pd.DataFrame:
    return schemas.to_arrow(name, df).to_pandas()


def fit_candidates(kept: list[Unit], dictionary, config: TopicConfig) -> tuple[list[Fitted], list[Fitted]]:
    """Train and score the grid; return (every candidate row, the chosen model of each kind)."""
    models = [m for m in config.models if m in MODELS]
    unknown = [m for m in config.models if m not in MODELS]
    if unknown:
        raise ValueError(f"unknown topic model(s) {unknown}; known: {', '.join(MODELS)}")
    texts = [list(u.terms) for u in kept]
    sample = _sample(len(texts), int(config.select_max_units))
    sample_texts = [texts[i] for i in sample]
    full = len(sample) == len(texts)
    ks = _grid(config, len(sample), len(dictionary))
    bows = BowCorpus(sample_texts, dictionary)
    tfidf = _tfidf(bows, len(dictionary)) if "nmf" in models else None
    rows: list[Fitted] = []
    for model in models:
        for k in ks:
            log.info("topics: %s k=%d on %d units", model, k, len(sample))
            rows.append(_fit_lda(bows, dictionary, k, config) if model == "lda"
                        else _fit_nmf(tfidf, dictionary, k, config))
    score(rows, sample_texts, dictionary, int(config.top_n))
    chosen: list[Fitted] = []
    for model in models:
        pick = choose([f for f in rows if f.model == model], diversity_floor=float(config.diversity_floor),
                      k_tolerance=float(config.k_tolerance))
        if not full:
            all_bows = BowCorpus(texts, dictionary)
            # the retrain gets the update budget of a candidate: passes x sample / units
            passes = max(1, round(int(config.passes) * len(sample) / len(texts)))
            pick = (_fit_lda(all_bows, dictionary, pick.k, config, passes) if model == "lda"
                    else _fit_nmf(_tfidf(all_bows, len(dictionary)), dictionary, pick.k, config))
            score([pick], sample_texts, dictionary, int(config.top_n))
            rows.append(pick)
        pick.chosen = True
        chosen.append(pick)
    return rows, chosen


def topic_tables(documents: pd.DataFrame, tokens: pd.DataFrame, *, config: TopicConfig = TopicConfig()) -> dict:
    """Train the candidate topic models and return the four topic tables by name.

    >>> tables = topic_tables(pd.DataFrame(columns=["doc_id", "text", "date", "regions"]),
    ...                       pd.DataFrame(columns=["doc_id", "position", "start", "token",
    ...                                             "is_slogan", "is_stopword"]))
    >>> sorted(tables), len(tables["topic_models"])
    (['doc_topics', 'topic_models', 'topic_terms', 'topic_trends'], 0)
    """
    from gensim.corpora import Dictionary

    names = ("topic_models", "topic_terms", "doc_topics", "topic_trends")
    units = make_units(documents, tokens, unit=config.unit, chunk_chars=config.chunk_chars,
                       extra_stopwords=config.extra_stopwords, generic=config.generic_stopwords)
    dictionary = Dictionary(u.terms for u in units)
    dictionary.filter_extremes(no_below=int(config.no_below), no_above=float(config.no_above), keep_n=None)
    vocab = dictionary.token2id
    kept = [Unit(u.doc_id, u.unit, t) for u in units
            if len(t := tuple(w for w in u.terms if w in vocab)) >= int(config.min_unit_terms)]
    if not kept or len(dictionary) < 2:
        return {name: schemas.empty(name) for name in names}
    rows, chosen = fit_candidates(kept, dictionary, config)
    models = _typed("topic_models", [
        (f.model, f.k, config.unit, f.c_v, f.c_npmi, f.perplexity, f.diversity, int(config.seed),
         f.train_seconds, f.n_units, len(dictionary), f.chosen) for f in rows])
    terms, doc_topics, trends = [], [], []
    for f in chosen:
        for topic, top in enumerate(f.topics):
            label = _label(top)
            terms += [(f.model, f.k, topic, label, rank + 1, term, weight) for rank, (term, weight) in enumerate(top)]
        unit_doc = np.repeat(np.array([u.doc_id for u in kept], dtype=object), f.k)
        unit_id = np.repeat(np.array([u.unit for u in kept], dtype=object), f.k)
        doc_topics.append(pd.DataFrame({"doc_id": unit_doc, "unit": unit_id, "model": f.model,
                                        "topic": np.tile(np.arange(f.k, dtype=np.int32), len(kept)),
                                        "weight": f.weights.ravel()}))
        trends.append(_trends(f, kept, documents))
    doc_topics_df = pd.concat(doc_topics, ignore_index=True) if doc_topics else schemas.empty("doc_topics")
    trends_df = pd.concat(trends, ignore_index=True) if trends else schemas.empty("topic_trends")
    return {"topic_models": models, "topic_terms": _typed("topic_terms", terms),
            "doc_topics": _frame("doc_topics", doc_topics_df), "topic_trends": _frame("topic_trends", trends_df)}
