"""The sidebar on every page: what the corpus holds, the filters the chat and the checks page
apply, and which LLM answers, with a form that sets one for this session only."""

from __future__ import annotations

import streamlit as st
from pydantic import SecretStr, ValidationError

from index.filters import ReportFilter
from ingest.errors import GovqaError
from qa_app.engine import CorpusSummary, Engine
from qa_app.llm import endpoint_of, make_chat_model
from qa_app.settings import LLM_PROVIDERS, Settings

from . import state
from .markup import md_escape

LLM_OUTCOME = "govqa_llm_outcome"


def render(eng: Engine) -> None:
    """Draw the sidebar and store the filters it sets in the session."""
    summary = eng.summary()
    with st.sidebar:
        _corpus(summary)
        _searchable(eng)
        st.session_state[state.SCOPE] = _filters(summary)
        st.divider()
        _llm(eng)


def _corpus(summary: CorpusSummary) -> None:
    st.subheader("语料 Corpus")
    st.markdown(
        f"**{summary.reports}** 份报告 reports · **{len(summary.agencies)}** 个机关 agencies"
    )
    if summary.by_year:
        years = " · ".join(f"{y}年 {n}" for y, n in summary.by_year.items())
        st.caption(f"按年份 by year: {years}")


def _searchable(eng: Engine) -> None:
    """What is not yet searchable by meaning (passages still being embedded, vectors the store
    lost, the embedding server down): the tables and keyword search cover it meanwhile."""
    try:
        note = eng.search_note()
    except GovqaError as exc:
        note = str(exc)
    if note:
        st.info(f"语义检索 Search by meaning: {md_escape(note)}")


def _filters(summary: CorpusSummary) -> ReportFilter | None:
    """The scope the chosen years, agencies and regions make (None: the whole corpus)."""
    st.subheader("筛选 Filters")
    years = st.multiselect("年份 Years", list(summary.by_year), key="filter_years")
    names: dict[str, list[str]] = {}
    for key, name in summary.agencies.items():
        names.setdefault(name, []).append(key)
    agencies = st.multiselect("机关 Agencies", sorted(names), key="filter_agencies")
    regions = st.multiselect("地区 Regions", summary.regions, key="filter_regions")
    if not (years or agencies or regions):
        return None
    return ReportFilter(
        years=sorted(years) or None,
        agency_keys=[k for name in agencies for k in names[name]] or None,
        regions=regions or None,
    )


def _llm(eng: Engine) -> None:
    st.subheader("LLM")
    label = st.empty()  # filled after the form, so a submitted model shows at once
    with st.expander("本会话的 LLM 设置 / LLM for this session"):
        _llm_form()
        if state.session_chat_model() is not None and st.button(
            "不再使用 / stop using it", key="llm_clear"
        ):
            st.session_state.pop(state.CHAT_MODEL, None)
            st.session_state.pop(state.CHAT_MODEL_LABEL, None)
            st.rerun()
    label.markdown(f"当前 active: {md_escape(state.active_llm_label(eng))}")


def _llm_form() -> None:
    """Provider, URL, model and key; the model is kept in this session's memory only. The key
    is taken out of the form as soon as it is submitted, and no message shows it."""
    with st.form("llm_form"):
        st.selectbox("Provider", LLM_PROVIDERS, key="llm_provider")
        st.text_input("Base URL", placeholder="https://api.deepseek.com/v1", key="llm_base_url")
        st.text_input("Model", placeholder="deepseek-chat", key="llm_model")
        st.text_input("API key", type="password", key="llm_api_key")
        st.form_submit_button("使用 / Use", on_click=_submit)
    outcome = st.session_state.pop(LLM_OUTCOME, None)
    if outcome is not None:
        ok, message = outcome
        (st.success if ok else st.error)(md_escape(message))


def _submit() -> None:
    """Build the session's chat model from the form (a callback: runs before the page)."""
    form = st.session_state
    api_key = form.get("llm_api_key") or ""
    form["llm_api_key"] = ""
    try:
        settings = Settings(
            llm=f"{form.get('llm_provider')}:{(form.get('llm_model') or '').strip()}",
            llm_base_url=(form.get("llm_base_url") or "").strip() or None,
            llm_api_key=SecretStr(api_key) if api_key else None,
        )
        chat_model = make_chat_model(settings)
    except (GovqaError, ValidationError, ValueError) as exc:
        message = str(exc).replace(api_key, "**********") if api_key else str(exc)
        form[LLM_OUTCOME] = (False, f"LLM 设置无效 / cannot use these settings: {message}")
        return
    if chat_model is None:
        form[LLM_OUTCOME] = (False, "请填写模型名称 / give a model name")
        return
    form[state.CHAT_MODEL] = chat_model
    form[state.CHAT_MODEL_LABEL] = f"{settings.llm} @ {endpoint_of(chat_model)}"
    form[LLM_OUTCOME] = (True, "已启用（仅本会话）/ in use for this session")
