"""Formulations mined from an archive of reports: the knowledge base of established 提法.

:func:`mine` reads ``(name, text)`` pairs (``io.archive_texts`` of a folder or a ``.tar.xz``),
takes every quoted string the slogan rules accept as a formulation (``classify_quoted``) or
reject only as a dictionary word (evidence ``quoted word``: 米袋子, 菜篮子), and, given the heads
of named campaigns (``lexicons/formulation_heads.txt``), the unquoted names written before them
(evidence ``head``: 党史学习教育, :func:`headed_names`); it counts per canonical form the
documents, regions (the file's folder) and years (in its name) that quote it, then, over the
whole archive, the documents that write it at all, quoted or not (``quoted_share`` = documents quoting it / documents writing it;
``n_national``, ``n_written_regions``: the national documents and the regions writing it; ``whole_share``: the
share of its occurrences that cut no dictionary word, :func:`whole_word`). The
contract's exclusions are applied as named rules (:data:`EXCLUSIONS`), and what remains,
seen in ``min_regions`` regions or more, with the phrase model's ``phrase_score`` of each and the
national phrases the model trusts (evidence ``national phrase``: phrases of the State Council's
reports, scored as phrases from their use across the archive, see :func:`phrase_stats`), is the
table ``lexicons/formulations_mined.tsv``
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

import math
import re
from collections import defaultdict
from dataclasses import dataclass

import ahocorasick
import pandas as pd

from pipeline import patterns as P
from pipeline import slogan_rules as R

COLUMNS = ("formulation", "kind", "n_docs", "n_regions", "first_year", "last_year", "quoted_share", "example", "evidence",
           "n_national", "n_written_regions", "whole_share", "phrase_score")
# evidence: how the archive shows it is a formulation. quoted: the slogan rules accept it quoted;
# quoted word: a dictionary word writers quote (米袋子, 菜篮子), kept when most documents writing it
# quote it; head: a run of nouns before the head of a named campaign (党史学习教育, 全球发展倡议),
# written unquoted in reports of several regions; national phrase: a phrase of the State Council's
# reports whose phrase_score (the phrase model, phrase_scores.json) reaches the model's min_score
EVIDENCE = ("quoted", "quoted word", "head", "national phrase")
# quotations classify_quoted rejects only as dictionary words: mined with evidence "quoted word"
DICTIONARY_REJECTIONS = ("ordinary word", "ordinary word with a numeral")
# a quoted dictionary word is a formulation when at least this share of the documents writing it quote it
QUOTED_WORD_SHARE = 0.5
# a headed name: the run of nouns before a head holds 2 to this many characters
HEAD_PREFIX = 8
# a headed name is a run of words of these tags in jieba's dictionary (nouns, abbreviations, set phrases, verbal
# and adjectival nouns, distinguishing words, numerals: 八项规定精神); any other word (a verb, an adverb, a particle …)
# or a character outside the dictionary stops it: 开展|党史学习教育, 深化|…, 的|…
NAME_TAGS = frozenset(("n", "ng", "nl", "ns", "nt", "nz", "nr", "nrt", "nrfg", "j", "l", "vn", "an", "b", "m"))
# a headed name's left edge: the word before it is the same one in at most this share of its
# occurrences (路线教育实践活动 always follows 群众: not an edge)
HEAD_EDGE_SHARE = 0.5
# a national source: the State Council's own reports (the archive's folder 政府工作报告-国务院). A
# formulation they write, quoted or not, is a national one, which the contract counts wherever it
# occurs (column n_national: the national documents writing it)
NATIONAL_REGION = re.compile(r"国务院")
# a headed name written in this many national documents is established whatever its regions (one
# national report also writes descriptions before a head: 中国政府倡议, 和平倡议)
HEAD_NATIONAL_DOCS = 2
# YAML front matter at the top of a report (its title repeats the text)
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
# a year in a file name (2021.md, 20221002.md)
NAME_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})")
# rankings and grades (500强, 5A, 3A级), versions (4.0), dates used as names (7·23, 9.28)
RANK_GRADE = re.compile(r"^[0-9]+(?:强|A|AAA|星|级)|^[0-9]+[A-Za-z]$|[0-9][·.．][0-9]")
# a set label: 一 + one or two characters, alone (一中心, 一核, 一带, 一体): part of a longer formulation
# quotation marks and spaces, dropped before counting where a mined string is written
_QUOTES_SPACES = re.compile(rf"[{P.QUOTES}\s]")
CJK_CHAR = re.compile(f"[{P.CJK}]")
SET_LABEL_ONE = re.compile(rf"^一[{P.CJK_UNIFIED}]{{1,2}}$")


@dataclass(frozen=True)
class Quoted:
    formulation: str
    kind: str
    example: str  # the clause around the first quotation in the document
    evidence: str = "quoted"  # quoted / quoted word (see EVIDENCE)


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
        evidence = "quoted"
        if v.reject in DICTIONARY_REJECTIONS and not R.is_idiom(content):
            s = R.canonical(content)
            v, evidence = R.Verdict("named" if R.structure(s) == "named" else "numbered", "", s), "quoted word"
        if v.reject or not v.canonical:
            continue
        s = v.canonical
        if v.kind == "numbered" and len(s) <= 3 and not v.suffix and evidence == "quoted":
            done = next((w for w in R.COMPLETING if after.startswith(w)), "")
            s += done
        out.append(Quoted(s, v.kind, _clause(text, m.start(), m.end()), evidence))
    return out


def _clause(text: str, start: int, end: int) -> str:
    """The clause around ``text[start:end]`` (at most 40 characters either side)."""
    a = max(text.rfind(c, 0, start) for c in "。；！？\n") + 1
    b = min([i for i in (text.find(c, end) for c in "。；！？\n") if i >= 0] or [len(text)])
    return text[max(a, start - 40):min(b + 1, end + 40)].strip()


_HEADS: list = [None, None]  # the heads of a mining worker and their pattern


def _init_heads(heads: tuple[str, ...]) -> None:
    _HEADS[:] = [heads, re.compile("|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True)))
                 if heads else None]


def headed_names(text: str, heads: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """Every name a text writes before a head of :data:`heads` (``formulation_heads.txt``), as
    ``(name, the word left of it or "", clause)``: each run of dictionary nouns right before the
    head (at least 2 characters, at most :data:`HEAD_PREFIX`), cut back word by word, so that
    the miner can tell where the name starts (see :func:`mine`).

    >>> [n for n, _, _ in headed_names("扎实开展党史学习教育。", ("学习教育",))]
    ['党史学习教育']
    """
    if _HEADS[0] != heads:
        _init_heads(heads)
    pattern = _HEADS[1]
    if pattern is None:
        return []
    text = R.fold_width(FRONT_MATTER.sub("", text))
    w = R.jieba_words()
    out = []
    prev = 0
    for m in pattern.finditer(text):
        lo, j, tokens, stopped = max(prev, m.start() - HEAD_PREFIX - 6), m.start(), [], True
        while j > lo:
            if not CJK_CHAR.match(text[j - 1]):
                break
            k = next((k for k in range(min(6, j - lo), 1, -1) if w.get(text[j - k:j], (0, ""))[0] >= 3), 1)
            tok = text[j - k:j]
            if w.get(tok, (0, "x"))[1] not in NAME_TAGS:
                break
            if m.start() - (j - k) > HEAD_PREFIX:
                stopped = False  # cut by the length limit: the longest name has no known left edge
                break
            tokens.append(tok)
            j -= k
        clause = None
        for i in range(1, len(tokens) + 1):
            prefix = "".join(reversed(tokens[:i]))
            if not 2 <= len(prefix) <= HEAD_PREFIX:
                continue
            clause = clause or _clause(text, m.start() - len(prefix), m.end())
            out.append((prefix + m.group(), tokens[i] if i < len(tokens) else ("" if stopped else "…"), clause))
    return out


def _headed_chunk(docs: list[tuple[str, str]]) -> list[list[tuple[str, str, str]]]:
    return [headed_names(text, _HEADS[0] or ()) for _, text in docs]


def _quoted_chunk(docs: list[tuple[str, str]]) -> list[tuple[str, list[Quoted]]]:
    return [(name, quoted_formulations(text)) for name, text in docs]


_WORDS: list = [None, None]  # the words of a counting worker and their automaton


def _init_counter(words: tuple[str, ...]) -> None:
    if _WORDS[0] == words:  # built by an earlier task of this worker
        return
    a = ahocorasick.Automaton()
    for w in words:
        a.add_word(w, w)
    a.make_automaton()
    _WORDS[:] = [words, a]


def _written_chunk(docs: list[tuple[str, str]]) -> list[dict[str, list[int]]]:
    """Per document, the mined strings it writes anywhere (quoted or not), each with
    ``[occurrences, occurrences that cut no dictionary word at their edges]`` (:func:`whole_word`)."""
    a = _WORDS[1]
    out = []
    for _, text in docs:
        norm = _QUOTES_SPACES.sub("", R.fold_width(FRONT_MATTER.sub("", text)))
        found: dict[str, list[int]] = {}
        if len(a):
            for end, w in a.iter(norm):
                c = found.setdefault(w, [0, 0])
                c[0] += 1
                c[1] += whole_word(norm, end + 1 - len(w), end + 1)
        out.append(found)
    return out


def whole_word(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` cuts no word of jieba's dictionary at its edges
    (:func:`~pipeline.slogan_rules.cuts_word`; whole_share: the share of a formulation's
    occurrences in the archive that cut none, as ``slogan_scores.occurrence`` reads one).

    >>> whole_word("增强省会功能", 1, 4), whole_word("实施强省会行动", 2, 5)
    (False, True)
    """
    return not (R.cuts_word(text, start) or R.cuts_word(text, end))


