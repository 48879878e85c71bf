"""'Appeals' answered as both things a reader may mean, labelled: 行政复议 (administrative
reconsideration) and 行政诉讼 (litigation, both blocks of table 四 summed), each with its
breakdown by result when the evidence carries those cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ingest.numbers import exact_decimal
from ingest.schema import ReportRef
from ingest.template import S4_RESULTS
from qa_app.answer.composers.base import Book, Cells, Number, null_phrase, plain, tr
from qa_app.execution.evidence import Fact
from qa_app.question.plan import Comparison, Language, Op

_PARTS = tuple(r for r in S4_RESULTS if r.key != "total")
_SHORT_ZH = {"upheld": "维持", "corrected": "纠正", "other": "其他", "pending": "尚未审结"}
_SHORT_EN = {"upheld": "upheld", "corrected": "corrected", "other": "other", "pending": "pending"}
_LITIGATION = (
    ("litigation_direct", "未经复议直接起诉", "without prior reconsideration"),
    ("litigation_after_review", "复议后起诉", "after reconsideration"),
)
REVIEW_LABEL = ("行政复议", "administrative reconsideration (行政复议)")
LITIGATION_LABEL = ("行政诉讼", "litigation (行政诉讼)")

_OPS = {
    Op.GT: lambda a, b: a > b,
    Op.GE: lambda a, b: a >= b,
    Op.LT: lambda a, b: a < b,
    Op.LE: lambda a, b: a <= b,
    Op.EQ: lambda a, b: a == b,
    Op.NE: lambda a, b: a != b,
}


def passes(value: float, comparison: Comparison | None) -> bool:
    """Whether `value` satisfies the comparison (default: greater than 0)."""
    comparison = comparison or Comparison()
    return bool(_OPS[comparison.op](value, comparison.value))


@dataclass
class Appeals:
    """One report's appeals, as text, with the totals it found (None when unreadable)."""

    text: str
    review: float | None
    litigation: float | None
    missing: bool = False
    facts: list[Fact] = field(default_factory=list)

    def passes(self, comparison: Comparison | None) -> bool:
        return any(v is not None and passes(v, comparison) for v in (self.review, self.litigation))


def _count(value: Number | Decimal, lang: Language) -> str:
    return tr(lang, f"{plain(value)}件", plain(value))


def _count_or_null(fact: Fact | None, lang: Language) -> str:
    if fact is None or fact.value is None:
        return null_phrase(fact, lang)
    return _count(fact.value, lang)


def _breakdown(cells: Cells, book: Book, report: ReportRef, block: str, lang: Language) -> str:
    """'维持1件、纠正2件、其他2件、尚未审结2件' when the evidence has the block's results."""
    parts = []
    for res in _PARTS:
        fact = cells.fact(report.report_id, f"{block}_{res.key}", None)
        if fact is None:
            continue
        book.use(fact)
        value = _count(fact.value, lang) if fact.value is not None else null_phrase(fact, lang)
        parts.append(tr(lang, f"{_SHORT_ZH[res.key]}{value}", f"{_SHORT_EN[res.key]} {value}"))
    return tr(lang, "、", ", ").join(parts)


def _block(cells: Cells, book: Book, report: ReportRef, block: str, lang: Language) -> Fact | None:
    fact = cells.fact(report.report_id, f"{block}_total", None)
    if fact is not None:
        book.use(fact)
    return fact


def _review(cells: Cells, book: Book, report: ReportRef, lang: Language) -> tuple[str, Fact | None]:
    label = tr(lang, *REVIEW_LABEL)
    total = _block(cells, book, report, "review", lang)
    if total is None or total.value is None:
        return tr(
            lang, f"{label}{null_phrase(total, lang)}", f"{label}: {null_phrase(total, lang)}"
        ), total
    text = tr(lang, f"{label}{_count(total.value, lang)}", f"{label} {_count(total.value, lang)}")
    detail = _breakdown(cells, book, report, "review", lang) if total.value else ""
    return text + (tr(lang, f"（{detail}）", f" ({detail})") if detail else ""), total


def _litigation(
    cells: Cells, book: Book, report: ReportRef, lang: Language
) -> tuple[str, float | None]:
    label = tr(lang, *LITIGATION_LABEL)
    blocks = [(key, zh, en, _block(cells, book, report, key, lang)) for key, zh, en in _LITIGATION]
    facts = [fact for *_, fact in blocks]
    present = [f for f in facts if f is not None and f.value is not None]
    if len(present) < len(facts):
        described = [
            tr(lang, f"{zh}{_count_or_null(f, lang)}", f"{en}: {_count_or_null(f, lang)}")
            for _key, zh, en, f in blocks
        ]
        return tr(lang, f"{label}：", f"{label}: ") + tr(lang, "，", ", ").join(described), None
    values = [exact_decimal(f.value) for f in present if f.value is not None]
    total = sum(values, Decimal(0))
    formula = "+".join(plain(v) for v in values)
    book.derive(
        "litigation_total",
        tr(lang, "行政诉讼总数", "lawsuits in total"),
        total,
        formula,
        present,
        report.report_id,
    )
    text = tr(lang, f"{label}{_count(total, lang)}", f"{label} {_count(total, lang)}")
    if not total:
        return text, 0
    details = []
    for (key, zh, en, _fact), value in zip(blocks, values, strict=True):
        head = tr(lang, f"{zh}{_count(value, lang)}", f"{en} {_count(value, lang)}")
        detail = _breakdown(cells, book, report, key, lang) if value else ""
        details.append(head + (tr(lang, "：", ": ") + detail if detail else ""))
    return text + tr(lang, f"（{'；'.join(details)}）", f" ({'; '.join(details)})"), float(total)


def appeals(cells: Cells, book: Book, report: ReportRef, lang: Language) -> Appeals:
    """'行政复议7件（维持1件、纠正2件、其他2件、尚未审结2件）；行政诉讼0件' for one report."""
    review_text, review = _review(cells, book, report, lang)
    litigation_text, litigation = _litigation(cells, book, report, lang)
    review_value = review.value if review is not None else None
    return Appeals(
        text=review_text + tr(lang, "；", "; ") + litigation_text,
        review=review_value,
        litigation=litigation,
        missing=review_value is None or litigation is None,
    )
