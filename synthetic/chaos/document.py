"""DOCUMENT quirks: the file around the tables. Titles missing or without the county, section
numbering lost or restarted, the problems section retitled or folded into subsections, site
navigation around the body, page footers wherever a page ends, crawler dumps, Word's HTML and
pages that carry the report inside a JavaScript string.
"""

from __future__ import annotations

import random
import re

from ingest.template import SectionKey
from synthetic.chaos.context import Chaos
from synthetic.chaos.model import (
    Block,
    Doc,
    PageBreak,
    Role,
    Table,
    TableName,
    Text,
    split_table,
)
from synthetic.chaos.quirks import ChaosFormat, Quirk
from synthetic.chaos.tables import biggest

_NUMERAL = re.compile(r"^[一二三四五六七八九十]+、\s*")


def _section(doc: Doc, key: SectionKey) -> Text | None:
    return next((t for t in doc.texts(Role.SECTION) if t.section is key), None)


# ---------------------------------------------------------------- titles


def no_title(ch: Chaos) -> None:
    """The title line left out (the page title carried it)."""
    titles = ch.document.texts(Role.TITLE)
    for t in titles:
        ch.document.blocks.remove(t)
    ch.note(Quirk.NO_TITLE, f"{len(titles)} title lines removed")


def _stamp(ch: Chaos) -> Text:
    report = ch.report
    year = (report.year or 2023) + 1
    date = f"{year}年{ch.rng.randint(1, 3)}月{ch.rng.randint(1, 28)}日"
    return Text(f"{report.agency}\n{date}", Role.STAMP)


def title_without_county(ch: Chaos) -> None:
    """A title that leaves the region out; the agency is only in the text or a stamp line."""
    doc, rng, report = ch.document, ch.rng, ch.report
    agency, region, year = report.agency or "", report.region or "", report.year
    short = agency.removeprefix(region) if agency.startswith(region) else agency
    variant = rng.choice(("short", "year_only", "two_lines"))
    titles = doc.texts(Role.TITLE)
    if not titles:
        return
    at = doc.blocks.index(titles[0])
    if variant == "two_lines":
        doc.blocks[at : at + 1] = [
            Text(short, Role.TITLE),
            Text(f"{year} 年政府信息公开工作年度报告", Role.TITLE),
        ]
    else:
        who = short if variant == "short" else ""
        titles[0].text = f"{who}{year}年政府信息公开工作年度报告"
    if variant != "two_lines" and rng.random() < 0.5:
        preface = f"本报告由{agency}根据《中华人民共和国政府信息公开条例》要求编制。"
        doc.blocks.insert(at + 1, Text(preface, Role.BODY, SectionKey.PREFACE))
    doc.blocks.append(_stamp(ch))
    ch.note(Quirk.TITLE_WITHOUT_COUNTY, f"{variant}: {short!r}")


# ---------------------------------------------------------------- section numbering


_PROBLEM_TITLES = (
    "存在的主要问题及整改措施",
    "存在的主要问题及改进情况",
    "政府信息公开工作存在的主要问题及改进情况",
    "存在的主要问题和改进措施",
    "工作中存在的不足及改进措施",
)


def problems_title(ch: Chaos) -> None:
    """五 titled otherwise, or its problems a subsection that follows the improvements."""
    doc, rng = ch.document, ch.rng
    heading = _section(doc, SectionKey.PROBLEMS)
    if heading is None:
        return
    variant = rng.choice(("retitle", "retitle", "subsection"))
    if variant == "retitle":
        heading.text = "五、" + rng.choice(_PROBLEM_TITLES)
        ch.note(Quirk.PROBLEMS_TITLE, heading.text)
        return
    start, stop = doc.section_range(SectionKey.PROBLEMS)
    body = doc.blocks[start:stop]
    subs = [i for i, b in enumerate(body) if isinstance(b, Text) and b.role is Role.SUB]
    problems, improvements = (body[: subs[1]], body[subs[1] :]) if len(subs) >= 2 else (body, [])
    for block in improvements[:1]:
        if isinstance(block, Text):
            block.text = "（一）改进情况"
    if problems and isinstance(problems[0], Text) and problems[0].role is Role.SUB:
        problems[0].text = "（二）存在的问题"
    else:
        problems.insert(0, Text("（二）存在的问题", Role.SUB, SectionKey.PROBLEMS))
    doc.blocks[start:stop] = improvements + problems
    new_title = rng.choice(("五、政府信息公开工作改进情况", "五、下一步工作打算", None))
    if new_title is None:
        doc.blocks.remove(heading)
    else:
        heading.text = new_title
    ch.note(Quirk.PROBLEMS_TITLE, f"subsection after improvements, section title {new_title}")


