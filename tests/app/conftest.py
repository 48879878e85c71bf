"""Fixtures for the app's tests: a store of the five seed reports, built once per module in a
tmp data dir, and the app run by AppTest against it (GOVQA_DATA_DIR, as `govqa app` sets it)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import qa_app.app
from index.embedding_cache import CachedEmbedder
from ingest.schema import Report
from qa_app.engine import Engine
from qa_app.settings import Settings
from synthetic import FileKind, write_demo_corpus
from tests.conftest import seed_path

APP_MAIN = Path(qa_app.app.__file__).parent / "main.py"
SEEDS = ("000", "001", "002", "003", "004")


def build_store(folder: Path, data: Path, embedder: CachedEmbedder, seeds: tuple[str, ...]) -> Path:
    """Ingest copies of the seeds (named 000.txt …) into `data` with the real stores."""
    for prefix in seeds:
        (folder / f"{prefix}.txt").write_bytes(seed_path(prefix).read_bytes())
    engine = Engine(Settings(data_dir=data), embedder=embedder)
    outcomes = engine.ingest([folder]) if seeds else []
    engine.close()
    assert [o.status.value for o in outcomes].count("failed") == 0
    return data


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory, shared_embedder: CachedEmbedder) -> Path:
    folder = tmp_path_factory.mktemp("seeds")
    return build_store(folder, tmp_path_factory.mktemp("data"), shared_embedder, SEEDS)


def open_app(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The app's first page, run once, over `data_dir`; no LLM from the environment."""
    monkeypatch.setenv("GOVQA_DATA_DIR", str(data_dir))
    for name in ("GOVQA_LLM", "GOVQA_LLM_BASE_URL", "GOVQA_LLM_API_KEY", "GOVQA_DB_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("GOVQA_CHROMA_URL", raising=False)
    app = AppTest.from_file(str(APP_MAIN), default_timeout=120)
    app.run()
    assert not app.exception, app.exception
    return app


@pytest.fixture
def app(seed_store: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.delenv("GOVQA_APP_PASSWORD", raising=False)
    return open_app(seed_store, monkeypatch)


@dataclass
class DemoStore:
    """A store of synthetic reports (no seeds needed) and the generator's true records."""

    data: Path
    truth: list[Report]

    def appeals(self, year: int) -> dict[str, int]:
        """Agency -> 行政复议 total, for the agencies with any 行政复议 or 行政诉讼 in `year`."""
        out = {}
        for r in self.truth:
            totals = [r.s4[k].value or 0 for k in r.s4 if k.endswith("_total")]
            if r.year == year and any(totals):
                out[r.agency or ""] = int(r.s4["review_total"].value or 0)
        return out


@pytest.fixture(scope="module")
def demo_store(
    tmp_path_factory: pytest.TempPathFactory, shared_embedder: CachedEmbedder
) -> DemoStore:
    folder = tmp_path_factory.mktemp("demo")
    write_demo_corpus(folder, n_agencies=8, years=(2023, 2024), seed=7,
                      kinds=[FileKind.TAB, FileKind.HTML])  # fmt: skip
    truth = [Report.model_validate_json(line) for line in (folder / "expected.jsonl").open()]
    data = tmp_path_factory.mktemp("demo-data")
    engine = Engine(Settings(data_dir=data), embedder=shared_embedder)
    outcomes = engine.ingest([folder])
    engine.close()
    assert all(o.status.value != "failed" for o in outcomes)
    return DemoStore(data, truth)
