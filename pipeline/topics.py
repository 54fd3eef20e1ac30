"""Topic models (tables ``topic_models``, ``topic_terms``, ``doc_topics``, ``topic_trends``): the
library call (:func:`topic_tables`), every unit's weights (:func:`unit_weights`) and the tables
(:func:`topic_tables_of`). The steps before live in the modules named after what they hold, and
their public names are importable from here: the units and the sample
(:mod:`pipeline.topic_units`), the models (:mod:`pipeline.topic_models`), coherence
(:mod:`pipeline.coherence`), the k search (:mod:`pipeline.topic_search`).

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
   largest rank the search may try (computed once per search by one task,
   :func:`~pipeline.topic_search.training_svd`, and shared with the others with the TF-IDF); ``lda``, variational Bayes
   (:class:`VariationalLDA`, every unit's E-step vectorised) started from the NMF of its k
   stopped after ``LDA_START_ITER`` iterations (``passes`` × ``estep_iter``; where the NMF of its k is a
   candidate, that NMF's snapshot on the way, not a second fit): the NMF is the
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
   fixed topics, :func:`~pipeline.topic_models.nmf_project`), the same whether a file is weighted alone (the run,
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

import logging
import math
import time

import numpy as np
import pandas as pd
from scipy import sparse
from threadpoolctl import threadpool_limits

from pipeline import schemas
from pipeline.coherence import EPSILON, Cooccurrence, c_v, diversity, score
from pipeline.config import TopicConfig
from pipeline.metadata import issuer_group
from pipeline.topic_corpus import Unit, term_id_array, term_ids
from pipeline.topic_models import ESTEP_BLOCK, Fitted, Tfidf, VariationalLDA, nmf_project, nmf_weights, nndsvda, relevance
from pipeline.topic_search import (C_V, C_V_WINDOW, EXTEND_STEPS, LDA_START_ITER, MODELS, PART_UNITS,
                                   PERPLEXITY_UNITS, SVD_POWER_ITER, CandidateTask, Models, TrainingSet, choose,
                                   decode_array, encode_array, fit_candidates, fit_models, quality, train_candidate,
                                   train_candidates)
from pipeline.topic_units import (decode_table, empty_unit_table, encode_table, joined_terms, sample_key,
                                  sample_texts, topic_unit_table, topic_unit_table_of_terms, topic_units, unit_hash,
                                  unit_table_of)

__all__ = [  # the public names of the topic modules, importable from here as before the split
    "c_v", "C_V", "C_V_WINDOW", "CandidateTask", "choose", "Cooccurrence", "decode_array", "decode_table",
    "diversity", "empty_unit_table", "encode_array", "encode_table", "EPSILON", "ESTEP_BLOCK",
    "EXTEND_STEPS", "fit_candidates", "fit_models", "Fitted", "joined_terms", "LABEL_SEP", "LABEL_TERMS",
    "LDA_START_ITER", "Models", "MODELS", "nndsvda", "PART_UNITS", "PERPLEXITY_UNITS", "quality",
    "relevance", "sample_key", "sample_texts", "score", "SVD_POWER_ITER", "Tfidf", "topic_tables",
    "topic_tables_of", "topic_unit_table", "topic_unit_table_of_terms", "topic_units", "train_candidate",
    "train_candidates",
    "TrainingSet", "Unit", "unit_hash", "unit_table_of", "unit_weights", "VariationalLDA", "weigh",
    "WEIGHT_ITER",
]

LABEL_TERMS = 3  # top terms joined into a topic label
LABEL_SEP = "·"
WEIGHT_ITER = 10  # LDA: E-step updates for the topic shares of units it was not trained on

log = logging.getLogger(__name__)


def _label(topic: list[tuple[str, float]]) -> str:
    return LABEL_SEP.join(t for t, _ in topic[:LABEL_TERMS]) or "(empty)"


def _year(date) -> str | None:
    if date is None or (isinstance(date, float) and math.isnan(date)) or pd.isna(date):
        return None
    s = str(date)
    return s[:4] if len(s) >= 4 and s[:4].isdigit() else None


def _unit_order(kept_doc, kept_unit) -> list[int]:
    """The units by document, then by unit number (``2`` before ``10``): sums over them are the
    same float whatever order the caller gave the units in."""
    return sorted(range(len(kept_doc)), key=lambda i: (kept_doc[i], len(kept_unit[i]), kept_unit[i]))


def _trends(model: Fitted, weights: np.ndarray, kept_doc, kept_unit, lengths: np.ndarray,
            documents: pd.DataFrame) -> pd.DataFrame:
    """Mean document topic share by period × issuer (issuer null = all documents of the period);
    a document's share is its units' weights (their documents ``kept_doc``, units ``kept_unit``)
    weighted by their vocabulary terms (``lengths``), summed in :func:`_unit_order`, and the
    documents of a group taken in ``doc_id`` order."""
    order = _unit_order(kept_doc, kept_unit)
    docs = sorted(set(kept_doc))
    where = {d: n for n, d in enumerate(docs)}
    codes = np.array([where[kept_doc[i]] for i in order], dtype=np.int64)
    share = np.zeros((len(docs), model.k))
    np.add.at(share, codes, (weights * lengths[:, None])[order])  # unit by unit, in that order
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


def unit_weights(models: Models, terms) -> tuple[list[int], dict[str, np.ndarray]]:
    """Every unit's topic shares under each chosen model: (the positions in ``terms`` of the units
    modelled — at least ``min_unit_terms`` vocabulary terms —, {model: their units × k weights}).
    ``terms``: the units' terms as an Arrow list array (a unit table's ``terms`` column).

    LDA: ``WEIGHT_ITER`` E-step updates of the unit's topic Dirichlet from a flat start, for the
    fixed topics; NMF: the unit's W for the fixed H (:func:`nmf_project` on the unit's TF-IDF
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
                out[f.model] = nmf_weights(nmf_project(tfidf.transform(counts), f.components, models.nmf_fill))
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
        trends.append(_trends(f, w, kept_doc, kept_unit, lengths, documents))
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
