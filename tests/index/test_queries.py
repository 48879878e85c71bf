"""The query path's SQL (index/queries.py): read-only connections, complete reports only,
levels from region suffixes, cells in one query, S1 rows reaching the previous year.

Runs on SQLite and on a real PostgreSQL; reports are stored directly, without embedding."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy import delete, func, insert, select, update

from index.filters import ReportFilter
from index.queries import (
    ReadOnlyStore,
    _cell_query,
    _where,
    carry_rows,
    cell_values,
    count_reports,
    failing_checks,
    latest_year,
    passages_of,
    select_reports,
)
from index.sqlstore import SqlStore, StoredPassage, sqlite_url
from index.tables import cells, reports
from ingest.checks import run_checks
from ingest.errors import StoreError
from ingest.schema import CellRef, CellStatus, Report
from tests.factories import make_report
from tests.servers import fresh_database

# (id, region, year): one report per region, the level each suffix stands for in the comment.
REGIONS = [
    ("r01", "郏县", 2023),  # county
    ("r02", "郏县", 2024),  # county; carried_over total 3 against r01's carried_forward 2,
    # natural 2 as r01's: S1 breaks in one column only
    ("r03", "汝州市", 2024),  # county-level city: counts as city
    ("r04", "示例区", 2024),  # district
    ("r05", "河南省", 2024),  # province
    ("r06", "内蒙古自治区", 2022),  # province, not district
    ("r07", "阿拉善盟", 2022),  # city
    ("r08", "额济纳旗", 2022),  # county
    ("r09", "阿里地区", 2022),  # city, not district
    ("r10", "郏县", 2022),  # county; carried_forward 0 everywhere, as r01 carried over: S1 holds
]


def _report(report_id: str, region: str, year: int) -> Report:
    s3 = {}
    if report_id == "r01":
        s3 = {"new_received": [2, 0, 0, 0, 0, 0, 2], "carried_forward": [2, 0, 0, 0, 0, 0, 2]}
    if report_id == "r02":
        s3 = {"carried_over": [2, 0, 0, 0, 0, 0, 3], "new_received": [None, 0, 0, 0, 0, 0, 4]}
    report = make_report(
        agency=f"{region}人民政府", region=region, year=year, report_id=report_id, s3=s3,
        s2={"licensing_decisions": int(report_id[1:]) * 10},
    )  # fmt: skip
    source = report.source.model_copy(
        update={"path": report_id, "sha256": hashlib.sha256(report_id.encode()).hexdigest()}
    )
    return report.model_copy(update={"source": source, "checks": run_checks(report)})


def fill(url: str) -> None:
    writer = SqlStore(url)
    for report_id, region, year in REGIONS:
        passages = [
            StoredPassage(f"{report_id}:problems:{i}", report_id, "problems", i, f"问题{i}", "")
            for i in (1, 0)
        ]
        writer.insert_pending(_report(report_id, region, year), passages)
        writer.complete(report_id)
    writer.insert_pending(_report("r99", "郏县", 2025), [])  # pending: invisible
    writer.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return sqlite_url(tmp_path)
    name = f"q_{abs(hash(request.node.nodeid)) % 10**9}"
    return fresh_database(request.getfixturevalue("postgres"), name)


@pytest.fixture
def store(url: str) -> Iterator[ReadOnlyStore]:
    fill(url)
    opened = ReadOnlyStore.open(url)
    yield opened
    opened.dispose()


# ---------------------------------------------------------------- read-only


def test_no_write_gets_through_a_read_only_connection(url: str, store: ReadOnlyStore) -> None:
    writes = [
        insert(reports).values(
            id="x", source_path="x", sha256="x", ingested_at="x", state="complete",
            source="{}", meta="{}", sections="{}", warnings="[]",
        ),
        update(reports).values(state="pending"),
        delete(cells),
    ]  # fmt: skip
    for statement in writes:
        with pytest.raises(StoreError, match=r"(?i)read.?only"), store.connect() as conn:
            conn.execute(statement)
            conn.commit()
    with pytest.raises(StoreError, match=r"(?i)read.?only"), store.connect() as conn:
        conn.exec_driver_sql("DROP TABLE cells")
    with store.connect() as conn:
        assert count_reports(conn, ReportFilter()) == len(REGIONS)
        assert conn.execute(select(func.count()).select_from(cells)).scalar_one() > 0


def test_a_report_completed_later_becomes_visible_to_the_next_connection(
    url: str, store: ReadOnlyStore
) -> None:
    with store.connect() as conn:
        assert [r.id for r in select_reports(conn, ReportFilter(years=(2025,)))] == []
    writer = SqlStore(url)
    writer.complete("r99")
    writer.dispose()
    with store.connect() as conn:
        assert [r.id for r in select_reports(conn, ReportFilter(years=(2025,)))] == ["r99"]


def test_open_refuses_what_it_cannot_make_read_only(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="ingest reports first"):
        ReadOnlyStore.open(f"sqlite:///{tmp_path / 'nothing.sqlite3'}")
    with pytest.raises(StoreError, match="not memory"):
        ReadOnlyStore.open("sqlite://")
    with pytest.raises(StoreError, match="SQLite or PostgreSQL"):
        ReadOnlyStore.open("mysql://u@localhost/db")


# ---------------------------------------------------------------- selecting reports


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        ("county", ["r10", "r08", "r01", "r02"]),
        ("city", ["r07", "r09", "r03"]),
        ("district", ["r04"]),
        ("province", ["r06", "r05"]),
    ],
)
def test_level_is_read_from_the_region_suffix(
    store: ReadOnlyStore, level: str, expected: list[str]
) -> None:
    with store.connect() as conn:
        found = select_reports(conn, ReportFilter(level=level))
    assert [r.id for r in found] == expected  # by year, then agency key (code point order)


def test_selection_by_year_agency_and_region(store: ReadOnlyStore) -> None:
    with store.connect() as conn:
        assert [r.id for r in select_reports(conn, ReportFilter(years=(2023, 2024)))] == [
            "r01", "r03", "r05", "r04", "r02",
        ]  # fmt: skip
        by_name = select_reports(conn, ReportFilter(agency_keys=("郏县 人民政府",)))
        assert [(r.id, r.agency, r.region, r.year) for r in by_name] == [
            ("r10", "郏县人民政府", "郏县", 2022), ("r01", "郏县人民政府", "郏县", 2023),
            ("r02", "郏县人民政府", "郏县", 2024),
        ]  # fmt: skip
        assert count_reports(conn, ReportFilter(regions=("汝州市", "示例区"))) == 2
        assert count_reports(conn, ReportFilter(regions=())) == 0
        assert latest_year(conn) == 2024  # the pending 2025 report does not count


def test_selection_rejects_unknown_levels_and_non_int_years() -> None:
    with pytest.raises(ValueError, match="unknown level"):
        ReportFilter(level="township")
    with pytest.raises(ValidationError):
        ReportFilter(years=("2024",))  # type: ignore[arg-type]


def test_latest_year_of_an_empty_store_is_none(tmp_path: Path) -> None:
    SqlStore(sqlite_url(tmp_path)).dispose()
    store = ReadOnlyStore.open(sqlite_url(tmp_path))
    with store.connect() as conn:
        assert latest_year(conn) is None
    store.dispose()


# ---------------------------------------------------------------- cells, checks, passages


def test_cell_values_reads_the_named_fields_of_the_selected_reports(store: ReadOnlyStore) -> None:
    fields = [
        CellRef(section="s2", row="licensing_decisions"),
        CellRef(section="s3", row="new_received", column="natural_person"),
    ]
    with store.connect() as conn:
        rows = cell_values(conn, ReportFilter(regions=("郏县",), years=(2023, 2024)), fields)
        by_ids = cell_values(conn, ["r03", "r99"], fields[:1])
    got = {(c.report_id, c.row, c.column): (c.value, c.status, c.raw) for c in rows}
    assert got == {
        ("r01", "licensing_decisions", None): (10, CellStatus.NUMBER, "10"),
        ("r02", "licensing_decisions", None): (20, CellStatus.NUMBER, "20"),
        ("r01", "new_received", "natural_person"): (2, CellStatus.NUMBER, "2"),
        ("r02", "new_received", "natural_person"): (None, CellStatus.EMPTY, ""),
    }
    assert [(c.report_id, c.value) for c in by_ids] == [("r03", 30)]  # r99 is pending


@pytest.mark.parametrize(
    "ref",
    [
        CellRef(section="s2", row="cells; drop table cells"),
        CellRef(section="s3", row="new_received"),  # no applicant column
        CellRef(section="s4", row="review_total", column="total"),
    ],
)
def test_cell_values_takes_template_fields_only(store: ReadOnlyStore, ref: CellRef) -> None:
    with pytest.raises(ValueError), store.connect() as conn:
        cell_values(conn, ReportFilter(), [ref])


def test_failing_checks_and_carry_rows(store: ReadOnlyStore) -> None:
    with store.connect() as conn:
        failing = failing_checks(conn, ReportFilter(years=(2024,)), ["fail", "not_assessable"])
        carry = carry_rows(conn, ReportFilter(years=(2024,), regions=("郏县",)))
    # r02: new_received natural blank -> H1 natural + H3 new_received unassessable; H1 total
    # 4 + 3 = 0 + 0 fails (processed and carried forward are 0); carried_over 3 ≠ 2 (H3)
    assert {(c.report_id, c.rule, c.scope, c.outcome) for c in failing} == {
        ("r02", "H1", "natural_person", "not_assessable"),
        ("r02", "H1", "total", "fail"),
        ("r02", "H3", "new_received", "not_assessable"),
        ("r02", "H3", "carried_over", "fail"),
    }
    assert [k.id for k in carry.reports] == ["r01", "r02"]  # the 2023 report comes along
    forward = {(c.report_id, c.row, c.column): c.value for c in carry.cells if c.column == "total"}
    assert forward == {
        ("r01", "carried_over", "total"): 0, ("r01", "carried_forward", "total"): 2,
        ("r02", "carried_over", "total"): 3, ("r02", "carried_forward", "total"): 0,
    }  # fmt: skip
    assert len(carry.cells) == 2 * 2 * 7


def test_carry_rows_leave_out_pairs_that_agree_in_every_column(store: ReadOnlyStore) -> None:
    with store.connect() as conn:
        agreeing = carry_rows(conn, ReportFilter(years=(2023,)))  # r01 against r10: all zeros
        unpaired = carry_rows(conn, ReportFilter(regions=("汝州市",)))  # no 2023 report
    assert (agreeing.reports, agreeing.cells) == ([], [])
    assert (unpaired.reports, unpaired.cells) == ([], [])


def test_the_cell_query_seeks_each_cell_without_statistics(store: ReadOnlyStore) -> None:
    """SQLite without ANALYZE once scanned the field index for every report of the corpus;
    for a narrow selection each cell must be one seek in the unique cells index."""
    with store.connect() as conn:
        if conn.dialect.name != "sqlite":
            pytest.skip("PostgreSQL plans from its own statistics")
        fields = [CellRef(section="s3", row="granted", column="total")]
        query = _cell_query(_where(ReportFilter(years=(2024,))), fields, narrow=True)
        sql = str(query.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
        plan = " | ".join(r[3] for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
    assert "ux_cells (report_id=? AND section=? AND row=? AND column=?)" in plan
    assert "ix_cells_field" not in plan


def test_passages_of_come_in_report_then_position_order(store: ReadOnlyStore) -> None:
    with store.connect() as conn:
        found = passages_of(conn, ReportFilter(regions=("郏县",)), "problems")
        none = passages_of(conn, ReportFilter(regions=("郏县",)), "other")
    assert [p.id for p in found] == [
        "r10:problems:0", "r10:problems:1",
        "r01:problems:0", "r01:problems:1",
        "r02:problems:0", "r02:problems:1",
    ]  # fmt: skip
    assert none == []
