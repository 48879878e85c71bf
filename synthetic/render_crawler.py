"""The "crawler" layout: a web page's text as a scraper dumps it, table cells run together.

Each table row prints as its label followed by its values with no separator
("一、本年新收政府信息公开申请数量352100038"); the header words run together too, and table 四's
fifteen values follow its last header word. Narrative prints one paragraph per line.
"""

from __future__ import annotations

from ingest.schema import Report
from ingest.template import S4_RESULTS, SectionKey
from synthetic.layout import (
    S3_NOTE,
    SECTION_ORDER,
    choose_labels,
    narrative_lines,
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
    title,
    version,
)

_TABLES = (SectionKey.PROACTIVE, SectionKey.REQUESTS, SectionKey.APPEALS)


def _s2(report: Report) -> list[str]:
    labels = choose_labels(render_rng(report, "crawler"), p_half_width=0.5)
    out: list[str] = []
    for block, fields, rows in s2_blocks(version(report)):
        out.append(block + "信息内容" + "".join(s2_header(fields, labels)))
        out += [row.label + "".join(s2_raws(report, row)) for row in rows]
    return out


def _s3(report: Report) -> list[str]:
    labels = choose_labels(render_rng(report, "crawler"), p_half_width=0.5)
    columns = s3_column_labels(labels)
    out = [S3_NOTE + "申请人情况" + "".join(columns.values())]
    for placement in s3_placements(report):
        group = placement.group if placement.index == 0 else ""
        label = s3_row_label(placement.row, labels)
        out.append(group + label + "".join(s3_raws(report, placement.row.key)))
    return out


def _s4(report: Report) -> list[str]:
    results = "".join(r.label for r in S4_RESULTS)
    header = "行政复议行政诉讼" + results + "未经复议直接起诉复议后起诉" + results + results
    return [header + "".join(s4_raws(report))]


def render_crawler(report: Report) -> str:
    """The report as a crawler's text dump."""
    lines = [title(report)]
    tables = {SectionKey.PROACTIVE: _s2, SectionKey.REQUESTS: _s3, SectionKey.APPEALS: _s4}
    for key in SECTION_ORDER:
        lines.append(section_title(key))
        if key in _TABLES:
            lines += tables[key](report)
        else:
            lines += [line for _, line in narrative_lines(report, key)]
    return "\n".join(lines) + "\n"
