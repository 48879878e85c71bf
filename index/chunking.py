"""Report -> passages: what the vector and keyword indexes are built from.

Narrative sections (the preface, 一 总体情况, 五 问题及改进, 六 其他) are cut into passages of
about `MIN_CHARS`–`MAX_CHARS` characters at sentence ends, each repeating the previous one's last
sentence so a statement that straddles a cut is still found whole. A passage is an exact slice
of its section's text (`start`, `end`), so a citation can point into the report.

Tables 二/三/四 are not embedded as digit runs (an embedding cannot tell 7 from 70); instead one
short Chinese "facts" passage per report says what the cells hold, so "which reports mention
行政诉讼" finds them. Numbers for answers still come from the cells, never from this text.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal

import jieba

from index.keywords import join_tokens, tokenize_for_index
from index.sqlstore import StoredPassage
from ingest.normalize import match_key
from ingest.schema import Cell, CellStatus, Report
from ingest.template import S3_ROWS, FormatVersion, SectionKey

__all__ = [
    "CHUNKED_SECTIONS",
    "FACTS_SECTION",
    "MAX_CHARS",
    "MIN_CHARS",
    "Span",
    "chunk_report",
    "chunk_spans",
    "facts_text",
    "passage_id",
    "sentence_spans",
]

MIN_CHARS = 300
MAX_CHARS = 500
TARGET_CHARS = 450  # how long a passage aims to be when a section needs several
OVERLAP_MAX = 200  # a last sentence longer than this is not repeated in the next passage
WRAP_MIN = 40  # a line this long that ends without punctuation is a hard wrap, not a break
FACTS_SECTION = "facts"
CHUNKED_SECTIONS = (SectionKey.PREFACE, SectionKey.OVERVIEW, SectionKey.PROBLEMS, SectionKey.OTHER)

_TERMINATORS = "。！？；!?;"
_CLOSERS = "”’\"'）)】」』》"
_LINE_DONE = _TERMINATORS + "：:" + _CLOSERS
_SOFT = re.compile(r"[，、,：:]")
# Section texts that say there is nothing to report: no passage for them.
_NOTHING = frozenset({"", "无", "暂无", "没有", "无其他需要报告的事项", "无其他需要报告事项"})


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range [start, end) of a section's text."""

    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start


def passage_id(report_id: str, section: str, position: int) -> str:
    """Deterministic, so re-ingesting the same report upserts the same vectors."""
    return f"{report_id}:{section}:{position}"


def _line_breaks(text: str) -> set[int]:
    """Newline offsets that end a sentence: after a finished or short line, not a hard wrap."""
    breaks: set[int] = set()
    offset = 0
    for line in text.split("\n"):
        offset += len(line)
        content = line.strip()
        if content and (len(content) < WRAP_MIN or content[-1] in _LINE_DONE):
            breaks.add(offset)
        offset += 1
    return breaks


