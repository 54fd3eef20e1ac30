"""All file I/O: reading the corpus and reading/writing Parquet tables.

Stage functions never touch the disk; they receive frames and return frames. Tables are
written atomically: to a temporary path in the output folder, then moved into place, so a
killed run never leaves a half-written table.

>>> import tempfile, pandas as pd
>>> out = Path(tempfile.mkdtemp())
>>> df = pd.DataFrame({"source": ["a.txt"], "kind": ["empty"], "message": ["file is empty"]})
>>> write_table(out, "ingest_errors", df).name
'ingest_errors.parquet'
>>> read_table(out, "ingest_errors").equals(df)
True
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import schemas


@dataclass(frozen=True)
class RawFile:
    """One corpus file: its bytes, or the reason it could not be read."""

    source: str  # path relative to the corpus folder, with forward slashes
    path: Path
    data: bytes | None = None
    error_kind: str | None = None
    error: str | None = None


def list_corpus(corpus: Path, extensions: tuple[str, ...]) -> tuple[list[Path], list[RawFile]]:
    """Files under ``corpus`` (recursive, sorted) with one of ``extensions``, and as error
    records: unreadable folders, and every other file (kind ``unsupported``).

    Hidden files and folders (``.DS_Store``, ``.git/``) and README files are not part of
    the corpus and are not listed at all.
    """
    files: list[Path] = []
    errors: list[RawFile] = []

    def onerror(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else corpus
        errors.append(RawFile(_rel(where, corpus), where, error_kind="unreadable",
                              error=f"cannot read folder: {exc.strerror or exc}"))

    for root, dirs, names in os.walk(corpus, onerror=onerror):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            p = Path(root) / name
            # README files document a corpus folder; they are not part of it
            if name.startswith(".") or name.upper().startswith("README"):
                continue
            if p.suffix.lower() in extensions:
                files.append(p)
            else:
                errors.append(RawFile(_rel(p, corpus), p, error_kind="unsupported",
                                      error=unsupported_message(p.suffix, extensions)))
    return files, errors


_CONVERT = {".doc": "DOC (old Word)", ".wps": "WPS", ".rtf": "RTF", ".odt": "ODT", ".xls": "Excel", ".xlsx": "Excel"}


def unsupported_message(suffix: str, extensions: tuple[str, ...]) -> str:
    """Why a file of this extension is not read, and what to do.

    >>> unsupported_message(".doc", (".txt", ".md", ".docx", ".pdf"))
    'DOC (old Word) file: not read; convert it: save it as .docx (or .txt, UTF-8) and put that in the corpus folder'
    """
    kind = _CONVERT.get(suffix.lower())
    if kind:
        return f"{kind} file: not read; convert it: save it as .docx (or .txt, UTF-8) and put that in the corpus folder" \
            if suffix.lower() in (".doc", ".wps", ".rtf", ".odt") else \
            f"{suffix} ({kind}) file: not read; convert it to .txt (UTF-8) and put that in the corpus folder"
    reads = ", ".join(extensions)
    what = f"{suffix} file" if suffix else "file with no extension"
    return f"{what}: not read (policytext reads {reads}); convert it to .txt, or rename it to .txt if it is plain text"


def _rel(path: Path, corpus: Path) -> str:
    try:
        return path.relative_to(corpus).as_posix()
    except ValueError:
        return path.as_posix()


def read_raw(path: Path, corpus: Path, *, max_bytes: int) -> RawFile:
    """Read one file's bytes; a vanished, unreadable or oversized file becomes an error record."""
    source = _rel(path, corpus)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return RawFile(source, path, error_kind="too_large",
                           error=f"{size / 1e6:.1f} MB is over the limit of {max_bytes / 1e6:.0f} MB")
        data = path.read_bytes()
    except FileNotFoundError:
        return RawFile(source, path, error_kind="vanished", error="file disappeared during the run")
    except OSError as exc:
        return RawFile(source, path, error_kind="unreadable", error=f"cannot read file: {exc.strerror or exc}")
    return RawFile(source, path, data=data)


