"""Crawler dumps: cells run together, decoded by the template's constraints alone.

Expected values are the generator's record. Every cell must come back either right or
ambiguous/missing (null), never wrong; the test counts how many were decoded.
"""

from __future__ import annotations

import pytest

from ingest.parse import parse_bytes
from ingest.schema import CellStatus, Report
from ingest.tables.digit_runs import block_splits, splits
from ingest.template import S3_ROWS, FormatVersion
from synthetic.agencies import catalogue
from synthetic.records import generate_report
from synthetic.render_crawler import render_crawler

AGENCIES = catalogue()
NULL = {CellStatus.AMBIGUOUS, CellStatus.MISSING}


def _cells(report: Report) -> dict[tuple[str, str, str], object]:
    out = {("s2", f, ""): c for f, c in report.s2.items()}
    out |= {("s3", r, k): c for r, cols in report.s3.items() for k, c in cols.items()}
    return out | {("s4", f, ""): c for f, c in report.s4.items()}


def test_the_issue_example_row_decodes_to_its_one_split() -> None:
    text = (
        "三、收到和处理政府信息公开申请情况\n"
        "一、本年新收政府信息公开申请数量352100038\n"
        "二、上年结转政府信息公开申请数量0000000\n"
        "三、本年度办理结果（一）予以公开352100038\n"
        "（七）总计352100038\n"
        "四、结转下年度继续办理0000000\n"
    )
    report = parse_bytes(text.encode(), "dump.txt")
    assert [c.value for c in report.s3["new_received"].values()] == [35, 2, 1, 0, 0, 0, 38]
    assert "digit_run_decoded" in [w.code for w in report.warnings]


def test_the_next_rows_numbering_leaves_a_run_that_holds_n_a_marks() -> None:
    # "130/002152.没有…": the run is 130/00215, "2." numbers the next row. Read with the 2,
    # "130/002152" splits only as 1,30,/,0,0,21,52, which adds up: four wrong numbers.
    text = (
        "三、收到和处理政府信息公开申请情况\n"
        "（四）无法提供1.本机关不掌握相关政府信息130/002152.没有现成信息需要另行制作1/00001\n"
    )
    report = parse_bytes(text.encode(), "dump.txt")
    row = report.s3["unable_not_held"]
    assert [c.value for c in row.values()] == [13, 0, None, 0, 0, 2, 15]
    assert row["research"].status is CellStatus.NA
    needs = report.s3["unable_needs_creation"]
    assert [c.value for c in needs.values()] == [1, None, 0, 0, 0, 0, 1]


def test_a_run_with_several_valid_splits_is_ambiguous_not_guessed() -> None:
    # "111000012" reads as 11,1,0,0,0,0,12 and 1,11,0,0,0,0,12 and 1,1,10,0,0,0,12.
    text = "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量111000012\n"
    report = parse_bytes(text.encode(), "dump.txt")
    row = report.s3["new_received"]
    assert row["natural_person"].status is CellStatus.AMBIGUOUS
    assert set(row["natural_person"].raw.split(" | ")) == {"1", "11"}
    assert set(row["research"].raw.split(" | ")) == {"0", "10"}
    assert (row["social_org"].value, row["total"].value) == (0, 12)
    assert "digit_run_ambiguous" in [w.code for w in report.warnings]


def test_column_identities_settle_what_a_row_alone_cannot() -> None:
    # Alone, new_received and total_processed ("111000012") are ambiguous; granted 9 and
    # partially granted 2+1 each split one way only, so H2 fixes total_processed at 11,1,0,...
    # and H1 (nothing carried over or forward) fixes new_received.
    runs = {
        "new_received": "111000012",
        "granted": "9000009",
        "partially_granted": "2100003",
        "total_processed": "111000012",
    }
    rows = [
        f"{r.number}{r.label}{runs.get(r.key, '0000000')}" for r in S3_ROWS[FormatVersion.V2021]
    ]
    text = "三、收到和处理政府信息公开申请情况\n" + "\n".join(rows) + "\n"
    report = parse_bytes(text.encode(), "dump.txt")
    assert [c.value for c in report.s3["total_processed"].values()] == [11, 1, 0, 0, 0, 0, 12]
    assert [c.value for c in report.s3["new_received"].values()] == [11, 1, 0, 0, 0, 0, 12]
    assert not [w for w in report.warnings if w.code == "digit_run_ambiguous"]


def test_table_4_run_is_split_by_the_block_sums() -> None:
    assert block_splits("12227" + "0" * 10) == [(1, 2, 2, 2, 7, *([0] * 10))]
    # "1100011": 1,10,0,0,11 and 11,0,0,0,11 both add up.
    assert len(block_splits("1100011" + "0" * 10)) == 2
    assert list(splits("100", 3)) == [(1, 0, 0)]


@pytest.mark.parametrize("seed", range(150))
def test_generated_reports_decode_right_or_ambiguous_never_wrong(
    seed: int, crawler_tally: dict[str, int]
) -> None:
    version = FormatVersion.V2019 if seed % 4 == 0 else FormatVersion.V2021
    report = generate_report(
        seed,
        agency=AGENCIES[seed % len(AGENCIES)],
        year=2020 if seed % 4 == 0 else 2023,
        version=version,
    )
    parsed = parse_bytes(render_crawler(report).encode(), f"crawler-{seed}.txt")
    truth, got = _cells(report), _cells(parsed)
    for key, cell in got.items():
        expected = truth[key]
        if cell.status in NULL:
            crawler_tally["null"] += 1
            continue
        assert (cell.value, cell.status) == (expected.value, expected.status), key
        crawler_tally["decoded"] += 1


@pytest.fixture(scope="module")
def crawler_tally() -> dict[str, int]:
    tally = {"decoded": 0, "null": 0}
    yield tally
    total = tally["decoded"] + tally["null"]
    print(
        f"\ncrawler dumps: {tally['decoded']} of {total} cells decoded, {tally['null']} "
        "ambiguous or missing"
    )
    assert tally["decoded"] > 0.9 * total


def test_a_run_with_na_marks_splits_with_each_mark_as_a_cell() -> None:
    # "00——101": 0, 0, two n/a cells, then 1, 0, 1 (the only way to fill seven cells so that
    # the applicant columns add up to the total); "——" read as one cell leaves six.
    text = "三、收到和处理政府信息公开申请情况\n二、上年结转政府信息公开申请数量00——101\n"
    row = parse_bytes(text.encode(), "dump.txt").s3["carried_over"]
    assert [c.value for c in row.values()] == [0, 0, None, None, 1, 0, 1]
    assert [row[k].status for k in ("research", "social_org")] == [CellStatus.NA] * 2


def test_a_run_with_na_marks_that_splits_two_ways_is_ambiguous() -> None:
    # "162—10/19" is 16, 2, —, 1, 0, /, 19 or 1, 6, 2, —, 10, /, 19.
    text = "三、收到和处理政府信息公开申请情况\n（一）予以公开162—10/19\n"
    row = parse_bytes(text.encode(), "dump.txt").s3["granted"]
    assert row["natural_person"].status is CellStatus.AMBIGUOUS
    assert (row["other"].status, row["total"].value) == (CellStatus.NA, 19)
