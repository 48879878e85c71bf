"""The lexicon: every canonical field is reachable by its printed name (zh) and its English name,
everyday words land on the right field, and the combination rules (groups, table 四 blocks and
results, table 二 rows and columns, the bare 申请) hold."""

from __future__ import annotations

import pytest

from ingest.template import FIELD_CATALOG, S3_APPLICANT_KEYS
from qa_app.question.lexicon import build_metrics, read_metrics, scan_terms
from qa_app.question.plan import Intent, QueryPlan
from qa_app.question.planner import RulePlanner
from tests.qa_app.test_agencies import corpus_directory

FIELDS = sorted((key, info.zh, info.en) for (_section, key), info in FIELD_CATALOG.items())
OTHER_HANDLING = ["other_total", "other_no_correction", "other_fee_unpaid", "other_misc"]


@pytest.fixture(scope="module")
def planner() -> RulePlanner:
    return RulePlanner(corpus_directory(), latest_year=2024)


def keys(plan: QueryPlan) -> list[str]:
    return [m.key for m in plan.metrics]


def words(text: str) -> list[str]:
    """The metric keys the lexicon reads in `text` alone."""
    return read_metrics(scan_terms(text)).keys


@pytest.mark.parametrize(("key", "zh", "en"), FIELDS, ids=[f[0] for f in FIELDS])
def test_every_field_is_found_by_its_chinese_and_english_name(
    planner: RulePlanner, key: str, zh: str, en: str
) -> None:
    expected = OTHER_HANDLING if key == "other_total" else [key]
    zh_plan = planner.plan(f"示例县人民政府办公室2024年{zh}是多少？")
    en_plan = planner.plan(f"What was the {en} of 示例县人民政府办公室 in 2024?")
    for plan in (zh_plan, en_plan):
        assert (plan.intent, keys(plan)) == (Intent.LOOKUP, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("收到多少申请", ["new_received"]),
        ("新收申请", ["new_received"]),
        ("上年结转的申请", ["carried_over"]),
        ("结转下年度继续办理", ["carried_forward"]),
        ("予以公开", ["granted"]),
        ("公开了多少", ["granted"]),
        ("部分公开", ["partially_granted"]),
        ("不予公开的申请", ["denied_total"]),
        ("属于国家秘密不予公开", ["denied_state_secret"]),
        ("因保护第三方合法权益不予公开", ["denied_third_party"]),
        ("过程性信息", ["denied_process_info"]),
        ("内部事务信息", ["denied_internal_affairs"]),
        ("行政执法案卷", ["denied_enforcement_file"]),
        ("行政查询事项", ["denied_admin_query"]),
        ("危及三安全一稳定", ["denied_security_stability"]),
        ("无法提供", ["unable_total"]),
        ("本机关不掌握", ["unable_not_held"]),
        ("需要另行制作", ["unable_needs_creation"]),
        ("不予处理", ["not_processed_total"]),
        ("信访举报投诉类申请", ["not_processed_complaint"]),
        ("重复申请", ["not_processed_duplicate"]),
        ("要求提供公开出版物", ["not_processed_publication"]),
        ("无正当理由大量反复申请", ["not_processed_excessive"]),
        ("逾期不补正", ["other_no_correction"]),
        ("办理结果总计", ["total_processed"]),
        ("公开率", ["disclosure_rate"]),
        ("纠错率", ["correction_rate"]),
        ("行政复议", ["review_total"]),
        ("复议维持", ["review_upheld"]),
        ("行政复议尚未审结", ["review_pending"]),
        ("行政诉讼", ["litigation_total"]),
        ("被起诉", ["litigation_total"]),
        ("直接起诉", ["litigation_direct_total"]),
        ("复议后起诉", ["litigation_after_review_total"]),
        ("诉讼纠正", ["litigation_direct_corrected", "litigation_after_review_corrected"]),
        ("规章废止", ["regulations_repealed"]),
        ("规范性文件", ["normative_docs_issued"]),
        ("行政许可", ["licensing_decisions"]),
        ("行政处罚", ["penalty_decisions"]),
        ("行政强制", ["coercion_decisions"]),
        ("行政事业性收费", ["admin_fee_amount_wan"]),
        ("政府集中采购金额", ["procurement_amount"]),
        ("requests received", ["new_received"]),
        ("carried over", ["carried_over"]),
        ("carried forward to next year", ["carried_forward"]),
        ("granted", ["granted"]),
        ("disclosed in full", ["granted"]),
        ("partially disclosed", ["partially_granted"]),
        ("requests refused", ["denied_total"]),
        ("not disclosed", ["denied_total"]),
        ("withheld as state secrets", ["denied_state_secret"]),
        ("information not held", ["unable_not_held"]),
        ("unable to provide", ["unable_total"]),
        ("not processed", ["not_processed_total"]),
        ("complaints", ["not_processed_complaint"]),
        ("duplicate requests", ["not_processed_duplicate"]),
        ("requests processed", ["total_processed"]),
        ("administrative reconsideration", ["review_total"]),
        ("administrative review upheld", ["review_upheld"]),
        ("reconsiderations still pending", ["review_pending"]),
        ("lawsuits", ["litigation_total"]),
        ("litigation", ["litigation_total"]),
        ("sued directly", ["litigation_direct_total"]),
        ("lawsuits after reconsideration", ["litigation_after_review_total"]),
        ("disclosure rate", ["disclosure_rate"]),
        ("correction rate", ["correction_rate"]),
        ("regulations repealed", ["regulations_repealed"]),
        ("normative documents in force", ["normative_docs_in_force"]),
        ("licensing decisions", ["licensing_decisions"]),
        ("penalties", ["penalty_decisions"]),
        ("coercive measures", ["coercion_decisions"]),
        ("administrative fees", ["admin_fee_amount_wan"]),
    ],
)
def test_everyday_words(text: str, expected: list[str]) -> None:
    assert words(text) == expected


