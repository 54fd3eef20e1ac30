"""Locate the decisions of annotate_*.py in their texts and write formulations.jsonl, rejected.jsonl,
documents.jsonl (python bench/gold/formulations_extra/locate.py); every occurrence of each surface in
the range is taken, longer surfaces first, never overlapping."""
import importlib.util, json, sys, tarfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
TAR = next(p / "shared/corpus/bulk/gov_work_reports.tar.xz" for p in HERE.parents if (p / "shared/corpus/bulk").is_dir())
QUOTES = "“”‘’「」『』\""


def main():
    occ_rows, rej_rows, docs = [], [], []
    mods = []
    for f in sorted(HERE.glob("annotate_*.py")):
        spec = importlib.util.spec_from_file_location(f.stem, f)
        m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m); mods.append(m)
    with tarfile.open(TAR) as tar:
        texts = {m.FILE: tar.extractfile(m.FILE).read().decode("utf-8") for m in mods}
    for m in mods:
        text = texts[m.FILE]
        end = text.index(m.END_MARK)
        docs.append({"file": m.FILE, "start": 0, "end": end, "split": "dev", "note": m.__doc__.strip()})
        used = bytearray(end)
        for surface, slogan, kind, quoted, note in sorted(m.OCC, key=lambda o: -len(o[0])):
            i, n = text.find(surface, 0, end), 0
            while i >= 0:
                j = i + len(surface)
                q = (i > 0 and text[i - 1] in QUOTES) or text[i] in QUOTES
                if not any(used[i:j]) and (q == quoted or not quoted):
                    used[i:j] = b"\1" * (j - i)
                    row = {"file": m.FILE, "start": i, "end": j, "surface": surface, "slogan": slogan, "kind": kind, "quoted": q}
                    if note:
                        row["note"] = note
                    occ_rows.append(row); n += 1
                i = text.find(surface, i + 1, end)
            if n == 0:
                sys.exit(f"{m.FILE}: {surface} not found")
        for surface, reason in m.REJ:
            i = text.find(surface, 0, end)
            if i < 0:
                sys.exit(f"{m.FILE}: rejected {surface} not found")
            if not any(used[i:i + len(surface)]):
                rej_rows.append({"file": m.FILE, "start": i, "end": i + len(surface), "surface": surface, "reason": reason})
    occ_rows.sort(key=lambda r: (r["file"], r["start"]))
    for name, rows in (("formulations.jsonl", occ_rows), ("rejected.jsonl", rej_rows), ("documents.jsonl", docs)):
        (HERE / name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(len(docs), "documents,", len(occ_rows), "occurrences,", len(rej_rows), "rejections")


if __name__ == "__main__":
    main()
