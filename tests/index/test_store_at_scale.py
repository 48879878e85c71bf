"""The stores over the seeds and a few hundred generated reports in every file format, with
the real components (SQLite, Chroma PersistentClient, bundled e5, jieba BM25)."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.retrieval import SearchFilters
from qa_app.engine import IngestStatus
from tests.corpora import AGENCIES, YEARS, StoredCorpus

pytestmark = pytest.mark.slow


def test_every_file_is_ingested(stored_corpus: StoredCorpus) -> None:
    statuses = {o.status for o in stored_corpus.outcomes}
    assert statuses <= {IngestStatus.INGESTED, IngestStatus.WARNINGS}
    expected = AGENCIES * len(YEARS) + (5 if stored_corpus.with_seeds else 0)
    assert len(stored_corpus.engine.reports()) == expected


def test_the_three_stores_hold_the_same_passages(stored_corpus: StoredCorpus) -> None:
    corpus = stored_corpus.engine.corpus
    passages = corpus.sql.passages()
    ids = {p.id for p in passages}
    assert len(ids) > 5 * len(stored_corpus.engine.reports())
    assert corpus.vectors.ids() == {p.id for p in passages if p.section != "facts"}
    assert set(corpus.retriever().keyword.ids) == ids


def test_stored_cells_equal_the_generated_truth(stored_corpus: StoredCorpus) -> None:
    engine = stored_corpus.engine
    by_file = {Path(o.path).name: o.report_id for o in stored_corpus.outcomes}
    checked = 0
    for name, truth in stored_corpus.truth.items():
        stored = engine.show(by_file[name])
        assert (stored.agency, stored.year) == (truth.agency, truth.year)
        pairs = [
            (stored.s3[r][c], cell) for r, cols in truth.s3.items() for c, cell in cols.items()
        ]
        pairs += [(stored.s4[f], cell) for f, cell in truth.s4.items()]
        pairs += [(stored.s2[f], cell) for f, cell in truth.s2.items()]
        for got, want in pairs:
            assert (got.value, got.status) == (want.value, want.status), name
            checked += 1
    assert checked > 150 * 150


def test_filters_restrict_both_retrieval_sides(stored_corpus: StoredCorpus) -> None:
    engine = stored_corpus.engine
    filters = SearchFilters(years=[2022], sections=["problems"])
    hits = engine.search("政策解读形式较为单一", k=15, filters=filters)
    assert hits and {(h.year, h.section) for h in hits} == {(2022, "problems")}


def test_a_seed_passage_is_found_among_hundreds_of_reports(stored_corpus: StoredCorpus) -> None:
    if not stored_corpus.with_seeds:
        pytest.skip("seed reports not available")
    hits = stored_corpus.engine.search("依申请公开处理流程有待规范", k=3)
    assert ("郏县人民政府", "problems") in {(h.agency, h.section) for h in hits}
