"""A report embedded in a JavaScript string of an unrelated page (`let content = "<p>…<\\/p>"`).

Some sites ship the page frame as HTML and the report as a string a script writes into it. The
string's escapes (\\", \\n, \\/, \\uXXXX) are undone and the markup it holds is read as the page,
when it carries more of the report's section titles than the visible page does.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from ingest.normalize import match_key

_LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'|`((?:[^`\\]|\\.)*)`', re.S)
_ESCAPE = re.compile(r"\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)", re.S)
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "b": "", "f": "", "v": "", "0": ""}
# Words of the template's section titles; a text holding several of them holds a report.
_TITLE_WORDS = (
    "总体情况",
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "行政复议",
    "存在的主要问题",
    "其他需要报告的事项",
)
MIN_TITLES = 3
_MARKUP = re.compile(r"<|\\u003c|\\x3c", re.I)  # a tag, plain or escaped


def _unescape(match: re.Match[str]) -> str:
    code = match.group(1)
    if code.startswith("u{"):
        return chr(int(code[2:-1], 16))
    if code[0] in "ux" and len(code) > 1:
        return chr(int(code[1:], 16))
    return _SIMPLE.get(code, code)


def js_string(literal: str) -> str:
    """The value of a JavaScript string literal's body."""
    return _ESCAPE.sub(_unescape, literal)


def report_weight(text: str) -> int:
    """How many of the template's section titles a text holds."""
    key = match_key(text)
    return sum(1 for word in _TITLE_WORDS if word in key)


def embedded_report(soup: BeautifulSoup) -> str | None:
    """The markup of a report held in a script's string, if the page shows less of one."""
    best: tuple[int, str] | None = None
    for script in soup.find_all("script"):
        source = script.string or script.get_text()
        if not _MARKUP.search(source):
            continue
        strings = [
            js_string(next(g for g in m.groups() if g is not None) or "")
            for m in _LITERAL.finditer(source)
        ]
        for candidate in [*strings, "".join(strings)]:
            weight = report_weight(candidate) if "<" in candidate else 0
            if weight >= MIN_TITLES and (best is None or weight > best[0]):
                best = (weight, candidate)
    if best is None:
        return None
    visible = soup.body.get_text(" ") if soup.body else ""
    for script in soup.find_all("script"):
        visible = visible.replace(script.get_text(), " ")
    return best[1] if best[0] > report_weight(visible) else None
