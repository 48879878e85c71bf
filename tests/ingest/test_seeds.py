"""Every table cell of the five seed reports, against values typed by hand from the seed text.

Cells not listed for a seed are 0 in its text. `E` marks a cell printed blank (empty, null),
`M` a cell the text does not have at all (missing, null). Where a seed's text lacks a value the
comment says what the parser reports and why.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from ingest.parse import parse_file
from ingest.schema import CellStatus, CheckOutcome, CheckRule, Report
from ingest.template import S2_FIELDS, S3_COLUMN_KEYS, S3_ROWS, S4_FIELDS, FormatVersion
from tests.conftest import seed_path

E = "empty"
M = "missing"
Value = int | float | str

# Seed 000 (获嘉县政务服务和大数据管理局 2022, tab layout). Rows (一) to (三)5 keep a single "0"
# in the text, in the sixth data cell after the label (the 其他 column), with blank cells before
# it: the parser reports the blanks as empty, the 0 under 其他, and for rows (三)1–4, whose line
# ends right after that 0, the 总计 cell as missing.
_000_SHORT = [E, E, E, E, E, 0, M]
SEED_000 = {
    "s2": {},
    "s3": {
        "granted": [E, E, E, E, E, 0, E],
        "partially_granted": [E, E, E, E, E, 0, E],
        "denied_state_secret": _000_SHORT,
        "denied_law_prohibited": _000_SHORT,
        "denied_security_stability": _000_SHORT,
        "denied_third_party": _000_SHORT,
        "denied_internal_affairs": [E, E, E, E, E, 0, E],
    },
    "s4": {},
}
SEED_001 = {  # 朝阳县人民政府办公室 2021, one cell per line ending in "|"
    "s2": {"normative_docs_issued": 3, "normative_docs_repealed": 9, "normative_docs_in_force": 54},
    "s3": {
        "new_received": [19, 1, 0, 0, 0, 0, 20],
        "granted": [8, 0, 0, 0, 0, 0, 8],
        "unable_not_held": [11, 0, 0, 0, 0, 0, 11],
        "not_processed_complaint": [0, 1, 0, 0, 0, 0, 1],
        "total_processed": [19, 1, 0, 0, 0, 0, 20],
    },
    "s4": {},
}
SEED_002 = {  # 涧西区人民政府办公室 2022, whitespace PDF text with labels broken across lines
    "s2": {
        "normative_docs_issued": 3,
        "normative_docs_repealed": 10,
        "normative_docs_in_force": 12,
    },
    "s3": {},
    "s4": {},
}
SEED_003 = {  # 郏县人民政府 2024, tab layout with a leading filler cell in every row
    "s2": {
        "normative_docs_issued": 3,
        "normative_docs_repealed": 10,
        "normative_docs_in_force": 31,
        "licensing_decisions": 74833,
        "penalty_decisions": 50835,
        "coercion_decisions": 833,
        "admin_fee_amount_wan": Decimal("2561.768"),
    },
    "s3": {
        "new_received": [35, 0, 0, 0, 0, 1, 36],
        "granted": [12, 0, 0, 0, 0, 0, 12],
        "partially_granted": [1, 0, 0, 0, 0, 0, 1],
        "denied_state_secret": [1, 0, 0, 0, 0, 0, 1],
        "denied_internal_affairs": [2, 0, 0, 0, 0, 0, 2],
        "denied_enforcement_file": [1, 0, 0, 0, 0, 0, 1],
        "denied_admin_query": [1, 0, 0, 0, 0, 0, 1],
        "unable_not_held": [8, 0, 0, 0, 0, 1, 9],
        "unable_needs_creation": [5, 0, 0, 0, 0, 0, 5],
        "not_processed_complaint": [2, 0, 0, 0, 0, 0, 2],
        "not_processed_duplicate": [2, 0, 0, 0, 0, 0, 2],
        "total_processed": [35, 0, 0, 0, 0, 1, 36],
    },
    "s4": {
        "review_upheld": 1,
        "review_corrected": 2,
        "review_other": 2,
        "review_pending": 2,
        "review_total": 7,
    },
}
# Seed 004 (汝州市信访局 2022, OCR). Row 3.补正后申请内容仍不明确 survives only inside a noise
# line as "0 0 0 0" (4 of 7 values, no cell boundaries): all seven cells missing. The
# continuation line "公开申请" of row (六)1 has an empty first cell, and "3.其他 0 (" puts a 0 in
# the first cell followed by an empty one: both are read as printed.
SEED_004 = {
    "s2": {},
    "s3": {
        "unable_unclear": [M] * 7,
        "other_no_correction": [E, 0, 0, 0, 0, 0, 0],
        "other_misc": [0, E, 0, 0, 0, 0, 0],
    },
    "s4": {},
}
SEEDS = {"000": SEED_000, "001": SEED_001, "002": SEED_002, "003": SEED_003, "004": SEED_004}
META = {
    "000": ("获嘉县政务服务和大数据管理局", "获嘉县", 2022),
    "001": ("朝阳县人民政府办公室", "朝阳县", 2021),
    "002": ("涧西区人民政府办公室", "涧西区", 2022),
    "003": ("郏县人民政府", "郏县", 2024),
    "004": ("汝州市信访局", "汝州市", 2022),
}


@pytest.fixture(scope="module")
def parsed() -> dict[str, Report]:
    return {prefix: parse_file(seed_path(prefix)) for prefix in SEEDS}


def _actual(cell) -> Value:  # type: ignore[no-untyped-def]
    if cell.status is CellStatus.EMPTY:
        return E
    if cell.status is CellStatus.MISSING:
        return M
    assert cell.value is not None, f"unexpected status {cell.status} raw={cell.raw!r}"
    return cell.value


@pytest.mark.parametrize("prefix", sorted(SEEDS))
def test_every_cell_of_table_2(parsed: dict[str, Report], prefix: str) -> None:
    report = parsed[prefix]
    expected = {f: SEEDS[prefix]["s2"].get(f, 0) for f in S2_FIELDS[FormatVersion.V2021]}
    assert {f: _actual(c) for f, c in report.s2.items()} == expected


@pytest.mark.parametrize("prefix", sorted(SEEDS))
def test_every_cell_of_table_3(parsed: dict[str, Report], prefix: str) -> None:
    report = parsed[prefix]
    rows = SEEDS[prefix]["s3"]
    expected = {r.key: rows.get(r.key, [0] * 7) for r in S3_ROWS[FormatVersion.V2021]}
    actual = {row: [_actual(report.s3[row][c]) for c in S3_COLUMN_KEYS] for row in report.s3}
    assert actual == expected


@pytest.mark.parametrize("prefix", sorted(SEEDS))
def test_every_cell_of_table_4(parsed: dict[str, Report], prefix: str) -> None:
    report = parsed[prefix]
    expected = {f: SEEDS[prefix]["s4"].get(f, 0) for f in S4_FIELDS}
    assert {f: _actual(c) for f, c in report.s4.items()} == expected


@pytest.mark.parametrize("prefix", sorted(SEEDS))
def test_agency_region_year(parsed: dict[str, Report], prefix: str) -> None:
    report = parsed[prefix]
    assert (report.agency, report.region, report.year) == META[prefix]
    assert report.format_version is FormatVersion.V2021


def test_003_fee_is_a_decimal_in_wan_yuan(parsed: dict[str, Report]) -> None:
    cell = parsed["003"].s2["admin_fee_amount_wan"]
    assert cell.value == Decimal("2561.768") and cell.raw == "2561.768"
    assert cell.source is not None and cell.source.row_label == "行政事业性收费"


def test_003_cells_point_at_their_line_and_labels(parsed: dict[str, Report]) -> None:
    report = parsed["003"]
    review = report.s4["review_total"]
    assert review.source is not None and review.source.line == 80
    assert (review.source.row_label, review.source.column_label) == ("行政复议", "总计")
    denied = report.s3["denied_state_secret"]["natural_person"]
    assert denied.source is not None and denied.source.line == 53
    assert "属于国家秘密" in denied.source.row_label
    assert denied.source.column_label == "自然人"


def test_003_all_identities_hold(parsed: dict[str, Report]) -> None:
    report = parsed["003"]
    rules = {c.rule for c in report.checks}
    assert {CheckRule.H1, CheckRule.H2, CheckRule.H3, CheckRule.H4, CheckRule.H7} <= rules
    assert [c.message for c in report.checks if c.outcome is not CheckOutcome.PASS] == []


def test_000_blank_cells_make_identities_not_assessable(parsed: dict[str, Report]) -> None:
    report = parsed["000"]
    h3 = {c.scope: c.outcome for c in report.checks if c.rule is CheckRule.H3}
    assert h3["granted"] is CheckOutcome.NOT_ASSESSABLE
    assert h3["new_received"] is CheckOutcome.PASS
    assert not [c for c in report.checks if c.outcome is CheckOutcome.FAIL]


def test_004_ocr_noise_is_reported_not_silently_dropped(parsed: dict[str, Report]) -> None:
    codes = [w.code for w in parsed["004"].warnings]
    assert codes.count("duplicate_fragment_ignored") == 4
    assert "values_not_placed" in codes
    unclear = parsed["004"].s3["unable_unclear"]["total"]
    assert unclear.status is CellStatus.MISSING and unclear.value is None
