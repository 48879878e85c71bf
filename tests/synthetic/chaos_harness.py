"""Scoring chaos renderings: parse each file, compare every cell with the generator's truth.

A cell is right (the printed number, or the same kind of null), wrong (another number, or a
number where the truth is null), or lost (null where the truth has a number, or another kind of
null). Losses are allowed only with a warning on the report; wrong numbers never. A file that
does not parse must raise a GovqaError (its cells count as lost, the error as the warning);
anything else is a crash.
"""

from __future__ import annotations

import random
import time
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field

from ingest.errors import GovqaError
from ingest.parse import parse_bytes
from ingest.schema import Cell, Report
from synthetic.agencies import catalogue
from synthetic.chaos import (
    ALL_FORMATS,
    SPECS,
    ChaosCase,
    ChaosFormat,
    Quirk,
    compatible,
    formats_for,
    render_chaos,
)
from synthetic.chaos.quirks import ALONE
from synthetic.records import derive_seed, generate_report

AGENCIES = catalogue()
YEARS = (2020, 2021, 2022, 2023, 2024)
Key = tuple[str, str, str]


def cells(report: Report) -> dict[Key, Cell]:
    out: dict[Key, Cell] = {("s2", f, ""): c for f, c in report.s2.items()}
    out |= {("s3", r, k): c for r, cols in report.s3.items() for k, c in cols.items()}
    return out | {("s4", f, ""): c for f, c in report.s4.items()}


def case_seed(*parts: object) -> int:
    return derive_seed("chaos-test", *parts) % 2**31


def make_case(quirks: Iterable[Quirk], fmt: ChaosFormat, seed: int) -> ChaosCase:
    """The generated report of `seed` rendered with `quirks` in `fmt`."""
    agency = AGENCIES[seed % len(AGENCIES)]
    report = generate_report(seed, agency=agency, year=YEARS[seed % len(YEARS)])
    return render_chaos(report, quirks, fmt, seed)


def _show(cell: Cell | None) -> str:
    if cell is None:
        return "absent"
    value = cell.value if cell.value is not None else cell.status.value
    return f"{value} (raw {cell.raw!r})"


