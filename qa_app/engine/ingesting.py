"""How files become stored reports, tables first: read and hash each file (same bytes already
stored: unchanged, no parse), parse the rest a window at a time (in a small process pool when
there are many: parsing is CPU-bound and per file; the next window is parsed while this one is
stored), and store each report atomically in SQL, so
its tables, checks and keywords are answerable at once. Passage vectors follow in a background
thread of the same ingest (`Embedding`), which embeds whatever complete report has none yet,
until the last window is stored and nothing is left; or later, by `govqa embed`."""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from enum import StrEnum

from pydantic import BaseModel, Field

from index.corpus import AddStatus, Corpus, EmbedProgress
from index.parent_watch import exit_with_parent
from index.parse_worker import ParseJob, ParseResult, internal_error, parse_job
from index.sqlstore import COMPLETE
from index.store_rows import ReportRows
from index.vector_ledger import VectorCoverage
from ingest.discover import Candidate
from ingest.errors import GovqaError
from ingest.readers import read_bytes
from qa_app.engine.summary_cache import embed_summary_points

log = logging.getLogger("govqa")

# Files parsed per round, and stored in one SQL transaction: each commit writes every index
# page the window touched (ix_cells_field spreads a report over the whole index), so a larger
# window writes less per report (5,000 reports into SQLite: 4.6-4.8 ms of writer wall time per
# report at 64, 5.8-7.0 at 16). Still well under a second of parsing before the first commit.
WINDOW = 64
POOL_FROM = 8  # files to parse before a process pool pays for its start-up
WORKERS = max(2, min(8, os.cpu_count() or 2))  # parser processes: the machine's cores


class IngestStatus(StrEnum):
    INGESTED = "ingested"
    WARNINGS = "ingested_with_warnings"
    UNCHANGED = "unchanged"
    FAILED = "failed"


class IngestOutcome(BaseModel):
    """What happened to one file of an ingest."""

    path: str
    status: IngestStatus
    report_id: str | None = None
    agency: str | None = None
    region: str | None = None
    year: int | None = None
    replaced: list[str] = Field(default_factory=list, description="Ids of reports it replaced.")
    warnings: list[str] = Field(default_factory=list)
    reason: str | None = Field(None, description="Why the file failed.")


Progress = Callable[[int, int, IngestOutcome], None]


class ParserPool:
    """Parses a window's files: in-process for a few files, else in worker processes.

    Workers are spawned, not forked: a forked worker would inherit the data dir's writer lock
    and, if the ingest were killed, keep holding it; they die with the ingest
    (index/parent_watch.py). A worker sends back the report's SQL rows, built there. A worker
    that dies (a native PDF library crashing, the kernel killing it for memory) costs only the
    file it was parsing: the window is parsed again one file per fresh process, and the pool is
    rebuilt for the next window.
    """

    def __init__(self, files: int, work: Callable[[ParseJob], ParseResult] = parse_job) -> None:
        self.parallel = files >= POOL_FROM
        self.work = work  # module-level (it is pickled by name); tests pass one that crashes
        self._pool: ProcessPoolExecutor | None = None

    def parse(self, jobs: Sequence[ParseJob]) -> list[ParseResult]:
        return self.submit(jobs)()

    def submit(self, jobs: Sequence[ParseJob]) -> Callable[[], list[ParseResult]]:
        """Start parsing `jobs` in the workers; the returned call waits for the results. So
        the next window is parsed while this one is stored (in-process: parsed when called)."""
        jobs = list(jobs)
        if not self.parallel:
            return lambda: [self.work(job) for job in jobs]
        if self._pool is None:
            self._pool = _workers(WORKERS)
        pool = self._pool
        try:
            futures = [pool.submit(self.work, job) for job in jobs]
        except BrokenProcessPool:
            futures = []

        def results() -> list[ParseResult | None]:
            if len(futures) != len(jobs):
                return [None] * len(jobs)
            return [_result(future) for future in futures]

        def wait() -> list[ParseResult]:
            got = results()
            if all(result is not None for result in got):
                return [result for result in got if result is not None]
            log.warning("a parser process died; parsing this window's files one by one")
            if self._pool is pool:  # a window queued behind this one may have rebuilt it
                self.close()
            return [
                result if result is not None else _isolated(self.work, job)
                for result, job in zip(got, jobs, strict=True)
            ]

        return wait

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


