"""Ruled PDF tables -> full grids of cells, merged cells expanded, with page and box per cell.

pdfplumber finds the cells from the ruling lines (its "lines" strategy). Column and row
boundaries are the distinct left and top edges of those cells; a cell covering several
boundaries is a merged cell. Every grid position gets a cell: a position covered by a merged
cell repeats the merged cell's text when it is a label (has a Chinese character) and is empty
otherwise, so a value is read exactly once. A table continued on the next page is read against
the column boundaries of its first part, so its columns keep their numbers.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.readers.pdf_text import Glyph, cell_text

BBox = tuple[float, float, float, float]
_HAN = re.compile(r"[\u3400-\u9fff]")
EDGE_TOLERANCE = 2.0  # points: boundaries closer than this are one


@dataclass(slots=True)
class GridCell:
    """One grid position of a table row: the text as printed and the box it was read from."""

    raw: str
    bbox: BBox
    row: int
    col: int


@dataclass(slots=True)
class TableRow:
    """One row of a table, in reading order among the page's text lines."""

    page: int
    top: float
    table: int
    cells: list[GridCell]

    @property
    def spanning(self) -> str | None:
        """The text of a row that is one merged cell across the whole table, else None.

        Word processors that lay a page out as a table (WPS exports) put headings and running
        text in such rows; they are text lines, not table rows.
        """
        boxes = {c.bbox for c in self.cells}
        text = self.cells[0].raw if self.cells else ""
        if len(self.cells) < 2 or len(boxes) != 1 or not _HAN.search(text):
            return None
        return text


@dataclass(slots=True)
class FoundTable:
    """A ruled table found on a page, before its text is read."""

    bbox: BBox
    cells: list[BBox]
    xs: list[float]  # column boundaries, left to right, including the right edge
    ys: list[float]  # row boundaries, top to bottom, including the bottom edge

    def holds(self, g: Glyph) -> bool:
        x0, top, x1, bottom = self.bbox
        return x0 <= g.cx <= x1 and top <= g.cy <= bottom


def _edges(values: Sequence[float], end: float) -> list[float]:
    out: list[float] = []
    for v in sorted([*values, end]):
        if not out or v - out[-1] > EDGE_TOLERANCE:
            out.append(v)
    return out


def found_table(bbox: BBox, cells: Sequence[BBox]) -> FoundTable | None:
    """A table from pdfplumber's cell boxes, or None for a lone box (a framed paragraph)."""
    if not cells:
        return None
    xs = _edges([c[0] for c in cells], max(c[2] for c in cells))
    ys = _edges([c[1] for c in cells], max(c[3] for c in cells))
    if len(xs) < 3 and len(ys) < 3:
        return None
    return FoundTable(bbox, list(cells), xs, ys)


def continues(table: FoundTable, prev: Sequence[float]) -> bool:
    """True if `table` can be the next page's part of a table with column boundaries `prev`:
    same outer edges, and every column boundary of its own is one of the previous part's."""
    own = table.xs
    if abs(own[0] - prev[0]) > EDGE_TOLERANCE or abs(own[-1] - prev[-1]) > EDGE_TOLERANCE:
        return False
    return all(min(abs(x - p) for p in prev) <= EDGE_TOLERANCE for x in own)


def _index(edges: Sequence[float], value: float) -> int:
    """The slot (between two boundaries) that `value` falls in, clamped to the grid."""
    return min(max(bisect_right(edges, value + EDGE_TOLERANCE) - 1, 0), len(edges) - 2)


def _span(edges: Sequence[float], start: float, end: float) -> range:
    first = _index(edges, start)
    last = max(first, bisect_right(edges, end - EDGE_TOLERANCE) - 1)
    return range(first, min(last, len(edges) - 2) + 1)


def read_grid(
    table: FoundTable,
    items: Sequence[Glyph],
    *,
    page: int,
    number: int,
    xs: Sequence[float] | None = None,
    first_row: int = 0,
) -> list[TableRow]:
    """The table's rows as full grids. `xs` are the column boundaries to read against (the
    first part's, for a continued table); `first_row` numbers the rows after earlier parts."""
    xs = list(xs or table.xs)
    ys = table.ys
    owner: dict[tuple[int, int], int] = {}
    for i, (x0, top, x1, bottom) in enumerate(table.cells):
        for r in _span(ys, top, bottom):
            for c in _span(xs, x0, x1):
                owner.setdefault((r, c), i)
    held: dict[int, list[Glyph]] = {}
    for g in items:
        slot = (_index(ys, g.cy), _index(xs, g.cx))
        if slot in owner:
            held.setdefault(owner[slot], []).append(g)
    texts = {i: cell_text(gs) for i, gs in held.items()}
    rows: list[TableRow] = []
    for r in range(len(ys) - 1):
        cells: list[GridCell] = []
        for c in range(len(xs) - 1):
            i = owner.get((r, c))
            if i is None:
                cells.append(GridCell("", (xs[c], ys[r], xs[c + 1], ys[r + 1]), r, c))
                continue
            text = texts.get(i, "")
            x0, top, _, _ = table.cells[i]
            origin = _index(ys, top) == r and _index(xs, x0) == c
            shown = text if origin or _HAN.search(text) else ""
            cells.append(GridCell(shown, table.cells[i], first_row + r, c))
        rows.append(TableRow(page, ys[r], number, cells))
    return rows
