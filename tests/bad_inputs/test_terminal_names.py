"""A file name (or report text) holding terminal escapes is printed escaped: `govqa ingest`,
`govqa reports` and `govqa show` never send a raw ESC, carriage return or bidi override to the
terminal, and rich markup in a name is printed as typed."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from click.testing import CliRunner
from rich.console import Console

from qa_app.cli.main import main
from qa_app.cli.tables import failures_table
from qa_app.cli.terminal import escape_controls
from qa_app.engine import IngestOutcome, IngestStatus
from tests.bad_inputs.generate import report_text

# clears the screen, turns red, returns to column 0, sets rich bold, reverses the text's end
EVIL = "evil\x1b[2J\x1b[31mred\rX[bold]b\u202etxt"
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), env={"HF_HUB_OFFLINE": "1"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.output


def test_escapes_in_names_are_printed_escaped(tmp_path: Path) -> None:
    folder, data = tmp_path / "in", str(tmp_path / "data")
    folder.mkdir()
    (folder / f"{EVIL}.txt").write_text(
        report_text(4).replace("一、总体情况", "一、总体情况\x1b]0;pwned\x07", 1), encoding="utf-8"
    )
    (folder / f"{EVIL}.pdf").write_bytes(b"%PDF-1.4 not really")  # fails: its name is listed
    ingested = _run("ingest", str(folder), "--data-dir", data, "--tables-only")
    listed = _run("reports", "--data-dir", data)
    (row,) = json.loads(_run("reports", "--data-dir", data, "--json"))
    shown = _run("show", row["id"], "--data-dir", data)
    for output in (ingested, listed, shown):
        assert not RAW.search(output), repr(output)
    assert "failed" in ingested and ".pdf" in ingested
    assert "\\x1b[2J" in listed and "[bold]" in listed  # shown as typed, markup and all


def test_the_failures_table_prints_names_as_typed() -> None:
    outcome = IngestOutcome(path=f"/in/{EVIL}.pdf", status=IngestStatus.FAILED, reason="bad")
    table = failures_table([outcome])
    assert table is not None
    out = Console(file=io.StringIO(), width=400)
    out.print(table)
    printed = out.file.getvalue()  # type: ignore[attr-defined]
    assert "/in/evil\\x1b[2J\\x1b[31mred\\rX[bold]b\\u202etxt.pdf" in printed
    assert not RAW.search(printed)


def test_escape_controls_keeps_ordinary_text() -> None:
    text = "郏县人民政府 2024年 (v2021) [表三] 50%"
    assert escape_controls(text) == text
    assert escape_controls("a\nb\tc", lines=True) == "a\nb\tc"
    assert escape_controls("a\nb") == "a\\nb"