class DecodeError(ValueError):
    """Bytes that are not text in any encoding we can identify."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode(data: bytes) -> tuple[str, str]:
    """Decode file bytes to text: ``(text, encoding)``.

    BOMs first; then strict UTF-8; then charset-normalizer's detection from the bytes; a
    file that is mostly UTF-8 with a few invalid bytes is decoded as UTF-8 with the bad
    bytes replaced (U+FFFD), so good text is never lost.
    """
    if not data:
        raise DecodeError("empty", "file is empty")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise DecodeError("decode", f"starts with a {enc} byte-order mark but is not {enc}: {exc}") from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    lossy = data.decode("utf-8", errors="replace")
    if lossy.count("\ufffd") <= max(3, len(lossy) // 200):
        return lossy, "utf-8 (invalid bytes replaced)"
    if _looks_binary(data):
        raise DecodeError("binary", "not text: " + _magic(data))  # its kind says binary: the message says what it is
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise DecodeError("decode", "no text encoding fits these bytes")
    enc = best.encoding
    if enc in ("gb2312", "gbk", "hz"):
        enc = "gb18030"  # superset: never fail on rare characters
    return data.decode(enc, errors="replace"), enc


def _looks_binary(data: bytes) -> bool:
    head = data[:4096]
    if head.startswith((b"\x89PNG", b"%PDF", b"PK\x03\x04", b"\xff\xd8\xff", b"GIF8")):
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > len(head) * 0.1


def _magic(data: bytes) -> str:
    for sig, name in ((b"\x89PNG", "PNG image"), (b"%PDF", "PDF"), (b"PK\x03\x04", "zip archive"),
                      (b"\xff\xd8\xff", "JPEG image"), (b"GIF8", "GIF image")):
        if data.startswith(sig):
            return name
    return "over a tenth of its first 4 KB are control bytes"


# --- tables ---------------------------------------------------------------------------

def table_path(out: Path, name: str) -> Path:
    return Path(out) / f"{name}.parquet"


# rows per Parquet row group: a reader filtering on a column whose values come in runs
# (the source of the slogans rows) skips the groups that cannot match
ROW_GROUP_ROWS = 65_536


def _write_parquet(arrow: pa.Table, path: Path) -> None:
    """zstd; dictionary encoding only for string columns with few distinct values (doc_id,
    pos, …): on a column of distinct words the attempt costs as much as the rest of the write."""
    names = schemas.dictionary_columns(arrow.schema)
    pq.write_table(arrow, path, compression="zstd", use_dictionary=names or False, row_group_size=ROW_GROUP_ROWS)


def write_table(out: Path, name: str, df: pd.DataFrame | pa.Table) -> Path:
    """Validate ``df`` (a frame, or an Arrow table built to the declaration) and write it
    atomically as ``OUT/name.parquet``."""
    arrow = schemas.check_arrow(name, df) if isinstance(df, pa.Table) else schemas.to_arrow(name, df)
    return write_arrow(out, name, arrow)


PART_ROWS = 1_000_000  # a table of more rows is written as a directory of parts, in parallel


def write_arrow(out: Path, name: str, arrow: pa.Table) -> Path:
    """Write a validated table as ``OUT/name.parquet``: one file, or for a large table a
    directory of parts of :data:`PART_ROWS` rows written by parallel threads (Parquet
    encoding releases the GIL); both read back as one table. Swapped into place whole."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    n_parts = -(-arrow.num_rows // PART_ROWS)
    if n_parts < 2:
        tmp = out / f".{name}.{uuid.uuid4().hex}.tmp"
        _write_parquet(arrow, tmp)
    else:
        from concurrent.futures import ThreadPoolExecutor

        tmp = out / f".{name}.{uuid.uuid4().hex}.tmpdir"
        tmp.mkdir()
        with ThreadPoolExecutor(min(n_parts, os.cpu_count() or 1)) as threads:
            list(threads.map(lambda i: _write_parquet(arrow.slice(i * PART_ROWS, PART_ROWS),
                                                      tmp / f"part-{i:06d}.parquet"), range(n_parts)))
    return _swap_in(tmp, table_path(out, name))


