"""The LLM planner: a chat model turns the question into a QueryPlan, which is then validated
like any other plan. On any failure the rule planner's plan is used and the reason noted.

The model sees the question, the catalogue of metrics and intents, and the corpus's agency
names and years (names delimited as data). It never sees report text or settings, so nothing
written inside a report can steer the plan, and there is no secret for it to reveal.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from langchain_core.language_models import BaseChatModel
from langchain_core.utils.json_schema import dereference_refs
from pydantic import ValidationError

import prompts
from ingest.template import FIELD_CATALOG, S3_COLUMN_KEYS
from qa_app.llm import LLMBadOutput, LLMError, endpoint_of, structured_method, translate_errors
from qa_app.question.plan import DERIVED, Intent, QueryPlan

log = logging.getLogger("govqa.planner")

PROMPT = "plan"
SECTIONS = ("overview", "problems", "other", "facts")
MAX_AGENCIES = 300  # beyond this, only the names closest to the question are listed
# Fields the planner fills itself; the model is not asked for them and its values are dropped.
PLANNER_OWNED = ("notes", "planner", "agencies")


class Planner(Protocol):
    """Anything that turns a question into a plan (the rule planner, this one, a test stub)."""

    def plan(self, question: str) -> QueryPlan: ...


class ReportLike(Protocol):
    """What the context needs of a stored report (index.sqlstore.ReportRow, ingest's Report)."""

    @property
    def agency(self) -> str | None: ...
    @property
    def agency_key(self) -> str | None: ...
    @property
    def year(self) -> int | None: ...


@dataclass(frozen=True)
class CorpusContext:
    """What the planner may refer to: stored agencies (match_key -> name) and report years.
    Only these metadata reach the model, never a report's text."""

    agencies: Mapping[str, str] = field(default_factory=dict)
    years: tuple[int, ...] = ()

    @classmethod
    def from_reports(cls, reports: Iterable[ReportLike]) -> CorpusContext:
        agencies: dict[str, str] = {}
        years: set[int] = set()
        for report in reports:
            if report.agency_key and report.agency:
                agencies.setdefault(report.agency_key, report.agency)
            if report.year is not None:
                years.add(report.year)
        return cls(agencies, tuple(sorted(years)))

    @property
    def latest_year(self) -> int | None:
        return max(self.years) if self.years else None


def plan_schema() -> dict[str, Any]:
    """QueryPlan's JSON schema without the planner-owned fields, references inlined (some
    OpenAI-compatible servers reject `$ref`): the one definition of a plan, shown to the model."""
    schema = QueryPlan.model_json_schema()
    for name in PLANNER_OWNED:
        schema["properties"].pop(name, None)
    inlined = dereference_refs(schema)
    inlined.pop("$defs", None)
    return inlined


def plan_values(question: str, context: CorpusContext) -> dict[str, str]:
    """Everything prompts/plan.md needs, by placeholder."""
    latest = context.latest_year
    return {
        "intents": ", ".join(intent.value for intent in Intent),
        "metrics": _metric_lines(),
        "columns": ", ".join(S3_COLUMN_KEYS),
        "sections": ", ".join(SECTIONS),
        "years": ", ".join(str(y) for y in sorted(context.years)) or "(none stored yet)",
        "latest_year": str(latest) if latest is not None else "(unknown)",
        "agencies": prompts.delimit(_agency_lines(question, context), tag="corpus_agencies"),
        "question": question,
    }


def _metric_lines() -> str:
    lines = [f"{info.key} ({section}): {info.zh} / {info.en}"
             for (section, _key), info in FIELD_CATALOG.items()]  # fmt: skip
    lines += [f"{d.key} (derived): {d.zh} / {d.en}" for d in DERIVED.values()]
    return "\n".join(lines)


def _agency_lines(question: str, context: CorpusContext) -> str:
    """`key: name` lines; names come from reports, so line breaks inside them are flattened."""
    keys = list(context.agencies)
    if len(keys) > MAX_AGENCIES:
        wanted = _bigrams(question)
        keys.sort(key=lambda k: -len(wanted & _bigrams(context.agencies[k])))
        keys = keys[:MAX_AGENCIES]
    return "\n".join(f"{k}: {' '.join(context.agencies[k].split())}" for k in keys)


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


class LLMPlanner:
    """Plans with a chat model; falls back to `fallback` (the rule planner) on any failure."""

    def __init__(
        self,
        chat_model: BaseChatModel,
        fallback: Planner,
        context: CorpusContext,
        *,
        method: str | None = None,
    ) -> None:
        self.chat_model = chat_model
        self.fallback = fallback
        self.context = context
        self.endpoint = endpoint_of(chat_model)
        self.method = method or structured_method(chat_model)

    def plan(self, question: str) -> QueryPlan:
        try:
            return self._llm_plan(question)
        except LLMError as exc:
            log.warning("LLM planner not used: %s", exc)
            plan = self.fallback.plan(question)
            plan.notes.append(f"LLM planner not used ({exc}); the rule planner made this plan.")
            return plan

    def _llm_plan(self, question: str) -> QueryPlan:
        """The model's plan, validated; raises LLMError for anything unusable."""
        messages = prompts.load(PROMPT).messages(**plan_values(question, self.context))
        structured = self.chat_model.with_structured_output(plan_schema(), method=self.method)
        with translate_errors(self.endpoint):
            draft = structured.invoke(messages)
        if not isinstance(draft, dict):
            raise LLMBadOutput(self.endpoint, "no plan in the response (malformed or missing)")
        return self._validated(draft)

    def _validated(self, draft: dict[str, Any]) -> QueryPlan:
        values = {k: v for k, v in draft.items() if k not in PLANNER_OWNED}
        try:
            plan = QueryPlan.model_validate(values)
        except ValidationError as exc:
            raise LLMBadOutput(self.endpoint, f"invalid plan: {_brief(exc)}") from exc
        # An empty list means "no restriction" here.
        empty = {
            n: None for n in ("years", "agency_keys", "regions") if getattr(plan.filters, n) == []
        }
        filters = plan.filters.model_copy(update=empty)
        unknown = [k for k in filters.agency_keys or () if k not in self.context.agencies]
        if unknown:
            shown = ", ".join(repr(k[:40]) for k in unknown[:5])
            raise LLMBadOutput(self.endpoint, f"the plan names unknown agency key(s) {shown}")
        plan = plan.model_copy(
            update={"filters": filters, "planner": "llm", "notes": [], "agencies": []}
        )
        annotate = getattr(self.fallback, "annotate", None)  # the rule planner's corpus notes
        return annotate(plan) if callable(annotate) else plan


_SPACES = re.compile(r"\s+")


def _brief(exc: ValidationError) -> str:
    """The first validation errors, one line each, without the input echoed back."""
    parts = []
    for error in exc.errors()[:3]:
        where = ".".join(str(p) for p in error["loc"]) or "plan"
        parts.append(f"{where}: {_SPACES.sub(' ', error['msg']).removeprefix('Value error, ')}")
    return "; ".join(parts)
