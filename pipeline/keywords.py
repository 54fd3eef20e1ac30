"""Keywords per document (table ``keywords``): TF-IDF over the corpus and TextRank.

Both methods read our ``tokens`` (never jieba's global tokenizer): slogans count as one
term, stopwords, single characters and numbers are not terms (see
:mod:`pipeline.topic_corpus`).

- ``tfidf``: term count × smoothed inverse document frequency over the documents of the
  run, ``ln((1 + N) / (1 + df)) + 1``, each document's vector scaled to unit length. With
  one document it is plain frequency.
- ``textrank``: PageRank (damping 0.85) on the graph of terms that co-occur within
  ``textrank_window`` terms of one sentence, edges weighted by co-occurrence counts;
  scores scaled so the best term of a document has 1.

Ties are broken by the term itself, so the table is identical on every run.

>>> import pandas as pd
>>> toks = pd.DataFrame({"doc_id": ["d"] * 4, "sentence": [0] * 4, "position": range(4),
...     "token": ["三抓三促", "的", "乡村振兴", "三抓三促"], "start": [0, 4, 5, 9],
...     "is_slogan": [True, False, False, True], "is_stopword": [False, True, False, False]})
>>> keywords(toks).query("method == 'tfidf'")["term"].tolist()
['三抓三促', '乡村振兴']
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import sparse

from pipeline import schemas
from pipeline.config import TopicConfig
from pipeline.topic_corpus import term_mask

DAMPING = 0.85  # TextRank/PageRank damping factor (Mihalcea & Tarau 2004)
MAX_ITER = 200  # power iterations at most
TOL = 1e-10  # stop when the L1 change of the scores is below this


def _terms(tokens: pd.DataFrame, config: TopicConfig) -> pd.DataFrame:
    """Term rows (doc_id, sentence, token) in document order."""
    mask = term_mask(tokens, config.extra_stopwords, generic=config.generic_stopwords)
    cols = ["doc_id", "sentence", "position", "token"]
    return tokens.loc[mask, cols].sort_values(["doc_id", "position"], kind="stable")


def _top(doc_id: str, method: str, terms: np.ndarray, scores: np.ndarray, n: int) -> list[tuple]:
    order = np.lexsort((terms, -scores))[:n]  # best score first, ties by term
    return [(doc_id, method, r + 1, str(terms[i]), float(scores[i])) for r, i in enumerate(order)]


def _sorted_codes(terms: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(terms, return_inverse=True)`` of strings (the distinct terms sorted, each term's
    index among them) by a hash table and a sort of the distinct terms only: sorting every term
    as a Python object cost a quarter of TextRank."""
    codes, uniques = pd.factorize(np.asarray(terms, dtype=object), sort=False)
    order = sorted(range(len(uniques)), key=uniques.__getitem__)
    rank = np.empty(len(uniques), dtype=np.int64)
    rank[order] = np.arange(len(uniques), dtype=np.int64)
    return np.asarray(uniques, dtype=object)[order], rank[codes]


def textrank(terms: list[str], sentences: list[int], *, window: int = 5) -> dict[str, float]:
    """TextRank scores of the terms of one document (best = 1.0).

    ``terms`` in text order, ``sentences`` the sentence index of each; two terms are
    linked when they are fewer than ``window`` terms apart within one sentence.

    >>> s = textrank(["产业", "链条", "产业", "集群", "人才"], [0, 0, 0, 0, 1], window=2)
    >>> max(s, key=s.get), s["产业"]
    ('产业', 1.0)
    """
    vocab, ids = _sorted_codes(terms)
    n = len(vocab)
    if n == 0:
        return {}
    sent = np.asarray(sentences)
    rows, cols = [], []
    for off in range(1, max(int(window), 2)):
        same = (sent[:-off] == sent[off:]) & (ids[:-off] != ids[off:])
        rows.append(ids[:-off][same])
        cols.append(ids[off:][same])
    r = np.concatenate(rows) if rows else np.array([], dtype=np.int64)
    c = np.concatenate(cols) if cols else np.array([], dtype=np.int64)
    w = sparse.coo_matrix((np.ones(len(r)), (r, c)), shape=(n, n)).tocsr()
    w = (w + w.T).tocsr()  # undirected, weight = co-occurrence count
    out_weight = np.asarray(w.sum(axis=1)).ravel()
    dangling = out_weight == 0
    inv = np.where(dangling, 0.0, 1.0 / np.where(dangling, 1.0, out_weight))
    transition = sparse.diags(inv) @ w  # row-stochastic for linked terms
    inbound = transition.T  # transposed once, not once per iteration (the same matrix product)
    score = np.full(n, 1.0 / n)
    for _ in range(MAX_ITER):
        new = (1 - DAMPING) / n + DAMPING * (inbound @ score + score[dangling].sum() / n)
        done = np.abs(new - score).sum() < TOL
        score = new
        if done:
            break
    score = score / score.max()
    return dict(zip(vocab.tolist(), score.tolist()))


