"""Configuration: one immutable, documented object with defaults.

Loaded from ``policytext.toml`` (every key optional; an unknown key is an error naming it)
and overridden from the command line. Each stage owns one section.

>>> cfg = Config()
>>> cfg.segment.hmm
False
>>> cfg.replace(corpus=Path("my_corpus")).corpus
PosixPath('my_corpus')
"""

from __future__ import annotations

import dataclasses
import difflib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_LEXICONS = PROJECT_ROOT / "lexicons"  # the lexicons shipped with the package
# `policytext lexicon add --from-candidates`' default --min-score: the lowest score from which every higher
# threshold keeps >= 0.95 precision on dev golds held out one at a time (the priors round too), the trainer's `chosen`
# lexicon_add_min_score for the bundled model (lexicons/slogan_scores.json; tests/test_slogan_model_guards.py)
LEXICON_ADD_MIN_SCORE = 0.82


def default_lexicons() -> Path:
    """The working folder's ``lexicons/`` if there is one (the project's own), else the bundled folder.

    >>> default_lexicons() in (DEFAULT_LEXICONS, Path.cwd().resolve() / "lexicons")
    True
    """
    try:
        own = Path.cwd().resolve() / "lexicons"
    except OSError:  # the working folder was removed
        return DEFAULT_LEXICONS
    return own if own.is_dir() else DEFAULT_LEXICONS


class ConfigError(ValueError):
    """A configuration file or option is wrong; the message names the key."""


def choice(default, *allowed):
    """A field whose value (or, for a list, each item) must be one of ``allowed`` (checked by
    :class:`Checked` when the section is built: a wrong value is refused before a run writes anything)."""
    return field(default=default, metadata={"choices": allowed})


class Checked:
    """A configuration section (or the top level) whose :func:`choice` fields are checked when built.

    >>> TopicConfig(unit="sentence")
    Traceback (most recent call last):
    pipeline.config.ConfigError: topics.unit must be one of document, paragraph, chunk; got 'sentence'
    """

    SECTION = ""  # its name in policytext.toml ("" for the top level)

    def __post_init__(self):
        for f in dataclasses.fields(self):
            allowed = f.metadata.get("choices")
            if not allowed:
                continue
            value = getattr(self, f.name)
            name = f"{self.SECTION}.{f.name}" if self.SECTION else f.name
            items = value if isinstance(value, (tuple, list)) else (value,)
            wrong = [v for v in items if v not in allowed]
            if isinstance(value, (tuple, list)) and not items:
                raise ConfigError(f"{name} needs at least one of {', '.join(allowed)}; got an empty list")
            if wrong:
                got = repr(wrong[0]) if len(wrong) == 1 else repr(list(wrong))
                raise ConfigError(f"{name} must be {'one' if not isinstance(value, (tuple, list)) else 'a list'} of "
                                  f"{', '.join(allowed)}; got {got}")


@dataclass(frozen=True)
class IngestConfig:
    extensions: tuple[str, ...] = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")  # files read from the corpus (PDF: with a text layer)
    max_file_mb: float = 200.0  # larger files are rejected into ingest_errors


@dataclass(frozen=True)
class SegmentConfig(Checked):
    SECTION = "segment"
    hmm: bool = False  # HMM off: measured on the bundled corpus (see README, Segmentation)
    engine: str = choice("rjieba", "rjieba", "jieba")  # rjieba (fast, same tokens) or jieba (reference)
    protect_discovered: bool = True  # discovered formulations are single tokens too
    min_candidate_score: float = 0.42  # score (a calibrated probability) a discovered formulation needs to be protected (one token): the lowest from which every higher threshold keeps >= 0.875 precision out of gold; the trainer's `chosen` for the bundled model (lexicons/slogan_scores.json, bench/train_slogan_scores.py, 11 dev golds held out one at a time; tests/test_slogan_model_guards.py keeps them equal)
    parallel_min_chars: int = 300_000  # below this many characters a call handed a pool runs in-process


