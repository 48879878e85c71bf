"""Property: quirks in random combinations (two to five in one file, in a format all of them
apply to) never give a wrong number either; the combined damage may lose more cells, but each
loss comes with a warning. Seeds are fixed: a failure names the case that reproduces it."""

from __future__ import annotations

import random

import pytest

from synthetic.chaos import compatible, formats_for
from tests.synthetic.chaos_harness import (
    COMBINATIONS,
    Tally,
    case_seed,
    combination,
    combination_plan,
    run_plan,
)


def test_combinations_hold_together_in_their_format() -> None:
    for i in range(200):
        quirks, fmt = combination(random.Random(case_seed("combination", i)))
        assert 2 <= len(quirks) <= 5
        assert compatible(set(quirks)) and fmt in formats_for(set(quirks))


@pytest.mark.slow
def test_random_combinations_never_give_a_wrong_number(chaos_tally: Tally) -> None:
    run_plan("combinations", combination_plan(COMBINATIONS), chaos_tally)
