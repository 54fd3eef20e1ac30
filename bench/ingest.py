"""Ingest on the bulk corpus (read compressed, never unpacked): throughput, documents per
file, page-break joins made on born-digital text (ideally ~0: they are false positives),
and a baseline in the same run (decode + split lines only).

    python bench/ingest.py [--limit N]
"""

from __future__ import annotations

import argparse
import collections
import tarfile
import time
from pathlib import Path

from pipeline import ingest
from pipeline.io import RawFile

BULK = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "bulk"


def members(name: str, limit: int | None):
    with tarfile.open(BULK / name) as tf:
        n = 0
        for m in tf:
            if m.isfile() and m.name.endswith(".md"):
                yield m.name, tf.extractfile(m).read()
                n += 1
                if limit and n >= limit:
                    return


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args()
    for name in ("gov_work_reports.tar.xz", "xinwen_lianbo_2022_2026.tar.xz"):
        files = list(members(name, args.limit))
        mb = sum(len(d) for _, d in files) / 1e6
        t0 = time.perf_counter()
        for _, d in files:
            d.decode("utf-8").split("\n")
        base = time.perf_counter() - t0
        t0 = time.perf_counter()
        docs, errors = ingest.documents([RawFile(n, None, d) for n, d in files])
        secs = time.perf_counter() - t0
        per_file = docs.groupby("source").size()
        joins = sum(1 for n, d in files[:300] for r in ingest.explain(d.decode("utf-8"), source=n)
                    if r["action"] == "joined")
        rules = collections.Counter(x.split(":")[0] for rm in docs["removed"] for x in rm)
        print(f"{name}: {len(files)} files, {mb:.1f} MB, {len(docs)} documents, {len(errors)} errors")
        print(f"  ingest {secs:.2f} s = {mb / secs:.2f} MB/s; baseline decode+split {base:.3f} s; ratio {secs / base:.0f}x")
        print(f"  documents per file: min {per_file.min()}, median {per_file.median():.0f}, max {per_file.max()}")
        print(f"  untitled {docs['title'].isna().sum()}, dated {docs['date'].notna().sum()}, with authors {(docs['authors'].str.len() > 0).sum()}")
        print(f"  page-break joins in the first 300 files: {joins}")
        print(f"  removed by rule: {dict(rules.most_common(12))}")
        if len(errors):
            print(errors["kind"].value_counts().to_dict())


if __name__ == "__main__":
    main()
