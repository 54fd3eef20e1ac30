"""Who issued a document and which year it is about, read from the document itself.

**The place to switch.** ``documents`` has no ``issuer`` or ``year`` column yet; until it
has, :func:`issuer_of` and :func:`report_year` derive them from the file path, the title
and the date. When ``documents.issuer`` / ``documents.year`` exist, :func:`document_info`
should take them from the row and these two functions go (nothing else reads them).

``issuer_code`` is the GB/T 2260 division code of a province or prefecture-level issuer,
from the one national division list (:mod:`pipeline.divisions`, JioNLP's data, loaded on first
use); a name it does not hold, or holds twice, and 国务院 get ``None``: no code is written by
hand. The panel takes ``documents.issuer`` / ``issuer_code`` where the metadata decided them.

>>> issuer_of("政府工作报告-省自治区/甘肃省/2023.md", None)
'甘肃省'
>>> issuer_of("report.md", "兰州市人民政府工作报告（2017）")
'兰州市'
>>> report_year("x/2016.md", "兰州市人民政府工作报告（2017）", "2016-12-15")
2017
>>> report_year("a.md", "金昌市政府工作报告（2019年1月18日 杨建武）", None)
2019
>>> report_year("a.md", "政府工作报告", "2022-12-20")
2023
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePosixPath

from pipeline.patterns import CJK_UNIFIED, DIVISION_SUFFIX

# a work report, by its title or its path
WORK_REPORT = re.compile(r"政府工作报告")
# the folder of the State Council's reports in the bulk corpus
NATIONAL = re.compile(r"国务院")
# a place name before 政府工作报告 / 人民政府工作报告 in a title: 2016年四川省人民政府工作报告
_TITLE_PLACE = re.compile(r"(?:\d{4}年)?(?P<place>[" + CJK_UNIFIED + r"]{2,12}?" + DIVISION_SUFFIX + r")"
                          r"(?:\d{4}年)?(?:人民)?政府工作报告")
# a path folder naming an issuer: 政府工作报告-省自治区/甘肃省/2023.md
_PLACE_FOLDER = re.compile(r"^[" + CJK_UNIFIED + r"]{2,12}" + DIVISION_SUFFIX + r"$")
# the year a title names: 2023年政府工作报告, 工作报告（2017）
_TITLE_YEAR = re.compile(r"(?P<y>(?:19|20)\d{2})年(?:[^\d月]|$)|[（(](?P<p>(?:19|20)\d{2})[)）]")
# a delivery date in a title: （2019年1月18日 杨建武）
_TITLE_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月")
# a file named by its year: 2019.md
_PATH_YEAR = re.compile(r"^(?P<y>(?:19|20)\d{2})$")


@dataclass(frozen=True)
class DocumentInfo:
    """What the indicators stage needs to know of a document to resolve status and year."""

    work_report: bool = False  # a government work report: its sections decide the status
    report_year: int | None = None  # the year the document plans (a 2023 report plans 2023)
    delivered_year: int | None = None  # the calendar year it was delivered in (今年 in a review)


def issuer_of(source: str, title: str | None) -> str | None:
    """The issuing government of a document: 国务院, a province, a city (``None`` if unknown)."""
    parts = PurePosixPath(source).parts
    if any(NATIONAL.search(p) for p in parts[:-1]):
        return "国务院"
    for p in reversed(parts[:-1]):
        if _PLACE_FOLDER.match(p):
            return p
    if title:
        m = _TITLE_PLACE.search(title)
        if m:
            return m.group("place")
        if WORK_REPORT.search(title) and title.startswith("政府工作报告"):
            return None
    return None


@lru_cache(maxsize=1)
def _division_codes() -> dict[str, str]:
    """Full name → GB/T 2260 code of every province and prefecture-level unit, from the one
    national division list (:mod:`pipeline.divisions`); a name held by two divisions is left out."""
    from pipeline import divisions

    ds = divisions.load()
    codes = {}
    for d in ds.divisions:
        if d.level in ("province", "prefecture") and [k for _, k in ds.kinds(d.name)].count("name") == 1:
            codes[d.name] = d.code
    return codes


def issuer_code(issuer: str | None) -> str | None:
    """The GB/T 2260 code of a province or prefecture-level ``issuer`` (``None`` for 国务院
    or a name the dataset does not hold once).

    >>> issuer_code("宁波市"), issuer_code("甘肃省"), issuer_code("国务院")
    ('330200', '620000', None)
    """
    return _division_codes().get(issuer) if issuer else None


def _date_plan_year(year: int, month: int) -> int:
    """A report delivered from October on plans the next year (the session it is for)."""
    return year + 1 if month >= 10 else year


def report_year(source: str, title: str | None, date: str | None) -> int | None:
    """The year a document plans: the title's year, else the delivery date's (a report of
    December plans the next year), else the file's name (2019.md)."""
    if title:
        d = _TITLE_DATE.search(title)
        if d:
            return _date_plan_year(int(d.group("y")), int(d.group("m")))
        m = _TITLE_YEAR.search(title)
        if m:
            return int(m.group("y") or m.group("p"))
    if date and re.match(r"\d{4}-\d{2}", str(date)):
        return _date_plan_year(int(date[:4]), int(date[5:7]))
    if date and re.match(r"\d{4}", str(date)):
        return int(date[:4])
    m = _PATH_YEAR.match(PurePosixPath(source).stem)
    return int(m.group("y")) if m else None


def delivered_year(title: str | None, date: str | None) -> int | None:
    """The calendar year of delivery (from the date, or a date in the title)."""
    if date and re.match(r"\d{4}", str(date)):
        return int(str(date)[:4])
    d = _TITLE_DATE.search(title or "")
    return int(d.group("y")) if d else None


def document_info(source: str, title: str | None, date: str | None) -> DocumentInfo:
    """:class:`DocumentInfo` of a ``documents`` row (source, title, date).

    >>> document_info("政府工作报告-主要城市/兰州市/2017.md", "兰州市人民政府工作报告（2017）", "2016-12-15")
    DocumentInfo(work_report=True, report_year=2017, delivered_year=2016)
    """
    title = None if title is None or title != title else str(title)  # NaN from pandas
    date = None if date is None or date != date else str(date)
    work = bool(WORK_REPORT.search(title or "") or WORK_REPORT.search(source))
    return DocumentInfo(work, report_year(source, title, date), delivered_year(title, date))
