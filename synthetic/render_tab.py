"""The "tab" layout: tab-separated rows with merged-cell gaps, as word-processor exports give.

Reproduces seeds 000 and 003: markdown headings (their levels drift), table 二 padded to four
cells, table 三 with a three-line header whose label columns are one ("narrow") or two ("wide")
cells, group labels in extra leading cells, trailing tabs, now and then a row shifted to the first
cell or followed by a blank line, and table 四 as three header lines then one row of 15 values.
"""

from __future__ import annotations

import random

from ingest.schema import Report
from ingest.template import G_RESULTS, S4_RESULTS, SectionKey
from synthetic.layout import (
    S3_NOTE,
    SECTION_ORDER,
    Labels,
    Placement,
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


def cells(*parts: str | list[str]) -> str:
    """Join cells (strings or lists of strings) with tabs."""
    flat: list[str] = []
    for p in parts:
        flat.extend([p] if isinstance(p, str) else p)
    return "\t".join(flat)


def pad(row: list[str], width: int) -> str:
    """A row filled with empty cells to `width`, as merged cells leave it."""
    return "\t".join(row + [""] * (width - len(row)))


def heading_levels(rng: random.Random) -> dict[SectionKey, int]:
    """Markdown levels of the six section titles; in some exports they drift deeper."""
    if rng.random() < 0.3:
        return dict(zip(SECTION_ORDER, (2, 2, 3, 4, 4, 4), strict=True))
    return dict.fromkeys(SECTION_ORDER, 2)


def markdown_narrative(report: Report, key: SectionKey, labels: Labels, level: int) -> list[str]:
    """Paragraphs separated by blank lines; sub-headings one level below the section."""
    out: list[str] = []
    for is_heading, line in narrative_lines(report, key):
        if is_heading:
            out += [f"{'#' * level} {sub_heading(line, labels)}", ""]
        else:
            out += [prose(line, labels), ""]
    return out


def s2_lines(report: Report, labels: Labels, width: int) -> list[str]:
    """Table 二: block label, 信息内容 header, rows; every line padded to `width` cells."""
    out: list[str] = []
    for block, fields, rows in s2_blocks(version(report)):
        out.append(pad([labels.text(block)], width))
        out.append(pad(["信息内容", *s2_header(fields, labels)], width))
        for row in rows:
            out.append(pad([labels.text(row.label), *s2_raws(report, row)], width))
    return out


_ORGANISATIONS = ("commercial", "research", "social_org", "legal_service", "other")


def _s3_header(labels: Labels, lead: int) -> list[str]:
    """Three header lines; `lead` is how many cells the row labels take (1 or 2)."""
    cols = s3_column_labels(labels)
    gap = [""] * (lead - 1)
    return [
        cells(labels.text(S3_NOTE), gap, "申请人情况", [""] * 5, cols["total"], ""),
        cells("", gap, cols["natural_person"], "法人或其他组织", [""] * 6),
        cells("", "", gap, [cols[k] for k in _ORGANISATIONS], "", ""),
    ]


def _s3_row(
    p: Placement, label: str, values: list[str], labels: Labels, wide: bool, rng: random.Random
) -> str:
    """One row of table 三 in the merged-cell shape its position gives it."""
    head = cells(label, "", values, "") if wide else cells(label, values, "")
    if p.group == "":
        if p.row.key == "carried_forward" and not wide:
            return cells(label, "", "", values)
        return head
    if p.group == G_RESULTS:
        if p.row.key == "total_processed":
            return head if rng.random() < 0.5 else cells("", "", label, values)
        return cells(G_RESULTS if p.index == 0 else "", label, values, "")
    if p.index and rng.random() < 0.06:
        return head  # the row lost its leading cells (seed 003 "3. 其他")
    if p.index:
        return cells("", "", label, values)
    group = labels.group(p.group)
    if not wide and rng.random() < 0.6:
        return cells(group, "", label, values)
    return cells("", group, label, values)


def s3_lines(report: Report, labels: Labels, rng: random.Random) -> list[str]:
    """Table 三: the three-line header, then one line per row (at most one stray blank line)."""
    wide = rng.random() < 0.6
    out = _s3_header(labels, 2 if wide else 1)
    stray_blank = rng.random() < 0.3
    for p in s3_placements(report):
        label = s3_row_label(p.row, labels)
        out.append(_s3_row(p, label, s3_raws(report, p.row.key), labels, wide, rng))
        if stray_blank and p.group not in ("", G_RESULTS) and rng.random() < 0.1:
            out.append("")
            stray_blank = False
    return out


def s4_lines(report: Report, labels: Labels, rng: random.Random) -> list[str]:
    """Table 四: 行政复议/行政诉讼, then block and result headers, then 15 values."""
    results = [split_word(r.label, rng, 0.3) for r in S4_RESULTS]
    results[-1] = labels.total_column
    return [
        cells("行政复议", [""] * 4, "行政诉讼", [""] * 9),
        cells(results, "未经复议直接起诉", [""] * 4, "复议后起诉", [""] * 4),
        cells([""] * 5, results, results),
        cells(s4_raws(report)),
    ]


def render_tab(report: Report) -> str:
    """The whole report in the tab layout."""
    rng = render_rng(report, "tab")
    labels = choose_labels(rng, p_half_width=0.85)
    levels = heading_levels(rng)
    out = ["", "", f"# {title(report)}", ""]
    for key in SECTION_ORDER:
        out += [f"{'#' * levels[key]} {section_title(key)}", ""]
        if key is SectionKey.PROACTIVE:
            out += [*s2_lines(report, labels, 4), ""]
        elif key is SectionKey.REQUESTS:
            out += [*s3_lines(report, labels, rng), ""]
        elif key is SectionKey.APPEALS:
            out += [*s4_lines(report, labels, rng), ""]
        else:
            out += markdown_narrative(report, key, labels, levels[key] + 1)
    return "\n".join(out).rstrip("\n") + "\n"
