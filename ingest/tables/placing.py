"""Put a row's data tokens into its columns, and turn them into cells with provenance."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from ingest.numbers import missing_cell, parse_cell
from ingest.schema import Cell, CellStatus, Source
from ingest.tables.rows import RawRow, unique_repair
from ingest.tables.tokens import Token, TokenKind


class Fit(StrEnum):
    """How well a row's data filled its columns."""

    EXACT = "exact"  # one token per column
    DECODED = "decoded"  # split out of a glued digit run by the template's constraints
    REPAIRED = "repaired"  # split digits glued back, confirmed by the row's identities
    # More cells than columns, the surplus blank (a grid split by another table's rulings):
    # without the blanks the row has one value per column and its identity holds.
    BLANKS_DROPPED = "blanks_dropped"
    SHORT = "short"  # cell boundaries known, fewer cells than columns: the rest missing
    UNPLACED = "unplaced"  # the values cannot be assigned to columns
    # Blank cells left no trace, but the last value is the total its parts add up to: the
    # total column is known, which columns the parts stand in is not.
    TOTAL_ONLY = "total_only"


@dataclass(slots=True)
class Placement:
    """A row's tokens, one per column (None where the source has no cell)."""

    fit: Fit
    tokens: list[Token | None]
    found: int  # how many data tokens the row had
    row: RawRow
    # Other equally positional readings when blank cells sit at both ends of a long row;
    # the table's identities choose among them (see `windows`, `choose_reading`).
    alternatives: list[list[Token]] = field(default_factory=list)
    # Columns whose reading stays open after that: index -> the competing texts.
    ambiguous: dict[int, str] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return self.fit in (Fit.EXACT, Fit.REPAIRED, Fit.DECODED, Fit.BLANKS_DROPPED)

    def values(self) -> list[str]:
        return [t.text if t else "" for t in self.tokens]


# (cell position of the row's label, cells after the label, the row's group)
LeadKey = tuple[int | None, int, int]


def learn_leads(rows: Sequence[tuple[RawRow, int]]) -> dict[LeadKey, int]:
    """How many blank filler cells follow a label, by the label's position and row length.

    Exported tables put a filler after a label that spans two columns (seed 003: "一、本年新收…
    <tab><tab>35"), and pipe text closes each row with a gap that depends on its label cells.
    Rows holding exactly their width in values show the filler count without ambiguity; rows
    of the same shape with blank cells at both ends are then read with the same count. Seed
    000's last row has two fillers where its other rows have none: a different length, so the
    count learned from the others does not apply to it.
    """
    seen: dict[LeadKey, Counter[int]] = {}
    for row, width in rows:
        if not row.labels or not row.explicit:  # the cheap tests before building a list
            continue
        values = [t for t in row.data if t.kind is not TokenKind.BLANK]
        if len(values) != width:
            continue
        lead = next(i for i, t in enumerate(row.data) if t.kind is not TokenKind.BLANK)
        seen.setdefault(lead_key(row), Counter())[lead] += 1
    return {key: counts.most_common(1)[0][0] for key, counts in seen.items()}


def lead_key(row: RawRow) -> LeadKey:
    """Rows of one shape take one filler count. In a cell stream (one cell per line, seed 001)
    the label's cell position says nothing, so its group (a merged group column shifts the
    cells of its rows) takes part; in a grid the label's position says it already."""
    stream = len({t.source.line for t in row.data}) > 1
    return (row.labels[-1].cell if row.labels else None, len(row.data), row.group if stream else 0)


def trimmed(row: RawRow, width: int, lead: int | None = None) -> list[Token]:
    """Data tokens without surplus blank cells: the table's known filler count first, then
    trailing blanks, then leading ones."""
    cells = list(row.data)
    for _ in range(lead or 0):
        if len(cells) > width and cells[0].kind is TokenKind.BLANK:
            cells.pop(0)
    while len(cells) > width and cells[-1].kind is TokenKind.BLANK:
        cells.pop()
    while len(cells) > width and cells[0].kind is TokenKind.BLANK:
        cells.pop(0)
    if not row.explicit:
        cells = [c for c in cells if c.kind is not TokenKind.BLANK]
    return cells


def place(
    row: RawRow,
    width: int,
    identity: Callable[[list[int]], bool] | None = None,
    lead: int | None = None,
) -> Placement:
    """Assign the row's data to `width` columns.

    Known cell boundaries (tabs, pipes, grids) are positional from the label on; short rows
    leave the remaining columns missing. Whitespace text has no blank cells, so a short row
    there cannot be placed at all. Surplus digits are glued back only when `identity` confirms
    exactly one way of doing it.
    """
    cells = trimmed(row, width, lead)
    found = sum(1 for c in cells if c.kind is not TokenKind.BLANK)
    if len(cells) == width:
        readings = windows(row, width)
        if lead is not None and any(w == row.data[lead : lead + width] for w in readings):
            readings = []  # the table's own filler count settles the alignment
        others = [w for w in readings if w != cells]
        return Placement(Fit.EXACT, list(cells), found, row, others)
    if len(cells) > width and identity is not None and row.explicit:
        values = [c for c in cells if c.kind is not TokenKind.BLANK]
        numbers = [_int(c) for c in values]
        if len(values) == width and None not in numbers and identity(numbers):  # type: ignore[arg-type]
            return Placement(Fit.BLANKS_DROPPED, list(values), found, row)
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


