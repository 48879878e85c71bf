"""Render a Report as a Word .docx laid out like the official template, merged cells included.

The tables carry the template's merges: table 三's 3×3 勾稽关系 note, 申请人情况 over seven columns,
三、本年度办理结果 merged down over every outcome row, (三)不予公开 down over its eight rows;
table 四's 行政复议 over five columns and the result labels over two rows; table 二's block
headers across the table and single values spanning three columns. Choices fixed by the report
id vary what word processors vary: headings as Heading styles or bold paragraphs, table 二 as
one table or one per block, text split over runs, soft line breaks, cells with stray spaces or
two paragraphs. Every cell's raw text is printed exactly once, so parsing recovers the record.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from dataclasses import dataclass
from typing import Literal

import docx
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tc
from docx.shared import Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from ingest.schema import Report
from ingest.template import G_RESULTS, S4_RESULTS, SectionKey
from synthetic.layout import (
    S3_NOTE,
    SECTION_ORDER,
    Labels,
    choose_labels,
    narrative_lines,
    prose,
    render_rng,
    s2_blocks,
    s2_header,
    s2_raws,
    s3_column_labels,
    s3_placements,
    s3_raws,
    s3_row_label,
    s4_raws,
    section_title,
    sub_heading,
    title,
    version,
)

_HAN = re.compile(r"[\u3400-\u9fff]")
_S2_WIDTH = 4  # 信息内容 + three value columns
_ORGANISATIONS = ("commercial", "research", "social_org", "legal_service", "other")


@dataclass(frozen=True)
class Span:
    """A printed cell at its top-left grid position, spanning `rows` × `cols`."""

    text: str
    rows: int = 1
    cols: int = 1
    header: bool = False


Grid = list[list[Span | None]]  # None: a position covered by a merged cell


def line(*spans: Span) -> list[Span | None]:
    """A run of cells, each followed by the positions its horizontal span covers."""
    out: list[Span | None] = []
    for span in spans:
        out += [span, *([None] * (span.cols - 1))]
    return out


def heads(*texts: str) -> list[Span]:
    return [Span(t, header=True) for t in texts]


@dataclass(frozen=True)
class DocxStyle:
    """One rendering's choices, fixed by the report id."""

    labels: Labels
    # "heading": Heading 1/2 styles; "bold": bold paragraphs; "runs": "一、" and "总体情况" apart
    headings: Literal["heading", "bold", "runs"]
    s2_per_block: bool  # table 二 as one table per 第二十条 block
    indent: str  # "\u3000\u3000" typed before each paragraph, or "" (a first-line indent)
    quirks: float  # chance a cell has stray spaces, two runs or two paragraphs
    soft_breaks: float  # chance a narrative paragraph carries a soft line break
    split_runs: float  # chance a narrative paragraph starts with a bold run


def choose_style(rng: random.Random) -> DocxStyle:
    return DocxStyle(
        labels=choose_labels(rng, p_half_width=0.3),
        headings=rng.choice(("heading", "bold", "runs")),
        s2_per_block=rng.random() < 0.5,
        indent=rng.choice(("\u3000\u3000", "")),
        quirks=rng.choice((0.0, 0.1, 0.3)),
        soft_breaks=rng.choice((0.0, 0.2, 0.5)),
        split_runs=rng.choice((0.0, 0.3)),
    )


# ---------------------------------------------------------------- the three tables as grids


def s2_grids(report: Report, labels: Labels, per_block: bool) -> list[Grid]:
    """Table 二: per block a header row across the table, 信息内容 + field labels, the rows.
    A block with fewer fields than columns lets its last cell span the rest."""
    grids: list[Grid] = []
    for block, fields, rows in s2_blocks(version(report)):
        last = _S2_WIDTH - len(fields)

        def spread(texts: list[str], header: bool, last: int = last) -> list[Span]:
            spans = [Span(t, header=header) for t in texts]
            spans[-1] = Span(texts[-1], cols=last, header=header)
            return spans

        grid: Grid = [line(Span(labels.text(block), cols=_S2_WIDTH, header=True))]
        grid.append(line(Span("信息内容", header=True), *spread(s2_header(fields, labels), True)))
        for row in rows:
            grid.append(line(Span(labels.text(row.label)), *spread(s2_raws(report, row), False)))
        if per_block or not grids:
            grids.append(grid)
        else:
            grids[0] += grid
    return grids


def _s3_header(labels: Labels) -> Grid:
    cols = s3_column_labels(labels)
    return [
        line(Span(labels.text(S3_NOTE), 3, 3, True), Span("申请人情况", cols=7, header=True)),
        [None] * 3
        + line(
            Span(cols["natural_person"], rows=2, header=True),
            Span("法人或其他组织", cols=5, header=True),
            Span(cols["total"], rows=2, header=True),
        ),
        [None] * 4 + line(*heads(*(cols[k] for k in _ORGANISATIONS))) + [None],
    ]


