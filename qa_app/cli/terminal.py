"""Names and text from reports, made safe for a terminal: control characters (ANSI escapes,
carriage returns, backspaces) and bidirectional overrides are printed as visible escapes
(\\x1b, \\r, \\u202e), and rich markup in them ([bold], [link=…]) is printed as typed. A file
name or agency name can never move the cursor, recolour, clear the screen, or hide its end."""

from __future__ import annotations

import re

from rich.text import Text

# C0 and C1 controls and DEL, the zero-width and bidi formatting characters; newline and tab
# are handled by the caller (kept in text blocks, escaped in a one-line cell).
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
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


def plain(text: str | None, *, lines: bool = False) -> Text:
    """A rich Text of `text` with its controls escaped and no markup parsed."""
    return Text(escape_controls(text or "", lines=lines))
