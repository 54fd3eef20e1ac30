"""Slogans (提法): match the lexicon, discover formulations from their structure, link definitions.

Tables ``slogans`` (one row per occurrence), ``slogan_candidates`` (one row per discovered
formulation over the corpus, ranked for review) and ``slogan_definitions`` (explanations
found in the text). Rules live in :mod:`pipeline.slogan_rules`; every row names its rule.

Score of a discovered formulation (``slogan_candidates.score``, in [0, 1]): a calibrated
probability from :mod:`pipeline.slogan_scores` (features of the candidate over the corpus,
a model learned on annotated dev documents and stored as data in ``slogan_scores.json``).
Established formulations of the mined archive (``formulations_mined.tsv``) are matched too,
where no structural rule found anything (rule ``mined``).

>>> [(h.slogan, h.rule) for h in explain_hits("按照“五个一批”要求，推进“四新一盘活”行动")]
[('五个一批', 'numeral_pattern'), ('四新一盘活', 'numeral_pattern')]
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline import memory, schemas
from pipeline.explanation import Explanation, Step
from pipeline import slogan_rules as R
from pipeline import slogan_scores as S
from pipeline.config import SloganConfig
from pipeline.lexicons import Lexicon

# what the stage's modules hold, importable from here as before
from pipeline.slogan_definitions import clause_end, definitions_at, glossary
from pipeline.slogan_discovery import (DICTIONARY_REASONS, QUOTED_OVERRIDES, SERVICE_CIRCLE, WEAK_NAMED_WORD,
                                       WEAK_REJECTIONS, discover)
from pipeline.slogan_hits import Hit, Rejection, occurrence_bits, resolve, seen_occurrence
from pipeline.slogan_matchers import (WITHOUT_COMMAS, Matcher, MatcherSet, lexicon_kind, lexicon_matcher, mined_hits,
                                      mined_matcher)


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
    the indexes in ``strings`` of its source and sentence), so that a file's source and a
    sentence shared by several formulations are written once (they were half of the pass's
    partials)."""
    strings: dict[str, int] = {}

    def ref(s: str) -> int:
        return strings.setdefault(s, len(strings))

    stats = {}
    for slogan, a in partial.stats.items():
        (undated, date, row, start), source, sentence = a["first"]
        stats[slogan] = [a["count"], a["n_docs"], sorted(a["rules"]), a["quoted"], a["cut"], a["verb"], dict(a["kinds"]),
                         a["first_date"], undated, date, row, start, ref(source), ref(sentence), a.get("listed", 0)]
    return [[list(row) for row in partial.definitions], stats, list(strings)]


def partial_counts_from_data(data: list, index: int) -> "Partial":
    """The :class:`Partial` (without ``docs``) of :func:`partial_counts_data`, its documents
    placed at ``index`` in the corpus order: a first occurrence's place becomes ``(index, row)``."""
    definitions, stats, strings = data
    out = {}
    for slogan, (count, n_docs, rules, quoted, cut, verb, kinds, first_date, undated, date, row, start, source,
                 sentence, listed) in stats.items():
        out[slogan] = {"count": count, "n_docs": n_docs, "rules": set(rules), "quoted": quoted, "cut": cut,
                       "verb": verb, "listed": listed, "kinds": defaultdict(int, kinds), "first_date": first_date,
                       "first": ((undated, date, (index, row), start), strings[source], strings[sentence])}
    return Partial([], [tuple(row) for row in definitions], out)



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
            hits += mined_hits(folded, hits, lexicon, mined_found[0])
        out[d] = (priors(folded, hits, lexicon, model), rejected, lex)
    return out


_SCAN_MATCHERS: list = [None, None, None]  # the lexicon's slogans, the mined Matcher, and their MatcherSet


def _scan_matchers(lexicon: Lexicon, mined: "Matcher | None") -> MatcherSet:
    """One :class:`MatcherSet` over the lexicon's entries and (when given) the mined
    formulations, built once per lexicon in a process."""
    if _SCAN_MATCHERS[0] is not lexicon.slogans or _SCAN_MATCHERS[1] is not mined:
        _SCAN_MATCHERS[:] = [lexicon.slogans, mined, MatcherSet([lexicon_matcher(lexicon)] + ([mined] if mined else []))]
    return _SCAN_MATCHERS[2]



