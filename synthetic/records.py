"""Synthetic Report records that satisfy every identity of the design (H1-H7, and S1 in a corpus).

The numbers are built so the identities hold by construction: each applicant column draws its
new and carried-over requests, keeps a few for next year, and spreads the rest over the outcome
rows; the total column and every 四 total are sums. A blank/"/" knob then breaks cells on purpose
for tests that need not-assessable checks. Everything is a pure function of the seed.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Iterator, Mapping, Sequence

from ingest.normalize import match_key
from ingest.numbers import parse_cell
from ingest.schema import (
    Cell,
    InferenceMethod,
    Inferred,
    Report,
    ReportMeta,
    Section,
    SourceFormat,
    SourceInfo,
)
from ingest.template import (
    MONEY_FIELDS,
    NARRATIVE_SECTIONS,
    S3_APPLICANT_KEYS,
    S3_ROWS,
    S4_BLOCKS,
    S4_RESULTS,
    SECTION_NUMERALS,
    SECTION_TITLES,
    FormatVersion,
)
from synthetic.agencies import Agency, AgencySize, catalogue
from synthetic.narrative import NarrativeFacts, write_narrative
from synthetic.proactive import proactive_raws

# Who asks: natural persons dominate (column keys of table 三).
APPLICANT_WEIGHTS: dict[str, float] = {
    "natural_person": 0.82,
    "commercial": 0.08,
    "research": 0.01,
    "social_org": 0.01,
    "legal_service": 0.04,
    "other": 0.04,
}
# How requests end (outcome rows of table 三, v2021).
OUTCOME_WEIGHTS_V2021: dict[str, float] = {
    "granted": 0.34,
    "partially_granted": 0.08,
    "denied_state_secret": 0.004,
    "denied_law_prohibited": 0.01,
    "denied_security_stability": 0.004,
    "denied_third_party": 0.02,
    "denied_internal_affairs": 0.015,
    "denied_process_info": 0.02,
    "denied_enforcement_file": 0.01,
    "denied_admin_query": 0.02,
    "unable_not_held": 0.25,
    "unable_needs_creation": 0.04,
    "unable_unclear": 0.03,
    "not_processed_complaint": 0.03,
    "not_processed_duplicate": 0.03,
    "not_processed_publication": 0.01,
    "not_processed_excessive": 0.01,
    "not_processed_confirm_reissue": 0.01,
    "other_no_correction": 0.03,
    "other_fee_unpaid": 0.002,
    "other_misc": 0.03,
}
_V2021_OTHER = ("other_no_correction", "other_fee_unpaid", "other_misc")
OUTCOME_WEIGHTS_V2019: dict[str, float] = {
    k: w for k, w in OUTCOME_WEIGHTS_V2021.items() if k not in _V2021_OTHER
} | {"other_total": sum(OUTCOME_WEIGHTS_V2021[k] for k in _V2021_OTHER)}
OUTCOME_WEIGHTS = {
    FormatVersion.V2021: OUTCOME_WEIGHTS_V2021,
    FormatVersion.V2019: OUTCOME_WEIGHTS_V2019,
}

# (probability, low, high) bands of a year's new requests, by agency size.
_VOLUME: dict[AgencySize, tuple[tuple[float, int, int], ...]] = {
    AgencySize.SMALL: ((0.35, 0, 0), (0.40, 1, 5), (0.20, 6, 30), (0.05, 31, 80)),
    AgencySize.MEDIUM: ((0.15, 0, 0), (0.30, 1, 5), (0.40, 6, 60), (0.15, 61, 200)),
    AgencySize.LARGE: ((0.05, 0, 0), (0.15, 1, 5), (0.45, 6, 100), (0.35, 101, 600)),
}
# Chance that each 四 block (复议, 直接起诉, 复议后起诉) has cases, by agency size.
_APPEAL_RATE: dict[AgencySize, tuple[float, float, float]] = {
    AgencySize.SMALL: (0.05, 0.03, 0.01),
    AgencySize.MEDIUM: (0.15, 0.08, 0.03),
    AgencySize.LARGE: (0.35, 0.22, 0.08),
}
_APPEAL_OUTCOMES: dict[str, float] = {
    "upheld": 0.55,
    "corrected": 0.1,
    "other": 0.2,
    "pending": 0.15,
}

S3Values = dict[str, dict[str, int]]


def derive_seed(*parts: object) -> int:
    """A 64-bit seed from any parts; stable across runs (unlike hash())."""
    digest = hashlib.sha256(":".join(map(str, parts)).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


def version_for_year(year: int) -> FormatVersion:
    """Reports on 2020 and earlier used the 2019 trial template; later ones the 2021 revision."""
    return FormatVersion.V2019 if year <= 2020 else FormatVersion.V2021


def split_count(rng: random.Random, n: int, weights: Mapping[str, float]) -> dict[str, int]:
    """Spread `n` items over the keys of `weights` (a multinomial draw)."""
    counts = dict.fromkeys(weights, 0)
    for key in rng.choices(list(weights), list(weights.values()), k=n):
        counts[key] += 1
    return counts


def _volume(rng: random.Random, size: AgencySize) -> int:
    bands = _VOLUME[size]
    _, low, high = rng.choices(bands, [b[0] for b in bands])[0]
    if low == high:
        return low
    return int(math.exp(rng.uniform(math.log(low), math.log(high + 1))))


def _initial_carry(rng: random.Random, new: Mapping[str, int]) -> dict[str, int]:
    """Carried over from a year we do not generate: mostly none, sometimes a few."""
    return {
        c: rng.randint(1, max(1, n // 8)) if n and rng.random() < 0.15 else 0
        for c, n in new.items()
    }


def _carry_forward(rng: random.Random, available: int) -> int:
    """Requests still open at year end: more likely the more requests there were."""
    if available == 0 or rng.random() >= min(0.5, 0.1 + available / 200):
        return 0
    return rng.randint(1, max(1, available // 10))


def _checked_carry(carried_over: Mapping[str, int]) -> dict[str, int]:
    unknown = set(carried_over) - {*S3_APPLICANT_KEYS, "total"}
    if unknown:
        raise KeyError(f"carried_over has unknown columns: {sorted(unknown)}")
    out = {c: int(carried_over.get(c, 0)) for c in S3_APPLICANT_KEYS}
    if any(v < 0 for v in out.values()):
        raise ValueError(f"carried_over counts must be >= 0, got {out}")
    return out


def s3_values(
    rng: random.Random,
    size: AgencySize,
    version: FormatVersion,
    carried_over: Mapping[str, int] | None,
) -> S3Values:
    """Table 三 as numbers, row -> column -> count, satisfying H1, H2 and H3."""
    new = split_count(rng, _volume(rng, size), APPLICANT_WEIGHTS)
    carry = _checked_carry(carried_over) if carried_over is not None else _initial_carry(rng, new)
    rows: S3Values = {r.key: {} for r in S3_ROWS[version]}
    for col in S3_APPLICANT_KEYS:
        available = new[col] + carry[col]
        forward = _carry_forward(rng, available)
        outcomes = split_count(rng, available - forward, OUTCOME_WEIGHTS[version])
        for key, n in outcomes.items():
            rows[key][col] = n
        rows["new_received"][col] = new[col]
        rows["carried_over"][col] = carry[col]
        rows["total_processed"][col] = available - forward
        rows["carried_forward"][col] = forward
    for cols in rows.values():
        cols["total"] = sum(cols[c] for c in S3_APPLICANT_KEYS)
    return rows


def s4_values(rng: random.Random, size: AgencySize) -> dict[str, int]:
    """Table 四 as numbers: most blocks empty, a few cases otherwise; totals are sums."""
    out: dict[str, int] = {}
    for block, rate in zip(S4_BLOCKS, _APPEAL_RATE[size], strict=True):
        cases = 0
        if rng.random() < rate:
            cases = rng.choice((1, 1, 1, 2, 2, 3, 4)) + (
                rng.randint(0, 12) if size is AgencySize.LARGE else 0
            )
        parts = split_count(rng, cases, _APPEAL_OUTCOMES)
        for res in S4_RESULTS:
            out[f"{block.key}_{res.key}"] = cases if res.key == "total" else parts[res.key]
    return out


def _cell(rng: random.Random, raw: str, blank_probability: float, *, money: bool = False) -> Cell:
    """The printed cell; with `blank_probability` it prints blank or "/" instead."""
    if blank_probability and rng.random() < blank_probability:
        raw = rng.choice(("", "/"))
    return parse_cell(raw, money=money)


def carried_forward_of(report: Report) -> dict[str, int]:
    """Next year's carried_over (S1): this report's carried_forward row; blank counts as 0."""
    row = report.s3.get("carried_forward", {})
    return {c: int(row[c].value or 0) if c in row else 0 for c in S3_APPLICANT_KEYS}


def _facts(s3: S3Values, s4: Mapping[str, int], s2: Mapping[str, str]) -> NarrativeFacts:
    def total(row: str) -> int:
        return s3[row]["total"]

    return NarrativeFacts(
        new_received=total("new_received"),
        carried_over=total("carried_over"),
        total_processed=total("total_processed"),
        carried_forward=total("carried_forward"),
        granted=total("granted"),
        partially_granted=total("partially_granted"),
        review_cases=s4["review_total"],
        litigation_cases=s4["litigation_direct_total"] + s4["litigation_after_review_total"],
        normative_docs_issued=int(
            s2.get("normative_docs_issued", s2.get("normative_docs_new_made", "0"))
        ),
    )


def generate_report(
    rng_seed: int,
    *,
    agency: Agency,
    year: int,
    version: FormatVersion | None = None,
    carried_over: Mapping[str, int] | None = None,
    blank_probability: float = 0.0,
) -> Report:
    """A valid synthetic report of `agency` for `year`, a pure function of the arguments.

    `carried_over` (applicant column -> count) chains years; `blank_probability` prints that
    share of cells blank or "/" (their identities become not assessable).
    """
    version = version or version_for_year(year)
    rng = random.Random(rng_seed)
    s3 = s3_values(rng, agency.size, version, carried_over)
    s4 = s4_values(rng, agency.size)
    s2 = proactive_raws(rng, agency, version)
    blank_rng = random.Random(derive_seed(rng_seed, "blank"))
    report_id = f"syn{derive_seed(rng_seed, agency.name, year):016x}"[:15]
    title = f"{agency.name}{year}年政府信息公开工作年度报告"
    texts = write_narrative(derive_seed(rng_seed, "narrative"), agency, year, _facts(s3, s4, s2))
    evidence = Inferred(method=InferenceMethod.TITLE, confidence=1.0, evidence=title)
    return Report(
        id=report_id,
        agency=agency.name,
        agency_key=match_key(agency.name),
        region=agency.region,
        year=year,
        format_version=version,
        source=SourceInfo(
            path=f"synthetic/{report_id}",
            sha256=hashlib.sha256(report_id.encode()).hexdigest(),
            format=SourceFormat.TXT,
        ),
        meta=ReportMeta(
            title=title,
            agency=evidence.model_copy(update={"value": agency.name}),
            region=evidence.model_copy(update={"value": agency.region}),
            year=evidence.model_copy(update={"value": year}),
        ),
        s2={
            k: _cell(blank_rng, raw, blank_probability, money=k in MONEY_FIELDS)
            for k, raw in s2.items()
        },
        s3={
            row: {c: _cell(blank_rng, str(n), blank_probability) for c, n in cols.items()}
            for row, cols in s3.items()
        },
        s4={k: _cell(blank_rng, str(n), blank_probability) for k, n in s4.items()},
        sections={
            key: Section(
                key=key, title=f"{SECTION_NUMERALS[key]}、{SECTION_TITLES[key]}", text=texts[key]
            )
            for key in NARRATIVE_SECTIONS
        },
    )


def generate_corpus(
    n_agencies: int, years: Sequence[int], seed: int, *, blank_probability: float = 0.0
) -> list[Report]:
    """Reports of the first `n_agencies` catalogue agencies for every year, agency by agency.

    Consecutive years are chained: carried_over(Y) == carried_forward(Y-1) per column (S1).
    """
    return list(iter_corpus(n_agencies, years, seed, blank_probability=blank_probability))


def iter_corpus(
    n_agencies: int, years: Sequence[int], seed: int, *, blank_probability: float = 0.0
) -> Iterator[Report]:
    """generate_corpus one report at a time (a large corpus need not be held in memory)."""
    for index, agency in enumerate(catalogue(n_agencies)):
        previous: Report | None = None
        for year in sorted(set(years)):
            chained = previous is not None and previous.year == year - 1
            report = generate_report(
                derive_seed(seed, index, agency.name, year),
                agency=agency,
                year=year,
                carried_over=carried_forward_of(previous) if chained and previous else None,
                blank_probability=blank_probability,
            )
            yield report
            previous = report
