"""Coherence and diversity of a model's top terms: :class:`Cooccurrence` (term contexts counted once
over the scoring units; NPMI of any term pairs from its Gram matrix), ``c_npmi`` and diversity
(:func:`score`), ``c_v`` (:func:`c_v`). What the k search (:mod:`pipeline.topic_search`) ranks
its candidates by.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import sparse

from pipeline.topic_models import Fitted


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

    Only the columns of the terms asked about are built (the candidates' top terms: a few hundred
    of a vocabulary of thousands), each from its occurrences, which are runs of consecutive
    contexts, merged where they overlap: no entry per occurrence and window, no sort of the
    whole matrix (20 MB's sample of 20,000 units: 1.6 -> 0.75 s for c_npmi's and c_v's counts).

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
        self.n_terms = int(n_terms)
        # the contexts of each occurrence are one run, [lo, hi] (the windows pos − window + 1 … pos
        # that exist; a unit of at most `window` terms, or any unit when window ≤ 0, is one context)
        if window <= 0:
            lo = first[unit]
            hi = lo
        else:
            pos = np.arange(len(ids), dtype=np.int64) - np.repeat(np.r_[0, np.cumsum(lengths)[:-1]], lengths)
            lo = first[unit] + np.maximum(pos - window + 1, 0)
            hi = first[unit] + np.minimum(pos, n_ctx[unit] - 1)
        # occurrences by term (stable: in text order within a term, so each term's runs start and
        # end in increasing order): a term's column of the context × term matrix is built only
        # when it is first asked about, from its runs (see :meth:`contexts`)
        by_term = np.argsort(ids, kind="stable")
        self._lo, self._hi = lo[by_term], hi[by_term]
        self._starts = np.r_[0, np.cumsum(np.bincount(ids, minlength=self.n_terms))]

    def contexts(self, term: int) -> np.ndarray:
        """The contexts holding ``term``, in increasing order: the union of its occurrences' runs
        (each run is cut where the previous one ended; runs start and end in increasing order)."""
        a, b = self._starts[term], self._starts[term + 1]
        lo, hi = self._lo[a:b], self._hi[a:b]
        if len(lo) > 1:
            lo = np.maximum(lo, np.r_[lo[0], np.maximum.accumulate(hi)[:-1] + 1])
        n = np.maximum(hi - lo + 1, 0)
        return np.repeat(lo - np.r_[0, np.cumsum(n)[:-1]], n) + np.arange(int(n.sum()), dtype=np.int64)

    def columns(self, ids: list[int]) -> sparse.csc_matrix:
        """The boolean context × term matrix restricted to the terms ``ids`` (columns in that order)."""
        ids = [int(i) for i in ids]
        return self._of({i: self.contexts(i) for i in ids}, ids)

    @property
    def matrix(self) -> sparse.csc_matrix:
        """The boolean context × term matrix: which contexts hold which term (every term)."""
        return self.columns(range(self.n_terms))

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
            cols = self.__dict__.setdefault("_cols", {})  # each asked term's column, built once
            cols.update((t, self.contexts(t)) for t in new)
            block = (self._of(cols, new).T @ self._of(cols, every)).toarray().astype(np.int64)  # new × every
            g = np.empty((len(every), len(every)), dtype=np.int64)
            g[:n0, :n0] = self.__dict__.get("_gram", np.zeros((0, 0), dtype=np.int64))
            g[n0:] = block
            g[:n0, n0:] = block[:, :n0].T
            self._gram = g
            pos.update((t, n0 + j) for j, t in enumerate(new))
        idx = np.fromiter((pos[i] for i in ids), dtype=np.int64, count=len(ids))
        return self._gram[np.ix_(idx, idx)]

    def _of(self, cols: dict, ids: list[int]) -> sparse.csc_matrix:
        parts = [cols[i] for i in ids]
        indptr = np.r_[0, np.cumsum([len(c) for c in parts])].astype(np.int64)
        rows = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
        return sparse.csc_matrix((np.ones(len(rows), dtype=np.int32), rows, indptr), shape=(self.n_contexts, len(ids)))

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
