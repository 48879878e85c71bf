"""Themes across reports: the points of a narrative section grouped by meaning and counted.

Each point (一是…, 1. …, ；clauses — read by extractive.py) is embedded, and points are grouped
by agglomerative clustering on cosine distance with a threshold (no fixed number of themes).
A theme is named by its most central point, counted by the reports that raise it, and shown
with two or three representative points, each citing its report and passage. Nothing here is
generated: labels and points are the reports' own words, counts are counts of reports.

Embeddings come from the embedder `use_embedder` installs for the current answer (the corpus's
cached e5); without one (unit tests, a bare composer call) a character n-gram TF-IDF stands in,
which groups literal paraphrases but not synonyms. e5 vectors are centred on a fixed reference
(the mean of theme_reference.py's sentences, embedded once by the same embedder and cached with
it), so a distance means the same whether five reports are selected or a thousand.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

import numpy as np
from pydantic import BaseModel, Field

from qa_app.answer.extractive import Point, ReportSummary
from qa_app.answer.theme_reference import REFERENCE_SENTENCES

__all__ = [
    "DISTANCE_THRESHOLD",
    "Embed",
    "Theme",
    "ThemePoint",
    "Themes",
    "centred",
    "cluster_labels",
    "current_embedder",
    "find_themes",
    "reference_centre",
    "tfidf_vectors",
    "use_embedder",
]

Embed = Callable[[list[str]], np.ndarray]

# Cosine distance, between e5 vectors centred on the fixed reference (reference_centre), under
# which two groups of points (average linkage) are one theme. e5-small puts any two Chinese
# sentences close (cosine ~0.9), so raw distances crowd into a narrow band; centring removes
# the shared direction. Centring on the selection's own mean (the cut was 0.82 then) made
# distances relative to the selection: for five reports it merged unrelated points. Chosen for
# precision first: over 60 generated 5-report selections, 107 cross-theme pairs of points
# grouped (124 before) for 737 of 932 same-theme pairs (750); ARI over 300 reports 0.911 / 0.931
# / 0.914 on seeds 15 / 16 / 17 (0.881 / 0.978 / 0.898 before). At 0.60 the seeds' 信访宣传 and
# 解读回应 points merge; at 0.58 ARI falls to 0.89-0.91 (tests/qa_app/test_themes_small.py,
# test_themes_ari.py).
DISTANCE_THRESHOLD = 0.59
TFIDF_THRESHOLD = 0.9  # the same for the TF-IDF stand-in (centred on the selection's mean)
EXAMPLES = 3

_EMBED: ContextVar[Embed | None] = ContextVar("theme_embedder", default=None)


@contextmanager
def use_embedder(embed: Embed | None) -> Iterator[None]:
    """Points embedded by `embed` (texts -> L2-normalized rows) while the block runs."""
    token = _EMBED.set(embed)
    try:
        yield
    finally:
        _EMBED.reset(token)


def current_embedder() -> Embed | None:
    """The embedder `use_embedder` installed, if any (recurrence.py matches points with it)."""
    return _EMBED.get()


class ThemePoint(BaseModel):
    """One point of one report, with the passages it was read from."""

    report_id: str
    agency: str | None = None
    year: int | None = None
    text: str
    passage_ids: list[str] = Field(default_factory=list)


class Theme(BaseModel):
    """Points of several reports that say the same thing."""

    label: str = Field(description="The most central point, or an LLM's short label of it.")
    reports: int = Field(description="How many reports raise it.")
    share: float = Field(description="reports / reports considered.")
    reports_by_year: dict[int, int] = Field(default_factory=dict)
    examples: list[ThemePoint] = Field(default_factory=list, description="2-3 central points.")
    members: list[ThemePoint] = Field(default_factory=list, description="Every point of it.")


class Themes(BaseModel):
    """Themes ranked by how many reports raise them; points no other report shares are the
    long tail, counted and kept."""

    section: str = "problems"
    reports_considered: int = 0
    reports_by_year: dict[int, int] = Field(default_factory=dict)
    themes: list[Theme] = Field(default_factory=list)
    long_tail: list[ThemePoint] = Field(default_factory=list)


def tfidf_vectors(texts: list[str]) -> np.ndarray:
    """Character 2-3-gram TF-IDF rows: the stand-in when no embedder is installed."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(analyzer="char", ngram_range=(2, 3)).fit_transform(texts)
    return np.asarray(matrix.todense(), dtype=np.float32)


def centred(vectors: np.ndarray) -> np.ndarray:
    """Rows minus their mean, the direction every point of the selection shares."""
    if len(vectors) < 3:
        return vectors
    return vectors - vectors.mean(axis=0, keepdims=True)


def reference_centre(embed: Embed) -> np.ndarray:
    """The mean vector of the fixed reference sentences under `embed`: shipped for the bundled
    e5 (embedding 140 sentences would cost every new data dir's first summary 10-40 s), else
    embedded once per embedder in a process (the corpus's embedder caches them across runs)."""
    shipped = shipped_centre(embedder_name(embed))
    if shipped is not None:
        return shipped
    try:
        return _reference_centre(embed)
    except TypeError:  # an unhashable embedder: not remembered
        return _reference_centre.__wrapped__(embed)


