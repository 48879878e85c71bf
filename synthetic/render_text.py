"""Render a Report as the text of an annual report, in one of the layouts real files come in.

Each style reproduces one family of the seed reports (`../shared/seeds`), quirks included, and
prints every cell's raw text exactly ("" as an empty cell, "/" as "/"), so a parser that reads
the rendering back should recover the record's cells. Choices within a style (spellings,
heading levels, where a quirk falls) are fixed by the report id.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from ingest.schema import Report
from synthetic.render_ocr import render_ocr
from synthetic.render_pdf import render_pdf
from synthetic.render_pipe import render_pipe
from synthetic.render_tab import render_tab


class TextStyle(StrEnum):
    """The text layouts of the seed reports."""

    TAB = "tab"  # tab-separated cells with merged-cell gaps, markdown headings (seeds 000, 003)
    PIPE = "pipe"  # one cell per line ending in " |", "||" gap lines (seed 001)
    PDF = "pdf"  # space-separated PDF extraction, broken labels, radical look-alikes (seed 002)
    OCR = "ocr"  # tab layout with OCR noise, split group labels, duplicated fragments (seed 004)


_RENDERERS: dict[TextStyle, Callable[[Report], str]] = {
    TextStyle.TAB: render_tab,
    TextStyle.PIPE: render_pipe,
    TextStyle.PDF: render_pdf,
    TextStyle.OCR: render_ocr,
}


def render_text(report: Report, style: TextStyle | str = TextStyle.PIPE) -> str:
    """The whole report (title, six sections, three tables) as text in `style`."""
    return _RENDERERS[TextStyle(style)](report)
