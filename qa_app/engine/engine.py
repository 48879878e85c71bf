"""The Engine: what govqa does, for every front end (CLI, Streamlit). It returns models, never
formatted text; all SQL lives in `index/`.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from langchain_core.language_models import BaseChatModel
from pydantic import BaseModel, Field

from index.corpus import Corpus, EmbedProgress, ReconcileResult
from index.datadir import writing
from index.embedders import Embedder, make_embedder
from index.filters import ReportFilter
from index.lock import writer_lock
from index.queries import ReadOnlyStore
from index.retrieval import Hit, SearchFilters
from index.sqlstore import ReportRow
from index.vector_ledger import VectorCoverage
from ingest.checks import check_carry_over
from ingest.discover import Discovery, discover, find
from ingest.errors import GovqaError
from ingest.parse import parse_file
from ingest.schema import CheckOutcome, Report
from qa_app.answer.model import Answer
from qa_app.engine.asking import answer_question, make_planner
from qa_app.engine.ingesting import (
    Embedding,
    EmbedRun,
    IngestOutcome,
    IngestRun,
    IngestStatus,
    Progress,
    embed_all,
    ingest_candidates,
)
from qa_app.execution.evidence import CheckFinding
from qa_app.execution.executor import Executor
from qa_app.llm import make_chat_model
from qa_app.question.agencies import AgencyDirectory
from qa_app.question.plan import Intent, QueryPlan
from qa_app.question.planner_llm import CorpusContext, Planner
from qa_app.question.semantic import GlossaryRanker
from qa_app.settings import Settings, settings_hash

__all__ = [
    "CheckRun",
    "CorpusSummary",
    "EmbedRun",
    "Engine",
    "IngestOutcome",
    "IngestRun",
    "IngestStatus",
    "Progress",
]

log = logging.getLogger("govqa")


class CorpusSummary(BaseModel):
    """The stored corpus at a glance (the app's sidebar)."""

    reports: int
    by_year: dict[int, int] = Field(default_factory=dict)
    agencies: dict[str, str] = Field(default_factory=dict, description="agency_key -> name")
    regions: list[str] = Field(default_factory=list)


class CheckRun(BaseModel):
    """`govqa check`: failed and not-assessable identities, and files that could not be parsed."""

    problems: list[CheckFinding] = Field(default_factory=list)
    failed_files: list[str] = Field(default_factory=list)
    reports: list[Report] = Field(
        default_factory=list, exclude=True, description="The reports parsed (files only)."
    )


class Engine:
    """govqa over one data dir. Stores are opened on first use and reused."""

    def __init__(
        self,
        settings: Settings,
        *,
        embedder: Embedder | None = None,
        chat_model: BaseChatModel | None = None,
    ) -> None:
        self.settings = settings
        self._embedder = embedder
        self._corpus: Corpus | None = None
        self._chat_model = chat_model
        self._chat_model_made = chat_model is not None
        self._readonly: ReadOnlyStore | None = None
        self._planner: tuple[int, Planner] | None = None
        self._ranker: GlossaryRanker | None = None

    @property
    def corpus(self) -> Corpus:
        if self._corpus is None:
            key = self.settings.embedder_api_key
            embedder = self._embedder or make_embedder(
                self.settings.embedder,
                url=self.settings.embedder_url,
                api_key=key.get_secret_value() if key else None,
            )
            with writing(self.settings.data_dir):
                self._corpus = Corpus.open(
                    self.settings.data_dir,
                    embedder,
                    db_url=self.settings.db_url,
                    chroma_url=self.settings.chroma_url,
                )
        return self._corpus

    def close(self) -> None:
        if self._corpus is not None:
            self._corpus.close()
            self._corpus = None
        if self._readonly is not None:
            self._readonly.dispose()
            self._readonly = None

    @property
    def chat_model(self) -> BaseChatModel | None:
        """The configured LLM, or None (the default: deterministic answers)."""
        if not self._chat_model_made:
            self._chat_model = make_chat_model(self.settings)
            self._chat_model_made = True
        return self._chat_model

    @property
    def readonly(self) -> ReadOnlyStore:
        """The query path's store: no connection from it can write."""
        if self._readonly is None:
            url = self.corpus.sql.url  # opening the corpus creates the database and schema
            self._readonly = ReadOnlyStore.open(url)
        return self._readonly

    @property
    def ranker(self) -> GlossaryRanker:
        """The semantic fallback over the glossary, with the corpus's (cached) embedder: the
        glossary is embedded once per process, and read back from the store after the first."""
        if self._ranker is None:
            self._ranker = GlossaryRanker(self.corpus.embedder)
        return self._ranker

    def planner(self, chat_model: BaseChatModel | None = None) -> Planner:
        """The planner for the stored corpus, rebuilt when the stored reports change. A chat
        model given here (the app's per-session LLM) is used instead of the configured one."""
        generation = self.corpus.sql.generation()
        if chat_model is not None:
            rows = self.reports()
            return make_planner(
                AgencyDirectory.from_rows(rows),
                CorpusContext.from_reports(rows),
                chat_model,
                self.ranker,
            )
        if self._planner is None or self._planner[0] != generation:
            rows = self.reports()
            planner = make_planner(
                AgencyDirectory.from_rows(rows),
                CorpusContext.from_reports(rows),
                self.chat_model,
                self.ranker,
            )
            self._planner = (generation, planner)
        return self._planner[1]

    def ask(
        self,
        question: str,
        *,
        scope: ReportFilter | None = None,
        chat_model: BaseChatModel | None = None,
    ) -> Answer:
        """Answer a question from the stored corpus; every number is checked against cells.
        `scope` narrows the reports (the app's filters); `chat_model` overrides the LLM."""
        answer = answer_question(
            question,
            self.planner(chat_model),
            self.readonly,
            search=lambda q, k, f: self.corpus.search(q, k=k, filters=f),
            chat_model=chat_model or self.chat_model,
            scope=scope,
            embed=self.corpus.embedder.embed_passages,
        )
        answer.settings_hash = settings_hash(self.settings)
        note = self.search_note()
        if note:
            answer.notes.append(note)
        return answer

    def vector_coverage(self) -> VectorCoverage | None:
        """How much of the corpus is searchable by meaning (cheap counts); None when the
        embedder's collection cannot be named (its server never reached)."""
        return self.corpus.coverage()

    def search_note(self) -> str | None:
        """What is not yet searchable by meaning, for answers and the app: reports still
        waiting for vectors, vectors the store lost, or an embedding server that is down."""
        try:
            coverage = self.vector_coverage()
        except GovqaError as exc:
            return f"search by meaning is unavailable ({exc}); keyword search is used"
        if coverage is None:
            return "the embedding server cannot be reached; keyword search is used"
        return coverage.message()

    # ------------------------------------------------------------------ writing

    def ingest(
        self, paths: Iterable[str | Path], *, progress: Progress | None = None
    ) -> list[IngestOutcome]:
        """Parse and store every report file under `paths`; each file ends with an outcome."""
        return self.ingest_run(paths, progress=progress).outcomes

    def ingest_run(
        self,
        paths: Iterable[str | Path],
        *,
        progress: Progress | None = None,
        embed: bool = True,
        embed_progress: EmbedProgress | None = None,
    ) -> IngestRun:
        """Tables first: every report is answerable from its tables as soon as it is stored;
        passage vectors are made alongside (embed=True) and finished before this returns, or
        left to `embed`. Any report still without vectors (an earlier run killed, a lost vector
        store, a new model) is embedded too."""
        started = time.monotonic()
        found = find(paths)
        with writing(self.settings.data_dir), writer_lock(self.settings.data_dir):
            reconciled = self.reconcile()
            embedding = Embedding(self.corpus, embed_progress).start() if embed else None
            outcomes = ingest_candidates(self.corpus, found.candidates, progress, embedding)
            outcomes.extend(_passed_over(found))
            tables = time.monotonic() - started
            run = embedding.finish() if embedding else None
        if run is not None:
            run.restored = len(reconciled.vectors_lost)
        return IngestRun(outcomes=outcomes, tables_seconds=tables, embedding=run)

    def embed(self, *, progress: EmbedProgress | None = None) -> EmbedRun:
        """Embed the passages of every stored report that has no vectors yet (resumes where
        an ingest or an earlier embed stopped; restores vectors a vector store lost)."""
        with writing(self.settings.data_dir), writer_lock(self.settings.data_dir):
            reconciled = self.reconcile()
            run = embed_all(self.corpus, progress=progress)
        run.restored = len(reconciled.vectors_lost)
        return run

    def reconcile(self) -> ReconcileResult:
        """Clean up after an interrupted ingest (the writer lock must be held)."""
        return self.corpus.reconcile()

    def remove(self, report_id: str) -> None:
        """Remove one report from every store."""
        with writing(self.settings.data_dir), writer_lock(self.settings.data_dir):
            self.corpus.remove(report_id)

    def summary(self) -> CorpusSummary:
        """What the stored corpus holds: reports by year, agencies, regions."""
        rows = self.reports()
        by_year = Counter(r.year for r in rows if r.year is not None)
        agencies = {r.agency_key: r.agency for r in rows if r.agency_key and r.agency}
        return CorpusSummary(
            reports=len(rows),
            by_year=dict(sorted(by_year.items())),
            agencies=dict(sorted(agencies.items(), key=lambda kv: kv[1] or "")),
            regions=sorted({r.region for r in rows if r.region}),
        )

    def problems(self, scope: ReportFilter | None = None) -> list[CheckFinding]:
        """Every failed or not-assessable identity of the stored reports, S1 across years
        included, each naming the cells it used."""
        plan = QueryPlan(intent=Intent.FIND_INCONSISTENT, filters=scope or ReportFilter())
        return Executor(self.readonly).run(plan).findings

    # ------------------------------------------------------------------ reading

    def reports(self) -> list[ReportRow]:
        return self.corpus.sql.summaries()

    def show(self, report_id: str) -> Report:
        return self.corpus.sql.report(report_id)

    def search(self, query: str, *, k: int = 10, filters: SearchFilters | None = None) -> list[Hit]:
        return self.corpus.search(query, k=k, filters=filters)

    @staticmethod
    def parse(path: str | Path) -> Report:
        """Parse one file without storing it."""
        candidate = next(iter(discover([path])))
        return parse_file(candidate.path, candidate.entry)

    @staticmethod
    def check_files(paths: Sequence[str | Path]) -> CheckRun:
        """Parse files without storing them and list their failed and not-assessable
        identities, S1 across their years included; a file that cannot be parsed is named."""
        reports, failures = Engine.parse_many(paths)
        for report_id, results in check_carry_over(reports).items():
            next(r for r in reports if r.id == report_id).checks.extend(results)
        problems = [
            CheckFinding(report=r.ref, check=c)
            for r in reports
            for c in r.checks
            if c.outcome is not CheckOutcome.PASS
        ]
        return CheckRun(problems=problems, failed_files=failures, reports=reports)

    @staticmethod
    def parse_many(paths: Sequence[str | Path]) -> tuple[list[Report], list[str]]:
        """Parse files without storing them: the reports, and one message per failed file."""
        reports: list[Report] = []
        failures: list[str] = []
        found = find(paths)
        for candidate in found.candidates:
            try:
                reports.append(parse_file(candidate.path, candidate.entry))
            except GovqaError as exc:
                failures.append(str(exc))
        failures.extend(s.message for s in found.skipped)
        return reports, failures


def _passed_over(found: Discovery) -> list[IngestOutcome]:
    """A failed outcome for every path discovery could not use: listed, never silent."""
    return [
        IngestOutcome(path=str(s.path), status=IngestStatus.FAILED, reason=s.message)
        for s in found.skipped
    ]
