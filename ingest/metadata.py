"""Infer a report's agency, region and year, and say how each was obtained.

Sources, strongest first: the title line, the report text, the file name; a manifest
(`ingest/manifest.py`) overrides all three. `Inferred.confidence` follows one scale:

    1.0   given by a manifest (set by `apply_manifest`, never here)
    0.95  read from the title: the year; an agency whose name carries its region; that region
          when the gazetteer knows it
    0.8   a region from a title prefix the gazetteer does not know (示例县教育局 -> 示例县)
    0.75  a title agency completed with the region the text establishes (信访局 + 汝州 ->
          汝州市信访局), or a title naming only a region (郏县 -> 郏县人民政府)
    0.6   a title agency that lacks its region, with nothing to complete it
    0.55  from the text alone: region mentions, self-references (我办), the most frequent year
    0.45  from the text, but weakly: a close runner-up, or a year found outside section 一
    0.4   from the file name
    0.0   not found (method NONE)

Agency and region names are always simplified (郟县 -> 郏县).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePath

from pydantic import BaseModel

from ingest.gazetteer import Candidate, Gazetteer, Mention, Place, load_gazetteer
from ingest.normalize import normalize_text, to_simplified
from ingest.schema import InferenceMethod, Inferred, ReportMeta

__all__ = [
    "TitleParts",
    "clean_name",
    "infer_metadata",
    "level_hint",
    "parse_file_name",
    "parse_title",
    "text_year",
]

TITLE_CONF = 0.95
UNKNOWN_REGION_CONF = 0.8
COMPLETED_CONF = 0.75
BARE_AGENCY_CONF = 0.6
TEXT_CONF = 0.55
WEAK_TEXT_CONF = 0.45
FILENAME_CONF = 0.4
# A runner-up scoring this share of the winner makes a text inference weak.
CLOSE_RUNNER_UP = 0.8
# Where section 一 is assumed to end when the section 二 heading is not found.
FIRST_SECTION_FALLBACK = 4000

CJK = "\u4e00-\u9fff"
_JUNK = re.compile(r"[\s#*《》〈〉【】\[\]\"'“”]")
_EDGES = "()（）:：,，、.。-—_"
_CORE = re.compile(
    r"(?:政府)?(?:信息公开|政务公开)(?:工作)?(?:情况)?的?(?:年度)?(?:工作)?(?:报告|年报)"
)
_YEAR = re.compile(r"(?<!\d)(20\d{2})\s*年度?")
_FILE_YEAR = re.compile(r"(?<![0-9A-Za-z])(20\d{2})(?:年度?|年报)?(?![0-9A-Za-z])")
_AGENCY_END = re.compile(
    r"(?:政府|办公室|办公厅|局|委员会|委|厅|中心|办|署|院|部|所|站|馆|队|社|会)$"
)
_REGION_END = re.compile(r"(?:县|市|区|旗)$")
_LEVEL_WORDS = ("市场", "市政", "区域", "县域")  # a leading level character that is a word
_SELF_LEVEL = re.compile(r"[我全本]([县市区旗省])(?![场民级域])")
_GOV_LEVEL = re.compile(r"([县市区旗省])(?:委|政府|长|直)")
_SELF_REF = re.compile(r"我(办|局|委|厅|中心)")
_BODY_SUFFIX = {
    "办": "办公室",
    "局": "(?<![格布大全当结开变])局",
    "委": "委员会|委",
    "厅": "厅",
    "中心": "中心",
}
_BODY_CHAR = rf"(?:(?!的)[{CJK}])"
_SECTION_TWO = re.compile(r"^[\s#]*二\s*[、.]\s*主动公开政府信息情况", re.MULTILINE)
_SENTENCE = re.compile(r"[^。；;！!？?\n]+")
_PLAN = re.compile(r"将|下一步|下步|明年|今后")
_DATE_AFTER = re.compile(r"\s*\d{1,2}\s*月")


class TitleParts(BaseModel):
    """What a title (or file name) says: the agency as written, the reported year."""

    agency: str | None = None
    year: int | None = None


class _Region(BaseModel):
    """A region value with its provenance and, when the gazetteer knows it, the place."""

    inferred: Inferred
    place: Place | None = None


def clean_name(text: str) -> str:
    """Normalized, simplified, no whitespace or markup: the form titles are parsed in."""
    return _JUNK.sub("", to_simplified(normalize_text(text)))


def parse_title(title: str) -> TitleParts | None:
    """Agency and year of "(机关)(YYYY)年(度)政府信息公开工作年度报告" and its variants."""
    text = clean_name(title)
    core = _CORE.search(text)
    if core is None:
        return None
    head, tail = text[: core.start()], text[core.end() :]
    years = list(_YEAR.finditer(head))
    if years:
        year = years[-1]
        agency = _strip_affixes(head[: year.start()]) or _strip_affixes(head[year.end() :])
    else:
        year = _YEAR.search(tail)
        agency = _strip_affixes(head)
    return TitleParts(agency=agency, year=int(year.group(1)) if year else None)


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
    if agency is None and year is None:
        return None
    return TitleParts(agency=agency, year=int(year.group(1)) if year else None)


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
        for match in _YEAR.finditer(sentence.group(0)):
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
    report = _Clues.gather(text, title, file_name)
    region = _infer_region(report)
    place = region.place if region else None
    return ReportMeta(
        title=report.title,
        agency=_infer_agency(report, region),
        region=region.inferred if region else Inferred(),
        year=_infer_year(report),
        region_path=[p.name for p in report.gazetteer.path(place)] if place else [],
    )


@dataclass(frozen=True)
class _Clues:
    """Everything one report offers for inference, read once."""

    gazetteer: Gazetteer
    text: str  # simplified
    title: str | None  # as printed, without markdown marks
    file_name: str
    in_title: TitleParts | None
    in_file: TitleParts | None
    mentions: list[Mention]
    hint: str | None

    @classmethod
    def gather(cls, text: str, title: str | None, file_name: str) -> _Clues:
        gazetteer = load_gazetteer()
        simple = to_simplified(normalize_text(text))
        shown = title.strip().lstrip("#").strip() if title else None
        return cls(
            gazetteer=gazetteer,
            text=simple,
            title=shown or None,
            file_name=file_name,
            in_title=parse_title(shown) if shown else None,
            in_file=parse_file_name(file_name),
            mentions=gazetteer.find_mentions(simple),
            hint=level_hint(simple),
        )


def _inferred(
    value: str | int, method: InferenceMethod, confidence: float, evidence: str
) -> Inferred:
    return Inferred(value=value, method=method, confidence=confidence, evidence=evidence)


def _infer_year(report: _Clues) -> Inferred:
    """The title's year, else the text's, else the file name's."""
    if report.in_title and report.in_title.year and report.title:
        return _inferred(report.in_title.year, InferenceMethod.TITLE, TITLE_CONF, report.title)
    from_text = text_year(report.text)
    if from_text.value is None and report.in_file and report.in_file.year:
        return _inferred(
            report.in_file.year, InferenceMethod.FILENAME, FILENAME_CONF, report.file_name
        )
    return from_text


