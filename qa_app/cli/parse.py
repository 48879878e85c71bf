"""Commands that parse files without storing them: parse, check (on files), demo."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ingest.schema import CheckOutcome
from qa_app.cli.common import build_settings, console, data_dir_option, friendly_errors
from qa_app.cli.tables import reports_table
from qa_app.cli.terminal import escape_controls
from qa_app.engine import CheckRun, Engine


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the Report record as JSON.")
@friendly_errors
def parse(file: Path, as_json: bool) -> None:
    """Parse one FILE and print its record; nothing is stored."""
    report = Engine.parse(file)
    if as_json:
        click.echo(report.model_dump_json(indent=2))
        return
    console().print(reports_table([report]))
    for warning in report.warnings:
        click.echo(f"warning: {escape_controls(warning.message)}")


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@data_dir_option
@click.option("--json", "as_json", is_flag=True, help="Print failed/not-assessable checks as JSON.")
@click.option("--summary", is_flag=True, help="Print the reports table before the problems.")
@friendly_errors
def check(paths: tuple[Path, ...], data_dir: Path | None, as_json: bool, summary: bool) -> None:
    """List identities (勾稽关系) that fail or cannot be checked.

    With PATHS, parse those files (nothing is stored; exits 1 if a file cannot be parsed);
    without, check every stored report, S1 across years included.
    """
    if paths:
        run = Engine.check_files(paths)
    else:
        run = CheckRun(problems=Engine(build_settings(data_dir=data_dir)).problems())
    if as_json:
        click.echo(run.model_dump_json())
    else:
        if summary and run.reports:
            console().print(reports_table(run.reports))
        failed = [p for p in run.problems if p.check.outcome is CheckOutcome.FAIL]
        click.echo(
            f"{len(failed)} failed identities, {len(run.problems) - len(failed)} not assessable."
        )
        for p in failed:
            line = f"FAIL {p.report_id} {p.agency} {p.year}: {p.check.message}"
            click.echo(escape_controls(line))
    for failure in run.failed_files:
        click.echo(f"Error: {escape_controls(failure)}", err=True)
    if run.failed_files:
        sys.exit(1)


@click.command()
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
    from synthetic.corpus import write_demo_corpus

    files = write_demo_corpus(out, n_agencies=agencies)
    click.echo(f"wrote {len(files)} demo report(s) to {out}")
