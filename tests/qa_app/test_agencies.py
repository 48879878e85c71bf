"""Finding agencies in questions: full, traditional, shortened, region-only, unknown names.

The directory is built from the seed reports' agencies plus the synthetic catalogue, the way
the engine builds it from stored report rows.
"""

from __future__ import annotations

from itertools import count

import pytest

from index.filters import Level
from index.sqlstore import ReportRow
from ingest.normalize import match_key
from ingest.parse import parse_file
from qa_app.question.agencies import AgencyDirectory, AgencyHit, HitKind, prepare_text
from synthetic.agencies import catalogue
from tests.conftest import SEEDS_DIR

# The seed reports' agencies as the parser reads them (name, region, year).
SEED_AGENCIES = (
    ("获嘉县政务服务和大数据管理局", "获嘉县", 2022),
    ("朝阳县人民政府办公室", "朝阳县", 2021),
    ("涧西区人民政府办公室", "涧西区", 2022),
    ("郏县人民政府", "郏县", 2024),
    ("汝州市信访局", "汝州市", 2022),
)
SYNTHETIC_YEARS = (2022, 2023, 2024)
_ids = count()


def report_row(agency: str | None, region: str | None, year: int | None) -> ReportRow:
    """A stored report row as `govqa reports` lists it."""
    return ReportRow(
        id=f"r{next(_ids):011d}",
        agency=agency,
        agency_key=match_key(agency) if agency else None,
        region=region,
        year=year,
        format_version="v2021",
        source_path=f"/reports/{agency}-{year}.txt",
        sha256="0" * 64,
        ingested_at="2025-01-01T00:00:00+00:00",
        state="complete",
    )


def corpus_rows() -> list[ReportRow]:
    """Seeds plus every synthetic agency in 2022-2024."""
    rows = [report_row(*seed) for seed in SEED_AGENCIES]
    rows += [report_row(a.name, a.region, y) for a in catalogue() for y in SYNTHETIC_YEARS]
    return rows


def corpus_directory() -> AgencyDirectory:
    return AgencyDirectory.from_rows(corpus_rows())


@pytest.fixture(scope="module")
def directory() -> AgencyDirectory:
    return corpus_directory()


def names(hit: AgencyHit) -> list[str]:
    return sorted(e.name for e in hit.agencies)


# ---------------------------------------------------------------- building


def test_one_entry_per_agency_with_all_its_years(directory: AgencyDirectory) -> None:
    assert len(directory.entries) == len(SEED_AGENCIES) + len(catalogue())
    entry = directory.get("示例县教育局")
    assert entry is not None
    assert (entry.region, entry.department, entry.years) == ("示例县", "教育局", (2022, 2023, 2024))
    assert entry.level is Level.COUNTY
    assert directory.latest_year == 2024


def test_rows_without_agency_are_skipped_and_a_missing_region_is_read_from_the_name() -> None:
    rows = [report_row(None, "郏县", 2024), report_row("示例县统计局", None, 2023)]
    directory = AgencyDirectory.from_rows(rows)
    [entry] = directory.entries
    assert (entry.name, entry.region, entry.department) == ("示例县统计局", "示例县", "统计局")
    assert [e.name for e in directory.in_region("示例县")] == ["示例县统计局"]


def test_the_most_printed_spelling_names_the_agency() -> None:
    rows = [report_row("郟縣人民政府", "郏县", 2023)] + [
        report_row("郏县人民政府", "郏县", 2024)
    ] * 2
    [entry] = AgencyDirectory.from_rows(rows).entries
    assert (entry.name, entry.key, entry.years) == ("郏县人民政府", "郏县人民政府", (2023, 2024))


def test_an_empty_corpus_matches_nothing_but_still_reads_unknown_names() -> None:
    directory = AgencyDirectory.from_rows([])
    [hit] = directory.match("火星市气象局2024年收到多少申请")
    assert (hit.kind, hit.mention, hit.closest) == (HitKind.UNKNOWN, "火星市气象局", ())
    assert directory.latest_year is None


# ---------------------------------------------------------------- matching known agencies


