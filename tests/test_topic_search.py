"""The k search on a process pool: where its one SVD runs, when the workers start, what it shares."""

from __future__ import annotations

import json
from unittest import mock

import numpy as np
import pytest
from scipy import sparse

from pipeline import executor, partcache, runner, topic_search, topics
from pipeline.config import TopicConfig
from tests.test_topics import synthetic

CFG = TopicConfig(unit="document", k_min=2, k_max=6, k_step=2, min_unit_terms=3)


class Recording:
    """A pool that records its maps (task function's name, tasks) and hands them to ``pool``."""

    def __init__(self, pool):
        self.pool, self.maps = pool, []

    def start_workers(self) -> None:
        self.pool.start_workers()

    def map(self, fn, tasks):
        tasks = list(tasks)
        self.maps.append((fn.__name__, tasks))
        return self.pool.map(fn, tasks)


def search_on_two_workers(tmp_path, config: TopicConfig) -> dict:
    """One run of the topic tables on a LocalExecutor(2) whose workers have not started (as in a
    re-run that reused every earlier stage), the training set shared as the run shares it: its
    maps, and whether the workers had been started when the parent counted the contexts."""
    from pipeline.stages.topics import TRAINING

    seen: dict = {}
    real = topic_search.Cooccurrence
    store = partcache.PartStore(tmp_path)
    with executor.LocalExecutor(2) as pool:
        recording = Recording(pool)

        def counting(*a, **k):
            seen.setdefault("started_when_counting", pool._started)
            return real(*a, **k)

        with mock.patch.object(topic_search, "Cooccurrence", counting):
            seen["tables"] = topics.topic_tables(*synthetic(n_per_topic=12), config=config, pool=recording,
                                                 share=lambda data: runner.share(store, TRAINING, data))
        seen["started"] = pool._started
    seen["maps"] = recording.maps
    return seen


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory):
    return search_on_two_workers(tmp_path_factory.mktemp("search"), CFG)


def test_the_workers_start_before_the_parent_counts_the_contexts(two_workers):
    """Workers not started yet (their forkserver warms ~2.5-3 s) are started before the parent
    counts the contexts for c_npmi, so that they warm meanwhile: the search's one SVD, a map of one
    task, would otherwise run in the parent after the counting, and the workers start only with
    the first round (review of speed25, finding 1)."""
    assert two_workers["started_when_counting"]


def test_a_search_computes_one_svd_and_hands_it_to_every_candidate_task(two_workers):
    """One SVD task per search (``training_svd``), before the first round; every candidate task
    carries its result (not once per process that trains a candidate)."""
    names = [name for name, _ in two_workers["maps"]]
    assert names[0] == "training_svd" and names.count("training_svd") == 1 and len(two_workers["maps"][0][1]) == 1
    candidate_tasks = [t for name, tasks in two_workers["maps"] if name == "train_candidates" for t in tasks]
    assert candidate_tasks and all(t.svd is not None for t in candidate_tasks)
    assert len({t.svd for t in candidate_tasks}) == 1


def test_a_search_of_one_k_starts_no_worker(tmp_path):
    """A search with a single k (one candidate task) runs here, as a one-task map does: starting
    the workers for it (a forkserver, ~3 s of CPU) would cost more than the task."""
    seen = search_on_two_workers(tmp_path, TopicConfig(unit="document", k_min=3, k_max=3, min_unit_terms=3))
    assert not seen["started"]
    assert sorted(seen["tables"]["topic_models"]["k"].unique().tolist()) == [3]


def test_a_training_set_with_indices_past_int32_is_not_wrapped():
    """The training set's data keeps its index arrays in their own type: an index past 2**31-1 (a
    CSR with int64 indices) comes back as itself, never wrapped to a negative number (review of
    speed25, finding 4). A 1 x 2**31+2 matrix with one nonzero at the far column."""
    n = 2 ** 31 + 2
    counts = sparse.csr_matrix((np.array([3], dtype=np.int64), np.array([n - 1], dtype=np.int64),
                                np.array([0, 1], dtype=np.int64)), shape=(1, n))
    ts = topics.TrainingSet(counts, ["x"], np.array([1]), 1, np.array([1.0]))
    back = topics.TrainingSet.from_data(json.loads(json.dumps(ts.data())))
    assert int(back.counts.indices[0]) == n - 1 and back.counts.shape == (1, n)
    assert back.counts.data.tolist() == [3] and back.counts.indptr.tolist() == [0, 1]
