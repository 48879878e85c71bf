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

_NUMBER = (
    r"\s*(?:[(（]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|[一二三四五六七八九十]{1,3}\s*[、.．]"
    r"|\d{1,2}\s*[.．、](?!\d)|\d{1,2}\s+(?=\D))\s*"
)
_NUMBERING = re.compile("^" + _NUMBER)
_NUMBER_AT = re.compile(_NUMBER)
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


_NUMBER_MARKS = str.maketrans({"（": "(", "）": ")", "．": ".", ",": "、", "，": "、"})


# Numbering after a stray piece of a vertical group label ("年三 2. 其他", "( 1. 本机关…").
_STRAY_BEFORE = re.compile(r"^\s*\S{1,3}\s+(?=\S)")


def split_numbering(text: str) -> tuple[str, str]:
    """The numbering a label starts with, in one spelling ("（一）" -> "(一)", "1．" and "1、" ->
    "1."), and the label after it; ("", text) when it has none."""
    m = _NUMBERING.match(text)
    if not m or not m.group(0).strip():
        stray = _STRAY_BEFORE.match(text)
        m = _NUMBER_AT.match(text, stray.end()) if stray else None
        if not m or not m.group(0).strip():
            return "", text
    number = re.sub(r"\s+", "", m.group(0)).translate(_NUMBER_MARKS)
    return re.sub(r"^(\d+)、$", r"\1.", number), text[m.end() :]


def numbering_key(text: str) -> str:
    """The numbering a label starts with (see split_numbering), or ""."""
    return split_numbering(text)[0]


@lru_cache(maxsize=8192)
def text_key(text: str) -> str:
    """match_key of printed label text, as it is (labels repeat across reports)."""
    return match_key(text)


@lru_cache(maxsize=8192)
def label_key(text: str) -> str:
    """The comparable form of one printed label fragment (labels repeat across reports)."""
    return match_key(strip_numbering(text))


