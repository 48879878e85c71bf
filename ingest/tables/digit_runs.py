"""Decode crawler text dumps, where a row's cells were concatenated with no separator.

`一、本年新收政府信息公开申请数量3521000038` means 35, 2, 1, 0, 0, 0, 38 only because the
template says so: numbers have no leading zeros, the six applicant columns add up to 总计 (H3),
and down the columns new + carried over = processed + carried forward (H1) and processed = the
sum of the outcome rows (H2); in table 四 each block's 总计 is the sum of its four results.
Every split that satisfies all constraints is found; a cell whose value differs between two of
them is ambiguous, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

Vector = tuple[int, ...]
MAX_SOLUTIONS = 2000


def splits(run: str, width: int) -> Iterator[Vector]:
    """Every way to cut `run` into `width` integers, none with a leading zero."""
    if width == 0:
        if not run:
            yield ()
        return
    longest = len(run) - (width - 1)
    for size in range(1, longest + 1):
        head = run[:size]
        if size > 1 and head[0] == "0":
            break
        for rest in splits(run[size:], width - 1):
            yield (int(head), *rest)


def fits_fewer_cells(run: str, width: int) -> bool:
    """Whether `run` also reads as fewer than `width` numbers: as a row some of whose cells
    were blank, which a run of glued digits cannot show."""
    return any(next(splits(run, k), None) is not None for k in range(1, width))


def row_candidates(run: str, width: int, holds: Callable[[Vector], bool] | None) -> list[Vector]:
    """Splits of one row's run that satisfy the row's own identity (if it has one). A run with
    signs or "/" marks in it has none: where its blank cells stood cannot be known."""
    if not run.isdigit():
        return []
    return [v for v in splits(run, width) if holds is None or holds(v)]


Marked = tuple[int | str, ...]  # a split with n/a marks standing for whole cells
# A mark that is one cell however many characters it has ("——" is one cell's dash, or two
# cells' "—"): both readings are tried.
_LONG_MARKS = {"——": "—"}
_MARK_CHARS = frozenset("/—–-\\")
_PIECES = re.compile(r"\d+|[/—–\-\\]+")


def marked_candidates(run: str, width: int) -> list[Marked]:
    """Splits of a run holding n/a marks ("00——101", "162—10/19") into `width` cells, each
    mark a cell of its own, whose numbers satisfy H3 (marks count as nothing; the total must
    be a number). Digits between marks split as in a plain run."""
    pieces = _PIECES.findall(run)
    if "".join(pieces) != run or not any(p[0] in _MARK_CHARS for p in pieces):
        return []
    out: list[Marked] = []
    for cells in _marked_splits(pieces, width):
        total = cells[-1]
        if isinstance(total, int) and sum(c for c in cells[:-1] if isinstance(c, int)) == total:
            out.append(cells)
    return out


def _marked_splits(pieces: Sequence[str], width: int) -> Iterator[Marked]:
    if not pieces:
        if width == 0:
            yield ()
        return
    head, rest = pieces[0], pieces[1:]
    if head[0] in _MARK_CHARS:
        readings = [tuple(head)]  # one cell per mark character
        if head in _LONG_MARKS:
            readings.append((head,))
        for marks in readings:
            if len(marks) <= width:
                for tail in _marked_splits(rest, width - len(marks)):
                    yield (*marks, *tail)
        return
    for count in range(1, min(len(head), width) + 1):
        for numbers in splits(head, count):
            for tail in _marked_splits(rest, width - count):
                yield (*numbers, *tail)


def sums_to_last(values: Vector) -> bool:
    """H3: the applicant columns add up to the total column."""
    return sum(values[:-1]) == values[-1]


def block_splits(run: str, blocks: int = 3, limit: int = MAX_SOLUTIONS) -> list[Vector]:
    """Splits of table 四's run into `blocks` blocks of five, each ending with the sum of its
    first four (H4–H6). Block by block, so a long run is never enumerated whole."""
    if run and not run.isdigit():
        return []
    if blocks == 0:
        return [()] if not run else []
    out: list[Vector] = []
    for size in range(5, len(run) - 5 * (blocks - 1) + 1):
        for block in splits(run[:size], 5):
            if sum(block[:4]) != block[4]:
                continue
            for rest in block_splits(run[size:], blocks - 1, limit - len(out)):
                out.append((*block, *rest))
                if len(out) >= limit:
                    return out
    return out


@dataclass(slots=True)
class Decoding:
    """Per row, the set of values each cell takes across all consistent splits."""

    values: dict[str, list[set[int]]] = field(default_factory=dict)
    solutions: int = 0
    capped: bool = False  # stopped counting at MAX_SOLUTIONS: unsettled cells stay ambiguous

    def settled(self, key: str) -> list[int | None]:
        """The row's cells: the value where every solution agrees, else None (ambiguous)."""
        return [next(iter(s)) if len(s) == 1 else None for s in self.values[key]]


