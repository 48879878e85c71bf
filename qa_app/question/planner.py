"""The offline planner: a question in Chinese or English -> a QueryPlan, by rules.

It reads in a fixed order, masking what each step consumed so the next cannot misread it:
agency names (agencies.py), years (years.py), metric words (lexicon.py), then cue words
and numbers. Nothing from the question reaches SQL: a plan carries canonical keys, numbers and
the keys of stored agencies only. Every guess is written into plan.notes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from index.filters import Level, ReportFilter
from qa_app.question.agencies import AgencyDirectory, AgencyEntry, AgencyHit, HitKind, prepare_text
from qa_app.question.lexicon import (
    MetricReading,
    Quantities,
    build_metrics,
    find_cues,
    find_level,
    find_quantities,
    mask,
    read_metrics,
    scan_terms,
)
from qa_app.question.notes import Notes
from qa_app.question.plan import (
    DERIVED,
    AgencyMatch,
    Aggregation,
    Claim,
    Comparison,
    Intent,
    Language,
    Op,
    QueryPlan,
)
from qa_app.question.vocabulary import Cue
from qa_app.question.years import YearReading, read_years

_CJK = re.compile(r"[\u4e00-\u9fff]")
_GOVERNMENTS = ("人民政府", "人民政府办公室")
_GROUP_TOTALS = ("denied_total", "unable_total", "not_processed_total")
DEFAULT_PLURAL_TOP_N = 10


def detect_language(text: str, names: Sequence[tuple[int, int]] = ()) -> Language:
    """Chinese if any Chinese character is outside the agency names; English questions
    quote Chinese names ("How many requests did 郏县人民政府 receive?") and stay English."""
    rest = mask(text, names, " ")
    if _CJK.search(rest) or not re.search(r"[A-Za-z]", rest):
        return Language.ZH if _CJK.search(text) else Language.EN
    return Language.EN


@dataclass
class QuestionReading:
    """Everything the rules found in one question, before an intent is chosen."""

    language: Language
    hits: list[AgencyHit]
    years: YearReading
    metrics: MetricReading
    cues: dict[Cue, int]
    quantities: Quantities
    level: Level | None
    notes: Notes


@dataclass
class AgencySelection:
    """The agencies a question is about: stored keys, and what to say about the reading."""

    keys: list[str] | None
    regions: list[str] | None
    matches: list[AgencyMatch]
    named: int  # agencies the question names, known or not (0: none, the whole corpus)


class RulePlanner:
    """Question -> QueryPlan without a model; `latest_year` anchors 去年/last year/近三年."""

    def __init__(self, directory: AgencyDirectory, latest_year: int | None = None) -> None:
        self.directory = directory
        self.latest_year = latest_year

    def read(self, question: str) -> QuestionReading:
        """The question's parts: agencies, years, metrics, cues, numbers."""
        text = prepare_text(question)
        hits = self.directory.match(text)
        names = [(h.start, h.end) for h in hits]
        language = detect_language(text, names)
        text = mask(text, names, " ")
        years = read_years(text, self.latest_year)
        text = mask(text, years.spans, " ")
        terms = scan_terms(text)
        metrics = read_metrics(terms)
        text = mask(text, metrics.spans)
        return QuestionReading(
            language=language,
            hits=hits,
            years=years,
            metrics=metrics,
            cues=find_cues(text),
            quantities=find_quantities(text),
            level=find_level(text),
            notes=Notes(language),
        )

    def plan(self, question: str) -> QueryPlan:
        """The plan for one question; never raises for odd input, it answers UNANSWERABLE."""
        r = self.read(question)
        for expr in r.years.relative:
            r.notes.add("relative_year", expr=expr, latest=self.latest_year)
        for expr in r.years.unresolved:
            r.notes.add("relative_unresolved", expr=expr)
        for key in r.metrics.notes:
            r.notes.add(key)
        selection = _select(r)
        if Cue.BREAKDOWN in r.cues:
            r.metrics.keys = _breakdown(r.metrics.keys)
        metrics, column_ignored = build_metrics(r.metrics)
        if column_ignored:
            r.notes.add("column_ignored")
        shape = self._shape(r, selection)
        years = shape.pop("years", None) or r.years.years or None
        if shape["intent"] is Intent.UNANSWERABLE:
            metrics = []
        filters = ReportFilter(
            years=years, agency_keys=selection.keys, regions=selection.regions, level=r.level
        )
        return QueryPlan(
            metrics=metrics,
            filters=filters,
            appeals=r.metrics.appeals,
            language=r.language,
            agencies=selection.matches,
            notes=r.notes.items,
            **shape,
        )

    def _shape(self, r: QuestionReading, sel: AgencySelection) -> dict[str, Any]:
        """Intent and the fields that go with it, by the rules in order of specificity."""
        cues, has_metric = r.cues, bool(r.metrics.keys)
        claim = _claim(r)
        asks_check = Cue.VERIFY in cues or (Cue.YES_NO in cues and claim is not None)
        if asks_check and claim is not None:
            if has_metric:
                return {"intent": Intent.VERIFY_CLAIM, "claim": claim}
            r.notes.add("no_claim_metric", value=_number(claim.value))
            return {"intent": Intent.UNANSWERABLE}
        if Cue.INCONSISTENT in cues:
            return {"intent": Intent.FIND_INCONSISTENT}
        section = _section(cues)
        if (section and (not has_metric or Cue.SUMMARIZE in cues)) or (
            Cue.SUMMARIZE in cues and not has_metric
        ):
            return {"intent": Intent.SUMMARIZE_SECTION, "section": section or "problems"}
        if not has_metric and (Cue.COUNT_REPORTS in cues or Cue.COUNT_AGENCIES in cues):
            return {"intent": Intent.COUNT_REPORTS}
        if not has_metric:
            r.notes.add("verify_what" if Cue.VERIFY in cues else "no_metric")
            return {"intent": Intent.UNANSWERABLE}
        if Cue.VERIFY in cues:
            r.notes.add("no_claim_value")
        return self._numeric(r, sel)

    def _numeric(self, r: QuestionReading, sel: AgencySelection) -> dict[str, Any]:
        """Intents over numbers: count, rank, trend, compare, list, aggregate, lookup."""
        cues, q, years = r.cues, r.quantities, r.years.years
        threshold = q.comparison or (Comparison(op=Op.EQ, value=0) if q.zero else None)
        if Cue.COUNT_AGENCIES in cues:
            return {
                "intent": Intent.AGGREGATE,
                "aggregation": Aggregation.COUNT,
                "comparison": threshold or Comparison(),
            }
        ranked = {Cue.RANK_DESC, Cue.RANK_ASC, Cue.RANKING} & cues.keys()
        if ranked or q.top_n:
            return _rank(r, threshold)
        if Cue.TREND in cues or r.years.recent or (Cue.COMPARE in cues and len(years) >= 3):
            return {"intent": Intent.TREND}
        if Cue.COMPARE in cues and not (sel.named >= 2 and len(years) <= 1):
            return self._compare(r)
        listing = Cue.LIST in cues and Cue.BREAKDOWN not in cues  # 哪些理由 lists rows
        if listing or (threshold is not None and sel.named == 0):
            return {"intent": Intent.LIST_WHERE, "comparison": threshold or Comparison()}
        several = sel.named != 1 or len(years) > 1
        if Cue.AVG in cues and several:
            return {"intent": Intent.AGGREGATE, "aggregation": Aggregation.AVG}
        if Cue.SUM in cues and several:
            return {"intent": Intent.AGGREGATE, "aggregation": Aggregation.SUM}
        if sel.named == 0 and ({Cue.QUANTITY, Cue.BREAKDOWN} & cues.keys()):
            r.notes.add("summed")
            return {"intent": Intent.AGGREGATE, "aggregation": Aggregation.SUM}
        return {"intent": Intent.LOOKUP}

    def _compare(self, r: QuestionReading) -> dict[str, Any]:
        """Two or more years of the same figures; one year named means it and the year before."""
        years = list(r.years.years)
        if len(years) == 1:
            years = [years[0] - 1, years[0]]
        elif not years and self.latest_year is not None:
            years = [self.latest_year - 1, self.latest_year]
        if years != r.years.years:
            r.notes.add("compare_years_default", years=r.notes.names([str(y) for y in years]))
        return {"intent": Intent.COMPARE_YEARS, "years": years}


