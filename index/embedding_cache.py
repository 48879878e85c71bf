"""An embedder wrapper that keeps passage vectors in the SQL store, keyed by (model, sha256).

Embedding is the slow step of ingest; re-ingesting a corpus, or a report whose narrative did
not change, must not embed the same text again. The counters let tests and `govqa bench`
prove it. Queries are short and one-off, so they are not cached.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

import numpy as np
from sqlalchemy import Connection, Engine, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from index.embedders import Embedder
from index.tables import embedding_cache
from ingest.errors import StoreError

LOOKUP_BATCH = 500  # keys per IN (...) query, well under every database's parameter limit
MODEL_KEY_MAX = 128  # the width of embedding_cache.model


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def model_key(name: str) -> str:
    """The embedder name as stored; a long one (a deep model path) is shortened by its hash."""
    if len(name) <= MODEL_KEY_MAX:
        return name
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:16]
    return f"{name[: MODEL_KEY_MAX - 17]}#{digest}"


class CachedEmbedder:
    """Wraps an Embedder; passage vectors come from the cache table when they are there.

    `misses` counts texts sent to the inner embedder, `hits` every other input text (found in
    the table, or a repeat within the same call), so hits + misses = texts asked for.
    """

    def __init__(self, inner: Embedder, engine: Engine) -> None:
        self.inner = inner
        self.engine = engine
        self.hits = 0
        self.misses = 0
        self._key = model_key(inner.name)

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def dim(self) -> int:
        return self.inner.dim

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(text)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        shas = [text_sha256(t) for t in texts]
        found = self._lookup(set(shas))
        todo = {sha: text for sha, text in zip(shas, texts, strict=True) if sha not in found}
        if todo:
            vectors = self.inner.embed_passages(list(todo.values()))
            fresh = dict(zip(todo, np.asarray(vectors, dtype=np.float32), strict=True))
            self._store(fresh)
            found.update(fresh)
        self.misses += len(todo)
        self.hits += len(texts) - len(todo)
        return _stack([found[sha] for sha in shas])

    def _lookup(self, shas: set[str]) -> dict[str, np.ndarray]:
        table = embedding_cache
        found: dict[str, np.ndarray] = {}
        try:
            with self.engine.connect() as conn:
                for chunk in _chunks(sorted(shas), LOOKUP_BATCH):
                    query = select(table.c.text_sha256, table.c.vector).where(
                        table.c.model == self._key, table.c.text_sha256.in_(chunk)
                    )
                    for sha, blob in conn.execute(query):
                        found[sha] = np.frombuffer(blob, dtype="<f4").copy()
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot read the embedding cache: {exc}") from exc
        return found

    def _store(self, vectors: dict[str, np.ndarray]) -> None:
        rows = [
            {"model": self._key, "text_sha256": sha, "vector": v.astype("<f4").tobytes()}
            for sha, v in vectors.items()
        ]
        try:
            with self.engine.begin() as conn:
                _insert_ignoring_duplicates(conn, rows)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot write the embedding cache: {exc}") from exc


def _insert_ignoring_duplicates(conn: Connection, rows: list[dict[str, object]]) -> None:
    """Insert rows; a key another process inserted meanwhile is kept (same text, same vector)."""
    dialect = conn.dialect.name
    if dialect == "sqlite":
        conn.execute(sqlite.insert(embedding_cache).on_conflict_do_nothing(), rows)
    elif dialect == "postgresql":
        conn.execute(postgresql.insert(embedding_cache).on_conflict_do_nothing(), rows)
    else:
        for row in rows:
            try:
                with conn.begin_nested():
                    conn.execute(insert(embedding_cache).values(**row))
            except IntegrityError:
                continue


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _stack(vectors: list[np.ndarray]) -> np.ndarray:
    """One (n, dim) matrix; vectors of mixed length mean a corrupt cache row."""
    if len({v.shape for v in vectors}) > 1:
        raise StoreError("the embedding cache holds vectors of different lengths for one model")
    return np.ascontiguousarray(np.vstack(vectors), dtype=np.float32)
