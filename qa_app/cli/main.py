"""The `govqa` group: the entry point, which registers every command of this room on itself.

Commands are plain click commands in modules by concern (ask, store, parse, app, bench, eval);
none of them imports this module, so the entry point depends on them and never the other way.
"""

from __future__ import annotations

import click

from ingest.redact import redact_logs
from qa_app.cli.app import app
from qa_app.cli.ask import ask
from qa_app.cli.bench import bench
from qa_app.cli.eval import eval_command
from qa_app.cli.parse import check, demo, parse
from qa_app.cli.store import embed, ingest, remove, reports, search, show


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="govqa")
def main() -> None:
    """govqa: exact answers from 政府信息公开工作年度报告."""
    redact_logs()


for _command in (app, ask, bench, check, demo, embed, eval_command, ingest, parse, remove,
                 reports, search, show):  # fmt: skip
    main.add_command(_command)