def _chunks(docs: list, size: int = 40) -> list[list]:
    return [docs[i:i + size] for i in range(0, len(docs), size)]


def _chunk_task(task: tuple) -> tuple[int, list]:
    """One chunk in a worker: its state set up first (``init`` returns at once when the
    worker already holds it), then ``fn``; returns ``(index, result)``."""
    index, fn, init, initargs, chunk = task
    if init is not None:
        init(*initargs)
    return index, fn(chunk)


def _map(fn, chunks, pool=None, init=None, initargs=()) -> list:
    """``fn`` over ``chunks`` on the caller's ``pool`` (anything with ``.map(fn, tasks)``;
    ``None``: in this process); results in chunk order, whatever order they arrive in."""
    tasks = [(i, fn, init, initargs, c) for i, c in enumerate(chunks)]
    results = pool.map(_chunk_task, tasks) if pool is not None else map(_chunk_task, tasks)
    return [r for _, r in sorted(results, key=lambda x: x[0])]


def exclusion(formulation: str, kind: str, n_regions: int, quoted_share: float, evidence: str = "quoted") -> str:
    """Why a mined string is not an established formulation ("" when it is one); the rules of
    :data:`EXCLUSIONS` in order."""
    for name, rule in EXCLUSIONS:
        if rule(formulation, kind, quoted_share, n_regions, evidence):
            return name
    return ""


