"""Exports: every table as a CSV, Excel or Stata file a researcher opens directly.

``policytext export --format csv|xlsx|dta`` writes one file per table under
``OUT/exports/``. The conversions are pure functions (frame in, new frame out) so they are
tested on their own; :func:`export` is the thin I/O edge that reads the Parquet tables
through :mod:`pipeline.io` and writes each file atomically (temporary file, then rename).

- CSV: UTF-8 with a byte-order mark (``utf-8-sig``), so Excel shows the Chinese right.
- Excel: one sheet per table (split into ``name_2``… past Excel's 1,048,576 rows), frozen
  header row, column widths from the content (a CJK character counts two), texts over
  Excel's 32,767-character cell limit truncated with a visible marker, and a ``columns``
  sheet describing every column plus what was truncated.
- Stata: format 118 (Unicode), strings over 2,045 bytes as ``strL``, variable labels
  from the table declaration, names made valid for Stata.

List columns (``authors``, ``removed``, ``rules`` …) become one string joined by ``;``.

>>> import pandas as pd
>>> flatten(pd.DataFrame({"authors": [["张三", "李四"], []]}))["authors"].tolist()
['张三;李四', '']
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline import io, schemas

FORMATS = ("csv", "xlsx", "dta")
LIST_SEP = io.LIST_SEP  # ";", for every file the project exports
EXCEL_CELL_MAX = 32_767  # characters Excel keeps in one cell
EXCEL_MAX_ROWS = 1_048_576  # rows in one sheet, header included
EXCEL_WIDTH = (8, 60)  # narrowest and widest column, in character widths
STATA_STR_MAX = 2_045  # bytes in a fixed-width str# variable (format 118); longer → strL
STATA_LABEL_MAX = 80  # characters in a variable or data label
TRUNCATED = "…［截断：原文 {n} 字，全文见 CSV/Parquet］"  # marker ending a truncated cell

# characters Excel's XML cannot hold (C0 controls except tab, newline, carriage return)
_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# a Stata name: letters, digits and _, not starting with a digit, at most 32 characters
_STATA_BAD = re.compile(r"[^A-Za-z0-9_]")
# Stata's reserved words (its own and Mata's) cannot be variable names
_STATA_RESERVED = frozenset(
    "aggregate array boolean break byte case catch class colvector complex const continue "
    "default delegate delete do double else eltypedef end enum explicit export external "
    "float for friend function global goto if inline int local long NULL pragma protected "
    "quad rowvector short typedef typename virtual _all _N _skip _b _pi in _pred strL _coef "
    "_rc using _cons _se with _n str".split())


class ExportError(ValueError):
    """A request the user must fix (unknown format or table, nothing to export)."""


@dataclass
class ExportResult:
    """Files written, tables skipped (with the reason) and notes on changed values."""

    files: dict[str, list[Path]] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


# --- pure conversions -------------------------------------------------------------------

# a copy with list columns joined by ``;``: the same in CSV (io.write_csv joins them), Excel and Stata
flatten = io.join_lists


def display_width(text: str) -> int:
    """Width of ``text`` in Excel character units: wide (CJK) characters count two.

    >>> display_width("甘肃 GS")
    7
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def column_widths(df: pd.DataFrame, sample: int = 2000) -> list[float]:
    """Excel widths per column: header and the first ``sample`` values, clamped."""
    lo, hi = EXCEL_WIDTH
    widths = []
    for col in df.columns:
        values = df[col].head(sample).dropna().astype(str)
        longest = max([display_width(str(col))] + [display_width(v.split("\n", 1)[0][:200]) for v in values])
        widths.append(float(min(hi, max(lo, longest + 2))))
    return widths


def for_excel(df: pd.DataFrame, name: str = "table") -> tuple[pd.DataFrame, list[str]]:
    """A copy fit for an Excel sheet, and notes on every change made.

    Lists are joined; characters XML cannot hold are removed; texts over Excel's cell
    limit are cut with a marker saying how long the original was.

    >>> df, notes = for_excel(pd.DataFrame({"text": ["甘" * 40000]}), "documents")
    >>> len(df["text"][0]) <= EXCEL_CELL_MAX, notes[0].startswith("documents.text: 1 cell")
    (True, True)
    """
    out = flatten(df)
    notes: list[str] = []
    for col in out.columns:
        s = out[col]
        if not (pd.api.types.is_string_dtype(s) or s.dtype == object):
            continue
        texts = s.dropna()
        texts = texts[texts.map(lambda v: isinstance(v, str))]
        illegal = texts.str.contains(_ILLEGAL_XLSX)
        if illegal.any():
            out[col] = s.map(lambda v: _ILLEGAL_XLSX.sub("", v) if isinstance(v, str) else v)
            notes.append(f"{name}.{col}: control characters removed from {int(illegal.sum())} cell(s)")
        lengths = out[col].dropna().map(lambda v: len(v) if isinstance(v, str) else 0)
        long = lengths[lengths > EXCEL_CELL_MAX]
        if len(long):
            out[col] = out[col].map(_truncate)
            notes.append(f"{name}.{col}: {len(long)} cell(s) over Excel's {EXCEL_CELL_MAX:,}-character "
                         f"limit truncated (longest {int(long.max()):,}); the full text is in the CSV, "
                         f"Stata and Parquet files")
    return out, notes


