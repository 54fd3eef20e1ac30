"""Topic models (tables ``topic_models``, ``topic_terms``, ``doc_topics``, ``topic_trends``).

Recipe (README, "Keywords and topics", explains it for researchers):

1. Units (document, paragraph or chunk) of terms from our tokens: slogans whole; stopwords,
   generic report words, single characters and numbers out (:mod:`pipeline.topic_corpus`).
2. The sample (:func:`sample_texts`): a bottom-k sketch of the units by content hash, at most
   ``max(select_max_units, score_max_units)`` units of ≥ ``min_unit_terms`` terms; everything
   the k search does (:func:`fit_models`) is a function of it, so the run keeps the result
   under its hash (:func:`sample_key`). A vocabulary filtered on it like gensim's
   ``filter_extremes(no_below, no_above)``, with ``no_below`` at least one per
   ``no_below_per_units`` sampled units; units with fewer than ``min_unit_terms`` remaining
   terms are left out.
3. For each k in ``range(k_min, k_max + 1, k_step)`` one task (:func:`train_candidates`) on
   the sample's first ``select_max_units`` units:
   ``nmf``, NMF on TF-IDF (scikit-learn's, solver ``nmf_solver``: coordinate descent by default)
   (``nmf_tol``, ``nmf_max_iter``),
   started by NNDSVDa (:func:`nndsvda`) from the first k triplets of one randomized SVD of the
   largest rank the search may try (computed once per process); ``lda``, variational Bayes
   (:class:`VariationalLDA`, every unit's E-step vectorised) started from the NMF of its k
   stopped after ``LDA_START_ITER`` iterations (``passes`` × ``estep_iter``): the NMF is the
   LDA's start, so the LDA of a k costs a few sparse products, not a fit from noise. The search goes on in rounds: while the largest k
   a model tried is as good as its best (quality within ``k_tolerance``, step 5), it tries
   ``k_step`` and 2 × ``k_step`` more, up to ``k_ceiling`` (a
   grid of one k is a fixed k); once the choice is inside the range, with ``refine``, the
   midpoints between it and its neighbours (once). Tasks run on the caller's ``pool`` (the
   run's workers), the training set shared once; results are sorted, so the tables are the
   same whatever the worker count. LDA's top terms are ranked by relevance
   (``relevance_lambda``, Sievert & Shirley 2014).
4. Every candidate is scored as it arrives: ``c_npmi`` from one count of term contexts over
   the whole sample (:class:`Cooccurrence`: sliding
   windows of ``coherence_window`` = 10 terms, as gensim's ``c_npmi``, counted exactly; NPMI of
   a candidate's top-term pairs from the Gram matrix of the boolean context × term matrix);
   topic diversity (distinct share of all top terms) and, for LDA, perplexity on
   ``PERPLEXITY_UNITS`` units of the training sample. ``c_v`` (gensim's measure, from a
   :class:`Cooccurrence` of 110-term windows over at most ``PART_UNITS`` units of the training
   sample; not used by the rule) for the chosen models only, or every candidate
   (``c_v = "all"``), or none.
5. The rule: among candidates with diversity ≥ ``diversity_floor`` (all, if none reaches
   it), find the best topic quality, c_npmi × diversity (Dieng, Ruiz & Blei 2020); take the
   smallest k whose quality is within max(``k_tolerance``, ``k_se`` × the best's standard
   error) of that best (:func:`choose`). The chosen candidate is the model
   (:class:`Models`): every unit, sampled or not, gets its topic weights unit by unit
   (:func:`unit_weights`: the LDA's E-step, ``WEIGHT_ITER`` updates, or the NMF's W for its
   fixed topics, :func:`_nmf_project`), the same whether a file is weighted alone (the run,
   per file) or with the whole corpus.

``topic_terms`` and ``doc_topics`` describe the chosen model of each kind; ``topic_trends``
averages document topic shares by year (``documents.date``) and issuer
(``documents.issuer``, one per document; documents without one are the group
``未知发文单位``; ``issuer`` null = all documents of the period, ``period`` null = undated
documents).

Every table is byte-identical on re-run with the same input and configuration; training
times are measurements, so they are logged (and recorded per stage in the run's manifest),
never written to a table.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import math
import time
import warnings
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd
from scipy import sparse
from threadpoolctl import threadpool_limits

from pipeline import schemas
from pipeline.config import TopicConfig
from pipeline.metadata import issuer_group
from pipeline.topic_corpus import Unit, count_matrix, term_id_array, term_ids, unit_schema, unit_table, units as make_units

MODELS = ("lda", "nmf")
LABEL_TERMS = 3  # top terms joined into a topic label
LABEL_SEP = "·"
MIN_UPDATES = 10  # LDA: online updates per pass at least (chunksize = units / 10, at most 2000)
PART_UNITS = 3000  # c_v is computed on an evenly spaced part of the training sample
C_V_WINDOW = 110  # c_v's sliding window (gensim's)
PERPLEXITY_UNITS = 1000  # ... and LDA perplexity on a smaller one
SVD_POWER_ITER = 4  # NMF's start: power iterations of the randomized SVD (scikit-learn's default 7 cost
# 1.2x as much for the same NMF coherence on the 20 MB; 2 chose another k on the slogan test corpus)
ESTEP_BLOCK = 2048  # LDA: units per block of the E-step
LDA_START_ITER = 15  # LDA starts from its k's NMF after this many coordinate descent iterations (as
# coherent as from the converged NMF, ~40-50 iterations, on 5 and 20 MB; a third of the cost where
# the search wants the LDA of a k but not its NMF)
WEIGHT_ITER = 10  # LDA: E-step updates for the topic shares of units it was not trained on
EXTEND_STEPS = 2  # the k search extends by two ks a round: two workers busy, one round fewer when the first is best
C_V = ("chosen", "all", "none")  # TopicConfig.c_v: which candidates get a c_v

log = logging.getLogger(__name__)


@dataclass
class Fitted:
    """One trained candidate: top terms per topic, unit × topic weights, scores."""

    model: str
    k: int
    n_units: int
    topics: list[list[tuple[str, float]]]  # per topic: (term, weight) best first
    seconds: float  # training time: logged, never written to a table (tables are byte-identical)
    perplexity: float | None = None
    weights: np.ndarray | None = None  # units × k, rows sum to 1 (or 0); only for a chosen model
    c_v: float | None = None
    c_npmi: float | None = None
    diversity: float | None = None
    chosen: bool = False
    fitted: object = None  # the scikit-learn NMF / VariationalLDA, in the task that trained it
    components: np.ndarray | None = None  # topics × terms: LDA's λ, NMF's H (what weights units)
    c_npmi_se: float | None = None  # standard error of c_npmi (its topics' spread / √topics), for the rule


def _grid(config: TopicConfig, n_units: int, n_terms: int) -> list[int]:
    ks = list(range(int(config.k_min), int(config.k_max) + 1, max(int(config.k_step), 1)))
    if ks and ks[-1] != int(config.k_max) and int(config.k_max) > int(config.k_min):
        ks.append(int(config.k_max))  # the grid always ends at k_max
    limit = _k_limit(n_units, n_terms)
    return sorted({k for k in ks if 1 <= k <= limit}) or [max(1, min(int(config.k_min), limit))]


def _k_limit(n_units: int, n_terms: int) -> int:
    return max(1, min(n_units, n_terms))


def _refinement(model_ks: list[int], best: int, limit: int) -> list[int]:
    """The midpoints between ``best`` and its neighbours on the grid tried so far (not yet tried).

    >>> _refinement([10, 20, 30, 40], 20, 100), _refinement([10, 20, 30, 40], 40, 100), _refinement([3, 4], 3, 9)
    ([15, 25], [35], [])
    """
    ks = sorted(set(model_ks))
    i = ks.index(best)
    out = []
    for j in (i - 1, i + 1):
        if 0 <= j < len(ks):
            mid = (ks[j] + best) // 2
            if mid not in ks and mid not in out and 1 <= mid <= limit:
                out.append(mid)
    return sorted(out)


def _sample(n: int, at_most: int) -> np.ndarray:
    """Evenly spaced indices of at most ``at_most`` of ``n`` items (all when n ≤ at_most)."""
    if at_most <= 0 or n <= at_most:
        return np.arange(n)
    return np.unique(np.linspace(0, n - 1, at_most).round().astype(np.int64))


def _top_terms(matrix: np.ndarray, terms: list[str], top_n: int,
               rank_by: np.ndarray | None = None) -> list[list[tuple[str, float]]]:
    """Top terms of each row of a topics × vocabulary matrix, with their share of the row.

    Terms are ranked by ``rank_by`` (same shape; default the matrix itself), ties by term id.
    """
    out = []
    for t, row in enumerate(matrix):
        total = row.sum()
        key = row if rank_by is None else rank_by[t]
        order = np.lexsort((np.arange(len(row)), -key))[:top_n]
        out.append([(terms[int(i)], float(row[i] / total) if total > 0 else 0.0)
                     for i in order if row[i] > 0])
    return out


def relevance(phi: np.ndarray, p_term: np.ndarray, lam: float) -> np.ndarray:
    """Term relevance per topic (Sievert & Shirley 2014): λ·log p(w|t) + (1 − λ)·log(p(w|t) / p(w)).

    λ = 1 ranks by p(w|t) alone; lower λ ranks down terms frequent in every topic.

    >>> relevance(np.array([[0.5, 0.5]]), np.array([0.9, 0.1]), 0.6).round(3).tolist()
    [[-0.651, 0.228]]
    """
    with np.errstate(divide="ignore"):
        log_phi = np.log(phi)
        return lam * log_phi + (1 - lam) * (log_phi - np.log(p_term))


def _dirichlet_expectation(a: np.ndarray) -> np.ndarray:
    """exp(E[log x]) for x ~ Dirichlet(row) of each row of ``a``."""
    from scipy.special import psi

    return np.exp(psi(a) - psi(a.sum(axis=1))[:, None])


def _rowdot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Σ_j a[i, j] b[i, j] per row i of two C-ordered arrays: one ``einsum`` loop over each row
    (its sum depends on the row alone, not on how many rows come with it; tested). 2-3x faster
    than column by column over strided columns, the E-step's largest cost."""
    return np.einsum("ij,ij->i", np.ascontiguousarray(a), np.ascontiguousarray(b))


