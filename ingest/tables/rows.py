"""Token stream -> raw rows: the label fragments before a run of values, and the values.

A row ends where a new label starts after values, or at the end of a line in layouts where a
line is a row (tabs, grids). Labels without values (table headers, group labels, a label broken
across lines) are carried forward to the next row, where the label matcher sorts them out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import combinations, pairwise

from ingest.numbers import is_na_token
from ingest.tables.tokens import Token, TokenKind

# Kinds of data token that make a row hold values (a blank cell does not).
_VALUED = (TokenKind.VALUE, TokenKind.TEXT, TokenKind.RUN)


@dataclass(slots=True)
class RawRow:
    """Label fragments and the data tokens (values, text, blanks) that followed them."""

    labels: list[Token]
    data: list[Token] = field(default_factory=list)
    label_start: int = 0  # first label fragment that is part of the row's own label
    # How many group labels (（三）不予公开…) came before: rows of one group align alike.
    group: int = 0

    @property
    def has_values(self) -> bool:
        # A plain loop, not any() over a generator: 3x faster, asked several times per row.
        for t in self.data:  # noqa: SIM110
            if t.kind in _VALUED:
                return True
        return False

    def digit_run(self, width: int | None = None) -> Token | None:
        """The row's data as one digit run glued to its label (crawler dumps), if it is one.

        A short number in a cell of its own is never a run: a lone "15" under two columns is
        one value with a lost neighbour, not 1 and 5. A lone number with at least `width`
        digits, the rest of the row blank or absent, is a run (a converter that put a row's
        values into one cell). Callers pass `width` for tables whose identities will settle
        the split, and handle tables without identities themselves.
        """
        filled = [t for t in self.data if t.kind is not TokenKind.BLANK]
        if len(filled) != 1:
            return None
        token = filled[0]
        if token.kind is TokenKind.RUN:
            return token
        loose = width is not None and width > 1 and token.kind is TokenKind.VALUE
        if loose and token.text.isdigit() and len(token.text) >= width:
            return token
        return None

    @property
    def placeholder(self) -> bool:
        """Only "-" marks and blanks: an empty placeholder table, not data to account for."""
        return all(t.kind is TokenKind.BLANK or is_na_token(t.text) for t in self.data)

    @property
    def explicit(self) -> bool:
        """True when blank cells were seen, so positions of cells in the row mean something."""
        # A plain loop, not any() over a generator: 3x faster, asked several times per row.
        for t in self.data:  # noqa: SIM110
            if t.kind is TokenKind.BLANK:
                return True
        return False

    @property
    def label_texts(self) -> list[str]:
        return [t.text for t in self.labels]

    @property
    def printed_label(self) -> str:
        """The label as printed, for provenance: the fragments the row's label match used."""
        return " ".join(self.label_texts[self.label_start :])

    @property
    def line(self) -> int | None:
        first = self.data[0] if self.data else (self.labels[-1] if self.labels else None)
        return first.line if first else None


def assemble_rows(tokens: Sequence[Token]) -> list[RawRow]:
    """Group tokens into rows. Rows with only blank cells are kept (a row printed blank)."""
    rows: list[RawRow] = []
    labels: list[Token] = []
    data: list[Token] = []
    filled = False  # whether `data` holds a token that is not a blank cell

    for token in tokens:
        kind = token.kind
        if kind is TokenKind.LABEL:
            if filled:
                rows.append(RawRow(labels, data))
                labels, filled = [], False
            elif data and labels:
                rows.append(RawRow(list(labels), data))  # a label with blank cells only
            data = []
            labels.append(token)
        elif kind is TokenKind.ROW_END:
            if filled:
                rows.append(RawRow(labels, data))
                labels, data, filled = [], [], False
            elif data and labels:
                rows.append(RawRow(list(labels), data))  # a label with blank cells only
                data = []
        else:
            data.append(token)
            if kind is not TokenKind.BLANK:
                filled = True
    if filled:
        rows.append(RawRow(labels, data))
    elif data and labels:
        rows.append(RawRow(list(labels), data))  # the table ends on a label with blank cells
    return rows


def glue_candidates(values: Sequence[str], width: int) -> list[list[str]]:
    """Every way to join adjacent digit strings so that `values` becomes `width` numbers.

    Extraction sometimes splits one number into two cells ("1 | 2" for 12). Joined pieces
    must not start with 0 (a 0 is a number of its own). Callers keep the splits that make the
    row's identities hold, and repair only when exactly one does.
    """
    extra = len(values) - width
    if extra <= 0 or extra > 2 or not all(v.isdigit() for v in values):
        return []
    out: list[list[str]] = []
    for joins in combinations(range(len(values) - 1), extra):
        if any(b - a == 1 for a, b in pairwise(joins)):
            continue  # a number split in three pieces is beyond a plausible repair
        merged: list[str] = []
        i = 0
        while i < len(values):
            if i in joins:
                piece = values[i] + values[i + 1]
                if values[i].startswith("0"):
                    break
                merged.append(piece)
                i += 2
            else:
                merged.append(values[i])
                i += 1
        else:
            out.append(merged)
    return out


def unique_repair(
    values: Sequence[str], width: int, holds: Callable[[list[int]], bool]
) -> list[str] | None:
    """The one gluing of `values` into `width` numbers for which `holds` is true, else None."""
    good = [c for c in glue_candidates(values, width) if holds([int(v) for v in c])]
    return good[0] if len(good) == 1 else None
