"""Which files of the paths a user gave are reports, and which manifest entry goes with each.

Discovery never raises on a path it cannot use: a folder it cannot open, a link that points
nowhere, a FIFO, device or socket is a `Skipped` with the reason, and the walk goes on, so one
bad path never stops a batch and none is passed over without a word.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
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


@dataclass(frozen=True, slots=True)
class Skipped:
    """A path discovery could not use, and why (a sentence a user can act on)."""

    path: Path
    reason: str

    @property
    def message(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(slots=True)
class Discovery:
    """Every report file found, and every path passed over with its reason."""

    candidates: list[Candidate] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def _special(mode: int) -> str | None:
    """What a non-regular, non-folder file is ("a FIFO"), or None for a file or folder."""
    return next((name for test, name in _KINDS if test(mode)), None)


def _cannot(exc: OSError, what: str) -> str:
    """The reason for an OSError on a path, with what to do about it."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return (
            f"cannot open this {what} (permission denied); nothing in it was ingested: give "
            "the user running govqa read and search permission on it"
        )
    if exc.errno == errno.ENOENT:
        return f"this {what} disappeared while it was being read"
    return f"cannot open this {what} ({exc.strerror or exc}); nothing in it was ingested"


def _manifest_for(folder: Path, cache: dict[Path, Manifest | None]) -> Manifest | None:
    if folder not in cache:
        try:
            found = find_manifest(folder)
        except OSError:
            found = None  # the folder itself cannot be read: the walk reports that
        cache[folder] = load_manifest(found) if found else None
    return cache[folder]


def _walk(folder: Path, out: Discovery, manifest: Manifest | None) -> None:
    """Report files under `folder` in sorted path order (as sorted(rglob) would give)."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        out.skipped.append(Skipped(folder, _cannot(exc, "folder")))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue  # hidden files and folders (.git, .DS_Store …) are never reports
        path = Path(entry.path)
        try:
            mode = entry.stat().st_mode  # follows links
        except OSError as exc:
            if entry.is_symlink() and exc.errno in (errno.ENOENT, errno.ELOOP):
                target = os.readlink(entry.path)
                reason = f"a link to {target}, which does not exist: skipped"
                out.skipped.append(Skipped(path, reason))
            else:
                out.skipped.append(Skipped(path, _cannot(exc, "path")))
            continue
        if stat.S_ISDIR(mode):
            if entry.is_symlink():
                reason = "a link to a folder, not followed (a link could loop): give the folder"
                out.skipped.append(Skipped(path, reason + " itself to ingest it"))
            else:
                _walk(path, out, manifest)
            continue
        kind = _special(mode)
        if kind is not None:
            out.skipped.append(Skipped(path, f"{kind}, not a file: skipped"))
            continue
        if entry.name.lower() in _NOT_REPORTS or path.suffix.lower() not in REPORT_SUFFIXES:
            continue
        out.candidates.append(Candidate(path, manifest.lookup(path) if manifest else None))


def find(paths: Iterable[str | Path]) -> Discovery:
    """The report files under `paths` in a stable order (folders walked recursively), and
    every path that was passed over with its reason. A folder's manifest.csv / manifest.json
    applies to the files below it."""
    out = Discovery()
    manifests: dict[Path, Manifest | None] = {}
    for raw in paths:
        path = Path(raw)
        try:
            mode = path.stat().st_mode
        except OSError as exc:
            missing = exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.ELOOP)
            reason = "does not exist" if missing else _cannot(exc, "path")
            out.skipped.append(Skipped(path, reason))
            continue
        if stat.S_ISDIR(mode):
            _walk(path, out, _manifest_for(path, manifests))
        elif (kind := _special(mode)) is not None:
            out.skipped.append(Skipped(path, f"{kind}, not a file: skipped"))
        else:
            manifest = _manifest_for(path.parent, manifests)
            out.candidates.append(Candidate(path, manifest.lookup(path) if manifest else None))
    return out


def discover(paths: Iterable[str | Path]) -> Iterator[Candidate]:
    """The report files under `paths` (see `find`). A path given that cannot be used raises
    UnreadableFileError naming it; paths passed over inside folders are dropped: callers
    that report them use `find`."""
    paths = list(paths)
    found = find(paths)
    given = {Path(p) for p in paths}
    for skipped in found.skipped:
        if skipped.path in given:
            raise UnreadableFileError(skipped.path, skipped.reason)
    yield from found.candidates
