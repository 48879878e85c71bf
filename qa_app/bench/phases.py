"""The phases of `govqa bench`: each generates or renders what it needs and measures one
thing. Orchestration, growth ratios and targets are in qa_app/bench/benchmark.py."""

from __future__ import annotations

import gc
import itertools
import os
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.bm25 import KeywordIndex
from index.chunking import chunk_report
from index.corpus import embedded
from index.embedders import E5Embedder
from index.embedding_cache import CachedEmbedder
from index.filters import ReportFilter
from index.queries import ReadOnlyStore
from index.retrieval import HybridRetriever, PassageCatalog, VectorDenseSearch
from index.sqlstore import ReportRow, SqlStore, StoredPassage, sqlite_url
from index.vectors import VectorStore
from ingest.parse import parse_bytes
from ingest.schema import Report, SectionKey
from qa_app.bench.measure import Phase, timed_batch, timed_calls
from qa_app.engine.asking import compose_embedded
from qa_app.execution.evidence import Citation, Evidence
from qa_app.execution.executor import Executor
from qa_app.question.plan import Aggregation, Comparison, Intent, Metric, QueryPlan
from synthetic.formats import FileKind, render_file
from synthetic.records import generate_corpus, iter_corpus

YEARS = (2020, 2021, 2022, 2023, 2024)
PARSE_SAMPLE = {"text": 200, "html": 100, "docx": 60, "pdf": 20}
_KINDS = {
    "text": (FileKind.TAB, FileKind.PIPE, FileKind.PDF_TEXT, FileKind.OCR),
    "html": (FileKind.HTML,),
    "docx": (FileKind.DOCX,),
    "pdf": (FileKind.PDF,),
}


