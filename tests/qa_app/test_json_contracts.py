"""The JSON keys of every `--json` command, pinned exactly: scripts outside the project read them
(design.md's CLI contract). A model may change inside; these keys may not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from qa_app.cli import main
from tests.conftest import seed_path
from tests.factories import make_report, render_report_text

IDENTITY = {"id", "agency", "agency_key", "region", "year"}
REPORT_ROW = IDENTITY | {
    "format_version", "source_path", "sha256", "ingested_at", "state", "checks",
}  # fmt: skip
RECORD = IDENTITY | {
    "format_version", "source", "meta", "s2", "s3", "s4", "sections", "checks", "warnings",
}  # fmt: skip
ANSWER = {
    "question", "answer", "facts", "derived", "passages", "verified", "mismatches", "coverage",
    "plan", "chart", "themes", "recurrence", "notes", "settings_hash",
}  # fmt: skip
THEMES = {"section", "reports_considered", "reports_by_year", "themes", "long_tail"}
THEME = {"label", "reports", "share", "reports_by_year", "examples", "members"}
THEME_POINT = {"report_id", "agency", "year", "text", "passage_ids"}
FACT = {"report_id", "agency", "region", "year", "field", "column", "value", "status", "raw",
        "source"}  # fmt: skip
CITATION = {"passage_id", "report_id", "agency", "year", "section", "text", "start", "end"}
HIT = {
    "passage_id", "report_id", "agency", "year", "region", "section", "position", "text",
    "start", "end", "score", "dense_rank", "keyword_rank",
}  # fmt: skip
PLAN_FILTERS = {"years", "agency_keys", "regions", "level"}
PROBLEM = {"report_id", "agency", "year", "check"}
CHECK = {"rule", "scope", "outcome", "cells", "lhs", "rhs", "message"}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("in")
    for prefix in ("001", "003"):
        (folder / f"{prefix}.txt").write_bytes(seed_path(prefix).read_bytes())
    data = tmp_path_factory.mktemp("data")
    result = CliRunner().invoke(main, ["ingest", str(folder), "--data-dir", str(data), "--json"])
    assert result.exit_code == 0, result.output
    return data


def _run(*args: str, code: int = 0) -> object:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == code, result.output
    return json.loads(result.stdout)


def test_reports_rows_keep_their_keys(data_dir: Path) -> None:
    rows = _run("reports", "--data-dir", str(data_dir), "--json")
    assert [set(r) for r in rows] == [REPORT_ROW, REPORT_ROW]


def test_show_and_parse_print_the_record_with_its_keys(data_dir: Path) -> None:
    rows = _run("reports", "--data-dir", str(data_dir), "--json")
    assert set(_run("show", rows[0]["id"], "--data-dir", str(data_dir), "--json")) == RECORD
    assert set(_run("parse", str(seed_path("003")), "--json")) == RECORD


def test_ask_facts_keep_the_contract_keys(data_dir: Path) -> None:
    answer = _run("ask", "郏县人民政府2024年收到多少申请？", "--data-dir", str(data_dir), "--json")
    assert set(answer) == ANSWER
    assert answer["facts"] and all(set(f) == FACT for f in answer["facts"])
    assert set(answer["plan"]["filters"]) == PLAN_FILTERS


def test_ask_passages_keep_their_keys(data_dir: Path) -> None:
    question = "总结郏县人民政府2024年存在的主要问题"
    answer = _run("ask", question, "--data-dir", str(data_dir), "--json")
    assert answer["passages"] and all(set(p) == CITATION for p in answer["passages"])


def test_ask_themes_keep_their_keys(data_dir: Path) -> None:
    answer = _run("ask", "总结各单位存在的主要问题", "--data-dir", str(data_dir), "--json")
    themes = answer["themes"]
    assert set(themes) == THEMES
    assert all(set(t) == THEME for t in themes["themes"])
    points = [p for t in themes["themes"] for p in t["members"] + t["examples"]]
    points += themes["long_tail"]
    assert points and all(set(p) == THEME_POINT for p in points)


def test_search_hits_keep_their_keys(data_dir: Path) -> None:
    hits = _run("search", "存在的主要问题", "--data-dir", str(data_dir), "--json")
    assert hits and all(set(h) == HIT for h in hits)


def test_check_problems_keep_their_keys(data_dir: Path, tmp_path: Path) -> None:
    stored = _run("check", "--data-dir", str(data_dir), "--json")
    assert set(stored) == {"problems", "failed_files"}
    bad = tmp_path / "bad.txt"  # H4 fails: a review total that is not the sum of its results
    report = make_report(s4={"review_upheld": 2, "review_total": 5})
    bad.write_text(render_report_text(report), encoding="utf-8")
    on_files = _run("check", str(bad), "--json")
    problems = stored["problems"] + on_files["problems"]
    assert problems and all(set(p) == PROBLEM for p in problems)
    assert all(set(p["check"]) == CHECK for p in problems)
