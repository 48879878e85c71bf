"""A manifest: the user's own agency, region, year and URL for files, overriding inference.

A folder may hold `manifest.csv` (header: file, agency, region, year, url) or `manifest.json`
(a list of such objects, or an object mapping file -> {agency, region, year, url}). Any field
but `file` may be blank, and only the fields given override what `ingest.metadata` inferred.
`file` is a path relative to the manifest's folder, or a bare file name. Other columns or
keys (notes, title) are ignored.

`write_entry` adds or replaces one file's row of a folder's manifest.csv: how the upload page
records what a user says of a file whose agency, region or year could not be inferred.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel, Field

from ingest.errors import ManifestError
from ingest.gazetteer import load_gazetteer
from ingest.normalize import normalize_text, to_simplified
from ingest.schema import InferenceMethod, Inferred, ReportMeta

__all__ = [
    "Manifest",
    "ManifestEntry",
    "apply_manifest",
    "find_manifest",
    "load_manifest",
    "write_entry",
]

MANIFEST_NAMES = ("manifest.csv", "manifest.json")
FIELDS = ("file", "agency", "region", "year", "url")
_YEAR = re.compile(r"\d{4}")


class ManifestEntry(BaseModel):
    """What the manifest says about one file; None leaves the inferred value alone."""

    file: str = Field(description="Path relative to the manifest's folder, '/'-separated.")
    agency: str | None = None
    region: str | None = None
    year: int | None = None
    url: str | None = None
    origin: str = Field("", description="Where the entry was read: 'manifest.csv line 3'.")

    @property
    def is_bare(self) -> bool:
        return "/" not in self.file


class Manifest(BaseModel):
    """The entries of one manifest file, looked up by the path of a report file."""

    path: Path
    entries: list[ManifestEntry] = Field(default_factory=list)

    def lookup(self, file_path: Path) -> ManifestEntry | None:
        """The entry for a file: by its path relative to the manifest's folder, else by name.

        A bare-name entry (a.txt) matches a.txt in any subfolder. An entry with a folder
        (2022/a.txt) matches other copies only when the file is outside the manifest's folder;
        if two entries then share the name, which one is meant is unknown: ManifestError.
        """
        relative = _relative(file_path, self.path.parent)
        if relative is not None:
            exact = [e for e in self.entries if e.file == relative]
            if exact:
                return exact[0]
        named = [
            e
            for e in self.entries
            if PurePosixPath(e.file).name == file_path.name and (e.is_bare or relative is None)
        ]
        if len(named) > 1:
            listed = " and ".join(f"{e.file!r} ({e.origin})" for e in named)
            raise ManifestError(
                self.path,
                f"{file_path.name!r} matches both {listed}; "
                "write the file's path relative to the manifest's folder instead",
            )
        return named[0] if named else None


def _relative(file_path: Path, folder: Path) -> str | None:
    """The '/'-separated path under the folder, or None for a file outside it."""
    try:
        return file_path.resolve().relative_to(folder.resolve()).as_posix()
    except ValueError:
        return None


def find_manifest(folder: Path) -> Path | None:
    """The folder's manifest.csv or manifest.json; both present is an error, not a guess."""
    found = [folder / name for name in MANIFEST_NAMES if (folder / name).is_file()]
    if len(found) > 1:
        raise ManifestError(
            found[0], f"{found[1].name} is in the same folder; keep one manifest per folder"
        )
    return found[0] if found else None