def _result(future: Future[ParseResult]) -> ParseResult | None:
    """A parse's result; None when its pool broke (a worker died) before it was parsed."""
    try:
        return future.result()
    except (BrokenProcessPool, CancelledError):
        return None


_SPAWN = multiprocessing.get_context("spawn")


def _workers(n: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        max_workers=n, mp_context=_SPAWN, initializer=exit_with_parent, initargs=(os.getpid(),)
    )


def _isolated(work: Callable[[ParseJob], ParseResult], job: ParseJob) -> ParseResult:
    """Parse one file in a process of its own; its death is this file's failure only."""
    with _workers(1) as one:
        try:
            return one.submit(work, job).result()
        except BrokenProcessPool:
            return None, (
                "the parser process died on this file (a crash in a reading library, or the "
                "system ran out of memory); the file may be damaged: re-export it, or convert "
                "it to PDF or text"
            )


def failed(path: str, reason: str) -> IngestOutcome:
    return IngestOutcome(path=path, status=IngestStatus.FAILED, reason=reason)


def _stored(rows: ReportRows, status: AddStatus, replaced: Sequence[str]) -> IngestOutcome:
    if status is AddStatus.UNCHANGED:
        kind = IngestStatus.UNCHANGED
    else:
        kind = IngestStatus.WARNINGS if rows.warnings else IngestStatus.INGESTED
    return IngestOutcome(
        path=rows.source_path, status=kind, report_id=rows.id, agency=rows.agency,
        region=rows.region, year=rows.year, replaced=list(replaced), warnings=list(rows.warnings),
    )  # fmt: skip


def _read(corpus: Corpus, candidate: Candidate) -> IngestOutcome | ParseJob:
    """The file as a parse job, or its outcome already (unreadable, or stored unchanged)."""
    path = str(candidate.path)
    try:
        data = read_bytes(candidate.path)
    except GovqaError as exc:
        return failed(path, str(exc))
    known = corpus.sql.find_sha(hashlib.sha256(data).hexdigest())
    if known is not None and known.state == COMPLETE:
        return IngestOutcome(
            path=path, status=IngestStatus.UNCHANGED, report_id=known.id, agency=known.agency,
            region=known.region, year=known.year,
        )  # fmt: skip
    return path, data, candidate.entry


def ingest_window(
    corpus: Corpus, window: Sequence[Candidate], parser: ParserPool
) -> list[IngestOutcome]:
    """Read, parse and store one window of files; outcomes in the window's order."""
    return start_window(corpus, window, parser)()


def start_window(
    corpus: Corpus, window: Sequence[Candidate], parser: ParserPool
) -> Callable[[], list[IngestOutcome]]:
    """Read one window's files and start parsing them; the returned call waits for the
    parse and stores the reports, giving the outcomes in the window's order."""
    outcomes: list[IngestOutcome | None] = [None] * len(window)
    jobs: list[tuple[int, ParseJob]] = []
    for i, candidate in enumerate(window):
        read = _read(corpus, candidate)
        if isinstance(read, IngestOutcome):
            outcomes[i] = read
        else:
            jobs.append((i, read))
    pending = parser.submit([job for _, job in jobs])
    return lambda: _store_window(corpus, jobs, pending(), outcomes)


def _store_window(
    corpus: Corpus,
    jobs: list[tuple[int, ParseJob]],
    results: list[ParseResult],
    outcomes: list[IngestOutcome | None],
) -> list[IngestOutcome]:
    parsed: list[tuple[int, ReportRows]] = []
    for (i, job), (rows, error) in zip(jobs, results, strict=True):
        if rows is None:
            outcomes[i] = failed(job[0], error or "could not be parsed")
        else:
            parsed.append((i, rows))
    try:
        added = corpus.add_many([rows for _, rows in parsed])
    except Exception:
        log.warning("storing a window failed; storing its reports one by one", exc_info=True)
        for i, rows in parsed:
            outcomes[i] = _store_alone(corpus, rows)
        return [o for o in outcomes if o is not None]
    for (i, rows), result in zip(parsed, added, strict=True):
        outcomes[i] = _stored(rows, result.status, result.replaced)
    return [o for o in outcomes if o is not None]


