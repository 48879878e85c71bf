"""H1–H6: the sums within tables 三 and 四 (design "Checks (勾稽关系)")."""

from __future__ import annotations

import pytest

from ingest.checks import run_checks
from ingest.schema import Cell, CellRef, CellStatus
from ingest.template import FormatVersion
from tests.factories import make_report
from tests.ingest.test_checks import FAIL, NA, PASS, balanced_report, outcomes, result, set_cell

COLUMNS = [
    "natural_person",
    "commercial",
    "research",
    "social_org",
    "legal_service",
    "other",
    "total",
]
# The 21 outcome rows of the v2021 template, as design.md lists them.
V2021_OUTCOMES = [
    "granted",
    "partially_granted",
    "denied_state_secret",
    "denied_law_prohibited",
    "denied_security_stability",
    "denied_third_party",
    "denied_internal_affairs",
    "denied_process_info",
    "denied_enforcement_file",
    "denied_admin_query",
    "unable_not_held",
    "unable_needs_creation",
    "unable_unclear",
    "not_processed_complaint",
    "not_processed_duplicate",
    "not_processed_publication",
    "not_processed_excessive",
    "not_processed_confirm_reissue",
    "other_no_correction",
    "other_fee_unpaid",
    "other_misc",
]
V2019_OUTCOMES = [*V2021_OUTCOMES[:18], "other_total"]


def s3(row: str, column: str) -> CellRef:
    return CellRef(section="s3", row=row, column=column)


def s4(field: str) -> CellRef:
    return CellRef(section="s4", row=field)


# ---------------------------------------------------------------- H1


def test_h1_fails_when_requests_in_and_out_differ() -> None:
    report = balanced_report()
    set_cell(report, "s3", "new_received", "natural_person", "4")  # 4 + 1 in, 3 + 1 out
    set_cell(report, "s3", "new_received", "total", "5")
    results = run_checks(report)
    assert outcomes(results, FAIL) == {("H1", "natural_person"), ("H1", "total")}
    h1 = result(results, "H1", "natural_person")
    assert (h1.lhs, h1.rhs) == (5, 4)
    assert h1.cells == [
        s3("new_received", "natural_person"),
        s3("carried_over", "natural_person"),
        s3("total_processed", "natural_person"),
        s3("carried_forward", "natural_person"),
    ]
    assert "自然人" in h1.message and "4" in h1.message and "≠" in h1.message


def test_h1_passes_once_the_record_is_fixed() -> None:
    report = balanced_report()
    set_cell(report, "s3", "new_received", "natural_person", "4")
    set_cell(report, "s3", "new_received", "total", "5")
    set_cell(report, "s3", "carried_forward", "natural_person", "2")  # the one left over
    set_cell(report, "s3", "carried_forward", "total", "2")
    results = run_checks(report)
    assert outcomes(results, FAIL) == set()
    assert result(results, "H1", "natural_person").outcome == PASS


# ---------------------------------------------------------------- H2


def test_h2_fails_when_outcomes_do_not_add_up_to_the_processed_total() -> None:
    report = balanced_report()
    set_cell(report, "s3", "unable_not_held", "commercial", "2")
    set_cell(report, "s3", "unable_not_held", "total", "2")
    results = run_checks(report)
    assert outcomes(results, FAIL) == {("H2", "commercial"), ("H2", "total")}
    h2 = result(results, "H2", "commercial")
    assert (h2.lhs, h2.rhs) == (1, 3)
    assert h2.cells == [s3("total_processed", "commercial")] + [
        s3(row, "commercial") for row in V2021_OUTCOMES
    ]
    assert "商业企业" in h2.message and "≠" in h2.message


def test_h2_passes_once_the_processed_total_is_fixed() -> None:
    report = balanced_report()
    set_cell(report, "s3", "unable_not_held", "commercial", "2")
    set_cell(report, "s3", "unable_not_held", "total", "2")
    set_cell(report, "s3", "total_processed", "commercial", "3")
    set_cell(report, "s3", "total_processed", "total", "6")
    set_cell(report, "s3", "new_received", "commercial", "3")  # keeps H1 and H3 true
    set_cell(report, "s3", "new_received", "total", "6")
    assert outcomes(run_checks(report), FAIL) == set()


