"""Normalization: one canonical form for matching, without losing lines."""

from __future__ import annotations

import pytest

from ingest.normalize import RADICAL_TO_IDEOGRAPH, match_key, normalize_text, to_simplified


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("⺠", "民"), ("⻔", "门"), ("⻓", "长"), ("⻛", "风"), ("⼈", "人"), ("⼀", "一")],
)
def test_radicals_become_the_ideographs_they_stand_for(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_every_radical_supplement_entry_maps_to_a_unified_ideograph() -> None:
    assert len(RADICAL_TO_IDEOGRAPH) > 100
    for radical, ideograph in RADICAL_TO_IDEOGRAPH.items():
        assert 0x2E80 <= radical <= 0x2EFF
        assert 0x3400 <= ideograph <= 0x9FFF or 0x20000 <= ideograph <= 0x2FFFF


def test_full_width_digits_and_punctuation_become_ascii() -> None:
    assert normalize_text("１２３，（五）：") == "123,(五):"


def test_line_count_is_preserved_so_line_numbers_stay_valid() -> None:
    raw = "第一行\r\n第二行\u3000\r第三行\n\n"
    assert normalize_text(raw).split("\n") == ["第一行", "第二行 ", "第三行", "", ""]


def test_zero_width_characters_are_dropped() -> None:
    assert normalize_text("行政\u200b复议\ufeff") == "行政复议"


def test_traditional_names_match_their_simplified_form() -> None:
    assert to_simplified("郟縣人民政府") == "郏县人民政府"
    assert match_key("郟縣 人民政府") == match_key("郏县人民政府")


def test_match_key_ignores_spacing_numbering_punctuation_and_quotes() -> None:
    assert match_key("3.危及“三安全一稳定”") == match_key('3. 危及"三安全一稳定"')
    assert match_key("（三） 不予公开") == match_key("(三)不予公開")