def _infer_region(report: _Clues) -> _Region | None:
    """The title agency's region, else the best place in the text, else the file name's."""
    if report.in_title and report.in_title.agency and report.title:
        found = _region_of_name(report, report.in_title.agency)
        if found is not None:
            name, known, place = found
            confidence = TITLE_CONF if known else UNKNOWN_REGION_CONF
            inferred = _inferred(name, InferenceMethod.TITLE, confidence, report.title)
            return _Region(inferred=inferred, place=place)
    ranked = report.gazetteer.rank(report.mentions, report.hint)
    if ranked:
        return _text_region(ranked, report.hint)
    if report.in_file and report.in_file.agency:
        found = _region_of_name(report, report.in_file.agency)
        if found is not None:
            name, _, place = found
            inferred = _inferred(name, InferenceMethod.FILENAME, FILENAME_CONF, report.file_name)
            return _Region(inferred=inferred, place=place)
    return None


def _region_of_name(report: _Clues, agency: str) -> tuple[str, bool, Place | None] | None:
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


def _text_region(ranked: list[Candidate], hint: str | None) -> _Region:
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
    return _Region(inferred=inferred, place=None if twins else best.place)


def _infer_agency(report: _Clues, region: _Region | None) -> Inferred:
    """The title's agency (completed), else the text's self-reference, else the file name's."""
    if report.in_title and report.in_title.agency and report.title:
        return _agency_from_name(report, report.in_title.agency, region, InferenceMethod.TITLE)
    from_text = _self_reference(report.text, region)
    if from_text is not None:
        return from_text
    if report.in_file and report.in_file.agency:
        named = _agency_from_name(report, report.in_file.agency, region, InferenceMethod.FILENAME)
        return named.model_copy(update={"confidence": FILENAME_CONF})
    return Inferred()


