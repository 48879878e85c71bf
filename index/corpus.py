"""All stores of one data dir, kept in agreement: SQL (truth), Chroma vectors, BM25 keywords.

Tables first. Adding a report is SQL only, so it is answerable (cells, checks, keywords) as
soon as it is parsed. An ingest stores a window of reports in one SQL transaction, in which
  1. each report's rows go in as `pending`;
  2. it is marked `complete` and the report it replaces deleted;
and once that is committed, 3. the replaced reports' vectors are deleted.
Its narrative vectors follow in `embed_waiting` (the background of the same ingest, or
`govqa embed`): passages of complete reports not yet in the ledger (index/vector_ledger.py) are
embedded (through the cache: a text is embedded once per model), upserted into Chroma under
deterministic ids, and the ledger records the report, under the same lock as step 2 so a report
replaced meanwhile gets no vectors. Queries see complete reports only and drop vector hits SQL
does not know. A crash anywhere leaves a pending report (removed by `reconcile`, so the rerun
adds it again), orphan vectors (deleted by `reconcile`), or reports not yet embedded (embedded by
the next embed step). `reconcile` also compares the vector store with the ledger and forgets the
reports whose vectors are gone (a deleted chroma/ folder, a reset server), so they are embedded
again from the cache without re-parsing.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from index.bm25 import KeywordIndex
from index.chunking import FACTS_SECTION, chunk_report
from index.embedders import Embedder
from index.embedding_cache import CachedEmbedder, model_key
from index.embedding_server import EmbedderUnavailable
from index.filters import SearchFilters
from index.retrieval import Hit, HybridRetriever, PassageCatalog, VectorDenseSearch
from index.sqlstore import PENDING, ReportRow, SqlStore, StoredPassage, sqlite_url
from index.store_rows import ReportRows, report_rows
from index.vector_ledger import VectorCoverage, VectorLedger, narrative_counts
from index.vectors import VectorStore
from ingest.schema import Report

log = logging.getLogger("govqa")

EMBED_BATCH = 16  # reports embedded together: enough texts to keep a model busy


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
    """What a reconcile pass cleaned up after an interrupted ingest or a lost vector store."""

    pending_removed: tuple[str, ...]
    orphan_vectors_removed: int
    vectors_lost: tuple[str, ...] = ()  # reports whose vectors were gone: embedded again
    vectors_unchecked: str | None = None  # why the vector store could not be checked


EmbedProgress = Callable[[int, int], None]  # (reports embedded so far, reports waiting)


class Corpus:
    """The stores of one data dir, opened together (the vector store on first need: a
    remote embedder's dimension, which names the collection, may need its server)."""

    def __init__(
        self,
        sql: SqlStore,
        embedder: Embedder,
        keyword_dir: Path,
        open_vectors: Callable[[str, int], VectorStore],
    ) -> None:
        self.sql = sql
        self.embedder = CachedEmbedder(embedder, sql.engine)
        self.keyword_dir = keyword_dir
        self.ledger = VectorLedger(sql)
        self._open_vectors = open_vectors
        self._vectors: VectorStore | None = None
        self._lock = threading.RLock()  # storing vs recording vectors, across threads
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

        def open_vectors(name: str, dim: int) -> VectorStore:
            return VectorStore.open(
                data_dir=None if chroma_url else data_dir,
                url=chroma_url,
                embedder_name=name,
                dim=dim,
            )

        return cls(sql, embedder, data_dir / "bm25", open_vectors)

    @property
    def vectors(self) -> VectorStore:
        """The embedder's collection; its dimension is remembered in SQL, so a remote embedder
        is asked once per store, and a server that later answers another size is an error."""
        with self._lock:
            if self._vectors is None:
                key = f"dim:{model_key(self.embedder.name)}"
                known = self.sql.meta(key)
                inner = self.embedder.inner
                if known is not None and hasattr(inner, "assume_dim"):
                    inner.assume_dim(int(known))
                dim = self.embedder.dim
                if known is not None and int(known) != dim:
                    raise EmbedderUnavailable(
                        f"{self.embedder.name} now has dimension {dim}, but its vectors in this "
                        f"store have {known}; give the model a new name to embed afresh"
                    )
                self._vectors = self._open_vectors(self.embedder.name, dim)
                if known is None:
                    self.sql.set_meta(key, str(dim))
            return self._vectors

    # ------------------------------------------------------------------ writing

    def add(self, report: Report) -> AddResult:
        """Store `report` in SQL, replacing an older report of the same agency and year."""
        return self.add_many([report_rows(report, chunk_report(report))])[0]

    def add_many(self, window: Sequence[ReportRows]) -> list[AddResult]:
        """Store several reports (as rows: index/store_rows.py) in one SQL transaction, each
        with the pending -> complete protocol, so a crash leaves the window's reports all
        stored or none. The vectors of the reports they replace are deleted once that is
        committed. No embedding here: see `embed_waiting`."""
        stale: list[str] = []  # passage ids whose vectors go once the transaction commits
        with self._lock:
            with self.sql.transaction():
                results = [self._store(rows, stale) for rows in window]
            self._delete_vectors(stale)
        return results

    def _store(self, rows: ReportRows, stale: list[str]) -> AddResult:
        known = self.sql.find_sha(rows.sha256)
        if known is not None and known.state != PENDING:
            return AddResult(AddStatus.UNCHANGED, known.id)
        if known is not None:  # left pending by a crash: start it over
            stale += [p.id for p in self.sql.passages([known.id])]
            self.sql.delete(known.id)
        replaced = [
            rid
            for rid in self.sql.same_report(rows.agency_key, rows.year, rows.source_path)
            if rid != rows.id
        ]
        self.sql.insert_rows(rows)
        if replaced:
            stale += [p.id for p in self.sql.passages(replaced)]
        self.sql.complete(rows.id, replaces=replaced)
        status = AddStatus.REPLACED if replaced else AddStatus.ADDED
        return AddResult(status, rows.id, tuple(replaced))

    def remove(self, report_id: str) -> None:
        """Remove a report from every store (ReportNotFoundError if it is not there)."""
        self.sql.report(report_id)  # raises ReportNotFoundError for an unknown id
        with self._lock:
            self._drop(report_id)

    def _drop(self, report_id: str) -> None:
        ids = [p.id for p in self.sql.passages([report_id])]
        self.sql.delete(report_id)
        self._delete_vectors(ids)

    def _delete_vectors(self, ids: list[str]) -> None:
        """Delete vectors; with the embedding server down (the collection unknown) they stay
        as orphans, which readers ignore and the next `reconcile` deletes."""
        if not ids:
            return
        try:
            vectors = self.vectors
        except EmbedderUnavailable as exc:
            log.warning("vectors of %d replaced passages left for later: %s", len(ids), exc)
            return
        vectors.delete(ids)

    def reconcile(self) -> ReconcileResult:
        """Finish what an interrupted ingest left, and notice a vector store that lost vectors:
        drop pending reports and orphan vectors, forget reports whose vectors are missing."""
        with self._lock:
            pending = self.sql.ids(state=PENDING)
            for report_id in pending:
                self._drop(report_id)
            try:
                vectors = self.vectors
            except EmbedderUnavailable as exc:
                return ReconcileResult(tuple(pending), 0, vectors_unchecked=str(exc))
            stored = vectors.ids()
            orphans = stored - self.sql.passage_ids()
            if orphans:
                vectors.delete(sorted(orphans))
            expected = self.ledger.embedded_passages(vectors.name)
            lost = sorted({rid for pid, rid in expected if pid not in stored})
            if lost:
                self.ledger.forget(vectors.name, lost)
        return ReconcileResult(tuple(pending), len(orphans), tuple(lost))

    def embed_waiting(
        self,
        *,
        follow: Callable[[], bool] = lambda: False,
        stop: threading.Event | None = None,
        progress: EmbedProgress | None = None,
        batch: int | None = None,
        poll: float = 0.2,
    ) -> int:
        """Embed the passages of every complete report without vectors, a batch of reports at
        a time; while `follow()` is true (tables still being stored) wait for more. Returns
        the reports embedded. EmbedderUnavailable or StoreError stop it; what is done stays."""
        collection = self.vectors.name
        done = 0
        while stop is None or not stop.is_set():
            waiting = self.ledger.waiting(collection, limit=batch or EMBED_BATCH)
            if not waiting:
                if not follow():
                    break
                (stop or threading.Event()).wait(poll)
                continue
            done += self._embed_reports(waiting, collection)
            if progress is not None:
                progress(done, self.ledger.coverage(collection).waiting)
        return done

    def _embed_reports(self, report_ids: list[str], collection: str) -> int:
        narrative = [p for p in self.sql.passages(report_ids) if embedded(p)]
        vectors = self.embedder.embed_passages([p.text for p in narrative])
        with self._lock:  # a report replaced meanwhile gets no vectors (they would be orphans)
            counts = narrative_counts(self.sql, report_ids)
            rows = self.sql.rows(list(counts))
            keep = [i for i, p in enumerate(narrative) if p.report_id in counts]
            if keep:
                self.vectors.upsert(
                    [narrative[i].id for i in keep],
                    vectors[keep],
                    [narrative[i].text for i in keep],
                    [_metadata(rows[narrative[i].report_id], narrative[i]) for i in keep],
                )
            self.ledger.record(collection, counts)
        return len(counts)

    # ------------------------------------------------------------------ reading

    def coverage(self) -> VectorCoverage | None:
        """Cheap: how many reports are searchable by meaning, and whether the vector store
        holds as many vectors as SQL expects (counts only). None if the collection cannot be
        named (a remote embedder never reached)."""
        try:
            vectors = self.vectors
        except EmbedderUnavailable:
            return None
        return self.ledger.coverage(vectors.name, vectors.count())

    def retriever(self) -> HybridRetriever:
        """Hybrid search over the complete reports, rebuilt when the store has changed (here or
        in another process) since it was last built; the BM25 index reloads from disk when its
        fingerprint still matches."""
        generation = self.sql.generation()
        if self._retriever is None or generation != self._generation:
            passages = self.sql.passages()
            catalog = PassageCatalog(passages, self.sql.summaries())
            keywords = KeywordIndex.load_or_build(self.keyword_dir, passages)
            self._retriever = HybridRetriever(_LazyDense(self), keywords, catalog)
            self._generation = generation
        return self._retriever

    def search(self, query: str, k: int = 10, filters: SearchFilters | None = None) -> list[Hit]:
        return self.retriever().search(query, k=k, filters=filters)

    def close(self) -> None:
        if self._vectors is not None:
            self._vectors.close()
            self._vectors = None
        self.sql.dispose()


class _LazyDense:
    """The dense side over the corpus's vector store, opened on the first search; with the
    embedding server down, search is keyword-only (`unavailable` says why) instead of failing."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.unavailable: str | None = None

    def search(
        self, query: str, k: int, filters: SearchFilters | None = None
    ) -> list[tuple[str, float]]:
        try:
            dense = VectorDenseSearch(self.corpus.vectors, self.corpus.embedder)
            found = dense.search(query, k, filters)
        except EmbedderUnavailable as exc:
            self.unavailable = str(exc)
            return []
        self.unavailable = None
        return found


def embedded(passage: StoredPassage) -> bool:
    """Narrative passages get vectors; the table-facts passage is for keyword search only
    (its numbers are answered from cells, and embedding it would cost a sixth of ingest)."""
    return passage.section != FACTS_SECTION


def _metadata(report: ReportRow | Report, passage: StoredPassage) -> dict[str, str | int]:
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
