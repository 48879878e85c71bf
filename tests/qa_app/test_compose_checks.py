"""find_inconsistent: failed identities grouped by rule with their messages, cells cited."""

from __future__ import annotations

from ingest.schema import CellRef, CheckOutcome, CheckResult, CheckRule
from qa_app.execution.evidence import CheckFinding
from qa_app.question.plan import Intent, Language, QueryPlan
from tests.qa_app.test_compose_base import JW, JX, RZ, ask, fact, s3

H1_MESSAGE = "H1 总计: 本年新收 36 + 上年结转 0 ≠ 办理结果总计 30 + 结转下年度继续办理 5"
RESULTS = ("total", "upheld", "corrected", "other", "pending")
H1_CELLS = [
    CellRef(section="s3", row=row, column="total")
    for row in ("new_received", "carried_over", "total_processed", "carried_forward")
]


def findings() -> list[CheckFinding]:
    h1 = CheckResult(
        rule=CheckRule.H1, scope="total", outcome=CheckOutcome.FAIL, cells=H1_CELLS,
        lhs=36, rhs=35, message=H1_MESSAGE,
    )  # fmt: skip
    h4 = CheckResult(
        rule=CheckRule.H4, scope="review", outcome=CheckOutcome.FAIL,
        cells=[CellRef(section="s4", row=f"review_{r}") for r in RESULTS], lhs=3, rhs=2,
        message="H4 行政复议: 总计 3 ≠ 结果维持 1 + 结果纠正 1 + 其他结果 0 + 尚未审结 0",
    )  # fmt: skip
    h2 = CheckResult(
        rule=CheckRule.H2, scope="total", outcome=CheckOutcome.NOT_ASSESSABLE,
        message="H2 总计: 无法核验，予以公开[s3.granted.total] 为 empty",
    )  # fmt: skip
    return [
        CheckFinding(report=JX, check=h1),
        CheckFinding(report=JW, check=h4),
        CheckFinding(report=RZ, check=h2),
    ]


def check_facts():
    facts = s3(JX, new_received=36, carried_over=0, total_processed=30, carried_forward=5)
    review = zip(RESULTS, (3, 1, 1, 0, 0), strict=True)
    return facts + [fact(JW, f"review_{r}", v) for r, v in review]


def test_failed_identities_are_grouped_by_rule_with_their_messages() -> None:
    plan = QueryPlan(intent=Intent.FIND_INCONSISTENT)
    answer = ask(plan, [JX, JW, RZ], check_facts(), findings=findings())
    assert answer.answer.splitlines() == [
        "2份报告的数据不符合勾稽关系：",
        "H1（新收+上年结转=办理结果总计+结转下年）：",
        f"- 郏县人民政府2024年：{H1_MESSAGE}",
        "H4（行政复议总计=维持+纠正+其他+尚未审结）：",
        "- 涧西区人民政府办公室2024年：H4 行政复议: 总计 3 ≠ 结果维持 1 + 结果纠正 1 + "
        "其他结果 0 + 尚未审结 0",
        "H2无法核验（有空白或未识别的单元格）：汝州市信访局2024年",
        "基于2024年的3份报告。",
    ]
    assert [f.field for f in answer.facts][:4] == [
        "new_received",
        "carried_over",
        "total_processed",
        "carried_forward",
    ]
    sides = [(d.name, d.value) for d in answer.derived if d.name.startswith("check:")]
    assert sides == [("check:H1:lhs", 36), ("check:H1:rhs", 35), ("check:H4:lhs", 3),
                     ("check:H4:rhs", 2)]  # fmt: skip


def test_check_messages_are_verified_against_the_cited_cells() -> None:
    plan = QueryPlan(intent=Intent.FIND_INCONSISTENT)
    with_cells = ask(plan, [JX, JW, RZ], check_facts(), findings=findings())
    assert with_cells.verified
    # The H4 breakdown cells are not in the evidence: its message's 1s cannot be backed.
    without = ask(plan, [JX, JW, RZ], check_facts()[:5], findings=findings())
    assert not without.verified
    assert {m.number for m in without.mismatches} == {"1"}


def test_no_failures_in_english() -> None:
    plan = QueryPlan(intent=Intent.FIND_INCONSISTENT, language=Language.EN)
    answer = ask(plan, [JX], [], findings=[])
    assert answer.answer.splitlines() == [
        "No selected report fails an identity.",
        "Based on 1 report of 2024.",
    ]
