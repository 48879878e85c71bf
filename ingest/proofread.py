"""OCR'd table values proofread by the template's own arithmetic (H1–H6).

A number read by OCR may be wrong the way OCR goes wrong: one digit for another (1/7, 3/8,
0/6/9), a digit dropped or doubled, a blot read as a digit or a digit read as nothing. The
identities of tables 三 and 四 catch such a reading, and they decide a correction only when it
is the one way to make them hold:

1. For every cell that breaks an identity (or that OCR could not read), the candidate
   readings are, first, the recognizer's own alternatives for its characters and, failing
   those, every single-digit edit (a digit changed, dropped or added). A candidate is kept
   when it makes *every* identity that involves the cell hold (checked by `run_checks`).
2. A cell is corrected when exactly one candidate value is kept for it and no other cell of
   the same broken identities has one; the warning names both readings and the identities.
3. Whatever is still broken is not guessed: the cells the broken identities share (or, when
   they share none, all their OCR-read cells) lose their value (status missing) with a warning.
4. A value no failing identity involves is kept when an identity that ties it to other rows
   (H1, H2, H4–H6) was checked and holds: a misread, or a row's values matched to the wrong
   row, would have broken it. A row sum (H3) alone does not confirm: a whole row put under the
   wrong label still adds up. One no such identity confirms (they cannot be checked: another
   of their cells has no value) would leave a misread unnoticed, so it is dropped.

Table 二 takes part in no identity, so a reading of it is trusted only when the recognizer
was sure of every character; otherwise it is left without a value, with a warning.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ingest.checks import run_checks
from ingest.numbers import parse_cell
from ingest.readers.ocr_types import LineReading, ValueReading
from ingest.schema import (
    Cell,
    CellRef,
    CellStatus,
    CheckOutcome,
    CheckResult,
    CheckRule,
    ParseWarning,
    Report,
)

SUM_RULES = frozenset({CheckRule.H1, CheckRule.H2, CheckRule.H3, CheckRule.H4, CheckRule.H5,
                       CheckRule.H6})  # fmt: skip
# identities that tie a value to other rows; H3 (a row's sum) holds for a row under a wrong label
CONFIRMING = SUM_RULES - {CheckRule.H3}
SURE = 0.9  # a reading of a cell no identity checks is kept when every character is this sure
MAX_REPAIR_ROUNDS = 4
_DIGITS = "0123456789"


@dataclass(frozen=True)
class Correction:
    """One corrected cell: what OCR read, what the identities made of it, and which ones."""

    ref: CellRef
    read: str
    value: int
    rules: tuple[str, ...]
    tier: str  # "alternative" (the recognizer's) or "edit" (a single-digit edit)


def _cells(report: Report) -> Iterator[tuple[CellRef, Cell]]:
    for field, cell in report.s2.items():
        yield CellRef(section="s2", row=field), cell
    for row, cols in report.s3.items():
        for col, cell in cols.items():
            yield CellRef(section="s3", row=row, column=col), cell
    for field, cell in report.s4.items():
        yield CellRef(section="s4", row=field), cell


def _set(report: Report, ref: CellRef, cell: Cell) -> None:
    if ref.section == "s3":
        report.s3[ref.row][ref.column or ""] = cell
    else:
        (report.s2 if ref.section == "s2" else report.s4)[ref.row] = cell


def readings_by_cell(report: Report, values: list[ValueReading]) -> dict[CellRef, LineReading]:
    """The OCR reading behind each cell, matched by page and cell box."""
    by_box = {(v.page, v.bbox): v.reading for v in values}
    out: dict[CellRef, LineReading] = {}
    for ref, cell in _cells(report):
        source = cell.source
        if source is None or source.page is None or source.bbox is None:
            continue
        reading = by_box.get((source.page, tuple(source.bbox)))
        if reading is not None:
            out[ref] = reading
    return out


def _alternatives(reading: LineReading) -> set[str]:
    """Readings with one or two characters replaced by the recognizer's alternatives."""
    text = reading.text
    singles = [
        (i, alt) for i, c in enumerate(reading.chars) for alt, _ in c.alternatives if alt in _DIGITS
    ]
    out = {text[:i] + alt + text[i + 1 :] for i, alt in singles}
    for a, (i, x) in enumerate(singles):
        for j, y in singles[a + 1 :]:
            if i != j:
                chars = list(text)
                chars[i], chars[j] = x, y
                out.add("".join(chars))
    return out


def _edits(text: str) -> set[str]:
    """Every single-digit edit: a character changed to a digit, dropped, or a digit added."""
    out: set[str] = set()
    for i in range(len(text) + 1):
        for d in _DIGITS:
            out.add(text[:i] + d + text[i:])
    for i in range(len(text)):
        out.add(text[:i] + text[i + 1 :])
        for d in _DIGITS:
            out.add(text[:i] + d + text[i + 1 :])
    return out


