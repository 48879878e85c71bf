"""lookup (with derived rates), verify_claim, count_reports and unanswerable, in zh and en."""

from __future__ import annotations

import pytest

from qa_app.question.plan import AgencyMatch, Claim, Intent, Language, Metric, Op, QueryPlan
from tests.qa_app.test_compose_base import JW, JX, JX23, RZ, ask, fact, lookup_plan, s3


def rate_facts():
    return s3(JX, new_received=36, granted=12, partially_granted=1, total_processed=36)


def test_lookup_computes_the_rate_from_its_cells_with_one_decimal() -> None:
    answer = ask(lookup_plan("new_received", "disclosure_rate"), [JX], rate_facts())
    assert answer.answer.splitlines() == [
        "郏县人民政府2024年：本年新收申请36件；公开率36.1%（(12+1)/36）。",
        "基于2024年的1份报告。",
    ]
    [rate] = answer.derived
    assert rate.name == "disclosure_rate"
    assert rate.value == pytest.approx(13 / 36)
    assert rate.formula == "(12+1)/36"
    assert [answer.facts[i].field for i in rate.inputs] == [
        "granted",
        "partially_granted",
        "total_processed",
    ]
    assert answer.verified


def test_lookup_in_english_with_an_applicant_column() -> None:
    facts = rate_facts() + s3(JX, column="commercial", new_received=3)
    plan = QueryPlan(
        intent=Intent.LOOKUP, language=Language.EN,
        metrics=[Metric(key="disclosure_rate"), Metric(key="new_received", column="commercial")],
    )  # fmt: skip
    answer = ask(plan, [JX], facts)
    assert answer.answer.splitlines() == [
        "郏县人民政府, 2024 — disclosure rate: 36.1% ((12+1)/36); "
        "new requests received (commercial enterprises): 3.",
        "Based on 1 report of 2024.",
    ]
    assert answer.verified


def test_zero_denominator_is_said_and_never_divided() -> None:
    facts = s3(RZ, granted=0, partially_granted=0, total_processed=0)
    answer = ask(lookup_plan("disclosure_rate"), [RZ], facts)
    assert (
        answer.answer.splitlines()[0] == "汝州市信访局2024年：公开率无法计算（办理结果总计为0）。"
    )
    assert [d.name for d in answer.derived] == ["denominator:disclosure_rate"]
    en = ask(lookup_plan("disclosure_rate", language=Language.EN), [RZ], facts)
    assert en.answer.splitlines()[0] == (
        "汝州市信访局, 2024 — disclosure rate: cannot be computed (total processed is 0)."
    )
    assert answer.verified and en.verified


def test_correction_rate_subtracts_pending_and_a_zero_remainder_cannot_be_computed() -> None:
    ok = [
        fact(JX, "review_corrected", 2),
        fact(JX, "review_total", 7),
        fact(JX, "review_pending", 2),
    ]
    answer = ask(lookup_plan("correction_rate"), [JX], ok)
    assert answer.answer.splitlines()[0] == "郏县人民政府2024年：纠错率40.0%（2/(7-2)）。"
    zero = [
        fact(RZ, "review_corrected", 0),
        fact(RZ, "review_total", 2),
        fact(RZ, "review_pending", 2),
    ]
    answer = ask(lookup_plan("correction_rate"), [RZ], zero)
    assert answer.answer.splitlines()[0] == (
        "汝州市信访局2024年：纠错率无法计算（行政复议总计减去行政复议尚未审结为0）。"
    )
    assert answer.verified


def test_a_blank_component_makes_the_rate_unknown() -> None:
    facts = s3(JX, granted=12, partially_granted=None, total_processed=36)
    answer = ask(lookup_plan("disclosure_rate"), [JX], facts)
    assert answer.answer.splitlines() == [
        "郏县人民政府2024年：公开率无法计算（部分公开空白）。",
        "基于2024年的1份报告；其中1份报告缺少表三数据。",
    ]
    assert answer.derived == []


# ------------------------------------------------------------------ verify_claim


