"""What OCR read, as the proofreader gets it: each character with the recognizer's other
candidates, and each table value with the page and box of its cell. No image library here,
so the parser can hold these without importing OpenCV."""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.schema import ParseWarning

DEFAULT_BUDGET_SECONDS = 600.0  # per file; a scanned report takes 2-10 s a page
BBox = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class CharChoice:
    """One printed character as read: the best candidate and the others above the floor."""

    char: str
    prob: float
    alternatives: tuple[tuple[str, float], ...] = ()


@dataclass(slots=True)
class LineReading:
    """One text line as recognized: every character with its candidates."""

    chars: list[CharChoice] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(c.char for c in self.chars)

    @property
    def confidence(self) -> float:
        return min((c.prob for c in self.chars), default=0.0)


@dataclass(frozen=True, slots=True)
class ValueReading:
    """The recognizer's reading of one table cell over the value alphabet."""

    page: int
    bbox: BBox  # the cell's box in points, as its Source carries it (rounded to 0.01)
    reading: LineReading


@dataclass(slots=True)
class OcrRun:
    """How a file was read by OCR: pages, time, what was repaired or could not be read."""

    pages: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    values: list[ValueReading] = field(default_factory=list)

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds > 0 else 0.0


def ocr_warnings(run: OcrRun) -> list[ParseWarning]:
    """What a reader of the report should know about its OCR: that it was read by OCR, how
    fast, and every page that was straightened, turned, blank or too coarse."""
    head = ParseWarning(
        code="ocr",
        message=f"read by OCR: {run.pages} page(s) in {run.seconds:.1f} s "
        f"({run.pages_per_second:.2f} pages/s); numbers were checked against the tables' "
        "identities",
    )
    return [head, *(ParseWarning(code="ocr_page", message=note) for note in run.notes)]
