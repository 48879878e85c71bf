"""Word .docx: the body of word/document.xml as lines, its tables as grid rows with cell sources.

The body is walked in XML order, so paragraphs and tables keep their reading order (python-docx's
`doc.paragraphs` and `doc.tables` lose it). A paragraph gives one line per soft line break; a
table gives one line per grid row, merged cells expanded to the full grid: a position covered by
a merged cell repeats the origin's text when that is a label (it has a Chinese character and is
not a value such as 无, 不适用 or 3件) and is empty otherwise, so a value appears exactly once.
Nested tables are read once, as tables of their own after the row holding them; a single-cell
table is a layout frame and its content is read as body text. Text boxes, drawings, deleted
text and field codes are not read. Only word/document.xml is decompressed, and only after the
ZIP directory shows it (and the whole archive) is of a sane size.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from ingest.document import DocCell, DocLine, Document
from ingest.errors import UnreadableFileError
from ingest.normalize import normalize_text
from ingest.numbers import is_na_token, parse_number
from ingest.schema import Source, SourceFormat

DOCUMENT_XML = "word/document.xml"
MAX_DOCUMENT_XML_BYTES = 50 * 1024 * 1024  # real reports: 0.1-5 MB of XML
MAX_TOTAL_BYTES = 500 * 1024 * 1024  # images included; only document.xml is ever read
MAX_GRID_COLUMNS = 1000  # Word itself stops at 63; a wider grid is an attack, not a report

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # "Strict Open XML" documents
)
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True
)


@dataclass(frozen=True, slots=True)
class _Tags:
    """Clark-notation tag names of one WordprocessingML namespace."""

    ns: str

    def __call__(self, local: str) -> str:
        return f"{{{self.ns}}}{local}"


class _Names:
    """The tags the walker compares against, built once per namespace."""

    def __init__(self, ns: str) -> None:
        w = _Tags(ns)
        self.body, self.p, self.tbl, self.tr, self.tc = map(w, ("body", "p", "tbl", "tr", "tc"))
        self.t, self.tab, self.ptab = w("t"), w("tab"), w("ptab")
        self.blocks = frozenset({self.p, self.tbl})
        self.paragraphs, self.tables = frozenset({self.p}), frozenset({self.tbl})
        self.rows, self.cells = frozenset({self.tr}), frozenset({self.tc})
        self.breaks = frozenset({w("br"), w("cr")})
        self.hyphen = w("noBreakHyphen")
        self.wrappers = frozenset({w("sdt"), w("sdtContent"), w("customXml"), w("smartTag")})
        self.grid_span, self.v_merge, self.h_merge = w("gridSpan"), w("vMerge"), w("hMerge")
        self.tc_pr, self.tr_pr, self.val = w("tcPr"), w("trPr"), w("val")
        self.grid_before, self.grid_after, self.deleted = w("gridBefore"), w("gridAfter"), w("del")
        self.tbl_grid, self.grid_col, self.w = w("tblGrid"), w("gridCol"), w("w")
        # Not text of the paragraph: properties, deletions, drawings and text boxes, field
        # instructions live in other tags (instrText, delText) and are never collected.
        self.skip = frozenset(
            {
                w("pPr"),
                w("rPr"),
                w("del"),
                w("moveFrom"),
                w("drawing"),
                w("pict"),
                w("object"),
                w("txbxContent"),
                _MC,
            }
        )


_NAMES = {ns: _Names(ns) for ns in _NAMESPACES}


def check_zip_sizes(infos: list[zipfile.ZipInfo], path: str) -> None:
    """Refuse archives that would decompress to far more than any report (a zip bomb)."""
    total = sum(info.file_size for info in infos)
    document = next((i.file_size for i in infos if i.filename == DOCUMENT_XML), 0)
    if document > MAX_DOCUMENT_XML_BYTES or total > MAX_TOTAL_BYTES:
        raise UnreadableFileError(
            path,
            f"is a .docx whose {DOCUMENT_XML} would decompress to {document:,} bytes "
            f"({total:,} bytes for the whole archive); govqa reads at most "
            f"{MAX_DOCUMENT_XML_BYTES:,} and {MAX_TOTAL_BYTES:,}: this is not a normal report "
            "(possibly a zip bomb); export it as PDF or text if it is genuine",
        )


def _document_xml(data: bytes, path: str) -> bytes:
    """The bytes of word/document.xml, after the size guard; damaged archives are named."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            check_zip_sizes(infos, path)
            if DOCUMENT_XML not in {i.filename for i in infos}:
                raise UnreadableFileError(
                    path, f"is a ZIP archive without {DOCUMENT_XML}: not a Word .docx document"
                )
            return archive.read(DOCUMENT_XML)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise UnreadableFileError(
            path, f"is a damaged .docx (its ZIP structure cannot be read: {exc}); re-save it"
        ) from exc
    except NotImplementedError as exc:
        raise UnreadableFileError(
            path, f"is a .docx compressed in a way govqa cannot unpack ({exc}); re-save it"
        ) from exc
    except RuntimeError as exc:  # zipfile's "File ... is encrypted, password required"
        raise UnreadableFileError(
            path, f"is a password-protected .docx ({exc}); save an unprotected copy"
        ) from exc


