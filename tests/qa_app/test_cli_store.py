"""`govqa ingest / reports / show / remove / search`: shapes and exit codes are a contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from qa_app.cli import main
from tests.conftest import seed_path


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("in")
    for prefix in ("001", "003"):
        (folder / f"{prefix}.txt").write_bytes(seed_path(prefix).read_bytes())
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n%truncated")
    data = tmp_path_factory.mktemp("data")
    result = CliRunner().invoke(main, ["ingest", str(folder), "--data-dir", str(data), "--json"])
    assert result.exit_code == 1, result.output  # one file failed
    outcomes = json.loads(result.stdout)
    assert [o["status"] for o in outcomes] == ["ingested", "ingested", "failed"]
    assert "broken.pdf" in outcomes[2]["reason"]
    return data


def _run(*args: str) -> object:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_reports_json_has_one_row_per_report(data_dir: Path) -> None:
    rows = _run("reports", "--data-dir", str(data_dir), "--json")
    assert [(r["agency"], r["year"]) for r in rows] == [
        ("朝阳县人民政府办公室", 2021),
        ("郏县人民政府", 2024),
    ]
    assert {"id", "agency", "region", "year", "format_version", "checks"} <= rows[0].keys()
    assert rows[1]["checks"]["fail"] == 0 and rows[1]["checks"]["pass"] > 0


def test_show_json_is_the_full_record(data_dir: Path) -> None:
    rows = _run("reports", "--data-dir", str(data_dir), "--json")
    record = _run("show", rows[1]["id"], "--data-dir", str(data_dir), "--json")
    assert {
        "id",
        "agency",
        "region",
        "year",
        "format_version",
        "source",
        "s2",
        "s3",
        "s4",
        "sections",
        "checks",
        "warnings",
    } <= record.keys()
    assert record["s4"]["review_total"]["value"] == 7
    assert record["s2"]["admin_fee_amount_wan"]["value"] == 2561.768


def test_show_of_an_unknown_id_is_an_error_naming_it(data_dir: Path) -> None:
    result = CliRunner().invoke(main, ["show", "rnope", "--data-dir", str(data_dir)])
    assert result.exit_code == 1 and "rnope" in result.output and "govqa reports" in result.output


def test_search_json_returns_passages_with_provenance(data_dir: Path) -> None:
    hits = _run(
        "search", "依申请公开处理流程有待规范", "--data-dir", str(data_dir), "--json", "-k", "3"
    )
    assert hits[0]["agency"] == "郏县人民政府" and hits[0]["section"] == "problems"
    assert {"report_id", "year", "text", "score", "dense_rank", "keyword_rank"} <= hits[0].keys()
    only = _run("search", "政府信息", "--data-dir", str(data_dir), "--json", "--year", "2021")
    assert only and {h["year"] for h in only} == {2021}


def test_reingest_reports_unchanged_and_exits_zero(data_dir: Path) -> None:
    result = CliRunner().invoke(
        main, ["ingest", str(seed_path("003")), "--data-dir", str(data_dir), "--json"]
    )
    assert result.exit_code == 0
    assert [o["status"] for o in json.loads(result.stdout)] == ["unchanged"]


def test_remove_then_the_report_is_gone(data_dir: Path, tmp_path: Path) -> None:
    rows = _run("reports", "--data-dir", str(data_dir), "--json")
    result = CliRunner().invoke(main, ["remove", rows[0]["id"], "--data-dir", str(data_dir)])
    assert result.exit_code == 0
    after = _run("reports", "--data-dir", str(data_dir), "--json")
    assert [r["id"] for r in after] == [rows[1]["id"]]
