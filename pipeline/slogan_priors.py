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
    if _PRIOR_VECTORS[0] is not mined or _PRIOR_VECTORS[2] is not model or len(_PRIOR_VECTORS[1]) > _PRIOR_MEMO:
        _PRIOR_VECTORS[:] = [mined, {}, model]
    known = _PRIOR_VECTORS[1]  # an occurrence's probability depends on these alone: computed once per process
    keys, seen, new = [], [], {}
    for h in hits:
        q, cut, verb, listed, thing = S.occurrence(text, h.start, h.end)
        seen.append(occurrence_bits(q, cut, verb, listed, thing))
        key = (h.slogan, h.kind, h.rule, q, cut, verb, listed, thing)
        if key not in known and key not in new:
            stats = {"count": 1, "n_docs": 1, "rules": {h.rule}, "quoted": q, "cut": cut, "verb": verb, "listed": listed,
                     "thing": thing}
            new[key] = S.features(h.slogan, h.kind, stats, mined.get(h.slogan), False)
        keys.append(key)
    # an occurrence's probability depends on its vector alone: the model scores the new ones
    known.update(zip(new, S.score(model, list(new.values()))))
    # a Hit built directly: dataclasses.replace costs several times more, once per occurrence
    return [Hit(h.start, h.end, h.slogan, h.kind, h.origin, h.rule, known[k], b) for h, k, b in zip(hits, keys, seen)]


_PRIOR_VECTORS: list = [None, {}, None]  # the mined dict in use, {(slogan, kind, rule, quoted, cut, verb, listed, thing): probability}, the model in use
_PRIOR_MEMO = 50_000  # probabilities kept at most (then started afresh): a few MB


memory.on_stage_change(lambda: _PRIOR_VECTORS.__setitem__(slice(None), [None, {}, None]))
