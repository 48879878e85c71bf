"""Figures no real report prints (40-digit counts, amounts with many decimals) are never stored
as numbers: a float would round them, and an answer would cite the rounded figure as
verified. They are stored as text with a warning, and an answer that needs one says it is
unreadable. Figures within the bounds come back exactly as printed, counts as ints."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from index.embedding_cache import CachedEmbedder
from ingest.numbers import MAX_MAGNITUDE
from ingest.schema import CellStatus
from qa_app.cli import main
from qa_app.engine import Engine
from qa_app.settings import Settings
from tests.bad_inputs.generate import report_text, with_s2_row

HUGE = "1234567890123456789012345678901234567890"
AGENCY = "示例区城市管理局"  # report_text(13)'s agency


def with_s4_values(text: str, value: str) -> str:
    """Every number cell of table 四 (its one row of figures) replaced by `value`."""
    a = text.index("## 四、")
    b = text.index("\n#", a + 1)
    lines = text[a:b].split("\n")
    (row,) = [i for i, line in enumerate(lines) if re.fullmatch(r"\d+(\t\d+)+", line)]
    lines[row] = "\t".join(value for _ in lines[row].split("\t"))
    return text[:a] + "\n".join(lines) + text[b:]


def _run(*args: str) -> object:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    """A report whose table 四 cells are 40-digit numbers, whose 行政事业性收费 has five
    decimals, and whose 行政许可 is the largest plausible count; ingested by the CLI."""
    folder = tmp_path_factory.mktemp("in")
    text = with_s4_values(report_text(13), HUGE)
    text = with_s2_row(text, "行政事业性收费", "12.34567")
    text = with_s2_row(text, "行政许可", str(MAX_MAGNITUDE))
    (folder / "huge.txt").write_text(text, encoding="utf-8")
    data = tmp_path_factory.mktemp("data")
    (outcome,) = _run("ingest", str(folder), "--data-dir", str(data), "--json", "--tables-only")
    assert isinstance(outcome, dict)
    return data, outcome


def test_implausible_figures_are_warned_about_and_stored_as_text(
    stored: tuple[Path, dict[str, object]],
) -> None:
    data, outcome = stored
    assert outcome["status"] == "ingested_with_warnings"
    warnings = "\n".join(outcome["warnings"])  # type: ignore[arg-type]
    assert "行政复议/总计" in warnings and "beyond any real count" in warnings
    assert "行政事业性收费" in warnings
    record = _run("show", str(outcome["report_id"]), "--data-dir", str(data), "--json")
    assert isinstance(record, dict)
    review = record["s4"]["review_total"]
    assert review["raw"] == HUGE and review["value"] is None
    assert review["status"] == CellStatus.TEXT.value
    assert record["s2"]["admin_fee_amount_wan"]["value"] is None
    assert record["s2"]["licensing_decisions"]["value"] == MAX_MAGNITUDE  # the bound is a count
    with sqlite3.connect(data / "govqa.sqlite3") as db:
        stored_values = db.execute(
            "SELECT value FROM cells WHERE section = 's4' AND row LIKE 'review_%'"
        ).fetchall()
    assert stored_values and all(v is None for (v,) in stored_values)  # no number stored


def test_an_answer_needing_such_a_cell_says_it_is_unreadable(
    stored: tuple[Path, dict[str, object]],
) -> None:
    data, _ = stored
    answer = _run("ask", f"{AGENCY}2024年行政复议多少件", "--data-dir", str(data), "--json")
    assert isinstance(answer, dict)
    assert "无法读取" in answer["answer"]
    assert not any(len(n) > 4 for n in re.findall(r"\d+", answer["answer"]))  # only the year
    review = [f for f in answer["facts"] if f["field"].startswith("review_")]
    assert review and all(f["value"] is None for f in review)  # no figure to mark verified
    assert not any(str(f["value"]).startswith("12345678") for f in answer["facts"])


@pytest.fixture(scope="module")
def amounts(
    tmp_path_factory: pytest.TempPathFactory, shared_embedder: CachedEmbedder
) -> Iterator[Engine]:
    """Two reports whose 行政事业性收费 are 4068.208 and 0.1 (万元): decimals a binary float
    only approximates; they must be stored, summed and stated as printed."""
    folder = tmp_path_factory.mktemp("amounts")
    for index, fee in ((13, "4068.208"), (14, "0.1")):
        text = with_s2_row(report_text(index), "行政事业性收费", fee)
        (folder / f"fee{index}.txt").write_text(text, encoding="utf-8")
    engine = Engine(Settings(data_dir=tmp_path_factory.mktemp("data")), embedder=shared_embedder)
    assert all(o.report_id for o in engine.ingest_run([folder], embed=False).outcomes)
    yield engine
    engine.close()


def test_counts_are_ints_and_amounts_exact_decimals_in_the_store(amounts: Engine) -> None:
    (fee,) = [
        r.s2["admin_fee_amount_wan"]
        for r in map(amounts.show, (row.id for row in amounts.reports()))
        if r.agency == AGENCY
    ]
    assert fee.value == Decimal("4068.208") and isinstance(fee.value, Decimal)
    path = amounts.settings.data_dir / "govqa.sqlite3"
    with sqlite3.connect(path) as db:
        kinds = dict(
            db.execute(
                "SELECT status, group_concat(DISTINCT typeof(value)) FROM cells "
                "WHERE row != 'admin_fee_amount_wan' AND status IN ('number', 'zero') "
                "GROUP BY status"
            ).fetchall()
        )
    assert kinds == {"number": "integer", "zero": "integer"}  # counts are integers in SQL


def test_an_answer_states_and_verifies_amounts_exactly(amounts: Engine) -> None:
    one = amounts.ask(f"{AGENCY}2024年行政事业性收费多少")
    assert "4068.208万元" in one.answer and one.verified
    total = amounts.ask("2024年各单位行政事业性收费合计多少")
    assert "4068.308" in total.answer and total.verified, total.answer
    assert "4068.308000" not in total.answer
