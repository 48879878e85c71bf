"""Infer a report's agency, region and year, and say how each was obtained.

Sources, strongest first: the title line (a crawler header's `标题:` line is one), a filled
header `发布机构:` (`ingest.headers`), a signature line (`ingest.agency_names`), the report text,
the file name; a manifest (`ingest/manifest.py`) overrides all. Every candidate agency must be a
name (`ingest.agency_names.name_problem`): a "title" that is a sentence citing the template gives
none. When no source gives one, the agency is None (method NONE) and a warning `agency_unknown`
says what was tried; the report is still stored, and a manifest or the upload page can set it.

A region-like name the gazetteer lacks (沐阳县) is read as the real place OCR misread
(`ingest.place_names`: 沭阳县) when one place is clearly meant; a `place_name_corrected` warning
gives the evidence, and the title and text stay as printed. An agency the title names by its
region alone (洪泽区人民政府) takes the longer form the text spells it in (淮安市洪泽区人民政府).

`Inferred.confidence` follows one scale:

    1.0   given by a manifest (set by `apply_manifest`, never here)
    0.95  read from the title: the year; an agency whose name carries its region; that region
          when the gazetteer knows it
    0.9   a filled header 发布机构 (or 发文机关, 来源) whose name carries its region
    0.85  a signature line whose name carries its region
    0.8   a region from a title prefix the gazetteer does not know (示例县教育局 -> 示例县)
    0.75  a title agency completed with the region the text establishes (信访局 + 汝州 ->
          汝州市信访局), or a name giving only a region (郏县 -> 郏县人民政府; 平潭综合实验区 ->
          平潭综合实验区管委会, the body the text names with it)
    0.6   a title agency that lacks its region, with nothing to complete it
    0.55  from the text alone: region mentions, self-references (我办), the most frequent year
    0.45  from the text, but weakly: a close runner-up, or a year found outside section 一
    0.4   from the file name
    0.0   not found (method NONE)

A value that rests on an OCR-corrected place name is CORRECTED_PENALTY less sure than its
source. Agency and region names are always simplified (郟县 -> 郏县).
"""

from __future__ import annotations

import re
from collections import Counter

from pydantic import BaseModel, Field

from ingest.agency import infer_agency, spelled_out
from ingest.clues import Clues, RegionValue, level_hint
from ingest.confidence import (
    CORRECTED_PENALTY,
    FILENAME_CONF,
    HEADER_CONF,
    SIGNATURE_CONF,
    TEXT_CONF,
    TITLE_CONF,
    UNKNOWN_REGION_CONF,
    WEAK_TEXT_CONF,
)
from ingest.gazetteer import Candidate, Gazetteer, Place
from ingest.schema import InferenceMethod, Inferred, ParseWarning, ReportMeta
from ingest.titles import YEAR, TitleParts, clean_name, parse_file_name, parse_title

__all__ = [
    "MetaWarning",
    "MetadataReading",
    "TitleParts",
    "clean_name",
    "infer_metadata",
    "level_hint",
    "parse_file_name",
    "parse_title",
    "read_metadata",
    "text_year",
]

# A runner-up scoring this share of the winner makes a text inference weak.
CLOSE_RUNNER_UP = 0.8
# Where section 一 is assumed to end when the section 二 heading is not found.
FIRST_SECTION_FALLBACK = 4000
MANIFEST_HINT = (
    "set it in a manifest (manifest.csv with columns file, agency, region, year) or on the "
    "upload page"
)

_SECTION_TWO = re.compile(r"^[\s#]*二\s*[、.]\s*主动公开政府信息情况", re.MULTILINE)
_SENTENCE = re.compile(r"[^。；;！!？?\n]+")
_PLAN = re.compile(r"将|下一步|下步|明年|今后")
_DATE_AFTER = re.compile(r"\s*\d{1,2}\s*月")
_URL = re.compile(r"^https?://\S+$")


class MetaWarning(BaseModel):
    """A warning about inferred metadata, and the fields it is about."""

    fields: tuple[str, ...] = Field(description="agency, region and/or year.")
    warning: ParseWarning


class MetadataReading(BaseModel):
    """The inferred metadata and what a reader should know about how it was obtained."""

    meta: ReportMeta
    notes: list[MetaWarning] = Field(default_factory=list)

    def warnings_for(self, final: ReportMeta) -> list[ParseWarning]:
        """The warnings still true of the final metadata: none about fields a manifest set."""
        given = {
            name
            for name in ("agency", "region", "year")
            if getattr(final, name).method is InferenceMethod.MANIFEST
        }
        return [n.warning for n in self.notes if not set(n.fields) <= given]


