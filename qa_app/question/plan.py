"""The typed plan a question becomes, whoever made it (rule planner or LLM).

A plan names canonical fields (ingest/template.py) or derived metrics (DERIVED below), never
SQL; the executor turns it into SQLAlchemy expressions over the cells.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field, computed_field, model_validator

from index.filters import ReportFilter
from ingest.template import FIELD_CATALOG, S3_COLUMN_KEYS


class Intent(StrEnum):
    LOOKUP = "lookup"  # the value(s) of metric(s) for the selected reports
    LIST_WHERE = "list_where"  # which agencies/reports satisfy a comparison (default: > 0)
    RANK = "rank"  # top-N reports by a metric
    AGGREGATE = "aggregate"  # sum / average / max / min / count over the selection
    COMPARE_YEARS = "compare_years"  # one agency's metric in two or more years
    TREND = "trend"  # a metric over the years (one agency, or the whole selection summed)
    SUMMARIZE_SECTION = "summarize_section"  # narrative: the problems (or another) section
    VERIFY_CLAIM = "verify_claim"  # is the stated number right? answer with the true cells
    FIND_INCONSISTENT = "find_inconsistent"  # reports whose identities fail (勾稽关系)
    COUNT_REPORTS = "count_reports"  # how many reports (agencies, regions, years) match
    LIST_META = "list_meta"  # which reports, agencies, regions or years the corpus has
    DERIVE = "derive"  # a difference, ratio, growth or share computed from cells
    MENTIONS = "mentions"  # which selected reports' narrative mentions a topic
    UNANSWERABLE = "unanswerable"  # nothing in the corpus can answer it; say why


class Language(StrEnum):
    ZH = "zh"
    EN = "en"


class Aggregation(StrEnum):
    SUM = "sum"
    AVG = "avg"
    MAX = "max"
    MIN = "min"
    COUNT = "count"


class Derivation(StrEnum):
    """What DERIVE computes; the composer shows the formula with the cells' values."""

    DIFFERENCE = "difference"  # a - b: two cells, two agencies or two years
    RATIO = "ratio"  # a / b
    GROWTH = "growth"  # (later - earlier) / earlier, between two years
    SHARE = "share"  # Σa / Σb over the selection (pooled) or per report


class Subject(StrEnum):
    """What a meta question lists or counts."""

    REPORTS = "reports"
    AGENCIES = "agencies"
    REGIONS = "regions"
    YEARS = "years"


class Op(StrEnum):
    GT = ">"
    GE = ">="
    LT = "<"
    LE = "<="
    EQ = "="
    NE = "!="


class DerivedSpec(BaseModel):
    """A metric computed from cells: numerator terms over denominator terms (sums)."""

    key: str
    zh: str
    en: str
    numerator: tuple[str, ...]  # canonical field keys, added
    denominator: tuple[str, ...] = ()  # added; empty: no division
    minus: tuple[str, ...] = ()  # subtracted from the denominator (纠错率: total − pending)
    percent: bool = False


_DENIED = tuple(f"denied_{k}" for k in (
    "state_secret", "law_prohibited", "security_stability", "third_party", "internal_affairs",
    "process_info", "enforcement_file", "admin_query",
))  # fmt: skip
_UNABLE = ("unable_not_held", "unable_needs_creation", "unable_unclear")
_NOT_PROCESSED = tuple(f"not_processed_{k}" for k in (
    "complaint", "duplicate", "publication", "excessive", "confirm_reissue",
))  # fmt: skip

DERIVED: dict[str, DerivedSpec] = {
    d.key: d
    for d in (
        DerivedSpec(key="disclosure_rate", zh="公开率", en="disclosure rate",
                    numerator=("granted", "partially_granted"),
                    denominator=("total_processed",), percent=True),
        DerivedSpec(key="correction_rate", zh="纠错率", en="correction rate",
                    numerator=("review_corrected",), denominator=("review_total",),
                    minus=("review_pending",), percent=True),
        DerivedSpec(key="litigation_total", zh="行政诉讼总数", en="lawsuits in total",
                    numerator=("litigation_direct_total", "litigation_after_review_total")),
        DerivedSpec(key="denied_total", zh="不予公开合计", en="denied in total",
                    numerator=_DENIED),
        DerivedSpec(key="unable_total", zh="无法提供合计", en="unable to provide in total",
                    numerator=_UNABLE),
        DerivedSpec(key="not_processed_total", zh="不予处理合计", en="not processed in total",
                    numerator=_NOT_PROCESSED),
    )
}  # fmt: skip


def field_section(key: str) -> str:
    """'s2', 's3', 's4' for a canonical field, 'derived' for a derived metric."""
    if key in DERIVED:
        return "derived"
    for (section, field), _info in FIELD_CATALOG.items():
        if field == key:
            return section
    raise ValueError(f"unknown metric {key!r}")


class Metric(BaseModel):
    """One thing to read: a canonical field or a derived metric, in one applicant column."""

    key: str = Field(
        description="Canonical field (e.g. new_received, review_total) or derived key."
    )
    column: str | None = Field(
        None, description="Applicant column of table 三 (natural_person … total); None elsewhere."
    )

    @model_validator(mode="after")
    def _known(self) -> Metric:
        section = field_section(self.key)  # raises for unknown keys
        if self.column is not None and self.column not in S3_COLUMN_KEYS:
            raise ValueError(f"unknown applicant column {self.column!r}")
        if section == "s3" and self.column is None:
            self.column = "total"
        if section in ("s2", "s4") and self.column is not None:
            raise ValueError(f"{self.key} is not a table 三 field; it has no applicant column")
        return self

    @property
    def section(self) -> str:
        return field_section(self.key)

    @property
    def derived(self) -> DerivedSpec | None:
        return DERIVED.get(self.key)


