"""`govqa app`: the Streamlit chat, on loopback unless asked otherwise."""

from __future__ import annotations

import ipaddress
import os
import sys
from pathlib import Path

import click

from qa_app.cli.common import build_settings, data_dir_option, friendly_errors
from qa_app.settings import GATE_ENV, MAX_UPLOAD_MB

APP_SCRIPT = Path(__file__).parents[1] / "app" / "main.py"


def streamlit_command(host: str, port: int) -> list[str]:
    """`streamlit run` with telemetry off, no browser launch, and the upload limit set."""
    return [
        sys.executable, "-m", "streamlit", "run", str(APP_SCRIPT),
        "--server.address", host,
        "--server.port", str(port),
        "--server.headless", "true",
        "--server.maxUploadSize", str(MAX_UPLOAD_MB),
        "--browser.gatherUsageStats", "false",
        "--global.developmentMode", "false",
        "--client.toolbarMode", "minimal",
    ]  # fmt: skip


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command()
@data_dir_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; anything but loopback exposes the app to the network.",
)
@click.option("--port", default=8501, show_default=True, type=int)
@friendly_errors
def app(data_dir: Path | None, host: str, port: int) -> None:
    """Start the chat app (Streamlit) on HOST:PORT."""
    settings = build_settings(data_dir=data_dir)
    if not is_loopback(host) and not os.environ.get(GATE_ENV):
        click.echo(
            f"warning: listening on {host}, not loopback, without a password: anyone who can "
            f"reach this machine can use the app. Set {GATE_ENV} or `password` in "
            ".streamlit/secrets.toml (see README).",
            err=True,
        )
    env = {**os.environ, "GOVQA_DATA_DIR": str(settings.data_dir.resolve())}
    click.echo(f"govqa app on http://{host}:{port} (data: {settings.data_dir})")
    os.execvpe(sys.executable, streamlit_command(host, port), env)
