"""Tables printed without ruling lines -> cell rows, by the alignment of their words.

Without lines, cells are rebuilt from geometry. Numbers at the same height form a value row;
the value columns are where the numbers of the fullest rows stand (their boxes, merged where
they overlap, so centred, left- and right-aligned columns all work). Label words close together
on a line form a phrase; phrases stacked at tight line spacing with a common left edge, centre
or right edge, and not nearer to different value rows, are one cell's wrapped text (a block).
A label block belongs to the value row whose middle it spans (a wrapped label is centred on its
values, or starts level with them). Each value row becomes a table row: its label blocks left
to right, then one cell per value column, empty where the row has nothing there. Blocks without
a value row (headers, group labels between rows) stay text lines, as printed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest.normalize import normalize_text
from ingest.numbers import is_na_token, is_value_token
from ingest.readers.pdf_tables import GridCell, TableRow
from ingest.readers.pdf_text import TextLine, Word, join_wrapped

Interval = tuple[float, float]
_PHRASE_GAP = 0.5  # font sizes: a wider gap between label words is a cell boundary
_STACK_GAP = 0.5  # font sizes: lines of one cell are closer than rows of a table
_ALIGN = 1.0  # points: tolerance for a shared left edge, centre or right edge
_SAME_ROW = 0.35  # font sizes: numbers of one row share their vertical centre
_NEAR_ROW = 2.0  # font sizes: a label line further than this from any numbers is no row's


def is_value(text: str) -> bool:
    text = normalize_text(text).strip()
    return is_value_token(text) or is_na_token(text)


@dataclass(slots=True)
class _Piece:
    """A word or phrase on a page, or a block of stacked phrases."""

    page: int
    size: float
    parts: list[Word] = field(default_factory=list)
    valued: bool = False  # one of its lines holds numbers: it is some row's label already
    home: int | None = None  # the value row its lines are nearest to

    @property
    def text(self) -> str:
        out = ""
        for part in self.parts:
            out = join_wrapped(out, part.text)
        return out

    @property
    def x0(self) -> float:
        return min(p.x0 for p in self.parts)

    @property
    def x1(self) -> float:
        return max(p.x1 for p in self.parts)

    @property
    def top(self) -> float:
        return self.parts[0].top

    @property
    def bottom(self) -> float:
        return self.parts[-1].bottom

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def box(self) -> tuple[float, float, float, float]:
        return (self.x0, self.top, self.x1, self.bottom)


def _phrases(line: TextLine) -> tuple[list[Word], list[Word]]:
    """A line's label phrases (close label words joined) and its value words."""
    labels: list[Word] = []
    values: list[Word] = []
    previous: Word | None = None
    for w in line.words:
        if is_value(w.text):
            values.append(w)
            previous = None
        elif previous is not None and w.x0 - previous.x1 <= _PHRASE_GAP * line.size:
            previous.text = f"{previous.text} {w.text}"
            previous.x1, previous.bottom = w.x1, max(previous.bottom, w.bottom)
        else:
            previous = Word(w.text, w.x0, w.x1, w.top, w.bottom)
            labels.append(previous)
    return labels, values


def _value_rows(values: Sequence[_Piece]) -> list[list[_Piece]]:
    """Numbers at the same height on the same page, top to bottom, each row left to right."""
    rows: list[list[_Piece]] = []
    for v in sorted(values, key=lambda v: (v.page, v.cy, v.x0)):
        if rows and rows[-1][0].page == v.page and v.cy - rows[-1][0].cy <= _SAME_ROW * v.size:
            rows[-1].append(v)
        else:
            rows.append([v])
    return [sorted(row, key=lambda v: v.x0) for row in rows]


def _nearest_row(rows: Sequence[Sequence[_Piece]], page: int, cy: float, size: float) -> int | None:
    """The value row closest to height `cy`, if one lies within two lines of it."""
    near = [(abs(r[0].cy - cy), i) for i, r in enumerate(rows) if r[0].page == page]
    distance, best = min(near, default=(0.0, None))
    return best if best is not None and distance <= _NEAR_ROW * size else None


def _stacks_under(
    block: _Piece, phrase: Word, line: TextLine, valued: bool, home: int | None
) -> bool:
    """True if `phrase` continues `block` on the next line of the same cell: set tightly
    below it, aligned with it, and not nearer to another value row than the block is (lines
    of two rows, however tightly set, are never one cell; nor two lines with numbers)."""
    last = block.parts[-1]
    if block.page != line.page or (valued and block.valued):
        return False
    if home is not None and block.home is not None and home != block.home:
        return False
    if not -1.0 <= phrase.top - last.bottom <= _STACK_GAP * line.size:
        return False
    return (
        abs(phrase.x0 - last.x0) <= _ALIGN
        or abs(phrase.x1 - last.x1) <= _ALIGN
        or abs((phrase.x0 + phrase.x1) - (last.x0 + last.x1)) <= 2 * _ALIGN
    )


