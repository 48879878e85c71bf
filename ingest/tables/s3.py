"""Table 三 (requests received and handled): 23–25 rows by 7 applicant columns.

Rows are found by label (both template editions at once; the edition is then read off the
rows found: (六)其他处理 with its own values is v2019, its three sub-rows are v2021). Columns
follow the template order; the header is checked for the column labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.normalize import match_key
from ingest.numbers import is_na_token, parse_number
from ingest.schema import Cell, ParseWarning, Source
from ingest.tables.digit_runs import (
    Equation,
    marked_candidates,
    row_candidates,
    solve,
    splits,
    sums_to_last,
)
from ingest.tables.labels import LabelMatcher, text_key
from ingest.tables.placing import (
    Fit,
    Placement,
    blank_cells,
    cells_for,
    choose_reading,
    decoded,
    lead_key,
    learn_leads,
    missing_cells,
    place,
    total_only,
)
from ingest.tables.rows import RawRow, assemble_rows
from ingest.tables.tokens import Token, TokenKind
from ingest.template import (
    S3_COLUMNS,
    S3_GROUP_LABELS,
    S3_OUTCOME_ROWS,
    S3_ROWS,
    FormatVersion,
    RowSpec,
)

_V2021_ONLY = {"other_no_correction", "other_fee_unpaid", "other_misc"}
_V2019_ONLY = {"other_total"}
# Rows whose label is also a column header word (总计; 其他, the last applicant column): never
# the first row of the table. Values right after the header are the first row's, its label
# printed after them (a label broken across lines), not 总计's or 3.其他's.
_HEADER_WORD_ROWS = {"total_processed", "other_misc"}
COLUMNS: list[tuple[str, str]] = [(c.key, c.label) for c in S3_COLUMNS]
WIDTH = len(COLUMNS)


def _union_rows() -> list[RowSpec]:
    rows = list(S3_ROWS[FormatVersion.V2021])
    at = [r.key for r in rows].index("total_processed")
    v2019_only = [r for r in S3_ROWS[FormatVersion.V2019] if r.key in _V2019_ONLY]
    return [*rows[:at], *v2019_only, *rows[at:]]


ROWS = _union_rows()
MATCHER = LabelMatcher.from_labels([(r.key, r.labels) for r in ROWS], [r.number for r in ROWS])
ORDER = {r.key: i for i, r in enumerate(ROWS)}


def _number(token: Token | None) -> float | None:
    return parse_number(token.text) if token and token.kind is TokenKind.VALUE else None


def _failing_identities(
    placed: dict[str, Placement], version: FormatVersion, key: str, tokens: list[Token]
) -> int:
    """How many of H1, H2 (per column) and H3 (this row) fail with `tokens` as row `key`'s
    reading; identities with a blank participant cannot fail."""
    table = {k: [_number(t) for t in p.tokens] for k, p in placed.items()}
    row = table[key] = [_number(t) for t in tokens]
    outcomes = [k for k in S3_OUTCOME_ROWS[version] if k in table]
    sides: list[tuple[list[float | None], list[float | None]]] = [(row[:6], row[6:])]
    for col in range(WIDTH):
        column = {name: values[col] for name, values in table.items()}
        sides.append(
            (
                [column.get("new_received"), column.get("carried_over")],
                [column.get("total_processed"), column.get("carried_forward")],
            )
        )
        sides.append(([column.get("total_processed")], [column.get(k) for k in outcomes]))
    return sum(
        1
        for left, right in sides
        if None not in left and None not in right and sum(left) != sum(right)  # type: ignore[arg-type]
    )


def _resolve_alternatives(
    placed: dict[str, Placement], version: FormatVersion, warnings: list[ParseWarning]
) -> None:
    """Rows whose blank cells at both ends leave the alignment open: let H1–H3 decide."""
    for key, placement in placed.items():
        outcome = choose_reading(
            placement,
            lambda tokens, key=key: _failing_identities(placed, version, key, tokens),
        )
        if outcome:
            _warn(
                warnings,
                "blank_cells_aligned",
                f"{_describe(placement.row)}: blank cells at both ends left the columns "
                f"open; {outcome}",
                placement.row.line,
            )


def _equations(version: FormatVersion) -> list[Equation]:
    """H1 and H2 as column equations for the digit-run solver."""
    h1 = Equation(
        {"new_received": 1, "carried_over": 1, "total_processed": -1, "carried_forward": -1}
    )
    h2 = Equation({"total_processed": 1, **dict.fromkeys(S3_OUTCOME_ROWS[version], -1)})
    return [h1, h2]


def _decode_runs(
    runs: dict[str, tuple[RawRow, Token]],
    placed: dict[str, Placement],
    version: FormatVersion,
    warnings: list[ParseWarning],
) -> dict[str, Placement]:
    """Split every glued digit run at once, under H3 per row and H1/H2 down the columns."""
    if not runs:
        return {}
    candidates = {k: row_candidates(run.text, WIDTH, sums_to_last) for k, (_, run) in runs.items()}
    fixed = {k: [_number(t) for t in p.tokens] for k, p in placed.items()}
    solvable = {k: c for k, c in candidates.items() if c}
    decoding = solve(solvable, fixed, _equations(version), WIDTH)
    out: dict[str, Placement] = {}
    totals = _run_totals({k: run.text for k, (_, run) in runs.items() if not candidates[k]})
    for key, (row, run) in runs.items():
        cells = decoding.values.get(key) if decoding.solutions else None
        if (total := totals.get(key)) is not None:
            out[key] = decoded(row, run, [set()] * (WIDTH - 1) + [{total}])
            out[key].fit = Fit.TOTAL_ONLY
            out[key].found = 0  # a run: how many cells it holds is not known
            continue
        if not run.text.isdigit() and (marked := marked_candidates(run.text, WIDTH)):
            cells = [set(values) for values in zip(*marked, strict=True)]
        out[key] = decoded(row, run, cells or [set() for _ in range(WIDTH)])
        settled = [("?" if t is None else t.text) for t in out[key].tokens]
        if not cells:
            why = (
                "no split with its n/a marks as cells makes the row add up"
                if not run.text.isdigit()
                else "no split makes the row add up"
                if not candidates[key]
                else "no combination of splits satisfies the column identities"
            )
            _warn(
                warnings,
                "digit_run_undecodable",
                f"{_describe(row)}: digit run {run.text!r}: {why}; cells missing",
                row.line,
            )
        elif out[key].ambiguous:
            _warn(
                warnings,
                "digit_run_ambiguous",
                f"{_describe(row)}: digit run {run.text!r} splits more than one valid way; "
                f"read {settled}, ? = ambiguous",
                row.line,
            )
    clean = [k for k, p in out.items() if p.fit is Fit.DECODED and not p.ambiguous]
    clean = [k for k in clean if all(t is not None for t in out[k].tokens)]
    if clean:
        _warn(
            warnings,
            "digit_run_decoded",
            f"table 三: {len(clean)} row(s) printed as glued digit runs were split the only way "
            "the identities allow",
            None,
        )
    return out


def _run_totals(runs: dict[str, str]) -> dict[str, int]:
    """Totals of the runs that do not split into seven cells, where all of them read as
    blank columns (each has one total, enough of them above zero); else none."""
    totals = {k: _run_total(text) for k, text in runs.items()}
    if None in totals.values():
        return {}
    if sum(1 for t in totals.values() if t) < MIN_BLANK_COLUMN_ROWS:
        return {}
    # A run of zeros holds as many cells as digits: too many, and its total may be the blank.
    return {k: t for k, t in totals.items() if t or len(runs[k]) <= MAX_ZERO_ROW_VALUES}  # type: ignore[misc]


def _run_total(run: str) -> int | None:
    """The total of a digit run that does not split into all seven cells (some were blank
    and left no digit): the last number of every split whose parts add up to it, when all
    such splits agree on it."""
    if not run.isdigit():
        return None
    totals = {v[-1] for k in range(2, WIDTH) for v in splits(run, k) if sums_to_last(v)}
    return next(iter(totals)) if len(totals) == 1 else None


def _note_totals_only(placed: dict[str, Placement], warnings: list[ParseWarning]) -> None:
    """One warning for all rows read as their total alone (a table with blank columns has
    them on every row)."""
    rows = [
        p for p in placed.values() if p.fit is Fit.TOTAL_ONLY and p.tokens[WIDTH - 1] is not None
    ]
    if rows:
        shown = "; ".join(f"{_describe(p.row)}: {p.tokens[WIDTH - 1].text}" for p in rows[:5])  # type: ignore[union-attr]
        more = f" and {len(rows) - 5} more" if len(rows) > 5 else ""
        _warn(
            warnings,
            "total_only",
            f"table 三: {len(rows)} row(s) print fewer values than the {WIDTH} columns and their "
            "blank cells left no trace; each row's last value is read as 总计 where the values "
            f"before it add up to it ({shown}{more}), the applicant columns are reported missing",
            rows[0].row.line,
        )


# Rows read as their total alone a table needs before its short rows count as blank columns.
MIN_BLANK_COLUMN_ROWS = 3


def _keep_totals_only_if_blank_columns(placed: dict[str, Placement]) -> None:
    """Read short rows as their totals only where the whole table shows blank columns: every
    short row prints the same number of values, each adds up to its last, and enough of them
    above zero to rule out chance. A short row can also be a fragment cut short, cells run
    together by a crawler's joiners, or marks dropped; then the last value is no total."""
    short = [p for p in placed.values() if p.fit in (Fit.UNPLACED, Fit.TOTAL_ONLY)]
    totals = [p for p in short if p.fit is Fit.TOTAL_ONLY]
    shown = (
        len(totals) == len(short)
        and len({p.found for p in totals}) == 1
        and sum(1 for p in totals if _number(p.tokens[WIDTH - 1])) >= MIN_BLANK_COLUMN_ROWS
    )
    for p in totals:
        if not shown or not _total_tells_its_column(p.tokens[WIDTH - 1], p.found):
            p.fit, p.tokens = Fit.UNPLACED, [None] * WIDTH


