"""HTML pages: decode, find the report inside the site frame, read its lines and table grids.

A published report sits in a page of navigation, breadcrumbs, link lists, share bars and
footers. The page is first read whole into lines (block elements and <br> break lines, inline
elements do not; innermost tables become grid rows), then the report is located by its own
structure, not by the site's class names: the deepest element holding (nearly) all section
titles and template tables. Lines outside it are dropped, and so are lines inside it that sit in
navigation-like elements or read as page furniture (发布时间…浏览次数, 打印本页). The title is
kept when it sits just before the content block, as it usually does.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString

from ingest.document import DocCell, DocLine, Document
from ingest.normalize import match_key, normalize_text
from ingest.readers.html_bounds import check_html_bounds
from ingest.readers.html_decode import decode_html
from ingest.readers.html_script import embedded_report
from ingest.readers.ocr_types import OcrRun, ocr_warnings
from ingest.schema import ParseWarning, Source, SourceFormat
from ingest.sections import find_title, heading_key


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_SKIP = _words(
    "script style noscript template iframe object embed svg canvas select option button "
    "textarea input head title meta link map area"
)
_BLOCK = _words(
    "address article aside blockquote body caption center dd details dialog dir div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li "
    "main menu nav ol p pre section summary table tbody td tfoot th thead tr ul"
)
_EMPHASIS = frozenset({"strong", "b", "span", "font", "em"})
_CONTAINERS = frozenset(
    {"div", "section", "article", "main", "td", "th", "body", "html", "li", "blockquote"}
)
_CHROME_TAGS = frozenset({"nav", "header", "footer", "aside"})
_CHROME_WORDS = re.compile(r"nav|menu|header|footer|crumb|sidebar|share|copyright|toolbar", re.I)
_CHROME_TOKENS = frozenset({"position", "location", "dqwz", "print", "banner", "bshare"})
_NAV_WORDS = re.compile(r"nav|menu|crumb|sidebar|position|location|dqwz", re.I)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_WS = re.compile(r"[ \t\n\r\f]+")
_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")
_HAN = re.compile(r"[\u3400-\u9fff]")
# Words only the template's tables print: a table holding one of them is part of the report.
_TABLE_MARKS = ("申请人情况", "本年新收", "第二十条", "信息内容", "行政复议", "结果维持")
# Page furniture: publication info (two or more of these fields) and action links.
_INFO_FIELD = re.compile(
    r"(发布(时间|日期)|发文日期|信息来源|来源|浏览(次数|量)?|访问(次数|量)|点击(数|量|率)?|"
    r"阅读(次数|数|量)|字号|字体)\s*[:：]"
)
_ACTIONS = re.compile(
    r"^(?:[\s【】\[\]|｜/]|打印本页|打印|关闭窗口|关闭本页|关闭|返回顶部|分享到[:：]?|收藏|"
    r"字体[:：]?|字号[:：]?|[大中小])+$"
)
_TITLE_SPLIT = re.compile(r"\s*[_|｜—–-]+\s*")
MAX_CELL_CHARS = 200  # longer text in a cell means a layout table, not a template table
TITLE_LOOKBACK = 15  # lines before the content block searched for the report title
MAIN_SHARE = 0.8  # share of section titles and tables the content block must hold


@dataclass(slots=True)
class _Line:
    """One line of the page before selection: its text and the element it came from."""

    original: str
    block: Tag  # innermost block element (the <table> for grid rows)
    cells: list[tuple[str, int, int]] | None = None  # (raw text, grid row, grid col)
    image: str | None = None  # an <img>'s src: a table pasted as a picture, read by OCR


def collapse(text: str) -> str:
    """HTML whitespace: runs become one space; a line break between two CJK characters goes
    (CSS segment-break rule), so wrapped Chinese source text reads as it is displayed."""

    if "\n" not in text and "\r" not in text:
        return _WS.sub(" ", text)

    def space(m: re.Match[str]) -> str:
        if "\n" in m.group() or "\r" in m.group():
            before, after = text[m.start() - 1 : m.start()], text[m.end() : m.end() + 1]
            if _WIDE.match(before) and _WIDE.match(after):
                return ""
        return " "

    return _WS.sub(space, text)


def _span(value: object, default: int, low: int, high: int) -> int:
    digits = re.match(r"\s*(\d+)", str(value)) if value is not None else None
    return min(high, max(low, int(digits.group(1)))) if digits else default


def cell_text(node: Tag) -> str:
    """A table cell's text: blocks and <br> inside it become spaces, scripts are skipped."""
    children = node.contents
    if len(children) == 1 and type(children[0]) is NavigableString:
        return collapse(str(children[0])).strip()  # the common case: plain text
    parts: list[str] = []

    def visit(element: Tag) -> None:
        for child in element.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, PreformattedString):
                    parts.append(str(child))
            elif isinstance(child, Tag) and child.name not in _SKIP:
                boundary = child.name == "br" or child.name in _BLOCK
                if boundary:
                    parts.append(" ")
                visit(child)
                if boundary:
                    parts.append(" ")

    visit(node)
    return collapse("".join(parts)).strip()


