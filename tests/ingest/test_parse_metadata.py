"""Parsing a whole file: metadata warnings reach the Report, and a manifest entry settles them."""

from __future__ import annotations

from ingest.manifest import ManifestEntry
from ingest.parse import parse_bytes
from tests.factories import make_report, render_report_text


def rendered(agency: str, region: str, *, title: bool = True) -> bytes:
    text = render_report_text(make_report(agency=agency, region=region, year=2023))
    if not title:
        text = text.split("\n", 1)[1]  # the first line is the title
    return text.encode("utf-8")


def test_a_misread_county_is_stored_corrected_with_the_warning() -> None:
    report = parse_bytes(rendered("洒洪县人民政府", "洒洪县"), "a.txt")
    assert (report.agency, report.region, report.year) == ("泗洪县人民政府", "泗洪县", 2023)
    assert report.meta.title == "洒洪县人民政府2023年政府信息公开工作年度报告"
    (warning,) = [w for w in report.warnings if w.code == "place_name_corrected"]
    assert "read as 泗洪县" in warning.message


def test_a_report_without_any_agency_is_still_parsed_and_says_so() -> None:
    report = parse_bytes(rendered("示例县人民政府", "示例县", title=False), "a.txt")
    assert report.agency is None and report.agency_key is None
    assert report.s3  # the tables were read all the same
    (warning,) = [w for w in report.warnings if w.code == "agency_unknown"]
    assert "no title line" in warning.message


def test_a_manifest_agency_replaces_the_unknown_one_and_its_warning() -> None:
    entry = ManifestEntry(file="a.txt", agency="示例县人民政府", region="示例县", origin="test")
    report = parse_bytes(rendered("示例县人民政府", "示例县", title=False), "a.txt", entry)
    assert (report.agency, report.region) == ("示例县人民政府", "示例县")
    assert not [w for w in report.warnings if w.code == "agency_unknown"]
