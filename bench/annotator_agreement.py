"""How far two annotators of the slogan contract agree, beside how far the stage agrees with either (issue 20).

Usage (from the repository root)::

    python bench/annotator_agreement.py --gold dev13 --second bench/gold/agreement_dev13

``--gold``: a gold of ``bench/unseen_gold.py`` (its documents and ranges); ``--second``: a folder with a second,
independent annotation of the same documents and ranges (``formulations.jsonl`` in the golds' format, written by an
annotator who never saw the first one). The second annotation is scored against the first exactly as the stage is
(``score_slogans_unseen.evaluate``: a numbered series counts by its numbered items, slogans compared with
enumeration commas and widths aside), so the two lines are comparable: numbered P/R/F1 and named P/R/F1 of the
second annotator against the first, then of the stage against each annotator. ``--sure``: the rows either annotator
marks doubtful (a ``note`` saying so) left out of both. Numbered F1 is symmetric in the two annotators; named
precision and recall swap.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import pandas as pd  # noqa: E402

import score_slogans_unseen as S  # noqa: E402
import unseen_gold  # noqa: E402
from pipeline import lexicons  # noqa: E402


def doubtful(r: dict) -> bool:
    return "doubtful" in r.get("note", "")


def as_found(rows: list[dict]) -> pd.DataFrame:
    """An annotation's rows as the stage's rows (a numbered series by its numbered items, as the bench scores it)."""
    out = [{"doc_id": r["file"], "start": s, "end": e, "slogan": sl, "kind": r["kind"], "origin": "annotator",
            "score": 1.0} for r in rows for s, e, sl in S.pieces(r)]
    return pd.DataFrame(out, columns=["doc_id", "start", "end", "slogan", "kind", "origin", "score"])


def line(name: str, m: dict) -> str:
    n, d = m["numbered"], m["named"]
    return (f"{name:<28} numbered P {n['P']:.3f} R {n['R']:.3f} F1 {n['F1']:.3f} ({n['n_gold']} / {n['n_pred']})"
            f"   named P {d['P']:.3f} R {d['R']:.3f} ({d['n_gold']} / {d['n_pred']})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", required=True, help="a gold of bench/unseen_gold.py (the first annotation)")
    ap.add_argument("--second", type=Path, required=True, help="folder of the second annotation (formulations.jsonl)")
    ap.add_argument("--sure", action="store_true", help="leave out the rows either annotator marks doubtful")
    args = ap.parse_args()
    docs = unseen_gold.load("all", (args.gold,))
    second = [json.loads(x) for x in (args.second / "formulations.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    files = {d.file for d in docs}
    second = [r for r in second if r["file"] in files]
    if args.sure:
        second = [r for r in second if not doubtful(r)]
        for d in docs:
            d.rows = [r for r in d.rows if not doubtful(r)]
    found, _ = S.run_stage(docs, lexicons.load())
    first_rows = [r for d in docs for r in d.rows]
    # the second annotation as the gold (same documents, ranges and kinds judged)
    docs_b = [unseen_gold.Doc(d.gold, d.file, d.split, d.start, d.end, d.kinds, [r for r in second if r["file"] == d.file],
                              d.text) for d in docs]
    print(f"gold {args.gold}: {len(docs)} documents; first annotation {len(first_rows)} rows, second {len(second)}"
          + (" (sure rows only)" if args.sure else ""))
    print(line("second against first", S.evaluate(docs, as_found(second))))
    print(line("stage against first", S.evaluate(docs, found)))
    print(line("stage against second", S.evaluate(docs_b, found)))


if __name__ == "__main__":
    main()