# Zeros add up to zero wherever the blank stood: a row of six zeros may have had its total
# blank. Only with two or more cells missing is the blank a column the table left empty.
MAX_ZERO_ROW_VALUES = WIDTH - 2


def _total_tells_its_column(total: Token | None, printed: int) -> bool:
    """Whether a row read as its total alone can be trusted to have printed that total."""
    return bool(_number(total)) or printed <= MAX_ZERO_ROW_VALUES


def _drop_unconfirmed_totals(
    placed: dict[str, Placement], version: FormatVersion, warnings: list[ParseWarning]
) -> None:
    """A total read without its columns (Fit.TOTAL_ONLY) stays only while the total column's
    own identities (H1, H2) hold wherever they can be assessed: a row whose printed total
    contradicted its parts could otherwise pass a wrong reading off as its total."""
    partial = [k for k, p in placed.items() if p.fit is Fit.TOTAL_ONLY]
    if not partial:
        return
    column = {k: _number(p.tokens[WIDTH - 1]) for k, p in placed.items()}
    outcomes = list(S3_OUTCOME_ROWS[version])  # a row not found leaves H2 unassessable
    identities = [
        (["new_received", "carried_over"], ["total_processed", "carried_forward"]),
        (["total_processed"], outcomes),
    ]
    doubtful: set[str] = set()
    for left, right in identities:
        keys = [*left, *right]
        values = [column.get(k) for k in keys]
        if None in values or not any(k in partial for k in keys):
            continue
        if sum(values[: len(left)]) != sum(values[len(left) :]):  # type: ignore[arg-type]
            doubtful |= {k for k in keys if k in partial}
    for key in sorted(doubtful):
        placed[key].tokens[WIDTH - 1] = None
        _warn(
            warnings,
            "total_unconfirmed",
            f"{_describe(placed[key].row)}: its total, read without the columns of its parts, "
            "breaks the total column's identities (H1/H2); reported missing",
            placed[key].row.line,
        )


