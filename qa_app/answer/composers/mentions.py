"""mentions: which selected reports' narrative mentions a topic ("哪些提到了人员不足"), each
with the passage that does, cited; the topic's words come from the vocabulary (topics.toml)."""

from __future__ import annotations

from qa_app.answer.composers.base import Book, Cells, Draft, join, report_head, tr
from qa_app.execution.evidence import Citation
from qa_app.question.context import topic_words

_SNIPPET = 60


def _snippet(passage: Citation, word: str) -> str:
    """The sentence part around the first mention, as the report words it."""
    text = passage.text
    at = text.find(word)
    start = max(0, at - _SNIPPET // 3)
    end = min(len(text), start + _SNIPPET)
    while start > 0 and _in_number(text, start):  # never cut a figure in two
        start += 1
    while end < len(text) and _in_number(text, end):
        end += 1
    return " ".join(text[start:end].split())


def _in_number(text: str, i: int) -> bool:
    """Whether position `i` falls inside a run of digits (a cut there would halve it)."""
    digits = "0123456789.,"
    return text[i - 1] in digits and text[i] in digits


def mentions(cells: Cells, book: Book) -> Draft:
    """Every selected report whose narrative has one of the topic's words, with the passage."""
    plan, lang = cells.evidence.plan, cells.lang
    topic = plan.topic or ""
    words = topic_words(topic)
    found: dict[str, tuple[Citation, str]] = {}
    for passage in cells.evidence.passages:
        if passage.report_id in found:
            continue
        word = next((w for w in words if w in passage.text), None)
        if word is not None:
            found[passage.report_id] = (passage, word)
    lines = []
    for report in cells.reports:
        if report.report_id not in found:
            continue
        passage, word = found[report.report_id]
        book.cite(passage)
        quote = _snippet(passage, word)
        head = report_head(report, lang)
        lines.append(
            tr(
                lang,
                f"{head}：“{quote}” [{passage.passage_id}]",
                f"{head}: “{quote}” [{passage.passage_id}]",
            )
        )
    k, n = len(lines), len(cells.reports)
    book.derive("count:mentions", tr(lang, "提及的报告数", "reports mentioning"), k,
                "count of reports whose narrative has the topic's words")  # fmt: skip
    shown = join(list(words[:4]), lang)
    head = tr(
        lang,
        f"{n}份报告中有{k}份提到“{topic}”（按以下词查找：{shown}）：",
        f"{k} of {n} reports mention “{topic}” (looked for: {shown}):",
    )
    if not lines:
        head = tr(lang, f"{n}份报告中没有提到“{topic}”的（按以下词查找：{shown}）。",
                  f"None of the {n} reports mentions “{topic}” (looked for: {shown}).")  # fmt: skip
    return Draft(lines=[head, *lines])
