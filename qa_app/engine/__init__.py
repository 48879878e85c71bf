"""The engine: the single door every front end (CLI, app, bench) calls.

`Engine` (engine.py) opens the stores of one data dir and answers with models, never text;
`asking` runs the pipeline question -> plan -> evidence -> answer; `ingesting` parses files in
worker processes and stores them, tables first, with passage vectors in a background
thread. S1 across years and every other check finding comes from here.

May import: question, execution, answer, settings, llm, index, ingest. Imported by: cli, app,
bench.
"""

from qa_app.engine.engine import CheckRun, CorpusSummary, Engine
from qa_app.engine.ingesting import EmbedRun, IngestOutcome, IngestRun, IngestStatus, Progress

__all__ = [
    "CheckRun",
    "CorpusSummary",
    "EmbedRun",
    "Engine",
    "IngestOutcome",
    "IngestRun",
    "IngestStatus",
    "Progress",
]