def _body(xml: bytes, path: str) -> tuple[etree._Element, _Names]:
    try:
        root = etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise UnreadableFileError(
            path, f"is a damaged .docx: {DOCUMENT_XML} is not well-formed XML ({exc})"
        ) from exc
    ns = etree.QName(root).namespace or ""
    names = _NAMES.get(ns)
    body = root.find(names.body) if names is not None else None
    if names is None or body is None:
        raise UnreadableFileError(
            path, f"is not a Word document: {DOCUMENT_XML} has no WordprocessingML body"
        )
    return body, names


def _children(parent: etree._Element, tags: frozenset[str], n: _Names) -> Iterator[etree._Element]:
    """Children of `parent` with one of `tags`, looking through content controls."""
    for child in parent:
        if child.tag in tags:
            yield child
        elif child.tag in n.wrappers:
            yield from _children(child, tags, n)


def _collect(el: etree._Element, n: _Names, out: list[str]) -> None:
    """Append the visible text under `el`: runs, tabs, breaks; skip drawings and deletions."""
    for child in el:
        tag = child.tag
        if tag == n.t:
            text = child.text or ""
            out.append(text.replace("\n", " ") if "\n" in text else text)  # raw newline: a space
        elif tag in n.breaks:
            out.append("\n")
        elif tag == n.tab or tag == n.ptab:
            out.append("\t")
        elif tag == n.hyphen:
            out.append("-")
        elif tag not in n.skip and len(child):
            _collect(child, n, out)


def _paragraph_text(p: etree._Element, n: _Names) -> str:
    """A paragraph as displayed; soft line breaks are "\\n"."""
    parts: list[str] = []
    _collect(p, n, parts)
    return "".join(parts)


@dataclass(slots=True)
class _Origin:
    """A printed cell: its text, and whether the grid positions it covers repeat that text."""

    text: str  # normalized
    original: str
    repeat: bool  # a label: covered positions repeat it

    def covered(self) -> tuple[str, str]:
        return (self.text, self.original) if self.repeat else ("", "")


def _origin(original: str) -> _Origin:
    """Labels repeat over the positions they cover; values, including 无/不适用 and 3件, do not."""
    text = normalize_text(original).strip()
    label = bool(_HAN.search(text)) and not is_na_token(text) and parse_number(text) is None
    return _Origin(text, original, label)


def _int_attr(parent: etree._Element | None, tag: str, n: _Names, default: int) -> int:
    el = parent.find(tag) if parent is not None else None
    value = el.get(n.val) if el is not None else None
    return min(int(value), MAX_GRID_COLUMNS + 1) if value and value.isdigit() else default


