"""The `govqa` command line: each command parses its options, calls the library, prints.

Errors a user can act on (GovqaError) print as `Error: <message>` and exit 1; click's own
usage errors exit 2.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.table import Table

from ingest.checks import check_carry_over, summarize
from ingest.discover import discover
from ingest.errors import GovqaError
from ingest.parse import parse_file
from ingest.schema import CheckOutcome, Report

F = TypeVar("F", bound=Callable[..., Any])


def friendly_errors(func: F) -> F:
    """Turn GovqaError into click's `Error: message` with exit code 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except GovqaError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper  # type: ignore[return-value]


def _console() -> Console:
    return Console(soft_wrap=False, width=None if sys.stdout.isatty() else 160)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="govqa")
def main() -> None:
    """govqa: exact answers from 政府信息公开工作年度报告."""


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the Report record as JSON.")
@friendly_errors
def parse(file: Path, as_json: bool) -> None:
    """Parse one FILE and print its record; nothing is stored."""
    candidate = next(iter(discover([file])))
    report = parse_file(candidate.path, candidate.entry)
    if as_json:
        click.echo(report.model_dump_json(indent=2))
        return
    _console().print(_reports_table([report]))
    for warning in report.warnings:
        click.echo(f"warning: {warning.message}")


def _check_summary(report: Report) -> str:
    counts = summarize(report.checks)
    return (
        f"{counts[CheckOutcome.PASS]} pass · {counts[CheckOutcome.FAIL]} fail · "
        f"{counts[CheckOutcome.NOT_ASSESSABLE]} n/a"
    )


def _reports_table(reports: list[Report]) -> Table:
    table = Table(title=f"{len(reports)} report(s)")
    for column in ("id", "agency", "region", "year", "format", "checks", "warnings", "file"):
        table.add_column(column, overflow="fold")
    for r in reports:
        table.add_row(
            r.id,
            r.agency or "?",
            r.region or "?",
            str(r.year or "?"),
            r.format_version or "?",
            _check_summary(r),
            str(len(r.warnings)),
            Path(r.source.path).name,
        )
    return table


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print failed/not-assessable checks as JSON.")
@click.option("--summary", is_flag=True, help="Print the reports table before the problems.")
@friendly_errors
def check(paths: tuple[Path, ...], as_json: bool, summary: bool) -> None:
    """Parse the report files under PATHS and list identities that fail or cannot be checked.

    Exits 1 if a file cannot be parsed (the others are still checked).
    """
    reports: list[Report] = []
    failures: list[str] = []
    for candidate in discover(paths):
        try:
            reports.append(parse_file(candidate.path, candidate.entry))
        except GovqaError as exc:
            failures.append(str(exc))
    for report_id, results in check_carry_over(reports).items():
        next(r for r in reports if r.id == report_id).checks.extend(results)
    problems = [
        {"report_id": r.id, "agency": r.agency, "year": r.year, **c.model_dump(mode="json")}
        for r in reports
        for c in r.checks
        if c.outcome is not CheckOutcome.PASS
    ]
    if as_json:
        import json

        click.echo(json.dumps({"problems": problems, "failed_files": failures}, ensure_ascii=False))
    else:
        console = _console()
        if summary:
            console.print(_reports_table(reports))
        failed = [p for p in problems if p["outcome"] == CheckOutcome.FAIL]
        click.echo(
            f"{len(reports)} report(s) parsed; {len(failed)} failed identities, "
            f"{len(problems) - len(failed)} not assessable."
        )
        for p in failed:
            click.echo(f"FAIL {p['report_id']} {p['agency']} {p['year']}: {p['message']}")
    for failure in failures:
        click.echo(f"Error: {failure}", err=True)
    if failures:
        sys.exit(1)


@main.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("demo-corpus"),
    show_default=True,
    help="Folder to write the demo reports into.",
)
@click.option("--agencies", type=int, default=30, show_default=True)
@friendly_errors
def demo(out: Path, agencies: int) -> None:
    """Write the synthetic demo corpus (fictional agencies, deterministic) to --out."""
    from ingest.synthetic.corpus import write_demo_corpus

    files = write_demo_corpus(out, n_agencies=agencies)
    click.echo(f"wrote {len(files)} demo report(s) to {out}")