@dataclass(frozen=True)
class IndicatorConfig:
    window: int = 24  # characters before a number searched for its metric
    min_chinese: float = 10.0  # smallest Chinese-numeral count taken (一批, 两个, 三类 are rhetoric)
    implied_yuan: bool = True  # an amount in 亿 with no unit (超千亿产业集群) is money in 元


@dataclass(frozen=True)
class SloganConfig:
    discover: bool = True  # structural discovery on top of the lexicon
    min_score: float = 0.42  # candidate score (a calibrated probability) a numbered or plan formulation needs to appear in `slogans`: the median of the thresholds within 0.005 of their best occurrence F1 out of gold (0.940); the trainer's `chosen` for the bundled model (lexicons/slogan_scores.json, bench/train_slogan_scores.py, 11 dev golds held out one at a time; tests/test_slogan_model_guards.py keeps them equal)
    min_score_named: float = 0.1  # for named formulations (another base rate and other features): the highest keeping 0.95 of the named formulations among candidates out of gold (their F1 is flat there); the trainer's `chosen` for the bundled model (lexicons/slogan_scores.json, bench/train_slogan_scores.py, 11 dev golds held out one at a time; tests/test_slogan_model_guards.py keeps them equal)
    propagate_score: float = 0.6  # found by structure with this score: its unquoted repeats count too
    mined: bool = True  # also match the established formulations of lexicons/formulations_mined.tsv


@dataclass(frozen=True)
class TopicConfig(Checked):
    SECTION = "topics"
    # Keywords and topic models; README "Keywords and topics" explains every option.
    models: tuple[str, ...] = choice(("lda", "nmf"), "lda", "nmf")  # lda (variational LDA started from the NMF of its k) and/or nmf (scikit-learn)
    unit: str = choice("paragraph", "document", "paragraph", "chunk")  # what a topic model sees as one text: document, paragraph or chunk
    chunk_chars: int = 400  # chunk size in characters when unit = chunk
    min_unit_terms: int = 5  # units with fewer dictionary terms are left out of the models
    k_min: int = 3  # candidate numbers of topics: range(k_min, k_max + 1, k_step)
    k_max: int = 12
    k_step: int = 3
    no_below: int = 2  # gensim filter_extremes: keep terms in >= no_below units
    no_above: float = 0.5  # ... and in <= no_above share of units
    no_below_per_units: int = 2000  # no_below grows with the corpus: at least one per this many units
    top_n: int = 10  # terms per topic in topic_terms, coherence and diversity
    seed: int = 42  # random_state of every model: same input -> identical tables
    passes: int = 3  # LDA variational EM passes over the units it is trained on (started from NMF; 5 gave the same coherence)
    estep_iter: int = 3  # LDA: updates of every unit's topic mixture per pass
    nmf_solver: str = choice("cd", "cd", "mu")  # scikit-learn NMF solver: "cd" (coordinate descent) or "mu" (multiplicative updates)
    nmf_tol: float = 1e-3  # NMF stops when its relative improvement falls below this
    nmf_max_iter: int = 50  # NMF iterations at most
    relevance_lambda: float = 0.6  # LDA top terms ranked by relevance (Sievert & Shirley 2014); 1 = by p(term|topic)
    refine: bool = True  # after the grid, also try the midpoints between the best k and its grid neighbours
    k_ceiling: int = 30  # while the largest k tried is as good as the best (within k_tolerance), the search adds k + k_step, up to this (0: stop at k_max)
    diversity_floor: float = 0.5  # k-selection: candidates below this topic diversity are ruled out
    k_tolerance: float = 0.005  # k-selection: smallest k whose c_npmi × diversity is within max(this, the best's standard error) of the best
    k_se: float = 0.0  # ... or within k_se standard errors of the best's c_npmi × diversity, if more (1: one-standard-error rule; 0: k_tolerance alone)
    select_max_units: int = 10000  # models are trained on the sample's first this many units (by content hash; 0 = all)
    score_max_units: int = 20000  # the sample: the units with the smallest content hashes, at most this many (0 = all); scores c_npmi
    coherence_window: int = 10  # c_npmi: terms co-occur within a sliding window of this many terms (gensim's); 0 = in one unit
    c_v: str = choice("chosen", "chosen", "all", "none")  # c_v (gensim, costly, not used to choose k) for the "chosen" models, "all" candidates, or "none"
    extra_stopwords: tuple[str, ...] = ()  # more words kept out of keywords and topics
    generic_stopwords: bool = True  # drop generic report verbs/structure words (topic_corpus.GENERIC_STOPWORDS)
    keywords_top_n: int = 20  # keywords per document and method
    textrank_window: int = 5  # TextRank: terms co-occur within this many terms of one sentence


