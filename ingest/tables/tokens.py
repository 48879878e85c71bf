"""Table text -> a stream of label, value and blank-cell tokens, whatever the layout.

Layouts, detected per line:
- grid rows from HTML/DOCX/PDF readers: the reader's cells, each with its own Source;
- tab-separated (seeds 000, 003, 004): each tab-delimited piece is a cell; a line is a row;
- markdown tables `| a | b |`;
- one cell per line ending in `|` (seed 001): `||` lines are blank filler cells;
- whitespace PDF text (seed 002): value tokens split off labels by spaces; no blank cells.

Inside any cell, "label 0 0 0 0   label 0 0" runs (OCR duplicates) are split the same way as
whitespace text, so every value is a token of its own and never glued to its neighbour.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from ingest.document import DocLine, Document
from ingest.numbers import is_na_token, is_value_token
from ingest.schema import Source

_HAN = re.compile(r"[\u3400-\u9fff]")
_LETTERS = re.compile(r"[A-Za-z]")
# Digits inside a piece of text with no space around them: cells run together with their labels
# ("规章000行政规范性文件8855698第二十条…", "…申请数量 713000074二、上年结转…").
# A signed change glued in ("行政处罚135+3704"), "/" or "—" marks of n/a cells ("/1101115",
# "00——101"), a thousands separator ("00522,716") and letters OCR made of digits ("42I", "1O5")
# stay inside the run: such a run is not split by counting digits alone.
_DIGITS = re.compile(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\dIlOo])"
    r"|[/／IlOo—–]*\d+(?:[+/／,IlOo—–-]+\d+)*[/／IlOo—–]*(?:\.\d+)?"
)
# After a digit group: the numbering of the next row ("00000002.其他…" is 0000000 and "2.").
_NUMBERING_AFTER = re.compile(r"[.．、](?=[^\d\s])")
# A run that can end in the next row's numbering: counts and n/a marks only ("130/002152.没有…"
# is 130/00215 and "2."), not a signed change, a separator or OCR letters.
_NUMBERED_RUN = re.compile(r"[\d/／—–-]*\d")
# Digits followed by a date, a measure word or a unit belong to the text ("2022年", "第3页",
# "保留4位小数"): concatenated cells run into the next label, never into a measure word.
_PROSE_AFTER = re.compile(r"[年月日号页位个项条件次人名家元万亿%％倍类种部期批级岁天周]")
# A column's index in its header label ("数据1", "列3", "第2栏"): part of the label.
_INDEX_BEFORE = re.compile(r"(?:数据|数值|列|栏|第)$")
_MD_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")


class TokenKind(StrEnum):
    LABEL = "label"  # text with Chinese characters: a row or column label, or noise
    VALUE = "value"  # a number or a not-applicable mark
    TEXT = "text"  # letters where a number belongs ("abc")
    BLANK = "blank"  # an explicitly empty cell (only in layouts with known cell boundaries)
    RUN = "run"  # digits glued to a label with no separator (crawler dumps): several cells
    ROW_END = "row_end"  # end of a line in a layout where one line is one table row


@dataclass(slots=True)
class Token:
    kind: TokenKind
    text: str
    source: Source
    cell: int | None = None  # index of the cell within its printed row, where cells are known

    @property
    def line(self) -> int | None:
        return self.source.line


def _classify(piece: str) -> TokenKind | None:
    """The kind of one whitespace-free or cell piece; None for punctuation noise."""
    if not piece:
        return TokenKind.BLANK
    if piece.isascii() and piece.isdigit():  # most cells: plain counts, no regex needed
        return TokenKind.VALUE
    if is_value_token(piece) or is_na_token(piece):
        return TokenKind.VALUE
    if _HAN.search(piece):
        return TokenKind.LABEL
    if _LETTERS.search(piece):
        return TokenKind.TEXT
    return None


def glued_segments(piece: str) -> list[tuple[TokenKind, str]]:
    """A label piece cut where digits are glued into it: label text and digit runs in order.

    A digit group right before "." or "、" and more text ends with the next row's numbering
    (one digit); digits before 年/月/日/号/页 are prose and stay in the label.
    """
    out: list[tuple[TokenKind, str]] = []
    label = ""
    at = 0
    for m in _DIGITS.finditer(piece):
        digits, end = m.group(0), m.end()
        if _PROSE_AFTER.match(piece, end):
            continue
        if len(digits) <= 2 and _INDEX_BEFORE.search(piece, 0, m.start()):
            continue
        numbering = ""
        if _NUMBERING_AFTER.match(piece, end) and _NUMBERED_RUN.fullmatch(digits):
            digits, numbering = digits[:-1], digits[-1]
        label += piece[at : m.start()]
        if digits:
            if label:
                out.append((TokenKind.LABEL, label))
            out.append((TokenKind.RUN, digits))
            label = ""
        label += numbering
        at = end
    label += piece[at:]
    if label:
        out.append((TokenKind.LABEL, label))
    return out


# What a value piece followed by the next row's numbering mark ("03" before ". 其他") ends in.
_NUMBERING_MARKS = (".", "．", "、")
Part = tuple[TokenKind | None, str]


def _numbering_glued_after(piece: str, following: str) -> tuple[Part, ...] | None:
    """A value with the next row's numbering glued on ("03" before ". 其他" is 0 and "3."):
    a count never starts with 0. None for a value that stands alone (the common case)."""
    if len(piece) > 1 and piece[0] == "0" and piece.isdigit() and following[:1] in _NUMBERING_MARKS:
        return ((TokenKind.VALUE, piece[:-1]), (TokenKind.LABEL, piece[-1]))
    return None


@lru_cache(maxsize=16384)
def _piece_parts(piece: str) -> tuple[Part, ...]:
    """The kinds of one whitespace-free piece that is not a plain count: a label cut where
    digits are glued into it, else the piece as one part of its kind. Cached: label pieces
    repeat across reports (the template's row labels)."""
    kind = _classify(piece)
    if kind is TokenKind.LABEL and any(c.isdigit() for c in piece):
        return tuple(glued_segments(piece))
    return ((kind, piece),)


def _close_label(parts: list[tuple[TokenKind, str]], label_parts: list[str]) -> None:
    """End the label being collected, if any: its fragments become one label part."""
    if label_parts:
        parts.append((TokenKind.LABEL, " ".join(label_parts)))
        label_parts.clear()


def _run_parts(text: str) -> list[tuple[TokenKind, str]]:
    """`split_runs` without sources: the kind and text of each token of free text."""
    parts: list[tuple[TokenKind, str]] = []
    label_parts: list[str] = []
    pending: list[str] = []  # numbering or punctuation: part of a label only if one follows
    pieces = text.split()
    last = len(pieces) - 1
    for i, piece in enumerate(pieces):
        if piece.isascii() and piece.isdigit():  # most pieces: plain counts
            segments = (
                _numbering_glued_after(piece, pieces[i + 1] if i < last else "")
                if piece[0] == "0"
                else None
            )
            if segments is None:
                if label_parts:
                    _close_label(parts, label_parts)
                pending.clear()  # lone punctuation between values is extraction noise
                parts.append((TokenKind.VALUE, piece))
                continue
        else:
            segments = _piece_parts(piece)
            if len(segments) == 1 and segments[0][0] is TokenKind.VALUE:
                glued = _numbering_glued_after(piece, pieces[i + 1] if i < last else "")
                segments = glued or segments
        for part_kind, part in segments:
            if part_kind is TokenKind.RUN:
                label_parts.extend(pending)
                pending.clear()
                _close_label(parts, label_parts)
                parts.append((TokenKind.RUN, part))
            elif part_kind is TokenKind.LABEL:
                label_parts.extend(pending)
                label_parts.append(part)
                pending.clear()
            elif part_kind is None:
                (label_parts if label_parts else pending).append(part)
            elif part_kind in (TokenKind.VALUE, TokenKind.TEXT):
                _close_label(parts, label_parts)
                pending.clear()  # lone punctuation between values is extraction noise
                parts.append((part_kind, part))
    _close_label(parts, label_parts)
    return parts


def split_runs(text: str, source: Source) -> list[Token]:
    """Split free text into label runs and value tokens (spaces separate values)."""
    return [Token(kind, part, source) for kind, part in _run_parts(text)]


@lru_cache(maxsize=16384)
def _cell_parts(stripped: str) -> tuple[tuple[TokenKind, str], ...]:
    """The kind and text of each token of one cell that is not a plain count: blank, a value,
    or split runs. Cached: label cells repeat across reports."""
    kind = _classify(stripped)
    if kind is TokenKind.BLANK:
        return ((TokenKind.BLANK, ""),)
    if kind in (TokenKind.VALUE, TokenKind.TEXT) and " " not in stripped:
        return ((kind, stripped),)
    runs = _run_parts(stripped)
    if not runs and any(c.isdigit() for c in stripped):
        # Digits no reading accepts ("200-2121", a row run together around a sign): an
        # unreadable cell, reported as text, never a blank that hides that something was there.
        return ((TokenKind.TEXT, stripped),)
    return tuple(runs) or ((TokenKind.BLANK, stripped),)


def _cell_tokens(text: str, source: Source, index: int) -> list[Token]:
    """Tokens of one cell whose boundaries are known: blank, a value, or split runs."""
    stripped = text.strip()
    if stripped.isascii() and stripped.isdigit():  # most cells: plain counts
        return [Token(TokenKind.VALUE, stripped, source, index)]
    return [Token(kind, part, source, index) for kind, part in _cell_parts(stripped)]


def line_cells(line: DocLine) -> tuple[list[str], bool] | None:
    """Cell texts of a line with explicit cell boundaries, and whether the line is one row.

    None for whitespace text, whose cells are found by `split_runs`.
    """
    text = line.text
    stripped = text.strip()
    if "\t" in text:
        return text.split("\t"), True
    if stripped.startswith("|") and stripped.endswith("|") and stripped.strip("|").strip():
        if _MD_RULE.match(stripped):
            return [], True
        return stripped[1:-1].split("|"), True
    if stripped.endswith("|"):
        return stripped.split("|")[:-1], False
    return None


def tokenize(doc: Document, lines: list[DocLine]) -> list[Token]:
    """The token stream of some lines of `doc` (usually one section's body)."""
    tokens: list[Token] = []
    for line in lines:
        if line.cells is not None:
            for index, cell in enumerate(line.cells):
                if index and _HAN.search(cell.text) and cell.text == line.cells[index - 1].text:
                    continue  # a merged cell repeated across the grid: read once
                tokens.extend(_cell_tokens(cell.text, cell.source, index))
            tokens.append(Token(TokenKind.ROW_END, "", doc.source(line)))
            continue
        if not line.text.strip():
            continue
        source = doc.source(line)
        cells = line_cells(line)
        if cells is None:
            tokens.extend(split_runs(line.text, source))
            continue
        pieces, one_row = cells
        for index, piece in enumerate(pieces):
            tokens.extend(_cell_tokens(piece, source, index))
        if one_row:
            tokens.append(Token(TokenKind.ROW_END, "", source))
    return tokens
