"""list_where (and 'appeals'), rank and aggregate, in zh and en, from hand-built evidence."""

from __future__ import annotations

from index.filters import ReportFilter
from qa_app.question.plan import Aggregation, Comparison, Intent, Language, Metric, Op, QueryPlan
from tests.qa_app.test_compose_base import JW, JX, JX23, RZ, appeals_facts, ask, fact, s3

APPEALS = [Metric(key="review_total"), Metric(key="litigation_total")]


def appeals_plan(language: Language = Language.ZH) -> QueryPlan:
    return QueryPlan(
        intent=Intent.LIST_WHERE, metrics=APPEALS, appeals=True, language=language,
        filters=ReportFilter(years=[2024]),
    )  # fmt: skip


def appeals_evidence():
    facts = appeals_facts(JX, review=(1, 2, 2, 2, 7)) + appeals_facts(RZ, review=(0, 0, 0, 0, 0))
    return [JX, RZ], facts


def test_appeals_answer_both_reconsideration_and_litigation_for_jiaxian_only() -> None:
    answer = ask(appeals_plan(), *appeals_evidence())
    assert answer.answer.splitlines() == [
        "2024年有行政复议或行政诉讼的机关共1个：",
        "郏县人民政府：行政复议7件（维持1件、纠正2件、其他2件、尚未审结2件）；行政诉讼0件",
        "基于2024年的2份报告。",
    ]
    assert "汝州" not in answer.answer
    assert answer.verified and answer.mismatches == []


def test_appeals_in_english_say_which_is_which() -> None:
    answer = ask(appeals_plan(Language.EN), *appeals_evidence())
    assert answer.answer.splitlines() == [
        "Agencies with administrative reconsideration (行政复议) or litigation (行政诉讼) "
        "in 2024 — 1 in total:",
        "郏县人民政府: administrative reconsideration (行政复议) 7 (upheld 1, corrected 2, "
        "other 2, pending 2); litigation (行政诉讼) 0",
        "Based on 2 reports of 2024.",
    ]
    assert answer.verified


def test_appeals_facts_are_the_cells_shown_and_litigation_is_derived_from_both_blocks() -> None:
    answer = ask(appeals_plan(), *appeals_evidence())
    assert [(f.report_id, f.field, f.value) for f in answer.facts] == [
        ("r2d010da56d67", "review_total", 7),
        ("r2d010da56d67", "review_upheld", 1),
        ("r2d010da56d67", "review_corrected", 2),
        ("r2d010da56d67", "review_other", 2),
        ("r2d010da56d67", "review_pending", 2),
        ("r2d010da56d67", "litigation_direct_total", 0),
        ("r2d010da56d67", "litigation_after_review_total", 0),
    ]
    litigation = answer.derived[0]
    assert (litigation.name, litigation.value, litigation.formula) == ("litigation_total", 0, "0+0")
    assert litigation.inputs == [5, 6]
    assert (answer.derived[1].name, answer.derived[1].value) == ("count:agencies", 1)


def test_litigation_breakdown_by_block_when_there_are_lawsuits() -> None:
    facts = appeals_facts(JW, review=(0, 0, 0, 0, 0), direct=(1, 0, 0, 1, 2), after=(0, 1, 0, 0, 1))
    answer = ask(appeals_plan(), [JW], facts)
    assert answer.answer.splitlines()[1] == (
        "涧西区人民政府办公室：行政复议0件；行政诉讼3件（未经复议直接起诉2件：维持1件、纠正0件、"
        "其他0件、尚未审结1件；复议后起诉1件：维持0件、纠正1件、其他0件、尚未审结0件）"
    )
    assert answer.derived[0].formula == "2+1"
    assert answer.verified


def test_appeals_without_the_breakdown_cells_show_totals_only() -> None:
    facts = [
        fact(JX, "review_total", 7),
        fact(JX, "litigation_direct_total", 0),
        fact(JX, "litigation_after_review_total", 0),
    ]
    answer = ask(appeals_plan(), [JX], facts)
    assert answer.answer.splitlines()[1] == "郏县人民政府：行政复议7件；行政诉讼0件"


def test_no_report_passes() -> None:
    facts = appeals_facts(RZ, review=(0, 0, 0, 0, 0))
    answer = ask(appeals_plan(), [RZ], facts)
    assert answer.answer.splitlines()[0] == "2024年没有有行政复议或行政诉讼的机关。"
    assert answer.facts == []


def test_list_where_with_a_threshold_groups_reports_of_one_agency() -> None:
    plan = QueryPlan(
        intent=Intent.LIST_WHERE, metrics=[Metric(key="new_received")],
        comparison=Comparison(op=Op.GE, value=30),
    )  # fmt: skip
    facts = s3(JX, new_received=36) + s3(RZ, new_received=3) + s3(JX23, new_received=30)
    answer = ask(plan, [JX, RZ, JX23], facts)
    assert answer.answer.splitlines() == [
        "2023、2024年本年新收申请不少于30的机关共1个：",
        "郏县人民政府2024年：36件",
        "郏县人民政府2023年：30件",
        "基于2023、2024年的3份报告。",
    ]
    assert answer.verified


# ------------------------------------------------------------------ rank


def rank_evidence():
    reports = [JX, RZ, JW, JX23.model_copy(update={"year": 2024, "agency": "宝丰县人民政府",
                                                   "agency_key": "宝丰县人民政府"})]  # fmt: skip
    values = (36, 20, 20, 5)
    facts = [f for r, v in zip(reports, values, strict=True) for f in s3(r, new_received=v)]
    return reports, facts


