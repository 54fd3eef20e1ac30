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

The module holds the mined table (:func:`mine`, the exclusions, :func:`mine_tsv`,
:func:`read_mined`); the parts it calls live in :mod:`~pipeline.formulation_archive` (an archive
member's region and year, national documents, clauses, whole words, chunks on a pool),
:mod:`~pipeline.formulation_miner` (quoted and headed names) and
:mod:`~pipeline.formulation_phrases` (the phrase-level evidence and the phrase model); their public
names are importable from here.

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
from pipeline.formulation_archive import (FRONT_MATTER, NAME_YEAR, NATIONAL_REGION,  # noqa: F401
                                          chunks_of, clause_around, map_chunks, region_year, whole_word)
from pipeline.formulation_miner import (CJK_CHAR, DICTIONARY_REJECTIONS, HEAD_EDGE_SHARE,  # noqa: F401
                                        HEAD_NATIONAL_DOCS, HEAD_PREFIX, NAME_TAGS, Quoted, established_headed,
                                        headed_chunk, init_heads, quoted_chunk, headed_names,
                                        quoted_formulations)
from pipeline.formulation_phrases import (ADOPTION_YEARS, BURST_YEARS, COORDINATE_WORD, COUNTRY_PHRASE,  # noqa: F401
                                          ONSET_YEARS, PHRASE_EDGE_TAGS, PHRASE_FEATURES, PHRASE_FREQ_CAP, PHRASE_LENGTH, PHRASE_MAX_WORDS,
                                          PHRASE_NATIONAL_CAP, PHRASE_NATIONAL_DOCS, PHRASE_QUOTING_CAP,
                                          PHRASE_REGIONS_CAP, PhraseStats,
                                          emergence, national_phrases, phrase_candidates, phrase_features, phrase_scores,
                                          phrase_stats)

COLUMNS = ("formulation", "kind", "n_docs", "n_regions", "first_year", "last_year", "quoted_share", "example", "evidence",
           "n_national", "n_written_regions", "whole_share", "phrase_score")
# evidence: how the archive shows it is a formulation. quoted: the slogan rules accept it quoted;
# quoted word: a dictionary word writers quote (米袋子, 菜篮子), kept when most documents writing it
# quote it; head: a run of nouns before the head of a named campaign (党史学习教育, 全球发展倡议),
# written unquoted in reports of several regions; national phrase: a phrase of the State Council's
# reports whose phrase_score (the phrase model, phrase_scores.json) reaches the model's min_score;
# national set phrase: a fixed phrase of the language holding a numeral (slogan_rules.fixed_phrase: 一国两制,
# 两手抓, an idiom to the rules) quoted in reports of several regions and written in
# SET_PHRASE_NATIONAL_DOCS national documents or more, quoted by SET_PHRASE_QUOTED_SHARE of the documents
# writing it: a national formulation in the form of an idiom (the idioms of the language are written in
# none of the State Council's reports, or unquoted: 千方百计, 一揽子)
EVIDENCE = ("quoted", "quoted word", "head", "national phrase", R.NATIONAL_SET_PHRASE)
# a fixed phrase quoted in the archive is a national formulation when this many national documents write it
SET_PHRASE_NATIONAL_DOCS = 3
# ... and at least this share of the documents writing it quote it (一揽子: 0.06, 两手抓: 0.15, 一国两制: 0.95)
SET_PHRASE_QUOTED_SHARE = 0.1
# a quoted dictionary word is a formulation when at least this share of the documents writing it quote it
QUOTED_WORD_SHARE = 0.5
# rankings and grades (500强, 5A, 3A级), versions (4.0), dates used as names (7·23, 9.28)
RANK_GRADE = re.compile(r"^[0-9]+(?:强|A|AAA|星|级)|^[0-9]+[A-Za-z]$|[0-9][·.．][0-9]")
# quotation marks and spaces, dropped before counting where a mined string is written
_QUOTES_SPACES = re.compile(rf"[{P.QUOTES}\s]")
# a set label: 一 + one or two characters, alone (一中心, 一核, 一带, 一体): part of a longer formulation
SET_LABEL_ONE = re.compile(rf"^一[{P.CJK_UNIFIED}]{{1,2}}$")


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
    if evidence == R.NATIONAL_SET_PHRASE:  # the idiom rule's exception, from the national documents' use
        return share < SET_PHRASE_QUOTED_SHARE
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
    chunks = chunks_of(docs)
    per_doc = [x for part in map_chunks(quoted_chunk, chunks, pool) for x in part]
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
        found = [x for part in map_chunks(headed_chunk, chunks, pool, init_heads, (tuple(heads),)) for x in part]
        headed = established_headed([(name, f) for (name, _), f in zip(docs, found)], min_regions)
    wide = sorted(set(s for s, a in agg.items() if len(a["regions"]) >= min_regions) | set(headed))
    written: dict[str, int] = defaultdict(int)
    national: dict[str, int] = defaultdict(int)
    written_regions: dict[str, set] = defaultdict(set)
    occurrences: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    found_per_doc = [f for part in map_chunks(_written_chunk, chunks, pool, _init_counter, (tuple(wide),)) for f in part]
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
            if "set phrase" in a["evidence"]:  # an idiom to the rules: national, or excluded as the idiom it is
                evidence = R.NATIONAL_SET_PHRASE if national[s] >= SET_PHRASE_NATIONAL_DOCS else "set phrase"
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


def mine_tsv(table: pd.DataFrame, *, source: str, command: str, date: str, min_regions: int = 3) -> str:
    """The text of ``formulations_mined.tsv``: a commented header (provenance, the command, the
    date, the regions a formulation needed, ``min_regions``, the columns), then one tab-separated
    line per formulation."""
    head = [
        "# Formulations mined from an archive of reports (policytext lexicon mine; pipeline/formulations.py).",
        f"# source: {source}",
        f"# command: {command}",
        f"# date: {date}",
        f"# {len(table)} formulations quoted in reports of {min_regions}+ regions (evidence quoted; quoted word: a dictionary",
        "# word most documents writing it quote), or written unquoted before the head of a named campaign",
        f"# (evidence head: formulation_heads.txt; {min_regions}+ regions or 2+ national documents), after the contract's",
        "# exclusions (counts of measures,",
        "# rankings/grades/versions/dates, magnitudes, 一X set labels, idioms and dictionary words, ordinary",
        "# words rarely quoted: quoted_share = documents quoting it / documents writing it). n_national: the",
        "# national documents (the State Council's reports) writing it, quoted or not; n_written_regions: the",
        "# regions writing it, quoted or not; whole_share: the share of its occurrences in the archive that cut",
        "# no word of jieba's dictionary at their edges. phrase_score: the phrase model's probability that the",
        "# phrase is a named formulation (phrase_scores.json: national use, spread, quoting, naming use after a",
        "# campaign verb or before a head of naming_context.txt, branching entropy, jieba's dictionary, shape,",
        "# emergence: the share of its year profile in its busiest five years, documents per year of the archive aside);",
        "# evidence national phrase: a phrase of 2+ national documents, unquoted as a rule, scored min_score or more;",
        "# national set phrase: a fixed phrase with a numeral (an idiom to the rules: 一国两制) written in 3+ national",
        "# documents, quoted by 0.1 of the documents writing it.",
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
                                  date=date or datetime.date.today().isoformat(), min_regions=min_regions).encode("utf-8"))
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
