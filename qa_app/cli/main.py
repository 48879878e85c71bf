"""The `govqa` group: the entry point, which names every command of this room.

Commands are plain click commands in modules by concern (ask, store, parse, app, bench, eval);
none of them imports this module, so the entry point depends on them and never the other way.
A command's module is imported only when that command runs (or help lists it): the console
script imports this module, and so does every process an ingest or a bench spawns (spawn runs
the parent's `__main__` again), so a parser worker would otherwise import the engine, the
stores and the embedders it never uses (2.3 s of CPU each) before it could watch its parent.
"""

from __future__ import annotations

import importlib

import click

from ingest.redact import redact_logs

# command name -> the module defining it and the command's name there
COMMANDS: dict[str, tuple[str, str]] = {
    "app": ("qa_app.cli.app", "app"),
    "ask": ("qa_app.cli.ask", "ask"),
    "bench": ("qa_app.cli.bench", "bench"),
    "check": ("qa_app.cli.parse", "check"),
    "demo": ("qa_app.cli.parse", "demo"),
    "embed": ("qa_app.cli.store", "embed"),
    "eval": ("qa_app.cli.eval", "eval_command"),
    "ingest": ("qa_app.cli.store", "ingest"),
    "parse": ("qa_app.cli.parse", "parse"),
    "remove": ("qa_app.cli.store", "remove"),
    "reports": ("qa_app.cli.store", "reports"),
    "search": ("qa_app.cli.store", "search"),
    "show": ("qa_app.cli.store", "show"),
}


class LazyGroup(click.Group):
    """A group whose commands are imported by name when first looked up."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, name = COMMANDS[cmd_name]
            self.add_command(getattr(importlib.import_module(module), name), cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="govqa")
def main() -> None:
    """govqa: exact answers from 政府信息公开工作年度报告."""
    redact_logs()