def table_grid(table: Tag) -> list[list[str]] | None:
    """The table as a full grid, merged cells expanded: a label (Chinese text) repeats over
    its span, anything else appears once with empty cells after it. None for layout tables."""
    trs: list[Tag] = []
    for el in table.descendants:
        if isinstance(el, Tag) and el.name in ("tr", "table"):
            if el.name == "table":
                return None  # a table holding tables lays the page out
            trs.append(el)
    rows = [[c for c in tr.children if isinstance(c, Tag) and c.name in ("td", "th")] for tr in trs]
    texts = [[cell_text(c) for c in row] for row in rows]
    if sum(map(len, rows)) < 2 or any(len(t) > MAX_CELL_CHARS for row in texts for t in row):
        return None
    taken: dict[tuple[int, int], str] = {}
    for r, (row, row_texts) in enumerate(zip(rows, texts, strict=True)):
        c = 0
        for cell, text in zip(row, row_texts, strict=True):
            while (r, c) in taken:
                c += 1
            rowspan = _span(cell.get("rowspan"), 1, 0, 65534) or len(rows) - r
            colspan = _span(cell.get("colspan"), 1, 1, 1000)
            repeat = text if _HAN.search(text) else ""
            for dr in range(min(rowspan, len(rows) - r)):
                for dc in range(colspan):
                    taken.setdefault((r + dr, c + dc), text if dr == dc == 0 else repeat)
            c += colspan
    width = 1 + max((c for _, c in taken), default=-1)
    return [[taken.get((r, c), "") for c in range(width)] for r in range(len(rows))]


class _Walker:
    """Turns a subtree into lines: block boundaries and <br> end a line, tables give rows."""

    def __init__(self) -> None:
        self.lines: list[_Line] = []
        self.parts: list[str] = []
        self.block: Tag | None = None
        self.has_text = False

    def flush(self) -> None:
        text = collapse("".join(self.parts)).strip()
        if text and self.block is not None:
            self.lines.append(_Line(text, self.block))
        self.parts, self.block, self.has_text = [], None, False

    def text(self, s: str, block: Tag) -> None:
        if self.block is None:
            self.block = block
        self.parts.append(s)
        self.has_text = self.has_text or bool(s.strip())

    def walk(self, node: Tag, block: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, PreformattedString):
                    self.text(str(child), block)
            elif isinstance(child, Tag) and child.name not in _SKIP:
                self.element(child, block)

    def element(self, el: Tag, block: Tag) -> None:
        if el.name == "br":
            self.flush()
        elif el.name == "img" and str(el.get("src") or "").strip():
            self.flush()
            self.lines.append(_Line("", block, image=str(el.get("src")).strip()))
        elif el.name == "table":
            self.table(el)
        elif el.name == "pre":
            self.flush()
            for line in el.get_text().split("\n"):
                if line.strip():
                    self.lines.append(_Line(line.strip(" \r"), el))
        elif el.name in _BLOCK:
            self.flush()
            self.walk(el, el)
            self.flush()
        else:
            at_start = not self.has_text
            self.walk(el, block)
            if at_start and el.name in _EMPHASIS and self._heading_so_far():
                self.flush()  # <p><strong>一、总体情况</strong>本年度…</p>: the title stands alone

    def _heading_so_far(self) -> bool:
        return heading_key(normalize_text(collapse("".join(self.parts)).strip())) is not None

    def table(self, el: Tag) -> None:
        """A template-like table as grid rows (rows without any text are spacers: skipped);
        a layout table as the blocks in its cells."""
        self.flush()
        grid = table_grid(el)
        if grid is None:  # a layout table: its cells are blocks of the page
            self.walk(el, el)
            self.flush()
            return
        caption = el.find("caption")
        if caption is not None and cell_text(caption):
            self.lines.append(_Line(cell_text(caption), el))
        for r, row in enumerate(grid):
            if any(row):
                cells = [(raw, r, c) for c, raw in enumerate(row)]
                self.lines.append(_Line("\t".join(row), el, cells))