def new_dataset_dir(out: Path, name: str) -> Path:
    """A fresh hidden folder beside ``OUT/name.parquet`` for parts written one by one
    (:func:`write_part`), then put in place whole by :func:`swap_in`."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / f".{name}.{uuid.uuid4().hex}.tmpdir"
    tmp.mkdir()
    return tmp


def write_part(folder: Path, index: int, name: str, arrow: pa.Table) -> Path:
    """Validate an Arrow table built to table ``name``'s declaration and write it as part
    ``index`` of a dataset folder (parts are read back in the order of their index)."""
    path = Path(folder) / f"part-{index:06d}.parquet"
    _write_parquet(schemas.check_arrow(name, arrow), path)
    return path


def swap_in(folder: Path, out: Path, name: str) -> Path:
    """Put a dataset folder of parts in place of ``OUT/name.parquet`` (an empty folder gets
    one empty part, so the table keeps its schema)."""
    folder = Path(folder)
    if not any(folder.iterdir()):
        pq.write_table(schemas.TABLES[name].schema.empty_table(), folder / "part-000000.parquet")
    return _swap_in(folder, table_path(Path(out), name))


def _swap_in(tmp: Path, final: Path) -> Path:
    """Put a finished file or directory in place of ``final`` (a file or a directory)."""
    if final.is_dir() or tmp.is_dir():
        old = None
        if final.exists():
            old = final.parent / f".{final.stem}.{uuid.uuid4().hex}.old"
            final.rename(old)
        tmp.rename(final)
        if old is not None:
            if old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
            else:
                old.unlink(missing_ok=True)
    else:
        os.replace(tmp, final)
    return final


def read_table(out: Path, name: str, columns: list[str] | None = None) -> pd.DataFrame:
    """Read table ``name`` from the output folder (a file or a directory of parts)."""
    path = table_path(out, name)
    if not path.exists():
        raise FileNotFoundError(f"{path}: table {name!r} not found; run `policytext run` first")
    df = pd.read_parquet(path, columns=columns)
    # a table written before its nullable integers were declared (or from parts that disagreed) reads as declared
    return schemas.with_dtypes(name, df) if name in schemas.TABLES else df


def has_table(out: Path, name: str) -> bool:
    return table_path(out, name).exists()


def check_writable(out: Path) -> None:
    """Raise OSError with a clear message when ``out`` cannot be created or written."""
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out, prefix=".probe", delete=True):
            pass
    except OSError as exc:
        raise OSError(f"output folder {out} is not writable: {exc.strerror or exc}") from exc


# --- partitioned tables and the part cache ------------------------------------------
#
# Per-file stages write one Parquet part per batch of input files into
# OUT/.cache/<table>/<key>.parquet, where <key> hashes the keys of its files, each of which
# hashes everything the file's rows depend on (input bytes, config, lexicons, code); the
# part's footer lists its files' keys and row counts (see pipeline.partcache: PartStore.write_batch, files).
# A table is then assembled as a directory OUT/<table>.parquet/ of hard links to its parts,
# built beside the old one and swapped into place, so readers never see a half-built table
# and a re-run reuses every part whose key is unchanged.

CACHE_DIR = ".cache"


class DamagedFile(ValueError):
    """A file the run wrote and reads back is not what was written (truncated, garbled, replaced)."""


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file beside it: readers see the old file
    or the new one, never a part. The one atomic write of the project."""
    path = Path(path)
    tmp = path.parent / f".{path.name}.{uuid.uuid4().hex}.tmp"
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def read_bytes(path: Path) -> bytes:
    return Path(path).read_bytes()


