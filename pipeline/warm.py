"""What every worker of a run would load for itself, loaded once before the workers start.

Imported only by the forkserver that forks a local run's workers (see
:class:`pipeline.executor.LocalExecutor`), never by the library: :func:`warm`
(the libraries the stages import when they first need them, the data that depends on no
configuration), then every object alive is frozen out of the garbage collector's generations
(``gc.freeze``). Each worker is a fork of that process: it starts with them, they are read
once per run instead of once per worker, and a worker's collections (one per stage change,
:func:`pipeline.memory.release`) neither scan nor copy them.

This is the one module whose import reads data; if it fails, each worker loads what it
needs itself, as without it.
"""

from __future__ import annotations

import gc
import time

_STARTED = time.monotonic()  # the warm-up's start, for the run's timeline (pipeline.timeline)

import pipeline.runner  # noqa: F401 - the library every task runs: imported once, here
import pipeline.stages  # noqa: F401 - the stages' tasks and their patterns (~510 regexes, ~0.45 s a process): a
# worker of a library run (a notebook, a script) would import them for itself; the CLI's import already did
from pipeline import divisions, jieba_engine, lexicons
import pipeline.timeline


# rjieba tokenizers a worker of a whole run builds, each with its own words: the ingest's joins
# (clean.word_across), the segmenter, the indicators' tagger (~28 MB each, shared with the
# workers until one adds its words)
SPARE_TOKENIZERS = 3


def main_module() -> None:
    """Import the main module of the process that started this forkserver, as each forked process
    would (:func:`multiprocessing.spawn.prepare`: a process whose ``__main__`` is already that
    module skips it), once here instead of in every worker (see
    :func:`pipeline.executor._main_module`). A failure is left to the workers (each imports it, as
    without this)."""
    import json
    import os
    from multiprocessing import process, spawn

    from pipeline.executor import MAIN_ENV

    raw = os.environ.get(MAIN_ENV)
    if not raw:
        return
    process.current_process()._inheriting = True  # as multiprocessing marks a child preparing itself
    try:
        spawn.prepare(json.loads(raw))
    except BaseException:  # noqa: BLE001 - SystemExit of a script without a main guard included
        pass
    finally:
        del process.current_process()._inheriting


def run_lexicons() -> None:
    """The lexicons of the run that started this forkserver (its folder in the environment,
    :data:`pipeline.executor.LEXICONS_ENV`; nothing without it), loaded as a task loads them
    (:func:`pipeline.runner.lexicon`, by folder and fingerprint), and what the slogan scan builds of
    them (:func:`pipeline.slogans.prepare`: its matchers, the score model's trees; kept across stage
    changes): each worker loaded and built them for itself (~0.1 s of CPU each). The forkserver
    starts once per process: the workers of a later run with other lexicons prepare theirs when
    they start (:func:`pipeline.executor._start_worker`)."""
    import os
    from pathlib import Path

    from pipeline import runner, slogans
    from pipeline.executor import LEXICONS_ENV

    folder = os.environ.get(LEXICONS_ENV)
    if folder:
        slogans.prepare(runner.lexicon(folder, lexicons.fingerprint(Path(folder))))


def warm() -> None:
    """Load what every worker of a run needs whatever the configuration and the changes: the
    segmenter's and the numbers' libraries (rjieba's compiled module, cn2an, loaded on first use),
    jieba's dictionary as the rules read it (read whole: the workers' scans look up many words),
    :data:`SPARE_TOKENIZERS` rjieba tokenizers (:func:`pipeline.jieba_engine.build_spares`),
    the national division list and the run's lexicons (:func:`run_lexicons`); and what the topic stage's training tasks import (scikit-learn's NMF and randomized SVD, scipy's linear algebra): every
    worker of a run that trains topic models imported it for itself (~0.8 s of CPU each), and the
    workers start only for a run with work for them (a re-run of one changed file starts none),
    which, unless its sample is unchanged, trains. A failure is left to the stage that needs the
    thing (it loads it itself and reports the error there)."""
    import importlib

    modules = ("cn2an", "scipy.linalg", "scipy.special", "sklearn.decomposition", "sklearn.utils.extmath")
    for load in (*(lambda name=name: importlib.import_module(name) for name in modules),
                 jieba_engine.tokenizer_class, lambda: jieba_engine.build_spares(SPARE_TOKENIZERS), divisions.load,
                 lambda: lexicons.jieba_dictionary().read_whole(), run_lexicons):
        try:
            load()
        except Exception:  # noqa: BLE001 - the stage that needs it loads it and reports the error
            pass


main_module()
warm()
gc.collect()
gc.freeze()
if pipeline.timeline.enabled():
    pipeline.timeline.record("span", _STARTED, time.monotonic(), stage="workers", name="warm (forkserver)")
