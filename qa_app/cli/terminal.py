"""Report names and text for a terminal: controls escaped (answer/visible.py), and rich markup
in them ([bold], [link=…]) printed as typed."""

from __future__ import annotations

from rich.text import Text

from qa_app.answer.visible import escape_controls

__all__ = ["escape_controls", "plain"]


def plain(text: str | None, *, lines: bool = False) -> Text:
    """A rich Text of `text` with its controls escaped and no markup parsed."""
    return Text(escape_controls(text or "", lines=lines))
