"""PDF files: text lines and table rows in reading order, every table cell with page and box.

Per page, pdfplumber's table finder reads ruled tables from their lines (pdf_tables); the other
characters become visual lines by position (pdf_text), page numbers in the header and footer
bands are dropped, and lines and table rows are put in order by their position on the page. A
table that runs on at the top of the next page keeps its number and row count. Where a section
whose template has a table (二, 三, 四) shows no ruled table, its lines are read by column
alignment instead (pdf_columns). Running text is rejoined into paragraphs (pdf_paragraphs).

Pages without a text layer (a scan, or scanned pages in a born-digital file) are read by OCR
(ocr, ocr_page) into the same characters and ruled tables, and go through the same steps. A
PDF where not even OCR finds text is a NeedsOcrError; an encrypted or damaged one is an
UnreadableFileError that says why.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ingest.document import DocCell, DocLine, Document
from ingest.errors import NeedsOcrError, UnreadableFileError
from ingest.normalize import normalize_text
from ingest.readers.ocr_types import DEFAULT_BUDGET_SECONDS, OcrRun, ocr_warnings
from ingest.readers.pdf_columns import columnize
from ingest.readers.pdf_pages import BBox, RawPage, raw_pages
from ingest.readers.pdf_paragraphs import Paragraph, continues, text_block
from ingest.readers.pdf_tables import FoundTable, TableRow, found_table, read_grid
from ingest.readers.pdf_tables import continues as table_continues
from ingest.readers.pdf_text import Glyph, TextLine, glyphs, is_page_number, text_lines
from ingest.schema import Source, SourceFormat
from ingest.sections import heading_key
from ingest.template import SectionKey

Item = TextLine | TableRow
_TABLE_SECTIONS = (SectionKey.PROACTIVE, SectionKey.REQUESTS, SectionKey.APPEALS)
_SECTION_ORDER = list(SectionKey)


@dataclass(slots=True)
class _PageRead:
    """What one page holds before tables are chained across pages."""

    number: int
    height: float
    lines: list[TextLine]
    tables: list[tuple[FoundTable, list[Glyph]]]


@dataclass(slots=True)
class _OpenTable:
    """The table that ended the previous page: a table at the top of this one may continue it."""

    xs: list[float]  # column boundaries of its first part
    number: int
    next_row: int


def _read_page(raw: RawPage) -> _PageRead:
    tables: list[tuple[FoundTable, list[Glyph]]] = []
    for bbox, cells in raw.tables:
        found = found_table(bbox, cells)
        if found is not None:
            tables.append((found, []))
    tables.sort(key=lambda t: t[0].bbox[1])
    loose: list[Glyph] = []
    for g in glyphs(raw.chars):
        owner = next((held for found, held in tables if found.holds(g)), loose)
        owner.append(g)
    lines = [ln for ln in text_lines(loose, raw.number) if not is_page_number(ln, raw.height)]
    return _PageRead(raw.number, raw.height, lines, tables)


def _chain_tables(pages: Sequence[_PageRead]) -> list[Item]:
    """Every page's lines and table rows in reading order; continued tables keep numbers."""
    out: list[Item] = []
    open_table: _OpenTable | None = None
    count = 0
    for page in pages:
        items: list[Item] = list(page.lines)
        first_top = min((ln.top for ln in page.lines), default=float("inf"))
        for k, (found, held) in enumerate(page.tables):
            at_top = k == 0 and found.bbox[1] < first_top
            if at_top and open_table is not None and table_continues(found, open_table.xs):
                number, xs, first_row = open_table.number, open_table.xs, open_table.next_row
            else:
                number, xs, first_row, count = count, found.xs, 0, count + 1
            rows = read_grid(
                found, held, page=page.number, number=number, xs=xs, first_row=first_row
            )
            items += rows
            open_table = _OpenTable(xs, number, first_row + len(rows))
        items.sort(key=lambda item: item.top)
        if not items or not isinstance(items[-1], TableRow):
            open_table = None
        out += items
    return out


def _sections(items: Sequence[Item]) -> list[SectionKey | None]:
    """The section each item stands in (None before the first title), titles going forward."""
    current: SectionKey | None = None
    out: list[SectionKey | None] = []
    for item in items:
        text = item.text if isinstance(item, TextLine) else item.spanning
        if text is not None:
            key = heading_key(normalize_text(text))
            if key is not None and (
                current is None or _SECTION_ORDER.index(key) > _SECTION_ORDER.index(current)
            ):
                current = key
        out.append(current)
    return out


def _align_unruled(items: list[Item], sections: list[SectionKey | None]) -> list[Item]:
    """Sections 二/三/四 without a ruled table: their lines read by column alignment."""
    out: list[Item] = []
    number = 1 + max((i.table for i in items if isinstance(i, TableRow)), default=-1)
    i = 0
    while i < len(items):
        key = sections[i]
        j = i
        while j < len(items) and sections[j] == key:
            j += 1
        region = items[i:j]
        if key in _TABLE_SECTIONS and not any(isinstance(x, TableRow) for x in region):
            lines = [x for x in region if isinstance(x, TextLine)]
            aligned = columnize(lines, number)
            number += 1
            out += aligned
        else:
            out += region
        i = j
    return out


