"""Place names that OCR misread: a printed name the gazetteer lacks, read as the real place one
look-alike character away (沐阳县 -> 沭阳县: 沐 is 氵木, 沭 is 氵朮).

A printed name is corrected only when one place is clearly the closest:

- every gazetteer name of the same length that differs in one character (not the last, the
  level word 县/市/区/旗) is a candidate, scored by how alike the two characters look
  (`ingest.shapes`);
- the best scores at least MIN_SHAPE and beats every other candidate by MARGIN; or
- the text supports it (it names the place itself, or its city or province) and no other
  candidate of at least MIN_SUPPORTED_SHAPE is supported: the text decides, not a guess.

A two-character name (夹县) has a single character to vary and too many neighbours: it is
corrected only with the text's support. Nothing is corrected when two candidates tie.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from ingest.gazetteer import Gazetteer, Mention, Place
from ingest.schema import ParseWarning
from ingest.shapes import Shapes

__all__ = ["PlaceCorrection", "correct_place"]

MIN_SHAPE = 0.75
MARGIN = 0.1
MIN_SUPPORTED_SHAPE = 0.6
MIN_UNSUPPORTED_LENGTH = 3


class Near(BaseModel):
    """A gazetteer name one character away from a printed name, and why it may be meant."""

    name: str
    index: int = Field(description="Where the two names differ.")
    similarity: float = Field(description="Shape similarity of the two differing characters.")
    support: list[str] = Field(default_factory=list, description="What the text says for it.")


class PlaceCorrection(BaseModel):
    """A printed place name read as the real one, with the evidence."""

    printed: str
    corrected: str
    path: list[str] = Field(description="The corrected place's province, city, itself.")
    similarity: float
    printed_parts: str = Field(description="The printed character's components: 氵木.")
    corrected_parts: str
    runner_up: Near | None = None
    support: list[str] = Field(default_factory=list)

    def warning(self, times: int, line: int | None = None) -> ParseWarning:
        """The warning that says what was corrected, why, and what was kept as printed."""
        i = next(
            k for k, (a, b) in enumerate(zip(self.printed, self.corrected, strict=True)) if a != b
        )
        old, new = self.printed[i], self.corrected[i]
        where = "".join(self.path) or self.corrected
        why = (
            f"{old} and {new} look alike ({self.printed_parts} / {self.corrected_parts}, "
            f"shape similarity {self.similarity:.2f}"
        )
        why += (
            f"; the next closest place, {self.runner_up.name}, {self.runner_up.similarity:.2f})"
            if self.runner_up
            else "; no other place name is one character away)"
        )
        support = "; ".join(self.support) if self.support else "the text names no parent place"
        return ParseWarning(
            code="place_name_corrected",
            message=f"{self.printed} (printed {times}×) is not a place in the gazetteer; read "
            f"as {self.corrected} ({where}), an OCR misreading: {why}; {support}. The agency "
            "and region use the corrected name; the text is kept as printed",
            line=line,
        )


def correct_place(
    printed: str, gazetteer: Gazetteer, shapes: Shapes, mentions: list[Mention]
) -> PlaceCorrection | None:
    """The real place a printed name the gazetteer lacks stands for, or None when unclear."""
    if gazetteer.places_named(printed):
        return None
    candidates = _candidates(printed, gazetteer, shapes, mentions)
    chosen = _choose(printed, candidates)
    if chosen is None:
        return None
    others = [c for c in candidates if c.name != chosen.name]
    places = gazetteer.places_named(chosen.name)
    path = [p.name for p in gazetteer.path(places[0])] if len(places) == 1 else []
    return PlaceCorrection(
        printed=printed,
        corrected=chosen.name,
        path=path,
        similarity=chosen.similarity,
        printed_parts=shapes.parts(printed[chosen.index]),
        corrected_parts=shapes.parts(chosen.name[chosen.index]),
        runner_up=others[0] if others else None,
        support=chosen.support,
    )


def _candidates(
    printed: str, gazetteer: Gazetteer, shapes: Shapes, mentions: list[Mention]
) -> list[Near]:
    """Every gazetteer name one character away, most alike first (one entry per name)."""
    best: dict[str, Near] = {}
    for name, i in gazetteer.near_names(printed):
        score = shapes.similarity(printed[i], name[i])
        if name not in best or score > best[name].similarity:
            support = _support(gazetteer.places_named(name), mentions)
            best[name] = Near(name=name, index=i, similarity=score, support=support)
    return sorted(best.values(), key=lambda n: (-n.similarity, n.name))


def _choose(printed: str, candidates: list[Near]) -> Near | None:
    """The clearly closest candidate, by shape alone or with the text's support."""
    if not candidates:
        return None
    best, rest = candidates[0], candidates[1:]
    by_shape = (
        len(printed) >= MIN_UNSUPPORTED_LENGTH
        and best.similarity >= MIN_SHAPE
        and all(best.similarity - other.similarity >= MARGIN for other in rest)
    )
    if by_shape:
        return best
    supported = [c for c in candidates if c.support and c.similarity >= MIN_SUPPORTED_SHAPE]
    return supported[0] if len(supported) == 1 else None


def _support(places: tuple[Place, ...], mentions: list[Mention]) -> list[str]:
    """What the text says for a place: it names the place, or its city or province."""
    said: list[str] = []
    for mention in mentions:
        for place in places:
            codes = {place.city_code: "city", place.province_code: "province"}
            for found in mention.places:
                if found == place:
                    said.append(f"the text names {mention.text}")
                elif found.adcode != place.adcode and found.adcode in codes:
                    said.append(f"the text names its {codes[found.adcode]} {mention.text}")
    return sorted(set(said))
