"""Property: every web page rendering of a generated report parses back to the generator's cells.

The pages (synthetic/render_html.py) mark the tables up as the national template does,
merged cells included, inside a site frame; expected values come from the generator's record.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.normalize import match_key
from ingest.parse import parse_bytes
from ingest.schema import Report, SourceFormat
from ingest.template import NARRATIVE_SECTIONS, FormatVersion
from synthetic.agencies import catalogue
from synthetic.layout import render_rng
from synthetic.records import generate_report
from synthetic.render_html import ENCODINGS, choose_markup, render_html
from tests.ingest.test_roundtrip_text import cells

AGENCIES = catalogue()
# The codec a reader should end up with for each page encoding (GBK is read as GB18030).
DECODED_AS = {"utf-8": "utf-8", "gbk": "gb18030", "gb18030": "gb18030", "utf-16": "utf-16"}
# Every value each markup choice can take; the fixed seeds below must show all of them.
VARIANTS = {
    "header_tag": {"th", "td"},
    "cell": {"plain", "p", "span", "word"},
    "blank": {"", "&nbsp;", " "},
    "padded": {True, False},
    "thead": {True, False},
    "split_s2": {True, False},
    "break_labels": {True, False},
    "heading": {"strong", "h3", "bold_div", "mixed"},
    "indent": {"", "　　", "&nbsp;" * 4},
    "br_paragraphs": {True, False},
    "wrap": {True, False},
    "title_inside": {True, False},
    "frame": {"divs", "tables", "semantic"},
}
SEEDS = range(40)


def _generated(seed: int, version: FormatVersion, blanks: float) -> Report:
    agency = AGENCIES[seed % len(AGENCIES)]
    year = 2020 if version is FormatVersion.V2019 else 2023
    return generate_report(
        seed, agency=agency, year=year, version=version, blank_probability=blanks
    )


def _assert_round_trip(report: Report, page: bytes, encoding: str) -> Report:
    parsed = parse_bytes(page, "report.html")
    assert cells(parsed) == cells(report)
    assert parsed.format_version is report.format_version
    assert (parsed.agency, parsed.region, parsed.year) == (
        report.agency,
        report.region,
        report.year,
    )
    assert parsed.source.format is SourceFormat.HTML
    assert parsed.source.encoding == DECODED_AS[encoding]
    return parsed


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(min_value=0, max_value=2**31),
    version=st.sampled_from(list(FormatVersion)),
    encoding=st.sampled_from(ENCODINGS),
    declare=st.booleans(),
    chrome=st.booleans(),
    blanks=st.sampled_from([0.0, 0.08]),
)
def test_every_page_round_trips_every_cell(
    seed: int, version: FormatVersion, encoding: str, declare: bool, chrome: bool, blanks: float
) -> None:
    report = _generated(seed, version, blanks)
    page = render_html(report, encoding=encoding, chrome=chrome, declare_charset=declare)
    parsed = _assert_round_trip(report, page, encoding)
    if not blanks:
        assert not [c.message for c in parsed.checks if c.outcome.value == "fail"]


def test_the_fixed_seeds_show_every_markup_variant() -> None:
    seen: dict[str, set[object]] = {name: set() for name in VARIANTS}
    for seed in SEEDS:
        markup = choose_markup(render_rng(_generated(seed, FormatVersion.V2021, 0.0), "html"))
        for name in VARIANTS:
            seen[name].add(getattr(markup, name))
    assert seen == VARIANTS


@pytest.mark.parametrize("seed", SEEDS)
def test_every_markup_variant_round_trips_cells_and_narrative(seed: int) -> None:
    version = (FormatVersion.V2021, FormatVersion.V2019)[seed % 2]
    encoding = ENCODINGS[seed % len(ENCODINGS)]
    report = _generated(seed, version, blanks=0.08)
    page = render_html(
        report, encoding=encoding, chrome=seed % 3 != 0, declare_charset=seed % 5 > 0
    )
    parsed = _assert_round_trip(report, page, encoding)
    assert parsed.meta.title == report.meta.title
    for key in NARRATIVE_SECTIONS:
        # match_key: the page may print half-width punctuation; the words are the record's.
        assert match_key(parsed.sections[key].text) == match_key(report.sections[key].text)
    assert not parsed.warnings
