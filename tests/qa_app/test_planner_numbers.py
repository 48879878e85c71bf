"""Numbers and years as questions write them, and the comparisons, top-N and claims they make."""

from __future__ import annotations

import pytest

from qa_app.question.lexicon import find_quantities
from qa_app.question.numerals import parse_chinese_numeral, parse_en_number
from qa_app.question.plan import Comparison, Op
from qa_app.question.years import find_numbers, read_years


@pytest.mark.parametrize(
    ("text", "value"),
    [("九", 9), ("十", 10), ("十二", 12), ("二十", 20), ("二十五", 25), ("一百零五", 105),
     ("两千", 2000), ("三万五千", 35000), ("二〇二四", 2024), ("二零二二", 2022), ("零", 0),
     ("万", None), ("abc", None), ("", None)],
)  # fmt: skip
def test_chinese_numerals(text: str, value: int | None) -> None:
    assert parse_chinese_numeral(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [("nine", 9), ("twelve", 12), ("twenty-five", 25), ("two hundred", 200), ("many", None)],
)
def test_english_number_words(text: str, value: int | None) -> None:
    assert parse_en_number(text) == value


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("行政复议是9件吗", [9]),
        ("行政复议是九件吗", [9]),
        ("收到十二件", [12]),
        ("两千件申请", [2000]),
        ("1.5万元", [15000]),
        ("公开率是85.5%吗", [85.5]),
        ("百分之五十", [50]),
        ("一共有几件，一是……统一", []),  # numeral characters inside words are no numbers
        ("第一", []),
    ],
)
def test_numbers_in_questions(text: str, values: list[float]) -> None:
    assert [h.value for h in find_numbers(text)] == values


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("2024年", [2024]),
        ("in 2024", [2024]),
        ("2024年度", [2024]),
        ("二〇二四年", [2024]),
        ("2023年和2024年", [2023, 2024]),
        ("2022-2024年", [2022, 2023, 2024]),
        ("2022年至2024年", [2022, 2023, 2024]),
        ("2022到2024", [2022, 2023, 2024]),
        ("from 2022 to 2024", [2022, 2023, 2024]),
        ("between 2022 and 2024", [2022, 2023, 2024]),
        ("2022年以来", [2022, 2023, 2024]),
        ("since 2023", [2023, 2024]),
        ("近三年", [2022, 2023, 2024]),
        ("最近2年", [2023, 2024]),
        ("over the last three years", [2022, 2023, 2024]),
        ("今年", [2024]),
        ("去年", [2023]),
        ("last year", [2023]),
        ("前年", [2022]),
        ("2022年与上年相比", [2021, 2022]),
        ("上年结转的申请", []),  # a row of table 三, not a year
        ("carried over from last year", []),
        ("行政许可上一年项目数量", []),
        ("收到2000件", []),  # a count, not a year
        ("收到多少申请", []),
    ],
)
def test_years(text: str, years: list[int]) -> None:
    assert read_years(text, latest=2024).years == years


def test_relative_years_are_recorded_and_need_a_latest_year() -> None:
    reading = read_years("去年和近三年", latest=2024)
    assert (reading.relative, reading.unresolved) == (["去年", "近三年"], [])
    reading = read_years("去年公开率", latest=None)
    assert (reading.years, reading.unresolved) == ([], ["去年"])


def test_recent_years_ask_for_a_trend_over_all_years() -> None:
    reading = read_years("近几年行政诉讼", latest=2024)
    assert (reading.years, reading.recent) == ([], True)


@pytest.mark.parametrize(
    ("text", "top_n"),
    [("前5个机关", 5), ("前五名", 5), ("排名前10", 10), ("top 3 agencies", 3),
     ("top five", 5), ("the 4 agencies with the most", 4), ("最多的三个单位", 3),
     ("which 3 agencies", 3), ("哪三个单位", 3)],
)  # fmt: skip
def test_top_n(text: str, top_n: int) -> None:
    assert find_quantities(text).top_n == top_n


@pytest.mark.parametrize(
    ("text", "op", "value"),
    [
        ("超过100件", Op.GT, 100),
        ("大于两件", Op.GT, 2),
        ("多于3个", Op.GT, 3),
        ("不少于5件", Op.GE, 5),
        ("至少5件", Op.GE, 5),
        ("10件以上", Op.GE, 10),
        ("少于3件", Op.LT, 3),
        ("不超过3件", Op.LE, 3),
        ("5件以下", Op.LE, 5),
        ("等于4", Op.EQ, 4),
        ("more than 100", Op.GT, 100),
        ("over ten", Op.GT, 10),
        ("at least 3", Op.GE, 3),
        ("3 or more", Op.GE, 3),
        ("fewer than 5", Op.LT, 5),
        ("at most 2", Op.LE, 2),
        ("exactly 7", Op.EQ, 7),
    ],
)
def test_comparisons(text: str, op: Op, value: float) -> None:
    assert find_quantities(text).comparison == Comparison(op=op, value=value)


@pytest.mark.parametrize(
    ("text", "zero"),
    [("没有□", True), ("有没有□", False), ("为零", True), ("had no □", True), ("zero", True),
     ("without □", True), ("有□", False), ("had □", False)],
)  # fmt: skip
def test_none_at_all(text: str, zero: bool) -> None:
    assert find_quantities(text).zero is zero


def test_what_no_pattern_claims_is_a_loose_number() -> None:
    quantities = find_quantities("前3个单位中是9件吗")
    assert quantities.top_n == 3
    assert [h.value for h in quantities.loose] == [9]
    assert [h.value for h in find_quantities("did it receive twelve □").loose] == [12]
