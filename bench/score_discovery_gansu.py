"""Discovery of numbered formulations on real reports, scored on the independent Gansu gold.

Usage (from the repository root)::

    python bench/score_discovery_gansu.py [--split dev|heldout|all] [--lexicon-rev REV] [--show]

Gold: ``bench/gold/formulations_gansu.jsonl`` (eight Gansu city government work reports,
numbered formulations and plan names, annotated independently; see ``bench/gold/README.md``),
split as in ``bench/formulation_tokens.py``: ``dev`` reports were used to develop the rules,
``heldout`` ones were not looked at. Two measurements on the split's reports:

1. **discovery alone**: the slogans stage with an EMPTY lexicon. Recall = gold occurrences
   found (a discovered row of kind numbered/plan overlapping the gold span with the same
   canonical slogan); precision = such rows that are gold. Printed for every row of the
   ``slogans`` table and for the rows confident enough to be protected as tokens
   (candidate score >= ``segment.min_candidate_score``). ``strict`` follows the gold, where
   a quoted series (``一网通办、一网统管、一网协同``) is one formulation and its items are
   not; ``items`` takes such a series as found when each of its items holding a numeral is
   found, and a row for an item as true.
2. **protection**: with the real lexicon (or the one at ``--lexicon-rev``), the discovered
   candidates that ``policytext run`` passes to the segmenter (score >= the threshold, not in
   the lexicon); the numbered/plan ones whose slogan is no gold slogan of these reports are
   false protections (those named in the gold's rejection file are marked). Named
   candidates are outside this gold's scope and are listed for judgement.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from pipeline import lexicons, sentences, slogans  # noqa: E402
from pipeline.config import Config  # noqa: E402
from pipeline.lexicons import Lexicon  # noqa: E402

REJECTED = ROOT / "bench" / "gold" / "formulations_gansu_rejected.jsonl"


def _bench():
    spec = importlib.util.spec_from_file_location("formulation_tokens", ROOT / "bench" / "formulation_tokens.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


FT = _bench()


def run_stage(texts: dict[str, str], lexicon: Lexicon):
    """``(slogans, slogan_candidates)`` of the stage on the raw report texts (offsets = the gold's)."""
    docs = pd.DataFrame({"doc_id": list(texts), "source": list(texts), "date": [None] * len(texts),
                         "text": list(texts.values())})
    found, cands, _ = slogans.slogan_tables(docs, sentences.sentences(docs), lexicon=lexicon,
                                            config=Config().slogans)
    return found.rename(columns={"source": "file"}), cands


def _pieces(g: dict, series: bool) -> list[tuple[int, int, str]]:
    """What must be found for a gold occurrence: itself, or (items mode) each numbered item."""
    if not series or "、" not in g["surface"]:
        return [(g["start"], g["end"], g["slogan"])]
    return [(s, e, slogans.R.canonical(g["surface"][s - g["start"]:e - g["start"]])) for s, e in FT.items(g)]


def score(rows: list[dict], gold: list[dict], series: bool) -> dict:
    pieces = {i: _pieces(g, series) for i, g in enumerate(gold)}
    by_file: dict[str, list[tuple[int, int, int, str]]] = {}
    for i, g in enumerate(gold):
        for s, e, slogan in pieces[i]:
            by_file.setdefault(g["file"], []).append((i, s, e, slogan))

    def matches(r) -> set[tuple[int, int]]:
        return {(i, s) for i, s, e, slogan in by_file.get(r["file"], [])
                if slogan == r["slogan"] and r["start"] < e and s < r["end"]}

    hit_pieces: set[tuple[int, int]] = set()
    false = []
    for r in rows:
        m = matches(r)
        hit_pieces |= m
        if not m:
            false.append(r)
    found = [i for i in pieces if all((i, s) in hit_pieces for s, _, _ in pieces[i])]
    missed = [gold[i] for i in pieces if i not in set(found)]
    return {"recall": len(found) / len(gold) if gold else 1.0, "n_gold": len(gold), "n_found": len(found),
            "precision": 1 - len(false) / len(rows) if rows else 1.0, "n_pred": len(rows), "n_false": len(false),
            "missed": missed, "false": false}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("dev", "heldout", "all"), default="all")
    ap.add_argument("--lexicon-rev", help="protection count with lexicons/slogans.txt at this git revision")
    ap.add_argument("--show", action="store_true", help="list misses and false proposals (also for heldout)")
    args = ap.parse_args()
    gold, texts = FT.load(args.split)
    cfg = Config()
    show = args.split == "dev" or args.show

    found, cands = run_stage(texts, Lexicon())
    score_of = dict(zip(cands["slogan"], cands["score"]))
    rows = [r for r in found.to_dict(orient="records") if r["kind"] in ("numbered", "plan")]
    protected_rows = [r for r in rows if score_of.get(r["slogan"], 0) >= cfg.segment.min_candidate_score]
    print(f"split {args.split}: {len(gold)} gold occurrences in {len(texts)} reports; discovery with an EMPTY lexicon")
    print(f"{'rows':<34}{'series':>8}{'recall':>8}{'precision':>10}{'gold':>6}{'found':>6}{'pred':>6}{'false':>6}")
    results = {}
    for label, rs in (("slogans table (score >= %.2f)" % cfg.slogans.min_score, rows),
                      ("protected (score >= %.2f)" % cfg.segment.min_candidate_score, protected_rows)):
        for series in (False, True):
            s = score(rs, gold, series)
            results[(label, series)] = s
            print(f"{label:<34}{'items' if series else 'strict':>8}{s['recall']:8.3f}{s['precision']:10.3f}"
                  f"{s['n_gold']:6d}{s['n_found']:6d}{s['n_pred']:6d}{s['n_false']:6d}")
    if show:
        s = results[(next(iter(results))[0], True)]
        print("\nmissed (items):", ", ".join(f"{g['slogan']}" for g in s["missed"]))
        print("false (items):", ", ".join(sorted({f"{r['slogan']}[{r['rule']}]" for r in s["false"]})))

    # protection with the real lexicon: what the segmenter is given
    with tempfile.TemporaryDirectory() as tmp:
        lex = lexicons.load(FT.lexicon_at(args.lexicon_rev, Path(tmp))) if args.lexicon_rev else lexicons.load()
    _, cands = run_stage(texts, lex)
    prot = cands[(cands["score"] >= cfg.segment.min_candidate_score) & ~cands["in_lexicon"]]
    prot = prot[~prot["slogan"].isin(list(lex.slogans))]
    gold_slogans = {g["slogan"] for g in gold} | {p[2] for g in gold for p in _pieces(g, True)}
    rejected = {r["surface"] for r in map(json.loads, REJECTED.read_text(encoding="utf-8").splitlines())
                if FT.in_split(r["file"], args.split)}
    numbered = prot[prot["kind"].isin(["numbered", "plan"])]
    false = [s for s in numbered["slogan"] if s not in gold_slogans]
    false_rej = [s for s in false if s in rejected]
    print(f"\nprotected candidates (lexicon {args.lexicon_rev or 'working tree'}): {len(prot)}; numbered/plan "
          f"{len(numbered)}, of which false by the gold {len(false)} ({len(false_rej)} in its rejection file); "
          f"named (not judged by this gold) {len(prot) - len(numbered)}")
    if show:
        print("false numbered/plan protections:", ", ".join(f"{s}{'(rejected)' if s in rejected else ''}" for s in false))
        print("named protections:", ", ".join(prot.loc[prot["kind"] == "named", "slogan"]))


if __name__ == "__main__":
    main()
