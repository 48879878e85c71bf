"""After an ingest has embedded the passages, the problems sections' points are in the
embedding cache too: the first summary question embeds nothing while the user waits."""

from __future__ import annotations

from pathlib import Path

from index.embedding_cache import CachedEmbedder
from qa_app.engine import Engine
from qa_app.settings import Settings
from synthetic import FileKind, write_demo_corpus


def test_a_summary_after_ingest_reads_every_point_from_the_cache(
    tmp_path: Path, shared_embedder: CachedEmbedder
) -> None:
    write_demo_corpus(
        tmp_path / "in", n_agencies=2, years=(2023, 2024), seed=11, kinds=[FileKind.TAB]
    )
    engine = Engine(Settings(data_dir=tmp_path / "data"), embedder=shared_embedder)
    run = engine.ingest_run([tmp_path / "in"])
    assert run.embedding is not None and run.embedding.error is None, run.embedding
    cache = engine.corpus.embedder
    before = cache.misses
    agency = engine.reports()[0].agency
    for question in ("总结各单位存在的主要问题", f"{agency}说要改进但第二年又出现的问题"):
        answer = engine.ask(question)
        assert answer.themes is not None and answer.themes.themes, answer.answer
    assert cache.misses == before  # every point was embedded by the ingest
    assert cache.hits > 0
    engine.close()