@pytest.mark.parametrize(
    ("text", "appeals"),
    [("申诉", True), ("被复议或诉讼", True), ("appeals", True), ("appealed", True),
     ("行政复议或行政诉讼", False), ("reconsiderations or lawsuits", False)],
)  # fmt: skip
def test_appeals_means_both_blocks_and_says_so_only_when_not_named(
    text: str, appeals: bool
) -> None:
    reading = read_metrics(scan_terms(text))
    assert (reading.keys, reading.appeals) == (["review_total", "litigation_total"], appeals)


@pytest.mark.parametrize(
    ("text", "columns"),
    [
        ("自然人", ["natural_person"]),
        ("个人申请", ["natural_person"]),
        ("商业企业", ["commercial"]),
        ("企业申请", ["commercial"]),
        ("科研机构", ["research"]),
        ("社会公益组织", ["social_org"]),
        ("律师", ["legal_service"]),
        ("法律服务机构", ["legal_service"]),
        ("其他申请人", ["other"]),
        ("法人或其他组织", list(S3_APPLICANT_KEYS[1:])),
        ("citizens", ["natural_person"]),
        ("individuals", ["natural_person"]),
        ("companies", ["commercial"]),
        ("research institutions", ["research"]),
        ("NGOs", ["social_org"]),
        ("law firms", ["legal_service"]),
        ("other applicants", ["other"]),
    ],
)
def test_applicant_columns(text: str, columns: list[str]) -> None:
    assert read_metrics(scan_terms(text)).columns == columns


def test_a_column_applies_to_every_table_three_metric_named() -> None:
    metrics, ignored = build_metrics(read_metrics(scan_terms("企业和律师申请中不予公开的")))
    assert [(m.key, m.column) for m in metrics] == [
        ("denied_total", "commercial"),
        ("denied_total", "legal_service"),
    ]
    assert ignored is False


def test_a_column_with_only_table_four_metrics_is_ignored_and_noted(
    planner: RulePlanner,
) -> None:
    plan = planner.plan("2024年企业提起行政诉讼的单位有哪些")
    assert [(m.key, m.column) for m in plan.metrics] == [("litigation_total", None)]
    assert any("只适用于表三" in n for n in plan.notes)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("不予公开的申请有多少", ["denied_total"]),  # the bare 申请 yields to a named row
        ("申请有多少", ["new_received"]),  # ... and stands when alone
        ("收到多少申请，其中多少予以公开", ["new_received", "granted"]),  # a verb stays
        ("收到多少行政复议", ["review_total"]),  # 收到 governs a table 四 count
        ("received how many lawsuits", ["litigation_total"]),
        ("不予公开中属于国家秘密和第三方的", ["denied_state_secret", "denied_third_party"]),
        ("公开率和纠错率", ["disclosure_rate", "correction_rate"]),
    ],
)
def test_combination_rules(text: str, expected: list[str]) -> None:
    assert words(text) == expected


def test_longest_words_win(planner: RulePlanner) -> None:
    assert words("政府信息公开工作年度报告") == []  # the domain's own name is no metric
    assert words("上年结转") == ["carried_over"]  # not 上年 (a year) and not 结转
    assert words("确认或重新出具") == ["not_processed_confirm_reissue"]


def test_ambiguous_words_are_read_and_noted(planner: RulePlanner) -> None:
    plan = planner.plan("郏县人民政府2024年结转了多少申请")
    assert keys(plan) == ["carried_forward"]
    assert any("结转下年度继续办理" in n for n in plan.notes)
    plan = planner.plan("郏县人民政府2024年其他处理的申请")
    assert keys(plan) == OTHER_HANDLING
    assert any("2019版" in n for n in plan.notes)


def test_a_table_two_column_the_row_lacks_falls_back_to_its_main_column(
    planner: RulePlanner,
) -> None:
    plan = planner.plan("郏县人民政府2024年行政许可废止了多少")
    assert keys(plan) == ["licensing_decisions"]
    assert any("主要栏目" in n for n in plan.notes)
