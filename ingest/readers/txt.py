"""Plain text and Markdown: decode, split into lines, normalize each line."""

from __future__ import annotations

from ingest.document import DocLine, Document
from ingest.normalize import normalize_text
from ingest.readers.decode import decode_bytes
from ingest.schema import ParseWarning, SourceFormat


def read_text(data: bytes, path: str, sha256: str, fmt: SourceFormat) -> Document:
    """A text file as numbered lines; normalization never changes the line count."""
    notes: list[ParseWarning] = []
    text, encoding = decode_bytes(data, path, notes)
    originals = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [
        DocLine(number=i, text=normalize_text(raw), original=raw)
        for i, raw in enumerate(originals, start=1)
    ]
    return Document(
        path=path,
        format=fmt,
        sha256=sha256,
        size=len(data),
        lines=lines,
        encoding=encoding,
        warnings=notes,
    )
