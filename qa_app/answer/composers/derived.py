"""MetricValue one metric for one report (or summed over several): a cell as stored, or a derived
metric computed here from its component cells with the DERIVED formulas.

A blank component makes the metric unknown (blank is never 0) and a zero denominator makes
a rate impossible; both are said in words, never divided through.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from ingest.numbers import exact_decimal
from ingest.schema import ReportRef
from qa_app.answer.composers.base import (
    Book,
    Cells,
    Draft,
    Number,
    agency_name,
    field_label,
    join,
    metric_label,
    null_phrase,
    null_short,
    plain,
    table_of,
    tr,
    with_unit,
)
from qa_app.execution.evidence import Fact
from qa_app.question.plan import DERIVED, DerivedSpec, Language, Metric


class Why(StrEnum):
    NULL = "null"  # a needed cell holds no number
    ZERO_DENOMINATOR = "zero_denominator"


@dataclass
class MetricValue:
    """A metric's value for one report (or a pool of reports) and the cells behind it."""

    metric: Metric
    reports: list[ReportRef]
    value: Number | None
    facts: list[Fact] = field(default_factory=list)
    why: Why | None = None
    null_key: str | None = None  # the field whose cell held no number
    null_report: ReportRef | None = None  # the report it is in
    null_fact: Fact | None = None  # the cell itself, when the evidence has it
    formula: str = ""

    @property
    def report(self) -> ReportRef:
        return self.reports[0]

    @property
    def ok(self) -> bool:
        return self.value is not None

    @property
    def plotted(self) -> float | None:
        """The value as a chart plots it: rates in percent."""
        if self.value is None:
            return None
        value = float(self.value)
        return round(value * 100, 1) if self.percent else value

    @property
    def number(self) -> float:
        """The value, for readings that have one."""
        assert self.value is not None, "reading without a value"
        return float(self.value)

    @property
    def exact(self) -> Decimal:
        assert self.value is not None, "reading without a value"
        return exact_decimal(self.value)

    @property
    def spec(self) -> DerivedSpec | None:
        return DERIVED.get(self.metric.key)

    @property
    def percent(self) -> bool:
        return self.spec is not None and self.spec.percent


def note_missing(draft: Draft, reading: MetricValue) -> None:
    """Record for the coverage line which report lacks which table."""
    if reading.why is Why.NULL and reading.null_key and reading.null_report:
        tables = draft.missing.setdefault(reading.null_report.report_id, set())
        tables.add(table_of(reading.null_key))


def _number(d: Decimal) -> int | Decimal:
    """A sum or difference of cells, exactly."""
    return int(d) if d == d.to_integral_value() else d


def _terms(values: Sequence[Decimal], minus: Sequence[Decimal] = ()) -> str:
    return "+".join(plain(v) for v in values) + "".join(f"-{plain(v)}" for v in minus)


def _wrap(text: str) -> str:
    return f"({text})" if any(op in text for op in "+-") else text


@dataclass(frozen=True)
class _Null:
    key: str
    report: ReportRef
    fact: Fact | None


def _collect(
    cells: Cells, reports: Sequence[ReportRef], keys: Sequence[str], column: str | None
) -> tuple[list[Fact], list[Decimal], _Null | None]:
    """The facts of `keys` in every report, their values, and the first without a number."""
    facts: list[Fact] = []
    values: list[Decimal] = []
    for key in keys:
        for report in reports:
            fact = cells.fact(report.report_id, key, column)
            if fact is None or fact.value is None:
                return facts, values, _Null(key, report, fact)
            facts.append(fact)
            values.append(exact_decimal(fact.value))
    return facts, values, None


def _unknown(reading: MetricValue, null: _Null) -> MetricValue:
    reading.why, reading.null_key = Why.NULL, null.key
    reading.null_report, reading.null_fact = null.report, null.fact
    return reading