def _ordinary_word(s: str, kind: str, share: float, n_regions: int, evidence: str) -> bool:
    # quoted once in a while but mostly written plainly (一体化, 一带, 卡脖子 …): under 5% of the
    # documents that write it quote it (2% when 20+ regions quote it: 扫黑除恶); a numbered
    # pattern (两个维护) needs less than 1%. A headed name is evidence of its own (never quoted).
    if evidence == "head":
        return False
    if kind == "numbered" and R.structure(s) == "pattern":
        return share < 0.01
    return share < (0.02 if n_regions >= 20 else 0.05)


def _dictionary_word(s: str, kind: str, share: float, n_regions: int, evidence: str) -> bool:
    # an idiom, or a dictionary word that most documents writing it do not quote (a dictionary
    # word quoted by most: 米袋子, 菜篮子 — a name, evidence "quoted word")
    if kind == "plan":
        return False
    if R.is_idiom(s):
        return True
    return R.is_common_word(s, 3) and not (evidence == "quoted word" and share >= QUOTED_WORD_SHARE)


# the contract's exclusions applied to the mined list, in order (name, rule(s, kind, share, regions, evidence))
EXCLUSIONS = (
    ("count of measures", lambda s, k, q, n, e: bool(R.CN_COUNT_ONLY.match(s) or re.match(r"^[0-9]+[条项]$", s))),
    ("ranking, grade, version or date", lambda s, k, q, n, e: bool(RANK_GRADE.search(s))),
    ("magnitude or achievement label", lambda s, k, q, n, e: bool(R.MAGNITUDE.match(s))),
    ("set label (一 + one or two characters)",
     lambda s, k, q, n, e: bool(SET_LABEL_ONE.match(s)) and R.parse_numeral_pattern(s, 0) is None),
    ("idiom or dictionary word", _dictionary_word),
    ("ordinary word, rarely quoted", _ordinary_word),
)


def _headed(per_doc: list[tuple[str, list]], min_regions: int) -> dict[str, dict]:
    """The headed names of :func:`headed_names` that are established: written in ``min_regions``
    regions or more or in :data:`HEAD_NATIONAL_DOCS` national documents (:data:`NATIONAL_REGION`), at a left edge (the word before them varies: no one word precedes them in
    more than :data:`HEAD_EDGE_SHARE` of their occurrences), the shortest such name of each
    occurrence (全市党史学习教育 is 党史学习教育 written after 全市)."""
    left: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    where: dict[str, dict] = {}
    for name, found in per_doc:
        region, year = region_year(name)
        for s, before, clause in found:
            left[s][before] += 1
            a = where.setdefault(s, {"docs": set(), "regions": set(), "years": set(), "example": clause})
            a["docs"].add(name)
            a["regions"].add(region)
            if year is not None:
                a["years"].add(year)
    edge = set()
    for s, a in where.items():
        n = sum(left[s].values())
        top = max((c for b, c in left[s].items() if b), default=0)
        # a national initiative (全球安全倡议): written in national documents of several years
        national = sum(bool(NATIONAL_REGION.search(region_year(d)[0])) for d in a["docs"]) >= HEAD_NATIONAL_DOCS
        if (len(a["regions"]) >= min_regions or national) and top <= HEAD_EDGE_SHARE * n:
            edge.add(s)
    # the shortest edge name of an occurrence: a longer one ending with an edge name is that name
    # written after a modifier
    return {s: where[s] for s in sorted(edge) if not any(s != t and s.endswith(t) for t in edge)}


