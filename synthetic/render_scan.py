"""Render a Report as a scan: the PDF document printed, scanned, stamped and sent on as images.

The report is rendered by the PDF renderer (render_pdf_doc), each page rasterized with
pypdfium2, and damaged the way a scanner and an office damage it: a resolution between 150 and
300 dpi, the sheet a little askew (±3°), the focus soft, a red seal pressed over part of table
三, salt noise, and JPEG compression at quality 50–85. The pages go back into a PDF of images
(no text layer), or out as image files. The narrative can be cut to each section's first
paragraph (`short=True`): a test that checks the tables need not OCR pages of prose.

`table_image` draws one table alone (for web pages whose tables are pictures).
"""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass

import numpy as np
import pdfplumber
import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from ingest.schema import Report
from ingest.template import SectionKey
from synthetic.records import derive_seed
from synthetic.render_pdf_doc import render_pdf

_SEAL_RED = (220, 30, 40)
_SEAL_TEXT = "示范专用章"
_FONT_PATHS = ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",)
_TABLE_MARK = {SectionKey.REQUESTS: "申请人情况", SectionKey.APPEALS: "行政复议"}


@dataclass(frozen=True)
class ScanDamage:
    """How one scan is damaged."""

    dpi: int
    angle: float  # degrees, counter-clockwise
    blur: float  # Gaussian radius in pixels
    jpeg_quality: int
    salt: float  # share of pixels flipped to black or white
    seal: bool  # a red seal over table 三

    @classmethod
    def draw(cls, rng: random.Random) -> ScanDamage:
        return cls(
            dpi=rng.choice((150, 200, 240, 300)),
            angle=round(rng.uniform(-3.0, 3.0), 2),
            blur=round(rng.uniform(0.3, 1.0), 2),
            jpeg_quality=rng.randint(50, 85),
            salt=round(rng.uniform(0.0005, 0.003), 4),
            seal=True,
        )


CLEAN = ScanDamage(dpi=200, angle=0.0, blur=0.0, jpeg_quality=95, salt=0.0, seal=False)


