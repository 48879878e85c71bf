"""Every bad input of tests/bad_inputs/generate.py ingested in one batch into a store that
already holds a report: each file gets its own readable outcome, the batch completes, and the
stored report comes out untouched. A parser process that dies costs only its own file."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from index.embedding_cache import CachedEmbedder
from qa_app.engine import Engine, IngestOutcome
from qa_app.engine.ingesting import POOL_FROM, ParseJob, ParseResult, ParserPool, parse_job
from qa_app.settings import Settings
from tests.bad_inputs.generate import BadInput, cases, report_text

CASES = {case.name: case for case in cases()}
KEPT = 12  # the index of the report stored before the batch


@dataclass
class Batch:
    engine: Engine
    outcomes: dict[str, IngestOutcome]
    kept_id: str
    kept_before: dict[str, object]


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory, shared_embedder: CachedEmbedder) -> Batch:
    kept = tmp_path_factory.mktemp("kept") / "kept.txt"
    kept.write_text(report_text(KEPT), encoding="utf-8")
    engine = Engine(Settings(data_dir=tmp_path_factory.mktemp("data")), embedder=shared_embedder)
    (stored,) = engine.ingest([kept])
    assert stored.report_id is not None
    before = engine.show(stored.report_id).model_dump()
    folder = tmp_path_factory.mktemp("bad")
    for case in CASES.values():
        case.write(folder / case.name)
    outcomes = {Path(o.path).name: o for o in engine.ingest([folder])}
    yield Batch(engine, outcomes, stored.report_id, before)
    engine.close()


@pytest.mark.parametrize("name", list(CASES))
def test_each_bad_input_gets_its_own_outcome(batch: Batch, name: str) -> None:
    case: BadInput = CASES[name]
    outcome = batch.outcomes[name]
    assert outcome.status.value == case.status, outcome
    told = outcome.reason if case.status == "failed" else "\n".join(outcome.warnings)
    for phrase in case.says:
        assert phrase in (told or ""), (phrase, told)
    if case.status == "failed":
        assert outcome.report_id is None and name in (outcome.reason or "")  # names the file
        return
    report = batch.engine.show(outcome.report_id or "")
    assert Path(report.source.path).name == name  # the name is kept as given, never run
    for field, value in case.checks.items():
        cell = report.s2.get(field) or report.s3.get(field, {}).get("total")
        assert cell is not None and cell.value == value, (field, cell)


def test_the_batch_completes_and_the_stored_report_is_untouched(batch: Batch) -> None:
    assert set(batch.outcomes) == set(CASES)  # every file has an outcome; none stopped the rest
    assert len(CASES) >= POOL_FROM  # so the batch went through the parser processes
    assert batch.engine.show(batch.kept_id).model_dump() == batch.kept_before
    stored = {r.id for r in batch.engine.reports()}
    ingested = {o.report_id for o in batch.outcomes.values() if o.report_id}
    assert stored == ingested | {batch.kept_id}
    assert not batch.engine.corpus.sql.ids(state="pending")


def crash_on_boom(job: ParseJob) -> ParseResult:
    """parse_job, except that a file named boom.txt kills its process (as a segfault would)."""
    if Path(job[0]).name == "boom.txt":
        os._exit(11)
    return parse_job(job)


def test_a_parser_process_that_dies_costs_only_its_file() -> None:
    text = report_text(0).encode()
    jobs: list[ParseJob] = [(f"r{i}.txt", text, None) for i in range(POOL_FROM)]
    jobs.insert(3, ("boom.txt", text, None))
    pool = ParserPool(len(jobs), work=crash_on_boom)
    try:
        results = pool.parse(jobs)
        again = pool.parse(jobs[:2])  # the next window gets a working pool
    finally:
        pool.close()
    reasons = [error for _, error in results]
    assert reasons[3] is not None and "parser process died on this file" in reasons[3]
    assert all(report is not None for i, (report, _) in enumerate(results) if i != 3)
    assert all(report is not None for report, _ in again)


@pytest.mark.slow  # a process spawned per file parsed again
def test_a_parser_process_that_dies_while_the_next_window_waits_costs_only_its_file() -> None:
    """The ingest starts the next window's parse before it takes this one's results: the pool
    that broke under this window must not take the next window's parse down with it."""
    text = report_text(0).encode()
    first: list[ParseJob] = [(f"a{i}.txt", text, None) for i in range(3)]
    first.insert(1, ("boom.txt", text, None))
    second: list[ParseJob] = [(f"b{i}.txt", text, None) for i in range(2)]
    third: list[ParseJob] = [("c0.txt", text, None)]
    pool = ParserPool(POOL_FROM, work=crash_on_boom)  # as many files as take the processes
    try:
        pending_first = pool.submit(first)
        pending_second = pool.submit(second)  # queued behind the file that kills its worker
        results_first = pending_first()
        pending_third = pool.submit(third)  # into the pool rebuilt after the crash
        results_second = pending_second()
        results_third = pending_third()
    finally:
        pool.close()
    assert "parser process died on this file" in (results_first[1][1] or "")
    assert all(report is not None for i, (report, _) in enumerate(results_first) if i != 1)
    assert all(report is not None for report, _ in results_second + results_third)
