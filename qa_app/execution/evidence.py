"""What the executor hands the composer: the reports a plan selected and the cells, passages
and check results it read for them. Everything here came from the stores, nothing from a model."""

from __future__ import annotations

from pydantic import BaseModel, Field

from ingest.schema import CheckResult
from qa_app.answer import Citation, Fact
from qa_app.plan import QueryPlan


class ReportRef(BaseModel):
    """A report the plan's filters selected."""

    report_id: str
    agency: str | None
    agency_key: str | None
    region: str | None
    year: int | None


class CheckFinding(BaseModel):
    """A failed or not-assessable identity of one report (find_inconsistent)."""

    report: ReportRef
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
