"""A run's timeline, for finding where its wall clock goes (a debug hook, off by default).

With ``POLICYTEXT_TIMELINE=FOLDER`` in the environment, every process of a local run (the
parent, the pool's workers, which inherit the variable through the forkserver) appends
one JSON line per span to ``FOLDER/<pid>.jsonl``:

- ``task``: a task function run by an executor (in a worker, or in the parent when the pool
  has not started or has one worker): its function, stage, pass, files, input bytes, start and
  end, and the size of its pickled result and the time pickling it took (measured after the
  span's end, so not in it);
- ``wait``: the parent blocked for the next result of a map (in the pool's queue, or running
  a task itself while the workers start);
- ``span``: a named piece of the parent's own serial work (planning, reduces, table writes);
- ``stage``: a stage of the run, start to end, in the parent.

Times are ``time.monotonic()`` (one clock for every process of the machine).
``bench/timeline.py`` runs ``policytext run`` with the hook on and prints, per stage, each
process's busy and idle seconds. Without the variable nothing is recorded and the task
functions are not wrapped.

>>> enabled() in (True, False)
True
"""

from __future__ import annotations

import json
import os
import pickle
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

ENV = "POLICYTEXT_TIMELINE"


def folder() -> str:
    return os.environ.get(ENV, "")


def enabled() -> bool:
    return bool(folder())


def record(kind: str, start: float, end: float, **fields) -> None:
    """Append one span to this process's file (nothing when the hook is off). A debug hook never
    decides whether a run succeeds: its folder is made if absent, and a record that cannot be
    written (a folder removed under a running pool, a full disk) is dropped."""
    where = folder()
    if not where:
        return
    line = json.dumps({"kind": kind, "pid": os.getpid(), "start": start, "end": end, **fields}, ensure_ascii=False)
    from pipeline import io

    try:
        io.append_line(io.ensure_folder(Path(where)) / f"{os.getpid()}.jsonl", line)
    except OSError:
        pass


def mark(stage: str, name: str) -> None:
    """An instant of this process's life (a worker started, the forkserver warm), recorded only with the hook on."""
    if enabled():
        now = time.monotonic()
        record("span", now, now, stage=stage, name=name)


@contextmanager
def span(stage: str, name: str, kind: str = "span") -> Iterator[None]:
    """A named span of this process's work (recorded only with the hook on)."""
    if not enabled():
        yield
        return
    start = time.monotonic()
    try:
        yield
    finally:
        record(kind, start, time.monotonic(), stage=stage, name=name)


def _describe(task) -> dict:
    items = getattr(task, "items", None)
    part = getattr(task, "part", None)
    out = {"stage": getattr(task, "stage", None), "part": getattr(part, "name", None)}
    if items is not None:
        out["files"] = len(items)
        out["first"] = items[0].index if items else None
    return out


class Timed:
    """A task function whose calls are recorded as ``task`` spans (picklable when ``fn`` is)."""

    def __init__(self, fn: Callable):
        self.fn = fn
        self.light = getattr(fn, "light", False)

    def __call__(self, task):
        start = time.monotonic()
        result = self.fn(task)
        end = time.monotonic()
        t = time.monotonic()
        try:
            size = len(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        except Exception:  # noqa: BLE001 - a result the pool could not send either: reported there
            size = -1
        record("task", start, end, fn=getattr(self.fn, "__name__", str(self.fn)), pickled=size,
               pickle_s=time.monotonic() - t, **_describe(task))
        return result


def wrap(fn: Callable) -> Callable:
    """``fn`` recorded (with the hook on), else ``fn`` itself."""
    return Timed(fn) if enabled() and not isinstance(fn, Timed) else fn


def waits(results: Iterator, stage: str | None = None) -> Iterator:
    """``results`` with the parent's time blocked in each ``next()`` recorded as ``wait``."""
    if not enabled():
        yield from results
        return
    it = iter(results)
    while True:
        start = time.monotonic()
        try:
            item = next(it)
        except StopIteration:
            record("wait", start, time.monotonic(), stage=stage)
            return
        record("wait", start, time.monotonic(), stage=stage)
        yield item