def _chain(el: Tag) -> Iterator[Tag]:
    """The element and its ancestors, innermost first."""
    node: Tag | None = el
    while node is not None:
        yield node
        node = node.parent


def _class_words(el: Tag) -> str:
    classes = el.get("class") or []
    return " ".join([str(el.get("id") or ""), *(classes if isinstance(classes, list) else [])])


def is_chrome(el: Tag) -> bool:
    """An element whose tag, id/class or style marks site furniture (or hides it)."""
    if el.name in _CHROME_TAGS:
        return True
    words = _class_words(el)
    if words.strip():
        if _CHROME_WORDS.search(words):
            return True
        if _CHROME_TOKENS.intersection(re.split(r"[\s_-]+", words.lower())):
            return True
    return bool(_HIDDEN.search(str(el.get("style") or "")))


def _in_navigation(el: Tag) -> bool:
    """Inside a link, a menu or a breadcrumb (where other reports' titles are listed)."""
    return any(
        e.name in ("a", "nav") or bool(_NAV_WORDS.search(_class_words(e))) for e in _chain(el)
    )


def _report_table(lines: list[_Line]) -> bool:
    text = match_key("".join(ln.original for ln in lines))
    return any(mark in text for mark in _TABLE_MARKS)


def _anchors(lines: list[_Line]) -> list[Tag]:
    """Elements that belong to the report for sure: section titles and template tables."""
    anchors: dict[int, Tag] = {}
    tables: dict[int, list[_Line]] = {}
    for ln in lines:
        if ln.cells is not None:
            tables.setdefault(id(ln.block), []).append(ln)
        elif heading_key(normalize_text(ln.original)) is not None:
            anchors[id(ln.block)] = ln.block
    for rows in tables.values():
        if _report_table(rows):
            anchors[id(rows[0].block)] = rows[0].block
    return list(anchors.values())


def content_root(lines: list[_Line], fallback: Tag) -> tuple[Tag, set[int]]:
    """The deepest element holding MAIN_SHARE of the anchors, widened to a container; and the
    ids of every element that holds an anchor (such elements are never dropped)."""
    anchors = _anchors(lines)
    counts: dict[int, int] = {}
    depth: dict[int, int] = {}
    elements: dict[int, Tag] = {}
    for anchor in anchors:
        chain = list(_chain(anchor))
        for d, el in enumerate(reversed(chain)):
            counts[id(el)] = counts.get(id(el), 0) + 1
            depth[id(el)], elements[id(el)] = d, el
    if not anchors:
        return fallback.find(["article", "main"]) or fallback, set()
    need = max(1, math.ceil(MAIN_SHARE * len(anchors)))
    root = elements[max((k for k, n in counts.items() if n >= need), key=depth.__getitem__)]
    while root.name not in _CONTAINERS and root.parent is not None:
        root = root.parent
    return root, set(counts)


def _is_furniture(text: str) -> bool:
    return len(text) <= 150 and (len(_INFO_FIELD.findall(text)) >= 2 or bool(_ACTIONS.match(text)))


def select(lines: list[_Line], soup: BeautifulSoup) -> list[_Line]:
    """The lines of the report: inside the content block, minus furniture; title in front."""
    root, holders = content_root(lines, soup.body or soup)
    chrome: dict[int, bool] = {}
    kept: list[tuple[int, _Line]] = []
    for i, ln in enumerate(lines):
        dropped = False
        for el in _chain(ln.block):
            if el is root:
                break
            if id(el) not in holders and chrome.setdefault(id(el), is_chrome(el)):
                dropped = True
        else:
            continue  # outside the content block
        if not dropped and not (ln.cells is None and _is_furniture(ln.original)):
            kept.append((i, ln))
    out = [ln for _, ln in kept]
    if kept and not _has_title(out[:5]):
        first = kept[0][0]
        title = _title_before(lines[max(0, first - TITLE_LOOKBACK) : first], soup)
        out = ([title] if title else []) + out
    return out


def _is_title(text: str) -> bool:
    return find_title([DocLine(1, normalize_text(text), text)]) is not None


