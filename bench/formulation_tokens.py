"""How many numbered-formulation occurrences come out as single tokens (issue 10).

Usage (from the repository root)::

    python bench/formulation_tokens.py [--split dev|heldout|all] [--lexicon-rev REV] [--show]

``--split``: the gold's eight reports are split in two. ``dev`` (天水 2023, 定西 2022,
酒泉 2022, 张掖 2022) is what the slogan rules were developed on; ``heldout`` (庆阳 2023,
平凉 2022, 陇南 2023, 武威 2023) was not looked at while developing them. Discovery runs on
the split's reports only (as ``policytext run`` would on that folder). Misses are listed for
``dev`` only, unless ``--show``. ``--lexicon-rev REV`` takes ``lexicons/slogans.txt`` as it
was at git revision REV (e.g. to measure discovery without later lexicon additions).

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
quotation marks written around it, or spans it without quotation marks at its own edges
(the gold writes ``“五治”融合`` with its opening quote; the token ``五治”融合`` keeps it whole).
Prints the share per segmenter and per report, twice: ``strict`` follows the gold, where a
quoted series (``一网通办、一网统管、一网协同``) is one occurrence that only a single token
spanning the 、 would keep whole; ``items`` counts such an occurrence as whole when each of
its items holding a numeral is one token, which is what a token table should do (a token
never holds punctuation).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import tarfile
import tempfile
from collections import defaultdict
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
import sys  # noqa: E402

sys.path.insert(0, str(ROOT))  # this checkout's pipeline, not an installed one
sys.path.insert(0, str(ROOT / "bench"))
import unseen_gold  # noqa: E402  the folder golds (more, wide, dev6.., fresh..)
BULK = next((p / "shared" / "corpus" / "bulk" for p in ROOT.parents if (p / "shared" / "corpus" / "bulk").is_dir()),
            ROOT.parent / "shared" / "corpus" / "bulk") / "gov_work_reports.tar.xz"
GOLD = ROOT / "bench" / "gold" / "formulations_gansu.jsonl"
QUOTES = set("“”‘’「」『』\"'")
# the development half of the gold; the other four reports are held out
DEV = ("天水市/2023", "定西市/2022", "酒泉市/2022", "张掖市/2022")
HELDOUT = ("庆阳市/2023", "平凉市/2022", "陇南市/2023", "武威市/2023")
# a numeral or digit: the items of a quoted series that must be tokens
NUMERAL = re.compile(r"[0-9一二三四五六七八九十两双百千万]")


def in_split(name: str, split: str) -> bool:
    """Whether a gold file belongs to ``split`` (dev, heldout or all)."""
    if split == "all":
        return True
    return any(f"/{r}." in name for r in (DEV if split == "dev" else HELDOUT))


def load(split: str = "all"):
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    gold = [g for g in gold if in_split(g["file"], split)]
    files = sorted({g["file"] for g in gold})
    texts = {}
    with tarfile.open(BULK) as tar:
        for name in files:
            texts[name] = tar.extractfile(name).read().decode("utf-8")
    return gold, texts


def whole(spans: set[tuple[int, int]], text: str, start: int, end: int) -> bool:
    while start < end and text[start] in QUOTES:
        start += 1
    while end > start and text[end - 1] in QUOTES:
        end -= 1
    for s in (start, start - 1):
        for e in (end, end + 1):
            if (s, e) in spans and all(text[i] in QUOTES for i in (*range(s, start), *range(end, e))):
                return True
    return False


def items(g: dict) -> list[tuple[int, int]]:
    """The spans of the numbered items of a quoted series (the whole span when not a series)."""
    if "、" not in g["surface"]:
        return [(g["start"], g["end"])]
    out, pos = [], g["start"]
    for part in g["surface"].split("、"):
        if NUMERAL.search(part):
            out.append((pos, pos + len(part)))
        pos += len(part) + 1
    return out or [(g["start"], g["end"])]


def whole_items(spans: set[tuple[int, int]], text: str, g: dict) -> bool:
    return all(whole(spans, text, s, e) for s, e in items(g))


def lexicon_at(rev: str, tmp: Path) -> Path:
    """A lexicon folder whose slogans.txt is the one at git revision ``rev``."""
    folder = tmp / "lexicons"
    folder.mkdir()
    for f in (ROOT / "lexicons").iterdir():
        if f.is_file():
            (folder / f.name).write_bytes(f.read_bytes())
    old = subprocess.run(["git", "show", f"{rev}:lexicons/slogans.txt"], cwd=ROOT, check=True,
                         capture_output=True).stdout
    (folder / "slogans.txt").write_bytes(old)
    return folder


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
                          protect=protect)
    return set(zip(toks["start"].tolist(), toks["end"].tolist()))


def discovered(texts: dict[str, str], lexicon) -> dict[str, str]:
    from pipeline import ingest, sentences, slogans
    from pipeline.config import Config
    from pipeline.io import RawFile

    cfg = Config()
    docs, _ = ingest.documents([RawFile(name, None, t.encode("utf-8")) for name, t in texts.items()])
    _, candidates, _ = slogans.slogan_tables(docs, sentences.sentences(docs), lexicon=lexicon, config=cfg.slogans)
    return slogans.to_protect(candidates, lexicon, cfg.segment.min_candidate_score)


def main() -> None:
    from pipeline import lexicons

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("dev", "heldout", "all"), default="all")
    ap.add_argument("--lexicon-rev", help="take lexicons/slogans.txt at this git revision")
    ap.add_argument("--show", action="store_true", help="list what is still cut (also for heldout)")
    folders = sorted(unseen_gold.FOLDERS)
    ap.add_argument("--gold", choices=("gansu", *folders), default="gansu",
                    help=f"gansu: formulations_gansu.jsonl; {', '.join(folders)}: formulations_more/, ... "
                         "(numbered and plan rows, inside the annotated ranges)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        lex = lexicons.load(lexicon_at(args.lexicon_rev, Path(tmp))) if args.lexicon_rev else lexicons.load()
    if args.gold in unseen_gold.FOLDERS:
        docs = unseen_gold.load(args.split, (args.gold,))
        gold = [g for d in docs for g in d.rows if g["kind"] in ("numbered", "plan")]
        texts = {d.file: d.text for d in docs}
    else:
        gold, texts = load(args.split)
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
    totals: dict[str, list[int]] = {}
    missed = []
    print(f"split {args.split}: {len(gold)} gold occurrences in {len(texts)} reports; lexicon "
          f"{args.lexicon_rev or 'working tree'} ({len(lex.slogans)} entries); "
          f"{len(protect)} formulations discovered and protected")
    print(f"{'report':<22}" + "".join(f"{m:>28}" for m in methods))
    for name, text in texts.items():
        row = []
        for m, fn in methods.items():
            spans = fn(text)
            hit = sum(whole(spans, text, g["start"], g["end"]) for g in by_file[name])
            hit_items = sum(whole_items(spans, text, g) for g in by_file[name])
            t = totals.setdefault(m, [0, 0, 0])
            t[0] += hit
            t[1] += hit_items
            t[2] += len(by_file[name])
            row.append(f"{hit}/{len(by_file[name])}")
            if m == "ours, lexicon + discovered":
                missed += [g for g in by_file[name] if not whole_items(spans, text, g)]
        short = name.split("/")[-2] + "/" + name.split("/")[-1]
        print(f"{short:<22}" + "".join(f"{r:>28}" for r in row))
    print(f"{'share whole, strict':<22}" + "".join(f"{h / n:>28.3f}" for h, _, n in totals.values()))
    print(f"{'share whole, items':<22}" + "".join(f"{h / n:>28.3f}" for _, h, n in totals.values()))
    if missed and (args.split == "dev" or args.show):
        counts = pd.Series([g["slogan"] for g in missed]).value_counts()
        print("\nstill cut (ours, lexicon + discovered; series counted by items), by formulation:")
        print(", ".join(f"{s}×{n}" for s, n in counts.items()))


if __name__ == "__main__":
    main()
