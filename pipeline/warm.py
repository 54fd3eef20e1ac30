"""What every worker of a run would load for itself, loaded once before the workers start.

Imported only by the forkserver that forks a local run's workers (see
:class:`pipeline.executor.LocalExecutor`), never by the library: :func:`pipeline.runner.warm`
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

from pipeline.runner import warm

warm()
gc.collect()
gc.freeze()
