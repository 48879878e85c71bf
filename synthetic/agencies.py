"""A fixed catalogue of fictional agencies for synthetic reports.

Every region is named 示例/样例/演示/示范/虚构 + 县/市/区, so no generated report can be mistaken
for a real agency's figures, and no real place name occurs inside any name (hence no 示范县: it
contains 范县, a real county). The catalogue is a constant: an index always names the same agency.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum

from pydantic import BaseModel, ConfigDict, Field


class AgencyLevel(StrEnum):
    """Administrative level of the agency's region (the suffix 县/市/区)."""

    COUNTY = "county"
    CITY = "city"
    DISTRICT = "district"


class AgencySize(StrEnum):
    """How many information requests the agency typically receives."""

    SMALL = "small"  # mostly 0-5 a year
    MEDIUM = "medium"  # tens
    LARGE = "large"  # up to hundreds


class Enforcement(IntEnum):
    """How much licensing, penalty and fee activity the agency has (drives table 二)."""

    NONE = 0
    LOW = 1
    MID = 2
    HIGH = 3


class Agency(BaseModel):
    """One fictional agency: its printed name, its region and the profile its numbers follow."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(description="Name as printed in the report title.")
    region: str = Field(description="The fictional county, city or district it belongs to.")
    level: AgencyLevel
    size: AgencySize = Field(AgencySize.SMALL, description="Typical request volume.")
    enforcement: Enforcement = Field(Enforcement.NONE, description="Licensing/penalty activity.")


REGIONS: dict[str, AgencyLevel] = {
    "示例县": AgencyLevel.COUNTY,
    "样例市": AgencyLevel.CITY,
    "演示区": AgencyLevel.DISTRICT,
    "示范市": AgencyLevel.CITY,
    "虚构市": AgencyLevel.CITY,
    "样例县": AgencyLevel.COUNTY,
    "示例区": AgencyLevel.DISTRICT,
}

_S, _M, _L = AgencySize.SMALL, AgencySize.MEDIUM, AgencySize.LARGE
_E0, _E1, _E2, _E3 = Enforcement.NONE, Enforcement.LOW, Enforcement.MID, Enforcement.HIGH

# (department suffix, size, enforcement) per region; the name is region + suffix.
_DEPARTMENTS: dict[str, tuple[tuple[str, AgencySize, Enforcement], ...]] = {
    "示例县": (
        ("人民政府办公室", _L, _E0),
        ("教育局", _M, _E1),
        ("自然资源局", _M, _E2),
        ("卫生健康委员会", _S, _E2),
        ("市场监督管理局", _M, _E3),
        ("农业农村局", _S, _E2),
        ("统计局", _S, _E0),
    ),
    "样例市": (
        ("人民政府", _L, _E0),
        ("自然资源和规划局", _L, _E3),
        ("住房和城乡建设局", _L, _E3),
        ("生态环境局", _M, _E3),
        ("交通运输局", _M, _E2),
        ("人力资源和社会保障局", _M, _E1),
    ),
    "演示区": (
        ("人民政府办公室", _M, _E0),
        ("卫生健康委员会", _S, _E2),
        ("民政局", _S, _E1),
        ("应急管理局", _S, _E2),
        ("司法局", _S, _E1),
    ),
    "示范市": (
        ("人民政府", _L, _E0),
        ("发展和改革委员会", _S, _E1),
        ("财政局", _S, _E1),
        ("住房和城乡建设局", _M, _E2),
        ("医疗保障局", _S, _E1),
    ),
    "虚构市": (
        ("人民政府办公室", _L, _E0),
        ("教育局", _M, _E1),
        ("市场监督管理局", _L, _E3),
        ("退役军人事务局", _S, _E0),
        ("水利局", _S, _E2),
    ),
    "样例县": (
        ("人民政府办公室", _M, _E0),
        ("交通运输局", _S, _E2),
        ("林业局", _S, _E2),
        ("文化广电和旅游局", _S, _E1),
    ),
    "示例区": (
        ("人民政府", _M, _E0),
        ("城市管理局", _M, _E3),
        ("商务局", _S, _E1),
        ("审计局", _S, _E0),
    ),
}


def _build_catalogue() -> tuple[Agency, ...]:
    """Interleave regions so that any prefix of the catalogue spans several regions."""
    per_region = [
        [
            Agency(
                name=region + suffix, region=region, level=REGIONS[region], size=s, enforcement=e
            )
            for suffix, s, e in _DEPARTMENTS[region]
        ]
        for region in REGIONS
    ]
    out: list[Agency] = []
    for i in range(max(len(a) for a in per_region)):
        out.extend(agencies[i] for agencies in per_region if i < len(agencies))
    return tuple(out)


AGENCIES: tuple[Agency, ...] = _build_catalogue()


# Beyond the hand-written catalogue (scale tests, `govqa bench`): regions named by a fictional
# prefix, a heavenly stem and a level (示例甲县, 样例乙市, ...), each with the departments of one
# of the hand-written regions. Deterministic; none is a real place name (tested).
_SCALE_PREFIXES = ("示例", "样例", "演示", "示范", "虚构", "模拟", "假设", "测试")
_STEMS = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"
_LEVEL_SUFFIX = {AgencyLevel.COUNTY: "县", AgencyLevel.CITY: "市", AgencyLevel.DISTRICT: "区"}


def _scale_regions() -> list[tuple[str, AgencyLevel, str]]:
    """(region, level, template region) for every generated region, in a fixed order."""
    templates = list(REGIONS)
    out = []
    for stem in _STEMS:
        for prefix in _SCALE_PREFIXES:
            for level, suffix in _LEVEL_SUFFIX.items():
                template = templates[len(out) % len(templates)]
                out.append((f"{prefix}{stem}{suffix}", level, template))
    return out


def _scale_catalogue(n: int) -> list[Agency]:
    """The hand-written catalogue, then generated agencies until there are `n`."""
    out = list(AGENCIES)
    for region, level, template in _scale_regions():
        if len(out) >= n:
            break
        out += [
            Agency(name=region + suffix, region=region, level=level, size=s, enforcement=e)
            for suffix, s, e in _DEPARTMENTS[template]
        ]
    if len(out) < n:
        raise ValueError(f"at most {len(out)} synthetic agencies can be generated; asked for {n}")
    return out[:n]


def catalogue(n: int | None = None) -> list[Agency]:
    """The first `n` agencies (the hand-written catalogue if `n` is None). More than the
    catalogue holds are generated deterministically (see _scale_regions)."""
    if n is None:
        return list(AGENCIES)
    if n < 0:
        raise ValueError(f"asked for {n} agencies")
    if n <= len(AGENCIES):
        return list(AGENCIES[:n])
    return _scale_catalogue(n)
