"""Crawler and web-page header lines: the title, the publishing agency, the date, the URL."""

from __future__ import annotations

from ingest.headers import read_header, strip_label

CRAWL = """标题: 示例县2023年度政府信息公开工作年度报告
发布时间: 2024-01-20 09:30
文号:
发布机构: {agency}
栏目: 政府信息公开年报
原文链接: https://www.example.gov.cn/zwgk/nb/t20240120_1.htm
页面链接与图片详见 links.tsv(同目录)
==================== 正文 ====================
一、总体情况 2023年，示例县政府信息公开工作……"""


def test_a_crawler_header_gives_title_agency_date_and_url() -> None:
    header = read_header(CRAWL.format(agency="示例县人民政府办公室"))
    assert header is not None
    assert header.title == "示例县2023年度政府信息公开工作年度报告"
    assert (header.agency, header.agency_label) == ("示例县人民政府办公室", "发布机构")
    assert header.date == "2024-01-20 09:30"
    assert header.url == "https://www.example.gov.cn/zwgk/nb/t20240120_1.htm"
    assert header.lines == [1, 2, 3, 4, 5, 6]


def test_an_empty_agency_line_says_nothing() -> None:
    header = read_header(CRAWL.format(agency=""))
    assert header is not None and header.agency is None and header.agency_label is None
    assert header.title == "示例县2023年度政府信息公开工作年度报告"


def test_several_labels_on_one_line_of_a_disclosure_page() -> None:
    text = "索引号：11410425-2024-00012  发布机构：郏县财政局  生成日期：2024-01-19\n正文……"
    header = read_header(text)
    assert header is not None
    assert (header.agency, header.date) == ("郏县财政局", "2024-01-19")


def test_one_label_in_a_report_is_no_header() -> None:
    text = "郏县人民政府2024年政府信息公开工作年度报告\n来源：郏县人民政府办公室\n一、总体情况\n"
    assert read_header(text) is None


def test_labels_below_the_body_mark_are_not_header() -> None:
    text = "==== 正文 ====\n标题: 一\n发布机构: 郏县财政局\n"
    assert read_header(text) is None


def test_a_title_line_loses_its_label_and_other_lines_keep_theirs() -> None:
    title = "郏县2024年政府信息公开工作年度报告"
    assert strip_label(f"标题：{title}") == title
    assert strip_label("发布机构: 郏县财政局") == "发布机构: 郏县财政局"
    assert strip_label(title) == title
