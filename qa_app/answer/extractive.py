"""Extractive summaries of narrative sections: the points a report enumerates, each kept with
the passage it came from. Nothing is generated; a point is a slice of the report's text.

Reports enumerate their problems and measures in a few ways (一是…二是…; 1. 2.; （一）（二）;
第一，第二，; 如：A、B等; A；B；C), often under two headings (存在的主要问题 / 改进情况). Retrieved
passages overlap by a sentence, so a report's passages are first joined back into one text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest.normalize import RADICAL_TO_IDEOGRAPH
from qa_app.execution.evidence import Citation
from qa_app.question.numerals import fold, parse_chinese_numeral

__all__ = [
    "BUCKETS",
    "Part",
    "PartKind",
    "Point",
    "ReportSummary",
    "bucket_reports",
    "extract_points",
    "join_passages",
    "split_parts",
    "summarize_passages",
]

MIN_OVERLAP = 4  # shortest text shared by two passages that counts as their overlap
WRAP_MIN = 40  # a line this long ending without punctuation is a hard wrap, not a break
FIRST_SENTENCES = 2  # stand in for points when a section enumerates none
FIRST_SENTENCES_MAX = 150


class PartKind:
    PROBLEMS = "problems"
    IMPROVEMENTS = "improvements"
    WHOLE = ""


@dataclass(frozen=True)
class Point:
    """One extracted point and the passage(s) it was read from."""

    text: str
    citations: tuple[Citation, ...]


@dataclass
class Part:
    """A headed part of a section (存在的问题 / 改进情况), or the whole section."""

    kind: str
    points: list[Point] = field(default_factory=list)
    enumerated: bool = True


@dataclass
class ReportSummary:
    report_id: str
    agency: str | None
    year: int | None
    parts: list[Part] = field(default_factory=list)

    @property
    def problem_points(self) -> list[Point]:
        """Points about problems: the problems part, else the whole section's points."""
        problems = [p for part in self.parts if part.kind == PartKind.PROBLEMS for p in part.points]
        if problems:
            return problems
        return [p for part in self.parts if part.kind == PartKind.WHOLE for p in part.points]


# ------------------------------------------------------------------ joining passages


@dataclass
class Joined:
    """A report's passages of one section joined into one text, overlaps removed."""

    text: str
    pieces: list[tuple[int, int, Citation]]

    def cites(self, start: int, end: int) -> tuple[Citation, ...]:
        """The passage holding [start, end) whole, else every passage it touches."""
        for s, e, c in self.pieces:
            if s <= start and end <= e:
                return (c,)
        return tuple(c for s, e, c in self.pieces if s < end and start < e)


def _position(c: Citation) -> int:
    """The passage's number in its id (report:section:N), the reading order without offsets."""
    tail = c.passage_id.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def _offset(c: Citation) -> int:
    return c.start if c.start is not None else _position(c)


def _text_overlap(left: str, right: str) -> int:
    for k in range(min(len(left), len(right)), MIN_OVERLAP - 1, -1):
        if left.endswith(right[:k]):
            return k
    return 0


def join_passages(passages: Sequence[Citation]) -> Joined:
    """Join one report's passages of a section in reading order, each overlap kept once:
    by their offsets in the section when they all have them, else by their text."""
    unique = list({c.passage_id: c for c in passages}.values())
    offsets = all(c.start is not None and c.end is not None for c in unique)
    text, pieces, source_end = "", [], 0
    for c in sorted(unique, key=_offset if offsets else _position):
        if offsets:
            shared = max(0, min(source_end - _offset(c), len(c.text))) if pieces else 0
            source_end = max(source_end, c.end or 0)
        else:
            shared = _text_overlap(text, c.text)
        if shared >= len(c.text):
            continue  # wholly inside what is already joined
        if text and not shared:
            text += "\n"
        begin = len(text) - shared
        text += c.text[shared:]
        pieces.append((begin, begin + len(c.text), c))
    return Joined(text, pieces)


# ------------------------------------------------------------------ headings and parts

_PROBLEM_WORDS = (
    "存在的主要问题", "存在的问题", "存在问题", "主要问题", "问题与不足", "问题和不足",
    "存在的不足", "不足之处",
)  # fmt: skip
_IMPROVE_WORDS = (
    "改进情况", "改进措施", "整改措施", "整改情况", "改进方向", "下一步工作计划", "下一步工作打算",
    "下一步工作安排", "下一步计划", "下一步打算", "下一步工作", "下步工作", "今后工作打算",
    "工作计划", "工作打算", "努力方向",
)  # fmt: skip
_CN = "一二三四五六七八九十"
_HEADING = re.compile(
    rf"^[ \t]*(?:[#>*\-•][ \t]*)*(?:[(（][{_CN}\d]+[)）]|[{_CN}]+[、.]|\d+[.、])?[ \t]*"
    rf"(?P<word>{'|'.join(_PROBLEM_WORDS + _IMPROVE_WORDS)})(?P<rest>[^\n]*)",
    re.M,
)


