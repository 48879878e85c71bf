"""Agency and region from imperfect reports: OCR-misread place names, crawler headers,
signature lines, titles that are sentences, zones, and the agency left unknown with a warning."""

from __future__ import annotations

from ingest.metadata import MetadataReading, read_metadata
from ingest.normalize import normalize_text
from ingest.schema import InferenceMethod, Inferred, ReportMeta

TITLE = InferenceMethod.TITLE
HEADER = InferenceMethod.HEADER
SIGNATURE = InferenceMethod.SIGNATURE
NONE = InferenceMethod.NONE


def read(text: str, title: str | None = None, file_name: str = "report.txt") -> MetadataReading:
    return read_metadata(normalize_text(text), title=title, file_name=file_name)


def codes(reading: MetadataReading) -> list[str]:
    return [note.warning.code for note in reading.notes]


def crawl(title: str, agency: str, body: str = "一、总体情况 2023年，我局推进公开。") -> str:
    return (
        f"标题: {title}\n发布时间: 2024-01-20 09:30\n文号: \n发布机构: {agency}\n"
        "原文链接: https://www.example.gov.cn/zwgk/t20240120_1.htm\n"
        f"==================== 正文 ====================\n{body}"
    )


# ----------------------------------------------------------------- OCR-misread place names


def test_a_misread_county_in_the_title_is_corrected_with_a_warning() -> None:
    text = "洒洪县人民政府2023年政府信息公开工作年度报告\n一、总体情况\n2023年，洒洪县各单位。\n"
    reading = read(text, title="洒洪县人民政府2023年政府信息公开工作年度报告")
    meta = reading.meta
    assert (meta.agency.value, meta.agency.method) == ("泗洪县人民政府", TITLE)
    assert (meta.region.value, meta.region.method) == ("泗洪县", TITLE)
    assert meta.region_path == ["江苏省", "宿迁市", "泗洪县"]
    assert meta.title == "洒洪县人民政府2023年政府信息公开工作年度报告"  # as printed
    assert meta.agency.confidence < 0.95 and meta.region.confidence < 0.95
    (note,) = reading.notes
    assert note.warning.code == "place_name_corrected" and note.warning.line == 1
    message = note.warning.message
    assert "洒洪县 (printed 2×)" in message and "read as 泗洪县 (江苏省宿迁市泗洪县)" in message
    assert "洒 and 泗 look alike (氵西 / 氵四" in message


def test_a_misread_name_on_the_signature_line_is_corrected_too() -> None:
    text = "一、总体情况\n2023年，我县推进公开。\n六、其他需要报告的事项\n无。\n"
    text += "濉宁县人民政府\n2024年1月10日\n"
    reading = read(text)
    assert (reading.meta.agency.value, reading.meta.agency.method) == ("睢宁县人民政府", SIGNATURE)
    assert reading.meta.region_path == ["江苏省", "徐州市", "睢宁县"]
    assert codes(reading) == ["place_name_corrected"]


def test_the_text_naming_the_city_decides_between_two_look_alike_places() -> None:
    title = "苗州区人民政府2023年政府信息公开工作年度报告"  # 苗: 黄州区 or 蓟州区?
    decided = read("一、总体情况\n2023年，在黄冈市委领导下。\n", title=title)
    assert decided.meta.agency.value == "黄州区人民政府"
    assert "the text names its city 黄冈市" in decided.notes[0].warning.message
    undecided = read("一、总体情况\n2023年，全区推进公开。\n", title=title)
    assert undecided.meta.agency.value == "苗州区人民政府"  # as printed: no guess
    assert undecided.meta.region_path == [] and codes(undecided) == []


# ----------------------------------------------------------------- titles that are sentences


def test_a_sentence_citing_the_template_is_no_title_and_the_agency_is_unknown() -> None:
    line = "定)和关于印发中华人民共和国政府信息公开工作年度报告"
    reading = read(f"{line}格式的通知。\n一、总体情况\n2023年，全县推进公开。\n", title=line)
    meta = reading.meta
    assert (meta.agency.value, meta.agency.method, meta.agency.confidence) == (None, NONE, 0.0)
    assert meta.title is None
    assert meta.year.value == 2023  # from the text
    (note,) = reading.notes
    assert note.warning.code == "agency_unknown"
    assert f"the line {line!r} is no title" in note.warning.message
    assert "manifest" in note.warning.message and "upload page" in note.warning.message


def test_with_a_sentence_for_a_title_the_signature_names_the_agency() -> None:
    line = "根据国办要求编制政府信息公开工作年度报告"
    text = f"{line}\n一、总体情况\n2023年，我局推进公开。\n六、其他需要报告的事项\n无。\n"
    text += "示例县教育局\n2024年1月18日\n"
    meta = read(text, title=line).meta
    assert (meta.agency.value, meta.agency.method) == ("示例县教育局", SIGNATURE)
    assert (meta.region.value, meta.region.method) == ("示例县", SIGNATURE)