def priors(text: str, hits: list[Hit], lexicon: Lexicon | None, model=None) -> list[Hit]:
    """``hits`` with their score: the model's probability for the occurrence alone (one
    occurrence, one document, its rule, quoted or not, its boundaries)."""
    if not hits:
        return hits
    model = model if model is not None else S.model_of(lexicon)
    mined = lexicon.mined if lexicon is not None else {}
    if _PRIOR_VECTORS[0] is not mined or len(_PRIOR_VECTORS[1]) > _PRIOR_MEMO:
        _PRIOR_VECTORS[:] = [mined, {}]
    known = _PRIOR_VECTORS[1]  # an occurrence's vector depends on these alone: computed once per process
    vecs, seen = [], []
    for h in hits:
        q, cut, verb, listed = S.occurrence(text, h.start, h.end)
        seen.append(occurrence_bits(q, cut, verb, listed))
        key = (h.slogan, h.kind, h.rule, q, cut, verb, listed)
        vec = known.get(key)
        if vec is None:
            stats = {"count": 1, "n_docs": 1, "rules": {h.rule}, "quoted": q, "cut": cut, "verb": verb, "listed": listed}
            vec = known[key] = S.features(h.slogan, h.kind, stats, mined.get(h.slogan), False)
        vecs.append(vec)
    # a Hit built directly: dataclasses.replace costs several times more, once per occurrence
    return [Hit(h.start, h.end, h.slogan, h.kind, h.origin, h.rule, p, b) for h, p, b in zip(hits, S.score(model, vecs), seen)]


_PRIOR_VECTORS: list = [None, {}]  # the mined dict in use and {(slogan, kind, rule, quoted, cut, verb, listed): features}
_PRIOR_MEMO = 50_000  # vectors kept at most (then started afresh): a few MB


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


def propagating(scans, config: SloganConfig = SloganConfig()) -> list[tuple[str, str]]:
    """``(slogan, kind)`` of the formulations in some documents' scans that are confident
    enough to be matched everywhere, in text order (see :func:`known_formulations`)."""
    out = []
    if not config.discover:
        return out
    for hits, _, _ in scans:
        for h in resolve(list(hits)):
            # two-character abbreviations (两山, 三产) are too ambiguous to take unquoted
            # bare digits (“135”, “12345”) are a name only where quoted: unquoted they are numbers
            if h.score >= config.propagate_score and len(h.slogan) >= (4 if h.kind == "named" else 3) \
                    and not R.BARE_DIGITS.match(h.slogan):
                out.append((h.slogan, h.kind))
    return out


def known_formulations(scans: list[tuple], config: SloganConfig = SloganConfig()) -> dict[str, tuple[str, str]]:
    """Formulations found by their structure that are then matched everywhere (unquoted
    repeats), from the scans of every document in corpus order: ``{slogan: (kind, rule)}``;
    the first occurrence decides the kind."""
    return known_from(propagating(scans, config))


def known_from(pairs) -> dict[str, tuple[str, str]]:
    """:func:`known_formulations` from the :func:`propagating` pairs of every part, in order."""
    known: dict[str, tuple[str, str]] = {}
    for slogan, kind in pairs:
        known.setdefault(slogan, (kind, "recurrence"))
    return known


