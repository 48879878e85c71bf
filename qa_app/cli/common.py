"""What every command shares: the error translation, the --data-dir option, the settings
built from flags, and the consoles.

Errors a user can act on (GovqaError) print as `Error: <message>` and exit 1; click's own usage
errors exit 2.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from pydantic import ValidationError
from rich.console import Console

from ingest.errors import GovqaError, SettingsError
from qa_app.cli.terminal import escape_controls
from qa_app.settings import Settings

F = TypeVar("F", bound=Callable[..., Any])


def friendly_errors(func: F) -> F:
    """Turn GovqaError into click's `Error: message` with exit code 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except GovqaError as exc:
            # str() masks secrets (GovqaError); file names in it cannot drive the terminal
            raise click.ClickException(escape_controls(str(exc), lines=True)) from exc

    return wrapper  # type: ignore[return-value]


def data_dir_option(func: F) -> F:
    """--data-dir, shared by every command that uses the stores."""
    return click.option(
        "--data-dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Where the stores live (default: $GOVQA_DATA_DIR, else ./govqa-data).",
    )(func)


def build_settings(**overrides: Any) -> Settings:
    """Settings from defaults < environment < the CLI flags that were given."""
    given = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**given)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise SettingsError(".".join(map(str, first["loc"])), first["msg"]) from exc


def console() -> Console:
    return Console(soft_wrap=False, width=None if sys.stdout.isatty() else 160)


def err_console() -> Console:
    return Console(stderr=True)
