"""The questions of issue 14, as a new user asked them, over the seeds and synthetic reports
stored in SQLite: each answered with the right figure, its formula or its reports, every
number sourced. Expected values come from the generator's records and the seeds' hand-typed
cells, never from govqa's output."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from ingest.parse import parse_file
from ingest.schema import Report
from synthetic import generate_corpus
from tests.conftest import SEEDS_DIR, seed_path
from tests.ingest.test_seeds import META, SEED_003
from tests.qa_app.small_corpus import SmallCorpus, store_reports

YEARS = (2020, 2021, 2022, 2023, 2024)
JIA = "郏县人民政府"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SmallCorpus]:
    if not SEEDS_DIR.is_dir():
        pytest.skip("seed reports not available")
    seeds = [parse_file(seed_path(prefix)) for prefix in sorted(META)]
    synthetic = generate_corpus(10, YEARS, 20241)
    stored = store_reports(tmp_path_factory.mktemp("issue14"), seeds + synthetic)
    yield stored
    stored.close()


def synthetic_records(corpus: SmallCorpus) -> list[Report]:
    return [r for r in corpus.reports if r.id.startswith("syn")]


def total(report: Report, row: str) -> int | None:
    cell = report.s3.get(row, {}).get("total")
    return None if cell is None or cell.value is None else int(cell.value)


def test_the_fee_asked_in_everyday_words(corpus: SmallCorpus) -> None:
    for question in (
        "郏县一年收了多少费",
        "郏县收费金额是多少",
        "How much in fees did 郏县 collect?",
    ):
        answer = corpus.ask(question)
        (fact,) = answer.facts
        assert (fact.agency, fact.field) == (JIA, "admin_fee_amount_wan"), question
        assert fact.value == SEED_003["s2"]["admin_fee_amount_wan"] and fact.source is not None
        assert "2561.768" in answer.answer and answer.verified


@pytest.mark.parametrize(
    "question",
    ["郏县行政许可比行政处罚多出几件", "郏县人民政府2024年行政许可和行政处罚相差多少？",
     "How many more licensing decisions than penalty decisions did 郏县 make?"],
)  # fmt: skip
def test_a_difference_is_computed_with_its_formula(corpus: SmallCorpus, question: str) -> None:
    answer = corpus.ask(question)
    licensing, penalty = (SEED_003["s2"][k] for k in ("licensing_decisions", "penalty_decisions"))
    diff = licensing - penalty
    assert f"{licensing}-{penalty}={diff}" in answer.answer
    assert [d.value for d in answer.derived if d.name.startswith("diff:")] == [diff]
    assert {f.field for f in answer.facts} == {"licensing_decisions", "penalty_decisions"}
    assert all(f.source is not None for f in answer.facts) and answer.verified


def test_the_agencies_with_reports_in_a_year(corpus: SmallCorpus) -> None:
    answer = corpus.ask("2022年有哪些机关的报告")
    expected = {r.agency for r in corpus.reports if r.year == 2022}
    assert expected and all(name in answer.answer for name in expected)
    absent = {r.agency for r in corpus.reports} - expected
    assert not any(name in answer.answer for name in absent if name)
    assert f"共{len(expected)}个" in answer.answer and answer.verified


def test_the_years_there_are_for_an_agency(corpus: SmallCorpus) -> None:
    record = synthetic_records(corpus)[0]
    answer = corpus.ask(f"Which years do we have for {record.agency}?")
    years = sorted(r.year for r in corpus.reports if r.agency == record.agency)
    assert all(str(y) in answer.answer for y in years) and f"{len(years)} years" in answer.answer


def test_a_corpus_wide_share_pools_the_cells(corpus: SmallCorpus) -> None:
    answer = corpus.ask("What share of requests were granted in full across all agencies in 2023?")
    in_2023 = [r for r in corpus.reports if r.year == 2023]
    pairs = [(total(r, "granted"), total(r, "total_processed")) for r in in_2023]
    usable = [(g, t) for g, t in pairs if g is not None and t is not None]
    granted, processed = sum(g for g, _ in usable), sum(t for _, t in usable)
    share = Decimal(granted) / Decimal(processed)
    assert f"{granted}/{processed}" in answer.answer
    assert f"{float(share) * 100:.1f}%" in answer.answer
    assert f"{len(usable)} report" in answer.answer and answer.verified
    assert {f.field for f in answer.facts} == {"granted", "total_processed"}


def test_growth_between_two_years_of_one_agency(corpus: SmallCorpus) -> None:
    record = next(r for r in synthetic_records(corpus) if r.year == 2024)
    earlier = next(r for r in corpus.reports if r.agency == record.agency and r.year == 2023)
    a, b = total(record, "new_received"), total(earlier, "new_received")
    assert a is not None and b
    answer = corpus.ask(f"{record.agency}2024年收到的申请比上年增长了百分之几")
    growth = (a - b) / b
    assert f"({a}-{b})/{b}" in answer.answer
    assert f"{abs(growth) * 100:.1f}%" in answer.answer and answer.verified


def test_a_missing_year_says_which_years_exist(corpus: SmallCorpus) -> None:
    answer = corpus.ask("郏县去年收到了多少信息公开申请")
    assert not answer.facts  # no other year's or agency's figure stands in
    assert any("2023" in n and "2024" in n for n in answer.notes), answer.notes


def test_problems_of_the_agencies_whose_reconsiderations_were_corrected(
    corpus: SmallCorpus,
) -> None:
    answer = corpus.ask("总结行政复议被纠正的机关存在的主要问题")
    corrected = {r.id for r in corpus.reports if (c := r.s4.get("review_corrected")) and c.value}
    assert corrected and {p.report_id for p in answer.passages} <= corrected
    assert {p.report_id for p in answer.passages}  # some of them have a problems section
    assert {f.report_id for f in answer.facts} == corrected  # the cells that selected each
    assert all(f.field == "review_corrected" and f.value for f in answer.facts)
    assert (
        answer.answer.startswith("先按") and "再对这些报告作答" in answer.answer and answer.verified
    )
    assert answer.plan is not None and len(answer.plan.steps) == 2


def test_agencies_with_many_requests_that_mention_staffing(corpus: SmallCorpus) -> None:
    answer = corpus.ask("申请量超过100件的机关哪些提到了人员不足")
    busy = {r.id for r in corpus.reports if (total(r, "new_received") or 0) > 100}
    assert {f.report_id for f in answer.facts} == busy
    cited = {p.report_id for p in answer.passages}
    assert cited and cited <= busy
    for passage in answer.passages:
        assert any(w in passage.text for w in ("人员", "兼职", "人手")), passage.text
        assert passage.passage_id in answer.answer
    assert answer.verified


@pytest.mark.parametrize(
    "question",
    [
        "上海市人民政府办公厅2024年收到多少申请",
        "How many requests did 上海市人民政府办公厅 receive in 2024?",
    ],
)
def test_a_place_the_corpus_lacks_gets_no_other_places_figures(
    corpus: SmallCorpus, question: str
) -> None:
    answer = corpus.ask(question)
    assert not answer.facts
    assert any("上海市人民政府办公厅" in n for n in answer.notes)
    assert not any("按" in n and "人民政府理解" in n for n in answer.notes)


def test_the_table_three_fields_keep_their_names(corpus: SmallCorpus) -> None:
    """A colloquial phrasing of a 三 row and of an applicant column reads the right cell."""
    answer = corpus.ask("郏县有多少老百姓来申请")
    (fact,) = answer.facts
    assert (fact.field, fact.column, fact.value) == ("new_received", "natural_person", 35)