def _rank(r: QuestionReading, threshold: Comparison | None) -> dict[str, Any]:
    """Top N as asked; one for 哪个/which agency; all for 排名/rank; else one or ten, said."""
    cues = r.cues
    asc = Cue.RANK_ASC in cues and cues[Cue.RANK_ASC] <= cues.get(Cue.RANK_DESC, 1 << 30)
    top_n = r.quantities.top_n
    if top_n is None and Cue.SINGULAR in cues:
        top_n = 1
    elif top_n is None and Cue.RANKING not in cues:
        top_n = DEFAULT_PLURAL_TOP_N if Cue.LIST in cues else 1
        if top_n > 1:
            r.notes.add("top_n_default", n=top_n)
    return {"intent": Intent.RANK, "top_n": top_n, "descending": not asc, "comparison": threshold}


def _breakdown(keys: list[str]) -> list[str]:
    """不予公开的理由: each row of a group (国家秘密, 第三方…) instead of the group's total."""
    out: list[str] = []
    for key in keys:
        rows = DERIVED[key].numerator if key in _GROUP_TOTALS else (key,)
        out += [k for k in rows if k not in out]
    return out


def _claim(r: QuestionReading) -> Claim | None:
    """The number a question states about a figure: 是9件吗, 超过10件吗, had 12 lawsuits?"""
    q = r.quantities
    if q.comparison is not None:
        return Claim(value=q.comparison.value, op=q.comparison.op)
    if q.loose:
        return Claim(value=q.loose[0].value)
    if q.zero:
        return Claim(value=0)
    return None