def _heading_kind(word: str, rest: str) -> tuple[str, int] | None:
    """(kind, length of the heading after the word) if this line starts a part, else None."""
    kind = PartKind.PROBLEMS if word in _PROBLEM_WORDS else PartKind.IMPROVEMENTS
    colon = re.match(r"[^\n:：。,，;；]{0,16}?[:：]", rest)
    if colon:
        head = rest[: colon.end()]
    elif len(rest.strip()) <= 16 and not re.search(r"[。,，;；]", rest):
        head = rest
    else:
        return None
    if kind == PartKind.PROBLEMS and re.search("改进|整改|措施", head):
        return None  # 存在的主要问题及改进情况: the section's own title
    return kind, len(head)


def split_parts(text: str) -> list[tuple[str, int, int]]:
    """(kind, start, end) of each headed part; one WHOLE part when there are no headings.
    Text before the first heading (a preamble) is left out."""
    folded = fold(text)
    heads: list[tuple[str, int, int]] = []  # kind, line start, content start
    for m in _HEADING.finditer(folded):
        found = _heading_kind(m.group("word"), m.group("rest"))
        if found:
            kind, length = found
            heads.append((kind, m.start(), m.start("rest") + length))
    if not heads:
        return [(PartKind.WHOLE, 0, len(text))]
    ends = [start for _, start, _ in heads[1:]] + [len(text)]
    return [(kind, content, end) for (kind, _, content), end in zip(heads, ends, strict=True)]


# ------------------------------------------------------------------ points

_TERMINAL = "。！？!?;；"
_AFTER = r"(?:^|(?<=[\s。;；:：,，]))"
_YI_SHI = re.compile(rf"{_AFTER}(?P<n>[{_CN}]+)是", re.M)
_ITEM = r"(?:^|(?<=[\n。;；:：]))[ \t#>*\-•]*"
_STYLES = (
    re.compile(rf"{_ITEM}(?P<n>\d{{1,2}})[.、．](?!\d)", re.M),
    re.compile(rf"{_ITEM}[(（](?P<n>\d{{1,2}})[)）]", re.M),
    re.compile(rf"{_ITEM}[(（](?P<n>[{_CN}]+)[)）]", re.M),
    re.compile(rf"{_ITEM}(?P<n>[{_CN}]+)、", re.M),
    re.compile(rf"{_AFTER}第(?P<n>[{_CN}]+)[,，、:：]", re.M),
)
_SUCH_AS = re.compile(
    r"(?:例如|比如|如|主要是|主要有|主要表现为|主要表现在|表现在)[:：](?P<items>[^。;；\n]+)"
)


def _sequence(matches: list[re.Match[str]]) -> list[re.Match[str]]:
    """The markers that count 1, 2, 3 … in order (a list may start again at 1)."""
    taken: list[re.Match[str]] = []
    expected = 1
    for m in matches:
        n = parse_chinese_numeral(m.group("n"))
        if n == expected or (n == 1 and expected > 2):
            taken.append(m)
            expected = int(n) + 1
    return taken if len(taken) >= 2 else []


def _first_sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The item's first sentence: up to 。；!? or a real line break (hard wraps are joined)."""
    line_start = text.rfind("\n", 0, start) + 1
    for i in range(start, end):
        ch = text[i]
        if ch in _TERMINAL:
            return start, i
        if ch == "\n":
            line = text[line_start:i].strip()
            if line and (len(line) < WRAP_MIN or line[-1] in _TERMINAL + "：:"):
                return start, i
            line_start = i + 1
    return start, end


def _items(folded: str, markers: list[re.Match[str]], end: int) -> list[tuple[int, int]]:
    bounds = [m.start() for m in markers[1:]] + [end]
    return [_first_sentence(folded, m.end(), b) for m, b in zip(markers, bounds, strict=True)]


def _listed(folded: str, start: int, end: int) -> list[tuple[int, int]]:
    """'如：A、B等' or 'A；B；C' in the part's first sentence."""
    chunk = folded[start:end]
    m = _SUCH_AS.search(chunk)
    if m:
        items, pos = [], start + m.start("items")
        for piece in m.group("items").split("、"):
            items.append((pos, pos + len(piece.removesuffix("等"))))
            pos += len(piece) + 1
        if len(items) >= 2 and all(e - s >= 5 for s, e in items):
            return items
    first = re.search(r"[。！？!?]", chunk)
    sentence_end = start + first.start() if first else end
    lead = re.match(r"[^:：]*[:：]", folded[start:sentence_end])
    begin = start + lead.end() if lead and lead.end() < 40 else start
    pieces = re.split(r"[;；]", folded[begin:sentence_end])
    if len(pieces) >= 2:
        spans, pos = [], begin
        for piece in pieces:
            spans.append((pos, pos + len(piece)))
            pos += len(piece) + 1
        return [(s, e) for s, e in spans if folded[s:e].strip()]
    return []