def known_present(texts, known: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """The entries of ``known`` (in its order) that may recur in ``texts``: those whose
    matching form occurs in a text's. :func:`finish` on documents depends on ``known``
    through these alone, so a run keys a file's finish by them.

    >>> known_present(["落实“三抓三促”"], {"三抓三促": ("numbered", "recurrence"), "五个一批": ("numbered", "recurrence")})
    {'三抓三促': ('numbered', 'recurrence')}
    """
    m = _recurrence_matcher(known)
    if m.automaton is None:
        return {}
    found = set()
    memo = _RECURRENCE[0][3]
    for text in texts:
        folded = R.fold_width(text)
        keys, hits = m.keys_and_hits(folded, "discovered")
        found.update(keys)
        # the recurrences themselves, for finish() on the same text (a run asks for the
        # file's share of ``known`` and then finishes it, in the same worker)
        if len(memo) >= _RECURRENCE_MEMO:
            memo.pop(next(iter(memo)))
        memo[folded] = hits
    # each entry's matching form computed once per ``known``, not once per file; its entries
    # by matching form, so a file costs its own keys, not all of ``known``
    by_key = _RECURRENCE[0][2]
    return {s: known[s] for s in sorted((s for key in found for s in by_key.get(key, ())), key=_RECURRENCE[0][4].get)}


_RECURRENCE: list = [None]  # the last (known, Matcher, {matching form: entries}, {folded text: hits}, {entry: place}) built in this process
_RECURRENCE_MEMO = 256  # texts whose recurrences known_present() keeps for finish()


def _recurrence_matcher(known: dict[str, tuple[str, str]]) -> Matcher:
    last = _RECURRENCE[0]
    if last is None or last[0] != known:
        by_key: dict[str, list[str]] = {}
        for s in known:
            by_key.setdefault(R.canonical(s).upper(), []).append(s)
            if "、" in s:  # matched without its enumeration commas too (Matcher)
                by_key.setdefault(R.canonical(s).upper().replace("、", ""), []).append(s)
        last = _RECURRENCE[0] = (dict(known), Matcher(known), by_key, {}, {s: i for i, s in enumerate(known)})
    return last[1]


def _recurrences(rec: Matcher, folded: str) -> list[Hit]:
    """``rec.find(folded, "discovered")``, taken from what :func:`known_present` found in the
    same text when it did."""
    memo = _RECURRENCE[0][3] if _RECURRENCE[0] is not None and _RECURRENCE[0][1] is rec else {}
    hits = memo.pop(folded, None)
    return rec.find(folded, "discovered") if hits is None else hits


@dataclass(frozen=True)
class DocHits:
    """One document's formulations before corpus-wide scores, each with the text it covers."""

    doc_id: str
    source: str
    lexicon: list[tuple[Hit, str]]  # lexicon matches
    discovered: list[tuple[Hit, str]]  # discovered formulations (kept if their corpus score is high enough)


@dataclass
class Partial:
    """The stage's result on some documents, before corpus-wide scores: per document its
    lexicon hits and its discovered formulations, definitions, and per discovered
    formulation the counts that scores and candidates add up."""

    docs: list[DocHits]
    definitions: list[tuple]
    stats: dict[str, dict]


def finish(documents: pd.DataFrame, sentences: pd.DataFrame | None, scans: dict, known: dict[str, tuple[str, str]],
           *, config: SloganConfig = SloganConfig(), order: list | None = None) -> Partial:
    """The per-document part after :func:`known_formulations`: recurrences of known
    formulations, definitions, and the counts for the candidates. ``order``: each
    document's place in the corpus (default: its row), which decides the first occurrence."""
    docs = documents[["doc_id", "source", "date", "text"]]
    rec = _recurrence_matcher(known) if config.discover else None
    out_docs, defs_rows, texts, raws, firsts = [], [], {}, {}, {}
    stats: dict[str, dict] = {}
    order = list(range(len(docs))) if order is None else order
    for i, (d, source, date, raw) in enumerate(zip(docs["doc_id"], docs["source"], docs["date"], docs["text"])):
        t = texts[d] = R.fold_width(raw)
        raws[d] = raw
        found, rejected, lex_hits = scans[d]
        discovered: list[Hit] = []
        if config.discover:
            discovered = list(found)
            recurring = _recurrences(rec, t)
            if recurring:
                # the rejected spans by canonical form, the best score of each discovered slogan
                rejected_at: dict[str, list[tuple[int, int]]] = {}
                for r in rejected:
                    rejected_at.setdefault(R.canonical(r.text), []).append((r.start, r.end))
                best: dict[str, float] = {}
                for x in found:
                    if x.slogan not in best or x.score > best[x.slogan]:
                        best[x.slogan] = x.score
            for h in recurring:
                if any(a <= h.start and h.end <= b for a, b in rejected_at.get(h.slogan, ())):
                    continue  # this very spot was judged and rejected (“四大工程” summing up a list)
                discovered.append(Hit(h.start, h.end, h.slogan, h.kind, h.origin, "recurrence", best.get(h.slogan, 0.0)))
            discovered = resolve(discovered)
        # definitions are found around every occurrence, known or discovered
        seen_defs = set()
        for h in resolve(list(lex_hits) + discovered):
            for definition, how in definitions_at(t, h):
                if (h.slogan, definition) not in seen_defs:
                    seen_defs.add((h.slogan, definition))
                    defs_rows.append((h.slogan, definition, source, d, how))
        for term, expl in glossary(t):
            if (term, expl) not in seen_defs:
                seen_defs.add((term, expl))
                defs_rows.append((term, expl, source, d, "glossary"))
        date = date if isinstance(date, str) else None
        for h in discovered:
            a = stats.get(h.slogan)
            if a is None:
                a = stats[h.slogan] = {"count": 0, "n_docs": 0, "last_doc": None, "rules": set(), "quoted": 0,
                                       "cut": 0, "verb": 0, "listed": 0, "kinds": defaultdict(int), "first": None,
                                       "first_date": None}
            a["count"] += 1
            q, cut, verb, listed = seen_occurrence(t, h)  # measured once, by the scan's priors (not recurrences)
            a["quoted"] += q
            a["cut"] += cut
            a["verb"] += verb
            a["listed"] += listed
            if a["last_doc"] != d:
                a["n_docs"] += 1
                a["last_doc"] = d
                if date is not None and (a["first_date"] is None or date < a["first_date"]):
                    a["first_date"] = date
            a["rules"].add(h.rule)
            a["kinds"][h.kind] += 1
            key = (date is None, date or "", order[i], h.start)
            if a["first"] is None or key < a["first"][0]:
                a["first"] = (key, source, d, h.start)
        out_docs.append(DocHits(d, source, [(h, raw[h.start:h.end]) for h in lex_hits],
                                [(h, raw[h.start:h.end]) for h in discovered]))
    sent_index = _sentence_index(sentences, texts, raws)
    for a in stats.values():
        key, source, d, start = a.pop("first")
        a["first"] = (key, source, sent_index(d, start))
        del a["last_doc"]
    return Partial(out_docs, defs_rows, stats)


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
            for k in ("quoted", "cut", "verb", "listed"):
                b[k] = b.get(k, 0) + a.get(k, 0)
            for k, n in a["kinds"].items():
                b["kinds"][k] += n
            if a["first"][0] < b["first"][0]:
                b["first"] = a["first"]
            if a["first_date"] is not None and (b["first_date"] is None or a["first_date"] < b["first_date"]):
                b["first_date"] = a["first_date"]

    def features(self, lexicon: Lexicon, defined: set) -> tuple[dict[str, str], list[list[float]]]:
        """Each candidate's kind (its most frequent) and feature vector, in the order of ``agg``."""
        kinds = {s: max(sorted(a["kinds"]), key=lambda k: a["kinds"][k]) for s, a in self.agg.items()}
        return kinds, [S.features(s, kinds[s], a, lexicon.mined.get(s), s in defined) for s, a in self.agg.items()]

    def tables(self, *, lexicon: Lexicon) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, float]]:
        defs_rows = [row for i in sorted(self.definitions) for row in self.definitions[i]]
        defs = pd.DataFrame(defs_rows, columns=schemas.columns("slogan_definitions")) if defs_rows \
            else schemas.empty("slogan_definitions")
        defined = set(defs["slogan"])
        # candidates: every discovered formulation over the corpus, scored
        cand_rows = []
        kinds, vecs = self.features(lexicon, defined)
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
    rows = []
    for doc in docs:
        surface = {(h.start, h.end): text for h, text in doc.lexicon + doc.discovered}
        keep = [h for h, _ in doc.lexicon] + [h for h, _ in doc.discovered if scores.get(h.slogan, 0) >= (
            config.min_score_named if h.kind == "named" else config.min_score)]
        for h in resolve(keep):
            rows.append((doc.doc_id, doc.source, h.slogan, surface[h.start, h.end], h.start, h.end, h.kind,
                         h.origin, h.rule))
    if not rows:
        return schemas.empty("slogans").astype({"start": "int32", "end": "int32"})
    found = pd.DataFrame(rows, columns=schemas.columns("slogans"))
    for col in ("start", "end"):  # on the new frame (DataFrame.astype(dict) copies every column)
        found[col] = found[col].astype("int32")
    return found


