"""Every way the generator can put a report in a file: the text layouts of the seeds, web pages,
Word and PDF documents, and crawler dumps. One entry point, so the demo corpus, tests and
`govqa bench` render the same way."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ingest.schema import Report, SourceFormat
from synthetic.render_crawler import render_crawler
from synthetic.render_docx import render_docx
from synthetic.render_html import render_html
from synthetic.render_pdf_doc import render_pdf
from synthetic.render_text import TextStyle, render_text


class FileKind(StrEnum):
    TAB = "tab"
    PIPE = "pipe"
    PDF_TEXT = "pdf_text"  # text extracted from a PDF (seed 002), saved as .txt
    OCR = "ocr"
    HTML = "html"
    HTML_GBK = "html_gbk"
    DOCX = "docx"
    PDF = "pdf"
    CRAWLER = "crawler"


@dataclass(frozen=True, slots=True)
class RenderedFile:
    data: bytes
    suffix: str
    format: SourceFormat
    encoding: str | None


_TEXT_STYLES = {
    FileKind.TAB: (TextStyle.TAB, ".md", SourceFormat.MD),
    FileKind.PIPE: (TextStyle.PIPE, ".txt", SourceFormat.TXT),
    FileKind.PDF_TEXT: (TextStyle.PDF, ".txt", SourceFormat.TXT),
    FileKind.OCR: (TextStyle.OCR, ".txt", SourceFormat.TXT),
}


def render_file(report: Report, kind: FileKind) -> RenderedFile:
    """The bytes of `report` as a file of `kind`, with the suffix and format it would have."""
    if kind in _TEXT_STYLES:
        style, suffix, fmt = _TEXT_STYLES[kind]
        return RenderedFile(render_text(report, style).encode("utf-8"), suffix, fmt, "utf-8")
    if kind is FileKind.HTML:
        return RenderedFile(render_html(report), ".html", SourceFormat.HTML, "utf-8")
    if kind is FileKind.HTML_GBK:
        data = render_html(report, encoding="gbk")
        return RenderedFile(data, ".html", SourceFormat.HTML, "gb18030")
    if kind is FileKind.DOCX:
        return RenderedFile(render_docx(report), ".docx", SourceFormat.DOCX, None)
    if kind is FileKind.PDF:
        return RenderedFile(render_pdf(report), ".pdf", SourceFormat.PDF, None)
    return RenderedFile(render_crawler(report).encode("utf-8"), ".txt", SourceFormat.TXT, "utf-8")