_GROUP_KEYS = tuple(match_key(g.split("、")[-1].split("）")[-1]) for g in S3_GROUP_LABELS)


def _number_groups(rows: list[RawRow]) -> None:
    """Number each row by the group labels seen so far: a group label printed in its own
    merged column shifts its rows' cells, so fillers learned in one group hold only there."""
    group = 0
    for row in rows:
        key = text_key("".join(row.label_texts))
        group += sum(1 for g in _GROUP_KEYS if g in key)
        row.group = group


MIN_LONE_RUN = 3  # digits from which a lone value with no total may be cells run together


def _lone_run_with_blanks(row: RawRow) -> Placement | None:
    """A row whose one value, of several digits, stands alone with every other cell blank,
    its total too: cells run together into one, with blank cells that left no digit ("621110"
    over seven columns). Its cells cannot be told apart: all ambiguous."""
    filled = [t for t in row.data if t.kind is not TokenKind.BLANK]
    if len(filled) != 1 or filled[0].kind is not TokenKind.VALUE or not row.explicit:
        return None
    text = filled[0].text
    if not text.isdigit() or not MIN_LONE_RUN <= len(text) < WIDTH:
        return None
    return decoded(row, filled[0], [{text, -1} for _ in range(WIDTH)])


def _row_identity(values: list[int]) -> bool:
    """H3 on one row: the six applicant columns add up to the total."""
    return sum(values[:6]) == values[6]


@dataclass(slots=True)
class S3Result:
    cells: dict[str, dict[str, Cell]]
    version: FormatVersion | None
    warnings: list[ParseWarning] = field(default_factory=list)
    found_rows: int = 0


