"""Hybrid passage retrieval: dense (embeddings) and keyword (BM25) rankings fused by RRF.

The two sides fail differently. An embedding finds a paraphrase that shares no word with the
question but blurs exact strings (a rare name, a number); BM25 is the other way round. Each side
ranks its top `depth` candidates among the passages the filters allow, and reciprocal rank
fusion (score = sum of 1 / (k0 + rank)) merges them without calibrating their scores.

The dense side is a `DenseSearch` protocol: `ArrayDenseSearch` here (numpy, in memory; tests
and the fallback), a Chroma-backed one elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

import jieba
import numpy as np
from pydantic import Field

from index.bm25 import KeywordIndex
from index.filters import SearchFilters
from index.keywords import tokenize_query
from index.sqlstore import SqlStore, StoredPassage
from ingest.schema import NamesReport, ReportRef

__all__ = [
    "RRF_K0",
    "ArrayDenseSearch",
    "DenseSearch",
    "Hit",
    "HybridRetriever",
    "PassageCatalog",
    "QueryEmbedder",
    "SearchFilters",
]

RRF_K0 = 60


class Hit(NamesReport):
    """One retrieved passage with the report it came from and how each side ranked it."""

    report_keys = ("agency", "year", "region")

    passage_id: str
    section: str
    position: int
    text: str
    start: int | None = Field(None, description="Offset of the passage in its section's text.")
    end: int | None = None
    score: float = Field(description="Reciprocal rank fusion score.")
    dense_rank: int | None = Field(None, description="1-based rank on the dense side, if ranked.")
    keyword_rank: int | None = Field(None, description="1-based rank in BM25, if ranked.")


class PassageCatalog:
    """Passages by id and their reports' metadata: what filters and hits are resolved against."""

    def __init__(self, passages: Iterable[StoredPassage], reports: Iterable[object]) -> None:
        """`reports`: ReportRefs (store rows), or anything with their attributes."""
        named = (ReportRef.model_validate(r, from_attributes=True) for r in reports)
        self.reports = {r.id: r for r in named}
        self.passages: dict[str, StoredPassage] = {}
        self._by_report: dict[str, list[StoredPassage]] = {}
        for p in passages:
            if p.report_id in self.reports:
                self.passages[p.id] = p
                self._by_report.setdefault(p.report_id, []).append(p)

    @classmethod
    def from_store(cls, store: SqlStore) -> PassageCatalog:
        """Complete reports and their passages, as queries see them."""
        return cls(store.passages(), store.summaries())

    def __len__(self) -> int:
        return len(self.passages)

    def __contains__(self, passage_id: object) -> bool:
        return passage_id in self.passages

    def allowed(self, filters: SearchFilters | None) -> set[str] | None:
        """Ids of passages passing `filters`, or None when nothing is restricted."""
        if filters is None or not filters.restricts:
            return None
        sections = filters.section_values()
        return {
            p.id
            for r in self.reports.values()
            if filters.admits(r)
            for p in self._by_report.get(r.id, ())
            if sections is None or p.section in sections
        }

    def hit(self, passage_id: str, score: float, dense: int | None, keyword: int | None) -> Hit:
        p = self.passages[passage_id]
        return Hit(
            passage_id=p.id,
            report=self.reports[p.report_id],
            section=p.section,
            position=p.position,
            text=p.text,
            start=p.start,
            end=p.end,
            score=score,
            dense_rank=dense,
            keyword_rank=keyword,
        )


class DenseSearch(Protocol):
    """The embedding side: the `k` nearest passages to `query` among those `filters` allow."""

    def search(
        self, query: str, k: int, filters: SearchFilters | None = None
    ) -> list[tuple[str, float]]: ...


class QueryEmbedder(Protocol):
    """Turns a question into an L2-normalized vector (the embedder's query side)."""

    def embed_query(self, text: str) -> np.ndarray: ...


class ArrayDenseSearch:
    """Exact cosine search over an in-memory matrix; filters resolved by the catalog."""

    def __init__(
        self,
        ids: Sequence[str],
        vectors: np.ndarray,
        embedder: QueryEmbedder,
        catalog: PassageCatalog,
    ) -> None:
        matrix = np.asarray(vectors, dtype=np.float32)
        if matrix.ndim != 2 or matrix.shape[0] != len(ids):
            raise ValueError(f"need one vector per id: {len(ids)} ids, vectors {matrix.shape}")
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        self.matrix = matrix / np.where(norms > 0, norms, 1.0)
        self.ids = list(ids)
        self._row = {pid: i for i, pid in enumerate(self.ids)}
        self.embedder = embedder
        self.catalog = catalog

    def search(
        self, query: str, k: int, filters: SearchFilters | None = None
    ) -> list[tuple[str, float]]:
        allowed = self.catalog.allowed(filters)
        rows = (
            np.arange(len(self.ids))
            if allowed is None
            else np.array(sorted(self._row[i] for i in allowed if i in self._row), dtype=np.int64)
        )
        if k <= 0 or rows.size == 0:
            return []
        vector = np.asarray(self.embedder.embed_query(query), dtype=np.float32)
        scores = self.matrix[rows] @ vector
        order = np.lexsort((rows, -scores))[:k]  # best first; equal scores by position
        return [(self.ids[rows[i]], float(scores[i])) for i in order]