def text_year(text: str) -> Inferred:
    """The most mentioned "YYYY年" of section 一, not counting plans (将, 下一步) and dates."""
    section = _first_section(text)
    votes, where, confidence = _year_votes(section), "section 一", TEXT_CONF
    if not votes:
        votes, where, confidence = _year_votes(text), "the text", WEAK_TEXT_CONF
    if not votes:
        return Inferred()
    ranked = sorted(votes, key=lambda y: (-votes[y], y))
    best = ranked[0]
    if votes[best] < 1 or (len(ranked) > 1 and votes[ranked[1]] >= CLOSE_RUNNER_UP * votes[best]):
        confidence = WEAK_TEXT_CONF
    others = ", ".join(f"{y}: {votes[y]:g}" for y in ranked[1:])
    evidence = f"{best}年 weighs {votes[best]:g} in {where}" + (f" (vs {others})" if others else "")
    return Inferred(
        value=best, method=InferenceMethod.TEXT, confidence=confidence, evidence=evidence
    )


def _first_section(text: str) -> str:
    """Section 一: everything before the heading 二、主动公开政府信息情况."""
    heading = _SECTION_TWO.search(text)
    return text[: heading.start()] if heading else text[:FIRST_SECTION_FALLBACK]


def _year_votes(text: str) -> Counter[int]:
    """Weighted "YYYY年" mentions: plans count 0, comparisons 0.25, dates 0.5, the rest 1."""
    votes: Counter[int] = Counter()
    for sentence in _SENTENCE.finditer(text):
        if _PLAN.search(sentence.group(0)):
            continue
        for match in YEAR.finditer(sentence.group(0)):
            votes[int(match.group(1))] += _year_weight(sentence.group(0), match)
    return votes


def _year_weight(sentence: str, match: re.Match[str]) -> float:
    """How much one mention says the year was reported on."""
    if sentence[max(0, match.start() - 1) : match.start()] in ("较", "比", "与", "同"):
        return 0.25  # 较2021年增长: a comparison with an earlier year
    if _DATE_AFTER.match(sentence, match.end()):
        return 0.5  # 2023年1月20日: an event of the year, or the publication date
    return 1.0


def infer_metadata(text: str, *, title: str | None, file_name: str) -> ReportMeta:
    """Agency, region and year of one report, each with its method, confidence and evidence.

    `text` is the whole report after `normalize_text`; `title` is its title line, if found.
    """
    return read_metadata(text, title=title, file_name=file_name).meta


def read_metadata(text: str, *, title: str | None, file_name: str) -> MetadataReading:
    """`infer_metadata`, with the warnings: corrected place names, an agency not found."""
    clues = Clues.gather(text, title, file_name)
    region = _infer_region(clues)
    place = region.place if region else None
    agency = spelled_out(clues, infer_agency(clues, region), place)
    meta = ReportMeta(
        title=clues.title,
        agency=agency,
        region=region.inferred if region else Inferred(),
        year=_infer_year(clues),
        region_path=_region_path(clues.gazetteer, region),
        url=_header_url(clues),
    )
    notes = [MetaWarning(fields=("agency", "region"), warning=w) for w in clues.warnings]
    if agency.method is InferenceMethod.NONE:
        notes.append(MetaWarning(fields=("agency",), warning=_agency_unknown(clues)))
    return MetadataReading(meta=meta, notes=notes)


def _inferred(
    value: str | int, method: InferenceMethod, confidence: float, evidence: str
) -> Inferred:
    return Inferred(value=value, method=method, confidence=confidence, evidence=evidence)


def _region_path(gazetteer: Gazetteer, region: RegionValue | None) -> list[str]:
    if region is None:
        return []
    if region.place is not None:
        return [p.name for p in gazetteer.path(region.place)]
    return region.path


def _header_url(clues: Clues) -> str | None:
    url = clues.header.url if clues.header else None
    return url if url and _URL.match(url) else None


def _infer_year(report: Clues) -> Inferred:
    """The title's year, else the text's, else the file name's."""
    if report.in_title and report.in_title.year and report.title:
        return _inferred(report.in_title.year, InferenceMethod.TITLE, TITLE_CONF, report.title)
    from_text = text_year(report.text)
    if from_text.value is None and report.in_file and report.in_file.year:
        return _inferred(
            report.in_file.year, InferenceMethod.FILENAME, FILENAME_CONF, report.file_name
        )
    return from_text


