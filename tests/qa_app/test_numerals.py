"""Numbers in text: Chinese numerals parsed, every figure found with its span, ids skipped."""

from __future__ import annotations

from decimal import Decimal

import pytest

from qa_app.question.numerals import (
    NumberKind,
    find_numbers,
    fold,
    parse_any_number,
    parse_chinese_numeral,
)
from qa_app.question.years import find_numbers as find_question_numbers


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("零", 0),
        ("〇", 0),
        ("七", 7),
        ("两", 2),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("廿三", 23),
        ("一百零五", 105),
        ("两千三百零五", 2305),
        ("一万零五", 10005),
        ("十万", 100000),
        ("三千万", 30000000),
        ("一亿二千万", 120000000),
        ("第三", 3),
        ("二〇二四", 2024),
        ("二零二四", 2024),
        ("3万", 30000),
        ("1.5万", 15000),
        ("三十六点一", 36.1),
        ("叁拾", 30),
        ("１２", 12),
    ],
)
def test_parse_chinese_numeral(text: str, value: float) -> None:
    assert parse_chinese_numeral(text) == value


@pytest.mark.parametrize("text", ["", "abc", "点五", "十点", "三个"])
def test_not_a_numeral(text: str) -> None:
    assert parse_chinese_numeral(text) is None


def found(text: str) -> list[tuple[str, int, Decimal, NumberKind]]:
    return [(m.text, m.start, m.value, m.kind) for m in find_numbers(text)]


def test_arabic_numbers_with_grouping_decimals_and_percent() -> None:
    text = "共1,234件，公开率36.1%，收费2561.768万元"
    assert found(text) == [
        ("1,234", 1, Decimal(1234), NumberKind.NUMBER),
        ("36.1", 11, Decimal("36.1"), NumberKind.PERCENT),
        ("2561.768", 19, Decimal("2561.768"), NumberKind.NUMBER),
    ]
    assert [m.decimals for m in find_numbers(text)] == [0, 1, 3]


def test_full_width_digits_keep_their_span() -> None:
    assert found("行政复议１２件") == [("１２", 4, Decimal(12), NumberKind.NUMBER)]
    assert fold("１２％") == "12%"


def test_report_and_passage_ids_are_not_numbers() -> None:
    text = "见 [r2d010da56d67:problems:0]，报告r2d010da56d67 共7件，规则H1"
    assert found(text) == [("7", 46, Decimal(7), NumberKind.NUMBER)]


def test_years_in_chinese_and_arabic() -> None:
    assert found("二〇二四年和2023年") == [
        ("二〇二四", 0, Decimal(2024), NumberKind.YEAR),
        ("2023", 6, Decimal(2023), NumberKind.YEAR),
    ]


def test_chinese_counts_are_found_but_words_are_not() -> None:
    assert found("行政复议九件，收到两千三百零五份") == [
        ("九", 4, Decimal(9), NumberKind.NUMBER),
        ("两千三百零五", 9, Decimal(2305), NumberKind.NUMBER),
    ]
    assert found("一是统一标准，二是进一步落实“三安全一稳定”，属于三类内部事务信息") == []
    assert found("一个平台，一次培训") == []


def test_a_numeral_closing_a_statement_counts() -> None:
    assert found("共九。") == [("九", 1, Decimal(9), NumberKind.NUMBER)]


def test_list_markers_are_marked_not_counted() -> None:
    kinds = [(m.text, m.kind) for m in find_numbers("1. 借鉴；2、优化：（3）加强")]
    assert kinds == [("1", NumberKind.MARKER), ("2", NumberKind.MARKER), ("3", NumberKind.MARKER)]
    assert [m.kind for m in find_numbers("2023、2024年")] == [NumberKind.NUMBER, NumberKind.YEAR]
    assert [m.kind for m in find_numbers("共（3）件")] == [NumberKind.NUMBER]


def test_multipliers_and_money_units() -> None:
    assert found("约3万件") == [("3万", 1, Decimal(30000), NumberKind.NUMBER)]
    assert found("三万元") == [("三", 0, Decimal(3), NumberKind.NUMBER)]


def test_ordinals_and_percent_in_words() -> None:
    assert found("排名第3，第二十条") == [
        ("3", 3, Decimal(3), NumberKind.ORDINAL),
        ("二十", 6, Decimal(20), NumberKind.ORDINAL),
    ]
    assert found("百分之三十六点一") == [
        ("百分之三十六点一", 0, Decimal("36.1"), NumberKind.PERCENT)
    ]


def test_radical_forms_are_read_as_numerals() -> None:
    # PDF text extraction emits Kangxi radicals (⼆ U+2F06) for 二.
    assert found("收到⼆⼗件") == [("⼆⼗", 2, Decimal(20), NumberKind.NUMBER)]


# The planner (question/years.py, reading a question) and the verifier (numerals.find_numbers,
# reading an answer) find numbers by different rules, but read every numeral they both find the
# same way: one table of characters (大写, 廿/卅, 点, 万/亿, mixed digits).
SAME_FIGURES = {
    "行政复议是九件吗": [9],
    "收到两千三百零五件": [2305],
    "收到廿三件": [23],
    "收到叁拾件": [30],
    "收到贰佰零伍件": [205],
    "公开率是三十六点一%吗": [36.1],
    "收到一万零五件": [10005],
    "收到1.5万件": [15000],
    "收到１２件": [12],
    "收到12件，其中公开3件": [12, 3],
}


@pytest.mark.parametrize(("text", "values"), SAME_FIGURES.items())
def test_planner_and_verifier_read_the_same_numbers(text: str, values: list[float]) -> None:
    planner = [h.value for h in find_question_numbers(fold(text))]
    verifier = [float(m.value) for m in find_numbers(text)]
    assert planner == verifier == values


@pytest.mark.parametrize(
    "text", ["九", "廿三", "叁拾", "三十六点一", "两千三百零五", "1.5万", "十"]
)
def test_one_parser_for_question_and_answer_numerals(text: str) -> None:
    assert parse_any_number(text) == float(parse_chinese_numeral(text) or -1)


@pytest.mark.parametrize("text", ["万", "千万", "百"])
def test_a_unit_alone_is_no_number(text: str) -> None:
    assert parse_chinese_numeral(text) is None and parse_any_number(text) is None
