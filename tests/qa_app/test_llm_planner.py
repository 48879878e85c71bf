"""The LLM planner through the real ChatOpenAI / ChatOllama clients against a scripted server:
a valid plan is used (planner == "llm"); anything else falls back to the rule planner with the
reason in plan.notes, and the API key appears in no note, log line or request body."""

from __future__ import annotations

import json
import logging

import pytest

from ingest.normalize import match_key
from qa_app.llm import make_chat_model
from qa_app.question.plan import Intent, Language, QueryPlan
from qa_app.question.planner_llm import MAX_AGENCIES, CorpusContext, LLMPlanner, plan_values
from qa_app.settings import Settings
from tests.qa_app.fake_openai import (
    FakeLLMServer,
    Reply,
    fake_llm_server,
    garbage,
    refused_url,
    text,
    tool_call,
)

KEY = "sk-planner-SECRET-77aa"
JIAXIAN = "郏县人民政府"
CHAOYANG = "朝阳县人民政府办公室"
CONTEXT = CorpusContext(
    agencies={match_key(JIAXIAN): JIAXIAN, match_key(CHAOYANG): CHAOYANG},
    years=(2021, 2023, 2024),
)
QUESTION = "郏县人民政府2024年收到多少政府信息公开申请？"
GOOD = {
    "intent": "lookup",
    "metrics": [{"key": "new_received", "column": None}],
    "filters": {"years": [2024], "agency_keys": [match_key(JIAXIAN)]},
    "language": "zh",
}


class StubRules:
    """Stands in for the rule planner: a fixed plan, and the questions it was asked."""

    def __init__(self) -> None:
        self.questions: list[str] = []

    def plan(self, question: str) -> QueryPlan:
        self.questions.append(question)
        return QueryPlan(intent=Intent.COUNT_REPORTS, notes=["rules: counted reports"])


def _planner(
    server: FakeLLMServer | None, rules: StubRules, *, provider: str = "openai", url: str = ""
) -> LLMPlanner:
    if server is not None:
        url = server.openai_url if provider == "openai" else server.url
    settings = Settings(llm=f"{provider}:m", llm_base_url=url, llm_api_key=KEY, llm_timeout=0.3)
    model = make_chat_model(settings)
    assert model is not None
    return LLMPlanner(model, rules, CONTEXT)


def _plan_with(*replies: Reply) -> tuple[QueryPlan, StubRules, FakeLLMServer]:
    rules = StubRules()
    with fake_llm_server(*replies) as server:
        plan = _planner(server, rules).plan(QUESTION)
    return plan, rules, server


def _assert_fell_back(plan: QueryPlan, rules: StubRules, *words: str) -> None:
    assert plan.planner == "rules" and plan.intent is Intent.COUNT_REPORTS
    assert rules.questions == [QUESTION]
    note = plan.notes[-1]
    assert note.startswith("LLM planner not used") and "rule planner" in note
    assert all(w in note for w in words), note
    assert KEY not in " ".join(plan.notes)


# ------------------------------------------------------------------ used


def test_a_valid_structured_plan_is_used() -> None:
    plan, rules, _ = _plan_with(tool_call("QueryPlan", GOOD))
    assert plan.planner == "llm" and rules.questions == []
    assert plan.intent is Intent.LOOKUP and plan.language is Language.ZH
    assert [(m.key, m.column) for m in plan.metrics] == [("new_received", "total")]
    assert plan.filters.years == [2024] and plan.filters.agency_keys == [match_key(JIAXIAN)]
    assert plan.notes == []


def test_the_request_forces_a_function_call_with_the_plan_schema() -> None:
    _, _, server = _plan_with(tool_call("QueryPlan", GOOD))
    body = server.requests[0].json
    assert body["tool_choice"] == {"type": "function", "function": {"name": "QueryPlan"}}
    (tool,) = body["tools"]
    parameters = tool["function"]["parameters"]
    assert "$ref" not in json.dumps(parameters)
    assert {"intent", "metrics", "filters"} <= parameters["properties"].keys()
    assert not {"planner", "notes", "agencies"} & parameters["properties"].keys()
    assert set(parameters["properties"]["intent"]["enum"]) == {i.value for i in Intent}


def test_the_prompt_gives_metrics_intents_agencies_and_years() -> None:
    _, _, server = _plan_with(tool_call("QueryPlan", GOOD))
    system, user = server.requests[0].json["messages"]
    assert (system["role"], user["role"]) == ("system", "user")
    assert user["content"] == QUESTION
    for expected in ("new_received", "review_total", "disclosure_rate", "verify_claim",
                     "2021, 2023, 2024", "natural_person"):  # fmt: skip
        assert expected in system["content"], expected
    block = system["content"].split("<corpus_agencies>")[1].split("</corpus_agencies>")[0]
    assert f"{match_key(JIAXIAN)}: {JIAXIAN}" in block
    assert "latest year in the corpus, 2024" in system["content"]


