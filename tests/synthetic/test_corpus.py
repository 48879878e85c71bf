"""The demo corpus: one file per report, a partial manifest, the truth, identical on rewrite."""

from __future__ import annotations

import csv
import hashlib

from ingest.readers import document_from_bytes
from ingest.schema import Report
from synthetic import write_demo_corpus


def _snapshot(directory):
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def test_writes_one_file_per_report_plus_manifest_and_expected(tmp_path):
    paths = write_demo_corpus(tmp_path, n_agencies=4, years=(2020, 2021, 2022), seed=5)
    assert len(paths) == 12 and len(set(paths)) == 12
    assert all(p.parent == tmp_path and p.is_file() for p in paths)
    assert {p.suffix for p in paths} <= {".txt", ".md", ".html", ".docx", ".pdf"}
    names = {p.name for p in tmp_path.iterdir()}
    assert names == {p.name for p in paths} | {"manifest.csv", "expected.jsonl"}


def test_expected_records_match_the_files(tmp_path):
    paths = write_demo_corpus(tmp_path, n_agencies=4, years=(2021, 2022), seed=5)
    lines = (tmp_path / "expected.jsonl").read_text(encoding="utf-8").splitlines()
    records = [Report.model_validate_json(line) for line in lines]
    assert [r.source.path for r in records] == [p.name for p in paths]
    for record, path in zip(records, paths, strict=True):
        data = path.read_bytes()
        assert record.source.sha256 == hashlib.sha256(data).hexdigest()
        assert record.source.size == len(data)
        document = document_from_bytes(data, path.name)
        assert document.format is record.source.format
        text = "".join(line.text for line in document.lines).replace(" ", "")
        assert f"{record.agency}{record.year}年政府信息公开工作年度报告" in text


def test_manifest_lists_a_subset_with_true_metadata(tmp_path):
    write_demo_corpus(tmp_path, n_agencies=6, years=(2021, 2022, 2023), seed=8)
    with (tmp_path / "manifest.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    with (tmp_path / "expected.jsonl").open(encoding="utf-8") as f:
        truth = {r.source.path: r for r in map(Report.model_validate_json, f)}
    assert 0 < len(rows) < len(truth)
    for row in rows:
        assert set(row) == {"file", "agency", "region", "year", "url"}
        record = truth[row["file"]]
        assert (row["agency"], row["region"], int(row["year"])) == (
            record.agency,
            record.region,
            record.year,
        )
        assert row["url"].startswith("https://") and record.meta.url == row["url"]


def test_rewriting_gives_identical_bytes(tmp_path):
    write_demo_corpus(tmp_path / "a", n_agencies=5, years=(2020, 2021), seed=3)
    first = _snapshot(tmp_path / "a")
    write_demo_corpus(tmp_path / "a", n_agencies=5, years=(2020, 2021), seed=3)
    write_demo_corpus(tmp_path / "b", n_agencies=5, years=(2020, 2021), seed=3)
    assert _snapshot(tmp_path / "a") == first == _snapshot(tmp_path / "b")
    write_demo_corpus(tmp_path / "c", n_agencies=5, years=(2020, 2021), seed=4)
    assert _snapshot(tmp_path / "c") != first


def test_default_corpus_is_150_reports_in_every_format(tmp_path):
    paths = write_demo_corpus(tmp_path)
    assert len(paths) == 150
    assert {p.suffix for p in paths} == {".txt", ".md", ".html", ".docx", ".pdf"}
    texts = [p.read_text(encoding="utf-8") for p in paths if p.suffix in (".txt", ".md")]
    # mixed text layouts: tab rows, pipe cells, PDF look-alike characters, crawler runs
    assert any("\t" in t for t in texts) and any("\n||\n" in t for t in texts)
    assert any("⼈" in t or "⾏" in t for t in texts)
    assert any("结转下年度继续办理0" in t for t in texts)
