"""The defect kinds of ../shared/corpus/QUIRKS.md, one enum member each, and where each applies.

A quirk acts at one stage: RECORD quirks change what is printed (and so the truth a parser is
held to), TABLE quirks reshape the tables, TEXT quirks damage characters and labels, DOCUMENT
quirks change the whole file's shape. Each declares the formats it makes sense in.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum


class ChaosFormat(StrEnum):
    """The files the chaos renderer writes."""

    TAB = "tab"  # text, tab-separated cells with merged-cell gaps (a word processor's export)
    SPACE = "space"  # text as PDF extraction gives it: cells split by spaces, blanks lost
    PIPE = "pipe"  # text, one cell per line ending in " |" (an HTML-to-text tool)
    MARKDOWN = "markdown"  # a markdown conversion with GFM pipe tables (an OCR/LLM tool)
    CRAWLER = "crawler"  # a crawler's text dump: table cells run together
    HTML = "html"
    DOCX = "docx"
    PDF = "pdf"


TEXT_FORMATS = frozenset(
    {
        ChaosFormat.TAB,
        ChaosFormat.SPACE,
        ChaosFormat.PIPE,
        ChaosFormat.MARKDOWN,
        ChaosFormat.CRAWLER,
    }
)
ALL_FORMATS = frozenset(ChaosFormat)


class Stage(IntEnum):
    RECORD = 0
    TABLE = 1
    TEXT = 2
    DOCUMENT = 3


class Quirk(StrEnum):
    """One kind of defect real reports show (QUIRKS.md), in the catalogue's order."""

    # whole-document shape
    CRAWLER_DUMP = "crawler_dump"  # header lines, then the whole body on one line
    NAV_JUNK = "nav_junk"  # menus, breadcrumbs, footer links before and after the body
    NO_TITLE = "no_title"
    TITLE_WITHOUT_COUNTY = "title_without_county"  # the region only in the text or a stamp
    LOST_NUMBERING = "lost_numbering"  # 五、 missing, numbering restarted or dropped
    PROBLEMS_TITLE = "problems_title"  # 五 titled otherwise, or a subsection after 改进
    PAGE_FOOTERS = "page_footers"  # "-5-", "第 3 页 共 6 页" inside sentences and tables
    JS_EMBEDDED = "js_embedded"  # the report in a JavaScript string of another page
    WORD_HTML = "word_html"  # span/font/o:p, mso- styles, text split into runs
    PRE_2019 = "pre_2019"  # an old report without the template's tables: refuse, never force
    # tables
    SPLIT_TABLE = "split_table"  # a table across a page break, header repeated or not
    S2_PAGE_BREAKS = "s2_page_breaks"  # 二 at the top of a page, its blocks apart
    S4_THREE_TABLES = "s4_three_tables"  # 行政复议 / 直接起诉 / 复议后起诉 as three tables
    S4_GARBLED_HEADER = "s4_garbled_header"  # one header row in 6 columns, then 15 values
    APPLICANT_DATA_N = "applicant_data_n"  # 数据1…数据6, or no column labels at all
    WRONG_HEADER_ROWS = "wrong_header_rows"  # rows under a header of another table
    PLACEHOLDER_TABLES = "placeholder_tables"  # empty tables filled with "-"
    FLATTENED_DIGITS = "flattened_digits"  # 行政规范性文件8855698
    MIXED_SEPARATION = "mixed_separation"  # spaced cells in one part, run together in another
    BLANK_ZERO = "blank_zero"  # empty cells meaning 0, whole columns left blank
    NA_MARKS = "na_marks"  # "/", "-", "—", "无" meaning not applicable
    CONTRADICTING_TOTALS = "contradicting_totals"  # printed totals that are not the sums
    LABEL_TYPOS = "label_typos"  # 其他法律行政止公开, 行政法复议
    LABEL_SPACES = "label_spaces"  # 社会公益 组织, 办 理结果
    BROKEN_LABELS = "broken_labels"  # labels across lines
    THOUSANDS_SEPARATORS = "thousands_separators"  # 3,119
    FULL_WIDTH_DIGITS = "full_width_digits"  # ３１１９
    MONEY_DECIMALS = "money_decimals"  # 万元 with 2-4 decimals
    # text
    OCR_CHARS = "ocr_chars"  # 沐/沭, 己/已, 0/O, 1/l
    TRADITIONAL_CHARS = "traditional_chars"  # 郟縣
    RADICAL_CODEPOINTS = "radical_codepoints"  # ⺠ ⻔ ⻓ ⻛, compatibility ideographs
    NARRATIVE_CONTRADICTS = "narrative_contradicts"  # the text says 258, the table 285


@dataclass(frozen=True)
class QuirkSpec:
    quirk: Quirk
    stage: Stage
    formats: frozenset[ChaosFormat]
    order: int  # position within its stage


_LINE_TEXT = frozenset({ChaosFormat.TAB, ChaosFormat.SPACE, ChaosFormat.CRAWLER})
_HTML = frozenset({ChaosFormat.HTML})

