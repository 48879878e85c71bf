"""Property: a generated report rendered as a real PDF parses back to the generator's cells.

The PDF renderer (synthetic/render_pdf_doc.py) draws the official template's grids with
their merged cells; the reader knows nothing of it but what pdfplumber finds on the pages.
Expected values come from the generator's record, never from the reader or the parser.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.document import Document
from ingest.parse import parse_bytes, parse_document
from ingest.readers import document_from_bytes
from ingest.schema import CheckOutcome, Report
from ingest.template import FormatVersion
from synthetic.agencies import catalogue
from synthetic.records import generate_report
from synthetic.render_pdf_doc import render_pdf
from tests.ingest.test_roundtrip_text import cells

AGENCIES = catalogue()

# name -> (render options, share of cells printed blank or "/")
VARIANTS: dict[str, tuple[dict[str, bool], float]] = {
    "ruled-repeated-header": ({"ruled": True, "repeat_header": True}, 0.08),
    "ruled-no-repeated-header": ({"ruled": True, "repeat_header": False}, 0.08),
    "unruled": ({"ruled": False, "repeat_header": True}, 0.0),
}
SEEDS = (3, 29, 1234567)


def _generated(seed: int, version: FormatVersion, blanks: float) -> Report:
    year = 2020 if version is FormatVersion.V2019 else 2023
    agency = AGENCIES[seed % len(AGENCIES)]
    return generate_report(
        seed, agency=agency, year=year, version=version, blank_probability=blanks
    )


def _s3_pages(parsed: Report) -> list[int]:
    return sorted({c.source.page for row in parsed.s3.values() for c in row.values() if c.source})


def _assert_round_trip(report: Report, parsed: Report) -> None:
    assert cells(parsed) == cells(report)
    assert (parsed.agency, parsed.region, parsed.year) == (
        report.agency,
        report.region,
        report.year,
    )
    assert parsed.format_version is report.format_version
    assert not [c.message for c in parsed.checks if c.outcome is CheckOutcome.FAIL]


def _header_rows_on(doc: Document, page: int) -> int:
    """Table rows on `page` that print table 三's 申请人情况 header."""
    return sum(
        1
        for line in doc.lines
        if line.cells and line.page == page and any(c.text == "申请人情况" for c in line.cells)
    )


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("version", list(FormatVersion))
@pytest.mark.parametrize("seed", SEEDS)
def test_split_pdf_round_trips_every_cell(seed: int, version: FormatVersion, variant: str) -> None:
    options, blanks = VARIANTS[variant]
    report = _generated(seed, version, blanks)
    doc = document_from_bytes(render_pdf(report, split_table3=True, **options), "report.pdf")
    parsed = parse_document(doc)
    _assert_round_trip(report, parsed)
    first, second = _s3_pages(parsed)  # table 三 really breaks across a page boundary
    assert second == first + 1
    repeated = _header_rows_on(doc, second)
    if options["ruled"]:
        assert repeated == (1 if options["repeat_header"] else 0)


@pytest.mark.parametrize("version", list(FormatVersion))
def test_unsplit_pdf_keeps_table_3_on_one_page(version: FormatVersion) -> None:
    report = _generated(77, version, 0.08)
    parsed = parse_bytes(render_pdf(report, split_table3=False), "report.pdf")
    _assert_round_trip(report, parsed)
    assert len(_s3_pages(parsed)) == 1


def test_rendering_is_deterministic() -> None:
    report = _generated(5, FormatVersion.V2021, 0.08)
    assert render_pdf(report) == render_pdf(report)
    assert render_pdf(report, ruled=False) != render_pdf(report)


@pytest.mark.slow
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(min_value=0, max_value=2**31),
    version=st.sampled_from(list(FormatVersion)),
    variant=st.sampled_from(list(VARIANTS)),
    split=st.booleans(),
)
def test_any_generated_report_round_trips_through_pdf(
    seed: int, version: FormatVersion, variant: str, split: bool
) -> None:
    options, blanks = VARIANTS[variant]
    report = _generated(seed, version, blanks)
    parsed = parse_bytes(render_pdf(report, split_table3=split, **options), "report.pdf")
    _assert_round_trip(report, parsed)
    assert len(_s3_pages(parsed)) == (2 if split else 1)