def read_bytes_or(path: Path, default: bytes) -> bytes:
    """A file's bytes, or ``default`` when it is absent."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        return default


def append_line(path: Path, line: str) -> None:
    """Append one line to a text file (UTF-8), made if absent: a debug log's record."""
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(line + "\n")


def read_text(path: Path, encoding: str = "utf-8") -> str:
    return Path(path).read_text(encoding=encoding)


def ensure_folder(path: Path) -> Path:
    """``path`` as an existing folder (created with its parents if needed)."""
    Path(path).mkdir(parents=True, exist_ok=True)
    return Path(path)


def cache_folder(name: str) -> Path:
    """A project-owned folder for data derived from installed packages (jieba's dictionary cache,
    the word index of its dictionary): ``.cache/NAME`` in the checkout, else
    ``$XDG_CACHE_HOME/policytext/NAME``; :class:`OSError` when neither can be written."""
    candidates = [Path(__file__).resolve().parent.parent / CACHE_DIR / name,
                  Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "policytext" / name]
    for path in candidates:
        try:
            ensure_folder(path)
            if os.access(path, os.W_OK):
                return path
        except OSError:
            continue
    raise OSError(f"no writable cache folder for {name}")


def write_arrays(folder: Path, arrays: dict) -> None:
    """NumPy arrays as ``folder/NAME.npy`` files (each written atomically; plain numbers and bytes:
    :func:`read_arrays` loads them without pickle)."""
    import io as _io

    import numpy as np

    ensure_folder(folder)
    for name, arr in arrays.items():
        buf = _io.BytesIO()
        np.save(buf, np.ascontiguousarray(arr), allow_pickle=False)
        write_atomic(Path(folder) / f"{name}.npy", buf.getvalue())


def read_arrays(folder: Path, names: tuple[str, ...]) -> dict | None:
    """The arrays :func:`write_arrays` wrote, memory-mapped read-only (a lookup reads the pages it
    touches, not the files), or None when one is missing or unreadable (never unpickled)."""
    import numpy as np

    try:
        return {n: np.load(Path(folder) / f"{n}.npy", mmap_mode="r", allow_pickle=False) for n in names}
    except (OSError, ValueError):
        return None


def read_text_lines(path: Path, encoding: str = "utf-8-sig") -> list[str]:
    """The lines of a text file (a BOM is dropped; CRLF read as LF)."""
    with open(path, encoding=encoding) as fh:
        return fh.read().splitlines()


def read_part_where(path: Path, column: str, values: list, columns: list[str] | None = None) -> pd.DataFrame:
    """The rows of a Parquet file whose ``column`` is one of ``values`` (row groups that
    cannot match are skipped); ``columns``: only these (default all)."""
    return pq.read_table(path, columns=columns, filters=[(column, "in", values)]).to_pandas(split_blocks=True)  # see partcache.PartStore.read


