"""Slogans (提法): match the lexicon, discover formulations from their structure, link definitions.

Tables ``slogans`` (one row per occurrence), ``slogan_candidates`` (one row per discovered
formulation over the corpus, ranked for review) and ``slogan_definitions`` (explanations
found in the text). Rules live in :mod:`pipeline.slogan_rules`; every row names its rule.

Score of a discovered formulation (``slogan_candidates.score``, in [0, 1]): a calibrated
probability from :mod:`pipeline.slogan_scores` (features of the candidate over the corpus,
a model learned on annotated dev documents and stored as data in ``slogan_scores.json``).
Established formulations of the mined archive (``formulations_mined.tsv``) are matched too,
where no structural rule found anything (rule ``mined``).

The stage's parts live in modules named after what they hold, their public names importable
from here: :mod:`~pipeline.slogan_hits` (hits, rejections, spans), :mod:`~pipeline.slogan_discovery`
and :mod:`~pipeline.slogan_series` (discovery from structure), :mod:`~pipeline.slogan_matchers`
(known formulations), :mod:`~pipeline.slogan_priors` (an occurrence's prior),
:mod:`~pipeline.slogan_recurrences`, :mod:`~pipeline.slogan_definitions` and
:mod:`~pipeline.slogan_finish` (the finish pass); this module holds the scan, the tables and
--explain.

>>> [(h.slogan, h.rule) for h in explain_hits("按照“五个一批”要求，推进“四新一盘活”行动")]
[('五个一批', 'numeral_pattern'), ('四新一盘活', 'numeral_pattern')]
"""

from __future__ import annotations

import re
from collections import defaultdict

import numpy as np
import pandas as pd

from pipeline import schemas
from pipeline.explanation import Explanation, Step
from pipeline import slogan_rules as R
from pipeline import slogan_scores as S
from pipeline.config import SloganConfig
from pipeline.lexicons import SLOGAN_CATEGORIES, Lexicon

# the stage's parts, in the modules named after what they hold; every public name of the
# stage stays importable from here (users, notebooks and the stage glue import this module)
from pipeline.slogan_discovery import (DICTIONARY_REASONS, QUOTED_OVERRIDES, SERVICE_CIRCLE, WEAK_NAMED_WORD,
                                       WEAK_REJECTIONS, discover)
from pipeline.slogan_finish import DocHits, Partial, finish
from pipeline.slogan_hits import Hit, Rejection, occurrence_bits, resolve
from pipeline.slogan_matchers import (WITHOUT_COMMAS, Matcher, MatcherSet, lexicon_kind, lexicon_matcher, mined_hits,
                                      mined_matcher)
from pipeline.slogan_priors import priors
from pipeline.slogan_scores import formulation_features
from pipeline.slogan_recurrences import known_formulations, known_from, known_present, propagating


# The stage's intermediate values as plain data (lists of numbers and strings), so that a
# run can keep them on disk as JSON between its passes (never pickle: see pipeline/io.py).

def _hits_data(hits) -> list:
    return [[h.start, h.end, h.slogan, h.kind, h.origin, h.rule, h.score, h.seen] for h in hits]


def _pairs_data(pairs) -> list:
    """``(hit, text)`` pairs as rows: the hit's fields, then the text."""
    return [[h.start, h.end, h.slogan, h.kind, h.origin, h.rule, h.score, t] for h, t in pairs]


def _hits_from(rows) -> list[Hit]:
    return [Hit(int(a), int(b), s, k, o, r, float(x), int(seen)) for a, b, s, k, o, r, x, seen in rows]


def scans_data(scans: dict) -> list:
    """:func:`scan`'s result as plain data; :func:`scans_from_data` reverses it."""
    return [[d, _hits_data(found), [[r.start, r.end, r.text, r.reason] for r in rejected], _hits_data(lex)]
            for d, (found, rejected, lex) in scans.items()]


