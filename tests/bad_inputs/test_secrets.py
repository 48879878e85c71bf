"""A secret in the settings never comes back in a message: a password in GOVQA_CHROMA_URL or
GOVQA_EMBEDDER_URL, an API key, whatever part of govqa formats the error (CLI or app)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from click.testing import CliRunner

from ingest.errors import StoreError
from ingest.redact import redact, redact_logs
from qa_app.cli.main import main
from tests.bad_inputs.generate import report_text

PASSWORD = "s3cret-Pw@x"  # an @ inside: a careless pattern would leave "x" behind
KEY = "sk-live-0123456789abcdefXYZ"
DOWN = "127.0.0.1:9"  # the discard port: nothing listens, the connection is refused at once


@pytest.mark.parametrize(
    "text",
    [
        f"cannot reach http://bob:{PASSWORD}@{DOWN}/x (refused)",
        f"postgresql+psycopg://bob:{PASSWORD}@db.example/govqa",
        f"GET https://api.example/v1/embeddings?api_key={PASSWORD}&model=m",
        f"Authorization: Bearer {KEY}",
        f'{{"api_key": "{KEY}"}}',
    ],
)
def test_redact_masks_every_shape_of_secret(text: str) -> None:
    masked = redact(text)
    assert PASSWORD not in masked and KEY not in masked and "***" in masked
    assert "s3cret" not in masked and "0123456789" not in masked


def test_urls_without_secrets_are_kept() -> None:
    text = "the server at http://gpu-box:8000/v1 answered 503 at 12:30"
    assert redact(text) == text


def _ingest(tmp_path: Path, **env: str) -> str:
    (tmp_path / "a.txt").write_text(report_text(3), encoding="utf-8")
    args = ["ingest", str(tmp_path / "a.txt"), "--data-dir", str(tmp_path / "data")]
    result = CliRunner().invoke(main, args, env={"HF_HUB_OFFLINE": "1", **env})
    assert result.exit_code == 1, result.output  # the server is down: the ingest says so
    return result.output


def test_a_chroma_url_password_is_never_echoed(tmp_path: Path) -> None:
    output = _ingest(tmp_path, GOVQA_CHROMA_URL=f"http://bob:{PASSWORD}@{DOWN}")
    assert "Chroma server" in output and "bob:***@" in output  # names the server it tried
    assert "s3cret" not in output


def test_an_embedder_url_password_and_key_are_never_echoed(tmp_path: Path) -> None:
    output = _ingest(
        tmp_path,
        GOVQA_EMBEDDER="openai:m",
        GOVQA_EMBEDDER_URL=f"http://bob:{PASSWORD}@{DOWN}/v1",
        GOVQA_EMBEDDER_API_KEY=KEY,
    )
    assert "embedding server" in output and "s3cret" not in output and KEY not in output


def test_every_govqa_error_and_log_line_is_redacted(caplog: pytest.LogCaptureFixture) -> None:
    assert PASSWORD not in str(StoreError(f"cannot open mysql://u:{PASSWORD}@h/db"))
    redact_logs()
    record = logging.LogRecord("govqa", logging.ERROR, __file__, 1, "to %s", (KEY,), None)
    assert logging.lastResort is not None
    assert all(f.filter(record) for f in logging.lastResort.filters)
    assert KEY not in record.getMessage()


def test_the_app_does_not_show_the_chroma_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.testing.v1 import AppTest

    from tests.app.conftest import APP_MAIN

    monkeypatch.delenv("GOVQA_APP_PASSWORD", raising=False)
    monkeypatch.setenv("GOVQA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("GOVQA_CHROMA_URL", f"http://bob:{PASSWORD}@{DOWN}")
    at = AppTest.from_file(str(APP_MAIN), default_timeout=120).run()
    shown = [e.value for e in at.error]
    assert any("Chroma" in e for e in shown), shown
    assert not any("s3cret" in e for e in shown) and not at.exception