def test_rank_lists_ties_explicitly_and_keeps_them_at_the_cut() -> None:
    plan = QueryPlan(intent=Intent.RANK, metrics=[Metric(key="new_received")], top_n=2)
    answer = ask(plan, *rank_evidence())
    assert answer.answer.splitlines() == [
        "2024年本年新收申请最多的前2名：",
        "1. 郏县人民政府：36件",
        "2. 汝州市信访局：20件（并列）",
        "2. 涧西区人民政府办公室：20件（并列）",
        "因并列，共列出3个。",
        "基于2024年的4份报告。",
    ]
    assert [f.value for f in answer.facts] == [36, 20, 20]
    assert answer.chart is not None and answer.chart.kind == "bar"
    assert answer.chart.series[0].points == [
        ("郏县人民政府", 36.0),
        ("汝州市信访局", 20.0),
        ("涧西区人民政府办公室", 20.0),
    ]
    assert answer.verified


def test_rank_in_english_lowest_first() -> None:
    plan = QueryPlan(
        intent=Intent.RANK, metrics=[Metric(key="new_received")], top_n=1, descending=False,
        language=Language.EN,
    )  # fmt: skip
    answer = ask(plan, *rank_evidence())
    assert answer.answer.splitlines() == [
        "Top 1 by new requests received in 2024 (lowest first):",
        "1. 宝丰县人民政府: 5",
        "Based on 4 reports of 2024.",
    ]


def test_rank_by_a_rate_leaves_out_zero_denominators_and_says_so() -> None:
    facts = s3(JX, granted=12, partially_granted=1, total_processed=36)
    facts += s3(RZ, granted=0, partially_granted=0, total_processed=0)
    facts += s3(JW, granted=3, partially_granted=0, total_processed=4)
    plan = QueryPlan(intent=Intent.RANK, metrics=[Metric(key="disclosure_rate")], top_n=2)
    answer = ask(plan, [JX, RZ, JW], facts)
    assert answer.answer.splitlines() == [
        "2024年公开率最高的前2名：",
        "1. 涧西区人民政府办公室：75.0%",
        "2. 郏县人民政府：36.1%",
        "公开率无法计算（分母为0）：汝州市信访局2024年。",
        "基于2024年的3份报告。",
    ]
    rates = [(d.report_id, d.formula) for d in answer.derived if d.name == "disclosure_rate"]
    assert rates == [("r677eaa4218a0", "(3+0)/4"), ("r2d010da56d67", "(12+1)/36")]
    assert answer.verified


# ------------------------------------------------------------------ aggregate


def aggregate_plan(agg: Aggregation, key: str = "new_received", **more: object) -> QueryPlan:
    return QueryPlan(
        intent=Intent.AGGREGATE,
        metrics=[Metric(key=key)],
        aggregation=agg,
        **more,  # type: ignore[arg-type]
    )


def aggregate_evidence():
    facts = s3(JX, new_received=36) + s3(RZ, new_received=None) + s3(JW, new_received=20)
    return [JX, RZ, JW], facts


def test_sum_says_how_many_reports_it_covers() -> None:
    answer = ask(aggregate_plan(Aggregation.SUM), *aggregate_evidence())
    assert answer.answer.splitlines() == [
        "2024年2份报告的本年新收申请合计：56件。",
        "基于2024年的3份报告；其中1份报告缺少表三数据。",
    ]
    total = next(d for d in answer.derived if d.name == "sum:new_received")
    assert (total.value, total.formula, total.inputs) == (56, "36+20", [0, 1])
    assert answer.verified


def test_sum_in_english() -> None:
    plan = aggregate_plan(Aggregation.SUM, language=Language.EN)
    answer = ask(plan, *aggregate_evidence())
    assert answer.answer.splitlines() == [
        "New requests received, summed over 2 reports of 2024: 56.",
        "Based on 3 reports of 2024; 1 lacks table 三.",
    ]


def test_average_max_and_count() -> None:
    avg = ask(aggregate_plan(Aggregation.AVG), *aggregate_evidence())
    assert avg.answer.splitlines()[0] == "2024年2份报告的本年新收申请平均：28件。"
    top = ask(aggregate_plan(Aggregation.MAX), *aggregate_evidence())
    assert (
        top.answer.splitlines()[0]
        == "2024年2份报告中本年新收申请最多的是郏县人民政府2024年：36件。"
    )
    plan = aggregate_plan(Aggregation.COUNT, comparison=Comparison(op=Op.GT, value=25))
    count = ask(plan, *aggregate_evidence())
    assert count.answer.splitlines()[0] == "2024年2份报告中，本年新收申请大于25的有1份。"
    assert avg.verified and top.verified and count.verified


def test_average_of_money_keeps_two_decimals() -> None:
    facts = [fact(JX, "admin_fee_amount_wan", 2561.768), fact(JW, "admin_fee_amount_wan", 0.5)]
    answer = ask(aggregate_plan(Aggregation.AVG, "admin_fee_amount_wan"), [JX, JW], facts)
    assert answer.answer.splitlines()[0] == (
        "2024年2份报告的行政事业性收费金额（万元）平均：1281.13万元。"
    )
    assert answer.derived[-1].formula == "(2561.768+0.5)/2"
    assert answer.verified


def test_count_of_reports_by_a_rate_in_percent() -> None:
    facts = s3(JX, granted=12, partially_granted=1, total_processed=36)
    facts += s3(RZ, granted=1, partially_granted=0, total_processed=4)
    facts += s3(JW, granted=3, partially_granted=0, total_processed=4)
    plan = aggregate_plan(
        Aggregation.COUNT, "disclosure_rate", comparison=Comparison(op=Op.GT, value=30)
    )
    answer = ask(plan, [JX, RZ, JW], facts)
    assert answer.answer.splitlines()[0] == "2024年3份报告中，公开率大于30%的有2份。"
    assert answer.verified
