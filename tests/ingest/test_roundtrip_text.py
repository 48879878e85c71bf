"""Property: every text rendering of a generated report parses back to the generator's cells.

The generator and the renderers (synthetic) were written independently of the parser,
from the seed layouts; expected values come from the generator's record, never from the parser.
"""

from __future__ import annotations

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ingest.parse import parse_bytes
from ingest.schema import Cell, Report
from ingest.template import S2_ROWS, FormatVersion
from synthetic.agencies import catalogue
from synthetic.records import generate_report
from synthetic.render_text import TextStyle, render_text

AGENCIES = catalogue()
Key = tuple[str, str, str]
Reading = tuple[int | float | None, str]


def cells(report: Report) -> dict[Key, Reading]:
    out: dict[Key, Reading] = {}
    for field, cell in report.s2.items():
        out["s2", field, ""] = (cell.value, cell.status.value)
    for row, columns in report.s3.items():
        for column, cell in columns.items():
            out["s3", row, column] = (cell.value, cell.status.value)
    for field, cell in report.s4.items():
        out["s4", field, ""] = (cell.value, cell.status.value)
    return out


def _generated(seed: int, version: FormatVersion, blanks: float) -> Report:
    agency = AGENCIES[seed % len(AGENCIES)]
    year = 2020 if version is FormatVersion.V2019 else 2023
    return generate_report(
        seed, agency=agency, year=year, version=version, blank_probability=blanks
    )


def _parse(report: Report, style: TextStyle) -> Report:
    text = render_text(report, style)
    suffix = "md" if style is TextStyle.TAB else "txt"
    return parse_bytes(text.encode("utf-8"), f"synthetic-{style}.{suffix}")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(min_value=0, max_value=2**31),
    style=st.sampled_from(list(TextStyle)),
    version=st.sampled_from(list(FormatVersion)),
)
def test_every_layout_round_trips_every_cell(
    seed: int, style: TextStyle, version: FormatVersion
) -> None:
    report = _generated(seed, version, blanks=0.0)
    parsed = _parse(report, style)
    assert cells(parsed) == cells(report)
    assert parsed.format_version is version
    assert (parsed.agency, parsed.region, parsed.year) == (
        report.agency,
        report.region,
        report.year,
    )
    assert not [c.message for c in parsed.checks if c.outcome.value == "fail"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(min_value=0, max_value=2**31),
    style=st.sampled_from([TextStyle.TAB, TextStyle.PIPE, TextStyle.OCR]),
    version=st.sampled_from(list(FormatVersion)),
)
def test_blank_and_slash_cells_round_trip_where_cell_boundaries_are_printed(
    seed: int, style: TextStyle, version: FormatVersion
) -> None:
    report = _generated(seed, version, blanks=0.08)
    truth, parsed = cells(report), cells(_parse(report, style))
    assert parsed.keys() == truth.keys()
    wrong = {k: (parsed[k], truth[k]) for k in truth if parsed[k] != truth[k]}
    # A row with blank cells at both ends can fit its columns more than one way; where neither
    # the layout nor the identities decide, those cells are ambiguous: never a wrong value.
    assert {k: p for k, (p, _) in wrong.items() if p[1] != "ambiguous"} == {}
    assert len(wrong) <= 15
    event(f"ambiguous cells: {'some' if wrong else 'none'}")


def _lost_in_whitespace_text(report: Report) -> tuple[dict[Key, Reading], set[Key]]:
    """What whitespace PDF text can carry: blanks print as nothing, so a row with a blank cell
    has nothing to place its other values by, and its cells are missing — except table 三's
    总计, which the parser may read where the row's values before it add up to it (blank
    columns across the whole table). Returns the expected cells and those that may be
    either right or missing."""
    expected = cells(report)
    missing: Reading = (None, "missing")
    rows: list[list[Key]] = [
        [("s2", f.key, "") for f in spec.fields]
        for spec in S2_ROWS[report.format_version or FormatVersion.V2021]
    ]
    rows += [[("s3", row, c) for c in columns] for row, columns in report.s3.items()]
    rows.append([("s4", f, "") for f in report.s4])
    raw = {k: c.raw for k, c in _raw_cells(report).items()}
    either: set[Key] = set()
    for keys in rows:
        if any(raw[k] == "" for k in keys):
            right = {k: expected[k] for k in keys}
            expected.update(dict.fromkeys(keys, missing))
            either |= {k for k in keys if k[0] == "s3" and k[2] == "total" and raw[k] != ""}
            for k in either & set(keys):
                expected[k] = right[k]
    return expected, either


def _raw_cells(report: Report) -> dict[Key, Cell]:
    out: dict[Key, Cell] = {("s2", f, ""): c for f, c in report.s2.items()}
    out.update({("s3", r, k): c for r, cols in report.s3.items() for k, c in cols.items()})
    out.update({("s4", f, ""): c for f, c in report.s4.items()})
    return out


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**31), version=st.sampled_from(list(FormatVersion)))
def test_whitespace_text_reports_rows_with_blank_cells_missing_never_shifted(
    seed: int, version: FormatVersion
) -> None:
    report = _generated(seed, version, blanks=0.08)
    expected, either = _lost_in_whitespace_text(report)
    parsed = cells(_parse(report, TextStyle.PDF))
    for key in either:
        if parsed[key] == (None, "missing"):
            expected[key] = parsed[key]
    assert parsed == expected
