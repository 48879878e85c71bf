"""Split a report into its six sections by their titles, and find the report's own title.

Titles come as markdown headings (`## 一、总体情况`, `#### 四、…`) or plain lines, with or
without the numeral. A heading is recognised by its words (match_key), so "（一）主动公开情况"
inside section 一 is not mistaken for section 二, and "（一）存在的主要问题" inside 五 is not a
new section. Sections appear in template order; a title that would go backwards is a duplicate
and is reported, not split on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import regex

from ingest.agency_names import title_problem
from ingest.document import DocLine
from ingest.normalize import match_key, to_simplified
from ingest.schema import ParseWarning, Section
from ingest.section_gaps import SectionSpan, recover_sections
from ingest.template import SECTION_NUMERALS, SECTION_TITLES, SectionKey

_ORDER = list(SECTION_NUMERALS)
_HEADING = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?:[-*]\s+)?"
    r"(?P<num>[一二三四五六七]\s*[、.．,，]|第[一二三四五六]部分[、:：]?|[1-7]\s*[、．]|[1-7]\.(?!\d))?"
    r"\s*(?P<title>\S.*?)\s*$"
)
_PAREN_NUMBER = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?:[-*]\s+)?[(（]\s*[一二三四五六七八九十\d]+\s*[)）]"
)
_TITLE_PATTERNS: dict[SectionKey, re.Pattern[str]] = {
    SectionKey.OVERVIEW: re.compile(r"^(政府信息公开)?(工作)?(的)?(总体|基本|概述)(情况)?$"),
    SectionKey.PROACTIVE: re.compile(r"^主动公开政府信息(工作)?(的)?情况(统计)?$"),
    SectionKey.REQUESTS: re.compile(r"^收到和处理政府信息公开申请(的)?情况(统计)?$"),
    SectionKey.APPEALS: re.compile(
        r"^(因)?(政府信息公开)?(工作)?(引起的)?(被申请)?行政复议(和|及|与)?(被提起)?行政诉讼(的)?情况(统计)?$"
    ),
    SectionKey.PROBLEMS: re.compile(
        r"^(政府信息公开工作)?存在的?(主要)?问题(及|和|与|以及)?(下一步)?(的)?(改进|整改)?(情况|措施|计划|方向)?$"
    ),
    SectionKey.OTHER: re.compile(r"^其他需要报告的(事项|情况)$"),
}
# The report's own title: "...2024年(度)政府信息公开工作年度报告" and variants.
_REPORT_TITLE = re.compile(r"政府信息公开.{0,6}(年度报告|年报|工作报告)")
_TITLE_SEARCH_LINES = 25


@dataclass(slots=True)
class SplitResult:
    """The report title (if any), each section's span, and what looked odd."""

    title: DocLine | None
    spans: dict[SectionKey, SectionSpan]
    warnings: list[ParseWarning]

    def body(self, key: SectionKey) -> list[DocLine]:
        span = self.spans.get(key)
        return span.body if span else []

    def sections(self) -> dict[SectionKey, Section]:
        """Section models with the printed text, for the Report record."""
        out: dict[SectionKey, Section] = {}
        for key, span in self.spans.items():
            lines = [ln for ln in span.body if ln is not self.title]
            text = "\n".join(ln.original for ln in lines).strip("\n")
            numbers = [ln.number for ln in ([span.heading] if span.heading else []) + lines]
            out[key] = Section(
                key=key,
                title=_strip_markup(span.heading.original) if span.heading else "",
                text=text,
                start_line=min(numbers) if numbers else None,
                end_line=max(numbers) if numbers else None,
            )
        return out


def _strip_markup(line: str) -> str:
    return re.sub(r"^\s*#{1,6}\s*", "", line).strip()


