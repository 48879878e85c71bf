"""Rows are matched by label, whatever fragments the layout leaves around the label."""

from __future__ import annotations

from ingest.tables.labels import strip_numbering
from ingest.tables.rows import glue_candidates, unique_repair
from ingest.tables.s3 import MATCHER, ORDER


def _key(fragments: list[str], after: int = -1) -> str | None:
    match = MATCHER.match(fragments, after=after)
    return match.target.key if match else None


def test_numbering_is_stripped_in_all_its_spellings() -> None:
    assert strip_numbering("（三） 不予公开") == "不予公开"
    assert strip_numbering("三、本年度办理结果") == "本年度办理结果"
    assert strip_numbering("1. 属于国家秘密") == "属于国家秘密"
    assert strip_numbering("(七)总计") == "总计"


def test_group_label_before_a_row_label_does_not_decide_the_row() -> None:
    assert _key(["(三)不予公开", "1.属于国家秘密"]) == "denied_state_secret"
    assert _key(
        ["(六)其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"]
    ) == ("other_no_correction")


def test_other_handling_with_its_own_values_is_the_v2019_row() -> None:
    assert _key(["(六)其他处理"]) == "other_total"
    assert _key(["3.其他"]) == "other_misc"


def test_the_longest_label_wins_over_a_word_it_contains() -> None:
    assert _key(["2.其他法律行政法规禁止公开"]) == "denied_law_prohibited"
    assert _key(["(二)部分公开(区分处理的,只计这一情形,不计其他情形)"]) == "partially_granted"


def test_a_label_broken_across_lines_is_joined() -> None:
    fragments = ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息", "公开申请"]
    assert _key(fragments) == "other_no_correction"


def test_a_tail_fragment_is_resolved_by_template_order() -> None:
    after = ORDER["not_processed_confirm_reissue"]
    assert _key(["公开申请"], after=after) == "other_no_correction"
    assert _key(["公开申请"], after=ORDER["other_no_correction"]) == "other_fee_unpaid"


def test_table_header_words_before_the_first_row_are_ignored() -> None:
    header = ["申请人情况", "自然人", "法人或其他组织", "商业企业", "其他", "总计"]
    assert _key([*header, "一、本年新收政府信息公开申请数量"]) == "new_received"


def test_noise_alone_matches_nothing() -> None:
    assert _key(["甘州社田"]) is None
    assert _key(["4年"]) is None


def test_split_digits_are_glued_only_where_the_identity_confirms_one_way() -> None:
    def h3(values: list[int]) -> bool:
        return sum(values[:6]) == values[6]

    assert unique_repair(["1", "2", "0", "0", "0", "0", "0", "12"], 7, h3) == [
        "12",
        "0",
        "0",
        "0",
        "0",
        "0",
        "12",
    ]
    # "1 1 1" + ... could be 11,1 or 1,11: both make the row add up, so no repair.
    assert unique_repair(["1", "1", "1", "0", "0", "0", "0", "12"], 7, h3) is None


def test_glued_pieces_never_start_with_zero() -> None:
    assert ["05", "0"] not in glue_candidates(["0", "5", "0"], 2)


def test_a_misprinted_label_one_edit_away_beats_a_short_form_inside_it() -> None:
    assert _key(["(六)其他处里"]) == "other_total"
    assert _key(["(六)其他理处"]) == "other_total"  # two characters swapped
    assert _key(["3.其他"]) == "other_misc"


def test_a_misprinted_label_broken_across_lines_beats_a_short_form_inside_it() -> None:
    # "其他" sits inside 其他外理, which is 其他处理 misprinted and broken by a line
    assert _key(["(六)其他外", "理"]) == "other_total"
    assert _key(["(六)其他处", "理"]) == "other_total"


def test_numbering_names_a_label_cut_short_by_a_line_break() -> None:
    header = "商业企业 科研机构 社会公益组织 法律服务机构 其他"
    assert _key([header, "一、本"]) == "new_received"  # not 其他 of the header before it
    assert _key(["年三 2. 其他"]) == "denied_law_prohibited"  # cut from 2.其他法律…, not 3.其他
    assert _key(["5.属"]) == "denied_internal_affairs"


def test_a_misprinted_label_is_not_read_as_the_header_column_before_it() -> None:
    """A header ending in 總計 (tab layout, one small table per group) before a misprinted row
    label: the row is the misprint's, not total_processed, or its values would take 总计's
    place and the real 总计 row would be dropped as a duplicate."""
    header = ["類別", "數據1", "數據2", "數據3", "數據4", "數據5", "數據6", "總計"]
    assert _key([*header, "於屬國家祕密"], after=3) == "denied_state_secret"
    assert _key([*header, "總計"], after=23) == "total_processed"
    # a label broken across the two fragments still reads as one
    assert _key(["(七)总", "计"]) == "total_processed"