def mine(documents, *, min_regions: int = 3, pool=None, with_excluded: bool = False,
         heads: tuple[str, ...] = (), phrase_model: dict | None = None,
         naming: tuple[tuple[str, str], ...] = ()) -> pd.DataFrame:
    """The mined formulations of ``documents`` (``(name, text)`` pairs): columns :data:`COLUMNS`,
    ranked by regions, documents, then the formulation. See the module docstring.
    ``heads``: heads of named campaigns (``formulation_heads.txt``) before which unquoted names
    are taken too (:func:`headed_names`). ``pool``: where the chunks of documents are read
    (anything with ``.map(fn, tasks)``, e.g. ``pipeline.executor.LocalExecutor``; ``None``:
    in this process; the table is the same). ``with_excluded``: keep the excluded strings too,
    with the rule that excluded them in a column ``excluded`` (for review). ``phrase_model``: the
    phrase model (``phrase_scores.json``) giving every row its ``phrase_score`` and adding the
    national phrases it scores ``min_score`` or more (evidence ``national phrase``; ``naming``: the
    campaign verbs and heads of ``naming_context.txt``); without it ``phrase_score`` is empty."""
    docs = sorted(documents)
    chunks = _chunks(docs)
    per_doc = [x for part in _map(_quoted_chunk, chunks, pool) for x in part]
    agg: dict[str, dict] = {}
    for name, found in per_doc:
        region, year = region_year(name)
        for q in found:
            a = agg.get(q.formulation)
            if a is None:
                a = agg[q.formulation] = {"kinds": defaultdict(int), "docs": set(), "regions": set(), "years": set(),
                                          "example": q.example, "evidence": set()}
            a["kinds"][q.kind] += 1
            a["docs"].add(name)
            a["regions"].add(region)
            a["evidence"].add(q.evidence)
            if year is not None:
                a["years"].add(year)
    headed = {}
    if heads:
        found = [x for part in _map(_headed_chunk, chunks, pool, _init_heads, (tuple(heads),)) for x in part]
        headed = _headed([(name, f) for (name, _), f in zip(docs, found)], min_regions)
    wide = sorted(set(s for s, a in agg.items() if len(a["regions"]) >= min_regions) | set(headed))
    written: dict[str, int] = defaultdict(int)
    national: dict[str, int] = defaultdict(int)
    written_regions: dict[str, set] = defaultdict(set)
    occurrences: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    found_per_doc = [f for part in _map(_written_chunk, chunks, pool, _init_counter, (tuple(wide),)) for f in part]
    for (name, _), found in zip(docs, found_per_doc):
        region = region_year(name)[0]
        is_national = bool(NATIONAL_REGION.search(region))
        for s, (n, whole) in found.items():
            written[s] += 1
            national[s] += is_national
            written_regions[s].add(region)
            occurrences[s][0] += n
            occurrences[s][1] += whole
    rows = []
    for s in wide:
        a, h = agg.get(s), headed.get(s)
        if h is not None:
            kind = "named" if R.structure(s) == "named" else "numbered"
            n_quoting, evidence = len(a["docs"]) if a else 0, "head"
            docs_, regions, years, example = h["docs"] | (a["docs"] if a else set()), \
                h["regions"] | (a["regions"] if a else set()), sorted(h["years"] | (a["years"] if a else set())), \
                (a or h)["example"]
        else:
            kind = max(sorted(a["kinds"]), key=lambda k: a["kinds"][k])
            # a dictionary word quoted (菜篮子, also as “菜篮子”工程) is a quoted word whatever rule took it
            n_quoting, evidence = len(a["docs"]), "quoted word" if "quoted word" in a["evidence"] or (
                kind != "plan" and R.is_common_word(s, 3)) else "quoted"
            docs_, regions, years, example = a["docs"], a["regions"], sorted(a["years"]), a["example"]
        share = round(n_quoting / max(written[s], len(docs_)), 3)
        why = exclusion(s, kind, len(regions), share, evidence)
        if why and not with_excluded:
            continue
        n, whole = occurrences[s]
        rows.append((s, kind, len(docs_), len(regions), years[0] if years else None,
                     years[-1] if years else None, share, re.sub(r"\s+", " ", example), evidence, national[s],
                     len(written_regions[s] | regions), round(whole / n, 3) if n else 1.0)
                    + ((why,) if with_excluded else ()))
    if phrase_model is not None:
        rows = _phrase_rows(docs, rows, phrase_model, naming, pool, with_excluded)
    else:
        rows = [r[:len(COLUMNS) - 1] + (float("nan"),) + r[len(COLUMNS) - 1:] for r in rows]
    table = pd.DataFrame(rows, columns=list(COLUMNS) + (["excluded"] if with_excluded else []))
    table = table.astype({"n_docs": "int64", "n_regions": "int64", "first_year": "Int64", "last_year": "Int64",
                          "quoted_share": "float64", "n_national": "int64", "n_written_regions": "int64",
                          "whole_share": "float64", "phrase_score": "float64"})
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
        f"# {len(table)} formulations quoted in reports of 3+ regions (evidence quoted; quoted word: a dictionary",
        "# word most documents writing it quote), or written unquoted before the head of a named campaign",
        "# (evidence head: formulation_heads.txt; 3+ regions or 2+ national documents), after the contract's",
        "# exclusions (counts of measures,",
        "# rankings/grades/versions/dates, magnitudes, 一X set labels, idioms and dictionary words, ordinary",
        "# words rarely quoted: quoted_share = documents quoting it / documents writing it). n_national: the",
        "# national documents (the State Council's reports) writing it, quoted or not; n_written_regions: the",
        "# regions writing it, quoted or not; whole_share: the share of its occurrences in the archive that cut",
        "# no word of jieba's dictionary at their edges. phrase_score: the phrase model's probability that the",
        "# phrase is a named formulation (phrase_scores.json: national use, spread, quoting, naming use after a",
        "# campaign verb or before a head of naming_context.txt, branching entropy, jieba's dictionary, shape);",
        "# evidence national phrase: a phrase of 2+ national documents, unquoted as a rule, scored min_score or more.",
        "# The slogans stage matches them quoted or not; its score model decides how far to trust each.",
        "\t".join(COLUMNS),
    ]
    lines = []
    for r in table.itertuples(index=False):
        vals = ["" if pd.isna(v) else str(v) for v in r]
        vals[COLUMNS.index("example")] = vals[COLUMNS.index("example")].replace("\t", " ")
        lines.append("\t".join(vals))
    return "\n".join(head + lines) + "\n"


