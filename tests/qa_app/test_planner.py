"""The rule planner on the questions users ask, Chinese and English: the exact plan for each.

Each row states every field that matters for the question; `check` compares all of them, so a
reading that picks up an extra metric, year, agency or comparison fails.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from index.filters import Level
from ingest.normalize import match_key
from qa_app.question.plan import Aggregation, Intent, Language, Op, QueryPlan
from qa_app.question.planner import RulePlanner
from tests.qa_app.test_agencies import corpus_directory

ZH, EN = Language.ZH, Language.EN
It = Intent
LATEST = 2024


@dataclass(frozen=True)
class Expect:
    """The plan fields a question must produce (metrics as "key" or "key:column")."""

    intent: Intent
    metrics: tuple[str, ...] = ()
    years: tuple[int, ...] | None = None
    agencies: tuple[str, ...] | None = None
    language: Language = ZH
    appeals: bool = False
    comparison: tuple[Op, float] | None = None
    top_n: int | None = None
    claim: tuple[Op, float] | None = None
    aggregation: Aggregation | None = None
    section: str = "problems"
    descending: bool = True
    level: Level | None = None
    notes: tuple[str, ...] = ()  # each must occur in some note


def metric_names(plan: QueryPlan) -> tuple[str, ...]:
    return tuple(
        m.key if m.column in (None, "total") else f"{m.key}:{m.column}" for m in plan.metrics
    )


def check(plan: QueryPlan, expect: Expect) -> None:
    f = plan.filters
    got = Expect(
        intent=plan.intent,
        metrics=metric_names(plan),
        years=tuple(f.years) if f.years is not None else None,
        agencies=tuple(f.agency_keys) if f.agency_keys is not None else None,
        language=plan.language,
        appeals=plan.appeals,
        comparison=(plan.comparison.op, plan.comparison.value) if plan.comparison else None,
        top_n=plan.top_n,
        claim=(plan.claim.op, plan.claim.value) if plan.claim else None,
        aggregation=plan.aggregation,
        section=plan.section,
        descending=plan.descending,
        level=f.level,
        notes=tuple(n for n in expect.notes if any(n in note for note in plan.notes)),
    )
    wanted = Expect(**{**expect.__dict__, "agencies": _keys(expect.agencies)})
    assert got == wanted, plan.notes


def _keys(names: tuple[str, ...] | None) -> tuple[str, ...] | None:
    return None if names is None else tuple(match_key(n) for n in names)


JIA = ("郏县人民政府",)
RUZHOU = ("汝州市信访局",)
SHILI = ("示例县人民政府办公室",)
GT0 = (Op.GT, 0)
DENIED_ROWS = tuple(f"denied_{r}" for r in (
    "state_secret", "law_prohibited", "security_stability", "third_party", "internal_affairs",
    "process_info", "enforcement_file", "admin_query",
))  # fmt: skip

ZH_QUESTIONS: list[tuple[str, Expect]] = [
    ("2024年哪些机关有行政复议或行政诉讼？",
     Expect(It.LIST_WHERE, ("review_total", "litigation_total"), (2024,), comparison=GT0)),
    ("郏县人民政府2024年收到多少政府信息公开申请？其中多少予以公开？",
     Expect(It.LOOKUP, ("new_received", "granted"), (2024,), JIA)),
    ("郟縣2024年行政复议是9件吗？",
     Expect(It.VERIFY_CLAIM, ("review_total",), (2024,), JIA, claim=(Op.EQ, 9),
            notes=("郏县人民政府",))),
    ("总结各单位存在的主要问题", Expect(It.SUMMARIZE_SECTION)),
    ("哪些报告的数据不符合勾稽关系？", Expect(It.FIND_INCONSISTENT)),
    ("哪些报告的文字和表格不一致", Expect(It.FIND_INCONSISTENT)),
    ("2023年行政许可最多的前5个机关",
     Expect(It.RANK, ("licensing_decisions",), (2023,), top_n=5)),
    ("去年公开率最高的是哪个单位",
     Expect(It.RANK, ("disclosure_rate",), (2023,), top_n=1, notes=("2024",))),
    ("2022-2024年示例县人民政府办公室收到的申请数量变化",
     Expect(It.TREND, ("new_received",), (2022, 2023, 2024), SHILI)),
    ("自然人申请有多少",
     Expect(It.AGGREGATE, ("new_received:natural_person",), aggregation=Aggregation.SUM)),
    ("'; DROP TABLE cells; --", Expect(It.UNANSWERABLE, language=EN)),
    ("火星市气象局2024年收到多少申请",
     Expect(It.LOOKUP, ("new_received",), (2024,), (), notes=("火星市气象局",))),
    ("汝州信访局2022年不予公开多少件？", Expect(It.LOOKUP, ("denied_total",), (2022,), RUZHOU)),
    ("2024年因国家秘密不予公开的有哪些单位",
     Expect(It.LIST_WHERE, ("denied_state_secret",), (2024,), comparison=GT0)),
    ("示例县教育局2023年本机关不掌握相关政府信息的申请有多少",
     Expect(It.LOOKUP, ("unable_not_held",), (2023,), ("示例县教育局",))),
    ("2024年各单位行政诉讼总数合计",
     Expect(It.AGGREGATE, ("litigation_total",), (2024,), aggregation=Aggregation.SUM)),
    ("示例县人民政府办公室2023年和2024年行政复议纠正的件数比较",
     Expect(It.COMPARE_YEARS, ("review_corrected",), (2023, 2024), SHILI)),
    ("近三年示例县人民政府办公室的公开率趋势",
     Expect(It.TREND, ("disclosure_rate",), (2022, 2023, 2024), SHILI, notes=("近三年",))),
    ("郏县2024年复议后起诉的案件有几件",
     Expect(It.LOOKUP, ("litigation_after_review_total",), (2024,), JIA)),
    ("2024年直接起诉被纠正的有哪些单位",
     Expect(It.LIST_WHERE, ("litigation_direct_corrected",), (2024,), comparison=GT0)),
    ("2024年哪些单位没有收到政府信息公开申请",
     Expect(It.LIST_WHERE, ("new_received",), (2024,), comparison=(Op.EQ, 0))),
    ("2024年收到申请超过100件的单位有哪些",
     Expect(It.LIST_WHERE, ("new_received",), (2024,), comparison=(Op.GT, 100))),
    ("2024年企业申请最多的是哪个单位",
     Expect(It.RANK, ("new_received:commercial",), (2024,), top_n=1)),
    ("有多少份2023年的报告？", Expect(It.COUNT_REPORTS, years=(2023,))),
    ("2024年有几个单位被行政诉讼",
     Expect(It.AGGREGATE, ("litigation_total",), (2024,), comparison=GT0,
            aggregation=Aggregation.COUNT)),
    ("总结郏县人民政府2024年报告的总体情况",
     Expect(It.SUMMARIZE_SECTION, (), (2024,), JIA, section="overview")),
    ("汝州市信访局2022年其他需要报告的事项",
     Expect(It.SUMMARIZE_SECTION, (), (2022,), RUZHOU, section="other")),
    ("2024年平均每个单位收到多少申请",
     Expect(It.AGGREGATE, ("new_received",), (2024,), aggregation=Aggregation.AVG)),
    ("示例县人民政府办公室2024年行政事业性收费金额是多少万元",
     Expect(It.LOOKUP, ("admin_fee_amount_wan",), (2024,), SHILI)),
    ("样例市住建局2023年行政处罚决定有多少",
     Expect(It.LOOKUP, ("penalty_decisions",), (2023,), ("样例市住房和城乡建设局",))),
    ("演示区卫健委2024年规范性文件现行有效件数",
     Expect(It.LOOKUP, ("normative_docs_in_force",), (2024,), ("演示区卫生健康委员会",))),
    ("教育局2024年收到多少申请",
     Expect(It.LOOKUP, ("new_received",), (2024,), ("示例县教育局", "虚构市教育局"),
            notes=("教育局", "2个单位"))),
    ("郏县人民政府2024年收到申请九件，对吗？",
     Expect(It.VERIFY_CLAIM, ("new_received",), (2024,), JIA, claim=(Op.EQ, 9))),
    ("二〇二三年样例市人民政府上年结转的申请有多少",
     Expect(It.LOOKUP, ("carried_over",), (2023,), ("样例市人民政府",))),
    ("2024年行政复议超过两件的县级单位",
     Expect(It.LIST_WHERE, ("review_total",), (2024,), comparison=(Op.GT, 2), level=Level.COUNTY)),
    ("核对这个数字", Expect(It.UNANSWERABLE, notes=("要核对哪个数字",))),
    ("2024年哪些单位被复议或诉讼",
     Expect(It.LIST_WHERE, ("review_total", "litigation_total"), (2024,), appeals=True,
            comparison=GT0)),
    ("哪个单位的行政复议纠错率最高", Expect(It.RANK, ("correction_rate",), top_n=1)),
    ("示例县人民政府办公室2024年不予公开的理由有哪些",
     Expect(It.LOOKUP, DENIED_ROWS, (2024,), SHILI)),
    ("郏县人民政府2024年行政复议是不是零",
     Expect(It.VERIFY_CLAIM, ("review_total",), (2024,), JIA, claim=(Op.EQ, 0))),
    ("郏县人民政府2024年公开率是否超过90%",
     Expect(It.VERIFY_CLAIM, ("disclosure_rate",), (2024,), JIA, claim=(Op.GT, 90))),
    ("2024年公开率低于50%的单位有哪些",
     Expect(It.LIST_WHERE, ("disclosure_rate",), (2024,), comparison=(Op.LT, 50))),
    ("2024年郏县人民政府行政复议维持了几件，纠正了几件",
     Expect(It.LOOKUP, ("review_upheld", "review_corrected"), (2024,), JIA)),
    ("2024年有多少个单位没有行政复议",
     Expect(It.AGGREGATE, ("review_total",), (2024,), comparison=(Op.EQ, 0),
            aggregation=Aggregation.COUNT)),
    ("2024年示例县人民政府办公室的数据有误吗",
     Expect(It.FIND_INCONSISTENT, years=(2024,), agencies=SHILI)),
    ("2024年收到申请排名", Expect(It.RANK, ("new_received",), (2024,))),
    ("2024年行政诉讼尚未审结的单位",
     Expect(It.LIST_WHERE, ("litigation_direct_pending", "litigation_after_review_pending"),
            (2024,), comparison=GT0)),
    ("汝州市信访局哪一年收到的申请最多",
     Expect(It.RANK, ("new_received",), agencies=RUZHOU, top_n=1)),
    ("2024年样例市人民政府收到的申请比去年增加了吗",
     Expect(It.COMPARE_YEARS, ("new_received",), (2023, 2024), ("样例市人民政府",))),
]  # fmt: skip

EN_QUESTIONS: list[tuple[str, Expect]] = [
    ("which agencies had appeals in 2024?",
     Expect(It.LIST_WHERE, ("review_total", "litigation_total"), (2024,), language=EN,
            appeals=True, comparison=GT0)),
    ("Which agencies had reconsiderations or lawsuits in 2024?",
     Expect(It.LIST_WHERE, ("review_total", "litigation_total"), (2024,), language=EN,
            comparison=GT0)),
    ("How many information requests did 郏县人民政府 receive in 2024, and how many were granted?",
     Expect(It.LOOKUP, ("new_received", "granted"), (2024,), JIA, EN)),
    ("Is it true that 郏县人民政府 had 9 administrative reconsiderations in 2024?",
     Expect(It.VERIFY_CLAIM, ("review_total",), (2024,), JIA, EN, claim=(Op.EQ, 9))),
    ("Summarize the main problems reported by each agency",
     Expect(It.SUMMARIZE_SECTION, language=EN)),
    ("Which reports don't add up?", Expect(It.FIND_INCONSISTENT, language=EN)),
    ("Which reports' text disagrees with their tables?",
     Expect(It.FIND_INCONSISTENT, language=EN)),
    ("In which reports does the narrative contradict the tables?",
     Expect(It.FIND_INCONSISTENT, language=EN)),
    ("Top 5 agencies by licensing decisions in 2023",
     Expect(It.RANK, ("licensing_decisions",), (2023,), language=EN, top_n=5)),
    ("Which agency had the highest disclosure rate last year?",
     Expect(It.RANK, ("disclosure_rate",), (2023,), language=EN, top_n=1,
            notes=("latest report year",))),
    ("How did requests received by 示例县人民政府办公室 change from 2022 to 2024?",
     Expect(It.TREND, ("new_received",), (2022, 2023, 2024), SHILI, EN)),
    ("how many reports are there for 2022?",
     Expect(It.COUNT_REPORTS, years=(2022,), language=EN)),
    ("How many requests came from individuals in 2024?",
     Expect(It.AGGREGATE, ("new_received:natural_person",), (2024,), language=EN,
            aggregation=Aggregation.SUM, notes=("summed",))),
    ("How many requests did 火星市气象局 receive in 2024?",
     Expect(It.LOOKUP, ("new_received",), (2024,), (), EN, notes=("火星市气象局", "closest"))),
    ("Which agencies were sued in 2024?",
     Expect(It.LIST_WHERE, ("litigation_total",), (2024,), language=EN, comparison=GT0)),
    ("Which agencies had no lawsuits in 2024?",
     Expect(It.LIST_WHERE, ("litigation_total",), (2024,), language=EN, comparison=(Op.EQ, 0))),
    ("List agencies that received more than 100 requests in 2024",
     Expect(It.LIST_WHERE, ("new_received",), (2024,), language=EN, comparison=(Op.GT, 100))),
    ("How many requests were denied by 汝州市信访局 in 2022?",
     Expect(It.LOOKUP, ("denied_total",), (2022,), RUZHOU, EN)),
    ("How many requests did 汝州市信访局 deny because of third-party rights in 2022?",
     Expect(It.LOOKUP, ("denied_third_party",), (2022,), RUZHOU, EN)),
    ("Total lawsuits across all agencies in 2024",
     Expect(It.AGGREGATE, ("litigation_total",), (2024,), language=EN,
            aggregation=Aggregation.SUM)),
    ("Compare the requests received by 示例县人民政府办公室 in 2023 and 2024",
     Expect(It.COMPARE_YEARS, ("new_received",), (2023, 2024), SHILI, EN)),
    ("What is the trend of administrative reconsiderations for 样例市人民政府 over the years?",
     Expect(It.TREND, ("review_total",), None, ("样例市人民政府",), EN)),
    ("How many agencies had lawsuits in 2024?",
     Expect(It.AGGREGATE, ("litigation_total",), (2024,), language=EN, comparison=GT0,
            aggregation=Aggregation.COUNT)),
    ("Which agency received the fewest requests in 2024?",
     Expect(It.RANK, ("new_received",), (2024,), language=EN, top_n=1, descending=False)),
    ("What was the correction rate of 郏县人民政府 in 2024?",
     Expect(It.LOOKUP, ("correction_rate",), (2024,), JIA, EN)),
    ("How many lawsuits filed after reconsideration did 郏县人民政府 have in 2024?",
     Expect(It.LOOKUP, ("litigation_after_review_total",), (2024,), JIA, EN)),
    ("Verify that 汝州市信访局 received 12 requests in 2022",
     Expect(It.VERIFY_CLAIM, ("new_received",), (2022,), RUZHOU, EN, claim=(Op.EQ, 12))),
    ("Did 郏县人民政府 receive twelve requests in 2024?",
     Expect(It.VERIFY_CLAIM, ("new_received",), (2024,), JIA, EN, claim=(Op.EQ, 12))),
    ("Which agencies had at least 3 administrative reconsiderations in 2024?",
     Expect(It.LIST_WHERE, ("review_total",), (2024,), language=EN, comparison=(Op.GE, 3))),
    ("Average number of requests per agency in 2023",
     Expect(It.AGGREGATE, ("new_received",), (2023,), language=EN,
            aggregation=Aggregation.AVG)),
    ("How many reports do we have?", Expect(It.COUNT_REPORTS, language=EN)),
    ("Give me an overview of 郏县人民政府's 2024 report",
     Expect(It.SUMMARIZE_SECTION, (), (2024,), JIA, EN, section="overview")),
    ("How many requests were carried over from last year by 郏县人民政府 in 2024?",
     Expect(It.LOOKUP, ("carried_over",), (2024,), JIA, EN)),
    ("Which county-level agencies received the most requests from companies in 2024?",
     Expect(It.RANK, ("new_received:commercial",), (2024,), language=EN, top_n=10,
            level=Level.COUNTY, notes=("top 10",))),
    ("What's the weather in Beijing?",
     Expect(It.UNANSWERABLE, language=EN, notes=("names no figure",))),
    ("郏县人民政府2024年行政许可比行政处罚多出几件",
     Expect(It.DERIVE, ("licensing_decisions", "penalty_decisions"), (2024,), JIA)),
    ("2022年有哪些机关的报告", Expect(It.LIST_META, years=(2022,))),
    ("申请量超过100件的机关哪些提到了人员不足", Expect(It.MENTIONS)),
    ("How much did 示例县人民政府办公室 collect in administrative fees in 2024?",
     Expect(It.LOOKUP, ("admin_fee_amount_wan",), (2024,), SHILI, EN)),
    ("Were more than 5 requests to 郏县人民政府 denied in 2024?",
     Expect(It.VERIFY_CLAIM, ("denied_total",), (2024,), JIA, EN, claim=(Op.GT, 5))),
    ("What share of requests did 郏县人民政府 disclose in 2024?",
     Expect(It.LOOKUP, ("disclosure_rate",), (2024,), JIA, EN)),
    ("How many county-level reports are there?",
     Expect(It.COUNT_REPORTS, language=EN, level=Level.COUNTY)),
    ("Rank agencies by lawsuits in 2024",
     Expect(It.RANK, ("litigation_total",), (2024,), language=EN)),
    ("Did 郏县人民政府 have zero lawsuits in 2024?",
     Expect(It.VERIFY_CLAIM, ("litigation_total",), (2024,), JIA, EN, claim=(Op.EQ, 0))),
    ("Why were requests to 汝州市信访局 denied in 2022?",
     Expect(It.LOOKUP, DENIED_ROWS, (2022,), RUZHOU, EN)),
    ("What problems did 汝州市信访局 report in 2022?",
     Expect(It.SUMMARIZE_SECTION, (), (2022,), RUZHOU, EN)),
    ("What is the average disclosure rate of city-level agencies in 2024?",
     Expect(It.AGGREGATE, ("disclosure_rate",), (2024,), language=EN,
            aggregation=Aggregation.AVG, level=Level.CITY)),
]  # fmt: skip


@pytest.fixture(scope="module")
def planner() -> RulePlanner:
    return RulePlanner(corpus_directory(), latest_year=LATEST)


@pytest.mark.parametrize(("question", "expect"), ZH_QUESTIONS, ids=[q for q, _ in ZH_QUESTIONS])
def test_chinese_questions(planner: RulePlanner, question: str, expect: Expect) -> None:
    check(planner.plan(question), expect)


@pytest.mark.parametrize(("question", "expect"), EN_QUESTIONS, ids=[q for q, _ in EN_QUESTIONS])
def test_english_questions(planner: RulePlanner, question: str, expect: Expect) -> None:
    check(planner.plan(question), expect)


def test_the_table_covers_every_intent() -> None:
    intents = {e.intent for _q, e in ZH_QUESTIONS + EN_QUESTIONS}
    assert intents == set(Intent)
    assert len(ZH_QUESTIONS) >= 30 and len(EN_QUESTIONS) >= 30


@pytest.mark.parametrize(
    "question",
    [
        "示例县各机关2022年共收到多少申请？",
        "What was the total number of requests received by agencies in 示例县 in 2022?",
    ],
)
def test_a_total_over_a_regions_agencies_is_a_sum(planner: RulePlanner, question: str) -> None:
    plan = planner.plan(question)
    assert (plan.intent, plan.aggregation) == (Intent.AGGREGATE, Aggregation.SUM)
    assert plan.filters.regions == ["示例县"] and len(plan.filters.agency_keys or []) > 1


def test_gong_before_a_verb_does_not_sum_one_agency(planner: RulePlanner) -> None:
    assert planner.plan("郏县人民政府2024年共收到多少申请？").intent is Intent.LOOKUP


def test_an_agency_named_in_english_is_unknown_not_everyone(planner: RulePlanner) -> None:
    plan = planner.plan("How many requests did the Mars Weather Bureau receive in 2024?")
    assert plan.filters.agency_keys == []  # matches no report, rather than all of them
    assert any("Mars Weather Bureau" in note for note in plan.notes)


def test_grant_as_a_verb_is_the_granted_row(planner: RulePlanner) -> None:
    plan = planner.plan("How many requests did 郏县人民政府 grant in 2024?")
    assert [m.key for m in plan.metrics] == ["granted"]
