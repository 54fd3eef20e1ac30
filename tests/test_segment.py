"""Segmentation (table ``tokens``): formulations and numbers never cut, offsets exact,
rjieba equal to jieba, jieba's global tokenizer untouched, output independent of the pool."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipeline import executor, io, lexicons, segment
from pipeline.config import SegmentConfig
from pipeline.lexicons import Lexicon, SloganEntry
from pipeline.protect import PLACEHOLDER, skeleton
from pipeline.sentences import sentences

CASES = json.loads((Path(__file__).parent / "cases" / "segment.json").read_text(encoding="utf-8"))
LEX = lexicons.load()
PARALLEL = SegmentConfig(parallel_min_chars=0)  # use the pool even for small inputs


@pytest.fixture(scope="module")
def pool():
    """The run's process pool (pipeline.executor), two workers: what a caller hands the library.
    Its workers (forkserver) build their own segmenter and receive the documents pickled."""
    with executor.LocalExecutor(2) as p:
        yield p


def docs_of(*texts: str) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": list(texts)})


def run(docs: pd.DataFrame, **kwargs) -> pd.DataFrame:
    return segment.tokens(docs, sentences(docs), lexicon=kwargs.pop("lexicon", LEX), **kwargs)


@pytest.fixture(scope="module")
def segmented(tmp_path_factory) -> Path:
    """Output folder of `policytext segment` on the bundled corpus (ingest, sentences,
    slogans, segment; independent of the later stages)."""
    from typer.testing import CliRunner

    from cli import app
    from tests.conftest import CORPUS

    out = tmp_path_factory.mktemp("segmented")
    result = CliRunner().invoke(app, ["segment", "--corpus", str(CORPUS), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def bundled_docs(segmented) -> pd.DataFrame:
    return io.read_table(segmented, "documents")[["doc_id", "text"]]


@pytest.fixture(scope="module")
def bundled_tokens(bundled_docs) -> pd.DataFrame:
    return run(bundled_docs)


def assert_offsets(docs: pd.DataFrame, toks: pd.DataFrame) -> None:
    text = dict(zip(docs["doc_id"], docs["text"]))
    bad = [(d, s, e, t) for d, s, e, t in zip(toks["doc_id"], toks["start"], toks["end"], toks["token"])
           if text[d][s:e] != t]
    assert not bad, bad[:5]


def covering_token(toks: pd.DataFrame, doc: str, start: int, end: int) -> pd.DataFrame:
    t = toks[toks["doc_id"] == doc]
    return t[(t["start"] <= start) & (t["end"] >= end)]


# --- formulations ---------------------------------------------------------------------

def _occurrences(text: str, entries) -> list[tuple[int, int, str]]:
    return [(m.start(), m.start() + len(e), e) for e in entries for m in re.finditer(re.escape(e), text)]


def test_every_lexicon_entry_in_a_bundled_document_is_one_token(bundled_docs, bundled_tokens):
    occurrences = 0
    for doc, text in zip(bundled_docs["doc_id"], bundled_docs["text"]):
        for s, e, entry in _occurrences(text, LEX.slogans):
            occurrences += 1
            cover = covering_token(bundled_tokens, doc, s, e)
            assert len(cover) == 1, f"{entry!r} at {s} is cut: {bundled_tokens[(bundled_tokens.doc_id == doc) & (bundled_tokens.end > s) & (bundled_tokens.start < e)].token.tolist()}"
            tok = cover.iloc[0]
            # one token: the entry itself or a longer formulation or number holding it
            assert tok["is_slogan"] or tok["pos"] == "m", (entry, tok["token"])
    assert occurrences > 50  # the corpus does hold many entries


def _variants(entry: str) -> dict[str, str]:
    """Ways texts write an entry: quoted, full-width, spaced, with middle dots, half-quoted."""
    fw = "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() or c == "+" else c for c in entry)
    out = {"quoted": f"“{entry}”", "corner quotes": f"『{entry}』"}
    if fw != entry:
        out["full-width"] = f"“{fw}”" if entry.isdigit() else fw  # an all-digit entry counts when quoted
    if "+" in entry:
        out["spaced plus"] = entry.replace("+", " + ")
    if len(entry) > 1 and not entry.isdigit():
        mid = len(entry) // 2
        out["space inside"] = entry[:mid] + " " + entry[mid:]
        out["middle dot"] = entry[:mid] + "·" + entry[mid:]
        out["half-quoted"] = f"“{entry[:mid]}”{entry[mid:]}"
    return out


def test_every_lexicon_entry_written_as_a_variant_is_one_token():
    texts, where = [], []
    for entry in LEX.slogans:
        for kind, variant in _variants(entry).items():
            core = variant.strip("“”『』 ")
            texts.append(f"各地围绕{variant}深入开展工作")
            where.append((entry, kind, 4 + variant.index(core[0]), 4 + variant.rindex(core[-1]) + 1))
    docs = docs_of(*texts)
    toks = run(docs)
    failures = []
    for (entry, kind, s, e), doc in zip(where, docs["doc_id"]):
        cover = covering_token(toks, doc, s, e)
        if len(cover) != 1 or not cover.iloc[0]["is_slogan"]:
            failures.append((entry, kind))
    assert not failures, failures[:20]
    assert len(texts) > 4 * len(LEX.slogans)


def test_bundled_corpus_with_entries_rewritten_as_variants(bundled_docs):
    """Every entry occurring in the corpus, rewritten in place (full-width, spaced, dotted)."""
    entries = sorted(LEX.slogans, key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, entries)))
    for kind in ("full-width", "spaced plus", "middle dot", "space inside"):
        texts = [pattern.sub(lambda m: _variants(m.group()).get(kind, m.group()), t) for t in bundled_docs["text"]]
        docs = pd.DataFrame({"doc_id": bundled_docs["doc_id"], "text": texts})
        toks = run(docs)
        assert_offsets(docs, toks)
        for doc, text in zip(docs["doc_id"], texts):
            sk = skeleton(text)
            for entry in entries:
                if skeleton(entry) in sk and entry in "".join(bundled_docs.loc[bundled_docs.doc_id == doc, "text"]):
                    slogans = toks[(toks.doc_id == doc) & toks.is_slogan]["token"].map(skeleton)
                    assert any(skeleton(entry) in s for s in slogans), (kind, entry)


def test_digit_entries_need_quotes():
    toks = run(docs_of("打造“1331”企业服务体系，惠及1331户"))
    flagged = toks[toks["token"] == "1331"]["is_slogan"].tolist()
    assert flagged == [True, False]


def test_protect_makes_an_unknown_formulation_one_token_with_its_origin():
    text = "全面落实“七链九网”工作机制和三抓三促"
    before = run(docs_of(text))
    assert "七链九网" not in before["token"].tolist()
    toks = run(docs_of(text), protect={"七链九网": "discovered"})
    row = toks[toks["token"] == "七链九网"].iloc[0]
    assert row["is_slogan"] and row["slogan_origin"] == "discovered" and row["pos"] == "nz"
    lex_row = toks[toks["token"] == "三抓三促"].iloc[0]
    assert lex_row["slogan_origin"] == "lexicon"
    assert toks.loc[~toks["is_slogan"], "slogan_origin"].isna().all()


def test_lexicon_wins_over_protect_for_the_same_entry():
    toks = run(docs_of("深化三抓三促"), protect={"三抓三促": "discovered"})
    assert toks.loc[toks["token"] == "三抓三促", "slogan_origin"].tolist() == ["lexicon"]


def test_1_1_170_is_not_cut_as_1_1_17():
    toks = run(docs_of("建立1+1+170体系，落实1+1+17机制"))
    assert "1+1+17" in toks["token"].tolist() and "1+1+170" in toks["token"].tolist()
    assert toks.set_index("token").loc["1+1+170", "is_slogan"] == False  # noqa: E712 (a formula, not the entry)
    assert toks.set_index("token").loc["1+1+17", "is_slogan"] == True  # noqa: E712
    why = segment.explain("建立1+1+170体系", lexicon=LEX).frame()
    rejected = why[(why["text"] == "1+1+17")]
    assert (rejected["decision"] != segment.KEPT).all() and "longer number" in rejected["why"].iloc[0]


@pytest.mark.parametrize("case", CASES, ids=[c["note"][:40] for c in CASES])
def test_cases(case):
    toks = run(docs_of(case["input"]))
    got = toks["token"].tolist()
    missing = [t for t in case["tokens"] if t not in got]
    present = [t for t in case["absent"] if t in got]
    assert not missing and not present, (got, case["note"])


# --- offsets, flags, determinism ------------------------------------------------------

def test_offsets_round_trip_and_sentences_hold_their_tokens(segmented, bundled_docs, bundled_tokens):
    toks = io.read_table(segmented, "tokens")  # what the CLI wrote
    assert_offsets(bundled_docs, toks)
    assert_offsets(bundled_docs, bundled_tokens)
    assert not toks["token"].str.strip().eq("").any()  # whitespace-only tokens dropped
    for doc, grp in toks.groupby("doc_id"):
        assert grp["position"].tolist() == list(range(len(grp)))
        assert (np.diff(grp["start"].to_numpy()) > 0).all()
    sents = io.read_table(segmented, "sentences").set_index(["doc_id", "sentence"])
    joined = toks.join(sents[["start", "end"]].add_suffix("_s"), on=["doc_id", "sentence"])
    assert ((joined["start"] >= joined["start_s"]) & (joined["end"] <= joined["end_s"])).all()


def test_stopwords_and_slogans():
    toks = run(docs_of("我们要加强基层的建设，深化三抓三促"))
    flags = dict(zip(toks["token"], toks["is_stopword"]))
    assert flags["的"] and flags["加强"]  # published list, domain list
    assert not flags["建设"] and not flags["三抓三促"]


def test_output_is_identical_whatever_the_pool(bundled_docs, bundled_tokens, pool):
    two = segment.tokens(bundled_docs, sentences(bundled_docs), lexicon=LEX, config=PARALLEL, pool=pool)
    pd.testing.assert_frame_equal(two, bundled_tokens)
    assert segment.tokens(bundled_docs, sentences(bundled_docs), lexicon=LEX).equals(bundled_tokens)
    small = segment.tokens(bundled_docs, sentences(bundled_docs), lexicon=LEX, pool=pool)  # under parallel_min_chars
    pd.testing.assert_frame_equal(small, bundled_tokens)


class _Reversed:
    """A pool whose results come back last task first (executors yield them as they finish)."""

    workers = 3

    def map(self, fn, tasks):
        return reversed([fn(t) for t in tasks])


def test_results_arriving_in_any_order_give_the_same_table(bundled_docs, bundled_tokens, tmp_path):
    got = segment.tokens(bundled_docs, sentences(bundled_docs), lexicon=LEX, config=PARALLEL, pool=_Reversed())
    pd.testing.assert_frame_equal(got, bundled_tokens)
    segment.write_tokens(tmp_path, bundled_docs, sentences(bundled_docs), lexicon=LEX, config=PARALLEL,
                         pool=_Reversed())
    pd.testing.assert_frame_equal(io.read_table(tmp_path, "tokens"), bundled_tokens)


def _reference_tokens(docs: pd.DataFrame, sents: pd.DataFrame) -> pd.DataFrame:
    """The tokens table the plain way, one Python step per token: the masked text tagged by
    rjieba in context, each placeholder spliced back as its span, whitespace tokens dropped,
    the sentence found by bisection. The vectorised stage must give exactly this table."""
    import bisect

    seg = segment.segmenter(LEX, SegmentConfig())
    rows = []
    for doc, text in zip(docs["doc_id"], docs["text"]):
        masked, spans = seg.mask(text)
        placeholders = dict(zip(spans[0], zip(spans[1], spans[2]))) if spans else {}
        mine = sents[sents["doc_id"] == doc].sort_values("start")
        starts, ids = mine["start"].tolist(), mine["sentence"].tolist()
        at, start, position = 0, 0, 0
        for word, tag in seg.rjieba.tag(masked, False):
            length, code = placeholders[at] if word == PLACEHOLDER else (len(word), None)
            token = text[start:start + length]
            if not token[0].isspace():
                sentence = ids[max(bisect.bisect_right(starts, start) - 1, 0)] if ids else 0
                slogan = code is not None and code > 0
                rows.append((doc, sentence, position, token, tag if code is None else "nz" if slogan else "m",
                             start, start + length, slogan, seg.origins[code] if slogan else None,
                             code is None and token in LEX.stopwords))
                position += 1
            at += len(word)
            start += length
    ref = pd.DataFrame(rows, columns=segment.schemas.columns("tokens"))
    ints = {c: "int32" for c in ("sentence", "position", "start", "end")}
    return ref.astype({**ints, "doc_id": "str", "token": "str", "pos": "str", "slogan_origin": "str"})


@pytest.mark.parametrize("arrow_from", [0, 10**9], ids=["tags through Arrow", "tags per word"])
def test_vectorised_stage_equals_the_plain_per_token_reference(bundled_docs, monkeypatch, arrow_from, pool):
    """On the bundled corpus, and on it with every formulation rewritten as a variant (quotes,
    full-width, spaces: the skeleton path), in-process and with a pool of two; both ways of
    tagging rjieba's words."""
    from pipeline import protect

    monkeypatch.setattr(protect, "ARROW_TAGGING_MIN_TOKENS", arrow_from)
    entries = sorted(LEX.slogans, key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, entries)))
    variants = [pattern.sub(lambda m: _variants(m.group()).get("space inside", m.group()), t)
                for t in bundled_docs["text"]]
    docs = pd.concat([bundled_docs, pd.DataFrame({"doc_id": bundled_docs["doc_id"] + "~", "text": variants})],
                     ignore_index=True)
    sents = sentences(docs)
    ref = _reference_tokens(docs, sents)
    assert ref["is_slogan"].sum() > 100 and (ref["pos"] == "m").sum() > 100
    for p in (None, pool):
        got = segment.tokens(docs, sents, lexicon=LEX, config=PARALLEL, pool=p)
        pd.testing.assert_frame_equal(got, ref)


