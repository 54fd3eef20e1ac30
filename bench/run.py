"""The whole run against plain jieba and the naive recipe, measured in one run of this script.

Usage (from the repository root; several minutes on 2 cores)::

    python bench/run.py               # 20 MB of provincial and city work reports
    python bench/run.py --mb 5
    python bench/run.py --all         # the whole 155 MB archive

Builds a corpus from ``../shared/corpus/bulk/gov_work_reports.tar.xz`` in a temporary folder
(never in the repository), then times, each in a fresh process:

1. plain single-process ``jieba.lcut`` over every line of the text (the baseline);
2. the naive recipe a researcher writes: ``jieba.lcut`` per paragraph of 80 characters or
   more, then one gensim ``LdaModel(num_topics=20, passes=1)``;
3. ``policytext run`` (every stage, tables written, default workers), with each stage's
   seconds from the run's manifest.

Prints seconds and the ratio ``baseline seconds / seconds`` (above 1.0: faster than plain
jieba), and each stage's share of the run.
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
from scale import BASELINE, build_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

NAIVE = """
import sys, jieba
from pathlib import Path
from gensim.corpora import Dictionary
from gensim.models import LdaModel
jieba.setLogLevel(60)
jieba.initialize()
docs = []
for p in sorted(Path(sys.argv[1]).rglob("*.md")):
    for para in p.read_text(encoding="utf-8").split("\\n"):
        if len(para.strip()) >= 80:
            docs.append(jieba.lcut(para))
vocab = Dictionary(docs)
LdaModel([vocab.doc2bow(d) for d in docs], id2word=vocab, num_topics=20, passes=1, random_state=1)
"""


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"{cmd[:3]} failed:\n{proc.stderr[-3000:]}")
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=20.0, help="corpus size in MB (default 20)")
    ap.add_argument("--all", action="store_true", help="the whole archive (155 MB)")
    ap.add_argument("--workers", type=int, default=0, help="policytext workers (default: all cores)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="policytext-run-") as tmp:
        corpus, out = Path(tmp) / "corpus", Path(tmp) / "out"
        nbytes = build_corpus(corpus, None if args.all else args.mb, xinwen=False)
        files = len(list(corpus.rglob("*.md")))
        print(f"corpus: {nbytes / 1e6:.1f} MB, {files} reports", flush=True)
        base = timed([sys.executable, "-c", BASELINE, str(corpus)])
        print(f"{'plain jieba.lcut, 1 process':<44} {base:8.1f} s  ratio 1.00", flush=True)
        naive = timed([sys.executable, "-c", NAIVE, str(corpus)])
        print(f"{'naive recipe (jieba.lcut + LdaModel k=20)':<44} {naive:8.1f} s  ratio {base / naive:.2f}", flush=True)
        cmd = [sys.executable, "cli.py", "run", "--corpus", str(corpus), "--out", str(out), "--quiet"]
        if args.workers:
            cmd += ["--workers", str(args.workers)]
        ours = timed(cmd)
        print(f"{'policytext run (every stage)':<44} {ours:8.1f} s  ratio {base / ours:.2f} "
              f"(vs the naive recipe {naive / ours:.2f})")
        timings = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["timings"]
        total = timings.pop("total", ours)
        for stage, secs in timings.items():
            print(f"  {stage:<12} {secs:7.1f} s  {secs / total:5.1%}")


if __name__ == "__main__":
    main()
