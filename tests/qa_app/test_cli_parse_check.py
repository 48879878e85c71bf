"""`govqa parse` and `govqa check`: output shapes and exit codes are a contract."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from qa_app.cli import main
from tests.conftest import seed_path


def test_parse_json_prints_the_report_record() -> None:
    result = CliRunner().invoke(main, ["parse", str(seed_path("003")), "--json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
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
    total = record["s3"]["new_received"]["total"]
    assert (total["value"], total["raw"], total["status"]) == (36, "36", "number")
    assert record["s3"]["new_received"]["total"]["source"]["line"] == 49


def test_parse_of_a_missing_file_is_an_error_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    result = CliRunner().invoke(main, ["parse", str(missing), "--json"])
    assert result.exit_code == 1
    assert "Error:" in result.output and "nope.txt" in result.output


def test_parse_of_a_file_that_is_not_a_report_fails_with_the_reason(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("会议通知\n请各单位于周五前报送材料。\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["parse", str(note)])
    assert result.exit_code == 1
    assert "note.txt" in result.output and "does not look like" in result.output


def test_check_lists_problems_and_keeps_going_past_a_bad_file(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.txt").write_bytes(seed_path("000").read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(main, ["check", str(folder), "--json"])
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert len(payload["failed_files"]) == 1 and "empty.txt" in payload["failed_files"][0]
    assert payload["problems"], "seed 000 has blank cells, so some identities are not assessable"
    assert {p["check"]["outcome"] for p in payload["problems"]} == {"not_assessable"}
    assert all(p["check"]["cells"] for p in payload["problems"])
    assert {p["agency"] for p in payload["problems"]} == {"获嘉县政务服务和大数据管理局"}


def test_check_of_clean_reports_exits_zero() -> None:
    result = CliRunner().invoke(main, ["check", str(seed_path("003"))])
    assert result.exit_code == 0, result.output
    assert "0 failed identities" in result.output
