"""Chat page (the default): questions go to Engine.ask with the sidebar's filters and this
session's chat model; the history lives in this session only."""

from __future__ import annotations

import streamlit as st

from qa_app.app import state
from qa_app.app.components_answer import render_answer
from qa_app.app.markup import md_escape
from qa_app.engine import Engine

EXAMPLES = (
    "2024年哪些机关有行政复议或行政诉讼？",
    "which agencies had appeals in 2024?",
    "总结各单位存在的主要问题",
    "郏县2024年行政复议是9件吗？",
    "哪些报告的数据不符合勾稽关系？",
)


def _queue(question: str) -> None:
    st.session_state[state.PENDING] = question


def _examples() -> None:
    st.markdown("试试这些问题 / try one of these:")
    for i, question in enumerate(EXAMPLES):
        st.button(question, key=f"example-{i}", on_click=_queue, args=(question,))


def _ask(eng: Engine, question: str) -> None:
    """Ask, show the answer, and keep the turn in the session's history."""
    turns = state.history()
    scope = state.scope()
    with st.chat_message("user"):
        st.markdown(md_escape(question))
    with st.chat_message("assistant"):
        with st.spinner("正在查找… / looking it up…"):
            answer = eng.ask(question, scope=scope, chat_model=state.session_chat_model())
        turns.append(state.Turn(question=question, answer=answer, scope=scope))
        render_answer(eng, answer, scope, len(turns) - 1)


def main() -> None:
    eng = state.engine()
    st.title("政府信息公开年报问答")
    st.caption("数字来自报告表格的单元格；每个答案都核验并注明出处。Every figure is a table cell.")
    prompt = st.chat_input("输入问题 / ask a question", key="chat_input")
    question = prompt or st.session_state.pop(state.PENDING, None)
    turns = state.history()
    if not turns and not question:
        _examples()
    for i, turn in enumerate(turns):
        with st.chat_message("user"):
            st.markdown(md_escape(turn.question))
        with st.chat_message("assistant"):
            render_answer(eng, turn.answer, turn.scope, i)
    if question and question.strip():
        _ask(eng, question.strip())


if __name__ == "__main__":  # see main.py
    main()