def lost_numbering(ch: Chaos) -> None:
    """Section numbering lost, restarted or skipped; or 五's title missing altogether."""
    doc, rng = ch.document, ch.rng
    titles = doc.texts(Role.SECTION)
    variant = rng.choice(("no_five", "no_five", "no_numerals", "restart", "arabic", "skip"))
    if variant == "no_five":
        five = _section(doc, SectionKey.PROBLEMS)
        if five is not None:
            doc.blocks.remove(five)
    for i, t in enumerate(titles):
        rest = _NUMERAL.sub("", t.text)
        if variant == "no_numerals":
            t.text = rest
        elif variant == "arabic":
            t.text = f"{i + 1}{rng.choice(('、', '.', '. '))}{rest}"
        elif variant == "restart" and t.section in (SectionKey.PROBLEMS, SectionKey.OTHER):
            t.text = ("一、" if t.section is SectionKey.PROBLEMS else "二、") + rest
        elif variant == "skip" and t.section in (SectionKey.PROBLEMS, SectionKey.OTHER):
            t.text = ("六、" if t.section is SectionKey.PROBLEMS else "七、") + rest
    ch.note(Quirk.LOST_NUMBERING, variant)


# ---------------------------------------------------------------- around the body


def _nav_lines(ch: Chaos) -> tuple[list[str], list[str]]:
    report, rng = ch.report, ch.rng
    agency, region = report.agency or "", report.region or ""
    year = report.year or 2023
    date = f"{year + 1}-01-{rng.randint(10, 31):02d}"
    before = [
        f"{region}人民政府门户网站 今天是{year + 1}年1月{rng.randint(2, 28)}日",
        f"首页 | 政务公开 | 政务服务 | 互动交流 | 走进{region} | 专题专栏",
        f"当前位置：首页 > 政务公开 > 政府信息公开年报 > {agency}",
        f"信息索引号：{rng.randint(10**9, 10**10 - 1)}/{year + 1}-{rng.randint(1, 99999):05d} "
        f"发布机构：{agency} 生成日期：{date}",
        f"发布时间：{date} {rng.randint(8, 18):02d}:{rng.randint(0, 59):02d} 来源：{agency} "
        f"浏览次数：{rng.randint(20, 9999)} 【字体：大 中 小】",
    ]
    after = [
        "【打印本页】 【关闭窗口】 扫一扫在手机打开当前页",
        f"相关附件：{agency}{year}年政府信息公开工作年度报告.pdf",
        f"上一篇：{region}教育局{year}年政府信息公开工作年度报告",
        f"下一篇：{agency}{year - 1}年政府信息公开工作年度报告",
        "网站地图 | 联系我们 | 使用帮助 | 隐私声明",
        f"主办：{region}人民政府办公室 "
        f"联系电话：0{rng.randint(300, 999)}-{rng.randint(10**7, 10**8 - 1)}",
        f"网站标识码：{rng.randint(10**9, 10**10 - 1)} ICP备{rng.randint(10**7, 10**8 - 1)}号-1 "
        f"公网安备 {rng.randint(10**13, 10**14 - 1)}号",
    ]
    return _some(before, rng), _some(after, rng)


def _some(lines: list[str], rng: random.Random) -> list[str]:
    return [line for line in lines if rng.random() < 0.7] or lines[:1]


def nav_junk(ch: Chaos) -> None:
    """Site navigation before the title and after the body (menus, breadcrumbs, links to other
    reports, the site's footer with its registration numbers)."""
    doc = ch.document
    before, after = _nav_lines(ch)
    doc.blocks[0:0] = [Text(line, Role.JUNK) for line in before]
    doc.blocks += [Text(line, Role.JUNK) for line in after]
    doc.output.nav_frame = True
    ch.note(Quirk.NAV_JUNK, f"{len(before)} lines before, {len(after)} after")


