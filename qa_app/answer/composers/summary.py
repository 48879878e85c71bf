"""summarize_section: each report's enumerated points, grouped by report and part, each run
of points followed by the [passage_id] it was read from; then a keyword grouping of the
problems across reports. Every word of a point is the report's own.
"""

from __future__ import annotations

from qa_app.answer.composers.base import Book, Cells, Draft, join, tr
from qa_app.answer.extractive import (
    Part,
    PartKind,
    Point,
    ReportSummary,
    bucket_reports,
    summarize_passages,
)
from qa_app.execution.evidence import Citation
from qa_app.question.plan import Language

_PART_LABELS = {
    PartKind.PROBLEMS: ("存在的主要问题", "problems"),
    PartKind.IMPROVEMENTS: ("改进情况", "improvements"),
}
_SECTION_LABELS = {
    "problems": ("存在的主要问题及改进情况", "problems and improvements"),
    "overview": ("总体情况", "overview"),
    "other": ("其他需要报告的事项", "other matters"),
    "facts": ("表格数据概要", "table facts"),
}


def _who(summary: ReportSummary, lang: Language) -> str:
    name = summary.agency or tr(lang, f"报告{summary.report_id}", f"report {summary.report_id}")
    if summary.year is None:
        return name
    return tr(lang, f"{name}（{summary.year}）", f"{name} ({summary.year})")


def _marker(citations: tuple[Citation, ...]) -> str:
    return "".join(f"[{c.passage_id}]" for c in citations)


def _points(points: list[Point], enumerated: bool, book: Book, lang: Language) -> str:
    """'1. …；2. … [id]': a marker wherever the next point comes from other passages."""
    sep = tr(lang, "；", "; ")
    out = []
    for i, point in enumerate(points):
        text = f"{i + 1}. {point.text}" if enumerated else point.text
        last = i + 1 == len(points)
        if last or points[i + 1].citations != point.citations:
            text += " " + _marker(point.citations)
            for c in point.citations:
                book.cite(c)
        out.append(text)
    return sep.join(out)


def _part_line(summary: ReportSummary, part: Part, section: str, book: Book, lang: Language) -> str:
    zh, en = _PART_LABELS.get(part.kind) or _SECTION_LABELS.get(section, (section, section))
    head = tr(lang, f"{_who(summary, lang)}{zh}：", f"{_who(summary, lang)} — {en}: ")
    return head + _points(part.points, part.enumerated, book, lang)


def _buckets(summaries: list[ReportSummary], lang: Language) -> str:
    groups = [
        tr(lang, f"{zh}：", f"{en}: ") + join([_who(s, lang) for s in members], lang)
        for zh, en, members in bucket_reports(summaries)
    ]
    if not groups:
        return ""
    head = tr(lang, "共性问题（按关键词归类）：", "Common problems (grouped by keyword): ")
    return head + tr(lang, "；", "; ").join(groups) + tr(lang, "。", ".")


def summarize_section(cells: Cells, book: Book) -> Draft:
    """The summary of the plan's section for every selected report that has passages of it."""
    plan, lang = cells.evidence.plan, cells.lang
    passages = [p for p in cells.evidence.passages if p.section == plan.section]
    order = {r.report_id: i for i, r in enumerate(cells.reports)}
    summaries = sorted(
        summarize_passages(passages), key=lambda s: order.get(s.report_id, len(order))
    )
    lines = [_part_line(s, part, plan.section, book, lang) for s in summaries for part in s.parts]
    if not lines:
        label = tr(lang, *_SECTION_LABELS.get(plan.section, (plan.section, plan.section)))
        lines = [
            tr(
                lang,
                f"所选报告中没有找到“{label}”部分的内容。",
                f"No text of the {label} section was found in the selected reports.",
            )
        ]
    if plan.section == "problems" and len(summaries) >= 2:
        grouped = _buckets(summaries, lang)
        if grouped:
            lines.append(grouped)
    summarized = {s.report_id for s in summaries if s.parts}
    missing = {r.report_id: {"section"} for r in cells.reports if r.report_id not in summarized}
    return Draft(lines=lines, missing=missing)
