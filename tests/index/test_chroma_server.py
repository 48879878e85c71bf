"""The VectorStore tests again, over HttpClient against a real `chroma run` server.

The server is the one chromadb installs (`chroma run`), on a free loopback port with its data
in a temporary directory; it needs no network. It is stopped when the module's tests end.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from index.vectors import VectorStore
from tests.index.test_vectors import (  # noqa: F401  (collected here again, over HTTP)
    DIM,
    DOCS,
    IDS,
    METAS,
    VECTORS,
    OpenStore,
    filled,
    test_a_vector_of_the_wrong_dimension_is_a_store_error,
    test_chroma_default_embedding_function_is_never_loaded,
    test_delete_removes_ids_and_ignores_an_empty_list,
    test_each_embedder_has_its_own_collection,
    test_filters_on_year_agency_region_and_section,
    test_none_metadata_values_are_left_out_not_stored,
    test_query_k_limits_and_may_exceed_count,
    test_query_returns_ids_with_cosine_similarity_most_similar_first,
    test_upsert_in_batches_and_list_all_ids_by_pages,
    test_upsert_replaces_an_existing_id,
    test_vectors_persist_across_reopen,
    unit,
)
from tests.servers import chroma_server


@pytest.fixture(scope="module")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with chroma_server(tmp_path_factory.mktemp("chroma-server") / "db") as url:
        yield url


@pytest.fixture
def open_store(server_url: str, request: pytest.FixtureRequest) -> Iterator[OpenStore]:
    """Like test_vectors' fixture, over HTTP; each test gets its own collection names."""
    opened: list[VectorStore] = []
    prefix = f"t{abs(hash(request.node.nodeid)) % 10**8}-"

    def _open(embedder_name: str = "e5-small", dim: int = DIM) -> VectorStore:
        store = VectorStore.open(
            data_dir=None, url=server_url, embedder_name=prefix + embedder_name, dim=dim
        )
        opened.append(store)
        return store

    yield _open
    for store in opened:
        store.close()


def test_vectors_survive_a_server_restart(tmp_path: Path) -> None:
    path = tmp_path / "db"
    with chroma_server(path) as url:
        store = VectorStore.open(data_dir=None, url=url, embedder_name="e5-small", dim=DIM)
        store.upsert(IDS, VECTORS, DOCS, METAS)
        store.close()
    with chroma_server(path) as url:
        store = VectorStore.open(data_dir=None, url=url, embedder_name="e5-small", dim=DIM)
        assert store.ids() == set(IDS)
        assert [i for i, _ in store.query(unit(0, 1), k=1)] == ["r2:problems:0"]
        store.close()


def test_a_stopped_server_is_a_store_error_naming_the_url(tmp_path: Path) -> None:
    from ingest.errors import StoreError

    with chroma_server(tmp_path / "db") as url:
        store = VectorStore.open(data_dir=None, url=url, embedder_name="e5-small", dim=DIM)
    with pytest.raises(StoreError, match=f"cannot reach the Chroma server at {url}"):
        store.query(np.asarray(unit(1)), k=1)
