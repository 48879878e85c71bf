"""The govqa exception tree. Every error a user can see derives from GovqaError.

    GovqaError
    ├── UnreadableFileError(path, reason)       a file cannot be read or decoded
    │   ├── NeedsOcrError(path, pages)           a PDF where not even OCR finds text
    │   └── UnsupportedFormatError(path, reason) not a format govqa reads
    ├── NotAReportError(path, reason)            readable, but not an annual report
    ├── ManifestError(path, reason)              a manifest file is malformed
    ├── ReportNotFoundError(report_id)           `show` / `remove` of an unknown id
    ├── SettingsError(key, reason)               a bad setting value
    ├── StoreError(reason)                       a store failed (translated at the edge)
    │   └── BusyError                            another process writes to the data dir
    ├── TruthFileError (qa_app/truth.py)         a truth file `govqa eval` cannot use
    └── LLMError (qa_app/llm.py)                 the configured LLM cannot be used
        ├── LLMUnavailable                       no connection, timeout, HTTP error
        └── LLMBadOutput                         a reply that is not a usable completion

Messages name the file or key and say what to do next.
"""

from __future__ import annotations

from pathlib import Path

from ingest.redact import redact


class GovqaError(Exception):
    """Root of every error govqa reports to a user. Its message never holds a secret: URL
    passwords, keys and tokens are masked (ingest/redact.py) whoever formats it."""

    def __str__(self) -> str:
        return redact(super().__str__())


class UnreadableFileError(GovqaError):
    """A file could not be read or decoded."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class NeedsOcrError(UnreadableFileError):
    """A PDF whose pages carry no text layer, and where OCR found none either."""

    def __init__(self, path: str | Path, pages: int) -> None:
        self.pages = pages
        super().__init__(
            path,
            f"no text found on any of its {pages} page(s): it is a scan that needs OCR, and "
            "govqa's OCR read nothing on it (blank pages, or a scan too faint or coarse); "
            "rescan it at 200-300 dpi",
        )


class UnsupportedFormatError(UnreadableFileError):
    """A file that is none of the formats govqa reads."""


class NotAReportError(GovqaError):
    """A readable file that does not look like an information-disclosure annual report."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class ManifestError(GovqaError):
    """A manifest (CSV or JSON) that cannot be used."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"manifest {self.path}: {reason}")


class ReportNotFoundError(GovqaError):
    """No stored report has this id."""

    def __init__(self, report_id: str) -> None:
        self.report_id = report_id
        super().__init__(
            f"no report with id {report_id!r}; run `govqa reports` to list the stored ids"
        )


class SettingsError(GovqaError):
    """A setting has a value govqa cannot use."""

    def __init__(self, key: str, reason: str) -> None:
        self.key = key
        self.reason = reason
        super().__init__(f"setting {key}: {reason}")


class StoreError(GovqaError):
    """A store (SQL, vectors, keyword index) failed; the cause is chained."""
