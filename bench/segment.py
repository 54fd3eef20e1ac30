"""Benchmark of the segment stage against plain jieba, measured in one run.

Reads at least ``--mb`` MB (default 20) of real government work reports from
``../shared/corpus/bulk/gov_work_reports.tar.xz`` (in memory, never unpacked), then times

1. the baseline: plain single-process ``jieba.lcut`` (defaults: HMM on, no user words) on
   every paragraph, with a private ``jieba.Tokenizer`` (its dictionary load not timed);
2. our segment stage: ``segment.write_tokens`` on a pool of ``--workers`` processes
   (default 2; ``pipeline.executor.LocalExecutor``), which write the ``tokens`` table as
   Parquet parts themselves (pool start-up, segmenter build and every write are timed);

and prints MB/s for both and the ratio. ``--per-call`` instead measures the cost of one
call the way ``policytext run`` makes them (one small input per call, in-process): 1,000
calls on 5,000-character documents cut from the same reports, against ``jieba.lcut`` on the
same documents. ``--hmm-report`` prints the measurement behind the HMM choice on the
bundled corpus (see README, Segmentation).

    python bench/segment.py                 # from the repository root
    python bench/segment.py --mb 40 --workers 2
    python bench/segment.py --per-call
    python bench/segment.py --hmm-report
"""

from __future__ import annotations

import argparse
import os
import sys
import tarfile
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from pipeline import executor, io, lexicons, segment  # noqa: E402
from pipeline.config import SegmentConfig  # noqa: E402
from pipeline.protect import cache_dir  # noqa: E402
from pipeline.sentences import sentences  # noqa: E402

# the archive beside the repository (POLICYTEXT_BULK: elsewhere, e.g. from a git worktree)
BULK = Path(os.environ.get("POLICYTEXT_BULK") or ROOT.parent / "shared" / "corpus" / "bulk" / "gov_work_reports.tar.xz")


def load_reports(mb: float) -> pd.DataFrame:
    """The first reports of the archive (sorted by name) until ``mb`` MB of UTF-8 text."""
    rows, total = [], 0
    with tarfile.open(BULK) as tf:
        for member in tf:
            if not member.isfile() or not member.name.endswith((".md", ".txt")):
                continue
            data = tf.extractfile(member).read()
            text = data.decode("utf-8", errors="replace").replace("\r\n", "\n")
            rows.append({"doc_id": f"r{len(rows):05d}", "text": text})
            total += len(text.encode("utf-8"))
            if total >= mb * 1e6:
                break
    return pd.DataFrame(rows)


def _timed(job: tuple) -> tuple:
    """A pool task, timed in its worker: (its result, the worker's CPU seconds on it)."""
    fn, task = job
    c0 = time.process_time()
    return fn(task), time.process_time() - c0


class _CpuCounted:
    """A pool that adds up its tasks' CPU seconds (the executor's workers are not children of
    this process, so their CPU time is not in this process's rusage). A worker's start-up
    (its imports) is not counted; building the segmenter, in its first task, is."""

    def __init__(self, pool):
        self.pool, self.workers, self.cpu = pool, pool.workers, 0.0

    def map(self, fn, tasks):
        for result, cpu in self.pool.map(_timed, [(fn, t) for t in tasks]):
            self.cpu += cpu
            yield result


def private_jieba():
    import jieba

    tk = jieba.Tokenizer()
    tk.tmp_dir = str(cache_dir())
    tk.initialize()
    return tk


