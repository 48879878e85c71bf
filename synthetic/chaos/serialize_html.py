"""The chaos document as a web page: plain markup, Word's "save as web page" markup, inside a
site's frame of menus, or carried in a JavaScript string of an unrelated page."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from html import escape

from synthetic.chaos.model import Doc, GridCell, PageBreak, Role, Table, Text

# ---------------------------------------------------------------- plain markup


@dataclass(frozen=True)
class _Markup:
    header_tag: str
    blank: str
    heading: str
    word: bool
    indent: str  # typed before each paragraph: "", "&nbsp;" * 4, "　　"


def _esc(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def _runs(text: str, rng: random.Random) -> str:
    """Word's text runs: the text cut into pieces, each in its own <span> (digits included)."""
    if len(text) < 2 or rng.random() < 0.4:
        return _esc(text)
    cuts = sorted(rng.sample(range(1, len(text)), min(len(text) - 1, rng.randint(1, 3))))
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    out = []
    for piece in pieces:
        font = "'Times New Roman'" if piece.strip().isdigit() else "宋体"
        tag = rng.choice(("span", "span", "font"))
        if tag == "font":
            out.append(f'<font face="{font}">{_esc(piece)}</font>')
        else:
            out.append(
                f"<span lang=EN-US style='font-size:10.0pt;font-family:{font}'>{_esc(piece)}</span>"
            )
    return "".join(out)


_WORD_TD = (
    "valign=center style='width:{w}pt;border:solid windowtext 1.0pt;border-top:none;"
    "mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt;height:{h}pt'"
)
_WORD_P = "<p class=MsoNormal align=center style='text-align:center;mso-pagination:widow-orphan'>"
_WORD_SPAN = (
    "<span style='font-size:10.0pt;font-family:宋体;mso-bidi-font-family:宋体;color:black;"
    "mso-font-kerning:0pt'>"
)


def _cell(cell: GridCell, header: bool, m: _Markup, rng: random.Random) -> str:
    attrs = ""
    if cell.rows > 1:
        attrs += f" rowspan={cell.rows}" if m.word else f' rowspan="{cell.rows}"'
    if cell.cols > 1:
        attrs += f" colspan={cell.cols}" if m.word else f' colspan="{cell.cols}"'
    if m.word:
        style = _WORD_TD.format(w=rng.choice((28.3, 31.5, 56.0)), h=rng.choice((15.0, 20.25)))
        inner = _runs(cell.text, rng) if cell.text else "<o:p>&nbsp;</o:p>"
        body = f"{_WORD_P}{_WORD_SPAN}{inner}<span lang=EN-US><o:p></o:p></span></span></p>"
        return f"<td width={rng.randint(30, 90)}{attrs} {style}>{body}</td>"
    tag = m.header_tag if header else "td"
    inner = _esc(cell.text) if cell.text else m.blank
    return f"<{tag}{attrs}>{inner}</{tag}>"


def table_html(table: Table, m: _Markup, rng: random.Random) -> str:
    """One table with its merges as rowspan/colspan, plain or as Word writes it."""
    if m.word:
        head = (
            "<table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0 width=614 "
            "style='width:460.5pt;border-collapse:collapse;mso-table-layout-alt:fixed;"
            "border:none;mso-border-alt:solid windowtext .5pt;mso-yfti-tbllook:1184'>"
        )
    else:
        head = '<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse">'
    rows = []
    for r, row in enumerate(table.rows):
        cells = "".join(_cell(c, r < table.header_rows, m, rng) for c in row if c is not None)
        attrs = f" style='mso-yfti-irow:{r};height:20.25pt'" if m.word else ""
        rows.append(f"<tr{attrs}>{cells}</tr>")
    if m.word:
        ghosts = "".join(
            f"<td width={rng.randint(30, 90)} style='border:none'></td>" for _ in range(table.width)
        )
        rows.append(f"<![if !supportMisalignedColumns]><tr height=0>{ghosts}</tr><![endif]>")
    return "\n".join([head, "<tbody>", *rows, "</tbody>", "</table>"])


def _text_html(block: Text, m: _Markup, rng: random.Random) -> str:
    if m.word:
        size = "16.0pt" if block.role in (Role.TITLE, Role.SECTION) else "14.0pt"
        font = "黑体" if block.role in (Role.TITLE, Role.SECTION, Role.SUB) else "仿宋_GB2312"
        inner = _runs(block.text, rng)
        if block.role is not Role.BODY:
            inner = f"<b>{inner}</b>"
        indent = "text-indent:32.0pt;mso-char-indent-count:2.0;" if block.role is Role.BODY else ""
        return (
            f"<p class=MsoNormal style='{indent}line-height:28.0pt;mso-line-height-rule:exactly'>"
            f"<span style='font-size:{size};font-family:{font};mso-hansi-font-family:宋体'>{inner}"
            "<span lang=EN-US><o:p></o:p></span></span></p>"
        )
    text = _esc(block.text)
    if block.role is Role.TITLE:
        return f"<h1>{text}</h1>"
    if block.role is Role.SECTION:
        if m.heading == "h3":
            return f"<h3>{text}</h3>"
        return f"<p><strong>{text}</strong></p>"
    if block.role is Role.SUB:
        return f"<p><b>{text}</b></p>"
    if block.role is Role.STAMP:
        return f'<p style="text-align:right">{text}</p>'
    return f"<p>{m.indent}{text}</p>"


def _page_break(doc: Doc, page: int, total: int, m: _Markup) -> str:
    if doc.output.footer:
        return f'<p align="center">{escape(doc.output.footer.format(n=page, total=total))}</p>'
    if m.word:
        return "<br clear=all style='mso-special-character:line-break;page-break-before:always'>"
    return '<p style="page-break-after:always"></p>'