def _count(text: str) -> int | None:
    """The candidate as a count (a non-negative integer), or None."""
    cell = parse_cell(text)
    value = cell.value
    if cell.status not in (CellStatus.NUMBER, CellStatus.ZERO) or value is None:
        return None
    if float(value) != int(value) or value < 0:
        return None
    return int(value)


class Proofreader:
    """Repairs and nulls the OCR-read cells of one report, against its identities."""

    def __init__(self, report: Report, readings: dict[CellRef, LineReading]) -> None:
        self.report = report
        self.readings = readings
        self.warnings: list[ParseWarning] = []
        self.corrections: list[Correction] = []

    # ------------------------------------------------------------ identities

    def _sums(self) -> list[CheckResult]:
        return [r for r in run_checks(self.report) if r.rule in SUM_RULES]

    def _holds_with(self, ref: CellRef, value: int, involved: list[CheckResult]) -> bool:
        """Whether every identity involving `ref` holds with `value` in it."""
        cell = self.report.cell(ref)
        assert cell is not None
        trial = Cell(value=value, raw=str(value), status=_status(value), source=cell.source)
        _set(self.report, ref, trial)
        try:
            keys = {(r.rule, r.scope) for r in involved}
            after = [r for r in self._sums() if (r.rule, r.scope) in keys]
            return bool(after) and all(r.outcome is CheckOutcome.PASS for r in after)
        finally:
            _set(self.report, ref, cell)

    # ------------------------------------------------------------ candidates

    def _solutions(self, ref: CellRef, results: list[CheckResult]) -> tuple[set[int], str] | None:
        """The values that make every identity of `ref` hold, from the first tier that has
        any (the recognizer's alternatives, then single-digit edits)."""
        reading = self.readings[ref]
        involved = [r for r in results if ref in r.cells]
        if not involved:
            return None
        current = self.report.cell(ref)
        now = current.value if current is not None else None
        deltas = _deltas(ref, involved)
        for tier, texts in (
            ("alternative", _alternatives(reading)),
            ("edit", _edits(reading.text)),
        ):
            values = {v for t in texts if (v := _count(t)) is not None and v != now}
            if now is not None and deltas is not None:
                values = {v for v in values if v - now in deltas}
            good = {v for v in sorted(values) if self._holds_with(ref, v, involved)}
            if good:
                return good, tier
        return None

    # ------------------------------------------------------------ rounds

    def _suspects(self, results: list[CheckResult]) -> list[CellRef]:
        """OCR-read cells of table 三/四 in a broken identity, or that OCR could not read."""
        broken = {ref for r in results if r.outcome is CheckOutcome.FAIL for ref in r.cells}
        out: list[CellRef] = []
        for ref in self.readings:
            cell = self.report.cell(ref)
            if ref.section == "s2" or cell is None:
                continue
            # ink OCR made nothing of (an EMPTY cell has a reading only when it held ink)
            unread = cell.value is None and cell.status is not CellStatus.NA
            if ref in broken or unread:
                out.append(ref)
        return out

    def repair_round(self) -> bool:
        """Correct every cell that has one solution no other cell of its identities shares."""
        results = self._sums()
        found: dict[CellRef, tuple[set[int], str]] = {}
        for ref in self._suspects(results):
            solved = self._solutions(ref, results)
            if solved is not None:
                found[ref] = solved
        changed = False
        for ref, (values, tier) in found.items():
            rivals = [
                other
                for other in found
                if other != ref and any(ref in r.cells and other in r.cells for r in results)
            ]
            if len(values) != 1 or rivals:
                continue
            self._correct(ref, values.pop(), tier, results)
            changed = True
        return changed

    def _correct(self, ref: CellRef, value: int, tier: str, results: list[CheckResult]) -> None:
        cell = self.report.cell(ref)
        assert cell is not None
        read = self.readings[ref].text
        rules = tuple(sorted({f"{r.rule}({r.scope})" for r in results if ref in r.cells}))
        fixed = Cell(value=value, raw=str(value), status=_status(value), source=cell.source)
        _set(self.report, ref, fixed)
        self.corrections.append(Correction(ref, read, value, rules, tier))
        how = "the recognizer's alternatives" if tier == "alternative" else "single-digit edits"
        self.warnings.append(
            ParseWarning(
                code="ocr_corrected",
                message=f"{ref} ({_where(cell)}): OCR read '{read}', corrected to {value}: "
                f"the only reading among {how} that makes {', '.join(rules)} hold",
                line=cell.source.line if cell.source else None,
            )
        )

    def null_unresolved(self) -> None:
        """Cells of identities still broken lose their value: those the broken identities
        share, else every OCR-read cell of them, one group of connected identities at a time."""
        broken = [r for r in self._sums() if r.outcome is CheckOutcome.FAIL]
        for group in _connected(broken):
            counts: dict[CellRef, int] = {}
            for r in group:
                for ref in r.cells:
                    counts[ref] = counts.get(ref, 0) + 1
            shared = [ref for ref, n in counts.items() if n >= 2 and ref in self.readings]
            chosen = shared or [ref for ref in counts if ref in self.readings]
            names = ", ".join(sorted({f"{r.rule}({r.scope})" for r in group}))
            for ref in chosen:
                self._null(ref, f"{names} do(es) not hold and no single correction of an OCR "
                                "reading makes it hold")  # fmt: skip
        for ref in self._suspects([]):
            self._null(ref, "OCR could not read it as a number and no single reading fits the "
                            "identities")  # fmt: skip

    def null_unconfirmed(self) -> None:
        """OCR-read values of tables 三/四 that no identity confirmed (none involving them could
        be checked: each has another cell without a value): a misread there would go unnoticed,
        so they are left without a value too. One checked identity across rows that holds
        confirms the value, whatever its other identities are (see rule 4 above)."""
        results = self._sums()
        for ref in list(self.readings):
            cell = self.report.cell(ref)
            if ref.section == "s2" or cell is None or cell.value is None:
                continue
            involved = [r for r in results if ref in r.cells]
            if any(r.outcome is CheckOutcome.PASS and r.rule in CONFIRMING for r in involved):
                continue
            open_ = [r for r in involved if r.outcome is not CheckOutcome.PASS]
            if open_:
                names = ", ".join(sorted({f"{r.rule}({r.scope})" for r in open_}))
                self._null(ref, f"{names} cannot be checked, so the reading is unconfirmed")

    def null_unchecked(self) -> None:
        """Table 二 cells (which no identity checks) whose reading was not sure."""
        for ref, reading in self.readings.items():
            if ref.section == "s2" and reading.confidence < SURE:
                self._null(ref, f"no identity checks table 二, and OCR was only "
                                f"{reading.confidence:.0%} sure of this reading")  # fmt: skip

    def _null(self, ref: CellRef, why: str) -> None:
        cell = self.report.cell(ref)
        if cell is None or cell.status is CellStatus.MISSING:
            return
        if cell.value is None and cell.status is CellStatus.NA:
            return
        read = self.readings[ref].text if ref in self.readings else cell.raw
        _set(self.report, ref, Cell(value=None, raw=cell.raw, status=CellStatus.MISSING,
                                    source=cell.source))  # fmt: skip
        self.warnings.append(
            ParseWarning(
                code="ocr_unverified",
                message=f"{ref} ({_where(cell)}): OCR read '{read}'; {why}; the cell is left "
                "without a value",
                line=cell.source.line if cell.source else None,
            )
        )


