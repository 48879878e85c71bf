"""An agency over its years, in the chat: the problems it repeats (a table, each expandable to
its cited points) and what it promised then reported again (a table of the pairs, each pair
expandable to both of its cited points, and CSV/XLSX exports with both sides' passages)."""

from __future__ import annotations

import csv
import io

from streamlit.testing.v1 import AppTest

from ingest.schema import ReportRef
from qa_app.answer.compose import compose
from qa_app.answer.export import RECURRENCE_COLUMNS, recurrence_csv
from qa_app.answer.model import Answer
from qa_app.execution.evidence import Evidence
from qa_app.question.plan import Intent, QueryPlan
from synthetic.history import agency_history
from tests.app.helpers import plain
from tests.qa_app.test_recurrence import YEARS, passages_of


def _script() -> None:
    import streamlit as st

    from qa_app.answer.model import Answer
    from qa_app.app.components_themes import render_recurrence

    render_recurrence(Answer.model_validate_json(st.session_state["answer"]), 0)


def answered() -> Answer:
    passages = passages_of(agency_history(7, "某某局", YEARS))
    refs = [
        ReportRef(id=p.report_id, agency=p.agency, agency_key="mou", region=None, year=p.year)
        for p in passages
    ]
    plan = QueryPlan(intent=Intent.SUMMARIZE_SECTION, recurring=True)
    return compose(
        Evidence(plan=plan, reports=refs, passages=passages), "某某局说要改进又出现的问题"
    )


def test_pairs_show_as_a_table_with_both_sides_cited_and_export() -> None:
    answer = answered()
    pairs = [p for r in answer.recurrence for p in r.promised_again]
    assert pairs
    app = AppTest.from_function(_script)
    app.session_state["answer"] = answer.model_dump_json()
    app.run()
    assert not app.exception, app.exception
    repeated = [p for r in answer.recurrence for p in r.repeated]
    assert repeated  # the generated agency raises a persistent theme every year
    shown = app.dataframe[0].value
    assert list(shown["问题 problem"]) == [p.label for p in repeated]
    assert list(shown["要点 points"]) == [len(p.points) for p in repeated]
    boxes = app.expander[: len(repeated)]
    for box, problem in zip(boxes, repeated, strict=True):
        lines = [plain(m.value) for m in box.markdown]
        assert len(lines) == len(problem.points)
        assert all(
            f"[{m.passage_ids[0]}]" in line for m, line in zip(problem.points, lines, strict=True)
        )
    table = app.dataframe[1].value
    assert list(table["改进要点 promise"]) == [p.promised.text for p in pairs]
    assert list(table["问题要点 problem"]) == [p.reported.text for p in pairs]
    years = zip(table["承诺年度 promised"], table["再次报告 reported"], strict=True)
    assert all(a < b for a, b in years)
    assert len(app.expander) == len(repeated) + len(pairs)
    for box, pair in zip(app.expander[len(repeated) :], pairs, strict=True):
        promised, reported = (plain(m.value) for m in box.markdown)
        assert pair.promised.text in promised and pair.reported.text in reported
        assert f"[{pair.promised.passage_ids[0]}]" in promised
        assert f"[{pair.reported.passage_ids[0]}]" in reported
    assert {"recurrence-csv-0", "recurrence-xlsx-0"} <= {b.key for b in app.get("download_button")}
    rows = list(csv.DictReader(io.StringIO(recurrence_csv(answer).decode("utf-8-sig"))))
    assert list(rows[0]) == list(RECURRENCE_COLUMNS) and len(rows) == len(pairs)
    assert all(r["promised_passage_ids"] and r["reported_passage_ids"] for r in rows)
