"""What an agency name is, what a title line is, and where a report signs with its name."""

from __future__ import annotations

import pytest

from ingest.agency_names import agency_key, name_problem, signature_names, title_problem


@pytest.mark.parametrize(
    "name",
    [
        "郏县人民政府",
        "汝州市信访局",
        "获嘉县政务服务和大数据管理局",
        "平潭综合实验区管委会",
        "国家税务总局郏县税务局",
        "信访局",  # a name without its region is still a name
        "平潭综合实验区",  # a region alone names its government
        "和县人民政府",  # 和 opens a clause, and a county's name
    ],
)
def test_names(name: str) -> None:
    assert name_problem(name) is None


@pytest.mark.parametrize(
    "fragment",
    [
        "定)和关于印发中华人民共和国",  # a title search that hit a sentence citing the template
        "关于印发中华人民共和国",
        "根据条例规定本机关",
        "现将郏县人民政府",
        "本报告由郏县人民政府办公室根据",
        "郏县人民政府的",
        "2024年郏县人民政府",
        "本站",
        "人",
        "各级行政机关认真落实条例要求不断提高政府信息公开工作水平和质量的具体措施与成效总结报告局",
    ],
)
def test_sentence_fragments_are_not_names(fragment: str) -> None:
    assert name_problem(fragment) is not None


@pytest.mark.parametrize(
    "line",
    [
        "郏县人民政府2024年政府信息公开工作年度报告",
        "# 郏县人民政府 2024 年政府信息公开工作年度报告",
        "《郏县人民政府2024年政府信息公开工作年度报告》",
        "郏县人民政府政府信息公开工作年度报告（2024年）",
    ],
)
def test_title_lines(line: str) -> None:
    assert title_problem(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "依据《中华人民共和国政府信息公开工作年度报告格式》(国办公开办函〔2021〕30号)编制本报告。",
        "定)和关于印发中华人民共和国政府信息公开工作年度报告格式的通知",
        "定)和关于印发中华人民共和国政府信息公开工作年度报告",  # wrapped before 格式
        "现将郏县人民政府2024年政府信息公开年度报告向社会公布。",
        "根据国办要求编制政府信息公开工作年度报告",
    ],
)
def test_sentences_citing_the_template_are_not_titles(line: str) -> None:
    assert title_problem(line) is not None


def test_a_name_above_the_closing_date_signs_the_report() -> None:
    text = "一、总体情况\n正文。\n六、其他需要报告的事项\n无。\n\n示例县教育局\n2024年1月20日\n"
    assert signature_names(text) == [("示例县教育局", 6)]


def test_a_name_under_the_title_with_a_date_signs_the_report() -> None:
    text = "# 示例县2024年政府信息公开工作年度报告\n\n示例县人民政府\n（2025年1月23日）\n正文\n"
    assert signature_names(text, title_line=1) == [("示例县人民政府", 3)]


def test_a_one_line_body_signs_at_its_end() -> None:
    body = "一、总体情况 2023年，我局……。六、其他需要报告的事项 无。 示例市财政局 2024年1月18日"
    assert signature_names("标题: x\n" + body) == [("示例市财政局", 2)]


def test_names_in_running_text_do_not_sign() -> None:
    text = (
        "示例县人民政府\n在县委领导下开展工作。\n"  # not under a title, no date after it
        "二、主动公开政府信息情况\n" + "正文。\n" * 10 + "本报告发布于2024年1月20日\n"
    )
    assert signature_names(text) == []


def test_one_agency_keeps_one_key_whether_or_not_its_report_writes_the_city() -> None:
    path = ["江苏省", "淮安市", "洪泽区"]
    assert agency_key("淮安市洪泽区人民政府", path) == agency_key("洪泽区人民政府", path)
    assert agency_key("淮安市人民政府", ["江苏省", "淮安市"]) != agency_key("人民政府", [])
    assert agency_key("郏县人民政府", []) == "郏县人民政府"


def test_a_sentence_citing_the_template_before_the_title_does_not_hide_the_title() -> None:
    from ingest.document import DocLine
    from ingest.sections import find_title

    texts = [
        "根据《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》要求，",
        "示例县人民政府2024年政府信息公开工作年度报告",
    ]
    lines = [DocLine(i, t, t) for i, t in enumerate(texts, start=1)]
    title = find_title(lines)
    assert title is not None and title.number == 2
