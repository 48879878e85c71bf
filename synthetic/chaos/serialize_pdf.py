"""The chaos document as a PDF (reportlab, the CID font STSong-Light that extracts back to
Unicode): ruled tables with their merges, page numbers at each page's foot, explicit page
breaks where the document has them. "第 n 页 共 N 页" footers take two builds."""

from __future__ import annotations

import io
import random
import re
from collections.abc import Callable
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, TableStyle
from reportlab.platypus import PageBreak as PdfPageBreak
from reportlab.platypus import Table as PdfTable

from synthetic.chaos.model import Doc, PageBreak, Role, Table, TableName, Text

FONT = "STSong-Light"
_HAN = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff]")
_FRAME_WIDTH = 448.0
_WIDTHS: dict[tuple[TableName, int], tuple[float, ...]] = {
    (TableName.S3, 10): (46.0, 52.0, 126.0, *([32.0] * 7)),
    (TableName.S3, 8): (168.0, *([40.0] * 7)),
    (TableName.S2, 4): (136.0, 104.0, 104.0, 104.0),
}


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _style(name: str, size: float, **kw: object) -> ParagraphStyle:
    return ParagraphStyle(
        name, fontName=_font(), fontSize=size, leading=size * 1.6, wordWrap="CJK", **kw
    )


_STYLES = {
    Role.TITLE: _style("title", 18, alignment=TA_CENTER, spaceAfter=12),
    Role.SECTION: _style("section", 14, spaceBefore=6, spaceAfter=4),
    Role.SUB: _style("sub", 12, firstLineIndent=24),
    Role.BODY: _style("body", 12, firstLineIndent=24),
    Role.JUNK: _style("junk", 8),
    Role.STAMP: _style("stamp", 12, alignment=TA_RIGHT),
}
_CELL = _style("cell", 8.5)


_NARROW_S3 = (14.0, 60.0, 150.0, *([32.0] * 7))  # 三's first column one character wide


def _widths(table: Table, narrow: bool) -> list[float]:
    width = table.width
    if narrow and (table.name, width) == (TableName.S3, 10):
        return list(_NARROW_S3)
    known = _WIDTHS.get((table.name, width))
    return list(known) if known else [_FRAME_WIDTH / width] * width


def _cell(text: str) -> object:
    if _HAN.search(text):
        return Paragraph(escape(text).replace("\n", "<br/>"), _CELL)
    return text


def pdf_table(table: Table, narrow: bool = False) -> PdfTable:
    """A ruled reportlab table with its merges; `narrow`: 三's first column one character wide."""
    width = table.width
    data: list[list[object]] = []
    spans: list[tuple[object, ...]] = []
    for r, row in enumerate(table.rows):
        line: list[object] = []
        for c in range(width):
            cell = row[c] if c < len(row) else None
            line.append("" if cell is None else _cell(cell.text))
            if cell is not None and (cell.rows > 1 or cell.cols > 1):
                last_row = min(len(table.rows) - 1, r + cell.rows - 1)
                spans.append(("SPAN", (c, r), (min(width - 1, c + cell.cols - 1), last_row)))
        data.append(line)
    commands: list[tuple[object, ...]] = [
        ("FONT", (0, 0), (-1, -1), _font(), 8.5),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        *spans,
    ]
    widths = _widths(table, narrow)
    return PdfTable(data, colWidths=widths, style=TableStyle(commands), hAlign="CENTER")


def _story(doc: Doc) -> list[Flowable]:
    story: list[Flowable] = []
    for block in doc.blocks:
        if isinstance(block, PageBreak):
            story.append(PdfPageBreak())
        elif isinstance(block, Table):
            story.append(pdf_table(block, doc.output.vertical_groups))
        else:
            assert isinstance(block, Text)
            text = escape(block.text).replace("\n", "<br/>")
            story.append(Paragraph(text, _STYLES[block.role]))
    return story


def _footer(template: str, total: int) -> Callable[[Canvas, SimpleDocTemplate], None]:
    def draw(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(_font(), 10)
        canvas.drawCentredString(A4[0] / 2, 1.3 * cm, template.format(n=doc.page, total=total))
        canvas.restoreState()

    return draw


def _build(doc: Doc, template: str | None, total: int) -> tuple[bytes, int]:
    buffer = io.BytesIO()
    pdf = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2.6 * cm,
        rightMargin=2.6 * cm,
        topMargin=2.5 * cm,
        bottomMargin=2.5 * cm,
        invariant=1,
        creator="govqa synthetic chaos",
    )
    if template:
        footer = _footer(template, total)
        pdf.build(_story(doc), onFirstPage=footer, onLaterPages=footer)
    else:
        pdf.build(_story(doc))
    return buffer.getvalue(), pdf.page


def render_pdf_doc(doc: Doc, rng: random.Random) -> bytes:
    """The document as PDF bytes, page numbers at the foot (most real PDFs have them)."""
    template = doc.output.footer or (rng.choice(("- {n} -", "{n}")) if rng.random() < 0.7 else None)
    data, pages = _build(doc, template, 0)
    if template and "{total}" in template:
        data, _ = _build(doc, template, pages)
    return data
