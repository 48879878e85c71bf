"""Ingest with the real stores: same bytes change nothing, a changed file replaces its report
everywhere, remove removes it everywhere, and the three stores always agree.

Every test runs twice: on the embedded defaults (SQLite file, Chroma PersistentClient) and on
servers (a real PostgreSQL and a real `chroma run`, both on loopback), with the bundled e5
model and jieba BM25 in both."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from index.embedders import E5Embedder
from ingest.errors import ReportNotFoundError
from qa_app.engine import Engine, IngestStatus
from qa_app.settings import Settings
from tests.conftest import seed_path
from tests.servers import chroma_server, fresh_database


@pytest.fixture(scope="module")
def e5() -> E5Embedder:
    return E5Embedder()


MakeEngine = Callable[[Path, E5Embedder], Engine]


@pytest.fixture(params=["embedded", "servers"])
def make_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[MakeEngine]:
    """Engines over SQLite + embedded Chroma, or over PostgreSQL + a Chroma server."""
    engines: list[Engine] = []
    with ExitStack() as stack:

        def build(data_dir: Path, e5: E5Embedder) -> Engine:
            settings = Settings(data_dir=data_dir)
            if request.param == "servers":
                admin = request.getfixturevalue("postgres")
                name = f"t{len(engines)}_{abs(hash(request.node.nodeid)) % 10**9}"
                chroma = stack.enter_context(chroma_server(tmp_path / f"chroma{len(engines)}"))
                settings = Settings(
                    data_dir=data_dir, db_url=fresh_database(admin, name), chroma_url=chroma
                )
            engine = Engine(settings, embedder=e5)
            engines.append(engine)
            return engine

        yield build
        for engine in engines:
            engine.close()


def assert_stores_agree(engine: Engine) -> None:
    """SQL passages of complete reports = BM25 ids, and their narrative ones = Chroma ids (the
    table-facts passage is for keyword search only); nothing pending."""
    corpus = engine.corpus
    passages = corpus.sql.passages()
    sql_ids = {p.id for p in passages}
    assert corpus.sql.ids(state="pending") == []
    assert corpus.vectors.ids() == {p.id for p in passages if p.section != "facts"}
    assert set(corpus.retriever().keyword.ids) == sql_ids


def test_ingest_then_reingest_changes_nothing(
    tmp_path: Path, e5: E5Embedder, make_engine: MakeEngine
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for prefix in ("001", "003"):
        (folder / f"{prefix}.txt").write_bytes(seed_path(prefix).read_bytes())
    engine = make_engine(tmp_path / "data", e5)
    first = engine.ingest([folder])
    assert [o.status for o in first] == [IngestStatus.INGESTED, IngestStatus.INGESTED]
    rows = engine.reports()
    assert {r.agency for r in rows} == {"朝阳县人民政府办公室", "郏县人民政府"}
    assert_stores_agree(engine)
    vectors_before = engine.corpus.vectors.count()
    misses_before = engine.corpus.embedder.misses

    again = engine.ingest([folder])
    assert [o.status for o in again] == [IngestStatus.UNCHANGED, IngestStatus.UNCHANGED]
    assert engine.corpus.embedder.misses == misses_before
    assert engine.corpus.vectors.count() == vectors_before
    assert [r.id for r in engine.reports()] == [r.id for r in rows]


def test_a_changed_file_for_the_same_agency_and_year_replaces_the_report(
    tmp_path: Path, e5: E5Embedder, make_engine: MakeEngine
) -> None:
    source = tmp_path / "003.txt"
    source.write_bytes(seed_path("003").read_bytes())
    engine = make_engine(tmp_path / "data", e5)
    (old,) = engine.ingest([source])
    corrected = (
        seed_path("003").read_text(encoding="utf-8").replace("1\t2\t2\t2\t7", "1\t2\t2\t3\t8")
    )
    source.write_text(corrected, encoding="utf-8")
    (new,) = engine.ingest([source])
    assert new.replaced == [old.report_id] and new.report_id != old.report_id
    assert [r.id for r in engine.reports()] == [new.report_id]
    assert engine.show(new.report_id).s4["review_total"].value == 8
    with pytest.raises(ReportNotFoundError):
        engine.show(old.report_id)
    assert_stores_agree(engine)
    assert not any(p.report_id == old.report_id for p in engine.corpus.sql.passages())


def test_remove_takes_a_report_out_of_every_store(
    tmp_path: Path, e5: E5Embedder, make_engine: MakeEngine
) -> None:
    engine = make_engine(tmp_path / "data", e5)
    outcomes = engine.ingest([seed_path("001"), seed_path("003")])
    engine.remove(outcomes[0].report_id)
    assert [r.id for r in engine.reports()] == [outcomes[1].report_id]
    assert_stores_agree(engine)
    with pytest.raises(ReportNotFoundError):
        engine.remove(outcomes[0].report_id)


def test_search_finds_the_right_section_of_the_right_report(
    tmp_path: Path, e5: E5Embedder, make_engine: MakeEngine
) -> None:
    engine = make_engine(tmp_path / "data", e5)
    engine.ingest([seed_path(p) for p in ("000", "001", "002", "003", "004")])
    hits = engine.search("依申请公开处理流程有待规范", k=3)
    assert (hits[0].agency, hits[0].section) == ("郏县人民政府", "problems")
    only_2022 = engine.search("依申请公开", k=10, filters=_filters(years=[2022]))
    assert only_2022 and {h.year for h in only_2022} == {2022}


def test_failed_files_are_reported_and_do_not_stop_the_batch(
    tmp_path: Path, e5: E5Embedder, make_engine: MakeEngine
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_empty.txt").write_bytes(b"")
    (folder / "b_note.txt").write_text("会议通知\n请于周五前报送。\n", encoding="utf-8")
    (folder / "c_report.txt").write_bytes(seed_path("003").read_bytes())
    engine = make_engine(tmp_path / "data", e5)
    outcomes = engine.ingest([folder])
    assert [o.status for o in outcomes] == [
        IngestStatus.FAILED,
        IngestStatus.FAILED,
        IngestStatus.INGESTED,
    ]
    assert "a_empty.txt" in (outcomes[0].reason or "") and "empty" in (outcomes[0].reason or "")
    assert "does not look like" in (outcomes[1].reason or "")
    assert len(engine.reports()) == 1


def _filters(**kwargs):  # type: ignore[no-untyped-def]
    from index.retrieval import SearchFilters

    return SearchFilters(**kwargs)
