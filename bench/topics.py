"""Benchmark: the naive topic recipe against our topic stage, on provincial work reports.

Reads ``../shared/corpus/bulk/gov_work_reports.tar.xz`` in memory (never unpacked), takes
every provincial government work report (all years), and uses each paragraph of at least
80 characters as one document (``unit = document``), dated by the report's year and
located by its province.

- naive: jieba defaults (a private ``jieba.Tokenizer``, HMM on, no lexicon), no stopwords
  (only whitespace and punctuation tokens dropped),
  an unfiltered gensim ``Dictionary``, ``LdaModel`` defaults with ``num_topics=20``
  (passes=1). Its time is segmentation + dictionary + training.
- ours: ``pipeline.segment.tokens`` with ``pipeline.lexicons.load()`` (timed separately:
  it is the segment stage, shared by every later stage), then the whole
  ``pipeline.topics.topic_tables`` call (grid, coherence, k choice, NMF, tables).

Every model is then scored the same way, outside the timed parts: gensim CoherenceModel on
the top 10 terms against its own tokenisation (c_npmi on all paragraphs, c_v on an evenly
spaced sample of 20,000), topic diversity (distinct share of all top-10 terms), and the
share of top terms that are junk: a stopword of stopwords-iso, a single character, a
number, punctuation (``strict``), or also one of our generic report words (``junk``).

    /work/venv/bin/python bench/topics.py                  # all 711 reports
    /work/venv/bin/python bench/topics.py --limit 60       # a quick look

Per-model training and coherence times are logged; no table holds a time.
"""

from __future__ import annotations

import argparse
import io as _io
import os
import re
import sys
import tarfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import lexicons, schemas, segment, sentences, topic_corpus, topic_search, topics  # noqa: E402
from pipeline.config import SegmentConfig, TopicConfig  # noqa: E402

ARCHIVE = ROOT.parent / "shared" / "corpus" / "bulk" / "gov_work_reports.tar.xz"
if not ARCHIVE.is_file():  # a git worktree under /work/wt/NAME: the shared folder is /work/shared
    ARCHIVE = Path("/work/shared/corpus/bulk/gov_work_reports.tar.xz")
PROVINCIAL = "政府工作报告-省自治区/"
MIN_CHARS = 80
_WORD = re.compile(r"[\u3400-\u9fffA-Za-z0-9]")  # a token with a character, letter or digit
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)  # YAML front matter of the .md files