def _section(cues: dict[Cue, int]) -> str | None:
    if Cue.OVERVIEW in cues:
        return "overview"
    if Cue.OTHER_MATTERS in cues:
        return "other"
    if Cue.PROBLEMS in cues:
        return "problems"
    return None


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _select(r: QuestionReading) -> AgencySelection:
    """Stored agencies for the filters, what each mention matched, and notes on guesses."""
    notes, every = r.notes, Cue.ALL in r.cues
    keys: list[str] = []
    regions: list[str] = []
    matches: list[AgencyMatch] = []
    unknown = 0
    for hit in r.hits:
        if hit.kind is HitKind.UNKNOWN:
            unknown += 1
            notes.add("unknown_agency", mention=hit.mention, closest=notes.closest(hit.closest))
            matches.append(AgencyMatch(mention=hit.mention, closest=list(hit.closest)))
            continue
        chosen = list(hit.agencies)
        if hit.kind is HitKind.REGION:
            chosen = _region_reading(hit, every, notes, regions)
        elif hit.ambiguous and not every:
            notes.add(
                "ambiguous",
                mention=hit.mention,
                n=len(chosen),
                names=notes.names([e.name for e in chosen]),
            )
        elif hit.kind is HitKind.DEPARTMENT and len(chosen) == 1:
            notes.add("department_read_as", mention=hit.mention, name=chosen[0].name)
        keys += [e.key for e in chosen if e.key not in keys]
        matches.append(AgencyMatch(mention=hit.mention, matched=[e.name for e in chosen]))
    if not keys:
        return AgencySelection([] if unknown else None, None, matches, unknown)
    in_regions = regions and all(
        any(e.region == reg for reg in regions for e in h.agencies + h.others)
        for h in r.hits
        if h.kind is not HitKind.UNKNOWN
    )
    return AgencySelection(keys, regions if in_regions else None, matches, len(keys) + unknown)


def _region_reading(
    hit: AgencyHit, every: bool, notes: Notes, regions: list[str]
) -> list[AgencyEntry]:
    """郏县: its government, said so; with 各/all, or without a government, all its agencies."""
    chosen = list(hit.agencies)
    is_government = len(chosen) == 1 and chosen[0].department in _GOVERNMENTS
    if is_government and not (every and hit.others):
        if hit.others:
            notes.add(
                "region_read_as",
                mention=hit.mention,
                name=chosen[0].name,
                region=hit.region,
                others=notes.names([e.name for e in hit.others]),
            )
        else:
            notes.add("region_read_as_only", mention=hit.mention, name=chosen[0].name)
        return chosen
    chosen += hit.others
    if hit.region:
        regions.append(hit.region)
    if len(chosen) > 1:
        notes.add(
            "region_all",
            mention=hit.mention,
            region=hit.region,
            n=len(chosen),
            names=notes.names([e.name for e in chosen]),
        )
    else:
        notes.add("region_read_as_only", mention=hit.mention, name=chosen[0].name)
    return chosen
