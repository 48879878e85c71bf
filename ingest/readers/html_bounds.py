"""An HTML page's size as a tree, measured before the page is built into one.

BeautifulSoup holds every element as a Python object, and the reader walks the tree
recursively: a page of a million nested <div>s would take gigabytes and end in a
RecursionError. So the page is first streamed through libxml2's pull parser (the parser
BeautifulSoup uses, so the same nesting), counting elements and depth; finished elements are
dropped as it goes, so memory stays bounded, and it stops at the first bound exceeded.
"""

from __future__ import annotations

from lxml import etree

from ingest.bounds import MAX_HTML_DEPTH, MAX_HTML_ELEMENTS
from ingest.errors import UnreadableFileError

CHUNK = 1 << 16  # characters fed to the parser at a time


def check_html_bounds(text: str, path: str) -> None:
    """Raise UnreadableFileError naming `path` and the bound when the page has more than
    MAX_HTML_ELEMENTS elements or nests deeper than MAX_HTML_DEPTH."""
    parser = etree.HTMLPullParser(events=("start", "end"))
    depth = elements = 0
    for start in range(0, len(text), CHUNK):
        parser.feed(text[start : start + CHUNK])
        for event, element in parser.read_events():
            if event == "end":
                depth -= 1
                element.clear()  # its children are done: keep only the open chain
                continue
            depth += 1
            elements += 1
            if depth > MAX_HTML_DEPTH:
                raise UnreadableFileError(
                    path,
                    f"its HTML nests elements more than {MAX_HTML_DEPTH} deep (the bound; a "
                    "real page nests a few dozen deep): not read. Save the report as text, "
                    "PDF or .docx",
                )
            if elements > MAX_HTML_ELEMENTS:
                raise UnreadableFileError(
                    path,
                    f"its HTML has more than {MAX_HTML_ELEMENTS:,} elements (the bound): not "
                    "read. Save the report as text, PDF or .docx",
                )
