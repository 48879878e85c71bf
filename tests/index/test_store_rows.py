"""The rows a parser process builds (index/store_rows.py, via index/parse_worker.py) are the
report: stored by the writer's plain inserts and read back, they give the parsed record, cell
for cell (decimals exact), and the passages with their keyword tokens."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from index.chunking import chunk_report
from index.parse_worker import parse_job
from index.sqlstore import SqlStore, sqlite_url
from ingest.parse import parse_bytes
from tests.conftest import seed_path

SEEDS = ("000", "001", "002", "003", "004")


@pytest.mark.parametrize("prefix", SEEDS)
def test_rows_from_a_worker_store_the_parsed_report(prefix: str, tmp_path: Path) -> None:
    path = seed_path(prefix)
    data = path.read_bytes()
    rows, error = pickle.loads(pickle.dumps(parse_job((str(path), data, None))))  # as sent
    assert error is None and rows is not None
    report = parse_bytes(data, str(path))
    store = SqlStore(sqlite_url(tmp_path))
    store.insert_rows(rows)
    store.complete(rows.id)
    stored = store.report(report.id)
    assert stored.model_dump() == report.model_dump()
    by_id = sorted(chunk_report(report), key=lambda p: p.id)
    assert sorted(store.passages([report.id]), key=lambda p: p.id) == by_id
    store.dispose()


def test_a_failed_parse_comes_back_as_its_reason() -> None:
    rows, error = parse_job(("empty.txt", b"", None))
    assert rows is None and error
