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
from pathlib import Path
from typing import Callable, Iterable, Iterator

from pipeline import timeline


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _ignore_sigint() -> None:
    """In a worker: Ctrl-C reaches the whole process group; the parent alone handles it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    timeline.mark("workers", "worker started")


def _start_worker(lexicons: tuple[str, str] | None = None) -> None:
    """A worker's start: Ctrl-C ignored (:func:`_ignore_sigint`), and the run's lexicons
    ``(folder, fingerprint)`` prepared (:func:`pipeline.slogans.prepare`). The forkserver, one per
    process and started once, prepared those of the run that started it (:mod:`pipeline.warm`):
    for a worker of that run nothing is built (the same lexicon object, its matchers held); a
    later run's workers (another folder, or the folder changed) build their own here instead of
    holding the first run's. A failure is left to the stage that needs them."""
    _ignore_sigint()
    if lexicons is not None:
        try:
            from pipeline import runner, slogans

            slogans.prepare(runner.lexicon(*lexicons))
        except Exception:  # noqa: BLE001 - the stage that needs them loads them and reports the error
            pass


def light(fn: Callable) -> Callable:
    """Mark a task function as light (little work per task): a local pool whose workers have
    not started runs its maps in the calling process (see :meth:`LocalExecutor.map`)."""
    fn.light = True
    return fn


