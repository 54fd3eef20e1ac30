"""The run's caveats (pipeline.caveats): documents holding the same text, documents with no topic row,
said in the summary and in `--json`, never dropped silently."""

from __future__ import annotations

import json
import shutil

import pandas as pd
from typer.testing import CliRunner

from cli import app
from pipeline import caveats, io
from pipeline.config import TopicConfig
from tests.conftest import CORPUS

SHORT = ("关于做好春季农业生产工作的通知\n\n各县区人民政府：\n\n为做好今年春季农业生产工作，确保粮食稳产增产，"
         "现将有关事项通知如下。请各地抓好落实。\n")


def test_duplicate_texts_groups_documents_by_content_hash_and_keeps_every_row():
    docs = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "source": ["x.txt", "y.txt", "x_gb.txt", "z.txt"],
                         "content_hash": ["h1", "h2", "h1", ""]})
    before = docs.copy()
    assert caveats.duplicate_texts(docs) == [{"content_hash": "h1", "sources": ["x.txt", "x_gb.txt"],
                                             "doc_ids": ["a", "c"]}]
    assert docs.equals(before)  # the caller's frame untouched
    assert caveats.duplicate_texts(docs.iloc[[0, 1]]) == []


def test_without_topics_counts_the_documents_missing_from_doc_topics_and_names_the_option():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "source": ["long.txt", "short.docx"]})
    topics = pd.DataFrame({"doc_id": ["a", "a"]})
    assert caveats.without_topics(docs, topics) == {"n": 1, "sources": ["short.docx"]}
    why = caveats.without_topics_reason(TopicConfig(min_unit_terms=5))
    assert "topics.min_unit_terms = 5" in why and "--set topics.min_unit_terms=2" in why
    assert "--set topics.min_unit_terms=1" in caveats.without_topics_reason(TopicConfig(min_unit_terms=2))


def test_run_summary_and_json_name_the_same_text_in_two_encodings_and_the_short_document(tmp_path):
    corpus = tmp_path / "c"
    shutil.copytree(CORPUS, corpus)
    text = sorted(corpus.glob("*.txt"))[1].read_text(encoding="utf-8")
    (corpus / "copy_gb18030.txt").write_bytes(text.encode("gb18030"))
    (corpus / "short.txt").write_text(SHORT, encoding="utf-8")
    out = tmp_path / "o"
    args = ["run", "--corpus", str(corpus), "--out", str(out), "--workers", "1", "--set", "topics.k_max=4"]
    result = CliRunner().invoke(app, args + ["--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    groups = [g for g in summary["duplicates"] if "copy_gb18030.txt" in g["sources"]]
    assert len(groups) == 1 and len(groups[0]["sources"]) == 2
    docs = io.read_table(out, "documents")
    assert (docs["content_hash"] == groups[0]["content_hash"]).sum() == 2  # both kept: a researcher decides
    missing = summary["without_topics"]
    assert "short.txt" in missing["sources"] and missing["n"] == len(missing["sources"])
    assert "topics.min_unit_terms" in missing["why"]
    doc_ids = set(io.read_table(out, "doc_topics")["doc_id"])
    assert missing["n"] == (~docs["doc_id"].isin(doc_ids)).sum()
    printed = CliRunner().invoke(app, args)  # the table on standard error says it too (a re-run: nothing computed)
    assert printed.exit_code == 0, printed.output
    assert "hold the same text as another" in printed.stderr and "copy_gb18030.txt" in printed.stderr
    assert "no doc_topics row" in printed.stderr and "short.txt" in printed.stderr
