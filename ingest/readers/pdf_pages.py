"""The boundary with the PDF libraries: PDF bytes -> each page's characters and ruled-table
cells, read by pdfium (pdf_pdfium, fast) or, for a file it cannot open, by pdfplumber.

Only library calls happen here, so every error the PDF libraries raise on a bad file is
translated in one place into an UnreadableFileError that says what is wrong with the file
(password, damaged structure, truncation), never a traceback.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.psexceptions import PSException
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from ingest.errors import UnreadableFileError
from ingest.readers.pdf_pdfium import page_content

BBox = tuple[float, float, float, float]
# What pdfminer/pdfplumber raise from inside their parsers when a file's objects are broken
# (a MediaBox that is not an array, a dictionary where a stream belongs, a short xref entry).
_STRUCTURE_ERRORS = (TypeError, ValueError, KeyError, AttributeError, IndexError)


@dataclass(slots=True)
class RawPage:
    """One page as the library gives it: characters, and the cells of each ruled table."""

    number: int
    height: float
    chars: list[dict[str, Any]]
    tables: list[tuple[BBox, list[BBox]]]


def _reason(exc: Exception) -> str:
    cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    if isinstance(cause, PDFPasswordIncorrect):
        return (
            "is a password-protected PDF; remove the password (e.g. `qpdf --decrypt "
            "--password=... in.pdf out.pdf`) and ingest the result"
        )
    if isinstance(cause, PDFEncryptionError):
        return f"is encrypted in a way govqa cannot open ({cause}); save an unencrypted copy"
    detail = str(cause) or type(cause).__name__
    return f"is a damaged or truncated PDF ({detail}); re-download or re-export it"


def raw_pages(data: bytes, path: str) -> list[RawPage]:
    """Every page's characters and ruled tables (pdfplumber's "lines" table strategy), read
    by pdfium; a file pdfium cannot open is read by pdfplumber, whose errors say why."""
    try:
        return _pdfium_pages(data)
    except pdfium.PdfiumError:
        return _plumber_pages(data, path)


def _pdfium_pages(data: bytes) -> list[RawPage]:
    doc = pdfium.PdfDocument(data)
    try:
        pages = []
        for number in range(1, len(doc) + 1):
            page = doc[number - 1]
            height, chars, tables = page_content(page)
            page.close()
            pages.append(RawPage(number, height, chars, tables))
        return pages
    finally:
        doc.close()


def _plumber_pages(data: bytes, path: str) -> list[RawPage]:
    """The same through pdfplumber (pdfminer): slower, but it names what is wrong with a file."""
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return [
                RawPage(
                    number,
                    float(page.height),
                    list(page.chars),
                    [(tuple(t.bbox), list(t.cells)) for t in page.find_tables()],
                )
                for number, page in enumerate(pdf.pages, start=1)
            ]
    except (PdfminerException, MalformedPDFException, PSException) as exc:
        raise UnreadableFileError(path, _reason(exc)) from exc
    except _STRUCTURE_ERRORS as exc:
        raise UnreadableFileError(
            path,
            f"is a damaged PDF whose structure the PDF library cannot follow "
            f"({type(exc).__name__}: {exc}); re-download or re-export it",
        ) from exc
