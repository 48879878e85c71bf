"""Match printed row labels to template rows, by words, never by position.

A row's label may arrive in fragments: a group label before it ("（三）不予公开"), pieces broken
across lines ("…其政府信息" + "公开申请"), header words of the table, OCR noise. The matcher
looks for a template label form inside the fragments, preferring the longest form that reaches
into the last fragment (the text right before the values). Failing that it accepts a fragment
that is a long enough prefix or suffix of one form, or a close fuzzy match, and resolves ties
by template order (the first candidate after the last row already filled).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from ingest.normalize import match_key

_NUMBERING = re.compile(
    r"^\s*(?:[(（]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|[一二三四五六七八九十]{1,3}\s*[、.．]"
    r"|\d{1,2}\s*[.．、](?!\d)|\d{1,2}\s+(?=\D))\s*"
)
MIN_PARTIAL = 4  # characters a fragment needs before it may stand for a longer label
MIN_FUZZY = 6
FUZZY_RATIO = 0.8
# An exact form covering less than this share of the fragment it sits in is a word inside a
# longer label ("其他" in "其他法律行政止公开"); a close fuzzy match of the whole fragment wins.
BURIED_FORM = 0.5


def strip_numbering(text: str) -> str:
    """Drop leading numbering: '（三） 不予公开' -> '不予公开', '1.属于…' -> '属于…'."""
    previous = None
    while previous != text:
        previous = text
        text = _NUMBERING.sub("", text, count=1)
    return text


@lru_cache(maxsize=8192)
def label_key(text: str) -> str:
    """The comparable form of one printed label fragment (labels repeat across reports)."""
    return match_key(strip_numbering(text))


@dataclass(frozen=True, slots=True)
class LabelTarget:
    """A row the matcher can return: its key, its label forms, its place in the template."""

    key: str
    forms: tuple[str, ...]
    order: int


@dataclass(frozen=True, slots=True)
class LabelMatch:
    target: LabelTarget
    exact: bool  # a whole label form was found (not a prefix, suffix or fuzzy match)
    first: int  # index of the first fragment the match used (the row label starts there)
    fuzzy: bool = False  # the printed label differs from every form by a character or more

    def warning(self, printed: str) -> str | None:
        """What to tell the user about a label read despite a wrong, dropped or added
        character, or None (a label cut short by a line break is not worth a warning)."""
        if not self.fuzzy:
            return None
        return f"label {printed!r} differs from the template's {self.target.forms[0]!r}; read as it"


class LabelMatcher:
    """Finds which template row a run of label fragments names."""

    def __init__(self, targets: Sequence[LabelTarget]) -> None:
        self.targets = list(targets)
        self._forms = [(t, f) for t in self.targets for f in t.forms if f]
        self._memo: dict[tuple[tuple[str, ...], int], LabelMatch | None] = {}

    @classmethod
    def from_labels(cls, rows: Sequence[tuple[str, Sequence[str]]]) -> LabelMatcher:
        """Build from (key, printed labels) pairs in template order."""
        targets = [
            LabelTarget(key, tuple(dict.fromkeys(label_key(x) for x in labels)), i)
            for i, (key, labels) in enumerate(rows)
        ]
        return cls(targets)

    def match(self, fragments: Sequence[str], *, after: int = -1) -> LabelMatch | None:
        """The row `fragments` name. `after` is the order of the last row already filled."""
        memo_key = (tuple(fragments), after)
        if memo_key not in self._memo:
            if len(self._memo) > 50_000:
                self._memo.clear()
            self._memo[memo_key] = self._match(fragments, after)
        return self._memo[memo_key]

    def _match(self, fragments: Sequence[str], after: int) -> LabelMatch | None:
        indexed = [(i, k) for i, k in enumerate(label_key(f) for f in fragments) if k]
        if not indexed:
            return None
        keys = [k for _, k in indexed]
        for depth in (1, 2):
            if len(keys) < depth:
                break
            found = self._exact(keys, depth, after)
            if found:
                target, first, size = found
                if size < BURIED_FORM * len(keys[-1]):
                    close = self._fuzzy(keys[-1], after, longer_than=size)
                    if close is not None:
                        return LabelMatch(close, False, indexed[-1][0], fuzzy=True)
                return LabelMatch(target, exact=True, first=indexed[first][0])
        partial = self._partial(keys, after)
        if partial is None:
            return None
        target, first, fuzzy = partial
        return LabelMatch(target, exact=False, first=indexed[first][0], fuzzy=fuzzy)

    def _exact(
        self, keys: list[str], depth: int, after: int
    ) -> tuple[LabelTarget, int, int] | None:
        """The label form occurring in the fragments, reaching into the last `depth`, that ends
        closest to the values (the row's own label comes right before them; earlier words are
        a group label or the label of a row printed blank), the longest of those: the target,
        the first fragment it uses, and the form's length."""
        text = "".join(keys)
        ends = [sum(len(k) for k in keys[: i + 1]) for i in range(len(keys))]
        boundary = len(text) - sum(len(k) for k in keys[-depth:])
        best: list[tuple[int, int, LabelTarget, int]] = []
        for target, form in self._forms:
            start = text.find(form)
            while start != -1:
                if start + len(form) > boundary:
                    first = next(i for i, end in enumerate(ends) if end > start)
                    best.append((start + len(form), len(form), target, first))
                start = text.find(form, start + 1)
        if not best:
            return None
        top = max((e, n) for e, n, _, _ in best)
        chosen = [(t, f) for e, n, t, f in best if (e, n) == top]
        target = self._by_order([t for t, _ in chosen], after)
        return target, min(f for t, f in chosen if t == target), top[1]

    def _partial(self, keys: list[str], after: int) -> tuple[LabelTarget, int, bool] | None:
        """A fragment that is the start or end of a form, or close to one (fuzzy)."""
        tails = [keys[-1], "".join(keys[-2:])] if len(keys) > 1 else [keys[-1]]
        for depth, tail in enumerate(tails, start=1):
            if len(tail) < MIN_PARTIAL:
                continue
            hits = [
                t
                for t, f in self._forms
                if len(f) > len(tail) and (f.startswith(tail) or f.endswith(tail))
            ]
            if hits:
                return self._by_order(hits, after), len(keys) - depth, False
        close = self._fuzzy(keys[-1], after)
        return (close, len(keys) - 1, True) if close is not None else None

    def _fuzzy(self, tail: str, after: int, longer_than: int = 0) -> LabelTarget | None:
        """The form closest to `tail` (a dropped, added or wrong character), if close enough."""
        if len(tail) < MIN_FUZZY:
            return None
        scored = [
            (SequenceMatcher(None, tail, f).ratio(), t)
            for t, f in self._forms
            if len(f) > longer_than
        ]
        good = [(r, t) for r, t in scored if r >= FUZZY_RATIO]
        if not good:
            return None
        top = max(r for r, _ in good)
        return self._by_order([t for r, t in good if r == top], after)

    @staticmethod
    def _by_order(candidates: list[LabelTarget], after: int) -> LabelTarget:
        unique = sorted(set(candidates), key=lambda t: t.order)
        for target in unique:
            if target.order > after:
                return target
        return unique[0]
