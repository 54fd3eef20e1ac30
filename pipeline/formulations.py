"""Formulations mined from an archive of reports: the knowledge base of established 提法.

:func:`mine` reads ``(name, text)`` pairs (``io.archive_texts`` of a folder or a ``.tar.xz``),
takes every quoted string the slogan rules accept as a formulation (``classify_quoted``),
counts per canonical form the documents, regions (the file's folder) and years (in its
name) that quote it, then, over the whole archive, the documents that write it at all,
quoted or not (``quoted_share`` = documents quoting it / documents writing it). The
contract's exclusions are applied as named rules (:data:`EXCLUSIONS`), and what remains,
seen in ``min_regions`` regions or more, is the table ``lexicons/formulations_mined.tsv``
(``policytext lexicon mine``). The slogans stage matches these formulations wherever a
text writes them, quoted or not; the score model decides how far to trust each.

Deterministic: documents are processed in name order and merged in that order, whatever
the number of workers.

>>> t = mine([("甲/2020.md", "推进“三抓三促”，“一体化”发展"), ("乙/2021.md", "三抓三促；一体化"),
...           ("丙/2022.md", "落实“三抓三促”")], min_regions=2)
>>> list(t["formulation"]), list(t["n_regions"]), list(t["quoted_share"])
(['三抓三促'], [2], [0.667])
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import ahocorasick
import pandas as pd

from pipeline import patterns as P
from pipeline import slogan_rules as R

COLUMNS = ("formulation", "kind", "n_docs", "n_regions", "first_year", "last_year", "quoted_share", "example")
# YAML front matter at the top of a report (its title repeats the text)
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
# a year in a file name (2021.md, 20221002.md)
NAME_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})")
# rankings and grades (500强, 5A, 3A级), versions (4.0), dates used as names (7·23, 9.28)
RANK_GRADE = re.compile(r"^[0-9]+(?:强|A|AAA|星|级)|^[0-9]+[A-Za-z]$|[0-9][·.．][0-9]")
# a set label: 一 + one or two characters, alone (一中心, 一核, 一带, 一体): part of a longer formulation
# quotation marks and spaces, dropped before counting where a mined string is written
_QUOTES_SPACES = re.compile(rf"[{P.QUOTES}\s]")
SET_LABEL_ONE = re.compile(rf"^一[{P.CJK_UNIFIED}]{{1,2}}$")


@dataclass(frozen=True)
class Quoted:
    formulation: str
    kind: str
    example: str  # the clause around the first quotation in the document


def region_year(name: str) -> tuple[str, int | None]:
    """The region (the file's folder) and the year (in its name) of an archive member.

    >>> region_year("lawtext_gov/政府工作报告-其他地市/白城市/2021.md")
    ('白城市', 2021)
    """
    parts = name.split("/")
    m = NAME_YEAR.search(parts[-1])
    return (parts[-2] if len(parts) > 1 else ""), (int(m.group(1)) if m else None)


def quoted_formulations(text: str) -> list[Quoted]:
    """The quoted strings of one text that the slogan rules accept, in text order."""
    text = R.fold_width(FRONT_MATTER.sub("", text))
    out = []
    for m in R.QUOTED.finditer(text):
        content = next(g for g in m.groups() if g is not None)
        if "、" in content or not 2 <= len(content) <= 12:
            continue
        after = text[m.end():m.end() + 6]
        v = R.classify_quoted(content, after)
        if v.reject or not v.canonical:
            continue
        s = v.canonical
        if v.kind == "numbered" and len(s) <= 3 and not v.suffix:
            done = next((w for w in R.COMPLETING if after.startswith(w)), "")
            s += done
        a = max(text.rfind(c, 0, m.start()) for c in "。；！？\n") + 1
        b = min([i for i in (text.find(c, m.end()) for c in "。；！？\n") if i >= 0] or [len(text)])
        out.append(Quoted(s, v.kind, text[max(a, m.start() - 40):min(b + 1, m.end() + 40)].strip()))
    return out


def _quoted_chunk(docs: list[tuple[str, str]]) -> list[tuple[str, list[Quoted]]]:
    return [(name, quoted_formulations(text)) for name, text in docs]


_WORDS: list = [None]  # the automaton of a counting worker


def _init_counter(words: list[str]) -> None:
    a = ahocorasick.Automaton()
    for w in words:
        a.add_word(w, w)
    a.make_automaton()
    _WORDS[0] = a


def _written_chunk(docs: list[tuple[str, str]]) -> list[set[str]]:
    """Per document, the mined strings it writes anywhere (quoted or not)."""
    a = _WORDS[0]
    out = []
    for _, text in docs:
        norm = _QUOTES_SPACES.sub("", R.fold_width(FRONT_MATTER.sub("", text)))
        out.append({w for _, w in a.iter(norm)} if len(a) else set())
    return out


def _chunks(docs: list, size: int = 40) -> list[list]:
    return [docs[i:i + size] for i in range(0, len(docs), size)]


def _map(fn, chunks, workers: int, init=None, initargs=()):
    if workers <= 1:
        if init:
            init(*initargs)
        return [fn(c) for c in chunks]
    import multiprocessing as mp

    with mp.get_context("spawn").Pool(workers, initializer=init, initargs=initargs) as pool:
        return pool.map(fn, chunks, chunksize=1)  # results in chunk order: deterministic


def exclusion(formulation: str, kind: str, n_regions: int, quoted_share: float) -> str:
    """Why a mined string is not an established formulation ("" when it is one); the rules of
    :data:`EXCLUSIONS` in order."""
    for name, rule in EXCLUSIONS:
        if rule(formulation, kind, quoted_share, n_regions):
            return name
    return ""


def _ordinary_word(s: str, kind: str, share: float, n_regions: int) -> bool:
    # quoted once in a while but mostly written plainly (一体化, 一带, 卡脖子 …): under 5% of the
    # documents that write it quote it (2% when 20+ regions quote it: 扫黑除恶); a numbered
    # pattern (两个维护) needs less than 1%
    if kind == "numbered" and R.structure(s) == "pattern":
        return share < 0.01
    return share < (0.02 if n_regions >= 20 else 0.05)


# the contract's exclusions applied to the mined list, in order (name, rule(s, kind, share, regions))
EXCLUSIONS = (
    ("count of measures", lambda s, k, q, n: bool(R.CN_COUNT_ONLY.match(s) or re.match(r"^[0-9]+[条项]$", s))),
    ("ranking, grade, version or date", lambda s, k, q, n: bool(RANK_GRADE.search(s))),
    ("magnitude or achievement label", lambda s, k, q, n: bool(R.MAGNITUDE.match(s))),
    ("set label (一 + one or two characters)", lambda s, k, q, n: bool(SET_LABEL_ONE.match(s)) and R.parse_numeral_pattern(s, 0) is None),
    ("idiom or dictionary word", lambda s, k, q, n: k != "plan" and (R.is_idiom(s) or R.is_common_word(s, 3))),
    ("ordinary word, rarely quoted", _ordinary_word),
)


def mine(documents, *, min_regions: int = 3, workers: int = 1, with_excluded: bool = False) -> pd.DataFrame:
    """The mined formulations of ``documents`` (``(name, text)`` pairs): columns :data:`COLUMNS`,
    ranked by regions, documents, then the formulation. See the module docstring.
    ``with_excluded``: keep the excluded strings too, with the rule that excluded them in a
    column ``excluded`` (for review)."""
    docs = sorted(documents)
    per_doc = [x for part in _map(_quoted_chunk, _chunks(docs), workers) for x in part]
    agg: dict[str, dict] = {}
    for name, found in per_doc:
        region, year = region_year(name)
        for q in found:
            a = agg.get(q.formulation)
            if a is None:
                a = agg[q.formulation] = {"kinds": defaultdict(int), "docs": set(), "regions": set(), "years": set(),
                                          "example": q.example}
            a["kinds"][q.kind] += 1
            a["docs"].add(name)
            a["regions"].add(region)
            if year is not None:
                a["years"].add(year)
    wide = sorted(s for s, a in agg.items() if len(a["regions"]) >= min_regions)
    written: dict[str, int] = defaultdict(int)
    for part in _map(_written_chunk, _chunks(docs), workers, _init_counter, (wide,)):
        for found in part:
            for s in found:
                written[s] += 1
    rows = []
    for s in wide:
        a = agg[s]
        kind = max(sorted(a["kinds"]), key=lambda k: a["kinds"][k])
        share = round(len(a["docs"]) / max(written[s], len(a["docs"])), 3)
        why = exclusion(s, kind, len(a["regions"]), share)
        if why and not with_excluded:
            continue
        years = sorted(a["years"])
        rows.append((s, kind, len(a["docs"]), len(a["regions"]), years[0] if years else None,
                     years[-1] if years else None, share, re.sub(r"\s+", " ", a["example"])) + ((why,) if with_excluded else ()))
    table = pd.DataFrame(rows, columns=list(COLUMNS) + (["excluded"] if with_excluded else []))
    table = table.astype({"n_docs": "int64", "n_regions": "int64", "first_year": "Int64", "last_year": "Int64",
                          "quoted_share": "float64"})
    return table.sort_values(["n_regions", "n_docs", "formulation"], ascending=[False, False, True],
                             kind="mergesort").reset_index(drop=True)


def mine_tsv(table: pd.DataFrame, *, source: str, command: str, date: str) -> str:
    """The text of ``formulations_mined.tsv``: a commented header (provenance, the command, the
    date, the columns), then one tab-separated line per formulation."""
    head = [
        "# Formulations mined from an archive of reports (policytext lexicon mine; pipeline/formulations.py).",
        f"# source: {source}",
        f"# command: {command}",
        f"# date: {date}",
        f"# {len(table)} formulations quoted in reports of 3+ regions, after the contract's exclusions",
        "# (counts of measures, rankings/grades/versions/dates, magnitudes, 一X set labels, idioms and",
        "# dictionary words, ordinary words rarely quoted: quoted_share = documents quoting it / documents writing it).",
        "# The slogans stage matches them quoted or not; its score model decides how far to trust each.",
        "\t".join(COLUMNS),
    ]
    lines = []
    for r in table.itertuples(index=False):
        vals = ["" if pd.isna(v) else str(v) for v in r]
        vals[-1] = vals[-1].replace("\t", " ")
        lines.append("\t".join(vals))
    return "\n".join(head + lines) + "\n"


def mine_archive(corpus, out, *, min_regions: int = 3, workers: int = 1, command: str = "", date: str = ""):
    """Mine the reports of ``corpus`` (a folder or a tar archive) and write ``out`` (see
    :func:`mine_tsv`): the function behind ``policytext lexicon mine``. Returns the table."""
    import datetime

    from pipeline import io

    table = mine(io.archive_texts(corpus), min_regions=min_regions, workers=workers)
    io.write_atomic(out, mine_tsv(table, source=str(corpus).replace("\\", "/").split("/")[-1],
                                  command=command or f"policytext lexicon mine --corpus {corpus}",
                                  date=date or datetime.date.today().isoformat()).encode("utf-8"))
    return table


def read_mined(lines) -> dict[str, "MinedEntry"]:
    """The entries of a ``formulations_mined.tsv`` (its lines), by formulation."""
    out = {}
    header = None
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        f = line.split("\t")
        if header is None:
            header = f
            continue
        r = dict(zip(header, f))
        out[r["formulation"]] = MinedEntry(r["kind"], int(r["n_docs"]), int(r["n_regions"]),
                                           float(r["quoted_share"]))
    return out


@dataclass(frozen=True)
class MinedEntry:
    kind: str
    n_docs: int
    n_regions: int
    quoted_share: float
