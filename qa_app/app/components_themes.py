"""A summary's themes in the chat: a table and a bar chart of how many reports raise each,
every theme expandable to its points with their citations, and CSV/XLSX exports; for an
agency over its years, the improvements it promised and reported again, as a table with both
sides cited, exported likewise. Point texts are the reports' own words, so they are escaped
like every report text."""

from __future__ import annotations

from functools import partial

import altair as alt
import pandas as pd
import streamlit as st

from qa_app.answer.export import recurrence_csv, recurrence_xlsx, themes_csv, themes_xlsx
from qa_app.answer.model import Answer
from qa_app.answer.themes import ThemePoint, Themes

from .components_report import export_buttons
from .markup import md_escape

LABEL_CHARS = 28  # a theme's label as a chart axis label


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS] + "…"


def theme_frame(themes: Themes) -> pd.DataFrame:
    """Rank, label, reports raising it, share, points: the table and the chart's data."""
    rows = [
        {"#": i, "主题 theme": t.label, "报告数 reports": t.reports,
         "占比 share": f"{t.share * 100:.1f}%", "要点 points": len(t.members)}
        for i, t in enumerate(themes.themes, 1)
    ]  # fmt: skip
    return pd.DataFrame(
        rows, columns=["#", "主题 theme", "报告数 reports", "占比 share", "要点 points"]
    )


def theme_chart(themes: Themes) -> alt.Chart:
    data = pd.DataFrame(
        [{"theme": f"{i}. {_short(t.label)}", "reports": t.reports}
         for i, t in enumerate(themes.themes, 1)],
        columns=["theme", "reports"],
    )  # fmt: skip
    return (
        alt.Chart(data, title=f"提到各主题的报告数（共{themes.reports_considered}份）")
        .mark_bar()
        .encode(
            y=alt.Y("theme:N", sort=None, title=None),
            x=alt.X("reports:Q", title="报告数 reports"),
            tooltip=["theme:N", "reports:Q"],
        )
    )


def _point_line(point: ThemePoint) -> str:
    """One cited point as a markdown list item: who said it, what, and its passages."""
    who = f"{point.agency or point.report_id}（{point.year or '?'}）"
    cites = " ".join(f"\\[{md_escape(pid)}\\]" for pid in point.passage_ids)
    return f"- {md_escape(who)}：{md_escape(point.text)} {cites}"


def recurrence_frame(answer: Answer) -> pd.DataFrame:
    """A row per promise reported again: agency, year promised, the promise, year reported,
    the problem reported."""
    columns = ["机关 agency", "承诺年度 promised", "改进要点 promise", "再次报告 reported",
               "问题要点 problem"]  # fmt: skip
    rows = [
        [r.agency or "", p.promised.year, p.promised.text, p.reported.year, p.reported.text]
        for r in answer.recurrence
        for p in r.promised_again
    ]
    return pd.DataFrame(rows, columns=columns)


def render_repeated(answer: Answer, turn: int) -> None:
    """Problems an agency raised in several years: a table, each expandable to its points."""
    repeated = [(r, p) for r in answer.recurrence for p in r.repeated]
    if not repeated:
        return
    st.markdown("**多个年度重复提到的问题 Repeated problems**")
    rows = [[r.agency or "", p.label, "、".join(map(str, p.years)), len(p.points)]
            for r, p in repeated]  # fmt: skip
    columns = ["机关 agency", "问题 problem", "年度 years", "要点 points"]
    st.dataframe(pd.DataFrame(rows, columns=columns), hide_index=True, key=f"repeated-{turn}")
    for i, (_r, problem) in enumerate(repeated, 1):
        with st.expander(f"{i}. {_short(problem.label)} — {'、'.join(map(str, problem.years))}"):
            for m in problem.points:
                st.markdown(_point_line(m))


def render_recurrence(answer: Answer, turn: int) -> None:
    """What an agency repeats, and what it promised in one year and reported again later: the
    tables, each pair expandable to both cited points, and the exports."""
    render_repeated(answer, turn)
    pairs = [(r, p) for r in answer.recurrence for p in r.promised_again]
    if not pairs:
        return
    st.markdown(f"**说要改进又再次出现 Promised, then reported again**（{len(pairs)}）")
    st.dataframe(recurrence_frame(answer), hide_index=True, key=f"recurrence-{turn}")
    for i, (_r, pair) in enumerate(pairs, 1):
        p, q = pair.promised, pair.reported
        with st.expander(f"{i}. {p.year} → {q.year}：{_short(q.text)}"):
            st.markdown(_point_line(p).replace("- ", "- 承诺 promised · ", 1))
            st.markdown(_point_line(q).replace("- ", "- 又报告 reported · ", 1))
    export_buttons(
        "承诺与再现",
        partial(recurrence_csv, answer),
        partial(recurrence_xlsx, answer),
        file_stem=f"govqa-promised-again-{turn + 1}",
        key=f"recurrence-{{fmt}}-{turn}",
    )


def render_themes(answer: Answer, turn: int) -> None:
    themes = answer.themes
    if themes is None or not themes.themes:
        render_recurrence(answer, turn)
        return
    st.markdown(f"**主题 Themes**（{themes.reports_considered}份报告）")
    st.dataframe(theme_frame(themes), hide_index=True, key=f"themes-{turn}")
    st.altair_chart(theme_chart(themes), key=f"themes-chart-{turn}")
    for i, theme in enumerate(themes.themes, 1):
        with st.expander(f"{i}. {_short(theme.label)} — {theme.reports}份报告"):
            for m in theme.members:
                st.markdown(_point_line(m))
    if themes.long_tail:
        with st.expander(f"只见于一份报告的要点 long tail ({len(themes.long_tail)})"):
            for m in themes.long_tail:
                st.markdown(_point_line(m))
    export_buttons(
        "主题",
        partial(themes_csv, answer),
        partial(themes_xlsx, answer),
        file_stem=f"govqa-themes-{turn + 1}",
        key=f"themes-{{fmt}}-{turn}",
    )
    render_recurrence(answer, turn)
