"""Table 四 (reconsideration and litigation): a header block, then one row of 15 numbers.

The header is verified by its words (行政复议 before 行政诉讼, 未经复议直接起诉 before 复议后起诉);
the 15 values map to review, litigation_direct and litigation_after_review, five each.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.normalize import match_key
from ingest.numbers import parse_number
from ingest.schema import Cell, ParseWarning, Source
from ingest.tables.digit_runs import block_splits
from ingest.tables.labels import text_key
from ingest.tables.placing import (
    Fit,
    Placement,
    cells_for,
    choose_reading,
    decoded,
    missing_cells,
    place,
)
from ingest.tables.rows import RawRow, assemble_rows
from ingest.tables.tokens import Token, TokenKind
from ingest.template import S4_BLOCKS, S4_FIELDS, S4_RESULTS

WIDTH = len(S4_FIELDS)
COLUMNS: list[tuple[str, str]] = [
    (f"{b.key}_{r.key}", r.label) for b in S4_BLOCKS for r in S4_RESULTS
]
ROW_LABELS: list[str] = [f"{b.parent} {b.label}".strip() for b in S4_BLOCKS for _ in S4_RESULTS]
_HEADER_ORDER = (("行政复议", "行政诉讼"), ("未经复议直接起诉", "复议后起诉"))


def blocks_hold(values: list[int]) -> bool:
    """H4–H6 on the 15 values: each block's last value is the sum of its first four."""
    return all(sum(values[i : i + 4]) == values[i + 4] for i in range(0, WIDTH, 5))


def _failing_blocks(tokens: list[Token]) -> int:
    """How many block identities fail under one reading; a block with a blank cannot fail."""
    numbers = [parse_number(t.text) if t.kind is TokenKind.VALUE else None for t in tokens]
    blocks = [numbers[i : i + 5] for i in range(0, len(numbers), 5)]
    return sum(1 for b in blocks if None not in b and sum(b[:4]) != b[4])  # type: ignore[arg-type]


@dataclass(slots=True)
class S4Result:
    cells: dict[str, Cell]
    warnings: list[ParseWarning] = field(default_factory=list)
    found: bool = False


def _header_warnings(tokens: list[Token]) -> list[ParseWarning]:
    text = match_key("".join(t.text for t in tokens if t.kind is TokenKind.LABEL))
    out = []
    for first, second in _HEADER_ORDER:
        i, j = text.find(first), text.find(second)
        if i == -1 or j == -1:
            out.append(
                ParseWarning(
                    code="column_label_not_found",
                    message=f"table 四 header lacks {first if i == -1 else second}; "
                    "the 15 values were read in the template order",
                )
            )
        elif j < i:
            out.append(
                ParseWarning(
                    code="unexpected_column_order",
                    message=f"table 四 header prints {second} before {first}; values were still "
                    "read in the template order, check the source",
                )
            )
    return out


def _value_row(rows: list[RawRow]) -> RawRow | None:
    """The values of the table: the first row with values, plus value-only rows after it."""
    merged: RawRow | None = None
    for row in rows:
        if not row.has_values:
            continue
        if merged is None:
            merged = RawRow(list(row.labels), list(row.data))
        elif not row.labels:
            merged.data.extend(row.data)
        else:
            break
    return merged


def _decoded_cells(
    row: RawRow, run: Token, fallback: Source | None, warnings: list[ParseWarning]
) -> dict[str, Cell]:
    """Table 四 printed as one glued run of digits: split it by the three block sums."""
    solutions = block_splits(run.text)
    cells: list[set[int]] = [{s[i] for s in solutions} for i in range(WIDTH)]
    placement = decoded(row, run, cells)
    if not solutions:
        message = "no split makes every block add up to its 总计; cells missing"
    elif placement.ambiguous:
        message = (
            f"{len(solutions)} splits make every block add up; columns "
            f"{sorted(placement.ambiguous)} are ambiguous"
        )
    else:
        message = "split the only way every block adds up to its 总计"
    warnings.append(
        ParseWarning(
            code="digit_run_decoded"
            if solutions and not placement.ambiguous
            else "digit_run_ambiguous"
            if solutions
            else "digit_run_undecodable",
            line=row.line,
            message=f"line {row.line}: table 四 printed as the digit run {run.text!r}: {message}",
        )
    )
    return cells_for(placement, COLUMNS, fallback=fallback, row_labels=ROW_LABELS)


BLOCK = len(S4_RESULTS)
# Words that name a block in its own small table's title, most specific first.
_BLOCK_WORDS: tuple[tuple[str, int], ...] = (
    ("复议后起诉", 2),
    ("未经复议", 1),
    ("直接起诉", 1),
    ("行政复议", 0),
)


def _block_of(row: RawRow) -> int | None:
    """The block a small table's row belongs to, from the words printed before its values."""
    text = text_key("".join(row.label_texts))
    for word, block in _BLOCK_WORDS:
        if word in text:
            return block
    return None


_RESULT_FORMS = tuple({match_key(r.label), *map(match_key, r.aliases)} for r in S4_RESULTS)


def _under_results_header(row: RawRow) -> bool:
    """The row follows a header of exactly the five result columns (结果维持 … 总计)."""
    texts = [text_key(t) for t in row.label_texts[-BLOCK:]]
    return len(texts) == BLOCK and all(t in f for t, f in zip(texts, _RESULT_FORMS, strict=True))


