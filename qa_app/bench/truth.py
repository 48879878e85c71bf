"""Hand-read values of reports (`truth.json`), the yardstick `govqa eval` scores parsing against.

The format is that of `../shared/corpus/truth.json`: `{"reports": {FILE: {agency, region, year,
s2: {field: value}, s3: {row: {column: value}}, s4: {field: value}, notes}}}`, FILE relative to
the folder being scored. Only the cells listed are scored; a listed null means the report prints
no number there. Numbers are read as Decimal, so 4068.208 stays 4068.208.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ingest.errors import GovqaError
from ingest.template import S2_FIELDS, S3_COLUMN_KEYS, S3_ROWS, S4_FIELDS

KNOWN_S2 = frozenset(f for fields in S2_FIELDS.values() for f in fields)
KNOWN_S3_ROWS = frozenset(r.key for rows in S3_ROWS.values() for r in rows)
KNOWN_S3_COLUMNS = frozenset(S3_COLUMN_KEYS)
KNOWN_S4 = frozenset(S4_FIELDS)


class TruthFileError(GovqaError):
    """A truth file that cannot be read or does not follow the format."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"truth file {self.path}: {reason}")


class ExpectedCell(BaseModel):
    """One hand-read cell: where it is in the schema and the value printed there."""

    model_config = ConfigDict(frozen=True)

    section: str = Field(description="s2, s3 or s4.")
    field: str = Field(description="The canonical field (s2, s4) or row (s3) name.")
    column: str | None = Field(None, description="The s3 column; None in s2 and s4.")
    value: Decimal | None = Field(description="The value as printed; None: no number printed.")


def _unknown(names: set[str] | frozenset[str], known: frozenset[str], what: str) -> None:
    extra = sorted(set(names) - known)
    if extra:
        raise ValueError(f"unknown {what} {', '.join(extra)} (see ../shared/design.md)")


class TruthReport(BaseModel):
    """The hand-read values of one report."""

    agency: str = Field(description="The agency as the report names it.")
    region: str | None = Field(None, description="Full region path, e.g. 江苏省宿迁市沭阳县.")
    year: int = Field(description="The year whose work is reported.")
    format: str | None = None
    s2: dict[str, Decimal | None] = Field(default_factory=dict)
    s3: dict[str, dict[str, Decimal | None]] = Field(default_factory=dict)
    s4: dict[str, Decimal | None] = Field(default_factory=dict)
    notes: list[str] = Field(default_factory=list)

    @field_validator("s2")
    @classmethod
    def _s2_fields(cls, value: dict[str, Decimal | None]) -> dict[str, Decimal | None]:
        _unknown(set(value), KNOWN_S2, "table 二 field(s)")
        return value

    @field_validator("s3")
    @classmethod
    def _s3_cells(
        cls, value: dict[str, dict[str, Decimal | None]]
    ) -> dict[str, dict[str, Decimal | None]]:
        _unknown(set(value), KNOWN_S3_ROWS, "table 三 row(s)")
        _unknown({c for cols in value.values() for c in cols}, KNOWN_S3_COLUMNS, "column(s)")
        return value

    @field_validator("s4")
    @classmethod
    def _s4_fields(cls, value: dict[str, Decimal | None]) -> dict[str, Decimal | None]:
        _unknown(set(value), KNOWN_S4, "table 四 field(s)")
        return value

    def cells(self) -> list[ExpectedCell]:
        """Every listed cell, in the order of the file: 二, then 三 row by row, then 四."""
        cells = [ExpectedCell(section="s2", field=f, value=v) for f, v in self.s2.items()]
        cells += [
            ExpectedCell(section="s3", field=row, column=column, value=v)
            for row, columns in self.s3.items()
            for column, v in columns.items()
        ]
        cells += [ExpectedCell(section="s4", field=f, value=v) for f, v in self.s4.items()]
        return cells


class TruthFile(BaseModel):
    """A whole truth file: one entry per report file, keyed by its path in the folder."""

    reports: dict[str, TruthReport]


def load_truth(path: str | Path) -> TruthFile:
    """Read a truth file; numbers become Decimal (never float). Raise TruthFileError if bad."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"), parse_float=Decimal)
    except OSError as exc:
        raise TruthFileError(path, f"cannot be read ({exc.strerror or exc})") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TruthFileError(path, f"is not UTF-8 JSON ({exc})") from exc
    try:
        return TruthFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(map(str, first["loc"]))
        raise TruthFileError(path, f"{where}: {first['msg']}") from exc
