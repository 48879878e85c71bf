"""RECORD quirks: they change what the report prints, and so the cells a parser must return.

Blank cells that mean 0 are empty (null), "/" and "-" are not applicable (null), totals printed
against their parts stay as printed: the truth is what the page says, never what it should say.
Spelling quirks (3,119, full-width digits, 4-decimal 万元) change the raw text, not the value.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator

from ingest.numbers import parse_cell
from ingest.schema import Cell, Report
from ingest.template import MONEY_FIELDS, S3_APPLICANT_KEYS, S4_BLOCKS, S4_RESULTS
from synthetic.chaos.context import Chaos
from synthetic.chaos.quirks import Quirk

FULL_WIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")
NA_SPELLINGS = ("/", "/", "-", "—", "无", "／")
CellRef = tuple[str, str, str]  # (table, row or field, column or "")


def cell_refs(report: Report) -> Iterator[CellRef]:
    """Every cell of the record, table by table."""
    for f in report.s2:
        yield "s2", f, ""
    for row, cols in report.s3.items():
        for col in cols:
            yield "s3", row, col
    for f in report.s4:
        yield "s4", f, ""


def get(report: Report, ref: CellRef) -> Cell:
    table, row, col = ref
    if table == "s3":
        return report.s3[row][col]
    return (report.s2 if table == "s2" else report.s4)[row]


def put(report: Report, ref: CellRef, raw: str) -> None:
    """Print `raw` in the cell (value and status follow from it, as the parser would read it)."""
    table, row, col = ref
    cell = parse_cell(raw, money=row in MONEY_FIELDS)
    if table == "s3":
        report.s3[row][col] = cell
    else:
        (report.s2 if table == "s2" else report.s4)[row] = cell


def _value(report: Report, ref: CellRef) -> int | float | None:
    return get(report, ref).value


def _zero_refs(report: Report, table: str) -> list[CellRef]:
    return [r for r in cell_refs(report) if r[0] == table and _value(report, r) == 0]


# ---------------------------------------------------------------- blank = 0, "/" = n/a


def blank_zero(ch: Chaos) -> None:
    """Zeros printed as nothing: whole all-zero columns, every zero, or empty 四 blocks."""
    report, rng = ch.report, ch.rng
    variant = rng.choice(("columns", "columns", "all_zeros", "s4_blocks"))
    refs: list[CellRef] = []
    if variant == "columns":
        cols = [c for c in S3_APPLICANT_KEYS if _column_is_zero(report, c)]
        if not cols:
            cols = rng.sample(S3_APPLICANT_KEYS[1:], rng.randint(1, 3))
        refs = [r for r in _zero_refs(report, "s3") if r[2] in cols]
    elif variant == "all_zeros":
        refs = [r for t in ("s2", "s3", "s4") for r in _zero_refs(report, t)]
    if variant == "s4_blocks" or rng.random() < 0.4:
        refs += [r for r in _zero_refs(report, "s4") if _block_is_zero(report, r[1])]
    for ref in refs:
        put(report, ref, "")
    ch.note(Quirk.BLANK_ZERO, f"{variant}, {len(refs)} cells blank")


def _column_is_zero(report: Report, col: str) -> bool:
    return all(cols[col].value == 0 for cols in report.s3.values())


def _block_is_zero(report: Report, field: str) -> bool:
    block = next(b.key for b in S4_BLOCKS if field.startswith(b.key + "_"))
    return all(report.s4[f"{block}_{r.key}"].value == 0 for r in S4_RESULTS)


def na_marks(ch: Chaos) -> None:
    """Not-applicable marks where an agency has nothing to report."""
    report, rng = ch.report, ch.rng
    mark = rng.choice(NA_SPELLINGS)
    refs: list[CellRef] = [("s2", f, "") for f in report.s2 if f.startswith("regulations_")]
    if rng.random() < 0.5:
        refs += [r for r in _zero_refs(report, "s4") if _block_is_zero(report, r[1])]
    zeros = _zero_refs(report, "s3")
    refs += rng.sample(zeros, min(len(zeros), rng.randint(1, 40)))
    if rng.random() < 0.3:
        refs += [r for r in _zero_refs(report, "s2") if r[1] in MONEY_FIELDS]
    for ref in refs:
        put(report, ref, mark if rng.random() < 0.8 else rng.choice(NA_SPELLINGS))
    ch.note(Quirk.NA_MARKS, f"{mark!r} in {len(refs)} cells")


# ---------------------------------------------------------------- totals against their parts


def _s4_zero_totals(report: Report, rng: random.Random) -> str:
    """四 totals printed 0 under non-zero parts (parts made up where the block had none)."""
    blocks = [b.key for b in S4_BLOCKS if rng.random() < 0.7] or [S4_BLOCKS[0].key]
    for block in blocks:
        if report.s4[f"{block}_total"].value == 0:
            for r in S4_RESULTS[:-1]:
                put(report, ("s4", f"{block}_{r.key}", ""), str(rng.choice((0, 0, 1, 2, 5, 10))))
            put(report, ("s4", f"{block}_upheld", ""), str(rng.randint(1, 12)))
        put(report, ("s4", f"{block}_total", ""), "0")
    return f"四 totals 0 in {blocks}"


def _off(rng: random.Random, n: int) -> int:
    delta = rng.choice((-3, -2, -1, 1, 1, 2, 5, 10))
    return n + delta if n + delta >= 0 else n + abs(delta)


def _s4_off(report: Report, rng: random.Random) -> str:
    block = rng.choice(S4_BLOCKS).key
    ref = ("s4", f"{block}_total", "")
    put(report, ref, str(_off(rng, int(_value(report, ref) or 0))))
    return f"{block}_total off"


def _s3_off(report: Report, rng: random.Random) -> str:
    rows = rng.sample(list(report.s3), rng.randint(1, 4))
    cols = [rng.choice(("total", "total", rng.choice(S3_APPLICANT_KEYS))) for _ in rows]
    for row, col in zip(rows, cols, strict=True):
        ref = ("s3", row, col)
        put(report, ref, str(_off(rng, int(_value(report, ref) or 0))))
    return f"三 cells off: {list(zip(rows, cols, strict=True))}"


def contradicting_totals(ch: Chaos) -> None:
    """Totals printed that are not the sum of their parts (the record contradicts itself)."""
    actions: list[Callable[[Report, random.Random], str]] = [_s4_zero_totals, _s4_off, _s3_off]
    chosen = [a for a in actions if ch.rng.random() < 0.5] or [ch.rng.choice(actions)]
    ch.note(Quirk.CONTRADICTING_TOTALS, "; ".join(a(ch.report, ch.rng) for a in chosen))


# ---------------------------------------------------------------- how numbers are spelled


def thousands_separators(ch: Chaos) -> None:
    """Four-digit and larger counts printed 3,119: big 二 counts, and a column of 三 made big
    (new requests granted on top, so every identity still holds)."""
    report, rng = ch.report, ch.rng
    col = rng.choice(("natural_person", "natural_person", "commercial"))
    extra = rng.randint(1000, 30000)
    outcome = rng.choice(("granted", "unable_not_held", "partially_granted"))
    for row in ("new_received", outcome, "total_processed"):
        for c in (col, "total"):
            put(report, ("s3", row, c), str(int(_value(report, ("s3", row, c)) or 0) + extra))
    for f in ("licensing_decisions", "penalty_decisions", "coercion_decisions"):
        if f in report.s2 and rng.random() < 0.7:
            put(report, ("s2", f, ""), str(rng.randint(1000, 999999)))
    always = rng.random() < 0.7
    n = 0
    for ref in cell_refs(report):
        value = _value(report, ref)
        if value is not None and abs(value) >= 1000 and (always or rng.random() < 0.5):
            put(report, ref, _grouped(value))
            n += 1
    ch.note(Quirk.THOUSANDS_SEPARATORS, f"+{extra} in 三 {col}/{outcome}, {n} cells grouped")


def _grouped(value: float) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    whole, _, decimals = (repr(value) if isinstance(value, float) else str(value)).partition(".")
    return f"{int(whole):,}.{decimals}"


def full_width_digits(ch: Chaos) -> None:
    """Digits printed full-width (３１１９), in some tables or in scattered cells."""
    tables = {t for t in ("s2", "s3", "s4") if ch.rng.random() < 0.6} or {"s3"}
    scattered = ch.rng.random() < 0.4
    n = 0
    for ref in cell_refs(ch.report):
        if ref[0] in tables and (not scattered or ch.rng.random() < 0.3):
            put(ch.report, ref, get(ch.report, ref).raw.translate(FULL_WIDTH))
            n += 1
    ch.note(Quirk.FULL_WIDTH_DIGITS, f"{n} cells in {sorted(tables)}")


def money_decimals(ch: Chaos) -> None:
    """Amounts in 万元 with 2-4 decimals, trailing zeros kept (12.50, 0.3000, 7,730.2800)."""
    for field in sorted(MONEY_FIELDS & set(ch.report.s2)):
        places = ch.rng.choice((2, 3, 4))
        amount = round(ch.rng.uniform(0.01, 20000.0) / 10 ** ch.rng.randint(0, 3), places)
        raw = f"{amount:,.{places}f}" if ch.rng.random() < 0.2 else f"{amount:.{places}f}"
        put(ch.report, ("s2", field, ""), raw)
        ch.note(Quirk.MONEY_DECIMALS, f"{field} = {raw}")