MIN_TOTAL_ONLY = 2  # a lone value could be any column; with parts, the last is their total


def total_only(row: RawRow, width: int, values: Sequence[Token]) -> Placement | None:
    """A row of fewer values than columns, in text whose blank cells left no trace ("3 1 4"
    under seven columns), read as far as it can be: when the values before the last add up
    to it, the last is the total column (the template's row identity, H3); the parts could
    stand in any of the other columns, so they stay missing."""
    numbers = [_int(t) for t in values]
    if not MIN_TOTAL_ONLY <= len(numbers) < width or None in numbers:
        return None
    if sum(numbers[:-1]) != numbers[-1]:  # type: ignore[arg-type]
        return None
    tokens: list[Token | None] = [*([None] * (width - 1)), values[-1]]
    return Placement(Fit.TOTAL_ONLY, tokens, len(values), row)


def _int(token: Token) -> int | None:
    """A plain count token's value (no signs, separators or decimals: those read otherwise)."""
    text = token.text
    if token.kind is not TokenKind.VALUE or not text.isdigit():
        return None
    return None if len(text) > 1 and text[0] == "0" else int(text)


def decoded(
    row: RawRow, run: Token, cells: Sequence[set[int] | set[str] | set[int | str]]
) -> Placement:
    """A row read out of a digit run: one value per settled cell, ambiguous where the
    consistent splits disagree (an empty set means no split was consistent: missing)."""
    tokens: list[Token | None] = []
    ambiguous: dict[int, str] = {}
    for i, values in enumerate(cells):
        if len(values) == 1:
            tokens.append(Token(TokenKind.VALUE, str(next(iter(values))), run.source))
        else:
            tokens.append(None)
            if values:
                shown = sorted(str(v) for v in values if v != -1)[:6]
                ambiguous[i] = " | ".join(shown) + (" | …" if -1 in values else "")
    return Placement(Fit.DECODED, tokens, 1, row, ambiguous=ambiguous)


def windows(row: RawRow, width: int) -> list[list[Token]]:
    """Every run of `width` cells of an explicit row that leaves out only blank cells."""
    data = row.data
    if not row.explicit or len(data) <= width:
        return []
    out = []
    for start in range(len(data) - width + 1):
        outside = [*data[:start], *data[start + width :]]
        if all(t.kind is TokenKind.BLANK for t in outside):
            out.append(list(data[start : start + width]))
    return out


def choose_reading(placement: Placement, failing: Callable[[list[Token]], int]) -> str | None:
    """Settle a row with several positional readings by the table's identities.

    Only an identity that fails refutes a reading: one that holds may do so by chance, since a
    blank cell can hide exactly the value a shifted reading moves into its column. The readings
    with the fewest failing identities remain; if more than one does, cells on which they agree
    are kept and the others become ambiguous: never a guess. Returns a sentence for the
    warning, or None when the first reading stood alone.
    """
    if not placement.alternatives:
        return None
    readings = [[t for t in placement.tokens if t is not None], *placement.alternatives]
    scored = [(failing(r), r) for r in readings]
    fewest = min(f for f, _ in scored)
    best = [r for f, r in scored if f == fewest]
    placement.alternatives = []
    placement.tokens = list(best[0])
    if len(best) == 1:
        return None if best[0] is readings[0] else "read as the only alignment no identity refutes"
    for i in range(len(best[0])):
        texts = list(dict.fromkeys(r[i].text or "(blank)" for r in best))
        if len(texts) > 1:
            placement.ambiguous[i] = " | ".join(texts)
    return (
        f"{len(best)} alignments fit equally; columns {sorted(placement.ambiguous)} "
        "are reported ambiguous"
    )


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
    ambiguous = placement.ambiguous
    out: dict[str, Cell] = {}
    for (key, column_label), token, row_label in zip(
        columns, placement.tokens, labels, strict=True
    ):
        base = token.source if token is not None else fallback
        source = base.labelled(row_label, column_label) if base is not None else None
        index = len(out)
        if ambiguous and index in ambiguous:
            out[key] = Cell(
                value=None,
                raw=placement.ambiguous[index],
                status=CellStatus.AMBIGUOUS,
                source=source,
            )
        elif token is None:
            raw = (
                " ".join(t.text for t in placement.row.data if t.text)
                if placement.fit in (Fit.UNPLACED, Fit.TOTAL_ONLY)
                else ""
            )
            out[key] = missing_cell(source, raw=raw)
        else:
            out[key] = parse_cell(token.text, source, money=key in money, normalized=True)
    return out


def blank_cells(
    row: RawRow, columns: Sequence[tuple[str, str]], fallback: Source | None
) -> dict[str, Cell]:
    """Cells of a row printed with its label and nothing else: all empty."""
    out: dict[str, Cell] = {}
    for key, column_label in columns:
        base = row.labels[-1].source if row.labels else fallback
        source = base.labelled(row.printed_label, column_label) if base else None
        out[key] = parse_cell("", source)
    return out


def missing_cells(columns: Sequence[tuple[str, str]]) -> dict[str, Cell]:
    """Cells of a row that was not found at all."""
    return {key: missing_cell() for key, _ in columns}
