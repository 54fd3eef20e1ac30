"""Scale benchmark: policytext run vs plain single-process jieba on the bulk corpus.

Usage (from the repository root; takes several minutes on 2 cores)::

    python bench/scale.py                      # 20 MB and all 155 MB of gov_work_reports
    python bench/scale.py --sizes 20 --skip-dask

For each input size it writes a corpus folder (in a temporary directory, never in the
repository) from ``../shared/corpus/bulk/gov_work_reports.tar.xz`` (plus the 新闻联播
files, which hold many items each, with ``--xinwen``: the two taken in turn), then
measures in one run:

- plain ``jieba.lcut`` over every line of the same files, one process (the baseline);
- ``policytext run`` of the per-document stages (ingest, sentences, slogans, segment,
  indicators) with 1 worker, 2 workers, and Dask with 2 workers;

and prints MB/s, the ratio to the baseline, and the peak memory (the largest sum of RSS
over the process tree, sampled every 50 ms).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
BULK = ROOT.parent / "shared" / "corpus" / "bulk"
if not BULK.is_dir():  # a git worktree under /work/wt/NAME: the shared folder is /work/shared
    BULK = Path("/work/shared/corpus/bulk")

RUN = """
import sys
from pathlib import Path
from pipeline import config as config_mod
from pipeline.run import run, stage_names
corpus, out, workers, engine = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
only = [s for s in ("segment", "indicators", "slogans") if s in stage_names()]
run(config_mod.Config(corpus=Path(corpus), out=Path(out), workers=workers, engine=engine), only=only)
"""

BASELINE = """
import sys, jieba
from pathlib import Path
jieba.setLogLevel(60)
jieba.initialize()
for p in sorted(Path(sys.argv[1]).rglob("*.md")):
    for line in p.read_text(encoding="utf-8").split("\\n"):
        if line.strip():
            jieba.lcut(line)
"""


def _members(name: str):
    """``(archive folder, member name, bytes)`` of every markdown file in a bulk archive."""
    with tarfile.open(BULK / name) as tar:
        for member in tar:
            if member.isfile() and member.name.endswith(".md"):
                yield name.split(".")[0], member.name, tar.extractfile(member).read()


def build_corpus(dest: Path, megabytes: float | None, xinwen: bool) -> int:
    """Write files from the tarballs into ``dest`` until ``megabytes``; returns bytes written.
    With ``xinwen`` the two archives are taken in turn (a report, then a 新闻联播 day, …), so
    that any size holds both kinds of file; ``None`` takes everything."""
    total = 0
    limit = None if megabytes is None else megabytes * 1e6
    streams = [_members("gov_work_reports.tar.xz")] + ([_members("xinwen_lianbo_2022_2026.tar.xz")] if xinwen else [])
    while streams:
        for stream in list(streams):
            item = next(stream, None)
            if item is None:
                streams.remove(stream)
                continue
            folder, name, data = item
            if limit is not None and total + len(data) > limit:
                return total
            target = dest / folder / name.replace("/", "__")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            total += len(data)
    return total


def measure(cmd: list[str]) -> tuple[float, float]:
    """Run ``cmd``; returns (seconds, peak RSS in MB summed over its process tree)."""
    t0 = time.perf_counter()
    proc = psutil.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0.0
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            try:
                procs = [proc] + proc.children(recursive=True)
                rss = sum(p.memory_info().rss for p in procs if p.is_running())
                peak = max(peak, rss / 1e6)
            except psutil.Error:
                pass
            time.sleep(0.05)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    _, err = proc.communicate()
    done.set()
    t.join()
    if proc.returncode:
        raise SystemExit(f"{cmd} failed:\n{err.decode(errors='replace')[-3000:]}")
    return time.perf_counter() - t0, peak


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="20,all", help="comma-separated MB sizes; 'all' = the whole archive")
    ap.add_argument("--xinwen", action="store_true", help="also include the 新闻联播 files")
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--configs", default="1,2,dask", help="runs to measure: worker counts and/or 'dask' (2 workers)")
    args = ap.parse_args()
    rows = []
    for size in args.sizes.split(","):
        mb = None if size == "all" else float(size)
        with tempfile.TemporaryDirectory(prefix="policytext-scale-") as tmp:
            corpus = Path(tmp) / "corpus"
            nbytes = build_corpus(corpus, mb, args.xinwen)
            label = f"{nbytes / 1e6:.0f} MB"
            secs, peak = measure([sys.executable, "-c", BASELINE, str(corpus)])
            base = nbytes / 1e6 / secs
            rows.append((label, "jieba.lcut, 1 process", secs, base, 1.0, peak))
            print(rows[-1], flush=True)
            runs = []
            for c in args.configs.split(","):
                if c == "dask":
                    if not args.skip_dask:
                        runs.append(("policytext, dask 2 workers", 2, "dask"))
                else:
                    runs.append((f"policytext, {c} worker{'s' if c != '1' else ''}", int(c), "local"))
            for name, workers, engine in runs:
                out = Path(tmp) / f"out-{workers}-{engine}"
                secs, peak = measure([sys.executable, "-c", RUN, str(corpus), str(out), str(workers), engine])
                rate = nbytes / 1e6 / secs
                rows.append((label, name, secs, rate, rate / base, peak))
                print(rows[-1], flush=True)
                shutil.rmtree(out, ignore_errors=True)
    print()
    print(f"{'input':>8}  {'what':<28} {'seconds':>8} {'MB/s':>7} {'× jieba':>8} {'peak MB':>8}")
    for label, name, secs, rate, ratio, peak in rows:
        print(f"{label:>8}  {name:<28} {secs:8.1f} {rate:7.2f} {ratio:8.2f} {peak:8.0f}")


if __name__ == "__main__":
    main()
