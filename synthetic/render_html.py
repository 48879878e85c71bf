"""Render a Report as the government web page it would be published on.

The report sits in a site frame (header, menu, breadcrumb, left column of links to other years'
reports, share bar, footer, scripts: everything a reader must drop) and its three tables are
marked up the way the national template is, merged cells included: table 三's three header rows
under a rowspan=3 colspan=3 note, 三、本年度办理结果 spanning every outcome row, table 四's
行政复议 / 行政诉讼 header blocks, table 二's 第二十条 blocks with colspan=3 value cells.
Markup choices (th or td, Word-export cell markup, &nbsp; blanks, one table or one per block for
二, heading tags, <br> paragraphs, the page layout) are fixed by the report id.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from html import escape

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
    sub_heading,
    title,
    version,
)

ENCODINGS = ("utf-8", "gbk", "gb18030", "utf-16")
_ORGANISATIONS = ("commercial", "research", "social_org", "legal_service", "other")
_HAN_PAIR = re.compile(r"(?<=[\u4e00-\u9fff])(?=[\u4e00-\u9fff])")


@dataclass(frozen=True)
class Span:
    """One printed cell of a table with merged cells."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False


Rows = list[list[Span]]


@dataclass(frozen=True)
class Markup:
    """How one page marks its report up."""

    labels: Labels
    header_tag: str  # "th" or "td" for header cells
    cell: str  # "plain" | "p" | "span" | "word" (Word-export <p class=MsoNormal><span>)
    blank: str  # how an empty cell is written: "", "&nbsp;", " "
    padded: bool  # newlines and indentation around cell text
    thead: bool  # header rows inside <thead>
    split_s2: bool  # one <table> per 第二十条 block
    break_labels: bool  # long row labels broken with <br>
    heading: str  # "strong" | "h3" | "bold_div" | "mixed"
    indent: str  # paragraph indentation: "", "　　", "&nbsp;" * 4
    br_paragraphs: bool  # some paragraphs joined to the previous one by <br>
    wrap: bool  # paragraph source wrapped across lines between two Chinese characters
    title_inside: bool  # title (and publication info) inside the content block
    frame: str  # "divs" | "tables" | "semantic"


def choose_markup(rng: random.Random) -> Markup:
    """One page's markup choices (the rng is seeded by the report id)."""
    return Markup(
        labels=choose_labels(rng, p_half_width=0.3),
        header_tag=rng.choice(("th", "td", "td")),
        cell=rng.choice(("plain", "plain", "p", "span", "word")),
        blank=rng.choice(("", "", "&nbsp;", " ")),
        padded=rng.random() < 0.4,
        thead=rng.random() < 0.3,
        split_s2=rng.random() < 0.5,
        break_labels=rng.random() < 0.3,
        heading=rng.choice(("strong", "h3", "bold_div", "mixed")),
        indent=rng.choice(("", "　　", "&nbsp;" * 4)),
        br_paragraphs=rng.random() < 0.5,
        wrap=rng.random() < 0.4,
        title_inside=rng.random() < 0.3,
        frame=rng.choice(("divs", "tables", "semantic")),
    )


# ---------------------------------------------------------------- the three tables as spans


def s2_tables(report: Report, labels: Labels) -> list[Rows]:
    """Table 二, one list of rows per 第二十条 block; value cells fill four columns."""
    out: list[Rows] = []
    for block, fields, rows in s2_blocks(version(report)):
        widths = [1] * (len(fields) - 1) + [4 - len(fields)]
        head = [Span(h, 1, w, True) for h, w in zip(s2_header(fields, labels), widths, strict=True)]
        table: Rows = [
            [Span(labels.text(block), 1, 4, True)],
            [Span("信息内容", header=True), *head],
        ]
        for row in rows:
            values = [Span(v, 1, w) for v, w in zip(s2_raws(report, row), widths, strict=True)]
            table.append([Span(labels.text(row.label)), *values])
        out.append(table)
    return out


def s3_table(report: Report, labels: Labels) -> Rows:
    """Table 三 as the template prints it: 3 header rows, then one row per template row."""
    cols = s3_column_labels(labels)
    rows: Rows = [
        [Span(labels.text(S3_NOTE), 3, 3, True), Span("申请人情况", 1, 7, True)],
        [
            Span(cols["natural_person"], 2, 1, True),
            Span("法人或其他组织", 1, 5, True),
            Span(cols["total"], 2, 1, True),
        ],
        [Span(cols[k], header=True) for k in _ORGANISATIONS],
    ]
    placements = s3_placements(report)
    in_results = sum(1 for p in placements if p.group)
    first_result = next(p.row.key for p in placements if p.group)
    for p in placements:
        label = s3_row_label(p.row, labels)
        values = [Span(v) for v in s3_raws(report, p.row.key)]
        if not p.group:
            rows.append([Span(label, 1, 3), *values])
            continue
        lead = [Span(G_RESULTS, in_results, 1)] if p.row.key == first_result else []
        if p.group == G_RESULTS:
            rows.append([*lead, Span(label, 1, 2), *values])
        elif p.index == 0:
            rows.append([*lead, Span(labels.group(p.group), p.size, 1), Span(label), *values])
        else:
            rows.append([*lead, Span(label), *values])
    return rows


