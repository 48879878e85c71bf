"""Which files of the paths a user gave are reports, and which manifest entry goes with each."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import UnreadableFileError
from ingest.manifest import Manifest, ManifestEntry, find_manifest, load_manifest

REPORT_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm", ".pdf", ".docx"})
_NOT_REPORTS = frozenset({"manifest.csv", "manifest.json", "expected.jsonl", "readme.md"})


@dataclass(frozen=True, slots=True)
class Candidate:
    """A file to parse and the manifest entry that overrides its metadata, if any."""

    path: Path
    entry: ManifestEntry | None = None


def _manifest_for(folder: Path, cache: dict[Path, Manifest | None]) -> Manifest | None:
    if folder not in cache:
        found = find_manifest(folder)
        cache[folder] = load_manifest(found) if found else None
    return cache[folder]


def discover(paths: Iterable[str | Path]) -> Iterator[Candidate]:
    """Files under `paths` in a stable order; folders are walked recursively.

    A folder's manifest.csv / manifest.json applies to the files below it. A path that does not
    exist raises UnreadableFileError naming it.
    """
    manifests: dict[Path, Manifest | None] = {}
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise UnreadableFileError(path, "does not exist")
        if path.is_file():
            manifest = _manifest_for(path.parent, manifests)
            yield Candidate(path, manifest.lookup(path) if manifest else None)
            continue
        manifest = _manifest_for(path, manifests)
        for file in sorted(p for p in path.rglob("*") if p.is_file()):
            if file.suffix.lower() not in REPORT_SUFFIXES or file.name.lower() in _NOT_REPORTS:
                continue
            if any(part.startswith(".") for part in file.relative_to(path).parts):
                continue
            yield Candidate(file, manifest.lookup(file) if manifest else None)
