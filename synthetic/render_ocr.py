"""The "ocr" layout: a tab layout read back by OCR, like seed 004.

The damage is the kind OCR does without losing a value: stray characters ("4年", "1", ", ,") in
empty first cells or on lines of their own, group labels of merged cells printed in the middle
of their group and wrapped onto the next row's first cell ("(三)不予" / "公开"), header words
joined with a space ("社会公益 组织"), and a line of duplicated fragments that repeats a few
earlier rows' labels with only their first four values. Every row still prints all seven values.
"""

from __future__ import annotations

import random
from dataclasses import replace

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
    s3_column_labels,
    s3_placements,
    s3_raws,
    s3_row_label,
    s4_raws,
    section_title,
    sub_heading,
    title,
)
from synthetic.render_tab import cells, s2_lines

NOISE_CELLS = ("4年", "1", ", ,", "、", "l", "。")


def _spaced(word: str) -> str:
    """A header word OCR read across a line break: "社会公益 组织"."""
    return f"{word[:4]} {word[4:]}" if len(word) > 4 else word


def _group_cells(placements: list[Placement], labels: Labels) -> dict[str, str]:
    """First cells of the rows: 三、本年度办理结果 on its first row, each sub-group label split
    over the two middle rows of its group, as OCR reads a vertically centred merged cell.
    The second half of a split label is marked by a leading newline (no line may come between)."""
    out: dict[str, str] = {}
    for p in placements:
        if p.group == G_RESULTS and p.index == 0:
            out[p.row.key] = f"{G_RESULTS[:-2]} {G_RESULTS[-2:]}"
        elif p.group not in ("", G_RESULTS) and p.index == max(0, (p.size - 2) // 2):
            group = labels.group(p.group)
            out[p.row.key] = group[:-2]
            following = [q for q in placements if q.group == p.group and q.index == p.index + 1]
            if following:
                out[following[0].row.key] = "\n" + group[-2:]
    return out


def _fragment(rows: list[tuple[str, list[str]]], rng: random.Random) -> str:
    """A few earlier rows repeated with only their first four values."""
    start = rng.randint(0, max(0, len(rows) - 3))
    chosen = rows[start : start + rng.randint(3, 6)]
    return "   ".join(" ".join([label, *raws[:4]]) for label, raws in chosen)


def s3_lines(report: Report, labels: Labels, rng: random.Random) -> list[str]:
    """Table 三: the OCR header, then `first cell, label, seven values` per row, damaged."""
    cols = s3_column_labels(labels)
    out = [
        cells("", "申请人情况", [""] * 7),
        cells(labels.text(S3_NOTE), "", "", "法人或其他组织", [""] * 5),
        cells("", [_spaced(cols[k]) for k in cols], ""),
    ]
    placements = s3_placements(report)
    firsts = _group_cells(placements, labels)
    printed: list[tuple[str, list[str]]] = []
    fragment_at = rng.randint(8, len(placements) - 3)
    for i, p in enumerate(placements):
        label, raws = s3_row_label(p.row, labels), s3_raws(report, p.row.key)
        first = firsts.get(p.row.key, "")
        continues = first.startswith("\n")
        first = first.removeprefix("\n")
        if i >= fragment_at and not continues and fragment_at >= 0:
            fragment, fragment_at = _fragment(printed, rng), -1
            if first or rng.random() < 0.5:
                out.append(fragment)
            else:
                first = fragment
        if not first and rng.random() < 0.08:
            first = rng.choice(NOISE_CELLS)
        if not continues and rng.random() < 0.06:
            out.append(rng.choice(("", ", ,", cells("1", [""] * 8))))
        out.append(cells(first, label, raws))
        printed.append((label, raws))
    return out


def s4_lines(report: Report, labels: Labels) -> list[str]:
    """Table 四 with the first two result headers read as one cell."""
    results = [r.label for r in S4_RESULTS]
    results[-1] = labels.total_column
    return [
        cells("行政复议", [""] * 3, "行政诉讼", [""] * 10),
        cells(
            f"{results[0]} {results[1]}",
            results[2:],
            "未经复议直接起诉",
            [""] * 3,
            "复议后起诉",
            [""] * 6,
        ),
        cells([""] * 4, results, results, ""),
        cells(s4_raws(report)),
    ]


def _narrative(report: Report, key: SectionKey, labels: Labels, rng: random.Random) -> list[str]:
    bullets = key is SectionKey.PROBLEMS and rng.random() < 0.5
    out: list[str] = []
    for is_heading, line in narrative_lines(report, key):
        if not is_heading:
            out += [prose(line, labels), ""]
        elif bullets:
            out += [f"- {sub_heading(line, labels)}"]
        else:
            out += [f"{'#' * rng.choice((2, 2, 4))} {sub_heading(line, labels)}", ""]
    return out


def render_ocr(report: Report) -> str:
    """The whole report as OCR output of a tab-layout document."""
    rng = render_rng(report, "ocr")
    labels = choose_labels(rng, p_half_width=1.0)
    labels = replace(labels, straight_quotes=rng.random() < 0.7)
    out = [f"# {title(report)}", ""]
    for key in SECTION_ORDER:
        level = rng.choice((1, 2, 4)) if key is not SectionKey.OVERVIEW else 2
        out += [f"{'#' * level} {section_title(key)}", ""]
        if key is SectionKey.PROACTIVE:
            out += [*s2_lines(report, labels, rng.choice((4, 11))), ""]
        elif key is SectionKey.REQUESTS:
            out += [*s3_lines(report, labels, rng), ""]
        elif key is SectionKey.APPEALS:
            out += [*s4_lines(report, labels), ""]
        else:
            out += _narrative(report, key, labels, rng)
    return "\n".join(out).rstrip("\n") + "\n"
