"""The demo corpus, in every format, parses back to the generator's truth (expected.jsonl):
every cell right, or ambiguous where a crawler dump admits more than one split."""

from __future__ import annotations

from pathlib import Path

from ingest.discover import discover
from ingest.parse import parse_file
from ingest.schema import CellStatus, Report
from synthetic import write_demo_corpus


def _cells(report: Report) -> dict[tuple[str, str, str], tuple[object, CellStatus]]:
    out = {("s2", f, ""): (c.value, c.status) for f, c in report.s2.items()}
    out |= {
        ("s3", r, k): (c.value, c.status) for r, cols in report.s3.items() for k, c in cols.items()
    }
    return out | {("s4", f, ""): (c.value, c.status) for f, c in report.s4.items()}


def test_every_file_of_the_demo_corpus_parses_to_its_truth(tmp_path: Path) -> None:
    write_demo_corpus(tmp_path, n_agencies=10, years=(2020, 2022, 2024), seed=7)
    truth = {
        r.source.path: r
        for r in map(Report.model_validate_json, (tmp_path / "expected.jsonl").open())
    }
    formats = set()
    for candidate in discover([tmp_path]):
        expected = truth[candidate.path.name]
        parsed = parse_file(candidate.path, candidate.entry)
        formats.add(parsed.source.format)
        assert parsed.source.format is expected.source.format
        assert (parsed.agency, parsed.region, parsed.year) == (
            expected.agency,
            expected.region,
            expected.year,
        ), candidate.path.name
        got, want = _cells(parsed), _cells(expected)
        wrong = {k: (got[k], want[k]) for k in want if got[k] != want[k]}
        assert all(g[1] is CellStatus.AMBIGUOUS for g, _ in wrong.values()), (
            candidate.path.name,
            wrong,
        )
    assert len(formats) == 5
