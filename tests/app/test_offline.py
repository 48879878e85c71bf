"""The app promises to work offline: nothing it draws makes the browser fetch from the
internet, and Streamlit is started so it neither reports usage nor looks up this machine's
public address."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import streamlit

from qa_app.cli.app import streamlit_command
from tests.app.conftest import open_app


def test_the_page_icon_is_drawn_locally(seed_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []
    real = streamlit.set_page_config

    def recording(**kwargs: Any) -> Any:
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(streamlit, "set_page_config", recording)
    monkeypatch.delenv("GOVQA_APP_PASSWORD", raising=False)
    open_app(seed_store, monkeypatch)
    (config,) = calls
    icon = str(config["page_icon"])
    # Streamlit turns a ":material/…:" favicon into a fonts.gstatic.com URL; an emoji or an
    # image file is drawn by the browser itself.
    assert not icon.startswith(":material") and "://" not in icon


def test_streamlit_is_started_without_telemetry_or_address_lookups() -> None:
    command = streamlit_command("127.0.0.1", 8501)

    def option(name: str) -> str:
        return command[command.index(name) + 1]

    assert option("--browser.gatherUsageStats") == "false"
    # with the address given, Streamlit never asks a web service for the public IP
    assert option("--server.address") == "127.0.0.1"
