"""The chaos document as text: tab-separated, PDF-extracted (space-separated), one cell per line
(" |"), markdown with GFM tables, or a crawler's dump (cells run together, maybe one line)."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from synthetic.chaos.model import (
    CellKind,
    Doc,
    GridCell,
    PageBreak,
    Role,
    Row,
    Table,
    Text,
    owners,
)
from synthetic.chaos.quirks import ChaosFormat
from synthetic.render_pipe import Stream, serialize


@dataclass
class Line:
    text: str
    table: int | None = None  # which table a row line belongs to (one-line dumps glue rows)


# ---------------------------------------------------------------- tables


def _printed(row: Row) -> list[GridCell]:
    return [c for c in row if c is not None]


def tab_table(table: Table) -> list[str]:
    """Tab-separated rows, merged positions as empty cells; or joined as the table says."""
    joiner = "\t" if table.joiner is None else table.joiner
    out = []
    for row in table.rows:
        cells = ["" if c is None else c.text for c in row]
        line = joiner.join(cells)
        out.append(line if joiner == "\t" else line.strip())
    return out


def _vertical(table: Table) -> dict[int, list[str]]:
    """Group labels merged down over several rows, one character per row (PDF extraction of a
    vertically centred label): row -> characters printed in front of it."""
    out: dict[int, list[str]] = {}
    for r, row in enumerate(table.rows):
        for cell in row:
            if cell is None or cell.kind is not CellKind.LABEL or cell.rows < 3:
                continue
            chars = [c for c in cell.text if not c.isspace()]
            span = list(range(r, r + cell.rows))
            for i, ch in enumerate(chars):
                out.setdefault(span[min(i, len(span) - 1)], []).append(ch)
    return out


def space_table(table: Table, rng: random.Random, vertical: bool) -> list[str]:
    """Cells split by single spaces, blank cells gone; group labels on a line of their own
    (or one character a row), a broken label around its values."""
    joiner = " " if table.joiner is None else table.joiner
    prefix = _vertical(table) if vertical else {}
    out: list[str] = []
    for r, row in enumerate(table.rows):
        cells = _printed(row)
        groups = [c for c in cells if c.kind is CellKind.LABEL and c.rows > 1]
        own_line = [g for g in groups if not vertical or g.rows < 3]
        out += [line for g in own_line for line in g.text.split("\n")]
        grouped = {id(g) for g in groups}
        labels = [c.text for c in cells if c.kind is not CellKind.VALUE and id(c) not in grouped]
        values = [c.text for c in cells if c.kind is CellKind.VALUE and c.text.strip()]
        lead = "".join(prefix.get(r, []))
        out += _space_row(joiner.join(labels), values, joiner, lead, rng)
    return out


def _space_row(
    label: str, values: list[str], joiner: str, lead: str, rng: random.Random
) -> list[str]:
    parts = label.split("\n")
    lead = lead + " " if lead else ""
    run = joiner.join(values)
    if len(parts) == 1:
        return [lead + joiner.join(p for p in (label, run) if p)]
    if rng.random() < 0.5:
        return [lead + parts[0], run, *parts[1:]]
    return [lead + joiner.join(p for p in (parts[0], run) if p), *parts[1:]]


def pipe_table(table: Table) -> list[str]:
    """One cell per line ("x |"), runs of empty cells as "||"."""
    stream: Stream = []
    for row in table.rows:
        stream += [None if c is None or not c.text else c.text for c in row]
    return serialize(stream)


def markdown_table(table: Table, repeat_merged: bool, br: str) -> list[str]:
    """GFM rows, each as wide as printed (a short garbled header stays short)."""
    own = owners(table)
    lines = []
    for r, row in enumerate(table.rows):
        cells = []
        for c, cell in enumerate(row):
            if cell is None and repeat_merged and (r, c) in own:
                r0, c0 = own[r, c]  # a converter repeating a merged label in every position
                above = table.rows[r0][c0]
                cell = above if above is not None and above.kind is not CellKind.VALUE else None
            text = "" if cell is None else cell.text.replace("|", "\\|").replace("\n", br)
            cells.append(text)
        lines.append("| " + " | ".join(cells) + " |")
        if r == 0:
            lines.append("|" + "|".join("---" for _ in row) + "|")
    return lines


def crawler_table(table: Table) -> list[str]:
    """Each row's cells run together (a crawler's textContent of the row)."""
    joiner = "" if table.joiner is None else table.joiner
    return [
        joiner.join(c.text.replace("\n", "") for c in _printed(row) if c.text.strip())
        for row in table.rows
    ]


# ---------------------------------------------------------------- text blocks


def _wrap(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


@dataclass
class _Style:
    fmt: ChaosFormat
    width: int
    blank_after: float
    repeat_merged: bool
    br: str
    section_level: int
    drift: float  # markdown: chance a heading level is lost or a clause becomes a heading


_POINT = re.compile(r"^[一二三四五六七八九十]是")


def _text_lines(block: Text, style: _Style, rng: random.Random) -> list[str]:
    """A heading or paragraph; markdown conversions drift: a section title left plain, a
    paragraph's opening clause (一是…) made a heading."""
    lines = block.text.split("\n")
    markdown = style.fmt in (ChaosFormat.TAB, ChaosFormat.MARKDOWN)
    if block.role is Role.TITLE and markdown:
        return [f"# {line}" for line in lines]
    if block.role is Role.SECTION and markdown and rng.random() > style.drift:
        return [f"{'#' * style.section_level} {line}" for line in lines]
    if block.role is Role.SUB and style.fmt is ChaosFormat.MARKDOWN:
        return [f"### {line}" for line in lines]
    if (
        block.role is Role.BODY
        and markdown
        and _POINT.match(block.text)
        and rng.random() < style.drift
    ):
        head, sep, rest = block.text.partition("。")
        return [f"### {head}{sep}", rest] if rest else [f"### {block.text}"]
    if block.role is Role.BODY and style.fmt is ChaosFormat.SPACE:
        return [w for line in lines for w in _wrap(line, style.width)]
    return lines


