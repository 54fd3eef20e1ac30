"""Robustness of the date, year and document-type rules: every dev document whose date comes
from a session line, a publish line or a masthead, rewritten in ways a real page or report
prints the same evidence, is scored again against its gold (date, date_source, year, doc_type).

Perturbations (each applied alone, only where the document has the shape):

- work reports (archive members and fixtures whose gold date is a ``session_line``), on the
  session line: ``session_cn`` its date in Chinese numerals (二〇二三年一月九日);
  ``session_wrap`` the line broken after 人民代表大会 (or after 届); ``session_brackets`` the
  dash replaced by brackets around the line; ``session_spaces`` spaces inside the date
  (2023 年 1 月 9 日); ``session_no_dash`` the leading dash left out.
- pages (gold ``publish_line``), on the publish line: ``publish_seconds`` a clock time with
  seconds (09:12 → 09:12:00, or one added); ``publish_cn`` an ISO date in 年月日;
  ``headline_date`` a publish line that is a date alone printed at the end of the headline line.
- newspaper pages (gold ``issue_date``) with a one-line masthead ``报名 日期 星期 版``:
  ``masthead_order`` the date and weekday printed first, then the paper and the page.

Only dev splits (never a held-out one): prints, per perturbation, how many documents keep every
scored field, and each field that changed.

    python bench/perturb_dates.py
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from pipeline import ingest  # noqa: E402
from pipeline.io import RawFile  # noqa: E402
import score_metadata as sm  # noqa: E402

DEV = ("dev", "dev_b", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7")
FIELDS = ("doc_type", "title", "date", "date_source", "year")
_CN = "〇一二三四五六七八九"
# a session line: ——2023年1月9日在…人民代表大会…上 (bold marks and brackets allowed)
_SESSION = re.compile(r"^(?P<pre>[* \t]*)(?P<dash>[—─―\-－]*)[ \t]*(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日"
                      r"(?P<rest>[ \t]*在[^，。\n]{2,60}?(?:人民代表大会|人大)[^，。\n]{0,40}?上)(?P<post>[* \t]*)$", re.M)
# a publish line opening with an ISO date and a clock time
_PUBLISH_TIME = re.compile(r"^(?P<d>\d{4}-\d{2}-\d{2})(?P<t>\s+\d{1,2}:\d{2})(?P<s>:\d{2})?", re.M)
# a date alone on a line: 2023-01-05 / 2023年1月5日 (a time may follow)
_DATE_ALONE = re.compile(r"^\d{4}(?:-\d{2}-\d{2}|年\d{1,2}月\d{1,2}日)(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
# a one-line masthead: 甘肃日报 2023年2月2日 星期四 第3版
_MASTHEAD = re.compile(r"^(?P<pub>[^\s|｜]{2,10}?(?:日报|晚报|报))\s+(?P<date>\d{4}年\d{1,2}月\d{1,2}日)\s+(?P<wd>星期[一二三四五六日天])(?P<page>\s+第?\s*[A-Z]?\d+\s*版.*)?$", re.M)


def cn_number(n: int) -> str:
    """一 … 三十一 (a month or a day in Chinese numerals)."""
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else _CN[tens]) + "十" if tens else "") + (_CN[ones] if ones else "")


def report_perturbations(text: str):
    m = next((m for m in _SESSION.finditer(text) if m.start() < 3000), None)
    if not m:
        return
    y, mo, d = m["y"], int(m["m"]), int(m["d"])

    def line(date: str, *, dash: str | None = None, open_: str = "", close: str = "", rest: str | None = None) -> str:
        return (text[:m.start()] + m["pre"] + (m["dash"] if dash is None else dash) + open_ + date
                + (m["rest"] if rest is None else rest) + close + m["post"] + text[m.end():])

    digits = f"{y}年{m['m']}月{m['d']}日"
    yield "session_cn", line("".join(_CN[int(c)] for c in y) + f"年{cn_number(mo)}月{cn_number(d)}日")
    rest = m["rest"]
    cut = rest.find("人民代表大会") + len("人民代表大会") if "人民代表大会" in rest else rest.find("届") + 1
    if 0 < cut < len(rest) - 1:
        yield "session_wrap", line(digits, rest=rest[:cut] + "\n" + rest[cut:])
    if m["dash"]:
        yield "session_brackets", line(digits, dash="", open_="（", close="）")
        yield "session_no_dash", line(digits, dash="")
    yield "session_spaces", line(f"{y} 年 {m['m']} 月 {m['d']} 日 ")


def page_perturbations(text: str, gold: dict):
    if gold["date_source"] == "publish_line":
        m = _PUBLISH_TIME.search(text)
        if m:
            new = m["d"] + m["t"] + ("" if m["s"] else ":00")
            yield "publish_seconds", text[:m.start()] + new + text[m.end():]
        t = re.sub(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)", lambda g: f"{g[1]}年{int(g[2])}月{int(g[3])}日", text)
        if t != text:
            yield "publish_cn", t
        lines = text.split("\n")
        title = gold["title"]
        at = [i for i, l in enumerate(lines) if l.strip() == title]
        if at:
            i = at[0]
            j = next((k for k in range(i + 1, min(i + 4, len(lines))) if lines[k].strip()), None)
            if j is not None and _DATE_ALONE.match(lines[j].strip()):
                yield "headline_date", "\n".join(lines[:i] + [lines[i] + "\u3000\u3000" + lines[j].strip()] + lines[j + 1:])
    if gold["date_source"] == "issue_date":
        m = _MASTHEAD.search(text)
        if m:
            yield "masthead_order", text[:m.start()] + f"{m['date']} {m['wd']} {m['pub']}{m['page'] or ''}" + text[m.end():]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", action="append", choices=DEV)
    ap.add_argument("--bulk", type=Path, default=sm.BULK, help="folder of the .tar.xz archives")
    a = ap.parse_args(argv)
    stats: dict[str, list[int]] = {}
    misses = []
    for split in a.split or [s for s in DEV if (sm.GOLD / sm.SPLITS[s][0]).exists()]:
        recs = [r for r in sm.records(split) if not r["file"].startswith("xwlb_")]
        files = sm.read_files(recs, a.bulk)
        for r in recs:
            text = files[r["file"]].decode("utf-8")
            variants = [*report_perturbations(text)] if r["date_source"] == "session_line" else []
            variants += [*page_perturbations(text, r)] if not r["file"].startswith("lawtext_") else []
            for name, t in variants:
                docs, _ = ingest.documents([RawFile(r["file"], None, t.encode("utf-8"))])
                bad = sm.misses_of_one(docs, {k: r[k] for k in FIELDS})
                sm.tally(stats, misses, name, r["file"], bad)
    for name, (ok, n) in stats.items():
        print(f"{name:17s} {ok:3d}/{n:<3d} documents keep doc_type, title, date, date_source and year")
    for m in misses:
        print("  -", m)
    return 0


if __name__ == "__main__":
    sys.exit(main())
