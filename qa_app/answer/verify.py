"""Is every number an answer states backed by its evidence?

A number in the text is backed when it equals the value of a cited cell (a fact), a
derivation (rates as the percentage printed: value x 100 rounded to the printed decimals),
a coverage count, a year of a cited report, the plan's top-N or comparison threshold, or, in
a verify_claim answer, the claimed value where the text states it as the claim ("而非9件").
Numbers inside a quoted passage (text ending in a [passage_id] marker) must appear in that
passage itself. Anything else is a Mismatch, and the answer is not verified.

`verify_text` applies the same rules to any text, e.g. one an LLM wrote from the same facts.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from ingest.numbers import exact_decimal
from ingest.template import FIELD_CATALOG, S3_COLUMNS, S4_BLOCKS
from qa_app.answer.model import Answer, Coverage, Derived, Mismatch
from qa_app.execution.evidence import Citation, Fact
from qa_app.question.numerals import NumberKind, NumberMatch, find_numbers
from qa_app.question.plan import DERIVED, Intent, QueryPlan

__all__ = ["CLAIM_MARKERS", "is_rate", "verify", "verify_text"]

# Words after which a number is the claim being checked, not a figure the answer asserts.
CLAIM_MARKERS = (
    "而非", "并非", "而不是", "不是", "所称", "所说的", "声称", "大于", "超过", "多于", "不少于",
    "至少", "少于", "小于", "不超过", "至多", "不等于", "等于", "not", "rather than", "claimed",
    "more than", "fewer than", "less than", "at least", "at most", "other than", "equal to",
)  # fmt: skip
Exact = int | Decimal  # a stored cell's value, or a sum or difference of cells
_CLAIM_WINDOW = 14
_COUNT_PREFIXES = ("count", "n")
_PERCENT_PREFIXES = ("share", "growth")
_CITATION = re.compile(r"\[([^\[\]\s]+)\]")
_LABELS: tuple[str, ...] = tuple(
    sorted(
        {label for info in FIELD_CATALOG.values() for label in (info.zh, info.en)}
        | {label for c in S3_COLUMNS for label in (c.zh, c.en)}
        | {label for b in S4_BLOCKS for label in (b.zh, b.en)}
        | {label for d in DERIVED.values() for label in (d.zh, d.en)},
        key=len,
        reverse=True,
    )
)


def is_rate(name: str) -> bool:
    """'disclosure_rate', 'avg:disclosure_rate', 'diff:disclosure_rate' are rates (printed as
    percentages); 'count:disclosure_rate' and 'n:disclosure_rate' count reports."""
    prefix, _, key = name.rpartition(":")
    if name.split(":", 1)[0] in _PERCENT_PREFIXES:  # shares and growth rates (derive)
        return True
    return key in DERIVED and DERIVED[key].percent and prefix not in _COUNT_PREFIXES


@dataclass
class _Backing:
    """What the numbers of one answer may be."""

    values: set[Decimal] = field(default_factory=set)
    derived: list[tuple[Exact | float, bool]] = field(default_factory=list)
    counts: set[Decimal] = field(default_factory=set)
    years: set[int] = field(default_factory=set)
    claim: float | None = None
    ordinal_limit: int = 0

    def printed_as(self, m: NumberMatch, value: Exact | float) -> bool:
        """`value` rounded to the decimals `m` was printed with reads as `m`. An int or a
        Decimal (a cell, a sum of cells) is compared exactly; a float (a quotient) is rounded
        as the composer printing it rounded it."""
        if m.decimals is None:
            return exact_decimal(value) == m.value
        return format(value, f".{m.decimals}f") == format(m.value, f".{m.decimals}f")

    def derivation(self, m: NumberMatch, percent_only: bool) -> bool:
        for value, percent in self.derived:
            if percent and self.printed_as(m, float(value) * 100):  # as percent() prints it
                return True
            if not percent and not percent_only and self.printed_as(m, value):
                return True
        return False


def _backing(
    facts: Sequence[Fact],
    derived: Sequence[Derived],
    coverage: Coverage | None,
    passages: Sequence[Citation],
    plan: QueryPlan | None,
) -> _Backing:
    b = _Backing()
    b.values = {abs(exact_decimal(f.value)) for f in facts if f.value is not None}
    b.derived = [(abs(d.value), is_rate(d.name)) for d in derived]
    b.years = {f.year for f in facts if f.year} | {p.year for p in passages if p.year}
    if coverage is not None:
        b.counts |= {Decimal(coverage.reports_considered), Decimal(coverage.reports_with_values)}
        b.counts.add(Decimal(len(coverage.reports_missing_values)))
        b.years |= set(coverage.years)
    b.ordinal_limit = max(len(facts), len(passages))  # positions in a list, not figures
    if plan is not None:
        b.years |= set(plan.filters.years or ())
        if plan.top_n:
            b.counts.add(Decimal(plan.top_n))
            b.ordinal_limit = max(b.ordinal_limit, plan.top_n)
        for comparison in (plan.comparison, plan.condition and plan.condition.comparison):
            if comparison is not None:
                b.counts.add(abs(exact_decimal(comparison.value)))
        if plan.intent is Intent.VERIFY_CLAIM and plan.claim is not None:
            b.claim = plan.claim.value
    return b


def _states_claim(text: str, m: NumberMatch) -> bool:
    before = text[max(0, m.start - _CLAIM_WINDOW) : m.start].rstrip(" “\"'（(")
    return any(before.endswith(marker) for marker in CLAIM_MARKERS)


def _claimed(text: str, m: NumberMatch, b: _Backing) -> bool:
    if b.claim is None or not _states_claim(text, m):
        return False
    claim = exact_decimal(b.claim)
    return m.value == claim or (m.kind is NumberKind.PERCENT and m.value == claim * 100)


def _reason(text: str, m: NumberMatch, b: _Backing) -> str | None:
    """Why `m` is not backed, or None if it is."""
    if m.kind is NumberKind.ORDINAL:
        return None if 1 <= m.value <= b.ordinal_limit else "rank beyond the listed items"
    if m.kind is NumberKind.YEAR:
        return None if int(m.value) in b.years else "year of no cited report"
    if _claimed(text, m, b) or m.value in b.counts:
        return None
    if m.kind is NumberKind.PERCENT:
        return None if b.derivation(m, percent_only=True) else "percentage of no derived rate"
    if m.value in b.values or b.derivation(m, percent_only=False):
        return None
    if m.value == m.value.to_integral_value() and int(m.value) in b.years:
        return None
    return "value of no cited cell, derivation or coverage count"


def _masks(text: str, names: Iterable[str]) -> list[tuple[int, int]]:
    """Spans of agency names, field labels and plan notes: their numerals are words."""
    spans: list[tuple[int, int]] = []
    for name in names:
        if not name:
            continue
        start = text.find(name)
        while start >= 0:
            spans.append((start, start + len(name)))
            start = text.find(name, start + len(name))
    return spans


class _Spans:
    """Character spans, merged, for `position in spans` in log time: an answer listing
    thousands of agencies has thousands of masked names and thousands of numbers."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [s for s, _ in merged]
        self._ends = [e for _, e in merged]

    def __contains__(self, position: int) -> bool:
        i = bisect_right(self._starts, position) - 1
        return i >= 0 and position < self._ends[i]


