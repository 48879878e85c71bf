"""compare_years and trend: per-year values, differences as derived numbers, and the chart."""

from __future__ import annotations

import pytest

from ingest.schema import ReportRef
from qa_app.question.plan import Intent, Language, Metric, QueryPlan
from tests.qa_app.test_compose_base import JX, JX23, RZ, ask, s3

RZ23 = ReportRef(
    id="r97c00eb02023", agency="汝州市信访局", agency_key="汝州市信访局",
    region="汝州市", year=2023,
)  # fmt: skip


def years_plan(intent: Intent, *keys: str, language: Language = Language.ZH) -> QueryPlan:
    return QueryPlan(intent=intent, metrics=[Metric(key=k) for k in keys], language=language)


def jiaxian_facts():
    return s3(JX23, new_received=30, granted=10, partially_granted=2, total_processed=32) + s3(
        JX, new_received=36, granted=12, partially_granted=1, total_processed=36
    )


def test_compare_years_gives_each_year_and_the_difference() -> None:
    plan = years_plan(Intent.COMPARE_YEARS, "new_received")
    answer = ask(plan, [JX, JX23], jiaxian_facts())
    assert answer.answer.splitlines() == [
        "郏县人民政府本年新收申请：2023年30件，2024年36件；2024年比2023年增加6件。",
        "基于2023、2024年的2份报告。",
    ]
    [diff] = answer.derived
    assert (diff.name, diff.value, diff.formula) == ("diff:new_received", 6, "36-30")
    assert [answer.facts[i].year for i in diff.inputs] == [2023, 2024]
    assert answer.chart is not None
    assert answer.chart.kind == "bar"
    assert answer.chart.series[0].points == [("2023", 30.0), ("2024", 36.0)]
    assert answer.verified


def test_compare_years_of_a_rate_changes_by_percentage_points() -> None:
    plan = years_plan(Intent.COMPARE_YEARS, "disclosure_rate")
    answer = ask(plan, [JX23, JX], jiaxian_facts())
    assert answer.answer.splitlines()[0] == (
        "郏县人民政府公开率：2023年37.5%（(10+2)/32），2024年36.1%（(12+1)/36）；"
        "2024年比2023年下降1.4个百分点。"
    )
    diff = answer.derived[-1]
    assert diff.name == "diff:disclosure_rate"
    assert diff.value == pytest.approx(13 / 36 - 12 / 32)
    assert answer.chart is not None
    assert answer.chart.series[0].points == [("2023", 37.5), ("2024", 36.1)]
    assert answer.verified


def test_compare_years_in_english() -> None:
    plan = years_plan(Intent.COMPARE_YEARS, "new_received", language=Language.EN)
    answer = ask(plan, [JX23, JX], jiaxian_facts())
    assert answer.answer.splitlines() == [
        "郏县人民政府 — new requests received: 2023: 30; 2024: 36; 2024 vs 2023: up 6.",
        "Based on 2 reports of 2023, 2024.",
    ]
    assert answer.verified


def test_a_blank_year_is_said_and_not_compared() -> None:
    facts = s3(JX23, new_received=None) + s3(JX, new_received=36)
    answer = ask(years_plan(Intent.COMPARE_YEARS, "new_received"), [JX23, JX], facts)
    assert answer.answer.splitlines() == [
        "郏县人民政府本年新收申请：2023年空白（未填报），2024年36件；2024年与2023年无法比较。",
        "基于2023、2024年的2份报告；其中1份报告缺少表三数据。",
    ]
    assert answer.derived == []
    assert answer.chart is not None
    assert answer.chart.series[0].points == [("2023", None), ("2024", 36.0)]


def test_trend_of_one_agency_is_a_line_chart() -> None:
    answer = ask(years_plan(Intent.TREND, "new_received"), [JX23, JX], jiaxian_facts())
    assert answer.chart is not None and answer.chart.kind == "line"
    assert answer.answer.splitlines()[0] == (
        "郏县人民政府本年新收申请：2023年30件，2024年36件；2024年比2023年增加6件。"
    )


def test_trend_over_several_agencies_sums_each_year() -> None:
    facts = jiaxian_facts() + s3(RZ23, new_received=4) + s3(RZ, new_received=None)
    answer = ask(years_plan(Intent.TREND, "new_received"), [JX23, JX, RZ23, RZ], facts)
    assert answer.answer.splitlines() == [
        "所选报告合计（有数值的报告：2023年2份，2024年1份）本年新收申请："
        "2023年34件，2024年36件；2024年比2023年增加2件。",
        "基于2023、2024年的4份报告；其中1份报告缺少表三数据。",
    ]
    sums = [(d.name, d.value, d.formula) for d in answer.derived if d.name.startswith("sum:")]
    assert sums == [("sum:new_received", 34, "30+4")]
    assert answer.chart is not None
    assert answer.chart.series[0].points == [("2023", 34.0), ("2024", 36.0)]
    assert answer.verified


def test_many_agencies_over_two_years_are_charted_agency_by_agency() -> None:
    refs, facts = [], []
    for i in range(6):
        for year in (2023, 2024):
            ref = ReportRef(id=f"r{i}{year}", agency=f"第{i}局", agency_key=f"第{i}局",
                            region="某县", year=year)  # fmt: skip
            refs.append(ref)
            facts += s3(ref, new_received=10 * i + year - 2023)
    answer = ask(years_plan(Intent.COMPARE_YEARS, "new_received"), refs, facts)
    assert answer.chart is not None and answer.chart.x_label == "机关"
    assert [s.label for s in answer.chart.series] == ["2023", "2024"]
    assert answer.chart.series[1].points == [(f"第{i}局", 10.0 * i + 1) for i in range(6)]