@pytest.mark.parametrize(
    ("question", "mention", "agency"),
    [
        ("郏县人民政府2024年收到多少申请", "郏县人民政府", "郏县人民政府"),
        ("郟縣人民政府2024年收到多少申请", "郏县人民政府", "郏县人民政府"),
        ("郏县政府去年有行政诉讼吗", "郏县政府", "郏县人民政府"),
        ("汝州市信访局2022年不予公开多少件", "汝州市信访局", "汝州市信访局"),
        ("汝州信访局2022年不予公开多少件", "汝州信访局", "汝州市信访局"),
        ("汝州 信访局2022年不予公开多少件", "汝州 信访局", "汝州市信访局"),
        ("汝州市信访办的报告", "汝州市信访办", "汝州市信访局"),
        ("朝阳县政府办2021年的申请", "朝阳县政府办", "朝阳县人民政府办公室"),
        ("涧西区政府办公室的报告", "涧西区政府办公室", "涧西区人民政府办公室"),
        ("获嘉县大数据局2022年", "获嘉县大数据局", "获嘉县政务服务和大数据管理局"),
        ("获嘉大数据局2022年", "获嘉大数据局", "获嘉县政务服务和大数据管理局"),
        ("示例县教育局收到多少申请", "示例县教育局", "示例县教育局"),
        ("示例县的教育局收到多少申请", "示例县的教育局", "示例县教育局"),
        ("演示区卫健委的行政复议", "演示区卫健委", "演示区卫生健康委员会"),
        ("样例市住建局行政处罚", "样例市住建局", "样例市住房和城乡建设局"),
        ("示范市发改委行政许可", "示范市发改委", "示范市发展和改革委员会"),
        ("虚构市市场监管局行政处罚", "虚构市市场监管局", "虚构市市场监督管理局"),
        ("样例市自然资源局", "样例市自然资源局", "样例市自然资源和规划局"),
        ("平顶山市郏县人民政府的报告", "郏县人民政府", "郏县人民政府"),
        ("How many requests did 汝州市信访局 receive?", "汝州市信访局", "汝州市信访局"),
    ],
)
def test_names_full_traditional_and_short_match_one_agency(
    directory: AgencyDirectory, question: str, mention: str, agency: str
) -> None:
    [hit] = directory.match(question)
    assert (hit.kind, hit.mention, names(hit), hit.ambiguous) == (
        HitKind.NAME,
        mention,
        [agency],
        False,
    )


def test_offsets_point_into_the_prepared_question(directory: AgencyDirectory) -> None:
    question = "请问：汝州  信访局（2022年）"
    text = prepare_text(question)
    [hit] = directory.match(question)
    assert text[hit.start : hit.end] == hit.mention == "汝州 信访局"


def test_a_department_alone_with_one_agency_reads_as_that_agency(
    directory: AgencyDirectory,
) -> None:
    [hit] = directory.match("信访局2022年结转下年度的申请")
    assert (hit.kind, names(hit), hit.ambiguous) == (HitKind.DEPARTMENT, ["汝州市信访局"], False)


def test_a_department_alone_is_ambiguous_when_several_regions_have_it(
    directory: AgencyDirectory,
) -> None:
    [hit] = directory.match("教育局2024年收到多少申请")
    assert (hit.kind, names(hit), hit.ambiguous) == (
        HitKind.DEPARTMENT,
        ["示例县教育局", "虚构市教育局"],
        True,
    )


def test_xinfangju_alone_is_ambiguous_once_a_second_one_is_stored() -> None:
    directory = AgencyDirectory.from_rows(
        [*corpus_rows(), report_row("示例县信访局", "示例县", 2024)]
    )
    [alone] = directory.match("信访局2022年收到多少申请")
    assert (alone.ambiguous, names(alone)) == (True, ["汝州市信访局", "示例县信访局"])
    for question in ("汝州信访局", "汝州市信访局", "汝州 信访局"):
        [hit] = directory.match(question)
        assert (hit.ambiguous, names(hit)) == (False, ["汝州市信访局"])


def test_a_region_named_elsewhere_narrows_a_department(directory: AgencyDirectory) -> None:
    [hit] = directory.match("虚构市2024年教育局收到多少申请")
    assert (hit.kind, names(hit)) == (HitKind.DEPARTMENT, ["虚构市教育局"])


def test_a_level_in_front_of_a_department_keeps_that_level(directory: AgencyDirectory) -> None:
    [hit] = directory.match("县政府办收到的申请")
    assert names(hit) == ["朝阳县人民政府办公室", "样例县人民政府办公室", "示例县人民政府办公室"]
    assert all(e.level is Level.COUNTY for e in hit.agencies)


# ---------------------------------------------------------------- regions


def test_a_region_alone_means_its_government(directory: AgencyDirectory) -> None:
    [hit] = directory.match("郟縣2024年行政复议是9件吗")
    assert (hit.kind, hit.mention, names(hit), hit.others) == (
        HitKind.REGION,
        "郏县",
        ["郏县人民政府"],
        (),
    )


