"""The one numeral reader: Arabic, full-width, Chinese (小写 and 大写, 廿/卅, 点, 万/亿, mixed
with digits) and English numbers, over one table of characters. The planner reads questions
with it (question/years.py, lexicon.py), the composers read passages, the verifier answers.

`find_numbers` finds the figures of a text, each with its span.

The verifier needs every figure an answer states, and only figures. Digits inside report or
passage ids (r2d010da56d67:problems:0), list markers (1. （2）) and numeral characters inside
words (一是, 统一, 三安全一稳定) are not figures a reader would check, so they are skipped; a
Chinese numeral counts when a unit follows it (九件, 两份) or it closes a statement (共九。).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from ingest.normalize import RADICAL_TO_IDEOGRAPH

__all__ = [
    "CN_NUMERAL",
    "EN_NUMBER",
    "NUM",
    "NUMERAL_CHARS",
    "NumberKind",
    "NumberMatch",
    "find_numbers",
    "fold",
    "parse_any_number",
    "parse_chinese_numeral",
    "parse_en_number",
]


class NumberKind(StrEnum):
    NUMBER = "number"  # a count, an amount, a value
    PERCENT = "percent"  # 36.1%, 百分之三十
    YEAR = "year"  # 2024年, 二〇二四年
    ORDINAL = "ordinal"  # 第3, 第三: a position, not a quantity
    MARKER = "marker"  # list numbering: "1." "（2）" at the start of an item


@dataclass(frozen=True, slots=True)
class NumberMatch:
    """One number found in a text: where, what it says, and how it was written."""

    text: str
    start: int
    end: int
    value: Decimal
    kind: NumberKind
    decimals: int | None = None  # digits after the point as printed; None for Chinese numerals


# ------------------------------------------------------------------ the one table
# Every numeral character the planner, the composers and the verifier read, in one place:
# 小写 and 大写 digits, the small units, 廿/卅, 万/亿, and 点 for decimals (三十六点一).
DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
          "七": 7, "八": 8, "九": 9, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6,
          "柒": 7, "捌": 8, "玖": 9}  # fmt: skip
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
TENS = {"廿": 20, "卅": 30}
BIG_UNITS = {"万": 10**4, "亿": 10**8}
POINT = "点"
NUMERAL_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(TENS) + "".join(BIG_UNITS)
POSITIONAL = "〇零一二三四五六七八九"  # digits read one by one: 二〇二四, 三十六点一
# A run of Chinese numeral characters, with its decimals: a regex, for patterns over text.
CN_NUMERAL = f"[{NUMERAL_CHARS}]+(?:{POINT}[{POSITIONAL}]+)?"
EN_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
           "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
           "eighteen", "nineteen"]  # fmt: skip
_EN_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
EN_TENS = {w: 10 * i for i, w in enumerate(_EN_TENS, 2)}
EN_WORDS = {**{w: i for i, w in enumerate(EN_ONES)}, **EN_TENS, "hundred": 100}
_EN_WORD = "|".join(sorted(EN_WORDS, key=len, reverse=True))
EN_NUMBER = rf"(?:{_EN_WORD})(?:[- ](?:{_EN_WORD}))?"
# One number as a question writes it (Arabic, Chinese or English), for patterns such as 前{N}.
NUM = rf"(?:\d+(?:\.\d+)?|{CN_NUMERAL}|\b{EN_NUMBER}\b)"

_CN_RUN = re.compile(CN_NUMERAL)
_BIG = "".join(BIG_UNITS)
_ARABIC = re.compile(r"(?<!\d)(?<!\d\.)(\d{1,3}(?:,\d{3})+(?!\d)|\d+)(\.\d+)?")
# Ids: ASCII words of letters and digits (r2d010da56d67, H1, s3), joined by : _ -.
_IDENT = re.compile(r"[A-Za-z0-9_]+(?:[:\-][A-Za-z0-9_]+)*")
_UNIT = re.compile(
    r"(?:余|多)?(?:件次|人次|万元|亿元|个月|件|份|个|项|次|条|家|名|人|元|起|例|篇|期|场|批|天|日|"
    r"月|倍|位|所|座|户|张|页)"
)
# A lone 一 before these is a word (一个, 一次, 一人), not a count anyone would verify.
_LONE_ONE_UNITS = ("件", "份", "万元", "元", "例", "余件", "多件")
_STATEMENT_WORDS = "共计为达非有是到至约"
_STATEMENT_END = "。，；、：,.;:!?！？）)\n "
_ITEM_START = "\n；;：:。"  # a list marker follows one of these (or the start of the text)
_BULLETS = " \t-*#>•"


def fold(text: str) -> str:
    """Same-length canonical form: full-width digits and signs, compatibility and radical
    characters mapped one to one, so a span in the folded text is a span in the original."""
    for ch in set(text).difference(_FOLDED_SEEN):
        _FOLDED_SEEN.add(ch)
        cp = ord(ch)
        if cp in RADICAL_TO_IDEOGRAPH:
            _FOLDED[cp] = chr(RADICAL_TO_IDEOGRAPH[cp])
            continue
        norm = unicodedata.normalize("NFKC", ch)
        if len(norm) == 1 and norm != ch:
            _FOLDED[cp] = norm
    return text.translate(_FOLDED)


# fold's table, filled per character on first sight (NFKC per character is slow on long text).
_FOLDED: dict[int, str] = {}
_FOLDED_SEEN: set[str] = set()


def _section(text: str) -> int | None:
    """A numeral below 10000 (两千三百零五, 十二, 廿三); None if it is not one."""
    total, current, seen = 0, None, False
    for ch in text:
        if ch in DIGITS:
            current = DIGITS[ch] if ch not in "〇零" else None
            seen = True
        elif ch in SMALL_UNITS:
            total += (1 if current is None else current) * SMALL_UNITS[ch]
            current, seen = None, True
        elif ch in TENS:
            total += TENS[ch]
            current, seen = None, True
        else:
            return None
    if not seen:
        return None
    return total + (current or 0)


def _integer(text: str) -> int | None:
    """A Chinese integer with 万 and 亿 sections (一亿二千万, 十万零五)."""
    if not text:
        return None
    for unit, factor in sorted(BIG_UNITS.items(), key=lambda item: -item[1]):
        if unit in text:
            high, _, low = text.partition(unit)
            high_value = _integer(high) if high else 1
            low_value = _integer(low) if low else 0
            if high_value is None or low_value is None:
                return None
            return high_value * factor + low_value
    if len(text) >= 2 and all(ch in POSITIONAL for ch in text):
        return int("".join(str(DIGITS[ch]) for ch in text))  # 二〇二四 -> 2024
    return _section(text)


def _counts(whole: str) -> bool:
    """A unit alone (万, 千万, 百) is a word, not a number; 十 and 廿 count by themselves."""
    return any(ch in DIGITS or ch in TENS for ch in whole) or whole.startswith(("十", "拾"))


def _chinese_decimal(text: str) -> Decimal | None:
    whole, point, frac = text.partition(POINT)
    value = _integer(whole) if _counts(whole) else None
    if value is None:
        return None
    if not point:
        return Decimal(value)
    if not frac or any(ch not in POSITIONAL for ch in frac):
        return None
    return Decimal(f"{value}.{''.join(str(DIGITS[ch]) for ch in frac)}")


def _as_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def parse_chinese_numeral(text: str) -> int | float | None:
    """The number a Chinese (or mixed) numeral spells: 两千三百零五 -> 2305, 1.5万 -> 15000,
    第三 -> 3, 二〇二四 -> 2024, 三十六点一 -> 36.1, 廿三 -> 23, 叁拾 -> 30; None if `text` is
    not a numeral (万 alone is a unit, not a number)."""
    t = fold(text).strip().replace(",", "")
    t = t.removeprefix("第")
    mixed = re.fullmatch(rf"(\d+(?:\.\d+)?)([{_BIG}]*)", t)
    if mixed:
        value = Decimal(mixed.group(1))
        for unit in mixed.group(2):
            value *= BIG_UNITS[unit]
        return _as_number(value)
    parsed = _chinese_decimal(t)
    return None if parsed is None else _as_number(parsed)


def parse_en_number(text: str) -> int | None:
    """nine -> 9, twenty-five -> 25, two hundred -> 200."""
    value = 0
    for word in re.split(r"[- ]+", text.lower().strip()):
        if word not in EN_WORDS:
            return None
        value = value * 100 if word == "hundred" else value + EN_WORDS[word]
    return value


def parse_any_number(text: str) -> float | None:
    """A NUM match (Arabic, Chinese or English) as a number."""
    text = text.strip().rstrip("%")
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    value = parse_chinese_numeral(text)
    if value is None:
        value = parse_en_number(text)
    return None if value is None else float(value)


# ------------------------------------------------------------------ finding numbers


def _ident_spans(text: str) -> list[tuple[int, int]]:
    """Spans of id-like words that mix ASCII letters and digits: their digits are not numbers."""
    return [
        m.span()
        for m in _IDENT.finditer(text)
        if re.search(r"[A-Za-z]", m.group()) and re.search(r"\d", m.group())
    ]


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _item_start(text: str, pos: int) -> bool:
    """True if only bullets or spaces separate `pos` from a line or sentence boundary."""
    i = pos - 1
    while i >= 0 and text[i] in _BULLETS:
        i -= 1
    return i < 0 or text[i] in _ITEM_START


def _arabic_kind(text: str, start: int, end: int, integer: bool) -> NumberKind:
    before = text[start - 1] if start else ""
    after = text[end : end + 1]
    if after == "%":
        return NumberKind.PERCENT
    if before == "第":
        return NumberKind.ORDINAL
    short = end - start <= 2  # list numbering stays below 100; 2023、2024年 is not a list
    if integer and short and after in (".", "、") and _item_start(text, start):
        return NumberKind.MARKER  # "1. 借鉴…", "；2、…"
    if (
        integer
        and short
        and before in "(（"
        and after in (")", "）")
        and _item_start(text, start - 1)
    ):
        return NumberKind.MARKER  # "（1）加强…"
    if integer and end - start == 4 and text.startswith("年", end):
        return NumberKind.YEAR
    return NumberKind.NUMBER


def _arabic(text: str, idents: list[tuple[int, int]]) -> list[NumberMatch]:
    found: list[NumberMatch] = []
    for m in _ARABIC.finditer(text):
        start, end = m.span()
        if _inside(start, idents):
            continue
        value = Decimal(m.group(0).replace(",", ""))
        decimals = len(m.group(2)) - 1 if m.group(2) else 0
        kind = _arabic_kind(text, start, end, m.group(2) is None)
        span_end = end
        multiplier = re.match(f"[{_BIG}]+", text[end:])
        if (
            kind is NumberKind.NUMBER
            and multiplier
            and not text.startswith("元", multiplier.end() + end)
        ):
            for unit in multiplier.group(0):
                value *= BIG_UNITS[unit]
            span_end = end + multiplier.end()
            decimals = None
        found.append(NumberMatch(text[start:span_end], start, span_end, value, kind, decimals))
    return found


def _chinese_kind(text: str, start: int, end: int, run: str) -> NumberKind | None:
    before = text[max(0, start - 3) : start]
    after = text[end:]
    if before.endswith("第"):
        return NumberKind.ORDINAL
    if before.endswith("百分之"):
        return NumberKind.PERCENT
    if after.startswith("%"):
        return NumberKind.PERCENT
    if len(run) == 4 and all(ch in POSITIONAL for ch in run) and after.startswith("年"):
        return NumberKind.YEAR
    if all(ch in "百佰千仟万亿" for ch in run):
        return None  # 千万, 万一: words
    unit = _UNIT.match(after)
    if unit:
        if run == "一" and unit.group(0) not in _LONE_ONE_UNITS:
            return None
        return NumberKind.NUMBER
    closes = not after or after[0] in _STATEMENT_END
    if before and before[-1] in _STATEMENT_WORDS and closes:
        return NumberKind.NUMBER
    return None


def _chinese(text: str, taken: list[tuple[int, int]]) -> list[NumberMatch]:
    found: list[NumberMatch] = []
    for m in _CN_RUN.finditer(text):
        start, end = m.span()
        run = m.group(0)
        if _inside(start, taken):
            continue
        if run.endswith("万") and text.startswith("元", end) and len(run) > 1:
            run, end = run[:-1], end - 1  # 三万元: 3 in 万元, the table's money unit
        kind = _chinese_kind(text, start, end, run)
        value = _chinese_decimal(run)
        if kind is None or value is None:
            continue
        if kind is NumberKind.PERCENT and text[max(0, start - 3) : start] == "百分之":
            start -= 3
        found.append(NumberMatch(text[start:end], start, end, value, kind, None))
    return found


def find_numbers(text: str) -> list[NumberMatch]:
    """Every number in `text`, in order, with spans into `text` as given."""
    folded = fold(text)
    idents = _ident_spans(folded)
    arabic = _arabic(folded, idents)
    taken = [(m.start, m.end) for m in arabic]
    found = arabic + _chinese(folded, taken)
    return [
        NumberMatch(text[m.start : m.end], m.start, m.end, m.value, m.kind, m.decimals)
        for m in sorted(found, key=lambda m: m.start)
    ]
