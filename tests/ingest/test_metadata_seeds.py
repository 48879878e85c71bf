"""The five seed reports: agency, region and year as a reader of each report would give them."""

from __future__ import annotations

import pytest

from ingest.metadata import infer_metadata
from ingest.normalize import normalize_text
from ingest.schema import InferenceMethod, ReportMeta
from tests.conftest import seed_path

TITLE = InferenceMethod.TITLE
TEXT = InferenceMethod.TEXT


def seed_text(prefix: str) -> str:
    return normalize_text(seed_path(prefix).read_text(encoding="utf-8"))


def title_line(text: str) -> str | None:
    """The test's own rule: the first line that says 年度报告."""
    return next((line for line in text.splitlines() if "年度报告" in line), None)


def seed_meta(prefix: str) -> ReportMeta:
    text = seed_text(prefix)
    return infer_metadata(text, title=title_line(text), file_name=seed_path(prefix).name)


@pytest.mark.parametrize(
    ("prefix", "agency", "region", "year", "path"),
    [
        ("000", "获嘉县政务服务和大数据管理局", "获嘉县", 2022, ["河南省", "新乡市", "获嘉县"]),
        ("001", "朝阳县人民政府办公室", "朝阳县", 2021, ["辽宁省", "朝阳市", "朝阳县"]),
        ("002", "涧西区人民政府办公室", "涧西区", 2022, ["河南省", "洛阳市", "涧西区"]),
        ("003", "郏县人民政府", "郏县", 2024, ["河南省", "平顶山市", "郏县"]),
        ("004", "汝州市信访局", "汝州市", 2022, ["河南省", "平顶山市", "汝州市"]),
    ],
)
def test_seed_metadata(prefix: str, agency: str, region: str, year: int, path: list[str]) -> None:
    meta = seed_meta(prefix)
    assert (meta.agency.value, meta.region.value, meta.year.value) == (agency, region, year)
    assert meta.region_path == path


@pytest.mark.parametrize(
    ("prefix", "agency", "region", "year"),
    [
        ("000", TITLE, TEXT, TITLE),  # title lacks the county; 获嘉 + 新乡 in the text
        ("001", TEXT, TEXT, TEXT),  # no title at all
        ("002", TITLE, TITLE, TITLE),
        ("003", TITLE, TITLE, TITLE),
        ("004", TITLE, TEXT, TITLE),  # 信访局 + 汝州信访局, 我市
    ],
)
def test_seed_methods(
    prefix: str, agency: InferenceMethod, region: InferenceMethod, year: InferenceMethod
) -> None:
    meta = seed_meta(prefix)
    assert (meta.agency.method, meta.region.method, meta.year.method) == (agency, region, year)


def test_region_from_text_is_less_sure_than_from_the_title() -> None:
    from_text, from_title = seed_meta("000"), seed_meta("003")
    assert from_text.region.confidence < from_title.region.confidence
    assert from_text.region.confidence < from_text.agency.confidence < from_title.agency.confidence


def test_seed_002_title_is_found_after_radical_normalization() -> None:
    meta = seed_meta("002")
    assert meta.title == "涧西区人民政府办公室2022年政府信息公开工作年度报告"


def test_seed_001_next_year_plan_does_not_change_the_year() -> None:
    text = seed_text("001")
    assert "2022年我办将" in text
    assert infer_metadata(text, title=None, file_name="x.txt").year.value == 2021


@pytest.mark.parametrize(
    ("prefix", "agency", "region", "year"),
    [
        ("000", "获嘉县政务服务和大数据管理局", "获嘉县", 2022),  # 我局 + 县政务服务和大数据管理局
        ("002", "涧西区人民政府办公室", "涧西区", 2022),  # 我办 + 涧西区人民政府办公室
        ("004", "汝州市信访局", "汝州市", 2022),  # 我局 + 市信访局
    ],
)
def test_seeds_without_their_title_are_inferred_from_the_text(
    prefix: str, agency: str, region: str, year: int
) -> None:
    meta = infer_metadata(seed_text(prefix), title=None, file_name="x.txt")
    assert (meta.agency.value, meta.region.value, meta.year.value) == (agency, region, year)
    assert (meta.agency.method, meta.region.method, meta.year.method) == (TEXT, TEXT, TEXT)
