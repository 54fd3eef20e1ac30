"""Ingest end to end on the bundled corpus (the shared `bundled_run`) and on small built files."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from typer.testing import CliRunner

from cli import app
from pipeline import ingest, io, lexicons, schemas
from pipeline.ids import doc_id
from pipeline.io import RawFile
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def docs(bundled_run):
    return io.read_table(bundled_run, "documents")


def _doc(docs, prefix, article):
    rows = docs[docs["source"].str.startswith(prefix) & (docs["article"] == article)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_eleven_documents_four_one_one_four_one(docs):
    per_file = docs.groupby("source").size().sort_index().tolist()
    assert per_file == [4, 1, 1, 4, 1]


@pytest.mark.parametrize("prefix,article,title,authors", [
    ("000", 0, "聚势向新 打造工业强省产业兴省“升级版”", ["赵军"]),
    ("000", 1, "推动『三抓三促』行动常态化", ["高路佳"]),
    ("000", 2, "锤炼党性修养 勇于担当作为", ["王小鹏"]),
    ("000", 3, "坚持党建引领 赋能乡村振兴", ["何秀成"]),
    ("001", 0, "党建引领产业兴 跑出发展加速度", ["李芳芳"]),
    ("002", 0, "党建引领串珠成链 聚链成势壮大产业", ["王星"]),
    ("003", 0, "改革创新促发展 “拼”字当头抓产业", ["高寒"]),
    ("003", 1, "寿宁：“赛场选马”锻造“做功型”干部", ["丁南"]),
    ("003", 2, "贵州修文 猕猴桃丰收上市", ["杨文斌"]),
    ("003", 3, "合肥经开区海恒社区探索构建“企业社区”新格局", ["操剑", "孙晓莉"]),
    ("004", 0, "奋力走出金昌全面转型高质量发展之路", ["谢晓玲"]),
])
def test_titles_and_authors(docs, prefix, article, title, authors):
    d = _doc(docs, prefix, article)
    assert d["title"] == title
    assert list(d["authors"]) == authors


def test_title_printed_after_its_body_goes_with_that_body(docs):
    d = _doc(docs, "000", 1)
    assert d["text"].startswith("纵深推进“三抓三促”行动")
    assert "勤于履责" in d["text"] and "党的领导是中国特色社会主义法治之魂" not in d["text"]


def test_subtitles_publication_and_date(docs):
    assert _doc(docs, "001", 0)["subtitle"] == "平凉党建联盟为产业链发展加力赋能"
    assert _doc(docs, "004", 0)["subtitle"] == "访金昌市委书记王钧"
    d = _doc(docs, "002", 0)
    assert d["publication"] == "《国企》" and d["date"] == "2025-01-03"
    assert pd.isna(_doc(docs, "000", 0)["date"])  # nothing stated: null, never guessed


CHROME = [
    r"第二一九二期", r"@", r"0931-8159443", r"原标题", r"^分享", r"^图片$", r"▲", r"图片由", r" 摄$",
    r"^- \d{4}-", r"Monday", r"来源[:：|]", r"发布时间", r"查看原文", r"<!--", r"作者为", r"作者单位", r"本报讯",
    r"平凉标准化红牛养殖场",
]


@pytest.mark.parametrize("pattern", CHROME)
def test_no_chrome_left(docs, pattern):
    rx = re.compile(pattern, re.M)
    hits = [(s, a) for s, a, t in zip(docs["source"], docs["article"], docs["text"]) if rx.search(t)]
    assert not hits


@pytest.mark.parametrize("word", ["发展工业设计", "开放各类", "多面手", "修养不可能", "更进一步", "同频共振",
                                  "政策信息发布", "要进一步扩大", "下沉一线", "各类专班", "新竣工",
                                  "确保党组织日常工作"])
def test_page_break_splits_are_repaired(docs, word):
    assert any(word in t for t in docs["text"])


def test_real_paragraph_breaks_and_headings_stay(docs):
    d = _doc(docs, "003", 0)
    assert "\n创新机制 健全体系强保障\n" in d["text"]
    assert "一组亮眼数据。\n在新发展阶段" in d["text"]
    assert _doc(docs, "000", 0)["text"].count("\n") >= 15


def test_removed_records_what_was_cut(docs):
    removed = [r for rs in docs["removed"] for r in rs]
    assert "issue_marker: ● 第二一九二期 ●" in removed
    assert any(r.startswith("caption: 平凉标准化红牛养殖场") for r in removed)
    assert all(re.match(r"^[a-z_]+: ", r) for r in removed)


def test_documents_hold_their_issuer_not_the_places_they_mention():
    """The issue: ``regions`` (every place named) made a provincial report count for every
    county it names; ``documents`` now holds the one issuer, and places go to ``places``."""
    text = ("政府工作报告\n\n——2023年1月12日在甘肃省第十四届人民代表大会第一次会议上\n\n各位代表：\n\n"
            "现在，我代表省人民政府，向大会报告工作。临夏州和政县、平凉市庄浪县加快发展，人大和政协监督有力。")
    docs, _ = ingest.documents([RawFile("r.txt", None, text.encode())])
    assert "regions" not in docs.columns
    assert docs.loc[0, ["issuer", "issuer_level", "issuer_code"]].tolist() == ["甘肃省", "province", "620000"]


def test_doc_ids_are_stable(docs):
    assert list(docs["doc_id"]) == [doc_id(s, int(a)) for s, a in zip(docs["source"], docs["article"])]
    assert docs["doc_id"].is_unique
    assert (docs["n_chars"] == docs["text"].str.len()).all()


def test_ingest_is_deterministic_and_leaves_inputs_alone():
    raw = [io.read_raw(p, CORPUS, max_bytes=10**8) for p in sorted(CORPUS.glob("*.txt"))]
    a, _ = ingest.documents(raw)
    b, _ = ingest.documents(raw)
    pd.testing.assert_frame_equal(a, b)


def test_the_stage_writes_the_table_documents_gives():
    """The stage writes ``documents_table`` (built from the rows' columns, no frame): the very Arrow
    table, pandas metadata included, that converting ``documents``' frame gives, whatever columns
    a file leaves empty (a column of None only is an ``object`` column of the frame, not ``str``)."""
    raws = [io.read_raw(p, CORPUS, max_bytes=10**8) for p in sorted(CORPUS.glob("*.txt"))]
    raws += [RawFile("bare.txt", None, "正文第一段。".encode()), RawFile("bad.txt", None, b"")]
    for raw in raws:
        frame, errors = ingest.documents([raw])
        table, errors2 = ingest.documents_table([raw])
        assert table.equals(schemas.to_arrow("documents", frame), check_metadata=True), raw.source
        pd.testing.assert_frame_equal(errors, errors2)


@pytest.mark.parametrize("data,kind", [
    (b"", "empty"),
    (b"   \n\n \t\n", "empty"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary"),
    ("● 第二一九二期 ●\n\n电话:0931-8159443\n".encode(), "no_text"),
])
def test_every_bad_file_gets_an_error_row(data, kind):
    docs, errors = ingest.documents([RawFile("bad.txt", None, data), RawFile("good.txt", None, "标题\n\n正文。".encode())])
    assert list(docs["source"]) == ["good.txt"]
    assert errors.to_dict(orient="records")[0]["kind"] == kind
    assert errors.iloc[0]["message"]


def test_unreadable_file_record_passes_through():
    _, errors = ingest.documents([RawFile("x.txt", None, error_kind="unreadable", error="cannot read file: Permission denied")])
    assert errors.to_dict(orient="records") == [{"source": "x.txt", "kind": "unreadable",
                                                 "message": "cannot read file: Permission denied"}]


def test_cli_explain_prints_every_decision():
    result = CliRunner().invoke(app, ["ingest", "--explain", str(CORPUS / "000_4fe301b4031d4404.txt")])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "joined" in out and "发展" in out
    assert "[issue_marker]" in out and "[byline_end]" in out and "title" in out


def test_cli_explain_reads_a_file_as_the_run_does(tmp_path):
    """--explain says what a run would do with a file it does not read (an old .doc: unsupported, with the advice
    ingest_errors gets), instead of explaining its bytes as text; a .docx is explained from its text."""
    old = tmp_path / "old.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 fake old word doc")
    result = CliRunner().invoke(app, ["ingest", "--explain", str(old)])
    assert result.exit_code == 0, result.output
    assert "[unsupported]" in result.output and "save it as .docx" in result.output
    assert "kept" not in result.output
    import docx  # python-docx, a dependency: a real .docx with one heading and one paragraph

    d = docx.Document()
    d.add_paragraph("全市经济运行稳中有进")
    d.add_paragraph("今年以来，全市经济运行稳中有进，主要指标好于预期。")
    d.save(tmp_path / "report.docx")
    result = CliRunner().invoke(app, ["ingest", "--explain", str(tmp_path / "report.docx")])
    assert result.exit_code == 0, result.output
    assert "encoding: docx" in result.output and "主要指标好于预期" in result.output


def test_explain_ends_each_article_with_the_values_of_its_documents_row():
    """--explain's last step per article gives the values ingest puts in the documents row (doc_type, title, date and
    its source, year, issuer with level and code), so a reader sees what was decided, not only the evidence."""
    from pipeline.io import RawFile

    for path in sorted(CORPUS.glob("*.txt")):
        data = path.read_bytes()
        docs, _ = ingest.documents([RawFile(path.name, None, data)])
        results = [s.text for s in ingest.explain_bytes(data, path.name).steps if s.decision == "result"]
        assert len(results) == len(docs), path.name
        for summary, (_, d) in zip(results, docs.iterrows()):
            assert f"doc_type={d['doc_type']} " in summary and f"title={d['title'] or 'none'} " in summary
            assert f"year={None if pd.isna(d['year']) else d['year']} " in summary
            assert (f"issuer={d['issuer']} (" in summary) if d["issuer"] else ("issuer=none" in summary)

