"""The vocabulary data files: each validates, a bad entry fails at start naming its file, and a
phrasing written in a file is a phrasing the planner reads."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from qa_app.question.lexicon import read_metrics, scan_terms
from qa_app.question.vocabulary import (
    Cue,
    Slot,
    TermRow,
    VocabularyError,
    agency_words,
    cues,
    load_all,
    notes,
    terms,
)
from qa_app.question.vocabulary import load as vocabulary_load
from qa_app.question.vocabulary.models import Message


def test_every_file_loads_and_validates() -> None:
    load_all()
    assert len(terms()) >= 60 and set(cues().cues) == set(Cue)
    assert {"relative_year", "carry_ambiguous"} <= set(notes())
    assert agency_words().abbreviations["卫生健康委员会"][0] == "卫健委"


def test_every_note_a_term_names_is_a_message() -> None:
    assert {t.note for t in terms() if t.note} <= set(notes())


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ({"slot": "metric", "values": ["no_such_field"], "zh": ["某"]}, "unknown value"),
        ({"slot": "sideways", "values": ["granted"], "zh": ["某"]}, "slot"),
        ({"slot": "metric", "values": ["granted"], "zh": ["(unclosed"]}, "does not compile"),
        ({"slot": "column", "values": ["natural_person"]}, "no phrasing"),
    ],
)
def test_a_bad_term_is_refused(entry: dict[str, object], problem: str) -> None:
    with pytest.raises(ValidationError, match=problem):
        TermRow.model_validate(entry)


def test_messages_need_the_same_placeholders_in_both_languages() -> None:
    with pytest.raises(ValidationError, match="different placeholders"):
        Message(zh="按{latest}年推算", en="counted from the latest year")


def test_a_broken_file_names_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vocabulary_load, "read", lambda name: {"terms": [{"slot": "metric"}]})
    vocabulary_load.terms.cache_clear()
    try:
        with pytest.raises(VocabularyError, match=r"terms\.toml"):
            vocabulary_load.terms()
    finally:
        vocabulary_load.terms.cache_clear()


def _reads(text: str) -> list[str]:
    return read_metrics(scan_terms(text)).keys


@pytest.mark.parametrize(
    "row", [t for t in terms() if t.slot is Slot.METRIC], ids=lambda t: t.values[0]
)
def test_each_plain_chinese_phrasing_of_a_metric_is_read_as_its_field(row: TermRow) -> None:
    plain = [p for p in row.zh if p.isalnum()]  # literal words, not patterns
    for phrase in plain:
        found = _reads(phrase)
        assert set(row.values) & set(found), (phrase, found)
