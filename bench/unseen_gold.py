"""The two independent formulation golds on real documents, by split (shared by the bench scripts).

- ``gansu``: ``bench/gold/formulations_gansu.jsonl`` (8 Gansu city reports, numbered + plan;
  dev = 天水 2023, 定西 2022, 酒泉 2022, 张掖 2022; heldout = the other four).
- ``more``: ``bench/gold/formulations_more/`` (10 documents, numbered + named + plan, annotated
  ranges and the split in ``documents.jsonl``).
- ``extra``: ``bench/gold/formulations_extra/`` (more dev documents annotated for issue 20,
  same format as ``more``; dev only).
- ``wide``: ``bench/gold/formulations_wide/`` (12 documents of other provinces, years and
  新闻联播 days, same format as ``more``; 7 dev, 5 heldout).
- ``dev6``: ``bench/gold/formulations_dev6/`` (10 Gansu and Sichuan city reports, 新疆, 重庆,
  天津 and 新闻联播 days, same format; dev only: training data for the score model).
- ``dev7``: ``bench/gold/formulations_dev7/`` (10 documents: Gansu and Sichuan cities, 海南, 山西,
  湖南, the State Council 2021, 新闻联播 days; same format; dev only, named-heavy).
- ``dev8``: ``bench/gold/formulations_dev8/`` (10 documents: 甘孜, 成都, 乐山, the State Council 2008,
  黑龙江, 内蒙古, 广东, 新闻联播 days; same format; dev; written 2026-12-06 and kept from the
  rules and the score model of that session, as their unseen check; training data from then on).
- ``dev9``: ``bench/gold/formulations_dev9/`` (10 documents: 眉山, 南充, 嘉峪关, 北京 2005, 黑龙江 2014,
  云南 2022, the State Council 2018, 新闻联播 days; same format; dev, named-heavy; written 2026-12-07).
- ``dev10``: ``bench/gold/formulations_dev10/`` (dev, named-heavy; same format; scored unseen by the
  model of issue 20 round 7 before any training on it, training data from then on).
- ``fresh``: ``bench/gold/formulations_fresh/`` (8 documents chosen by a salted hash on
  2026-12-06: Sichuan city reports, 广西, 襄阳, 昌吉州, 新闻联播 days; same format; held-out only).
- ``fresh2``: ``bench/gold/formulations_fresh2/`` (8 documents chosen by a salted hash on
  2026-12-07: Sichuan city reports, reports of three other regions, 新闻联播 days; held-out only).
- ``fresh3``: ``bench/gold/formulations_fresh3/`` (8 documents chosen by a salted hash on
  2026-12-07, second session: Gansu/Sichuan city reports, reports of other regions 2005-2023,
  新闻联播 days; held-out only).

:func:`load` returns ``Doc`` records (file, text, annotated range, kinds judged, gold rows);
nothing of a held-out document is read unless ``split`` asks for it.
"""

from __future__ import annotations

import json
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BULK = next((p / "shared" / "corpus" / "bulk" for p in ROOT.parents if (p / "shared" / "corpus" / "bulk").is_dir()),
            ROOT.parent / "shared" / "corpus" / "bulk")  # ../shared, also from a worktree