def remove_folder(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def part_readable(path: Path) -> bool:
    """Whether a Parquet file can be read back: it exists and its footer parses (a truncated or
    overwritten part fails here, before a stage relies on it)."""
    try:
        pq.read_metadata(path)
        return True
    except (OSError, ValueError, pa.ArrowException):
        return False


# Values a run hands to its tasks through the disk (corpus-wide formulations, scores, term
# frequencies; the corpus stages' per-file partials) are JSON, never pickle: nothing read
# back from an output folder can run code. Shared values are content-addressed and checked
# against their hash when read.

def write_content(folder: Path, name: str, data: bytes) -> Path:
    """``folder/NAME-HASH.json`` holding ``data``, written (again) unless the file there
    already holds exactly these bytes."""
    import hashlib

    path = Path(folder) / f"{name}-{hashlib.sha256(data).hexdigest()[:32]}.json"
    try:
        if path.read_bytes() == data:
            return path
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_atomic(path, data)


def read_content(path: Path) -> bytes:
    """The bytes of a :func:`write_content` file, checked against the hash in its name."""
    import hashlib

    path = Path(path)
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest()[:32] != path.stem.rsplit("-", 1)[-1]:
        raise DamagedFile(f"{path}: content does not match its hash (changed after the run wrote it)")
    return data


def read_json(path: Path):
    """A JSON file, or ``None`` when it is absent; :class:`DamagedFile` when it cannot be read."""
    import json

    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise DamagedFile(f"{path}: {exc.strerror or exc}") from exc
    try:
        return json.loads(data.decode("utf-8"))
    except ValueError as exc:
        raise DamagedFile(f"{path}: not valid JSON ({exc})") from exc


def write_parquet_atomic(arrow: pa.Table, final: Path) -> Path:
    """Write a validated Arrow table as the Parquet file ``final`` atomically: a hidden
    temporary file beside it, moved into place."""
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.parent / f".{final.stem}.{uuid.uuid4().hex}.tmp"
    _write_parquet(arrow, tmp)
    os.replace(tmp, final)
    return final


def assemble_table(out: Path, name: str, parts: list[Path]) -> Path:
    """Make ``OUT/name.parquet`` a directory of ``parts`` (hard links, in the given order)."""
    out = Path(out)
    final = table_path(out, name)
    tmp = out / f".{name}.{uuid.uuid4().hex}.tmpdir"
    tmp.mkdir(parents=True)
    if not parts:  # an empty table still has its schema
        pq.write_table(schemas.TABLES[name].schema.empty_table(), tmp / "part-000000.parquet")
    for i, part in enumerate(parts):
        link = tmp / f"part-{i:06d}.parquet"
        try:
            os.link(part, link)
        except OSError:
            shutil.copyfile(part, link)
    return _swap_in(tmp, final)


def count_rows(out: Path, name: str) -> int:
    """Rows of a written table, from each part's Parquet footer (no data read; one footer
    at a time: a dataset scan of thousands of parts took ~200 MB of buffers)."""
    path = table_path(out, name)
    parts = sorted(path.glob("*.parquet")) if path.is_dir() else [path]
    return sum(pq.read_metadata(p).num_rows for p in parts)


def write_json(path: Path, obj) -> None:
    """Write JSON atomically (UTF-8, keys sorted, Chinese kept readable)."""
    import json

    write_atomic(path, json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True, default=str).encode("utf-8"))


LIST_SEP = ";"  # list cells in CSV, Excel and Stata files: numeral_pattern;recurrence (the issue asked for ";"; no rule, author or slogan holds one)