def bench(mb: float, workers: int) -> None:
    load_before = os.getloadavg()[0]
    docs = load_reports(mb)
    nbytes = sum(len(t.encode("utf-8")) for t in docs["text"])
    size = nbytes / 1e6
    print(f"text: {len(docs)} reports, {size:.1f} MB UTF-8, {sum(map(len, docs['text'])) / 1e6:.2f} M characters")

    tk = private_jieba()
    paragraphs = [p for t in docs["text"] for p in t.split("\n") if p.strip()]
    half = len(paragraphs) // 2

    base_cpu = [0.0]

    def baseline(paras) -> tuple[float, int]:
        t0, c0 = time.perf_counter(), time.process_time()
        n = sum(len(tk.lcut(p)) for p in paras)
        base_cpu[0] += time.process_time() - c0
        return time.perf_counter() - t0, n

    # baseline in two halves measured before and after ours, so that a change in the
    # machine's load during the run weighs on both sides alike
    base_a, n_a = baseline(paragraphs[:half])
    lex = lexicons.load()
    sents = sentences(docs)
    with tempfile.TemporaryDirectory() as out:
        c0 = time.process_time()
        t0 = time.perf_counter()
        with executor.LocalExecutor(workers) as pool:
            counted = _CpuCounted(pool)
            n_tok = segment.write_tokens(Path(out), docs, sents, lexicon=lex, pool=counted)
            ours = time.perf_counter() - t0
            ours_parent, ours_workers = time.process_time() - c0, counted.cpu
            n_parts = len(list(io.table_path(Path(out), "tokens").glob("*.parquet")))
            t1 = time.perf_counter()  # again on the same pool: its workers started, their segmenters built
            segment.write_tokens(Path(out), docs, sents, lexicon=lex, pool=pool)
            warm = time.perf_counter() - t1
    base_b, n_b = baseline(paragraphs[half:])
    base = base_a + base_b
    print(f"baseline  jieba.lcut, 1 process, HMM on : {base:7.2f} s  {size / base:6.2f} MB/s  {n_a + n_b:,} tokens"
          f"  (halves {base_a:.2f} s before, {base_b:.2f} s after ours)")
    print(f"ours      segment stage, {workers} workers, table written: {ours:7.2f} s  {size / ours:6.2f} MB/s"
          f"  {n_tok:,} tokens  (segment.write_tokens: {n_parts} parts written by the workers)")
    print(f"ratio     {base / ours:.1f}x plain jieba (wall clock)")
    print(f"warm      the same again on the same pool (workers started, segmenters built): {warm:7.2f} s"
          f"  {size / warm:6.2f} MB/s, {base / warm:.1f}x")
    # On a busy machine the wall clock understates a pool: other processes take the
    # cores. CPU seconds do not depend on the load; the estimate for idle cores is the
    # parent's (serial) CPU time plus the workers' CPU time shared over the workers.
    idle = ours_parent + ours_workers / workers
    print(f"cpu       baseline {base_cpu[0]:.2f} s; ours parent {ours_parent:.2f} s + workers {ours_workers:.2f} s"
          f" -> on {workers} idle cores ~{idle:.2f} s, {size / idle:.2f} MB/s vs {size / base_cpu[0]:.2f} MB/s:"
          f" {base_cpu[0] / idle:.1f}x")
    print(f"load      {load_before:.1f} before, {os.getloadavg()[0]:.1f} after (1-minute load average; "
          f"{os.cpu_count()} cores)")


def per_call(calls: int, chars: int, discovered: int) -> None:
    """``calls`` calls of ``segment.tokens`` (no pool) on one document of ``chars``
    characters each, with a protect map of ``discovered`` formulations (the run passes the
    whole discovered map on every call)."""
    docs = load_reports(max(2.0, calls * chars * 4 / 1e6))  # ~3 UTF-8 bytes a character, and report tails
    texts = [t[i:i + chars] for t in docs["text"] for i in range(0, len(t) - chars + 1, chars)][:calls]
    if len(texts) < calls:
        raise SystemExit(f"only {len(texts)} documents of {chars} characters")
    inputs = []
    for i, text in enumerate(texts):
        one = pd.DataFrame({"doc_id": [f"c{i:05d}"], "text": [text]})
        inputs.append((one, sentences(one)))
    lex = lexicons.load()
    protect = {f"新提法{i:04d}号": "discovered" for i in range(discovered)}
    segment.tokens(*inputs[0], lexicon=lex, protect=protect)  # the segmenter, built once per process
    c0, t0 = time.process_time(), time.perf_counter()
    n = sum(len(segment.tokens(d, s, lexicon=lex, protect=protect)) for d, s in inputs)
    ours, ours_cpu = time.perf_counter() - t0, time.process_time() - c0
    tk = private_jieba()
    c0, t0 = time.process_time(), time.perf_counter()
    base_n = sum(len(tk.lcut(p)) for t in texts for p in t.split("\n") if p.strip())
    base, base_cpu = time.perf_counter() - t0, time.process_time() - c0
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"{calls} calls, one {chars:,}-character document each ({size:.1f} MB), {discovered} discovered formulations")
    print(f"ours      segment.tokens per call: {ours / calls * 1e3:6.2f} ms wall, {ours_cpu / calls * 1e3:6.2f} ms CPU"
          f"  {size / ours:5.2f} MB/s  {n:,} tokens")
    print(f"baseline  jieba.lcut on the same paragraphs: {base / calls * 1e3:6.2f} ms wall, "
          f"{base_cpu / calls * 1e3:6.2f} ms CPU  {size / base:5.2f} MB/s  {base_n:,} tokens")
    print(f"ratio     {base_cpu / ours_cpu:.1f}x plain jieba (CPU), in one process")
    print(f"load      {os.getloadavg()[0]:.1f} (1-minute load average; {os.cpu_count()} cores)")