def claim_plan(value: float, op: Op = Op.EQ, language: Language = Language.ZH) -> QueryPlan:
    return QueryPlan(
        intent=Intent.VERIFY_CLAIM, metrics=[Metric(key="review_total")],
        claim=Claim(value=value, op=op), language=language,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("value", "op", "language", "line"),
    [
        (9, Op.EQ, Language.ZH, "不对：郏县人民政府2024年行政复议共7件，而非9件。"),
        (7, Op.EQ, Language.ZH, "是的：郏县人民政府2024年行政复议共7件。"),
        (5, Op.GT, Language.ZH, "是的：郏县人民政府2024年行政复议共7件，大于5件。"),
        (10, Op.GE, Language.ZH, "不对：郏县人民政府2024年行政复议共7件，少于10件。"),
        (9, Op.EQ, Language.EN,
         "No: 郏县人民政府, 2024 — administrative reconsideration: total is 7, not 9."),
        (7, Op.EQ, Language.EN,
         "Yes: 郏县人民政府, 2024 — administrative reconsideration: total is 7."),
    ],
)  # fmt: skip
def test_verify_claim_answers_with_the_true_cell(
    value: float, op: Op, language: Language, line: str
) -> None:
    answer = ask(claim_plan(value, op, language), [JX], [fact(JX, "review_total", 7)])
    assert answer.answer.splitlines()[0] == line
    assert [(f.field, f.value) for f in answer.facts] == [("review_total", 7)]
    assert answer.verified


def test_verify_claim_on_a_blank_cell_cannot_check() -> None:
    answer = ask(claim_plan(9), [JX], [fact(JX, "review_total", None)])
    assert (
        answer.answer.splitlines()[0] == "无法核对：郏县人民政府2024年行政复议总计空白（未填报）。"
    )


def test_verify_claim_of_a_rate_compares_at_the_printed_precision() -> None:
    plan = QueryPlan(
        intent=Intent.VERIFY_CLAIM, metrics=[Metric(key="disclosure_rate")], claim=Claim(value=50)
    )
    answer = ask(plan, [JX], rate_facts())
    assert answer.answer.splitlines()[0] == (
        "不对：郏县人民政府2024年公开率为36.1%（(12+1)/36），而非50%。"
    )
    assert answer.verified


# ------------------------------------------------------------------ count_reports, unanswerable


def test_count_reports_per_year() -> None:
    plan = QueryPlan(intent=Intent.COUNT_REPORTS)
    answer = ask(plan, [JX23, JX, RZ], [])
    assert answer.answer.splitlines() == [
        "2023、2024年符合条件的报告共3份。其中2023年1份，2024年2份。",
        "基于2023、2024年的3份报告。",
    ]
    en = ask(plan.model_copy(update={"language": Language.EN}), [JX23, JX, RZ], [])
    assert en.answer.splitlines()[0] == "3 reports of 2023, 2024 match. By year: 2023: 1; 2024: 2."
    assert answer.verified and en.verified


def test_count_reports_with_a_condition() -> None:
    plan = QueryPlan(intent=Intent.COUNT_REPORTS, metrics=[Metric(key="review_total")])
    facts = [fact(JX, "review_total", 7), fact(RZ, "review_total", 0), fact(JW, "review_total", 1)]
    answer = ask(plan, [JX, RZ, JW], facts)
    assert answer.answer.splitlines()[0] == "2024年行政复议总计大于0的报告共2份。"
    assert answer.verified


def test_unanswerable_says_why_and_the_closest_agencies() -> None:
    plan = QueryPlan(
        intent=Intent.UNANSWERABLE,
        notes=["问题问的是天气，年度报告中没有这项内容"],
        agencies=[AgencyMatch(mention="夹县", closest=["郏县人民政府", "夏县人民政府"])],
    )
    answer = ask(plan, [], [])
    assert answer.answer.splitlines() == [
        "无法从年度报告的数据中回答这个问题。",
        "未使用任何报告的数据。",
        "说明：问题问的是天气，年度报告中没有这项内容。",
        "说明：未找到机关“夹县”，最接近的是：郏县人民政府、夏县人民政府。",
    ]
    en = ask(plan.model_copy(update={"language": Language.EN, "notes": []}), [], [])
    assert en.answer.splitlines() == [
        "This question cannot be answered from the annual reports' data.",
        "No report data was used.",
        "Note: No agency matches “夹县”; closest: 郏县人民政府, 夏县人民政府.",
    ]
    assert answer.coverage.reports_considered == 0
