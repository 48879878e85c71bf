"""What the corpus itself tells the planner about a question: which template edition the
asked reports follow (收费 in v2021 is the 行政事业性收费 amount), which years an agency has
(郏县去年 when only 2024 exists), and, when no word names a figure, which glossary entry the
question means (the semantic fallback), each said in a note."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.normalize import normalize_text, to_simplified
from qa_app.question.agencies import AgencyDirectory
from qa_app.question.lexicon import MetricReading, TermHit
from qa_app.question.notes import Notes
from qa_app.question.plan import Language
from qa_app.question.semantic import Choice, GlossaryRanker
from qa_app.question.vocabulary import glossary, topics


def resolve_contextual(
    text: str,
    hits: Sequence[TermHit],
    reading: MetricReading,
    editions: set[str],
    notes: Notes,
) -> None:
    """Swap a field read from an edition-dependent word (the whole of a term found, not part
    of a longer label) for what it means in the asked reports' edition; both when they mix."""
    words = {text[h.start : h.end].lower() for h in hits}
    for ctx in glossary().contextual:
        said = [p for p in ctx.phrases if to_simplified(normalize_text(p)) in words]
        said += [p for p in ctx.en if p in words]
        if not said:
            continue
        targets = {ctx.v2021, ctx.v2019}
        if not targets & set(reading.keys):
            continue
        wanted = [ctx.field_for(e) for e in sorted(editions, reverse=True)] or [ctx.v2021]
        at = next(i for i, k in enumerate(reading.keys) if k in targets)
        rest = [k for k in reading.keys if k not in targets]
        reading.keys = rest[:at] + list(dict.fromkeys(wanted)) + rest[at:]
        if "v2019" in editions:
            notes.add("contextual", word=said[0], v2021=_label(ctx.v2021, notes),
                      v2019=_label(ctx.v2019, notes))  # fmt: skip


def _label(key: str, notes: Notes) -> str:
    entry = glossary().get(key)
    return entry.formal if notes.language is Language.ZH else entry.en[0]


def apply_semantic(
    ranker: GlossaryRanker, text: str, reading: MetricReading, editions: set[str], notes: Notes
) -> bool:
    """Rank the glossary against the question's words; take a clear winner (noted), else
    note the top three as the question back. True when a figure was chosen or offered."""
    words = re.sub(r"[\s□?？。，,.!！]+", " ", text).strip()
    if not words:
        return False
    choice: Choice = ranker.choose(words, editions)
    if choice.chosen is not None:
        entry = choice.chosen.entry
        reading.keys = [entry.key]
        label = entry.formal if notes.language is Language.ZH else entry.en[0]
        notes.add("semantic_chosen", label=label)
        return True
    if choice.suggestions:
        labels = [
            (r.entry.formal if notes.language is Language.ZH else r.entry.en[0])
            for r in choice.suggestions
        ]
        notes.add("semantic_ask", options=notes.names(labels))
        return True
    return False


def missing_years(
    directory: AgencyDirectory,
    keys: Sequence[str] | None,
    years: list[int],
    nearest: bool,
    notes: Notes,
) -> list[int] | None:
    """Note, for each named agency, the asked years it has no report for and the years it has.
    With `nearest` (或最近一年) and one agency, the nearest year it has stands in: returned."""
    if not keys or not years:
        return None
    replaced: list[int] | None = None
    for key in keys:
        entry = next((e for e in directory.entries if e.key == key), None)
        if entry is None or not entry.years:
            continue
        absent = [y for y in years if y not in entry.years]
        if len(absent) < len(years):  # some asked year is there: the answer says the rest
            continue
        have = notes.names([str(y) for y in entry.years])
        asked = notes.names([str(y) for y in absent])
        notes.add("missing_year", name=entry.name, asked=asked, have=have)
        if nearest and len(keys) == 1 and len(years) == 1:
            best = min(entry.years, key=lambda y: (abs(y - years[0]), -y))
            notes.add("nearest_year", name=entry.name, year=best)
            replaced = [best]
    return replaced


_TOPIC_TAIL = re.compile(r"(?:的?(?:问题|情况|内容|事项))?[的了吗呢吧么？?。.!！\s]*$")
_QUESTION_WORD = re.compile(r"(?:什么|哪些|哪方面|哪几|啥|what|which)", re.IGNORECASE)
_EN_FILLER = re.compile(r"\s+(?:in|for|of|at|by|the|their|its|during)$")
_EN_TAIL = re.compile(r"(?:\s*(?:issues?|problems?|in (?:their|the) reports?))?[?.!\s]*$")


def topic_after(text: str, cue_end: int) -> str | None:
    """The words a mention question looks for: what follows 提到/mention, up to the end."""
    tail = text[cue_end:]
    tail = re.split(r"[,，;；]", tail)[0]
    if _QUESTION_WORD.match(tail.strip(" 了过到")):  # 提到了什么问题: a summary, not a topic
        return None
    for _ in range(4):  # "… problems in" once the year is masked: peel trailing filler words
        tail = _TOPIC_TAIL.sub("", tail).strip(" “”\"'□")
        tail = _EN_TAIL.sub("", tail).strip(" “”\"'□")
        tail = _EN_FILLER.sub("", tail).strip(" “”\"'□")
    tail = re.sub(r"^(?:了|过|到|about|of|the|any)\s*", "", tail).strip()
    return tail or None


def topic_words(topic: str) -> tuple[str, ...]:
    """The words that count as mentioning `topic`: its row in topics of the glossary (人员不足
    also 人手不足, 兼职, staff shortage …), else the topic itself."""
    lowered = to_simplified(normalize_text(topic)).lower()
    for row in topics():
        names = (*row.zh, *row.en)
        if any(n.lower() in lowered or lowered in n.lower() for n in names):
            return tuple(row.zh)
    return (lowered,)
