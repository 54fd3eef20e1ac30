"""Train the phrase model of national phrases on the annotated DEV documents; write it as data.

Usage (from the repository root)::

    python bench/train_phrase_scores.py [--out lexicons/phrase_scores.json] [--C 0.3]

A national formulation written unquoted (主题教育, 平安中国, 退耕还林) is a property of the phrase,
so the phrase is scored, not the occurrence. Phrases: the candidates of ``policytext lexicon mine``
(``formulations.national_phrases``: the phrases of two or more of the State Council's reports in
``gov_work_reports.tar.xz``) and the named formulations of the mined list in use; evidence: their
archive statistics (``formulations.phrase_stats``, ``phrase_features``). Examples: each such phrase
written in the annotated range of a dev document of a gold judging named formulations
(``bench/unseen_gold.py``), one per phrase and gold: a formulation when the gold annotates it
there (its slogan, enumeration commas dropped), else not (the gold's rejected rows and every
unannotated phrase); a phrase overlapping an annotated formulation without being it (a part of
it, a longer phrase around it) is left out. Never a held-out document.

Model: :class:`pipeline.slogan_scores.ScoreModel` (logistic regression + Platt scaling, folds
grouped by gold) on :data:`pipeline.formulations.PHRASE_FEATURES`. Figures leave one gold out
(the phrases of each gold scored by a model trained on the other golds): average precision,
formulations among the top phrases, and the same among the phrases the mined list lacks (what
the model adds). ``min_score`` (the national phrases ``lexicon mine`` adds) is the lowest
threshold from which every higher one keeps :data:`NEW_PRECISION` of the new phrases it takes
(leave one gold out): the occurrence model (``bench/train_slogan_scores.py``) then weighs each
occurrence with the phrase score among its features.
"""

from __future__ import annotations

import argparse
import datetime
import json
import pickle
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import ahocorasick  # noqa: E402
import numpy as np  # noqa: E402

import unseen_gold  # noqa: E402
from pipeline import formulations as F  # noqa: E402
from pipeline import io, lexicons  # noqa: E402
from pipeline import slogan_rules as R  # noqa: E402
from pipeline import slogan_scores as S  # noqa: E402

OUT = ROOT / "lexicons" / "phrase_scores.json"
ARCHIVE = unseen_gold.BULK / "gov_work_reports.tar.xz"
C_DEFAULT = 0.3  # regularisation (0.1 .. 3 tried: leave-one-gold-out average precision flat, 0.60-0.61)
# min_score: the new phrases (not in the mined list) taken must be at least this share formulations
# out of gold; the occurrence model weighs them further, so the floor is low
NEW_PRECISION = 0.15
# the emergence features (formulations.emergence): --drop emergence measures the model without them
EMERGENCE = ("onset", "pre_onset", "adopt_3", "adopt_5", "adopt_share", "burst", "year_entropy", "year_spread")
# features the model leaves out by default: the emergence features that did not help. Leave one gold out on
# the adjudicated dev golds (9 golds, 44,111 examples, C 0.3), average precision all / new phrases: without
# emergence 0.641 / 0.182; + burst 0.645 / 0.211; + onset 0.639 / 0.170, + pre_onset 0.639 / 0.181,
# + adopt_3 0.643 / 0.181, + adopt_5 0.643 / 0.185, + adopt_share 0.641 / 0.195, + year_entropy 0.640 / 0.182,
# + year_spread 0.641 / 0.180, + onset and burst 0.642 / 0.205, + adopt_share and burst 0.641 / 0.204
DROP_DEFAULT = ("onset", "pre_onset", "adopt_3", "adopt_5", "adopt_share", "year_entropy", "year_spread")


