"""A spawned parser process (an upload of many files) re-imports the server's main module
under the name __mp_main__: the app's scripts must then do nothing, not draw or open stores."""

from __future__ import annotations

import runpy

import pytest
import streamlit as st

from qa_app.app import state
from tests.app.conftest import APP_MAIN

SCRIPTS = ["main.py", "pages_chat.py", "pages_checks.py", "pages_reports.py", "pages_upload.py"]


class Drew(Exception):
    """Raised by the stubs: the script started drawing its page or opening the stores."""


def _drew(*args: object, **kwargs: object) -> None:
    raise Drew


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_script_imported_by_a_worker_does_nothing(
    script: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("set_page_config", "title"):
        monkeypatch.setattr(st, name, _drew)
    monkeypatch.setattr(state, "engine", _drew)
    runpy.run_path(str(APP_MAIN.parent / script), run_name="__mp_main__")  # nothing happens
    with pytest.raises(Drew):  # while run as Streamlit runs it, the same script draws
        runpy.run_path(str(APP_MAIN.parent / script), run_name="__main__")
