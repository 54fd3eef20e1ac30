"""Loading the researcher-editable lexicons in ``lexicons/``.

Formats (UTF-8, ``#`` starts a comment, blank lines ignored):

- ``slogans.txt``: one formulation per line; the entry is the first tab-separated field,
  then optional fields ``category``, ``region``, ``source``, ``note``.
- ``stopwords_domain.txt``: one word per line, added to the published list (stopwords-iso, zh).
- ``gazetteer.txt``: ``name<TAB>level<TAB>parent<TAB>aliases`` (aliases comma-separated).

>>> lex = load()
>>> "三抓三促" in lex.slogans
True
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipeline.config import DEFAULT_LEXICONS

SLOGAN_FIELDS = ("entry", "category", "region", "source", "note")


@dataclass(frozen=True)
class SloganEntry:
    entry: str
    category: str = ""
    region: str = ""
    source: str = ""
    note: str = ""


@dataclass(frozen=True)
class Place:
    name: str  # short name as used in text, e.g. 平凉
    level: str  # province / prefecture / county / district
    parent: str  # short name of the enclosing unit ("" for provinces)
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lexicon:
    slogans: dict[str, SloganEntry] = field(default_factory=dict)
    stopwords: frozenset[str] = frozenset()
    places: tuple[Place, ...] = ()
    fingerprint: str = ""  # sha1 over the lexicon files: keys cached work


def _lines(path: Path):
    with open(path, encoding="utf-8-sig") as fh:
        for lineno, raw in enumerate(fh, 1):
            line = raw.rstrip("\r\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            yield lineno, line


def read_slogans(path: Path) -> dict[str, SloganEntry]:
    """Entries of a slogan lexicon file, keyed by entry (later duplicates are ignored)."""
    out: dict[str, SloganEntry] = {}
    for _, line in _lines(path):
        fields = [f.strip() for f in line.split("\t")][: len(SLOGAN_FIELDS)]
        if not fields[0]:
            continue
        out.setdefault(fields[0], SloganEntry(*fields))
    return out


def read_words(path: Path) -> set[str]:
    return {line.split("\t")[0].strip() for _, line in _lines(path)} - {""}


def read_places(path: Path) -> tuple[Place, ...]:
    places = []
    for lineno, line in _lines(path):
        f = [x.strip() for x in line.split("\t")]
        if len(f) < 3:
            raise ValueError(f"{path}:{lineno}: expected name<TAB>level<TAB>parent[<TAB>aliases]")
        aliases = tuple(a for a in (f[3].split(",") if len(f) > 3 else []) if a)
        places.append(Place(f[0], f[1], f[2], aliases))
    return tuple(places)


@lru_cache(maxsize=1)
def published_stopwords() -> frozenset[str]:
    """The Chinese list of stopwords-iso (the ``stopwordsiso`` package)."""
    import stopwordsiso

    return frozenset(stopwordsiso.stopwords("zh"))


def fingerprint(folder: Path) -> str:
    h = hashlib.sha1()
    for p in sorted(Path(folder).glob("*.txt")):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def load(folder: Path = DEFAULT_LEXICONS) -> Lexicon:
    """Load every lexicon in ``folder`` (missing files give empty lexicons)."""
    folder = Path(folder)
    slogans = read_slogans(folder / "slogans.txt") if (folder / "slogans.txt").exists() else {}
    domain = read_words(folder / "stopwords_domain.txt") if (folder / "stopwords_domain.txt").exists() else set()
    places = read_places(folder / "gazetteer.txt") if (folder / "gazetteer.txt").exists() else ()
    return Lexicon(slogans, published_stopwords() | frozenset(domain), places, fingerprint(folder))
