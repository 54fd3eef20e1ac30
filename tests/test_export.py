"""Exports open back in pandas with the same rows and the Chinese text intact."""

from __future__ import annotations

import doctest

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from cli import app
from pipeline import export, io, schemas
from tests.test_report import frame

runner = CliRunner()


@pytest.fixture(scope="module")
def out(bundled_run, tmp_path_factory):
    """A copy of the bundled run's tables (exports are written next to them)."""
    folder = tmp_path_factory.mktemp("export_out")
    for name in export.available_tables(bundled_run):
        io.write_table(folder, name, io.read_table(bundled_run, name))
    return folder


def _expected(out, name):
    return export.flatten(io.read_table(out, name))


def _same_text(got: pd.Series, want: pd.Series) -> None:
    assert got.fillna("").astype(str).tolist() == want.fillna("").astype(str).tolist()


READERS = {
    "csv": lambda p: pd.read_csv(p, encoding="utf-8-sig", keep_default_na=False, na_values=[""]),
    "xlsx": lambda p: pd.read_excel(p, sheet_name=0),
    "dta": lambda p: pd.read_stata(p),
}


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_export_reads_back_with_the_same_rows_and_chinese_text(out, fmt):
    result = runner.invoke(app, ["export", "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    for name in export.available_tables(out):
        path = out / "exports" / f"{name}.{fmt}"
        assert path.is_file(), path
        got = READERS[fmt](path)
        want = _expected(out, name)
        assert len(got) == len(want), name
        names = export.stata_names(list(want.columns)) if fmt == "dta" else {c: c for c in want.columns}
        assert list(got.columns) == [names[c] for c in want.columns], name
        for col in ("text", "title", "token", "doc_id", "source"):
            if col in want and len(want):
                _same_text(got[names[col]], want[col])
    docs = READERS[fmt](out / "exports" / f"documents.{fmt}")
    assert docs["text"].str.contains("工业").any()


def test_csv_starts_with_a_byte_order_mark(out):
    export.export(out, "csv", tables=["documents"])
    assert (out / "exports" / "documents.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_stata_file_is_format_118_with_strl_for_long_texts(out):
    export.export(out, "dta", tables=["documents"])
    path = out / "exports" / "documents.dta"
    assert path.read_bytes()[:64].startswith(b"<stata_dta><header><release>118</release>")
    docs = io.read_table(out, "documents")
    assert docs["text"].map(lambda t: len(t.encode("utf-8"))).max() > export.STATA_STR_MAX  # strL needed
    assert pd.read_stata(path)["text"].tolist() == docs["text"].tolist()
    with pd.io.stata.StataReader(path) as reader:
        doc = next(c.doc for c in schemas.TABLES["documents"].columns if c.name == "issuer")
        assert len(doc) > 80
        label = reader.variable_labels()["issuer"]
        assert label and doc.startswith(label)  # Stata labels hold 80 characters at most


def test_excel_has_a_frozen_header_widths_and_a_columns_sheet(out):
    export.export(out, "xlsx", tables=["documents"])
    wb = openpyxl.load_workbook(out / "exports" / "documents.xlsx", read_only=False)
    ws = wb["documents"]
    assert ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    widths = {h: ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width for i, h in enumerate(header, 1)}
    assert widths["text"] == export.EXCEL_WIDTH[1]  # long text: the widest allowed
    assert widths["article"] < widths["title"]  # a short number column is narrower than Chinese titles
    assert [r[0].value for r in wb["columns"].iter_rows(min_row=2, max_row=3)] == ["doc_id", "source"]


def test_excel_truncates_over_long_cells_with_a_marker_and_a_note(tmp_path):
    long = "甘" * 40_000
    docs = frame("documents", [dict(doc_id="d1", source="a.txt", article=0, title="=不是公式", text=long,
                                    n_chars=len(long), content_hash="x", authors=["张三", "李四"])])
    io.write_table(tmp_path, "documents", docs)
    result = export.export(tmp_path, "xlsx")
    assert any("truncated" in n and "40,000" in n for n in result.notes)
    got = pd.read_excel(tmp_path / "exports" / "documents.xlsx")
    cell = got.loc[0, "text"]
    assert len(cell) <= export.EXCEL_CELL_MAX and cell.endswith("全文见 CSV/Parquet］")
    assert cell.startswith("甘" * 1000) and "40000" in cell
    assert got.loc[0, "title"] == "=不是公式"  # text, not a formula
    assert got.loc[0, "authors"] == "张三;李四"
    # CSV and Stata keep the full text
    export.export(tmp_path, "csv")
    export.export(tmp_path, "dta")
    assert pd.read_csv(tmp_path / "exports" / "documents.csv", encoding="utf-8-sig").loc[0, "text"] == long
    assert pd.read_stata(tmp_path / "exports" / "documents.dta").loc[0, "text"] == long


def test_control_characters_are_removed_for_excel_only():
    df, notes = export.for_excel(pd.DataFrame({"text": ["甲\x01乙", "丙"]}), "t")
    assert df["text"].tolist() == ["甲乙", "丙"] and "control characters" in notes[0]


def test_stata_names_are_valid_and_unique():
    names = export.stata_names(["end", "a b", "a_b", "x" * 40, "2025年"])
    assert list(names.values()) == ["end_", "a_b", "a_b_2", "x" * 32, "_2025_"]


def test_a_table_not_produced_yet_is_skipped_with_the_reason(out, tmp_path):
    io.write_table(tmp_path, "documents", io.read_table(out, "documents"))  # a run with one stage only
    result = runner.invoke(app, ["export", "--format", "csv", "--tables", "documents,slogans", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "exports" / "documents.csv").is_file()
    assert not (tmp_path / "exports" / "slogans.csv").exists()
    assert "skipped slogans: not in" in " ".join(result.output.split())


def test_unknown_table_format_or_empty_folder_are_usage_errors(out, tmp_path):
    r = runner.invoke(app, ["export", "--format", "csv", "--tables", "documents,nope", "--out", str(out)])
    assert r.exit_code == 2 and "nope" in r.output
    r = runner.invoke(app, ["export", "--format", "csv", "--tables", "terms", "--out", str(out)])
    assert r.exit_code == 2 and "part cache only" in r.output and "has not run" not in r.output
    r = runner.invoke(app, ["export", "--format", "sav", "--out", str(out)])
    assert r.exit_code == 2 and "csv, xlsx, dta" in r.output
    r = runner.invoke(app, ["export", "--format", "csv", "--out", str(tmp_path / "empty")])
    assert r.exit_code == 2 and "policytext run" in r.output


def test_export_does_not_change_the_callers_frame():
    df = pd.DataFrame({"authors": [["张三"]], "ok": [True]})
    before = df.copy(deep=True)
    export.for_stata(df, "x")
    export.for_excel(df, "x")
    pd.testing.assert_frame_equal(df, before)


def test_docstring_examples():
    assert doctest.testmod(export).failed == 0


def test_every_csv_writer_joins_list_cells_the_same_way(tmp_path):
    df = pd.DataFrame({"rules": [["numeral_pattern", "recurrence"], [], None], "n": [1, 2, 3]})
    before = df.copy(deep=True)
    io.write_csv(tmp_path / "t.csv", df)
    got = pd.read_csv(tmp_path / "t.csv", encoding="utf-8-sig", keep_default_na=False)
    assert got["rules"].tolist() == ["numeral_pattern;recurrence", "", ""]
    assert df["rules"][0] == before["rules"][0] and df["rules"][2] is None  # the caller's frame is untouched
    assert not list(tmp_path.glob(".*"))  # no temporary file left


def test_documents_year_is_an_integer_in_the_table_and_every_export(tmp_path):
    """documents.year is declared a nullable integer (schemas.pandas_dtypes): read back it is Int32, never
    float, and CSV, Excel and Stata write 2023, not 2023.0 — also when the table's first part has no rows
    (a batch of rejected files: its empty frame once said int32, and the rows after it read as float)."""
    import csv

    import openpyxl

    from pipeline.config import Config
    from pipeline.run import run

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(10):  # sorted first: a batch of rejected files, an empty documents part
        (corpus / f"0{i}.txt").write_bytes(b"")
    (corpus / "a.txt").write_text("标题\n\n正文内容在这里，没有日期。\n", encoding="utf-8")
    (corpus / "b.md").write_text("---\ntitle: 通知\ndate: 2023-02-20\n---\n\n为做好春耕备耕工作，现将有关事项通知如下。\n",
                                 encoding="utf-8")
    out = tmp_path / "out"
    run(Config(corpus=corpus, out=out, workers=1), only=["ingest"])
    docs = pd.read_parquet(out / "documents.parquet")
    assert str(docs["year"].dtype) == "Int32" and sorted(docs["year"].dropna().tolist()) == [2023]
    for fmt in ("csv", "xlsx", "dta"):
        export.export(out, fmt, tables=["documents"])
    rows = list(csv.DictReader(open(out / "exports" / "documents.csv", encoding="utf-8-sig")))
    assert sorted(r["year"] for r in rows) == ["", "2023"]
    ws = openpyxl.load_workbook(out / "exports" / "documents.xlsx")["documents"]
    col = [c.value for c in ws[1]].index("year")
    assert sorted(v for v in (r[col].value for r in ws.iter_rows(min_row=2)) if v is not None) == [2023]
    with pd.io.stata.StataReader(out / "exports" / "documents.dta") as reader:
        reader.read()
        assert reader._dtyplist[list(docs.columns).index("year")] == "int32"  # a Stata long, not a double
