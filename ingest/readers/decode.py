"""Bytes -> text for plain-text sources: BOM, UTF-8, UTF-16 without BOM, GB18030.

Undecodable bytes are an error naming the file, never mojibake stored silently.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from ingest.errors import UnreadableFileError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM shows a NUL in every other byte for ASCII and CJK alike."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4000]
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) / 2
    for encoding, nuls in (("utf-16-le", odd_nuls), ("utf-16-be", even_nuls)):
        if nuls > 0.2 * half:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    return None


def decode_bytes(data: bytes, path: str | Path) -> tuple[str, str]:
    """Decode `data`; return (text, encoding). Raise UnreadableFileError when nothing fits."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise UnreadableFileError(
                    path,
                    f"starts with a {encoding} byte-order mark but is not valid {encoding}"
                    f" at byte {exc.start}",
                ) from exc
    if b"\x00" in data[:4000]:
        text = utf16_without_bom(data)
        if text is not None:
            return text, "utf-16"
        raise UnreadableFileError(path, "contains NUL bytes: binary data, not a text report")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            mixed = _line_by_line(data)
            if mixed is not None:
                return mixed, MIXED
            raise UnreadableFileError(
                path,
                f"is neither UTF-8 (invalid byte at offset {utf8_error.start}) nor GB18030/GBK;"
                " re-save it as UTF-8",
            ) from utf8_error


MIXED = "utf-8+gb18030"  # the encoding of a file whose lines are in either


def _line_by_line(data: bytes) -> str | None:
    """A file pasted together from UTF-8 and GBK sources: each line in whichever of the two
    decodes it (UTF-8 first: GBK rarely decodes as UTF-8, the reverse often happens). None
    when a line is in neither, or when no line is UTF-8 beyond ASCII."""
    lines = []
    utf8_lines = 0
    for raw in data.split(b"\n"):
        try:
            lines.append(raw.decode("utf-8"))
            utf8_lines += not raw.isascii()
        except UnicodeDecodeError:
            try:
                lines.append(raw.decode("gb18030"))
            except UnicodeDecodeError:
                return None
    return "\n".join(lines) if utf8_lines else None


def non_utf8_lines(data: bytes) -> list[int]:
    """The 1-based numbers of the lines that are not UTF-8 (the GBK ones of a MIXED file)."""
    out = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            out.append(number)
    return out
