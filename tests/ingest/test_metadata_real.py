"""Agency, region and year of the real development reports (../shared/corpus), as read by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.metadata import MetadataReading, read_metadata
from ingest.readers import read_document
from tests.conftest import CORPUS_DIR

pytestmark = pytest.mark.skipif(
    not CORPUS_DIR.is_dir(), reason=f"the real corpus is not available: no {CORPUS_DIR}"
)


def own_title(lines: list[str]) -> str | None:
    """The test's own rule: among the first lines, the first one ending in 年度报告."""
    return next((ln for ln in lines[:15] if ln.strip().endswith("年度报告")), None)


def reading_of(name: str) -> MetadataReading:
    path = CORPUS_DIR / name
    if not path.is_file():
        pytest.skip(f"{path} is not in the corpus")
    doc = read_document(path)
    lines = [line.text for line in doc.lines]
    return read_metadata("\n".join(lines), title=own_title(lines), file_name=Path(path).name)


def test_shuyang_ocr_county_name_is_corrected_and_said() -> None:
    reading = reading_of("shuyang-county-2025.txt")
    meta = reading.meta
    assert (meta.agency.value, meta.region.value, meta.year.value) == (
        "沭阳县人民政府",
        "沭阳县",
        2025,
    )
    assert meta.region_path == ["江苏省", "宿迁市", "沭阳县"]
    assert meta.title is not None and "沐阳县" in meta.title  # the title as printed
    (warning,) = [n.warning for n in reading.notes]
    assert warning.code == "place_name_corrected"
    assert "沐阳县" in warning.message and "read as 沭阳县" in warning.message
    assert "沐 and 沭 look alike" in warning.message


def test_pingtan_crawl_agency_from_title_and_text() -> None:
    reading = reading_of("pingtan-2022-crawl.txt")
    meta = reading.meta
    assert meta.agency.value in {"平潭综合实验区管委会", "平潭综合实验区"}
    assert (meta.region.value, meta.year.value) == ("平潭综合实验区", 2022)
    assert meta.region_path[0] == "福建省"
    assert meta.url is not None and meta.url.startswith("https://www.pingtan.gov.cn/")
    assert reading.notes == []


def test_hongze_stays_right() -> None:
    reading = reading_of("hongze-district-2023.pdf")
    meta = reading.meta
    assert (meta.agency.value, meta.year.value) == ("淮安市洪泽区人民政府", 2023)
    assert meta.region_path == ["江苏省", "淮安市", "洪泽区"]
    assert reading.notes == []
