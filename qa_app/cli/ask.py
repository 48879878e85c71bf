"""`govqa ask`: a question in, an answer with its evidence out."""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape

from qa_app.answer.model import Answer
from qa_app.cli.common import build_settings, console, data_dir_option, friendly_errors
from qa_app.cli.terminal import escape_controls, plain
from qa_app.engine import Engine


def print_answer(answer: Answer) -> None:
    """The answer text, then its facts with their sources, then the verification verdict."""
    out = console()
    out.print(plain(answer.answer, lines=True))  # report text: no markup, no controls
    if answer.facts:
        out.print()
        for fact in answer.facts:
            where = ""
            if fact.source is not None:
                where = f"{Path(fact.source.file).name}"
                where += f" 行{fact.source.line}" if fact.source.line else ""
                where += f" 第{fact.source.page}页" if fact.source.page else ""
            column = f" [{fact.column}]" if fact.column and fact.column != "total" else ""
            line = (
                f"  · {fact.agency} {fact.year} {fact.field}{column} = "
                f"{'空' if fact.value is None else fact.value}  ({fact.report_id} {where})"
            )
            out.print(plain(line), highlight=False)
    if answer.passages:
        out.print()
        for p in answer.passages:
            out.print(plain(f"  [{p.passage_id}] {p.agency} {p.year} {p.section}"), highlight=False)
    out.print()
    if answer.verified:
        out.print("[green]✓ every number in the answer matches a cited cell[/green]")
    else:
        out.print(
            "[red]✗ numbers not matched to a cell:[/red] "
            + escape(
                escape_controls(", ".join(f"{m.number} ({m.reason})" for m in answer.mismatches))
            )
        )


@click.command()
@click.argument("question")
@data_dir_option
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print {answer, facts, passages, verified, coverage, ...} as JSON.",
)
@friendly_errors
def ask(question: str, data_dir: Path | None, as_json: bool) -> None:
    """Answer QUESTION (Chinese or English) from the stored reports, with every figure traced
    to the table cell it came from."""
    answer = Engine(build_settings(data_dir=data_dir)).ask(question)
    if as_json:
        click.echo(answer.model_dump_json(indent=2))
    else:
        print_answer(answer)
