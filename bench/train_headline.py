"""Learn the weights of a page headline's features (``headlines.choose_headline``) from every
dev page of the metadata gold, evaluate them leave-one-split-out, and write them to
``lexicons/headline_weights.txt`` (data, not code).

Every page whose top holds two or more blocks of headline-shaped lines (where the pipeline
chooses) is a training case: every block is one row (its named features,
:data:`pipeline.headlines.HEADLINE_FEATURES`), labelled 1 when it holds the gold title
(``title`` or a ``title_alt``: one of its lines, or its lines joined, once ``clean_title``
strips tags and site tails). A page none of whose blocks holds the title is left out. The
model is a logistic regression (scikit-learn, L2, ``C``); a page's headline is its
best-scoring block.

Leave-one-split-out: for each dev split, weights trained on the other dev splits choose the
headlines of that split. Reported per split: the choice accuracy of the learned weights
(leave-one-split-out and trained on all), of the weights in ``lexicons/headline_weights.txt``
(hand-set on every dev split: in-sample) and of the rules written before dev4 (commit 6484a46:
first_block, second_block, echoed, above_meta, above_body, short_label, title_copy,
dash_subtitle; unseen on dev4); and the whole metadata score of the split
(``bench/score_metadata.py``'s ``score``) with the leave-one-split-out weights and the file's.
``--write`` writes the weights trained on all splits to the file: do it only when they win
leave-one-split-out.

    python bench/train_headline.py            # evaluate and print
    python bench/train_headline.py --write    # and write the learned weights to lexicons/headline_weights.txt
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from pipeline import ingest, lexicons  # noqa: E402
from pipeline.headlines import HEADLINE_FEATURES  # noqa: E402
from pipeline.metadata import clean_title  # noqa: E402
import score_metadata as sm  # noqa: E402

# every split whose misses may be read: the dev sets and the held-out sets retired to dev (heldout2-heldout7)
DEV_SPLITS = ("dev", "dev_b", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8", "dev9", "dev10", "dev11", "dev12", "dev13",
              "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7")
OUT = ROOT / "lexicons" / "headline_weights.txt"
# the rules of commit 6484a46, written on dev, dev_b, dev2 and dev3 before dev4 was seen
BEFORE_DEV4 = (("first_block", 1.6), ("second_block", 0.5), ("echoed", 3.0), ("above_meta", 1.0), ("above_body", 0.5),
               ("short_label", -2.0), ("title_copy", -3.0), ("dash_subtitle", -3.0))


def available_splits() -> list[str]:
    return [s for s in DEV_SPLITS if (sm.GOLD / sm.SPLITS[s][0]).exists()]


def holds_title(block: str, gold: set[str]) -> bool:
    lines = block.split(" / ")
    forms = {clean_title(t)[0] for t in lines} | {clean_title("".join(lines))[0]} | set(lines)
    return bool(forms & gold)


def cases(split: str, bulk: Path) -> list[dict]:
    """The pages of a split with candidate blocks: ``{"file", "lines": [(block text, features, label)]}``."""
    recs = [r for r in sm.records(split) if not r["file"].startswith("xwlb_")]
    files = sm.read_files(recs, bulk)
    out = []
    for r in recs:
        res = ingest.process_bytes(files[r["file"]], r["file"])
        cands = [c for a in res.articles for c in a.candidates]
        if not cands:
            continue
        gold = {r["title"], *r.get("title_alt", [])}
        lines = [(text, f, holds_title(text, gold)) for text, f in cands]
        out.append({"file": r["file"], "lines": lines, "usable": any(l for _, _, l in lines)})
    return out


def fit(pages: list[dict], c: float) -> tuple[tuple[str, float], ...]:
    from sklearn.linear_model import LogisticRegression

    rows = [(f, l) for p in pages if p["usable"] for _, f, l in p["lines"]]
    x = np.array([[f[k] for k in HEADLINE_FEATURES] for f, _ in rows])
    y = np.array([int(l) for _, l in rows])
    model = LogisticRegression(C=c, solver="lbfgs", max_iter=5000, random_state=0).fit(x, y)
    coef = [(k, round(float(w), 3)) for k, w in zip(HEADLINE_FEATURES, model.coef_[0])]
    return (("bias", round(float(model.intercept_[0]), 3)), *coef)


def choose(lines, weights) -> int:
    w = dict(weights)
    scores = [w.get("bias", 0.0) + sum(w.get(k, 0.0) * v for k, v in f.items()) for _, f, _ in lines]
    return max(range(len(scores)), key=lambda n: (scores[n], -n))


def choice_accuracy(pages: list[dict], weights) -> tuple[int, int]:
    usable = [p for p in pages if p["usable"]]
    return sum(p["lines"][choose(p["lines"], weights)][2] for p in usable), len(usable)


def full_score(split: str, bulk: Path, weights) -> tuple[int, int, int]:
    lex = dataclasses.replace(lexicons.bundled(), headline_weights=tuple(weights))
    res = sm.score(split, bulk, lexicon=lex)
    return res["right"]["title"], sum(res["right"].values()), res["n"]


def write(weights, header: list[str]) -> None:
    lines = [
        "# Weights of a page headline's named features (pipeline/headlines.py, choose_headline):",
        "# a block's score is bias + the sum of weight x feature; the highest-scoring block of headline",
        "# lines at a page's top is its headline (ties: the earlier block). Learned by",
        "# `python bench/train_headline.py` (logistic regression over the candidate blocks of every dev",
        "# page of bench/gold/metadata, label = the block holds the gold title); the features are",
        "# described in headlines.HEADLINE_FEATURES. Edit by hand only knowing that a re-run overwrites.",
        *[f"# {h}" for h in header],
        "# feature<TAB>weight",
    ]
    lines += [f"{k}\t{w:g}" for k, w in weights]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bulk", type=Path, default=sm.BULK)
    ap.add_argument("--c", type=float, default=1.0, help="inverse L2 strength of the logistic regression")
    ap.add_argument("--write", action="store_true", help="write the weights trained on every split to the file")
    ap.add_argument("--no-full", action="store_true", help="choice accuracy only (no whole-split scoring)")
    a = ap.parse_args(argv)
    splits = available_splits()
    pages = {s: cases(s, a.bulk) for s in splits}
    for s in splits:
        n_use = sum(p["usable"] for p in pages[s])
        print(f"{s}: {len(pages[s])} pages with candidate blocks, {n_use} with the title among them")
    current = lexicons.bundled().rule_words("headline_weights")
    header = [f"trained on {', '.join(splits)}: "
              f"{sum(p['usable'] for s in splits for p in pages[s])} pages, "
              f"{sum(len(p['lines']) for s in splits for p in pages[s] if p['usable'])} blocks; C={a.c}"]
    head = ("split    | choice: loso  all   file  pre-dev4 | title field: loso  file | all fields: loso  file")
    print("\n" + head)
    header.append("  " + head)
    everything = fit([p for s in splits for p in pages[s]], a.c)
    tot = [0] * 11
    for s in splits:
        w = fit([p for t in splits if t != s for p in pages[t]], a.c)
        (lc, n), (ac, _), (fc, _), (bc, _) = (choice_accuracy(pages[s], x) for x in (w, everything, current, BEFORE_DEV4))
        vals = [lc, ac, fc, bc, n]
        line = f"{s:8s} | {lc:2d}/{n:<2d} {ac:2d}/{n:<2d} {fc:2d}/{n:<2d} {bc:2d}/{n:<2d} "
        if not a.no_full:
            lt, lf, nd = full_score(s, a.bulk, w)
            ft, ff, _ = full_score(s, a.bulk, current)
            vals += [lt, ft, nd, lf, ff, 5 * nd]
            line += f"| {lt:2d}/{nd:<2d} {ft:2d}/{nd:<2d} | {lf / (5 * nd):.3f} {ff / (5 * nd):.3f}"
        tot = [x + y for x, y in zip(tot, vals + [0] * (11 - len(vals)))]
        print(line)
        header.append(f"  {line}")
    n = tot[4]
    line = f"{'total':8s} | {tot[0]:2d}/{n:<2d} {tot[1]:2d}/{n:<2d} {tot[2]:2d}/{n:<2d} {tot[3]:2d}/{n:<2d} "
    if tot[7]:
        line += f"| {tot[5]}/{tot[7]} {tot[6]}/{tot[7]} | {tot[8] / tot[10]:.3f} {tot[9] / tot[10]:.3f}"
    print(line)
    header.append(f"  {line}")
    print("\nweights trained on every split:")
    for k, w in everything:
        print(f"  {k:18s} {w:+.3f}")
    if a.write:
        write(everything, header)
        print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