def _warn(warnings: list[ParseWarning], code: str, message: str, line: int | None) -> None:
    warnings.append(ParseWarning(code=code, message=message, line=line))


def _describe(row: RawRow) -> str:
    return f"line {row.line}: row {row.printed_label!r}"


def _accept(
    key: str, new: Placement, placed: dict[str, Placement], warnings: list[ParseWarning]
) -> bool:
    """Keep the better of two readings of the same row; report what was dropped."""
    old = placed.get(key)
    if old is None or (not old.complete and (new.complete or new.found > old.found)):
        placed[key] = new
        return True
    if new.complete and old.complete and new.values() != old.values():
        _warn(
            warnings,
            "conflicting_duplicate_row",
            f"{_describe(new.row)} repeats row {key} with different values "
            f"{new.values()} (kept {old.values()} from line {old.row.line})",
            new.row.line,
        )
    elif not new.complete or new.values() != old.values():
        _warn(
            warnings,
            "duplicate_fragment_ignored",
            f"{_describe(new.row)}: a fragment repeating row {key} "
            f"({new.found} value(s)) was ignored",
            new.row.line,
        )
    return False


def _note_fit(key: str, p: Placement, warnings: list[ParseWarning]) -> None:
    if p.fit is Fit.REPAIRED:
        _warn(
            warnings,
            "split_digits_repaired",
            f"{_describe(p.row)}: {[t.text for t in p.row.data if t.text]} has more values "
            f"than columns; joined split digits to {p.values()}, the only reading where the "
            "six applicant columns add up to 总计",
            p.row.line,
        )
    elif p.fit is Fit.BLANKS_DROPPED:
        _warn(
            warnings,
            "blank_cells_dropped",
            f"{_describe(p.row)} (row {key}) has {len(p.row.data)} cells for {WIDTH} columns; "
            f"without its blank ones it has a value per column that add up (H3): {p.values()}",
            p.row.line,
        )
    elif p.fit is Fit.SHORT:
        _warn(
            warnings,
            "short_row",
            f"{_describe(p.row)} (row {key}) has {len(p.row.data)} cell(s) for {WIDTH} "
            "columns; the cells it lacks are reported missing",
            p.row.line,
        )
    elif p.fit is Fit.UNPLACED:
        _warn(
            warnings,
            "values_not_placed",
            f"{_describe(p.row)} (row {key}) has {p.found} value(s) for {WIDTH} columns and "
            "no cell boundaries to place them by; its cells are reported missing",
            p.row.line,
        )


# Column headers that number the columns instead of naming them ("数据1" … "数据6").
_INDEXED_COLUMNS = re.compile(r"(?:数据|数值|列|栏)\s*[1-7]")
# Applicant labels a header must show before its columns count as labelled.
MIN_LABELLED = 4
# Each column's label and the match keys of the ways a header prints it.
_COLUMN_KEYS = [(c.label, tuple(match_key(x) for x in c.labels)) for c in S3_COLUMNS]


def _header_labelled(tokens: list[Token], warnings: list[ParseWarning]) -> bool:
    """Whether the header names the applicant columns; warns about the labels it lacks."""
    head = "".join(t.text for t in tokens[:200])
    text = match_key(head)
    absent = [label for label, keys in _COLUMN_KEYS if not any(k in text for k in keys)]
    indexed = len(set(_INDEXED_COLUMNS.findall(head))) >= 3
    if absent and len(absent) < len(S3_COLUMNS) and not indexed:
        _warn(
            warnings,
            "column_label_not_found",
            "table 三 header lacks column label(s) "
            + "、".join(absent)
            + "; columns were read in the template order",
            None,
        )
    named = len(S3_COLUMNS) - len(absent)
    return not indexed and named >= MIN_LABELLED


def _confirm_order(placed: dict[str, Placement], warnings: list[ParseWarning]) -> bool:
    """Columns without usable labels are read in the template order (six applicant columns,
    then 总计) only where H3 confirms it: some row with values adds up across its columns."""
    rows = [[_number(t) for t in p.tokens] for p in placed.values() if p.complete]
    full = [r for r in rows if None not in r and any(r)]
    holding = sum(1 for r in full if _row_identity(r))  # type: ignore[arg-type]
    if full and not holding:
        _warn(
            warnings,
            "columns_unconfirmed",
            "table 三's columns carry no usable labels and no row adds up when they are read "
            "in the template order; its cells are reported missing",
            None,
        )
        return False
    _warn(
        warnings,
        "columns_by_position",
        "table 三's columns carry no usable labels (数据1…数据6 or none); they were read in "
        f"the template order, which H3 confirms on {holding} of {len(full)} full rows",
        None,
    )
    return True


