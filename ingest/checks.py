"""The report's own identities (勾稽关系): H1–H7 within one report, S1 across years.

Each result names every cell it used, so a reader can open them. A participant without a value
(blank, "/", missing, text) makes an identity not_assessable: blank is never 0, so it can neither
confirm nor break a sum. Counts compare exactly; decimals within half a 4th-decimal unit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ingest.schema import Cell, CellRef, CellStatus, CheckOutcome, CheckResult, CheckRule, Report
from ingest.template import (
    MONEY_FIELDS,
    S3_APPLICANT_KEYS,
    S3_COLUMN_KEYS,
    S3_COLUMNS,
    S3_OUTCOME_ROWS,
    S3_ROWS,
    S4_BLOCKS,
    S4_RESULTS,
    SIGNED_FIELDS,
    FormatVersion,
    S4BlockSpec,
)
from ingest.text_checks import text_checks

__all__ = ["MONEY_TOLERANCE", "check_carry_over", "count_outcomes", "failed", "run_checks"]

Number = int | float

# Amounts carry at most 4 decimals: anything closer than half that unit is the same amount.
MONEY_TOLERANCE = 0.5e-4
TABLES = ("s2", "s3", "s4")

_VALUED = frozenset({CellStatus.NUMBER, CellStatus.ZERO})
_TABLE_ZH = {"s2": "表二", "s3": "表三", "s4": "表四"}
_COLUMN_ZH = {c.key: c.zh for c in S3_COLUMNS}
_ROW_ZH = {r.key: r.zh for rows in S3_ROWS.values() for r in rows}
_S4_ZH = {r.key: r.zh for r in S4_RESULTS}
_S4_PARTS = tuple(r.key for r in S4_RESULTS if r.key != "total")
_BLOCK_RULE = {
    "review": CheckRule.H4,
    "litigation_direct": CheckRule.H5,
    "litigation_after_review": CheckRule.H6,
}


@dataclass(frozen=True, slots=True)
class _Side:
    """One side of an identity, fixed by the template: its cells (all in one table) and their
    labels. `name` and its sum stand in for the terms when they are too many to list."""

    section: str
    keys: tuple[tuple[str, str], ...]  # (row, column) of each term; column "" off table 三
    at: tuple[tuple[str, int], ...]  # (row, index in S3_COLUMN_KEYS) of each term in table 三
    refs: tuple[CellRef, ...]
    labels: tuple[str, ...]
    listed: str  # "label {} + label {}": the message's terms, for str.format with the values
    name: str = ""

    def cells(self, report: Report) -> list[Cell | None]:
        """The side's cells in `report`, None where it has none."""
        if self.section == "s3":
            s3 = report.s3
            return [s3.get(row, _NO_ROW).get(column) for row, column in self.keys]
        table = report.s2 if self.section == "s2" else report.s4
        return [table.get(row) for row, _ in self.keys]

    def values(self, report: Report, grid: _Grid) -> list[Number | None]:
        """_value of each of the side's cells in `report` (table 三's from its `grid`)."""
        if self.section == "s3":
            return [grid[row][at] for row, at in self.at]
        table = report.s2 if self.section == "s2" else report.s4
        return [_value(table.get(row)) for row, _ in self.keys]

    def show(self, values: list[Number], total: Number) -> str:
        if self.name and len(self.keys) > 4:
            return f"{self.name} {_fmt(total)}"
        return self.listed.format(*map(_fmt, values))


_NO_ROW: dict[str, Cell] = {}
_COLUMN_AT = {key: at for at, key in enumerate(S3_COLUMN_KEYS)}


class _Grid(dict[str, list[Number | None]]):
    """One report's table 三 values, row by row in S3_COLUMN_KEYS order, each row read on first
    use: the identities read its 175 cells 360 times, as whole rows (H3) and columns (H1, H2)."""

    def __init__(self, report: Report) -> None:
        super().__init__()
        self.s3 = report.s3

    def __missing__(self, row: str) -> list[Number | None]:
        cells = self.s3.get(row, _NO_ROW)
        values = self[row] = [_value(cells.get(column)) for column in S3_COLUMN_KEYS]
        return values


