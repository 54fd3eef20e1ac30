"""Where per-file work runs: in this process, a local process pool, or a Dask cluster.

All three take the same task function and the same picklable task arguments and yield
results as tasks finish; the run sorts results by input order, so the tables are
identical whatever the executor.

>>> list(LocalExecutor(1).map(abs, [-1, -2]))
[1, 2]
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import forkserver
from typing import Callable, Iterable, Iterator


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _ignore_sigint() -> None:
    """In a worker: Ctrl-C reaches the whole process group; the parent alone handles it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def light(fn: Callable) -> Callable:
    """Mark a task function as light (little work per task): a local pool whose workers have
    not started runs its maps in the calling process (see :meth:`LocalExecutor.map`)."""
    fn.light = True
    return fn


class LocalExecutor:
    """A process pool of ``workers`` processes (1 = run in this process)."""

    def __init__(self, workers: int = 0):
        self.workers = workers or default_workers()
        self._pool = None
        self._started = False  # whether a task was submitted to the pool (its workers started)
        self._starter: threading.Thread | None = None  # the thread starting the workers (see _start)

    def __enter__(self):
        if self.workers > 1:
            # forkserver: workers never inherit the parent's threads (rich's progress refresher)
            ctx = multiprocessing.get_context("forkserver")
            # the forkserver imports the libraries and loads the configuration-free data every
            # worker needs, once (pipeline.warm); each worker is forked from it with them
            ctx.set_forkserver_preload(["__main__", "pipeline.warm"])
            self._pool = ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=_ignore_sigint)
        return self

    def __exit__(self, exc_type, *exc):
        if self._pool is not None:
            if exc_type is not None and issubclass(exc_type, KeyboardInterrupt):
                # Ctrl-C: stop now rather than finish the running tasks (a part being
                # written is a temporary file, removed by the run; see io.remove_leftovers)
                for process in list((self._pool._processes or {}).values()):
                    process.terminate()
            self._pool.shutdown(cancel_futures=True)
        return False

    def map(self, fn: Callable, tasks: Iterable) -> Iterator:
        """Results in completion order (in-process: in task order, each run when it is asked for).

        A pool's tasks are submitted now, not when the first result is asked for: the caller may
        do other work while they run (the topic stage counts co-occurrence during its first round).

        Until the pool's workers are started (they start with its first submitted task, and
        starting them costs a process that imports the library, ~1-1.5 s), a map of one task,
        or of a task function marked light (:func:`light`), runs in this process: a re-run
        that computes a changed file again and reduces from kept results starts no worker.
        The map that starts them, and any map after it until the first worker is up, runs its
        tasks in this process in the meantime (see :func:`_start`).
        """
        tasks = list(tasks)
        if self._pool is None or (not self._started and (len(tasks) <= 1 or getattr(fn, "light", False))):
            return (fn(t) for t in tasks)
        if not self._started:
            self._started = True
            self._starter = _start(self._pool)
        if self._starter.is_alive():
            return self._starting(fn, tasks)
        return _completed([self._pool.submit(fn, t) for t in tasks])

    def _starting(self, fn: Callable, tasks: list) -> Iterator:
        """A map while the workers start (:func:`_start`): this process runs its tasks until
        the first worker is up, the pool the rest."""
        i = 0
        while i < len(tasks) and self._starter.is_alive():
            yield fn(tasks[i])
            i += 1
        if i < len(tasks):
            yield from _completed([self._pool.submit(fn, t) for t in tasks[i:]])


class DaskExecutor:
    """Tasks on a Dask cluster: ``address`` of a running scheduler, or a local cluster.

    Workers read inputs and write parts through the file system, so on a multi-machine
    cluster the corpus and output folders must be on a shared file system.
    """

    def __init__(self, address: str | None = None, workers: int = 0):
        self.address = address
        self.workers = workers or default_workers()
        self._client = None
        self._cluster = None

    def __enter__(self):
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise RuntimeError("the dask engine needs dask[distributed]: pip install 'policytext[dask]'") from exc
        if self.address:
            self._client = Client(self.address)
        else:
            self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                         dashboard_address=None)
            self._client = Client(self._cluster)
        return self

    def __exit__(self, *exc):
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        return False

    def map(self, fn: Callable, tasks: Iterable) -> Iterator:
        """Results in completion order; the tasks are submitted now (as :meth:`LocalExecutor.map`)."""
        return self._completed(self._client.map(fn, list(tasks), pure=False))

    @staticmethod
    def _completed(futures: list) -> Iterator:
        from dask.distributed import as_completed as dask_completed

        pending = dask_completed(futures)
        del futures  # each result is released once taken: the workers do not keep every result
        for fut in pending:
            result = fut.result()
            fut.release()
            yield result


def _up() -> None:
    """A worker's first task: none (see :func:`_start`)."""


def _start(pool: ProcessPoolExecutor) -> threading.Thread:
    """Start ``pool``'s workers in a thread of this process: returns the thread, which ends
    when the first worker is up.

    The pool's first submit does not return before the forkserver has imported the library
    and loaded what every worker needs (:mod:`pipeline.warm`, ~3 s of one core) and forked
    that worker; this process would only wait for it, so until then it runs the maps' tasks
    itself (the first files of the run). Its other workers are forked from the warm
    forkserver at the next submits, at once.
    """
    if threading.current_thread() is threading.main_thread():
        # the forkserver started here with Ctrl-C ignored (inherited through its exec): it
        # ignores it anyway once warm, but a Ctrl-C during its import would print its traceback
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            forkserver.ensure_running()
        finally:
            signal.signal(signal.SIGINT, previous)
    starter = threading.Thread(target=_submit_first, args=(pool,), name="start-workers", daemon=True)
    starter.start()
    return starter


def _submit_first(pool: ProcessPoolExecutor) -> None:
    """The starting thread's work: the pool's first submit (which starts the first worker)."""
    try:
        pool.submit(_up)
    except BaseException:  # noqa: BLE001 - a pool broken or shut down meanwhile: the caller's next submit says so
        pass


def _completed(futures: list) -> Iterator:
    """The results of ``futures`` as they finish."""
    pending = as_completed(futures)
    del futures  # a result is freed once taken: the futures do not keep every result to the end
    for fut in pending:
        yield fut.result()


def make(engine: str, workers: int = 0, scheduler: str | None = None):
    if engine == "local":
        return LocalExecutor(workers)
    if engine == "dask":
        return DaskExecutor(scheduler, workers)
    raise ValueError(f"unknown engine {engine!r}: use 'local' or 'dask'")
