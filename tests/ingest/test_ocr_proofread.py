"""The identities as proofreader of OCR'd values: a misread digit is corrected only when exactly
one candidate makes every identity of the cell hold; otherwise the cell is null with a warning.
Records come from the generator (their identities hold); the OCR readings are made up here."""

from __future__ import annotations

from ingest.checks import run_checks
from ingest.proofread import proofread
from ingest.readers.ocr_types import CharChoice, LineReading, ValueReading
from ingest.schema import Cell, CellStatus, CheckOutcome, Report, Source, SourceFormat
from synthetic import generate_corpus


def _scanned(record: Report) -> tuple[Report, list[ValueReading]]:
    """The record as if every cell had been read by OCR, sure of every digit."""
    report = record.model_copy(deep=True)
    values: list[ValueReading] = []
    boxes = iter(range(10_000))

    def read(cell: Cell) -> Cell:
        n = next(boxes)
        box = (float(n), 0.0, float(n) + 1, 1.0)
        source = Source(file="scan.pdf", format=SourceFormat.PDF, page=1, bbox=box)
        chars = [CharChoice(ch, 0.99) for ch in cell.raw]
        values.append(ValueReading(1, box, LineReading(chars)))
        return cell.model_copy(update={"source": source})

    report.s2 = {k: read(c) for k, c in report.s2.items()}
    report.s3 = {r: {k: read(c) for k, c in cols.items()} for r, cols in report.s3.items()}
    report.s4 = {k: read(c) for k, c in report.s4.items()}
    return report, values


def _misread(
    report: Report, values: list[ValueReading], ref: tuple[str, ...], chars: list[CharChoice]
) -> None:
    """Make OCR have read `chars` in the cell `ref` (s3 row, column or s4 field)."""
    cell = report.s3[ref[0]][ref[1]] if len(ref) == 2 else report.s4[ref[0]]
    text = "".join(c.char for c in chars)
    value = int(text) if text.isdigit() else None
    status = CellStatus.TEXT if value is None else CellStatus.NUMBER
    changed = cell.model_copy(update={"value": value, "raw": text, "status": status})
    if len(ref) == 2:
        report.s3[ref[0]][ref[1]] = changed
    else:
        report.s4[ref[0]] = changed
    assert cell.source is not None and cell.source.bbox is not None
    for i, v in enumerate(values):
        if v.bbox == cell.source.bbox:
            values[i] = ValueReading(1, v.bbox, LineReading(chars))


def _record_with(row: str, column: str, minimum: int) -> Report:
    return next(r for r in generate_corpus(40, (2023,), 5) if r.s3[row][column].value >= minimum)


def test_a_digit_misread_is_corrected_by_the_recognizers_alternative() -> None:
    record = _record_with("new_received", "natural_person", 2)
    report, values = _scanned(record)
    truth = record.s3["new_received"]["natural_person"].value
    wrong = str(truth).replace(str(truth)[-1], "7" if str(truth)[-1] != "7" else "1")
    chars = [CharChoice(ch, 0.99) for ch in wrong[:-1]]
    chars.append(CharChoice(wrong[-1], 0.55, ((str(truth)[-1], 0.4),)))
    _misread(report, values, ("new_received", "natural_person"), chars)
    corrections = proofread(report, values)
    fixed = report.s3["new_received"]["natural_person"]
    assert fixed.value == truth and fixed.status is CellStatus.NUMBER
    assert [c.value for c in corrections] == [truth]
    warning = next(w for w in report.warnings if w.code == "ocr_corrected")
    assert f"'{wrong}'" in warning.message and f"corrected to {truth}" in warning.message
    assert "H3(new_received)" in warning.message and "H1(natural_person)" in warning.message
    assert all(r.outcome is not CheckOutcome.FAIL for r in run_checks(report))


def test_a_dropped_digit_is_restored_by_a_single_digit_edit() -> None:
    record = _record_with("granted", "total", 10)
    report, values = _scanned(record)
    truth = record.s3["granted"]["total"].value
    dropped = str(truth)[:-1]
    _misread(report, values, ("granted", "total"), [CharChoice(c, 0.9) for c in dropped])
    proofread(report, values)
    assert report.s3["granted"]["total"].value == truth
    assert any("single-digit edits" in w.message for w in report.warnings)


def test_an_unread_zero_is_restored_when_its_identities_decide_it() -> None:
    record = next(
        r for r in generate_corpus(40, (2023,), 5) if r.s3["granted"]["research"].value == 0
    )
    report, values = _scanned(record)
    _misread(report, values, ("granted", "research"), [])
    report.s3["granted"]["research"] = report.s3["granted"]["research"].model_copy(
        update={"status": CellStatus.EMPTY}
    )
    proofread(report, values)
    assert report.s3["granted"]["research"].value == 0


