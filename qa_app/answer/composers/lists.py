"""list_where, rank and aggregate: answers over the whole selection of reports."""

from __future__ import annotations

from decimal import Decimal

from ingest.schema import ReportRef
from qa_app.answer.composers.appeals import LITIGATION_LABEL, REVIEW_LABEL, appeals, passes
from qa_app.answer.composers.base import (
    Book,
    Cells,
    Draft,
    compared_value,
    condition,
    join,
    metric_label,
    plain,
    report_head,
    selection_years,
    tr,
    who,
    with_unit,
    years_text,
)
from qa_app.answer.composers.derived import MetricValue, Why, note_missing, read, record
from qa_app.answer.model import Chart, ChartSeries
from qa_app.question.plan import Aggregation, Language, Metric


def _grouped(rows: list[tuple[ReportRef, str]]) -> list[tuple[ReportRef, str]]:
    """Rows of the same agency next to each other, agencies in first-seen order."""
    order: dict[str, int] = {}
    for report, _ in rows:
        order.setdefault(report.agency_key or report.agency or report.report_id, len(order))
    return sorted(
        rows, key=lambda row: order[row[0].agency_key or row[0].agency or row[0].report_id]
    )


def _appeals_rows(
    cells: Cells, book: Book, draft: Draft
) -> tuple[list[tuple[ReportRef, str]], str]:
    plan, lang = cells.evidence.plan, cells.lang
    rows = []
    for report in cells.reports:
        scratch = Book()
        found = appeals(cells, scratch, report, lang)
        if found.missing:
            draft.missing[report.report_id] = {"四"}
        if found.passes(plan.comparison):
            book.absorb(scratch)
            rows.append((report, found.text))
    review, litigation = tr(lang, *REVIEW_LABEL), tr(lang, *LITIGATION_LABEL)
    either = tr(lang, f"{review}或{litigation}", f"{review} or {litigation}")
    if plan.comparison is None:
        return rows, tr(lang, f"有{either}", either)
    return rows, condition(either, plan.comparison, "review_total", lang)


def _metric_rows(cells: Cells, book: Book, draft: Draft) -> tuple[list[tuple[ReportRef, str]], str]:
    plan, lang = cells.evidence.plan, cells.lang
    rows = []
    for report in cells.reports:
        scratch = Book()
        parts, ok = [], False
        for metric in plan.metrics:
            reading = read(cells, report, metric)
            note_missing(draft, reading)
            if reading.ok:
                value = compared_value(reading.number, metric.key, plan.comparison)
                ok = ok or passes(value, plan.comparison)
            text = record(scratch, reading, lang)
            parts.append(
                text
                if len(plan.metrics) == 1
                else f"{metric_label(metric, lang)}{tr(lang, '', ' ')}{text}"
            )
        if ok:
            book.absorb(scratch)
            rows.append((report, tr(lang, "；", "; ").join(parts)))
    labels = [condition(metric_label(m, lang), plan.comparison, m.key, lang) for m in plan.metrics]
    return rows, tr(lang, "或", " or ").join(labels)


def list_where(cells: Cells, book: Book) -> Draft:
    """The reports passing the comparison, grouped by agency, with their values."""
    plan, lang = cells.evidence.plan, cells.lang
    draft = Draft(lines=[])
    rows, cond = (_appeals_rows if plan.appeals else _metric_rows)(cells, book, draft)
    years = years_text(selection_years(cells.reports), lang)
    many_years = len(selection_years(cells.reports)) > 1
    agencies = {r.agency_key or r.agency or r.report_id for r, _ in rows}
    if not rows:
        draft.lines.append(
            tr(
                lang,
                f"{years}没有{cond}的机关。",
                f"No agency had {cond}{' in ' + years if years else ''}.",
            )
        )
        return draft
    n = len(agencies)
    book.derive(
        "count:agencies",
        tr(lang, "符合条件的机关数", "agencies listed"),
        n,
        f"count of agencies with {cond}",
    )
    draft.lines.append(
        tr(
            lang,
            f"{years}{cond}的机关共{n}个：",
            f"Agencies with {cond}{' in ' + years if years else ''} — {n} in total:",
        )
    )
    for report, text in _grouped(rows):
        name = who(report, lang, many_years)
        draft.lines.append(tr(lang, f"{name}：{text}", f"{name}: {text}"))
    return draft


