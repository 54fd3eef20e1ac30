"""End-to-end: the CLI contract (exit codes, tables readable through the declared schema)."""

from __future__ import annotations

import re

import pandas as pd
from typer.testing import CliRunner

from cli import app
from pipeline import io, lexicons, schemas
from tests.conftest import CORPUS, ROOT

runner = CliRunner()


def test_run_writes_every_table_readable_through_its_schema(bundled_run):
    written = sorted(p.name[: -len(".parquet")] for p in bundled_run.glob("*.parquet"))
    assert {"documents", "ingest_errors", "sentences", "tokens"} <= set(written)
    for name in written:
        df = io.read_table(bundled_run, name)
        assert list(df.columns) == schemas.columns(name)
        schemas.to_arrow(name, df)  # validates types and nullability


def test_every_input_file_is_in_documents_or_errors(bundled_run):
    docs = io.read_table(bundled_run, "documents")
    errors = io.read_table(bundled_run, "ingest_errors")
    inputs = {p.name for p in CORPUS.glob("*.txt")}
    assert inputs == set(docs["source"]) | set(errors["source"])


def test_missing_corpus_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["run", "--corpus", str(tmp_path / "nope"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_unwritable_output_is_a_usage_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = runner.invoke(app, ["run", "--corpus", str(CORPUS), "--out", str(blocker / "out")])
    assert result.exit_code == 2
    assert "not writable" in result.output


def test_rejected_file_does_not_stop_the_run(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "good.txt").write_text("标题\n\n正文。", encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["run", "--corpus", str(corpus), "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    errors = pd.read_parquet(tmp_path / "o" / "ingest_errors.parquet")
    assert errors.to_dict(orient="records") == [{"source": "empty.txt", "kind": "empty", "message": "file is empty"}]
    assert "empty.txt" in result.output


def test_unknown_config_key_names_the_key(tmp_path):
    cfg = tmp_path / "policytext.toml"
    cfg.write_text("[segment]\nhmmm = true\n", encoding="utf-8")
    result = runner.invoke(app, ["run", "--config", str(cfg), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "segment.hmmm" in result.output


def test_a_mistyped_section_is_a_usage_error_naming_it_and_the_known_sections(tmp_path):
    # `topic.k_max` for `topics.k_max`: in --set (config and run) and in policytext.toml, the same clear message, exit 2
    cfg = tmp_path / "policytext.toml"
    cfg.write_text("[topic]\nk_max = 5\n", encoding="utf-8")
    for args in (["config", "--set", "topic.k_max=5"],
                 ["run", "--corpus", str(CORPUS), "--out", str(tmp_path / "o"), "--set", "topic.k_max=5"],
                 ["config", "--config", str(cfg)]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert "unknown configuration section 'topic'" in result.output, result.output
        assert "known sections: ingest, segment, indicators, slogans, topics" in result.output
        assert "Traceback" not in result.output
    assert not (tmp_path / "o").exists()


def test_every_cli_command_is_documented_in_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    import typer.main

    group = typer.main.get_command(app)

    def walk(cmd, prefix):
        for name, sub in getattr(cmd, "commands", {}).items():
            yield f"{prefix} {name}"
            yield from walk(sub, f"{prefix} {name}")

    commands = list(walk(group, "policytext"))
    assert commands
    missing = [c for c in commands if not re.search(re.escape(c) + r"\b", readme)]
    assert not missing, f"commands not documented in README.md: {missing}"


def test_readme_documents_every_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [t for t in schemas.TABLES if f"`{t}`" not in readme]
    assert not missing, f"tables not documented in README.md: {missing}"


def test_second_cli_run_says_it_reused_the_work(tmp_path):
    import shutil

    corpus = tmp_path / "c"
    shutil.copytree(CORPUS, corpus)
    args = ["run", "--corpus", str(corpus), "--out", str(tmp_path / "o"), "--workers", "1",
            "--set", "topics.k_max=4", "--json"]
    first = runner.invoke(app, args)
    second = runner.invoke(app, args)
    assert first.exit_code == 0 and second.exit_code == 0, second.output
    import json

    work = json.loads(second.stdout.strip().splitlines()[-1])["work"]
    assert work and all(w["computed"] == 0 and w["reused"] >= 1 for w in work.values()), work


def test_set_overrides_any_option_and_config_prints_it(tmp_path):
    result = runner.invoke(app, ["config", "--set", "segment.hmm=true", "--set", "topics.k_max=7"])
    assert result.exit_code == 0, result.output
    import tomllib

    printed = tomllib.loads(result.stdout)
    assert printed["segment"]["hmm"] is True and printed["topics"]["k_max"] == 7
    bad = runner.invoke(app, ["config", "--set", "topics.kmax=7"])
    assert bad.exit_code == 2 and "topics.kmax" in bad.output


def test_set_reads_a_bare_word_list_and_refuses_a_value_of_the_wrong_type():
    import tomllib

    result = runner.invoke(app, ["config", "--set", "topics.models=nmf", "--set", "topics.extra_stopwords=会议, 工作"])
    assert result.exit_code == 0, result.output
    printed = tomllib.loads(result.stdout)
    assert printed["topics"]["models"] == ["nmf"] and printed["topics"]["extra_stopwords"] == ["会议", "工作"]
    bad = runner.invoke(app, ["config", "--set", "topics.k_max=many"])
    assert bad.exit_code == 2 and "topics.k_max expects an integer" in bad.output


def test_a_value_outside_an_option_s_choices_is_refused_before_anything_is_written(tmp_path):
    """README: a bad option exits 2 with nothing written. Every option with a fixed set of values is
    checked when the configuration is built (config.choice): --set, the config file, a command's
    option alike; the message names the option and its allowed values."""
    out = tmp_path / "out"
    cases = {"topics.models=['bert']": "topics.models must be a list of lda, nmf; got 'bert'",
             "topics.models=[]": "topics.models needs at least one of lda, nmf",
             "topics.unit='sentence'": "topics.unit must be one of document, paragraph, chunk; got 'sentence'",
             "topics.c_v=some": "topics.c_v must be one of chosen, all, none",
             "topics.nmf_solver=sgd": "topics.nmf_solver must be one of cd, mu",
             "segment.engine=pkuseg": "segment.engine must be one of rjieba, jieba",
             "engine=spark": "engine must be one of local, dask",  # run has --engine: an unset option lets --set through
             "workers=-3": "workers expects"}
    for setting, message in cases.items():
        result = runner.invoke(app, ["run", "--corpus", str(CORPUS), "--out", str(out), "--quiet", "--set", setting])
        assert result.exit_code == 2 and message in " ".join(result.output.split()), (setting, result.output)
        assert not out.exists(), setting
    topics = runner.invoke(app, ["topics", "--corpus", str(CORPUS), "--out", str(out), "--unit", "sentence"])
    assert topics.exit_code == 2 and "topics.unit must be one of" in topics.output and not out.exists()
    (tmp_path / "policytext.toml").write_text('[topics]\nmodels = ["lda", "bert"]\n', encoding="utf-8")
    bad = runner.invoke(app, ["config", "--config", str(tmp_path / "policytext.toml")])
    assert bad.exit_code == 2 and "topics.models must be a list of lda, nmf; got 'bert'" in bad.output


def test_a_negative_worker_count_is_a_usage_error(tmp_path):
    """0 means one worker per core; a negative count is refused (exit 2, nothing written), from --workers or --set."""
    run = runner.invoke(app, ["run", "--corpus", str(CORPUS), "--out", str(tmp_path / "out"), "--workers", "-5", "--quiet"])
    assert run.exit_code == 2 and "workers expects" in run.output
    assert not (tmp_path / "out").exists()
    bad = runner.invoke(app, ["config", "--set", "workers=-3"])
    assert bad.exit_code == 2 and "workers expects" in bad.output


def _bundled_slogans() -> bytes:
    return (ROOT / "lexicons" / "slogans.txt").read_bytes()


def test_lexicon_add_writes_to_the_lexicons_of_the_working_folder(tmp_path, monkeypatch):
    import shutil

    bundled = _bundled_slogans()
    project = tmp_path / "project"
    shutil.copytree(ROOT / "lexicons", project / "lexicons")
    monkeypatch.chdir(project)
    try:
        result = runner.invoke(app, ["lexicon", "add", "九抓九促", "--out", str(tmp_path / "out")])
        assert result.exit_code == 0, result.output
        written = (project / "lexicons" / "slogans.txt").resolve()
        assert str(written) in result.output
        assert "九抓九促\t" in written.read_text(encoding="utf-8")
        assert _bundled_slogans() == bundled
    finally:  # on a regression, put the bundled file back
        (ROOT / "lexicons" / "slogans.txt").write_bytes(bundled)


def test_lexicon_add_with_lexicons_option_and_never_into_the_installed_folder(tmp_path, monkeypatch):
    bundled = _bundled_slogans()
    monkeypatch.chdir(tmp_path)  # a project folder with no lexicons/ of its own
    try:
        result = runner.invoke(app, ["lexicon", "add", "九抓九促", "--out", str(tmp_path / "out")])
        assert result.exit_code == 2, result.output
        assert "--lexicons" in result.output
        assert _bundled_slogans() == bundled

        mine = tmp_path / "mine"
        args = ["lexicon", "add", "九抓九促", "--lexicons", str(mine), "--out", str(tmp_path / "out")]
        result = runner.invoke(app, args)
        assert result.exit_code == 2 and "does not exist" in result.output  # a typo creates no folder
        assert f"mkdir {mine.resolve()}" in result.output and "cp -r" in result.output  # and says how to start one
        mine.mkdir()
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        assert str((mine / "slogans.txt").resolve()) in result.output
        # the folder read the bundled slogans.txt: the file it starts keeps them, then the addition
        written = (mine / "slogans.txt").read_bytes()
        assert written.startswith(bundled) and written[len(bundled):].decode("utf-8").lstrip("\n").startswith("九抓九促\t")
        assert "三抓三促" in lexicons.load(mine).slogans and "九抓九促" in lexicons.load(mine).slogans
        assert _bundled_slogans() == bundled
    finally:
        (ROOT / "lexicons" / "slogans.txt").write_bytes(bundled)


def test_lexicon_add_refuses_an_unknown_category(tmp_path):
    (tmp_path / "lex").mkdir()
    result = runner.invoke(app, ["lexicon", "add", "九抓九促", "--category", "slogan", "--lexicons", str(tmp_path / "lex"),
                                 "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert "'slogan'" in result.output and "numbered, named, plan" in result.output
    assert not (tmp_path / "lex" / "slogans.txt").exists()  # nothing written


INTERRUPTED = "interrupted; tables untouched, re-run to continue"


def test_ctrl_c_prints_one_line_and_exits_130(tmp_path, monkeypatch):
    import pipeline.run

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline.run, "run", interrupted)
    result = runner.invoke(app, ["run", "--corpus", str(CORPUS), "--out", str(tmp_path / "o"), "--quiet"])
    assert result.exit_code == 130
    assert result.stderr == INTERRUPTED + "\n"
    assert result.stdout == "" and "Traceback" not in result.output


def test_ctrl_c_with_worker_processes_leaves_no_traceback_and_no_temporary_file(tmp_path):
    """A real SIGINT to the whole process group (what a terminal's Ctrl-C sends) while two
    worker processes are busy: the workers die quietly and nothing half-written is left."""
    import shutil
    import signal
    import subprocess
    import sys
    import textwrap

    corpus = tmp_path / "c"
    corpus.mkdir()
    for i in range(4):  # several tasks, so workers are busy or waiting when the signal comes
        for p in CORPUS.glob("*.txt"):
            shutil.copyfile(p, corpus / f"{p.stem}_{i}.txt")
    out = tmp_path / "o"
    child = textwrap.dedent("""
        import os, signal, sys
        import cli

        real = cli._Progress.advance

        def advance(self, stage, files, nbytes):  # Ctrl-C once the first chunk of segment is done
            real(self, stage, files, nbytes)
            if stage == "segment":
                os.killpg(0, signal.SIGINT)

        cli._Progress.advance = advance
        sys.argv = ["policytext", "run", "--corpus", sys.argv[1], "--out", sys.argv[2], "--workers", "2"]
        cli.app()
    """)
    proc = subprocess.run([sys.executable, "-c", child, str(corpus), str(out)], cwd=ROOT, capture_output=True,
                          text=True, start_new_session=True, timeout=600,
                          preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    assert proc.returncode == 130, proc.stderr
    assert "Traceback" not in proc.stderr and "KeyboardInterrupt" not in proc.stderr, proc.stderr
    assert proc.stderr.rstrip("\n").splitlines()[-1] == INTERRUPTED
    leftovers = [p for p in out.rglob("*") if p.name.endswith((".tmp", ".tmpdir", ".old"))]
    assert not leftovers
    assert pd.read_parquet(out / "documents.parquet")["source"].nunique() == len(list(corpus.glob("*.txt")))


def test_empty_corpus_folder_exits_1_naming_the_folder_and_writes_nothing(tmp_path):
    corpus = tmp_path / "empty corpus"
    corpus.mkdir()
    (corpus / "README.md").write_text("# notes", encoding="utf-8")  # not part of the corpus
    out = tmp_path / "o"
    result = runner.invoke(app, ["run", "--corpus", str(corpus), "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert str(corpus) in result.stderr and ".txt" in result.stderr and ".html" in result.stderr
    assert not out.exists()


def test_corpus_of_only_unsupported_files_names_them(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    # .pdf and .docx are read now (issue 18); old Word and Excel files are not
    (corpus / "report.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (corpus / "notes.xlsx").write_bytes(b"PK\x03\x04")
    result = runner.invoke(app, ["run", "--corpus", str(corpus), "--out", str(tmp_path / "o"), "--json"])
    assert result.exit_code == 1, result.output
    assert "report.doc" in result.stderr and "notes.xlsx" in result.stderr and "convert" in result.stderr
    assert result.stdout == ""
    assert not list((tmp_path / "o").glob("*.parquet"))


def test_a_corpus_whose_every_file_is_rejected_exits_1_naming_each_file_even_when_quiet(tmp_path):
    # two scans without a text layer: 15 empty tables with exit 0 would pass for results in a batch script
    from tests.test_metadata import _pdf

    corpus = tmp_path / "scans"
    corpus.mkdir()
    for name in ("p1.pdf", "p2.pdf"):
        (corpus / name).write_bytes(_pdf([[]], text=False))
    result = runner.invoke(app, ["run", "--corpus", str(corpus), "--out", str(tmp_path / "o"), "--quiet"])
    assert result.exit_code == 1, result.output
    assert f"no document read from {corpus}" in result.stderr
    assert "p1.pdf: no_text_layer" in result.stderr and "p2.pdf: no_text_layer" in result.stderr
    assert "ingest_errors" in result.stderr
    assert len(io.read_table(tmp_path / "o", "ingest_errors")) == 2  # the record of why, for the researcher


def test_an_empty_and_a_binary_file_exit_1_and_json_still_prints_the_summary(tmp_path):
    import json

    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "blob.txt").write_bytes(bytes(range(32)) * 64)
    result = runner.invoke(app, ["run", "--corpus", str(corpus), "--out", str(tmp_path / "o"), "--json"])
    assert result.exit_code == 1, result.output
    assert {r["kind"] for r in json.loads(result.stdout)["rejected"]} == {"empty", "binary"}
    assert "empty.txt: empty" in result.stderr and "blob.txt: binary" in result.stderr


def test_config_printed_into_a_project_folder_reads_back_the_same(tmp_path, monkeypatch):
    """`policytext config > policytext.toml` in a project folder writes the paths inside it relative to it, so the
    file reads back to the same configuration and still works when the folder is moved or shared."""
    import tomllib

    from pipeline import config as config_mod

    (tmp_path / "texts").mkdir()
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["config", "--set", f"corpus={tmp_path / 'texts'}", "--set", "topics.k_max=7"])
    assert result.exit_code == 0, result.output
    assert tomllib.loads(result.stdout)["corpus"] == "texts"
    (tmp_path / "policytext.toml").write_text(result.stdout, encoding="utf-8")
    moved = tmp_path.parent / (tmp_path.name + "-moved")
    tmp_path.rename(moved)
    cfg = config_mod.load(moved / "policytext.toml")
    assert cfg.corpus == moved / "texts" and cfg.topics.k_max == 7



def test_k_max_help_and_readme_say_the_search_goes_past_it_up_to_k_ceiling():
    """--k-max is the top of the grid, not a cap: the search extends past it while the best k is at
    the top (topic_search._next_ks), up to topics.k_ceiling; the help and the command table say so."""
    result = runner.invoke(app, ["topics", "--help"], terminal_width=400)
    help_text = " ".join(result.output.split())
    assert "topics.k_ceiling" in help_text and "topics.k_ceiling=0 stops at --k-max" in help_text
    assert "Largest number of topics tried" not in help_text
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `policytext topics"))
    assert "topics.k_ceiling" in row and "past `--k-max`" in row


def test_small_messages_say_one_thing_once(tmp_path):
    """--quiet prints nothing on success, not even the corpus it took from --out's manifest; a mined
    table's header names the --min-regions used; a binary file's message does not repeat its kind."""
    from pipeline import formulations
    from pipeline.io import DecodeError, decode

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("标题\n\n正文内容在这里。\n", encoding="utf-8")
    out = tmp_path / "out"
    first = runner.invoke(app, ["run", "--corpus", str(corpus), "--out", str(out), "--quiet", "--workers", "1"])
    assert first.exit_code == 0, first.output
    again = runner.invoke(app, ["run", "--out", str(out), "--quiet", "--workers", "1"])  # the corpus from the manifest
    assert again.exit_code == 0 and again.output == "", again.output

    docs = [("甲/2022.md", "落实“三抓三促”"), ("乙/2022.md", "推进“三抓三促”")]
    header = formulations.mine_tsv(formulations.mine(docs, min_regions=1), source="s", command="c", date="d",
                                   min_regions=1)
    assert "1+ regions" in header and "3+ regions" not in header

    try:
        decode(bytes([1, 2, 0xff, 0xfe]) * 1000)  # no UTF-8, a quarter control bytes
    except DecodeError as exc:
        assert exc.kind == "binary" and "binary" not in str(exc), str(exc)
    else:
        raise AssertionError("control bytes read as text")
