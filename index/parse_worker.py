"""What an ingest's parser process runs for one file: parse it, then cut and tokenize its
passages and build its SQL rows (index/store_rows.py). The rows, not the pydantic Report,
cross back to the one writer, which then only executes inserts."""

from __future__ import annotations

import gc
import logging
import multiprocessing
import traceback
from functools import cache

from index.chunking import chunk_report
from index.store_rows import ReportRows, report_rows
from ingest.errors import GovqaError
from ingest.manifest import ManifestEntry
from ingest.parse import parse_bytes

log = logging.getLogger("govqa")

ParseJob = tuple[str, bytes, ManifestEntry | None]
# A parse result crosses the process boundary as values: our exceptions do not pickle.
ParseResult = tuple[ReportRows | None, str | None]


def parse_job(job: ParseJob) -> ParseResult:
    """Parse one file's bytes into its rows; a failure comes back as its message, never raised."""
    path, data, entry = job
    try:
        report = parse_bytes(data, path, entry)
        return report_rows(report, chunk_report(report)), None
    except GovqaError as exc:
        return None, str(exc)
    except Exception as exc:
        log.error("internal error parsing %s\n%s", path, traceback.format_exc())
        return None, internal_error(exc)
    finally:
        if multiprocessing.parent_process() is not None:
            _freeze_what_lasts()


@cache
def _freeze_what_lasts() -> None:
    """Once, after a parser process's first file: what it loaded for it (the gazetteer, the
    tokenizer's dictionary, compiled patterns) lives as long as the process. Frozen, the cyclic
    collector no longer walks it at every full collection, which the many small objects of
    each report trigger: about 4% of a report's CPU."""
    gc.collect()
    gc.freeze()


def internal_error(exc: Exception) -> str:
    return f"internal error ({type(exc).__name__}: {exc}); please report this file"
