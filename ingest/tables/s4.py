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
from ingest.tables.placing import Fit, cells_for, choose_reading, decoded, place
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
    blocks = [numbers[i : i + 5] for i in range(0, WIDTH, 5)]
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


def parse_s4(tokens: list[Token], *, fallback: Source | None) -> S4Result:
    """Read table 四 from its section's tokens."""
    row = _value_row(assemble_rows(tokens))
    if row is None:
        return S4Result({})
    warnings = _header_warnings(tokens)
    run = row.digit_run()
    if run is not None:
        return S4Result(_decoded_cells(row, run, fallback, warnings), warnings, True)
    placement = place(row, WIDTH, blocks_hold)
    outcome = choose_reading(placement, _failing_blocks)
    if outcome:
        warnings.append(
            ParseWarning(
                code="blank_cells_aligned",
                line=row.line,
                message=f"line {row.line}: table 四 has blank cells at both ends; {outcome}",
            )
        )
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
    elif placement.fit is not Fit.EXACT:
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
