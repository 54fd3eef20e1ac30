"""The slogans stage on unseen documents, scored on both independent golds, by split (issue 20).

Usage (from the repository root)::

    python bench/score_slogans_unseen.py --split dev [--show] [--empty-lexicon] [--no-mined]
    python bench/score_slogans_unseen.py --split dev --out-of-document   # each document scored by a
                                                   # model trained on the other dev documents
    python bench/score_slogans_unseen.py --split heldout      # once, at the end, for the figures

Golds (``bench/unseen_gold.py``): ``gansu`` (8 Gansu city reports, numbered + plan),
``more`` (10 documents, numbered + named + plan, annotated ranges), ``extra`` (dev documents
annotated for issue 20), ``wide`` (12 documents of other provinces, years and 新闻联播 days).
The stage runs as ``policytext run`` would, on the split's documents
of each gold together, with the bundled lexicons (``--empty-lexicon``: discovery only;
``--no-mined``: without ``formulations_mined.tsv``). Predictions outside a document's
annotated range are dropped. Measures, per gold:

- **numbered** P/R/F1: rows of kind numbered/plan against gold numbered/plan occurrences. A
  quoted series of formulations (``一网通办、一网统管、一网协同``) is found when each of its
  items holding a numeral is found (a token never holds 、); a row is true when it matches a
  gold occurrence (or item) of any kind with the same slogan, overlapping.
  Slogans are compared with their enumeration commas and character widths aside (:func:`same`).
- **named** recall (and precision where the gold judges named formulations).
- **score >= 0.9**: precision of the rows not from the lexicon whose candidate score is at
  least 0.9 (of the kinds the gold judges).
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import pandas as pd  # noqa: E402

import unseen_gold  # noqa: E402
from pipeline import io, lexicons, sentences, slogans  # noqa: E402
from pipeline.config import Config  # noqa: E402

NUMERAL = re.compile(r"[0-9一二三四五六七八九十两双百千万]")


def same(a: str, b: str) -> bool:
    """One formulation: the same slogan, enumeration commas and character widths aside (the golds
    write 大众创业、万众创新 and 大众创业万众创新 for one formulation, and 互联网＋ with the text's
    full-width plus, as the text writes it; the stage reports one canonical form, 互联网+)."""
    if a == b:
        return True
    a, b = unicodedata.normalize("NFKC", a), unicodedata.normalize("NFKC", b)
    return a == b or a.replace("、", "") == b.replace("、", "")


def pieces(g: dict) -> list[tuple[int, int, str]]:
    """What must be found for a gold occurrence: itself, or each numbered item of a numbered series."""
    if "、" not in g["surface"] or g["kind"] == "named":
        return [(g["start"], g["end"], g["slogan"])]
    out, pos = [], g["start"]
    for part in g["surface"].split("、"):
        if NUMERAL.search(part):
            out.append((pos, pos + len(part), slogans.R.canonical(part)))
        pos += len(part) + 1
    return out or [(g["start"], g["end"], g["slogan"])]


def run_stage(docs: list[unseen_gold.Doc], lexicon, config=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(slogans rows with their candidate score, slogan_candidates)`` on the documents' raw texts."""
    config = config or Config()
    frame = pd.DataFrame({"doc_id": [d.file for d in docs], "source": [d.file for d in docs],
                          "date": [None] * len(docs), "text": [d.text for d in docs]})
    found, cands, _ = slogans.slogan_tables(frame, sentences.sentences(frame), lexicon=lexicon, config=config.slogans)
    score = dict(zip(cands["slogan"], cands["score"]))
    found = found.assign(score=[1.0 if o == "lexicon" else score.get(s, 0.0) for s, o in zip(found["slogan"], found["origin"])])
    return found, cands


