"""Tables that are split, mislabelled or merged, as real conversions print them."""

from __future__ import annotations

import pytest

from ingest.errors import NotAReportError
from ingest.parse import parse_bytes
from ingest.readers.pdf_tables import GridCell, TableRow
from ingest.schema import CellStatus, Report
from ingest.tables.s3 import MATCHER
from ingest.template import S3_ROWS, FormatVersion

HEAD = "# 示例县人民政府2024年政府信息公开工作年度报告\n\n## 一、总体情况\n\n正文。\n\n"
TAIL = "\n## 五、存在的主要问题及改进情况\n\n问题。\n\n## 六、其他需要报告的事项\n\n无。\n"
S2 = "## 二、主动公开政府信息情况\n\n| 行政许可 | 12 |\n\n"


def _s4_block(title: str, values: list[int]) -> str:
    row = " | ".join(str(v) for v in values)
    return (
        f"### {title}\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"
        f"|---|---|---|---|---|\n| {row} |\n\n"
    )


def _report(s3: str = "", s4: str = "") -> Report:
    text = HEAD + S2 + "## 三、收到和处理政府信息公开申请情况\n\n" + s3
    text += "\n## 四、政府信息公开行政复议、行政诉讼情况\n\n" + s4 + TAIL
    return parse_bytes(text.encode("utf-8"), "split.md")


def _s4(report: Report) -> list[int | float | None]:
    return [c.value for c in report.s4.values()]


def test_table_four_printed_as_three_small_tables_reads_by_their_titles() -> None:
    s4 = (
        _s4_block("行政复议", [27, 10, 9, 15, 61])
        + _s4_block("行政诉讼（未经复议直接起诉）", [3, 0, 0, 0, 3])
        + _s4_block("行政诉讼（复议后起诉）", [8, 0, 1, 1, 10])
    )
    assert _s4(_report(s4=s4)) == [27, 10, 9, 15, 61, 3, 0, 0, 0, 3, 8, 0, 1, 1, 10]


def test_small_tables_without_titles_follow_the_template_order() -> None:
    s4 = _s4_block("", [1, 0, 0, 0, 1]) + _s4_block("", [0, 2, 0, 0, 2])
    s4 += _s4_block("", [0, 0, 0, 3, 3])
    assert _s4(_report(s4=s4)) == [1, 0, 0, 0, 1, 0, 2, 0, 0, 2, 0, 0, 0, 3, 3]


def test_a_missing_small_table_leaves_its_block_missing_with_a_warning() -> None:
    s4 = _s4_block("行政复议", [2, 0, 0, 0, 2]) + _s4_block("复议后起诉", [1, 0, 0, 0, 1])
    report = _report(s4=s4)
    assert _s4(report)[:5] == [2, 0, 0, 0, 2] and _s4(report)[10:] == [1, 0, 0, 0, 1]
    direct = list(report.s4.values())[5:10]
    assert all(c.status is CellStatus.MISSING for c in direct)
    assert any("未经复议直接起诉" in w.message for w in report.warnings)


def _s3_rows(header: str, rows: dict[str, list[int]]) -> str:
    out = [header, "|" + "---|" * (header.count("|") - 1)]
    labels = {r.key: r.number + r.label for r in S3_ROWS[FormatVersion.V2021]}
    for key, values in rows.items():
        out.append(f"| {labels[key]} | " + " | ".join(map(str, values)) + " |")
    return "\n".join(out) + "\n"


INDEXED = "| 类别 | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 总计 |"


def test_columns_labelled_by_index_are_read_in_order_when_the_rows_add_up() -> None:
    rows = {"new_received": [5, 1, 0, 0, 2, 0, 8], "granted": [4, 1, 0, 0, 2, 0, 7]}
    report = _report(s3=_s3_rows(INDEXED, rows))
    assert [c.value for c in report.s3["new_received"].values()] == [5, 1, 0, 0, 2, 0, 8]
    notes = [w for w in report.warnings if w.code == "columns_by_position"]
    assert len(notes) == 1 and "2 of 2" in notes[0].message