@dataclass(frozen=True)
class _Quote:
    start: int
    end: int
    ids: tuple[str, ...]


def _quotes(text: str, passages: Sequence[Citation]) -> list[_Quote]:
    """Text ending in a [passage_id] marker (or several) quotes those passages."""
    known = {p.passage_id for p in passages}
    quotes: list[_Quote] = []
    for m in _CITATION.finditer(text):
        if m.group(1) not in known:
            continue
        if quotes and not text[quotes[-1].end : m.start()].strip():
            last = quotes.pop()
            quotes.append(_Quote(last.start, m.end(), (*last.ids, m.group(1))))
            continue
        floor = quotes[-1].end if quotes else 0
        start = max(floor, text.rfind("\n", 0, m.start()) + 1)
        quotes.append(_Quote(start, m.end(), (m.group(1),)))
    return quotes


def _quote_reason(m: NumberMatch, quote: _Quote, passages: Sequence[Citation]) -> str | None:
    """A quoted number must be in the cited passage; the quote's header may name its year."""
    cited = [p for p in passages if p.passage_id in quote.ids]
    whole = m.value == m.value.to_integral_value()
    if m.kind is not NumberKind.ORDINAL and whole and int(m.value) in {p.year for p in cited}:
        return None
    stated = {n.value for p in cited for n in find_numbers(p.text)}
    return None if m.value in stated else f"not in the cited passage {', '.join(quote.ids)}"


def verify_text(
    text: str,
    facts: Sequence[Fact],
    derived: Sequence[Derived] = (),
    *,
    coverage: Coverage | None = None,
    passages: Sequence[Citation] = (),
    plan: QueryPlan | None = None,
) -> list[Mismatch]:
    """Every number of `text` that the evidence does not back, with its position."""
    backing = _backing(facts, derived, coverage, passages, plan)
    names = [f.agency or "" for f in facts] + [p.agency or "" for p in passages]
    if plan is not None:
        names += plan.notes
        names += [n for a in plan.agencies for n in (a.mention, *a.matched, *a.closest)]
    masked = _Spans(_masks(text, sorted(set(names), key=len, reverse=True)) + _masks(text, _LABELS))
    quotes = _quotes(text, passages)
    mismatches: list[Mismatch] = []
    for m in find_numbers(text):
        if m.kind is NumberKind.MARKER or m.start in masked:
            continue
        quote = next((q for q in quotes if q.start <= m.start < q.end), None)
        reason = _quote_reason(m, quote, passages) if quote else _reason(text, m, backing)
        if reason:
            mismatches.append(Mismatch(number=m.text, position=m.start, reason=reason))
    return mismatches


def verify(answer: Answer, plan: QueryPlan) -> Answer:
    """The answer with `verified` and `mismatches` set from its own text and evidence."""
    mismatches = verify_text(
        answer.answer,
        answer.facts,
        answer.derived,
        coverage=answer.coverage,
        passages=answer.passages,
        plan=plan,
    )
    return answer.model_copy(update={"verified": not mismatches, "mismatches": mismatches})