def v2019_report():
    return make_report(
        version=FormatVersion.V2019,
        s3={
            "new_received": [5, 0, 0, 0, 0, 0, 5],
            "granted": [2, 0, 0, 0, 0, 0, 2],
            "other_total": [3, 0, 0, 0, 0, 0, 3],
            "total_processed": [5, 0, 0, 0, 0, 0, 5],
        },
    )


def test_h2_v2019_sums_19_rows_with_other_total() -> None:
    results = run_checks(v2019_report())
    assert outcomes(results, FAIL) | outcomes(results, NA) == set()
    h2 = result(results, "H2", "natural_person")
    assert (h2.lhs, h2.rhs) == (5, 5)
    assert h2.cells == [s3("total_processed", "natural_person")] + [
        s3(row, "natural_person") for row in V2019_OUTCOMES
    ]


def test_h2_v2019_fails_on_other_total_and_ignores_v2021_rows() -> None:
    report = v2019_report()
    report.s3["other_misc"] = dict(report.s3["other_total"])  # a stray row of the other edition
    set_cell(report, "s3", "other_total", "natural_person", "4")
    set_cell(report, "s3", "other_total", "total", "4")
    results = run_checks(report)
    assert outcomes(results, FAIL) == {("H2", "natural_person"), ("H2", "total")}
    h2 = result(results, "H2", "natural_person")
    assert (h2.lhs, h2.rhs) == (5, 6)


def test_h2_v2019_not_assessable_when_other_total_is_blank() -> None:
    report = v2019_report()
    set_cell(report, "s3", "other_total", "research", "/")
    results = run_checks(report)
    assert outcomes(results, NA) == {("H2", "research"), ("H3", "other_total")}


# ---------------------------------------------------------------- H3


def test_h3_fails_when_a_row_total_is_not_the_sum_of_applicants() -> None:
    report = balanced_report()
    set_cell(report, "s3", "granted", "total", "4")  # 2 + 1 is 3
    results = run_checks(report)
    # The same misprint also breaks the total column's H2 (4 + 1 outcomes vs 4 processed).
    assert outcomes(results, FAIL) == {("H3", "granted"), ("H2", "total")}
    h3 = result(results, "H3", "granted")
    assert (h3.lhs, h3.rhs) == (4, 3)
    assert h3.cells == [s3("granted", "total")] + [s3("granted", c) for c in COLUMNS[:6]]
    assert "予以公开" in h3.message


def test_h3_passes_once_the_row_is_fixed() -> None:
    report = balanced_report()
    set_cell(report, "s3", "granted", "total", "4")
    set_cell(report, "s3", "granted", "legal_service", "1")
    set_cell(report, "s3", "total_processed", "legal_service", "1")
    set_cell(report, "s3", "total_processed", "total", "5")
    set_cell(report, "s3", "new_received", "legal_service", "1")
    set_cell(report, "s3", "new_received", "total", "5")
    assert outcomes(run_checks(report), FAIL) == set()


# ---------------------------------------------------------------- H4–H6


@pytest.mark.parametrize(
    ("rule", "block", "field", "raw", "lhs", "rhs"),
    [
        ("H4", "review", "review_total", "3", 3, 2),
        ("H5", "litigation_direct", "litigation_direct_corrected", "1", 1, 2),
        ("H6", "litigation_after_review", "litigation_after_review_upheld", "2", 3, 5),
    ],
)
def test_h4_to_h6_fail_when_a_block_total_is_off(
    rule: str, block: str, field: str, raw: str, lhs: int, rhs: int
) -> None:
    report = balanced_report()
    set_cell(report, "s4", field, None, raw)
    results = run_checks(report)
    assert outcomes(results, FAIL) == {(rule, block)}
    found = result(results, rule, block)
    assert (found.lhs, found.rhs) == (lhs, rhs)
    parts = ["total", "upheld", "corrected", "other", "pending"]
    assert found.cells == [s4(f"{block}_{p}") for p in parts]


