"""The executor: plan in, evidence out, read from a store it cannot write.

A handful of reports built by hand (tests/factories.make_report) are stored directly, without
passage embedding, in SQLite and in a real PostgreSQL; every expected value below is read off
the reports this module builds.

  id      agency                  region  year  notes
  rA2023  示例县人民政府办公室      示例县  2023  everything adds up; carried_forward 1 (natural 1)
  rA2024  示例县人民政府办公室      示例县  2024  carried_over 2 (natural 2, commercial blank):
                                                S1 breaks twice, cannot be assessed once
  rB2024  样例市自然资源和规划局    样例市  2024  new_received natural blank; review total 3 ≠ 1+1
  rC2024  演示区民政局              演示区  2024  one duplicate request, not processed
  rE2022  虚构市教育局              虚构市  2022  v2019 template: no admin_fee_amount_wan cell
  rD2024  示例县教育局              示例县  2024  pending: never visible
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy import func, select

from index.filters import Level, ReportFilter
from index.queries import ReadOnlyStore
from index.retrieval import Hit, SearchFilters
from index.sqlstore import SqlStore, StoredPassage, sqlite_url
from index.tables import cells
from ingest.checks import check_carry_over, run_checks
from ingest.normalize import match_key
from ingest.schema import CellStatus, CheckOutcome, Report, Source
from ingest.template import FormatVersion
from qa_app.execution.evidence import Evidence
from qa_app.execution.executor import Executor
from qa_app.question.plan import Aggregation, Comparison, Intent, Metric, QueryPlan
from tests.factories import make_report
from tests.servers import fresh_database

A, B, C = "示例县人民政府办公室", "样例市自然资源和规划局", "演示区民政局"
D, E = "示例县教育局", "虚构市教育局"
ZEROS = [0] * 7
NEW_A2024_SOURCE = Source(
    file="a2024.txt", line=31, row_label="一、本年新收政府信息公开申请数量", column_label="总计"
)


def _stored(report: Report) -> Report:
    """The report as ingest would store it: its own file hash, its checks run."""
    source = report.source.model_copy(
        update={
            "path": f"{report.id}.txt",
            "sha256": hashlib.sha256(report.id.encode()).hexdigest(),
        }
    )
    return report.model_copy(update={"source": source, "checks": run_checks(report)})


def build_reports() -> tuple[list[Report], Report]:
    """The complete reports of the module docstring, and the pending one."""
    a2023 = make_report(
        agency=A, region="示例县", year=2023, report_id="rA2023",
        s2={"licensing_decisions": 12},
        s3={"new_received": [4, 1, 0, 0, 0, 0, 5], "granted": [2, 1, 0, 0, 0, 0, 3],
            "partially_granted": [1, 0, 0, 0, 0, 0, 1], "total_processed": [3, 1, 0, 0, 0, 0, 4],
            "carried_forward": [1, 0, 0, 0, 0, 0, 1]},
        s4={"review_total": 2, "review_upheld": 1, "review_corrected": 1},
    )  # fmt: skip
    a2024 = make_report(
        agency=A, region="示例县", year=2024, report_id="rA2024",
        s2={"licensing_decisions": 30, "admin_fee_amount_wan": 1.5},
        s3={"new_received": [6, 0, 0, 0, 0, 0, 6], "carried_over": [2, None, 0, 0, 0, 0, 2],
            "granted": [5, 0, 0, 0, 0, 0, 5], "unable_not_held": [2, 0, 0, 0, 0, 0, 2],
            "total_processed": [7, 0, 0, 0, 0, 0, 7], "carried_forward": [1, 0, 0, 0, 0, 0, 1]},
    )  # fmt: skip
    cell = a2024.s3["new_received"]["total"]
    a2024.s3["new_received"]["total"] = cell.model_copy(update={"source": NEW_A2024_SOURCE})
    b2024 = make_report(
        agency=B, region="样例市", year=2024, report_id="rB2024",
        s2={"licensing_decisions": None},
        s3={"new_received": [None, 2, 0, 0, 0, 0, 9], "granted": [7, 2, 0, 0, 0, 0, 9],
            "total_processed": [7, 2, 0, 0, 0, 0, 9]},
        s4={"review_total": 3, "review_upheld": 1, "review_corrected": 1},
    )  # fmt: skip
    c2024 = make_report(
        agency=C, region="演示区", year=2024, report_id="rC2024",
        s2={"licensing_decisions": 4},
        s3={"new_received": [0, 0, 0, 0, 0, 1, 1], "total_processed": [0, 0, 0, 0, 0, 1, 1],
            "not_processed_duplicate": [0, 0, 0, 0, 0, 1, 1]},
    )  # fmt: skip
    e2022 = make_report(
        version=FormatVersion.V2019, agency=E, region="虚构市", year=2022, report_id="rE2022",
        s2={"licensing_decisions": 8},
    )  # fmt: skip
    d2024 = make_report(
        agency=D, region="示例县", year=2024, report_id="rD2024", s2={"licensing_decisions": 99}
    )
    done = [_stored(r) for r in (a2023, a2024, b2024, c2024, e2022)]
    return done, _stored(d2024)


def _passage(report_id: str, section: str, position: int, text: str) -> StoredPassage:
    return StoredPassage(
        id=f"{report_id}:{section}:{position}", report_id=report_id, section=section,
        position=position, text=text, tokens="", start=position * 100, end=position * 100 + 20,
    )  # fmt: skip


PASSAGES = {
    "rA2024": [
        _passage("rA2024", "preface", 0, "2024年，本县认真贯彻落实条例。"),
        _passage("rA2024", "overview", 0, "一、总体情况：主动公开信息1200条。"),
        _passage("rA2024", "problems", 0, "一是公开内容不够全面。"),
        _passage("rA2024", "problems", 1, "二是依申请公开答复规范性有待提高。"),
    ],
    "rC2024": [_passage("rC2024", "problems", 0, "政策解读形式较为单一。")],
}


def fill(url: str) -> None:
    """Store the module's reports directly (no embedding); the pending one stays pending."""
    writer = SqlStore(url)
    done, pending = build_reports()
    for report in done:
        writer.insert_pending(report, PASSAGES.get(report.id, []))
        writer.complete(report.id)
    writer.insert_pending(pending, [])
    writer.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ReadOnlyStore]:
    if request.param == "sqlite":
        url = sqlite_url(tmp_path)
    else:
        name = f"ex_{abs(hash(request.node.nodeid)) % 10**9}"
        url = fresh_database(request.getfixturevalue("postgres"), name)
    fill(url)
    opened = ReadOnlyStore.open(url)
    yield opened
    opened.dispose()