def _paragraphs(
    items: Sequence[Item], sections: Sequence[SectionKey | None]
) -> Iterator[Item | Paragraph]:
    """Running text joined into paragraphs; table sections' lines are left as printed."""
    block = text_block([i for i in items if isinstance(i, TextLine)])
    current: Paragraph | None = None
    for item, key in zip(items, sections, strict=True):
        if isinstance(item, TableRow) or key in _TABLE_SECTIONS or block is None:
            if current is not None:
                yield current
                current = None
            yield item
            continue
        if current is not None and continues(current.lines[-1], item, block):
            current.lines.append(item)
            continue
        if current is not None:
            yield current
        current = Paragraph([item])
    if current is not None:
        yield current


def _renumber(items: Sequence[Item | Paragraph]) -> dict[int, int]:
    """Table numbers in order of first appearance (0-based)."""
    order: dict[int, int] = {}
    for item in items:
        if isinstance(item, TableRow) and item.table not in order:
            order[item.table] = len(order)
    return order


def _rounded(box: BBox) -> BBox:
    x0, top, x1, bottom = box
    return (round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2))


def _doc_lines(items: Sequence[Item | Paragraph], path: str, fmt: SourceFormat) -> list[DocLine]:
    tables = _renumber(items)
    lines: list[DocLine] = []
    for item in items:
        number = len(lines) + 1
        if isinstance(item, TableRow) and item.spanning is not None:
            raw = item.spanning
            lines.append(DocLine(number, normalize_text(raw), raw, None, item.page))
        elif isinstance(item, TableRow):
            cells = [
                DocCell(
                    text=normalize_text(c.raw),
                    source=Source(
                        file=path,
                        format=fmt,
                        line=number,
                        page=item.page,
                        bbox=_rounded(c.bbox),
                        table=tables[item.table],
                        row=c.row,
                        col=c.col,
                    ),
                )
                for c in item.cells
            ]
            original = "\t".join(c.raw for c in item.cells)
            text = "\t".join(c.text for c in cells)
            lines.append(DocLine(number, text, original, cells, item.page))
        else:
            page = item.page if isinstance(item, TextLine) else item.lines[0].page
            raw = item.text
            lines.append(DocLine(number, normalize_text(raw), raw, None, page))
    return lines


def _check_text_layer(raws: Sequence[RawPage], path: str) -> None:
    """Refuse a PDF whose characters cannot be decoded: a font without a Unicode map."""
    texts = [c.get("text", "") for raw in raws for c in raw.chars]
    undecoded = sum(1 for t in texts if t.startswith("(cid:"))
    if texts and undecoded > len(texts) / 2:
        raise UnreadableFileError(
            path,
            f"has a text layer whose fonts carry no Unicode mapping ({undecoded} of "
            f"{len(texts)} characters undecodable); run OCR on it (e.g. `ocrmypdf "
            "--force-ocr in.pdf out.pdf`) and ingest the result",
        )


def _has_text(raw: RawPage) -> bool:
    return any(c.get("text", "").strip() for c in raw.chars)


def _with_ocr(
    raws: list[RawPage], data: bytes, path: str, budget: float
) -> tuple[list[RawPage], OcrRun | None]:
    """Pages without a text layer replaced by their OCR reading (a scan, or scanned pages
    inside a born-digital file); the others as they are."""
    bare = [raw.number for raw in raws if not _has_text(raw)]
    if not bare:
        return raws, None
    from ingest.readers.ocr import ocr_pages, pdf_page_images

    read, run = ocr_pages(pdf_page_images(data, path, bare), path, len(bare), budget=budget)
    by_number = {raw.number: raw for raw in read}
    return [by_number.get(raw.number, raw) for raw in raws], run


def read_pdf(
    data: bytes, path: str, sha256: str, *, ocr_budget: float = DEFAULT_BUDGET_SECONDS
) -> Document:
    """A PDF as numbered lines, table rows carrying their cells' page, box and grid position.
    Pages without a text layer are read by OCR (`ocr_budget` seconds at most per file)."""
    raws = raw_pages(data, path)
    if not raws:
        raise UnreadableFileError(path, "is a PDF without pages")
    _check_text_layer(raws, path)
    raws, run = _with_ocr(raws, data, path, ocr_budget)
    return document_from_pages(raws, path, sha256, len(data), SourceFormat.PDF, run)


def document_from_pages(
    raws: list[RawPage],
    path: str,
    sha256: str,
    size: int,
    fmt: SourceFormat,
    run: OcrRun | None = None,
) -> Document:
    """Pages of characters and ruled tables (from a text layer or OCR) as a Document."""
    pages = [_read_page(raw) for raw in raws]
    items = _chain_tables(pages)
    if not items:
        raise NeedsOcrError(path, len(pages))
    items = _align_unruled(items, _sections(items))
    sections = _sections(items)
    lines = _doc_lines(list(_paragraphs(items, sections)), path, fmt)
    return Document(
        path=path,
        format=fmt,
        sha256=sha256,
        size=size,
        lines=lines,
        pages=len(pages),
        warnings=ocr_warnings(run) if run else [],
        ocr=run,
    )