def s3_grid(report: Report, labels: Labels) -> Grid:
    """Table 三: three header rows, then rows whose group labels are merged downwards."""
    grid = _s3_header(labels)
    placements = s3_placements(report)
    results = sum(1 for p in placements if p.group)
    for p in placements:
        label = s3_row_label(p.row, labels)
        values = [Span(v) for v in s3_raws(report, p.row.key)]
        if not p.group:
            grid.append(line(Span(label, cols=3), *values))
            continue
        first = p.group == G_RESULTS and p.index == 0
        lead: list[Span | None] = [Span(G_RESULTS, rows=results) if first else None]
        if p.group == G_RESULTS:
            grid.append(lead + line(Span(label, cols=2), *values))
        else:
            group = Span(labels.group(p.group), rows=p.size) if p.index == 0 else None
            grid.append([*lead, group, *line(Span(label), *values)])
    return grid


def s4_grid(report: Report, labels: Labels) -> Grid:
    """Table 四: 行政复议 | 行政诉讼, the results merged over two rows, then 15 values."""
    results = [r.label for r in S4_RESULTS]
    results[-1] = labels.total_column
    return [
        line(Span("行政复议", cols=5, header=True), Span("行政诉讼", cols=10, header=True)),
        line(
            *(Span(r, rows=2, header=True) for r in results),
            Span("未经复议直接起诉", cols=5, header=True),
            Span("复议后起诉", cols=5, header=True),
        ),
        [None] * 5 + line(*heads(*results, *results)),
        line(*(Span(v) for v in s4_raws(report))),
    ]


# ---------------------------------------------------------------- writing Word content


def _both_han(a: str, b: str) -> bool:
    return bool(_HAN.search(a) and _HAN.search(b))


def _run(paragraph: Paragraph, text: str, bold: bool) -> Run:
    run = paragraph.add_run(text)
    if bold:
        run.bold = True
    return run


def fill_cell(cell: _Cell, span: Span, rng: random.Random, style: DocxStyle) -> None:
    """The cell's text, now and then with stray spaces, split over runs or over paragraphs."""
    paragraph = cell.paragraphs[0]
    if not span.header and not _HAN.search(span.text):
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    text, quirk = span.text, rng.random() < style.quirks
    kind = rng.choice(("spaces", "runs", "paragraphs")) if quirk else ""
    mid = len(text) // 2
    if kind == "spaces":
        text = " " * rng.randint(1, 2) + text + " " * rng.randint(0, 2)
    if kind == "paragraphs" and len(text) >= 6 and _both_han(text[:mid], text[mid:]):
        _run(paragraph, text[:mid], span.header)
        _run(cell.add_paragraph(), text[mid:], span.header)
    elif kind == "runs" and len(text) >= 2:
        _run(paragraph, text[:mid], span.header)
        _run(paragraph, text[mid:], not span.header).font.size = Pt(rng.choice((9, 10.5, 12)))
    else:
        _run(paragraph, text, span.header)


def owners(grid: Grid) -> list[list[tuple[int, int]]]:
    """For every grid position, the (row, col) of the printed cell covering it."""
    owner = [[(-1, -1)] * len(row) for row in grid]
    for r, row in enumerate(grid):
        for c, span in enumerate(row):
            if span is None:
                continue
            for rr in range(r, r + span.rows):
                for cc in range(c, c + span.cols):
                    if owner[rr][cc] != (-1, -1):
                        raise ValueError(f"cells overlap at row {rr}, column {cc}")
                    owner[rr][cc] = (r, c)
    if any((-1, -1) in row for row in owner):
        raise ValueError("the grid has positions no cell covers")
    return owner


def _span_xml(tc: CT_Tc, cols: int, v_merge: str | None, explicit: bool) -> None:
    """gridSpan and vMerge as Word writes them (a continuation is <w:vMerge/> or val=continue)."""
    tc_pr = tc.get_or_add_tcPr()
    tc_pr.grid_span = cols
    if v_merge is not None:
        tc_pr.vMerge_val = v_merge
        if explicit and tc_pr.vMerge is not None:
            tc_pr.vMerge.set(qn("w:val"), v_merge)


def add_table(doc: WordDocument, grid: Grid, rng: random.Random, style: DocxStyle) -> None:
    """A table with the grid's merges written as gridSpan/vMerge; each printed cell filled once,
    continuation cells of vertical merges left empty."""
    width = len(grid[0])
    if any(len(row) != width for row in grid):
        raise ValueError(f"grid rows differ in width: {[len(r) for r in grid]}")
    owner = owners(grid)
    table = doc.add_table(rows=len(grid), cols=width)
    table.style = "Table Grid"
    explicit = rng.random() < 0.5
    for r, tr in enumerate(table._tbl.tr_lst):
        for c, tc in enumerate(list(tr.tc_lst)):
            r0, c0 = owner[r][c]
            span = grid[r0][c0]
            assert span is not None
            if c != c0:
                tr.remove(tc)  # covered by the span to its left
                continue
            if r == r0:
                _span_xml(tc, span.cols, "restart" if span.rows > 1 else None, explicit)
                fill_cell(_Cell(tc, table), span, rng, style)
            else:
                _span_xml(tc, span.cols, "continue", explicit)


