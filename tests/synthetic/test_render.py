"""Every layout prints the title, the six sections and every cell's raw text where it belongs."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.normalize import match_key, normalize_text
from ingest.schema import FormatVersion
from ingest.template import S2_ROWS, S3_ROWS
from synthetic import AGENCIES, TextStyle, generate_corpus, generate_report, render_text
from synthetic.render_pdf import LOOKALIKES
from tests.factories import make_report, render_report_text
from tests.synthetic.identities import COLUMNS, S4_KEYS

STYLES = list(TextStyle)
SECTION_TITLES = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)


class Printed:
    """A rendering split into normalized lines, with each line's match key computed once."""

    def __init__(self, text: str, style: TextStyle) -> None:
        self.style = style
        self.lines = normalize_text(text).split("\n")
        self.keys = [match_key(line) for line in self.lines]

    def label_lines(self, label: str) -> list[int]:
        """Lines containing the label (as match keys; the PDF breaks long labels, so only
        their first 12 characters are required)."""
        key = match_key(label)[:12]
        return [i for i, line_key in enumerate(self.keys) if key in line_key]

    def row(self, label: str, raws: list[str]) -> bool:
        """True if a line carrying `label` is followed, as the layout prints it, by `raws`."""
        for i in self.label_lines(label):
            if self.style is TextStyle.PIPE:
                if _pipe_cells(self.lines, i + 1, len(raws)) == raws:
                    return True
                continue
            sep = " " if self.style is TextStyle.PDF else "\t"
            wanted = sep + sep.join(raws)
            window = self.lines[i : i + 4] if self.style is TextStyle.PDF else [self.lines[i]]
            for line in window:
                at = line.rfind(wanted)
                # after the values only the empty cells of merged columns may follow
                if (at >= 0 and not line[at + len(wanted) :].strip("\t")) or line == sep.join(raws):
                    return True
        return False

    def s4(self, raws: list[str]) -> bool:
        """Table 四's fifteen values: one line after the headers, or the pipe table's last cells."""
        text = "\n".join(self.lines)
        table = text.split(SECTION_TITLES[3])[1].split(SECTION_TITLES[4])[0]
        lines = [line for line in table.split("\n") if line.strip().strip("#").strip()]
        if self.style is TextStyle.PIPE:
            return _pipe_cells(lines, 0, 10_000)[-len(raws) :] == raws
        sep = " " if self.style is TextStyle.PDF else "\t"
        return lines[-1] == sep.join(raws)


def _pipe_cells(lines: list[str], start: int, n: int) -> list[str]:
    """The next `n` cells of a pipe stream: "x |" is one cell, a line of k pipes is k blanks."""
    cells: list[str] = []
    for line in lines[start:]:
        if re.fullmatch(r"\|+", line):
            cells += [""] * len(line)
        else:
            cells.append(line.removesuffix(" |"))
        if len(cells) >= n:
            return cells[:n]
    return cells


def row_is_printed(text: str, style: TextStyle, label: str, raws: list[str]) -> bool:
    return Printed(text, style).row(label, raws)


def missing_cells(report, style: TextStyle) -> list[str]:
    """Rows of tables 二, 三 and 四 whose raw values are not printed after their label."""
    printed = Printed(render_text(report, style), style)
    missing = []
    for row in S2_ROWS[report.format_version]:
        raws = [report.s2[f.key].raw for f in row.fields]
        if not printed.row(row.label, raws):
            missing.append(f"s2 {row.label} {raws}")
    for row in S3_ROWS[report.format_version]:
        raws = [report.s3[row.key][c].raw for c in COLUMNS]
        if not any(printed.row(label, raws) for label in row.labels):
            missing.append(f"s3 {row.key} {raws}")
    s4 = [report.s4[k].raw for k in S4_KEYS]
    if not printed.s4(s4):
        missing.append(f"s4 {s4}")
    return missing


@pytest.fixture(scope="module")
def corpus():
    return generate_corpus(12, (2019, 2020, 2021, 2022, 2023), seed=31)


@pytest.mark.parametrize("style", STYLES)
def test_every_cell_is_printed_after_its_row_label(corpus, style):
    for report in corpus:
        assert missing_cells(report, style) == [], report.id


@pytest.mark.parametrize("style", STYLES)
def test_blank_and_slash_cells_print_as_empty_and_slash(style):
    for seed in range(6):
        report = generate_report(seed, agency=AGENCIES[seed], year=2020 + seed % 3,
                                 blank_probability=0.25)  # fmt: skip
        raws = {c.raw for cols in report.s3.values() for c in cols.values()}
        assert {"", "/"} <= raws
        assert missing_cells(report, style) == [], (seed, report.id)


@pytest.mark.parametrize("style", STYLES)
def test_title_and_six_section_titles_in_order(corpus, style):
    for report in corpus[:10]:
        text = normalize_text(render_text(report, style))
        title = f"{report.agency}{report.year}年政府信息公开工作年度报告"
        assert title in text
        positions = [text.find(t) for t in SECTION_TITLES]
        assert all(p >= 0 for p in positions) and positions == sorted(positions)