@dataclass(frozen=True, slots=True)
class LabelTarget:
    """A row the matcher can return: its key, its label forms, its place in the template,
    and the numbering the template prints before it ("一、", "(一)", "1."), if any."""

    key: str
    forms: tuple[str, ...]
    order: int
    numbering: str = ""


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
    def from_labels(
        cls, rows: Sequence[tuple[str, Sequence[str]]], numbering: Sequence[str] = ()
    ) -> LabelMatcher:
        """Build from (key, printed labels) pairs in template order, with the numbering each
        row is printed with when the template numbers them."""
        numbers = [numbering_key(n) for n in numbering] or [""] * len(rows)
        targets = [
            LabelTarget(key, tuple(dict.fromkeys(label_key(x) for x in labels)), i, number)
            for i, ((key, labels), number) in enumerate(zip(rows, numbers, strict=True))
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
        """A whole form in the last fragment; else the last fragment as the start or end of a
        form (a label broken by a line); else a form across the last two fragments; else the
        last two as a broken label, or a fuzzy match of the last one."""
        indexed = [(i, k) for i, k in enumerate(label_key(f) for f in fragments) if k]
        if not indexed:
            return None
        keys = [k for _, k in indexed]
        last = fragments[indexed[-1][0]]
        numbered = self._numbered_start(last)
        found = self._exact(keys, 1, after)
        if found:
            target = found[0]
            if numbered and target.numbering and target.numbering != numbering_key(last):
                # "2. 其他" cut from 2.其他法律行政法规禁止公开 is not the row 3.其他
                return LabelMatch(numbered, exact=False, first=indexed[-1][0])
            return self._exact_or_closer(found, keys, indexed, after)
        cut = numbered or self._cut_short(keys[-1], after)
        if cut is not None:
            return LabelMatch(cut, exact=False, first=indexed[-1][0])
        if numbering_key(last):  # a numbered label starts here: earlier words are not this row's
            close = self._fuzzy(keys[-1], after)
            return LabelMatch(close, False, indexed[-1][0], fuzzy=True) if close else None
        if len(keys) > 1:
            found = self._exact(keys, 2, after)
            if found:
                earlier = self._exact(keys[:-1], 1, after)
                close = self._fuzzy(keys[-1], after) if earlier == found else None
                if close is not None:
                    # The form stands whole in the fragment before (a header's 总计, a group
                    # label) and leaves the text right before the values unread, while that
                    # text is a misprint of a row label of its own: 於屬國家祕密 under a
                    # header ending in 總計 is 属于国家秘密, not the header's column.
                    return LabelMatch(close, False, indexed[-1][0], fuzzy=True)
                return self._exact_or_closer(found, keys, indexed, after)
        partial = self._partial(keys, after)
        if partial is None:
            return None
        target, first, fuzzy = partial
        return LabelMatch(target, exact=False, first=indexed[first][0], fuzzy=fuzzy)

    def _exact_or_closer(
        self,
        found: tuple[LabelTarget, int, int],
        keys: list[str],
        indexed: list[tuple[int, str]],
        after: int,
    ) -> LabelMatch:
        """The exact form found, unless it is a word inside a misprinted longer label."""
        target, first, size = found
        # the fragments the form reaches over: "其他" across "(六)其他外" + "理" sits inside
        # 其他外理, 其他处理 misprinted and broken by a line
        span = "".join(keys[first:])
        close = None
        if size < len(span):
            close = self._one_edit(span, after, longer_than=size)
        if close is None and size < BURIED_FORM * len(span):
            close = self._fuzzy(span, after, longer_than=size)
        if close is not None:
            return LabelMatch(close, False, indexed[first][0], fuzzy=True)
        return LabelMatch(target, exact=True, first=indexed[first][0])

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

    def _numbered_start(self, fragment: str) -> LabelTarget | None:
        """The one row printed with this numbering whose label starts with what follows it
        ("一、本" is 一、本年新收政府信息公开申请数量, cut by a line break)."""
        number, rest = split_numbering(fragment)
        key = label_key(rest)
        if not number or not key:
            return None
        hits = {
            t
            for t, f in self._forms
            if t.numbering == number and f.startswith(key) and len(f) > len(key)
        }
        return next(iter(hits)) if len(hits) == 1 else None

    def _cut_short(self, tail: str, after: int) -> LabelTarget | None:
        """The form `tail` is the start or the end of (a label a line break cut short)."""
        if len(tail) < MIN_PARTIAL:
            return None
        hits = [
            t
            for t, f in self._forms
            if len(f) > len(tail) and (f.startswith(tail) or f.endswith(tail))
        ]
        return self._by_order(hits, after) if hits else None

    def _partial(self, keys: list[str], after: int) -> tuple[LabelTarget, int, bool] | None:
        """The last two fragments as one cut-short label, or the last close to a form."""
        if len(keys) > 1:
            cut = self._cut_short("".join(keys[-2:]), after)
            if cut is not None:
                return cut, len(keys) - 2, False
        close = self._fuzzy(keys[-1], after)
        return (close, len(keys) - 1, True) if close is not None else None

    def _one_edit(self, tail: str, after: int, longer_than: int) -> LabelTarget | None:
        """A form longer than `longer_than` one wrong, dropped or added character away from
        the whole fragment: (六)其他处里 is 其他处理 misprinted, not the form 其他 it contains."""
        hits = [
            t
            for t, f in self._forms
            if len(f) > longer_than and abs(len(f) - len(tail)) <= 1 and _within_one_edit(f, tail)
        ]
        return self._by_order(hits, after) if hits else None

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


def _within_one_edit(a: str, b: str) -> bool:
    """Whether `a` becomes `b` by one substitution, insertion, deletion or swap of two
    neighbouring characters (or is `b`)."""
    if len(a) > len(b):
        a, b = b, a
    if len(b) - len(a) > 1:
        return False
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        swapped = i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i]
        return a[i + 1 :] == b[i + 1 :] or (swapped and a[i + 2 :] == b[i + 2 :])
    return a[i:] == b[i + 1 :]