def s4_table(report: Report, labels: Labels) -> Rows:
    """Table 四: 行政复议 (5 columns) and 行政诉讼 (10) over their result columns, 15 values."""
    results = [r.label for r in S4_RESULTS[:-1]] + [labels.total_column]
    return [
        [Span("行政复议", 1, 5, True), Span("行政诉讼", 1, 10, True)],
        [
            *(Span(r, 2, 1, True) for r in results),
            Span("未经复议直接起诉", 1, 5, True),
            Span("复议后起诉", 1, 5, True),
        ],
        [Span(r, header=True) for r in results * 2],
        [Span(v) for v in s4_raws(report)],
    ]


# ---------------------------------------------------------------- table markup


def _cell_content(text: str, m: Markup, rng: random.Random) -> str:
    if not text:
        inner = m.blank
    else:
        inner = escape(text)
        if m.break_labels and len(text) > 14 and "（" in text[3:]:
            at = text.index("（", 3)
            inner = escape(text[:at]) + "<br>" + escape(text[at:])
    if m.cell == "p":
        inner = f"<p>{inner}</p>"
    elif m.cell == "span" and text:
        inner = f'<span style="font-size:14px">{inner}</span>'
    elif m.cell == "word":
        inner = inner or "<o:p>&nbsp;</o:p>"
        inner = (
            '<p class="MsoNormal" align="center" style="text-align:center">'
            f'<span lang="EN-US" style="font-size:10.5pt;font-family:宋体">{inner}</span></p>'
        )
    if m.padded and rng.random() < 0.5:
        inner = f"\n\t\t\t\t{inner}\n\t\t\t"
    return inner


def _cell(span: Span, m: Markup, rng: random.Random) -> str:
    tag = m.header_tag if span.header else "td"
    attrs = ""
    if span.rowspan > 1:
        attrs += f' rowspan="{span.rowspan}"'
    if span.colspan > 1:
        attrs += f' colspan="{span.colspan}"'
    if m.cell == "word":
        attrs += ' valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"'
    elif rng.random() < 0.2:
        attrs += f' width="{rng.choice((60, 72, 90, 120))}" align="center"'
    return f"<{tag}{attrs}>{_cell_content(span.text, m, rng)}</{tag}>"


def table_html(rows: Rows, m: Markup, rng: random.Random, header_rows: int) -> str:
    """A <table> with the rows' merged cells; header rows in <thead> when the page does that."""
    style = ' style="border-collapse:collapse;margin:0 auto"' if rng.random() < 0.5 else ""
    out = [f'<table border="1" cellspacing="0" cellpadding="0" width="100%"{style}>']
    body = [f"<tr>{''.join(_cell(s, m, rng) for s in row)}</tr>" for row in rows]
    if m.thead and header_rows:
        out += ["<thead>", *body[:header_rows], "</thead>", "<tbody>", *body[header_rows:]]
        out.append("</tbody>")
    else:
        out += ["<tbody>", *body, "</tbody>"] if rng.random() < 0.5 else body
    return "\n".join([*out, "</table>"])


# ---------------------------------------------------------------- narrative


def _wrapped(text: str, rng: random.Random) -> str:
    """Paragraph source broken across lines between two Chinese characters, as CMS editors do."""
    out, last = [], 0
    for m in _HAN_PAIR.finditer(text):
        if m.start() - last > 30 and rng.random() < 0.2:
            out.append(escape(text[last : m.start()]) + "\n      ")
            last = m.start()
    return "".join(out) + escape(text[last:])