def _named(clues: Clues) -> list[tuple[str, InferenceMethod, float, str]]:
    """Names that may carry the region, strongest first: (name, method, cap, evidence)."""
    named = []
    if clues.in_title and clues.in_title.agency and clues.title:
        named.append((clues.in_title.agency, InferenceMethod.TITLE, TITLE_CONF, clues.title))
    if clues.header_agency and clues.header:
        label = clues.header.agency_label or "发布机构"
        evidence = f"{label}: {clues.header.agency}"
        named.append((clues.header_agency, InferenceMethod.HEADER, HEADER_CONF, evidence))
    for name, line in clues.signatures:
        evidence = f"signature line {line}: {name}"
        named.append((name, InferenceMethod.SIGNATURE, SIGNATURE_CONF, evidence))
    return named


def _infer_region(report: Clues) -> RegionValue | None:
    """The region a name carries (title, header, signature), else the best place in the
    text, else the file name's."""
    for name, method, cap, evidence in _named(report):
        found = _region_from(report, name, method, cap, evidence)
        if found is not None:
            return found
    ranked = report.gazetteer.rank(report.mentions, report.hint)
    if ranked:
        return _text_region(ranked, report.hint)
    if report.in_file and report.in_file.agency:
        method = InferenceMethod.FILENAME
        return _region_from(report, report.in_file.agency, method, FILENAME_CONF, report.file_name)
    return None


def _region_from(
    report: Clues, agency: str, method: InferenceMethod, cap: float, evidence: str
) -> RegionValue | None:
    """The region a name carries, as a value of the given source."""
    found = _region_of_name(report, agency)
    if found is None:
        return None
    name, known, place = found
    confidence = min(cap, TITLE_CONF if known else UNKNOWN_REGION_CONF)
    if report.rests_on_correction(name):
        confidence -= CORRECTED_PENALTY
    inferred = _inferred(name, method, round(confidence, 2), evidence)
    path = [] if known else _unknown_region_path(report.gazetteer, name)
    return RegionValue(inferred=inferred, place=place, path=path)


def _region_of_name(report: Clues, agency: str) -> tuple[str, bool, Place | None] | None:
    """The region an agency name carries: its prefix (郏县人民政府) or a place inside it."""
    gazetteer = report.gazetteer
    prefix = gazetteer.split_region(agency)
    if prefix.names:
        name, outer = prefix.names[-1], prefix.names[:-1]
        place = gazetteer.resolve(name, outer, report.mentions) if prefix.known else None
        return name, prefix.known, place
    inside = [m for m in gazetteer.find_mentions(agency) if not m.short]
    if inside:  # 国家税务总局郏县税务局
        name = inside[-1].places[0].name
        return name, True, gazetteer.resolve(name, [], report.mentions)
    return None


def _unknown_region_path(gazetteer: Gazetteer, name: str) -> list[str]:
    """A region the gazetteer lacks, under the province of the place it is named after
    (平潭综合实验区: 平潭 is 平潭县, 福建省 -> [福建省, 平潭综合实验区]); [] when unclear."""
    for n in range(len(name) - 1, 1, -1):
        places = gazetteer.by_short.get(name[:n]) or gazetteer.places_named(name[:n])
        provinces = {p.province_code for p in places}
        if len(provinces) == 1 and (province := gazetteer.by_code.get(provinces.pop())):
            return [province.name, name]
        if places:
            return []
    return []


def _text_region(ranked: list[Candidate], hint: str | None) -> RegionValue:
    """The best-ranked place; weak when a different place scores close to it."""
    best = ranked[0]
    rivals = [c for c in ranked[1:] if c.place.name != best.place.name]
    twins = [c for c in ranked[1:] if c.place.name == best.place.name and c.score == best.score]
    weak = bool(rivals) and rivals[0].score >= CLOSE_RUNNER_UP * best.score
    evidence = f"{'、'.join(best.names)} ×{best.mentions} (score {best.score:g})"
    if hint:
        evidence += f"; speaks as a {hint}"
    confidence = WEAK_TEXT_CONF if weak else TEXT_CONF
    inferred = _inferred(best.place.name, InferenceMethod.TEXT, confidence, evidence)
    return RegionValue(inferred=inferred, place=None if twins else best.place)


def _agency_unknown(clues: Clues) -> ParseWarning:
    """Why no agency was found: every source tried, and how to give one."""
    tried = list(clues.notes)
    if clues.title is None and not clues.notes:
        tried.append("no title line")
    elif clues.title is not None:
        tried.append("the title names no agency")
    if clues.header is None:
        tried.append("no header 发布机构")
    if not clues.signatures:
        tried.append("no signature line")
    tried.append("no 我局/我办 in the text resolved to a named body")
    tried.append("the file name names none")
    return ParseWarning(
        code="agency_unknown",
        message=f"no agency found ({'; '.join(tried)}); the report is stored without one: "
        + MANIFEST_HINT,
    )
