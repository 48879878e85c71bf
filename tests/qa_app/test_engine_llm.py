"""`Engine.ask` with an LLM configured (GOVQA_LLM) against a scripted OpenAI-compatible server:
the model may plan, but the figures come from the cells and are verified; a broken model falls
back to the rule planner; the model never sees report text when planning."""

from __future__ import annotations

import json

import pytest

from index.embedders import E5Embedder
from ingest.normalize import match_key
from qa_app.engine import Engine
from qa_app.settings import Settings
from tests.conftest import seed_path
from tests.qa_app.fake_openai import FakeLLMServer, fake_llm_server, garbage, tool_call

KEY = "sk-engine-SECRET-123"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    data = tmp_path_factory.mktemp("data")
    engine = Engine(Settings(data_dir=data), embedder=E5Embedder())
    engine.ingest([seed_path("001"), seed_path("003")])
    engine.close()
    return data


def _engine(data_dir, server: FakeLLMServer) -> Engine:  # type: ignore[no-untyped-def]
    settings = Settings(
        data_dir=data_dir,
        llm="openai:fake-model",
        llm_base_url=server.openai_url,
        llm_api_key=KEY,
        llm_timeout=2,
    )
    return Engine(settings, embedder=E5Embedder())


def test_a_plan_from_the_model_is_executed_and_its_figures_come_from_cells(data_dir) -> None:  # type: ignore[no-untyped-def]
    plan = {
        "intent": "lookup",
        "metrics": [{"key": "review_total", "column": None}],
        "filters": {"years": [2024], "agency_keys": [match_key("郏县人民政府")]},
        "language": "zh",
    }
    with fake_llm_server(tool_call("QueryPlan", plan)) as server:
        answer = _engine(data_dir, server).ask("郏县去年的复议情况")
        sent = json.dumps([r.json for r in server.requests], ensure_ascii=False)
    assert answer.plan is not None and answer.plan.planner == "llm"
    assert [(f.field, f.value) for f in answer.facts] == [("review_total", 7)]
    assert answer.verified and "7" in answer.answer
    assert "依申请公开的处理流程" not in sent  # planning never sees report narrative
    assert KEY not in sent and KEY not in answer.model_dump_json()


def test_a_broken_model_falls_back_to_the_rule_planner(data_dir) -> None:  # type: ignore[no-untyped-def]
    with fake_llm_server(garbage()) as server:
        answer = _engine(data_dir, server).ask("郏县人民政府2024年行政复议多少件？")
    assert answer.plan is not None and answer.plan.planner == "rules"
    assert any("fell back" in note or "rule" in note for note in answer.plan.notes)
    assert [f.value for f in answer.facts if f.field == "review_total"] == [7]
    assert KEY not in answer.model_dump_json()
