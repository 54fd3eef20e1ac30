"""The local executor: a pool's results are its tasks' results whoever runs them."""

from __future__ import annotations

import os
import time

from pipeline import executor


def _where(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


def _slow(x: int) -> tuple[int, int]:
    time.sleep(0.05)
    return _where(x)


def test_until_the_workers_are_up_the_maps_run_here_then_in_the_workers():
    """Starting the workers (the forkserver imports the library and warms it, seconds of one
    core) does not leave this process waiting: it runs the maps' tasks meanwhile; once a
    worker is up, the maps run in the workers. The results are the same whoever ran a task."""
    here = os.getpid()
    with executor.LocalExecutor(2) as pool:
        first = list(pool.map(_where, range(30)))
        assert first[0][1] == here  # the first task, while the workers started
        assert sorted(v for v, _ in first) == [x * x for x in range(30)]
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:  # until a task reaches a worker (seconds; more on a loaded machine)
            results = list(pool.map(_slow, range(20)))
            assert sorted(v for v, _ in results) == [x * x for x in range(20)]
            if any(pid != here for _, pid in results):
                break
        later = list(pool.map(_where, range(30)))
    assert sorted(v for v, _ in later) == [x * x for x in range(30)]
    assert all(pid != here for _, pid in later)


def test_a_map_of_one_task_or_of_a_light_function_starts_no_worker():
    here = os.getpid()
    light = executor.light(lambda x: (x, os.getpid()))
    with executor.LocalExecutor(2) as pool:
        assert [pid for _, pid in pool.map(_where, [3])] == [here]
        assert {pid for _, pid in pool.map(light, range(5))} == {here}
        assert pool._pool is None  # noqa: SLF001 - no worker was started, nor the pool made


def _mark(arg: tuple[str, int]) -> int:
    folder, x = arg
    with open(os.path.join(folder, f"{x}-{os.getpid()}"), "x"):
        pass
    return x


def test_a_map_made_while_the_workers_start_runs_each_task_once_here_or_in_a_worker(tmp_path):
    """The caller takes one result (run here), then does other work: the rest of the map goes
    to the workers once one is up, without being asked for, and no task runs twice."""
    here = os.getpid()
    with executor.LocalExecutor(2) as pool:
        results = pool.map(_mark, [(str(tmp_path), x) for x in range(40)])
        first = next(results)
        deadline = time.monotonic() + 120  # seconds of start-up; more on a loaded machine
        while time.monotonic() < deadline and len(list(tmp_path.iterdir())) < 40:
            time.sleep(0.05)  # the caller's own work: it asks for nothing meanwhile
        ran_before = len(list(tmp_path.iterdir()))
        rest = list(results)
    assert ran_before == 40  # all run before the caller asked for more than the first
    assert sorted([first, *rest]) == list(range(40))
    ran = [tuple(int(v) for v in p.name.split("-")) for p in tmp_path.iterdir()]
    assert sorted(x for x, _ in ran) == list(range(40))  # each task once
    assert (first, here) in ran
    assert any(pid != here for _, pid in ran)
