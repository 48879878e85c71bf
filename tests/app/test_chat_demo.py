"""The chat over synthetic reports, so it is exercised whether or not the seeds are present:
the appeals question lists exactly the agencies the generator gave appeals, each with its
行政复议 total in the facts table."""

from __future__ import annotations

import pytest

from tests.app.conftest import DemoStore, open_app
from tests.app.helpers import fact_rows, markdown_texts


def test_the_appeals_question_over_synthetic_reports(
    demo_store: DemoStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GOVQA_APP_PASSWORD", raising=False)
    app = open_app(demo_store.data, monkeypatch)
    app.chat_input(key="chat_input").set_value("2024年哪些机关有行政复议或行政诉讼？").run()
    assert not app.exception, app.exception
    expected = demo_store.appeals(2024)
    assert expected, "the synthetic corpus should give some agency an appeal in 2024"
    rows = fact_rows(app, 0)
    reviews = {r[0]: int(r[4]) for r in rows if r[2] == "行政复议总计"}
    assert reviews == expected
    text = "\n".join(markdown_texts(app.chat_message[1]))
    for agency, review in expected.items():
        assert f"{agency}：行政复议{review}件" in text
