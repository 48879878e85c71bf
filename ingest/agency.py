"""The agency a report is by, from the strongest source that names one.

1. The title's agency. One that carries its region is taken as is; one that lacks it
   (信访局) yields to a header or signature name that spells it out (汝州市信访局), else is
   completed with the region the text establishes.
2. A filled header 发布机构 (发文机关, 来源), then a signature line.
3. The text's self-reference (我局, 我办) resolved to a body the text names with its region.
4. The file name.

A name that is only a region takes the governing body the text names with it (平潭综合实验区
管委会), else 人民政府; a development zone the gazetteer does not know stays a bare name.
Finally an agency named by its region (洪泽区人民政府) takes the longer form the text writes it
in with its city or province (淮安市洪泽区人民政府).
"""

from __future__ import annotations

import re
from collections import Counter

from ingest.clues import Clues, RegionValue
from ingest.confidence import (
    BARE_AGENCY_CONF,
    COMPLETED_CONF,
    CORRECTED_PENALTY,
    FILENAME_CONF,
    HEADER_CONF,
    SIGNATURE_CONF,
    TEXT_CONF,
    TITLE_CONF,
)
from ingest.gazetteer import Place
from ingest.schema import InferenceMethod, Inferred

__all__ = ["infer_agency", "spelled_out"]

CJK = "\u4e00-\u9fff"
# The most a source can give an agency.
CAPS = {
    InferenceMethod.TITLE: TITLE_CONF,
    InferenceMethod.HEADER: HEADER_CONF,
    InferenceMethod.SIGNATURE: SIGNATURE_CONF,
    InferenceMethod.TEXT: TEXT_CONF,
    InferenceMethod.FILENAME: FILENAME_CONF,
}
GOVERNING_BODIES = ("人民政府", "管理委员会", "管委会", "行政公署")
# A region name ending so is a zone whose governing body is not a 人民政府.
ZONE_ENDINGS = ("实验区", "合作区", "示范区", "试验区", "开发区", "新区", "园区", "经济区")
_LEVEL_WORDS = ("市场", "市政", "区域", "县域")  # a leading level character that is a word
_SELF_REF = re.compile(r"我(办|局|委|厅|中心)")
_BODY_SUFFIX = {
    "办": "办公室",
    "局": "(?<![格布大全当结开变])局",
    "委": "委员会|委",
    "厅": "厅",
    "中心": "中心",
}
_BODY_CHAR = rf"(?:(?!的)[{CJK}])"


def _inferred(
    value: str | int, method: InferenceMethod, confidence: float, evidence: str
) -> Inferred:
    return Inferred(value=value, method=method, confidence=confidence, evidence=evidence)


def infer_agency(clues: Clues, region: RegionValue | None) -> Inferred:
    """The agency from the strongest source that names one; method NONE when none does."""
    if clues.in_title and clues.in_title.agency and clues.title:
        found = from_name(clues, clues.in_title.agency, region, InferenceMethod.TITLE, clues.title)
        fuller = _spelled_out_elsewhere(clues, clues.in_title.agency, region)
        return fuller if fuller and fuller.confidence > found.confidence else found
    named = _named(clues)
    if named is not None:
        name, method, evidence = named
        return from_name(clues, name, region, method, evidence)
    from_text = _self_reference(clues.text, region)
    if from_text is not None:
        return from_text
    if clues.in_file and clues.in_file.agency:
        return from_name(
            clues, clues.in_file.agency, region, InferenceMethod.FILENAME, clues.file_name
        )
    return Inferred()


def _named(clues: Clues) -> tuple[str, InferenceMethod, str] | None:
    """The header's agency, else a signature line's (one that carries its region first)."""
    if clues.header_agency and clues.header:
        label = clues.header.agency_label or "发布机构"
        return clues.header_agency, InferenceMethod.HEADER, f"{label}: {clues.header.agency}"
    ranked = sorted(clues.signatures, key=lambda s: not clues.gazetteer.split_region(s[0]).names)
    if ranked:
        name, line = ranked[0]
        return name, InferenceMethod.SIGNATURE, f"signature line {line}: {name}"
    return None


def _spelled_out_elsewhere(clues: Clues, bare: str, region: RegionValue | None) -> Inferred | None:
    """A header or signature name that is the title's agency with its region (汝州市信访局)."""
    named = _named(clues)
    if named is None:
        return None
    name, method, evidence = named
    if not (name.endswith(bare) and len(name) > len(bare)):
        return None
    return from_name(clues, name, region, method, evidence)


def from_name(
    clues: Clues, name: str, region: RegionValue | None, method: InferenceMethod, evidence: str
) -> Inferred:
    """A named agency: kept if it names its region, else completed if it can be."""
    prefix = clues.gazetteer.split_region(name)
    if prefix.names and prefix.rest:
        value, confidence = "".join(prefix.names) + prefix.rest, TITLE_CONF
    elif prefix.names:  # the name is only a region: its governing body
        place_name = "".join(prefix.names)
        body, said = governing_body(clues.text, place_name, prefix.known)
        value, confidence, evidence = place_name + body, COMPLETED_CONF, evidence + said
    elif any(not m.short for m in clues.gazetteer.find_mentions(name)):
        value, confidence = name, TITLE_CONF
    else:
        value, confidence, evidence = _completed(clues, name, region, evidence)
    confidence = min(confidence, CAPS[method])
    if clues.rests_on_correction(value):
        confidence -= CORRECTED_PENALTY
    return _inferred(value, method, round(confidence, 2), evidence)


def _completed(
    clues: Clues, name: str, region: RegionValue | None, evidence: str
) -> tuple[str, float, str]:
    """A name without its region, with the region put in front when the levels agree."""
    completed = _complete(name, region, clues.hint)
    if completed is None or region is None:
        return name, BARE_AGENCY_CONF, evidence
    from_file = region.inferred.method is InferenceMethod.FILENAME
    evidence += f" + region {region.inferred.value} ({region.inferred.evidence})"
    return completed, FILENAME_CONF if from_file else COMPLETED_CONF, evidence


def governing_body(text: str, region: str, known: bool) -> tuple[str, str]:
    """The body the text names with the region (平潭综合实验区管委会), else 人民政府; a zone the
    gazetteer does not know gets none. Returns (body, evidence to add)."""
    pattern = re.compile(re.escape(region) + "(" + "|".join(GOVERNING_BODIES) + ")")
    counts = Counter(m.group(1) for m in pattern.finditer(text))
    if counts:
        body, times = max(counts.items(), key=lambda kv: (kv[1], -GOVERNING_BODIES.index(kv[0])))
        return body, f"; the text names {region}{body} ×{times}"
    if not known and region.endswith(ZONE_ENDINGS):
        return "", ""
    return "人民政府", ""


def _complete(name: str, region: RegionValue | None, hint: str | None) -> str | None:
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


def _self_reference(text: str, region: RegionValue | None) -> Inferred | None:
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


def spelled_out(clues: Clues, agency: Inferred, place: Place | None) -> Inferred:
    """洪泽区人民政府 -> 淮安市洪泽区人民政府, when the text writes it with its city or province."""
    value = agency.value
    if place is None or not isinstance(value, str) or not value.startswith(place.name):
        return agency
    above = [p.name for p in clues.gazetteer.path(place)[:-1]]
    forms = ["".join(above[i:]) + value for i in range(len(above))]  # longest first
    found = next((form for form in forms if form in clues.text), None)
    if found is None:
        return agency
    return agency.model_copy(
        update={"value": found, "evidence": f"{agency.evidence}; the text writes {found}"}
    )
