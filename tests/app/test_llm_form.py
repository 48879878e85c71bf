"""The sidebar's LLM form: the chat model it builds answers this session's questions (the
scripted server sees the key in its Authorization header), and the key appears nowhere on the
page, in the form after submitting, in error messages, or in the data dir."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app.helpers import dump, markdown_texts, plain
from tests.qa_app.fake_openai import fake_llm_server, garbage

KEY = "sk-app-SECRET-4242"
SUBMIT = "FormSubmitter:llm_form-使用 / Use"


def fill(app: AppTest, provider: str, base_url: str, model: str, key: str) -> AppTest:
    app.sidebar.selectbox(key="llm_provider").set_value(provider)
    app.sidebar.text_input(key="llm_base_url").set_value(base_url)
    app.sidebar.text_input(key="llm_model").set_value(model)
    app.sidebar.text_input(key="llm_api_key").set_value(key)
    app.sidebar.button(key=SUBMIT).click().run()
    assert not app.exception, app.exception
    return app


def active(app: AppTest) -> str:
    return next(t for t in markdown_texts(app.sidebar) if t.startswith("当前 active:"))


def test_the_session_model_answers_and_the_key_stays_off_the_page(
    app: AppTest, seed_store: Path
) -> None:
    assert active(app) == "当前 active: none (deterministic)"
    with fake_llm_server(responder=lambda request: garbage()) as server:
        fill(app, "openai", server.openai_url, "fake-model", KEY)
        assert active(app) == (
            f"当前 active: openai:fake-model @ {server.openai_url}（本会话 / this session）"
        )
        assert app.sidebar.text_input(key="llm_api_key").value == ""  # cleared on submit
        app.chat_input(key="chat_input").set_value("2024年哪些机关有行政复议或行政诉讼？").run()
        requests = list(server.requests)
    answer = markdown_texts(app.chat_message[1])
    assert any("郏县人民政府：行政复议7件" in t for t in answer)  # the model failed: rules answered
    assert requests and {r.headers["authorization"] for r in requests} == {f"Bearer {KEY}"}
    assert KEY not in dump(app)
    for path in seed_store.rglob("*"):
        if path.is_file():
            assert KEY.encode() not in path.read_bytes(), path
    app.sidebar.button(key="llm_clear").click().run()
    assert active(app) == "当前 active: none (deterministic)"


def test_a_rejected_setting_is_explained_without_the_key(app: AppTest) -> None:
    fill(app, "openai", "ftp://models.example", "m", KEY)
    (error,) = [plain(e.value) for e in app.sidebar.error]
    assert "GOVQA_LLM_BASE_URL" in error and "not an http(s) URL" in error
    assert KEY not in dump(app)
    assert active(app) == "当前 active: none (deterministic)"
