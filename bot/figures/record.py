"""One figure as stated in a document: what, whose, when, how much, and where it is said."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from bot.figures.numbers import format_number, normalised
from bot.text import fold

KIND_LABELS = {
    "target": "Mục tiêu",
    "actual": "Thực hiện",
    "estimate": "Ước thực hiện",
    "norm": "Định mức",
}


class Record(NamedTuple):
    """One figure. A NamedTuple: the index holds ~10^5 of them and loads them on every start,
    and tuples unpickle several times faster than dataclass instances."""

    article: str
    paragraph: int
    province: str | None
    kind: str  # target | actual | estimate (ước) | norm (a rule's amount or threshold)
    period_start: int | None
    period_end: int | None
    period_note: str | None  # "6 tháng đầu năm", "đến 30/6/2022"
    subject: str  # HTX, LH HTX, THT, thành viên, người lao động, quỹ TDND
    indicator: str  # the catalogue label, or the figure's own phrase for "other"
    value_min: float
    value_max: float
    qualifier: str | None
    unit: str  # as written, canonical: HTX, THT, liên hiệp HTX, người, %, triệu đồng…
    text: str  # the sentence it comes from
    indicator_id: str = "other"  # bot/indicators.toml id
    change: bool = False  # "tăng 10% so với năm 2022": a change, not a level
    progress: bool = False  # "đạt 98% kế hoạch": a share of the plan
    national: bool = False  # about the whole country
    section: str = ""  # the section path of the paragraph

    @property
    def keywords(self) -> frozenset[str]:
        """Folded words of indicator and unit, to rank records against a question."""
        return _keywords(self.indicator, self.unit)

    def to_json(self) -> dict:
        return self._asdict()

    def normalised(self) -> tuple[float, float, str]:
        """(min, max, unit) in base units: đồng, người."""
        return normalised(self.value_min, self.value_max, self.unit)

    def period(self) -> str:
        if self.period_start is None:
            return ""
        span = (
            str(self.period_start)
            if self.period_start == self.period_end
            else f"{self.period_start}–{self.period_end}"
        )
        if self.period_note and self.period_note.startswith("đến "):
            return self.period_note  # "đến 30/6/2022" names its year
        return f"{self.period_note} {span}" if self.period_note else span

    def value(self) -> str:
        lo, hi = format_number(self.value_min), format_number(self.value_max)
        number = lo if lo == hi else f"{lo}–{hi}"
        unit = self.unit if self.unit == "%" else f" {self.unit}"
        sign = "+" if self.change and not number.startswith("-") else ""
        text = f"{self.qualifier + ' ' if self.qualifier else ''}{sign}{number}{unit}"
        return text + (" kế hoạch" if self.progress else "")

    def summary(self) -> str:
        """'Mục tiêu 2023 · số HTX thành lập mới: 30–50 HTX'."""
        label = KIND_LABELS.get(self.kind, self.kind)
        what = self.indicator + (" (tăng/giảm)" if self.change else "")
        return f"{label} {self.period()} · {what}: {self.value()}".replace("  ", " ")

    def cite(self) -> str:
        return f"{self.article}, đoạn {self.paragraph}"


@lru_cache(maxsize=4096)
def _keywords(indicator: str, unit: str) -> frozenset[str]:
    # Shared per (indicator, unit): records repeat a few hundred of them, and one object each
    # keeps memory and the pickled index small.
    return frozenset(re.findall(r"\w+", fold(f"{indicator} {unit}")))