def hmm_report() -> None:
    """HMM on vs off on the bundled corpus, with formulations and numbers protected."""
    from pipeline import ingest

    corpus = ROOT / "corpus"
    paths, _ = io.list_corpus(corpus, (".txt", ".md", ".html", ".htm"))
    docs, _ = ingest.documents([io.read_raw(p, corpus, max_bytes=10**9) for p in paths])
    sents = sentences(docs)
    lex = lexicons.load()
    tk = private_jieba()
    runs = {}
    for engine in ("rjieba", "jieba"):
        for hmm in (False, True):
            runs[engine, hmm] = segment.tokens(docs, sents, lexicon=lex, config=SegmentConfig(engine=engine, hmm=hmm))
    off, on = runs["jieba", False], runs["jieba", True]
    print(f"bundled corpus: {len(docs)} documents, {sum(map(len, docs['text'])):,} characters")
    for hmm in (False, True):
        a, b = runs["rjieba", hmm], runs["jieba", hmm]
        same = len(a) == len(b) and (a["token"].to_numpy() == b["token"].to_numpy()).all()
        diff = sum((Counter(a["token"]) - Counter(b["token"])).values())
        print(f"HMM {'on ' if hmm else 'off'}: {len(b):,} tokens, "
              f"single characters {(b['token'].str.len() == 1).mean():.1%}, "
              f"rjieba == jieba: {same} ({diff} tokens differ)")
    invented = Counter(w for w in on["token"] if len(w) > 1 and w not in tk.FREQ
                       and not any(c.isdigit() for c in w))
    invented -= Counter(w for w in on.loc[on["is_slogan"], "token"])
    print(f"HMM on: {sum(invented.values())} tokens ({len(invented)} distinct) are words jieba's dictionary "
          f"does not have (invented by the HMM), e.g.:")
    print("   ", " ".join(f"{w}×{n}" for w, n in invented.most_common(60)))
    only_off = Counter(off["token"]) - Counter(on["token"])
    print(f"HMM off: {sum(only_off.values())} tokens not produced with HMM on, most common:")
    print("   ", " ".join(f"{w}×{n}" for w, n in only_off.most_common(40)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=20.0, help="MB of text to read (at least 20 for the issue)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--hmm-report", action="store_true", help="measure HMM on/off on the bundled corpus")
    ap.add_argument("--per-call", action="store_true", help="cost of one small call, as policytext run makes them")
    ap.add_argument("--calls", type=int, default=1000, help="--per-call: number of calls")
    ap.add_argument("--chars", type=int, default=5000, help="--per-call: characters per document")
    ap.add_argument("--discovered", type=int, default=500, help="--per-call: size of the protect map")
    args = ap.parse_args()
    if args.hmm_report:
        hmm_report()
    elif args.per_call:
        per_call(args.calls, args.chars, args.discovered)
    else:
        bench(args.mb, args.workers)


if __name__ == "__main__":
    main()
