"""Layout-independent reading: cut lines where the template's structure starts.

A crawler dump prints a whole report on one line; a PDF converted to text leaves page footers
inside sentences and tables. Before sections are split, every text line is cut where a numbered
section title starts inside it (`…提供有力保障。 二、主动公开政府信息情况第二十条…`) and again
where that title ends, and page footers ("- 3 -", "第 3 页 共 6 页") are taken out. A report
without line breaks then reads like one with them: the section splitter and the table
tokenizer see the same lines either way. Cut pieces keep the number of the line they come from,
so sources still point into the file, and the original text of each piece is kept for display.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise

from ingest.document import DocLine
from ingest.normalize import normalize_text
from ingest.section_gaps import is_prose
from ingest.sections import inline_headings

# "第 3 页 共 6 页", "第3页/共6页": unambiguous wherever they stand.
_PAGE_OF = re.compile(r"第\s*\d{1,4}\s*页\s*[,，/]?\s*共\s*\d{1,4}\s*页")
# "- 3 -", "-3-", "— 3 —": a page number only when the numbers of such marks run on from one to
# the next through the document (a table row "- 3 -" is a blank, a 3 and a blank). A footer
# never reaches across a tab: "—\t0\t—" in a tab-separated row is three cells (n/a, 0, n/a),
# and two such rows printing 0 then 1 would otherwise read as pages 0 and 1. No page is
# numbered 0: "— 0 —" is always a 0 between two n/a cells (also in space-separated rows).
_GAP = r"[^\S\t]*"  # spaces, not a cell boundary
_DASHED = re.compile(rf"(?<![\w.-])[-—–－]{_GAP}(\d{{1,3}}){_GAP}[-—–－](?![\w.-])")
_LONE_DASHED = re.compile(rf"^{_GAP}[-—–－]{_GAP}(\d{{1,3}}){_GAP}[-—–－]{_GAP}$")


def reflow(lines: Iterable[DocLine]) -> list[DocLine]:
    """The document's lines with page footers removed and inline section titles cut out."""
    lines = list(lines)
    footers = _dashed_footers(lines)
    out: list[DocLine] = []
    for index, line in enumerate(lines):
        if line.cells is not None:
            out.append(line)
            continue
        spans = [m.span() for m in _PAGE_OF.finditer(line.text)] + footers.get(index, [])
        if (lone := _LONE_DASHED.match(line.text)) and int(lone.group(1)):
            continue
        out += _cut(_without(line, spans))
    return out


def _dashed_footers(lines: list[DocLine]) -> dict[int, list[tuple[int, int]]]:
    """Dashed page numbers: marks whose numbers go up by one from a mark to the next one.

    A mark that breaks the run (a table cell "- 3 -" between pages 5 and 6) is left as text.
    """
    marks = [
        (index, m.span(), int(m.group(1)))
        for index, line in enumerate(lines)
        if line.cells is None
        for m in _DASHED.finditer(line.text)
        if int(m.group(1))
    ]
    found: dict[int, list[tuple[int, int]]] = {}
    for k, (index, span, number) in enumerate(marks):
        before = marks[k - 1][2] if k > 0 else None
        after = marks[k + 1][2] if k + 1 < len(marks) else None
        if before == number - 1 or after == number + 1:
            found.setdefault(index, []).append(span)
    return found


def _without(line: DocLine, spans: list[tuple[int, int]]) -> DocLine:
    """The line with the given spans of its text replaced by a space."""
    if not spans:
        return line
    text = line.text
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " + text[end:]
    return DocLine(line.number, text, _original_without(line, spans), None, line.page)


def _original_without(line: DocLine, spans: list[tuple[int, int]]) -> str:
    offsets = _offsets(line.original, line.text)
    if offsets is None:
        return line.text
    original = line.original
    for start, end in sorted(spans, reverse=True):
        original = original[: offsets[start]] + " " + original[offsets[end] :]
    return original


def _cut(line: DocLine) -> list[DocLine]:
    """The line split before and after every section title that starts inside it."""
    if len(line.text) < 30:
        return [line]
    points: list[int] = []
    for heading in inline_headings(line.text):
        points += [heading.start, heading.end]
    if "\t" not in line.text and "|" not in line.text:
        points += _prose_after_values(line.text)
    points = sorted({p for p in points if 0 < p < len(line.text)})
    if not points:
        return [line]
    offsets = _offsets(line.original, line.text)
    bounds = [0, *points, len(line.text)]
    pieces: list[DocLine] = []
    for start, end in pairwise(bounds):
        text = line.text[start:end]
        if not text.strip():
            continue
        original = line.original[offsets[start] : offsets[end]] if offsets else text
        pieces.append(DocLine(line.number, text.strip(), original.strip(), None, line.page))
    return pieces


# Five or more numbers standing apart: the values of a table row (table 四 prints fifteen).
_VALUE_RUN = re.compile(r"(?:(?<=\s)|^)(?:[-+]?\d[\d,.]*\s+){4,}[-+]?\d[\d,.]*\s+")
_NEXT_VALUE = re.compile(r"\s[-+]?\d[\d,.]*(?:\s|$)")


def _prose_after_values(text: str) -> list[int]:
    """Where running text starts right after a table's values (a report whose 五 title is
    lost prints its problems paragraph straight after table 四)."""
    points = []
    for m in _VALUE_RUN.finditer(text):
        window = text[m.end() : m.end() + 120]
        number = _NEXT_VALUE.search(window)
        if is_prose(window[: number.start()] if number else window):
            points.append(m.end())
    return points


def _offsets(original: str, text: str) -> list[int] | None:
    """For each position of the normalized `text` (and its end), the position in `original`;
    None when normalization does not map character by character."""
    offsets: list[int] = []
    for i, ch in enumerate(original):
        offsets += [i] * len(normalize_text(ch))
    offsets.append(len(original))
    return offsets if len(offsets) == len(text) + 1 else None