class VariationalLDA:
    """Latent Dirichlet allocation by batch variational Bayes (Blei, Ng & Jordan 2003), every
    unit's E-step vectorised at once over the sparse count matrix, scikit-learn style.

    Each of ``max_iter`` passes: ``estep_iter`` fixed-point updates of every unit's topic
    Dirichlet γ (carried over from the previous pass), then the topics' Dirichlet λ = η +
    expected counts. ``fit(X, init=λ0)`` starts from given topics (the stage starts from the
    NMF of the same k: a few passes then reach what random starts reach in many, and its top
    terms are more coherent); without ``init`` from Gamma(100, 1/100) noise of ``random_state``.
    Priors α = η = 1/k (as scikit-learn's). Deterministic: no sampling after the start.

    >>> X = sparse.csr_matrix(np.array([[3, 2, 0, 0], [2, 3, 0, 0], [0, 0, 2, 3], [0, 0, 3, 2]]))
    >>> lda = VariationalLDA(2, max_iter=20, random_state=0).fit(X)
    >>> (lda.transform(X).round(1)[:, 0] == lda.transform(X).round(1)[0, 0]).tolist()  # units 0, 1 vs 2, 3
    [True, True, False, False]
    """

    def __init__(self, n_components: int, *, max_iter: int = 5, estep_iter: int = 3, random_state: int = 0):
        self.n_components = n_components
        self.max_iter = max_iter
        self.estep_iter = estep_iter
        self.random_state = random_state

    def _estep(self, X: sparse.csr_matrix, expelogbeta: np.ndarray, gamma: np.ndarray, iterations: int,
               block: int = ESTEP_BLOCK) -> tuple[np.ndarray, np.ndarray]:
        """``iterations`` updates of every unit's γ (units are independent: done in blocks of
        ``block`` units, whose nonzeros × k fit in cache); returns γ and the expected topic × term
        counts of the last update (the M-step's statistics)."""
        alpha = 1.0 / self.n_components
        beta_t = np.ascontiguousarray(expelogbeta.T)  # terms × k
        gamma = gamma.copy()
        sstats = np.zeros(beta_t.shape)
        for lo in range(0, X.shape[0], block):
            x = X[lo:lo + block]
            per_row = np.diff(x.indptr)  # nonzeros of each unit, in CSR order
            beta_w = beta_t[x.indices]  # nonzeros × k
            g = gamma[lo:lo + block]
            for i in range(iterations + 1):
                expelogtheta = _dirichlet_expectation(g)
                # Σ_k exp(E[log θ_dk]) exp(E[log β_kw]) at every nonzero (d, w) only; each unit's
                # row repeated for its nonzeros (np.repeat: 4x faster than indexing by row numbers)
                norm = _rowdot(np.repeat(expelogtheta, per_row, axis=0), beta_w) + 1e-100
                xn = sparse.csr_matrix((x.data / norm, x.indices, x.indptr), shape=x.shape)
                if i == iterations:
                    sstats += xn.T @ expelogtheta
                    break
                g = alpha + expelogtheta * (xn @ beta_t)
            gamma[lo:lo + block] = g
        return gamma, sstats.T * expelogbeta

    def fit(self, X, init: np.ndarray | None = None) -> "VariationalLDA":
        X = sparse.csr_matrix(X, dtype=np.float64)
        k = int(self.n_components)
        if init is None:
            lam = np.random.default_rng(int(self.random_state)).gamma(100.0, 0.01, (k, X.shape[1]))
        else:
            lam = np.array(init, dtype=np.float64)
        gamma = np.ones((X.shape[0], k))
        for _ in range(int(self.max_iter)):
            gamma, sstats = self._estep(X, _dirichlet_expectation(lam), gamma, int(self.estep_iter))
            lam = 1.0 / k + sstats
        self.components_ = lam  # the topics' Dirichlet parameters λ (k × terms)
        self.gamma_ = gamma  # the training units' topic Dirichlets γ (units × k)
        return self

    def transform(self, X, iterations: int | None = None) -> np.ndarray:
        """Units × topic shares of ``X`` (normalised γ after ``iterations`` E-step updates)."""
        X = sparse.csr_matrix(X, dtype=np.float64)
        it = int(self.estep_iter * self.max_iter if iterations is None else iterations)
        gamma = self._estep(X, _dirichlet_expectation(self.components_),
                            np.ones((X.shape[0], int(self.n_components))), it)[0]
        return gamma / gamma.sum(axis=1, keepdims=True)


def _fit_lda(counts: sparse.csr_matrix, terms: list[str], k: int, config: TopicConfig, p_term: np.ndarray,
             seed: int, nmf_components: np.ndarray) -> Fitted:
    """LDA of k topics on ``counts``, started from the NMF of the same k (its components, as
    topics of ``words / k`` pseudo-counts each)."""
    t0 = time.perf_counter()
    h = nmf_components / np.maximum(nmf_components.sum(axis=1, keepdims=True), 1e-300)
    init = 1.0 / k + h * (float(counts.sum()) / k)
    lda = VariationalLDA(k, max_iter=int(config.passes), estep_iter=int(config.estep_iter),
                         random_state=int(seed)).fit(counts, init=init)
    seconds = time.perf_counter() - t0
    phi = lda.components_ / lda.components_.sum(axis=1, keepdims=True)
    rank_by = relevance(phi, p_term, float(config.relevance_lambda))
    f = Fitted("lda", k, counts.shape[0], _top_terms(phi, terms, int(config.top_n), rank_by), seconds, fitted=lda)
    f.weights = lda.gamma_ / lda.gamma_.sum(axis=1, keepdims=True)
    return f


def _lda_perplexity(f: Fitted, counts: sparse.csr_matrix, rows: np.ndarray) -> float:
    """exp(−log-likelihood per word) of the training units ``rows`` (``counts`` their counts)
    under LDA ``f``, with its point estimates: p(w | unit) = Σ_k θ_unit,k φ_k,w."""
    lda = f.fitted
    theta = f.weights[rows]
    phi = lda.components_ / lda.components_.sum(axis=1, keepdims=True)
    c = sparse.csr_matrix(counts)
    unit = np.repeat(np.arange(c.shape[0]), np.diff(c.indptr))
    p = _rowdot(theta[unit], phi[:, c.indices].T)
    words = float(c.data.sum())
    return float(np.exp(-(c.data * np.log(np.maximum(p, 1e-300))).sum() / words)) if words else float("nan")


