"""PDF bytes -> each page's characters and ruled-table cells, read with pdfium (C), ten times
faster than pdfminer's pure-Python interpreter, in the shape pdf_pages gives (pdfplumber's).

Characters: pdfium's text page, minus the spaces and line breaks it generates; a character's
box is pdfminer's: from its origin by its advance (learned from the smallest step to the next
character of the same run, for the character or its family: digits, ideographs), font size
tall with the font's descent below the baseline; so lines, words and cells come out as before.
Ruled tables: every painted path (in form XObjects too) becomes edges as pdfplumber makes them
(a two-point line, or the axis-aligned sides of a longer path), and pdfplumber's own table
finder joins them into cells.
"""

from __future__ import annotations

import ctypes
import itertools
import math
from types import SimpleNamespace
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw
from pdfplumber.table import TableFinder, TableSettings

BBox = tuple[float, float, float, float]
Edge = dict[str, Any]
_SETTINGS = TableSettings.resolve(None)
_SEGMENT_MOVE = raw.FPDF_SEGMENT_MOVETO
_MAX_ADVANCE = 1.25  # ems: no glyph advances further; a longer step includes spacing


def page_content(
    page: pdfium.PdfPage,
) -> tuple[float, list[dict[str, Any]], list[tuple[BBox, list[BBox]]]]:
    """(height, chars, tables) of one page, in pdfplumber's top-down coordinates."""
    left, bottom, right, top = page.get_mediabox()
    height = top - bottom
    chars = _chars(page, left, top)
    edges = _edges(page, left, top)
    tables = []
    if edges:
        finder = TableFinder(
            SimpleNamespace(edges=edges, bbox=(0, 0, right - left, height)), _SETTINGS
        )
        tables = [(tuple(t.bbox), list(t.cells)) for t in finder.tables]
    return height, chars, tables


def _chars(page: pdfium.PdfPage, left: float, top: float) -> list[dict[str, Any]]:
    textpage = page.get_textpage()
    handle = textpage.raw
    count = raw.FPDFText_CountChars(handle)
    text = _page_text(handle, count)
    ox, oy = ctypes.c_double(), ctypes.c_double()
    objects: dict[int, tuple[int, float, float, bool]] = {}  # font, descent, size, upright
    found: list[tuple[str, float, float, int, int]] = []  # text, x, y, object, char index
    for i in range(count):
        if raw.FPDFText_IsGenerated(handle, i) or text[i] == "\x00":
            continue
        raw.FPDFText_GetCharOrigin(handle, i, ox, oy)
        obj = raw.FPDFText_GetTextObject(handle, i)
        key = ctypes.cast(obj, ctypes.c_void_p).value or 0
        if key not in objects:
            objects[key] = _object(handle, i, obj)
        found.append((text[i], ox.value, oy.value, key, i))
    advances = _advances(found, objects)
    box = raw.FS_RECTF()
    chars = []
    for char, x, y, key, i in found:
        font, descent, size, upright = objects[key]
        advance = advances.get((font, char)) or advances.get((font, _family(char)))
        if advance is not None:
            x1 = x + advance * size
        else:
            raw.FPDFText_GetLooseCharBox(handle, i, box)  # glyph-wide; at most one em
            x1 = x + min(box.right - box.left, size)
        base = top - (y + descent)
        chars.append(
            {
                "text": char,
                "x0": x - left,
                "x1": x1 - left,
                "top": base - size,
                "bottom": base,
                "upright": upright,
            }
        )
    textpage.close()
    return chars


