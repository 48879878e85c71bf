"""What every intent's composer shares: the evidence indexed by cell, the book of facts and
derivations an answer uses, and the words for fields, values and empty cells in zh and en.

Numbers are printed exactly as stored (no rounding of counts; money such as 2561.768万元 as
is); only rates are rounded, to one decimal of a percent, and the verifier knows that rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ingest.numbers import exact_decimal
from ingest.schema import CellStatus, ReportRef
from ingest.template import FIELD_CATALOG, MONEY_FIELDS, S3_COLUMNS
from qa_app.answer.model import Chart, Derived
from qa_app.answer.recurrence import Recurrence
from qa_app.answer.themes import Themes
from qa_app.answer.verify import is_rate
from qa_app.execution.evidence import Citation, Evidence, Fact
from qa_app.question.plan import DERIVED, Comparison, Language, Metric, Op

Number = int | float

_COLUMN_NAMES = {c.key: c for c in S3_COLUMNS}
_FIELD_INFO = {key: info for (_section, key), info in FIELD_CATALOG.items()}
TABLE_NUMERALS = {"s2": "二", "s3": "三", "s4": "四"}

# Short words for a cell without a number, used inside sentences ("予以公开空白").
_NULL_SHORT = {
    CellStatus.EMPTY: ("空白", "blank"),
    CellStatus.NA: ("未填报", "not reported"),
    CellStatus.TEXT: ("非数字", "not a number"),
}
_UNREAD = ("未能从原文识别", "could not be read from the source")


def tr(lang: Language, zh: str, en: str) -> str:
    """The zh or the en text, whichever the answer is written in."""
    return zh if lang is Language.ZH else en


def exact_or_float(value: Number | Decimal) -> int | Decimal | float:
    """A derived value kept exact when it is a sum or difference of cells (a Decimal of a few
    digits); a quotient's long expansion becomes a float, printed only rounded (as a rate
    always is)."""
    if isinstance(value, Decimal):
        digits = len(value.normalize().as_tuple().digits)
        if digits > EXACT_DIGITS:
            return float(value)
        return int(value) if value == value.to_integral_value() else value
    return value


EXACT_DIGITS = 15  # a decimal with more significant digits than this is a quotient


def plain(value: Number | Decimal) -> str:
    """A number as stored: 7, 2561.768; integral floats lose their '.0'."""
    if isinstance(value, float):
        value = exact_decimal(value)
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return str(int(value))
        return format(value.normalize(), "f")
    return str(value)


def percent(value: float) -> str:
    """A rate (a fraction) as a percentage with one decimal: 0.3611 -> 36.1%."""
    return f"{value * 100:.1f}%"


def is_money(key: str) -> bool:
    return key in MONEY_FIELDS


def with_unit(value: Number | Decimal, key: str, lang: Language) -> str:
    """7件 / 2561.768万元 (zh); 7 / 2561.768 wan yuan (万元) (en). Rates get a percent sign."""
    spec = DERIVED.get(key)
    if spec is not None and spec.percent:
        return percent(float(value))
    if is_money(key):
        return tr(lang, f"{plain(value)}万元", f"{plain(value)} wan yuan (万元)")
    return tr(lang, f"{plain(value)}件", plain(value))


def field_label(key: str, lang: Language) -> str:
    spec = DERIVED.get(key)
    if spec is not None:
        return tr(lang, spec.zh, spec.en)
    info = _FIELD_INFO[key]
    return tr(lang, info.zh, info.en)


def metric_label(metric: Metric, lang: Language) -> str:
    """The field's name, with the applicant column when it is not the total."""
    label = field_label(metric.key, lang)
    if metric.column and metric.column != "total":
        col = _COLUMN_NAMES[metric.column]
        label += tr(lang, f"（{col.zh}）", f" ({col.en})")
    return label


def null_phrase(fact: Fact | None, lang: Language) -> str:
    """What to say for a cell that holds no number."""
    if fact is None or fact.status not in _NULL_SHORT:
        return tr(lang, *_UNREAD)
    if fact.status is CellStatus.EMPTY:
        return tr(lang, "空白（未填报）", "blank (not reported)")
    if fact.status is CellStatus.NA:
        raw = fact.raw.strip()
        shown = f"“{raw}”" if raw and not any(ch.isdigit() for ch in raw) else ""
        return tr(
            lang,
            f"未填报（原表为{shown}）" if shown else "未填报",
            "not reported" + (f" (printed {shown})" if shown else ""),
        )
    return tr(lang, "非数字（原表为文字）", "not a number (text in the table)")


def null_short(fact: Fact | None, lang: Language) -> str:
    if fact is None or fact.status not in _NULL_SHORT:
        return tr(lang, "未能识别", "unreadable")
    return tr(lang, *_NULL_SHORT[fact.status])


def agency_name(report: ReportRef, lang: Language) -> str:
    return report.agency or tr(lang, f"报告{report.report_id}", f"report {report.report_id}")


def years_text(years: list[int], lang: Language) -> str:
    """2024年 / 2023、2024年 (zh); 2024 / 2023, 2024 (en)."""
    if not years:
        return ""
    return tr(lang, "、".join(map(str, years)) + "年", ", ".join(map(str, years)))


