"""What a quirk works on: the record it may rewrite, the document it damages, a seeded rng."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from ingest.schema import Report
from synthetic.chaos.model import Doc
from synthetic.chaos.quirks import ChaosFormat, Quirk


@dataclass
class Chaos:
    """One rendering in progress. `report` is the truth a parser is held to: RECORD quirks
    change it (what is printed is what is true); later quirks only change how it looks."""

    rng: random.Random
    fmt: ChaosFormat
    report: Report
    doc: Doc | None = None
    notes: list[str] = field(default_factory=list)

    def note(self, quirk: Quirk, what: str) -> None:
        """Record which variant a quirk chose (failure messages print these)."""
        self.notes.append(f"{quirk.value}: {what}")

    @property
    def document(self) -> Doc:
        if self.doc is None:
            raise RuntimeError("the document is built after the RECORD quirks")
        return self.doc
