"""`govqa eval`: parsed reports scored against hand-read values (qa_app/bench/scoring.py)."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import click
from rich.table import Table
from rich.text import Text

from qa_app.bench.scoring import (
    SECTIONS,
    Counts,
    MetaScore,
    ReportScore,
    Scoring,
    Verdict,
    score_folder,
)
from qa_app.cli.common import console, friendly_errors

SECTION_NAMES = {"s2": "二", "s3": "三", "s4": "四"}
STYLES = {Verdict.RIGHT: "green", Verdict.WRONG: "red", Verdict.MISSING: "yellow"}


def _counts(counts: Counts) -> Text:
    text = f"{counts.right}/{counts.wrong}/{counts.missing}"
    return Text(text, style="green" if counts.right == counts.total else "red")


def _number(value: Decimal | None) -> str:
    return "null" if value is None else str(value)


def _meta(score: MetaScore | None) -> Text:
    if score is None:
        return Text("not listed", style="dim")
    if score.status is Verdict.RIGHT:
        return Text(str(score.got), style="green")
    got = "—" if score.got is None else str(score.got)
    return Text(f"{got} ({score.status}; truth {score.expected})", style=STYLES[score.status])


def scoring_table(scoring: Scoring) -> Table:
    """One row per scored report, then the totals: cells right/wrong/missing per table."""
    table = Table(title=f"govqa eval {scoring.folder} (cells right/wrong/missing)")
    table.add_column("file", overflow="fold")
    for key in SECTIONS:
        table.add_column(SECTION_NAMES[key], justify="right")
    for column in ("year", "agency", "region (not decisive)"):
        table.add_column(column, overflow="fold")
    for r in scoring.reports:
        meta = [_meta(r.year), _meta(r.agency), _meta(r.region)]
        table.add_row(r.file, *(_counts(r.sections[k]) for k in SECTIONS), *meta)
    table.add_section()
    totals = scoring.totals
    table.add_row("total", *(_counts(totals[k]) for k in SECTIONS), "", "", "")
    return table


def problems_table(report: ReportScore) -> Table | None:
    """The wrong and missing cells of one report, expected vs got."""
    problems = report.problems()
    if not problems:
        return None
    table = Table(title=f"{report.file}: {len(problems)} cell(s) not right")
    for column in ("cell", "expected", "got", "printed", "status"):
        table.add_column(column, overflow="fold")
    for c in problems:
        status = Text(c.status.value, style=STYLES[c.status])
        table.add_row(c.name, _number(c.expected), _number(c.got), c.raw or "", status)
    return table


def _print(scoring: Scoring) -> None:
    out = console()
    out.print(scoring_table(scoring))
    for report in scoring.reports:
        table = problems_table(report)
        if report.failure:  # every cell is missing: the reason says it all
            out.print(
                Text(f"{report.file}: not parsed, every cell missing: {report.failure}", "red")
            )
        elif table is not None:
            out.print(table)
    for file in scoring.absent:
        out.print(Text(f"problem: the truth lists {file}, which the folder does not hold", "red"))
    if scoring.not_scored:
        out.print(f"not scored (no truth): {', '.join(scoring.not_scored)}")
    cells = scoring.totals["all"]
    passed = sum(r.passed for r in scoring.reports)
    verdict = "all right" if scoring.passed else "NOT all right"
    out.print(
        f"{cells.right}/{cells.total} listed cells right, {passed}/{len(scoring.reports)} "
        f"report(s) with every cell, year and agency right: {verdict}"
    )


@click.command(name="eval")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--truth",
    "truth_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Hand-read values (the format of ../shared/corpus/truth.json).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scoring as JSON.")
@friendly_errors
def eval_command(folder: Path, truth_path: Path, as_json: bool) -> None:
    """Score the parsing of FOLDER's reports against hand-read values; nothing is stored.

    Every file the truth lists is parsed and each listed cell compared exactly (万元 to the
    printed decimals): right, wrong, or missing (no value parsed). Year and agency are scored
    too; the region is shown but does not decide. Files without truth are listed as not scored.

    Exit code: 0 when every listed cell, year and agency is right and every listed file is
    present; 1 otherwise (or on an error, e.g. a malformed truth file).
    """
    scoring = score_folder(folder, truth_path)
    if as_json:
        click.echo(scoring.model_dump_json())
    else:
        _print(scoring)
    if not scoring.passed:
        sys.exit(1)