def _junk_html(lines: list[str], rng: random.Random) -> str:
    """Navigation as sites mark it up: link lists, a breadcrumb, an info bar."""
    out = []
    for line in lines:
        parts = [p for p in line.replace(">", "|").split("|") if p.strip()]
        if len(parts) > 2 and rng.random() < 0.7:
            items = "".join(
                f'<li><a href="/{i}/">{escape(p.strip())}</a></li>' for i, p in enumerate(parts)
            )
            out.append(f'<ul class="nav">{items}</ul>')
        else:
            out.append(f'<div class="info">{escape(line)}</div>')
    return "\n".join(out)


def article_html(doc: Doc, m: _Markup, rng: random.Random) -> tuple[str, str, str]:
    """(navigation before, the report, navigation after) as HTML."""
    total = sum(isinstance(b, PageBreak) for b in doc.blocks) + 1
    page = 1
    before: list[str] = []
    after: list[str] = []
    body: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Text) and block.role is Role.JUNK:
            (after if body else before).append(block.text)
        elif isinstance(block, PageBreak):
            body.append(_page_break(doc, page, total, m))
            page += 1
        elif isinstance(block, Table):
            body.append(table_html(block, m, rng))
        else:
            body.append(_text_html(block, m, rng))
    return _junk_html(before, rng), "\n".join(body), _junk_html(after, rng)


# ---------------------------------------------------------------- the page


_WORD_HEAD = (
    '<meta name=ProgId content=Word.Document><meta name=Generator content="Microsoft Word 15">'
    "<!--[if gte mso 9]><xml><o:DocumentProperties><o:Author>admin</o:Author>"
    "<o:Pages>6</o:Pages></o:DocumentProperties></xml><![endif]-->"
    '<style><!-- p.MsoNormal {mso-style-parent:"";margin:0cm;font-size:10.5pt;'
    "font-family:等线;} @page WordSection1 {size:595.3pt 841.9pt;} --></style>"
)
_WORD_HTML_TAG = (
    '<html xmlns:v="urn:schemas-microsoft-com:vml"'
    ' xmlns:o="urn:schemas-microsoft-com:office:office"'
    ' xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">'
)


def _title(doc: Doc) -> str:
    titles = doc.texts(Role.TITLE)
    return escape("".join(t.text for t in titles).replace("\n", "")) or "政府信息公开年报"


def _charset(encoding: str) -> str:
    name = "gb2312" if encoding == "gbk" else encoding
    return f'<meta http-equiv="Content-Type" content="text/html; charset={name}">'


def js_string(html: str, rng: random.Random) -> str:
    """`html` as a JavaScript string literal, the way CMS templates write it."""
    style = rng.choice(("double", "single", "json"))
    if style == "json":
        text = json.dumps(html, ensure_ascii=False).replace("</", "<\\/")
        if rng.random() < 0.5:
            text = text.replace("<", "\\u003c").replace(">", "\\u003e")
        return text
    quote = '"' if style == "double" else "'"
    text = html.replace("\\", "\\\\").replace(quote, "\\" + quote).replace("\r", "")
    text = text.replace("\n", "\\n").replace("</", "<\\/")
    return quote + text + quote


def _js_page(doc: Doc, article: str, rng: random.Random) -> str:
    """An unrelated page (a news list) whose script puts the report into a div."""
    region = escape(doc.report.region or "")
    year = (doc.report.year or 2023) + 1
    news = "".join(
        f"<li><a href='/news/{i}.html'>{region}召开第{i}次工作推进会</a>"
        f"<span>{year}-0{1 + i % 9}-1{i % 9}</span></li>"
        for i in range(1, rng.randint(3, 8))
    )
    var = rng.choice(("var content = ", "let content = ", "window.__ARTICLE__ = "))
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{region}政务网</title>\n'
        f"<script>\n{var}{js_string(article, rng)};\n</script></head>\n<body>\n"
        f'<div class="header">{region}政务网 <a href="/">首页</a> '
        '<a href="/xxgk/">信息公开</a></div>\n'
        '<div id="app">页面加载中……</div>\n'
        f'<div class="news"><h3>工作动态</h3><ul>{news}</ul></div>\n'
        "<script>document.getElementById('app').innerHTML = "
        f"{var.split('=')[0].replace('var ', '').replace('let ', '').strip()};</script>\n"
        "</body></html>\n"
    )


def render_html_doc(doc: Doc, rng: random.Random) -> bytes:
    """The document as a web page, encoded as the page declares."""
    word = doc.output.word_html
    m = _Markup(
        header_tag=rng.choice(("th", "td")),
        blank=rng.choice(("", "&nbsp;")),
        heading=rng.choice(("h3", "strong")),
        word=word,
        indent=rng.choice(("", "&nbsp;" * 4, "\u3000\u3000")),
    )
    before, article, after = article_html(doc, m, rng)
    if word:
        article = f"<div class=WordSection1 style='layout-grid:15.6pt'>\n{article}\n</div>"
    if doc.output.js_embedded:
        page = _js_page(doc, article, rng)
        return page.encode("utf-8")
    frame = doc.output.nav_frame
    body = f'<div class="top">{before}</div>\n' if frame else before
    body += f'<div class="article" id="zoom">\n{article}\n</div>\n'
    body += f'<div class="footer">{after}</div>' if frame else after
    head = (_WORD_HTML_TAG if word else '<html lang="zh-CN">') + "\n<head>\n"
    head += _charset(doc.output.encoding) + (_WORD_HEAD if word else "")
    page = f"<!DOCTYPE html>\n{head}\n<title>{_title(doc)}</title>\n</head>\n"
    page += f"<body>\n{body}\n</body>\n</html>\n"
    return page.encode(doc.output.encoding, errors="xmlcharrefreplace")
