#!/usr/bin/env python3
"""Validate the metadata gold files (stdlib only).

Checks field types and enums, that every archive member exists in its
.tar.xz, that a 新闻联播 item index exists (0-based over the file's lines that
start with '### '), that fixtures (fixtures*/) exist, that a title (or one of title_alt)
occurs in the source text, and prints counts per doc_type and split.

Usage: python check.py [--corpus DIR] [--gold FILE ...]
(DIR holds gov_work_reports.tar.xz etc.; default: $POLICYTEXT_BULK, else the
first shared/corpus/bulk found walking up from this file.  Without --gold all
gold files are checked together: metadata.jsonl, dev2-14.jsonl, heldout2.jsonl,
heldout3.jsonl, heldout4.jsonl, heldout5.jsonl, heldout6.jsonl, heldout7.jsonl, heldout8.jsonl, heldout9.jsonl, heldout10.jsonl, heldout11.jsonl;
a file/item pair may occur in only one of them.)  Exit status 1 if any error.
"""
import argparse
import collections
import json
import os
import re
import sys
import tarfile

HERE = os.path.dirname(os.path.abspath(__file__))
DOC_TYPES = {"work_report", "newspaper_article", "broadcast_item", "web_article", "other"}
DATE_SOURCES = {"session_line", "front_matter", "dateline", "publish_line", "issue_date", "file_name", "none"}
LEVELS = {"national", "province", "prefecture", "county"}
SPLITS = {"dev", "dev_b", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8", "dev9", "dev10", "dev11", "dev12", "dev13", "dev14", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9", "heldout10", "heldout11"}
HELDOUT = ("heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9", "heldout10", "heldout11")  # each lives only in <split>.jsonl and fixtures_<split>/
GOLD_FILES = ["metadata.jsonl", "dev2.jsonl", "dev3.jsonl", "dev4.jsonl", "dev5.jsonl", "dev6.jsonl", "dev7.jsonl", "dev8.jsonl", "dev9.jsonl", "dev10.jsonl", "dev11.jsonl", "dev12.jsonl", "dev13.jsonl", "dev14.jsonl", "heldout2.jsonl", "heldout3.jsonl", "heldout4.jsonl", "heldout5.jsonl", "heldout6.jsonl", "heldout7.jsonl", "heldout8.jsonl", "heldout9.jsonl", "heldout10.jsonl", "heldout11.jsonl"]
REQUIRED = ["file", "item", "doc_type", "title", "date", "date_source", "year",
            "issuer", "issuer_level", "issuer_code", "split"]
