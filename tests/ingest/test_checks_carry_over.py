"""S1: what a report carries over must be what the same agency carried forward a year before."""

from __future__ import annotations

from ingest.checks import check_carry_over
from ingest.schema import CellRef, Report
from tests.factories import make_report
from tests.ingest.test_checks import FAIL, NA, PASS, result

AGENCY = "示例县人民政府办公室"
COLUMNS = {
    "natural_person",
    "commercial",
    "research",
    "social_org",
    "legal_service",
    "other",
    "total",
}


def year_report(
    year: int,
    report_id: str,
    *,
    carried_over: list[int | None] | None = None,
    carried_forward: list[int | None] | None = None,
    agency: str = AGENCY,
) -> Report:
    s3 = {
        "carried_over": carried_over or [0] * 7,
        "carried_forward": carried_forward or [0] * 7,
    }
    return make_report(s3=s3, year=year, report_id=report_id, agency=agency)


def chain() -> list[Report]:
    """2022 -> 2023 -> 2024, each year carrying over what the year before carried forward."""
    return [
        year_report(2022, "r2022", carried_forward=[2, 1, 0, 0, 0, 0, 3]),
        year_report(
            2023, "r2023", carried_over=[2, 1, 0, 0, 0, 0, 3], carried_forward=[4, 0, 0, 0, 0, 0, 4]
        ),
        year_report(2024, "r2024", carried_over=[4, 0, 0, 0, 0, 0, 4]),
    ]


def test_s1_passes_on_chained_years_and_attaches_to_the_later_report() -> None:
    results = check_carry_over(chain())
    assert set(results) == {"r2023", "r2024"}
    for report_id, found in results.items():
        assert [r.outcome for r in found] == [PASS] * 7, report_id
    s1 = result(results["r2024"], "S1", "natural_person vs r2023 (2023)")
    assert (s1.lhs, s1.rhs) == (4, 4)
    assert s1.cells == [
        CellRef(section="s3", row="carried_over", column="natural_person"),
        CellRef(section="s3", row="carried_forward", column="natural_person"),
    ]
    assert "r2023" in s1.message


def test_s1_fails_on_a_break_in_one_column() -> None:
    reports = chain()
    reports[2] = year_report(2024, "r2024", carried_over=[5, 0, 0, 0, 0, 0, 4])
    found = check_carry_over(reports)["r2024"]
    assert {r.scope for r in found if r.outcome == FAIL} == {"natural_person vs r2023 (2023)"}
    s1 = result(found, "S1", "natural_person vs r2023 (2023)")
    assert (s1.lhs, s1.rhs) == (5, 4)
    assert "≠" in s1.message and "r2023" in s1.message


def test_s1_pairs_years_given_out_of_order() -> None:
    results = check_carry_over(list(reversed(chain())))
    assert set(results) == {"r2023", "r2024"}
    assert all(r.outcome == PASS for found in results.values() for r in found)


def test_s1_ignores_non_consecutive_years() -> None:
    reports = [year_report(2021, "r2021", carried_forward=[9] * 7), year_report(2023, "r2023")]
    assert check_carry_over(reports) == {}


def test_s1_ignores_other_agencies() -> None:
    reports = [
        year_report(2023, "rA2023", carried_forward=[1] * 7, agency="甲县人民政府"),
        year_report(2024, "rB2024", carried_over=[5] * 7, agency="乙县人民政府"),
        year_report(2024, "rA2024", carried_over=[1] * 7, agency="甲县人民政府"),
    ]
    results = check_carry_over(reports)
    assert set(results) == {"rA2024"}
    assert {r.scope for r in results["rA2024"]} == {f"{c} vs rA2023 (2023)" for c in COLUMNS}
    assert all(r.outcome == PASS for r in results["rA2024"])


def test_s1_skips_reports_without_a_year() -> None:
    reports = chain()
    reports[1].year = None
    assert check_carry_over(reports) == {}


def test_s1_not_assessable_when_last_year_left_a_cell_blank() -> None:
    reports = chain()
    reports[1] = year_report(
        2023, "r2023", carried_over=[2, 1, 0, 0, 0, 0, 3], carried_forward=[4, 0, None, 0, 0, 0, 4]
    )
    found = check_carry_over(reports)["r2024"]
    assert {r.scope for r in found if r.outcome == NA} == {"research vs r2023 (2023)"}
    assert "r2023" in result(found, "S1", "research vs r2023 (2023)").message


def test_s1_uses_the_last_of_duplicate_years_and_says_so() -> None:
    reports = [
        year_report(2023, "r2023a", carried_forward=[9] * 7),
        year_report(2023, "r2023b", carried_forward=[4] * 7),
        year_report(2024, "r2024a", carried_over=[7] * 7),
        year_report(2024, "r2024b", carried_over=[4] * 7),
    ]
    results = check_carry_over(reports)
    assert set(results) == {"r2024b"}
    found = results["r2024b"]
    assert all(r.outcome == PASS for r in found)
    assert all(r.scope.endswith("vs r2023b (2023)") for r in found)
    assert "2 份" in found[0].message and "r2023b" in found[0].message
    assert "r2024b" in found[0].message


def test_s1_on_no_reports_is_empty() -> None:
    assert check_carry_over([]) == {}
