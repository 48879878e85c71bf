"""The DOCX reader: body order, merged cells expanded to the grid, soft breaks, cell sources,
and damaged or oversized archives refused with the file named.

Documents are built here with python-docx (merges as Word writes them: gridSpan, vMerge);
expected lines are written out by hand.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import docx
import pytest
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.table import Table, _Cell

from ingest.errors import UnreadableFileError
from ingest.normalize import normalize_text
from ingest.readers import document_from_bytes
from ingest.readers.docx import (
    MAX_DOCUMENT_XML_BYTES,
    MAX_TOTAL_BYTES,
    check_zip_sizes,
    read_docx,
)
from ingest.schema import Source, SourceFormat

PATH = "reports/示例局2023年报.docx"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def saved(doc: WordDocument) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def table_of(doc: WordDocument | _Cell, rows: list[list[str]]) -> Table:
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    for cells, texts in zip((r.cells for r in table.rows), rows, strict=True):
        for cell, text in zip(cells, texts, strict=True):
            cell.text = text
    return table


def texts(data: bytes) -> list[str]:
    return [line.text for line in read_docx(data, PATH, "0" * 64).lines]


def grid_rows(data: bytes) -> list[list[str]]:
    return [
        [c.text for c in line.cells] for line in read_docx(data, PATH, "0" * 64).lines if line.cells
    ]


def test_paragraphs_and_tables_keep_their_order_and_lines_are_numbered() -> None:
    doc = docx.Document()
    doc.add_paragraph("某局2023年政府信息公开工作年度报告")
    doc.add_paragraph("二、主动公开政府信息情况")
    table_of(doc, [["信息内容", "本年制发件数"], ["规章", "3"]])
    doc.add_paragraph("")  # empty paragraphs are skipped
    doc.add_paragraph("三、收到和处理政府信息公开申请情况")
    table_of(doc, [["一、本年新收政府信息公开申请数量", "7"]])
    doc.add_paragraph("五、存在的主要问题及改进情况")
    read = read_docx(saved(doc), PATH, "ab" * 32)
    assert [(line.number, line.text, line.cells is not None) for line in read.lines] == [
        (1, "某局2023年政府信息公开工作年度报告", False),
        (2, "二、主动公开政府信息情况", False),
        (3, "信息内容\t本年制发件数", True),
        (4, "规章\t3", True),
        (5, "三、收到和处理政府信息公开申请情况", False),
        (6, "一、本年新收政府信息公开申请数量\t7", True),
        (7, "五、存在的主要问题及改进情况", False),
    ]
    assert [line.cells[0].source.table for line in read.lines if line.cells] == [0, 0, 1]
    assert (read.format, read.sha256, read.path) == (SourceFormat.DOCX, "ab" * 32, PATH)


def test_a_known_cell_carries_its_table_row_and_column() -> None:
    doc = docx.Document()
    table_of(doc, [["a", "b"], ["c", "d"]])
    table_of(doc, [["信息内容", "本年制发件数", "本年废止件数"], ["规章", "4", "9"]])
    line = read_docx(saved(doc), PATH, "0" * 64).lines[3]
    assert line.cells is not None
    assert line.cells[2].text == "9"
    assert line.cells[2].source == Source(
        file=PATH, format=SourceFormat.DOCX, line=4, table=1, row=1, col=2
    )


def test_horizontal_merge_repeats_a_label_but_prints_a_value_once() -> None:
    doc = docx.Document()
    table = table_of(doc, [["", "", "", ""], ["", "", "", ""], ["", "", "", ""]])
    table.cell(0, 0).merge(table.cell(0, 3)).text = "第二十条第（五）项"
    table.cell(1, 0).text = "信息内容"
    table.cell(1, 1).merge(table.cell(1, 3)).text = "本年处理决定数量"
    table.cell(2, 0).text = "行政许可"
    table.cell(2, 1).merge(table.cell(2, 3)).text = "12"
    assert grid_rows(saved(doc)) == [
        ["第二十条第(五)项"] * 4,
        ["信息内容", "本年处理决定数量", "本年处理决定数量", "本年处理决定数量"],
        ["行政许可", "12", "", ""],
    ]


@pytest.mark.parametrize("value", ["无", "不适用", "3件", "/"])
def test_a_merged_value_spelled_in_chinese_is_still_printed_once(value: str) -> None:
    doc = docx.Document()
    table = table_of(doc, [["行政许可", "", "", ""]])
    table.cell(0, 1).merge(table.cell(0, 3)).text = value
    assert grid_rows(saved(doc)) == [["行政许可", normalize_text(value), "", ""]]


@pytest.mark.parametrize("explicit_continue", [False, True])
def test_vertical_merge_repeats_a_label_down_but_not_a_value(explicit_continue: bool) -> None:
    doc = docx.Document()
    table = table_of(doc, [["", "予以公开", "5"], ["", "部分公开", ""], ["", "总计", ""]])
    table.cell(0, 0).merge(table.cell(2, 0)).text = "三、本年度办理结果"
    table.cell(1, 2).merge(table.cell(2, 2)).text = "8"
    if explicit_continue:  # Word writes <w:vMerge/>; other writers spell the default out
        for v_merge in table._tbl.iter(qn("w:vMerge")):
            if v_merge.get(qn("w:val")) is None:
                v_merge.set(qn("w:val"), "continue")
    assert grid_rows(saved(doc)) == [
        ["三、本年度办理结果", "予以公开", "5"],
        ["三、本年度办理结果", "部分公开", "8"],
        ["三、本年度办理结果", "总计", ""],
    ]


def test_a_block_merged_over_rows_and_columns_fills_every_position_it_covers() -> None:
    doc = docx.Document()
    table = table_of(doc, [["", "", "", "申请人情况"], ["", "", "", "自然人"], ["", "", "", "3"]])
    table.cell(0, 0).merge(table.cell(1, 2)).text = "（本列数据的勾稽关系为：第一项加第二项之和）"
    table.cell(2, 0).merge(table.cell(2, 2)).text = "一、本年新收政府信息公开申请数量"
    rows = grid_rows(saved(doc))
    assert rows[0] == ["(本列数据的勾稽关系为:第一项加第二项之和)"] * 3 + ["申请人情况"]
    assert rows[1] == ["(本列数据的勾稽关系为:第一项加第二项之和)"] * 3 + ["自然人"]
    assert rows[2] == ["一、本年新收政府信息公开申请数量"] * 3 + ["3"]


def test_rows_that_start_late_get_empty_leading_cells() -> None:
    doc = docx.Document()
    table = table_of(doc, [["行政复议", "行政诉讼", "复议后起诉"], ["1", "2", "3"]])
    tr = table._tbl.tr_lst[1]
    tr.remove(tr.tc_lst[0])
    tr.get_or_add_trPr().append(tr.makeelement(qn("w:gridBefore"), {qn("w:val"): "1"}))
    assert grid_rows(saved(doc))[1] == ["", "2", "3"]


def test_soft_line_breaks_split_paragraphs_into_lines_but_not_cells() -> None:
    doc = docx.Document()
    paragraph = doc.add_paragraph("全年主动公开信息120条。")
    paragraph.runs[0].add_break()
    paragraph.add_run("一是加强培训。")
    cell = table_of(doc, [["", "0"]]).cell(0, 0)
    cell.paragraphs[0].add_run("（二）部分公开").add_break()
    cell.paragraphs[0].add_run("（区分处理的）")
    cell.add_paragraph("说明")
    read = read_docx(saved(doc), PATH, "0" * 64)
    assert [(line.text, line.original) for line in read.lines[:2]] == [
        ("全年主动公开信息120条。", "全年主动公开信息120条。"),
        ("一是加强培训。", "一是加强培训。"),
    ]
    assert read.lines[2].text == "(二)部分公开 (区分处理的) 说明\t0"
    assert read.lines[2].original == "（二）部分公开 （区分处理的） 说明\t0"


def test_runs_join_without_spaces_and_cell_padding_survives_in_the_original() -> None:
    doc = docx.Document()
    cells = table_of(doc, [["", ""]]).rows[0].cells
    cells[0].paragraphs[0].add_run("属于国家")
    cells[0].paragraphs[0].add_run("秘密").bold = True
    cells[1].paragraphs[0].add_run(" 1")
    cells[1].paragraphs[0].add_run("2 ")
    line = read_docx(saved(doc), PATH, "0" * 64).lines[0]
    assert line.original == "属于国家秘密\t 12 "
    assert (line.text, [c.text for c in line.cells or []]) == (
        "属于国家秘密\t12",
        ["属于国家秘密", "12"],
    )


def test_a_nested_table_is_read_once_as_a_table_of_its_own() -> None:
    doc = docx.Document()
    outer = table_of(doc, [["外层标题", "说明"], ["甲", "乙"]])
    inner = outer.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "内层"
    inner.cell(0, 1).text = "5"
    doc.add_paragraph("之后的段落")
    lines = read_docx(saved(doc), PATH, "0" * 64).lines
    assert [(line.text, line.cells[0].source.table if line.cells else None) for line in lines] == [
        ("外层标题\t说明", 0),
        ("内层\t5", 1),
        ("甲\t乙", 0),
        ("之后的段落", None),
    ]


def test_a_single_cell_layout_table_is_read_as_body_text() -> None:
    doc = docx.Document()
    frame = doc.add_table(rows=1, cols=1).cell(0, 0)
    frame.paragraphs[0].add_run("一、总体情况")
    frame.add_paragraph("本年度工作稳步推进。")
    table_of(frame, [["规章", "1"], ["行政规范性文件", "2"]])
    lines = read_docx(saved(doc), PATH, "0" * 64).lines
    assert [line.text for line in lines] == [
        "一、总体情况",
        "本年度工作稳步推进。",
        "规章\t1",
        "行政规范性文件\t2",
    ]
    assert [line.cells is None for line in lines] == [True, True, False, False]


def test_deleted_text_and_field_codes_are_not_read_inserted_text_is() -> None:
    doc = docx.Document()
    paragraph = doc.add_paragraph("收到申请")
    p = paragraph._p
    deleted = p.makeelement(qn("w:del"), {})
    run = p.makeelement(qn("w:r"), {})
    del_text = run.makeelement(qn("w:delText"), {})
    del_text.text = "99"
    run.append(del_text)
    deleted.append(run)
    p.append(deleted)
    inserted = p.makeelement(qn("w:ins"), {})
    run = p.makeelement(qn("w:r"), {})
    text = run.makeelement(qn("w:t"), {})
    text.text = "12件"
    instr = run.makeelement(qn("w:instrText"), {})
    instr.text = " PAGE "
    run.extend([instr, text])
    inserted.append(run)
    p.append(inserted)
    assert texts(saved(doc)) == ["收到申请12件"]


def test_strict_open_xml_documents_are_read() -> None:
    doc = docx.Document()
    doc.add_paragraph("一、总体情况")
    table_of(doc, [["规章", "1"]])
    data = _replace_part(
        saved(doc),
        "word/document.xml",
        lambda xml: xml.replace(W_NS.encode(), b"http://purl.oclc.org/ooxml/wordprocessingml/main"),
    )
    assert texts(data) == ["一、总体情况", "规章\t1"]


def _replace_part(data: bytes, name: str, change: Callable[[bytes], bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            blob = src.read(info)
            dst.writestr(info, change(blob) if info.filename == name else blob)
    return out.getvalue()


# ---------------------------------------------------------------- damaged and hostile files


def test_a_zip_bomb_document_xml_is_refused_before_it_is_decompressed() -> None:
    size = MAX_DOCUMENT_XML_BYTES + 1024
    head = f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>'.encode()
    tail = b"</w:t></w:r></w:p></w:body></w:document>"
    payload = head + b" " * (size - len(head) - len(tail)) + tail
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", payload)
    data = out.getvalue()
    assert len(data) < 1_000_000  # a small file that would decompress to over 50 MB
    with pytest.raises(UnreadableFileError) as caught:
        read_docx(data, PATH, "0" * 64)
    message = str(caught.value)
    assert caught.value.path == PATH and PATH in message
    assert f"{size:,}" in message and "zip bomb" in message


def test_the_whole_archive_size_is_limited_too() -> None:
    infos = [zipfile.ZipInfo("word/document.xml"), zipfile.ZipInfo("word/media/image1.png")]
    infos[0].file_size = 10_000
    infos[1].file_size = MAX_TOTAL_BYTES
    with pytest.raises(UnreadableFileError, match=f"{MAX_TOTAL_BYTES + 10_000:,} bytes"):
        check_zip_sizes(infos, PATH)
    infos[1].file_size = MAX_TOTAL_BYTES - 10_000
    check_zip_sizes(infos, PATH)  # exactly at the limit is accepted


def test_an_absurdly_wide_merged_cell_is_refused_not_expanded() -> None:
    doc = docx.Document()
    table = table_of(doc, [["规章", "1"]])
    table._tbl.tr_lst[0].tc_lst[1].get_or_add_tcPr().grid_span = 10**9
    with pytest.raises(UnreadableFileError, match="grid columns wide") as caught:
        read_docx(saved(doc), PATH, "0" * 64)
    assert caught.value.path == PATH


def _one_paragraph_docx() -> bytes:
    doc = docx.Document()
    doc.add_paragraph("一、总体情况")
    return saved(doc)


def test_a_truncated_docx_is_refused_naming_the_file() -> None:
    data = _one_paragraph_docx()
    cut = data[: len(data) // 2]
    with pytest.raises(UnreadableFileError) as caught:
        read_docx(cut, PATH, "0" * 64)
    assert caught.value.path == PATH and "damaged" in str(caught.value)
    with pytest.raises(UnreadableFileError, match="damaged"):
        document_from_bytes(cut, PATH)


def test_a_zip_without_document_xml_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/styles.xml", "<styles/>")
    with pytest.raises(UnreadableFileError, match=r"without word/document\.xml") as caught:
        read_docx(out.getvalue(), PATH, "0" * 64)
    assert caught.value.path == PATH


def test_a_corrupt_document_xml_is_refused() -> None:
    data = _replace_part(_one_paragraph_docx(), "word/document.xml", lambda xml: xml[:-40])
    with pytest.raises(UnreadableFileError, match="not well-formed XML") as caught:
        read_docx(data, PATH, "0" * 64)
    assert caught.value.path == PATH


def test_a_damaged_member_fails_its_checksum_and_is_refused() -> None:
    data = bytearray(_one_paragraph_docx())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF
    with pytest.raises(UnreadableFileError, match="damaged") as caught:
        read_docx(bytes(data), PATH, "0" * 64)
    assert caught.value.path == PATH
