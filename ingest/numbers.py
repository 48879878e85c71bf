"""Reading one table cell: a number, a zero, a blank, a not-applicable mark, or text.

Blank and "/", "-", "—", "无", "不适用" are null, never 0 (the design's first rule of cells).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ingest.normalize import normalize_text
from ingest.schema import Cell, CellStatus, Source

NA_SPELLINGS = frozenset({"/", "／", "\\", "-", "－", "—", "——", "–", "无", "不适用", "n/a", "na"})
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_PLAIN = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_LEADING_ZERO = re.compile(r"^[+-]?0\d")
# Beyond these a printed figure is not a count or an amount of any real report (a 40-digit
# "count" is damage or an attack): it is stored as text with a warning, never as a number, so no
# float ever rounds it and no answer cites it as verified.
MAX_MAGNITUDE = 10**9
MAX_DECIMALS = 4  # with MAX_MAGNITUDE: at most 14 significant digits, exact in a float
_UNIT_SUFFIX = re.compile(r"(?:件次|件|条|个|项|次|人次|万元)$")
# A token that reads as a cell value on its own (used when splitting rows into cells).
VALUE_TOKEN = re.compile(r"^(?:[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[+-]?\d+(?:\.\d+)?)$")


def is_value_token(token: str) -> bool:
    """True if `token` is a bare number (digits, optional sign, decimals, 1,234 grouping)."""
    return bool(VALUE_TOKEN.match(token.strip()))


# A run of dashes or slashes ("---", "//"): n/a marks of cells that ran together.
_MARK_RUN = re.compile(r"^[-－—–/／\\]+$")


def is_na_token(token: str) -> bool:
    """True if `token` is one of the not-applicable spellings (or a run of such marks)."""
    text = token.strip().lower()
    return text in NA_SPELLINGS or bool(_MARK_RUN.match(text))


def parse_number(text: str, *, normalized: bool = False) -> int | float | None:
    """parse_exact with decimals as floats: for layout arithmetic (column sums that place
    cells), never for a stored value."""
    value = parse_exact(text, normalized=normalized)
    return float(value) if isinstance(value, Decimal) else value


def parse_exact(text: str, *, normalized: bool = False) -> int | Decimal | None:
    """The number `text` spells, exactly, or None: an int when integral as printed, else the
    Decimal of its digits (2561.768, never a binary approximation). A figure above
    MAX_MAGNITUDE or with more than MAX_DECIMALS decimals is None: not plausibly a cell value."""
    t = (text if normalized else normalize_text(text)).strip().replace(" ", "")
    if t.isascii() and t.isdigit():  # the common case: a plain count
        return int(t) if len(t) <= 10 and int(t) <= MAX_MAGNITUDE else None
    t = _UNIT_SUFFIX.sub("", t)
    if not (_PLAIN.match(t) or _GROUPED.match(t)):
        return None
    try:
        d = Decimal(t.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regexes only admit valid decimals
        return None
    if not is_plausible(d):
        return None
    return int(d) if d == d.to_integral_value() and "." not in t else d


def exact_decimal(value: int | float | Decimal) -> Decimal:
    """The exact decimal a number spells: ints and Decimals as they are, a float (a claim, a
    rate, a REAL column) as the digits of its shortest repr (2561.768, never its binary
    approximation)."""
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def is_plausible(value: Decimal) -> bool:
    """Within MAX_MAGNITUDE and MAX_DECIMALS: a float holds it exactly to its printed digits."""
    exponent = value.as_tuple().exponent
    return abs(value) <= MAX_MAGNITUDE and isinstance(exponent, int) and -exponent <= MAX_DECIMALS


def is_implausible_figure(raw: str) -> bool:
    """`raw` spells a number that parse_number refuses as implausible (too big, too precise)."""
    t = normalize_text(raw).strip().replace(" ", "")
    t = _UNIT_SUFFIX.sub("", t)
    if not (_PLAIN.match(t) or _GROUPED.match(t)):
        return False
    return not is_plausible(Decimal(t.replace(",", "")))


def parse_cell(
    raw: str, source: Source | None = None, *, money: bool = False, normalized: bool = False
) -> Cell:
    """Classify one printed cell. `money` keeps decimals like 2561.768 as they are;
    `normalized` says `raw` already went through normalize_text (table tokens have)."""
    text = (raw if normalized else normalize_text(raw)).strip()
    plain = text.isascii() and text.isdigit()  # most cells: a plain count, never an n/a mark
    if not text:
        return Cell(value=None, raw=raw, status=CellStatus.EMPTY, source=source)
    if not plain and is_na_token(text):
        return Cell(value=None, raw=raw, status=CellStatus.NA, source=source)
    value = parse_exact(text, normalized=True)
    if value is None:
        return Cell(value=None, raw=raw, status=CellStatus.TEXT, source=source)
    if not money and (isinstance(value, Decimal) or _LEADING_ZERO.match(text)):
        # A count has no decimals and no leading zero: "10.0000" under 采购项目数量 or "03"
        # are cells run together, not counts.
        return Cell(value=None, raw=raw, status=CellStatus.TEXT, source=source)
    status = CellStatus.ZERO if value == 0 else CellStatus.NUMBER
    return Cell(value=value, raw=raw, status=status, source=source)


def missing_cell(source: Source | None = None, raw: str = "") -> Cell:
    """A cell the source should have had but that could not be found."""
    return Cell(value=None, raw=raw, status=CellStatus.MISSING, source=source)
