"""Layout-independent reading: a report without line breaks reads like one with them.

Sections and rows are found by their template labels in the character stream (ingest/reflow.py,
ingest/sections.py, ingest/tables/tokens.py); page footers are taken out wherever they stand.
Expected values come from the generator's records or are written out here, never from the parser.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.document import DocLine
from ingest.normalize import normalize_text
from ingest.parse import parse_bytes
from ingest.reflow import reflow
from ingest.sections import inline_headings, match_heading, split_sections
from ingest.tables.tokens import TokenKind, glued_segments
from ingest.template import FormatVersion, SectionKey
from synthetic.agencies import catalogue
from synthetic.records import generate_report
from synthetic.render_crawler import render_crawler
from synthetic.render_text import TextStyle, render_text
from tests.ingest.test_roundtrip_text import cells

AGENCIES = catalogue()
LAYOUTS = [*TextStyle, "crawler"]


def _lines(text: str) -> list[DocLine]:
    return [
        DocLine(number=i, text=normalize_text(t), original=t)
        for i, t in enumerate(text.split("\n"), start=1)
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(min_value=0, max_value=2**31),
    layout=st.sampled_from(LAYOUTS),
    version=st.sampled_from(list(FormatVersion)),
)
def test_a_report_on_one_line_reads_like_the_report_with_line_breaks(
    seed: int, layout: str, version: FormatVersion
) -> None:
    year = 2020 if version is FormatVersion.V2019 else 2023
    report = generate_report(
        seed, agency=AGENCIES[seed % len(AGENCIES)], year=year, version=version
    )
    text = render_crawler(report) if layout == "crawler" else render_text(report, layout)
    one_line = " ".join(text.split())  # what a crawler keeps: no line breaks, no tabs
    assert "\n" not in one_line
    parsed = parse_bytes(one_line.encode("utf-8"), f"one-line-{layout}.txt")
    truth = cells(report)
    for key, (value, _) in cells(parsed).items():
        if value is not None:  # a glued run may stay ambiguous, never wrong
            assert value == truth[key][0], key
    found = {k for k, s in parsed.sections.items() if s.title}
    assert found >= {SectionKey.OVERVIEW, SectionKey.PROBLEMS, SectionKey.OTHER}


def test_section_titles_are_found_inside_a_line_with_their_ends() -> None:
    text = "…提供有力保障。 二、主动公开政府信息情况第二十条第（一）项 信息内容 规章000"
    found = inline_headings(normalize_text(text))
    assert [(h.match.key, h.match.fuzzy) for h in found] == [(SectionKey.PROACTIVE, False)]
    start, end = found[0].start, found[0].end
    assert normalize_text(text)[start:end] == "二、主动公开政府信息情况"


def test_a_sub_heading_or_a_wrong_numeral_inside_a_line_is_not_a_section() -> None:
    assert inline_headings(normalize_text("情况如下。（二）主动公开政府信息情况较好")) == []
    assert inline_headings(normalize_text("据统计，三、主动公开政府信息情况良好")) == []
    assert inline_headings(normalize_text("2022年收到申请 三、本年度办理结果 予以公开")) == []


def test_a_misprinted_section_title_is_read_and_reported() -> None:
    line = "四、政府信息公开行政法复议、行政诉讼情况"
    heading = match_heading(normalize_text(line))
    assert heading is not None and heading.key is SectionKey.APPEALS and heading.fuzzy
    split = split_sections(_lines(f"一、总体情况\n正文\n{line}\n行政复议 0 0 0 0 0"))
    assert SectionKey.APPEALS in split.spans
    fuzzy = [w for w in split.warnings if w.code == "label_fuzzy"]
    assert len(fuzzy) == 1 and "行政法复议" in fuzzy[0].message
    assert match_heading(normalize_text("四、政府信息公开工作总结情况")) is None


def test_page_footers_are_removed_from_sentences_and_tables() -> None:
    text = (
        "一、总体情况 全年主动公开 第 2 页 共 5 页 信息 300 条。\n"
        "规章 - 1 - 0 0 0 行政规范性文件 3 - 2 - 5 12\n"
        "- 3 -\n"
        "行政强制 - 7 -"
    )
    lines = reflow(_lines(text))
    joined = " ".join(" ".join(ln.text.split()) for ln in lines)
    assert "第 2 页" not in joined and "- 1 -" not in joined and "- 2 -" not in joined
    assert "- 3 -" not in joined  # a line of its own
    assert "行政强制 - 7 -" in joined  # breaks the run of page numbers: a blank, 7, a blank
    assert "全年主动公开 信息 300 条" in joined
    assert [ln.number for ln in lines] == [1, 2, 4]


def test_dashes_around_a_number_in_tab_cells_are_cells_not_a_page_footer() -> None:
    rows = [
        "\t\t2. 申请人逾期未按收费通知要求缴纳费用\t—\t0\t—\t0\t0\t0\t0",
        "四、结转下年度继续办理\t\t\t3\t0\t0\t—\t1\t—\t4",
    ]
    lines = reflow(_lines("\n".join([*rows, "- 5 -", "正文 - 6 - 继续"])))
    assert [ln.text for ln in lines[:2]] == rows  # 0 then 1 between dashes: cells, not pages
    assert "- 6 -" not in lines[2].text  # footers in running text are still taken out


def test_no_page_is_numbered_zero() -> None:
    rows = ["2. 申请人逾期未按收费通知要求缴纳费用 — 0 — 0 0 0 0", "四、结转下年度 3 0 0 — 1 — 4"]
    assert [ln.text for ln in reflow(_lines("\n".join(rows)))] == rows  # not pages 0 and 1
    assert [ln.text for ln in reflow(_lines("- 0 -\n- 7 -"))] == ["- 0 -"]


def test_digits_glued_into_labels_are_cut_into_runs_and_numbering() -> None:
    def kinds(piece: str) -> list[tuple[str, str]]:
        return [(k.value, t) for k, t in glued_segments(piece)]

    assert kinds("规章000行政规范性文件8855698第二十条") == [
        ("label", "规章"),
        ("run", "000"),
        ("label", "行政规范性文件"),
        ("run", "8855698"),
        ("label", "第二十条"),
    ]
    assert kinds("1.属于国家秘密00000002.其他法律行政法规禁止公开") == [
        ("label", "1.属于国家秘密"),
        ("run", "0000000"),
        ("label", "2.其他法律行政法规禁止公开"),
    ]
    assert kinds("713000074二、上年结转") == [("run", "713000074"), ("label", "二、上年结转")]
    assert kinds("本年收费金额(单位:万元,保留4位小数)") == [
        ("label", "本年收费金额(单位:万元,保留4位小数)")
    ]
    assert kinds("2022年行政许可") == [("label", "2022年行政许可")]
    assert kinds("数据1") == [("label", "数据1")]
    assert glued_segments("/1101115") == [(TokenKind.RUN, "/1101115")]


def test_a_glued_row_of_table_two_is_read_only_when_no_blank_cell_could_hide_in_it() -> None:
    text = (
        "二、主动公开政府信息情况 第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数"
        "规章000行政规范性文件166 三、收到和处理政府信息公开申请情况 "
    )
    report = parse_bytes(text.encode(), "glued.txt")
    assert [report.s2[f].value for f in ("regulations_issued", "regulations_repealed")] == [0, 0]
    assert report.s2["normative_docs_issued"].value is None  # 1,6,6 or 16,6 with a blank
    assert report.s2["normative_docs_issued"].status.value == "ambiguous"
    assert "digit_run_ambiguous" in [w.code for w in report.warnings]


def test_a_one_line_report_without_its_five_title_keeps_its_problems_apart() -> None:
    text = (
        "一、总体情况 2022年，本区政府信息公开工作稳步推进。 四、政府信息公开行政复议、行政诉讼"
        "情况行政复议 行政诉讼 结果维持结果纠正其他结果尚未审结总计 0 1 1 0 2 1 0 0 0 1 0 0 0 0 0 "
        "2022年，本区政府信息公开工作取得了一定成绩，但还存在一些问题和不足：一是解读形式单一。"
        " 六、其他需要报告的事项 无。"
    )
    report = parse_bytes(text.encode("utf-8"), "one-line.txt")
    assert [c.value for c in report.s4.values()][:5] == [0, 1, 1, 0, 2]
    assert report.sections[SectionKey.PROBLEMS].text.startswith("2022年，本区政府信息公开工作取得")
    assert "存在一些问题" not in report.sections[SectionKey.APPEALS].text


def test_a_run_of_zeros_is_not_cut_unless_numbering_follows_it() -> None:
    from ingest.schema import Source
    from ingest.tables.tokens import split_runs

    source = Source(file="x.txt")
    assert [t.text for t in split_runs("000000000000000", source)] == ["000000000000000"]
    assert [t.text for t in split_runs("0 0 03 . 其他", source)] == ["0", "0", "0", "3 . 其他"]
