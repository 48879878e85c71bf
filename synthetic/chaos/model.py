"""The chaos renderer's document model: a report as blocks (headings, paragraphs, tables, page
breaks) that quirks rewrite and serializers print in one format each.

Tables are grids with merged cells, as the official template prints them: a position holds the
`GridCell` that starts there, or None where a merge from the left or from above covers it. Rows
may differ in length (a garbled header over fifteen values); serializers pad where their format
needs a rectangle. Every cell knows its kind, so a quirk can damage labels and leave values alone.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from enum import StrEnum

from ingest.schema import Report
from ingest.template import SectionKey
from synthetic import render_docx
from synthetic.layout import (
    SECTION_ORDER,
    Labels,
    choose_labels,
    narrative_lines,
    section_title,
    sub_heading,
    title,
)


class CellKind(StrEnum):
    HEAD = "head"  # a column header or a block caption (第二十条第（一）项)
    LABEL = "label"  # a row label, or a group label merged down over its rows
    VALUE = "value"  # a printed cell value (the record's raw text)


@dataclass
class GridCell:
    """One printed cell spanning `rows` x `cols` grid positions."""

    text: str
    kind: CellKind
    rows: int = 1
    cols: int = 1


Row = list[GridCell | None]


class TableName(StrEnum):
    S2 = "s2"
    S3 = "s3"
    S4 = "s4"
    OTHER = "other"  # placeholders and other tables that hold none of the record's cells


@dataclass
class Table:
    name: TableName
    rows: list[Row]
    header_rows: int = 0
    joiner: str | None = None  # text formats: how this table's cells are joined (None: default)
    gap: str | None = None  # text formats: between a row's label and its values (None: joiner)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


class Role(StrEnum):
    TITLE = "title"
    SECTION = "section"  # 一、总体情况 ...
    SUB = "sub"  # （一）主动公开情况, captions of small tables
    BODY = "body"
    JUNK = "junk"  # navigation, page furniture, crawler header lines
    STAMP = "stamp"  # the agency and date at the end


@dataclass
class Text:
    """A heading or a paragraph."""

    text: str
    role: Role
    section: SectionKey | None = None


@dataclass
class PageBreak:
    """A page ends here (printed as a page footer where the format shows one)."""


Block = Text | Table | PageBreak


@dataclass
class Output:
    """How a serializer prints the document (set by output quirks)."""

    footer: str | None = None  # page-footer template with {n} and {total}; None: no footers
    crawler_header: bool = False  # 标题:/发布时间:/原文链接: lines and a 正文 rule on top
    one_line: bool = False  # the whole body on one line
    word_html: bool = False  # Word-exported HTML markup
    js_embedded: bool = False  # the report inside a JavaScript string of another page
    nav_frame: bool = False  # a site frame of menus and links around the report (HTML)
    vertical_groups: bool = False  # PDF-text: merged group labels printed one character a line
    encoding: str = "utf-8"


@dataclass
class Doc:
    report: Report
    blocks: list[Block]
    labels: Labels
    output: Output = field(default_factory=Output)

    def tables(self, name: TableName | None = None) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table) and name in (None, b.name)]

    def texts(self, *roles: Role) -> list[Text]:
        return [b for b in self.blocks if isinstance(b, Text) and (not roles or b.role in roles)]

    def section_range(self, key: SectionKey) -> tuple[int, int]:
        """Indexes [start, stop) of the blocks after section `key`'s title, up to the next."""
        start = next(
            i
            for i, b in enumerate(self.blocks)
            if isinstance(b, Text) and b.role is Role.SECTION and b.section is key
        )
        stop = next(
            (
                i
                for i in range(start + 1, len(self.blocks))
                if isinstance(b := self.blocks[i], Text) and b.role is Role.SECTION
            ),
            len(self.blocks),
        )
        return start + 1, stop


# ---------------------------------------------------------------- grids from the template


def _kind(name: TableName, span: render_docx.Span, col: int, first_value: int) -> CellKind:
    if span.header:
        return CellKind.HEAD
    if name is TableName.S4 or col >= first_value:
        return CellKind.VALUE
    return CellKind.LABEL