def test_documents_without_sentences_and_repeated_ids():
    docs = docs_of("第一句。第二句增长14.4%。", "另一篇。")
    sents = sentences(docs)
    sents = sents[sents["doc_id"] != "d1"]  # d1 has no sentence rows: its tokens are in sentence 0
    toks = segment.tokens(docs, sents, lexicon=LEX)
    assert toks.loc[toks["doc_id"] == "d1", "sentence"].eq(0).all()
    assert toks.loc[toks["token"] == "14.4%", "sentence"].tolist() == [1]
    twice = pd.concat([docs.head(1), docs.head(1)], ignore_index=True)
    both = segment.tokens(twice, sentences(docs.head(1)), lexicon=LEX)
    half = len(both) // 2
    assert both.iloc[:half].reset_index(drop=True).equals(both.iloc[half:].reset_index(drop=True))


@pytest.mark.parametrize("on_pool", [False, True], ids=["in this process", "pool of two"])
def test_streamed_table_written_by_the_workers_equals_the_in_memory_one(bundled_docs, bundled_tokens, tmp_path,
                                                                        pool, on_pool):
    """`write_tokens`: each worker writes its own parts; read back, the table is `tokens`'s,
    in the same order; nothing is left beside it."""
    n = segment.write_tokens(tmp_path, bundled_docs, sentences(bundled_docs), lexicon=LEX, config=PARALLEL,
                             pool=pool if on_pool else None)
    assert n == len(bundled_tokens)
    parts = sorted(io.table_path(tmp_path, "tokens").iterdir())
    assert len(parts) > 1 and [p.name for p in tmp_path.iterdir()] == ["tokens.parquet"]
    pd.testing.assert_frame_equal(io.read_table(tmp_path, "tokens"), bundled_tokens)