@dataclass(frozen=True)
class Config(Checked):
    corpus: Path = PROJECT_ROOT / "corpus"
    out: Path = PROJECT_ROOT / "outputs"
    lexicons: Path = field(default_factory=default_lexicons)  # ./lexicons if present, else the bundled folder
    workers: int = 0  # worker processes for per-file stages; 0 = number of cores
    engine: str = choice("local", "local", "dask")  # local (process pool) or dask
    scheduler: str = ""  # dask scheduler address (tcp://host:8786); empty = a local Dask cluster
    ingest: IngestConfig = field(default_factory=IngestConfig)
    segment: SegmentConfig = field(default_factory=SegmentConfig)
    indicators: IndicatorConfig = field(default_factory=IndicatorConfig)
    slogans: SloganConfig = field(default_factory=SloganConfig)
    topics: TopicConfig = field(default_factory=TopicConfig)

    def __post_init__(self):
        super().__post_init__()
        if self.workers < 0:  # (0 means every core; a negative count has no meaning)
            raise ConfigError(f"workers expects 0 (one per core) or a number of worker processes, got {self.workers}")

    def replace(self, **changes) -> "Config":
        """A copy with top-level fields changed; ``section__key=value`` changes a section."""
        top = {k: v for k, v in changes.items() if "__" not in k}
        sections: dict[str, dict] = {}
        for key, value in changes.items():
            if "__" in key:
                section, name = key.split("__", 1)
                _check_section(section, key.replace("__", "."))
                sections.setdefault(section, {})[name] = value
        for key in top:
            if key in section_classes() and not dataclasses.is_dataclass(top[key]):
                raise ConfigError(f"{key!r} is a section, not an option: set its keys as {key}.KEY "
                                  f"(known keys: {_keys(section_classes()[key])})")
        for section, values in sections.items():
            top[section] = _build(type(getattr(self, section)), values, section, base=getattr(self, section))
        return _build(Config, top, "", base=self)

    def as_dict(self) -> dict:
        return _jsonable(dataclasses.asdict(self))


def section_classes() -> dict[str, type]:
    """The sections of the configuration (``[topics]`` in ``policytext.toml``, ``topics.KEY`` in
    ``--set``) and the class of each.

    >>> list(section_classes())
    ['ingest', 'segment', 'indicators', 'slogans', 'topics']
    """
    return {f.name: f.default_factory for f in dataclasses.fields(Config) if dataclasses.is_dataclass(f.default_factory)}


def _keys(cls) -> str:
    return ", ".join(f.name for f in dataclasses.fields(cls))


def _check_section(section: str, key: str) -> None:
    """Refuse ``section.KEY`` when ``section`` is no section: name it, the known ones and the likely one.

    >>> _check_section("topic", "topic.k_max")
    Traceback (most recent call last):
    pipeline.config.ConfigError: unknown configuration section 'topic' (in 'topic.k_max'); did you mean 'topics'? known sections: ingest, segment, indicators, slogans, topics
    """
    known = section_classes()
    if section in known:
        if "." in key.split(".", 1)[-1]:
            raise ConfigError(f"configuration key {key!r} has one dot too many: an option is section.key "
                              f"(known keys of {section}: {_keys(known[section])})")
        return
    if section in {f.name for f in dataclasses.fields(Config)}:
        raise ConfigError(f"{section!r} is an option, not a section: set it as {section}=VALUE "
                          f"(known sections: {', '.join(known)})")
    where = f" (in {key!r})" if key != section else ""
    raise ConfigError(f"unknown configuration section {section!r}{where}{_did_you_mean(section, known)} "
                      f"known sections: {', '.join(known)}")