def short_narrative(report: Report) -> Report:
    """The report with each narrative section cut to its first paragraph."""
    sections = {
        key: s.model_copy(update={"text": s.text.strip().splitlines()[0] if s.text else ""})
        for key, s in report.sections.items()
    }
    return report.model_copy(update={"sections": sections})


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in _FONT_PATHS:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def _seal(diameter: int, rng: random.Random) -> Image.Image:
    """A round red seal (ring, star, text along the rim) on a transparent square."""
    seal = Image.new("RGBA", (diameter, diameter), (0, 0, 0, 0))
    draw = ImageDraw.Draw(seal)
    alpha = rng.randint(150, 210)
    colour = (*_SEAL_RED, alpha)
    width = max(3, diameter // 30)
    draw.ellipse((width, width, diameter - width, diameter - width), outline=colour, width=width)
    c, r = diameter / 2, diameter * 0.16
    star = [
        (c + r * math.cos(math.pi / 2 + k * 4 * math.pi / 5),
         c - r * math.sin(math.pi / 2 + k * 4 * math.pi / 5))
        for k in range(5)
    ]  # fmt: skip
    draw.polygon(star, fill=colour)
    font = _font(diameter // 8)
    for k, ch in enumerate(_SEAL_TEXT * 2):
        theta = math.pi * (0.85 + k * 0.7 / (2 * len(_SEAL_TEXT)))
        x = c + diameter * 0.34 * math.cos(theta)
        y = c - diameter * 0.34 * math.sin(theta)
        draw.text((x, y), ch, font=font, fill=colour, anchor="mm")
    return seal.rotate(rng.uniform(0, 360), resample=Image.Resampling.BICUBIC)


def _stamped(page: Image.Image, seal: Image.Image, at: tuple[int, int]) -> Image.Image:
    """The seal pressed on the page: its ink multiplies the paper (black print stays black,
    paper turns red), as red ink over toner does."""
    layer = Image.new("RGBA", page.size, (255, 255, 255, 0))
    layer.paste(seal, at, seal)
    rgba = np.asarray(layer).astype(np.float32) / 255.0
    alpha = rgba[:, :, 3:4]
    factor = 1.0 - alpha + alpha * rgba[:, :, :3]
    out = np.asarray(page).astype(np.float32) * factor
    return Image.fromarray(out.clip(0, 255).astype(np.uint8))


def _table_spot(pdf: bytes, mark: str) -> tuple[int, float, float] | None:
    """The page (0-based) and point position where `mark` (a table's header word) is printed."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for index, page in enumerate(doc.pages):
            found = page.search(mark)
            if found:
                return index, float(found[0]["x0"]), float(found[0]["top"])
    return None


def _salt(image: Image.Image, share: float, rng: random.Random) -> Image.Image:
    pixels = np.array(image)
    noise = np.random.default_rng(rng.getrandbits(32))
    h, w = pixels.shape[:2]
    count = int(h * w * share)
    ys, xs = noise.integers(0, h, count), noise.integers(0, w, count)
    pixels[ys, xs] = noise.choice(np.array([0, 255], dtype=np.uint8), size=(count, 1))
    return Image.fromarray(pixels)


def _jpeg(image: Image.Image, quality: int) -> Image.Image:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    buffer.seek(0)
    return Image.open(buffer).convert("RGB")


def scan_pages(
    report: Report, damage: ScanDamage, *, short: bool = True, seed: int = 0
) -> list[Image.Image]:
    """The report's pages as damaged scans (RGB images at `damage.dpi`)."""
    rng = random.Random(derive_seed(seed, report.id, "scan"))
    pdf = render_pdf(short_narrative(report) if short else report)
    spot = _table_spot(pdf, _TABLE_MARK[SectionKey.REQUESTS]) if damage.seal else None
    scale = damage.dpi / 72
    doc = pdfium.PdfDocument(pdf)
    pages: list[Image.Image] = []
    try:
        for index in range(len(doc)):
            image = doc[index].render(scale=scale).to_pil().convert("RGB")
            if spot is not None and spot[0] == index:
                diameter = int(2.0 * 72 * scale * rng.uniform(0.85, 1.05))  # about 5 cm
                seal = _seal(diameter, rng)
                x = int((spot[1] + rng.uniform(-40, 60)) * scale) - diameter // 2
                y = int((spot[2] + rng.uniform(20, 120)) * scale) - diameter // 2
                image = _stamped(image, seal, (x, y))
            pages.append(_damaged(image, damage, rng))
    finally:
        doc.close()
    return pages


def _damaged(image: Image.Image, damage: ScanDamage, rng: random.Random) -> Image.Image:
    if damage.angle:
        image = image.rotate(
            damage.angle, resample=Image.Resampling.BICUBIC, fillcolor=(255, 255, 255)
        )
    if damage.blur:
        image = image.filter(ImageFilter.GaussianBlur(damage.blur))
    if damage.salt:
        image = _salt(image, damage.salt, rng)
    return _jpeg(image, damage.jpeg_quality)


def pages_pdf(pages: list[Image.Image], dpi: int) -> bytes:
    """Page images as a PDF without a text layer, each page its image at `dpi`."""
    buffer = io.BytesIO()
    pages[0].save(
        buffer, "PDF", save_all=True, append_images=pages[1:], resolution=float(dpi), quality=92
    )
    return buffer.getvalue()


def render_scan(report: Report, damage: ScanDamage, *, short: bool = True, seed: int = 0) -> bytes:
    """The report as a scanned PDF (page images only), damaged as `damage` says."""
    return pages_pdf(scan_pages(report, damage, short=short, seed=seed), damage.dpi)


def image_bytes(image: Image.Image, fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


Box = tuple[float, float, float, float]


def _table_boxes(pdf: bytes, mark: str) -> list[tuple[int, Box]]:
    """The page (0-based) and box of each part of the first ruled table that prints `mark`
    inside it (a section title printing the same word stands outside); a table the page
    break cut goes on at the top of the next page."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for index, page in enumerate(doc.pages):
            hits = page.search(mark)
            boxes = sorted((t.bbox for t in page.find_tables()), key=lambda b: b[1]) if hits else []
            for k, (x0, top, x1, bottom) in enumerate(boxes):
                if any(x0 <= h["x0"] <= x1 and top <= h["top"] <= bottom for h in hits):
                    for below in boxes[k + 1 :]:  # a header row can be a table of its own
                        if below[1] - bottom > 3:
                            break
                        x0, x1, bottom = min(x0, below[0]), max(x1, below[2]), below[3]
                    parts = [(index, (x0, top, x1, bottom))]
                    if bottom > page.height - 120 and index + 1 < len(doc.pages):
                        rest = sorted(doc.pages[index + 1].find_tables(), key=lambda t: t.bbox[1])
                        if rest and rest[0].bbox[1] < 120:
                            parts.append((index + 1, rest[0].bbox))
                    return parts
    return []


def table_image(report: Report, key: SectionKey, dpi: int = 200) -> bytes:
    """One table of the report (三 or 四) as a PNG picture of the table alone (the parts of
    a table the page break cut are stacked)."""
    pdf = render_pdf(report, split_table3=False)
    parts = _table_boxes(pdf, _TABLE_MARK[key])
    if not parts:
        raise ValueError(f"table {key} is not printed in the rendered report")
    s = dpi / 72
    doc = pdfium.PdfDocument(pdf)
    crops: list[Image.Image] = []
    try:
        for index, (x0, top, x1, bottom) in parts:
            image = doc[index].render(scale=s).to_pil().convert("RGB")
            first, last = index == parts[0][0], index == parts[-1][0]
            box = (int((x0 - 6) * s), int((top - (6 if first else 0)) * s),
                   int((x1 + 6) * s), int((bottom + (6 if last else 0)) * s))  # fmt: skip
            crops.append(image.crop(box))
    finally:
        doc.close()
    out = Image.new("RGB", (max(c.width for c in crops), sum(c.height for c in crops)), "white")
    y = 0
    for crop in crops:
        out.paste(crop, (0, y))
        y += crop.height
    return image_bytes(out)
