"""Render a Report as a real PDF document (reportlab), the way agencies publish their reports.

A4 pages in a CJK font that extracts back to Unicode (reportlab's built-in STSong-Light CID
font), the title, the six section titles, narrative paragraphs wrapped over several lines, and
the three tables of the national template drawn as grids with their merged cells: table 二 as
its 第二十条 blocks, table 三 with its three header rows and the group labels spanning their
rows, table 四 with its three header rows over 15 values. Long labels wrap inside their cells.

`split_table3` breaks table 三 across a page boundary where the page ends, always inside the
merged 本年度办理结果 block (a merged cell cut by the break continues empty or with its label
repeated, both as real reports do); `repeat_header` repeats its header rows on the next page;
`ruled=False` draws every table without lines, so a reader has only the column alignment to go
by. The same report and options always give the same bytes (reportlab's invariant mode).
"""

from __future__ import annotations

import io
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Table,
    TableStyle,
)

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

FONT = "STSong-Light"
MARGIN = 2.6 * cm
_HAN = re.compile(r"[\u3400-\u9fff]")
_S3_WIDTHS = (46.0, 52.0, 126.0, *([32.0] * 7))
_S2_WIDTHS = (136.0, 104.0, 104.0, 104.0)
_S4_WIDTHS = (448.0 / 15,) * 15
_FOOTERS = ("- {n} -", "第{n}页", "{n}")


def _font() -> str:
    """The CID font's name, registered with reportlab on first use."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


@dataclass(frozen=True)
class _Styles:
    title: ParagraphStyle
    heading: ParagraphStyle
    sub_heading: ParagraphStyle
    body: ParagraphStyle
    cell: ParagraphStyle
    header_cell: ParagraphStyle


def _styles(font: str) -> _Styles:
    def style(name: str, size: float, leading: float, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(
            name, fontName=font, fontSize=size, leading=leading, wordWrap="CJK", **kw
        )

    return _Styles(
        title=style("title", 20, 30, alignment=TA_CENTER, spaceAfter=16),
        heading=style("heading", 14, 24, spaceBefore=8, spaceAfter=4),
        sub_heading=style("sub", 12, 22, firstLineIndent=24),
        body=style("body", 12, 22, firstLineIndent=24, alignment=TA_LEFT),
        cell=style("cell", 9, 11.5),
        header_cell=style("hcell", 9, 11.5, alignment=TA_CENTER),
    )


@dataclass
class Grid:
    """A table as printed: every cell's text and the merged regions (c0, r0, c1, r1)."""

    rows: list[list[str]]
    spans: list[tuple[int, int, int, int]] = field(default_factory=list)
    header_rows: int = 0

    def merge(self, c0: int, r0: int, c1: int, r1: int) -> None:
        if (c0, r0) != (c1, r1):
            self.spans.append((c0, r0, c1, r1))


def s2_grid(report: Report, labels: Labels) -> Grid:
    """Table 二: per 第二十条 block a label row, a 信息内容 header row and its rows; a block
    with fewer than three value columns lets its last column span the rest."""
    grid = Grid([])
    for block, fields, rows in s2_blocks(version(report)):
        grid.rows.append([labels.text(block), "", "", ""])
        grid.merge(0, len(grid.rows) - 1, 3, len(grid.rows) - 1)
        lines = [["信息内容", *s2_header(fields, labels)]]
        lines += [[labels.text(row.label), *s2_raws(report, row)] for row in rows]
        for line in lines:
            r = len(grid.rows)
            grid.rows.append(line + [""] * (4 - len(line)))
            grid.merge(len(line) - 1, r, 3, r)
    return grid


