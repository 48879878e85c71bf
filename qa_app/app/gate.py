"""An optional password in front of the app, for when it listens beyond loopback.

The password comes from GOVQA_APP_PASSWORD or from `password` in Streamlit's secrets
(.streamlit/secrets.toml). Without one the app is open, which is right on 127.0.0.1.

Guessing is slow: each wrong password waits a little longer than the last before the form comes
back, and after MAX_ATTEMPTS wrong ones the session is locked for LOCKOUT_SECONDS."""

from __future__ import annotations

import hmac
import math
import os
import time

import streamlit as st

from qa_app.settings import GATE_ENV

PASSED = "govqa_gate_passed"
FAILS = "govqa_gate_fails"
LOCKED_UNTIL = "govqa_gate_locked_until"
MAX_ATTEMPTS = 5
LOCKOUT_SECONDS = 300.0
DELAY_SECONDS = 1.0  # times the wrong attempts so far: 1 s, 2 s, 3 s …
_sleep = time.sleep  # module-level, so tests can record the delays instead of waiting
_clock = time.monotonic


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
    locked = st.session_state.get(LOCKED_UNTIL, 0.0) - _clock()
    if locked > 0:
        minutes = math.ceil(locked / 60)
        st.error(f"密码错误次数过多，请 {minutes} 分钟后再试 / too many wrong passwords: "
                 f"try again in {minutes} min")  # fmt: skip
        return False
    with st.form("gate"):
        st.text_input("密码 Password", type="password", key="gate_password")
        st.form_submit_button("进入 Enter", on_click=_check)
    if st.session_state.get(PASSED) is False:
        st.error("密码不对 / wrong password")
        left = MAX_ATTEMPTS - st.session_state.get(FAILS, 0)
        st.caption(f"还可尝试 {left} 次 / {left} attempts left")
    return False


def _check() -> None:
    """Compare the submitted password (a callback, so the field can be cleared at once)."""
    expected = configured_password() or ""
    given = st.session_state.get("gate_password") or ""
    st.session_state["gate_password"] = ""
    if st.session_state.get(LOCKED_UNTIL, 0.0) > _clock():
        return  # locked: not even compared
    passed = hmac.compare_digest(given.encode(), expected.encode())
    st.session_state[PASSED] = passed
    if passed:
        st.session_state[FAILS] = 0
        return
    fails = st.session_state.get(FAILS, 0) + 1
    _sleep(DELAY_SECONDS * fails)
    if fails >= MAX_ATTEMPTS:
        st.session_state[LOCKED_UNTIL] = _clock() + LOCKOUT_SECONDS
        fails = 0
    st.session_state[FAILS] = fails
