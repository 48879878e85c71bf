"""A small stored corpus for planner-level tests: synthetic records (and the seeds when present)
written straight into SQLite with their passages, without embeddings, and asked through the
same path as Engine.ask (rule planner, executor, composer, verifier) with no vector search."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from index.chunking import chunk_report
from index.queries import ReadOnlyStore
from index.sqlstore import SqlStore, sqlite_url
from ingest.checks import check_carry_over
from ingest.schema import Report
from qa_app.answer.model import Answer
from qa_app.engine.asking import answer_question
from qa_app.question.agencies import AgencyDirectory
from qa_app.question.planner import RulePlanner


@dataclass
class SmallCorpus:
    """Reports stored in SQLite, and the rule planner over their agencies."""

    reports: list[Report]
    store: ReadOnlyStore
    planner: RulePlanner

    def ask(self, question: str) -> Answer:
        return answer_question(question, self.planner, self.store, search=None, chat_model=None)

    def close(self) -> None:
        self.store.dispose()


def store_reports(folder: Path, reports: Sequence[Report]) -> SmallCorpus:
    """Write `reports` (checks recomputed across years) into a new SQLite store in `folder`."""
    url = sqlite_url(folder)
    writer = SqlStore(url)
    carry = check_carry_over(list(reports))
    for report in reports:
        report = report.model_copy(update={"checks": [*report.checks, *carry.get(report.id, [])]})
        writer.insert_pending(report, chunk_report(report))
        writer.complete(report.id)
    rows = writer.summaries()
    writer.dispose()
    directory = AgencyDirectory.from_rows(rows)
    return SmallCorpus(
        list(reports), ReadOnlyStore.open(url), RulePlanner(directory, directory.latest_year)
    )
