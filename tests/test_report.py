"""Report, charts and the CJK font: every chart file exists, Chinese renders in Noto Sans SC.

Stages that have not landed yet are stood in for by small frames that follow the declared
schemas (:func:`sample_tables`), built from the bundled run's documents.
"""

from __future__ import annotations

import base64
import doctest
import html
import io as _io
import re
import shutil
import warnings

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from matplotlib import font_manager
from fontTools.ttLib import TTFont
from matplotlib.figure import Figure
from typer.testing import CliRunner

from cli import app
from pipeline import charts, fonts, io, lexicons, metadata, report, schemas
from pipeline.config import Config

runner = CliRunner()
CJK = re.compile(r"[\u4e00-\u9fff]")


# --- sample tables that follow the declared schemas ------------------------------------------

def _default(col: schemas.Column):
    if col.nullable:
        return None
    t = col.type
    if pa.types.is_boolean(t):
        return False
    if pa.types.is_integer(t):
        return 0
    if pa.types.is_floating(t):
        return 0.0
    if pa.types.is_list(t):
        return []
    return ""


def frame(name: str, records: list[dict]) -> pd.DataFrame:
    """A frame of table ``name``; a declared column a record lacks gets a neutral default."""
    cols = schemas.TABLES[name].columns
    rows = [{c.name: r.get(c.name, _default(c)) for c in cols} for r in records]
    return schemas.to_arrow(name, pd.DataFrame(rows, columns=[c.name for c in cols])).to_pandas()


