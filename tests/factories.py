"""Build reports for tests: `make_report(**overrides)` gives a small valid record, and
`render_report_text(report, style)` prints it as a report file would read.

Values are given as plain numbers (None = printed blank); every other cell is 0, so a test
states only the cells it is about. Identities hold only if the test's own numbers make them hold.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ingest.normalize import match_key
from ingest.numbers import parse_cell
from ingest.schema import Cell, Report, SourceFormat, SourceInfo
from ingest.template import (
    MONEY_FIELDS,
    S2_FIELDS,
    S3_COLUMN_KEYS,
    S3_ROWS,
    S4_FIELDS,
    FormatVersion,
)
from synthetic.render_text import TextStyle, render_text

Number = int | float | None


def cell_of(value: Number, *, money: bool = False) -> Cell:
    """A cell as a report would print `value` (None prints blank)."""
    raw = "" if value is None else str(value)
    return parse_cell(raw, money=money)


def make_report(
    *,
    version: FormatVersion = FormatVersion.V2021,
    s2: Mapping[str, Number] | None = None,
    s3: Mapping[str, Sequence[Number]] | None = None,
    s4: Mapping[str, Number] | None = None,
    agency: str = "示例县人民政府办公室",
    region: str = "示例县",
    year: int = 2024,
    report_id: str = "rtest0000000",
) -> Report:
    """A report with zeros everywhere except the cells given. s3 rows take 7 values."""
    s2 = s2 or {}
    s3 = s3 or {}
    s4 = s4 or {}
    unknown = (set(s2) - set(S2_FIELDS[version])) | (set(s4) - set(S4_FIELDS))
    unknown |= set(s3) - {r.key for r in S3_ROWS[version]}
    if unknown:
        raise KeyError(f"not fields of {version}: {sorted(unknown)}")
    s3_cells: dict[str, dict[str, Cell]] = {}
    for row in S3_ROWS[version]:
        values = list(s3.get(row.key, [0] * 7))
        if len(values) != 7:
            raise ValueError(f"s3 row {row.key} needs 7 values, got {len(values)}")
        s3_cells[row.key] = {c: cell_of(v) for c, v in zip(S3_COLUMN_KEYS, values, strict=True)}
    return Report(
        id=report_id,
        agency=agency,
        agency_key=match_key(agency),
        region=region,
        year=year,
        format_version=version,
        source=SourceInfo(path="<factory>", sha256="0" * 64, format=SourceFormat.TXT),
        s2={f: cell_of(s2.get(f, 0), money=f in MONEY_FIELDS) for f in S2_FIELDS[version]},
        s3=s3_cells,
        s4={f: cell_of(s4.get(f, 0)) for f in S4_FIELDS},
    )


def render_report_text(report: Report, style: TextStyle | str = TextStyle.PIPE) -> str:
    """The report as the text of a file in `style` ("tab", "pipe", "pdf", "ocr")."""
    return render_text(report, style)