def _blocks(lines: Sequence[TextLine]) -> tuple[list[_Piece], list[list[_Piece]]]:
    """Label blocks (wrapped cell texts) and the value rows of the region's lines."""
    split = [(line, *_phrases(line)) for line in lines]
    rows = _value_rows([_Piece(ln.page, ln.size, [w]) for ln, _, numbers in split for w in numbers])
    blocks: list[_Piece] = []
    for line, labels, numbers in split:
        valued = bool(numbers)
        for phrase in labels:
            home = _nearest_row(rows, line.page, (phrase.top + phrase.bottom) / 2, line.size)
            block = next(
                (b for b in reversed(blocks) if _stacks_under(b, phrase, line, valued, home)),
                None,
            )
            if block is None:
                blocks.append(_Piece(line.page, line.size, [phrase], valued, home))
                continue
            block.parts.append(phrase)
            block.valued = block.valued or valued
            block.home = block.home if home is None else home
    return blocks, rows


def value_columns(rows: Sequence[Sequence[_Piece]]) -> list[Interval]:
    """The x-intervals of the value columns, from the rows with the most values."""
    most = max((len(r) for r in rows), default=0)
    spans = sorted((v.x0, v.x1) for r in rows if len(r) == most for v in r)
    columns: list[Interval] = []
    for x0, x1 in spans:
        if columns and x0 <= columns[-1][1]:
            columns[-1] = (columns[-1][0], max(columns[-1][1], x1))
        else:
            columns.append((x0, x1))
    return columns


def _column_of(v: _Piece, columns: Sequence[Interval], taken: set[int]) -> int:
    """The column a value stands in: the one it overlaps, else the nearest (leftmost on a tie)."""
    free = [i for i in range(len(columns)) if i not in taken] or list(range(len(columns)))
    overlap = {i: min(v.x1, columns[i][1]) - max(v.x0, columns[i][0]) for i in free}
    best = max(free, key=lambda i: (overlap[i], -i))
    if overlap[best] > 0:
        return best
    centre = (v.x0 + v.x1) / 2
    distance = {i: abs(centre - sum(columns[i]) / 2) for i in free}
    nearest = min(distance.values())
    return min(i for i in free if distance[i] <= nearest + _ALIGN)


def _table_row(
    labels: Sequence[_Piece], values: Sequence[_Piece], columns: Sequence[Interval], t: int, r: int
) -> TableRow:
    cells = [
        GridCell(b.text, b.box, r, c) for c, b in enumerate(sorted(labels, key=lambda b: b.x0))
    ]
    slots: dict[int, _Piece] = {}
    for v in values:
        slots[_column_of(v, columns, set(slots))] = v
    top = min(v.top for v in values)
    bottom = max(v.bottom for v in values)
    for i, (x0, x1) in enumerate(columns):
        v = slots.get(i)
        cell = (
            GridCell(v.text, v.box, r, len(cells))
            if v
            else GridCell("", (x0, top, x1, bottom), r, len(cells))
        )
        cells.append(cell)
    return TableRow(values[0].page, min([top, *(b.top for b in labels)]), t, cells)


def _text_lines(blocks: Sequence[_Piece]) -> list[tuple[float, TextLine]]:
    """Blocks without a value row, as text lines of blocks at the same height."""
    out: list[tuple[float, list[_Piece]]] = []
    for b in sorted(blocks, key=lambda b: (b.page, b.cy, b.x0)):
        last = out[-1][1] if out else None
        if last and last[0].page == b.page and b.cy - last[0].cy <= _SAME_ROW * b.size:
            last.append(b)
        else:
            out.append((b.cy, [b]))
    return [
        (
            cy,
            TextLine(
                bs[0].page,
                [Word(b.text, *b.box) for b in sorted(bs, key=lambda b: b.x0)],
                max(b.size for b in bs),
            ),
        )
        for cy, bs in out
    ]


def columnize(lines: Sequence[TextLine], table: int) -> list[TextLine | TableRow]:
    """The lines of one table region, rebuilt as table rows where they hold numbers."""
    blocks, rows = _blocks(lines)
    if not rows:
        return list(lines)
    columns = value_columns(rows)
    attached: list[list[_Piece]] = [[] for _ in rows]
    loose: list[_Piece] = []
    for b in blocks:
        spanned = [
            i
            for i, row in enumerate(rows)
            if row[0].page == b.page and b.top <= row[0].cy <= b.bottom
        ]
        if spanned:
            attached[min(spanned, key=lambda i: abs(rows[i][0].cy - b.cy))].append(b)
        else:
            loose.append(b)
    placed: list[tuple[int, float, TextLine | TableRow]] = [
        (row[0].page, row[0].cy, _table_row(attached[i], row, columns, table, i))
        for i, row in enumerate(rows)
    ]
    placed += [(line.page, cy, line) for cy, line in _text_lines(loose)]
    placed.sort(key=lambda p: (p[0], p[1]))
    return [item for _, _, item in placed]
