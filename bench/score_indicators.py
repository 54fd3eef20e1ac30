"""Score the indicators stage against the hand annotation in tests/gold/indicators.jsonl.

Each gold line names a source file, a context string (a snippet of the text, unique in
that file) and the surface of one number inside it, with either the expected indicator
(value, value_max, unit, qualifier, metric) or the reason it is excluded. Gold items are
located in ``documents.text`` after NFKC, whitespace removal and quote folding, so they
survive re-cleaning and re-splitting of the articles; a gold item whose context is no
longer in the text (removed by the cleaner) is reported as absent and not scored.

Prints precision and recall for value+unit, qualifier accuracy and metric accuracy
(exact, and lenient = one phrase contains the other).

    python bench/score_indicators.py            # runs ingest+sentences+indicators itself
    python bench/score_indicators.py --out outputs   # scores the tables of a finished run
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold" / "indicators.jsonl"
_QUOTES = str.maketrans({c: '"' for c in "“”„‟\"'‘’「」『』"})


def normalise(text: str) -> tuple[str, list[int]]:
    """NFKC, no whitespace, one quote character; with the original offset of each char."""
    out, where = [], []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch).translate(_QUOTES):
            if c.isspace():
                continue
            out.append(c)
            where.append(i)
    return "".join(out), where


@dataclass
class Located:
    item: dict
    doc_id: str | None = None
    start: int = -1
    end: int = -1
    problem: str | None = None  # absent / ambiguous


def load_gold(path: Path = GOLD) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def locate(gold: list[dict], documents: pd.DataFrame) -> list[Located]:
    """Where each gold item sits in ``documents`` (doc_id and character span)."""
    norm: dict[str, list[tuple[str, str, list[int]]]] = {}
    for doc, source, text in zip(documents["doc_id"], documents["source"], documents["text"]):
        n, where = normalise(text)
        norm.setdefault(Path(source).name, []).append((doc, n, where))
    out = []
    for item in gold:
        ctx, _ = normalise(item["context"])
        surf, _ = normalise(item["surface"])
        hits = []
        for doc, n, where in norm.get(item["source"], []):
            for m in re.finditer(re.escape(ctx), n):
                k = ctx.find(surf)
                s = m.start() + k
                e = s + len(surf)
                hits.append((doc, where[s], where[e - 1] + 1))
        if not hits:
            out.append(Located(item, problem="absent"))
        elif len(hits) > 1:
            out.append(Located(item, *hits[0], problem="ambiguous"))
        else:
            out.append(Located(item, *hits[0]))
    return out


def _same(a, b) -> bool:
    if a is None or (isinstance(a, float) and pd.isna(a)):
        return b is None or (isinstance(b, float) and pd.isna(b))
    if b is None or (isinstance(b, float) and pd.isna(b)):
        return False
    return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(b)))


def _none(x):
    return None if x is None or (isinstance(x, float) and pd.isna(x)) else x


def score(indicators: pd.DataFrame, documents: pd.DataFrame, gold: list[dict] | None = None) -> dict:
    """Scores and the lists of errors (false positives, misses, wrong fields)."""
    located = locate(gold if gold is not None else load_gold(), documents)
    good = [g for g in located if g.problem is None]
    gold_ind = [g for g in good if g.item["decision"] == "indicator"]
    by_doc: dict[str, list[Located]] = {}
    for g in good:
        by_doc.setdefault(g.doc_id, []).append(g)
    matched_gold: dict[int, dict] = {}
    fp, wrong = [], []
    tp_rows = 0
    for row in indicators.to_dict(orient="records"):
        hit = None
        for g in by_doc.get(row["doc_id"], []):
            if g.start < row["end"] and row["start"] < g.end:
                hit = g
                break
        if hit is None or hit.item["decision"] != "indicator":
            fp.append((row["text"], row["rule"], hit.item.get("reason") if hit else "not in gold"))
            continue
        it = hit.item
        ok = (_same(row["value"], it["value"]) and _same(_none(row["value_max"]), it.get("value_max"))
              and row["unit"] == it["unit"])
        if ok and id(hit) not in matched_gold:
            matched_gold[id(hit)] = row
            tp_rows += 1
        elif not ok:
            wrong.append((row["text"], row["value"], row["unit"], it["surface"], it["value"], it["unit"]))
    missed = [g.item["surface"] + " @ " + g.item["context"] for g in gold_ind if id(g) not in matched_gold]
    q_ok = m_exact = m_len = m_n = 0
    q_bad, m_bad, m_inexact = [], [], []
    for g in gold_ind:
        row = matched_gold.get(id(g))
        if row is None:
            continue
        if _none(row["qualifier"]) == g.item.get("qualifier"):
            q_ok += 1
        else:
            q_bad.append((g.item["surface"], row["qualifier"], g.item.get("qualifier")))
        want = g.item.get("metric")
        if want:
            m_n += 1
            got = _none(row["metric"]) or ""
            a, b = normalise(got)[0], normalise(want)[0]
            if a == b:
                m_exact += 1
            else:
                m_inexact.append((g.item["surface"], got, want))
            if a and (a in b or b in a):
                m_len += 1
            else:
                m_bad.append((g.item["surface"], got, want))
    n_pred = len(indicators)
    tp = len(matched_gold)
    return {
        "gold_items": len(located), "gold_absent": sum(g.problem == "absent" for g in located),
        "gold_ambiguous": sum(g.problem == "ambiguous" for g in located),
        "gold_indicators": len(gold_ind), "predicted": n_pred, "correct": tp,
        "precision": tp_rows / n_pred if n_pred else 0.0,
        "recall": tp / len(gold_ind) if gold_ind else 0.0,
        "qualifier_accuracy": q_ok / tp if tp else 0.0,
        "metric_exact": m_exact / m_n if m_n else 0.0,
        "metric_lenient": m_len / m_n if m_n else 0.0,
        "false_positives": fp, "missed": missed, "wrong_value_or_unit": wrong,
        "wrong_qualifier": q_bad, "wrong_metric": m_bad, "inexact_metric": m_inexact,
    }


def _tables(out: Path | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    from pipeline import indicators as ind
    from pipeline import io
    from pipeline.config import Config

    if out is not None:
        return io.read_table(out, "indicators"), io.read_table(out, "documents")
    from pipeline import ingest, lexicons, sentences

    cfg = Config()
    paths, errs = io.list_corpus(Path(cfg.corpus), cfg.ingest.extensions)
    raw = errs + [io.read_raw(p, Path(cfg.corpus), max_bytes=int(2e8)) for p in paths]
    lex = lexicons.load(cfg.lexicons)
    docs, _ = ingest.documents(raw)
    sents = sentences.sentences(docs)
    return ind.indicators(docs, sents, config=cfg.indicators, lexicon=lex), docs


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=None, help="folder of a finished run (default: run now)")
    ap.add_argument("--errors", action="store_true", help="list every error")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    table, docs = _tables(args.out)
    s = score(table, docs)
    print(f"gold items {s['gold_items']} (absent from text {s['gold_absent']}, ambiguous {s['gold_ambiguous']}); "
          f"gold indicators {s['gold_indicators']}; predicted rows {s['predicted']}")
    print(f"value+unit precision {s['precision']:.3f}  recall {s['recall']:.3f}")
    print(f"qualifier accuracy {s['qualifier_accuracy']:.3f}")
    print(f"metric accuracy exact {s['metric_exact']:.3f}  lenient (containment) {s['metric_lenient']:.3f}")
    if args.errors:
        for key in ("false_positives", "missed", "wrong_value_or_unit", "wrong_qualifier", "wrong_metric",
                    "inexact_metric"):
            print(f"-- {key} ({len(s[key])})")
            for e in s[key]:
                print("  ", e)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