# ------------------------------------------------------------------ rank


def _ranked(readings: list[MetricValue], descending: bool) -> list[tuple[int, MetricValue]]:
    """Competition ranks (1, 2, 2, 4): equal values share a rank."""
    ordered = sorted(readings, key=lambda r: r.number, reverse=descending)
    ranks: list[tuple[int, MetricValue]] = []
    for i, reading in enumerate(ordered):
        tied = ranks and ranks[-1][1].value == reading.value
        ranks.append((ranks[-1][0] if tied else i + 1, reading))
    return ranks


def rank(cells: Cells, book: Book) -> Draft:
    """Top-N reports by the plan's first metric; ties share a rank and are said."""
    plan, lang = cells.evidence.plan, cells.lang
    metric = plan.metrics[0]
    label = metric_label(metric, lang)
    draft = Draft(lines=[])
    readings = [read(cells, r, metric) for r in cells.reports]
    for reading in readings:
        note_missing(draft, reading)
    valued = [r for r in readings if r.ok]
    ranks = _ranked(valued, plan.descending)
    limit = plan.top_n or len(ranks)
    shown = [(n, r) for n, r in ranks if n <= limit]
    years = years_text(selection_years(cells.reports), lang)
    many_years = len(selection_years(cells.reports)) > 1
    word = ("最高", "最低") if any(r.percent for r in valued) else ("最多", "最少")
    zh_word, en_word = (word[0], "highest") if plan.descending else (word[1], "lowest")
    if plan.top_n:
        head = tr(
            lang,
            f"{years}{label}{zh_word}的前{plan.top_n}名：",
            f"Top {plan.top_n} by {label}{' in ' + years if years else ''} ({en_word} first):",
        )
    else:
        head = tr(
            lang,
            f"{years}{label}排名（{zh_word}在前）：",
            f"Ranking by {label}{' in ' + years if years else ''} ({en_word} first):",
        )
    draft.lines.append(head)
    counts = {}
    for n, _ in ranks:
        counts[n] = counts.get(n, 0) + 1
    for n, reading in shown:
        tie = tr(lang, "（并列）", " (tied)") if counts[n] > 1 else ""
        value = record(book, reading, lang, formula=False)
        name = who(reading.report, lang, many_years)
        draft.lines.append(tr(lang, f"{n}. {name}：{value}{tie}", f"{n}. {name}: {value}{tie}"))
    if not shown:
        draft.lines.append(tr(lang, "没有可排名的数值。", "No values to rank."))
    if plan.top_n and len(shown) > plan.top_n:
        book.derive(
            "count:listed",
            tr(lang, "列出的机关数", "agencies listed"),
            len(shown),
            "ties at the cut",
        )
        draft.lines.append(
            tr(lang, f"因并列，共列出{len(shown)}个。", f"Ties included: {len(shown)} listed.")
        )
    _zero_denominators(readings, book, draft, lang)
    draft.chart = Chart(
        kind="bar",
        title=label,
        x_label=tr(lang, "机关", "agency"),
        y_label=label + ("（%）" if lang is Language.ZH and metric_is_rate(shown) else ""),
        series=[
            ChartSeries(
                label=label,
                points=[(who(r.report, lang, many_years), r.plotted) for _, r in shown],
            )
        ],
    )
    return draft


def metric_is_rate(shown: list[tuple[int, MetricValue]]) -> bool:
    return any(r.percent for _, r in shown)


def _zero_denominators(
    readings: list[MetricValue], book: Book, draft: Draft, lang: Language
) -> None:
    zero = [r for r in readings if r.why is Why.ZERO_DENOMINATOR]
    if not zero:
        return
    label = metric_label(zero[0].metric, lang)
    names = join([report_head(r.report, lang) for r in zero], lang)
    for reading in zero:
        record(book, reading, lang)
    draft.lines.append(
        tr(
            lang,
            f"{label}无法计算（分母为0）：{names}。",
            f"{label} cannot be computed (denominator is zero) for: {names}.",
        )
    )


# ------------------------------------------------------------------ aggregate


def _in(years: str) -> str:
    return f" of {years}" if years else ""