def _side(section: str, terms: Iterable[tuple[str, str | None, str]], name: str = "") -> _Side:
    """A side from its (row, column, label) terms."""
    terms = tuple(terms)
    return _Side(
        section,
        tuple((row, column or "") for row, column, _ in terms),
        tuple((row, _COLUMN_AT[column] if section == "s3" else -1) for row, column, _ in terms),
        tuple(cell_ref(section, row, column) for row, column, _ in terms),
        tuple(label for _, _, label in terms),
        " + ".join(label.replace("{", "{{").replace("}", "}}") + " {}" for _, _, label in terms),
        name,
    )


@dataclass(frozen=True, slots=True)
class _Identity:
    """lhs = rhs on one scope: everything but the report's values, so built once per template
    edition rather than per report."""

    rule: CheckRule
    scope: str
    lhs: _Side
    rhs: _Side
    head: str  # the message's start: "H1 自然人: "
    refs: tuple[CellRef, ...]  # every cell it uses, lhs then rhs


def _identity_of(rule: CheckRule, scope: str, title: str, lhs: _Side, rhs: _Side) -> _Identity:
    """An identity with its message head and cell list worked out."""
    return _Identity(rule, scope, lhs, rhs, f"{rule} {title}: ", lhs.refs + rhs.refs)


def _value(cell: Cell | None) -> Number | None:
    """The cell's number, or None when it printed none (or is not there at all)."""
    if cell is None or cell.status not in _VALUED:
        return None
    return cell.value


@lru_cache(maxsize=4096)
def cell_ref(section: str, row: str, column: str | None = None) -> CellRef:
    """One shared (frozen) CellRef per cell of the template: checks name hundreds per report."""
    return CellRef(section=section, row=row, column=column)


def _fmt(value: Number | None) -> str:
    """A number as a reader would write it: no trailing zeros, no float noise."""
    if value is None:
        return "?"
    if isinstance(value, int):
        return str(value)
    return f"{value:.4f}".rstrip("0").rstrip(".")


def _equal(a: Number, b: Number) -> bool:
    """Exact for integers; within MONEY_TOLERANCE once a decimal takes part."""
    if isinstance(a, int) and isinstance(b, int):
        return a == b
    return abs(a - b) <= MONEY_TOLERANCE


def _total(values: list[Number | None]) -> Number | None:
    return None if None in values else sum(values)  # type: ignore[arg-type]


def _why_null(side: _Side, cells: list[Cell | None], values: list[Number | None]) -> list[str]:
    """Why each term of the side without a value has none."""
    out = []
    for ref, label, cell, value in zip(side.refs, side.labels, cells, values, strict=True):
        if value is not None:
            continue
        if cell is None:
            out.append(f"{label}[{ref}] 缺失")
        else:
            raw = f" “{cell.raw}”" if cell.raw.strip() else ""
            out.append(f"{label}[{ref}] 为 {cell.status}{raw}")
    return out


def _identity(
    identity: _Identity,
    report: Report,
    grid: _Grid,
    other: tuple[Report, _Grid] | None = None,
    note: str = "",
) -> CheckResult:
    """Evaluate lhs = rhs on `report` and its `grid` (the rhs on `other` when given); any
    participant without a value makes it not_assessable."""
    lhs, rhs = identity.lhs, identity.rhs
    other_report, other_grid = (report, grid) if other is None else other
    lvalues, rvalues = lhs.values(report, grid), rhs.values(other_report, other_grid)
    left, right = _total(lvalues), _total(rvalues)
    head = identity.head
    if left is None or right is None:
        outcome = CheckOutcome.NOT_ASSESSABLE
        nulls = _why_null(lhs, lhs.cells(report), lvalues)
        nulls += _why_null(rhs, rhs.cells(other_report), rvalues)
        message = head + "无法核验，" + "、".join(nulls)
    else:
        holds = _equal(left, right)
        outcome = CheckOutcome.PASS if holds else CheckOutcome.FAIL
        shown = (lhs.show(lvalues, left), "=" if holds else "≠", rhs.show(rvalues, right))  # type: ignore[arg-type]
        message = head + " ".join(shown)
    return CheckResult(
        rule=identity.rule,
        scope=identity.scope,
        outcome=outcome,
        cells=identity.refs,
        lhs=left,
        rhs=right,
        message=message + note,
    )


