"""A stored corpus for tests that need many reports: the generator's demo corpus (every file
format but crawler dumps, 36 fictional agencies x 5 years) plus the seeds when present,
ingested once per test session with the real stores. Embeddings are shared across the session
through one cache."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from index.embedders import E5Embedder
from index.embedding_cache import CachedEmbedder
from index.sqlstore import SqlStore, sqlite_url
from ingest.schema import Report
from qa_app.engine import Engine, IngestOutcome
from qa_app.settings import Settings
from synthetic import FileKind, write_demo_corpus
from tests.conftest import SEEDS_DIR

AGENCIES = 36
YEARS = (2020, 2021, 2022, 2023, 2024)
CORPUS_SEED = 20241


@dataclass
class StoredCorpus:
    engine: Engine
    folder: Path
    outcomes: list[IngestOutcome]
    truth: dict[str, Report]  # generator record by file name (synthetic files only)
    with_seeds: bool


@pytest.fixture(scope="session")
def shared_embedder(request: pytest.FixtureRequest) -> CachedEmbedder:
    """e5 behind a cache kept in pytest's cache dir: a fresh checkout (CI) embeds everything
    once; reruns on a developer's machine reuse the vectors."""
    cache = SqlStore(sqlite_url(request.config.cache.mkdir("govqa-embeddings")))
    return CachedEmbedder(E5Embedder(), cache.engine)


@pytest.fixture(scope="session")
def stored_corpus(
    tmp_path_factory: pytest.TempPathFactory, shared_embedder: CachedEmbedder
) -> StoredCorpus:
    folder = tmp_path_factory.mktemp("corpus")
    # Every format but crawler dumps, whose digit runs may leave cells ambiguous by design
    # (tests/ingest/test_crawler_runs.py covers them): here every cell must parse exactly.
    kinds = [k for k in FileKind if k is not FileKind.CRAWLER]
    write_demo_corpus(
        folder / "synthetic", n_agencies=AGENCIES, years=YEARS, seed=CORPUS_SEED, kinds=kinds
    )
    truth = {
        r.source.path: r
        for r in map(Report.model_validate_json, (folder / "synthetic" / "expected.jsonl").open())
    }
    with_seeds = SEEDS_DIR.is_dir()
    if with_seeds:
        shutil.copytree(SEEDS_DIR, folder / "seeds")
    engine = Engine(Settings(data_dir=tmp_path_factory.mktemp("data")), embedder=shared_embedder)
    outcomes = engine.ingest([folder])
    return StoredCorpus(engine, folder, outcomes, truth, with_seeds)
