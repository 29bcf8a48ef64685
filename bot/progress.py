"""Progress of long work (a reload): what the index build reports and how it is shown.

The build calls a callback with a `Progress` once per batch (never per text), from whatever
thread runs the reload; the callback must be cheap. Showing it is the caller's business:
`ConsoleProgress` for the command line (tqdm on a terminal, plain lines at most every
`interval` seconds otherwise); the Telegram bot edits one status message.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

log = logging.getLogger(__name__)

STAGES = {
    "read": "Đọc kho dữ liệu",
    "segment": "Phân tách từ",
    "index": "Lập chỉ mục",
    "merge": "Ghép chỉ mục",
    "save": "Lưu chỉ mục",
}


@dataclass(frozen=True)
class Progress:
    """Where a reload is: a stage, and for counted stages the passages and documents done.
    In "segment" the passages are the texts still to segment (paragraphs, titles, section
    names); in "index" they are the paragraphs of the documents indexed so far."""

    stage: str
    done: int = 0
    total: int = 0
    docs_done: int = 0
    docs_total: int = 0
    elapsed: float = 0.0  # seconds since the stage began

    @property
    def counted(self) -> bool:
        return self.total > 0

    @property
    def rate(self) -> float | None:
        """Passages per second so far in this stage."""
        return self.done / self.elapsed if self.done and self.elapsed > 0 else None

    @property
    def eta(self) -> float | None:
        """Seconds left in this stage at the rate so far."""
        rate = self.rate
        return (self.total - self.done) / rate if rate else None


Callback = Callable[[Progress], None]


class Meter:
    """Reports one counted stage: call it with the running totals after each batch."""

    def __init__(self, callback: Callback | None, stage: str, total: int, docs_total: int):
        self.callback = callback
        self.stage = stage
        self.total = total
        self.docs_total = docs_total
        self.start = time.monotonic()

    def __call__(self, done: int, docs_done: int) -> None:
        if self.callback is not None:
            elapsed = time.monotonic() - self.start
            self.callback(
                Progress(self.stage, done, self.total, docs_done, self.docs_total, elapsed)
            )


def stage(callback: Callback | None, name: str) -> None:
    """Report the start of an uncounted stage."""
    if callback is not None:
        callback(Progress(name))


def guarded(callback: Callback | None) -> Callback | None:
    """`callback`, except that its failure is logged instead of failing the work it watches."""
    if callback is None:
        return None

    def call(progress: Progress) -> None:
        try:
            callback(progress)
        except Exception:  # noqa: BLE001 - showing progress must never break a reload
            log.warning("progress display failed", exc_info=True)

    return call


def _num(n: float) -> str:
    return f"{n:,.0f}".replace(",", ".")


def _duration(seconds: float) -> str:
    seconds = max(1, round(seconds))
    if seconds < 60:
        return f"{seconds} giây"
    minutes, secs = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} phút {secs} giây" if secs else f"{minutes} phút"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} giờ {minutes} phút"


def describe(p: Progress) -> str:
    """One Vietnamese line: 'Phân tách từ: 1.200/4.000 đoạn (30%), 12/40 tài liệu,
    850 đoạn/giây, còn khoảng 4 giây'."""
    label = STAGES.get(p.stage, p.stage)
    if not p.counted:
        return f"{label}…"
    parts = [
        f"{_num(p.done)}/{_num(p.total)} đoạn ({100 * p.done // p.total}%)",
        f"{_num(p.docs_done)}/{_num(p.docs_total)} tài liệu",
    ]
    if p.rate:
        parts.append(f"{_num(p.rate)} đoạn/giây")
    if p.eta is not None and p.done < p.total:
        parts.append(f"còn khoảng {_duration(p.eta)}")
    return f"{label}: " + ", ".join(parts)


class ConsoleProgress:
    """The command line's display: a tqdm bar per counted stage when `out` is a terminal,
    otherwise a plain line at most every `interval` seconds (so a log gets a few lines)."""

    def __init__(self, out: TextIO | None = None, interval: float = 2.0, tty: bool | None = None):
        self.out = out or sys.stdout
        self.interval = interval
        self.tty = self.out.isatty() if tty is None else tty
        self.last = time.monotonic()
        self.bar = None
        self.bar_stage: str | None = None

    def __call__(self, p: Progress) -> None:
        if self.tty:
            self._bar(p)
            return
        now = time.monotonic()
        if now - self.last >= self.interval:
            self.last = now
            print(describe(p), file=self.out, flush=True)

    def _bar(self, p: Progress) -> None:
        if p.stage != self.bar_stage:
            self.close()
            self.bar_stage = p.stage
            if p.counted:
                from tqdm import tqdm

                self.bar = tqdm(
                    total=p.total,
                    desc=STAGES.get(p.stage, p.stage),
                    unit=" đoạn",
                    file=self.out,
                    smoothing=0,  # the stage's average rate, as the plain lines give
                )
                self.bar.start_t -= p.elapsed  # the stage began before its first report
        if self.bar is not None:
            self.bar.set_postfix_str(f"{p.docs_done}/{p.docs_total} tài liệu", refresh=False)
            self.bar.update(p.done - self.bar.n)
            self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def __enter__(self) -> ConsoleProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
