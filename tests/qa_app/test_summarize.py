"""Extractive summaries of 五、存在的主要问题及改进情况: the points each report enumerates, with
the passages they came from, read from the seed reports as the index chunks them."""

from __future__ import annotations

import pytest

from index.chunking import chunk_spans, passage_id
from ingest.parse import parse_file
from ingest.schema import Report, ReportRef, SectionKey
from qa_app.answer.compose import compose
from qa_app.answer.composers import summary
from qa_app.answer.extractive import PartKind, ReportSummary, summarize_passages
from qa_app.answer.verify import verify
from qa_app.execution.evidence import Citation, Evidence
from qa_app.question.plan import Intent, Language, QueryPlan
from tests.conftest import seed_path


def seed(prefix: str) -> Report:
    return parse_file(seed_path(prefix))


def citations(report: Report, section: str = "problems") -> list[Citation]:
    """The report's passages of a section, cut as the index cuts them (overlapping)."""
    text = report.sections[SectionKey(section)].text
    return [
        Citation(
            passage_id=passage_id(report.id, section, i),
            report_id=report.id,
            agency=report.agency,
            year=report.year,
            section=section,
            text=text[span.start : span.end],
            start=span.start,
            end=span.end,
        )
        for i, span in enumerate(chunk_spans(text))
    ]


def points(summary: ReportSummary, kind: str) -> list[str]:
    return [p.text for part in summary.parts if part.kind == kind for p in part.points]


def summary_of(prefix: str) -> ReportSummary:
    [summary] = summarize_passages(citations(seed(prefix)))
    return summary


def test_seed_000_yi_shi_problems_and_numbered_plans() -> None:
    summary = summary_of("000")
    assert points(summary, PartKind.PROBLEMS) == [
        "政务公开工作水平有待提高，公开的信息数量较少，还有待增加",
        "信息公开的覆盖面也不够，没有达到《条例》和基层政务公开标准化规范化的要求，亟需拓宽，"
        "栏目有待完善",
        "公开内容以正面信息为主，一定程度上存在“报喜不报忧”的问题，公开形式大多采用文字和图表，"
        "新技术、新模式应用不够",
    ]
    assert points(summary, PartKind.IMPROVEMENTS) == [
        "借鉴先进经验，整改履职尽责",
        "优化解读质量，提高解读频率",
        "增加互动频率，广泛征集意见",
    ]


def test_points_keep_the_passage_they_came_from_across_an_overlap() -> None:
    report = seed("000")
    first, second = citations(report)
    assert first.end is not None and second.start is not None and second.start < first.end
    [summary] = summarize_passages([second, first])  # retrieval order is not reading order
    improvements = next(p for p in summary.parts if p.kind == PartKind.IMPROVEMENTS)
    assert [p.citations for p in improvements.points] == [(first,), (second,), (second,)]


def test_overlapping_passages_without_offsets_are_joined_by_their_text() -> None:
    text = "一是平台建设滞后。二是政策解读不足。三是培训不够。"
    one = Citation(passage_id="rq:problems:0", report_id="rq", agency="某县", year=2024,
                   section="problems", text=text[:18])  # fmt: skip
    two = Citation(passage_id="rq:problems:1", report_id="rq", agency="某县", year=2024,
                   section="problems", text=text[9:])  # fmt: skip
    assert one.text.endswith("二是政策解读不足。") and two.text.startswith("二是政策解读不足。")
    [summary] = summarize_passages([one, two])
    [part] = summary.parts
    assert [(p.text, p.citations) for p in part.points] == [
        ("平台建设滞后", (one,)),
        ("政策解读不足", (one,)),
        ("培训不够", (two,)),
    ]


def test_seed_001_yi_shi_points_in_both_parts() -> None:
    summary = summary_of("001")
    assert points(summary, PartKind.PROBLEMS) == [
        "依申请公开工作压力大",
        "个别部门政府信息公开时效性有待增强,未做到“随生成随公开”",
        "部分乡镇和政府部门政务公开工作人员更换频繁,存在一人身兼多职的情况,工作主动性还不强",
    ]
    assert points(summary, PartKind.IMPROVEMENTS) == [
        "邀请上级单位进行授课,提高依申请公开办理水平",
        "增强政府信息公开时效性",
        "强化业务培训",
    ]


def test_seed_002_main_problems_line_with_radical_characters() -> None:
    summary = summary_of("002")
    assert points(summary, PartKind.PROBLEMS) == [
        "主动公开工作谋划不够",
        "政策解读形式有待丰富",
        "在解读回应群众关切上需更有前瞻性和互动性",
    ]
    improvements = points(summary, PartKind.IMPROVEMENTS)
    assert len(improvements) == 4
    assert improvements[1].endswith("改进公开方式，提升网站吸引力和亲和力")  # a hard wrap joined


