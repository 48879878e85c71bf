"""Property: every quirk of QUIRKS.md, alone, in hundreds of generated reports across every format
it applies to, parses back to the generated cells, or to null with a warning where the rendering
destroyed the value; never to another number, never a crash.

Expected cells come from the generator (records, then the chaos renderer's RECORD quirks, which
say what is printed); the parser is never asked what the truth is. The recovered share per quirk
is printed at the end of the run (tests/synthetic/conftest.py).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from synthetic.chaos import ChaosCase, ChaosFormat, Quirk
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


def _s4_blank_first_tables() -> ChaosCase:
    """Table 四 as three small tables, the first two all blank, only the third with numbers."""
    return make_case([Quirk.BLANK_ZERO, Quirk.S4_THREE_TABLES], ChaosFormat.MARKDOWN, 983242245)


def test_blank_small_tables_of_table_four_keep_their_blocks() -> None:
    """Found by a seed sweep: the two blank small tables were skipped, so the third table's
    values (复议后起诉) landed in the 行政复议 columns."""
    case = _s4_blank_first_tables()
    assert "| 1 | 1 |  |  | 2 |" in case.file.data.decode()  # the case still has the shape
    result = score(case)
    assert not result.wrong, result.describe()
    assert result.parsed is not None
    assert result.parsed.s4["litigation_after_review_total"].value == 2


def test_untitled_lone_block_table_of_table_four_stays_missing() -> None:
    """One five-cell small table that no title names could be any block: its cells are missing
    with a warning, never read into the first block's columns."""
    case = _s4_blank_first_tables()
    text = case.file.data.decode()
    titles = [line for line in text.splitlines() if line.startswith("### 行政")]
    assert len(titles) == 3
    for title in titles:
        text = text.replace(title + "\n", "")
    header = "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 合计 |"
    first, last = text.index(header), text.rindex(header)
    text = text[:first] + text[last:]  # keep only the small table with the numbers
    result = score(replace(case, file=replace(case.file, data=text.encode())))
    assert not result.wrong, result.describe()
    assert result.parsed is not None
    assert result.parsed.s4["review_upheld"].value is None
    assert any("table 四" in w for w in result.warnings)
