"""The schema of the vocabulary files: what each entry may say, checked when they are loaded.

A bad entry (an unknown field key, a slot that does not exist, a regex that does not compile, a
note the notes file lacks, a zh/en message pair with different placeholders) fails at start
with a VocabularyError naming the file and the entry, never later inside a question.
"""

from __future__ import annotations

import re
import string
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from index.filters import Level
from ingest.errors import GovqaError
from ingest.template import FIELD_CATALOG, S3_COLUMN_KEYS
from qa_app.question.plan import DERIVED, Op

__all__ = [
    "GROUP_TOTALS",
    "S2_COLUMNS",
    "S2_COLUMN_ALIASES",
    "AgencyWords",
    "Cue",
    "CueWords",
    "Message",
    "Slot",
    "TermRow",
    "VocabularyError",
]


class VocabularyError(GovqaError):
    """A vocabulary data file that does not validate: the file and the problem."""

    def __init__(self, file: str, problem: str) -> None:
        super().__init__(f"vocabulary file {file}: {problem}; fix the entry and start again")


class Cue(StrEnum):
    LIST = "list"  # 哪些, which, list
    SINGULAR = "singular"  # 哪个, which agency, who: one answer wanted
    RANK_DESC = "rank_desc"  # 最多, most, top
    RANK_ASC = "rank_asc"  # 最少, fewest
    RANKING = "ranking"  # 排名, rank: the whole order, not only the first
    SUM = "sum"  # 总共, in total
    AVG = "avg"  # 平均, average
    COMPARE = "compare"  # 变化, 相比, compare, vs
    TREND = "trend"  # 趋势, 历年, over the years
    SUMMARIZE = "summarize"  # 总结, summarize
    PROBLEMS = "problems"  # 存在的主要问题, problems, issues
    OVERVIEW = "overview"  # 总体情况, overview
    OTHER_MATTERS = "other_matters"  # 其他需要报告的事项
    VERIFY = "verify"  # 对吗, 核对, is it true
    YES_NO = "yes_no"  # 吗, 是否, did ...? : a check when a number is stated
    INCONSISTENT = "inconsistent"  # 勾稽, 不一致, don't add up
    COUNT_REPORTS = "count_reports"  # 多少份报告, how many reports
    COUNT_AGENCIES = "count_agencies"  # 几个单位, how many agencies
    BREAKDOWN = "breakdown"  # 理由, 分别, breakdown: every row of a group, not its total
    QUANTITY = "quantity"  # 多少, how many
    ALL = "all"  # 各, 所有, every
    DIFFERENCE = "difference"  # 多多少, 相差, how many more
    RATIO = "ratio"  # 几倍, 之比, ratio
    GROWTH = "growth"  # 增长了百分之几, growth rate
    SHARE = "share"  # 占比, 比例, share, proportion
    POOLED = "pooled"  # 总体, across all agencies: Σ over the selection, not per report
    MENTION = "mention"  # 提到, mentions: look in the narrative for a topic
    META_AGENCIES = "meta_agencies"  # 机关, agencies (meta questions: what the corpus holds)
    META_REGIONS = "meta_regions"  # 地区, regions
    META_YEARS = "meta_years"  # 年份, 哪几年, years
    META_REPORTS = "meta_reports"  # 报告, reports
    NEAREST = "nearest"  # 或最近一年, latest available: the nearest year may stand in
    RECURRING = "recurring"  # 年年都有, 说要改进又出现, promised to fix … again: across years


class Slot(StrEnum):
    """What a matched word contributes to the plan."""

    METRIC = "metric"  # canonical or derived keys, directly
    WEAK = "weak"  # new_received from the bare noun 申请/requests: dropped if another is named
    RECEIVE = "receive"  # new_received from a verb (收到, received): dropped if it governs a
    # table 二/四 count (收到行政复议), kept beside other table 三 rows (收到…其中予以公开)
    GROUP = "group"  # a table 三 group (不予公开); its total unless one of its rows is named
    BLOCK = "block"  # a table 四 block: review, litigation_direct, litigation_after_review, …
    RESULT = "result"  # a table 四 result column: upheld, corrected, other, pending
    APPEALS = "appeals"  # "appeals": both 行政复议 and 行政诉讼, answered labelled
    S2_ROW = "s2_row"  # a table 二 row: regulations, licensing, ...
    S2_COL = "s2_col"  # a table 二 column: issued, repealed, in_force, decisions, ...
    COLUMN = "column"  # an applicant column of table 三
    NEUTRAL = "neutral"  # domain words that must not be read as a metric (政府信息公开)