def examples(stats: dict, golds=unseen_gold.GOLDS) -> list[dict]:
    """One example per phrase of ``stats`` and gold whose dev documents write it in an annotated
    range: ``{"phrase", "gold", "y"}`` (see the module docstring)."""
    a = ahocorasick.Automaton()
    for s in stats:
        a.add_word(s, s)
    a.make_automaton()
    lab: dict[tuple[str, str], int] = {}
    for d in unseen_gold.load("dev", golds):
        if "named" not in d.kinds:
            continue
        text = R.fold_width(d.text)
        gold = [(g["start"], g["end"], g["slogan"].replace("、", "")) for g in d.rows]
        names = {s for _, _, s in gold}
        for end, s in a.iter(text):
            b, e = end + 1 - len(s), end + 1
            if not (d.start <= b and e <= d.end):
                continue
            if s in names:
                lab[(s, d.gold)] = 1
            elif not any(b < ge and gs < e for gs, ge, _ in gold):
                lab.setdefault((s, d.gold), 0)
    return [{"phrase": s, "gold": g, "y": y} for (s, g), y in sorted(lab.items())]


def written_in(phrases, golds) -> dict[str, set]:
    """``{gold: those of phrases its dev documents write}`` (anywhere in their texts, width-folded
    or not): the only phrases whose score a run on those documents reads, so the only ones
    ``--out-of-gold`` keeps for that gold (a file of every phrase for every gold is megabytes)."""
    a = ahocorasick.Automaton()
    for s in phrases:
        a.add_word(s, s)
    a.make_automaton()
    out: dict[str, set] = {g: set() for g in golds}
    for d in unseen_gold.load("dev", tuple(golds)):
        for text in {d.text, R.fold_width(d.text)}:
            out[d.gold].update(s for _, s in a.iter(text))
    return out


def leave_one_gold_out(X, y, groups, C: float, features=F.PHRASE_FEATURES) -> np.ndarray:
    p = np.zeros(len(y))
    for g in sorted(set(groups.tolist())):
        te = groups == g
        m = S.ScoreModel(C=C, features=features).fit(X[~te], y[~te], groups=groups[~te])
        p[te] = m.predict_proba(X[te])
    return p


def average_precision(p, y) -> float:
    o = np.argsort(-p, kind="mergesort")
    hits = np.cumsum(y[o])
    return float((hits / np.arange(1, len(y) + 1))[y[o] == 1].mean()) if y.sum() else float("nan")


