"""Incremental re-runs: time of a re-run against the first run on real reports.

Usage (from the repository root)::

    python bench/incremental.py            # 20 MB of government work reports
    python bench/incremental.py --mb 5
    python bench/incremental.py --mb 5 --edit paragraph   # a change inside the topic sample

Builds a corpus of ``--mb`` megabytes from ``../shared/corpus/bulk/gov_work_reports.tar.xz``
in a temporary folder, then times, in one run of this script, ``policytext run`` (all
stages) three times: the first run, a re-run on the unchanged corpus, and a re-run after
one file was changed. Prints each time, the ratio to the first run (target for the
unchanged re-run: ≤ 0.05; for one changed file: ≤ 0.30), the seconds of each stage, the
files each stage computed and reused, and the files the corpus stages' passes kept per file
mapped again and reused.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import build_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EDITS = {"line": "\n\n今年新增一段文字，投资增长5%。\n",
         "paragraph": "\n\n加快建设现代化产业体系，推动传统产业转型升级，培育壮大战略性新兴产业，促进数字经济和实体经济深度融合。\n"}


def run(corpus: Path, out: Path) -> tuple[float, dict]:
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "cli.py", "run", "--corpus", str(corpus), "--out", str(out), "--json"],
                          cwd=ROOT, capture_output=True, text=True)
    secs = time.perf_counter() - t0
    if proc.returncode:
        raise SystemExit(proc.stderr[-3000:])
    return secs, json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=20.0)
    ap.add_argument("--edit", choices=sorted(EDITS), default="line",
                    help="what the changed file gets appended: a short line (fewer terms than a topic unit "
                         "needs: the topic sample is unchanged) or a paragraph of policy text (a new unit: in "
                         "the sample of a corpus with fewer units than score_max_units, so the models train again)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="policytext-incr-") as tmp:
        corpus, out = Path(tmp) / "corpus", Path(tmp) / "out"
        nbytes = build_corpus(corpus, args.mb, xinwen=False)
        rows = []
        first, s1 = run(corpus, out)
        rows.append(("first run", first, s1))
        again, s2 = run(corpus, out)
        rows.append(("re-run, unchanged", again, s2))
        victim = sorted(corpus.rglob("*.md"))[len(list(corpus.rglob("*.md"))) // 2]
        victim.write_text(victim.read_text(encoding="utf-8") + EDITS[args.edit], encoding="utf-8")
        changed, s3 = run(corpus, out)
        rows.append(("re-run, one file changed", changed, s3))
        print(f"corpus: {nbytes / 1e6:.1f} MB, {len(list(corpus.rglob('*.md')))} files")
        for name, secs, summary in rows:
            work = ", ".join(f"{k} {v['computed']}/{v['reused']}" for k, v in summary["work"].items())
            print(f"{name:<26} {secs:8.1f} s  ratio {secs / first:6.3f}   computed/reused: {work}")
            times = ", ".join(f"{k} {v:.1f}" for k, v in summary["timings"].items())
            print(f"{'':<26} seconds per stage: {times}")
            files = "; ".join(f"{p} {w['computed']}/{w['reused']}" for v in summary["work"].values()
                              for p, w in v.get("files", {}).items())
            if files:
                print(f"{'':<26} files mapped/reused by the corpus stages' passes kept per file: {files}")


if __name__ == "__main__":
    main()
