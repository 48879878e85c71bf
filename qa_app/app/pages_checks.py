"""Checks page: every identity (勾稽关系) the stored reports fail or cannot be assessed on
(Engine.problems, under the sidebar's filters), grouped by rule; each opens the report's
table with the check's cells highlighted. Carry-over across years (S1) is listed apart."""

from __future__ import annotations

import streamlit as st

from ingest.schema import CheckOutcome, CheckRule
from qa_app.answer.composers.checks import RULES
from qa_app.app import state
from qa_app.app.components_report import OUTCOME_NAMES, tables, title
from qa_app.app.markup import md_escape
from qa_app.engine import Engine
from qa_app.execution.evidence import CheckFinding

SHOWN_PER_RULE = 50


@st.dialog("核验涉及的单元格 / the check's cells", width="large")
def check_cells(eng: Engine, finding: CheckFinding) -> None:
    """The report's tables with every cell the check used highlighted."""
    report = eng.show(finding.report.report_id)
    check = finding.check
    st.markdown(f"**{md_escape(title(report))}** · {check.rule.value} · {md_escape(check.scope)}")
    st.markdown(md_escape(check.message))
    if check.rule is CheckRule.S1:
        st.caption(
            "S1 比较本报告的“上年结转”与上一年度报告的“结转下年”（见上方说明）；"
            "这里标出本报告中该核验点名的行。"
        )
    marks = [(c.section, c.row, c.column) for c in check.cells]
    tables(report, marks, only_marked=True)


def _item(eng: Engine, finding: CheckFinding, key: str) -> None:
    ref, check = finding.report, finding.check
    cells = ", ".join(str(c) for c in check.cells[:6])
    more = f" … (+{len(check.cells) - 6})" if len(check.cells) > 6 else ""
    text, button = st.columns((5, 1), vertical_alignment="center")
    text.markdown(
        f"**{md_escape(ref.agency or ref.report_id)}** {ref.year or '?'}年 · "
        f"{md_escape(check.scope)} · {OUTCOME_NAMES[check.outcome]}  \n"
        f"{md_escape(check.message)}  \n"
        f"单元格 cells: {md_escape(cells + more)}"
    )
    if button.button("查看表格 / show", key=key):
        check_cells(eng, finding)


def _group(eng: Engine, rule: CheckRule, findings: list[CheckFinding]) -> None:
    failed = sum(f.check.outcome is CheckOutcome.FAIL for f in findings)
    zh, en = RULES[rule]
    st.subheader(f"{rule.value} · {zh}")
    st.caption(
        f"{md_escape(en)} — {len(findings)} 项: 不符 fail {failed} · "
        f"无法核验 not assessable {len(findings) - failed}"
    )
    for i, finding in enumerate(findings[:SHOWN_PER_RULE]):
        _item(eng, finding, f"check-{rule.value}-{i}")
    if len(findings) > SHOWN_PER_RULE:
        st.caption(f"另有 {len(findings) - SHOWN_PER_RULE} 项未列出；用侧栏筛选缩小范围。")


def main() -> None:
    eng = state.engine()
    st.title("勾稽核验 Checks")
    findings = eng.problems(state.scope())
    by_rule: dict[CheckRule, list[CheckFinding]] = {rule: [] for rule in CheckRule}
    for finding in findings:
        by_rule[finding.check.rule].append(finding)
    for group in by_rule.values():
        group.sort(key=lambda f: (f.check.outcome is not CheckOutcome.FAIL, f.report.agency or ""))
    counts = " · ".join(f"{rule.value} {len(group)}" for rule, group in by_rule.items() if group)
    st.markdown(
        f"共 **{len(findings)}** 项不符或无法核验 findings" + (f"：{counts}" if counts else "")
    )
    if not findings:
        st.success("所选报告的勾稽关系均可核验且成立 / every identity holds")
    for rule, group in by_rule.items():
        if rule is not CheckRule.S1 and group:
            _group(eng, rule, group)
    st.divider()
    st.header("跨年结转 S1 (carry-over across years)")
    if by_rule[CheckRule.S1]:
        _group(eng, CheckRule.S1, by_rule[CheckRule.S1])
    else:
        st.caption("没有跨年结转不符或无法核验的项 / no carry-over breaks")


if __name__ == "__main__":  # see main.py
    main()