def _sentence_index(sentences: pd.DataFrame | None, texts: dict[str, str], raws: dict[str, str] | None = None):
    """A function (doc_id, offset) -> the sentence around that offset.

    A sentence's text is its ``text`` column, or without one (a run reads only the offsets:
    the column repeats the whole document) the document's text between its offsets, which is
    the same (``sentences.split``): ``raws``, the documents' texts as written."""
    # each document's rows, in the frame's order; its spans are read when it is first asked for
    # (a run asks for one sentence per formulation, not for every sentence)
    rows_of, spans_of = {}, {}
    if sentences is not None and len(sentences):
        rows_of = sentences.groupby("doc_id", sort=False, dropna=False).indices
        all_starts = sentences["start"].to_numpy(dtype=np.int64)
        all_ends = sentences["end"].to_numpy(dtype=np.int64)
        all_texts = sentences["text"] if "text" in sentences.columns else None

    def spans(doc: str):
        """(starts, ends, rows, in order and apart): a document's sentences in order and apart
        (as the sentences stage writes them) are searched by bisection; otherwise in order,
        the first holding the offset."""
        if doc not in spans_of:
            rows = rows_of[doc]
            s, e = all_starts[rows], all_ends[rows]
            spans_of[doc] = (s, e, rows, bool(np.all(e[:-1] <= s[1:]) and np.all(s[:-1] <= e[:-1])))
        return spans_of[doc]

    def sentence(doc: str, row: int) -> str:
        if all_texts is not None:
            return all_texts.iat[row]
        return raws[doc][int(all_starts[row]):int(all_ends[row])]

    def find(doc: str, pos: int) -> str:
        if doc in rows_of:
            s, e, rows, ordered = spans(doc)
            if ordered:
                k = int(np.searchsorted(s, pos, side="right")) - 1  # the last sentence starting at or before pos
                if k >= 0 and s[k] <= pos < e[k]:
                    return sentence(doc, rows[k]).strip()
            else:
                for k in np.flatnonzero((s <= pos) & (pos < e))[:1]:
                    return sentence(doc, rows[k]).strip()
        text = texts[doc]
        a = max(text.rfind(c, 0, pos) for c in "。！？；\n") + 1
        b = clause_end(text, pos, 200, sentence=True)
        return text[a:b + 1].strip()

    return find


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