def _store_alone(corpus: Corpus, rows: ReportRows) -> IngestOutcome:
    path = rows.source_path
    try:
        (result,) = corpus.add_many([rows])
    except GovqaError as exc:
        return failed(path, f"could not be stored: {exc}")
    except Exception as exc:
        log.error("internal error storing %s\n%s", path, traceback.format_exc())
        return failed(path, internal_error(exc))
    return _stored(rows, result.status, result.replaced)


class EmbedRun(BaseModel):
    """What the embedding step did: reports whose passages got vectors, reports still
    waiting, and why it stopped early (the embedding server down, say)."""

    embedded: int = 0
    waiting: int = 0
    restored: int = Field(0, description="Reports whose lost vectors were restored from cache.")
    error: str | None = None
    seconds: float = 0.0


class IngestRun(BaseModel):
    """An ingest: each file's outcome, and how far the passage vectors got."""

    outcomes: list[IngestOutcome]
    tables_seconds: float = Field(0.0, description="Start to every table answerable.")
    embedding: EmbedRun | None = Field(None, description="None: vectors left to `govqa embed`.")


class Embedding:
    """The embed step in a background thread: it embeds every complete report without
    vectors while `storing` is set (the tables are still being stored), then what is left."""

    def __init__(self, corpus: Corpus, progress: EmbedProgress | None = None) -> None:
        self.corpus = corpus
        self.progress = progress
        self.storing = threading.Event()
        self.stop = threading.Event()
        self.run = EmbedRun()
        self._thread = threading.Thread(target=self._work, name="embed", daemon=True)

    def start(self) -> Embedding:
        self.storing.set()
        self._thread.start()
        return self

    def finish(self, *, wait: bool = True) -> EmbedRun:
        """Tables are all stored: embed what is left (or, wait=False, stop after the batch)."""
        self.storing.clear()
        if not wait:
            self.stop.set()
        self._thread.join()
        return self.run

    def _work(self) -> None:
        self.run = embed_all(self.corpus, follow=self.storing.is_set, stop=self.stop,
                             progress=self.progress)  # fmt: skip


def embed_all(
    corpus: Corpus,
    *,
    follow: Callable[[], bool] = lambda: False,
    stop: threading.Event | None = None,
    progress: EmbedProgress | None = None,
) -> EmbedRun:
    """Embed every report that has no vectors; an error stops it and is reported, not raised
    (the tables stay answerable and a rerun continues where this stopped)."""
    started = time.monotonic()
    run = EmbedRun()
    try:
        run.embedded = corpus.embed_waiting(follow=follow, stop=stop, progress=progress)
        embed_summary_points(corpus, stop=stop)
    except GovqaError as exc:
        run.error = str(exc)
    except Exception as exc:
        log.error("internal error embedding passages\n%s", traceback.format_exc())
        run.error = internal_error(exc)
    coverage = _coverage(corpus)
    run.waiting = coverage.waiting if coverage else 0
    run.seconds = time.monotonic() - started
    return run


def _coverage(corpus: Corpus) -> VectorCoverage | None:
    try:
        return corpus.coverage()
    except GovqaError:
        return None


def ingest_candidates(
    corpus: Corpus,
    candidates: Sequence[Candidate],
    progress: Progress | None = None,
    embedding: Embedding | None = None,
) -> list[IngestOutcome]:
    """Every candidate file, a window at a time, reporting progress per file. With an
    `embedding` started, vectors are made alongside; on an error it is told to stop."""
    outcomes: list[IngestOutcome] = []
    parser = ParserPool(len(candidates))

    def store(window: Callable[[], list[IngestOutcome]]) -> None:
        for outcome in window():
            outcomes.append(outcome)
            if progress:
                progress(len(outcomes), len(candidates), outcome)

    try:
        ahead: Callable[[], list[IngestOutcome]] | None = None
        for start in range(0, len(candidates), WINDOW):
            # the next window is read and its parse started before this one is stored
            started = start_window(corpus, candidates[start : start + WINDOW], parser)
            if ahead is not None:
                store(ahead)
            ahead = started
        if ahead is not None:
            store(ahead)
    except BaseException:
        if embedding is not None:
            embedding.finish(wait=False)
        raise
    finally:
        parser.close()
    return outcomes