def load_manifest(path: Path) -> Manifest:
    """Read a CSV or JSON manifest; any problem raises ManifestError naming the row."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ManifestError(path, f"cannot be read: {exc.strerror or exc}") from exc
    if path.suffix.lower() == ".json":
        entries = _json_entries(path, _decode(path, data, ("utf-8-sig",)))
    else:
        entries = _csv_entries(path, _decode(path, data, ("utf-8-sig", "gb18030")))
    _reject_duplicates(path, entries)
    return Manifest(path=path, entries=entries)


def _decode(path: Path, data: bytes, encodings: tuple[str, ...]) -> str:
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ManifestError(path, f"is not text in {' or '.join(encodings)}; save it as UTF-8")


def _csv_entries(path: Path, text: str) -> list[ManifestEntry]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    if "file" not in header:
        raise ManifestError(
            path, f"line 1: no 'file' column (header: {', '.join(header) or 'empty'})"
        )
    reader.fieldnames = header
    entries = []
    for row in reader:
        if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
            continue
        where = f"line {reader.line_num}"
        entries.append(_entry(path, where, {k: row.get(k) for k in FIELDS}))
    return entries


def _json_entries(path: Path, text: str) -> list[ManifestEntry]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ManifestError(
            path, f"line {exc.lineno} column {exc.colno}: not valid JSON ({exc.msg})"
        ) from exc
    if isinstance(data, dict):
        items = [
            (f"entry {key!r}", {**_object(path, key, value), "file": key})
            for key, value in data.items()
        ]
    elif isinstance(data, list):
        items = [
            (f"item {n}", _object(path, f"item {n}", value)) for n, value in enumerate(data, 1)
        ]
    else:
        raise ManifestError(path, "must be a list of objects or an object keyed by file")
    return [_entry(path, where, fields) for where, fields in items]


def _object(path: Path, where: str, value: Any) -> dict[str, Any]:
    """A JSON entry must be an object; say which one is not."""
    if not isinstance(value, dict):
        raise ManifestError(path, f"{where}: expected an object, got {type(value).__name__}")
    return value


def _entry(path: Path, where: str, fields: dict[str, Any]) -> ManifestEntry:
    """One checked entry; `where` (line 3, item 2) goes into every message."""
    file = _text(fields.get("file"))
    if not file:
        raise ManifestError(path, f"{where}: 'file' is empty; give the report's file name")
    return ManifestEntry(
        file=_posix(file),
        agency=_name(fields.get("agency")),
        region=_name(fields.get("region")),
        year=_year(path, where, fields.get("year")),
        url=_text(fields.get("url")),
        origin=f"{path.name} {where}",
    )


def _text(value: Any) -> str | None:
    """A stripped string, with blank as None (a blank field gives nothing)."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _name(value: Any) -> str | None:
    """Agency and region names are compared simplified, as inference produces them."""
    text = _text(value)
    return to_simplified(normalize_text(text)).strip() if text else None


def _posix(file: str) -> str:
    """sub\\a.txt and ./sub/a.txt are written the way lookups compare them: sub/a.txt."""
    return PurePosixPath(file.replace("\\", "/")).as_posix().removeprefix("./")


def _year(path: Path, where: str, value: Any) -> int | None:
    """A four-digit year from a JSON number or a CSV/JSON string; blank gives None."""
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
    elif value is None or isinstance(value, str):
        text = (value or "").strip()
        if not text:
            return None
    else:
        text = repr(value)
    if not _YEAR.fullmatch(text):
        raise ManifestError(path, f"{where}: year {text!r} is not a four-digit year (e.g. 2022)")
    return int(text)


def _reject_duplicates(path: Path, entries: list[ManifestEntry]) -> None:
    """Two rows for one file would make the override depend on row order."""
    seen: dict[str, ManifestEntry] = {}
    for entry in entries:
        if entry.file in seen:
            raise ManifestError(
                path, f"{entry.file!r} is listed twice ({seen[entry.file].origin}, {entry.origin})"
            )
        seen[entry.file] = entry


def apply_manifest(meta: ReportMeta, entry: ManifestEntry) -> ReportMeta:
    """The metadata with each field the entry gives replaced (method MANIFEST, confidence 1)."""
    update: dict[str, Any] = {}
    for field in ("agency", "region", "year"):
        value = getattr(entry, field)
        if value is not None:
            update[field] = Inferred(
                value=value, method=InferenceMethod.MANIFEST, confidence=1.0, evidence=entry.origin
            )
    if entry.region is not None and entry.region != meta.region.value:
        update["region_path"] = _region_path(entry.region)
    if entry.url is not None:
        update["url"] = entry.url
    return meta.model_copy(update=update)


def _region_path(region: str) -> list[str]:
    """The gazetteer path of a region the manifest names, if the name is unambiguous."""
    gazetteer = load_gazetteer()
    places = gazetteer.places_named(region)
    return [p.name for p in gazetteer.path(places[0])] if len(places) == 1 else []


def write_entry(folder: Path, entry: ManifestEntry) -> Path:
    """Add `entry` to the folder's manifest.csv, replacing the row of the same file; the other
    rows are kept (their columns beyond FIELDS are not). A folder whose manifest is JSON is
    refused: that is a file the user wrote."""
    path = folder / MANIFEST_NAMES[0]
    found = find_manifest(folder)
    if found is not None and found != path:
        raise ManifestError(found, "is JSON; add the entry there, or replace it by manifest.csv")
    entries = load_manifest(path).entries if found else []
    kept = [e for e in entries if e.file != entry.file] + [entry]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    for e in kept:
        writer.writerow([e.file, e.agency or "", e.region or "", e.year or "", e.url or ""])
    staging = path.with_suffix(".csv.tmp")
    staging.write_text(out.getvalue(), encoding="utf-8")
    staging.replace(path)
    return path
