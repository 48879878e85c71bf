"""LLM prompts, one Markdown file each, loaded by name so none lives inline in code.

A prompt file is a system message, optionally followed by a line `<!-- user -->` and the user
message. `{name}` fields are filled in one pass by `Prompt.format`, which refuses a missing or
an unknown value, so a prompt and the code that fills it cannot drift apart silently.

Text from reports is data, never instructions: it goes into a prompt only through `delimit`,
which wraps it in `<report_text>` … `</report_text>` (or another data tag) after neutralising any
such marker inside it, so the text cannot close its block and speak as the prompt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

USER_MARK = "<!-- user -->"
DATA_TAGS = ("report_text", "statements", "corpus_agencies")
REMOVED_MARKER = "[delimiter removed]"

_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_NAME = re.compile(r"[a-z0-9_]+")
_ATTRIBUTE = re.compile(r"[A-Za-z0-9_.:-]+")
# Any opening or closing data-tag marker, ASCII or full-width brackets, any case or spacing.
_MARKER = re.compile(
    r"[<＜]\s*/?\s*(?:" + "|".join(DATA_TAGS) + r")\b[^>＞\n]*[>＞]", re.IGNORECASE
)


class PromptValuesError(ValueError):
    """The values given to a prompt do not match its placeholders (a bug in the caller)."""


@dataclass(frozen=True)
class Prompt:
    """One prompt file: its text and the `{placeholders}` it uses."""

    name: str
    text: str

    @property
    def placeholders(self) -> frozenset[str]:
        return frozenset(_PLACEHOLDER.findall(self.text))

    def format(self, **values: str) -> str:
        """The text with every placeholder filled in once (values are never re-expanded)."""
        missing = self.placeholders - values.keys()
        unknown = values.keys() - self.placeholders
        if missing or unknown:
            raise PromptValuesError(
                f"prompt {self.name!r}: missing {sorted(missing)}, unknown {sorted(unknown)}"
            )
        return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), self.text)

    def messages(self, **values: str) -> list[tuple[str, str]]:
        """("system", …) and, when the file has a user part, ("human", …): chat messages."""
        system, mark, user = self.format(**values).partition(USER_MARK)
        messages = [("system", system.strip())]
        if mark:
            messages.append(("human", user.strip()))
        return messages


def load(name: str) -> Prompt:
    """The prompt in prompts/<name>.md."""
    if not _NAME.fullmatch(name):
        raise ValueError(f"bad prompt name {name!r}")
    path = resources.files(__name__) / f"{name}.md"
    if not path.is_file():
        raise FileNotFoundError(f"no prompt named {name!r} (looked for prompts/{name}.md)")
    return Prompt(name, path.read_text(encoding="utf-8"))


def names() -> list[str]:
    """Every prompt shipped in this package."""
    files = resources.files(__name__).iterdir()
    return sorted(f.name[:-3] for f in files if f.name.endswith(".md"))


def neutralise(text: str) -> str:
    """`text` with every data-tag marker replaced, so it cannot open or close a block."""
    return _MARKER.sub(REMOVED_MARKER, text)


def delimit(text: str, tag: str = "report_text", **attributes: str) -> str:
    """`text` as data: inside <tag …> … </tag>, with markers in the text itself neutralised."""
    if tag not in DATA_TAGS:
        raise ValueError(f"{tag!r} is not a data tag ({', '.join(DATA_TAGS)})")
    for value in attributes.values():
        if not _ATTRIBUTE.fullmatch(value):
            raise ValueError(f"attribute value {value!r} must be a plain identifier")
    attrs = "".join(f' {key}="{value}"' for key, value in attributes.items())
    return f"<{tag}{attrs}>\n{neutralise(text)}\n</{tag}>"
