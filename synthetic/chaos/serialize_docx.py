"""The chaos document as a Word file: headings as Heading styles or bold runs, tables with their
merges (the generator's `render_docx.add_table`), page breaks with a footer line where a
PDF-to-Word conversion leaves one in the body."""

from __future__ import annotations

import io
import random

import docx
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from synthetic import render_docx
from synthetic.chaos.model import CellKind, Doc, PageBreak, Role, Table, Text


def docx_grid(table: Table) -> render_docx.Grid:
    """A chaos table as the generator's Word grid, short rows padded with empty cells."""
    width = table.width
    grid: render_docx.Grid = []
    for r, row in enumerate(table.rows):
        out: list[render_docx.Span | None] = []
        for cell in row:
            if cell is None:
                out.append(None)
            else:
                header = cell.kind is CellKind.HEAD or r < table.header_rows
                out.append(render_docx.Span(cell.text, cell.rows, cell.cols, header))
        out += [render_docx.Span("") for _ in range(width - len(row))]
        grid.append(out)
    return grid


def _text(doc: WordDocument, block: Text, style: render_docx.DocxStyle) -> None:
    if block.role is Role.SECTION and style.headings == "heading":
        doc.add_heading(block.text, level=1)
        return
    if block.role is Role.SUB and style.headings == "heading":
        doc.add_heading(block.text, level=2)
        return
    paragraph = doc.add_paragraph()
    if block.role is Role.TITLE:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif block.role is Role.STAMP:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    text = style.indent + block.text if block.role is Role.BODY else block.text
    run = paragraph.add_run(text)
    if block.role in (Role.TITLE, Role.SECTION, Role.SUB):
        run.bold = True
        run.font.size = Pt(20 if block.role is Role.TITLE else 15)


def render_docx_doc(doc: Doc, rng: random.Random) -> bytes:
    """The document as .docx bytes."""
    style = render_docx.choose_style(rng)
    word = docx.Document()
    total = sum(isinstance(b, PageBreak) for b in doc.blocks) + 1
    page = 1
    for block in doc.blocks:
        if isinstance(block, PageBreak):
            if doc.output.footer:
                footer = word.add_paragraph(doc.output.footer.format(n=page, total=total))
                footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
            word.add_page_break()
            page += 1
        elif isinstance(block, Table):
            render_docx.add_table(word, docx_grid(block), rng, style)
            word.add_paragraph()
        else:
            _text(word, block, style)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()
