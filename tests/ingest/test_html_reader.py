"""The HTML reader: merged cells to grids, the report found inside the site frame, encodings."""

from __future__ import annotations

import pytest

from ingest.document import Document
from ingest.errors import NotAReportError, UnreadableFileError
from ingest.parse import parse_bytes
from ingest.readers import document_from_bytes
from ingest.readers.html import read_html
from ingest.schema import CellStatus, Report, SourceFormat
from synthetic.agencies import catalogue
from synthetic.records import generate_report
from synthetic.render_html import render_html

# Table 三's head and a few rows as a CMS serves a report pasted from Word: th/td mixed,
# <p class=MsoNormal><span> in every cell, &nbsp; blanks, a <br> inside a label.
S3_FRAGMENT = """
<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" width="600">
 <tbody>
  <tr>
   <td width="200" colspan="3" rowspan="3" valign="center"><p class="MsoNormal"><span
     style="font-family:宋体">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</span></p></td>
   <td colspan="7"><p class="MsoNormal" align="center"><span>申请人情况</span></p></td>
  </tr>
  <tr>
   <th rowspan="2">自然人</th>
   <th colspan="5">法人或其他组织</th>
   <th rowspan="2">总计</th>
  </tr>
  <tr><th>商业<br>企业</th><th>科研机构</th><th>社会公益组织</th><th>法律服务机构</th><th>其他</th></tr>
  <tr>
   <td colspan="3"><p class="MsoNormal"><span>一、本年新收政府信息公开申请数量</span></p></td>
   <td><p class="MsoNormal" align="center"><span lang="EN-US">12</span></p></td>
   <td>&nbsp;</td><td>0</td><td>0</td><td> 1 </td><td>/</td>
   <td><p class="MsoNormal"><span lang="EN-US">13<o:p></o:p></span></p></td>
  </tr>
  <tr>
   <td rowspan="4">三、本年度办理结果</td>
   <td colspan="2">（一）予以公开</td>
   <td>5</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>5</td>
  </tr>
  <tr>
   <td rowspan="2">（三）不予公开</td>
   <td>1.属于国家秘密</td>
   <td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td>
  </tr>
  <tr><td>2.其他法律行政法规禁止公开</td>
   <td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
  <tr><td colspan="2">（七）总计</td>
   <td>6</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>6</td></tr>
 </tbody>
</table>
"""
NOTE = "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)"
RESULTS = "三、本年度办理结果"
S3_GRID = [
    [NOTE] * 3 + ["申请人情况"] * 7,
    [NOTE] * 3 + ["自然人"] + ["法人或其他组织"] * 5 + ["总计"],
    [
        *[NOTE] * 3,
        "自然人",
        "商业 企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ],
    ["一、本年新收政府信息公开申请数量"] * 3 + ["12", "", "0", "0", "1", "/", "13"],
    [RESULTS] + ["(一)予以公开"] * 2 + ["5", "0", "0", "0", "0", "0", "5"],
    [RESULTS, "(三)不予公开", "1.属于国家秘密"] + ["0"] * 7,
    [RESULTS, "(三)不予公开", "2.其他法律行政法规禁止公开", "1"] + ["0"] * 5 + ["1"],
    [RESULTS] + ["(七)总计"] * 2 + ["6", "0", "0", "0", "0", "0", "6"],
]
# Table 四 and a table 二 block: number cells spanning columns print once.
S4_FRAGMENT = """
<table><tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>
<tr><td rowspan="2">结果维持</td><td rowspan="2">结果纠正</td><td rowspan="2">其他结果</td>
<td rowspan="2">尚未审结</td><td rowspan="2">总计</td>
<td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>
<tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>
<td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>
<tr><td>1</td><td>0</td><td>0</td><td>0</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td>
<td>0</td><td>0</td><td>0</td><td>0</td><td>2</td><td>2</td></tr></table>
<table><tr><td colspan="4">第二十条第（五）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
<tr><td>行政许可</td><td colspan="3"><span>1,024</span></td></tr></table>
"""


def _page(body: str, head: str = '<meta charset="utf-8">') -> str:
    return f"<!DOCTYPE html><html><head>{head}<title>t</title></head><body>{body}</body></html>"


def _read(html: str, encoding: str = "utf-8", path: str = "page.html") -> Document:
    return read_html(html.encode(encoding), path, "0" * 64)


def _grid(doc: Document, table: int) -> list[list[str]]:
    return [
        [c.text for c in line.cells]
        for line in doc.lines
        if line.cells and line.cells[0].source.table == table
    ]


def test_merged_cells_expand_to_a_grid_where_labels_repeat_and_values_do_not() -> None:
    doc = _read(_page(S3_FRAGMENT + S4_FRAGMENT))
    assert _grid(doc, 0) == S3_GRID
    s4 = _grid(doc, 1)
    assert s4[0] == ["行政复议"] * 5 + ["行政诉讼"] * 10
    assert s4[1][4:7] == ["总计", "未经复议直接起诉", "未经复议直接起诉"]
    assert s4[2][:5] == s4[1][:5]  # rowspan=2 header labels repeat in the row below
    assert s4[3] == ["1", "0", "0", "0", "1", *["0"] * 8, "2", "2"]
    assert _grid(doc, 2)[1:] == [
        ["信息内容", *["本年处理决定数量"] * 3],
        ["行政许可", "1,024", "", ""],
    ]


def test_grid_cells_carry_table_row_and_column_and_the_row_line_joins_them() -> None:
    doc = _read(_page("<p>二、主动公开政府信息情况</p>" + S3_FRAGMENT))
    row = next(line for line in doc.lines if line.cells and line.cells[3].text == "12")
    cell = row.cells[3]
    assert (cell.source.table, cell.source.row, cell.source.col) == (0, 3, 3)
    assert cell.source.format is SourceFormat.HTML and cell.source.file == "page.html"
    assert cell.source.line == row.number
    assert row.text == "\t".join(S3_GRID[3])
    assert row.original.split("\t")[3:6] == ["12", "", "0"]  # the &nbsp; cell is blank
    assert [line.number for line in doc.lines] == list(range(1, len(doc.lines) + 1))


def test_hand_written_tables_parse_to_their_printed_values() -> None:
    body = (
        "<h1>示例县人民政府2023年政府信息公开工作年度报告</h1><p>二、主动公开政府信息情况</p>"
        + S4_FRAGMENT.split("</table>", 1)[1]
        + "<p>三、收到和处理政府信息公开申请情况</p>"
        + S3_FRAGMENT
        + "<p>四、政府信息公开行政复议、行政诉讼情况</p>"
        + S4_FRAGMENT.split("</table>", 1)[0]
        + "</table>"
    )
    report = parse_bytes(_page(body).encode(), "page.html")
    new = report.s3["new_received"]
    assert (new["natural_person"].value, new["commercial"].status) == (12, CellStatus.EMPTY)
    assert (new["other"].status, new["total"].value) == (CellStatus.NA, 13)
    assert report.s3["denied_law_prohibited"]["total"].value == 1
    assert report.s3["total_processed"]["natural_person"].value == 6
    assert report.s2["licensing_decisions"].value == 1024
    assert report.s4["review_upheld"].value == 1
    assert report.s4["litigation_after_review_total"].value == 2


def test_block_elements_and_br_break_lines_inline_elements_do_not() -> None:
    body = (
        "<div><p>第一段<br>第二段<br/>  第三段</p>"
        "<p>共收到申请<strong>48</strong>件，<span>办结</span>45件。</p>"
        "<p>政府信息\n      公开工作 2023\n年</p>"
        "<p><strong>一、总体情况</strong>本年度，本机关认真贯彻落实条例。</p></div>"
    )
    texts = [line.text for line in _read(_page(body)).lines]
    assert texts == [
        "第一段",
        "第二段",
        "第三段",
        "共收到申请48件,办结45件。",
        "政府信息公开工作 2023 年",
        "一、总体情况",
        "本年度,本机关认真贯彻落实条例。",
    ]


def _chrome_page(seed: int) -> tuple[list[str], Report]:
    report = generate_report(seed, agency=catalogue()[seed % 10], year=2023)
    doc = document_from_bytes(render_html(report), "page.html")
    assert doc.format is SourceFormat.HTML
    return [line.original for line in doc.lines], report


@pytest.mark.parametrize("seed", range(12))
def test_site_navigation_footer_and_scripts_are_not_report_text(seed: int) -> None:
    lines, report = _chrome_page(seed)
    text = "\n".join(lines)
    for chrome in (
        "版权所有",
        "备案号",
        "网站标识码",
        "网站地图",
        "当前位置",
        "请输入关键字",
        "欢迎访问",
        "页面加载中",
        "浏览次数",
        "发布时间",
        "打印本页",
        "分享到",
        f"{(report.year or 0) - 1}年政府信息公开工作年度报告",
    ):
        assert chrome not in text, chrome
    assert "{" not in text  # no style sheet or script
    # site name and menu items are also words a report may use, but never as a line alone
    assert not {"首页", f"走进{report.region}", f"{report.region}人民政府门户网站"} & set(lines)


@pytest.mark.parametrize("seed", range(12))
def test_the_title_is_the_first_line_wherever_the_page_puts_it(seed: int) -> None:
    lines, report = _chrome_page(seed)
    assert lines[0] == f"{report.agency}{report.year}年政府信息公开工作年度报告"
    assert sum(1 for line in lines if line.endswith("政府信息公开工作年度报告")) == 1


def test_the_title_comes_from_the_head_when_the_page_prints_none() -> None:
    title = "示例县民政局2022年政府信息公开工作年度报告"
    page = _page(
        "<div class='content'><p>一、总体情况</p><p>正文。</p>"
        "<p>二、主动公开政府信息情况</p></div>",
        head=f'<meta charset="utf-8"><title>{title}_示例县人民政府</title>',
    )
    assert [line.text for line in _read(page).lines[:2]] == [title, "一、总体情况"]


def test_a_title_inside_an_article_header_is_kept_and_the_publication_info_dropped() -> None:
    title = "示例县民政局2022年政府信息公开工作年度报告"
    page = _page(
        f"<div id='zoom'><div class='article-header'><h1>{title}</h1>"
        "<p>发布时间：2023-01-20 来源：示例县民政局 浏览次数：35</p></div>"
        "<p>一、总体情况</p><p>正文。</p><p>二、主动公开政府信息情况</p></div>"
    )
    texts = [line.text for line in _read(page).lines]
    assert texts == [title, "一、总体情况", "正文。", "二、主动公开政府信息情况"]


def test_publication_info_inside_the_content_block_is_not_report_text() -> None:
    page = _page(
        "<div class='content'>"
        "<p>发布日期：2023-01-20　信息来源：示例县民政局　【字号：大 中 小】</p>"
        "<p>一、总体情况</p><p>正文，来源：统计。</p><p>二、主动公开政府信息情况</p>"
        "<p>【打印本页】 【关闭窗口】</p><div style='display: none'>隐藏的统计代码</div></div>"
    )
    texts = [line.text for line in _read(page).lines]
    assert texts == ["一、总体情况", "正文,来源:统计。", "二、主动公开政府信息情况"]


def test_preformatted_text_keeps_its_lines_and_tabs() -> None:
    doc = _read(_page("<pre>一、总体情况\n\n规章\t0\t0\t3\n</pre>"))
    assert [line.text for line in doc.lines] == ["一、总体情况", "规章\t0\t0\t3"]


def test_a_layout_table_around_the_report_is_walked_not_read_as_a_grid() -> None:
    page = _page(
        "<table><tr><td class='l'><a>首页</a><a>政务公开</a></td><td>"
        "<p>一、总体情况</p><p>正文一。</p><p>四、政府信息公开行政复议、行政诉讼情况</p>"
        + S4_FRAGMENT.split("</table>", 1)[0]
        + "</table><p>五、存在的主要问题及改进情况</p></td></tr></table>"
    )
    doc = _read(page)
    texts = [line.text for line in doc.lines]
    assert texts[:3] == ["一、总体情况", "正文一。", "四、政府信息公开行政复议、行政诉讼情况"]
    assert "首页" not in "".join(texts)
    value_rows = [line for line in doc.lines if line.cells and line.cells[0].text == "1"]
    assert len(value_rows) == 1  # the nested table's values are read once, as grid cells
    assert {c.source.table for line in doc.lines if line.cells for c in line.cells} == {0}


GBK_PAGE = _page(
    "<h1>示例县民政局2023年政府信息公开工作年度报告</h1><p>一、总体情况</p><p>镕堃：“依法公开”。</p>",
    head="",
)


def test_a_gbk_page_without_a_declaration_is_detected() -> None:
    doc = _read(GBK_PAGE, encoding="gbk")
    assert doc.encoding == "gb18030"
    assert doc.lines[2].original == "镕堃：“依法公开”。"


@pytest.mark.parametrize(
    ("declared", "written"), [("gb2312", "gbk"), ("utf-8", "gbk"), ("gbk", "utf-8")]
)
def test_a_wrong_declaration_does_not_produce_mojibake(declared: str, written: str) -> None:
    page = GBK_PAGE.replace("<head>", f'<head><meta charset="{declared}">')
    doc = _read(page, encoding=written)
    assert doc.lines[2].original == "镕堃：“依法公开”。"


def test_a_utf8_bom_page_is_read_as_utf8() -> None:
    doc = read_html(b"\xef\xbb\xbf" + GBK_PAGE.encode("utf-8"), "p.html", "0" * 64)
    assert (doc.encoding, doc.lines[1].text) == ("utf-8-sig", "一、总体情况")


def test_bytes_invalid_in_every_candidate_encoding_are_an_error_naming_the_file() -> None:
    good = GBK_PAGE.replace("<head>", '<head><meta charset="gbk">').encode("gbk")
    damaged = good.replace("依法".encode("gbk"), b"\x80\xff\x80\xff")
    with pytest.raises(UnreadableFileError) as caught:
        read_html(damaged, "reports/damaged.html", "0" * 64)
    assert caught.value.path == "reports/damaged.html"
    assert str(caught.value).startswith("reports/damaged.html: declares charset gbk but")
    assert "utf-8 (bad byte at offset" in caught.value.reason


def test_a_not_found_page_is_not_a_report() -> None:
    page = _page(
        "<div class='header'><a>首页</a></div><div class='error'><h2>404</h2>"
        "<p>抱歉，您访问的页面不存在或已被删除！</p><p><a href='/'>返回首页</a></p></div>"
        "<div class='footer'>版权所有：示例县人民政府</div>"
    )
    with pytest.raises(NotAReportError):
        parse_bytes(page.encode("utf-8"), "missing.html")


def test_a_report_in_a_javascript_string_of_an_unrelated_page_is_read() -> None:
    from ingest.parse import parse_bytes

    report_html = (
        "<h1>示例县人民政府2023年政府信息公开工作年度报告</h1><p>一、总体情况</p><p>正文。</p>"
        "<p>二、主动公开政府信息情况</p><table><tr><td>行政许可</td><td>12</td></tr></table>"
        "<p>三、收到和处理政府信息公开申请情况</p><p>四、政府信息公开行政复议、行政诉讼情况</p>"
        "<p>五、存在的主要问题及改进情况</p><p>问题。</p><p>六、其他需要报告的事项</p><p>无。</p>"
    )
    escaped = report_html.replace("/", "\\/").replace('"', '\\"').replace("<", "\\u003c")
    page = (
        '<html><head><script>window.__ARTICLE__ = "' + escaped + '";</script></head>'
        '<body><div class="nav"><a href="/">首页</a></div><div id="app">页面加载中……</div>'
        "</body></html>"
    )
    report = parse_bytes(page.encode("utf-8"), "js-page.html")
    assert report.s2["licensing_decisions"].value == 12
    assert report.sections["problems"].text.strip() == "问题。"