class Comparison(BaseModel):
    op: Op = Op.GT
    value: float = 0


class Claim(BaseModel):
    """A number a question asserts, for verify_claim ("郏县2024年行政复议是9件吗？")."""

    value: float
    op: Op = Op.EQ


class Condition(BaseModel):
    """The first step of a composite question: the reports whose cell passes the comparison
    ("行政复议被纠正的机关": review_corrected > 0); the intent then works on those only."""

    metric: Metric
    comparison: Comparison = Field(default_factory=Comparison)


class AgencyMatch(BaseModel):
    """How a name in the question was matched to stored agencies, shown when not exact."""

    mention: str
    matched: list[str] = Field(default_factory=list, description="Agency names matched.")
    closest: list[str] = Field(
        default_factory=list, description="Nearest names, when none matched."
    )


class QueryPlan(BaseModel):
    """What to fetch and how to answer. Produced by a planner, validated, then executed."""

    intent: Intent
    metrics: list[Metric] = Field(default_factory=list)
    filters: ReportFilter = Field(default_factory=ReportFilter)
    comparison: Comparison | None = None
    aggregation: Aggregation | None = None
    top_n: int | None = Field(None, ge=1, le=1000)
    descending: bool = True
    section: str = Field("problems", description="Narrative section for summarize_section.")
    claim: Claim | None = None
    appeals: bool = Field(
        False,
        description="The question asked about 'appeals': answer 行政复议 and 行政诉讼, labelled.",
    )
    derivation: Derivation | None = Field(None, description="For derive: what to compute.")
    pooled: bool = Field(
        False, description="derive share/ratio: Σ over the selection, not per report."
    )
    subject: Subject = Field(Subject.REPORTS, description="For list_meta / count_reports.")
    condition: Condition | None = Field(
        None, description="Composite: first select reports by this condition on a cell."
    )
    topic: str | None = Field(None, description="For mentions: the words to look for.")
    recurring: bool = Field(
        False,
        description="summarize_section of problems over an agency's years: what it raises "
        "year after year and what it promised to fix and then reported again.",
    )
    language: Language = Language.ZH
    agencies: list[AgencyMatch] = Field(default_factory=list)
    notes: list[str] = Field(
        default_factory=list, description="What the planner could not settle (ambiguity, unknowns)."
    )
    planner: str = Field("rules", description="Which planner produced the plan: rules or llm.")

    @model_validator(mode="after")
    def _consistent(self) -> QueryPlan:
        needs_metric = {Intent.LOOKUP, Intent.LIST_WHERE, Intent.RANK, Intent.AGGREGATE,
                        Intent.COMPARE_YEARS, Intent.TREND, Intent.VERIFY_CLAIM,
                        Intent.DERIVE}  # fmt: skip
        if self.intent is Intent.DERIVE and self.derivation is None:
            raise ValueError("derive needs a derivation (difference, ratio, growth, share)")
        if self.intent is Intent.MENTIONS and not self.topic:
            raise ValueError("mentions needs a topic")
        if self.intent in needs_metric and not self.metrics:
            raise ValueError(f"intent {self.intent} needs at least one metric")
        if self.intent is Intent.VERIFY_CLAIM and self.claim is None:
            raise ValueError("verify_claim needs the claimed value")
        if self.section not in ("overview", "problems", "other", "facts"):
            raise ValueError(f"unknown section {self.section!r}")
        return self

    @computed_field  # type: ignore[prop-decorator]
    @property
    def steps(self) -> list[str]:
        """The plan as the steps it runs: the condition (if any), then the intent."""
        out = []
        if self.condition is not None:
            c = self.condition
            column = f"[{c.metric.column}]" if c.metric.column not in (None, "total") else ""
            out.append(
                f"select reports where {c.metric.key}{column} {c.comparison.op.value} "
                f"{c.comparison.value:g}"
            )
        what = self.intent.value
        if self.derivation is not None:
            what += f" {self.derivation.value}" + (" pooled" if self.pooled else "")
        if self.intent in (Intent.LIST_META, Intent.COUNT_REPORTS):
            what += f" {self.subject.value}"
        if self.topic:
            what += f" “{self.topic}”"
        return [*out, what]


_S4_BLOCKS = ("review", "litigation_direct", "litigation_after_review")


def share_base(metric: Metric) -> Metric | None:
    """What a share of one figure is taken of, when the question names only the part: an
    applicant column of the row's total, a 三 outcome (or outcome group) of the requests
    processed, a 四 result of its block's total; None when nothing natural fits."""
    if metric.column not in (None, "total"):
        return Metric(key=metric.key)
    section = metric.section
    if section == "s3" and metric.key not in ("new_received", "carried_over", "total_processed"):
        return Metric(key="total_processed")
    if section == "derived" and metric.key.endswith("_total") and metric.key != "litigation_total":
        return Metric(key="total_processed")
    for block in _S4_BLOCKS:
        if metric.key.startswith(f"{block}_") and not metric.key.endswith("_total"):
            return Metric(key=f"{block}_total")
    return None