def plan(intent: Intent, *metrics: Metric, **filters: object) -> QueryPlan:
    extra: dict[str, object] = {}
    if intent is Intent.VERIFY_CLAIM:
        extra["claim"] = {"value": 6}
    return QueryPlan(intent=intent, metrics=list(metrics), filters=ReportFilter(**filters), **extra)


def values(evidence: Evidence, field: str, column: str | None = "total") -> dict[str, object]:
    """{report_id: value} of one field's facts."""
    return {f.report_id: f.value for f in evidence.facts if f.field == field and f.column == column}


# ---------------------------------------------------------------- facts per intent


def test_lookup_returns_the_cell_with_its_source(store: ReadOnlyStore) -> None:
    evidence = Executor(store).run(
        plan(Intent.LOOKUP, Metric(key="new_received"), years=[2024], agency_keys=[match_key(A)])
    )
    (fact,) = evidence.facts
    assert (fact.report_id, fact.agency, fact.region, fact.year) == ("rA2024", A, "示例县", 2024)
    assert (fact.field, fact.column, fact.value, fact.status, fact.raw) == (
        "new_received", "total", 6, CellStatus.NUMBER, "6",
    )  # fmt: skip
    assert type(fact.value) is int
    assert fact.source == NEW_A2024_SOURCE
    assert evidence.latest_year == 2024
    assert [r.report_id for r in evidence.reports] == ["rA2024"]


def test_money_comes_back_as_a_decimal_and_counts_as_ints(store: ReadOnlyStore) -> None:
    evidence = Executor(store).run(
        plan(Intent.LOOKUP, Metric(key="admin_fee_amount_wan"), Metric(key="licensing_decisions"),
             agency_keys=[A], years=[2024])
    )  # fmt: skip
    by_field = {f.field: f.value for f in evidence.facts}
    assert by_field == {"admin_fee_amount_wan": 1.5, "licensing_decisions": 30}
    assert type(by_field["licensing_decisions"]) is int


