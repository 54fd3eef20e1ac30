"""The topic models themselves: LDA by batch variational Bayes (:class:`VariationalLDA`), NMF on
TF-IDF (:class:`Tfidf`, started by :func:`nndsvda`; :func:`nmf_project` weights a unit under fixed
topics) and :class:`Fitted`, what a trained candidate is described by (its top terms, ranked for
LDA by :func:`relevance`). The k search (:mod:`pipeline.topic_search`) trains them; the recipe is
in :mod:`pipeline.topics`.
"""

from __future__ import annotations

import math
import time
import warnings
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from pipeline.config import TopicConfig

ESTEP_BLOCK = 2048  # LDA: units per block of the E-step


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


def _top_terms(matrix: np.ndarray, terms: list[str], top_n: int,
               rank_by: np.ndarray | None = None) -> list[list[tuple[str, float]]]:
    """Top terms of each row of a topics × vocabulary matrix, with their share of the row.

    Terms are ranked by ``rank_by`` (same shape; default the matrix itself), ties by term id.
    """
    out = []
    for t, row in enumerate(matrix):
        total = row.sum()
        key = row if rank_by is None else rank_by[t]
        order = _best(key, top_n)
        out.append([(terms[int(i)], float(row[i] / total) if total > 0 else 0.0)
                     for i in order if row[i] > 0])
    return out


def _best(key: np.ndarray, n: int) -> np.ndarray:
    """The indices of the ``n`` largest values of ``key``, largest first, ties by index: the first
    ``n`` of ``np.lexsort((indices, -key))``, sorting only the values that can be among them.

    >>> _best(np.array([1.0, 3.0, 2.0, 3.0, np.nan, 0.5]), 3).tolist()
    [1, 3, 2]
    """
    if n <= 0 or len(key) <= n or np.isnan(key).any():  # NaN: lexsort's own order
        return np.lexsort((np.arange(len(key)), -key))[:max(n, 0)]
    neg = -key
    cut = np.partition(neg, n - 1)[n - 1]  # the n-th smallest of -key
    near = np.flatnonzero(neg <= cut)  # every value that can be among the n (all ties at the cut)
    return near[np.lexsort((near, neg[near]))][:n]


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


