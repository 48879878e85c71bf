"""render_chaos: a generated report with one or several quirks applied, in one format.

Every quirk draws its choices from its own generator (seeded by the case seed and its name), so a
quirk looks the same alone and in a combination, and a case seed reproduces a file exactly.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ingest.schema import Report, SourceFormat
from synthetic.chaos import chars, document, old, tables, truth
from synthetic.chaos.context import Chaos
from synthetic.chaos.model import Doc, build_doc
from synthetic.chaos.quirks import (
    SPECS,
    TEXT_FORMATS,
    ChaosFormat,
    Quirk,
    Stage,
    compatible,
    formats_for,
    in_order,
)
from synthetic.chaos.serialize_docx import render_docx_doc
from synthetic.chaos.serialize_html import render_html_doc
from synthetic.chaos.serialize_pdf import render_pdf_doc
from synthetic.chaos.serialize_text import render_text_doc
from synthetic.formats import RenderedFile
from synthetic.records import derive_seed

APPLY: dict[Quirk, Callable[[Chaos], None]] = {
    Quirk.CRAWLER_DUMP: document.crawler_dump,
    Quirk.NAV_JUNK: document.nav_junk,
    Quirk.NO_TITLE: document.no_title,
    Quirk.TITLE_WITHOUT_COUNTY: document.title_without_county,
    Quirk.LOST_NUMBERING: document.lost_numbering,
    Quirk.PROBLEMS_TITLE: document.problems_title,
    Quirk.PAGE_FOOTERS: document.page_footers,
    Quirk.JS_EMBEDDED: document.js_embedded,
    Quirk.WORD_HTML: document.word_html,
    Quirk.PRE_2019: old.pre_2019,
    Quirk.SPLIT_TABLE: tables.split_across_pages,
    Quirk.S2_PAGE_BREAKS: tables.s2_page_breaks,
    Quirk.S4_THREE_TABLES: tables.s4_three_tables,
    Quirk.S4_GARBLED_HEADER: tables.s4_garbled_header,
    Quirk.APPLICANT_DATA_N: tables.applicant_data_n,
    Quirk.WRONG_HEADER_ROWS: tables.wrong_header_rows,
    Quirk.PLACEHOLDER_TABLES: tables.placeholder_tables,
    Quirk.FLATTENED_DIGITS: tables.flattened_digits,
    Quirk.MIXED_SEPARATION: tables.mixed_separation,
    Quirk.BLANK_ZERO: truth.blank_zero,
    Quirk.NA_MARKS: truth.na_marks,
    Quirk.CONTRADICTING_TOTALS: truth.contradicting_totals,
    Quirk.LABEL_TYPOS: chars.label_typos,
    Quirk.LABEL_SPACES: chars.label_spaces,
    Quirk.BROKEN_LABELS: chars.broken_labels,
    Quirk.THOUSANDS_SEPARATORS: truth.thousands_separators,
    Quirk.FULL_WIDTH_DIGITS: truth.full_width_digits,
    Quirk.MONEY_DECIMALS: truth.money_decimals,
    Quirk.OCR_CHARS: chars.ocr_chars,
    Quirk.TRADITIONAL_CHARS: chars.traditional_chars,
    Quirk.RADICAL_CODEPOINTS: chars.radical_codepoints,
    Quirk.NARRATIVE_CONTRADICTS: chars.narrative_contradicts,
}


@dataclass(frozen=True)
class ChaosCase:
    """A rendered file and the truth it must parse back to."""

    file: RenderedFile
    truth: Report  # the record as printed: RECORD quirks included
    quirks: tuple[Quirk, ...]
    fmt: ChaosFormat
    seed: int
    notes: tuple[str, ...]

    @property
    def name(self) -> str:
        return f"chaos-{self.seed}{self.file.suffix}"

    def describe(self) -> str:
        """One line that reproduces the case: quirks, format, seed, and what each quirk did."""
        quirks = "+".join(q.value for q in self.quirks) or "none"
        return f"quirks={quirks} format={self.fmt.value} seed={self.seed} [{'; '.join(self.notes)}]"


_SUFFIX = {ChaosFormat.MARKDOWN: (".md", SourceFormat.MD)}


def serialize(doc: Doc, fmt: ChaosFormat, rng: random.Random) -> RenderedFile:
    """The document's bytes in format `fmt`."""
    if fmt in TEXT_FORMATS:
        suffix, source = _SUFFIX.get(fmt, (".txt", SourceFormat.TXT))
        return RenderedFile(render_text_doc(doc, fmt, rng).encode("utf-8"), suffix, source, "utf-8")
    if fmt is ChaosFormat.HTML:
        data = render_html_doc(doc, rng)
        encoding = "utf-8" if doc.output.js_embedded else doc.output.encoding
        return RenderedFile(data, ".html", SourceFormat.HTML, encoding)
    if fmt is ChaosFormat.DOCX:
        return RenderedFile(render_docx_doc(doc, rng), ".docx", SourceFormat.DOCX, None)
    return RenderedFile(render_pdf_doc(doc, rng), ".pdf", SourceFormat.PDF, None)


def render_chaos(report: Report, quirks: Iterable[Quirk], fmt: ChaosFormat, seed: int) -> ChaosCase:
    """`report` with `quirks` applied, as a file of format `fmt`; the same arguments always give
    the same file. Raises ValueError for quirks that cannot hold together or in `fmt`."""
    chosen = frozenset(quirks)
    if not compatible(chosen) and chosen:
        raise ValueError(f"quirks {sorted(chosen)} cannot hold together")
    if fmt not in formats_for(chosen):
        raise ValueError(f"quirks {sorted(chosen)} do not apply to {fmt.value} files")
    ch = Chaos(random.Random(derive_seed(seed, "chaos")), fmt, report.model_copy(deep=True))
    ordered = in_order(chosen)
    for quirk in [q for q in ordered if SPECS[q].stage is Stage.RECORD]:
        _apply(ch, quirk, seed)
    if ch.doc is None:
        ch.doc = build_doc(ch.report, random.Random(derive_seed(seed, "doc")))
    out_rng = random.Random(derive_seed(seed, "output"))
    if fmt is ChaosFormat.HTML and out_rng.random() < 0.25:
        ch.doc.output.encoding = "gbk"
    for quirk in [q for q in ordered if SPECS[q].stage is not Stage.RECORD]:
        _apply(ch, quirk, seed)
    rendered = serialize(ch.doc, fmt, out_rng)
    return ChaosCase(rendered, ch.report, tuple(ordered), fmt, seed, tuple(ch.notes))


def _apply(ch: Chaos, quirk: Quirk, seed: int) -> None:
    ch.rng = random.Random(derive_seed(seed, quirk.value))
    APPLY[quirk](ch)