def _first_sentences(folded: str, start: int, end: int) -> tuple[int, int]:
    """The first FIRST_SENTENCES sentences (fewer if that would pass FIRST_SENTENCES_MAX)."""
    stop, taken = start, 0
    for m in re.finditer(r"[。！？!?]", folded[start:end]):
        if taken == FIRST_SENTENCES or (taken and m.end() > FIRST_SENTENCES_MAX):
            break
        stop, taken = start + m.end(), taken + 1
    return start, stop if taken else end


def extract_points(
    text: str, start: int = 0, end: int | None = None
) -> tuple[list[tuple[int, int]], bool]:
    """Spans of the points enumerated in text[start:end], and whether they were enumerated
    (False: the first sentences stand in for points)."""
    end = len(text) if end is None else end
    folded = fold(text)
    for style in (_YI_SHI, *_STYLES):
        markers = _sequence(list(style.finditer(folded, start, end)))
        if markers:
            return _items(folded, markers, end), True
    listed = _listed(folded, start, end)
    if listed:
        return listed, True
    return [_first_sentences(folded, start, end)], False


def _display(text: str) -> str:
    """A point as shown: radicals mapped, hard wraps joined, edge punctuation dropped."""
    chars = []
    for ch in text:
        cp = ord(ch)
        if 0x2F00 <= cp <= 0x2FDF:
            ch = unicodedata.normalize("NFKC", ch)
        chars.append(chr(RADICAL_TO_IDEOGRAPH[cp]) if cp in RADICAL_TO_IDEOGRAPH else ch)
    shown = re.sub(r"[ \t]*\n[ \t\n]*", "", "".join(chars))
    shown = re.sub(r"[ \t]{2,}", " ", shown)
    return shown.strip(" \t,，;；:：、。")


def _summarize_one(passages: Sequence[Citation]) -> ReportSummary:
    joined = join_passages(passages)
    first = passages[0]
    summary = ReportSummary(first.report_id, first.agency, first.year)
    seen: set[str] = set()
    for kind, start, end in split_parts(joined.text):
        spans, enumerated = extract_points(joined.text, start, end)
        part = Part(kind, enumerated=enumerated)
        for s, e in spans:
            shown = _display(joined.text[s:e])
            if shown and shown not in seen:
                seen.add(shown)
                part.points.append(Point(shown, joined.cites(s, e)))
        if part.points:
            summary.parts.append(part)
    return summary


def summarize_passages(passages: Sequence[Citation]) -> list[ReportSummary]:
    """One summary per report, in the order the reports' passages first appear."""
    by_report: dict[str, list[Citation]] = {}
    for c in passages:
        by_report.setdefault(c.report_id, []).append(c)
    return [_summarize_one(group) for group in by_report.values()]


# ------------------------------------------------------------------ cross-report buckets

# (zh, en, keywords): a problem point falls in every bucket one of whose keywords it contains.
BUCKETS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("平台建设/网站", "platform and website", ("平台", "网站", "栏目", "门户", "公众号", "新媒体")),
    ("政策解读", "policy interpretation", ("解读",)),
    ("依申请公开", "disclosure on request", ("依申请",)),
    ("人员/培训", "staff and training", ("人员", "培训", "队伍", "身兼多职", "业务能力")),
    ("时效/更新", "timeliness and updates", ("时效", "及时", "更新", "随生成随公开")),
    ("监督考核", "supervision and assessment", ("监督", "考核", "督查", "督察", "问责", "评议")),
    ("公开内容/范围", "scope of disclosure",
     ("覆盖面", "公开范围", "公开内容", "信息数量", "主动公开")),
    ("互动回应", "interaction and response", ("互动", "回应", "舆情", "关切")),
)  # fmt: skip


def bucket_reports(
    summaries: Sequence[ReportSummary],
) -> list[tuple[str, str, list[ReportSummary]]]:
    """Each bucket with the reports that have a problem point in it (empty buckets dropped)."""
    result = []
    for zh, en, words in BUCKETS:
        members = [
            s for s in summaries if any(w in p.text for p in s.problem_points for w in words)
        ]
        if members:
            result.append((zh, en, members))
    return result
