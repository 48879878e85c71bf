"""The query path's SQL: read-only connections and the SELECTs a plan becomes.

Every query reads complete reports only. Nothing here builds SQL text from input: filters and
field names arrive as values (canonical keys checked against the template, ints, agency keys)
and are bound as parameters. The connections themselves cannot write (`ReadOnlyStore`), so even
a bug in this module cannot change the store.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

from pydantic import TypeAdapter
from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Select,
    and_,
    case,
    create_engine,
    event,
    func,
    not_,
    or_,
    select,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import QueuePool

from index.filters import LEVEL_SUFFIXES, Level, ReportFilter
from index.sqlstore import COMPLETE, _cell_value, _safe
from index.tables import cells, checks, passages, reports
from ingest.errors import StoreError
from ingest.schema import CellRef, CellStatus, CheckOutcome, ReportRef
from ingest.template import FIELD_CATALOG, S3_COLUMN_KEYS

__all__ = [
    "LEVEL_SUFFIXES",
    "CarryRows",
    "CellRow",
    "CheckRow",
    "PassageRow",
    "ReadOnlyStore",
    "carry_rows",
    "cell_values",
    "count_reports",
    "failing_checks",
    "latest_year",
    "passages_of",
    "select_reports",
]

_REFS = TypeAdapter(list[ReportRef])
_CARRY_ROWS = ("carried_over", "carried_forward")
_ID_BATCH = 5000  # report ids bound per query, well under SQLite's 32766 parameters
# Each read connection keeps up to 64 MiB of pages and maps up to 1 GiB of the file (shared
# with the OS page cache): a year's cells of a 10k-report store stay warm between questions.
_READ_PRAGMAS = ("PRAGMA cache_size=-65536", "PRAGMA mmap_size=1073741824")
# Asking for the overview brings the text printed before its heading (the preface) too.
_SECTION_GROUPS = {"overview": ("preface", "overview")}


# ---------------------------------------------------------------- read-only connections


class ReadOnlyStore:
    """The structured store opened so that no connection can write: SQLite through a
    `mode=ro` URI, PostgreSQL with every session's transactions READ ONLY."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url

    @classmethod
    def open(cls, url: str) -> ReadOnlyStore:
        try:
            parsed = make_url(url)
        except ArgumentError as exc:
            raise StoreError(f"cannot open the database {_safe(url)}: {exc}") from exc
        if parsed.get_backend_name() == "sqlite":
            return cls(_sqlite_engine(parsed.database), url)
        if parsed.get_backend_name() == "postgresql":
            return cls(_postgres_engine(url), url)
        raise StoreError(
            f"the query path opens SQLite or PostgreSQL read-only, not {parsed.get_backend_name()}"
            f" ({_safe(url)}); use one of those for GOVQA_DB_URL"
        )

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A connection whose queries all see one snapshot; errors come out as StoreError."""
        try:
            with self.engine.connect() as conn:
                if conn.dialect.name == "sqlite":
                    conn.exec_driver_sql("BEGIN")  # the driver runs in autocommit mode
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"database error: {exc}") from exc

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_engine(database: str | None) -> Engine:
    if not database or database == ":memory:":
        raise StoreError("the read-only query path needs a SQLite database file, not memory")
    if database.startswith("file:"):
        raise StoreError("give the SQLite store as sqlite:///PATH, not as a file: URI")
    path = Path(database).resolve()
    if not path.is_file():
        raise StoreError(f"no store at {path}; ingest reports first (govqa ingest PATH)")
    uri = f"file:{quote(str(path))}?mode=ro"

    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA query_only=ON")
        conn.execute("PRAGMA busy_timeout=30000")
        for pragma in _READ_PRAGMAS:
            conn.execute(pragma)
        return conn

    # The URL only picks the dialect; `creator` opens the file read-only.
    return create_engine("sqlite+pysqlite://", creator=connect, poolclass=QueuePool)


def _postgres_engine(url: str) -> Engine:
    try:
        engine = create_engine(url, pool_pre_ping=True)
    except (SQLAlchemyError, ImportError) as exc:
        raise StoreError(f"cannot open the database {_safe(url)}: {exc}") from exc

    @event.listens_for(engine, "connect")
    def _read_only(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute(
            "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY, ISOLATION LEVEL REPEATABLE READ"
        )
        cursor.close()
        dbapi_connection.commit()  # a SET inside a rolled-back transaction would not stick

    return engine


# ---------------------------------------------------------------- rows


@dataclass(frozen=True, slots=True)
class CellRow:
    """One stored cell; `source` is the Source JSON as stored."""

    report_id: str
    section: str
    row: str
    column: str | None  # None for table 二 and 四 fields
    value: int | Decimal | None
    raw: str
    status: CellStatus
    source: str | None


@dataclass(frozen=True, slots=True)
class CheckRow:
    """One stored check result; `cells` is the CellRef list JSON as stored."""

    report_id: str
    rule: str
    scope: str
    outcome: str
    lhs: float | None
    rhs: float | None
    cells: str
    message: str


@dataclass(frozen=True, slots=True)
class PassageRow:
    id: str
    report_id: str
    section: str
    position: int
    text: str
    start: int | None
    end: int | None


@dataclass(frozen=True, slots=True)
class CarryRows:
    """For S1 (see carry_rows): reports, later and earlier years of the same agencies, with
    their carried_over / carried_forward cells."""

    reports: list[ReportRef]
    cells: list[CellRow]


Target = ReportFilter | Sequence[str]  # a selection, or report ids (complete ones are read)


def _level(level: Level) -> ColumnElement[bool]:
    ends, excepted = LEVEL_SUFFIXES[level]
    match = or_(*(reports.c.region.like(f"%{s}") for s in ends))
    if not excepted:
        return match
    return and_(match, *(not_(reports.c.region.like(f"%{s}")) for s in excepted))


def _where(target: Target) -> list[ColumnElement[bool]]:
    """Conditions on `reports` for the target; every list starts with state = complete."""
    conds: list[ColumnElement[bool]] = [reports.c.state == COMPLETE]
    if not isinstance(target, ReportFilter):
        return [*conds, reports.c.id.in_(list(target))]
    if target.years is not None:
        conds.append(reports.c.year.in_(target.years))
    if target.agency_keys is not None:
        conds.append(reports.c.agency_key.in_(target.agency_keys))
    if target.regions is not None:
        conds.append(reports.c.region.in_(target.regions))
    if target.level is not None:
        conds.append(_level(target.level))
    return conds


_REPORT_ORDER = (reports.c.year, reports.c.agency_key, reports.c.id)
# The fields of ReportRef, in order.
_REPORT_COLUMNS = (reports.c.id, reports.c.agency, reports.c.agency_key, reports.c.region,
                   reports.c.year)  # fmt: skip


def _checked_fields(fields: Sequence[CellRef]) -> list[tuple[str, str, str]]:
    """(section, row, column) as stored ("" for no column), each a template field."""
    out = []
    for ref in fields:
        if (ref.section, ref.row) not in FIELD_CATALOG:
            raise ValueError(f"{ref} is not a template field")
        if (ref.section == "s3") != (ref.column in S3_COLUMN_KEYS):
            raise ValueError(f"{ref}: table 三 fields need an applicant column, others none")
        out.append((ref.section, ref.row, ref.column or ""))
    return out


# ---------------------------------------------------------------- queries


def select_reports(conn: Connection, target: Target) -> list[ReportRef]:
    """The complete reports the target names, by year, agency key and id. Validated in one
    call: a list or rank over a year selects thousands of them."""
    query = select(*_REPORT_COLUMNS).where(*_where(target)).order_by(*_REPORT_ORDER)
    names = [c.name for c in _REPORT_COLUMNS]
    return _REFS.validate_python(
        [dict(zip(names, row, strict=True)) for row in conn.execute(query)]
    )


def count_reports(conn: Connection, target: Target) -> int:
    return int(conn.execute(select(func.count()).where(*_where(target))).scalar_one())


def latest_year(conn: Connection) -> int | None:
    """The latest report year among complete reports (None for an empty store)."""
    query = select(func.max(reports.c.year)).where(reports.c.state == COMPLETE)
    return conn.execute(query).scalar()


def _narrow(target: Target) -> bool:
    """Whether the target picks a few reports (by id, year, agency or region) rather than a
    large share of the corpus (everything, or a whole level)."""
    return target.narrow if isinstance(target, ReportFilter) else True


def _cell_query(
    where: Sequence[ColumnElement[bool]], fields: Sequence[CellRef], *, narrow: bool
) -> Select:
    """Cells of `fields` (a superset: the caller keeps the exact ones) of the reports matching
    `where`. Written so that SQLite plans it well without statistics: for a narrow selection the
    report ids come first and each cell is one seek in the unique cells index (report, section,
    row, column); for a broad one a join lets the field index be scanned once per field."""
    wanted = _checked_fields(fields)
    cols = (cells.c.report_id, cells.c.section, cells.c.row, cells.c.column, cells.c.value,
            cells.c.raw, cells.c.status, cells.c.source)  # fmt: skip
    field_conds = (
        cells.c.section.in_(sorted({s for s, _, _ in wanted})),
        cells.c.row.in_(sorted({r for _, r, _ in wanted})),
        cells.c.column.in_(sorted({c for _, _, c in wanted})),
    )
    if narrow:
        ids = select(reports.c.id).where(*where)
        return select(*cols).where(cells.c.report_id.in_(ids), *field_conds)
    joined = select(*cols).join(reports, reports.c.id == cells.c.report_id)
    return joined.where(*where, *field_conds)


_STATUS = {s.value: s for s in CellStatus}


def _cell_rows(conn: Connection, query: Select, fields: Sequence[CellRef]) -> list[CellRow]:
    """The rows of a _cell_query that are exactly the fields asked for."""
    exact = set(_checked_fields(fields))
    out = []
    for report_id, section, row, column, value, raw, status, source in conn.execute(query).all():
        if (section, row, column) in exact:
            value = _cell_value(value, raw, status)
            out.append(CellRow(report_id, section, row, column or None, value, raw,
                               _STATUS[status], source))  # fmt: skip
    return out


def cell_values(conn: Connection, target: Target, fields: Sequence[CellRef]) -> list[CellRow]:
    """The stored cells of `fields` for the target's reports, in one query. Absent cells give
    no row. Rows come in no particular order."""
    if not fields:
        return []
    query = _cell_query(_where(target), fields, narrow=_narrow(target))
    return _cell_rows(conn, query, fields)


def failing_checks(conn: Connection, target: Target, outcomes: Sequence[str]) -> list[CheckRow]:
    """Check results with the given outcomes (fail, not_assessable) of the target's reports,
    by report order then check order."""
    wanted = [CheckOutcome(o).value for o in outcomes]
    query = (
        select(checks)
        .join(reports, reports.c.id == checks.c.report_id)
        .where(*_where(target), checks.c.outcome.in_(wanted))
        .order_by(*_REPORT_ORDER, checks.c.seq)
    )
    return [
        CheckRow(r.report_id, r.rule, r.scope, r.outcome, r.lhs, r.rhs, r.cells, r.message)
        for r in conn.execute(query)
    ]


def _s1_suspects(target: Target) -> Select:
    """(later, earlier) report ids, consecutive years of one agency, the later in the target,
    where some column's carried_over is not plainly equal to last year's carried_forward
    (different, null, or absent): the only pairs on which S1 can fail or be unassessable."""
    prev, co, cf = reports.alias("prev"), cells.alias("co"), cells.alias("cf")
    valued = (CellStatus.NUMBER.value, CellStatus.ZERO.value)
    forward = and_(cf.c.report_id == prev.c.id, cf.c.section == "s3",
                   cf.c.row == "carried_forward", cf.c.column == co.c.column)  # fmt: skip
    agreeing = (
        select(func.count())
        .select_from(co.join(cf, forward))
        .where(co.c.report_id == reports.c.id, co.c.section == "s3",
               co.c.row == "carried_over", co.c.column.in_(S3_COLUMN_KEYS),
               co.c.status.in_(valued), cf.c.status.in_(valued), co.c.value == cf.c.value)
        .correlate(reports, prev)
        .scalar_subquery()
    )  # fmt: skip
    consecutive = and_(prev.c.agency_key == reports.c.agency_key,
                       prev.c.year == reports.c.year - 1, prev.c.state == COMPLETE)  # fmt: skip
    return (
        select(reports.c.id.label("later"), prev.c.id.label("earlier"))
        .join(prev, consecutive)
        .where(*_where(target), agreeing < len(S3_COLUMN_KEYS))
    )


def carry_rows(conn: Connection, target: Target) -> CarryRows:
    """What S1 needs for the target's reports on which it may not pass: those reports, their
    previous-year reports, and both years' carried_over / carried_forward cells. A pair left
    out passes S1 in every column (the store keeps one report per agency and year)."""
    ids = sorted({i for pair in conn.execute(_s1_suspects(target)) for i in pair})
    fields = [CellRef(section="s3", row=r, column=c) for r in _CARRY_ROWS for c in S3_COLUMN_KEYS]
    keys: list[ReportRef] = []
    found: list[CellRow] = []
    for start in range(0, len(ids), _ID_BATCH):
        batch = ids[start : start + _ID_BATCH]
        keys += select_reports(conn, batch)
        found += cell_values(conn, batch, fields)
    keys.sort(key=lambda k: (k.year or 0, k.agency_key or "", k.id))
    return CarryRows(keys, found)


def passages_of(conn: Connection, target: Target, section: str) -> list[PassageRow]:
    """Every passage of `section` (overview brings the preface) of the target's reports, in
    report order, then the section's place in the report, then position."""
    sections = _SECTION_GROUPS.get(section, (section,))
    place = case({s: i for i, s in enumerate(sections)}, value=passages.c.section)
    query = (
        select(passages.c.id, passages.c.report_id, passages.c.section, passages.c.position,
               passages.c.text, passages.c.start, passages.c.end)
        .join(reports, reports.c.id == passages.c.report_id)
        .where(*_where(target), passages.c.section.in_(sections))
        .order_by(*_REPORT_ORDER, place, passages.c.position)
    )  # fmt: skip
    return [
        PassageRow(r.id, r.report_id, r.section, r.position, r.text, r.start, r.end)
        for r in conn.execute(query)
    ]