def test_seed_003_such_as_list() -> None:
    summary = summary_of("003")
    assert points(summary, PartKind.PROBLEMS) == [
        "依申请公开的处理流程有待进一步规范",
        "政府信息公开平台建设有待进一步优化",
    ]
    assert points(summary, PartKind.IMPROVEMENTS) == [
        "细化公开标准和流程，确保信息公开内容的全面性和准确性",
        "优化解读方式，采用图文并茂、视频讲解等形式，使政策解读更加生动易懂",
    ]


def test_seed_004_semicolon_points_and_parenthesized_numbers() -> None:
    summary = summary_of("004")
    assert points(summary, PartKind.PROBLEMS) == [
        "政府信息公开水平需要加强",
        "信访工作宣传还有更大提升空间",
        "政府信息公开时效性、规范性有待提高",
    ]
    assert points(summary, PartKind.IMPROVEMENTS) == [
        "增强宣传意识",
        "加强网站管理队伍的建设",
        "加强政府信息公开",
    ]


def one_passage(text: str) -> list[Citation]:
    return [Citation(passage_id="rz:problems:0", report_id="rz", agency="某区政府办公室",
                     year=2023, section="problems", text=text, start=0, end=len(text))]  # fmt: skip


def test_chinese_parenthesized_and_ordinal_styles() -> None:
    [a] = summarize_passages(one_passage("（一）网站栏目更新不及时。\n（二）政策解读形式单一。"))
    assert points(a, PartKind.WHOLE) == ["网站栏目更新不及时", "政策解读形式单一"]
    [b] = summarize_passages(one_passage("主要问题：第一，考核机制不健全；第二，培训不足。"))
    assert points(b, PartKind.PROBLEMS) == ["考核机制不健全", "培训不足"]


def test_a_section_without_enumeration_gives_its_first_sentences() -> None:
    text = (
        "我单位政务公开工作仍有差距。公开内容不够丰富。今后将继续努力，进一步提升公开质量和水平。"
    )
    [summary] = summarize_passages(one_passage(text))
    [part] = summary.parts
    assert not part.enumerated
    assert [p.text for p in part.points] == ["我单位政务公开工作仍有差距。公开内容不够丰富"]


# ------------------------------------------------------------------ the composed answer


def summary_evidence(*prefixes: str, language: Language = Language.ZH):
    reports = [seed(p) for p in prefixes]
    refs = [
        ReportRef(id=r.id, agency=r.agency, agency_key=r.agency_key, region=r.region,
                  year=r.year)
        for r in reports
    ]  # fmt: skip
    plan = QueryPlan(intent=Intent.SUMMARIZE_SECTION, language=language)
    passages = [c for r in reports for c in citations(r)]
    return plan, Evidence(plan=plan, reports=refs, passages=passages), reports


def test_summary_of_several_reports_groups_their_points_into_cited_themes() -> None:
    plan, evidence, _reports = summary_evidence("003", "001", "000", "002", "004")
    answer = verify(compose(evidence, "总结存在的主要问题"), plan)
    themes = answer.themes
    assert themes is not None and themes.reports_considered == 5
    every = {s.report_id: s for s in summarize_passages(evidence.passages)}
    points = {(rid, p.text) for rid, s in every.items() for p in s.problem_points}
    members = [m for t in themes.themes for m in t.members] + themes.long_tail
    # every problem point of the five reports is placed once, in a theme or the long tail
    assert sorted((m.report_id, m.text) for m in members) == sorted(points)
    assert all(m.passage_ids for m in members)
    cited = {p.passage_id for p in answer.passages}
    assert all(pid in cited for m in members for pid in m.passage_ids)
    for theme in themes.themes:
        assert theme.reports == len({m.report_id for m in theme.members}) >= 2
        assert theme.label == theme.members[0].text
    assert [t.reports for t in themes.themes] == sorted(
        (t.reports for t in themes.themes), reverse=True
    )
    lines = answer.answer.splitlines()
    assert lines[0].startswith("存在的主要问题及改进情况：5份报告的要点归为")
    assert any(f"{t.reports}/5份报告提到" in line for t in themes.themes for line in lines)
    assert answer.facts == []
    assert answer.verified, answer.mismatches


def test_a_single_report_is_summarized_by_its_own_points() -> None:
    plan, evidence, (jiaxian,) = summary_evidence("003")
    answer = verify(compose(evidence, "总结存在的主要问题"), plan)
    j = f"[{jiaxian.id}:problems:0]"
    assert answer.answer.splitlines()[0] == (
        "郏县人民政府（2024）存在的主要问题：1. 依申请公开的处理流程有待进一步规范；"
        f"2. 政府信息公开平台建设有待进一步优化 {j}"
    )
    assert answer.themes is None and answer.verified