def explain(text: str, lexicon: Lexicon | None = None) -> Explanation:
    """What was matched or discovered in ``text`` and why, and what was rejected: one step per
    formulation taken (``taken``), found inside a longer one (``inside``) or rejected.

    >>> [(s.text, s.decision, s.rule, s.why) for s in explain("实现“18条”与“三抓三促”").steps]
    [('“三抓三促”', 'taken', 'numeral_pattern', ''), ('“18条”', 'rejected', 'count_of_measures', 'count of measures')]
    """
    R.use_lexicon(lexicon)
    t = R.fold_width(text)
    rejections: list[Rejection] = []
    lex = lexicon_matcher(lexicon).find(t, "lexicon") if lexicon is not None else []
    found = discover(t, rejections)
    found = _trusted_weak(priors(t, found + (mined_hits(t, found, lexicon) if lexicon is not None else []), lexicon))
    kept = resolve(lex + found)

    def fields(h: Hit) -> tuple:
        return (("slogan", h.slogan), ("kind", h.kind), ("origin", h.origin), ("score", round(h.score, 3)))

    steps = [Step(text[h.start:h.end], TAKEN, h.rule, h.start, h.end, fields=fields(h)) for h in kept]
    same = {(h.start, h.end, h.slogan) for h in kept}
    for h in sorted({h for h in found if (h.start, h.end, h.slogan) not in same}, key=lambda h: (h.start, h.end, h.rule)):
        steps.append(Step(text[h.start:h.end], "inside", h.rule, h.start, h.end,
                          "belongs to a longer or equal formulation", fields(h)))
    steps += [Step(r.text, "rejected", r.rule or r.reason, r.start, r.end, r.reason) for r in rejections]
    return Explanation("slogans", text, tuple(steps), () if steps else ("nothing taken, nothing rejected",))


TAKEN = "taken"  # the decision of a formulation the stage takes


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


memory.on_stage_change(lambda: _RECURRENCE.__setitem__(0, None))
memory.on_stage_change(lambda: _SCAN_MATCHERS.__setitem__(slice(None), [None, None, None]))
memory.on_stage_change(lambda: _PRIOR_VECTORS.__setitem__(slice(None), [None, {}]))
