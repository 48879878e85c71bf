"""The one definition of a parsed report: `Report`, `Cell`, `Source`, `CheckResult`.

Field names are the design contract (`../shared/design.md`): CLI JSON, store columns and tests
use them. Every `--json` output is `model_dump_json()` of one of these models.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, ClassVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    SerializerFunctionWrapHandler,
    model_serializer,
    model_validator,
)

from ingest.template import FormatVersion, SectionKey


def _json_number(value: int | Decimal) -> int | float:
    """JSON has one kind of number: a Decimal is written as the float whose shortest repr is
    its digits (exact: ingest/numbers.py bounds a cell to 14 significant digits)."""
    return value if isinstance(value, int) else float(value)


# A cell's number: an int (a count) or the Decimal of the printed digits (万元), never a binary
# float; a float given to it is read as its shortest repr. JSON writes it as a number.
ExactNumber = Annotated[int | Decimal, PlainSerializer(_json_number, when_used="json")]

__all__ = [
    "Cell",
    "CellRef",
    "CellStatus",
    "CheckOutcome",
    "CheckResult",
    "CheckRule",
    "ExactNumber",
    "FormatVersion",
    "InferenceMethod",
    "Inferred",
    "NamesReport",
    "ParseWarning",
    "Report",
    "ReportMeta",
    "ReportRef",
    "Section",
    "SectionKey",
    "Source",
    "SourceFormat",
    "SourceInfo",
]


class CellStatus(StrEnum):
    """What a table cell held. Only NUMBER and ZERO carry a value; the rest are null."""

    NUMBER = "number"  # a non-zero number
    ZERO = "zero"  # printed 0
    EMPTY = "empty"  # printed blank
    NA = "na"  # printed "/", "-", "—", "无", "不适用": explicitly not applicable
    TEXT = "text"  # something that is not a number (letters, notes)
    MISSING = "missing"  # the source lost it (OCR, extraction): not found where it should be
    AMBIGUOUS = "ambiguous"  # a glued digit run with more than one valid split


class SourceFormat(StrEnum):
    TXT = "txt"
    MD = "md"
    HTML = "html"
    PDF = "pdf"
    DOCX = "docx"
    IMAGE = "image"  # PNG, JPEG, TIFF: read by OCR
    DOC = "doc"  # Word 97-2003 (and WPS files in its format): converted to .docx
    RTF = "rtf"
    ODT = "odt"


class Source(BaseModel):
    """Where a cell was read: the file, the position in it, and the labels as printed."""

    model_config = ConfigDict(frozen=True)

    def labelled(self, row_label: str, column_label: str) -> Source:
        """This source with the row and column labels as printed. Built through the validator,
        which is several times faster than model_copy and runs once per cell."""
        return Source(**{**self.__dict__, "row_label": row_label, "column_label": column_label})

    file: str = Field(description="Path of the source file as given to the parser.")
    format: SourceFormat = Field(SourceFormat.TXT, description="Format the file was read as.")
    line: int | None = Field(None, description="1-based line in the (decoded) text.")
    page: int | None = Field(None, description="1-based PDF page.")
    bbox: tuple[float, float, float, float] | None = Field(
        None, description="PDF box (x0, top, x1, bottom) in points."
    )
    table: int | None = Field(None, description="0-based table index (HTML, DOCX, PDF).")
    row: int | None = Field(None, description="0-based grid row within the table.")
    col: int | None = Field(None, description="0-based grid column within the table.")
    row_label: str = Field("", description="The row label as printed (original text).")
    column_label: str = Field("", description="The column label as printed or templated.")


class Cell(BaseModel):
    """One table cell. `value` is null unless the cell printed a number: blank is never 0."""

    value: ExactNumber | None = Field(description="The number, or null.")
    raw: str = Field("", description="The cell's text as printed.")
    status: CellStatus
    source: Source | None = None

    @property
    def has_value(self) -> bool:
        return self.value is not None


class CellRef(BaseModel):
    """Names one cell of a report: section s2/s3/s4, row (or field) and column."""

    model_config = ConfigDict(frozen=True)

    section: str
    row: str
    column: str | None = None

    def __str__(self) -> str:
        return f"{self.section}.{self.row}" + (f".{self.column}" if self.column else "")


class CheckRule(StrEnum):
    H1 = "H1"  # new_received + carried_over = total_processed + carried_forward, per column
    H2 = "H2"  # total_processed = sum of the outcome rows, per column
    H3 = "H3"  # total = sum of the six applicant columns, per row
    H4 = "H4"  # review_total = upheld + corrected + other + pending
    H5 = "H5"  # litigation_direct_total = ...
    H6 = "H6"  # litigation_after_review_total = ...
    H7 = "H7"  # counts are integers >= 0; money is a decimal >= 0
    S1 = "S1"  # carried_over(Y) = carried_forward(Y-1), same agency
    T1 = "T1"  # a figure the narrative states = the table cell it names


class CheckOutcome(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NOT_ASSESSABLE = "not_assessable"


class CheckResult(BaseModel):
    """One identity evaluated on one scope (a column, a row, a block), naming its cells."""

    rule: CheckRule
    scope: str = Field(description="Column, row or block the identity was evaluated on.")
    outcome: CheckOutcome
    cells: list[CellRef] = Field(default_factory=list, description="Every cell the check used.")
    lhs: float | None = Field(None, description="Left side of the identity, when computable.")
    rhs: float | None = Field(None, description="Right side of the identity, when computable.")
    message: str = ""


class ParseWarning(BaseModel):
    """Something the parser noticed and a reader should know (a repair, a loss, a guess)."""

    code: str
    message: str
    line: int | None = None


class InferenceMethod(StrEnum):
    MANIFEST = "manifest"
    TITLE = "title"
    HEADER = "header"  # a crawler or web-page header line: 发布机构: …
    SIGNATURE = "signature"  # the agency's name on a line of its own, signing the report
    TEXT = "text"
    FILENAME = "filename"
    NONE = "none"


class Inferred(BaseModel):
    """A metadata value and how it was obtained."""

    value: str | int | None = None
    method: InferenceMethod = InferenceMethod.NONE
    confidence: float = Field(0.0, ge=0.0, le=1.0)
    evidence: str = Field("", description="The text the value was read from.")


class ReportMeta(BaseModel):
    """How agency, region and year were obtained, for display next to the values."""

    title: str | None = Field(None, description="The report's title line as printed.")
    agency: Inferred = Field(default_factory=Inferred)
    region: Inferred = Field(default_factory=Inferred)
    year: Inferred = Field(default_factory=Inferred)
    region_path: list[str] = Field(
        default_factory=list, description="Province, city, county containing the region."
    )
    url: str | None = None


class SourceInfo(BaseModel):
    """The file a report was parsed from."""

    path: str
    sha256: str
    format: SourceFormat
    encoding: str | None = None
    pages: int | None = None
    size: int = 0


class Section(BaseModel):
    """One section's text as printed, with its title and line span."""

    key: SectionKey
    title: str = ""
    text: str = ""
    start_line: int | None = None
    end_line: int | None = None