def join(parts: list[str], lang: Language) -> str:
    return tr(lang, "、", ", ").join(parts)


@dataclass
class Book:
    """The facts and derivations an answer uses, in the order it first uses them."""

    facts: list[Fact] = field(default_factory=list)
    derived: list[Derived] = field(default_factory=list)
    passages: list[Citation] = field(default_factory=list)
    _index: dict[tuple[str, str, str | None], int] = field(default_factory=dict)

    def use(self, fact: Fact) -> int:
        key = (fact.report_id, fact.field, fact.column)
        if key not in self._index:
            self._index[key] = len(self.facts)
            self.facts.append(fact)
        return self._index[key]

    def derive(
        self,
        name: str,
        label: str,
        value: Number | Decimal,
        formula: str,
        inputs: list[Fact] | None = None,
        report_id: str | None = None,
    ) -> Derived:
        """Record a computed number; its input facts become used facts."""
        d = Derived(
            name=name,
            label=label,
            value=float(value) if is_rate(name) else exact_or_float(value),
            formula=formula,
            inputs=[self.use(f) for f in inputs or []],
            report_id=report_id,
        )
        self.derived.append(d)
        return d

    def absorb(self, other: Book) -> None:
        """Take over what a scratch book recorded (for a report the answer ends up showing)."""
        for fact in other.facts:
            self.use(fact)
        for d in other.derived:
            inputs = [self.use(other.facts[i]) for i in d.inputs]
            self.derived.append(d.model_copy(update={"inputs": inputs}))
        for passage in other.passages:
            self.cite(passage)

    def cite(self, passage: Citation) -> None:
        if all(p.passage_id != passage.passage_id for p in self.passages):
            self.passages.append(passage)


@dataclass
class Draft:
    """An intent composer's output, before coverage and notes are added."""

    lines: list[str]
    missing: dict[str, set[str]] = field(default_factory=dict)  # report id -> tables lacking
    considered: list[ReportRef] | None = None  # default: every selected report
    chart: Chart | None = None
    themes: Themes | None = None
    recurrence: list[Recurrence] = field(default_factory=list)


class Cells:
    """The evidence's facts by (report, field, column), and its reports in order."""

    def __init__(self, evidence: Evidence) -> None:
        self.evidence = evidence
        self.lang = evidence.plan.language
        self._facts = {(f.report_id, f.field, f.column): f for f in evidence.facts}
        named = {r.report_id: r for r in evidence.reports}
        self.reports = list(named.values()) if named else _reports_of(evidence)

    def fact(self, report_id: str, key: str, column: str | None) -> Fact | None:
        """The cell of a field (table 三: in `column`, the total by default), or None."""
        if key in _FIELD_INFO and _FIELD_INFO[key].section == "s3":
            column = column or "total"
            found = self._facts.get((report_id, key, column))
            if found is None and column == "total":
                found = self._facts.get((report_id, key, None))
            return found
        return self._facts.get((report_id, key, None))


def _reports_of(evidence: Evidence) -> list[ReportRef]:
    """When the executor names no reports: those its facts, passages and findings are of."""
    reports: dict[str, ReportRef] = {}
    for named in (*evidence.facts, *evidence.passages, *evidence.findings):
        reports.setdefault(named.report_id, named.report)
    return list(reports.values())


def table_of(key: str) -> str:
    """The table numeral (三, 四) a canonical field is printed in."""
    return TABLE_NUMERALS[_FIELD_INFO[key].section]


OP_WORDS: dict[Op, tuple[str, str]] = {
    Op.GT: ("大于", "more than"),
    Op.GE: ("不少于", "at least"),
    Op.LT: ("小于", "fewer than"),
    Op.LE: ("不超过", "at most"),
    Op.EQ: ("等于", "equal to"),
    Op.NE: ("不等于", "other than"),
}


def condition(label: str, comparison: Comparison | None, key: str, lang: Language) -> str:
    """'本年新收申请大于0' / 'new requests received more than 0' (default comparison: > 0)."""
    comparison = comparison or Comparison()
    zh, en = OP_WORDS[comparison.op]
    spec = DERIVED.get(key)
    shown = plain(comparison.value)
    if spec is not None and spec.percent and comparison.value > 1:
        shown += "%"
    return tr(lang, f"{label}{zh}{shown}", f"{label} {en} {shown}")


def compared_value(value: Number, key: str, comparison: Comparison | None) -> float:
    """A rate is compared in percent when the threshold was given in percent (> 1)."""
    spec = DERIVED.get(key)
    if spec is not None and spec.percent and comparison is not None and comparison.value > 1:
        return float(value) * 100
    return float(value)


def report_head(report: ReportRef, lang: Language) -> str:
    """'郏县人民政府2024年' / '郏县人民政府, 2024'."""
    name = agency_name(report, lang)
    if report.year is None:
        return name
    return tr(lang, f"{name}{report.year}年", f"{name}, {report.year}")


def who(report: ReportRef, lang: Language, many_years: bool) -> str:
    """The agency, with the year when the selection spans several years."""
    if many_years:
        return report_head(report, lang)
    return agency_name(report, lang)


def selection_years(reports: list[ReportRef]) -> list[int]:
    return sorted({r.year for r in reports if r.year is not None})