class VectorIndex(Protocol):
    """What the dense side needs of a vector store (index.vectors.VectorStore)."""

    def query(
        self, embedding: np.ndarray, k: int, where: dict[str, list[int] | list[str]] | None = None
    ) -> list[tuple[str, float]]: ...


class VectorDenseSearch:
    """Dense search through a vector store, filters applied by the store's metadata."""

    def __init__(self, vectors: VectorIndex, embedder: QueryEmbedder) -> None:
        self.vectors = vectors
        self.embedder = embedder

    def search(
        self, query: str, k: int, filters: SearchFilters | None = None
    ) -> list[tuple[str, float]]:
        where = filters.metadata_where() if filters is not None else None
        return self.vectors.query(self.embedder.embed_query(query), k, where or None)


class HybridRetriever:
    """Dense top-`depth` and BM25 top-`depth` under the same filters, fused by RRF.

    With k0 = 60 the fused weight of rank 1 (1/61) and rank 50 (1/110) differ by less than 2x,
    so in long lists a passage both sides rank mediocrely outscores one that a single side
    ranks first. On the seed + synthetic corpus, depth 20 kept the single-side wins (a rare
    name for BM25, a paraphrase for the embedding) in the top 3 where depth 50 lost some.
    """

    def __init__(
        self,
        dense: DenseSearch,
        keyword: KeywordIndex,
        catalog: PassageCatalog,
        *,
        tokenizer: jieba.Tokenizer | None = None,
        depth: int = 20,
        k0: int = RRF_K0,
    ) -> None:
        self.dense = dense
        self.keyword = keyword
        self.catalog = catalog
        self.tokenizer = tokenizer
        self.depth = depth
        self.k0 = k0
        self._vocabulary = keyword.vocabulary
        # Keyword hits must be passages the catalog knows; mask only if the two disagree.
        self._known = None if set(keyword.ids) <= set(catalog.passages) else set(catalog.passages)

    def keyword_ranking(self, query: str, n: int, filters: SearchFilters | None) -> list[str]:
        """Passage ids by BM25, best first, among those the filters allow."""
        return self._keyword(query, n, self.catalog.allowed(filters))

    def dense_ranking(self, query: str, n: int, filters: SearchFilters | None) -> list[str]:
        """Passage ids by embedding similarity, best first, among those the filters allow."""
        return self._dense(query, n, filters, self.catalog.allowed(filters))

    def _keyword(self, query: str, n: int, allowed: set[str] | None) -> list[str]:
        tokens = tokenize_query(query, self.tokenizer, self._vocabulary)
        mask = self._known if allowed is None else allowed
        return [pid for pid, _ in self.keyword.search(tokens, n, mask)]

    def _dense(
        self, query: str, n: int, filters: SearchFilters | None, allowed: set[str] | None
    ) -> list[str]:
        """The dense side applies the filters itself; what it returns that the filters or the
        catalog reject is dropped (a vector store may hold vectors of a report being replaced)."""
        return [
            pid
            for pid, _ in self.dense.search(query, n, filters)
            if pid in self.catalog and (allowed is None or pid in allowed)
        ]

    def search(self, query: str, k: int = 10, filters: SearchFilters | None = None) -> list[Hit]:
        """The `k` best passages for `query`; equal fused scores are ordered by passage id."""
        n = max(self.depth, k)
        allowed = self.catalog.allowed(filters)
        dense = {pid: r for r, pid in enumerate(self._dense(query, n, filters, allowed), 1)}
        keyword = {pid: r for r, pid in enumerate(self._keyword(query, n, allowed), 1)}
        fused: dict[str, float] = {}
        for ranks in (dense, keyword):
            for pid, rank in ranks.items():
                fused[pid] = fused.get(pid, 0.0) + 1.0 / (self.k0 + rank)
        order = sorted(fused, key=lambda pid: (-fused[pid], pid))[:k]
        hit = self.catalog.hit
        return [hit(pid, fused[pid], dense.get(pid), keyword.get(pid)) for pid in order]
