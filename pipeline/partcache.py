"""The part cache: the Parquet parts of every stage's tables under ``OUT/.cache`` (one per
batch of files for a per-file stage, one per run for a corpus stage), with the JSON partials,
kept results and memos the runner keeps beside them.

A part is written atomically (see :func:`pipeline.io.write_parquet_atomic`); an unreadable
one is removed and computed again. With :mod:`pipeline.io`, the only module that touches
files.
"""

from __future__ import annotations

import os
import uuid
import zlib
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import io, schemas


FILES_META = b"policytext.files"  # a batch part's footer: JSON [[file key, rows], ...], in order
_LOCATED: dict[str, str] = {}  # file key -> the batch part holding its rows, for the tasks of this process (see locate)
_BATCHES: dict = {}  # the batch parts read by this process's task: (..., part, columns) -> (rows, spans)
_BATCHES_KEPT = 8


PARTIAL_HALVES = ("summary", "data")  # what a partial holds, in the order of its file
_KEPT: dict = {}  # (cache folder, table) -> {file key: part} of the parts found, built on a miss (BatchStore.has)


def forget_kept() -> None:
    """Drop what this process found of the parts earlier runs left, and where its tasks' files
    are (the runner calls this when a process moves to another stage)."""
    _KEPT.clear()
    _LOCATED.clear()


def forget_batches() -> None:
    """Drop the batch parts this process read (a task's files are in a few; the runner calls
    this when a process moves to another task or stage)."""
    _BATCHES.clear()


def _spans(meta: dict | None) -> dict[str, tuple[int, int]]:
    """Row spans of a batch part's files, from its footer's file list."""
    spans, start = {}, 0
    for k, n in _json_loads((meta or {})[FILES_META]):
        spans[str(k)] = (start, start + int(n))
        start += int(n)
    return spans


def _json_loads(data: bytes):
    import json

    return json.loads(data)