def evaluate(docs: list[unseen_gold.Doc], found: pd.DataFrame, *, threshold: float = 0.9) -> dict:
    """The measures of the module docstring on one gold's documents."""
    by_doc = {d.file: d for d in docs}
    gold_pieces = []  # (gold index, file, start, end, slogan)
    gold = [g for d in docs for g in d.rows]
    for i, g in enumerate(gold):
        for s, e, sl in pieces(g):
            gold_pieces.append((i, g["file"], s, e, sl))
    by_file: dict[str, list] = {}
    for p in gold_pieces:
        by_file.setdefault(p[1], []).append(p)
    rows = [r for r in found.to_dict(orient="records")
            if r["doc_id"] in by_doc and by_doc[r["doc_id"]].start <= r["start"] and r["end"] <= by_doc[r["doc_id"]].end]

    def matches(r):
        return {(i, s) for i, f, s, e, sl in by_file.get(r["doc_id"], [])
                if same(sl, r["slogan"]) and r["start"] < e and s < r["end"]}

    hit = set()
    judged = []  # (row, matched?)
    for r in rows:
        m = matches(r)
        hit |= m
        judged.append((r, bool(m)))
    need = {}
    for i, f, s, e, sl in gold_pieces:
        need.setdefault(i, []).append(s)
    found_ix = {i for i, ss in need.items() if all((i, s) in hit for s in ss)}

    def prf(gkinds, rkinds):
        req = [i for i, g in enumerate(gold) if g["kind"] in gkinds]
        pred = [(r, ok) for r, ok in judged if r["kind"] in rkinds and r["kind"] in by_doc[r["doc_id"]].kinds]
        tp = sum(ok for _, ok in pred)
        rec = sum(i in found_ix for i in req) / len(req) if req else float("nan")
        prec = tp / len(pred) if pred else float("nan")
        f1 = 2 * prec * rec / (prec + rec) if pred and req and prec + rec else float("nan")
        return {"P": prec, "R": rec, "F1": f1, "n_gold": len(req), "n_pred": len(pred),
                "missed": [gold[i] for i in req if i not in found_ix],
                "false": [r for r, ok in pred if not ok]}

    confident = [(r, ok) for r, ok in judged if r["origin"] != "lexicon" and r["score"] >= threshold
                 and r["kind"] in by_doc[r["doc_id"]].kinds]
    return {"numbered": prf(("numbered", "plan"), ("numbered", "plan")),
            "named": prf(("named",), ("named",)),
            "confident": {"P": sum(ok for _, ok in confident) / len(confident) if confident else float("nan"),
                          "n": len(confident), "false": [r for r, ok in confident if not ok]}}


def measure(split: str, lexicon=None, golds=unseen_gold.GOLDS) -> dict:
    """``{gold: evaluate(...)}`` for the split (the stage run on each gold's documents together)."""
    lexicon = lexicons.load() if lexicon is None else lexicon
    out = {}
    for g in golds:
        docs = unseen_gold.load(split, (g,))
        if not docs:
            continue
        found, _ = run_stage(docs, lexicon)
        out[g] = evaluate(docs, found)
        out[g]["n_docs"] = len(docs)
    return out


def _sum(results: list[dict]) -> dict:
    """One gold's measures from :func:`evaluate` on each of its documents alone."""
    out = {}
    for what in ("numbered", "named"):
        n_gold = sum(r[what]["n_gold"] for r in results)
        n_pred = sum(r[what]["n_pred"] for r in results)
        found = n_gold - sum(len(r[what]["missed"]) for r in results)
        tp = n_pred - sum(len(r[what]["false"]) for r in results)
        prec, rec = (tp / n_pred if n_pred else float("nan")), (found / n_gold if n_gold else float("nan"))
        out[what] = {"P": prec, "R": rec, "F1": 2 * prec * rec / (prec + rec) if n_pred and n_gold and prec + rec else float("nan"),
                     "n_gold": n_gold, "n_pred": n_pred, "missed": [x for r in results for x in r[what]["missed"]],
                     "false": [x for r in results for x in r[what]["false"]]}
    n = sum(r["confident"]["n"] for r in results)
    false = [x for r in results for x in r["confident"]["false"]]
    out["confident"] = {"P": (n - len(false)) / n if n else float("nan"), "n": n, "false": false}
    return out


def with_phrase_scores(lexicon, scores: dict | None):
    """``lexicon`` with its mined entries' ``phrase_score`` replaced by ``scores`` (a phrase model's
    that never saw the gold scored), and its national phrases under the model's ``min_score`` dropped."""
    from dataclasses import replace

    if scores is None:
        return lexicon
    floor = float((lexicon.phrase_model or {}).get("min_score", 1.0))
    mined = {}
    for s, m in lexicon.mined.items():
        m = replace(m, phrase_score=scores.get(s, m.phrase_score))
        if m.evidence != "national phrase" or m.phrase_score >= floor:
            mined[s] = m
    return replace(lexicon, mined=mined)