FOOTERS = ("- {n} -", "-{n}-", "— {n} —", "第 {n} 页 共 {total} 页", "第{n}页", "{n}", "第 {n} 页")


def _lines(block: Block, width: int) -> int:
    if isinstance(block, Text):
        return 1 + len(block.text) // width
    if isinstance(block, Table):
        return sum(1 + sum(c.text.count("\n") for c in r if c) for r in block.rows)
    return 0


def _cut(block: Block, room: int, width: int, rng: random.Random) -> tuple[Block | None, Block]:
    """`block` cut where the page ends (`room` lines left): a paragraph mid-sentence, a table
    between two rows; headings move to the next page whole."""
    if isinstance(block, Text) and block.role is Role.BODY and room > 1 and len(block.text) > 1:
        at = min(len(block.text) - 1, max(1, (room - 1) * width + rng.randint(0, width - 1)))
        head, tail = block.text[:at], block.text[at:]
        return Text(head, block.role, block.section), Text(tail, block.role, block.section)
    if isinstance(block, Table) and room > block.header_rows:
        at = min(len(block.rows) - 1, room)
        if at > block.header_rows:
            return split_table(block, at, header=False, carry=rng.random() < 0.5)
    return None, block


def paginate(doc: Doc, rng: random.Random) -> int:
    """Page breaks where pages of 22-36 lines would end; returns how many were added."""
    width = rng.randint(28, 40)
    queue, out = list(doc.blocks), []
    room, added = rng.randint(22, 36), 0
    while queue:
        block = queue.pop(0)
        cost = _lines(block, width)
        if isinstance(block, PageBreak) or cost <= room:
            out.append(block)
            room = rng.randint(22, 36) if isinstance(block, PageBreak) else room - cost
            continue
        first, rest = _cut(block, room, width, rng)
        out += [first, PageBreak()] if first is not None else [PageBreak()]
        queue.insert(0, rest)
        room, added = rng.randint(22, 36), added + 1
    doc.blocks = out
    return added


def page_footers(ch: Chaos) -> None:
    """Page footers ("- 5 -", "第 3 页 共 6 页") wherever a page ends: mid-sentence, between
    table rows. In a PDF they sit at each page's foot, with a table cut by a page end."""
    doc, rng = ch.document, ch.rng
    doc.output.footer = rng.choice(FOOTERS)
    if ch.fmt is ChaosFormat.PDF:
        table = biggest(doc, rng.choice((TableName.S3, TableName.S3, TableName.S2)))
        if table is not None and len(table.rows) > table.header_rows + 1:
            at = rng.randint(table.header_rows + 1, len(table.rows) - 1)
            first, second = split_table(table, at, header=False, carry=rng.random() < 0.5)
            at_block = doc.blocks.index(table)
            doc.blocks[at_block : at_block + 1] = [first, PageBreak(), second]
        ch.note(Quirk.PAGE_FOOTERS, f"{doc.output.footer!r} at page feet")
        return
    added = paginate(doc, rng)
    ch.note(Quirk.PAGE_FOOTERS, f"{doc.output.footer!r}, {added} page ends")


def crawler_dump(ch: Chaos) -> None:
    """A crawler's dump: 标题:/发布时间:/原文链接: lines, a 正文 rule, the body on one line."""
    doc, rng = ch.document, ch.rng
    doc.output.crawler_header = True
    doc.output.one_line = True
    if ch.fmt is not ChaosFormat.TAB or rng.random() < 0.5:
        for table in doc.tables():
            table.joiner = table.joiner if table.joiner is not None else rng.choice(("", " "))
            table.gap = rng.choice(("", " ", None))
    ch.note(Quirk.CRAWLER_DUMP, f"one line, joiners {[t.joiner for t in doc.tables()]}")


def word_html(ch: Chaos) -> None:
    """Word's "save as web page": span/font runs, o:p, mso- styles, ghost rows."""
    ch.document.output.word_html = True
    ch.note(Quirk.WORD_HTML, "Word markup")


def js_embedded(ch: Chaos) -> None:
    """The report as a JavaScript string that an unrelated page writes into a div."""
    ch.document.output.js_embedded = True
    ch.note(Quirk.JS_EMBEDDED, "in a script")
