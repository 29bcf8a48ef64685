"""Questions about figures: what they ask (a list, a comparison, a ranking, a time series,
progress against plan, the whole country) and the records that answer them.

One function, `figures(query, records_by_province)`, serves `ask`, `/muctieu` and
`coopbot records`: the caller passes the index's records by province.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.figures import catalogue as cat
from bot.figures.record import Record
from bot.figures.select import covers, question_kind, select_records
from bot.query import Query

_COMPARE = re.compile(r"\b(so sanh|doi chieu|khac nhau|chenh lech)\b")
_RANK = re.compile(r"\b((nhieu|cao|lon|it|thap)( \w+){0,3} nhat|xep hang|dung dau|dan dau)\b")
_LOWEST = re.compile(r"\b(it|thap)( \w+){0,3} nhat\b")
_ABBREVIATIONS = (
    (re.compile(r"\b(lh htx|lhhtx)\b"), "lien hiep hop tac xa"),
    (re.compile(r"\bhtx\b"), "hop tac xa"),
    (re.compile(r"\btht\b"), "to hop tac"),
)
_PROGRESS = re.compile(
    r"(% ke hoach|phan tram ke hoach|tien do|hoan thanh ke hoach|dat bao nhieu %)"
)
_SERIES = re.compile(r"\b(qua cac nam|tung nam|theo nam|cac nam|dien bien|xu huong)\b")
_WHICH_PROVINCE = re.compile(r"\b(tinh nao|dia phuong nao|tinh thanh nao|noi nao)\b")


@dataclass(frozen=True)
class Total:
    """One figure of a merged (post-2025) unit added up from its old provinces' figures for
    the same indicator, kind and period; `missing` names the parts without one, and then
    there is no sum (a part left out would pass for the whole)."""

    unit_name: str  # the merged unit as asked, "Phú Thọ"
    indicator_id: str
    kind: str
    parts: tuple[Record, ...]  # one per old province that has the figure, in merger order
    missing: tuple[str, ...]
    value_min: float
    value_max: float

    @property
    def first(self) -> Record:
        return self.parts[0]


@dataclass
class Figures:
    """The records answering a question about figures, and how to read them."""

    mode: str  # list | compare | rank | series | progress | national
    records: list[Record]
    indicator: str | None = None  # catalogue id the question asks about
    kind: str | None = None  # target | actual, when the question says
    covered: int = 0  # provinces with figures for the indicator and year (a ranking's reach)
    ascending: bool = False  # a ranking of the fewest first
    parts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # merged unit → old ones
    totals: list[Total] = field(default_factory=list)  # merged units' figures added up

    @property
    def label(self) -> str:
        return cat.label(self.indicator) if self.indicator else ""


def mode_of(query: Query) -> str:
    """What the question asks of the figures."""
    f = query.folded
    if _PROGRESS.search(f):
        return "progress"
    if _RANK.search(f) and (_WHICH_PROVINCE.search(f) or not query.provinces):
        return "rank"
    if _COMPARE.search(f) or len(query.provinces) > 1:
        return "compare"
    if _SERIES.search(f) and query.provinces:
        return "series"
    if query.national:
        return "national"
    return "list"


def indicator_of(query: Query) -> str | None:
    """The catalogue indicator the question names: the longest phrase it contains, for the
    subject it names (THT, liên hiệp); a bare "bao nhiêu HTX" asks for the total."""
    f = f" {query.folded} "
    for pattern, words in _ABBREVIATIONS:
        f = pattern.sub(words, f)
    best: tuple[int, str] | None = None
    for ind in cat.catalogue().values():
        for phrase in ind.phrases:
            if f" {phrase} " in f or (len(phrase) > 8 and phrase in f):
                if best is None or len(phrase) > best[0]:
                    best = (len(phrase), ind.id)
    subject = "THT" if re.search(r"\b(to hop tac|tht)\b", f) else None
    subject = subject or ("LH HTX" if re.search(r"\blien hiep\b", f) else None)
    if best is None or best[1] == "htx.total":
        if re.search(r"\b(bao nhieu|so luong|tong so|so)\b", f):
            return {"THT": "tht.total", "LH HTX": "lhhtx.total"}.get(subject or "", "htx.total")
        return None
    return cat.for_subject(best[1], subject) if subject else best[1]


def figures(query: Query, by_province: Mapping[str | None, list[Record]]) -> Figures | None:
    """The figures a question asks for, or None when it asks for none; a merged unit's
    figures are also added up from its parts (`totals`)."""
    found = _figures(query, by_province)
    if found is not None and found.mode in ("list", "compare", "series"):
        found.totals = totals(query, by_province, found.records)
    return found


def _figures(query: Query, by_province: Mapping[str | None, list[Record]]) -> Figures | None:
    mode = mode_of(query)
    if mode == "list" and not (query.provinces or query.years):
        return None
    indicator = indicator_of(query)
    kind = question_kind(query.text)
    if mode == "rank":
        return _ranking(query, by_province, indicator, kind)
    if mode == "national":
        pool = [r for rs in by_province.values() for r in rs if r.national]
        records = _matching(pool, query.years, indicator, kind) or select_records(
            pool, query.years, query.text
        )
        return Figures("national", records, indicator, kind)
    parts = {pq.said: pq.provinces for pq in query.provinces}
    pool = [r for pq in query.provinces for p in pq.provinces for r in by_province.get(p, [])]
    if mode == "progress":
        # "đạt bao nhiêu % kế hoạch" names no indicator: every share of plan of the year.
        named = None if indicator and indicator.endswith(".total") else indicator
        shares = [r for r in _matching(pool, query.years, named, None) if r.progress]
        shares = shares or [r for r in pool if r.progress and _in_years(r, query.years)]
        return Figures("progress", shares, indicator, kind, parts=parts)
    if mode == "series" and indicator:
        levels = [r for r in _matching(pool, [], indicator, kind) if _level(r)]
        levels.sort(key=lambda r: (r.period_start or 0, r.period_end or 0, r.kind))
        return Figures(
            "series", _one_per(levels, ("province", "kind", "period")), indicator, kind, parts=parts
        )
    if mode == "compare" and indicator:
        levels = [r for r in _matching(pool, query.years, indicator, kind) if _level(r)]
        return Figures(
            "compare",
            _one_per(levels, ("province", "kind", "period")),
            indicator,
            kind,
            parts=parts,
        )
    records = select_records(pool, query.years, query.text)
    return Figures("list", records, indicator, kind, parts=parts)


def _in_years(r: Record, years: list[int]) -> bool:
    return not years or any(covers(r, y) for y in years)


def _level(r: Record) -> bool:
    return not r.change and not r.progress


def _matching(
    pool: list[Record], years: list[int], indicator: str | None, kind: str | None
) -> list[Record]:
    return [
        r
        for r in pool
        if (indicator is None or r.indicator_id == indicator)
        and _in_years(r, years)
        and (kind is None or r.kind == kind or (kind == "actual" and r.kind == "estimate"))
    ]


def _one_per(records: list[Record], keys: tuple[str, ...]) -> list[Record]:
    """The first record of each (province, kind, period): a figure said twice is shown once."""
    seen: set[tuple] = set()
    out = []
    for r in records:
        key = tuple(
            (r.period_start, r.period_end, r.period_note) if k == "period" else getattr(r, k)
            for k in keys
        )
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def _ranking(
    query: Query,
    by_province: Mapping[str | None, list[Record]],
    indicator: str | None,
    kind: str | None,
) -> Figures:
    """One figure per province for the indicator and year, largest first (or fewest first
    for "ít nhất"); `covered` says how many provinces the corpus has it for."""
    ascending = bool(_LOWEST.search(query.folded))
    best: dict[str, Record] = {}
    for province, records in by_province.items():
        if province is None:
            continue
        for r in _matching(records, query.years, indicator, kind or "target"):
            if not _level(r) or r.national:
                continue
            if query.years and r.period_start != r.period_end:
                continue  # a 2021–2025 total is not comparable with one year's figures
            if province not in best or r.value_max > best[province].value_max:
                best[province] = r
    ranked = sorted(best.values(), key=lambda r: r.value_max, reverse=not ascending)
    return Figures(
        "rank", ranked, indicator, kind or "target", covered=len(best), ascending=ascending
    )


# Only counts of organisations and people add up across provinces; averages, shares and
# amounts (an average income, a support ceiling) do not.
_ADDITIVE = frozenset({"count", "people"})


def totals(
    query: Query, by_province: Mapping[str | None, list[Record]], shown: list[Record]
) -> list[Total]:
    """For each merged unit the question names, the figures shown for one of its parts added
    up over all its parts (same indicator, kind, period and unit)."""
    out: list[Total] = []
    keys = list(dict.fromkeys(_sum_key(r) for r in shown if _summable(r)))
    for pq in query.provinces:
        if len(pq.provinces) < 2:
            continue
        for key in keys:
            found: list[Record] = []
            missing: list[str] = []
            for province in pq.provinces:
                values = {
                    (r.value_min, r.value_max): r
                    for r in by_province.get(province, [])
                    if _summable(r) and _sum_key(r) == key
                }
                if len(values) == 1:
                    found.extend(values.values())
                else:  # none, or two different figures for the same thing: not added up
                    missing.append(province)
            if not found or not any(r.province in pq.provinces for r in found):
                continue
            if len(found) < 2 and not missing:
                continue
            out.append(
                Total(
                    pq.said,
                    key[0],
                    key[1],
                    tuple(found),
                    tuple(missing),
                    sum(r.value_min for r in found) if not missing else 0.0,
                    sum(r.value_max for r in found) if not missing else 0.0,
                )
            )
    return out


def _summable(r: Record) -> bool:
    ind = cat.catalogue().get(r.indicator_id)
    return (
        ind is not None
        and ind.unit in _ADDITIVE
        and r.unit != "%"
        and _level(r)
        and not r.national
        and r.period_start is not None
    )


def _sum_key(r: Record) -> tuple:
    return (r.indicator_id, r.kind, r.period_start, r.period_end, r.period_note, r.unit)
