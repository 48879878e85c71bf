"""Narrative sections (一 总体情况, 五 问题及改进, 六 其他) for a synthetic report.

Texts are assembled from the sentence pools in `narrative_pools.py`, so reports differ from one
another, and the request and appeal figures they quote are the record's own: 行政复议/行政诉讼
are mentioned only when table 四 has such cases. Sub-headings sit on their own lines
("（一）主动公开情况") so each renderer can lay them out its own way.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.template import SectionKey
from synthetic import narrative_pools as pools
from synthetic.agencies import Agency

CN_NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class NarrativeFacts:
    """The record's figures the narrative may quote (table 三 totals and 四 case counts)."""

    new_received: int
    carried_over: int
    total_processed: int
    carried_forward: int
    granted: int
    partially_granted: int
    review_cases: int
    litigation_cases: int
    normative_docs_issued: int


def self_reference(agency: Agency) -> str:
    """How the agency names itself in its report: 我局, 我办, 我委, or 本级政府."""
    for suffix, name in (("办公室", "我办"), ("委员会", "我委"), ("局", "我局")):
        if agency.name.endswith(suffix):
            return name
    return f"{agency.region[-1]}政府"


def _pick(rng: random.Random, pool: Sequence[str], k: int) -> list[str]:
    """`k` distinct sentences in pool order (reads more naturally than shuffled)."""
    chosen = sorted(rng.sample(range(len(pool)), min(k, len(pool))))
    return [pool[i] for i in chosen]


def _requests_paragraph(rng: random.Random, facts: NarrativeFacts) -> str:
    """The 依申请公开 paragraph: its figures are the record's totals."""
    f = facts
    if f.new_received == 0 and f.carried_over == 0:
        parts = ["本年度，{self}未收到政府信息公开申请，也无上年结转申请。"]
    else:
        carry = f"，上年结转{f.carried_over}件" if f.carried_over else ""
        forward = f"，结转下年度继续办理{f.carried_forward}件" if f.carried_forward else ""
        parts = [
            f"本年度共收到政府信息公开申请{f.new_received}件{carry}，办结{f.total_processed}件{forward}。"
        ]
        if f.total_processed:
            rest = (
                "，其余申请均依法作出答复"
                if f.granted + f.partially_granted < f.total_processed
                else ""
            )
            parts.append(f"其中予以公开{f.granted}件，部分公开{f.partially_granted}件{rest}。")
    if f.review_cases and f.litigation_cases:
        parts.append(
            f"因政府信息公开工作被申请行政复议{f.review_cases}件、被提起行政诉讼"
            f"{f.litigation_cases}件，{{self}}均依法积极应对。"
        )
    elif f.review_cases:
        parts.append(f"因政府信息公开申请答复引发行政复议{f.review_cases}件。")
    elif f.litigation_cases:
        parts.append(f"因政府信息公开事项被提起行政诉讼{f.litigation_cases}件。")
    return "".join(parts + _pick(rng, pools.REQUESTS_PROCESS, rng.randint(2, 3)))


