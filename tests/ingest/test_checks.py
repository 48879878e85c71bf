"""run_checks as a whole: which results it gives, and what a report without tables gets.

Also holds the small builders the other test_checks_* files share.
"""

from __future__ import annotations

from ingest.checks import count_outcomes, failed, run_checks
from ingest.numbers import parse_cell
from ingest.schema import CheckOutcome, CheckResult, CheckRule, Report
from ingest.template import FormatVersion
from tests.factories import make_report

PASS, FAIL, NA = CheckOutcome.PASS, CheckOutcome.FAIL, CheckOutcome.NOT_ASSESSABLE

# A report whose own numbers add up (worked out by hand, column by column):
#   natural_person: new 3 + carried 1 = processed 3 (granted 2 + state secret 1) + forward 1
#   commercial:     new 1 + carried 0 = processed 1 (granted 1)                 + forward 0
#   total:          new 4 + carried 1 = processed 4 (granted 3 + state secret 1) + forward 1
BALANCED_S3 = {
    "new_received": [3, 1, 0, 0, 0, 0, 4],
    "carried_over": [1, 0, 0, 0, 0, 0, 1],
    "granted": [2, 1, 0, 0, 0, 0, 3],
    "denied_state_secret": [1, 0, 0, 0, 0, 0, 1],
    "total_processed": [3, 1, 0, 0, 0, 0, 4],
    "carried_forward": [1, 0, 0, 0, 0, 0, 1],
}
BALANCED_S4 = {
    "review_upheld": 1,
    "review_corrected": 1,
    "review_total": 2,
    "litigation_direct_upheld": 1,
    "litigation_direct_total": 1,
    "litigation_after_review_other": 2,
    "litigation_after_review_pending": 1,
    "litigation_after_review_total": 3,
}


def balanced_report() -> Report:
    """A v2021 report on which every identity holds (see BALANCED_S3 above)."""
    return make_report(s2={"penalty_decisions": 7}, s3=BALANCED_S3, s4=BALANCED_S4)


def set_cell(report: Report, section: str, row: str, column: str | None, raw: str) -> None:
    """Overwrite one cell as if the report had printed `raw` there."""
    if section == "s3":
        assert column is not None
        report.s3[row][column] = parse_cell(raw)
    else:
        table = report.s2 if section == "s2" else report.s4
        table[row] = parse_cell(raw, money=row.endswith(("_amount", "_amount_wan")))


def outcomes(results: list[CheckResult], outcome: CheckOutcome) -> set[tuple[str, str]]:
    """The (rule, scope) pairs that ended in `outcome`."""
    return {(r.rule.value, r.scope) for r in results if r.outcome == outcome}


def result(results: list[CheckResult], rule: str, scope: str) -> CheckResult:
    """The one result of `rule` on `scope`."""
    found = [r for r in results if r.rule == rule and r.scope == scope]
    assert len(found) == 1, f"{len(found)} results for {rule} {scope}"
    return found[0]


def test_balanced_report_passes_every_identity() -> None:
    results = run_checks(balanced_report())
    assert [r for r in results if r.outcome != PASS] == []


def test_v2021_gives_one_result_per_column_row_block_and_table() -> None:
    results = run_checks(balanced_report())
    per_rule = {rule: sum(r.rule == rule for r in results) for rule in CheckRule}
    # 7 columns; 25 rows in the v2021 table 三; 3 blocks; 3 tables; S1 needs two years.
    assert per_rule == {
        "H1": 7,
        "H2": 7,
        "H3": 25,
        "H4": 1,
        "H5": 1,
        "H6": 1,
        "H7": 3,
        "S1": 0,
        "T1": 0,
    }


def test_v2019_table_three_has_23_rows() -> None:
    results = run_checks(make_report(version=FormatVersion.V2019))
    assert sum(r.rule == CheckRule.H3 for r in results) == 23
    assert ("H3", "other_total") in outcomes(results, PASS)


def test_every_assessed_identity_names_its_cells_and_sides() -> None:
    results = run_checks(balanced_report())
    for r in results:
        if r.rule != CheckRule.H7:
            assert r.cells, r
            assert r.lhs is not None and r.rhs is not None, r


def test_report_without_tables_is_not_assessable_not_a_crash() -> None:
    report = make_report()
    report.format_version = None
    report.s2, report.s3, report.s4 = {}, {}, {}
    results = run_checks(report)
    assert {r.outcome for r in results} == {NA}
    assert {r.rule for r in results} == {f"H{i}" for i in range(1, 8)}
    assert all(r.lhs is None and r.rhs is None for r in results)


def test_unknown_version_still_checks_table_four() -> None:
    report = balanced_report()
    report.format_version = None
    report.s2, report.s3 = {}, {}
    results = run_checks(report)
    assert outcomes(results, PASS) == {
        ("H4", "review"),
        ("H5", "litigation_direct"),
        ("H6", "litigation_after_review"),
        ("H7", "s4"),
    }
    assert outcomes(results, FAIL) == set()


def test_summarize_counts_every_outcome_and_failed_lists_failures() -> None:
    report = balanced_report()
    set_cell(report, "s4", "review_total", None, "3")  # 1 + 1 + 0 + 0 is 2
    set_cell(report, "s4", "litigation_direct_pending", None, "")
    results = run_checks(report)
    assert count_outcomes(results) == {PASS: 43, FAIL: 1, NA: 1}
    assert [(r.rule, r.scope) for r in failed(results)] == [("H4", "review")]
    assert count_outcomes([]) == {PASS: 0, FAIL: 0, NA: 0}