@dataclass
class CaseResult:
    case: ChaosCase
    total: int = 0
    right: int = 0
    wrong: dict[Key, tuple[str, str]] = field(default_factory=dict)
    lost: dict[Key, tuple[str, str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None  # a GovqaError's message: the file was refused
    crash: str | None = None  # any other exception: a bug
    seconds: float = 0.0
    parsed: Report | None = None

    @property
    def silent_losses(self) -> dict[Key, tuple[str, str]]:
        """Lost cells on a report without a single warning (or error) to say so."""
        return {} if self.warnings or self.error else self.lost

    def describe(self, limit: int = 12) -> str:
        lines = [self.case.describe()]
        if self.crash:
            lines.append(f"  crash: {self.crash.splitlines()[-1]}")
        if self.error:
            lines.append(f"  refused: {self.error}")
        for name, bad in (("wrong", self.wrong), ("silently lost", self.silent_losses)):
            for key, (want, got) in list(bad.items())[:limit]:
                lines.append(f"  {name} {'.'.join(k for k in key if k)}: want {want}, got {got}")
            if len(bad) > limit:
                lines.append(f"  … and {len(bad) - limit} more {name}")
        return "\n".join(lines)


def _judge(result: CaseResult, truth: dict[Key, Cell], parsed: dict[Key, Cell]) -> None:
    for key, want in truth.items():
        got = parsed.get(key)
        pair = (_show(want), _show(got))
        if got is not None and got.value is not None:
            if want.value is not None and got.value == want.value:
                result.right += 1
            else:
                result.wrong[key] = pair
        elif want.value is None and got is not None and got.status is want.status:
            result.right += 1
        else:
            result.lost[key] = pair
    for key, got in parsed.items():
        if key not in truth and got.value is not None:
            result.wrong[key] = ("absent", _show(got))


def _judge_refusal(result: CaseResult, parsed: Report | None) -> None:
    """A report that predates the template: right if refused or flagged without numbers."""
    result.total = 1
    numbers = {k: c for k, c in cells(parsed).items() if c.value is not None} if parsed else {}
    for key, got in numbers.items():
        result.wrong[key] = ("no cell (pre-template report)", _show(got))
    flagged = result.error is not None or any("template" in w for w in result.warnings)
    if flagged and not numbers:
        result.right = 1
    else:
        result.lost[("refusal", "", "")] = ("refused or flagged", "parsed as a template report")


def score(case: ChaosCase) -> CaseResult:
    """Parse the case's file and judge every cell."""
    result = CaseResult(case)
    start = time.perf_counter()
    parsed: Report | None = None
    try:
        parsed = parse_bytes(case.file.data, case.name)
        result.warnings = [f"{w.code}: {w.message}" for w in parsed.warnings]
    except GovqaError as exc:
        result.error = str(exc).strip()
        if not result.error:
            result.crash = f"{type(exc).__name__} raised without a message"
    except Exception:  # any other exception is the bug this harness reports
        result.crash = traceback.format_exc()
    result.seconds = time.perf_counter() - start
    result.parsed = parsed
    if Quirk.PRE_2019 in case.quirks:
        _judge_refusal(result, parsed)
        return result
    truth = cells(case.truth)
    result.total = len(truth)
    _judge(result, truth, cells(parsed) if parsed else {})
    return result


# ---------------------------------------------------------------- which cases to run

# Cases per format in a quirk's share: text is cheap (~30 ms a case), HTML ~60 ms, DOCX ~160 ms,
# PDF ~400 ms (rendering and parsing), so PDFs get a small share of every quirk's cases.
FORMAT_WEIGHTS: dict[ChaosFormat, int] = {
    ChaosFormat.TAB: 34,
    ChaosFormat.SPACE: 34,
    ChaosFormat.PIPE: 34,
    ChaosFormat.MARKDOWN: 34,
    ChaosFormat.CRAWLER: 34,
    ChaosFormat.HTML: 20,
    ChaosFormat.DOCX: 7,
    ChaosFormat.PDF: 3,
}


def schedule(formats: Iterable[ChaosFormat], n: int) -> list[ChaosFormat]:
    """`n` formats drawn from `formats` in proportion to FORMAT_WEIGHTS (each at least once),
    interleaved so any prefix of the run covers every format. The same cases in every process:
    `formats` is often a frozenset, whose order follows string hashing (PYTHONHASHSEED)."""
    wanted = set(formats)
    weights = {f: w for f, w in FORMAT_WEIGHTS.items() if f in wanted}
    total = sum(weights.values())
    counts = {f: max(1, round(n * w / total)) for f, w in weights.items()}
    out: list[ChaosFormat] = []
    while any(counts.values()):
        for f in sorted(counts, key=lambda f: -weights[f]):
            if counts[f]:
                out.append(f)
                counts[f] -= 1
    return out


CASES_PER_QUIRK = 200
COMBINATIONS = 300
Plan = list[tuple[list[Quirk], ChaosFormat, int]]


def quirk_plan(quirk: Quirk | None, n: int = CASES_PER_QUIRK) -> Plan:
    """The cases run for one quirk alone (or none): `n` formats by weight, a seed each."""
    label = quirk.value if quirk else "none"
    formats = SPECS[quirk].formats if quirk else ALL_FORMATS
    quirks = [quirk] if quirk else []
    return [(quirks, f, case_seed(label, f, i)) for i, f in enumerate(schedule(formats, n))]


def combination(rng: random.Random) -> tuple[list[Quirk], ChaosFormat]:
    """A format by weight, then two to five quirks that all apply to it and hold together."""
    formats = list(FORMAT_WEIGHTS)
    fmt = rng.choices(formats, [FORMAT_WEIGHTS[f] for f in formats])[0]
    pool = [q for q in Quirk if q not in ALONE and fmt in formats_for({q})]
    chosen: set[Quirk] = set()
    size = rng.choice((2, 2, 3, 3, 4, 5))
    for q in rng.sample(pool, len(pool)):
        if len(chosen) == size:
            break
        if compatible(chosen | {q}):
            chosen.add(q)
    return sorted(chosen), fmt


def combination_plan(n: int = COMBINATIONS) -> Plan:
    plan: Plan = []
    for i in range(n):
        seed = case_seed("combination", i)
        quirks, fmt = combination(random.Random(seed))
        plan.append((quirks, fmt, seed))
    return plan


# ---------------------------------------------------------------- what the run found


@dataclass
class Stats:
    cases: int = 0
    total: int = 0
    right: int = 0
    wrong: int = 0
    silent: int = 0
    refused: int = 0
    crashed: int = 0
    seconds: float = 0.0

    def add(self, r: CaseResult) -> None:
        self.cases += 1
        self.total += r.total
        self.right += r.right
        self.wrong += len(r.wrong)
        self.silent += len(r.silent_losses)
        self.refused += r.error is not None
        self.crashed += r.crash is not None
        self.seconds += r.seconds

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 0.0


@dataclass
class Tally:
    """Per label (a quirk, "none", "combinations") and format: what the chaos run recovered."""

    stats: dict[str, dict[ChaosFormat, Stats]] = field(default_factory=dict)
    failures: dict[str, list[CaseResult]] = field(default_factory=dict)

    def add(self, label: str, result: CaseResult) -> None:
        per_format = self.stats.setdefault(label, {})
        per_format.setdefault(result.case.fmt, Stats()).add(result)
        if result.wrong or result.silent_losses or result.crash:
            kept = self.failures.setdefault(label, [])
            if sum(r.case.fmt is result.case.fmt for r in kept) < 3:
                kept.append(result)

    def total(self, label: str) -> Stats:
        out = Stats()
        for s in self.stats.get(label, {}).values():
            for name in ("cases", "total", "right", "wrong", "silent", "refused", "crashed"):
                setattr(out, name, getattr(out, name) + getattr(s, name))
            out.seconds += s.seconds
        return out

    def table(self) -> list[str]:
        """The recovery table as printed at the end of the run."""
        formats = list(ChaosFormat)
        head = f"{'quirk':<22} {'cases':>5} {'recovered':>9} {'wrong':>6} {'silent':>6} "
        head += f"{'refused':>7} {'crash':>5}  " + " ".join(f"{f.value[:8]:>8}" for f in formats)
        lines = [head]
        for label in self.stats:
            t = self.total(label)
            row = f"{label:<22} {t.cases:>5} {t.share:>9.1%} {t.wrong:>6} {t.silent:>6} "
            row += f"{t.refused:>7} {t.crashed:>5}  "
            cells = []
            for f in formats:
                s = self.stats[label].get(f)
                cells.append(f"{s.share:>8.0%}" if s else f"{'-':>8}")
            lines.append(row + " ".join(cells))
        return lines

    def as_json(self) -> dict[str, object]:
        return {
            label: {
                f.value: {
                    "cases": s.cases,
                    "cells": s.total,
                    "right": s.right,
                    "wrong": s.wrong,
                    "silent": s.silent,
                    "refused": s.refused,
                    "crashed": s.crashed,
                    "seconds": round(s.seconds, 2),
                }
                for f, s in per_format.items()
            }
            for label, per_format in self.stats.items()
        }

    def failure_seeds(self) -> dict[str, list[dict[str, object]]]:
        return {
            label: [
                {
                    "quirks": [q.value for q in r.case.quirks],
                    "format": r.case.fmt.value,
                    "seed": r.case.seed,
                    "wrong": len(r.wrong),
                    "silent": len(r.silent_losses),
                    "crash": bool(r.crash),
                }
                for r in results
            ]
            for label, results in self.failures.items()
        }


def failure_message(label: str, results: list[CaseResult], stats: Stats, limit: int = 4) -> str:
    """What a failing chaos test prints: the counts, then a few cases that reproduce it."""
    bad = [r for r in results if r.wrong or r.silent_losses or r.crash]
    head = (
        f"{label}: {stats.wrong} wrong numbers, {stats.silent} silently lost cells, "
        f"{stats.crashed} crashes in {stats.cases} cases ({len(bad)} failing cases); "
        "reproduce one with tests.synthetic.chaos_harness.make_case(quirks, format, seed), "
        "then score(case).describe()"
    )
    return "\n".join([head, *(r.describe() for r in bad[:limit])])


def run_plan(label: str, plan: Plan, tally: Tally) -> None:
    """Score every case of `plan` under `label`; fail on any wrong number, silent loss or crash."""
    stats, results = Stats(), []
    for quirks, fmt, seed in plan:
        result = score(make_case(quirks, fmt, seed))
        tally.add(label, result)
        stats.add(result)
        results.append(result)
    assert stats.wrong == stats.silent == stats.crashed == 0, failure_message(label, results, stats)