def fit_lda(counts: sparse.csr_matrix, terms: list[str], k: int, config: TopicConfig, p_term: np.ndarray,
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


def lda_perplexity(f: Fitted, counts: sparse.csr_matrix, rows: np.ndarray) -> float:
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


def fit_nmf(tfidf: sparse.csr_matrix, terms: list[str], k: int, config: TopicConfig, seed: int,
             svd: tuple | None = None, *, max_iter: int | None = None, snapshot: int | None = None) -> Fitted:
    """NMF of k topics on ``tfidf`` (scikit-learn's ``NMF``, solver ``nmf_solver``), started by
    NNDSVDa from ``svd`` (U, S, Vᵀ of rank ≥ k; default an SVD of rank k), at most ``max_iter``
    (default ``nmf_max_iter``) iterations.

    With the coordinate descent solver, ``snapshot``: ``fitted.early`` holds the topics after that
    many iterations (or at the end, if it stopped before), which are the topics of the same fit
    with ``max_iter = snapshot``: the LDA of a k starts from them, without a second fit."""
    t0 = time.perf_counter()
    u, s, vt = svd if svd is not None else randomized_svd(tfidf, k, seed=int(seed))
    w0, h0 = nndsvda(u, s, vt, k, float(tfidf.sum()) / max(tfidf.shape[0] * tfidf.shape[1], 1))
    max_iter = int(config.nmf_max_iter) if max_iter is None else int(max_iter)
    if str(config.nmf_solver) == "cd" and _cd_update() is not None:
        nmf = coordinate_descent_nmf(tfidf, w0, h0, tol=float(config.nmf_tol), max_iter=max_iter, snapshot=snapshot)
        weights = nmf_weights(nmf.w)
    else:
        from sklearn.decomposition import NMF
        from sklearn.exceptions import ConvergenceWarning

        nmf = NMF(n_components=k, init="custom", solver=str(config.nmf_solver), tol=float(config.nmf_tol),
                  random_state=int(seed), max_iter=max_iter)
        with warnings.catch_warnings():  # max_iter reached: the cap is the configured cost, not an error
            warnings.simplefilter("ignore", ConvergenceWarning)
            weights = nmf_weights(nmf.fit_transform(tfidf, W=w0, H=h0))
    seconds = time.perf_counter() - t0
    return Fitted("nmf", k, tfidf.shape[0], _top_terms(nmf.components_, terms, int(config.top_n)),
                  seconds, weights=weights, fitted=nmf)


@dataclass
class CoordinateDescentNMF:
    """What :func:`coordinate_descent_nmf` found: W, the topics H (``components_``, laid out as
    scikit-learn's ``NMF.components_``), the iterations run and the snapshot of H (``early``)."""

    w: np.ndarray
    components_: np.ndarray
    n_iter_: int
    early: np.ndarray | None = None


def _cd_update():
    """scikit-learn's private coordinate descent update (``sklearn.decomposition._nmf``), or None
    when the installed scikit-learn no longer has it in the form this loop calls (7 arguments): a
    private name may change in any release, and then :func:`fit_nmf` uses the public ``NMF`` and the
    LDA's start is a second, shorter fit (the same topics, one fit more)."""
    import inspect

    try:
        from sklearn.decomposition._nmf import _update_coordinate_descent
        if len(inspect.signature(_update_coordinate_descent).parameters) != 7:
            return None
    except (ImportError, TypeError, ValueError):
        return None
    return _update_coordinate_descent


def coordinate_descent_nmf(x: sparse.csr_matrix, w: np.ndarray, h: np.ndarray, *, tol: float, max_iter: int,
                           snapshot: int | None = None) -> CoordinateDescentNMF:
    """scikit-learn's ``NMF(solver="cd", init="custom")`` without regularisation or shuffling,
    started from (``w``, ``h``; ``w`` is updated in place): the same loop over scikit-learn's own
    update (each W and H pass, stopping when the pass's violation falls to ``tol`` of the first
    one's), bit for bit the same W, H and iterations (tested), without the reconstruction error
    ``fit_transform`` adds, and with H after ``snapshot`` iterations kept on the way."""
    _update_coordinate_descent = _cd_update()
    w = np.ascontiguousarray(w)
    ht = np.ascontiguousarray(h.T)
    xt = x.T
    early, first, n_iter = None, 0.0, 0
    for n_iter in range(1, int(max_iter) + 1):
        violation = _update_coordinate_descent(x, w, ht, 0.0, 0.0, False, None)
        violation += _update_coordinate_descent(xt, ht, w, 0.0, 0.0, False, None)
        if n_iter == snapshot:
            early = ht.copy().T  # the layout the whole fit gives its components
        if n_iter == 1:
            first = violation
        if first == 0 or violation / first <= tol:
            break
    if snapshot is not None and early is None:  # stopped before the snapshot: its topics are the last
        early = ht.copy().T
    return CoordinateDescentNMF(w, ht.T, n_iter, early)


def randomized_svd(m: sparse.csr_matrix, rank: int, *, n_iter: int | str = "auto", seed: int = 0):
    """scikit-learn's ``randomized_svd`` (U, S, Vᵀ) of ``m`` with ``seed`` as its random state."""
    from sklearn.utils.extmath import randomized_svd

    return randomized_svd(m, rank, n_iter=n_iter, random_state=int(seed))


def nmf_project(tfidf: sparse.csr_matrix, h: np.ndarray, fill: float, iterations: int = 30) -> np.ndarray:
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


def nmf_weights(w: np.ndarray) -> np.ndarray:
    """Rows of NMF's W scaled to sum to 1 (all-zero rows stay 0)."""
    total = w.sum(axis=1, keepdims=True)
    return np.divide(w, total, out=np.zeros_like(w), where=total > 0)
