"""The rule planner on questions as people ask them (issue 14): derived figures, meta
questions, composite questions, missing years, and places the corpus lacks."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from ingest.normalize import match_key
from qa_app.question.agencies import AgencyDirectory
from qa_app.question.plan import Derivation, Intent, Op, QueryPlan, Subject
from qa_app.question.planner import RulePlanner
from tests.qa_app.test_agencies import SEED_AGENCIES, corpus_directory, report_row

JIA = "郏县人民政府"
SHILI = "示例县人民政府办公室"
EDU = "示例县教育局"


@dataclass(frozen=True)
class Want:
    intent: Intent
    metrics: tuple[str, ...] = ()
    years: tuple[int, ...] | None = None
    agencies: tuple[str, ...] | None = None
    derivation: Derivation | None = None
    pooled: bool = False
    subject: Subject = Subject.REPORTS
    condition: tuple[str, Op, float] | None = None
    topic: str | None = None


def _metric(key: str, column: str | None) -> str:
    return key if column in (None, "total") else f"{key}:{column}"


def got(plan: QueryPlan) -> Want:
    c = plan.condition
    return Want(
        intent=plan.intent,
        metrics=tuple(_metric(m.key, m.column) for m in plan.metrics),
        years=tuple(plan.filters.years) if plan.filters.years is not None else None,
        agencies=tuple(plan.filters.agency_keys) if plan.filters.agency_keys is not None else None,
        derivation=plan.derivation,
        pooled=plan.pooled,
        subject=plan.subject,
        condition=(_metric(c.metric.key, c.metric.column), c.comparison.op, c.comparison.value)
        if c
        else None,
        topic=plan.topic,
    )


def want(w: Want) -> Want:
    keys = None if w.agencies is None else tuple(match_key(a) for a in w.agencies)
    return Want(**{**w.__dict__, "agencies": keys})


D, S = Derivation, Subject
LIC_PEN = ("licensing_decisions", "penalty_decisions")
CASES: list[tuple[str, Want]] = [
    # differences, ratios, growth, shares
    ("郏县行政许可比行政处罚多出几件",
     Want(It := Intent.DERIVE, LIC_PEN, None, (JIA,), D.DIFFERENCE)),
    ("郏县人民政府2024年行政许可和行政处罚相差多少",
     Want(It, LIC_PEN, (2024,), (JIA,), D.DIFFERENCE)),
    ("How many more licensing decisions than penalty decisions did 郏县人民政府 make in 2024?",
     Want(It, LIC_PEN, (2024,), (JIA,), D.DIFFERENCE)),
    ("郏县人民政府2024年予以公开比部分公开多多少",
     Want(It, ("granted", "partially_granted"), (2024,), (JIA,), D.DIFFERENCE)),
    ("示例县人民政府办公室2024年收到的申请比上年增长了百分之几",
     Want(It, ("new_received",), (2023, 2024), (SHILI,), D.GROWTH)),
    ("示例县人民政府办公室2024年申请量的增长率",
     Want(It, ("new_received",), (2023, 2024), (SHILI,), D.GROWTH)),
    ("By what percentage did requests to 示例县人民政府办公室 grow in 2024?",
     Want(It, ("new_received",), (2023, 2024), (SHILI,), D.GROWTH)),
    ("2024年示例县人民政府办公室收到的申请是示例县教育局的几倍",
     Want(It, ("new_received",), (2024,), (SHILI, EDU), D.RATIO)),
    ("2024年示例县人民政府办公室和示例县教育局收到的申请相差多少",
     Want(It, ("new_received",), (2024,), (SHILI, EDU), D.DIFFERENCE)),
    ("What share of requests were granted in full across all agencies in 2023?",
     Want(It, ("granted", "total_processed"), (2023,), None, D.SHARE, pooled=True)),
    ("2023年全部机关予以公开占办理结果总计的比例",
     Want(It, ("granted", "total_processed"), (2023,), None, D.SHARE, pooled=True)),
    ("2024年各机关予以公开的占比",
     Want(It, ("granted", "total_processed"), (2024,), None, D.SHARE)),
    ("郏县人民政府2024年部分公开占办理总数的百分之几",
     Want(It, ("partially_granted", "total_processed"), (2024,), (JIA,), D.SHARE)),
    ("郏县予以公开的申请是百分之几",
     Want(It, ("granted", "total_processed"), None, (JIA,), D.SHARE)),
    ("郏县人民政府2024年予以公开的占比",
     Want(It, ("granted", "total_processed"), (2024,), (JIA,), D.SHARE)),
    ("2024年自然人申请占多大比例",
     Want(It, ("new_received:natural_person", "new_received"), (2024,), None, D.SHARE,
          pooled=True)),
    ("郏县行政复议被纠正的占比",
     Want(It, ("review_corrected", "review_total"), None, (JIA,), D.SHARE)),
    ("郏县的申请人里企业占多少",
     Want(It, ("new_received:commercial", "new_received"), None, (JIA,), D.SHARE)),
    ("郏县人民政府公开率比示例县人民政府办公室高多少",
     Want(It, ("disclosure_rate",), None, (JIA, SHILI), D.DIFFERENCE)),
    # meta
    ("2022年有哪些机关的报告", Want(Intent.LIST_META, years=(2022,), subject=S.AGENCIES)),
    ("Which years do we have for 示例县教育局?",
     Want(Intent.LIST_META, agencies=(EDU,), subject=S.YEARS)),
    ("郏县有哪几年的报告", Want(Intent.LIST_META, agencies=(JIA,), subject=S.YEARS)),
    ("语料里有哪些地区", Want(Intent.LIST_META, subject=S.REGIONS)),
    ("列出2024年的所有报告", Want(Intent.LIST_META, years=(2024,), subject=S.REPORTS)),
    ("How many agencies are in the corpus?", Want(Intent.COUNT_REPORTS, subject=S.AGENCIES)),
    ("一共有多少个地区", Want(Intent.COUNT_REPORTS, subject=S.REGIONS)),
    ("How many reports are there for 2022?", Want(Intent.COUNT_REPORTS, years=(2022,))),
    ("How many years of reports do we have?", Want(Intent.COUNT_REPORTS, subject=S.YEARS)),
    ("Do we have 2019 reports?", Want(Intent.LIST_META, years=(2019,))),
    # composite
    ("总结行政复议被纠正的机关存在的主要问题",
     Want(Intent.SUMMARIZE_SECTION, condition=("review_corrected", Op.GT, 0))),
    ("申请量超过100件的机关哪些提到了人员不足",
     Want(Intent.MENTIONS, condition=("new_received", Op.GT, 100), topic="人员不足")),
    ("Summarize the problems of agencies whose reconsiderations were corrected in 2024",
     Want(Intent.SUMMARIZE_SECTION, years=(2024,), condition=("review_corrected", Op.GT, 0))),
    ("Which agencies with more than 100 requests mention staff shortages?",
     Want(Intent.MENTIONS, condition=("new_received", Op.GT, 100), topic="staff shortages")),
    ("2024年没有行政复议的机关都提到了什么问题",
     Want(Intent.SUMMARIZE_SECTION, years=(2024,), condition=("review_total", Op.EQ, 0))),
    ("summarize the overview of agencies with no requests in 2024",
     Want(Intent.SUMMARIZE_SECTION, years=(2024,), condition=("new_received", Op.EQ, 0))),
    ("2024年哪些机关提到了依申请公开",
     Want(Intent.MENTIONS, years=(2024,), topic="依申请公开")),
    ("2024年有行政诉讼的机关存在哪些问题",
     Want(Intent.SUMMARIZE_SECTION, years=(2024,), condition=("litigation_total", Op.GT, 0))),
]  # fmt: skip


@pytest.fixture(scope="module")
def planner() -> RulePlanner:
    return RulePlanner(corpus_directory(), latest_year=2024)


@pytest.mark.parametrize(("question", "expected"), CASES, ids=[q for q, _ in CASES])
def test_the_plan(planner: RulePlanner, question: str, expected: Want) -> None:
    plan = planner.plan(question)
    assert got(plan) == want(expected), plan.notes


def test_a_composite_plan_shows_both_steps(planner: RulePlanner) -> None:
    plan = planner.plan("申请量超过100件的机关哪些提到了人员不足")
    assert plan.steps == ["select reports where new_received > 100", "mentions “人员不足”"]


def test_a_missing_year_names_the_years_there_are(planner: RulePlanner) -> None:
    plan = planner.plan("郏县去年收到了多少信息公开申请")
    assert plan.filters.years == [2023]  # asked, and said to be absent
    assert any("2023" in n and "现有年份：2024" in n for n in plan.notes), plan.notes
    nearest = planner.plan("郏县2023年收到多少申请？没有的话用最近一年的")
    assert nearest.filters.years == [2024]
    assert any("2024" in n and "最近" in n for n in nearest.notes), nearest.notes


@pytest.mark.parametrize(
    "question",
    ["上海市人民政府办公厅2024年收到多少申请", "上海市人民政府2024年行政复议有几件",
     "How many requests did 上海市人民政府办公厅 receive in 2024?"],
)  # fmt: skip
def test_a_place_the_corpus_lacks_is_never_another_places_agency(
    planner: RulePlanner, question: str
) -> None:
    plan = planner.plan(question)
    assert plan.filters.agency_keys == []  # no report, rather than 示范市人民政府's
    assert any("上海市人民政府" in n and ("最接近" in n or "closest" in n) for n in plan.notes)
    assert not any("可指" in n or "fits" in n for n in plan.notes)


def test_a_bare_level_form_stays_ambiguous_between_stored_agencies(planner: RulePlanner) -> None:
    plan = planner.plan("市人民政府2024年收到多少申请")
    assert len(plan.filters.agency_keys or []) >= 2


HUAIAN = (("淮安市人民政府", "淮安市", 2024), ("淮安市人民政府办公室", "淮安市", 2024))


@pytest.mark.parametrize("extra", [(), HUAIAN], ids=["seeds", "seeds+huaian"])
@pytest.mark.parametrize(
    "name", ["上海市人民政府办公厅", "上海市人民政府", "上海市政府办", "北京市人民政府办公厅"]
)
def test_a_named_place_is_never_matched_to_another_places_government(
    extra: tuple[tuple[str, str, int], ...], name: str
) -> None:
    """The corpus of the issue: a government of another city (淮安市), or only county ones."""
    rows = [report_row(*a) for a in (*SEED_AGENCIES, *extra)]
    planner = RulePlanner(AgencyDirectory.from_rows(rows), 2024)
    plan = planner.plan(f"{name}2024年收到多少申请")
    assert plan.filters.agency_keys == []
    assert any(name in n and "最接近" in n for n in plan.notes), plan.notes
    assert not any("理解" in n for n in plan.notes), plan.notes


def test_the_corpus_own_city_is_still_found() -> None:
    rows = [report_row(*a) for a in (*SEED_AGENCIES, *HUAIAN)]
    planner = RulePlanner(AgencyDirectory.from_rows(rows), 2024)
    assert planner.plan("淮安市人民政府2024年收到多少申请").filters.agency_keys == [
        "淮安市人民政府"
    ]
    assert planner.plan("郏县2024年收到多少申请").filters.agency_keys == ["郏县人民政府"]


def test_the_real_corpus_of_the_issue() -> None:
    """../shared/corpus: 淮安市洪泽区人民政府, 沭阳县人民政府, 平潭综合实验区管委会."""
    rows = [report_row("淮安市洪泽区人民政府", "洪泽区", 2023),
            report_row("沭阳县人民政府", "沭阳县", 2025),
            report_row("平潭综合实验区管委会", "平潭综合实验区", 2022)]  # fmt: skip
    planner = RulePlanner(AgencyDirectory.from_rows(rows), 2025)
    for question in ("上海市人民政府办公厅2023年收到多少申请", "淮安市人民政府2023年收到多少申请"):
        plan = planner.plan(question)
        assert plan.filters.agency_keys == [], (question, plan.notes)
        assert any("最接近" in n for n in plan.notes)
    own = planner.plan("淮安市洪泽区人民政府2023年收到多少申请")
    assert own.filters.agency_keys == [match_key("淮安市洪泽区人民政府")]


def _edition_rows(edition: str, year: int) -> list:
    return [report_row(SHILI, "示例县", year).model_copy(update={"format_version": edition})]


@pytest.mark.parametrize(
    ("rows", "keys"),
    [
        (_edition_rows("v2021", 2024), ["admin_fee_amount_wan"]),
        (_edition_rows("v2019", 2020), ["admin_fee_items_change"]),
        (_edition_rows("v2019", 2020) + _edition_rows("v2021", 2024),
         ["admin_fee_amount_wan", "admin_fee_items_change"]),
    ],
    ids=["v2021", "v2019", "both"],
)  # fmt: skip
def test_fees_are_read_by_the_edition_of_the_reports_asked_about(rows: list, keys: list) -> None:
    planner = RulePlanner(AgencyDirectory.from_rows(rows), 2024)
    plan = planner.plan(f"{SHILI}收费多少")
    assert [m.key for m in plan.metrics] == keys
    assert any("2019版" in n for n in plan.notes) == ("admin_fee_items_change" in keys)


def test_the_plan_json_shows_both_steps(planner: RulePlanner) -> None:
    dumped = planner.plan("总结行政复议被纠正的机关存在的主要问题").model_dump(mode="json")
    assert dumped["steps"] == ["select reports where review_corrected > 0", "summarize_section"]
    assert dumped["condition"]["metric"]["key"] == "review_corrected"


def test_a_regions_agencies_are_all_listed(planner: RulePlanner) -> None:
    plan = planner.plan("示例县有哪些单位")
    assert (plan.intent, plan.subject, plan.filters.regions) == (
        Intent.LIST_META, Subject.AGENCIES, ["示例县"],
    )  # fmt: skip
    assert len(plan.filters.agency_keys or []) > 2
