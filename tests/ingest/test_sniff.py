"""Formats are recognised by content; the suffix is only a hint."""

from __future__ import annotations

import io
import zipfile

import pytest

from ingest.errors import UnreadableFileError, UnsupportedFormatError
from ingest.readers import sniff_format
from ingest.schema import SourceFormat


def _zip(name: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(name, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "fmt"),
    [
        (b"%PDF-1.7\n...", "report.txt", SourceFormat.PDF),
        (b"\xef\xbb\xbf%PDF-1.4", "report.pdf", SourceFormat.PDF),
        (_zip("word/document.xml"), "report.pdf", SourceFormat.DOCX),
        (b"<!DOCTYPE html><html><body><p>x</p></body></html>", "report.txt", SourceFormat.HTML),
        ("<HTML>\n<BODY><TABLE>".encode("gbk"), "page", SourceFormat.HTML),
        ("<html><body>".encode("utf-16"), "page.htm", SourceFormat.HTML),
        ("<html><body><p>报告</p>".encode("utf-16-le"), "page", SourceFormat.HTML),
        ("一、总体情况\n".encode(), "report.html", SourceFormat.TXT),
        ("# 一、总体情况\n".encode(), "report.md", SourceFormat.MD),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "scan.pdf", SourceFormat.IMAGE),
        (b"\x89PNG\r\n\x1a\n", "table.txt", SourceFormat.IMAGE),
        (b"II*\x00\x08\x00", "scan.tif", SourceFormat.IMAGE),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"),
            "r.wps",
            SourceFormat.DOC,
        ),
        (b"{\\rtf1\\ansi", "report.doc", SourceFormat.RTF),
    ],
)
def test_content_decides_the_format(data: bytes, name: str, fmt: SourceFormat) -> None:
    assert sniff_format(data, name) is fmt


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"GIF89a", "GIF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"Workbook", "not a Word document"),
        (_zip("data.csv"), "not a Word .docx"),
    ],
)
def test_other_files_are_refused_with_what_they_are(data: bytes, says: str) -> None:
    with pytest.raises(UnsupportedFormatError) as err:
        sniff_format(data, "upload/报告.pdf")
    assert says in str(err.value) and "upload/报告.pdf" in str(err.value)


def test_an_opendocument_text_is_odt() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<x/>")
    assert sniff_format(buffer.getvalue(), "report.odt") is SourceFormat.ODT


def test_a_damaged_zip_is_unreadable_not_a_crash() -> None:
    with pytest.raises(UnreadableFileError, match="damaged"):
        sniff_format(b"PK\x03\x04" + b"\x00" * 40, "x.docx")
