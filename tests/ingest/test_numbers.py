"""Reading one cell: blank is never 0."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ingest.numbers import parse_cell
from ingest.schema import CellStatus


@pytest.mark.parametrize("raw", ["", "  ", "/", "-", "—", "无", "不适用"])
def test_blank_spellings_are_null_never_zero(raw: str) -> None:
    cell = parse_cell(raw)
    assert cell.value is None and cell.status in {CellStatus.EMPTY, CellStatus.NA}


def test_blank_is_empty_and_slash_is_not_applicable() -> None:
    assert parse_cell("").status is CellStatus.EMPTY
    assert parse_cell("/").status is CellStatus.NA


@pytest.mark.parametrize(
    ("raw", "value", "status"),
    [
        ("0", 0, CellStatus.ZERO),
        ("36", 36, CellStatus.NUMBER),
        ("1,234", 1234, CellStatus.NUMBER),
        ("１２３", 123, CellStatus.NUMBER),
        ("74833", 74833, CellStatus.NUMBER),
        ("12件", 12, CellStatus.NUMBER),
    ],
)
def test_counts(raw: str, value: int, status: CellStatus) -> None:
    cell = parse_cell(raw)
    assert (cell.value, cell.status, cell.raw) == (value, status, raw)
    assert isinstance(cell.value, int)


def test_money_keeps_its_decimals() -> None:
    cell = parse_cell("2561.768", money=True)
    assert cell.value == Decimal("2561.768") and cell.status is CellStatus.NUMBER


def test_letters_in_a_number_cell_are_text_with_no_value() -> None:
    cell = parse_cell("1O")
    assert cell.value is None and cell.status is CellStatus.TEXT and cell.raw == "1O"


def test_a_sign_is_kept_for_year_on_year_changes() -> None:
    assert parse_cell("-2").value == -2
    assert parse_cell("+3").value == 3


def test_several_na_marks_in_one_cell_are_na_with_a_warning() -> None:
    from ingest.cell_warnings import cell_warnings
    from tests.factories import make_report

    assert parse_cell("---").status is CellStatus.NA
    assert parse_cell("//").status is CellStatus.NA
    report = make_report()
    report.s2["licensing_decisions"] = parse_cell("---")
    report.s2["penalty_decisions"] = parse_cell("——")
    codes = [w.code for w in cell_warnings(report)]
    assert codes == ["marks_run_together"]
