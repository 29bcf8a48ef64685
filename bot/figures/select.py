"""Choosing the figures a question asks for: its years, kind and words, counts first for
"bao nhiêu HTX"."""

from __future__ import annotations

import re

from bot.figures.record import Record, _keywords
from bot.text import fold

_TARGET_Q = re.compile(r"\b(muc tieu|chi tieu|ke hoach|phan dau|cam ket|dinh huong)\b")
_ACTUAL_Q = re.compile(r"\b(ket qua|dat duoc|hien co|tinh den|thuc hien|thuc te|hien nay)\b")


def question_kind(question: str) -> str | None:
    """'target', 'actual' or None (both) from the question's wording."""
    folded = fold(question)
    t, a = bool(_TARGET_Q.search(folded)), bool(_ACTUAL_Q.search(folded))
    return "target" if t and not a else "actual" if a and not t else None


def select_records(
    records: list[Record], years: list[int], question: str, limit: int | None = None
) -> list[Record]:
    """Records for the question's years and kind, those sharing its words first."""
    kind = question_kind(question)
    chosen = [
        r
        for r in records
        if (not years or any(covers(r, y) for y in years)) and (kind is None or r.kind == kind)
    ]
    if kind is not None and not chosen:  # "mục tiêu" asked where only results exist: show those
        chosen = [r for r in records if not years or any(covers(r, y) for y in years)]
    words = {w for w in re.findall(r"\w+", fold(question)) if len(w) > 1 and not w.isdigit()}
    words -= {"muc", "tieu", "chi", "ke", "hoach", "nam", "tinh", "bao", "nhieu", "co", "cua"}

    counted = counted_unit(question)
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


_COUNT_Q = re.compile(r"\b(?:bao nhieu|so luong|tong so|so)\s+(?:cac\s+)?(\w+(?:\s\w+){0,3})")
_COUNTED = (  # folded words after "bao nhiêu" → the unit being counted; longest first
    ("lien hiep", "liên hiệp HTX"),
    ("hop tac xa", "HTX"),
    ("htx", "HTX"),
    ("to hop tac", "THT"),
    ("tht", "THT"),
    ("thanh vien", "thành viên"),
    ("lao dong", "người"),
    ("nguoi", "người"),
)


def counted_unit(question: str) -> str | None:
    """The unit a "how many" question counts: "có bao nhiêu HTX" → "HTX"."""
    m = _COUNT_Q.search(fold(question))
    if m is None:
        return None
    return next((unit for words, unit in _COUNTED if m.group(1).startswith(words)), None)


def covers(r: Record, year: int) -> bool:
    """Whether the record's period includes the year."""
    return r.period_start is not None and r.period_start <= year <= (r.period_end or r.period_start)
