"""Slogans: the finish pass, per document after :func:`pipeline.slogan_recurrences.known_formulations`:
recurrences of known formulations, definitions, and each discovered formulation's counts
(:class:`Partial`), with the sentence of its first occurrence."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline import slogan_rules as R
from pipeline.config import SloganConfig
from pipeline.slogan_definitions import clause_end, definitions_at, glossary
from pipeline.slogan_hits import Hit, resolve, seen_occurrence
from pipeline.slogan_recurrences import recurrence_matcher, recurrences_in


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
    docs = documents  # its columns read as they are (a selection copied the frame, once per file)
    rec = recurrence_matcher(known) if config.discover else None
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
            recurring = recurrences_in(rec, t)
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
                                       "cut": 0, "verb": 0, "listed": 0, "thing": 0, "kinds": defaultdict(int), "first": None,
                                       "first_date": None}
            a["count"] += 1
            q, cut, verb, listed, thing = seen_occurrence(t, h)  # measured once, by the scan's priors (not recurrences)
            a["quoted"] += q
            a["cut"] += cut
            a["verb"] += verb
            a["listed"] += listed
            a["thing"] += thing
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


def _sentence_index(sentences: pd.DataFrame | None, texts: dict[str, str], raws: dict[str, str] | None = None):
    """A function (doc_id, offset) -> the sentence around that offset.

    A sentence's text is its ``text`` column, or without one (a run reads only the offsets:
    the column repeats the whole document) the document's text between its offsets, which is
    the same (``sentences.split``): ``raws``, the documents' texts as written."""
    # each document's rows, in the frame's order; its spans are read when it is first asked for
    # (a run asks for one sentence per formulation, not for every sentence)
    rows_of, spans_of = {}, {}
    if sentences is not None and len(sentences):
        rows_of = _rows_by_doc(sentences["doc_id"].tolist())
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
            ordered = bool(np.all(e[:-1] <= s[1:]) and np.all(s[:-1] <= e[:-1]))
            # in order and apart: as lists, searched by bisect (numpy's searchsorted and its scalars
            # cost more than the search on a document's few hundred sentences)
            spans_of[doc] = (s.tolist(), e.tolist(), rows.tolist(), True) if ordered else (s, e, rows, False)
        return spans_of[doc]

    def sentence(doc: str, row: int) -> str:
        if all_texts is not None:
            return all_texts.iat[row]
        return raws[doc][int(all_starts[row]):int(all_ends[row])]

    def find(doc: str, pos: int) -> str:
        if doc in rows_of:
            s, e, rows, ordered = spans(doc)
            if ordered:
                k = bisect_right(s, pos) - 1  # the last sentence starting at or before pos
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


def _rows_by_doc(doc_ids: list) -> dict:
    """Each document's rows (positions, in order) in a column of document ids: what
    ``groupby(sort=False).indices`` gives, without a grouper built per file (~1 ms each, the
    rows of a file a few hundred).

    >>> {d: rows.tolist() for d, rows in _rows_by_doc(["a", "b", "a"]).items()}
    {'a': [0, 2], 'b': [1]}
    """
    rows: dict = {}
    for i, d in enumerate(doc_ids):
        rows.setdefault(d, []).append(i)
    return {d: np.array(r, dtype=np.intp) for d, r in rows.items()}
