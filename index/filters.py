"""Which reports (and passages) a query reads: the one report filter, used as is by a plan,
by the SQL queries and by passage search.

A field left None does not restrict; an empty list selects nothing. Agencies are compared as
match keys (a name in any spelling is normalized here); a level is read from the end of a
region's name (LEVEL_SUFFIXES).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, field_validator

from index.chunking import FACTS_SECTION
from ingest.normalize import match_key
from ingest.template import SectionKey

__all__ = [
    "LEVEL_SUFFIXES",
    "PASSAGE_SECTIONS",
    "Level",
    "ReportFilter",
    "SearchFilters",
]


class Level(StrEnum):
    """Administrative level of an agency, read from its region's suffix."""

    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    DISTRICT = "district"


# A region's level is read from the end of its name. County-level cities (汝州市) and the
# municipalities (北京市) end in 市 and count as cities; 神农架林区 counts as a district.
# Suffixes listed under `except` win over the level's own suffixes (自治区 is a province).
LEVEL_SUFFIXES: dict[Level, tuple[tuple[str, ...], tuple[str, ...]]] = {
    Level.PROVINCE: (("省", "自治区", "特别行政区"), ()),
    Level.CITY: (("市", "州", "盟", "地区"), ()),
    Level.COUNTY: (("县", "旗"), ()),
    Level.DISTRICT: (("区",), ("自治区", "特别行政区", "地区")),
}

PASSAGE_SECTIONS = frozenset(
    {SectionKey.PREFACE, SectionKey.OVERVIEW, SectionKey.PROBLEMS, SectionKey.OTHER, FACTS_SECTION}
)
# The preface is the opening of 总体情况 printed before its heading: asking for one gives both.
_SECTION_GROUPS = {SectionKey.OVERVIEW.value: {SectionKey.OVERVIEW.value, SectionKey.PREFACE.value}}


def in_level(region: str | None, level: Level) -> bool:
    """Whether a region's name ends as the level's names do (the SQL side's rule, in Python)."""
    ends, excepted = LEVEL_SUFFIXES[level]
    return bool(region) and region.endswith(ends) and not region.endswith(excepted)


class ReportFilter(BaseModel):
    """Which reports a question, a query or a search is about. None means no restriction."""

    model_config = ConfigDict(frozen=True)

    years: list[StrictInt] | None = Field(None, description="Report years (the year reported).")
    agency_keys: list[str] | None = Field(
        None, description="Agencies, by name or match_key (normalized here)."
    )
    regions: list[str] | None = Field(None, description="Regions as stored (郏县).")
    level: Level | None = Field(None, description="Administrative level, from region suffixes.")

    @field_validator("agency_keys")
    @classmethod
    def _keys(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else [match_key(v) for v in value]

    @field_validator("level", mode="before")
    @classmethod
    def _level(cls, value: Any) -> Any:
        if value is not None and value not in {lv.value for lv in Level}:
            raise ValueError(f"unknown level {value!r}; use one of {sorted(Level)}")
        return value

    @property
    def narrow(self) -> bool:
        """Whether it picks a few reports (by year, agency or region) rather than a large share
        of the corpus (everything, or a whole level)."""
        return any(v is not None for v in (self.years, self.agency_keys, self.regions))

    def admits(self, report: Any) -> bool:
        """Whether a report (anything with year, agency_key and region) passes the filter."""
        return (
            (self.years is None or report.year in self.years)
            and (self.agency_keys is None or report.agency_key in self.agency_keys)
            and (self.regions is None or report.region in self.regions)
            and (self.level is None or in_level(report.region, self.level))
        )


class SearchFilters(ReportFilter):
    """The report filter, and which sections a passage search may return."""

    sections: list[str] | None = Field(
        None, description="overview (includes the preface), problems, other, facts."
    )

    @field_validator("sections")
    @classmethod
    def _sections(cls, value: list[str] | None) -> list[str] | None:
        unknown = sorted(set(value or ()) - {str(s) for s in PASSAGE_SECTIONS})
        if unknown:
            raise ValueError(f"unknown section(s) {unknown}; use {sorted(PASSAGE_SECTIONS)}")
        return value

    def section_values(self) -> set[str] | None:
        """The stored `section` values the filter admits (overview brings the preface)."""
        if self.sections is None:
            return None
        return {v for s in self.sections for v in _SECTION_GROUPS.get(s, {s})}

    def metadata_where(self) -> dict[str, list[int] | list[str]]:
        """The filters as {metadata field: allowed values}, the form a vector store filters on
        (fields named as stored with each vector: year, agency_key, region, section). A level
        has no such field: the catalog applies it to what the vector store returns."""
        sections = self.section_values()
        where: dict[str, list[int] | list[str] | None] = {
            "year": self.years,
            "agency_key": self.agency_keys,
            "region": self.regions,
            "section": sorted(sections) if sections is not None else None,
        }
        return {name: values for name, values in where.items() if values is not None}

    @property
    def restricts(self) -> bool:
        return self.narrow or self.level is not None or self.sections is not None
