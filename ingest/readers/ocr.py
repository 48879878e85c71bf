"""OCR of whole files: PDF pages without a text layer, and image files (PNG, JPEG, TIFF).

PDF pages are rendered with pypdfium2 at the resolution of the image the page holds (a scan
keeps its own dots per inch), kept between 150 and 300 dpi, or at 200 dpi when it cannot be
told. Each page is read by `PageReader`; pages are timed, and a file that takes longer than
its budget stops with an `OcrTimeoutError` that names it and says how far it got. The run's
pages per second, and every page that was straightened, turned, blank or too coarse, come back
in an `OcrRun` that the reader turns into the report's warnings.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator

import numpy as np

from ingest.errors import UnreadableFileError
from ingest.readers.ocr_types import DEFAULT_BUDGET_SECONDS, OcrRun
from ingest.readers.pdf_pages import RawPage

log = logging.getLogger("govqa")

MIN_DPI, DEFAULT_DPI, MAX_DPI = 150.0, 200.0, 300.0
POINTS_PER_INCH = 72.0

PageImage = tuple[int, np.ndarray, float]  # page number, BGR pixels, points per pixel


class OcrTimeoutError(UnreadableFileError):
    """OCR of a file took longer than its time budget."""

    def __init__(self, path: str, budget: float, done: int, pages: int) -> None:
        self.budget = budget
        super().__init__(
            path,
            f"OCR stopped after {budget:.0f} s (the per-file budget) with {done} of {pages} "
            "page(s) read; raise the budget or split the file",
        )


def ocr_pages(
    images: Iterable[PageImage],
    path: str,
    total: int,
    *,
    budget: float = DEFAULT_BUDGET_SECONDS,
    clock: Callable[[], float] = time.monotonic,
) -> tuple[list[RawPage], OcrRun]:
    """Read page images in order; stop with OcrTimeoutError past the budget."""
    from ingest.readers.ocr_engine import engine
    from ingest.readers.ocr_page import PageReader

    reader = PageReader(engine())
    run = OcrRun()
    raws: list[RawPage] = []
    start = clock()
    for number, image, scale in images:
        if clock() - start > budget:
            raise OcrTimeoutError(path, budget, run.pages, total)
        page = reader.read(image, number, scale)
        raws.append(page.raw)
        run.values += page.values
        run.notes += page.notes
        run.pages += 1
        run.seconds = clock() - start
        log.info("OCR %s: page %d/%d, %.2f pages/s", path, run.pages, total, run.pages_per_second)
    if run.seconds > budget:
        raise OcrTimeoutError(path, budget, run.pages, total)
    return raws, run


def _page_dpi(page: object) -> float:
    """The resolution of the largest image on a PDF page, or the default when it has none."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    width_pt = page.get_width()  # type: ignore[attr-defined]
    best = 0.0
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2):  # type: ignore[attr-defined]
        if not isinstance(obj, pdfium.PdfImage):
            continue
        left, _, right, _ = obj.get_bounds()
        px = obj.get_px_size()[0]
        if right - left > width_pt * 0.5 and px:
            best = max(best, px / ((right - left) / POINTS_PER_INCH))
    if best <= 0:
        return DEFAULT_DPI
    return min(MAX_DPI, max(MIN_DPI, best))


def pdf_page_images(data: bytes, path: str, numbers: list[int]) -> Iterator[PageImage]:
    """The given PDF pages rendered as BGR images at the resolution of their scans."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise UnreadableFileError(path, f"is a PDF pdfium cannot render ({exc})") from exc
    try:
        for number in numbers:
            page = pdf[number - 1]
            dpi = _page_dpi(page)
            bitmap = page.render(scale=dpi / POINTS_PER_INCH, grayscale=False)
            rgb = np.asarray(bitmap.to_pil().convert("RGB"))
            yield number, np.ascontiguousarray(rgb[:, :, ::-1]), POINTS_PER_INCH / dpi
    finally:
        pdf.close()


def image_pages(pages: list[np.ndarray], dpi: float = DEFAULT_DPI) -> Iterator[PageImage]:
    """Decoded image pages, taken to be scanned at `dpi` (image files rarely say)."""
    for number, image in enumerate(pages, start=1):
        yield number, image, POINTS_PER_INCH / dpi
