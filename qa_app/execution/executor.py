"""QueryPlan -> Evidence: the reports a plan selects and the cells, checks and passages it
needs, read through a store that cannot write (index/queries.py holds every query).

The executor decides nothing about the answer. It fetches every cell a metric needs for every
selected report, nulls included with their status (a cell the store lacks comes back as
`missing`), and leaves ranking, filtering by comparison and wording to the composer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from pydantic import TypeAdapter
from sqlalchemy import Connection

from index.filters import ReportFilter, SearchFilters
from index.queries import (
    CellRow,
    ReadOnlyStore,
    Target,
    carry_rows,
    cell_values,
    failing_checks,
    latest_year,
    passages_of,
    select_reports,
)
from index.retrieval import Hit
from ingest.checks import check_carry_over
from ingest.schema import (
    Cell,
    CellRef,
    CellStatus,
    CheckOutcome,
    CheckResult,
    Report,
    ReportRef,
    Source,
    SourceFormat,
    SourceInfo,
)
from ingest.template import S4_FIELDS
from qa_app.execution.evidence import CheckFinding, Citation, Evidence, Fact
from qa_app.question.plan import Condition, Intent, Metric, QueryPlan, field_section

__all__ = ["Executor", "Search", "metric_fields"]

# Corpus.search(query, k, filters): hybrid retrieval, used only as a narrative fallback.
Search = Callable[[str, int, SearchFilters], list[Hit]]

FINDING_OUTCOMES = (CheckOutcome.FAIL, CheckOutcome.NOT_ASSESSABLE)
# Every cell of table 四: what an answer about appeals breaks down by result.
APPEAL_FIELDS = [CellRef(section="s4", row=field) for field in S4_FIELDS]
APPEAL_TOTALS = [f for f in APPEAL_FIELDS if f.row.endswith("_total")]
APPEAL_RESULTS = [f for f in APPEAL_FIELDS if f not in APPEAL_TOTALS]
_REFS = TypeAdapter(list[list[CellRef]])
_SOURCES = TypeAdapter(list[Source | None])
_FACTS = TypeAdapter(list[Fact])
NARRATIVE = ("overview", "problems", "other")


def metric_fields(metrics: Iterable[Metric]) -> list[CellRef]:
    """The cells the metrics read: a canonical field itself, a derived metric every component
    (numerator, denominator, minus); table 三 fields in the metric's applicant column."""
    out: list[CellRef] = []
    for metric in metrics:
        spec = metric.derived
        keys = [metric.key] if spec is None else [*spec.numerator, *spec.denominator, *spec.minus]
        for key in keys:
            section = field_section(key)
            column = (metric.column or "total") if section == "s3" else None
            ref = CellRef(section=section, row=key, column=column)
            if ref not in out:
                out.append(ref)
    return out


class Executor:
    """Runs plans against a read-only store; `search` (optional) is hybrid retrieval."""

    def __init__(self, store: ReadOnlyStore, search: Search | None = None, *, k: int = 8) -> None:
        self.store = store
        self.search = search
        self.k = k

    def run(self, plan: QueryPlan, question: str | None = None) -> Evidence:
        """The evidence for `plan`. `question` is used only for the narrative fallback."""
        selection = plan.filters
        with self.store.connect() as conn:
            selected = select_reports(conn, selection)
            evidence = Evidence(plan=plan, reports=selected, latest_year=latest_year(conn))
            if plan.condition is not None:
                selected = _condition(conn, plan.condition, selection, selected, evidence)
                evidence.reports = selected
            if plan.metrics and plan.intent is not Intent.COUNT_REPORTS:
                fields = metric_fields(plan.metrics)
                if plan.appeals:  # both blocks of table 四 with their results, labelled
                    fields += [f for f in APPEAL_TOTALS if f not in fields]
                evidence.facts = _facts(conn, selection, selected, fields)
                if plan.appeals:
                    evidence.facts = _with_appeal_results(conn, selected, fields, evidence.facts)
            if plan.intent is Intent.FIND_INCONSISTENT:
                evidence.findings = _findings(conn, selection, evidence.reports)
            if plan.intent is Intent.SUMMARIZE_SECTION:
                evidence.passages = section_citations(conn, selection, selected, plan.section)
            if plan.intent is Intent.MENTIONS:
                evidence.passages = [
                    p
                    for section in NARRATIVE
                    for p in section_citations(conn, selection, selected, section)
                ]
        if plan.intent is Intent.SUMMARIZE_SECTION and not evidence.passages and selected:
            evidence.passages = self._fallback(selection, selected, question)
        return evidence

    def _fallback(
        self, selection: ReportFilter, selected: Sequence[ReportRef], question: str | None
    ) -> list[Citation]:
        """When the selected reports have no passage in the section (the splitter did not find
        it), the passages of those reports closest to the question; never other reports'."""
        if self.search is None or not question:
            return []
        filters = SearchFilters(**dict(selection))
        ids = {r.id for r in selected}
        return [
            Citation(passage_id=h.passage_id, report=h.report, section=h.section, text=h.text,
                     start=h.start, end=h.end)
            for h in self.search(question, self.k, filters)
            if h.report_id in ids
        ]  # fmt: skip


