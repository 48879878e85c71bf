"""The one place secrets are taken out of text a user or a log will see: passwords in URLs
(GOVQA_CHROMA_URL, GOVQA_DB_URL, GOVQA_EMBEDDER_URL …), keys and tokens in query strings and
headers, API keys of the usual shapes, and every secret value the settings registered.

Every GovqaError's message passes through `redact` (ingest/errors.py), so no front end has to
remember to call it; the CLI and the app also pass any other message they print through it.
"""

from __future__ import annotations

import logging
import re

MASK = "***"

_URL_PASSWORD = re.compile(r"(?<=://)([^/\s:@]*):([^/\s]*)@")  # greedy: a password may hold @
_QUERY_SECRET = re.compile(
    r"([?&;](?:[\w.-]*(?:key|token|secret|password|passwd|pwd|signature|sig|auth)[\w.-]*)=)"
    r"[^&#\s'\"]*",
    re.IGNORECASE,
)
_ASSIGNED = re.compile(
    r"\b((?:api[_-]?key|access[_-]?token|auth[_-]?token|secret|password|passwd)"
    r"[\"']?\s*[:=]\s*[\"']?)[^\s\"',;&}]+",
    re.IGNORECASE,
)
_BEARER = re.compile(r"\b(bearer|basic|token)\s+[\w.~+/=-]{8,}", re.IGNORECASE)
_KEY_SHAPES = re.compile(r"\b(sk|pk|rk|hf|ghp|gho|xox[abp])[-_][\w-]{12,}")

_known: set[str] = set()


def register_secret(value: str | None) -> None:
    """Mask `value` wherever it appears from now on (an API key from the settings, say)."""
    if value and len(value) >= 4:
        _known.add(value)


def redact(text: str) -> str:
    """`text` with every secret it holds replaced by ***."""
    for secret in sorted(_known, key=len, reverse=True):
        text = text.replace(secret, MASK)
    text = _URL_PASSWORD.sub(rf"\1:{MASK}@", text)
    text = _QUERY_SECRET.sub(rf"\1{MASK}", text)
    text = _ASSIGNED.sub(rf"\1{MASK}", text)
    text = _BEARER.sub(rf"\1 {MASK}", text)
    return _KEY_SHAPES.sub(rf"\1-{MASK}", text)


class _Redacting(logging.Filter):
    """Masks secrets in a log record's message and traceback before a handler writes it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = redact(record.getMessage()), None
        if record.exc_info:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


_FILTER = _Redacting()


def redact_logs() -> None:
    """Pass every log line written to the terminal through `redact`: the handlers of the root
    logger, and Python's last-resort handler (used when none is configured)."""
    for handler in [*logging.getLogger().handlers, logging.lastResort]:
        if handler is not None and _FILTER not in handler.filters:
            handler.addFilter(_FILTER)
