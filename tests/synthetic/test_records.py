"""Generated records are valid (H1-H7, S1), complete, deterministic and realistic."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.schema import CellStatus, FormatVersion
from synthetic import AGENCIES, generate_corpus, generate_report
from tests.synthetic.identities import (
    COLUMNS,
    S2_KEYS,
    S3_ROW_KEYS,
    S4_KEYS,
    identity_failures,
    s1_failures,
)

YEARS = (2020, 2021, 2022, 2023, 2024)


@pytest.fixture(scope="module")
def corpus():
    return generate_corpus(30, YEARS, seed=20241)


def test_every_record_of_a_corpus_satisfies_h1_to_h7(corpus):
    assert len(corpus) == 150
    assert [f for r in corpus for f in identity_failures(r)] == []


def test_consecutive_years_chain_carried_over_to_carried_forward(corpus):
    assert s1_failures(corpus) == []
    # the chain is not trivially all zeros
    assert any(r.s3["carried_over"]["total"].value for r in corpus if r.year > 2020)


def test_s1_is_not_forced_across_a_gap_in_the_years():
    reports = generate_corpus(36, (2021, 2023), seed=7)
    by_agency = {}
    for r in reports:
        by_agency.setdefault(r.agency, {})[r.year] = r
    # 2023 is not chained to 2021 (no 2022): carried_over is drawn afresh, so it differs somewhere
    assert any(
        y[2023].s3["carried_over"]["total"].value != y[2021].s3["carried_forward"]["total"].value
        for y in by_agency.values()
    )


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=2**63),
    year=st.integers(min_value=2015, max_value=2026),
    agency=st.sampled_from(AGENCIES),
)
def test_any_seed_gives_a_valid_record(seed, year, agency):
    report = generate_report(seed, agency=agency, year=year)
    assert identity_failures(report) == []


@pytest.mark.parametrize(
    ("year", "version"), [(2019, "v2019"), (2020, "v2019"), (2021, "v2021"), (2024, "v2021")]
)
def test_template_version_follows_the_year(year, version):
    report = generate_report(1, agency=AGENCIES[0], year=year)
    assert report.format_version == version
    assert tuple(report.s2) == S2_KEYS[version]
    assert tuple(report.s3) == S3_ROW_KEYS[version]
    assert all(tuple(cols) == COLUMNS for cols in report.s3.values())
    assert tuple(report.s4) == S4_KEYS


def test_version_can_be_overridden():
    report = generate_report(1, agency=AGENCIES[0], year=2024, version=FormatVersion.V2019)
    assert report.format_version == "v2019"
    assert "other_total" in report.s3 and "other_misc" not in report.s3
    assert identity_failures(report) == []


def test_given_carried_over_is_used_column_by_column():
    carried = {"natural_person": 7, "commercial": 2, "legal_service": 1}
    report = generate_report(5, agency=AGENCIES[3], year=2022, carried_over=carried)
    row = {c: cell.value for c, cell in report.s3["carried_over"].items()}
    assert row == {
        "natural_person": 7,
        "commercial": 2,
        "research": 0,
        "social_org": 0,
        "legal_service": 1,
        "other": 0,
        "total": 10,
    }
    assert identity_failures(report) == []


def test_bad_carried_over_is_refused():
    with pytest.raises(KeyError):
        generate_report(1, agency=AGENCIES[0], year=2022, carried_over={"people": 1})
    with pytest.raises(ValueError):
        generate_report(1, agency=AGENCIES[0], year=2022, carried_over={"other": -1})


def test_same_seed_same_record_and_different_seed_different_record():
    a = generate_report(42, agency=AGENCIES[1], year=2023)
    b = generate_report(42, agency=AGENCIES[1], year=2023)
    c = generate_report(43, agency=AGENCIES[1], year=2023)
    assert a.model_dump_json() == b.model_dump_json()
    assert c.model_dump_json() != a.model_dump_json()
    assert a.id != c.id and a.id.startswith("syn")


def test_metadata_names_the_agency_region_and_year():
    agency = AGENCIES[8]
    report = generate_report(3, agency=agency, year=2022)
    assert (report.agency, report.region, report.year) == (agency.name, agency.region, 2022)
    assert report.agency_key == agency.name  # already simplified, no punctuation
    assert report.meta.title == f"{agency.name}2022年政府信息公开工作年度报告"
    assert set(report.sections) == {"overview", "problems", "other"}
    assert report.sections["problems"].title == "五、存在的主要问题及改进情况"


def _status_of(raw: str) -> CellStatus:
    """Status a printed cell must have, from the design's rules (not from parse_cell)."""
    if raw == "":
        return CellStatus.EMPTY
    if raw == "/":
        return CellStatus.NA
    return CellStatus.ZERO if Decimal(raw.replace(",", "")) == 0 else CellStatus.NUMBER