# Table 三 groups: the derived total a group word means, and the rows that refine it.
GROUP_TOTALS: dict[str, tuple[str, ...]] = {
    "denied": ("denied_total",),
    "unable": ("unable_total",),
    "not_processed": ("not_processed_total",),
    # No derived total: the three v2021 rows, and the single v2019 row.
    "other": ("other_total", "other_no_correction", "other_fee_unpaid", "other_misc"),
}
# Table 二: the columns each row has, and the one a bare row name means (the first).
S2_COLUMNS: dict[str, tuple[str, ...]] = {
    "regulations": ("issued", "repealed", "in_force", "new_made", "new_published",
                    "total_published"),
    "normative_docs": ("issued", "repealed", "in_force", "new_made", "new_published",
                       "total_published"),
    "licensing": ("decisions", "items_prev_year", "items_change"),
    "penalty": ("decisions", "items_prev_year", "items_change"),
    "coercion": ("decisions", "items_prev_year", "items_change"),
    "other_services": ("decisions", "items_prev_year", "items_change"),
    "admin_fee": ("amount_wan", "items_prev_year", "items_change"),
    "procurement": ("projects", "amount"),
}  # fmt: skip
S2_COLUMN_ALIASES = {("admin_fee", "amount"): "amount_wan"}
_S4_BLOCKS = {"review", "litigation", "litigation_direct", "litigation_after_review"}
_S4_RESULTS = {"upheld", "corrected", "other", "pending"}
_FIELDS = {key for _section, key in FIELD_CATALOG} | set(DERIVED)
# The values each slot may name.
SLOT_VALUES: dict[Slot, frozenset[str]] = {
    Slot.METRIC: frozenset(_FIELDS),
    Slot.WEAK: frozenset(_FIELDS),
    Slot.RECEIVE: frozenset(_FIELDS),
    Slot.GROUP: frozenset(GROUP_TOTALS),
    Slot.BLOCK: frozenset(_S4_BLOCKS),
    Slot.RESULT: frozenset(_S4_RESULTS),
    Slot.APPEALS: frozenset({"review", "litigation"}),
    Slot.S2_ROW: frozenset(S2_COLUMNS),
    Slot.S2_COL: frozenset({c for cols in S2_COLUMNS.values() for c in cols} | {"amount"}),
    Slot.COLUMN: frozenset(S3_COLUMN_KEYS),
    Slot.NEUTRAL: frozenset(),
}


def _compiles(patterns: tuple[str, ...]) -> tuple[str, ...]:
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"pattern {pattern!r} does not compile: {exc}") from exc
    return patterns