def s3_grid(report: Report, labels: Labels) -> Grid:
    """Table 三 with the template's merged cells: the 勾稽关系 note over 3x3 cells, 申请人情况
    over the seven columns, 自然人 and 总计 over two rows, 法人或其他组织 over five columns,
    三、本年度办理结果 down all outcome rows and each （三）…（六） group down its rows."""
    cols = s3_column_labels(labels)
    organisations = ["commercial", "research", "social_org", "legal_service", "other"]
    grid = Grid(
        [
            [labels.text(S3_NOTE), "", "", "申请人情况", *[""] * 6],
            ["", "", "", cols["natural_person"], "法人或其他组织", *[""] * 4, cols["total"]],
            ["", "", "", "", *[cols[k] for k in organisations], ""],
        ],
        [(0, 0, 2, 2), (3, 0, 9, 0), (3, 1, 3, 2), (4, 1, 8, 1), (9, 1, 9, 2)],
        header_rows=3,
    )
    first: dict[str, int] = {}
    for p in s3_placements(report):
        r = len(grid.rows)
        label = s3_row_label(p.row, labels)
        values = s3_raws(report, p.row.key)
        if p.group == "":
            grid.rows.append([label, "", "", *values])
            grid.merge(0, r, 2, r)
            continue
        first.setdefault(G_RESULTS, r)
        if p.group == G_RESULTS:
            grid.rows.append([G_RESULTS if r == first[G_RESULTS] else "", label, "", *values])
            grid.merge(1, r, 2, r)
        else:
            first.setdefault(p.group, r)
            group = labels.group(p.group) if r == first[p.group] else ""
            grid.rows.append([G_RESULTS if r == first[G_RESULTS] else "", group, label, *values])
            if p.index == p.size - 1:
                grid.merge(1, first[p.group], 1, r)
        if p.row.key == "total_processed":
            grid.merge(0, first[G_RESULTS], 0, r)
    return grid


def s4_grid(report: Report, labels: Labels) -> Grid:
    """Table 四: 行政复议 and 行政诉讼, the review results over two rows, the two litigation
    blocks with their results, then the fifteen values."""
    results = [r.label for r in S4_RESULTS]
    results[-1] = labels.total_column
    grid = Grid(
        [
            ["行政复议", *[""] * 4, "行政诉讼", *[""] * 9],
            [*results, "未经复议直接起诉", *[""] * 4, "复议后起诉", *[""] * 4],
            [*[""] * 5, *results, *results],
            s4_raws(report),
        ],
        [(0, 0, 4, 0), (5, 0, 14, 0), (5, 1, 9, 1), (10, 1, 14, 1)],
        header_rows=3,
    )
    for c in range(5):
        grid.merge(c, 1, c, 2)
    return grid


def slice_grid(grid: Grid, start: int, stop: int, *, header: bool, carry_labels: bool) -> Grid:
    """Body rows [start, stop) as a table of their own (one page's part of a split table),
    with the header rows in front if `header`. A merged cell cut by the split continues
    empty, or with its label repeated if `carry_labels` (both happen in real reports)."""
    h = grid.header_rows
    head = [list(r) for r in grid.rows[:h]] if header else []
    out = Grid(head, [s for s in grid.spans if s[3] < h] if header else [], len(head))
    offset = len(head) - start
    out.rows += [list(r) for r in grid.rows[start:stop]]
    for c0, r0, c1, r1 in grid.spans:
        if r0 < h or r1 < start or r0 >= stop:
            continue
        top, bottom = max(r0, start), min(r1, stop - 1)
        if r0 < start:
            out.rows[top + offset][c0] = grid.rows[r0][c0] if carry_labels else ""
        out.merge(c0, top + offset, c1, bottom + offset)
    return out