def test_columns_labelled_by_index_that_no_row_confirms_are_not_trusted() -> None:
    rows = {"new_received": [5, 1, 0, 0, 2, 0, 3], "granted": [4, 1, 0, 0, 2, 0, 9]}
    report = _report(s3=_s3_rows(INDEXED, rows))
    assert all(c.value is None for c in report.s3["new_received"].values())
    assert "columns_unconfirmed" in [w.code for w in report.warnings]


def test_placeholder_tables_of_dashes_are_passed_over_silently() -> None:
    s3 = "### 申请人情况 (自然人)\n| (数据项目) | 数量 |\n|---|---|\n| - | - |\n\n"
    s3 += _s3_rows(
        "| 类别 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |",
        {"new_received": [5, 1, 0, 0, 2, 0, 8]},
    )
    report = _report(s3=s3)
    assert [c.value for c in report.s3["new_received"].values()] == [5, 1, 0, 0, 2, 0, 8]
    assert "values_without_row" not in [w.code for w in report.warnings]


def test_a_placeholder_table_under_the_header_word_other_is_passed_over_silently() -> None:
    # 其他 is both the last applicant column and row 3.其他: dashes under a header that ends
    # in it are a placeholder, not row 3.其他 (a real report prints them so, as markdown).
    s3 = "### 申请人情况 (法人或其他组织)\n"
    s3 += "| 商业企业 | 科研机构 | 社会公益 | 法律服务机构 | 其他 |\n"
    s3 += "|---|---|---|---|---|\n| - | - | - | - | - |\n\n"
    s3 += _s3_rows(
        "| 类别 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |",
        {"new_received": [5, 1, 0, 0, 2, 0, 8], "other_misc": [1, 0, 0, 0, 0, 0, 1]},
    )
    report = _report(s3=s3)
    assert [c.value for c in report.s3["new_received"].values()] == [5, 1, 0, 0, 2, 0, 8]
    assert [c.value for c in report.s3["other_misc"].values()] == [1, 0, 0, 0, 0, 0, 1]
    assert "values_without_row" not in [w.code for w in report.warnings]


def test_a_misprinted_row_label_wins_over_a_short_label_buried_in_it() -> None:
    match = MATCHER.match(["三、本年度办理结果", "(三)不予公开", "2.其他法律行政止公开"])
    assert match is not None and match.target.key == "denied_law_prohibited"
    assert match.fuzzy and "其他法律行政止公开" in (match.warning("2.其他法律行政止公开") or "")
    exact = MATCHER.match(["3.其他"])
    assert exact is not None and exact.target.key == "other_misc" and not exact.fuzzy


def test_the_label_nearest_the_values_names_the_row() -> None:
    match = MATCHER.match(["(五)不予处理", "1.信访举报投诉类申请 2.重复申请"])
    assert match is not None and match.target.key == "not_processed_duplicate"


def test_text_that_prints_the_template_rows_is_a_report_even_when_nothing_else_reads() -> None:
    labels = [r.label for r in S3_ROWS[FormatVersion.V2021]][:12]
    text = "年度报告\n" + "\n".join(f"{label}：见附件" for label in labels)
    report = parse_bytes(text.encode("utf-8"), "odd.txt")
    assert "table_missing" in [w.code for w in report.warnings]


def test_text_that_only_mentions_a_few_template_words_is_not_a_report() -> None:
    text = "关于行政复议和行政规范性文件的说明：复议后起诉、未经复议直接起诉的案件另行统计。"
    with pytest.raises(NotAReportError):
        parse_bytes(text.encode("utf-8"), "note.txt")


def _grid_row(texts: list[str], merged: bool) -> TableRow:
    box = (0.0, 0.0, 300.0, 20.0)
    cells = [
        GridCell(t, box if merged else (i * 100.0, 0.0, i * 100.0 + 100, 20.0), 0, i)
        for i, t in enumerate(texts)
    ]
    return TableRow(page=1, top=0.0, table=0, cells=cells)


