"""Themes over a few reports: the fixed e5 reference keeps unrelated points apart when the
selection is small (centring on a tiny selection's own mean grouped them).

The seed reports' problem points are the five real reports of ../shared/seeds, as the
extractive splitter reads them; generated selections draw points from known themes
(synthetic/narrative.py). e5 vectors are cached in the pytest cache with the ARI test's."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import create_engine

from index.embedders import E5Embedder
from index.embedding_cache import CachedEmbedder
from index.tables import embedding_cache
from qa_app.answer.extractive import summarize_passages
from qa_app.answer.theme_reference import REFERENCE_SENTENCES
from qa_app.answer.themes import (
    Embed,
    Themes,
    find_themes,
    reference_centre,
    shipped_centre,
    use_embedder,
)
from qa_app.execution.evidence import Citation
from tests.qa_app.test_themes_ari import generated

# The problem points of the five seed reports (agency, year, points).
SEED_POINTS = (
    (
        "朝阳县人民政府办公室",
        2021,
        (
            "依申请公开工作压力大",
            "个别部门政府信息公开时效性有待增强,未做到“随生成随公开”",
            "部分乡镇和政府部门政务公开工作人员更换频繁,存在一人身兼多职的情况,工作主动性还不强",
        ),
    ),
    (
        "汝州市信访局",
        2022,
        (
            "政府信息公开水平需要加强",
            "信访工作宣传还有更大提升空间",
            "政府信息公开时效性、规范性有待提高",
        ),
    ),
    (
        "涧西区人民政府办公室",
        2022,
        (
            "主动公开工作谋划不够",
            "政策解读形式有待丰富",
            "在解读回应群众关切上需更有前瞻性和互动性",
        ),
    ),
    (
        "获嘉县政务服务和大数据管理局",
        2022,
        (
            "政务公开工作水平有待提高，公开的信息数量较少，还有待增加",
            "信息公开的覆盖面也不够，没有达到《条例》和基层政务公开标准化规范化的要求，亟需拓宽，栏目有待完善",
            "公开内容以正面信息为主，一定程度上存在“报喜不报忧”的问题，公开形式大多采用文字和图表，新技术、新模式应用不够",
        ),
    ),
    (
        "郏县人民政府",
        2024,
        ("依申请公开的处理流程有待进一步规范", "政府信息公开平台建设有待进一步优化"),
    ),
)

# Points of different seed reports on different matters (a reader would not group them).
UNRELATED = (
    ("主动公开工作谋划不够", "依申请公开工作压力大"),
    ("信访工作宣传还有更大提升空间", "在解读回应群众关切上需更有前瞻性和互动性"),
    (
        "政务公开工作水平有待提高，公开的信息数量较少，还有待增加",
        "部分乡镇和政府部门政务公开工作人员更换频繁,存在一人身兼多职的情况,工作主动性还不强",
    ),
)


@pytest.fixture(scope="module")
def e5(request: pytest.FixtureRequest) -> Embed:
    folder = request.config.cache.mkdir("govqa-theme-points")
    engine = create_engine(f"sqlite:///{folder / 'e5.sqlite'}")
    embedding_cache.metadata.create_all(engine, tables=[embedding_cache])
    return CachedEmbedder(E5Embedder(), engine).embed_passages


def _section(points: tuple[str, ...]) -> str:
    return "\n".join(["（一）存在的主要问题", *(f"{n + 1}.{p}。" for n, p in enumerate(points))])


def _theme_of(themes: Themes) -> dict[str, int]:
    """Theme number of every point in a theme (long-tail points are absent)."""
    return {m.text: i for i, t in enumerate(themes.themes) for m in t.members}


@pytest.mark.slow
def test_seed_points_on_different_matters_stay_apart(e5: Embed) -> None:
    passages = [
        Citation(passage_id=f"s{i}:problems:0", report_id=f"s{i}", agency=agency, year=year,
                 section="problems", text=_section(points))
        for i, (agency, year, points) in enumerate(SEED_POINTS)
    ]  # fmt: skip
    summaries = summarize_passages(passages)
    read = {p.text for s in summaries for p in s.problem_points}
    assert read == {p for _, _, points in SEED_POINTS for p in points}
    with use_embedder(e5):
        theme = _theme_of(find_themes(summaries, lambda s: s.problem_points))
    for a, b in UNRELATED:
        assert a not in theme or b not in theme or theme[a] != theme[b], (a, b)
    # Two reports' points on handling requests (依申请公开) are one matter.
    assert (
        theme.get("依申请公开工作压力大")
        == theme.get("依申请公开的处理流程有待进一步规范")
        is not None
    )


@pytest.mark.slow
def test_small_generated_selections_merge_few_different_themes(e5: Embed) -> None:
    """60 selections of 5 generated reports: pairs of points of different reports grouped into
    one theme, against the themes they were drawn from (precision first)."""
    right = wrong = same = 0
    for seed in range(100, 160):
        passages, truth = generated(5, seed)
        summaries = summarize_passages(passages)
        with use_embedder(e5):
            themes = find_themes(summaries, lambda s: s.problem_points)
        found = {(m.report_id, m.text): i for i, t in enumerate(themes.themes) for m in t.members}
        keys = sorted(truth)
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                if a[0] == b[0]:
                    continue
                grouped = a in found and b in found and found[a] == found[b]
                same += truth[a] == truth[b]
                right += grouped and truth[a] == truth[b]
                wrong += grouped and truth[a] != truth[b]
    precision, recall = right / (right + wrong), right / same
    print(f"5-report selections: precision {precision:.3f} ({right}/{right + wrong}), "
          f"recall {recall:.3f} ({right}/{same})")  # fmt: skip
    assert precision >= 0.85
    assert recall >= 0.7


@pytest.mark.slow
def test_the_shipped_e5_centre_is_the_mean_of_the_reference_sentences(e5: Embed) -> None:
    shipped = shipped_centre("e5-small")
    assert shipped is not None and shipped.shape == (384,)
    fresh = np.asarray(e5(list(REFERENCE_SENTENCES)), dtype=np.float32).mean(axis=0)
    assert np.allclose(shipped, fresh, atol=1e-5)
    assert reference_centre(e5) is shipped  # the corpus's e5 uses it, embedding nothing
    assert shipped_centre("st:some-model") is None
