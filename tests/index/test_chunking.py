"""Chunking: narrative sections -> sentence-aligned passages; tables -> one facts passage."""

from __future__ import annotations

import itertools
import re

import pytest

from index.chunking import MAX_CHARS, MIN_CHARS, chunk_report, chunk_spans, facts_text
from ingest.numbers import parse_cell
from ingest.parse import parse_file
from ingest.schema import Report, Section
from ingest.template import FormatVersion, SectionKey
from synthetic import generate_corpus
from tests.conftest import seed_path
from tests.factories import make_report

# A passage may end at a sentence end (these, possibly followed by closing quotes/brackets)
# or at the end of a line.
SENTENCE_END = re.compile(r"[。！？；!?;][”’\"'）)】」』》]*$")
NARRATIVE = {"preface", "overview", "problems", "other"}


@pytest.fixture(scope="module")
def seeds() -> list[Report]:
    return [parse_file(seed_path(f"00{i}")) for i in range(5)]


@pytest.fixture(scope="module")
def synthetic() -> list[Report]:
    return generate_corpus(12, (2020, 2024), seed=11)


def narrative_passages(report: Report):  # type: ignore[no-untyped-def]
    by_section: dict[str, list] = {}
    for p in chunk_report(report):
        if p.section in NARRATIVE:
            by_section.setdefault(p.section, []).append(p)
    return by_section


def test_offsets_slice_the_section_text_exactly(seeds: list[Report]) -> None:
    for report in seeds:
        for section, passages in narrative_passages(report).items():
            text = report.sections[SectionKey(section)].text
            assert [p.position for p in passages] == list(range(len(passages)))
            for p in passages:
                assert text[p.start : p.end] == p.text
                assert p.text == p.text.strip()


@pytest.mark.parametrize("corpus", ["seeds", "synthetic"])
def test_passages_stay_within_the_size_bounds(corpus: str, request) -> None:  # type: ignore[no-untyped-def]
    """At most MAX_CHARS; shorter than MIN_CHARS only as a section's last (or only) passage."""
    short_inside = []
    for report in request.getfixturevalue(corpus):
        for passages in narrative_passages(report).values():
            assert all(len(p.text) <= MAX_CHARS for p in passages)
            short_inside += [p.id for p in passages[:-1] if len(p.text) < MIN_CHARS]
    assert short_inside == []


def test_passages_end_at_sentence_or_line_ends(seeds: list[Report]) -> None:
    for report in seeds:
        for section, passages in narrative_passages(report).items():
            text = report.sections[SectionKey(section)].text
            for p in passages:
                at_line_end = text[p.end :].startswith(("\n", " ")) or p.end == len(text.rstrip())
                assert SENTENCE_END.search(p.text) or at_line_end, p.text[-20:]


def test_consecutive_passages_repeat_one_whole_sentence(seeds: list[Report]) -> None:
    pairs = 0
    for report in seeds:
        for section, passages in narrative_passages(report).items():
            text = report.sections[SectionKey(section)].text
            for before, after in itertools.pairwise(passages):
                pairs += 1
                assert before.start < after.start < before.end
                shared = text[after.start : before.end]
                assert SENTENCE_END.search(shared), shared
                # the repeat is one sentence: no sentence end before its last character
                assert not re.search(r"[。！？；]", shared.rstrip("。！？；”’\"'）)"))
    assert pairs >= 8  # the seeds have several multi-passage sections


def test_a_sentence_longer_than_the_limit_is_cut_at_commas() -> None:
    clause = "对涉及群众切身利益的重点领域信息进行逐项梳理并及时更新"  # 27 characters
    text = "开头一句。" + "，".join([clause] * 40) + "。结尾一句。"
    spans = chunk_spans(text)
    assert all(len(s) <= MAX_CHARS for s in spans)
    for span in spans[:-1]:
        assert text[span.end - 1] in "，。", text[span.end - 5 : span.end]
    assert text[spans[0].start : spans[-1].end] == text


def test_text_without_any_punctuation_is_still_bounded() -> None:
    text = "政" * 1234
    spans = chunk_spans(text)
    assert all(len(s) <= MAX_CHARS for s in spans)
    assert sum(len(s) for s in spans) == 1234  # hard cuts, no overlap of partial sentences


def test_ids_are_deterministic_and_name_report_section_position(seeds: list[Report]) -> None:
    report = seeds[3]
    first = chunk_report(report)
    again = chunk_report(Report.model_validate_json(report.model_dump_json()))
    assert [(p.id, p.tokens, p.start, p.end) for p in first] == [
        (p.id, p.tokens, p.start, p.end) for p in again
    ]
    assert [p.id for p in first][:3] == [
        f"{report.id}:overview:0",
        f"{report.id}:overview:1",
        f"{report.id}:problems:0",
    ]


