"""A data dir govqa cannot write (read-only mount, full disk, no permission) as one sentence
naming the folder and what to do, instead of a traceback from whichever write hit it first."""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ingest.errors import StoreError

_WHY = {
    errno.EROFS: "is on a read-only file system",
    errno.ENOSPC: "is on a full disk (no space left on the device)",
    errno.EDQUOT: "is over its disk quota",
    errno.EACCES: "cannot be written by this user (permission denied)",
    errno.EPERM: "cannot be written by this user (operation not permitted)",
}
_DO = {
    errno.EROFS: "remount it read-write",
    errno.ENOSPC: "free some space on it",
    errno.EDQUOT: "free some space on it",
    errno.EACCES: "give this user write permission on it",
    errno.EPERM: "give this user write permission on it",
}
# What SQLite says for the same causes (it reports no errno).
_SQLITE = {
    "readonly database": errno.EROFS,
    "disk is full": errno.ENOSPC,
}


class DataDirError(StoreError):
    """The data dir cannot be written."""

    def __init__(self, data_dir: Path, code: int) -> None:
        self.data_dir = data_dir
        self.code = code
        super().__init__(
            f"the data dir {data_dir} {_WHY[code]}: {_DO[code]}, or choose another folder "
            "with --data-dir or GOVQA_DATA_DIR"
        )


def _inside(filename: object, data_dir: Path) -> bool:
    """An OSError about a path outside the data dir (a report file, say) is not about it."""
    if not isinstance(filename, str | Path):
        return True  # no path given: the write in hand was the data dir's
    try:
        Path(filename).resolve().relative_to(data_dir.resolve())
    except ValueError:
        return False
    return True


def _code(exc: BaseException, data_dir: Path) -> int | None:
    """The errno that says the data dir cannot be written, anywhere in `exc`'s chain."""
    seen: set[int] = set()
    at: BaseException | None = exc
    while at is not None and id(at) not in seen:
        seen.add(id(at))
        if isinstance(at, OSError) and at.errno in _WHY and _inside(at.filename, data_dir):
            return at.errno
        if isinstance(at, sqlite3.OperationalError):
            text = str(at).lower()
            found = next((code for key, code in _SQLITE.items() if key in text), None)
            if found is not None:
                return found
            return _probe(data_dir)  # "unable to open database file" says no more
        at = at.__cause__ or at.__context__
    return None


def _probe(data_dir: Path) -> int | None:
    """Why the data dir (or its nearest existing parent) cannot be written, if it cannot."""
    folder = data_dir
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    try:
        info = os.statvfs(folder)
    except OSError:
        return None
    if info.f_flag & os.ST_RDONLY:
        return errno.EROFS
    if not os.access(folder, os.W_OK):
        return errno.EACCES
    if info.f_bavail == 0:
        return errno.ENOSPC
    return None


@contextmanager
def writing(data_dir: Path) -> Iterator[None]:
    """Turn a failed write into the data dir into DataDirError (other errors pass through)."""
    try:
        yield
    except DataDirError:
        raise
    except (OSError, StoreError) as exc:
        code = _code(exc, data_dir)
        if code is None:
            raise
        raise DataDirError(data_dir, code) from exc
