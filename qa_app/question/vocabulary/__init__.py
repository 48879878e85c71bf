"""The planner's vocabulary as data: what people call the numbers of a report and the kinds of
answer they want, in Chinese and English.

- terms.toml     phrasings -> canonical field keys (and the parts the planner combines)
- cues.toml      intent cues, levels, comparisons, top-N, claims
- notes.toml     what the planner tells the user about its reading (zh and en)
- agencies.toml  department short forms and the words around agency names
- topics.toml    narrative topics and the words that count as mentioning them
- glossary.toml  every field, column and derived measure by its formal, short, colloquial and
                 English names (literal phrases, and the semantic fallback's targets)

models.py is the schema (pydantic), load.py reads and validates the files once. A new phrasing
is an edit of a data file, with a test in tests/qa_app/test_vocabulary.py.

May import: question.plan, question.numerals, index.filters, ingest (template, errors).
"""

from qa_app.question.vocabulary.load import (
    agency_words,
    cues,
    glossary,
    load_all,
    notes,
    terms,
    topics,
)
from qa_app.question.vocabulary.models import (
    Cue,
    Glossary,
    GlossaryEntry,
    Slot,
    TermRow,
    VocabularyError,
)

__all__ = [
    "Cue",
    "Glossary",
    "GlossaryEntry",
    "Slot",
    "TermRow",
    "VocabularyError",
    "agency_words",
    "cues",
    "glossary",
    "load_all",
    "notes",
    "terms",
    "topics",
]
