"""The semantic fallback: when no phrase names a figure, the glossary entries are ranked by
meaning; a clear winner is answered (and said), close ones are offered back, three at most."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from index.embedders import E5Embedder
from qa_app.question.planner import RulePlanner
from qa_app.question.semantic import (
    ASK_BACK,
    CLEAR,
    MARGIN,
    RELATED,
    GlossaryRanker,
    Ranked,
    available_in,
    decide,
)
from qa_app.question.vocabulary import glossary
from tests.qa_app.test_agencies import corpus_directory


def _ranked(*scores: float) -> list[Ranked]:
    entries = [e for e in glossary().entry if not e.is_column]
    return [Ranked(entries[i], s) for i, s in enumerate(scores)]


def test_a_clear_winner_is_taken() -> None:
    choice = decide(_ranked(CLEAR + 0.02, CLEAR + 0.02 - MARGIN - 0.001, 0.5))
    assert choice.chosen is not None and choice.chosen.score == CLEAR + 0.02


def test_close_scores_are_asked_back_with_the_top_three() -> None:
    choice = decide(_ranked(CLEAR + 0.01, CLEAR + 0.005, CLEAR, RELATED + 0.01, RELATED))
    assert choice.chosen is None
    assert [r.score for r in choice.suggestions] == [CLEAR + 0.01, CLEAR + 0.005, CLEAR]
    assert len(choice.suggestions) == ASK_BACK


def test_nothing_near_suggests_nothing() -> None:
    choice = decide(_ranked(RELATED - 0.01, RELATED - 0.02))
    assert choice.chosen is None and choice.suggestions == ()


def test_fields_of_the_other_edition_are_not_candidates() -> None:
    assert available_in("penalty_items_change", {"v2019"})
    assert not available_in("penalty_items_change", {"v2021"})
    assert available_in("disclosure_rate", {"v2021"}) and available_in("penalty_decisions", ())


class CharEmbedder:
    """A deterministic stand-in for e5: normalized counts of characters (CJK) and words.
    Counts its calls so the test can see what is embedded when."""

    name = "chars"
    dim = 512

    def __init__(self) -> None:
        self.passage_calls = 0
        self.query_calls = 0

    def _vector(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, dtype=np.float32)
        for token in [*text.lower().split(), *[c for c in text if "\u4e00" <= c <= "\u9fff"]]:
            v[hash(token) % self.dim] += 1.0
        norm = np.linalg.norm(v)
        return v / norm if norm else v

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        self.passage_calls += 1
        return np.vstack([self._vector(t) for t in texts])

    def embed_query(self, text: str) -> np.ndarray:
        self.query_calls += 1
        return self._vector(text)


def test_the_glossary_is_embedded_once_and_only_the_question_after() -> None:
    embedder = CharEmbedder()
    ranker = GlossaryRanker(embedder)
    planner = RulePlanner(corpus_directory(), 2024, ranker)
    for question in ("郏县2024年罚单开出去多少", "郏县2024年的钱花了多少", "郏县2024年有几天晴天"):
        planner.plan(question)
    assert embedder.passage_calls == 1
    assert embedder.query_calls == 3


def test_a_question_the_rules_read_never_reaches_the_embedder() -> None:
    embedder = CharEmbedder()
    planner = RulePlanner(corpus_directory(), 2024, GlossaryRanker(embedder))
    plan = planner.plan("郏县2024年行政复议有几件")
    assert [m.key for m in plan.metrics] == ["review_total"]
    assert embedder.query_calls == 0 and embedder.passage_calls == 0


@pytest.mark.parametrize(
    "question",
    ["示例县教育局的局长是谁？", "今天天气怎么样？", "Who is the director of 示例县教育局?"],
)
def test_a_question_asking_for_no_number_never_reaches_the_embedder(question: str) -> None:
    embedder = CharEmbedder()
    plan = RulePlanner(corpus_directory(), 2024, GlossaryRanker(embedder)).plan(question)
    assert plan.intent.value == "unanswerable" and embedder.query_calls == 0


@pytest.fixture(scope="module")
def e5_planner() -> RulePlanner:
    ranker = GlossaryRanker(E5Embedder())
    ranker.warm()
    return RulePlanner(corpus_directory(), 2024, ranker)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "key"),
    [
        ("郏县2024年罚单开出去多少", "penalty_decisions"),
        ("郏县2024年开了多少张罚单", "penalty_decisions"),
    ],
)
def test_e5_answers_a_clear_meaning_and_says_so(
    e5_planner: RulePlanner, question: str, key: str
) -> None:
    plan = e5_planner.plan(question)
    assert [m.key for m in plan.metrics] == [key], plan.notes
    assert any("语义" in n or "closest in meaning" in n for n in plan.notes)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "offered"),
    [
        ("郏县2024年新出台的红头文件数目", "行政规范性文件本年制发件数"),
        ("郏县2024年的案子有多少", "行政诉讼总数"),
    ],
)
def test_e5_asks_back_when_meanings_are_close(
    e5_planner: RulePlanner, question: str, offered: str
) -> None:
    plan = e5_planner.plan(question)
    assert plan.intent.value == "unanswerable" and not plan.metrics
    (note,) = [n for n in plan.notes if "您是指" in n]
    assert note.count("、") == ASK_BACK - 1 and offered in note
