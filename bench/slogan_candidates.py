"""Slogan discovery on real reports: top candidates for Gansu documents of the bulk corpus.

Reads ../shared/corpus/bulk/gov_work_reports.tar.xz compressed (tarfile), keeps the Gansu
government work reports (province, Lanzhou, the other prefectures), runs the slogans stage
on them and prints the top N candidates with their provenance, plus the throughput.

Usage: python bench/slogan_candidates.py [--top 30] [--tar PATH] [--csv FILE]
"""

from __future__ import annotations

import argparse
import re
import sys
import tarfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import lexicons, sentences, slogans  # noqa: E402
from pipeline.config import SloganConfig  # noqa: E402

TAR = next((p / "shared" / "corpus" / "bulk" for p in ROOT.parents if (p / "shared" / "corpus" / "bulk").is_dir()),
           ROOT.parent / "shared" / "corpus" / "bulk") / "gov_work_reports.tar.xz"
# Gansu: the province and its prefecture-level units, as they appear in the archive's paths
GANSU = re.compile(r"/(甘肃省|兰州市|嘉峪关市|金昌市|白银市|天水市|武威市|张掖市|平凉市|酒泉市|庆阳市|定西市|陇南市|临夏回族自治州|甘南藏族自治州)/")
# YAML front matter at the top of each report
FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)
# the year in the file name (2021.md)
YEAR = re.compile(r"/((?:19|20)[0-9]{2})[^/]*\.md$")


def gansu_documents(path: Path) -> pd.DataFrame:
    rows = []
    with tarfile.open(path) as tar:
        for m in tar:
            if not m.isfile() or not m.name.endswith(".md") or not GANSU.search(m.name):
                continue
            text = FRONT.sub("", tar.extractfile(m).read().decode("utf-8", "replace"))
            text = re.sub(r"<!--.*?-->|\*\*", "", text, flags=re.S)
            year = YEAR.search(m.name)
            rows.append({"doc_id": m.name, "source": m.name.split("/", 1)[-1], "date": year.group(1) if year else None,
                         "text": text})
    return pd.DataFrame(rows).sort_values("doc_id").reset_index(drop=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tar", type=Path, default=TAR)
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--csv", type=Path, help="write every candidate here")
    args = ap.parse_args()
    t0 = time.perf_counter()
    docs = gansu_documents(args.tar)
    t1 = time.perf_counter()
    sents = sentences.sentences(docs)
    _, cands, defs = slogans.slogan_tables(docs, sents, lexicon=lexicons.load(), config=SloganConfig())
    t2 = time.perf_counter()
    mb = docs["text"].str.len().sum() * 3 / 1e6
    print(f"{len(docs)} Gansu documents, {mb:.1f} MB of text; read {t1 - t0:.1f} s, sentences + slogans "
          f"{t2 - t1:.1f} s ({mb / (t2 - t1):.2f} MB/s); {len(cands)} candidates, "
          f"{(cands['score'] >= 0.6).sum()} with score >= 0.6; {len(defs)} definitions")
    if args.csv:
        cands.to_csv(args.csv, index=False, encoding="utf-8-sig")
    top = cands.head(args.top)
    for i, r in enumerate(top.itertuples(), 1):
        ex = re.sub(r"\s+", " ", r.example or "")
        pos = ex.find(r.slogan)
        ex = ex[max(0, pos - 18): pos + len(r.slogan) + 18] if pos >= 0 else ex[:40]
        print(f"{i:2d}. {r.slogan:<12} {r.kind:<8} {r.score:.2f} {r.count:4d}× {r.n_docs:3d} docs  "
              f"first {r.first_date} {r.first_source}  [{','.join(r.rules)}]{'  (lexicon)' if r.in_lexicon else ''}\n"
              f"      … {ex} …")


if __name__ == "__main__":
    main()