def test_planner_owned_fields_from_the_model_are_ignored() -> None:
    sneaky = {**GOOD, "planner": "rules", "notes": ["trust me"], "agencies": [{"mention": "x"}]}
    plan, _, _ = _plan_with(tool_call("QueryPlan", sneaky))
    assert plan.planner == "llm" and plan.notes == [] and plan.agencies == []


def test_empty_filter_lists_mean_no_restriction() -> None:
    draft = {**GOOD, "filters": {"years": [], "agency_keys": [], "regions": []}}
    plan, _, _ = _plan_with(tool_call("QueryPlan", draft))
    assert plan.planner == "llm"
    assert (plan.filters.years, plan.filters.agency_keys, plan.filters.regions) == (None,) * 3


def test_ollama_plans_through_a_json_schema_format() -> None:
    rules = StubRules()
    with fake_llm_server(text(json.dumps(GOOD))) as server:
        plan = _planner(server, rules, provider="ollama").plan(QUESTION)
    assert plan.planner == "llm" and plan.metrics[0].key == "new_received"
    (request,) = server.requests
    assert request.path == "/api/chat"
    assert request.json["format"]["properties"]["intent"]["enum"][0] == "lookup"


def test_a_large_corpus_lists_the_agencies_closest_to_the_question() -> None:
    names = [f"第{i}号测试单位" for i in range(MAX_AGENCIES + 50)] + [JIAXIAN]
    context = CorpusContext(agencies={match_key(n): n for n in names}, years=(2024,))
    listed = plan_values(QUESTION, context)["agencies"]
    assert JIAXIAN in listed and len(listed.splitlines()) == MAX_AGENCIES + 2  # + the markers


# ------------------------------------------------------------------ fallback


def test_malformed_json_arguments_fall_back() -> None:
    plan, rules, _ = _plan_with(tool_call("QueryPlan", '{"intent": "lookup", "metrics": [{'))
    _assert_fell_back(plan, rules, "no plan in the response")


def test_plain_text_instead_of_a_function_call_falls_back() -> None:
    plan, rules, _ = _plan_with(text("郏县2024年收到申请35件。"))
    _assert_fell_back(plan, rules, "no plan")


def test_a_plan_naming_an_unknown_metric_falls_back() -> None:
    draft = {**GOOD, "metrics": [{"key": "applications_received"}]}
    plan, rules, _ = _plan_with(tool_call("QueryPlan", draft))
    _assert_fell_back(plan, rules, "invalid plan", "unknown metric 'applications_received'")


def test_a_plan_breaking_the_schema_falls_back() -> None:
    plan, rules, _ = _plan_with(tool_call("QueryPlan", {**GOOD, "intent": "answer_directly"}))
    _assert_fell_back(plan, rules, "invalid plan", "intent")


def test_a_plan_naming_an_unknown_agency_falls_back() -> None:
    draft = {**GOOD, "filters": {"years": [2024], "agency_keys": ["宝丰县人民政府"]}}
    plan, rules, _ = _plan_with(tool_call("QueryPlan", draft))
    _assert_fell_back(plan, rules, "unknown agency key", "宝丰县人民政府")


def test_a_timeout_falls_back() -> None:
    plan, rules, _ = _plan_with(tool_call("QueryPlan", GOOD, delay=60))
    _assert_fell_back(plan, rules, "GOVQA_LLM_TIMEOUT", "127.0.0.1")


def test_no_server_falls_back() -> None:
    rules = StubRules()
    plan = _planner(None, rules, url=refused_url()).plan(QUESTION)
    _assert_fell_back(plan, rules, "cannot connect")


@pytest.mark.parametrize(
    "reply", [garbage(), garbage(b'{"error": "overloaded"}', status=503)], ids=["garbage", "503"]
)
def test_a_broken_response_falls_back(reply: Reply) -> None:
    plan, rules, _ = _plan_with(reply)
    _assert_fell_back(plan, rules)


def test_the_key_is_in_no_note_log_or_body(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    echo = f'{{"error": {{"message": "bad key {KEY}"}}}}'.encode()
    for reply in (tool_call("QueryPlan", GOOD), garbage(echo, status=401)):
        plan, _rules, server = _plan_with(reply)
        assert KEY not in plan.model_dump_json()
        assert all(KEY not in r.body for r in server.requests)
    assert "GOVQA_LLM_API_KEY" in plan.notes[-1]
    assert caplog.records and all(KEY not in r.getMessage() for r in caplog.records)
