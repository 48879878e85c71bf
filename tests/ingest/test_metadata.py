"""Agency, region and year inference: titles, text clues, file names, and their confidence."""

from __future__ import annotations

import pytest

from ingest.metadata import infer_metadata, level_hint, parse_file_name, parse_title, text_year
from ingest.normalize import normalize_text
from ingest.schema import InferenceMethod

TITLE = InferenceMethod.TITLE
TEXT = InferenceMethod.TEXT
FILENAME = InferenceMethod.FILENAME
NONE = InferenceMethod.NONE


def infer(text: str, title: str | None = None, file_name: str = "report.txt"):  # type: ignore[no-untyped-def]
    return infer_metadata(normalize_text(text), title=title, file_name=file_name)


@pytest.mark.parametrize(
    "title",
    [
        "郏县人民政府2024年政府信息公开工作年度报告",
        "郏县人民政府 2024 年度政府信息公开工作年度报告",
        "# 郏县人民政府2024年政府信息公开工作年度报告",
        "2024年郏县人民政府政府信息公开工作年度报告",
        "关于郏县人民政府2024年政府信息公开工作年度报告",
        "郏县人民政府关于2024年度政府信息公开工作的年度报告",
        "郏县人民政府政府信息公开工作年度报告（2024年）",
        "郏县人民政府信息公开工作年度报告(2024年度)",
        "《郏县人民政府2024年政府信息公开工作年度报告》",
        "郟縣人民政府2024年政府信息公開工作年度報告",
    ],
)
def test_title_variants_give_the_agency_and_year(title: str) -> None:
    parts = parse_title(title)
    assert parts is not None
    assert (parts.agency, parts.year) == ("郏县人民政府", 2024)


def test_a_title_without_agency_still_gives_the_year() -> None:
    parts = parse_title("2022年政府信息公开工作年度报告")
    assert parts is not None and (parts.agency, parts.year) == (None, 2022)


@pytest.mark.parametrize("line", ["一、总体情况", "2022年,我局贯彻落实县委、县政府部署", ""])
def test_other_lines_are_not_titles(line: str) -> None:
    assert parse_title(line) is None


@pytest.mark.parametrize(
    ("file_name", "agency", "year"),
    [
        ("郏县人民政府2024年报.txt", "郏县人民政府", 2024),
        ("郏县人民政府_2024.pdf", "郏县人民政府", 2024),
        ("汝州市信访局2022年政府信息公开工作年度报告.docx", "汝州市信访局", 2022),
        ("reports/2023-annual.html", None, 2023),
    ],
)
def test_file_names_give_agency_and_year(file_name: str, agency: str | None, year: int) -> None:
    parts = parse_file_name(file_name)
    assert parts is not None and (parts.agency, parts.year) == (agency, year)


@pytest.mark.parametrize("file_name", ["000_6d0a1a9addcd5e29.txt", "a2021f.txt", "报告.txt"])
def test_file_names_without_clues_give_nothing(file_name: str) -> None:
    assert parse_file_name(file_name) is None


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("贯彻落实县委、县政府关于政务公开的部署", "县"),
        ("加强与我市其他部门的交流，在市委政府领导下", "市"),
        ("区政府门户网站，区政务新媒体，我区", "区"),
        ("全旗政务公开工作", "旗"),
        ("围绕省政府关于加强制度建设的意见，全县上下，县长署名文章", "县"),
        ("全市场监管工作", None),  # 市场 is a word, not the level
        ("省、市政府；区政府", None),  # a tie says nothing
    ],
)
def test_level_hint_reads_how_the_report_speaks(text: str, level: str | None) -> None:
    assert level_hint(text) == level


def test_next_year_plans_do_not_set_the_year() -> None:
    text = (
        "一、总体情况\n2022年，我局主动公开信息100条。2022年，我局未收到申请。\n"
        "2023年，我局将继续深化政务公开。下一步，2023年重点做好解读。\n"
        "二、主动公开政府信息情况\n"
    )
    year = text_year(text)
    assert (year.value, year.method) == (2022, TEXT)