def _small_tables(rows: list[RawRow]) -> list[tuple[int, RawRow]] | None:
    """Table 四 printed as one small table per block (行政复议 / 直接起诉 / 复议后起诉): each
    value row with its block, named by its title or else taken in template order. None when
    the values are not laid out that way.

    A row of five blank cells right under a header of the five result columns is a small table
    printed blank: it holds its block (the one its title names, else the next), so the next
    table's values do not move into it. Blank cells elsewhere are a merged header's."""
    out: list[tuple[int, RawRow]] = []
    for row in rows:
        named = _block_of(row)
        after = out[-1][0] if out else -1
        if not row.has_values:
            if len(row.data) != BLOCK or not _under_results_header(row):
                continue  # blanks of a merged header cell, not a small table's row
            if named is not None and named > after:
                out.append((named, row))
            elif named is None and after + 1 < len(S4_BLOCKS):
                out.append((after + 1, row))  # an untitled small table of blanks, in order
            continue
        if sum(1 for t in row.data if t.kind is not TokenKind.BLANK) > BLOCK:
            return None
        block = named if named is not None and named > after else after + 1
        if block >= len(S4_BLOCKS):
            return None
        out.append((block, row))
    valued = sum(1 for _, row in out if row.has_values)
    if not valued or not 2 <= len(out) <= len(S4_BLOCKS):
        return None
    if valued < len(out) and any(len(row.data) > BLOCK for _, row in out):
        return None  # a wide row with mostly blank cells: one table, not small ones
    return out


def _block_identity(values: list[int]) -> bool:
    return sum(values[:4]) == values[4]


def _parse_small_tables(blocks: list[tuple[int, RawRow]], fallback: Source | None) -> S4Result:
    """Table 四 as three small tables, each read on its own and put in its block's columns."""
    warnings: list[ParseWarning] = []
    cells: dict[str, Cell] = {}
    found = {block: row for block, row in blocks}
    for b, spec in enumerate(S4_BLOCKS):
        columns = COLUMNS[b * BLOCK : (b + 1) * BLOCK]
        labels = ROW_LABELS[b * BLOCK : (b + 1) * BLOCK]
        row = found.get(b)
        if row is None:
            warnings.append(
                ParseWarning(
                    code="row_missing",
                    message=f"table 四 printed as separate tables lacks the {spec.label} table; "
                    "its cells are reported missing",
                )
            )
            cells.update(missing_cells(columns))
            continue
        placement = place(row, BLOCK, _block_identity)
        choose_reading(placement, _failing_blocks)
        _note_blanks_dropped(placement, warnings)
        if placement.fit not in (Fit.EXACT, Fit.BLANKS_DROPPED):
            warnings.append(
                ParseWarning(
                    code="short_row" if placement.fit is Fit.SHORT else "values_not_placed",
                    line=row.line,
                    message=f"line {row.line}: table 四's {spec.label} table has "
                    f"{placement.found} value(s) for 5 columns; cells that cannot be placed "
                    "are reported missing",
                )
            )
        cells.update(cells_for(placement, columns, fallback=fallback, row_labels=labels))
    return S4Result(cells, warnings, True)


def _note_blanks_dropped(placement: Placement, warnings: list[ParseWarning]) -> None:
    if placement.fit is Fit.BLANKS_DROPPED:
        row = placement.row
        warnings.append(
            ParseWarning(
                code="blank_cells_dropped",
                line=row.line,
                message=f"line {row.line}: table 四 row has {len(row.data)} cells for "
                f"{len(placement.tokens)} columns; without its blank ones every block adds up "
                f"to its 总计: {placement.values()}",
            )
        )


def parse_s4(tokens: list[Token], *, fallback: Source | None) -> S4Result:
    """Read table 四 from its section's tokens."""
    rows = assemble_rows(tokens)
    small = _small_tables(rows)
    if small is not None:
        return _parse_small_tables(small, fallback)
    row = _value_row(rows)
    if row is None:
        return S4Result({})
    warnings = _header_warnings(tokens)
    run = row.digit_run(WIDTH)
    if run is not None:
        return S4Result(_decoded_cells(row, run, fallback, warnings), warnings, True)
    placement = place(row, WIDTH, blocks_hold)
    if placement.fit is Fit.SHORT and len(row.data) % BLOCK == 0:
        # As many cells as whole blocks: one block's small table, and which block it is no
        # title says. Its cells stay missing rather than land in the first block's columns.
        placement = Placement(Fit.UNPLACED, [None] * WIDTH, placement.found, row)
    outcome = choose_reading(placement, _failing_blocks)
    if outcome:
        warnings.append(
            ParseWarning(
                code="blank_cells_aligned",
                line=row.line,
                message=f"line {row.line}: table 四 has blank cells at both ends; {outcome}",
            )
        )
    _note_blanks_dropped(placement, warnings)
    if placement.fit is Fit.REPAIRED:
        warnings.append(
            ParseWarning(
                code="split_digits_repaired",
                line=row.line,
                message=f"line {row.line}: table 四 has {placement.found} values for 15 columns; "
                f"joined split digits to {placement.values()}, the only reading where every "
                "block adds up to its 总计",
            )
        )
    elif placement.fit not in (Fit.EXACT, Fit.BLANKS_DROPPED):
        warnings.append(
            ParseWarning(
                code="values_not_placed" if placement.fit is Fit.UNPLACED else "short_row",
                line=row.line,
                message=f"line {row.line}: table 四 has {placement.found} value(s) for 15 columns; "
                "cells that cannot be placed are reported missing",
            )
        )
    cells = cells_for(placement, COLUMNS, fallback=fallback, row_labels=ROW_LABELS)
    return S4Result(cells, warnings, True)
