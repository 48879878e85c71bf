"""Score parsed reports against hand-read values (`govqa eval`): cells, year, agency, region.

Every file of a folder that the truth file lists is parsed (`ingest.parse.parse_file`, nothing is
stored) and each listed cell is compared exactly:

- numbers as Decimal: ints as ints, 万元 decimals digit for digit as printed (4068.208 is not
  4068.21); a parsed float becomes the Decimal of its shortest repr, which is what was printed;
- parsed null where the truth has a number: `missing`; a different number, or a number where the
  truth has null: `wrong`; both null: `right`.

A file that cannot be parsed has every listed cell `missing`, with the reason. The year is right
when equal; the agency and region by `agency_status` and `region_status`. A run passes (exit 0)
when every listed cell, year and agency is right and no listed file is absent; the region is
reported but does not decide.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, Field, PlainSerializer, computed_field

from ingest.discover import Candidate, discover
from ingest.errors import GovqaError, UnreadableFileError
from ingest.normalize import match_key
from ingest.numbers import exact_decimal
from ingest.parse import parse_file
from ingest.schema import Cell, Report
from qa_app.bench.truth import ExpectedCell, TruthFile, TruthReport, load_truth

SECTIONS = ("s2", "s3", "s4")
# Words naming the governing body of a zone, which reports and readers add or leave out:
# 平潭综合实验区管委会 is 平潭综合实验区. 人民政府 is not one of them: 沭阳县 names a region (the
# report's `region`), and 沭阳县人民政府办公室 is another agency than 沭阳县人民政府.
GENERIC_BODY_WORDS = ("管理委员会", "管委会")
# Higher-level units at the start of a region path: a province (or autonomous region, SAR), then
# a prefecture-level city (or 自治州, 地区, 盟). What remains is the most specific part.
_REGION_PATH = re.compile(
    r"^(?:.+?(?:省|自治区|特别行政区))?(?:.+?(?:市|自治州|地区|盟))?(?P<own>.+)$"
)


def _json_number(value: Decimal | None) -> int | float | None:
    """Decimal as a JSON number: integral values as ints, others as the float printing them."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


Number = Annotated[Decimal, PlainSerializer(_json_number, when_used="json")]


class Verdict(StrEnum):
    RIGHT = "right"
    WRONG = "wrong"
    MISSING = "missing"  # the parser has no value where the truth has one


class CellScore(BaseModel):
    """One listed cell: what the truth says, what the parser got, and the verdict."""

    section: str = Field(description="s2, s3 or s4.")
    field: str = Field(description="The canonical field (s2, s4) or row (s3) name.")
    column: str | None = Field(None, description="The s3 column; None in s2 and s4.")
    expected: Number | None
    got: Number | None
    raw: str | None = Field(None, description="The parsed cell's text as printed, if any.")
    status: Verdict

    @property
    def name(self) -> str:
        return f"{self.section}.{self.field}" + (f".{self.column}" if self.column else "")


class Counts(BaseModel):
    """Cells right, wrong and missing."""

    right: int = 0
    wrong: int = 0
    missing: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def total(self) -> int:
        return self.right + self.wrong + self.missing

    def add(self, verdict: Verdict) -> None:
        setattr(self, verdict.value, getattr(self, verdict.value) + 1)


class MetaScore(BaseModel):
    """Year, agency or region: the truth, the parsed value and the verdict."""

    expected: str | int | None
    got: str | int | None
    status: Verdict


class ReportScore(BaseModel):
    """One scored file."""

    file: str = Field(description="The file's path relative to the scored folder.")
    report_id: str | None = None
    failure: str | None = Field(None, description="Why the file could not be parsed, if so.")
    sections: dict[str, Counts] = Field(description="Cell counts for s2, s3 and s4.")
    year: MetaScore
    agency: MetaScore
    region: MetaScore | None = Field(None, description="None when the truth gives no region.")
    cells: list[CellScore] = Field(description="Every listed cell, right ones included.")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def passed(self) -> bool:
        """Every listed cell, the year and the agency right (the region does not decide)."""
        return (
            all(c.status is Verdict.RIGHT for c in self.cells)
            and self.year.status is Verdict.RIGHT
            and self.agency.status is Verdict.RIGHT
        )

    def problems(self) -> list[CellScore]:
        return [c for c in self.cells if c.status is not Verdict.RIGHT]