def test_a_title_agency_with_an_aside_keeps_the_name_before_it() -> None:
    title = "郏县人民政府办公室（郏县政务公开办）2023年政府信息公开工作年度报告"
    assert read("本年度", title=title).meta.agency.value == "郏县人民政府办公室"


# ----------------------------------------------------------------- crawler headers


def test_the_header_title_is_the_title_and_an_empty_agency_line_is_ignored() -> None:
    text = crawl("示例县2023年度政府信息公开工作年度报告", "")
    for given in (None, "标题: 示例县2023年度政府信息公开工作年度报告"):
        meta = read(text, title=given).meta
        assert meta.title == "示例县2023年度政府信息公开工作年度报告"
        assert (meta.agency.value, meta.agency.method) == ("示例县人民政府", TITLE)
        assert (meta.year.value, meta.year.method) == (2023, TITLE)
        assert meta.url == "https://www.example.gov.cn/zwgk/t20240120_1.htm"


def test_a_filled_agency_line_names_the_agency_when_the_title_does_not() -> None:
    meta = read(crawl("2023年度政府信息公开工作年度报告", "郏县财政局")).meta
    assert (meta.agency.value, meta.agency.method, meta.agency.confidence) == (
        "郏县财政局",
        HEADER,
        0.9,
    )
    assert (meta.region.value, meta.region.method) == ("郏县", HEADER)
    assert meta.region_path == ["河南省", "平顶山市", "郏县"]


def test_the_header_spells_out_a_title_agency_that_lacks_its_region() -> None:
    meta = read(crawl("财政局2023年度政府信息公开工作年度报告", "汝州市财政局")).meta
    assert (meta.agency.value, meta.agency.method) == ("汝州市财政局", HEADER)


def test_the_title_agency_with_its_region_beats_the_header() -> None:
    meta = read(crawl("郏县教育局2023年度政府信息公开工作年度报告", "郏县人民政府办公室")).meta
    assert (meta.agency.value, meta.agency.method) == ("郏县教育局", TITLE)


def test_a_news_source_is_not_the_agency() -> None:
    text = crawl("2023年度政府信息公开工作年度报告", "").replace("发布机构: ", "来源: 新华社")
    reading = read(text)
    assert reading.meta.agency.method is NONE
    assert "'新华社' is no agency name" in reading.notes[0].warning.message


# ----------------------------------------------------------------- zones and full names


def test_a_zone_takes_the_governing_body_the_text_names() -> None:
    title = "示例综合实验区2023年政府信息公开工作年度报告"
    named = read("一、总体情况\n示例综合实验区管理委员会办公室负责。\n", title=title).meta
    assert named.agency.value == "示例综合实验区管理委员会"
    assert "the text names 示例综合实验区管理委员会 ×1" in named.agency.evidence
    unnamed = read("一、总体情况\n全区推进公开。\n", title=title).meta
    assert unnamed.agency.value == "示例综合实验区"  # not a 人民政府


def test_a_region_the_gazetteer_lacks_lies_in_the_province_it_is_named_after() -> None:
    # 长乐区 (formerly 长乐市 of 福州) is newer than the gazetteer.
    meta = read("本年度", title="长乐区人民政府2023年政府信息公开工作年度报告").meta
    assert (meta.region.value, meta.region_path) == ("长乐区", ["福建省", "长乐区"])


def test_the_agency_takes_the_full_form_the_text_writes() -> None:
    text = "一、总体情况\n本报告由福州市鼓楼区人民政府办公室编制。\n"
    meta = read(text, title="鼓楼区人民政府2023年政府信息公开工作年度报告").meta
    assert meta.agency.value == "福州市鼓楼区人民政府"
    assert meta.region.value == "鼓楼区" and meta.region_path == ["福建省", "福州市", "鼓楼区"]


# ----------------------------------------------------------------- warnings after a manifest


def _manifest(meta: ReportMeta, **fields: str) -> ReportMeta:
    given = Inferred(value="x", method=InferenceMethod.MANIFEST, confidence=1.0)
    return meta.model_copy(update={name: given for name in fields})


def test_a_manifest_agency_silences_agency_unknown() -> None:
    reading = read("一、总体情况\n2023年，全县推进公开。\n")
    assert [w.code for w in reading.warnings_for(reading.meta)] == ["agency_unknown"]
    assert reading.warnings_for(_manifest(reading.meta, agency="x")) == []


def test_a_correction_is_reported_until_the_manifest_sets_agency_and_region() -> None:
    reading = read("本年度", title="洒洪县人民政府2023年政府信息公开工作年度报告")
    assert len(reading.warnings_for(_manifest(reading.meta, agency="x"))) == 1
    assert reading.warnings_for(_manifest(reading.meta, agency="x", region="y")) == []
