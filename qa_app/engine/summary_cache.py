"""Summary points embedded ahead of the question.

A summary of the problems sections (总结…存在的主要问题, what an agency promised and reported
again) groups the sections' points, and each point is embedded when the question is asked: over
a few hundred reports that is minutes of e5 while the user waits. After an ingest's passages
have their vectors, the same points (and the themes' reference sentences) go through the corpus's
cached embedder, so the first such question reads every vector from the cache (and, for an
embedder without a shipped centre, the themes' reference sentences).
"""

from __future__ import annotations

import threading

from index.corpus import Corpus
from index.filters import ReportFilter
from index.queries import select_reports
from qa_app.answer.extractive import summarize_passages
from qa_app.answer.theme_reference import REFERENCE_SENTENCES
from qa_app.answer.themes import shipped_centre
from qa_app.execution.evidence import Citation
from qa_app.execution.executor import section_citations

SECTION = "problems"  # where themes and promises-reported-again take their points from
BATCH = 256  # texts per call: a stop request is honoured between batches


def summary_texts(citations: list[Citation]) -> list[str]:
    """Every text a summary of these passages embeds: each point of each part (themes group
    the problem points, recurrence holds improvement points against them), once."""
    points = (
        point.text
        for summary in summarize_passages(citations)
        for part in summary.parts
        for point in part.points
    )
    return list(dict.fromkeys(points))


def _citations(corpus: Corpus) -> list[Citation]:
    """The problems passages of every complete report, as a summary question receives them."""
    everything = ReportFilter()
    with corpus.sql.begin() as conn:
        return section_citations(conn, everything, select_reports(conn, everything), SECTION)


def embed_summary_points(corpus: Corpus, *, stop: threading.Event | None = None) -> int:
    """Put the problems sections' points of every complete report in the embedding cache
    (texts already there cost a lookup). Returns how many texts were looked at."""
    texts = summary_texts(_citations(corpus))
    if shipped_centre(corpus.embedder.name) is None:  # the themes' centre is embedded too
        texts = list(dict.fromkeys([*REFERENCE_SENTENCES, *texts]))
    for start in range(0, len(texts), BATCH):
        if stop is not None and stop.is_set():
            return start
        corpus.embedder.embed_passages(texts[start : start + BATCH])
    return len(texts)