# ---------------------------------------------------------------- facts


def _facts(
    conn: Connection, selection: Target, selected: Sequence[ReportRef], refs: list[CellRef]
) -> list[Fact]:
    """One fact per selected report and field, in report order then field order; a cell the
    store lacks (a field of the other template edition) is a null fact with status missing."""
    found: dict[tuple[str, str, str, str | None], CellRow] = {
        (c.report_id, c.section, c.row, c.column): c for c in cell_values(conn, selection, refs)
    }
    rows = [
        (report, ref, found.get((report.id, ref.section, ref.row, ref.column)))
        for report in selected
        for ref in refs
    ]
    sources = _SOURCES.validate_json(_json_array(c.source if c else None for _, _, c in rows))
    return _FACTS.validate_python(
        [
            {
                "report": report,
                "field": ref.row,
                "column": ref.column,
                "value": cell.value if cell else None,
                "status": cell.status if cell else CellStatus.MISSING,
                "raw": cell.raw if cell else "",
                "source": source,
            }
            for (report, ref, cell), source in zip(rows, sources, strict=True)
        ]
    )


def _with_appeal_results(
    conn: Connection, selected: Sequence[ReportRef], fields: list[CellRef], facts: list[Fact]
) -> list[Fact]:
    """`facts` plus the results (维持, 纠正, …) of each appeal block, for the reports that
    have a non-zero block total: only those are broken down, and over a year of a large
    corpus fetching every result of every report would cost more than the rest of the answer.
    Facts stay in report order, then field order."""
    totals = {f.row for f in APPEAL_TOTALS}
    active = {f.report_id for f in facts if f.field in totals and f.value}
    wanted = [r for r in selected if r.id in active]
    if not wanted:
        return facts
    results = [f for f in APPEAL_RESULTS if f not in fields]
    more = _facts(conn, [r.id for r in wanted], wanted, results)
    order = {r.id: i for i, r in enumerate(selected)}
    position = {(f.row, f.column): i for i, f in enumerate(fields + results)}
    merged = facts + more
    merged.sort(key=lambda f: (order[f.report_id], position[(f.field, f.column)]))
    return merged


def _json_array(items: Iterable[str | None]) -> str:
    """Stored JSON texts (None for null) as one JSON array, to be parsed in one call."""
    return "[" + ",".join(item or "null" for item in items) + "]"


def _condition(
    conn: Connection,
    condition: Condition,
    selection: ReportFilter,
    selected: Sequence[ReportRef],
    evidence: Evidence,
) -> list[ReportRef]:
    """The first step of a composite plan: the condition's cells for every selected report
    (kept in the evidence, so the answer cites what selected each report), and the reports
    whose value passes. A report whose cell holds no number does not pass."""
    refs = metric_fields([condition.metric])
    facts = _facts(conn, selection, selected, refs) if selected else []
    evidence.condition_pool = list(selected)
    by_report: dict[str, list[Fact]] = {}
    for fact in facts:
        by_report.setdefault(fact.report_id, []).append(fact)
    passing = []
    for report in selected:
        value = condition_value(condition.metric, by_report.get(report.id, []))
        if value is not None and passes(value, condition):
            passing.append(report)
    keep = {r.id for r in passing}
    evidence.condition_facts = [f for f in facts if f.report_id in keep]
    return passing


