"""NESTED evaluation of the line reader's run score as one more feature of the page headline choice (issue #18):
``bench/reader_feature.py``'s experiment without its leak. A bench script only: nothing here is used by the pipeline.

For each held-out dev split S (leave-one-split-out over every dev split, dev14 and heldout8 included; the weights'
fold is the split):

- the splits are dealt into 7 groups (every 7th split) and one reader (``bench/line_reader.py``'s gradient boosting)
  is fitted per group left out and per pair of groups left out (7 + 21 fits, not 22 x 22: a fit costs ~20 s here);
- S's pages are read by the reader fitted without S's group (trained on other splits only: slightly fewer than all
  the others, a little pessimistic for the reader);
- the headline weights (``bench/train_headline.py``'s logistic regression) are trained on the other splits, each
  training split T's reader feature coming from the reader fitted without S's group and T's (without S's group alone
  when T is in it): cross-fitted WITHIN the training splits, no model that saw S touches S's features, nor the
  weights that read them.

Reported per split: the choice accuracy (pages whose top holds two or more blocks and the title among them) with the
weights trained without S, without the feature and with it; and the whole split's title field
(``score_metadata.score``, the title right) with each: the feature enters the pipeline's choice by wrapping
``headlines.block_features`` for the run (S's reader probabilities looked up by line text).

Measured 2026-12-07 (session meta24, on main 486d489; 22 dev splits, 625 pages read, 119 pages whose top holds two
or more blocks and the title among them; ~11 min on 2 shared cores): choice accuracy 113/119 without the feature ->
116/119 with it (dev7, dev13, heldout8 gained, nothing lost; the hand-set file weights, in-sample, 114/119); whole-split
title field 708/731 -> 711/731 (dev7, dev9, heldout8 +1 each, no split lower); the reader's weight +2.06 .. +2.78 by
fold. The nested gain holds, and is the cross-fitted figure's size (meta22: 93 -> 96 of 100): three pages.

    PYTHONPATH=. python bench/reader_nested.py [--cases /tmp/reader_cases.json] [--jobs 2] [--no-full]
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from itertools import combinations
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from pipeline import headlines, lexicons  # noqa: E402
from pipeline.headlines import HEADLINE_FEATURES  # noqa: E402
import line_reader as lr  # noqa: E402
import reader_feature as rf  # noqa: E402
import train_headline as th  # noqa: E402

GROUPS = 7  # the splits dealt into 7 groups (every 7th split): a reader is fitted per group left out and per pair
SPLITS = tuple(s for s in (*th.DEV_SPLITS, "dev14", "heldout8")
               if s not in th.sm.HELDOUT and (th.sm.GOLD / th.sm.SPLITS[s][0]).exists())


def reader_probs(cases, rows, ys, train_splits: set[str], read_splits: set[str]) -> dict[str, dict[str, float]]:
    """file -> {top line: probability of a title line} for the pages of ``read_splits``, by a reader trained on
    ``train_splits``' pages."""
    from sklearn.feature_extraction import DictVectorizer
    train = [k for k, c in enumerate(cases) if c["split"] in train_splits and any(ys[k])]
    vec = DictVectorizer(sparse=False)
    X = vec.fit_transform([r for k in train for r in rows[k]])
    model = lr.make_model("gb").fit(X, [y for k in train for y in ys[k]])
    out: dict[str, dict[str, float]] = {}
    for k, c in enumerate(cases):
        if c["split"] in read_splits and rows[k]:
            p = model.predict_proba(vec.transform(rows[k]))[:, 1]
            out[c["file"]] = {t: max(out.get(c["file"], {}).get(t, 0.0), float(q)) for t, q in zip(c["texts"], p)}
    return out


