"""A parsed report as the rows the SQL store takes: plain tuples in each table's column order.

The one definition of how a Report becomes rows. An ingest builds them in its parser
processes (with the passages already cut and tokenized, index/chunking.py) and sends them to
the writer instead of the pydantic Report: the writer then only executes inserts. Making the
rows (a JSON source per cell), the jieba tokens, and unpickling a whole Report were most of
the one writer's time. `SqlStore.insert_pending` builds them here too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from pydantic import TypeAdapter

from ingest.schema import CellRef, ParseWarning, Report, Section, SectionKey

PENDING, COMPLETE = "pending", "complete"

REPORT_COLUMNS = (
    "id", "agency", "agency_key", "region", "year", "format_version", "source_path", "sha256",
    "ingested_at", "state", "source", "meta", "sections", "warnings",
)  # fmt: skip
CELL_COLUMNS = ("report_id", "seq", "section", "row", "column", "value", "raw", "status", "source")
CHECK_COLUMNS = (
    "report_id", "seq", "rule", "scope", "outcome", "lhs", "rhs", "cells", "message",
)  # fmt: skip
PASSAGE_COLUMNS = ("id", "report_id", "section", "position", "text", "tokens", "start", "end")

SECTIONS_JSON = TypeAdapter(dict[SectionKey, Section])
WARNINGS_JSON = TypeAdapter(list[ParseWarning])
REFS_JSON = TypeAdapter(list[CellRef])

Row = tuple[object, ...]


@dataclass(frozen=True, slots=True)
class StoredPassage:
    """A narrative passage as stored: what the vector and keyword indexes are built from."""

    id: str
    report_id: str
    section: str
    position: int
    text: str
    tokens: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class ReportRows:
    """One report's rows (state pending), plus what the store and the ingest's outcome need
    to know of it without reading the rows: identity, replacement key, warnings."""

    id: str
    sha256: str
    source_path: str
    agency: str | None
    agency_key: str | None
    region: str | None
    year: int | None
    warnings: tuple[str, ...]  # the messages, for the ingest's outcome
    report: Row  # REPORT_COLUMNS
    cells: list[Row]  # CELL_COLUMNS
    checks: list[Row]  # CHECK_COLUMNS
    passages: list[Row]  # PASSAGE_COLUMNS


def report_rows(report: Report, passages: Sequence[StoredPassage]) -> ReportRows:
    """`report` and its `passages` as rows, the report pending."""
    return ReportRows(
        id=report.id,
        sha256=report.source.sha256,
        source_path=report.source.path,
        agency=report.agency,
        agency_key=report.agency_key,
        region=report.region,
        year=report.year,
        warnings=tuple(w.message for w in report.warnings),
        report=_report_row(report),
        cells=_cell_rows(report),
        checks=[
            (
                report.id,
                seq,
                c.rule.value,
                c.scope,
                c.outcome.value,
                c.lhs,
                c.rhs,
                REFS_JSON.dump_json(c.cells).decode(),
                c.message,
            )
            for seq, c in enumerate(report.checks)
        ],
        passages=[
            (p.id, p.report_id, p.section, p.position, p.text, p.tokens, p.start, p.end)
            for p in passages
        ],
    )


def _report_row(report: Report) -> Row:
    return (
        report.id,
        report.agency,
        report.agency_key,
        report.region,
        report.year,
        report.format_version.value if report.format_version else None,
        report.source.path,
        report.source.sha256,
        datetime.now(UTC).isoformat(timespec="seconds"),
        PENDING,
        report.source.model_dump_json(),
        report.meta.model_dump_json(),
        SECTIONS_JSON.dump_json(report.sections).decode(),
        WARNINGS_JSON.dump_json(report.warnings).decode(),
    )


def _cell_rows(report: Report) -> list[Row]:
    entries = [("s2", f, "", c) for f, c in report.s2.items()]
    entries += [("s3", r, k, c) for r, cols in report.s3.items() for k, c in cols.items()]
    entries += [("s4", f, "", c) for f, c in report.s4.items()]
    return [
        (report.id, seq, section, row, column, cell.value, cell.raw, cell.status.value,
         cell.source.model_dump_json() if cell.source else None)
        for seq, (section, row, column, cell) in enumerate(entries)
    ]  # fmt: skip