def paragraphs(limit: int | None = None) -> pd.DataFrame:
    """documents-shaped frame: one row per paragraph of ≥ MIN_CHARS characters."""
    rows = []
    files = {}
    # one streaming pass: extracting members out of order re-decompresses the xz stream each time
    with tarfile.open(ARCHIVE, mode="r|xz") as tf:
        for m in tf:
            if m.isfile() and PROVINCIAL in m.name and m.name.endswith(".md"):
                files[m.name] = tf.extractfile(m).read().decode("utf-8")
    names = sorted(files)
    if limit:
        names = names[:: max(1, len(names) // limit)][:limit]
    for name in names:
        text = _FRONT_MATTER.sub("", files[name])
        province = name.split("/")[-2]
        year = Path(name).stem[:4]
        for i, para in enumerate(p.strip() for p in text.split("\n")):
            if len(para) >= MIN_CHARS:
                rows.append((f"{province}/{year}/{i}", name, year, province, para))
    df = pd.DataFrame(rows, columns=["doc_id", "source", "date", "issuer", "text"])
    return df


def naive(texts: list[str], k: int, seed: int) -> dict:
    import jieba
    from gensim.corpora import Dictionary
    from gensim.models import LdaModel

    t0 = time.perf_counter()
    tk = jieba.Tokenizer()  # jieba defaults, but never the global tokenizer
    # whitespace and punctuation tokens dropped: the naive recipe's best honest shot
    tokens = [[w for w in tk.lcut(t) if _WORD.search(w)] for t in texts]
    t_seg = time.perf_counter() - t0
    t1 = time.perf_counter()
    dictionary = Dictionary(tokens)
    corpus = [dictionary.doc2bow(t) for t in tokens]
    lda = LdaModel(corpus, id2word=dictionary, num_topics=k, random_state=seed)
    t_train = time.perf_counter() - t1
    top = [[dictionary[i] for i in np.argsort(-row, kind="stable")[:10]] for row in lda.get_topics()]
    return {"tokens": tokens, "dictionary": dictionary, "topics": top, "seg_s": t_seg, "train_s": t_train}


def coherence(topic_sets: dict[str, list[list[str]]], texts: list[list[str]], c_v_sample: int) -> dict:
    """c_npmi on all texts and c_v on a sample, one accumulation for all models' topics."""
    from gensim.corpora import Dictionary
    from gensim.models.coherencemodel import CoherenceModel

    dictionary = Dictionary(texts)
    names = list(topic_sets)
    flat = [t for n in names for t in topic_sets[n]]
    out = {n: {} for n in names}
    sample = [texts[i] for i in topic_search._sample(len(texts), c_v_sample)]
    for measure, ref in (("c_npmi", texts), ("c_v", sample)):
        t0 = time.perf_counter()
        per = CoherenceModel(topics=flat, texts=ref, dictionary=dictionary, coherence=measure,
                             topn=10, processes=1).get_coherence_per_topic()
        pos = 0
        for n in names:
            k = len(topic_sets[n])
            vals = [v for v in per[pos:pos + k] if not np.isnan(v)]
            out[n][measure] = float(np.mean(vals)) if vals else float("nan")
            pos += k
        print(f"  ({measure} over {len(ref)} texts: {time.perf_counter() - t0:.1f} s)", flush=True)
    return out


def junk_share(topic_list: list[list[str]], stop: frozenset[str]) -> tuple[float, float]:
    """(strict, with generic words) share of top terms that are junk."""
    terms = [t for topic in topic_list for t in topic]
    strict = sum(1 for t in terms if topic_corpus.junk_reason(t, stopword=t in stop) not in (None, "generic"))
    loose = sum(1 for t in terms if topic_corpus.junk_reason(t, stopword=t in stop) is not None)
    return strict / len(terms), loose / len(terms)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None, help="use only this many reports (quick look)")
    ap.add_argument("--k-min", type=int, default=10)
    ap.add_argument("--k-max", type=int, default=40)
    ap.add_argument("--k-step", type=int, default=10)
    ap.add_argument("--passes", type=int, default=TopicConfig.passes)
    ap.add_argument("--select-max-units", type=int, default=TopicConfig.select_max_units)
    ap.add_argument("--c-v-sample", type=int, default=20000)
    args = ap.parse_args()
    import logging

    logging.basicConfig(format="  %(message)s")
    logging.getLogger("pipeline.topics").setLevel(logging.INFO)  # per-model training times

    print("load average (1, 5, 15 min) at the start: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    t0 = time.perf_counter()
    docs = paragraphs(args.limit)
    print(f"{docs['source'].nunique()} reports, {len(docs):,} paragraphs of >= {MIN_CHARS} chars, "
          f"{docs['text'].str.len().sum() / 1e6:.1f} M chars (read in {time.perf_counter() - t0:.1f} s)", flush=True)
    seed = TopicConfig.seed

    nv = naive(docs["text"].tolist(), 20, seed)
    naive_s = nv["seg_s"] + nv["train_s"]
    print(f"naive: segmentation {nv['seg_s']:.1f} s + dictionary and LdaModel(k=20) {nv['train_s']:.1f} s "
          f"= {naive_s:.1f} s", flush=True)

    lex = lexicons.load()
    t0 = time.perf_counter()
    docs = docs.assign(n_chars=docs["text"].str.len())
    sents = sentences.sentences(docs)
    toks = segment.tokens(docs, sents, lexicon=lex, config=SegmentConfig())  # no pool: single process, like naive
    seg_s = time.perf_counter() - t0
    print(f"ours: sentences + segment {seg_s:.1f} s ({len(toks):,} tokens)", flush=True)

    cfg = TopicConfig(unit="document", k_min=args.k_min, k_max=args.k_max, k_step=args.k_step,
                      passes=args.passes, select_max_units=args.select_max_units)
    t0 = time.perf_counter()
    tables = topics.topic_tables(docs, toks, config=cfg)
    stage_s = time.perf_counter() - t0
    print(f"ours: topic stage {stage_s:.1f} s = {stage_s / naive_s:.2f} x the naive recipe "
          f"(with our segmentation: {(stage_s + seg_s) / naive_s:.2f} x)", flush=True)
    pd.set_option("display.width", 200)
    pd.set_option("display.max_columns", 20)
    print(tables["topic_models"].drop(columns=["seed", "unit"]).round(3).to_string(index=False))

    # score every model the same way, outside the timed parts
    ours_texts = [list(u.terms) for u in topic_corpus.units(docs, toks, unit="document")]
    tt = tables["topic_terms"]
    chosen = {f"{m} k={k} (chosen)": [g.sort_values("rank")["term"].tolist() for _, g in grp.groupby("topic")]
              for (m, k), grp in tt.groupby(["model", "k"])}
    stop = lexicons.published_stopwords()
    print("scoring (outside the timed parts) ...", flush=True)
    naive_scores = coherence({"naive lda k=20": nv["topics"]}, nv["tokens"], args.c_v_sample)
    our_scores = coherence(chosen, ours_texts, args.c_v_sample)
    rows = []
    for name, top, sc, secs in ([("naive lda k=20", nv["topics"], naive_scores["naive lda k=20"], nv["train_s"])]
                                + [(n, chosen[n], our_scores[n], None) for n in chosen]):
        strict, loose = junk_share(top, stop)
        rows.append({"model": name, "c_npmi": sc["c_npmi"], "c_v": sc["c_v"],
                     "diversity": topics.diversity(top), "junk_strict": strict, "junk": loose, "train_s": secs})
    print(pd.DataFrame(rows).round(3).to_string(index=False))
    print("load average (1, 5, 15 min) at the end: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    print("naive top terms:")
    for t in nv["topics"][:8]:
        print("  ", " ".join(t))
    for name, top in chosen.items():
        print(f"{name} top terms:")
        for t in top:
            print("  ", " ".join(t))


if __name__ == "__main__":
    main()