def _table(grid: Grid, widths: tuple[float, ...], styles: _Styles, ruled: bool) -> Table:
    """A reportlab Table of `grid`: labels as wrapping Paragraphs, values as centred text."""
    data: list[list[object]] = []
    for r, row in enumerate(grid.rows):
        cell_style = styles.header_cell if r < grid.header_rows else styles.cell
        data.append([Paragraph(escape(t), cell_style) if _HAN.search(t) else t for t in row])
    commands: list[tuple[object, ...]] = [
        ("FONT", (0, 0), (-1, -1), styles.cell.fontName, 9),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if ruled:
        commands.append(("GRID", (0, 0), (-1, -1), 0.6, colors.black))
    commands += [("SPAN", (c0, r0), (c1, r1)) for c0, r0, c1, r1 in grid.spans]
    return Table(data, colWidths=list(widths), style=TableStyle(commands), hAlign="CENTER")


class BreakingTable(Flowable):
    """Table 三 with its section title, made to break across a page boundary: as many rows as
    fit on the page (but at least into 本年度办理结果, and leaving one of its numbered rows
    over), then the rest on the next page, with the header rows again if `repeat_header`."""

    def __init__(
        self,
        heading: Paragraph,
        grid: Grid,
        make: Callable[[Grid], Table],
        rows: range,
        *,
        repeat_header: bool,
        carry_labels: bool,
    ) -> None:
        super().__init__()
        self.heading, self.grid, self.make, self.rows = heading, grid, make, rows
        self.repeat_header, self.carry_labels = repeat_header, carry_labels

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return aw, ah + 1  # never fits whole: the frame asks for a split

    def _part(self, start: int, stop: int, header: bool) -> Table:
        return self.make(
            slice_grid(self.grid, start, stop, header=header, carry_labels=self.carry_labels)
        )

    def split(self, aw: float, ah: float) -> list[Flowable]:
        h = self.heading
        room = ah - h.wrap(aw, ah)[1] - h.getSpaceBefore() - h.getSpaceAfter()
        for at in reversed(self.rows):
            first = self._part(self.grid.header_rows, at, True)
            if first.wrap(aw, ah)[1] <= room:
                rest = self._part(at, len(self.grid.rows), self.repeat_header)
                return [h, first, PageBreak(), rest]
        return []  # not even the first rows fit: the frame moves on to the next page

    def draw(self) -> None:
        """Never drawn whole: `split` replaces it."""


def _s3_flowables(
    report: Report,
    labels: Labels,
    styles: _Styles,
    rng: random.Random,
    heading: Paragraph,
    *,
    split: bool,
    repeat_header: bool,
    ruled: bool,
) -> list[Flowable]:
    grid = s3_grid(report, labels)

    def make(g: Grid) -> Table:
        return _table(g, _S3_WIDTHS, styles, ruled)

    if not split:
        return [KeepTogether([heading, make(grid)])]
    placements = s3_placements(report)
    first = [p.row.key for p in placements].index("granted") + 1
    last = max(i for i, p in enumerate(placements) if p.group not in ("", G_RESULTS))
    rows = range(grid.header_rows + first, grid.header_rows + last + 1)
    carry = rng.random() < 0.5
    return [
        BreakingTable(heading, grid, make, rows, repeat_header=repeat_header, carry_labels=carry)
    ]


def _narrative(report: Report, key: SectionKey, labels: Labels, styles: _Styles) -> list[Flowable]:
    """A narrative section's sub-headings and paragraphs (the renderer wraps them)."""
    out: list[Flowable] = []
    for is_heading, line in narrative_lines(report, key):
        if is_heading:
            out.append(Paragraph(escape(sub_heading(line, labels)), styles.sub_heading))
        else:
            out.append(Paragraph(escape(prose(line, labels)), styles.body))
    return out


def _footer(template: str) -> Callable[[Canvas, SimpleDocTemplate], None]:
    """A page decoration printing the page number ("- 3 -", "第3页" or "3") at the foot."""

    def draw(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 9)
        canvas.drawCentredString(A4[0] / 2, 1.2 * cm, template.format(n=doc.page))
        canvas.restoreState()

    return draw


def render_pdf(
    report: Report, *, repeat_header: bool = True, split_table3: bool = True, ruled: bool = True
) -> bytes:
    """The whole report as PDF bytes (same report and options, same bytes)."""
    styles = _styles(_font())
    rng = render_rng(report, "pdf-doc")
    labels = choose_labels(rng, p_half_width=0.2)
    story: list[Flowable] = [Paragraph(escape(title(report)), styles.title)]
    for key in SECTION_ORDER:
        heading = Paragraph(escape(section_title(key)), styles.heading)
        if key is SectionKey.REQUESTS:
            story += _s3_flowables(
                report,
                labels,
                styles,
                rng,
                heading,
                split=split_table3,
                repeat_header=repeat_header,
                ruled=ruled,
            )
            continue
        story.append(heading)
        if key is SectionKey.PROACTIVE:
            story.append(_table(s2_grid(report, labels), _S2_WIDTHS, styles, ruled))
        elif key is SectionKey.APPEALS:
            story.append(_table(s4_grid(report, labels), _S4_WIDTHS, styles, ruled))
        else:
            story += _narrative(report, key, labels, styles)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=2.5 * cm,
        bottomMargin=2.5 * cm,
        title=title(report),
        author=report.agency or "",
        creator="govqa synthetic",
        invariant=1,
        pageCompression=1,
    )
    footer = _footer(rng.choice(_FOOTERS))
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
