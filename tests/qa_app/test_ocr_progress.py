"""`govqa ingest` progress names each file as it is done, and for a scan how fast OCR read it
(the rate comes from the report's own OCR warning)."""

from __future__ import annotations

from qa_app.cli.store import _described
from qa_app.engine import IngestOutcome, IngestStatus


def test_progress_shows_ocr_pages_per_second_for_a_scan() -> None:
    scan = IngestOutcome(
        path="/field/县政府2024年报-扫描.pdf",
        status=IngestStatus.WARNINGS,
        warnings=["read by OCR: 2 page(s) in 8.0 s (0.25 pages/s); numbers were checked"],
    )
    assert _described(scan) == "县政府2024年报-扫描.pdf · OCR 0.25 pages/s"
    text = IngestOutcome(path="/field/a.txt", status=IngestStatus.INGESTED)
    assert _described(text) == "a.txt"
