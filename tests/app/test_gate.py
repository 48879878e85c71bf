"""The optional password: with GOVQA_APP_PASSWORD set, nothing of the corpus is drawn until the
session gives it; a wrong one is refused; without one the app opens directly."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from qa_app.app import gate
from tests.app.conftest import DemoStore, open_app
from tests.app.helpers import dump

SECRET = "correct horse 马 battery"
ENTER = "FormSubmitter:gate-进入 Enter"


@pytest.fixture
def gated(demo_store: DemoStore, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("GOVQA_APP_PASSWORD", SECRET)
    return open_app(demo_store.data, monkeypatch)


def test_nothing_is_shown_before_the_password(gated: AppTest) -> None:
    assert not gated.chat_input and not gated.sidebar.multiselect
    assert "份报告" not in dump(gated) and not gated.sidebar.markdown
    gated.text_input(key="gate_password").set_value("guess")
    gated.button(key=ENTER).click().run()
    assert [e.value for e in gated.error] == ["密码不对 / wrong password"]
    assert not gated.chat_input


def test_the_right_password_opens_the_chat_for_the_session(
    gated: AppTest, demo_store: DemoStore
) -> None:
    gated.text_input(key="gate_password").set_value(SECRET)
    gated.button(key=ENTER).click().run()
    assert not gated.exception, gated.exception
    reports = f"**{len(demo_store.truth)}** 份报告"
    assert gated.chat_input and reports in gated.sidebar.markdown[0].value
    assert SECRET not in dump(gated)
    gated.run()  # later reruns stay admitted
    assert gated.chat_input


def test_without_a_password_the_app_opens(
    demo_store: DemoStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GOVQA_APP_PASSWORD", raising=False)
    app = open_app(demo_store.data, monkeypatch)
    assert app.chat_input and not any(t.key == "gate_password" for t in app.text_input)


def test_wrong_passwords_are_slowed_then_the_session_is_locked(
    gated: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    waits: list[float] = []
    now = [1000.0]
    monkeypatch.setattr(gate, "_sleep", waits.append)
    monkeypatch.setattr(gate, "_clock", lambda: now[0])
    for _ in range(gate.MAX_ATTEMPTS):
        gated.text_input(key="gate_password").set_value("guess")
        gated.button(key=ENTER).click().run()
    assert len(waits) == gate.MAX_ATTEMPTS and 0 < waits[0] < waits[-1]  # each waits longer
    assert "too many wrong passwords" in gated.error[0].value
    assert not any(t.key == "gate_password" for t in gated.text_input)  # no form to guess in
    now[0] += gate.LOCKOUT_SECONDS - 1
    gated.run()
    assert "too many wrong passwords" in gated.error[0].value and not gated.chat_input
    now[0] += 2  # the lock is over: the right password opens the app
    gated.run()
    gated.text_input(key="gate_password").set_value(SECRET)
    gated.button(key=ENTER).click().run()
    assert gated.chat_input and len(waits) == gate.MAX_ATTEMPTS
