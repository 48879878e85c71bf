"""The structured store: reports, their cells in long form, checks and passages in SQL.

SQLite file in the data dir by default, PostgreSQL (or anything SQLAlchemy speaks) by URL; the
schema is created idempotently. Errors from the database are translated to StoreError here.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import Field
from sqlalchemy import (
    Connection,
    Engine,
    Table,
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

from index.store_rows import (
    CELL_COLUMNS,
    CHECK_COLUMNS,
    COMPLETE,
    PASSAGE_COLUMNS,
    PENDING,
    REFS_JSON,
    REPORT_COLUMNS,
    SECTIONS_JSON,
    WARNINGS_JSON,
    ReportRows,
    Row,
    StoredPassage,
    report_rows,
)
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
    CellStatus,
    CheckResult,
    Report,
    ReportMeta,
    ReportRef,
    Source,
    SourceInfo,
)

__all__ = ["COMPLETE", "PENDING", "ReportRow", "SqlStore", "StoredPassage", "sqlite_url"]
# (column index, the column type's bind processor) for the values a type converts (decimals)
_Converters = list[tuple[int, Any]]
# an INSERT's SQL, its positional parameter order (None: named), and its converters
_InsertPlan = tuple[str, list[int] | None, _Converters]
_OUTCOMES = ("pass", "fail", "not_assessable")


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
        self._local = threading.local()  # this thread's open `transaction`, if any
        self._inserts: dict[str, _InsertPlan] = {}
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
        """A transaction; database errors come out as StoreError. Inside this thread's
        `transaction` it is that transaction (committed when that block ends)."""
        outer: Connection | None = getattr(self._local, "conn", None)
        if outer is not None:
            yield outer
            return
        try:
            with self.engine.begin() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"database error: {exc}") from exc

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Every read and write of this thread inside the block in one transaction, committed
        at its end or, on an error, rolled back whole. An ingest stores a window of reports so:
        one commit per window instead of two per report, which were most of the SQL time.
        Other threads keep their own connections."""
        if getattr(self._local, "conn", None) is not None:  # nested: part of the outer one
            yield
            return
        with self.begin() as conn:
            self._local.conn = conn
            try:
                yield
            finally:
                self._local.conn = None

    def dispose(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------------ writing

    def insert_pending(self, report: Report, stored: Sequence[StoredPassage]) -> None:
        """Write a report, its cells, checks and passages in one transaction, as pending."""
        self.insert_rows(report_rows(report, stored))

    def insert_rows(self, rows: ReportRows) -> None:
        """Write a report's rows (index/store_rows.py) in one transaction, as pending."""
        with self.begin() as conn:
            self._insert(conn, reports, REPORT_COLUMNS, [rows.report])
            self._insert(conn, cells, CELL_COLUMNS, rows.cells)
            self._insert(conn, checks, CHECK_COLUMNS, rows.checks)
            self._insert(conn, passages, PASSAGE_COLUMNS, rows.passages)

    def _insert(
        self, conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[Row]
    ) -> None:
        """Insert rows given as tuples in `columns` order straight through the driver (the
        rows are plain values; SQLAlchemy's per-row parameter building was a third of the
        SQL time). Values a column type must convert first (a decimal cell) are converted."""
        if not rows:
            return
        sql, order, convert = self._insert_plan(conn, table, columns)
        if convert:
            rows = [_converted(row, convert) for row in rows]
        if order is None:  # named parameters
            conn.exec_driver_sql(sql, [dict(zip(columns, row, strict=True)) for row in rows])
        elif order == list(range(len(columns))):
            conn.exec_driver_sql(sql, list(rows))
        else:
            conn.exec_driver_sql(sql, [tuple(row[i] for i in order) for row in rows])

    def _insert_plan(self, conn: Connection, table: Table, columns: Sequence[str]) -> _InsertPlan:
        """The dialect's INSERT for `columns`, for positional parameters the order of the
        tuple's items they take (None: named by column), and the columns whose values the
        column type converts: worked out once per table, not for every report."""
        found = self._inserts.get(table.name)
        if found is None:
            compiled = insert(table).compile(dialect=conn.dialect, column_keys=list(columns))
            if compiled.positional:
                order = [columns.index(name) for name in compiled.positiontup or ()]
            else:
                if set(compiled.binds) != set(columns):
                    raise StoreError(f"cannot name the columns of {table.name} for inserts")
                order = None
            convert = [
                (i, processor)
                for i, name in enumerate(columns)
                if (
                    processor := table.c[name]
                    .type.dialect_impl(conn.dialect)
                    .bind_processor(conn.dialect)
                )
            ]
            found = self._inserts[table.name] = (compiled.string, order, convert)
        return found

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


def _converted(row: Row, convert: _Converters) -> Row:
    """`row` with the values a column type converts converted (ints and nulls pass as they
    are: the only conversions are of decimals); `row` itself when none needs it."""
    if all(row[i] is None or isinstance(row[i], int) for i, _ in convert):
        return row
    values = list(row)
    for i, processor in convert:
        if values[i] is not None and not isinstance(values[i], int):
            values[i] = processor(values[i])
    return tuple(values)


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
        sections=SECTIONS_JSON.validate_json(row.sections),
        checks=[
            CheckResult(
                rule=c.rule,
                scope=c.scope,
                outcome=c.outcome,
                cells=REFS_JSON.validate_json(c.cells),
                lhs=c.lhs,
                rhs=c.rhs,
                message=c.message,
            )
            for c in check_rows
        ],
        warnings=WARNINGS_JSON.validate_json(row.warnings),
    )
