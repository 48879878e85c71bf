"""PDF characters -> words and visual lines, from positions alone (never a page's extract_text).

A word ends at a space or a horizontal gap: a third of the font size between letters, or any
visible gap between two digits, so numbers in adjacent cells never run together. A line is the
glyphs whose vertical centres fall within one line's band. Text inside a cell or paragraph
joins its wrapped lines without a space (as Chinese is printed), unless a Latin word was
broken at a space.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

_WORD_GAP = 0.3  # x gap, in font sizes, that separates two words
_DIGIT_GAP = 0.1  # points: digits of one number touch; digits of two cells do not
_DIGITISH = frozenset("0123456789.,/-")
_LATIN = re.compile(r"[A-Za-z]")
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－_\s]*\d{1,4}[-—–－_\s]*|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$",
    re.I,
)
_MARGIN_BAND = 0.1  # share of the page height at top and bottom where page numbers sit


@dataclass(slots=True)
class Glyph:
    """One character as positioned on the page (pdfplumber's coordinates: top from above)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def size(self) -> float:
        return self.bottom - self.top

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class Word:
    """A run of glyphs without a gap: a cell value, a label, a stretch of prose."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass(slots=True)
class TextLine:
    """One visual line of running text on a page."""

    page: int
    words: list[Word]
    size: float  # font size of its glyphs (the largest)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)


def glyphs(chars: Iterable[dict[str, Any]]) -> list[Glyph]:
    """pdfplumber's char dicts as Glyphs; rotated text (stamps, watermarks) is left out."""
    return [
        Glyph(c["text"], float(c["x0"]), float(c["x1"]), float(c["top"]), float(c["bottom"]))
        for c in chars
        if c.get("upright", True) and c["text"]
    ]


def group_lines(items: Sequence[Glyph]) -> list[list[Glyph]]:
    """Glyphs grouped into visual lines, top to bottom, each sorted left to right."""
    lines: list[list[Glyph]] = []
    band = (0.0, -1.0)
    for g in sorted(items, key=lambda g: (g.cy, g.x0)):
        if lines and band[0] <= g.cy <= band[1]:
            lines[-1].append(g)
        else:
            lines.append([g])
            band = (g.top, g.bottom)
    for line in lines:
        line.sort(key=lambda g: g.x0)
    return lines


def _breaks(prev: Glyph, g: Glyph) -> bool:
    gap = g.x0 - prev.x1
    if gap > _WORD_GAP * max(prev.size, g.size):
        return True
    return gap > _DIGIT_GAP and prev.text in _DIGITISH and g.text in _DIGITISH


def split_words(line: Sequence[Glyph]) -> list[Word]:
    """The words of one visual line (spaces and gaps separate them)."""
    words: list[Word] = []
    run: list[Glyph] = []

    def flush() -> None:
        if run:
            words.append(
                Word(
                    "".join(g.text for g in run),
                    run[0].x0,
                    run[-1].x1,
                    min(g.top for g in run),
                    max(g.bottom for g in run),
                )
            )
            run.clear()

    for g in line:
        if g.text.isspace():
            flush()
            continue
        if run and _breaks(run[-1], g):
            flush()
        run.append(g)
    flush()
    return words


def text_lines(items: Sequence[Glyph], page: int) -> list[TextLine]:
    """Visual lines of running text (glyphs outside tables) on one page."""
    out: list[TextLine] = []
    for line in group_lines(items):
        words = split_words(line)
        if words:
            out.append(TextLine(page, words, max(g.size for g in line)))
    return out


def join_wrapped(left: str, right: str) -> str:
    """Two pieces of one text broken by wrapping: CJK joins directly, Latin words by a space."""
    if not left or not right:
        return left + right
    space = _LATIN.match(left[-1]) and _LATIN.match(right[0])
    return f"{left} {right}" if space else left + right


def cell_text(items: Sequence[Glyph]) -> str:
    """The text of one table cell: its lines joined as wrapped text, words by spaces."""
    text = ""
    for line in group_lines(items):
        text = join_wrapped(text, " ".join(w.text for w in split_words(line)))
    return text


def is_page_number(line: TextLine, page_height: float) -> bool:
    """A page number printed in the header or footer band ("- 3 -", "第3页", "3/6")."""
    in_band = line.bottom < page_height * _MARGIN_BAND or line.top > page_height * (
        1 - _MARGIN_BAND
    )
    return in_band and bool(_PAGE_NUMBER.match(line.text.strip()))
