"""Passage vectors in Chroma: embedded PersistentClient in the data dir, or a server by URL.

One collection per embedder (its name and dimension are in the collection name), so vectors of
different models never mix. The collection has no embedding function: govqa always passes
vectors it computed, and Chroma's default function would download an ONNX model. Chroma's
errors are translated to StoreError here.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import numpy as np

from ingest.errors import SettingsError, StoreError

FILTER_FIELDS = frozenset({"year", "agency_key", "region", "section", "report_id"})
PAGE = 1000  # ids fetched per request when listing a collection
_NAME_MAX = 60
Scalar = str | int | float | bool
Filters = Mapping[str, Scalar | Sequence[Scalar] | None]


def collection_name(embedder_name: str, dim: int) -> str:
    """A valid Chroma collection name: ('e5-small', 384) -> 'passages_e5_small_384'."""
    slug = re.sub(r"[^a-z0-9]+", "_", embedder_name.lower()).strip("_") or "model"
    name = f"passages_{slug}_{dim}"
    if len(name) <= _NAME_MAX:
        return name
    digest = hashlib.sha256(embedder_name.encode("utf-8")).hexdigest()[:12]
    return f"passages_{slug[-(_NAME_MAX - 32) :].strip('_')}_{digest}_{dim}"


def build_where(filters: Filters | None) -> dict[str, Any] | None:
    """Chroma `where` from {field: value or list of values}; None values are ignored.

    A list matches any of its values ($in); several fields must all match ($and).
    """
    clauses: list[dict[str, Any]] = []
    for field, value in (filters or {}).items():
        if field not in FILTER_FIELDS:
            raise ValueError(f"cannot filter passages on {field!r}; use {sorted(FILTER_FIELDS)}")
        if value is None:
            continue
        if isinstance(value, str | int | float | bool | np.generic):
            clauses.append({field: {"$eq": _plain(value)}})
        else:
            clauses.append({field: {"$in": [_plain(v) for v in value]}})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _plain(value: Any) -> Scalar:
    """numpy scalars to Python ones: Chroma accepts only str, int, float and bool."""
    return value.item() if isinstance(value, np.generic) else value


def _matches_nothing(where: dict[str, Any] | None) -> bool:
    """An empty $in list matches no passage (Chroma rejects it instead of returning nothing)."""
    clauses = (where or {}).get("$and", [where] if where else [])
    return any(op.get("$in") == [] for clause in clauses for op in clause.values())


def _parse_url(url: str) -> tuple[str, int, bool]:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise SettingsError("GOVQA_CHROMA_URL", f"{url!r} is not a URL: {exc}") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SettingsError("GOVQA_CHROMA_URL", f"{url!r} is not of the form http://host:port")
    ssl = parts.scheme == "https"
    return parts.hostname, port or (443 if ssl else 8000), ssl


class VectorStore:
    """One Chroma collection of passage vectors, cosine space, for one embedder."""

    def __init__(self, client: Any, collection: Any, location: str, remote: bool) -> None:
        self._client = client
        self._collection = collection
        self.location = location
        self.remote = remote
        self.name: str = collection.name
        self.batch_size: int = client.get_max_batch_size()

    @classmethod
    def open(
        cls, *, data_dir: Path | None, url: str | None, embedder_name: str, dim: int
    ) -> VectorStore:
        """Chroma server at `url` if given, else the embedded store in data_dir/'chroma'."""
        import chromadb
        from chromadb.config import Settings

        if url is None and data_dir is None:
            raise ValueError("VectorStore.open needs a data_dir or a url")
        settings = Settings(anonymized_telemetry=False)
        location = url or str(Path(data_dir or ".") / "chroma")
        with _translated(location, remote=url is not None):
            if url is not None:
                host, port, ssl = _parse_url(url)
                client = chromadb.HttpClient(host=host, port=port, ssl=ssl, settings=settings)
            else:
                client = chromadb.PersistentClient(path=location, settings=settings)
            collection = client.get_or_create_collection(
                collection_name(embedder_name, dim),
                embedding_function=None,
                configuration={"hnsw": {"space": "cosine"}},
                metadata={"embedder": embedder_name, "dim": dim},
            )
            store = cls(client, collection, location, remote=url is not None)
        store._check_space()
        store._check_dim(dim)
        return store

    def _check_space(self) -> None:
        """Scores are 1 - distance, which is right only for cosine collections."""
        config = self._collection.configuration_json or {}
        spaces = {(config.get(k) or {}).get("space") for k in ("hnsw", "spann")} - {None}
        if spaces and spaces != {"cosine"}:
            raise StoreError(
                f"Chroma collection {self.name} at {self.location} uses {spaces.pop()} distance, "
                "not cosine; delete it and re-ingest"
            )

    def _check_dim(self, dim: int) -> None:
        """The collection was made for vectors of this size (its name says so; its metadata
        is checked too, for a collection made by hand or by another tool)."""
        found = (self._collection.metadata or {}).get("dim")
        if found is not None and int(found) != dim:
            raise StoreError(
                f"Chroma collection {self.name} at {self.location} holds {found}-dimensional "
                f"vectors, the embedder gives {dim}; they are never mixed: delete the collection"
            )

    @contextmanager
    def _errors(self) -> Iterator[None]:
        with _translated(self.location, remote=self.remote, collection=self.name):
            yield

    def upsert(
        self,
        ids: Sequence[str],
        embeddings: np.ndarray,
        documents: Sequence[str],
        metadatas: Sequence[Mapping[str, Any]],
    ) -> None:
        """Add or replace passages; None metadata values are left out (Chroma rejects them)."""
        vectors = np.asarray(embeddings, dtype=np.float32)
        if not (len(ids) == len(vectors) == len(documents) == len(metadatas)):
            raise ValueError("ids, embeddings, documents and metadatas differ in length")
        metas = [{k: _plain(v) for k, v in m.items() if v is not None} for m in metadatas]
        with self._errors():
            for start in range(0, len(ids), self.batch_size):
                end = start + self.batch_size
                self._collection.upsert(
                    ids=list(ids[start:end]),
                    embeddings=vectors[start:end],
                    documents=list(documents[start:end]),
                    metadatas=metas[start:end] or None,  # type: ignore[arg-type]
                )

    def delete(self, ids: Sequence[str]) -> None:
        with self._errors():
            for start in range(0, len(ids), self.batch_size):
                self._collection.delete(ids=list(ids[start : start + self.batch_size]))

    def query(
        self, embedding: np.ndarray, k: int, where: Filters | None = None
    ) -> list[tuple[str, float]]:
        """The k nearest passages as (id, cosine similarity), most similar first."""
        chroma_where = build_where(where)
        if k <= 0 or _matches_nothing(chroma_where):
            return []
        with self._errors():
            result = self._collection.query(
                query_embeddings=[np.asarray(embedding, dtype=np.float32)],
                n_results=k,
                where=chroma_where,
                include=["distances"],
            )
        ids, distances = result["ids"][0], (result["distances"] or [[]])[0]
        return [(i, 1.0 - float(d)) for i, d in zip(ids, distances, strict=True)]

    def ids(self) -> set[str]:
        """Every stored id, fetched a page at a time."""
        found: set[str] = set()
        with self._errors():
            while True:
                page = self._collection.get(include=[], limit=PAGE, offset=len(found))["ids"]
                found.update(page)
                if len(page) < PAGE:
                    return found

    def count(self) -> int:
        with self._errors():
            return int(self._collection.count())

    def close(self) -> None:
        """Release the client (for the embedded store: its SQLite files)."""
        close = getattr(self._client, "close", None)
        if close is not None:
            close()

    def __enter__(self) -> VectorStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


@contextmanager
def _translated(location: str, *, remote: bool, collection: str | None = None) -> Iterator[None]:
    """Chroma's and httpx's errors as StoreError; an unreachable server names its URL."""
    from chromadb.errors import ChromaError

    where = f"Chroma collection {collection} at {location}" if collection else f"Chroma {location}"
    try:
        yield
    except (ChromaError, ValueError, httpx.HTTPError, OSError) as exc:
        unreachable = isinstance(exc, httpx.TransportError | ConnectionError) or (
            "Could not connect" in str(exc)
        )
        if remote and unreachable:
            raise StoreError(_unreachable(location, exc)) from exc
        raise StoreError(f"{where}: {exc}") from exc


def _unreachable(url: str, exc: Exception) -> str:
    return (
        f"cannot reach the Chroma server at {url} ({exc}); start it (`chroma run --path DIR "
        "--port PORT`) or unset GOVQA_CHROMA_URL to use the embedded store"
    )
