"""Where each stage's CPU goes: every stage run in ONE process over a fixed sample, profiled.

Usage (from the repository root)::

    python bench/profile_stages.py                          # 5 MB sample, every stage profiled
    python bench/profile_stages.py --stage slogans --top 40 # one stage's profile (the others timed only)
    python bench/profile_stages.py --stage none             # CPU seconds per stage, no profiler
    python bench/profile_stages.py --corpus DIR             # another corpus folder
    python bench/profile_stages.py --code ../base --stage none  # another checkout's code (before/after)

The sample is the first ``--mb`` MB of ``../shared/corpus/bulk/gov_work_reports.tar.xz``
(the files :func:`scale.build_corpus` writes, always the same ones), written once to
``/tmp/policytext-profile-<mb>mb/`` and reused. The run is ``policytext run`` with one
worker (every task, map and reduce in this process; ``--workers 2``: a local pool, its workers'
CPU counted in the stage's, the forkserver's own — its warm-up — on a line of its own, nothing
profiled, and this process's own CPU and wall seconds printed beside it) into a fresh temporary output folder
(nothing reused), after :mod:`pipeline.warm` (what the forkserver loads once for every
worker of a run: jieba's dictionary read whole, the libraries), so that the figures are a
worker's per-file work, not one-time loading. For each stage it prints the CPU seconds of this process
(``time.process_time``) spent in the stage: with the profiler on, about 1.5-2x the plain
figure (compare figures of the same mode only). For each profiled stage it then prints the
top functions by self time (cProfile's ``tottime``).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import build_corpus  # noqa: E402


def sample(mb: float) -> Path:
    folder = Path(tempfile.gettempdir()) / f"policytext-profile-{mb:g}mb"
    done = folder / ".complete"
    if not done.exists():
        corpus = folder / "corpus"
        if corpus.exists():
            import shutil
            shutil.rmtree(corpus)
        build_corpus(corpus, mb, xinwen=False)
        done.write_text("")
    return folder / "corpus"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=5.0, help="sample size in MB (default 5)")
    ap.add_argument("--corpus", type=Path, help="a corpus folder instead of the sample")
    ap.add_argument("--stage", default="all", help="stages to profile, comma-separated, 'all' or 'none'")
    ap.add_argument("--top", type=int, default=25, help="functions shown per profiled stage")
    ap.add_argument("--workers", type=int, default=1,
                    help="workers of the run (default 1); above 1 nothing is profiled and a stage's CPU seconds are"
                         " those of the whole process tree (the workers' included)")
    ap.add_argument("--code", type=Path, default=ROOT, help="the checkout whose pipeline runs (default: this one)")
    args = ap.parse_args()
    sys.path.insert(0, str(args.code.resolve()))
    args.corpus = args.corpus.resolve() if args.corpus else None
    # --workers 2: the forkserver (started as `python -c`) imports the pipeline of its working directory
    # first; from another checkout's, the workers ran this one's code under --code's parent
    os.chdir(args.code.resolve())

    import pipeline.warm  # noqa: F401 - as in a worker: jieba's dictionary read whole, libraries loaded, before the clock
    from pipeline import config as config_mod
    from pipeline.run import run, stage_names
    from pipeline.runner import Runner

    corpus = args.corpus or sample(args.mb)
    names = stage_names()
    profiled = set(names) if args.stage == "all" else set() if args.stage == "none" else set(args.stage.split(","))
    if args.workers > 1:
        profiled = set()
    cpu: dict[str, float] = {}
    profiles: dict[str, cProfile.Profile] = {}
    original = Runner.run_stage

    forkserver_seen: dict[int, float] = {}  # the forkserver's pid: its CPU seconds when last read

    def tree_cpu() -> float:
        """CPU seconds of this process and its children alive (the run's workers), or of this process.
        The forkserver's own CPU (its warm-up: :mod:`pipeline.warm`, which the one-process mode does
        before the clock) is kept apart, in ``forkserver_seen``, so both modes count the same work."""
        if args.workers <= 1:
            return time.process_time()
        import psutil

        me = psutil.Process()
        total = 0.0
        for p in [me, *me.children(recursive=True)]:
            try:
                t = p.cpu_times()
                # the forkserver: this process's child running multiprocessing.forkserver (its
                # workers are forks of it, with its command line, one level further down)
                if p.ppid() == me.pid and "multiprocessing.forkserver" in " ".join(p.cmdline()):
                    forkserver_seen[p.pid] = t.user + t.system
                    continue
                total += t.user + t.system
            except psutil.Error:
                pass
        return total

    parent: dict[str, tuple[float, float]] = {}  # per stage, this process's CPU and wall seconds

    def run_stage(self, stage, plan, pool):
        prof = cProfile.Profile() if stage.name in profiled else None
        t0, p0, w0 = tree_cpu(), time.process_time(), time.perf_counter()
        if prof:
            prof.enable()
        try:
            return original(self, stage, plan, pool)
        finally:
            if prof:
                prof.disable()
                profiles[stage.name] = prof
            cpu[stage.name] = tree_cpu() - t0
            parent[stage.name] = (time.process_time() - p0, time.perf_counter() - w0)

    Runner.run_stage = run_stage
    with tempfile.TemporaryDirectory(prefix="policytext-profile-out-") as out:
        t0 = tree_cpu()
        run(config_mod.Config(corpus=corpus, out=Path(out), workers=args.workers))
        total = tree_cpu() - t0
    nbytes = sum(p.stat().st_size for p in corpus.rglob("*") if p.is_file())
    print(f"code {Path(sys.modules['pipeline.run'].__file__).parent.parent}")
    print(f"corpus {corpus} ({nbytes / 1e6:.1f} MB); CPU seconds per stage"
          f" ({'profiled: ' + ','.join(sorted(profiled)) if profiled else 'no profiler'})")
    if args.workers > 1:
        print(f"  {'':<12} {'tree':>7} {'parent':>7} {'wall':>7}  (the parent's CPU: its reduces, the tasks it ran itself)")
    for name, secs in cpu.items():
        mine = f" {parent[name][0]:7.2f} {parent[name][1]:7.2f}" if args.workers > 1 else ""
        print(f"  {name:<12} {secs:7.2f}{mine}{'  (profiled)' if name in profiles else ''}")
    print(f"  {'stages':<12} {sum(cpu.values()):7.2f}")
    if args.workers > 1:  # the workers have exited by then: their CPU is counted in the stages only
        print(f"  {'whole run':<12} {total:7.2f}  (this process's only)")
    else:
        print(f"  {'whole run':<12} {total:7.2f}")
    if args.workers > 1:
        print(f"  {'forkserver':<12} {sum(forkserver_seen.values()):7.2f}  (its warm-up and forks, once per run, in no"
              " stage above: the one-process mode loads pipeline.warm before the clock)")
    for name, prof in profiles.items():
        print(f"\n=== {name}: top {args.top} by self time")
        stats = pstats.Stats(prof)
        stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
