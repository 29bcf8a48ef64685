"""Choosing the figures a question asks for: its years, kind and words, counts first for
"bao nhiêu HTX"."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.figures.record import Record, _keywords

if TYPE_CHECKING:
    from bot.query import Query


def select_records(
    records: list[Record], years: list[int], query: Query, limit: int | None = None
) -> list[Record]:
    """Records for the question's years and kind, those sharing its words first."""
    kind = query.kind
    chosen = [
        r
        for r in records
        if (not years or any(covers(r, y) for y in years)) and (kind is None or r.kind == kind)
    ]
    if kind is not None and not chosen:  # "mục tiêu" asked where only results exist: show those
        chosen = [r for r in records if not years or any(covers(r, y) for y in years)]
    words = {w for w in re.findall(r"\w+", query.folded) if len(w) > 1 and not w.isdigit()}
    words -= {"muc", "tieu", "chi", "ke", "hoach", "nam", "tinh", "bao", "nhieu", "co", "cua"}

    counted = query.counted
    shared: dict[tuple[str, str], int] = {}  # a province has 10^3–10^4 records, ~10^2 kinds

    def fewer_shared(r: Record) -> int:
        key = (r.indicator, r.unit)
        if key not in shared:
            score = len(words & _keywords(*key))
            if counted is not None and r.unit == counted:  # "bao nhiêu HTX": counts of HTX
                score += 2 + r.indicator_id.endswith((".total", ".active"))
            shared[key] = -score
        return shared[key]

    ranked = sorted(chosen, key=fewer_shared)  # stable: document order within ties
    return ranked[:limit] if limit else ranked


def covers(r: Record, year: int) -> bool:
    """Whether the record's period includes the year."""
    return r.period_start is not None and r.period_start <= year <= (r.period_end or r.period_start)