def test_cell_status_and_value_agree_with_the_printed_text(corpus):
    for report in corpus[:20]:
        cells = [*report.s2.values(), *report.s4.values()]
        cells += [c for cols in report.s3.values() for c in cols.values()]
        for cell in cells:
            assert cell.status == _status_of(cell.raw), cell
            assert cell.source is None


def test_blank_knob_prints_blank_and_slash_cells_with_no_value():
    report = generate_report(9, agency=AGENCIES[0], year=2022, blank_probability=0.3)
    cells = [c for cols in report.s3.values() for c in cols.values()] + list(report.s4.values())
    blanks = [c for c in cells if c.raw in ("", "/")]
    assert 0.15 * len(cells) < len(blanks) < 0.45 * len(cells)
    assert {c.raw for c in blanks} == {"", "/"}
    assert all(c.value is None and c.status in ("empty", "na") for c in blanks)
    # the numbers behind the blanks are the ones the unblanked record prints
    clean = generate_report(9, agency=AGENCIES[0], year=2022)
    for row, cols in report.s3.items():
        for col, cell in cols.items():
            if cell.value is not None:
                assert cell.value == clean.s3[row][col].value


def test_request_volumes_are_mostly_small_with_some_tens_and_a_few_hundreds(corpus):
    totals = [r.s3["new_received"]["total"].value for r in corpus]
    assert sum(t <= 5 for t in totals) >= 0.3 * len(totals)
    assert sum(10 <= t < 100 for t in totals) >= 0.1 * len(totals)
    assert 1 <= sum(t >= 100 for t in totals) <= 0.3 * len(totals)


def test_natural_persons_dominate_the_applicants(corpus):
    people = sum(r.s3["new_received"]["natural_person"].value for r in corpus)
    everyone = sum(r.s3["new_received"]["total"].value for r in corpus)
    assert people > 0.6 * everyone


def test_most_appeal_blocks_are_empty_but_some_have_cases(corpus):
    totals = [r.s4[f"{b}_total"].value for r in corpus for b in ("review", "litigation_direct")]
    assert 0 < sum(t > 0 for t in totals) < 0.3 * len(totals)


def test_table_two_spans_zero_to_tens_of_thousands_and_fees_have_decimals(corpus):
    v2021 = [r for r in corpus if r.format_version == "v2021"]
    licensing = [r.s2["licensing_decisions"].value for r in v2021]
    assert min(licensing) == 0 and max(licensing) >= 10000
    fees = [r.s2["admin_fee_amount_wan"].raw for r in v2021]
    assert any("." in f and Decimal(f) > 0 for f in fees)
    assert any(Decimal(f) == 0 for f in fees)


def test_v2019_changes_are_signed():
    reports = generate_corpus(36, (2017, 2018, 2019, 2020), seed=11)
    changes = [c.value for r in reports for k, c in r.s2.items() if k.endswith("_change")]
    assert min(changes) < 0 < max(changes)
