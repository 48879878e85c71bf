"""The words of agency names: how people shorten the department part (人民政府办公室 -> 政府办,
卫生健康委员会 -> 卫健委), and how to tell an agency-like or region-like name in a question from
ordinary words (火星市气象局 is a name; 全县, 城市 and 哪些区 are not). The words are data
(vocabulary/agencies.toml); qa_app/question/agencies.py uses them to index stored names and to
notice names the corpus does not have.
"""

from __future__ import annotations

import re

from ingest.gazetteer import GENERIC_PLACE_ENDINGS
from ingest.normalize import match_key
from qa_app.question.vocabulary import agency_words

_WORDS = agency_words()  # agencies.toml, validated when the planner is first imported
# The department part of a name -> the short forms people use for it.
ABBREVIATIONS = _WORDS.abbreviations
# Generic endings shortened by rule when no abbreviation is listed: 委员会 -> 委, 管理局 -> 局.
RULE_ENDINGS = _WORDS.rule_endings
# Short forms too generic to name a department on their own, without a region in front.
NOT_STANDALONE = _WORDS.not_standalone
# A level character in front of these departments names them at that level (县政府办).
LEVEL_DEPARTMENTS = _WORDS.level_departments
LEVEL_CHARS = _WORDS.level_chars
# Words a question puts before a name that are not part of it (请问火星市气象局).
LEADING_FILLERS = _WORDS.leading_fillers
# Department endings that mark an agency-like name the corpus may not have (火星市气象局).
AGENCY_ENDINGS = _WORDS.agency_endings
# Mentions that look agency-like but name no particular agency.
GENERIC_MENTIONS = _WORDS.generic_mentions
# First characters that make a region-like word a pronoun or a quantifier (全县, 该市, 哪些区).
NOT_NAME_START = _WORDS.not_name_start
NOT_AGENCY_START = _WORDS.not_agency_start
# Characters that end a name when reading outwards from it (2024年火星市…, …的教育局).
BOUNDARY = _WORDS.boundary

_REGION = r"[\u4e00-\u9fff]{1,6}?(?:自治县|自治旗|自治州|自治区|县|市|区|旗|省)"
REGION_AT_START = re.compile(rf"^{_REGION}")
_REGION_WHOLE = re.compile(rf"^{_REGION}$")
AGENCY_LIKE = re.compile(rf"[\u4e00-\u9fff]{{1,12}}?(?:{'|'.join(AGENCY_ENDINGS)})")


def department_forms(department: str) -> set[str]:
    """人民政府办公室 -> {人民政府办公室, 政府办公室, 政府办, …}; 卫生健康委员会 -> {…, 卫健委}."""
    forms = {department, *ABBREVIATIONS.get(department, ())}
    for ending, short in RULE_ENDINGS:
        if department.endswith(ending) and len(department) > len(ending) + 1:
            forms.add(department[: -len(ending)] + short)
    return {match_key(f) for f in forms}


def plausible_region(name: str) -> bool:
    """示例县 and 火星市 may be places; 全县, 城市 and 开发区 are words."""
    if "多少" in name or "几个" in name:  # 多少个地区: a question about places, not one
        return False
    if not all(is_cjk(c) for c in name):  # 部分公开(区分处理…: a label, not a place
        return False
    return name[0] not in NOT_NAME_START and not name.endswith(GENERIC_PLACE_ENDINGS)


def plausible_agency(mention: str) -> bool:
    """火星市气象局 may be an agency; 本机关, 各局 and 多少…局 are not names."""
    return (
        len(mention) >= 3
        and mention not in GENERIC_MENTIONS
        and mention[0] not in NOT_AGENCY_START
        and "多少" not in mention
    )


def strip_fillers(segment: str) -> tuple[int, str]:
    """请问火星市气象局 -> (2, 火星市气象局): the offset and the rest."""
    offset, stripped = 0, True
    while stripped:
        stripped = False
        for filler in LEADING_FILLERS:
            if segment[offset:].startswith(filler) and len(segment) - offset > len(filler):
                offset += len(filler)
                stripped = True
    return offset, segment[offset:]


def is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def segments(keyed: str, blocked: set[int]) -> list[tuple[int, str]]:
    """Runs of Chinese characters not covered by a known name, split at particles (的, 年)."""
    out, start = [], None
    for i, char in enumerate([*keyed, " "]):
        inside = i not in blocked and is_cjk(char) and char not in BOUNDARY
        if inside and start is None:
            start = i
        elif not inside and start is not None:
            out.append((start, keyed[start:i]))
            start = None
    return out


def region_before(keyed: str, start: int, covered: set[int]) -> int | None:
    """Where an unknown region-like name starts that ends at `start` (火星市 + 教育局), if any."""
    begin = start
    while begin > 0 and begin - 1 not in covered and is_cjk(keyed[begin - 1]):
        if keyed[begin - 1] in BOUNDARY:
            break
        begin -= 1
    offset, run = strip_fillers(keyed[begin:start])
    if run and _REGION_WHOLE.match(run) and plausible_region(run):
        return begin + offset
    return None


_NOT_A_PLACE_START = "各本全我该每其此这那哪某"


def place_before_level(keyed: str, level_at: int, covered: set[int]) -> int | None:
    """Where a place name starts whose last character is the level character at `level_at`
    (上海 + 市人民政府: the form took the 市 of 上海市)."""
    return place_ending_at(keyed, level_at + 1, covered - {level_at})


def place_ending_at(keyed: str, end: int, covered: set[int]) -> int | None:
    """Where a place name (上海市, 淮安市) starts that ends at `end`, right before a department.
    Laxer than region_before: 上 and 下 may start a place here, since a place name right before
    a department (上海市人民政府) cannot be 上年 or 下年."""
    begin = end
    while begin > 0 and begin - 1 not in covered and is_cjk(keyed[begin - 1]):
        if keyed[begin - 1] in BOUNDARY:
            break
        begin -= 1
    offset, run = strip_fillers(keyed[begin:end])
    if len(run) >= 3 and run[0] not in _NOT_A_PLACE_START and _REGION_WHOLE.match(run):
        return begin + offset
    return None
