"""The design's identities (H1-H7, S1) as plain arithmetic, written independently of
`ingest.checks` and of the generator, so generator tests check against the design itself."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from ingest.schema import Report

APPLICANTS = ("natural_person", "commercial", "research", "social_org", "legal_service", "other")
COLUMNS = (*APPLICANTS, "total")
_DENIED = tuple(
    f"denied_{k}"
    for k in (
        "state_secret",
        "law_prohibited",
        "security_stability",
        "third_party",
        "internal_affairs",
        "process_info",
        "enforcement_file",
        "admin_query",
    )
)
_UNABLE = ("unable_not_held", "unable_needs_creation", "unable_unclear")
_NOT_PROCESSED = tuple(
    f"not_processed_{k}"
    for k in ("complaint", "duplicate", "publication", "excessive", "confirm_reissue")
)
_COMMON = ("granted", "partially_granted", *_DENIED, *_UNABLE, *_NOT_PROCESSED)
OUTCOMES = {
    "v2021": (*_COMMON, "other_no_correction", "other_fee_unpaid", "other_misc"),
    "v2019": (*_COMMON, "other_total"),
}
S3_ROW_KEYS = {
    v: ("new_received", "carried_over", *rows, "total_processed", "carried_forward")
    for v, rows in OUTCOMES.items()
}
S2_KEYS = {
    "v2021": (
        "regulations_issued",
        "regulations_repealed",
        "regulations_in_force",
        "normative_docs_issued",
        "normative_docs_repealed",
        "normative_docs_in_force",
        "licensing_decisions",
        "penalty_decisions",
        "coercion_decisions",
        "admin_fee_amount_wan",
    ),
    "v2019": (
        *(f"{p}_{s}" for p in ("regulations", "normative_docs")
          for s in ("new_made", "new_published", "total_published")),
        *(f"{p}_{s}" for p in ("licensing", "other_services", "penalty", "coercion")
          for s in ("items_prev_year", "items_change", "decisions")),
        "admin_fee_items_prev_year",
        "admin_fee_items_change",
        "procurement_projects",
        "procurement_amount",
    ),
}  # fmt: skip
MONEY = {"admin_fee_amount_wan", "procurement_amount"}
S4_BLOCKS = ("review", "litigation_direct", "litigation_after_review")
S4_KEYS = tuple(
    f"{b}_{r}" for b in S4_BLOCKS for r in ("upheld", "corrected", "other", "pending", "total")
)


def _v(report: Report, row: str, col: str) -> int | float | None:
    return report.s3[row][col].value


def identity_failures(report: Report) -> list[str]:
    """Every violated identity H1-H7, as readable strings (empty when the record is valid)."""
    v = str(report.format_version)
    bad: list[str] = []
    for col in COLUMNS:
        lhs = _v(report, "new_received", col) + _v(report, "carried_over", col)
        rhs = _v(report, "total_processed", col) + _v(report, "carried_forward", col)
        if lhs != rhs:
            bad.append(f"H1 {col}: {lhs} != {rhs}")
        outcome_sum = sum(_v(report, r, col) for r in OUTCOMES[v])
        if _v(report, "total_processed", col) != outcome_sum:
            bad.append(f"H2 {col}: {_v(report, 'total_processed', col)} != {outcome_sum}")
    for row in S3_ROW_KEYS[v]:
        applicants = sum(_v(report, row, c) for c in APPLICANTS)
        if _v(report, row, "total") != applicants:
            bad.append(f"H3 {row}: {_v(report, row, 'total')} != {applicants}")
    for block in S4_BLOCKS:
        parts = sum(
            report.s4[f"{block}_{r}"].value for r in ("upheld", "corrected", "other", "pending")
        )
        if report.s4[f"{block}_total"].value != parts:
            bad.append(f"H4-6 {block}: {report.s4[f'{block}_total'].value} != {parts}")
    bad += _h7_failures(report)
    return bad


def _h7_failures(report: Report) -> list[str]:
    bad: list[str] = []
    counts = [(f"s3.{r}.{c}", cell) for r, cols in report.s3.items() for c, cell in cols.items()]
    counts += [(f"s4.{k}", cell) for k, cell in report.s4.items()]
    counts += [(f"s2.{k}", cell) for k, cell in report.s2.items() if k not in MONEY]
    for name, cell in counts:
        signed = name.endswith("_change")
        if type(cell.value) is not int or (cell.value < 0 and not signed):
            bad.append(f"H7 {name}: {cell.value!r} is not a count")
        elif int(cell.raw.replace(",", "").lstrip("+")) != cell.value:
            bad.append(f"H7 {name}: raw {cell.raw!r} does not print {cell.value}")
    for key in MONEY & set(report.s2):
        raw = report.s2[key].raw
        amount = Decimal(raw)
        if amount < 0 or amount.as_tuple().exponent < -4 or amount != report.s2[key].value:
            bad.append(f"H7 s2.{key}: {raw!r} / {report.s2[key].value!r} is not 万元 >= 0, <= 4 dp")
    return bad


def s1_failures(reports: list[Report]) -> list[str]:
    """carried_over(Y) == carried_forward(Y-1) for every agency, column and consecutive year."""
    by_agency: dict[str, dict[int, Report]] = defaultdict(dict)
    for r in reports:
        by_agency[r.agency][r.year] = r
    bad: list[str] = []
    for agency, years in by_agency.items():
        for year, report in years.items():
            prev = years.get(year - 1)
            for col in COLUMNS if prev else ():
                before = prev.s3["carried_forward"][col].value
                now = report.s3["carried_over"][col].value
                if before != now:
                    bad.append(f"S1 {agency} {year} {col}: {now} != {before}")
    return bad