def test_null_cells_are_kept_with_their_status_for_every_selected_report(
    store: ReadOnlyStore,
) -> None:
    list_where = QueryPlan(
        intent=Intent.LIST_WHERE, metrics=[Metric(key="licensing_decisions")],
        filters=ReportFilter(years=[2024]), comparison=Comparison(),
    )  # fmt: skip
    evidence = Executor(store).run(list_where)
    assert values(evidence, "licensing_decisions", None) == {
        "rA2024": 30, "rB2024": None, "rC2024": 4,
    }  # fmt: skip
    blank = next(f for f in evidence.facts if f.report_id == "rB2024")
    assert (blank.status, blank.raw) == (CellStatus.EMPTY, "")
    # facts follow the report order: year, then agency key
    assert [f.report_id for f in evidence.facts] == [r.report_id for r in evidence.reports]
    assert [r.report_id for r in evidence.reports] == ["rB2024", "rC2024", "rA2024"]


def test_a_cell_the_template_edition_lacks_is_a_missing_fact(store: ReadOnlyStore) -> None:
    evidence = Executor(store).run(
        plan(Intent.LOOKUP, Metric(key="admin_fee_amount_wan"), agency_keys=[E])
    )
    (fact,) = evidence.facts
    assert (fact.report_id, fact.value, fact.status, fact.source) == (
        "rE2022", None, CellStatus.MISSING, None,
    )  # fmt: skip


def test_a_derived_metric_fetches_every_component(store: ReadOnlyStore) -> None:
    evidence = Executor(store).run(
        QueryPlan(
            intent=Intent.RANK, metrics=[Metric(key="disclosure_rate")],
            filters=ReportFilter(years=[2024]), top_n=10,
        )
    )  # fmt: skip
    assert values(evidence, "granted") == {"rA2024": 5, "rB2024": 9, "rC2024": 0}
    assert values(evidence, "partially_granted") == {"rA2024": 0, "rB2024": 0, "rC2024": 0}
    assert values(evidence, "total_processed") == {"rA2024": 7, "rB2024": 9, "rC2024": 1}
    assert len(evidence.facts) == 9


def test_a_derived_metric_reads_its_applicant_column(store: ReadOnlyStore) -> None:
    evidence = Executor(store).run(
        plan(Intent.LOOKUP, Metric(key="disclosure_rate", column="commercial"), years=[2024])
    )
    assert values(evidence, "granted", "commercial") == {"rA2024": 0, "rB2024": 2, "rC2024": 0}
    assert {f.column for f in evidence.facts} == {"commercial"}


def test_correction_rate_brings_its_subtracted_cell(store: ReadOnlyStore) -> None:
    evidence = Executor(store).run(
        plan(Intent.LOOKUP, Metric(key="correction_rate"), agency_keys=[B])
    )
    assert {f.field: f.value for f in evidence.facts} == {
        "review_corrected": 1, "review_total": 3, "review_pending": 0,
    }  # fmt: skip
    assert {f.column for f in evidence.facts} == {None}


def test_aggregate_and_verify_read_the_same_cells(store: ReadOnlyStore) -> None:
    aggregate = Executor(store).run(
        QueryPlan(
            intent=Intent.AGGREGATE, metrics=[Metric(key="new_received")],
            filters=ReportFilter(years=[2024]), aggregation=Aggregation.SUM,
        )
    )  # fmt: skip
    assert values(aggregate, "new_received") == {"rA2024": 6, "rB2024": 9, "rC2024": 1}
    verify = Executor(store).run(
        plan(Intent.VERIFY_CLAIM, Metric(key="new_received"), agency_keys=[A], years=[2024])
    )
    assert values(verify, "new_received") == {"rA2024": 6}


@pytest.mark.parametrize("intent", [Intent.COMPARE_YEARS, Intent.TREND])
def test_years_default_to_every_year_of_the_agency(store: ReadOnlyStore, intent: Intent) -> None:
    every = Executor(store).run(plan(intent, Metric(key="new_received"), agency_keys=[A]))
    assert [(f.year, f.value) for f in every.facts] == [(2023, 5), (2024, 6)]
    one = Executor(store).run(plan(intent, Metric(key="new_received"), agency_keys=[A],
                                   years=[2023]))  # fmt: skip
    assert [(f.year, f.value) for f in one.facts] == [(2023, 5)]


