"""The k search: the grid of k and its extension and refinement rounds (:func:`_next_ks`), one task
per k (:class:`CandidateTask`, :func:`train_candidates` on the shared :class:`TrainingSet`), every
candidate scored as it arrives and the rule that chooses among them (:func:`choose`), and what the
search found (:class:`Models`, :func:`fit_models`: plain JSON, kept by the run under the sample's
hash). The recipe (steps 3 to 5) is in :mod:`pipeline.topics`.
"""

from __future__ import annotations

import base64
import logging
import time
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy import sparse
from threadpoolctl import threadpool_limits

from pipeline.coherence import Cooccurrence, c_v, score
from pipeline.config import TopicConfig
from pipeline.topic_corpus import count_matrix, term_ids
from pipeline.topic_models import Fitted, Tfidf, fit_lda, fit_nmf, lda_perplexity, randomized_svd

MODELS = ("lda", "nmf")
PART_UNITS = 3000  # c_v is computed on an evenly spaced part of the training sample
C_V_WINDOW = 110  # c_v's sliding window (gensim's)
PERPLEXITY_UNITS = 1000  # ... and LDA perplexity on a smaller one
SVD_POWER_ITER = 4  # NMF's start: power iterations of the randomized SVD (scikit-learn's default 7 cost
# 1.2x as much for the same NMF coherence on the 20 MB; 2 chose another k on the slogan test corpus)
LDA_START_ITER = 15  # LDA starts from its k's NMF after this many coordinate descent iterations (as
# coherent as from the converged NMF, ~40-50 iterations, on 5 and 20 MB; a third of the cost where
# the search wants the LDA of a k but not its NMF)
EXTEND_STEPS = 2  # the k search extends by two ks a round: two workers busy, one round fewer when the first is best
C_V = ("chosen", "all", "none")  # TopicConfig.c_v: which candidates get a c_v

log = logging.getLogger(__name__)


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


def quality(f: Fitted) -> float | None:
    """Topic quality = c_npmi × diversity (Dieng, Ruiz & Blei 2020), the k-selection score."""
    return None if f.c_npmi is None or f.diversity is None else f.c_npmi * f.diversity


def _rule(config: TopicConfig) -> dict:
    return dict(diversity_floor=float(config.diversity_floor), k_tolerance=float(config.k_tolerance),
                k_se=float(config.k_se))


