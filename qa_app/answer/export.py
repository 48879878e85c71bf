"""Exports: the facts of an answer and the tables of a report, as CSV (UTF-8 with BOM, so
Excel opens Chinese correctly) and XLSX. Every row keeps where its number was read."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook

from ingest.schema import Report, Source
from qa_app.answer.model import Answer
from qa_app.answer.views import table_views

FACT_COLUMNS = (
    "report_id",
    "agency",
    "year",
    "field",
    "column",
    "value",
    "status",
    "raw",
    "file",
    "page",
    "line",
    "table",
    "row",
    "col",
    "row_label",
    "column_label",
)
TABLE_COLUMNS = (
    "table",
    "row_label",
    "column_label",
    "section",
    "field",
    "column",
    "value",
    "status",
    "raw",
    "file",
    "page",
    "line",
)


def _where(source: Source | None) -> list[object]:
    if source is None:
        return ["", "", "", "", "", "", "", ""]
    return [
        Path(source.file).name,
        source.page or "",
        source.line or "",
        "" if source.table is None else source.table,
        "" if source.row is None else source.row,
        "" if source.col is None else source.col,
        source.row_label,
        source.column_label,
    ]


def fact_rows(answer: Answer) -> list[list[object]]:
    return [
        [
            f.report_id,
            f.agency or "",
            f.year or "",
            f.field,
            f.column or "",
            "" if f.value is None else f.value,
            f.status.value,
            f.raw,
            *_where(f.source),
        ]
        for f in answer.facts
    ]


def table_rows(report: Report) -> list[list[object]]:
    rows: list[list[object]] = []
    for view in table_views(report):
        for label, cells in view.rows:
            for header, cell in zip(view.header[1:] or view.header, cells, strict=False):
                stored = report.cell_at(cell.section, cell.row, cell.column)
                source = stored.source if stored else None
                rows.append(
                    [
                        view.title,
                        label,
                        header,
                        cell.section,
                        cell.row,
                        cell.column or "",
                        "" if stored is None or stored.value is None else stored.value,
                        cell.status.value,
                        stored.raw if stored else "",
                        *_where(source)[:3],
                    ]
                )
    return rows


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(header: Sequence[str], rows: Iterable[Sequence[object]], title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def facts_csv(answer: Answer) -> bytes:
    return to_csv(FACT_COLUMNS, fact_rows(answer))


def facts_xlsx(answer: Answer) -> bytes:
    return to_xlsx(FACT_COLUMNS, fact_rows(answer), "facts")


def report_csv(report: Report) -> bytes:
    return to_csv(TABLE_COLUMNS, table_rows(report))


def report_xlsx(report: Report) -> bytes:
    return to_xlsx(TABLE_COLUMNS, table_rows(report), report.id)


THEME_COLUMNS = (
    "theme",
    "label",
    "reports",
    "share",
    "report_id",
    "agency",
    "year",
    "point",
    "passage_ids",
)


def theme_rows(answer: Answer) -> list[list[object]]:
    """One row per point: its theme (rank, label, reports raising it) and where it was read;
    the long tail's points have theme 0."""
    rows: list[list[object]] = []
    if answer.themes is None:
        return rows
    ranked = [(i, t.label, t.reports, round(t.share, 4), t.members)
              for i, t in enumerate(answer.themes.themes, 1)]  # fmt: skip
    ranked.append((0, "", 1, "", answer.themes.long_tail))
    for rank, label, reports, share, members in ranked:
        for m in members:
            rows.append([rank, label, reports, share, m.report_id, m.agency or "", m.year or "",
                         m.text, " ".join(m.passage_ids)])  # fmt: skip
    return rows


def themes_csv(answer: Answer) -> bytes:
    return to_csv(THEME_COLUMNS, theme_rows(answer))


def themes_xlsx(answer: Answer) -> bytes:
    return to_xlsx(THEME_COLUMNS, theme_rows(answer), "themes")


RECURRENCE_COLUMNS = (
    "agency",
    "promised_year",
    "promised",
    "promised_report_id",
    "promised_passage_ids",
    "reported_year",
    "reported",
    "reported_report_id",
    "reported_passage_ids",
    "similarity",
)


def recurrence_rows(answer: Answer) -> list[list[object]]:
    """One row per promise reported again: both sides, each with its report and passages."""
    rows: list[list[object]] = []
    for r in answer.recurrence:
        for pair in r.promised_again:
            p, q = pair.promised, pair.reported
            rows.append([r.agency or "", p.year or "", p.text, p.report_id,
                         " ".join(p.passage_ids), q.year or "", q.text, q.report_id,
                         " ".join(q.passage_ids), pair.similarity])  # fmt: skip
    return rows


def recurrence_csv(answer: Answer) -> bytes:
    return to_csv(RECURRENCE_COLUMNS, recurrence_rows(answer))


def recurrence_xlsx(answer: Answer) -> bytes:
    return to_xlsx(RECURRENCE_COLUMNS, recurrence_rows(answer), "promised again")