def condition_value(metric: Metric, facts: Sequence[Fact]) -> float | None:
    """The metric's value from its cells: a field's cell, a derived total's sum, a rate's
    quotient; None when a cell holds no number or a denominator is 0."""
    values = {f.field: f.value for f in facts}
    spec = metric.derived
    if spec is None:
        value = values.get(metric.key)
        return None if value is None else float(value)
    parts = [
        [values.get(k) for k in keys] for keys in (spec.numerator, spec.denominator, spec.minus)
    ]
    if any(v is None for part in parts for v in part):
        return None
    top, bottom, minus = (sum(float(v) for v in part if v is not None) for part in parts)
    if not spec.denominator:
        return top
    return None if bottom - minus == 0 else top / (bottom - minus)


def passes(value: float, condition: Condition) -> bool:
    """The comparison; a rate is compared in percent when the threshold is written so (> 1)."""
    target = condition.comparison.value
    spec = condition.metric.derived
    if spec is not None and spec.percent and target > 1:
        value *= 100
    op = condition.comparison.op.value
    return {
        ">": value > target, ">=": value >= target, "<": value < target,
        "<=": value <= target, "=": value == target, "!=": value != target,
    }[op]  # fmt: skip


# ---------------------------------------------------------------- findings


def _findings(
    conn: Connection, selection: ReportFilter, selected: Sequence[ReportRef]
) -> list[CheckFinding]:
    """Failed and not-assessable H1–H7 results as stored, then S1 across years, per report."""
    refs = {r.id: r for r in selected}
    per_report: dict[str, list[CheckResult]] = {r.id: [] for r in selected}
    rows = failing_checks(conn, selection, FINDING_OUTCOMES)
    # One rule and scope names the same cells in every report: parse each distinct list once.
    distinct = sorted({r.cells for r in rows})
    parsed = dict(zip(distinct, _REFS.validate_json(_json_array(distinct)), strict=True))
    for row in rows:
        per_report[row.report_id].append(
            CheckResult(rule=row.rule, scope=row.scope, outcome=row.outcome,
                        cells=parsed[row.cells], lhs=row.lhs, rhs=row.rhs, message=row.message)
        )  # fmt: skip
    for report_id, results in _carry_over(conn, selection).items():
        if report_id in per_report:
            per_report[report_id] += [r for r in results if r.outcome in FINDING_OUTCOMES]
    return [
        CheckFinding(report=refs[report_id], check=check)
        for report_id, results in per_report.items()
        for check in results
    ]


def _carry_over(conn: Connection, selection: ReportFilter) -> dict[str, list[CheckResult]]:
    """S1 by ingest.checks.check_carry_over itself, on minimal reports rebuilt from the cells
    of the pairs the store could not show to pass (index.queries.carry_rows)."""
    carry = carry_rows(conn, selection)
    rebuilt = {k.id: _minimal_report(k) for k in carry.reports}
    for c in carry.cells:
        cell = Cell(value=c.value, raw=c.raw, status=c.status)
        rebuilt[c.report_id].s3.setdefault(c.row, {})[c.column or ""] = cell
    return check_carry_over(list(rebuilt.values()))


def _minimal_report(key: ReportRef) -> Report:
    return Report(**dict(key), source=SourceInfo(path="", sha256="", format=SourceFormat.TXT))


# ---------------------------------------------------------------- passages


def section_citations(
    conn: Connection, selection: ReportFilter, selected: Sequence[ReportRef], section: str
) -> list[Citation]:
    """Every passage of the section for the selected reports; none when none are selected."""
    if not selected:
        return []
    reports = {r.id: r for r in selected}
    return [
        Citation(
            passage_id=p.id,
            report=reports[p.report_id],
            section=p.section,
            text=p.text,
            start=p.start,
            end=p.end,
        )
        for p in passages_of(conn, selection, section)
        if p.report_id in reports
    ]