class _Walker:
    """Turns a body into DocLines, numbering lines and tables as it meets them."""

    def __init__(self, path: str, names: _Names) -> None:
        self.path = path
        self.n = names
        self.lines: list[DocLine] = []
        self.tables = 0

    def blocks(self, parent: etree._Element) -> None:
        """Paragraphs and tables of a body or a layout cell, in order."""
        for el in _children(parent, self.n.blocks, self.n):
            if el.tag == self.n.p:
                self.paragraph(el)
            else:
                self.table(el)

    def paragraph(self, p: etree._Element) -> None:
        for original in _paragraph_text(p, self.n).split("\n"):
            if original.strip():
                self._add(normalize_text(original), original)

    def _add(self, text: str, original: str, cells: list[DocCell] | None = None) -> None:
        self.lines.append(DocLine(len(self.lines) + 1, text, original, cells))

    def table(self, tbl: etree._Element) -> None:
        """Grid rows of one table; a single-cell table is a layout frame, read as body text.
        A sliver grid column holding no value is left out: converters (LibreOffice's .doc
        export) leave them where merged widths do not add up exactly."""
        rows = [tr for tr in _children(tbl, self.n.rows, self.n) if not _is_deleted(tr, self.n)]
        tcs = [list(_children(tr, self.n.cells, self.n)) for tr in rows]
        if len(rows) == 1 and len(tcs[0]) == 1:
            self.blocks(tcs[0][0])
            return
        index = self.tables
        self.tables += 1
        above: dict[int, _Origin] = {}
        grid: list[list[tuple[str, str]]] = []
        nested: list[list[etree._Element]] = []
        values: set[int] = set()
        for tr, cells in zip(rows, tcs, strict=True):
            row, above = self._row(tr, cells, above)
            values.update(c for c, (text, _) in enumerate(row) if text and not _HAN.search(text))
            grid.append(row)
            nested.append([t for tc in cells for t in _children(tc, self.n.tables, self.n)])
        width = max((len(r) for r in grid), default=0)
        slivers = _sliver_columns(tbl, self.n)
        kept = [c for c in range(width) if c not in slivers or c in values]
        for r, row in enumerate(grid):
            row += [("", "")] * (width - len(row))
            self._add_row(index, r, [row[c] for c in kept])
            for inner in nested[r]:
                self.table(inner)

    def _row(
        self,
        tr: etree._Element,
        tcs: list[etree._Element],
        above: dict[int, _Origin],
    ) -> tuple[list[tuple[str, str]], dict[int, _Origin]]:
        """One row's grid positions; `above` maps each column to the origin covering it."""
        n = self.n
        tr_pr = tr.find(n.tr_pr)
        row: list[tuple[str, str]] = [("", "")] * _int_attr(tr_pr, n.grid_before, n, 0)
        current: dict[int, _Origin] = {}
        previous: _Origin | None = None
        for tc in tcs:
            tc_pr = tc.find(n.tc_pr)
            span = max(1, _int_attr(tc_pr, n.grid_span, n, 1))
            col = len(row)
            origin = self._merged_into(tc_pr, above.get(col), previous)
            if origin is None:
                origin = _origin(self._cell_text(tc))
                row.append((origin.text, origin.original))
                row += [origin.covered()] * (span - 1)
            else:
                row += [origin.covered()] * span
            for c in range(col, col + span):
                current[c] = origin
            previous = origin
            self._check_width(len(row))
        row += [("", "")] * _int_attr(tr_pr, n.grid_after, n, 0)
        self._check_width(len(row))
        return row, current

    def _check_width(self, width: int) -> None:
        if width > MAX_GRID_COLUMNS:
            raise UnreadableFileError(
                self.path,
                f"has a table row {width:,} grid columns wide (more than {MAX_GRID_COLUMNS:,}): "
                "this is not a report table; re-save the file in Word or export it as PDF",
            )

    def _merged_into(
        self, tc_pr: etree._Element | None, up: _Origin | None, left: _Origin | None
    ) -> _Origin | None:
        """The origin a cell continues (vMerge continue / legacy hMerge continue), if any."""
        if tc_pr is None:
            return None
        v = tc_pr.find(self.n.v_merge)
        if v is not None and v.get(self.n.val, "continue") == "continue" and up is not None:
            return up
        h = tc_pr.find(self.n.h_merge)
        if h is not None and h.get(self.n.val, "continue") == "continue" and left is not None:
            return left
        return None

    def _cell_text(self, tc: etree._Element) -> str:
        """A cell's own paragraphs on one line (nested tables are read as tables of their own)."""
        texts = (_paragraph_text(p, self.n) for p in _children(tc, self.n.paragraphs, self.n))
        return " ".join(" ".join(t.split("\n")).replace("\t", " ") for t in texts if t.strip())

    def _add_row(self, table: int, r: int, row: list[tuple[str, str]]) -> None:
        number = len(self.lines) + 1
        cells = [
            DocCell(
                text=text,
                source=Source(
                    file=self.path,
                    format=SourceFormat.DOCX,
                    line=number,
                    table=table,
                    row=r,
                    col=c,
                ),
            )
            for c, (text, _) in enumerate(row)
        ]
        self._add("\t".join(t for t, _ in row), "\t".join(o for _, o in row), cells)


SLIVER_SHARE = 0.15  # a grid column narrower than this share of the median is an artifact


def _sliver_columns(tbl: etree._Element, n: _Names) -> set[int]:
    """Grid columns (tblGrid) much narrower than the table's typical column."""
    grid = tbl.find(n.tbl_grid)
    if grid is None:
        return set()
    widths = [_int_attr_value(col.get(n.w)) for col in grid.findall(n.grid_col)]
    known = sorted(w for w in widths if w > 0)
    if len(known) < 3:
        return set()
    median = known[len(known) // 2]
    return {i for i, w in enumerate(widths) if 0 < w < SLIVER_SHARE * median}


def _int_attr_value(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0


def _is_deleted(tr: etree._Element, n: _Names) -> bool:
    """A row deleted with track changes on: not part of the document as displayed."""
    tr_pr = tr.find(n.tr_pr)
    return tr_pr is not None and tr_pr.find(n.deleted) is not None


def read_docx(data: bytes, path: str, sha256: str) -> Document:
    """A .docx as numbered lines; table rows carry DocCells with table/row/col sources."""
    body, names = _body(_document_xml(data, path), path)
    walker = _Walker(path, names)
    walker.blocks(body)
    return Document(
        path=path, format=SourceFormat.DOCX, sha256=sha256, size=len(data), lines=walker.lines
    )