def join_lists(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with list cells joined by ``;`` (an empty or missing list gives ``''``): the
    one form of a list column in every CSV, Excel and Stata file.

    >>> join_lists(pd.DataFrame({"authors": [["张三", "李四"], []]}))["authors"].tolist()
    ['张三;李四', '']
    """
    import numpy as np

    lists = (list, tuple, np.ndarray)
    out = df.copy()
    for col in out.columns:
        s = out[col]
        sample = s.dropna() if s.dtype == object else s.iloc[:0]
        if len(sample) and isinstance(sample.iloc[0], lists):
            out[col] = s.map(lambda v: LIST_SEP.join(str(x) for x in v) if isinstance(v, lists) else "")
    return out


def write_csv(path: Path, df: pd.DataFrame) -> Path:
    """Write a frame as UTF-8 CSV with a BOM (Excel reads the Chinese), list cells joined
    (:func:`join_lists`), atomically."""
    return write_atomic(path, join_lists(df).to_csv(index=False).encode("utf-8-sig"))


def append_lines(path: Path, lines: list[str]) -> None:
    """Append lines to a UTF-8 text file (a newline is added first when the file lacks one)."""
    path = Path(path)
    prefix = ""
    if path.exists() and path.stat().st_size:
        with open(path, "rb") as fh:
            fh.seek(-1, os.SEEK_END)
            prefix = "" if fh.read(1) == b"\n" else "\n"
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(prefix + "".join(line + "\n" for line in lines))


def file_sha1(path: Path) -> str:
    import hashlib

    h = hashlib.sha1()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def remove_leftovers(out: Path) -> list[Path]:
    """Remove what an interrupted run left half-written in ``out`` and its part cache
    (hidden ``.*.tmp`` files, ``.*.tmpdir`` folders); a table moved aside (``.name.*.old``)
    whose replacement never arrived is put back. Call only while holding :class:`OutputLock`.

    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> _ = (out / ".documents.0a1b.tmp").write_bytes(b"half")
    >>> [p.name for p in remove_leftovers(out)], list(out.iterdir())
    (['.documents.0a1b.tmp'], [])
    """
    out = Path(out)
    cache = out / CACHE_DIR
    folders = [out] + (sorted(p for p in cache.iterdir() if p.is_dir()) if cache.is_dir() else [])
    partials = cache / "partials"  # one folder per pass (see partcache.PartStore.put_partial)
    folders += sorted(p for p in partials.iterdir() if p.is_dir()) if partials.is_dir() else []
    removed: list[Path] = []
    for folder in folders:
        for p in sorted(folder.iterdir()):
            if not p.name.startswith("."):
                continue
            if p.name.endswith(".old") and folder == out:
                final = table_path(out, p.name[1:].rsplit(".", 2)[0])
                if not final.exists():
                    p.rename(final)
                    continue
            if not p.name.endswith((".tmp", ".tmpdir", ".old")):
                continue
            if p.is_dir():
                shutil.rmtree(p, ignore_errors=True)
            else:
                p.unlink(missing_ok=True)
            removed.append(p)
    return removed


class OutputLocked(RuntimeError):
    """Another run holds the output folder."""


class OutputLock:
    """An exclusive lock on the output folder (``OUT/.policytext.lock``), released on exit.

    The OS drops the lock when the holding process dies, so a killed run never blocks
    the next one.
    """

    def __init__(self, out: Path):
        self.path = Path(out) / ".policytext.lock"
        self._fh = None

    def __enter__(self):
        import fcntl

        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = open(self.path, "a+")
        try:
            fcntl.flock(self._fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._fh.seek(0)
            holder = self._fh.read().strip()
            self._fh.close()
            raise OutputLocked(f"output folder {self.path.parent} is in use by another policytext run"
                               f"{' (' + holder + ')' if holder else ''}; wait for it to finish or use another --out")
        self._fh.seek(0)
        self._fh.truncate()
        self._fh.write(f"pid {os.getpid()}")
        self._fh.flush()
        return self

    def __exit__(self, *exc):
        import fcntl

        if self._fh:
            fcntl.flock(self._fh, fcntl.LOCK_UN)
            self._fh.close()
        return False


ARCHIVE_SUFFIXES = (".tar.xz", ".tar.gz", ".tgz", ".tar.bz2", ".tar")


def archive_texts(path: Path, extensions: tuple[str, ...] = (".md", ".txt")) -> list[tuple[str, str]]:
    """``(name, text)`` of every text file of a corpus folder or a tar archive (read in memory,
    never unpacked), sorted by name; names are relative with forward slashes. Undecodable
    bytes are replaced (a mining pass counts strings, it does not keep the texts).

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp()); _ = (d / "a.md").write_text("推进“三抓三促”", encoding="utf-8")
    >>> archive_texts(d)
    [('a.md', '推进“三抓三促”')]
    """
    import tarfile

    path = Path(path)
    out = []
    if path.is_dir():
        paths, _ = list_corpus(path, extensions)
        out = [(_rel(p, path), p.read_bytes().decode("utf-8", "replace")) for p in paths]
    elif path.name.endswith(ARCHIVE_SUFFIXES):
        with tarfile.open(path) as tar:
            for m in tar:
                if m.isfile() and m.name.endswith(extensions) and not Path(m.name).name.upper().startswith("README"):
                    out.append((m.name, tar.extractfile(m).read().decode("utf-8", "replace")))
    else:
        raise FileNotFoundError(f"{path}: not a folder nor a tar archive ({', '.join(ARCHIVE_SUFFIXES)})")
    return sorted(out)

