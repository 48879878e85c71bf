"""A number split in two by extraction ("1 | 2" for 12) is glued back only when the row's
identities confirm exactly one way of doing it, and the repair is reported."""

from __future__ import annotations

from ingest.parse import parse_bytes
from ingest.schema import CellStatus
from synthetic.render_text import TextStyle, render_text
from tests.factories import make_report

# new_received 12 + 3 = 15 by natural persons and commercial applicants; all granted.
ROWS = {
    "new_received": [12, 3, 0, 0, 0, 0, 15],
    "granted": [12, 3, 0, 0, 0, 0, 15],
    "total_processed": [12, 3, 0, 0, 0, 0, 15],
}


def _text(style: TextStyle) -> str:
    return render_text(make_report(s3=ROWS, s4={"review_upheld": 12, "review_total": 12}), style)


def test_a_split_count_in_whitespace_text_is_glued_back_with_a_warning() -> None:
    text = _text(TextStyle.PDF)
    row = "本年新收政府信息公开申请数量 12 3 0 0 0 0 15"
    assert row in text
    report = parse_bytes(text.replace(row, row.replace(" 12 ", " 1 2 ")).encode(), "split.txt")
    cell = report.s3["new_received"]["natural_person"]
    assert (cell.value, cell.status) == (12, CellStatus.NUMBER)
    assert report.s3["new_received"]["total"].value == 15
    assert [w.code for w in report.warnings].count("split_digits_repaired") == 1


def test_a_split_count_in_table_4_is_glued_back_by_the_block_sums() -> None:
    text = _text(TextStyle.PDF)
    values = "12 0 0 0 12 0 0 0 0 0 0 0 0 0 0"
    assert values in text
    report = parse_bytes(text.replace(values, "1 2" + values[2:]).encode(), "split4.txt")
    assert report.s4["review_upheld"].value == 12
    assert "split_digits_repaired" in [w.code for w in report.warnings]


def test_a_split_in_table_4_that_two_gluings_explain_is_not_repaired() -> None:
    # "1 1 0 0 0 11" reads as 11,0,0,0,11 and as 1,10,0,0,11: both blocks add up.
    text = _text(TextStyle.PDF)
    values = "12 0 0 0 12 0 0 0 0 0 0 0 0 0 0"
    report = parse_bytes(text.replace(values, "1 1 0 0 0 11" + values[11:]).encode(), "amb4.txt")
    assert all(c.value is None for c in report.s4.values())
    upheld = report.s4["review_upheld"]
    assert upheld.status is CellStatus.MISSING and upheld.raw.startswith("1 1 0 0 0 11")


def test_a_split_that_two_gluings_explain_is_not_repaired() -> None:
    # 1 1 1 0 0 0 0 12: "11 1" and "1 11" both make the six columns add up to 12.
    text = _text(TextStyle.PDF)
    row = "本年新收政府信息公开申请数量 12 3 0 0 0 0 15"
    report = parse_bytes(
        text.replace(row, "本年新收政府信息公开申请数量 1 1 1 0 0 0 0 12").encode(), "amb.txt"
    )
    cells = report.s3["new_received"]
    assert all(c.value is None and c.status is CellStatus.MISSING for c in cells.values())
    assert "values_not_placed" in [w.code for w in report.warnings]