def split_title(split: str, weights, probs: dict[str, dict[str, float]] | None) -> tuple[int, int]:
    """The split's title field right, the headline chosen with ``weights`` (and the reader feature from ``probs``)."""
    lex = dataclasses.replace(lexicons.bundled(), headline_weights=tuple(weights))
    by_line: dict[str, float] = {}
    for page in (probs or {}).values():
        for t, q in page.items():
            by_line[t] = max(by_line.get(t, 0.0), q)
    original = headlines.block_features

    def with_reader(chunk, blocks):
        out = original(chunk, blocks)
        for f, b in zip(out, blocks):
            f["reader"] = rf.reader_score(" / ".join(p.text for p in b), by_line)
        return out
    if probs is not None:
        headlines.block_features = with_reader
    try:
        res = th.sm.score(split, th.sm.BULK, lexicon=lex)
    finally:
        headlines.block_features = original
    return res["right"]["title"], res["n"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=Path, help="the line reader's read pages (JSON): written on the first run, read after")
    ap.add_argument("--c", type=float, default=1.0)
    ap.add_argument("--jobs", type=int, default=2, help="readers fitted in parallel")
    ap.add_argument("--no-full", action="store_true", help="choice accuracy only (no whole-split title scoring)")
    a = ap.parse_args(argv)
    splits = list(SPLITS)
    t0 = time.time()
    cases = lr.cached_pages(splits, a.cases)
    print(f"{len(cases)} pages read ({time.time() - t0:.0f} s)", flush=True)
    tagger = lr.Tagger()
    rows = [lr.page_rows(c, tagger, False) for c in cases]
    ys = [lr.labels(c) for c in cases]
    groups = [splits[g::GROUPS] for g in range(GROUPS)]
    group_of = {s: g for g, members in enumerate(groups) for s in members}
    everything = set(splits)
    jobs = [(g,) for g in range(GROUPS)] + list(combinations(range(GROUPS), 2))
    from joblib import Parallel, delayed
    fitted = Parallel(n_jobs=a.jobs)(delayed(reader_probs)(cases, rows, ys, everything - {s for g in job for s in groups[g]},
                                                          {s for g in job for s in groups[g]}) for job in jobs)
    without = dict(zip(jobs, fitted))  # groups left out -> their pages' probabilities
    print(f"{len(jobs)} readers fitted ({time.time() - t0:.0f} s)", flush=True)
    file_split = {c["file"]: c["split"] for c in cases}

    def probs_for(outer: str, t: str) -> dict:
        """Split t's probabilities for the fold whose test split is ``outer``: a reader that saw neither."""
        g, h = group_of[outer], group_of[t]
        got = without[(g,)] if g == h else without[tuple(sorted((g, h)))]
        return {f: p for f, p in got.items() if file_split[f] == t}
    pages = {s: th.cases(s, th.sm.BULK) for s in splits}
    base, plus = list(HEADLINE_FEATURES), [*HEADLINE_FEATURES, "reader"]
    current = lexicons.bundled().rule_words("headline_weights")
    print("split    | choice: loso  +reader(nested)  file | title: loso  +reader")
    tot = None
    weights_seen = []
    for s in splits:
        rest = [p for t in splits if t != s for p in rf.with_reader({t: pages[t]}, probs_for(s, t))[t]]
        test = rf.with_reader({s: pages[s]}, probs_for(s, s))[s]
        usable = [p for p in test if p["usable"]]
        wb, wp = rf.fit(rest, a.c, base), rf.fit(rest, a.c, plus)
        weights_seen.append(dict(wp)["reader"])
        vals = [sum(p["lines"][th.choose(p["lines"], w)][2] for p in usable) for w in (wb, wp, current)] + [len(usable)]
        line = f"{s:8s} | {vals[0]:3d}/{vals[3]:<3d} {vals[1]:3d}/{vals[3]:<3d} {vals[2]:3d}/{vals[3]:<3d}"
        if not a.no_full:
            tb, n = split_title(s, wb, None)
            tp, _ = split_title(s, wp, probs_for(s, s))
            vals += [tb, tp]
            line += f" | {tb:3d}/{n:<3d} {tp:3d}/{n:<3d}"
            vals.append(n)
        tot = np.array(vals) if tot is None else tot + vals
        print(line, flush=True)
    line = f"{'total':8s} | {tot[0]:3d}/{tot[3]:<3d} {tot[1]:3d}/{tot[3]:<3d} {tot[2]:3d}/{tot[3]:<3d}"
    if len(tot) > 4:
        line += f" | {tot[4]:3d}/{tot[6]:<3d} {tot[5]:3d}/{tot[6]:<3d}"
    print(line)
    print(f"reader weight by fold: {min(weights_seen):+.2f} .. {max(weights_seen):+.2f}  ({time.time() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
