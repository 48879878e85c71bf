"""An ingest's parser processes import what parsing needs, not the command line's engine.

Spawn runs the parent's `__main__` again in every worker; under `govqa` that is the console
script, which imports the CLI. The CLI must stay cheap to import (commands load on use), or
each worker spends seconds importing the engine, stores and LLM clients before it can even
watch its parent (index/parent_watch.py). This module is imported by the worker (the probe
below is pickled by name), so it imports nothing of govqa at its top.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from index.parse_worker import ParseJob, ParseResult, parse_job

REPO = Path(__file__).resolve().parents[2]
WATCHED = (
    "qa_app.cli",
    "qa_app.cli.store",
    "qa_app.engine",
    "langchain_core",
    "openai",
    "chromadb",
)


def probe(job: ParseJob) -> ParseResult:
    """Parse the job, then say (as the error text) which watched modules this process holds
    and how many objects it has frozen out of the cyclic collector's reach."""
    rows, error = parse_job(job)
    loaded = [name for name in WATCHED if name in sys.modules]
    said = {"parsed": rows is not None, "error": error, "loaded": loaded}
    return None, json.dumps(said | {"frozen": gc.get_freeze_count()})


# The parent: the console script's one import, as pip writes it, then an ingest's parser pool.
PARENT = """\
from {module} import {attr}

if __name__ == "__main__":
    from qa_app.engine.ingesting import POOL_FROM, ParserPool
    from tests.bad_inputs.generate import report_text
    from tests.qa_app.test_parser_worker_imports import probe

    pool = ParserPool(POOL_FROM, work=probe)
    try:
        ((_, said),) = pool.parse([("r.txt", report_text(0).encode(), None)])
    finally:
        pool.close()
    print(said)
"""


@pytest.mark.slow  # a subprocess that imports the engine, and its spawned parser processes
def test_a_parser_worker_under_the_govqa_script_does_not_import_the_engine(tmp_path: Path) -> None:
    (script,) = [ep for ep in entry_points(group="console_scripts") if ep.name == "govqa"]
    parent = tmp_path / "govqa"
    parent.write_text(PARENT.format(module=script.module, attr=script.attr), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1"}
    done = subprocess.run([sys.executable, str(parent)], capture_output=True, text=True, env=env,
                          timeout=120, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    said = json.loads(done.stdout.strip().splitlines()[-1])
    assert said["parsed"], said["error"]
    # qa_app.cli: the worker did run the script again (else this test would prove nothing)
    assert said["loaded"] == ["qa_app.cli"]
    # After its first file, the worker froze what it loaded for good (index/parse_worker.py).
    assert said["frozen"] > 10_000


def test_parsing_in_the_ingesting_process_itself_freezes_nothing() -> None:
    # A small ingest parses in its own process (the app's, say): that process decides itself
    # what to freeze, and when.
    from tests.bad_inputs.generate import report_text

    before = gc.get_freeze_count()
    rows, error = parse_job(("r.txt", report_text(0).encode(), None))
    assert rows is not None, error
    assert gc.get_freeze_count() == before
