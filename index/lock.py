"""One writer per data dir: ingests and removals take an exclusive lock on a file in it."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ingest.errors import StoreError


class BusyError(StoreError):
    """Another process is writing to the same data dir."""


@contextmanager
def writer_lock(data_dir: Path) -> Iterator[None]:
    """Hold the data dir's writer lock, or fail at once naming the holder's pid."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "writer.lock"
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise BusyError(
                f"another govqa process (pid {holder}) is writing to {data_dir}; wait for it to "
                "finish, then run this again"
            ) from exc
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)
