"""The generated evaluation of issue 14: >= 1000 questions from templates x glossary x
agencies x years, Chinese and English, formal and colloquial, every intent, checked against
facts computed from the generator's records. Structured questions must all be right."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from qa_app.question.agencies import AgencyDirectory
from qa_app.question.planner import RulePlanner
from synthetic import catalogue
from tests.qa_app import eval_grammar as grammar
from tests.qa_app.small_corpus import SmallCorpus, store_reports
from tests.qa_app.test_agencies import report_row


@pytest.fixture(scope="module")
def records() -> list:
    return grammar.corpus_records()


@pytest.fixture(scope="module")
def questions(records: list) -> list[grammar.Question]:
    return grammar.build(records)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, records: list) -> Iterator[SmallCorpus]:
    folder: Path = tmp_path_factory.mktemp("grammar")
    stored = store_reports(folder, grammar.parsed_reports(records, folder))
    yield stored
    stored.close()


INTENTS = {"lookup", "derive", "list_meta", "count_reports", "composite", "missing_year",
           "not_in_corpus", "list_where", "rank", "aggregate", "verify_claim"}  # fmt: skip


def test_the_grammar_covers_languages_registers_and_intents(
    questions: list[grammar.Question],
) -> None:
    assert len(questions) >= 1000
    assert len({q.text for q in questions}) >= 0.95 * len(questions)
    mix = grammar.coverage(questions)
    assert all(mix.get(k, 0) >= 50 for k in ("zh/formal", "zh/colloquial", "en/formal"))
    intents = {q.intent for q in questions}
    assert intents >= INTENTS


def test_every_generated_question_is_answered_right_and_sourced(
    corpus: SmallCorpus, questions: list[grammar.Question]
) -> None:
    score = grammar.run(questions, corpus.ask)
    print("\n" + score.table())
    assert not score.failures, score.failures[:10]


@pytest.mark.slow
def test_planning_stays_fast_over_ten_thousand_reports(questions: list[grammar.Question]) -> None:
    """The rule planner over a directory of 10k stored reports (2,000 agencies x 5 years):
    p95 of plan() well within the ask budget (500 ms at 10k reports, execution included)."""
    rows = [report_row(a.name, a.region, y) for a in catalogue(2000) for y in grammar.YEARS]
    directory = AgencyDirectory.from_rows(rows)
    planner = RulePlanner(directory, directory.latest_year)
    sample = questions[:: max(1, len(questions) // 300)]
    timings = []
    for question in sample:
        started = time.perf_counter()
        planner.plan(question.text)
        timings.append(time.perf_counter() - started)
    timings.sort()
    p95 = timings[int(0.95 * (len(timings) - 1))]
    assert p95 < 0.2, f"p95 {p95 * 1000:.0f} ms"
