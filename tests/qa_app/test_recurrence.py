"""Promised in one year, reported again in a later one: generated agency histories
(synthetic/history.py) whose promises reported again are known, read back by the extractive
splitter and matched by qa_app/answer/recurrence.py; scored by precision and recall over the
(promise, later problem) pairs, and by how many decoy promises (never raised again) are
accused. e5 vectors are cached in the pytest cache, so only the first run embeds."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine

from index.embedders import E5Embedder
from index.embedding_cache import CachedEmbedder
from index.tables import embedding_cache
from ingest.schema import ReportRef
from qa_app.answer.compose import compose
from qa_app.answer.extractive import summarize_passages
from qa_app.answer.recurrence import PromisedAgain, find_recurrence
from qa_app.answer.themes import use_embedder
from qa_app.answer.verify import verify
from qa_app.execution.evidence import Citation, Evidence
from qa_app.question.plan import Intent, Language, QueryPlan
from synthetic.history import AgencyHistory, agency_history
from synthetic.records import generate_corpus
from tests.qa_app.small_corpus import SmallCorpus, store_reports

AGENCIES = 30
YEARS = (2020, 2021, 2022, 2023)


def passages_of(history: AgencyHistory) -> list[Citation]:
    return [
        Citation(passage_id=f"{history.agency}-{s.year}:problems:0",
                 report_id=f"{history.agency}-{s.year}", agency=history.agency, year=s.year,
                 section="problems", text=s.text)
        for s in history.years
    ]  # fmt: skip


def theme_of(history: AgencyHistory) -> dict[tuple[int, str], int]:
    """(year, point text) -> the theme it was drawn from, plans and problems alike."""
    return {
        (s.year, p.text): p.theme for s in history.years for p in (*s.problems, *s.improvements)
    }


def scored(pair: PromisedAgain, themes: dict[tuple[int, str], int]) -> tuple[int, int, int]:
    """(year promised, theme, year reported) if both sides share a theme, else theme -1."""
    promised = themes[(pair.promised.year, pair.promised.text)]
    reported = themes[(pair.reported.year, pair.reported.text)]
    theme = promised if promised == reported else -1
    return (pair.promised.year or 0, theme, pair.reported.year or 0)


def test_the_generator_knows_repeats_pairs_and_decoys() -> None:
    """Every history has a theme raised every year, promises raised again, and decoys."""
    for seed in range(10):
        h = agency_history(seed, f"机关{seed}", YEARS)
        for s in h.years:
            assert h.persistent <= {p.theme for p in s.problems}
        again = h.promised_again()
        for y, theme, later in again:
            assert later > y
            assert theme in {p.theme for p in h.years[YEARS.index(y)].improvements}
            assert theme in {p.theme for p in h.years[YEARS.index(later)].problems}
        assert again.isdisjoint({(y, t, z) for y, t in h.decoys() for z in YEARS})
    histories = [agency_history(s, f"机关{s}", YEARS) for s in range(10)]
    assert all(h.promised_again() for h in histories)
    assert sum(len(h.decoys()) for h in histories) >= 10


def test_the_splitter_reads_every_generated_point_back() -> None:
    h = agency_history(3, "某某局", YEARS)
    summaries = summarize_passages(passages_of(h))
    for summary, section in zip(summaries, h.years, strict=True):
        kinds = {part.kind: [p.text for p in part.points] for part in summary.parts}
        assert kinds["problems"] == [p.text for p in section.problems]
        assert kinds["improvements"] == [p.text for p in section.improvements]


def test_a_promise_reported_again_is_found_and_a_kept_one_is_not() -> None:
    """Without an embedder (TF-IDF stand-in): the plan to enrich 解读 forms matches next
    year's 解读形式单一; the plan to train staff matches nothing raised in 2022."""
    texts = {
        2021: "（一）存在的主要问题\n一是政策解读形式单一；二是工作人员多为兼职。\n"
        "（二）改进情况\n1.丰富政策解读形式，增加图解和视频解读。\n2.加强业务培训，提高专业能力。",
        2022: "（一）存在的主要问题\n一是政策解读形式较为单一；二是网站栏目更新不及时。\n"
        "（二）改进情况\n1.加强网站栏目日常维护。\n2.丰富政策解读形式。",
    }
    passages = [
        Citation(passage_id=f"a{y}:problems:0", report_id=f"a{y}", agency="某某局", year=y,
                 section="problems", text=t)
        for y, t in texts.items()
    ]  # fmt: skip
    (found,) = find_recurrence(summarize_passages(passages))
    assert found.years == [2021, 2022]
    assert found.promises == 2
    (pair,) = found.promised_again
    assert pair.promised.text.startswith("丰富政策解读形式")
    assert (pair.promised.year, pair.promised.part) == (2021, "improvements")
    assert (pair.reported.year, pair.reported.part) == (2022, "problems")
    assert pair.reported.text == "政策解读形式较为单一"
    assert pair.promised.passage_ids == ["a2021:problems:0"]
    assert pair.reported.passage_ids == ["a2022:problems:0"]


