"""What the planner tells the user about its reading, in the question's language; the messages
are data (vocabulary/notes.toml).

Notes are shown with the answer (plan.notes): every guess the planner made (a relative year,
a region read as its government, an ambiguous or unknown name) is said, never silently taken.
"""

from __future__ import annotations

from qa_app.question.plan import Language
from qa_app.question.vocabulary import notes


class Notes:
    """The notes of one plan, rendered in the question's language, each at most once."""

    def __init__(self, language: Language) -> None:
        self.language = language
        self.items: list[str] = []

    def add(self, key: str, **values: object) -> None:
        text = self._message(key).format(**values)
        if text not in self.items:
            self.items.append(text)

    def names(self, names: list[str] | tuple[str, ...]) -> str:
        return ("、" if self.language is Language.ZH else ", ").join(names)

    def closest(self, names: tuple[str, ...]) -> str:
        if not names:
            return ""
        return self._message("closest").format(names=self.names(names))

    def _message(self, key: str) -> str:
        message = notes()[key]
        return message.zh if self.language is Language.ZH else message.en
