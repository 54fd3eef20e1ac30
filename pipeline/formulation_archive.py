"""The archive of reports as the formulation miners read it: a member's region (its folder) and
year (in its name), the national documents (the State Council's reports), the front matter dropped
before reading, the clause around an occurrence, whether an occurrence cuts a dictionary word, and
the chunks of documents mapped on a caller's pool in a deterministic order.

Used by :mod:`pipeline.formulation_miner` (quoted and headed names), :mod:`pipeline.formulation_phrases`
(phrase-level evidence) and :mod:`pipeline.formulations` (the mined table); the public names are
importable from :mod:`pipeline.formulations`.
"""

from __future__ import annotations

import re

from pipeline import slogan_rules as R

# a national source: the State Council's own reports (the archive's folder 政府工作报告-国务院). A
# formulation they write, quoted or not, is a national one, which the contract counts wherever it
# occurs (column n_national: the national documents writing it)
NATIONAL_REGION = re.compile(r"国务院")
# YAML front matter at the top of a report (its title repeats the text)
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
# a year in a file name (2021.md, 20221002.md)
NAME_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})")


def region_year(name: str) -> tuple[str, int | None]:
    """The region (the file's folder) and the year (in its name) of an archive member.

    >>> region_year("lawtext_gov/政府工作报告-其他地市/白城市/2021.md")
    ('白城市', 2021)
    """
    parts = name.split("/")
    m = NAME_YEAR.search(parts[-1])
    return (parts[-2] if len(parts) > 1 else ""), (int(m.group(1)) if m else None)


def clause_around(text: str, start: int, end: int) -> str:
    """The clause around ``text[start:end]`` (at most 40 characters either side)."""
    a = max(text.rfind(c, 0, start) for c in "。；！？\n") + 1
    b = min([i for i in (text.find(c, end) for c in "。；！？\n") if i >= 0] or [len(text)])
    return text[max(a, start - 40):min(b + 1, end + 40)].strip()


def whole_word(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` cuts no word of jieba's dictionary at its edges
    (:func:`~pipeline.slogan_rules.cuts_word`; whole_share: the share of a formulation's
    occurrences in the archive that cut none, as ``slogan_scores.occurrence`` reads one).

    >>> whole_word("增强省会功能", 1, 4), whole_word("实施强省会行动", 2, 5)
    (False, True)
    """
    return not (R.cuts_word(text, start) or R.cuts_word(text, end))


def chunks_of(docs: list, size: int = 40) -> list[list]:
    return [docs[i:i + size] for i in range(0, len(docs), size)]


def _chunk_task(task: tuple) -> tuple[int, list]:
    """One chunk in a worker: its state set up first (``init`` returns at once when the
    worker already holds it), then ``fn``; returns ``(index, result)``."""
    index, fn, init, initargs, chunk = task
    if init is not None:
        init(*initargs)
    return index, fn(chunk)


def map_chunks(fn, chunks, pool=None, init=None, initargs=()) -> list:
    """``fn`` over ``chunks`` on the caller's ``pool`` (anything with ``.map(fn, tasks)``;
    ``None``: in this process); results in chunk order, whatever order they arrive in."""
    tasks = [(i, fn, init, initargs, c) for i, c in enumerate(chunks)]
    results = pool.map(_chunk_task, tasks) if pool is not None else map(_chunk_task, tasks)
    return [r for _, r in sorted(results, key=lambda x: x[0])]
