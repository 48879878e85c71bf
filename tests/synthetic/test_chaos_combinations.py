"""Property: quirks in random combinations (two to five in one file, in a format all of them
apply to) never give a wrong number either; the combined damage may lose more cells, but each
loss comes with a warning. Seeds are fixed: a failure names the case that reproduces it."""

from __future__ import annotations

import random

import pytest

from synthetic.chaos import ChaosFormat, Quirk, compatible, formats_for
from tests.synthetic.chaos_harness import (
    COMBINATIONS,
    Tally,
    case_seed,
    combination,
    combination_plan,
    make_case,
    run_plan,
    score,
)


def test_combinations_hold_together_in_their_format() -> None:
    for i in range(200):
        quirks, fmt = combination(random.Random(case_seed("combination", i)))
        assert 2 <= len(quirks) <= 5
        assert compatible(set(quirks)) and fmt in formats_for(set(quirks))


@pytest.mark.slow
def test_random_combinations_never_give_a_wrong_number(chaos_tally: Tally) -> None:
    run_plan("combinations", combination_plan(COMBINATIONS), chaos_tally)


def test_a_cell_of_digits_run_together_around_a_sign_is_text_not_blank() -> None:
    """Found by a seed sweep: the 2019 table 二 row 行政处罚 printed as '200-2121' (200, -2
    and 121 run together) in one markdown cell was read as a blank cell, so its three values
    were lost on a report without a single warning. The cell is text now, with its warning."""
    case = make_case(
        [Quirk.CONTRADICTING_TOTALS, Quirk.FLATTENED_DIGITS], ChaosFormat.MARKDOWN, 1446567200
    )
    assert "| 200-2121 |" in case.file.data.decode()  # the case still has the shape
    result = score(case)
    assert not result.wrong and not result.silent_losses, result.describe()
    assert result.parsed is not None
    assert result.parsed.s2["penalty_items_prev_year"].raw == "200-2121"
    assert any("200-2121" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("quirks", "fmt", "seed"),
    [
        (
            [Quirk.BROKEN_LABELS, Quirk.LABEL_SPACES, Quirk.MIXED_SEPARATION,
             Quirk.PLACEHOLDER_TABLES, Quirk.TITLE_WITHOUT_COUNTY],
            ChaosFormat.SPACE,
            1081212894,
        ),
        (
            [Quirk.BROKEN_LABELS, Quirk.CRAWLER_DUMP, Quirk.LABEL_TYPOS, Quirk.S4_THREE_TABLES,
             Quirk.SPLIT_TABLE],
            ChaosFormat.SPACE,
            668312678,
        ),
    ],
)  # fmt: skip
def test_the_first_row_s_values_after_the_header_word_other_are_not_row_3_other(
    quirks: list[Quirk], fmt: ChaosFormat, seed: int
) -> None:
    """Found by a sweep of 400 combinations: table 三's header ends in its last column, 其他,
    and the first row printed its values before its broken label ("一、 25 3 1 0 1 0 30", then
    "本年新收…"). The values were read as row 3.其他 (other_misc), which also matches the bare
    label 其他; the real 3.其他 row later was dropped as a conflicting repeat. 3.其他, like 总计,
    is never a table's first row."""
    result = score(make_case(quirks, fmt, seed))
    assert not result.wrong and not result.silent_losses, result.describe()
