import pandas as pd
import pytest

from pipeline import schemas


def test_writing_rejects_a_missing_column():
    with pytest.raises(schemas.SchemaError, match="missing columns"):
        schemas.to_arrow("ingest_errors", pd.DataFrame({"source": ["a"], "kind": ["x"]}))


def test_writing_rejects_nulls_in_required_column():
    df = pd.DataFrame({"source": [None], "kind": ["x"], "message": ["m"]})
    with pytest.raises(schemas.SchemaError, match="nulls"):
        schemas.to_arrow("ingest_errors", df)


def test_validation_does_not_mutate_the_callers_frame():
    df = pd.DataFrame({"message": ["m"], "kind": ["x"], "source": ["a"], })
    before = df.copy()
    schemas.to_arrow("ingest_errors", df)
    pd.testing.assert_frame_equal(df, before)


def test_empty_tables_have_declared_columns():
    for name in schemas.TABLES:
        assert list(schemas.empty(name).columns) == schemas.columns(name)


def test_writing_rejects_a_wrong_type_naming_the_column():
    df = pd.DataFrame({"doc_id": ["d"], "sentence": ["first"], "start": [0], "end": [1], "text": ["x"]})
    with pytest.raises(schemas.SchemaError, match="'sentence'"):
        schemas.to_arrow("sentences", df)


def test_an_arrow_table_must_match_the_declaration():
    import pyarrow as pa

    good = schemas.to_arrow("ingest_errors", pd.DataFrame({"source": ["a"], "kind": ["x"], "message": ["m"]}))
    assert schemas.check_arrow("ingest_errors", good.replace_schema_metadata(None)).equals(good)
    with pytest.raises(schemas.SchemaError, match="declared"):
        schemas.check_arrow("ingest_errors", good.drop_columns(["message"]))
    nulls = pa.table({"source": pa.array([None], pa.string()), "kind": ["x"], "message": ["m"]},
                     schema=schemas.TABLES["ingest_errors"].schema)
    with pytest.raises(schemas.SchemaError, match="nulls"):
        schemas.check_arrow("ingest_errors", nulls)


def test_a_large_table_is_written_as_parts_that_read_back_as_one(tmp_path, monkeypatch):
    from pipeline import io

    monkeypatch.setattr(io, "PART_ROWS", 10)
    df = pd.DataFrame({"source": [f"f{i}" for i in range(35)], "kind": ["x"] * 35, "message": ["m"] * 35})
    io.write_table(tmp_path, "ingest_errors", df)
    assert len(list(io.table_path(tmp_path, "ingest_errors").iterdir())) == 4
    assert io.read_table(tmp_path, "ingest_errors")["source"].tolist() == df["source"].tolist()
    io.write_table(tmp_path, "ingest_errors", df.head(3))  # a small table replaces the directory
    assert io.table_path(tmp_path, "ingest_errors").is_file() and io.count_rows(tmp_path, "ingest_errors") == 3


def test_a_part_written_in_pieces_does_not_depend_on_the_pieces(tmp_path, monkeypatch):
    """The slogans stage streams its table into one part as chunks arrive: the file must be
    the same whatever the chunking (row groups cut at fixed sizes), and nothing is in place
    before close."""
    from pipeline import io, partcache

    monkeypatch.setattr(io, "ROW_GROUP_ROWS", 7)
    df = pd.DataFrame({"source": [f"f{i}" for i in range(30)], "kind": ["x"] * 30, "message": ["m"] * 30})
    files = []
    for cuts in ([0, 30], [0, 3, 4, 20, 30], [0, 0, 29, 30]):
        store = partcache.PartStore(tmp_path / f"out{len(files)}")
        w = store.writer("ingest_errors", "k")
        for a, b in zip(cuts, cuts[1:]):
            w.write(df.iloc[a:b])
        assert not store.has("ingest_errors", "k")
        files.append(w.close().read_bytes())
        pd.testing.assert_frame_equal(store.read("ingest_errors", "k"), df)
    assert files[0] == files[1] == files[2]
