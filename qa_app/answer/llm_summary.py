"""LLM summaries of a narrative section (e.g. 存在的主要问题), map-reduce, every statement tied to a
numbered passage.

Map: for each report, the model summarizes that report's passages (delimited as data) into
statements ending with markers like [P3]. Reduce: the checked statements of all reports are
merged into a grouped summary that keeps the markers. After each step, a statement is dropped
when it has no marker, cites a passage it was not given, or contains a number that does not
appear, with the same unit, in the passages it cites: the model phrases, the passages supply
every figure. (A simple check by design; qa_app/answer/verify.py is the answer-level verifier.)
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from langchain_core.language_models import BaseChatModel

import prompts
from qa_app.execution.evidence import Citation
from qa_app.llm import endpoint_of, translate_errors
from qa_app.question.plan import Language

log = logging.getLogger("govqa.summarize")

MAP_PROMPT = "summarize_map"
REDUCE_PROMPT = "summarize_reduce"
LANGUAGE_NAMES = {Language.ZH: "简体中文", Language.EN: "English"}
SECTION_NAMES = {
    "overview": "总体情况 (overview)",
    "problems": "存在的主要问题及改进情况 (main problems and improvements)",
    "other": "其他需要报告的事项 (other matters)",
}

MARKER = re.compile(r"\[P(\d+)\]")
_BULLET = re.compile(r"^(?:[-*•·]|\d{1,2}[.)、]|[（(]\d{1,2}[)）])\s*")
# A number and the unit written right after it, if any: "0件" is not backed by "为0".
_NUMBER = re.compile(r"(\d+(?:[.,]\d+)*)\s*([件次个项人条家篇期场%‰元万亿年月日]?)")


@dataclass(frozen=True)
class LLMSummary:
    """A checked summary. Markers [P1]…[Pn] in `text` refer to `citations[0]`…`[n-1]`."""

    text: str
    citations: list[Citation] = field(default_factory=list)
    dropped: int = 0  # statements removed: no valid marker, or a number not in its passages


def summarize_with_llm(
    chat_model: BaseChatModel,
    passages: Sequence[Citation],
    section: str,
    language: Language | str,
    *,
    concurrency: int = 4,
) -> LLMSummary:
    """Map per report, reduce across reports, check every statement. Raises LLMError when the
    model cannot be used, so the caller can fall back to an extractive summary."""
    numbered = {i: p for i, p in enumerate(passages, start=1)}
    if not numbered:
        return LLMSummary("")
    names = {
        "section_name": SECTION_NAMES.get(section, section),
        "language_name": LANGUAGE_NAMES[Language(language)],
    }
    groups = _by_report(numbered)
    endpoint = endpoint_of(chat_model)
    requests = [map_messages(numbered, ids, **names) for ids in groups]
    with translate_errors(endpoint):
        replies = chat_model.batch(requests, config={"max_concurrency": concurrency})
    dropped, mapped = 0, []
    for ids, reply in zip(groups, replies, strict=True):
        lines, lost = checked_lines(reply.text, {i: numbered[i] for i in ids})
        mapped.append(lines)
        dropped += lost
    statements = [line for lines in mapped for line in lines]
    if sum(1 for lines in mapped if lines) > 1:
        with translate_errors(endpoint):
            reply = chat_model.invoke(reduce_messages(statements, **names))
        reduced, lost = checked_lines(reply.text, numbered, headings=True)
        dropped += lost
        statements = reduced or statements  # a reduce that kept nothing: the map statements
    if dropped:
        log.info("LLM summary: dropped %d statement(s) lacking a valid source", dropped)
    text, citations = _renumber(statements, numbered)
    return LLMSummary(text, citations, dropped)


def map_messages(
    numbered: dict[int, Citation], ids: list[int], *, section_name: str, language_name: str
) -> list[tuple[str, str]]:
    """The map request for one report: its passages, each delimited as data with its id."""
    blocks = [prompts.delimit(_passage_text(numbered[i]), id=f"P{i}") for i in ids]
    return prompts.load(MAP_PROMPT).messages(
        section_name=section_name, language_name=language_name, passages="\n\n".join(blocks)
    )


def reduce_messages(
    statements: list[str], *, section_name: str, language_name: str
) -> list[tuple[str, str]]:
    """The reduce request: checked statements, still report-derived, so delimited as data."""
    block = prompts.delimit("\n".join(statements), tag="statements")
    return prompts.load(REDUCE_PROMPT).messages(
        section_name=section_name, language_name=language_name, statements=block
    )


def checked_lines(
    text: str, allowed: dict[int, Citation], *, headings: bool = False
) -> tuple[list[str], int]:
    """The statements of `text` that cite only `allowed` passages and whose numbers all appear
    in what they cite, as "- … [Pn]" lines (and, with `headings`, "## …" lines without digits
    that head a kept statement); plus how many lines were dropped."""
    kept: list[str] = []
    dropped = 0
    pending_heading: str | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if headings and line.startswith("#"):
            title = line.lstrip("#").strip()
            if _numbers(title):
                dropped += 1
                title = ""
            pending_heading = f"## {title}" if title else None
            continue
        statement = _BULLET.sub("", line, count=1).strip()
        if not _supported(statement, allowed):
            dropped += 1
            continue
        if pending_heading:
            kept.append(pending_heading)
            pending_heading = None
        kept.append(f"- {statement}")
    return kept, dropped


def _supported(statement: str, allowed: dict[int, Citation]) -> bool:
    cited = {int(n) for n in MARKER.findall(statement)}
    if not cited or not cited <= allowed.keys():
        return False
    found: set[tuple[str, str]] = set()
    years = {str(allowed[i].year) for i in cited if allowed[i].year}
    for i in cited:
        found |= _numbers(_passage_text(allowed[i]))
    bare = {number for number, _unit in found}
    for number, unit in _numbers(MARKER.sub("", statement)):
        if number in years or (number, unit) in found or (not unit and number in bare):
            continue
        return False
    return True


def _numbers(text: str) -> set[tuple[str, str]]:
    """(digits, unit) pairs as written: full-width folded, thousands separators removed."""
    folded = unicodedata.normalize("NFKC", text)
    return {(digits.replace(",", ""), unit) for digits, unit in _NUMBER.findall(folded)}


def _passage_text(passage: Citation) -> str:
    """What the model is shown of a passage: its report (agency, year) and its text."""
    head = " ".join(x for x in (passage.agency, f"{passage.year}" if passage.year else None) if x)
    return f"{head}\n{passage.text}" if head else passage.text


def _by_report(numbered: dict[int, Citation]) -> list[list[int]]:
    groups: dict[str, list[int]] = {}
    for i, passage in numbered.items():
        groups.setdefault(passage.report_id, []).append(i)
    return list(groups.values())


def _renumber(lines: list[str], numbered: dict[int, Citation]) -> tuple[str, list[Citation]]:
    """Markers renumbered [P1]… in order of first use, with the citations they now index."""
    order: dict[int, int] = {}

    def swap(match: re.Match[str]) -> str:
        old = int(match.group(1))
        order.setdefault(old, len(order) + 1)
        return f"[P{order[old]}]"

    text = "\n".join(MARKER.sub(swap, line) for line in lines)
    return text, [numbered[old] for old in order]