def test_count_reports_gives_reports_only(store: ReadOnlyStore) -> None:
    evidence = Executor(store).run(plan(Intent.COUNT_REPORTS, years=[2024]))
    assert {r.report_id for r in evidence.reports} == {"rA2024", "rB2024", "rC2024"}
    assert (evidence.facts, evidence.passages, evidence.findings) == ([], [], [])
    assert evidence.latest_year == 2024


# ---------------------------------------------------------------- filters


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, {"rA2023", "rA2024", "rB2024", "rC2024", "rE2022"}),
        ({"years": [2023, 2022]}, {"rA2023", "rE2022"}),
        ({"agency_keys": [match_key(B), match_key(C)]}, {"rB2024", "rC2024"}),
        ({"regions": ["示例县"]}, {"rA2023", "rA2024"}),
        ({"level": Level.COUNTY}, {"rA2023", "rA2024"}),
        ({"level": Level.CITY}, {"rB2024", "rE2022"}),
        ({"level": Level.DISTRICT}, {"rC2024"}),
        ({"level": Level.PROVINCE}, set()),
        ({"level": Level.CITY, "years": [2024]}, {"rB2024"}),
        ({"years": []}, set()),
        ({"agency_keys": ["不存在的机关"]}, set()),
    ],
)
def test_filters_select_the_reports(
    store: ReadOnlyStore, filters: dict[str, object], expected: set[str]
) -> None:
    evidence = Executor(store).run(plan(Intent.COUNT_REPORTS, **filters))
    assert {r.report_id for r in evidence.reports} == expected


def test_a_pending_report_is_invisible_to_every_intent(store: ReadOnlyStore) -> None:
    executor = Executor(store)
    plans = [
        plan(Intent.LOOKUP, Metric(key="licensing_decisions"), agency_keys=[D]),
        plan(Intent.COUNT_REPORTS, regions=["示例县"], years=[2024]),
        plan(Intent.FIND_INCONSISTENT, agency_keys=[D]),
        plan(Intent.RANK, Metric(key="licensing_decisions")),
    ]
    for p in plans:
        evidence = executor.run(p)
        assert "rD2024" not in {r.report_id for r in evidence.reports}
        assert all(f.value != 99 for f in evidence.facts)
        assert not evidence.findings


# ---------------------------------------------------------------- find_inconsistent


def _findings(evidence: Evidence) -> set[tuple[str, str, str, str]]:
    return {
        (f.report.report_id, f.check.rule, f.check.scope, f.check.outcome)
        for f in evidence.findings
    }


def test_find_inconsistent_lists_failed_and_unassessable_checks_and_s1(
    store: ReadOnlyStore,
) -> None:
    evidence = Executor(store).run(plan(Intent.FIND_INCONSISTENT))
    na, fail = CheckOutcome.NOT_ASSESSABLE, CheckOutcome.FAIL
    assert _findings(evidence) == {
        ("rB2024", "H1", "natural_person", na),
        ("rB2024", "H3", "new_received", na),
        ("rB2024", "H4", "review", fail),
        ("rA2024", "H1", "commercial", na),
        ("rA2024", "H3", "carried_over", na),
        ("rA2024", "S1", "natural_person vs rA2023 (2023)", fail),
        ("rA2024", "S1", "commercial vs rA2023 (2023)", na),
        ("rA2024", "S1", "total vs rA2023 (2023)", fail),
    }
    s1 = next(f.check for f in evidence.findings if f.check.scope.startswith("total vs"))
    assert (s1.lhs, s1.rhs) == (2, 1)
    h4 = next(f.check for f in evidence.findings if f.check.rule == "H4")
    assert [str(c) for c in h4.cells] == [
        "s4.review_total", "s4.review_upheld", "s4.review_corrected", "s4.review_other",
        "s4.review_pending",
    ]  # fmt: skip
    assert (h4.lhs, h4.rhs) == (3, 2)


def test_s1_reads_the_previous_year_even_when_only_the_later_is_selected(
    store: ReadOnlyStore,
) -> None:
    later = Executor(store).run(plan(Intent.FIND_INCONSISTENT, years=[2024], agency_keys=[A]))
    s1 = {(r, scope) for r, rule, scope, _ in _findings(later) if rule == "S1"}
    assert s1 == {
        ("rA2024", "natural_person vs rA2023 (2023)"),
        ("rA2024", "commercial vs rA2023 (2023)"),
        ("rA2024", "total vs rA2023 (2023)"),
    }
    earlier = Executor(store).run(plan(Intent.FIND_INCONSISTENT, years=[2023]))
    assert earlier.findings == []


