"""Word 97 .doc (and WPS files in its format), .rtf and .odt: converted by LibreOffice and read
like the .docx they were made from. The files are made by LibreOffice from a generated DOCX, as
an office would save them; expected cells are the DOCX's (and the generator's record)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from ingest.errors import NotAReportError, UnreadableFileError
from ingest.parse import parse_bytes
from ingest.readers import office
from ingest.schema import Report, SourceFormat
from synthetic import generate_corpus
from synthetic.render_docx import render_docx

if office.soffice() is None:
    if os.environ.get("CI"):
        raise RuntimeError("LibreOffice (soffice) is missing in CI: `make system-deps` installs it")
    pytest.skip(
        "LibreOffice is not installed (apt-get install libreoffice-writer-nogui); CI has it",
        allow_module_level=True,
    )


@pytest.fixture(scope="module")
def record() -> Report:
    return generate_corpus(3, (2023,), 41)[2]


@pytest.fixture(scope="module")
def converted(record: Report, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The record's DOCX saved by LibreOffice as .doc, .rtf and .odt."""
    tmp = tmp_path_factory.mktemp("office")
    source = tmp / "report.docx"
    source.write_bytes(render_docx(record))
    out: dict[str, bytes] = {"docx": source.read_bytes()}
    for fmt in ("doc", "rtf", "odt"):
        subprocess.run(
            [office.soffice() or "soffice", f"-env:UserInstallation=file://{tmp}/profile",
             "--headless", "--convert-to", fmt, "--outdir", str(tmp), str(source)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        out[fmt] = (tmp / f"report.{fmt}").read_bytes()
    return out


def _cells(report: Report) -> dict[str, object]:
    cells: dict[str, object] = {f"s2.{k}": c.value for k, c in report.s2.items()}
    cells |= {f"s4.{k}": c.value for k, c in report.s4.items()}
    cells |= {f"s3.{r}.{k}": c.value for r, cols in report.s3.items() for k, c in cols.items()}
    return cells


@pytest.mark.parametrize(
    ("fmt", "name", "expected"),
    [
        ("doc", "年报.doc", SourceFormat.DOC),
        ("doc", "年报.wps", SourceFormat.DOC),  # WPS Office's Word-compatible files
        ("rtf", "年报.rtf", SourceFormat.RTF),
        ("odt", "年报.odt", SourceFormat.ODT),
    ],
)
def test_office_file_parses_to_the_same_cells_as_the_docx(
    converted: dict[str, bytes], record: Report, fmt: str, name: str, expected: SourceFormat
) -> None:
    docx = parse_bytes(converted["docx"], "年报.docx")
    parsed = parse_bytes(converted[fmt], name)
    assert parsed.source.format is expected
    assert parsed.source.path == name
    assert _cells(parsed) == _cells(docx) == _cells(record)
    assert parsed.agency == record.agency and parsed.year == record.year


def test_without_libreoffice_the_error_names_the_file_and_the_package(
    converted: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(office.shutil, "which", lambda name: None)
    with pytest.raises(UnreadableFileError) as caught:
        parse_bytes(converted["doc"], "uploads/旧年报.doc")
    message = str(caught.value)
    assert "uploads/旧年报.doc" in message
    assert "libreoffice-writer-nogui" in message and "LibreOffice" in message


def test_a_damaged_doc_fails_naming_the_file(tmp_path: Path) -> None:
    junk = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + bytes(600)
    with pytest.raises((UnreadableFileError, NotAReportError)) as caught:
        parse_bytes(junk, "broken.doc")
    assert "broken.doc" in str(caught.value)