def _page_text(handle: Any, count: int) -> str:
    """The text page's characters, one per index (UTF-16 code units, as pdfium counts)."""
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    raw.FPDFText_GetText(handle, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    return buffer.raw[: count * 2].decode("utf-16-le", errors="surrogatepass") + "\x00"


def _object(handle: Any, index: int, text_object: Any) -> tuple[int, float, float, bool]:
    """What is the same for every character of a text object: its font (as a key), the
    font's descent and size in points, and whether it is upright (not rotated or mirrored)."""
    matrix = raw.FS_MATRIX()
    raw.FPDFText_GetMatrix(handle, index, matrix)
    upright = matrix.a * matrix.d > 0 and matrix.b * matrix.c <= 0
    # the font size as set (Tf), times the text matrix's vertical scale: the size on the page
    size = raw.FPDFText_GetFontSize(handle, index) * math.hypot(matrix.b, matrix.d)
    font = raw.FPDFTextObj_GetFont(text_object)
    value = ctypes.c_float()
    if font and raw.FPDFFont_GetDescent(font, ctypes.c_float(size), ctypes.byref(value)):
        return ctypes.cast(font, ctypes.c_void_p).value or 0, float(value.value), size, upright
    return 0, 0.0, size, upright


def _advances(
    found: list[tuple[str, float, float, int, int]],
    objects: dict[int, tuple[int, float, float, bool]],
) -> dict[tuple[int, str], float]:
    """A character's advance per point of size (by font and text), learned where it is
    followed by another in the same run: pdfium's own box width is the glyph's, not the
    advance pdfminer gives a run's last character."""
    advances: dict[tuple[int, str], float] = {}
    for (char, x, y, key, _), after in itertools.pairwise(found):
        font, _, size, _ = objects[key]
        if after[3] != key or after[2] != y or size <= 0:
            continue
        step = (after[1] - x) / size
        if 0 < step <= _MAX_ADVANCE:  # a longer step holds word or kerning space
            for k in ((font, char), (font, _family(char))):
                advances[k] = min(step, advances.get(k, step))
    return advances


def _family(char: str) -> str:
    """Characters a font gives one advance: digits (tabular figures), CJK ideographs and
    full-width forms (one em); any other character is its own family."""
    if char.isdigit():
        return "<digit>"
    return "<wide>" if ord(char) >= 0x2E80 else char


def _edges(page: pdfium.PdfPage, left: float, top: float) -> list[Edge]:
    edges: list[Edge] = []
    handle = page.raw
    for i in range(raw.FPDFPage_CountObjects(handle)):
        _object_edges(raw.FPDFPage_GetObject(handle, i), None, left, top, edges)
    return edges


def _object_edges(obj: Any, outer: Any, left: float, top: float, edges: list[Edge]) -> None:
    kind = raw.FPDFPageObj_GetType(obj)
    if kind == raw.FPDF_PAGEOBJ_FORM:
        m = raw.FS_MATRIX()
        raw.FPDFPageObj_GetMatrix(obj, m)
        matrix = _compose((m.a, m.b, m.c, m.d, m.e, m.f), outer)
        for j in range(raw.FPDFFormObj_CountObjects(obj)):
            _object_edges(raw.FPDFFormObj_GetObject(obj, j), matrix, left, top, edges)
        return
    if kind != raw.FPDF_PAGEOBJ_PATH:
        return
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    raw.FPDFPath_GetDrawMode(obj, fill, stroke)
    if not fill.value and not stroke.value:
        return
    m = raw.FS_MATRIX()
    raw.FPDFPageObj_GetMatrix(obj, m)
    matrix = _compose((m.a, m.b, m.c, m.d, m.e, m.f), outer)
    for points in _subpaths(obj):
        pts = [_apply(matrix, x, y, left, top) for x, y in points]
        edges.extend(_path_edges(pts))


def _subpaths(obj: Any) -> list[list[tuple[float, float]]]:
    """The path's points, one list per subpath; a closed subpath ends at its start again."""
    paths: list[list[tuple[float, float]]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for k in range(raw.FPDFPath_CountSegments(obj)):
        segment = raw.FPDFPath_GetPathSegment(obj, k)
        raw.FPDFPathSegment_GetPoint(segment, x, y)
        point = (x.value, y.value)
        if raw.FPDFPathSegment_GetType(segment) == _SEGMENT_MOVE or not paths:
            paths.append([point])
        else:
            paths[-1].append(point)
        if raw.FPDFPathSegment_GetClose(segment) and paths[-1][0] != paths[-1][-1]:
            paths[-1].append(paths[-1][0])
    return paths


def _path_edges(pts: list[tuple[float, float]]) -> list[Edge]:
    """pdfplumber's edges: a two-point path is a line (horizontal if flat, else vertical);
    a longer one gives its axis-aligned sides."""
    if len(pts) == 2:
        (x0, y0), (x1, y1) = pts
        orientation = "h" if y0 == y1 else "v"
        return [_edge(x0, y0, x1, y1, orientation)]
    out = []
    for (x0, y0), (x1, y1) in itertools.pairwise(pts):
        if x0 == x1:
            out.append(_edge(x0, y0, x1, y1, "v"))
        elif y0 == y1:
            out.append(_edge(x0, y0, x1, y1, "h"))
    return out


def _edge(x0: float, y0: float, x1: float, y1: float, orientation: str) -> Edge:
    top, bottom = min(y0, y1), max(y0, y1)
    return {
        "object_type": "line",
        "x0": min(x0, x1),
        "x1": max(x0, x1),
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": abs(x1 - x0),
        "height": bottom - top,
        "orientation": orientation,
    }


Matrix = tuple[float, float, float, float, float, float]


def _compose(inner: Matrix, outer: Matrix | None) -> Matrix:
    if outer is None:
        return inner
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)  # fmt: skip


def _apply(m: Matrix, x: float, y: float, left: float, top: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return (a * x + c * y + e - left, top - (b * x + d * y + f))
