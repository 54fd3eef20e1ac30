"""Loading the researcher-editable lexicons of a ``lexicons/`` folder into one immutable object.

Every file of the folder is read here, and only when :func:`load` is called (never at
import): the run loads the configured folder (``Config.lexicons``) once per process and
hands the :class:`Lexicon` to the stages that need it; a library function given no
lexicon uses :func:`bundled`, the folder shipped with the package.

Formats (UTF-8, ``#`` starts a comment, blank lines ignored):

- ``slogans.txt``: one formulation per line; the entry is the first tab-separated field,
  then optional fields ``category``, ``region``, ``source``, ``note``.
- ``stopwords_domain.txt``: one word per line, added to the published list (stopwords-iso, zh).
- ``gazetteer.txt``: ``name<TAB>level<TAB>parent<TAB>aliases`` (aliases comma-separated).
- ``units.txt``: ``surface<TAB>unit<TAB>kind<TAB>role`` (see the file's header).
- ``formulations_mined.tsv``: formulations mined from an archive (``policytext lexicon mine``),
  with ``n_docs``, ``n_regions``, years, ``quoted_share``, an example, ``evidence``, ``n_national``,
  ``n_written_regions`` and ``whole_share``.
- ``slogan_scores.json``: the score model of slogan candidates, as data (coefficients and
  feature names; ``python bench/train_slogan_scores.py`` retrains it).
- ``metrics.txt``: ``canonical<TAB>measures<TAB>unit<TAB>aliases<TAB>national<TAB>tier`` (see the
  file's header): the canonical statistical indicators of ``indicators.metric_canonical``.
- ``idioms.txt``: one phrase per line: set phrases holding a numeral that are no formulations (slogans).
- ``numeral_idioms.txt``: one phrase per line: fixed phrases whose numerals are no indicators.
- ``tagger_words.txt``, ``tag_fixes.txt``: ``word<TAB>tag``: words added to the indicators'
  part-of-speech tagger, and tags it gets wrong.
- ``formulation_heads.txt``: one head per line: heads of named campaigns (学习教育, 倡议) before
  which ``policytext lexicon mine`` takes unquoted names.
- ``naming_context.txt``: ``role<TAB>word``: campaign verbs (``verb``) and heads (``head``) around a
  name, the naming use of a candidate national phrase (``policytext lexicon mine``).
- ``phrase_scores.json``: the phrase model of national phrases, as data (``python
  bench/train_phrase_scores.py`` retrains it; ``policytext lexicon mine`` applies it).
- ``headline_weights.txt``: ``feature<TAB>weight``: the weights of a page headline's named
  features (``headlines.choose_headline``; ``python bench/train_headline.py`` learns them).
- ``national_media.txt``: ``key<TAB>issuer``: national media and bodies; a source, masthead or
  account name containing the key is issued by that national body (``issuer_names.resolve_issuer``).
- ``local_media.txt``: ``name<TAB>division``: local media whose name holds no place (a city's or
  province's news app or site, 津云); a source, account or site named so is issued by that
  division's government (``issuer_names.resolve_issuer``, local_media).
- ``national_bodies.txt`` (bundled only): ``kind<TAB>word``: the prefixes, society kinds and paper kinds of
  a national body's or paper's name no list names (``issuer_names.national_shape``: national_body, placeless_paper).

A folder without one of these files (an empty project folder, or one made before a file moved out of
the code) reads the bundled file in its place (:func:`source`): a project folder need hold only the
files it edits.

>>> lex = load()
>>> "三抓三促" in lex.slogans
True
>>> next(u for u in lex.units if u.surface == "个百分点")
Unit(surface='个百分点', unit='百分点', kind='percentage_point', role='measure')
>>> next(m for m in lex.metrics if "社零总额" in m.aliases).canonical
'社会消费品零售总额'
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipeline import io
from pipeline.config import DEFAULT_LEXICONS

SLOGAN_FIELDS = ("entry", "category", "region", "source", "note")
SLOGAN_CATEGORIES = ("numbered", "named", "plan")  # the kinds of a slogans.txt entry (its ``category`` field)


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
class Unit:
    surface: str  # as written after the number
    unit: str  # value of indicators.unit
    kind: str  # count, money, quantity, percent, percentage_point, duration, ratio, age, class
    role: str  # measure, noun or class (see lexicons/units.txt)


MEASURES = ("level", "growth", "share", "rate", "count")
TIERS = ("headline", "summary", "detail")


@dataclass(frozen=True)
class Metric:
    canonical: str  # the National Bureau of Statistics' name (地区生产总值)
    measures: tuple[str, ...]  # measures it takes, the usual one first (level, growth, share, rate, count)
    unit: str  # base unit of its level or count ("" when none)
    aliases: tuple[str, ...] = ()  # wordings mapped to it (生产总值, GDP, 经济总量 …)
    national: str = ""  # its name for the whole country (国内生产总值), "" when the same
    tier: str = "headline"  # headline, summary or detail: which review results enter the panel


@dataclass(frozen=True)
class Lexicon:
    """Everything read from one lexicons folder (see :func:`load`)."""

    slogans: dict[str, SloganEntry] = field(default_factory=dict)  # slogans.txt, by entry (treat as read-only)
    stopwords: frozenset[str] = frozenset()  # stopwords-iso (zh) and stopwords_domain.txt
    places: tuple[Place, ...] = ()  # gazetteer.txt, in file order
    fingerprint: str = ""  # sha1 over the lexicon files: keys cached work
    units: tuple[Unit, ...] = ()  # units.txt, in file order (the first line of a surface wins)
    folder: Path | None = None  # where the files were read from (None: built in code)
    mined: dict = field(default_factory=dict)  # formulations_mined.tsv: formulation -> formulations.MinedEntry
    score_model: dict | None = None  # slogan_scores.json: the candidates' score model as data (None: the bundled one)
    metrics: tuple[Metric, ...] = ()  # metrics.txt, in file order (the first line of a canonical name wins)
    # the rules' word lists (None: the bundled file's, see :func:`rule_words`)
    idioms: frozenset[str] | None = None  # idioms.txt: set phrases with a numeral, no formulations
    numeral_idioms: tuple[str, ...] | None = None  # numeral_idioms.txt, in file order: numerals in them are no indicators
    tagger_words: tuple[tuple[str, str], ...] | None = None  # tagger_words.txt: (word, tag) added to the indicators' tagger
    tag_fixes: tuple[tuple[str, str], ...] | None = None  # tag_fixes.txt: (word, tag) replacing the tagger's tag
    formulation_heads: tuple[str, ...] | None = None  # formulation_heads.txt: heads of named campaigns (lexicon mine)
    naming_context: tuple[tuple[str, str], ...] | None = None  # naming_context.txt: (role, word), verbs and heads around a name (lexicon mine)
    phrase_model: dict | None = None  # phrase_scores.json: the phrase model of national phrases as data (lexicon mine)
    headline_weights: tuple[tuple[str, float], ...] | None = None  # headline_weights.txt: (feature, weight) of the headline choice
    national_media: tuple[tuple[str, str], ...] | None = None  # national_media.txt: (key, issuer), national media and bodies
    local_media: tuple[tuple[str, str], ...] | None = None  # local_media.txt: (name, division), local media without a place name

    def rule_words(self, name: str):
        """One of the rules' word lists (``idioms``, ``numeral_idioms``, ``tagger_words``,
        ``tag_fixes``, ``formulation_heads``, ``naming_context``, ``phrase_model``, ``headline_weights``, ``national_media``, ``local_media``): this
        folder's, else the bundled folder's.

        >>> "一盘棋" in Lexicon().rule_words("idioms")
        True
        """
        value = getattr(self, name)
        return value if value is not None else getattr(bundled(), name)


def _lines(path: Path):
    for lineno, line in enumerate(io.read_text_lines(path), 1):
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


def read_pairs(path: Path) -> tuple[tuple[str, str], ...]:
    """``(word, tag)`` lines of a ``word<TAB>tag`` file, in file order."""
    out = []
    for lineno, line in _lines(path):
        f = [x.strip() for x in line.split("\t")]
        if len(f) < 2 or not f[0] or not f[1]:
            raise ValueError(f"{path}:{lineno}: bad line {line!r} (want word<TAB>tag)")
        out.append((f[0], f[1]))
    return tuple(out)


def read_weights(path: Path) -> tuple[tuple[str, float], ...]:
    """``(feature, weight)`` lines of a ``feature<TAB>weight`` file, in file order."""
    out = []
    for lineno, line in _lines(path):
        f = [x.strip() for x in line.split("\t")]
        try:
            out.append((f[0], float(f[1])))
        except (IndexError, ValueError):
            raise ValueError(f"{path}:{lineno}: bad line {line!r} (want feature<TAB>weight)") from None
    return tuple(out)


def read_phrases(path: Path) -> tuple[str, ...]:
    """The phrases of a one-per-line file, in file order, each once."""
    return tuple(dict.fromkeys(line.strip() for _, line in _lines(path)))


def read_units(path: Path) -> tuple[Unit, ...]:
    """The unit table of a ``units.txt``, in file order; a later line for a surface already
    listed is ignored."""
    out: dict[str, Unit] = {}
    for lineno, line in _lines(path):
        f = [x.strip() for x in line.split("\t")]
        if len(f) < 4 or f[3] not in ("measure", "noun", "class"):
            raise ValueError(f"{path}:{lineno}: bad line {line!r} (want surface, unit, kind, role)")
        out.setdefault(f[0], Unit(*f[:4]))
    return tuple(out.values())


def read_metrics(path: Path) -> tuple[Metric, ...]:
    """The canonical metrics of a ``metrics.txt``, in file order; a later line for a
    canonical name already listed is ignored."""
    out: dict[str, Metric] = {}
    for lineno, line in _lines(path):
        f = [x.strip() for x in line.split("\t")]
        measures = tuple(m.strip() for m in f[1].split(",")) if len(f) > 1 else ()
        if len(f) < 3 or not f[0] or not measures or any(m not in MEASURES for m in measures):
            raise ValueError(f"{path}:{lineno}: bad line {line!r} (want canonical, measures "
                             f"({', '.join(MEASURES)}), unit[, aliases[, national]])")
        dash = lambda x: "" if x == "-" else x  # noqa: E731
        aliases = tuple(a.strip() for a in dash(f[3] if len(f) > 3 else "").split(",") if a.strip())
        tier = f[5] if len(f) > 5 and f[5] else "headline"
        if tier not in TIERS:
            raise ValueError(f"{path}:{lineno}: tier {tier!r} is not one of {', '.join(TIERS)}")
        out.setdefault(f[0], Metric(f[0], measures, dash(f[2]), aliases, dash(f[4] if len(f) > 4 else ""), tier))
    return tuple(out.values())


@lru_cache(maxsize=1)
def published_stopwords() -> frozenset[str]:
    """The Chinese list of stopwords-iso (the ``stopwordsiso`` package)."""
    import stopwordsiso

    return frozenset(stopwordsiso.stopwords("zh"))


def source(folder: Path, name: str) -> Path:
    """The file ``name`` of a lexicons folder: the folder's own, else the bundled one (a project
    folder holding only the files it edits reads the others from the package).

    >>> source(Path("no-such-folder"), "units.txt") == DEFAULT_LEXICONS / "units.txt"
    True
    """
    own = Path(folder) / name
    return own if own.exists() else DEFAULT_LEXICONS / name


def fingerprint(folder: Path) -> str:
    """SHA-1 over the files a :func:`load` of ``folder`` reads (each the folder's own or the bundled one)
    and any other lexicon file the folder holds."""
    h = hashlib.sha1()
    own = {p.name for p in [*Path(folder).glob("*.txt"), *Path(folder).glob("*.tsv"), *Path(folder).glob("*.json")]}
    for name in sorted(own | set(FILES)):
        path = source(folder, name)
        if path.exists():
            h.update(name.encode())
            h.update(io.read_bytes(path))
    return h.hexdigest()


def load(folder: Path = DEFAULT_LEXICONS) -> Lexicon:
    """Load every lexicon of ``folder``; a file the folder lacks is read from the bundled folder
    (:func:`source`).

    >>> load(Path("no-such-folder")).units == bundled().units
    True
    """
    folder = Path(folder)

    def read(name, reader, absent=None):  # the folder's file, else the bundled one (absent when neither has it)
        path = source(folder, name)
        return reader(path) if path.exists() else absent

    slogans = read("slogans.txt", read_slogans, {})
    domain = read("stopwords_domain.txt", read_words, set())
    places = read("gazetteer.txt", read_places, ())
    units = read("units.txt", read_units, ())
    mined = read(MINED, read_mined, {})
    model = read(SCORE_MODEL, _read_score_model)
    metrics = read("metrics.txt", read_metrics, ())
    idioms = read(IDIOMS, read_phrases)
    return Lexicon(slogans, published_stopwords() | frozenset(domain), places, fingerprint(folder), units, folder,
                   mined=mined, score_model=model, metrics=metrics,
                   idioms=None if idioms is None else frozenset(idioms),
                   numeral_idioms=read(NUMERAL_IDIOMS, read_phrases),
                   tagger_words=read(TAGGER_WORDS, read_pairs), tag_fixes=read(TAG_FIXES, read_pairs),
                   formulation_heads=read(FORMULATION_HEADS, read_phrases),
                   naming_context=read(NAMING_CONTEXT, read_pairs),
                   phrase_model=read(PHRASE_MODEL, io.read_json),
                   headline_weights=read(HEADLINE_WEIGHTS, read_weights),
                   national_media=read(NATIONAL_MEDIA, read_pairs),
                   local_media=read(LOCAL_MEDIA, read_pairs))


MINED = "formulations_mined.tsv"  # policytext lexicon mine: established formulations of an archive
def _read_score_model(path: Path):
    from pipeline import slogan_scores

    return slogan_scores.read_model(path)


SCORE_MODEL = "slogan_scores.json"  # python bench/train_slogan_scores.py: the candidates' score model
IDIOMS = "idioms.txt"  # set phrases holding a numeral that are no formulations (slogan_rules.is_idiom)
NUMERAL_IDIOMS = "numeral_idioms.txt"  # fixed phrases whose numerals are no indicators (rule "idiom")
TAGGER_WORDS = "tagger_words.txt"  # words added to the indicators' part-of-speech tagger
TAG_FIXES = "tag_fixes.txt"  # tags the indicators' tagger gets wrong
FORMULATION_HEADS = "formulation_heads.txt"  # heads of named campaigns the miner takes unquoted
NAMING_CONTEXT = "naming_context.txt"  # campaign verbs and heads around a name (the miner's national phrases)
PHRASE_MODEL = "phrase_scores.json"  # python bench/train_phrase_scores.py: the phrase model of national phrases
HEADLINE_WEIGHTS = "headline_weights.txt"  # weights of a page headline's features (headlines.choose_headline)
NATIONAL_MEDIA = "national_media.txt"  # national media and bodies: name key -> issuer (issuer_names.resolve_issuer)
LOCAL_MEDIA = "local_media.txt"  # local media without a place in their name: name -> division (issuer_names.resolve_issuer)
NATIONAL_BODIES = "national_bodies.txt"  # shapes of national bodies and papers no list names (issuer_names.national_shape)
# every file a lexicons folder may hold (the bundled folder ships them all); a folder without one reads the bundled file
FILES = ("slogans.txt", "stopwords_domain.txt", "gazetteer.txt", "units.txt", "metrics.txt", MINED, SCORE_MODEL,
         IDIOMS, NUMERAL_IDIOMS, TAGGER_WORDS, TAG_FIXES, FORMULATION_HEADS, NAMING_CONTEXT, PHRASE_MODEL,
         HEADLINE_WEIGHTS, NATIONAL_MEDIA, LOCAL_MEDIA, NATIONAL_BODIES)


def read_mined(path: Path) -> dict:
    """The entries of a ``formulations_mined.tsv``, by formulation (see :mod:`pipeline.formulations`)."""
    from pipeline import formulations

    return formulations.read_mined(io.read_text_lines(path))


@lru_cache(maxsize=1)
def bundled() -> Lexicon:
    """The lexicons shipped with the package (``DEFAULT_LEXICONS``), loaded on first use:
    the default of library functions called without a lexicon (a run always hands the
    configured one)."""
    return load(DEFAULT_LEXICONS)


class FolderError(ValueError):
    """A lexicons folder cannot be written: it is missing, or it is the installed package's."""


def writable_folder(folder: Path, *, cwd: Path | None = None) -> Path:
    """``folder`` (absolute) when a command may write lexicons into it.

    The bundled folder is writable only from the project that holds it (the working folder's
    own ``lexicons/``): from any other folder a write there would change the lexicons of
    every project using the package, so it raises :class:`FolderError` (name a folder with
    ``--lexicons``, or copy the bundled one to ``./lexicons``). A missing folder raises too
    (a mistyped ``--lexicons`` must not create a folder without units or gazetteer).

    >>> writable_folder(DEFAULT_LEXICONS, cwd=DEFAULT_LEXICONS.parent) == DEFAULT_LEXICONS
    True
    """
    target = Path(folder).resolve()
    own = (Path.cwd() if cwd is None else Path(cwd)).resolve() / "lexicons"
    if not target.is_dir():
        raise FolderError(f"lexicons folder {target} does not exist; start one with `mkdir {target}` (a file it "
                          f"lacks is read from the bundled folder) or copy the bundled one: cp -r {DEFAULT_LEXICONS} {target}")
    if target == DEFAULT_LEXICONS.resolve() and own != target:
        raise FolderError(
            f"{target} holds the installed package's lexicons; run in a project folder with its own "
            f"lexicons/ (cp -r {target} ./lexicons), or name a folder with --lexicons or `lexicons` in policytext.toml")
    return target


@lru_cache(maxsize=1)
def national_body_shapes() -> dict[str, tuple[str, ...]]:
    """The bundled ``national_bodies.txt``: kind (``prefix``, ``body_head``, ``paper_head``) -> its words, in
    file order (the shapes of a national body's or paper's name, :func:`pipeline.issuer_names.national_shape`)."""
    out: dict[str, list[str]] = {}
    for kind, word in read_pairs(DEFAULT_LEXICONS / NATIONAL_BODIES):
        out.setdefault(kind, []).append(word)
    return {k: tuple(v) for k, v in out.items()}


class WordIndex(Mapping):
    """jieba's dictionary as a read-only mapping word -> ``(frequency, POS tag)``, looked up in
    sorted arrays (the words as UTF-8 bytes, their frequencies and tags) instead of a Python
    dict of its 349,000 entries: opening it reads nothing (the arrays are memory-mapped from
    the project's cache, :func:`jieba_dictionary`), a lookup costs a binary search (~3 µs, then
    remembered), so a run that asks for a few thousand words (a re-run of one changed file) no
    longer parses the whole file (~0.3 s) for them.

    >>> idx = WordIndex.from_lines(["发展 100 v", "中国 200 ns", "词 5"])
    >>> idx.get("中国"), idx["词"], "发展中" in idx, len(idx), sorted(idx)
    ((200, 'ns'), (5, ''), False, 3, ['中国', '发展', '词'])
    >>> idx.words_where(lambda freqs, tags: freqs >= 100)
    ['中国', '发展']
    """

    ARRAYS = ("words", "freqs", "tags")

    # distinct words looked up by binary search before the whole dictionary is read into a dict: a
    # process that asks this many (the first run's scoring of every candidate, mining an archive)
    # asks for much of it, and a dict answers each lookup ~50 times faster
    WHOLE_AFTER = 50_000

    def __init__(self, words, freqs, tags):
        self._words, self._freqs, self._tags = words, freqs, tags
        self._width = words.dtype.itemsize
        self._memo: dict[str, tuple[int, str] | None] = {}  # the words looked up (None: absent)
        self._whole = False  # whether _memo holds every entry (and no absent word)

    @classmethod
    def from_lines(cls, lines) -> "WordIndex":
        """The index of a dictionary's lines (``word freq [tag]``; the last line of a word wins,
        as a dict built line by line keeps it)."""
        import numpy as np

        entries: dict[bytes, tuple[int, bytes]] = {}
        for line in lines:
            parts = line.split()
            if len(parts) >= 2:
                entries[parts[0].encode("utf-8")] = (int(parts[1]), parts[2].encode("utf-8") if len(parts) > 2 else b"")
        keys = sorted(entries)
        return cls(np.array(keys or [b""], dtype=f"S{max(map(len, keys), default=1)}")[:len(keys)],
                   np.array([entries[k][0] for k in keys], dtype=np.int64),
                   np.array([entries[k][1] for k in keys] or [b""],
                            dtype=f"S{max((len(t) for _, t in entries.values()), default=0) or 1}")[:len(keys)])

    def arrays(self) -> dict:
        return dict(zip(self.ARRAYS, (self._words, self._freqs, self._tags)))

    def _find(self, word: str) -> tuple[int, str] | None:
        if not isinstance(word, str):
            return None
        b = word.encode("utf-8")
        # NUL bytes are padding in a fixed-width bytes array: a word holding one is no entry
        if not b or len(b) > self._width or b"\0" in b:
            return None
        i = int(self._words.searchsorted(b))
        if i < len(self._words) and self._words[i] == b:
            return int(self._freqs[i]), self._tags[i].decode("utf-8")
        return None

    def get(self, word, default=None):
        try:
            entry = self._memo[word]
        except KeyError:
            if self._whole:
                return default
            if len(self._memo) >= self.WHOLE_AFTER:
                self.read_whole()
                return self.get(word, default)
            entry = self._memo[word] = self._find(word)
        except TypeError:  # an unhashable key is no word
            return default
        return default if entry is None else entry

    def read_whole(self) -> "WordIndex":
        """Every entry read into a plain dict, which answers every later lookup (what a process that
        forks workers which look up many words does once for all of them); ``self``."""
        if self._whole:
            return self
        import numpy as np

        tags = np.asarray(self._tags)
        names = {t: t.decode("utf-8") for t in np.unique(tags).tolist()}
        self._memo = dict(zip((w.decode("utf-8") for w in np.asarray(self._words).tolist()),
                              zip(np.asarray(self._freqs).tolist(), (names[t] for t in tags.tolist()))))
        self._whole = True
        # every later lookup is the dict's own: the rules of a worker ask ~2 lookups per character of
        # text, and the method above costs ~3x the dict's (a raised KeyError for each absent word)
        self.get = self._dict_get
        return self

    def _dict_get(self, word, default=None):
        try:
            return self._memo.get(word, default)
        except TypeError:  # an unhashable key is no word
            return default

    def __getitem__(self, word) -> tuple[int, str]:
        entry = self.get(word)
        if entry is None:
            raise KeyError(word)
        return entry

    def __contains__(self, word) -> bool:
        return self.get(word) is not None

    def __len__(self) -> int:
        return len(self._words)

    def __iter__(self):
        return (w.decode("utf-8") for w in self._words)

    def words_where(self, keep) -> list[str]:
        """The words (in byte order) whose entries ``keep(freqs, tags)`` selects, computed on the
        whole arrays at once (``freqs``: integers, ``tags``: bytes such as ``b"ns"``)."""
        import numpy as np

        mask = np.asarray(keep(np.asarray(self._freqs), np.asarray(self._tags)), dtype=bool)
        return [w.decode("utf-8") for w in np.asarray(self._words)[mask].tolist()]


# the index's format: part of its cache folder's name (a new format builds a new index)
_INDEX_FORMAT = "2"


def _jieba_dict_path() -> Path:
    """jieba's ``dict.txt``, located without importing jieba (its import prints warnings and builds
    nothing we need)."""
    import importlib.util

    return Path(importlib.util.find_spec("jieba").submodule_search_locations[0]) / "dict.txt"


def _content_hash(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()[:16]


@lru_cache(maxsize=1)
def jieba_dictionary_version() -> str:
    """The SHA-1 of jieba's ``dict.txt`` (~3 ms for its 5 MB, once per process): part of the cache
    key of every stage (its rules ask :func:`jieba_dictionary`), so another dictionary computes
    every part, partial and kept result again."""
    return _content_hash(io.read_bytes(_jieba_dict_path()))


def _index_arrays_whole(arrays: dict) -> bool:
    """Whether the arrays read back are an index :meth:`WordIndex.from_lines` built: three 1-D arrays
    of one length, words and tags as bytes, frequencies as integers, the words strictly increasing
    (one vectorized pass, ~3 ms for 349,000 words: a binary search in an unsorted array finds
    nothing, silently)."""
    import numpy as np

    words, freqs, tags = (arrays[n] for n in WordIndex.ARRAYS)
    if any(a.ndim != 1 for a in (words, freqs, tags)) or not (len(words) == len(freqs) == len(tags)):
        return False
    if words.dtype.kind != "S" or tags.dtype.kind != "S" or freqs.dtype != np.dtype(np.int64):
        return False
    return bool(np.all(words[:-1] < words[1:]))


@lru_cache(maxsize=1)
def jieba_dictionary() -> WordIndex:
    """jieba's bundled dictionary (the one rjieba embeds): word -> (frequency, POS tag), as a
    :class:`WordIndex`; read directly, no tokenizer touched. The one view of it for every rule
    that asks.

    Its arrays are built once from jieba's ``dict.txt`` into the project's cache
    (:func:`pipeline.io.cache_folder`, a folder named after the index's format and the SHA-1 of
    the file's bytes, so that another dictionary, even of the same size and time, builds its
    own) and memory-mapped from there by every later process, which checks them first (see
    :func:`_index_arrays_whole`: arrays cut, mixed or of another type are built again); with no
    writable cache they are built in memory."""
    path = _jieba_dict_path()
    data = io.read_bytes(path)
    name = f"words-{_INDEX_FORMAT}-{_content_hash(data)}"
    try:
        folder = io.cache_folder("jieba") / name
    except OSError:
        folder = None
    arrays = io.read_arrays(folder, WordIndex.ARRAYS) if folder is not None else None
    if arrays is not None and _index_arrays_whole(arrays):
        return WordIndex(*(arrays[n] for n in WordIndex.ARRAYS))
    index = WordIndex.from_lines(data.decode("utf-8").splitlines())
    if folder is not None:
        try:
            io.write_arrays(folder, index.arrays())
        except OSError:
            pass
    return index