# the token columns the stage reads
COLUMNS = ["doc_id", "sentence", "position", "token", "is_slogan", "is_stopword"]


def document_frequencies(tokens: pd.DataFrame, *, config: TopicConfig = TopicConfig()) -> tuple[int, dict[str, int]]:
    """``(documents with a term, {term: documents holding it})`` of some documents: summed
    over parts of the corpus, the IDF of :func:`keywords` (a run computes it per chunk of
    files, so no process reads every token)."""
    terms = _terms(tokens, config)
    pairs = terms[["doc_id", "token"]].drop_duplicates()
    return int(pairs["doc_id"].nunique()), {str(k): int(v) for k, v in pairs["token"].value_counts().items()}


def term_counts(tokens: pd.DataFrame, *, config: TopicConfig = TopicConfig()) -> tuple[pd.DataFrame, list[tuple]]:
    """What :func:`keywords` needs of some documents' tokens: each document's term counts
    (``doc_id``, ``token``, ``tf``) and its TextRank rows (which the corpus does not change).
    A run keeps them per file and computes :func:`keywords_from` with the corpus's IDF."""
    return _counts(_terms(tokens, config), config)


def term_counts_of(terms: pd.DataFrame, *, config: TopicConfig = TopicConfig()) -> tuple[pd.DataFrame, list[tuple]]:
    """:func:`term_counts` from the documents' term rows (``doc_id``, ``sentence``, ``term``; each
    document's rows in text order, documents in any order: :func:`pipeline.topic_corpus.term_rows`,
    what a run keeps per file)."""
    return _counts(terms[["doc_id", "sentence", "term"]].rename(columns={"term": "token"}), config)


def _counts(terms: pd.DataFrame, config: TopicConfig) -> tuple[pd.DataFrame, list[tuple]]:
    """:func:`term_counts` of term rows (``doc_id``, ``sentence``, ``token``; each document's rows in text order)."""
    if not len(terms):
        return pd.DataFrame({"doc_id": [], "token": [], "tf": []}).astype({"tf": "int64"}), []
    n_top = int(config.keywords_top_n)
    counts = terms.groupby(["doc_id", "token"], sort=True).size().rename("tf").reset_index()
    for col, dtype in (("doc_id", object), ("token", object), ("tf", "int64")):  # DataFrame.astype(dict) copies every column
        counts[col] = counts[col].astype(dtype)
    rows: list[tuple] = []
    for doc_id, grp in terms.groupby("doc_id", sort=False):
        tr = textrank(grp["token"].astype(str).tolist(), grp["sentence"].tolist(), window=config.textrank_window)
        rows += _top(str(doc_id), "textrank", np.array(list(tr), dtype=object), np.array(list(tr.values())), n_top)
    return counts, rows