OPTIONAL = {"note", "title_alt"}
ARCHIVES = {"lawtext_gov/": "gov_work_reports.tar.xz",
            "xwlb_duckburn_2022_2026/": "xinwen_lianbo_2022_2026.tar.xz"}
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def find_bulk(arg):
    if arg:
        return arg
    if os.environ.get("POLICYTEXT_BULK"):
        return os.environ["POLICYTEXT_BULK"]
    d = HERE
    while True:
        cand = os.path.join(d, "shared", "corpus", "bulk")
        if os.path.isdir(cand):
            return cand
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def norm(s):
    return re.sub(r"[\s*#　]+", "", s)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", help="directory holding the bulk .tar.xz archives")
    ap.add_argument("--gold", action="append",
                    help="gold file (repeatable); default: " + ", ".join(GOLD_FILES))
    a = ap.parse_args()
    golds = a.gold or [os.path.join(HERE, g) for g in GOLD_FILES if os.path.exists(os.path.join(HERE, g))]
    errors, warnings = [], []
    rows = []
    for g in golds:
        with open(g, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    rows.append((f"{os.path.basename(g)}:{n}", json.loads(line)))
                except json.JSONDecodeError as e:
                    errors.append(f"{os.path.basename(g)} line {n}: bad JSON: {e}")

    seen = set()
    for n, r in rows:
        where = f"{n} ({r.get('file')}#{r.get('item')})"
        for k in REQUIRED:
            if k not in r:
                errors.append(f"{where}: missing {k}")
        for k in r:
            if k not in REQUIRED and k not in OPTIONAL:
                errors.append(f"{where}: unknown field {k}")
        if not isinstance(r.get("file"), str) or not r.get("file"):
            errors.append(f"{where}: file must be a non-empty string")
        if not isinstance(r.get("item"), int) or isinstance(r.get("item"), bool) or r.get("item", -1) < 0:
            errors.append(f"{where}: item must be an int >= 0")
        if r.get("doc_type") not in DOC_TYPES:
            errors.append(f"{where}: doc_type {r.get('doc_type')!r}")
        if not isinstance(r.get("title"), str) or not r.get("title", "").strip():
            errors.append(f"{where}: empty title")
        elif re.search(r"^#|\*\*|您的位置|发布时间|来源：", r["title"]):
            errors.append(f"{where}: title carries chrome: {r['title']}")
        if "title_alt" in r and not (isinstance(r["title_alt"], list) and all(isinstance(t, str) and t for t in r["title_alt"])):
            errors.append(f"{where}: title_alt must be a list of strings")
        d = r.get("date")
        if d is not None and not (isinstance(d, str) and DATE_RE.match(d)):
            errors.append(f"{where}: date {d!r}")
        if r.get("date_source") not in DATE_SOURCES:
            errors.append(f"{where}: date_source {r.get('date_source')!r}")
        if (d is None) != (r.get("date_source") == "none"):
            errors.append(f"{where}: date null iff date_source none")
        y = r.get("year")
        if y is not None and (not isinstance(y, int) or isinstance(y, bool) or not 1900 <= y <= 2100):
            errors.append(f"{where}: year {y!r}")
        if d and isinstance(y, int) and r.get("doc_type") != "work_report" and int(d[:4]) != y:
            errors.append(f"{where}: year {y} != year of date {d} (only work reports may differ)")
        if d and isinstance(y, int) and r.get("doc_type") == "work_report" and not 0 <= y - int(d[:4]) <= 1:
            errors.append(f"{where}: work-report year {y} vs date {d}")
        if not isinstance(r.get("issuer"), str) or not r.get("issuer"):
            errors.append(f"{where}: empty issuer")
        if r.get("issuer_level") not in LEVELS:
            errors.append(f"{where}: issuer_level {r.get('issuer_level')!r}")
        c = r.get("issuer_code")
        if c is not None and not (isinstance(c, str) and re.fullmatch(r"\d{6}", c)):
            errors.append(f"{where}: issuer_code {c!r}")
        if isinstance(c, str) and r.get("issuer_level") == "national" and c != "100000":
            errors.append(f"{where}: national issuer must have code 100000")
        if isinstance(c, str) and r.get("issuer_level") == "province" and not c.endswith("0000"):
            errors.append(f"{where}: province code {c} should end in 0000")
        if isinstance(c, str) and r.get("issuer_level") == "prefecture" and (c.endswith("0000") or not c.endswith("00")):
            errors.append(f"{where}: prefecture code {c} should end in 00 (not 0000)")
        if isinstance(c, str) and r.get("issuer_level") == "county" and c.endswith("00"):
            errors.append(f"{where}: county code {c} should not end in 00")
        if r.get("split") not in SPLITS:
            errors.append(f"{where}: split {r.get('split')!r}")
        for h in HELDOUT:
            if n.startswith(h + ".jsonl") and r.get("split") != h:
                errors.append(f"{where}: rows of {h}.jsonl must have split {h}")
            if r.get("split") == h and not n.startswith(h + ".jsonl"):
                errors.append(f"{where}: split {h} outside {h}.jsonl")
            if isinstance(r.get("file"), str) and r["file"].startswith("fixtures") and r.get("split") == h \
                    and not r["file"].startswith(f"fixtures_{h}/"):
                errors.append(f"{where}: {h} fixtures live in fixtures_{h}/")
            if isinstance(r.get("file"), str) and r["file"].startswith(f"fixtures_{h}/") and r.get("split") != h:
                errors.append(f"{where}: files in fixtures_{h}/ belong to split {h}")
        for d in ("dev5", "dev6", "dev7", "dev8", "dev9", "dev10", "dev11", "dev12", "dev13", "dev14"):
            if n.startswith(d + ".jsonl") and r.get("split") != d:
                errors.append(f"{where}: rows of {d}.jsonl must have split {d}")
            if r.get("split") == d and isinstance(r.get("file"), str) and r["file"].startswith("fixtures") \
                    and not r["file"].startswith(f"fixtures_{d}/"):
                errors.append(f"{where}: {d} fixtures live in fixtures_{d}/")
        key = (r.get("file"), r.get("item"))
        if key in seen:
            errors.append(f"{where}: duplicate file/item")
        seen.add(key)

    # sources
    bulk = find_bulk(a.corpus)
    members = collections.defaultdict(set)
    for n, r in rows:
        members[r.get("file")].add(r.get("item"))
    texts = {}
    for prefix, arch in ARCHIVES.items():
        wanted = {f for f in members if isinstance(f, str) and f.startswith(prefix)}
        if not wanted:
            continue
        path = os.path.join(bulk, arch) if bulk else None
        if not path or not os.path.exists(path):
            errors.append(f"archive {arch} not found (use --corpus)")
            continue
        with tarfile.open(path, "r:xz") as t:
            for m in t:
                if m.name in wanted and m.isfile():
                    texts[m.name] = t.extractfile(m).read().decode("utf-8")
        for f in sorted(wanted - set(texts)):
            errors.append(f"member not in {arch}: {f}")
    for f in members:
        if isinstance(f, str) and f.startswith("fixtures"):
            p = os.path.join(HERE, f)
            if os.path.exists(p):
                with open(p, encoding="utf-8") as fh:
                    texts[f] = fh.read()
            else:
                errors.append(f"fixture missing: {f}")
    fx_dirs = sorted({f.split("/")[0] for f in members if isinstance(f, str) and f.startswith("fixtures")})
    for d in fx_dirs:
        fx_dir = os.path.join(HERE, d)
        if os.path.isdir(fx_dir):
            for name in sorted(os.listdir(fx_dir)):
                if (d + "/" + name, 0) not in seen:
                    warnings.append(f"fixture without a gold row: {d}/{name}")

    for n, r in rows:
        f, i = r.get("file"), r.get("item")
        if f not in texts:
            continue
        text = texts[f]
        where = f"{n} ({f}#{i})"
        if f.startswith("xwlb_"):
            heads = [l[4:].strip() for l in text.splitlines() if l.startswith("### ")]
            if not isinstance(i, int) or i >= len(heads):
                errors.append(f"{where}: item index out of range (file has {len(heads)} ### items)")
                continue
            scope = heads[i]
        else:
            if i != 0:
                errors.append(f"{where}: single-document file must have item 0")
            scope = text
        titles = [r.get("title", "")] + list(r.get("title_alt") or [])
        if not any(norm(t) and norm(t) in norm(scope) for t in titles if isinstance(t, str)):
            warnings.append(f"{where}: neither title nor title_alt found in the source text")

    # counts
    by = collections.Counter((r.get("doc_type"), r.get("split")) for _, r in rows)
    files = {r.get("file") for _, r in rows}
    print(f"{len(rows)} documents from {len(files)} files")
    splits = [s for s in ("dev", "dev_b", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8", "dev9", "dev10", "dev11", "dev12", "dev13", "dev14", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9", "heldout10", "heldout11") if any(k[1] == s for k in by)]
    print(f"{'doc_type':18} " + " ".join(f"{s:>8}" for s in splits) + f" {'total':>6}")
    for dt in sorted(DOC_TYPES):
        print(f"{dt:18} " + " ".join(f"{by[(dt, s)]:>8}" for s in splits) + f" {sum(by[(dt, s)] for s in splits):>6}")
    src = collections.Counter(r.get("date_source") for _, r in rows)
    print("date_source:", dict(sorted(src.items())))
    lv = collections.Counter(r.get("issuer_level") for _, r in rows)
    print("issuer_level:", dict(sorted(lv.items())))
    for w in warnings:
        print("WARNING:", w)
    for e in errors:
        print("ERROR:", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
