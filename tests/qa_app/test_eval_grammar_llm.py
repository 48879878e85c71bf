"""The generated evaluation through the LLM planner, against the scripted local
OpenAI-compatible server: every plan the "model" returns goes through ChatOpenAI, the plan
schema and LLMPlanner's validation; broken replies (an unknown metric, an unknown agency key,
a body that is no completion) fall back to the rules and are counted. The model's good plans
are scripted from the rule planner's reading, so the test measures the LLM path itself
(transport, validation, fallback, execution), not a model's skill."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from qa_app.answer.model import Answer
from qa_app.engine.asking import answer_question
from qa_app.llm import make_chat_model
from qa_app.question.planner_llm import PLANNER_OWNED, CorpusContext, LLMPlanner
from qa_app.settings import Settings
from tests.qa_app import eval_grammar as grammar
from tests.qa_app.fake_openai import Recorded, Reply, fake_llm_server, garbage, tool_call
from tests.qa_app.small_corpus import SmallCorpus, store_reports

SAMPLE = 3  # every third lookup and every other question: every intent, under a minute


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SmallCorpus]:
    folder: Path = tmp_path_factory.mktemp("grammar_llm")
    stored = store_reports(folder, grammar.parsed_reports(grammar.corpus_records(), folder))
    yield stored
    stored.close()


class ScriptedModel:
    """Answers each planning request by the question in it: the rule planner's plan as the
    model's tool call, except on purpose: every 7th an unknown metric, every 11th a body that
    is no completion, and a name the corpus lacks written as the agency key (as the prompt
    tells the model to do)."""

    def __init__(self, corpus: SmallCorpus) -> None:
        self.corpus = corpus
        self.calls = 0
        self.broken: Counter[str] = Counter()

    def __call__(self, request: Recorded) -> Reply:
        self.calls += 1
        question = request.json["messages"][-1]["content"]
        plan = self.corpus.planner.plan(question)
        draft: dict[str, Any] = plan.model_dump(mode="json", exclude=set(PLANNER_OWNED))
        if self.calls % 11 == 0:
            self.broken["garbage"] += 1
            return garbage()
        if self.calls % 7 == 0 and draft["metrics"]:
            self.broken["unknown metric"] += 1
            draft["metrics"] = [{"key": "no_such_metric", "column": None}]
        elif plan.filters.agency_keys == [] and plan.agencies:
            self.broken["unknown agency"] += 1
            draft["filters"]["agency_keys"] = [plan.agencies[0].mention]
        return tool_call("QueryPlan", json.dumps(draft, ensure_ascii=False))


@pytest.mark.slow
def test_the_generated_evaluation_through_the_llm_planner(corpus: SmallCorpus) -> None:
    every = grammar.build(grammar.corpus_records())
    questions = [q for i, q in enumerate(every) if q.intent != "lookup" or i % SAMPLE == 0]
    rows = corpus.planner.directory
    context = CorpusContext(
        agencies={e.key: e.name for e in rows.entries},
        years=tuple(sorted({y for e in rows.entries for y in e.years})),
    )
    model = ScriptedModel(corpus)
    with fake_llm_server(responder=model) as server:
        settings = Settings(llm="openai:scripted", llm_base_url=server.openai_url,
                            llm_api_key="sk-eval", llm_timeout=5)  # fmt: skip
        chat_model = make_chat_model(settings)
        assert chat_model is not None
        planner = LLMPlanner(chat_model, corpus.planner, context)
        planned: Counter[str] = Counter()

        def ask(question: str) -> Answer:
            answer = answer_question(question, planner, corpus.store, search=None, chat_model=None)
            assert answer.plan is not None
            planned[answer.plan.planner] += 1
            return answer

        score = grammar.run(questions, ask)
    print("\n" + score.table(), dict(planned), dict(model.broken))
    assert len(questions) >= 800 and {q.intent for q in questions} == {q.intent for q in every}
    assert planned["rules"] == sum(model.broken.values()) > 0  # every broken reply, no other
    assert planned["llm"] == len(questions) - planned["rules"]
    assert not score.failures, score.failures[:10]
