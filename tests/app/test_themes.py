"""A summary over the five seeds in the chat: its themes as a table with counts and a bar
chart, each theme expandable to its cited points, and the themes' CSV and XLSX exports."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pyarrow as pa
from streamlit.testing.v1 import AppTest

from qa_app.answer.export import THEME_COLUMNS, themes_csv, themes_xlsx
from qa_app.app.state import CHAT
from tests.app.helpers import plain


def test_summary_themes_show_as_table_chart_and_export(app: AppTest) -> None:
    app.chat_input(key="chat_input").set_value("总结各单位存在的主要问题").run()
    assert not app.exception, app.exception
    (turn,) = app.session_state[CHAT]
    themes = turn.answer.themes
    assert themes is not None and themes.reports_considered == 5 and themes.themes
    shown = app.chat_message[1]

    # The table: one row per theme, counted by the distinct reports among its points.
    table = shown.dataframe[0].value
    counts = [len({m.report_id for m in t.members}) for t in themes.themes]
    assert all(k >= 2 for k in counts)
    assert list(table["报告数 reports"]) == counts
    assert list(table["主题 theme"]) == [t.label for t in themes.themes]
    assert list(table["要点 points"]) == [len(t.members) for t in themes.themes]

    # The bar chart plots the same counts, in the same order.
    (node,) = [
        n
        for n in shown.children.values()
        if n.type == "vega_lite_chart" and "主题" in str(json.loads(n.proto.spec).get("title"))
    ]
    assert json.loads(node.proto.spec)["mark"]["type"] == "bar"
    (dataset,) = node.proto.datasets
    plotted = pa.ipc.open_stream(dataset.data.data).read_all().to_pylist()
    assert [r["reports"] for r in plotted] == counts
    assert [r["theme"].split(". ", 1)[0] for r in plotted] == [
        str(i) for i in range(1, len(counts) + 1)
    ]

    # Each theme expands to every one of its points, each with its agency and passage.
    for i, theme in enumerate(themes.themes, 1):
        (box,) = [e for e in shown.expander if e.label.startswith(f"{i}. ")]
        lines = [plain(m.value) for m in box.markdown]
        assert len(lines) == len(theme.members)
        for member, line in zip(theme.members, lines, strict=True):
            assert member.text in line and member.agency and member.agency in line
            assert member.passage_ids and all(f"[{p}]" in line for p in member.passage_ids)
    if themes.long_tail:
        (tail,) = [e for e in shown.expander if "long tail" in e.label]
        assert len(tail.markdown) == len(themes.long_tail)

    # Exports: one row per point (themes' and the long tail's), every point cited.
    downloads = {b.key for b in app.get("download_button")}
    assert {"themes-csv-0", "themes-xlsx-0"} <= downloads
    rows = list(csv.DictReader(io.StringIO(themes_csv(turn.answer).decode("utf-8-sig"))))
    points = sum(len(t.members) for t in themes.themes) + len(themes.long_tail)
    assert len(rows) == points and list(rows[0]) == list(THEME_COLUMNS)
    assert all(r["passage_ids"] and r["agency"] and r["point"] for r in rows)
    assert next(int(r["reports"]) for r in rows if r["theme"] == "1") == counts[0]
    sheet = openpyxl.load_workbook(io.BytesIO(themes_xlsx(turn.answer))).active
    assert sheet is not None
    assert next(list(r) for r in sheet.iter_rows(values_only=True)) == list(THEME_COLUMNS)
    assert sheet.max_row == points + 1