def test_streamed_table_of_no_documents_keeps_its_schema(tmp_path):
    assert segment.write_tokens(tmp_path, docs_of()[:0], sentences(docs_of()[:0]), lexicon=LEX) == 0
    back = io.read_table(tmp_path, "tokens")
    assert back.empty and list(back.columns) == segment.schemas.columns("tokens")


def test_empty_input_gives_the_declared_empty_table():
    toks = run(docs_of("", "   \n "))
    assert list(toks.columns) == list(segment.schemas.columns("tokens")) and toks.empty


# --- engines --------------------------------------------------------------------------

def test_rjieba_tokens_equal_jieba_tokens_on_the_bundled_corpus(bundled_docs, bundled_tokens):
    ref = run(bundled_docs, config=SegmentConfig(engine="jieba"))
    cols = ["doc_id", "sentence", "position", "token", "start", "end", "is_slogan", "slogan_origin", "is_stopword"]
    pd.testing.assert_frame_equal(bundled_tokens[cols], ref[cols])
    # the engines themselves, on the text they see, with the same user words
    fast = segment.segmenter(LEX, SegmentConfig())
    slow = segment.segmenter(LEX, SegmentConfig(engine="jieba"))
    for text in bundled_docs["text"]:
        masked, _ = fast.mask(text)
        assert fast.rjieba.cut(masked, False) == slow.tokenizer.lcut(masked, HMM=False)


