"""Reports shaped for reading: the three tables laid out as the template prints them, a cell
located in them, a passage located in its section. Pure functions over models, shared by the
app (source viewer, report page) and the exports."""

from __future__ import annotations

from pydantic import BaseModel, Field

from ingest.schema import Cell, CellStatus, Report
from ingest.template import (
    S2_ROWS,
    S3_COLUMNS,
    S3_ROWS,
    S4_BLOCKS,
    S4_RESULTS,
    FormatVersion,
)

TABLE_TITLES = {
    "s2": "二、主动公开政府信息情况",
    "s3": "三、收到和处理政府信息公开申请情况",
    "s4": "四、政府信息公开行政复议、行政诉讼情况",
}


class ViewCell(BaseModel):
    """One value of a table view: what to print and which canonical cell it is."""

    text: str
    section: str
    row: str
    column: str | None = None
    status: CellStatus
    highlight: bool = False


class TableView(BaseModel):
    """A table as printed: a header row, then rows of (row label, cells)."""

    section: str
    title: str
    header: list[str]
    rows: list[tuple[str, list[ViewCell]]] = Field(default_factory=list)


def cell_text(cell: Cell | None) -> str:
    """How a cell reads in a table: its printed text, with blanks and losses made visible."""
    if cell is None or cell.status is CellStatus.MISSING:
        return "?"
    if cell.status is CellStatus.AMBIGUOUS:
        return f"? ({cell.raw})"
    return cell.raw.strip() or "—" if cell.status is CellStatus.EMPTY else cell.raw.strip()


def _version(report: Report) -> FormatVersion:
    return report.format_version or FormatVersion.V2021


def table_views(
    report: Report, highlight: tuple[str, str, str | None] | None = None
) -> list[TableView]:
    """Tables 二, 三 and 四 of `report`; `highlight` = (section, row, column) marks one cell."""

    def view(section: str, row: str, column: str | None, cell: Cell | None) -> ViewCell:
        status = cell.status if cell is not None else CellStatus.MISSING
        marked = highlight is not None and highlight == (section, row, column)
        return ViewCell(
            text=cell_text(cell),
            section=section,
            row=row,
            column=column,
            status=status,
            highlight=marked,
        )

    s2 = TableView(section="s2", title=TABLE_TITLES["s2"], header=["信息内容", "字段", "数值"])
    for spec in S2_ROWS[_version(report)]:
        for f in spec.fields:
            s2.rows.append(
                (f"{spec.label}｜{f.label}", [view("s2", f.key, None, report.s2.get(f.key))])
            )
    s3 = TableView(
        section="s3", title=TABLE_TITLES["s3"], header=["", *[c.label for c in S3_COLUMNS]]
    )
    for row in S3_ROWS[_version(report)]:
        cells = report.s3.get(row.key, {})
        s3.rows.append(
            (
                f"{row.number}{row.label}",
                [view("s3", row.key, c.key, cells.get(c.key)) for c in S3_COLUMNS],
            )
        )
    s4 = TableView(
        section="s4", title=TABLE_TITLES["s4"], header=["", *[r.label for r in S4_RESULTS]]
    )
    for block in S4_BLOCKS:
        label = f"{block.parent}｜{block.label}" if block.parent else block.label
        keys = [f"{block.key}_{r.key}" for r in S4_RESULTS]
        s4.rows.append((label, [view("s4", k, None, report.s4.get(k)) for k in keys]))
    return [s2, s3, s4]


class PassageSpan(BaseModel):
    """A section's text cut around one passage, for showing the passage in context."""

    title: str
    before: str
    passage: str
    after: str


def passage_in_section(
    report: Report, section: str, start: int | None, end: int | None, text: str
) -> PassageSpan:
    """The section text with the passage located by its offsets (or, failing that, its text)."""
    from ingest.template import SectionKey

    keys = {
        "overview": SectionKey.OVERVIEW,
        "problems": SectionKey.PROBLEMS,
        "other": SectionKey.OTHER,
        "preface": SectionKey.PREFACE,
    }
    found = report.sections.get(keys.get(section, SectionKey.OVERVIEW))
    body = found.text if found else ""
    if start is None or end is None or body[start:end] != text:
        at = body.find(text)
        start, end = (at, at + len(text)) if at >= 0 else (len(body), len(body))
    title = found.title if found else section
    return PassageSpan(
        title=title, before=body[:start], passage=body[start:end] or text, after=body[end:]
    )
