"""Check a gold annotation of policy formulations (formulations_more, _wide, _dev6: one format).

Reads the texts straight from the two corpus tarballs (in memory, nothing is
unpacked) and verifies formulations.jsonl, rejected.jsonl and documents.jsonl:
text[start:end] == surface, field types, kind and split values, every span
inside its document's annotated range [start, end), no overlapping occurrence
spans, no rejection overlapping an occurrence, no quotation mark in a slogan.
Prints counts per document and per kind. Exit status 1 on any problem.

    python bench/gold/formulations_more/check.py [--dir GOLD_DIR] [gov_work_reports.tar.xz xinwen_lianbo.tar.xz]

``--dir`` names the gold folder to check (default: this file's folder, formulations_more).
"""
import collections
import json
import os
import sys
import tarfile

ARGS = sys.argv[1:]
HERE = os.path.dirname(os.path.abspath(__file__))
if ARGS[:1] == ["--dir"]:
    HERE, ARGS = os.path.abspath(ARGS[1]), ARGS[2:]
TARBALLS = (ARGS[0:2] if len(ARGS) > 1 else
            ["/work/shared/corpus/bulk/gov_work_reports.tar.xz",
             "/work/shared/corpus/bulk/xinwen_lianbo_2022_2026.tar.xz"])
KINDS = ("numbered", "named", "plan")
SPLITS = ("dev", "heldout")
QUOTES = "“”‘’「」『』\""


def load(name):
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main():
    occ, rej, docs = load("formulations.jsonl"), load("rejected.jsonl"), load("documents.jsonl")
    errors = []
    ranges = {}
    for i, d in enumerate(docs):
        if d.get("split") not in SPLITS:
            errors.append(f"doc {i}: bad split {d.get('split')!r}")
        if d["file"] in ranges:
            errors.append(f"doc {i}: {d['file']} listed twice")
        ranges[d["file"]] = (d["start"], d["end"])
    texts = {}
    for tp in TARBALLS:
        with tarfile.open(tp) as tar:
            names = set(tar.getnames())
            for f in ranges:
                if f in names:
                    texts[f] = tar.extractfile(f).read().decode("utf-8")
    for f, (a, b) in ranges.items():
        if f not in texts:
            errors.append(f"document not found in the tarballs: {f}")
        elif not (0 <= a < b <= len(texts[f])):
            errors.append(f"bad range [{a}, {b}) for {f} (len {len(texts[f])})")

    def check_span(tag, i, r):
        f = r.get("file")
        if f not in texts:
            errors.append(f"{tag} {i}: file {f!r} not in documents.jsonl / tarballs")
            return
        a, b = ranges[f]
        if not (a <= r["start"] < r["end"] <= b):
            errors.append(f"{tag} {i}: span [{r['start']}, {r['end']}) outside the range [{a}, {b}) of {f}")
        got = texts[f][r["start"]:r["end"]]
        if got != r["surface"]:
            errors.append(f"{tag} {i}: text[{r['start']}:{r['end']}]={got!r} != {r['surface']!r}")

    for i, r in enumerate(occ):
        for key, typ in (("file", str), ("start", int), ("end", int), ("surface", str),
                         ("slogan", str), ("kind", str), ("quoted", bool)):
            if not isinstance(r.get(key), typ):
                errors.append(f"occ {i}: field {key!r} missing or not {typ.__name__}")
        if r.get("kind") not in KINDS:
            errors.append(f"occ {i}: bad kind {r.get('kind')!r}")
        if "note" in r and not isinstance(r["note"], str):
            errors.append(f"occ {i}: note not a string")
        if any(q in r["slogan"] for q in QUOTES):
            errors.append(f"occ {i}: quotation mark in slogan {r['slogan']!r}")
        check_span("occ", i, r)
    for i, r in enumerate(rej):
        for key, typ in (("file", str), ("start", int), ("end", int), ("surface", str), ("reason", str)):
            if not isinstance(r.get(key), typ):
                errors.append(f"rej {i}: field {key!r} missing or not {typ.__name__}")
        if not r.get("reason"):
            errors.append(f"rej {i}: no reason")
        check_span("rej", i, r)

    by_file = collections.defaultdict(list)
    for r in occ:
        by_file[r["file"]].append(r)
    for f, rs in by_file.items():
        rs.sort(key=lambda r: r["start"])
        for a, b in zip(rs, rs[1:]):
            if b["start"] < a["end"]:
                errors.append(f"overlap in {f}: {a['surface']}@{a['start']} / {b['surface']}@{b['start']}")
        spans = [(r["start"], r["end"]) for r in rs]
        for r in rej:
            if r["file"] == f and any(s < r["end"] and r["start"] < e for s, e in spans):
                errors.append(f"rejection overlaps an occurrence in {f}: {r['surface']}@{r['start']}")

    print(f"{'document':<46} {'split':<8} {'range':>13}  occ  numb  named  plan  quoted  distinct  rej")
    for d in docs:
        f = d["file"]
        rs = by_file.get(f, [])
        k = collections.Counter(r["kind"] for r in rs)
        print(f"{f.split('/', 1)[-1]:<46} {d['split']:<8} {d['start']:>6}-{d['end']:<6} {len(rs):>4}  "
              f"{k['numbered']:>4}  {k['named']:>5}  {k['plan']:>4}  {sum(r['quoted'] for r in rs):>6}  "
              f"{len({r['slogan'] for r in rs}):>8}  {sum(r['file'] == f for r in rej):>3}")
    k = collections.Counter(r["kind"] for r in occ)
    print(f"{'TOTAL':<46} {'':<8} {'':>13} {len(occ):>4}  {k['numbered']:>4}  {k['named']:>5}  {k['plan']:>4}  "
          f"{sum(r['quoted'] for r in occ):>6}  {len({(r['slogan'], r['kind']) for r in occ}):>8}  {len(rej):>3}")
    for s in SPLITS:
        fs = {d["file"] for d in docs if d["split"] == s}
        ks = collections.Counter(r["kind"] for r in occ if r["file"] in fs)
        print(f"split {s}: {len(fs)} documents, {sum(ks.values())} occurrences "
              f"({', '.join(f'{n} {ks[n]}' for n in KINDS)})")
    if errors:
        print(f"\n{len(errors)} problem(s):")
        for e in errors:
            print("  " + e)
        sys.exit(1)
    print("\nall records verified: text[start:end] == surface, spans inside document ranges")


if __name__ == "__main__":
    main()
