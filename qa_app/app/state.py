"""What the pages share: one Engine per process and data dir, and this session's choices
(sidebar filters, the session's chat model, the chat history) in st.session_state."""

from __future__ import annotations

import gc
from pathlib import Path

import streamlit as st
from langchain_core.language_models import BaseChatModel
from pydantic import BaseModel, ConfigDict

from index.filters import ReportFilter
from qa_app.answer.model import Answer
from qa_app.engine import Engine
from qa_app.llm import endpoint_of
from qa_app.settings import Settings

SCOPE = "govqa_scope"
CHAT = "govqa_chat"
CHAT_MODEL = "govqa_chat_model"
CHAT_MODEL_LABEL = "govqa_chat_model_label"
PENDING = "govqa_pending_question"


class Turn(BaseModel):
    """One question of this session's chat, its answer, and the filters it was asked under."""

    model_config = ConfigDict(frozen=True)

    question: str
    answer: Answer
    scope: ReportFilter | None = None


@st.cache_resource(show_spinner="正在打开数据目录… / opening the stores…")
def open_engine(data_dir: str) -> Engine:
    """The process's Engine for `data_dir`; stores opened and the embedder loaded up front,
    then gc.freeze() so collections never walk these long-lived objects during a query."""
    engine = Engine(Settings(data_dir=Path(data_dir)))
    engine.reports()
    engine.search("政府信息公开", k=1)  # loads the embedding model now, not on the first question
    gc.freeze()
    return engine


def engine() -> Engine:
    """The Engine for the data dir Settings() names (GOVQA_DATA_DIR, set by `govqa app`)."""
    return open_engine(str(Settings().data_dir.resolve()))


def scope() -> ReportFilter | None:
    """The sidebar's filters, as the chat and the checks page apply them."""
    return st.session_state.get(SCOPE)


def history() -> list[Turn]:
    return st.session_state.setdefault(CHAT, [])


def session_chat_model() -> BaseChatModel | None:
    """The chat model this session configured in the sidebar form (kept only in memory)."""
    return st.session_state.get(CHAT_MODEL)


def active_llm_label(eng: Engine) -> str:
    """Which LLM answers this session: its own, the configured one, or none. No credentials."""
    label = st.session_state.get(CHAT_MODEL_LABEL)
    if session_chat_model() is not None and label:
        return f"{label}（本会话 / this session）"
    configured = eng.chat_model
    if configured is None:
        return "none (deterministic)"
    return f"{eng.settings.llm} @ {endpoint_of(configured)}"
