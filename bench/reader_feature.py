"""Experiment (issue #18): the prototype line reader's run score (``bench/line_reader.py``) as ONE feature of the page
headline choice (``headlines.choose_headline``), or as a tie-breaker, measured leave-one-split-out on the dev splits
with ``bench/train_headline.py``'s harness. A bench script only: nothing here is used by the pipeline.

For every dev page, the reader's probability that each of its top lines is a title line comes from a gradient-boosting
model trained on the other splits (``line_reader.evaluate``'s folds). A candidate block's feature ``reader`` is the
best sum of log-odds over a contiguous run of its lines (clipped to [-10, 10], divided by 5), 0 when none of its lines is
among the page's top lines. Two uses, each against the same harness without it:

- ``feature``: the logistic regression of ``train_headline`` learns a weight for ``reader`` with the other features;
  each split's choice by weights trained on the other splits (LOSO), with and without the feature;
- ``tie-breaker``: the weights in ``lexicons/headline_weights.txt`` choose, but when the best two blocks' scores are
  within ``margin`` (0.25, 0.5, 1.0: fixed in advance) the block with the higher ``reader`` wins.

Caveat: a training page's reader feature comes from a reader fold that saw the test split (cross-fitted once, not
nested): the feature's LOSO figure is, if anything, slightly optimistic.

Measured 2026-12-07 (session meta22; 100 dev pages whose top holds two or more blocks and the title among them; the
reader read 561 pages): choice accuracy leave-one-split-out 93/100 with the cascade's features, 96/100 with ``reader``
added (dev7, heldout4, heldout6 gained; nothing lost; the learned weight +2.43); as a tie-breaker on the file's weights
(95/100, in-sample) 95/100 at every margin: no change. Not shipped: the gain is three pages, the feature's figure is
cross-fitted rather than nested (slightly optimistic), and shipping it means bundling the reader's model and its
feature code with the pipeline and measuring the whole-split scores, not done in the session.

    PYTHONPATH=. python bench/reader_feature.py [--cases /tmp/reader_cases.json]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from pipeline import lexicons  # noqa: E402
from pipeline.headlines import HEADLINE_FEATURES  # noqa: E402
import line_reader as lr  # noqa: E402
import train_headline as th  # noqa: E402

MARGINS = (0.25, 0.5, 1.0)


def line_probs(cases: list[dict]) -> dict[str, dict[str, float]]:
    """file -> {top line text: probability of a title line}, each page read by a model trained on the other splits."""
    from sklearn.feature_extraction import DictVectorizer
    tagger = lr.Tagger()
    rows = [lr.page_rows(c, tagger, False) for c in cases]
    ys = [lr.labels(c) for c in cases]
    out: dict[str, dict[str, float]] = {}
    for split in dict.fromkeys(c["split"] for c in cases):
        train = [k for k, c in enumerate(cases) if c["split"] != split and any(ys[k])]
        vec = DictVectorizer(sparse=False)
        X = vec.fit_transform([r for k in train for r in rows[k]])
        model = lr.make_model("gb").fit(X, [y for k in train for y in ys[k]])
        for k, c in enumerate(cases):
            if c["split"] == split and rows[k]:
                p = model.predict_proba(vec.transform(rows[k]))[:, 1]
                out[c["file"]] = {t: max(out.get(c["file"], {}).get(t, 0.0), float(q)) for t, q in zip(c["texts"], p)}
    return out


def reader_score(block: str, probs: dict[str, float]) -> float:
    """The best sum of log-odds over a contiguous run of the block's lines found among the page's top lines, scaled."""
    ps = [probs.get(t) for t in block.split(" / ")]
    best = None
    for i in range(len(ps)):
        s = 0.0
        for j in range(i, len(ps)):
            if ps[j] is None:
                break
            q = min(max(ps[j], 1e-4), 1 - 1e-4)
            s += float(np.log(q / (1 - q)))
            best = s if best is None else max(best, s)
    return 0.0 if best is None else max(-10.0, min(10.0, best)) / 5.0


def with_reader(pages: dict[str, list[dict]], probs) -> dict[str, list[dict]]:
    return {s: [dict(p, lines=[(t, dict(f, reader=reader_score(t, probs.get(p["file"], {}))), l) for t, f, l in p["lines"]])
                for p in ps] for s, ps in pages.items()}


def fit(pages: list[dict], c: float, features) -> tuple:
    from sklearn.linear_model import LogisticRegression
    rows = [(f, l) for p in pages if p["usable"] for _, f, l in p["lines"]]
    x = np.array([[f[k] for k in features] for f, _ in rows])
    y = np.array([int(l) for _, l in rows])
    m = LogisticRegression(C=c, solver="lbfgs", max_iter=5000, random_state=0).fit(x, y)
    return (("bias", float(m.intercept_[0])), *zip(features, map(float, m.coef_[0])))


def tie_break(lines, weights, margin: float) -> int:
    w = dict(weights)
    scores = [w.get("bias", 0.0) + sum(w.get(k, 0.0) * v for k, v in f.items() if k != "reader") for _, f, _ in lines]
    order = sorted(range(len(scores)), key=lambda n: (-scores[n], n))
    if len(order) >= 2 and scores[order[0]] - scores[order[1]] <= margin \
            and lines[order[1]][1]["reader"] > lines[order[0]][1]["reader"]:
        return order[1]
    return order[0]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=Path, help="the line reader's read pages (JSON): written on the first run, read after")
    ap.add_argument("--c", type=float, default=1.0)
    a = ap.parse_args(argv)
    splits = th.available_splits()
    cases = lr.cached_pages(splits, a.cases)
    probs = line_probs(cases)
    print(f"reader: {len(probs)} pages read, leave-one-split-out", flush=True)
    pages = with_reader({s: th.cases(s, th.sm.BULK) for s in splits}, probs)
    base, plus = list(HEADLINE_FEATURES), [*HEADLINE_FEATURES, "reader"]
    current = lexicons.bundled().rule_words("headline_weights")
    print("split    | loso: cascade  +reader | file weights  " + "  ".join(f"tie@{m}" for m in MARGINS))
    tot = np.zeros(3 + len(MARGINS), int)
    n_all = 0
    for s in splits:
        rest = [p for t in splits if t != s for p in pages[t]]
        usable = [p for p in pages[s] if p["usable"]]
        wb, wp = fit(rest, a.c, base), fit(rest, a.c, plus)
        vals = [sum(p["lines"][th.choose(p["lines"], w)][2] for p in usable) for w in (wb, wp, current)]
        vals += [sum(p["lines"][tie_break(p["lines"], current, m)][2] for p in usable) for m in MARGINS]
        tot += vals
        n_all += len(usable)
        print(f"{s:8s} | " + "  ".join(f"{v:3d}/{len(usable):<3d}" for v in vals))
    print(f"{'total':8s} | " + "  ".join(f"{v:3d}/{n_all:<3d}" for v in tot))
    w_all = dict(fit([p for s in splits for p in pages[s]], a.c, plus))
    print(f"reader weight trained on every split: {w_all['reader']:+.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
