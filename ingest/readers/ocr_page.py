"""One page image -> what the PDF reader gets from a page: positioned characters and ruled
tables (a `RawPage`), plus the recognizer's reading of every table value with its alternatives.

The page is cleaned (seal removed, salt noise filtered), straightened, and turned upright
(quarter turns from the shape of its text lines, half turns by the direction classifier). Ruled
tables are found from the rulings (ocr_grid); each cell's text lines are cut out and recognized
directly, without detection. The text outside tables is found by the detector on a reduced
copy of the page. Every recognized line becomes characters spread over its ink box, so words,
lines, cells and paragraphs are rebuilt by the same code as a PDF's text layer. A table cell
whose text has no Chinese character is read over the value alphabet (digits and blank marks),
which is where "o" for 0 and stray letters come from in a full-alphabet reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np

from ingest.readers.ocr_engine import OcrEngine
from ingest.readers.ocr_grid import (
    LINE_GAP_POINTS,
    BBox,
    Geometry,
    padded,
    rulings,
    table_cells,
    text_bands,
    without_edge_rulings,
    without_specks,
)
from ingest.readers.ocr_image import (
    BLANK_INK,
    MIN_TEXT_PX,
    binarize,
    ink_gray,
    ink_share,
    quarter_turn,
    rotate,
    skew_angle,
)
from ingest.readers.ocr_types import LineReading, ValueReading
from ingest.readers.pdf_pages import RawPage

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")
_DETECT_SIDE = 1100  # pixels: text outside tables is detected on a copy this long
_CELL_INSET = 1.6  # points inside a cell's rulings that belong to the rulings
_MIN_SKEW = 0.1  # degrees: a smaller tilt is left alone
_CLS_SAMPLE = 16
_SPECK_POINTS = 1.6  # ink blobs smaller than this across are noise, unless by a character
_GLYPH_SHARE = 0.85  # a detected line box is this much taller than its font size


@dataclass(slots=True)
class PageRead:
    """A page read by OCR."""

    raw: RawPage
    values: list[ValueReading] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was done or could not be done
    lines: int = 0


@dataclass(slots=True)
class _Crop:
    image: np.ndarray
    box: BBox  # points
    cell: BBox | None = None  # the table cell it lies in


_LOOSE_SPACE = re.compile(
    r"\s+(?=[.．、,，:：;；)）\]】%])|(?<=[(（\[【])\s+|(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])"
)


def tidy(text: str) -> str:
    """Spaces the recognizer puts where print has none: before a full stop or comma, inside
    brackets, between two Chinese characters."""
    return _LOOSE_SPACE.sub("", text).strip()


def _char_weight(ch: str) -> float:
    if ch.isspace():
        return 0.35
    return 1.0 if _CJK.match(ch) else 0.55


def spread(text: str, box: BBox) -> list[dict[str, Any]]:
    """A recognized line as pdfplumber-like characters spread over its box."""
    x0, top, x1, bottom = box
    weights = [_char_weight(c) for c in text]
    total = sum(weights) or 1.0
    out: list[dict[str, Any]] = []
    x = x0
    for ch, w in zip(text, weights, strict=True):
        step = (x1 - x0) * w / total
        out.append({"text": ch, "x0": x, "x1": x + step, "top": top, "bottom": bottom,
                    "upright": True})  # fmt: skip
        x += step
    return out


def _to_bgr(gray: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)


class PageReader:
    """Reads page images with one engine; `scale` is points per pixel of the images."""

    def __init__(self, engine: OcrEngine) -> None:
        self.engine = engine

    def read(self, bgr: np.ndarray, number: int, scale: float) -> PageRead:
        gray = cv2.medianBlur(ink_gray(bgr), 3)
        binary = binarize(gray)
        height = bgr.shape[0] * scale
        if ink_share(binary) < BLANK_INK:
            return PageRead(RawPage(number, height, [], []), notes=[f"page {number} is blank"])
        notes: list[str] = []
        gray, binary, boxes = self._upright(gray, binary, notes, number)
        geo = Geometry(scale)
        lines = rulings(gray, binary, geo)
        tables = table_cells(lines.edges)
        crops = self._cell_crops(gray, binary, lines.mask, tables, geo)
        crops += self._text_crops(gray, binary, boxes, tables, geo)
        heights = [c.image.shape[0] for c in crops]
        if heights and float(np.median(heights)) < MIN_TEXT_PX:
            notes.append(
                f"page {number}: text is only {np.median(heights):.0f} px high; the scan's "
                "resolution is too low for reliable reading (scan at 200 dpi or more)"
            )
        readings = self.engine.recognize([_to_bgr(c.image) for c in crops])
        chars: list[dict[str, Any]] = []
        values: list[ValueReading] = []
        for crop, (full, value) in zip(crops, readings, strict=True):
            use_value = crop.cell is not None and not _HAN.search(full.text)
            reading = value if use_value else full
            if use_value and crop.cell is not None:  # kept even when empty: ink unread
                values.append(ValueReading(number, _rounded(crop.cell), reading))
            if reading.text.strip():
                chars += spread(tidy(reading.text), crop.box)
        raw = RawPage(number, bgr.shape[0] * scale, chars, tables)
        return PageRead(raw, _merged(values), notes, len(crops))

    # ------------------------------------------------------------ orientation

    def _detect(self, gray: np.ndarray) -> list[np.ndarray]:
        """Text-line boxes (pixel quads of `gray`) found on a reduced copy."""
        factor = min(1.0, _DETECT_SIDE / max(gray.shape))
        small = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
        return [q / factor for q in self.engine.detect(_to_bgr(small))]

    def _upright(
        self, gray: np.ndarray, binary: np.ndarray, notes: list[str], number: int
    ) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
        """The page straightened and upright, with its detected text boxes."""
        turns = 0
        for _ in range(2):
            angle = skew_angle(binary)
            if abs(angle) >= _MIN_SKEW:
                gray = rotate(gray, -angle)
                binary = binarize(gray)
                notes.append(f"page {number} straightened by {angle:+.1f}°")
            boxes = self._detect(gray)
            if not _sideways(boxes) or turns:
                break
            turns = 1
            gray, binary = quarter_turn(gray, 1), quarter_turn(binary, 1)
        if self._upside_down(gray, boxes):
            turns += 2
            gray, binary = quarter_turn(gray, 2), quarter_turn(binary, 2)
            boxes = self._detect(gray)
        if turns:
            notes.append(f"page {number} was turned {90 * turns}° and read upright")
        return gray, binary, boxes

    def _upside_down(self, gray: np.ndarray, boxes: list[np.ndarray]) -> bool:
        widest = sorted(boxes, key=lambda q: -float(np.ptp(q[:, 0])))[:_CLS_SAMPLE]
        crops = [_to_bgr(_cut(gray, _quad_box(q, gray.shape))) for q in widest]
        crops = [c for c in crops if c.size]
        votes = self.engine.upside_down(crops)
        return sum(votes) * 2 > len(votes) > 0

    # ------------------------------------------------------------ crops

    def _cell_crops(
        self,
        gray: np.ndarray,
        binary: np.ndarray,
        ruled: np.ndarray,
        tables: list[tuple[BBox, list[BBox]]],
        geo: Geometry,
    ) -> list[_Crop]:
        """Each text line of each cell, cut from the page without rulings or specks."""
        floor = LINE_GAP_POINTS / geo.scale
        inset = max(3, geo.pixels(_CELL_INSET))
        speck = max(3.0, _SPECK_POINTS / geo.scale)
        inks: list[tuple[BBox, tuple[int, int], np.ndarray, np.ndarray]] = []
        for _, cells in tables:
            for cell in cells:
                x0, y0 = geo.pixels(cell[0]) + inset, geo.pixels(cell[1]) + inset
                x1, y1 = geo.pixels(cell[2]) - inset, geo.pixels(cell[3]) - inset
                if x1 - x0 < 4 or y1 - y0 < 4:
                    continue
                ink = binary[y0:y1, x0:x1]
                clean = without_specks(without_edge_rulings(ink, ruled[y0:y1, x0:x1]), speck)
                paper = gray[y0:y1, x0:x1].copy()
                paper[(clean == 0) & (ink > 0)] = 255
                inks.append((cell, (x0, y0), clean, paper))
        # one line of the tables' text: the labels' lines (wide: digits are shorter than
        # Chinese characters), most of which are single
        bands = [b for _, _, clean, _ in inks for b in text_bands(clean, floor)]
        heights = [b[3] - b[1] for b in bands if b[2] - b[0] >= 4 * (b[3] - b[1])]
        line = float(np.median(heights)) if len(heights) >= 8 else None
        out: list[_Crop] = []
        for cell, (x0, y0), clean, paper in inks:
            for bx0, by0, bx1, by1 in text_bands(clean, floor, line):
                box = padded((bx0, by0, bx1, by1), paper.shape)
                points = _points((bx0 + x0, by0 + y0, bx1 + x0, by1 + y0), geo)
                out.append(_Crop(_cut(paper, box), points, cell))
        return out

    def _text_crops(
        self,
        gray: np.ndarray,
        binary: np.ndarray,
        boxes: list[np.ndarray],
        tables: list[tuple[BBox, list[BBox]]],
        geo: Geometry,
    ) -> list[_Crop]:
        spans = [tuple(geo.pixels(v) for v in bbox) for bbox, _ in tables]
        out: list[_Crop] = []
        heights: list[float] = []
        for quad in boxes:
            x0, y0, x1, y1 = _quad_box(quad, gray.shape)
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            if any(a <= cx <= c and b <= cy <= d for a, b, c, d in spans):
                continue
            bands = text_bands(binary[y0:y1, x0:x1], LINE_GAP_POINTS / geo.scale)
            if not bands:
                continue
            tight = (
                x0 + min(b[0] for b in bands),
                y0 + min(b[1] for b in bands),
                x0 + max(b[2] for b in bands),
                y0 + max(b[3] for b in bands),
            )
            # the glyphs' height comes from the detector's box, which is the same for every
            # line of one font size (ink height varies with the characters a line holds)
            out.append(_Crop(_cut(gray, padded(tight, gray.shape)), _points(tight, geo)))
            heights.append((y1 - y0) * _GLYPH_SHARE * geo.scale)
        for crop, size in zip(out, _clustered(heights), strict=True):
            x0, top, x1, bottom = crop.box
            middle = (top + bottom) / 2
            crop.box = (x0, middle - size / 2, x1, middle + size / 2)
        return out


def _clustered(sizes: list[float]) -> list[float]:
    """Each line's font size, snapped to the median of its cluster (sizes within 12% of the
    one before, in order): lines of one font get one size, as in a text layer."""
    order = sorted(range(len(sizes)), key=sizes.__getitem__)
    out = list(sizes)
    group: list[int] = []
    for i in [*order, None]:
        if i is not None and (not group or sizes[i] <= sizes[group[-1]] * 1.12):
            group.append(i)
            continue
        if group:
            middle = float(np.median([sizes[j] for j in group]))
            for j in group:
                out[j] = middle
        group = [] if i is None else [i]
    return out


def _sideways(boxes: list[np.ndarray]) -> bool:
    """Most text lines are taller than wide: the page lies on its side."""
    if len(boxes) < 3:
        return False
    tall = sum(1 for q in boxes if np.ptp(q[:, 1]) > 1.5 * np.ptp(q[:, 0]))
    return tall * 2 > len(boxes)


def _quad_box(quad: np.ndarray, shape: tuple[int, ...]) -> tuple[int, int, int, int]:
    x0, y0 = np.floor(quad.min(axis=0)).astype(int).tolist()
    x1, y1 = np.ceil(quad.max(axis=0)).astype(int).tolist()
    return max(0, x0), max(0, y0), min(shape[1], x1), min(shape[0], y1)


def _cut(image: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    x0, y0, x1, y1 = box
    return image[y0:y1, x0:x1]


def _points(box: tuple[int, int, int, int], geo: Geometry) -> BBox:
    return tuple(geo.points(v) for v in box)  # type: ignore[return-value]


def _rounded(box: BBox) -> BBox:
    """A cell box as the PDF reader rounds it into the cell's Source."""
    return (round(box[0], 2), round(box[1], 2), round(box[2], 2), round(box[3], 2))


def _merged(values: list[ValueReading]) -> list[ValueReading]:
    """One reading per cell: a value printed over two lines is one reading."""
    by_cell: dict[BBox, ValueReading] = {}
    for v in values:
        held = by_cell.get(v.bbox)
        if held is None:
            by_cell[v.bbox] = v
        else:
            chars = held.reading.chars + v.reading.chars
            by_cell[v.bbox] = ValueReading(v.page, v.bbox, LineReading(chars))
    return list(by_cell.values())
