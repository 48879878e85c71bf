"""What every text layout shares: label spellings, section order, the cells in print order.

A rendering's choices (half-width parentheses, 社会组织 for 社会公益组织, 合计 for 总计…) come from
a generator seeded by the report id and the style, so a report renders the same way every time.
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass

from ingest.schema import Report
from ingest.template import (
    G_RESULTS,
    S2_ROWS,
    S3_COLUMN_KEYS,
    S3_COLUMNS,
    S3_ROWS,
    S4_FIELDS,
    SECTION_NUMERALS,
    SECTION_TITLES,
    ColumnSpec,
    FormatVersion,
    RowSpec,
    S2RowSpec,
    SectionKey,
)

SECTION_ORDER: tuple[SectionKey, ...] = tuple(SECTION_TITLES)
S3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
_HALF = str.maketrans({"（": "(", "）": ")", "：": ":", "，": ","})
_SUBHEADING = re.compile(r"^（([一二三四五六七八九十]+)）(.*)$")


def render_rng(report: Report, style: str) -> random.Random:
    """The generator behind one rendering's choices: fixed by report id and style."""
    digest = hashlib.sha256(f"{report.id}:{style}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


@dataclass(frozen=True)
class Labels:
    """How one rendering spells the template's labels (all spellings are template aliases)."""

    half_width: bool = False  # (一) rather than （一）
    space_after_number: bool = False  # "(一) 予以公开"
    space_after_digit: bool = False  # "1. 属于国家秘密"
    straight_quotes: bool = False  # "三安全一稳定" rather than “三安全一稳定”
    social_org: str = "社会公益组织"
    total_column: str = "总计"
    total_row: str = "总计"
    fee_label: str = "本年收费金额（单位：万元）"

    def text(self, s: str) -> str:
        """Punctuation as this rendering prints it."""
        if self.half_width:
            s = s.translate(_HALF)
            if self.space_after_number:
                s = s.replace("(区分", " (区分").replace(",", ", ")
        if self.straight_quotes:
            s = s.replace("“", '"').replace("”", '"')
        return s

    def numbered(self, number: str, label: str) -> str:
        """A numbered label: "（一）予以公开", "(一) 予以公开", "1. 属于国家秘密"."""
        if number.endswith("、"):
            return self.text(number + label)
        space = self.space_after_digit if number[0].isdigit() else self.space_after_number
        return self.text(number) + (" " if space else "") + self.text(label)

    def group(self, group: str) -> str:
        """A group label of table 三: "（三）不予公开" or "三、本年度办理结果"."""
        if group == G_RESULTS:
            return group
        return self.numbered(group[:3], group[3:])


def choose_labels(rng: random.Random, *, p_half_width: float) -> Labels:
    """Spelling choices for one rendering."""
    half = rng.random() < p_half_width
    return Labels(
        half_width=half,
        space_after_number=half and rng.random() < 0.4,
        space_after_digit=rng.random() < 0.25,
        straight_quotes=rng.random() < 0.2,
        social_org=rng.choice(("社会公益组织", "社会公益组织", "社会组织")),
        total_column=rng.choice(("总计", "总计", "总计", "合计")),
        total_row=rng.choice(("总计", "总计", "总计", "合计")),
        fee_label=rng.choice(
            ("本年收费金额（单位：万元）", "本年收费金额（单位：万元，保留4位小数）")
        ),
    )


def title(report: Report) -> str:
    """The title line as reports print it."""
    return f"{report.agency}{report.year}年政府信息公开工作年度报告"


def section_title(key: SectionKey) -> str:
    """ "一、总体情况" ... "六、其他需要报告的事项"."""
    return f"{SECTION_NUMERALS[key]}、{SECTION_TITLES[key]}"


def narrative_lines(report: Report, key: SectionKey) -> list[tuple[bool, str]]:
    """A narrative section as (is_sub_heading, line) pairs."""
    section = report.sections.get(key)
    lines = section.text.splitlines() if section else []
    return [(bool(_SUBHEADING.match(line)), line) for line in lines if line.strip()]


def sub_heading(line: str, labels: Labels) -> str:
    """A narrative sub-heading ("（一）主动公开情况") in this rendering's spelling."""
    m = _SUBHEADING.match(line)
    return labels.numbered(f"（{m.group(1)}）", m.group(2)) if m else line


def version(report: Report) -> FormatVersion:
    return report.format_version or FormatVersion.V2021


def s2_blocks(v: FormatVersion) -> list[tuple[str, tuple[ColumnSpec, ...], list[S2RowSpec]]]:
    """Table 二 as printed: (block label, header columns, rows); a block is a run of rows of
    one 第二十条 item with the same columns (规章 and 规范性文件 share one block)."""
    blocks: list[tuple[str, tuple[ColumnSpec, ...], list[S2RowSpec]]] = []
    for row in S2_ROWS[v]:
        labels = tuple(f.label for f in row.fields)
        if (
            blocks
            and blocks[-1][0] == row.block
            and tuple(f.label for f in blocks[-1][1]) == labels
        ):
            blocks[-1][2].append(row)
        else:
            blocks.append((row.block, row.fields, [row]))
    return blocks


def s2_header(fields: tuple[ColumnSpec, ...], labels: Labels) -> list[str]:
    """Column labels of one table 二 block, the fee column in this rendering's spelling."""
    return [
        labels.text(labels.fee_label if f.key == "admin_fee_amount_wan" else f.label)
        for f in fields
    ]


def s2_raws(report: Report, row: S2RowSpec) -> list[str]:
    return [report.s2[f.key].raw if f.key in report.s2 else "" for f in row.fields]


def s3_rows(report: Report) -> tuple[RowSpec, ...]:
    return S3_ROWS[version(report)]


def s3_raws(report: Report, key: str) -> list[str]:
    """The seven printed values of one table 三 row, in column order."""
    cells = report.s3.get(key, {})
    return [cells[c].raw if c in cells else "" for c in S3_COLUMN_KEYS]


def s3_row_label(row: RowSpec, labels: Labels) -> str:
    """A table 三 row label with its number ("（七）总计" may print as "（七）合计")."""
    label = labels.total_row if row.key == "total_processed" else row.label
    return labels.numbered(row.number, label)


def s3_column_labels(labels: Labels) -> dict[str, str]:
    """Column key -> printed header, with this rendering's alias choices."""
    out = {c.key: c.label for c in S3_COLUMNS}
    return out | {"social_org": labels.social_org, "total": labels.total_column}


def s4_raws(report: Report) -> list[str]:
    """The fifteen printed values of table 四, block by block."""
    return [report.s4[f].raw if f in report.s4 else "" for f in S4_FIELDS]


def split_word(word: str, rng: random.Random, p: float) -> str:
    """A four-character header word broken by a space ("结果 维持"), as extraction does."""
    if len(word) == 4 and rng.random() < p:
        return f"{word[:2]} {word[2:]}"
    return word


@dataclass(frozen=True)
class Placement:
    """Where a table 三 row sits in the merged-cell groups of the printed table."""

    row: RowSpec
    group: str  # "" for rows outside 三、本年度办理结果
    index: int  # position within its group
    size: int  # rows in its group


def s3_placements(report: Report) -> list[Placement]:
    """Every table 三 row with its group position (for merged-cell quirks)."""
    rows = s3_rows(report)
    sizes: dict[str, int] = {}
    for r in rows:
        sizes[r.group] = sizes.get(r.group, 0) + 1
    seen: dict[str, int] = {}
    out: list[Placement] = []
    for r in rows:
        out.append(Placement(r, r.group, seen.get(r.group, 0), sizes[r.group]))
        seen[r.group] = seen.get(r.group, 0) + 1
    return out


def prose(text: str, labels: Labels) -> str:
    """Narrative text in this rendering's punctuation (half-width commas after NFKC)."""
    return text.translate(_HALF) if labels.half_width else text