def _did_you_mean(name: str, known, prefix: str = "") -> str:
    """``; did you mean 'X'?`` for the known name closest to a mistyped one (``prefix`` before it), else ``;``."""
    close = difflib.get_close_matches(name, list(known), n=1)
    return f"; did you mean {prefix + close[0]!r}?" if close else ";"


def _jsonable(obj):
    if isinstance(obj, dict):
        return {k: _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, Path):
        return str(obj)
    return obj


def _build(cls, values: dict, where: str, base=None):
    known = {f.name: f for f in dataclasses.fields(cls)}
    for key in values:
        if key not in known:
            name = f"{where}.{key}" if where else key
            hint = _did_you_mean(key, known, f"{where}." if where else "")
            raise ConfigError(f"unknown configuration key {name!r}{hint} known keys{f' of {where}' if where else ''}: "
                              f"{', '.join(known)}")
    kwargs = {}
    for key, value in values.items():
        default = getattr(base, key) if base is not None else None
        kwargs[key] = _coerce(value, default, f"{where}.{key}" if where else key)
    return dataclasses.replace(base, **kwargs) if base is not None else cls(**kwargs)


def _coerce(value, default, name: str):
    """``value`` in the type of the option's ``default``: a path, a list from a TOML array or
    a comma-separated word list (``--set topics.models=nmf`` or ``lda,nmf``), an int where a
    float is expected; any other mismatch is a :class:`ConfigError` naming the option.

    >>> _coerce("lda, nmf", ("lda",), "topics.models")
    ('lda', 'nmf')
    >>> _coerce("many", 3, "topics.k_max")
    Traceback (most recent call last):
    pipeline.config.ConfigError: topics.k_max expects an integer (like 3), got 'many'
    """
    if default is None:
        return value
    if isinstance(default, Path):
        if isinstance(value, Path) or (isinstance(value, str) and value.strip()):
            return value if isinstance(value, Path) else Path(value)
        raise ConfigError(f"{name} expects a folder path (a non-empty string, like {str(default)!r}), got {value!r}")
    if isinstance(default, tuple):
        if isinstance(value, str):
            return tuple(v.strip() for v in value.split(",") if v.strip())
        if isinstance(value, (list, tuple)) and all(isinstance(v, type(d)) for v in value for d in default[:1]):
            return tuple(value)
    elif isinstance(default, bool):
        if isinstance(value, bool):
            return value
    elif isinstance(default, int):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif isinstance(default, float):
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value == value:  # (nan is no number)
            return float(value)
    elif isinstance(default, str):
        if isinstance(value, str):
            return value
    else:
        return value
    kinds = {bool: "true or false", int: "an integer", float: "a number", str: "a string", tuple: "a list"}
    if isinstance(default, tuple) and default:
        kinds[tuple] = f"a list of {type(default[0]).__name__}"
    raise ConfigError(f"{name} expects {kinds[type(default)]} (like {_example(default)}), got {value!r}")


def _example(default) -> str:
    if isinstance(default, bool):
        return str(default).lower()
    if isinstance(default, tuple):
        return "[" + ", ".join(repr(v) for v in default) + "]"
    return repr(default)