def measure_out_of_document(lexicon, golds=unseen_gold.GOLDS, phrase_scores: dict | None = None,
                            form: str | None = None, jobs: int = 1) -> dict:
    """:func:`measure` on the dev split with each document scored by a score model (calibration
    included) trained on the other dev documents only (``bench/train_slogan_scores.py``, same
    C and features): what the stage does on a document it has never seen. The stage still runs
    on each gold's documents together (corpus counts as in a run); each document's rows come
    from the run with its own model. ``phrase_scores``: ``{gold: {phrase: score}}`` from phrase models
    trained without that gold (``bench/train_phrase_scores.py --out-of-gold``), replacing the mined
    entries' phrase scores while that gold is scored. ``form``: the form of model trained (default: the
    one the lexicon's model declares, ``slogan_scores.FORMS``); ``jobs``: processes (results identical)."""
    import train_slogan_scores as T
    from dataclasses import replace
    from pipeline import slogan_scores as S

    from joblib import Parallel, delayed

    C = float((lexicon.score_model or {}).get("C", T.C_DEFAULT))
    form = form or (lexicon.score_model or {}).get("form", "logistic")
    features = tuple((lexicon.score_model or {}).get("features", S.MODEL_FEATURES))
    ex = T.examples(T.dataset(lexicon, bool((lexicon.score_model or {}).get("shown_only"))))
    X, y, w, g, _ = T.fit_rows(ex, features)
    keys = sorted({e["doc"] for e in ex})
    out = {}
    for gname in golds:
        docs = unseen_gold.load("dev", (gname,))
        lexicon_g = lexicon if phrase_scores is None else with_phrase_scores(lexicon, phrase_scores.get(gname))

        def one(d, docs=docs, gname=gname, lexicon_g=lexicon_g):
            test = g == (keys.index(f"{gname}:{d.file}") if f"{gname}:{d.file}" in keys else -1)
            m = S.new_model(form, features, C=C).fit(X[~test], y[~test], groups=g[~test], sample_weight=w[~test])
            found, _ = run_stage(docs, replace(lexicon_g, score_model=m.to_data()))
            return evaluate([d], found)

        per_doc = Parallel(n_jobs=jobs)(delayed(one)(d) for d in docs)
        if per_doc:
            out[gname] = {**_sum(per_doc), "n_docs": len(docs)}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("dev", "heldout"), default="dev")
    ap.add_argument("--show", action="store_true", help="list misses and false rows")
    ap.add_argument("--empty-lexicon", action="store_true", help="discovery only: no slogans.txt, no mined lexicon")
    ap.add_argument("--no-mined", action="store_true", help="without lexicons/formulations_mined.tsv")
    ap.add_argument("--out-of-document", action="store_true",
                    help="dev only: score each document with a model trained on the other dev documents")
    ap.add_argument("--phrase-scores", type=Path, default=None,
                    help="with --out-of-document: {gold: {phrase: score}} of phrase models trained without each gold")
    ap.add_argument("--form", choices=("logistic", "trees"), default=None,
                    help="with --out-of-document: the form of model trained (default: the bundled model's)")
    ap.add_argument("--jobs", type=int, default=1, help="with --out-of-document: processes (results identical)")
    args = ap.parse_args()
    lex = lexicons.load()
    if args.empty_lexicon:
        lex = lexicons.Lexicon()
    elif args.no_mined:
        from dataclasses import replace
        lex = replace(lex, mined={})
    if args.out_of_document and args.split != "dev":
        ap.error("--out-of-document trains on dev documents: --split dev only")
    phrase_scores = io.read_json(args.phrase_scores) if args.phrase_scores else None
    res = measure_out_of_document(lex, phrase_scores=phrase_scores, form=args.form, jobs=args.jobs) if args.out_of_document else measure(args.split, lex)
    print(f"split {args.split}; lexicon: {'empty' if args.empty_lexicon else 'bundled' + (' without mined' if args.no_mined else '')}"
          + (f"; each document scored by a model ({args.form or (lex.score_model or {}).get('form', 'logistic')}) trained without it"
       if args.out_of_document else ""))
    print(f"{'gold':<7}{'docs':>5}{'numbered P':>12}{'R':>7}{'F1':>7}{'gold':>6}{'pred':>6}"
          f"{'named P':>9}{'R':>7}{'gold':>6}{'P(score>=.9)':>14}{'n':>5}")
    for g, r in res.items():
        n, m, c = r["numbered"], r["named"], r["confident"]
        print(f"{g:<7}{r['n_docs']:>5}{n['P']:>12.3f}{n['R']:>7.3f}{n['F1']:>7.3f}{n['n_gold']:>6}{n['n_pred']:>6}"
              f"{m['P']:>9.3f}{m['R']:>7.3f}{m['n_gold']:>6}{c['P']:>14.3f}{c['n']:>5}")
    if args.show:
        for g, r in res.items():
            for what in ("numbered", "named"):
                print(f"\n[{g}] {what} missed:", ", ".join(x["slogan"] + ("" if x["quoted"] else "(unq)")
                                                        for x in r[what]["missed"]))
                print(f"[{g}] {what} false:", ", ".join(f"{x['slogan']}[{x['rule']}]" for x in r[what]["false"]))
            print(f"[{g}] score>=0.9 false:", ", ".join(f"{x['slogan']}[{x['rule']}]" for x in r["confident"]["false"]))


if __name__ == "__main__":
    main()
