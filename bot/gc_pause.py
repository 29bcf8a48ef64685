"""Pausing Python's cyclic garbage collector while many long-lived objects are built (an index
or a province's records read), from any thread."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection inside (building 10^5 tuples is several times faster without its
    scans); nested and concurrent pauses end with the last one, restoring the state before the
    first. A per-thread `gc.isenabled()` check would race: one thread could see another's pause
    and leave the collector off for good."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
