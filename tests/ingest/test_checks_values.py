"""H7: every count is an integer >= 0; *_items_change may be negative; money is a decimal >= 0."""

from __future__ import annotations

from decimal import Decimal

from ingest.checks import run_checks
from ingest.schema import CellRef, CellStatus, CheckResult, Report
from ingest.template import S4_FIELDS, FormatVersion
from tests.factories import make_report
from tests.ingest.test_checks import FAIL, NA, PASS, balanced_report, result, set_cell


def h7(report: Report, table: str) -> CheckResult:
    return result(run_checks(report), "H7", table)


def test_h7_fails_on_a_negative_count_and_names_it() -> None:
    report = balanced_report()
    set_cell(report, "s3", "denied_third_party", "other", "-1")
    found = h7(report, "s3")
    assert found.outcome == FAIL
    assert found.cells == [CellRef(section="s3", row="denied_third_party", column="other")]
    assert "-1" in found.message and "s3.denied_third_party.other" in found.message
    assert (h7(report, "s2").outcome, h7(report, "s4").outcome) == (PASS, PASS)


def test_h7_fails_on_a_count_that_is_not_an_integer() -> None:
    report = balanced_report()
    set_cell(report, "s4", "review_upheld", None, "3.5")
    found = h7(report, "s4")
    assert found.outcome == FAIL
    assert found.cells == [CellRef(section="s4", row="review_upheld")]
    assert "3.5" in found.message


def test_h7_fails_on_letters_in_a_number_cell() -> None:
    report = balanced_report()
    set_cell(report, "s2", "licensing_decisions", None, "若干")
    assert report.s2["licensing_decisions"].status == CellStatus.TEXT
    found = h7(report, "s2")
    assert found.outcome == FAIL
    assert found.cells == [CellRef(section="s2", row="licensing_decisions")]
    assert "若干" in found.message


def test_h7_names_every_violation_in_a_table() -> None:
    report = balanced_report()
    set_cell(report, "s3", "granted", "research", "-2")
    set_cell(report, "s3", "unable_unclear", "total", "1.5")
    found = h7(report, "s3")
    assert found.outcome == FAIL
    assert set(found.cells) == {
        CellRef(section="s3", row="granted", column="research"),
        CellRef(section="s3", row="unable_unclear", column="total"),
    }


def test_h7_passes_naming_every_valued_cell_and_skips_blanks() -> None:
    report = balanced_report()
    assert len(h7(report, "s2").cells) == 10  # v2021 table 二 has 10 fields
    assert len(h7(report, "s3").cells) == 25 * 7
    assert len(h7(report, "s4").cells) == 15
    set_cell(report, "s4", "review_other", None, "/")
    found = h7(report, "s4")
    assert found.outcome == PASS
    assert len(found.cells) == 14
    assert CellRef(section="s4", row="review_other") not in found.cells


def test_h7_allows_a_negative_change_in_v2019() -> None:
    report = make_report(version=FormatVersion.V2019, s2={"licensing_items_change": -2})
    assert report.s2["licensing_items_change"].value == -2
    assert h7(report, "s2").outcome == PASS


def test_h7_rejects_the_same_negative_in_a_v2019_count() -> None:
    report = make_report(version=FormatVersion.V2019, s2={"licensing_items_prev_year": -2})
    found = h7(report, "s2")
    assert found.outcome == FAIL
    assert found.cells == [CellRef(section="s2", row="licensing_items_prev_year")]


def test_h7_rejects_a_fractional_change() -> None:
    report = make_report(version=FormatVersion.V2019, s2={"penalty_items_change": -1.5})
    assert h7(report, "s2").outcome == FAIL


def test_h7_accepts_money_with_decimals() -> None:
    report = make_report(s2={"admin_fee_amount_wan": 2561.768})
    assert report.s2["admin_fee_amount_wan"].value == Decimal("2561.768")
    assert h7(report, "s2").outcome == PASS
    v2019 = make_report(version=FormatVersion.V2019, s2={"procurement_amount": 12.3456})
    assert h7(v2019, "s2").outcome == PASS


def test_h7_rejects_negative_money() -> None:
    report = make_report(s2={"admin_fee_amount_wan": -0.5})
    found = h7(report, "s2")
    assert found.outcome == FAIL
    assert found.cells == [CellRef(section="s2", row="admin_fee_amount_wan")]


def test_h7_not_assessable_when_a_table_has_no_valued_cell() -> None:
    report = make_report(s4=dict.fromkeys(S4_FIELDS))  # every field printed blank
    found = h7(report, "s4")
    assert found.outcome == NA
    assert found.cells == []
    assert h7(report, "s3").outcome == PASS
