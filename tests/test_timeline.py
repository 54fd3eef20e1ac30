"""The run's timeline (``POLICYTEXT_TIMELINE``, :mod:`pipeline.timeline`): what ``bench/timeline.py``
reads to tell where a run's wall clock goes, per stage and process."""

from __future__ import annotations

import json

from pipeline import timeline
from pipeline.config import Config
from pipeline.run import run
from tests.conftest import many_file_corpus


def _spans(folder):
    return [json.loads(line) for path in folder.glob("*.jsonl") for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_run_with_the_hook_records_each_stage_and_each_task(tmp_path, monkeypatch):
    spans_dir = tmp_path / "spans"
    spans_dir.mkdir()
    monkeypatch.setenv(timeline.ENV, str(spans_dir))
    corpus = many_file_corpus(tmp_path, n=10)
    run(Config(corpus=corpus, out=tmp_path / "out", workers=1), only=["slogans"])
    spans = _spans(spans_dir)
    assert [s["stage"] for s in spans if s["kind"] == "stage"] == ["ingest", "sentences", "slogans"]
    tasks = [s for s in spans if s["kind"] == "task"]
    assert {"ingest", "sentences", "slogans"} == {t["stage"] for t in tasks}
    assert {"slogans-scan", "slogans-finish", "slogans-rows"} <= {t["part"] for t in tasks}
    assert all(t["start"] <= t["end"] and t["pickled"] > 0 for t in tasks)
    assert sum(t["files"] for t in tasks if t["stage"] == "ingest") == 10
    assert any(s["kind"] == "wait" for s in spans)


def test_without_the_hook_nothing_is_recorded_or_wrapped(monkeypatch):
    monkeypatch.delenv(timeline.ENV, raising=False)
    assert timeline.wrap(len) is len
    with timeline.span("x", "y"):
        pass
