"""Benchmark: our one-pass c_npmi against gensim's CoherenceModel, on a run's output folder.

Reads ``documents`` and ``tokens`` of an output folder (``policytext run`` wrote them),
builds the topic stage's units and vocabulary, trains the default grid of candidates
(``pipeline.topics.train_candidate``, LDA and NMF) and scores every topic three ways on
the same scoring units (the stage's evenly spaced sample of ``score_max_units``):

- gensim ``CoherenceModel(coherence="c_npmi")`` (sliding window of 10, all topics in one call,
  as the topic stage did before);
- ``pipeline.topics.Cooccurrence`` with ``window=10`` (the stage's default);
- ``Cooccurrence`` with ``window=0`` (boolean unit co-occurrence).

Prints per-topic and per-candidate agreement (Pearson, Spearman, largest difference), the k
each would choose, and the seconds each took.

    /work/venv/bin/python bench/coherence.py OUT          # e.g. tests' bundled run, bench/_data/out
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import io, topic_search, topics  # noqa: E402
from pipeline.config import TopicConfig  # noqa: E402
from pipeline.topic_corpus import count_matrix, dictionary  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path, help="an output folder with documents and tokens tables")
    args = ap.parse_args()
    from gensim.models.coherencemodel import CoherenceModel
    from scipy.stats import pearsonr, spearmanr

    cfg = TopicConfig()
    docs = io.read_table(args.out, "documents", columns=["doc_id", "text"])
    toks = io.read_table(args.out, "tokens", columns=["doc_id", "position", "start", "token", "is_slogan", "is_stopword"])
    units = topics.topic_units(docs, toks, config=cfg)
    no_below = max(int(cfg.no_below), len(units) // max(int(cfg.no_below_per_units), 1))
    counts, terms, df = count_matrix([u.terms for u in units], no_below=no_below, no_above=float(cfg.no_above))
    keep = np.flatnonzero(np.asarray(counts.sum(axis=1)).ravel() >= int(cfg.min_unit_terms))
    counts = counts[keep]
    vocab = set(terms)
    texts = [tuple(w for w in units[i].terms if w in vocab) for i in keep]
    sample = topic_search._sample(counts.shape[0], int(cfg.select_max_units))
    p_term = np.asarray(counts.sum(axis=0), dtype=np.float64).ravel() + 1.0
    ts = topics.TrainingSet(counts[sample], terms, df, len(units), p_term / p_term.sum())
    held = topic_search._Held(ts)
    fitted = [topics.train_candidate(topics.CandidateTask(held, m, k, cfg.seed, cfg))
              for m in cfg.models for k in topic_search._grid(cfg, len(sample), len(terms))]
    r_texts = [texts[i] for i in topic_search._sample(counts.shape[0], max(int(cfg.score_max_units), len(sample)))]
    print(f"{args.out}: {counts.shape[0]:,} units, {len(terms):,} terms, {len(fitted)} candidates, "
          f"{sum(f.k for f in fitted)} topics, scored on {len(r_texts):,} units")
    all_topics = [[t for t, _ in top] for f in fitted for top in f.topics]

    t0 = time.perf_counter()
    gensim = CoherenceModel(topics=all_topics, texts=[list(t) for t in r_texts], dictionary=dictionary(ts.terms, ts.df, ts.n_units),
                            coherence="c_npmi", topn=cfg.top_n, processes=1).get_coherence_per_topic()
    secs = {"gensim c_npmi": time.perf_counter() - t0}
    index = {t: i for i, t in enumerate(terms)}
    ids = [np.array([index[w] for w in t], dtype=np.int64) for t in r_texts]
    ours = {}
    for window in (10, 0):
        t0 = time.perf_counter()
        cooc = topics.Cooccurrence(ids, len(terms), window=window)
        built = time.perf_counter() - t0
        ours[window] = cooc.coherence([[index[t] for t in top] for top in all_topics])
        secs[f"ours window={window}"] = time.perf_counter() - t0
        secs[f"  of which counting contexts ({cooc.n_contexts:,})"] = built
    g = np.array(gensim, dtype=float)
    rows = []
    for window, vals in ours.items():
        o = np.array(vals, dtype=float)
        ok = ~np.isnan(o) & ~np.isnan(g) & np.isfinite(g)
        rows.append({"ours": f"window={window}", "topics": int(ok.sum()), "pearson": pearsonr(o[ok], g[ok])[0],
                     "spearman": spearmanr(o[ok], g[ok])[0], "max |diff|": float(np.abs(o[ok] - g[ok]).max()),
                     "mean diff": float((o[ok] - g[ok]).mean())})
    print("per topic, against gensim c_npmi:")
    print(pd.DataFrame(rows).round(4).to_string(index=False))

    per_model = []
    pos = 0
    for f in fitted:
        sl = slice(pos, pos + f.k)
        pos += f.k
        row = {"model": f.model, "k": f.k, "diversity": topics.diversity([[t for t, _ in x] for x in f.topics]),
               "gensim": float(np.nanmean(g[sl]))}
        for window, vals in ours.items():
            row[f"window={window}"] = float(np.nanmean(np.array(vals[sl], dtype=float)))
        per_model.append(row)
    pm = pd.DataFrame(per_model)
    print("per candidate (mean over topics):")
    print(pm.round(4).to_string(index=False))
    for col in ("window=10", "window=0"):
        print(f"  candidates, {col} vs gensim: pearson {pearsonr(pm[col], pm['gensim'])[0]:.4f}, "
              f"spearman {spearmanr(pm[col], pm['gensim'])[0]:.4f}")
    rule = dict(diversity_floor=cfg.diversity_floor, k_tolerance=cfg.k_tolerance)
    for col in ("gensim", "window=10", "window=0"):
        picks = []
        for m in cfg.models:
            cands = [topics.Fitted(m, int(r["k"]), 0, [], 0.0, c_npmi=r[col], diversity=r["diversity"])
                     for r in pm[pm["model"] == m].to_dict("records")]
            picks.append(f"{m} k={topics.choose(cands, **rule).k}")
        print(f"  k chosen with {col}: {', '.join(picks)}")
    for name, s in secs.items():
        print(f"  {name}: {s:.2f} s")


if __name__ == "__main__":
    main()
