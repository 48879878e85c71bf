"""The optional chat model (GOVQA_LLM) and the errors it can raise.

The LLM may phrase, plan or summarize, never supply a figure; every caller has a deterministic
path to fall back on. So failures are translated here, at the edge, into two small errors the
callers catch:

    GovqaError
    └── LLMError                      the chat model could not be used; fall back
        ├── LLMUnavailable(endpoint, reason)   no connection, timeout, HTTP error status
        └── LLMBadOutput(endpoint, reason)     it answered, but not with something usable

Messages name the endpoint (without credentials) and never the API key.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import openai
from langchain_core.exceptions import OutputParserException
from langchain_core.language_models import BaseChatModel
from langchain_ollama import ChatOllama
from langchain_openai import ChatOpenAI
from ollama import ResponseError as OllamaResponseError
from pydantic import SecretStr

from ingest.errors import GovqaError
from qa_app.settings import Settings, redact_url

log = logging.getLogger("govqa.llm")

OPENAI_DEFAULT_URL = "https://api.openai.com/v1"
OLLAMA_DEFAULT_URL = "http://127.0.0.1:11434"
# Keyless local servers (vLLM, llama.cpp) still need some key for the OpenAI client.
NO_KEY = "govqa-no-key"

# What the clients raise when a server answers with something that is not a chat completion:
# the OpenAI client's body parsing (TypeError, IndexError, AttributeError on a wrongly shaped
# body, ValueError on a non-object), JSON decoding, and langchain's output parsers.
_MALFORMED = (
    json.JSONDecodeError,
    OutputParserException,
    openai.APIResponseValidationError,
    ValueError,
    TypeError,
    LookupError,
    AttributeError,
)


class LLMError(GovqaError):
    """The chat model could not be used; the caller falls back to its deterministic path."""

    def __init__(self, endpoint: str, reason: str) -> None:
        self.endpoint = endpoint
        self.reason = reason
        super().__init__(f"LLM at {endpoint}: {reason}")


class LLMUnavailable(LLMError):
    """The endpoint could not be reached, did not answer in time, or refused the request."""


class LLMBadOutput(LLMError):
    """The endpoint answered, but not with a usable completion or plan."""


def make_chat_model(settings: Settings) -> BaseChatModel | None:
    """The chat model GOVQA_LLM names, or None when no LLM is configured. Base URL and key
    are always passed explicitly, so no provider environment variable is consulted."""
    if settings.llm_provider == "openai":
        key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else NO_KEY
        return ChatOpenAI(
            model=settings.llm_model,
            base_url=settings.llm_base_url or OPENAI_DEFAULT_URL,
            api_key=key,
            timeout=settings.llm_timeout,
            max_retries=0,
            temperature=0,
        )
    if settings.llm_provider == "ollama":
        client: dict[str, object] = {"timeout": settings.llm_timeout}
        if settings.llm_api_key:
            client["auth"] = BearerAuth(settings.llm_api_key)
        return ChatOllama(
            model=settings.llm_model or "",
            base_url=settings.llm_base_url or OLLAMA_DEFAULT_URL,
            temperature=0,
            client_kwargs=client,
        )
    return None


class BearerAuth(httpx.Auth):
    """Sends the key as `Authorization: Bearer …` (Ollama behind a proxy or a hosted Ollama).
    The key stays a SecretStr until the request is sent, so the model's repr never shows it."""

    def __init__(self, key: SecretStr) -> None:
        self._key = key

    def auth_flow(self, request: httpx.Request) -> Iterator[httpx.Request]:
        request.headers["Authorization"] = f"Bearer {self._key.get_secret_value()}"
        yield request

    def __repr__(self) -> str:
        return "BearerAuth('**********')"


def endpoint_of(model: BaseChatModel) -> str:
    """Where `model` sends requests, without credentials: for messages and notes."""
    url = getattr(model, "openai_api_base", None) or getattr(model, "base_url", None)
    return redact_url(str(url)) if url else type(model).__name__


def structured_method(model: BaseChatModel) -> str:
    """How to ask `model` for structured output. OpenAI-compatible servers (DeepSeek, Qwen,
    vLLM, llama.cpp) nearly all support a forced function call; Ollama constrains decoding to a
    JSON schema through its `format` parameter, which works for every Ollama model."""
    return "json_schema" if isinstance(model, ChatOllama) else "function_calling"


@contextmanager
def translate_errors(endpoint: str) -> Iterator[None]:
    """Turn what the clients raise while talking to `endpoint` into LLMUnavailable or
    LLMBadOutput. HTTP error bodies are left out (and unchained): a server may echo the key."""
    try:
        yield
    except (openai.APITimeoutError, httpx.TimeoutException, TimeoutError) as exc:
        raise LLMUnavailable(endpoint, "no response within GOVQA_LLM_TIMEOUT seconds") from exc
    except (openai.APIConnectionError, httpx.TransportError, ConnectionError) as exc:
        reason = "cannot connect; is the server running there? (GOVQA_LLM_BASE_URL)"
        raise LLMUnavailable(endpoint, reason) from exc
    except (openai.APIStatusError, OllamaResponseError) as exc:
        raise LLMUnavailable(endpoint, _status_reason(exc.status_code)) from None
    except _MALFORMED as exc:
        reason = f"the response is not a usable chat completion ({type(exc).__name__})"
        raise LLMBadOutput(endpoint, reason) from exc


def _status_reason(status: int) -> str:
    if status in (401, 403):
        return f"HTTP {status}: the endpoint refused the credentials; check GOVQA_LLM_API_KEY"
    if status == 404:
        return "HTTP 404: no such model or path; check GOVQA_LLM and GOVQA_LLM_BASE_URL"
    return f"HTTP {status} from the endpoint"
