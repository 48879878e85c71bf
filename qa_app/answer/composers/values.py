"""lookup, verify_claim, count_reports and unanswerable: answers about given reports' values."""

from __future__ import annotations

from ingest.schema import ReportRef
from qa_app.answer.composers.appeals import appeals, passes
from qa_app.answer.composers.base import (
    OP_WORDS,
    Book,
    Cells,
    Draft,
    compared_value,
    condition,
    metric_label,
    plain,
    report_head,
    selection_years,
    tr,
    who,
    with_unit,
    years_text,
)
from qa_app.answer.composers.derived import MetricValue, note_missing, pool, read, record
from qa_app.answer.composers.meta import count_meta
from qa_app.answer.model import Chart, ChartSeries
from qa_app.question.plan import DERIVED, Claim, Comparison, Language, Metric, Op, Subject

# What a false non-equality claim is instead: 大于5件 is false -> the value is 不大于5件.
_NEGATED: dict[Op, tuple[str, str]] = {
    Op.GT: ("不大于", "not more than"),
    Op.GE: ("少于", "fewer than"),
    Op.LT: ("不小于", "not fewer than"),
    Op.LE: ("超过", "more than"),
}


def no_reports(lang: Language) -> str:
    return tr(lang, "没有找到符合条件的报告。", "No report matches the question.")


def lookup(cells: Cells, book: Book) -> Draft:
    """Each selected report's values of the plan's metrics (or its appeals), one line each;
    several reports' values also as bars, one series per metric."""
    plan, lang = cells.evidence.plan, cells.lang
    draft = Draft(lines=[])
    many_years = len(selection_years(cells.reports)) > 1
    labels = [metric_label(m, lang) for m in plan.metrics]
    bars = [ChartSeries(label=label, points=[]) for label in labels]
    for report in cells.reports:
        head = report_head(report, lang)
        if plan.appeals:
            found = appeals(cells, book, report, lang)
            draft.lines.append(tr(lang, f"{head}：{found.text}。", f"{head} — {found.text}."))
            if found.missing:
                draft.missing[report.report_id] = {"四"}
            continue
        parts = []
        for metric, label, bar in zip(plan.metrics, labels, bars, strict=True):
            reading = read(cells, report, metric)
            text = record(book, reading, lang)
            parts.append(tr(lang, f"{label}{text}", f"{label}: {text}"))
            note_missing(draft, reading)
            bar.points.append((who(report, lang, many_years), reading.plotted))
        draft.lines.append(
            tr(lang, f"{head}：{'；'.join(parts)}。", f"{head} — {'; '.join(parts)}.")
        )
    draft.lines = draft.lines or [no_reports(lang)]
    if len(cells.reports) > 1 and plan.metrics and not plan.appeals:
        draft.chart = Chart(
            kind="bar",
            title="、".join(labels) if lang is Language.ZH else ", ".join(labels),
            x_label=tr(lang, "机关", "agency"),
            y_label=tr(lang, "数值", "value"),
            series=bars,
        )
    return draft


def _claim_subject(metric: Metric, lang: Language) -> str:
    """'行政复议共' for a table 四 total, '本年新收申请为' otherwise; en 'label is'."""
    label = metric_label(metric, lang)
    if lang is Language.ZH and metric.key.endswith("_total") and metric.section == "s4":
        return label.removesuffix("总计") + "共"
    return tr(lang, f"{label}为", f"{label} is")


def _claim_text(value: float, key: str, lang: Language) -> str:
    """The claimed value as the question put it: 9件, 50% (a rate given as 0.5 reads 50%)."""
    spec = DERIVED.get(key)
    if spec is not None and spec.percent:
        return f"{plain(value)}%" if value > 1 else f"{plain(value * 100)}%"
    return with_unit(value, key, lang)


def _holds(reading: MetricValue, claimed: float, op: Op) -> bool:
    assert reading.value is not None
    if reading.percent:
        truth = round(float(reading.value) * 100, 1)
        return passes(truth, Comparison(op=op, value=claimed if claimed > 1 else claimed * 100))
    return passes(float(reading.value), Comparison(op=op, value=claimed))


def _subject(reading: MetricValue, lang: Language) -> str:
    if len(reading.reports) == 1:
        head = report_head(reading.report, lang)
        return tr(lang, head, f"{head} —")
    years = years_text(selection_years(reading.reports), lang)
    n = len(reading.reports)
    return tr(lang, f"{years}{n}份报告合计", f"{n} reports of {years} in total —")


