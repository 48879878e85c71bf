"""find_inconsistent: the reports whose tables do not add up (勾稽关系), grouped by identity,
each failure with its check's message; identities that could not be assessed are listed by
report only. The cells a failed check names are cited when the evidence carries them.
"""

from __future__ import annotations

from ingest.schema import CheckOutcome, CheckRule
from qa_app.answer.composers.base import Book, Cells, Draft, join, report_head, tr
from qa_app.execution.evidence import CheckFinding

RULES: dict[CheckRule, tuple[str, str]] = {
    CheckRule.H1: ("新收+上年结转=办理结果总计+结转下年",
                   "received + carried over = processed + carried forward"),
    CheckRule.H2: ("办理结果总计=各项办理结果之和", "total processed = sum of the outcomes"),
    CheckRule.H3: ("总计=各类申请人之和", "total = sum of the applicant columns"),
    CheckRule.H4: ("行政复议总计=维持+纠正+其他+尚未审结",
                   "reconsideration total = upheld + corrected + other + pending"),
    CheckRule.H5: ("未经复议直接起诉总计=各结果之和",
                   "direct litigation total = sum of the results"),
    CheckRule.H6: ("复议后起诉总计=各结果之和",
                   "litigation after reconsideration total = sum of the results"),
    CheckRule.H7: ("数值为非负整数，收费金额为非负数",
                   "counts are non-negative integers, money non-negative"),
    CheckRule.S1: ("本年上年结转=上一年度结转下年",
                   "carried over = last year's carried forward"),
    CheckRule.T1: ("文字所述数字=表格数据", "figures stated in the text = the table cells"),
}  # fmt: skip


def _cite(cells: Cells, book: Book, finding: CheckFinding) -> None:
    """Cite the check's cells and record its two sides as derived from them."""
    check, report_id = finding.check, finding.report.report_id
    facts = [
        f for ref in check.cells if (f := cells.fact(report_id, ref.row, ref.column)) is not None
    ]
    for side, value in (("lhs", check.lhs), ("rhs", check.rhs)):
        if value is not None:
            book.derive(
                f"check:{check.rule}:{side}",
                f"{check.rule} {check.scope} {side}",
                value,
                check.message,
                facts,
                report_id,
            )


def find_inconsistent(cells: Cells, book: Book) -> Draft:
    """Failed identities by rule, then the not-assessable ones by rule and report."""
    lang = cells.lang
    findings = cells.evidence.findings
    failed = [f for f in findings if f.check.outcome is CheckOutcome.FAIL]
    unassessed = [f for f in findings if f.check.outcome is CheckOutcome.NOT_ASSESSABLE]
    draft = Draft(lines=[])
    failing = {f.report.report_id for f in failed}
    if failed:
        n = len(failing)
        book.derive(
            "count:reports",
            tr(lang, "不符合勾稽关系的报告数", "reports that do not add up"),
            n,
            "count of reports with a failed check",
        )
        draft.lines.append(
            tr(lang, f"{n}份报告的数据不符合勾稽关系：", f"{n} reports do not add up:")
        )
    else:
        draft.lines.append(
            tr(
                lang,
                "所选报告中没有不符合勾稽关系的数据。",
                "No selected report fails an identity.",
            )
        )
    for rule in CheckRule:
        group = [f for f in failed if f.check.rule is rule]
        if not group:
            continue
        zh, en = RULES[rule]
        draft.lines.append(tr(lang, f"{rule}（{zh}）：", f"{rule} ({en}):"))
        for finding in group:
            _cite(cells, book, finding)
            who = report_head(finding.report, lang)
            draft.lines.append(f"- {who}{tr(lang, '：', ': ')}{finding.check.message}")
    for rule in CheckRule:
        reports = {f.report.report_id: f.report for f in unassessed if f.check.rule is rule}
        if reports:
            names = join([report_head(r, lang) for r in reports.values()], lang)
            draft.lines.append(
                tr(
                    lang,
                    f"{rule}无法核验（有空白或未识别的单元格）：{names}",
                    f"{rule} could not be assessed (blank or unread cells): {names}",
                )
            )
    return draft