def test_an_appeal_block_with_two_possible_culprits_is_null_never_a_guess() -> None:
    record = next(
        r for r in generate_corpus(80, (2023,), 5) if r.s4["review_total"].value in range(1, 9)
    )
    report, values = _scanned(record)
    total = record.s4["review_total"].value
    misread = (total + 5) % 10 or 1  # one digit, no alternative offered
    _misread(report, values, ("review_total",), [CharChoice(str(misread), 0.6)])
    proofread(report, values)
    block = [f"review_{p}" for p in ("upheld", "corrected", "other", "pending", "total")]
    for field in block:
        cell = report.s4[field]
        assert cell.value is None or cell.value == record.s4[field].value  # never wrong
    assert report.s4["review_total"].value is None
    assert report.s4["review_total"].status is CellStatus.MISSING
    warning = next(w for w in report.warnings if w.code == "ocr_unverified")
    assert "H4(review)" in warning.message and f"'{misread}'" in warning.message


def test_two_misreads_in_one_row_that_no_single_edit_explains_are_null() -> None:
    record = _record_with("new_received", "natural_person", 20)
    report, values = _scanned(record)
    for col in ("natural_person", "total"):
        truth = record.s3["new_received"][col].value
        _misread(report, values, ("new_received", col), [CharChoice(c, 0.9) for c in f"{truth}55"])
    proofread(report, values)
    for row, cols in report.s3.items():
        for col, cell in cols.items():
            assert cell.value is None or cell.value == record.s3[row][col].value
    assert report.s3["new_received"]["natural_person"].status is CellStatus.MISSING


def test_an_unsure_table_two_reading_is_null_because_no_identity_checks_it() -> None:
    record = generate_corpus(1, (2023,), 5)[0]
    report, values = _scanned(record)
    key = next(iter(report.s2))
    cell = report.s2[key]
    for i, v in enumerate(values):
        if cell.source is not None and v.bbox == cell.source.bbox:
            values[i] = ValueReading(1, v.bbox, LineReading([CharChoice(c, 0.5) for c in cell.raw]))
    proofread(report, values)
    assert report.s2[key].value is None
    assert any("no identity checks table 二" in w.message for w in report.warnings)


def test_a_clean_reading_is_left_alone() -> None:
    record = generate_corpus(1, (2023,), 5)[0]
    report, values = _scanned(record)
    assert proofread(report, values) == []
    assert report.s3 == {
        r: {k: c.model_copy(update={"source": report.s3[r][k].source}) for k, c in cols.items()}
        for r, cols in record.s3.items()
    }
    assert not [w for w in report.warnings if w.code.startswith("ocr")]


def _lose(report: Report, values: list[ValueReading], row: str, col: str) -> None:
    """A cell OCR found nothing for (its line lost, as at a page break): no value, no reading."""
    cell = report.s3[row][col]
    box = cell.source.bbox if cell.source is not None else None
    values[:] = [v for v in values if v.bbox != box]
    report.s3[row][col] = Cell(value=None, raw="", status=CellStatus.MISSING)


def test_a_lost_row_nulls_only_the_values_no_identity_across_rows_confirms() -> None:
    record = _record_with("denied_third_party", "natural_person", 1)
    report, values = _scanned(record)
    for col in record.s3["granted"]:
        _lose(report, values, "granted", col)  # every column sum (H2) cannot be checked now
    proofread(report, values)
    # H1 (new + carried over = processed + carried forward) holds: it confirms those rows
    assert report.s3["new_received"] == {
        k: c.model_copy(update={"source": report.s3["new_received"][k].source})
        for k, c in record.s3["new_received"].items()
    }
    # an outcome row is checked only by its own sum (H3), which a row under the wrong label
    # also passes, so its values are unconfirmed and null with a warning
    third = report.s3["denied_third_party"]
    assert third["natural_person"].value is None
    assert third["natural_person"].status is CellStatus.MISSING
    assert any(
        "denied_third_party.natural_person" in w.message and "cannot be checked" in w.message
        for w in report.warnings
    )


def test_a_row_read_under_the_wrong_label_is_never_kept() -> None:
    record = next(
        r
        for r in generate_corpus(80, (2023,), 5)
        if r.s3["unable_not_held"]["total"].value != r.s3["other_misc"]["total"].value
    )
    report, values = _scanned(record)
    for col in record.s3["granted"]:
        _lose(report, values, "granted", col)
    # the values of one row matched to another row's label: its own sum (H3) still holds
    report.s3["other_misc"] = dict(report.s3["unable_not_held"])
    proofread(report, values)
    for row, cols in report.s3.items():
        for col, cell in cols.items():
            assert cell.value is None or cell.value == record.s3[row][col].value, (row, col)