# Every title pattern contains one of these (in simplified or traditional form): a cheap test
# before the full match, which needs OpenCC, on every line of every report. Several words, so
# that a title with one character misprinted still passes.
_TITLE_WORDS = re.compile(
    r"情况|情況|问题|問題|事项|事項|概述|主动公开|主動公開|申请|申請|复议|復議|诉讼|訴訟|需要报告"
    r"|不足|改进|改進|整改|说明"
)
# The titles as printed by the template (match_key form). A printed title within one wrong,
# dropped or added character of one of these is still the section's title (行政法复议).
_CANONICAL_TITLES: dict[SectionKey, tuple[str, ...]] = {
    SectionKey.PROACTIVE: ("主动公开政府信息情况",),
    SectionKey.REQUESTS: ("收到和处理政府信息公开申请情况",),
    SectionKey.APPEALS: ("政府信息公开行政复议行政诉讼情况", "行政复议行政诉讼情况"),
    SectionKey.PROBLEMS: (
        "政府信息公开工作存在的主要问题及改进情况",
        "存在的主要问题及改进情况",
        "存在的主要问题及整改情况",
    ),
    SectionKey.OTHER: ("其他需要报告的事项",),
}
LONG_TITLE = 12  # characters from which a title may carry two misprints, not one


def _fuzzy_title(forms: tuple[str, ...]) -> regex.Pattern[str]:
    alternatives = [
        f"(?:{form}){{e<={2 if len(form) >= LONG_TITLE else 1}}}"
        for form in sorted(forms, key=len, reverse=True)
    ]
    return regex.compile("|".join(alternatives), regex.BESTMATCH)


_FUZZY_TITLES = {key: _fuzzy_title(forms) for key, forms in _CANONICAL_TITLES.items()}
# Prefix forms of the title patterns, for titles followed by more text on the same line.
_TITLE_PREFIXES = {
    key: re.compile(p.pattern.removesuffix("$")) for key, p in _TITLE_PATTERNS.items()
}
# Titles a report words its own way, recognised only under the section's own numeral
# (五、工作中存在的不足和改进措施, 六、其他事项).
_NUMBERED_TITLE_WORDS: dict[SectionKey, re.Pattern[str]] = {
    SectionKey.PROBLEMS: re.compile(r"问题|不足|改进|整改"),
    SectionKey.OTHER: re.compile(r"^其他.{0,8}(事项|情况|说明)$"),
}
# A comma or a full stop inside: a sentence. Only a title's own words vouch for one that has
# them; the loose "numeral + a word of the section" reading needs a title-like line.
_CLAUSE_BREAK = re.compile(r"[,，;；。]")
MIN_INLINE_TITLE = 4  # characters: 总体 alone is a word, 总体情况 a title
# A section numeral inside running text: not part of （二）, 第二, 十二 or a longer numeral.
_INLINE_NUMERAL = re.compile(r"(?<![(（第十一二三四五六七八九])([一二三四五六])\s*[、.．]\s*")


@dataclass(frozen=True, slots=True)
class HeadingMatch:
    """A section title: which section, and whether it was read despite a misprint."""

    key: SectionKey
    fuzzy: bool = False


def heading_key(text: str) -> SectionKey | None:
    """The section a line is the title of, or None. `text` is one normalized line."""
    found = match_heading(text)
    return found.key if found else None


def match_heading(text: str) -> HeadingMatch | None:
    """The section a whole line is the title of (exactly, else within one character)."""
    if len(text) > 60 or "\t" in text or text.rstrip().endswith("|"):
        return None
    if not _TITLE_WORDS.search(text):
        return None
    if _PAREN_NUMBER.match(text):
        return None
    m = _HEADING.match(text)
    if not m:
        return None
    key_text = match_key(m.group("title"))
    num = m.group("num")
    for key, pattern in _TITLE_PATTERNS.items():
        if pattern.match(key_text):
            return HeadingMatch(key) if not num or _numeral_fits(num, key) else None
    for key, fuzzy in _FUZZY_TITLES.items():
        if fuzzy.fullmatch(key_text) and (not num or _numeral_fits(num, key)):
            return HeadingMatch(key, fuzzy=True)
    if _CLAUSE_BREAK.search(m.group("title")):
        return None  # "5.此外，专栏维护不到位，…": an item of a numbered list, not a title
    for key, words in _NUMBERED_TITLE_WORDS.items():
        if num and _numeral_fits(num, key) and len(key_text) <= 30 and words.search(key_text):
            return HeadingMatch(key)
    return None


@dataclass(frozen=True, slots=True)
class InlineHeading:
    """A numbered section title found inside a line: where it starts and ends."""

    start: int
    end: int
    match: HeadingMatch