def test_pos_tags_are_rjiebas(bundled_docs, bundled_tokens):
    """Tags looked up once per distinct word equal rjieba.tag's in context; protected spans
    are tagged nz (formulation) or m (number)."""
    seg = segment.segmenter(LEX, SegmentConfig())
    for doc, text in zip(bundled_docs["doc_id"], bundled_docs["text"]):
        masked, _ = seg.mask(text)
        tagged = [(w, t) for w, t in seg.rjieba.tag(masked, False) if not w.isspace()]
        mine = bundled_tokens[bundled_tokens["doc_id"] == doc]
        assert len(tagged) == len(mine)
        for (word, tag), token, pos, slogan in zip(tagged, mine["token"], mine["pos"], mine["is_slogan"]):
            if word == PLACEHOLDER:
                assert pos == ("nz" if slogan else "m")
            else:
                assert (word, tag) == (token, pos)


def test_jiebas_global_tokenizer_is_untouched():
    import jieba
    import jieba.posseg

    before = (jieba.dt.initialized, len(jieba.dt.FREQ), dict(jieba.dt.user_word_tag_tab), jieba.dt.tmp_dir,
              jieba.dt.cache_file, len(jieba.posseg.dt.word_tag_tab))
    word = "私有词语测试甲乙"
    for engine in ("jieba", "rjieba"):
        toks = run(docs_of(f"推进{word}工作"), config=SegmentConfig(engine=engine), protect={word: "discovered"})
        assert word in toks["token"].tolist()
    after = (jieba.dt.initialized, len(jieba.dt.FREQ), dict(jieba.dt.user_word_tag_tab), jieba.dt.tmp_dir,
             jieba.dt.cache_file, len(jieba.posseg.dt.word_tag_tab))
    assert after == before
    assert word not in jieba.dt.FREQ and word not in jieba.posseg.dt.word_tag_tab
    private = segment.segmenter(Lexicon({word: SloganEntry(word)}), SegmentConfig(engine="jieba")).tokenizer
    assert private is not jieba.dt and word in private.FREQ
    assert Path(private.tmp_dir).resolve().parts[-2:] == (".cache", "jieba") or "policytext" in private.tmp_dir


