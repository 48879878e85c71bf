"""SIGKILL during `govqa ingest`, then a rerun, gives exactly the stores of one clean run:
no duplicate reports or passages, no orphan vectors, nothing left pending. The folder has
enough files for the parser processes to be used, and the kill points are spread from the
first stored row to the last window and through the background embedding that follows the
tables (kills after the first and the middle report got its vectors), some of them at random
(seeded) delays."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from index.embedders import E5Embedder
from qa_app.engine import Engine
from qa_app.engine.ingesting import POOL_FROM
from qa_app.settings import Settings
from tests.bad_inputs.generate import report_text

FILES = POOL_FROM + 2


def _ingest_command(folder: Path, data_dir: Path) -> list[str]:
    return [sys.executable, "-m", "qa_app", "ingest", str(folder), "--data-dir", str(data_dir)]


def _stored_rows(data_dir: Path, table: str = "reports") -> int:
    db = data_dir / "govqa.sqlite3"
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute(f"select count(*) from {table}").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def _kill_when(
    proc: subprocess.Popen[bytes],
    data_dir: Path,
    reports: int,
    delay: float,
    table: str = "reports",
) -> None:
    """SIGKILL once `reports` rows exist in `table` (reports: pending or complete;
    embedded_reports: reports whose vectors are stored) and `delay` more seconds pass."""
    deadline = time.monotonic() + 300
    while _stored_rows(data_dir, table) < reports and proc.poll() is None:
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("ingest made no progress in 300 s")
        time.sleep(0.01)
    time.sleep(delay)
    workers = _children(proc.pid)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    _assert_gone(workers)


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process from /proc, or None once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return fields[0], int(fields[1])


def _children(pid: int) -> set[int]:
    """The processes whose parent is `pid` (the ingest's parser workers)."""
    pids = (int(d.name) for d in Path("/proc").iterdir() if d.name.isdigit())
    return {child for child in pids if (_stat(child) or ("", 0))[1] == pid}


def _assert_gone(pids: set[int], wait: float = 10.0) -> None:
    """Orphaned workers must exit by themselves, soon (they would otherwise linger)."""
    deadline = time.monotonic() + wait
    while pids and time.monotonic() < deadline:
        pids = {p for p in pids if (_stat(p) or ("Z", 0))[0] != "Z"}
        time.sleep(0.1)
    assert not pids, f"parser workers {sorted(pids)} outlived the killed ingest"


def _snapshot(data_dir: Path) -> dict[str, object]:
    engine = Engine(Settings(data_dir=data_dir), embedder=E5Embedder())
    corpus = engine.corpus
    engine.reconcile()  # what the next ingest does first; a clean store is unchanged by it
    stored = corpus.sql.passages()
    sql_passages = [p.id for p in stored]
    snapshot = {
        "reports": sorted(r.id for r in engine.reports()),
        "pending": corpus.sql.ids(state="pending"),
        "passages": sorted(sql_passages),
        "duplicates": len(sql_passages) - len(set(sql_passages)),
        "vectors": sorted(corpus.vectors.ids()),
        "narrative": sorted(p.id for p in stored if p.section != "facts"),
        "keywords": sorted(corpus.retriever().keyword.ids),
    }
    engine.close()
    return snapshot


@dataclass
class Clean:
    folder: Path
    snapshot: dict[str, object]
    seconds: float  # how long the clean ingest took


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Clean:
    folder = tmp_path_factory.mktemp("in")
    for i in range(FILES):
        (folder / f"report-{i:02d}.txt").write_text(report_text(i), encoding="utf-8")
    clean = tmp_path_factory.mktemp("clean")
    started = time.monotonic()
    subprocess.run(_ingest_command(folder, clean), check=True, capture_output=True)
    return Clean(folder, _snapshot(clean), time.monotonic() - started)


_RANDOM = random.Random(8)
# (stored rows to wait for, then seconds to wait[, the table to count]) or (fraction of a
# clean run's time); the embedded_reports points kill the background embedding phase.
KillPoint = tuple[int, float] | tuple[int, float, str] | float
KILL_POINTS: list[KillPoint] = [
    (1, 0.0),
    (3, 0.3),
    (FILES - 1, 0.0),
    (1, 0.0, "embedded_reports"),
    (FILES // 2, 0.05, "embedded_reports"),
] + [round(_RANDOM.uniform(0.1, 0.8), 2) for _ in range(4)]


def _killed_ingest(tmp_path: Path, corpus: Clean, point: KillPoint) -> Path:
    """The data dir of an ingest SIGKILLed at `point`. A timed point is a fraction of the
    clean run's time, which a busier or quieter machine can overshoot (the ingest ends before
    the kill): such a point is retried at half the delay, on a fresh data dir, so that every
    run still kills the ingest part-way."""
    for attempt in range(4):
        data_dir = tmp_path / f"data-{attempt}"
        proc = subprocess.Popen(
            _ingest_command(corpus.folder, data_dir),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if isinstance(point, tuple):
            _kill_when(proc, data_dir, *point)
        else:
            _kill_when(proc, data_dir, 0, point * corpus.seconds / 2**attempt)
        if proc.returncode == -signal.SIGKILL or isinstance(point, tuple):
            break
        assert proc.returncode == 0, f"ingest failed before the kill: {proc.returncode}"
    assert proc.returncode == -signal.SIGKILL
    return data_dir


@pytest.mark.slow
@pytest.mark.parametrize("point", KILL_POINTS, ids=str)
def test_a_killed_ingest_rerun_equals_a_clean_run(
    tmp_path: Path, corpus: Clean, point: KillPoint
) -> None:
    data_dir = _killed_ingest(tmp_path, corpus, point)
    rerun = subprocess.run(_ingest_command(corpus.folder, data_dir), capture_output=True, text=True)
    # not refused: no orphaned parser process holds the writer lock
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    clean = corpus.snapshot
    assert _snapshot(data_dir) == clean
    assert clean["passages"] == clean["keywords"] and clean["vectors"] == clean["narrative"]
