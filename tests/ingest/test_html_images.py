"""Web pages whose tables are pasted in as pictures: an HTML report whose tables 三 and 四 are
images (one a file next to the page, one a data URI) parses like its all-HTML twin. Expected
values come from the twin and the generator's record."""

from __future__ import annotations

import base64
import os
import re
from pathlib import Path

import pytest

from ingest.parse import parse_document
from ingest.readers import document_from_bytes
from ingest.readers.html_images import image_source
from ingest.template import SectionKey
from synthetic import generate_corpus
from synthetic.render_html import render_html
from synthetic.render_scan import table_image

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def _table(page: str, *marks: str) -> str:
    tables = re.findall(r"<table\b.*?</table>", page, flags=re.S)
    return next(t for t in tables if all(m in t for m in marks))


def _values(report: object) -> dict[str, object]:
    s3 = {f"{r}.{c}": cell.value for r, cols in report.s3.items() for c, cell in cols.items()}  # type: ignore[attr-defined]
    s4 = {k: cell.value for k, cell in report.s4.items()}  # type: ignore[attr-defined]
    s2 = {k: cell.value for k, cell in report.s2.items()}  # type: ignore[attr-defined]
    return {"s2": s2, "s3": s3, "s4": s4}


def test_tables_pasted_as_images_parse_like_the_all_html_twin(tmp_path: Path) -> None:
    record = generate_corpus(2, (2023,), 17)[1]
    page = render_html(record).decode()
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "t3.png").write_bytes(table_image(record, SectionKey.REQUESTS))
    four = base64.b64encode(table_image(record, SectionKey.APPEALS)).decode()
    pictured = page.replace(
        _table(page, "申请人情况"), '<p><img src="img/t3.png" width="600"></p>'
    ).replace(_table(page, "复议", "维持"), f'<img src="data:image/png;base64,{four}">')
    assert "申请人情况" not in pictured and "结果维持" not in pictured
    (tmp_path / "report.html").write_text(pictured, encoding="utf-8")

    twin = parse_document(document_from_bytes(page.encode(), "twin.html"))
    doc = document_from_bytes(pictured.encode(), str(tmp_path / "report.html"))
    got = parse_document(doc)

    assert _values(got) == _values(twin)
    assert got.s3["total_processed"]["total"].value == record.s3["total_processed"]["total"].value
    source = got.s3["new_received"]["natural_person"].source
    assert source is not None and source.page == 1 and source.bbox is not None
    assert got.s4["review_total"].source.page == 2  # type: ignore[union-attr]
    assert doc.ocr is not None and doc.ocr.pages == 2
    assert any(w.code == "ocr" for w in got.warnings)


def test_an_image_the_page_cannot_reach_is_named_not_fetched(tmp_path: Path) -> None:
    page = str(tmp_path / "a" / "report.html")
    (tmp_path / "secret.png").write_bytes(b"\x89PNG")
    assert image_source("https://example.org/t3.png", page)[0] is None
    assert "offline" in image_source("https://example.org/t3.png", page)[1]
    assert "outside" in image_source("../secret.png", page)[1]
    assert "no file" in image_source("img/none.png", page)[1]
    data = base64.b64encode(b"abc").decode()
    assert image_source(f"data:image/png;base64,{data}", page) == (b"abc", "")


@pytest.mark.parametrize("src", ["https://example.org/t.png", "img/missing.png"])
def test_a_report_image_that_cannot_be_read_is_a_warning(tmp_path: Path, src: str) -> None:
    record = generate_corpus(1, (2023,), 17)[0]
    page = render_html(record).decode()
    broken = page.replace(_table(page, "复议", "维持"), f'<img src="{src}">')
    (tmp_path / "r.html").write_text(broken, encoding="utf-8")
    got = parse_document(document_from_bytes(broken.encode(), str(tmp_path / "r.html")))
    assert any(w.code == "html_image" and src[:20] in w.message for w in got.warnings)
    assert got.s4 == {} or all(c.value is None for c in got.s4.values())