def test_a_region_with_several_agencies_prefers_the_government_and_lists_the_rest(
    directory: AgencyDirectory,
) -> None:
    [hit] = directory.match("示例县2024年收到多少申请")
    assert names(hit) == ["示例县人民政府办公室"]
    assert hit.region == "示例县"
    assert len(hit.others) == 6 and "示例县教育局" in {e.name for e in hit.others}


def test_a_region_short_name_is_a_region(directory: AgencyDirectory) -> None:
    [hit] = directory.match("汝州2022年的报告")
    assert (hit.kind, names(hit)) == (HitKind.REGION, ["汝州市信访局"])


# ---------------------------------------------------------------- unknown names


@pytest.mark.parametrize(
    ("question", "mention"),
    [
        ("火星市气象局2024年收到多少申请", "火星市气象局"),
        ("请问火星市气象局的公开率", "火星市气象局"),
        ("火星市教育局2024年收到多少申请", "火星市教育局"),
        ("郏县教育局2024年收到多少申请", "郏县教育局"),
        ("2024年北京市收到多少申请", "北京市"),
        ("How many requests did 火星市气象局 receive?", "火星市气象局"),
    ],
)
def test_names_not_in_the_corpus_are_unknown_with_closest_stored_names(
    directory: AgencyDirectory, question: str, mention: str
) -> None:
    [hit] = directory.match(question)
    assert (hit.kind, hit.mention, hit.agencies) == (HitKind.UNKNOWN, mention, ())
    stored = {e.name for e in directory.entries}
    assert len(hit.closest) <= 3 and set(hit.closest) <= stored


def test_closest_names_share_the_region_or_the_department(directory: AgencyDirectory) -> None:
    [hit] = directory.match("郏县教育局")
    assert "郏县人民政府" in hit.closest and "示例县教育局" in hit.closest
    [hit] = directory.match("汝州市公安局")
    assert hit.closest[0] == "汝州市信访局"


@pytest.mark.parametrize(
    "question",
    [
        "2024年哪些县级机关收到申请最多",
        "收到多少政府信息公开申请？其中多少予以公开？",
        "哪些报告的数据不符合勾稽关系？",
        "总结各单位存在的主要问题",
        "全市行政复议总数",
        "城市管理方面的行政处罚",
        "which agencies had appeals in 2024?",
        "'; DROP TABLE cells; --",
        "",
    ],
)
def test_questions_without_a_name_have_no_hits(directory: AgencyDirectory, question: str) -> None:
    assert directory.match(question) == []


# ---------------------------------------------------------------- scale and the real seeds


def test_thousands_of_agencies_still_match_exactly() -> None:
    stems = [
        a + b for a in "东南西北中上下前后左右内外甲乙丙丁戊己庚" for b in "阳安平宁丰和兴华林泉"
    ]
    departments = ("人民政府", "教育局", "统计局", "财政局", "民政局", "司法局", "审计局",
                   "卫生健康委员会", "市场监督管理局", "信访局")  # fmt: skip
    rows = [
        report_row(f"测{stem}{kind}{dept}", f"测{stem}{kind}", 2024)
        for stem in stems
        for kind in "县市区"
        for dept in departments
    ]
    directory = AgencyDirectory.from_rows(rows)
    assert len(directory.entries) == len(stems) * 3 * len(departments) >= 6000
    [hit] = directory.match("测北宁市卫健委2024年收到多少申请")
    assert (hit.kind, names(hit)) == (HitKind.NAME, ["测北宁市卫生健康委员会"])
    [hit] = directory.match("测北宁区的统计局")
    assert names(hit) == ["测北宁区统计局"]
    [hit] = directory.match("统计局")
    assert hit.ambiguous and len(hit.agencies) == len(stems) * 3


def test_every_seed_report_is_found_by_its_own_parsed_name() -> None:
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"seed reports not available: {SEEDS_DIR} does not exist")
    reports = [parse_file(path) for path in sorted(SEEDS_DIR.iterdir())]
    directory = AgencyDirectory.from_rows([report_row(r.agency, r.region, r.year) for r in reports])
    for report in reports:
        assert report.agency is not None
        [hit] = directory.match(f"{report.agency}{report.year}年收到多少申请")
        assert names(hit) == [report.agency]
    [hit] = directory.match("郟县人民政府")  # the seed's title prints it traditional
    assert names(hit) == ["郏县人民政府"]
