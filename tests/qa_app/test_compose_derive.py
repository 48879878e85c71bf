"""derive, list_meta and a composite's first step, composed from given evidence: the formula
with the cells' values, blanks never taken as 0, a zero divisor said, pooled shares over the
reports that have both figures, and the condition's cells cited."""

from __future__ import annotations

from qa_app.question.plan import (
    Comparison,
    Condition,
    Derivation,
    Intent,
    Language,
    Metric,
    Op,
    QueryPlan,
    Subject,
)
from tests.qa_app.test_compose_base import JX, JX23, RZ, ask, fact, s3


def plan(derivation: Derivation, *keys: str, **more: object) -> QueryPlan:
    return QueryPlan(
        intent=Intent.DERIVE, derivation=derivation, metrics=[Metric(key=k) for k in keys], **more
    )  # type: ignore[arg-type]


def test_a_difference_of_two_cells_shows_its_formula() -> None:
    facts = [fact(JX, "licensing_decisions", 74833), fact(JX, "penalty_decisions", 50835)]
    answer = ask(
        plan(Derivation.DIFFERENCE, "licensing_decisions", "penalty_decisions"), [JX], facts
    )
    assert "前者比后者多23998件（74833-50835=23998）" in answer.answer
    [diff] = answer.derived
    assert (diff.value, diff.formula) == (23998, "74833-50835=23998")
    assert [answer.facts[i].field for i in diff.inputs] == [
        "licensing_decisions",
        "penalty_decisions",
    ]
    assert answer.verified


def test_a_blank_cell_is_never_zero_in_a_difference() -> None:
    facts = [fact(JX, "licensing_decisions", 10), fact(JX, "penalty_decisions", None)]
    answer = ask(
        plan(Derivation.DIFFERENCE, "licensing_decisions", "penalty_decisions"), [JX], facts
    )
    assert "无法计算" in answer.answer and not answer.derived
    assert "1份报告缺少表二数据" in answer.answer


def test_growth_between_two_years_in_english() -> None:
    facts = s3(JX23, new_received=40) + s3(JX, new_received=36)
    growth = plan(Derivation.GROWTH, "new_received", language=Language.EN)
    answer = ask(growth, [JX23, JX], facts)
    assert "down 10.0% ((36-40)/40)" in answer.answer
    assert answer.derived[0].name == "growth:new_received" and answer.verified


def test_a_pooled_share_leaves_out_reports_without_both_figures() -> None:
    facts = s3(JX, granted=12, total_processed=36) + s3(RZ, granted=None, total_processed=4)
    share = plan(Derivation.SHARE, "granted", "total_processed", pooled=True)
    answer = ask(share, [JX, RZ], facts)
    assert "1份报告合计" in answer.answer and "占比33.3%（12/36）" in answer.answer
    assert "其中1份报告缺少表三数据" in answer.answer and answer.verified


def test_a_ratio_with_a_zero_divisor_is_said_not_divided() -> None:
    facts = [fact(JX, "licensing_decisions", 5), fact(JX, "penalty_decisions", 0)]
    answer = ask(plan(Derivation.RATIO, "licensing_decisions", "penalty_decisions"), [JX], facts)
    assert "除数为0" in answer.answer and not [
        d for d in answer.derived if d.name.startswith("ratio")
    ]


def test_the_agencies_of_a_year_are_listed_and_counted() -> None:
    meta = QueryPlan(intent=Intent.LIST_META, subject=Subject.AGENCIES)
    answer = ask(meta, [JX, RZ], [])
    assert "共2个：汝州市信访局、郏县人民政府" in answer.answer and answer.verified


def test_a_composite_names_the_condition_and_cites_its_cells() -> None:
    condition = Condition(
        metric=Metric(key="review_corrected"), comparison=Comparison(op=Op.GT, value=0)
    )
    composite = QueryPlan(intent=Intent.SUMMARIZE_SECTION, condition=condition)
    cell = fact(JX, "review_corrected", 2)
    answer = ask(composite, [JX], [], condition_facts=[cell], condition_pool=[JX, RZ])
    first = answer.answer.splitlines()[0]
    assert first == "先按“行政复议结果纠正大于0”从2份报告中选出1份：郏县人民政府2024年（2件）。"
    assert answer.facts == [cell] and answer.verified


def test_rates_differ_in_percentage_points() -> None:
    facts = s3(JX, granted=12, partially_granted=1, total_processed=36)
    facts += s3(RZ, granted=5, partially_granted=1, total_processed=13)
    diff = plan(
        Derivation.DIFFERENCE,
        "disclosure_rate",
        filters={"agency_keys": [JX.agency_key, RZ.agency_key]},
    )
    answer = ask(diff, [JX, RZ], facts)
    assert "少10.0个百分点（36.1%-46.2%=-10.0）" in answer.answer and answer.verified
