"""Cells an answer needed whose printed figure cannot be a real value (a 40-digit "count"): the
store keeps them as text, never as a number, and the answer says so instead of staying silent."""

from __future__ import annotations

from ingest.numbers import is_implausible_figure
from ingest.schema import CellStatus
from qa_app.answer.composers.base import tr
from qa_app.answer.model import Answer
from qa_app.execution.evidence import Evidence, Fact

MAX_NAMED = 5  # beyond this, one sentence counts the rest


def unreadable_facts(evidence: Evidence) -> list[Fact]:
    """The facts whose cell printed an implausible figure (stored as text, no value)."""
    return [
        f for f in evidence.facts if f.status is CellStatus.TEXT and is_implausible_figure(f.raw)
    ]


def _label(fact: Fact) -> str:
    source = fact.source
    printed = "/".join(x for x in (source.row_label, source.column_label) if x) if source else ""
    return printed or fact.field


def with_unreadable(answer: Answer, evidence: Evidence) -> Answer:
    """`answer` with one sentence per unreadable cell it needed (no digits of the figure, so
    nothing unverifiable is printed) and a note; unchanged when there is none."""
    facts = unreadable_facts(evidence)
    if not facts:
        return answer
    lang = evidence.plan.language
    lines = [
        tr(
            lang,
            f"{f.agency}{f.year}年报告的“{_label(f)}”印的数字无法读取（超出任何真实数量），"
            "未作为数值存储，也未计入本答案。",
            f"{f.agency} ({f.year}): the figure printed for “{_label(f)}” is unreadable "
            "(beyond any real count); it is stored as text and not counted in this answer.",
        )
        for f in facts[:MAX_NAMED]
    ]
    if len(facts) > MAX_NAMED:
        rest = len(facts) - MAX_NAMED
        lines.append(
            tr(lang, f"另有{rest}个单元格同样无法读取。", f"{rest} more cells are unreadable.")
        )
    text = "\n\n".join([answer.answer, *lines])
    note = tr(lang, "有单元格的数值无法读取", "some cells' values are unreadable")
    return answer.model_copy(update={"answer": text, "notes": [*answer.notes, note]})
