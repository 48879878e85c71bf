"""Map-reduce summaries through the real ChatOpenAI client against a scripted server: each
statement ends with a passage marker, markers map back to Citations, and statements without a
valid marker or with a number their passage does not contain are dropped and counted."""

from __future__ import annotations

import pytest
from langchain_core.language_models import BaseChatModel

from qa_app.answer.llm_summary import checked_lines, summarize_with_llm
from qa_app.execution.evidence import Citation
from qa_app.llm import LLMUnavailable, make_chat_model
from qa_app.question.plan import Language
from qa_app.settings import Settings
from tests.qa_app.fake_openai import FakeLLMServer, Recorded, Reply, fake_llm_server, text


def _passage(pid: str, report: str, agency: str, year: int, body: str) -> Citation:
    return Citation(
        passage_id=pid, report_id=report, agency=agency, year=year, section="problems", text=body
    )


A1 = _passage(
    "a1", "rA", "郏县人民政府", 2024, "依申请公开处理流程有待规范，全年共有3件申请超期答复。"
)
A2 = _passage("a2", "rA", "郏县人民政府", 2024, "政府信息公开平台栏目更新不及时。")
B1 = _passage("b1", "rB", "朝阳县人民政府办公室", 2021, "业务培训不足，全年仅组织培训2次。")

MAP_A = "\n".join([
    "- 依申请公开流程不规范，3件申请超期答复 [P1]",
    "- 平台栏目更新不及时 [P2]",
    "- 有5件申请被投诉 [P1]",  # 5 is not in P1: dropped
    "以上为总结。",  # no marker: dropped
])  # fmt: skip
MAP_B = "\n".join([
    "1. 业务培训不足，全年仅培训2次 [P3]",
    "- 流程问题 [P1]",  # P1 is not this report's passage: dropped
])  # fmt: skip
REDUCE = "\n".join([
    "## 培训",
    "- 业务培训不足，全年仅培训2次 [P3]",
    "## 依申请公开与平台",
    "- 依申请公开流程不规范，3件申请超期答复 [P1]",
    "- 平台栏目更新不及时 [P2]",
    "- 共计10个问题 [P1][P3]",  # 10 is in neither: dropped
    "## 2024年重点",  # a heading with a number: dropped
])  # fmt: skip


def _user(request: Recorded) -> str:
    """The user message: where the data goes (the system message holds the instructions)."""
    system, user = request.json["messages"]
    assert (system["role"], user["role"]) == ("system", "user")
    return str(user["content"])


def _route(request: Recorded) -> Reply:
    """Answer map requests by the passages they carry, and the reduce request by its block."""
    shown = _user(request)
    if "<statements>" in shown:
        return text(REDUCE)
    if '<report_text id="P3">' in shown:
        return text(MAP_B)
    return text(MAP_A)


def _model(server: FakeLLMServer, timeout: float = 5) -> BaseChatModel:
    settings = Settings(llm="openai:m", llm_base_url=server.openai_url, llm_timeout=timeout)
    model = make_chat_model(settings)
    assert model is not None
    return model


def test_map_reduce_keeps_cited_statements_and_maps_markers_to_citations() -> None:
    with fake_llm_server(responder=_route) as server:
        summary = summarize_with_llm(_model(server), [A1, A2, B1], "problems", Language.ZH)
    assert summary.text == "\n".join([
        "## 培训",
        "- 业务培训不足，全年仅培训2次 [P1]",
        "## 依申请公开与平台",
        "- 依申请公开流程不规范，3件申请超期答复 [P2]",
        "- 平台栏目更新不及时 [P3]",
    ])  # fmt: skip
    assert [c.passage_id for c in summary.citations] == ["b1", "a1", "a2"]
    assert summary.dropped == 5


def test_each_map_request_carries_only_its_reports_passages_as_data() -> None:
    with fake_llm_server(responder=_route) as server:
        summarize_with_llm(_model(server), [A1, A2, B1], "problems", Language.ZH)
    maps = [r for r in server.requests if "<statements>" not in _user(r)]
    (reduce,) = [r for r in server.requests if "<statements>" in _user(r)]
    by_report = {('id="P3"' in _user(r)): _user(r) for r in maps}
    assert '<report_text id="P1">\n郏县人民政府 2024\n依申请公开处理流程' in by_report[False]
    assert '<report_text id="P2">' in by_report[False] and B1.text not in by_report[False]
    assert '<report_text id="P3">' in by_report[True] and A1.text not in by_report[True]
    assert "存在的主要问题及改进情况" in maps[0].json["messages"][0]["content"]
    statements = _user(reduce)
    assert statements.startswith("<statements>\n") and statements.endswith("\n</statements>")
    assert "3件申请超期答复 [P1]" in statements and "5件" not in statements
    assert "流程问题" not in statements


