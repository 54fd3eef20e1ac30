"""Are two runs' tables the same? Compares every Parquet table of two output folders.

Usage (from the repository root)::

    python bench/same_tables.py OUT_A OUT_B

For each table (``*.parquet`` in either folder) prints ``identical``, ``only in A/B``, or
the first difference (shape, columns, dtypes, or the first differing row and column, from
``pandas.testing.assert_frame_equal``). Exit code 1 when any table differs or is missing
from one side, 0 when every table is identical. Used to check that a refactoring keeps
every table, byte for byte in content (the manifest, which holds timings, is not compared).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd
from pandas.testing import assert_frame_equal


def tables(out: Path) -> dict[str, Path]:
    """The tables of an output folder by name (a file or a partitioned folder ``NAME.parquet``)."""
    return {p.name.removesuffix(".parquet"): p for p in sorted(out.glob("*.parquet"))}


def first_difference(a: pd.DataFrame, b: pd.DataFrame) -> str | None:
    """None when the frames are equal (values, dtypes, column order, index), else what differs first."""
    if a.shape != b.shape:
        return f"shape {a.shape} vs {b.shape}"
    if list(a.columns) != list(b.columns):
        return f"columns {list(a.columns)} vs {list(b.columns)}"
    try:
        assert_frame_equal(a, b, check_exact=True)
    except AssertionError as exc:
        for col in a.columns:
            x, y = a[col], b[col]
            if str(x.dtype) != str(y.dtype):
                return f"column {col!r}: dtype {x.dtype} vs {y.dtype}"
            diff = ~((x == y) | (x.isna() & y.isna())).fillna(False).astype(bool)
            if diff.any():
                i = int(diff.to_numpy().nonzero()[0][0])
                return f"column {col!r}, row {i}: {x.iloc[i]!r} vs {y.iloc[i]!r}"
        return str(exc).splitlines()[0] if str(exc) else "differs"
    return None


def compare(out_a: Path, out_b: Path) -> int:
    """Print one line per table; the number of tables that differ or are missing."""
    ta, tb = tables(out_a), tables(out_b)
    bad = 0
    for name in sorted(set(ta) | set(tb)):
        if name not in tb or name not in ta:
            print(f"{name}: only in {'A' if name in ta else 'B'}")
            bad += 1
            continue
        a, b = pd.read_parquet(ta[name]), pd.read_parquet(tb[name])
        why = first_difference(a, b)
        print(f"{name}: {'identical' if why is None else 'DIFFERS: ' + why} ({len(a)} rows)")
        bad += why is not None
    print(f"{len(set(ta) | set(tb)) - bad} identical, {bad} different")
    return bad


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_a", type=Path)
    ap.add_argument("out_b", type=Path)
    args = ap.parse_args(argv)
    for out in (args.out_a, args.out_b):
        if not out.is_dir():
            print(f"not a folder: {out}", file=sys.stderr)
            return 2
    return 1 if compare(args.out_a, args.out_b) else 0


if __name__ == "__main__":
    sys.exit(main())
