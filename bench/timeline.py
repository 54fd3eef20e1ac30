"""Where a run's wall clock goes with several workers: per stage, each process's busy and idle seconds.

Usage (from the repository root)::

    python bench/timeline.py --mb 5 --workers 2            # the 5 MB sample of profile_stages.py
    python bench/timeline.py --mb 5 --workers 2 --tasks slogans   # and every task of a stage
    python bench/timeline.py --code ../base --workers 2    # another checkout's code
    python bench/timeline.py --read FOLDER                 # print a timeline recorded earlier

Runs ``policytext run`` (every stage, a fresh output folder) with ``POLICYTEXT_TIMELINE`` set
(:mod:`pipeline.timeline`: each task's span in its worker, the parent's waits for results and its
named serial spans) and prints, per stage:

- ``wall``: the stage in the parent, start to end;
- ``parent``: its busy seconds (the stage's wall less its waits for results; the tasks it ran
  itself while the workers started are counted in ``ran``), and its named spans;
- per worker: tasks, ``busy`` (the tasks' seconds), ``idle`` (the stage's wall less busy),
  ``start`` (from the stage's start to its first task) and ``tail`` (from its last task's end
  to the stage's end);
- ``straggle``: from the moment the first process runs out of tasks to the last task's end
  (the barrier waiting on the last tasks), and the tasks' seconds (min / median / max);
- the pickled results' bytes and the seconds pickling them took (measured once more after each
  task, outside its span).

Times vary with the machine's load; busy/idle shares of one run compare.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))


def record(corpus: Path, workers: int, code: Path, folder: Path, engine: str = "local") -> float:
    """Run ``policytext run`` with the hook on; the spans go to ``folder``. Returns its wall seconds."""
    import time

    env = {**os.environ, "POLICYTEXT_TIMELINE": str(folder), "PYTHONPATH": str(code.resolve())}
    with tempfile.TemporaryDirectory(prefix="policytext-timeline-out-") as out:
        t0 = time.perf_counter()
        # the console script, as a user runs it (its forkserver imports it once; ``python -m cli``
        # would have every worker import the CLI again)
        script = Path(sys.executable).with_name("policytext")
        subprocess.run([sys.executable, str(script), "run", "--corpus", str(corpus), "--out", out,
                        "--workers", str(workers), "--engine", engine, "--quiet"],
                       cwd=code, env=env, check=True)
        wall = time.perf_counter() - t0
        timings = json.loads((Path(out) / "manifest.json").read_text())["timings"]
    (folder / "timings.json").write_text(json.dumps({"wall": wall, "timings": timings}))
    return wall


def load(folder: Path) -> list[dict]:
    spans = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                spans.append(json.loads(line))
    return spans


def report(folder: Path, show_tasks: set[str]) -> None:
    spans = load(folder)
    if not spans:
        print(f"no spans in {folder}")
        return
    stages = [s for s in spans if s["kind"] == "stage"]
    parent = stages[0]["pid"] if stages else None
    t_first = min(s["start"] for s in spans)
    info = json.loads((folder / "timings.json").read_text()) if (folder / "timings.json").exists() else {}
    if info:
        print(f"run: {info['wall']:.2f} s wall (the command); manifest total {info['timings'].get('total', 0):.2f} s")
    pre = [s for s in spans if s["kind"] == "span" and s.get("stage") in ("plan", "workers")]
    for s in sorted(pre, key=lambda s: s["start"]):
        who = "parent" if s["pid"] == parent else f"pid {s['pid']}"
        print(f"  {s['name']} ({who}): {s['start'] - t_first:.2f} → {s['end'] - t_first:.2f} s")
    total = defaultdict(float)
    for st in stages:
        name, a, b = st["stage"], st["start"], st["end"]
        wall = b - a
        inside = [s for s in spans if s["start"] >= a - 1e-6 and s["end"] <= b + 1e-6]
        tasks = [s for s in inside if s["kind"] == "task"]
        waits = sum(s["end"] - s["start"] for s in inside if s["kind"] == "wait" and s["pid"] == parent)
        ran = sum(s["end"] - s["start"] for s in tasks if s["pid"] == parent)
        named = defaultdict(float)
        for s in inside:
            if s["kind"] == "span" and s["pid"] == parent:
                named[s["name"]] += s["end"] - s["start"]
        after = [s for s in spans if s["kind"] == "span" and s.get("stage") == name and s["name"] == "leave stage"]
        leave = sum(s["end"] - s["start"] for s in after)
        print(f"\n{name}: wall {wall:.2f} s (+ leave stage {leave:.2f}), {len(tasks)} tasks,"
              f" from {a - t_first:.2f} s")
        print(f"  parent  busy {wall - waits:6.2f}  waiting {waits:6.2f}  ran tasks itself {ran:6.2f}"
              + "".join(f"; {k} {v:.2f}" for k, v in sorted(named.items(), key=lambda kv: -kv[1])))
        by_pid = defaultdict(list)
        for t in tasks:
            by_pid[t["pid"]].append(t)
        ends = []
        for pid, mine in sorted(by_pid.items(), key=lambda kv: kv[0] != parent):
            busy = sum(t["end"] - t["start"] for t in mine)
            first, last = min(t["start"] for t in mine), max(t["end"] for t in mine)
            ends.append(last)
            total[pid] += busy
            who = "parent" if pid == parent else f"w{pid}"
            print(f"  {who:<8} tasks {len(mine):3d}  busy {busy:6.2f}  idle {wall - busy:6.2f}  start {first - a:5.2f}"
                  f"  tail {b - last:5.2f}  pickled {sum(t['pickled'] for t in mine) / 1e6:6.2f} MB"
                  f" in {sum(t['pickle_s'] for t in mine):.2f} s")
        if tasks:
            durations = sorted(t["end"] - t["start"] for t in tasks)
            straggle = max(ends) - min(ends) if len(ends) > 1 else 0.0
            print(f"  straggle {straggle:5.2f} s; task s min {durations[0]:.3f} median {statistics.median(durations):.3f}"
                  f" max {durations[-1]:.3f}; by pass: "
                  + ", ".join(f"{p} {n}" for p, n in _count(tasks).items()))
        passes = _count(tasks)
        if len(passes) > 1:  # a corpus stage: each pass's span, and its barrier's wait on the last tasks
            for pname in passes:
                mine = [t for t in tasks if (t.get("part") or t["fn"]) == pname]
                last = defaultdict(float)
                for t in mine:
                    last[t["pid"]] = max(last[t["pid"]], t["end"])
                start, end = min(t["start"] for t in mine), max(t["end"] for t in mine)
                busy = sum(t["end"] - t["start"] for t in mine)
                strag = end - min(last.values()) if len(last) > 1 else 0.0
                print(f"  pass {pname:<18} tasks {len(mine):3d}  span {end - start:5.2f} s  busy {busy:5.2f} s"
                      f"  straggle {strag:5.2f} s  ({len(last)} processes)")
        if name in show_tasks:
            for t in sorted(tasks, key=lambda t: t["start"]):
                who = "parent" if t["pid"] == parent else f"w{t['pid']}"
                print(f"    {t['start'] - a:6.2f} → {t['end'] - a:6.2f}  {t['end'] - t['start']:5.2f} s  {who:<8}"
                      f" {t.get('part') or t['fn']}  files {t.get('files')} from #{t.get('first')}")
    print("\nbusy over the whole run: " + ", ".join(
        f"{'parent' if pid == parent else 'w' + str(pid)} {secs:.2f} s" for pid, secs in total.items()))


def _count(tasks: list[dict]) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for t in tasks:
        out[t.get("part") or t["fn"]] += 1
    return dict(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=5.0, help="sample size in MB (default 5; see profile_stages.py)")
    ap.add_argument("--corpus", type=Path, help="a corpus folder instead of the sample")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--engine", default="local")
    ap.add_argument("--code", type=Path, default=ROOT, help="the checkout whose pipeline runs (default: this one)")
    ap.add_argument("--tasks", default="", help="stages whose every task is listed, comma-separated")
    ap.add_argument("--keep", type=Path, help="keep the spans in this folder (default: a temporary one)")
    ap.add_argument("--read", type=Path, help="print the timeline recorded in this folder (no run)")
    args = ap.parse_args()
    show = set(filter(None, args.tasks.split(",")))
    if args.read:
        report(args.read, show)
        return
    from profile_stages import sample

    corpus = args.corpus or sample(args.mb)
    with tempfile.TemporaryDirectory(prefix="policytext-timeline-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.jsonl"):
            old.unlink()
        record(corpus, args.workers, args.code, folder, args.engine)
        report(folder, show)


if __name__ == "__main__":
    main()
