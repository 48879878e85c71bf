"""Sections whose title was lost, found by what they hold.

A misprinted or dropped title (三、收到和处理政府信申请情况, a report without 五、) leaves its
section's lines in the section before it. Each table section starts where its table does (table
三 at its column note or first row, table 四 at its 行政复议/行政诉讼 header), and without a 五
title the running text after table 四 is the problems section. Every such inference is a warning.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ingest.document import DocLine
from ingest.normalize import match_key
from ingest.schema import ParseWarning
from ingest.template import SECTION_NUMERALS, SECTION_TITLES, SectionKey

_VALUE = re.compile(r"(?<!\S)[-+]?\d[\d,.]*(?!\S)")
_HAN_CHAR = re.compile(r"[\u4e00-\u9fff]")
MIN_PROSE_HAN = 15


@dataclass(slots=True)
class SectionSpan:
    """Where one section lies: its heading line and the lines of its body."""

    key: SectionKey
    heading: DocLine | None
    body: list[DocLine] = field(default_factory=list)


def is_table_line(line: DocLine) -> bool:
    """A table row: cells known to the reader, or three numbers standing apart."""
    return line.cells is not None or len(_VALUE.findall(line.text)) >= 3


def is_prose(text: str) -> bool:
    """Running text: a sentence of Chinese with its punctuation, not a row label."""
    return len(_HAN_CHAR.findall(text)) >= MIN_PROSE_HAN and bool(re.search(r"[,。;；]", text))


def _starts_requests(line: DocLine) -> bool:
    key = match_key(line.text)
    return "勾稽关系" in key or "本年新收政府信息公开申请" in key or "申请人情况" in key


def _starts_appeals(line: DocLine) -> bool:
    key = match_key(line.text)
    return ("行政复议" in key and "行政诉讼" in key) or key.startswith("行政复议结果维持")


# A table section whose title is lost starts at the first line that only its table prints.
_ANCHORS: dict[SectionKey, Callable[[DocLine], bool]] = {
    SectionKey.REQUESTS: _starts_requests,
    SectionKey.APPEALS: _starts_appeals,
}
_ORDER = list(SECTION_NUMERALS)


def recover_sections(spans: dict[SectionKey, SectionSpan]) -> list[ParseWarning]:
    """Give sections without a title the lines that are theirs; what was inferred, as warnings."""
    warnings = [w for key, anchor in _ANCHORS.items() if (w := _table_section(spans, key, anchor))]
    problems = _problems_after_appeals(spans)
    return [*warnings, *([problems] if problems else [])]


def _table_section(
    spans: dict[SectionKey, SectionSpan], key: SectionKey, anchor: Callable[[DocLine], bool]
) -> ParseWarning | None:
    if key in spans:
        return None
    index = _ORDER.index(key)
    before = [k for k in _ORDER[:index] if k in spans]
    if not before:
        return None
    body = spans[before[-1]].body
    start = next((i for i, line in enumerate(body) if anchor(line)), None)
    if start is None:
        return None
    spans[key] = SectionSpan(key, None, body[start:])
    del body[start:]
    return _inferred(key, spans[key].body[0], "its table starts here")


def _problems_after_appeals(spans: dict[SectionKey, SectionSpan]) -> ParseWarning | None:
    """Without a 五 title, the running text that follows table 四 is the problems section
    (reports that lost their numbering print it right under the table)."""
    appeals = spans.get(SectionKey.APPEALS)
    if appeals is None or SectionKey.PROBLEMS in spans:
        return None
    body = appeals.body
    last = max((i for i, ln in enumerate(body) if is_table_line(ln)), default=None)
    if last is None:
        return None
    rest = [i for i in range(last + 1, len(body)) if body[i].text.strip()]
    if not rest or not is_prose(body[rest[0]].text):
        return None
    spans[SectionKey.PROBLEMS] = SectionSpan(SectionKey.PROBLEMS, None, body[rest[0] :])
    del body[rest[0] :]
    return _inferred(SectionKey.PROBLEMS, spans[SectionKey.PROBLEMS].body[0], "after table 四")


def _inferred(key: SectionKey, line: DocLine, where: str) -> ParseWarning:
    title = f"{SECTION_NUMERALS[key]}、{SECTION_TITLES[key]}"
    return ParseWarning(
        code="section_inferred",
        message=f"line {line.number}: no title {title} found; the section is read from here "
        f"({where})",
        line=line.number,
    )
