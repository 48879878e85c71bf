"""The PDF reader: cells with page and box, merged cells, reading order, and clear errors.

Expected positions are checked against pdfplumber's own view of the page (the text inside a
cell's box), expected values against the report the PDF was rendered from.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pdfplumber
import pytest
from PIL import Image
from reportlab.lib import pdfencrypt
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ingest.document import DocLine, Document
from ingest.errors import NeedsOcrError, UnreadableFileError
from ingest.normalize import normalize_text
from ingest.parse import parse_document
from ingest.readers import document_from_bytes
from ingest.schema import SourceFormat
from ingest.sections import heading_key
from ingest.template import SECTION_TITLES, SectionKey
from synthetic.layout import section_title
from synthetic.render_pdf_doc import render_pdf
from tests.factories import make_report

BIG = {"new_received": [74833, 50835, 1, 2, 3, 4, 125678]}


def _canvas_pdf(draw: Callable[[Canvas], None], pages: int = 1, **kwargs: object) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1, **kwargs)
    for _ in range(pages):
        draw(canvas)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _row(doc: Document, first_cell: str) -> DocLine:
    return next(ln for ln in doc.lines if ln.cells and ln.cells[0].text == first_cell)


def _printed_in(pdf_bytes: bytes, page: int, bbox: tuple[float, float, float, float]) -> str:
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        return (pdf.pages[page - 1].within_bbox(bbox).extract_text() or "").strip()


def test_pdf_without_a_text_layer_needs_ocr() -> None:
    image = ImageReader(Image.new("L", (80, 100), 128))

    def scanned_page(canvas: Canvas) -> None:
        canvas.rect(72, 72, 400, 600, fill=1)
        canvas.drawImage(image, 100, 100, width=300, height=400)

    with pytest.raises(NeedsOcrError) as caught:
        document_from_bytes(_canvas_pdf(scanned_page, pages=2), "scans/report.pdf")
    message = str(caught.value)
    assert "scans/report.pdf" in message
    assert "2 page(s)" in message and "no text found" in message
    assert caught.value.pages == 2


def test_truncated_pdf_is_unreadable_with_the_reason() -> None:
    data = render_pdf(make_report())
    with pytest.raises(UnreadableFileError) as caught:
        document_from_bytes(data[: len(data) // 2], "cut.pdf")
    assert not isinstance(caught.value, NeedsOcrError)
    assert caught.value.path == "cut.pdf"
    assert "truncated" in caught.value.reason


def test_password_protected_pdf_is_unreadable_with_the_reason() -> None:
    def page(canvas: Canvas) -> None:
        canvas.drawString(72, 700, "secret 123")

    encrypt = pdfencrypt.StandardEncryption("user-pw", ownerPassword="owner-pw")
    with pytest.raises(UnreadableFileError) as caught:
        document_from_bytes(_canvas_pdf(page, encrypt=encrypt), "locked.pdf")
    assert "locked.pdf" in str(caught.value) and "password" in caught.value.reason


def test_a_cell_carries_its_page_box_and_grid_position() -> None:
    data = render_pdf(make_report(s3=BIG), split_table3=False)
    report = parse_document(document_from_bytes(data, "big.pdf"))
    cell = report.s3["new_received"]["natural_person"]
    assert cell.value == 74833 and cell.source is not None
    source = cell.source
    assert source.format is SourceFormat.PDF and source.file == "big.pdf"
    # table 二 is table 0; in table 三 three header rows come first and the row label spans
    # the three label columns, so 一、本年新收… is grid row 3 and 自然人 grid column 3.
    assert (source.table, source.row, source.col) == (1, 3, 3)
    assert source.page is not None and source.bbox is not None
    assert _printed_in(data, source.page, source.bbox) == "74833"


@pytest.mark.parametrize("ruled", [True, False])
def test_numbers_in_adjacent_cells_stay_separate(ruled: bool) -> None:
    data = render_pdf(make_report(s3=BIG), ruled=ruled)
    row = parse_document(document_from_bytes(data, "big.pdf")).s3["new_received"]
    assert [c.value for c in row.values()] == BIG["new_received"]


def test_numbers_drawn_almost_touching_are_two_words() -> None:
    def page(canvas: Canvas) -> None:
        canvas.setFont("Helvetica", 10)
        canvas.drawString(100, 700, "74833")
        canvas.drawString(100 + stringWidth("74833", "Helvetica", 10) + 0.8, 700, "50835")

    doc = document_from_bytes(_canvas_pdf(page), "tight.pdf")
    assert [ln.text for ln in doc.lines] == ["74833 50835"]


def test_merged_cells_repeat_labels_and_print_values_once() -> None:
    report = make_report(s2={"licensing_decisions": 5})
    doc = document_from_bytes(render_pdf(report, split_table3=False), "merged.pdf")
    assert [c.text for c in _row(doc, "行政许可").cells] == ["行政许可", "5", "", ""]
    granted = next(ln for ln in doc.lines if ln.cells and "予以公开" in ln.cells[1].text)
    label = normalize_text(granted.cells[1].text)
    assert [c.text for c in granted.cells[:3]] == ["三、本年度办理结果", label, label]
    header = [ln for ln in doc.lines if ln.cells and "勾稽关系" in ln.cells[0].text]
    assert len(header) == 3  # the note spans three rows ...
    assert all(len({c.text for c in ln.cells[:3]}) == 1 for ln in header)  # ... and 3 columns


def test_sections_titles_are_lines_of_their_own_and_page_numbers_are_dropped() -> None:
    data = render_pdf(make_report())
    doc = document_from_bytes(data, "plain.pdf")
    keys = [heading_key(ln.text) for ln in doc.lines if ln.cells is None]
    assert [k for k in keys if k is not None] == list(SECTION_TITLES)
    assert normalize_text(section_title(SectionKey.REQUESTS)) in [ln.text for ln in doc.lines]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        footers = [p.extract_text().splitlines()[-1] for p in pdf.pages]
    assert len(footers) == doc.pages and all(any(ch.isdigit() for ch in f) for f in footers)
    assert not [ln.text for ln in doc.lines if ln.text in footers]


def test_a_title_wrapped_over_two_lines_is_one_line() -> None:
    agency = "样例市人力资源和社会保障局"
    data = render_pdf(make_report(agency=agency))
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        printed = pdf.pages[0].extract_text().splitlines()
    assert printed[0] != f"{agency}2024年政府信息公开工作年度报告"  # it does wrap
    doc = document_from_bytes(data, "title.pdf")
    assert doc.lines[0].text == f"{agency}2024年政府信息公开工作年度报告"


def test_a_table_continued_on_the_next_page_keeps_its_number_and_row_count() -> None:
    doc = document_from_bytes(render_pdf(make_report(), repeat_header=True), "split.pdf")
    table3 = [ln for ln in doc.lines if ln.cells and ln.cells[0].source.table == 1]
    pages = [ln.page for ln in table3]
    assert len(set(pages)) == 2 and pages == sorted(pages)
    rows = [ln.cells[0].source.row for ln in table3]
    assert rows == list(range(len(rows)))  # grid rows run on across the page break


def test_document_facts() -> None:
    data = render_pdf(make_report())
    doc = document_from_bytes(data, "facts.pdf")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert doc.pages == len(pdf.pages)
    assert doc.format is SourceFormat.PDF and doc.size == len(data)
    assert [ln.number for ln in doc.lines] == list(range(1, len(doc.lines) + 1))
    assert all(ln.page is not None and 1 <= ln.page <= doc.pages for ln in doc.lines)
    table_rows = [ln for ln in doc.lines if ln.cells]
    assert all(ln.text == "\t".join(c.text for c in ln.cells) for ln in table_rows)
    assert all(c.source.page == ln.page for ln in table_rows for c in ln.cells)
