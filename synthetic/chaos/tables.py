"""TABLE quirks: the template's tables reshaped the way real files reshape them.

Values never change here: every cell the record prints is still printed once, in its row and in
column order; only the grid around it (headers, captions, splits, merges) is damaged.
"""

from __future__ import annotations

import random
from dataclasses import replace

from ingest.template import G_RESULTS, S4_RESULTS, SectionKey
from synthetic.chaos.context import Chaos
from synthetic.chaos.model import (
    Block,
    CellKind,
    Doc,
    GridCell,
    PageBreak,
    Role,
    Row,
    Table,
    TableName,
    Text,
    slice_rows,
    split_table,
)
from synthetic.chaos.quirks import Quirk
from synthetic.layout import s3_placements, s3_raws, s3_row_label, s4_raws


def head(text: str, cols: int = 1) -> GridCell:
    return GridCell(text, CellKind.HEAD, 1, cols)


def value(text: str) -> GridCell:
    return GridCell(text, CellKind.VALUE)


def spread(cell: GridCell) -> Row:
    """A cell followed by the positions its columns cover."""
    return [cell, *([None] * (cell.cols - 1))]


def replace_block(doc: Doc, old: Block, new: list[Block]) -> None:
    """Put `new` where `old` stands in the document."""
    at = next(i for i, b in enumerate(doc.blocks) if b is old)
    doc.blocks[at : at + 1] = new


def insert_at_section(doc: Doc, key: SectionKey, new: list[Block], *, end: bool = False) -> None:
    """Insert blocks right after section `key`'s title (or at the end of the section)."""
    start, stop = doc.section_range(key)
    at = stop if end else start
    doc.blocks[at:at] = new


def biggest(doc: Doc, name: TableName) -> Table | None:
    """The largest table of `name`, or None."""
    tables = doc.tables(name)
    return max(tables, key=lambda t: len(t.rows)) if tables else None


# ---------------------------------------------------------------- 三's applicant columns

DATA_N = [f"数据{i}" for i in range(1, 7)]


def _data_n_header(rng: random.Random) -> Row:
    first = rng.choice(("类别", "项目", "(数据项目)"))
    return [head(first), *map(head, DATA_N), head(rng.choice(("总计", "合计", "数据7")))]


def _per_group_tables(doc: Doc, rng: random.Random) -> list[Block]:
    """One small table per row group, each under a 类别 | 数据1…数据6 | 总计 header and a
    caption (the markdown conversion of a real report did this)."""
    header = _data_n_header(rng)
    numbered = rng.random() < 0.5
    blocks: list[Block] = []
    current: Table | None = None
    group: str | None = None
    for p in s3_placements(doc.report):
        full = s3_row_label(p.row, doc.labels)
        if p.group and group in (None, ""):
            blocks.append(Text(G_RESULTS, Role.SUB, SectionKey.REQUESTS))
        if current is None or p.group in ("", G_RESULTS) or p.group != group:
            caption = full if p.group in ("", G_RESULTS) else doc.labels.group(p.group)
            current = Table(TableName.S3, [[replace(c) for c in header if c]], 1)
            blocks += [Text(caption, Role.SUB, SectionKey.REQUESTS), current]
        group = p.group
        label = full if numbered else p.row.label
        raws = s3_raws(doc.report, p.row.key)
        current.rows.append([GridCell(label, CellKind.LABEL), *map(value, raws)])
    return blocks


def applicant_data_n(ch: Chaos) -> None:
    """三's column labels replaced by 数据1…数据6, left out, or repeated over per-group tables."""
    doc, rng = ch.document, ch.rng
    table = biggest(doc, TableName.S3)
    if table is None:
        return
    variant = rng.choice(("data_n", "data_n", "none", "per_group", "numbered_total"))
    if variant == "per_group":
        replace_block(doc, table, _per_group_tables(doc, rng))
    else:
        body = table.rows[table.header_rows :]
        if variant == "none":
            table.rows, table.header_rows = body, 0
        else:
            last = "数据7" if variant == "numbered_total" else "总计"
            first = rng.choice(("类别", "项目", "", "(数据项目)"))
            lead = max(1, table.width - 7)
            table.rows = [[*spread(head(first, lead)), *map(head, DATA_N), head(last)], *body]
            table.header_rows = 1
    ch.note(Quirk.APPLICANT_DATA_N, variant)


