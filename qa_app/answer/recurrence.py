"""What one agency repeats year after year, and what it said it would fix and then reported
again.

A report's 五 has two parts: the problems it found (存在的主要问题) and what it will do about
them next year (改进情况 / 下一步工作). An improvement point of the year-Y report is matched
against the problem points of the same agency's later reports (Y+1, Y+2 …); a match is a
promise reported again: "promised in Y, reported again in Y+1", each side a cited point.

Points are those of the extractive splitter (extractive.py), embedded by the embedder the
answer installed (themes.use_embedder: the corpus's cached e5; a character n-gram TF-IDF
stands in without one). A plan and a problem are worded differently ("丰富解读形式" against
"解读形式单一"), and e5 puts any two Chinese sentences close, so each kind of point is centred
on its own mean over the agency's points before the cosine is taken; then an improvement point
and a later year's problem point match when each is the other's best match between those two
years and their cosine reaches SIMILARITY_THRESHOLD. Its problem points of different years
are grouped like themes (themes.cluster_labels, at REPEAT_DISTANCE): a group spanning two or
more years is a problem it repeats.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np
from pydantic import BaseModel, Field

from qa_app.answer.extractive import PartKind, Point, ReportSummary
from qa_app.answer.themes import (
    TFIDF_THRESHOLD,
    ThemePoint,
    centred,
    cluster_labels,
    current_embedder,
    tfidf_vectors,
)

__all__ = [
    "REPEAT_DISTANCE",
    "SIMILARITY_THRESHOLD",
    "PartPoint",
    "PromisedAgain",
    "Recurrence",
    "RepeatedProblem",
    "find_recurrence",
]

# Cosine between kind-centred e5 vectors at which a plan and a later problem are the same
# matter (each also the other's best match between the two years). Chosen on generated
# histories (synthetic/history.py, seeds 100-119: 20 agencies x 4 years, 258 true pairs among
# 1,487 plan-problem pairs): 0.10 gives precision 0.88 / recall 0.94, 0.20 gives 0.94 / 0.83,
# 0.25 gives 0.98 / 0.71, 0.30 gives 0.99 / 0.59. Saying an agency did not fix what it
# promised is a claim about it, so precision and the decoys (promises never raised again) come
# first: 0.25. tests/qa_app/test_recurrence.py measures it on other seeds (1000-1029).
SIMILARITY_THRESHOLD = 0.25
TFIDF_SIMILARITY = 0.2  # the same for the TF-IDF stand-in (no centring; unit tests)
# Cosine distance (average linkage, vectors centred on the agency's own points, not on the
# themes' fixed reference) under which one agency's problem points of different years are the
# same problem repeated. Measured with that centring, where 0.82 (the themes' cut then) was too
# strict: centred on one agency's dozen points, paraphrases sit further apart.
# On generated histories (seeds 100-119), "raised every year": 0.85 finds 0.94 / 0.44
# (precision / recall), 0.90 finds 0.95 / 0.59, 0.95 finds 0.92 / 0.68, 1.0 finds 0.79 / 0.77.
REPEAT_DISTANCE = 0.9


class PartPoint(ThemePoint):
    """A cited point and the part of 五 it was read from."""

    section: str = "problems"
    part: str = Field(description="problems (存在的主要问题) or improvements (改进情况).")


class PromisedAgain(BaseModel):
    """An improvement promised in one year's report and the same matter reported as a problem
    in a later report of the same agency."""

    promised: PartPoint
    reported: PartPoint
    similarity: float = Field(description="Cosine of the two points' centred vectors.")


class RepeatedProblem(BaseModel):
    """One problem an agency raised in several years: its points, most central first."""

    label: str = Field(description="The most central point.")
    years: list[int]
    points: list[PartPoint] = Field(default_factory=list)


class Recurrence(BaseModel):
    """One agency over several years: its promises and those reported again."""

    agency: str | None = None
    years: list[int] = Field(default_factory=list)
    promises: int = Field(0, description="Improvement points with a later report to hold against.")
    promised_again: list[PromisedAgain] = Field(default_factory=list)
    repeated: list[RepeatedProblem] = Field(
        default_factory=list,
        description="Problems it raised in two or more years, those of most years first.",
    )


def _improvement_points(summary: ReportSummary) -> list[Point]:
    return [p for part in summary.parts if part.kind == PartKind.IMPROVEMENTS for p in part.points]


def _problem_points(summary: ReportSummary) -> list[Point]:
    """Only a headed problems part: an unheaded section mixes problems and plans."""
    return [p for part in summary.parts if part.kind == PartKind.PROBLEMS for p in part.points]


def _as_point(summary: ReportSummary, point: Point, part: str) -> PartPoint:
    return PartPoint(
        report_id=summary.report_id,
        agency=summary.agency,
        year=summary.year,
        text=point.text,
        passage_ids=[c.passage_id for c in point.citations],
        part=part,
    )


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def _vectors(texts: list[str]) -> tuple[np.ndarray, bool]:
    """A row per text (repeated texts embedded once), and whether e5 made them."""
    unique = list(dict.fromkeys(texts))
    embed = current_embedder()
    matrix = tfidf_vectors(unique) if embed is None else np.asarray(embed(unique), np.float32)
    row = {t: i for i, t in enumerate(unique)}
    return matrix[[row[t] for t in texts]], embed is not None


def _similarities(plans: list[str], problems: list[str]) -> tuple[np.ndarray, float]:
    """plans × problems cosine matrix, and the threshold that goes with how it was made."""
    vectors, e5 = _vectors(plans + problems)
    a, b = vectors[: len(plans)], vectors[len(plans) :]
    if not e5:
        return _unit(a) @ _unit(b).T, TFIDF_SIMILARITY
    a = a - a.mean(axis=0) if len(a) >= 3 else a
    b = b - b.mean(axis=0) if len(b) >= 3 else b
    return _unit(a) @ _unit(b).T, SIMILARITY_THRESHOLD


def _repeated(problems: list[tuple[ReportSummary, Point]]) -> list[RepeatedProblem]:
    """The agency's problem points grouped (themes.cluster_labels at REPEAT_DISTANCE); a
    group holding points of two or more years is a problem it repeats."""
    if len(problems) < 2:
        return []
    vectors, e5 = _vectors([p.text for _, p in problems])
    labels = cluster_labels(vectors, REPEAT_DISTANCE if e5 else TFIDF_THRESHOLD)
    groups: dict[int, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        groups[int(label)].append(i)
    found = []
    centred_rows = _unit(centred(vectors.copy()))
    for rows in groups.values():
        years = sorted({problems[i][0].year for i in rows if problems[i][0].year is not None})
        if len(years) < 2:
            continue
        centre = centred_rows[rows].mean(axis=0)
        rows = sorted(rows, key=lambda i: (-float(centred_rows[i] @ centre), i))
        points = [_as_point(problems[i][0], problems[i][1], PartKind.PROBLEMS) for i in rows]
        found.append(RepeatedProblem(label=points[0].text, years=years, points=points))
    found.sort(key=lambda r: (-len(r.years), r.years, r.label))
    return found


def _one_agency(reports: list[ReportSummary], threshold: float | None) -> Recurrence:
    reports = sorted(reports, key=lambda s: s.year or 0)
    plans = [(s, p) for s in reports for p in _improvement_points(s)]
    problems = [(s, p) for s in reports for p in _problem_points(s)]
    last = max(s.year or 0 for s in reports)
    result = Recurrence(
        agency=reports[0].agency,
        years=sorted({s.year for s in reports if s.year is not None}),
        promises=sum(1 for s, _ in plans if (s.year or 0) < last),
        repeated=_repeated([(s, p) for s in reports for p in s.problem_points]),
    )
    if not plans or not problems:
        return result
    sims, cut = _similarities([p.text for _, p in plans], [p.text for _, p in problems])
    cut = cut if threshold is None else threshold
    plan_rows: dict[int, list[int]] = defaultdict(list)
    problem_rows: dict[int, list[int]] = defaultdict(list)
    for i, (s, _) in enumerate(plans):
        plan_rows[s.year or 0].append(i)
    for j, (s, _) in enumerate(problems):
        problem_rows[s.year or 0].append(j)
    for year, rows in sorted(plan_rows.items()):
        for later, cols in sorted(problem_rows.items()):
            if later <= year:
                continue
            block = sims[np.ix_(rows, cols)]
            for r, c in zip(*np.nonzero(block >= cut), strict=True):
                if block[r].argmax() != c or block[:, c].argmax() != r:
                    continue  # not each other's best match between these two years
                (ps, pp), (qs, qp) = plans[rows[r]], problems[cols[c]]
                result.promised_again.append(
                    PromisedAgain(
                        promised=_as_point(ps, pp, PartKind.IMPROVEMENTS),
                        reported=_as_point(qs, qp, PartKind.PROBLEMS),
                        similarity=round(float(block[r, c]), 3),
                    )
                )
    return result


def find_recurrence(
    summaries: Sequence[ReportSummary], *, threshold: float | None = None
) -> list[Recurrence]:
    """Per agency with reports of two or more years, its promises reported again (in order of
    the year promised, then the year reported)."""
    by_agency: dict[str, list[ReportSummary]] = defaultdict(list)
    for s in summaries:
        if s.agency and s.year is not None:
            by_agency[s.agency].append(s)
    found = []
    for reports in by_agency.values():
        if len({s.year for s in reports}) >= 2:
            found.append(_one_agency(reports, threshold))
    return found
