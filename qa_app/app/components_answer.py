"""One answer of the chat: its text with the verification badge, the facts (each opening the
table cell it came from), the chart, the cited passages (each opening its section) and the
exports. Everything shown comes from the Answer the Engine returned; nothing is recomputed."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from index.filters import ReportFilter
from qa_app.answer.export import facts_csv, facts_xlsx
from qa_app.answer.model import Answer, Chart
from qa_app.answer.views import passage_in_section
from qa_app.engine import Engine
from qa_app.execution.evidence import Citation, Fact

from .components_report import export_buttons, tables
from .components_themes import render_themes
from .markup import (
    column_name,
    fact_cell,
    fact_value,
    marked_answer,
    md_escape,
    metric_name,
    passage_html,
    where,
)

FACT_ROWS = 12  # facts listed before "show all"
CITATION_ROWS = 10
_FACT_WIDTHS = (2.6, 0.7, 2.6, 0.9, 0.9, 3.4)
SECTION_NAMES = {"overview": "一、总体情况", "problems": "五、存在的主要问题及改进情况",
                 "other": "六、其他需要报告的事项", "preface": "前言"}  # fmt: skip


def render_answer(eng: Engine, answer: Answer, scope: ReportFilter | None, turn: int) -> None:
    """Everything about one answer; widget keys carry the turn number, so they stay stable."""
    _badge(answer)
    st.markdown(marked_answer(answer.answer, answer.mismatches))
    if scope is not None:
        st.caption(f"筛选 filters: {md_escape(scope_text(scope))}")
    if answer.chart is not None and any(s.points for s in answer.chart.series):
        st.altair_chart(chart(answer.chart), key=f"chart-{turn}")
    render_themes(answer, turn)
    if answer.derived:
        with st.expander(f"计算 Derived ({len(answer.derived)})"):
            agencies = {f.report_id: f.agency for f in answer.facts}
            for d in answer.derived:
                who = agencies.get(d.report_id or "") or ""
                st.markdown(
                    f"{md_escape(who)} {md_escape(d.label)} = **{d.value:g}** "
                    f"← {md_escape(d.formula)}"
                )
    if answer.facts:
        _facts(eng, answer.facts, turn)
    if answer.passages:
        _citations(eng, answer.passages, turn)
    if answer.facts:
        _downloads(answer, turn)


def scope_text(scope: ReportFilter) -> str:
    parts = []
    if scope.years:
        parts.append("、".join(f"{y}年" for y in scope.years))
    if scope.agency_keys:
        parts.append("、".join(scope.agency_keys))
    if scope.regions:
        parts.append("、".join(scope.regions))
    return "；".join(parts)


def _badge(answer: Answer) -> None:
    if answer.verified:
        st.markdown(":green-badge[✓ 已核验 verified] 每个数字都对应引用的单元格或计算")
        return
    st.markdown(":red-badge[✗ 未通过核验 not verified] 标红的数字没有对应的单元格")
    for m in answer.mismatches:
        st.markdown(f"- :red-background[**{md_escape(m.number)}**]：{md_escape(m.reason)}")


def chart(spec: Chart) -> alt.Chart:
    """A bar or line chart of the answer's series, in the order the answer gives them."""
    rows = [{"series": s.label, "x": x, "y": y} for s in spec.series for x, y in s.points]
    data = pd.DataFrame(rows, columns=["series", "x", "y"])
    base = alt.Chart(data, title=spec.title)
    angle = 0 if spec.kind == "line" else -30
    x = alt.X("x:N", title=spec.x_label, sort=None, axis=alt.Axis(labelAngle=angle))
    y = alt.Y("y:Q", title=spec.y_label)
    color = alt.Color("series:N", title=None)
    tooltip = ["series:N", "x:N", "y:Q"]
    if spec.kind == "line":
        return base.mark_line(point=True).encode(x=x, y=y, color=color, tooltip=tooltip)
    bars = base.mark_bar().encode(x=x, y=y, color=color, tooltip=tooltip)
    return bars.encode(xOffset="series:N") if len(spec.series) > 1 else bars