def _heading(doc: WordDocument, key: SectionKey, style: DocxStyle) -> None:
    text = section_title(key)
    if style.headings == "heading":
        doc.add_heading(text, level=1)
        return
    paragraph = doc.add_paragraph()
    if style.headings == "runs":
        numeral, rest = text.split("、", 1)
        paragraph.add_run(numeral + "、").bold = True
        run = paragraph.add_run(rest)
        run.bold, run.font.size = True, Pt(16)
    else:
        run = paragraph.add_run(text)
        run.bold, run.font.size = True, Pt(15)


def _sub_heading(doc: WordDocument, text: str, style: DocxStyle) -> None:
    if style.headings == "heading":
        doc.add_heading(text, level=2)
    else:
        doc.add_paragraph().add_run(style.indent + text).bold = True


def _soft_break_at(text: str, rng: random.Random) -> int | None:
    """Where a soft line break may go: right after a 。 that does not end the paragraph."""
    stops = [m.end() for m in re.finditer("。", text) if m.end() < len(text)]
    return rng.choice(stops) if stops else None


def _paragraph(doc: WordDocument, text: str, rng: random.Random, style: DocxStyle) -> Paragraph:
    """A narrative paragraph: maybe a bold lead run, maybe a soft line break after a 。."""
    paragraph = doc.add_paragraph()
    if not style.indent:
        paragraph.paragraph_format.first_line_indent = Pt(24)
    text = style.indent + text
    cut = _soft_break_at(text, rng) if rng.random() < style.soft_breaks else None
    head, tail = (text[:cut], text[cut:]) if cut else (text, "")
    comma = head.find("，")
    if 0 < comma < len(head) - 1 and rng.random() < style.split_runs:
        paragraph.add_run(head[: comma + 1]).bold = True
        paragraph.add_run(head[comma + 1 :])
    else:
        paragraph.add_run(head)
    if tail:
        paragraph.runs[-1].add_break()
        paragraph.add_run(tail)
    return paragraph


def _narrative(
    doc: WordDocument, report: Report, key: SectionKey, rng: random.Random, style: DocxStyle
) -> None:
    for is_heading, text in narrative_lines(report, key):
        if is_heading:
            _sub_heading(doc, sub_heading(text, style.labels), style)
        else:
            _paragraph(doc, prose(text, style.labels), rng, style)


def _title(doc: WordDocument, report: Report, rng: random.Random) -> None:
    """Centered and bold in a large size; sometimes the agency and the rest in two runs."""
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    text = title(report)
    size = Pt(rng.choice((18, 20, 22)))
    agency = report.agency or ""
    parts = [agency, text[len(agency) :]] if agency and rng.random() < 0.5 else [text]
    for part in parts:
        run = paragraph.add_run(part)
        run.bold, run.font.size = True, size


def _tables(
    doc: WordDocument, report: Report, key: SectionKey, rng: random.Random, style: DocxStyle
) -> None:
    labels = style.labels
    if key is SectionKey.PROACTIVE:
        grids = s2_grids(report, labels, style.s2_per_block)
    else:
        grids = [s3_grid(report, labels) if key is SectionKey.REQUESTS else s4_grid(report, labels)]
    for grid in grids:
        add_table(doc, grid, rng, style)
        doc.add_paragraph()  # Word keeps a paragraph between tables, or they would join


def _stable_zip(data: bytes, year: int) -> bytes:
    """The package re-zipped with fixed timestamps, so a report renders to the same bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            stamp = zipfile.ZipInfo(info.filename, date_time=(year, 12, 31, 0, 0, 0))
            target.writestr(stamp, source.read(info), zipfile.ZIP_DEFLATED)
    return out.getvalue()


def render_docx(report: Report) -> bytes:
    """The whole report (title, six sections, three tables) as the bytes of a .docx file."""
    rng = render_rng(report, "docx")
    style = choose_style(rng)
    doc = docx.Document()
    year = max(1980, (report.year or 2023) + 1)
    doc.core_properties.title = title(report)
    doc.core_properties.author = report.agency or ""
    _title(doc, report, rng)
    for key in SECTION_ORDER:
        _heading(doc, key, style)
        if key in (SectionKey.PROACTIVE, SectionKey.REQUESTS, SectionKey.APPEALS):
            _tables(doc, report, key, rng, style)
        else:
            _narrative(doc, report, key, rng, style)
    buffer = io.BytesIO()
    doc.save(buffer)
    return _stable_zip(buffer.getvalue(), year)