def mine_archive(corpus, out, *, min_regions: int = 3, pool=None, command: str = "", date: str = "",
                 heads: tuple[str, ...] | None = None, phrase_model: dict | None = None,
                 naming: tuple[tuple[str, str], ...] | None = None):
    """Mine the reports of ``corpus`` (a folder or a tar archive) and write ``out`` (see
    :func:`mine_tsv`): the function behind ``policytext lexicon mine``. ``heads``: the heads of
    named campaigns (default: the bundled ``formulation_heads.txt``); ``phrase_model``, ``naming``: the
    phrase model and the naming context of national phrases (default: the bundled ``phrase_scores.json``,
    ``naming_context.txt``). Returns the table."""
    import datetime

    from pipeline import io, lexicons

    heads = lexicons.bundled().rule_words("formulation_heads") if heads is None else heads
    phrase_model = lexicons.bundled().rule_words("phrase_model") if phrase_model is None else phrase_model
    naming = lexicons.bundled().rule_words("naming_context") if naming is None else naming
    table = mine(io.archive_texts(corpus), min_regions=min_regions, pool=pool, heads=tuple(heads),
                 phrase_model=phrase_model, naming=tuple(naming or ()))
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
        f = line.rstrip("\r\n").split("\t")
        if header is None:
            header = f
            continue
        r = dict(zip(header, f))
        out[r["formulation"]] = MinedEntry(r["kind"], int(r["n_docs"]), int(r["n_regions"]),
                                           float(r["quoted_share"]), (r.get("evidence") or "quoted").strip(),
                                           int((r.get("n_national") or "0").strip() or 0),
                                           # a file mined before these columns: its quoted regions are written ones
                                           int((r.get("n_written_regions") or r["n_regions"]).strip() or 0),
                                           float((r.get("whole_share") or "1").strip() or 1),
                                           float((r.get("phrase_score") or "0").strip() or 0))
    return out


@dataclass(frozen=True)
class MinedEntry:
    kind: str
    n_docs: int
    n_regions: int
    quoted_share: float
    evidence: str = "quoted"  # see EVIDENCE
    n_national: int = 0  # national documents (NATIONAL_REGION) writing it
    n_written_regions: int = 0  # regions writing it, quoted or not
    whole_share: float = 1.0  # share of its occurrences in the archive that cut no dictionary word (whole_word)
    phrase_score: float = 0.0  # the phrase model's probability that it is a named formulation (0: not scored)


# ---------------------------------------------------------------- national phrases: term-hood
#
# A national formulation written unquoted (主题教育, 平安中国, 退耕还林) is a property of the phrase,
# not of one occurrence: the State Council's reports write it year after year, regions write it as
# the object of a campaign verb (开展, 推进 …) or before a head (…工程, …行动), someone quotes it
# once in a while, and jieba's dictionary knows it as no common word of the language. Every phrase
# of two or more national reports is a candidate (:func:`phrase_candidates`); its evidence over the
# whole archive (:func:`phrase_stats`) becomes a vector (:func:`phrase_features`) that a model
# learned from the dev golds (``lexicons/phrase_scores.json``, ``bench/train_phrase_scores.py``)
# turns into ``phrase_score``: the share of such phrases that are named formulations.

# a candidate phrase: written in this many national reports or more
PHRASE_NATIONAL_DOCS = 2
# a candidate phrase: 1 to this many words (forward maximum matching on jieba's dictionary) of 3 to 12 characters
PHRASE_MAX_WORDS = 5
PHRASE_LENGTH = (3, 12)
# a phrase does not start or end with a function word (conjunctions, prepositions, particles, localisers,
# pronouns, adverbs, numerals, measure words: 和|完善…, 对|…, …|中, …|了)
PHRASE_EDGE_TAGS = frozenset(("c", "p", "u", "uj", "ul", "ud", "ug", "uz", "uv", "f", "r", "d", "y", "e", "o", "q", "m",
                              "zg", "x"))