# quirk -> (stage, formats); the order inside a stage is the order of this table.
_SPECS: dict[Quirk, tuple[Stage, frozenset[ChaosFormat]]] = {
    Quirk.PRE_2019: (Stage.RECORD, ALL_FORMATS),
    Quirk.CONTRADICTING_TOTALS: (Stage.RECORD, ALL_FORMATS),
    Quirk.THOUSANDS_SEPARATORS: (Stage.RECORD, ALL_FORMATS),
    Quirk.MONEY_DECIMALS: (Stage.RECORD, ALL_FORMATS),
    Quirk.BLANK_ZERO: (Stage.RECORD, ALL_FORMATS),
    Quirk.NA_MARKS: (Stage.RECORD, ALL_FORMATS),
    Quirk.FULL_WIDTH_DIGITS: (Stage.RECORD, ALL_FORMATS),
    Quirk.APPLICANT_DATA_N: (Stage.TABLE, ALL_FORMATS),
    Quirk.S4_THREE_TABLES: (Stage.TABLE, ALL_FORMATS),
    Quirk.S4_GARBLED_HEADER: (Stage.TABLE, ALL_FORMATS),
    Quirk.WRONG_HEADER_ROWS: (Stage.TABLE, ALL_FORMATS),
    Quirk.PLACEHOLDER_TABLES: (Stage.TABLE, ALL_FORMATS),
    Quirk.FLATTENED_DIGITS: (Stage.TABLE, ALL_FORMATS),
    Quirk.SPLIT_TABLE: (Stage.TABLE, ALL_FORMATS),
    Quirk.S2_PAGE_BREAKS: (Stage.TABLE, ALL_FORMATS),
    Quirk.MIXED_SEPARATION: (Stage.TABLE, _LINE_TEXT),
    Quirk.NARRATIVE_CONTRADICTS: (Stage.TEXT, ALL_FORMATS),
    Quirk.LABEL_TYPOS: (Stage.TEXT, ALL_FORMATS),
    Quirk.LABEL_SPACES: (Stage.TEXT, ALL_FORMATS),
    Quirk.BROKEN_LABELS: (Stage.TEXT, ALL_FORMATS),
    Quirk.OCR_CHARS: (Stage.TEXT, ALL_FORMATS),
    Quirk.TRADITIONAL_CHARS: (Stage.TEXT, ALL_FORMATS),
    Quirk.RADICAL_CODEPOINTS: (Stage.TEXT, ALL_FORMATS),
    Quirk.NO_TITLE: (Stage.DOCUMENT, ALL_FORMATS),
    Quirk.TITLE_WITHOUT_COUNTY: (Stage.DOCUMENT, ALL_FORMATS),
    Quirk.PROBLEMS_TITLE: (Stage.DOCUMENT, ALL_FORMATS),
    Quirk.LOST_NUMBERING: (Stage.DOCUMENT, ALL_FORMATS),
    Quirk.NAV_JUNK: (Stage.DOCUMENT, ALL_FORMATS),
    Quirk.PAGE_FOOTERS: (Stage.DOCUMENT, ALL_FORMATS),
    Quirk.CRAWLER_DUMP: (Stage.DOCUMENT, _LINE_TEXT),
    Quirk.WORD_HTML: (Stage.DOCUMENT, _HTML),
    Quirk.JS_EMBEDDED: (Stage.DOCUMENT, _HTML),
}
SPECS: dict[Quirk, QuirkSpec] = {
    q: QuirkSpec(q, stage, formats, i) for i, (q, (stage, formats)) in enumerate(_SPECS.items())
}
# Pairs that cannot both hold in one file.
CONFLICTS: frozenset[frozenset[Quirk]] = frozenset(
    {
        frozenset({Quirk.NO_TITLE, Quirk.TITLE_WITHOUT_COUNTY}),
        frozenset({Quirk.S4_THREE_TABLES, Quirk.S4_GARBLED_HEADER}),
    }
)
# Quirks that replace the report with something else; they never combine with others.
ALONE = frozenset({Quirk.PRE_2019})


def formats_for(quirks: frozenset[Quirk] | set[Quirk]) -> frozenset[ChaosFormat]:
    """The formats in which every one of `quirks` applies."""
    out = ALL_FORMATS
    for q in quirks:
        out &= SPECS[q].formats
    return out


def compatible(quirks: frozenset[Quirk] | set[Quirk]) -> bool:
    """True if the quirks can hold together in one file of some format."""
    if len(quirks) > 1 and quirks & ALONE:
        return False
    if any(pair <= quirks for pair in CONFLICTS):
        return False
    return bool(formats_for(quirks))


def in_order(quirks: frozenset[Quirk] | set[Quirk]) -> list[Quirk]:
    """The quirks in the order they are applied: by stage, then by the table above."""
    return sorted(quirks, key=lambda q: (SPECS[q].stage, SPECS[q].order))
