"""Stores that drift apart are noticed and repaired: a data dir whose chroma/ folder was
deleted (or a Chroma server reset) is reported by every answer and by the app's sidebar, and the
next `govqa ingest` — all files unchanged — or `govqa embed` restores the vectors from the
embedding cache without parsing or embedding anything again. A report stored with
--tables-only is answerable from its tables at once and searchable by meaning after embed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from index.embedders import E5Embedder
from qa_app.engine import Engine, IngestStatus
from qa_app.settings import Settings
from tests.app.conftest import open_app
from tests.bad_inputs.generate import report_text

FILES = 4


@pytest.fixture(scope="module")
def e5() -> E5Embedder:
    return E5Embedder()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(FILES):
        (folder / f"report-{i:02d}.txt").write_text(report_text(i), encoding="utf-8")
    return folder


def _narrative(engine: Engine) -> set[str]:
    return {p.id for p in engine.corpus.sql.passages() if p.section != "facts"}


def _govqa(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "qa_app", *args], capture_output=True, text=True, check=False
    )


def test_a_deleted_chroma_folder_is_reported_and_restored_from_the_cache(
    tmp_path: Path, folder: Path, e5: E5Embedder
) -> None:
    data = tmp_path / "data"
    first = Engine(Settings(data_dir=data), embedder=e5)
    first.ingest([folder])
    first.close()
    shutil.rmtree(data / "chroma")

    engine = Engine(Settings(data_dir=data), embedder=e5)
    assert engine.corpus.vectors.count() == 0
    note = engine.ask("2024年哪些机关有行政复议？").notes
    assert any("missing" in n and "govqa embed" in n for n in note), note
    misses = engine.corpus.embedder.misses
    run = engine.ingest_run([folder])
    assert {o.status for o in run.outcomes} == {IngestStatus.UNCHANGED}
    assert run.embedding is not None and run.embedding.restored == FILES
    assert engine.corpus.embedder.misses == misses  # from the cache, nothing embedded again
    assert engine.corpus.vectors.ids() == _narrative(engine)
    assert engine.search_note() is None
    assert any(h.dense_rank is not None for h in engine.search("存在的主要问题", k=5))
    engine.close()


def test_the_cli_says_what_it_restored(tmp_path: Path, folder: Path) -> None:
    data = str(tmp_path / "data")
    assert _govqa("ingest", str(folder), "--data-dir", data).returncode == 0
    shutil.rmtree(Path(data) / "chroma")
    rerun = _govqa("ingest", str(folder), "--data-dir", data)
    assert rerun.returncode == 0, rerun.stderr
    assert f"restored lost vectors of {FILES} reports from the embedding cache" in rerun.stderr


def test_tables_only_then_embed(
    tmp_path: Path, folder: Path, e5: E5Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    engine = Engine(Settings(data_dir=data), embedder=e5)
    run = engine.ingest_run([folder], embed=False)
    assert run.embedding is None and len(engine.reports()) == FILES
    waiting = f"{FILES} reports' passages are still being embedded; keyword search covers them"
    assert engine.search_note() == waiting
    answer = engine.ask("2024年哪些机关有行政复议？")
    assert waiting in answer.notes
    assert engine.corpus.vectors.ids() == set()
    app = open_app(data, monkeypatch)
    assert any(waiting in i.value.replace("\\", "") for i in app.sidebar.info)
    done = engine.embed()
    assert done.embedded == FILES and done.waiting == 0 and done.error is None
    assert engine.corpus.vectors.ids() == _narrative(engine)
    assert engine.search_note() is None
    engine.close()
