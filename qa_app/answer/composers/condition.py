"""The first step of a composite answer, said before the second: which condition selected
the reports and the cell of each that passed it, cited (the facts of Evidence.condition_facts)."""

from __future__ import annotations

from qa_app.answer.composers.base import Book, condition, metric_label, report_head, tr, with_unit
from qa_app.execution.evidence import Evidence


def condition_lines(evidence: Evidence, book: Book) -> list[str]:
    """'先按“行政复议结果纠正大于0”从12份报告中选出3份：A2024年（2件）…' then '再对这些报告作答'."""
    plan = evidence.plan
    assert plan.condition is not None
    lang = plan.language
    metric = plan.condition.metric
    cond = condition(metric_label(metric, lang), plan.condition.comparison, metric.key, lang)
    pool, chosen = len(evidence.condition_pool), len(evidence.reports)
    book.derive("count:condition", tr(lang, "符合条件的报告数", "reports selected"), chosen,
                f"count of reports with {cond}")  # fmt: skip
    book.derive("count:tested", tr(lang, "检验条件的报告数", "reports tested"), pool,
                "count of reports the condition was tested on")  # fmt: skip
    parts = []
    for report in evidence.reports:
        facts = [f for f in evidence.condition_facts if f.report_id == report.report_id]
        for fact in facts:
            book.use(fact)
        shown = facts[0] if len(facts) == 1 and facts[0].value is not None else None
        value = f"（{with_unit(shown.value, shown.field, lang)}）" if shown else ""
        value_en = f" ({with_unit(shown.value, shown.field, lang)})" if shown else ""
        parts.append(
            tr(
                lang,
                f"{report_head(report, lang)}{value}",
                f"{report_head(report, lang)}{value_en}",
            )
        )
    listed = tr(lang, "、", "; ").join(parts)
    first = tr(
        lang,
        f"先按“{cond}”从{pool}份报告中选出{chosen}份" + (f"：{listed}。" if parts else "。"),
        f"First, {chosen} of {pool} reports have {cond}" + (f": {listed}." if parts else "."),
    )
    second = tr(lang, "再对这些报告作答：", "Then, the answer for those reports:")
    return [first, second]