def _sum_or_mean(book: Book, cells: Cells, valued: list[MetricValue], scope: str) -> str:
    """A sum of counts or money; a mean (rates: the simple mean of the reports' rates)."""
    plan, lang = cells.evidence.plan, cells.lang
    metric = valued[0].metric
    label = metric_label(metric, lang)
    inputs = [f for r in valued for f in r.facts]
    values = [r.exact for r in valued]
    total = sum(values, Decimal(0))
    terms = "+".join(plain(v) for v in values)
    if plan.aggregation is Aggregation.SUM and not valued[0].percent:
        book.derive(f"sum:{metric.key}", label, total, terms, inputs)
        shown = with_unit(total, metric.key, lang)
        return tr(
            lang, f"{scope}的{label}合计：{shown}。", f"{label}, summed over {scope}: {shown}."
        )
    mean = total / len(values)
    book.derive(f"avg:{metric.key}", label, mean, f"({terms})/{len(values)}", inputs)
    shown = with_unit(mean if valued[0].percent else round(mean, 2), metric.key, lang)
    return tr(lang, f"{scope}的{label}平均：{shown}。", f"{label}, averaged over {scope}: {shown}.")


def _count(book: Book, cells: Cells, valued: list[MetricValue], scope: str) -> str:
    """How many reports pass the comparison (default: more than 0)."""
    plan, lang = cells.evidence.plan, cells.lang
    metric = valued[0].metric
    cond = condition(metric_label(metric, lang), plan.comparison, metric.key, lang)
    hits = [
        r
        for r in valued
        if passes(compared_value(r.number, metric.key, plan.comparison), plan.comparison)
    ]
    inputs = [f for r in hits for f in r.facts]
    book.derive(f"count:{metric.key}", cond, len(hits), f"count of reports with {cond}", inputs)
    return tr(
        lang, f"{scope}中，{cond}的有{len(hits)}份。", f"Of {scope}, {len(hits)} have {cond}."
    )


def _extreme(book: Book, cells: Cells, valued: list[MetricValue], scope: str) -> str:
    """The highest (or lowest) value and every report that has it."""
    lang, highest = cells.lang, cells.evidence.plan.aggregation is Aggregation.MAX
    best = (max if highest else min)(r.exact for r in valued)
    winners = [r for r in valued if r.exact == best]
    text = record(book, winners[0], lang, formula=False)
    for other in winners[1:]:
        record(book, other, lang, formula=False)
    names = join([report_head(r.report, lang) for r in winners], lang)
    words = ("最高", "最低") if winners[0].percent else ("最多", "最少")
    zh, en = (words[0], "Highest") if highest else (words[1], "Lowest")
    label = metric_label(winners[0].metric, lang)
    return tr(
        lang,
        f"{scope}中{label}{zh}的是{names}：{text}。",
        f"{en} {label} among {scope}: {names} ({text}).",
    )


def _aggregate_one(cells: Cells, book: Book, metric: Metric, draft: Draft) -> str:
    lang = cells.lang
    readings = [read(cells, r, metric) for r in cells.reports]
    for reading in readings:
        note_missing(draft, reading)
    valued = [r for r in readings if r.ok]
    years = years_text(selection_years(cells.reports), lang)
    n = len(valued)
    label = tr(lang, "有数值的报告数", "reports with a value")
    book.derive(f"n:{metric.key}", label, n, f"count of reports with {metric.key}")
    if not valued:
        label = metric_label(metric, lang)
        return tr(lang, f"{years}没有报告的{label}有数值。", f"No report{_in(years)} has {label}.")
    scope = tr(lang, f"{years}{n}份报告", f"{n} report{'s' if n > 1 else ''}{_in(years)}")
    agg = cells.evidence.plan.aggregation or Aggregation.SUM
    if agg is Aggregation.COUNT:
        return _count(book, cells, valued, scope)
    if agg in (Aggregation.MAX, Aggregation.MIN):
        return _extreme(book, cells, valued, scope)
    return _sum_or_mean(book, cells, valued, scope)


def aggregate(cells: Cells, book: Book) -> Draft:
    """Sum, average, max, min or count of each metric, saying how many reports it covers."""
    draft = Draft(lines=[])
    for metric in cells.evidence.plan.metrics:
        draft.lines.append(_aggregate_one(cells, book, metric, draft))
    return draft
