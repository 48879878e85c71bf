"""In a parser process: end as soon as the ingest that started it is gone (SIGKILLed, say).

A worker waiting for work would otherwise live on (its queue never reaches end of file: the
other workers hold it open), and one that was busy, exiting or still starting when the ingest
died would finish first. On Linux the kernel kills it with the parent (PR_SET_PDEATHSIG);
elsewhere a thread polls the parent's pid. This module imports nothing of govqa and nothing
heavy: a fresh worker imports it (as the pool's initializer) before anything else runs.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def exit_with_parent(parent: int) -> None:
    """Tie this process's life to `parent` (the pid that started it)."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # no prctl: the watching thread below still ends it
    if os.getppid() != parent:  # the parent died before this process could ask
        os._exit(0)
    threading.Thread(target=_watch, args=(parent,), daemon=True, name="exit-with-parent").start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)
