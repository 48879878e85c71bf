"""What a report's title line and its file name say: the agency as written, the year.

"(机关)(YYYY)年(度)政府信息公开工作年度报告" and its variants. A line is read as a title only if it
is one (`ingest.agency_names.title_problem`): a sentence that cites 《中华人民共和国政府信息公开
工作年度报告格式》 is not, and the words before the citation are not an agency. The agency as
written must also be a name (`name_problem`), else the title gives only its year.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from pydantic import BaseModel

from ingest.agency_names import name_problem, title_problem
from ingest.normalize import normalize_text, to_simplified

__all__ = ["TitleParts", "clean_name", "parse_file_name", "parse_title", "read_title"]

CJK = "\u4e00-\u9fff"
_JUNK = re.compile(r"[\s#*《》〈〉【】\[\]\"'“”]")
_EDGES = "()（）:：,，、.。-—_"
_CORE = re.compile(
    r"(?:政府)?(?:信息公开|政务公开)(?:工作)?(?:情况)?的?(?:年度)?(?:工作)?(?:报告|年报)"
)
YEAR = re.compile(r"(?<!\d)(20\d{2})\s*年度?")
_FILE_YEAR = re.compile(r"(?<![0-9A-Za-z])(20\d{2})(?:年度?|年报)?(?![0-9A-Za-z])")
_AGENCY_END = re.compile(
    r"(?:政府|办公室|办公厅|局|委员会|委|厅|中心|办|署|院|部|所|站|馆|队|社|会)$"
)
_REGION_END = re.compile(r"(?:县|市|区|旗)$")
_ASIDE = re.compile(r"^(.+?)[（(][^()（）]*[)）]?$")


class TitleParts(BaseModel):
    """What a title (or file name) says: the agency as written, the reported year."""

    agency: str | None = None
    year: int | None = None


def clean_name(text: str) -> str:
    """Normalized, simplified, no whitespace or markup: the form titles are parsed in."""
    return _JUNK.sub("", to_simplified(normalize_text(text)))


def parse_title(title: str) -> TitleParts | None:
    """Agency and year of "(机关)(YYYY)年(度)政府信息公开工作年度报告" and its variants."""
    return read_title(title)[0]


def read_title(title: str) -> tuple[TitleParts | None, str | None]:
    """The title's parts, and why a part was refused (a sentence, not an agency name)."""
    problem = title_problem(title)
    text = clean_name(title)
    core = _CORE.search(text)
    if core is None:
        return None, None
    if problem is not None:
        return None, f"the line {title.strip()!r} is no title: {problem}"
    head, tail = text[: core.start()], text[core.end() :]
    years = list(YEAR.finditer(head))
    if years:
        year = years[-1]
        agency = _strip_affixes(head[: year.start()]) or _strip_affixes(head[year.end() :])
    else:
        year = YEAR.search(tail)
        agency = _strip_affixes(head)
    agency = _main_name(agency) if agency else None
    refused = name_problem(agency) if agency else None
    note = f"the title's {agency!r} is no agency name: {refused}" if refused else None
    parts = TitleParts(
        agency=None if refused else agency, year=int(year.group(1)) if year else None
    )
    return parts, note


def _main_name(agency: str) -> str:
    """The first name of an agency written with an aside or a partner: 郏县人民政府办公室
    （郏县政务公开办）, 中共郏县县委办公室、郏县人民政府办公室 -> the first."""
    if not name_problem(agency):
        return agency
    aside = _ASIDE.match(agency)
    first = aside.group(1) if aside else agency.split("、")[0]
    return first if not name_problem(first) else agency


def _strip_affixes(text: str) -> str | None:
    """关于郏县人民政府的 -> 郏县人民政府; 郏县人民(政府信息公开) -> 郏县人民政府."""
    text = text.strip(_EDGES).removeprefix("关于").removesuffix("的").removesuffix("关于")
    text = text.strip(_EDGES)
    if text.endswith("人民"):  # 人民政府信息公开: the title's 政府 belongs to both
        text += "政府"
    return text or None


def parse_file_name(file_name: str) -> TitleParts | None:
    """A title-like file name, or "(机关)YYYY…" as in 郏县人民政府2024年报.txt."""
    stem = clean_name(PurePath(file_name).stem)
    parts = parse_title(stem)
    if parts is not None and (parts.agency or parts.year):
        return parts
    year = _FILE_YEAR.search(stem)
    lead = stem[: year.start()] if year else stem
    run = re.search(rf"[{CJK}]+$", lead.rstrip(_EDGES))
    agency = run.group(0) if run else None
    if agency and not (_AGENCY_END.search(agency) or _REGION_END.search(agency)):
        agency = None
    if agency and name_problem(agency):
        agency = None
    if agency is None and year is None:
        return None
    return TitleParts(agency=agency, year=int(year.group(1)) if year else None)
