"""The batches of a per-file stage: which files of the corpus share a part.

A per-file stage writes one part per BATCH of files, not per file (a part costs ~1 ms to read
and ~1 ms to turn into a frame, whatever its size); see :func:`batches`.
"""

from __future__ import annotations

import hashlib

TASK_BYTES = 1_000_000  # input bytes a task takes at most (a file larger than this is a task alone)
# Batches are runs of files in corpus order whose ends are decided by the files' names: a batch
# ends after a file whose name hashes to 0 modulo BATCH_FILES (8 files a batch on average), or at
# BATCH_FILES_MAX files or TASK_BYTES of input. An edited file stays in its batch (its name did not change); an added or removed file
# changes its own batch only (and, at the caps, the next ones of the same run up to a name cut).
BATCH_FILES = 8
BATCH_FILES_MAX = 32


def batches(sources: list[str], sizes: list[int]) -> list[list[int]]:
    """The corpus's files (indexes, in order) in batches: a batch ends after a file whose name
    hashes to 0 modulo :data:`BATCH_FILES`, or when it reaches :data:`BATCH_FILES_MAX` files or
    :data:`TASK_BYTES` of input (see the constants).

    >>> [len(b) for b in batches([f"{i:03d}.txt" for i in range(40)], [10] * 40)]
    [2, 5, 12, 1, 2, 2, 14, 2]
    """
    out, cur, size = [], [], 0
    for i, source in enumerate(sources):
        cur.append(i)
        size += sizes[i]
        cut = int(hashlib.sha1(source.encode("utf-8")).hexdigest()[:8], 16) % BATCH_FILES == 0
        if cut or len(cur) >= BATCH_FILES_MAX or size >= TASK_BYTES:
            out.append(cur)
            cur, size = [], 0
    if cur:
        out.append(cur)
    return out