def test_s1_agrees_with_check_carry_over_on_the_full_reports(store: ReadOnlyStore) -> None:
    done, _ = build_reports()
    expected = {
        (report_id, r.rule, r.scope, r.outcome, r.lhs, r.rhs, r.message)
        for report_id, results in check_carry_over(done).items()
        for r in results
        if r.outcome is not CheckOutcome.PASS
    }
    evidence = Executor(store).run(plan(Intent.FIND_INCONSISTENT))
    got = {
        (f.report.report_id, f.check.rule, f.check.scope, f.check.outcome, f.check.lhs,
         f.check.rhs, f.check.message)
        for f in evidence.findings
        if f.check.rule == "S1"
    }  # fmt: skip
    assert got == expected and len(got) == 3


# ---------------------------------------------------------------- summarize_section


def test_summarize_gives_every_passage_of_the_section_in_report_order(
    store: ReadOnlyStore,
) -> None:
    evidence = Executor(store).run(plan(Intent.SUMMARIZE_SECTION, years=[2024]))
    assert [(c.passage_id, c.agency, c.year) for c in evidence.passages] == [
        ("rC2024:problems:0", C, 2024),
        ("rA2024:problems:0", A, 2024),
        ("rA2024:problems:1", A, 2024),
    ]
    assert evidence.passages[2].text == "二是依申请公开答复规范性有待提高。"
    assert (evidence.passages[2].start, evidence.passages[2].end) == (100, 120)


def test_the_overview_brings_the_preface_first(store: ReadOnlyStore) -> None:
    p = plan(Intent.SUMMARIZE_SECTION, agency_keys=[A]).model_copy(update={"section": "overview"})
    evidence = Executor(store).run(p)
    assert [c.passage_id for c in evidence.passages] == [
        "rA2024:preface:0", "rA2024:overview:0",
    ]  # fmt: skip


class FakeSearch:
    """Hybrid retrieval stand-in: records its calls, returns fixed hits."""

    def __init__(self, report_ids: list[str]) -> None:
        self.calls: list[tuple[str, int, SearchFilters]] = []
        self.report_ids = report_ids

    def __call__(self, query: str, k: int, filters: SearchFilters) -> list[Hit]:
        self.calls.append((query, k, filters))
        return [
            Hit(passage_id=f"{rid}:overview:0", report_id=rid, agency=None, year=2024,
                section="overview", position=0, text=f"{rid} 的工作存在不足", score=1.0)
            for rid in self.report_ids
        ]  # fmt: skip


def test_without_section_passages_the_fallback_stays_inside_the_selection(
    store: ReadOnlyStore,
) -> None:
    search = FakeSearch(["rA2024", "rB2024"])
    evidence = Executor(store, search).run(
        plan(Intent.SUMMARIZE_SECTION, regions=["样例市"], years=[2024]), question="存在的问题"
    )
    assert [c.passage_id for c in evidence.passages] == ["rB2024:overview:0"]
    ((query, _k, filters),) = search.calls
    assert (query, filters.regions, filters.years) == ("存在的问题", ["样例市"], [2024])


def test_an_empty_selection_summarizes_nothing(store: ReadOnlyStore) -> None:
    search = FakeSearch(["rA2024"])
    evidence = Executor(store, search).run(
        plan(Intent.SUMMARIZE_SECTION, agency_keys=["不存在的机关"]), question="存在的问题"
    )
    assert evidence.passages == [] and evidence.reports == []
    assert search.calls == []


# ---------------------------------------------------------------- no SQL from the plan


@pytest.mark.parametrize(
    "bad",
    [
        {"key": "x; drop table cells"},
        {"key": "new_received", "column": "total; delete from reports"},
        {"key": "review_total", "column": "total"},
    ],
)
def test_a_metric_must_be_a_template_field(bad: dict[str, str]) -> None:
    with pytest.raises(ValidationError):
        Metric(**bad)


def test_filter_values_are_bound_never_spliced(store: ReadOnlyStore) -> None:
    evil = ["x' OR '1'='1", "'); DROP TABLE cells; --"]
    evidence = Executor(store).run(
        plan(Intent.LOOKUP, Metric(key="new_received"), agency_keys=evil, regions=evil)
    )
    assert evidence.reports == [] and evidence.facts == []
    with store.connect() as conn:
        assert conn.execute(select(func.count()).select_from(cells)).scalar_one() > 0