def _agency_from_name(
    report: _Clues, name: str, region: _Region | None, method: InferenceMethod
) -> Inferred:
    """A title or file-name agency: kept if it names its region, else completed if it can be."""
    evidence = (report.title if method is InferenceMethod.TITLE else None) or report.file_name
    prefix = report.gazetteer.split_region(name)
    if prefix.names and prefix.rest:
        return _inferred("".join(prefix.names) + prefix.rest, method, TITLE_CONF, evidence)
    if prefix.names:  # the name is only a region: its people's government
        return _inferred("".join(prefix.names) + "人民政府", method, COMPLETED_CONF, evidence)
    if any(not m.short for m in report.gazetteer.find_mentions(name)):
        return _inferred(name, method, TITLE_CONF, evidence)
    completed = _complete(name, region, report.hint)
    if completed is None or region is None:
        return _inferred(name, method, BARE_AGENCY_CONF, evidence)
    confidence = COMPLETED_CONF if region.inferred.method is InferenceMethod.TEXT else FILENAME_CONF
    evidence += f" + region {region.inferred.value} ({region.inferred.evidence})"
    return _inferred(completed, method, confidence, evidence)


def _complete(name: str, region: _Region | None, hint: str | None) -> str | None:
    """信访局 + 汝州市 -> 汝州市信访局, 县信访局 + 获嘉县 -> 获嘉县信访局; None if levels differ."""
    if region is None or not isinstance(region.inferred.value, str):
        return None
    value = region.inferred.value
    kind = region.place.kind if region.place else value[-1]
    if hint and hint != kind:
        return None
    return value + (name[1:] if _starts_with_level(name, kind) else name)


def _starts_with_level(name: str, kind: str) -> bool:
    """县政府办公室 starts with its level; 市场监督管理局 starts with a word."""
    if len(name) < 2 or name[0] != kind:
        return False
    return name.startswith(kind + "政府") or not name.startswith(_LEVEL_WORDS)


def _self_reference(text: str, region: _Region | None) -> Inferred | None:
    """我办/我局/我委 resolved to a body the text names with the region or its level (县信访局)."""
    if region is None or not isinstance(region.inferred.value, str):
        return None
    refs = Counter(m.group(1) for m in _SELF_REF.finditer(text))
    if not refs:
        return None
    kind, count = refs.most_common(1)[0]
    value = region.inferred.value
    body = _named_body(text, kind, value, region.place.kind if region.place else value[-1])
    if body is None and kind == "办" and "政府办公室" in text:
        body = "人民政府办公室"
    if body is None:
        return None
    evidence = f"我{kind} ×{count}; {body}; region {value}"
    confidence = min(TEXT_CONF, region.inferred.confidence)
    return _inferred(value + body, InferenceMethod.TEXT, confidence, evidence)


def _named_body(text: str, kind: str, region: str, level: str) -> str | None:
    """The body most often named with the region or its bare level: 市信访局 -> 信访局."""
    stem = region[:-1] if len(region) > 2 and region[-1] == level else None
    names = "|".join(re.escape(n) for n in (region, stem) if n)
    body = rf"({_BODY_CHAR}{{1,14}}?(?:{_BODY_SUFFIX[kind]}))"
    pattern = re.compile(rf"(?:{names}|(?<![{CJK}]){re.escape(level)}){body}")
    bodies: Counter[str] = Counter()
    for match in pattern.finditer(text):
        found = match.group(1).removeprefix(level)
        bodies["人民" + found if found.startswith("政府") else found] += 1
    return bodies.most_common(1)[0][0] if bodies else None
