"""The verifier: every number of an answer must be a cited cell, a derivation, a coverage count,
a year, a rank or (in a claim check) the claim; quoted passages must hold their numbers."""

from __future__ import annotations

from qa_app.answer.model import Answer, Coverage, Derived
from qa_app.answer.verify import verify, verify_text
from qa_app.execution.evidence import Citation
from qa_app.question.plan import Claim, Intent, Metric, QueryPlan
from tests.qa_app.test_compose_base import JX, appeals_facts, fact, s3

APPEALS_TEXT = (
    "郏县人民政府：行政复议7件（维持1件、纠正2件、其他2件、尚未审结2件）；行政诉讼0件\n"
    "基于2024年的37份报告；其中2份报告缺少表四数据。"
)
LOOKUP = QueryPlan(intent=Intent.LOOKUP, metrics=[Metric(key="review_total")])


def appeals_answer(text: str = APPEALS_TEXT) -> Answer:
    facts = appeals_facts(JX, review=(1, 2, 2, 2, 7))
    litigation = Derived(
        name="litigation_total", label="行政诉讼总数", value=0, formula="0+0", inputs=[9, 14]
    )
    coverage = Coverage(
        reports_considered=37, reports_with_values=35, reports_missing_values=["ra", "rb"],
        years=[2024],
    )  # fmt: skip
    return Answer(question="q", answer=text, facts=facts, derived=[litigation], coverage=coverage)


def test_an_answer_whose_every_number_is_backed_is_verified() -> None:
    answer = verify(appeals_answer(), LOOKUP)
    assert answer.verified
    assert answer.mismatches == []


def test_a_tampered_number_is_a_mismatch_at_its_position() -> None:
    text = APPEALS_TEXT.replace("行政复议7件", "行政复议9件")
    answer = verify(appeals_answer(text), LOOKUP)
    assert not answer.verified
    assert [(m.number, m.position) for m in answer.mismatches] == [("9", 11)]
    assert answer.mismatches[0].reason == "value of no cited cell, derivation or coverage count"


def test_a_chinese_numeral_is_checked_too() -> None:
    text = APPEALS_TEXT.replace("行政复议7件", "行政复议九件")
    answer = verify(appeals_answer(text), LOOKUP)
    assert [(m.number, m.position) for m in answer.mismatches] == [("九", 11)]
    backed = APPEALS_TEXT.replace("行政复议7件", "行政复议七件")
    assert verify(appeals_answer(backed), LOOKUP).verified


def test_a_wrong_coverage_count_is_caught() -> None:
    text = APPEALS_TEXT.replace("其中2份", "其中3份")
    answer = verify(appeals_answer(text), LOOKUP)
    assert [m.number for m in answer.mismatches] == ["3"]


def test_years_must_be_years_of_the_cited_reports() -> None:
    assert verify_text("郏县人民政府2024年行政复议7件", [fact(JX, "review_total", 7)]) == []
    [wrong] = verify_text("郏县人民政府2023年行政复议7件", [fact(JX, "review_total", 7)])
    assert (wrong.number, wrong.position, wrong.reason) == ("2023", 6, "year of no cited report")


def test_ranks_and_top_n_are_allowed() -> None:
    plan = QueryPlan(intent=Intent.RANK, metrics=[Metric(key="new_received")], top_n=2)
    other = JX.model_copy(update={"report_id": "rb"})
    facts = s3(JX, new_received=36) + s3(other, new_received=20)
    text = "本年新收申请最多的前2名：\n1. 郏县人民政府：36件\n2. 郏县人民政府：20件（第2名）"
    assert verify_text(text, facts, plan=plan) == []
    [beyond] = verify_text(text + "，第5名", facts, plan=plan)
    assert (beyond.number, beyond.reason) == ("5", "rank beyond the listed items")


def test_ids_are_ignored() -> None:
    text = "郏县人民政府（报告r2d010da56d67）：行政复议7件 [r2d010da56d67:problems:0]"
    assert verify_text(text, [fact(JX, "review_total", 7)]) == []


def test_rates_are_matched_as_printed_percentages() -> None:
    facts = s3(JX, granted=12, partially_granted=1, total_processed=36)
    rate = Derived(
        name="disclosure_rate", label="公开率", value=13 / 36, formula="(12+1)/36", inputs=[0, 1, 2]
    )
    assert verify_text("公开率36.1%（(12+1)/36）", facts, [rate]) == []
    assert verify_text("公开率36%", facts, [rate]) == []
    [wrong] = verify_text("公开率36.2%", facts, [rate])
    assert (wrong.number, wrong.reason) == ("36.2", "percentage of no derived rate")
    [not_a_rate] = verify_text("公开率12%", facts, [rate])
    assert not_a_rate.number == "12"


def test_derived_values_may_be_rounded_as_printed_but_cells_must_be_exact() -> None:
    money = [fact(JX, "admin_fee_amount_wan", 2561.768)]
    mean = Derived(name="avg:admin_fee_amount_wan", label="平均", value=1281.134, formula="x")
    assert verify_text("收费2561.768万元，平均1281.13万元", money, [mean]) == []
    [rounded] = verify_text("收费2561.77万元", money, [mean])
    assert rounded.number == "2561.77"


def test_the_claimed_value_is_allowed_only_where_stated_as_the_claim() -> None:
    plan = QueryPlan(
        intent=Intent.VERIFY_CLAIM, metrics=[Metric(key="review_total")], claim=Claim(value=9)
    )
    facts = [fact(JX, "review_total", 7)]
    assert verify_text("不对：郏县人民政府2024年行政复议共7件，而非9件。", facts, plan=plan) == []
    [stated] = verify_text("是的：郏县人民政府2024年行政复议共9件。", facts, plan=plan)
    assert (stated.number, stated.position) == ("9", 19)


def test_numbers_of_a_quoted_passage_must_be_in_that_passage() -> None:
    passage = Citation(
        passage_id="rac45c66ce7d4:problems:0", report_id="rac45c66ce7d4",
        agency="朝阳县人民政府办公室", year=2021, section="problems",
        text="二是增强政府信息公开时效性。督促各部门要在政府信息形成之日起20日内在网上公开。",
    )  # fmt: skip
    quoted = (
        "朝阳县人民政府办公室（2021）改进情况：1. 督促各部门要在政府信息形成之日起20日内在网上公开"
        " [rac45c66ce7d4:problems:0]"
    )
    assert verify_text(quoted, [], passages=[passage]) == []
    [wrong] = verify_text(quoted.replace("20日", "30日"), [], passages=[passage])
    assert wrong.number == "30"
    assert wrong.reason == "not in the cited passage rac45c66ce7d4:problems:0"


def test_plan_notes_and_agency_names_are_not_checked_as_figures() -> None:
    plan = QueryPlan(
        intent=Intent.LOOKUP, metrics=[Metric(key="review_total")], notes=["“去年”按2023年理解"]
    )
    five = JX.model_copy(update={"agency": "五家渠市人民政府"})
    facts = [fact(five, "review_total", 7)]
    text = "五家渠市人民政府2024年：行政复议总计7件。\n说明：“去年”按2023年理解。"
    assert verify_text(text, facts, plan=plan) == []


def test_verify_text_checks_an_llm_written_text_the_same_way() -> None:
    facts = s3(JX, new_received=36, granted=12)
    assert verify_text("郏县人民政府2024年收到36件申请，其中12件予以公开。", facts) == []
    [made_up] = verify_text("郏县人民政府2024年收到38件申请，其中十二件予以公开。", facts)
    assert (made_up.number, made_up.position) == ("38", 13)