class Tfidf:
    """TF-IDF as scikit-learn's ``TfidfTransformer(sublinear_tf=True)``: tf → 1 + log(tf), idf =
    log((1 + units) / (1 + unit frequency)) + 1, rows scaled to unit length. Here so that the
    run's parent process, which only applies it, does not import scikit-learn (~1 s).

    >>> Tfidf().fit(sparse.csr_matrix(np.array([[1, 0], [2, 3]]))).transform(sparse.csr_matrix(np.array([[1, 1]]))).toarray().round(3)
    array([[0.58 , 0.815]])
    """

    def fit(self, counts) -> "Tfidf":
        c = sparse.csr_matrix(counts)
        df = np.bincount(c.indices, minlength=c.shape[1])
        self.idf_ = np.log((1.0 + c.shape[0]) / (1.0 + df)) + 1.0
        return self

    def transform(self, counts) -> sparse.csr_matrix:
        x = sparse.csr_matrix(counts, dtype=np.float64, copy=True)
        x.data = (1.0 + np.log(x.data)) * self.idf_[x.indices]
        row = np.repeat(np.arange(x.shape[0]), np.diff(x.indptr))
        norms = np.sqrt(np.bincount(row, weights=x.data ** 2, minlength=x.shape[0]))
        x.data /= np.where(norms > 0, norms, 1.0)[row]
        return x


def _tfidf(counts: sparse.csr_matrix) -> Tfidf:
    """A TF-IDF (sublinear tf, smoothed idf) fitted on ``counts``."""
    return Tfidf().fit(counts)


def nndsvda(u: np.ndarray, s: np.ndarray, vt: np.ndarray, k: int, fill: float) -> tuple[np.ndarray, np.ndarray]:
    """NMF's start (W, H) of k topics from the first k singular triplets of X (NNDSVD, Boutsidis &
    Gallopoulos 2008; zeros filled with ``fill``, X's mean: scikit-learn's ``init="nndsvda"``).
    The stage takes the first k triplets of one SVD of the largest rank its search may try, for
    every k (an exact SVD's first k triplets are its rank-k SVD; a randomized one's nearly, except
    where singular values nearly tie)."""
    w, h = np.zeros((u.shape[0], k)), np.zeros((k, vt.shape[1]))
    w[:, 0], h[0] = math.sqrt(s[0]) * np.abs(u[:, 0]), math.sqrt(s[0]) * np.abs(vt[0])
    for j in range(1, k):
        x, y = u[:, j], vt[j]
        xp, yp, xn, yn = np.maximum(x, 0), np.maximum(y, 0), -np.minimum(x, 0), -np.minimum(y, 0)
        (a, b) = (xp, yp) if np.linalg.norm(xp) * np.linalg.norm(yp) > np.linalg.norm(xn) * np.linalg.norm(yn) \
            else (xn, yn)
        na, nb = np.linalg.norm(a), np.linalg.norm(b)
        if na == 0 or nb == 0:
            continue
        lbd = math.sqrt(s[j] * na * nb)
        w[:, j], h[j] = lbd * a / na, lbd * b / nb
    w[w < 1e-6], h[h < 1e-6] = 0, 0
    w[w == 0], h[h == 0] = fill, fill
    return w, h


def _fit_nmf(tfidf: sparse.csr_matrix, terms: list[str], k: int, config: TopicConfig, seed: int,
             svd: tuple | None = None, *, max_iter: int | None = None) -> Fitted:
    """NMF of k topics on ``tfidf`` (scikit-learn's ``NMF``, solver ``nmf_solver``), started by
    NNDSVDa from ``svd`` (U, S, Vᵀ of rank ≥ k; default an SVD of rank k), at most ``max_iter``
    (default ``nmf_max_iter``) iterations."""
    from sklearn.decomposition import NMF
    from sklearn.exceptions import ConvergenceWarning

    t0 = time.perf_counter()
    u, s, vt = svd if svd is not None else _randomized_svd(tfidf, k, seed=int(seed))
    w0, h0 = nndsvda(u, s, vt, k, float(tfidf.sum()) / max(tfidf.shape[0] * tfidf.shape[1], 1))
    max_iter = int(config.nmf_max_iter) if max_iter is None else int(max_iter)
    nmf = NMF(n_components=k, init="custom", solver=str(config.nmf_solver), tol=float(config.nmf_tol),
              random_state=int(seed), max_iter=max_iter)
    with warnings.catch_warnings():  # max_iter reached: the cap is the configured cost, not an error
        warnings.simplefilter("ignore", ConvergenceWarning)
        weights = _nmf_weights(nmf.fit_transform(tfidf, W=w0, H=h0))
    seconds = time.perf_counter() - t0
    return Fitted("nmf", k, tfidf.shape[0], _top_terms(nmf.components_, terms, int(config.top_n)),
                  seconds, weights=weights, fitted=nmf)


def _randomized_svd(m: sparse.csr_matrix, rank: int, *, n_iter: int | str = "auto", seed: int = 0):
    """scikit-learn's ``randomized_svd`` (U, S, Vᵀ) of ``m`` with ``seed`` as its random state."""
    from sklearn.utils.extmath import randomized_svd

    return randomized_svd(m, rank, n_iter=n_iter, random_state=int(seed))


def _nmf_project(tfidf: sparse.csr_matrix, h: np.ndarray, fill: float, iterations: int = 30) -> np.ndarray:
    """W ≥ 0 minimising ‖X − W H‖ for fixed H (multiplicative updates, as scikit-learn's ``mu``
    ``transform``, started at √(fill / k) with ``fill`` the training TF-IDF's mean), with X Hᵀ and
    H Hᵀ computed once: every unit's NMF weights at a fraction of a ``transform``. Row by row
    (sparse products and elementwise arithmetic only): a unit's W is the same in any batch."""
    xht = np.asarray(tfidf @ h.T)
    hht = h @ h.T
    w = np.full(xht.shape, math.sqrt(float(fill) / h.shape[0]))
    for _ in range(int(iterations)):
        w *= xht / np.maximum(_by_columns(w, hht), 1e-12)
    return w


def _by_columns(w: np.ndarray, m: np.ndarray) -> np.ndarray:
    """w @ m for a small square m by ``einsum`` (a BLAS product may sum a row differently
    depending on how many rows it is given; einsum's loop sums each output element alone: the
    same in any batch, tested). 3x faster than term by term."""
    return np.einsum("ij,jk->ik", np.ascontiguousarray(w), np.ascontiguousarray(m))


def _nmf_weights(w: np.ndarray) -> np.ndarray:
    """Rows of NMF's W scaled to sum to 1 (all-zero rows stay 0)."""
    total = w.sum(axis=1, keepdims=True)
    return np.divide(w, total, out=np.zeros_like(w), where=total > 0)


def diversity(topics: list[list[str]]) -> float:
    """Distinct share of all top terms of a model's topics.

    >>> diversity([["a", "b"], ["b", "c"]])
    0.75
    """
    terms = [t for topic in topics for t in topic]
    return len(set(terms)) / len(terms) if terms else 0.0


EPSILON = 1e-12  # as gensim's log_ratio_measure: log((P(a, b) + ε) / (P(a) P(b))) / −log(P(a, b) + ε)