def test_llm_summarize_returns_text_and_citations() -> None:
    with fake_llm_server(responder=_route) as server:
        summary = summarize_with_llm(_model(server), [A1, A2, B1], "problems", "zh")
    text_, citations = summary.text, summary.citations
    assert text_.count("[P") == 3 and [c.passage_id for c in citations] == ["b1", "a1", "a2"]


def test_one_report_needs_no_reduce_step() -> None:
    with fake_llm_server(text(MAP_A)) as server:
        summary = summarize_with_llm(_model(server), [A1, A2], "problems", Language.EN)
    assert len(server.requests) == 1
    assert "English" in server.requests[0].json["messages"][0]["content"]
    assert summary.text == "- 依申请公开流程不规范，3件申请超期答复 [P1]\n- 平台栏目更新不及时 [P2]"
    assert [c.passage_id for c in summary.citations] == ["a1", "a2"] and summary.dropped == 2


def test_a_reduce_that_keeps_nothing_leaves_the_checked_map_statements() -> None:
    replies = {"<statements>": "这些报告都很好。", '<report_text id="P3">': MAP_B}
    route = lambda r: text(next((v for k, v in replies.items() if k in _user(r)), MAP_A))  # noqa: E731
    with fake_llm_server(responder=route) as server:
        summary = summarize_with_llm(_model(server), [A1, A2, B1], "problems", Language.ZH)
    assert [c.passage_id for c in summary.citations] == ["a1", "a2", "b1"]
    assert summary.text.count("\n") == 2 and summary.dropped == 4


def test_no_passages_no_request() -> None:
    with fake_llm_server() as server:
        assert summarize_with_llm(_model(server), [], "problems", Language.ZH).text == ""
    assert server.requests == []


def test_a_timeout_is_raised_for_the_caller_to_fall_back() -> None:
    with fake_llm_server(text(MAP_A, delay=60)) as server, pytest.raises(LLMUnavailable):
        summarize_with_llm(_model(server, timeout=0.3), [A1, A2], "problems", Language.ZH)


# ------------------------------------------------------------------ the statement checks

P = {1: _passage("p1", "r", "某县", 2023, "共收到申请１,234件，公开率为12.5%。"),
     2: _passage("p2", "r", "某县", 2023, "开展培训7次。")}  # fmt: skip


@pytest.mark.parametrize(
    "line",
    [
        "- 共收到申请1234件 [P1]",  # thousands separator and full-width digits folded
        "- 收到1,234件申请 [P1]",
        "- 公开率12.5% [P1]",
        "- 2023年开展培训7次，收到申请1234件 [P1][P2]",  # numbers from both cited passages
        "- 培训工作有待加强 [P2]",  # no number at all
        "- 培训次数为7 [P2]",  # no unit right after the number: the digits suffice
        "- 2023年度培训工作 [P2]",  # the report's year, in any form
    ],
)
def test_a_statement_whose_numbers_are_in_its_passages_is_kept(line: str) -> None:
    assert checked_lines(line, P) == ([line], 0)


@pytest.mark.parametrize(
    "line",
    [
        "- 公开率12.6% [P1]",  # a number not in the passage
        "- 共收到申请1234次 [P1]",  # the number with another unit
        "- 开展培训7件 [P2]",
        "- 开展培训7次 [P1]",  # the number is in P2, but P1 is cited
        "- 开展培训7次",  # no marker
        "- 开展培训7次 [P9]",  # a marker for a passage not given
        "- 开展培训7次 [2]",  # not a marker
    ],
)
def test_a_statement_without_support_is_dropped(line: str) -> None:
    assert checked_lines(line, P) == ([], 1)


def test_headings_are_kept_only_over_kept_statements() -> None:
    lines = "## 培训\n- 开展培训7次 [P2]\n## 空组\n- 无依据 \n## 第3组\n- 公开率12.5% [P1]"
    kept, dropped = checked_lines(lines, P, headings=True)
    assert kept == ["## 培训", "- 开展培训7次 [P2]", "- 公开率12.5% [P1]"]
    assert dropped == 2  # the unmarked statement and the heading with a number