def test_summary_in_english_cites_only_the_passages_used() -> None:
    plan, evidence, (huojia,) = summary_evidence("000", language=Language.EN)
    answer = verify(compose(evidence, "summarize the problems"), plan)
    lines = answer.answer.splitlines()
    assert lines[1] == (
        "获嘉县政务服务和大数据管理局 (2022) — improvements: 1. 借鉴先进经验，整改履职尽责 "
        f"[{huojia.id}:problems:0]; 2. 优化解读质量，提高解读频率; 3. 增加互动频率，广泛征集意见 "
        f"[{huojia.id}:problems:1]"
    )
    assert lines[-1] == "Based on 1 report of 2022."
    assert [p.passage_id for p in answer.passages] == [
        f"{huojia.id}:problems:0",
        f"{huojia.id}:problems:1",
    ]
    assert answer.verified


def test_a_report_without_the_section_is_counted_as_missing() -> None:
    _plan, evidence, _reports = summary_evidence("003")
    absent = ReportRef(id="rnone0000000", agency="某县人民政府", agency_key=None,
                       region=None, year=2024)  # fmt: skip
    evidence = evidence.model_copy(update={"reports": [*evidence.reports, absent]})
    answer = compose(evidence, "q")
    assert answer.answer.splitlines()[-1] == "基于2024年的2份报告；其中1份报告缺少该部分内容。"
    assert answer.coverage.reports_missing_values == ["rnone0000000"]


def test_a_short_long_tail_is_listed_cited_and_verified_a_long_one_counted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Three reports of one year: no count of 1 in the evidence, so the tail's wording must
    # state no number it cannot back (it once said 只见于一份报告 and failed verification).
    plan, evidence, _reports = summary_evidence("000", "002", "004")
    answer = verify(compose(evidence, "总结存在的主要问题"), plan)
    themes = answer.themes
    assert themes is not None and themes.long_tail
    assert answer.verified, answer.mismatches
    for point in themes.long_tail:
        assert f"{point.text} [{point.passage_ids[0]}]" in answer.answer
    monkeypatch.setattr(summary, "TAIL_LISTED", len(themes.long_tail) - 1)
    counted = verify(compose(evidence, "总结存在的主要问题"), plan)
    assert counted.verified, counted.mismatches
    assert f"另有{len(themes.long_tail)}个要点没有别的报告提到" in counted.answer
    assert not any(
        p.text in counted.answer
        for p in themes.long_tail
        if p.text not in {m.text for t in themes.themes for m in t.members}
    )


def test_one_agency_over_years_shows_each_themes_share_by_year_and_what_it_repeats() -> None:
    texts = {
        2021: "一是政策解读形式单一，缺少图解和视频解读；二是信息公开栏目更新不及时。",
        2022: "一是政策解读形式单一，缺少图解和视频解读；二是依申请公开答复文书不够规范。",
        2023: "一是依申请公开答复文书不够规范；二是政策解读形式单一，缺少图解和视频解读。",
    }
    refs, passages = [], []
    for year, text in texts.items():
        rid = f"ragency{year}"
        refs.append(ReportRef(id=rid, agency="某市某局", agency_key="mou", region=None,
                              year=year))  # fmt: skip
        passages.append(Citation(passage_id=f"{rid}:problems:0", report_id=rid,
                                 agency="某市某局", year=year, section="problems",
                                 text="（一）存在的主要问题\n" + text))  # fmt: skip
    plan = QueryPlan(intent=Intent.SUMMARIZE_SECTION, language=Language.ZH)
    answer = verify(compose(Evidence(plan=plan, reports=refs, passages=passages), "总结"), plan)
    themes = answer.themes
    assert themes is not None and answer.verified, answer.mismatches
    by_label = {t.label: t for t in themes.themes}
    every = by_label["政策解读形式单一，缺少图解和视频解读"]
    later = by_label["依申请公开答复文书不够规范"]
    assert every.reports_by_year == {2021: 1, 2022: 1, 2023: 1}
    assert later.reports_by_year == {2022: 1, 2023: 1}
    assert [p.text for p in themes.long_tail] == ["信息公开栏目更新不及时"]
    lines = answer.answer.splitlines()
    rank = {t.label: i for i, t in enumerate(themes.themes, 1)}
    shares = [ln for ln in lines if ln.strip().startswith("各年提及比例")]
    assert "2021年0.0% → 2022年100.0% → 2023年100.0%" in shares[rank[later.label] - 1]
    assert "2021年100.0% → 2022年100.0% → 2023年100.0%" in shares[rank[every.label] - 1]
    # what it repeats: the agency's own points grouped across its years, every one cited
    cites = "".join(f"[ragency{y}:problems:0]" for y in texts)
    assert f"每个年度都提到的问题：{every.label} {cites}" in lines
    assert f"在几个年度重复提到的问题：{later.label}（2022、2023年）" in "\n".join(lines)
    (found,) = answer.recurrence
    assert [(p.label, p.years) for p in found.repeated] == [
        (every.label, [2021, 2022, 2023]),
        (later.label, [2022, 2023]),
    ]
