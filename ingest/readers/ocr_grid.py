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
_MIN_RULE = 14.0  # points: shorter runs are strokes of characters, not rulings
_LINE_GAP = 1  # pixel rows without ink that end a text line inside a cell
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
        if length < _MIN_RULE:
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


def rulings(binary: np.ndarray, geo: Geometry) -> tuple[list[dict[str, Any]], np.ndarray]:
    """The ruling lines of a page (pdfplumber edge dicts, points) and their pixel mask."""
    long = max(15, geo.pixels(_MIN_RULE))
    flat = cv2.morphologyEx(
        binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (long, 1))
    )
    tall = cv2.morphologyEx(
        binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, long))
    )
    # a ruling broken by noise or a faint stretch is joined again
    flat = cv2.dilate(flat, cv2.getStructuringElement(cv2.MORPH_RECT, (7, 3)))
    tall = cv2.dilate(tall, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 7)))
    edges = _runs(flat, True, geo) + _runs(tall, False, geo)
    return edges, cv2.bitwise_or(flat, tall)


def table_cells(edges: list[dict[str, Any]]) -> list[tuple[BBox, list[BBox]]]:
    """Tables as (bbox, cell boxes), the way pdfplumber finds them in a drawn PDF."""
    if not edges:
        return []
    merged = merge_edges(edges, _SNAP, _SNAP, _SNAP, _SNAP)
    merged = [e for e in merged if max(e["x1"] - e["x0"], e["bottom"] - e["top"]) >= _MIN_RULE]
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


def text_bands(ink: np.ndarray) -> list[tuple[int, int, int, int]]:
    """The text lines inside a cell's ink mask: (x0, y0, x1, y1) pixel boxes, top down."""
    rows = np.flatnonzero(ink.any(axis=1))
    if len(rows) == 0:
        return []
    bands: list[tuple[int, int]] = []
    start = prev = int(rows[0])
    for r in rows[1:].tolist():
        if r - prev > _LINE_GAP + 1:
            bands.append((start, prev))
            start = r
        prev = r
    bands.append((start, prev))
    out: list[tuple[int, int, int, int]] = []
    for y0, y1 in bands:
        cols = np.flatnonzero(ink[y0 : y1 + 1].any(axis=0))
        if y1 - y0 < 2 or len(cols) == 0:
            continue  # a speck, not a line of text
        out.append((int(cols[0]), y0, int(cols[-1]) + 1, y1 + 1))
    return out


def padded(box: tuple[int, int, int, int], shape: tuple[int, ...]) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = box
    m = _INK_MARGIN
    return max(0, x0 - m), max(0, y0 - m), min(shape[1], x1 + m), min(shape[0], y1 + m)