def scans_from_data(data: list) -> dict:
    return {d: (_hits_from(found), [Rejection(int(a), int(b), t, why) for a, b, t, why in rejected], _hits_from(lex))
            for d, found, rejected, lex in data}


def partial_docs_data(docs: list["DocHits"]) -> list:
    """:attr:`Partial.docs` as plain data; :func:`partial_docs_from_data` reverses it."""
    return [[d.doc_id, d.source, _pairs_data(d.lexicon), _pairs_data(d.discovered)] for d in docs]


def partial_docs_from_data(data: list) -> list["DocHits"]:
    def pairs(rows):
        return [(Hit(int(a), int(b), s, k, o, r, float(x)), t) for a, b, s, k, o, r, x, t in rows]

    return [DocHits(d, source, pairs(lex), pairs(disc)) for d, source, lex, disc in data]


def partial_counts_data(partial: "Partial") -> list:
    """A :class:`Partial`'s definitions and counts (not its ``docs``) as plain data, computed
    with ``order`` the documents' rows; :func:`partial_counts_from_data` reverses it and
    places the documents in the corpus.

    ``[definitions, {slogan: counts}, strings]``: each formulation's counts as a row (count,
    n_docs, rules, quoted, cut, verb, kinds, first_date, then its first occurrence's place and
    the indexes in ``strings`` of its source and sentence, then its counts of listed and thing
    occurrences), so that a file's source and a
    sentence shared by several formulations are written once (they were half of the pass's
    partials)."""
    strings: dict[str, int] = {}

    def ref(s: str) -> int:
        return strings.setdefault(s, len(strings))

    stats = {}
    for slogan, a in partial.stats.items():
        (undated, date, row, start), source, sentence = a["first"]
        stats[slogan] = [a["count"], a["n_docs"], sorted(a["rules"]), a["quoted"], a["cut"], a["verb"], dict(a["kinds"]),
                         a["first_date"], undated, date, row, start, ref(source), ref(sentence), a.get("listed", 0),
                         a.get("thing", 0)]
    return [[list(row) for row in partial.definitions], stats, list(strings)]


def partial_counts_from_data(data: list, index: int) -> "Partial":
    """The :class:`Partial` (without ``docs``) of :func:`partial_counts_data`, its documents
    placed at ``index`` in the corpus order: a first occurrence's place becomes ``(index, row)``."""
    definitions, stats, strings = data
    out = {}
    for slogan, (count, n_docs, rules, quoted, cut, verb, kinds, first_date, undated, date, row, start, source,
                 sentence, listed, thing) in stats.items():
        out[slogan] = {"count": count, "n_docs": n_docs, "rules": set(rules), "quoted": quoted, "cut": cut,
                       "verb": verb, "listed": listed, "thing": thing, "kinds": defaultdict(int, kinds), "first_date": first_date,
                       "first": ((undated, date, (index, row), start), strings[source], strings[sentence])}
    return Partial([], [tuple(row) for row in definitions], out)


def partial_features_data(partial: "Partial") -> list:
    """The formulation features (:func:`~pipeline.slogan_scores.formulation_features`) of each
    formulation a :class:`Partial` counts, for each kind it is counted as (a candidate's kind over
    the corpus, its most frequent, is one of them), as plain data: ``[names, [[slogan, kind,
    values], ...]]``. Computed where the partial is (a worker, whose scan already computed most of
    them), so that the reduce scores the candidates from lookups (:func:`features_from_data`)."""
    names: list[str] = []
    rows = []
    for slogan, a in partial.stats.items():
        for kind in sorted(k for k, n in a["kinds"].items() if n):
            f = formulation_features(slogan, kind)
            names = names or list(f)
            rows.append([slogan, kind, [f[n] for n in names]])
    return [names, rows]


