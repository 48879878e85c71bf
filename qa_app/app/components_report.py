"""One stored report as the reports and checks pages show it: metadata with how each value was
inferred, the three tables (cells highlighted where asked), sections, checks, warnings, exports."""

from __future__ import annotations

import math
from collections.abc import Callable, Collection
from functools import partial
from pathlib import Path

import pandas as pd
import streamlit as st

from ingest.schema import CheckOutcome, CheckResult, Inferred, Report
from qa_app.answer.export import report_csv, report_xlsx
from qa_app.answer.views import table_views

from .markup import CellKey, md_escape, table_html

PAGE_CHARS = 20_000  # characters of a section shown at a time
PAGE_WARNINGS = 50  # warnings shown at a time

_OUTCOME_ORDER = {CheckOutcome.FAIL: 0, CheckOutcome.NOT_ASSESSABLE: 1, CheckOutcome.PASS: 2}
OUTCOME_NAMES = {
    CheckOutcome.FAIL: "不符 fail",
    CheckOutcome.NOT_ASSESSABLE: "无法核验 not assessable",
    CheckOutcome.PASS: "通过 pass",
}


def title(report: Report) -> str:
    return f"{report.agency or '（机关未识别）'} {report.year or '?'}年"


def tables(report: Report, marks: Collection[CellKey] = (), only_marked: bool = False) -> None:
    """The three tables as printed; cells in `marks` highlighted. With `only_marked`, the
    tables without a marked cell go into an expander."""
    views = table_views(report)
    marked = {m[0] for m in marks}
    rest = [v for v in views if only_marked and v.section not in marked]
    for view in views:
        if not (only_marked and view.section not in marked):
            st.html(table_html(view, marks))
    if rest:
        with st.expander("其他表格 / the other tables"):
            for view in rest:
                st.html(table_html(view))


def render_report(report: Report) -> None:
    """Everything stored about one report."""
    st.subheader(md_escape(title(report)))
    st.caption(
        f"{report.id} · {md_escape(report.region or '')} · "
        f"{report.format_version or '?'} · {md_escape(Path(report.source.path).name)}"
    )
    _metadata(report)
    st.markdown("#### 表格 Tables")
    tables(report)
    _downloads(report)
    st.markdown("#### 正文 Sections")
    for section in report.sections.values():
        with st.expander(md_escape(section.title or section.key.value)):
            pages = max(1, math.ceil(len(section.text) / PAGE_CHARS))
            at = _page(pages, f"section_page_{report.id}_{section.key.value}") * PAGE_CHARS
            st.markdown(md_escape(section.text[at : at + PAGE_CHARS]) or "（空 empty）")
    st.markdown("#### 勾稽核验 Checks")
    checks_table(report.checks)
    st.markdown(f"#### 解析提示 Warnings ({len(report.warnings)})")
    pages = max(1, math.ceil(len(report.warnings) / PAGE_WARNINGS))
    at = _page(pages, f"warnings_page_{report.id}") * PAGE_WARNINGS
    for w in report.warnings[at : at + PAGE_WARNINGS]:
        line = f"第{w.line}行 " if w.line else ""
        st.markdown(f"- `{w.code}` {line}{md_escape(w.message)}")


def _page(pages: int, key: str) -> int:
    """The 0-based page chosen (a number input only when there is more than one page): a
    long section or warning list is sent to the browser a page at a time."""
    if pages <= 1:
        return 0
    return int(st.number_input(f"页 page (1–{pages})", 1, pages, 1, key=key)) - 1


def _metadata(report: Report) -> None:
    meta = report.meta

    def row(name: str, found: Inferred) -> dict[str, object]:
        return {
            "字段 field": name,
            "值 value": "" if found.value is None else str(found.value),
            "方法 method": found.method.value,
            "置信度 confidence": round(found.confidence, 2),
            "依据 evidence": found.evidence,
        }

    rows = [row("机关 agency", meta.agency), row("地区 region", meta.region)]
    rows.append(row("年份 year", meta.year))
    st.dataframe(pd.DataFrame(rows), hide_index=True)
    extras = [f"标题 title: {meta.title}"] if meta.title else []
    if meta.region_path:
        extras.append("行政区划 region path: " + " › ".join(meta.region_path))
    if meta.url:
        extras.append(f"URL: {meta.url}")
    for extra in extras:
        st.caption(md_escape(extra))


def checks_table(checks: list[CheckResult]) -> None:
    """Checks, failed and not assessable first, each with the cells it used."""
    ordered = sorted(checks, key=lambda c: (_OUTCOME_ORDER[c.outcome], c.rule.value, c.scope))
    counts = {o: sum(c.outcome is o for c in checks) for o in _OUTCOME_ORDER}
    st.caption(" · ".join(f"{OUTCOME_NAMES[o]} {n}" for o, n in counts.items()))
    frame = pd.DataFrame(
        [
            {
                "规则 rule": c.rule.value,
                "范围 scope": c.scope,
                "结果 outcome": OUTCOME_NAMES[c.outcome],
                "说明 message": c.message,
                "单元格 cells": ", ".join(str(ref) for ref in c.cells),
            }
            for c in ordered
        ],
        columns=["规则 rule", "范围 scope", "结果 outcome", "说明 message", "单元格 cells"],
    )
    st.dataframe(frame, hide_index=True)


def _downloads(report: Report) -> None:
    export_buttons(
        "表格",
        partial(report_csv, report),
        partial(report_xlsx, report),
        file_stem=report.id,
        key=f"report-{{fmt}}-{report.id}",
    )


_MIME = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export_buttons(
    what: str,
    make_csv: Callable[[], bytes],
    make_xlsx: Callable[[], bytes],
    *,
    file_stem: str,
    key: str,
) -> None:
    """'下载<what> CSV' and '… XLSX' side by side; the files are made only when clicked.
    `key` holds '{fmt}', replaced by csv or xlsx."""
    left, right, _ = st.columns((1, 1, 4))
    for column, (fmt, make) in ((left, ("csv", make_csv)), (right, ("xlsx", make_xlsx))):
        column.download_button(
            f"下载{what} {fmt.upper()}",
            data=make,
            file_name=f"{file_stem}.{fmt}",
            mime=_MIME[fmt],
            key=key.format(fmt=fmt),
            on_click="ignore",
        )