# ---------------------------------------------------------------- table 四 reshaped

_BLOCK_CAPTIONS = (
    ("行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"),
    (
        "（一）行政复议情况",
        "（二）行政诉讼情况（未经复议直接起诉）",
        "（三）行政诉讼情况（复议后起诉）",
    ),
    ("行政复议", "未经复议直接起诉", "复议后起诉"),
)


def s4_three_tables(ch: Chaos) -> None:
    """四 as three small tables, one per block, captioned by a heading, a first row, or nothing."""
    doc, rng = ch.document, ch.rng
    old = doc.tables(TableName.S4)
    if not old:
        return
    captions = rng.choice(_BLOCK_CAPTIONS)
    style = rng.choice(("heading", "heading", "row", "none"))
    repeat_header = rng.random() < 0.8
    raws = s4_raws(doc.report)
    results = [r.label for r in S4_RESULTS[:-1]] + [doc.labels.total_column]
    new: list[Block] = []
    for i, caption in enumerate(captions):
        rows: list[Row] = []
        if style == "row":
            rows.append(spread(head(caption, 5)))
        elif style == "heading":
            new.append(Text(caption, Role.SUB, SectionKey.APPEALS))
        if i == 0 or repeat_header:
            rows.append([head(r) for r in results])
        rows.append([value(v) for v in raws[5 * i : 5 * i + 5]])
        new.append(Table(TableName.S4, rows, len(rows) - 1))
    replace_block(doc, old[0], new)
    for t in old[1:]:
        doc.blocks.remove(t)
    ch.note(Quirk.S4_THREE_TABLES, f"captions as {style}, header repeated: {repeat_header}")


def _header_words(doc: Doc) -> list[str]:
    results = [r.label for r in S4_RESULTS[:-1]] + [doc.labels.total_column]
    return ["行政复议", "行政诉讼", *results, "未经复议直接起诉", "复议后起诉", *results, *results]


def s4_garbled_header(ch: Chaos) -> None:
    """四's three header rows collapsed into one row of six cells, then the fifteen values."""
    doc, rng = ch.document, ch.rng
    old = doc.tables(TableName.S4)
    if not old:
        return
    words = _header_words(doc)
    cuts = sorted(rng.sample(range(1, len(words)), 5))
    joiner = rng.choice((" ", "", "\u3000"))
    groups = [joiner.join(words[a:b]) for a, b in zip([0, *cuts], [*cuts, len(words)], strict=True)]
    rows: list[Row] = [[head(g) for g in groups], [value(v) for v in s4_raws(doc.report)]]
    replace_block(doc, old[0], [Table(TableName.S4, rows, 1)])
    for t in old[1:]:
        doc.blocks.remove(t)
    ch.note(Quirk.S4_GARBLED_HEADER, f"header cells {groups}")


# ---------------------------------------------------------------- headers of other tables

_FOREIGN_HEADERS = (
    [
        "项目",
        "本年新收件数",
        "上年结转件数",
        "予以公开",
        "部分公开",
        "不予公开",
        "结转下年度",
        "总计",
    ],
    ["", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "结果维持", "结果纠正"],
    ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数", "", "", "", ""],
    ["类别", "数据1", "数据2", "数据3", "数据4", "数据5", "数据6", "总计"],
)


def wrong_header_rows(ch: Chaos) -> None:
    """The last rows of 三 cut off and printed under the header row of another table."""
    doc, rng = ch.document, ch.rng
    table = biggest(doc, TableName.S3)
    if table is None or len(table.rows) - table.header_rows < 4:
        return
    k = rng.randint(2, min(6, len(table.rows) - table.header_rows - 1))
    first, rest = split_table(table, len(table.rows) - k, header=False, carry=rng.random() < 0.5)
    words = rng.choice(_FOREIGN_HEADERS)
    lead = max(1, table.width - 7)
    header = [*spread(head(words[0], lead)), *map(head, words[1:])]
    rest.rows.insert(0, header[: max(len(r) for r in rest.rows)])
    rest.header_rows = 1
    replace_block(doc, table, [first, rest])
    ch.note(Quirk.WRONG_HEADER_ROWS, f"last {k} rows under {words}")


