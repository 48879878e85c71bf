"""Commands over the stores: ingest, embed, reports, show, remove, search."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click
from pydantic import TypeAdapter
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from index.retrieval import Hit, SearchFilters
from index.sqlstore import ReportRow
from qa_app.cli.common import build_settings, console, data_dir_option, err_console, friendly_errors
from qa_app.cli.tables import failures_table, ingest_summary, stored_table
from qa_app.cli.terminal import escape_controls
from qa_app.engine import EmbedRun, Engine, IngestOutcome, IngestStatus

_OUTCOMES = TypeAdapter(list[IngestOutcome])
_ROWS = TypeAdapter(list[ReportRow])
_HITS = TypeAdapter(list[Hit])


def _engine(data_dir: Path | None) -> Engine:
    return Engine(build_settings(data_dir=data_dir))


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@data_dir_option
@click.option("--json", "as_json", is_flag=True, help="Print one outcome per file as JSON.")
@click.option(
    "--tables-only",
    is_flag=True,
    help="Store tables, checks and keywords only; leave passage vectors to `govqa embed`.",
)
@friendly_errors
def ingest(
    paths: tuple[Path, ...], data_dir: Path | None, as_json: bool, tables_only: bool
) -> None:
    """Parse the report files under PATHS (files or folders) and store them.

    Every file ends ingested, ingested_with_warnings, unchanged (same bytes already stored) or
    failed with a reason. Exits 0 only if none failed (and every passage got its vector).
    Tables come first: each report is answerable by table questions as soon as it is stored;
    passage vectors are made alongside and finished before the command ends.
    """
    engine = _engine(data_dir)
    with Progress(*_COLUMNS, console=err_console(), transient=True) as bar:
        task = bar.add_task("tables", total=None)
        vectors = bar.add_task("vectors", total=None, visible=not tables_only)

        def advance(done: int, total: int, outcome: IngestOutcome) -> None:
            bar.update(task, completed=done, total=total, description=_described(outcome))

        def embedded(done: int, waiting: int) -> None:
            bar.update(vectors, completed=done, total=done + waiting)

        run = engine.ingest_run(
            paths, progress=advance, embed=not tables_only, embed_progress=embedded
        )
    outcomes = run.outcomes
    if as_json:
        click.echo(_OUTCOMES.dump_json(outcomes).decode())
    else:
        out = console()
        out.print(ingest_summary(outcomes))
        failures = failures_table(outcomes)
        if failures is not None:
            out.print(failures)
        err_console().print(f"tables answerable after {run.tables_seconds:.1f} s")
    _say_vectors(run.embedding, engine)
    if any(o.status is IngestStatus.FAILED for o in outcomes):
        sys.exit(1)
    if run.embedding is not None and run.embedding.error:
        sys.exit(1)


_OCR_RATE = re.compile(r"^read by OCR: .*\(([\d.]+) pages/s\)")


def _described(outcome: IngestOutcome) -> str:
    """The file just done, and for a scan how fast OCR read it (OCR takes seconds a page)."""
    name = escape(escape_controls(Path(outcome.path).name)[:40])  # shown as rich markup
    rate = next((m.group(1) for w in outcome.warnings if (m := _OCR_RATE.match(w))), None)
    return f"{name} · OCR {rate} pages/s" if rate else name


_COLUMNS = (
    TextColumn("[progress.description]{task.description}"),
    BarColumn(),
    MofNCompleteColumn(),
    TimeRemainingColumn(),
)


def _say_vectors(run: EmbedRun | None, engine: Engine) -> None:
    """One line on stderr about passage vectors: done, restored, or what is left and why."""
    err = err_console()
    if run is None:
        err.print(engine.search_note() or "every report's passages are searchable by meaning")
        return
    if run.restored:
        err.print(f"restored lost vectors of {run.restored} reports from the embedding cache")
    if run.error:
        err.print(
            f"[bold]passage vectors incomplete[/]: {run.error}\n"
            f"{run.waiting} reports' passages are not searchable by meaning yet (keyword search "
            "covers them; their tables are answerable); run `govqa embed` to finish"
        )
    elif run.embedded:
        err.print(f"embedded the passages of {run.embedded} reports in {run.seconds:.1f} s")


@click.command()
@data_dir_option
@click.option("--json", "as_json", is_flag=True, help="Print what was embedded as JSON.")
@friendly_errors
def embed(data_dir: Path | None, as_json: bool) -> None:
    """Embed the passages of every stored report that has no vectors yet.

    Resumes where an ingest (killed, --tables-only, or its embedding server down) stopped, and
    restores vectors a vector store lost (a deleted chroma/ folder, a reset server) from the
    embedding cache without parsing again. Exits 1 if some passages are left without vectors.
    """
    engine = _engine(data_dir)
    with Progress(*_COLUMNS, console=err_console(), transient=True) as bar:
        task = bar.add_task("vectors", total=None)
        run = engine.embed(
            progress=lambda done, waiting: bar.update(task, completed=done, total=done + waiting)
        )
    if as_json:
        click.echo(run.model_dump_json())
    else:
        _say_vectors(run, engine)
    if run.error:
        sys.exit(1)


@click.command()
@data_dir_option
@click.option("--json", "as_json", is_flag=True, help="Print the reports as JSON.")
@friendly_errors
def reports(data_dir: Path | None, as_json: bool) -> None:
    """List the stored reports: id, agency, region, year, template edition, checks."""
    rows = _engine(data_dir).reports()
    if as_json:
        click.echo(_ROWS.dump_json(rows).decode())
    else:
        console().print(stored_table(rows))


@click.command()
@click.argument("report_id")
@data_dir_option
@click.option("--json", "as_json", is_flag=True, help="Print the full record as JSON.")
@friendly_errors
def show(report_id: str, data_dir: Path | None, as_json: bool) -> None:
    """Print one stored report: metadata, the three tables, sections, checks, warnings."""
    report = _engine(data_dir).show(report_id)
    if as_json:
        click.echo(report.model_dump_json(indent=2))
        return
    from qa_app.cli.tables import reports_table

    console().print(reports_table([report]))
    for key, section in report.sections.items():
        title, text = (
            escape_controls(section.title),
            escape_controls(section.text[:400], lines=True),
        )
        click.echo(f"\n[{key.value}] {title}\n{text}")


@click.command()
@click.argument("report_id")
@data_dir_option
@friendly_errors
def remove(report_id: str, data_dir: Path | None) -> None:
    """Remove one report from every store."""
    _engine(data_dir).remove(report_id)
    click.echo(f"removed {report_id}")


@click.command()
@click.argument("query")
@data_dir_option
@click.option("-k", "--top", "k", type=int, default=10, show_default=True)
@click.option("--year", "years", type=int, multiple=True, help="Only these years (repeatable).")
@click.option("--agency", "agencies", multiple=True, help="Only these agency keys (repeatable).")
@click.option(
    "--section", "sections", multiple=True, help="overview, problems, other or facts (repeatable)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the passages as JSON.")
@friendly_errors
def search(
    query: str,
    data_dir: Path | None,
    k: int,
    years: tuple[int, ...],
    agencies: tuple[str, ...],
    sections: tuple[str, ...],
    as_json: bool,
) -> None:
    """Hybrid passage search (dense + BM25, fused), for checking retrieval."""
    filters = SearchFilters(
        years=list(years) or None,
        agency_keys=list(agencies) or None,
        sections=list(sections) or None,
    )
    hits = _engine(data_dir).search(query, k=k, filters=filters)
    if as_json:
        click.echo(_HITS.dump_json(hits).decode())
        return
    for i, hit in enumerate(hits, start=1):
        agency, text = escape_controls(hit.agency or ""), escape_controls(hit.text[:160])
        click.echo(
            f"{i:>2}. {hit.score:.4f} {agency} {hit.year} [{hit.section}] "
            f"{hit.report_id}\n    {text}"
        )
