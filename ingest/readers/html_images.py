"""Tables pasted into web pages as pictures: each `<img>` inside the report is read by OCR and
its table rows take the image's place among the page's lines.

An image is found by its `src`: a data URI, or a relative path to a file next to the page (in
its folder or below; nothing outside it, nothing over the network: govqa reads offline). Icons
and rules too small to hold a table are passed over; an image whose OCR reading holds no
ruled table is left out with a note, so a photo never adds stray text to the narrative.
The rows keep the page's format (HTML) with the image's page number and box, so the
proofreader matches them to the recognizer's readings as it does a scanned PDF's.
"""

from __future__ import annotations

import base64
import binascii
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urlsplit

from ingest.document import DocLine
from ingest.errors import NeedsOcrError
from ingest.readers.ocr_types import DEFAULT_BUDGET_SECONDS, OcrRun
from ingest.schema import ParseWarning

MIN_SIDE_PX = 40  # an image thinner than this is a rule or an icon
MIN_LONG_PX = 200  # and one shorter than this along its long side holds no table
TEXT_WIDTH_POINTS = 450.0  # a pasted table is about as wide as the page's text


@dataclass(slots=True)
class ImageTables:
    """What the images of one page gave: their lines (image by image) and the OCR run."""

    lines: dict[int, list[DocLine]] = field(default_factory=dict)  # by image index
    run: OcrRun = field(default_factory=OcrRun)
    warnings: list[ParseWarning] = field(default_factory=list)


def image_source(src: str, page_path: str) -> tuple[bytes | None, str]:
    """The bytes an `<img src>` points at, or None and the reason it cannot be read."""
    src = src.strip()
    if src.startswith("data:"):
        head, _, payload = src.partition(",")
        try:
            if head.endswith(";base64"):
                return base64.b64decode(payload, validate=False), ""
            return unquote_to_bytes(payload), ""
        except (binascii.Error, ValueError):
            return None, "its data URI is not valid base64"
    parts = urlsplit(src)
    if parts.scheme or parts.netloc:
        return None, "it is on the network and govqa reads offline (save it next to the page)"
    base = Path(page_path).resolve().parent
    target = (base / unquote(parts.path)).resolve()
    if not target.is_relative_to(base):
        return None, "it lies outside the page's folder"
    try:
        return target.read_bytes(), ""
    except OSError:
        return None, f"no file {target.name} next to the page"


def _dpi(width_px: int) -> float:
    """The resolution to read a pasted table at: web images rarely declare one, and a table
    is about as wide as the text of the page (kept between 72 and 300 dpi)."""
    return min(300.0, max(72.0, width_px / (TEXT_WIDTH_POINTS / 72.0)))


def read_image_tables(
    sources: list[str], path: str, *, budget: float = DEFAULT_BUDGET_SECONDS
) -> ImageTables:
    """OCR of the page's report images (in order, numbered as pages 1, 2, ...)."""
    from ingest.readers.image import image_lines
    from ingest.readers.ocr_image import decode_image

    out = ImageTables()
    start = time.monotonic()
    for index, src in enumerate(sources):
        label = src if len(src) < 60 else src[:40] + "…"
        data, reason = image_source(src, path)
        pages = decode_image(data) if data else []
        if not pages:
            why = reason or "it cannot be decoded as PNG, JPEG or TIFF"
            out.warnings.append(_warning(f"image {label} in the report is not read: {why}"))
            continue
        image = pages[0]
        h, w = image.shape[:2]
        if min(h, w) < MIN_SIDE_PX or max(h, w) < MIN_LONG_PX:
            continue
        left = budget - (time.monotonic() - start)
        try:
            lines, run = image_lines(image, f"{path} ({label})", index + 1, _dpi(w), left)
        except NeedsOcrError:
            continue
        out.run.pages += run.pages
        out.run.seconds += run.seconds
        out.run.values += run.values
        out.run.notes += run.notes
        if not any(line.cells for line in lines):
            out.warnings.append(_warning(f"image {label} holds no ruled table; left out"))
            continue
        out.lines[index] = lines
    return out


def _warning(message: str) -> ParseWarning:
    return ParseWarning(code="html_image", message=message)
