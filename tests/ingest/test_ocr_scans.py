"""Scanned reports read by OCR: generated records rendered as damaged page images (render_scan)
parse back to the generated cells, with no wrong number (a cell OCR and the identities cannot
settle is null with a warning). Expected values come from the generator's records."""

from __future__ import annotations

import io
import os
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import pytest
from PIL import Image

from ingest.errors import NeedsOcrError
from ingest.readers import document_from_bytes
from ingest.readers.ocr import OcrTimeoutError
from ingest.readers.pdf import read_pdf
from synthetic.render_scan import CLEAN, image_bytes, scan_pages
from tests.ingest.scan_scoring import Score, scan_case, score_scan

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def test_the_ocr_models_ship_in_the_wheel_and_load_without_network() -> None:
    import rapidocr_onnxruntime

    from ingest.readers.ocr_engine import engine

    models = Path(rapidocr_onnxruntime.__file__).parent / "models"
    names = {p.name for p in models.glob("*.onnx")}
    assert {"ch_PP-OCRv4_det_infer.onnx", "ch_PP-OCRv4_rec_infer.onnx"} <= names
    assert engine().characters[1:11] != []  # the recognizer's alphabet is loaded


@pytest.mark.parametrize("index", [0, 3])
def test_a_damaged_scan_parses_with_no_wrong_number(index: int) -> None:
    _, after, pages_per_second = score_scan(index)
    assert after.wrong == 0, after.wrong_cells
    # the target is 99% over many scans (see README); one scan may lose a few cells
    # to nulls (measured 2026-12-04: 196-200 of 200 per scan)
    assert after.exact / after.cells >= 0.97
    assert pages_per_second > 0


def test_an_upside_down_page_image_is_read_upright() -> None:
    record, _, _ = scan_case(1)
    first = scan_pages(record, CLEAN)[0].rotate(180)
    doc = document_from_bytes(image_bytes(first), "scans/turned.png")
    text = "\n".join(line.text for line in doc.lines)
    assert "主动公开政府信息情况" in text
    assert any("turned 180°" in w.message for w in doc.warnings)


def test_a_blank_image_fails_naming_the_file() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (1240, 1754), "white").save(buffer, "PNG")
    with pytest.raises(NeedsOcrError) as caught:
        document_from_bytes(buffer.getvalue(), "scans/blank.png")
    assert "scans/blank.png" in str(caught.value) and "no text found" in str(caught.value)


def test_a_scan_over_its_time_budget_fails_naming_the_file_and_the_pages() -> None:
    _, _, data = scan_case(0)
    with pytest.raises(OcrTimeoutError) as caught:
        read_pdf(data, "scans/slow.pdf", "0" * 64, ocr_budget=-1.0)
    message = str(caught.value)
    assert "scans/slow.pdf" in message and "budget" in message and "0 of" in message


# The set of 100 scans: 2026-12-04, 99.97% exact before repair, 99.85% after, 0 wrong;
# about 10.4 CPU-seconds a scan (rendering included), so about 9 minutes on two cores (see
# README). GOVQA_SCAN_COUNT sets another count (12 was the earlier CI sample, about 2 minutes).
SCANS = int(os.environ.get("GOVQA_SCAN_COUNT", "100"))


@pytest.mark.slow
@pytest.mark.skipif(SCANS < 1, reason="GOVQA_SCAN_COUNT=0 skips the scan property test")
def test_many_scans_parse_to_the_generated_cells() -> None:
    start = time.monotonic()
    with ProcessPoolExecutor(2, mp_context=get_context("spawn")) as pool:
        results = list(pool.map(score_scan, range(SCANS)))
    wall = time.monotonic() - start
    before = sum((b for b, _, _ in results), Score())
    after = sum((a for _, a, _ in results), Score())
    speed = sum(p for _, _, p in results) / len(results)
    print(
        f"\n{SCANS} scans, {after.cells} cells: exact before identity repair "
        f"{before.exact / before.cells:.2%} ({before.wrong} wrong), after "
        f"{after.exact / after.cells:.2%} ({after.wrong} wrong); OCR {speed:.2f} pages/s; "
        f"rendered and read in {wall:.0f} s on 2 processes (load {os.getloadavg()[0]:.1f})"
    )
    assert after.wrong == 0, after.wrong_cells
    assert after.exact / after.cells >= 0.99
