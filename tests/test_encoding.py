"""Encodings are detected from the bytes: UTF-8 with or without BOM, GB18030/GBK, UTF-16."""

from __future__ import annotations

import pytest

from pipeline import ingest
from pipeline.io import RawFile, decode

TEXT = ("甘肃省推进强工业行动\n\n今年以来，全省规上工业增加值增长14.4%，签约项目124个585亿元。"
        "兰州新区、庆阳、陇南等地加快建设“三抓三促”行动，持续优化营商环境，培育新质生产力。\n")


@pytest.mark.parametrize("encoding,prefix", [
    ("utf-8", b""),
    ("utf-8-sig", b""),
    ("gb18030", b""),
    ("gbk", b""),
    ("utf-16", b""),       # with its BOM
    ("utf-16-le", b"\xff\xfe"),
    ("utf-16-be", b"\xfe\xff"),
])
def test_written_file_reads_back_the_same_text(tmp_path, encoding, prefix):
    path = tmp_path / f"doc.{encoding}.txt"
    path.write_bytes(prefix + TEXT.encode(encoding))
    text, found = decode(path.read_bytes())
    assert text == TEXT
    docs, errors = ingest.documents([RawFile(path.name, path, path.read_bytes())])
    assert errors.empty
    assert docs.loc[0, "title"] == "甘肃省推进强工业行动"
    assert docs.loc[0, "text"] == TEXT.split("\n\n")[1].strip()


def test_gb18030_rare_characters_survive():
    s = "甘肃陇南礼县𠀀𪚥，垚犇。" * 20
    text, enc = decode(s.encode("gb18030"))
    assert text == s


def test_bom_is_not_part_of_the_title():
    docs, _ = ingest.documents([RawFile("a.txt", None, "\ufeff标题\n\n正文。".encode("utf-8"))])
    assert docs.loc[0, "title"] == "标题"


def test_crlf_and_cr_line_ends():
    docs, _ = ingest.documents([RawFile("a.txt", None, "标题\r\n\r\n第一段。\r\r第二段。".encode())])
    assert docs.loc[0, "text"] == "第一段。\n第二段。"