def embedder_name(embed: Embed) -> str | None:
    """The model name behind an embedder's bound `embed_passages` (None for a bare function)."""
    return getattr(getattr(embed, "__self__", None), "name", None)


def reference_digest() -> str:
    """What the shipped centre was computed from: the reference sentences, in order."""
    return hashlib.sha256("\n".join(REFERENCE_SENTENCES).encode("utf-8")).hexdigest()


@lru_cache(maxsize=4)
def shipped_centre(name: str | None) -> np.ndarray | None:
    """The reference centre computed for `name` and shipped beside theme_reference.py
    (tests/qa_app/test_themes_small.py recomputes it), if there is one."""
    path = Path(__file__).with_name(f"theme_reference_{name}.json")
    if name is None or not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if data["sentences_sha256"] != reference_digest():
        return None  # the list changed since it was computed: embed it instead
    return np.asarray(data["mean"], dtype=np.float32)


@lru_cache(maxsize=4)
def _reference_centre(embed: Embed) -> np.ndarray:
    return np.asarray(embed(list(REFERENCE_SENTENCES)), dtype=np.float32).mean(axis=0)


def cluster_labels(
    vectors: np.ndarray, threshold: float, centre: np.ndarray | None = None
) -> np.ndarray:
    """A cluster number per row: average-linkage agglomerative clustering on cosine distance
    between rows minus `centre` (the rows' own mean when None), cut at `threshold`."""
    n = len(vectors)
    if n < 2:
        return np.zeros(n, dtype=int)
    from sklearn.cluster import AgglomerativeClustering

    vectors = centred(vectors) if centre is None else vectors - centre
    vectors[np.linalg.norm(vectors, axis=1) == 0] += 1e-6  # cosine of a zero row is undefined
    model = AgglomerativeClustering(
        n_clusters=None, distance_threshold=threshold, metric="cosine", linkage="average"
    )
    return model.fit_predict(vectors)


def _central_order(vectors: np.ndarray) -> list[int]:
    """Rows by closeness to their mean direction, most central first."""
    centre = vectors.mean(axis=0)
    return list(np.argsort(-(vectors @ centre), kind="stable"))


def _as_member(summary: ReportSummary, point: Point) -> ThemePoint:
    return ThemePoint(
        report_id=summary.report_id,
        agency=summary.agency,
        year=summary.year,
        text=point.text,
        passage_ids=[c.passage_id for c in point.citations],
    )


def _examples(ordered: list[ThemePoint]) -> list[ThemePoint]:
    """Up to EXAMPLES central points, from different reports where there are enough."""
    picked: list[ThemePoint] = []
    seen: set[str] = set()
    for member in ordered:
        if member.report_id not in seen:
            picked.append(member)
            seen.add(member.report_id)
        if len(picked) == EXAMPLES:
            break
    return picked


def find_themes(
    summaries: Sequence[ReportSummary],
    points_of: Callable[[ReportSummary], list[Point]],
    *,
    section: str = "problems",
    threshold: float | None = None,
) -> Themes:
    """Group every report's points into themes; a theme must be raised by two reports."""
    members = [_as_member(s, p) for s in summaries for p in points_of(s)]
    by_year = Counter(s.year for s in summaries if s.year is not None)
    result = Themes(
        section=section, reports_considered=len(summaries), reports_by_year=dict(by_year)
    )
    if not members:
        return result
    texts = list(dict.fromkeys(m.text for m in members))  # a repeated text is clustered once
    embed = _EMBED.get()
    centre = None
    if embed is not None:
        unique = np.asarray(embed(texts), dtype=np.float32)
        centre = reference_centre(embed)
        cut = DISTANCE_THRESHOLD if threshold is None else threshold
    else:
        unique = tfidf_vectors(texts)
        cut = TFIDF_THRESHOLD if threshold is None else threshold
    labels = cluster_labels(unique, cut, centre)
    row = {text: i for i, text in enumerate(texts)}
    vectors = unique[[row[m.text] for m in members]]
    groups: dict[int, list[int]] = defaultdict(list)
    for i, member in enumerate(members):
        groups[int(labels[row[member.text]])].append(i)
    themes, tail = [], []
    for rows in groups.values():
        reports = {members[i].report_id for i in rows}
        ordered = [members[rows[j]] for j in _central_order(vectors[rows])]
        if len(reports) < 2:
            tail.extend(ordered)
            continue
        years = Counter(y for _, y in {(m.report_id, m.year) for m in ordered} if y is not None)
        themes.append(
            Theme(
                label=ordered[0].text,
                reports=len(reports),
                share=len(reports) / max(1, len(summaries)),
                reports_by_year=dict(sorted(years.items())),
                examples=_examples(ordered),
                members=ordered,
            )
        )
    themes.sort(key=lambda t: (-t.reports, -len(t.members), t.label))
    result.themes = themes
    result.long_tail = tail
    return result
