"""All stores of one data dir, kept in agreement: SQL (truth), Chroma vectors, BM25 keywords.

Every passage is in SQL and in the keyword index; narrative passages also have a vector (the
table-facts passage is for keyword search only). Adding a report:
  1. its rows go into SQL as `pending` (one transaction);
  2. its narrative vectors are upserted into Chroma (ids are deterministic: a repeat is harmless);
  3. one SQL transaction marks it `complete` and deletes the report it replaces;
  4. the replaced report's vectors are deleted; the keyword index is rebuilt from SQL when stale.
Queries only see complete reports and drop vector hits SQL does not know, so a reader sees a
report whole or not at all. A crash anywhere leaves either a pending report (removed everywhere
by `reconcile`, so the rerun adds it again) or orphan vectors (deleted by `reconcile`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import numpy as np

from index.bm25 import KeywordIndex
from index.chunking import FACTS_SECTION, chunk_report
from index.embedders import Embedder
from index.embedding_cache import CachedEmbedder
from index.retrieval import (
    Hit,
    HybridRetriever,
    PassageCatalog,
    SearchFilters,
    VectorDenseSearch,
)
from index.sqlstore import PENDING, SqlStore, StoredPassage, sqlite_url
from index.vectors import VectorStore
from ingest.schema import Report


class AddStatus(StrEnum):
    ADDED = "added"
    REPLACED = "replaced"  # a report of the same agency and year (or same path) was replaced
    UNCHANGED = "unchanged"  # these exact bytes are already stored


@dataclass(frozen=True, slots=True)
class AddResult:
    status: AddStatus
    report_id: str
    replaced: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ReconcileResult:
    """What a reconcile pass cleaned up after an interrupted ingest."""

    pending_removed: tuple[str, ...]
    orphan_vectors_removed: int


class Corpus:
    """The stores of one data dir, opened together."""

    def __init__(
        self, sql: SqlStore, vectors: VectorStore, embedder: Embedder, keyword_dir: Path
    ) -> None:
        self.sql = sql
        self.vectors = vectors
        self.embedder = CachedEmbedder(embedder, sql.engine)
        self.keyword_dir = keyword_dir
        self._retriever: HybridRetriever | None = None
        self._generation = -1

    @classmethod
    def open(
        cls,
        data_dir: Path,
        embedder: Embedder,
        *,
        db_url: str | None = None,
        chroma_url: str | None = None,
    ) -> Corpus:
        data_dir.mkdir(parents=True, exist_ok=True)
        sql = SqlStore(db_url or sqlite_url(data_dir))
        vectors = VectorStore.open(
            data_dir=None if chroma_url else data_dir,
            url=chroma_url,
            embedder_name=embedder.name,
            dim=embedder.dim,
        )
        return cls(sql, vectors, embedder, data_dir / "bm25")

    # ------------------------------------------------------------------ writing

    def add(self, report: Report) -> AddResult:
        """Store `report` in every store, replacing an older report of the same agency and year."""
        return self.add_many([report])[0]

    def add_many(self, reports: Sequence[Report]) -> list[AddResult]:
        """Store several reports: their narrative passages are embedded in one batch (both
        cores busy, cached texts skipped), then each report is stored on its own, with the
        pending -> complete protocol, so a crash still leaves every report whole or absent."""
        chunked = [(r, chunk_report(r)) for r in reports]
        narrative = [p for _, ps in chunked for p in ps if embedded(p)]
        vectors = self.embedder.embed_passages([p.text for p in narrative])
        by_id = {p.id: vectors[i] for i, p in enumerate(narrative)}
        return [self._store(report, passages, by_id) for report, passages in chunked]

    def _store(
        self, report: Report, passages: list[StoredPassage], vectors: dict[str, np.ndarray]
    ) -> AddResult:
        known = self.sql.find_sha(report.source.sha256)
        if known is not None and known.state != PENDING:
            return AddResult(AddStatus.UNCHANGED, known.id)
        if known is not None:  # left pending by a crash: start it over
            self._drop(known.id)
        replaced = [
            rid
            for rid in self.sql.same_report(report.agency_key, report.year, report.source.path)
            if rid != report.id
        ]
        self.sql.insert_pending(report, passages)
        narrative = [p for p in passages if embedded(p)]
        if narrative:
            self.vectors.upsert(
                [p.id for p in narrative],
                np.stack([vectors[p.id] for p in narrative]),
                [p.text for p in narrative],
                [_metadata(report, p) for p in narrative],
            )
        old_passages = [p.id for p in self.sql.passages(replaced)] if replaced else []
        self.sql.complete(report.id, replaces=replaced)
        if old_passages:
            self.vectors.delete(old_passages)
        status = AddStatus.REPLACED if replaced else AddStatus.ADDED
        return AddResult(status, report.id, tuple(replaced))

    def remove(self, report_id: str) -> None:
        """Remove a report from every store (ReportNotFoundError if it is not there)."""
        self.sql.report(report_id)  # raises ReportNotFoundError for an unknown id
        self._drop(report_id)

    def _drop(self, report_id: str) -> None:
        ids = [p.id for p in self.sql.passages([report_id])]
        self.sql.delete(report_id)
        if ids:
            self.vectors.delete(ids)

    def reconcile(self) -> ReconcileResult:
        """Finish what an interrupted ingest left: drop pending reports and orphan vectors."""
        pending = self.sql.ids(state=PENDING)
        for report_id in pending:
            self._drop(report_id)
        orphans = self.vectors.ids() - self.sql.passage_ids()
        if orphans:
            self.vectors.delete(sorted(orphans))
        return ReconcileResult(tuple(pending), len(orphans))

    # ------------------------------------------------------------------ reading

    def retriever(self) -> HybridRetriever:
        """Hybrid search over the complete reports, rebuilt when the store has changed (here or
        in another process) since it was last built; the BM25 index reloads from disk when its
        fingerprint still matches."""
        generation = self.sql.generation()
        if self._retriever is None or generation != self._generation:
            passages = self.sql.passages()
            catalog = PassageCatalog(passages, self.sql.summaries())
            keywords = KeywordIndex.load_or_build(self.keyword_dir, passages)
            dense = VectorDenseSearch(self.vectors, self.embedder)
            self._retriever = HybridRetriever(dense, keywords, catalog)
            self._generation = generation
        return self._retriever

    def search(self, query: str, k: int = 10, filters: SearchFilters | None = None) -> list[Hit]:
        return self.retriever().search(query, k=k, filters=filters)

    def close(self) -> None:
        self.sql.dispose()


def embedded(passage: StoredPassage) -> bool:
    """Narrative passages get vectors; the table-facts passage is for keyword search only
    (its numbers are answered from cells, and embedding it would cost a sixth of ingest)."""
    return passage.section != FACTS_SECTION


def _metadata(report: Report, passage: StoredPassage) -> dict[str, str | int]:
    meta: dict[str, str | int] = {
        "report_id": report.id,
        "section": passage.section,
        "position": passage.position,
    }
    if report.year is not None:
        meta["year"] = report.year
    if report.agency_key:
        meta["agency_key"] = report.agency_key
    if report.region:
        meta["region"] = report.region
    return meta
