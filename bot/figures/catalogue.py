"""The indicator catalogue (bot/indicators.toml) and the choice of an indicator for a figure."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.text import fold

CATALOGUE_FILE = Path(__file__).resolve().parent.parent / "indicators.toml"
OTHER = "other"


@dataclass(frozen=True)
class Indicator:
    id: str
    label: str
    subject: str
    unit: str  # count | people | percent | money
    phrases: tuple[str, ...]  # folded


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Indicator]:
    """Indicators by id, in the file's order."""
    data = tomllib.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
    return {
        item["id"]: Indicator(
            item["id"],
            item["label"],
            item["subject"],
            item["unit"],
            tuple(fold(p) for p in item.get("phrases", [])),
        )
        for item in data["indicator"]
    }


def label(indicator_id: str, phrase: str | None = None) -> str:
    """The Vietnamese label of an indicator; an 'other' figure is named by its own phrase."""
    found = catalogue().get(indicator_id)
    return found.label if found else (phrase or "số liệu khác")


def for_subject(indicator_id: str, subject: str) -> str:
    """The same indicator for another subject: htx.revenue_avg for a THT → tht.revenue_avg."""
    prefix = {"THT": "tht.", "LH HTX": "lhhtx.", "quỹ TDND": "qtdnd."}.get(subject)
    if prefix is None or not indicator_id.startswith("htx."):
        return indicator_id
    twin = prefix + indicator_id.removeprefix("htx.")
    if twin not in catalogue() and indicator_id == "htx.active":
        return prefix + "total"  # "800 tổ đang hoạt động": the THT that exist
    return twin if twin in catalogue() else indicator_id


_NEGATED = re.compile(r"\b(khong|chua)\s+$")


def nearest(
    folded: str,
    lo: int,
    hi: int,
    candidates: list[Indicator],
    before: bool = True,
    min_end: int = 0,
) -> tuple[Indicator, int] | None:
    """The candidate whose phrase occurs in folded[lo:hi] nearest the end (before a figure) or
    the start (after it); a longer phrase wins at the same place. A match must end at or
    after `min_end` (so the unit word alone does not name the figure)."""
    best: tuple[int, int, Indicator] | None = None
    spans: list[tuple[int, int, Indicator]] = []
    for ind in candidates:
        for phrase in ind.phrases:
            pos = folded.rfind(phrase, lo, hi) if before else folded.find(phrase, lo, hi)
            if pos < 0 or pos + len(phrase) < min_end:
                continue
            if _NEGATED.search(folded, max(0, pos - 8), pos):
                continue  # "HTX không còn hoạt động": what it denies, not what it names
            spans.append((pos, pos + len(phrase), ind))
            edge = pos + len(phrase) if before else pos
            distance = hi - edge if before else edge - lo
            key = (distance, -len(phrase))
            if best is None or key < best[:2]:
                best = (*key, ind)
    if best and not before:
        # Phrases that overlap read as one, the longer reading wins: "808 HTX đang hoạt động
        # hiệu quả" are the effective ones, not the active ones
        start = lo + best[0]
        end = max(e for s, e, i in spans if s == start and i is best[2])
        longer = [(e, i) for s, e, i in spans if start < s < end < e]
        if longer:
            return max(longer, key=lambda x: x[0])[1], best[0]
    return (best[2], best[0]) if best else None
