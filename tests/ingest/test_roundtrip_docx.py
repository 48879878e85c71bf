"""Property: a generated report rendered as .docx parses back to the generator's cells.

The .docx carries the official template's merged cells (read back as full grids by the DOCX
reader), so every cell has a known boundary: blank and "/" cells round-trip exactly, never
ambiguous. Expected values come from the generator's record, never from the parser.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from ingest.normalize import match_key
from ingest.parse import parse_bytes
from ingest.schema import Report, SourceFormat
from ingest.template import NARRATIVE_SECTIONS, S3_ROWS, FormatVersion
from synthetic.agencies import catalogue
from synthetic.records import generate_report
from synthetic.render_docx import render_docx

AGENCIES = catalogue()
SEEDS = st.integers(min_value=0, max_value=2**31)
VERSIONS = st.sampled_from(list(FormatVersion))
Key = tuple[str, str, str]
Reading = tuple[int | float | None, str]


def cells(report: Report) -> dict[Key, Reading]:
    """Every s2/s3/s4 cell as (value, status)."""
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


def _parse(report: Report) -> Report:
    return parse_bytes(render_docx(report), f"synthetic-{report.id}.docx")


def _assert_round_trip(report: Report, parsed: Report) -> None:
    assert cells(parsed) == cells(report)
    assert parsed.format_version is report.format_version
    assert (parsed.agency, parsed.region, parsed.year) == (
        report.agency,
        report.region,
        report.year,
    )
    assert parsed.source.format is SourceFormat.DOCX


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=SEEDS, version=VERSIONS)
def test_every_cell_round_trips_through_docx(seed: int, version: FormatVersion) -> None:
    report = _generated(seed, version, blanks=0.0)
    parsed = _parse(report)
    _assert_round_trip(report, parsed)
    assert not [c.message for c in parsed.checks if c.outcome.value == "fail"]
    assert not parsed.warnings


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=SEEDS, version=VERSIONS)
def test_blank_and_slash_cells_round_trip_exactly_through_docx(
    seed: int, version: FormatVersion
) -> None:
    report = _generated(seed, version, blanks=0.08)
    _assert_round_trip(report, _parse(report))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=SEEDS, version=VERSIONS)
def test_narrative_sections_keep_their_words_in_order(seed: int, version: FormatVersion) -> None:
    """Soft line breaks, runs and headings change lines, never the words or their order."""
    report = _generated(seed, version, blanks=0.0)
    parsed = _parse(report)
    for key in NARRATIVE_SECTIONS:
        assert match_key(parsed.sections[key].text) == match_key(report.sections[key].text)


@pytest.mark.parametrize("version", list(FormatVersion))
def test_cells_point_at_their_position_in_the_template_grid(version: FormatVersion) -> None:
    """Table 三 has three header rows and three label columns; table 四 three header rows."""
    parsed = _parse(_generated(7, version, blanks=0.0))
    rows = S3_ROWS[version]
    new_received = parsed.s3["new_received"]["natural_person"].source
    carried_forward = parsed.s3["carried_forward"]["total"].source
    assert new_received is not None and carried_forward is not None
    assert (new_received.format, new_received.row, new_received.col) == (SourceFormat.DOCX, 3, 3)
    assert (carried_forward.row, carried_forward.col) == (3 + len(rows) - 1, 9)
    assert carried_forward.table == new_received.table
    upheld = parsed.s4["review_upheld"].source
    after_review_total = parsed.s4["litigation_after_review_total"].source
    assert upheld is not None and after_review_total is not None
    assert (upheld.row, upheld.col) == (3, 0)
    assert (after_review_total.row, after_review_total.col) == (3, 14)
    assert upheld.table == new_received.table + 1
    assert all(c.source and c.source.table is not None for c in parsed.s2.values())


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _features(data: bytes) -> set[str]:
    """What a rendering's document.xml uses, among the variants the renderer promises."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = etree.fromstring(archive.read("word/document.xml")).find(f"{W}body")
    assert body is not None
    tables = body.findall(f"{W}tbl")
    found = {f"{len(tables)} tables"}
    for v_merge in body.iter(f"{W}vMerge"):
        found.add(f"vMerge {v_merge.get(f'{W}val', '(no val)')}")
    for p in body.findall(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        found.add(f"style {style.get(f'{W}val')}" if style is not None else "plain paragraph")
        found |= {"soft break"} if p.find(f".//{W}br") is not None else set()
        found |= {"bold run"} if p.find(f".//{W}b") is not None else set()
    for tc in body.iter(f"{W}tc"):
        texts = ["".join(p.itertext()) for p in tc.findall(f"{W}p")]
        found |= {"cell of two paragraphs"} if sum(1 for t in texts if t) > 1 else set()
        found |= {"padded cell"} if any(t != t.strip() for t in texts) else set()
        found |= {"cell of two runs"} if len(tc.findall(f"{W}p/{W}r")) > 1 else set()
        if tc.find(f"{W}tcPr/{W}gridSpan") is not None:
            found.add(f"gridSpan {tc.find(f'{W}tcPr/{W}gridSpan').get(f'{W}val')}")
    return found


def test_renderings_vary_as_word_processors_do_and_render_the_same_bytes_twice() -> None:
    reports = [_generated(seed, version, 0.0) for seed in range(6) for version in FormatVersion]
    renderings = [render_docx(r) for r in reports]
    assert render_docx(reports[0]) == renderings[0]
    found = set().union(*map(_features, renderings))
    assert {
        "3 tables",  # table 二 as one table
        "6 tables",  # v2021 table 二 as four block tables
        "7 tables",  # v2019 table 二 as five block tables
        "vMerge restart",
        "vMerge (no val)",
        "vMerge continue",
        "gridSpan 2",
        "gridSpan 3",
        "gridSpan 5",
        "gridSpan 7",
        "gridSpan 10",
        "style Heading1",
        "style Heading2",
        "plain paragraph",
        "soft break",
        "bold run",
        "cell of two paragraphs",
        "padded cell",
        "cell of two runs",
    } <= found


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=SEEDS, version=VERSIONS, blanks=st.sampled_from([0.0, 0.08]))
def test_many_reports_round_trip_through_docx(
    seed: int, version: FormatVersion, blanks: float
) -> None:
    report = _generated(seed, version, blanks)
    _assert_round_trip(report, _parse(report))