def _truncate(v):
    if not isinstance(v, str) or len(v) <= EXCEL_CELL_MAX:
        return v
    marker = TRUNCATED.format(n=len(v))
    return v[: EXCEL_CELL_MAX - len(marker)] + marker


def stata_names(columns: list[str]) -> dict[str, str]:
    """Valid, unique Stata variable names for ``columns`` (unchanged when already valid).

    >>> stata_names(["value", "1st", "end", "名称"])
    {'value': 'value', '1st': '_1st', 'end': 'end_', '名称': 'v4'}
    """
    names: dict[str, str] = {}
    taken: set[str] = set()
    for i, col in enumerate(columns, 1):
        name = _STATA_BAD.sub("_", str(col))
        if not name.strip("_"):
            name = f"v{i}"
        if name[0].isdigit():
            name = "_" + name
        if name in _STATA_RESERVED or re.fullmatch(r"str\d+", name):
            name += "_"
        name = name[:32]
        base, n = name, 1
        while name in taken:
            n += 1
            name = f"{base[: 32 - len(str(n)) - 1]}_{n}"
        taken.add(name)
        names[col] = name
    return names


def for_stata(df: pd.DataFrame, name: str | None = None) -> tuple[pd.DataFrame, list[str], dict[str, str], list[str]]:
    """A copy ready for ``to_stata(version=118)``: ``(frame, strl_columns, labels, notes)``.

    Lists are joined, missing strings become ``''`` (Stata has no missing string),
    booleans become 0/1, names are made valid, and string columns with a value over
    2,045 UTF-8 bytes are listed for ``strL``. ``labels`` maps each variable to the
    meaning declared in :mod:`pipeline.schemas` (when ``name`` is a declared table).

    >>> df, strl, labels, notes = for_stata(pd.DataFrame({"text": ["甘" * 700], "ok": [True]}))
    >>> strl, df["ok"].tolist()
    (['text'], [1])
    """
    out = flatten(df)
    notes: list[str] = []
    docs = {c.name: c.doc for c in schemas.TABLES[name].columns} if name in schemas.TABLES else {}
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_bool_dtype(s):
            out[col] = s.astype("int8")
        elif pd.api.types.is_string_dtype(s) or s.dtype == object:
            out[col] = s.map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v))
            out[col] = out[col].astype(object)
    renames = stata_names(list(out.columns))
    changed = {a: b for a, b in renames.items() if a != b}
    if changed:
        notes.append(f"{name}: variables renamed for Stata: " + ", ".join(f"{a} → {b}" for a, b in changed.items()))
    out = out.rename(columns=renames)
    strl = [c for c in out.columns if out[c].dtype == object
            and max(map(_utf8_len, out[c]), default=0) > STATA_STR_MAX]
    labels = {renames[c]: docs[c][:STATA_LABEL_MAX] for c in df.columns if c in docs}
    return out, strl, labels, notes


def _utf8_len(v: str) -> int:
    return len(v.encode("utf-8"))


# --- the I/O edge -----------------------------------------------------------------------

def output_tables() -> list[str]:
    """The declared tables a run writes to the output folder (not those kept in its part cache
    only, :data:`schemas.CACHE_ONLY`), in declaration order: the tables export can write."""
    return [name for name in schemas.TABLES if name not in schemas.CACHE_ONLY]


def available_tables(out: Path) -> list[str]:
    """Output tables present in the output folder, in declaration order."""
    return [name for name in output_tables() if io.has_table(out, name)]


