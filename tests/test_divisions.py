"""The division list's lines kept in the project cache (divisions.county_lines): always the
archive's, whatever happened to the kept file or the code that picks the lines."""

from __future__ import annotations

import re
import zipfile

import pytest

from pipeline import divisions, io


def _archive_lines(zpath):
    with zipfile.ZipFile(zpath) as z:
        return "\n".join(divisions._UP_TO_COUNTY.findall(z.read("china_location.txt").decode("utf-8")))


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    """The project cache in a temporary folder: ``cache(name)`` is its folder ``name``."""
    root = tmp_path / "cache"

    def folder(name):
        return io.ensure_folder(root / name)

    monkeypatch.setattr(io, "cache_folder", folder)
    return folder


def _kept(cache):
    (path,) = cache("divisions").glob("*.txt")
    return path


def test_a_kept_list_cut_at_a_line_end_is_read_from_the_archive_again(cache):
    """A kept file cut at a line's end (a killed copy, a restored backup) decodes fine: its
    checksum finds it, and the whole list comes from the archive (not fewer counties)."""
    zpath, _ = divisions.dataset_files()
    right = divisions.county_lines(zpath)
    assert right == _archive_lines(zpath)
    kept = _kept(cache)
    data = kept.read_bytes()
    kept.write_bytes(data[:data.rfind(b"\n", 0, len(data) // 2)])
    got = divisions.county_lines(zpath)
    assert got == right, f"{got.count(chr(10))} lines served instead of {right.count(chr(10))}"


def test_a_kept_list_cut_inside_a_character_is_read_from_the_archive_again(cache):
    zpath, _ = divisions.dataset_files()
    right = divisions.county_lines(zpath)
    kept = _kept(cache)
    data = kept.read_bytes()
    i = len(data) // 2
    while data[i] < 0x80:  # stop inside a multi-byte character
        i += 1
    kept.write_bytes(data[:i + 1])
    assert divisions.county_lines(zpath) == right


def test_the_kept_list_follows_the_pattern_that_picks_the_lines(cache, monkeypatch):
    """The kept file is named after the pattern too: code that picks other lines (here the
    provinces and prefectures only) never gets the lines of the old one."""
    zpath, _ = divisions.dataset_files()
    divisions.county_lines(zpath)
    monkeypatch.setattr(divisions, "_UP_TO_COUNTY", re.compile(r"^\t{0,1}[^\t\n].*", re.M))
    assert divisions.county_lines(zpath) == _archive_lines(zpath)


def test_the_kept_list_parses_to_the_archive_s_divisions(cache):
    """The list parsed from the kept lines equals the one parsed from the archive, written and read
    back; a kept file changed since it was written is read from the archive again."""
    zpath, cpath = divisions.dataset_files()
    changes = cpath.read_text(encoding="utf-8")
    with zipfile.ZipFile(zpath) as z:
        whole = divisions.parse(z.read("china_location.txt").decode("utf-8"), changes)
    for _ in range(2):  # written, then read back
        kept = divisions.parse(divisions.county_lines(zpath), changes)
        assert (kept.divisions, kept.forms) == (whole.divisions, whole.forms)
    path = _kept(cache)
    path.write_bytes(path.read_bytes().replace("兰州".encode(), "兰洲".encode()))
    assert divisions.parse(divisions.county_lines(zpath), changes).forms == whole.forms