class Cooccurrence:
    """Which terms occur in which *contexts* of the scoring units, counted once per vocabulary;
    the NPMI of any term pairs from the Gram matrix of that boolean context × term matrix.

    A context is a sliding window of ``window`` terms over a unit, as in gensim's ``c_npmi``
    (``p_boolean_sliding_window``, default window 10; a unit shorter than the window is one
    context), or the whole unit when ``window`` ≤ 0 (document co-occurrence). ``texts``: each
    unit's term ids in text order. P(a) is the share of contexts holding ``a``, P(a, b) the
    share holding both. Unlike gensim, every context of every unit counts in the denominator
    (gensim counts only the texts holding some term of the topics scored together, so its
    value for one topic depends on the others scored with it).

    >>> cooc = Cooccurrence([np.array([0, 1]), np.array([0, 1]), np.array([0, 2]), np.array([2, 3])], 4, window=0)
    >>> cooc.n_contexts, round(float(cooc.npmi([0, 1])[0, 1]), 4)  # log(.5 / (.75 × .5)) / −log(.5)
    (4, 0.415)
    >>> [round(c, 4) for c in cooc.coherence([[0, 1], [0, 1, 2]])]  # 1 and 2 never meet: NPMI ≈ −0.95
    [0.415, -0.2758]
    """

    def __init__(self, texts: list[np.ndarray], n_terms: int, *, window: int = 10):
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        ids = np.concatenate([np.asarray(t, dtype=np.int64) for t in texts]) if len(texts) else np.zeros(0, np.int64)
        unit = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
        window = int(window)
        if window <= 0:
            n_ctx = np.ones(len(texts), dtype=np.int64)
        else:
            n_ctx = np.maximum(1, lengths - window + 1)  # sliding windows per unit (gensim's strided_windows)
        first = np.r_[0, np.cumsum(n_ctx)[:-1]]  # first context of each unit
        self.n_contexts = int(n_ctx.sum())
        if window <= 0:
            rows, cols = first[unit], ids
        else:
            pos = np.arange(len(ids), dtype=np.int64) - np.repeat(np.r_[0, np.cumsum(lengths)[:-1]], lengths)
            short = n_ctx[unit] == 1  # a unit of at most `window` terms is one context
            rows, cols = [first[unit[short]]], [ids[short]]
            unit, pos, ids = unit[~short], pos[~short], ids[~short]
            for back in range(window):  # the term at pos is in windows pos − window + 1 … pos
                ctx = pos - back
                ok = (ctx >= 0) & (ctx < n_ctx[unit])
                rows.append(first[unit[ok]] + ctx[ok])
                cols.append(ids[ok])
            rows, cols = np.concatenate(rows), np.concatenate(cols)
        m = sparse.csc_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)),
                              shape=(self.n_contexts, int(n_terms)))
        m.sum_duplicates()
        m.data[:] = 1  # boolean: a context holds a term or not
        self.matrix = m

    def gram(self, ids: list[int]) -> np.ndarray:
        """Contexts holding both terms of every pair of ``ids`` (the diagonal: contexts holding the
        term). Kept for every term asked about so far: a term's column of the Gram matrix is
        counted once, when it is first asked about (successive candidates share most top terms)."""
        ids = [int(i) for i in ids]
        pos = self.__dict__.setdefault("_pos", {})
        new = [i for i in dict.fromkeys(ids) if i not in pos]
        if new:
            every = list(pos) + new
            n0 = len(pos)
            block = (self.matrix[:, new].T @ self.matrix[:, every]).toarray().astype(np.int64)  # new × every
            g = np.empty((len(every), len(every)), dtype=np.int64)
            g[:n0, :n0] = self.__dict__.get("_gram", np.zeros((0, 0), dtype=np.int64))
            g[n0:] = block
            g[:n0, n0:] = block[:, :n0].T
            self._gram = g
            pos.update((t, n0 + j) for j, t in enumerate(new))
        idx = np.fromiter((pos[i] for i in ids), dtype=np.int64, count=len(ids))
        return self._gram[np.ix_(idx, idx)]

    def npmi(self, ids: list[int]) -> np.ndarray:
        """The NPMI of every pair of the terms ``ids`` (NaN where a term occurs in no context)."""
        both = self.gram(ids).astype(np.float64) / max(self.n_contexts, 1)
        p = np.diag(both).copy()
        with np.errstate(divide="ignore", invalid="ignore"):
            out = np.log((both + EPSILON) / np.outer(p, p)) / -np.log(both + EPSILON)
        out[(p == 0)[:, None] | (p == 0)[None, :]] = np.nan
        return out

    def coherence(self, topics: list[list[int]]) -> list[float]:
        """Per topic, the mean NPMI over all pairs of its terms (NaN: fewer than 2 terms, or none
        scorable); every topic from one Gram matrix restricted to the union of their terms."""
        union = sorted({i for t in topics for i in t})
        where = {t: i for i, t in enumerate(union)}
        m = self.npmi(union) if union else np.zeros((0, 0))
        out = []
        for topic in topics:
            idx = [where[i] for i in topic]
            vals = m[np.ix_(idx, idx)][np.triu_indices(len(idx), 1)] if len(idx) >= 2 else np.zeros(0)
            vals = vals[~np.isnan(vals)]
            out.append(float(vals.mean()) if len(vals) else float("nan"))
        return out


def score(f: Fitted, cooc: Cooccurrence, index: dict[str, int]) -> Fitted:
    """Fill ``f.c_npmi`` (mean over its topics of 2 or more terms) and ``f.diversity``."""
    tops = [[t for t, _ in topic] for topic in f.topics]
    f.diversity = diversity(tops)
    per = [v for v in cooc.coherence([[index[t] for t in top] for top in tops if len(top) >= 2])
           if not math.isnan(v)]
    f.c_npmi = float(np.mean(per)) if per else None
    # the standard error of that mean over topics: how far the score moves with which topics came out
    f.c_npmi_se = float(np.std(per, ddof=1) / math.sqrt(len(per))) if len(per) >= 2 else None
    return f


def c_v(fitted: list[Fitted], cooc: Cooccurrence, index: dict[str, int]) -> None:
    """Fill ``c_v`` of ``fitted`` (Röder, Both & Hinneburg 2015, gensim's ``coherence="c_v"``) from
    ``cooc``, contexts of 110-term windows: per topic, the mean cosine between each top term's
    vector of NPMIs with the topic's terms and the sum of those vectors."""
    for f in fitted:
        per = []
        for topic in f.topics:
            ids = [index[t] for t, _ in topic]
            if len(ids) < 2:
                continue
            m = np.nan_to_num(cooc.npmi(ids))
            whole = m.sum(axis=0)
            norms = np.linalg.norm(m, axis=1) * np.linalg.norm(whole)
            cos = np.divide(m @ whole, norms, out=np.zeros(len(ids)), where=norms > 0)
            per.append(float(cos.mean()))
        f.c_v = float(np.mean(per)) if per else None


def quality(f: Fitted) -> float | None:
    """Topic quality = c_npmi × diversity (Dieng, Ruiz & Blei 2020), the k-selection score."""
    return None if f.c_npmi is None or f.diversity is None else f.c_npmi * f.diversity


def _rule(config: TopicConfig) -> dict:
    return dict(diversity_floor=float(config.diversity_floor), k_tolerance=float(config.k_tolerance),
                k_se=float(config.k_se))


def choose(candidates: list[Fitted], *, diversity_floor: float, k_tolerance: float, k_se: float = 0.0) -> Fitted:
    """The k-selection rule (module docstring, step 5) over one model's candidates: among those
    with diversity ≥ ``diversity_floor``, the smallest k whose quality is within ``max(k_tolerance,
    k_se × the best's standard error)`` of the best (``k_se`` = 1: the one-standard-error rule, a
    difference smaller than the score's own noise is no evidence for more topics; 0: the
    tolerance alone).

    >>> f = lambda k, q, se: Fitted("nmf", k, 10, [], 0.0, c_npmi=q, diversity=1.0, c_npmi_se=se)
    >>> choose([f(10, 0.25, 0.01), f(15, 0.262, 0.02), f(20, 0.27, 0.01)], diversity_floor=0.5, k_tolerance=0.005).k
    20
    >>> choose([f(10, 0.25, 0.01), f(15, 0.262, 0.02), f(20, 0.27, 0.01)], diversity_floor=0.5, k_tolerance=0.005, k_se=1).k
    15
    """
    scored = [f for f in candidates if quality(f) is not None] or candidates
    pool = [f for f in scored if (f.diversity or 0) >= diversity_floor] or scored
    if quality(pool[0]) is None:
        return min(pool, key=lambda f: f.k)
    top = max(pool, key=lambda f: (quality(f), -f.k))
    tolerance = max(k_tolerance, k_se * (top.c_npmi_se or 0.0) * (top.diversity or 0.0))
    return min((f for f in pool if quality(f) >= quality(top) - tolerance), key=lambda f: f.k)


def _label(topic: list[tuple[str, float]]) -> str:
    return LABEL_SEP.join(t for t, _ in topic[:LABEL_TERMS]) or "(empty)"


def _year(date) -> str | None:
    if date is None or (isinstance(date, float) and math.isnan(date)) or pd.isna(date):
        return None
    s = str(date)
    return s[:4] if len(s) >= 4 and s[:4].isdigit() else None


def _trends(model: Fitted, weights: np.ndarray, kept_doc, lengths: np.ndarray,
            documents: pd.DataFrame) -> pd.DataFrame:
    """Mean document topic share by period × issuer (issuer null = all documents of the period);
    a document's share is its units' weights (their documents ``kept_doc``) weighted by their
    vocabulary terms (``lengths``)."""
    where: dict[str, int] = {}
    codes = np.array([where.setdefault(d, len(where)) for d in kept_doc], dtype=np.int64)
    docs = list(where)
    share = np.zeros((len(docs), model.k))
    np.add.at(share, codes, weights * lengths[:, None])  # unit by unit, in order
    total = share.sum(axis=1, keepdims=True)
    share /= np.where(total > 0, total, 1.0)
    meta = documents.set_index("doc_id")
    period = {d: _year(meta["date"].get(d)) if "date" in meta else None for d in docs}
    # one issuer per document; a documents frame without the column gives no issuer rows
    issuer = {d: issuer_group(meta["issuer"].get(d)) for d in docs} if "issuer" in meta else {}
    groups: dict[tuple, list[str]] = {}
    for d in docs:
        groups.setdefault((period[d], None), []).append(d)
        if d in issuer:
            groups.setdefault((period[d], issuer[d]), []).append(d)
    rows = []
    labels = [_label(t) for t in model.topics]
    for (per, who), members in sorted(groups.items(), key=lambda kv: (kv[0][0] or "", kv[0][1] or "")):
        mean = share[[where[d] for d in members]].mean(axis=0)
        for topic in range(model.k):
            rows.append((model.model, topic, labels[topic], per, who, float(mean[topic]), len(members)))
    return pd.DataFrame(rows, columns=schemas.columns("topic_trends"))