def _inline(text: str, rng: random.Random, wrap: bool) -> str:
    """Paragraph text, sometimes with a run of it inside <span>/<strong> (inline: same line)."""
    if len(text) > 20 and rng.random() < 0.3:
        a = rng.randrange(0, len(text) // 2)
        b = a + rng.randrange(2, 10)
        tag = rng.choice(("strong", "span", "font"))
        inner = f"<{tag}>{escape(text[a:b])}</{tag}>"
        return _inline(text[:a], rng, wrap) + inner + _inline(text[b:], rng, wrap)
    return _wrapped(text, rng) if wrap else escape(text)


def _heading(text: str, m: Markup, rng: random.Random, level: int) -> str:
    style = m.heading if m.heading != "mixed" else rng.choice(("strong", "h3", "bold_div"))
    if style == "h3":
        return f"<h{level}>{escape(text)}</h{level}>"
    if style == "bold_div":
        return f'<div class="title{level}"><span><b>{escape(text)}</b></span></div>'
    return f'<p style="text-indent:2em"><strong>{escape(text)}</strong></p>'


def _paragraphs(texts: list[str], m: Markup, rng: random.Random) -> list[str]:
    """Paragraphs as <p> or <div>; with `br_paragraphs` some share a <p>, split by <br>."""
    out: list[str] = []
    for text in texts:
        body = m.indent + _inline(text, rng, m.wrap)
        if m.br_paragraphs and out and out[-1].startswith("<p>") and rng.random() < 0.4:
            out[-1] = out[-1][: -len("</p>")] + rng.choice(("<br>", "<br/>\n", "<br />")) + body
            out[-1] += "</p>"
        elif rng.random() < 0.15:
            out.append(f'<div style="line-height:2">{body}</div>')
        else:
            out.append(f"<p>{body}</p>")
    return out


def narrative_html(report: Report, key: SectionKey, m: Markup, rng: random.Random) -> list[str]:
    """A narrative section: paragraphs, sub-headings ("（一）…") marked up like titles."""
    out: list[str] = []
    pending: list[str] = []
    for is_heading, line in narrative_lines(report, key):
        if is_heading:
            out += _paragraphs(pending, m, rng)
            pending = []
            out.append(_heading(sub_heading(line, m.labels), m, rng, 4))
        else:
            pending.append(prose(line, m.labels))
    return out + _paragraphs(pending, m, rng)


def report_html(report: Report, m: Markup, rng: random.Random) -> list[str]:
    """The report itself: six titled sections, tables in 二, 三 and 四."""
    out: list[str] = []
    if rng.random() < 0.5:
        out.append("<p>本报告根据《中华人民共和国政府信息公开条例》和有关规定编制。</p>")
    for key in SECTION_ORDER:
        out.append(_heading(section_title(key), m, rng, 3))
        if key is SectionKey.PROACTIVE:
            tables = s2_tables(report, m.labels)
            if not m.split_s2:
                tables = [[row for t in tables for row in t]]
            out += [table_html(t, m, rng, 0) for t in tables]
        elif key is SectionKey.REQUESTS:
            out.append(table_html(s3_table(report, m.labels), m, rng, 3))
        elif key is SectionKey.APPEALS:
            out.append(table_html(s4_table(report, m.labels), m, rng, 3))
        else:
            out += narrative_html(report, key, m, rng)
    return out


# ---------------------------------------------------------------- the page around it


def _page_info(report: Report, rng: random.Random) -> str:
    date = f"{(report.year or 2023) + 1}-01-{rng.randint(10, 31):02d}"
    return (
        f'<div class="article-info"><span>发布时间：{date}</span> <span>来源：{report.agency}'
        f'</span> <span>浏览次数：<span id="hits">{rng.randint(20, 3000)}</span></span> '
        "<span>【字体：<a>大</a> <a>中</a> <a>小</a>】</span></div>"
    )


def _chrome_parts(report: Report, rng: random.Random) -> dict[str, str]:
    site = f"{report.region}人民政府"
    year = report.year or 2023
    links = "".join(
        f'<li><a href="/zfxxgk/{y}.html">{report.agency}{y}年政府信息公开工作年度报告</a></li>'
        for y in range(year - 1, year - 4, -1)
    )
    menu = "".join(
        f'<li><a href="/{i}/">{w}</a></li>'
        for i, w in enumerate(("首页", "政务公开", "政务服务", "互动交流", f"走进{report.region}"))
    )
    return {
        "top": f'<div class="topbar">今天是{year + 1}年1月20日 <a href="/wza/">无障碍</a></div>'
        f'<div class="logo"><h1 class="site-name">{site}门户网站</h1></div>'
        '<form class="search"><input name="q" placeholder="请输入关键字">'
        "<button>搜索</button></form>",
        "menu": f"<ul>{menu}</ul>",
        "crumb": '当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; '
        '<a href="/zfxxgk/">政府信息公开年报</a>',
        "left": f"<h3>政府信息公开年报</h3><ul>{links}</ul>",
        "share": '分享到：<a href="#">微信</a> <a href="#">微博</a> '
        "<a>【打印本页】</a> <a>【关闭窗口】</a>",
        "foot": f'<p><a href="/map/">网站地图</a> | <a href="/lxwm/">联系我们</a></p>'
        f"<p>版权所有：{site} 主办：{site}办公室 联系电话：0371-{rng.randint(1000000, 9999999)}</p>"
        f"<p>备案号：豫ICP备{rng.randint(10000000, 99999999)}号 "
        f"网站标识码：4100000{rng.randint(10, 99)}</p>",
    }


_SCRIPT = """<script type="text/javascript">
var _hmt = _hmt || []; var title = "页面加载中，请稍候";
$(function () { $(".nav li").hover(function () { $(this).addClass("on"); }); });
document.write("<span>欢迎访问本网站</span>");
</script>"""
_STYLE = (
    "<style>body{font:14px/1.8 'Microsoft YaHei'}.nav li{float:left}.footer{color:#666}</style>"
)


def _frame(report: Report, m: Markup, rng: random.Random, article: str) -> str:
    """The body of a page in one of three site layouts, with `article` in its content area."""
    c = _chrome_parts(report, rng)
    if m.frame == "tables":  # an old CMS: layout tables, class names that say nothing
        return (
            f'<table width="1000" align="center"><tr><td class="top">{c["top"]}</td></tr>'
            f'<tr><td class="lm">{c["menu"]}</td></tr></table>'
            '<table width="1000" align="center"><tr>'
            f'<td width="240" valign="top" class="l">{c["left"]}</td>'
            f'<td valign="top"><div class="dqwz">{c["crumb"]}</div>{article}'
            f'<div class="fx">{c["share"]}</div></td></tr></table>'
            f'<table width="1000" align="center"><tr><td class="bot">{c["foot"]}</td></tr></table>'
        )
    if m.frame == "semantic":
        return (
            f"<header>{c['top']}<nav>{c['menu']}</nav></header>"
            f'<div class="container"><aside>{c["left"]}</aside><main>'
            f'<nav class="breadcrumb">{c["crumb"]}</nav><article>{article}</article></main>'
            f"</div><footer>{c['foot']}</footer>"
        )
    return (
        f'<div class="header">{c["top"]}</div><div class="nav">{c["menu"]}</div>'
        f'<div class="main w1200"><div class="left-col">{c["left"]}</div>'
        f'<div class="right-col"><div class="breadcrumb">{c["crumb"]}</div>{article}'
        f'<div class="share">{c["share"]}</div></div></div>'
        f'<div class="footer">{c["foot"]}</div>'
    )


def _article(report: Report, m: Markup, rng: random.Random, chrome: bool) -> str:
    """Title, publication info and the report's content block."""
    head = rng.choice(("h1", "div", "h2"))
    cls = ' class="article-title"' if head == "div" else ' class="title"'
    title_html = f"<{head}{cls}>{escape(title(report))}</{head}>"
    info = _page_info(report, rng) if chrome else ""
    body = "\n".join(report_html(report, m, rng))
    content_id = rng.choice(('id="zoom"', 'class="TRS_Editor"', 'class="article-content"'))
    if "TRS" in content_id:  # this CMS puts its editor's style sheet inside the content
        body = '<style type="text/css">.TRS_Editor P{margin-top:0;font-size:12pt}</style>\n' + body
    if m.title_inside:
        return f"<div {content_id}>\n{title_html}\n{info}\n{body}\n</div>"
    return f"{title_html}\n{info}\n<div {content_id}>\n{body}\n</div>"


def _declaration(encoding: str, rng: random.Random) -> str:
    if encoding == "gbk" and rng.random() < 0.5:
        encoding = "gb2312"  # sites declare the older name and write GBK characters anyway
    if rng.random() < 0.5:
        return f'<meta charset="{encoding}">'
    return f'<meta http-equiv="Content-Type" content="text/html; charset={encoding}">'


def render_html(
    report: Report, *, encoding: str = "utf-8", chrome: bool = True, declare_charset: bool = True
) -> bytes:
    """The report as a web page in `encoding` ("utf-8", "gbk", "gb18030", "utf-16").

    `chrome` puts it in a site frame; `declare_charset=False` leaves out every charset
    declaration, so a reader has to detect the encoding.
    """
    if encoding not in ENCODINGS:
        raise ValueError(f"encoding must be one of {ENCODINGS}, got {encoding!r}")
    rng = render_rng(report, "html")
    m = choose_markup(rng)
    article = _article(report, m, rng, chrome)
    body = _frame(report, m, rng, article) + _SCRIPT if chrome else article
    meta = _declaration(encoding, rng) if declare_charset else ""
    site = f"_{report.region}人民政府" if chrome else ""
    page = (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n'
        f"{meta}\n<title>{escape(title(report))}{site}</title>\n"
        f"{_STYLE + _SCRIPT if chrome else ''}\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )
    return page.encode(encoding, errors="xmlcharrefreplace")
