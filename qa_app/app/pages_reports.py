"""Reports page: the stored reports, searchable by agency, region, year or id; one opened in
full (metadata and how it was inferred, tables, sections, checks, warnings, exports)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from index.sqlstore import ReportRow
from qa_app.answer.visible import escape_controls
from qa_app.app import state
from qa_app.app.components_report import render_report


def _label(row: ReportRow) -> str:
    label = f"{row.agency or '?'} {row.year or '?'}年 · {row.region or '?'} · {row.id}"
    return escape_controls(label)  # a name's control characters shown, never acted on


def _matches(row: ReportRow, query: str) -> bool:
    """Every word of the query appears in the row's agency, region, year or id."""
    text = f"{row.agency or ''} {row.region or ''} {row.year or ''} {row.id}".lower()
    return all(word in text for word in query.lower().split())


def _table(rows: list[ReportRow]) -> None:
    frame = pd.DataFrame(
        [
            {
                "机关 agency": r.agency and escape_controls(r.agency),
                "地区 region": r.region and escape_controls(r.region),
                "年份 year": r.year,
                "版本 edition": r.format_version,
                "通过 pass": r.checks.get("pass", 0),
                "不符 fail": r.checks.get("fail", 0),
                "无法核验 n/a": r.checks.get("not_assessable", 0),
                "id": r.id,
            }
            for r in rows
        ]
    )
    st.dataframe(frame, hide_index=True, height=320)


def main() -> None:
    eng = state.engine()
    st.title("报告 Reports")
    query = st.text_input("搜索 search: 机关、地区、年份或编号", key="reports_query")
    rows = [r for r in eng.reports() if _matches(r, query or "")]
    rows.sort(key=lambda r: (r.agency or "", r.year or 0))
    st.caption(f"{len(rows)} 份报告 reports")
    if not rows:
        return
    _table(rows)
    by_label = {_label(r): r.id for r in rows}
    picked = st.selectbox("打开报告 open a report", list(by_label), index=None, key="reports_open")
    if picked is not None:
        render_report(eng.show(by_label[picked]))


if __name__ == "__main__":  # see main.py
    main()