def test_a_pdf_row_that_is_one_merged_cell_across_the_table_is_a_text_line() -> None:
    heading = "二、主动公开政府信息情况"
    assert _grid_row([heading] * 3, merged=True).spanning == heading
    assert _grid_row(["行政许可", "12", ""], merged=False).spanning is None
    assert _grid_row(["0", "0", "0"], merged=True).spanning is None


def test_a_lone_value_of_several_digits_with_no_total_is_not_read_as_one_count() -> None:
    header = "| 类别 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |"
    labels = {r.key: r.number + r.label for r in S3_ROWS[FormatVersion.V2021]}
    lines = [header, "|" + "---|" * 8]
    lines.append(f"| {labels['unable_not_held']} | 621110 |  |  |  |  |  |  |")
    lines.append(f"| {labels['granted']} | 12 |  |  |  |  |  |  |")
    report = _report(s3="\n".join(lines) + "\n")
    assert all(c.status is CellStatus.AMBIGUOUS for c in report.s3["unable_not_held"].values())
    assert report.s3["granted"]["natural_person"].value == 12
    assert any("621110" in w.message for w in report.warnings)


def test_a_row_of_table_three_run_into_its_first_cell_is_split_by_the_identities() -> None:
    header = "| 类别 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |"
    labels = {r.key: r.number + r.label for r in S3_ROWS[FormatVersion.V2021]}
    lines = [header, "|" + "---|" * 8]
    lines.append(f"| {labels['new_received']} | 1000001 |  |  |  |  |  |  |")
    lines.append(f"| {labels['granted']} | 1 | 0 | 0 | 0 | 0 | 0 | 1 |")
    report = _report(s3="\n".join(lines) + "\n")
    assert [c.value for c in report.s3["new_received"].values()] == [1, 0, 0, 0, 0, 0, 1]


def _s2_row(label: str, cells: str) -> Report:
    text = (
        HEAD
        + "## 二、主动公开政府信息情况\n\n"
        + "| 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n|---|---|---|---|\n"
        + f"| {label} | {cells} |\n"
    )
    text += "\n## 三、收到和处理政府信息公开申请情况\n\n" + TAIL
    return parse_bytes(text.encode("utf-8"), "s2.md")


def test_a_lone_value_in_a_row_of_table_two_that_cannot_be_one_count_is_not_read_as_one() -> None:
    report = _s2_row("行政处罚", "2205 |  | ")
    assert report.s2["penalty_items_prev_year"].value is None
    assert report.s2["penalty_items_prev_year"].status is CellStatus.AMBIGUOUS
    report = _s2_row("行政处罚", "05 |  | ")
    assert report.s2["penalty_items_prev_year"].value is None


def test_a_lone_value_that_can_be_one_count_is_read_with_blank_neighbours() -> None:
    report = _s2_row("行政处罚", "43 |  | ")
    assert report.s2["penalty_items_prev_year"].value == 43
    assert report.s2["penalty_decisions"].status is CellStatus.EMPTY


def test_a_count_printed_with_decimals_or_a_leading_zero_is_not_a_count() -> None:
    text = HEAD + "## 二、主动公开政府信息情况\n\n| 政府集中采购 | 10.0000 |  |\n\n" + TAIL
    report = parse_bytes(text.encode("utf-8"), "s2.md")
    assert report.s2["procurement_projects"].value is None
    assert report.s2["procurement_projects"].status is CellStatus.TEXT


def test_digits_that_ocr_mixed_with_letters_or_grouped_in_a_run_are_not_read() -> None:
    text = (
        HEAD
        + "## 二、主动公开政府信息情况\n\n第二十条第（五）项信息内容本年处理决定数量"
        + "行政许可42I第二十条第（六）项信息内容本年处理决定数量行政处罚3,119行政强制00522,716\n\n"
        + TAIL
    )
    report = parse_bytes(text.encode("utf-8"), "ocr.txt")
    assert report.s2["licensing_decisions"].value is None
    assert report.s2["penalty_decisions"].value == 3119