def _json_dumps(obj) -> bytes:
    import json

    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class PartStore:
    """Content-keyed Parquet parts under ``OUT/.cache``."""

    def __init__(self, out: Path):
        self.root = Path(out) / io.CACHE_DIR

    def path(self, table: str, key: str) -> Path:
        return self.root / table / f"{key}.parquet"

    def has(self, table: str, key: str) -> bool:
        """Whether the part can be reused (an unreadable one is removed: computed again)."""
        return self.verify(table, key) == "ok"

    def verify(self, table: str, key: str) -> str:
        """``"ok"``, ``"missing"``, or ``"damaged"`` (an unreadable part, removed so that it is
        computed again)."""
        path = self.path(table, key)
        if not path.is_file():
            return "missing"
        if io.part_readable(path):
            return "ok"
        path.unlink(missing_ok=True)
        return "damaged"

    def write(self, table: str, key: str, df: pd.DataFrame | pa.Table, *, frame_metadata: bool = False) -> Path:
        """Write a part (a frame, or an Arrow table built to the declaration) atomically
        (``frame_metadata``: the Arrow table carries the pandas metadata of the frame it stands
        for, :func:`schemas.frame_metadata`, and keeps it)."""
        arrow = schemas.check_arrow(table, df, keep_metadata=frame_metadata) if isinstance(df, pa.Table) \
            else schemas.to_arrow(table, df)
        return io.write_parquet_atomic(arrow, self.path(table, key))

    def writer(self, table: str, key: str) -> "PartWriter":
        """A part written in pieces (see :class:`PartWriter`); in place when closed."""
        return PartWriter(self.path(table, key), table)

    def read_arrow(self, table: str, key: str, columns: list[str] | None = None) -> pa.Table:
        """A part's rows, or a file's rows in the batch part that holds them (see :meth:`locate`)."""
        part = _LOCATED.get(key)
        if part is not None:
            whole, spans = self._batch(table, part, columns, arrow=True)
            start, stop = spans[key]
            return whole.slice(start, stop - start)
        # ParquetFile.read: a fraction of read_table's cost on a small part (no dataset discovery)
        with pq.ParquetFile(self.path(table, key)) as part:
            return part.read(columns=columns, use_threads=False)

    def read(self, table: str, key: str, columns: list[str] | None = None) -> pd.DataFrame:
        """A part as a frame, or a file's rows of the batch part that holds them (see
        :meth:`locate`): the batch is read and turned into a frame once per task and table,
        each file gets its rows (a copy: the caller may change it)."""
        part = _LOCATED.get(key)
        if part is None:
            # one block per column: the same frame, without copying the numeric columns into
            # one 2-D block (a tokens part: 1.3 ms -> 0.3 ms, most of the cost of reading it)
            return self.read_arrow(table, key, columns).to_pandas(split_blocks=True)
        frame, spans = self._batch(table, part, columns, arrow=False)
        start, stop = spans[key]
        return frame.iloc[start:stop].reset_index(drop=True)

    def _batch(self, table: str, part: str, columns: list[str] | None, arrow: bool):
        """A batch part (as Arrow, or as a frame) and its files' row spans, kept for the task."""
        memo = (str(self.root), table, part, None if columns is None else tuple(columns), arrow)
        found = _BATCHES.get(memo)
        if found is None:
            with pq.ParquetFile(self.path(table, part)) as f:
                whole = f.read(columns=columns, use_threads=False)
                spans = _spans(f.schema_arrow.metadata)
            found = (whole if arrow else whole.to_pandas(split_blocks=True), spans)
            while len(_BATCHES) >= _BATCHES_KEPT:
                _BATCHES.pop(next(iter(_BATCHES)), None)
            _BATCHES[memo] = found
        return found

    def read_many(self, table: str, keys: list[str], columns: list[str] | None = None,
                  located: dict[str, str] | None = None) -> pd.DataFrame:
        """The rows of several parts or files, in order; ``located`` (default: the task's, see
        :meth:`locate`) names the batch part of each file key (a batch whose files are all
        asked for, in order, is read whole)."""
        if not keys:
            return schemas.empty(table) if columns is None else schemas.empty(table)[columns]
        located = _LOCATED if located is None else located
        pieces, i = [], 0
        while i < len(keys):
            part = located.get(keys[i])
            j = i + 1
            while part is not None and j < len(keys) and located.get(keys[j]) == part:
                j += 1
            if part is None:
                pieces.append(self.read_arrow(table, keys[i], columns))
            else:
                with pq.ParquetFile(self.path(table, part)) as f:
                    whole = f.read(columns=columns, use_threads=False)
                    spans = _spans(f.schema_arrow.metadata)
                if list(spans) == keys[i:j]:
                    pieces.append(whole)
                else:
                    pieces += [whole.slice(spans[k][0], spans[k][1] - spans[k][0]) for k in keys[i:j]]
            i = j
        return pa.concat_tables(pieces).to_pandas()

    # A per-file stage writes one part per BATCH of files (see pipeline.batching): the part holds
    # its files' rows in order, and its footer lists the files' keys with their row counts
    # (FILES_META), so a file's rows are found again by its own key.
    @staticmethod
    def locate(parts: dict[str, str]) -> None:
        """In a task: which batch part holds the rows of each file key of its items (read and
        read_arrow use it). Kept for the process until it moves to another stage (see
        :func:`forget_kept`); a key's part is the same for every task of a run, so tasks of a
        process's threads never disagree."""
        _LOCATED.update(parts)

    def files(self, table: str, part: str) -> list[tuple[str, int]] | None:
        """The files of a batch part, ``[(file key, rows), ...]`` in order, from its footer;
        ``None`` when the part is missing, unreadable or not a batch part."""
        try:
            meta = pq.read_schema(self.path(table, part)).metadata or {}
        except (OSError, ValueError, pa.ArrowException):
            return None
        if FILES_META not in meta:
            return None
        try:
            return [(str(k), int(n)) for k, n in _json_loads(meta[FILES_META])]
        except (ValueError, TypeError):
            return None

    def kept_files(self, table: str) -> dict[str, str]:
        """The files whose rows the batch parts of ``table`` hold: file key -> part (from the
        parts' footers; an unreadable part holds none)."""
        found = {}
        folder = self.root / table
        for path in sorted(folder.glob("*.parquet")) if folder.is_dir() else ():
            for k, _ in self.files(table, path.stem) or ():
                found[k] = path.stem
        return found

    def write_batch(self, table: str, key: str, pieces: list[tuple[str, pa.Table]]) -> Path:
        """Write one part of several files' rows (Arrow tables of the table's declared schema,
        in order), atomically, with the files' keys and row counts in its footer. The rows are
        one chunk per column before they are written: the bytes do not depend on where the
        rows came from (computed now, or kept from an earlier part)."""
        if not pieces:
            raise ValueError(f"{table}: a batch part of no file")
        meta = {k: v for k, v in (pieces[0][1].schema.metadata or {}).items() if k != FILES_META}
        meta[FILES_META] = _json_dumps([[k, p.num_rows] for k, p in pieces])
        arrow = pa.concat_tables([p for _, p in pieces]).combine_chunks().replace_schema_metadata(meta)
        return io.write_parquet_atomic(arrow, self.path(table, key))

    def memo_get(self, name: str) -> str | None:
        """A small remembered value (e.g. the key a worker derived from a file's text)."""
        try:
            return (self.root / "memo" / name).read_text(encoding="utf-8")
        except (OSError, ValueError):  # absent, or not text the run wrote: computed again
            return None

    def memo_put(self, name: str, value: str) -> None:
        final = self.root / "memo" / name
        final.parent.mkdir(parents=True, exist_ok=True)
        io.write_atomic(final, value.encode("utf-8"))

    # A corpus stage's per-file results of a map pass (see runner.Runner.map_files), JSON
    # (never pickle): OUT/.cache/partials/<pass>/<key>.json, a header line with the byte length
    # and CRC-32 of each half, then the summary's JSON and the data's
    def partial_path(self, part: str, key: str) -> Path:
        return self.root / "partials" / part / f"{key}.json"

    def put_partial(self, part: str, key: str, obj: dict) -> Path:
        """Keep a file's partial ``{"summary": ..., "data": ...}``: a line with the byte length and
        the CRC-32 of each of the two, then each as JSON, so that a reader decodes only the half it
        asks for (the reduce reads the summaries of every file, a later pass the data of the files
        it maps) and still finds a damaged half it does not decode."""
        halves = [_json_bytes(obj[h]) for h in PARTIAL_HALVES]
        path = self.partial_path(part, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        head = " ".join(f"{len(h)}:{zlib.crc32(h):08x}" for h in halves).encode()
        return io.write_atomic(path, head + b"\n" + b"".join(halves))

    def get_partial(self, part: str, key: str, halves: tuple[str, ...] = PARTIAL_HALVES) -> dict | None:
        """A kept partial with the ``halves`` asked for decoded (``summary``, ``data``), or ``None`` when
        there is none; :class:`pipeline.io.DamagedFile` when it is not what the run wrote: both halves'
        lengths and checksums are checked whatever is decoded, so the parent, which decodes the
        summaries only, finds a damaged data half before a worker relies on it (and maps the file
        again, counted as healed).

        >>> import tempfile
        >>> store = PartStore(Path(tempfile.mkdtemp()))
        >>> path = store.put_partial("p", "k", {"summary": [1], "data": {"a": "b"}})
        >>> store.get_partial("p", "k", ("summary",))
        {'summary': [1]}
        >>> _ = path.write_bytes(path.read_bytes().replace(b'"b"', b'"c"'))
        >>> store.get_partial("p", "k", ("summary",))
        Traceback (most recent call last):
        pipeline.io.DamagedFile: ...: not the partial the run wrote (its data half does not match its checksum)
        """
        import json

        path = self.partial_path(part, key)
        data = _read_kept(path)
        if data is None:
            return None
        head, _, body = data.partition(b"\n")
        try:
            fields = [f.split(b":") for f in head.split(b" ")]
            if len(fields) != len(PARTIAL_HALVES) or any(len(f) != 2 for f in fields):
                raise ValueError(f"a header of {head[:80]!r}")
            sizes = [int(n) for n, _ in fields]
            if sum(sizes) != len(body):
                raise ValueError(f"{len(body)} bytes after the header, {sum(sizes)} written")
            out, start = {}, 0
            for h, n, (_, crc) in zip(PARTIAL_HALVES, sizes, fields):
                piece = body[start:start + n]
                if zlib.crc32(piece) != int(crc, 16):
                    raise ValueError(f"its {h} half does not match its checksum")
                if h in halves:
                    out[h] = json.loads(piece)
                start += n
        except ValueError as exc:
            raise io.DamagedFile(f"{path}: not the partial the run wrote ({exc})") from exc
        return out

    # A corpus stage's result kept between runs under the hash of what it depends on (the topic
    # models under their sample's hash), JSON: OUT/.cache/kept/<name>/<key>.json
    def put_kept(self, name: str, key: str, obj) -> Path:
        return _put_json(self.root / "kept" / name / f"{key}.json", obj)

    def get_kept(self, name: str, key: str):
        """A kept result, ``None`` when there is none; :class:`pipeline.io.DamagedFile` when it is not the
        JSON the run wrote."""
        return _get_json(self.root / "kept" / name / f"{key}.json")

    def prune_kept(self, name: str, keep: set[str]) -> int:
        """Delete the kept results of ``name`` not in ``keep``."""
        return _prune(self.root / "kept" / name, "*.json", keep)

    def prune_partials(self, part: str, keep: set[str]) -> int:
        """Delete the partials of a pass not in ``keep``."""
        return _prune(self.root / "partials" / part, "*.json", keep)

    def prune(self, table: str, keep: set[str]) -> int:
        """Delete parts of ``table`` not in ``keep`` (only inside the cache folder)."""
        return _prune(self.root / table, "*.parquet", keep)


class BatchStore(PartStore):
    """The part store as a per-file stage's work sees it for one batch of files: for the
    stage's own ``tables``, ``has`` finds a file's rows computed in this task or kept in a part
    of an earlier run (``old``: file key -> its part key), ``write`` keeps a file's rows for the
    batch, and :meth:`close` writes the batch's part of a table, its files' rows in order (kept
    ones copied from their old part). Any other table (a corpus stage's, read by the work) is
    answered as by :class:`PartStore`.

    A kept file's old part must be readable in every table of the stage: one that is not (or
    is gone) is removed, and the file's rows are computed again (:attr:`healed`)."""

    def __init__(self, out: Path, old: dict[str, str], tables: tuple[str, ...] = ()):
        super().__init__(out)
        self.old = dict(old)
        self.tables = tuple(tables)
        self.healed: dict[str, str] = {}  # file key -> its old part, damaged or lost: computed again
        self.pending: dict[str, dict[str, pa.Table]] = {}
        self._old_parts: dict[tuple[str, str], tuple[pa.Table, dict]] = {}
        self._damaged: set[str] = set()  # old parts found unreadable in this task

    def has(self, table: str, key: str) -> bool:
        if table not in self.tables:
            return super().has(table, key)
        if key in self.pending.get(table, {}):
            return True
        if key not in self.old:
            # a key the run could not tell before the work (segment's: the formulations present
            # in the text): looked up in the parts' footers, read once per process and stage
            if (self.root, table) not in _KEPT:
                _KEPT[(self.root, table)] = self.kept_files(table)
            if key in _KEPT[(self.root, table)]:
                self.old[key] = _KEPT[(self.root, table)][key]
        part = self.old.get(key)
        if part is None:
            return False
        if self._kept_everywhere(part, key):
            return True
        self.healed[key] = self.old.pop(key)
        return False

    def _kept_everywhere(self, part: str, key: str) -> bool:
        """Whether the old ``part`` holds ``key``'s rows in every table of the stage (read now:
        :meth:`close` copies them from there); a part unreadable in a table is removed."""
        if part in self._damaged:
            return False
        try:
            return all(key in self._old_rows(t, part)[1] for t in self.tables)
        except io.DamagedFile:
            self._damaged.add(part)
            for t in self.tables:
                if not io.part_readable(self.path(t, part)):
                    self.path(t, part).unlink(missing_ok=True)
            return False

    def _old_rows(self, table: str, part: str) -> tuple[pa.Table, dict]:
        if (table, part) not in self._old_parts:
            try:
                with pq.ParquetFile(self.path(table, part)) as f:
                    rows = f.read(use_threads=False)
                    # as declared (a list column read back names its items "element", not "item")
                    rows = rows.cast(schemas.TABLES[table].schema).replace_schema_metadata(rows.schema.metadata)
                    self._old_parts[(table, part)] = (rows, _spans(f.schema_arrow.metadata))
            except (OSError, ValueError, KeyError, TypeError, pa.ArrowException) as exc:
                raise io.DamagedFile(f"{self.path(table, part)}: {exc}") from exc
        return self._old_parts[(table, part)]

    def write(self, table: str, key: str, df: pd.DataFrame | pa.Table, *, frame_metadata: bool = False) -> Path:
        arrow = schemas.check_arrow(table, df, keep_metadata=frame_metadata) if isinstance(df, pa.Table) \
            else schemas.to_arrow(table, df)
        self.pending.setdefault(table, {})[key] = arrow
        return self.path(table, key)

    def computed(self, key: str) -> bool:
        """Whether this task wrote rows for ``key`` (rather than finding them kept)."""
        return any(key in rows for rows in self.pending.values())

    def _kept_rows(self, table: str, key: str) -> pa.Table:
        whole, spans = self._old_rows(table, self.old[key])
        start, stop = spans[key]
        return whole.slice(start, stop - start)

    def close(self, table: str, part: str, keys: list[str]) -> Path:
        """Write the batch's part of ``table``: the rows of ``keys``, in order."""
        pieces = [(k, self.pending.get(table, {}).get(k)) for k in keys]
        return self.write_batch(table, part, [(k, rows if rows is not None else self._kept_rows(table, k))
                                              for k, rows in pieces])


def _put_json(path: Path, obj) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return io.write_atomic(path, _json_bytes(obj))


def _read_kept(path: Path) -> bytes | None:
    """The bytes of a file the run kept, ``None`` when it is absent; :class:`pipeline.io.DamagedFile`
    when it cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise io.DamagedFile(f"{path}: {exc.strerror or exc}") from exc


def _json_bytes(obj) -> bytes:
    import json

    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _get_json(path: Path):
    import json

    data = _read_kept(path)
    if data is None:
        return None
    try:
        return json.loads(data)
    except ValueError as exc:
        raise io.DamagedFile(f"{path}: not the JSON the run wrote ({exc})") from exc


def _prune(folder: Path, pattern: str, keep: set[str]) -> int:
    """Delete the files of ``folder`` matching ``pattern`` whose stem is not in ``keep``; how many."""
    removed = 0
    if folder.is_dir():
        for p in folder.glob(pattern):
            if p.stem not in keep:
                p.unlink(missing_ok=True)
                removed += 1
    return removed


class PartWriter:
    """Writes one part from pieces in order, without holding them: rows are cut into row
    groups of exactly :data:`pipeline.io.ROW_GROUP_ROWS` (so the file does not depend on how the rows
    arrived), and the part is moved into place only by :meth:`close`.

    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> w = PartStore(out).writer("ingest_errors", "k")
    >>> w.write(pd.DataFrame({"source": ["a"], "kind": ["empty"], "message": ["m"]}))
    >>> w.close().name, pq.read_table(out / ".cache" / "ingest_errors" / "k.parquet").num_rows
    ('k.parquet', 1)
    """

    def __init__(self, final: Path, table: str):
        self.final, self.table = Path(final), table
        self.final.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = self.final.parent / f".{self.final.stem}.{uuid.uuid4().hex}.tmp"
        schema = schemas.check_arrow(table, schemas.TABLES[table].schema.empty_table()).schema
        self._writer = pq.ParquetWriter(self.tmp, schema, compression="zstd",
                                        use_dictionary=schemas.dictionary_columns(schema) or False)
        self._schema = schema
        self._buffer: list[pa.Table] = []
        self._rows = 0

    def write(self, df: pd.DataFrame | pa.Table) -> None:
        arrow = schemas.check_arrow(self.table, df) if isinstance(df, pa.Table) else schemas.to_arrow(self.table, df)
        if not arrow.num_rows:
            return
        self._buffer.append(arrow.replace_schema_metadata(self._schema.metadata))
        self._rows += arrow.num_rows
        while self._rows >= io.ROW_GROUP_ROWS:
            self._flush(io.ROW_GROUP_ROWS)

    def _flush(self, n: int) -> None:
        rows = pa.concat_tables(self._buffer)
        self._writer.write_table(rows.slice(0, n), row_group_size=n)
        rest = rows.slice(n)
        self._buffer, self._rows = ([rest] if rest.num_rows else []), rest.num_rows

    def close(self) -> Path:
        try:
            if self._rows:
                self._flush(self._rows)
            self._writer.close()
            os.replace(self.tmp, self.final)
        except BaseException:
            self.abort()
            raise
        return self.final

    def abort(self) -> None:
        try:
            self._writer.close()
        finally:
            self.tmp.unlink(missing_ok=True)
