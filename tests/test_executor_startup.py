"""The local executor while its workers start (tasks run at once, Ctrl-C stops at once) and the
cache-only ``terms`` table in ``export``.

Each test began as a reviewer's minimal reproduction of a bug found by running the code (it
fails on f90fafa).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _script(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "script.py"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def _python(script: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=timeout, env=env,
                          cwd=str(script.parent))


CTRL_C = """
    import os, signal, sys, time
    from pipeline.executor import LocalExecutor

    if __name__ == "__mp_main__":  # the forkserver imports this script as it warms: a slow warm-up,
        time.sleep(30)             # as on a loaded machine; its end leaves a mark
        open("warmed", "w").close()

    def task(arg):
        i, parent = arg
        if i == 0:  # the user presses Ctrl-C while the run's first tasks are running
            open("pressed", "w").close()
            os.kill(parent, signal.SIGINT)
        time.sleep(0.3)
        return i

    if __name__ == "__main__":
        try:
            with LocalExecutor(2) as pool:
                list(pool.map(task, [(i, os.getpid()) for i in range(50)]))
        except KeyboardInterrupt:
            print("pressed" if os.path.exists("pressed") else "-", "warmed" if os.path.exists("warmed") else "cold")
"""


def test_ctrl_c_while_the_workers_start_stops_the_run_at_once(tmp_path):
    """speed12: the first worker is started by a thread whose ``pool.submit`` holds the pool's
    shutdown lock until the forkserver has imported the library and run ``warm`` (seconds, more
    on a loaded machine). A Ctrl-C meanwhile (the maps run their tasks in this process) raises
    at once, but ``LocalExecutor.__exit__``'s ``shutdown`` waited for that lock: the run stopped
    only when the forkserver was warm, and the worker forked after the shutdown could print a
    traceback (``FileNotFoundError`` in ``SemLock._rebuild``).
    Asserted by order, not by a clock: the forkserver's warm-up is made 30 s long and marks its
    end; the run must have left its with-block, Ctrl-C handled, before that mark (f90fafa: the
    mark is there, after 34 s; now the script ends in well under a second)."""
    script = _script(tmp_path, CTRL_C)
    out, err = tmp_path / "out.txt", tmp_path / "err.txt"
    with out.open("w") as o, err.open("w") as e:  # files, not pipes: the warming forkserver holds its copy of
        subprocess.run([sys.executable, str(script)], stdout=o, stderr=e, timeout=120, cwd=str(tmp_path),  # them
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.read_text().split() == ["pressed", "cold"], (out.read_text(), err.read_text())


SUBMITTED_NOW = """
    import os, sys, time
    from pipeline.executor import LocalExecutor

    def task(i):
        open(f"ran-{i}", "w").close()
        return i

    if __name__ == "__main__":
        with LocalExecutor(2) as pool:
            results = pool.map(task, range(4))
            # the caller does other work while the tasks run (the topic stage counts co-occurrence
            # during its first round of candidates): wait for any task to have run, up to 60 s
            deadline = time.time() + 60
            while time.time() < deadline and not any(n.startswith("ran-") for n in os.listdir(".")):
                time.sleep(0.1)
            ran_before = sum(n.startswith("ran-") for n in os.listdir("."))
            assert sorted(results) == [0, 1, 2, 3]
            print(ran_before)
"""


def test_a_map_s_tasks_run_before_its_results_are_asked_for(tmp_path):
    """speed12: ``LocalExecutor.map`` promises "a pool's tasks are submitted now, not when the first
    result is asked for: the caller may do other work while they run (the topic stage counts
    co-occurrence during its first round)". While the first worker starts (the first map of a run
    with work: on a re-run after a topic option change, the k search's first round itself), ``map``
    returns the lazy generator ``_starting``: no task is run or submitted until the caller iterates,
    so nothing overlaps the caller's work, and then the tasks run one by one in this process.
    Expected: tasks of the map run while the caller waits (>= 1 within 60 s). Actual: 0."""
    done = _python(_script(tmp_path, SUBMITTED_NOW), timeout=180)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip()) >= 1


MAIN_ONCE = """
    import os, sys

    if __name__ == "__mp_main__":  # the script as a process of the pool imports it: one mark a process
        open(f"imported-{os.getpid()}", "w").close()

    if __name__ == "__main__":
        import time
        from pipeline.executor import LocalExecutor

        with LocalExecutor(2) as pool:
            # a library function (the run's tasks are): no process needs a name of this script;
            # this process runs the maps' tasks until the workers are up, then the workers run them
            deadline = time.time() + 120
            while not pool._up and time.time() < deadline:
                list(pool.map(time.sleep, [0.05, 0.05]))
            list(pool.map(time.sleep, [0.2] * 4))
        print(sum(n.startswith("imported-") for n in os.listdir(".")))