def _typed(name: str, rows: list[tuple]) -> pd.DataFrame:
    if not rows:
        return schemas.empty(name)
    return schemas.to_arrow(name, pd.DataFrame(rows, columns=schemas.columns(name))).to_pandas()


def _frame(name: str, df: pd.DataFrame) -> pd.DataFrame:
    return schemas.to_arrow(name, df).to_pandas()


@dataclass
class TrainingSet:
    """What every candidate is trained on: the sampled units × terms counts, the vocabulary
    (with unit frequencies) and p(term) over all units (for LDA's
    relevance ranking). :meth:`data` is plain JSON-able data, so a run can share it with its
    workers once instead of pickling it into every task.

    >>> ts = TrainingSet(sparse.csr_matrix(np.array([[2, 0], [1, 1]])), ["产业", "园区"], np.array([2, 1]), 2,
    ...                  np.array([0.75, 0.25]))
    >>> TrainingSet.from_data(ts.data()).counts.toarray().tolist()
    [[2, 0], [1, 1]]
    """

    counts: sparse.csr_matrix
    terms: list[str]
    df: np.ndarray
    n_units: int  # units the vocabulary was counted on
    p_term: np.ndarray

    def data(self) -> dict:
        c = self.counts
        return {"shape": list(c.shape), "indptr": c.indptr.tolist(), "indices": c.indices.tolist(),
                "data": c.data.tolist(), "terms": list(self.terms), "df": np.asarray(self.df).tolist(),
                "n_units": int(self.n_units), "p_term": np.asarray(self.p_term, dtype=np.float64).tolist()}

    @classmethod
    def from_data(cls, d: dict) -> "TrainingSet":
        counts = sparse.csr_matrix((np.asarray(d["data"], dtype=np.int64), np.asarray(d["indices"], dtype=np.int32),
                                    np.asarray(d["indptr"], dtype=np.int32)), shape=tuple(d["shape"]))
        return cls(counts, list(d["terms"]), np.asarray(d["df"], dtype=np.int64), int(d["n_units"]),
                   np.asarray(d["p_term"], dtype=np.float64))

    @cached_property
    def tfidf_model(self):
        return _tfidf(self.counts)  # idf from the sample the models see

    @cached_property
    def tfidf(self) -> sparse.csr_matrix:
        return self.tfidf_model.transform(self.counts.astype(np.float64))

    def svd(self, rank: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The rank-``rank`` SVD of :attr:`tfidf` (randomized, ``seed``), computed once: NMF's start for every k."""
        cache = self.__dict__.setdefault("_svd", {})
        if (rank, seed) not in cache:
            cache[(rank, seed)] = _randomized_svd(self.tfidf, rank, n_iter=SVD_POWER_ITER, seed=int(seed))
        return cache[(rank, seed)]


class _Held:
    """A value handed to tasks in this process (the default ``share``): ``get()`` returns it."""

    def __init__(self, value):
        self.value = value

    def get(self):
        return self.value


class _InProcess:
    """The default ``pool``: every task in this process, in order."""

    workers = 1

    def map(self, fn, tasks):
        return (fn(t) for t in tasks)


@dataclass(frozen=True)
class CandidateTask:
    """Candidates to train for one k: the ``models`` among ``MODELS`` (``model``: one of them),
    seed; ``training`` is a handle whose ``get()`` returns the :class:`TrainingSet` or its
    :meth:`~TrainingSet.data`."""

    training: object
    model: str | tuple[str, ...]
    k: int
    seed: int
    config: TopicConfig


_LAST_TRAINING: list = [None, None]  # (shared data, its TrainingSet): decoded once per process


def _training(value) -> TrainingSet:
    if isinstance(value, TrainingSet):
        return value
    if _LAST_TRAINING[0] is not value:
        _LAST_TRAINING[:] = [value, TrainingSet.from_data(value)]
    return _LAST_TRAINING[1]


def train_candidates(task: CandidateTask) -> list[Fitted]:
    """Train and describe the candidates of one k (in a worker, or in this process), in
    ``MODELS`` order: the NMF (always fitted: it is LDA's start), the LDA started from it
    (with its perplexity).

    The result depends only on the task: the same whatever process or worker count runs it.
    """
    t0 = time.perf_counter()
    ts = _training(task.training.get())
    cfg = task.config
    wanted = (task.model,) if isinstance(task.model, str) else tuple(task.model)
    out = []
    # scipy's linear algebra (and scikit-learn, for the "mu" solver) imported (their BLAS and
    # OpenMP libraries loaded) before the limit below: a library loaded inside it keeps its own
    # thread count, and the results then depend on the worker's thread count
    import scipy.linalg  # noqa: F401
    import scipy.special  # noqa: F401
    # one BLAS thread: the models make many small matrix products, and OpenBLAS threads competing
    # with other processes for 2 cores made NMF 3-20x slower in bench/topics.py
    with threadpool_limits(limits=1):
        # one SVD of the largest rank the search may try serves every k (the same whatever k comes first)
        can_extend = int(cfg.k_max) > int(cfg.k_min)
        rank = min(max(int(cfg.k_max), int(cfg.k_ceiling) if can_extend else 0, task.k), *ts.counts.shape)
        svd = ts.svd(rank, task.seed)
        log.info("topics: k=%d: training set and SVD ready in %.2f s", task.k, time.perf_counter() - t0)
        nmf = _fit_nmf(ts.tfidf, ts.terms, task.k, cfg, task.seed, svd=svd) if "nmf" in wanted else None
        if nmf is not None:
            out.append(nmf)
        if "lda" in wanted:
            if str(cfg.nmf_solver) == "cd":  # LDA starts from its k's NMF stopped after LDA_START_ITER
                # iterations: a fit of its own, the same whether that k's NMF is a candidate or not
                start = _fit_nmf(ts.tfidf, ts.terms, task.k, cfg, task.seed, svd=svd,
                                 max_iter=min(LDA_START_ITER, int(cfg.nmf_max_iter))).fitted.components_
            else:  # "mu": from the whole NMF
                start = (nmf if nmf is not None else _fit_nmf(ts.tfidf, ts.terms, task.k, cfg, task.seed, svd=svd)).fitted.components_
            f = _fit_lda(ts.counts, ts.terms, task.k, cfg, ts.p_term, task.seed, start)
            rows = _sample(ts.counts.shape[0], PERPLEXITY_UNITS)
            f.perplexity = _lda_perplexity(f, ts.counts[rows], rows)
            out.append(f)
    for f in out:
        log.info("topics: %s k=%d on %d units: %.2f s", f.model, f.k, ts.counts.shape[0], f.seconds)
        # what goes back: the topics, not the model object nor the training units' weights
        # (every unit is weighted later by :func:`unit_weights`, the same way)
        # C order, as decoded from JSON: numpy sums a row of another layout in another order
        f.components, f.fitted, f.weights = np.ascontiguousarray(f.fitted.components_, dtype=np.float64), None, None
    return out


def train_candidate(task: CandidateTask) -> Fitted:
    """The one candidate of ``task.model`` (see :func:`train_candidates`)."""
    return train_candidates(task)[-1]


def _next_ks(rows: list[Fitted], models: list[str], config: TopicConfig, limit: int, refined: set[str]
             ) -> list[tuple[str, int]]:
    """The candidates of the search's next round (none: it has settled).

    Per model: while the largest k tried is as good as the best (its quality within
    ``k_tolerance`` of the best quality, before the rule prefers a smaller k within its noise: a
    difference the rule calls no evidence does not show that quality has stopped rising), the
    next ``EXTEND_STEPS`` ks ``k_step`` apart (up to ``k_ceiling``, never past the data's limit);
    once it is not, with ``refine``, the midpoints around the rule's choice (once). A grid of one
    k is a fixed k: never extended.
    """
    rule = _rule(config)
    ceiling = min(limit, max(int(config.k_max), int(config.k_ceiling)))
    todo = []
    for m in models:
        mine = [f for f in rows if f.model == m]
        tried = sorted({f.k for f in mine})
        best = choose(mine, **rule).k
        top = choose(mine, **{**rule, "k_tolerance": 0.0, "k_se": 0.0})  # the best quality itself
        edge = [f for f in mine if f.k == tried[-1] and (f.diversity or 0) >= rule["diversity_floor"]]
        as_good = top.k == tried[-1] or (
            bool(edge) and quality(edge[0]) is not None and quality(top) is not None
            and quality(edge[0]) >= quality(top) - rule["k_tolerance"])
        if len(tried) > 1 and as_good and tried[-1] < ceiling:
            step = max(int(config.k_step), 1)
            more = sorted({min(tried[-1] + step * i, ceiling) for i in range(1, EXTEND_STEPS + 1)})
            todo += [(m, k) for k in more]
        elif config.refine and m not in refined:
            refined.add(m)
            todo += [(m, k) for k in _refinement(tried, best, limit)]
    return todo


def _note(f: Fitted, rows: list[Fitted], models: list[str], config: TopicConfig) -> str:
    """A progress line: the candidate just scored and the best of each model so far."""
    rule = _rule(config)
    fmt = lambda v: "–" if v is None else f"{v:.3f}"  # noqa: E731
    best = []
    for m in models:
        mine = [g for g in rows if g.model == m]
        if mine:
            b = choose(mine, **rule)
            best.append(f"{m} k={b.k} {fmt(b.c_npmi)}")
    return f"{f.model} k={f.k} c_npmi {fmt(f.c_npmi)}; best {', '.join(best)}"


def fit_candidates(counts: sparse.csr_matrix, texts: list[np.ndarray], terms: list[str], df: np.ndarray,
                   n_units: int, config: TopicConfig, *, pool=None, share=None, progress=None
                   ) -> tuple[list[Fitted], list[Fitted], TrainingSet]:
    """Search k, train and score the candidates on the sample's units (in the order given: the
    first ``select_max_units`` are the training set, all of them score c_npmi); return (every
    candidate row, the chosen model of each kind, the training set).

    ``counts`` is units × terms, ``texts`` each unit's term ids in text order (for coherence),
    ``df`` and ``n_units`` the vocabulary's unit frequencies and the units it was counted on.
    ``pool``, ``share`` and ``progress`` as in :func:`topic_tables`.
    """
    models = [m for m in config.models if m in MODELS]
    unknown = [m for m in config.models if m not in MODELS]
    if unknown:
        raise ValueError(f"unknown topic model(s) {unknown}; known: {', '.join(MODELS)}")
    if config.c_v not in C_V:
        raise ValueError(f"c_v must be one of {', '.join(C_V)}, not {config.c_v!r}")
    pool = pool if pool is not None else _InProcess()
    cap = int(config.select_max_units)
    n_train = counts.shape[0] if cap <= 0 else min(cap, counts.shape[0])
    # p(term) over the sample, add-one smoothed (a term may be missing from the training units), for relevance
    p_term = np.asarray(counts.sum(axis=0), dtype=np.float64).ravel() + 1.0
    p_term /= p_term.sum()
    training = TrainingSet(counts[:n_train], list(terms), np.asarray(df), int(n_units), p_term)
    t0 = time.perf_counter()
    handle = share(training.data()) if share is not None else _Held(training)
    log.info("topics: training set of %d units shared: %.2f s", n_train, time.perf_counter() - t0)
    limit = _k_limit(n_train, len(terms))
    rows: list[Fitted] = []
    todo = [(m, k) for m in models for k in _grid(config, n_train, len(terms))]
    total, refined = len(todo), set()

    def round_of(todo: list[tuple[str, int]]):
        # one task per k: its NMF is LDA's start, so the two models of a k train together
        ks = sorted({k for _, k in todo})
        return pool.map(train_candidates, [CandidateTask(handle, tuple(m for m in models if (m, k) in todo), k,
                                                         int(config.seed), config) for k in ks])

    # the first round starts on the workers (an executor submits its tasks when asked to map) while
    # this process counts the contexts for c_npmi: on every unit of the sample, more than the models
    # see (on a few thousand short units, specific term pairs never meet); counted once, each
    # candidate scored from them
    running = round_of(todo)
    t0 = time.perf_counter()
    index = {t: i for i, t in enumerate(terms)}
    cooc = Cooccurrence(texts, len(terms), window=int(config.coherence_window))
    log.info("topics: %d contexts of %d units for c_npmi: %.1f s", cooc.n_contexts, len(texts),
             time.perf_counter() - t0)
    while todo:
        for fs in running:  # in any order: rows are sorted below
            for f in fs:
                rows.append(score(f, cooc, index))
                if progress is not None:
                    progress(len(rows), total, _note(f, rows, models, config))
        rows.sort(key=lambda f: (models.index(f.model), f.k))
        todo = _next_ks(rows, models, config, limit, refined)
        total += len(todo)
        running = round_of(todo) if todo else None
    rule = _rule(config)
    chosen: list[Fitted] = [choose([f for f in rows if f.model == m], **rule) for m in models]
    # c_v (110-term windows, costly; reported, not used by the rule) on a part of the training units
    if config.c_v != "none":
        t0 = time.perf_counter()
        part = _sample(n_train, PART_UNITS)
        v_cooc = Cooccurrence([texts[i] for i in part], len(terms), window=C_V_WINDOW)
        c_v(rows if config.c_v == "all" else chosen, v_cooc, index)
        log.info("topics: c_v on %d units: %.2f s", len(part), time.perf_counter() - t0)
    for f in rows:
        f.chosen = any(f is c for c in chosen)
        f.components = f.components if f.chosen else None
    return rows, chosen, training


def topic_units(documents: pd.DataFrame, tokens: pd.DataFrame, *, config: TopicConfig = TopicConfig()) -> list[Unit]:
    """The units (paragraphs, chunks or documents) the models are trained on, with their
    terms; per document, so a run builds them per chunk of files and concatenates them."""
    return make_units(documents, tokens, unit=config.unit, chunk_chars=config.chunk_chars,
                      extra_stopwords=config.extra_stopwords, generic=config.generic_stopwords)


def topic_unit_table(documents: pd.DataFrame, tokens: pd.DataFrame, *, config: TopicConfig = TopicConfig()):
    """:func:`topic_units` as an Arrow table (:func:`pipeline.topic_corpus.unit_table`: doc_id, unit,
    terms) with each unit's content hash (``hash``, :func:`unit_hash` read as a big-endian
    uint64, so that its order is the digests' order): what the stage keeps per file, so that
    the parent draws the sample (:func:`sample_texts`) without a Python object per term."""
    return _hashed(unit_table(documents, tokens, unit=config.unit, chunk_chars=config.chunk_chars,
                              extra_stopwords=config.extra_stopwords, generic=config.generic_stopwords))


def unit_table_of(units: list[Unit]):
    """A list of :class:`Unit` (:func:`topic_units`, or units built elsewhere) as the unit table of
    :func:`topic_unit_table`: the one form the sample, the models' weights and the tables read.

    >>> unit_table_of([Unit("d", "0", ("产业", "园区")), Unit("d", "1", ())]).column("terms").to_pylist()
    [['产业', '园区'], []]
    """
    import pyarrow as pa

    schema = unit_schema()
    lengths = np.fromiter((len(u.terms) for u in units), dtype=np.int64, count=len(units))
    offsets = pa.array(np.r_[0, np.cumsum(lengths)].astype(np.int32), type=pa.int32())
    terms = pa.array([t for u in units for t in u.terms], type=pa.string()).dictionary_encode()
    return _hashed(pa.table([pa.array([u.doc_id for u in units], type=pa.string()),
                             pa.array([u.unit for u in units], type=pa.string()),
                             pa.ListArray.from_arrays(offsets, terms).cast(schema.field("terms").type)], schema=schema))


def _hashed(table):
    """A unit table with each unit's content hash (``hash``: :func:`unit_hash` read as a big-endian
    uint64, so that its order is the digests' order)."""
    import pyarrow as pa

    hashes = np.fromiter((int.from_bytes(_digest(t), "big") for t in joined_terms(table.column("terms"))),
                         dtype=np.uint64, count=table.num_rows)
    return table.append_column("hash", pa.array(hashes, type=pa.uint64()))


def joined_terms(terms) -> list[str]:
    """Each unit's terms joined by U+001F (what :func:`unit_hash` and :func:`sample_key` hash), from
    an Arrow list array of terms, by Arrow (no Python object per term)."""
    import pyarrow.compute as pc

    return pc.binary_join(_plain(terms), "\x1f").to_pylist()


def _plain(terms):
    """An Arrow list array of terms as one list<string> array (dictionaries decoded, chunks joined)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    chunks = terms.chunks if isinstance(terms, pa.ChunkedArray) else [terms]
    typ = pa.list_(pa.string())
    chunks = [c if c.type == typ else pc.cast(c, typ) for c in chunks]
    return pa.concat_arrays(chunks) if chunks else pa.array([], type=typ)


def empty_unit_table():
    """A :func:`topic_unit_table` without rows."""
    import pyarrow as pa

    return unit_schema().append(pa.field("hash", pa.uint64())).empty_table()


def encode_table(table) -> str:
    """An Arrow table as JSON-able text: base64 of its Arrow IPC stream, zstd-compressed (data,
    never code; a 20 MB corpus's units: ~4x smaller than the same units as JSON lists)."""
    import pyarrow as pa

    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema, options=pa.ipc.IpcWriteOptions(compression="zstd", use_threads=False)) as w:
        w.write_table(table)
    return base64.b64encode(sink.getvalue().to_pybytes()).decode("ascii")


def decode_table(text: str):
    """The table of :func:`encode_table`."""
    import pyarrow as pa

    return pa.ipc.open_stream(pa.py_buffer(base64.b64decode(text))).read_all()


# --- the sample, the fitted models, every unit's weights ---------------------------------------

def unit_hash(terms: tuple[str, ...]) -> bytes:
    """A unit's content hash (its terms only: not its document nor its place in it)."""
    return _digest("\x1f".join(terms))


def _digest(joined: str) -> bytes:
    return hashlib.blake2b(joined.encode("utf-8"), digest_size=8).digest()


def sample_texts(units, config: TopicConfig = TopicConfig()):
    """The term sequences the k search sees: a bottom-k sketch of the units by content hash, as an
    Arrow list array of the sampled units' terms.

    Units of at least ``min_unit_terms`` terms, ordered by their content hash (the ``hash`` column
    of a unit table, :func:`unit_hash`; ties, which only identical or colliding units make, by
    terms), the first ``max(select_max_units, score_max_units)`` of them (all when either is 0): a
    uniform random sample that is a function of the units' contents, not of their order, their
    documents or the other units. Adding, removing or editing a unit changes it only when that
    unit's hash is among the smallest (always when the corpus has fewer eligible units than the
    cap), so the models fitted on it (:func:`fit_models`, cached by the stage under
    :func:`sample_key`) survive most changes of a large corpus. The first ``select_max_units``
    of the sample (after the vocabulary filter) train the models; all of it scores them.
    ``units``: a unit table (:func:`topic_unit_table`, :func:`unit_table_of`).

    >>> us = [Unit("a", "0", ("产业", "园区")), Unit("b", "0", ("旅游",)), Unit("c", "0", ("园区", "产业"))]
    >>> sample = sample_texts(unit_table_of(us), TopicConfig(min_unit_terms=2))
    >>> sorted(map(tuple, sample.to_pylist())) == [("产业", "园区"), ("园区", "产业")]
    True
    >>> sample_texts(unit_table_of(us[::-1]), TopicConfig(min_unit_terms=2)).equals(sample)
    True
    """
    import pyarrow.compute as pc

    least = int(config.min_unit_terms)
    caps = (int(config.select_max_units), int(config.score_max_units))
    terms = _plain(units.column("terms"))
    n = pc.list_value_length(terms).to_numpy(zero_copy_only=False)
    ok = np.flatnonzero(n >= least)
    h = units.column("hash").to_numpy()[ok]
    by_hash = np.argsort(h, kind="stable")
    order, h = ok[by_hash], h[by_hash]
    cap = len(order) if min(caps) <= 0 else min(max(caps), len(order))
    tie = np.r_[h[1:] == h[:-1], False] | np.r_[False, h[1:] == h[:-1]]  # in a run of equal hashes
    if len(h) > 1 and tie.any():  # runs of equal hashes (identical units, mostly) sorted by terms, as sorted((hash, terms))
        at = np.flatnonzero(tie)
        keys = [tuple(t) for t in terms.take(order[at]).to_pylist()]  # one take for every run
        order = order.copy()
        starts = np.flatnonzero(np.r_[True, h[at][1:] != h[at][:-1]])
        for lo, hi in zip(starts.tolist(), np.r_[starts[1:], len(at)].tolist()):
            run = order[at[lo:hi]]
            order[at[lo:hi]] = run[sorted(range(hi - lo), key=keys[lo:hi].__getitem__)]
    return terms.take(order[:cap])


def sample_key(texts) -> str:
    """The hash of a sample's content (:func:`sample_texts`), in its order."""
    h = hashlib.sha256()
    for t in joined_terms(texts):
        h.update(t.encode("utf-8"))
        h.update(b"\x1e")
    return h.hexdigest()[:32]


def encode_array(a: np.ndarray) -> list:
    """A float array as JSON: [shape, base64 of its little-endian float64 bytes] (exact)."""
    a = np.ascontiguousarray(a, dtype="<f8")
    return [list(a.shape), base64.b64encode(a.tobytes()).decode("ascii")]


def decode_array(v: list) -> np.ndarray:
    """The array of :func:`encode_array`."""
    return np.frombuffer(base64.b64decode(v[1]), dtype="<f8").reshape(v[0]).copy()


@dataclass
class Models:
    """What the k search of :func:`fit_models` found: every candidate's row of ``topic_models``,
    the chosen models (with their topics and components) and what weighting a unit needs: the
    vocabulary, the training TF-IDF's idf and NMF's projection start. :meth:`data` is plain
    JSON (arrays as base64 of little-endian float64, exact), so the stage keeps it between runs
    and shares it with its workers."""

    terms: list[str]
    rows: list[Fitted]
    idf: np.ndarray
    nmf_fill: float  # NMF projection's start: the training TF-IDF's mean value
    min_unit_terms: int

    @property
    def chosen(self) -> list[Fitted]:
        return [f for f in self.rows if f.chosen]

    @cached_property
    def vocabulary(self):
        """:attr:`terms` as an Arrow string array, built once: what :func:`term_ids` looks terms up in."""
        import pyarrow as pa

        return pa.array(list(self.terms), type=pa.string())

    def data(self) -> dict:
        rows = [[f.model, f.k, f.n_units, f.perplexity, f.c_v, f.c_npmi, f.diversity, f.chosen,
                 [[[t, w] for t, w in top] for top in f.topics] if f.chosen else None,
                 encode_array(f.components) if f.chosen else None] for f in self.rows]
        return {"terms": list(self.terms), "rows": rows, "idf": encode_array(self.idf), "nmf_fill": float(self.nmf_fill),
                "min_unit_terms": int(self.min_unit_terms)}

    @classmethod
    def from_data(cls, d: dict) -> "Models":
        rows = []
        for model, k, n, perplexity, cv, npmi, div, chosen, tops, comps in d["rows"]:
            f = Fitted(model, int(k), int(n), [[(t, w) for t, w in top] for top in tops] if tops else [], 0.0,
                       perplexity=perplexity, c_v=cv, c_npmi=npmi, diversity=div, chosen=bool(chosen))
            f.components = decode_array(comps) if comps is not None else None
            rows.append(f)
        return cls(list(d["terms"]), rows, decode_array(d["idf"]), float(d["nmf_fill"]), int(d["min_unit_terms"]))


def fit_models(texts, config: TopicConfig = TopicConfig(), *, pool=None, share=None,
               progress=None) -> Models | None:
    """The k search on a sample's term sequences (:func:`sample_texts`, an Arrow list array of
    terms): vocabulary, candidates, scores, the chosen model of each kind. A function of ``texts`` and ``config`` only (``None``:
    too little text for a model). ``pool``, ``share``, ``progress`` as in :func:`topic_tables`.

    The vocabulary follows gensim's ``filter_extremes`` on the sample, ``no_below`` at least one
    per ``no_below_per_units`` sampled units; sampled units left with fewer than
    ``min_unit_terms`` vocabulary terms are not modelled.
    """
    t0 = time.perf_counter()
    no_below = max(int(config.no_below), len(texts) // max(int(config.no_below_per_units), 1))
    counts, terms, df = count_matrix(texts, no_below=no_below, no_above=float(config.no_above))
    keep = np.flatnonzero(np.asarray(counts.sum(axis=1)).ravel() >= int(config.min_unit_terms))
    if not len(keep) or len(terms) < 2:
        return None
    counts = counts[keep]
    ids = term_ids(texts.take(keep), terms)  # each kept unit's vocabulary terms, in text order
    log.info("topics: sample of %d units x %d terms: %.2f s", counts.shape[0], len(terms), time.perf_counter() - t0)
    # one BLAS thread (see train_candidates): c_v, the TF-IDF
    with threadpool_limits(limits=1):
        rows, _, training = fit_candidates(counts, ids, terms, df, len(texts), config,
                                           pool=pool, share=share, progress=progress)
        tfidf = training.tfidf
        fill = float(tfidf.sum()) / max(tfidf.shape[0] * tfidf.shape[1], 1)
    return Models(list(terms), rows, np.ascontiguousarray(training.tfidf_model.idf_, dtype=np.float64), fill,
                  int(config.min_unit_terms))


def unit_weights(models: Models, terms) -> tuple[list[int], dict[str, np.ndarray]]:
    """Every unit's topic shares under each chosen model: (the positions in ``terms`` of the units
    modelled — at least ``min_unit_terms`` vocabulary terms —, {model: their units × k weights}).
    ``terms``: the units' terms as an Arrow list array (a unit table's ``terms`` column).

    LDA: ``WEIGHT_ITER`` E-step updates of the unit's topic Dirichlet from a flat start, for the
    fixed topics; NMF: the unit's W for the fixed H (:func:`_nmf_project` on the unit's TF-IDF
    with the training idf). Each unit's weights depend only on its terms and the models: the
    same whether a file's units are weighted alone (the run) or with the whole corpus.
    """
    keep, out, _ = weigh(models, terms)
    return keep, out


def weigh(models: Models, terms) -> tuple[list[int], dict[str, np.ndarray], np.ndarray]:
    """:func:`unit_weights` and the number of vocabulary terms of each modelled unit (what a
    document's topic shares weight its units by)."""
    ids, lengths = term_id_array(terms, models.vocabulary) if len(terms) else (np.zeros(0, np.int64),) * 2
    unit = np.repeat(np.arange(len(lengths)), lengths)
    found = ids >= 0
    ids, unit = ids[found], unit[found]
    lengths = np.bincount(unit, minlength=len(lengths)).astype(np.int64)  # vocabulary terms per unit
    keep = np.flatnonzero(lengths >= int(models.min_unit_terms))
    out: dict[str, np.ndarray] = {}
    if not len(keep):
        return [], {f.model: np.zeros((0, f.k)) for f in models.chosen}, np.zeros(0)
    modelled = np.zeros(len(lengths), dtype=bool)
    modelled[keep] = True
    rank = np.cumsum(modelled) - 1  # a modelled unit's row
    sel = modelled[unit]
    counts = sparse.csr_matrix((np.ones(int(sel.sum()), dtype=np.float64), (rank[unit[sel]], ids[sel])),
                               shape=(len(keep), len(models.terms)))
    counts.sum_duplicates()
    with threadpool_limits(limits=1):
        for f in models.chosen:
            if f.model == "lda":
                lda = VariationalLDA(f.k)
                lda.components_ = f.components
                out[f.model] = lda.transform(counts, WEIGHT_ITER)
            else:
                tfidf = Tfidf()
                tfidf.idf_ = models.idf
                out[f.model] = _nmf_weights(_nmf_project(tfidf.transform(counts), f.components, models.nmf_fill))
    return keep.tolist(), out, lengths[keep].astype(np.float64)


def topic_tables_of(models: Models | None, units, keep: list[int], weights: dict[str, np.ndarray],
                    documents: pd.DataFrame, config: TopicConfig = TopicConfig(), *,
                    lengths: np.ndarray | None = None) -> dict:
    """The four topic tables from the fitted models and the modelled units' weights
    (:func:`unit_weights`, concatenated in ``units`` order). ``units``: a unit table
    (:func:`topic_unit_table`); ``lengths``: the modelled units' vocabulary terms
    (:func:`weigh`), counted here when not given."""
    names = ("topic_models", "topic_terms", "doc_topics", "topic_trends")
    if models is None:
        return {name: schemas.empty(name) for name in names}
    n_terms = len(models.terms)
    table = _typed("topic_models", [
        (f.model, f.k, config.unit, f.c_v, f.c_npmi, f.perplexity, f.diversity, int(config.seed),
         f.n_units, n_terms, f.chosen) for f in models.rows])
    keep = np.asarray(keep, dtype=np.int64)
    kept_doc = np.array(units.column("doc_id").take(keep).to_pylist(), dtype=object)
    kept_unit = np.array(units.column("unit").take(keep).to_pylist(), dtype=object)
    kept_terms = units.column("terms").take(keep)
    if lengths is None:
        lengths = np.fromiter(map(len, term_ids(kept_terms, models.vocabulary)), dtype=np.float64,
                              count=len(keep)) if len(keep) else np.zeros(0)
    lengths = np.asarray(lengths, dtype=np.float64)
    terms, doc_topics, trends = [], [], []
    for f in models.chosen:
        for topic, top in enumerate(f.topics):
            label = _label(top)
            terms += [(f.model, f.k, topic, label, rank + 1, term, weight) for rank, (term, weight) in enumerate(top)]
        w = weights[f.model]
        unit_doc = np.repeat(kept_doc, f.k)
        unit_id = np.repeat(kept_unit, f.k)
        doc_topics.append(pd.DataFrame({"doc_id": unit_doc, "unit": unit_id, "model": f.model,
                                        "topic": np.tile(np.arange(f.k, dtype=np.int32), len(keep)),
                                        "weight": w.ravel()}))
        trends.append(_trends(f, w, kept_doc, lengths, documents))
    doc_topics_df = pd.concat(doc_topics, ignore_index=True) if doc_topics else schemas.empty("doc_topics")
    trends_df = pd.concat(trends, ignore_index=True) if trends else schemas.empty("topic_trends")
    return {"topic_models": table, "topic_terms": _typed("topic_terms", terms),
            "doc_topics": _frame("doc_topics", doc_topics_df), "topic_trends": _frame("topic_trends", trends_df)}


def topic_tables(documents: pd.DataFrame, tokens: pd.DataFrame | None, *, config: TopicConfig = TopicConfig(),
                 units=None, pool=None, share=None, progress=None) -> dict:
    """Train the candidate topic models and return the four topic tables by name.

    The same as the run's stage: the units as one unit table (:func:`topic_unit_table`) →
    :func:`sample_texts` → :func:`fit_models` → :func:`unit_weights` of every unit →
    :func:`topic_tables_of`.

    ``units``: the corpus's units, built elsewhere: a list of :class:`Unit` (:func:`topic_units`),
    turned into a unit table here, or a unit table (then ``tokens`` is not read and ``documents``
    needs only ``doc_id``, ``date`` and ``issuer``).

    Where the candidates are trained (the tables are the same whatever is given):

    - ``pool``: an executor (``pool.map(fn, tasks)`` yields results in any order), e.g. the
      run's process pool or Dask cluster; one task per k (:func:`train_candidates` of
      a :class:`CandidateTask`). Default: this process.
    - ``share``: ``share(data) -> handle`` with ``handle.get()`` returning ``data`` (JSON-able)
      in a worker: the training set goes to the workers once, not in every task. Default:
      tasks hold the training set itself (fine in this process).
    - ``progress``: ``progress(done, total, note)`` after each candidate is scored (``total``
      grows when the k search extends), ``note`` its c_npmi and the best so far.

    >>> tables = topic_tables(pd.DataFrame(columns=["doc_id", "text", "date", "issuer"]),
    ...                       pd.DataFrame(columns=["doc_id", "position", "start", "token",
    ...                                             "is_slogan", "is_stopword"]))
    >>> sorted(tables), len(tables["topic_models"])
    (['doc_topics', 'topic_models', 'topic_terms', 'topic_trends'], 0)
    """
    if units is None:
        units = topic_unit_table(documents, tokens, config=config)
    elif isinstance(units, list):  # the one place a list of units becomes the unit table every step reads
        units = unit_table_of(units)
    models = fit_models(sample_texts(units, config), config, pool=pool, share=share, progress=progress)
    if models is None:
        return topic_tables_of(None, units, [], {}, documents, config)
    t0 = time.perf_counter()
    keep, weights, lengths = weigh(models, units.column("terms"))
    log.info("topics: weights of %d units: %.2f s", len(keep), time.perf_counter() - t0)
    return topic_tables_of(models, units, keep, weights, documents, config, lengths=lengths)
