"""Text for the page: Markdown with report text escaped, and HTML for tables and passages.

Pure functions over models, so they are tested without Streamlit. Everything that comes from a
report (agency names, cell text, narrative) goes through `md_escape` or `html.escape` before it
reaches `st.markdown` / `st.html`: a report cannot inject links, images, LaTeX or markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from ingest.schema import CellStatus, Source
from ingest.template import FIELD_CATALOG, S3_COLUMNS
from qa_app.answer.model import Mismatch
from qa_app.answer.views import PassageSpan, TableView
from qa_app.answer.visible import escape_controls
from qa_app.execution.evidence import Fact
from qa_app.question.plan import field_section

# Every ASCII punctuation character may be backslash-escaped in CommonMark; these are the ones
# Markdown, GFM tables, Streamlit directives (:red[...]), emoji codes and LaTeX ($) react to.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&\"'])")
HIGHLIGHT_CLASS = "govqa-hl"
PASSAGE_CLASS = "govqa-passage"
_COLUMN_ZH = {c.key: c.label for c in S3_COLUMNS}
CellKey = tuple[str, str, str | None]


# Streamlit turns :material/name:, :material_name: and :streamlit: into icons after Markdown
# has resolved escapes (on the raw source and on text nodes), so a backslash does not stop them:
# a word joiner (U+2060, invisible, zero width) after the colon does.
_ICON_CODE = re.compile(r"(?<=:)(?=material[/_]|streamlit:)")
WORD_JOINER = "\u2060"


def md_escape(text: str) -> str:
    """`text` as literal Markdown: special characters escaped, Streamlit's icon codes broken,
    control characters shown as escapes, line breaks kept."""
    visible = escape_controls(text.replace("\r\n", "\n"), lines=True)  # \x1b, \r, \u202e
    escaped = _MD_SPECIAL.sub(r"\\\1", _ICON_CODE.sub(WORD_JOINER, visible))
    return escaped.replace("\n", "  \n")


def marked_answer(text: str, mismatches: Sequence[Mismatch]) -> str:
    """The answer as Markdown, each number the verifier could not match shown on red."""
    spots = sorted(
        (m.position, m.position + len(m.number))
        for m in mismatches
        if m.position >= 0 and text[m.position : m.position + len(m.number)] == m.number
    )
    out: list[str] = []
    at = 0
    for start, end in spots:
        if start < at:  # overlapping reports of one number: mark it once
            continue
        out.append(md_escape(text[at:start]))
        out.append(f":red-background[**{md_escape(text[start:end])}**]")
        at = end
    out.append(md_escape(text[at:]))
    return "".join(out)


def metric_name(field: str) -> str:
    """The template's Chinese name of a canonical field (the key itself if unknown)."""
    try:
        info = FIELD_CATALOG.get((field_section(field), field))
    except ValueError:
        info = None
    return info.zh if info else field


def column_name(column: str | None) -> str:
    return _COLUMN_ZH.get(column, column) if column else ""


def where(source: Source | None) -> str:
    """Where a cell was read, short: file name and line, page or table position."""
    if source is None:
        return "—"
    name = Path(source.file).name
    if source.page is not None:
        return f"第{source.page}页 · {name}"
    if source.line is not None:
        return f"第{source.line}行 · {name}"
    if source.table is not None:
        return f"表{source.table + 1}行{(source.row or 0) + 1}列{(source.col or 0) + 1} · {name}"
    return name


def fact_value(fact: Fact) -> str:
    """A fact's value as shown: the number, else what the cell printed and why it is null."""
    if fact.value is not None:
        value = fact.value
        return f"{value:g}" if isinstance(value, float) else str(value)
    labels = {
        CellStatus.EMPTY: "空白",
        CellStatus.NA: "不适用",
        CellStatus.TEXT: "非数字",
        CellStatus.MISSING: "缺失",
        CellStatus.AMBIGUOUS: "有歧义",
    }
    raw = fact.raw.strip()
    label = labels.get(fact.status, fact.status.value)
    return f"{raw}（{label}）" if raw else f"（{label}）"


def fact_cell(fact: Fact) -> CellKey:
    """The (section, row, column) of the table cell a fact was read from."""
    section = field_section(fact.field)
    return (section, fact.field, fact.column if section == "s3" else None)


def table_html(view: TableView, marks: Iterable[CellKey] = ()) -> str:
    """A table as the template prints it, as HTML; cells in `marks` (or flagged by the view)
    are highlighted and carry the class HIGHLIGHT_CLASS."""
    marked = set(marks)
    head_cells = "".join(f"<th style='{_TH}'>{html.escape(h)}</th>" for h in view.header)
    body: list[str] = []
    for label, cells in view.rows:
        n_labels = max(1, len(view.header) - len(cells))
        parts = label.split("｜", n_labels - 1) if n_labels > 1 else [label]
        parts += [""] * (n_labels - len(parts))
        tds = [f"<td style='{_TD_LABEL}'>{html.escape(p)}</td>" for p in parts]
        row_hit = False
        for cell in cells:
            hit = cell.highlight or (cell.section, cell.row, cell.column) in marked
            row_hit = row_hit or hit
            style = _STATUS_STYLE.get(cell.status, _TD)
            if hit:
                style = _TD_HL + (";color:#b91c1c" if cell.status in _LOST else "")
            attrs = f" class='{HIGHLIGHT_CLASS}'" if hit else ""
            tds.append(f"<td{attrs} style='{style}'>{html.escape(cell.text)}</td>")
        row_style = f" style='{_TR_HL}'" if row_hit else ""
        body.append(f"<tr{row_style}>{''.join(tds)}</tr>")
    return (
        f"<div style='overflow-x:auto'><table style='{_TABLE}'>"
        f"<caption style='{_CAPTION}'>{html.escape(view.title)}</caption>"
        f"<thead><tr>{head_cells}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def passage_html(span: PassageSpan) -> str:
    """A section's text with one passage marked (class PASSAGE_CLASS)."""
    return (
        f"<div style='{_SECTION}'><div style='font-weight:600;margin-bottom:.4em'>"
        f"{html.escape(span.title)}</div>{html.escape(span.before)}"
        f"<mark class='{PASSAGE_CLASS}' style='{_MARK}'>{html.escape(span.passage)}</mark>"
        f"{html.escape(span.after)}</div>"
    )


_TABLE = "border-collapse:collapse;font-size:0.85rem;width:100%"
_CAPTION = "caption-side:top;text-align:left;font-weight:600;padding:.3em 0"
_TH = "border:1px solid #bbb;padding:3px 6px;background:#f0f2f6;white-space:nowrap"
_TR_HL = "background:#fffbeb"
_TD = "border:1px solid #ccc;padding:3px 6px;text-align:right"
_TD_LABEL = "border:1px solid #ccc;padding:3px 6px;text-align:left"
_TD_HL = (
    "border:2px solid #d97706;padding:3px 6px;text-align:right;background:#fde68a;font-weight:700"
)
_STATUS_STYLE = {
    CellStatus.EMPTY: _TD + ";color:#888",
    CellStatus.NA: _TD + ";color:#888",
    CellStatus.MISSING: _TD + ";color:#b91c1c;background:#fee2e2",
    CellStatus.AMBIGUOUS: _TD + ";color:#b91c1c;background:#fee2e2",
    CellStatus.TEXT: _TD + ";color:#92400e",
}
_LOST = (CellStatus.MISSING, CellStatus.AMBIGUOUS)
_SECTION = "white-space:pre-wrap;line-height:1.6;max-height:60vh;overflow-y:auto;font-size:0.9rem"
_MARK = "background:#fde68a;padding:0 2px"