# a run of unified ideographs: phrases never cross punctuation, digits or quotation marks
_CJK_RUN = re.compile(f"[{P.CJK_UNIFIED}]+")
# caps of the count features (beyond them more adds nothing)
PHRASE_NATIONAL_CAP = 20
PHRASE_REGIONS_CAP = 300
PHRASE_QUOTING_CAP = 100
PHRASE_FREQ_CAP = 100_000
# the features of a phrase (phrase_features), in order
PHRASE_FEATURES = (
    "national", "national_share", "regions", "quoted_any", "quoting_docs", "quoted_share", "verb_before",
    "head_after", "whole_share", "left_entropy", "right_entropy", "dict_word", "dict_freq", "dict_idiom",
    "part_min_freq", "words", "compression", "length", "country", "system", "coordinate",
)


def _phrase_words(s: str, w: dict) -> list[str]:
    """``s`` cut by forward maximum matching on jieba's dictionary (words of frequency 3 or more)."""
    i, out = 0, []
    while i < len(s):
        k = next((k for k in range(min(7, len(s) - i), 1, -1) if w.get(s[i:i + k], (0, ""))[0] >= 3), 1)
        out.append(s[i:i + k])
        i += k
    return out


def phrase_candidates(text: str) -> set[str]:
    """The candidate phrases of one text: runs of 1 to :data:`PHRASE_MAX_WORDS` words of
    :data:`PHRASE_LENGTH` characters holding no numeral, neither starting nor ending with a function
    word (:data:`PHRASE_EDGE_TAGS`).

    >>> sorted(p for p in phrase_candidates("扎实开展主题教育。") if p.endswith("教育"))
    ['主题教育', '开展主题教育', '扎实开展主题教育']
    """
    w = R.jieba_words()
    text = R.fold_width(FRONT_MATTER.sub("", text))
    lo, hi = PHRASE_LENGTH
    out = set()
    for m in _CJK_RUN.finditer(text):
        ws = _phrase_words(m.group(), w)
        ok = [w.get(x, (0, "x"))[1] not in PHRASE_EDGE_TAGS or len(x) > 1 and x not in w for x in ws]
        for i in range(len(ws)):
            if not ok[i]:
                continue
            s = ""
            for j in range(i, min(i + PHRASE_MAX_WORDS, len(ws))):
                s += ws[j]
                if len(s) > hi:
                    break
                if len(s) >= lo and ok[j] and R.structure(s) == "named":
                    out.add(s)
    return out


def _phrase_candidates_chunk(docs: list[tuple[str, str]]) -> list[list[str]]:
    return [sorted(phrase_candidates(text)) for _, text in docs]


_NAMING: list = [None, None, None]  # the phrases of a counting worker, their automaton, the naming context


def _init_phrases(phrases: tuple[str, ...], verbs: tuple[str, ...], heads: tuple[str, ...]) -> None:
    if _NAMING[0] == (phrases, verbs, heads):
        return
    a = ahocorasick.Automaton()
    for s in phrases:
        a.add_word(s, s)
    if len(phrases):
        a.make_automaton()
    _NAMING[:] = [(phrases, verbs, heads), a, (frozenset(verbs), frozenset(heads),
                                                 max(map(len, verbs), default=0), max(map(len, heads), default=0))]


def _phrase_stats_chunk(docs: list[tuple[str, str]]) -> dict[str, list]:
    """The evidence of the phrases in a chunk of documents: per phrase ``[occurrences, quoted, after a
    campaign verb, before a head, cutting no dictionary word, documents, documents quoting it,
    national documents, regions, left characters, right characters, first national example]``."""
    a = _NAMING[1]
    verbs, heads, vlen, hlen = _NAMING[2]
    out: dict[str, list] = {}
    if not len(a):
        return out
    for name, text in docs:
        region, year = region_year(name)
        national = bool(NATIONAL_REGION.search(region))
        text = R.fold_width(FRONT_MATTER.sub("", text))
        seen: dict[str, list] = {}
        for end, s in a.iter(text):
            b, e = end + 1 - len(s), end + 1
            quoted = b > 0 and text[b - 1] in R.OPENING and e < len(text) and text[e] in R.CLOSING
            b0 = b - 1 if b > 0 and text[b - 1] in R.OPENING else b
            e0 = e + 1 if e < len(text) and text[e] in R.CLOSING else e
            x = seen.get(s)
            if x is None:
                x = seen[s] = [0, 0, 0, 0, 0, False, {}, {}, ""]
            x[0] += 1
            x[1] += quoted
            x[2] += any(text[max(0, b0 - k):b0] in verbs for k in range(2, vlen + 1))
            x[3] += any(text[e0:e0 + k] in heads for k in range(2, hlen + 1))
            x[4] += quoted or whole_word(text, b, e)
            x[5] = x[5] or quoted
            left, right = ('"', '"') if quoted else (text[b - 1:b], text[e:e + 1])
            x[6][left] = x[6].get(left, 0) + 1
            x[7][right] = x[7].get(right, 0) + 1
            if national and not x[8]:
                x[8] = _clause(text, b, e)
        for s, x in seen.items():
            y = out.get(s)
            if y is None:
                y = out[s] = [0, 0, 0, 0, 0, 0, 0, 0, [], {}, {}, "", []]
            for i in range(5):
                y[i] += x[i]
            y[5] += 1
            y[6] += x[5]
            y[7] += national
            y[8].append(region)
            for i, c in ((9, x[6]), (10, x[7])):
                for k, v in c.items():
                    y[i][k] = y[i].get(k, 0) + v
            y[11] = y[11] or x[8]
            if year is not None:
                y[12].append(year)
    return out


