"""An answer and its evidence: the cells (facts) and passages it used, what was derived from
them, how much of the corpus it covers, and whether every number in its text is backed.

`verified` is computed by matching numbers in the text against the facts and derivations
(qa_app/answer/verify.py), never taken on a model's word.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from ingest.schema import ExactNumber
from qa_app.answer.recurrence import Recurrence
from qa_app.answer.themes import Themes
from qa_app.execution.evidence import Citation, Fact
from qa_app.question.plan import QueryPlan


class Derived(BaseModel):
    """A number computed from facts (a rate, a sum, a difference), with its inputs."""

    name: str = Field(description="Derived metric key or a description like 'sum'.")
    label: str = Field(description="What it is, in the answer's language.")
    value: ExactNumber | float = Field(
        description="Exact (int or decimal) for sums and differences of cells; a float for a "
        "quotient such as a rate, which is only ever printed rounded."
    )
    formula: str = Field(description="How it was computed, e.g. '(12+1)/36'.")
    inputs: list[int] = Field(default_factory=list, description="Indexes into Answer.facts.")
    report_id: str | None = None


class Coverage(BaseModel):
    """How much of the corpus the answer is based on, stated in the answer."""

    reports_considered: int = 0
    reports_with_values: int = 0
    reports_missing_values: list[str] = Field(
        default_factory=list, description="Report ids whose needed cells were null."
    )
    years: list[int] = Field(default_factory=list)
    text: str = ""


class Mismatch(BaseModel):
    """A number in the answer text that no fact or derivation backs."""

    number: str
    position: int
    reason: str


class ChartSeries(BaseModel):
    label: str
    points: list[tuple[str, float | None]]


class Chart(BaseModel):
    """Data for a bar or line chart (comparisons, rankings, trends); values come from facts."""

    kind: str = Field(description="bar or line")
    title: str
    x_label: str
    y_label: str
    series: list[ChartSeries]


class Answer(BaseModel):
    """What `govqa ask` returns: the text, its evidence, and whether the evidence backs it."""

    question: str
    answer: str
    facts: list[Fact] = Field(default_factory=list)
    derived: list[Derived] = Field(default_factory=list)
    passages: list[Citation] = Field(default_factory=list)
    verified: bool = False
    mismatches: list[Mismatch] = Field(default_factory=list)
    coverage: Coverage = Field(default_factory=Coverage)
    plan: QueryPlan | None = None
    chart: Chart | None = None
    themes: Themes | None = Field(
        None, description="Summaries: the section's points grouped into themes, with members."
    )
    recurrence: list[Recurrence] = Field(
        default_factory=list,
        description="Problems summaries over an agency's years: improvements it promised in "
        "one report and reported again as problems in a later one, both sides cited.",
    )
    notes: list[str] = Field(default_factory=list)
    settings_hash: str = Field("", description="Hash of the settings that produced the answer.")
