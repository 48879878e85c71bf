"""Shared fixtures. The suite runs offline: nothing may fetch a model or data."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

REPO = Path(__file__).resolve().parents[1]
SEEDS_DIR = REPO.parent / "shared" / "seeds"
CORPUS_DIR = REPO.parent / "shared" / "corpus"


def seed_path(prefix: str) -> Path:
    """The seed file whose name starts with `prefix` ("003"), or skip the test."""
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"seed reports not available: {SEEDS_DIR} does not exist")
    matches = sorted(SEEDS_DIR.glob(f"{prefix}*"))
    if not matches:
        pytest.skip(f"no seed report named {prefix}* in {SEEDS_DIR}")
    return matches[0]


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"seed reports not available: {SEEDS_DIR} does not exist")
    return SEEDS_DIR


pytest_plugins = ["tests.corpora"]


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    """A PostgreSQL server of the module's own (tests.servers); yields its admin URL."""
    from tests.servers import postgres_server

    with postgres_server() as url:
        yield url
