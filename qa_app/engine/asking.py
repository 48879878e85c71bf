"""How a question becomes an answer: plan (rules, or an LLM with the rules as fallback),
execute against the read-only store, compose deterministically, optionally let an LLM phrase a
narrative summary, and verify every number against the evidence."""

from __future__ import annotations

import logging

from langchain_core.language_models import BaseChatModel

from index.filters import ReportFilter
from index.queries import ReadOnlyStore
from qa_app.answer.compose import compose
from qa_app.answer.llm_summary import summarize_with_llm
from qa_app.answer.model import Answer
from qa_app.answer.themes import Embed, use_embedder
from qa_app.answer.unreadable import with_unreadable
from qa_app.answer.verify import verify
from qa_app.execution.evidence import Evidence
from qa_app.execution.executor import Executor, Search
from qa_app.llm import LLMError
from qa_app.question.agencies import AgencyDirectory
from qa_app.question.plan import Intent, QueryPlan
from qa_app.question.planner import RulePlanner
from qa_app.question.planner_llm import CorpusContext, LLMPlanner, Planner
from qa_app.question.semantic import GlossaryRanker

log = logging.getLogger("govqa")


def make_planner(
    directory: AgencyDirectory,
    context: CorpusContext,
    chat_model: BaseChatModel | None,
    ranker: GlossaryRanker | None = None,
) -> Planner:
    """The rule planner (with the glossary's semantic fallback when an embedder is at hand),
    wrapped by the LLM planner when a chat model is configured."""
    rules = RulePlanner(directory, directory.latest_year, ranker)
    return rules if chat_model is None else LLMPlanner(chat_model, rules, context)


_APPEAL_TOTALS = {"review_total", "litigation_total"}


def as_appeals(plan: QueryPlan) -> QueryPlan:
    """A question naming both 行政复议 and 行政诉讼 gets the answer "appeals" gets: both,
    labelled, each broken down by result."""
    keys = {m.key for m in plan.metrics}
    if plan.appeals or keys != _APPEAL_TOTALS:
        return plan
    if plan.intent not in (Intent.LIST_WHERE, Intent.LOOKUP):
        return plan
    return plan.model_copy(update={"appeals": True})


def narrow(plan: QueryPlan, scope: ReportFilter | None) -> QueryPlan:
    """Apply filters chosen outside the question (the app's sidebar) on top of the plan's."""
    if scope is None:
        return plan
    narrowed: dict[str, object] = {}
    for name in ("years", "agency_keys", "regions"):
        outer = getattr(scope, name)
        if outer is None:
            continue
        inner = getattr(plan.filters, name)
        narrowed[name] = list(outer) if inner is None else [v for v in inner if v in set(outer)]
    if scope.level is not None and plan.filters.level is None:
        narrowed["level"] = scope.level
    filters = plan.filters.model_copy(update=narrowed)
    return plan.model_copy(update={"filters": filters})


def compose_embedded(evidence: Evidence, question: str, embed: Embed | None) -> Answer:
    """The deterministic answer, with `embed` placing a summary's points into themes."""
    with use_embedder(embed):
        return with_unreadable(compose(evidence, question), evidence)


def answer_question(
    question: str,
    planner: Planner,
    store: ReadOnlyStore,
    *,
    search: Search | None,
    chat_model: BaseChatModel | None,
    scope: ReportFilter | None = None,
    embed: Embed | None = None,
) -> Answer:
    """Plan, execute, compose, (phrase), verify. `embed` (the corpus's cached embedder)
    places a summary's points for grouping into themes."""
    plan = as_appeals(narrow(planner.plan(question), scope))
    evidence = Executor(store, search).run(plan, question)
    answer = compose_embedded(evidence, question, embed)
    if chat_model is not None and plan.intent is Intent.SUMMARIZE_SECTION and evidence.passages:
        answer = _llm_summary(answer, evidence, chat_model)
    return verify(answer, plan)


def _llm_summary(answer: Answer, evidence: Evidence, chat_model: BaseChatModel) -> Answer:
    """An LLM-written summary whose statements each cite a passage; the extractive answer
    stands when the model fails or keeps nothing."""
    plan = evidence.plan
    try:
        summary = summarize_with_llm(chat_model, evidence.passages, plan.section, plan.language)
    except LLMError as exc:
        answer.notes.append(f"LLM summary unavailable ({exc}); extractive summary shown")
        return answer
    if not summary.text.strip():
        return answer
    text = "\n\n".join(part for part in (summary.text, answer.coverage.text) if part)
    notes = list(answer.notes)
    if summary.dropped:
        notes.append(f"{summary.dropped} LLM statement(s) without a valid source were dropped")
    return answer.model_copy(update={"answer": text, "passages": summary.citations, "notes": notes})
