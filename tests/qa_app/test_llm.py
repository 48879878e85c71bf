"""LLM settings and wiring: GOVQA_LLM* are validated, the key stays secret, and the real
langchain clients' failures become LLMUnavailable / LLMBadOutput naming the endpoint only."""

from __future__ import annotations

import logging
import traceback

import pytest
from langchain_ollama import ChatOllama
from langchain_openai import ChatOpenAI

from ingest.errors import GovqaError, SettingsError
from qa_app.llm import (
    LLMBadOutput,
    LLMError,
    LLMUnavailable,
    endpoint_of,
    make_chat_model,
    translate_errors,
)
from qa_app.settings import Settings, settings_hash
from tests.qa_app.fake_openai import fake_llm_server, garbage, refused_url, text

KEY = "sk-test-SECRET-4f1c9e"


def _settings(**values: object) -> Settings:
    return Settings(**values)  # type: ignore[arg-type]


def _call(settings: Settings) -> str:
    model = make_chat_model(settings)
    assert model is not None
    with translate_errors(endpoint_of(model)):
        return model.invoke("你好").text


# ------------------------------------------------------------------ settings


def test_no_llm_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GOVQA_LLM", raising=False)
    settings = Settings()
    assert settings.llm is None and make_chat_model(settings) is None


def test_llm_settings_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVQA_LLM", "openai:deepseek-chat")
    monkeypatch.setenv("GOVQA_LLM_BASE_URL", "https://api.deepseek.com/v1")
    monkeypatch.setenv("GOVQA_LLM_API_KEY", KEY)
    monkeypatch.setenv("GOVQA_LLM_TIMEOUT", "2.5")
    settings = Settings()
    assert (settings.llm_provider, settings.llm_model) == ("openai", "deepseek-chat")
    assert settings.llm_base_url == "https://api.deepseek.com/v1"
    assert settings.llm_api_key is not None and settings.llm_api_key.get_secret_value() == KEY
    assert settings.llm_timeout == 2.5


@pytest.mark.parametrize("spec", ["gpt-4o", "openai:", "anthropic:claude", ":qwen", "ollama: "])
def test_a_bad_llm_spec_is_a_settings_error_naming_govqa_llm(spec: str) -> None:
    with pytest.raises(SettingsError) as err:
        _settings(llm=spec)
    assert err.value.key == "GOVQA_LLM" and "openai:<model>" in str(err.value)


def test_a_bad_base_url_is_named_without_its_password() -> None:
    with pytest.raises(SettingsError) as err:
        _settings(llm_base_url="ftp://user:hunter2@host/v1")
    assert err.value.key == "GOVQA_LLM_BASE_URL" and "hunter2" not in str(err.value)


@pytest.mark.parametrize("seconds", ["0", "-1", "soon"])
def test_a_bad_timeout_is_a_settings_error(seconds: str) -> None:
    with pytest.raises(SettingsError) as err:
        _settings(llm_timeout=seconds)
    assert err.value.key == "GOVQA_LLM_TIMEOUT"


def test_the_api_key_never_shows_in_repr_or_dumps() -> None:
    settings = _settings(llm="openai:m", llm_api_key=KEY)
    shown = [repr(settings), str(settings), settings.model_dump_json(), str(settings.model_dump())]
    assert all(KEY not in s for s in shown)
    assert "**********" in repr(settings)


def test_settings_hash_ignores_the_key_and_url_credentials_but_not_the_model() -> None:
    base = settings_hash(_settings(llm="openai:m", llm_api_key=KEY))
    assert settings_hash(_settings(llm="openai:m", llm_api_key="other")) == base
    assert settings_hash(_settings(llm="openai:m")) == base
    assert settings_hash(_settings(llm="openai:other")) != base
    with_password = _settings(llm="openai:m", llm_base_url="http://u:pw1@h/v1")
    assert settings_hash(with_password) == settings_hash(
        _settings(llm="openai:m", llm_base_url="http://u:pw2@h/v1")
    )


# ------------------------------------------------------------------ the chat model


def test_openai_spec_makes_a_deterministic_chat_openai() -> None:
    model = make_chat_model(
        _settings(llm="openai:qwen2.5", llm_base_url="http://127.0.0.1:9/v1", llm_timeout=7)
    )
    assert isinstance(model, ChatOpenAI)
    assert (model.model_name, model.openai_api_base) == ("qwen2.5", "http://127.0.0.1:9/v1")
    assert (model.request_timeout, model.max_retries, model.temperature) == (7, 0, 0)


def test_ollama_spec_makes_a_chat_ollama() -> None:
    model = make_chat_model(_settings(llm="ollama:qwen2.5:7b", llm_base_url="http://h:11434"))
    assert isinstance(model, ChatOllama)
    assert (model.model, model.base_url, model.temperature) == ("qwen2.5:7b", "http://h:11434", 0)


