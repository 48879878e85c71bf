"""Table 三 with blank cells that left no trace (whole applicant columns left empty, in text
split by spaces or in a crawler's run-together digits): the total column is read where the
row's own identity shows which value is the total; the applicant columns stay missing."""

from __future__ import annotations

from ingest.parse import parse_bytes
from ingest.schema import CellStatus, Report

HEAD = "三、收到和处理政府信息公开申请情况\n"


def _parse(rows: dict[str, str]) -> Report:
    text = HEAD + "".join(f"{label}{values}\n" for label, values in rows.items())
    return parse_bytes(text.encode(), "blank-columns.txt")


# Two applicant columns filled, four left blank, over the rows H1 and H2 tie together:
# new 4 + carried 0 = processed 4 + forward 0; processed 4 = granted 3 + partially 1.
SPACED = {
    "一、本年新收政府信息公开申请数量 ": "3 1 4",
    "二、上年结转政府信息公开申请数量 ": "0 0 0",
    "（一）予以公开 ": "2 1 3",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形） ": "1 0 1",
    "（七）总计 ": "3 1 4",
    "四、结转下年度继续办理 ": "0 0 0",
}


def test_space_split_rows_with_blank_columns_give_their_totals() -> None:
    report = _parse(SPACED)
    totals = {row: report.s3[row]["total"].value for row in ("new_received", "granted")}
    assert totals == {"new_received": 4, "granted": 3}
    assert report.s3["carried_over"]["total"].value == 0  # zeros, shaped like the rows above
    part = report.s3["new_received"]["natural_person"]
    assert part.status is CellStatus.MISSING and part.raw == "3 1 4"
    assert "total_only" in [w.code for w in report.warnings]


def test_run_together_rows_with_blank_columns_give_their_totals() -> None:
    # "314" splits only as 3+1=4 once blank cells may be missing: the total is 4.
    rows = {label.strip(): values.replace(" ", "") for label, values in SPACED.items()}
    report = _parse(rows)
    assert report.s3["new_received"]["total"].value == 4
    assert report.s3["partially_granted"]["total"].value == 1
    assert report.s3["new_received"]["commercial"].value is None


def test_a_row_of_zeros_cut_short_in_a_full_table_is_not_read_as_a_total() -> None:
    rows = {
        "一、本年新收政府信息公开申请数量 ": "3 1 0 0 0 0 4",
        "二、上年结转政府信息公开申请数量 ": "0 0 0",
    }
    report = _parse(rows)
    assert report.s3["new_received"]["total"].value == 4
    assert report.s3["carried_over"]["total"].value is None


def test_totals_the_column_identities_contradict_are_dropped() -> None:
    # Each row adds up, but H1 does not: new 4 + carried 0 is not processed 4 + forward 2.
    # One of these totals was not what the row meant, and which one cannot be known.
    rows = dict(SPACED)
    rows["四、结转下年度继续办理 "] = "1 1 2"
    report = _parse(rows)
    assert report.s3["new_received"]["total"].value is None
    assert report.s3["carried_forward"]["total"].value is None
    assert report.s3["granted"]["total"].value == 3  # H2 cannot be assessed: rows absent
    assert "total_unconfirmed" in [w.code for w in report.warnings]
