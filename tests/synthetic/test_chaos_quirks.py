"""Property: every quirk of QUIRKS.md, alone, in hundreds of generated reports across every format
it applies to, parses back to the generated cells, or to null with a warning where the rendering
destroyed the value; never to another number, never a crash.

Expected cells come from the generator (records, then the chaos renderer's RECORD quirks, which
say what is printed); the parser is never asked what the truth is. The recovered share per quirk
is printed at the end of the run (tests/synthetic/conftest.py).
"""

from __future__ import annotations

import pytest

from synthetic.chaos import ChaosFormat, Quirk
from tests.synthetic.chaos_harness import Tally, make_case, quirk_plan, run_plan, score


@pytest.mark.slow
def test_clean_renderings_parse_back(chaos_tally: Tally) -> None:
    """The baseline: the chaos renderer's own formats with no quirk at all."""
    run_plan("none", quirk_plan(None), chaos_tally)


@pytest.mark.slow
@pytest.mark.parametrize("quirk", list(Quirk), ids=[q.value for q in Quirk])
def test_each_quirk_alone_never_gives_a_wrong_number(quirk: Quirk, chaos_tally: Tally) -> None:
    run_plan(quirk.value, quirk_plan(quirk), chaos_tally)


def test_dashes_between_numbers_in_table_three_keep_their_columns() -> None:
    """Found by a CI run whose plan order differed: the tab cells "—", "0", "—" of one row and
    "—", "1", "—" of a later one (0 then 1) were taken out as dashed page footers."""
    case = make_case([Quirk.NA_MARKS], ChaosFormat.TAB, 983715963)
    result = score(case)
    assert not result.wrong, result.describe()
