"""The "pipe" layout: one table cell per line ending in " |", as some HTML-to-text tools give.

Reproduces seed 001: no markdown, plain section titles, one paragraph per line, tables flattened
to a cell stream where each printed cell is a "text |" line and each run of empty cells (the
gaps merged cells leave, or a blank value) is one line of "|" characters ("||", "|||"...).
"""

from __future__ import annotations

import random

from ingest.schema import Report
from ingest.template import G_RESULTS, S4_RESULTS, SectionKey
from synthetic.layout import (
    S3_NOTE,
    SECTION_ORDER,
    Labels,
    choose_labels,
    narrative_lines,
    prose,
    render_rng,
    s2_blocks,
    s2_header,
    s2_raws,
    s3_column_labels,
    s3_placements,
    s3_raws,
    s3_row_label,
    s4_raws,
    section_title,
    split_word,
    sub_heading,
    title,
    version,
)

# A cell stream: text is a printed cell ("" = a blank value); None is a merged-cell gap.
Stream = list[str | None]


def gaps(n: int) -> Stream:
    return [None] * n


def serialize(stream: Stream) -> list[str]:
    """Cells as lines: "text |" for printed cells, one "|"-run per run of empty cells.

    Gaps at the very end of a table are not printed (the extraction stops at the last cell).
    """
    while stream and stream[-1] is None:
        stream = stream[:-1]
    lines: list[str] = []
    run = 0
    for cell in stream:
        if cell:
            if run:
                lines.append("|" * run)
                run = 0
            lines.append(f"{cell} |")
        else:
            run += 1
    if run:
        lines.append("|" * run)
    return lines


def s2_stream(report: Report, labels: Labels) -> Stream:
    """Table 二: each block's label and header, its rows, padded to four columns with gaps."""
    out: Stream = []
    for block, fields, rows in s2_blocks(version(report)):
        fill = gaps(3 - len(fields))
        out += [labels.text(block), *gaps(3), "信息内容", *s2_header(fields, labels), *fill]
        for row in rows:
            out += [labels.text(row.label), *s2_raws(report, row), *fill]
    return out


def s3_stream(report: Report, labels: Labels, rng: random.Random, p_split: float) -> Stream:
    """Table 三: header cells, then per row its group label (first row of a group), its
    label and seven values, and a one- or two-cell gap."""
    cols = {k: split_word(v, rng, p_split) for k, v in s3_column_labels(labels).items()}
    out: Stream = [labels.text(S3_NOTE), "申请人情况", *gaps(8)]
    out += [cols["natural_person"], "法人或其他组织", cols["total"], *gaps(7)]
    out += [cols[k] for k in ("commercial", "research", "social_org", "legal_service", "other")]
    out += gaps(5)
    for p in s3_placements(report):
        first_of_group = p.group != "" and p.index == 0
        if first_of_group:
            out.append(G_RESULTS if p.group == G_RESULTS else labels.group(p.group))
        out += [s3_row_label(p.row, labels), *s3_raws(report, p.row.key)]
        out += gaps(1 if first_of_group else 2)
    return out


def s4_stream(report: Report, labels: Labels, rng: random.Random, p_split: float) -> Stream:
    """Table 四: block headers, result headers, then the fifteen values."""
    results = [split_word(r.label, rng, p_split) for r in S4_RESULTS]
    results[-1] = labels.total_column
    out: Stream = ["行政复议", "行政诉讼", *gaps(13), *results, "未经复议直接起诉", "复议后起诉"]
    return [*out, *gaps(8), *results, *results, *gaps(5), *s4_raws(report)]


def render_pipe(report: Report) -> str:
    """The whole report in the pipe layout."""
    rng = render_rng(report, "pipe")
    labels = choose_labels(rng, p_half_width=0.9)
    p_split = rng.choice((0.0, 0.5))
    out = [title(report)]
    for key in SECTION_ORDER:
        out.append(section_title(key))
        if key is SectionKey.PROACTIVE:
            out += serialize(s2_stream(report, labels))
        elif key is SectionKey.REQUESTS:
            out += serialize(s3_stream(report, labels, rng, p_split))
        elif key is SectionKey.APPEALS:
            out += serialize(s4_stream(report, labels, rng, p_split))
        else:
            out += [
                sub_heading(line, labels) if is_heading else prose(line, labels)
                for is_heading, line in narrative_lines(report, key)
            ]
    return "\n".join(out) + "\n"
