"""A demo corpus on disk: rendered reports, a partial manifest, and the generator's truth.

Later tests and demos parse the files and compare with `expected.jsonl`, one record per file in
file order. Writing is deterministic and idempotent: the same arguments give the same bytes.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Sequence
from pathlib import Path

from ingest.schema import Report
from synthetic.formats import FileKind, render_file
from synthetic.records import derive_seed, generate_corpus

MANIFEST = "manifest.csv"
EXPECTED = "expected.jsonl"
MANIFEST_FIELDS = ("file", "agency", "region", "year", "url")
# How often each kind of file appears: text layouts most, then web pages, Word, PDF, dumps.
_MIX: tuple[FileKind, ...] = (
    FileKind.TAB, FileKind.TAB, FileKind.PIPE, FileKind.PIPE, FileKind.PDF_TEXT,
    FileKind.PDF_TEXT, FileKind.OCR, FileKind.HTML, FileKind.HTML, FileKind.HTML_GBK,
    FileKind.DOCX, FileKind.DOCX, FileKind.PDF, FileKind.PDF, FileKind.CRAWLER,
)  # fmt: skip


def _kind(seed: int, report: Report, mix: Sequence[FileKind]) -> FileKind:
    return mix[derive_seed(seed, report.id, "style") % len(mix)]


def _file_name(index: int, report: Report, suffix: str) -> str:
    """Half the files are named by their title, half by id: metadata must come from the text."""
    if index % 2 == 0:
        return f"{report.agency}{report.year}年政府信息公开工作年度报告{suffix}"
    return f"{report.id}{suffix}"


def _in_manifest(seed: int, report: Report) -> bool:
    return derive_seed(seed, report.id, "manifest") % 3 == 0


def _url(report: Report) -> str:
    return f"https://xxgk.example/{report.year}/{report.id}.html"


def write_demo_corpus(
    out_dir: Path,
    *,
    n_agencies: int = 30,
    years: Sequence[int] = (2020, 2021, 2022, 2023, 2024),
    seed: int = 20241,
    kinds: Sequence[FileKind] | None = None,
) -> list[Path]:
    """Write one file per report in mixed formats (text layouts, HTML, DOCX, PDF, crawler
    dumps), `manifest.csv` for about a third of them, and `expected.jsonl` with each file's
    true record. `kinds` restricts the formats used (default: all, in the demo's proportions).
    Returns the report files in order."""
    mix = [k for k in _MIX if kinds is None or k in kinds]
    if not mix:
        raise ValueError(f"no file kind left to render from {kinds!r}")
    out_dir.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    expected: list[str] = []
    manifest = io.StringIO()
    writer = csv.writer(manifest, lineterminator="\n")
    writer.writerow(MANIFEST_FIELDS)
    for index, report in enumerate(generate_corpus(n_agencies, years, seed)):
        rendered = render_file(report, _kind(seed, report, mix))
        path = out_dir / _file_name(index, report, rendered.suffix)
        data = rendered.data
        _write_if_changed(path, data)
        listed = _in_manifest(seed, report)
        source = report.source.model_copy(
            update={
                "path": path.name,
                "sha256": hashlib.sha256(data).hexdigest(),
                "format": rendered.format,
                "encoding": rendered.encoding,
                "size": len(data),
            }
        )
        meta = report.meta.model_copy(update={"url": _url(report) if listed else None})
        truth = report.model_copy(update={"source": source, "meta": meta})
        expected.append(truth.model_dump_json())
        if listed:
            writer.writerow((path.name, report.agency, report.region, report.year, _url(report)))
        paths.append(path)
    _write_if_changed(out_dir / MANIFEST, manifest.getvalue().encode("utf-8"))
    _write_if_changed(out_dir / EXPECTED, ("\n".join(expected) + "\n").encode("utf-8"))
    return paths


def _write_if_changed(path: Path, data: bytes) -> None:
    """Leave identical files untouched (so their mtimes say nothing changed)."""
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)