def _table_lines(table: Table, doc: Doc, style: _Style, rng: random.Random) -> list[str]:
    if style.fmt is ChaosFormat.TAB:
        return tab_table(table)
    if style.fmt is ChaosFormat.SPACE:
        return space_table(table, rng, doc.output.vertical_groups)
    if style.fmt is ChaosFormat.PIPE:
        return pipe_table(table)
    if style.fmt is ChaosFormat.MARKDOWN:
        return markdown_table(table, style.repeat_merged, style.br)
    return crawler_table(table)


def _footer(doc: Doc, page: int, total: int) -> str:
    assert doc.output.footer is not None
    return doc.output.footer.format(n=page, total=total)


def text_lines(doc: Doc, fmt: ChaosFormat, rng: random.Random) -> list[Line]:
    """Every block as lines, page breaks as footers (or blank lines), in format `fmt`."""
    style = _Style(
        fmt=fmt,
        width=rng.randint(26, 40),
        blank_after=rng.choice((0.0, 0.5, 1.0)) if fmt is ChaosFormat.SPACE else 1.0,
        repeat_merged=rng.random() < 0.3,
        br=rng.choice(("<br>", " ", "")),
        section_level=rng.choice((2, 2, 3)),
        drift=rng.choice((0.0, 0.0, 0.15, 0.3)),
    )
    spaced = fmt in (ChaosFormat.TAB, ChaosFormat.MARKDOWN)
    total = sum(isinstance(b, PageBreak) for b in doc.blocks) + 1
    page = 1
    out: list[Line] = []
    for i, block in enumerate(doc.blocks):
        if isinstance(block, PageBreak):
            if doc.output.footer:
                out.append(Line(_footer(doc, page, total)))
            elif spaced:
                out.append(Line(""))
            page += 1
        elif isinstance(block, Table):
            out += [Line(t, i) for t in _table_lines(block, doc, style, rng)]
            if spaced:
                out.append(Line(""))
        else:
            out += [Line(t) for t in _text_lines(block, style, rng)]
            if spaced or (fmt is ChaosFormat.SPACE and rng.random() < style.blank_after):
                out.append(Line(""))
    if doc.output.footer and (page > 1 or rng.random() < 0.5):
        out.append(Line(_footer(doc, page, total)))
    return out


# ---------------------------------------------------------------- crawler dumps


def crawler_header(doc: Doc, rng: random.Random) -> list[str]:
    """The lines a crawler writes above the body."""
    year = (doc.report.year or 2023) + 1
    titles = [t.text.replace("\n", "") for t in doc.texts(Role.TITLE)]
    name = "".join(titles) or "政府信息公开年报"
    n = rng.randint(10000, 99999)
    path = f"zwgk/zfxxgk/zfxxgknb/{year}02/t{year}02{rng.randint(10, 28)}_{n}.htm"
    return [
        f"标题: {name}",
        f"发布时间: {year}-02-{rng.randint(10, 28)} "
        f"{rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}",
        "文号: ",
        "发布机构: ",
        "栏目: 政府信息公开年报",
        f"原文链接: https://www.example.gov.cn/{path}",
        f"本地目录: zwgk/zfxxgk/zfxxgknb/{year}02/{n}_{name}",
        "页面链接与图片详见 links.tsv(同目录)",
        "==================== 正文 ====================",
    ]


def one_line(lines: list[Line], rng: random.Random) -> str:
    """Lines glued into one: a table's rows run together, everything else joined by a space."""
    rows_joiner = rng.choice(("", "", " "))
    out = ""
    previous: Line | None = None
    for line in lines:
        if not line.text.strip():
            continue
        glue = " "
        if previous is not None and line.table is not None and previous.table == line.table:
            glue = rows_joiner
        out = line.text if previous is None else out + glue + line.text
        previous = line
    return out


def render_text_doc(doc: Doc, fmt: ChaosFormat, rng: random.Random) -> str:
    """The document as text in `fmt`, with a crawler's header lines and on one line if asked."""
    lines = text_lines(doc, fmt, rng)
    head = crawler_header(doc, rng) if doc.output.crawler_header else []
    body = [one_line(lines, rng)] if doc.output.one_line else [line.text for line in lines]
    return "\n".join([*head, *body]).rstrip("\n") + "\n"
