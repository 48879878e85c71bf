"""Readers: one per format, each turning file bytes into a `Document` of numbered lines.

`read_document` picks the reader by sniffing the content; the suffix is only a hint.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ingest.document import Document
from ingest.errors import UnreadableFileError
from ingest.readers.txt import read_text
from ingest.schema import SourceFormat


def sniff_format(data: bytes, suffix: str) -> SourceFormat:
    """The format the bytes are in. Content decides; the suffix breaks ties for text."""
    if suffix.lower() == ".md":
        return SourceFormat.MD
    return SourceFormat.TXT


def read_document(path: str | Path) -> Document:
    """Read any supported file into a Document, or raise UnreadableFileError."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise UnreadableFileError(p, f"cannot be read: {exc.strerror or exc}") from exc
    return document_from_bytes(data, str(p))


def document_from_bytes(data: bytes, path: str) -> Document:
    """Read file content already in memory; `path` names it in sources and errors."""
    if not data.strip():
        raise UnreadableFileError(path, "is empty")
    sha256 = hashlib.sha256(data).hexdigest()
    fmt = sniff_format(data, Path(path).suffix)
    return read_text(data, path, sha256, fmt)
