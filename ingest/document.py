"""What a reader hands the parser: a file as numbered lines, some of which are table rows.

Text files give plain lines (the table parser finds the cells by layout: tabs, pipes, spaces).
HTML, DOCX and PDF readers give table rows whose cells they already know, each with a `Source`
saying where it was read. Both go through the same section splitter and table parser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ingest.schema import ParseWarning, Source, SourceFormat

if TYPE_CHECKING:
    from ingest.readers.ocr_types import OcrRun


@dataclass(slots=True)
class DocCell:
    """One cell of a table row whose cell boundaries the reader knows."""

    text: str  # normalized
    source: Source


@dataclass(slots=True)
class DocLine:
    """One line of the document. `text` is normalized; `original` is as printed."""

    number: int  # 1-based, in reading order
    text: str
    original: str
    cells: list[DocCell] | None = None  # set for table rows read from a grid
    page: int | None = None


@dataclass(slots=True)
class Document:
    """A decoded file: its lines in reading order plus facts about the file itself."""

    path: str
    format: SourceFormat
    sha256: str
    size: int
    lines: list[DocLine] = field(default_factory=list)
    encoding: str | None = None
    pages: int | None = None
    warnings: list[ParseWarning] = field(default_factory=list)  # what reading it repaired
    ocr: OcrRun | None = None  # set when (some of) it was read by OCR: the values' readings

    def source(self, line: DocLine) -> Source:
        """A Source pointing at `line` (used for cells found by layout in plain text)."""
        return Source(file=self.path, format=self.format, line=line.number, page=line.page)
