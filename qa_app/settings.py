"""All of govqa's settings in one place: defaults < environment (GOVQA_*) < CLI flags.

Built once at the entry point; after that plain values are passed down, and `ingest/` and
`index/` never read the environment.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """govqa's configuration. Every field can be set as GOVQA_<NAME> in the environment."""

    model_config = SettingsConfigDict(env_prefix="GOVQA_", extra="ignore")

    data_dir: Path = Field(Path("govqa-data"), description="Stores live here.")
    db_url: str | None = Field(None, description="SQLAlchemy URL; SQLite in data_dir if unset.")
