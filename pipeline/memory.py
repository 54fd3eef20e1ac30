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


def forget_caches() -> None:
    """Drop the per-process caches of every stage (each rebuilds what it needs, once)."""
    mods = sys.modules
    if "pipeline.segment" in mods:
        seg = mods["pipeline.segment"]
        seg._segmenter.cache_clear()
        seg._LAST[0] = None
    if "pipeline.protect" in mods:
        mods["pipeline.protect"]._dictionary_tags.cache_clear()
    if "pipeline.slogans" in mods:
        mods["pipeline.slogans"]._RECURRENCE[0] = None
        mods["pipeline.slogans"]._SERIES_MEMO[:] = [None, {}]
    if "pipeline.slogan_rules" in mods:
        mods["pipeline.slogan_rules"].jieba_words.cache_clear()
        mods["pipeline.slogan_rules"].classify_quoted.cache_clear()
    if "pipeline.numbers" in mods:
        mods["pipeline.numbers"].chinese.cache_clear()
    if "pipeline.indicators" in mods:
        ind = mods["pipeline.indicators"]
        ind._tagger.cache_clear()
        ind._tag.cache_clear()
        ind._DELIMS[:] = [None, None, None]
        ind._RESOLVED[:] = [None, None]
    if "pipeline.run" in mods:
        mods["pipeline.run"]._TASK_SLOGANS[:] = [None, {}]
        mods["pipeline.run"]._read_shared.cache_clear()


def release() -> None:
    """Collect garbage and hand freed memory back to the system (Arrow's pool, glibc's heap)."""
    gc.collect()
    if "pyarrow" in sys.modules:
        sys.modules["pyarrow"].default_memory_pool().release_unused()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (macOS, musl): nothing to trim
        pass
