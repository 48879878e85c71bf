"""Bounds on what one file may make the parser do, so that no file (a crawler dump repeating a
row a million times, a hostile upload) costs unbounded time, memory or storage.

A real report's section has at most a few hundred lines and a few thousand characters (the
seeds' largest: 242 lines, 2,806 characters); the bounds are far above that. A section beyond
them is cut before its tables are parsed and its text checked, with a warning that names the
file and the bound. Warnings that repeat (the same message at other lines) become one warning
with a count, and a report keeps at most MAX_WARNINGS of them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from ingest.document import DocLine
from ingest.schema import ParseWarning
from ingest.section_gaps import SectionSpan
from ingest.template import SECTION_NUMERALS, SectionKey

MAX_SECTION_LINES = 5_000  # lines of one section (table rows included) that are read
MAX_SECTION_CHARS = 200_000  # characters of one section's text that are read
MAX_WARNINGS = 200  # warnings a report keeps once repeats are aggregated
MAX_HTML_ELEMENTS = 300_000  # elements of an HTML page
MAX_HTML_DEPTH = 200  # nesting depth of an HTML page (a real page nests a few dozen deep)

_AT_LINE = re.compile(r"^line \d+: ")
_SHOWN = 40  # characters of a repeated line quoted in a warning


def _name(key: SectionKey) -> str:
    numeral = SECTION_NUMERALS.get(key)
    return f"section {numeral}" if numeral else "the text before the first section"


def _quoted(text: str) -> str:
    text = text.strip()
    return repr(text if len(text) <= _SHOWN else text[:_SHOWN] + "…")


def _most_repeated(lines: Sequence[DocLine]) -> str:
    """', where the line '…' appears N times' when one line repeats, else ''."""
    counts = Counter(hash(ln.text) for ln in lines)
    top, n = counts.most_common(1)[0]
    if n < 2:
        return ""
    line = next(ln for ln in lines if hash(ln.text) == top)
    return f"; the line {_quoted(line.original)} appears {n:,} times"


def _cut(body: Sequence[DocLine]) -> tuple[int, str, str] | None:
    """Where `body` leaves the bounds (the first line not read), why, and what to add after
    the lines not read (the line a too-long section repeats, if any); None within both."""
    if len(body) > MAX_SECTION_LINES:
        why = f"{len(body):,} lines, beyond the bound of {MAX_SECTION_LINES:,} lines per section"
        return MAX_SECTION_LINES, why, _most_repeated(body)
    total = 0
    for i, line in enumerate(body):
        total += len(line.original) + 1
        if total > MAX_SECTION_CHARS:
            chars = total + sum(len(ln.original) + 1 for ln in body[i + 1 :])
            why = f"{chars:,} characters, beyond the bound of {MAX_SECTION_CHARS:,} characters"
            return i, f"{why} per section", ""
    return None


def bound_span(span: SectionSpan, path: str) -> ParseWarning | None:
    """Cut `span`'s body to MAX_SECTION_LINES lines and MAX_SECTION_CHARS characters; the
    warning saying so, or None when it is within both."""
    body = span.body
    cut = _cut(body)
    if cut is None:
        return None
    at, why, repeated = cut
    first, last = body[at].number, body[-1].number
    span.body = body[:at]
    return ParseWarning(
        code="section_too_long",
        message=f"{Path(path).name}: {_name(span.key)} has {why}: lines {first:,}–{last:,} "
        f"were not read{repeated}",
        line=first,
    )


def bound_spans(spans: dict[SectionKey, SectionSpan], path: str) -> list[ParseWarning]:
    """Every span cut to the bounds (in place); one warning per span that was cut."""
    return [w for span in spans.values() if (w := bound_span(span, path)) is not None]


def aggregate(warnings: Sequence[ParseWarning]) -> list[ParseWarning]:
    """Repeats (the same code and message at other lines) as one warning with their count,
    in first-seen order; at most MAX_WARNINGS, the rest counted in a last one."""
    groups: dict[tuple[str, str], list[ParseWarning]] = {}
    for w in warnings:
        groups.setdefault((w.code, _AT_LINE.sub("", w.message)), []).append(w)
    out: list[ParseWarning] = []
    for same in groups.values():
        first = same[0]
        if len(same) == 1:
            out.append(first)
            continue
        lines = [w.line for w in same if w.line is not None]
        where = f" (lines {min(lines):,}–{max(lines):,})" if lines else ""
        out.append(
            first.model_copy(
                update={"message": f"{first.message} — appears {len(same) - 1:,} more times{where}"}
            )
        )
    if len(out) <= MAX_WARNINGS:
        return out
    rest = out[MAX_WARNINGS - 1 :]
    codes = Counter(w.code for w in rest)
    listed = ", ".join(f"{code} ×{n:,}" for code, n in codes.most_common(5))
    return [
        *out[: MAX_WARNINGS - 1],
        ParseWarning(
            code="warnings_truncated",
            message=f"{len(rest):,} more warnings, beyond the bound of {MAX_WARNINGS:,} per "
            f"report, were not kept ({listed})",
        ),
    ]
