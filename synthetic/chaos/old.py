"""PRE_2019: a report from before the 2019 template. Its figures are in the text and in a
free-form statistics table whose rows sound like the template's (行政复议数量, 收到申请数) but are
not its cells. The truth holds no cells: a parser must say the report predates the template,
never force these numbers into the schema."""

from __future__ import annotations

import random

from synthetic.chaos.context import Chaos
from synthetic.chaos.model import CellKind, Doc, GridCell, Role, Row, Table, TableName, Text
from synthetic.chaos.quirks import Quirk
from synthetic.layout import choose_labels

_SECTIONS = (
    "一、概述",
    "二、主动公开政府信息情况",
    "三、依申请公开政府信息情况",
    "四、政府信息公开的收费及减免情况",
    "五、因政府信息公开申请提起行政复议、行政诉讼的情况",
    "六、政府信息公开工作存在的主要问题及改进情况",
    "七、其他需要报告的事项",
)


def _figures(rng: random.Random) -> dict[str, int]:
    asked = rng.randint(0, 80)
    return {
        "published": rng.randint(50, 3000),
        "web": rng.randint(20, 2000),
        "asked": asked,
        "answered": asked,
        "granted": rng.randint(0, asked),
        "review": rng.randint(0, 5),
        "litigation": rng.randint(0, 3),
        "complaints": rng.randint(0, 4),
    }


def _row(*texts: str) -> Row:
    kinds = (CellKind.LABEL, CellKind.LABEL, CellKind.VALUE)
    return [GridCell(t, k) for t, k in zip(texts, kinds, strict=True)]


def _stats_table(f: dict[str, int]) -> Table:
    header: Row = [GridCell(t, CellKind.HEAD) for t in ("统计指标", "单位", "统计数")]
    rows = [
        header,
        _row("一、主动公开情况", "", ""),
        _row("（一）主动公开政府信息数", "条", str(f["published"])),
        _row("其中：通过政府网站公开数", "条", str(f["web"])),
        _row("二、依申请公开情况", "", ""),
        _row("（一）收到申请数", "件", str(f["asked"])),
        _row("（二）申请办结数", "件", str(f["answered"])),
        _row("1.按时办结数", "件", str(f["answered"])),
        _row("（三）申请答复数", "件", str(f["answered"])),
        _row("1.属于已主动公开范围数", "件", str(f["granted"])),
        _row("三、因政府信息公开申请行政复议数量", "件", str(f["review"])),
        _row("四、因政府信息公开申请行政诉讼数量", "件", str(f["litigation"])),
        _row("五、因政府信息公开申请举报投诉数量", "件", str(f["complaints"])),
        _row("六、依申请公开信息收取的费用", "万元", "0"),
    ]
    return Table(TableName.OTHER, rows, 1)


def pre_2019(ch: Chaos) -> None:
    """The record becomes a report of 2011-2018 with no template cells, and its document the
    old report shape."""
    rng, report = ch.rng, ch.report
    year = rng.randint(2011, 2018)
    agency = report.agency or ""
    report.year, report.format_version = year, None
    report.s2, report.s3, report.s4 = {}, {}, {}
    f = _figures(rng)
    texts = {
        0: f"{year}年，{agency}认真贯彻落实《中华人民共和国政府信息公开条例》，全年主动公开政府信息"
        f"{f['published']}条。",
        1: f"全年主动公开政府信息{f['published']}条，其中通过政府网站公开{f['web']}条。",
        2: f"全年共受理政府信息公开申请{f['asked']}件，均已按时答复，"
        f"其中予以公开{f['granted']}件。",
        3: "依申请提供政府信息未收取任何费用。",
        4: f"全年发生政府信息公开行政复议{f['review']}件、行政诉讼{f['litigation']}件。",
        5: "信息公开的及时性和规范性有待提高，下一步将加强培训。",
        6: "无。",
    }
    blocks: list[Text | Table] = [Text(f"{agency}{year}年政府信息公开工作年度报告", Role.TITLE)]
    for i, title in enumerate(_SECTIONS):
        blocks += [Text(title, Role.SECTION), Text(texts[i], Role.BODY)]
    at = rng.choice((3, 5, len(blocks)))
    stats = [Text("附表：政府信息公开情况统计表", Role.SUB), _stats_table(f)]
    blocks[at:at] = stats
    ch.doc = Doc(report, list(blocks), choose_labels(rng, p_half_width=0.0))
    ch.note(Quirk.PRE_2019, f"a report on {year}")
