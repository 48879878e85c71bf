"""The offline planner: a question in Chinese or English -> a QueryPlan, by rules.

It reads in a fixed order, masking what each step consumed so the next cannot misread it:
agency names (agencies.py), years (years.py), metric words (lexicon.py), then cue words
and numbers. Nothing from the question reaches SQL: a plan carries canonical keys, numbers and
the keys of stored agencies only. Every guess is written into plan.notes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from index.filters import Level, ReportFilter
from qa_app.question.agencies import AgencyDirectory, AgencyEntry, AgencyHit, HitKind, prepare_text
from qa_app.question.context import (
    apply_semantic,
    missing_years,
    resolve_contextual,
    topic_after,
)
from qa_app.question.lexicon import (
    MetricReading,
    Quantities,
    TermHit,
    build_metrics,
    figure_spans,
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
    Condition,
    Derivation,
    Intent,
    Language,
    Metric,
    Op,
    QueryPlan,
    Subject,
    share_base,
)
from qa_app.question.semantic import GlossaryRanker
from qa_app.question.vocabulary import Cue
from qa_app.question.vocabulary import cues as cue_words
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
    terms: list[TermHit] = field(default_factory=list)  # the words read as figures
    text: str = ""  # names and years masked, metric words still there
    masked: str = ""  # metric words masked too (what the cues were read on)
    asked_back: bool = False  # the semantic fallback offered figures instead of choosing


@dataclass
class AgencySelection:
    """The agencies a question is about: stored keys, and what to say about the reading."""

    keys: list[str] | None
    regions: list[str] | None
    matches: list[AgencyMatch]
    named: int  # agencies the question names, known or not (0: none, the whole corpus)


class RulePlanner:
    """Question -> QueryPlan without a model; `latest_year` anchors 去年/last year/近三年."""

    def __init__(
        self,
        directory: AgencyDirectory,
        latest_year: int | None = None,
        ranker: GlossaryRanker | None = None,
    ) -> None:
        self.directory = directory
        self.latest_year = latest_year
        self.ranker = ranker  # the semantic fallback, when an embedder is at hand

    def annotate(self, plan: QueryPlan) -> QueryPlan:
        """Notes about the corpus for a plan another planner made (the LLM's): the asked years
        a named agency has no report for, and the years it has."""
        notes = Notes(plan.language)
        missing_years(
            self.directory, plan.filters.agency_keys, list(plan.filters.years or []), False, notes
        )
        if not notes.items:
            return plan
        return plan.model_copy(update={"notes": [*plan.notes, *notes.items]})

    def read(self, question: str) -> QuestionReading:
        """The question's parts: agencies, years, metrics, cues, numbers."""
        text = prepare_text(question)
        hits = _not_figures(self.directory.match(text), text)
        names = [(h.start, h.end) for h in hits]
        language = detect_language(text, names)
        text = mask(text, names, " ")
        nearest = _cue_span(text, Cue.NEAREST)  # 或最近一年 allows a stand-in, names no year
        if nearest is not None:
            text = mask(text, [nearest], " ")
        years = read_years(mask(text, figure_spans(text)), self.latest_year)
        text = mask(text, years.spans, " ")
        unmasked = text
        terms = scan_terms(text)
        metrics = read_metrics(terms)
        text = mask(text, metrics.spans)
        found = find_cues(text)
        if nearest is not None:
            found[Cue.NEAREST] = nearest[0]
        return QuestionReading(
            terms=terms,
            text=unmasked,
            masked=text,
            language=language,
            hits=hits,
            years=years,
            metrics=metrics,
            cues=found,
            quantities=find_quantities(text),
            level=find_level(text),
            notes=Notes(language),
        )

    def plan(self, question: str) -> QueryPlan:
        """The plan for one question; never raises for odd input, it answers UNANSWERABLE."""
        r = self.read(question)
        _topic_words_are_no_figures(r)
        for expr in r.years.relative:
            r.notes.add("relative_year", expr=expr, latest=self.latest_year)
        for expr in r.years.unresolved:
            r.notes.add("relative_unresolved", expr=expr)
        for key in r.metrics.notes:
            r.notes.add(key)
        if _asks_agencies(r):
            r.cues.setdefault(Cue.ALL, 0)  # 示例县有哪些单位: every agency of the region
        selection = _select(r)
        editions = self.directory.editions_of(selection.keys, r.years.years)
        resolve_contextual(r.text, r.terms, r.metrics, editions, r.notes)
        if not r.metrics.keys and self.ranker is not None and _wants_figure(r.cues):
            asked_back = apply_semantic(self.ranker, r.text, r.metrics, editions, r.notes)
            r.asked_back = asked_back and not r.metrics.keys
        nearest = missing_years(
            self.directory, selection.keys, r.years.years, Cue.NEAREST in r.cues, r.notes
        )
        if nearest is not None:
            r.years.years = nearest
        derives = any(cue in r.cues for cue, _d in _DERIVATIONS)  # 分别 then means "each"
        if r.metrics.columns and not r.metrics.keys and (derives or _APPLICANT.search(r.text)):
            r.metrics.keys = ["new_received"]  # 申请人里企业占多少: the requests of that type
        if Cue.BREAKDOWN in r.cues and not derives:
            r.metrics.keys = _breakdown(r.metrics.keys)
        metrics, column_ignored = build_metrics(r.metrics)
        if column_ignored:
            r.notes.add("column_ignored")
        shape = self._shape(r, selection)
        years = shape.pop("years", None) or r.years.years or None
        if shape["intent"] is Intent.UNANSWERABLE:
            metrics = []
        if shape.get("condition") is not None:
            metrics = []  # the figure named was the condition's (step 1), not the answer's
        if shape["intent"] is Intent.DERIVE:
            metrics = _derive_metrics(shape, metrics, r.notes)
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
        composite = self._composite(r, section)
        if composite is not None:
            return composite
        if Cue.RECURRING in cues and not has_metric and section in (None, "problems"):
            # 说要改进但第二年又出现的问题, 哪些问题年年都有: the problems over the years;
            # one year named (2022年说要改进的…) is where the comparison starts
            shape: dict[str, Any] = {
                "intent": Intent.SUMMARIZE_SECTION,
                "section": "problems",
                "recurring": True,
            }
            years = r.years.years
            if len(years) == 1 and self.latest_year is not None and years[0] < self.latest_year:
                shape["years"] = list(range(years[0], self.latest_year + 1))
            return shape
        if Cue.MENTION in cues and not has_metric:
            topic = _topic(r)
            if topic:
                return {"intent": Intent.MENTIONS, "topic": topic}
        if (section and (not has_metric or Cue.SUMMARIZE in cues)) or (
            Cue.SUMMARIZE in cues and not has_metric
        ):
            return {"intent": Intent.SUMMARIZE_SECTION, "section": section or "problems"}
        if not has_metric and (Cue.COUNT_REPORTS in cues or Cue.COUNT_AGENCIES in cues):
            subject = Subject.AGENCIES if Cue.COUNT_AGENCIES in cues else Subject.REPORTS
            if subject is Subject.REPORTS and Cue.META_YEARS in cues:
                subject = Subject.YEARS  # how many years of reports
            return {"intent": Intent.COUNT_REPORTS, "subject": subject}
        if not has_metric and not r.asked_back:
            meta = _meta(cues)
            if meta is not None:
                return meta
        if not has_metric:
            if not r.asked_back:
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
        derived = self._derive(r, sel)
        if derived is not None:
            return derived
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

    def _composite(self, r: QuestionReading, section: str | None) -> dict[str, Any] | None:
        """A condition on a figure, then a question about the selected reports' narrative:
        总结行政复议被纠正的机关存在的主要问题, 申请量超过100件的机关哪些提到了人员不足."""
        cues, q = r.cues, r.quantities
        narrative = section is not None or Cue.SUMMARIZE in cues or Cue.MENTION in cues
        if not (narrative and r.metrics.keys) or (
            r.metrics.weak and q.comparison is None and not q.zero
        ):
            return None
        metrics, _ignored = build_metrics(r.metrics)
        threshold = q.comparison or (Comparison(op=Op.EQ, value=0) if q.zero else Comparison())
        condition = Condition(metric=metrics[0], comparison=threshold)
        r.metrics.keys = []
        if Cue.MENTION in cues:
            topic = _topic(r)
            if topic:
                return {"intent": Intent.MENTIONS, "topic": topic, "condition": condition}
        return {
            "intent": Intent.SUMMARIZE_SECTION,
            "section": section or "problems",
            "condition": condition,
        }

    def _derive(self, r: QuestionReading, sel: AgencySelection) -> dict[str, Any] | None:
        """Differences, ratios, growth and shares, computed from the cells with the formula."""
        cues = r.cues
        found = [d for cue, d in _DERIVATIONS if cue in cues]
        if not found:
            return None
        derivation = found[0]
        years = list(r.years.years)
        one_metric = len(r.metrics.keys) == 1
        shape: dict[str, Any] = {"intent": Intent.DERIVE, "derivation": derivation}
        if derivation in (Derivation.SHARE, Derivation.RATIO):
            # no agency named: one figure over the whole selection, unless 各/每个 asks per report
            shape["pooled"] = Cue.POOLED in cues or (sel.named == 0 and Cue.ALL not in cues)
            return shape
        across_years = derivation is Derivation.GROWTH or (
            one_metric and sel.named < 2 and len(years) != 1
        )
        if across_years and len(years) < 2:
            latest = years[0] if years else self.latest_year
            if latest is not None:
                shape["years"] = [latest - 1, latest]
                pair = r.notes.names([str(latest - 1), str(latest)])
                r.notes.add("compare_years_default", years=pair)
        return shape

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


_APPLICANT = re.compile(r"申请人|申请者|\bapplicants?\b|\brequesters?\b", re.IGNORECASE)
_DERIVATIONS = (
    (Cue.GROWTH, Derivation.GROWTH),
    (Cue.RATIO, Derivation.RATIO),
    (Cue.DIFFERENCE, Derivation.DIFFERENCE),
    (Cue.SHARE, Derivation.SHARE),
)
_META = (
    (Cue.META_YEARS, Subject.YEARS),
    (Cue.META_REGIONS, Subject.REGIONS),
    (Cue.META_AGENCIES, Subject.AGENCIES),
    (Cue.META_REPORTS, Subject.REPORTS),
)
_NOT_A_FIGURE = {Cue.SUMMARIZE, Cue.PROBLEMS, Cue.OVERVIEW, Cue.OTHER_MATTERS, Cue.INCONSISTENT,
                 Cue.COUNT_REPORTS, Cue.COUNT_AGENCIES, Cue.META_YEARS, Cue.META_REGIONS,
                 Cue.META_REPORTS, Cue.MENTION, Cue.RECURRING}  # fmt: skip


def _not_figures(hits: list[AgencyHit], text: str) -> list[AgencyHit]:
    """Unknown 'names' that overlap a figure's own wording are that wording, not an agency:
    部分公开（区分处理的… ends its first words in 区 but names a row of table 三."""
    figures = [(t.start, t.end) for t in scan_terms(text) if t.end - t.start >= 4]
    return [
        h
        for h in hits
        if h.kind is not HitKind.UNKNOWN or not any(h.start < e and s < h.end for s, e in figures)
    ]


def _derive_metrics(shape: dict[str, Any], metrics: list[Metric], notes: Notes) -> list[Metric]:
    """A share or ratio of one figure is of its natural base (share_base), made explicit in
    the plan; with no base, the figure itself is looked up instead (said)."""
    if len(metrics) != 1 or shape.get("derivation") is not Derivation.SHARE:
        return metrics
    base = share_base(metrics[0])
    if base is None:
        notes.add("no_share_base")
        shape.update(intent=Intent.LOOKUP, derivation=None, pooled=False)
        return metrics
    return [metrics[0], base]


def _asks_agencies(r: QuestionReading) -> bool:
    """Which (or how many) agencies, no figure named: a region means all of its agencies."""
    cues = r.cues
    return (
        not r.metrics.keys
        and (Cue.META_AGENCIES in cues or Cue.COUNT_AGENCIES in cues)
        and bool({Cue.LIST, Cue.QUANTITY, Cue.COUNT_AGENCIES} & cues.keys())
    )


_ASKS_A_NUMBER = {Cue.QUANTITY, Cue.RANK_DESC, Cue.RANK_ASC, Cue.RANKING, Cue.SUM, Cue.AVG,
                  Cue.SHARE, Cue.DIFFERENCE, Cue.RATIO, Cue.GROWTH, Cue.COMPARE,
                  Cue.TREND}  # fmt: skip


def _wants_figure(cues: dict[Cue, int]) -> bool:
    """A question that asks for a number (多少, how many, 最多, 占比 …) but names no figure, and
    does not ask for text, checks or the corpus's contents: the semantic fallback may look for
    the figure it means. 局长是谁 or 天气怎么样 ask for no number and never reach it."""
    return bool(_ASKS_A_NUMBER & cues.keys()) and not (_NOT_A_FIGURE & cues.keys())


def _meta(cues: dict[Cue, int]) -> dict[str, Any] | None:
    """Which (or how many) reports, agencies, regions or years the corpus holds."""
    subject = next((s for cue, s in _META if cue in cues), None)
    if subject is None:
        return None
    if not ({Cue.LIST, Cue.QUANTITY, Cue.YES_NO} & cues.keys()):
        return None
    counting = Cue.QUANTITY in cues and Cue.LIST not in cues
    intent = Intent.COUNT_REPORTS if counting else Intent.LIST_META
    return {"intent": intent, "subject": subject}


def _topic(r: QuestionReading) -> str | None:
    """What a mention question looks for: the words after 提到 / mention, figure words too."""
    end = _cue_end(r.masked, Cue.MENTION)
    return topic_after(r.text, end) if end is not None else None


def _topic_words_are_no_figures(r: QuestionReading) -> None:
    """哪些机关提到了依申请公开: words after 提到 are the topic looked for in the text, not a
    figure to read (a figure before it is a composite's condition)."""
    span = _cue_span(r.masked, Cue.MENTION) if Cue.MENTION in r.cues else None
    if span is None:
        return
    before = [t for t in r.terms if t.start < span[0]]
    if len(before) < len(r.terms):
        notes = r.metrics.notes
        r.metrics = read_metrics(before)
        r.metrics.notes = [n for n in notes if n in r.metrics.notes]


def _cue_span(text: str, cue: Cue) -> tuple[int, int] | None:
    """The first match of `cue` in `text`."""
    lowered = text.lower()
    spans = [m.span() for p in cue_words().cues[cue] for m in [re.search(p, lowered)] if m]
    return min(spans) if spans else None


def _cue_end(text: str, cue: Cue) -> int | None:
    """Where the first match of `cue` ends in `text`."""
    span = _cue_span(text, cue)
    return span[1] if span else None


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
