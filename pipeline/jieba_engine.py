"""A fresh rjieba tokenizer, without the one ``import rjieba`` builds.

The package's ``__init__`` builds a default ``Jieba()`` at import (its whole dictionary: ~0.1 s
idle, ~0.3 s on a loaded machine) for its module-level functions, which the project never
calls: every stage builds its own tokenizer with its own words (never a global one, as with
jieba). :func:`new_tokenizer` loads rjieba's compiled module (``rjieba.rjieba``, the one the
package's ``__init__`` imports its class from) by itself, so a process builds only the
tokenizers it uses: a re-run of one changed file builds two (the segmenter's, the indicators'
tagger) instead of three. When the package is laid out otherwise, the plain import is used.

>>> new_tokenizer().cut("推进三抓三促行动", False)
['推进', '三', '抓', '三', '促', '行动']
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
from functools import lru_cache
from pathlib import Path

EXTENSION = "rjieba.rjieba"  # the compiled module that defines Jieba


@lru_cache(maxsize=1)
def tokenizer_class() -> type:
    """rjieba's ``Jieba`` class (its compiled module loaded once per process, the package's
    default tokenizer not built)."""
    module = sys.modules.get(EXTENSION)
    if module is None:
        spec = importlib.util.find_spec("rjieba")  # locates the package without running its __init__
        folder = Path(next(iter(spec.submodule_search_locations))) if spec and spec.submodule_search_locations else None
        path = next((folder / f"rjieba{suffix}" for suffix in importlib.machinery.EXTENSION_SUFFIXES
                     if folder is not None and (folder / f"rjieba{suffix}").is_file()), None)
        if path is None:
            import rjieba  # another layout: the package's own import (and its default tokenizer)

            return rjieba.Jieba
        loader = importlib.machinery.ExtensionFileLoader(EXTENSION, str(path))
        module = importlib.util.module_from_spec(importlib.util.spec_from_file_location(EXTENSION, path, loader=loader))
        loader.exec_module(module)
        # not registered in sys.modules: a later ``import rjieba`` (a notebook's) loads the package
        # as usual, its ``rjieba.rjieba`` attribute included (the import system sets it only on a
        # submodule it loads itself), and gets the same class (the compiled module is initialized
        # once per process)
    return module.Jieba


def new_tokenizer():
    """A new ``rjieba.Jieba`` with jieba's dictionary and no word of anyone else's: a spare built
    before this process was forked (:func:`build_spares`), each handed out once, else built now."""
    if _SPARES:
        return _SPARES.pop()
    return tokenizer_class()()


# tokenizers built and never used, handed out by new_tokenizer (a forked process has its own copy
# of the list and of each tokenizer: a spare taken in one worker is still a spare in the others)
_SPARES: list = []


def build_spares(n: int) -> None:
    """Build ``n`` tokenizers for :func:`new_tokenizer` to hand out, in a process that forks
    workers (:mod:`pipeline.warm`, the forkserver): an rjieba tokenizer cannot be copied or
    pickled, and building one (its whole dictionary) costs ~0.1 s, ~0.3 s on a loaded machine, in
    each worker for each stage that adds its own words (the ingest's joins, the segmenter, the
    indicators' tagger); built once before the fork, every worker starts with them."""
    cls = tokenizer_class()
    _SPARES.extend(cls() for _ in range(max(0, n - len(_SPARES))))