def _counts(rng: random.Random, facts: NarrativeFacts, year: int) -> dict[str, int | str]:
    """Figures the pools quote that are not table cells (web posts, trainings...)."""
    posts = rng.randint(60, 3000)
    return {
        "year": year,
        "next_year": year + 1,
        "n_posts": posts,
        "n_policy": rng.randint(1, max(1, posts // 10)),
        "n_news": rng.randint(posts // 3, max(posts // 3, posts // 2)),
        "n_interpret": rng.randint(2, 60),
        "n_visual": rng.randint(1, 10),
        "n_media": rng.randint(20, 2000),
        "n_docs": facts.normative_docs_issued,
        "n_cleanup": rng.randint(1, 40),
        "n_visits": rng.randint(5, 300),
        "n_bulletin": rng.randint(2, 12),
        "n_training": rng.randint(1, 6),
        "n_trainees": rng.randint(10, 200),
        "n_proposals": rng.randint(1, 30),
        "n_motions": rng.randint(1, 40),
    }


def _overview(rng: random.Random, agency: Agency, facts: NarrativeFacts) -> list[str]:
    site = rng.choice(("政府门户网站", f"{agency.region}人民政府门户网站", "政府信息公开专栏"))
    proactive = [s.replace("{site}", site) for s in pools.PROACTIVE]
    if facts.normative_docs_issued == 0:
        proactive = [s for s in proactive if "{n_docs}" not in s]
    blocks = (
        (pools.PROACTIVE_HEADINGS, "".join(_pick(rng, proactive, rng.randint(3, 5)))),
        (pools.REQUESTS_HEADINGS, _requests_paragraph(rng, facts)),
        (pools.MANAGEMENT_HEADINGS, "".join(_pick(rng, pools.MANAGEMENT, rng.randint(2, 4)))),
        (pools.PLATFORM_HEADINGS, "".join(_pick(rng, pools.PLATFORM, rng.randint(2, 4)))),
        (pools.SUPERVISION_HEADINGS, "".join(_pick(rng, pools.SUPERVISION, rng.randint(3, 5)))),
    )
    lines = [rng.choice(pools.INTROS)]
    for i, (headings, paragraph) in enumerate(blocks):
        lines += [f"（{CN_NUMERALS[i]}）{rng.choice(headings)}", paragraph]
    return lines


def enumerate_points(rng: random.Random, points: Sequence[str]) -> list[str]:
    """Points as 一是…；二是…。 in one paragraph, or one per line as 1. … / 一是…。"""
    style = rng.choice(("inline", "inline", "digits", "shi"))
    if style == "inline":
        return ["；".join(f"{CN_NUMERALS[i]}是{p}" for i, p in enumerate(points)) + "。"]
    if style == "digits":
        return [f"{i + 1}.{p}。" for i, p in enumerate(points)]
    return [f"{CN_NUMERALS[i]}是{p}。" for i, p in enumerate(points)]


@dataclass(frozen=True)
class DrawnPoint:
    """A problem point and the theme (index into pools.PROBLEM_THEMES) it was drawn from."""

    theme: int
    text: str


def draw_problems(rng: random.Random, k: int | None = None) -> list[DrawnPoint]:
    """3–5 problem points from distinct themes, each a paraphrase of its theme with noise
    (a lead word, a tail clause), in shuffled order."""
    count = rng.randint(3, 5) if k is None else k
    themes = rng.sample(range(len(pools.PROBLEM_THEMES)), count)
    drawn = []
    for theme in themes:
        sentence = rng.choice(pools.PROBLEM_THEMES[theme][1])
        text = rng.choice(pools.POINT_LEADS) + sentence + rng.choice(pools.POINT_TAILS)
        drawn.append(DrawnPoint(theme, text))
    return drawn


def _problems(rng: random.Random) -> list[str]:
    problems = enumerate_points(rng, [p.text for p in draw_problems(rng)])
    measures = enumerate_points(rng, _pick(rng, pools.MEASURES, rng.randint(3, 5)))
    problem_intro = rng.choice(pools.PROBLEM_INTROS)
    if len(problems) == 1:
        problems = [problem_intro + problems[0]]
    else:
        problems.insert(0, problem_intro)
    lines = ["（一）" + rng.choice(("存在的主要问题", "存在的主要问题", "存在的问题")), *problems]
    lines.append("（二）" + rng.choice(("改进情况", "改进情况", "改进措施")))
    if rng.random() < 0.4:
        lines.append(rng.choice(pools.IMPROVEMENT_DONE))
    lines.append(rng.choice(pools.MEASURE_INTROS))
    return [*lines, *measures, rng.choice(pools.MEASURE_CLOSINGS)]


def write_narrative(
    seed: int, agency: Agency, year: int, facts: NarrativeFacts
) -> dict[SectionKey, str]:
    """The three narrative sections' texts, one paragraph or sub-heading per line."""
    rng = random.Random(seed)
    values = _counts(rng, facts, year) | {"self": self_reference(agency), "region": agency.region}
    sections = {
        SectionKey.OVERVIEW: _overview(rng, agency, facts),
        SectionKey.PROBLEMS: _problems(rng),
        SectionKey.OTHER: _pick(rng, pools.OTHER, rng.randint(1, 2)),
    }
    return {key: "\n".join(lines).format(**values) for key, lines in sections.items()}
