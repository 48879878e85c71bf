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
            raise UnreadableFileError(
                path,
                f"is neither UTF-8 (invalid byte at offset {utf8_error.start}) nor GB18030/GBK;"
                " re-save it as UTF-8",
            ) from utf8_error
