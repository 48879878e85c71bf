"""Reading the vocabulary files: TOML next to this module, validated by models.py once per
process (the first question, or `load_all()` at start), then shared read-only."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from qa_app.question.numerals import EN_NUMBER, NUM
from qa_app.question.vocabulary.models import (
    AgencyWords,
    CueWords,
    Glossary,
    Message,
    TermRow,
    Topic,
    VocabularyError,
)

HERE = Path(__file__).parent
# {N} in a cue pattern: one number with its optional percent sign and unit, captured as n.
NUMBER_WITH_UNIT = rf"(?P<n>{NUM})\s*(?P<pct>%)?\s*(?:件|个|份|次|条|项|家|名|万元)?"
PLACEHOLDERS = {"{N}": NUMBER_WITH_UNIT, "{NUM}": NUM, "{EN_NUMBER}": EN_NUMBER}
_TERMS = TypeAdapter(list[TermRow])
_NOTES = TypeAdapter(dict[str, Message])
_TOPICS = TypeAdapter(list[Topic])


def read(name: str) -> dict[str, Any]:
    """The parsed TOML file `name` of this folder."""
    path = HERE / name
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise VocabularyError(name, str(exc)) from exc


def _validated(name: str, check: TypeAdapter[Any] | type[BaseModel], data: Any) -> Any:
    try:
        if isinstance(check, TypeAdapter):
            return check.validate_python(data)
        return check.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise VocabularyError(name, f"{where}: {first['msg']}") from exc


def _filled(pattern: str) -> str:
    for placeholder, regex in PLACEHOLDERS.items():
        pattern = pattern.replace(placeholder, regex)
    return pattern


@cache
def terms() -> tuple[TermRow, ...]:
    """terms.toml: every phrasing of a metric, block, result, column, table 二 row or column."""
    found = tuple(_validated("terms.toml", _TERMS, read("terms.toml").get("terms", [])))
    unknown = sorted({t.note for t in found if t.note} - set(notes()))
    if unknown:
        raise VocabularyError("terms.toml", f"notes {unknown} are not in notes.toml")
    return found


@cache
def cues() -> CueWords:
    """cues.toml, with the number placeholders filled in."""
    data = read("cues.toml")
    for key in ("top_n", "en_claim", "zero"):
        data[key] = [_filled(p) for p in data.get(key, [])]
    for comparison in data.get("comparisons", []):
        comparison["pattern"] = _filled(comparison["pattern"])
    return _validated("cues.toml", CueWords, data)


@cache
def notes() -> dict[str, Message]:
    """notes.toml: what the planner says about its reading, by key."""
    return _validated("notes.toml", _NOTES, read("notes.toml"))


@cache
def agency_words() -> AgencyWords:
    """agencies.toml: department short forms and the words around agency names."""
    return _validated("agencies.toml", AgencyWords, read("agencies.toml"))


@cache
def glossary() -> Glossary:
    """glossary.toml: every field, applicant column and derived measure by all its names."""
    return _validated("glossary.toml", Glossary, read("glossary.toml"))


@cache
def topics() -> tuple[Topic, ...]:
    """topics.toml: narrative topics and the words that mention them."""
    return tuple(_validated("topics.toml", _TOPICS, read("topics.toml").get("topic", [])))


def load_all() -> None:
    """Read and validate every vocabulary file now (at start), not at the first question."""
    terms(), cues(), notes(), agency_words(), glossary(), topics()