def _agencies_for(size: int) -> int:
    return max(1, -(-size // len(YEARS)))


def corpus(size: int, seed: int = 7) -> list[Report]:
    return generate_corpus(_agencies_for(size), YEARS, seed)[:size]


def parse_phases(reports: Sequence[Report]) -> list[Phase]:
    """Parse throughput per input format, on renderings made beforehand."""
    phases = []
    for fmt, n in PARSE_SAMPLE.items():
        kinds = _KINDS[fmt]
        files = [(render_file(r, kinds[i % len(kinds)]), i) for i, r in enumerate(reports[:n])]

        def work(files: list = files, fmt: str = fmt) -> int:  # type: ignore[type-arg]
            for rendered, i in files:
                parse_bytes(rendered.data, f"bench-{i}{rendered.suffix}")
            return len(files)

        phases.append(timed_batch(f"parse {fmt}", "reports", None, work))
    return phases


def load_phase(store: SqlStore, size: int, seed: int) -> tuple[Phase, list[Report]]:
    """`size` generated reports inserted one by one, timing the inserts only (generation is
    not govqa's cost); returns the phase and an evenly spaced sample of the reports."""
    step = max(1, size // 40)
    sample: list[Report] = []
    spent = 0.0

    def work() -> int:
        nonlocal spent
        stream = iter_corpus(_agencies_for(size), YEARS, seed)
        for i, report in enumerate(itertools.islice(stream, size)):
            start = time.perf_counter()
            store.insert_pending(report, [])
            store.complete(report.id)
            spent += time.perf_counter() - start
            if i % step == 0:
                sample.append(report)
        return size

    phase = timed_batch("load sql", "reports", size, work)
    phase.seconds, phase.rate = spent, size / spent if spent else None
    return phase, sample


def query_plans(reports: Sequence[Report]) -> list[QueryPlan]:
    """The fixed mix: lookups of single agency-years, lists, ranks and totals by year."""
    plans = []
    for report in reports[:: max(1, len(reports) // 10)][:10]:
        plans.append(
            QueryPlan(
                intent=Intent.LOOKUP,
                metrics=[Metric(key="new_received")],
                filters=ReportFilter(years=[report.year], agency_keys=[report.agency_key]),
            )
        )
    for year in YEARS:
        filters = ReportFilter(years=[year])
        plans += [
            QueryPlan(
                intent=Intent.LIST_WHERE,
                metrics=[Metric(key="review_total")],
                filters=filters,
                comparison=Comparison(),
            ),
            QueryPlan(
                intent=Intent.RANK,
                metrics=[Metric(key="licensing_decisions")],
                filters=filters,
                top_n=10,
            ),
            QueryPlan(
                intent=Intent.AGGREGATE,
                metrics=[Metric(key="new_received")],
                filters=filters,
                aggregation=Aggregation.SUM,
            ),
        ]
    return plans


def ask_questions(reports: Sequence[Report]) -> list[str]:
    questions = []
    for report in reports[:: max(1, len(reports) // 8)][:8]:
        questions.append(f"{report.agency}{report.year}年收到多少政府信息公开申请？")
    for year in YEARS[-3:]:
        questions += [
            f"{year}年哪些机关有行政复议或行政诉讼？",
            f"{year}年行政许可最多的前10个机关",
            f"{year}年所有机关共收到多少申请？",
        ]
    return questions


@dataclass
class Passages:
    items: list[StoredPassage]
    reports: list[Report]


def passages_for(count: int, reports: Sequence[Report]) -> Passages:
    """`count` passages chunked from `reports`, repeated with new ids when there are too few."""
    base = [p for r in reports for p in chunk_report(r)]
    items = []
    for i in range(count):
        p = base[i % len(base)]
        copy = i // len(base)
        items.append(
            p
            if copy == 0
            else StoredPassage(
                f"{p.id}#{copy}",
                p.report_id,
                p.section,
                p.position,
                p.text,
                p.tokens,
                p.start,
                p.end,
            )
        )
    return Passages(items, list(reports))


def retrieval_phase(
    count: int, reports: Sequence[Report], embedder: E5Embedder, root: Path
) -> list[Phase]:
    """Hybrid retrieval over `count` passages: random unit vectors in Chroma, real BM25,
    real query embeddings."""
    data = passages_for(count, reports)
    rng = np.random.default_rng(count)
    vectors = rng.standard_normal((count, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    store = VectorStore.open(
        data_dir=root / f"chroma-{count}", url=None, embedder_name="bench-random", dim=384
    )

    def load() -> int:
        batch = 5000
        for start in range(0, count, batch):
            chunk = data.items[start : start + batch]
            store.upsert(
                [p.id for p in chunk],
                vectors[start : start + batch],
                [p.text for p in chunk],
                [{"report_id": p.report_id, "section": p.section} for p in chunk],
            )
        return count

    phases = [timed_batch("index vectors", "passages", count, load)]
    keyword: list[KeywordIndex] = []
    phases.append(
        timed_batch(
            "index bm25",
            "passages",
            count,
            lambda: keyword.append(KeywordIndex.build(data.items)) or count,
        )
    )
    summaries = [_row(r) for r in data.reports]
    catalog = PassageCatalog(data.items, summaries)
    retriever = HybridRetriever(VectorDenseSearch(store, embedder), keyword[0], catalog)
    queries = [
        "依申请公开处理流程有待规范",
        "政策解读形式较为单一",
        "政务新媒体管理",
        "网站栏目更新不及时",
        "工作人员业务培训不足",
        "行政复议案件",
        "保密审查机制",
        "信息公开平台建设",
        "公开内容与群众期待有差距",
        "考核评价机制",
    ] * 3
    phases.append(
        timed_calls(
            "hybrid retrieval", count, [lambda q=q: retriever.search(q, k=10) for q in queries]
        )
    )
    store.close()
    return phases


def _row(report: Report) -> ReportRow:
    return ReportRow(
        id=report.id,
        agency=report.agency,
        agency_key=report.agency_key,
        region=report.region,
        year=report.year,
        format_version=None,
        source_path="",
        sha256="",
        ingested_at="",
        state="complete",
    )


def embedding_phases(reports: Sequence[Report], root: Path, n: int = 120) -> list[Phase]:
    """The default embedder on narrative passages, then the same texts from the cache."""
    texts = [p.text for r in reports for p in chunk_report(r) if p.section != "facts"][:n]
    (root / "embedding-cache").mkdir(parents=True, exist_ok=True)
    cache = SqlStore(sqlite_url(root / "embedding-cache"))
    cold = CachedEmbedder(E5Embedder(), cache.engine)
    phases = [
        timed_batch("embed e5 (cold)", "passages", None, lambda: len(cold.embed_passages(texts)))
    ]
    warm = CachedEmbedder(E5Embedder(), cache.engine)
    phases.append(
        timed_batch(
            "embed re-ingest (cached)", "passages", None, lambda: len(warm.embed_passages(texts))
        )
    )
    return phases


THEME_REPORTS = 1000


def theme_phase(reports: Sequence[Report], root: Path, size: int = THEME_REPORTS) -> Phase:
    """ "总结各单位存在的主要问题" over `size` reports' problems sections: points split, their
    e5 vectors read from the cache (the warm-up call embeds them), clustered into themes and
    composed. The plan and passages are given, as the executor would hand them over."""
    chosen = list(reports[:size])
    passages = [
        Citation(
            passage_id=f"{r.id}:problems:0",
            report_id=r.id,
            agency=r.agency,
            year=r.year,
            section="problems",
            text=r.sections[SectionKey.PROBLEMS].text,
        )
        for r in chosen
        if SectionKey.PROBLEMS in r.sections
    ]
    plan = QueryPlan(intent=Intent.SUMMARIZE_SECTION)
    evidence = Evidence(plan=plan, reports=[r.ref for r in chosen], passages=passages)
    (root / "embedding-cache").mkdir(parents=True, exist_ok=True)
    cache = SqlStore(sqlite_url(root / "embedding-cache"))
    embedder = CachedEmbedder(E5Embedder(), cache.engine)

    def summary() -> object:
        return compose_embedded(evidence, "总结各单位存在的主要问题", embedder.embed_passages)

    return timed_calls(f"themes over {len(chosen)} reports (cached)", len(chosen), [summary] * 3)


def ingest_embedding_phases(reports: Sequence[Report], n: int = 16) -> list[Phase]:
    """What embedding costs an ingest of `n` reports, cold: the way it was (each report's every
    passage, the table-facts one included, in a call of its own) and the way it is (the
    narrative passages of the whole window in one batch). Counted in reports per second."""
    window = list(reports[:n])
    embedder = E5Embedder()
    embedder.embed_query("warm-up")  # load the model outside the timing

    def before() -> int:
        for report in window:
            embedder.embed_passages([p.text for p in chunk_report(report)])
        return len(window)

    def after() -> int:
        texts = [p.text for r in window for p in chunk_report(r) if embedded(p)]
        embedder.embed_passages(texts)
        return len(window)

    return [
        timed_batch("ingest embedding before: per report, all passages", "reports", None, before),
        timed_batch("ingest embedding after: window batch, narrative only", "reports", None, after),
    ]


def parallel_parse_phase(reports: Sequence[Report], workers: int) -> Phase:
    """Text parsing spread over `workers` processes, as a multi-file ingest can."""
    kinds = _KINDS["text"]
    files = [render_file(r, kinds[i % len(kinds)]) for i, r in enumerate(reports)]
    payload = [(f.data, f"bench-{i}{f.suffix}") for i, f in enumerate(files)]
    with warm_parse_pool(workers, payload[0]) as pool:

        def work() -> int:
            return sum(pool.map(parse_one, payload, chunksize=8))

        return timed_batch(f"parse text ({workers} processes)", "reports", None, work)


@contextmanager
def warm_parse_pool(workers: int, sample: tuple[bytes, str]) -> Iterator[ProcessPoolExecutor]:
    """`workers` parser processes, every one of them started and past its first parse.

    A new process's first parse costs about 0.3 s more (imports, the gazetteer, dictionaries):
    start-up, not parse rate. Workers start on demand, and a quick one may take every warm-up
    task before a slower one is up, so warm up until each process has answered.
    """
    with ProcessPoolExecutor(max_workers=workers) as pool:
        answered: set[int] = set()
        for _ in range(100):
            answered |= set(pool.map(_warm_up, [sample] * workers))
            if len(answered) >= workers:
                break
        yield pool


def _warm_up(item: tuple[bytes, str]) -> int:
    parse_one(item)
    time.sleep(0.05)  # hold this task, so the other warm-up tasks go to other processes
    return os.getpid()


OCR_SAMPLE = 2  # scanned reports (two pages each): OCR costs seconds a page


def ocr_phase(reports: Sequence[Report], seed: int = 7) -> Phase:
    """Scanned reports (damaged page images, render_scan) read by OCR: pages per second on
    this machine, in this process (the models are loaded before timing)."""
    import random

    from ingest.readers import document_from_bytes
    from ingest.readers.ocr_engine import engine
    from synthetic.records import derive_seed
    from synthetic.render_scan import ScanDamage, render_scan

    scans = [
        render_scan(r, ScanDamage.draw(random.Random(derive_seed(seed, i, "damage"))), seed=seed)
        for i, r in enumerate(reports[:OCR_SAMPLE])
    ]
    engine()

    def work() -> int:
        pages = 0
        for i, data in enumerate(scans):
            doc = document_from_bytes(data, f"bench-scan-{i}.pdf")
            pages += doc.ocr.pages if doc.ocr is not None else 0
        return pages

    return timed_batch("OCR scanned pages", "pages", None, work)


def parse_one(item: tuple[bytes, str]) -> int:
    """Parse one (bytes, file name); 1 for counting (a pool worker's task)."""
    parse_bytes(*item)
    return 1


def size_phases(size: int, root: Path, seed: int = 7) -> list[Phase]:
    """Load, structured queries and end-to-end asks at one corpus size. Run it in a process of
    its own (run_bench does): its peak RSS is then govqa's at that size, not the benchmark's."""
    from qa_app.engine import Engine
    from qa_app.settings import Settings

    data_dir = root / f"size-{size}"
    data_dir.mkdir(parents=True)
    load, sample = load_phase(SqlStore(sqlite_url(data_dir)), size, seed)
    phases = [load]
    readonly = ReadOnlyStore.open(sqlite_url(data_dir))
    executor = Executor(readonly)
    engine = Engine(Settings(data_dir=data_dir), embedder=E5Embedder())
    gc.collect()
    gc.freeze()  # as the app does once its engine is open
    plans = query_plans(sample)
    phases.append(
        timed_calls("structured query", size, [lambda p=p: executor.run(p) for p in plans])
    )
    questions = ask_questions(sample)
    phases.append(timed_calls("ask (no LLM)", size, [lambda q=q: engine.ask(q) for q in questions]))
    engine.close()
    readonly.dispose()
    return phases