def _trim(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None


def _split_long(text: str, span: Span, limit: int) -> list[Span]:
    """A sentence longer than `limit`, cut at its last comma-like mark that fits (else hard)."""
    pieces: list[Span] = []
    start = span.start
    while span.end - start > limit:
        window = text[start : start + limit]
        marks = [m.end() for m in _SOFT.finditer(window) if m.end() > limit // 3]
        cut = start + (marks[-1] if marks else limit)
        pieces.append(Span(start, cut))
        start = cut
    pieces.append(Span(start, span.end))
    return [p for p in (_trim(text, s.start, s.end) for s in pieces) if p]


def sentence_spans(text: str, limit: int = MAX_CHARS) -> list[Span]:
    """Sentences of `text` (at 。！？； and real line ends), none longer than `limit`."""
    cuts = _line_breaks(text)
    i = 0
    while i < len(text):
        if text[i] in _TERMINATORS:
            j = i + 1
            while j < len(text) and (text[j] in _TERMINATORS or text[j] in _CLOSERS):
                j += 1
            cuts.add(j)
            i = j
        else:
            i += 1
    spans: list[Span] = []
    start = 0
    for cut in sorted(cuts | {len(text)}):
        span = _trim(text, start, cut)
        if span:
            spans += _split_long(text, span, limit) if len(span) > limit else [span]
        start = cut
    return spans


def _goal(remaining: int) -> float:
    """How long the next passage should be so the rest divides evenly (no tiny last one)."""
    return max(MIN_CHARS, remaining / math.ceil(remaining / TARGET_CHARS))


def chunk_spans(text: str) -> list[Span]:
    """Passages of a section: whole sentences, about MIN–MAX characters, one sentence overlap."""
    sentences = sentence_spans(text)
    chunks: list[Span] = []
    first = 0
    while first < len(sentences):
        start = sentences[first].start
        remaining = sentences[-1].end - start
        last = first
        if remaining <= MAX_CHARS:
            last = len(sentences) - 1
        else:
            goal = _goal(remaining)
            while (
                last + 1 < len(sentences)
                and sentences[last].end - start < goal
                and sentences[last + 1].end - start <= MAX_CHARS
            ):
                last += 1
        chunks.append(Span(start, sentences[last].end))
        if last == len(sentences) - 1:
            break
        first = _next_first(sentences, first, last)
    return chunks


def _next_first(sentences: list[Span], first: int, last: int) -> int:
    """Start the next passage at this one's last sentence when that repeat fits."""
    overlap = sentences[last]
    if (
        last > first
        and len(overlap) <= OVERLAP_MAX
        and sentences[last + 1].end - overlap.start <= MAX_CHARS
    ):
        return last
    return last + 1


def _has_content(text: str) -> bool:
    return match_key(text) not in _NOTHING


def chunk_report(report: Report, tokenizer: jieba.Tokenizer | None = None) -> list[StoredPassage]:
    """The passages of a report: its narrative sections chunked, plus one facts passage."""
    passages: list[StoredPassage] = []
    for key in CHUNKED_SECTIONS:
        section = report.sections.get(key)
        if section is None or not _has_content(section.text):
            continue
        for position, span in enumerate(chunk_spans(section.text)):
            text = section.text[span.start : span.end]
            passages.append(
                StoredPassage(
                    id=passage_id(report.id, key.value, position),
                    report_id=report.id,
                    section=key.value,
                    position=position,
                    text=text,
                    tokens=join_tokens(tokenize_for_index(text, tokenizer)),
                    start=span.start,
                    end=span.end,
                )
            )
    facts = facts_text(report)
    if facts:
        passages.append(
            StoredPassage(
                id=passage_id(report.id, FACTS_SECTION, 0),
                report_id=report.id,
                section=FACTS_SECTION,
                position=0,
                text=facts,
                tokens=join_tokens(tokenize_for_index(facts, tokenizer)),
            )
        )
    return passages


# ---------------------------------------------------------------- the facts passage

# Table 三 rows always named (value or 未填报), then the outcome groups by their non-zero rows.
_S3_KEY_ROWS = (
    ("new_received", "新收政府信息公开申请"),
    ("carried_over", "上年结转"),
    ("granted", "予以公开"),
    ("partially_granted", "部分公开"),
)
_S3_TAIL_ROWS = (("total_processed", "办理结果总计"), ("carried_forward", "结转下年度继续办理"))
_S3_GROUPS = (
    ("denied_", "不予公开"),
    ("unable_", "无法提供"),
    ("not_processed_", "不予处理"),
    ("other_", "其他处理"),
)
_S4_PARTS = (("upheld", "结果维持"), ("corrected", "结果纠正"), ("other", "其他结果"),
             ("pending", "尚未审结"))  # fmt: skip
_S2_FACTS = (
    ("normative_docs_issued", "本年制发行政规范性文件", "件"),
    ("normative_docs_new_made", "本年新制作规范性文件", "件"),
    ("licensing_decisions", "行政许可处理决定", "件"),
    ("penalty_decisions", "行政处罚处理决定", "件"),
    ("coercion_decisions", "行政强制处理决定", "件"),
    ("admin_fee_amount_wan", "行政事业性收费", "万元"),
    ("procurement_amount", "政府集中采购金额", "万元"),
)
_UNREADABLE = frozenset({CellStatus.MISSING, CellStatus.AMBIGUOUS})


def _value(cell: Cell) -> str:
    """The cell's number as printed in prose, or why there is none (never a made-up 0)."""
    if cell.value is None:
        return "未能识别" if cell.status in _UNREADABLE else "未填报"
    if isinstance(cell.value, Decimal):
        return format(cell.value.normalize(), "f")  # 2561.768 as printed; 12.0 as 12
    return str(cell.value)


def _amount(label: str, cell: Cell, unit: str = "件") -> str:
    text = _value(cell)
    return f"{label}{text}{unit}" if cell.value is not None else f"{label}{text}"


def _s3_facts(report: Report) -> str:
    total = {row: cols["total"] for row, cols in report.s3.items() if "total" in cols}
    parts = [_amount(label, total[row]) for row, label in _S3_KEY_ROWS if row in total]
    version = report.format_version or FormatVersion.V2021
    labels = {r.key: r.label for r in S3_ROWS[version]}
    for prefix, group in _S3_GROUPS:
        rows = [r for r in labels if r.startswith(prefix) and r in total and r != "other_total"]
        named = [_amount(labels[r], total[r]) for r in rows if total[r].value != 0]
        if named:
            parts.append(f"{group}（{'、'.join(named)}）")
    if "other_total" in total and total["other_total"].value != 0:
        parts.append(_amount("其他处理", total["other_total"]))
    parts += [_amount(label, total[row]) for row, label in _S3_TAIL_ROWS if row in total]
    return "，".join(parts)


def _s4_block(report: Report, block: str, label: str) -> str | None:
    total = report.s4.get(f"{block}_total")
    if total is None:
        return None
    cells = [(name, report.s4.get(f"{block}_{key}")) for key, name in _S4_PARTS]
    named = [_amount(name, c) for name, c in cells if c is not None and c.value != 0]
    if total.value == 0 and not named:
        return _amount(label, total)
    head = _amount(label, total) if total.value is not None else f"{label}总计{_value(total)}"
    return f"{head}（{'、'.join(named)}）" if named else head


def _s4_facts(report: Report) -> list[str]:
    parts = []
    review = _s4_block(report, "review", "行政复议")
    if review:
        parts.append(review)
    direct = report.s4.get("litigation_direct_total")
    after = report.s4.get("litigation_after_review_total")
    if direct is not None and after is not None and direct.value == 0 and after.value == 0:
        parts.append("行政诉讼0件")  # both blocks printed 0: no case of either kind
    else:
        blocks = [
            _s4_block(report, "litigation_direct", "未经复议直接起诉"),
            _s4_block(report, "litigation_after_review", "复议后起诉"),
        ]
        if any(blocks):
            parts.append("行政诉讼：" + "，".join(b for b in blocks if b))
    return parts


def facts_text(report: Report) -> str:
    """Table 二/三/四 as one Chinese sentence per table, only from cells the report has;
    a null cell reads 未填报 (or 未能识别), never a number. Empty when there are no tables."""
    clauses = []
    s3 = _s3_facts(report)
    if s3:
        clauses.append(s3)
    clauses += _s4_facts(report)
    s2 = [_amount(label, report.s2[k], unit) for k, label, unit in _S2_FACTS if k in report.s2]
    if s2:
        clauses.append("，".join(s2))
    if not clauses:
        return ""
    who = report.agency or "（机关未识别）"
    when = f"{report.year}年" if report.year else ""
    return f"{who}{when}政府信息公开工作年度报告表格数据：{'；'.join(clauses)}。"