def _has_title(lines: list[_Line]) -> bool:
    return any(ln.cells is None and _is_title(ln.original) for ln in lines)


def _title_before(lines: list[_Line], soup: BeautifulSoup) -> _Line | None:
    """The nearest title-like line before the content (not a link or a breadcrumb), else
    the page's <title> without its site-name suffix."""
    for ln in reversed(lines):
        if ln.cells is None and _is_title(ln.original) and not _in_navigation(ln.block):
            return ln
    head = soup.title
    if head is not None and soup.body is not None:
        for part in _TITLE_SPLIT.split(collapse(head.get_text()).strip()):
            if _is_title(part):
                return _Line(part, soup.body)
    return None


@lru_cache(maxsize=8192)
def _normalized_cell(raw: str) -> str:
    """Cell texts repeat (labels over merged cells, the template's words in every report)."""
    return normalize_text(raw).strip()


def _doc_lines(
    selected: list[_Line], path: str, pictures: dict[int, list[DocLine]] | None = None
) -> list[DocLine]:
    """Number the lines; grid rows get cells with table/row/col provenance. An image line
    becomes the lines OCR read from it (`pictures`, by position in `selected`), or nothing."""
    out: list[DocLine] = []
    tables: dict[object, int] = {}  # a <table> element's id, or (image line, its table)
    for i, ln in enumerate(selected):
        n = len(out) + 1
        if ln.image is not None:
            out += _pictured((pictures or {}).get(i, []), n, tables)
            continue
        if ln.cells is None:
            out.append(DocLine(number=n, text=normalize_text(ln.original), original=ln.original))
            continue
        table = tables.setdefault(id(ln.block), len(tables))
        cells = [
            DocCell(
                text=_normalized_cell(raw),
                # every field is an int or the known path: validation would only cost time
                source=Source.model_construct(
                    file=path, format=SourceFormat.HTML, line=n, table=table, row=r, col=c
                ),
            )
            for raw, r, c in ln.cells
        ]
        text = "\t".join(c.text for c in cells)
        original = "\t".join(raw for raw, _, _ in ln.cells)
        out.append(DocLine(number=n, text=text, original=original, cells=cells))
    return out


def _pictured(lines: list[DocLine], first: int, tables: dict[object, int]) -> list[DocLine]:
    """An image's OCR lines renumbered from `first`, its tables numbered after the page's."""
    out: list[DocLine] = []
    for k, line in enumerate(lines):
        number = first + k
        cells = None
        if line.cells is not None:
            cells = []
            for c in line.cells:
                table = tables.setdefault((first, c.source.table), len(tables))
                update = {"line": number, "table": table}
                cells.append(DocCell(c.text, c.source.model_copy(update=update)))
        out.append(DocLine(number, line.text, line.original, cells, line.page))
    return out


def _read_pictures(
    selected: list[_Line], path: str
) -> tuple[dict[int, list[DocLine]], OcrRun | None, list[ParseWarning]]:
    """OCR of the report's images, when it has any (most pages have none)."""
    at = [i for i, ln in enumerate(selected) if ln.image is not None]
    if not at:
        return {}, None, []
    from ingest.readers.html_images import read_image_tables

    found = read_image_tables([selected[i].image or "" for i in at], path)
    pictures = {at[k]: lines for k, lines in found.lines.items()}
    run = found.run if found.run.pages else None
    return pictures, run, found.warnings


def read_html(data: bytes, path: str, sha256: str) -> Document:
    """An HTML page as a Document of the report's lines and table rows."""
    text, encoding = decode_html(data, path)
    check_html_bounds(text, path)  # before the page becomes a tree of Python objects
    soup = BeautifulSoup(text, "lxml")
    embedded = embedded_report(soup)
    if embedded is not None:
        check_html_bounds(embedded, path)
        soup = BeautifulSoup(embedded, "lxml")
    walker = _Walker()
    start = soup.body or soup
    walker.walk(start, start)
    walker.flush()
    selected = select(walker.lines, soup)
    pictures, run, warnings = _read_pictures(selected, path)
    lines = _doc_lines(selected, path, pictures)
    return Document(
        path=path,
        format=SourceFormat.HTML,
        sha256=sha256,
        size=len(data),
        lines=lines,
        encoding=encoding,
        warnings=(ocr_warnings(run) if run else []) + warnings,
        ocr=run,
    )
