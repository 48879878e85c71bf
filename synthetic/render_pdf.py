"""The "pdf" layout: text as PDF extraction gives it, like seed 002.

Cells are separated by single spaces (a blank cell is an empty token, so two spaces), most lines
are followed by a blank line, long row labels break across lines with the values on a line of
their own, group labels and header words break in two ("（三）不予" / "公开", "社会公益" / "组织"),
paragraphs are indented and hard-wrapped, and the font maps common ideographs to Kangxi or
CJK-radical look-alikes (⼀ ⼈ ⺠ ⾏ …) that NFKC and `normalize_text` turn back.
"""

from __future__ import annotations

import random
import re

from ingest.schema import Report
from ingest.template import G_RESULTS, S4_RESULTS, SectionKey
from synthetic.layout import (
    S3_NOTE,
    SECTION_ORDER,
    Labels,
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
    sub_heading,
    title,
    version,
)

# Ideograph -> look-alike code point that PDF fonts emit (Kangxi Radicals, CJK Radicals
# Supplement). Only pairs that `normalize_text` maps back to the same ideograph.
LOOKALIKES: dict[str, int] = {
    "一": 0x2F00, "二": 0x2F06, "人": 0x2F08, "八": 0x2F0B, "力": 0x2F12, "十": 0x2F17,
    "大": 0x2F24, "小": 0x2F29, "工": 0x2F2F, "文": 0x2F42, "方": 0x2F45, "无": 0x2F46,
    "止": 0x2F4C, "水": 0x2F54, "生": 0x2F63, "用": 0x2F64, "白": 0x2F69, "目": 0x2F6C,
    "网": 0x2F79, "而": 0x2F7D, "自": 0x2F83, "色": 0x2F8A, "行": 0x2F8F, "身": 0x2F9D,
    "金": 0x2FA6, "面": 0x2FAF, "首": 0x2FB8, "高": 0x2FBC, "民": 0x2EA0, "长": 0x2ED3,
    "门": 0x2ED4, "风": 0x2EDB,
}  # fmt: skip
# A wrapped line never starts with closing punctuation (避头) or something a reader would
# take for a heading or a numbered item.
_NO_LINE_START = re.compile(
    r"^(?:[，。；：、）”！？]|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.)"
)
_LONG_LABEL, _LABEL_BREAK = 31, 29


class _Doc:
    """Lines of one rendering, with the font's look-alike table and the layout's randomness."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.font = str.maketrans({k: chr(v) for k, v in LOOKALIKES.items() if rng.random() < 0.85})
        self.lines: list[str] = []

    def t(self, text: str) -> str:
        """Text in the PDF's font (never applied to cell values)."""
        return text.translate(self.font)

    def add(self, line: str, *, blank_after: float = 0.88) -> None:
        self.lines.append(line)
        if self.rng.random() < blank_after:
            self.lines.append("")

    def row(self, label: str, raws: list[str]) -> None:
        """A table row: label and values on one line, or a long label broken in two with the
        values on the next line."""
        label = self.t(label)
        if len(label) > _LONG_LABEL:
            self.add(label[:_LABEL_BREAK], blank_after=1.0)
            self.lines.append(label[_LABEL_BREAK:])
            self.add(" ".join(raws))
        else:
            self.add(" ".join([label, *raws]))


def _wrap(text: str, width: int) -> list[str]:
    """Hard-wrap at `width` characters, never starting a line with a heading-like number."""
    out: list[str] = []
    while len(text) > width:
        cut = width
        while cut > width // 2 and _NO_LINE_START.match(text[cut:]):
            cut -= 1
        out.append(text[:cut])
        text = text[cut:]
    return [*out, text] if text else out


def _narrative(
    doc: _Doc, report: Report, key: SectionKey, labels: Labels, width: int, numeral_headings: bool
) -> None:
    indent = " " * doc.rng.choice((7, 8))
    for is_heading, line in narrative_lines(report, key):
        if is_heading:
            heading = sub_heading(line, labels)
            if numeral_headings:
                heading = re.sub(r"^（([一二三四五六七八九十]+)）", r"\1、", heading)
            doc.add(indent + doc.t(heading), blank_after=0.3)
            continue
        wrapped = [doc.t(part) for part in _wrap(line, width)]
        wrapped[0] = indent + wrapped[0]
        for i, part in enumerate(wrapped):
            last = i == len(wrapped) - 1
            tail = "   " if last and doc.rng.random() < 0.1 else ""
            doc.add(part + tail, blank_after=0.3 if last else 0.1)


