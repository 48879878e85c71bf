"""Everything one report offers for inferring its metadata, read once (`Clues.gather`).

The title (the given line, or a crawler header's `标题:`), the header's agency, signature lines,
place mentions, the level the report speaks from. Place names that OCR misread are corrected
here, once, in every name and in the text inference reads; `Clues.warnings` says so.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from pydantic import BaseModel, Field

from ingest.agency_names import clean_line, name_problem, signature_names
from ingest.gazetteer import Gazetteer, Mention, Place, load_gazetteer
from ingest.headers import SOURCE_LABELS, Header, read_header, strip_label
from ingest.normalize import normalize_text, to_simplified
from ingest.place_names import PlaceCorrection, correct_place
from ingest.schema import Inferred, ParseWarning
from ingest.shapes import load_shapes
from ingest.titles import TitleParts, clean_name, parse_file_name, read_title

__all__ = ["Clues", "RegionValue", "level_hint"]

_SELF_LEVEL = re.compile(r"[我全本]([县市区旗省])(?![场民级域])")
_GOV_LEVEL = re.compile(r"([县市区旗省])(?:委|政府|长|直)")


class RegionValue(BaseModel):
    """A region value with its provenance and, when the gazetteer knows it, the place."""

    inferred: Inferred
    place: Place | None = None
    path: list[str] = Field(
        default_factory=list, description="For a region the gazetteer lacks: where it lies."
    )


def level_hint(text: str) -> str | None:
    """The level a report speaks from: 县 for 我县/全县/县委/县政府, likewise 市, 区, 旗, 省."""
    votes: Counter[str] = Counter()
    for match in _SELF_LEVEL.finditer(text):
        votes[match.group(1)] += 2
    for match in _GOV_LEVEL.finditer(text):
        votes[match.group(1)] += 1
    top = votes.most_common(2)
    if not top or (len(top) == 2 and top[0][1] == top[1][1]):
        return None
    return top[0][0]


@dataclass(frozen=True)
class Clues:
    """What inference reads. Names are simplified, validated and OCR-corrected."""

    gazetteer: Gazetteer
    text: str  # simplified, with corrected place names
    title: str | None  # as printed, without label or markdown marks; None if not a title
    file_name: str
    in_title: TitleParts | None
    in_file: TitleParts | None
    header: Header | None
    header_agency: str | None
    signatures: list[tuple[str, int]]  # (name, line)
    mentions: list[Mention]
    hint: str | None
    corrections: dict[str, str] = field(default_factory=dict)  # printed -> corrected
    warnings: list[ParseWarning] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # names refused, and why

    @classmethod
    def gather(cls, text: str, title: str | None, file_name: str) -> Clues:
        gazetteer = load_gazetteer()
        simple = to_simplified(normalize_text(text))
        header = read_header(simple)
        shown = _title_line(title, header)
        in_title, title_note = read_title(shown) if shown else (None, None)
        notes = [title_note] if title_note else []
        header_agency = _header_agency(header, gazetteer, notes)
        signatures = signature_names(simple, _line_of(simple, shown))
        mentions = gazetteer.find_mentions(simple)
        names = [n for n in (in_title.agency if in_title else None, header_agency) if n]
        found = _corrections([*names, *(n for n, _ in signatures)], gazetteer, mentions)
        fixed = _fix(simple, found)
        return cls(
            gazetteer=gazetteer,
            text=fixed,
            title=None if in_title is None and title_note else shown,
            file_name=file_name,
            in_title=_fixed_parts(in_title, found),
            in_file=parse_file_name(file_name),
            header=header,
            header_agency=_fix(header_agency, found) if header_agency else None,
            signatures=[(_fix(n, found), line) for n, line in signatures],
            mentions=gazetteer.find_mentions(fixed) if found else mentions,
            hint=level_hint(fixed),
            corrections={c.printed: c.corrected for c in found},
            warnings=[_warning(c, simple, shown) for c in found],
            notes=notes,
        )

    def rests_on_correction(self, name: str) -> bool:
        """Whether a name holds a place name that was corrected from what was printed."""
        return any(corrected in name for corrected in self.corrections.values())


def _title_line(title: str | None, header: Header | None) -> str | None:
    """The title as printed: a header's 标题 first, else the given line without its label."""
    if header is not None and header.title:
        return header.title
    if not title:
        return None
    shown = strip_label(title.strip().lstrip("#").strip())
    return shown or None


def _header_agency(header: Header | None, gazetteer: Gazetteer, notes: list[str]) -> str | None:
    """The header's filled 发布机构 (or 来源), if it is a name. A 来源 must name its region: it
    may be a news source (新华社) rather than the agency."""
    if header is None or not header.agency:
        if header is not None:
            notes.append("the header's 发布机构 is empty")
        return None
    name = clean_name(header.agency)
    problem = name_problem(name)
    if problem is None and header.agency_label in SOURCE_LABELS:
        regional = gazetteer.split_region(name).names or gazetteer.find_mentions(name)
        problem = None if regional else "a 来源 that names no region may be a news source"
    if problem:
        notes.append(f"the header's {header.agency_label} {name!r} is no agency name: {problem}")
        return None
    return name


def _line_of(text: str, shown: str | None) -> int | None:
    """The 1-based line the title is printed on, if it is in the text."""
    if not shown:
        return None
    key = clean_line(shown)
    for number, line in enumerate(text.splitlines(), 1):
        if key and key in clean_line(line):
            return number
    return None


def _corrections(
    names: list[str], gazetteer: Gazetteer, mentions: list[Mention]
) -> list[PlaceCorrection]:
    """OCR corrections of the region names the given agency names start with."""
    found: dict[str, PlaceCorrection] = {}
    for name in names:
        for region in gazetteer.split_region(name).names:
            if region in found or gazetteer.places_named(region):
                continue
            corrected = correct_place(region, gazetteer, load_shapes(), mentions)
            if corrected is not None:
                found[region] = corrected
    return list(found.values())


def _fix(text: str, corrections: list[PlaceCorrection]) -> str:
    for correction in corrections:
        text = text.replace(correction.printed, correction.corrected)
    return text


def _fixed_parts(parts: TitleParts | None, found: list[PlaceCorrection]) -> TitleParts | None:
    if parts is None or not parts.agency:
        return parts
    return parts.model_copy(update={"agency": _fix(parts.agency, found)})


def _warning(correction: PlaceCorrection, text: str, title: str | None) -> ParseWarning:
    """The correction's warning, with how often and first where the name is printed (a title
    given apart from the text counts too)."""
    lines = text.splitlines()
    first = next((n for n, line in enumerate(lines, 1) if correction.printed in line), None)
    times = text.count(correction.printed)
    if title and _line_of(text, title) is None:
        times += to_simplified(title).count(correction.printed)
    return correction.warning(times, first)