def test_publication_dates_and_comparisons_weigh_less_than_plain_years() -> None:
    text = (
        "一、总体情况\n2021年，共发布信息7000余条。\n"
        "较2020年增长10%，较2020年多出，与2020年相比。\n"
        "发布日期：2022年1月20日，2022年1月21日修订。\n"
        "二、主动公开政府信息情况\n"
    )
    assert text_year(text).value == 2021


def test_years_in_the_tables_are_not_counted_when_section_one_has_some() -> None:
    text = "一、总体情况\n2021年工作。\n二、主动公开政府信息情况\n2022年 2022年 2022年\n"
    assert text_year(text).value == 2021


def test_a_subsection_named_like_section_two_does_not_end_section_one() -> None:
    text = (
        "一、总体情况\n（一）主动公开政府信息情况\n2021年，共发布信息。2021年，更新目录。\n"
        "二、主动公开政府信息情况\n2022年 2022年 2022年 2022年 2022年\n"
    )
    assert text_year(text).value == 2021


def test_the_title_year_beats_the_text() -> None:
    meta = infer(
        "2021年，我县发布信息。2021年，全县。", title="郏县人民政府2022年政府信息公开工作年度报告"
    )
    assert (meta.year.value, meta.year.method, meta.year.confidence) == (2022, TITLE, 0.95)


def test_a_title_with_its_region_is_read_as_is() -> None:
    meta = infer("本年度全县政务公开。", title="郏县人民政府2024年政府信息公开工作年度报告")
    assert (meta.agency.value, meta.agency.method) == ("郏县人民政府", TITLE)
    assert (meta.region.value, meta.region.method) == ("郏县", TITLE)
    assert meta.region_path == ["河南省", "平顶山市", "郏县"]
    assert meta.agency.confidence == meta.region.confidence == 0.95


def test_traditional_title_gives_simplified_names() -> None:
    meta = infer("本年度", title="郟縣人民政府2024年政府信息公開工作年度報告")
    assert (meta.agency.value, meta.region.value) == ("郏县人民政府", "郏县")
    assert meta.title == "郟縣人民政府2024年政府信息公開工作年度報告"  # as printed


def test_a_title_without_region_is_completed_from_the_text() -> None:
    text = (
        "一、总体情况\n2023年，市教育局在市委、市政府的领导下推进政务公开。"
        '通过"洛阳教育"微信公众号发布信息，与我市各部门交流，"洛阳教育"关注人数上升。\n'
    )
    meta = infer(text, title="教育局2023年政府信息公开工作年度报告")
    assert (meta.agency.value, meta.agency.method) == ("洛阳市教育局", TITLE)
    assert (meta.region.value, meta.region.method) == ("洛阳市", TEXT)
    assert meta.region_path == ["河南省", "洛阳市"]
    assert 0.7 <= meta.agency.confidence <= 0.8
    assert meta.region.confidence < meta.agency.confidence < 0.95


def test_a_level_prefixed_title_agency_takes_the_region_in_place_of_the_level() -> None:
    text = "2023年，县人社局落实县委、县政府部署，在获嘉县各乡镇宣传，云上获嘉APP发布。"
    meta = infer(text, title="县人力资源和社会保障局2023年政府信息公开工作年度报告")
    assert meta.agency.value == "获嘉县人力资源和社会保障局"


def test_a_provincial_agency_is_completed_with_its_province() -> None:
    text = "2023年，全省交通运输系统在省委、省政府领导下，河南省各地、河南省交通厅网站发布。"
    meta = infer(text, title="交通运输厅2023年政府信息公开工作年度报告")
    assert meta.agency.value == "河南省交通运输厅"
    assert meta.region_path == ["河南省"]


def test_a_leading_level_word_is_kept() -> None:
    text = "2023年，我市市场监管工作在市委领导下开展，汝州政府网发布，汝州市场监管公众号。"
    meta = infer(text, title="市场监督管理局2023年政府信息公开工作年度报告")
    assert meta.agency.value == "汝州市市场监督管理局"


