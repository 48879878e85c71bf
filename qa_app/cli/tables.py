"""Terminal tables for the CLI (rich). Formatting only: every number comes from a model; every
name or text from a report goes through `plain` (controls escaped, no markup)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from rich.table import Table

from index.sqlstore import ReportRow
from ingest.checks import count_outcomes
from ingest.schema import CheckOutcome, Report
from qa_app.cli.terminal import plain
from qa_app.engine import IngestOutcome, IngestStatus


def _checks(passed: int, failed: int, na: int) -> str:
    return f"{passed} pass · {failed} fail · {na} n/a"


def reports_table(reports: Sequence[Report]) -> Table:
    """Parsed (not stored) reports."""
    table = Table(title=f"{len(reports)} report(s)")
    for column in ("id", "agency", "region", "year", "format", "checks", "warnings", "file"):
        table.add_column(column, overflow="fold")
    for r in reports:
        counts = count_outcomes(r.checks)
        table.add_row(
            plain(r.id),
            plain(r.agency or "?"),
            plain(r.region or "?"),
            str(r.year or "?"),
            plain(r.format_version or "?"),
            _checks(
                counts[CheckOutcome.PASS],
                counts[CheckOutcome.FAIL],
                counts[CheckOutcome.NOT_ASSESSABLE],
            ),
            str(len(r.warnings)),
            plain(Path(r.source.path).name),
        )
    return table


def stored_table(rows: Sequence[ReportRow]) -> Table:
    """`govqa reports`."""
    table = Table(title=f"{len(rows)} stored report(s)")
    for column in ("id", "agency", "region", "year", "format", "checks", "file"):
        table.add_column(column, overflow="fold")
    for r in rows:
        c = r.checks
        table.add_row(
            plain(r.id),
            plain(r.agency or "?"),
            plain(r.region or "?"),
            str(r.year or "?"),
            plain(r.format_version or "?"),
            _checks(c.get("pass", 0), c.get("fail", 0), c.get("not_assessable", 0)),
            plain(Path(r.source_path).name),
        )
    return table


def ingest_summary(outcomes: Sequence[IngestOutcome]) -> Table:
    """The table printed after `govqa ingest`: counts by status, then every failure's reason."""
    counts = Counter(o.status for o in outcomes)
    table = Table(title="ingest summary")
    table.add_column("status")
    table.add_column("files", justify="right")
    for status in IngestStatus:
        table.add_row(status.value, str(counts.get(status, 0)))
    return table


def failures_table(outcomes: Sequence[IngestOutcome]) -> Table | None:
    failed = [o for o in outcomes if o.status is IngestStatus.FAILED]
    if not failed:
        return None
    table = Table(title=f"{len(failed)} file(s) failed")
    table.add_column("file", overflow="fold")
    table.add_column("reason", overflow="fold")
    for o in failed:
        table.add_row(plain(o.path), plain(o.reason))
    return table
