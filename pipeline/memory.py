"""Giving memory back between stages.

A worker process (or the parent, when it runs the work itself) keeps each stage's large
lookup structures in caches: the segmenter with its automaton over every protected
formulation, jieba's dictionary read by the slogan rules, the indicators' tagger. A
process that moves on to another stage drops the previous stage's caches and returns the
freed memory to the system, so a process's peak is the largest single stage, not their sum.

>>> forget_caches(); release()
"""

from __future__ import annotations

import ctypes
import gc
import sys
from contextlib import contextmanager
from typing import Callable, Iterator


_CLEARERS: list[Callable[[], None]] = []


def on_stage_change(clear: Callable[[], None]) -> Callable[[], None]:
    """Register a function that drops a module's per-process caches (a module calls this at
    import for each of its caches; :func:`forget_caches` calls them all)."""
    _CLEARERS.append(clear)
    return clear


def forget_caches() -> None:
    """Drop the per-process caches of every stage (each rebuilds what it needs, once)."""
    for clear in _CLEARERS:
        clear()


def release() -> None:
    """Collect garbage and hand freed memory back to the system (Arrow's pool, glibc's heap)."""
    gc.collect()
    if "pyarrow" in sys.modules:
        sys.modules["pyarrow"].default_memory_pool().release_unused()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (macOS, musl): nothing to trim
        pass


@contextmanager
def long_lived() -> Iterator[None]:
    """Within the block, the objects alive at its start (the imported modules, the lexicons
    and lists loaded before it) are set aside from the garbage collector (``gc.freeze``): each
    collection of the run (one per stage change, and the automatic ones) then scans only what
    the stages made since, not ~100,000 objects of code and dictionaries (~0.1 s a collection).
    They are handed back at the end, so garbage among them is still collected later.

    No collection first (a full one of those objects, ~0.05 s of every run, found a few hundred
    of garbage). The youngest generation is collected every :data:`YOUNG_THRESHOLD` allocations
    rather than 700: the run's objects then rarely reach the older generations, whose automatic
    full collections (three or more in a re-run of one changed file, ~15 ms each) stop; the
    stage changes still collect everything (:func:`release`)."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(threshold[0], YOUNG_THRESHOLD), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


YOUNG_THRESHOLD = 10_000  # allocations between two collections of the youngest generation in a run