def frequencies_of(counts: pd.DataFrame) -> tuple[int, dict[str, int]]:
    """:func:`document_frequencies` from :func:`term_counts` (one row per document and term: a
    term's rows are its documents), counted on the integer codes of the column as it is (an object
    column: ``astype(str).value_counts()`` made every row a string again, ~70 % of the cost; the
    column as a numpy object array costs 4x main's on pandas' string columns)."""
    codes, distinct = pd.factorize(counts["token"], sort=False)
    # a missing token (NaN, None: e.g. "NA" in a table read back from CSV) has the code -1 and is no
    # term, as value_counts dropped it
    n = np.bincount(codes[codes >= 0], minlength=len(distinct)).tolist()
    names = distinct.tolist()
    if pd.api.types.infer_dtype(names, skipna=False) == "string":
        return int(counts["doc_id"].nunique()), dict(zip(names, n))
    freq: dict[str, int] = {}  # other values as their strings: 1 and "1" one term, their counts summed
    for name, c in zip(map(str, names), n):
        freq[name] = freq.get(name, 0) + c
    return int(counts["doc_id"].nunique()), freq


def keywords(tokens: pd.DataFrame, *, config: TopicConfig = TopicConfig(),
             frequencies: tuple[int, dict[str, int]] | None = None) -> pd.DataFrame:
    """Top ``config.keywords_top_n`` terms per document by TF-IDF and by TextRank.

    One row per document × method × rank, in ``doc_id`` order; see the module docstring for
    the scores. ``frequencies``: the corpus's :func:`document_frequencies` when ``tokens``
    is only part of it (default: those of ``tokens``).
    """
    counts, textranks = term_counts(tokens, config=config)
    return keywords_from(counts, textranks, config=config, frequencies=frequencies)


def _norms(doc_ids: pd.Series, scores: np.ndarray) -> np.ndarray:
    """Each row's document's Euclidean norm of ``scores``, the sum of squares exact (``math.fsum``):
    the same float whatever order and company the document's rows come in (a run's chunks of
    files differ with the number of workers)."""
    codes, uniques = pd.factorize(doc_ids, sort=False)
    order = np.argsort(codes, kind="stable")
    cut = np.searchsorted(codes[order], np.arange(len(uniques) + 1))
    sq = scores[order] ** 2
    sums = np.array([math.fsum(sq[a:b]) for a, b in zip(cut[:-1], cut[1:])], dtype=np.float64)
    return np.sqrt(sums)[codes]


def keywords_from(counts: pd.DataFrame, textranks: list[tuple], *, config: TopicConfig = TopicConfig(),
                  frequencies: tuple[int, dict[str, int]] | None = None) -> pd.DataFrame:
    """:func:`keywords` from the :func:`term_counts` of some documents, in ``doc_id`` order."""
    if not len(counts):
        return schemas.empty("keywords")
    n_top = int(config.keywords_top_n)
    n_docs, df = frequencies if frequencies is not None else frequencies_of(counts)
    counts = counts.copy()
    # the corpus's frequencies of these terms only (a Series of the whole vocabulary per call cost more)
    # each distinct term looked up once
    codes, distinct = pd.factorize(counts["token"].to_numpy(dtype=object), sort=False)
    found = np.fromiter((df.get(t, np.nan) for t in distinct), dtype=np.float64, count=len(distinct))
    dfs = found[codes]
    idf = np.log((1 + n_docs) / (1 + dfs)) + 1.0
    counts["score"] = counts["tf"].to_numpy() * idf
    counts["score"] = counts["score"] / _norms(counts["doc_id"], counts["score"].to_numpy())
    ranked: dict[str, list[tuple]] = {}
    for row in textranks:
        ranked.setdefault(row[0], []).append(tuple(row))
    rows: list[tuple] = []
    for doc_id, tf in counts.groupby("doc_id", sort=True):
        rows += _top(doc_id, "tfidf", tf["token"].astype(str).to_numpy(dtype=object), tf["score"].to_numpy(), n_top)
        rows += ranked.get(doc_id, [])
    out = pd.DataFrame(rows, columns=schemas.columns("keywords"))
    for col, dtype in (("rank", "int32"), ("score", "float64")):  # on the new frame: DataFrame.astype(dict) copies every column
        out[col] = out[col].astype(dtype)
    return out