def _facts(eng: Engine, facts: list[Fact], turn: int) -> None:
    with st.expander(f"事实 Facts ({len(facts)}) — 点击来源查看原表", expanded=True):
        header = st.columns(_FACT_WIDTHS)
        for col, title in zip(header, ("机关", "年份", "指标", "列", "数值", "来源"), strict=True):
            col.markdown(f"**{title}**")
        show_all = len(facts) <= FACT_ROWS or st.session_state.get(f"facts-all-{turn}", False)
        for i, fact in enumerate(facts if show_all else facts[:FACT_ROWS]):
            cols = st.columns(_FACT_WIDTHS, vertical_alignment="center")
            cols[0].markdown(md_escape(fact.agency or fact.report_id))
            cols[1].markdown(str(fact.year or ""))
            cols[2].markdown(md_escape(metric_name(fact.field)))
            cols[3].markdown(md_escape(column_name(fact.column)))
            cols[4].markdown(f"**{md_escape(fact_value(fact))}**")
            label = md_escape(where(fact.source))
            if cols[5].button(
                label, key=f"fact-{turn}-{i}", type="tertiary", icon=":material/table_view:"
            ):
                fact_source(eng, fact)
        if len(facts) > FACT_ROWS:
            st.checkbox(f"显示全部 {len(facts)} 条 / show all", key=f"facts-all-{turn}")


def _citations(eng: Engine, passages: list[Citation], turn: int) -> None:
    with st.expander(f"引用 Citations ({len(passages)})", expanded=True):
        show_all = len(passages) <= CITATION_ROWS or st.session_state.get(
            f"cites-all-{turn}", False
        )
        for j, p in enumerate(passages if show_all else passages[:CITATION_ROWS]):
            section = SECTION_NAMES.get(p.section, p.section)
            head = f"{p.agency or p.report_id}（{p.year or '?'}）· {section}"
            text, button = st.columns((6, 1.3), vertical_alignment="center")
            text.markdown(
                f"**\\[{md_escape(p.passage_id)}\\]** {md_escape(head)}  \n"
                f":gray[{md_escape(_snippet(p.text))}]"
            )
            if button.button("原文 ↗ in context", key=f"cite-{turn}-{j}", type="tertiary"):
                passage_source(eng, p)
        if len(passages) > CITATION_ROWS:
            st.checkbox(f"显示全部 {len(passages)} 条 / show all", key=f"cites-all-{turn}")


def _snippet(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit] + "…"


def _downloads(answer: Answer, turn: int) -> None:
    export_buttons(
        "事实",
        partial(facts_csv, answer),
        partial(facts_xlsx, answer),
        file_stem=f"govqa-facts-{turn + 1}",
        key=f"facts-{{fmt}}-{turn}",
    )


@st.dialog("来源：原表中的单元格 / source cell", width="large")
def fact_source(eng: Engine, fact: Fact) -> None:
    """The report's table as printed, with the fact's cell highlighted."""
    report = eng.show(fact.report_id)
    cell = fact_cell(fact)
    st.markdown(
        f"**{md_escape(report.agency or report.id)}** {report.year or ''}年 · "
        f"{md_escape(metric_name(fact.field))} {md_escape(column_name(fact.column))} = "
        f"**{md_escape(fact_value(fact))}**"
    )
    if fact.source is not None:
        printed = " / ".join(x for x in (fact.source.row_label, fact.source.column_label) if x)
        st.caption(
            f"{md_escape(where(fact.source))} · 原文 printed: {md_escape(fact.raw or '—')}"
            + (f" · {md_escape(printed)}" if printed else "")
        )
    tables(report, [cell], only_marked=True)


@st.dialog("来源：原文段落 / source passage", width="large")
def passage_source(eng: Engine, citation: Citation) -> None:
    """The passage inside its section, highlighted."""
    report = eng.show(citation.report_id)
    span = passage_in_section(report, citation.section, citation.start, citation.end, citation.text)
    st.markdown(
        f"**{md_escape(report.agency or report.id)}** {report.year or ''}年 · "
        f"\\[{md_escape(citation.passage_id)}\\] · {md_escape(Path(report.source.path).name)}"
    )
    st.html(passage_html(span))
