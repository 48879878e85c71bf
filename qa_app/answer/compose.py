"""The deterministic composer: Evidence -> Answer, without a language model.

Each intent has its composer (compose_values, compose_lists, compose_years, compose_checks,
compose_summary); this module runs the right one, then states the coverage ("基于2024年的37份
报告；其中2份报告缺少表四数据") and the planner's notes. Every number the text prints comes from
Answer.facts, Answer.derived or Answer.coverage, which is what qa_app.answer.verify checks.
"""

from __future__ import annotations

from collections.abc import Callable

from qa_app.answer.composers.arithmetic import derive
from qa_app.answer.composers.base import Book, Cells, Draft, join, selection_years, tr, years_text
from qa_app.answer.composers.checks import find_inconsistent
from qa_app.answer.composers.condition import condition_lines
from qa_app.answer.composers.lists import aggregate, list_where, rank
from qa_app.answer.composers.mentions import mentions
from qa_app.answer.composers.meta import list_meta
from qa_app.answer.composers.summary import summarize_section
from qa_app.answer.composers.values import count_reports, lookup, unanswerable, verify_claim
from qa_app.answer.composers.years import years_answer
from qa_app.answer.model import Answer, Coverage
from qa_app.execution.evidence import Evidence
from qa_app.question.plan import Intent, Language, QueryPlan

__all__ = ["compose", "coverage_of", "plan_notes"]

Composer = Callable[[Cells, Book], Draft]

COMPOSERS: dict[Intent, Composer] = {
    Intent.LOOKUP: lookup,
    Intent.LIST_WHERE: list_where,
    Intent.RANK: rank,
    Intent.AGGREGATE: aggregate,
    Intent.COMPARE_YEARS: years_answer,
    Intent.TREND: years_answer,
    Intent.SUMMARIZE_SECTION: summarize_section,
    Intent.VERIFY_CLAIM: verify_claim,
    Intent.FIND_INCONSISTENT: find_inconsistent,
    Intent.COUNT_REPORTS: count_reports,
    Intent.UNANSWERABLE: unanswerable,
    Intent.LIST_META: list_meta,
    Intent.DERIVE: derive,
    Intent.MENTIONS: mentions,
}
_TABLE_ORDER = ("二", "三", "四", "section")


def _lacking(tables: set[str], lang: Language) -> str:
    """'表四数据' / 'table 四'; 'section' stands for the summarized narrative section."""
    if tables == {"section"}:
        return tr(lang, "该部分内容", "this section")
    names = [t for t in _TABLE_ORDER if t in tables and t != "section"]
    if lang is Language.ZH:
        return "、".join(f"表{t}" for t in names) + "数据"
    return ("table " if len(names) == 1 else "tables ") + " and ".join(names)


def coverage_of(cells: Cells, draft: Draft) -> Coverage:
    """How many reports the answer rests on, which lack the values, and the sentence saying so."""
    lang = cells.lang
    considered = cells.reports if draft.considered is None else draft.considered
    missing = [r.report_id for r in considered if r.report_id in draft.missing]
    years = selection_years(considered)
    n = len(considered)
    if n == 0:
        text = tr(lang, "未使用任何报告的数据", "no report data was used")
    else:
        of = years_text(years, lang)
        text = tr(lang, f"基于{of}的{n}份报告", f"based on {n} report{'s' if n > 1 else ''}")
        if lang is Language.EN and years:
            text += f" of {of}"
    if missing:
        tables = set().union(*(draft.missing[rid] for rid in missing))
        k = len(missing)
        text += tr(
            lang,
            f"；其中{k}份报告缺少{_lacking(tables, lang)}",
            f"; {k} lack{'s' if k == 1 else ''} {_lacking(tables, lang)}",
        )
    return Coverage(
        reports_considered=n,
        reports_with_values=n - len(missing),
        reports_missing_values=missing,
        years=years,
        text=text,
    )


def plan_notes(plan: QueryPlan) -> list[str]:
    """The planner's notes, plus unmatched agencies with their closest names."""
    notes = list(plan.notes)
    lang = plan.language
    for match in plan.agencies:
        if match.matched or any(match.mention in note for note in notes):
            continue
        if match.closest:
            notes.append(
                tr(
                    lang,
                    f"未找到机关“{match.mention}”，最接近的是：{join(match.closest, lang)}",
                    f"no agency matches “{match.mention}”; closest: {join(match.closest, lang)}",
                )
            )
        else:
            notes.append(
                tr(lang, f"未找到机关“{match.mention}”", f"no agency matches “{match.mention}”")
            )
    return notes


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence(text: str, lang: Language) -> str:
    if lang is Language.EN:
        text = _capital(text)
    return text if text.endswith(("。", ".", "！", "?", "？")) else text + tr(lang, "。", ".")


def compose(evidence: Evidence, question: str) -> Answer:
    """The answer to `question` from `evidence`, in the plan's language; not yet verified."""
    plan = evidence.plan
    cells = Cells(evidence)
    book = Book()
    draft = COMPOSERS[plan.intent](cells, book)
    if plan.condition is not None:
        draft.lines = condition_lines(evidence, book) + draft.lines
    coverage = coverage_of(cells, draft)
    notes = plan_notes(plan)
    body = [_capital(line) if plan.language is Language.EN else line for line in draft.lines]
    lines = [*body, _sentence(coverage.text, plan.language)]
    lines += [
        tr(plan.language, "说明：", "Note: ") + _sentence(note, plan.language) for note in notes
    ]
    return Answer(
        question=question,
        answer="\n".join(lines),
        facts=book.facts,
        derived=book.derived,
        passages=book.passages,
        coverage=coverage,
        plan=plan,
        chart=draft.chart,
        themes=draft.themes,
        recurrence=draft.recurrence,
        notes=notes,
    )
