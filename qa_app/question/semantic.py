"""The semantic fallback: when no phrase of a question names a figure, rank the glossary's
entries by meaning with the embedder the corpus already loaded (e5), and either take the best
(clearly ahead: said in the answer) or ask back with the top three.

Only the question is embedded per call; the glossary's phrasings are embedded once per embedder
and kept (the corpus's CachedEmbedder also keeps them in the store, so a new process reads them
back instead of embedding again).
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from index.embedders import Embedder
from ingest.template import FIELD_CATALOG
from qa_app.question.plan import DERIVED
from qa_app.question.vocabulary import GlossaryEntry, glossary

# e5's cosine similarities are compressed into 0.8-0.95; these were set on the glossary's own
# phrasings against colloquial questions (tests/qa_app/test_semantic.py holds the cases).
CLEAR = 0.90  # the best entry must reach this ...
MARGIN = 0.01  # ... and lead the next by this much to be taken without asking
RELATED = 0.87  # below this nothing in the glossary is near: no suggestion at all
ASK_BACK = 3

_VERSIONS = {key: {v.value for v in info.versions} for (_s, key), info in FIELD_CATALOG.items()}


@dataclass(frozen=True)
class Ranked:
    entry: GlossaryEntry
    score: float


@dataclass(frozen=True)
class Choice:
    """The fallback's verdict: `chosen` when one entry is clearly ahead, else `suggestions`."""

    chosen: Ranked | None
    suggestions: tuple[Ranked, ...] = ()


def available_in(key: str, editions: Collection[str]) -> bool:
    """Whether a field (or a derived measure's every part) is printed in one of `editions`."""
    if not editions:
        return True
    spec = DERIVED.get(key)
    parts = (*spec.numerator, *spec.denominator) if spec else (key,)
    return all(_VERSIONS.get(p, set()) & set(editions) for p in parts)


class GlossaryRanker:
    """Glossary entries (fields and derived measures) ranked by similarity to a question."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self._lock = threading.Lock()
        self._matrix: np.ndarray | None = None
        self._owners: np.ndarray | None = None
        self._entries = [e for e in glossary().entry if not e.is_column]

    def _vectors(self) -> tuple[np.ndarray, np.ndarray]:
        with self._lock:
            if self._matrix is None or self._owners is None:
                texts, owners = [], []
                for i, entry in enumerate(self._entries):
                    for phrase in dict.fromkeys((entry.formal, *entry.phrasings)):
                        texts.append(phrase)
                        owners.append(i)
                self._matrix = self.embedder.embed_passages(texts)
                self._owners = np.asarray(owners)
            return self._matrix, self._owners

    def warm(self) -> None:
        """Embed the glossary now (at start) rather than at the first unmatched question."""
        self._vectors()

    def rank(self, question: str, editions: Collection[str] = ()) -> list[Ranked]:
        """Entries by their best phrasing's cosine with the question, best first; fields the
        selected reports' template editions do not print are left out."""
        matrix, owners = self._vectors()
        scores = matrix @ self.embedder.embed_query(question)
        best = np.full(len(self._entries), -1.0)
        np.maximum.at(best, owners, scores)
        ranked = [
            Ranked(entry, float(score))
            for entry, score in zip(self._entries, best, strict=True)
            if available_in(entry.key, editions)
        ]
        return sorted(ranked, key=lambda r: -r.score)

    def choose(self, question: str, editions: Collection[str] = ()) -> Choice:
        return decide(self.rank(question, editions))


def decide(ranked: Sequence[Ranked]) -> Choice:
    """Take the best when it is near enough and clearly ahead; else offer the top three if
    anything is near; else nothing."""
    if not ranked or ranked[0].score < RELATED:
        return Choice(None)
    second = ranked[1].score if len(ranked) > 1 else -1.0
    if ranked[0].score >= CLEAR and ranked[0].score - second >= MARGIN:
        return Choice(ranked[0])
    return Choice(None, tuple(ranked[:ASK_BACK]))