def features_from_data(data: list, into: dict | None = None) -> dict:
    """:func:`partial_features_data` read back, by ``(slogan, kind)``, added to ``into`` (a
    formulation already there is not read again: the same features in every part)."""
    names, rows = data
    out = {} if into is None else into
    for slogan, kind, values in rows:
        if (slogan, kind) not in out:
            out[slogan, kind] = dict(zip(names, values, strict=True))
    return out


# ---------------------------------------------------------------- the stage

def scan(documents: pd.DataFrame, *, lexicon: Lexicon, config: SloganConfig = SloganConfig()) -> dict:
    """The per-document part of the stage: ``{doc_id: (discovered, rejections, lexicon hits)}``.

    Independent per document, so a run computes it in parallel over files and hands the
    merged result to :func:`slogan_tables` (``scans=``); the tables are the same either way.
    """
    R.use_lexicon(lexicon)
    mined = mined_matcher(lexicon) if config.discover and config.mined else None
    # the lexicon's entries and the mined formulations from one pass of one automaton
    matchers = _scan_matchers(lexicon, mined)
    model = S.model_of(lexicon)
    out = {}
    for d, t in zip(documents["doc_id"], documents["text"]):
        folded = R.fold_width(t)
        rejected: list[Rejection] = []
        lex, *mined_found = matchers.find(folded, ["lexicon", "discovered"][:len(matchers.matchers)])
        hits = discover(folded, rejected) if config.discover else []
        if mined_found:
            hits += mined_hits(folded, hits, lexicon, mined_found[0], rejected)
        out[d] = (priors(folded, hits, lexicon, model), rejected, lex)
    return out


# the lexicon's slogans, the mined Matcher, and their MatcherSet: the lexicon's, kept as long as it is (not
# dropped at a stage change, as slogan_matchers._MINED): a worker forked from a warm forkserver starts with
# them (pipeline.warm), and a new lexicon replaces them
_SCAN_MATCHERS: list = [None, None, None]


def prepare(lexicon: Lexicon, config: SloganConfig = SloganConfig()) -> None:
    """Build ahead what :func:`scan` builds of ``lexicon`` once per process: its matchers and the
    score model's trees (:mod:`pipeline.warm` does, in the forkserver, for the run's lexicons)."""
    mined = mined_matcher(lexicon) if config.discover and config.mined else None
    _scan_matchers(lexicon, mined)
    model = S.model_of(lexicon)
    if model is not None:
        S.score(model, [[0.0] * len(S.FEATURES)])  # the trees' arrays, built on first use


def _scan_matchers(lexicon: Lexicon, mined: "Matcher | None") -> MatcherSet:
    """One :class:`MatcherSet` over the lexicon's entries and (when given) the mined
    formulations, built once per lexicon in a process."""
    if _SCAN_MATCHERS[0] is not lexicon.slogans or _SCAN_MATCHERS[1] is not mined:
        _SCAN_MATCHERS[:] = [lexicon.slogans, mined, MatcherSet([lexicon_matcher(lexicon)] + ([mined] if mined else []))]
    return _SCAN_MATCHERS[2]


