"""Score the ``panel`` table against the hand-annotated gold in bench/gold/panel/panel.jsonl.

The gold's work reports are read from the bulk corpus (``gov_work_reports.tar.xz``, in
memory with ``tarfile``) and run through the library functions of the stages (ingest,
sentences, indicators, panel; no slogan exclusions). A gold row is found when the panel
has a row with the same issuer, year, metric, measure and status, a value within rounding
(0.5 in the last digit the gold writes, at least 1e-6 relative) and the same unit.

Prints precision, recall and F1, and, for the rows not found, a per-field confusion: the
panel row of the same report with the same value and unit, and which of year, metric,
measure and status differ.

    python bench/score_panel.py --split dev          # build and tune on this only
    python bench/score_panel.py --split heldout      # report once, never tune on it
    python bench/score_panel.py --split dev --errors # list every miss and extra row
    python bench/score_panel.py --gold bench/gold/panel/panel2.jsonl --split dev   # the second gold set
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import tarfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "bench" / "gold" / "panel" / "panel.jsonl"
TAR = next((p / "shared" / "corpus" / "bulk" / "gov_work_reports.tar.xz" for p in (ROOT.parent, ROOT.parent.parent)
            if (p / "shared").is_dir()), ROOT.parent / "shared" / "corpus" / "bulk" / "gov_work_reports.tar.xz")
PREFIX = "lawtext_gov/"
FIELDS = ("year", "metric", "measure", "status")


def load_gold(split: str, path: Path = GOLD) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if split == "all" or r["split"] == split]


def read_members(names: list[str], tar: Path = TAR) -> dict[str, bytes]:
    want, out = set(names), {}
    with tarfile.open(tar) as t:
        for m in t:
            if m.name in want:
                out[m.name] = t.extractfile(m).read()
    return out


def build(members: dict[str, bytes]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(documents, indicators, panel) of the members, by the library functions of the stages."""
    sys.path.insert(0, str(ROOT))
    from pipeline import indicators, ingest, io, lexicons, panel, sentences
    from pipeline.config import IndicatorConfig

    lex = lexicons.bundled()
    raw = [io.RawFile(name[len(PREFIX):], Path(name), data=data) for name, data in sorted(members.items())]
    docs, _ = ingest.documents(raw)
    inds = indicators.indicators(docs, sentences.sentences(docs), config=IndicatorConfig(), lexicon=lex)
    return docs, inds, panel.panel(docs, inds, lexicon=lex)


def _close(a: float, b: float) -> bool:
    tol = max(1e-6 * abs(b), 5e-3 if abs(b) < 1e3 else 0.0)
    return abs(a - b) <= tol


def score(gold: list[dict], table: pd.DataFrame) -> dict:
    """Matches, precision/recall/F1 and the per-field confusion of the misses."""
    files = {g["file"][len(PREFIX):] for g in gold}
    pred = table[table["source"].isin(files)].to_dict(orient="records")
    used: set[int] = set()
    missed = []
    for g in gold:
        hit = None
        for k, p in enumerate(pred):
            if k in used or p["source"] != g["file"][len(PREFIX):]:
                continue
            if (p["issuer"], int(p["year"]), p["metric"], p["measure"], p["status"]) == \
                    (g["issuer"], g["year"], g["metric"], g["measure"], g["status"]) \
                    and p["unit"] == g["unit"] and _close(p["value"], g["value"]):
                hit = k
                break
        if hit is None:
            missed.append(g)
        else:
            used.add(hit)
    extra = [p for k, p in enumerate(pred) if k not in used]
    confusion: dict[str, collections.Counter] = {f: collections.Counter() for f in FIELDS}
    unexplained = 0
    for g in missed:
        same = [p for p in extra if p["source"] == g["file"][len(PREFIX):] and p["unit"] == g["unit"]
                and _close(p["value"], g["value"])]
        if not same:
            unexplained += 1
            continue
        p = same[0]
        for f in FIELDS:
            gv, pv = g[f], (int(p[f]) if f == "year" else p[f])
            if gv != pv:
                confusion[f][(gv, pv)] += 1
    tp = len(gold) - len(missed)
    prec = tp / len(pred) if pred else 0.0
    rec = tp / len(gold) if gold else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"gold": len(gold), "predicted": len(pred), "found": tp, "precision": prec, "recall": rec, "f1": f1,
            "missed": missed, "extra": extra, "confusion": confusion, "missed_no_value": unexplained}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("dev", "heldout", "all"), default="dev")
    ap.add_argument("--tar", type=Path, default=TAR, help="the bulk corpus gov_work_reports.tar.xz")
    ap.add_argument("--gold", type=Path, default=GOLD, help="the gold file (panel.jsonl, panel2.jsonl)")
    ap.add_argument("--errors", action="store_true", help="list every miss and extra row")
    args = ap.parse_args(argv)
    gold = load_gold(args.split, args.gold)
    members = read_members(sorted({g["file"] for g in gold}), args.tar)
    _, _, table = build(members)
    s = score(gold, table)
    print(f"{args.gold.name} split {args.split}: {len({g['file'] for g in gold})} reports, gold rows {s['gold']}, "
          f"panel rows {s['predicted']}, found {s['found']}")
    print(f"precision {s['precision']:.3f}  recall {s['recall']:.3f}  F1 {s['f1']:.3f}")
    print(f"misses with no panel row of the same value and unit: {s['missed_no_value']}")
    for f, c in s["confusion"].items():
        if c:
            print(f"  {f} confusion (gold -> panel): " + ", ".join(f"{a}->{b} ×{n}" for (a, b), n in c.most_common()))
    if args.errors:
        print(f"-- missed ({len(s['missed'])})")
        for g in s["missed"]:
            print("  ", g["issuer"], g["year"], g["metric"], g["measure"], g["status"], g["value"], g["unit"], "|", g["context"])
        print(f"-- extra ({len(s['extra'])})")
        for p in s["extra"]:
            print("  ", p["issuer"], p["year"], p["metric"], p["measure"], p["status"], p["value"], p["unit"], "|", p["text"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
