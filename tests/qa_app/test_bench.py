"""`govqa bench` at a small size: every phase and target is reported (timings are not
asserted; the figures come from the machine, the shape is the contract)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from qa_app.cli import main

EXPECTED_PHASES = {
    "parse text",
    "parse html",
    "parse docx",
    "parse pdf",
    "parse text (2 processes)",
    "OCR scanned pages",
    "load sql",
    "structured query",
    "ask (no LLM)",
    "embed e5 (cold)",
    "embed re-ingest (cached)",
    "ingest embedding before: per report, all passages",
    "ingest embedding after: window batch, narrative only",
    "index vectors",
    "index bm25",
    "hybrid retrieval",
}


def test_a_small_bench_reports_every_figure() -> None:
    result = CliRunner().invoke(
        main,
        [
            "bench",
            "--sizes",
            "20,200",
            "--passages",
            "500",
            "--embed-sample",
            "8",
            "--embed-window",
            "2",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    phases = report["phases"]
    names = {p["name"] for p in phases}
    themes = {n for n in names if n.startswith("themes over ") and n.endswith(" reports (cached)")}
    assert len(themes) == 1, names  # named by how many reports it summarized
    assert names - themes == EXPECTED_PHASES
    for p in phases:
        assert p["seconds"] > 0 and p["peak_rss_mb"] > 0, p
        assert (p["rate"] is not None) or (p["p50_ms"] is not None and p["p95_ms"] is not None), p
    per_size = {(p["name"], p["size"]) for p in phases if p["size"] is not None}
    for size in (20, 200):
        assert {("load sql", size), ("structured query", size), ("ask (no LLM)", size)} <= per_size
    assert ("hybrid retrieval", 500) in per_size
    assert set(report["growth"]) == {
        "load sql seconds",
        "structured query p50_ms",
        "ask (no LLM) p50_ms",
    }
    assert {t["what"].split(" at ")[0] for t in report["targets"]} >= {
        "parse text reports, 2 processes",
        "parse HTML reports",
        "OCR scanned pages",
        "structured query p95",
        "ask (no LLM) p95",
        "hybrid retrieval p95",
        "peak RSS",
        "ingest embedding (narrative, batched vs per report, all passages)",
    }
    window = [p for p in phases if p["name"].startswith("ingest embedding")]
    assert [p["count"] for p in window] == [2, 2]
    cached = next(p for p in phases if p["name"] == "embed re-ingest (cached)")
    cold = next(p for p in phases if p["name"] == "embed e5 (cold)")
    assert cached["count"] == cold["count"] == 8


def test_bad_sizes_are_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["bench", "--sizes", "ten"])
    assert result.exit_code == 2 and "100,1000,10000" in result.output
