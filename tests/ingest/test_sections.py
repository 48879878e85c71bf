"""Section splitting by title, tolerant of numbering and markup."""

from __future__ import annotations

import pytest

from ingest.document import DocLine
from ingest.normalize import normalize_text
from ingest.sections import heading_key, split_sections
from ingest.template import SectionKey


def _lines(text: str) -> list[DocLine]:
    return [
        DocLine(number=i, text=normalize_text(t), original=t)
        for i, t in enumerate(text.split("\n"), start=1)
    ]


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("一、总体情况", SectionKey.OVERVIEW),
        ("# 一、总体情况", SectionKey.OVERVIEW),
        ("总体情况", SectionKey.OVERVIEW),
        ("#### 四、政府信息公开行政复议、行政诉讼情况", SectionKey.APPEALS),
        ("三、收到和处理政府信息公开申请情况", SectionKey.REQUESTS),
        ("⼆、主动公开政府信息情况", SectionKey.PROACTIVE),
        ("五、存在的主要问题及改进情况", SectionKey.PROBLEMS),
        ("六、其他需要报告的事项", SectionKey.OTHER),
        ("2. 主动公开政府信息情况", SectionKey.PROACTIVE),
        ("五、工作中存在的不足和改进措施", SectionKey.PROBLEMS),
        ("五、政府信息公开工作改进情况", SectionKey.PROBLEMS),
        ("五、存在的主要问题及整改措施", SectionKey.PROBLEMS),
        ("六、其他事项", SectionKey.OTHER),
        ("5. 存在问题及改进措施", SectionKey.PROBLEMS),
    ],
)
def test_heading_variants_are_recognised(line: str, key: SectionKey) -> None:
    assert heading_key(normalize_text(line)) is key


@pytest.mark.parametrize(
    "line",
    [
        "（一）存在的主要问题",  # a sub-heading inside 五
        "一、主动公开情况",  # a sub-heading inside 一 (not 主动公开政府信息情况)
        "二、总体情况",  # wrong numeral for the title
        "1. 主动公开政府信息情况",  # likewise, with a digit
        "四、存在的问题",  # a title in its own words counts only under its own numeral
        "工作中存在的不足和改进措施",  # ... and only with the numeral
        "行政复议\t\t\t行政诉讼",  # a table header row
        "2022年,我局贯彻落实县委、县政府关于政务公开各项工作部署安排,持续深化政务公开,"
        "完善公开制度,强化公开监督,促进政务公开工作再上新台阶。",
        # an item of a numbered list of problems, not the 五 title (found by hypothesis)
        "5.此外，信息公开专栏维护不到位，个别栏目长期未更新，需要进一步改进。",
        "五、工作队伍不够稳定，业务培训不够系统，需要改进。",
    ],
)
def test_lines_that_are_not_section_titles(line: str) -> None:
    assert heading_key(normalize_text(line)) is None


def test_a_report_without_title_starts_with_its_first_section() -> None:
    split = split_sections(_lines("一、总体情况\n正文\n二、主动公开政府信息情况\n规章\t0"))
    assert split.title is None
    assert list(split.spans) == [SectionKey.OVERVIEW, SectionKey.PROACTIVE]
    assert [ln.text for ln in split.body(SectionKey.OVERVIEW)] == ["正文"]


def test_title_after_the_first_heading_is_found_and_not_section_text() -> None:
    text = "一、总体情况\n\n示例县人民政府办公室2023年政府信息公开工作年度报告\n正文"
    split = split_sections(_lines(text))
    assert split.title is not None and split.title.number == 3
    assert split.sections()[SectionKey.OVERVIEW].text.strip() == "正文"


def test_a_repeated_section_title_is_reported_not_split_on() -> None:
    text = "一、总体情况\n甲\n五、存在的主要问题及改进情况\n乙\n一、总体情况\n丙"
    split = split_sections(_lines(text))
    assert "丙" in split.sections()[SectionKey.PROBLEMS].text
    assert [w.code for w in split.warnings].count("section_out_of_order") == 1


def test_subsections_of_problems_stay_inside_it() -> None:
    text = "五、存在的主要问题及改进情况\n（一）存在的主要问题\n一是甲\n（二）改进情况\n一是乙"
    split = split_sections(_lines(text))
    assert split.sections()[SectionKey.PROBLEMS].text.count("\n") == 3


def test_missing_sections_are_named_in_a_warning() -> None:
    split = split_sections(_lines("一、总体情况\n甲"))
    assert any("appeals" in w.message for w in split.warnings if w.code == "section_missing")


def test_without_a_five_title_the_text_after_table_four_is_the_problems_section() -> None:
    text = (
        "一、总体情况\n正文\n四、政府信息公开行政复议、行政诉讼情况\n行政复议 行政诉讼\n"
        "0 1 1 0 2 1 0 0 0 1 0 0 0 0 0\n"
        "2022年，本机关政府信息公开工作取得了一定成绩，但还存在一些问题和不足。\n"
        "六、其他需要报告的事项\n无。"
    )
    split = split_sections(_lines(text))
    problems = split.spans[SectionKey.PROBLEMS]
    assert problems.heading is None and problems.body[0].text.startswith("2022年")
    assert all("存在一些问题" not in ln.text for ln in split.body(SectionKey.APPEALS))
    assert "section_inferred" in [w.code for w in split.warnings]
    assert list(split.spans) == [
        SectionKey.OVERVIEW,
        SectionKey.APPEALS,
        SectionKey.PROBLEMS,
        SectionKey.OTHER,
    ]


def test_a_table_row_label_after_table_four_is_not_taken_for_the_problems_section() -> None:
    text = "四、政府信息公开行政复议、行政诉讼情况\n0 1 1 0 2 1 0 0 0 1 0 0 0 0 0\n合计 2"
    split = split_sections(_lines(text))
    assert SectionKey.PROBLEMS not in split.spans


def test_a_table_section_whose_title_is_lost_starts_where_its_table_does() -> None:
    text = (
        "一、总体情况\n正文\n二、主动公开政府信息情况\n行政许可 12\n"
        "三、收到和处理政府信申请情况\n(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)\n"
        "一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1\n"
        "四、政府信息公开行政复议、行政诉讼情况\n0 0 0 0 0 0 0 0 0 0 0 0 0 0 0"
    )
    split = split_sections(_lines(text))
    requests = split.spans[SectionKey.REQUESTS]
    assert requests.heading is None and requests.body[0].text.startswith("(本列数据的勾稽关系")
    lost_title = split.body(SectionKey.PROACTIVE)[-1]
    assert lost_title.text == "三、收到和处理政府信申请情况"
    assert "section_inferred" in [w.code for w in split.warnings]


def test_a_long_title_with_two_misprints_is_still_its_section() -> None:
    from ingest.sections import match_heading

    heading = match_heading(normalize_text("三、收到和处理政府信息公申开请情况"))
    assert heading is not None and heading.key is SectionKey.REQUESTS and heading.fuzzy
    assert match_heading(normalize_text("四、政府信息公开工作总结情况")) is None
