"""Ruled tables in a page image -> the cell boxes a PDF's table finder would give.

Ruling lines are the long thin runs of ink: a morphological opening with a long flat (or tall)
kernel keeps them and drops the print. Each run becomes an edge in PDF points, and pdfplumber's
own functions (merge, intersect, cells, tables) turn the edges into cells, so a scanned table
goes through the same grid reading (pdf_tables) as a table drawn in a PDF.

Inside a cell, the text lines are the bands of rows that hold ink (a wrapped label has two or
three); each is cut out tight around its ink for the recognizer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from pdfplumber.table import (
    cells_to_tables,
    edges_to_intersections,
    intersections_to_cells,
    merge_edges,
)

BBox = tuple[float, float, float, float]
_SNAP = 3.0  # points: rulings this close are one line
# points: shorter runs are strokes of characters, not rulings (the narrowest template cells
# are about 30 points wide and 17 high)
_MIN_RULE_H = 22.0
_MIN_RULE_V = 12.0
_JOIN_SHARE = 0.22  # a gap narrower than this share of a line's height is inside the line
LINE_GAP_POINTS = 0.9  # a gap narrower than this is never the leading between two lines
_INK_MARGIN = 2  # pixels kept around a text line's ink


@dataclass(frozen=True, slots=True)
class Geometry:
    """Pixels of one page image against PDF points: points = pixels * scale."""

    scale: float

    def points(self, px: float) -> float:
        return px * self.scale

    def pixels(self, pt: float) -> int:
        return round(pt / self.scale)


def _runs(mask: np.ndarray, horizontal: bool, geo: Geometry) -> list[dict[str, Any]]:
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    edges: list[dict[str, Any]] = []
    for x, y, w, h, _area in stats[1:count].tolist():
        length = geo.points(w if horizontal else h)
        if length < (_MIN_RULE_H if horizontal else _MIN_RULE_V):
            continue
        if horizontal:
            mid = geo.points(y + h / 2)
            x0, x1, top, bottom = geo.points(x), geo.points(x + w), mid, mid
        else:
            mid = geo.points(x + w / 2)
            x0, x1, top, bottom = mid, mid, geo.points(y), geo.points(y + h)
        edges.append(
            {
                "x0": x0,
                "x1": x1,
                "top": top,
                "bottom": bottom,
                "doctop": top,
                "width": x1 - x0,
                "height": bottom - top,
                "orientation": "h" if horizontal else "v",
                "object_type": "line",
            }
        )
    return edges


@dataclass(frozen=True)
class Rulings:
    """A page's ruling lines: as pdfplumber edge dicts in points, and as a pixel mask."""

    edges: list[dict[str, Any]]
    mask: np.ndarray  # 255 where a ruling (grown a little) lies


def rulings(gray: np.ndarray, binary: np.ndarray, geo: Geometry) -> Rulings:
    """The ruling lines of a page. The mask lets a cell's ink be read without them: a ruling
    a skewed or blurred scan leaves inside a cell's inset would join its text lines into one
    band (two wrapped label lines read as one garbled line)."""
    # a thin ruling blurred by the scan is lighter than print: found against its surroundings
    lines = cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 12
    )
    lines = cv2.bitwise_or(binary, lines)
    flat = _opened(lines, (max(15, geo.pixels(_MIN_RULE_H)), 1), (3, 1))
    tall = _opened(lines, (1, max(15, geo.pixels(_MIN_RULE_V))), (1, 3))
    return Rulings(_runs(flat, True, geo) + _runs(tall, False, geo), cv2.bitwise_or(flat, tall))


def _opened(ink: np.ndarray, kernel: tuple[int, int], bridge: tuple[int, int]) -> np.ndarray:
    """Long straight runs of ink in one direction; a ruling broken by noise or a faint
    stretch is joined again, and made a little thicker so its pieces connect."""
    closed = cv2.morphologyEx(
        ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, bridge)
    )
    runs = cv2.morphologyEx(
        closed, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel)
    )
    grow = (7, 3) if kernel[0] > kernel[1] else (3, 7)
    return cv2.dilate(runs, cv2.getStructuringElement(cv2.MORPH_RECT, grow))


def _lines(edges: list[dict[str, Any]]) -> np.ndarray:
    """Each edge as (coordinate across it, start, end along it)."""
    return np.array(
        [
            (e["top"], e["x0"], e["x1"])
            if e["orientation"] == "h"
            else (e["x0"], e["top"], e["bottom"])
            for e in edges
        ],
        dtype=float,
    ).reshape(-1, 3)


