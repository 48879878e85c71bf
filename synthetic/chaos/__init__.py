"""The chaos renderer: generated reports with the defects real files have (QUIRKS.md), alone or
combined, in every format, each with the truth a parser must read back (or null with a warning
where the rendering destroyed a value; never another number)."""

from synthetic.chaos.quirks import (
    ALL_FORMATS,
    SPECS,
    TEXT_FORMATS,
    ChaosFormat,
    Quirk,
    Stage,
    compatible,
    formats_for,
)
from synthetic.chaos.render import ChaosCase, render_chaos

__all__ = [
    "ALL_FORMATS",
    "SPECS",
    "TEXT_FORMATS",
    "ChaosCase",
    "ChaosFormat",
    "Quirk",
    "Stage",
    "compatible",
    "formats_for",
    "render_chaos",
]