def _version(found: set[str], warnings: list[ParseWarning]) -> FormatVersion | None:
    new, old = _V2021_ONLY & found, _V2019_ONLY & found
    if new and old:
        _warn(
            warnings,
            "mixed_template",
            "table 三 has both (六)其他处理 as one row and its sub-rows; read as v2021",
            None,
        )
    if new or old:
        return FormatVersion.V2021 if new else FormatVersion.V2019
    return None


def parse_s3(
    tokens: list[Token], *, version_hint: FormatVersion | None, fallback: Source | None
) -> S3Result:
    """Read table 三 from its section's tokens."""
    warnings: list[ParseWarning] = []
    placed: dict[str, Placement] = {}
    blanks: dict[str, RawRow] = {}
    runs: dict[str, tuple[RawRow, Token]] = {}
    last_complete = -1
    rows = assemble_rows(tokens)
    _number_groups(rows)
    leads = learn_leads([(r, WIDTH) for r in rows if r.has_values])
    for row in rows:
        match = MATCHER.match(row.label_texts, after=last_complete)
        if match is None:
            if row.has_values and not row.placeholder:
                _warn(
                    warnings,
                    "values_without_row",
                    f"line {row.line}: values {[t.text for t in row.data if t.text]} follow "
                    f"no known row label ({row.printed_label!r}); ignored",
                    row.line,
                )
            continue
        row.label_start = match.first
        key = match.target.key
        note = match.warning(row.printed_label) if match.fuzzy and row.has_values else None
        if note:
            _warn(warnings, "label_fuzzy", f"line {row.line}: table 三 {note}", row.line)
        if key in _HEADER_WORD_ROWS and not placed and not runs and row.has_values:
            shown = [t.text for t in row.data if t.text]
            if not all(is_na_token(text) for text in shown):  # a placeholder row says nothing
                _warn(
                    warnings,
                    "values_without_row",
                    f"line {row.line}: values {shown} follow the column header "
                    f"{row.printed_label!r} before any row; ignored",
                    row.line,
                )
            continue
        if not row.has_values:
            if match.exact:
                blanks.setdefault(key, row)
            continue
        run = row.digit_run(WIDTH)
        if run is not None:
            if key in runs or key in placed:
                _warn(
                    warnings,
                    "duplicate_fragment_ignored",
                    f"{_describe(row)}: row {key} appears again; ignored",
                    row.line,
                )
            else:
                runs[key] = (row, run)
                last_complete = max(last_complete, ORDER[key])
            continue
        placement = _lone_run_with_blanks(row)
        if placement is not None:
            _warn(
                warnings,
                "digit_run_ambiguous",
                f"{_describe(row)}: its only value {placement.ambiguous[0].split(' | ')[0]!r} "
                "stands alone with every other cell blank, 总计 too; it may be the row's cells "
                "run together, so its cells are reported ambiguous",
                row.line,
            )
        else:
            placement = place(row, WIDTH, _row_identity, leads.get(lead_key(row)))
            if placement.fit is Fit.UNPLACED and not row.explicit:
                values = [t for t in row.data if t.kind is not TokenKind.BLANK]
                placement = total_only(row, WIDTH, values) or placement
        if _accept(key, placement, placed, warnings) and placement.complete:
            last_complete = max(last_complete, ORDER[key])
    if not placed and not runs:
        return S3Result({}, None, warnings)
    labelled = _header_labelled(tokens, warnings)
    version = _version(placed.keys() | runs.keys(), warnings) or version_hint or FormatVersion.V2021
    _keep_totals_only_if_blank_columns(placed)
    _resolve_alternatives(placed, version, warnings)
    placed.update(_decode_runs(runs, placed, version, warnings))
    _drop_unconfirmed_totals(placed, version, warnings)
    _note_totals_only(placed, warnings)
    if not labelled and not _confirm_order(placed, warnings):
        placed = {}
    cells: dict[str, dict[str, Cell]] = {}
    for spec in S3_ROWS[version]:
        if spec.key in placed:
            _note_fit(spec.key, placed[spec.key], warnings)
            cells[spec.key] = cells_for(placed[spec.key], COLUMNS, fallback=fallback)
        elif spec.key in blanks:
            cells[spec.key] = blank_cells(blanks[spec.key], COLUMNS, fallback)
        else:
            _warn(
                warnings,
                "row_missing",
                f"table 三 row {spec.number}{spec.label} ({spec.key}) not found",
                None,
            )
            cells[spec.key] = missing_cells(COLUMNS)
    return S3Result(cells, version, warnings, len(placed))
