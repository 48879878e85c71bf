"""The agency catalogue is fictional, fixed, and consistent with its regions."""

from __future__ import annotations

import csv
import importlib.util
import re
from pathlib import Path

import pytest

from synthetic.agencies import AGENCIES, catalogue


def _real_place_names() -> set[str]:
    """Every name in cpca's administrative-division list. Located without importing cpca,
    whose __init__ needs pkg_resources (gone from recent setuptools)."""
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("cpca is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"
    with path.open(encoding="utf-8") as f:
        return {row["name"] for row in csv.DictReader(f)}


def test_a_few_dozen_distinct_agencies():
    names = [a.name for a in AGENCIES]
    assert 24 <= len(names) <= 60
    assert len(set(names)) == len(names)


def test_regions_are_made_up_names_with_a_level_suffix():
    for agency in AGENCIES:
        assert re.fullmatch(r"(示例|样例|演示|示范|虚构)[县市区]", agency.region)
        assert agency.name.startswith(agency.region) and len(agency.name) > len(agency.region)
        level = {"县": "county", "市": "city", "区": "district"}[agency.region[-1]]
        assert agency.level == level


def test_no_real_place_name_in_any_region_or_agency_name():
    real = _real_place_names()
    assert "郏县" in real and "范县" in real  # the list is the real one
    assert {a.region for a in AGENCIES}.isdisjoint(real)
    # not even inside a name: "示范县" would contain the real 范县
    for agency in AGENCIES:
        assert [n for n in real if len(n) >= 2 and n in agency.name] == []


def test_catalogue_prefixes_span_several_regions():
    assert len({a.region for a in catalogue(10)}) >= 5
    assert catalogue(5) == list(AGENCIES[:5])
    assert catalogue() == list(AGENCIES)
    with pytest.raises(ValueError):
        catalogue(-1)


def test_thousands_of_agencies_for_scale_runs_are_distinct_and_fictional():
    agencies = catalogue(2500)
    assert len({a.name for a in agencies}) == 2500
    assert agencies[: len(AGENCIES)] == list(AGENCIES)  # the hand-written ones come first
    real = [n for n in _real_place_names() if len(n) >= 2]
    regions = {a.region for a in agencies}
    assert [(r, n) for r in regions for n in real if n in r] == []
    with pytest.raises(ValueError, match="at most"):
        catalogue(100_000)