def inline_headings(text: str) -> list[InlineHeading]:
    """Numbered section titles anywhere in a line (二、主动公开政府信息情况第二十条…), as in
    crawler dumps that print a whole report on one line. The numeral must be the section's."""
    if not _TITLE_WORDS.search(text):
        return []
    out: list[InlineHeading] = []
    for m in _INLINE_NUMERAL.finditer(text):
        found = _title_at(text, m.end())
        if found is None:
            continue
        key, end, fuzzy = found
        if _numeral_fits(m.group(1), key):
            out.append(InlineHeading(m.start(), end, HeadingMatch(key, fuzzy)))
    return out


def _title_at(text: str, pos: int) -> tuple[SectionKey, int, bool] | None:
    """The section title starting at `pos`: its key, where it ends in `text`, and whether it
    was matched despite a misprint."""
    window = text[pos : pos + 48]
    kept = [(i, ch) for i, ch in enumerate(window) if ch.isalnum()]
    key_text = to_simplified("".join(ch for _, ch in kept)).lower()
    if len(key_text) != len(kept):
        return None
    best: tuple[SectionKey, int, bool] | None = None
    for key, pattern in _TITLE_PREFIXES.items():
        m = pattern.match(key_text)
        if m and m.end() >= MIN_INLINE_TITLE and (best is None or m.end() > best[1]):
            best = (key, m.end(), False)
    if best is None:
        for key, fuzzy in _FUZZY_TITLES.items():
            m = fuzzy.match(key_text)
            if m and (best is None or m.end() > best[1]):
                best = (key, m.end(), True)
    if best is None:
        return None
    key, length, fuzzy = best
    return key, pos + kept[length - 1][0] + 1, fuzzy


def _numeral_fits(num: str, key: SectionKey) -> bool:
    """A printed numeral must be the section's own (一 for 总体情况); digits are lenient."""
    digits = "1234567"
    chinese = "一二三四五六七"
    n = re.sub(r"[^一二三四五六七1-7]", "", num.replace("第", "").replace("部分", ""))
    if not n:
        return True
    index = chinese.index(n[0]) if n[0] in chinese else digits.index(n[0])
    return _ORDER[index] == key if index < len(_ORDER) else False


def find_title(lines: list[DocLine]) -> DocLine | None:
    """The report's title line among the first lines, or None (some reports have none)."""
    seen = 0
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        seen += 1
        if seen > _TITLE_SEARCH_LINES:
            break
        if (
            len(text) <= 80
            and _REPORT_TITLE.search(text.replace(" ", ""))
            and title_problem(text) is None
        ):
            return line
    return None


def split_sections(lines: list[DocLine]) -> SplitResult:
    """Assign every line to the preface or one of the six sections."""
    warnings: list[ParseWarning] = []
    title = find_title(lines)
    spans: dict[SectionKey, SectionSpan] = {}
    current = SectionSpan(SectionKey.PREFACE, None)
    spans[SectionKey.PREFACE] = current
    last_index = -1
    for line in lines:
        heading = match_heading(line.text) if line is not title else None
        key = heading.key if heading else None
        if heading is not None and heading.fuzzy:
            warnings.append(
                ParseWarning(
                    code="label_fuzzy",
                    message=f"line {line.number}: section title {line.text.strip()!r} differs "
                    f"from the template's; read as {SECTION_NUMERALS[heading.key]}、"
                    f"{SECTION_TITLES[heading.key]}",
                    line=line.number,
                )
            )
        if key is not None:
            index = _ORDER.index(key)
            if index > last_index:
                current = SectionSpan(key, line)
                spans[key] = current
                last_index = index
                continue
            warnings.append(
                ParseWarning(
                    code="section_out_of_order",
                    message=f"line {line.number}: heading {line.text.strip()!r} repeats or comes"
                    " after a later section; kept as text of the current section",
                    line=line.number,
                )
            )
        if line is not title:
            current.body.append(line)
    missing = [k for k in _ORDER if k not in spans]
    if missing:
        warnings.append(
            ParseWarning(
                code="section_missing",
                message="section heading(s) not found: " + ", ".join(k.value for k in missing),
            )
        )
    if not any(ln.text.strip() for ln in spans[SectionKey.PREFACE].body):
        del spans[SectionKey.PREFACE]
    warnings += recover_sections(spans)
    ordered = {k: spans[k] for k in [SectionKey.PREFACE, *_ORDER] if k in spans}
    return SplitResult(title=title, spans=ordered, warnings=warnings)
