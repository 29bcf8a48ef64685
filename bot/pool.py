"""The process pool a reload's CPU-bound stages run on (parsing files, segmenting, indexing):
one worker per CPU (at most 8), started with spawn, each exiting once its parent is gone."""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context


def process_pool(worth_it: bool) -> ProcessPoolExecutor | None:
    """A pool when the work is `worth_it` (large enough to pay for the workers' start-up, about
    a second) and there is more than one CPU; None otherwise (run it in this process)."""
    workers = max(1, min(os.cpu_count() or 1, 8))
    if workers == 1 or not worth_it:
        return None
    # spawn, not fork: the bot reloads from a process that runs threads and an event loop.
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("spawn"),
        initializer=_follow_parent,
        initargs=(os.getpid(),),
    )


def _follow_parent(parent: int) -> None:
    """Pool worker start-up: exit once the process that started us is gone. A bot killed
    mid-reload (SIGKILL, OOM) would otherwise leave its workers idle forever."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="follow-parent").start()
