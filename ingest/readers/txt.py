"""Plain text and Markdown: decode, split into lines, normalize each line."""

from __future__ import annotations

from ingest.document import DocLine, Document
from ingest.normalize import normalize_text
from ingest.readers.decode import MIXED, decode_bytes, non_utf8_lines
from ingest.schema import ParseWarning, SourceFormat


def read_text(data: bytes, path: str, sha256: str, fmt: SourceFormat) -> Document:
    """A text file as numbered lines; normalization never changes the line count."""
    text, encoding = decode_bytes(data, path)
    originals = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [
        DocLine(number=i, text=normalize_text(raw), original=raw)
        for i, raw in enumerate(originals, start=1)
    ]
    doc = Document(
        path=path, format=fmt, sha256=sha256, size=len(data), lines=lines, encoding=encoding
    )
    if encoding == MIXED:
        doc.warnings.append(_mixed_warning(non_utf8_lines(data)))
    return doc


def _mixed_warning(gbk: list[int]) -> ParseWarning:
    shown = ", ".join(map(str, gbk[:8])) + (" …" if len(gbk) > 8 else "")
    return ParseWarning(
        code="mixed_encoding",
        message=f"{len(gbk)} line(s) are GBK/GB18030 in an otherwise UTF-8 file (lines {shown}); "
        "each line was decoded in its own encoding",
        line=gbk[0],
    )
