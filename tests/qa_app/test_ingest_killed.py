"""SIGKILL during `govqa ingest`, then a rerun, gives exactly the stores of one clean run:
no duplicate reports or passages, no orphan vectors, nothing left pending."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index.embedders import E5Embedder
from qa_app.engine import Engine
from qa_app.settings import Settings
from tests.conftest import seed_path

SEEDS = ("000", "001", "002", "003", "004")


def _ingest_command(folder: Path, data_dir: Path) -> list[str]:
    return [sys.executable, "-m", "qa_app", "ingest", str(folder), "--data-dir", str(data_dir)]


def _stored_reports(data_dir: Path) -> int:
    db = data_dir / "govqa.sqlite3"
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("select count(*) from reports").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def _kill_when(proc: subprocess.Popen[bytes], data_dir: Path, reports: int, delay: float) -> None:
    """SIGKILL once `reports` rows exist (pending or complete) and `delay` more seconds pass."""
    deadline = time.monotonic() + 300
    while _stored_reports(data_dir) < reports and proc.poll() is None:
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("ingest made no progress in 300 s")
        time.sleep(0.01)
    time.sleep(delay)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()


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


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    folder = tmp_path_factory.mktemp("in")
    for prefix in SEEDS:
        (folder / f"{prefix}.txt").write_bytes(seed_path(prefix).read_bytes())
    clean = tmp_path_factory.mktemp("clean")
    subprocess.run(_ingest_command(folder, clean), check=True, capture_output=True)
    return folder, _snapshot(clean)


@pytest.mark.slow
@pytest.mark.parametrize(("after_reports", "delay"), [(1, 0.0), (2, 0.3), (4, 0.05)])
def test_a_killed_ingest_rerun_equals_a_clean_run(
    tmp_path: Path, corpus: tuple[Path, dict[str, object]], after_reports: int, delay: float
) -> None:
    folder, clean = corpus
    data_dir = tmp_path / "data"
    proc = subprocess.Popen(
        _ingest_command(folder, data_dir), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _kill_when(proc, data_dir, after_reports, delay)
    assert proc.returncode == -signal.SIGKILL
    rerun = subprocess.run(_ingest_command(folder, data_dir), capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert _snapshot(data_dir) == clean
    assert clean["passages"] == clean["keywords"] and clean["vectors"] == clean["narrative"]
