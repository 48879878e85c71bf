"""VectorStore over an embedded Chroma (PersistentClient in tmp_path).

The behaviour tests take an `open_store` factory; test_chroma_server.py imports them and runs
them again against a real Chroma server.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

from index.vectors import VectorStore, build_where, collection_name
from ingest.errors import SettingsError, StoreError

OpenStore = Callable[..., VectorStore]
DIM = 4


def unit(*values: float) -> np.ndarray:
    v = np.array(values + (0.0,) * (DIM - len(values)), dtype=np.float32)
    return v / np.linalg.norm(v)


# Three passages of two agencies; cosine to unit(1) is 1.0, 0.6 and 0.0.
IDS = ["r1:problems:0", "r1:overview:0", "r2:problems:0"]
VECTORS = np.stack([unit(1), unit(0.6, 0.8), unit(0, 1)])
DOCS = ["依申请公开流程有待规范", "门户网站建设", "财政预算公开"]
FIELDS = ("report_id", "year", "agency_key", "region", "section")
METAS = [
    dict(zip(FIELDS, ("r1", 2024, "郏县人民政府", "郏县", "problems"), strict=True)),
    dict(zip(FIELDS, ("r1", 2024, "郏县人民政府", None, "overview"), strict=True)),
    dict(zip(FIELDS, ("r2", 2023, "样例县林业局", "样例县", "problems"), strict=True)),
]


@pytest.fixture
def open_store(tmp_path: Path) -> Iterator[OpenStore]:
    """Opens (or reopens) the embedded store in tmp_path; closes what it opened."""
    opened: list[VectorStore] = []

    def _open(embedder_name: str = "e5-small", dim: int = DIM) -> VectorStore:
        store = VectorStore.open(data_dir=tmp_path, url=None, embedder_name=embedder_name, dim=dim)
        opened.append(store)
        return store

    yield _open
    for store in opened:
        store.close()


@pytest.fixture
def filled(open_store: OpenStore) -> VectorStore:
    store = open_store()
    store.upsert(IDS, VECTORS, DOCS, METAS)
    return store


def test_query_returns_ids_with_cosine_similarity_most_similar_first(filled: VectorStore) -> None:
    hits = filled.query(unit(1), k=3)
    assert [i for i, _ in hits] == IDS
    assert [round(s, 4) for _, s in hits] == [1.0, 0.6, 0.0]


def test_query_k_limits_and_may_exceed_count(filled: VectorStore) -> None:
    assert [i for i, _ in filled.query(unit(1), k=1)] == ["r1:problems:0"]
    assert len(filled.query(unit(1), k=50)) == 3
    assert filled.query(unit(1), k=0) == []


def test_filters_on_year_agency_region_and_section(filled: VectorStore) -> None:
    def ids(**where: object) -> list[str]:
        return [i for i, _ in filled.query(unit(1), k=10, where=where)]

    assert ids(year=2023) == ["r2:problems:0"]
    assert ids(year=[2023, 2024]) == IDS
    assert ids(agency_key="郏县人民政府", section="problems") == ["r1:problems:0"]
    assert ids(section=["problems"], year=2024) == ["r1:problems:0"]
    assert ids(region="样例县") == ["r2:problems:0"]
    assert ids(region=None) == IDS  # None means "no filter on this field"
    assert ids(year=2022) == []
    assert ids(agency_key=[]) == []


def test_none_metadata_values_are_left_out_not_stored(filled: VectorStore) -> None:
    # r1:overview:0 had region None: it matches no region filter.
    assert "r1:overview:0" not in [i for i, _ in filled.query(unit(1), 10, {"region": ["郏县"]})]


def test_upsert_replaces_an_existing_id(filled: VectorStore) -> None:
    filled.upsert(["r2:problems:0"], np.stack([unit(1)]), ["改过的"], [METAS[2]])
    assert filled.count() == 3
    top = filled.query(unit(1), k=3)
    assert {i for i, s in top if s > 0.999} == {"r1:problems:0", "r2:problems:0"}


def test_delete_removes_ids_and_ignores_an_empty_list(filled: VectorStore) -> None:
    filled.delete([])
    filled.delete(["r1:problems:0", "r1:overview:0"])
    assert filled.ids() == {"r2:problems:0"}
    assert filled.count() == 1


def test_upsert_in_batches_and_list_all_ids_by_pages(open_store: OpenStore) -> None:
    store = open_store()
    store.batch_size = 100  # force several upsert calls
    n = 2_345  # more than two pages of ids
    ids = [f"p{i}" for i in range(n)]
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(n, DIM)).astype(np.float32)
    store.upsert(ids, vectors, ["doc"] * n, [{"year": 2000 + i % 5} for i in range(n)])
    assert store.count() == n
    assert store.ids() == set(ids)


def test_vectors_persist_across_reopen(open_store: OpenStore) -> None:
    first = open_store()
    first.upsert(IDS, VECTORS, DOCS, METAS)
    first.close()
    again = open_store()
    assert again.ids() == set(IDS)
    assert [i for i, _ in again.query(unit(0, 1), k=1)] == ["r2:problems:0"]


def test_each_embedder_has_its_own_collection(open_store: OpenStore) -> None:
    e5 = open_store("e5-small", DIM)
    e5.upsert(IDS, VECTORS, DOCS, METAS)
    other = open_store("st:/models/bge-small-zh", 3)
    assert other.name != e5.name
    assert other.count() == 0
    other.upsert(["x"], np.stack([unit(1)[:3]]), ["x"], [{"year": 2024}])
    assert e5.ids() == set(IDS)
    assert other.ids() == {"x"}


def test_a_vector_of_the_wrong_dimension_is_a_store_error(filled: VectorStore) -> None:
    with pytest.raises(StoreError, match=filled.name):
        filled.upsert(["bad"], np.ones((1, DIM + 1), dtype=np.float32), ["d"], [{"year": 1}])


def test_chroma_default_embedding_function_is_never_loaded(
    open_store: OpenStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import chromadb
    from chromadb.api.types import DefaultEmbeddingFunction
    from chromadb.config import Settings
    from chromadb.utils.embedding_functions import onnx_mini_lm_l6_v2 as onnx

    calls: list[str] = []

    def refuse(name: str) -> None:
        calls.append(name)
        raise AssertionError(f"Chroma's default embedding function was used: {name}")

    def default_call(self: object, input: list[str]) -> None:  # Chroma checks this signature
        refuse("default.__call__")

    def onnx_init(self: object, *args: object, **kwargs: object) -> None:
        refuse("onnx.__init__")

    def download(self: object) -> None:
        refuse("download")

    monkeypatch.setattr(DefaultEmbeddingFunction, "__call__", default_call)
    monkeypatch.setattr(onnx.ONNXMiniLM_L6_V2, "__init__", onnx_init)
    monkeypatch.setattr(onnx.ONNXMiniLM_L6_V2, "_download_model_if_not_exists", download)

    store = open_store()
    store.upsert(IDS, VECTORS, DOCS, METAS)
    assert store.query(unit(1), k=2, where={"year": 2024})
    assert store.ids() == set(IDS)
    store.delete(IDS[:1])
    assert store.count() == 2
    assert calls == []

    # Control: a collection left with Chroma's default does reach the spy.
    client = chromadb.PersistentClient(
        path=str(tmp_path / "control"), settings=Settings(anonymized_telemetry=False)
    )
    with pytest.raises(AssertionError):
        client.get_or_create_collection("control").add(ids=["x"], documents=["text"])
    client.close()
    assert calls == ["default.__call__"]


# ------------------------------------------------------------------ naming, filters, errors


def test_collection_names_are_valid_and_distinct_per_model_and_dim() -> None:
    assert collection_name("e5-small", 384) == "passages_e5_small_384"
    long_a = collection_name("st:/very/long/path/" + "x" * 80 + "/bge-small-zh", 512)
    long_b = collection_name("st:/other/long/path/" + "x" * 80 + "/bge-small-zh", 512)
    assert long_a != long_b
    for name in (long_a, long_b, collection_name("st:BAAI/bge-small-zh-v1.5", 512)):
        assert 3 <= len(name) <= 63
        assert name[0].isalnum() and name[-1].isalnum()
        assert set(name) <= set("abcdefghijklmnopqrstuvwxyz0123456789_")


def test_build_where_uses_eq_in_and_and() -> None:
    assert build_where(None) is None
    assert build_where({"year": 2024}) == {"year": {"$eq": 2024}}
    assert build_where({"year": np.int64(2024), "section": ["problems", "other"]}) == {
        "$and": [{"year": {"$eq": 2024}}, {"section": {"$in": ["problems", "other"]}}]
    }
    with pytest.raises(ValueError, match="agency"):
        build_where({"agency": "x"})


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_an_unreachable_server_is_a_store_error_naming_the_url() -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    with pytest.raises(StoreError, match=f"cannot reach the Chroma server at {url}"):
        VectorStore.open(data_dir=None, url=url, embedder_name="e5-small", dim=DIM)


@pytest.mark.parametrize("url", ["localhost:8000", "ftp://host:1", "http://host:notaport"])
def test_a_malformed_server_url_is_a_settings_error(url: str) -> None:
    with pytest.raises(SettingsError, match="GOVQA_CHROMA_URL"):
        VectorStore.open(data_dir=None, url=url, embedder_name="e5-small", dim=DIM)