def test_endpoint_of_drops_credentials() -> None:
    model = make_chat_model(_settings(llm="openai:m", llm_base_url="http://u:pw@h:1/v1?k=x"))
    assert model is not None and endpoint_of(model) == "http://h:1/v1"


def test_the_key_is_sent_only_in_the_authorization_header() -> None:
    with fake_llm_server(text("好的")) as server:
        answer = _call(_settings(llm="openai:m", llm_base_url=server.openai_url, llm_api_key=KEY))
    assert answer == "好的"
    (request,) = server.requests
    assert request.headers["authorization"] == f"Bearer {KEY}"
    others = {k: v for k, v in request.headers.items() if k != "authorization"}
    assert KEY not in request.body and KEY not in str(others)
    assert request.json["model"] == "m" and request.json["temperature"] == 0


def test_ollama_goes_through_api_chat_with_the_key_in_the_header() -> None:
    with fake_llm_server(text("好的")) as server:
        answer = _call(_settings(llm="ollama:qwen", llm_base_url=server.url, llm_api_key=KEY))
    assert answer == "好的"
    (request,) = server.requests
    assert request.path == "/api/chat" and request.json["model"] == "qwen"
    assert request.headers["authorization"] == f"Bearer {KEY}" and KEY not in request.body


@pytest.mark.parametrize("provider", ["openai", "ollama"])
def test_the_chat_model_does_not_show_the_key(provider: str) -> None:
    model = make_chat_model(_settings(llm=f"{provider}:m", llm_api_key=KEY))
    assert KEY not in repr(model) and KEY not in str(model.model_dump())


# ------------------------------------------------------------------ failures, translated


def test_llm_errors_are_govqa_errors() -> None:
    assert issubclass(LLMUnavailable, LLMError) and issubclass(LLMBadOutput, LLMError)
    assert issubclass(LLMError, GovqaError)


def test_nothing_listening_is_unavailable_naming_the_endpoint() -> None:
    url = refused_url()
    with pytest.raises(LLMUnavailable) as err:
        _call(_settings(llm="openai:m", llm_base_url=url, llm_api_key=KEY))
    assert url in str(err.value) and "cannot connect" in str(err.value)
    assert KEY not in str(err.value)


@pytest.mark.parametrize("provider", ["openai", "ollama"])
def test_a_slow_server_is_unavailable_after_the_timeout(provider: str) -> None:
    with fake_llm_server(text("late", delay=60)) as server:
        url = server.openai_url if provider == "openai" else server.url
        settings = _settings(llm=f"{provider}:m", llm_base_url=url, llm_timeout=0.3)
        with pytest.raises(LLMUnavailable) as err:
            _call(settings)
    assert "GOVQA_LLM_TIMEOUT" in str(err.value) and "127.0.0.1" in str(err.value)


def test_a_refused_key_is_named_as_the_setting_not_echoed() -> None:
    echo = f'{{"error": {{"message": "Incorrect API key provided: {KEY}"}}}}'.encode()
    with fake_llm_server(garbage(echo, status=401)) as server:
        settings = _settings(llm="openai:m", llm_base_url=server.openai_url, llm_api_key=KEY)
        with pytest.raises(LLMUnavailable) as err:
            _call(settings)
    assert "GOVQA_LLM_API_KEY" in str(err.value) and "401" in str(err.value)
    assert KEY not in "".join(traceback.format_exception(err.value))


@pytest.mark.parametrize(
    "body",
    [b"<html>502</html>", b"{}", b'{"choices": []}', b'{"choices": "x"}', b"[1, 2]", b"null"],
)
def test_a_response_that_is_no_chat_completion_is_bad_output(body: bytes) -> None:
    with fake_llm_server(garbage(body)) as server, pytest.raises(LLMBadOutput) as err:
        _call(_settings(llm="openai:m", llm_base_url=server.openai_url))
    assert server.openai_url in str(err.value)


def test_ollama_garbage_is_bad_output() -> None:
    with fake_llm_server(garbage(b"not json\n")) as server, pytest.raises(LLMBadOutput):
        _call(_settings(llm="ollama:m", llm_base_url=server.url))


def test_the_key_is_not_logged_even_at_debug(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with fake_llm_server(text("ok"), garbage(b"{}", status=500)) as server:
        settings = _settings(llm="openai:m", llm_base_url=server.openai_url, llm_api_key=KEY)
        _call(settings)
        with pytest.raises(LLMUnavailable):
            _call(settings)
    assert caplog.records, "the clients log requests at debug level"
    assert all(KEY not in r.getMessage() for r in caplog.records)
