"""Which stored reports have their passage vectors, per Chroma collection (one per embedder).

Tables come first: a report is answerable from its cells and by keywords as soon as it is
complete in SQL, and its narrative vectors follow. This ledger is SQL's record of which
reports' vectors are in which collection, so the embed step knows what is left after a crash,
a model change (a new collection has no rows), or a vector store that lost its data (rows of
reports whose vectors are gone are dropped by `forget`, and those reports are embedded again).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pydantic import BaseModel, Field
from sqlalchemy import delete, func, insert, select

from index.chunking import FACTS_SECTION
from index.sqlstore import COMPLETE, SqlStore
from index.tables import embedded_reports, passages, reports

_BATCH = 500  # ids per IN (...) list


class VectorCoverage(BaseModel):
    """How much of the stored corpus is searchable by meaning, in one collection."""

    collection: str
    reports: int = Field(description="Complete reports.")
    embedded: int = Field(description="Complete reports whose passage vectors are stored.")
    expected_vectors: int = Field(description="Narrative passages of the embedded reports.")
    vectors: int | None = Field(None, description="Vectors in the collection (None: unknown).")

    @property
    def waiting(self) -> int:
        """Reports whose passages are not searchable by meaning yet."""
        return self.reports - self.embedded

    @property
    def drifted(self) -> bool:
        """The vector store holds fewer vectors than SQL says it should (it lost data)."""
        return self.vectors is not None and self.vectors < self.expected_vectors

    def message(self) -> str | None:
        """What a reader of an answer should know, or None when everything is searchable."""
        parts = []
        if self.waiting:
            parts.append(
                f"{self.waiting} reports' passages are still being embedded; keyword search "
                "covers them"
            )
        if self.drifted:
            missing = self.expected_vectors - (self.vectors or 0)
            parts.append(
                f"the vector store is missing {missing} passage vectors that SQL expects; "
                "`govqa embed` restores them from the embedding cache"
            )
        return "; ".join(parts) or None


class VectorLedger:
    """The `embedded_reports` table over one SQL store."""

    def __init__(self, sql: SqlStore) -> None:
        self.sql = sql

    def waiting(self, collection: str, limit: int | None = None) -> list[str]:
        """Complete reports without vectors in `collection`, oldest id first."""
        done = select(embedded_reports.c.report_id).where(
            embedded_reports.c.collection == collection
        )
        query = (
            select(reports.c.id)
            .where(reports.c.state == COMPLETE, reports.c.id.not_in(done))
            .order_by(reports.c.id)
        )
        if limit is not None:
            query = query.limit(limit)
        with self.sql.begin() as conn:
            return list(conn.execute(query).scalars())

    def record(self, collection: str, counts: dict[str, int]) -> None:
        """Note that these reports' vectors (count each) are now in `collection`."""
        if not counts:
            return
        with self.sql.begin() as conn:
            present = _existing(conn, list(counts), collection)
            rows = [
                {"report_id": rid, "collection": collection, "vectors": n}
                for rid, n in counts.items()
                if rid not in present
            ]
            if rows:
                conn.execute(insert(embedded_reports), rows)

    def forget(self, collection: str, report_ids: Iterable[str] | None = None) -> None:
        """Drop the record of these reports' vectors (all, with None): they are embedded again."""
        query = delete(embedded_reports).where(embedded_reports.c.collection == collection)
        with self.sql.begin() as conn:
            if report_ids is None:
                conn.execute(query)
                return
            ids = list(report_ids)
            for start in range(0, len(ids), _BATCH):
                chunk = ids[start : start + _BATCH]
                conn.execute(query.where(embedded_reports.c.report_id.in_(chunk)))

    def embedded_counts(self, collection: str) -> dict[str, int]:
        """report id -> vectors recorded, for the reports embedded in `collection`."""
        query = select(embedded_reports.c.report_id, embedded_reports.c.vectors).where(
            embedded_reports.c.collection == collection
        )
        with self.sql.begin() as conn:
            return {rid: int(n) for rid, n in conn.execute(query)}

    def embedded_passages(self, collection: str) -> list[tuple[str, str]]:
        """(passage id, report id) of every narrative passage that should have a vector."""
        query = (
            select(passages.c.id, passages.c.report_id)
            .join(embedded_reports, embedded_reports.c.report_id == passages.c.report_id)
            .where(
                embedded_reports.c.collection == collection,
                passages.c.section != FACTS_SECTION,
            )
        )
        with self.sql.begin() as conn:
            return [(pid, rid) for pid, rid in conn.execute(query)]

    def coverage(self, collection: str, vectors: int | None = None) -> VectorCoverage:
        """Counts only (two aggregate queries): cheap enough for every answer."""
        complete = select(func.count()).select_from(reports).where(reports.c.state == COMPLETE)
        embedded = (
            select(func.count(), func.coalesce(func.sum(embedded_reports.c.vectors), 0))
            .select_from(embedded_reports)
            .join(reports, reports.c.id == embedded_reports.c.report_id)
            .where(embedded_reports.c.collection == collection, reports.c.state == COMPLETE)
        )
        with self.sql.begin() as conn:
            total = int(conn.execute(complete).scalar() or 0)
            done, expected = conn.execute(embedded).one()
        return VectorCoverage(
            collection=collection,
            reports=total,
            embedded=int(done),
            expected_vectors=int(expected),
            vectors=vectors,
        )


def narrative_counts(sql: SqlStore, report_ids: Sequence[str]) -> dict[str, int]:
    """report id -> narrative passages (those with vectors), for reports that still exist."""
    counts: dict[str, int] = {}
    with sql.begin() as conn:
        for start in range(0, len(report_ids), _BATCH):
            chunk = list(report_ids[start : start + _BATCH])
            query = (
                select(reports.c.id, func.count(passages.c.id))
                .select_from(
                    reports.outerjoin(
                        passages,
                        (passages.c.report_id == reports.c.id)
                        & (passages.c.section != FACTS_SECTION),
                    )
                )
                .where(reports.c.id.in_(chunk), reports.c.state == COMPLETE)
                .group_by(reports.c.id)
            )
            counts.update({rid: int(n) for rid, n in conn.execute(query)})
    return counts


def _existing(conn, report_ids: list[str], collection: str) -> set[str]:  # type: ignore[no-untyped-def]
    found: set[str] = set()
    for start in range(0, len(report_ids), _BATCH):
        chunk = report_ids[start : start + _BATCH]
        query = select(embedded_reports.c.report_id).where(
            embedded_reports.c.collection == collection,
            embedded_reports.c.report_id.in_(chunk),
        )
        found.update(conn.execute(query).scalars())
    return found
