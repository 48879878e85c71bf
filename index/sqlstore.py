"""The structured store: reports, their cells in long form, checks and passages in SQL.

SQLite file in the data dir by default, PostgreSQL (or anything SQLAlchemy speaks) by URL; the
schema is created idempotently. Errors from the database are translated to StoreError here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from pydantic import Field, TypeAdapter
from sqlalchemy import (
    Connection,
    Engine,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from index.tables import (
    SCHEMA_VERSION,
    cells,
    checks,
    metadata,
    passages,
    reports,
    settings_table,
)
from ingest.errors import ReportNotFoundError, StoreError
from ingest.numbers import exact_decimal
from ingest.schema import (
    Cell,
    CellRef,
    CellStatus,
    CheckResult,
    ParseWarning,
    Report,
    ReportMeta,
    ReportRef,
    Section,
    SectionKey,
    Source,
    SourceInfo,
)

PENDING, COMPLETE = "pending", "complete"
_OUTCOMES = ("pass", "fail", "not_assessable")
_SECTIONS = TypeAdapter(dict[SectionKey, Section])
_WARNINGS = TypeAdapter(list[ParseWarning])
_REFS = TypeAdapter(list[CellRef])


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


class ReportRow(ReportRef):
    """One line of `govqa reports`: a stored report (its identity, ReportRef) and how its
    checks came out."""

    format_version: str | None
    source_path: str
    sha256: str
    ingested_at: str
    state: str
    checks: dict[str, int] = Field(
        default_factory=dict, description="Check outcomes counted: pass, fail, not_assessable."
    )


def sqlite_url(data_dir: Path) -> str:
    return f"sqlite:///{(data_dir / 'govqa.sqlite3').resolve()}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets foreign keys, WAL and a busy timeout."""
    try:
        engine = create_engine(url, future=True, pool_pre_ping=True)
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise StoreError(f"cannot open the database {_safe(url)}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unparseable database URL>"


def _cell_value(value: int | float | Decimal | None, raw: str, status: str) -> int | Decimal | None:
    """Counts come back as int, decimals as the Decimal of their digits, as the parser made
    them. A REAL (SQLite, or a store made with a FLOAT column) has at most 14 significant
    digits (ingest/numbers.py's bounds), so its shortest repr is the digits stored."""
    if value is None or isinstance(value, int):
        return value
    exact = exact_decimal(value)
    counted = status in (CellStatus.NUMBER, CellStatus.ZERO) and "." not in raw
    return int(exact) if counted and exact == exact.to_integral_value() else exact


class SqlStore:
    """The structured store over one SQLAlchemy engine."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._create()

    def _create(self) -> None:
        try:
            metadata.create_all(self.engine, checkfirst=True)
            with self.engine.begin() as conn:
                found = conn.execute(
                    select(settings_table.c.value).where(settings_table.c.key == "schema")
                ).scalar()
                if found is None:
                    conn.execute(insert(settings_table).values(key="schema", value=SCHEMA_VERSION))
                elif found != SCHEMA_VERSION:
                    raise StoreError(
                        f"the store at {_safe(self.url)} has schema version {found}, this govqa "
                        f"expects {SCHEMA_VERSION}; re-ingest into a new data dir"
                    )
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot prepare the database {_safe(self.url)}: {exc}") from exc

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A transaction; database errors come out as StoreError."""
        try:
            with self.engine.begin() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"database error: {exc}") from exc

    def dispose(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------------ writing

    def insert_pending(self, report: Report, stored: Sequence[StoredPassage]) -> None:
        """Write a report, its cells, checks and passages in one transaction, as pending."""
        with self.begin() as conn:
            conn.execute(insert(reports).values(**_report_row(report, PENDING)))
            rows = list(_cell_rows(report))
            if rows:
                conn.execute(insert(cells), rows)
            check_rows = [_check_row(report.id, i, c) for i, c in enumerate(report.checks)]
            if check_rows:
                conn.execute(insert(checks), check_rows)
            if stored:
                conn.execute(insert(passages), [_passage_row(p) for p in stored])

    def complete(self, report_id: str, replaces: Iterable[str] = ()) -> None:
        """Make a pending report visible and drop the reports it replaces, atomically."""
        with self.begin() as conn:
            for old in replaces:
                conn.execute(delete(reports).where(reports.c.id == old))
            conn.execute(update(reports).where(reports.c.id == report_id).values(state=COMPLETE))
            _bump_generation(conn)

    def delete(self, report_id: str) -> None:
        """Remove a report and everything stored with it (cells, checks, passages)."""
        with self.begin() as conn:
            conn.execute(delete(reports).where(reports.c.id == report_id))
            _bump_generation(conn)

    def generation(self) -> int:
        """A counter raised by every change to the visible reports: caches key on it."""
        with self.begin() as conn:
            value = conn.execute(
                select(settings_table.c.value).where(settings_table.c.key == "generation")
            ).scalar()
        return int(value or 0)

    def meta(self, key: str) -> str | None:
        """A value of the store's own key/value table (schema version, generation, ...)."""
        with self.begin() as conn:
            return conn.execute(
                select(settings_table.c.value).where(settings_table.c.key == key)
            ).scalar()

    def set_meta(self, key: str, value: str) -> None:
        with self.begin() as conn:
            found = conn.execute(
                select(settings_table.c.value).where(settings_table.c.key == key)
            ).scalar()
            if found is None:
                conn.execute(insert(settings_table).values(key=key, value=value))
            elif found != value:
                conn.execute(
                    update(settings_table).where(settings_table.c.key == key).values(value=value)
                )

    # ------------------------------------------------------------------ reading

    def find_sha(self, sha256: str) -> ReportRow | None:
        with self.begin() as conn:
            row = conn.execute(select(reports).where(reports.c.sha256 == sha256)).first()
        return _report_summary(row) if row else None

    def same_report(self, agency_key: str | None, year: int | None, source_path: str) -> list[str]:
        """Ids of stored reports a new parse of (agency, year) — or of the same path — replaces."""
        if agency_key and year:
            where = (reports.c.agency_key == agency_key) & (reports.c.year == year)
        else:
            where = reports.c.source_path == source_path
        with self.begin() as conn:
            return list(conn.execute(select(reports.c.id).where(where)).scalars())

    def ids(self, state: str | None = COMPLETE) -> list[str]:
        query = select(reports.c.id).order_by(reports.c.id)
        if state:
            query = query.where(reports.c.state == state)
        with self.begin() as conn:
            return list(conn.execute(query).scalars())

    def summaries(self) -> list[ReportRow]:
        """Complete reports, by year then agency, with their check outcomes counted."""
        query = (
            select(reports)
            .where(reports.c.state == COMPLETE)
            .order_by(reports.c.year, reports.c.agency_key, reports.c.id)
        )
        counts = (
            select(checks.c.report_id, checks.c.outcome, func.count())
            .join(reports, reports.c.id == checks.c.report_id)
            .where(reports.c.state == COMPLETE)
            .group_by(checks.c.report_id, checks.c.outcome)
        )
        with self.begin() as conn:
            tally: dict[str, dict[str, int]] = {}
            for report_id, outcome, n in conn.execute(counts):
                tally.setdefault(report_id, {})[outcome] = n
            return [_report_summary(r, tally.get(r.id, {})) for r in conn.execute(query)]

    def rows(self, report_ids: Sequence[str]) -> dict[str, ReportRow]:
        """The complete reports among `report_ids`, by id (no check counts)."""
        found: dict[str, ReportRow] = {}
        with self.begin() as conn:
            for start in range(0, len(report_ids), 500):
                chunk = list(report_ids[start : start + 500])
                query = select(reports).where(reports.c.id.in_(chunk), reports.c.state == COMPLETE)
                found.update({r.id: _report_summary(r) for r in conn.execute(query)})
        return found

    def report(self, report_id: str) -> Report:
        """The full record of a complete report, rebuilt from its rows."""
        with self.begin() as conn:
            row = conn.execute(
                select(reports).where(reports.c.id == report_id, reports.c.state == COMPLETE)
            ).first()
            if row is None:
                raise ReportNotFoundError(report_id)
            cell_rows = conn.execute(
                select(cells).where(cells.c.report_id == report_id).order_by(cells.c.seq)
            ).all()
            check_rows = conn.execute(
                select(checks).where(checks.c.report_id == report_id).order_by(checks.c.seq)
            ).all()
        return _rebuild(row, cell_rows, check_rows)

    def passages(self, report_ids: Iterable[str] | None = None) -> list[StoredPassage]:
        """Passages of complete reports (or of the given reports, whatever their state)."""
        query = select(passages).order_by(passages.c.report_id, passages.c.position)
        if report_ids is None:
            query = query.join(reports, reports.c.id == passages.c.report_id).where(
                reports.c.state == COMPLETE
            )
        else:
            query = query.where(passages.c.report_id.in_(list(report_ids)))
        with self.begin() as conn:
            return [
                StoredPassage(
                    r.id, r.report_id, r.section, r.position, r.text, r.tokens, r.start, r.end
                )
                for r in conn.execute(query)
            ]

    def passage_ids(self) -> set[str]:
        with self.begin() as conn:
            return set(conn.execute(select(passages.c.id)).scalars())


def _bump_generation(conn: Connection) -> None:
    found = conn.execute(
        select(settings_table.c.value).where(settings_table.c.key == "generation")
    ).scalar()
    if found is None:
        conn.execute(insert(settings_table).values(key="generation", value="1"))
    else:
        conn.execute(
            update(settings_table)
            .where(settings_table.c.key == "generation")
            .values(value=str(int(found) + 1))
        )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _report_row(report: Report, state: str) -> dict[str, object]:
    return {
        "id": report.id,
        "agency": report.agency,
        "agency_key": report.agency_key,
        "region": report.region,
        "year": report.year,
        "format_version": report.format_version.value if report.format_version else None,
        "source_path": report.source.path,
        "sha256": report.source.sha256,
        "ingested_at": _now(),
        "state": state,
        "source": report.source.model_dump_json(),
        "meta": report.meta.model_dump_json(),
        "sections": _SECTIONS.dump_json(report.sections).decode(),
        "warnings": _WARNINGS.dump_json(report.warnings).decode(),
    }


def _cell_dict(
    report_id: str, seq: int, section: str, row: str, column: str, cell: Cell
) -> dict[str, object]:
    return {
        "report_id": report_id,
        "seq": seq,
        "section": section,
        "row": row,
        "column": column,
        "value": cell.value,
        "raw": cell.raw,
        "status": cell.status.value,
        "source": cell.source.model_dump_json() if cell.source else None,
    }


def _cell_rows(report: Report) -> Iterator[dict[str, object]]:
    entries = [("s2", f, "", c) for f, c in report.s2.items()]
    entries += [("s3", r, k, c) for r, cols in report.s3.items() for k, c in cols.items()]
    entries += [("s4", f, "", c) for f, c in report.s4.items()]
    for seq, (section, row, column, cell) in enumerate(entries):
        yield _cell_dict(report.id, seq, section, row, column, cell)


def _check_row(report_id: str, seq: int, check: CheckResult) -> dict[str, object]:
    return {
        "report_id": report_id,
        "seq": seq,
        "rule": check.rule.value,
        "scope": check.scope,
        "outcome": check.outcome.value,
        "lhs": check.lhs,
        "rhs": check.rhs,
        "cells": _REFS.dump_json(check.cells).decode(),
        "message": check.message,
    }


def _passage_row(p: StoredPassage) -> dict[str, object]:
    return {
        "id": p.id,
        "report_id": p.report_id,
        "section": p.section,
        "position": p.position,
        "text": p.text,
        "tokens": p.tokens,
        "start": p.start,
        "end": p.end,
    }


def _report_summary(row, tally: dict[str, int] | None = None) -> ReportRow:  # type: ignore[no-untyped-def]
    """A stored report row; with `tally`, its check outcomes counted (absent outcomes 0)."""
    checks = {} if tally is None else {o: tally.get(o, 0) for o in _OUTCOMES}
    return ReportRow(
        id=row.id,
        agency=row.agency,
        agency_key=row.agency_key,
        region=row.region,
        year=row.year,
        format_version=row.format_version,
        source_path=row.source_path,
        sha256=row.sha256,
        ingested_at=row.ingested_at,
        state=row.state,
        checks=checks,
    )


def _rebuild(row, cell_rows, check_rows) -> Report:  # type: ignore[no-untyped-def]
    s2: dict[str, Cell] = {}
    s3: dict[str, dict[str, Cell]] = {}
    s4: dict[str, Cell] = {}
    for c in cell_rows:
        cell = Cell(
            value=_cell_value(c.value, c.raw, c.status),
            raw=c.raw,
            status=CellStatus(c.status),
            source=Source.model_validate_json(c.source) if c.source else None,
        )
        if c.section == "s3":
            s3.setdefault(c.row, {})[c.column] = cell
        else:
            (s2 if c.section == "s2" else s4)[c.row] = cell
    return Report(
        id=row.id,
        agency=row.agency,
        agency_key=row.agency_key,
        region=row.region,
        year=row.year,
        format_version=row.format_version,
        source=SourceInfo.model_validate_json(row.source),
        meta=ReportMeta.model_validate_json(row.meta),
        s2=s2,
        s3=s3,
        s4=s4,
        sections=_SECTIONS.validate_json(row.sections),
        checks=[
            CheckResult(
                rule=c.rule,
                scope=c.scope,
                outcome=c.outcome,
                cells=_REFS.validate_json(c.cells),
                lhs=c.lhs,
                rhs=c.rhs,
                message=c.message,
            )
            for c in check_rows
        ],
        warnings=_WARNINGS.validate_json(row.warnings),
    )