class TermRow(BaseModel):
    """Phrasings (zh and en regexes) that all mean the same canonical values."""

    model_config = ConfigDict(frozen=True)

    table: str = Field("", description="Where the entry belongs: s3, s4, s2, column, neutral.")
    slot: Slot
    values: tuple[str, ...] = ()
    zh: tuple[str, ...] = Field((), description="Regexes on the simplified question.")
    en: tuple[str, ...] = Field((), description="Regexes on the lower-cased question.")
    note: str | None = Field(None, description="A notes.toml key, for words with two readings.")

    @field_validator("zh", "en")
    @classmethod
    def _patterns(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _compiles(value)

    @model_validator(mode="after")
    def _known_values(self) -> TermRow:
        unknown = sorted(set(self.values) - SLOT_VALUES[self.slot])
        if unknown:
            raise ValueError(f"{self.slot} entry names unknown value(s) {unknown}")
        if not (self.zh or self.en):
            raise ValueError(f"entry {list(self.values)} has no phrasing")
        return self


class Comparison(BaseModel):
    """A comparison with a number: its operator and the pattern that says it."""

    op: Op
    pattern: str


class CueWords(BaseModel):
    """cues.toml: intent cues, levels, comparisons, zero, top-N and claims."""

    cues: dict[Cue, tuple[str, ...]]
    levels: dict[Level, tuple[str, ...]]
    comparisons: tuple[Comparison, ...]
    zero: tuple[str, ...]
    top_n: tuple[str, ...]
    en_claim: tuple[str, ...]

    @field_validator("zero", "top_n", "en_claim")
    @classmethod
    def _patterns(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _compiles(value)

    @field_validator("cues", "levels")
    @classmethod
    def _each(cls, value: dict[StrEnum, tuple[str, ...]]) -> dict[StrEnum, tuple[str, ...]]:
        for patterns in value.values():
            _compiles(patterns)
        return value

    @field_validator("comparisons")
    @classmethod
    def _comparisons(cls, value: tuple[Comparison, ...]) -> tuple[Comparison, ...]:
        _compiles(tuple(c.pattern for c in value))
        return value


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


class Message(BaseModel):
    """A planner note in both languages, with the same {placeholders}."""

    zh: str
    en: str

    @model_validator(mode="after")
    def _same_placeholders(self) -> Message:
        if _placeholders(self.zh) != _placeholders(self.en):
            raise ValueError(f"zh and en use different placeholders: {self.zh!r} / {self.en!r}")
        return self


class AgencyWords(BaseModel):
    """agencies.toml: short forms of departments and the words around agency names."""

    abbreviations: dict[str, tuple[str, ...]]
    rule_endings: tuple[tuple[str, str], ...]
    not_standalone: frozenset[str]
    level_departments: dict[str, tuple[str, ...]]
    level_chars: str
    leading_fillers: tuple[str, ...]
    agency_endings: tuple[str, ...]
    generic_mentions: frozenset[str]
    not_name_start: str
    not_agency_start: str
    boundary: frozenset[str]

    @field_validator("boundary", mode="before")
    @classmethod
    def _characters(cls, value: object) -> object:
        return frozenset(value) if isinstance(value, str) else value


# ---------------------------------------------------------------- glossary

COLUMN_PREFIX = "column:"
MIN_PHRASINGS = 5


def glossary_keys() -> frozenset[str]:
    """Every key the glossary must cover: the template's fields, the derived measures, and the
    applicant columns of table 三."""
    return frozenset(_FIELDS | {f"{COLUMN_PREFIX}{c}" for c in S3_COLUMN_KEYS})


class GlossaryEntry(BaseModel):
    """One number of a report (or a derived measure, or an applicant column) by every name."""

    model_config = ConfigDict(frozen=True)

    key: str
    formal: str
    short: tuple[str, ...] = ()
    zh: tuple[str, ...] = ()
    en: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _checked(self) -> GlossaryEntry:
        if self.key not in glossary_keys():
            raise ValueError(f"unknown glossary key {self.key!r}")
        if len(self.phrasings) < MIN_PHRASINGS:
            raise ValueError(
                f"{self.key} has {len(self.phrasings)} phrasings, needs {MIN_PHRASINGS}"
            )
        if any(p != p.lower() for p in self.en):
            raise ValueError(f"{self.key}: English phrasings are written lower-case")
        return self

    @property
    def column(self) -> str | None:
        """The applicant column an entry of kind column:… names."""
        return self.key.removeprefix(COLUMN_PREFIX) if self.is_column else None

    @property
    def is_column(self) -> bool:
        return self.key.startswith(COLUMN_PREFIX)

    @property
    def chinese(self) -> tuple[str, ...]:
        return (self.formal, *self.short, *self.zh)

    @property
    def phrasings(self) -> tuple[str, ...]:
        return (*self.short, *self.zh, *self.en)


class Contextual(BaseModel):
    """Words whose field depends on the template edition of the reports asked about."""

    model_config = ConfigDict(frozen=True)

    phrases: tuple[str, ...]
    en: tuple[str, ...] = ()
    v2021: str
    v2019: str

    @model_validator(mode="after")
    def _known(self) -> Contextual:
        unknown = sorted({self.v2021, self.v2019} - _FIELDS)
        if unknown:
            raise ValueError(f"contextual entry names unknown field(s) {unknown}")
        return self

    def field_for(self, version: str) -> str:
        return self.v2019 if version == "v2019" else self.v2021


class Glossary(BaseModel):
    """glossary.toml: every field, column and derived measure, each named at most once."""

    entry: tuple[GlossaryEntry, ...]
    contextual: tuple[Contextual, ...] = ()

    @model_validator(mode="after")
    def _complete(self) -> Glossary:
        keys = [e.key for e in self.entry]
        twice = sorted({k for k in keys if keys.count(k) > 1})
        if twice:
            raise ValueError(f"entries for {twice} appear twice")
        missing = sorted(glossary_keys() - set(keys))
        if missing:
            raise ValueError(f"no entry for {missing}")
        owner: dict[str, str] = {}
        for entry in self.entry:
            for phrase in (*entry.chinese, *entry.en):
                if owner.setdefault(phrase.lower(), entry.key) != entry.key:
                    raise ValueError(
                        f"{phrase!r} names both {owner[phrase.lower()]} and {entry.key}"
                    )
        return self

    def get(self, key: str) -> GlossaryEntry:
        return next(e for e in self.entry if e.key == key)


class Topic(BaseModel):
    """topics.toml: a narrative topic and the words that count as mentioning it."""

    model_config = ConfigDict(frozen=True)

    key: str
    zh: tuple[str, ...] = Field(min_length=1)
    en: tuple[str, ...] = ()