class Scoring(BaseModel):
    """`govqa eval`: every scored report, the totals, and what could not be scored."""

    folder: str
    truth: str
    reports: list[ReportScore] = Field(default_factory=list)
    absent: list[str] = Field(
        default_factory=list, description="Files the truth lists that the folder does not hold."
    )
    not_scored: list[str] = Field(
        default_factory=list, description="Report files in the folder that the truth does not list."
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def totals(self) -> dict[str, Counts]:
        """Cell counts per section over every scored report, and under "all"."""
        totals = {key: Counts() for key in (*SECTIONS, "all")}
        for report in self.reports:
            for cell in report.cells:
                totals[cell.section].add(cell.status)
                totals["all"].add(cell.status)
        return totals

    @computed_field  # type: ignore[prop-decorator]
    @property
    def passed(self) -> bool:
        """What the exit code says: every listed file present and every report passed."""
        return not self.absent and all(r.passed for r in self.reports)


def exact(value: int | float | Decimal | None) -> Decimal | None:
    """A number as the Decimal it prints as: floats by their shortest repr, never rounded."""
    return None if value is None else exact_decimal(value)


def cell_status(expected: Decimal | None, got: Decimal | None) -> Verdict:
    """right when equal (both null included); missing when only the truth has a number."""
    if expected == got:
        return Verdict.RIGHT
    return Verdict.MISSING if got is None else Verdict.WRONG


def score_cell(expected: ExpectedCell, cell: Cell | None) -> CellScore:
    got = exact(cell.value) if cell is not None else None
    return CellScore(
        section=expected.section,
        field=expected.field,
        column=expected.column,
        expected=expected.value,
        got=got,
        raw=cell.raw if cell is not None else None,
        status=cell_status(expected.value, got),
    )


def _body_stem(key: str) -> str:
    for word in GENERIC_BODY_WORDS:
        if key.endswith(word) and len(key) > len(word):
            return key[: -len(word)]
    return key


def agency_status(expected: str, got: str | None) -> Verdict:
    """right when the names are equal after `match_key` (spaces, punctuation, traditional forms
    do not count), or when they differ only by a generic body word at the end (GENERIC_BODY_WORDS:
    平潭综合实验区管委会 = 平潭综合实验区 = 平潭综合实验区管理委员会). Any other difference is
    wrong: 沐阳县人民政府 is not 沭阳县人民政府, nor is 沭阳县 or 沭阳县人民政府办公室; and
    洪泽区人民政府 is not 淮安市洪泽区人民政府 (without its city a name can be ambiguous:
    朝阳区人民政府 is in Beijing and in Changchun)."""
    if not got:
        return Verdict.MISSING
    want, have = match_key(expected), match_key(got)
    return Verdict.RIGHT if want == have or _body_stem(want) == _body_stem(have) else Verdict.WRONG


def own_region(path: str) -> str:
    """The most specific part of a region path: 江苏省宿迁市沭阳县 -> 沭阳县."""
    match = _REGION_PATH.match(path)
    return match.group("own") if match else path


def region_status(expected: str, got: str | None) -> Verdict:
    """right when the parsed region is the truth's whole path or its most specific part
    (江苏省宿迁市沭阳县: 沭阳县 or the whole path), compared by `match_key`."""
    if not got:
        return Verdict.MISSING
    accepted = {match_key(expected), match_key(own_region(expected))}
    return Verdict.RIGHT if match_key(got) in accepted else Verdict.WRONG


def year_status(expected: int, got: int | None) -> Verdict:
    if got is None:
        return Verdict.MISSING
    return Verdict.RIGHT if got == expected else Verdict.WRONG


def score_report(file: str, truth: TruthReport, report: Report) -> ReportScore:
    """Compare one parsed report with its truth."""
    cells = [score_cell(e, report.cell_at(e.section, e.field, e.column)) for e in truth.cells()]
    region = None
    if truth.region is not None:
        region = MetaScore(
            expected=truth.region,
            got=report.region,
            status=region_status(truth.region, report.region),
        )
    return ReportScore(
        file=file,
        report_id=report.id,
        sections=_section_counts(cells),
        year=MetaScore(
            expected=truth.year, got=report.year, status=year_status(truth.year, report.year)
        ),
        agency=MetaScore(
            expected=truth.agency,
            got=report.agency,
            status=agency_status(truth.agency, report.agency),
        ),
        region=region,
        cells=cells,
    )


def score_failure(file: str, truth: TruthReport, reason: str) -> ReportScore:
    """A file that could not be parsed: every listed cell and the metadata missing."""
    cells = [score_cell(e, None) for e in truth.cells()]
    return ReportScore(
        file=file,
        failure=reason,
        sections=_section_counts(cells),
        year=MetaScore(expected=truth.year, got=None, status=Verdict.MISSING),
        agency=MetaScore(expected=truth.agency, got=None, status=Verdict.MISSING),
        region=None
        if truth.region is None
        else MetaScore(expected=truth.region, got=None, status=Verdict.MISSING),
        cells=cells,
    )


def _section_counts(cells: Iterable[CellScore]) -> dict[str, Counts]:
    counts = {key: Counts() for key in SECTIONS}
    for cell in cells:
        counts[cell.section].add(cell.status)
    return counts


def score_candidate(file: str, truth: TruthReport, candidate: Candidate) -> ReportScore:
    """Parse one file (with its manifest entry) and score it; a parse failure is scored too."""
    try:
        report = parse_file(candidate.path, candidate.entry)
    except GovqaError as exc:
        return score_failure(file, truth, str(exc))
    return score_report(file, truth, report)


def _relative(path: Path, folder: Path) -> str:
    return path.relative_to(folder).as_posix()


def score_folder(folder: str | Path, truth_path: str | Path) -> Scoring:
    """Parse every file of `folder` that the truth file lists and score it against the truth.

    Truth keys are paths relative to `folder` (`hongze-district-2023.pdf`). Nothing is stored.
    """
    folder = Path(folder)
    if not folder.is_dir():
        reason = "is not a folder" if folder.exists() else "does not exist"
        raise UnreadableFileError(folder, f"{reason}; give the folder the truth file describes")
    truth: TruthFile = load_truth(truth_path)
    candidates = {_relative(c.path, folder): c for c in discover([folder])}
    scoring = Scoring(folder=str(folder), truth=str(truth_path))
    for file, expected in truth.reports.items():
        if file in candidates:
            scoring.reports.append(score_candidate(file, expected, candidates[file]))
        else:
            scoring.absent.append(file)
    scoring.not_scored = [file for file in candidates if file not in truth.reports]
    return scoring