# ---------------------------------------------------------------- H1–H6: sums


def _h1(column: str) -> _Identity:
    """Requests in (new + carried over) equal requests out (processed + carried forward)."""
    lhs = _side("s3", [("new_received", column, "新收"), ("carried_over", column, "上年结转")])
    rhs = _side(
        "s3", [("total_processed", column, "办理结果总计"), ("carried_forward", column, "结转下年")]
    )
    return _identity_of(CheckRule.H1, column, _COLUMN_ZH[column], lhs, rhs)


def _h2(version: FormatVersion, column: str) -> _Identity:
    """The processed total is the sum of its outcome rows (21 in v2021, 19 in v2019)."""
    rows = S3_OUTCOME_ROWS[version]
    lhs = _side("s3", [("total_processed", column, "办理结果总计")])
    rhs = _side("s3", [(r, column, _ROW_ZH[r]) for r in rows], f"{len(rows)}项办理结果之和")
    return _identity_of(CheckRule.H2, column, _COLUMN_ZH[column], lhs, rhs)


def _h3(row: str) -> _Identity:
    """Each row's total column is the sum of the six applicant columns."""
    lhs = _side("s3", [(row, "total", "总计")])
    rhs = _side("s3", [(row, c, _COLUMN_ZH[c]) for c in S3_APPLICANT_KEYS], "六类申请人之和")
    return _identity_of(CheckRule.H3, row, _ROW_ZH[row], lhs, rhs)


def _h456(block: S4BlockSpec) -> _Identity:
    """Each 四 block's total is upheld + corrected + other + pending."""
    lhs = _side("s4", [(f"{block.key}_total", None, "总计")])
    rhs = _side("s4", [(f"{block.key}_{p}", None, _S4_ZH[p]) for p in _S4_PARTS])
    return _identity_of(_BLOCK_RULE[block.key], block.key, block.zh, lhs, rhs)


# The identities of run_checks in rule order, built once: they depend on the edition only.
_H1 = tuple(_h1(c) for c in S3_COLUMN_KEYS)
_H2_H3 = {
    v: tuple(_h2(v, c) for c in S3_COLUMN_KEYS) + tuple(_h3(r.key) for r in S3_ROWS[v])
    for v in FormatVersion
}
_H456 = tuple(_h456(b) for b in S4_BLOCKS)


def _unknown_version(rule: CheckRule) -> CheckResult:
    """Which rows take part depends on the template edition; without it, say so."""
    message = f"{rule} 表三: 无法核验，未识别表格版式（format_version 为空），无法确定参与的行"
    return CheckResult(rule=rule, scope="s3", outcome=CheckOutcome.NOT_ASSESSABLE, message=message)


# ---------------------------------------------------------------- H7: cell values


def _table_cells(report: Report, section: str) -> Iterator[tuple[str, str | None, Cell]]:
    """(row, column, cell) of every cell the table holds."""
    if section == "s3":
        return ((row, col, cell) for row, cols in report.s3.items() for col, cell in cols.items())
    table = report.s2 if section == "s2" else report.s4
    return ((key, None, cell) for key, cell in table.items())


def _h7_problem(field: str, cell: Cell) -> str | None:
    """Why a cell breaks H7, or None: counts are integers >= 0, money decimals >= 0."""
    if cell.status == CellStatus.TEXT:
        return f"是文字“{cell.raw}”而非数字"
    value = _value(cell)
    if value is None:
        return None
    if field in MONEY_FIELDS:
        return f"金额 {_fmt(value)} 为负" if value < 0 else None
    if not float(value).is_integer():
        return f"{_fmt(value)} 不是整数"
    if value < 0 and field not in SIGNED_FIELDS:
        return f"{_fmt(value)} 为负数"
    return None