def sample_tables(documents: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Every table the report draws, schema-valid: slogans found by lexicon lookup in the real
    texts; dates and issuers assigned; indicators and topic tables synthetic."""
    docs = documents.copy()
    dates = ["2021-03-05", "2022-07-19", "2023-11-02", "2024-06-16", "2025-01-08", None]
    issuers = ["甘肃省", "平凉市", "广元市", "甘肃省", "广元市", None]
    docs["date"] = [dates[i % len(dates)] for i in range(len(docs))]
    docs["issuer"] = [issuers[i % len(issuers)] for i in range(len(docs))]
    lex = lexicons.load(Config().lexicons)
    found = []
    for d in docs.itertuples():
        for s in sorted(lex.slogans):
            i = d.text.find(s)
            while i >= 0:
                found.append(dict(doc_id=d.doc_id, source=d.source, slogan=s, surface=s, start=i,
                                  end=i + len(s), kind="named", origin="lexicon", rule="lexicon"))
                i = d.text.find(s, i + 1)
    rng = np.random.default_rng(0)
    kinds = [("money", "元"), ("count", "个"), ("percent", "%"), ("quantity", "吨"), ("count", "家")]
    ind = [dict(doc_id=d.doc_id, source=d.source, sentence=m, start=10 * m, end=10 * m + 4, text="124个",
                value=float(rng.integers(1, 10_000)), unit=kinds[(j + m) % 5][1], kind=kinds[(j + m) % 5][0],
                metric="规上工业增加值", is_target=m % 3 == 0, rule="unit")
           for j, d in enumerate(docs.itertuples()) for m in range(6)]
    words = [["工业", "产业", "项目", "企业", "发展", "投资", "园区", "制造", "升级", "链条"],
             ["党建", "组织", "党员", "引领", "基层", "服务", "支部", "干部", "作风", "学习"],
             ["乡村", "振兴", "农业", "农民", "特色", "种植", "合作社", "增收", "产业", "旅游"]]
    terms, models, trends = [], [], []
    for model in ("lda", "nmf"):
        for k, cv in ((3, 0.45), (4, 0.41)):
            models.append(dict(model=model, k=k, unit="paragraph", c_v=cv, seed=42, chosen=k == 3))
        for t, ws in enumerate(words):
            label = "·".join(ws[:3])
            terms += [dict(model=model, k=3, topic=t, label=label, rank=r, term=w, weight=0.1 / r)
                      for r, w in enumerate(ws, 1)]
            trends += [dict(model=model, topic=t, label=label, period=y, issuer=who,
                            share=float(rng.uniform(0.1, 0.6)), n_docs=int(rng.integers(1, 5)))
                       for y in ("2021", "2022", "2023", "2024", "2025") for who in ("甘肃省", "广元市")]
    cands = [dict(slogan="三抓三促", kind="numbered", count=5, n_docs=2, first_date="2023-11-02", score=0.9,
                  rules=["quoted"], example="开展“三抓三促”行动", in_lexicon=False)]
    return {"documents": frame("documents", docs.to_dict("records")), "slogans": frame("slogans", found),
            "indicators": frame("indicators", ind), "topic_models": frame("topic_models", models),
            "topic_terms": frame("topic_terms", terms), "topic_trends": frame("topic_trends", trends),
            "slogan_candidates": frame("slogan_candidates", cands)}


@pytest.fixture(scope="module")
def full_out(bundled_run, tmp_path_factory):
    """The bundled run plus schema-valid sample tables for the stages not in it yet."""
    out = tmp_path_factory.mktemp("full_out")
    for p in bundled_run.glob("*.parquet"):
        (shutil.copytree if p.is_dir() else shutil.copy2)(p, out / p.name)
    for name, df in sample_tables(io.read_table(bundled_run, "documents")).items():
        if name == "documents" or not io.has_table(bundled_run, name):
            io.write_table(out, name, df)
    return out


# --- the CJK font ----------------------------------------------------------------------------

def test_the_cjk_font_is_installed_and_matplotlib_finds_it():
    path = fonts.font_path()
    assert path.is_file() and path.stat().st_size > 1_000_000
    family = fonts.register()
    assert family == "Noto Sans SC"
    found = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    assert str(found) == str(path)
    assert fonts.missing_glyphs("甘肃省广元市“三抓三促”行动 2025年增长71.5%，规上工业增加值") == ""


def _render_png(fig: Figure) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report.png_bytes(fig, dpi=100)
        report.svg_bytes(fig)
    return [str(w.message) for w in caught]


def _cjk_texts(fig: Figure):
    return [t for t in fig.findobj(lambda a: hasattr(a, "get_fontproperties") and hasattr(a, "get_text"))
            if CJK.search(t.get_text() or "") and t.get_visible()]


def test_chinese_labels_render_in_the_cjk_font_without_missing_glyphs():
    slogans = pd.DataFrame({"doc_id": ["a", "a", "b"], "slogan": ["三抓三促", "强省会", "引大引强引头部"]})
    docs = pd.DataFrame({"doc_id": ["a", "b"], "title": ["甘肃日报", "广元日报"], "source": ["a", "b"],
                         "date": ["2023-01-01", "2024-01-01"], "issuer": ["甘肃省", "广元市"]})
    fig = charts.slogan_frequency(slogans, docs, by="issuer")
    messages = _render_png(fig)
    assert not [m for m in messages if "missing from font" in m], messages
    texts = _cjk_texts(fig)
    assert {"三抓三促", "甘肃省", "广元市"} <= {t.get_text() for t in texts}
    for t in texts:
        assert str(font_manager.findfont(t.get_fontproperties())) == str(fonts.font_path()), t.get_text()


def test_the_glyph_check_catches_a_font_without_chinese():
    """Negative control: the same labels in matplotlib's default font do warn."""
    fig = Figure()
    ax = fig.add_subplot()
    ax.set_title("三抓三促", family="DejaVu Sans")
    messages = _render_png(fig)
    assert any("missing from font" in m for m in messages)


# --- charts on built frames ------------------------------------------------------------------

DOCS = pd.DataFrame({"doc_id": ["a", "b", "c"], "title": ["甲文", None, "丙文"], "source": ["a.txt", "b.txt", "c.txt"],
                     "date": ["2024-05-01", "2023-02-03", None], "issuer": ["甘肃省", "甘肃省", None]})
SLOGANS = pd.DataFrame({"doc_id": ["a", "a", "b", "c", "c"], "source": ["a.txt", "a.txt", "b.txt", "c.txt", "c.txt"],
                        "slogan": ["三抓三促", "强省会", "三抓三促", "强省会", "四强"], "start": [5, 9, 1, 0, 3]})


def test_slogan_counts_by_issuer_count_a_document_once_for_its_issuer_and_keep_the_unknown():
    """A document counts for its one issuer, whatever places it names; documents without an
    issuer are counted in one explicit group, not dropped."""
    got = charts.slogan_counts(SLOGANS, DOCS, by="issuer")
    assert sorted(map(tuple, got[["slogan", "group", "count"]].to_numpy().tolist())) == [
        ("三抓三促", "甘肃省", 2), ("四强", metadata.UNKNOWN_ISSUER, 1), ("强省会", metadata.UNKNOWN_ISSUER, 1),
        ("强省会", "甘肃省", 1)]
    assert int(got["count"].sum()) == len(SLOGANS)


def test_slogan_counts_by_document_label_untitled_documents_by_source():
    got = charts.slogan_counts(SLOGANS, DOCS, by="document")
    assert set(got["group"]) == {"甲文", "b.txt", "丙文"}


def test_first_appearance_is_the_earliest_dated_document():
    first = charts.slogan_first_appearances(SLOGANS, DOCS).set_index("slogan")
    assert first.loc["三抓三促", "first_date"] == "2023-02-03"
    assert first.loc["三抓三促", "first_source"] == "b.txt"
    assert first.loc["强省会", "first_source"] == "a.txt"  # the undated c.txt comes last
    assert pd.isna(first.loc["四强", "first_date"]) and first.loc["四强", "first_source"] == "c.txt"
    assert first.loc["三抓三促", "n_docs"] == 2


def test_first_appearance_chart_says_first_seen_in_this_corpus_and_the_corpus_dates():
    first = charts.slogan_first_appearances(SLOGANS, DOCS)
    fig = charts.first_appearances_chart(first, DOCS)
    title = fig.axes[0].get_title()
    assert "first seen in this corpus" in title
    assert "2023-02-03" in title and "2024-05-01" in title  # earliest and latest document dates
    assert charts.corpus_dates(DOCS) == ("2023-02-03", "2024-05-01", 1)  # and one undated document


def test_charts_without_dates_or_issuers_say_why():
    undated = DOCS.assign(date=None, issuer=None)
    with pytest.raises(charts.NoData, match="date"):
        charts.slogan_frequency(SLOGANS, undated, by="period")
    with pytest.raises(charts.NoData, match="issuer"):
        charts.slogan_frequency(SLOGANS, undated, by="issuer")
    with pytest.raises(charts.NoData, match="issuer"):  # an output folder from before issuers
        charts.slogan_frequency(SLOGANS, undated.drop(columns="issuer"), by="issuer")
    first = charts.slogan_first_appearances(SLOGANS, undated)
    with pytest.raises(charts.NoData, match="date"):
        charts.first_appearances_chart(first, undated)


def _many_issuers(n: int = 90) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``n`` documents, one issuer each (区0 … 区89); issuer i has i + 1 occurrences of 3 slogans."""
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(n)], "title": [f"文{i}" for i in range(n)],
                         "source": [f"{i}.txt" for i in range(n)], "date": "2024-01-01",
                         "issuer": [f"区{i}" for i in range(n)]})
    rows = [(f"d{i}", ("三抓三促", "强省会", "四强")[j % 3]) for i in range(n) for j in range(i + 1)]
    slogans = pd.DataFrame(rows, columns=["doc_id", "slogan"])
    return slogans, docs


def test_slogans_by_issuer_show_the_busiest_issuers_and_fold_the_rest_into_one_column():
    slogans, docs = _many_issuers(90)
    before = (slogans.copy(), docs.copy())
    table = charts.slogan_frequency_table(slogans, docs, by="issuer")
    n = charts.TOP_ISSUERS
    assert table.shape[1] == n + 1
    assert list(table.columns[:n]) == [f"区{i}" for i in range(89, 89 - n, -1)]  # busiest first
    other = table.columns[-1]
    assert other.startswith("其他") and str(90 - n) in other
    assert int(table.to_numpy().sum()) == len(slogans)  # nothing lost: the rest is in 其他
    assert table.sum(axis=1).to_dict() == slogans["slogan"].value_counts().to_dict()
    assert int(table[other].sum()) == sum(i + 1 for i in range(90 - n))
    pd.testing.assert_frame_equal(slogans, before[0])
    pd.testing.assert_frame_equal(docs, before[1])
    fig = charts.slogan_frequency(slogans, docs, by="issuer")
    assert len(fig.axes[0].get_xticklabels()) == n + 1


def test_slogans_by_issuer_keep_every_issuer_when_few():
    table = charts.slogan_frequency_table(SLOGANS, DOCS, by="issuer")
    assert sorted(table.columns) == sorted(["甘肃省", metadata.UNKNOWN_ISSUER])


def test_topic_share_by_issuer_folds_the_rest_into_one_row_weighted_by_documents():
    n_issuers = 90
    tr = pd.DataFrame({"model": "lda", "topic": 0, "label": "工业", "period": "2024",
                       "issuer": [f"区{i}" for i in range(n_issuers)],
                       "share": [i / 100 for i in range(n_issuers)], "n_docs": [i + 1 for i in range(n_issuers)]})
    before = tr.copy()
    wide = charts.topic_trend_table(tr, by="issuer", top_issuers=charts.TOP_ISSUERS)
    n = charts.TOP_ISSUERS
    assert len(wide) == n + 1
    rest = tr.iloc[: n_issuers - n]
    other = [r for r in wide.index if r.startswith("其他")]
    assert len(other) == 1 and str(n_issuers - n) in other[0]
    expected = (rest["share"] * rest["n_docs"]).sum() / rest["n_docs"].sum()
    assert wide.loc[other[0]].iloc[0] == pytest.approx(expected)
    assert wide.loc["区89"].iloc[0] == pytest.approx(0.89)
    pd.testing.assert_frame_equal(tr, before)
    assert len(charts.topic_trend_table(tr, by="issuer")) == n_issuers  # the table alone keeps every issuer


def test_topic_trends_by_period_weight_issuers_by_documents():
    tr = pd.DataFrame({"model": "lda", "topic": [0, 0, 0], "label": "工业", "period": ["2024", "2024", "2025"],
                       "issuer": ["甘肃省", "广元市", "甘肃省"], "share": [0.2, 0.5, 0.4], "n_docs": [3, 1, 2]})
    wide = charts.topic_trend_table(tr, by="period")
    assert wide.loc["2024"].iloc[0] == pytest.approx((0.2 * 3 + 0.5 * 1) / 4)
    assert wide.loc["2025"].iloc[0] == pytest.approx(0.4)


def test_indicator_summary_counts_rows_documents_and_targets():
    ind = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "kind": ["money", "money", "money", "percent"],
                        "unit": ["元", "元", "元", "%"], "value": [1e8, 3e8, 5e8, 7.5],
                        "is_target": [True, False, False, False]})
    s = charts.indicator_summary(ind).set_index(["kind", "unit"])
    assert s.loc[("money", "元")].to_dict() == {"rows": 3, "documents": 2, "targets": 1, "median": 3e8,
                                               "min": 1e8, "max": 5e8}
    assert s.loc[("percent", "%"), "rows"] == 1


def test_svg_is_reproducible():
    fig = charts.slogan_frequency(SLOGANS, DOCS, by="document")
    assert report.svg_bytes(fig) == report.svg_bytes(charts.slogan_frequency(SLOGANS, DOCS, by="document"))


# --- the report end to end -------------------------------------------------------------------

EXPECTED = ["indicators_by_kind", "slogan_frequency_document", "slogan_frequency_period",
            "slogan_frequency_issuer", "slogan_first_appearances", "topic_coherence", "topic_top_terms_lda",
            "topic_top_terms_nmf", "topic_trends_period_lda", "topic_trends_issuer_lda"]


@pytest.fixture(scope="module")
def reported(full_out):
    """``full_out`` after one ``policytext report``."""
    result = runner.invoke(app, ["report", "--out", str(full_out)])
    assert result.exit_code == 0, result.output
    return full_out


def test_report_writes_every_chart_as_300dpi_png_and_svg_and_one_html(reported):
    from PIL import Image

    full_out = reported
    figures = full_out / "figures"
    for name in EXPECTED:
        png, svg = figures / f"{name}.png", figures / f"{name}.svg"
        assert png.is_file() and svg.is_file(), name
        dpi = Image.open(png).info["dpi"]
        assert round(dpi[0]) == 300, (name, dpi)
        assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    page = (full_out / "report.html").read_text(encoding="utf-8")
    embedded = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', page)
    assert len(embedded) >= len(EXPECTED)
    assert not re.search(r'(src|href)="(?!data:)', page), "the report must not load external files"
    assert b"<svg" in base64.b64decode(embedded[0])
    assert "指标汇总 Indicator summary" in page and "三抓三促" in page
    assert (figures / "table_indicator_summary.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def _page_text(page: str) -> str:
    """What the page shows: the HTML without its data URIs, entities decoded."""
    return html.unescape(re.sub(r"data:[^\"')]+", "", page))


def test_report_html_embeds_a_subset_of_the_cjk_font_covering_every_character(reported):
    page = (reported / "report.html").read_text(encoding="utf-8")
    faces = re.findall(r"@font-face\{[^}]*\}", page)
    assert len(faces) == 1, faces
    family = re.search(r'font-family:\s*"([^"]+)"', faces[0]).group(1)
    body_families = re.search(r"body\{font-family:([^;]+);", page).group(1)
    assert body_families.split(",")[0].strip().strip('"') == family  # the embedded font is used first
    uri = re.search(r"url\((data:font/(otf|woff2|ttf);base64,([A-Za-z0-9+/=]+))\)", faces[0])
    assert uri, faces[0]
    data = base64.b64decode(uri.group(3))
    font = TTFont(_io.BytesIO(data))
    cmap = set(font.getBestCmap())
    text = _page_text(page)
    chinese = {ch for ch in text if CJK.match(ch)}
    assert len(chinese) > 100  # the page really is in Chinese
    assert not {ch for ch in chinese if ord(ch) not in cmap}
    full = set(TTFont(fonts.font_path(), lazy=True).getBestCmap())
    assert not {ch for ch in set(text) if ord(ch) in full and ord(ch) not in cmap}  # digits, punctuation too
    assert len(data) < fonts.font_path().stat().st_size / 20  # a subset, not the 8 MB font
    assert len(cmap) < 3 * len(set(text))


def test_report_labels_first_appearances_as_first_seen_in_this_corpus_with_its_dates(reported):
    page = (reported / "report.html").read_text(encoding="utf-8")
    dates = io.read_table(reported, "documents")["date"].dropna()
    earliest, latest = min(dates), max(dates)  # the sample dates are ISO yyyy-mm-dd
    assert earliest < latest
    figure = re.search(r'<figure id="slogan_first_appearances">.*?</figure>', page, re.S).group()
    first_table = [h for h in re.findall(r"<h3>(.*?)</h3>", page) if "首次" in h]
    discovered = [h for h in re.findall(r"<h3>(.*?)</h3>", page) if "Discovered slogans" in h]  # has first_date
    assert len(first_table) == 1 and len(discovered) == 1
    for label in (figure, first_table[0], discovered[0]):
        assert "first seen in this corpus" in label
        assert earliest in label and latest in label


def test_report_uses_the_cjk_font_for_every_chinese_label(full_out):
    tables, _ = report.load_tables(full_out)
    rep = report.build(tables)
    drawn = [c for c in rep.charts if c.figure is not None]
    assert {c.name for c in drawn} >= set(EXPECTED)
    for chart in drawn:
        messages = _render_png(chart.figure)
        assert not [m for m in messages if "missing from font" in m], (chart.name, messages)
        texts = _cjk_texts(chart.figure)
        assert texts, chart.name
        assert {str(font_manager.findfont(t.get_fontproperties())) for t in texts} == {str(fonts.font_path())}


def test_report_on_a_partial_run_skips_missing_tables_with_a_note(bundled_run, tmp_path):
    out = tmp_path / "partial"
    out.mkdir()
    for name in ("documents", "ingest_errors"):
        io.write_table(out, name, io.read_table(bundled_run, name))
    result = runner.invoke(app, ["report", "--out", str(out)])
    assert result.exit_code == 0, result.output
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "slogans: not in" in page and "skipped" in page
    assert "table 'slogans' is not in the output folder yet" in result.output


def test_report_without_any_table_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["report", "--out", str(tmp_path / "nothing")])
    assert result.exit_code == 2
    assert "policytext run" in result.output


@pytest.mark.parametrize("module", [fonts, charts, report])
def test_docstring_examples(module):
    assert doctest.testmod(module).failed == 0


def test_target_vs_result_is_drawn_straight_from_the_panel():
    pan = pd.DataFrame({"issuer": ["甲市"] * 4 + ["国务院"] * 2, "year": [2019, 2019, 2020, 2020, 2019, 2019],
                        "metric": ["地区生产总值"] * 4 + ["国内生产总值"] * 2, "measure": ["growth"] * 6,
                        "status": ["target", "estimate", "target", "actual", "target", "actual"],
                        "value": [6.0, 6.3, 6.0, 5.1, 6.5, 6.1]})
    before = pan.copy()
    table = charts.target_vs_result_table(pan)
    assert pan.equals(before)
    assert table[["issuer", "year", "target", "result", "result_status"]].values.tolist() == [
        ["国务院", 2019, 6.5, 6.1, "actual"], ["甲市", 2019, 6.0, 6.3, "estimate"], ["甲市", 2020, 6.0, 5.1, "actual"]]
    rep = report.build({"panel": pan})
    chart = next(c for c in rep.charts if c.name == "gdp_growth_target_vs_result")
    assert chart.figure is not None
    assert "GDP增速目标与实绩 GDP growth target vs result" in rep.tables


def _unknown_busiest() -> tuple[pd.DataFrame, pd.DataFrame]:
    """One document without an issuer holding 20 slogans 30 times each, and 20 issuers (区0 … 区19) each with
    its own slogan, issuer i written i + 1 times: corpus-wide, every top slogan is the unknown issuer's."""
    docs = pd.DataFrame({"doc_id": ["u"] + [f"d{i}" for i in range(20)], "title": ["无"] + [f"文{i}" for i in range(20)],
                         "source": ["u.txt"] + [f"{i}.txt" for i in range(20)], "date": "2024-01-01",
                         "issuer": [None] + [f"区{i}" for i in range(20)]})
    rows = [("u", f"未知提法{j}") for j in range(20) for _ in range(30)]
    rows += [(f"d{i}", f"提法{i}") for i in range(20) for _ in range(i + 1)]
    return pd.DataFrame(rows, columns=["doc_id", "slogan"]), docs


def test_slogans_by_issuer_show_the_busiest_known_issuers_each_with_its_slogans():
    """The top slogans are no longer chosen corpus-wide: a busy 未知发文单位 neither hides the known issuers' slogans
    (a chart of one column) nor takes one of the 15 places."""
    slogans, docs = _unknown_busiest()
    before = (slogans.copy(), docs.copy())
    table = charts.slogan_frequency_table(slogans, docs, by="issuer")
    n = charts.TOP_ISSUERS
    busiest = [f"区{i}" for i in range(19, 19 - n, -1)]
    assert list(table.columns[:n]) == busiest  # the 15 busiest known issuers first, busiest first
    assert metadata.UNKNOWN_ISSUER in table.columns  # still counted, in a column of its own
    assert any(c.startswith("其他") for c in table.columns)  # the other 5 folded
    for issuer in busiest:  # each shown issuer with its slogan
        assert table[issuer].sum() > 0, issuer
    pd.testing.assert_frame_equal(slogans, before[0])
    pd.testing.assert_frame_equal(docs, before[1])
