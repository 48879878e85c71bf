"""Visual lines of running text -> paragraphs, as the author wrote them.

A line joins the one before it when that one runs to the right edge of the text block and this
one starts at the left edge, unindented, at the same size, right below it (or at the top of the
next page): the text was wrapped. A line that is a section title or starts with numbering
("（一）", "二、", "3.") always starts anew. Consecutive lines of a larger size are one title
wrapped over two lines (long agency names do that).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest.normalize import normalize_text
from ingest.readers.pdf_text import TextLine, join_wrapped
from ingest.sections import heading_key

_NUMBERED = re.compile(
    r"^\s*(?:[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|[一二三四五六七八九十]{1,3}\s*[、.．]"
    r"|\d{1,2}\s*[.．、](?!\d))"
)
_TITLE_RATIO = 1.2  # a title's font is this much larger than the body's


@dataclass(slots=True)
class Paragraph:
    """Visual lines that are one paragraph (or one title) wrapped by the page width."""

    lines: list[TextLine] = field(default_factory=list)

    @property
    def text(self) -> str:
        out = ""
        for line in self.lines:
            out = join_wrapped(out, line.text)
        return out


@dataclass(frozen=True, slots=True)
class Block:
    """The text block all pages share: its left and right edges and the body font size."""

    left: float
    right: float
    size: float


def text_block(lines: Sequence[TextLine]) -> Block | None:
    """The body text block of a document, from its lines of the most common size."""
    sizes = Counter(round(line.size * 2) / 2 for line in lines)
    if not sizes:
        return None
    size = sizes.most_common(1)[0][0]
    body = [line for line in lines if abs(line.size - size) < 0.5]
    return Block(min(b.x0 for b in body), max(b.x1 for b in body), size)


def _starts_anew(line: TextLine) -> bool:
    text = normalize_text(line.text)
    return heading_key(text) is not None or bool(_NUMBERED.match(text))


def _below(prev: TextLine, line: TextLine) -> bool:
    """`line` follows `prev` at ordinary line spacing, or opens the next page."""
    if line.page != prev.page:
        return line.page == prev.page + 1
    return -1.0 <= line.top - prev.bottom <= line.size


def continues(prev: TextLine, line: TextLine, block: Block) -> bool:
    """True if `line` is the wrapped continuation of `prev`, the line printed before it."""
    if abs(prev.size - line.size) >= 0.5 or not _below(prev, line):
        return False
    if _starts_anew(line):
        return False
    if line.size >= block.size * _TITLE_RATIO:
        return line.page == prev.page  # a title wrapped over two lines
    return prev.x1 >= block.right - 1.2 * line.size and line.x0 <= block.left + 0.5 * line.size