def choose(candidates: list[Fitted], *, diversity_floor: float, k_tolerance: float, k_se: float = 0.0) -> Fitted:
    """The k-selection rule (:mod:`pipeline.topics`, step 5) over one model's candidates: among those
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


@dataclass
class TrainingSet:
    """What every candidate is trained on: the sampled units × terms counts, the vocabulary
    (with unit frequencies) and p(term) over all units (for LDA's
    relevance ranking). :meth:`data` is plain JSON-able data (arrays as base64 of their bytes,
    exact), so a run can share it with its workers once instead of pickling it into every task;
    it carries the TF-IDF's values when they have been computed (the parent computes them
    anyway), so no worker computes them again.

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
        tfidf = self.__dict__.get("tfidf")  # computed already (functools.cached_property keeps it here)
        # indptr and indices in their own index type (int32, or int64 past int32: never wrapped)
        return {"shape": list(c.shape), "indptr": pack(c.indptr), "indices": pack(c.indices),
                "data": pack(c.data.astype(np.int64)),
                "terms": list(self.terms), "df": pack(np.asarray(self.df, dtype=np.int64)),
                "n_units": int(self.n_units), "p_term": pack(np.asarray(self.p_term, dtype=np.float64)),
                "tfidf": None if tfidf is None else pack(np.asarray(tfidf.data, dtype=np.float64))}

    @classmethod
    def from_data(cls, d: dict) -> "TrainingSet":
        indptr, indices = unpack(d["indptr"]), unpack(d["indices"])
        counts = sparse.csr_matrix((unpack(d["data"]), indices, indptr), shape=tuple(d["shape"]))
        ts = cls(counts, list(d["terms"]), unpack(d["df"]), int(d["n_units"]), unpack(d["p_term"]))
        if d.get("tfidf") is not None:  # the TF-IDF values of the sender (Tfidf.transform of these counts)
            ts.__dict__["tfidf"] = sparse.csr_matrix((unpack(d["tfidf"]), indices.copy(), indptr.copy()),
                                                     shape=counts.shape)
        return ts

    @cached_property
    def tfidf_model(self):
        return Tfidf().fit(self.counts)  # idf from the sample the models see

    @cached_property
    def tfidf(self) -> sparse.csr_matrix:
        return self.tfidf_model.transform(self.counts.astype(np.float64))

    def svd(self, rank: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The rank-``rank`` SVD of :attr:`tfidf` (randomized, ``seed``), computed once: NMF's start for every k."""
        cache = self.__dict__.setdefault("_svd", {})
        if (rank, seed) not in cache:
            cache[(rank, seed)] = randomized_svd(self.tfidf, rank, n_iter=SVD_POWER_ITER, seed=int(seed))
        return cache[(rank, seed)]

    def keep_svd(self, rank: int, seed: int, svd: tuple) -> None:
        """Take the SVD of :meth:`svd` computed elsewhere (a worker's task: :func:`training_svd`)."""
        self.__dict__.setdefault("_svd", {})[(rank, seed)] = svd


def pack(a: np.ndarray) -> list:
    """A numeric array as JSON: [shape, dtype, base64 of its little-endian bytes in C order] (exact;
    the arrays of a :class:`TrainingSet` and an SVD, ~10x faster to write and read than lists)."""
    a = np.asarray(a)
    dtype = a.dtype.newbyteorder("<")
    return [list(a.shape), dtype.str, base64.b64encode(np.ascontiguousarray(a, dtype=dtype).tobytes()).decode("ascii")]


def unpack(v: list) -> np.ndarray:
    """The array of :func:`pack` (C order, a writable copy)."""
    return np.frombuffer(base64.b64decode(v[2]), dtype=np.dtype(v[1])).reshape(v[0]).copy()


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
    svd: object = None  # a handle whose get() returns the SVD of :func:`svd_rank` (:func:`training_svd`), or None


@dataclass(frozen=True)
class SvdTask:
    """The one SVD of a k search (:func:`training_svd`): ``training`` as in :class:`CandidateTask`."""

    training: object
    rank: int
    seed: int


def svd_rank(config: TopicConfig, shape: tuple[int, int], k: int = 0) -> int:
    """The rank of the one SVD that serves every k of the search: the largest k it may try
    (``k_max``, or ``k_ceiling`` when the grid can extend), never more than the data's."""
    can_extend = int(config.k_max) > int(config.k_min)
    return min(max(int(config.k_max), int(config.k_ceiling) if can_extend else 0, int(k)), *shape)


def training_svd(task: SvdTask) -> dict:
    """The SVD of the training TF-IDF (in a worker, or in this process) as JSON (:func:`pack`):
    computed once per search and handed to every candidate task, instead of once by every process
    that trains a candidate (2-3 with two workers). Under one BLAS thread, as in the tasks."""
    import scipy.linalg  # noqa: F401 - loaded before the limit (see train_candidates)
    import scipy.special  # noqa: F401

    ts = _training(task.training.get())
    with threadpool_limits(limits=1):
        u, s, vt = ts.svd(task.rank, task.seed)
    return {"rank": int(task.rank), "seed": int(task.seed), "u": pack(u), "s": pack(s), "vt": pack(vt)}


def _shared_svd(ts: "TrainingSet", value) -> None:
    """Keep an SVD of :func:`training_svd` (its JSON) in ``ts``, unless ``ts`` has it already (this
    process computed it, or decoded it for an earlier task): decoded once per process."""
    if value is None or (int(value["rank"]), int(value["seed"])) in ts.__dict__.get("_svd", {}):
        return
    ts.keep_svd(int(value["rank"]), int(value["seed"]), (unpack(value["u"]), unpack(value["s"]), unpack(value["vt"])))


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
        # one SVD of the largest rank the search may try serves every k (the same whatever k comes
        # first), computed by one task of the search (training_svd) and handed to this one
        rank = svd_rank(cfg, ts.counts.shape, task.k)
        if task.svd is not None:
            _shared_svd(ts, task.svd.get())
        svd = ts.svd(rank, task.seed)
        log.info("topics: k=%d: training set and SVD ready in %.2f s", task.k, time.perf_counter() - t0)
        cd = str(cfg.nmf_solver) == "cd"
        # with LDA, the NMF keeps its topics after LDA_START_ITER iterations: the LDA's start
        nmf = fit_nmf(ts.tfidf, ts.terms, task.k, cfg, task.seed, svd=svd,
                      snapshot=LDA_START_ITER if cd and "lda" in wanted else None) if "nmf" in wanted else None
        if nmf is not None:
            out.append(nmf)
        if "lda" in wanted:
            if cd:  # LDA starts from its k's NMF stopped after LDA_START_ITER iterations: the same
                # whether that k's NMF is a candidate (its snapshot) or not (a fit of those iterations)
                early = getattr(nmf.fitted, "early", None) if nmf is not None else None  # None: public NMF
                start = early if early is not None else fit_nmf(
                    ts.tfidf, ts.terms, task.k, cfg, task.seed, svd=svd,
                    max_iter=min(LDA_START_ITER, int(cfg.nmf_max_iter))).fitted.components_
            else:  # "mu": from the whole NMF
                start = (nmf if nmf is not None else fit_nmf(ts.tfidf, ts.terms, task.k, cfg, task.seed, svd=svd)).fitted.components_
            f = fit_lda(ts.counts, ts.terms, task.k, cfg, ts.p_term, task.seed, start)
            rows = _sample(ts.counts.shape[0], PERPLEXITY_UNITS)
            f.perplexity = lda_perplexity(f, ts.counts[rows], rows)
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
    if share is not None:
        training.tfidf  # noqa: B018 - computed here (fit_models needs it too) and shared with the counts
        handle = share(training.data())
    else:
        handle = _Held(training)
    log.info("topics: training set of %d units shared: %.2f s", n_train, time.perf_counter() - t0)
    limit = _k_limit(n_train, len(terms))
    rows: list[Fitted] = []
    todo = [(m, k) for m in models for k in _grid(config, n_train, len(terms))]
    total, refined = len(todo), set()

    def round_of(todo: list[tuple[str, int]], svd=None):
        # one task per k: its NMF is LDA's start, so the two models of a k train together; the
        # largest k first (it takes longest): the workers' last tasks of a round are the short ones
        ks = sorted({k for _, k in todo}, reverse=True)
        return pool.map(train_candidates, [CandidateTask(handle, tuple(m for m in models if (m, k) in todo), k,
                                                         int(config.seed), config, svd) for k in ks])

    # the first round starts on the workers (an executor submits its tasks when asked to map) while
    # this process counts the contexts for c_npmi: on every unit of the sample, more than the models
    # see (on a few thousand short units, specific term pairs never meet); counted once, each
    # candidate scored from them. Where the training set is shared, the search's one SVD comes
    # first (a task: on a worker, or here while the workers start), shared with every candidate
    # task instead of computed by each process that trains one; workers not started yet are
    # started before the counting (as the first round would start them), so that they warm
    # meanwhile: the one-task map alone would run here, and only once asked, after the counting
    svd_run, running = None, None
    if share is not None and todo:
        if len({k for _, k in todo}) > 1 and hasattr(pool, "start_workers"):
            pool.start_workers()
        svd_run = pool.map(training_svd, [SvdTask(handle, svd_rank(config, training.counts.shape), int(config.seed))])
    else:
        running = round_of(todo)
    t0 = time.perf_counter()
    index = {t: i for i, t in enumerate(terms)}
    cooc = Cooccurrence(texts, len(terms), window=int(config.coherence_window))
    log.info("topics: %d contexts of %d units for c_npmi: %.1f s", cooc.n_contexts, len(texts),
             time.perf_counter() - t0)
    svd = share(next(iter(svd_run))) if svd_run is not None else None
    if running is None:
        running = round_of(todo, svd)
    while todo:
        for fs in running:  # in any order: rows are sorted below
            for f in fs:
                rows.append(score(f, cooc, index))
                if progress is not None:
                    progress(len(rows), total, _note(f, rows, models, config))
        rows.sort(key=lambda f: (models.index(f.model), f.k))
        todo = _next_ks(rows, models, config, limit, refined)
        total += len(todo)
        running = round_of(todo, svd) if todo else None
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
