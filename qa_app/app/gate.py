"""An optional password in front of the app, for when it listens beyond loopback.

The password comes from GOVQA_APP_PASSWORD or from `password` in Streamlit's secrets
(.streamlit/secrets.toml). Without one the app is open, which is right on 127.0.0.1."""

from __future__ import annotations

import hmac
import os

import streamlit as st

from qa_app.settings import GATE_ENV

PASSED = "govqa_gate_passed"


def configured_password() -> str | None:
    """The password the app requires, if any."""
    from_env = os.environ.get(GATE_ENV)
    if from_env:
        return from_env
    try:
        value = st.secrets.get("password")
    except (FileNotFoundError, KeyError, ValueError):  # no or unreadable secrets.toml
        return None
    return str(value) if value else None


def admitted() -> bool:
    """True once this session gave the right password (or when none is configured); otherwise
    draws the password form and returns False, so the caller stops drawing the page."""
    if configured_password() is None or st.session_state.get(PASSED):
        return True
    st.title("govqa")
    with st.form("gate"):
        st.text_input("密码 Password", type="password", key="gate_password")
        st.form_submit_button("进入 Enter", on_click=_check)
    if st.session_state.get(PASSED) is False:
        st.error("密码不对 / wrong password")
    return False


def _check() -> None:
    """Compare the submitted password (a callback, so the field can be cleared at once)."""
    expected = configured_password() or ""
    given = st.session_state.get("gate_password") or ""
    st.session_state["gate_password"] = ""
    st.session_state[PASSED] = hmac.compare_digest(given.encode(), expected.encode())
