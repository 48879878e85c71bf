"""Run every chaos plan and write a report: recovery per quirk and format, and for each failing
(quirk, format) a small case that reproduces it, with the text around the failure.

    python -m tests.synthetic.chaos_report --out /tmp/chaos-report.md
    python -m tests.synthetic.chaos_report --readme   # the README table only

Same cases as the tests (tests/synthetic/test_chaos_*.py); takes as long as they do.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ingest.readers import document_from_bytes
from synthetic.chaos import ChaosFormat, Quirk
from tests.synthetic.chaos_harness import (
    CaseResult,
    Plan,
    Tally,
    combination_plan,
    make_case,
    quirk_plan,
    score,
)

FORMATS = list(ChaosFormat)


def run(
    plan_by_label: dict[str, Plan], progress: bool
) -> tuple[Tally, dict[str, list[CaseResult]]]:
    tally = Tally()
    worst: dict[str, list[CaseResult]] = {}
    for label, plan in plan_by_label.items():
        for quirks, fmt, seed in plan:
            result = score(make_case(quirks, fmt, seed))
            tally.add(label, result)
            if result.wrong or result.silent_losses or result.crash:
                worst.setdefault(f"{label}/{fmt.value}", []).append(result)
        if progress:
            print(f"{label}: {tally.total(label).share:.1%}", file=sys.stderr, flush=True)
    return tally, worst


def readme_table(tally: Tally) -> list[str]:
    lines = [
        "| quirk | cases | cells recovered | wrong numbers | lost without warning | crashes |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label in tally.stats:
        t = tally.total(label)
        lines.append(
            f"| {label} | {t.cases} | {t.share:.1%} | {t.wrong} | {t.silent} | {t.crashed} |"
        )
    return lines


def grid(tally: Tally) -> list[str]:
    """Recovered share and wrong numbers per quirk x format."""
    head = "| quirk | " + " | ".join(f.value for f in FORMATS) + " |"
    lines = [head, "|---|" + "---:|" * len(FORMATS)]
    for label, per_format in tally.stats.items():
        cells = []
        for f in FORMATS:
            s = per_format.get(f)
            if s is None:
                cells.append("")
                continue
            flags = f" **{s.wrong}w**" if s.wrong else ""
            flags += f" {s.silent}s" if s.silent else ""
            flags += f" {s.crashed}c" if s.crashed else ""
            cells.append(f"{s.share:.0%}{flags}")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def _context(result: CaseResult, width: int = 3) -> list[str]:
    """The file's lines (as the reader gives them) around the first wrong or lost cell."""
    case = result.case
    bad = result.wrong or result.silent_losses
    if not bad or result.parsed is None:
        return []
    key = next(iter(bad))
    cells = result.parsed.s3.get(key[1], {}) if key[0] == "s3" else {}
    table = result.parsed.s2 if key[0] == "s2" else result.parsed.s4
    cell = cells.get(key[2]) if key[0] == "s3" else table.get(key[1])
    doc = document_from_bytes(case.file.data, case.name)
    line = cell.source.line if cell is not None and cell.source else None
    label = cell.source.row_label if cell is not None and cell.source else ""
    if line is None and label:
        line = next((x.number for x in doc.lines if label[:6] in x.text), None)
    if line is None:
        return []
    out = []
    for x in doc.lines[max(0, line - 1 - width) : line + width]:
        text = " | ".join(c.text for c in x.cells) if x.cells else x.text
        mark = ">" if x.number == line else " "
        out.append(f"{mark}{x.number:5}: {text[:220]}")
    return out


def _smallest(results: list[CaseResult]) -> CaseResult:
    """The failing case that shows the failure with the least else going on."""
    return min(
        results, key=lambda r: (not r.crash, not r.wrong, len(r.wrong) + len(r.silent_losses))
    )


def reproducer(result: CaseResult) -> str:
    quirks = ", ".join(f"Quirk.{q.name}" for q in result.case.quirks)
    return f"make_case([{quirks}], ChaosFormat.{result.case.fmt.name}, {result.case.seed})"


def examples(worst: dict[str, list[CaseResult]]) -> list[str]:
    lines: list[str] = []
    for key, results in worst.items():
        r = _smallest(results)
        wrong = sum(len(x.wrong) for x in results)
        silent = sum(len(x.silent_losses) for x in results)
        crashes = sum(bool(x.crash) for x in results)
        lines += [
            f"### {key}: {len(results)} failing cases ({wrong} wrong, {silent} silent, "
            f"{crashes} crashes)",
            "",
            "```",
            r.describe(limit=6),
            f"reproduce: {reproducer(r)}",
            "```",
        ]
        if r.crash:
            lines += ["", "```", *r.crash.strip().splitlines()[-8:], "```"]
        context = _context(r)
        if context:
            lines += ["Around the first failing cell (reader's lines):", "", "```", *context, "```"]
        lines.append("")
    return lines


def report_text(tally: Tally, worst: dict[str, list[CaseResult]]) -> str:
    return "\n".join(
        [
            "# Chaos renderer: recovery and failures",
            "",
            "Per quirk x format: share of cells recovered; **Nw** = wrong numbers, Ns = cells",
            "lost without any warning, Nc = crashes (exceptions other than GovqaError).",
            "",
            *grid(tally),
            "",
            "## Totals (README table)",
            "",
            *readme_table(tally),
            "",
            "## Failing kinds, one small reproducing case each",
            "",
            *examples(worst),
        ]
    )


def plans(only: str | None) -> dict[str, Plan]:
    """Every plan of the tests (or the labels in `only`, comma-separated)."""
    out: dict[str, Plan] = {"none": quirk_plan(None)}
    out |= {q.value: quirk_plan(q) for q in Quirk}
    out["combinations"] = combination_plan()
    return {k: v for k, v in out.items() if not only or k in only.split(",")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the full report here (default: stdout)")
    parser.add_argument("--readme", action="store_true", help="print only the README table")
    parser.add_argument("--only", help="comma-separated labels (quirk names, none, combinations)")
    args = parser.parse_args()
    tally, worst = run(plans(args.only), progress=True)
    if args.readme:
        print("\n".join(readme_table(tally)))
    elif args.out:
        args.out.write_text(report_text(tally, worst) + "\n", encoding="utf-8")
    else:
        print(report_text(tally, worst))


if __name__ == "__main__":
    main()
