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
