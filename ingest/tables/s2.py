"""Table 二 (proactive disclosure): a handful of labelled rows of one to three values.

The edition is read off the column headers (本年制发件数 is v2021, 本年新制作数量 v2019), the
rows (其他对外管理服务事项, 政府集中采购 exist only in v2019) and, failing both, the width of
the 行政许可 row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.normalize import match_key
from ingest.schema import Cell, ParseWarning, Source
from ingest.tables.digit_runs import fits_fewer_cells, splits
from ingest.tables.labels import LabelMatcher
from ingest.tables.placing import (
    Fit,
    Placement,
    blank_cells,
    cells_for,
    decoded,
    missing_cells,
    place,
)
from ingest.tables.rows import RawRow, assemble_rows
from ingest.tables.tokens import Token, TokenKind
from ingest.template import MONEY_FIELDS, S2_ROWS, FormatVersion, S2RowSpec

_V2019_MARKS = (
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "本年增减",
    "采购项目数量",
    "采购总金额",
    "其他对外管理服务事项",
    "政府集中采购",
)
_V2021_MARKS = ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额")


def _targets() -> list[tuple[str, tuple[str, ...]]]:
    seen: dict[str, tuple[str, ...]] = {}
    for version in (FormatVersion.V2021, FormatVersion.V2019):
        for spec in S2_ROWS[version]:
            key = _row_key(spec)
            seen[key] = tuple(dict.fromkeys((*seen.get(key, ()), *spec.labels)))
    return list(seen.items())


def _row_key(spec: S2RowSpec) -> str:
    """A row's identity across editions: its label with 行政 dropped for 规范性文件."""
    return "规范性文件" if spec.label in ("行政规范性文件", "规范性文件") else spec.label


MATCHER = LabelMatcher.from_labels(_targets())


@dataclass(slots=True)
class S2Result:
    cells: dict[str, Cell]
    version: FormatVersion | None
    warnings: list[ParseWarning] = field(default_factory=list)
    found_rows: int = 0


def detect_version(tokens: list[Token], rows: dict[str, RawRow]) -> FormatVersion | None:
    """The template edition of table 二, from its words, else from the 行政许可 row width."""
    text = match_key("".join(t.text for t in tokens))
    old = sum(text.count(m) for m in _V2019_MARKS)
    new = sum(text.count(m) for m in _V2021_MARKS)
    if old != new:
        return FormatVersion.V2019 if old > new else FormatVersion.V2021
    licensing = rows.get("行政许可")
    if licensing is not None:
        values = sum(1 for t in licensing.data if t.text)
        return FormatVersion.V2019 if values >= 2 else FormatVersion.V2021
    return None


def _lone_long_value(row: RawRow, width: int) -> Token | None:
    """A row of several columns whose only value stands first, the other cells printed blank,
    and that cannot be one count: more digits than the row has columns ("6011 | | " over three)
    or a leading zero ("05"). It may be the row's values run together into one cell. A lone
    "43" over two columns stays 43 with a blank neighbour, as real reports print it."""
    filled = [t for t in row.data if t.kind is not TokenKind.BLANK]
    if width < 2 or not row.explicit or len(filled) != 1 or row.data[0] is not filled[0]:
        return None
    text = filled[0].text
    if not text.isdigit():
        return None
    return filled[0] if len(text) > width or (len(text) > 1 and text[0] == "0") else None


def _run_placement(row: RawRow, run: Token, width: int, warnings: list[ParseWarning]) -> Placement:
    """A row of table 二 printed as a glued digit run. Table 二 has no identities, so a run
    settles only where a single split exists and no reading with blank cells competes with it
    ("000" is three zeros; "166" may be 1, 6, 6 or 16 and 6 with a blank cell)."""
    if width == 1:
        return decoded(row, run, [{run.text}])
    options = list(splits(run.text, width)) if run.text.isdigit() else []
    if len(options) == 1 and fits_fewer_cells(run.text, width):
        options.append(tuple(-1 for _ in range(width)))  # the unseen reading with blanks
    cells: list[set[int]] = [{o[i] for o in options} for i in range(width)]
    placement = decoded(row, run, cells)
    if placement.ambiguous or not options:
        warnings.append(
            ParseWarning(
                code="digit_run_ambiguous" if options else "digit_run_undecodable",
                line=row.line,
                message=f"line {row.line}: table 二 row {row.printed_label!r} printed as the "
                f"digit run {run.text!r}, which does not split one way only into {width} "
                "numbers (table 二 has no identities to decide, and blank cells leave no "
                "trace); the cells that differ are reported ambiguous",
            )
        )
    return placement


def parse_s2(
    tokens: list[Token], *, version_hint: FormatVersion | None, fallback: Source | None
) -> S2Result:
    """Read table 二 from its section's tokens."""
    warnings: list[ParseWarning] = []
    rows: dict[str, RawRow] = {}
    blanks: dict[str, RawRow] = {}
    for row in assemble_rows(tokens):
        match = MATCHER.match(row.label_texts)
        if match is None:
            if row.has_values and not row.placeholder:
                warnings.append(
                    ParseWarning(
                        code="values_without_row",
                        line=row.line,
                        message=f"line {row.line}: values {[t.text for t in row.data if t.text]} "
                        f"follow no known row label of table 二 ({row.printed_label!r}); ignored",
                    )
                )
            continue
        row.label_start = match.first
        key = match.target.key
        note = match.warning(row.printed_label) if match.fuzzy and row.has_values else None
        if note:
            warnings.append(
                ParseWarning(
                    code="label_fuzzy", line=row.line, message=f"line {row.line}: table 二 {note}"
                )
            )
        if not row.has_values:
            if match.exact:
                blanks.setdefault(key, row)
        elif key in rows:
            warnings.append(
                ParseWarning(
                    code="duplicate_fragment_ignored",
                    line=row.line,
                    message=f"line {row.line}: row {key} appears again; the first reading was kept",
                )
            )
        else:
            rows[key] = row
    if not rows:
        return S2Result({}, None, warnings)
    version = detect_version(tokens, rows) or version_hint or FormatVersion.V2021
    cells: dict[str, Cell] = {}
    for spec in S2_ROWS[version]:
        columns = [(f.key, f.label) for f in spec.fields]
        row = rows.get(_row_key(spec))
        if row is None:
            if _row_key(spec) in blanks:
                cells.update(blank_cells(blanks[_row_key(spec)], columns, fallback))
                continue
            warnings.append(
                ParseWarning(code="row_missing", message=f"table 二 row {spec.label} not found")
            )
            cells.update(missing_cells(columns))
            continue
        run = row.digit_run() or _lone_long_value(row, len(columns))
        placement = (
            _run_placement(row, run, len(columns), warnings) if run else place(row, len(columns))
        )
        if placement.fit not in (Fit.EXACT, Fit.DECODED):
            warnings.append(
                ParseWarning(
                    code="values_not_placed" if placement.fit is Fit.UNPLACED else "short_row",
                    line=row.line,
                    message=f"line {row.line}: table 二 row {spec.label} has {placement.found} "
                    f"value(s) for {len(columns)} column(s); unplaced cells are reported missing",
                )
            )
        cells.update(cells_for(placement, columns, fallback=fallback, money=MONEY_FIELDS))
    return S2Result(cells, version, warnings, len(rows))
