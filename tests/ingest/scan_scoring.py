"""Scoring a report parsed from a synthetic scan against the record it was generated from:
every cell of tables 二/三/四 is exact, wrong (a number other than the record's) or missing
(no number). Expected values come from the generator's record, never from the parser."""

from __future__ import annotations

import os
import random
from dataclasses import dataclass, field, replace

from ingest.parse import parse_document
from ingest.readers import document_from_bytes
from ingest.schema import Report
from synthetic import generate_corpus
from synthetic.records import derive_seed
from synthetic.render_scan import ScanDamage, render_scan

os.environ.setdefault("HF_HUB_OFFLINE", "1")


@dataclass
class Score:
    exact: int = 0
    wrong: int = 0
    missing: int = 0
    wrong_cells: list[str] = field(default_factory=list)

    @property
    def cells(self) -> int:
        return self.exact + self.wrong + self.missing

    def __add__(self, other: Score) -> Score:
        return Score(
            self.exact + other.exact,
            self.wrong + other.wrong,
            self.missing + other.missing,
            self.wrong_cells + other.wrong_cells,
        )


def score(record: Report, parsed: Report) -> Score:
    out = Score()
    pairs = [(f"s2.{k}", c, parsed.s2.get(k)) for k, c in record.s2.items()]
    pairs += [(f"s4.{k}", c, parsed.s4.get(k)) for k, c in record.s4.items()]
    pairs += [
        (f"s3.{row}.{col}", c, parsed.s3.get(row, {}).get(col))
        for row, cols in record.s3.items()
        for col, c in cols.items()
    ]
    for name, expected, got in pairs:
        if got is None or got.value is None:
            out.missing += 1
        elif got.value == expected.value:
            out.exact += 1
        else:
            out.wrong += 1
            out.wrong_cells.append(f"{record.id} {name}: {expected.value} read {got.value}")
    return out


def scan_case(index: int, seed: int = 17) -> tuple[Report, ScanDamage, bytes]:
    """The index-th generated report, its damage and its scanned PDF."""
    record = generate_corpus(index + 1, (2023,), seed)[index]
    damage = ScanDamage.draw(random.Random(derive_seed(seed, index, "damage")))
    return record, damage, render_scan(record, damage, seed=seed)


def score_scan(index: int, seed: int = 17) -> tuple[Score, Score, float]:
    """(before identity repair, after it, pages per second of OCR) for one scan."""
    record, _, data = scan_case(index, seed)
    doc = document_from_bytes(data, f"scans/{record.id}.pdf")
    assert doc.ocr is not None
    after = parse_document(doc)
    before = parse_document(replace(doc, ocr=None))
    return score(record, before), score(record, after), doc.ocr.pages_per_second
