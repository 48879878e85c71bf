"""Printed values of table 二 (主动公开) for a synthetic report, by agency profile.

Only city governments make 规章; licensing and penalty counts follow the agency's enforcement
profile and span 0 to tens of thousands; money is in 万元 with 0-4 decimals as reports print it.
"""

from __future__ import annotations

import math
import random

from ingest.template import FormatVersion
from synthetic.agencies import Agency, AgencyLevel, Enforcement


def log_count(rng: random.Random, low: int, high: int) -> int:
    """An integer in [low, high], log-uniform, so small values are as common as large ones."""
    if high <= low:
        return low
    return min(high, int(math.exp(rng.uniform(math.log(low + 1), math.log(high + 2)))) - 1)


def count_raw(rng: random.Random, n: int) -> str:
    """A count as printed: large ones sometimes with thousands separators (74,833)."""
    return f"{n:,}" if n >= 10000 and rng.random() < 0.15 else str(n)


def signed_raw(rng: random.Random, n: int) -> str:
    """A year-on-year change as printed: "-3", "2" or "+2"."""
    if n > 0 and rng.random() < 0.3:
        return f"+{n}"
    return str(n)


def money_raw(rng: random.Random, low: float, high: float, p_zero: float) -> str:
    """An amount in 万元 with 0-4 decimals (2561.768), or a printed zero (0, 0.00, 0.0000)."""
    if rng.random() < p_zero:
        return rng.choice(("0", "0", "0.00", "0.0000"))
    decimals = rng.choice((0, 1, 2, 2, 3, 4, 4))
    amount = math.exp(rng.uniform(math.log(low), math.log(high)))
    text = f"{amount:.{decimals}f}"
    return "0.01" if float(text) == 0 else text


# (probability of zero, low, high) per enforcement level.
_LICENSING = {0: (0.85, 1, 20), 1: (0.4, 1, 300), 2: (0.15, 10, 5000), 3: (0.05, 500, 40000)}
_PENALTY = {0: (1.0, 0, 0), 1: (0.6, 1, 50), 2: (0.2, 1, 800), 3: (0.05, 50, 8000)}
_COERCION = {0: (1.0, 0, 0), 1: (0.9, 1, 10), 2: (0.6, 1, 100), 3: (0.3, 1, 1500)}
_FEE_ZERO = {0: 1.0, 1: 0.7, 2: 0.5, 3: 0.4}


def _activity(rng: random.Random, table: dict[int, tuple[float, int, int]], e: Enforcement) -> int:
    p_zero, low, high = table[int(e)]
    return 0 if rng.random() < p_zero else log_count(rng, low, high)


def _makes_regulations(agency: Agency) -> bool:
    """Only a city-level government (地级市) has the power to make 规章."""
    return agency.level is AgencyLevel.CITY and agency.name.endswith(("人民政府", "人民政府办公室"))


def _docs(rng: random.Random, agency: Agency) -> tuple[int, int, int]:
    """Normative documents: issued, repealed, in force (never fewer in force than issued)."""
    busy = agency.name.endswith(("人民政府", "人民政府办公室"))
    issued = log_count(rng, 0, 40 if busy else 12)
    repealed = log_count(rng, 0, 15 if busy else 6)
    return issued, repealed, issued + log_count(rng, 3, 180 if busy else 60)


def _regulations(rng: random.Random, agency: Agency) -> tuple[int, int, int]:
    if not _makes_regulations(agency):
        return 0, 0, 0
    issued = rng.choice((0, 0, 1, 1, 2, 3))
    return issued, rng.choice((0, 0, 0, 1, 2)), issued + rng.randint(8, 60)


def proactive_v2021(rng: random.Random, agency: Agency) -> dict[str, str]:
    """Raw texts of the v2021 table 二 fields."""
    e = agency.enforcement
    regs, docs = _regulations(rng, agency), _docs(rng, agency)
    return {
        "regulations_issued": str(regs[0]),
        "regulations_repealed": str(regs[1]),
        "regulations_in_force": str(regs[2]),
        "normative_docs_issued": str(docs[0]),
        "normative_docs_repealed": str(docs[1]),
        "normative_docs_in_force": str(docs[2]),
        "licensing_decisions": count_raw(rng, _activity(rng, _LICENSING, e)),
        "penalty_decisions": count_raw(rng, _activity(rng, _PENALTY, e)),
        "coercion_decisions": count_raw(rng, _activity(rng, _COERCION, e)),
        "admin_fee_amount_wan": money_raw(rng, 0.05, 3000.0, _FEE_ZERO[int(e)]),
    }


def _items(rng: random.Random, prefix: str, high_items: int, decisions: int) -> dict[str, str]:
    """v2019 item blocks: items last year, signed change, decisions this year."""
    prev = log_count(rng, 0, high_items) if high_items else 0
    change = 0 if rng.random() < 0.6 else rng.randint(-min(prev, 6), 8)
    return {
        f"{prefix}_items_prev_year": str(prev),
        f"{prefix}_items_change": signed_raw(rng, change),
        f"{prefix}_decisions": count_raw(rng, decisions),
    }


def proactive_v2019(rng: random.Random, agency: Agency) -> dict[str, str]:
    """Raw texts of the v2019 table 二 fields (made/published counts, items, procurement)."""
    e = agency.enforcement
    regs, docs = _regulations(rng, agency), _docs(rng, agency)
    reg_published = rng.randint(0, regs[0])
    doc_published = docs[0] if rng.random() < 0.7 else rng.randint(0, docs[0])
    out = {
        "regulations_new_made": str(regs[0]),
        "regulations_new_published": str(reg_published),
        "regulations_total_published": str(regs[2]),
        "normative_docs_new_made": str(docs[0]),
        "normative_docs_new_published": str(doc_published),
        "normative_docs_total_published": str(docs[2]),
    }
    scale = int(e) + 1
    out |= _items(rng, "licensing", 40 * scale, _activity(rng, _LICENSING, e))
    out |= _items(rng, "other_services", 15 * scale, _activity(rng, _COERCION, e))
    out |= _items(rng, "penalty", 300 * int(e), _activity(rng, _PENALTY, e))
    out |= _items(rng, "coercion", 10 * int(e), _activity(rng, _COERCION, e))
    fee_prev = log_count(rng, 0, 4 * int(e))
    fee_change = 0 if rng.random() < 0.8 else rng.randint(-min(fee_prev, 2), 2)
    out["admin_fee_items_prev_year"] = str(fee_prev)
    out["admin_fee_items_change"] = signed_raw(rng, fee_change)
    projects = log_count(rng, 0, 60)
    out["procurement_projects"] = str(projects)
    out["procurement_amount"] = money_raw(rng, 1.0, 5000.0, 1.0 if projects == 0 else 0.05)
    return out


def proactive_raws(rng: random.Random, agency: Agency, version: FormatVersion) -> dict[str, str]:
    """Raw texts of every table 二 field of `version`."""
    if version is FormatVersion.V2019:
        return proactive_v2019(rng, agency)
    return proactive_v2021(rng, agency)
