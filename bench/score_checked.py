"""Score canonical metric and status of ``indicators`` on the 100 hand-checked rows
(bench/gold/panel/indicator_rows_checked.jsonl).

Each checked row names a number of an unseen work report (source, start, text), what the
rules of the day gave and the verdict: ``metric_ok`` / ``right_metric`` (the canonical metric
it should have, ``null`` when none applies) and ``status_ok`` / ``right_status``. The reports
are read from the bulk corpus and run through the library functions of the stages
(:func:`score_panel.build`); a row is right when today's row at the same offset has the
right canonical metric and the right status. A row no longer extracted counts as wrong.

    python bench/score_checked.py            # the share right and every row still wrong
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import score_panel  # noqa: E402

CHECKED = score_panel.ROOT / "bench" / "gold" / "panel" / "indicator_rows_checked.jsonl"


def expected(row: dict) -> tuple[str | None, str]:
    """(canonical metric, status) the checked row should have."""
    metric = row["metric_canonical"] if row["metric_ok"] else row["right_metric"]
    status = row["status"] if row["status_ok"] else row["right_status"]
    return metric, status


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tar", type=Path, default=score_panel.TAR, help="the bulk corpus gov_work_reports.tar.xz")
    args = ap.parse_args(argv)
    rows = [json.loads(x) for x in CHECKED.read_text(encoding="utf-8").splitlines() if x.strip()]
    members = score_panel.read_members(sorted({score_panel.PREFIX + r["source"] for r in rows}), args.tar)
    _, inds, _ = score_panel.build(members)
    at = {(s, int(b)): (m if isinstance(m, str) else None, st)
          for s, b, m, st in zip(inds["source"], inds["start"], inds["metric_canonical"], inds["status"])}
    right = 0
    for r in rows:
        want = expected(r)
        got = at.get((r["source"], r["start"]))
        if got == want:
            right += 1
        else:
            print(f"  {r['source']} {r['text']}: got {got}, want {want} | {r['context']}")
    print(f"checked rows right (canonical metric and status): {right}/{len(rows)} = {right / len(rows):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
