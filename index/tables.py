"""The structured store's schema (SQLAlchemy Core): reports, cells in long form, checks,
passages, and the embedding cache. One definition for SQLite and PostgreSQL.

The SQL store is the source of truth. A report row is `pending` while its vectors are being
written and `complete` once every store has it; queries read complete reports only, so a reader
sees a report whole or not at all, and a rerun after a crash finishes what is pending.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Column,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
)
from sqlalchemy.types import TypeDecorator, TypeEngine

from ingest.numbers import exact_decimal


class ExactNumber(TypeDecorator[Any]):
    """A cell's value as NUMERIC: SQLite keeps an int an INTEGER (a FLOAT column would make
    it REAL), PostgreSQL keeps a decimal exact. A decimal is bound as its digits; SQLite reads
    it back as a REAL of at most 14 significant digits, whose shortest repr is those digits
    (index/sqlstore.py rebuilds the exact value). Stores made with a FLOAT column read the same.
    """

    impl = Numeric
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        exact = dialect.name != "sqlite"  # SQLite has no decimals to hand back
        return dialect.type_descriptor(Numeric(asdecimal=exact))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None or isinstance(value, int):
            return value
        exact = exact_decimal(value)
        return str(exact) if dialect.name == "sqlite" else exact


SCHEMA_VERSION = "1"
metadata = MetaData()

reports = Table(
    "reports",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("agency", Text),
    Column("agency_key", Text),
    Column("region", Text),
    Column("year", Integer),
    Column("format_version", String(8)),
    Column("source_path", Text, nullable=False),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("ingested_at", String(32), nullable=False),
    Column("state", String(16), nullable=False),  # pending | complete
    Column("source", Text, nullable=False),  # SourceInfo JSON
    Column("meta", Text, nullable=False),  # ReportMeta JSON
    Column("sections", Text, nullable=False),  # {key: Section} JSON
    Column("warnings", Text, nullable=False),  # [ParseWarning] JSON
    Index("ix_reports_year", "year"),
    Index("ix_reports_agency_key", "agency_key", "year"),
    # No index on state: nearly every report is complete, and without statistics SQLite
    # would pick such an index over the selective ones (id, year, agency) and scan them all.
)

cells = Table(
    "cells",
    metadata,
    Column("report_id", String(32), ForeignKey("reports.id", ondelete="CASCADE"), nullable=False),
    Column("seq", Integer, nullable=False),  # template order, for printing records
    Column("section", String(2), nullable=False),  # s2 | s3 | s4
    Column("row", String(64), nullable=False),
    Column("column", String(32), nullable=False),  # "" for s2 and s4 fields
    Column("value", ExactNumber),
    Column("raw", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("source", Text),  # Source JSON
    Index("ux_cells", "report_id", "section", "row", "column", unique=True),
    Index("ix_cells_field", "section", "row", "column", "value"),
)

checks = Table(
    "checks",
    metadata,
    Column("report_id", String(32), ForeignKey("reports.id", ondelete="CASCADE"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("rule", String(4), nullable=False),
    Column("scope", Text, nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("lhs", Float),
    Column("rhs", Float),
    Column("cells", Text, nullable=False),  # [CellRef] JSON
    Column("message", Text, nullable=False),
    Index("ux_checks", "report_id", "seq", unique=True),
    Index("ix_checks_outcome", "outcome", "rule"),
)

passages = Table(
    "passages",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("report_id", String(32), ForeignKey("reports.id", ondelete="CASCADE"), nullable=False),
    Column("section", String(16), nullable=False),
    Column("position", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("tokens", Text, nullable=False),  # jieba tokens joined by spaces, for BM25
    Column("start", Integer),
    Column("end", Integer),
    Index("ix_passages_report", "report_id"),
)

embedding_cache = Table(
    "embedding_cache",
    metadata,
    Column("model", String(128), primary_key=True),
    Column("text_sha256", String(64), primary_key=True),
    Column("vector", LargeBinary, nullable=False),
)

settings_table = Table(
    "store_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# Which complete reports have their narrative vectors in which Chroma collection (one per
# embedder). A report is answerable from its tables as soon as it is complete; its passages
# are searchable by meaning once it has a row here. Rows go with their report (cascade).
embedded_reports = Table(
    "embedded_reports",
    metadata,
    Column("report_id", String(32), ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True),
    Column("collection", String(64), primary_key=True),
    Column("vectors", Integer, nullable=False),  # narrative passages embedded
    Index("ix_embedded_collection", "collection"),
)
