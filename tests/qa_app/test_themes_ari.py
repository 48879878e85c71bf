"""Themes recovered from generated problem sections: each report's points are drawn from ten
known themes (paraphrased, shuffled, with lead and tail noise; synthetic/narrative.py), read
back by the extractive splitter, embedded by e5 and clustered; the grouping is scored against
the themes they were drawn from with the adjusted Rand index. e5 vectors are cached in the
pytest cache, so only the first run embeds."""

from __future__ import annotations

import random

import pytest
from sklearn.metrics import adjusted_rand_score
from sqlalchemy import create_engine

from index.embedders import E5Embedder
from index.embedding_cache import CachedEmbedder
from index.tables import embedding_cache
from qa_app.answer.extractive import summarize_passages
from qa_app.answer.themes import find_themes, use_embedder
from qa_app.execution.evidence import Citation
from synthetic.narrative import draw_problems, enumerate_points

REPORTS = 300


def generated(n: int, seed: int) -> tuple[list[Citation], dict[tuple[str, str], int]]:
    """n problems sections as passages, and the theme of every (report, point)."""
    rng = random.Random(seed)
    passages, truth = [], {}
    for i in range(n):
        drawn = draw_problems(rng)
        text = "\n".join(["（一）存在的主要问题", *enumerate_points(rng, [d.text for d in drawn])])
        rid = f"r{i:04d}"
        passages.append(
            Citation(passage_id=f"{rid}:problems:0", report_id=rid, agency=f"机关{i}",
                     year=2021 + i % 3, section="problems", text=text)
        )  # fmt: skip
        truth |= {(rid, d.text): d.theme for d in drawn}
    return passages, truth


@pytest.mark.slow
def test_clustering_recovers_the_generated_themes(request: pytest.FixtureRequest) -> None:
    folder = request.config.cache.mkdir("govqa-theme-points")
    engine = create_engine(f"sqlite:///{folder / 'e5.sqlite'}")
    embedding_cache.metadata.create_all(engine, tables=[embedding_cache])
    embedder = CachedEmbedder(E5Embedder(), engine)
    passages, truth = generated(REPORTS, seed=15)
    summaries = summarize_passages(passages)
    with use_embedder(embedder.embed_passages):
        themes = find_themes(summaries, lambda s: s.problem_points)
    found = {(m.report_id, m.text): i for i, t in enumerate(themes.themes) for m in t.members}
    found |= {(m.report_id, m.text): -1 - i for i, m in enumerate(themes.long_tail)}
    assert set(found) == set(truth)  # the splitter read every drawn point back
    keys = sorted(truth)
    ari = adjusted_rand_score([truth[k] for k in keys], [found[k] for k in keys])
    print(
        f"ARI {ari:.3f} over {len(keys)} points of {REPORTS} reports, {len(themes.themes)} themes"
    )
    assert ari >= 0.85
    assert themes.themes[0].reports <= REPORTS
