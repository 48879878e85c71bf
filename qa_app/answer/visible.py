"""Names and text from reports made visible as typed, for any front end: control characters
(ANSI escapes, carriage returns, backspaces) and the zero-width and bidirectional formatting
characters become visible escapes (\\x1b, \\r, \\u202e). A file or agency name can then never
move a terminal's cursor, recolour it, clear the screen, or reverse how its end reads."""

from __future__ import annotations

import re

# C0 and C1 controls and DEL, the zero-width and bidi formatting characters; newline and tab
# are kept in a block of text and escaped in a name (one line).
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")
_NAMED = {"\r": "\\r", "\x1b": "\\x1b", "\x08": "\\b", "\x07": "\\a"}


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: str, *, lines: bool = False) -> str:
    """`text` with every control character as a visible escape. `lines`: keep newlines and
    tabs (a block of report text); otherwise they are escaped too (a name, one line)."""
    escaped = _UNSAFE.sub(_visible, text)
    if lines:
        return escaped
    return escaped.replace("\n", "\\n").replace("\t", "\\t")
