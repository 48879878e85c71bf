"""Narrative sections read like reports, differ between reports, and agree with the numbers."""

from __future__ import annotations

import re
import unicodedata

import pytest

from synthetic import generate_corpus, generate_report
from synthetic.agencies import AGENCIES
from tests.conftest import SEEDS_DIR


@pytest.fixture(scope="module")
def corpus():
    return generate_corpus(36, (2019, 2020, 2021, 2022, 2023, 2024), seed=99)


def _text(report, key):
    return report.sections[key].text


def test_typical_lengths(corpus):
    for report in corpus:
        assert 600 <= len(_text(report, "overview")) <= 1500
        assert 300 <= len(_text(report, "problems")) <= 800
        assert 10 <= len(_text(report, "other")) <= 200


def test_overview_has_the_five_sub_headings_in_order(corpus):
    for report in corpus:
        headings = re.findall(r"^（(.)）", _text(report, "overview"), flags=re.M)
        assert headings == ["一", "二", "三", "四", "五"]


def test_problems_section_has_problems_then_improvements_as_enumerated_points(corpus):
    for report in corpus:
        text = _text(report, "problems")
        lines = text.splitlines()
        assert lines[0] in ("（一）存在的主要问题", "（一）存在的问题")
        second = next(i for i, line in enumerate(lines) if line.startswith("（二）"))
        for part in (lines[1:second], lines[second + 1 :]):
            joined = "\n".join(part)
            shi = "一是" in joined and "二是" in joined
            assert shi or re.search(r"^1\..*\n2\.", joined, re.M)


def test_appeals_are_mentioned_only_when_the_record_has_such_cases(corpus):
    for report in corpus:
        prose = "".join(s.text for s in report.sections.values())
        reviews = report.s4["review_total"].value
        suits = report.s4["litigation_direct_total"].value
        suits += report.s4["litigation_after_review_total"].value
        assert ("行政复议" in prose) == (reviews > 0)
        assert ("行政诉讼" in prose) == (suits > 0)
        if reviews:
            assert f"行政复议{reviews}件" in prose
        if suits:
            assert f"行政诉讼{suits}件" in prose
    assert any(r.s4["review_total"].value for r in corpus)


def test_request_figures_in_the_text_are_the_tables_totals(corpus):
    for report in corpus:
        text = _text(report, "overview")
        new = report.s3["new_received"]["total"].value
        carried = report.s3["carried_over"]["total"].value
        if new == 0 and carried == 0:
            assert "未收到政府信息公开申请" in text
        else:
            assert f"收到政府信息公开申请{new}件" in text
            assert f"办结{report.s3['total_processed']['total'].value}件" in text


def test_texts_differ_between_reports_and_repeat_for_a_seed(corpus):
    overviews = [_text(r, "overview") for r in corpus]
    problems = [_text(r, "problems") for r in corpus]
    assert len(set(overviews)) == len(overviews)
    assert len(set(problems)) > 0.9 * len(problems)
    again = generate_report(5, agency=AGENCIES[2], year=2022)
    assert again.sections == generate_report(5, agency=AGENCIES[2], year=2022).sections


def test_no_text_is_copied_from_the_seed_reports(corpus):
    if not SEEDS_DIR.is_dir():
        pytest.skip("seed reports not available")
    seeds = "".join(
        unicodedata.normalize("NFKC", p.read_text(encoding="utf-8")) for p in SEEDS_DIR.iterdir()
    )
    windows = {seeds[i : i + 20] for i in range(len(seeds) - 19)}
    for report in corpus[:60]:
        text = unicodedata.normalize("NFKC", "".join(s.text for s in report.sections.values()))
        copied = [text[i : i + 20] for i in range(len(text) - 19) if text[i : i + 20] in windows]
        assert copied == []