_PLACEHOLDERS = (
    ("申请人情况（自然人）", [["(数据项目)", "数量"], ["-", "-"]]),
    (
        "申请人情况（法人或其他组织）",
        [["商业企业", "科研机构", "社会公益", "法律服务机构", "其他"], ["-"] * 5],
    ),
    ("申请人情况（总计）", [["(数据项目)", "数量"], ["-", "-"]]),
    ("", [["项目", "数量"], ["-", "-"], ["-", "-"]]),
    ("", [["-", "-", "-"], ["-", "-", "-"]]),
)


def placeholder_tables(ch: Chaos) -> None:
    """Empty tables of "-" (a conversion's leftovers of merged header cells), mostly in 三."""
    doc, rng = ch.document, ch.rng
    chosen = rng.sample(_PLACEHOLDERS, rng.randint(1, 3))
    new: list[Block] = []
    for caption, rows in chosen:
        if caption and rng.random() < 0.7:
            new.append(Text(caption, Role.SUB, SectionKey.REQUESTS))
        grid: list[Row] = [[head(t) for t in rows[0]]]
        grid += [[value(t) for t in row] for row in rows[1:]]
        new.append(Table(TableName.OTHER, grid, 1))
    where = rng.choice((SectionKey.REQUESTS, SectionKey.REQUESTS, SectionKey.PROACTIVE))
    insert_at_section(doc, where, new, end=rng.random() < 0.3)
    ch.note(Quirk.PLACEHOLDER_TABLES, f"{len(chosen)} in {where.value}")


# ---------------------------------------------------------------- digits run together


def _flatten_row(row: Row, into_label: bool, checked: bool) -> Row:
    """The row's value cells as one cell of their digits run together.

    A row of a table without identities (二, `checked` False) is left alone where its run
    would read as one plausible count in the first cell with blank cells beside it ("43" for
    4 and 3): a grid prints exactly that for a count with blank neighbours, so no reader could
    tell the two apart, and real reports need the count read.
    """
    at = [i for i, c in enumerate(row) if c is not None and c.kind is CellKind.VALUE]
    if len(at) < 2:
        return row
    last = row[at[-1]]
    assert last is not None
    start, stop = at[0], at[-1] + last.cols  # past the positions the last value cell spans
    run = "".join(c.text for c in row[start:stop] if c is not None)
    one_count = run.isdigit() and len(run) <= len(at) and not (len(run) > 1 and run[0] == "0")
    if not into_label and not checked and one_count:
        return row
    width = sum(c.cols for c in row[start:stop] if c is not None)
    label_at = max((i for i in range(start) if row[i] is not None), default=None)
    label = row[label_at] if label_at is not None else None
    if into_label and label is not None and label.kind is CellKind.LABEL:
        merged = GridCell(label.text + run, CellKind.LABEL, label.rows, label.cols + width)
        assert label_at is not None
        return [*row[:label_at], *spread(merged), *row[stop:]][: len(row)]
    return [*row[:start], *spread(GridCell(run, CellKind.VALUE, 1, width)), *row[stop:]]


def flattened_digits(ch: Chaos) -> None:
    """Rows whose values are printed as one run of digits (行政规范性文件8855698)."""
    doc, rng = ch.document, ch.rng
    tables = [t for t in doc.tables() if t.name is not TableName.OTHER]
    chosen = [t for t in tables if rng.random() < 0.5] or [rng.choice(tables)]
    into_label = rng.random() < 0.4
    every = rng.random() < 0.6
    n = 0
    for table in chosen:
        for r in range(table.header_rows, len(table.rows)):
            if every or rng.random() < 0.5:
                row = table.rows[r]
                checked = table.name is not TableName.S2
                table.rows[r] = _flatten_row(row, into_label and _single_row_label(row), checked)
                n += 1
    names = [t.name.value for t in chosen]
    ch.note(Quirk.FLATTENED_DIGITS, f"{n} rows of {names}, into label: {into_label}")