def test_unknown_engine_is_an_error():
    with pytest.raises(ValueError, match="engine"):
        run(docs_of("文本"), config=SegmentConfig(engine="pkuseg"))


def test_the_project_s_rjieba_tokenizer_is_rjieba_s_own():
    """jieba_engine loads rjieba's compiled module without the default tokenizer its package
    builds: the same class, the same words, and the package imports as before afterwards."""
    from pipeline import jieba_engine

    text = "深入推进“三抓三促”行动，生活必需品市场保供稳价，地区生产总值增长6.5%。"
    ours = jieba_engine.new_tokenizer()
    ours.add_word("三抓三促", None, None)
    import rjieba

    theirs = rjieba.Jieba()
    theirs.add_word("三抓三促", None, None)
    assert jieba_engine.tokenizer_class() is rjieba.Jieba
    assert ours.cut(text, False) == theirs.cut(text, False) and ours.tag(text, False) == theirs.tag(text, False)
    assert jieba_engine.new_tokenizer().cut(text, False) == rjieba.cut(text, False)  # no word of ours leaks


def test_a_spare_tokenizer_is_handed_out_once_and_cuts_as_a_fresh_one():
    """The forkserver builds spare tokenizers (jieba_engine.build_spares) that the workers' stages
    take instead of building their own: each handed out once (a stage adds its words to it), and
    cutting as one built then."""
    from pipeline import jieba_engine

    text = "深入推进“三抓三促”行动，生活必需品市场保供稳价，地区生产总值增长6.5%。"
    before = list(jieba_engine._SPARES)  # noqa: SLF001 - spares an earlier import of pipeline.warm left here
    jieba_engine._SPARES.clear()  # noqa: SLF001
    jieba_engine.build_spares(2)
    spares = list(jieba_engine._SPARES)  # noqa: SLF001 - the test looks at the module's own list
    try:
        taken = [jieba_engine.new_tokenizer() for _ in range(3)]
        assert all(any(t is s for t in taken[:2]) for s in spares) and all(taken[2] is not s for s in spares)
        taken[0].add_word("三抓三促", None, None)
        assert taken[1].cut(text, False) == taken[2].cut(text, False) != taken[0].cut(text, False)
        assert jieba_engine._SPARES == []  # noqa: SLF001
    finally:
        jieba_engine._SPARES[:] = before  # noqa: SLF001


def test_the_spare_tokenizer_test_holds_after_an_import_of_warm_left_spares():
    """Importing pipeline.warm (the doctests do) builds spares in the test process: the test above
    must not depend on the order the tests run in (a review of speed21 found it did)."""
    from pipeline import jieba_engine

    jieba_engine.build_spares(3)
    try:
        test_a_spare_tokenizer_is_handed_out_once_and_cuts_as_a_fresh_one()
    finally:
        jieba_engine._SPARES.clear()  # noqa: SLF001


def test_rjieba_imports_whole_after_the_project_built_a_tokenizer():
    """A notebook that imports rjieba after a pipeline call built a tokenizer finds the package
    as usual: its compiled submodule as an attribute, and the same class."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    code = ("from pipeline.jieba_engine import new_tokenizer; new_tokenizer()\n"
            "import rjieba\n"
            "assert rjieba.rjieba.Jieba is rjieba.Jieba\n"
            "assert rjieba.cut('推进三抓三促行动', False)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(ROOT),
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr[-500:]