class LocalExecutor:
    """A process pool of ``workers`` processes (1 = run in this process)."""

    def __init__(self, workers: int = 0, lexicons: Path | None = None):
        self.workers = workers or default_workers()
        self.lexicons = lexicons  # the run's lexicons folder, prepared for every worker (see _start_worker)
        self._ctx = None  # the forkserver context, once in the with-block with more than one worker
        self._pool = None  # made when the workers start (see _make_pool)
        self._started = False  # whether the workers were asked to start (see _start)
        self._lock = threading.Lock()  # guards what follows: this process and the starting thread share it
        self._up = False  # the forkserver is warm: maps go to the pool
        self._closed = False  # the with-block was left: the starting thread submits nothing
        self._waiting: list[_Batch] = []  # the maps made while the workers start, handed to the pool once up

    def __enter__(self):
        if self.workers > 1:
            # forkserver: workers never inherit the parent's threads (rich's progress refresher)
            ctx = multiprocessing.get_context("forkserver")
            # the forkserver imports the libraries and loads the configuration-free data every
            # worker needs, once (pipeline.warm); each worker is forked from it with them
            ctx.set_forkserver_preload(["__main__", "pipeline.warm"])
            self._ctx = ctx
        return self

    def _make_pool(self) -> None:
        """The process pool, made when the workers are first started (see :meth:`map`): its
        queue's locks start multiprocessing's resource tracker, a process of its own that a
        run starting no worker (a re-run of one changed file) never needs."""
        lexicons = None
        if self.lexicons is not None:
            from pipeline.lexicons import fingerprint

            lexicons = (str(self.lexicons), fingerprint(Path(self.lexicons)))
        self._pool = ProcessPoolExecutor(self.workers, mp_context=self._ctx, initializer=_start_worker,
                                         initargs=(lexicons,))

    def __exit__(self, exc_type, *exc):
        if self._pool is not None:
            with self._lock:
                self._closed = True
            if exc_type is not None and issubclass(exc_type, KeyboardInterrupt):
                # Ctrl-C: stop now rather than finish the running tasks (a part being
                # written is a temporary file, removed by the run; see io.remove_leftovers)
                for process in list((self._pool._processes or {}).values()):
                    process.terminate()
            # the pool's lock is never held while the forkserver warms (see _start): no wait here
            self._pool.shutdown(cancel_futures=True)
        return False

    def map(self, fn: Callable, tasks: Iterable) -> Iterator:
        """Results in completion order (in-process: in task order, each run when it is asked for).

        A pool's tasks are submitted now, not when the first result is asked for: the caller may
        do other work while they run (the topic stage counts co-occurrence during its first round).

        Until the pool's workers are started (starting them costs a forkserver that imports the
        library, ~1-1.5 s, more with :mod:`pipeline.warm`), a map of one task, or of a task
        function marked light (:func:`light`), runs in this process: a re-run that computes a
        changed file again and reduces from kept results starts no worker. The first other map
        starts them (:func:`_start`); while they start, a map's tasks are run in this process
        when the caller asks for results, and every task not yet taken is submitted to the pool
        the moment it can take them, whether the caller asks or not.
        """
        tasks = list(tasks)
        if timeline.enabled():  # a debug run (POLICYTEXT_TIMELINE): each task and each wait recorded
            return timeline.waits(self._map(timeline.wrap(fn), tasks), getattr(tasks[0], "stage", None) if tasks else None)
        return self._map(fn, tasks)

    def start_workers(self) -> None:
        """Start the workers now, if there are several and they have not started: a caller about to
        map a first small task (which would run here, see :meth:`map`) and then many lets them warm
        while it does its own work (the topic stage: its one SVD, then the candidates). Every map
        that follows goes to the pool (while they start, as :meth:`map` tells)."""
        if self._ctx is None or self._started:
            return
        self._make_pool()
        self._started = True
        with timeline.span("workers", "start forkserver"):
            _start(self._ctx, self._hand_off, self.lexicons)

    def _map(self, fn: Callable, tasks: list) -> Iterator:
        if self._ctx is None or (not self._started and (len(tasks) <= 1 or getattr(fn, "light", False))):
            return (fn(t) for t in tasks)
        self.start_workers()
        with self._lock:
            if not self._up:
                batch = _Batch(fn, tasks)
                self._waiting.append(batch)
                return self._starting(batch)
        return _completed([self._pool.submit(fn, t) for t in tasks])

    def _hand_off(self) -> None:
        """In the starting thread, once the forkserver is warm: the tasks of the maps made
        meanwhile that this process has not taken go to the pool (its workers fork at once)."""
        timeline.mark("workers", "forkserver warm: hand-off")
        with self._lock:
            self._up = True
            waiting, self._waiting = self._waiting, []
            if self._closed:
                return
            for batch in waiting:
                try:
                    batch.futures = [self._pool.submit(batch.fn, t) for t in batch.tasks[:batch.left]]
                except BaseException as exc:  # noqa: BLE001 - a broken pool: the map's caller is told
                    batch.error = exc
                batch.left = 0

    def _starting(self, batch: "_Batch") -> Iterator:
        """A map made while the workers start: this process runs the tasks it is asked results
        for until the pool takes the rest (:meth:`_hand_off`). It takes them from the end of the
        list, the pool from its start: a caller that puts its largest tasks first (the run's
        stages do) has this process run the shortest ones, so that the task it is running when
        the workers come up is a short one, not the pass's last."""
        while True:
            with self._lock:
                if self._up or batch.left <= 0:
                    break
                batch.left -= 1
                task = batch.tasks[batch.left]
            yield batch.fn(task)
        with self._lock:  # the hand-off is complete (it holds the lock throughout)
            futures, batch.futures = batch.futures, None
        if batch.error is not None:
            raise batch.error
        if futures:
            yield from _completed(futures)


class _Batch:
    """The tasks of a map made while the workers start; ``left``: how many of the first ones
    neither this process has run (it takes the last of them) nor the pool was given (it takes them
    all); a task is taken once, under :attr:`LocalExecutor._lock`."""

    def __init__(self, fn: Callable, tasks: list):
        self.fn, self.tasks = fn, tasks
        self.left = len(tasks)
        self.futures: list | None = None
        self.error: BaseException | None = None


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
        tasks = list(tasks)
        if timeline.enabled():
            return timeline.waits(self._completed(self._client.map(timeline.wrap(fn), tasks, pure=False)),
                                  getattr(tasks[0], "stage", None) if tasks else None)
        return self._completed(self._client.map(fn, tasks, pure=False))

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
    """A process whose start tells that the forkserver is warm (see :func:`_start`)."""