def load(path: Path | None = None, **overrides) -> Config:
    """Read ``policytext.toml`` (if given or present in the working folder) and apply overrides.

    Relative paths in the file are taken relative to the file's folder.
    """
    cfg = Config()
    if path is None and Path("policytext.toml").is_file():
        path = Path("policytext.toml")
    if path is not None:
        path = Path(path)
        try:
            from pipeline import io  # the I/O layer (imported here: io's tables import nothing of config)

            data = tomllib.loads(io.read_text(path))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{path}: {exc}") from exc
        flat: dict = {}
        for key, value in data.items():
            if isinstance(value, dict):
                try:
                    _check_section(key, key)
                except ConfigError as exc:
                    raise ConfigError(f"{path}: {exc}") from exc
                for sub, subval in value.items():
                    flat[f"{key}__{sub}"] = subval
            else:
                if key in ("corpus", "out", "lexicons"):  # a folder, relative to the file's
                    try:
                        value = _coerce(value, Path(key), key)
                    except ConfigError as exc:
                        raise ConfigError(f"{path}: {exc}") from exc
                    value = value if value.is_absolute() else path.parent / value
                flat[key] = value
        try:
            cfg = cfg.replace(**flat)
        except ConfigError as exc:
            raise ConfigError(f"{path}: {exc}") from exc
    overrides = {k: v for k, v in overrides.items() if v is not None}
    return cfg.replace(**overrides) if overrides else cfg


def file_keys(path: Path | None = None) -> set[str]:
    """The top-level keys a configuration file sets (the file :func:`load` reads: ``path``, else
    ``./policytext.toml`` if present); empty when there is none or it cannot be read (:func:`load`
    reports that)."""
    if path is None and Path("policytext.toml").is_file():
        path = Path("policytext.toml")
    if path is None:
        return set()
    try:
        from pipeline import io

        return set(tomllib.loads(io.read_text(Path(path))))
    except (OSError, tomllib.TOMLDecodeError):
        return set()


def parse_assignment(text: str) -> tuple[str, object]:
    """``section.key=value`` (or ``key=value``) from the command line, value read as TOML.

    >>> parse_assignment("segment.hmm=true")
    ('segment__hmm', True)
    >>> parse_assignment("topics.models=['nmf']")
    ('topics__models', ['nmf'])
    >>> parse_assignment("corpus=texts")
    ('corpus', 'texts')
    """
    key, sep, raw = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise ConfigError(f"--set expects KEY=VALUE (e.g. segment.hmm=true), got {text!r}")
    try:
        value = tomllib.loads(f"v = {raw.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw.strip()  # a bare word: a string
    return key.replace(".", "__"), value


def _field_comments(cls) -> dict[str, str]:
    import inspect
    import re

    out = {}
    for line in inspect.getsource(cls).splitlines():
        m = re.match(r"\s+(\w+):[^=]+=.*?#\s*(.+)$", line)
        if m:
            out[m.group(1)] = m.group(2).strip()
    return out


def _toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    return '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_toml(cfg: Config, base: Path | None = None) -> str:
    """The configuration as a commented ``policytext.toml`` (every option, its value, its meaning).

    ``base``: the folder the file is meant for (the working folder of ``policytext config >
    policytext.toml``): a path inside it is written relative to it, as :func:`load` reads a file's
    relative paths, so the file keeps working when the project folder moves.

    >>> [l for l in to_toml(Config(corpus=Path("/p/corpus")), base=Path("/p")).splitlines() if l.startswith("corpus")]
    ['corpus = "corpus"']
    """
    lines = ["# policytext.toml: every option with its current value (paths relative to this file's folder). "
             "CLI: --set section.key=value", ""]
    sections = []
    comments = _field_comments(Config)
    for f in dataclasses.fields(cfg):
        value = getattr(cfg, f.name)
        if dataclasses.is_dataclass(value):
            sections.append((f.name, value))
            continue
        if isinstance(value, Path) and base is not None and value.is_relative_to(base):
            value = value.relative_to(base).as_posix() or "."
        note = f"  # {comments[f.name]}" if f.name in comments else ""
        lines.append(f"{f.name} = {_toml_value(value)}{note}")
    for name, section in sections:
        lines += ["", f"[{name}]"]
        comments = _field_comments(type(section))
        for f in dataclasses.fields(section):
            note = f"  # {comments[f.name]}" if f.name in comments else ""
            lines.append(f"{f.name} = {_toml_value(getattr(section, f.name))}{note}")
    return "\n".join(lines) + "\n"
