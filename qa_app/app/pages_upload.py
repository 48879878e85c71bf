"""Upload page: report files are checked (type, size), saved under a safe name in
<data_dir>/uploads/, and ingested with Engine.ingest, one outcome per file. A file whose agency
or year could not be inferred gets a small form to give them (uploads.set_metadata)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from ingest.errors import GovqaError
from qa_app.app import state, uploads
from qa_app.app.markup import md_escape
from qa_app.engine import IngestOutcome, IngestStatus

RESULTS = "govqa_upload_results"


def _ingest(files: list[UploadedFile]) -> list[tuple[str, str, IngestOutcome | uploads.Rejection]]:
    """(original name, saved name, outcome or rejection) for every uploaded file."""
    eng = state.engine()
    results: list[tuple[str, str, IngestOutcome | uploads.Rejection]] = []
    saved: dict[str, str] = {}
    for f in files:
        rejection = uploads.check(f.name, f.size)
        if rejection is not None:
            results.append((f.name, "", rejection))
            continue
        path = uploads.save(eng.settings.data_dir, f.name, f.getvalue())
        saved[str(path)] = f.name
    if saved:
        bar = st.progress(0.0, text="正在导入 / ingesting…")

        def advance(done: int, total: int, outcome: IngestOutcome) -> None:
            bar.progress(done / total, text=f"{done}/{total} {Path(outcome.path).name}")

        for outcome in eng.ingest(list(saved), progress=advance):
            name = saved.get(outcome.path, Path(outcome.path).name)
            results.append((name, Path(outcome.path).name, outcome))
    return results


def _show(name: str, saved: str, result: IngestOutcome | uploads.Rejection) -> None:
    head = f"**{md_escape(name)}**" + (f" → `uploads/{saved}`" if saved else "")
    if isinstance(result, uploads.Rejection):
        st.error(f"{head}：已拒绝 refused — {md_escape(result.reason)}")
        return
    what = f"{md_escape(result.agency or '?')} {result.year or '?'}年 ({result.report_id})"
    if result.status is IngestStatus.INGESTED:
        st.success(f"{head}：已导入 ingested — {what}")
    elif result.status is IngestStatus.WARNINGS:
        lines = "".join(f"\n- {md_escape(w)}" for w in result.warnings)
        st.warning(f"{head}：已导入，有提示 ingested with warnings — {what}{lines}")
    elif result.status is IngestStatus.UNCHANGED:
        st.info(f"{head}：未变化 unchanged (the same bytes are stored) — {what}")
    else:
        st.error(f"{head}：失败 failed — {md_escape(result.reason or '')}")
    if result.replaced:
        st.caption(f"替换了 replaced: {', '.join(result.replaced)}")


def _metadata_form(index: int, saved: str, result: IngestOutcome) -> None:
    """Agency, region and year for a stored file inference left without agency or year."""
    if result.status is IngestStatus.FAILED or (result.agency and result.year):
        return
    with st.form(f"metadata_form_{saved}"):
        st.caption("未能识别机关或年份，请补充 / agency or year not found: please give them")
        agency = st.text_input("机关 agency", value=result.agency or "", key=f"agency_{saved}")
        region = st.text_input("地区 region", value=result.region or "", key=f"region_{saved}")
        year = st.number_input(
            "年份 year", min_value=2000, max_value=2100, value=result.year, key=f"year_{saved}"
        )
        if not st.form_submit_button("保存并重新导入 Save and re-ingest"):
            return
    try:
        given = int(year) if year is not None else None
        again = uploads.set_metadata(
            state.engine(), result, agency=agency, region=region, year=given
        )
    except GovqaError as exc:
        st.error(f"未能保存 not saved — {md_escape(str(exc))}")
        return
    results = st.session_state[RESULTS]
    name, _, _ = results[index]
    results[index] = (name, saved, again)
    st.rerun()


def main() -> None:
    st.title("上传 Upload")
    st.caption(
        f"接受 accepted: {', '.join(uploads.ACCEPTED)} · 每个文件不超过 "
        f"{uploads.MAX_BYTES // 1024 // 1024} MB"
    )
    with st.form("upload_form", clear_on_submit=True):
        files = st.file_uploader(
            "年度报告文件 / report files", accept_multiple_files=True, key="upload_files"
        )
        submitted = st.form_submit_button("导入 Ingest")
    if submitted and files:
        st.session_state[RESULTS] = _ingest(files)
        st.rerun()  # so the sidebar counts the new reports
    for index, (name, saved, result) in enumerate(st.session_state.get(RESULTS, [])):
        _show(name, saved, result)
        if saved and isinstance(result, IngestOutcome):
            _metadata_form(index, saved, result)


if __name__ == "__main__":  # see main.py
    main()
