"""File -> Report: read, split sections, parse the three tables, infer metadata, check.

This is the whole of ingest's public behaviour; everything else in the package is a step of it.
"""

from __future__ import annotations

from pathlib import Path

from ingest.agency_names import agency_key
from ingest.bounds import aggregate, bound_spans
from ingest.cell_warnings import cell_warnings
from ingest.checks import run_checks
from ingest.document import DocLine, Document
from ingest.errors import NotAReportError
from ingest.manifest import ManifestEntry, apply_manifest
from ingest.metadata import read_metadata
from ingest.normalize import match_key
from ingest.proofread import proofread
from ingest.readers import document_from_bytes, read_document
from ingest.reflow import reflow
from ingest.schema import ParseWarning, Report, Source, SourceInfo
from ingest.sections import SplitResult, split_sections
from ingest.tables.s2 import S2Result, parse_s2
from ingest.tables.s3 import S3Result, parse_s3
from ingest.tables.s4 import S4Result, parse_s4
from ingest.tables.tokens import tokenize
from ingest.template import TEMPLATE_ROW_LABELS, FormatVersion, SectionKey

TEMPLATE_FROM = 2019  # the national template's first reporting year (the 2019 trial format)


def report_id(sha256: str) -> str:
    """A report's id: stable for the same bytes, short enough to type."""
    return "r" + sha256[:12]


def parse_file(path: str | Path, manifest_entry: ManifestEntry | None = None) -> Report:
    """Parse one file into a Report; raise a GovqaError subclass when it cannot be done."""
    return parse_document(read_document(path), manifest_entry)


def parse_bytes(data: bytes, path: str, manifest_entry: ManifestEntry | None = None) -> Report:
    """Parse file content already in memory (an upload, a test); `path` names it."""
    return parse_document(document_from_bytes(data, path), manifest_entry)


def _tables(doc: Document, split: SplitResult) -> tuple[S2Result, S3Result, S4Result]:
    fallback = Source(file=doc.path, format=doc.format)
    s2 = parse_s2(
        tokenize(doc, split.body(SectionKey.PROACTIVE)), version_hint=None, fallback=fallback
    )
    s3 = parse_s3(
        tokenize(doc, split.body(SectionKey.REQUESTS)), version_hint=s2.version, fallback=fallback
    )
    s4 = parse_s4(tokenize(doc, split.body(SectionKey.APPEALS)), fallback=fallback)
    return s2, s3, s4


# Distinct row labels of tables 二/三/四 that make a text a report even when no table could be
# read from it: a report always prints most of them, a text about reports only a few.
MIN_TEMPLATE_ROWS = 8


def _has_template_rows(lines: list[DocLine]) -> bool:
    """Whether the text prints the template's table rows (whatever became of the tables)."""
    text = match_key("".join(line.text for line in lines))
    return sum(1 for label in TEMPLATE_ROW_LABELS if label in text) >= MIN_TEMPLATE_ROWS


def _version(s2: S2Result, s3: S3Result, warnings: list[ParseWarning]) -> FormatVersion | None:
    """The report's template edition: table 三's rows decide (the checks depend on them)."""
    if s2.version and s3.version and s2.version != s3.version:
        warnings.append(
            ParseWarning(
                code="mixed_template",
                message=f"table 二 follows {s2.version} but table 三 follows {s3.version}; "
                f"the report is treated as {s3.version}",
            )
        )
    return s3.version or s2.version


def _table_warnings(s2: S2Result, s3: S3Result, s4: S4Result) -> list[ParseWarning]:
    missing = [
        name
        for name, found in (("二", bool(s2.cells)), ("三", bool(s3.cells)), ("四", s4.found))
        if not found
    ]
    if not missing:
        return []
    return [
        ParseWarning(
            code="table_missing",
            message="table(s) " + "、".join(missing) + " not found; their cells are absent",
        )
    ]


def _kept_lines(doc: Document, split: SplitResult, cut: bool) -> list[DocLine]:
    """The document's lines; when a section was cut to the bounds, only the title, the
    headings and the sections' bodies as kept, in reading order."""
    if not cut:
        return doc.lines
    lines = [split.title] if split.title else []
    for span in split.spans.values():
        lines += ([span.heading] if span.heading else []) + span.body
    unique = {id(ln): ln for ln in lines}
    return sorted(unique.values(), key=lambda ln: ln.number)


def parse_document(doc: Document, manifest_entry: ManifestEntry | None = None) -> Report:
    """Parse a read Document into a checked Report."""
    split = split_sections(reflow(doc.lines))
    bounded = bound_spans(split.spans, doc.path)  # before anything costly reads the sections
    lines = _kept_lines(doc, split, bool(bounded))
    s2, s3, s4 = _tables(doc, split)
    headings = sum(1 for span in split.spans.values() if span.heading is not None)
    if not (s2.cells or s3.cells or s4.found) and headings < 2 and not _has_template_rows(lines):
        raise NotAReportError(
            doc.path,
            "no section titles and no tables of the annual-report template were found; "
            "this does not look like a 政府信息公开工作年度报告",
        )
    warnings = [*doc.warnings, *bounded, *split.warnings, *s2.warnings, *s3.warnings]
    warnings += s4.warnings
    warnings += _table_warnings(s2, s3, s4)
    version = _version(s2, s3, warnings)
    text = "\n".join(line.text for line in lines)
    title = split.title.text.strip().lstrip("#").strip() if split.title else None
    reading = read_metadata(text, title=title, file_name=Path(doc.path).name)
    meta = reading.meta
    if manifest_entry is not None:
        meta = apply_manifest(meta, manifest_entry)
    warnings += reading.warnings_for(meta)
    agency = meta.agency.value if isinstance(meta.agency.value, str) else None
    year = meta.year.value if isinstance(meta.year.value, int) else None
    region = meta.region.value if isinstance(meta.region.value, str) else None
    report = Report(
        id=report_id(doc.sha256),
        agency=agency,
        agency_key=agency_key(agency, meta.region_path) if agency else None,
        region=region,
        year=year,
        format_version=version,
        source=SourceInfo(
            path=doc.path,
            sha256=doc.sha256,
            format=doc.format,
            encoding=doc.encoding,
            pages=doc.pages,
            size=doc.size,
        ),
        meta=meta,
        s2=s2.cells,
        s3=s3.cells,
        s4=s4.cells,
        sections=split.sections(),
        warnings=warnings,
    )
    if doc.ocr is not None:
        proofread(report, doc.ocr.values)
    report.warnings += cell_warnings(report)
    if year is not None and year < TEMPLATE_FROM and version is None:
        report.warnings.append(
            ParseWarning(
                code="pre_template_report",
                message=f"a report on {year} predates the template of {TEMPLATE_FROM}: its "
                "figures are only in the text, so no table cells were read",
            )
        )
    report.checks = run_checks(report)
    report.warnings = aggregate(report.warnings)
    return report
