"""Image files (PNG, JPEG, TIFF): each page read by OCR and laid out as a PDF page would be.

Its own module because it joins the two readers: the OCR reader gives text boxes, the PDF
reader's page code turns them into lines and table rows (importing both from here keeps
ocr.py and pdf.py from importing each other)."""

from __future__ import annotations

import io

import numpy as np

from ingest.document import DocLine, Document
from ingest.errors import UnreadableFileError
from ingest.readers.ocr import DEFAULT_DPI, POINTS_PER_INCH, image_pages, ocr_pages
from ingest.readers.ocr_image import decode_image
from ingest.readers.ocr_types import DEFAULT_BUDGET_SECONDS, OcrRun
from ingest.readers.pdf import document_from_pages
from ingest.schema import SourceFormat

_IMAGE_KINDS = (
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)


def _image_dpi(data: bytes) -> float:
    """The resolution an image file declares, else the default."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            dpi = image.info.get("dpi")
    except (UnidentifiedImageError, OSError, ValueError):
        return DEFAULT_DPI
    value = float(dpi[0]) if dpi else 0.0
    return value if 50 <= value <= 1200 else DEFAULT_DPI


def read_image(
    data: bytes, path: str, sha256: str, *, ocr_budget: float = DEFAULT_BUDGET_SECONDS
) -> Document:
    """A scanned page (or a multi-page TIFF) read by OCR, as a PDF page would be."""
    pages = decode_image(data)
    if not pages:
        kind = next((name for magic, name in _IMAGE_KINDS if data.startswith(magic)), "an")
        raise UnreadableFileError(
            path, f"is a {kind} image that cannot be decoded (damaged or truncated)"
        )
    images = image_pages(pages, _image_dpi(data))
    raws, run = ocr_pages(images, path, len(pages), budget=ocr_budget)
    return document_from_pages(raws, path, sha256, len(data), SourceFormat.IMAGE, run)


def image_lines(
    image: np.ndarray, path: str, number: int, dpi: float, budget: float
) -> tuple[list[DocLine], OcrRun]:
    """One picture inside another document (a table pasted into a web page) read as page
    `number`: its lines and table rows, sources in the HTML format with page and box."""
    raws, run = ocr_pages([(number, image, POINTS_PER_INCH / dpi)], path, 1, budget=budget)
    doc = document_from_pages(raws, path, "", 0, SourceFormat.HTML, run)
    return doc.lines, run
