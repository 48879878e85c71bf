"""Ruled tables found from a scan's ruling runs (ocr_grid.table_cells): strokes of large print
that are as long as a ruling must not move the rulings, and a ruling broken by noise is still
one ruling."""

from __future__ import annotations

from typing import Any

from ingest.readers.ocr_grid import table_cells


def _h(y: float, x0: float, x1: float) -> dict[str, Any]:
    return {"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0.0,
            "orientation": "h"}  # fmt: skip


def _v(x: float, top: float, bottom: float) -> dict[str, Any]:
    return {"x0": x, "x1": x, "top": top, "bottom": bottom, "width": 0.0,
            "height": bottom - top, "orientation": "v"}  # fmt: skip


def _grid(right: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """A label column split at x=120 (its rows 二/三 ruled from there on, like table 三's
    (一)/(二) rows), a value column to x=300."""
    rows = [_h(100, 70, 300), _h(120, 118.5, 300), _h(140, 118.5, 300), _h(160, 70, 300)]
    return rows + [_v(70, 98, 162), _v(120, 98, 162)] + (right or [_v(300, 98, 162)])


def _cells(edges: list[dict[str, Any]]) -> set[tuple[float, ...]]:
    return {tuple(round(v, 1) for v in c) for _, cells in table_cells(edges) for c in cells}


def test_strokes_of_a_title_in_line_with_a_ruling_do_not_move_it() -> None:
    # upright strokes of a large title above the table, 2.5 points apart: snapped together
    # with the ruling at x=120 they would drag it to x=115, off the rows that start at 118.5
    strokes = [_v(x, 10, 25) for x in (110.0, 112.5, 115.0, 117.5)]
    cells = _cells(_grid() + strokes)
    assert {(120.0, 100.0, 300.0, 120.0), (120.0, 120.0, 300.0, 140.0)} <= cells
    assert (120.0, 140.0, 300.0, 160.0) in cells
    assert all(c[1] >= 100 for c in cells)  # no cell made of the strokes


def test_a_ruling_broken_by_noise_still_closes_its_cells() -> None:
    # the right border broken 3 points below the top row: its upper piece meets one ruling only
    broken = [_v(300, 98, 108), _v(300, 110, 162)]
    cells = _cells(_grid(broken))
    assert (120.0, 100.0, 300.0, 120.0) in cells
    assert len(cells) == 4


def test_strokes_crossing_inside_a_headings_characters_are_no_table() -> None:
    # a bold heading blurred at 150 dpi: two flat runs joined across two characters and three
    # upright strokes that cross them, as long as rulings but only 12 and 7 points apart
    strokes = [_h(658, 232, 257), _h(665, 232, 257)]
    strokes += [_v(x, 655, 668) for x in (240.0, 246.0, 252.0)]
    assert table_cells(strokes) == []
    assert len(_cells(_grid() + strokes)) == 4  # the table beside them is still found
