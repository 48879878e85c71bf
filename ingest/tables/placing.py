"""Put a row's data tokens into its columns, and turn them into cells with provenance."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from ingest.numbers import missing_cell, parse_cell
from ingest.schema import Cell, Source
from ingest.tables.rows import RawRow, unique_repair
from ingest.tables.tokens import Token, TokenKind


class Fit(StrEnum):
    """How well a row's data filled its columns."""

    EXACT = "exact"  # one token per column
    REPAIRED = "repaired"  # split digits glued back, confirmed by the row's identities
    SHORT = "short"  # cell boundaries known, fewer cells than columns: the rest missing
    UNPLACED = "unplaced"  # the values cannot be assigned to columns


@dataclass(slots=True)
class Placement:
    """A row's tokens, one per column (None where the source has no cell)."""

    fit: Fit
    tokens: list[Token | None]
    found: int  # how many data tokens the row had
    row: RawRow

    @property
    def complete(self) -> bool:
        return self.fit in (Fit.EXACT, Fit.REPAIRED)

    def values(self) -> list[str]:
        return [t.text if t else "" for t in self.tokens]


def trimmed(row: RawRow, width: int) -> list[Token]:
    """Data tokens without surplus blank cells: trailing ones first, then leading fillers."""
    cells = list(row.data)
    while len(cells) > width and cells[-1].kind is TokenKind.BLANK:
        cells.pop()
    while len(cells) > width and cells[0].kind is TokenKind.BLANK:
        cells.pop(0)
    if not row.explicit:
        cells = [c for c in cells if c.kind is not TokenKind.BLANK]
    return cells


def place(
    row: RawRow, width: int, identity: Callable[[list[int]], bool] | None = None
) -> Placement:
    """Assign the row's data to `width` columns.

    Known cell boundaries (tabs, pipes, grids) are positional from the label on; short rows
    leave the remaining columns missing. Whitespace text has no blank cells, so a short row
    there cannot be placed at all. Surplus digits are glued back only when `identity` confirms
    exactly one way of doing it.
    """
    cells = trimmed(row, width)
    found = sum(1 for c in cells if c.kind is not TokenKind.BLANK)
    if len(cells) == width:
        return Placement(Fit.EXACT, list(cells), found, row)
    if len(cells) > width and identity is not None:
        texts = [c.text for c in cells if c.kind is not TokenKind.BLANK]
        repaired = unique_repair(texts, width, identity)
        if repaired is not None:
            tokens = _glued_tokens(cells, repaired)
            return Placement(Fit.REPAIRED, tokens, found, row)
    if len(cells) < width and row.explicit:
        padded: list[Token | None] = [*cells, *([None] * (width - len(cells)))]
        return Placement(Fit.SHORT, padded, found, row)
    return Placement(Fit.UNPLACED, [None] * width, found, row)


def _glued_tokens(cells: Sequence[Token], repaired: list[str]) -> list[Token | None]:
    """Tokens for the repaired values, each keeping the source of its first piece."""
    values = [c for c in cells if c.kind is not TokenKind.BLANK]
    out: list[Token | None] = []
    i = 0
    for text in repaired:
        out.append(Token(TokenKind.VALUE, text, values[i].source))
        i += 1 if values[i].text == text else 2
    return out


def cells_for(
    placement: Placement,
    columns: Sequence[tuple[str, str]],
    *,
    fallback: Source | None,
    money: frozenset[str] = frozenset(),
    row_labels: Sequence[str] | None = None,
) -> dict[str, Cell]:
    """Cells keyed by column, each with the printed row label and its column label.

    `row_labels` overrides the row label per column (table 四's blocks share one row).
    """
    labels = row_labels or [placement.row.printed_label] * len(columns)
    out: dict[str, Cell] = {}
    for (key, column_label), token, row_label in zip(
        columns, placement.tokens, labels, strict=True
    ):
        base = token.source if token else fallback
        source = (
            base.model_copy(update={"row_label": row_label, "column_label": column_label})
            if base
            else None
        )
        if token is None:
            raw = " ".join(placement.values()) if placement.fit is Fit.UNPLACED else ""
            out[key] = missing_cell(source, raw=raw)
        else:
            out[key] = parse_cell(token.text, source, money=key in money)
    return out


def blank_cells(
    row: RawRow, columns: Sequence[tuple[str, str]], fallback: Source | None
) -> dict[str, Cell]:
    """Cells of a row printed with its label and nothing else: all empty."""
    out: dict[str, Cell] = {}
    for key, column_label in columns:
        base = row.labels[-1].source if row.labels else fallback
        source = (
            base.model_copy(update={"row_label": row.printed_label, "column_label": column_label})
            if base
            else None
        )
        out[key] = parse_cell("", source)
    return out


def missing_cells(columns: Sequence[tuple[str, str]]) -> dict[str, Cell]:
    """Cells of a row that was not found at all."""
    return {key: missing_cell() for key, _ in columns}
