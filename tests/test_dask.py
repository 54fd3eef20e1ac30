"""The Dask engine gives the same tables as the local process pool (real LocalCluster)."""

from __future__ import annotations

import shutil

from pipeline import config as config_mod
from pipeline.run import run
from tests.conftest import CORPUS
from tests.test_run import _bytes


def test_dask_local_cluster_gives_identical_tables(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    local = config_mod.Config(corpus=corpus, out=tmp_path / "local", workers=2)
    dask = config_mod.Config(corpus=corpus, out=tmp_path / "dask", workers=2, engine="dask")
    run(local)
    result = run(dask)
    assert result.work["ingest"]["computed"] == 5
    assert _bytes(local.out) == _bytes(dask.out)