def _status(value: int) -> CellStatus:
    return CellStatus.ZERO if value == 0 else CellStatus.NUMBER


def _where(cell: Cell) -> str:
    s = cell.source
    if s is None:
        return "?"
    labels = "/".join(x for x in (s.row_label, s.column_label) if x)
    return f"page {s.page} box {s.bbox}" + (f" {labels}" if labels else "")


def _deltas(ref: CellRef, involved: list[CheckResult]) -> set[int] | None:
    """The changes of the cell that could fix its broken identities: ±(lhs − rhs) of each
    (a cell stands on one side with coefficient 1); None when any is not assessable."""
    out: set[int] | None = None
    for r in involved:
        if r.outcome is CheckOutcome.PASS:
            continue
        if r.lhs is None or r.rhs is None:
            return None
        gap = round(r.lhs - r.rhs)
        here = {gap, -gap}
        out = here if out is None else out & here
    return out


def _connected(results: list[CheckResult]) -> list[list[CheckResult]]:
    """Broken identities grouped by the cells they share."""
    groups: list[list[CheckResult]] = []
    for r in results:
        cells = set(r.cells)
        joined = [g for g in groups if any(cells & set(x.cells) for x in g)]
        merged = [r, *(x for g in joined for x in g)]
        groups = [g for g in groups if g not in joined] + [merged]
    return groups


def proofread(report: Report, values: list[ValueReading]) -> list[Correction]:
    """Correct what the identities decide, null what they contradict; warnings on the report."""
    readings = readings_by_cell(report, values)
    if not readings:
        return []
    reader = Proofreader(report, readings)
    for _ in range(MAX_REPAIR_ROUNDS):
        if not reader.repair_round():
            break
    reader.null_unresolved()
    reader.null_unconfirmed()
    reader.null_unchecked()
    report.warnings += reader.warnings
    return reader.corrections
