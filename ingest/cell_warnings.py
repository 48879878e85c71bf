"""Warnings about cells that hold what no template cell may: text where a count belongs, or a
negative count. The cell keeps what was printed (text is null, a negative number its value);
the warning says where it is so a reader can look."""

from __future__ import annotations

from collections.abc import Iterator

from ingest.numbers import MAX_DECIMALS, MAX_MAGNITUDE, NA_SPELLINGS, is_implausible_figure
from ingest.schema import Cell, CellStatus, ParseWarning, Report

MAX_LISTED = 20  # beyond this, one warning counts the rest


def _several_marks(raw: str) -> bool:
    """Dashes or slashes only, and not one n/a spelling: "——" is one mark, "---" several."""
    text = raw.strip()
    return text.lower() not in NA_SPELLINGS and all(ch in "-－—–/／\\" for ch in text)


def _cells(report: Report) -> Iterator[tuple[str, str, Cell]]:
    for name, cells in (("二", report.s2), ("四", report.s4)):
        for field, cell in cells.items():
            yield name, field, cell
    for field, columns in report.s3.items():
        for cell in columns.values():
            yield "三", field, cell


def _may_be_negative(field: str) -> bool:
    """The 2019 edition's 本年增/减 columns (items added or removed) are signed."""
    return field.endswith("_change")


def _where(table: str, cell: Cell) -> str:
    source = cell.source
    labels = "/".join(x for x in (source.row_label, source.column_label) if x) if source else ""
    return f"table {table} {labels}".rstrip()


def _shown(raw: str, limit: int = 24) -> str:
    """The printed figure, cut to `limit` characters: a warning stays one readable line."""
    text = raw.strip()
    return repr(text if len(text) <= limit else f"{text[:limit]}… ({len(text)} characters)")


def cell_warnings(report: Report) -> list[ParseWarning]:
    """One warning per cell that is text or negative, in table order (at most MAX_LISTED)."""
    out: list[ParseWarning] = []
    for table, field, cell in _cells(report):
        line = cell.source.line if cell.source else None
        if cell.status is CellStatus.TEXT and is_implausible_figure(cell.raw):
            out.append(
                ParseWarning(
                    code="cell_implausible",
                    message=f"{_where(table, cell)} holds {_shown(cell.raw)}: beyond any real "
                    f"count or amount (above {MAX_MAGNITUDE:,} or more than {MAX_DECIMALS} "
                    "decimals); stored as text, unreadable, never as a number",
                    line=line,
                )
            )
        elif cell.status is CellStatus.TEXT:
            out.append(
                ParseWarning(
                    code="cell_not_a_number",
                    message=f"{_where(table, cell)} holds {cell.raw.strip()!r}, not a number; "
                    "stored as text (no value)",
                    line=line,
                )
            )
        elif cell.status is CellStatus.NA and _several_marks(cell.raw):
            out.append(
                ParseWarning(
                    code="marks_run_together",
                    message=f"{_where(table, cell)} holds {cell.raw.strip()!r}: several "
                    "not-applicable marks in one cell, as when cells run together; the cells "
                    "beside it may have lost theirs",
                    line=line,
                )
            )
        elif cell.value is not None and cell.value < 0 and not _may_be_negative(field):
            out.append(
                ParseWarning(
                    code="cell_negative",
                    message=f"{_where(table, cell)} holds {cell.raw.strip()!r}: a count cannot "
                    "be negative; stored as printed, check the source",
                    line=line,
                )
            )
    if len(out) > MAX_LISTED:
        rest = len(out) - MAX_LISTED
        out = [
            *out[:MAX_LISTED],
            ParseWarning(code="cell_not_a_number", message=f"… and {rest} more such cells"),
        ]
    return out