def from_docx_grid(name: TableName, grid: render_docx.Grid, first_value: int) -> Table:
    """A generator grid (render_docx) as a chaos table; `first_value` is the first value column."""
    rows: list[Row] = []
    header_rows = 0
    for r, row in enumerate(grid):
        out: Row = []
        for c, span in enumerate(row):
            if span is None:
                out.append(None)
                continue
            out.append(GridCell(span.text, _kind(name, span, c, first_value), span.rows, span.cols))
        if header_rows == r and all(s is None or s.header for s in row):
            header_rows = r + 1  # the leading rows of headers only
        rows.append(out)
    return Table(name, rows, header_rows)


def table_blocks(
    report: Report, labels: Labels, rng: random.Random, key: SectionKey
) -> list[Table]:
    """The tables of section `key` as the template prints them (二 in one table or per block)."""
    if key is SectionKey.PROACTIVE:
        grids = render_docx.s2_grids(report, labels, per_block=rng.random() < 0.5)
        return [from_docx_grid(TableName.S2, g, 1) for g in grids]
    if key is SectionKey.REQUESTS:
        return [from_docx_grid(TableName.S3, render_docx.s3_grid(report, labels), 3)]
    return [from_docx_grid(TableName.S4, render_docx.s4_grid(report, labels), 0)]


_TABLE_SECTIONS = (SectionKey.PROACTIVE, SectionKey.REQUESTS, SectionKey.APPEALS)


def build_doc(report: Report, rng: random.Random) -> Doc:
    """The whole report as blocks: title, six sections, narrative and the three tables."""
    labels = choose_labels(rng, p_half_width=0.3)
    blocks: list[Block] = [Text(title(report), Role.TITLE)]
    for key in SECTION_ORDER:
        blocks.append(Text(section_title(key), Role.SECTION, key))
        if key in _TABLE_SECTIONS:
            blocks += table_blocks(report, labels, rng, key)
            continue
        for is_heading, line in narrative_lines(report, key):
            if is_heading:
                blocks.append(Text(sub_heading(line, labels), Role.SUB, key))
            else:
                blocks.append(Text(line, Role.BODY, key))
    return Doc(report, blocks, labels)


# ---------------------------------------------------------------- grid surgery


def owners(table: Table) -> dict[tuple[int, int], tuple[int, int]]:
    """Grid position -> the (row, col) of the cell covering it."""
    out: dict[tuple[int, int], tuple[int, int]] = {}
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row):
            if cell is None:
                continue
            for rr in range(r, min(len(table.rows), r + cell.rows)):
                for cc in range(c, c + cell.cols):
                    out.setdefault((rr, cc), (r, c))
    return out


def slice_rows(table: Table, start: int, stop: int, *, header: bool, carry: bool) -> Table:
    """Rows [start, stop) as a table of their own, header rows in front if `header`. A vertical
    merge cut at `start` continues as a new cell: empty, or its label again if `carry`."""
    own = owners(table)
    head = [_copy_row(r) for r in table.rows[: table.header_rows]] if header else []
    body: list[Row] = []
    for r in range(start, stop):
        row: Row = []
        for c, cell in enumerate(table.rows[r]):
            r0, c0 = own.get((r, c), (r, c))
            if cell is not None:
                row.append(replace(cell, rows=min(cell.rows, stop - r)))
            elif r0 < start and c0 == c and r == start:
                above = table.rows[r0][c0]
                assert above is not None
                left = min(above.rows - (start - r0), stop - start)
                text = above.text if carry else ""
                row.append(GridCell(text, above.kind, left, above.cols))
            else:
                row.append(None)
        body.append(row)
    return Table(table.name, head + body, len(head), table.joiner, table.gap)


def _copy_row(row: Row) -> Row:
    return [None if c is None else replace(c) for c in row]


def split_table(table: Table, at: int, *, header: bool, carry: bool) -> tuple[Table, Table]:
    """The table cut before row `at`: the first part keeps the header, the second repeats it
    if `header`."""
    first = slice_rows(table, table.header_rows, at, header=True, carry=carry)
    second = slice_rows(table, at, len(table.rows), header=header, carry=carry)
    return first, second


def value_cells(table: Table) -> list[GridCell]:
    return [c for row in table.rows for c in row if c is not None and c.kind is CellKind.VALUE]


def all_cells(doc: Doc) -> list[GridCell]:
    return [c for t in doc.tables() for row in t.rows for c in row if c is not None]
