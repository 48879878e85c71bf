"""What the executor hands the composer: the reports a plan selected and the cells, passages
and check results it read for them. Everything here came from the stores, nothing from a model."""

from __future__ import annotations

from pydantic import BaseModel, Field

from ingest.schema import CellStatus, CheckResult, ExactNumber, NamesReport, ReportRef, Source
from qa_app.question.plan import QueryPlan


class Fact(NamesReport):
    """One table cell an answer relies on: the report, the cell, and where it was read."""

    field: str = Field(description="Canonical field key.")
    column: str | None = Field(None, description="Applicant column (table 三), else null.")
    value: ExactNumber | None
    status: CellStatus
    raw: str = ""
    source: Source | None = None


class Citation(NamesReport):
    """A narrative passage an answer quotes or summarizes, and the report it is from."""

    report_keys = ("agency", "year")

    passage_id: str
    section: str
    text: str
    start: int | None = None
    end: int | None = None


class CheckFinding(NamesReport):
    """A failed or not-assessable identity of one report (find_inconsistent, `govqa check`)."""

    report_keys = ("agency", "year")

    check: CheckResult


class Evidence(BaseModel):
    """Everything an answer may use. Facts cover the plan's metrics and, for derived metrics,
    every component cell, for every selected report (null cells included, status kept)."""

    plan: QueryPlan
    reports: list[ReportRef] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    passages: list[Citation] = Field(default_factory=list)
    findings: list[CheckFinding] = Field(default_factory=list)
    latest_year: int | None = Field(None, description="Latest report year in the whole corpus.")
    condition_facts: list[Fact] = Field(
        default_factory=list,
        description="Composite plans: the condition's cell in every report it was tested on.",
    )
    condition_pool: list[ReportRef] = Field(
        default_factory=list, description="Composite plans: the reports the condition tested."
    )
