"""Bounds on what one file may cost: a report repeating a table row a million times ingests
in bounded memory with its warnings aggregated, and stays usable in `govqa show` and the
Reports page; a page of deeply nested <div>s fails at once, naming the file and the bound.
Peak memory is measured on the real CLI in a subprocess (getrusage of its children, parser
processes included)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ingest.bounds import MAX_HTML_DEPTH, MAX_SECTION_LINES, MAX_WARNINGS, aggregate
from ingest.schema import ParseWarning
from qa_app.app.components_report import PAGE_CHARS
from tests.app.conftest import open_app
from tests.app.helpers import plain
from tests.bad_inputs.generate import report_text

GB = 1024 * 1024  # ru_maxrss is in KiB
ROWS = 1_000_000
ROW = "规章\t1234567\t7654321\t1234567"  # a table 二 row, 33 bytes with its newline


# Runs the command and writes its peak RSS (KiB) to argv[1]. The command is started from this
# small process, not from pytest: Linux counts the memory of the process a child was forked
# from in the child's peak, and pytest's is large.
_MEASURE = (
    "import resource, subprocess, sys; code = subprocess.call(sys.argv[2:]); "
    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)); "
    "sys.exit(code)"
)


def run_cli(*args: str, cwd: Path) -> tuple[int, str, str, int]:
    """`govqa ARGS` in a subprocess: exit code, stdout, stderr, peak RSS in KiB (parser
    processes included: a parent's children's peak covers theirs)."""
    out, err, peak = cwd / "stdout", cwd / "stderr", cwd / "peak"
    with out.open("wb") as o, err.open("wb") as e:
        command = [sys.executable, "-c", _MEASURE, str(peak), sys.executable, "-m", "qa_app"]
        code = subprocess.call([*command, *args], stdout=o, stderr=e)
    return code, out.read_text(), err.read_text(), int(peak.read_text())


def test_repeats_become_one_warning_and_a_report_keeps_a_bounded_number() -> None:
    repeated = [
        ParseWarning(code="duplicate_fragment_ignored", message=f"line {n}: row 规章 appears "
                     "again; the first reading was kept", line=n)
        for n in range(10, 1010)
    ]  # fmt: skip
    (one,) = aggregate(repeated)
    assert one.message.startswith("line 10: row 规章 appears again")
    assert "appears 999 more times (lines 10–1,009)" in one.message
    distinct = [ParseWarning(code=f"c{n % 3}", message=f"cell {n} is odd") for n in range(1000)]
    kept = aggregate(distinct)
    assert len(kept) == MAX_WARNINGS
    assert kept[:-1] == distinct[: MAX_WARNINGS - 1]
    assert kept[-1].code == "warnings_truncated"
    assert f"{1000 - MAX_WARNINGS + 1:,} more warnings" in kept[-1].message


@pytest.fixture(scope="module")
def million_rows(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object], int]:
    """A report whose table 二 repeats one row a million times (about 34 MB), ingested by the
    CLI: the data dir, the file's outcome, the peak RSS."""
    folder = tmp_path_factory.mktemp("million")
    lines = report_text(15).split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("规章\t"))
    path = folder / "million.txt"
    with path.open("w", encoding="utf-8") as f:
        f.write("\n".join(lines[: at + 1]) + "\n")
        f.write((ROW + "\n") * ROWS)
        f.write("\n".join(lines[at + 1 :]))
    assert path.stat().st_size > 30_000_000
    data = folder / "data"
    code, out, err, peak = run_cli(
        "ingest", str(path), "--data-dir", str(data), "--json", "--tables-only", cwd=folder
    )
    assert code == 0, err
    (outcome,) = json.loads(out)
    return data, outcome, peak


@pytest.mark.slow
def test_a_million_row_report_ingests_in_bounded_memory(
    million_rows: tuple[Path, dict[str, object], int],
) -> None:
    _, outcome, peak = million_rows
    assert peak < GB, f"peak RSS {peak / 1024:.0f} MB"
    assert outcome["status"] == "ingested_with_warnings"
    warnings: list[str] = outcome["warnings"]  # type: ignore[assignment]
    assert len(warnings) <= MAX_WARNINGS
    (cut,) = [w for w in warnings if "beyond the bound" in w]
    assert "million.txt" in cut and f"{MAX_SECTION_LINES:,} lines per section" in cut
    assert f"the line '{ROW}' appears {ROWS:,} times".replace("\t", "\\t") in cut
    (repeats,) = [w for w in warnings if "appears again" in w]  # within the lines read
    more = re.search(r"appears ([\d,]+) more times", repeats)
    assert more and MAX_SECTION_LINES - 50 < int(more.group(1).replace(",", "")) < MAX_SECTION_LINES


@pytest.mark.slow
def test_a_million_row_report_stays_usable_in_show_and_the_reports_page(
    million_rows: tuple[Path, dict[str, object], int],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    data, outcome, _ = million_rows
    report_id = str(outcome["report_id"])
    code, out, err, peak = run_cli(
        "show", report_id, "--data-dir", str(data), "--json", cwd=tmp_path
    )
    assert code == 0, err
    assert len(json.loads(out)["warnings"]) <= MAX_WARNINGS and peak < GB
    app: AppTest = open_app(data, monkeypatch)
    app.switch_page("pages_reports.py").run()
    (label,) = app.selectbox(key="reports_open").options
    app.selectbox(key="reports_open").set_value(label).run()
    assert not app.exception, app.exception
    header = next(m for m in app.main.markdown if plain(m.value).startswith("#### 解析提示"))
    assert f"({len(outcome['warnings'])})" in header.value  # type: ignore[arg-type]
    assert any("million.txt: section 二 has" in plain(m.value) for m in app.main.markdown)
    pager = app.number_input(key=f"section_page_{report_id}_proactive")
    assert pager.max > 1  # section 二's 5,000 lines read are shown a page at a time
    assert all(len(m.value) < 2 * PAGE_CHARS for m in app.main.markdown)


def test_a_page_of_nested_divs_fails_at_once_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "nested.html"
    depth = 1_000_000  # 10 MB of <div>s, each inside the last
    path.write_text("<html><body>" + "<div>" * depth + "政府信息公开" + "</div>" * depth)
    assert path.stat().st_size > 10_000_000
    code, out, err, peak = run_cli(
        "ingest", str(path), "--data-dir", str(tmp_path / "data"), "--json", "--tables-only",
        cwd=tmp_path,
    )  # fmt: skip
    assert code == 1, err
    (outcome,) = json.loads(out)
    assert outcome["status"] == "failed"
    assert (
        "nested.html" in outcome["reason"]
        and f"more than {MAX_HTML_DEPTH} deep" in outcome["reason"]
    )
    assert "RecursionError" not in out + err
    assert peak < GB / 2, f"peak RSS {peak / 1024:.0f} MB"