def _start(ctx, hand_off: Callable[[], None], lexicons: Path | None = None) -> threading.Thread:
    """Start the forkserver and, in a thread of this process, wait for it to be warm, then call
    ``hand_off`` (which submits to the pool: its workers fork at once from the warm forkserver).
    ``lexicons``: the run's lexicons folder, which the forkserver, if this starts it, prepares for
    every worker (a forkserver already running keeps what it prepared: see :func:`_start_worker`).

    The forkserver imports the library and loads what every worker needs (:mod:`pipeline.warm`,
    ~3 s of one core) before it forks anything; this process would only wait for it, so until
    then it runs the maps' tasks itself (the first files of the run). The thread waits by
    starting a process that does nothing, not by the pool's first submit: that submit holds the
    pool's shutdown lock until the process is forked, and a Ctrl-C meanwhile would wait for it
    in ``shutdown``.
    """
    # the forkserver inherits this process's environment when it starts: it is told this
    # process's main module there, to import it once for every worker (see pipeline.warm)
    os.environ[MAIN_ENV] = _main_module()
    if lexicons is not None:  # and the run's lexicons folder, to load it once (pipeline.warm.run_lexicons)
        os.environ[LEXICONS_ENV] = str(lexicons)
    try:
        if threading.current_thread() is threading.main_thread():
            # the forkserver started here with Ctrl-C ignored (inherited through its exec): it
            # ignores it anyway once warm, but a Ctrl-C during its import would print its traceback
            previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
            try:
                forkserver.ensure_running()
            finally:
                signal.signal(signal.SIGINT, previous)
        else:
            forkserver.ensure_running()
    finally:
        os.environ.pop(MAIN_ENV, None)
        os.environ.pop(LEXICONS_ENV, None)
    starter = threading.Thread(target=_wait_warm, args=(ctx, hand_off), name="start-workers", daemon=True)
    starter.start()
    return starter


# the main module of the process that starts the forkserver, for pipeline.warm (see _main_module)
MAIN_ENV = "POLICYTEXT_FORKSERVER_MAIN"
# the lexicons folder of the run that starts the forkserver, for pipeline.warm (see pipeline.warm.run_lexicons)
LEXICONS_ENV = "POLICYTEXT_FORKSERVER_LEXICONS"


def _main_module() -> str:
    """This process's main module as multiprocessing tells it to a child (its path, or its name
    for ``python -m``), as JSON. A forkserver told to preload ``__main__`` should import it once
    for every worker, but Python 3.11's passes the path under a key it never reads: each process
    it forks (every worker, the probe of :func:`_wait_warm`) then imports the main module for
    itself, for ``policytext`` the CLI with typer and rich (~0.5 s of CPU each, 1-2.5 s of a
    loaded machine before the worker takes its first task). :mod:`pipeline.warm` imports it once."""
    import json
    from multiprocessing import spawn

    data = spawn.get_preparation_data("ignore")
    return json.dumps({k: data[k] for k in ("init_main_from_path", "init_main_from_name") if k in data})


def _wait_warm(ctx, hand_off: Callable[[], None]) -> None:
    """The starting thread's work (see :func:`_start`)."""
    probe = None
    try:
        probe = ctx.Process(target=_up, daemon=True)
        with timeline.span("workers", "probe started"):
            probe.start()  # returns once the forkserver, warm, has forked it
    except BaseException:  # noqa: BLE001 - the pool's own submit reports a failure to start processes
        pass
    # at once: the probe's own exit is no sign of anything (waiting for it cost 1-1.5 s of a
    # loaded machine, this thread and the probe waiting for a core while the parent's tasks run)
    with timeline.span("workers", "hand-off"):
        hand_off()
    if probe is not None and probe.pid is not None:
        try:
            probe.join()
        except BaseException:  # noqa: BLE001 - nothing waits on it
            pass


def _completed(futures: list) -> Iterator:
    """The results of ``futures`` as they finish."""
    pending = as_completed(futures)
    del futures  # a result is freed once taken: the futures do not keep every result to the end
    for fut in pending:
        yield fut.result()


def make(engine: str, workers: int = 0, scheduler: str | None = None, lexicons: Path | None = None):
    if engine == "local":
        return LocalExecutor(workers, lexicons)
    if engine == "dask":
        return DaskExecutor(scheduler, workers)
    raise ValueError(f"unknown engine {engine!r}: use 'local' or 'dask'")
