"""The local executor: a pool's results are its tasks' results whoever runs them."""

from __future__ import annotations

import os

from pipeline import executor


def _where(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


def test_the_map_that_starts_the_workers_runs_its_first_tasks_here_until_they_are_up():
    """Starting the workers (the forkserver imports the library and warms it, seconds of one
    core) does not leave this process waiting: it runs the first tasks meanwhile; a later map
    runs every task in the workers. The results are the same whoever ran a task."""
    here = os.getpid()
    with executor.LocalExecutor(2) as pool:
        first = list(pool.map(_where, range(30)))
        second = list(pool.map(_where, range(30)))
    for results in (first, second):
        assert sorted(v for v, _ in results) == [x * x for x in range(30)]
    assert first[0][1] == here  # the first task, while the workers started
    assert all(pid != here for _, pid in second)


def test_a_map_of_one_task_or_of_a_light_function_starts_no_worker():
    here = os.getpid()
    light = executor.light(lambda x: (x, os.getpid()))
    with executor.LocalExecutor(2) as pool:
        assert [pid for _, pid in pool.map(_where, [3])] == [here]
        assert {pid for _, pid in pool.map(light, range(5))} == {here}
        assert pool._pool._processes in (None, {})  # noqa: SLF001 - no worker was started
