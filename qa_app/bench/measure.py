"""Measuring for `govqa bench`: wall-clock time, latency percentiles and peak resident memory
sampled while a phase runs."""

from __future__ import annotations

import os
import statistics
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from pydantic import BaseModel, Field


class Phase(BaseModel):
    """One measurement."""

    name: str
    size: int | None = Field(None, description="Reports (or passages) in the corpus measured.")
    count: int = Field(0, description="Items processed or queries run.")
    seconds: float = 0.0
    rate: float | None = Field(None, description="Items per second.")
    unit: str = ""
    p50_ms: float | None = None
    p95_ms: float | None = None
    peak_rss_mb: float = 0.0


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


@contextmanager
def _peak_rss() -> Iterator[list[float]]:
    """Sample resident memory every 20 ms while the block runs; yields [peak MB]."""
    peak = [_rss_mb()]
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.02):
            peak[0] = max(peak[0], _rss_mb())

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield peak
    finally:
        stop.set()
        thread.join()
        peak[0] = max(peak[0], _rss_mb())


def _percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed_batch(name: str, unit: str, size: int | None, work: Callable[[], int]) -> Phase:
    """Run `work` (returns how many items it processed) and measure it."""
    with _peak_rss() as peak:
        start = time.perf_counter()
        count = work()
        seconds = time.perf_counter() - start
    rate = count / seconds if seconds > 0 else None
    return Phase(
        name=name,
        size=size,
        count=count,
        seconds=seconds,
        rate=rate,
        unit=unit,
        peak_rss_mb=peak[0],
    )


def timed_calls(name: str, size: int | None, calls: Sequence[Callable[[], object]]) -> Phase:
    """Run each call once (after one warm-up) and report p50/p95 latency."""
    if calls:
        calls[0]()
    latencies = []
    with _peak_rss() as peak:
        start = time.perf_counter()
        for call in calls:
            t = time.perf_counter()
            call()
            latencies.append((time.perf_counter() - t) * 1000)
        seconds = time.perf_counter() - start
    return Phase(
        name=name,
        size=size,
        count=len(calls),
        seconds=seconds,
        unit="queries",
        p50_ms=statistics.median(latencies) if latencies else None,
        p95_ms=_percentile(latencies, 0.95) if latencies else None,
        peak_rss_mb=peak[0],
    )
