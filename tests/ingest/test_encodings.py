"""Plain text in other encodings: each seed re-encoded parses exactly like the UTF-8 original."""

from __future__ import annotations

import codecs

import pytest

from ingest.errors import UnreadableFileError
from ingest.parse import parse_bytes
from ingest.readers.decode import decode_bytes
from ingest.schema import Report
from tests.conftest import seed_path

SEEDS = ["000", "001", "002", "003", "004"]


def _reading(report: Report) -> dict[str, object]:
    """Everything parsed from a report except where the file was."""
    cells = {("s2", k): c for k, c in report.s2.items()}
    cells |= {("s3", r, k): c for r, cols in report.s3.items() for k, c in cols.items()}
    cells |= {("s4", k): c for k, c in report.s4.items()}
    return {
        "meta": (report.agency, report.region, report.year, report.format_version),
        "cells": {
            k: (c.value, c.status, c.raw, c.source and c.source.line) for k, c in cells.items()
        },
        "sections": {k: s.text for k, s in report.sections.items()},
        "warnings": [w.message for w in report.warnings],
    }


@pytest.mark.parametrize("prefix", SEEDS)
@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda t: t.encode("gb18030"), id="gb18030"),
        pytest.param(lambda t: t.encode("utf-16"), id="utf-16-bom"),
        pytest.param(lambda t: t.encode("utf-16-le"), id="utf-16-le-no-bom"),
        pytest.param(lambda t: t.encode("utf-16-be"), id="utf-16-be-no-bom"),
        pytest.param(lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), id="utf-8-bom"),
    ],
)
def test_a_re_encoded_seed_parses_identically(prefix: str, encode) -> None:  # type: ignore[no-untyped-def]
    raw = seed_path(prefix).read_bytes()
    original = parse_bytes(raw, f"{prefix}.txt")
    again = parse_bytes(encode(raw.decode("utf-8")), f"{prefix}.txt")
    assert _reading(again) == _reading(original)


def test_gbk_without_declaration_is_decoded() -> None:
    text = "郏县人民政府2024年政府信息公开工作年度报告\n一、总体情况\n"
    decoded, encoding = decode_bytes(text.encode("gbk"), "x.txt")
    assert decoded == text and encoding == "gb18030"


def test_undecodable_bytes_are_an_error_naming_the_file() -> None:
    data = "一、总体情况".encode() + b"\xff\xfe\xfd\x81\x30" + b"abc"
    with pytest.raises(UnreadableFileError) as err:
        decode_bytes(data, "reports/bad.txt")
    assert "reports/bad.txt" in str(err.value) and "UTF-8" in str(err.value)


def test_binary_noise_is_not_decoded_into_mojibake() -> None:
    with pytest.raises(UnreadableFileError, match=r"noise\.txt"):
        decode_bytes(bytes(range(256)) * 4, "noise.txt")
