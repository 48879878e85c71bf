"""compare_years and trend: a metric per year, the change between consecutive years, and a
chart (bar for a comparison, line for a trend) whose values are the cells' values.

A trend over several agencies sums each year's reports (a rate pools its numerators and
denominators); one agency's years are read as they are.
"""

from __future__ import annotations

from itertools import pairwise

from ingest.schema import ReportRef
from qa_app.answer.composers.base import (
    Book,
    Cells,
    Draft,
    agency_name,
    is_money,
    metric_label,
    plain,
    tr,
    years_text,
)
from qa_app.answer.composers.derived import MetricValue, note_missing, pool, read, record
from qa_app.answer.model import Chart, ChartSeries
from qa_app.question.plan import Intent, Language, Metric


def _agencies(reports: list[ReportRef]) -> list[list[ReportRef]]:
    """Reports grouped by agency (first-seen order), each group by year."""
    groups: dict[str, list[ReportRef]] = {}
    for r in reports:
        groups.setdefault(r.agency_key or r.agency or r.report_id, []).append(r)
    return [sorted(g, key=lambda r: r.year or 0) for g in groups.values()]


def _change(
    book: Book, before: tuple[int, MetricValue], after: tuple[int, MetricValue], lang: Language
) -> str:
    """'2024年比2023年增加6件' / '2024 vs 2023: up 6'; a rate changes by percentage points."""
    (y1, r1), (y2, r2) = before, after
    if not (r1.ok and r2.ok):
        return tr(lang, f"{y2}年与{y1}年无法比较", f"{y2} vs {y1}: cannot be compared")
    diff = r2.exact - r1.exact
    key = r1.metric.key
    formula = f"{plain(r2.exact)}-{plain(r1.exact)}"
    book.derive(
        f"diff:{key}",
        tr(lang, f"{y2}年较{y1}年变化", f"change {y1}-{y2}"),
        diff,
        formula,
        r1.facts + r2.facts,
    )
    if diff == 0:
        return tr(lang, f"{y2}年与{y1}年持平", f"{y2} vs {y1}: unchanged")
    if r1.percent:
        amount = f"{abs(float(diff)) * 100:.1f}"
        zh = f"{'上升' if diff > 0 else '下降'}{amount}个百分点"
        en = f"{'up' if diff > 0 else 'down'} {amount} percentage points"
    else:
        amount = plain(abs(diff))
        unit = "万元" if is_money(key) else "件"
        zh = f"{'增加' if diff > 0 else '减少'}{amount}{unit}"
        en = f"{'up' if diff > 0 else 'down'} {amount}"
    return tr(lang, f"{y2}年比{y1}年{zh}", f"{y2} vs {y1}: {en}")


def _series_line(
    book: Book, name: str, label: str, points: list[tuple[int, MetricValue]], lang: Language
) -> str:
    shown = [(year, record(book, r, lang)) for year, r in points]
    values = tr(lang, "，", "; ").join(
        tr(lang, f"{year}年{text}", f"{year}: {text}") for year, text in shown
    )
    changes = [_change(book, a, b, lang) for a, b in pairwise(points)]
    tail = tr(lang, "；" + "；".join(changes), "; " + "; ".join(changes)) if changes else ""
    return tr(lang, f"{name}{label}：{values}{tail}。", f"{name} — {label}: {values}{tail}.")


def _pooled(
    cells: Cells, book: Book, metric: Metric, draft: Draft
) -> tuple[str, list[tuple[int, MetricValue]]]:
    """Each year's reports summed; says how many reports each year covers."""
    lang = cells.lang
    by_year: dict[int, list[MetricValue]] = {}
    for report in cells.reports:
        if report.year is not None:
            reading = read(cells, report, metric)
            note_missing(draft, reading)
            by_year.setdefault(report.year, []).append(reading)
    points, counts = [], []
    for year in sorted(by_year):
        valued = [r.report for r in by_year[year] if r.ok]
        book.derive(
            f"n:{year}",
            tr(lang, f"{year}年有数值的报告数", f"reports of {year} with a value"),
            len(valued),
            f"count of reports of {year} with {metric.key}",
        )
        counts.append(tr(lang, f"{year}年{len(valued)}份", f"{year}: {len(valued)}"))
        points.append((year, pool(cells, valued, metric) if valued else by_year[year][0]))
    shown = tr(lang, "，", "; ").join(counts)
    name = tr(
        lang,
        f"所选报告合计（有数值的报告：{shown}）",
        f"All selected reports summed (reports with a value: {shown})",
    )
    return name, points


def years_answer(cells: Cells, book: Book) -> Draft:
    """Per-year values and changes for each agency (or pooled, for a multi-agency trend)."""
    plan, lang = cells.evidence.plan, cells.lang
    draft = Draft(lines=[])
    groups = _agencies(cells.reports)
    pooled = plan.intent is Intent.TREND and len(groups) > 1
    pooled_series: list[ChartSeries] = []
    per_agency: list[tuple[str, str, list[tuple[str, float | None]]]] = []
    for metric in plan.metrics:
        label = metric_label(metric, lang)
        if pooled:
            name, points = _pooled(cells, book, metric, draft)
            draft.lines.append(_series_line(book, name, label, points, lang))
            plotted = [(str(y), r.plotted) for y, r in points]
            pooled_series.append(ChartSeries(label=label, points=plotted))
            continue
        for group in groups:
            points = [(r.year, read(cells, r, metric)) for r in group if r.year is not None]
            for _, reading in points:
                note_missing(draft, reading)
            name = agency_name(group[0], lang)
            draft.lines.append(_series_line(book, name, label, points, lang))
            per_agency.append((name, label, [(str(y), r.plotted) for y, r in points]))
    years = years_text(sorted({r.year for r in cells.reports if r.year}), lang)
    if plan.intent is Intent.COMPARE_YEARS and len(groups) > MAX_AGENCY_SERIES:
        series, x_label = _per_year(per_agency, len(plan.metrics) > 1), tr(lang, "机关", "agency")
    else:
        series = pooled_series + [
            ChartSeries(label=f"{name} {label}", points=points)
            for name, label, points in per_agency
        ]
        x_label = tr(lang, "年份", "year")
    draft.chart = Chart(
        kind="line" if plan.intent is Intent.TREND else "bar",
        title=tr(
            lang,
            f"{years}{'、'.join(metric_label(m, lang) for m in plan.metrics)}",
            f"{', '.join(metric_label(m, lang) for m in plan.metrics)} ({years})",
        ),
        x_label=x_label,
        y_label=tr(lang, "数值", "value"),
        series=series,
    )
    return draft


MAX_AGENCY_SERIES = 4  # more agencies than this: one bar series per year, agencies along x


def _per_year(
    per_agency: list[tuple[str, str, list[tuple[str, float | None]]]], metric_in_label: bool
) -> list[ChartSeries]:
    """(agency, metric, year -> value) turned into series of (agency -> value) per year (and
    metric): many agencies over two years read better as agencies side by side."""
    out: dict[str, ChartSeries] = {}
    for agency, label, points in per_agency:
        for year, value in points:
            key = f"{year} {label}" if metric_in_label else year
            out.setdefault(key, ChartSeries(label=key, points=[])).points.append((agency, value))
    return list(out.values())