def test_every_passage_carries_its_index_tokens(seeds: list[Report]) -> None:
    problems = next(p for p in chunk_report(seeds[3]) if p.section == "problems")
    tokens = problems.tokens.split()
    assert "依申请公开" in tokens and "流程" in tokens
    assert "的" not in tokens and "，" not in tokens


def test_empty_and_nothing_to_report_sections_give_no_passage() -> None:
    report = make_report()
    report.sections = {
        SectionKey.OVERVIEW: Section(key=SectionKey.OVERVIEW, text="   \n  "),
        SectionKey.PROBLEMS: Section(key=SectionKey.PROBLEMS, text="无。"),
        SectionKey.OTHER: Section(key=SectionKey.OTHER, text="本年度未收取信息处理费。"),
    }
    assert [p.section for p in chunk_report(report)] == ["other", "facts"]


def test_the_preface_is_chunked_under_its_own_section_name() -> None:
    report = make_report()
    preface = "本报告根据《中华人民共和国政府信息公开条例》要求编制。"
    report.sections = {SectionKey.PREFACE: Section(key=SectionKey.PREFACE, text=preface)}
    first = chunk_report(report)[0]
    assert (first.id, first.text, first.start, first.end) == (
        f"{report.id}:preface:0",
        preface,
        0,
        len(preface),
    )


# ---------------------------------------------------------------- the facts passage


def test_facts_of_seed_003_state_its_appeals_and_requests(seeds: list[Report]) -> None:
    """Seed 003 (郏县人民政府 2024) prints 行政复议 1/2/2/2/7, 行政诉讼 all 0, 36 new requests."""
    report = seeds[3]
    facts = next(p for p in chunk_report(report) if p.section == "facts")
    assert facts.id == f"{report.id}:facts:0" and facts.start is None
    assert facts.text.startswith("郏县人民政府2024年")
    assert "行政复议7件（结果维持1件、结果纠正2件、其他结果2件、尚未审结2件）" in facts.text
    assert "行政诉讼0件" in facts.text
    assert "新收政府信息公开申请36件" in facts.text and "予以公开12件" in facts.text
    assert "行政事业性收费2561.768万元" in facts.text
    assert {"行政复议", "行政诉讼"} <= set(facts.tokens.split())


def test_facts_say_unfilled_for_blank_cells_of_seed_000(seeds: list[Report]) -> None:
    """Seed 000 prints 予以公开's 总计 blank and lacks 属于国家秘密's 总计 (see test_seeds)."""
    text = facts_text(seeds[0])
    assert "予以公开未填报" in text
    assert "属于国家秘密未能识别" in text


def test_facts_never_print_a_number_for_a_null_cell() -> None:
    report = make_report(year=2024)
    blank = parse_cell("")
    report.s2 = {k: blank for k in report.s2}
    report.s3 = {row: {c: blank for c in cols} for row, cols in report.s3.items()}
    report.s4 = {k: parse_cell("/") for k in report.s4}
    text = facts_text(report)
    assert re.findall(r"\d+", text) == ["2024"]  # only the year
    assert "新收政府信息公开申请未填报" in text and "行政复议总计未填报" in text


def test_facts_name_zero_cells_and_nonzero_outcomes_only() -> None:
    report = make_report(
        s3={"unable_not_held": [3, 0, 0, 0, 0, 0, 3], "denied_state_secret": [0] * 7},
        s4={"litigation_direct_upheld": 2, "litigation_direct_total": 2},
    )
    text = facts_text(report)
    assert "无法提供（本机关不掌握相关政府信息3件）" in text
    assert "属于国家秘密" not in text  # printed 0: not an outcome worth a clause
    assert "行政诉讼：未经复议直接起诉2件（结果维持2件），复议后起诉0件" in text
    assert "行政复议0件" in text


def test_v2019_facts_name_its_single_other_row_once() -> None:
    report = make_report(
        version=FormatVersion.V2019,
        s3={"other_total": [2, 0, 0, 0, 0, 0, 2]},
        s2={"procurement_amount": 181.6},
    )
    text = facts_text(report)
    assert text.count("其他处理") == 1 and "其他处理2件" in text
    assert "政府集中采购金额181.6万元" in text


def test_a_report_without_tables_has_no_facts_passage() -> None:
    report = make_report()
    report.s2, report.s3, report.s4 = {}, {}, {}
    assert facts_text(report) == ""
    assert chunk_report(report) == []