@dataclass(frozen=True)
class PhraseStats:
    """The archive's evidence on one phrase (:func:`phrase_stats`)."""
    occurrences: int
    quoted: int  # occurrences in quotation marks
    verb_before: int  # occurrences right after a campaign verb (naming_context.txt, verb)
    head_after: int  # occurrences right before a head (naming_context.txt, head)
    whole: int  # occurrences cutting no dictionary word at their edges (whole_word), quoted ones included
    n_docs: int
    n_quoting: int  # documents quoting it
    n_national: int  # national documents writing it (NATIONAL_REGION)
    n_regions: int  # regions writing it
    left_entropy: float  # of the characters right before it (branching entropy: a term is written after many)
    right_entropy: float
    example: str  # the clause of its first occurrence in a national document
    first_year: int | None = None  # of the documents writing it
    last_year: int | None = None


def _entropy(counts: dict) -> float:
    n = sum(counts.values())
    return -sum(v / n * math.log(v / n) for v in counts.values()) if n else 0.0


def phrase_stats(documents, phrases, *, verbs: tuple[str, ...] = (), heads: tuple[str, ...] = (),
                 pool=None) -> dict[str, PhraseStats]:
    """The evidence of the archive ``documents`` (``(name, text)`` pairs) on each of ``phrases``,
    quoted or not (:class:`PhraseStats`); ``verbs``, ``heads``: the naming context
    (``naming_context.txt``). The same for any ``pool``.

    >>> s = phrase_stats([("国务院/2020.md", "开展主题教育。"), ("甲/2021.md", "“主题教育”工程")], ["主题教育"],
    ...                  verbs=("开展",), heads=("工程",))["主题教育"]
    >>> s.n_docs, s.n_national, s.quoted, s.verb_before, s.head_after
    (2, 1, 1, 1, 1)
    """
    docs = sorted(documents)
    args = (tuple(sorted(set(phrases))), tuple(verbs), tuple(heads))
    parts = _map(_phrase_stats_chunk, _chunks(docs), pool, _init_phrases, args)
    total: dict[str, list] = {}
    for part in parts:  # in chunk order: the same table for any pool
        for s, y in part.items():
            t = total.get(s)
            if t is None:
                total[s] = t = [0, 0, 0, 0, 0, 0, 0, 0, set(), {}, {}, "", set()]
            for i in range(8):
                t[i] += y[i]
            t[8].update(y[8])
            for i in (9, 10):
                for k, v in y[i].items():
                    t[i][k] = t[i].get(k, 0) + v
            t[11] = t[11] or y[11]
            t[12].update(y[12])
    return {s: PhraseStats(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], len(t[8]), round(_entropy(t[9]), 6),
                           round(_entropy(t[10]), 6), re.sub(r"\s+", " ", t[11]), min(t[12], default=None),
                           max(t[12], default=None))
            for s, t in sorted(total.items())}


def national_phrases(documents, *, pool=None) -> list[str]:
    """The candidate phrases (:func:`phrase_candidates`) written in :data:`PHRASE_NATIONAL_DOCS` or
    more national documents of ``documents``, sorted."""
    docs = sorted(d for d in documents if NATIONAL_REGION.search(region_year(d[0])[0]))
    n: dict[str, int] = defaultdict(int)
    for found in (x for part in _map(_phrase_candidates_chunk, _chunks(docs, 8), pool) for x in part):
        for s in found:
            n[s] += 1
    return sorted(s for s, k in n.items() if k >= PHRASE_NATIONAL_DOCS)


def _capped(x: float, cap: float) -> float:
    return math.log1p(min(x, cap)) / math.log1p(cap)