def _single_row_label(row: Row) -> bool:
    """A label that spans one row only (run digits into a merged label make no sense)."""
    return all(c.rows == 1 for c in row if c is not None and c.kind is CellKind.LABEL)


def mixed_separation(ch: Chaos) -> None:
    """Some tables' cells split by spaces, others run together (text formats)."""
    doc, rng = ch.document, ch.rng
    tables = [t for t in doc.tables() if t.name is not TableName.OTHER]
    joiners = [rng.choice(("", " ")) for _ in tables]
    if len(set(joiners)) == 1 and len(tables) > 1:
        joiners[rng.randrange(len(tables))] = "" if joiners[0] == " " else " "
    for table, joiner in zip(tables, joiners, strict=True):
        table.joiner = joiner
    ch.note(
        Quirk.MIXED_SEPARATION,
        f"joiners {[(t.name.value, j) for t, j in zip(tables, joiners, strict=True)]}",
    )


# ---------------------------------------------------------------- page breaks inside tables


def split_across_pages(ch: Chaos) -> None:
    """A table cut by a page break, its header repeated on the next page or not."""
    doc, rng = ch.document, ch.rng
    name = rng.choice((TableName.S3, TableName.S3, TableName.S3, TableName.S2, TableName.S4))
    table = biggest(doc, name) or biggest(doc, TableName.S3)
    if table is None or len(table.rows) <= table.header_rows:
        return
    at = rng.randint(
        table.header_rows + (len(table.rows) > table.header_rows + 1), len(table.rows) - 1
    )
    at = max(at, table.header_rows)
    repeat, carry = rng.random() < 0.5, rng.random() < 0.5
    first, second = split_table(table, at, header=repeat, carry=carry)
    replace_block(doc, table, [first, PageBreak(), second])
    ch.note(Quirk.SPLIT_TABLE, f"{table.name.value} cut before row {at}, header again: {repeat}")


def _per_block(table: Table) -> list[Table]:
    """Table 二 cut at its block captions (第二十条第（…）项) into one table per block."""
    starts = [
        r
        for r, row in enumerate(table.rows)
        if row and row[0] is not None and row[0].kind is CellKind.HEAD and "第二十条" in row[0].text
    ]
    if len(starts) < 2:
        return [table]
    bounds = zip(starts, [*starts[1:], len(table.rows)], strict=True)
    parts = [slice_rows(table, a, b, header=False, carry=False) for a, b in bounds]
    for part in parts:
        part.header_rows = min(2, len(part.rows))
    return parts


def s2_page_breaks(ch: Chaos) -> None:
    """二 starting at the top of a page, its title left at the foot of the one before, page
    breaks between its blocks and between a block's caption and its header row."""
    doc, rng = ch.document, ch.rng
    tables = doc.tables(TableName.S2)
    if not tables:
        return
    blocks: list[Table] = []
    for t in tables:
        blocks += _per_block(t)
    new: list[Block] = []
    for i, part in enumerate(blocks):
        if i and rng.random() < 0.5:
            new.append(PageBreak())
        if rng.random() < 0.25 and len(part.rows) > 2:
            caption = Table(TableName.S2, part.rows[:1], 1)
            rest = slice_rows(part, 1, len(part.rows), header=False, carry=False)
            rest.header_rows = 1
            new += [caption, PageBreak(), rest]
        else:
            new.append(part)
    replace_block(doc, tables[0], new)
    for t in tables[1:]:
        doc.blocks.remove(t)
    start, _ = doc.section_range(SectionKey.PROACTIVE)
    where = rng.choice(("top", "after_title"))
    doc.blocks.insert(start - 1 if where == "top" else start, PageBreak())
    breaks = sum(isinstance(b, PageBreak) for b in new)
    ch.note(Quirk.S2_PAGE_BREAKS, f"二 {where} of a page, {len(blocks)} tables, {breaks} breaks")