class ReportRef(BaseModel):
    """Names one report: its id and the identity a reader knows it by. Declared here once:
    `Report` extends it, and whatever else names a report (a store row, a search hit, a fact, a
    citation, a check finding) embeds it or extends it."""

    model_config = ConfigDict(frozen=True)

    id: str
    agency: str | None = None
    agency_key: str | None = Field(None, description="match_key of the agency, for lookups.")
    region: str | None = None
    year: int | None = Field(None, description="The year whose work is reported.")

    @property
    def report_id(self) -> str:
        """The id under the name facts, citations and findings give it (the JSON contract's)."""
        return self.id

    @property
    def ref(self) -> ReportRef:
        """The identity alone (a Report, a store row are ReportRefs with more)."""
        if type(self) is ReportRef:
            return self
        return ReportRef(id=self.id, agency=self.agency, agency_key=self.agency_key,
                         region=self.region, year=self.year)  # fmt: skip


IDENTITY_KEYS = ("agency", "agency_key", "region", "year")


class NamesReport(BaseModel):
    """A model that names a report: `report` embedded, written flat in JSON as `report_id` and
    the identity keys of `report_keys` (the CLI contract's keys), and read from either form."""

    report_keys: ClassVar[tuple[str, ...]] = ("agency", "region", "year")

    report: ReportRef

    @model_validator(mode="before")
    @classmethod
    def _nested(cls, data: Any) -> Any:
        """Flat input (report_id, agency, …) is the embedded reference."""
        if isinstance(data, dict) and "report" not in data and "report_id" in data:
            data = dict(data)
            ident = {"id": data.pop("report_id")}
            ident |= {k: data.pop(k) for k in IDENTITY_KEYS if k in data}
            data["report"] = ident
        return data

    @model_serializer(mode="wrap")
    def _flat(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in handler(self).items():
            if key == "report":
                out["report_id"] = value["id"]
                out |= {k: value[k] for k in self.report_keys}
            else:
                out[key] = value
        return out

    @property
    def report_id(self) -> str:
        return self.report.id

    @property
    def agency(self) -> str | None:
        return self.report.agency

    @property
    def region(self) -> str | None:
        return self.report.region

    @property
    def year(self) -> int | None:
        return self.report.year


class Report(ReportRef):
    """A parsed annual report: its identity (ReportRef), metadata, the three tables, the
    narrative, the checks."""

    model_config = ConfigDict(frozen=False)

    format_version: FormatVersion | None = None
    source: SourceInfo
    meta: ReportMeta = Field(default_factory=ReportMeta)
    s2: dict[str, Cell] = Field(default_factory=dict)
    s3: dict[str, dict[str, Cell]] = Field(default_factory=dict)
    s4: dict[str, Cell] = Field(default_factory=dict)
    sections: dict[SectionKey, Section] = Field(default_factory=dict)
    checks: list[CheckResult] = Field(default_factory=list)
    warnings: list[ParseWarning] = Field(default_factory=list)

    def cell_at(self, section: str, row: str, column: str | None = None) -> Cell | None:
        """The cell at (section, row, column), or None."""
        return self.cell(CellRef(section=section, row=row, column=column))

    def cell(self, ref: CellRef) -> Cell | None:
        """The cell a reference names, or None."""
        if ref.section == "s3":
            return self.s3.get(ref.row, {}).get(ref.column or "")
        table = self.s2 if ref.section == "s2" else self.s4
        return table.get(ref.row)
