"""Questions are never SQL: text that looks like an injection is an ordinary (unanswerable or
unmatched) question, and the stores are unchanged after it."""

from __future__ import annotations

import pytest

from tests.corpora import StoredCorpus

HOSTILE = [
    "'; DROP TABLE cells; --",
    "2024年 郏县' OR '1'='1 行政复议",
    "Robert'); DELETE FROM reports WHERE ('1'='1",
    "2024年哪些机关 UNION SELECT * FROM reports --",
]


@pytest.mark.parametrize("question", HOSTILE)
def test_sql_in_a_question_is_just_text(stored_corpus: StoredCorpus, question: str) -> None:
    engine = stored_corpus.engine
    before = sorted(r.id for r in engine.reports())
    answer = engine.ask(question)
    assert answer.answer  # an answer (or an explanation), not an exception
    # '1'='1 widens nothing: an answer never draws on every report of every year
    assert len({f.report_id for f in answer.facts}) < len(before)
    after = sorted(r.id for r in engine.reports())
    assert after == before
    with engine.corpus.sql.engine.connect() as conn:
        tables = {row[0] for row in conn.exec_driver_sql("select name from sqlite_master")}
    assert {"reports", "cells", "passages"} <= tables