TARBALLS = (BULK / "gov_work_reports.tar.xz", BULK / "xinwen_lianbo_2022_2026.tar.xz")
GANSU = ROOT / "bench" / "gold" / "formulations_gansu.jsonl"
GANSU_DEV = ("天水市/2023", "定西市/2022", "酒泉市/2022", "张掖市/2022")
GANSU_HELDOUT = ("庆阳市/2023", "平凉市/2022", "陇南市/2023", "武威市/2023")
FOLDERS = {"more": ROOT / "bench" / "gold" / "formulations_more",
           "extra": ROOT / "bench" / "gold" / "formulations_extra",
           "wide": ROOT / "bench" / "gold" / "formulations_wide",
           "dev6": ROOT / "bench" / "gold" / "formulations_dev6",
           "dev7": ROOT / "bench" / "gold" / "formulations_dev7",
           "dev8": ROOT / "bench" / "gold" / "formulations_dev8",
           "dev9": ROOT / "bench" / "gold" / "formulations_dev9",
           "dev10": ROOT / "bench" / "gold" / "formulations_dev10",
           "dev11": ROOT / "bench" / "gold" / "formulations_dev11",
           "dev12": ROOT / "bench" / "gold" / "formulations_dev12",
           "dev13": ROOT / "bench" / "gold" / "formulations_dev13",
           "fresh": ROOT / "bench" / "gold" / "formulations_fresh",
           "fresh2": ROOT / "bench" / "gold" / "formulations_fresh2",
           "fresh3": ROOT / "bench" / "gold" / "formulations_fresh3",
           "fresh4": ROOT / "bench" / "gold" / "formulations_fresh4",
           "fresh5": ROOT / "bench" / "gold" / "formulations_fresh5",
           "fresh6": ROOT / "bench" / "gold" / "formulations_fresh6",
           "fresh7": ROOT / "bench" / "gold" / "formulations_fresh7",
           "fresh8": ROOT / "bench" / "gold" / "formulations_fresh8",
           "fresh9": ROOT / "bench" / "gold" / "formulations_fresh9",
           "fresh10": ROOT / "bench" / "gold" / "formulations_fresh10",
           "fresh11": ROOT / "bench" / "gold" / "formulations_fresh11"}
GOLDS = ("gansu", "more", "extra", "wide", "dev6", "dev7", "dev8", "dev9", "dev10", "dev11", "dev12", "dev13", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8", "fresh9", "fresh10", "fresh11")


@dataclass
class Doc:
    gold: str  # gansu / more / extra / wide / dev6 / dev7 / dev8 / dev9 / dev10 / dev11 / dev12 / dev13 / fresh / fresh2 / fresh3 / fresh4 / fresh5 / fresh6 / fresh7 / fresh8 / fresh9 / fresh10 / fresh11
    file: str  # tar member name
    split: str
    start: int  # the annotated range [start, end)
    end: int
    kinds: tuple[str, ...]  # the kinds this gold judges
    rows: list[dict] = field(default_factory=list)
    text: str = ""


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def _gansu_split(file: str) -> str | None:
    for split, names in (("dev", GANSU_DEV), ("heldout", GANSU_HELDOUT)):
        if any(f"/{n}." in file for n in names):
            return split
    return None


def documents(split: str, golds=GOLDS) -> list[Doc]:
    """The documents of ``split`` (dev / heldout / all) in the named golds, without their texts."""
    docs: dict[tuple[str, str], Doc] = {}
    if "gansu" in golds:
        for r in _jsonl(GANSU):
            s = _gansu_split(r["file"])
            if split in ("all", s):
                d = docs.setdefault(("gansu", r["file"]), Doc("gansu", r["file"], s, 0, 10**9, ("numbered", "plan")))
                d.rows.append(r)
    for g in FOLDERS:
        folder = FOLDERS[g]
        if g not in golds or not (folder / "documents.jsonl").exists():
            continue
        for d in _jsonl(folder / "documents.jsonl"):
            if split in ("all", d["split"]):
                docs[(g, d["file"])] = Doc(g, d["file"], d["split"], d["start"], d["end"], ("numbered", "named", "plan"))
        for r in _jsonl(folder / "formulations.jsonl"):
            if (g, r["file"]) in docs:
                docs[(g, r["file"])].rows.append(r)
    return sorted(docs.values(), key=lambda d: (d.gold, d.file))


def load(split: str, golds=GOLDS) -> list[Doc]:
    """:func:`documents` with their texts read from the tarballs (in memory)."""
    docs = documents(split, golds)
    wanted = {d.file for d in docs}
    texts = {}
    for tp in TARBALLS:
        with tarfile.open(tp) as tar:
            for m in tar:
                if m.name in wanted:
                    texts[m.name] = tar.extractfile(m).read().decode("utf-8")
    for d in docs:
        d.text = texts[d.file]
        d.end = min(d.end, len(d.text))
    return docs
