"""Precision and recall of the slogans stage against tests/gold/slogans.jsonl (bundled corpus).

Two measurements, printed separately:
- lexicon matching: the stage with lexicons/slogans.txt; gold occurrences whose slogan is a
  lexicon entry must come out with origin ``lexicon`` (recall), and lexicon rows must be gold.
- discovery, honestly: the stage with an EMPTY lexicon; how many gold numbered formulations
  (and plan names) it finds, and how many false ones it proposes.
Gold rows marked ``optional`` count neither as a miss nor as a false proposal.

Usage: python bench/score_slogans.py [--corpus corpus] [--lexicons lexicons] [--show]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import ingest, io, lexicons, sentences, slogans  # noqa: E402
from pipeline.config import SloganConfig  # noqa: E402
from pipeline.lexicons import Lexicon  # noqa: E402

GOLD = ROOT / "tests" / "gold" / "slogans.jsonl"


def load_gold(path: Path = GOLD) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if "source" in r]


def bundled_documents(corpus: Path):
    paths, folder_errors = io.list_corpus(corpus, (".txt", ".md", ".html", ".htm"))
    docs, _ = ingest.documents(folder_errors + [io.read_raw(p, corpus, max_bytes=10**9) for p in paths])
    return docs, sentences.sentences(docs)


def locate(gold: list[dict], docs) -> tuple[list[dict], list[dict]]:
    """Gold rows with their position (doc_id, start, end); rows whose context is not in any document."""
    placed, lost = [], []
    for g in gold:
        hits = []
        for d, src, text in zip(docs["doc_id"], docs["source"], docs["text"]):
            if src != g["source"]:
                continue
            i = text.find(g["context"])
            while i >= 0:
                s = i + g["context"].find(g["surface"])
                hits.append((d, s, s + len(g["surface"])))
                i = text.find(g["context"], i + 1)
        if hits:
            placed.append({**g, "doc_id": hits[0][0], "start": hits[0][1], "end": hits[0][2]})
        else:
            lost.append(g)
    return placed, lost


def _matches(row, g) -> bool:
    return (row["doc_id"] == g["doc_id"] and row["slogan"] in {g["slogan"], *g.get("alts", [])}
            and row["start"] < g["end"] and g["start"] < row["end"])


def score(rows, gold: list[dict], *, kinds: set[str] | None = None, origin: str | None = None,
          gold_filter=None) -> dict:
    """Occurrence-level and type-level (source, slogan) precision and recall."""
    pred = [r for r in rows.to_dict(orient="records")
            if (kinds is None or r["kind"] in kinds) and (origin is None or r["origin"] == origin)]
    required = [g for g in gold if not g["optional"] and (gold_filter is None or gold_filter(g))]
    anygold = gold  # a prediction on any gold row (optional or of another kind) is not false
    found = [g for g in required if any(_matches(r, g) for r in pred)]
    false = [r for r in pred if not any(_matches(r, g) for g in anygold)]
    true_pred = len(pred) - len(false)
    req_types = {(g["source"], g["slogan"]) for g in required}
    found_types = {(g["source"], g["slogan"]) for g in found}
    false_types = {(r["source"], r["slogan"]) for r in false}
    pred_types = {(r["source"], r["slogan"]) for r in pred}
    return {
        "recall": len(found) / len(required) if required else 1.0,
        "precision": true_pred / len(pred) if pred else 1.0,
        "n_gold": len(required), "n_found": len(found), "n_pred": len(pred), "n_false": len(false),
        "type_recall": len(found_types) / len(req_types) if req_types else 1.0,
        "type_precision": 1 - len(false_types) / len(pred_types) if pred_types else 1.0,
        "missed": sorted({(g["source"][:3], g["slogan"], g["context"]) for g in required} - {(g["source"][:3], g["slogan"], g["context"]) for g in found}),
        "false": sorted({(r["source"][:3], r["slogan"], r["surface"], r["rule"]) for r in false}),
    }


def evaluate(corpus: Path = ROOT / "corpus", lexicon_dir: Path = ROOT / "lexicons") -> dict:
    docs, sents = bundled_documents(corpus)
    gold, lost = locate(load_gold(), docs)
    lex = lexicons.load(lexicon_dir)
    with_lex, _, defs = slogans.slogan_tables(docs, sents, lexicon=lex, config=SloganConfig())
    empty, cands, _ = slogans.slogan_tables(docs, sents, lexicon=Lexicon(), config=SloganConfig())
    entries = {slogans.R.canonical(e) for e in lex.slogans}
    return {
        "lost": lost,
        "lexicon": score(with_lex, gold, origin="lexicon",
                         gold_filter=lambda g: g["slogan"] in entries or set(g.get("alts", [])) & entries),
        "discovery_numbered": score(empty, gold, kinds={"numbered"}, gold_filter=lambda g: g["kind"] == "numbered"),
        "discovery_plan": score(empty, gold, kinds={"plan"}, gold_filter=lambda g: g["kind"] == "plan"),
        "discovery_named": score(empty, gold, kinds={"named"}, gold_filter=lambda g: g["kind"] == "named"),
        "all_with_lexicon": score(with_lex, gold),
        "definitions": defs,
        "candidates": cands,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--lexicons", type=Path, default=ROOT / "lexicons")
    ap.add_argument("--show", action="store_true", help="list misses and false proposals")
    args = ap.parse_args()
    res = evaluate(args.corpus, args.lexicons)
    if res["lost"]:
        print(f"gold rows whose context is not in the documents: {len(res['lost'])}")
        for g in res["lost"][:20]:
            print("   ", g["source"], g["slogan"], repr(g["context"]))
    print(f"{'measure':28} {'recall':>7} {'precision':>9} {'gold':>5} {'found':>5} {'pred':>5} {'false':>5} {'type R':>7} {'type P':>7}")
    for name in ("lexicon", "discovery_numbered", "discovery_plan", "discovery_named", "all_with_lexicon"):
        s = res[name]
        print(f"{name:28} {s['recall']:7.3f} {s['precision']:9.3f} {s['n_gold']:5d} {s['n_found']:5d} {s['n_pred']:5d} "
              f"{s['n_false']:5d} {s['type_recall']:7.3f} {s['type_precision']:7.3f}")
        if args.show:
            for m in s["missed"]:
                print("    missed", *m)
            for f in s["false"]:
                print("    false ", *f)
    cands = res["candidates"]
    print(f"candidates (empty lexicon): {len(cands)}, score >= 0.6: {(cands['score'] >= 0.6).sum()}")
    defs = res["definitions"]
    for s in ("1+1+17", "四新一盘活", "1+5", "1+3+3", "1331"):
        hows = sorted(set(defs.loc[defs["slogan"] == s, "how"]))
        print(f"definition of {s}: {hows or 'NONE'}")


if __name__ == "__main__":
    main()
