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

from ingest.normalize import match_key

_NUMBERING = re.compile(
    r"^\s*(?:[(（]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|[一二三四五六七八九十]{1,3}\s*[、.．]"
    r"|\d{1,2}\s*[.．、](?!\d)|\d{1,2}\s+(?=\D))\s*"
)
MIN_PARTIAL = 4  # characters a fragment needs before it may stand for a longer label
MIN_FUZZY = 6
FUZZY_RATIO = 0.8


def strip_numbering(text: str) -> str:
    """Drop leading numbering: '（三） 不予公开' -> '不予公开', '1.属于…' -> '属于…'."""
    previous = None
    while previous != text:
        previous = text
        text = _NUMBERING.sub("", text, count=1)
    return text


def label_key(text: str) -> str:
    """The comparable form of one printed label fragment."""
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


class LabelMatcher:
    """Finds which template row a run of label fragments names."""

    def __init__(self, targets: Sequence[LabelTarget]) -> None:
        self.targets = list(targets)
        self._forms = [(t, f) for t in self.targets for f in t.forms if f]

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
        keys = [k for k in (label_key(f) for f in fragments) if k]
        if not keys:
            return None
        for depth in (1, 2):
            if len(keys) < depth:
                break
            found = self._exact(keys, depth, after)
            if found:
                return LabelMatch(found, exact=True)
        partial = self._partial(keys, after)
        return LabelMatch(partial, exact=False) if partial else None

    def _exact(self, keys: list[str], depth: int, after: int) -> LabelTarget | None:
        """Longest label form occurring in the fragments and reaching the last `depth`."""
        text = "".join(keys)
        boundary = len(text) - sum(len(k) for k in keys[-depth:])
        best: list[tuple[int, LabelTarget]] = []
        for target, form in self._forms:
            start = text.find(form)
            while start != -1:
                if start + len(form) > boundary:
                    best.append((len(form), target))
                start = text.find(form, start + 1)
        if not best:
            return None
        longest = max(n for n, _ in best)
        return self._by_order([t for n, t in best if n == longest], after)

    def _partial(self, keys: list[str], after: int) -> LabelTarget | None:
        """A fragment that is the start or end of a form, or close to one."""
        tails = [keys[-1], "".join(keys[-2:])] if len(keys) > 1 else [keys[-1]]
        for tail in tails:
            if len(tail) < MIN_PARTIAL:
                continue
            hits = [
                t
                for t, f in self._forms
                if len(f) > len(tail) and (f.startswith(tail) or f.endswith(tail))
            ]
            if hits:
                return self._by_order(hits, after)
        tail = keys[-1]
        if len(tail) >= MIN_FUZZY:
            scored = [(SequenceMatcher(None, tail, f).ratio(), t) for t, f in self._forms]
            good = [(r, t) for r, t in scored if r >= FUZZY_RATIO]
            if good:
                top = max(r for r, _ in good)
                return self._by_order([t for r, t in good if r == top], after)
        return None

    @staticmethod
    def _by_order(candidates: list[LabelTarget], after: int) -> LabelTarget:
        unique = sorted(set(candidates), key=lambda t: t.order)
        for target in unique:
            if target.order > after:
                return target
        return unique[0]
