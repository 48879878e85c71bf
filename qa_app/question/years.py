"""Numbers and years the way questions write them: 9, 九件, 十二, 两千, 二〇二四年, 2022-2024,
近三年, last year. Numerals are read by question/numerals.py, the verifier's own reader.
Relative years are counted from the latest report year in the corpus, not from the calendar:
a corpus that ends in 2024 answers "去年" with 2023 whenever it is asked.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from qa_app.question.numerals import (
    BIG_UNITS,
    CN_NUMERAL,
    NUM,
    SMALL_UNITS,
    parse_any_number,
    parse_chinese_numeral,
)

# A Chinese numeral run only counts as a number next to a unit or a word that expects one,
# so 一共, 一是 and 统一 stay words.
_CN_UNIT_AFTER = "件个份条项次名家位例%"
_CN_CUE_BEFORE = (
    "前",
    "是",
    "为",
    "有",
    "共",
    "超过",
    "于",
    "到",
    "达",
    "了",
    "仅",
    "只有",
    "收到",
)
_ARABIC = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(%|万)?(?![\d.])")
_CN_RUN = re.compile(rf"(百分之)?({CN_NUMERAL})")


@dataclass(frozen=True, slots=True)
class NumberHit:
    """A number found in a question, with where it was."""

    value: float
    start: int
    end: int
    percent: bool = False


def find_numbers(text: str) -> list[NumberHit]:
    """Arabic numbers anywhere; Chinese numerals where they read as a quantity."""
    hits = []
    for m in _ARABIC.finditer(text):
        scale = 10_000 if m.group(2) == "万" else 1
        hits.append(NumberHit(float(m.group(1)) * scale, m.start(), m.end(), m.group(2) == "%"))
    for m in _CN_RUN.finditer(text):
        value = parse_chinese_numeral(m.group(2))
        if value is None or not (m.group(1) or _reads_as_quantity(text, m.start(2), m.end(2))):
            continue
        hits.append(NumberHit(float(value), m.start(), m.end(), bool(m.group(1))))
    return sorted(hits, key=lambda h: h.start)


def _reads_as_quantity(text: str, start: int, end: int) -> bool:
    run = text[start:end]
    if start > 0 and text[start - 1] == "第":
        return False
    if any(c in SMALL_UNITS or c in BIG_UNITS for c in run) and len(run) > 1:
        return True
    after = text[end : end + 1]
    return (bool(after) and after in _CN_UNIT_AFTER) or text[:start].endswith(_CN_CUE_BEFORE)


# ---------------------------------------------------------------- years

_Y = r"(?:(?:19|20)\d{2}|二[〇零][〇零一二三四五六七八九]{2})"
_YEAR_END = r"(?:\s*年度?)?"
_RANGE = re.compile(
    rf"(?:between\s+)?({_Y}){_YEAR_END}\s*(?:-|–|—|~|～|至|到|\bto\b|\bthrough\b|\buntil\b|"
    rf"\btill\b|(?<=\d)\s+and\b)\s*({_Y}){_YEAR_END}",
    re.IGNORECASE,
)
_SINCE = re.compile(
    rf"since\s+({_Y})|({_Y}){_YEAR_END}\s*以来|(?:自|从)({_Y}){_YEAR_END}\s*(?:起|开始)?以来",
    re.IGNORECASE,
)
_SINGLE = re.compile(rf"(?<![\d.]){_Y}(?![\d.])(?!\s*(?:件|个|条|项|次|份|万|元|%))")
_LAST_N = re.compile(
    rf"(?:最近|近|过去|前)\s*({NUM})\s*(?:个)?年|"
    rf"\b(?:the\s+)?(?:last|past|previous|recent)\s+({NUM}|\d+)\s+years\b",
    re.IGNORECASE,
)
_THIS_YEAR = re.compile(r"今年|\bthis year\b|\bcurrent year\b", re.IGNORECASE)
_LAST_YEAR = re.compile(
    r"去年|(?<!from )(?<!from the )(?<!items )\blast year\b(?! (?:items|project))", re.IGNORECASE
)
# The year before: before the year the question names (2024年与上年相比), else the latest.
_YEAR_BEFORE = re.compile(
    r"上一?年(?!度?结转|项目)|上年度(?!结转)|前一年|"
    r"(?<!from )(?<!from the )(?<!items )\b(?:previous|prior) year\b(?! (?:items|project))",
    re.IGNORECASE,
)
_YEAR_BEFORE_LAST = re.compile(r"前年|\bthe year before last\b", re.IGNORECASE)
_RECENT = re.compile(
    r"近几年|近年来?|历年|这几年|\bin recent years\b|\bover the years\b", re.IGNORECASE
)
MAX_RANGE = 30


@dataclass
class YearReading:
    """The years a question names, and which of them were relative to the latest year."""

    years: list[int] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    relative: list[str] = field(default_factory=list)  # expressions resolved from latest_year
    unresolved: list[str] = field(default_factory=list)  # relative, but no latest year known
    span_of_years: bool = False  # a range or "last N years": several years asked as a series
    recent: bool = False  # 近几年 / over the years: all years, as a trend


def _year_value(text: str) -> int:
    return int(text) if text.isdigit() else int(parse_chinese_numeral(text) or 0)


def read_years(text: str, latest: int | None) -> YearReading:
    """Explicit years, ranges, and years relative to `latest` (the corpus' latest year)."""
    out = YearReading()
    taken = [False] * len(text)

    def claim(m: re.Match[str]) -> bool:
        if any(taken[m.start() : m.end()]):
            return False
        taken[m.start() : m.end()] = [True] * (m.end() - m.start())
        out.spans.append((m.start(), m.end()))
        return True

    found: set[int] = set()
    for m in _RANGE.finditer(text):
        a, b = sorted((_year_value(m.group(1)), _year_value(m.group(2))))
        if b - a <= MAX_RANGE and claim(m):
            found.update(range(a, b + 1))
            out.span_of_years = True
    named = set(found)  # the years written out, which 上年 counts back from
    for m in _SINCE.finditer(text):
        start = _year_value(next(g for g in m.groups() if g))
        if claim(m):
            named.add(start)
            found.update(range(start, max(start, latest or start) + 1))
            out.span_of_years = True
            _relative(out, m.group(0), latest)
    for m in _SINGLE.finditer(text):
        if claim(m):
            named.add(_year_value(m.group(0)))
            found.add(_year_value(m.group(0)))
    for m in _LAST_N.finditer(text):
        n = parse_any_number(m.group(1) or m.group(2)) or 0
        if 1 <= n <= MAX_RANGE and claim(m):
            out.span_of_years = True
            if _relative(out, m.group(0), latest) and latest is not None:
                found.update(range(latest - int(n) + 1, latest + 1))
    _relative_years(text, latest, found, named, out, claim)
    for m in _RECENT.finditer(text):
        if claim(m):
            out.recent = True
    out.years = sorted(y for y in found if 1990 <= y <= 2100)
    out.relative.sort(key=text.find)  # in the order the question says them
    return out


def _relative_years(
    text: str,
    latest: int | None,
    found: set[int],
    named: set[int],
    out: YearReading,
    claim: Callable[[re.Match[str]], bool],
) -> None:
    """今年 and 去年 (from the latest year), 前年, and 上年 (from the year named, else latest)."""
    patterns = ((_THIS_YEAR, 0), (_LAST_YEAR, 1), (_YEAR_BEFORE, 1), (_YEAR_BEFORE_LAST, 2))
    for pattern, back in patterns:
        for m in pattern.finditer(text):
            if not claim(m):
                continue
            if pattern is _YEAR_BEFORE and named:
                found.add(max(named) - back)
            elif _relative(out, m.group(0), latest) and latest is not None:
                found.add(latest - back)


def _relative(out: YearReading, expression: str, latest: int | None) -> bool:
    """Record a relative expression; False when there is no latest year to count from."""
    if latest is None:
        out.unresolved.append(expression)
        return False
    out.relative.append(expression)
    return True
