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


def test_without_the_hook_nothing_is_recorded_or_wrapped(monkeypatch, tmp_path):
    monkeypatch.delenv(timeline.ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    assert timeline.wrap(len) is len
    with timeline.span("x", "y"):
        pass
    timeline.record("span", 0.0, 1.0, stage="x", name="y")
    assert list(tmp_path.iterdir()) == []  # no file written anywhere it could be


# --- review of speed22: the debug hook never decides whether a run succeeds
def test_a_run_with_the_timeline_hook_on_a_folder_not_yet_made_still_completes(tmp_path, monkeypatch):
    spans = tmp_path / "spans-not-made"
    monkeypatch.setenv(timeline.ENV, str(spans))
    corpus = many_file_corpus(tmp_path, n=4)
    run(Config(corpus=corpus, out=tmp_path / "out", workers=1), only=["ingest"])
    assert (tmp_path / "out" / "documents.parquet").exists()


def test_the_timeline_record_of_a_span_does_not_raise_when_its_folder_is_missing(tmp_path, monkeypatch):
    monkeypatch.setenv(timeline.ENV, str(tmp_path / "missing" / "deeper"))
    with timeline.span("ingest", "plan"):  # the parent's first span of every run
        pass
    written = list((tmp_path / "missing" / "deeper").glob("*.jsonl"))
    assert len(written) == 1 and json.loads(written[0].read_text(encoding="utf-8"))["name"] == "plan"