"""


def test_the_main_script_is_imported_once_for_the_pool_not_by_each_worker(tmp_path):
    """speed22: the forkserver is told to preload ``__main__``, but Python 3.11's forkserver gets the
    main script's path under a key it never reads, so every process it forked (the probe that tells
    it is warm, then each worker) imported the script for itself before its first task: for the
    ``policytext`` command the CLI with typer and rich, ~0.5 s of CPU each, 1-2.5 s of a loaded machine
    between the forkserver being warm and the workers' first task. Expected: the script imported
    once, by the forkserver (``pipeline.warm.main_module``). Before: once per process forked (3)."""
    done = _python(_script(tmp_path, MAIN_ONCE), timeout=180)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip()) == 1


@pytest.fixture(scope="module")
def one_file_run(tmp_path_factory):
    """A complete run on a one-file corpus (workers=1)."""
    from pipeline import config as config_mod
    from pipeline.run import run

    base = tmp_path_factory.mktemp("one_file")
    corpus = base / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("关于推进乡村振兴的通知\n各地要全面推进乡村振兴，加快数字经济发展。\n", encoding="utf-8")
    cfg = config_mod.Config(corpus=corpus, out=base / "out", workers=1)
    run(cfg)
    return cfg.out


def test_export_of_the_cache_only_terms_table_does_not_tell_the_user_to_run_its_stage(one_file_run):
    """speed13: ``terms`` is declared in ``schemas.TABLES`` but ``CACHE_ONLY`` (never assembled into
    the output folder). ``export`` accepts it as a declared table (and lists it among the declared
    tables in its error message), then skips it as "not in OUT (its stage has not run yet)" after a
    complete run that ran that stage: the user is told to run a stage that will never produce it.
    Expected: ``terms`` refused as no output table (ExportError), or a skip reason that says it is
    kept in the part cache only. Actual: "its stage has not run yet"."""
    from pipeline import export

    assert (one_file_run / ".cache" / "terms").is_dir()  # the stage ran
    try:
        result = export.export(one_file_run, "csv", tables=["terms"], dest=one_file_run / "exports")
    except export.ExportError as exc:
        assert "terms" in str(exc)
        return
    assert "has not run" not in result.skipped.get("terms", ""), result.skipped


STAGES_WARM = """
    import sys


    def stages_loaded(_):
        return "pipeline.stages" in sys.modules


    if __name__ == "__main__":
        import time
        from pipeline.executor import LocalExecutor

        with LocalExecutor(2) as pool:
            deadline = time.time() + 120
            while not pool._up and time.time() < deadline:
                list(pool.map(time.sleep, [0.05, 0.05]))
            print(all(pool.map(stages_loaded, range(4))), "pipeline.stages" in sys.modules)
"""


def test_the_workers_of_a_library_run_find_the_stages_already_imported(tmp_path):
    """A run started from a notebook or a script (not the ``policytext`` command, whose import in the
    forkserver brings the stages along) had each worker import ``pipeline.stages`` — the stages' tasks
    and ~510 compiled patterns, ~0.45 s of CPU a process — before its first task. ``pipeline.warm``
    imports them once in the forkserver: every worker starts with them, while this process (a script
    that never imported them) still has not."""
    done = _python(_script(tmp_path, STAGES_WARM), timeout=180)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "False"]


# a reviewer's reproduction: the forkserver is one per Python process and started once, so it
# prepares the lexicons of the first run that starts it; a later run's workers (a notebook, a
# script running two configurations) held that first lexicon's matchers and built their own per
# task. Each worker now prepares its run's lexicons when it starts (executor._start_worker).

def probe_prepared(_):
    """In a worker: (pid, number of entries of the lexicon whose scan matchers it holds)."""
    import time

    from pipeline import slogans

    time.sleep(1.0)  # long enough for the pool to be up: tasks are run here while it starts
    held = slogans._SCAN_MATCHERS[0]
    return os.getpid(), None if held is None else len(held)


def test_second_pool_in_a_process_prepares_its_own_lexicons(tmp_path, monkeypatch):
    import shutil

    from pipeline import executor, lexicons
    from pipeline.config import DEFAULT_LEXICONS

    lex_a = Path(DEFAULT_LEXICONS)
    lex_b = tmp_path / "lexB"
    shutil.copytree(lex_a, lex_b)
    with open(lex_b / "slogans.txt", "a", encoding="utf-8") as f:
        f.write("产业链建设\tnamed\n强省会\tnamed\n")
    n_a, n_b = len(lexicons.load(lex_a).slogans), len(lexicons.load(lex_b).slogans)
    assert n_a != n_b
    # the workers import this module for probe_prepared (if this test starts the forkserver)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    me = os.getpid()
    sizes = {}
    for name, lex in (("A", lex_a), ("B", lex_b), ("A again", lex_a)):
        with executor.LocalExecutor(2, lex) as pool:
            sizes[name] = {n for pid, n in pool.map(probe_prepared, range(8)) if pid != me}
    assert sizes == {"A": {n_a}, "B": {n_b}, "A again": {n_a}}, sizes