def slogan_tables(documents: pd.DataFrame, sentences: pd.DataFrame, *, lexicon: Lexicon,
                  config: SloganConfig = SloganConfig(), scans: dict | None = None,
                  ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """``(slogans, slogan_candidates, slogan_definitions)`` for every document.

    The stage in one process; a run computes the same in parts (map, then reduce):
    :func:`scan` per chunk of files, :func:`known_formulations` over all scans,
    :func:`finish` per chunk, :func:`combine` over the partial results.

    >>> import pandas as pd
    >>> from pipeline.lexicons import Lexicon
    >>> docs = pd.DataFrame({"doc_id": ["d"], "source": ["a.txt"], "date": [None],
    ...                      "text": ["深入推进“三抓三促”行动，落实“1+1+17”体系。"]})
    >>> found, cands, defs = slogan_tables(docs, None, lexicon=Lexicon())
    >>> list(found["slogan"])
    ['三抓三促', '1+1+17']
    """
    if scans is None:
        scans = scan(documents, lexicon=lexicon, config=config)
    known = known_formulations([scans[d] for d in documents["doc_id"]], config)
    return combine([finish(documents, sentences, scans, known, config=config)], lexicon=lexicon, config=config)


def combine(partials: list[Partial], *, lexicon: Lexicon, config: SloganConfig = SloganConfig(),
            ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The three tables from the partial results of every document, in corpus order."""
    cands, defs, scores = candidates(partials, lexicon=lexicon)
    return occurrences([d for p in partials for d in p.docs], scores, config=config), cands, defs


def candidates(partials: list[Partial], *, lexicon: Lexicon) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, float]]:
    """``(slogan_candidates, slogan_definitions, {slogan: score})`` from the partial results
    of every document (their ``docs`` are not needed), in corpus order."""
    acc = Candidates()
    for i, p in enumerate(partials):
        acc.add(i, p)
    return acc.tables(lexicon=lexicon)


# a formulation's counts of occurrences, summed over the parts of a corpus (slogan_finish.finish: quoted,
# cutting a word, after a verb, counting a list, naming a thing)
OCCURRENCE_COUNTS = ("quoted", "cut", "verb", "listed", "thing")


class Candidates:
    """The reduce of :func:`candidates`, fed one partial result at a time in any order
    (``index``: the part's place in the corpus): a run keeps the merged counts, not every
    part's."""

    def __init__(self):
        self.agg: dict[str, dict] = {}
        self.definitions: dict = {}  # index -> rows

    def add(self, index, partial: Partial) -> None:
        self.definitions[index] = partial.definitions
        agg = self.agg
        for slogan, a in partial.stats.items():
            b = agg.get(slogan)
            if b is None:
                agg[slogan] = {**a, "rules": set(a["rules"]), "kinds": defaultdict(int, a["kinds"])}
                continue
            b["count"] += a["count"]
            b["n_docs"] += a["n_docs"]
            b["rules"] |= a["rules"]
            for k in OCCURRENCE_COUNTS:
                b[k] = b.get(k, 0) + a.get(k, 0)
            for k, n in a["kinds"].items():
                b["kinds"][k] += n
            if a["first"][0] < b["first"][0]:
                b["first"] = a["first"]
            if a["first_date"] is not None and (b["first_date"] is None or a["first_date"] < b["first_date"]):
                b["first_date"] = a["first_date"]

    def kinds(self) -> dict[str, str]:
        """Each candidate's kind (its most frequent; ties: the first by name), in the order of ``agg``."""
        return {s: max(sorted(a["kinds"]), key=lambda k: a["kinds"][k]) for s, a in self.agg.items()}

    def features(self, lexicon: Lexicon, defined: set, known: dict | None = None,
                 ) -> tuple[dict[str, str], list[list[float]]]:
        """Each candidate's kind and feature vector, in the order of ``agg``; ``known``: the
        :func:`~pipeline.slogan_scores.formulation_features` already known, by ``(slogan, kind)``."""
        kinds, known = self.kinds(), known or {}
        return kinds, [S.features(s, kinds[s], a, lexicon.mined.get(s), s in defined, known.get((s, kinds[s])))
                       for s, a in self.agg.items()]

    def tables(self, *, lexicon: Lexicon, known_features: dict | None = None,
               ) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, float]]:
        """``(slogan_candidates, slogan_definitions, {slogan: score})``; ``known_features``: the
        formulation features already known (see :meth:`features`): the same tables, fewer lookups."""
        defs_rows = [row for i in sorted(self.definitions) for row in self.definitions[i]]
        defs = pd.DataFrame(defs_rows, columns=schemas.columns("slogan_definitions")) if defs_rows \
            else schemas.empty("slogan_definitions")
        defined = set(defs["slogan"])
        # candidates: every discovered formulation over the corpus, scored
        cand_rows = []
        kinds, vecs = self.features(lexicon, defined, known_features)
        scores: dict[str, float] = dict(zip(self.agg, S.score(S.model_of(lexicon), vecs)))
        for slogan, a in self.agg.items():
            kind, score = kinds[slogan], scores[slogan]
            _, source, sentence = a["first"]
            cand_rows.append((slogan, kind, a["count"], a["n_docs"], a["first_date"], source,
                              score, sorted(a["rules"]), sentence, slogan in lexicon.slogans))
        cands = pd.DataFrame(cand_rows, columns=schemas.columns("slogan_candidates")) if cand_rows \
            else schemas.empty("slogan_candidates")
        # ties broken by the slogan itself: the order does not depend on the order of the parts
        cands = cands.sort_values(["score", "count", "slogan"], ascending=[False, False, True],
                                  kind="mergesort").reset_index(drop=True)
        cands = cands.astype({"count": "int64", "n_docs": "int64", "score": "float64", "in_lexicon": "bool"})
        return cands, defs, scores


def occurrences(docs: list[DocHits], scores: dict[str, float], *, config: SloganConfig = SloganConfig()) -> pd.DataFrame:
    """The ``slogans`` rows of some documents (a :attr:`Partial.docs`): lexicon matches, and
    discovered formulations whose corpus score reaches ``config.min_score`` (named ones:
    ``config.min_score_named``)."""
    return occurrence_frame(occurrence_columns(docs, scores, config=config))


def occurrence_columns(docs: list[DocHits], scores: dict[str, float], *, config: SloganConfig = SloganConfig(),
                       ) -> dict[str, list]:
    """:func:`occurrences` as lists by column (what a run keeps of a file's rows, without a frame)."""
    rows = []
    for doc in docs:
        surface = {(h.start, h.end): text for h, text in doc.lexicon + doc.discovered}
        keep = [h for h, _ in doc.lexicon] + [h for h, _ in doc.discovered if scores.get(h.slogan, 0) >= (
            config.min_score_named if h.kind == "named" else config.min_score)]
        for h in resolve(keep):
            rows.append((doc.doc_id, doc.source, h.slogan, surface[h.start, h.end], h.start, h.end, h.kind,
                         h.origin, h.rule))
    names = schemas.columns("slogans")
    return {c: list(v) for c, v in zip(names, zip(*rows))} if rows else {c: [] for c in names}


def occurrence_frame(columns: dict[str, list]) -> pd.DataFrame:
    """The ``slogans`` frame of :func:`occurrence_columns` (``start``/``end`` as int32)."""
    if not columns or not len(columns.get("doc_id", [])):
        return schemas.empty("slogans").astype({"start": "int32", "end": "int32"})
    return pd.DataFrame({c: np.array(v, dtype=np.int32) if c in ("start", "end") else v for c, v in columns.items()})


# ---------------------------------------------------------------- explain

def explain_hits(text: str, lexicon: Lexicon | None = None) -> list[Hit]:
    """The formulations the stage takes in ``text`` (lexicon first, then discovery), resolved."""
    R.use_lexicon(lexicon)
    t = R.fold_width(text)
    lex = lexicon_matcher(lexicon).find(t, "lexicon") if lexicon is not None else []
    found = discover(t)
    return resolve(lex + _trusted_weak(priors(t, found + (mined_hits(t, found, lexicon) if lexicon is not None else []),
                                               lexicon)))


def _trusted_weak(hits: list[Hit], config: SloganConfig = SloganConfig()) -> list[Hit]:
    """``hits`` without the weak quotations (:data:`WEAK_REJECTIONS`) whose own score is below the
    threshold of their kind: --explain shows those as the rejections they are."""
    return [h for h in hits if not h.rule.startswith("weak_")
            or h.score >= (config.min_score_named if h.kind == "named" else config.min_score)]


def explain(text: str, lexicon: Lexicon | None = None, config: SloganConfig = SloganConfig()) -> Explanation:
    """What was matched or discovered in ``text`` and why, and what was rejected: one step per
    formulation taken (``taken``), found inside a longer one (``inside``), dropped by the score
    threshold (``dropped``, rule ``min_score`` or ``min_score_named``) or rejected.

    A discovered formulation is taken as the run takes it: when its score reaches the threshold of
    its kind (``config.min_score``, named ones ``config.min_score_named``), ``text`` scored as a
    corpus of one document (in a corpus the counts, hence the score, may differ).

    >>> [(s.text, s.decision, s.rule, s.why) for s in explain("实现“18条”与“三抓三促”").steps]
    [('“三抓三促”', 'taken', 'numeral_pattern', ''), ('“18条”', 'rejected', 'count_of_measures', 'count of measures')]
    >>> [(s.text, s.decision, s.rule, s.why[:22]) for s in explain("深入实施“强工业、强科技、强省会”三强行动").steps]
    [('三强行动', 'dropped', 'min_score', 'below min_score (0.42)')]
    """
    lex_or_empty = lexicon if lexicon is not None else Lexicon()
    docs = pd.DataFrame({"doc_id": ["text"], "source": ["text"], "date": [None], "text": [text]})
    rejections: list[Rejection] = []
    if lexicon is None:  # no lexicon: no matches, no mined formulations (as explain_hits)
        R.use_lexicon(None)
        folded = R.fold_width(text)
        found = discover(folded, rejections) if config.discover else []
        scans = {"text": (priors(folded, found, None, S.model_of(lex_or_empty)), rejections, [])}
    else:
        scans = scan(docs, lexicon=lexicon, config=config)
        rejections = scans["text"][1]
    # the run's passes on this one document: recurrences, the candidates' scores, the rows kept
    partial = finish(docs, None, scans, known_formulations([scans["text"]], config), config=config)
    _, _, scores = candidates([partial], lexicon=lex_or_empty)
    doc = partial.docs[0]
    lex, found = [h for h, _ in doc.lexicon], [h for h, _ in doc.discovered]

    def threshold(h: Hit) -> tuple[str, float]:
        return ("min_score_named", config.min_score_named) if h.kind == "named" else ("min_score", config.min_score)

    def passes(h: Hit) -> bool:
        return scores.get(h.slogan, 0.0) >= threshold(h)[1]

    kept = resolve(lex + [h for h in found if passes(h)])  # slogans.occurrences: the rows of the run
    # what discovery alone would take, that the threshold drops (weak quotations below it are the
    # rejections shown for their quotation rule: not repeated)
    dropped = [h for h in resolve(lex + found) if h not in kept and not passes(h) and not h.rule.startswith("weak_")]

    def fields(h: Hit) -> tuple:
        score = h.score if h.origin == "lexicon" else scores.get(h.slogan, 0.0)
        return (("slogan", h.slogan), ("kind", h.kind), ("origin", h.origin), ("score", round(score, 3)))

    steps = []
    for h in sorted(kept + dropped, key=lambda h: (h.start, h.end)):
        if h in kept:
            steps.append(Step(text[h.start:h.end], TAKEN, h.rule, h.start, h.end, fields=fields(h)))
            continue
        name, value = threshold(h)
        steps.append(Step(text[h.start:h.end], DROPPED, name, h.start, h.end,
                          f"below {name} ({value:.2f}): the run drops it (found by {h.rule})", fields(h)))
    same = {(h.start, h.end, h.slogan) for h in kept + dropped}
    shown = [h for h in found if (h.start, h.end, h.slogan) not in same and (passes(h) or not h.rule.startswith("weak_"))]
    for h in sorted(set(shown), key=lambda h: (h.start, h.end, h.rule)):
        steps.append(Step(text[h.start:h.end], "inside", h.rule, h.start, h.end,
                          "belongs to a longer or equal formulation", fields(h)))
    steps += [Step(r.text, "rejected", r.rule or r.reason, r.start, r.end, r.reason) for r in rejections]
    return Explanation("slogans", text, tuple(steps), () if steps else ("nothing taken, nothing rejected",))


TAKEN = "taken"  # the decision of a formulation the stage takes
DROPPED = "dropped"  # found by a rule, but its score is below the threshold of its kind: not in `slogans`


# ---------------------------------------------------------------- protection

def to_protect(candidates: pd.DataFrame, lexicon: Lexicon, min_score: float) -> dict[str, str]:
    """The discovered formulations the segmenter keeps whole: candidates scoring at least
    ``min_score`` (``segment.min_candidate_score``) that are not lexicon entries, except named
    ones of three characters or fewer (强工业 is a campaign, but it also sits inside 加强工业:
    reported in ``slogans``, never a token everywhere).

    >>> c = pd.DataFrame({"slogan": ["四新一盘活", "强工业"], "kind": ["numbered", "named"],
    ...                   "score": [0.9, 0.9], "in_lexicon": [False, False]})
    >>> to_protect(c, Lexicon(), 0.75)
    {'四新一盘活': 'discovered'}
    """
    keep = candidates[(candidates["score"] >= min_score) & ~candidates["in_lexicon"].astype(bool)]
    keep = keep[~((keep["kind"] == "named") & (keep["slogan"].str.len() <= 3))]
    return {s: "discovered" for s in sorted(keep["slogan"]) if s not in lexicon.slogans}


# ---------------------------------------------------------------- lexicon additions

def _field(value) -> str:
    """A lexicon field that cannot break the file: no tabs or newlines, never read as a comment."""
    s = re.sub(r"[\t\r\n]+", " ", "" if value is None or (isinstance(value, float) and value != value) else str(value)).strip()
    return s.lstrip("#").strip()


def lexicon_additions(slogans_to_add: list[str], candidates: pd.DataFrame | None, existing: dict, *,
                      from_candidates: bool = False, min_score: float = 0.75, category: str | None = None,
                      note: str | None = None) -> tuple[list[str], list[str]]:
    """Lines to append to ``lexicons/slogans.txt`` and the entries skipped as already present.

    Each line is ``entry<TAB>category<TAB>region<TAB>source<TAB>note`` with the provenance of a
    discovered formulation (first source and date) in ``source``.

    >>> lines, skipped = lexicon_additions(["四抓一打通", "三抓三促"], None, {"三抓三促": None})
    >>> lines, skipped
    (['四抓一打通\\tnumbered\\t\\t\\tadded by policytext lexicon add'], ['三抓三促'])
    """
    if category is not None and category not in SLOGAN_CATEGORIES:
        raise ValueError(f"category {category!r} is not one of {', '.join(SLOGAN_CATEGORIES)}")
    rows = {}
    if candidates is not None and len(candidates):
        rows = {r["slogan"]: r for r in candidates.to_dict(orient="records")}
    wanted = [R.canonical(s) for s in slogans_to_add]
    if from_candidates and candidates is not None:
        picked = candidates[(candidates["score"] >= min_score) & ~candidates["in_lexicon"].astype(bool)]
        wanted += [s for s in picked["slogan"] if s not in wanted]
    present = {R.canonical(e) for e in existing}
    lines, skipped = [], []
    for s in wanted:
        if not s or s in present:
            skipped.append(s)
            continue
        present.add(s)
        r = rows.get(s)
        kind = category or (r["kind"] if r else lexicon_kind(s, None))
        source = ""
        if r:
            source = " ".join(x for x in (_field(r.get("first_source")), _field(r.get("first_date"))) if x)
            note_text = note or f"discovered: score {r['score']:.2f}, {r['count']}× in {r['n_docs']} docs, rules {','.join(r['rules'])}"
        else:
            note_text = note or "added by policytext lexicon add"
        lines.append("\t".join([_field(s), _field(kind), "", source, _field(note_text)]))
    return lines, skipped