def _h7(report: Report, section: str) -> CheckResult:
    """One verdict per table: which cells hold impossible values, or which were all fine."""
    assessed: list[CellRef] = []
    problems: list[tuple[CellRef, str]] = []
    for row, column, cell in _table_cells(report, section):
        value = _value(cell)
        if type(value) is int and value >= 0:  # most cells: a count or amount that is fine
            assessed.append(cell_ref(section, row, column))
        elif problem := _h7_problem(row, cell):
            problems.append((cell_ref(section, row, column), problem))
        elif value is not None:
            assessed.append(cell_ref(section, row, column))
    head = f"H7 {_TABLE_ZH[section]}: "
    if problems:
        outcome, cells = CheckOutcome.FAIL, [ref for ref, _ in problems]
        message = head + "；".join(f"{ref} {why}" for ref, why in problems)
    elif assessed:
        outcome, cells = CheckOutcome.PASS, assessed
        message = head + f"{len(assessed)} 个有值单元格均合规"
    else:
        outcome, cells = CheckOutcome.NOT_ASSESSABLE, []
        message = head + "无法核验，没有任何有值单元格"
    return CheckResult(
        rule=CheckRule.H7, scope=section, outcome=outcome, cells=cells, message=message
    )


# ---------------------------------------------------------------- entry points


def run_checks(report: Report) -> list[CheckResult]:
    """H1–H7 on one report, in rule order: per column, per row, per block, per table; then
    T1, the narrative's figures against the tables (ingest/text_checks.py)."""
    version = report.format_version
    grid = _Grid(report)
    results = [_identity(i, report, grid) for i in _H1]
    if version is None:
        results += [_unknown_version(CheckRule.H2), _unknown_version(CheckRule.H3)]
    else:
        results += [_identity(i, report, grid) for i in _H2_H3[version]]
    results += [_identity(i, report, grid) for i in _H456]
    results += [_h7(report, s) for s in TABLES]
    return results + text_checks(report)


def _s1(later: Report, earlier: Report, column: str, note: str) -> CheckResult:
    """This year's carried_over must be last year's carried_forward, column by column."""
    prev = f"{earlier.id}（{earlier.year}年）"
    lhs = _side("s3", [("carried_over", column, "上年结转")])
    rhs = _side("s3", [("carried_forward", column, f"{prev}结转下年")])
    scope = f"{column} vs {earlier.id} ({earlier.year})"
    identity = _identity_of(CheckRule.S1, scope, _COLUMN_ZH[column], lhs, rhs)
    return _identity(identity, later, _Grid(later), (earlier, _Grid(earlier)), note)


def _duplicate_note(counts: Counter[tuple[str, int]], key: tuple[str, int], used: Report) -> str:
    if counts[key] < 2:
        return ""
    return f"（{key[1]}年该机关有 {counts[key]} 份报告，使用最后给出的 {used.id}）"


def check_carry_over(reports: Sequence[Report]) -> dict[str, list[CheckResult]]:
    """S1 for each agency's consecutive years; results keyed by the later report's id.

    Reports without agency_key or year are skipped. When one agency has several reports for a
    year, the one given last is used and the message says so.
    """
    latest: dict[tuple[str, int], Report] = {}
    counts: Counter[tuple[str, int]] = Counter()
    for report in reports:
        if report.agency_key is None or report.year is None:
            continue
        key = (report.agency_key, report.year)
        counts[key] += 1
        latest[key] = report
    results: dict[str, list[CheckResult]] = {}
    for (agency, year), later in latest.items():
        earlier = latest.get((agency, year - 1))
        if earlier is None:
            continue
        note = _duplicate_note(counts, (agency, year), later)
        note += _duplicate_note(counts, (agency, year - 1), earlier)
        results[later.id] = [_s1(later, earlier, c, note) for c in S3_COLUMN_KEYS]
    return results


def count_outcomes(results: Iterable[CheckResult]) -> dict[CheckOutcome, int]:
    """How many results ended in each outcome (every outcome present, zero if none)."""
    counts = Counter(r.outcome for r in results)
    return {outcome: counts[outcome] for outcome in CheckOutcome}


def failed(results: Iterable[CheckResult]) -> list[CheckResult]:
    """The results that show the report does not add up."""
    return [r for r in results if r.outcome == CheckOutcome.FAIL]
