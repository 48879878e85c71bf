"""Every `govqa` command has help, is in the README's command list, and the design's CLI
contract is registered: a command nobody can find is not part of the product."""

from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner

from qa_app.cli import main
from tests.conftest import REPO

DESIGN = REPO.parent / "shared" / "design.md"
CONTEXT = click.Context(main)
COMMANDS = main.list_commands(CONTEXT)


def _section(text: str, title: str) -> str:
    """The `## title...` section of a markdown text (up to the next `## `)."""
    heading = re.search(rf"^## {re.escape(title)}.*$", text, flags=re.MULTILINE)
    assert heading, f"no section {title!r}"
    end = text.find("\n## ", heading.end())
    return text[heading.end() : end if end != -1 else None]


def _named(text: str) -> set[str]:
    return set(re.findall(r"^\W*govqa ([a-z]+)", text, flags=re.MULTILINE))


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help(name: str) -> None:
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0, result.output
    command = main.get_command(CONTEXT, name)
    assert command and (command.help or "").strip(), f"govqa {name} has no docstring"


def test_every_command_is_in_the_readme_command_list() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    listed = _named(_section(readme, "Command line"))
    assert set(COMMANDS) - listed == set()


@pytest.mark.skipif(not DESIGN.is_file(), reason=f"no design at {DESIGN} (../shared is absent)")
def test_every_command_of_the_design_contract_is_registered() -> None:
    contract = _named(_section(DESIGN.read_text(encoding="utf-8"), "CLI contract"))
    assert contract and contract - set(COMMANDS) == set()
