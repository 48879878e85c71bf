"""The command line (`govqa`), one thin layer over `Engine`.

Each command parses its options, builds the settings, calls the Engine once and prints a table
or JSON. `main` (cli/main.py) is the entry point and registers the commands; the command modules
import `common` and never `main`, so there is no cycle.

May import: qa_app.engine, qa_app.settings, and the models of the other rooms (question,
execution, answer, bench) to print them; index and ingest only for their models and errors.
Nothing imports this room except `python -m qa_app`.
"""

from qa_app.cli.main import main

__all__ = ["main"]
