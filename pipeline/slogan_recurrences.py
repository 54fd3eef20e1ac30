"""Slogans: recurrences. The formulations confident enough to be matched everywhere
(:func:`known_formulations`), those that may recur in some texts (:func:`known_present`) and
their occurrences, matched once per process."""

from __future__ import annotations

from pipeline import memory
from pipeline import slogan_rules as R
from pipeline.config import SloganConfig
from pipeline.slogan_hits import Hit, resolve
from pipeline.slogan_matchers import Matcher


# the rules of quoted series' parts read as parts only there (pipeline.slogan_discovery): never propagated
SERIES_PARTS = frozenset(("quoted_series_item", "quoted_series_word"))


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
            # a part of a quoted series that is also a phrase of the language (SERIES_PARTS) is a part
            # where the series quotes it (“学会一技、就业一人”): unquoted elsewhere it is that phrase
            if h.score >= config.propagate_score and len(h.slogan) >= (4 if h.kind == "named" else 3) \
                    and not R.BARE_DIGITS.match(h.slogan) and h.rule not in SERIES_PARTS:
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
    m = recurrence_matcher(known)
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


class FrozenKnown(dict):
    """A ``known`` dict that cannot be changed in place (a run's, decoded from its shared value):
    :func:`recurrence_matcher` reuses its matcher for the same object without comparing thousands
    of entries twice per file. A plain dict is compared by content (a caller may edit it)."""

    __slots__ = ()

    def _frozen(self, *args, **kwargs):
        raise TypeError("FrozenKnown cannot be changed: make a dict of it")

    __setitem__ = __delitem__ = __ior__ = clear = pop = popitem = setdefault = update = _frozen

    def __reduce__(self):
        return FrozenKnown, (dict(self),)


_RECURRENCE: list = [None]  # the last (known as a FrozenKnown, Matcher, {matching form: entries}, {folded text: hits}, {entry: place}) built in this process
_RECURRENCE_MEMO = 256  # texts whose recurrences known_present() keeps for finish()


def recurrence_matcher(known: dict[str, tuple[str, str]]) -> Matcher:
    last = _RECURRENCE[0]
    # the same FrozenKnown (a run's shared value, decoded once per process): the same contents,
    # known without comparing them; any other dict is compared with the last one's copy
    if last is None or (known is not last[0] and last[0] != known):
        by_key: dict[str, list[str]] = {}
        for s in known:
            by_key.setdefault(R.canonical(s).upper(), []).append(s)
            if "、" in s:  # matched without its enumeration commas too (Matcher)
                by_key.setdefault(R.canonical(s).upper().replace("、", ""), []).append(s)
        frozen = known if isinstance(known, FrozenKnown) else FrozenKnown(known)
        last = _RECURRENCE[0] = (frozen, Matcher(frozen), by_key, {}, {s: i for i, s in enumerate(frozen)})
    return last[1]


def recurrences_in(rec: Matcher, folded: str) -> list[Hit]:
    """``rec.find(folded, "discovered")``, taken from what :func:`known_present` found in the
    same text when it did."""
    memo = _RECURRENCE[0][3] if _RECURRENCE[0] is not None and _RECURRENCE[0][1] is rec else {}
    hits = memo.pop(folded, None)
    return rec.find(folded, "discovered") if hits is None else hits


memory.on_stage_change(lambda: _RECURRENCE.__setitem__(0, None))
