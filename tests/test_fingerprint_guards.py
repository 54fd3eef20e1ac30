"""The per-file fingerprints that tell an incremental run which files changed
(``runner.source_fingerprints``): one file's fingerprint never depends on another file's rows,
they stay those output folders already hold for every dtype the tables carry (nullable integers
with missing values, nullable booleans, time zones), and a row without a source is left out.

Written by the review of branch speed21, whose typed-array fingerprints broke each of these (the
change was reverted)."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pandas as pd
import pytest

from pipeline import runner


def _former_source_fingerprints(found: pd.DataFrame) -> dict[str, str]:
    """main's runner.source_fingerprints, verbatim: the fingerprints a user's output folder holds
    (memos ``<table>-fingerprints-<key>``) and the per-file keys built from them."""
    if not len(found):
        return {}
    rows = pd.util.hash_pandas_object(found, index=False).to_numpy()
    return {source: hashlib.sha1(np.sort(rows[idx]).tobytes()).hexdigest()[:20]
            for source, idx in found.groupby("source", sort=False).indices.items()}


# ---------------------------------------------------------------- 1. fingerprints: one source's depends on another's nulls

def test_a_source_s_fingerprint_does_not_depend_on_another_source_s_null_int():
    """Finding 1. source_fingerprints now hashes ``found[c].to_numpy()``: a nullable Int32
    column (the indicators' ``year`` and ``sentence``, the documents' ``year``) holding one <NA>
    anywhere becomes a whole *object* array, and every row of every source hashes otherwise.
    So source a's fingerprint changes when file b's year becomes unknown, and a file's
    fingerprint computed from its own rows (as rows_files does, per file, in the worker)
    differs from the one computed from the whole table read back (table_fingerprints'
    fallback). main (hash_pandas_object on the masked array) hashes each row by itself."""
    both_known = pd.DataFrame({"source": ["a.txt", "b.txt"], "year": pd.array([2020, 2021], dtype="Int32")})
    b_unknown = pd.DataFrame({"source": ["a.txt", "b.txt"], "year": pd.array([2020, None], dtype="Int32")})
    a_alone = pd.DataFrame({"source": ["a.txt"], "year": pd.array([2020], dtype="Int32")})
    fps = [runner.source_fingerprints(f)["a.txt"] for f in (both_known, b_unknown, a_alone)]
    assert fps[0] == fps[1] == fps[2]


# ---------------------------------------------------------------- 2. fingerprints: not the former ones for the tables' dtypes

@pytest.mark.parametrize("column", [
    pytest.param(pd.array([2020, None, 2022], dtype="Int32"), id="Int32-with-NA (indicators.year, documents.year)"),
    pytest.param(pd.array([1, None, 3], dtype="Int64"), id="Int64-with-NA"),
    pytest.param(pd.array([True, None, False], dtype="boolean"), id="nullable-boolean"),
    pytest.param(pd.to_datetime(["2020-01-01", None, "2021-06-01"]).tz_localize("Asia/Shanghai"), id="tz-aware-datetime"),
])
def test_source_fingerprints_equal_main_s_for_nullable_dtypes(column):
    """Finding 2. The commit says source_fingerprints 'now calls [column_fingerprints], the same
    fingerprints as main's'; the brief asks for equality 'for every dtype the tables hold,
    nulls'. For pandas extension dtypes (what a Parquet table with a nullable int32 column
    reads back as: indicators.parquet's ``sentence``/``year``), ``to_numpy()`` gives an object
    array of ints and pd.NA, which pandas hashes unlike the masked array. On a real run's
    indicators table all 17 of 17 sources got another fingerprint than main's."""
    frame = pd.DataFrame({"source": ["a.txt", "b.txt", "a.txt"], "x": column})
    assert runner.source_fingerprints(frame) == _former_source_fingerprints(frame)


def test_the_indicators_table_read_back_fingerprints_as_on_main(tmp_path):
    """Finding 2, on a table as a run writes it: the indicators' nullable int32 columns read
    back from Parquet as Int32 (some years unknown)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from pipeline import schemas

    schema = pa.schema([f for f in schemas.TABLES["indicators"].schema if f.name in ("doc_id", "source", "start", "end", "year")])
    table = pa.table({"doc_id": ["d1", "d1", "d2"], "source": ["a.txt", "a.txt", "b.txt"], "start": [1, 5, 2],
                      "end": [3, 9, 4], "year": [2023, None, 2024]}, schema=schema)
    pq.write_table(table, tmp_path / "indicators.parquet")
    frame = schemas.with_dtypes("indicators", pd.read_parquet(tmp_path / "indicators.parquet"))
    assert str(frame["year"].dtype) == "Int32"
    assert runner.source_fingerprints(frame) == _former_source_fingerprints(frame)


# ---------------------------------------------------------------- 3. fingerprints: a null source becomes a key and breaks the memo

@pytest.mark.parametrize("source", [
    pytest.param(pd.Series(["a.txt", None, "a.txt"], dtype=object), id="object-None"),
    pytest.param(pd.Series(["a.txt", None, "a.txt"], dtype="str"), id="str-NaN"),
])
def test_a_row_without_source_is_left_out_of_the_fingerprints_as_on_main(source):
    """Finding 3. main grouped by ``source`` (groupby drops a null key); column_fingerprints keys
    every value, so a null source becomes a ``nan`` key beside the strings, and
    remember_fingerprints' ``json.dumps(..., sort_keys=True)`` (table_fingerprints' fallback)
    raises TypeError comparing float and str."""
    frame = pd.DataFrame({"source": source, "x": np.array([1, 2, 3], dtype="int32")})
    fps = runner.source_fingerprints(frame)
    assert set(fps) == {"a.txt"}
    assert fps == _former_source_fingerprints(frame)
    json.dumps(fps, ensure_ascii=False, sort_keys=True)  # what remember_fingerprints does
