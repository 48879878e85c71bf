"""`govqa bench`: the benchmark table, and the same figures as JSON."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import click
from rich.table import Table

from qa_app.bench.benchmark import BenchReport, run_bench
from qa_app.bench.scale import run_scale
from qa_app.cli.common import console, err_console, friendly_errors


def _sizes(value: str) -> list[int]:
    try:
        sizes = sorted({int(v) for v in value.split(",") if v.strip()})
    except ValueError as exc:
        raise click.BadParameter(f"{value!r}: give sizes like 100,1000,10000") from exc
    if not sizes or sizes[0] < 10:
        raise click.BadParameter("sizes must be at least 10 reports")
    return sizes


def _scale(sizes: list[int], say: Callable[[str], None]) -> BenchReport:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="govqa-scale-") as tmp:
        phases = run_scale(sizes, Path(tmp), say=say)
    return BenchReport(
        sizes=sizes, cpus=os.cpu_count() or 1, phases=phases,
        seconds=time.perf_counter() - started,
    )  # fmt: skip


def bench_table(report: BenchReport) -> Table:
    table = Table(title=f"govqa bench ({report.cpus} CPUs, {report.seconds:.0f} s)")
    for column in ("phase", "size", "count", "seconds", "rate", "p50 ms", "p95 ms", "peak RSS MB"):
        table.add_column(column, justify="left" if column == "phase" else "right")
    for p in report.phases:
        table.add_row(
            p.name,
            "" if p.size is None else str(p.size),
            str(p.count),
            f"{p.seconds:.2f}",
            "" if p.rate is None else f"{p.rate:.1f} {p.unit}/s",
            "" if p.p50_ms is None else f"{p.p50_ms:.1f}",
            "" if p.p95_ms is None else f"{p.p95_ms:.1f}",
            f"{p.peak_rss_mb:.0f}",
        )
    return table


def targets_table(report: BenchReport) -> Table:
    table = Table(title="targets")
    for column in ("target", "goal", "measured", "met"):
        table.add_column(column)
    for t in report.targets:
        table.add_row(t.what, t.goal, t.measured, "yes" if t.met else "NO")
    for name, ratio in report.growth.items():
        table.add_row(f"growth ×10 corpus: {name}", "linear = 10, flat = 1", f"×{ratio}", "")
    return table


@click.command()
@click.option(
    "--sizes",
    default="100,1000,10000",
    show_default=True,
    help="Corpus sizes (reports) to load and query.",
)
@click.option(
    "--passages",
    default="10000,100000",
    show_default=True,
    help="Passage counts for hybrid retrieval.",
)
@click.option(
    "--embed-sample",
    default=120,
    show_default=True,
    type=int,
    help="Passages embedded to measure the embedder.",
)
@click.option(
    "--embed-window",
    default=16,
    show_default=True,
    type=int,
    help="Reports in the ingest-embedding comparison (per report vs one window batch).",
)
@click.option(
    "--scale",
    default=None,
    help="Instead: time to queryable for these corpus sizes (files on disk -> tables "
    "answerable), time to searchable per report (in process and through 1 and 2 local "
    "embedding servers), PDF parse rate. E.g. --scale 1000,10000.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@friendly_errors
def bench(
    sizes: str, passages: str, embed_sample: int, embed_window: int, scale: str | None,
    as_json: bool,
) -> None:  # fmt: skip
    """Measure parse, load, query, embedding, retrieval and ask speed and memory on synthetic
    reports in a temporary data dir, with growth ratios and the product targets."""
    err = err_console()
    say = lambda message: err.print(f"[dim]bench: {message}[/dim]")  # noqa: E731
    if scale is not None:
        report = _scale(_sizes(scale), say)
    else:
        report = run_bench(
            _sizes(sizes),
            retrieval_sizes=_sizes(passages),
            embed_sample=embed_sample,
            embed_window=embed_window,
            say=say,
        )
    if as_json:
        click.echo(report.model_dump_json(indent=2))
        return
    out = console()
    out.print(bench_table(report))
    out.print(targets_table(report))
