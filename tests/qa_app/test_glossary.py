"""The glossary: every cell of the template and every derived measure by its formal, short,
colloquial and English names; it validates at load, and every phrasing reads as its entry."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from ingest.normalize import normalize_text, to_simplified
from ingest.template import FIELD_CATALOG, S3_COLUMN_KEYS
from qa_app.question.lexicon import MIN_LITERAL, read_metrics, scan_terms
from qa_app.question.plan import DERIVED
from qa_app.question.vocabulary import GlossaryEntry, VocabularyError, glossary
from qa_app.question.vocabulary import load as vocabulary_load
from qa_app.question.vocabulary.models import Glossary

ENTRIES = glossary().entry


def test_every_field_column_and_derived_measure_has_an_entry() -> None:
    keys = {e.key for e in ENTRIES}
    assert {key for _section, key in FIELD_CATALOG} <= keys  # 二 of both editions, 三, 四
    assert set(DERIVED) <= keys
    assert {f"column:{c}" for c in S3_COLUMN_KEYS} <= keys
    assert all(len(e.phrasings) >= 5 and e.en and (e.short or e.zh) for e in ENTRIES)


def _entry(**changes: object) -> dict[str, object]:
    base = {"key": "granted", "formal": "予以公开", "short": ["全部公开"],
            "zh": ["都公开了", "给公开了"], "en": ["granted in full", "fully granted"]}  # fmt: skip
    return {**base, **changes}


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"key": "no_such_cell"}, "unknown glossary key"),
        ({"zh": []}, "needs 5"),
        ({"en": ["Granted In Full", "fully granted"]}, "lower-case"),
    ],
)
def test_a_bad_entry_is_refused(changes: dict[str, object], problem: str) -> None:
    with pytest.raises(ValidationError, match=problem):
        GlossaryEntry.model_validate(_entry(**changes))


def test_a_phrase_may_name_one_entry_and_no_field_may_be_left_out() -> None:
    entries = [e.model_dump() for e in ENTRIES]
    clash = [*entries[:-1], {**entries[-1], "short": [*entries[-1]["short"], "全部公开"]}]
    with pytest.raises(ValidationError, match="names both"):
        Glossary.model_validate({"entry": clash})
    with pytest.raises(ValidationError, match="no entry for"):
        Glossary.model_validate({"entry": entries[1:]})


def test_a_broken_glossary_file_names_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vocabulary_load, "read", lambda name: {"entry": [_entry(key="nope")]})
    vocabulary_load.glossary.cache_clear()
    try:
        with pytest.raises(VocabularyError, match=r"glossary\.toml"):
            vocabulary_load.glossary()
    finally:
        vocabulary_load.glossary.cache_clear()


GROUP_READINGS = {"other_total"}  # 其他处理: every row of the group, in both editions


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.key)
def test_each_phrasing_alone_reads_as_its_entry(entry: GlossaryEntry) -> None:
    for phrase in (*entry.chinese, *entry.en):
        text = to_simplified(normalize_text(phrase)).lower()
        if len(text) < MIN_LITERAL:
            continue
        reading = read_metrics(scan_terms(text))
        if entry.is_column:
            assert reading.columns == [entry.column], phrase
        elif entry.key in GROUP_READINGS:
            assert reading.keys[0] == entry.key, phrase
        else:
            assert reading.keys == [entry.key], (phrase, reading.keys)
