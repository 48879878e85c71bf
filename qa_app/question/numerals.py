"""The one numeral reader lives in `ingest/numerals.py` (ingest reads the narrative's figures
with it for check T1, and ingest may not import qa_app); the planner, the composers and the
verifier import it from here as before."""

from ingest.numerals import (
    BIG_UNITS,
    CN_NUMERAL,
    EN_NUMBER,
    NUM,
    NUMERAL_CHARS,
    SMALL_UNITS,
    NumberKind,
    NumberMatch,
    find_numbers,
    fold,
    parse_any_number,
    parse_chinese_numeral,
    parse_en_number,
)

__all__ = [
    "BIG_UNITS",
    "CN_NUMERAL",
    "EN_NUMBER",
    "NUM",
    "NUMERAL_CHARS",
    "SMALL_UNITS",
    "NumberKind",
    "NumberMatch",
    "find_numbers",
    "fold",
    "parse_any_number",
    "parse_chinese_numeral",
    "parse_en_number",
]
