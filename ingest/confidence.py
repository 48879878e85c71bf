"""The confidence scale of inferred metadata; `ingest.metadata`'s docstring says what each means."""

from __future__ import annotations

TITLE_CONF = 0.95
HEADER_CONF = 0.9
SIGNATURE_CONF = 0.85
UNKNOWN_REGION_CONF = 0.8
COMPLETED_CONF = 0.75
BARE_AGENCY_CONF = 0.6
TEXT_CONF = 0.55
WEAK_TEXT_CONF = 0.45
FILENAME_CONF = 0.4
# What a value that rests on an OCR-corrected place name loses against its source.
CORRECTED_PENALTY = 0.1
