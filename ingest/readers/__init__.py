"""Readers: one per format, each turning file bytes into a `Document` of numbered lines.

Every reader has the same signature, `read_x(data, path, sha256) -> Document`: text lines in
reading order, and table rows as lines whose cells carry their own `Source` (HTML table/row/col,
PDF page and box, DOCX table/row/col). `read_document` picks the reader by sniffing the content;
the file suffix only breaks ties between plain text and Markdown. Scans (PDF pages without
text, PNG/JPEG/TIFF files) are read by OCR (readers/ocr); .doc/.wps, .rtf and .odt files are
converted to .docx by LibreOffice (readers/office).
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from ingest.document import Document
from ingest.errors import UnreadableFileError, UnsupportedFormatError
from ingest.schema import SourceFormat

Reader = Callable[[bytes, str, str], Document]

_HTML_MARKERS = re.compile(rb"<\s*(!doctype\s+html|html|head|body|table|div|p)[\s>]", re.I)
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")  # PNG, JPEG, TIFF
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003, WPS, Excel 97-2003 ...
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_ODT_MIME = b"application/vnd.oasis.opendocument.text"
_BINARY_MAGIC = {
    b"GIF8": "a GIF image; save it as PNG to have it read by OCR",
    b"Rar!": "a RAR archive",
    b"\x1f\x8b": "a gzip archive",
    b"7z\xbc\xaf": "a 7-zip archive",
}


def _html_prefix(data: bytes) -> bytes:
    """The start of the file as UTF-8 when it is UTF-16 (with or without a BOM), for marker
    sniffing; other bytes are searched as they are."""
    head = data[:4096]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return head.decode("utf-16", errors="ignore").encode()
    if head.count(0) > len(head) // 8:
        for codec in ("utf-16-le", "utf-16-be"):
            text = head.decode(codec, errors="ignore").encode()
            if _HTML_MARKERS.search(text):
                return text
    return head


def sniff_format(data: bytes, path: str | Path) -> SourceFormat:
    """The format the bytes are in, by content. Raises UnsupportedFormatError for the rest."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf\r\n\t ")
    if head.startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return SourceFormat.PDF
    if data.startswith(b"PK\x03\x04"):
        return _sniff_zip(data, path)
    if data.startswith(_IMAGE_MAGIC):
        return SourceFormat.IMAGE
    if data.startswith(_OLE2):
        if _WORD_STREAM in data:
            return SourceFormat.DOC
        raise UnsupportedFormatError(
            path,
            "is an old Office file that is not a Word document (.xls, .ppt?); save the "
            "report as .docx or PDF",
        )
    if head.startswith(b"{\\rtf"):
        return SourceFormat.RTF
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise UnsupportedFormatError(path, f"is {what}, not a report govqa can read")
    if _HTML_MARKERS.search(_html_prefix(data)):
        return SourceFormat.HTML
    return SourceFormat.MD if Path(path).suffix.lower() == ".md" else SourceFormat.TXT


def _sniff_zip(data: bytes, path: str | Path) -> SourceFormat:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        mime = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except zipfile.BadZipFile as exc:
        raise UnreadableFileError(path, "looks like a ZIP/DOCX file but is damaged") from exc
    if "word/document.xml" in names:
        return SourceFormat.DOCX
    if mime.startswith(_ODT_MIME):
        return SourceFormat.ODT
    raise UnsupportedFormatError(
        path, "is a ZIP archive but not a Word .docx document; unpack it and ingest the files"
    )


def _reader(fmt: SourceFormat) -> Reader:
    """The reader for a format, imported on first use (PDF and DOCX pull in heavy libraries)."""
    if fmt is SourceFormat.HTML:
        from ingest.readers.html import read_html

        return read_html
    if fmt is SourceFormat.PDF:
        from ingest.readers.pdf import read_pdf

        return read_pdf
    if fmt is SourceFormat.DOCX:
        from ingest.readers.docx import read_docx

        return read_docx
    if fmt is SourceFormat.IMAGE:
        from ingest.readers.image import read_image

        return read_image
    if fmt in (SourceFormat.DOC, SourceFormat.RTF, SourceFormat.ODT):
        from ingest.readers.office import read_office

        return lambda data, path, sha256: read_office(data, path, sha256, fmt)
    from ingest.readers.txt import read_text

    return lambda data, path, sha256: read_text(data, path, sha256, fmt)


MAX_FILE_BYTES = 100 * 1024 * 1024  # the largest real reports (scanned PDFs) stay under 60 MB


def read_bytes(path: str | Path) -> bytes:
    """A file's bytes, or UnreadableFileError naming it (unreadable, or larger than any
    report: such a file is refused before it is read into memory)."""
    try:
        size = Path(path).stat().st_size
        if size > MAX_FILE_BYTES:
            raise UnreadableFileError(
                path,
                f"is {size / 2**20:.1f} MB, larger than the {MAX_FILE_BYTES / 2**20:.0f} MB limit "
                "for one report; it is not read",
            )
        return Path(path).read_bytes()
    except OSError as exc:
        raise UnreadableFileError(path, f"cannot be read: {exc.strerror or exc}") from exc


def read_document(path: str | Path) -> Document:
    """Read any supported file into a Document, or raise UnreadableFileError."""
    return document_from_bytes(read_bytes(path), str(path))


def document_from_bytes(data: bytes, path: str) -> Document:
    """Read file content already in memory; `path` names it in sources and errors."""
    if not data.strip():
        raise UnreadableFileError(path, "is empty")
    sha256 = hashlib.sha256(data).hexdigest()
    fmt = sniff_format(data, path)
    return _reader(fmt)(data, path, sha256)