def test_no_completion_when_the_levels_disagree() -> None:
    # The text speaks as a 市 but names only a county: the agency stays as titled.
    text = "我市各部门，市委、市政府。获嘉县、获嘉县、获嘉县提供材料。"
    meta = infer(text, title="信访局2023年政府信息公开工作年度报告")
    assert (meta.agency.value, meta.agency.method, meta.agency.confidence) == ("信访局", TITLE, 0.6)
    assert meta.region.method is NONE and meta.region.value is None


def test_a_fictional_region_prefix_is_accepted_with_lower_confidence() -> None:
    meta = infer("本年度，我局推进政务公开。", title="示例县教育局2023年政府信息公开工作年度报告")
    assert (meta.agency.value, meta.agency.method, meta.agency.confidence) == (
        "示例县教育局",
        TITLE,
        0.95,
    )
    assert (meta.region.value, meta.region.method) == ("示例县", TITLE)
    assert meta.region.confidence < meta.agency.confidence
    assert meta.region_path == []


def test_a_title_naming_only_a_region_means_its_government() -> None:
    meta = infer("全县政务公开", title="郏县2023年政府信息公开工作年度报告")
    assert (meta.agency.value, meta.agency.confidence) == ("郏县人民政府", 0.75)
    assert (meta.region.value, meta.region.confidence) == ("郏县", 0.95)


def test_a_region_inside_the_agency_name_is_not_prefixed_again() -> None:
    meta = infer("本年度", title="国家税务总局郏县税务局2023年政府信息公开工作年度报告")
    assert meta.agency.value == "国家税务总局郏县税务局"
    assert (meta.region.value, meta.region.method) == ("郏县", TITLE)


def test_duplicate_region_names_are_placed_by_the_text() -> None:
    title = "朝阳区人民政府2023年政府信息公开工作年度报告"
    assert infer("北京市朝阳区", title=title).region_path == ["北京市", "朝阳区"]
    assert infer("长春市朝阳区", title=title).region_path == ["吉林省", "长春市", "朝阳区"]
    assert infer("朝阳区", title=title).region_path == []  # either one: no guess


def test_without_title_my_office_plus_government_office_names_the_agency() -> None:
    text = (
        "一、总体情况\n2021年，我办完善制度。邀请曹县教育局、曹县财政局召开发布会，"
        "县长在《曹县报》发表文章。政府办公室共印发宣传册1000册。\n"
        "2022年我办将做好以下工作。\n"
    )
    meta = infer(text)
    assert (meta.agency.value, meta.agency.method) == ("曹县人民政府办公室", TEXT)
    assert (meta.region.value, meta.region.method) == ("曹县", TEXT)
    assert (meta.year.value, meta.year.method) == (2021, TEXT)
    assert meta.region_path == ["山东省", "菏泽市", "曹县"]
    assert meta.agency.confidence == meta.region.confidence == meta.year.confidence == 0.55


def test_my_bureau_needs_a_named_body_in_the_text() -> None:
    named = "2023年，我局推进公开。县自然资源局落实县委、县政府部署，获嘉县、获嘉县各乡镇。"
    unnamed = "2023年，我局推进公开，落实县委、县政府部署，获嘉县、获嘉县各乡镇。"
    assert infer(named).agency.value == "获嘉县自然资源局"
    assert infer(unnamed).agency.method is NONE


def test_the_file_name_is_the_weakest_source() -> None:
    meta = infer("本年度，未收到申请。", file_name="郏县人民政府2024年报.txt")
    assert (meta.agency.value, meta.agency.method) == ("郏县人民政府", FILENAME)
    assert (meta.region.value, meta.region.method) == ("郏县", FILENAME)
    assert (meta.year.value, meta.year.method) == (2024, FILENAME)
    assert meta.agency.confidence == meta.region.confidence == meta.year.confidence == 0.4


def test_the_title_beats_the_file_name() -> None:
    meta = infer(
        "本年度",
        title="汝州市信访局2022年政府信息公开工作年度报告",
        file_name="郏县人民政府2024年报.txt",
    )
    assert (meta.agency.value, meta.year.value) == ("汝州市信访局", 2022)


def test_nothing_found_is_method_none() -> None:
    meta = infer("本年度未收到申请。", file_name="x.txt")
    for field in (meta.agency, meta.region, meta.year):
        assert (field.value, field.method, field.confidence) == (None, NONE, 0.0)
