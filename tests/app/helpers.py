"""Reading what the app shows, for assertions: texts without Markdown escapes, the rows of an
answer's facts table, the highlighted cells of a rendered table, a dump of every element."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block, Node

_ESCAPE = re.compile(r"\\(.)")


def plain(markdown: str) -> str:
    """Markdown as read: backslash escapes and bold markers removed."""
    return _ESCAPE.sub(r"\1", markdown.replace("**", ""))


def markdown_texts(block: AppTest | Block) -> list[str]:
    return [plain(m.value) for m in block.markdown]


def fact_rows(app: AppTest, turn: int) -> list[list[str]]:
    """The facts table of the `turn`-th answer: one list of cell texts per fact (the source
    column is its button's label)."""
    answer = app.chat_message[2 * turn + 1]
    table = next(e for e in answer.expander if e.label.startswith("事实 Facts"))
    rows: list[list[str]] = []
    for block in table.children.values():
        if getattr(block, "type", None) != "flex_container":
            continue
        cells = []
        for column in block.children.values():
            (node,) = column.children.values()
            cells.append(plain(node.label if node.type == "button" else node.value))
        rows.append(cells)
    return rows[1:]  # the first row is the header


def highlighted(table_html: str) -> list[tuple[str, str, str]]:
    """(row label, column header, text) of every highlighted cell of a rendered table."""
    soup = BeautifulSoup(table_html, "html.parser")
    header = [th.get_text() for th in soup.select("thead th")]
    found = []
    for tr in soup.select("tbody tr"):
        tds = tr.find_all("td")
        for i, td in enumerate(tds):
            if "govqa-hl" in (td.get("class") or []):
                found.append((tds[0].get_text(), header[i], td.get_text()))
    return found


def table_titled(app: AppTest, title: str) -> str:
    """The HTML of the rendered table with this caption."""
    return next(h.value for h in app.html if f">{title}</caption>" in h.value)


def dump(app: AppTest) -> str:
    """Every element's protobuf, as text: what the browser would receive."""

    def walk(node: Node) -> list[str]:
        parts = [str(node.proto)] if getattr(node, "proto", None) is not None else []
        for child in getattr(node, "children", {}).values():
            parts += walk(child)
        return parts

    return "\n".join(walk(app.main) + walk(app.sidebar))
