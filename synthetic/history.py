"""One agency's problems sections over several years, with what they repeat and what they
promised to fix and then reported again known.

Each year's section lists problem points (存在的主要问题) and the improvements planned for the
next year (改进情况), both drawn by theme from narrative_pools (PROBLEM_THEMES and the aligned
IMPROVEMENT_THEMES), paraphrased and roughened like draw_problems. A persistent theme is raised
every year; a theme promised in year Y is raised again in Y+1 about half the time, and the
promises that are not raised again are the decoys a matcher must leave alone.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from synthetic import narrative_pools as pools
from synthetic.narrative import DrawnPoint, enumerate_points

THEMES = len(pools.PROBLEM_THEMES)
AGAIN = 0.5  # chance that a theme promised in Y is raised again as a problem in Y+1


@dataclass(frozen=True)
class YearSection:
    """One year's 五: its problem points, its planned improvements, and the section's text."""

    year: int
    problems: tuple[DrawnPoint, ...]
    improvements: tuple[DrawnPoint, ...]
    text: str


@dataclass(frozen=True)
class AgencyHistory:
    agency: str
    persistent: frozenset[int]  # themes raised as a problem every year
    years: tuple[YearSection, ...]

    def promised_again(self) -> set[tuple[int, int, int]]:
        """(year promised, theme, later year it is raised as a problem) — the truth."""
        found = set()
        for i, early in enumerate(self.years):
            for later in self.years[i + 1 :]:
                raised = {p.theme for p in later.problems}
                found |= {
                    (early.year, p.theme, later.year)
                    for p in early.improvements
                    if p.theme in raised
                }
        return found

    def decoys(self) -> set[tuple[int, int]]:
        """(year promised, theme) never raised as a problem in a later year."""
        again = {(y, t) for y, t, _ in self.promised_again()}
        return {
            (s.year, p.theme)
            for s in self.years[:-1]
            for p in s.improvements
            if (s.year, p.theme) not in again
        }


def _problem(rng: random.Random, theme: int) -> DrawnPoint:
    sentence = rng.choice(pools.PROBLEM_THEMES[theme][1])
    return DrawnPoint(
        theme, rng.choice(pools.POINT_LEADS) + sentence + rng.choice(pools.POINT_TAILS)
    )


def _improvement(rng: random.Random, theme: int) -> DrawnPoint:
    sentence = rng.choice(pools.IMPROVEMENT_THEMES[theme][1])
    return DrawnPoint(theme, rng.choice(pools.IMPROVEMENT_LEADS) + sentence)


def _section_text(
    rng: random.Random, problems: Sequence[DrawnPoint], plans: Sequence[DrawnPoint]
) -> str:
    lines = ["（一）存在的主要问题", *enumerate_points(rng, [p.text for p in problems])]
    lines += ["（二）改进情况", "下一步，将从以下几个方面加以改进："]
    return "\n".join(lines + enumerate_points(rng, [p.text for p in plans]))


def agency_history(seed: int, agency: str, years: Sequence[int]) -> AgencyHistory:
    """`agency`'s problems sections for `years` (consecutive, oldest first)."""
    rng = random.Random(seed)
    persistent = set(rng.sample(range(THEMES), rng.choice((1, 1, 2))))
    sections: list[YearSection] = []
    promised: list[int] = []
    for year in years:
        themes = set(persistent) | {t for t in promised if rng.random() < AGAIN}
        wanted = max(len(themes), rng.randint(3, 5))
        fresh = [t for t in rng.sample(range(THEMES), THEMES) if t not in themes]
        themes |= set(fresh[: wanted - len(themes)])
        problems = [_problem(rng, t) for t in rng.sample(sorted(themes), len(themes))]
        # plans: most answer this year's problems, one may be a new intention
        answered = rng.sample(sorted(themes), min(len(themes), rng.randint(2, 3)))
        other = [t for t in range(THEMES) if t not in themes]
        promised = answered + rng.sample(other, rng.randint(0, 1))
        plans = [_improvement(rng, t) for t in promised]
        text = _section_text(rng, problems, plans)
        sections.append(YearSection(year, tuple(problems), tuple(plans), text))
    return AgencyHistory(agency, frozenset(persistent), tuple(sections))