@pytest.mark.parametrize(
    ("rule", "block", "fix"),
    [
        ("H4", "review", {"review_total": "3", "review_other": "1"}),
        (
            "H5",
            "litigation_direct",
            {"litigation_direct_corrected": "1", "litigation_direct_total": "2"},
        ),
        (
            "H6",
            "litigation_after_review",
            {"litigation_after_review_upheld": "2", "litigation_after_review_total": "5"},
        ),
    ],
)
def test_h4_to_h6_pass_once_the_block_is_fixed(rule: str, block: str, fix: dict[str, str]) -> None:
    report = balanced_report()
    for field, raw in fix.items():
        set_cell(report, "s4", field, None, raw)
    results = run_checks(report)
    assert outcomes(results, FAIL) == set()
    assert result(results, rule, block).outcome == PASS


# ---------------------------------------------------------------- blanks


@pytest.mark.parametrize(
    ("section", "row", "column", "raw", "expected"),
    [
        (
            "s3",
            "carried_over",
            "natural_person",
            "",
            {("H1", "natural_person"), ("H3", "carried_over")},
        ),
        ("s3", "granted", "commercial", "/", {("H2", "commercial"), ("H3", "granted")}),
        (
            "s3",
            "total_processed",
            "total",
            "—",
            {("H1", "total"), ("H2", "total"), ("H3", "total_processed")},
        ),
        ("s3", "other_misc", "research", "无", {("H2", "research"), ("H3", "other_misc")}),
        ("s3", "new_received", "total", "不适用", {("H1", "total"), ("H3", "new_received")}),
        ("s4", "review_pending", None, "", {("H4", "review")}),
        ("s4", "litigation_direct_total", None, "/", {("H5", "litigation_direct")}),
        ("s4", "litigation_after_review_upheld", None, "-", {("H6", "litigation_after_review")}),
        ("s2", "penalty_decisions", None, "", set()),
    ],
)
def test_blank_participant_makes_exactly_its_identities_not_assessable(
    section: str, row: str, column: str | None, raw: str, expected: set[tuple[str, str]]
) -> None:
    report = balanced_report()
    set_cell(report, section, row, column, raw)
    assert report.cell(CellRef(section=section, row=row, column=column)).value is None
    results = run_checks(report)
    assert outcomes(results, NA) == expected
    assert outcomes(results, FAIL) == set()
    blank = CellRef(section=section, row=row, column=column)
    for r in results:
        if r.outcome == NA:
            assert blank in r.cells
            assert str(blank) in r.message


def test_blank_side_has_no_value_but_the_other_side_does() -> None:
    report = balanced_report()
    set_cell(report, "s3", "carried_forward", "natural_person", "")
    h1 = result(run_checks(report), "H1", "natural_person")
    assert h1.outcome == NA
    assert (h1.lhs, h1.rhs) == (4, None)


def test_text_participant_is_not_assessable_not_a_failure() -> None:
    report = balanced_report()
    set_cell(report, "s4", "review_upheld", None, "见附件")
    assert report.s4["review_upheld"].status == CellStatus.TEXT
    results = run_checks(report)
    assert result(results, "H4", "review").outcome == NA
    assert outcomes(results, FAIL) == {("H7", "s4")}


def test_a_value_on_an_ambiguous_cell_is_not_trusted() -> None:
    report = balanced_report()
    # "12" glued from "1" and "2"? Even if a reader filled in a guess, the cell stays null.
    report.s3["granted"]["natural_person"] = Cell(value=12, raw="12", status=CellStatus.AMBIGUOUS)
    results = run_checks(report)
    assert outcomes(results, NA) == {("H2", "natural_person"), ("H3", "granted")}
    assert "ambiguous" in result(results, "H3", "granted").message


def test_missing_row_or_field_counts_as_missing_cell() -> None:
    report = balanced_report()
    del report.s3["carried_forward"]
    del report.s4["litigation_direct_other"]
    results = run_checks(report)
    expected = {("H1", c) for c in COLUMNS} | {
        ("H3", "carried_forward"),
        ("H5", "litigation_direct"),
    }
    assert outcomes(results, NA) == expected
    assert "缺失" in result(results, "H1", "research").message


def test_a_count_printed_with_decimals_is_not_summed() -> None:
    """Requests are whole numbers: 0.1 in table 三 is a misread, not a count to add up."""
    report = balanced_report()
    for column, raw in [("natural_person", "0.1"), ("commercial", "0.2"), ("total", "0.3")]:
        set_cell(report, "s3", "other_no_correction", column, raw)
    assert report.s3["other_no_correction"]["total"].status == CellStatus.TEXT
    assert result(run_checks(report), "H3", "other_no_correction").outcome == NA
