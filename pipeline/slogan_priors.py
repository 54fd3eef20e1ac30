"""Slogans: the score model's prior of one occurrence (:func:`priors`), measured as a scan
finds it; the corpus-wide score of a candidate is :mod:`pipeline.slogan_scores`'."""

from __future__ import annotations

from pipeline import memory
from pipeline import slogan_scores as S
from pipeline.lexicons import Lexicon
from pipeline.slogan_hits import Hit, occurrence_bits


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
        q, cut, verb, listed, thing = S.occurrence(text, h.start, h.end)
        seen.append(occurrence_bits(q, cut, verb, listed, thing))
        key = (h.slogan, h.kind, h.rule, q, cut, verb, listed, thing)
        vec = known.get(key)
        if vec is None:
            stats = {"count": 1, "n_docs": 1, "rules": {h.rule}, "quoted": q, "cut": cut, "verb": verb, "listed": listed,
                     "thing": thing}
            vec = known[key] = S.features(h.slogan, h.kind, stats, mined.get(h.slogan), False)
        vecs.append(vec)
    # a Hit built directly: dataclasses.replace costs several times more, once per occurrence
    return [Hit(h.start, h.end, h.slogan, h.kind, h.origin, h.rule, p, b) for h, p, b in zip(hits, S.score(model, vecs), seen)]


_PRIOR_VECTORS: list = [None, {}]  # the mined dict in use and {(slogan, kind, rule, quoted, cut, verb, listed, thing): features}
_PRIOR_MEMO = 50_000  # vectors kept at most (then started afresh): a few MB


memory.on_stage_change(lambda: _PRIOR_VECTORS.__setitem__(slice(None), [None, {}]))