def _pieces(lines: np.ndarray) -> np.ndarray:
    """The physical line each edge is a piece of (edges on one line, end to end within the
    snap tolerance: a ruling broken by noise), as a label per edge."""
    labels = np.arange(len(lines))
    if len(lines) == 0:
        return labels
    near = (np.abs(lines[:, None, 0] - lines[None, :, 0]) <= _SNAP) & (
        np.maximum(lines[:, None, 1], lines[None, :, 1])
        <= np.minimum(lines[:, None, 2], lines[None, :, 2]) + _SNAP
    )
    while True:  # spread the smallest label over the pieces that touch
        spread = np.where(near, labels[None, :], len(lines)).min(axis=1)
        if np.array_equal(spread, labels):
            return labels
        labels = spread[spread]


def _ruled(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The edges that can be a side of a cell of a table: those on a line that meets lines
    across it as far apart as the smallest cell (_MIN_RULE_H wide, _MIN_RULE_V high). Strokes
    of large print (a title's upright strokes at 150 dpi are as long as the shortest ruling)
    meet none, or only each other inside a character; left in, they are snapped with a
    ruling in line with them (snapping chains: strokes 2-3 points apart moved a ruling 6
    points, off the rows it closes, and three rows of table 三 became one cell), or their
    crossings make a table of specks that takes a heading's characters for cells."""
    flat = [e for e in edges if e["orientation"] == "h"]
    tall = [e for e in edges if e["orientation"] != "h"]
    h, v = _lines(flat), _lines(tall)
    hl, vl = _pieces(h), _pieces(v)
    # meets[i, j]: horizontal edge i and upright edge j cross (pdfplumber's intersection test)
    meets = (
        (v[None, :, 0] >= h[:, None, 1] - _SNAP)
        & (v[None, :, 0] <= h[:, None, 2] + _SNAP)
        & (h[:, None, 0] >= v[None, :, 1] - _SNAP)
        & (h[:, None, 0] <= v[None, :, 2] + _SNAP)
    )
    keep_h, keep_v = np.ones(len(h), dtype=bool), np.ones(len(v), dtype=bool)
    while True:
        live = meets & keep_h[:, None] & keep_v[None, :]
        new_h = keep_h & (_span_met(live, hl, v[:, 0]) >= _MIN_RULE_H)
        new_v = keep_v & (_span_met(live.T, vl, h[:, 0]) >= _MIN_RULE_V)
        if np.array_equal(new_h, keep_h) and np.array_equal(new_v, keep_v):
            break
        keep_h, keep_v = new_h, new_v
    return [e for e, k in zip(flat, keep_h, strict=True) if k] + [
        e for e, k in zip(tall, keep_v, strict=True) if k
    ]


def _span_met(live: np.ndarray, own: np.ndarray, across: np.ndarray) -> np.ndarray:
    """For each edge, how far apart the lines across it that its line (all the pieces of a
    ruling broken by noise) meets lie; 0 when it meets fewer than two."""
    out = np.zeros(len(own))
    for label in np.unique(own):
        rows = own == label
        met = across[live[rows].any(axis=0)]
        if len(met) > 1:
            out[rows] = float(met.max() - met.min())
    return out


def table_cells(edges: list[dict[str, Any]]) -> list[tuple[BBox, list[BBox]]]:
    """Tables as (bbox, cell boxes), the way pdfplumber finds them in a drawn PDF."""
    edges = _ruled(edges)
    if not edges:
        return []
    merged = merge_edges(edges, _SNAP, _SNAP, _SNAP, _SNAP)
    merged = [e for e in merged if max(e["x1"] - e["x0"], e["bottom"] - e["top"]) >= _MIN_RULE_V]
    cells = intersections_to_cells(edges_to_intersections(merged, _SNAP, _SNAP))
    out: list[tuple[BBox, list[BBox]]] = []
    for group in cells_to_tables(cells):
        boxes = [tuple(float(v) for v in c) for c in group]
        bbox = (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
        out.append((bbox, boxes))  # type: ignore[arg-type]
    return out


def _row_bands(ink: np.ndarray) -> list[tuple[int, int]]:
    """Runs of pixel rows that hold ink: (first, last) row of each."""
    rows = np.flatnonzero(ink.any(axis=1))
    if len(rows) == 0:
        return []
    bands: list[tuple[int, int]] = []
    start = prev = int(rows[0])
    for r in rows[1:].tolist():
        if r > prev + 1:
            bands.append((start, prev))
            start = r
        prev = r
    bands.append((start, prev))
    return bands


def _joined(
    bands: list[tuple[int, int]], floor: float, line: float | None = None
) -> list[tuple[int, int]]:
    """Bands split by a gap inside the characters (a blurred scan opens gaps in strokes)
    joined again: a gap narrower than a quarter of the taller band, or than `floor` pixels,
    is inside a line; the leading between two lines is wider. When the height of one line
    is known, pieces are joined only while they fit in one line (tight leading at 150 dpi is
    as narrow as a gap inside a character)."""
    out: list[tuple[int, int]] = []
    for band in bands:
        if out:
            a0, a1 = out[-1]
            gap = band[0] - a1 - 1
            tallest = max(a1 - a0 + 1, band[1] - band[0] + 1)
            fits = line is None or band[1] - a0 + 1 <= 1.4 * line
            if fits and gap <= max(floor, _JOIN_SHARE * tallest):
                out[-1] = (a0, band[1])
                continue
        out.append(band)
    return out


def _split_tall(
    ink: np.ndarray, band: tuple[int, int], line: float | None
) -> list[tuple[int, int]]:
    """A band much taller than one line of the page's table text split into as many lines as
    it holds, each cut at the faintest row near where a line gap is due: lines set tight and
    blurred by the scan run together (a label wrapped over two or three lines would be read
    as one garbled line)."""
    y0, y1 = band
    height = y1 - y0 + 1
    if line is None or height < 1.6 * line:
        return [band]
    gap = 0.2 * line
    count = max(2, round((height + gap) / (line + gap)))
    rows = np.count_nonzero(ink[y0 : y1 + 1], axis=1)
    reach = max(1, int(0.35 * line))
    out: list[tuple[int, int]] = []
    top = 0
    for k in range(1, count):
        due = round(k * height / count)
        low, high = max(top + 1, due - reach), min(height - 2, due + reach)
        if high <= low:
            continue
        cut = low + int(np.argmin(rows[low : high + 1]))
        out.append((y0 + top, y0 + cut - 1))
        top = cut + 1
    out.append((y0 + top, y1))
    return out


def text_bands(
    ink: np.ndarray, floor: float = 2.0, line: float | None = None
) -> list[tuple[int, int, int, int]]:
    """The text lines inside a cell's ink mask: (x0, y0, x1, y1) pixel boxes, top down.
    `floor` is the narrowest gap (pixels) that may separate two lines; `line`, the height of
    one line of text, when known, splits bands that hold several."""
    out: list[tuple[int, int, int, int]] = []
    joined = _joined(_row_bands(ink), floor, line)
    bands = [b for band in joined for b in _split_tall(ink, band, line)]
    for y0, y1 in bands:
        cols = np.flatnonzero(ink[y0 : y1 + 1].any(axis=0))
        if y1 - y0 < 2 or len(cols) == 0:
            continue  # a speck, not a line of text
        out.append((int(cols[0]), y0, int(cols[-1]) + 1, y1 + 1))
    return out


def without_specks(ink: np.ndarray, speck: float) -> np.ndarray:
    """The ink of a cell without specks of noise: a blob smaller than `speck` pixels across
    is dropped unless it stands by a character, on its line (a decimal point, a comma)."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if count <= 1:
        return ink
    big = [i for i in range(1, count) if max(stats[i, 2], stats[i, 3]) >= speck]
    keep = np.zeros(count, dtype=bool)
    keep[big] = True
    for i in range(1, count):
        if keep[i]:
            continue
        x, y, _, h = stats[i, :4].tolist()
        keep[i] = any(
            stats[j, 1] - h <= y <= stats[j, 1] + stats[j, 3]
            and (stats[j, 0] - 2 * speck <= x <= stats[j, 0] + stats[j, 2] + 2 * speck)
            for j in big
        )
    return np.where(keep[labels], ink, 0).astype(np.uint8)


def without_edge_rulings(ink: np.ndarray, ruled: np.ndarray) -> np.ndarray:
    """A cell's ink without the pieces of its own rulings that reach inside it (a skewed or
    blurred scan leaves them at the cell's edge, where they would join its text lines). Only
    ruling runs touching the cell's edge go, upright ones or flat ones nearly as wide as the
    cell: the strokes of a line of characters can line up into a flat run as long as a
    ruling (国家秘密 at 150 dpi), but not across a whole cell, nor upright."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ruled, connectivity=8)
    if count <= 1:
        return ink
    h, w = ruled.shape
    x, y, cw, ch = stats[:, 0], stats[:, 1], stats[:, 2], stats[:, 3]
    touching = (x == 0) | (y == 0) | (x + cw >= w) | (y + ch >= h)
    edge = touching & ((ch > cw) | (cw >= 0.8 * w))
    edge[0] = False
    return np.where(edge[labels], 0, ink).astype(np.uint8)


def padded(box: tuple[int, int, int, int], shape: tuple[int, ...]) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = box
    m = _INK_MARGIN
    return max(0, x0 - m), max(0, y0 - m), min(shape[1], x1 + m), min(shape[0], y1 + m)