def floor(p, y, precision: float) -> float:
    """The lowest threshold from which every higher one keeps ``precision`` (1.0 when none)."""
    t_ok = 1.0
    for t in np.round(np.arange(0.99, 0.0, -0.01), 2):
        keep = p >= t
        if keep.any() and y[keep].mean() < precision:
            break
        t_ok = float(t)
    return t_ok


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--C", type=float, default=C_DEFAULT)
    ap.add_argument("--show", action="store_true", help="list the top new phrases with their labels")
    ap.add_argument("--out-of-gold", type=Path, default=None,
                    help="also write {gold: {phrase: score}}: the mined list's phrases each gold's dev documents write, "
                         "scored by a model trained without that gold (for bench/train_slogan_scores.py, whose default is "
                         "bench/phrase_scores_out_of_gold.json, and bench/score_slogans_unseen.py --phrase-scores)")
    ap.add_argument("--drop", default=",".join(DROP_DEFAULT),
                    help="features left out, comma-separated (or 'emergence': those of formulations.emergence; "
                         "'' none), to measure what they add (default: DROP_DEFAULT)")
    ap.add_argument("--cache", type=Path, default=None,
                    help="a pickle of the archive's phrase statistics: read when present, else written (iterations)")
    args = ap.parse_args()
    lex = lexicons.load()
    # the named formulations mined from quotations and heads (not the national phrases of an earlier model)
    mined = {s for s, m in lex.mined.items() if R.structure(s) == "named" and m.evidence != "national phrase"}
    if args.cache is not None and args.cache.exists():
        national, stats = pickle.loads(args.cache.read_bytes())
    else:
        naming = lex.rule_words("naming_context") or ()
        docs = io.archive_texts(ARCHIVE)
        national = F.national_phrases(docs)
        stats = F.phrase_stats(docs, sorted(set(national) | mined), verbs=tuple(w for r, w in naming if r == "verb"),
                               heads=tuple(w for r, w in naming if r == "head"))
        if args.cache is not None:
            io.write_atomic(args.cache, pickle.dumps((national, stats)))
    drop = {f for x in args.drop.split(",") if x.strip()
            for f in (EMERGENCE if x.strip() == "emergence" else (x.strip(),))}
    features = tuple(f for f in F.PHRASE_FEATURES if f not in drop)
    cols = [F.PHRASE_FEATURES.index(f) for f in features]
    ex = examples(stats)
    golds = sorted({e["gold"] for e in ex})
    X = np.array([F.phrase_features(e["phrase"], stats[e["phrase"]]) for e in ex], float)[:, cols]
    y = np.array([e["y"] for e in ex])
    g = np.array([golds.index(e["gold"]) for e in ex])
    p = leave_one_gold_out(X, y, g, args.C, features)
    new = np.array([e["phrase"] not in mined and e["phrase"] not in lex.slogans for e in ex])
    min_score = floor(p[new], y[new], NEW_PRECISION)
    print(f"{len(national)} national phrases, {len(stats)} phrases scored; {len(ex)} examples in {len(golds)} golds "
          f"({int(y.sum())} formulations; {int(new.sum())} examples new to the mined list, {int(y[new].sum())} formulations)")
    print(f"leave one gold out: average precision {average_precision(p, y):.3f}; new phrases {average_precision(p[new], y[new]):.3f}")
    for k in (25, 50, 100, 200):
        o, on = np.argsort(-p, kind="mergesort")[:k], np.argsort(-p[new], kind="mergesort")[:k]
        print(f"  top {k}: {int(y[o].sum())} formulations; new top {k}: {int(y[new][on].sum())}")
    keep = new & (p >= min_score)
    print(f"min_score {min_score}: {int(keep.sum())} new examples kept, {int(y[keep].sum())} formulations "
          f"(of {int(y[new].sum())})")
    if args.show:
        o = np.argsort(-p[new], kind="mergesort")[:80]
        idx = np.flatnonzero(new)[o]
        print(", ".join(f"{ex[i]['phrase']}:{ex[i]['gold']}:{ex[i]['y']}:{p[i]:.2f}" for i in idx))
    if args.out_of_gold is not None:
        names = [s for s in stats if s in lex.mined]  # what with_phrase_scores replaces: the rows of the mined list
        XA = np.array([F.phrase_features(s, stats[s]) for s in names], float)[:, cols]
        written = written_in(names, golds)
        by_gold = {}
        for i, gname in enumerate(golds):
            m = S.ScoreModel(C=args.C, features=features).fit(X[g != i], y[g != i], groups=g[g != i])
            by_gold[gname] = {s: round(float(q), 3) for s, q in zip(names, m.predict_proba(XA)) if s in written[gname]}
        io.write_atomic(args.out_of_gold, (json.dumps(by_gold, ensure_ascii=False, sort_keys=True, indent=0) + "\n")
                        .encode("utf-8"))
    model = S.ScoreModel(C=args.C, features=features).fit(X, y, groups=g)
    data = model.to_data(
        about="Phrase model of national phrases: logistic regression + Platt scaling on phrase statistics of the "
              "archive (folds grouped by gold; pipeline/formulations.py, phrase_features)",
        trained=datetime.date.today().isoformat(),
        command="python bench/train_phrase_scores.py" + (f" --C {args.C}" if args.C != C_DEFAULT else "")
        + (f" --drop {args.drop}" if args.drop != ",".join(DROP_DEFAULT) else ""),
        data=f"dev documents of bench/gold ({', '.join(golds)}): {len(ex)} phrase examples, {int(y.sum())} formulations",
        C=args.C, min_score=min_score,
        leave_one_gold_out={"average_precision": round(average_precision(p, y), 3),
                            "new_average_precision": round(average_precision(p[new], y[new]), 3),
                            "new_kept": int(keep.sum()), "new_kept_formulations": int(y[keep].sum())})
    io.write_atomic(args.out, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    print(f"written {args.out}")


if __name__ == "__main__":
    main()