@dataclass(frozen=True, slots=True)
class Equation:
    """Σ coef[row] * row[col] = 0 for every column (rows absent from `coef` don't take part)."""

    coef: Mapping[str, int]


def solve(
    candidates: Mapping[str, Sequence[Vector]],
    fixed: Mapping[str, Sequence[float | None]],
    equations: Sequence[Equation],
    width: int,
) -> Decoding:
    """All combinations of one candidate per row that satisfy every column equation.

    Rows in `fixed` are already read (None = blank: the column's equation is then unknown
    and not enforced). Depth-first with bounds on what the remaining rows can still add.
    """
    order = sorted(candidates, key=lambda k: len(candidates[k]))
    active = [
        (eq, [c for c in range(width) if all(_known(k, c, fixed, candidates) for k in eq.coef)])
        for eq in equations
        if any(k in candidates for k in eq.coef)
    ]
    base = [
        [sum(eq.coef[k] * (fixed[k][c] or 0) for k in eq.coef if k in fixed) for c in range(width)]
        for eq, _ in active
    ]
    bounds = _remaining_bounds(order, candidates, [eq for eq, _ in active], width)
    result = Decoding(values={k: [set() for _ in range(width)] for k in order})
    chosen: dict[str, Vector] = {}

    def feasible(depth: int, partial: list[list[float]]) -> bool:
        for i, (_, columns) in enumerate(active):
            for c in columns:
                low, high = bounds[depth][i][c]
                if not low <= -partial[i][c] <= high:
                    return False
        return True

    def visit(depth: int, partial: list[list[float]]) -> None:
        if result.capped or not feasible(depth, partial):
            return
        if depth == len(order):
            result.solutions += 1
            for key, vector in chosen.items():
                for c, value in enumerate(vector):
                    result.values[key][c].add(value)
            result.capped = result.solutions >= MAX_SOLUTIONS
            return
        key = order[depth]
        for vector in candidates[key]:
            chosen[key] = vector
            step = [
                [p[c] + eq.coef.get(key, 0) * vector[c] for c in range(width)]
                for p, (eq, _) in zip(partial, active, strict=True)
            ]
            visit(depth + 1, step)
        chosen.pop(key, None)

    visit(0, base)
    if result.capped:
        for sets in result.values.values():
            for s in sets:
                s.add(-1)  # unsettled: more solutions exist than were counted
    return result


def _known(
    key: str,
    col: int,
    fixed: Mapping[str, Sequence[float | None]],
    candidates: Mapping[str, object],
) -> bool:
    """Whether row `key` has a value in column `col`: read, or to be decided by a candidate."""
    if key in candidates:
        return True
    return key in fixed and fixed[key][col] is not None


def _remaining_bounds(
    order: Sequence[str],
    candidates: Mapping[str, Sequence[Vector]],
    equations: Sequence[Equation],
    width: int,
) -> list[list[list[tuple[float, float]]]]:
    """bounds[d][e][c]: min and max that rows order[d:] can add to equation e, column c."""
    bounds = [[[(0.0, 0.0)] * width for _ in equations] for _ in range(len(order) + 1)]
    for d in range(len(order) - 1, -1, -1):
        key = order[d]
        for e, eq in enumerate(equations):
            coef = eq.coef.get(key, 0)
            for c in range(width):
                low, high = bounds[d + 1][e][c]
                terms = [coef * v[c] for v in candidates[key]] or [0]
                bounds[d][e][c] = (low + min(terms), high + max(terms))
    return bounds