def _derive(
    cells: Cells, reports: list[ReportRef], metric: Metric, spec: DerivedSpec
) -> MetricValue:
    column = metric.column
    reading = MetricValue(metric=metric, reports=reports, value=None)
    parts = []
    for keys in (spec.numerator, spec.denominator, spec.minus):
        facts, values, null = _collect(cells, reports, keys, column)
        reading.facts += facts
        if null is not None:
            return _unknown(reading, null)
        parts.append(values)
    num, den, minus = parts
    if not spec.denominator:
        reading.value = _number(sum(num, Decimal(0)))
        reading.formula = _terms(num)
        return reading
    bottom = sum(den, Decimal(0)) - sum(minus, Decimal(0))
    reading.formula = f"{_wrap(_terms(num))}/{_wrap(_terms(den, minus))}"
    if bottom == 0:
        reading.why = Why.ZERO_DENOMINATOR
        return reading
    reading.value = float(sum(num, Decimal(0)) / bottom)
    return reading


def read(cells: Cells, report: ReportRef, metric: Metric) -> MetricValue:
    """The metric's value in one report."""
    return pool(cells, [report], metric)


def pool(cells: Cells, reports: list[ReportRef], metric: Metric) -> MetricValue:
    """The metric summed over `reports`; a rate pools its numerators and denominators."""
    spec = DERIVED.get(metric.key)
    if spec is not None:
        return _derive(cells, reports, metric, spec)
    facts, values, null = _collect(cells, reports, [metric.key], metric.column)
    reading = MetricValue(metric=metric, reports=reports, value=None, facts=facts)
    if null is not None:
        return _unknown(reading, null)
    reading.value = _number(sum(values, Decimal(0)))
    reading.formula = _terms(values) if len(values) > 1 else ""
    return reading


def record(book: Book, reading: MetricValue, lang: Language, *, formula: bool = True) -> str:
    """The reading as answer text (value and unit, or why there is none); records what it used."""
    key = reading.metric.key
    if reading.ok and reading.spec is None and len(reading.facts) == 1:
        book.use(reading.facts[0])
        return with_unit(reading.exact, key, lang)
    if reading.ok:
        report_id = reading.report.report_id if len(reading.reports) == 1 else None
        book.derive(
            key if reading.spec else f"sum:{key}",
            metric_label(reading.metric, lang),
            reading.exact,
            reading.formula,
            reading.facts,
            report_id,
        )
        text = with_unit(reading.number if reading.percent else reading.exact, key, lang)
        if formula and reading.percent:
            text += tr(lang, f"（{reading.formula}）", f" ({reading.formula})")
        return text
    return _unavailable(book, reading, lang)


def _unavailable(book: Book, reading: MetricValue, lang: Language) -> str:
    for fact in reading.facts:
        book.use(fact)
    if reading.null_fact is not None:
        book.use(reading.null_fact)
    if reading.why is Why.ZERO_DENOMINATOR:
        spec = reading.spec
        assert spec is not None
        report_id = reading.report.report_id if len(reading.reports) == 1 else None
        denominator = reading.formula.split("/", 1)[1]
        label = tr(lang, f"{field_label(spec.key, lang)}的分母", f"denominator of {spec.en}")
        book.derive(f"denominator:{spec.key}", label, 0, denominator, reading.facts, report_id)
        bottom = join([field_label(k, lang) for k in spec.denominator], lang)
        if spec.minus:
            less = join([field_label(k, lang) for k in spec.minus], lang)
            bottom = tr(lang, f"{bottom}减去{less}", f"{bottom} minus {less}")
        return tr(lang, f"无法计算（{bottom}为0）", f"cannot be computed ({bottom} is 0)")
    if reading.spec is None and len(reading.reports) == 1:
        return null_phrase(reading.null_fact, lang)
    part = field_label(reading.null_key or reading.metric.key, lang)
    short = null_short(reading.null_fact, lang)
    if len(reading.reports) > 1 and reading.null_report is not None:
        who = agency_name(reading.null_report, lang)
        part = tr(lang, f"{who}的{part}", f"{part} of {who}")
    return tr(lang, f"无法计算（{part}{short}）", f"cannot be computed ({part}: {short})")
