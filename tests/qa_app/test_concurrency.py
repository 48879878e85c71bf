"""Two writers on one data dir: the second is refused at once with who holds the lock. A
reader during an ingest sees a report either as it was or as it became, never half of each."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from index.embedding_cache import CachedEmbedder
from index.filters import ReportFilter
from index.lock import BusyError, writer_lock
from index.queries import ReadOnlyStore
from index.sqlstore import sqlite_url
from qa_app.cli import main
from qa_app.engine import Engine
from qa_app.execution.executor import Executor
from qa_app.question.plan import Intent, Metric, QueryPlan
from qa_app.settings import Settings
from tests.bad_inputs.generate import report_text, with_s2_row, with_s3_total


def test_a_second_writer_is_refused_naming_the_holder(tmp_path: Path) -> None:
    data = tmp_path / "data"
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from pathlib import Path
            from index.lock import writer_lock
            with writer_lock(Path({str(data)!r})):
                print("held", flush=True)
                time.sleep(60)
            """)],
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        (tmp_path / "r.txt").write_text(report_text(0), encoding="utf-8")
        result = CliRunner().invoke(
            main, ["ingest", str(tmp_path / "r.txt"), "--data-dir", str(data)]
        )
        assert result.exit_code != 0
        assert f"another govqa process (pid {holder.pid}) is writing to {data}" in result.output
        with pytest.raises(BusyError), writer_lock(data):
            pass
    finally:
        holder.kill()
        holder.wait()
    with writer_lock(data):  # released when its holder died
        pass
    assert not (data / "govqa.sqlite3").exists() or Engine(Settings(data_dir=data)).reports() == []


def _lookup(key: str) -> QueryPlan:
    return QueryPlan(
        intent=Intent.LOOKUP,
        metrics=[Metric(key="regulations_issued"), Metric(key="new_received")],
        filters=ReportFilter(years=[2024], agency_keys=[key]),
    )


@pytest.mark.slow
def test_a_reader_during_an_ingest_sees_whole_reports(
    tmp_path: Path, shared_embedder: CachedEmbedder
) -> None:
    data = tmp_path / "data"
    old = report_text(0)
    new = with_s3_total(with_s2_row(old, "规章", "987"), "一、本年新收", "4321")
    first = tmp_path / "first"
    first.mkdir()
    (first / "agency.txt").write_text(old, encoding="utf-8")
    engine = Engine(Settings(data_dir=data), embedder=shared_embedder)
    (stored,) = engine.ingest([first])
    key = engine.show(stored.report_id or "").agency_key
    engine.close()
    assert key is not None
    second = tmp_path / "second"
    second.mkdir()
    (second / "agency-revised.txt").write_text(new, encoding="utf-8")
    for i in range(1, 10):  # more files: the ingest takes a while and goes through the pool
        (second / f"other-{i}.txt").write_text(report_text(i), encoding="utf-8")
    store = ReadOnlyStore.open(sqlite_url(data))
    executor = Executor(store)
    seen: set[tuple[object, ...]] = set()
    writer = subprocess.Popen(
        [sys.executable, "-m", "qa_app", "ingest", str(second), "--data-dir", str(data)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        while True:
            done = writer.poll() is not None
            evidence = executor.run(_lookup(key))
            seen.add((len(evidence.reports), *(f.value for f in evidence.facts)))
            if done:
                break
            time.sleep(0.005)
    finally:
        writer.kill() if writer.poll() is None else None
        store.dispose()
    assert writer.returncode == 0, writer.stderr.read() if writer.stderr else ""
    first_values = next(v for v in seen if v[1] != 987)
    assert seen <= {first_values, (1, 987, 4321)}, seen  # one report, all old or all new
    assert (1, 987, 4321) in seen and first_values[0] == 1
