"""Check the gold annotation of numbered formulations in 8 Gansu city work reports.

Reads the report texts straight from the corpus tarball (in memory, nothing is
unpacked) and verifies every record of formulations_gansu.jsonl and
formulations_gansu_rejected.jsonl: text[start:end] == surface, field types,
kind values, no overlapping occurrence spans, no occurrence also listed as a
rejection. Prints counts per file. Exit status 1 on any problem.

    python bench/gold/check_formulations.py [path/to/gov_work_reports.tar.xz]
"""
import collections
import json
import os
import sys
import tarfile

HERE = os.path.dirname(os.path.abspath(__file__))
TARBALL = (sys.argv[1] if len(sys.argv) > 1
           else "/work/shared/corpus/bulk/gov_work_reports.tar.xz")
OCC = os.path.join(HERE, "formulations_gansu.jsonl")
REJ = os.path.join(HERE, "formulations_gansu_rejected.jsonl")


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main():
    occ, rej = load(OCC), load(REJ)
    members = sorted({r["file"] for r in occ} | {r["file"] for r in rej})
    texts = {}
    with tarfile.open(TARBALL) as tar:
        for m in members:
            texts[m] = tar.extractfile(m).read().decode("utf-8")
    errors = []
    for i, r in enumerate(occ):
        for key, typ in (("file", str), ("start", int), ("end", int), ("surface", str),
                         ("slogan", str), ("kind", str), ("quoted", bool)):
            if not isinstance(r.get(key), typ):
                errors.append(f"occ {i}: field {key!r} missing or not {typ.__name__}")
        if r.get("kind") not in ("numbered", "plan"):
            errors.append(f"occ {i}: bad kind {r.get('kind')!r}")
        t = texts[r["file"]]
        if t[r["start"]:r["end"]] != r["surface"]:
            errors.append(f"occ {i}: text[{r['start']}:{r['end']}]={t[r['start']:r['end']]!r} != {r['surface']!r}")
        if any(q in r["slogan"] for q in "“”‘’「」『』\""):
            errors.append(f"occ {i}: quotation mark in slogan {r['slogan']!r}")
    for i, r in enumerate(rej):
        t = texts[r["file"]]
        if t[r["start"]:r["end"]] != r["surface"]:
            errors.append(f"rej {i}: text[{r['start']}:{r['end']}] != {r['surface']!r}")
        if not r.get("reason"):
            errors.append(f"rej {i}: no reason")
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
    print(f"{'file':<44} occ  distinct  quoted  plan  rejected")
    for f in members:
        rs = by_file.get(f, [])
        print(f"{f.split('/', 2)[-1]:<44} {len(rs):>3}  {len({r['slogan'] for r in rs}):>8}  "
              f"{sum(r['quoted'] for r in rs):>6}  {sum(r['kind'] == 'plan' for r in rs):>4}  "
              f"{sum(r['file'] == f for r in rej):>8}")
    print(f"{'TOTAL':<44} {len(occ):>3}  {len({(r['slogan'], r['kind']) for r in occ}):>8}  "
          f"{sum(r['quoted'] for r in occ):>6}  {sum(r['kind'] == 'plan' for r in occ):>4}  {len(rej):>8}")
    if errors:
        print(f"\n{len(errors)} problem(s):")
        for e in errors:
            print("  " + e)
        sys.exit(1)
    print("\nall records verified: text[start:end] == surface")


if __name__ == "__main__":
    main()
