"""Uploaded files on their way to Engine.ingest: which are accepted, the name each is saved
under, and saving it inside <data_dir>/uploads/. A browser sends any name it likes, so the
name is rebuilt from safe characters and can neither leave the folder nor replace a file.

When the agency, region or year of an uploaded file cannot be inferred, the user can give them:
`set_metadata` writes them into <data_dir>/uploads/manifest.csv (`ingest.manifest`), so every
later ingest of the file uses them too, and ingests the file again with them."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from index.datadir import writing
from ingest.manifest import ManifestEntry, write_entry
from qa_app.engine import Engine, IngestOutcome
from qa_app.settings import MAX_UPLOAD_MB

# old Office files are converted by LibreOffice; scans and photos of pages are read by OCR
ACCEPTED = (".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".doc", ".wps", ".rtf", ".odt",
            ".png", ".jpg", ".jpeg", ".tif", ".tiff")  # fmt: skip
MAX_BYTES = MAX_UPLOAD_MB * 1024 * 1024
UPLOADS = "uploads"
_UNSAFE = re.compile(r"[^\w\-（）【】《》〔〕、，]+")  # \w keeps letters of every script


@dataclass(frozen=True)
class Rejection:
    """A file that is not ingested, and why."""

    name: str
    reason: str


def check(name: str, size: int) -> Rejection | None:
    """Why this upload is refused (type or size), or None when it may be ingested."""
    suffix = Path(name.replace("\\", "/")).suffix.lower()
    if suffix not in ACCEPTED:
        shown = suffix or "（无扩展名 none）"
        return Rejection(name, f"不支持的文件类型 {shown}；可上传 accepted: {', '.join(ACCEPTED)}")
    if size > MAX_BYTES:
        return Rejection(
            name, f"文件过大 {size / 1024 / 1024:.1f} MB；上限 limit {MAX_UPLOAD_MB} MB"
        )
    if size == 0:
        return Rejection(name, "空文件 empty file")
    return None


def safe_name(name: str, data: bytes) -> str:
    """`name` without directories, control or shell characters (Chinese kept), with a short
    hash of the content before the suffix: different files never share a name."""
    base = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    stem, _, suffix = base.rpartition(".")
    suffix = _UNSAFE.sub("", suffix).lower()
    stem = _UNSAFE.sub("_", stem).strip("_-") or "upload"
    digest = hashlib.sha256(data).hexdigest()[:8]
    return f"{stem[:80]}-{digest}.{suffix}" if suffix else f"{stem[:80]}-{digest}"


def save(data_dir: Path, name: str, data: bytes) -> Path:
    """Write `data` into <data_dir>/uploads/ under its safe name; same bytes, same file."""
    folder = (data_dir / UPLOADS).resolve()
    target = folder / safe_name(name, data)
    if target.parent != folder:  # cannot happen with safe_name; refuse rather than trust it
        raise ValueError(f"unsafe upload name {name!r}")
    with writing(data_dir):  # a read-only or full data dir: one sentence, not a traceback
        folder.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            target.write_bytes(data)
    return target


def set_metadata(
    eng: Engine,
    outcome: IngestOutcome,
    *,
    agency: str | None,
    region: str | None = None,
    year: int | None = None,
) -> IngestOutcome:
    """Record what the user says of an uploaded file (blank: keep the inferred value) in the
    uploads folder's manifest, and ingest the file again with it in place of the stored one."""
    path = Path(outcome.path)
    entry = ManifestEntry(
        file=path.name,
        agency=(agency or "").strip() or None,
        region=(region or "").strip() or None,
        year=year,
        origin="upload form",
    )
    write_entry(path.parent, entry)
    if outcome.report_id is not None:
        eng.remove(outcome.report_id)
    (again,) = eng.ingest([path])
    return again