def phrase_features(s: str, st: PhraseStats) -> list[float]:
    """The vector (:data:`PHRASE_FEATURES`) of phrase ``s`` with the archive's evidence ``st``:
    national use, spread, quoting, naming use (after a campaign verb, before a head), whole words,
    branching entropy, and its standing in jieba's dictionary (a common word of the language, an
    idiom, the frequency of its rarest part) and shape (a compression, X中国, X制, a coordinate
    compound of parallel parts: 退耕还林, 共建共治共享)."""
    w = R.jieba_words()
    entry = w.get(s)
    parts = _phrase_words(s, w)
    n = max(1, st.occurrences)
    f = {
        "national": _capped(st.n_national, PHRASE_NATIONAL_CAP),
        "national_share": st.n_national / max(1, st.n_docs),
        "regions": _capped(st.n_regions, PHRASE_REGIONS_CAP),
        "quoted_any": float(st.n_quoting > 0),
        "quoting_docs": _capped(st.n_quoting, PHRASE_QUOTING_CAP),
        "quoted_share": st.quoted / n,
        "verb_before": st.verb_before / n,
        "head_after": st.head_after / n,
        "whole_share": st.whole / n,
        "left_entropy": min(st.left_entropy, 4.0) / 4,
        "right_entropy": min(st.right_entropy, 4.0) / 4,
        "dict_word": float(entry is not None and entry[0] >= 3),
        "dict_freq": _capped(entry[0] if entry else 0, PHRASE_FREQ_CAP),
        "dict_idiom": float(entry is not None and entry[1] in ("i", "l")),
        "part_min_freq": _capped(min(w.get(p, (0, ""))[0] for p in parts), PHRASE_FREQ_CAP),
        "words": min(len(parts), PHRASE_MAX_WORDS) / PHRASE_MAX_WORDS,
        "compression": sum(len(p) == 1 for p in parts) / len(s),
        "length": min(len(s), 12) / 12,
        "country": float(bool(COUNTRY_PHRASE.match(s))),
        "system": float(len(s) >= 3 and s.endswith("制")),
        "coordinate": float(_coordinate(s)),
    }
    return [f[k] for k in PHRASE_FEATURES]


# a national campaign named as a kind of the country: two characters + 中国 (平安中国, 数字中国)
COUNTRY_PHRASE = re.compile(rf"^[{P.CJK_UNIFIED}]{{2}}中国$")


def _coordinate(s: str) -> bool:
    """A coordinate compound: three or more two-character parts opening with the same character
    (共建共治共享), or two two-character parts that are no common words of the language, the
    characters across them neither (退耕|还林, 扫黑|除恶; 经济发展 is two words).

    >>> _coordinate("共建共治共享"), _coordinate("退耕还林"), _coordinate("经济发展")
    (True, True, False)
    """
    w = R.jieba_words()
    if len(s) % 2:
        return False
    parts = [s[i:i + 2] for i in range(0, len(s), 2)]
    if len(parts) >= 3:
        return len({p[0] for p in parts}) == 1
    return len(parts) == 2 and all(w.get(x, (0, ""))[0] < COORDINATE_WORD for x in (*parts, s[1:3]))


# a two-character part of this jieba frequency or more is a common word: no part of a coordinate compound
COORDINATE_WORD = 1000


def phrase_scores(stats: dict[str, PhraseStats], model: dict) -> dict[str, float]:
    """``phrase_score`` of each phrase of ``stats``: the phrase model's probability (``model``: the
    data of ``phrase_scores.json``, a :class:`~pipeline.slogan_scores.ScoreModel` over
    :data:`PHRASE_FEATURES`), rounded to 3 places."""
    from pipeline import slogan_scores as S

    if not stats:
        return {}
    m = S.ScoreModel.from_data(model)
    idx = [PHRASE_FEATURES.index(f) for f in m.features]
    names = list(stats)
    X = [[v[i] for i in idx] for v in (phrase_features(s, stats[s]) for s in names)]
    return {s: round(float(p), 3) for s, p in zip(names, m.predict_proba(X))}


def _phrase_rows(docs, table_rows: list[tuple], model: dict, naming, pool, with_excluded: bool) -> list[tuple]:
    """``table_rows`` with their ``phrase_score`` (named ones), then the national phrases scoring
    ``model["min_score"]`` or more that the table lacks (evidence ``national phrase``)."""
    verbs = tuple(w for role, w in naming if role == "verb")
    heads = tuple(w for role, w in naming if role == "head")
    candidates = national_phrases(docs, pool=pool)
    known = {r[0] for r in table_rows}
    stats = phrase_stats(docs, sorted(set(candidates) | known), verbs=verbs, heads=heads, pool=pool)
    scores = phrase_scores(stats, model)
    # the model is learned on named formulations (the phrases hold no numeral): a numbered or plan row has none
    out = [r[:len(COLUMNS) - 1] + (scores.get(r[0], float("nan")) if r[1] == "named" else float("nan"),)
           + r[len(COLUMNS) - 1:] for r in table_rows]
    floor = float(model.get("min_score", 1.0))
    for s in candidates:
        st = stats.get(s)
        if s in known or st is None or scores[s] < floor:
            continue
        share = round(st.n_quoting / max(1, st.n_docs), 3)
        # the contract's exclusions of shape (counts, grades, magnitudes, set labels); that the phrase is a
        # word of the language or rarely quoted is what its score already weighs
        why = next((name for name, rule in EXCLUSIONS[:4] if rule(s, "named", share, st.n_regions, "national phrase")), "")
        if why and not with_excluded:
            continue
        out.append((s, "named", st.n_docs, st.n_regions, st.first_year, st.last_year, share, st.example,
                    "national phrase", st.n_national, st.n_regions, round(st.whole / max(1, st.occurrences), 3),
                    scores[s]) + ((why,) if with_excluded else ()))
    return out
