"""derive: differences, ratios, growth and shares computed from cells, each with its formula.

- two figures: per report, a - b or a / b ("行政许可比行政处罚多出几件")
- one figure, two agencies: per year, the first named minus (or over) the second
- one figure, two years: per agency, later - earlier, or (later - earlier) / earlier
- pooled share: Σa / Σb over every selected report that has both (coverage said)
Blank cells are never 0: a pair with one is named and left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ingest.schema import ReportRef
from qa_app.answer.composers.base import (
    Book,
    Cells,
    Draft,
    agency_name,
    metric_label,
    percent,
    plain,
    report_head,
    tr,
    with_unit,
)
from qa_app.answer.composers.derived import MetricValue, note_missing, pool, read, record
from qa_app.question.plan import Derivation, Language, Metric


@dataclass
class _Side:
    """One operand: what it is called in the sentence and its reading."""

    name: str
    reading: MetricValue


def _ratio_text(value: Decimal) -> str:
    return f"{value:.2f}"


def _combine(
    book: Book, derivation: Derivation, a: _Side, b: _Side, lang: Language, report_id: str | None
) -> str:
    """The sentence for a op b, with its formula; says why when a side has no number."""
    a_text = record(book, a.reading, lang, formula=False)
    b_text = record(book, b.reading, lang, formula=False)
    first = tr(lang, f"{a.name}{a_text}", f"{a.name}: {a_text}")
    second = tr(lang, f"{b.name}{b_text}", f"{b.name}: {b_text}")
    if not (a.reading.ok and b.reading.ok):
        return tr(lang, f"{first}，{second}，无法计算。", f"{first}; {second}; cannot be computed.")
    x, y = a.reading.exact, b.reading.exact
    inputs = [*a.reading.facts, *b.reading.facts]
    key = a.reading.metric.key
    if derivation is Derivation.DIFFERENCE:
        diff = x - y
        formula = f"{plain(x)}-{plain(y)}={plain(diff)}"
        gap = with_unit(abs(diff), key, lang)
        if a.reading.percent:  # rates differ in percentage points, printed as the rates are
            points = f"{float(diff) * 100:.1f}"
            formula = f"{percent(float(x))}-{percent(float(y))}={points}"
            gap = tr(
                lang,
                f"{abs(float(diff)) * 100:.1f}个百分点",
                f"{abs(float(diff)) * 100:.1f} points",
            )
        book.derive(f"diff:{key}", tr(lang, "差值", "difference"), diff, formula, inputs, report_id)
        more = tr(lang, "多" if diff >= 0 else "少", "more" if diff >= 0 else "fewer")
        return tr(
            lang,
            f"{first}，{second}，前者比后者{more}{gap}（{formula}）。",
            f"{first}; {second}; the first has {gap} {more} than the second ({formula}).",
        )
    if y == 0:
        return tr(lang, f"{first}，{second}，除数为0，无法计算。",
                  f"{first}; {second}; the divisor is 0, so it cannot be computed.")  # fmt: skip
    quotient = x / y
    if derivation is Derivation.GROWTH:
        growth = (x - y) / y
        formula = f"({plain(x)}-{plain(y)})/{plain(y)}"
        book.derive(
            f"growth:{key}", tr(lang, "增长率", "growth"), growth, formula, inputs, report_id
        )
        word = tr(lang, "增长" if growth >= 0 else "下降", "up" if growth >= 0 else "down")
        shown = percent(abs(float(growth)))
        return tr(
            lang,
            f"{second}，{first}，{word}{shown}（{formula}）。",
            f"{second}; {first}; {word} {shown} ({formula}).",
        )
    formula = f"{plain(x)}/{plain(y)}"
    if derivation is Derivation.SHARE:
        book.derive(f"share:{key}", tr(lang, "占比", "share"), quotient, formula, inputs, report_id)
        shown = percent(float(quotient))
        return tr(
            lang,
            f"{first}，{second}，占比{shown}（{formula}）。",
            f"{first}; {second}; a share of {shown} ({formula}).",
        )
    book.derive(f"ratio:{key}", tr(lang, "比值", "ratio"), quotient, formula, inputs, report_id)
    shown = _ratio_text(quotient)
    return tr(
        lang,
        f"{first}，{second}，前者是后者的{shown}倍（{formula}）。",
        f"{first}; {second}; the first is {shown} times the second ({formula}).",
    )


def _two_figures(cells: Cells, book: Book, draft: Draft) -> None:
    plan, lang = cells.evidence.plan, cells.lang
    m0, m1 = plan.metrics[0], plan.metrics[1]
    for report in cells.reports:
        a = _Side(metric_label(m0, lang), read(cells, report, m0))
        b = _Side(metric_label(m1, lang), read(cells, report, m1))
        for side in (a, b):
            note_missing(draft, side.reading)
        head = report_head(report, lang)
        body = _combine(book, plan.derivation or Derivation.DIFFERENCE, a, b, lang,
                        report.report_id)  # fmt: skip
        draft.lines.append(tr(lang, f"{head}：{body}", f"{head} — {body}"))


def _across(cells: Cells, book: Book, draft: Draft, metric: Metric) -> bool:
    """One figure: two agencies per year, else two years per agency. False if neither."""
    lang = cells.lang
    derivation = cells.evidence.plan.derivation or Derivation.DIFFERENCE
    label = metric_label(metric, lang)
    agencies = list(dict.fromkeys(r.agency_key for r in cells.reports))
    years = sorted({r.year for r in cells.reports if r.year is not None})
    found = False
    if len(agencies) >= 2 and derivation is not Derivation.GROWTH:
        order = _named_order(cells, agencies)
        for year in years:
            pair = [_of(cells, key, year) for key in order[:2]]
            if None in pair:
                continue
            first, second = (r for r in pair if r is not None)
            a = _Side(
                f"{agency_name(first, lang)}{tr(lang, '', ' ')}{label}", read(cells, first, metric)
            )
            b = _Side(
                f"{agency_name(second, lang)}{tr(lang, '', ' ')}{label}",
                read(cells, second, metric),
            )
            body = _combine(book, derivation, a, b, lang, None)
            draft.lines.append(tr(lang, f"{year}年：{body}", f"{year} — {body}"))
            found = True
        return found
    if len(years) >= 2:
        early, late = years[0], years[-1]
        for key in agencies:
            pair = (_of(cells, key, late), _of(cells, key, early))
            if pair[0] is None or pair[1] is None:
                continue
            later, earlier = pair
            a = _Side(
                tr(lang, f"{late}年{label}", f"{label} in {late}"), read(cells, later, metric)
            )
            b = _Side(
                tr(lang, f"{early}年{label}", f"{label} in {early}"), read(cells, earlier, metric)
            )
            body = _combine(book, derivation, a, b, lang, None)
            name = agency_name(later, lang)
            draft.lines.append(tr(lang, f"{name}：{body}", f"{name} — {body}"))
            found = True
    return found


def _named_order(cells: Cells, agencies: list[str | None]) -> list[str | None]:
    """The agencies in the order the question named them."""
    named = cells.evidence.plan.filters.agency_keys or []
    return sorted(agencies, key=lambda k: named.index(k) if k in named else len(named))


def _of(cells: Cells, agency_key: str | None, year: int) -> ReportRef | None:
    return next((r for r in cells.reports if r.agency_key == agency_key and r.year == year), None)


def _pooled(cells: Cells, book: Book, draft: Draft) -> None:
    """Σa / Σb over the reports that have both numbers; the others are named as left out."""
    plan, lang = cells.evidence.plan, cells.lang
    m0, m1 = plan.metrics[0], plan.metrics[1]
    usable: list[ReportRef] = []
    for report in cells.reports:
        a, b = read(cells, report, m0), read(cells, report, m1)
        if a.ok and b.ok:
            usable.append(report)
        else:
            note_missing(draft, a if not a.ok else b)
    if not usable:
        draft.lines.append(
            tr(lang, "所选报告中没有可计算的数据。", "No selected report has both figures.")
        )
        return
    a = _Side(tr(lang, f"{metric_label(m0, lang)}合计", f"{metric_label(m0, lang)} in total"),
              pool(cells, usable, m0))  # fmt: skip
    b = _Side(tr(lang, f"{metric_label(m1, lang)}合计", f"{metric_label(m1, lang)} in total"),
              pool(cells, usable, m1))  # fmt: skip
    n = len(usable)
    book.derive("count:pooled", tr(lang, "参与计算的报告数", "reports pooled"), n,
                "count of reports with both figures")  # fmt: skip
    head = tr(lang, f"{n}份报告合计：", f"Pooled over {n} report{'s' if n > 1 else ''}: ")
    body = _combine(book, plan.derivation or Derivation.SHARE, a, b, lang, None)
    draft.lines.append(head + body)


def derive(cells: Cells, book: Book) -> Draft:
    """The derivation the plan asks for, in one of the shapes above."""
    plan, lang = cells.evidence.plan, cells.lang
    draft = Draft(lines=[])
    if not cells.reports:
        return Draft(
            lines=[tr(lang, "没有找到符合条件的报告。", "No report matches the question.")]
        )
    if len(plan.metrics) >= 2 and plan.pooled:
        _pooled(cells, book, draft)
    elif len(plan.metrics) >= 2:
        _two_figures(cells, book, draft)
    elif not _across(cells, book, draft, plan.metrics[0]):
        draft.lines.append(
            tr(
                lang,
                "需要两个指标、两个机关或两个年份才能计算，所选报告不足。",
                "Two figures, two agencies or two years are needed; the selection has fewer.",
            )
        )
    return draft