def export(out: Path, fmt: str, *, tables: list[str] | None = None, dest: Path | None = None) -> ExportResult:
    """Write tables of ``out`` as ``fmt`` files into ``dest`` (default ``OUT/exports``).

    ``tables`` names the tables (default: every table present). An output table that
    has not been produced yet is skipped with the reason; an unknown name, a table kept in
    the part cache only (never in the output folder), an unknown format or an output folder
    without any table is an :class:`ExportError`.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    out = Path(out)
    cache_only = [t for t in tables or [] if t in schemas.CACHE_ONLY]
    if cache_only:
        raise ExportError(f"{', '.join(cache_only)}: kept in the part cache only (OUT/.cache/), for later stages "
                          f"to read; never an output table, so not exportable. Output tables: {', '.join(output_tables())}")
    unknown = [t for t in tables or [] if t not in schemas.TABLES]
    if unknown:
        raise ExportError(f"unknown table(s) {', '.join(unknown)}; output tables: {', '.join(output_tables())}")
    present = available_tables(out)
    if not present:
        raise ExportError(f"no tables in {out}; run `policytext run --out {out}` first")
    wanted = tables or present
    dest = Path(dest) if dest is not None else out / "exports"
    io.ensure_folder(dest)
    result = ExportResult()
    for name in wanted:
        if name not in present:
            result.skipped[name] = f"not in {out} (its stage has not run yet)"
            continue
        df = io.read_table(out, name)
        writer = {"csv": _write_csv, "xlsx": _write_xlsx, "dta": _write_dta}[fmt]
        path, notes = writer(df, name, dest)
        result.files[name] = [path]
        result.notes.extend(notes)
    return result


def _write_csv(df: pd.DataFrame, name: str, dest: Path) -> tuple[Path, list[str]]:
    return io.write_csv(dest / f"{name}.csv", df), []


def _write_dta(df: pd.DataFrame, name: str, dest: Path) -> tuple[Path, list[str]]:
    frame, strl, labels, notes = for_stata(df, name)
    label = schemas.TABLES[name].doc[:STATA_LABEL_MAX] if name in schemas.TABLES else None

    buf = BytesIO()  # the file is built in memory and written by the I/O layer, atomically
    frame.to_stata(buf, version=118, write_index=False, convert_strl=strl, variable_labels=labels, data_label=label)
    return io.write_atomic(dest / f"{name}.dta", buf.getvalue()), notes


def _write_xlsx(df: pd.DataFrame, name: str, dest: Path) -> tuple[Path, list[str]]:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    frame, notes = for_excel(df, name)
    per_sheet = EXCEL_MAX_ROWS - 1
    n_sheets = max(1, -(-len(frame) // per_sheet))
    if n_sheets > 1:
        notes.append(f"{name}: {len(frame):,} rows are over Excel's sheet limit; split into sheets "
                     + ", ".join(_sheet_name(name, i) for i in range(n_sheets)))
    widths = column_widths(frame)
    columns = list(frame.columns)
    # Python objects, NaN/NA as None (an empty cell)
    cells = frame.astype(object).where(frame.notna(), None)

    def write(p) -> None:
        wb = Workbook(write_only=True)
        bold = Font(bold=True)
        for i in range(n_sheets):
            ws = wb.create_sheet(_sheet_name(name, i))
            ws.freeze_panes = "A2"
            for j, w in enumerate(widths, 1):
                ws.column_dimensions[get_column_letter(j)].width = w
            header = []
            for col in columns:
                c = WriteOnlyCell(ws, value=str(col))
                c.font = bold
                header.append(c)
            ws.append(header)
            for row in cells.iloc[i * per_sheet:(i + 1) * per_sheet].itertuples(index=False, name=None):
                ws.append([_xlsx_value(ws, v) for v in row])
        _about_sheet(wb.create_sheet("columns"), name, columns, notes)
        wb.save(p)

    buf = BytesIO()  # the file is built in memory and written by the I/O layer, atomically
    write(buf)
    return io.write_atomic(dest / f"{name}.xlsx", buf.getvalue()), notes


def _sheet_name(name: str, i: int) -> str:
    return (name if i == 0 else f"{name}_{i + 1}")[:31]


def _xlsx_value(ws, v):
    from openpyxl.cell import WriteOnlyCell

    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, str) and v.startswith("="):  # text, never a formula
        cell = WriteOnlyCell(ws, value=v)
        cell.data_type = "s"
        return cell
    return v


def _about_sheet(ws, name: str, columns: list[str], notes: list[str]) -> None:
    """A second sheet: each column's type and meaning from the declaration, then the notes."""
    table = schemas.TABLES.get(name)
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 16
    ws.column_dimensions["C"].width = 80
    ws.append(["column", "type", "meaning"])
    decl = {c.name: c for c in table.columns} if table else {}
    for col in columns:
        c = decl.get(col)
        ws.append([col, str(c.type) if c else "", c.doc if c else ""])
    ws.append([])
    ws.append(["table", name, table.doc if table else ""])
    for note in notes:
        ws.append(["note", "", note])