def test_one_year_or_no_agency_gives_no_recurrence() -> None:
    h = agency_history(1, "某某局", YEARS)
    one = passages_of(h)[:1]
    assert find_recurrence(summarize_passages(one)) == []


@pytest.mark.slow
def test_promised_then_reported_again_precision_and_recall(
    request: pytest.FixtureRequest,
) -> None:
    folder = request.config.cache.mkdir("govqa-recurrence-points")
    engine = create_engine(f"sqlite:///{folder / 'e5.sqlite'}")
    embedding_cache.metadata.create_all(engine, tables=[embedding_cache])
    embedder = CachedEmbedder(E5Embedder(), engine)
    true_pos = false_pos = truth_total = decoys = decoys_accused = 0
    every_found = every_right = every_truth = 0
    for seed in range(1000, 1000 + AGENCIES):
        h = agency_history(seed, f"机关{seed}", YEARS)
        with use_embedder(embedder.embed_passages):
            (found,) = find_recurrence(summarize_passages(passages_of(h)))
        themes = theme_of(h)
        predicted = {scored(p, themes) for p in found.promised_again}
        truth = h.promised_again()
        true_pos += len(predicted & truth)
        false_pos += len(predicted - truth)
        truth_total += len(truth)
        accused = {  # the promise a pair names, whatever it was matched to
            (p.promised.year, themes[(p.promised.year, p.promised.text)])
            for p in found.promised_again
        }
        decoys += len(h.decoys())
        decoys_accused += len(h.decoys() & accused)
        # what it repeats every year: the drawn themes in every year's problems
        every = set.intersection(*({p.theme for p in s.problems} for s in h.years))
        repeated = [
            Counter(themes[(m.year, m.text)] for m in r.points).most_common(1)[0][0]
            for r in found.repeated
            if r.years == list(YEARS)
        ]
        every_found += len(repeated)
        every_right += len(set(repeated) & every)
        every_truth += len(every)
    precision = true_pos / max(1, true_pos + false_pos)
    recall = true_pos / truth_total
    print(
        f"promised-again over {AGENCIES} agencies x {len(YEARS)} years: precision {precision:.3f} "
        f"({true_pos}/{true_pos + false_pos}), recall {recall:.3f} ({true_pos}/{truth_total}), "
        f"decoy promises accused {decoys_accused}/{decoys}; raised every year: precision "
        f"{every_right / max(1, every_found):.3f} ({every_right}/{every_found}), recall "
        f"{every_right / every_truth:.3f} ({every_right}/{every_truth})"
    )
    assert precision >= 0.95
    assert recall >= 0.7
    assert decoys_accused <= 0.1 * decoys
    assert every_right >= 0.9 * every_found
    assert every_right >= 0.5 * every_truth


# ------------------------------------------------------------------ asked and answered


PHRASINGS = [
    ("{a}说要改进但第二年又出现的问题", Language.ZH),
    ("{a}承诺整改后又出现了哪些问题？", Language.ZH),
    ("{a}哪些问题年年都有", Language.ZH),
    ("what did {a} promise to fix and then report again?", Language.EN),
    ("Which problems does {a} raise year after year?", Language.EN),
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SmallCorpus]:
    """Generated records of three agencies over three years, stored (no embeddings)."""
    corpus = store_reports(
        tmp_path_factory.mktemp("recurrence"), generate_corpus(3, (2022, 2023, 2024), 11)
    )
    yield corpus
    corpus.close()


