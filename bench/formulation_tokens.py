"""How many numbered-formulation occurrences come out as single tokens (issue 10).

Usage (from the repository root)::

    python bench/formulation_tokens.py

Gold: ``bench/gold/formulations_gansu.jsonl``, an independent annotation of eight Gansu
city government work reports from ``../shared/corpus/bulk/gov_work_reports.tar.xz``
(offsets into each file's raw text). In one run, each segmenter cuts the same raw texts:

1. plain jieba (a fresh ``jieba.Tokenizer()``, defaults: HMM on) — the baseline;
2. jieba with the formulations of our lexicon added as user words (HMM on);
3. our segmenter with the lexicon only;
4. our segmenter with the lexicon plus what the slogan stage discovers in these eight
   reports (candidates at or above ``segment.min_candidate_score``), as ``policytext run``
   does.

An occurrence counts as whole when one token spans it exactly, or spans it plus the
quotation marks written around it. Prints the share per segmenter and per report.
"""

from __future__ import annotations

import json
import tarfile
from collections import defaultdict
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
BULK = ROOT.parent / "shared" / "corpus" / "bulk" / "gov_work_reports.tar.xz"
GOLD = ROOT / "bench" / "gold" / "formulations_gansu.jsonl"
QUOTES = set("“”‘’「」『』\"'")


def load():
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    files = sorted({g["file"] for g in gold})
    texts = {}
    with tarfile.open(BULK) as tar:
        for name in files:
            texts[name] = tar.extractfile(name).read().decode("utf-8")
    return gold, texts


def whole(spans: set[tuple[int, int]], text: str, start: int, end: int) -> bool:
    for s in (start, start - 1):
        for e in (end, end + 1):
            if (s, e) in spans and all(text[i] in QUOTES for i in (*range(s, start), *range(end, e))):
                return True
    return False


def jieba_spans(text: str, words: list[str]) -> set[tuple[int, int]]:
    import jieba

    tk = jieba.Tokenizer()
    tk.initialize()
    for w in words:
        tk.add_word(w)
    return {(s, e) for _, s, e in tk.tokenize(text, HMM=True)}


def our_spans(text: str, lexicon, protect: dict[str, str]) -> set[tuple[int, int]]:
    from pipeline import segment, sentences
    from pipeline.config import SegmentConfig

    docs = pd.DataFrame({"doc_id": ["d"], "source": ["s"], "text": [text]})
    toks = segment.tokens(docs, sentences.sentences(docs), lexicon=lexicon, config=SegmentConfig(),
                          protect=protect, workers=1)
    return set(zip(toks["start"].tolist(), toks["end"].tolist()))


def discovered(texts: dict[str, str], lexicon) -> dict[str, str]:
    from pipeline import ingest, sentences, slogans
    from pipeline.config import Config
    from pipeline.io import RawFile

    cfg = Config()
    docs, _ = ingest.documents([RawFile(name, None, t.encode("utf-8")) for name, t in texts.items()],
                               places=lexicon.places)
    _, candidates, _ = slogans.slogan_tables(docs, sentences.sentences(docs), lexicon=lexicon, config=cfg.slogans)
    keep = candidates[(candidates["score"] >= cfg.segment.min_candidate_score) & ~candidates["in_lexicon"]]
    return {s: "discovered" for s in sorted(keep["slogan"]) if s not in lexicon.slogans}


def main() -> None:
    from pipeline import lexicons

    gold, texts = load()
    lex = lexicons.load()
    protect = discovered(texts, lex)
    methods = {
        "plain jieba (HMM on)": lambda t: jieba_spans(t, []),
        "jieba + our lexicon": lambda t: jieba_spans(t, list(lex.slogans)),
        "ours, lexicon only": lambda t: our_spans(t, lex, {}),
        "ours, lexicon + discovered": lambda t: our_spans(t, lex, protect),
    }
    by_file = defaultdict(list)
    for g in gold:
        by_file[g["file"]].append(g)
    totals = {}
    print(f"{len(gold)} gold occurrences in {len(texts)} reports; {len(protect)} formulations discovered and protected")
    print(f"{'report':<22}" + "".join(f"{m:>28}" for m in methods))
    for name, text in texts.items():
        row = []
        for m, fn in methods.items():
            spans = fn(text)
            hit = sum(whole(spans, text, g["start"], g["end"]) for g in by_file[name])
            totals.setdefault(m, [0, 0])
            totals[m][0] += hit
            totals[m][1] += len(by_file[name])
            row.append(f"{hit}/{len(by_file[name])}")
        short = name.split("/")[-2] + "/" + name.split("/")[-1]
        print(f"{short:<22}" + "".join(f"{r:>28}" for r in row))
    print(f"{'share whole':<22}" + "".join(f"{h / n:>28.3f}" for h, n in totals.values()))
    missed = [g for g in gold if not whole(our_spans(texts[g["file"]], lex, protect), texts[g["file"]], g["start"], g["end"])] \
        if len(gold) < 5000 else []
    if missed:
        counts = pd.Series([g["slogan"] for g in missed]).value_counts()
        print("\nstill cut (ours, lexicon + discovered), by formulation:")
        print(", ".join(f"{s}×{n}" for s, n in counts.items()))


if __name__ == "__main__":
    main()