@pytest.mark.parametrize("style", STYLES)
def test_rendering_is_deterministic(style):
    report = generate_report(8, agency=AGENCIES[4], year=2023)
    assert render_text(report, style) == render_text(report.model_copy(deep=True), style)


@pytest.mark.parametrize("style", STYLES)
def test_v2019_records_print_v2019_labels(style):
    report = generate_report(2, agency=AGENCIES[1], year=2020)
    assert report.format_version == FormatVersion.V2019
    text = normalize_text(render_text(report, style))
    keys = match_key(text)
    v2019_labels = (
        "本年新制作数量",
        "对外公开总数量",
        "上一年项目数量",
        "政府集中采购",
        "采购总金额",
    )
    assert all(label in keys for label in v2019_labels)
    assert "逾期不补正" not in text and "本年制发件数" not in text
    other = [report.s3["other_total"][c].raw for c in COLUMNS]
    assert row_is_printed(render_text(report, style), style, "（六）其他处理", other)


@pytest.mark.parametrize("style", STYLES)
def test_v2021_records_print_v2021_labels(style):
    text = normalize_text(render_text(generate_report(2, agency=AGENCIES[1], year=2022), style))
    assert "本年制发件数" in match_key(text) and "逾期不补正" in text
    assert "本年新制作数量" not in match_key(text)


def test_money_is_printed_as_given():
    report = make_report(s2={"admin_fee_amount_wan": 2561.768})
    for style in STYLES:
        assert "2561.768" in render_report_text(report, style)


def test_column_and_total_aliases_vary_between_renderings(corpus):
    # pipe layout: one printed cell per line, so each line's key is one label
    keys = [
        {match_key(line) for line in render_text(r, TextStyle.PIPE).split("\n")} for r in corpus
    ]
    assert any("社会组织" in k for k in keys) and any("社会公益组织" in k for k in keys)
    assert any("合计" in k for k in keys) and any("总计" in k for k in keys)
    assert any("七合计" in k for k in keys) and any("七总计" in k for k in keys)


def test_pdf_uses_radical_look_alikes_that_normalize_back():
    for ideograph, code in LOOKALIKES.items():
        assert normalize_text(chr(code)) == ideograph
    text = render_text(generate_report(1, agency=AGENCIES[0], year=2023), TextStyle.PDF)
    assert any(0x2E80 <= ord(ch) <= 0x2FDF for ch in text)
    assert "⾏政" in text or "⼈" in text


def test_pdf_breaks_group_labels_and_long_labels_over_lines():
    text = render_text(generate_report(1, agency=AGENCIES[0], year=2023), TextStyle.PDF)
    lines = [line for line in normalize_text(text).split("\n") if line.strip()]
    assert lines[lines.index("(三)不予") + 1] == "公开"
    long_label = next(i for i, line in enumerate(lines) if line.startswith("1.申请人无正当理由"))
    assert lines[long_label + 1] == "公开申请"
    assert re.fullmatch(r"(\d+ ){6}\d+", lines[long_label + 2])


def test_ocr_splits_group_labels_and_repeats_fragments_without_losing_values(corpus):
    for report in corpus:
        lines = normalize_text(render_text(report, TextStyle.OCR)).split("\n")
        firsts = [line.split("\t")[0].replace(" ", "") for line in lines]
        assert "(三)不予" in firsts and firsts[firsts.index("(三)不予") + 1] == "公开"
        fragments = [line.split("\t")[0] for line in lines if "   " in line]
        assert len(fragments) == 1, report.id
        # three to six earlier rows, each repeated as its label and only four values
        parts = fragments[0].split("   ")
        assert 3 <= len(parts) <= 6
        for part in parts:
            label, *values = part.rsplit(" ", 4)
            assert all(re.fullmatch(r"[\d,]+", v) for v in values) and len(values) == 4
            row_line = lines.index(next(x for x in lines if x.split("\t")[1:2] == [label]))
            assert row_line < lines.index(next(x for x in lines if "   " in x))
    assert any(re.match(r"(4年|1|, ,|、|l|。)\t", line) for r in corpus
               for line in render_text(r, TextStyle.OCR).split("\n"))  # fmt: skip


def test_pipe_prints_one_cell_per_line_with_gap_lines():
    text = render_text(generate_report(4, agency=AGENCIES[5], year=2022), TextStyle.PIPE)
    table = text.split("三、收到和处理政府信息公开申请情况")[1].split("四、政府信息公开")[0]
    lines = table.strip("\n").split("\n")
    assert all(line.endswith(" |") or re.fullmatch(r"\|+", line) for line in lines)
    assert "||||||||" in lines and "||" in lines and "|" in lines


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=2**40),
    year=st.integers(min_value=2018, max_value=2025),
    style=st.sampled_from(STYLES),
    blank=st.sampled_from([0.0, 0.2]),
)
def test_any_record_renders_every_cell(seed, year, style, blank):
    report = generate_report(seed, agency=AGENCIES[seed % len(AGENCIES)], year=year,
                             blank_probability=blank)  # fmt: skip
    assert missing_cells(report, style) == []