def _s2(doc: _Doc, report: Report, labels: Labels) -> None:
    for block, fields, rows in s2_blocks(version(report)):
        doc.add(doc.t(labels.text(block)))
        doc.add(doc.t(" ".join(["信息内容", *s2_header(fields, labels)])))
        for row in rows:
            doc.row(labels.text(row.label), s2_raws(report, row))


def _broken(doc: _Doc, word: str, keep: int) -> None:
    """A label broken after `keep` characters, each part followed by a blank line."""
    doc.add(doc.t(word[:keep]), blank_after=1.0)
    doc.add(doc.t(word[keep:]), blank_after=1.0)


def _s3(doc: _Doc, report: Report, labels: Labels) -> None:
    cols = s3_column_labels(labels)
    for word in (labels.text(S3_NOTE), "申请人情况", cols["natural_person"], "法人或其他组织"):
        doc.add(doc.t(word), blank_after=1.0)
    doc.add(doc.t(cols["total"]), blank_after=1.0)
    doc.add(doc.t(f"{cols['commercial']} {cols['research']}"), blank_after=0.0)
    social = cols["social_org"]
    if len(social) > 4:
        _broken(doc, social, 4)
    else:
        doc.add(doc.t(social), blank_after=1.0)
    legal = cols["legal_service"]
    doc.add(doc.t(legal[:4]), blank_after=1.0)
    doc.add(doc.t(legal[4:]), blank_after=0.0)  # "机构" and "其他" on consecutive lines
    doc.add(doc.t(cols["other"]), blank_after=1.0)
    for p in s3_placements(report):
        if p.index == 0 and p.group == G_RESULTS:
            _broken(doc, G_RESULTS, len(G_RESULTS) - 2)
        elif p.index == 0 and p.group:
            group = labels.group(p.group)
            _broken(doc, group, len(group) - 2)
        lead = " " if p.row.key == "carried_over" and doc.rng.random() < 0.5 else ""
        doc.row(lead + s3_row_label(p.row, labels), s3_raws(report, p.row.key))


def _s4(doc: _Doc, report: Report, labels: Labels) -> None:
    results = [r.label for r in S4_RESULTS]
    results[-1] = labels.total_column
    doc.add(doc.t("行政复议 行政诉讼"), blank_after=1.0)
    doc.add(doc.t(" ".join(results)), blank_after=1.0)
    doc.add(doc.t("未经复议直接起诉 复议后起诉"), blank_after=1.0)
    doc.add(doc.t(" ".join(results + results)), blank_after=1.0)
    doc.add(" ".join(s4_raws(report)), blank_after=1.0)


def render_pdf(report: Report) -> str:
    """The whole report as PDF-extracted text."""
    rng = render_rng(report, "pdf")
    labels = choose_labels(rng, p_half_width=0.0)
    doc = _Doc(rng)
    width = rng.randint(56, 66)
    numeral_headings = rng.random() < 0.3
    title_after_heading = rng.random() < 0.3
    if title_after_heading:
        doc.add(" " + doc.t(section_title(SectionKey.OVERVIEW)), blank_after=1.0)
    doc.add(doc.t(title(report)), blank_after=1.0)
    for key in SECTION_ORDER:
        if not (key is SectionKey.OVERVIEW and title_after_heading):
            doc.add(doc.t(section_title(key)), blank_after=1.0)
        if key is SectionKey.PROACTIVE:
            _s2(doc, report, labels)
        elif key is SectionKey.REQUESTS:
            _s3(doc, report, labels)
        elif key is SectionKey.APPEALS:
            _s4(doc, report, labels)
        else:
            _narrative(doc, report, key, labels, width, numeral_headings)
        if doc.lines and doc.lines[-1] != "":
            doc.lines.append("")
    return "\n".join(doc.lines).rstrip("\n") + "\n"
