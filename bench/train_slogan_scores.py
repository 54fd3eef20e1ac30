"""Train the score model of slogan candidates on the annotated DEV documents; write it as data.

Usage (from the repository root)::

    python bench/train_slogan_scores.py [--out lexicons/slogan_scores.json] [--C 1.0]

Data: the ``dev`` documents of the unseen golds (``bench/unseen_gold.py``: ``gansu`` dev,
``more`` dev, ``extra``), never a held-out document, never the bundled corpus's gold
(``tests/gold``, a regression test). The slogans stage runs on each gold's dev documents as
one corpus, with the bundled lexicons and every discovered formulation kept
(``min_score`` 0). A candidate is labelled a formulation when most of its occurrences inside
the annotated ranges match a gold occurrence (same slogan, overlapping); candidates of a kind
a gold does not judge (named ones in ``gansu``) and candidates with no occurrence inside an
annotated range are left out. Each occurrence weighs one (a candidate's weight = its
occurrences in range), so the model is fitted for the rows the ``slogans`` table shows.

Model (:class:`pipeline.slogan_scores.ScoreModel`): logistic regression on the features of
:data:`pipeline.slogan_scores.FEATURES`, then Platt scaling on 5-fold cross-validated decision
values. The stage's own propagation uses the model's priors, so training runs twice (the
second run with the first model in place). Thresholds are chosen on the cross-validated
probabilities: ``slogans.min_score`` maximises occurrence F1 of numbered and plan candidates,
``slogans.min_score_named`` that of named ones (another base rate), ``segment.min_candidate_score``
is the lowest score from which every higher threshold keeps >= 0.95 precision; both are printed and
stored in the JSON (``chosen``) for the record.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

import unseen_gold  # noqa: E402
from score_slogans_unseen import pieces  # noqa: E402
from pipeline import lexicons, sentences, slogans  # noqa: E402
from pipeline import slogan_scores as S  # noqa: E402
from pipeline.config import SloganConfig  # noqa: E402

OUT = ROOT / "lexicons" / "slogan_scores.json"
F1_TIE = 0.005  # thresholds whose F1 is this close to the best count as equally good


def candidate_rows(docs, lexicon) -> list[dict]:
    """One row per judged candidate of these documents: slogan, kind, features, label, weight."""
    frame = pd.DataFrame({"doc_id": [d.file for d in docs], "source": [d.file for d in docs],
                          "date": [None] * len(docs), "text": [d.text for d in docs]})
    cfg = SloganConfig(min_score=0.0, min_score_named=0.0)
    sents = sentences.sentences(frame)
    scans = slogans.scan(frame, lexicon=lexicon, config=cfg)
    known = slogans.known_formulations([scans[d] for d in frame["doc_id"]], cfg)
    part = slogans.finish(frame, sents, scans, known, config=cfg)
    acc = slogans.Candidates()
    acc.add(0, part)
    defined = {row[0] for row in part.definitions}
    kinds, vecs = acc.features(lexicon, defined)
    by_doc = {d.file: d for d in docs}
    gold = {}
    for d in docs:
        for g in d.rows:
            for s, e, sl in pieces(g):
                gold.setdefault(d.file, []).append((s, e, sl))
    hits: dict[str, list[bool]] = {}
    for doc in part.docs:
        doc_id = doc.doc_id
        d = by_doc[doc_id]
        for h, _ in doc.discovered:
            if not (d.start <= h.start and h.end <= d.end) or h.kind not in d.kinds:
                continue
            ok = any(sl == h.slogan and h.start < e and s < h.end for s, e, sl in gold.get(doc_id, []))
            hits.setdefault(h.slogan, []).append(ok)
    rows = []
    for (slogan, kind), vec in zip(kinds.items(), vecs):
        if slogan in hits:
            oks = hits[slogan]
            rows.append({"slogan": slogan, "kind": kind, "x": vec, "y": int(sum(oks) * 2 > len(oks)),
                         "w": len(oks), "tp": sum(oks)})
    return rows


def dataset(lexicon) -> list[dict]:
    rows = []
    for g in ("gansu", "more", "extra"):
        docs = unseen_gold.load("dev", (g,))
        if docs:
            rows += [{**r, "gold": g} for r in candidate_rows(docs, lexicon)]
    return rows


def kind_f1(p: np.ndarray, rows: list[dict], kinds: tuple[str, ...]) -> tuple[float, float]:
    """``(threshold, F1)`` maximising occurrence F1 among the candidates of ``kinds``; where the
    curve is flat (within :data:`F1_TIE` of the best), the lowest such threshold: scores on
    documents the model has not seen run lower than cross-validated ones on dev."""
    m = np.array([r["kind"] in kinds for r in rows])
    tp = np.array([r["tp"] for r in rows], float)[m]
    w = np.array([r["w"] for r in rows], float)[m]
    curve = []
    for t in np.round(np.arange(0.05, 1.0, 0.01), 2):
        keep = p[m] >= t
        prec = tp[keep].sum() / w[keep].sum() if keep.any() else 1.0
        rec = tp[keep].sum() / tp.sum() if tp.sum() else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        curve.append((float(t), f1))
    top = max(f for _, f in curve)
    return next((t, round(float(f), 3)) for t, f in curve if f >= top - F1_TIE)


def reliability(p: np.ndarray, rows: list[dict]) -> list[tuple]:
    """Calibration on the cross-validated probabilities: per score band, the occurrences and
    the share of them that are formulations (a score means what it says when they agree)."""
    tp = np.array([r["tp"] for r in rows], float)
    w = np.array([r["w"] for r in rows], float)
    out = []
    for lo, hi in ((0.0, 0.1), (0.1, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.01)):
        m = (p >= lo) & (p < hi)
        if m.any():
            out.append((lo, min(hi, 1.0), int(w[m].sum()), round(float(p[m] @ w[m] / w[m].sum()), 3),
                        round(float(tp[m].sum() / w[m].sum()), 3)))
    return out


def thresholds(p: np.ndarray, rows: list[dict]) -> dict:
    """The thresholds chosen on cross-validated probabilities (occurrence-weighted)."""
    tp = np.array([r["tp"] for r in rows], float)
    w = np.array([r["w"] for r in rows], float)
    total_tp = tp.sum()
    named_t, named_f1 = kind_f1(p, rows, ("named",))
    numbered_t, numbered_f1 = kind_f1(p, rows, ("numbered", "plan"))
    best_f1, best_t, prec95 = -1.0, 0.5, None
    curve = []
    for t in np.round(np.arange(0.05, 1.0, 0.01), 2):
        keep = p >= t
        prec = tp[keep].sum() / w[keep].sum() if keep.any() else 1.0
        rec = tp[keep].sum() / total_tp if total_tp else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        curve.append((float(t), round(float(prec), 3), round(float(rec), 3)))
        if f1 > best_f1:
            best_f1, best_t = f1, float(t)
        if prec >= 0.95:
            prec95 = float(t) if prec95 is None else prec95
        else:
            prec95 = None  # the lowest threshold from which every higher one keeps >= 0.95
    del best_t, best_f1  # the overall optimum, kept in the curve only: each kind gets its own
    return {"min_score": numbered_t, "min_score_f1": numbered_f1, "min_score_named": named_t,
            "min_score_named_f1": named_f1, "min_candidate_score": prec95, "curve": curve}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--C", type=float, default=1.0)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    lex = lexicons.load()
    model_data = None
    for round_ in range(args.rounds):
        rows = dataset(replace(lex, score_model=model_data) if model_data else replace(lex, score_model={
            "features": list(S.FEATURES), "coef": [0.0] * len(S.FEATURES), "intercept": 0.0, "calibration": [1.0, 0.0]}))
        X = np.array([r["x"] for r in rows])
        y = np.array([r["y"] for r in rows])
        w = np.array([r["w"] for r in rows], float)
        Xw, yw = np.repeat(X, w.astype(int), axis=0), np.repeat(y, w.astype(int))  # one row per occurrence
        model = S.ScoreModel(C=args.C, random_state=0).fit(Xw, yw)
        # back to candidates: the out-of-fold probability of a candidate's first repeated row
        first = np.concatenate([[0], np.cumsum(w.astype(int))[:-1]]).astype(int)
        oof = model.oof_proba()[first]
        chosen = thresholds(oof, rows)
        about = {
            "about": "Score model of slogan candidates: logistic regression + Platt scaling (pipeline/slogan_scores.py)",
            "trained": datetime.date.today().isoformat(),
            "command": "python bench/train_slogan_scores.py" + (f" --C {args.C}" if args.C != 1.0 else ""),
            "data": f"dev documents of bench/gold (gansu dev 4, formulations_more dev, formulations_extra): "
                    f"{len(rows)} candidates, {int(y.sum())} formulations, {int(w.sum())} occurrences",
            "chosen": {k: v for k, v in chosen.items() if k != "curve"},
        }
        model_data = model.to_data(**about)
        print(f"round {round_ + 1}: {len(rows)} candidates ({int(y.sum())} positive), {int(w.sum())} occurrences; "
              f"chosen {about['chosen']}")
    from pipeline import io
    io.write_atomic(args.out, (json.dumps(model_data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    for name, c in sorted(zip(model_data["features"], model_data["coef"]), key=lambda x: -abs(x[1])):
        print(f"  {name:<22}{c:+.3f}")
    print("reliability (cross-validated; band, occurrences, mean score, share right):",
          "  ".join(f"[{a:.1f},{b:.1f}) {n} {m:.3f} {r:.3f}" for a, b, n, m, r in reliability(oof, rows)))
    print("cross-validated precision / recall by threshold:",
          " ".join(f"{t:.2f}:{p}/{r}" for t, p, r in chosen["curve"] if round(t * 100) % 5 == 0))
    print(f"written {args.out}")


if __name__ == "__main__":
    main()
