"""The upload page: files are checked, saved under a safe name inside <data_dir>/uploads/ and
ingested; a hostile name cannot leave the folder, and other types are refused with a reason."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from qa_app.app.uploads import MAX_BYTES, check, safe_name
from tests.app.conftest import open_app
from tests.app.helpers import plain
from tests.conftest import seed_path
from tests.factories import make_report, render_report_text

HOSTILE = "../../etc/报告;rm -rf.txt"


@pytest.fixture
def upload_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[AppTest, Path]:
    data = tmp_path / "data"  # an empty store of its own: these tests add reports
    app = open_app(data, monkeypatch)
    app.switch_page("pages_upload.py").run()
    assert not app.exception, app.exception
    return app, data


def submit(app: AppTest, *files: tuple[str, bytes, str]) -> AppTest:
    app.file_uploader(key="upload_files").set_value(list(files))
    app.button(key="FormSubmitter:upload_form-导入 Ingest").click().run()
    assert not app.exception, app.exception
    return app


def test_a_hostile_name_is_saved_sanitized_in_uploads_and_ingested(upload_page) -> None:  # type: ignore[no-untyped-def]
    app, data = upload_page
    seed = seed_path("003").read_bytes()
    submit(
        app, (HOSTILE, seed, "text/plain"), ("setup.exe", b"MZ\x90\x00", "application/x-msdownload")
    )
    (saved,) = (data / "uploads").iterdir()
    assert saved.name.startswith("报告_rm_-rf-") and saved.suffix == ".txt"
    assert saved.read_bytes() == seed
    assert not (data.parent / "etc").exists() and not (data / "etc").exists()
    (ok,) = [plain(s.value) for s in app.success]
    assert ok.startswith(f"{HOSTILE}") and f"uploads/{saved.name}" in ok
    assert "已导入 ingested — 郏县人民政府 2024年" in ok
    (refused,) = [plain(e.value) for e in app.error]
    assert refused.startswith("setup.exe：已拒绝 refused — 不支持的文件类型 .exe")
    assert "**1** 份报告" in app.sidebar.markdown[0].value  # the sidebar counts the new report


def test_the_same_bytes_again_are_unchanged(upload_page) -> None:  # type: ignore[no-untyped-def]
    app, data = upload_page
    seed = seed_path("001").read_bytes()
    submit(app, ("001.txt", seed, "text/plain"))
    assert "已导入" in plain(app.success[0].value)
    submit(app, ("copy of 001.txt", seed, "text/plain"))
    assert "未变化 unchanged" in plain(app.info[0].value)
    assert len(list((data / "uploads").iterdir())) == 2  # a new name, never an overwrite


@pytest.mark.parametrize(
    ("name", "expected_stem"),
    [
        ("../../etc/报告;rm -rf.txt", "报告_rm_-rf"),
        ("..\\..\\windows\\年报.PDF", "年报"),
        ("..", "upload"),
        ("a/../../b.docx", "b"),
        ("-rf $(reboot) `id`.md", "rf_reboot_id"),
        ("line\nbreak\x00\x1b[31m.html", "linebreak_31m"),
        ("郏县2024年报告（终稿）.htm", "郏县2024年报告（终稿）"),
    ],
)
def test_safe_names_keep_chinese_and_drop_paths_and_shell_characters(
    name: str, expected_stem: str
) -> None:
    safe = safe_name(name, b"content")
    stem, _, suffix = safe.rpartition("-")
    assert stem == expected_stem
    assert "/" not in safe and "\\" not in safe and ".." not in safe
    assert suffix.split(".")[0] == safe_name("other", b"content").rpartition("-")[2].split(".")[0]


def test_different_bytes_under_one_name_get_different_names() -> None:
    assert safe_name("年报.txt", b"one") != safe_name("年报.txt", b"two")
    assert safe_name("年报.txt", b"one") == safe_name("年报.txt", b"one")


def test_types_and_sizes_are_checked() -> None:
    assert check("年报.PDF", 10) is None
    assert check("年报.docx", MAX_BYTES) is None
    too_big = check("年报.pdf", MAX_BYTES + 1)
    assert too_big is not None and "上限 limit 50 MB" in too_big.reason
    for name in ("年报.doc", "年报.wps", "年报.rtf", "年报.odt", "扫描.png", "扫描.JPG", "a.tif"):
        assert check(name, 10) is None, name
    wrong = check("年报.xls", 10)
    assert wrong is not None and wrong.reason.startswith("不支持的文件类型 .xls")
    assert check("README", 10) is not None


def metadata_inputs(app: AppTest) -> list[str]:
    return [t.key for t in app.text_input if t.key and t.key.startswith(("agency_", "region_"))]


def unnamed_report() -> bytes:
    """A report with no title, no self-reference and no year in its text: nothing to infer."""
    text = render_report_text(make_report(agency="示例县人民政府", region="示例县", year=2024))
    return text.split("\n", 1)[1].encode("utf-8")


def test_a_file_without_agency_or_year_gets_them_from_the_form(upload_page) -> None:  # type: ignore[no-untyped-def]
    app, data = upload_page
    submit(app, ("年报.txt", unnamed_report(), "text/plain"))
    (warned,) = [plain(w.value) for w in app.warning]
    assert "已导入，有提示" in warned and "? ?年" in warned and "no agency found" in warned
    (saved,) = [p.name for p in (data / "uploads").iterdir()]
    app.text_input(key=f"agency_{saved}").input("示例县人民政府")
    app.text_input(key=f"region_{saved}").input("示例县")
    app.number_input(key=f"year_{saved}").set_value(2024)
    form = f"FormSubmitter:metadata_form_{saved}-保存并重新导入 Save and re-ingest"
    app.button(key=form).click().run()
    assert not app.exception, app.exception
    (ok,) = [plain(m.value) for m in [*app.success, *app.warning]]
    assert "示例县人民政府 2024年" in ok and "no agency found" not in ok
    assert metadata_inputs(app) == []  # nothing left to give: the form is gone
    rows = (data / "uploads" / "manifest.csv").read_text(encoding="utf-8").splitlines()
    assert rows == ["file,agency,region,year,url", f"{saved},示例县人民政府,示例县,2024,"]
    assert "**1** 份报告" in app.sidebar.markdown[0].value  # replaced, not added


def test_a_file_with_agency_and_year_gets_no_form(upload_page) -> None:  # type: ignore[no-untyped-def]
    app, _ = upload_page
    submit(app, ("003.txt", seed_path("003").read_bytes(), "text/plain"))
    assert metadata_inputs(app) == []


def _tiff(pages: list) -> bytes:  # type: ignore[type-arg]
    buffer = io.BytesIO()
    pages[0].save(buffer, "TIFF", save_all=True, append_images=pages[1:], compression="tiff_lzw")
    return buffer.getvalue()


def test_a_scan_and_an_old_word_file_are_ingested(upload_page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A scanned report as a multi-page TIFF (read by OCR) and a report saved as RTF by
    LibreOffice (converted back to DOCX): both uploaded, both ingested with their cells."""
    from ingest.readers import office
    from synthetic import generate_corpus
    from synthetic.render_docx import render_docx
    from synthetic.render_scan import CLEAN, scan_pages

    if office.soffice() is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    app, data = upload_page
    scanned, saved_as_rtf = generate_corpus(2, (2023,), 23)
    docx = tmp_path / "report.docx"
    docx.write_bytes(render_docx(saved_as_rtf))
    subprocess.run(
        [office.soffice() or "soffice", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--headless", "--convert-to", "rtf", "--outdir", str(tmp_path), str(docx)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    rtf = (tmp_path / "report.rtf").read_bytes()
    submit(
        app,
        ("扫描件.tif", _tiff(scan_pages(scanned, CLEAN)), "image/tiff"),
        ("年报.rtf", rtf, "application/rtf"),
    )
    assert not app.error, [plain(e.value) for e in app.error]
    done = [plain(s.value) for s in [*app.success, *app.warning]]
    assert any(d.startswith("扫描件.tif") and "已导入" in d for d in done), done
    assert any(d.startswith("年报.rtf") and "已导入" in d for d in done), done
    assert {p.suffix for p in (data / "uploads").iterdir()} >= {".tif", ".rtf"}
