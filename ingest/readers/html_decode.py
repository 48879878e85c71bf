"""Bytes -> text for HTML pages: BOM, strict UTF-8, the page's declaration, then detection.

Chinese government sites declare gb2312 and write GBK, declare utf-8 and serve GBK, or declare
nothing. Every candidate must decode the whole page strictly: a page no encoding that can hold
Chinese text decodes is an error naming the file, never mojibake stored silently. Valid UTF-8
is tried before the declaration because a GBK page is practically never valid UTF-8, while a
template's stale <meta charset> often is wrong.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator

from charset_normalizer import from_bytes

from ingest.errors import UnreadableFileError
from ingest.readers.decode import decode_bom, utf16_without_bom

_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.I)
_XML_ENCODING = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)", re.I)
DECLARATION_WINDOW = 8192  # bytes scanned for a declaration (long <head>s are common)
# Encodings that can hold a Chinese report, as Python codec names; GB2312/GBK are read as
# their superset GB18030, since pages declaring them use characters beyond them.
CJK_ENCODINGS = ("utf-8", "gb18030", "big5", "big5hkscs", "cp950")
_GB_FAMILY = frozenset({"gb2312", "gbk", "gb18030", "hz", "cp936"})


def codec_name(label: str) -> str | None:
    """The Python codec for a charset label, GB family -> gb18030; None if unknown."""
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    return "gb18030" if name in _GB_FAMILY else name


def declared_charset(data: bytes) -> str | None:
    """The charset label a <meta> tag or XML declaration near the top of the page gives."""
    head = data[:DECLARATION_WINDOW]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return match.group(1).decode("ascii").lower() if match else None


def declared_encoding(label: str | None) -> str | None:
    """The codec a declared label stands for (None if unknown)."""
    name = codec_name(label) if label else None
    # A UTF-16 label in a page readable as ASCII is wrong; HTML reads such pages as UTF-8.
    return "utf-8" if name and name.startswith("utf-16") else name


def detected_encoding(data: bytes) -> str | None:
    """charset-normalizer's best guess among the encodings a Chinese page can be in."""
    best = from_bytes(data, cp_isolation=list(CJK_ENCODINGS)).best()
    return codec_name(best.encoding) if best is not None else None


def _candidates(data: bytes, declared: str | None) -> Iterator[str]:
    """Encodings to try, most trustworthy first; detection runs only when it is needed."""
    yield "utf-8"
    if declared in CJK_ENCODINGS:
        yield declared
    detected = detected_encoding(data)
    if detected in CJK_ENCODINGS:
        yield detected
    yield "gb18030"
    if declared:
        yield declared  # a Western declaration, only when nothing that holds Chinese fits


def decode_html(data: bytes, path: str) -> tuple[str, str]:
    """Decode a page; return (text, encoding). Raise UnreadableFileError when nothing fits."""
    bom = decode_bom(data, path, advice="; re-save the page as UTF-8")
    if bom is not None:
        return bom
    if b"\x00" in data[:4000]:
        text = utf16_without_bom(data)
        if text is None:
            raise UnreadableFileError(path, "contains NUL bytes: binary data, not a web page")
        return text, "utf-16"
    label = declared_charset(data)
    declared = declared_encoding(label)
    failures: dict[str, int] = {}
    for encoding in _candidates(data, declared):
        if encoding in failures:
            continue
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            failures[encoding] = exc.start
    tried = ", ".join(f"{e} (bad byte at offset {at})" for e, at in failures.items())
    said = f"declares charset {label} but " if label else ""
    raise UnreadableFileError(
        path,
        f"{said}does not decode in any encoding a Chinese page can be in: tried {tried}; "
        "the file is damaged or mislabelled, re-save it as UTF-8",
    )