def _verdict(reading: MetricValue, claim: Claim, subject: str, value: str, lang: Language) -> str:
    claimed = _claim_text(claim.value, reading.metric.key, lang)
    if _holds(reading, claim.value, claim.op):
        extra = ""
        if claim.op is not Op.EQ:
            zh, en = OP_WORDS[claim.op]
            extra = tr(lang, f"，{zh}{claimed}", f", {en} {claimed}")
        return tr(lang, f"是的：{subject}{value}{extra}。", f"Yes: {subject} {value}{extra}.")
    if claim.op is Op.EQ:
        return tr(
            lang,
            f"不对：{subject}{value}，而非{claimed}。",
            f"No: {subject} {value}, not {claimed}.",
        )
    neg = _NEGATED.get(claim.op)
    tail = tr(lang, f"，{neg[0]}{claimed}", f", {neg[1]} {claimed}") if neg else ""
    return tr(lang, f"不对：{subject}{value}{tail}。", f"No: {subject} {value}{tail}.")


def verify_claim(cells: Cells, book: Book) -> Draft:
    """'不对：郏县人民政府2024年行政复议共7件，而非9件。' with the true cells cited."""
    plan, lang = cells.evidence.plan, cells.lang
    metric, claim = plan.metrics[0], plan.claim
    assert claim is not None
    reports = cells.reports
    if not reports:
        return Draft(lines=[no_reports(lang)])
    reading = read(cells, reports[0], metric) if len(reports) == 1 else pool(cells, reports, metric)
    value = record(book, reading, lang)
    draft = Draft(lines=[])
    if reading.ok:
        subject = tr(lang, "", " ").join([_subject(reading, lang), _claim_subject(metric, lang)])
        draft.lines.append(_verdict(reading, claim, subject, value, lang))
    else:
        subject = _subject(reading, lang) + tr(lang, "", " ") + metric_label(metric, lang)
        draft.lines.append(
            tr(lang, f"无法核对：{subject}{value}。", f"Cannot check: {subject}: {value}.")
        )
        note_missing(draft, reading)
    return draft


def _count_passing(cells: Cells, book: Book) -> Draft:
    plan, lang = cells.evidence.plan, cells.lang
    draft = Draft(lines=[])
    passing: list[ReportRef] = []
    for report in cells.reports:
        if plan.appeals:
            scratch = Book()
            found = appeals(cells, scratch, report, lang)
            if found.missing:
                draft.missing[report.report_id] = {"四"}
            ok = found.passes(plan.comparison)
        else:
            reading = read(cells, report, plan.metrics[0])
            note_missing(draft, reading)
            ok = reading.ok and passes(
                compared_value(reading.number, reading.metric.key, plan.comparison),
                plan.comparison,
            )
        if ok:
            passing.append(report)
    metric = plan.metrics[0] if plan.metrics else None
    if plan.appeals or metric is None:
        cond = tr(
            lang,
            "有行政复议或行政诉讼",
            "administrative reconsideration (行政复议) or litigation (行政诉讼)",
        )
    else:
        cond = condition(metric_label(metric, lang), plan.comparison, metric.key, lang)
    years = years_text(selection_years(cells.reports), lang)
    k = len(passing)
    book.derive(
        "count:reports",
        tr(lang, "符合条件的报告数", "matching reports"),
        k,
        f"count of reports with {cond}",
    )
    draft.lines.append(
        tr(
            lang,
            f"{years}{cond}的报告共{k}份。",
            f"{k} reports{' of ' + years if years else ''} have {cond}.",
        )
    )
    return draft


def count_reports(cells: Cells, book: Book) -> Draft:
    """How many reports match; per year when the selection spans several."""
    plan, lang = cells.evidence.plan, cells.lang
    if plan.metrics or plan.appeals:
        return _count_passing(cells, book)
    if plan.subject is not Subject.REPORTS:
        return count_meta(cells, book)
    years = selection_years(cells.reports)
    n = len(cells.reports)
    line = tr(
        lang,
        f"{years_text(years, lang)}符合条件的报告共{n}份。",
        f"{n} reports{' of ' + years_text(years, lang) if years else ''} match.",
    )
    if len(years) > 1:
        per_year = []
        for year in years:
            count = sum(1 for r in cells.reports if r.year == year)
            book.derive(
                f"count:{year}",
                tr(lang, f"{year}年报告数", f"reports of {year}"),
                count,
                f"count of reports of {year}",
            )
            per_year.append(tr(lang, f"{year}年{count}份", f"{year}: {count}"))
        line += tr(lang, f"其中{'，'.join(per_year)}。", f" By year: {'; '.join(per_year)}.")
    return Draft(lines=[line])


def unanswerable(cells: Cells, book: Book) -> Draft:
    """Say that the reports cannot answer it; the notes (added for every answer) say why."""
    lang = cells.lang
    line = tr(
        lang,
        "无法从年度报告的数据中回答这个问题。",
        "This question cannot be answered from the annual reports' data.",
    )
    return Draft(lines=[line], considered=[])
