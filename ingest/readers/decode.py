"""Bytes -> text for plain-text sources: BOM, UTF-8, UTF-16 without BOM, GB18030.

Undecodable bytes are an error naming the file, never mojibake stored silently.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from ingest.errors import UnreadableFileError
from ingest.schema import ParseWarning

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


def decode_bom(data: bytes, path: str | Path, advice: str = "") -> tuple[str, str] | None:
    """(text, encoding) when `data` starts with a byte-order mark, else None; a file whose BOM
    lies is unreadable (`advice`, if given, is added to the message)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise UnreadableFileError(
                    path,
                    f"starts with a {encoding} byte-order mark but is not valid {encoding}"
                    f" at byte {exc.start}{advice}",
                ) from exc
    return None


def decode_bytes(
    data: bytes, path: str | Path, notes: list[ParseWarning] | None = None
) -> tuple[str, str]:
    """Decode `data`; return (text, encoding). Raise UnreadableFileError when nothing fits.
    A file mixing UTF-8 and GBK lines is decoded line by line, and a warning saying which
    lines were GBK is appended to `notes`."""
    with_bom = decode_bom(data, path)
    if with_bom is not None:
        return with_bom
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
                text, gbk = mixed
                if notes is not None:
                    notes.append(_mixed_warning(gbk))
                return text, MIXED
            raise UnreadableFileError(
                path,
                f"is neither UTF-8 (invalid byte at offset {utf8_error.start}) nor GB18030/GBK;"
                " re-save it as UTF-8",
            ) from utf8_error


MIXED = "utf-8+gb18030"  # the encoding of a file whose lines are in either


def _line_by_line(data: bytes) -> tuple[str, list[int]] | None:
    """A file pasted together from UTF-8 and GBK sources: each line in whichever of the two
    decodes it (UTF-8 first: GBK rarely decodes as UTF-8, the reverse often happens), and the
    1-based numbers of the GBK lines. None when a line is in neither, or when no line is
    UTF-8 beyond ASCII."""
    lines = []
    gbk = []
    utf8_lines = 0
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            lines.append(raw.decode("utf-8"))
            utf8_lines += not raw.isascii()
        except UnicodeDecodeError:
            try:
                lines.append(raw.decode("gb18030"))
            except UnicodeDecodeError:
                return None
            gbk.append(number)
    return ("\n".join(lines), gbk) if utf8_lines else None


def _mixed_warning(gbk: list[int]) -> ParseWarning:
    shown = ", ".join(map(str, gbk[:8])) + (" …" if len(gbk) > 8 else "")
    return ParseWarning(
        code="mixed_encoding",
        message=f"{len(gbk)} line(s) are GBK/GB18030 in an otherwise UTF-8 file (lines {shown}); "
        "each line was decoded in its own encoding",
        line=gbk[0],
    )