@pytest.mark.parametrize(("question", "language"), PHRASINGS)
def test_recurring_questions_plan_a_problems_summary_over_the_years(
    demo: SmallCorpus, question: str, language: Language
) -> None:
    agency = demo.reports[0].agency
    plan = demo.planner.plan(question.format(a=agency))
    assert plan.intent is Intent.SUMMARIZE_SECTION and plan.section == "problems"
    assert plan.recurring and plan.language is language
    assert plan.filters.agency_keys == [demo.reports[0].agency_key]
    assert plan.filters.years is None  # every year of the agency


def test_a_named_year_starts_the_comparison_there(demo: SmallCorpus) -> None:
    plan = demo.planner.plan(f"{demo.reports[0].agency}2022年说要改进的问题后来还存在吗")
    assert plan.recurring and plan.filters.years == [2022, 2023, 2024]


def test_the_demo_corpus_answer_cites_both_sides_of_every_pair(demo: SmallCorpus) -> None:
    """The demo's promises and problems are drawn independently, so what is matched there is
    incidental; what must hold is the shape: one agency, earlier promise, later problem, both
    points in the passages cited, every number backed."""
    agency = demo.reports[0].agency
    answer = demo.ask(f"{agency}说要改进但第二年又出现的问题")
    assert answer.verified, answer.mismatches
    (found,) = answer.recurrence
    assert found.agency == agency and found.years == [2022, 2023, 2024]
    assert found.promises > 0 and found.promised_again
    cited = {p.passage_id: p for p in answer.passages}
    for pair in found.promised_again:
        assert pair.promised.year < pair.reported.year
        for side in (pair.promised, pair.reported):
            assert side.agency == agency and side.passage_ids
            text = "".join(cited[pid].text for pid in side.passage_ids)
            assert side.text[:8] in text.replace("\n", "")
    assert "改进要点" in answer.answer


def test_a_generated_history_answered_with_pairs_cited_and_verified() -> None:
    h = agency_history(7, "某某局", YEARS)
    passages = passages_of(h)
    refs = [
        ReportRef(id=p.report_id, agency=p.agency, agency_key="mou", region=None, year=p.year)
        for p in passages
    ]
    plan = QueryPlan(intent=Intent.SUMMARIZE_SECTION, recurring=True)
    answer = verify(compose(Evidence(plan=plan, reports=refs, passages=passages), "q"), plan)
    assert answer.verified, answer.mismatches
    (found,) = answer.recurrence
    assert found.promised_again and found.promises == sum(len(s.improvements) for s in h.years[:-1])
    for pair in found.promised_again:
        p, q = pair.promised, pair.reported
        line = f"{p.year}年承诺：{p.text} [{p.passage_ids[0]}] → {q.year}年又报告：{q.text}"
        assert line in answer.answer
    assert f"比对了{found.promises}项改进要点" in answer.answer
    # asked about promises, the pairs lead and the themes of the years follow
    assert answer.answer.index("说要改进、此后又作为问题提出的") < answer.answer.index("共性主题")
    payload = json.loads(answer.model_dump_json())  # what `govqa ask --json` prints
    (agency,) = payload["recurrence"]
    assert set(agency) == {"agency", "years", "promises", "promised_again", "repeated"}
    point = {"report_id", "agency", "year", "text", "passage_ids", "section", "part"}
    for pair in agency["promised_again"]:
        assert set(pair) == {"promised", "reported", "similarity"}
        assert set(pair["promised"]) == set(pair["reported"]) == point
        assert (pair["promised"]["part"], pair["reported"]["part"]) == ("improvements", "problems")
        assert pair["promised"]["section"] == pair["reported"]["section"] == "problems"


def test_asked_without_two_years_of_one_agency_it_says_so() -> None:
    h = agency_history(7, "某某局", YEARS)
    (passage,) = passages_of(h)[:1]
    ref = ReportRef(id=passage.report_id, agency="某某局", agency_key="mou", region=None,
                    year=passage.year)  # fmt: skip
    plan = QueryPlan(intent=Intent.SUMMARIZE_SECTION, recurring=True)
    answer = compose(Evidence(plan=plan, reports=[ref], passages=[passage]), "q")
    assert "需要同一机关至少两个年度的报告" in answer.answer
    assert answer.recurrence == []
