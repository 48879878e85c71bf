"""Tables printed without ruling lines -> cell rows, by the alignment of their values.

The value columns are where the numbers of the fullest rows stand (their boxes, merged where
they overlap: centred, left- or right-aligned columns all give one interval per column). Every
line with a number becomes a row: its label words first, then one cell per value column, empty
where the line has nothing there. A value under a merged header (one value across several
columns) goes to the column it overlaps, else the nearest one, the leftmost on a tie. Lines
without numbers (headers, wrapped label pieces) stay text lines.
"""

from __future__ import annotations

from collections.abc import Sequence

from ingest.normalize import normalize_text
from ingest.numbers import is_na_token, is_value_token
from ingest.readers.pdf_tables import GridCell, TableRow
from ingest.readers.pdf_text import TextLine, Word

Interval = tuple[float, float]


def is_value(word: Word) -> bool:
    text = normalize_text(word.text).strip()
    return is_value_token(text) or is_na_token(text)


def value_columns(lines: Sequence[TextLine]) -> list[Interval]:
    """The x-intervals of the value columns, from the lines with the most values."""
    counts = [sum(1 for w in line.words if is_value(w)) for line in lines]
    most = max(counts, default=0)
    spans = sorted(
        (w.x0, w.x1)
        for line, n in zip(lines, counts, strict=True)
        if n == most and most
        for w in line.words
        if is_value(w)
    )
    columns: list[Interval] = []
    for x0, x1 in spans:
        if columns and x0 <= columns[-1][1]:
            columns[-1] = (columns[-1][0], max(columns[-1][1], x1))
        else:
            columns.append((x0, x1))
    return columns


def _column_of(word: Word, columns: Sequence[Interval]) -> int:
    overlaps = [min(word.x1, c1) - max(word.x0, c0) for c0, c1 in columns]
    best = max(range(len(columns)), key=lambda i: (overlaps[i], -i))
    if overlaps[best] > 0:
        return best
    centre = (word.x0 + word.x1) / 2
    return min(range(len(columns)), key=lambda i: (abs(centre - sum(columns[i]) / 2), i))


def _row(line: TextLine, columns: Sequence[Interval], table: int, row: int) -> TableRow:
    labels = [w for w in line.words if not is_value(w)]
    slots: list[Word | None] = [None] * len(columns)
    for word in (w for w in line.words if is_value(w)):
        i = _column_of(word, columns)
        free = [j for j in range(len(columns)) if slots[j] is None]
        if slots[i] is not None and free:
            i = min(free, key=lambda j: (abs(j - i), j))
        slots[i] = word
    cells = [GridCell(w.text, (w.x0, w.top, w.x1, w.bottom), row, c) for c, w in enumerate(labels)]
    for i, word in enumerate(slots):
        c = len(cells)
        if word is None:
            box = (columns[i][0], line.top, columns[i][1], line.bottom)
            cells.append(GridCell("", box, row, c))
        else:
            cells.append(GridCell(word.text, (word.x0, word.top, word.x1, word.bottom), row, c))
    return TableRow(line.page, line.top, table, cells)


def columnize(lines: Sequence[TextLine], table: int) -> list[TextLine | TableRow]:
    """The lines of one table region with every line holding numbers turned into a row."""
    columns = value_columns(lines)
    if not columns:
        return list(lines)
    out: list[TextLine | TableRow] = []
    row = 0
    for line in lines:
        if any(is_value(w) for w in line.words):
            out.append(_row(line, columns, table, row))
            row += 1
        else:
            out.append(line)
    return out
